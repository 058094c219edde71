/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: one route per site pair, the shortest by delay (what a single-path network such
 * as SimGrid's, or a plain IGP, would use). */
#ifndef FP_SOLVERS_PATHS_H
#define FP_SOLVERS_PATHS_H

#include <igraph.h>

#include "core/error.h"
#include "core/job.h"
#include "core/topo.h"

/* Per ordered pair of the job's sites (a, b): the arcs of its route (arc 2e = span e from ->
 * to, 2e+1 = to -> from), index a * k + b; a == b is empty. */
struct fp_pair_routes {
    igraph_integer_t k;
    igraph_integer_t **arcs;     /* owned: k * k arrays */
    igraph_integer_t *n_arcs;    /* owned */
};

/* The least-delay route between every ordered pair of the job's sites over the spans with
 * capacity: capacity_gbps[e] (NULL: lit spans' capacity_gbps). FP_EDATA (naming the pair)
 * when a site cannot reach another; FP_ESOFTWARE on igraph failure. */
int fp_paths_shortest(const struct fp_topo *topo, const struct fp_job *job, const double *capacity_gbps,
                      struct fp_pair_routes *out, struct fp_error *err);

void fp_paths_release(struct fp_pair_routes *r);

#endif
