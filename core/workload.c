/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: workload and workload result lifecycles (MODEL.md "Workloads"). */
#include <stdlib.h>
#include <string.h>

#include "core/workload.h"

void fp_workload_release(struct fp_workload *wl)
{
    igraph_integer_t i;
    if (wl == NULL) {
        return;
    }
    for (i = 0; i < wl->n_jobs; i++) {
        free(wl->jobs[i].name);
        fp_job_release(&wl->jobs[i].job);
    }
    free(wl->jobs);
    for (i = 0; i < wl->n_background; i++) {
        free(wl->background[i].id);
    }
    free(wl->background);
    free(wl->background_file);
    free(wl->path);
    memset(wl, 0, sizeof(*wl));
}

double fp_workload_background_gbps(const struct fp_workload *wl)
{
    igraph_integer_t i;
    double sum = 0.0;
    for (i = 0; i < wl->n_background; i++) {
        sum += wl->background[i].gbps;
    }
    return sum;
}

void fp_workload_result_release(struct fp_workload_result *res)
{
    igraph_integer_t i;
    if (res == NULL) {
        return;
    }
    for (i = 0; i < res->n_jobs; i++) {
        fp_result_route_release(&res->jobs[i].route);
        fp_result_route_release(&res->jobs[i].columns);
    }
    for (i = 0; i < res->n_background_columns; i++) {
        free(res->background_columns[i].arcs);
    }
    free(res->background_columns);
    free(res->jobs);
    free(res->load_gbps);
    free(res->background_gbps);
    for (i = 0; i < res->n_background_paths; i++) {
        free(res->background_paths[i].arcs);
    }
    free(res->background_paths);
    free(res->background_stop);
    free(res->dlambda_dc);
    free(res->binding);
    memset(res, 0, sizeof(*res));
}

void fp_workload_failures_release(struct fp_workload_failures *f)
{
    igraph_integer_t i, j;
    if (f == NULL) {
        return;
    }
    for (i = 0; i < f->n; i++) {
        struct fp_workload_scenario *s = &f->items[i];
        free(s->f.label);
        free(s->f.failed);
        free(s->f.cut_off);
        fp_result_route_release(s->f.route);
        free(s->f.route);
        free(s->saturated);
        for (j = 0; s->jobs != NULL && j < f->n_jobs; j++) {
            fp_result_route_release(&s->jobs[j].route);
            free(s->jobs[j].cut_off);
        }
        free(s->jobs);
    }
    free(f->items);
    fp_workload_result_release(&f->intact);
    free(f->intact_from);
    free(f->worst_job);
    memset(f, 0, sizeof(*f));
}

void fp_workload_sweep_release(struct fp_workload_sweep *s)
{
    igraph_integer_t i;
    if (s == NULL) {
        return;
    }
    for (i = 0; i < s->n; i++) {
        fp_result_plan_release(&s->points[i].p.plan);
        free(s->points[i].jobs);
    }
    free(s->points);
    fp_workload_result_release(&s->today);
    memset(s, 0, sizeof(*s));
}

void fp_workload_plan_release(struct fp_workload_plan *p)
{
    if (p == NULL) {
        return;
    }
    fp_result_plan_release(&p->plan);
    fp_workload_result_release(&p->res);
    fp_workload_failures_release(&p->survive);
    free(p->before);
    free(p->target_s);
    free(p->required_gbps);
    free(p->latency_s);
    memset(p, 0, sizeof(*p));
}

bool fp_workload_scenario_fits(const struct fp_workload_scenario *s)
{
    return s->n_background_cut == 0 && s->background_share >= 1.0;
}

bool fp_workload_job_on_span(const struct fp_workload_result *res, igraph_integer_t j,
                             igraph_integer_t e)
{
    const struct fp_route *r = &res->jobs[j].route;
    double tiny = 1e-9 * (r->theta_gbps > 1.0 ? r->theta_gbps : 1.0);
    return r->load_gbps != NULL && (r->load_gbps[2 * e] > tiny || r->load_gbps[2 * e + 1] > tiny);
}
