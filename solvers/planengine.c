/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the plan engine (MODEL.md "Planning"): after the theta phase of a plan, the
 * target's cheapest plan, the LP bound, plans in whole modules (the LP plan rounded, cut-set
 * cuts, branch and cut), the planned network re-routed, the cost phase that leaves unspent
 * the money that buys no theta, and the plan read out with its bound and gap. */
#include <math.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "solvers/route_internal.h"

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
    }
    return x;
}

/* Fixes the plan's decisions (modules, builds) at x's values. */
static void fix_plan_at(struct master *m, const double *x)
{
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        if (m->add_col[e] != 0) {
            fp_lp_fix_col(m->lp, m->add_col[e], x[m->add_col[e]]);
        }
        if (m->build_col[e] != 0) {
            fp_lp_fix_col(m->lp, m->build_col[e], x[m->build_col[e]]);
        }
    }
}

/* Fixes the plan's decisions at start's values and re-routes; *proven when theta then meets
 * lp_bound. Otherwise restores the columns' bounds and the LP optimum for branch and cut. */
static int try_rounding(struct solve *s, const double *start, bool *proven, struct fp_error *err)
{
    struct master *m = &s->m;
    const struct fp_topo *t = m->topo;
    double lp_bound = s->lp_bound;
    igraph_integer_t e;
    bool optimal, timed_out;
    int rc;

    fix_plan_at(m, start);
    m->upper_bound = INFINITY;
    rc = fp_colgen_run(s, &optimal, &timed_out, err);
    *proven = rc == FP_OK && optimal && fp_lp_objective(m->lp) * m->scale >= lp_bound * (1 - EPS);
    if (rc != FP_OK || *proven) {
        return rc;
    }
    for (e = 0; e < t->n_spans; e++) {
        if (m->add_col[e] != 0) {
            double room = t->ceiling_gbps[e] - (fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0);
            fp_lp_set_col_bounds(m->lp, m->add_col[e], 0.0, floor(room / m->add_unit[e] + 1e-9));
        }
        if (m->build_col[e] != 0) {
            fp_lp_set_col_bounds(m->lp, m->build_col[e], 0.0, 1.0);
        }
    }
    return fp_colgen_run(s, &optimal, &timed_out, err);
}

/* Fixes the plan's decisions at their values (the MILP incumbent, rounded, or the LP's). */
void fp_planengine_fix_plan(struct master *m, bool from_mip)
{
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        int cols[2] = {m->add_col[e], m->build_col[e]};
        int i;
        for (i = 0; i < 2; i++) {
            double v;
            if (cols[i] == 0) {
                continue;
            }
            v = from_mip ? round(fp_lp_mip_value(m->lp, cols[i])) : fp_lp_col_value(m->lp, cols[i]);
            fp_lp_fix_col(m->lp, cols[i], v > 0 ? v : 0.0);
        }
    }
}

static void extract_plan(const struct master *m, struct fp_plan *plan)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t e, n = t->n_spans;
    plan->upgradable = fp_xcalloc((size_t)n + 1, sizeof(bool));
    plan->added_gbps = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->modules = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->build = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->span_cost_usd = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->planned_gbps = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->seconds_per_usd = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->cost_usd = 0.0;
    for (e = 0; e < n; e++) {
        double c = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0, v = 0.0, z = 0.0;
        plan->upgradable[e] = m->upgradable[e];
        plan->seconds_per_usd[e] = NAN;
        if (m->add_col[e] != 0) {
            v = fp_lp_col_value(m->lp, m->add_col[e]);
            v = m->popts->modular ? round(v) : v;   /* whole modules, without the LP's noise */
            v = v > 1e-12 ? v : 0.0;
            plan->added_gbps[e] = v * m->add_unit[e];
            plan->modules[e] = m->popts->modular ? v : plan->added_gbps[e] / t->module_gbps[e];
            plan->span_cost_usd[e] += v * m->add_cost[e];
        }
        if (m->build_col[e] != 0) {
            z = fp_lp_col_value(m->lp, m->build_col[e]);
            z = m->popts->modular ? round(z) : z;
            z = z > 1e-12 ? z : 0.0;
            plan->build[e] = z;
            plan->span_cost_usd[e] += z * m->build_cost[e];
        }
        plan->planned_gbps[e] = c + plan->added_gbps[e];
        plan->cost_usd += plan->span_cost_usd[e];
    }
}

/* Budget mode, continuous: among the plans that reach the optimum theta_star, the cheapest
 * (money that buys no theta stays unspent). theta is held at theta_star (1 - 1e-12: the LP's
 * own solution meets it). */
