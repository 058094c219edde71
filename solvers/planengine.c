/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the plan engine (MODEL.md "Planning"): after the theta phase of a plan, the
 * target's cheapest plan, the LP bound, plans in whole modules (the LP plan rounded, cut-set
 * cuts, branch and cut), the planned network re-routed, the cost phase that leaves unspent
 * the money that buys no theta, and the plan read out with its bound and gap. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "solvers/route_internal.h"

/* Pairs lit on span e in plan x: the fewest that hold its modules (MODEL.md "Optics"). */
static void fit_pairs(const struct master *m, double *x, igraph_integer_t e)
{
    if (m->pair_col[e] != 0) {
        x[m->pair_col[e]] = fp_optics_pairs_needed(m->topo, e, x[m->add_col[e]] * m->add_unit[e]);
    }
}

/* Whole pairs that hold whole modules on span e of plan x, whatever tolerance its values were
 * found at (a span of 0.1 Gbit/s today took 32 modules on its lit pair's 25,599.9 free in the
 * MILP's incumbent, GLPK's row tolerance accepting it; fixed so, the re-route was infeasible):
 * a budget plan keeps no more modules than its pairs hold (never over budget), a target plan
 * lights the pairs its modules need (capacity only grows); neither lights a pair it does not
 * use. */
static void settle_span(const struct master *m, double *x, igraph_integer_t e, bool target)
{
    if (m->pair_col[e] == 0) {
        return;
    }
    if (!target) {
        x[m->add_col[e]] = fmin(x[m->add_col[e]],
                                fp_optics_modules_held(m->topo, e, x[m->pair_col[e]], m->add_unit[e]));
    }
    fit_pairs(m, x, e);
}

static void settle_pairs(const struct master *m, double *x, bool target)
{
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        settle_span(m, x, e, target);
    }
}

/* The LP optimum's plan in whole modules (1-based, one value per column; only the plan's
 * columns are meant, the caller fixes them and re-routes). Budget mode rounds modules down
 * and drops fractional builds (never over budget); target mode rounds up and builds any
 * candidate in use (capacity only grows, so theta_req stays reachable). */
static double *mip_start(const struct master *m, bool round_up)
{
    const struct fp_topo *t = m->topo;
    int n_cols = fp_lp_cols(m->lp), col;
    double *x = fp_xcalloc((size_t)n_cols + 2, sizeof(double));
    igraph_integer_t e;

    for (col = 1; col <= n_cols; col++) {
        x[col] = fp_lp_col_value(m->lp, col);
    }
    for (e = 0; e < t->n_spans; e++) {
        double n, z = 1.0;
        if (m->add_col[e] == 0) {
            continue;
        }
        if (m->build_col[e] != 0) {
            z = round_up ? (x[m->build_col[e]] > 1e-9 ? 1.0 : 0.0)
                         : (x[m->build_col[e]] >= 1.0 - 1e-9 ? 1.0 : 0.0);
            x[m->build_col[e]] = z;
        }
        n = round_up ? ceil(x[m->add_col[e]] - 1e-9) : floor(x[m->add_col[e]] + 1e-9);
        x[m->add_col[e]] = z > 0 && n > 0 ? n : 0.0;
        if (!round_up && m->pair_col[e] != 0) {
            x[m->pair_col[e]] = floor(x[m->pair_col[e]] + 1e-9);   /* no more pairs than the LP lit */
        }
        settle_span(m, x, e, round_up);
    }
    return x;
}

/* Fixes the plan's decisions (modules, builds) at x's values. */
void fp_planengine_fix_at(struct master *m, const double *x)
{
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        if (m->add_col[e] != 0) {
            fp_lp_fix_col(m->lp, m->add_col[e], x[m->add_col[e]]);
        }
        if (m->build_col[e] != 0) {
            fp_lp_fix_col(m->lp, m->build_col[e], x[m->build_col[e]]);
        }
        if (m->pair_col[e] != 0) {
            fp_lp_fix_col(m->lp, m->pair_col[e], x[m->pair_col[e]]);
        }
    }
}

double *fp_planengine_threshold_plan(const struct master *m, const double *lp_x, double tau)
{
    int n_cols = fp_lp_cols(m->lp);
    double *x = fp_xcalloc((size_t)n_cols + 2, sizeof(double));
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        double n;
        if (m->add_col[e] == 0) {
            continue;
        }
        n = fmax(0.0, ceil(lp_x[m->add_col[e]] - tau - 1e-9));
        if (m->build_col[e] != 0) {
            n = lp_x[m->build_col[e]] > 1e-9 ? n : 0.0;
            x[m->build_col[e]] = n > 0 ? 1.0 : 0.0;
        }
        x[m->add_col[e]] = n;
        fit_pairs(m, x, e);
    }
    return x;
}

