/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the fiber-pair columns of a plan LP (MODEL.md "Optics"), one builder for the route
 * master's plans and the workload's. */
#ifndef FP_SOLVERS_PAIRS_INTERNAL_H
#define FP_SOLVERS_PAIRS_INTERNAL_H

#include <stdbool.h>

#include <igraph.h>

#include "core/topo.h"
#include "solvers/lp.h"

/* Span e (with optics, dark pairs to light): the column pairs(e), m in [0, dark] pairs at the
 * price of lighting one (on budget_row, when not 0), integer when asked, and the row
 * lightable(e): add_coef x add - pair_gbps m <= the room on the lit pairs (never below 0),
 * capacities in units of scale Gbit/s. add_coef is what add_col's value is worth in scaled
 * Gbit/s on it. Sets *row and *col. */
void fp_pairs_add(struct fp_lp *lp, const struct fp_topo *t, igraph_integer_t e, int add_col, double add_coef,
                  int budget_row, double scale, bool integer, int *row, int *col);

#endif
