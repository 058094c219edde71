/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: --target-time (MODEL.md "Planning", min cost): the budget walked up to the
 * target's theta, the latency rounds that find the planned schedule's T_lat in one master, the
 * cheapest plan that reaches the target, and the planned network routed afresh (what `route`
 * reports once it is built). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solvers/bound.h"
#include "solvers/plan.h"
#include "solvers/route_internal.h"

/* Target mode, one scenario: theta*(B), the most theta within budget B, is concave and
 * piecewise linear in B with slope the budget row's dual. From B = walk_usd (0: today's
 * network, solved from the packing; or an earlier round's budget), Newton steps
 * B += (theta_req - theta*(B)) / slope approach theta_req from below without passing it (each
 * only relaxes the LP, though its basic solution must move: walk_step); the cost phase then
 * starts next to its optimum instead of from the unlimited-budget plan (600 nodes, 24 sites:
 * the cost phase 8.5 s -> 2.5 s a round). Stops at theta_req (*reached), at a zero slope,
 * after NEWTON_STEPS, or cut short (!s->optimal). */
/* One step of the walk: the budget row at usd, column generation to its stopping rule. A
 * step's first solve can spend seconds in primal phase 1 (the raised budget moves the basic
 * solution off its bounds), where a solve stops only on a feasible basis: a stop request
 * there ends it anyway, and the walk goes back to the budget before, solved (600 nodes, 24
 * sites, --modular, SIGTERM at 8 s: 12 s before, then the rest of the plan). */
static int walk_step(struct solve *s, double usd, struct fp_error *err)
{
    struct master *m = &s->m;
    struct fp_lp_basis before;
    double was = s->walk_usd;
    bool timed_out;
    int rc;

    fp_lp_basis_save(m->lp, &before);
    s->walk_usd = usd;
    fp_lp_set_row_up(m->lp, m->budget_row, usd);
    fp_colgen_bound_reset(m);
    fp_lp_stop_infeasible(m->lp, true);
    rc = fp_colgen_run(s, &s->optimal, &s->timed_out, err);
    fp_lp_stop_infeasible(m->lp, false);
    if (rc == FP_OK && s->timed_out && !fp_lp_feasible(m->lp)) {
        /* the basis before, its solution recomputed without iterating (a solve from it could
         * run its own phase 1 if GLPK's factors disagreed) */
        s->walk_usd = was;
        fp_lp_set_row_up(m->lp, m->budget_row, was);
        fp_lp_basis_restore(m->lp, &before);
        if (!fp_lp_warm_up(m->lp)) {
            fp_lp_stop_infeasible(m->lp, false);
            rc = fp_lp_solve(m->lp, fp_master_deadline(m), &timed_out, err);
        }
    }
    fp_lp_basis_release(&before);
    return rc;
}

#define NEWTON_STEPS 40
static int walk_budget(struct solve *s, bool *reached, struct fp_error *err)
{
    struct master *m = &s->m;
    double req = s->theta_req / m->scale, below = s->walk_usd;
    int step, rc = FP_OK;

    s->phase = "target";
    for (step = 0; step < NEWTON_STEPS && s->optimal; step++) {
        double theta = fp_lp_objective(m->lp), slope = fp_lp_row_dual(m->lp, m->budget_row);
        if (theta >= req) {
            /* the cheapest plan reaching theta_req costs at least this: theta*(B) is concave,
             * the dual a supergradient at walk_usd, and below it theta* fell short */
            s->cost_lb = slope > 0.0 ? fmax(below, s->walk_usd - (theta - req) / slope) : below;
            break;
        }
        if (!(slope > 0.0)) {
            break;
        }
        if (s->walk_usd == 0.0) {
            /* the first step leaves today's network: from its basis (no plan column basic)
             * the primal simplex crawled (750 nodes, 16 sites: 179 rounds in 5.4 s, against
             * 15 rounds in 0.5 s from GLPK's advanced basis over the same columns) */
            fp_lp_basis_reset(m->lp);
        }
        below = s->walk_usd;
        /* aimed a hair past theta_req: a step inside the last linear piece lands on it */
        rc = walk_step(s, below + (req * (1 + 1e-7) - theta) / slope, err);
        if (rc != FP_OK) {
            break;
        }
    }
    s->phase = NULL;
    *reached = rc == FP_OK && s->optimal && fp_lp_objective(m->lp) >= req;
    return rc;
}