double *fp_planengine_decided_plan(const struct master *m)
{
    int n_cols = fp_lp_cols(m->lp);
    double *x = fp_xcalloc((size_t)n_cols + 2, sizeof(double));
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        if (m->add_col[e] != 0) {
            x[m->add_col[e]] = round(fp_lp_col_decided(m->lp, m->add_col[e]));
        }
        if (m->build_col[e] != 0) {
            x[m->build_col[e]] = round(fp_lp_col_decided(m->lp, m->build_col[e]));
        }
        if (m->pair_col[e] != 0) {
            x[m->pair_col[e]] = round(fp_lp_col_decided(m->lp, m->pair_col[e]));
        }
    }
    settle_pairs(m, x, isnan(m->popts->budget_usd));
    return x;
}

/* Fixes the plan's decisions at their values (the MILP incumbent, rounded, or the LP's). */
void fp_planengine_fix_plan(struct master *m, bool from_mip)
{
    int n_cols = fp_lp_cols(m->lp);
    double *x = fp_xcalloc((size_t)n_cols + 2, sizeof(double));
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        int cols[3] = {m->add_col[e], m->build_col[e], m->pair_col[e]};
        int i;
        for (i = 0; i < 3; i++) {
            double v;
            if (cols[i] == 0) {
                continue;
            }
            v = from_mip ? round(fp_lp_mip_value(m->lp, cols[i])) : fp_lp_col_value(m->lp, cols[i]);
            x[cols[i]] = v > 0 ? v : 0.0;
        }
    }
    if (from_mip) {
        settle_pairs(m, x, isnan(m->popts->budget_usd));
    }
    fp_planengine_fix_at(m, x);
    free(x);
}

void fp_planengine_extract_plan(const struct master *m, struct fp_plan *plan)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t e, n = t->n_spans;
    fp_result_plan_alloc(plan, n);
    for (e = 0; e < n; e++) {
        double c = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0, v = 0.0, z = 0.0;
        plan->upgradable[e] = m->upgradable[e];
        if (m->add_col[e] != 0) {
            /* whole modules, without the LP's noise (as fixed: a target plan reported without
             * a re-route on a stop request is fixed, rounded up, over the LP's flows) */
            v = m->popts->modular ? round(fp_lp_col_decided(m->lp, m->add_col[e]))
                                  : fp_lp_col_value(m->lp, m->add_col[e]);
            v = v > 1e-12 ? v : 0.0;
            plan->added_gbps[e] = v * m->add_unit[e];
            plan->modules[e] = m->popts->modular ? v : plan->added_gbps[e] / t->module_gbps[e];
            plan->span_cost_usd[e] += v * m->add_cost[e];
        }
        if (m->build_col[e] != 0) {
            z = m->popts->modular ? round(fp_lp_col_decided(m->lp, m->build_col[e]))
                                  : fp_lp_col_value(m->lp, m->build_col[e]);
            z = z > 1e-12 ? z : 0.0;
            plan->build[e] = z;
            plan->span_cost_usd[e] += z * m->build_cost[e];
        }
        if (m->pair_col[e] != 0) {
            double p = m->popts->modular ? round(fp_lp_col_decided(m->lp, m->pair_col[e]))
                                         : fp_lp_col_value(m->lp, m->pair_col[e]);
            plan->pairs_lit[e] = p > 1e-12 ? p : 0.0;
            plan->span_cost_usd[e] += plan->pairs_lit[e] * m->pair_cost[e];
        }
        plan->planned_gbps[e] = c + plan->added_gbps[e];
        plan->cost_usd += plan->span_cost_usd[e];
    }
}

/* Budget mode, continuous: among the plans that reach the optimum theta_star, the cheapest
 * (money that buys no theta stays unspent). theta is held at theta_star (1 - 1e-12: the LP's
 * own solution meets it). */
