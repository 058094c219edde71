/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: tree all-reduce by column generation (MODEL.md "Demand" 1 and "Routing"):
 *   maximise theta = sum_t x_t
 *   def[a,b]:  sum_{p in P_ab} f_p - sum_{t ∋ {a,b}} x_t >= 0     (dual pi_ab <= 0)
 *   cap[e,d]:  sum_{p ∋ (e,d)} f_p <= c_e                         (dual mu_ed >= 0)
 * GLPK's reduced cost is d_j = c_j - sum_i a_ij pi_i, so
 *   a tree t improves when 1 - sum_{ab in t} w_ab > 0 with w_ab = -(pi_ab + pi_ba)  (MST),
 *   a path p of (a,b) improves when -pi_ab - sum_{arcs} mu > 0                       (Dijkstra). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/lp.h"
#include "solvers/route.h"

#define EPS 1e-9
#define MAX_ROUNDS 100000

struct master {
    const struct fp_topo *topo;
    const struct fp_job *job;
    struct fp_lp *lp;
    igraph_t arcs;               /* directed: arc 2e = from->to of span e, 2e+1 = to->from */
    igraph_integer_t k;
    int *def_row;                /* [a*k+b], ordered pair of site indices */
    int *cap_row;                /* [arc], 0 when the arc has no capacity */
    int *tree_cols;
    igraph_integer_t n_tree_cols;
};

