/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the budget frontier (MODEL.md "Planning": sweep). */
#ifndef FP_SOLVERS_SWEEP_H
#define FP_SOLVERS_SWEEP_H

#include <stdbool.h>

#include "core/error.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"
#include "solvers/plan.h"
#include "solvers/route.h"

/* Plans the tree all-reduce for each of the n budgets (USD, >= 0; any order: the frontier
 * comes out sorted by budget, ties in the given order) with the options of popts (its
 * budget is ignored), in `jobs` worker processes (core/farm.h; under MPI over the ranks,
 * *out filled on rank 0 only). Since a plan within a smaller budget is within every larger
 * one, a point whose plan is worse than a smaller budget's (an unproven modular plan) takes
 * that plan and is marked carried: T never increases along the frontier. The result does not
 * depend on jobs. out->knee is the point farthest below the chord from the first point to the
 * last with budget and T scaled to [0, 1] (Kneedle), -1 when none.
 * One deadline for the whole sweep (ropts->deadline, else one made from ropts->time_limit_s and
 * ropts->stop at the call; MODEL.md "Anytime planning"): under its limit the budgets go smallest
 * first, each, as it begins, with an even share of the time left among the budgets not begun
 * (per worker), as `plan --budget B --time-limit` of that share; a point whose plan that cut
 * short (not proven, or the share ran out) is marked cut_short (status time_limit, not
 * mip_proven; share_s the seconds it had), and a budget begun after the deadline passed is late:
 * the fastest smaller budget's plan, carried, with no gap or LP bound of its own (NAN). Without
 * a limit the budgets go largest first and no point depends on the clock (share_s NAN; a signal
 * marks the points it stopped cut_short). Errors as fp_plan_solve() for the first budget that
 * fails. */
int fp_sweep_solve(const struct fp_topo *topo, const struct fp_job *job,
                   const struct fp_route_options *ropts, const struct fp_plan_options *popts,
                   const double *budgets_usd, igraph_integer_t n, int jobs, struct fp_sweep *out,
                   struct fp_error *err);

/* A frontier point as bytes for another process (core/farm.h): its numbers and its plan (the
 * per-span arrays of n spans). fp_sweep_point_load() reads one at *pos into *p (owned: its plan
 * with fp_result_plan_release()) and advances *pos; false when the bytes end early. */
struct fp_buf;
void fp_sweep_point_save(struct fp_buf *b, const struct fp_sweep_point *p, igraph_integer_t n);
bool fp_sweep_point_load(const struct fp_buf *b, size_t *pos, struct fp_sweep_point *p, igraph_integer_t n);

#endif
