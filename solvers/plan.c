/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: capacity planning (MODEL.md "Planning"): the network before, the plan, and the
 * seconds of all-reduce each further dollar buys on each span. */
#include <math.h>
#include <string.h>

#include "solvers/plan.h"

#define TARGET_ROUNDS 4

void fp_plan_options_init(struct fp_plan_options *opts)
{
    opts->budget_usd = NAN;
    opts->target_time_s = NAN;
    opts->modular = false;
    opts->latency_s = 0.0;
    opts->fixed_latency = false;
}

/* USD per Gbit/s per direction of span e: the continuous price, or a module's. */
static double usd_per_gbps(const struct fp_topo *t, igraph_integer_t e, bool modular)
{
    return modular ? t->module_cost[e] / t->module_gbps[e] : t->cost_per_gbps[e];
}

/* Seconds per dollar (MODEL.md duals x 1/kappa): dT/dc_e from the capacity duals at the plan,
 * divided by the price of a Gbit/s; 0 where the ceiling leaves no room. An unbuilt candidate
 * is priced as built and filled: value x ceiling / (build_cost + price x ceiling). */
static void seconds_per_usd(const struct fp_topo *t, const struct fp_route *r, struct fp_plan *p)
{
    igraph_integer_t e;
    for (e = 0; e < t->n_spans; e++) {
        double price, room;
        if (!p->upgradable[e]) {
            p->seconds_per_usd[e] = NAN;
            continue;
        }
        price = usd_per_gbps(t, e, p->modular);
        room = t->ceiling_gbps[e] - p->planned_gbps[e];
        if (!fp_topo_is_lit(t, e) && p->build[e] < 0.5) {
            double full = t->ceiling_gbps[e];
            p->seconds_per_usd[e] = r->marginal_s_per_gbps[e] * full / (t->build_cost[e] + price * full);
        } else if (room < (p->modular ? t->module_gbps[e] : 1e-6)) {
            p->seconds_per_usd[e] = 0.0;
        } else {
            p->seconds_per_usd[e] = r->marginal_s_per_gbps[e] / price;
        }
    }
}

/* A lower bound on any tree's T_lat: a tree rooted at r is at least as deep as the shortest
 * delay from r to its farthest site plus one alpha, so T_lat >= 2 (min_r max_s d(r, s) + alpha),
 * over every span that could carry traffic (lit or candidate). */
static int latency_floor(const struct fp_topo *t, const struct fp_job *job, double alpha_s,
                         double *out, struct fp_error *err)
{
    igraph_vector_t w;
    igraph_vector_int_t from;
    igraph_matrix_t d;
    igraph_integer_t i, j, k = job->n_sites;
    double best = INFINITY;
    bool have_w = false, have_f = false, have_d = false;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_init(&w, t->n_spans));
    have_w = true;
    for (i = 0; i < t->n_spans; i++) {
        VECTOR(w)[i] = t->delay_s[i];
    }
    FP_IGRAPH(err, igraph_vector_int_init(&from, k));
    have_f = true;
    for (i = 0; i < k; i++) {
        VECTOR(from)[i] = job->sites[i];
    }
    FP_IGRAPH(err, igraph_matrix_init(&d, 0, 0));
    have_d = true;
    FP_IGRAPH(err, igraph_distances_dijkstra(&t->graph, &d, igraph_vss_vector(&from),
                                             igraph_vss_vector(&from), &w, IGRAPH_ALL));
    for (i = 0; i < k; i++) {
        double far = 0.0;
        for (j = 0; j < k; j++) {
            far = MATRIX(d, i, j) > far ? MATRIX(d, i, j) : far;
        }
        best = far < best ? far : best;
    }
    *out = 2.0 * (best + alpha_s);
out:
    if (have_d) {
        igraph_matrix_destroy(&d);
    }
    if (have_f) {
        igraph_vector_int_destroy(&from);
    }
    if (have_w) {
        igraph_vector_destroy(&w);
    }
    return rc;
}

int fp_plan_solve(const struct fp_topo *topo, const struct fp_job *job,
                  const struct fp_route_options *ropts, const struct fp_plan_options *popts,
                  struct fp_route *route, struct fp_plan *plan, struct fp_error *err)
{
    struct fp_route before, r;
    struct fp_plan p;
    struct fp_plan_options po = *popts;
    struct fp_error before_err;
    int rc, round;

    memset(&before, 0, sizeof(before));
    memset(&r, 0, sizeof(r));
    memset(&p, 0, sizeof(p));
    fp_error_init(&before_err);
    /* today's network; if its sites are cut off today, planning may still join them */
    rc = fp_route_solve(topo, job, ropts, &before, &before_err);
    if (rc == FP_EDATA) {
        before.theta_gbps = 0.0;
        before.allreduce_s = before.bandwidth_s = INFINITY;
        before.latency_s = 0.0;
    } else if (rc != FP_OK) {
        *err = before_err;
        return rc;
    }
    /* target mode: start from the least latency any tree can have (the cheapest theta the
     * target allows), and raise it to the plan's own latency when the plan misses */
    if (isnan(po.budget_usd) && !po.fixed_latency) {
        rc = latency_floor(topo, job, ropts->alpha_s, &po.latency_s, err);
        if (rc != FP_OK) {
            fp_result_route_release(&before);
            return rc;
        }
    }
    for (round = 0; round < TARGET_ROUNDS; round++) {
        fp_result_route_release(&r);
        fp_result_plan_release(&p);
        rc = fp_route_solve_master(topo, job, ropts, &po, &r, &p, err);
        if (rc != FP_OK || !isnan(po.budget_usd) || po.fixed_latency ||
            r.allreduce_s <= po.target_time_s * (1 + 1e-9)) {
            break;
        }
        /* the planned routing has more latency than planned for: plan again with it */
        po.latency_s = r.latency_s > po.latency_s ? r.latency_s : po.latency_s * 1.05;
    }
    if (rc == FP_OK && isnan(po.budget_usd) && !po.fixed_latency &&
        r.allreduce_s > po.target_time_s * (1 + 1e-9)) {
        rc = fp_error_set(err, FP_EDATA, topo->path, 0,
                          "no plan found with T <= %g s: the best reaches %.4g s", po.target_time_s,
                          r.allreduce_s);
    }
    if (rc == FP_OK) {
        p.theta_before_gbps = before.theta_gbps;
        p.allreduce_before_s = before.allreduce_s;
        p.bandwidth_before_s = before.bandwidth_s;
        p.latency_before_s = before.latency_s;
        seconds_per_usd(topo, &r, &p);
        *route = r;
        *plan = p;
    } else {
        fp_result_route_release(&r);
        fp_result_plan_release(&p);
    }
    fp_result_route_release(&before);
    return rc;
}
