/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the trainer configuration, schema "fiberplan.trainer/1" (docs/trainer-config.md):
 * the mesh and rank layout, the schedule, per site pair bandwidth, RTT and NCCL values, the
 * step-time model and the DiLoCo sync interval, and a fallback schedule per failure. */
#ifndef FP_IO_TRAINER_H
#define FP_IO_TRAINER_H

#include <stdbool.h>

#include "core/error.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"

#define FP_TRAINER_MIN_BUFFSIZE 4194304.0        /* NCCL's default NCCL_BUFFSIZE, 4 MiB */
#define FP_TRAINER_MAX_BUFFSIZE 1073741824.0     /* the bound on NCCL_BUFFSIZE, 1 GiB */
#define FP_TRAINER_MEMORY_CAP 2147483648.0       /* NCCL buffers per cross-site rank, 2 GiB */
#define FP_TRAINER_MAX_CHANNELS 32               /* NCCL's MAXCHANNELS */
#define FP_TRAINER_BUCKET_LATENCY_SHARE 0.1      /* a bucket spends at most this in latency */

/* The mesh degrees (--mesh dp_shard=N,tp=N,pp=N[,ep=N]). One model replica is
 * pp x dp_shard x tp GPUs (ep splits dp_shard); every site holds whole replicas. */
struct fp_trainer_mesh {
    bool given;                  /* from --mesh; false: the default, dp_shard = the greatest
                                    common divisor of the sites' GPUs, tp = pp = ep = 1 */
    long long dp_shard, tp, pp, ep;
};

/* Parses "dp_shard=64,tp=8,pp=4" with an optional ",ep=8" (any order; tp, pp and ep default
 * to 1, dp_shard is required) into *mesh (given = true; written only on success).
 * FP_EUSAGE with a one-line message beginning "--mesh" (the caller adds its command) for an
 * unknown or repeated degree, an item that is not KEY=N, a degree that is not a whole number
 * from 1 to 1e9, a missing dp_shard, or an ep that does not divide dp_shard. */
int fp_trainer_mesh_parse(const char *text, struct fp_trainer_mesh *mesh, struct fp_error *err);

/* Checks the job's sites against *mesh: each needs gpus > 0 (fp_trainer_check()), and a given
 * mesh's replica (pp x dp_shard x tp GPUs) must divide every site's GPUs; a mesh not given is
 * set to the default. FP_EDATA naming the topology and the first such site's line. */
int fp_trainer_mesh_check(const struct fp_topo *topo, const struct fp_job *job,
                          struct fp_trainer_mesh *mesh, struct fp_error *err);

/* Whether job's sites can make a trainer configuration: each needs gpus > 0 (the device mesh
 * has one rank per GPU). FP_EDATA naming the topology, the first such node's line and every
 * site without GPUs (id and label), else FP_OK. */
int fp_trainer_check(const struct fp_topo *topo, const struct fp_job *job, struct fp_error *err);

/* The sites in rank order, into order[job->n_sites] (vertices), so that consecutive ranks
 * follow the schedule: ring, the ring order; tree, the depth-first preorder (children in the
 * job's order) of the tree with the largest rate (the first of equals within 1e-9) from its
 * root, so each site comes after its parent; direct, the job's order. */
void fp_trainer_rank_order(const struct fp_job *job, const struct fp_route *r, igraph_integer_t *order);

/* The step-time model (docs/trainer-config.md "Step time"): C seconds of compute per step,
 * T seconds of cross-site all-reduce, and sync every H steps (DiLoCo; H = 1 every step). The
 * all-reduce of a round's (pseudo-)gradient runs during the next round's H steps of compute
 * (forward, backward and optimizer), so E(H) = max(0, T - H C) is exposed and a round takes
 * H C + E(H): utilisation u(H) = H C / (H C + E(H)). */
struct fp_trainer_step {
    double compute_s;            /* C; NAN when unknown (then every other field is NAN or 0) */
    double allreduce_s;          /* T */
    double exposed_s;            /* E(1) */
    double step_s;               /* C + E(1) */
    double utilization;          /* u(1) */
    long long full_overlap;      /* smallest H with E(H) = 0: max(1, ceil(T / C)); 0 if C = 0 */
    double target;               /* U in (0, 1]; NAN: none asked */
    long long sync_interval;     /* smallest H >= 1 with u(H) >= U; 0 when none */
    double sync_exposed_s;       /* E(H) at that H */
    double sync_round_s;         /* H C + E(H) */
    double sync_utilization;     /* u(H) */
    long long blocking_interval; /* the same with nothing overlapped (vanilla DiLoCo): smallest
                                    H with H C / (H C + T) >= U; 0 when none (U = 1, T > 0) */
};

/* Fills *st from C = compute_s (NAN: unknown), T = allreduce_s and U = target (NAN: none). An
 * interval above 1e15 steps counts as none (0). */
