/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: result struct lifecycles. */
#include <stdlib.h>
#include <string.h>

#include "core/farm.h"
#include "core/result.h"
#include "core/xalloc.h"

void fp_result_bound_release(struct fp_bound *bound)
{
    if (bound == NULL) {
        return;
    }
    free(bound->min_cut_spans);
    free(bound->part_of);
    free(bound->cut_spans);
    memset(bound, 0, sizeof(*bound));
}

void fp_result_route_release(struct fp_route *route)
{
    igraph_integer_t i;
    if (route == NULL) {
        return;
    }
    for (i = 0; i < route->n_trees; i++) {
        free(route->trees[i].edges);
    }
    free(route->trees);
    free(route->ring_order);
    free(route->load_gbps);
    free(route->dtheta_dc);
    free(route->marginal_s_per_gbps);
    free(route->marginal_group);
    for (i = 0; i < route->n_paths; i++) {
        free(route->paths[i].arcs);
    }
    free(route->paths);
    memset(route, 0, sizeof(*route));
}

const char *fp_result_collective_name(enum fp_collective c)
{
    static const char *const names[] = {"tree", "ring", "direct", "demands"};
    return names[c];
}

const char *fp_result_status_name(enum fp_status s)
{
    static const char *const names[] = {"optimal", "time_limit", "feasible"};
    return names[s];
}

void fp_result_plan_alloc(struct fp_plan *plan, igraph_integer_t n)
{
    igraph_integer_t e;
    plan->upgradable = fp_xcalloc((size_t)n + 1, sizeof(bool));
    plan->added_gbps = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->modules = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->build = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->span_cost_usd = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->pairs_lit = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->planned_gbps = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->seconds_per_usd = fp_xcalloc((size_t)n + 1, sizeof(double));
    for (e = 0; e < n; e++) {
        plan->seconds_per_usd[e] = NAN;
    }
    plan->cost_usd = 0.0;
}

void fp_result_plan_nothing(const struct fp_topo *t, struct fp_plan *p)
{
    igraph_integer_t e;
    for (e = 0; e < t->n_spans; e++) {
        p->added_gbps[e] = p->modules[e] = p->build[e] = p->span_cost_usd[e] = p->pairs_lit[e] = 0.0;
        p->planned_gbps[e] = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
    }
    p->cost_usd = 0.0;
}

void fp_result_plan_release(struct fp_plan *plan)
{
    if (plan == NULL) {
        return;
    }
    free(plan->upgradable);
    free(plan->added_gbps);
    free(plan->modules);
    free(plan->build);
    free(plan->span_cost_usd);
    free(plan->pairs_lit);
    free(plan->planned_gbps);
    free(plan->seconds_per_usd);
    free(plan->next_group);
    fp_result_failures_release(&plan->survive);
    memset(plan, 0, sizeof(*plan));
}

bool fp_result_plan_built(const struct fp_topo *topo, const struct fp_plan *plan, igraph_integer_t e)
{
    return fp_topo_is_lit(topo, e) || plan->planned_gbps[e] > 0.0;
}

void fp_result_failures_release(struct fp_failures *f)
{
    igraph_integer_t i;
    if (f == NULL) {
        return;
    }
    for (i = 0; i < f->n; i++) {
        free(f->items[i].label);
        free(f->items[i].failed);
        free(f->items[i].cut_off);
        fp_result_route_release(f->items[i].route);
        free(f->items[i].route);
    }
    free(f->items);
    free(f->intact_from);
    memset(f, 0, sizeof(*f));
}

void fp_result_sweep_release(struct fp_sweep *s)
{
    igraph_integer_t i;
    if (s == NULL) {
        return;
    }
    for (i = 0; i < s->n; i++) {
        fp_result_plan_release(&s->points[i].plan);
    }
    free(s->points);
    memset(s, 0, sizeof(*s));
}

#define ROUTE_SCALARS 9

/* The scalars of a route, in one order for save and load. */
static void route_scalars(struct fp_route *r, double *slot[ROUTE_SCALARS])
{
    slot[0] = &r->theta_gbps;
    slot[1] = &r->allreduce_s;
    slot[2] = &r->bandwidth_s;
    slot[3] = &r->latency_s;
    slot[4] = &r->lower_bound_ratio;
    slot[5] = &r->alpha_s;
    slot[6] = &r->slowest_hop_s;
    slot[7] = &r->gap;
    slot[8] = &r->upper_bound_gbps;
}

