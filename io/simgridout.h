/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: writes a SimGrid platform (XML, version 4.1) for the job's sites. */
#ifndef FP_IO_SIMGRIDOUT_H
#define FP_IO_SIMGRIDOUT_H

#include "core/topo.h"
#include "io/resultread.h"

/* A SimGrid platform: one zone with Full routing, the n_sites sites (vertices) as hosts of
 * host_speed flop/s, each span with capacity as a SPLITDUPLEX link (bandwidth per direction in
 * Gbps, latency = its one-way delay), and one route per ordered site pair a != b: the arcs
 * routes[a * n_sites + b] (n_arcs of them; arc 2e = span e from -> to, direction UP; 2e+1 = to
 * -> from, DOWN). With res (NULL: none), planned capacities replace today's. Written with
 * libxml2. Owned: free(); NULL if libxml2 cannot allocate. */
char *fp_simgridout_dumps(const struct fp_topo *topo, const igraph_integer_t *sites, igraph_integer_t n_sites,
                          const igraph_integer_t *const *routes, const igraph_integer_t *n_arcs,
                          double host_speed, const struct fp_result_spans *res);

#endif