/* theta_req (scaled back to Gbit/s) for the target with T_lat = latency (MODEL.md min cost). */
static double theta_needed(const struct master *m, double latency)
{
    return 8.0 * m->job->gradient_bytes / ((m->popts->target_time_s - latency) * 1e9);
}

/* One round's schedule on the walk's LP, as a budget plan's final phases have it: the
 * cheapest plan for its theta (the budget plan's cost phase; the latency phase from the walk's
 * vertex instead ran 4-8x the rounds, 600 nodes, 24 sites: 1.4-1.9 s against 0.3 s), the plan
 * fixed, the latency phase; *t_lat its T_lat. *cost_row: the cost phase's row. */
static int schedule_round(struct solve *s, int *cost_row, double *t_lat, struct fp_error *err)
{
    struct master *m = &s->m;
    bool cost_optimal, lat_optimal;
    int rc = FP_OK;
    if (m->opts->write_lp != NULL && !m->popts->modular) {
        rc = fp_route_write_lp(s, err);   /* the LP whose optimum is the plan's theta */
    }
    if (rc == FP_OK) {
        /* theta_req, not the hair past it the walk aimed at */
        rc = fp_planengine_cost_phase(s, s->theta_req / m->scale, &cost_optimal, &s->timed_out, err);
        *cost_row = m->theta_row;
    }
    fp_planengine_fix_plan(m, false);
    if (rc == FP_OK) {
        rc = fp_schedule_latency_phase(s, &lat_optimal, &s->timed_out, err);
    }
    if (rc == FP_OK) {
        *t_lat = fp_schedule_latency_s(s, err);
        rc = isnan(*t_lat) ? FP_ESOFTWARE : FP_OK;
    }
    return rc;
}

/* The plan as the LP holds it, its network routed afresh into s->fresh: what `route` reports
 * once it is built (the latency phase's T_lat depends on the path its LP took: stargate-us,
 * --target-time 0.5: 38.4 ms in the master, 39.7 ms routed afresh, T 0.5013 s). Into half
 * the grace past the deadline (the other half is the command's own work after the plan: 750
 * nodes, --time-limit 10: 11.17 s with all of it). A stop request that cuts it short below
 * the LP's theta leaves the master's schedule (600 nodes, 24 sites, SIGTERM at 3 s: theta
 * 3,960 routed against 21,588 in the LP). */
/* s->fresh released and marked absent. */
static void drop_fresh(struct solve *s)
{
    fp_result_route_release(&s->fresh);
    memset(&s->fresh, 0, sizeof(s->fresh));
    s->have_fresh = false;
}

bool fp_target_routable(const struct master *m)
{
    return m->opts->collective == FP_COLL_TREE && m->opts->formulation == FP_FORM_PATH;
}

int fp_target_route_fresh(struct solve *s, double theta_want, struct fp_error *err)
{
    struct master *m = &s->m;
    struct fp_route_options o = *m->opts;
    struct fp_deadline hard;
    struct fp_plan plan;
    struct fp_topo view;
    struct fp_bound bound;
    int rc;

    memset(&plan, 0, sizeof(plan));
    fp_planengine_extract_plan(m, &plan);
    if (o.deadline != NULL) {
        fp_deadline_hard(o.deadline, &hard);
        if (hard.limit_s > 0) {
            hard.limit_s = o.deadline->limit_s + 0.5 * (hard.limit_s - o.deadline->limit_s);
        }
        o.deadline = &hard;
    }
    o.write_lp = NULL;   /* the plan's LP is written, not this route's */
    fp_plan_view(m->topo, &plan, &view);
    /* as `route` solves it, with the cut bound that ends its theta phase early: without it
     * the phase took another path to the same theta and the latency phase another T_lat (600
     * nodes, 24 sites, --budget 1e8: 1.3581 s here, 1.3551 s by `route`) */
    rc = fp_bound_compute(&view, m->job, &bound, err);
    if (rc == FP_OK) {
        o.upper_bound_gbps = bound.theta_lb_gbps;
        fp_result_bound_release(&bound);
        rc = fp_route_solve(&view, m->job, &o, &s->fresh, err);
    }
    s->have_fresh = rc == FP_OK && (s->fresh.status == FP_STATUS_OPTIMAL ||
                                    s->fresh.theta_gbps >= theta_want * (1 - 1e-9));
    if (!s->have_fresh) {
        drop_fresh(s);
    }
    fp_plan_view_release(&view);
    fp_result_plan_release(&plan);
    return rc;
}

