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

/* Where a long solve stands (fp_route_progress_fn): the phase, the incumbent and the best
 * bound on it (theta in Gbit/s, or for a min-cost phase USD; NAN when none yet), columns
 * generated, seconds since the command's deadline began. */
struct fp_progress {
    const char *phase;           /* "theta", "cost", "latency", "rounding", "branch and cut",
                                    "repair", "re-route" */
    bool usd;                    /* incumbent and bound are USD (a cost), not Gbit/s */
    double incumbent, bound;
    long columns;
    double elapsed_s;
    long done, total;            /* scenarios or budgets finished of total (0, 0: none) */
    double eta_s;                /* seconds still to go at this rate (NAN: unknown) */
};

/* Called about once a second after the first two seconds of a solve, when a plan's phase
 * begins, and (sweep, failures) when a budget or scenario is done; borrowed p, valid during
 * the call. */
typedef void fp_route_progress_fn(void *ctx, const struct fp_progress *p);

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
    fp_route_progress_fn *progress;   /* where a long solve stands (struct fp_progress), or NULL */
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

/* Progress of a farm of solves (sweep's budgets, failures' scenarios): what (e.g. "budget")
 * and when they began; fp_route_farm_done() is an fp_farm_done_fn taking one as its ctx, and
 * reports done of total, elapsed and ETA through ropts->progress after the first 2 s, at most
 * once a second and when the last is done. */
struct fp_route_farm_progress {
    const struct fp_route_options *ropts;
    const char *what;
    double start_s;
    double last_s;               /* when it last reported (0: never) */
};
void fp_route_farm_done(void *ctx, long done, long total);

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
