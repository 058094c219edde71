/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: plan --phases --modular, the joint LP's plan made whole phase by phase (MODEL.md
 * "Phases" with whole modules, "Anytime planning"): phase p's cumulative capacity on span e is
 * c_e + n_{e,p} module_gbps_e with n_{e,p} >= n_{e,p-1} whole, and a candidate is built in one
 * phase or none. In time order, per phase: the LP's cumulative plan rounded (down within the
 * phase's budget, or up for a target), then for a budget what is left spent a module at a time
 * on the span that raises theta_p the most, and for a target the modules rounded up taken back
 * while theta_p still meets it (each try routed afresh, as `route --sites`). Under a cost model
 * (MODEL.md "Optics") a span's pairs lit are the whole pairs its modules need, or more where a
 * phase's budget left over lit ahead the pairs the LP lights by a later phase; a module that
 * needs a pair pays for it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "solvers/phases_internal.h"
#include "solvers/plan.h"

#define WHOLE_TOL 1e-9      /* an LP value within this of a whole module is that module */
#define BUILT_TOL 1e-6      /* budget: a candidate whose LP shares sum to 1 - this is built */
#define REPAIR_TRIES 4      /* repair: spans tried per module (the best dual per dollar first) */
#define GAIN_TOL 1e-9       /* a module is kept when theta rises by more than this (relative) */

/* The whole plan as it is made: per span the modules over today's and whether a candidate is
 * built, now (n, built) and at the end of the phase before (n0, built0). */
struct whole {
    const struct fp_topo *t;
    const struct fp_phases *ph;
    const struct fp_route_options *ropts;
    struct fp_plan_options popts;  /* modular, for fp_plan_span_plannable() */
    double *n, *n0, *maxmod;       /* [e]; maxmod: the most modules under the ceiling */
    double *lp_added;              /* [e]: the LP's cumulative Gbit/s by the phase being made */
    double *pairs, *pairs0;        /* [e]: dark pairs lit at least (beyond those the modules
                                      need), now and at the end of the phase before */
    bool *built, *built0, *plannable, *in_group;
    bool grouped;                  /* repair: the last step was a group step, already taken */
    bool met;                      /* the last route_whole(): the phase meets its target */
    igraph_integer_t S;
};

static bool lit(const struct whole *w, igraph_integer_t e)
{
    return fp_topo_is_lit(w->t, e);
}

/* Whether span e can gain modules in phase p (a candidate from its `available` year). */
static bool can_add(const struct whole *w, igraph_integer_t e, igraph_integer_t p)
{
    return w->plannable[e] && (lit(w, e) || w->built0[e] || !(w->t->available[e] > w->ph->items[p].year));
}

static void whole_init(struct whole *w, const struct fp_topo *t, const struct fp_phases *ph,
                       const struct fp_route_options *ropts)
{
    igraph_integer_t e;
    memset(w, 0, sizeof(*w));
    w->t = t;
    w->ph = ph;
    w->ropts = ropts;
    w->S = t->n_spans;
    fp_plan_options_init(&w->popts);
    w->popts.budget_usd = 0.0;
    w->popts.modular = true;
    w->n = fp_xcalloc((size_t)w->S + 1, sizeof(double));
    w->n0 = fp_xcalloc((size_t)w->S + 1, sizeof(double));
    w->maxmod = fp_xcalloc((size_t)w->S + 1, sizeof(double));
    w->built = fp_xcalloc((size_t)w->S + 1, sizeof(bool));
    w->built0 = fp_xcalloc((size_t)w->S + 1, sizeof(bool));
    w->plannable = fp_xcalloc((size_t)w->S + 1, sizeof(bool));
    w->in_group = fp_xcalloc((size_t)w->S + 1, sizeof(bool));
    w->lp_added = fp_xcalloc((size_t)w->S + 1, sizeof(double));
    w->pairs = fp_xcalloc((size_t)w->S + 1, sizeof(double));
    w->pairs0 = fp_xcalloc((size_t)w->S + 1, sizeof(double));
    for (e = 0; e < w->S; e++) {
        w->plannable[e] = fp_plan_span_plannable(t, &w->popts, e);
        if (w->plannable[e]) {
            double room = t->ceiling_gbps[e] - (fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0);
            w->maxmod[e] = fmax(0.0, floor(room / t->module_gbps[e] + WHOLE_TOL));
        }
    }
}

