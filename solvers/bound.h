/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the all-reduce lower bound T_lb (MODEL.md "Lower bound"). */
#ifndef FP_SOLVERS_BOUND_H
#define FP_SOLVERS_BOUND_H

#include <stdbool.h>

#include <igraph.h>

#include "core/error.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"

/* Computes the bound over lit spans for job's sites: lambda_min from igraph's
 * Gomory-Hu tree over the participants (then the explicit s-t min cut for its
 * spans), the Voronoi partition (each transit node with its nearest site by
 * delay) improved by a local search (moving transit nodes, merging parts), and
 * the delay bound. Needs known delays (fp_topo_require_delays).
 * FP_EDATA when the sites are not connected by spans of positive capacity;
 * FP_ESOFTWARE on igraph failure. */
int fp_bound_compute(const struct fp_topo *topo, const struct fp_job *job, struct fp_bound *bound,
                     struct fp_error *err);

/* The bound of the network left when the spans with failed[e] are out of service (MODEL.md
 * "Failures": a scenario), as fp_bound_compute() computes it; the failed spans count as
 * unbuilt. Same return codes. */
int fp_bound_compute_failed(const struct fp_topo *topo, const struct fp_job *job, const bool *failed,
                            struct fp_bound *bound, struct fp_error *err);

/* Relative tolerance of fp_bound_binds(): column generation's epsilon is 1e-9, GLPK's
 * feasibility tolerance 1e-7 on scaled capacities. */
#define FP_BOUND_BINDS_REL 1e-6

/* Does the cut (or partition) that sets theta_lb bind at throughput theta_gbps, i.e. does
 * c(delta(Pi)) / (m - 1) equal theta to FP_BOUND_BINDS_REL (MODEL.md "Lower bound": theta <=
 * theta_lb always; equal when that cut is what limits theta)? False when theta is below it:
 * then no cut limits theta, routing does (a multi-commodity flow gap). */
bool fp_bound_binds(const struct fp_bound *bound, double theta_gbps);

/* In a Gomory-Hu tree rooted (BFS) at the first site: order and parents of the BFS, and
 * count[v] = the sites in v's subtree (count has a slot per vertex). Removing tree edge e
 * splits off the subtree of fp_gh_child(tree, parents, e) (-1 if e is not a BFS tree edge). */
int fp_gh_subtree_sites(const igraph_t *tree, const struct fp_job *job, igraph_vector_int_t *order,
                        igraph_vector_int_t *parents, igraph_integer_t *count, struct fp_error *err);
igraph_integer_t fp_gh_child(const igraph_t *tree, const igraph_vector_int_t *parents, igraph_integer_t edge);

#endif
