/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: capacity planning under a budget or for a target time (MODEL.md "Planning"). */
#ifndef FP_SOLVERS_PLAN_H
#define FP_SOLVERS_PLAN_H

#include <stdbool.h>

#include "core/error.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"
#include "solvers/route.h"

/* Branch-and-cut time when no --time-limit is given, seconds. */
#define FP_PLAN_MILP_SECONDS 60.0

/* The step of the "next dollars": seconds_per_usd is what this many USD more on a span saves
 * (T_bw, re-solved on the planned network), divided by it. */
#define FP_PLAN_NEXT_USD 1e6
/* Spans the next dollars re-solve, at most: beyond, the capacity duals are printed as such */
#define FP_PLAN_NEXT_RESOLVES 64

enum fp_survive { FP_SURVIVE_NONE, FP_SURVIVE_SPAN, FP_SURVIVE_SRLG };

struct fp_plan_options {
    double budget_usd;       /* maximise theta with sum of costs <= budget; NAN: target mode */
    double target_time_s;    /* cheapest plan with T <= target; NAN: budget mode */
    bool modular;            /* whole wavelengths and binary candidate builds (MILP) */
    double latency_s;        /* target mode: the T_lat to plan for (refined by fp_plan_solve) */
    bool fixed_latency;      /* target mode: plan for theta >= 8 S / ((T - latency_s) 1e9) as
                                given, no refinement (T_bw target with latency_s = 0) */
    enum fp_survive survive; /* one plan for every failure scenario of this kind */
    /* for fp_route_solve_master(): n_scen failure scenarios, scenario i's failed spans at
     * scen_failed[i * n_spans + e] (fp_plan_solve() fills them from `survive`) */
    const bool *scen_failed;
    igraph_integer_t n_scen;
    /* target, one scenario: where the walk starts (a budget known to be within the cheapest
     * plan's for latency_s: an earlier round's, for less latency); 0 by default */
    double walk_from_usd;
    bool skip_mip;           /* --modular: the rounding only, no branch and cut */
    int jobs;                /* --survive: scenarios routed in this many worker processes
                                (core/farm.h; default 1; the plan does not depend on it) */
};

void fp_plan_options_init(struct fp_plan_options *opts);

/* --survive's scenarios (all of them, in out: per span, candidates too, or per SRLG id) and the
 * failed-span flags of those a plan can protect (*flags, n_protect x n_spans, owned): a scenario
 * that cuts the sites of one of the groups apart (a job's sites; for a workload also each
 * background demand's two ends) even with every span the plan could build (po) is marked
 * unprotectable and left out of the objective. FP_ESOFTWARE on igraph failure. */
/* Whether scen (fp_plan_survive_scenarios()'s) marks the scenario labelled label unprotectable. */
bool fp_plan_unprotectable(const struct fp_failures *scen, const char *label);

int fp_plan_survive_scenarios(const struct fp_topo *t, const struct fp_job *groups, igraph_integer_t n_groups,
                              const struct fp_plan_options *po, struct fp_failures *out, bool **flags,
                              igraph_integer_t *n_protect, struct fp_error *err);

/* Plans capacity for the tree all-reduce (MODEL.md "Planning"): per span an added
 * capacity up to the ceiling at cost_per_gbps (or whole modules of module_gbps at
 * module_cost with --modular), candidate spans built at build_cost (binary with --modular),
 * routing and trees by column generation. Budget mode maximises theta under the budget;
 * target mode finds the cheapest plan whose T <= target (re-planning when the new routing's
 * latency differs). Modular plans solve the MILP over the columns of the LP relaxation and
 * report the gap to its bound. route receives the routing on the planned network, plan the
 * upgrades, the state before, and seconds saved per dollar per span: for a plan whose
 * routing is optimal and not --survive, with at most FP_PLAN_NEXT_RESOLVES spans priced above
 * 0 by the capacity duals, the T_bw that FP_PLAN_NEXT_USD more on the span saves (re-solved
 * within the deadline; plan->next_resolved), per dollar; else from the capacity duals.
 * FP_EDATA when no plan within the ceilings reaches the target. */
int fp_plan_solve(const struct fp_topo *topo, const struct fp_job *job,
                  const struct fp_route_options *ropts, const struct fp_plan_options *popts,
                  struct fp_route *route, struct fp_plan *plan, struct fp_error *err);

/* The planned network as a view of t: the planned capacity on every span in service after the
 * plan (fp_result_plan_built()), built candidates lit. Only the view's capacity_gbps and status
 * are its own: release them with fp_plan_view_release() (never fp_topo_release()); the rest
 * is borrowed from t, which must outlive the view. */
void fp_plan_view(const struct fp_topo *t, const struct fp_plan *p, struct fp_topo *view);
void fp_plan_view_release(struct fp_topo *view);

/* Can span e gain capacity under these options: a price (cost_per_gbps, or module_gbps and
 * module_cost with modular), room under its ceiling and, for a candidate, a build_cost? */
bool fp_plan_span_plannable(const struct fp_topo *t, const struct fp_plan_options *po, igraph_integer_t e);

/* USD per Gbit/s per direction of span e: cost_per_gbps, or with modular a module's
 * (module_cost / module_gbps). */
double fp_plan_usd_per_gbps(const struct fp_topo *t, igraph_integer_t e, bool modular);

/* A lower bound on the T_lat of any schedule of job (MODEL.md "Time"; a tree, and so a ring or
 * direct schedule, whose hops are paths between sites): a tree rooted at r is at least as deep
 * as the shortest delay from r to its farthest site plus one alpha, so T_lat >= 2 (min_r max_s
 * d(r, s) + alpha_s), over every span that could carry traffic (lit or candidate). *out in
 * seconds; FP_ESOFTWARE when igraph fails. */
int fp_plan_latency_floor(const struct fp_topo *t, const struct fp_job *job, double alpha_s,
                          double *out, struct fp_error *err);

/* The master LP behind fp_route_solve() and fp_plan_solve() (solvers/route.c, phases in solvers/route_internal.h): popts and
 * plan NULL for routing only. */
int fp_route_solve_master(const struct fp_topo *topo, const struct fp_job *job,
                          const struct fp_route_options *ropts, const struct fp_plan_options *popts,
                          struct fp_route *route, struct fp_plan *plan, struct fp_error *err);

#endif
