/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: result JSON writer (CONTRACT.md "JSON result", schema fiberplan.result/1). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "io/json_internal.h"
#include "io/resultjson.h"

#ifndef FP_VERSION
#define FP_VERSION "unknown"
#endif

static const char *format_name(enum fp_topo_format f)
{
    switch (f) {
    case FP_FORMAT_SNDLIB_XML:
        return "sndlib-xml";
    case FP_FORMAT_SNDLIB_NATIVE:
        return "sndlib-native";
    default:
        return "graphml";
    }
}

static json_t *ids(const struct fp_topo *topo, const igraph_integer_t *v, igraph_integer_t n)
{
    json_t *a = json_array();
    igraph_integer_t i;
    for (i = 0; i < n; i++) {
        json_array_append_new(a, json_string(topo->node_id[v[i]]));
    }
    return a;
}

static json_t *span_ids(const struct fp_topo *topo, const igraph_integer_t *e, igraph_integer_t n)
{
    json_t *a = json_array();
    igraph_integer_t i;
    for (i = 0; i < n; i++) {
        json_array_append_new(a, json_string(topo->span_id[e[i]]));
    }
    return a;
}

/* .topology, .job and .solver: present in every result. sites are the job's participants
 * (for check: the datacenters); params and compute_time may be NAN (null). */
static json_t *common(const char *command, const struct fp_topo *topo, const igraph_integer_t *sites,
                      igraph_integer_t n_sites, double params, double grad, double compute_time,
                      double seconds)
{
    json_t *root = json_object(), *t = json_object(), *job = json_object(), *sol = json_object();

    json_object_set_new(root, "schema", json_string("fiberplan.result/1"));
    json_object_set_new(root, "command", json_string(command));
    json_object_set_new(root, "generator", json_string("fiberplan " FP_VERSION));

    json_object_set_new(t, "name", topo->name != NULL ? json_string(topo->name) : json_null());
    json_object_set_new(t, "file", json_string(topo->path));
    json_object_set_new(t, "format", json_string(format_name(topo->format)));
    json_object_set_new(t, "nodes", json_integer(topo->n_nodes));
    json_object_set_new(t, "spans", json_integer(topo->n_spans));
    json_object_set_new(t, "sites", ids(topo, sites, n_sites));
    json_object_set_new(root, "topology", t);

    json_object_set_new(job, "params", fp_json_num(params));
    json_object_set_new(job, "grad_bytes", json_real(grad));
    json_object_set_new(job, "gradient_bytes", fp_json_num(params * grad));
    json_object_set_new(job, "compute_time_s", fp_json_num(compute_time));
    json_object_set_new(job, "sites", ids(topo, sites, n_sites));
    json_object_set_new(root, "job", job);

    json_object_set_new(sol, "status", json_string("optimal"));
    json_object_set_new(sol, "seconds", json_real(seconds));
    json_object_set_new(sol, "gap", json_real(0.0));
    json_object_set_new(root, "solver", sol);
    return root;
}

static json_t *pair(const struct fp_topo *topo, const igraph_integer_t *p, double delay_s)
{
    json_t *o = json_object(), *a = json_array();
    json_array_append_new(a, json_string(topo->node_id[p[0]]));
    json_array_append_new(a, json_string(topo->node_id[p[1]]));
    json_object_set_new(o, "sites", a);
    json_object_set_new(o, "delay_ms", fp_json_num(delay_s * 1e3));
    return o;
}

/* .check.nodes[]: every node in file order (`check --nodes`). */
static json_t *node_list(const struct fp_topo *topo)
{
    json_t *a = json_array();
    igraph_integer_t *deg = fp_topo_degrees(topo), v;
    for (v = 0; v < topo->n_nodes; v++) {
        json_t *n = json_object();
        json_object_set_new(n, "id", json_string(topo->node_id[v]));
        json_object_set_new(n, "label", topo->node_name[v] != NULL ? json_string(topo->node_name[v])
                                                                   : json_null());
        json_object_set_new(n, "type", topo->node_type[v] != NULL ? json_string(topo->node_type[v])
                                                                  : json_null());
        json_object_set_new(n, "degree", json_integer(deg[v]));
        json_object_set_new(n, "gpus", json_integer(topo->gpus[v]));
        json_object_set_new(n, "lat", fp_json_num(topo->lat[v]));
        json_object_set_new(n, "lon", fp_json_num(topo->lon[v]));
        json_array_append_new(a, n);
    }
    free(deg);
    return a;
}

/* .check.optics under --cost-model: the model and, per span, its mode, wavelengths per pair,
 * pairs, ceiling and prices (MODEL.md "Optics"). */
static json_t *check_optics(const struct fp_topo *topo)
{
    const struct fp_optics *o = topo->optics;
    json_t *x = json_object(), *spans = json_array();
    igraph_integer_t e;
    json_object_set_new(x, "cost_model", json_string(o->model.source));
    json_object_set_new(x, "regenerate", json_boolean(o->regenerate));
    for (e = 0; e < topo->n_spans; e++) {
        json_t *sp = json_object();
        bool known = o->mode[e] >= 0;
        json_object_set_new(sp, "id", json_string(topo->span_id[e]));
        json_object_set_new(sp, "length_km", fp_json_num(topo->length_km[e]));
        json_object_set_new(sp, "mode", known ? json_string(o->model.modes[o->mode[e]].name) : json_null());
        json_object_set_new(sp, "gbps_per_wavelength",
                            known ? json_real(o->pair_gbps[e] / (double)o->wl_per_pair[e]) : json_null());
        json_object_set_new(sp, "wavelengths_per_pair", known ? json_integer(o->wl_per_pair[e]) : json_null());
        json_object_set_new(sp, "lit_pairs", known ? json_integer((json_int_t)o->lit[e]) : json_null());
        json_object_set_new(sp, "dark_pairs", known ? json_integer((json_int_t)o->dark[e]) : json_null());
        json_object_set_new(sp, "ceiling_gbps", fp_json_num(topo->ceiling_gbps[e]));
        json_object_set_new(sp, "usd_per_wavelength", fp_json_num(topo->module_cost[e]));
        json_object_set_new(sp, "pair_cost_usd", known ? json_real(o->pair_usd[e]) : json_null());
        json_object_set_new(sp, "amplifiers_per_pair", known ? json_integer(o->ilas[e]) : json_null());
        json_object_set_new(sp, "regenerated_sections", known ? json_integer(o->segments[e]) : json_null());
        json_array_append_new(spans, sp);
    }
    json_object_set_new(x, "spans", spans);
    return x;
}