int fp_planengine_cost_phase(struct solve *s, double hold, bool *optimal, bool *timed_out,
                             struct fp_error *err)
{
    struct master *m = &s->m;
    double theta_star = isnan(hold) ? fp_lp_objective(m->lp) * (1 - 1e-12) : hold;
    igraph_integer_t i;
    int rc;
    fp_schedule_keep_theta_duals(m);
    if (m->theta_col != 0) {
        /* --survive: with the worst case held, the most for the intact network, then the
         * cheapest plan that keeps both */
        double intact = 0.0;
        int row;
        fp_lp_set_col_bounds(m->lp, m->theta_col, theta_star, -1.0);
        fp_lp_set_obj(m->lp, m->theta_col, 0.0);
        m->intact_obj = true;
        for (i = 0; i < m->n_trees; i++) {
            fp_lp_set_obj(m->lp, m->trees[i].col, m->trees[i].scen == 0 ? 1.0 : 0.0);
        }
        rc = fp_colgen_run(s, optimal, timed_out, err);
        if (rc != FP_OK || !*optimal) {
            return rc;
        }
        row = fp_lp_add_row_lo(m->lp, "intact_star", 0.0);
        for (i = 0; i < m->n_trees; i++) {
            if (m->trees[i].scen == 0) {
                intact += fp_lp_col_value(m->lp, m->trees[i].col);
                fp_lp_set_coef(m->lp, row, m->trees[i].col, 1.0);
            }
        }
        fp_lp_set_row_lo(m->lp, row, intact * (1 - 1e-12));
        m->intact_row = row;
    } else {
        m->theta_row = fp_lp_add_row_lo(m->lp, "theta_star", theta_star);
        for (i = 0; i < m->n_trees; i++) {
            fp_lp_set_coef(m->lp, m->theta_row, m->trees[i].col, 1.0);
        }
        fp_colgen_cost_begin(m, theta_star);
    }
    fp_master_set_objective(m, true);
    return fp_colgen_run(s, optimal, timed_out, err);
}

/* USD of the plan x (modules and builds). */
static double plan_cost(const struct master *m, const double *x)
{
    igraph_integer_t e;
    double usd = 0.0;
    for (e = 0; e < m->topo->n_spans; e++) {
        usd += m->add_col[e] != 0 ? x[m->add_col[e]] * m->add_cost[e] : 0.0;
        usd += m->build_col[e] != 0 ? x[m->build_col[e]] * m->build_cost[e] : 0.0;
        usd += m->pair_col[e] != 0 ? x[m->pair_col[e]] * m->pair_cost[e] : 0.0;
    }
    return usd;
}

/* The theta the master's objective stands for (Gbit/s): the trees' (or the worst case's). */
static double master_theta(const struct master *m)
{
    return fp_lp_objective(m->lp) * m->scale;
}

/* Re-routes the plan fixed at x (column generation to its stopping rule, or the deadline);
 * *theta its theta, a lower bound on the planned network's when cut short. */
static int route_fixed(struct solve *s, const double *x, double *theta, bool *optimal,
                       struct fp_error *err)
{
    bool timed_out;
    int rc;
    fp_planengine_fix_at(&s->m, x);
    fp_colgen_bound_reset(&s->m);
    rc = fp_colgen_run(s, optimal, &timed_out, err);
    *theta = rc == FP_OK ? master_theta(&s->m) : 0.0;
    return rc;
}

/* The plan fixed at x and the master re-solved over its columns as they are (no pricing: the
 * columns branch and cut will see stay the same); *theta its theta, a lower bound on the
 * planned network's. */
static int resolve_fixed(struct solve *s, const double *x, double *theta, struct fp_error *err)
{
    bool timed_out;
    int rc;
    fp_planengine_fix_at(&s->m, x);
    fp_colgen_bound_reset(&s->m);
    rc = fp_lp_solve(s->m.lp, fp_master_deadline(&s->m), &timed_out, err);
    *theta = rc == FP_OK ? master_theta(&s->m) : 0.0;
    return rc;
}

/* The span whose next module promises the most theta per dollar at the master's capacity
 * duals (summed over the scenarios), among those with room, not yet tried, and affordable
 * within usd_left (a candidate not yet built pays its build too); -1 when none. */
static igraph_integer_t best_module(const struct master *m, const double *x, const bool *tried,
                                    double usd_left, double *usd)
{
    igraph_integer_t e, s, best = -1, n = m->topo->n_spans, n_arcs = 2 * n;
    double best_v = 0.0;
    for (e = 0; e < n; e++) {
        double mu = 0.0, cost;
        if (m->add_col[e] == 0 || tried[e] || x[m->add_col[e]] + 1.0 > m->add_upper[e] + 1e-9) {
            continue;
        }
        cost = m->add_cost[e] + (m->build_col[e] != 0 && x[m->build_col[e]] < 0.5 ? m->build_cost[e] : 0.0);
        if (m->pair_col[e] != 0) {
            cost += (fp_optics_pairs_needed(m->topo, e, (x[m->add_col[e]] + 1.0) * m->add_unit[e]) -
                     x[m->pair_col[e]]) * m->pair_cost[e];
        }
        for (s = 0; s < m->n_scen; s++) {
            int fw = m->cap_row[s * n_arcs + 2 * e], bw = m->cap_row[s * n_arcs + 2 * e + 1];
            mu += (fw != 0 ? fp_lp_row_dual(m->lp, fw) : 0.0) + (bw != 0 ? fp_lp_row_dual(m->lp, bw) : 0.0);
        }
        if (cost <= usd_left * (1 + 1e-12) && mu * m->add_unit[e] / cost > best_v) {
            best_v = mu * m->add_unit[e] / cost;
            best = e;
            *usd = cost;
        }
    }
    return best;
}

