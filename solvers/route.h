/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: all-reduce routing LPs (MODEL.md "Demand": the tree collective). */
#ifndef FP_SOLVERS_ROUTE_H
#define FP_SOLVERS_ROUTE_H

#include <igraph.h>

#include "core/error.h"
#include "core/job.h"
#include "core/topo.h"

/* Maximum tree throughput theta (Gbit/s) for job's sites over lit spans: column generation
 * over spanning trees of the sites (pricing: minimum spanning tree on the duals of the
 * y_ab definitions) and over routing paths (pricing: shortest path on the capacity duals),
 * so the optimum equals the arc-flow optimum. *n_trees receives the number of trees with a
 * positive rate. FP_ESOFTWARE on igraph or GLPK failure. */
int fp_route_tree_theta(const struct fp_topo *topo, const struct fp_job *job, double *theta_gbps,
                        igraph_integer_t *n_trees, struct fp_error *err);

#endif
