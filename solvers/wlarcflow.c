/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a workload's arc-flow LP (MODEL.md "Workloads", "Demand"), written for another
 * solver (route --workload --write-lp): the same lambda, share rows and schedule columns as the
 * master, over the trees its column generation found, but every commodity an arc flow
 * conserved at every node instead of path columns. Any path is an arc flow, so its optimum is
 * the master's lambda exactly when no path was missing: glpsol reaching the same lambda checks
 * the path pricing, and the model, independently of fiberplan's solver. A budget plan's master
 * (plan --workload --budget --write-lp) adds its planning columns and budget row, the objective
 * then lambda in Gbit/s. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/workload_internal.h"

/* Column coefficients: rows[*n], vals[*n] appended. */
static void push(int *rows, double *vals, int *n, int row, double val)
{
    rows[*n] = row;
    vals[(*n)++] = val;
}

/* flow(r|v) rows: out - in at v = the commodity's value at its source, minus it at its
 * destination (the background's D fixed on the right-hand side, a job's through its columns). */
static int *node_rows(const struct wl_master *m, struct fp_lp *lp)
{
    igraph_integer_t r, v, n = m->topo->n_nodes;
    int *row = fp_xcalloc((size_t)(m->n_comms * n) + 1, sizeof(int));
    char name[512];
    for (r = 0; r < m->n_comms; r++) {
        const struct wl_comm *c = &m->comms[r];
        for (v = 0; v < n; v++) {
            double d = c->job >= 0 ? 0.0 : c->demand / m->scale;
            double rhs = v == c->src ? d : v == c->dst ? -d : 0.0;
            snprintf(name, sizeof(name), "flow(%s,%s|%s|%s)", m->topo->node_id[c->src],
                     m->topo->node_id[c->dst], c->job >= 0 ? m->wl->jobs[c->job].name : "bg",
                     m->topo->node_id[v]);
            row[r * n + v] = fp_lp_add_row_fx(lp, name, rhs);
        }
    }
    return row;
}

/* One schedule column of job j: y on pair (a, b) = coef[a * k + b] leaves a, reaches b. */
static void schedule_col(const struct wl_master *m, struct fp_lp *lp, const int *node, int share_row,
                         igraph_integer_t j, const double *coef, const char *name)
{
    const struct wl_job *jb = &m->jobs[j];
    igraph_integer_t k = jb->k, a, b, n = m->topo->n_nodes;
    int *rows = fp_xcalloc((size_t)(2 * k * k) + 2, sizeof(int)), nz = 0;
    double *vals = fp_xcalloc((size_t)(2 * k * k) + 2, sizeof(double));
    for (a = 0; a < k; a++) {
        for (b = 0; b < k; b++) {
            igraph_integer_t r = jb->pair_comm[a * k + b];
            if (a != b && coef[a * k + b] != 0.0) {
                push(rows, vals, &nz, node[r * n + m->comms[r].src], -coef[a * k + b]);
                push(rows, vals, &nz, node[r * n + m->comms[r].dst], coef[a * k + b]);
            }
        }
    }
    push(rows, vals, &nz, share_row, 1.0);
    fp_lp_add_col(lp, name, 0.0, nz, rows, vals);
    free(rows);
    free(vals);
}

/* MODEL.md "Demand", a fixed schedule's y per unit of theta: each ring hop and its reverse
 * (k-1)/k, every ordered pair 2/k for direct. */
static void fixed_coef(const struct wl_job *jb, double *coef)
{
    igraph_integer_t k = jb->k, i;
    for (i = 0; i < k * k; i++) {
        coef[i] = jb->ring != NULL || i / k == i % k ? 0.0 : 2.0 / (double)k;
    }
    for (i = 0; jb->ring != NULL && i < k; i++) {
        igraph_integer_t a = jb->ring[i], b = jb->ring[(i + 1) % k];
        coef[a * k + b] += (double)(k - 1) / (double)k;
        coef[b * k + a] += (double)(k - 1) / (double)k;
    }
}

/* Each job's columns: its trees from the master, or its ring or direct column. */
static void job_cols(const struct wl_master *m, struct fp_lp *lp, const int *node, const int *share)
{
    igraph_integer_t j, i, e;
    char name[300];
    for (j = 0; j < m->n_jobs; j++) {
        const struct wl_job *jb = &m->jobs[j];
        igraph_integer_t k = jb->k;
        double *coef = fp_xcalloc((size_t)(k * k) + 1, sizeof(double));
        if (jb->sched_col[0] != 0) {
            fixed_coef(jb, coef);
            snprintf(name, sizeof(name), "theta(%s)", jb->spec->name);
            schedule_col(m, lp, node, share[j], j, coef, name);
        }
        for (i = 0; i < m->n_trees; i++) {
            if (m->trees[i].job != j) {
                continue;
            }
            memset(coef, 0, (size_t)(k * k) * sizeof(double));
            for (e = 0; e < k - 1; e++) {
                igraph_integer_t a = m->trees[i].edges[2 * e], b = m->trees[i].edges[2 * e + 1];
                coef[a * k + b] = coef[b * k + a] = 1.0;
            }
            snprintf(name, sizeof(name), "x(%s|t%ld)", jb->spec->name, (long)i + 1);
            schedule_col(m, lp, node, share[j], j, coef, name);
        }
        free(coef);
    }
}