/* One more (delta +1) or one less (-1) module on span e in x, its candidate built with it. */
static void step_module(const struct master *m, double *x, igraph_integer_t e, double delta, bool build)
{
    x[m->add_col[e]] += delta;
    if (m->build_col[e] != 0 && build) {
        x[m->build_col[e]] = delta > 0 ? 1.0 : 0.0;
    }
    fit_pairs(m, x, e);
}

#define REPAIR_MISSES 16    /* repair: failed tries in a row before it stops */

/* Greedy repair of a budget plan in whole modules, x, re-routed at *theta (Gbit/s): what the
 * rounding left of the budget buys modules one at a time, each on the span whose capacity
 * duals promise the most theta per dollar; a module is kept when theta rises: with the
 * planned network re-routed (priced), or over the master's columns as they are (MODEL.md
 * "Anytime planning": incumbents only improve). Ends when no affordable module
 * raises theta, after REPAIR_MISSES misses in a row, or at the deadline. */
static int repair(struct solve *s, double *x, double *theta, bool priced, struct fp_error *err)
{
    struct master *m = &s->m;
    bool *tried = fp_xcalloc((size_t)m->topo->n_spans + 1, sizeof(bool));
    double usd_left = m->popts->budget_usd - plan_cost(m, x);
    int rc = FP_OK, misses = 0;

    while (rc == FP_OK && misses < REPAIR_MISSES && !fp_master_stopped(m)) {
        double usd = 0.0, th;
        bool build, optimal;
        igraph_integer_t e = best_module(m, x, tried, usd_left, &usd);
        if (e < 0) {
            break;
        }
        build = m->build_col[e] != 0 && x[m->build_col[e]] < 0.5;
        step_module(m, x, e, 1.0, build);
        rc = priced ? route_fixed(s, x, &th, &optimal, err) : resolve_fixed(s, x, &th, err);
        if (rc == FP_OK && th > *theta * (1 + 1e-9)) {
            *theta = th;
            usd_left -= usd;
            misses = 0;
            if (!priced) {
                s->repaired[e] += 1.0;   /* to be confirmed by trim() once re-routed */
            }
            memset(tried, 0, (size_t)m->topo->n_spans * sizeof(bool));
        } else {
            step_module(m, x, e, -1.0, build);
            tried[e] = true;
            misses++;
        }
    }
    free(tried);
    return rc;
}

void fp_planengine_free_plan(struct master *m)
{
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        if (m->add_col[e] != 0) {
            fp_lp_set_col_bounds(m->lp, m->add_col[e], 0.0, m->add_upper[e]);
        }
        if (m->build_col[e] != 0) {
            fp_lp_set_col_bounds(m->lp, m->build_col[e], 0.0, 1.0);
        }
        if (m->pair_col[e] != 0) {
            fp_lp_set_col_bounds(m->lp, m->pair_col[e], 0.0, m->topo->optics->dark[e]);
        }
    }
}

/* The LP relaxation back, re-solved over the columns as they are: branch and cut runs on the
 * columns generated so far. */
static int relax_plan(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    bool timed_out;
    fp_planengine_free_plan(m);
    fp_colgen_bound_reset(m);
    return fp_lp_solve(m->lp, fp_master_deadline(m), &timed_out, err);
}

/* Seconds branch and cut may take: without --time-limit FP_PLAN_MILP_SECONDS; with one,
 * what is left of it less a reserve for re-routing the plan: max(0.5 s, 10 %, 3 x what the
 * rounding's re-route took; the plan branch and cut picks is re-routed from further away, and
 * GLPK sees its limit only between nodes; a target's fresh route: 35 % of the time so far);
 * none after --max-rounds ran out or a stop request. */
static double mip_seconds(const struct solve *s)
{
    const struct master *m = &s->m;
    double reserve = fmax(fmax(0.5, 0.1 * m->dl.limit_s), 3.0 * s->reroute_s);
    if (s->target && m->n_scen == 1) {
        /* the planned network is routed afresh after it (route_fresh): a route of a network
         * planned up from this one took about a third of the LP phases' time (600 nodes, 24
         * sites: 4 s after 12 s; cut short, it left T_lat unminimised and T over target) */
        reserve = fmax(reserve, 0.35 * (fp_clock_s() - m->dl.start_s));
    }
    if (m->rounds_out || m->popts->skip_mip) {
        return 0.0;
    }
    if (!(m->dl.limit_s > 0)) {
        return fp_deadline_stopped(&m->dl) ? 0.0 : FP_PLAN_MILP_SECONDS;
    }
    return fp_deadline_stopped(&m->dl) ? 0.0 : fp_deadline_left_s(&m->dl) - reserve;
}