static void whole_release(struct whole *w)
{
    free(w->n);
    free(w->n0);
    free(w->maxmod);
    free(w->built);
    free(w->built0);
    free(w->plannable);
    free(w->in_group);
    free(w->lp_added);
    free(w->pairs);
    free(w->pairs0);
}

/* Whether span e has dark pairs to light (MODEL.md "Optics"). */
static bool has_pairs(const struct whole *w, igraph_integer_t e)
{
    return w->t->optics != NULL && w->t->optics->pairs_apply[e] && w->plannable[e];
}

/* Dark pairs lit on span e with n modules over today's: the whole pairs they need, at least
 * w->pairs[e]. */
static double pairs_at(const struct whole *w, igraph_integer_t e, double n)
{
    double need;
    if (!has_pairs(w, e)) {
        return 0.0;
    }
    need = fp_optics_pairs_needed(w->t, e, n * w->t->module_gbps[e]);
    return need > w->pairs[e] ? need : w->pairs[e];
}

/* What k more modules on span e cost now: the modules, the pairs they light and, for a
 * candidate not built, its build. */
static double more_usd(const struct whole *w, igraph_integer_t e, double k)
{
    const struct fp_topo *t = w->t;
    double usd = k * t->module_cost[e] + (!lit(w, e) && !w->built[e] ? t->build_cost[e] : 0.0);
    if (has_pairs(w, e)) {
        usd += (pairs_at(w, e, w->n[e] + k) - pairs_at(w, e, w->n[e])) * t->optics->pair_usd[e];
    }
    return usd;
}

/* What phase p spends on the plan as it stands: modules added since the phase before, and
 * candidates built in it. */
static double spend(const struct whole *w)
{
    const struct fp_topo *t = w->t;
    igraph_integer_t e;
    double usd = 0.0;
    for (e = 0; e < w->S; e++) {
        usd += w->n[e] > w->n0[e] ? (w->n[e] - w->n0[e]) * t->module_cost[e] : 0.0;
        usd += w->built[e] && !w->built0[e] ? t->build_cost[e] : 0.0;
        usd += has_pairs(w, e) ? (pairs_at(w, e, w->n[e]) - w->pairs0[e]) * t->optics->pair_usd[e] : 0.0;
    }
    return usd;
}

/* Phase p's whole plan from the LP's cumulative plan (lp->added, lp->build summed over q <= p):
 * modules rounded down (budget) or up (target), never below the phase before's; a candidate
 * built when its LP shares sum to 1 (budget) or to anything (target), and not built with no
 * module on it. */
static void round_phase(struct whole *w, const struct phases_plan *lp, igraph_integer_t p, bool up)
{
    const struct fp_topo *t = w->t;
    igraph_integer_t e, q;
    for (e = 0; e < w->S; e++) {
        double added = 0.0, z = 0.0, n;
        if (!can_add(w, e, p)) {
            continue;
        }
        for (q = 0; q <= p; q++) {
            added += lp->added[q * w->S + e];
            z += lp->build[q * w->S + e];
        }
        w->lp_added[e] = added;
        n = up ? ceil(added / t->module_gbps[e] - WHOLE_TOL) : floor(added / t->module_gbps[e] + WHOLE_TOL);
        n = fmin(fmax(n, w->n0[e]), w->maxmod[e]);
        if (!lit(w, e) && !w->built0[e]) {
            w->built[e] = n > 0.0 && (up ? z > WHOLE_TOL : z >= 1.0 - BUILT_TOL);
            n = w->built[e] ? n : 0.0;
        }
        w->n[e] = n;
    }
}

/* Budget: modules of phase p taken back, one at a time from the span that adds the most in it
 * (a candidate left with none not built), while its spend passes allowance (none added fits). */
static void fit_budget(struct whole *w, double allowance)
{
    while (spend(w) > allowance * (1.0 + 1e-12) + 1e-6) {
        igraph_integer_t e, most = -1;
        for (e = 0; e < w->S; e++) {
            if (w->n[e] > w->n0[e] && (most < 0 || w->n[e] - w->n0[e] > w->n[most] - w->n0[most])) {
                most = e;
            }
        }
        if (most < 0) {
            break;
        }
        w->n[most] -= 1.0;
        if (!lit(w, most) && !w->built0[most] && w->n[most] < 0.5) {
            w->built[most] = false;
        }
    }
}

