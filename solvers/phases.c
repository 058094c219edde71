/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: plan --phases (MODEL.md "Phases"): the myopic baseline (phase by phase `plan` on
 * the network the phases before left), the joint plan (solvers/phasesjoint.c; with one phase,
 * `plan`'s own), and every phase's network as it stands routed afresh with its sites. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "solvers/bound.h"
#include "solvers/phases_internal.h"
#include "solvers/plan.h"

#define MET_TOL 1e-9        /* T_p within this of its target meets it (relative) */
#define LATENCY_ROUNDS 6    /* target mode: joint plans with T_lat raised to what routing gave */

void fp_phases_options_init(struct fp_phases_options *po)
{
    po->discount = 0.0;
    po->carry_over = false;
}

void fp_phases_plan_release(struct phases_plan *pp)
{
    free(pp->added);
    free(pp->build);
    free(pp->pairs);
    memset(pp, 0, sizeof(*pp));
}

double fp_phases_discount(const struct fp_phases *ph, const struct fp_phases_options *po,
                          igraph_integer_t p)
{
    return 1.0 / pow(1.0 + po->discount, ph->items[p].year - ph->items[0].year);
}

/* Phase p's network as it stands (cap, in service) as a view of t: only capacity_gbps, status
 * and build_cost are the view's own (a candidate not yet available cannot be built). */
static void phase_view(const struct fp_topo *t, const struct fp_phases *ph, igraph_integer_t p,
                       const double *cap, const bool *in_service, struct fp_topo *view)
{
    igraph_integer_t e;
    *view = *t;
    view->capacity_gbps = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    view->status = fp_xcalloc((size_t)t->n_spans + 1, sizeof(enum fp_span_status));
    view->build_cost = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    for (e = 0; e < t->n_spans; e++) {
        view->capacity_gbps[e] = in_service[e] ? cap[e] : t->capacity_gbps[e];
        view->status[e] = in_service[e] ? FP_SPAN_LIT : FP_SPAN_CANDIDATE;
        view->build_cost[e] = t->available[e] > ph->items[p].year ? NAN : t->build_cost[e];
    }
}

static void view_release(struct fp_topo *view)
{
    free(view->capacity_gbps);
    free(view->status);
    free(view->build_cost);
    memset(view, 0, sizeof(*view));
}

int fp_phases_route_phase(const struct fp_topo *t, const struct fp_phases *ph, igraph_integer_t p,
                          const struct fp_route_options *ropts, struct fp_phase_result *r,
                          struct fp_error *err)
{
    struct fp_route_options ro = *ropts;
    struct fp_topo view;
    struct fp_bound b;
    const struct fp_job *job = &ph->items[p].job;
    int rc;

    memset(&b, 0, sizeof(b));
    ro.collective = FP_COLL_TREE;
    ro.write_lp = NULL;
    phase_view(t, ph, p, r->capacity_gbps, r->in_service, &view);
    /* as `route` solves it: the cut bound ends its theta phase early (solvers/target.c), and so
     * sets the path its latency phase takes */
    rc = fp_bound_compute(&view, job, &b, err);
    if (rc == FP_OK) {
        ro.upper_bound_gbps = b.theta_lb_gbps;
        rc = fp_route_solve(&view, job, &ro, &r->route, err);
    }
    if (rc == FP_OK) {
        r->theta_gbps = r->route.theta_gbps;
        r->allreduce_s = r->route.allreduce_s;
        r->bandwidth_s = r->route.bandwidth_s;
        r->latency_s = r->route.latency_s;
        r->theta_lb_gbps = b.theta_lb_gbps;
        r->lb_allreduce_s = fmax(fp_job_bw_s(job->gradient_bytes, b.theta_lb_gbps), b.delay_bound_s);
        r->route.lower_bound_ratio = r->allreduce_s / r->lb_allreduce_s;
        r->met = !ph->target || r->allreduce_s <= ph->items[p].target_time_s * (1.0 + MET_TOL);
    }
    fp_result_bound_release(&b);
    view_release(&view);
    return rc;
}

/* What adding added_gbps to span e, building a share build of it and lighting pairs dark
 * fiber pairs on it costs: whole modules at module_cost with --modular (as `plan --modular`
 * counts them), else cost_per_gbps; a pair at the price of lighting it (MODEL.md "Optics"). */
static double span_usd(const struct fp_topo *t, const struct fp_phases_options *po, igraph_integer_t e,
                       double added_gbps, double build, double pairs)
{
    double usd = !po->modular ? added_gbps * fp_plan_usd_per_gbps(t, e, false)
                 : added_gbps > 0.0 ? round(added_gbps / t->module_gbps[e]) * t->module_cost[e] : 0.0;
    usd += pairs > 0.0 ? pairs * t->optics->pair_usd[e] : 0.0;
    return usd + (build > 0.0 ? build * t->build_cost[e] : 0.0);
}

/* The pairs a plan lights on span e in phase p (pairs[p S + e]; 0 without a cost model), within
 * the dark pairs the phases before left (lit: what they lit). */
static double phase_pairs(const struct fp_topo *t, const double *pairs, igraph_integer_t p,
                          igraph_integer_t e, double lit)
{
    double m = pairs != NULL && t->optics != NULL ? pairs[p * t->n_spans + e] : 0.0;
    return m > 1e-12 ? fmin(m, fmax(0.0, t->optics->dark[e] - lit)) : 0.0;
}

/* Phase results from a plan per phase and span (pp's added, build, pairs: [q S + e]) on the
 * topology as given: capacities as they stand, spend, budgets (with --carry-over what is left
 * moves on), each phase routed afresh. */
static int assemble(const struct fp_topo *t, const struct fp_phases *ph, const struct fp_phases_options *po,
                    const struct phases_plan *pp, const struct fp_route_options *ropts,
                    struct fp_phase_result *out, struct fp_error *err)
{
    const double *added = pp->added, *build = pp->build;
    igraph_integer_t p, q, e, S = t->n_spans;
    double left = 0.0;
    int rc = FP_OK;
    for (p = 0; rc == FP_OK && p < ph->n; p++) {
        struct fp_phase_result *r = &out[p];
        r->capacity_gbps = fp_xcalloc((size_t)S + 1, sizeof(double));
        r->in_service = fp_xcalloc((size_t)S + 1, sizeof(bool));
        r->added_gbps = fp_xcalloc((size_t)S + 1, sizeof(double));
        r->build = fp_xcalloc((size_t)S + 1, sizeof(double));
        r->span_cost_usd = fp_xcalloc((size_t)S + 1, sizeof(double));
        r->pairs_lit = fp_xcalloc((size_t)S + 1, sizeof(double));
        for (e = 0; e < S; e++) {
            double lit = 0.0;
            double before = p > 0 ? out[p - 1].capacity_gbps[e] : (fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0);
            /* the ceiling holds to the bit (the LP's sum may pass it by a rounding error) */
            r->added_gbps[e] = fmin(added[p * S + e], fmax(0.0, t->ceiling_gbps[e] - before));
            r->build[e] = fp_topo_is_lit(t, e) || !(build[p * S + e] > 1e-9) ? 0.0 : build[p * S + e];
            r->capacity_gbps[e] = r->added_gbps[e] > 0.0 ? fmin(before + r->added_gbps[e], t->ceiling_gbps[e]) : before;
            r->in_service[e] = fp_topo_is_lit(t, e) || r->capacity_gbps[e] > 0.0;
            for (q = 0; q < p; q++) {
                lit += out[q].pairs_lit[e];
            }
            r->pairs_lit[e] = phase_pairs(t, pp->pairs, p, e, lit);
            r->span_cost_usd[e] = span_usd(t, po, e, r->added_gbps[e], r->build[e], r->pairs_lit[e]);
            r->cost_usd += r->span_cost_usd[e];
        }
        r->discounted_usd = r->cost_usd * fp_phases_discount(ph, po, p);
        r->budget_usd = ph->target ? NAN : ph->items[p].budget_usd + (po->carry_over ? left : 0.0);
        left = ph->target ? 0.0 : r->budget_usd - r->cost_usd;
        r->required_gbps = NAN;
        rc = fp_phases_route_phase(t, ph, p, ropts, r, err);
    }
    return rc;
}

static void results_free(struct fp_phase_result *r, igraph_integer_t n)
{
    igraph_integer_t p;
    for (p = 0; r != NULL && p < n; p++) {
        fp_phase_result_release(&r[p]);
    }
    free(r);
}

static void *copy_of(const void *src, size_t n, size_t size)
{
    void *dst = fp_xcalloc(n + 1, size);
    memcpy(dst, src, n * size);
    return dst;
}

/* The per-span arrays of route src (loads per arc, d theta / d c, marginals) copied into dst. */
static void route_arrays(const struct fp_route *src, igraph_integer_t S, struct fp_route *dst)
{
    dst->load_gbps = src->load_gbps != NULL ? copy_of(src->load_gbps, 2 * (size_t)S, sizeof(double)) : NULL;
    dst->dtheta_dc = src->dtheta_dc != NULL ? copy_of(src->dtheta_dc, (size_t)S, sizeof(double)) : NULL;
    dst->marginal_s_per_gbps = src->marginal_s_per_gbps != NULL ?
                               copy_of(src->marginal_s_per_gbps, (size_t)S, sizeof(double)) : NULL;
    dst->marginal_group = src->marginal_group == NULL ? NULL
                          : copy_of(src->marginal_group, (size_t)src->n_marginal_group, sizeof(igraph_integer_t));
    dst->n_marginal_group = src->marginal_group != NULL ? src->n_marginal_group : 0;
    dst->marginal_group_dtheta_dc = src->marginal_group_dtheta_dc;
    dst->marginal_group_s_per_gbps = src->marginal_group_s_per_gbps;
}

/* Copies of the phase results src (n phases on S spans, each route with its trees, paths and
 * per-span arrays), owned as assemble()'s. */
static struct fp_phase_result *results_copy(const struct fp_phase_result *src, igraph_integer_t n,
                                            igraph_integer_t S)
{
    struct fp_phase_result *dst = fp_xcalloc((size_t)n, sizeof(*dst));
    igraph_integer_t p;
    for (p = 0; p < n; p++) {
        dst[p] = src[p];
        dst[p].capacity_gbps = copy_of(src[p].capacity_gbps, (size_t)S, sizeof(double));
        dst[p].in_service = copy_of(src[p].in_service, (size_t)S, sizeof(bool));
        dst[p].added_gbps = copy_of(src[p].added_gbps, (size_t)S, sizeof(double));
        dst[p].build = copy_of(src[p].build, (size_t)S, sizeof(double));
        dst[p].pairs_lit = copy_of(src[p].pairs_lit, (size_t)S, sizeof(double));
        dst[p].span_cost_usd = copy_of(src[p].span_cost_usd, (size_t)S, sizeof(double));
        fp_result_route_copy(&src[p].route, &dst[p].route);
        route_arrays(&src[p].route, S, &dst[p].route);
    }
    return dst;
}

/* The objective of a plan's phases: sum w_p theta_p, or the discounted cost. */
static double objective(const struct fp_phases *ph, const struct fp_phase_result *r)
{
    igraph_integer_t p;
    double sum = 0.0;
    for (p = 0; p < ph->n; p++) {
        sum += ph->target ? r[p].discounted_usd : ph->items[p].weight * r[p].theta_gbps;
    }
    return sum;
}

/* Target mode: the theta each phase needs with T_lat at lat[p], 8 S_p / ((T_p - L_p) 1e9). */
static void required(const struct fp_phases *ph, const double *lat, double *req)
{
    igraph_integer_t p;
    for (p = 0; p < ph->n; p++) {
        req[p] = 8.0 * ph->items[p].job.gradient_bytes / ((ph->items[p].target_time_s - lat[p]) * 1e9);
    }
}

/* Each phase's T_lat floor (fp_plan_latency_floor); FP_EDATA when it leaves a target no time. */
static int latency_floors(const struct fp_topo *t, const struct fp_phases *ph,
                          const struct fp_route_options *ropts, double *lat, struct fp_error *err)
{
    igraph_integer_t p;
    int rc = FP_OK;
    for (p = 0; rc == FP_OK && p < ph->n; p++) {
        rc = fp_plan_latency_floor(t, &ph->items[p].job, ropts->alpha_s, &lat[p], err);
        if (rc == FP_OK && ph->items[p].target_time_s <= lat[p]) {
            rc = fp_error_set(err, FP_EDATA, ph->path, 0, "phase '%s': no plan reaches T <= %g s: its "
                              "latency alone is at least %.4g s", ph->items[p].name,
                              ph->items[p].target_time_s, lat[p]);
        }
    }
    return rc;
}

/* Raises the T_lat of each phase that missed its target to what routing gave it; false when that
 * leaves some target no time, or every phase met its target. */
static bool raise_latencies(const struct fp_phases *ph, const struct fp_phase_result *r, double *lat)
{
    igraph_integer_t p;
    bool again = false;
    for (p = 0; p < ph->n; p++) {
        if (!r[p].met) {
            lat[p] = fmax(lat[p], r[p].latency_s);
            if (lat[p] >= ph->items[p].target_time_s) {
                return false;
            }
            again = true;
        }
    }
    return again;
}

/* The joint LP plan of ph, its phases routed: budget mode one
 * solve; target mode rounds on T_lat (from each phase's floor, a phase that missed its target
 * raised to what routing gave it) until every phase meets its target, LATENCY_ROUNDS, or a later
 * round the ceilings cannot meet (the round before stands). *pp and *r (ph->n, owned) written
 * on success. */
static int lp_plan(const struct fp_topo *t, const struct fp_phases *ph, const struct fp_phases_options *po,
                   const struct fp_route_options *ropts, const struct fp_phase_result *seed, struct phases_plan *pp, struct fp_phase_result **r,
                   struct fp_error *err)
{
    double *lat = fp_xcalloc((size_t)ph->n, sizeof(double)), *req = fp_xcalloc((size_t)ph->n, sizeof(double));
    igraph_integer_t p;
    int rc = ph->target ? latency_floors(t, ph, ropts, lat, err) : FP_OK, round;
    long rounds = 0;

    for (round = 0; rc == FP_OK && round < (ph->target ? LATENCY_ROUNDS : 1); round++) {
        struct phases_plan q;
        struct fp_phase_result *res = NULL;
        memset(&q, 0, sizeof(q));
        required(ph, lat, req);
        rc = fp_phasesjoint_solve(t, ph, ropts, po, ph->target ? req : NULL, *r != NULL ? *r : seed, &q, err);
        if (rc == FP_EDATA && round > 0) {
            fp_error_init(err);   /* the round before stands */
            rc = FP_OK;
            break;
        }
        res = rc == FP_OK ? fp_xcalloc((size_t)ph->n, sizeof(*res)) : NULL;
        rc = rc == FP_OK ? assemble(t, ph, po, &q, ropts, res, err) : rc;
        for (p = 0; rc == FP_OK && ph->target && p < ph->n; p++) {
            res[p].required_gbps = req[p];
        }
        rounds += q.rounds;
        if (rc != FP_OK) {
            results_free(res, ph->n);
            fp_phases_plan_release(&q);
            break;
        }
        results_free(*r, ph->n);
        fp_phases_plan_release(pp);
        *r = res;
        *pp = q;
        if (!ph->target || !raise_latencies(ph, res, lat)) {
            break;
        }
    }
    pp->rounds = rounds;
    free(lat);
    free(req);
    return rc;
}

/* Myopic phase p: `plan` (`plan --modular` with po->modular) on the network the phases before
 * left (st: capacities, built shares and pairs lit; a candidate built in part split in two,
 * fp_phases_split_topo(); never with --modular), within budget_usd or for T_p; its decisions
 * per span of t into phase p's added, build and pairs of pp, its spend into *cost_usd and its
 * LP bound into *bound (budget: theta, Gbit/s; target: USD). */
static int myopic_phase(const struct fp_topo *t, const struct fp_phases *ph,
                        const struct fp_phases_options *po, igraph_integer_t p, double budget_usd,
                        const struct phases_state *st, const struct fp_route_options *ropts,
                        struct phases_plan *pp, double *cost_usd, double *bound, struct fp_error *err)
{
    double *added = pp->added + p * t->n_spans, *build = pp->build + p * t->n_spans;
    double *pairs = pp->pairs + p * t->n_spans;
    struct fp_plan_options popts;
    struct fp_route_options ro = *ropts;
    struct fp_topo x;
    struct fp_route route;
    struct fp_plan plan;
    igraph_integer_t e, *twin = NULL;
    int rc;

    memset(&route, 0, sizeof(route));
    memset(&plan, 0, sizeof(plan));
    fp_plan_options_init(&popts);
    popts.budget_usd = ph->target ? NAN : budget_usd;
    popts.target_time_s = ph->target ? ph->items[p].target_time_s : NAN;
    popts.modular = po->modular;
    ro.collective = FP_COLL_TREE;
    ro.write_lp = NULL;
    rc = fp_phases_split_topo(t, ph->items[p].year, st, &x, &twin, err);
    rc = rc == FP_OK ? fp_plan_solve(&x, &ph->items[p].job, &ro, &popts, &route, &plan, err) : rc;
    if (rc == FP_EDATA && ph->target && strncmp(err->msg, "phase '", 7) != 0) {
        char msg[sizeof(err->msg)];
        memcpy(msg, err->msg, sizeof(msg));
        fp_error_init(err);
        rc = fp_error_set(err, FP_EDATA, ph->path, 0, "phase '%s': %s", ph->items[p].name, msg);
    }
    *cost_usd = rc == FP_OK ? plan.cost_usd : 0.0;
    /* the plan's LP bound (budget: theta, target: USD, from its gap) */
    *bound = rc != FP_OK ? NAN : ph->target ? plan.cost_usd * (1.0 - plan.gap) : plan.lp_bound_gbps;
    for (e = 0; rc == FP_OK && e < t->n_spans; e++) {
        double z = twin[e] >= 0 ? (1.0 - st->z[e]) * plan.build[twin[e]] : fp_topo_is_lit(&x, e) ? 0.0 : plan.build[e];
        added[e] = plan.added_gbps[e] + (twin[e] >= 0 ? plan.added_gbps[twin[e]] : 0.0);
        build[e] = z > 1e-9 ? z : 0.0;
        pairs[e] = plan.pairs_lit[e] + (twin[e] >= 0 ? plan.pairs_lit[twin[e]] : 0.0);
    }
    fp_result_plan_release(&plan);
    fp_result_route_release(&route);
    if (twin != NULL) {
        fp_topo_release(&x);
    }
    free(twin);
    return rc;
}

/* The myopic baseline: each phase planned alone and fixed before the next (pp's arrays). */
static int myopic(const struct fp_topo *t, const struct fp_phases *ph, const struct fp_phases_options *po,
                  const struct fp_route_options *ropts, struct phases_plan *pp, struct fp_error *err)
{
    igraph_integer_t p, e, S = t->n_spans;
    double *cap = fp_xcalloc((size_t)S + 1, sizeof(double)), *z = fp_xcalloc((size_t)S + 1, sizeof(double));
    double *pairs = fp_xcalloc((size_t)S + 1, sizeof(double)), left = 0.0;
    struct phases_state st = {cap, z, pairs};
    int rc = FP_OK;

    pp->added = fp_xcalloc((size_t)(ph->n * S) + 1, sizeof(double));
    pp->build = fp_xcalloc((size_t)(ph->n * S) + 1, sizeof(double));
    pp->pairs = fp_xcalloc((size_t)(ph->n * S) + 1, sizeof(double));
    for (e = 0; e < S; e++) {
        cap[e] = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
    }
    for (p = 0; rc == FP_OK && p < ph->n; p++) {
        double budget = ph->target ? NAN : ph->items[p].budget_usd + (po->carry_over ? left : 0.0), cost, bound;
        struct fp_route_options ro = *ropts;
        struct fp_deadline share;
        if (po->modular) {
            /* --modular: each phase's plan (branch and cut) within its share of what is left,
             * one share kept for the joint plan made whole */
            fp_deadline_share(ropts->deadline, 1.0, (double)(ph->n - p) + (ph->n > 1 ? 1.0 : 0.0), &share);
            ro.deadline = &share;
        }
        rc = myopic_phase(t, ph, po, p, budget, &st, &ro, pp, &cost, &bound, err);
        /* one phase: the joint plan is this one, and so is its bound */
        pp->lp_objective = ph->target ? bound : ph->items[p].weight * bound;
        left = ph->target ? 0.0 : budget - cost;
        for (e = 0; rc == FP_OK && e < S; e++) {
            cap[e] += pp->added[p * S + e];
            z[e] += pp->build[p * S + e];
            pairs[e] += pp->pairs[p * S + e];
        }
    }
    free(cap);
    free(z);
    free(pairs);
    return rc;
}

/* --modular: the joint LP's plan pp made whole (fp_phases_round()) and routed into res->joint
 * (or, when it leaves some phase's sites apart, the myopic plan mine), target mode keeping the
 * theta each phase needs. */
static int make_whole(const struct fp_topo *t, const struct fp_phases *ph, const struct fp_phases_options *po,
                      const struct fp_route_options *ropts, const struct phases_plan *pp,
                      const struct phases_plan *mine, struct fp_phases_result *res, struct fp_error *err)
{
    struct phases_plan whole;
    double *req = fp_xcalloc((size_t)ph->n, sizeof(double));
    igraph_integer_t p;
    bool usable = false;
    int rc;

    memset(&whole, 0, sizeof(whole));
    for (p = 0; p < ph->n; p++) {
        req[p] = res->joint[p].required_gbps;
    }
    rc = fp_phases_round(t, ph, po, ropts, pp, &whole, &usable, err);
    if (rc == FP_OK) {
        results_free(res->joint, ph->n);
        res->joint = fp_xcalloc((size_t)ph->n, sizeof(struct fp_phase_result));
        rc = assemble(t, ph, po, usable ? &whole : mine, ropts, res->joint, err);
    }
    for (p = 0; rc == FP_OK && p < ph->n; p++) {
        res->joint[p].required_gbps = req[p];
    }
    fp_phases_plan_release(&whole);
    free(req);
    return rc;
}

/* The joint plan into res->joint: with one phase, the myopic plan (`plan`'s own) routed again. */
static int joint(const struct fp_topo *t, const struct fp_phases *ph, const struct fp_phases_options *po,
                 const struct fp_route_options *ropts, const struct phases_plan *mine,
                 struct fp_phases_result *res, struct fp_error *err)
{
    struct phases_plan pp;
    int rc;
    memset(&pp, 0, sizeof(pp));
    if (ph->n == 1) {
        res->joint = results_copy(res->myopic, 1, t->n_spans);   /* as routed already */
        res->status = FP_STATUS_OPTIMAL;
        if (po->modular && isfinite(mine->lp_objective)) {
            res->lp_objective = mine->lp_objective;   /* `plan --modular`'s LP bound and gap */
        }
        return FP_OK;
    }
    rc = lp_plan(t, ph, po, ropts, res->myopic, &pp, &res->joint, err);
    rc = rc == FP_OK && po->modular ? make_whole(t, ph, po, ropts, &pp, mine, res, err) : rc;
    if (rc == FP_OK) {
        res->lp_objective = pp.lp_objective;
        res->rounds = pp.rounds;
        res->columns = pp.columns;
        res->lp_rows = pp.lp_rows;
        res->lp_cols = pp.lp_cols;
        res->status = pp.optimal ? FP_STATUS_OPTIMAL : FP_STATUS_TIME_LIMIT;
    }
    fp_phases_plan_release(&pp);
    return rc;
}

/* res->total: the joint plan as one plan, and the last phase's job on the network as given. */
static int total_plan(const struct fp_topo *t, const struct fp_phases *ph, const struct fp_route_options *ropts,
                      struct fp_phases_result *res, struct fp_error *err)
{
    struct fp_plan *pl = &res->total;
    struct fp_plan_options po;
    struct fp_route_options ro = *ropts;
    struct fp_route before;
    igraph_integer_t p, e, last = ph->n - 1;
    int rc;

    fp_plan_options_init(&po);
    fp_result_plan_alloc(pl, t->n_spans);
    pl->budget_usd = ph->target ? NAN : 0.0;
    pl->target_time_s = ph->target ? ph->items[last].target_time_s : NAN;
    pl->lp_bound_gbps = res->joint[last].theta_gbps;
    pl->gap = 0.0;
    pl->cost_bound_usd = pl->walked_usd = pl->walked_latency_s = NAN;
    pl->mip_proven = !res->modular;
    pl->modular = res->modular;
    pl->worst = -1;
    for (p = 0; p < ph->n; p++) {
        pl->budget_usd += ph->target ? 0.0 : ph->items[p].budget_usd;
        for (e = 0; e < t->n_spans; e++) {
            pl->added_gbps[e] += res->joint[p].added_gbps[e];
            pl->build[e] += res->joint[p].build[e];
            pl->pairs_lit[e] += res->joint[p].pairs_lit[e];
            pl->span_cost_usd[e] += res->joint[p].span_cost_usd[e];
        }
        pl->cost_usd += res->joint[p].cost_usd;
    }
    for (e = 0; e < t->n_spans; e++) {
        pl->upgradable[e] = fp_plan_span_plannable(t, &po, e);
        pl->planned_gbps[e] = res->joint[last].capacity_gbps[e];
        pl->modules[e] = isnan(t->module_gbps[e]) ? 0.0 : pl->added_gbps[e] / t->module_gbps[e];
    }
    memset(&before, 0, sizeof(before));
    ro.collective = FP_COLL_TREE;
    ro.write_lp = NULL;
    rc = fp_route_solve(t, &ph->items[last].job, &ro, &before, err);
    if (rc == FP_OK) {
        pl->theta_before_gbps = before.theta_gbps;
        pl->allreduce_before_s = before.allreduce_s;
        pl->bandwidth_before_s = before.bandwidth_s;
        pl->latency_before_s = before.latency_s;
    } else if (rc == FP_EDATA) {
        fp_error_init(err);   /* its sites are apart today: nothing before */
        rc = FP_OK;
        pl->theta_before_gbps = 0.0;
        pl->allreduce_before_s = pl->bandwidth_before_s = INFINITY;
        pl->latency_before_s = NAN;
    }
    fp_result_route_release(&before);
    return rc;
}

/* MODEL.md "Anytime planning", incumbents only improve: the myopic plan is a joint plan too, so
 * a joint plan cut short (or, with --modular, made whole) that does worse (less sum w theta, or
 * a dearer plan or one that misses a target the myopic meets) gives way to it, its phases as the
 * myopic baseline routed them. */
static void keep_incumbent(const struct fp_topo *t, const struct fp_phases *ph, const struct fp_phases_options *po,
                           struct fp_phases_result *res)
{
    double joint = objective(ph, res->joint), myopic = objective(ph, res->myopic);
    bool met = true, myopic_met = true, worse;
    igraph_integer_t p;
    for (p = 0; p < ph->n; p++) {
        met = met && res->joint[p].met;
        myopic_met = myopic_met && res->myopic[p].met;
    }
    worse = ph->target ? (myopic_met && (!met || joint > myopic)) : joint < myopic;
    /* a whole-module plan made from the LP's is no optimum: the myopic one may beat it */
    if ((res->status == FP_STATUS_OPTIMAL && !po->modular) || !worse) {
        return;
    }
    /* the myopic phases as routed before (a route past the deadline would be cut short) */
    results_free(res->joint, ph->n);
    res->joint = results_copy(res->myopic, ph->n, t->n_spans);
}

int fp_phases_solve(const struct fp_topo *topo, const struct fp_phases *ph,
                    const struct fp_route_options *ropts, const struct fp_phases_options *po,
                    struct fp_phases_result *res, struct fp_error *err)
{
    struct fp_phases_result r;
    struct fp_route_options o = *ropts;
    struct fp_deadline dl;
    struct phases_plan mine;
    double started = fp_clock_s();
    int rc;

    memset(&r, 0, sizeof(r));
    memset(&mine, 0, sizeof(mine));
    r.n = ph->n;
    r.n_spans = topo->n_spans;
    r.target = ph->target;
    r.modular = po->modular;
    r.lp_objective = NAN;
    if (o.deadline == NULL) {
        fp_deadline_init(&dl, o.time_limit_s, o.stop);   /* one deadline for the whole command */
        o.deadline = &dl;
    }
    r.myopic = fp_xcalloc((size_t)ph->n, sizeof(struct fp_phase_result));
    rc = fp_topo_require_delays(topo, err);
    rc = rc == FP_OK ? myopic(topo, ph, po, &o, &mine, err) : rc;
    rc = rc == FP_OK ? assemble(topo, ph, po, &mine, &o, r.myopic, err) : rc;
    rc = rc == FP_OK ? joint(topo, ph, po, &o, &mine, &r, err) : rc;
    if (rc == FP_OK) {
        keep_incumbent(topo, ph, po, &r);
    }
    rc = rc == FP_OK ? total_plan(topo, ph, &o, &r, err) : rc;
    if (rc == FP_OK) {
        r.objective = objective(ph, r.joint);
        r.myopic_objective = objective(ph, r.myopic);
        r.joint_gain = ph->target ? r.myopic_objective - r.objective : r.objective - r.myopic_objective;
        if (isnan(r.lp_objective)) {
            r.lp_objective = r.objective;
        }
        r.gap = ph->target ? (r.objective > 0 ? (r.objective - r.lp_objective) / r.objective : 0.0)
                           : (r.lp_objective > 0 ? (r.lp_objective - r.objective) / r.lp_objective : 0.0);
        r.gap = r.gap > 1e-9 ? r.gap : 0.0;
        if (po->modular && r.status == FP_STATUS_OPTIMAL && r.gap > 0.0) {
            r.status = FP_STATUS_FEASIBLE;   /* whole modules, below the LP bound */
        }
        if (r.status == FP_STATUS_TIME_LIMIT || fp_deadline_passed(o.deadline)) {
            /* cut short (MODEL.md "Anytime planning"): the LP's value is no bound, and the
             * myopic baseline may have kept phases as they stood: no gap, no gain claimed */
            r.status = FP_STATUS_TIME_LIMIT;
            r.gap = r.lp_objective = r.joint_gain = NAN;
        }
        r.seconds = fp_clock_s() - started;
        *res = r;
    } else {
        fp_phases_result_release(&r);
    }
    fp_phases_plan_release(&mine);
    return rc;
}
