/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: least-delay single routes between sites (igraph Dijkstra). */
#include <string.h>

#include "core/xalloc.h"
#include "solvers/paths.h"

void fp_paths_release(struct fp_pair_routes *r)
{
    igraph_integer_t i;
    if (r == NULL) {
        return;
    }
    for (i = 0; r->arcs != NULL && i < r->k * r->k; i++) {
        free(r->arcs[i]);
    }
    free(r->arcs);
    free(r->n_arcs);
    memset(r, 0, sizeof(*r));
}

int fp_paths_shortest(const struct fp_topo *topo, const struct fp_job *job, const double *capacity_gbps,
                      struct fp_pair_routes *out, struct fp_error *err)
{
    struct fp_pair_routes res;
    igraph_t g;
    igraph_vector_int_t ev, to;
    igraph_vector_t w;
    igraph_vector_int_list_t paths;
    igraph_integer_t e, a, b, k = job->n_sites, n = topo->n_spans;
    bool have_g = false, have_ev = false, have_to = false, have_w = false, have_p = false;
    int rc = FP_OK;

    memset(&res, 0, sizeof(res));
    res.k = k;
    res.arcs = fp_xcalloc((size_t)(k * k) + 1, sizeof(igraph_integer_t *));
    res.n_arcs = fp_xcalloc((size_t)(k * k) + 1, sizeof(igraph_integer_t));
    FP_IGRAPH(err, igraph_vector_int_init(&ev, 4 * n));
    have_ev = true;
    FP_IGRAPH(err, igraph_vector_init(&w, 2 * n));
    have_w = true;
    for (e = 0; e < n; e++) {
        double c = capacity_gbps != NULL ? capacity_gbps[e] : (fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0);
        VECTOR(ev)[4 * e] = VECTOR(ev)[4 * e + 3] = topo->span_from[e];
        VECTOR(ev)[4 * e + 1] = VECTOR(ev)[4 * e + 2] = topo->span_to[e];
        VECTOR(w)[2 * e] = VECTOR(w)[2 * e + 1] = c > 0 ? topo->delay_s[e] : IGRAPH_INFINITY;
    }
    FP_IGRAPH(err, igraph_create(&g, &ev, topo->n_nodes, IGRAPH_DIRECTED));
    have_g = true;
    FP_IGRAPH(err, igraph_vector_int_init(&to, k));
    have_to = true;
    for (b = 0; b < k; b++) {
        VECTOR(to)[b] = job->sites[b];
    }
    FP_IGRAPH(err, igraph_vector_int_list_init(&paths, 0));
    have_p = true;
    for (a = 0; a < k; a++) {
        FP_IGRAPH(err, igraph_get_shortest_paths_dijkstra(&g, NULL, &paths, job->sites[a], igraph_vss_vector(&to),
                                                           &w, IGRAPH_OUT, NULL, NULL));
        for (b = 0; b < k; b++) {
            igraph_vector_int_t *p = igraph_vector_int_list_get_ptr(&paths, b);
            igraph_integer_t i, len = igraph_vector_int_size(p);
            if (a == b) {
                continue;
            }
            if (len == 0) {
                rc = fp_error_set(err, FP_EDATA, topo->path, 0, "'%s' cannot reach '%s' over spans with capacity",
                                  topo->node_id[job->sites[a]], topo->node_id[job->sites[b]]);
                goto out;
            }
            res.arcs[a * k + b] = fp_xcalloc((size_t)len, sizeof(igraph_integer_t));
            res.n_arcs[a * k + b] = len;
            for (i = 0; i < len; i++) {
                res.arcs[a * k + b][i] = VECTOR(*p)[i];
            }
        }
    }
out:
    if (have_p) {
        igraph_vector_int_list_destroy(&paths);
    }
    if (have_to) {
        igraph_vector_int_destroy(&to);
    }
    if (have_g) {
        igraph_destroy(&g);
    }
    if (have_w) {
        igraph_vector_destroy(&w);
    }
    if (have_ev) {
        igraph_vector_int_destroy(&ev);
    }
    if (rc == FP_OK) {
        *out = res;
    } else {
        fp_paths_release(&res);
    }
    return rc;
}