/* f(r, arc): +1 where the arc leaves, -1 where it enters, +1 on its capacity row. */
static void flow_cols(const struct wl_master *m, struct fp_lp *lp, const int *node, const int *cap)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t r, arc, n = t->n_nodes;
    char name[600];
    for (r = 0; r < m->n_comms; r++) {
        const struct wl_comm *c = &m->comms[r];
        for (arc = 0; arc < 2 * t->n_spans; arc++) {
            igraph_integer_t from = arc % 2 == 0 ? t->span_from[arc / 2] : t->span_to[arc / 2];
            igraph_integer_t to = arc % 2 == 0 ? t->span_to[arc / 2] : t->span_from[arc / 2];
            int rows[3] = {node[r * n + from], node[r * n + to], cap[arc]};
            double vals[3] = {1.0, -1.0, 1.0};
            if (cap[arc] == 0) {
                continue;
            }
            snprintf(name, sizeof(name), "f(%s,%s|%s|%s,%s)", t->node_id[c->src],
                     t->node_id[c->dst], c->job >= 0 ? m->wl->jobs[c->job].name : "bg",
                     t->span_id[arc / 2], arc % 2 == 0 ? "fw" : "bw");
            fp_lp_add_col(lp, name, 0.0, 3, rows, vals);
        }
    }
}

/* MODEL.md "Planning", continuous (as wlplan.c's columns): add(e) on both of span e's capacity
 * rows and on the budget row at its price, up to the span's room; a candidate's z(e) in [0, 1]
 * at its build cost, with built(e): add(e) - cmax_e z(e) <= 0. */
static void plan_cols(const struct wl_master *m, struct fp_lp *lp, const int *cap)
{
    const struct fp_topo *t = m->topo;
    int budget = fp_lp_add_row_up(lp, "budget", m->popts->budget_usd), col;
    igraph_integer_t e;
    char name[160];

    for (e = 0; e < t->n_spans; e++) {
        bool lit = fp_topo_is_lit(t, e);
        int rows[4] = {cap[2 * e], cap[2 * e + 1], budget, 0};
        double vals[4] = {-1.0, -1.0, m->add_cost[e], 1.0};
        double room = t->ceiling_gbps[e] - (lit ? t->capacity_gbps[e] : 0.0);
        if (m->add_col[e] == 0) {
            continue;
        }
        if (!lit) {
            snprintf(name, sizeof(name), "built(%s)", t->span_id[e]);
            rows[3] = fp_lp_add_row_up(lp, name, 0.0);
        }
        snprintf(name, sizeof(name), "add(%s)", t->span_id[e]);
        col = fp_lp_add_col(lp, name, 0.0, lit ? 3 : 4, rows, vals);
        fp_lp_set_col_bounds(lp, col, 0.0, room / m->scale);
        if (!lit) {
            int zrows[2] = {rows[3], budget};
            double zvals[2] = {-t->ceiling_gbps[e] / m->scale, t->build_cost[e]};
            snprintf(name, sizeof(name), "z(%s)", t->span_id[e]);
            col = fp_lp_add_col(lp, name, 0.0, 2, zrows, zvals);
            fp_lp_set_col_bounds(lp, col, 0.0, 1.0);
        }
    }
}

int fp_wlarcflow_write(const struct wl_master *m, const char *path, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t arc, j;
    int *node, *cap = fp_xcalloc((size_t)(2 * t->n_spans) + 1, sizeof(int));
    int *share = fp_xcalloc((size_t)m->n_jobs + 1, sizeof(int));
    double *neg_w = fp_xcalloc((size_t)m->n_jobs + 1, sizeof(double));
    bool plan = m->add_col != NULL && m->popts != NULL && !isnan(m->popts->budget_usd);
    char name[300];
    struct fp_lp *lp;
    int rc;

    if (plan) {
        snprintf(name, sizeof(name), "fiberplan workload plan, arc flows: capacities and rates in units "
                 "of %.17g Gbit/s, the objective lambda in Gbit/s, costs in USD", m->scale);
    } else {
        snprintf(name, sizeof(name),
                 "fiberplan workload, arc flows: capacities and rates in units of %.17g Gbit/s", m->scale);
    }
    lp = fp_lp_new(name);
    node = node_rows(m, lp);
    for (arc = 0; arc < 2 * t->n_spans; arc++) {
        if (m->cap_row[arc] != 0) {
            double c = fp_topo_is_lit(t, arc / 2) ? t->capacity_gbps[arc / 2] : 0.0;
            snprintf(name, sizeof(name), "cap(%s,%s)", t->span_id[arc / 2], arc % 2 == 0 ? "fw" : "bw");
            cap[arc] = fp_lp_add_row_up(lp, name, c / m->scale);
        }
    }
    for (j = 0; j < m->n_jobs; j++) {
        snprintf(name, sizeof(name), "share(%s)", m->wl->jobs[j].name);
        share[j] = fp_lp_add_row_fx(lp, name, 0.0);
        neg_w[j] = -m->wl->jobs[j].weight;
    }
    fp_lp_add_col(lp, "lambda", plan ? m->scale : 1.0, (int)m->n_jobs, share, neg_w);
    job_cols(m, lp, node, share);
    flow_cols(m, lp, node, cap);
    if (plan) {
        plan_cols(m, lp, cap);
    }
    rc = fp_lp_write(lp, path, err);
    fp_lp_free(lp);
    free(node);
    free(cap);
    free(share);
    free(neg_w);
    return rc;
}
