/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: plan --phases as JSON (MODEL.md "Phases"; CONTRACT.md "Added in the second round"). */
#include <math.h>
#include <stdlib.h>

#include <jansson.h>

#include "core/optics.h"
#include "io/json_internal.h"
#include "io/phasesjson.h"
#include "io/resultjson.h"

static json_t *site_ids(const struct fp_topo *t, const struct fp_job *job)
{
    json_t *a = json_array();
    igraph_integer_t i;
    for (i = 0; i < job->n_sites; i++) {
        json_array_append_new(a, json_string(t->node_id[job->sites[i]]));
    }
    return a;
}

/* Under a cost model, span e's pairs in phase p of r: those it lights (pairs_lit) and those
 * lit as it ends (lit_pairs: lit before the plan and in phases 1..p; MODEL.md "Optics"). */
static void upgrade_pairs(const struct fp_topo *t, const struct fp_phase_result *r, igraph_integer_t p,
                          igraph_integer_t e, json_t *u)
{
    double lit = t->optics->lit[e];
    igraph_integer_t q;
    for (q = 0; q <= p; q++) {
        lit += r[q].pairs_lit[e];
    }
    json_object_set_new(u, "pairs_lit", json_real(r[p].pairs_lit[e]));
    json_object_set_new(u, "lit_pairs", json_real(lit));
}

/* What phase p of r adds, builds and lights, span by span. */
static json_t *upgrades(const struct fp_topo *t, const struct fp_phase_result *rs, igraph_integer_t p)
{
    const struct fp_phase_result *r = &rs[p];
    json_t *a = json_array();
    igraph_integer_t e;
    for (e = 0; e < t->n_spans; e++) {
        json_t *u;
        if (!(r->added_gbps[e] > 0.0) && !(r->build[e] > 0.0) && !(r->pairs_lit[e] > 0.0)) {
            continue;
        }
        u = json_object();
        json_object_set_new(u, "id", json_string(t->span_id[e]));
        json_object_set_new(u, "added_gbps", json_real(r->added_gbps[e]));
        json_object_set_new(u, "cost_usd", json_real(r->span_cost_usd[e]));
        json_object_set_new(u, "build", json_real(r->build[e]));
        json_object_set_new(u, "capacity_gbps", json_real(r->capacity_gbps[e]));
        if (t->optics != NULL && t->optics->mode[e] >= 0) {
            upgrade_pairs(t, rs, p, e, u);
        }
        json_array_append_new(a, u);
    }
    return a;
}

static json_t *phases_array(const struct fp_topo *t, const struct fp_phases *ph,
                            const struct fp_phase_result *r)
{
    json_t *a = json_array();
    igraph_integer_t p;
    for (p = 0; p < ph->n; p++) {
        const struct fp_phase *q = &ph->items[p];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(q->name));
        json_object_set_new(o, "year", json_real(q->year));
        json_object_set_new(o, "sites", site_ids(t, &q->job));
        json_object_set_new(o, "params", json_real(q->job.params));
        json_object_set_new(o, "weight", json_real(q->weight));
        json_object_set_new(o, "budget_usd", fp_json_num(r[p].budget_usd));
        json_object_set_new(o, "target_time_s", fp_json_num(q->target_time_s));
        json_object_set_new(o, "cost_usd", json_real(r[p].cost_usd));
        json_object_set_new(o, "discounted_usd", json_real(r[p].discounted_usd));
        json_object_set_new(o, "throughput_gbps", json_real(r[p].theta_gbps));
        json_object_set_new(o, "allreduce_s", fp_json_num(r[p].allreduce_s));
        json_object_set_new(o, "bandwidth_s", fp_json_num(r[p].bandwidth_s));
        json_object_set_new(o, "latency_s", fp_json_num(r[p].latency_s));
        json_object_set_new(o, "bound_throughput_gbps", fp_json_num(r[p].theta_lb_gbps));
        json_object_set_new(o, "bound_allreduce_s", fp_json_num(r[p].lb_allreduce_s));
        json_object_set_new(o, "required_gbps", fp_json_num(r[p].required_gbps));
        json_object_set_new(o, "met", json_boolean(r[p].met));
        json_object_set_new(o, "upgrades", upgrades(t, r, p));
        json_array_append_new(a, o);
    }
    return a;
}

/* .plan gets objective, myopic and joint_gain; .solver the joint LP's; .phases[]. */
char *fp_phasesjson_plan(const struct fp_topo *view, const struct fp_bound *b, const struct fp_phases *ph,
                         const struct fp_phases_result *res, double seconds)
{
    const struct fp_job *last = &ph->items[ph->n - 1].job;
    char *text = fp_resultjson_plan(view, last, b, &res->joint[ph->n - 1].route, &res->total, seconds);
    json_t *root = text != NULL ? json_loads(text, 0, NULL) : NULL, *plan, *sol, *my = json_object();

    free(text);
    if (root == NULL) {
        json_decref(my);
        return NULL;
    }
    plan = json_object_get(root, "plan");
    sol = json_object_get(root, "solver");
    json_object_set_new(plan, "mode", json_string(ph->target ? "target" : "budget"));
    json_object_set_new(plan, "objective", json_real(res->objective));
    json_object_set_new(plan, "lp_objective", fp_json_num(res->lp_objective));
    json_object_set_new(plan, "gap", fp_json_num(res->gap));   /* null when cut short */
    json_object_set_new(plan, "joint_gain", fp_json_num(res->joint_gain));
    json_object_set_new(my, "objective", json_real(res->myopic_objective));
    json_object_set_new(my, "phases", phases_array(view, ph, res->myopic));
    json_object_set_new(plan, "myopic", my);
    json_object_set_new(sol, "status", json_string(fp_result_status_name(res->status)));
    json_object_set_new(sol, "gap", fp_json_num(res->gap));
    json_object_set_new(sol, "columns", json_integer(res->columns));
    json_object_set_new(sol, "rounds", json_integer(res->rounds));
    json_object_set_new(sol, "lp_rows", json_integer(res->lp_rows));
    json_object_set_new(sol, "lp_cols", json_integer(res->lp_cols));
    json_object_set_new(root, "phases", phases_array(view, ph, res->joint));
    json_object_set_new(json_object_get(root, "job"), "phases_file", json_string(ph->path));
    return fp_json_dump(root);
}

char *fp_phasesjson_sweep(const struct fp_topo *view, const struct fp_bound *b, const struct fp_phases *ph,
                          const struct fp_phases_result *last, const struct fp_phases_point *pts, long n,
                          double seconds)
{
    char *text = fp_phasesjson_plan(view, b, ph, last, seconds);
    json_t *root = text != NULL ? json_loads(text, 0, NULL) : NULL, *fr;
    long i;
    free(text);
    if (root == NULL) {
        return NULL;
    }
    fr = json_array();
    for (i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "budget_usd", json_real(pts[i].budget_usd));
        json_object_set_new(o, "cost_usd", json_real(pts[i].cost_usd));
        json_object_set_new(o, "allreduce_s", fp_json_num(pts[i].weighted_s));
        json_object_set_new(o, "objective", json_real(pts[i].objective));
        json_object_set_new(o, "myopic_objective", json_real(pts[i].myopic_objective));
        json_object_set_new(o, "joint_gain", fp_json_num(pts[i].joint_gain));
        json_object_set_new(o, "status", json_string(fp_result_status_name(pts[i].status)));
        json_array_append_new(fr, o);
    }
    json_object_set_new(root, "command", json_string("sweep"));
    json_object_set_new(root, "frontier", fr);
    return fp_json_dump(root);
}