/* Branch and cut over the generated columns (cut-set cuts at the root) for mip_seconds();
 * its incumbent replaces the plan in x (theta_x re-routed, or USD for a target) only when
 * better. *proven when branch and cut closed its gap. */
static int branch_and_cut(struct solve *s, double *x, double theta_x, bool *use_mip,
                          struct fp_error *err)
{
    struct master *m = &s->m;
    double seconds = mip_seconds(s);
    struct fp_deadline mip;
    bool found = false;
    int c, rc = FP_OK;

    *use_mip = false;
    if (seconds >= 0.5 && m->opts->collective == FP_COLL_TREE && m->n_scen == 1) {
        rc = fp_cutset_cuts(s, s->target ? s->theta_req : s->lp_bound * (1 + EPS), err);
        seconds = mip_seconds(s);
    }
    if (rc == FP_OK && seconds >= 0.5) {
        fp_colgen_progress(s, "branch and cut", true);
        fp_deadline_init(&mip, seconds, m->dl.stop);
        mip.end_s = fmin(mip.end_s, m->dl.end_s);
        rc = fp_lp_solve_mip(m->lp, &mip, &found, &s->proven, err);
    }
    if (rc == FP_EDATA) {
        err->rc = FP_OK;
        rc = fp_error_set(err, FP_EDATA, m->topo->path, 0, "no plan in whole modules meets the %s",
                          s->target ? "target" : "budget");
    }
    if (rc == FP_OK && found) {
        /* budget: theta over these columns (theta_x is the rounding's, re-routed); target: USD */
        *use_mip = s->target ? -fp_lp_mip_objective(m->lp) * 1e6 < plan_cost(m, x) * (1 - 1e-9)
                             : fp_lp_mip_objective(m->lp) * m->scale > theta_x * (1 + 1e-9);
    }
    for (c = 0; c < s->n_cut_rows; c++) {
        fp_lp_set_row_free(m->lp, s->cut_rows[c]);   /* valid, but new trees lack them */
    }
    return rc;
}

/* --modular. Budget: the LP plan rounded down and re-routed; it is optimal when it meets the
 * LP bound (*done). Otherwise it is repaired over the columns as they are, and in the time
 * left the LP relaxation over the same columns, cut-set cuts and branch and cut, whose
 * incumbent is taken when better (the rest of the budget is spent by polish() once the plan
 * is re-routed). Target: the LP plan rounded up (a
 * plan that meets theta_req) unless branch and cut finds a cheaper one. The plan chosen is
 * fixed in the master. */
static int modular_phase(struct solve *s, bool *done, struct fp_error *err)
{
    struct master *m = &s->m;
    double *x = mip_start(m, s->target), theta_x = 0.0;
    bool optimal, use_mip = false;
    int rc = FP_OK;

    *done = false;
    s->proven = false;
    s->repaired = fp_xcalloc((size_t)m->topo->n_spans + 1, sizeof(double));
    if (s->target && m->n_scen == 1) {
        int col, n_cols = fp_lp_cols(m->lp);
        free(s->lp_x);
        s->lp_x = fp_xcalloc((size_t)n_cols + 2, sizeof(double));
        for (col = 1; col <= n_cols; col++) {
            s->lp_x[col] = fp_lp_col_value(m->lp, col);
        }
    }
    if (!s->target && m->opts->formulation == FP_FORM_PATH) {
        double t0 = fp_clock_s();
        fp_colgen_progress(s, s->phase = "rounding", true);
        rc = route_fixed(s, x, &theta_x, &optimal, err);
        s->reroute_s = fp_clock_s() - t0;
        s->incumbent = theta_x;
        if (rc == FP_OK && optimal && theta_x >= s->lp_bound * (1 - EPS)) {
            s->proven = *done = true;   /* re-routed already, and optimal */
            free(x);
            return rc;
        }
        if (rc == FP_OK) {
            fp_colgen_progress(s, s->phase = "repair", true);
            rc = repair(s, x, &theta_x, false, err);
            s->incumbent = theta_x;
        }
        if (rc == FP_OK && mip_seconds(s) >= 0.5) {
            rc = relax_plan(s, err);
        }
    }
    if (rc == FP_OK && !s->proven && mip_seconds(s) >= 0.5) {
        rc = branch_and_cut(s, x, theta_x, &use_mip, err);
    }
    if (rc == FP_OK && use_mip && s->target && fp_deadline_stopped(&m->dl)) {
        use_mip = false;   /* a stop request: the rounding, whose flows the LP holds, is the plan */
    }
    s->plan_from_mip = rc == FP_OK && use_mip;
    if (rc == FP_OK && use_mip) {
        fp_planengine_fix_plan(m, true);
        memset(s->repaired, 0, (size_t)m->topo->n_spans * sizeof(double));   /* not in this plan */
    } else if (rc == FP_OK) {
        fp_planengine_fix_at(m, x);
    }
    free(x);
    return rc;
}

