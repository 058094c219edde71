/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the joint LP of a phased build-out (MODEL.md "Phases", continuous; with --modular
 * its relaxation, priced per module, that solvers/phasesmodular.c makes whole). The phases are
 * P disjoint copies of the network, copy p carrying phase p's all-reduce over its sites P_p as a
 * job of the workload master (solvers/workload_internal.h: its own commodities, paths and trees
 * by column generation, priced per phase); the copies are linked by the plan's columns:
 *   add(e,q) >= 0        capacity added to span e in phase q (units of scale Gbit/s), on the
 *                        capacity rows of span e in every copy p >= q (cumulative capacity)
 *   z(e,q) in [0, 1]     candidate e built in phase q (only from its `available` year)
 *   theta(p) = sum of phase p's tree rates (share row of job p; lambda fixed at 0)
 *   ceil(e):    sum_q add(e,q) <= cmax_e - c_e                    (lit span)
 *   built(e,p): sum_{q<=p} add(e,q) - cmax_e sum_{q<=p} z(e,q) <= 0 (candidate),
 *   once(e):    sum_q z(e,q) <= 1
 *   budget(p):  cost of phase p <= B_p (--carry-over: sum over q <= p of cost and B)
 * and under a cost model (MODEL.md "Optics"), per span with dark pairs:
 *   pairs(e,q) >= 0      dark pairs first lit in phase q, at the price of lighting one in q
 *   lightable(e,p): sum_{q<=p} add(e,q) - pair_gbps_e sum_{q<=p} pairs(e,q) <= the lit room
 *   dark(e):    sum_q pairs(e,q) <= the dark pairs
 * (pairs lit stay lit: a phase's capacity lies within the pairs lit by then, wherever lit.)
 * Budget mode maximises sum_p w_p theta(p), then, that held, minimises the discounted cost;
 * target mode first finds theta(p) up to theta_req(p) (a proof when one falls short), then the
 * cheapest discounted plan with theta(p) >= theta_req(p). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "solvers/pairs_internal.h"
#include "solvers/phases_internal.h"
#include "solvers/workload_internal.h"

#define COST_UNIT 1e6       /* cost objectives in millions of USD (as the route master) */
#define REACH_TOL 1e-7      /* target mode: theta(p) within this of theta_req(p) reaches it */

/* The joint LP: the expanded network, its workload (one job per phase) and the plan's columns. */
struct joint {
    const struct fp_topo *t;
    const struct fp_phases *ph;
    const struct fp_phases_options *po;
    struct fp_topo x;              /* P copies of t: vertex p N + v, span p S + e */
    struct fp_workload wl;
    struct fp_plan_options popts;  /* continuous, for fp_plan_span_plannable() */
    struct wl_master m;
    int *add_col, *z_col;          /* [q S + e], 0: none */
    int *light_row, *pair_col;     /* [q S + e]: lightable(e,q), pairs(e,q); 0: none */
    double *unit_usd;              /* [e]: USD per unit of add(e, .) */
    int *theta_col;                /* [p] */
    igraph_integer_t n_nodes, n_spans, n_phases;
};

/* Whether candidate e may be built in phase p (its `available` year has come). */
static bool can_build(const struct joint *j, igraph_integer_t e, igraph_integer_t p)
{
    return fp_topo_is_lit(j->t, e) || !(j->t->available[e] > j->ph->items[p].year);
}

/* Copy p of span e in x: the span's attributes, a candidate not yet available unbuildable. */
static void copy_span(struct joint *j, igraph_integer_t p, igraph_integer_t e)
{
    const struct fp_topo *t = j->t;
    struct fp_topo *x = &j->x;
    igraph_integer_t s = p * j->n_spans + e, n = j->n_nodes;
    char id[600];
    snprintf(id, sizeof(id), "%s@%s", t->span_id[e], j->ph->items[p].name);
    fp_topo_add_span(x, id, t->span_from[e] + p * n, t->span_to[e] + p * n, t->span_line[e]);
    x->length_km[s] = t->length_km[e];
    x->delay_s[s] = t->delay_s[e];
    x->capacity_gbps[s] = t->capacity_gbps[e];
    x->ceiling_gbps[s] = t->ceiling_gbps[e];
    x->cost_per_gbps[s] = t->cost_per_gbps[e];
    x->module_gbps[s] = t->module_gbps[e];
    x->module_cost[s] = t->module_cost[e];
    x->build_cost[s] = can_build(j, e, p) ? t->build_cost[e] : NAN;
    x->status[s] = t->status[e];
}

/* The expanded network and its workload: phase p's job over its sites' copies. */
static int expand(struct joint *j, struct fp_error *err)
{
    const struct fp_topo *t = j->t;
    igraph_integer_t p, v, e, i;
    char id[600];
    fp_topo_init(&j->x, t->path);
    fp_topo_reserve(&j->x, j->n_nodes * j->n_phases, j->n_spans * j->n_phases);
    for (p = 0; p < j->n_phases; p++) {
        for (v = 0; v < j->n_nodes; v++) {
            snprintf(id, sizeof(id), "%s@%s", t->node_id[v], j->ph->items[p].name);
            fp_topo_add_node(&j->x, id, t->node_line[v]);
        }
        for (e = 0; e < j->n_spans; e++) {
            copy_span(j, p, e);
        }
    }
    j->wl.path = fp_xstrdup(j->ph->path);
    j->wl.jobs = fp_xcalloc((size_t)j->n_phases, sizeof(struct fp_workload_job));
    j->wl.n_jobs = j->n_phases;
    for (p = 0; p < j->n_phases; p++) {
        const struct fp_phase *ph = &j->ph->items[p];
        struct fp_workload_job *wj = &j->wl.jobs[p];
        wj->name = fp_xstrdup(ph->name);
        wj->job = ph->job;
        wj->job.sites = fp_xcalloc((size_t)ph->job.n_sites, sizeof(igraph_integer_t));
        for (i = 0; i < ph->job.n_sites; i++) {
            wj->job.sites[i] = ph->job.sites[i] + p * j->n_nodes;
        }
        wj->collective = FP_COLL_TREE;
        wj->weight = 1.0;
        wj->target_time_s = NAN;
    }
    return fp_topo_build(&j->x, err);
}

/* Every commodity got a first path: FP_EDATA naming the first phase whose sites are apart. */
static int check_connected(const struct joint *j, struct fp_error *err)
{
    const struct wl_master *m = &j->m;
    bool *has = fp_xcalloc((size_t)m->n_comms + 1, sizeof(bool));
    igraph_integer_t i, r;
    int rc = FP_OK;
    for (i = 0; i < m->n_paths; i++) {
        has[m->paths[i].comm] = true;
    }
    for (r = 0; r < m->n_comms && rc == FP_OK; r++) {
        if (!has[r]) {
            const struct wl_comm *c = &m->comms[r];
            rc = fp_error_set(err, FP_EDATA, j->ph->path, 0, "phase '%s': sites '%s' and '%s' are not "
                              "connected by spans that are lit or can be built",
                              j->ph->items[c->job].name, j->t->node_id[c->src % j->n_nodes],
                              j->t->node_id[c->dst % j->n_nodes]);
        }
    }
    free(has);
    return rc;
}

/* Phase p's schedule r (trees and paths of the network as given) moved to copy p into c. */
static void copy_schedule(const struct joint *j, igraph_integer_t p, const struct fp_route *r,
                          struct fp_route *c)
{
    igraph_integer_t i, a, dv = p * j->n_nodes, da = 2 * p * j->n_spans;
    c->trees = fp_xcalloc((size_t)r->n_trees + 1, sizeof(struct fp_tree));
    c->paths = fp_xcalloc((size_t)r->n_paths + 1, sizeof(struct fp_flow_path));
    for (i = 0; i < r->n_trees; i++) {
        c->trees[i].edges = fp_xcalloc(2 * (size_t)r->trees[i].n_edges + 1, sizeof(igraph_integer_t));
        c->trees[i].n_edges = r->trees[i].n_edges;
        for (a = 0; a < 2 * r->trees[i].n_edges; a++) {
            c->trees[i].edges[a] = r->trees[i].edges[a] + dv;
        }
        c->n_trees++;
    }
    for (i = 0; i < r->n_paths; i++) {
        c->paths[i].src = r->paths[i].src + dv;
        c->paths[i].dst = r->paths[i].dst + dv;
        c->paths[i].arcs = fp_xcalloc((size_t)r->paths[i].n_arcs + 1, sizeof(igraph_integer_t));
        c->paths[i].n_arcs = r->paths[i].n_arcs;
        for (a = 0; a < r->paths[i].n_arcs; a++) {
            c->paths[i].arcs[a] = r->paths[i].arcs[a] + da;
        }
        c->n_paths++;
    }
}

/* The seed's schedules as first columns of their phases (those whose paths the copy's capacity
 * rows allow). */
static int seed_columns(struct joint *j, const struct fp_phase_result *seed, struct fp_error *err)
{
    struct fp_workload_result start;
    igraph_integer_t p;
    int added, rc;
    memset(&start, 0, sizeof(start));
    start.jobs = fp_xcalloc((size_t)j->n_phases, sizeof(struct fp_workload_job_result));
    start.n_jobs = j->n_phases;
    for (p = 0; p < j->n_phases; p++) {
        copy_schedule(j, p, &seed[p].route, &start.jobs[p].columns);
    }
    rc = fp_wlmaster_seed(&j->m, &start, &added, err);
    fp_workload_result_release(&start);
    return rc;
}

/* theta(p): -1 on phase p's share row, objective w_p; lambda fixed at 0. */
static void add_thetas(struct joint *j)
{
    igraph_integer_t p;
    char name[300];
    j->theta_col = fp_xcalloc((size_t)j->n_phases, sizeof(int));
    for (p = 0; p < j->n_phases; p++) {
        int row = j->m.jobs[p].share_row[0];
        double val = -1.0;
        snprintf(name, sizeof(name), "theta(%s)", j->ph->items[p].name);
        j->theta_col[p] = fp_lp_add_col(j->m.lp, name, j->ph->items[p].weight, 1, &row, &val);
    }
    fp_lp_set_col_bounds(j->m.lp, j->m.lambda_col, 0.0, 0.0);
    fp_lp_set_obj(j->m.lp, j->m.lambda_col, 0.0);
}

/* budget(p) rows (budget mode): B_p, or with --carry-over sum_{q<=p} B_q. */
static int *budget_rows(struct joint *j)
{
    int *rows = fp_xcalloc((size_t)j->n_phases, sizeof(int));
    igraph_integer_t p;
    double sum = 0.0;
    char name[300];
    for (p = 0; !j->ph->target && p < j->n_phases; p++) {
        sum += j->ph->items[p].budget_usd;
        snprintf(name, sizeof(name), "budget(%s)", j->ph->items[p].name);
        rows[p] = fp_lp_add_row_up(j->m.lp, name, j->po->carry_over ? sum : j->ph->items[p].budget_usd);
    }
    return rows;
}

/* The rows and values of add(e,q) (is_z false) or z(e,q): capacity rows of copies p >= q, the
 * budget rows, the ceiling rows (ceil: lit; built[p] and once: candidate). Returns the count. */
static int plan_coefs(const struct joint *j, igraph_integer_t e, igraph_integer_t q, bool is_z,
                      const int *budget, int ceil, const int *built, int once, int *rows, double *vals)
{
    const struct fp_topo *t = j->t;
    double usd = is_z ? t->build_cost[e] : j->unit_usd[e];
    igraph_integer_t p;
    int n = 0;
    for (p = q; p < j->n_phases; p++) {
        igraph_integer_t s = p * j->n_spans + e;
        if (!is_z && j->m.cap_row[2 * s] != 0) {
            rows[n] = j->m.cap_row[2 * s];
            vals[n++] = -1.0;
            rows[n] = j->m.cap_row[2 * s + 1];
            vals[n++] = -1.0;
        }
        if (budget[p] != 0 && (p == q || j->po->carry_over)) {
            rows[n] = budget[p];
            vals[n++] = usd;
        }
        if (!is_z && j->light_row[s] != 0) {
            rows[n] = j->light_row[s];
            vals[n++] = 1.0;
        }
        if (built != NULL) {
            rows[n] = built[p];
            vals[n++] = is_z ? -t->ceiling_gbps[e] / j->m.scale : 1.0;
        }
    }
    if (!is_z && ceil != 0) {
        rows[n] = ceil;
        vals[n++] = 1.0;
    }
    if (is_z) {
        rows[n] = once;
        vals[n++] = 1.0;
    }
    return n;
}

/* Whether span e has dark pairs to light (MODEL.md "Optics"). */
static bool has_pairs(const struct joint *j, igraph_integer_t e)
{
    return j->t->optics != NULL && j->t->optics->pairs_apply[e];
}

/* Span e's rows lightable(e,p), one per phase it can grow in (before its columns). */
static void light_rows(struct joint *j, igraph_integer_t e)
{
    igraph_integer_t p;
    for (p = 0; has_pairs(j, e) && p < j->n_phases; p++) {
        if (can_build(j, e, p)) {
            j->light_row[p * j->n_spans + e] = fp_pairs_row(j->m.lp, j->t, e, j->ph->items[p].name,
                                                            j->m.scale);
        }
    }
}

/* Span e's columns pairs(e,q): on lightable(e,p) for p >= q, phase q's budget row (every later
 * one's too with --carry-over) and, over several phases, the row dark(e). */
static void pair_cols(struct joint *j, igraph_integer_t e, const int *budget, int *rows)
{
    int *light = rows, *pay = rows + j->n_phases, dark = 0;
    igraph_integer_t p, q;
    char name[300];
    for (q = 0; has_pairs(j, e) && q < j->n_phases; q++) {
        struct fp_pairs_rows r = {light, 0, pay, 0};
        if (!can_build(j, e, q)) {
            continue;
        }
        for (p = q; p < j->n_phases; p++) {
            light[r.n_light++] = j->light_row[p * j->n_spans + e];
            if (p == q || j->po->carry_over) {
                pay[r.n_budget++] = budget[p];
            }
        }
        if (dark == 0 && q + 1 < j->n_phases) {
            snprintf(name, sizeof(name), "dark(%s)", j->t->span_id[e]);
            dark = fp_lp_add_row_up(j->m.lp, name, j->t->optics->dark[e]);
        }
        j->pair_col[q * j->n_spans + e] = fp_pairs_col(j->m.lp, j->t, e, j->ph->items[q].name, &r, j->m.scale,
                                                       false);
        if (dark != 0) {
            fp_lp_set_coef(j->m.lp, dark, j->pair_col[q * j->n_spans + e], 1.0);
        }
    }
}

/* Span e's add(e,q) and z(e,q) columns with their ceiling rows. */
static void span_cols(struct joint *j, igraph_integer_t e, const int *budget, int *rows, double *vals)
{
    const struct fp_topo *t = j->t;
    bool lit = fp_topo_is_lit(t, e);
    int ceil = 0, once = 0, *built = NULL, n;
    igraph_integer_t p, q;
    char name[700];

    j->unit_usd[e] = fp_plan_usd_per_gbps(t, e, j->po->modular) * j->m.scale;
    light_rows(j, e);
    if (lit) {
        snprintf(name, sizeof(name), "ceil(%s)", t->span_id[e]);
        ceil = fp_lp_add_row_up(j->m.lp, name, fmax(0.0, t->ceiling_gbps[e] - t->capacity_gbps[e]) / j->m.scale);
    } else {
        built = fp_xcalloc((size_t)j->n_phases, sizeof(int));
        snprintf(name, sizeof(name), "once(%s)", t->span_id[e]);
        once = fp_lp_add_row_up(j->m.lp, name, 1.0);
        for (p = 0; p < j->n_phases; p++) {
            snprintf(name, sizeof(name), "built(%s,%s)", t->span_id[e], j->ph->items[p].name);
            built[p] = fp_lp_add_row_up(j->m.lp, name, 0.0);
        }
    }
    for (q = 0; q < j->n_phases; q++) {
        if (!can_build(j, e, q)) {
            continue;
        }
        n = plan_coefs(j, e, q, false, budget, ceil, built, once, rows, vals);
        snprintf(name, sizeof(name), "add(%s,%s)", t->span_id[e], j->ph->items[q].name);
        j->add_col[q * j->n_spans + e] = fp_lp_add_col(j->m.lp, name, 0.0, n, rows, vals);
        if (!lit) {
            n = plan_coefs(j, e, q, true, budget, ceil, built, once, rows, vals);
            snprintf(name, sizeof(name), "z(%s,%s)", t->span_id[e], j->ph->items[q].name);
            j->z_col[q * j->n_spans + e] = fp_lp_add_col(j->m.lp, name, 0.0, n, rows, vals);
            fp_lp_set_col_bounds(j->m.lp, j->z_col[q * j->n_spans + e], 0.0, 1.0);
        }
    }
    pair_cols(j, e, budget, rows);
    free(built);
}

/* Every plannable span's columns. */
static void plan_cols(struct joint *j)
{
    size_t np = (size_t)j->n_phases * (size_t)j->n_spans + 1;
    int *budget = budget_rows(j), *rows = fp_xcalloc(5 * (size_t)j->n_phases + 4, sizeof(int));
    double *vals = fp_xcalloc(5 * (size_t)j->n_phases + 4, sizeof(double));
    igraph_integer_t e;
    j->add_col = fp_xcalloc(np, sizeof(int));
    j->z_col = fp_xcalloc(np, sizeof(int));
    j->light_row = fp_xcalloc(np, sizeof(int));
    j->pair_col = fp_xcalloc(np, sizeof(int));
    j->unit_usd = fp_xcalloc((size_t)j->n_spans + 1, sizeof(double));
    for (e = 0; e < j->n_spans; e++) {
        if (fp_plan_span_plannable(j->t, &j->popts, e)) {
            span_cols(j, e, budget, rows, vals);
        }
    }
    free(budget);
    free(rows);
    free(vals);
}

/* The plan's columns priced at their discounted cost (millions of USD, minimised); theta's
 * objective 0. */
static void cost_objective(struct joint *j)
{
    igraph_integer_t p, e;
    for (p = 0; p < j->n_phases; p++) {
        double d = fp_phases_discount(j->ph, j->po, p);
        fp_lp_set_obj(j->m.lp, j->theta_col[p], 0.0);
        for (e = 0; e < j->n_spans; e++) {
            int a = j->add_col[p * j->n_spans + e], z = j->z_col[p * j->n_spans + e];
            int m = j->pair_col[p * j->n_spans + e];
            if (a != 0) {
                fp_lp_set_obj(j->m.lp, a, -d * j->unit_usd[e] / COST_UNIT);
            }
            if (m != 0) {
                fp_lp_set_obj(j->m.lp, m, -d * j->t->optics->pair_usd[e] / COST_UNIT);
            }
            if (z != 0) {
                fp_lp_set_obj(j->m.lp, z, -d * j->t->build_cost[e] / COST_UNIT);
            }
        }
    }
}

/* Budget mode: the most sum w theta, then the cheapest plan that keeps every theta(p) where the
 * optimum put it (its basis stays feasible: no tolerance shaves theta for money). */
static int solve_budget(struct joint *j, struct phases_plan *out, struct fp_error *err)
{
    bool optimal = false, timed_out = false, opt2 = true;
    int rc = fp_wlcolgen_run(&j->m, WL_LAMBDA, &optimal, &timed_out, err);
    igraph_integer_t p;
    out->lp_objective = rc == FP_OK ? fp_lp_objective(j->m.lp) * j->m.scale : 0.0;
    if (rc == FP_OK && !timed_out) {
        for (p = 0; p < j->n_phases; p++) {
            fp_lp_set_col_bounds(j->m.lp, j->theta_col[p], fp_lp_col_value(j->m.lp, j->theta_col[p]), -1.0);
        }
        cost_objective(j);
        rc = fp_wlcolgen_run(&j->m, WL_LAMBDA, &opt2, &timed_out, err);
    }
    out->optimal = optimal && opt2 && !timed_out;
    return rc;
}

/* Target mode: theta(p) up to theta_req(p) first (a phase that falls short cannot reach its
 * target within the ceilings: FP_EDATA), then the cheapest plan with theta(p) >= theta_req(p). */
static int solve_target(struct joint *j, const double *req, struct phases_plan *out,
                        struct fp_error *err)
{
    bool optimal = false, timed_out = false, opt2 = false;
    igraph_integer_t p;
    int rc;
    for (p = 0; p < j->n_phases; p++) {
        fp_lp_set_col_bounds(j->m.lp, j->theta_col[p], 0.0, req[p] / j->m.scale);
        fp_lp_set_obj(j->m.lp, j->theta_col[p], j->m.scale / req[p]);
    }
    rc = fp_wlcolgen_run(&j->m, WL_LAMBDA, &optimal, &timed_out, err);
    for (p = 0; rc == FP_OK && p < j->n_phases; p++) {
        double th = fp_lp_col_value(j->m.lp, j->theta_col[p]) * j->m.scale;
        if (optimal && th < req[p] * (1.0 - REACH_TOL)) {
            rc = fp_error_set(err, FP_EDATA, j->ph->path, 0, "phase '%s': no plan within the ceilings "
                              "reaches T <= %g s: it needs theta %.6g Gbit/s, the spans allow at most %.6g",
                              j->ph->items[p].name, j->ph->items[p].target_time_s, req[p], th);
        }
        fp_lp_set_col_bounds(j->m.lp, j->theta_col[p], req[p] / j->m.scale, -1.0);
    }
    if (rc == FP_OK && !timed_out) {
        cost_objective(j);
        rc = fp_wlcolgen_run(&j->m, WL_LAMBDA, &opt2, &timed_out, err);
    }
    out->optimal = optimal && opt2 && !timed_out;
    return rc;
}

/* The decisions into out: added Gbit/s and builds per phase and span; target mode's objective. */
static void extract(struct joint *j, struct phases_plan *out)
{
    size_t np = (size_t)j->n_phases * (size_t)j->n_spans;
    size_t i;
    out->added = fp_xcalloc(np + 1, sizeof(double));
    out->build = fp_xcalloc(np + 1, sizeof(double));
    out->pairs = fp_xcalloc(np + 1, sizeof(double));
    for (i = 0; i < np; i++) {
        double a = j->add_col[i] != 0 ? fp_lp_col_value(j->m.lp, j->add_col[i]) : 0.0;
        double z = j->z_col[i] != 0 ? fp_lp_col_value(j->m.lp, j->z_col[i]) : 0.0;
        double m = j->pair_col[i] != 0 ? fp_lp_col_value(j->m.lp, j->pair_col[i]) : 0.0;
        out->added[i] = a > 1e-12 ? a * j->m.scale : 0.0;   /* GLPK's zeros */
        out->build[i] = z > 1e-12 ? z : 0.0;
        out->pairs[i] = m > 1e-12 ? m : 0.0;
    }
    if (j->ph->target) {
        out->lp_objective = -fp_lp_objective(j->m.lp) * COST_UNIT;
    }
    out->columns = fp_lp_cols(j->m.lp);
    out->lp_rows = fp_lp_rows(j->m.lp);
    out->lp_cols = fp_lp_cols(j->m.lp);
    out->rounds = j->m.rounds;
}

static void joint_release(struct joint *j)
{
    fp_wlmaster_release(&j->m);
    fp_workload_release(&j->wl);
    fp_topo_release(&j->x);
    free(j->add_col);
    free(j->z_col);
    free(j->light_row);
    free(j->pair_col);
    free(j->unit_usd);
    free(j->theta_col);
}

int fp_phasesjoint_solve(const struct fp_topo *topo, const struct fp_phases *ph,
                         const struct fp_route_options *ropts, const struct fp_phases_options *po,
                         const double *theta_req, const struct fp_phase_result *seed, struct phases_plan *out,
                         struct fp_error *err)
{
    struct joint j;
    struct phases_plan pp;
    igraph_integer_t **rings = fp_xcalloc((size_t)ph->n, sizeof(igraph_integer_t *));
    int added, rc;

    memset(&j, 0, sizeof(j));
    memset(&pp, 0, sizeof(pp));
    j.t = topo;
    j.ph = ph;
    j.po = po;
    j.n_nodes = topo->n_nodes;
    j.n_spans = topo->n_spans;
    j.n_phases = ph->n;
    fp_plan_options_init(&j.popts);
    j.popts.budget_usd = 0.0;
    j.popts.modular = po->modular;   /* --modular: the relaxation, priced per module */
    rc = expand(&j, err);
    fp_wlmaster_init(&j.m, &j.x, &j.wl, ropts);
    j.m.popts = &j.popts;
    rc = rc == FP_OK ? fp_wlmaster_build(&j.m, rings, err) : rc;
    rc = rc == FP_OK ? fp_wlcolgen_paths(&j.m, true, &added, err) : rc;
    rc = rc == FP_OK ? check_connected(&j, err) : rc;
    rc = rc == FP_OK ? fp_wlcolgen_trees(&j.m, true, &added, err) : rc;
    rc = rc == FP_OK && seed != NULL ? seed_columns(&j, seed, err) : rc;
    if (rc == FP_OK) {
        add_thetas(&j);
        plan_cols(&j);
        rc = ph->target ? solve_target(&j, theta_req, &pp, err) : solve_budget(&j, &pp, err);
    }
    if (rc == FP_OK) {
        extract(&j, &pp);
        *out = pp;
    } else {
        fp_phases_plan_release(&pp);
    }
    free(rings);
    joint_release(&j);
    return rc;
}
