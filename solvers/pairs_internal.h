/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the fiber-pair columns of a plan LP (MODEL.md "Optics"), one builder for the route
 * master's plans, the workload's and the phases' joint LP. */
#ifndef FP_SOLVERS_PAIRS_INTERNAL_H
#define FP_SOLVERS_PAIRS_INTERNAL_H

#include <stdbool.h>

#include <igraph.h>

#include "core/topo.h"
#include "solvers/lp.h"

/* Span e (with optics, dark pairs to light): the row lightable(e), or lightable(e,tag) when tag
 * is not NULL, bounded by the room on its lit pairs (never below 0) in units of scale Gbit/s;
 * the caller puts the added capacity on it. Returns the row. */
int fp_pairs_row(struct fp_lp *lp, const struct fp_topo *t, igraph_integer_t e, const char *tag,
                 double scale);

/* The rows a column pairs(e) sits on. */
struct fp_pairs_rows {
    const int *light;              /* lightable rows it frees pair_gbps of room on */
    int n_light;
    const int *budget;             /* budget rows it pays the price of lighting a pair on (0: none) */
    int n_budget;
};

/* Span e's column pairs(e), or pairs(e,tag): m in [0, dark] pairs lit, -pair_gbps / scale on
 * each of r's lightable rows, the price of lighting one on each of its budget rows, integer
 * when asked. Returns the column. */
int fp_pairs_col(struct fp_lp *lp, const struct fp_topo *t, igraph_integer_t e, const char *tag,
                 const struct fp_pairs_rows *r, double scale, bool integer);

/* Span e (with optics, dark pairs to light): the column pairs(e), m in [0, dark] pairs at the
 * price of lighting one (on budget_row, when not 0), integer when asked, and the row
 * lightable(e): add_coef x add - pair_gbps m <= the room on the lit pairs (never below 0),
 * capacities in units of scale Gbit/s. add_coef is what add_col's value is worth in scaled
 * Gbit/s on it. Sets *row and *col. */
void fp_pairs_add(struct fp_lp *lp, const struct fp_topo *t, igraph_integer_t e, int add_col, double add_coef,
                  int budget_row, double scale, bool integer, int *row, int *col);

#endif
