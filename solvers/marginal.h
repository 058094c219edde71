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
/* The group search starts from every saturated span: at most this many (else group_skipped) */
#define FP_MARGINAL_MAX_GROUP 64

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
    igraph_integer_t group_skipped;   /* saturated spans, too many for the group search; or 0 */
    long solves;                  /* route solves it took */
};

void fp_marginal_init(struct fp_marginal *m);
void fp_marginal_release(struct fp_marginal *m);

/* The marginal value of every lit span for the job's tree all-reduce (ropts as for
 * fp_route_solve; collective tree; route optimal): spans that route's optimum leaves
 * unsaturated, or its capacity duals price at 0, get 0 (weak duality: no step on them raises
 * theta); each other span is re-solved with its capacity raised by FP_MARGINAL_STEP x c_e,
 * and by half that, and the step halved until theta is linear over it (at most
 * FP_MARGINAL_HALVINGS times; else range). When no span alone raises theta, the group search
 * of fp_marginal_group follows. The re-solves are warm (fp_resolver).
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

/* A network solved once for re-solves with capacity added (the marginal values' and next
 * dollars' probes): each probe starts from the columns and basis the solves before it left
 * and runs column generation to the same stopping rule as fp_route_solve, so it gives the
 * same theta (to the solver's tolerance) in a fraction of the time. A probe that adds to a
 * span without capacity rows (dark, or at 0 Gbit/s), or whose column generation stops short,
 * is a full fp_marginal_theta. topo and job must outlive the resolver and stay unchanged but
 * for such spans. */
struct fp_resolver;

/* Solves topo (ropts as for fp_marginal_theta); *theta_gbps its theta. On failure *out is
 * NULL and the error is set. */
int fp_resolver_open(const struct fp_topo *topo, const struct fp_job *job,
                     const struct fp_route_options *ropts, struct fp_resolver **out,
                     double *theta_gbps, struct fp_error *err);

/* theta with add_gbps[e] added to each span e (NULL: none, the network as opened). */
int fp_resolver_theta(struct fp_resolver *r, const double *add_gbps, double *theta_gbps,
                      struct fp_error *err);

void fp_resolver_close(struct fp_resolver *r);

/* The network the resolver solves. */
const struct fp_topo *fp_resolver_topo(const struct fp_resolver *r);

/* When no span alone raises theta (route optimal on the resolver's network): the saturated
 * spans (at most FP_MARGINAL_MAX_GROUP, else out->group_skipped) are raised together and
 * dropped one at a time while theta still rises, leaving a group none of which can be left out; out gets group, n_group and its slopes (and no
 * per-span arrays). Release with fp_marginal_release(). */
int fp_marginal_group(struct fp_resolver *res, const struct fp_route *route, struct fp_marginal *out,
                      struct fp_error *err);

#endif