/* The planned network's T for round decisions: routed afresh when the master's schedule meets
 * the target (what is reported), else the master's. *met when it meets the target. */
static int round_time(struct solve *s, double latency, double *t_lat, bool *met, struct fp_error *err)
{
    const struct fp_plan_options *po = s->m.popts;
    int rc = FP_OK;
    *met = *t_lat <= latency * (1 + 1e-9);
    if ((*met || po->fixed_latency) && fp_target_routable(&s->m)) {
        rc = fp_target_route_fresh(s, s->theta_req, err);
    }
    if (rc == FP_OK && s->have_fresh) {
        *t_lat = s->fresh.latency_s;
        *met = s->fresh.allreduce_s <= po->target_time_s * (1 + 1e-9);
    }
    return rc;
}

/* A round's schedule undone: theta maximised again at the walk's basis before it, the plan
 * free, the cost phase's row freed (basic once that basis is restored). */
static void undo_round(struct solve *s, int cost_row, const struct fp_lp_basis *before)
{
    struct master *m = &s->m;
    s->walked = false;
    if (s->have_fresh) {
        drop_fresh(s);
    }
    fp_planengine_free_plan(m);
    if (cost_row != 0) {
        fp_lp_set_row_free(m->lp, cost_row);
    }
    fp_schedule_latency_undo(m, before);
}

/* Target, one scenario: T_lat is the planned schedule's, known only once it is planned.
 * Each round schedules the walk's LP (the budget plan at walk_usd, theta at theta_req) and
 * reads its T_lat (a continuous plan's planned network routed afresh when that meets the
 * target: what is reported); above the latency planned for, the round is undone, theta_req
 * raised to what that T_lat leaves and the walk goes on from where it stood: one master for
 * every round (600 nodes, 24 sites: 42 s in three masters, each routed afresh, -> 10 s).
 * Continuous plans end with the round's schedule (s->walked) when T meets the target, after
 * LATENCY_ROUNDS, or when a walk ends short of theta_req; whole modules end back at the
 * walk's LP, theta_req set for the LP plan's latency, to be rounded (a first round at the
 * latency floor missed the target, 600 nodes: T_lat 146 ms against 126). A walk cut short is
 * decided and re-routed like any plan. */
#define LATENCY_ROUNDS 8
static int latency_rounds(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    const struct fp_plan_options *po = m->popts;
    double latency = po->latency_s;
    bool reached = true;
    int round, rc = FP_OK;

    for (round = 1; rc == FP_OK; round++) {
        struct fp_lp_basis before;
        double t_lat = NAN;
        int cost_row = 0;
        bool met = false, last;
        fp_lp_basis_save(m->lp, &before);
        rc = schedule_round(s, &cost_row, &t_lat, err);
        if (rc == FP_OK && !po->modular) {
            rc = round_time(s, latency, &t_lat, &met, err);
        }
        met = met || (po->modular && t_lat <= latency * (1 + 1e-9));
        last = rc != FP_OK || !reached || po->fixed_latency || met || round == LATENCY_ROUNDS ||
               t_lat >= po->target_time_s || fp_master_stopped(m);
        s->walked = rc == FP_OK && !po->modular;
        if (!last || po->modular) {
            undo_round(s, cost_row, &before);
        }
        fp_lp_basis_release(&before);
        if (rc == FP_OK && last && po->modular) {
            /* back at the walk's LP, theta_req for the latency found: the cheapest plan
             * reaching it is rounded up from there */
            fp_colgen_bound_reset(m);
            rc = fp_colgen_run(s, &s->optimal, &s->timed_out, err);
        }
        if (last) {
            break;
        }
        latency = s->walk_latency_s = t_lat;
        s->theta_req = theta_needed(m, latency);
        fp_colgen_bound_reset(m);
        rc = fp_colgen_run(s, &s->optimal, &s->timed_out, err);
        if (rc == FP_OK) {
            rc = walk_budget(s, &reached, err);
        }
        if (rc == FP_OK && !s->optimal) {
            break;
        }
    }
    return rc;
}

