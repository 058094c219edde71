/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the all-reduce under failures (MODEL.md "Failures"). */
#ifndef FP_SOLVERS_FAILURES_H
#define FP_SOLVERS_FAILURES_H

#include <stdbool.h>

#include "core/error.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"
#include "solvers/route.h"

/* One scenario per lit span (by_srlg false) or per shared-risk group id (every span whose
 * srlg list holds it), each routed with ropts on the spans left. A scenario whose sites can
 * no longer all reach each other over spans with capacity is flagged disconnected, with the
 * sites cut off (those outside the group holding the most sites). Scenarios come out worst
 * first: disconnected ones (most sites cut off first), then by T, longest first; ties in
 * file order. Scenarios are solved in `jobs` worker processes (core/farm.h; under MPI over
 * the ranks, and only rank 0 gets *out filled); the result does not depend on jobs.
 * FP_ESOFTWARE on solver failure. */
int fp_failures_solve(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *ropts, bool by_srlg, int jobs,
                      struct fp_failures *out, struct fp_error *err);

/* fp_failures_solve(), and when keep each scenario's schedule too (out->items[i].route:
 * trees, ring order and paths, with the scenario's theta and T; NULL for a scenario that cuts
 * sites off, an SRLG of unbuilt candidates, or one a stop request reached before its solve). */
int fp_failures_solve_kept(const struct fp_topo *topo, const struct fp_job *job,
                           const struct fp_route_options *ropts, bool by_srlg, int jobs, bool keep,
                           struct fp_failures *out, struct fp_error *err);

/* The scenarios alone, in file order (labels and failed spans; nothing solved): one per lit
 * span (and per candidate span too if candidates), or one per SRLG id. Returns their number;
 * release out with fp_result_failures_release(). */
igraph_integer_t fp_failures_scenarios(const struct fp_topo *topo, bool by_srlg, bool candidates,
                                       struct fp_failures *out);

/* Which of the job's sites a scenario cuts off: the site groups over the spans that did not
 * fail (failed[e]) and are lit with capacity or marked in also (NULL: none; e.g. spans a plan
 * could build). Fills f->cut_off (owned; the sites outside the group holding the most) and
 * f->disconnected. FP_ESOFTWARE on igraph failure. */
int fp_failures_cut_off(const struct fp_topo *t, const struct fp_job *job, const bool *failed,
                        const bool *also, struct fp_failure *f, struct fp_error *err);

/* The intact tree schedule less what failing the spans failed[e] breaks (what a scenario a
 * stop request reached before its solve reports, status time_limit): tree t keeps x_t times
 * the least share of its pair's flow (each direction the schedule uses) that avoids the
 * failed spans, over its edges. That schedule fits the failed network: a lower bound on the
 * scenario's theta, never above the intact theta. */
/* The connected components over the spans left (lit with capacity, or also[e]; not failed):
 * membership (per node) and csize (per component), both initialised by the caller. */
int fp_failures_components(const struct fp_topo *t, const bool *failed, const bool *also,
                           igraph_vector_int_t *membership, igraph_vector_int_t *csize,
                           igraph_integer_t *comps, struct fp_error *err);

/* Does path p cross a failed span (failed: per span)? */
bool fp_failures_crosses(const struct fp_flow_path *p, const bool *failed);

double fp_failures_surviving_theta(const struct fp_topo *t, const struct fp_route *intact, const bool *failed);

#endif