void fp_result_route_save(const struct fp_route *route, struct fp_buf *b)
{
    struct fp_route r = *route;
    double *slot[ROUTE_SCALARS];
    size_t i;
    int head[2] = {(int)route->algorithm, (int)route->status};
    igraph_integer_t t, p;
    route_scalars(&r, slot);
    fp_buf_put(b, head, sizeof(head));
    for (i = 0; i < ROUTE_SCALARS; i++) {
        fp_buf_put(b, slot[i], sizeof(double));
    }
    fp_buf_put(b, &route->n_trees, sizeof(igraph_integer_t));
    for (t = 0; t < route->n_trees; t++) {
        const struct fp_tree *tr = &route->trees[t];
        fp_buf_put(b, &tr->rate_gbps, sizeof(double));
        fp_buf_put(b, &tr->depth_s, sizeof(double));
        fp_buf_put(b, &tr->root, sizeof(igraph_integer_t));
        fp_buf_put(b, &tr->n_edges, sizeof(igraph_integer_t));
        fp_buf_put(b, tr->edges, (size_t)(2 * tr->n_edges) * sizeof(igraph_integer_t));
    }
    fp_buf_put(b, &route->n_ring, sizeof(igraph_integer_t));
    fp_buf_put(b, route->ring_order, (size_t)route->n_ring * sizeof(igraph_integer_t));
    fp_buf_put(b, &route->n_paths, sizeof(igraph_integer_t));
    for (p = 0; p < route->n_paths; p++) {
        const struct fp_flow_path *fp = &route->paths[p];
        fp_buf_put(b, &fp->src, sizeof(igraph_integer_t));
        fp_buf_put(b, &fp->dst, sizeof(igraph_integer_t));
        fp_buf_put(b, &fp->gbps, sizeof(double));
        fp_buf_put(b, &fp->delay_s, sizeof(double));
        fp_buf_put(b, &fp->n_arcs, sizeof(igraph_integer_t));
        fp_buf_put(b, fp->arcs, (size_t)fp->n_arcs * sizeof(igraph_integer_t));
    }
}

/* n igraph integers (owned, into *v). */
static bool get_ints(const struct fp_buf *b, size_t *pos, igraph_integer_t n, igraph_integer_t **v)
{
    *v = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    return fp_buf_get(b, pos, *v, (size_t)n * sizeof(igraph_integer_t));
}

static bool get_count(const struct fp_buf *b, size_t *pos, igraph_integer_t *n)
{
    /* every element holds at least one byte: a count beyond what is left is corrupt */
    return fp_buf_get(b, pos, n, sizeof(*n)) && *n >= 0 && (size_t)*n <= b->len - *pos;
}

static bool load_trees(const struct fp_buf *b, size_t *pos, struct fp_route *r)
{
    igraph_integer_t t, n;
    bool ok = get_count(b, pos, &n);
    r->trees = fp_xcalloc(ok ? (size_t)n + 1 : 1, sizeof(struct fp_tree));
    for (t = 0; ok && t < n; t++) {
        struct fp_tree *tr = &r->trees[t];
        r->n_trees++;
        ok = fp_buf_get(b, pos, &tr->rate_gbps, sizeof(double)) &&
             fp_buf_get(b, pos, &tr->depth_s, sizeof(double)) &&
             fp_buf_get(b, pos, &tr->root, sizeof(igraph_integer_t)) && get_count(b, pos, &tr->n_edges) &&
             get_ints(b, pos, 2 * tr->n_edges, &tr->edges);
    }
    return ok;
}

static bool load_paths(const struct fp_buf *b, size_t *pos, struct fp_route *r)
{
    igraph_integer_t p, n;
    bool ok = get_count(b, pos, &n);
    r->paths = fp_xcalloc(ok ? (size_t)n + 1 : 1, sizeof(struct fp_flow_path));
    for (p = 0; ok && p < n; p++) {
        struct fp_flow_path *fp = &r->paths[p];
        r->n_paths++;
        ok = fp_buf_get(b, pos, &fp->src, sizeof(igraph_integer_t)) &&
             fp_buf_get(b, pos, &fp->dst, sizeof(igraph_integer_t)) &&
             fp_buf_get(b, pos, &fp->gbps, sizeof(double)) && fp_buf_get(b, pos, &fp->delay_s, sizeof(double)) &&
             get_count(b, pos, &fp->n_arcs) && get_ints(b, pos, fp->n_arcs, &fp->arcs);
    }
    return ok;
}

bool fp_result_route_load(const struct fp_buf *b, size_t *pos, struct fp_route *route)
{
    struct fp_route r;
    double *slot[ROUTE_SCALARS];
    size_t i;
    int head[2];
    bool ok;

    memset(&r, 0, sizeof(r));
    route_scalars(&r, slot);
    ok = fp_buf_get(b, pos, head, sizeof(head)) && head[0] >= FP_COLL_TREE && head[0] <= FP_COLL_DEMANDS &&
         head[1] >= FP_STATUS_OPTIMAL && head[1] <= FP_STATUS_FEASIBLE;
    for (i = 0; ok && i < ROUTE_SCALARS; i++) {
        ok = fp_buf_get(b, pos, slot[i], sizeof(double));
    }
    ok = ok && load_trees(b, pos, &r) && get_count(b, pos, &r.n_ring) && get_ints(b, pos, r.n_ring, &r.ring_order) &&
         load_paths(b, pos, &r);
    if (ok) {
        r.algorithm = (enum fp_collective)head[0];
        r.status = (enum fp_status)head[1];
        *route = r;
    } else {
        fp_result_route_release(&r);
    }
    return ok;
}

void fp_result_route_copy(const struct fp_route *src, struct fp_route *dst)
{
    struct fp_buf b;
    size_t pos = 0;
    memset(&b, 0, sizeof(b));
    fp_result_route_save(src, &b);
    if (!fp_result_route_load(&b, &pos, dst)) {
        memset(dst, 0, sizeof(*dst));   /* cannot happen: the bytes were just written */
    }
    fp_buf_release(&b);
}
