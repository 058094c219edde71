/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: capacity planning (MODEL.md "Planning"): the network before, the plan, and the
 * seconds of all-reduce each further dollar buys on each span. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "solvers/failures.h"
#include "solvers/marginal.h"
#include "solvers/plan.h"

#define TARGET_ROUNDS 4
#define NEXT_SHARE 0.25        /* of the time the plan took, the next dollars may take */
#define NEXT_SHARE_MIN_S 1.0   /* seconds they may always take */

void fp_plan_options_init(struct fp_plan_options *opts)
{
    opts->budget_usd = NAN;
    opts->target_time_s = NAN;
    opts->modular = false;
    opts->latency_s = 0.0;
    opts->fixed_latency = false;
    opts->survive = FP_SURVIVE_NONE;
    opts->scen_failed = NULL;
    opts->n_scen = 0;
    opts->walk_from_usd = 0.0;
    opts->skip_mip = false;
    opts->jobs = 1;
}

bool fp_plan_span_plannable(const struct fp_topo *t, const struct fp_plan_options *po, igraph_integer_t e)
{
    double room = t->ceiling_gbps[e] - (fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0);
    if (!fp_topo_is_lit(t, e) && isnan(t->build_cost[e])) {
        return false;
    }
    if (po->modular) {
        return !isnan(t->module_gbps[e]) && !isnan(t->module_cost[e]) && t->module_gbps[e] > 0 &&
               floor(room / t->module_gbps[e] + 1e-9) >= 1.0;
    }
    return !isnan(t->cost_per_gbps[e]) && room > 1e-9;
}

double fp_plan_usd_per_gbps(const struct fp_topo *t, igraph_integer_t e, bool modular)
{
    return modular ? t->module_cost[e] / t->module_gbps[e] : t->cost_per_gbps[e];
}


