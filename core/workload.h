/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a workload, several jobs and a background demand sharing the network, and what
 * routing it gives each job (MODEL.md "Workloads"). */
#ifndef FP_CORE_WORKLOAD_H
#define FP_CORE_WORKLOAD_H

#include <stdbool.h>

#include <igraph.h>

#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"

/* One job of a workload: its sites P_j and gradient S_j (job), its collective and weight. */
struct fp_workload_job {
    char *name;                    /* owned; unique within the workload */
    struct fp_job job;             /* owned sites; gradient_bytes = S_j */
    enum fp_collective collective; /* tree, ring or direct */
    double weight;                 /* w_j > 0: theta_j >= lambda w_j */
    double target_time_s;          /* plan --workload, target mode: T_j at most this; NAN none */
};

/* A workload file read (schema fiberplan.workload/1). */
struct fp_workload {
    char *path;                    /* owned: as shown in messages ("<stdin>" for "-") */
    struct fp_workload_job *jobs;  /* owned, n_jobs >= 1 */
    igraph_integer_t n_jobs;
    struct fp_demand *background;  /* owned: D, Gbit/s per ordered node pair; may be empty */
    igraph_integer_t n_background;
    char *background_file;         /* owned: the CSV the background came from, or NULL */
};

/* Frees everything; accepts a zeroed struct. */
void fp_workload_release(struct fp_workload *wl);

/* Background Gbit/s in all, summed over the demands. */
double fp_workload_background_gbps(const struct fp_workload *wl);

/* What one job gets in the shared schedule. route is the job's part of it, in route's terms:
 * theta_j (= lambda w_j), T_j = T_bw + T_lat from the job's own S_j, sites, trees (or ring) and
 * paths (MODEL.md "Time"); load_gbps is the job's own flow per arc. */
struct fp_workload_job_result {
    struct fp_route route;         /* owned: fp_result_route_release() */
    double alone_theta_gbps;       /* theta of the job routed alone on the network */
    double alone_allreduce_s;      /* ... and its T */
    double slowdown;               /* alone / shared theta (>= 1 up to the solver's tolerance) */
    struct fp_route columns;       /* owned: every column the master held for the job, with a
                                      rate or not (trees; paths with src, dst, arcs): what a
                                      failure scenario's solve starts from
                                      (fp_workload_solve_from); empty for route's own solve */
};

/* The routed workload: lambda, every job's share, and the spans that set lambda. */
struct fp_workload_result {
    double lambda_gbps;            /* the common scale: theta_j = lambda w_j */
    struct fp_workload_job_result *jobs;   /* owned, one per job in file order */
    igraph_integer_t n_jobs;
    bool single;                   /* one job, no background: route's own solve (MODEL.md) */
    double *load_gbps;             /* owned: per arc (2 per span), every job and the background */
    double *background_gbps;       /* owned: per arc, the background's part */
    struct fp_flow_path *background_paths;   /* owned: the background's flow decomposition */
    igraph_integer_t n_background_paths;
    struct fp_flow_path *background_columns;   /* owned: every path column of the background
                                                  (as columns above) */
    igraph_integer_t n_background_columns;
    double background_share;       /* beta: the share of the background carried; 1 (in full)
                                      unless fp_workload_solve_from() found it does not fit */
    igraph_integer_t *background_stop;   /* owned: when it does not fit, the spans whose
                                            capacity stops it (positive dual in its phase) */
    igraph_integer_t n_background_stop;
    double *dlambda_dc;            /* owned: per span, d lambda / d c_e (capacity duals) */
    igraph_integer_t *binding;     /* owned: spans that set lambda (saturated, positive dual) */
    igraph_integer_t n_binding;
    /* solver */
    enum fp_status status;
    double gap;                    /* NAN when a time limit cut the solve short: no bound */
    double seconds;
    long columns, rounds;
    int lp_rows, lp_cols;
    double lp_scale_gbps;
};

/* Frees the owned arrays; accepts a zeroed struct. */
void fp_workload_result_release(struct fp_workload_result *res);

/* One job in a failure scenario of a workload (MODEL.md "Failures", "Workloads"). */
struct fp_workload_scenario_job {
    struct fp_route route;         /* owned: the job's part of the scenario's schedule, as in
                                      fp_workload_job_result (theta 0 and T INFINITY when it
                                      gets nothing; no trees or paths when the scenario has no
                                      schedule of its own: cut off, or cut short before its
                                      solve); no per-span arrays */
    bool disconnected;             /* the cut separates its sites: it does not run */
    igraph_integer_t *cut_off;     /* owned: those sites (vertices; the ones outside the group
                                      holding the most, as fp_failures_cut_off()) */
    igraph_integer_t n_cut_off;
    double alone_theta_gbps;       /* the job alone on the damaged network (what `failures`
                                      of that job alone gives for the scenario) */
    double alone_allreduce_s;
    double slowdown;               /* theta_j on the intact network / theta_j here (INFINITY
                                      when it gets nothing here) */
};

/* One failure scenario of a workload. f holds what `failures` gives a single job: label, failed
 * spans, not_built, kept_intact (the intact schedule crosses no failed span: it is the answer),
 * stopped (cut short: lambda and theta are lower bounds, T upper bounds), disconnected (some
 * job's sites are cut apart) and cut_off (every job's sites cut off, each once); its
 * theta_gbps is lambda and allreduce_s the longest T_j (INFINITY when a job does not run). */