char *fp_resultjson_check(const struct fp_topo *topo, const struct fp_stats *stats,
                          bool with_nodes, double seconds)
{
    json_t *root = common("check", topo, stats->sites, stats->n_sites, topo->params,
                          isnan(topo->grad_bytes) ? FP_DEFAULT_GRAD_BYTES : topo->grad_bytes,
                          topo->compute_time, seconds);
    json_t *c = json_object(), *sites = json_array(), *warn = json_array(), *groups;
    json_t *spans = json_object(), *km = json_object(), *cap = json_object(), *delay;
    igraph_integer_t i, g;

    json_object_set_new(c, "transit_nodes", json_integer(stats->n_transit));
    for (i = 0; i < stats->n_sites; i++) {
        igraph_integer_t v = stats->sites[i];
        json_t *s = json_object();
        json_object_set_new(s, "id", json_string(topo->node_id[v]));
        json_object_set_new(s, "name",
                            topo->node_name[v] != NULL ? json_string(topo->node_name[v]) : json_null());
        json_object_set_new(s, "gpus", json_integer(topo->gpus[v]));
        json_object_set_new(s, "lat", fp_json_num(topo->lat[v]));
        json_object_set_new(s, "lon", fp_json_num(topo->lon[v]));
        json_array_append_new(sites, s);
    }
    json_object_set_new(c, "sites", sites);
    json_object_set_new(c, "gpus", json_integer(stats->total_gpus));
    if (with_nodes) {
        json_object_set_new(c, "nodes", node_list(topo));
    }

    json_object_set_new(spans, "lit", json_integer(stats->n_lit));
    json_object_set_new(spans, "candidate", json_integer(stats->n_candidate));
    json_object_set_new(c, "spans", spans);
    json_object_set_new(km, "lit", json_real(stats->route_km_lit));
    json_object_set_new(km, "candidate", json_real(stats->route_km_candidate));
    json_object_set_new(km, "unknown_spans", json_integer(stats->n_length_unknown));
    json_object_set_new(c, "route_km", km);
    json_object_set_new(cap, "lit_gbps", json_real(stats->lit_capacity_gbps));
    json_object_set_new(cap, "lit_ceiling_gbps", json_real(stats->lit_ceiling_gbps));
    json_object_set_new(cap, "candidate_ceiling_gbps", json_real(stats->candidate_ceiling_gbps));
    json_object_set_new(c, "capacity", cap);

    if (stats->delays_known && !isnan(stats->min_delay_s)) {
        delay = json_object();
        json_object_set_new(delay, "min", pair(topo, stats->min_pair, stats->min_delay_s));
        json_object_set_new(delay, "max", pair(topo, stats->max_pair, stats->max_delay_s));
    } else {
        delay = json_null();
    }
    json_object_set_new(c, "site_delay", delay);

    json_object_set_new(c, "sites_connected", json_boolean(stats->sites_connected));
    groups = json_array();
    for (g = 0; g < stats->n_site_groups; g++) {
        json_t *grp = json_array();
        for (i = 0; i < stats->n_sites; i++) {
            if (stats->site_group[i] == g) {
                json_array_append_new(grp, json_string(topo->node_id[stats->sites[i]]));
            }
        }
        json_array_append_new(groups, grp);
    }
    json_object_set_new(c, "site_groups", groups);
    for (i = 0; i < topo->n_warnings; i++) {
        json_array_append_new(warn, json_string(topo->warnings[i]));
    }
    json_object_set_new(c, "warnings", warn);
    if (topo->optics != NULL) {
        json_object_set_new(c, "optics", check_optics(topo));
    }
    json_object_set_new(root, "check", c);
    return fp_json_dump(root);
}

static json_t *bound_object(const struct fp_topo *topo, const struct fp_bound *b)
{
    json_t *o = json_object(), *parts = json_array(), *pair = json_array(), *dpair = json_array();
    igraph_integer_t p, v;

    json_object_set_new(o, "min_cut_gbps", json_real(b->lambda_min_gbps));
    json_object_set_new(o, "throughput_gbps", json_real(b->theta_lb_gbps));
    json_object_set_new(o, "allreduce_s", json_real(b->allreduce_s));
    json_object_set_new(o, "cut", span_ids(topo, b->cut_spans, b->n_cut_spans));
    json_object_set_new(o, "bandwidth_s", json_real(b->bandwidth_s));
    json_object_set_new(o, "delay_s", json_real(b->delay_bound_s));
    json_array_append_new(dpair, json_string(topo->node_id[b->delay_pair[0]]));
    json_array_append_new(dpair, json_string(topo->node_id[b->delay_pair[1]]));
    json_object_set_new(o, "delay_sites", dpair);
    json_object_set_new(o, "min_cut_spans", span_ids(topo, b->min_cut_spans, b->n_min_cut_spans));
    json_array_append_new(pair, json_string(topo->node_id[b->lambda_pair[0]]));
    json_array_append_new(pair, json_string(topo->node_id[b->lambda_pair[1]]));
    json_object_set_new(o, "min_cut_sites", pair);
    json_object_set_new(o, "set_by", json_string(b->parts == 2 ? "cut" : "partition"));
    json_object_set_new(o, "cut_capacity_gbps", json_real(b->cut_capacity_gbps));
    for (p = 0; p < b->parts; p++) {
        json_t *part = json_array();
        for (v = 0; v < topo->n_nodes; v++) {
            if (b->part_of[v] == p) {
                json_array_append_new(part, json_string(topo->node_id[v]));
            }
        }
        json_array_append_new(parts, part);
    }
    json_object_set_new(o, "partition", parts);
    json_object_set_new(o, "voronoi_parts", json_integer(b->voronoi_parts));
    json_object_set_new(o, "voronoi_throughput_gbps", json_real(b->voronoi_theta_gbps));
    return o;
}

static json_t *pair_of(const struct fp_topo *topo, igraph_integer_t a, igraph_integer_t b)
{
    json_t *p = json_array();
    json_array_append_new(p, json_string(topo->node_id[a]));
    json_array_append_new(p, json_string(topo->node_id[b]));
    return p;
}

