/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: marginal values that come true (MODEL.md "Units", "tree"): the one-sided
 * derivative of theta and of T_bw in each span's capacity, found by re-solving. */
#ifndef FP_SOLVERS_MARGINAL_H
#define FP_SOLVERS_MARGINAL_H

#include <stdbool.h>

#include <igraph.h>

#include "core/error.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"
#include "solvers/route.h"

/* The first step, relative to the span's capacity; halved while theta is not linear over it. */
#define FP_MARGINAL_STEP 0.01
#define FP_MARGINAL_HALVINGS 4

struct fp_marginal {
    double theta_gbps;            /* theta of the network as given (the re-solves' base) */
    /* per span (owned, n_spans): the increase-direction derivative d theta / d c_e (Gbit/s per
     * Gbit/s), T_bw seconds saved per added Gbit/s (8 S / (theta^2 1e9) x d theta / d c_e),
     * and the step it holds over: theta(c + d e_e) = theta + d x dtheta_dc for every d in
     * [0, step_gbps]. step 0: the span has slack in the optimum, so every optimal dual prices
     * it at 0 (complementary slackness) and so does the derivative. range: linearity was not
     * confirmed down to the smallest step; the value is the average gain over that step, a
     * lower bound on the derivative. Spans not in service: 0. */
    double *dtheta_dc;
    double *s_per_gbps;
    double *step_gbps;
    bool *range;
    bool single_helps;            /* some span alone raises theta */
    /* when no span alone raises theta (several cuts bind): a group of spans that must grow
     * together, none of which can be left out (owned, n_group; 0 when none was found), and
     * what adding one Gbit/s to each of them buys, over [0, group_step_gbps] */
    igraph_integer_t *group;
    igraph_integer_t n_group;
    double group_dtheta_dc;
    double group_s_per_gbps;
    double group_step_gbps;
    long solves;                  /* route solves it took */
};

void fp_marginal_init(struct fp_marginal *m);
void fp_marginal_release(struct fp_marginal *m);

/* The marginal value of every lit span for the job's tree all-reduce (ropts as for
 * fp_route_solve; collective tree): spans that route's optimum leaves unsaturated get 0; each
 * saturated span is re-solved with its capacity raised by FP_MARGINAL_STEP x c_e, and by half
 * that, and the step halved until theta is linear over it (at most FP_MARGINAL_HALVINGS
 * times; else range). When no span alone raises theta, the saturated spans are raised
 * together and dropped one at a time while theta still rises, leaving the group.
 * Returns FP_EDATA when no positive throughput is possible, FP_ESOFTWARE on solver failure.
 * out is written only on success; release it with fp_marginal_release(). */
int fp_marginal_solve(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *ropts, const struct fp_route *route,
                      struct fp_marginal *out, struct fp_error *err);

/* theta of the tree all-reduce with add_gbps[e] (NULL: none) added to each span's capacity:
 * one fp_route_solve on a view of topo. */
int fp_marginal_theta(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *ropts, const double *add_gbps,
                      double *theta_gbps, struct fp_error *err);

#endif
