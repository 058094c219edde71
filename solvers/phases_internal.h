/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the inside of the phased planner (MODEL.md "Phases"), shared by solvers/phases.c
 * (the driver: myopic baseline, routes per phase) and solvers/phasesjoint.c (the joint LP). */
#ifndef FP_SOLVERS_PHASES_INTERNAL_H
#define FP_SOLVERS_PHASES_INTERNAL_H

#include "core/phases.h"
#include "solvers/phases.h"

/* What the joint LP decided: per phase q and span e, added[q * n_spans + e] Gbit/s,
 * build[q * n_spans + e] (the share of candidate e built in phase q) and pairs[q * n_spans + e]
 * (dark fiber pairs first lit in phase q, MODEL.md "Optics"; 0 without a cost model). */
struct phases_plan {
    double *added, *build, *pairs; /* owned */
    double lp_objective;           /* budget: sum w theta (Gbit/s); target: discounted USD */
    long columns, rounds;
    int lp_rows, lp_cols;
    bool optimal;
};

void fp_phases_plan_release(struct phases_plan *pp);

/* The network a myopic phase starts from: per span, cap[e] the capacity in service (0 for a
 * candidate not built), z[e] the share of a candidate built so far (MODEL.md: capacity <=
 * cmax_e sum z), pairs[e] the dark fiber pairs lit so far (MODEL.md "Optics"). */
struct phases_state {
    const double *cap;
    const double *z;
    const double *pairs;
};

/* The joint LP (budget or target mode) on the topology as given with theta_req[p] (target mode: the theta each phase needs, Gbit/s; NULL in budget mode), its
 * columns started from seed (per phase, a schedule of that phase: its trees and paths become
 * the phase's first columns; NULL: none). FP_EDATA when a phase's sites cannot be connected,
 * or a target is out of reach (naming the phase). */
int fp_phasesjoint_solve(const struct fp_topo *topo, const struct fp_phases *ph,
                         const struct fp_route_options *ropts, const struct fp_phases_options *po,
                         const double *theta_req, const struct fp_phase_result *seed,
                         struct phases_plan *out, struct fp_error *err);

/* The network the phases before left (st, per span of t) as a topology of its own for `plan`
 * in year: a candidate built in part becomes a lit span (its capacity, ceiling cmax Z) and a
 * parallel candidate x's span twin[e] (ceiling cmax (1 - Z), build cost (1 - Z) build_cost);
 * twin[e] = -1 for every other span, which keeps its index; a candidate not available by year
 * cannot be built. Under a cost model (t->optics) the pairs lit so far are lit on x's span
 * (and no longer dark); a twin has no pair lit, so each Gbit/s on it lights its share of a
 * pair (never cheaper than the model: it cannot use the lit span's room). *x
 * (fp_topo_release()) and *twin (free()) owned, written on success; FP_ESOFTWARE when igraph
 * fails. */
int fp_phases_split_topo(const struct fp_topo *t, double year, const struct phases_state *st,
                         struct fp_topo *x, igraph_integer_t **twin, struct fp_error *err);

/* Routes phase p's network as it stands (r->capacity_gbps, r->in_service) afresh with its sites,
 * as `route --sites` does, into r's theta, T, bound and route (owned by r). FP_EDATA when its
 * sites are apart on it. */
int fp_phases_route_phase(const struct fp_topo *t, const struct fp_phases *ph, igraph_integer_t p,
                          const struct fp_route_options *ropts, struct fp_phase_result *r,
                          struct fp_error *err);

/* --modular: the joint LP's plan lp made whole, phase by phase in time order (MODEL.md "Phases"):
 * each phase's cumulative capacity in whole modules over today's, a candidate built in one
 * phase (a whole share of it in the LP's cumulative plan, for a budget; any share, for a
 * target). Budget: rounded down, modules taken back while the phase's spend passes its budget,
 * then what is left spent a module at a time on the span that raises that phase's theta the
 * most (routed afresh), within the deadline; without --carry-over what it still has buys the
 * whole modules the LP has by the next phases. Target: rounded up, then the modules rounded up
 * past the LP's plan taken back, the dearest first, while the phase still meets its target
 * (routed afresh), within the deadline. out's added and build (owned)
 * are written on success; *usable false when some phase's sites are apart on the whole plan. */
int fp_phases_round(const struct fp_topo *t, const struct fp_phases *ph, const struct fp_phases_options *po,
                    const struct fp_route_options *ropts, const struct phases_plan *lp,
                    struct phases_plan *out, bool *usable, struct fp_error *err);

/* The discount factor of phase p: 1 / (1 + r)^(year_p - year_1). */
double fp_phases_discount(const struct fp_phases *ph, const struct fp_phases_options *po,
                          igraph_integer_t p);

#endif