static json_t *collective_object(const struct fp_topo *topo, const struct fp_route *r)
{
    json_t *o = json_object(), *paths = json_array();
    igraph_integer_t i, j;
    bool demands = r->algorithm == FP_COLL_DEMANDS;

    json_object_set_new(o, "algorithm", json_string(fp_result_collective_name(r->algorithm)));
    json_object_set_new(o, "throughput_gbps", json_real(r->theta_gbps));
    json_object_set_new(o, "allreduce_s", fp_json_num(r->allreduce_s));
    json_object_set_new(o, "bandwidth_s", fp_json_num(r->bandwidth_s));
    json_object_set_new(o, "latency_s", fp_json_num(r->latency_s));
    json_object_set_new(o, "lower_bound_ratio", fp_json_num(r->lower_bound_ratio));
    json_object_set_new(o, "alpha_s", json_real(r->alpha_s));
    if (r->n_marginal_group > 0) {
        json_t *g = json_object();
        json_object_set_new(g, "spans", span_ids(topo, r->marginal_group, r->n_marginal_group));
        json_object_set_new(g, "throughput_gain_per_gbps", json_real(r->marginal_group_dtheta_dc));
        json_object_set_new(g, "marginal_s_per_gbps", json_real(r->marginal_group_s_per_gbps));
        json_object_set_new(o, "marginal_group", g);
    }
    if (demands) {
        json_object_set_new(o, "max_utilization", fp_json_num(1.0 / r->theta_gbps));
    }
    if (r->algorithm == FP_COLL_TREE) {
        json_t *trees = json_array();
        for (i = 0; i < r->n_trees; i++) {
            const struct fp_tree *t = &r->trees[i];
            json_t *to = json_object(), *edges = json_array();
            for (j = 0; j < t->n_edges; j++) {
                json_array_append_new(edges, pair_of(topo, t->edges[2 * j], t->edges[2 * j + 1]));
            }
            json_object_set_new(to, "rate_gbps", json_real(t->rate_gbps));
            json_object_set_new(to, "share", json_real(t->rate_gbps / r->theta_gbps));
            json_object_set_new(to, "root", json_string(topo->node_id[t->root]));
            json_object_set_new(to, "depth_s", json_real(t->depth_s));
            json_object_set_new(to, "edges", edges);
            json_array_append_new(trees, to);
        }
        json_object_set_new(o, "trees", trees);
    }
    if (r->algorithm == FP_COLL_RING) {
        json_object_set_new(o, "ring_order", ids(topo, r->ring_order, r->n_ring));
    }
    if (r->algorithm == FP_COLL_RING || r->algorithm == FP_COLL_DIRECT) {
        json_object_set_new(o, "slowest_hop_s", json_real(r->slowest_hop_s));
    }
    for (i = 0; i < r->n_paths; i++) {
        const struct fp_flow_path *p = &r->paths[i];
        json_t *po = json_object(), *spans = json_array();
        for (j = 0; j < p->n_arcs; j++) {
            json_array_append_new(spans, json_string(topo->span_id[p->arcs[j] / 2]));
        }
        json_object_set_new(po, "source", json_string(topo->node_id[p->src]));
        json_object_set_new(po, "target", json_string(topo->node_id[p->dst]));
        json_object_set_new(po, "gbps", json_real(p->gbps));
        json_object_set_new(po, "delay_s", json_real(p->delay_s));
        json_object_set_new(po, "spans", spans);
        json_array_append_new(paths, po);
    }
    json_object_set_new(o, "paths", paths);
    return o;
}

static json_t *links_array(const struct fp_topo *topo, const struct fp_route *r,
                           const struct fp_plan *plan)
{
    json_t *a = json_array();
    igraph_integer_t e;
    for (e = 0; e < topo->n_spans; e++) {
        json_t *l = json_object(), *load = json_array();
        double c = plan != NULL ? plan->planned_gbps[e]
                                : fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0;
        double fw = r->load_gbps[2 * e], bw = r->load_gbps[2 * e + 1];
        json_object_set_new(l, "id", json_string(topo->span_id[e]));
        json_object_set_new(l, "source", json_string(topo->node_id[topo->span_from[e]]));
        json_object_set_new(l, "target", json_string(topo->node_id[topo->span_to[e]]));
        json_object_set_new(l, "status", json_string(fp_topo_is_lit(topo, e) ? "lit"
                                                     : plan != NULL && plan->build[e] > 0.5 ? "built"
                                                                                            : "candidate"));
        json_object_set_new(l, "capacity_gbps", json_real(c));
        json_array_append_new(load, json_real(fw));
        json_array_append_new(load, json_real(bw));
        json_object_set_new(l, "load_gbps", load);
        json_object_set_new(l, "utilization", c > 0 ? json_real((fw > bw ? fw : bw) / c) : json_null());
        json_object_set_new(l, "marginal_s_per_gbps",
                            r->algorithm == FP_COLL_DEMANDS ? json_null()
                                                            : json_real(r->marginal_s_per_gbps[e]));
        json_object_set_new(l, "throughput_gain_per_gbps", json_real(r->dtheta_dc[e]));
        json_array_append_new(a, l);
    }
    return a;
}

char *fp_resultjson_route(const struct fp_topo *topo, const struct fp_job *job,
                          const struct fp_bound *bound, const struct fp_route *routes,
                          int n_routes, int best, const char *formulation, double seconds)
{
    json_t *root = common("route", topo, job->sites, job->n_sites, job->params, job->grad_bytes,
                          job->compute_time, seconds);
    json_t *sol = json_object_get(root, "solver");
    enum fp_status status = FP_STATUS_OPTIMAL;
    double gap = 0.0;
    long columns = 0;
    int i;

    for (i = 0; i < n_routes; i++) {
        if (routes[i].status != FP_STATUS_OPTIMAL) {
            status = routes[i].status;
        }
        if (!(routes[i].gap <= gap)) {
            gap = routes[i].gap;   /* NAN (unknown) wins */
        }
        columns += routes[i].columns;
    }
    json_object_set_new(sol, "status", json_string(fp_result_status_name(status)));
    json_object_set_new(sol, "gap", fp_json_num(gap));
    json_object_set_new(sol, "formulation", json_string(formulation));
    json_object_set_new(sol, "columns", json_integer(columns));
    json_object_set_new(sol, "lp_rows", json_integer(routes[best].lp_rows));
    json_object_set_new(sol, "lp_cols", json_integer(routes[best].lp_cols));
    json_object_set_new(sol, "lp_scale_gbps", json_real(routes[best].lp_scale_gbps));
    if (bound != NULL) {
        json_object_set_new(root, "bound", bound_object(topo, bound));
    }
    json_object_set_new(root, "collective", collective_object(topo, &routes[best]));
    if (n_routes > 1) {
        json_t *all = json_array();
        for (i = 0; i < n_routes; i++) {
            json_array_append_new(all, collective_object(topo, &routes[i]));
        }
        json_object_set_new(root, "collectives", all);
    }
    json_object_set_new(root, "links", links_array(topo, &routes[best], NULL));
    return fp_json_dump(root);
}

/* One failure scenario: {label, failed, allreduce_s, throughput_gbps, disconnected, cut_off,
 * not_built}. */
static json_t *failure_object(const struct fp_topo *topo, const struct fp_failure *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "label", json_string(s->label));
    json_object_set_new(o, "failed", span_ids(topo, s->failed, s->n_failed));
    json_object_set_new(o, "allreduce_s", fp_json_num(s->allreduce_s));
    json_object_set_new(o, "throughput_gbps", json_real(s->theta_gbps));
    json_object_set_new(o, "disconnected", json_boolean(s->disconnected));
    json_object_set_new(o, "cut_off", ids(topo, s->cut_off, s->n_cut_off));
    json_object_set_new(o, "not_built", json_boolean(s->not_built));
    /* cut short: theta the best schedule found (at least), T at most */
    json_object_set_new(o, "status", json_string(s->stopped ? "time_limit" : "optimal"));
    return o;
}

/* .plan.upgrades[].optics (MODEL.md "Optics"): the span's mode, the dark pairs the plan lights,
 * the wavelengths it adds and the amplifiers those pairs need. */
