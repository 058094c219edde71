/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: routing a workload, several jobs and a background demand on the same spans
 * (MODEL.md "Workloads"). */
#ifndef FP_SOLVERS_WORKLOAD_H
#define FP_SOLVERS_WORKLOAD_H

#include "core/error.h"
#include "core/topo.h"
#include "core/workload.h"
#include "solvers/plan.h"
#include "solvers/route.h"

/* Routes the workload wl over topo's lit spans: the largest lambda such that every job j gets
 * theta_j = lambda w_j (its weighted share; MODEL.md: theta_j >= lambda w_j, and no job needs
 * more for lambda to be largest) while the background D is carried in full, all on the same
 * arcs. One master LP for all jobs, solved by column generation: paths priced by Dijkstra on
 * the capacity duals, each job's trees by the minimum spanning tree over its own sites (ring
 * and direct jobs have their fixed schedule column); then a latency phase at lambda held
 * (MODEL.md "Time"). Each job is also routed alone (res->jobs[j].alone_*), and a ring job's
 * order is the one chosen for it alone. A single job with no background is `route` itself
 * (fp_route_solve; res->single). From opts: alpha_s, time_limit_s, deadline, stop, log and
 * write_lp (the lambda phase's LP); collective, ring_order and the formulation are per job or
 * fixed (path).
 * *res is written on success (owned: fp_workload_result_release()). FP_EDATA (naming wl's file)
 * when the background alone does not fit, when it leaves the jobs no throughput, or when a
 * job's sites cannot reach each other; FP_ECANTCREAT when write_lp fails; FP_ESOFTWARE on
 * igraph or GLPK failure. res->status is FP_STATUS_TIME_LIMIT when the deadline or *stop ended
 * the lambda phase early (lambda is then the best schedule found, a lower bound). */
int fp_workload_solve(const struct fp_topo *topo, const struct fp_workload *wl,
                      const struct fp_route_options *opts, struct fp_workload_result *res,
                      struct fp_error *err);

/* A capacity plan for the workload (MODEL.md "Planning" with "Workloads"), continuous: per span
 * added capacity up to its ceiling at cost_per_gbps, a candidate built in part at its build cost
 * (fp_plan_span_plannable), by column generation over every job's trees and the paths. Budget
 * mode (popts->budget_usd, lambda_req_gbps NAN): within the budget the most lambda, then the
 * cheapest plan that keeps it (money that buys no lambda stays unspent). Target mode
 * (popts->budget_usd NAN, lambda_req_gbps a number): the cheapest plan whose lambda is at least
 * lambda_req_gbps (lambda maximised first over every plan within the ceilings, then the cost
 * minimised with lambda held at lambda_req_gbps or above; plan->budget_usd NAN). With
 * popts->modular the LP relaxation of whole modules (each span priced at module_cost /
 * module_gbps per Gbit/s, fp_plan_span_plannable's modular rule; the plan continuous, for the
 * caller to round). With the plan fixed the master is the planned network's route LP
 * (fp_plan_view), whose optimum is the plan's lambda: its column generation proves it there,
 * its latency phase follows, and res is that schedule on the planned network (loads,
 * utilisation and the spans that set lambda against the planned capacities), the plan master's
 * own: its T_lat depends on the path its latency phase took, so plan --workload routes the
 * planned network afresh for what it reports. Each job alone is not routed (res->jobs[j].alone_*
 * and slowdown NAN). A ring job's order is the one it gets alone on topo. *plan (owned:
 * fp_result_plan_release(); budget_usd, cost_usd, the per-span arrays, lp_bound_gbps = the
 * plan's lambda; the state before it left 0) and *res are written on success.
 * *lambda_max_gbps (may be NULL) gets the most lambda the first phase found (NAN when it did not
 * run). FP_EDATA as fp_workload_solve(), when the jobs get nothing within the budget, or when
 * that phase proves lambda_req_gbps out of reach; a phase cut short below it plans the most
 * lambda found. FP_ESOFTWARE on igraph or GLPK failure. */
int fp_workload_plan_continuous(const struct fp_topo *topo, const struct fp_workload *wl,
                                const struct fp_route_options *opts, const struct fp_plan_options *popts,
                                double lambda_req_gbps, struct fp_plan *plan, struct fp_workload_result *res,
                                double *lambda_max_gbps, struct fp_error *err);

