/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: result structs the solvers fill and the writers print (MODEL.md quantities). */
#ifndef FP_CORE_RESULT_H
#define FP_CORE_RESULT_H

#include <igraph.h>

/* The all-reduce lower bound (MODEL.md "Lower bound"). */
struct fp_bound {
    /* cut bound (m = 2): min over site pairs of the per-direction max-flow */
    double lambda_min_gbps;
    igraph_integer_t lambda_pair[2];       /* two sites the min cut separates */
    igraph_integer_t *min_cut_spans;       /* owned: spans of that cut */
    igraph_integer_t n_min_cut_spans;
    /* best partition bound: theta_lb = c(delta(Pi)) / (m - 1), <= lambda_min */
    double theta_lb_gbps;
    igraph_integer_t parts;                /* m of the partition that sets theta_lb */
    igraph_integer_t *part_of;             /* owned: per vertex, its part (0..parts-1) */
    igraph_integer_t *cut_spans;           /* owned: spans between parts of that partition */
    igraph_integer_t n_cut_spans;
    double cut_capacity_gbps;              /* c(delta(Pi)) of that partition */
    igraph_integer_t voronoi_parts;        /* m of the Voronoi partition before local search */
    double voronoi_theta_gbps;             /* its bound c(delta)/(m-1) */
    /* delay bound: the longest shortest-path delay between two sites */
    double delay_bound_s;
    igraph_integer_t delay_pair[2];
    /* T_lb = max(8 S / (theta_lb 1e9), delay bound) */
    double bandwidth_s;
    double allreduce_s;
};

/* Frees the owned arrays; accepts a zeroed struct. */
void fp_result_bound_release(struct fp_bound *bound);

#endif
