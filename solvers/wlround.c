/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a workload's plan in whole modules (MODEL.md "Planning", modular; "Anytime
 * planning"): the LP relaxation's plan (each span priced per module) rounded up for a target,
 * or down with a greedy repair for a budget. The caller routes the rounded network. */
#include <math.h>
#include <stdlib.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "solvers/workload_internal.h"

#define ROUND_TOL 1e-9     /* modules this close to a whole number are that number */

/* Whole modules span e can take under its ceiling. */
static double room_modules(const struct fp_topo *t, igraph_integer_t e)
{
    double c = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
    return floor((t->ceiling_gbps[e] - c) / t->module_gbps[e] + ROUND_TOL);
}

/* Span e with n whole modules (a candidate built with its first), the plan's cost updated. */
static void set_modules(const struct fp_topo *t, struct fp_plan *p, igraph_integer_t e, double n)
{
    double c = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
    p->cost_usd -= p->span_cost_usd[e];
    p->modules[e] = n;
    p->added_gbps[e] = n * t->module_gbps[e];
    p->build[e] = !fp_topo_is_lit(t, e) && n > 0 ? 1.0 : 0.0;
    p->span_cost_usd[e] = n * t->module_cost[e] + (p->build[e] > 0 ? t->build_cost[e] : 0.0);
    if (t->optics != NULL && t->optics->pairs_apply[e]) {
        /* the fewest whole pairs that hold the modules (MODEL.md "Optics") */
        p->pairs_lit[e] = fp_optics_pairs_needed(t, e, p->added_gbps[e]);
        p->span_cost_usd[e] += p->pairs_lit[e] * t->optics->pair_usd[e];
    }
    p->planned_gbps[e] = c + p->added_gbps[e];
    p->cost_usd += p->span_cost_usd[e];
}

/* The modules the LP plan puts on span e (fractional). */
static double lp_modules(const struct fp_topo *t, const struct fp_plan *p, igraph_integer_t e)
{
    return p->added_gbps[e] / t->module_gbps[e];
}

void fp_wlround_up(const struct fp_topo *t, struct fp_plan *p)
{
    igraph_integer_t e;
    for (e = 0; e < t->n_spans; e++) {
        if (p->upgradable[e] && (p->added_gbps[e] > 0 || p->build[e] > 0)) {
            set_modules(t, p, e, fmin(ceil(lp_modules(t, p, e) - ROUND_TOL), room_modules(t, e)));
        }
    }
    p->modular = true;
}

/* The spans of the LP plan by the fraction of a module rounding down took from them, largest
 * first (a candidate not built in full: all of its modules), ties in file order. */
static const double *cut_key;

static int cmp_cut(const void *a, const void *b)
{
    igraph_integer_t x = *(const igraph_integer_t *)a, y = *(const igraph_integer_t *)b;
    if (cut_key[x] != cut_key[y]) {
        return cut_key[x] > cut_key[y] ? -1 : 1;
    }
    return x < y ? -1 : x > y;
}

void fp_wlround_down(const struct fp_topo *t, double budget_usd, struct fp_plan *p)
{
    igraph_integer_t e, i, n = 0, *order = fp_xcalloc((size_t)t->n_spans + 1, sizeof(igraph_integer_t));
    double *want = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    double *cut = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    bool added = true;

    for (e = 0; e < t->n_spans; e++) {
        double lp, down;
        if (!p->upgradable[e] || !(p->added_gbps[e] > 0 || p->build[e] > 0)) {
            continue;
        }
        lp = lp_modules(t, p, e);
        want[e] = fmin(ceil(lp - ROUND_TOL), room_modules(t, e));
        /* a candidate the LP built in part is not built: its build cost may not fit */
        down = !fp_topo_is_lit(t, e) && p->build[e] < 1.0 - ROUND_TOL ? 0.0 : floor(lp + ROUND_TOL);
        if (t->optics != NULL && t->optics->pairs_apply[e]) {
            /* no more pairs than the LP lit (whole), no more modules than they hold: never dearer
             * than the LP's plan on the span */
            down = fmin(down, fp_optics_modules_held(t, e, floor(p->pairs_lit[e] + ROUND_TOL), t->module_gbps[e]));
        }
        cut[e] = lp - down;
        set_modules(t, p, e, fmin(down, want[e]));
        order[n++] = e;
    }
    cut_key = cut;
    qsort(order, (size_t)n, sizeof(igraph_integer_t), cmp_cut);
    /* the repair: what rounding left of the budget buys back the modules it cut, one at a time
     * round the spans, most cut first, up to the LP plan's rounded up */
    while (added) {
        added = false;
        for (i = 0; i < n; i++) {
            double more;
            e = order[i];
            more = t->module_cost[e] + (p->modules[e] == 0 && !fp_topo_is_lit(t, e) ? t->build_cost[e] : 0.0);
            if (t->optics != NULL && t->optics->pairs_apply[e]) {
                more += (fp_optics_pairs_needed(t, e, (p->modules[e] + 1.0) * t->module_gbps[e]) - p->pairs_lit[e]) *
                        t->optics->pair_usd[e];
            }
            if (p->modules[e] < want[e] && p->cost_usd + more <= budget_usd) {
                set_modules(t, p, e, p->modules[e] + 1.0);
                added = true;
            }
        }
    }
    p->modular = true;
    free(order);
    free(want);
    free(cut);
}
