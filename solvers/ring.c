/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the ring all-reduce's order (MODEL.md ring: "nearest-neighbour by delay, then
 * 2-opt", then 2-opt moves the ring LP confirms), and a fixed order's validation. */
#include <string.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "solvers/route_internal.h"

/* Ring order as site indices from vertices (fixed order), validated. */
int fp_ring_indices(const struct master *m, igraph_integer_t *ring, struct fp_error *err)
{
    igraph_integer_t i, j, k = m->k;
    for (i = 0; i < k; i++) {
        ring[i] = -1;
        for (j = 0; j < k; j++) {
            if (m->job->sites[j] == m->opts->ring_order[i]) {
                ring[i] = j;
            }
        }
        if (ring[i] < 0) {
            return fp_error_set(err, FP_EUSAGE, NULL, 0, "ring order: '%s' is not a site",
                                m->topo->node_id[m->opts->ring_order[i]]);
        }
        for (j = 0; j < i; j++) {
            if (ring[j] == ring[i]) {
                return fp_error_set(err, FP_EUSAGE, NULL, 0, "ring order: '%s' appears twice",
                                    m->topo->node_id[m->opts->ring_order[i]]);
            }
        }
    }
    return FP_OK;
}

static double tour_delay(const double *d, const igraph_integer_t *order, igraph_integer_t k)
{
    igraph_integer_t i;
    double s = 0.0;
    for (i = 0; i < k; i++) {
        s += d[order[i] * k + order[(i + 1) % k]];
    }
    return s;
}

static void reverse(igraph_integer_t *order, igraph_integer_t i, igraph_integer_t j)
{
    while (i < j) {
        igraph_integer_t t = order[i];
        order[i++] = order[j];
        order[j--] = t;
    }
}

static int ring_theta(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *opts, const igraph_integer_t *order_idx,
                      double *theta, struct fp_error *err)
{
    struct fp_route_options o = *opts;
    struct fp_route r;
    igraph_integer_t i, *verts = fp_xcalloc((size_t)job->n_sites + 1, sizeof(igraph_integer_t));
    int rc;
    for (i = 0; i < job->n_sites; i++) {
        verts[i] = job->sites[order_idx[i]];
    }
    o.collective = FP_COLL_RING;
    o.ring_order = verts;
    o.write_lp = NULL;
    o.progress = NULL;
    memset(&r, 0, sizeof(r));
    rc = fp_route_solve(topo, job, &o, &r, err);
    if (rc == FP_OK) {
        *theta = r.theta_gbps;
    }
    fp_result_route_release(&r);
    free(verts);
    return rc;
}

/* Shortest-path delays between the sites over spans with capacity, into d[k * k]. */
static int site_delays(const struct fp_topo *topo, const struct fp_job *job, double *d,
                       struct fp_error *err)
{
    igraph_integer_t k = job->n_sites, i, j;
    igraph_vector_int_t from;
    igraph_vector_t w;
    igraph_matrix_t dist;
    bool have_f = false, have_w = false, have_d = false;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_int_init(&from, k));
    have_f = true;
    for (i = 0; i < k; i++) {
        VECTOR(from)[i] = job->sites[i];
    }
    FP_IGRAPH(err, igraph_vector_init(&w, topo->n_spans));
    have_w = true;
    for (i = 0; i < topo->n_spans; i++) {
        VECTOR(w)[i] = fp_topo_is_lit(topo, i) && topo->capacity_gbps[i] > 0 ? topo->delay_s[i]
                                                                             : IGRAPH_INFINITY;
    }
    FP_IGRAPH(err, igraph_matrix_init(&dist, 0, 0));
    have_d = true;
    FP_IGRAPH(err, igraph_distances_dijkstra(&topo->graph, &dist, igraph_vss_vector(&from),
                                             igraph_vss_vector(&from), &w, IGRAPH_ALL));
    for (i = 0; i < k; i++) {
        for (j = 0; j < k; j++) {
            d[i * k + j] = MATRIX(dist, i, j);
        }
    }
out:
    if (have_d) {
        igraph_matrix_destroy(&dist);
    }
    if (have_w) {
        igraph_vector_destroy(&w);
    }
    if (have_f) {
        igraph_vector_int_destroy(&from);
    }
    return rc;
}

/* Nearest neighbour from the first site, then 2-opt on the tour delay, into idx[k]. */
static void delay_tour(const double *d, igraph_integer_t k, igraph_integer_t *idx)
{
    bool *used = fp_xcalloc((size_t)k + 1, sizeof(bool));
    igraph_integer_t i, j, cur = 0;
    bool improved = true;

    used[0] = true;
    idx[0] = 0;
    for (i = 1; i < k; i++) {
        igraph_integer_t best = -1;
        for (j = 0; j < k; j++) {
            if (!used[j] && (best < 0 || d[cur * k + j] < d[cur * k + best])) {
                best = j;
            }
        }
        used[best] = true;
        idx[i] = cur = best;
    }
    while (improved) {
        improved = false;
        for (i = 1; i < k - 1; i++) {
            for (j = i + 1; j < k; j++) {
                double before = tour_delay(d, idx, k), after;
                reverse(idx, i, j);
                after = tour_delay(d, idx, k);
                if (after < before * (1 - 1e-12)) {
                    improved = true;
                } else {
                    reverse(idx, i, j);
                }
            }
        }
    }
    free(used);
}

/* 2-opt moves on idx[k] that the ring LP confirms raise theta, at most `evaluations` solves. */
static int lp_two_opt(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *opts, int evaluations, igraph_integer_t *idx,
                      struct fp_error *err)
{
    igraph_integer_t k = job->n_sites, i, j;
    double theta = 0.0;
    int rc, evals = 1;
    bool improved = true;

    rc = ring_theta(topo, job, opts, idx, &theta, err);
    while (rc == FP_OK && improved && evals < evaluations) {
        improved = false;
        for (i = 1; rc == FP_OK && i < k - 1 && evals < evaluations; i++) {
            for (j = i + 1; rc == FP_OK && j < k && evals < evaluations; j++) {
                double th = 0.0;
                reverse(idx, i, j);
                rc = ring_theta(topo, job, opts, idx, &th, err);
                evals++;
                if (rc == FP_OK && th > theta * (1 + 1e-9)) {
                    theta = th;
                    improved = true;
                } else {
                    reverse(idx, i, j);
                }
            }
        }
    }
    return rc;
}

int fp_route_ring_order(const struct fp_topo *topo, const struct fp_job *job,
                        const struct fp_route_options *opts, int evaluations,
                        igraph_integer_t *order, struct fp_error *err)
{
    igraph_integer_t k = job->n_sites, i;
    double *d = fp_xcalloc((size_t)(k * k) + 1, sizeof(double));
    igraph_integer_t *idx = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    int rc = site_delays(topo, job, d, err);

    if (rc == FP_OK) {
        delay_tour(d, k, idx);
        if (k > 3 && evaluations > 0) {
            rc = lp_two_opt(topo, job, opts, evaluations, idx, err);
        }
    }
    if (rc == FP_OK) {
        for (i = 0; i < k; i++) {
            order[i] = job->sites[idx[i]];
        }
    }
    free(d);
    free(idx);
    return rc;
}