/* Phase p's network with the plan as it stands, routed afresh: *theta (0 when its sites are
 * apart on it, *apart), and d theta / d c per span into dtheta (when not NULL). */
static int route_whole(struct whole *w, igraph_integer_t p, double *theta, double *dtheta, bool *apart,
                       struct fp_error *err)
{
    const struct fp_topo *t = w->t;
    struct fp_phase_result r;
    igraph_integer_t e;
    int rc;

    memset(&r, 0, sizeof(r));
    r.capacity_gbps = fp_xcalloc((size_t)w->S + 1, sizeof(double));
    r.in_service = fp_xcalloc((size_t)w->S + 1, sizeof(bool));
    for (e = 0; e < w->S; e++) {
        bool on = lit(w, e) || w->built[e];
        double added = w->plannable[e] ? w->n[e] * t->module_gbps[e] : 0.0;
        r.capacity_gbps[e] = on ? (lit(w, e) ? t->capacity_gbps[e] : 0.0) + added : 0.0;
        r.in_service[e] = lit(w, e) || r.capacity_gbps[e] > 0.0;
    }
    rc = fp_phases_route_phase(t, w->ph, p, w->ropts, &r, err);
    *apart = rc == FP_EDATA;
    if (rc == FP_EDATA) {
        fp_error_init(err);   /* this whole plan leaves the phase's sites apart */
        rc = FP_OK;
        *theta = 0.0;
    } else if (rc == FP_OK) {
        *theta = r.theta_gbps;
    }
    w->met = rc == FP_OK && !*apart && r.met;
    for (e = 0; rc == FP_OK && dtheta != NULL && e < w->S; e++) {
        dtheta[e] = !*apart && r.route.dtheta_dc != NULL ? r.route.dtheta_dc[e] : 0.0;
    }
    fp_phase_result_release(&r);
    return rc;
}

/* What one more module on span e costs in phase p (its build too, for a candidate not built,
 * and the pair it lights when it needs one). */
static double module_usd(const struct whole *w, igraph_integer_t e)
{
    return more_usd(w, e, 1.0);
}

/* Whether span e of phase p can take one more module. */
static bool has_room(const struct whole *w, igraph_integer_t e, igraph_integer_t p)
{
    return can_add(w, e, p) && w->n[e] + 1.0 <= w->maxmod[e] + WHOLE_TOL;
}

/* Up to REPAIR_TRIES spans of phase p that can take one more module within left USD, the best
 * theta per dollar at the duals dtheta first (only those the duals price above 0); the count. */
static int pick_tries(const struct whole *w, igraph_integer_t p, const double *dtheta, double left,
                      igraph_integer_t *tries)
{
    double score[REPAIR_TRIES];
    igraph_integer_t e;
    int n = 0, i;
    for (e = 0; e < w->S; e++) {
        double usd, v;
        if (!has_room(w, e, p) || !(dtheta[e] > 0.0)) {
            continue;
        }
        usd = module_usd(w, e);
        if (usd > left * (1.0 + 1e-12)) {
            continue;
        }
        v = dtheta[e] * w->t->module_gbps[e] / usd;
        if (n < REPAIR_TRIES) {
            i = n++;
        } else if (v > score[REPAIR_TRIES - 1]) {
            i = REPAIR_TRIES - 1;
        } else {
            continue;
        }
        for (; i > 0 && score[i - 1] < v; i--) {   /* insertion, best first (ties: file order) */
            score[i] = score[i - 1];
            tries[i] = tries[i - 1];
        }
        score[i] = v;
        tries[i] = e;
    }
    return n;
}

/* One more module on span e (delta +1) or one less (-1), a candidate built with its first. */
static void step(struct whole *w, igraph_integer_t e, double delta)
{
    w->n[e] += delta;
    if (!lit(w, e) && !w->built0[e]) {
        w->built[e] = w->n[e] > 0.5;
    }
}

