/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the fiber-pair columns of a plan LP (MODEL.md "Optics"). */
#include <stdio.h>

#include "core/optics.h"
#include "solvers/pairs_internal.h"

void fp_pairs_add(struct fp_lp *lp, const struct fp_topo *t, igraph_integer_t e, int add_col, double add_coef,
                  int budget_row, double scale, bool integer, int *row, int *col)
{
    const struct fp_optics *o = t->optics;
    double room = fp_optics_lit_room(t, e, 0.0);
    int rows[2], nz = 1;
    double vals[2];
    char name[160];

    snprintf(name, sizeof(name), "lightable(%s)", t->span_id[e]);
    *row = fp_lp_add_row_up(lp, name, (room > 0 ? room : 0.0) / scale);
    fp_lp_set_coef(lp, *row, add_col, add_coef);
    rows[0] = *row;
    vals[0] = -o->pair_gbps[e] / scale;
    if (budget_row != 0) {
        rows[1] = budget_row;
        vals[1] = o->pair_usd[e];
        nz = 2;
    }
    snprintf(name, sizeof(name), "pairs(%s)", t->span_id[e]);
    *col = fp_lp_add_col(lp, name, 0.0, nz, rows, vals);
    fp_lp_set_col_bounds(lp, *col, 0.0, (double)o->dark[e]);
    if (integer) {
        fp_lp_set_int(lp, *col);
    }
}