static json_t *optics_object(const struct fp_topo *topo, const struct fp_plan *plan, igraph_integer_t e)
{
    const struct fp_optics *o = topo->optics;
    json_t *x = json_object();
    double g = o->pair_gbps[e] / (double)o->wl_per_pair[e];
    json_object_set_new(x, "mode", json_string(o->model.modes[o->mode[e]].name));
    json_object_set_new(x, "gbps_per_wavelength", json_real(g));
    json_object_set_new(x, "pairs_lit", json_real(plan->pairs_lit[e]));
    json_object_set_new(x, "wavelengths_added", json_real(plan->added_gbps[e] / g));
    json_object_set_new(x, "amplifiers", json_real(plan->pairs_lit[e] * (double)o->ilas[e]));
    json_object_set_new(x, "wavelengths_per_pair", json_integer(o->wl_per_pair[e]));
    json_object_set_new(x, "lit_pairs_before", json_integer((json_int_t)o->lit[e]));
    json_object_set_new(x, "dark_pairs_before", json_integer((json_int_t)o->dark[e]));
    json_object_set_new(x, "pair_cost_usd", json_real(o->pair_usd[e]));
    json_object_set_new(x, "regenerated_sections", json_integer(o->segments[e]));
    return x;
}

/* .plan.upgrades[]: the spans the plan adds to or builds. */
static json_t *upgrades_array(const struct fp_topo *topo, const struct fp_plan *plan)
{
    json_t *ups = json_array();
    igraph_integer_t e;
    for (e = 0; e < topo->n_spans; e++) {
        json_t *u;
        if (plan->added_gbps[e] <= 0 && plan->build[e] <= 0) {
            continue;
        }
        u = json_object();
        json_object_set_new(u, "id", json_string(topo->span_id[e]));
        json_object_set_new(u, "added_gbps", json_real(plan->added_gbps[e]));
        json_object_set_new(u, "modules", json_real(plan->modules[e]));
        json_object_set_new(u, "cost_usd", json_real(plan->span_cost_usd[e]));
        json_object_set_new(u, "build", fp_topo_is_lit(topo, e) ? json_null() : json_real(plan->build[e]));
        json_object_set_new(u, "capacity_gbps", json_real(plan->planned_gbps[e]));
        if (topo->optics != NULL && topo->optics->mode[e] >= 0) {
            json_object_set_new(u, "optics", optics_object(topo, plan, e));
        }
        json_array_append_new(ups, u);
    }
    return ups;
}

/* .plan: budget or target, cost, gap, upgrades, the network before, seconds per dollar. */
static json_t *plan_object(const struct fp_topo *topo, const struct fp_plan *plan)
{
    json_t *p = json_object(), *before = json_object(), *spd = json_array();
    igraph_integer_t e;

    json_object_set_new(p, "budget_usd", fp_json_num(plan->budget_usd));
    json_object_set_new(p, "target_time_s", fp_json_num(plan->target_time_s));
    json_object_set_new(p, "modular", json_boolean(plan->modular));
    json_object_set_new(p, "cost_usd", json_real(plan->cost_usd));
    json_object_set_new(p, "unspent_usd", isnan(plan->budget_usd) ? json_null()
                                                                 : json_real(plan->budget_usd - plan->cost_usd));
    json_object_set_new(p, "gap", fp_json_num(plan->gap));   /* null when unknown (cut short) */
    json_object_set_new(p, "lp_bound_gbps", fp_json_num(plan->lp_bound_gbps));
    json_object_set_new(p, "cost_bound_usd", fp_json_num(plan->cost_bound_usd));
    json_object_set_new(p, "upgrades", upgrades_array(topo, plan));
    json_object_set_new(before, "throughput_gbps", json_real(plan->theta_before_gbps));
    json_object_set_new(before, "allreduce_s", fp_json_num(plan->allreduce_before_s));
    json_object_set_new(before, "bandwidth_s", fp_json_num(plan->bandwidth_before_s));
    json_object_set_new(before, "latency_s", fp_json_num(plan->latency_before_s));
    json_object_set_new(p, "before", before);
    for (e = 0; e < topo->n_spans; e++) {
        json_t *o;
        if (!plan->upgradable[e]) {
            continue;
        }
        o = json_object();
        json_object_set_new(o, "id", json_string(topo->span_id[e]));
        json_object_set_new(o, "seconds_per_usd", fp_json_num(plan->seconds_per_usd[e]));
        json_array_append_new(spd, o);
    }
    json_object_set_new(p, "seconds_per_usd", spd);
    json_object_set_new(p, "next_dollars_resolved", json_boolean(plan->next_resolved));
    if (plan->n_next_group > 0) {
        json_t *g = json_object();
        json_object_set_new(g, "spans", span_ids(topo, plan->next_group, plan->n_next_group));
        json_object_set_new(g, "seconds_per_usd", json_real(plan->next_group_s_per_usd));
        json_object_set_new(p, "next_group", g);
    }
    if (plan->survivable) {
        json_t *sv = json_object(), *arr = json_array(), *un = json_array();
        igraph_integer_t i;
        json_object_set_new(sv, "by", json_string(plan->survive.by_srlg ? "srlg" : "span"));
        json_object_set_new(sv, "worst_throughput_gbps", fp_json_num(plan->worst_theta_gbps));
        for (i = 0; i < plan->survive.n; i++) {
            const struct fp_failure *f = &plan->survive.items[i];
            json_t *o = failure_object(topo, f);
            json_object_set_new(o, "unprotectable", json_boolean(f->unprotectable));
            json_array_append_new(arr, o);
            if (f->unprotectable) {
                json_array_append_new(un, json_string(f->label));
            }
        }
        json_object_set_new(sv, "worst", plan->worst >= 0 ? failure_object(topo, &plan->survive.items[plan->worst])
                                                           : json_null());
        json_object_set_new(sv, "unprotectable", un);
        json_object_set_new(sv, "scenarios", arr);
        json_object_set_new(p, "survive", sv);
    }
    return p;
}

char *fp_resultjson_plan(const struct fp_topo *topo, const struct fp_job *job,
                         const struct fp_bound *bound, const struct fp_route *route,
                         const struct fp_plan *plan, double seconds)
{
    json_t *root = common("plan", topo, job->sites, job->n_sites, job->params, job->grad_bytes,
                          job->compute_time, seconds);
    json_t *sol = json_object_get(root, "solver");

    json_object_set_new(sol, "status", json_string(fp_result_status_name(route->status)));
    json_object_set_new(sol, "gap", fp_json_num(route->gap));
    json_object_set_new(sol, "columns", json_integer(route->columns));
    json_object_set_new(sol, "lp_rows", json_integer(route->lp_rows));
    json_object_set_new(sol, "lp_cols", json_integer(route->lp_cols));
    json_object_set_new(sol, "mip_proven", json_boolean(plan->mip_proven));
    if (bound != NULL) {
        json_object_set_new(root, "bound", bound_object(topo, bound));
    }
    json_object_set_new(root, "plan", plan_object(topo, plan));
    json_object_set_new(root, "collective", collective_object(topo, route));
    json_object_set_new(root, "links", links_array(topo, route, plan));
    return fp_json_dump(root);
}