/* Span e's room on the pairs lit in plan p, Gbit/s (MODEL.md "Optics"). */
static double lit_room(const struct fp_topo *t, const struct fp_plan *p, igraph_integer_t e)
{
    double c = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
    return fp_optics_lit_room(t, e, p->pairs_lit[e]) - (p->planned_gbps[e] - c);
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
        price = fp_plan_usd_per_gbps(t, e, p->modular);
        if (t->optics != NULL && t->optics->pairs_apply[e] &&
            lit_room(t, p, e) < (p->modular ? t->module_gbps[e] : 1e-6)) {
            price += t->optics->pair_usd[e] / t->optics->pair_gbps[e];   /* the next needs a pair */
        }
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

int fp_plan_latency_floor(const struct fp_topo *t, const struct fp_job *job, double alpha_s,
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

int fp_plan_survive_scenarios(const struct fp_topo *t, const struct fp_job *groups, igraph_integer_t n_groups,
                              const struct fp_plan_options *po, struct fp_failures *out, bool **flags,
                              igraph_integer_t *n_protect, struct fp_error *err)
{
    bool *usable = fp_xcalloc((size_t)t->n_spans + 1, sizeof(bool));
    bool *failed = fp_xcalloc((size_t)t->n_spans + 1, sizeof(bool));
    igraph_integer_t e, i, j, n = 0;
    int rc = FP_OK;

    /* a span the plan builds can fail too */
    fp_failures_scenarios(t, po->survive == FP_SURVIVE_SRLG, true, out);
    *flags = fp_xcalloc((size_t)(out->n * t->n_spans) + 1, sizeof(bool));
    for (e = 0; e < t->n_spans; e++) {
        usable[e] = fp_plan_span_plannable(t, po, e);
    }
    for (i = 0; i < out->n && rc == FP_OK; i++) {
        igraph_integer_t g;
        memset(failed, 0, (size_t)t->n_spans * sizeof(bool));
        for (j = 0; j < out->items[i].n_failed; j++) {
            failed[out->items[i].failed[j]] = true;
        }
        for (g = 0; rc == FP_OK && !out->items[i].unprotectable && g < n_groups; g++) {
            struct fp_failure probe;
            memset(&probe, 0, sizeof(probe));
            rc = fp_failures_cut_off(t, &groups[g], failed, usable, &probe, err);
            out->items[i].unprotectable = probe.disconnected;
            free(probe.cut_off);
        }
        if (rc == FP_OK && !out->items[i].unprotectable) {
            memcpy(*flags + n * t->n_spans, failed, (size_t)t->n_spans * sizeof(bool));
            n++;
        }
    }
    *n_protect = n;
    free(usable);
    free(failed);
    return rc;
}

void fp_plan_view(const struct fp_topo *t, const struct fp_plan *p, struct fp_topo *view)
{
    igraph_integer_t e;
    *view = *t;
    view->capacity_gbps = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    view->status = fp_xcalloc((size_t)t->n_spans + 1, sizeof(enum fp_span_status));
    for (e = 0; e < t->n_spans; e++) {
        bool built = fp_result_plan_built(t, p, e);
        view->capacity_gbps[e] = built ? p->planned_gbps[e] : t->capacity_gbps[e];
        view->status[e] = built ? FP_SPAN_LIT : FP_SPAN_CANDIDATE;
    }
}

void fp_plan_view_release(struct fp_topo *view)
{
    free(view->capacity_gbps);
    free(view->status);
    memset(view, 0, sizeof(*view));
}

bool fp_plan_unprotectable(const struct fp_failures *scen, const char *label)
{
    igraph_integer_t j;
    for (j = 0; j < scen->n; j++) {
        if (strcmp(scen->items[j].label, label) == 0) {
            return scen->items[j].unprotectable;
        }
    }
    return false;
}

/* p->survive's scenarios marked protectable or not, and the worst protected one: the worst
 * case as routed (MODEL.md "Anytime planning": theta is the planned network's, over all
 * trees), not the master's. */
static void survive_mark(const struct fp_failures *scen, struct fp_plan *p)
{
    igraph_integer_t i;
    p->survivable = true;
    p->worst = -1;
    p->n_unprotectable = 0;
    for (i = 0; i < p->survive.n; i++) {
        struct fp_failure *f = &p->survive.items[i];
        f->unprotectable = fp_plan_unprotectable(scen, f->label);
        p->n_unprotectable += f->unprotectable;
        if (p->worst < 0 && !f->unprotectable) {
            p->worst = i;
        }
    }
    if (p->worst >= 0) {
        p->worst_theta_gbps = p->survive.items[p->worst].theta_gbps;
    }
}

/* --survive, after the master: the intact routing on the planned network (into *r), every
 * scenario routed on it (p->survive) and the worst protected one. */
static int survive_report(const struct fp_topo *t, const struct fp_job *job,
                          const struct fp_route_options *ropts, const struct fp_plan_options *po,
                          const struct fp_failures *scen, struct fp_route *r, struct fp_plan *p,
                          struct fp_error *err)
{
    struct fp_topo view;
    struct fp_route intact;
    struct fp_route_options o = *ropts;
    struct fp_deadline hard;
    int rc;

    memset(&intact, 0, sizeof(intact));
    p->survive_proven = r->status == FP_STATUS_OPTIMAL && (!p->modular || p->mip_proven);
    if (ropts->deadline != NULL) {
        /* the planned network's routes are the answer: they run to the hard deadline */
        fp_deadline_hard(ropts->deadline, &hard);
        o.deadline = &hard;
    }
    fp_plan_view(t, p, &view);
    rc = fp_route_solve(&view, job, &o, &intact, err);
    if (rc == FP_OK) {
        rc = fp_failures_solve(&view, job, &o, po->survive == FP_SURVIVE_SRLG, po->jobs, &p->survive, err);
    }
    if (rc == FP_OK) {
        /* marginals stay the master's: what a Gbit/s is worth to the worst case */
        double *keep = intact.marginal_s_per_gbps;
        intact.marginal_s_per_gbps = r->marginal_s_per_gbps;
        r->marginal_s_per_gbps = keep;
        fp_result_route_release(r);
        *r = intact;
        survive_mark(scen, p);
    } else {
        fp_result_route_release(&intact);
    }
    fp_plan_view_release(&view);
    return rc;
}

/* The all-reduce time the plan is judged by: the worst protected scenario's under --survive. */
static double judged_s(const struct fp_route *r, const struct fp_plan *p)
{
    if (p->survivable && p->worst >= 0) {
        return p->survive.items[p->worst].allreduce_s;
    }
    return r->allreduce_s;
}

/* Today's network routed (the state before the plan); when its sites are cut off today,
 * planning may still join them: theta 0 and T infinite then. */
static int route_before(const struct fp_topo *topo, const struct fp_job *job,
                        const struct fp_route_options *ropts, struct fp_route *before, struct fp_error *err)
{
    struct fp_error before_err;
    int rc;
    fp_error_init(&before_err);
    rc = fp_route_solve(topo, job, ropts, before, &before_err);
    if (rc == FP_EDATA) {
        before->theta_gbps = 0.0;
        before->allreduce_s = before->bandwidth_s = INFINITY;
        before->latency_s = 0.0;
        return FP_OK;
    }
    if (rc != FP_OK) {
        *err = before_err;
    }
    return rc;
}

/* Whether target round (r, p) is better than (br, bp): it meets the target and costs less (or
 * the other does not meet it), or neither meets it and it comes closer. */
static bool better_round(const struct fp_plan_options *po, const struct fp_route *r, const struct fp_plan *p,
                         const struct fp_route *br, const struct fp_plan *bp)
{
    bool meets = judged_s(r, p) <= po->target_time_s * (1 + 1e-9);
    bool b_meets = judged_s(br, bp) <= po->target_time_s * (1 + 1e-9);
    if (meets != b_meets) {
        return meets;
    }
    return meets ? p->cost_usd < bp->cost_usd : judged_s(r, p) < judged_s(br, bp);
}

/* After target round (r, p): the next round's options, false when the rounds end (a budget
 * plan, a fixed latency, the target met with nothing left to try, or the deadline). */
static bool next_round(const struct fp_job *job, const struct fp_route_options *ropts,
                       const struct fp_route *r, const struct fp_plan *p, struct fp_plan_options *po)
{
    bool met = judged_s(r, p) <= po->target_time_s * (1 + 1e-9);
    double latency;
    if (!isnan(po->budget_usd) || po->fixed_latency || fp_deadline_passed(ropts->deadline)) {
        return false;
    }
    if (met && po->skip_mip) {
        /* the latency is right: branch and cut may now look for a cheaper plan at it, at the
         * latency this round's walk was for (its budget is the LP's cheapest there) */
        po->skip_mip = false;
        if (p->walked_usd > 0) {
            po->latency_s = fmax(po->latency_s, p->walked_latency_s);
            po->walk_from_usd = p->walked_usd;
        }
        return true;
    }
    if (met) {
        return false;
    }
    /* the planned routing has more latency than planned for: plan again with it */
    latency = r->latency_s;
    if (p->survivable && p->worst >= 0) {
        const struct fp_failure *w = &p->survive.items[p->worst];
        latency = w->allreduce_s - fp_job_bw_s(job->gradient_bytes, w->theta_gbps);
    }
    po->latency_s = latency > po->latency_s ? latency : po->latency_s * 1.05;
    if (p->walked_usd > 0 && po->latency_s >= p->walked_latency_s) {
        /* the cheapest plan for more latency costs at least this round's walk */
        po->walk_from_usd = p->walked_usd;
    }
    return true;
}

/* The master solve, once in budget mode; in target mode again with the planned routing's
 * latency while the plan misses the target (at most TARGET_ROUNDS solves, within the
 * deadline), keeping the best round (MODEL.md "Anytime planning": incumbents only improve). */
static int plan_rounds(const struct fp_topo *topo, const struct fp_job *job,
                       const struct fp_route_options *ropts, struct fp_plan_options *po,
                       const struct fp_failures *scen, struct fp_route *r, struct fp_plan *p,
                       struct fp_error *err)
{
    struct fp_route br;
    struct fp_plan bp;
    int rc = FP_OK, round;
    memset(&br, 0, sizeof(br));
    memset(&bp, 0, sizeof(bp));
    /* whole modules for a target: the rounding alone until a plan meets it (branch and cut on
     * a round planned for too little latency took the time the next round needed: 600 nodes,
     * 24 sites, --time-limit 60: one round, 46 s of it branch and cut, T 1.43 s for 1.36) */
    po->skip_mip = po->modular && isnan(po->budget_usd) && po->survive == FP_SURVIVE_NONE &&
                   !po->fixed_latency;
    for (round = 0; round < TARGET_ROUNDS; round++) {
        if (round == 1 || (round > 1 && better_round(po, r, p, &br, &bp))) {
            fp_result_route_release(&br);
            fp_result_plan_release(&bp);
            br = *r;
            bp = *p;
        } else {
            fp_result_route_release(r);
            fp_result_plan_release(p);
        }
        memset(r, 0, sizeof(*r));
        memset(p, 0, sizeof(*p));
        rc = fp_route_solve_master(topo, job, ropts, po, r, p, err);
        if (rc == FP_OK) {
            seconds_per_usd(topo, r, p);
        }
        if (rc == FP_OK && po->survive != FP_SURVIVE_NONE) {
            rc = survive_report(topo, job, ropts, po, scen, r, p, err);
        }
        if (rc != FP_OK || !next_round(job, ropts, r, p, po)) {
            break;
        }
    }
    if (rc == FP_OK && round > 0 && bp.added_gbps != NULL && better_round(po, &br, &bp, r, p)) {
        fp_result_route_release(r);
        fp_result_plan_release(p);
        *r = br;
        *p = bp;
    } else {
        fp_result_route_release(&br);
        fp_result_plan_release(&bp);
    }
    if (rc == FP_OK && isnan(po->budget_usd) && !po->fixed_latency &&
        judged_s(r, p) > po->target_time_s * (1 + 1e-9) && fp_deadline_passed(ropts->deadline)) {
        /* the deadline (or a signal) ended the rounds: the best plan so far, not proven to meet
         * the target (MODEL.md "Anytime planning": infeasible only when the LP proves it) */
        r->status = FP_STATUS_TIME_LIMIT;
        p->mip_proven = false;
    } else if (rc == FP_OK && isnan(po->budget_usd) && !po->fixed_latency &&
               judged_s(r, p) > po->target_time_s * (1 + 1e-9)) {
        rc = fp_error_set(err, FP_EDATA, topo->path, 0,
                          "no plan found with T <= %g s: the best reaches %.4g s", po->target_time_s,
                          judged_s(r, p));
    }
    return rc;
}

/* The worst protected scenario's theta of p->survive (0 when none is protected). */
static double protected_worst(const struct fp_plan *p)
{
    return p->worst >= 0 ? p->survive.items[p->worst].theta_gbps : 0.0;
}

#define SURVIVE_TODAY_SHARE 0.3   /* of --time-limit, for today's scenarios under --survive */

/* Today's worst case over the scenarios a plan can protect (MODEL.md "Anytime planning": the
 * network as it stands is a plan), for a --survive --budget plan to be compared with: the
 * scenarios routed on today's network before planning begins, within SURVIVE_TODAY_SHARE of
 * the limit, kept in *today (a scenario cut short gives a lower bound, which keeps the
 * comparison safe). */
static int survive_today(const struct fp_topo *t, const struct fp_job *job,
                         const struct fp_route_options *ropts, const struct fp_plan_options *po,
                         const struct fp_failures *scen, struct fp_failures *today,
                         double *worst0, struct fp_error *err)
{
    struct fp_route_options o = *ropts;
    struct fp_deadline dl = *ropts->deadline;
    igraph_integer_t i;
    int rc;

    if (dl.limit_s > 0) {
        /* a share of the limit: a scenario cut short gives a lower bound, and the plan and
         * its own scenarios need the rest (600 nodes, 24 sites, --time-limit 20 on a loaded
         * machine: today's 52 took all 20 s, the command 25) */
        dl.limit_s *= SURVIVE_TODAY_SHARE;
        o.deadline = &dl;
    }
    *worst0 = INFINITY;
    rc = fp_failures_solve(t, job, &o, po->survive == FP_SURVIVE_SRLG, po->jobs, today, err);
    for (i = 0; rc == FP_OK && i < today->n; i++) {
        if (!fp_plan_unprotectable(scen, today->items[i].label) && today->items[i].theta_gbps < *worst0) {
            *worst0 = today->items[i].theta_gbps;
        }
    }
    return rc;
}

/* --survive --budget, today's network kept: its scenarios that were cut short (within their
 * share of the limit, a lower bound) routed again, all of them, to the hard deadline, so that
 * the worst case reported is today's network's own (MODEL.md "Anytime planning": the network as
 * it stands is a plan; under ASan, 200 nodes, --time-limit 3: 3,200 Gbit/s reported for 4,800) */
static int survive_today_finish(const struct fp_topo *t, const struct fp_job *job,
                                const struct fp_route_options *ropts, const struct fp_plan_options *po,
                                struct fp_failures *today, struct fp_error *err)
{
    struct fp_route_options o = *ropts;
    struct fp_deadline hard;
    struct fp_failures again;
    int rc;
    if (today->n_stopped == 0) {
        return FP_OK;
    }
    fp_deadline_hard(ropts->deadline, &hard);
    o.deadline = &hard;
    memset(&again, 0, sizeof(again));
    rc = fp_failures_solve(t, job, &o, po->survive == FP_SURVIVE_SRLG, po->jobs, &again, err);
    if (rc == FP_OK && again.n_stopped <= today->n_stopped) {
        fp_result_failures_release(today);
        *today = again;
    } else {
        fp_result_failures_release(&again);
    }
    return rc;
}

/* --survive --budget: when today's network has a better worst protected case (worst0) than the
 * plan as routed, the plan is spend 0, with today's scenarios (*today, moved into the plan) and
 * today's intact routing (hand_over). Checked for every plan, proven or not: the master proves
 * its own worst case, the planned network's scenarios are routed afterwards and a deadline can
 * cut them short (600 nodes, 24 sites, --survive srlg on a loaded machine: worst 2,133 Gbit/s
 * routed against today's 4,266). */
static int survive_nothing(const struct fp_topo *t, const struct fp_job *job,
                           const struct fp_route_options *command, const struct fp_plan_options *po,
                           const struct fp_failures *scen, struct fp_failures *today, double worst0,
                           struct fp_plan *p, struct fp_error *err)
{
    int rc = FP_OK;
    if (isfinite(worst0) && protected_worst(p) < worst0 * (1 - 1e-9)) {
        rc = survive_today_finish(t, job, command, po, today, err);   /* kept: its own scenarios */
        fp_result_plan_nothing(t, p);
        fp_result_failures_release(&p->survive);
        p->survive = *today;
        memset(today, 0, sizeof(*today));
        survive_mark(scen, p);
        p->mip_proven = false;
        if (p->lp_bound_gbps > 0) {
            p->gap = (p->lp_bound_gbps - p->worst_theta_gbps) / p->lp_bound_gbps;
        }
    }
    return rc;
}

/* The plan's answer with the state before it. When nothing was bought the network is today's,
 * and so is its routing (to the bit): before's routing is reported, with the master's
 * marginal values. */
static void hand_over(struct fp_route *before, struct fp_route *r, struct fp_plan *p,
                      struct fp_route *route, struct fp_plan *plan)
{
    const struct fp_route *was = before;
    if (!(p->cost_usd > 0.0) && before->theta_gbps > 0.0) {
        double *keep = before->marginal_s_per_gbps;
        before->marginal_s_per_gbps = r->marginal_s_per_gbps;
        r->marginal_s_per_gbps = keep;
        fp_result_route_release(r);
        *r = *before;
        memset(before, 0, sizeof(*before));
        was = r;
    }
    p->theta_before_gbps = was->theta_gbps;
    p->allreduce_before_s = was->allreduce_s;
    p->bandwidth_before_s = was->bandwidth_s;
    p->latency_before_s = was->latency_s;
    *route = *r;
    *plan = *p;
}

/* What usd buys on span e with pairs to light: wavelengths on the lit pairs first, then each
 * further one lighting a pair when it needs one (whole modules with modular; continuous: a pair
 * priced per Gbit/s it holds). */
static double optics_gbps(const struct fp_topo *t, const struct fp_plan *p, igraph_integer_t e, double usd)
{
    const struct fp_optics *o = t->optics;
    double room = lit_room(t, p, e), add = 0.0, unit = t->module_gbps[e];
    if (!p->modular) {
        double a = fmin(fmax(room, 0.0), usd / t->cost_per_gbps[e]);
        usd -= a * t->cost_per_gbps[e];
        return a + usd / (t->cost_per_gbps[e] + o->pair_usd[e] / o->pair_gbps[e]);
    }
    for (;;) {
        double cost = t->module_cost[e] + (room < unit - 1e-9 ? o->pair_usd[e] : 0.0);
        if (cost > usd || add + unit > t->ceiling_gbps[e] - p->planned_gbps[e] + 1e-9) {
            return add;
        }
        room += room < unit - 1e-9 ? o->pair_gbps[e] : 0.0;
        usd -= cost;
        add += unit;
        room -= unit;
    }
}

/* What FP_PLAN_NEXT_USD more on span e adds, Gbit/s per direction: the continuous price, or
 * the whole modules it pays for; for an unbuilt candidate, what is left after its build cost;
 * never past the ceiling. */
static double next_gbps(const struct fp_topo *t, const struct fp_plan *p, igraph_integer_t e)
{
    double usd = FP_PLAN_NEXT_USD, room = t->ceiling_gbps[e] - p->planned_gbps[e], add;
    if (!fp_result_plan_built(t, p, e)) {
        usd -= t->build_cost[e];
    }
    if (!(usd > 0) || !(room > 0)) {
        return 0.0;
    }
    if (t->optics != NULL && t->optics->pairs_apply[e]) {
        add = optics_gbps(t, p, e, usd);
    } else {
        add = p->modular ? floor(usd / t->module_cost[e]) * t->module_gbps[e] : usd / t->cost_per_gbps[e];
    }
    return add < room ? add : room;
}

/* Next dollars that come true: for each span the capacity duals price above 0 (a dual of 0
 * means no step on it can help: theta is concave in capacity), re-solve the planned network
 * with FP_PLAN_NEXT_USD more spent on it, and record the T_bw it saves per dollar. */
/* No span alone saves anything: the group that must grow together (fp_marginal_group on the
 * planned network), and what FP_PLAN_NEXT_USD spread over it, the same Gbit/s on each, saves. */
static int next_group(struct fp_resolver *res, const struct fp_job *job, const struct fp_route *r,
                      double theta0, struct fp_plan *p, struct fp_error *err)
{
    const struct fp_topo *view = fp_resolver_topo(res);
    struct fp_marginal m;
    double *add = fp_xcalloc((size_t)view->n_spans + 1, sizeof(double));
    double price_sum = 0.0, step = INFINITY, theta = 0.0;
    igraph_integer_t i, e;
    int rc = fp_marginal_group(res, r, &m, err);

    for (i = 0; rc == FP_OK && i < m.n_group; i++) {
        e = m.group[i];
        if (!p->upgradable[e]) {
            price_sum = NAN;   /* a span of the group cannot grow */
            break;
        }
        price_sum += fp_plan_usd_per_gbps(view, e, p->modular);
        step = fmin(step, view->ceiling_gbps[e] - view->capacity_gbps[e]);
    }
    if (rc == FP_OK && m.n_group > 0 && price_sum > 0) {
        double d = FP_PLAN_NEXT_USD / price_sum;
        d = d < step ? d : step;
        for (i = 0; i < m.n_group; i++) {
            add[m.group[i]] = d;
        }
        rc = fp_resolver_theta(res, add, &theta, err);
        if (rc == FP_OK && theta > theta0 * (1 + 1e-9)) {   /* above the solves' rounding */
            p->next_group_s_per_usd = (fp_job_bw_s(job->gradient_bytes, theta0) -
                                       fp_job_bw_s(job->gradient_bytes, theta)) / FP_PLAN_NEXT_USD;
            p->next_group = m.group;
            p->n_next_group = m.n_group;
            m.group = NULL;
            m.n_group = 0;
        }
    }
    fp_marginal_release(&m);
    free(add);
    return rc;
}

/* How many spans next_dollars would re-solve: upgradable, priced above 0 by the duals. */
static igraph_integer_t next_candidates(const struct fp_topo *t, const struct fp_plan *p)
{
    igraph_integer_t e, n = 0;
    for (e = 0; e < t->n_spans; e++) {
        n += p->upgradable[e] && p->seconds_per_usd[e] > 0;
    }
    return n;
}

static int next_dollars(const struct fp_topo *t, const struct fp_job *job,
                        const struct fp_route_options *ropts, const struct fp_route *r,
                        struct fp_plan *p, struct fp_error *err)
{
    bool any = false;
    struct fp_topo view;
    double *add, *got;
    double theta0 = 0.0, theta = 0.0, spent = fp_deadline_elapsed_s(ropts->deadline);
    struct fp_resolver *res = NULL;
    struct fp_route_options o = *ropts;
    struct fp_deadline share = *ropts->deadline;
    igraph_integer_t e, n_cand = next_candidates(t, p);
    int rc = FP_OK;

    p->next_unresolved = n_cand;
    if (n_cand > FP_PLAN_NEXT_RESOLVES || fp_deadline_passed(ropts->deadline)) {
        return FP_OK;   /* the duals stay, marked as such */
    }
    /* at most NEXT_SHARE of the time the plan took (1 s at least), within the command's limit: the
     * next dollars refine the duals, they are not a second plan (a continuous target plan
     * on 600 nodes, 24 sites: 2-4 s a probe on its degenerate planned network, 64 of them) */
    share.limit_s = spent + fmax(NEXT_SHARE_MIN_S, NEXT_SHARE * spent);
    if (ropts->deadline->limit_s > 0 && ropts->deadline->limit_s < share.limit_s) {
        share.limit_s = ropts->deadline->limit_s;
    }
    o.deadline = &share;
    ropts = &o;
    add = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    got = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    fp_plan_view(t, p, &view);
    rc = fp_resolver_open(&view, job, ropts, &res, &theta0, err);
    for (e = 0; rc == FP_OK && e < t->n_spans; e++) {
        enum fp_span_status was = view.status[e];
        double was_c = view.capacity_gbps[e];
        got[e] = p->seconds_per_usd[e];
        if (!p->upgradable[e] || !(p->seconds_per_usd[e] > 0)) {
            continue;   /* a capacity dual of 0: no step on it can raise theta (weak duality) */
        }
        if (fp_deadline_passed(ropts->deadline)) {
            break;
        }
        add[e] = next_gbps(t, p, e);
        got[e] = 0.0;
        if (!(add[e] > 0)) {
            continue;
        }
        if (was != FP_SPAN_LIT) {
            view.status[e] = FP_SPAN_LIT;
            view.capacity_gbps[e] = 0.0;
        }
        rc = fp_resolver_theta(res, add, &theta, err);
        view.status[e] = was;
        view.capacity_gbps[e] = was_c;
        add[e] = 0.0;
        if (rc == FP_OK && fp_deadline_passed(ropts->deadline)) {
            break;   /* the probe may have been cut short: the duals stay */
        }
        if (rc == FP_OK) {
            double saved = theta > theta0 * (1 + 1e-9) ? fp_job_bw_s(job->gradient_bytes, theta0) -
                                                             fp_job_bw_s(job->gradient_bytes, theta)
                                                       : 0.0;
            got[e] = saved / FP_PLAN_NEXT_USD;
            any = any || saved > 0;
        }
    }
    if (rc == FP_OK && e == t->n_spans) {
        memcpy(p->seconds_per_usd, got, (size_t)t->n_spans * sizeof(double));
        p->next_resolved = true;
        p->next_unresolved = 0;
        if (!any && theta0 > 0) {
            rc = next_group(res, job, r, theta0, p, err);
        }
    }
    fp_resolver_close(res);
    fp_plan_view_release(&view);
    free(add);
    free(got);
    return rc;
}

int fp_plan_solve(const struct fp_topo *topo, const struct fp_job *job,
                  const struct fp_route_options *ropts, const struct fp_plan_options *popts,
                  struct fp_route *route, struct fp_plan *plan, struct fp_error *err)
{
    struct fp_route before, r;
    struct fp_plan p;
    struct fp_plan_options po = *popts;
    struct fp_failures scen, today;
    struct fp_route_options ro = *ropts, command;   /* command: with the command's deadline */
    struct fp_deadline dl, survive_dl;
    bool *scen_failed = NULL;
    double worst0 = INFINITY;   /* --survive --budget: today's worst protected case */
    int rc;

    /* one deadline for the whole plan: the route before it, every target round, --survive's
     * scenarios (MODEL.md "Anytime planning": --time-limit bounds the whole command) */
    if (ro.deadline == NULL) {
        fp_deadline_init(&dl, ro.time_limit_s, ro.stop);
        ro.deadline = &dl;
    }
    memset(&scen, 0, sizeof(scen));
    memset(&today, 0, sizeof(today));
    memset(&before, 0, sizeof(before));
    memset(&r, 0, sizeof(r));
    memset(&p, 0, sizeof(p));
    rc = route_before(topo, job, &ro, &before, err);
    /* target mode: start from the least latency any tree can have (the cheapest theta the
     * target allows), and raise it to the plan's own latency when the plan misses */
    if (rc == FP_OK && isnan(po.budget_usd) && !po.fixed_latency) {
        rc = fp_plan_latency_floor(topo, job, ropts->alpha_s, &po.latency_s, err);
    }
    if (rc == FP_OK && po.survive != FP_SURVIVE_NONE) {
        rc = fp_plan_survive_scenarios(topo, job, 1, &po, &scen, &scen_failed, &po.n_scen, err);
        po.scen_failed = scen_failed;
    }
    command = ro;
    if (rc == FP_OK && po.survive != FP_SURVIVE_NONE && !isnan(po.budget_usd)) {
        double t0 = fp_clock_s();
        rc = survive_today(topo, job, &ro, &po, &scen, &today, &worst0, err);
        if (ro.deadline->limit_s > 0) {
            /* the planned network's scenarios are routed after the plan, as today's were:
             * the plan ends early by 1.5 x their time (at most half the limit), so that they
             * finish within the command's deadline */
            survive_dl = *ro.deadline;
            survive_dl.limit_s = fmax(0.5 * survive_dl.limit_s, survive_dl.limit_s - 1.5 * (fp_clock_s() - t0));
            ro.deadline = &survive_dl;
        }
    }
    if (rc == FP_OK) {
        rc = plan_rounds(topo, job, &ro, &po, &scen, &r, &p, err);
    }
    if (rc == FP_OK && !isnan(po.budget_usd) && !p.survivable &&
        r.theta_gbps < before.theta_gbps * (1 - 1e-9)) {
        fp_result_plan_nothing(topo, &p);   /* worse than spending nothing: spend nothing */
        p.mip_proven = false;
        if (p.lp_bound_gbps > 0) {
            p.gap = (p.lp_bound_gbps - before.theta_gbps) / p.lp_bound_gbps;
        }
    }
    if (rc == FP_OK && !isnan(po.budget_usd) && p.survivable) {
        rc = survive_nothing(topo, job, &command, &po, &scen, &today, worst0, &p, err);
    }
    /* re-solved within the command's deadline (MODEL.md "Anytime planning"), else the duals
     * stay, marked as such */
    if (rc == FP_OK && !p.survivable && r.status == FP_STATUS_OPTIMAL) {
        rc = next_dollars(topo, job, &ro, &r, &p, err);
    }
    if (rc == FP_OK) {
        hand_over(&before, &r, &p, route, plan);
    } else {
        fp_result_route_release(&r);
        fp_result_plan_release(&p);
    }
    fp_result_route_release(&before);
    fp_result_failures_release(&scen);
    fp_result_failures_release(&today);
    free(scen_failed);
    return rc;
}
