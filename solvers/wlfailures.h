/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a workload under failures (MODEL.md "Failures", "Workloads"): every scenario's
 * lambda and each job's theta_j and T_j on the damaged network. */
#ifndef FP_SOLVERS_WLFAILURES_H
#define FP_SOLVERS_WLFAILURES_H

#include <stdbool.h>

#include "core/error.h"
#include "core/topo.h"
#include "core/workload.h"
#include "solvers/route.h"

/* The workload wl under each scenario of fp_failures_scenarios() (one per lit span, or per
 * SRLG id when by_srlg): the workload on the intact network first (fp_workload_solve), each job
 * alone under every scenario (fp_failures_solve with its collective: out->items[i].jobs[j].alone_*),
 * then every scenario's shared solve: the jobs whose sites still reach each other share the
 * spans left with the background (fp_workload_solve_from, from the intact schedule's columns
 * that survive the cut); a scenario whose cut the intact schedule does not cross keeps it (no
 * solve). A background that no longer fits is a scenario's answer (background_share < 1), not
 * an error. One job with no background is `failures` of that job, to the digit (its schedules
 * kept: fp_failures_solve_kept). Scenarios come out worst first: those that cut jobs' sites
 * off (most sites first), those where the background does not fit, then by lambda, lowest
 * first, ties by the longest T_j and then in file order; out->worst_lambda and worst_job name the
 * worst. ropts: alpha_s, time_limit_s (per solve, as `failures`), stop, progress, log; the
 * collective is each job's. Solved in `jobs` worker processes (core/farm.h; under MPI only
 * rank 0 gets *out filled). *out is written on success (owned: fp_workload_failures_release()).
 * FP_EDATA as fp_workload_solve() for the intact network; FP_ESOFTWARE on solver failure. */
int fp_wlfailures_solve(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *ropts, bool by_srlg, int jobs,
                        struct fp_workload_failures *out, struct fp_error *err);

/* fp_wlfailures_solve as a plan's check of its scenarios (plan --workload --survive): no job
 * alone (alone_* NAN), and each scenario's shared solve is fp_workload_reaches(enough_gbps):
 * lambda only, ended once it reaches enough_gbps (> 0). A scenario's lambda below enough_gbps
 * is its optimum (unless cut short: f.stopped); at or above, a schedule's. One job with no
 * background, or enough_gbps 0, is fp_wlfailures_solve. Not for output: T_j there has no
 * latency phase. */
int fp_wlfailures_check(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *ropts, bool by_srlg, int jobs, double enough_gbps,
                        struct fp_workload_failures *out, struct fp_error *err);

#endif