char *fp_resultjson_failures(const struct fp_topo *topo, const struct fp_job *job,
                             const struct fp_route *intact, const struct fp_failures *f,
                             double seconds)
{
    json_t *root = common("failures", topo, job->sites, job->n_sites, job->params, job->grad_bytes,
                          job->compute_time, seconds);
    json_t *arr = json_array(), *base = json_object();
    igraph_integer_t i;

    json_object_set_new(base, "throughput_gbps", json_real(intact->theta_gbps));
    json_object_set_new(base, "allreduce_s", json_real(intact->allreduce_s));
    json_object_set_new(base, "latency_s", json_real(f->intact_latency_s));
    json_object_set_new(base, "schedule_from", f->intact_from != NULL ? json_string(f->intact_from) : json_null());
    json_object_set_new(root, "intact", base);
    json_object_set_new(root, "by", json_string(f->by_srlg ? "srlg" : "span"));
    for (i = 0; i < f->n; i++) {
        json_array_append_new(arr, failure_object(topo, &f->items[i]));
    }
    json_object_set_new(root, "failures", arr);
    if (f->n_stopped > 0 || intact->status != FP_STATUS_OPTIMAL) {
        json_object_set_new(json_object_get(root, "solver"), "status",
                            json_string(fp_result_status_name(FP_STATUS_TIME_LIMIT)));
    }
    return fp_json_dump(root);
}

char *fp_resultjson_bound(const struct fp_topo *topo, const struct fp_job *job,
                          const struct fp_bound *bound, double seconds)
{
    json_t *root = common("bound", topo, job->sites, job->n_sites, job->params, job->grad_bytes,
                          job->compute_time, seconds);
    json_object_set_new(root, "bound", bound_object(topo, bound));
    return fp_json_dump(root);
}

char *fp_resultjson_sweep(const struct fp_topo *topo, const struct fp_job *job,
                          const struct fp_bound *bound, const struct fp_sweep *sweep, double seconds)
{
    json_t *root = common("sweep", topo, job->sites, job->n_sites, job->params, job->grad_bytes,
                          job->compute_time, seconds);
    json_t *sol = json_object_get(root, "solver"), *arr = json_array();
    enum fp_status status = FP_STATUS_OPTIMAL;
    double gap = 0.0;
    igraph_integer_t i;

    for (i = 0; i < sweep->n; i++) {
        const struct fp_sweep_point *pt = &sweep->points[i];
        json_t *o = json_object();
        if (pt->status != FP_STATUS_OPTIMAL) {
            status = pt->status;
        }
        gap = pt->solver_gap > gap ? pt->solver_gap : gap;
        json_object_set_new(o, "budget_usd", json_real(pt->plan.budget_usd));
        json_object_set_new(o, "cost_usd", json_real(pt->plan.cost_usd));
        json_object_set_new(o, "allreduce_s", fp_json_num(pt->allreduce_s));
        json_object_set_new(o, "bandwidth_s", fp_json_num(pt->bandwidth_s));
        json_object_set_new(o, "latency_s", fp_json_num(pt->latency_s));
        json_object_set_new(o, "throughput_gbps", json_real(pt->theta_gbps));
        json_object_set_new(o, "gap", fp_json_num(pt->plan.gap));
        json_object_set_new(o, "lp_bound_gbps", fp_json_num(pt->plan.lp_bound_gbps));
        json_object_set_new(o, "mip_proven", json_boolean(pt->plan.mip_proven));
        json_object_set_new(o, "status", json_string(fp_result_status_name(pt->status)));
        json_object_set_new(o, "carried", json_boolean(pt->carried));
        json_object_set_new(o, "cut_short", json_boolean(pt->cut_short));
        json_object_set_new(o, "time_share_s", fp_json_num(pt->share_s));
        json_object_set_new(o, "knee", json_boolean(i == sweep->knee));
        json_object_set_new(o, "upgrades", upgrades_array(topo, &pt->plan));
        json_array_append_new(arr, o);
    }
    json_object_set_new(sol, "status", json_string(fp_result_status_name(status)));
    json_object_set_new(sol, "gap", fp_json_num(gap));
    if (bound != NULL) {
        json_object_set_new(root, "bound", bound_object(topo, bound));
    }
    json_object_set_new(root, "modular", json_boolean(sweep->modular));
    json_object_set_new(root, "frontier", arr);
    if (sweep->n > 0) {
        json_object_set_new(root, "plan", plan_object(topo, &sweep->points[sweep->n - 1].plan));
    }
    return fp_json_dump(root);
}

/* The names of the jobs whose flow crosses span e. */
static json_t *jobs_on(const struct fp_workload *wl, const struct fp_workload_result *res,
                       igraph_integer_t e)
{
    json_t *a = json_array();
    igraph_integer_t j;
    for (j = 0; j < res->n_jobs; j++) {
        if (fp_workload_job_on_span(res, j, e)) {
            json_array_append_new(a, json_string(wl->jobs[j].name));
        }
    }
    return a;
}

static json_t *pair_of_loads(const double *load, igraph_integer_t e)
{
    json_t *a = json_array();
    json_array_append_new(a, json_real(load[2 * e]));
    json_array_append_new(a, json_real(load[2 * e + 1]));
    return a;
}

static double span_utilization(const struct fp_topo *topo, const double *load, igraph_integer_t e)
{
    double c = fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0;
    return c > 0 ? fmax(load[2 * e], load[2 * e + 1]) / c : NAN;
}

/* .workload: the file, lambda, the background, and the spans that set lambda. */
static json_t *workload_object(const struct fp_topo *topo, const struct fp_workload *wl,
                               const struct fp_workload_result *res)
{
    json_t *o = json_object(), *bg = json_object(), *dem = json_array(), *bind = json_array();
    igraph_integer_t i;

    json_object_set_new(o, "file", json_string(wl->path));
    json_object_set_new(o, "scale", json_real(res->lambda_gbps));
    json_object_set_new(bg, "file", wl->background_file != NULL ? json_string(wl->background_file)
                                                                : json_null());
    json_object_set_new(bg, "gbps", json_real(fp_workload_background_gbps(wl)));
    for (i = 0; i < wl->n_background; i++) {
        json_t *d = json_object();
        json_object_set_new(d, "src", json_string(topo->node_id[wl->background[i].src]));
        json_object_set_new(d, "dst", json_string(topo->node_id[wl->background[i].dst]));
        json_object_set_new(d, "gbps", json_real(wl->background[i].gbps));
        json_array_append_new(dem, d);
    }
    json_object_set_new(bg, "demands", dem);
    json_object_set_new(o, "background", bg);
    for (i = 0; i < res->n_binding; i++) {
        igraph_integer_t e = res->binding[i];
        json_t *b = json_object();
        json_object_set_new(b, "id", json_string(topo->span_id[e]));
        json_object_set_new(b, "source", json_string(topo->node_id[topo->span_from[e]]));
        json_object_set_new(b, "target", json_string(topo->node_id[topo->span_to[e]]));
        json_object_set_new(b, "utilization", fp_json_num(span_utilization(topo, res->load_gbps, e)));
        json_object_set_new(b, "jobs", jobs_on(wl, res, e));
        json_object_set_new(b, "background_gbps", pair_of_loads(res->background_gbps, e));
        json_object_set_new(b, "scale_gain_per_gbps", json_real(res->dlambda_dc[e]));
        json_array_append_new(bind, b);
    }
    json_object_set_new(o, "binding", bind);
    return o;
}

