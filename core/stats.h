/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the topology summary `check` prints: sites, spans, capacity, delays, connectivity. */
#ifndef FP_CORE_STATS_H
#define FP_CORE_STATS_H

#include <stdbool.h>

#include <igraph.h>

#include "core/error.h"
#include "core/topo.h"

struct fp_stats {
    igraph_integer_t n_nodes, n_sites, n_transit;
    igraph_integer_t n_spans, n_lit, n_candidate;
    igraph_integer_t *sites;             /* owned: the site vertices, in file order */
    long long total_gpus;
    double route_km_lit, route_km_candidate;   /* sum of known lengths */
    igraph_integer_t n_length_unknown;         /* spans whose length is unknown */
    double lit_capacity_gbps;            /* sum of lit capacity per direction */
    double lit_ceiling_gbps;             /* sum of ceilings of lit spans */
    double candidate_ceiling_gbps;       /* sum of ceilings of candidate spans */
    bool delays_known;                   /* every lit span has a delay */
    double min_delay_s, max_delay_s;     /* site-to-site shortest-path delay over lit spans */
    igraph_integer_t min_pair[2], max_pair[2];
    bool sites_connected;                /* every site reaches every other over lit spans */
    igraph_integer_t n_site_groups;      /* connected groups the sites fall into */
    igraph_integer_t *site_group;        /* owned: group of each entry of sites[] (0-based) */
};

/* Computes the summary over lit spans (candidates are not built yet).
 * Shortest-path delays use igraph's Dijkstra; connectivity its components.
 * Returns FP_ESOFTWARE on igraph failure. */
int fp_stats_compute(const struct fp_topo *topo, struct fp_stats *stats, struct fp_error *err);

/* Frees the owned arrays; accepts a zeroed struct. */
void fp_stats_release(struct fp_stats *stats);

#endif