/* When no span alone raises theta_p (a cut of several spans binds): one more module on every
 * span the duals dtheta price above 0, if left pays for them all; kept (*best = the first of
 * them, *theta and d theta / d c into dth) when theta rises above *theta, else undone. */
static int group_step(struct whole *w, igraph_integer_t p, const double *dtheta, double left, double *theta,
                      double *dth, igraph_integer_t *best, struct fp_error *err)
{
    igraph_integer_t e, first = -1;
    double usd = 0.0, th = 0.0;
    bool off = false;
    int rc = FP_OK;
    for (e = 0; e < w->S; e++) {
        if (has_room(w, e, p) && dtheta[e] > 0.0) {
            usd += module_usd(w, e);
            first = first < 0 ? e : first;
        }
    }
    if (first < 0 || usd > left * (1.0 + 1e-12)) {
        return FP_OK;
    }
    for (e = 0; e < w->S; e++) {
        w->in_group[e] = has_room(w, e, p) && dtheta[e] > 0.0;
        if (w->in_group[e]) {
            step(w, e, 1.0);
        }
    }
    rc = route_whole(w, p, &th, dth, &off, err);
    if (rc == FP_OK && !off && th > *theta) {
        *theta = th;
        *best = first;   /* kept: repair() steps no further */
        w->grouped = true;
    } else {
        for (e = 0; e < w->S; e++) {
            if (w->in_group[e]) {
                step(w, e, -1.0);
            }
        }
    }
    return rc;
}

/* Modules a candidate e gets when built in phase p by build_step(): what the LP's cumulative
 * plan has on it, rounded up, at least one, within its ceiling and what left pays for (0: none
 * affordable). */
static double build_modules(const struct whole *w, igraph_integer_t e, double left)
{
    const struct fp_topo *t = w->t;
    double k = fmin(fmax(1.0, ceil(w->lp_added[e] / t->module_gbps[e] - WHOLE_TOL)), w->maxmod[e]);
    k = fmin(k, floor((left * (1.0 + 1e-12) - t->build_cost[e]) / t->module_cost[e]));
    while (k >= 1.0 && more_usd(w, e, k) > left * (1.0 + 1e-12)) {
        k -= 1.0;   /* the pairs they light too */
    }
    return k >= 1.0 ? k : 0.0;
}

/* When no module on the network as it stands raises theta_p: each candidate not built that
 * phase p may build, built with build_modules() of it; the one that raises theta the most is
 * kept (*best, *theta, d theta / d c into dth). */
static int build_step(struct whole *w, igraph_integer_t p, double left, double *theta, double *dth,
                      igraph_integer_t *best, struct fp_error *err)
{
    double *try_d = fp_xcalloc((size_t)w->S + 1, sizeof(double)), best_k = 0.0, th;
    igraph_integer_t e;
    bool off;
    int rc = FP_OK;
    for (e = 0; rc == FP_OK && e < w->S && !fp_deadline_passed(w->ropts->deadline); e++) {
        double k = lit(w, e) || w->built[e] || !can_add(w, e, p) ? 0.0 : build_modules(w, e, left);
        if (k < 1.0) {
            continue;
        }
        w->n[e] = k;
        w->built[e] = true;
        rc = route_whole(w, p, &th, try_d, &off, err);
        w->n[e] = 0.0;
        w->built[e] = false;
        if (rc == FP_OK && !off && th > *theta) {
            *theta = th;
            *best = e;
            best_k = k;
            memcpy(dth, try_d, (size_t)w->S * sizeof(double));
        }
    }
    if (best_k > 0.0) {
        w->n[*best] = best_k;
        w->built[*best] = true;
        w->grouped = true;   /* taken: repair() steps no further */
    }
    free(try_d);
    return rc;
}

/* Budget: what phase p has left of allowance spent a module at a time, each on the span (of the
 * REPAIR_TRIES the duals rank first) whose module raises theta_p the most, routed afresh; ends
 * when no module tried raises it, or at the deadline (MODEL.md "Anytime planning": a module is
 * kept only when theta rises). */