/* plan --workload (MODEL.md "Planning" with "Workloads", "Anytime planning"), continuous, one
 * deadline for the whole (opts: time_limit_s, deadline, stop, alpha_s). Budget mode
 * (popts->budget_usd): fp_workload_plan_continuous() within the budget, its planned network
 * routed afresh (fp_workload_solve), with today's network as the incumbent: a plan
 * that buys nothing reports today's schedule, and a plan cut short below today's lambda (or
 * before it had one) is replaced by it (out->nothing, status time_limit). Target mode (budget
 * NAN): each job's target is its target_time_s, else popts->target_time_s (NAN: none); rounds
 * of fp_workload_plan_continuous() for lambda = max_j theta_req_j / w_j, theta_req_j = 8 S_j /
 * ((T_j - L_j) 1e9), from L_j the job's T_lat floor (fp_plan_latency_floor), a job that misses
 * its target raised to the T_lat its plan gave it (out->met, out->rounds). One tree job with no
 * background is fp_plan_solve() of that job (out->single; modular, survive and fixed latency
 * only then). *out is written on success (owned: fp_workload_plan_release()). FP_EUSAGE for
 * options that do not apply or no target at all; FP_EDATA when a target is out of reach (a
 * job's T_lat floor, or the first round's lambda beyond the ceilings), or as
 * fp_workload_solve(); FP_ESOFTWARE on igraph or GLPK failure. */
int fp_workload_plan_solve(const struct fp_topo *topo, const struct fp_workload *wl,
                           const struct fp_route_options *opts, const struct fp_plan_options *popts,
                           struct fp_workload_plan *out, struct fp_error *err);

/* A failure scenario's solve (MODEL.md "Failures", "Workloads"): wl routed on topo with the
 * spans opts->failed[e] out of service, starting from start, the same workload (the same jobs,
 * in order) solved by fp_workload_solve() on the whole network. Every ring job keeps start's
 * order; the columns start's master held (res->jobs[j].columns, background_columns: every
 * tree, and every path of the jobs and the background that crosses no failed span) are
 * columns of the master from the first round, with the scenario's own shortest paths and
 * trees, so a cut that changes little costs few rounds. The jobs are not routed alone
 * (res->jobs[j].alone_* and slowdown are NAN). A single job with no background is `route` with
 * the failed spans. Every job's sites must reach each other over the spans left (the caller
 * leaves out the jobs a cut separates; wl may have no job, then only the background is
 * routed, lambda 0). A background that does not fit is an answer, not an error: as much of it
 * as fits is carried first (res->background_share < 1, res->background_stop the spans that
 * stop it; status time_limit when the deadline came before its phase settled) and the jobs
 * share what it leaves; so is a background that leaves the jobs nothing (lambda 0).
 * *res is written on success (owned: fp_workload_result_release()). FP_ECANTCREAT when write_lp
 * fails; FP_ESOFTWARE on igraph or GLPK failure. */
int fp_workload_solve_from(const struct fp_topo *topo, const struct fp_workload *wl,
                           const struct fp_route_options *opts, const struct fp_workload_result *start,
                           struct fp_workload_result *res, struct fp_error *err);

/* fp_workload_solve with lambda only (a plan's check, plan --workload --survive): no job
 * alone (alone_* NAN; a ring job is routed alone for its order only) and no latency phase
 * (each job's T is the lambda phase's schedule's). Several jobs or a background. */
int fp_workload_lambda(const struct fp_topo *topo, const struct fp_workload *wl,
                       const struct fp_route_options *opts, struct fp_workload_result *res, struct fp_error *err);

/* fp_workload_solve_from for a plan's check of a scenario (plan --workload --survive): lambda
 * only, no latency phase, and the lambda phase ends as soon as the schedule reaches enough_gbps
 * (> 0). res->lambda_gbps is then a schedule's, a lower bound on the optimum and at least
 * enough_gbps, with status time_limit; below it, the optimum (status optimal) unless the
 * deadline came first. Each job's T is that schedule's, its latency not minimised. */
int fp_workload_reaches(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *opts, const struct fp_workload_result *start,
                        double enough_gbps, struct fp_workload_result *res, struct fp_error *err);

#endif
