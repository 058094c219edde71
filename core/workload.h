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
};

/* The routed workload: lambda, every job's share, and the spans that set lambda. */
struct fp_workload_result {
    double lambda_gbps;            /* the common scale: theta_j = lambda w_j */
    struct fp_workload_job_result *jobs;   /* owned, one per job in file order */
    igraph_integer_t n_jobs;
    bool single;                   /* one job, no background: route's own solve (MODEL.md) */
    double *load_gbps;             /* owned: per arc (2 per span), every job and the background */
    double *background_gbps;       /* owned: per arc, the background's part */
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

/* Whether job j's flow crosses span e (either direction) in res, above the solver's zeros. */
bool fp_workload_job_on_span(const struct fp_workload_result *res, igraph_integer_t j,
                             igraph_integer_t e);

#endif