struct fp_workload_scenario {
    struct fp_failure f;           /* owned parts: label, failed, cut_off */
    double lambda_gbps;            /* the common scale of the jobs that still run (0 when none,
                                      or when the background leaves them nothing) */
    igraph_integer_t n_background_cut;   /* background demands whose ends the cut separates:
                                            not carried (as a job cut apart does not run) */
    double background_cut_gbps;    /* ... their Gbit/s */
    double background_share;       /* of the demands still connected, the share that fits: 1 in
                                      full; below, the jobs share what that share leaves */
    igraph_integer_t *saturated;   /* owned: when it does not fit, the spans that stop it */
    igraph_integer_t n_saturated;
    struct fp_workload_scenario_job *jobs;   /* owned: one per job, in file order */
};

/* A workload under every failure scenario. */
struct fp_workload_failures {
    struct fp_workload_scenario *items;      /* owned: worst first */
    igraph_integer_t n;
    igraph_integer_t n_jobs;
    bool by_srlg;
    bool single;                   /* one job, no background: `failures` of the job itself */
    struct fp_workload_result intact;        /* owned: the workload on the intact network (for a
                                                single job, T the fastest schedule found as
                                                `failures` reports it) */
    char *intact_from;             /* owned: single job, the scenario whose schedule sets the
                                      intact T (as `failures`), or NULL */
    igraph_integer_t worst_lambda; /* the scenario with the lowest lambda among those where every
                                      job runs and the background fits; -1 when none */
    igraph_integer_t *worst_job;   /* owned: per job, the scenario with its longest T_j (one that
                                      stops it first); -1 when none */
    igraph_integer_t n_stopped;    /* scenarios cut short */
    igraph_integer_t n_cut;        /* scenarios that cut some job's sites apart */
    igraph_integer_t n_unfit;      /* scenarios where the background does not fit */
};

/* Frees everything; accepts a zeroed struct. */
void fp_workload_failures_release(struct fp_workload_failures *f);

/* One job at one budget of a workload's frontier: the workload routed on the planned network. */
struct fp_workload_sweep_job {
    double theta_gbps, allreduce_s, bandwidth_s, latency_s;
    double alone_theta_gbps, alone_allreduce_s;   /* the job alone on the planned network */
    double slowdown;                              /* alone / shared theta there */
};

/* One budget of a workload's frontier (sweep --workload): p.plan the plan, p.theta_gbps lambda
 * on the planned network, p.allreduce_s (bandwidth_s, latency_s) the slowest job's T (and its
 * parts), p.status the solve's, p.carried a smaller budget's plan taken (it had more lambda). */
struct fp_workload_sweep_point {
    struct fp_sweep_point p;                  /* owned: p.plan */
    struct fp_workload_sweep_job *jobs;       /* owned: one per job, in file order */
    bool routed_afresh;                       /* the numbers are `route --workload`'s on the
                                                 planned network (false: the deadline cut that
                                                 route short; the plan master's own) */
};

/* A workload's budget frontier. */
struct fp_workload_sweep {
    struct fp_workload_sweep_point *points;   /* owned: in increasing budget */
    igraph_integer_t n, n_jobs;
    bool single;                   /* one job, no background: `sweep` of the job itself */
    igraph_integer_t knee;         /* the point past which money buys least lambda, or -1 */
    struct fp_workload_result today;          /* owned: the workload on today's network */
};

/* Frees everything; accepts a zeroed struct. */
void fp_workload_sweep_release(struct fp_workload_sweep *s);

/* A workload's capacity plan (plan --workload; MODEL.md "Planning" with "Workloads"). */
struct fp_workload_plan {
    struct fp_plan plan;                  /* owned: the upgrades; theta_before_gbps (lambda) and
                                             allreduce_before_s (the slowest T_j) today's */
    struct fp_workload_result res;        /* owned: the workload routed on the planned network */
    struct fp_workload_sweep_job *before; /* owned: per job its numbers on today's network */
    double *target_s;                     /* owned: per job its target T_j (NAN: none) */
    double *required_gbps;                /* owned: per job the theta_j the last round planned
                                             for, 8 S_j / ((T_j - L_j) 1e9) (NAN: no target) */
    double *latency_s;                    /* owned: per job the T_lat L_j it was planned for */
    double lambda_required_gbps;          /* target mode: max_j required_j / w_j; NAN: budget */
    int rounds;                           /* target mode: latency rounds planned */
    bool met;                             /* every job with a target meets it on the planned
                                             network (budget mode: true) */
    bool single;                          /* one tree job, no background: `plan` of the job */
    bool fixed_latency;                   /* --assume-latency: every L_j the one assumed, a target
                                             judged met by theta_j >= required_j */
    bool routed_afresh;                   /* res is what `route --workload` gives on the planned
                                             network (budget or target mode of several jobs;
                                             false: the deadline cut that route short and res is
                                             the plan master's own schedule) */
    bool nothing;                         /* cut short (budget: below today's lambda, or before
                                             any plan; target: before any plan): today's network
                                             kept (spend 0), status time_limit */
    /* --survive (plan.survivable): every failure scenario of the planned network (failures
     * --workload on it, owned), each marked unprotectable when it cuts a job's sites or a
     * background demand apart whatever a plan builds; plan.worst the worst protected one (-1:
     * none), plan.worst_theta_gbps its lambda, plan.n_unprotectable */
    struct fp_workload_failures survive;
};

/* Frees everything; accepts a zeroed struct. */
void fp_workload_plan_release(struct fp_workload_plan *p);

/* Whether the scenario carries the whole background: no demand cut apart, and the rest fits. */
bool fp_workload_scenario_fits(const struct fp_workload_scenario *s);

/* Whether job j's flow crosses span e (either direction) in res, above the solver's zeros. */
bool fp_workload_job_on_span(const struct fp_workload_result *res, igraph_integer_t j,
                             igraph_integer_t e);

#endif
