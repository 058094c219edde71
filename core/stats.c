/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: topology summary for `check` (MODEL.md "Network": sites, lit spans, delays). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stats.h"
#include "core/xalloc.h"

void fp_stats_release(struct fp_stats *stats)
{
    if (stats == NULL) {
        return;
    }
    free(stats->sites);
    free(stats->site_group);
    memset(stats, 0, sizeof(*stats));
}

/* The lit-span subgraph (same vertices) with delays as weights; NAN delays become 0
 * (only used when delays_known is false, for connectivity). */
static int lit_graph(const struct fp_topo *topo, igraph_t *g, igraph_vector_t *w,
                     struct fp_error *err)
{
    igraph_vector_int_t edges;
    igraph_integer_t e, m = 0;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_int_init(&edges, 0));
    if (igraph_vector_init(w, 0) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&edges);
        return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s",
                            fp_error_igraph_reason());
    }
    for (e = 0; e < topo->n_spans; e++) {
        if (!fp_topo_is_lit(topo, e)) {
            continue;
        }
        if (igraph_vector_int_push_back(&edges, topo->span_from[e]) != IGRAPH_SUCCESS ||
            igraph_vector_int_push_back(&edges, topo->span_to[e]) != IGRAPH_SUCCESS ||
            igraph_vector_push_back(w, isnan(topo->delay_s[e]) ? 0.0 : topo->delay_s[e]) !=
                IGRAPH_SUCCESS) {
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s",
                              fp_error_igraph_reason());
            break;
        }
        m++;
    }
    if (rc == FP_OK &&
        igraph_create(g, &edges, topo->n_nodes, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s",
                          fp_error_igraph_reason());
    }
    if (rc != FP_OK) {
        igraph_vector_destroy(w);
    }
    igraph_vector_int_destroy(&edges);
    (void)m;
out:
    return rc;
}

static int site_delays(const struct fp_topo *topo, struct fp_stats *s, const igraph_t *g,
                       const igraph_vector_t *w, struct fp_error *err)
{
    igraph_vector_int_t from;
    igraph_matrix_t dist;
    igraph_integer_t i, j, k = s->n_sites;
    int rc = FP_OK;
    bool have_from = false, have_dist = false;

    s->min_delay_s = INFINITY;
    s->max_delay_s = -INFINITY;
    FP_IGRAPH(err, igraph_vector_int_init(&from, k));
    have_from = true;
    for (i = 0; i < k; i++) {
        VECTOR(from)[i] = s->sites[i];
    }
    FP_IGRAPH(err, igraph_matrix_init(&dist, 0, 0));
    have_dist = true;
    FP_IGRAPH(err, igraph_distances_dijkstra(g, &dist, igraph_vss_vector(&from),
                                             igraph_vss_vector(&from), w, IGRAPH_ALL));
    for (i = 0; i < k; i++) {
        for (j = i + 1; j < k; j++) {
            double d = MATRIX(dist, i, j);
            if (!isfinite(d)) {
                continue;
            }
            if (d < s->min_delay_s) {
                s->min_delay_s = d;
                s->min_pair[0] = s->sites[i];
                s->min_pair[1] = s->sites[j];
            }
            if (d > s->max_delay_s) {
                s->max_delay_s = d;
                s->max_pair[0] = s->sites[i];
                s->max_pair[1] = s->sites[j];
            }
        }
    }
    if (!isfinite(s->min_delay_s)) {
        s->min_delay_s = s->max_delay_s = NAN;
    }
out:
    if (have_dist) {
        igraph_matrix_destroy(&dist);
    }
    if (have_from) {
        igraph_vector_int_destroy(&from);
    }
    (void)topo;
    return rc;
}

int fp_stats_compute(const struct fp_topo *topo, struct fp_stats *stats, struct fp_error *err)
{
    struct fp_stats s;
    igraph_t g;
    igraph_vector_t w;
    igraph_vector_int_t membership;
    igraph_integer_t v, e, i, n_comp = 0;
    igraph_integer_t *group_of_comp = NULL;
    bool have_g = false, have_m = false;
    int rc = FP_OK;

    memset(&s, 0, sizeof(s));
    s.n_nodes = topo->n_nodes;
    s.n_spans = topo->n_spans;
    s.sites = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(igraph_integer_t));
    s.site_group = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(igraph_integer_t));
    s.min_delay_s = s.max_delay_s = NAN;
    for (v = 0; v < topo->n_nodes; v++) {
        if (fp_topo_is_site(topo, v)) {
            s.sites[s.n_sites++] = v;
            s.total_gpus += topo->gpus[v];
        }
    }
    s.n_transit = s.n_nodes - s.n_sites;
    s.delays_known = true;
    for (e = 0; e < topo->n_spans; e++) {
        bool lit = fp_topo_is_lit(topo, e);
        double len = topo->length_km[e];
        if (lit) {
            s.n_lit++;
            s.lit_capacity_gbps += topo->capacity_gbps[e];
            s.lit_ceiling_gbps += topo->ceiling_gbps[e];
            if (isnan(topo->delay_s[e])) {
                s.delays_known = false;
            }
        } else {
            s.n_candidate++;
            s.candidate_ceiling_gbps += topo->ceiling_gbps[e];
        }
        if (isnan(len)) {
            s.n_length_unknown++;
        } else if (lit) {
            s.route_km_lit += len;
        } else {
            s.route_km_candidate += len;
        }
    }

    rc = lit_graph(topo, &g, &w, err);
    if (rc != FP_OK) {
        goto out;
    }
    have_g = true;
    FP_IGRAPH(err, igraph_vector_int_init(&membership, 0));
    have_m = true;
    FP_IGRAPH(err, igraph_connected_components(&g, &membership, NULL, &n_comp, IGRAPH_WEAK));
    group_of_comp = fp_xcalloc((size_t)n_comp + 1, sizeof(igraph_integer_t));
    for (i = 0; i < n_comp; i++) {
        group_of_comp[i] = -1;
    }
    for (i = 0; i < s.n_sites; i++) {
        igraph_integer_t c = VECTOR(membership)[s.sites[i]];
        if (group_of_comp[c] < 0) {
            group_of_comp[c] = s.n_site_groups++;
        }
        s.site_group[i] = group_of_comp[c];
    }
    s.sites_connected = s.n_site_groups <= 1;
    if (s.delays_known && s.n_sites >= 2) {
        rc = site_delays(topo, &s, &g, &w, err);
    }
out:
    free(group_of_comp);
    if (have_m) {
        igraph_vector_int_destroy(&membership);
    }
    if (have_g) {
        igraph_destroy(&g);
        igraph_vector_destroy(&w);
    }
    if (rc == FP_OK) {
        *stats = s;
    } else {
        fp_stats_release(&s);
    }
    return rc;
}
