/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the fiber-pair columns of a plan LP (MODEL.md "Optics"). */
#include <stdio.h>
#include <stdlib.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "solvers/pairs_internal.h"

/* "what(id)" or "what(id,tag)". */
static void pairs_name(char *name, size_t size, const char *what, const char *id, const char *tag)
{
    if (tag != NULL) {
        snprintf(name, size, "%s(%s,%s)", what, id, tag);
    } else {
        snprintf(name, size, "%s(%s)", what, id);
    }
}

int fp_pairs_row(struct fp_lp *lp, const struct fp_topo *t, igraph_integer_t e, const char *tag, double scale)
{
    double room = fp_optics_lit_room(t, e, 0.0);
    char name[400];
    pairs_name(name, sizeof(name), "lightable", t->span_id[e], tag);
    return fp_lp_add_row_up(lp, name, (room > 0 ? room : 0.0) / scale);
}

int fp_pairs_col(struct fp_lp *lp, const struct fp_topo *t, igraph_integer_t e, const char *tag,
                 const struct fp_pairs_rows *r, double scale, bool integer)
{
    const struct fp_optics *o = t->optics;
    int *rows = fp_xcalloc((size_t)(r->n_light + r->n_budget) + 1, sizeof(int)), i, nz = 0, col;
    double *vals = fp_xcalloc((size_t)(r->n_light + r->n_budget) + 1, sizeof(double));
    char name[400];

    for (i = 0; i < r->n_light; i++) {
        rows[nz] = r->light[i];
        vals[nz++] = -o->pair_gbps[e] / scale;
    }
    for (i = 0; i < r->n_budget; i++) {
        if (r->budget[i] != 0) {
            rows[nz] = r->budget[i];
            vals[nz++] = o->pair_usd[e];
        }
    }
    pairs_name(name, sizeof(name), "pairs", t->span_id[e], tag);
    col = fp_lp_add_col(lp, name, 0.0, nz, rows, vals);
    fp_lp_set_col_bounds(lp, col, 0.0, o->dark[e]);
    if (integer) {
        fp_lp_set_int(lp, col);
    }
    free(rows);
    free(vals);
    return col;
}

void fp_pairs_add(struct fp_lp *lp, const struct fp_topo *t, igraph_integer_t e, int add_col, double add_coef,
                  int budget_row, double scale, bool integer, int *row, int *col)
{
    struct fp_pairs_rows r;
    *row = fp_pairs_row(lp, t, e, NULL, scale);
    fp_lp_set_coef(lp, *row, add_col, add_coef);
    r.light = row;
    r.n_light = 1;
    r.budget = &budget_row;
    r.n_budget = 1;
    *col = fp_pairs_col(lp, t, e, NULL, &r, scale, integer);
}