/* The planned network routed for the largest theta it allows, to the stopping rule of column
 * generation: against the hard deadline (MODEL.md "Anytime planning": the theta reported is
 * the planned network's, never a restricted master cut short). */
static int reroute(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    int rc;
    if (s->target && !s->plan_from_mip && fp_deadline_stopped(&m->dl)) {
        /* a signal: the target plan fixed where the LP left it (continuous) or rounded up
         * from there (modular: capacity only grows) still carries the LP's flows (theta as
         * the LP had it); re-routing it first recomputes an infeasible basis and runs seconds
         * of phase 1 (600 nodes, 24 sites: 3-20 s), against CONTRACT's best plan within a
         * second. Reported as is, status time_limit. */
        s->optimal = false;
        s->timed_out = true;
        return FP_OK;
    }
    if (m->theta_row != 0) {
        fp_lp_set_row_free(m->lp, m->theta_row);
        m->theta_row = 0;
    }
    if (m->theta_col != 0) {
        fp_lp_set_col_bounds(m->lp, m->theta_col, 0.0, -1.0);
    }
    fp_master_set_objective(m, false);
    fp_colgen_bound_reset(m);
    fp_colgen_progress(s, s->phase = "re-route", true);
    m->must_finish = true;
    rc = fp_colgen_run(s, &s->optimal, &s->timed_out, err);
    m->must_finish = false;
    if (rc == FP_OK && !s->target) {
        s->incumbent = master_theta(m);
    }
    return rc;
}

/* A search over plans near the re-routed plan x (trim, polish, economise) that kept none:
 * x fixed again and the basis of its last re-route restored, the LP solved from there. The
 * primal simplex from that optimum only climbs, so theta stays the planned network's optimum
 * even when the deadline cuts this short; a full re-route did not (600 nodes, 24 sites,
 * --modular --time-limit 30: 23,196.7 reported for a plan re-routed at 23,200 a second before). */
static int back_to(struct solve *s, const double *x, const struct fp_lp_basis *kept, struct fp_error *err)
{
    struct master *m = &s->m;
    bool timed_out;
    int rc;
    fp_planengine_fix_at(m, x);
    fp_lp_basis_restore(m->lp, kept);
    m->must_finish = true;
    rc = fp_lp_solve(m->lp, fp_master_deadline(m), &timed_out, err);
    m->must_finish = false;
    return rc;
}

/* Whether repair() added modules that trim() has to confirm. */
static bool repaired_any(const struct solve *s)
{
    igraph_integer_t e;
    for (e = 0; s->repaired != NULL && e < s->m.topo->n_spans; e++) {
        if (s->repaired[e] > 0.5) {
            return true;
        }
    }
    return false;
}

/* The modules repair() added over the master's columns as they were, taken back one at a
 * time now that the plan is re-routed with pricing: each that the planned network does not
 * need (theta stays) is not bought (no money spent that buys nothing). In the time left; the
 * plan re-routed once more. */
static int trim(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    double *x = mip_start(m, false), theta = master_theta(m), th;
    igraph_integer_t e;
    bool optimal, removed = false;
    struct fp_lp_basis kept;
    int rc = FP_OK;

    fp_lp_basis_save(m->lp, &kept);
    fp_colgen_progress(s, s->phase = "trim", true);
    for (e = 0; rc == FP_OK && e < m->topo->n_spans && !fp_master_stopped(m); e++) {
        while (rc == FP_OK && s->repaired[e] > 0.5 && !fp_master_stopped(m)) {
            bool build = m->build_col[e] != 0 && x[m->add_col[e]] < 1.5;
            step_module(m, x, e, -1.0, build);
            rc = route_fixed(s, x, &th, &optimal, err);
            if (rc == FP_OK && optimal && th >= theta * (1 - 1e-9)) {
                s->repaired[e] -= 1.0;
                theta = th;
                removed = true;
            } else {
                step_module(m, x, e, 1.0, build);
                break;
            }
        }
    }
    if (rc == FP_OK && removed) {
        fp_planengine_fix_at(m, x);
        rc = reroute(s, err);
    } else if (rc == FP_OK) {
        rc = back_to(s, x, &kept, err);
    }
    fp_lp_basis_release(&kept);
    free(x);
    return rc;
}

/* After a budget plan in whole modules is re-routed: what is left of the budget, spent by
 * repair() with the planned network re-routed for every module tried (new trees and paths
 * may now make a module worth it that the columns of branch and cut could not see), in the
 * time left; the plan re-routed once more when it changed. */
