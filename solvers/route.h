/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: all-reduce routing LPs (MODEL.md "Demand", "Time"). */
#ifndef FP_SOLVERS_ROUTE_H
#define FP_SOLVERS_ROUTE_H

#include <signal.h>
#include <stdbool.h>

#include <igraph.h>

#include "core/clock.h"
#include "core/error.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"

#define FP_DEFAULT_ALPHA_S 20e-6   /* per-message overhead (MODEL.md "Defaults") */

enum fp_formulation {
    FP_FORM_PATH,     /* path columns priced by shortest paths on the duals (default) */
    FP_FORM_ARCFLOW   /* one flow variable per commodity and arc: the cross-check */
};

/* Progress report during a long solve: columns generated, the restricted optimum and the
 * best upper bound so far (NAN when none yet), in Gbit/s. */
typedef void fp_route_progress_fn(void *ctx, long columns, double theta_gbps, double bound_gbps);

struct fp_route_options {
    enum fp_collective collective;
    enum fp_formulation formulation;
    double max_stretch;               /* paths no longer than this x the shortest; NAN: any */
    double alpha_s;                   /* per-message overhead, s */
    const igraph_integer_t *ring_order;   /* ring: fixed order (vertices, all sites), or NULL */
    const struct fp_demand *demands;  /* demands: the matrix (src, dst, gbps) */
    igraph_integer_t n_demands;
    double time_limit_s;              /* wall clock for the solve; <= 0: none */
    const struct fp_deadline *deadline;   /* the command's deadline (its start, --time-limit,
                                         the stop flag), shared by every solve of a command;
                                         NULL: one made from time_limit_s and stop when the
                                         solve starts */
    long max_rounds;                  /* stop like at the time limit after this many pricing
                                         rounds (a clock that does not depend on the
                                         machine, for tests); <= 0: none */
    volatile sig_atomic_t *stop;      /* set asynchronously (SIGINT): return the best found */
    fp_route_progress_fn *progress;   /* called about once a second after the first second */
    void *progress_ctx;
    const char *write_lp;             /* write the final LP here (CPLEX LP format), or NULL */
    double upper_bound_gbps;          /* a proven bound on tree theta (theta_lb); NAN: none */
    void (*log)(void *ctx, const char *text);   /* GLPK's log (-v), or NULL */
    void *log_ctx;
    const bool *failed;               /* per span: out of service (a failure scenario), or NULL */
    bool single_path;                 /* each site pair on its least-delay path only (no path
                                         pricing): what a single-path network (an IGP, SimGrid)
                                         does; trees are still optimised */
    double approx_eps;                /* > 0: tree theta by Garg-Koenemann to within a
                                         certified relative gap eps (status "feasible" with
                                         that gap), not by column generation; 0: exact */
};

void fp_route_options_init(struct fp_route_options *opts);

/* Routes the job's collective over the lit spans and fills route: theta (the LP optimum,
 * by column generation over trees and paths for `tree`, over paths for the others, or the
 * arc-flow LP), the trees or ring order, loads per arc, d theta / d c per span from the
 * capacity duals, the flow decomposition, and T = T_bw + T_lat of MODEL.md "Time".
 * A ring without a fixed order gets one from fp_route_ring_order().
 * Returns FP_EDATA when no positive throughput is possible (sites cut off), FP_ECANTCREAT
 * when write_lp fails, FP_ESOFTWARE on igraph or GLPK failure. route->status is
 * FP_STATUS_TIME_LIMIT when time_limit_s or *stop ended the solve early. */
int fp_route_solve(const struct fp_topo *topo, const struct fp_job *job,
                   const struct fp_route_options *opts, struct fp_route *route,
                   struct fp_error *err);

/* A ring order for the job's sites (vertices into order[k]): nearest neighbour by
 * shortest-path delay from the first site, improved by 2-opt on the tour delay, then by
 * 2-opt moves that the ring LP confirms raise theta (at most `evaluations` LP solves). */
int fp_route_ring_order(const struct fp_topo *topo, const struct fp_job *job,
                        const struct fp_route_options *opts, int evaluations,
                        igraph_integer_t *order, struct fp_error *err);

#endif
