/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: result JSON, schema "fiberplan.result/1" (CONTRACT.md "JSON result"). */
#ifndef FP_IO_RESULTJSON_H
#define FP_IO_RESULTJSON_H

#include "core/job.h"
#include "core/stats.h"
#include "core/topo.h"
#include "core/result.h"
#include "core/workload.h"

/* The `check` result: the common keys (.schema, .topology, .job, .solver)
 * and .check with the summary and warnings; with_nodes adds .check.nodes[] (`check --nodes`:
 * id, label, type, degree, gpus, lat, lon of every node, in file order). seconds is the wall
 * time spent. Returns the JSON text ending in a newline; owned: free(). */
char *fp_resultjson_check(const struct fp_topo *topo, const struct fp_stats *stats,
                          bool with_nodes, double seconds);

/* The `bound` result: the common keys and .bound (CONTRACT.md: min_cut_gbps,
 * throughput_gbps, allreduce_s, cut[]; plus the partition, delay bound and min-cut sites).
 * Owned: free(). */
char *fp_resultjson_bound(const struct fp_topo *topo, const struct fp_job *job,
                          const struct fp_bound *bound, double seconds);

/* The `route` result: the common keys, .bound (when bound is not NULL), .collective (the
 * routes[best]), .collectives[] (when n_routes > 1), .links[] of the best, and .solver
 * (the worst status, the largest gap). formulation is "path" or "arcflow". Owned: free(). */
char *fp_resultjson_route(const struct fp_topo *topo, const struct fp_job *job,
                          const struct fp_bound *bound, const struct fp_route *routes,
                          int n_routes, int best, const char *formulation, double seconds);

/* The `plan` result: as `route` (the routing on the planned network, .links[] with planned
 * capacities) plus .plan (CONTRACT.md: budget_usd, cost_usd, gap, upgrades[]; and the state
 * before, seconds per dollar per span). Owned: free(). */
char *fp_resultjson_plan(const struct fp_topo *topo, const struct fp_job *job,
                         const struct fp_bound *bound, const struct fp_route *route,
                         const struct fp_plan *plan, double seconds);

/* The `failures` result: the common keys and .failures[] (CONTRACT.md: failed, allreduce_s,
 * throughput_gbps, disconnected; plus the scenario's label and the sites it cuts off),
 * worst first; allreduce_s is null when disconnected. Owned: free(). */
char *fp_resultjson_failures(const struct fp_topo *topo, const struct fp_job *job,
                             const struct fp_route *intact, const struct fp_failures *f,
                             double seconds);

/* sweep: .frontier[] (budget_usd, cost_usd, allreduce_s and the parts, throughput, gap,
 * cut_short and time_share_s (the sweep's one deadline: the point's plan stopped by it, and the
 * seconds it had; null without a limit), upgrades per budget), .plan = the largest budget's
 * plan, .bound = today's (or NULL). Owned: free(). */
char *fp_resultjson_sweep(const struct fp_topo *topo, const struct fp_job *job,
                          const struct fp_bound *bound, const struct fp_sweep *sweep, double seconds);

/* `route --workload` (MODEL.md "Workloads"): the common keys (.job: the single job's, else every
 * job's sites with params, gradient_bytes and compute_time_s null), .solver, .workload (file,
 * scale = lambda, the background, binding[]: the spans that set lambda with the jobs on them),
 * .jobs[] (per job its .collective keys plus name, sites, weight, params, gradient_bytes,
 * lower_bound_s, alone_throughput_gbps, alone_allreduce_s, slowdown; trees[] empty for ring
 * and direct), .links[] (every job's and the background's loads; marginal_s_per_gbps the job's
 * for a single job, else null; throughput_gain_per_gbps d lambda / d c for several jobs, d theta
 * / d c for one), and for a single job .collective and .bound as `route` gives them. bounds:
 * each job's lower bound (or NULL). Owned: free(). */
char *fp_resultjson_workload(const struct fp_topo *topo, const struct fp_workload *wl,
                             const struct fp_workload_result *res, const struct fp_bound *bounds,
                             double seconds);

/* `plan --workload` (MODEL.md "Planning" with "Workloads"): route --workload's keys for the
 * workload on the planned network view (fp_resultjson_workload(); .links[] with the planned
 * capacities), .solver.mip_proven, .plan as `plan` writes it (before: today's lambda and slowest
 * T_j) plus scale_required_gbps (target mode: the lambda planned for, else null),
 * latency_rounds, targets_met and kept_today (a plan cut short below today's lambda, or before
 * any plan, and today's network kept), and per job in .jobs[]: before {throughput_gbps, allreduce_s, bandwidth_s, latency_s}
 * (today's network), target_time_s, required_throughput_gbps, planned_latency_s (the T_lat the
 * last round planned for) and target_met (null without a target). Owned: free(). */
char *fp_resultjson_workload_plan(const struct fp_topo *view, const struct fp_workload *wl,
                                  const struct fp_workload_plan *p, const struct fp_bound *bounds,
                                  double seconds);

/* `failures --workload` (MODEL.md "Failures", "Workloads"): the common keys as
 * fp_resultjson_workload() gives them, .by, .intact (throughput_gbps = lambda, allreduce_s the
 * longest T_j, latency_s and schedule_from for a single job, scale), .workload (as for route, on
 * the intact network, plus worst: {scale: the label of the scenario with the lowest lambda, or
 * null; jobs[]: {name, label}}), .jobs[] (the intact network's, as route's), and .failures[]
 * worst first: the `failures` keys (throughput_gbps = lambda, allreduce_s the longest T_j or
 * null) plus scale, background {fits, share, saturated[]} and jobs[]: each job's keys of
 * route's .jobs[] in the scenario (alone_*: the job alone on the damaged network; slowdown:
 * intact theta / this one; lower_bound_s the intact bound) plus disconnected, cut_off[],
 * intact_throughput_gbps, intact_allreduce_s and status. bounds: each job's lower bound (or
 * NULL). Owned: free(). */
char *fp_resultjson_workload_failures(const struct fp_topo *topo, const struct fp_workload *wl,
                                      const struct fp_workload_failures *f, const struct fp_bound *bounds,
                                      double seconds);

/* `sweep --workload`: the common keys as fp_resultjson_workload() gives them, .workload (as for
 * route, today's network), .modular, .frontier[] by budget: the `sweep` keys (throughput_gbps =
 * lambda on the planned network, allreduce_s and its parts the slowest job's, lp_bound_gbps the
 * plan's lambda) plus scale and jobs[] ({name, weight, throughput_gbps, allreduce_s,
 * bandwidth_s, latency_s, alone_throughput_gbps, alone_allreduce_s, slowdown} on the planned
 * network), and .plan the largest budget's (before: today's lambda and slowest T). Owned:
 * free(). */
char *fp_resultjson_workload_sweep(const struct fp_topo *topo, const struct fp_workload *wl,
                                   const struct fp_workload_sweep *s, double seconds);

#endif
