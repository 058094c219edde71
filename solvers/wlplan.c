/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a workload's capacity plan under a budget (MODEL.md "Planning" with "Workloads":
 * budget mode maximises lambda), continuous: the planning columns of the workload's master (as
 * the route master's, solvers/master.c), its cost phase and the plan read out. The phases
 * themselves are solvers/workload.c's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "solvers/pairs_internal.h"
#include "solvers/workload_internal.h"

#define COST_UNIT 1e6       /* the cost phase's objective in millions of USD (as the route master) */

/* Candidate span e: z(e) in [0, 1] at its build cost, with built(e): add - cmax z <= 0. */
static void add_build_col(struct wl_master *m, igraph_integer_t e)
{
    const struct fp_topo *t = m->topo;
    int rows[2] = {0, m->budget_row};
    double vals[2];
    char name[160];

    snprintf(name, sizeof(name), "built(%s)", t->span_id[e]);
    m->build_row[e] = fp_lp_add_row_up(m->lp, name, 0.0);
    fp_lp_set_coef(m->lp, m->build_row[e], m->add_col[e], 1.0);
    rows[0] = m->build_row[e];
    vals[0] = -t->ceiling_gbps[e] / m->scale;
    vals[1] = t->build_cost[e];
    snprintf(name, sizeof(name), "z(%s)", t->span_id[e]);
    m->build_col[e] = fp_lp_add_col(m->lp, name, 0.0, 2, rows, vals);
    fp_lp_set_col_bounds(m->lp, m->build_col[e], 0.0, 1.0);
}

void fp_wlplan_add_cols(struct wl_master *m, double budget_usd)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t e, n = t->n_spans;
    char name[160];

    m->add_col = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->build_col = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->build_row = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->add_cost = fp_xcalloc((size_t)n + 1, sizeof(double));
    m->pair_col = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->pair_row = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->pair_cost = fp_xcalloc((size_t)n + 1, sizeof(double));
    m->budget_row = fp_lp_add_row_up(m->lp, "budget", isnan(budget_usd) ? 0.0 : budget_usd);
    if (isnan(budget_usd)) {
        fp_lp_set_row_free(m->lp, m->budget_row);   /* a target plan: no budget */
    }
    int *rows = fp_xcalloc((size_t)(2 * m->n_scen) + 2, sizeof(int));
    double *vals = fp_xcalloc((size_t)(2 * m->n_scen) + 2, sizeof(double));
    for (e = 0; e < n; e++) {
        double room = t->ceiling_gbps[e] - (fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0);
        igraph_integer_t i;
        int k = 0;
        if (m->cap_row[2 * e] == 0 || !fp_plan_span_plannable(t, m->popts, e)) {
            continue;   /* failed, or no price or room */
        }
        m->add_cost[e] = fp_plan_usd_per_gbps(t, e, m->popts->modular) * m->scale;
        for (i = 0; i < 2 * m->n_scen; i++) {   /* both directions, every scenario it serves */
            int row = m->cap_row[(i / 2) * 2 * n + 2 * e + i % 2];
            if (row != 0) {
                rows[k] = row;
                vals[k++] = -1.0;
            }
        }
        rows[k] = m->budget_row;
        vals[k++] = m->add_cost[e];
        snprintf(name, sizeof(name), "add(%s)", t->span_id[e]);
        m->add_col[e] = fp_lp_add_col(m->lp, name, 0.0, k, rows, vals);
        fp_lp_set_col_bounds(m->lp, m->add_col[e], 0.0, room / m->scale);
        if (!fp_topo_is_lit(t, e)) {
            add_build_col(m, e);
        }
        if (t->optics != NULL && t->optics->pairs_apply[e]) {
            /* pairs lit m(e), with lightable(e): add - pair_gbps m <= the lit room (scaled) */
            fp_pairs_add(m->lp, t, e, m->add_col[e], 1.0, m->budget_row, m->scale, false, &m->pair_row[e],
                         &m->pair_col[e]);
            m->pair_cost[e] = t->optics->pair_usd[e];
        }
    }
    free(rows);
    free(vals);
}

int fp_wlplan_intact_phase(struct wl_master *m, double lambda_lo, bool *optimal, bool *timed_out,
                           struct fp_error *err)
{
    fp_lp_set_col_bounds(m->lp, m->lambda_col, lambda_lo, -1.0);
    fp_lp_set_obj(m->lp, m->lambda_col, 0.0);
    fp_lp_set_obj(m->lp, m->intact_col, 1.0);
    m->intact_maximised = true;
    return fp_wlcolgen_run(m, WL_LAMBDA, optimal, timed_out, err);
}