/* .jobs[j]: the job's .collective keys, and what it is and gets. */
static json_t *workload_job(const struct fp_topo *topo, const struct fp_workload_job *wj,
                            const struct fp_workload_job_result *jr, const struct fp_bound *bound)
{
    json_t *o = collective_object(topo, &jr->route);
    json_object_set_new(o, "name", json_string(wj->name));
    json_object_set_new(o, "sites", ids(topo, wj->job.sites, wj->job.n_sites));
    json_object_set_new(o, "weight", json_real(wj->weight));
    json_object_set_new(o, "params", json_real(wj->job.params));
    json_object_set_new(o, "grad_bytes", json_real(wj->job.grad_bytes));
    json_object_set_new(o, "gradient_bytes", json_real(wj->job.gradient_bytes));
    json_object_set_new(o, "compute_time_s", fp_json_num(wj->job.compute_time));
    json_object_set_new(o, "lower_bound_s", bound != NULL ? fp_json_num(bound->allreduce_s) : json_null());
    json_object_set_new(o, "alone_throughput_gbps", fp_json_num(jr->alone_theta_gbps));
    json_object_set_new(o, "alone_allreduce_s", fp_json_num(jr->alone_allreduce_s));
    json_object_set_new(o, "slowdown", fp_json_num(jr->slowdown));
    if (json_object_get(o, "trees") == NULL) {
        json_object_set_new(o, "trees", json_array());
    }
    return o;
}

/* .links[] of a workload: the loads of every job and the background. */
static json_t *workload_links(const struct fp_topo *topo, const struct fp_workload *wl,
                              const struct fp_workload_result *res)
{
    json_t *a = json_array();
    igraph_integer_t e;
    for (e = 0; e < topo->n_spans; e++) {
        json_t *l = json_object();
        const struct fp_route *one = res->n_jobs == 1 ? &res->jobs[0].route : NULL;
        json_object_set_new(l, "id", json_string(topo->span_id[e]));
        json_object_set_new(l, "source", json_string(topo->node_id[topo->span_from[e]]));
        json_object_set_new(l, "target", json_string(topo->node_id[topo->span_to[e]]));
        json_object_set_new(l, "status", json_string(fp_topo_is_lit(topo, e) ? "lit" : "candidate"));
        json_object_set_new(l, "capacity_gbps",
                            json_real(fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0));
        json_object_set_new(l, "load_gbps", pair_of_loads(res->load_gbps, e));
        json_object_set_new(l, "utilization", fp_json_num(span_utilization(topo, res->load_gbps, e)));
        json_object_set_new(l, "marginal_s_per_gbps", one != NULL ? json_real(one->marginal_s_per_gbps[e])
                                                                  : json_null());
        json_object_set_new(l, "throughput_gain_per_gbps",
                            json_real(one != NULL ? one->dtheta_dc[e] : res->dlambda_dc[e]));
        json_object_set_new(l, "background_gbps", pair_of_loads(res->background_gbps, e));
        json_object_set_new(l, "jobs", jobs_on(wl, res, e));
        json_array_append_new(a, l);
    }
    return a;
}

/* The sites of every job, each once, in the order the jobs name them. */
static json_t *workload_common(const char *command, const struct fp_topo *topo, const struct fp_workload *wl,
                               double seconds)
{
    igraph_integer_t *sites = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(igraph_integer_t));
    igraph_integer_t n = 0, j, i, s;
    const struct fp_job *one = &wl->jobs[0].job;
    bool same_grad = true;
    json_t *root;

    for (j = 0; j < wl->n_jobs; j++) {
        same_grad = same_grad && wl->jobs[j].job.grad_bytes == one->grad_bytes;
        for (i = 0; i < wl->jobs[j].job.n_sites; i++) {
            for (s = 0; s < n && sites[s] != wl->jobs[j].job.sites[i]; s++) {
            }
            if (s == n) {
                sites[n++] = wl->jobs[j].job.sites[i];
            }
        }
    }
    if (wl->n_jobs == 1) {
        root = common(command, topo, one->sites, one->n_sites, one->params, one->grad_bytes,
                      one->compute_time, seconds);
    } else {
        root = common(command, topo, sites, n, NAN, one->grad_bytes, NAN, seconds);
        if (!same_grad) {
            json_object_del(json_object_get(root, "job"), "grad_bytes");
        }
    }
    free(sites);
    return root;
}

/* route --workload's keys for command (the route of the workload res on topo). */
static json_t *workload_root(const char *command, const struct fp_topo *topo, const struct fp_workload *wl,
                             const struct fp_workload_result *res, const struct fp_bound *bounds,
                             double seconds)
{
    json_t *root = workload_common(command, topo, wl, seconds);
    json_t *sol = json_object_get(root, "solver"), *jobs = json_array();
    igraph_integer_t j;

    json_object_set_new(sol, "status", json_string(fp_result_status_name(res->status)));
    json_object_set_new(sol, "gap", fp_json_num(res->gap));
    json_object_set_new(sol, "formulation", json_string("path"));
    json_object_set_new(sol, "columns", json_integer(res->columns));
    json_object_set_new(sol, "lp_rows", json_integer(res->lp_rows));
    json_object_set_new(sol, "lp_cols", json_integer(res->lp_cols));
    json_object_set_new(sol, "lp_scale_gbps", json_real(res->lp_scale_gbps));
    if (res->n_jobs == 1 && bounds != NULL) {
        json_object_set_new(root, "bound", bound_object(topo, &bounds[0]));
    }
    if (res->n_jobs == 1) {
        json_object_set_new(root, "collective", collective_object(topo, &res->jobs[0].route));
    }
    json_object_set_new(root, "workload", workload_object(topo, wl, res));
    for (j = 0; j < res->n_jobs; j++) {
        json_array_append_new(jobs, workload_job(topo, &wl->jobs[j], &res->jobs[j],
                                                 bounds != NULL ? &bounds[j] : NULL));
    }
    json_object_set_new(root, "jobs", jobs);
    json_object_set_new(root, "links", workload_links(topo, wl, res));
    return root;
}

char *fp_resultjson_workload(const struct fp_topo *topo, const struct fp_workload *wl,
                             const struct fp_workload_result *res, const struct fp_bound *bounds,
                             double seconds)
{
    return fp_json_dump(workload_root("route", topo, wl, res, bounds, seconds));
}

/* plan --workload's .jobs[j] additions: today's numbers and the target. */
static void plan_job(json_t *o, const struct fp_workload_plan *p, igraph_integer_t j)
{
    json_t *b = json_object();
    json_object_set_new(b, "throughput_gbps", json_real(p->before[j].theta_gbps));
    json_object_set_new(b, "allreduce_s", fp_json_num(p->before[j].allreduce_s));
    json_object_set_new(b, "bandwidth_s", fp_json_num(p->before[j].bandwidth_s));
    json_object_set_new(b, "latency_s", fp_json_num(p->before[j].latency_s));
    json_object_set_new(o, "before", b);
    json_object_set_new(o, "target_time_s", fp_json_num(p->target_s[j]));
    json_object_set_new(o, "required_throughput_gbps", fp_json_num(p->required_gbps[j]));
    json_object_set_new(o, "planned_latency_s", fp_json_num(p->latency_s[j]));
    json_object_set_new(o, "target_met", isnan(p->target_s[j]) ? json_null() :
                        json_boolean(p->res.jobs[j].route.allreduce_s <= p->target_s[j] * (1 + 1e-9)));
}