static int repair(struct whole *w, igraph_integer_t p, double allowance, bool *apart, struct fp_error *err)
{
    double *dtheta = fp_xcalloc((size_t)w->S + 1, sizeof(double));
    double *best_d = fp_xcalloc((size_t)w->S + 1, sizeof(double));
    double *try_d = fp_xcalloc((size_t)w->S + 1, sizeof(double)), theta = 0.0;
    igraph_integer_t tries[REPAIR_TRIES];
    int rc = route_whole(w, p, &theta, dtheta, apart, err);

    while (rc == FP_OK && !*apart && !fp_deadline_passed(w->ropts->deadline)) {
        int i, n = pick_tries(w, p, dtheta, allowance - spend(w), tries);
        igraph_integer_t best = -1;
        double best_th = theta * (1.0 + GAIN_TOL), th;
        bool off;
        for (i = 0; rc == FP_OK && i < n && !fp_deadline_passed(w->ropts->deadline); i++) {
            step(w, tries[i], 1.0);
            rc = route_whole(w, p, &th, try_d, &off, err);
            step(w, tries[i], -1.0);
            if (rc == FP_OK && !off && th > best_th) {
                best = tries[i];
                best_th = th;
                memcpy(best_d, try_d, (size_t)w->S * sizeof(double));
            }
        }
        if (best < 0 && rc == FP_OK && !fp_deadline_passed(w->ropts->deadline)) {
            rc = group_step(w, p, dtheta, allowance - spend(w), &best_th, best_d, &best, err);
        }
        if (best < 0 && rc == FP_OK && !fp_deadline_passed(w->ropts->deadline)) {
            rc = build_step(w, p, allowance - spend(w), &best_th, best_d, &best, err);
        }
        if (best < 0) {
            break;
        }
        if (!w->grouped) {
            step(w, best, 1.0);
        }
        w->grouped = false;
        theta = best_th;
        memcpy(dtheta, best_d, (size_t)w->S * sizeof(double));
    }
    free(dtheta);
    free(best_d);
    free(try_d);
    return rc;
}

/* Whether phase p's rounding up gave span e a module beyond the LP's plan that trim() may take
 * back (one bought in this phase). */
static bool rounded_up(const struct whole *w, igraph_integer_t e)
{
    return w->plannable[e] && w->n[e] > w->n0[e] + 0.5 &&
           w->n[e] > floor(w->lp_added[e] / w->t->module_gbps[e] + WHOLE_TOL) + 0.5;
}

/* Target: the modules phase p's rounding up added beyond the LP's plan taken back, the dearest
 * first, each only while phase p, routed afresh, still meets its target (a candidate left with
 * none not built); nothing when the rounded plan misses it. */
static int trim(struct whole *w, igraph_integer_t p, bool *apart, struct fp_error *err)
{
    bool *tried = fp_xcalloc((size_t)w->S + 1, sizeof(bool)), off;
    double th;
    int rc = route_whole(w, p, &th, NULL, apart, err);
    bool met = w->met;

    while (rc == FP_OK && met && !fp_deadline_passed(w->ropts->deadline)) {
        igraph_integer_t e, dear = -1;
        for (e = 0; e < w->S; e++) {
            if (!tried[e] && rounded_up(w, e) && (dear < 0 || module_usd(w, e) > module_usd(w, dear))) {
                dear = e;
            }
        }
        if (dear < 0) {
            break;
        }
        step(w, dear, -1.0);
        rc = route_whole(w, p, &th, NULL, &off, err);
        if (rc != FP_OK || off || !w->met) {
            step(w, dear, 1.0);
            tried[dear] = true;
        }
    }
    free(tried);
    return rc;
}

/* The LP's cumulative Gbit/s (of) on span e by phase r: of = lp->added, or its pairs. */
static double lp_by(const double *of, igraph_integer_t S, igraph_integer_t e, igraph_integer_t r)
{
    igraph_integer_t q;
    double added = 0.0;
    for (q = 0; q <= r; q++) {
        added += of[q * S + e];
    }
    return added;
}

/* prebuy() on span e: the whole pairs the LP lights by phase r lit now, as far as *left pays
 * for them. */