static int polish(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    double *x = mip_start(m, false), theta = master_theta(m), theta0 = theta;
    struct fp_lp_basis kept;
    int rc;
    fp_lp_basis_save(m->lp, &kept);
    fp_colgen_progress(s, s->phase = "repair", true);
    rc = repair(s, x, &theta, true, err);
    if (rc == FP_OK && theta > theta0) {
        /* the repaired plan routed again */
        fp_planengine_fix_at(m, x);
        rc = reroute(s, err);
    } else if (rc == FP_OK) {
        rc = back_to(s, x, &kept, err);   /* nothing helped: the last module tried is undone */
    }
    fp_lp_basis_release(&kept);
    free(x);
    return rc;
}

/* Modules of span e in x set to n (a candidate built while it has any). */
static void set_modules(const struct master *m, double *x, igraph_integer_t e, double n)
{
    x[m->add_col[e]] = n;
    if (m->build_col[e] != 0) {
        x[m->build_col[e]] = n > 0.5 ? 1.0 : 0.0;
    }
    fit_pairs(m, x, e);
}

/* What span e costs in plan x. */
static double span_cost(const struct master *m, const double *x, igraph_integer_t e)
{
    return x[m->add_col[e]] * m->add_cost[e] + (m->build_col[e] != 0 ? x[m->build_col[e]] * m->build_cost[e] : 0.0) +
           (m->pair_col[e] != 0 ? x[m->pair_col[e]] * m->pair_cost[e] : 0.0);
}

double fp_planengine_plan_cost(const struct master *m, const double *x)
{
    double usd = 0.0;
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        usd += m->add_col[e] != 0 ? span_cost(m, x, e) : 0.0;
    }
    return usd;
}

/* Whether a probe that may take 3 x slowest seconds still leaves the plan's last re-route its
 * time before the deadline (always, without one). */
static bool time_for(const struct master *m, double slowest)
{
    if (fp_master_stopped(m)) {
        return false;
    }
    return !(m->dl.limit_s > 0) || fp_deadline_left_s(&m->dl) > 3.0 * slowest;
}

/* The cost phase of a budget plan in whole modules, one scenario (MODEL.md "Planning": no
 * money spent that buys nothing; --survive holds the intact theta too, which this does not): theta* the re-routed plan's theta; span by span, the dearest first, the most
 * modules that can go while the planned network, re-routed with pricing, still carries theta*
 * go (a binary search: theta never falls when modules are added), a candidate left with none
 * not built. In the time left; the plan re-routed once more when it changed. */
static int economise(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    igraph_integer_t n = m->topo->n_spans, *order = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    double *x = mip_start(m, false), *key = fp_xcalloc((size_t)n + 1, sizeof(double));
    double theta = master_theta(m), slowest = 0.0;
    igraph_integer_t e, i, j, n_up = 0;
    bool changed = false, optimal;
    struct fp_lp_basis kept;
    int rc = FP_OK;

    fp_lp_basis_save(m->lp, &kept);
    fp_colgen_progress(s, s->phase = "cost", true);
    for (e = 0; e < n; e++) {
        if (m->add_col[e] != 0 && x[m->add_col[e]] > 0.5) {
            key[e] = span_cost(m, x, e);
            /* insertion by cost, dearest first (ties: file order) */
            for (i = n_up++; i > 0 && key[order[i - 1]] < key[e]; i--) {
                order[i] = order[i - 1];
            }
            order[i] = e;
        }
    }
    for (j = 0; rc == FP_OK && j < n_up && time_for(m, slowest); j++) {
        double have, lo = 0.0, hi, th;
        e = order[j];
        have = round(x[m->add_col[e]]);
        hi = have;
        while (rc == FP_OK && lo < hi && time_for(m, slowest)) {
            double mid = floor((lo + hi + 1.0) / 2.0), t0 = fp_clock_s();
            set_modules(m, x, e, have - mid);
            rc = route_fixed(s, x, &th, &optimal, err);
            slowest = fmax(slowest, fp_clock_s() - t0);
            if (rc == FP_OK && optimal && th >= theta * (1 - 1e-9)) {
                lo = mid;
            } else {
                hi = mid - 1.0;
            }
        }
        set_modules(m, x, e, have - lo);
        changed = changed || lo > 0.0;
    }
    if (rc == FP_OK && changed) {
        /* every module taken back was confirmed by a complete re-route: this one starts near
         * the last, with the time kept for it */
        fp_planengine_fix_at(m, x);
        rc = reroute(s, err);
    } else if (rc == FP_OK) {
        rc = back_to(s, x, &kept, err);
    }
    fp_lp_basis_release(&kept);
    free(x);
    free(key);
    free(order);
    return rc;
}