int fp_planengine_cost_phase(struct solve *s, bool *optimal, bool *timed_out, struct fp_error *err)
{
    struct master *m = &s->m;
    double theta_star = fp_lp_objective(m->lp) * (1 - 1e-12);
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

int fp_planengine_target_phase(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    const struct fp_plan_options *popts = m->popts;
    double theta_max = fp_lp_objective(m->lp) * m->scale;
    igraph_integer_t i;
    int rc;

    /* MODEL.md min cost: theta >= 8 S / ((T_target - T_lat) 1e9); the unlimited-budget
     * optimum of the theta phase says whether any plan within the ceilings can */
    if (popts->target_time_s <= popts->latency_s) {
        return fp_error_set(err, FP_EDATA, m->topo->path, 0,
                            "no plan reaches T <= %g s: the latency alone is %.4g s",
                            popts->target_time_s, popts->latency_s);
    }
    s->theta_req = 8.0 * m->job->gradient_bytes / ((popts->target_time_s - popts->latency_s) * 1e9);
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
    s->cost_lb = fp_colgen_cost_lower_bound(m, s->optimal);
    return rc;
}

/* Branch and cut over the generated columns until the deadline (FP_PLAN_MILP_SECONDS without
 * one, at least a second); its incumbent is the plan, else the LP plan rounded (down within a
 * budget, up for a target), a plan in whole modules all the same. */
static int branch_and_cut(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    double left = m->dl.limit_s > 0 ? fp_deadline_left_s(&m->dl) : FP_PLAN_MILP_SECONDS;
    double *start = mip_start(m, s->target);
    struct fp_deadline mip;
    bool found;
    int c, rc;

    fp_deadline_init(&mip, left > 1.0 ? left : 1.0, m->dl.stop);
    rc = fp_lp_solve_mip(m->lp, &mip, &found, &s->proven, err);
    if (rc == FP_EDATA) {
        err->rc = FP_OK;
        rc = fp_error_set(err, FP_EDATA, m->topo->path, 0, "no plan in whole modules meets the %s",
                          s->target ? "target" : "budget");
    }
    if (rc == FP_OK && found) {
        fp_planengine_fix_plan(m, true);
    } else if (rc == FP_OK) {
        fix_plan_at(m, start);
    }
    free(start);
    for (c = 0; c < s->n_cut_rows; c++) {
        fp_lp_set_row_free(m->lp, s->cut_rows[c]);   /* valid, but new trees lack them */
    }
    return rc;
}

/* --modular: the LP plan rounded down and re-routed (a budget plan that then meets the LP
 * bound, which bounds every modular plan, is optimal: *done), else cut-set cuts and branch
 * and cut. */
static int modular_phase(struct solve *s, bool *done, struct fp_error *err)
{
    struct master *m = &s->m;
    int rc = FP_OK;

    *done = false;
    if (!s->target && m->opts->formulation == FP_FORM_PATH) {
        double *start = mip_start(m, false);
        rc = try_rounding(s, start, &s->proven, err);
        free(start);
        if (rc != FP_OK || s->proven) {
            *done = rc == FP_OK;
            return rc;
        }
    }
    if (m->opts->collective == FP_COLL_TREE && m->n_scen == 1) {
        rc = fp_cutset_cuts(s, s->target ? s->theta_req : s->lp_bound * (1 + EPS), err);
    }
    if (rc == FP_OK) {
        rc = branch_and_cut(s, err);
    }
    return rc;
}

/* The planned network routed for the largest theta it allows. */
static int reroute(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    if (m->theta_row != 0) {
        fp_lp_set_row_free(m->lp, m->theta_row);
        m->theta_row = 0;
    }
    if (m->theta_col != 0) {
        fp_lp_set_col_bounds(m->lp, m->theta_col, 0.0, -1.0);
    }
    fp_master_set_objective(m, false);
    m->upper_bound = INFINITY;
    return fp_colgen_run(s, &s->optimal, &s->timed_out, err);
}

int fp_planengine_decide(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    bool done = false;
    int rc = FP_OK;

    s->lp_bound = s->target ? -fp_lp_objective(m->lp) * 1e6 : fp_lp_objective(m->lp) * m->scale;
    if (m->popts->modular) {
        rc = modular_phase(s, &done, err);
    } else if (s->target) {
        fp_planengine_fix_plan(m, false);
    }
    if (rc != FP_OK || done || !(m->popts->modular || s->target)) {
        return rc;
    }
    rc = reroute(s, err);
    if (rc == FP_OK && m->popts->modular && !s->target &&
        fp_lp_objective(m->lp) * m->scale >= s->lp_bound * (1 - EPS)) {
        s->proven = true;   /* the re-routed plan meets the LP bound */
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
    extract_plan(m, plan);
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
    } else {
        plan->lp_bound_gbps = theta_plan;
        plan->gap = 0.0;
    }
}