static void prebuy_pairs(struct whole *w, const struct phases_plan *lp, igraph_integer_t e,
                         igraph_integer_t r, double *left)
{
    const struct fp_optics *o = w->t->optics;
    double want = fmin(floor(lp_by(lp->pairs, w->S, e, r) + WHOLE_TOL), o->dark[e]);
    double k = want - pairs_at(w, e, w->n[e]);
    if (o->pair_usd[e] > 0.0) {
        k = fmin(k, floor(*left * (1.0 + 1e-12) / o->pair_usd[e]));
    }
    if (k >= 1.0) {
        w->pairs[e] = pairs_at(w, e, w->n[e]) + k;
        *left -= k * o->pair_usd[e];
    }
}

/* Budget without --carry-over: what phase p still has (it would be lost) buys now the whole
 * modules the LP's plan has by the phases after, the next first, on spans in service, and the
 * whole pairs it lights by then (a later phase's rounding then finds them bought, and its own
 * budget goes further). Capacity only grows: no theta falls. */
static void prebuy(struct whole *w, const struct phases_plan *lp, igraph_integer_t p, double left)
{
    const struct fp_topo *t = w->t;
    igraph_integer_t r, e;
    for (r = p + 1; r < w->ph->n && left > 0.0; r++) {
        for (e = 0; e < w->S; e++) {
            double want;
            if (!can_add(w, e, p) || !(lit(w, e) || w->built[e])) {
                continue;
            }
            want = fmin(floor(lp_by(lp->added, w->S, e, r) / t->module_gbps[e] + WHOLE_TOL), w->maxmod[e]);
            while (w->n[e] + 1.0 <= want + WHOLE_TOL && module_usd(w, e) <= left * (1.0 + 1e-12)) {
                left -= module_usd(w, e);
                w->n[e] += 1.0;
            }
            if (has_pairs(w, e)) {
                prebuy_pairs(w, lp, e, r, &left);
            }
        }
    }
}

/* Phase p's decisions into out (what it adds, what it builds) and the plan so far kept as the
 * phase before's. */
static void record(struct whole *w, igraph_integer_t p, struct phases_plan *out)
{
    igraph_integer_t e;
    for (e = 0; e < w->S; e++) {
        if (w->plannable[e] && w->n[e] > w->n0[e]) {
            out->added[p * w->S + e] = (w->n[e] - w->n0[e]) * w->t->module_gbps[e];
        }
        out->build[p * w->S + e] = w->built[e] && !w->built0[e] ? 1.0 : 0.0;
        out->pairs[p * w->S + e] = has_pairs(w, e) ? pairs_at(w, e, w->n[e]) - w->pairs0[e] : 0.0;
        w->pairs0[e] = w->pairs[e] = pairs_at(w, e, w->n[e]);
        w->n0[e] = w->n[e];
        w->built0[e] = w->built[e];
    }
}

int fp_phases_round(const struct fp_topo *t, const struct fp_phases *ph, const struct fp_phases_options *po,
                    const struct fp_route_options *ropts, const struct phases_plan *lp,
                    struct phases_plan *out, bool *usable, struct fp_error *err)
{
    struct whole w;
    struct phases_plan pp;
    igraph_integer_t p;
    double left = 0.0;
    bool apart = false;
    int rc = FP_OK;

    memset(&pp, 0, sizeof(pp));
    whole_init(&w, t, ph, ropts);
    pp.added = fp_xcalloc((size_t)(ph->n * w.S) + 1, sizeof(double));
    pp.build = fp_xcalloc((size_t)(ph->n * w.S) + 1, sizeof(double));
    pp.pairs = fp_xcalloc((size_t)(ph->n * w.S) + 1, sizeof(double));
    for (p = 0; rc == FP_OK && !apart && p < ph->n; p++) {
        double allowance = ph->target ? INFINITY : ph->items[p].budget_usd + (po->carry_over ? left : 0.0);
        round_phase(&w, lp, p, ph->target);
        if (!ph->target) {
            fit_budget(&w, allowance);
            rc = repair(&w, p, allowance, &apart, err);
            if (!po->carry_over) {
                prebuy(&w, lp, p, allowance - spend(&w));
            }
            left = allowance - spend(&w);
        } else {
            rc = trim(&w, p, &apart, err);
        }
        record(&w, p, &pp);
    }
    if (rc == FP_OK) {
        *usable = !apart;
        *out = pp;
    } else {
        fp_phases_plan_release(&pp);
    }
    whole_release(&w);
    return rc;
}
