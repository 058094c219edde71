/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the network a myopic phase starts from, as a topology `plan` can take (MODEL.md
 * "Phases"): a candidate built in part (share Z, capacity c <= cmax Z) becomes a lit span
 * (capacity c, ceiling cmax Z) and a parallel candidate on the same route (ceiling cmax (1 - Z),
 * build cost (1 - Z) build_cost). Building a share z' of the twin gives cmax (1 - Z) z' more
 * for (1 - Z) z' build_cost: with z = (1 - Z) z', capacity c + D <= cmax (Z + z) at cost
 * build_cost z, the model's own, and parallel spans of one route carry what one span of their
 * summed capacity does. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "solvers/phases_internal.h"

#define PART 1e-12          /* a share built below this is none, above 1 - this is all */

static char *dup_or_null(const char *s)
{
    return s != NULL ? fp_xstrdup(s) : NULL;
}

/* Span e of t as span s of x, capacity cap, status st, ceiling ceil. */
static void copy_span(const struct fp_topo *t, igraph_integer_t e, struct fp_topo *x, igraph_integer_t s,
                      double cap, enum fp_span_status st, double ceil)
{
    x->length_km[s] = t->length_km[e];
    x->length_src[s] = t->length_src[e];
    x->latency_ms[s] = t->latency_ms[e];
    x->delay_s[s] = t->delay_s[e];
    x->capacity_gbps[s] = cap;
    x->capacity_given[s] = true;
    x->max_capacity_gbps[s] = ceil;
    x->fiber_pairs[s] = t->fiber_pairs[e];
    x->wavelengths[s] = t->wavelengths[e];
    x->gbps_per_wavelength[s] = t->gbps_per_wavelength[e];
    x->ceiling_gbps[s] = ceil;
    x->ceiling_given[s] = true;
    x->cost_per_gbps[s] = t->cost_per_gbps[e];
    x->module_gbps[s] = t->module_gbps[e];
    x->module_cost[s] = t->module_cost[e];
    x->build_cost[s] = t->build_cost[e];
    x->available[s] = t->available[e];
    x->status[s] = st;
    x->srlg[s] = dup_or_null(t->srlg[e]);
}

static void copy_nodes(const struct fp_topo *t, struct fp_topo *x)
{
    igraph_integer_t v;
    for (v = 0; v < t->n_nodes; v++) {
        fp_topo_add_node(x, t->node_id[v], t->node_line[v]);
        x->node_name[v] = dup_or_null(t->node_name[v]);
        x->node_type[v] = dup_or_null(t->node_type[v]);
        x->lat[v] = t->lat[v];
        x->lon[v] = t->lon[v];
        x->gpus[v] = t->gpus[v];
        x->power_mw[v] = t->power_mw[v];
        x->online[v] = t->online[v];
    }
}

/* Whether candidate e is built in part. */
static bool in_part(const struct fp_topo *t, const double *z, igraph_integer_t e)
{
    return !fp_topo_is_lit(t, e) && z[e] > PART && z[e] < 1.0 - PART;
}

/* x's optics (t's, x's spans with twin tw): the pairs st lit so far lit on span e, no longer
 * dark; a twin none lit, the rest dark (MODEL.md "Optics"). */
static void split_optics(const struct fp_topo *t, const struct phases_state *st, const igraph_integer_t *tw,
                         struct fp_topo *x)
{
    struct fp_optics *o = fp_optics_dup(t->optics, t->n_spans, x->n_spans);
    igraph_integer_t e;
    for (e = 0; e < t->n_spans; e++) {
        double m = st->pairs != NULL ? st->pairs[e] : 0.0;
        if (o->mode[e] < 0 || !(m > 0.0)) {
            continue;
        }
        o->lit[e] += m;
        o->dark[e] = fmax(0.0, o->dark[e] - m);
        o->pairs_apply[e] = o->pairs_apply[e] && o->dark[e] > 0.0;
    }
    for (e = 0; e < t->n_spans; e++) {
        if (tw[e] >= 0) {
            fp_optics_copy_span(o, tw[e], o, e);
            o->lit[tw[e]] = 0.0;
            o->pairs_apply[tw[e]] = t->optics->pairs_apply[e];
        }
    }
    x->optics = o;
}

int fp_phases_split_topo(const struct fp_topo *t, double year, const struct phases_state *st,
                         struct fp_topo *x, igraph_integer_t **twin, struct fp_error *err)
{
    const double *cap = st->cap, *z = st->z;
    igraph_integer_t e, n = 0, s;
    igraph_integer_t *tw = fp_xcalloc((size_t)t->n_spans + 1, sizeof(igraph_integer_t));
    char id[600];
    int rc;

    for (e = 0; e < t->n_spans; e++) {
        n += in_part(t, z, e);
    }
    fp_topo_init(x, t->path);
    x->name = dup_or_null(t->name);
    x->format = t->format;
    x->route_factor = t->route_factor;
    x->route_factor_used = t->route_factor_used;
    x->params = t->params;
    x->grad_bytes = t->grad_bytes;
    x->compute_time = t->compute_time;
    fp_topo_reserve(x, t->n_nodes, t->n_spans + n);
    copy_nodes(t, x);
    for (e = 0; e < t->n_spans; e++) {
        bool lit = fp_topo_is_lit(t, e) || z[e] >= 1.0 - PART || cap[e] > 0.0;
        fp_topo_add_span(x, t->span_id[e], t->span_from[e], t->span_to[e], t->span_line[e]);
        copy_span(t, e, x, e, lit ? cap[e] : 0.0, lit ? FP_SPAN_LIT : FP_SPAN_CANDIDATE,
                  in_part(t, z, e) ? fmax(cap[e], t->ceiling_gbps[e] * z[e]) : t->ceiling_gbps[e]);
        if (!fp_topo_is_lit(t, e) && t->available[e] > year) {
            x->build_cost[e] = NAN;   /* not yet: no plan can build it */
        }
        tw[e] = -1;
    }
    for (e = 0; e < t->n_spans; e++) {
        if (!in_part(t, z, e)) {
            continue;
        }
        snprintf(id, sizeof(id), "%s+", t->span_id[e]);
        s = fp_topo_add_span(x, id, t->span_from[e], t->span_to[e], t->span_line[e]);
        copy_span(t, e, x, s, 0.0, FP_SPAN_CANDIDATE, t->ceiling_gbps[e] * (1.0 - z[e]));
        x->build_cost[s] = t->build_cost[e] * (1.0 - z[e]);
        tw[e] = s;
    }
    rc = fp_topo_index_nodes(x, err);
    rc = rc == FP_OK ? fp_topo_index_spans(x, err) : rc;
    rc = rc == FP_OK ? fp_topo_build(x, err) : rc;
    if (rc == FP_OK && t->optics != NULL) {
        split_optics(t, st, tw, x);
    }
    if (rc == FP_OK) {
        *twin = tw;
    } else {
        free(tw);
        fp_topo_release(x);
    }
    return rc;
}
