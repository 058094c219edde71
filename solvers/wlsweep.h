/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a workload's budget frontier (MODEL.md "Planning": sweep, with "Workloads"). */
#ifndef FP_SOLVERS_WLSWEEP_H
#define FP_SOLVERS_WLSWEEP_H

#include "core/error.h"
#include "core/topo.h"
#include "core/workload.h"
#include "solvers/plan.h"
#include "solvers/route.h"

/* For each of the n budgets (USD, >= 0, any order: the frontier comes out by budget, ties in
 * the given order) what `plan --workload --budget B` reports for it (fp_wlplan_budget): the
 * workload's continuous budget plan (the most lambda, then the cheapest plan keeping it), its
 * planned network routed afresh (fp_workload_solve: lambda, each job's theta_j, T_j and the job
 * alone there, what `route --workload` gives on that network). One deadline for the whole
 * sweep (opts->deadline, else opts->time_limit_s from the call; MODEL.md "Anytime planning"):
 * today's network, then every budget's plan and its fresh route; a point whose fresh route the
 * deadline cuts short keeps the plan master's numbers, routed_afresh false; a plan cut short
 * has status time_limit and no gap or LP bound (NAN), and one begun after the deadline is
 * today's network with status time_limit. A plan that buys
 * nothing, or one cut short below today's lambda (status time_limit), is today's network and
 * schedule, to the bit. out->today is the workload on today's network (each plan's state
 * before). A budget whose lambda is below a smaller budget's (a plan cut short) takes that
 * one's plan, marked carried: lambda never decreases along the frontier. out->knee: the point
 * farthest above the chord from the first point to the last in (budget, lambda), both scaled to
 * [0, 1] (Kneedle), -1 when none. One tree job with no background is `sweep` of that job
 * (fp_sweep_solve: its numbers and knee; lambda = theta / w). popts: modular (for several jobs
 * or a background each point is `plan --workload --modular` of its budget: the LP plan rounded
 * down and repaired). Solved in `jobs` worker processes (core/farm.h; under MPI only rank 0 gets *out
 * filled). *out is written on success (owned: fp_workload_sweep_release()). Errors as
 * fp_workload_plan_solve() for the first budget that fails. */
int fp_wlsweep_solve(const struct fp_topo *topo, const struct fp_workload *wl,
                     const struct fp_route_options *ropts, const struct fp_plan_options *popts,
                     const double *budgets_usd, igraph_integer_t n, int jobs, struct fp_workload_sweep *out,
                     struct fp_error *err);

#endif