int fp_wlplan_cost_phase(struct wl_master *m, double lambda_lo, bool *optimal, bool *timed_out,
                         struct fp_error *err)
{
    igraph_integer_t e;
    if (m->intact_maximised) {
        /* the intact phase ran: lambda_0 held at what it reached (the LP's own value meets it) */
        double v = fp_lp_col_value(m->lp, m->intact_col);
        fp_lp_set_col_bounds(m->lp, m->intact_col, v * (1.0 - 1e-12), -1.0);
        fp_lp_set_obj(m->lp, m->intact_col, 0.0);
    }
    fp_lp_set_col_bounds(m->lp, m->lambda_col, lambda_lo, -1.0);
    fp_lp_set_obj(m->lp, m->lambda_col, 0.0);
    for (e = 0; e < m->topo->n_spans; e++) {
        if (m->add_col[e] != 0) {
            fp_lp_set_obj(m->lp, m->add_col[e], -m->add_cost[e] / COST_UNIT);
        }
        if (m->build_col[e] != 0) {
            fp_lp_set_obj(m->lp, m->build_col[e], -m->topo->build_cost[e] / COST_UNIT);
        }
        if (m->pair_col[e] != 0) {
            fp_lp_set_obj(m->lp, m->pair_col[e], -m->pair_cost[e] / COST_UNIT);
        }
    }
    return fp_wlcolgen_run(m, WL_LAMBDA, optimal, timed_out, err);
}

void fp_wlplan_extract(const struct wl_master *m, double budget_usd, struct fp_plan *plan)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t e, n = t->n_spans;

    plan->budget_usd = budget_usd;
    plan->target_time_s = NAN;
    fp_result_plan_alloc(plan, n);
    for (e = 0; e < n; e++) {
        double c = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0, v, z;
        plan->upgradable[e] = m->add_col[e] != 0;
        if (m->add_col[e] != 0) {
            v = fp_lp_col_value(m->lp, m->add_col[e]);
            v = v > 1e-12 ? v : 0.0;   /* GLPK's zeros */
            plan->added_gbps[e] = v * m->scale;
            plan->modules[e] = plan->added_gbps[e] / t->module_gbps[e];
            plan->span_cost_usd[e] = v * m->add_cost[e];
        }
        if (m->build_col[e] != 0) {
            z = fp_lp_col_value(m->lp, m->build_col[e]);
            plan->build[e] = z > 1e-12 ? z : 0.0;
            plan->span_cost_usd[e] += plan->build[e] * t->build_cost[e];
        }
        if (m->pair_col[e] != 0) {
            z = fp_lp_col_value(m->lp, m->pair_col[e]);
            plan->pairs_lit[e] = z > 1e-12 ? z : 0.0;
            plan->span_cost_usd[e] += plan->pairs_lit[e] * m->pair_cost[e];
        }
        plan->planned_gbps[e] = c + plan->added_gbps[e];
        plan->cost_usd += plan->span_cost_usd[e];
    }
    plan->lp_bound_gbps = fp_lp_col_value(m->lp, m->lambda_col) * m->scale;
    plan->gap = 0.0;
    plan->cost_bound_usd = plan->cost_usd;
    plan->mip_proven = true;
    plan->walked_usd = plan->walked_latency_s = NAN;
    plan->worst = -1;
}

void fp_wlplan_fix(struct wl_master *m)
{
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        int cols[3] = {m->add_col[e], m->build_col[e], m->pair_col[e]}, i;
        for (i = 0; i < 3; i++) {
            double v = cols[i] != 0 ? fp_lp_col_value(m->lp, cols[i]) : 0.0;
            if (cols[i] != 0) {
                fp_lp_fix_col(m->lp, cols[i], v > 1e-12 ? v : 0.0);   /* as fp_wlplan_extract reads it */
                fp_lp_set_obj(m->lp, cols[i], 0.0);
            }
        }
    }
    fp_lp_set_col_bounds(m->lp, m->lambda_col, 0.0, -1.0);
    fp_lp_set_obj(m->lp, m->lambda_col, 1.0);
}

void fp_wlplan_slowest(const struct fp_workload_result *res, double *allreduce_s, double *bandwidth_s,
                       double *latency_s)
{
    igraph_integer_t j;
    *allreduce_s = -1.0;
    for (j = 0; j < res->n_jobs; j++) {
        const struct fp_route *r = &res->jobs[j].route;
        if (!(r->allreduce_s <= *allreduce_s)) {
            *allreduce_s = r->allreduce_s;
            *bandwidth_s = r->bandwidth_s;
            *latency_s = r->latency_s;
        }
    }
}

void fp_wlplan_before(const struct fp_workload_result *today, struct fp_plan *plan)
{
    plan->theta_before_gbps = today->lambda_gbps;
    fp_wlplan_slowest(today, &plan->allreduce_before_s, &plan->bandwidth_before_s, &plan->latency_before_s);
}

struct fp_workload_sweep_job *fp_wlplan_jobs(const struct fp_workload_result *res)
{
    struct fp_workload_sweep_job *out = fp_xcalloc((size_t)res->n_jobs + 1, sizeof(*out));
    igraph_integer_t j;
    for (j = 0; j < res->n_jobs; j++) {
        const struct fp_workload_job_result *jr = &res->jobs[j];
        out[j].theta_gbps = jr->route.theta_gbps;
        out[j].allreduce_s = jr->route.allreduce_s;
        out[j].bandwidth_s = jr->route.bandwidth_s;
        out[j].latency_s = jr->route.latency_s;
        out[j].alone_theta_gbps = jr->alone_theta_gbps;
        out[j].alone_allreduce_s = jr->alone_allreduce_s;
        out[j].slowdown = jr->slowdown;
    }
    return out;
}