static int build_arcs(struct master *m, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_vector_int_t ev;
    igraph_integer_t e;
    int rc = FP_OK;
    FP_IGRAPH(err, igraph_vector_int_init(&ev, 4 * t->n_spans));
    for (e = 0; e < t->n_spans; e++) {
        VECTOR(ev)[4 * e] = t->span_from[e];
        VECTOR(ev)[4 * e + 1] = t->span_to[e];
        VECTOR(ev)[4 * e + 2] = t->span_to[e];
        VECTOR(ev)[4 * e + 3] = t->span_from[e];
    }
    if (igraph_create(&m->arcs, &ev, t->n_nodes, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s", fp_error_igraph_reason());
    }
    igraph_vector_int_destroy(&ev);
out:
    return rc;
}

/* Adds path column f for commodity (a,b) along the arcs in path. */
static void add_path(struct master *m, igraph_integer_t a, igraph_integer_t b,
                     const igraph_vector_int_t *path)
{
    igraph_integer_t i, n = igraph_vector_int_size(path);
    int *rows = fp_xcalloc((size_t)n + 1, sizeof(int));
    double *vals = fp_xcalloc((size_t)n + 1, sizeof(double));
    char name[64];
    rows[0] = m->def_row[a * m->k + b];
    vals[0] = 1.0;
    for (i = 0; i < n; i++) {
        rows[i + 1] = m->cap_row[VECTOR(*path)[i]];
        vals[i + 1] = 1.0;
    }
    snprintf(name, sizeof(name), "f[%ld,%ld,%d]", (long)a, (long)b, fp_lp_cols(m->lp) + 1);
    fp_lp_add_col(m->lp, name, 0.0, (int)n + 1, rows, vals);
    free(rows);
    free(vals);
}

/* Path pricing: from each site a, one Dijkstra on the arc duals (capacity-less arcs
 * excluded); adds every improving path. weights: mu, or delays for the initial columns. */
static int price_paths(struct master *m, bool initial, int *added, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_vector_t w;
    igraph_vector_int_list_t paths;
    igraph_vector_int_t to;
    igraph_integer_t a, b, arc, n_arcs = 2 * t->n_spans;
    int rc = FP_OK;
    bool have_w = false, have_p = false, have_to = false;

    *added = 0;
    FP_IGRAPH(err, igraph_vector_init(&w, n_arcs));
    have_w = true;
    for (arc = 0; arc < n_arcs; arc++) {
        if (m->cap_row[arc] == 0) {
            VECTOR(w)[arc] = IGRAPH_INFINITY;
        } else if (initial) {
            VECTOR(w)[arc] = t->delay_s[arc / 2];
        } else {
            double mu = fp_lp_row_dual(m->lp, m->cap_row[arc]);
            VECTOR(w)[arc] = mu > 0.0 ? mu : 0.0;
        }
    }
    FP_IGRAPH(err, igraph_vector_int_list_init(&paths, 0));
    have_p = true;
    FP_IGRAPH(err, igraph_vector_int_init(&to, m->k));
    have_to = true;
    for (b = 0; b < m->k; b++) {
        VECTOR(to)[b] = m->job->sites[b];
    }
    for (a = 0; a < m->k; a++) {
        FP_IGRAPH(err, igraph_get_shortest_paths_dijkstra(&m->arcs, NULL, &paths, m->job->sites[a],
                                                           igraph_vss_vector(&to), &w, IGRAPH_OUT,
                                                           NULL, NULL));
        for (b = 0; b < m->k; b++) {
            igraph_vector_int_t *p = igraph_vector_int_list_get_ptr(&paths, b);
            double length = 0.0, pi;
            igraph_integer_t i;
            if (a == b || igraph_vector_int_size(p) == 0) {
                continue;
            }
            for (i = 0; i < igraph_vector_int_size(p); i++) {
                length += initial ? 0.0 : VECTOR(w)[VECTOR(*p)[i]];
            }
            pi = initial ? 0.0 : fp_lp_row_dual(m->lp, m->def_row[a * m->k + b]);
            if (initial || -pi - length > EPS * (1.0 + fabs(pi))) {
                add_path(m, a, b, p);
                (*added)++;
            }
        }
    }
out:
    if (have_to) {
        igraph_vector_int_destroy(&to);
    }
    if (have_p) {
        igraph_vector_int_list_destroy(&paths);
    }
    if (have_w) {
        igraph_vector_destroy(&w);
    }
    return rc;
}

/* Tree pricing: the MST of the complete graph on the sites with w_ab = -(pi_ab + pi_ba)
 * (or all-equal weights for the first tree); adds it when 1 - weight > eps. */
static int price_tree(struct master *m, bool initial, int *added, struct fp_error *err)
{
    igraph_t complete;
    igraph_vector_t w;
    igraph_vector_int_t tree_edges;
    igraph_integer_t k = m->k, i, e;
    int rc = FP_OK;
    bool have_c = false, have_w = false, have_te = false;
    double weight = 0.0;

    *added = 0;
    FP_IGRAPH(err, igraph_full(&complete, k, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS));
    have_c = true;
    FP_IGRAPH(err, igraph_vector_init(&w, igraph_ecount(&complete)));
    have_w = true;
    for (e = 0; e < igraph_ecount(&complete); e++) {
        igraph_integer_t a = IGRAPH_FROM(&complete, e), b = IGRAPH_TO(&complete, e);
        VECTOR(w)[e] = initial ? 1.0
                               : -(fp_lp_row_dual(m->lp, m->def_row[a * k + b]) +
                                   fp_lp_row_dual(m->lp, m->def_row[b * k + a]));
    }
    FP_IGRAPH(err, igraph_vector_int_init(&tree_edges, 0));
    have_te = true;
    FP_IGRAPH(err, igraph_minimum_spanning_tree(&complete, &tree_edges, &w));
    for (i = 0; i < igraph_vector_int_size(&tree_edges); i++) {
        weight += VECTOR(w)[VECTOR(tree_edges)[i]];
    }
    if (initial || 1.0 - weight > EPS) {
        igraph_integer_t n = igraph_vector_int_size(&tree_edges);
        int *rows = fp_xcalloc((size_t)(2 * n) + 1, sizeof(int));
        double *vals = fp_xcalloc((size_t)(2 * n) + 1, sizeof(double));
        char name[64];
        for (i = 0; i < n; i++) {
            igraph_integer_t te = VECTOR(tree_edges)[i];
            igraph_integer_t a = IGRAPH_FROM(&complete, te), b = IGRAPH_TO(&complete, te);
            rows[2 * i] = m->def_row[a * k + b];
            rows[2 * i + 1] = m->def_row[b * k + a];
            vals[2 * i] = vals[2 * i + 1] = -1.0;
        }
        snprintf(name, sizeof(name), "x[t%ld]", (long)m->n_tree_cols + 1);
        m->tree_cols = fp_xrealloc(m->tree_cols, (size_t)m->n_tree_cols + 1, sizeof(int));
        m->tree_cols[m->n_tree_cols++] = fp_lp_add_col(m->lp, name, 1.0, (int)(2 * n), rows, vals);
        free(rows);
        free(vals);
        *added = 1;
    }
out:
    if (have_te) {
        igraph_vector_int_destroy(&tree_edges);
    }
    if (have_w) {
        igraph_vector_destroy(&w);
    }
    if (have_c) {
        igraph_destroy(&complete);
    }
    return rc;
}

int fp_route_tree_theta(const struct fp_topo *topo, const struct fp_job *job, double *theta_gbps,
                        igraph_integer_t *n_trees, struct fp_error *err)
{
    struct master m;
    igraph_integer_t a, b, e, k = job->n_sites, i;
    bool have_arcs = false;
    int rc, added_p = 0, added_t = 0, rounds = 0;
    char name[96];

    memset(&m, 0, sizeof(m));
    m.topo = topo;
    m.job = job;
    m.k = k;
    m.lp = fp_lp_new("fiberplan-tree");
    m.def_row = fp_xcalloc((size_t)(k * k) + 1, sizeof(int));
    m.cap_row = fp_xcalloc((size_t)(2 * topo->n_spans) + 1, sizeof(int));
    for (a = 0; a < k; a++) {
        for (b = 0; b < k; b++) {
            if (a != b) {
                snprintf(name, sizeof(name), "def[%s,%s]", topo->node_id[job->sites[a]],
                         topo->node_id[job->sites[b]]);
                m.def_row[a * k + b] = fp_lp_add_row_lo(m.lp, name, 0.0);
            }
        }
    }
    for (e = 0; e < topo->n_spans; e++) {
        if (fp_topo_is_lit(topo, e) && topo->capacity_gbps[e] > 0.0) {
            snprintf(name, sizeof(name), "cap[%s,+]", topo->span_id[e]);
            m.cap_row[2 * e] = fp_lp_add_row_up(m.lp, name, topo->capacity_gbps[e]);
            snprintf(name, sizeof(name), "cap[%s,-]", topo->span_id[e]);
            m.cap_row[2 * e + 1] = fp_lp_add_row_up(m.lp, name, topo->capacity_gbps[e]);
        }
    }
    rc = build_arcs(&m, err);
    if (rc != FP_OK) {
        goto out;
    }
    have_arcs = true;
    rc = price_paths(&m, true, &added_p, err);
    if (rc == FP_OK) {
        rc = price_tree(&m, true, &added_t, err);
    }
    while (rc == FP_OK && rounds++ < MAX_ROUNDS) {
        rc = fp_lp_solve(m.lp, err);
        if (rc != FP_OK) {
            break;
        }
        rc = price_paths(&m, false, &added_p, err);
        if (rc != FP_OK || added_p > 0) {
            continue;
        }
        rc = price_tree(&m, false, &added_t, err);
        if (rc != FP_OK || added_t == 0) {
            break;
        }
    }
    if (rc == FP_OK) {
        *theta_gbps = fp_lp_objective(m.lp);
        *n_trees = 0;
        for (i = 0; i < m.n_tree_cols; i++) {
            *n_trees += fp_lp_col_value(m.lp, m.tree_cols[i]) > EPS;
        }
    }
out:
    if (have_arcs) {
        igraph_destroy(&m.arcs);
    }
    fp_lp_free(m.lp);
    free(m.def_row);
    free(m.cap_row);
    free(m.tree_cols);
    return rc;
}