void fp_trainer_step_compute(double compute_s, double allreduce_s, double target,
                             struct fp_trainer_step *st);

/* One ordered site pair of a schedule: what its paths carry (MODEL.md "Demand"). */
struct fp_trainer_pair {
    igraph_integer_t src, dst;   /* vertices */
    igraph_integer_t src_rank, dst_rank;
    double gbps;                 /* the pair's rate, summed over its paths */
    long paths;                  /* paths carrying it */
    double rtt_s, min_rtt_s;     /* round trip of its slowest and its fastest path */
    double bdp_bytes;            /* bytes in flight to keep every path full: sum of
                                    gbps 1e9 / 8 x RTT over its paths */
};

/* The ordered site pairs that carry flow in r (its paths), in rank order of source then
 * target (rank[v]: v's rank, -1 if not a site). Returns their number; *pairs is owned: free(). */
igraph_integer_t fp_trainer_pairs(const struct fp_topo *topo, const struct fp_route *r,
                                  const igraph_integer_t *rank, struct fp_trainer_pair **pairs);

/* Per-connection NCCL values for a schedule whose pairs are pairs[n] (docs/trainer-config.md
 * "NCCL"): G = groups cross-site groups (one per GPU of a replica, each all-reducing S / G
 * bytes), each joining a pair of sites by one connection per channel. */
struct fp_trainer_nccl {
    long long groups;            /* G */
    long channels;               /* per connection: ceil(most paths of a pair / G), 1 to 32 */
    long long connections;       /* per site pair: G x channels */
    long peers;                  /* most sites one site exchanges with in the schedule */
    double buffer_need_bytes;    /* the largest pair BDP / connections */
    igraph_integer_t need_pair;  /* index of that pair */
    double buffer_bytes;         /* NCCL_BUFFSIZE: the power of two >= need in [4 MiB, 1 GiB] */
    double memory_bytes;         /* channels x 2 (send, receive) x peers x buffer, per rank */
    double bucket_bytes;         /* per rank: the smallest whole MiB whose all-reduce at theta / G
                                    spends at most 10 % in T_lat, at most S / G (whole MiB) */
};

void fp_trainer_nccl_compute(const struct fp_trainer_pair *pairs, igraph_integer_t n, long long groups,
                             double theta_gbps, double latency_s, double gradient_bytes,
                             struct fp_trainer_nccl *nc);

/* One failure scenario's fallback schedule (route --trainer-fallbacks). */
struct fp_trainer_fallback {
    struct fp_failure scenario;  /* owned: label, failed spans, disconnected, cut_off, theta, T */
    bool kept;                   /* the planned schedule crosses none of the failed spans */
    struct fp_route route;       /* owned: the schedule re-routed without the failed spans
                                    (neither kept nor disconnected), else zeroed */
    double scale_gbps;           /* a workload's job: the scenario's lambda; NAN for one job */
    double background_share;     /* a workload's job: the share of the background still
                                    connected that the scenario carries (1: in full); NAN */
};

/* Frees fb[0..n) and fb; accepts NULL. */
void fp_trainer_fallbacks_free(struct fp_trainer_fallback *fb, igraph_integer_t n);

/* What goes into the configuration besides the route. */
struct fp_trainer_options {
    struct fp_trainer_mesh mesh;       /* not given: the default */
    double utilization;                /* U in (0, 1]; NAN: none */
    const char *job_name;              /* a workload's job, or NULL */
    const struct fp_trainer_fallback *fallbacks;   /* borrowed; NULL: not asked */
    igraph_integer_t n_fallbacks;
    bool fallbacks_by_srlg;
};

void fp_trainer_options_init(struct fp_trainer_options *o);

/* The configuration for the routed collective r of job on topo (bound may be NULL): JSON text
 * into *text (owned: free()), and the warnings it holds (buffers over the bound, NCCL memory
 * over the cap) into *warnings (owned: each string and the array, free()), *n_warnings.
 * Outputs are written only on success. FP_EDATA as fp_trainer_mesh_check(). */
int fp_trainer_build(const struct fp_topo *topo, const struct fp_job *job, const struct fp_route *r,
                     const struct fp_bound *bound, const struct fp_trainer_options *o, char **text,
                     char ***warnings, igraph_integer_t *n_warnings, struct fp_error *err);

/* fp_trainer_build() with the default options, warnings dropped; NULL when a site has no GPUs.
 * Owned: free(). */
char *fp_trainer_dumps(const struct fp_topo *topo, const struct fp_job *job,
                       const struct fp_route *r, const struct fp_bound *bound);

/* Adds the step-time model st (when st->compute_s is known) to the result JSON *text as
 * "step" (docs/result-schema.md); *text is replaced. FP_ESOFTWARE when *text is not a JSON
 * object. */
int fp_trainer_stamp_step(char **text, const struct fp_trainer_step *st, struct fp_error *err);

#endif
