/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the Garg-Koenemann packing of MODEL.md's tree all-reduce (--approx, and the
 * warm start of the exact solve): multiplicative weights over "structures", with exact
 * primal and dual certificates. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/route_internal.h"

struct packing {
    double *cap, *load, *use;      /* per arc: capacity (scaled), load sent, this structure's use */
    igraph_vector_t len;           /* per arc: the length l */
    double eps, sent;
};

/* The structure's use of each arc, its D(l) = sum c l, and f, the most it can carry alone. */
static void structure_use(const struct master *m, struct packing *pk, const struct structure *st,
                          double *d_total, double *f)
{
    igraph_integer_t arc, i, n_arcs = 2 * m->topo->n_spans;
    *d_total = 0.0;
    *f = INFINITY;
    memset(pk->use, 0, (size_t)n_arcs * sizeof(double));
    for (i = 0; i < 2 * igraph_vector_int_size(&st->te); i++) {
        igraph_integer_t j;
        for (j = 0; j < igraph_vector_int_size(&st->route[i]); j++) {
            pk->use[VECTOR(st->route[i])[j]] += 1.0;
        }
    }
    for (arc = 0; arc < n_arcs; arc++) {
        if (pk->cap[arc] > 0) {
            *d_total += pk->cap[arc] * VECTOR(pk->len)[arc];
            if (pk->use[arc] > 0 && pk->cap[arc] / pk->use[arc] < *f) {
                *f = pk->cap[arc] / pk->use[arc];
            }
        }
    }
}

/* Sends f along the structure (its columns go into the master); returns theta_p, the flow
 * sent so far scaled by its largest arc congestion. */
static double send(struct master *m, struct packing *pk, const struct structure *st, double f)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    double congestion = 0.0;
    fp_pricing_add_structure(m, st);
    pk->sent += f;
    for (arc = 0; arc < n_arcs; arc++) {
        if (pk->use[arc] > 0) {
            pk->load[arc] += f * pk->use[arc];
            VECTOR(pk->len)[arc] *= 1.0 + pk->eps * f * pk->use[arc] / pk->cap[arc];
        }
        if (pk->cap[arc] > 0 && pk->load[arc] / pk->cap[arc] > congestion) {
            congestion = pk->load[arc] / pk->cap[arc];
        }
    }
    return congestion > 0 ? pk->sent / congestion : 0.0;
}

/* --approx EPS: Garg and Koenemann's multiplicative-weights packing (Garg, Koenemann, SIAM J.
 * Comput. 37(2), 2007; Fleischer's variant for concurrent flow) for the tree all-reduce. A
 * "structure" is a spanning tree over the sites with each of its virtual edges routed both
 * ways on a path; the schedule LP packs structures into the arc capacities. Lengths start at
 * delta / c and grow by (1 + eps f load / c) along each structure sent; the cheapest structure
 * under the lengths is exact (cheapest_structure: the pricing problem of the exact solver
 * with lengths for duals). Certificates, both exact whatever eps: the flow sent, scaled by its
 * largest arc congestion, is feasible (theta_p); weak duality bounds every schedule by
 * D(l) / alpha(l) (D = sum c l, alpha the cheapest structure's length) for every length
 * vector seen (theta_d). It stops when theta_p >= (1 - eps) theta_d, or at D >= 1 (the
 * worst-case guarantee). Every structure sent becomes columns of the master (trees and paths,
 * without duplicates), and the master is then solved once: its theta is at least theta_p, and
 * theta_d bounds it. */
int fp_packing_columns(struct master *m, double eps, double *bound, long *iterations,
                       bool *timed_out, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t n_arcs = 2 * t->n_spans, arc, n_cap = 0;
    struct packing pk;
    struct structure st;
    bool have_len = false;
    double delta, theta_p = 0.0;
    int rc;

    memset(&pk, 0, sizeof(pk));
    pk.eps = eps;
    pk.cap = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    pk.load = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    pk.use = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    *bound = INFINITY;
    *iterations = 0;
    *timed_out = false;
    rc = fp_pricing_structure_init(&st, m, err);
    if (rc != FP_OK) {
        goto out;
    }
    for (arc = 0; arc < n_arcs; arc++) {
        if (m->cap_row[arc] != 0 && t->capacity_gbps[arc / 2] > 0) {
            pk.cap[arc] = t->capacity_gbps[arc / 2] / m->scale;
            n_cap++;
        }
    }
    delta = (1 + eps) / pow((1 + eps) * (double)(n_cap > 0 ? n_cap : 1), 1.0 / eps);
    FP_IGRAPH(err, igraph_vector_init(&pk.len, n_arcs));
    have_len = true;
    for (arc = 0; arc < n_arcs; arc++) {
        VECTOR(pk.len)[arc] = pk.cap[arc] > 0 ? delta / pk.cap[arc] : IGRAPH_INFINITY;
    }
    for (;;) {
        double d_total, f;
        if (fp_master_stopped(m)) {
            *timed_out = true;
            break;
        }
        rc = fp_pricing_cheapest_structure(m, &pk.len, true, &st, err);
        if (rc != FP_OK) {
            goto out;
        }
        if (!isfinite(st.alpha)) {
            rc = fp_error_set(err, FP_EDATA, t->path, 0, "%s", NO_THROUGHPUT);
            goto out;
        }
        structure_use(m, &pk, &st, &d_total, &f);
        if (st.alpha > 0 && d_total / st.alpha < *bound) {
            *bound = d_total / st.alpha;       /* weak duality */
        }
        if (d_total >= 1.0 || !(f < INFINITY)) {
            break;
        }
        theta_p = send(m, &pk, &st, f);
        (*iterations)++;
        if (theta_p >= (1 - eps) * *bound) {
            break;
        }
    }
out:
    fp_pricing_structure_release(&st);
    if (have_len) {
        igraph_vector_destroy(&pk.len);
    }
    free(pk.cap);
    free(pk.load);
    free(pk.use);
    return rc;
}