int fp_planengine_decide(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    bool done = false;
    int rc = FP_OK;

    if (s->optimal) {
        s->lp_bound = s->target ? -fp_lp_objective(m->lp) * 1e6 : fp_lp_objective(m->lp) * m->scale;
    } else {
        /* cut short: the best proven bound on theta, if any (none on a target's cost) */
        s->lp_bound = !s->target && isfinite(m->upper_bound) ? m->upper_bound * m->scale : NAN;
        s->proven = false;
    }
    if (m->popts->modular) {
        rc = modular_phase(s, &done, err);
        s->plan_fixed = true;
    } else if (s->target || !s->optimal) {
        fp_planengine_fix_plan(m, false);
        s->plan_fixed = true;
    }
    if (rc == FP_OK && done && m->popts->modular && !s->target && m->n_scen == 1 && !fp_master_stopped(m)) {
        return economise(s, err);
    }
    if (rc == FP_OK && m->popts->modular && s->target && m->n_scen == 1 && fp_target_routable(m) &&
        !fp_deadline_stopped(&m->dl)) {
        /* routed afresh, as a continuous target plan is: re-routing the plan fixed in the
         * master began with seconds of primal phase 1 (600 nodes, 24 sites, --time-limit 20:
         * 10 s past branch and cut, cut short at theta 11,510) */
        rc = fp_target_route_fresh(s, s->theta_req, err);
        if (rc == FP_OK && s->lp_x != NULL) {
            rc = fp_target_thresholds(s, err);
        }
        if (rc != FP_OK || s->have_fresh) {
            return rc;
        }
    }
    if (rc != FP_OK || done || !s->plan_fixed || s->walked ||
        (m->n_scen > 1 && !m->popts->modular)) {
        /* a continuous --survive plan cut short is routed afresh, intact and every scenario,
         * after the master (plan.c survive_report): its re-route here only spent the time
         * those routes need (600 nodes, 24 sites, --time-limit 20: 5 s past the deadline at
         * 19,003 columns) */
        return rc;
    }
    rc = reroute(s, err);
    if (rc == FP_OK && repaired_any(s) && !fp_master_stopped(m)) {
        rc = trim(s, err);
    }
    if (rc == FP_OK && m->popts->modular && !s->target && isfinite(s->lp_bound) &&
        master_theta(m) >= s->lp_bound * (1 - EPS)) {
        s->proven = true;   /* the re-routed plan meets the LP bound */
    } else if (rc == FP_OK && m->popts->modular && !s->target && !fp_master_stopped(m)) {
        rc = polish(s, err);
    }
    if (rc == FP_OK && m->popts->modular && !s->target && m->n_scen == 1 && !fp_master_stopped(m)) {
        rc = economise(s, err);
    }
    return rc;
}

void fp_planengine_report(const struct solve *s, struct fp_plan *plan)
{
    const struct master *m = &s->m;
    const struct fp_plan_options *popts = m->popts;
    /* the theta the plan is judged by: the worst scenario's under --survive */
    double theta_plan = m->theta_col != 0 ? fp_lp_col_value(m->lp, m->theta_col) * m->scale
                                          : s->out.theta_gbps;
    fp_planengine_extract_plan(m, plan);
    if (s->target && m->budget_row != 0) {
        plan->walked_usd = s->walk_usd;
        plan->walked_latency_s = s->walk_latency_s;
    }
    plan->worst_theta_gbps = m->theta_col != 0 ? theta_plan : NAN;
    plan->modular = popts->modular;
    plan->budget_usd = popts->budget_usd;
    plan->target_time_s = popts->target_time_s;
    plan->mip_proven = popts->modular ? s->proven : true;
    plan->cost_bound_usd = s->cost_lb;
    if (!s->target && popts->modular) {
        plan->lp_bound_gbps = s->lp_bound;
        plan->gap = s->lp_bound > 0 ? (s->lp_bound - theta_plan) / s->lp_bound : 0.0;
        plan->gap = plan->gap > 0 ? plan->gap : 0.0;
    } else if (s->target && popts->modular) {
        plan->lp_bound_gbps = NAN;   /* the bound is on cost: lp_bound USD */
        plan->gap = plan->cost_usd > 0 ? (plan->cost_usd - s->lp_bound) / plan->cost_usd : 0.0;
        plan->gap = plan->gap > 0 ? plan->gap : 0.0;
    } else if (!s->target && !s->proven) {
        /* a continuous plan whose theta phase was cut short: the gap to the best bound */
        plan->lp_bound_gbps = s->lp_bound;
        plan->gap = s->lp_bound > 0 ? (s->lp_bound - theta_plan) / s->lp_bound : NAN;
        plan->gap = plan->gap > 0 || isnan(plan->gap) ? plan->gap : 0.0;
    } else {
        plan->lp_bound_gbps = theta_plan;
        plan->gap = 0.0;
    }
}
