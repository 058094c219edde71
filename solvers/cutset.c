/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: cut-set inequalities for plans in whole modules (MODEL.md "Planning" and
 * "Lower bound"): mixed-integer roundings of the Gomory-Hu cuts of the LP plan, added at the
 * root of branch and cut. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/bound.h"
#include "solvers/route_internal.h"

/* Every tree spans the sites, so across a partition of the vertices into m parts that each
 * hold a site it has at least m - 1 edges, each carrying its rate both ways over the spans
 * between parts (MODEL.md "Lower bound"): per direction
 *   (m - 1) theta <= C + sum_{e between parts} u_e n_e   (C: today's capacity between the
 *                                                          parts, u_e: module_gbps, n_e: modules).
 * With theta <= Theta (budget: the LP bound) or theta >= theta_req (target), dividing by a
 * module size d gives sum a_e n_e + s >= b with s = (m - 1)(Theta - theta) / d >= 0 (s = 0 for
 * a target), and its mixed-integer rounding (Marchand and Wolsey 2001; the cut-set
 * inequalities of network loading, Bienstock and Gunluk 1996)
 *   sum (floor(a_e) + min(f_e, f) / f) n_e + s / f >= ceil(b),   f = b - floor(b),
 * holds for every plan in whole modules and cuts off fractional ones. The cuts separated are
 * the Gomory-Hu cuts (m = 2) of the LP plan's capacities that split the sites and are within
 * 5 % of tight, for a few rounds of separating and re-solving at the root of branch and cut.
 * On stargate-us at a $20M budget this halves the time branch and cut takes to prove its
 * plan (64 s -> 31 s); partitions into more parts (thresholds of the same tree) were tried
 * and did not raise the root bound further, while their rows slowed every node. */
#define CUT_ROUNDS 10
#define CUT_MIN_FRAC 0.02
#define CUT_UNITS 8

struct cutsep {
    struct master *m;
    double theta, theta_bound;     /* the LP's theta; Theta or theta_req (Gbit/s) */
    bool target;
    int *cols;
    double *vals;
    int *rows, n_rows;
};

/* The rounded coefficient of an integer variable with coefficient a, right-hand side
 * fraction f: floor(a) + min(f_a, f) / f. */
static double mir_coef(double a, double f)
{
    return floor(a) + fmin(a - floor(a), f) / f;
}

/* Adds the most violated rounding of the partition part[] (m parts); true when one is. */
static bool cut_partition(struct cutsep *cs, const igraph_integer_t *part, igraph_integer_t parts)
{
    struct master *m = cs->m;
    const struct fp_topo *t = m->topo;
    double c = 0.0, units[CUT_UNITS], best = 1e-6, best_d = 0.0, best_f = 0.0, mult = (double)(parts - 1);
    int n_units = 0, u, nz = 0, row;
    igraph_integer_t e;
    char name[48];

    for (e = 0; e < t->n_spans; e++) {
        if (part[t->span_from[e]] == part[t->span_to[e]]) {
            continue;
        }
        c += m->cap_row[2 * e] != 0 && fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
        if (m->add_col[e] != 0 && n_units < CUT_UNITS) {
            for (u = 0; u < n_units && units[u] != m->add_unit[e]; u++) {
            }
            if (u == n_units) {
                units[n_units++] = m->add_unit[e];
            }
        }
    }
    for (u = 0; u < n_units; u++) {
        double d = units[u], rhs = (mult * cs->theta_bound - c) / d, f = rhs - floor(rhs), lhs = 0.0;
        if (rhs <= 0 || f < CUT_MIN_FRAC || f > 1 - 1e-9) {
            continue;
        }
        for (e = 0; e < t->n_spans; e++) {
            if (m->add_col[e] != 0 && part[t->span_from[e]] != part[t->span_to[e]]) {
                lhs += mir_coef(m->add_unit[e] / d, f) * fp_lp_col_value(m->lp, m->add_col[e]);
            }
        }
        if (!cs->target) {
            lhs += mult * (cs->theta_bound - cs->theta) / (d * f);
        }
        if (ceil(rhs) - lhs > best) {
            best = ceil(rhs) - lhs;
            best_d = d;
            best_f = f;
        }
    }
    if (best_d == 0.0) {
        return false;
    }
    for (e = 0; e < t->n_spans; e++) {
        if (m->add_col[e] != 0 && part[t->span_from[e]] != part[t->span_to[e]]) {
            cs->cols[nz] = m->add_col[e];
            cs->vals[nz++] = mir_coef(m->add_unit[e] / best_d, best_f);
        }
    }
    for (e = 0; !cs->target && e < m->n_trees; e++) {
        if (m->trees[e].scen == 0) {
            cs->cols[nz] = m->trees[e].col;
            cs->vals[nz++] = -mult * m->scale / (best_d * best_f);
        }
    }
    snprintf(name, sizeof(name), "cutset|%d", cs->n_rows);
    row = fp_lp_add_row_lo(m->lp, name, ceil((mult * cs->theta_bound - c) / best_d) -
                                        (cs->target ? 0.0 : mult * cs->theta_bound / (best_d * best_f)));
    for (e = 0; e < nz; e++) {
        fp_lp_set_coef(m->lp, row, cs->cols[e], cs->vals[e]);
    }
    cs->rows = fp_xpush(cs->rows, (size_t)cs->n_rows, sizeof(int));
    cs->rows[cs->n_rows++] = row;
    return true;
}

