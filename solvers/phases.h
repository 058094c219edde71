/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: phased build-out, the fiber planned jointly over phases that come online over
 * years, and the myopic baseline it is measured against (MODEL.md "Phases"). */
#ifndef FP_SOLVERS_PHASES_H
#define FP_SOLVERS_PHASES_H

#include <stdbool.h>

#include "core/error.h"
#include "core/phases.h"
#include "core/topo.h"
#include "solvers/route.h"

struct fp_phases_options {
    double discount;               /* r: target mode minimises sum cost_p / (1 + r)^(year_p - year_1) */
    bool carry_over;               /* budget mode: unspent budget moves to the next phase */
    bool modular;                  /* whole modules (module_gbps at module_cost) and candidates
                                      built whole, in one phase or none (`plan --modular`) */
};

void fp_phases_options_init(struct fp_phases_options *po);

/* Plans the phases ph on topo (MODEL.md "Phases", continuous): the joint plan (one LP over
 * every phase, per phase its own commodities, paths and trees over P_p by column generation,
 * added capacity per span and phase linked by cumulative capacity rows; budget mode maximises
 * sum w_p theta_p within each phase's budget, then the cheapest such plan, discounted; target
 * mode the cheapest, discounted, with theta_p >= what T_p^target needs, in rounds on T_lat), and
 * the myopic baseline (phase by phase `plan` on the network the phases before left, each fixed
 * before the next). With one phase the joint plan is `plan`'s. With po->modular, the myopic
 * phases are `plan --modular` (each within a share of the deadline) and the joint plan is the
 * joint LP (priced per module) made whole phase by phase (solvers/phasesmodular.c), or the
 * myopic plan when that is better (status feasible when below the LP bound). Every phase's theta_p, T_p is its
 * network as it stands routed afresh with its sites (what `route --sites` gives there). res is
 * written on success (owned: fp_phases_result_release()). FP_EDATA when a phase's sites are not
 * connected by spans that can carry capacity, or (target) no plan within the ceilings meets a
 * phase's target; FP_ESOFTWARE on igraph or GLPK failure. */
int fp_phases_solve(const struct fp_topo *topo, const struct fp_phases *ph,
                    const struct fp_route_options *ropts, const struct fp_phases_options *po,
                    struct fp_phases_result *res, struct fp_error *err);

#endif