static json_t *workload_scenario(const struct fp_topo *topo, const struct fp_workload *wl,
                                 const struct fp_workload_failures *f, const struct fp_workload_scenario *sc,
                                 const struct fp_bound *bounds);

/* plan --workload --survive's .plan.survive: the `plan --survive` keys (by, worst_throughput_gbps
 * = the worst protected lambda, worst, unprotectable[], scenarios[]) with each scenario as
 * `failures --workload` gives it on the planned network, marked unprotectable or not. */
static json_t *workload_survive(const struct fp_topo *topo, const struct fp_workload *wl,
                                const struct fp_workload_plan *p)
{
    const struct fp_workload_failures *f = &p->survive;
    json_t *sv = json_object(), *arr = json_array(), *un = json_array();
    igraph_integer_t i;
    json_object_set_new(sv, "by", json_string(f->by_srlg ? "srlg" : "span"));
    json_object_set_new(sv, "worst_throughput_gbps", fp_json_num(p->plan.worst_theta_gbps));
    json_object_set_new(sv, "worst_scale", fp_json_num(p->plan.worst_theta_gbps));
    for (i = 0; i < f->n; i++) {
        json_t *o = workload_scenario(topo, wl, f, &f->items[i], NULL);
        json_object_set_new(o, "unprotectable", json_boolean(f->items[i].f.unprotectable));
        json_array_append_new(arr, o);
        if (f->items[i].f.unprotectable) {
            json_array_append_new(un, json_string(f->items[i].f.label));
        }
    }
    json_object_set_new(sv, "worst", p->plan.worst >= 0 ? workload_scenario(topo, wl, f, &f->items[p->plan.worst], NULL)
                                                        : json_null());
    json_object_set_new(sv, "unprotectable", un);
    json_object_set_new(sv, "scenarios", arr);
    return sv;
}

char *fp_resultjson_workload_plan(const struct fp_topo *view, const struct fp_workload *wl,
                                  const struct fp_workload_plan *p, const struct fp_bound *bounds,
                                  double seconds)
{
    json_t *root = workload_root("plan", view, wl, &p->res, bounds, seconds);
    struct fp_plan pl = p->plan;   /* --survive's scenarios are the workload's (below) */
    json_t *po, *jobs = json_object_get(root, "jobs");
    igraph_integer_t j;

    pl.survivable = pl.survivable && p->single;
    po = plan_object(view, &pl);

    json_object_set_new(json_object_get(root, "solver"), "mip_proven", json_boolean(p->plan.mip_proven));
    json_object_set_new(po, "scale_required_gbps", fp_json_num(p->lambda_required_gbps));
    json_object_set_new(po, "latency_rounds", json_integer(p->rounds));
    json_object_set_new(po, "targets_met", json_boolean(p->met));
    json_object_set_new(po, "kept_today", json_boolean(p->nothing));
    if (p->plan.survivable && !p->single) {
        json_object_set_new(po, "survive", workload_survive(view, wl, p));
    }
    json_object_set_new(root, "plan", po);
    for (j = 0; j < p->res.n_jobs; j++) {
        plan_job(json_array_get(jobs, (size_t)j), p, j);
    }
    return fp_json_dump(root);
}

/* .failures[i].jobs[j]: the job's part of the scenario's schedule with the keys of route's
 * .jobs[] (alone: the job alone on the damaged network; slowdown: intact theta / this one), and
 * whether the cut separates its sites. */
static json_t *scenario_job(const struct fp_topo *topo, const struct fp_workload_job *wj,
                            const struct fp_workload_scenario *sc, igraph_integer_t j,
                            const struct fp_workload_result *intact, const struct fp_bound *bound)
{
    const struct fp_workload_scenario_job *sj = &sc->jobs[j];
    struct fp_workload_job_result jr;
    json_t *o;
    memset(&jr, 0, sizeof(jr));
    jr.route = sj->route;
    jr.alone_theta_gbps = sj->alone_theta_gbps;
    jr.alone_allreduce_s = sj->alone_allreduce_s;
    jr.slowdown = sj->slowdown;
    o = workload_job(topo, wj, &jr, bound);
    json_object_set_new(o, "slowest_hop_s", fp_json_num(sj->route.slowest_hop_s));
    if (sj->route.algorithm == FP_COLL_TREE) {
        json_object_del(o, "slowest_hop_s");
    }
    json_object_set_new(o, "slowdown", fp_json_num(sj->slowdown));
    json_object_set_new(o, "disconnected", json_boolean(sj->disconnected));
    json_object_set_new(o, "cut_off", ids(topo, sj->cut_off, sj->n_cut_off));
    json_object_set_new(o, "intact_throughput_gbps", json_real(intact->jobs[j].route.theta_gbps));
    json_object_set_new(o, "intact_allreduce_s", fp_json_num(intact->jobs[j].route.allreduce_s));
    json_object_set_new(o, "status", json_string(sc->f.stopped ? "time_limit" : "optimal"));
    return o;
}

/* .failures[i] of a workload: the `failures` keys (throughput_gbps = lambda, allreduce_s the
 * longest T_j), scale, background {fits, share, saturated[]} and jobs[]. */
static json_t *workload_scenario(const struct fp_topo *topo, const struct fp_workload *wl,
                                 const struct fp_workload_failures *f, const struct fp_workload_scenario *sc,
                                 const struct fp_bound *bounds)
{
    json_t *o = failure_object(topo, &sc->f), *bg = json_object(), *jobs = json_array();
    igraph_integer_t j;
    json_object_set_new(o, "scale", json_real(sc->lambda_gbps));
    json_object_set_new(bg, "fits", json_boolean(fp_workload_scenario_fits(sc)));
    json_object_set_new(bg, "cut_apart", json_integer(sc->n_background_cut));
    json_object_set_new(bg, "cut_apart_gbps", json_real(sc->background_cut_gbps));
    json_object_set_new(bg, "share", json_real(sc->background_share));
    json_object_set_new(bg, "saturated", span_ids(topo, sc->saturated, sc->n_saturated));
    json_object_set_new(o, "background", bg);
    for (j = 0; j < f->n_jobs; j++) {
        json_array_append_new(jobs, scenario_job(topo, &wl->jobs[j], sc, j, &f->intact,
                                                 bounds != NULL ? &bounds[j] : NULL));
    }
    json_object_set_new(o, "jobs", jobs);
    return o;
}

/* .workload.worst: the scenario with the lowest lambda (every job running, the background
 * carried) and each job's worst. */