int fp_target_phase(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    const struct fp_plan_options *popts = m->popts;
    double theta_max, walk_lb;
    bool reached = false;
    igraph_integer_t i;
    int rc;

    /* MODEL.md min cost: theta >= 8 S / ((T_target - T_lat) 1e9); the unlimited-budget
     * optimum of the theta phase says whether any plan within the ceilings can */
    if (popts->target_time_s <= popts->latency_s) {
        return fp_error_set(err, FP_EDATA, m->topo->path, 0,
                            "no plan reaches T <= %g s: the latency alone is %.4g s",
                            popts->target_time_s, popts->latency_s);
    }
    s->theta_req = theta_needed(m, popts->latency_s);
    s->walk_latency_s = popts->latency_s;
    if (m->budget_row != 0) {
        rc = walk_budget(s, &reached, err);
        if (rc == FP_OK && reached && !popts->modular) {
            return latency_rounds(s, err);
        }
        if (rc == FP_OK && reached && m->n_scen == 1) {
            rc = latency_rounds(s, err);   /* whole modules: the LP's latency, then rounded */
            reached = rc == FP_OK && s->optimal;
        }
        if (rc == FP_OK && !reached && s->optimal && fp_lp_row_dual(m->lp, m->budget_row) > 0.0) {
            /* out of steps: the unlimited budget says whether any plan reaches it (a slope of 0
             * says so already: theta*(B) is concave, it grows no more) */
            fp_lp_set_row_free(m->lp, m->budget_row);
            fp_colgen_bound_reset(m);
            rc = fp_colgen_run(s, &s->optimal, &s->timed_out, err);
        }
        if (rc != FP_OK) {
            return rc;
        }
        if (!reached) {
            fp_lp_set_row_free(m->lp, m->budget_row);
        }
    }
    theta_max = fp_lp_objective(m->lp) * m->scale;
    if (!s->optimal && theta_max < s->theta_req * (1 - 1e-9)) {
        return FP_OK;   /* cut short before it proved anything: the plan with the most theta */
    }
    if (theta_max < s->theta_req * (1 - 1e-9)) {
        return fp_error_set(err, FP_EDATA, m->topo->path, 0,
                            "no plan within the ceilings reaches T <= %g s: it needs theta %.6g "
                            "Gbit/s, the spans allow at most %.6g (T = %.4g s)",
                            popts->target_time_s, s->theta_req, theta_max,
                            fp_job_bw_s(m->job->gradient_bytes, theta_max) + popts->latency_s);
    }
    if (m->theta_col != 0) {
        /* every scenario's theta at least theta_req */
        fp_lp_set_col_bounds(m->lp, m->theta_col, s->theta_req / m->scale, s->theta_req / m->scale);
    } else {
        m->theta_row = fp_lp_add_row_lo(m->lp, "theta", s->theta_req / m->scale);
        for (i = 0; i < m->n_trees; i++) {
            fp_lp_set_coef(m->lp, m->theta_row, m->trees[i].col, 1.0);
        }
        fp_colgen_cost_begin(m, s->theta_req / m->scale);
    }
    fp_master_set_objective(m, true);
    rc = fp_colgen_run(s, &s->optimal, &s->timed_out, err);
    walk_lb = s->cost_lb;
    s->cost_lb = fp_colgen_cost_lower_bound(m, s->optimal);
    s->cost_lb = isnan(walk_lb) || walk_lb < s->cost_lb ? s->cost_lb : walk_lb;
    if (reached) {
        /* kept through the min-cost phase: the walk's budget is a hair above the cheapest
         * plan's, so the row holds slack there and freeing it leaves the basis feasible;
         * freed at the walk's end, with the row tight, the next solve began with seconds of
         * primal phase 1 (600 nodes, 24 sites, --modular: 15 s) */
        fp_lp_set_row_free(m->lp, m->budget_row);
    }
    return rc;
}