/* The Gomory-Hu tree of the LP plan's capacities and each edge's subtree below it. */
struct ghcuts {
    igraph_vector_t cap, flows;
    igraph_vector_int_t order, parents;
    igraph_t gh;
    igraph_integer_t *count;       /* per vertex: sites in its subtree */
    igraph_integer_t *part;        /* per vertex: the side of the cut being separated */
    bool have_cap, have_flows, have_o, have_p, have_gh;
};

static void ghcuts_release(struct ghcuts *g)
{
    if (g->have_gh) {
        igraph_destroy(&g->gh);
    }
    if (g->have_cap) {
        igraph_vector_destroy(&g->cap);
    }
    if (g->have_flows) {
        igraph_vector_destroy(&g->flows);
    }
    if (g->have_o) {
        igraph_vector_int_destroy(&g->order);
    }
    if (g->have_p) {
        igraph_vector_int_destroy(&g->parents);
    }
    free(g->count);
    free(g->part);
}

static int ghcuts_init(struct ghcuts *g, const struct fp_topo *t, struct fp_error *err)
{
    int rc = FP_OK;
    memset(g, 0, sizeof(*g));
    g->count = fp_xcalloc((size_t)t->n_nodes + 1, sizeof(igraph_integer_t));
    g->part = fp_xcalloc((size_t)t->n_nodes + 1, sizeof(igraph_integer_t));
    FP_IGRAPH(err, igraph_vector_init(&g->cap, t->n_spans));
    g->have_cap = true;
    FP_IGRAPH(err, igraph_vector_init(&g->flows, 0));
    g->have_flows = true;
    FP_IGRAPH(err, igraph_vector_int_init(&g->order, 0));
    g->have_o = true;
    FP_IGRAPH(err, igraph_vector_int_init(&g->parents, 0));
    g->have_p = true;
out:
    return rc;
}

/* One round: the LP plan's theta and capacities, their Gomory-Hu tree, and the rounding of
 * each of its cuts that splits the sites and is within 5 % of tight; *added cuts. */
static int separate(struct cutsep *cs, struct ghcuts *g, int *added, struct fp_error *err)
{
    struct master *m = cs->m;
    const struct fp_topo *t = m->topo;
    igraph_integer_t e, i, v;
    int rc = FP_OK;

    *added = 0;
    cs->theta = 0.0;
    for (i = 0; i < m->n_trees; i++) {
        cs->theta += m->trees[i].scen == 0 ? fp_lp_col_value(m->lp, m->trees[i].col) * m->scale : 0.0;
    }
    for (e = 0; e < t->n_spans; e++) {
        double c = m->cap_row[2 * e] != 0 && fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
        if (m->add_col[e] != 0) {
            c += fp_lp_col_value(m->lp, m->add_col[e]) * m->add_unit[e];
        }
        VECTOR(g->cap)[e] = c;
    }
    if (g->have_gh) {
        igraph_destroy(&g->gh);
        g->have_gh = false;
    }
    FP_IGRAPH(err, igraph_gomory_hu_tree(&t->graph, &g->gh, &g->flows, &g->cap));
    g->have_gh = true;
    /* each Gomory-Hu edge's own cut (the subtree below it in a BFS from a site) */
    rc = fp_gh_subtree_sites(&g->gh, m->job, &g->order, &g->parents, g->count, err);
    for (i = 0; rc == FP_OK && i < igraph_ecount(&g->gh); i++) {
        igraph_integer_t child = fp_gh_child(&g->gh, &g->parents, i);
        if (child < 0 || g->count[child] == 0 || g->count[child] == m->k ||
            VECTOR(g->flows)[i] > 1.05 * cs->theta) {
            continue;
        }
        for (v = 0; v < t->n_nodes; v++) {
            igraph_integer_t w = v;
            while (w >= 0 && w != child) {
                w = VECTOR(g->parents)[w];
            }
            g->part[v] = w == child;
        }
        *added += cut_partition(cs, g->part, 2);
    }
out:
    return rc;
}

int fp_cutset_cuts(struct solve *s, double theta_bound, struct fp_error *err)
{
    struct master *m = &s->m;
    const struct fp_topo *t = m->topo;
    struct ghcuts g;
    struct cutsep cs;
    int round, rc;

    memset(&cs, 0, sizeof(cs));
    cs.m = m;
    cs.theta_bound = theta_bound;
    cs.target = s->target;
    cs.cols = fp_xcalloc((size_t)(t->n_spans + m->n_trees) + 1, sizeof(int));
    cs.vals = fp_xcalloc((size_t)(t->n_spans + m->n_trees) + 1, sizeof(double));
    rc = ghcuts_init(&g, t, err);
    for (round = 0; rc == FP_OK && round < CUT_ROUNDS; round++) {
        int added = 0;
        bool timed_out;
        rc = separate(&cs, &g, &added, err);
        if (rc != FP_OK || added == 0) {
            break;
        }
        rc = fp_lp_solve(m->lp, fp_master_deadline(m), &timed_out, err);
        if (rc != FP_OK || timed_out) {
            break;
        }
    }
    ghcuts_release(&g);
    free(cs.cols);
    free(cs.vals);
    s->cut_rows = cs.rows;
    s->n_cut_rows = cs.n_rows;
    return rc;
}