static json_t *worst_object(const struct fp_workload *wl, const struct fp_workload_failures *f)
{
    json_t *o = json_object(), *jobs = json_array();
    igraph_integer_t j;
    json_object_set_new(o, "scale", f->worst_lambda >= 0 ? json_string(f->items[f->worst_lambda].f.label)
                                                         : json_null());
    for (j = 0; j < f->n_jobs; j++) {
        json_t *w = json_object();
        json_object_set_new(w, "name", json_string(wl->jobs[j].name));
        json_object_set_new(w, "label", f->worst_job[j] >= 0 ? json_string(f->items[f->worst_job[j]].f.label)
                                                             : json_null());
        json_array_append_new(jobs, w);
    }
    json_object_set_new(o, "jobs", jobs);
    return o;
}

char *fp_resultjson_workload_failures(const struct fp_topo *topo, const struct fp_workload *wl,
                                      const struct fp_workload_failures *f, const struct fp_bound *bounds,
                                      double seconds)
{
    json_t *root = workload_common("failures", topo, wl, seconds);
    json_t *base = json_object(), *arr = json_array(), *jobs = json_array(), *wo;
    const struct fp_workload_result *in = &f->intact;
    double longest = 0.0;
    igraph_integer_t i, j;

    for (j = 0; j < in->n_jobs; j++) {
        longest = fmax(longest, in->jobs[j].route.allreduce_s);
        json_array_append_new(jobs, workload_job(topo, &wl->jobs[j], &in->jobs[j],
                                                 bounds != NULL ? &bounds[j] : NULL));
    }
    json_object_set_new(base, "throughput_gbps", json_real(in->lambda_gbps));
    json_object_set_new(base, "allreduce_s", json_real(longest));
    json_object_set_new(base, "latency_s", in->n_jobs == 1 ? json_real(in->jobs[0].route.latency_s) : json_null());
    json_object_set_new(base, "schedule_from", f->intact_from != NULL ? json_string(f->intact_from) : json_null());
    json_object_set_new(base, "scale", json_real(in->lambda_gbps));
    json_object_set_new(root, "intact", base);
    json_object_set_new(root, "by", json_string(f->by_srlg ? "srlg" : "span"));
    wo = workload_object(topo, wl, in);
    json_object_set_new(wo, "worst", worst_object(wl, f));
    json_object_set_new(root, "workload", wo);
    json_object_set_new(root, "jobs", jobs);
    for (i = 0; i < f->n; i++) {
        json_array_append_new(arr, workload_scenario(topo, wl, f, &f->items[i], bounds));
    }
    json_object_set_new(root, "failures", arr);
    if (f->n_stopped > 0 || in->status != FP_STATUS_OPTIMAL) {
        json_object_set_new(json_object_get(root, "solver"), "status",
                            json_string(fp_result_status_name(FP_STATUS_TIME_LIMIT)));
    }
    return fp_json_dump(root);
}

/* .frontier[] of a workload: the `sweep` keys (throughput_gbps = lambda, allreduce_s and its
 * parts the slowest job's), scale, routed_afresh and jobs[] (alone null when not routed). */
static json_t *workload_point(const struct fp_topo *topo, const struct fp_workload *wl,
                              const struct fp_workload_sweep *s, igraph_integer_t i)
{
    const struct fp_workload_sweep_point *pt = &s->points[i];
    json_t *o = json_object(), *jobs = json_array();
    igraph_integer_t j;
    json_object_set_new(o, "budget_usd", json_real(pt->p.plan.budget_usd));
    json_object_set_new(o, "cost_usd", json_real(pt->p.plan.cost_usd));
    json_object_set_new(o, "allreduce_s", fp_json_num(pt->p.allreduce_s));
    json_object_set_new(o, "bandwidth_s", fp_json_num(pt->p.bandwidth_s));
    json_object_set_new(o, "latency_s", fp_json_num(pt->p.latency_s));
    json_object_set_new(o, "throughput_gbps", json_real(pt->p.theta_gbps));
    json_object_set_new(o, "scale", json_real(pt->p.theta_gbps));
    json_object_set_new(o, "gap", fp_json_num(pt->p.plan.gap));
    json_object_set_new(o, "lp_bound_gbps", fp_json_num(pt->p.plan.lp_bound_gbps));
    json_object_set_new(o, "mip_proven", json_boolean(pt->p.plan.mip_proven));
    json_object_set_new(o, "status", json_string(fp_result_status_name(pt->p.status)));
    json_object_set_new(o, "carried", json_boolean(pt->p.carried));
    json_object_set_new(o, "routed_afresh", json_boolean(pt->routed_afresh));
    json_object_set_new(o, "knee", json_boolean(i == s->knee));
    json_object_set_new(o, "upgrades", upgrades_array(topo, &pt->p.plan));
    for (j = 0; j < s->n_jobs; j++) {
        const struct fp_workload_sweep_job *sj = &pt->jobs[j];
        json_t *jo = json_object();
        json_object_set_new(jo, "name", json_string(wl->jobs[j].name));
        json_object_set_new(jo, "weight", json_real(wl->jobs[j].weight));
        json_object_set_new(jo, "throughput_gbps", json_real(sj->theta_gbps));
        json_object_set_new(jo, "allreduce_s", fp_json_num(sj->allreduce_s));
        json_object_set_new(jo, "bandwidth_s", fp_json_num(sj->bandwidth_s));
        json_object_set_new(jo, "latency_s", fp_json_num(sj->latency_s));
        json_object_set_new(jo, "alone_throughput_gbps", fp_json_num(sj->alone_theta_gbps));
        json_object_set_new(jo, "alone_allreduce_s", fp_json_num(sj->alone_allreduce_s));
        json_object_set_new(jo, "slowdown", fp_json_num(sj->slowdown));
        json_array_append_new(jobs, jo);
    }
    json_object_set_new(o, "jobs", jobs);
    return o;
}

char *fp_resultjson_workload_sweep(const struct fp_topo *topo, const struct fp_workload *wl,
                                   const struct fp_workload_sweep *s, double seconds)
{
    json_t *root = workload_common("sweep", topo, wl, seconds);
    json_t *sol = json_object_get(root, "solver"), *arr = json_array();
    enum fp_status status = FP_STATUS_OPTIMAL;
    double gap = 0.0;
    igraph_integer_t i;

    for (i = 0; i < s->n; i++) {
        status = s->points[i].p.status != FP_STATUS_OPTIMAL ? s->points[i].p.status : status;
        gap = s->points[i].p.solver_gap > gap ? s->points[i].p.solver_gap : gap;
        json_array_append_new(arr, workload_point(topo, wl, s, i));
    }
    json_object_set_new(sol, "status", json_string(fp_result_status_name(status)));
    json_object_set_new(sol, "gap", fp_json_num(gap));
    json_object_set_new(root, "workload", workload_object(topo, wl, &s->today));
    json_object_set_new(root, "modular", json_boolean(s->n > 0 && s->points[0].p.plan.modular));
    json_object_set_new(root, "frontier", arr);
    if (s->n > 0) {
        json_object_set_new(root, "plan", plan_object(topo, &s->points[s->n - 1].p.plan));
    }
    return fp_json_dump(root);
}