/* Whether the route in s->fresh meets the target: complete (not cut short) and T <= target
 * (with --assume-latency, theta >= theta_req: T_lat is the one assumed). */
static bool fresh_meets(const struct solve *s)
{
    if (!s->have_fresh || s->fresh.status != FP_STATUS_OPTIMAL) {
        return false;
    }
    if (s->m.popts->fixed_latency) {
        return s->fresh.theta_gbps >= s->theta_req * (1 - 1e-9);
    }
    return s->fresh.allreduce_s <= s->m.popts->target_time_s * (1 + 1e-9);
}

/* The route in s->fresh handed to *to (released first), s->fresh left empty. */
static void take_fresh(struct solve *s, struct fp_route *to)
{
    fp_result_route_release(to);
    *to = s->fresh;
    memset(&s->fresh, 0, sizeof(s->fresh));
    s->have_fresh = false;
}

/* Plan x fixed in the master and routed afresh; whether it meets the target. */
static int probe(struct solve *s, const double *x, double *slowest, bool *met, struct fp_error *err)
{
    double t0 = fp_clock_s();
    int rc;
    drop_fresh(s);
    fp_planengine_fix_at(&s->m, x);
    rc = fp_target_route_fresh(s, 0.0, err);
    *slowest = fmax(*slowest, fp_clock_s() - t0);
    *met = rc == FP_OK && fresh_meets(s);
    return rc;
}

/* Whether a route's time is left before the deadline (always without one). */
static bool route_time_left(const struct master *m, double slowest)
{
    return !fp_master_stopped(m) && (!(m->dl.limit_s > 0) || fp_deadline_left_s(&m->dl) >= 1.5 * slowest);
}

/* Rounding every span up buys theta the target does not need, and `route` spends it: the
 * largest theta it finds runs over longer paths, so T_lat grows (600 nodes, 24 sites, the
 * continuous plan at $99.9M rounded up: $103.8M, T_lat 177 ms against 125, T 1.397 s for a
 * 1.360 s target). Rounded up only past a threshold tau (n = ceil(x - tau)) the plan costs
 * less and routes nearer the LP's latency (tau 0.5: $98.9M, T_lat 119 ms, T 1.3601 s). A
 * bisection over tau in [0, 1) (cost falls as tau grows) routes each plan afresh, as `route`
 * will, and keeps the cheapest that meets the target, while a route's time is left before
 * the deadline; the plan decided before (rounded up, or branch and cut's) stays otherwise.
 */
#define THRESHOLD_PROBES 5
int fp_target_thresholds(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    double *best = fp_planengine_decided_plan(m), lo = 0.0, hi = 1.0;
    double best_usd = fresh_meets(s) ? fp_planengine_plan_cost(m, best) : INFINITY;
    double slowest = s->fresh.seconds;
    struct fp_route kept;
    int k, rc = FP_OK;
    bool moved = false, have_kept = s->have_fresh;

    memset(&kept, 0, sizeof(kept));
    take_fresh(s, &kept);
    for (k = 0; rc == FP_OK && k < THRESHOLD_PROBES && route_time_left(m, slowest); k++) {
        double tau = 0.5 * (lo + hi);
        double *x = fp_planengine_threshold_plan(m, s->lp_x, tau);
        bool met = true;   /* no cheaper than the best: only a larger tau can be */
        if (fp_planengine_plan_cost(m, x) < best_usd * (1 - 1e-12)) {
            rc = probe(s, x, &slowest, &met, err);
            if (rc == FP_OK && met) {
                best_usd = fp_planengine_plan_cost(m, x);
                free(best);
                best = x;
                x = NULL;
                take_fresh(s, &kept);
                moved = have_kept = true;
            }
            drop_fresh(s);
        }
        lo = met ? tau : lo;
        hi = met ? hi : tau;
        free(x);
    }
    fp_result_route_release(&s->fresh);
    fp_planengine_fix_at(m, best);
    s->fresh = kept;
    s->have_fresh = have_kept;
    if (moved) {
        s->plan_from_mip = false;
        memset(s->repaired, 0, (size_t)m->topo->n_spans * sizeof(double));
    }
    free(best);
    return rc;
}
