/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: result struct lifecycles. */
#include <stdlib.h>
#include <string.h>

#include "core/result.h"

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
