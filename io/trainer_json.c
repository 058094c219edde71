/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: trainer configuration writer (schema fiberplan.trainer/1; jansson;
 * docs/trainer-config.md). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/xalloc.h"
#include "io/json_internal.h"
#include "io/trainer.h"
#include "io/trainer_internal.h"

#ifndef FP_VERSION
#define FP_VERSION "unknown"
#endif

#define MIB 1048576.0

/* What one configuration is built from. */
struct build {
    const struct fp_topo *topo;
    const struct fp_job *job;
    const struct fp_route *r;
    const struct fp_bound *bound;
    const struct fp_trainer_options *o;
    struct fp_trainer_mesh mesh;
    long long replica;           /* GPUs of one model replica: pp x dp_shard x tp */
    igraph_integer_t *order;     /* owned: the sites in rank order */
    igraph_integer_t *rank;      /* owned: per vertex, its rank; -1 off the job */
    struct fp_trainer_step step;
    char **warnings;             /* owned */
    igraph_integer_t n_warnings;
};

static json_t *node_ids(const struct fp_topo *topo, const igraph_integer_t *v, igraph_integer_t n)
{
    json_t *a = json_array();
    igraph_integer_t i;
    for (i = 0; i < n; i++) {
        json_array_append_new(a, json_string(topo->node_id[v[i]]));
    }
    return a;
}

static json_t *count_or_null(long long n)
{
    return n > 0 ? json_integer((json_int_t)n) : json_null();
}

static void add_head(json_t *root, const struct build *b)
{
    json_t *j = json_object();
    const struct fp_topo *topo = b->topo;
    json_object_set_new(root, "schema", json_string("fiberplan.trainer/1"));
    json_object_set_new(root, "generator", json_string("fiberplan " FP_VERSION));
    json_object_set_new(root, "topology", json_string(topo->name != NULL ? topo->name : topo->path));
    if (b->o->job_name != NULL) {
        json_object_set_new(j, "name", json_string(b->o->job_name));
    }
    json_object_set_new(j, "params", json_real(b->job->params));
    json_object_set_new(j, "grad_bytes", json_real(b->job->grad_bytes));
    json_object_set_new(j, "gradient_bytes", json_real(b->job->gradient_bytes));
    json_object_set_new(j, "compute_time_s", fp_json_num(b->job->compute_time));
    json_object_set_new(root, "job", j);
}

/* sites[] in rank order, and the HSDP device_mesh of one replica per site (its sites' GPUs). */
static void add_sites(json_t *root, const struct build *b)
{
    const struct fp_topo *topo = b->topo;
    json_t *sites = json_array(), *mesh = json_object(), *shard = json_array(), *names = json_array();
    igraph_integer_t i, k = b->job->n_sites;
    long long world = 0, uniform = topo->gpus[b->order[0]];

    for (i = 0; i < k; i++) {
        igraph_integer_t v = b->order[i];
        json_t *s = json_object();
        json_object_set_new(s, "rank", json_integer(i));
        json_object_set_new(s, "id", json_string(topo->node_id[v]));
        json_object_set_new(s, "name", topo->node_name[v] != NULL ? json_string(topo->node_name[v])
                                                                 : json_null());
        json_object_set_new(s, "gpus", json_integer(topo->gpus[v]));
        json_array_append_new(sites, s);
        json_array_append_new(shard, json_integer(topo->gpus[v]));
        world += topo->gpus[v];
        uniform = topo->gpus[v] == uniform ? uniform : -1;
    }
    json_object_set_new(root, "sites", sites);
    json_array_append_new(names, json_string("replicate"));
    json_array_append_new(names, json_string("shard"));
    json_object_set_new(mesh, "mesh_dim_names", names);
    json_object_set_new(mesh, "replicate", json_integer(k));
    json_object_set_new(mesh, "shard_per_site", shard);
    json_object_set_new(mesh, "uniform_shard", uniform > 0 ? json_integer(uniform) : json_null());
    json_object_set_new(mesh, "world_size", json_integer(world));
    json_object_set_new(root, "device_mesh", mesh);
}

/* The torch mesh over all GPUs: (dp_replicate, pp, dp_shard, tp), ep splitting dp_shard. */
static void mesh_shape(const struct build *b, long long replicas, json_t *o)
{
    const struct fp_trainer_mesh *m = &b->mesh;
    json_t *names = json_array(), *shape = json_array(), *call = json_object();
    char text[512];
    bool ep = m->ep > 1;

    json_array_append_new(names, json_string("dp_replicate"));
    json_array_append_new(names, json_string("pp"));
    json_array_append_new(names, json_string(ep ? "dp_shard_mod_ep" : "dp_shard"));
    if (ep) {
        json_array_append_new(names, json_string("ep"));
    }
    json_array_append_new(names, json_string("tp"));
    json_array_append_new(shape, json_integer(replicas));
    json_array_append_new(shape, json_integer(m->pp));
    json_array_append_new(shape, json_integer(ep ? m->dp_shard / m->ep : m->dp_shard));
    if (ep) {
        json_array_append_new(shape, json_integer(m->ep));
    }
    json_array_append_new(shape, json_integer(m->tp));
    json_object_set_new(call, "device_type", json_string("cuda"));
    json_object_set(call, "mesh_shape", shape);
    json_object_set(call, "mesh_dim_names", names);
    if (ep) {
        snprintf(text, sizeof(text), "init_device_mesh(\"cuda\", (%lld, %lld, %lld, %lld, %lld), "
                 "mesh_dim_names=(\"dp_replicate\", \"pp\", \"dp_shard_mod_ep\", \"ep\", \"tp\"))",
                 replicas, m->pp, m->dp_shard / m->ep, m->ep, m->tp);
    } else {
        snprintf(text, sizeof(text), "init_device_mesh(\"cuda\", (%lld, %lld, %lld, %lld), "
                 "mesh_dim_names=(\"dp_replicate\", \"pp\", \"dp_shard\", \"tp\"))",
                 replicas, m->pp, m->dp_shard, m->tp);
    }
    json_object_set_new(o, "mesh_dim_names", names);
    json_object_set_new(o, "mesh_shape", shape);
    json_object_set_new(o, "init_device_mesh", call);
    json_object_set_new(o, "init_device_mesh_call", json_string(text));
    if (ep) {
        json_t *flat = json_object(), *parts = json_array();
        json_array_append_new(parts, json_string("dp_shard_mod_ep"));
        json_array_append_new(parts, json_string("ep"));
        json_object_set_new(flat, "dp_shard", parts);
        json_object_set_new(o, "flatten", flat);
    }
}

/* Each site's global ranks and replicas; the cross-site and site replica groups of position 0. */
static json_t *mesh_json(const struct build *b)
{
    const struct fp_trainer_mesh *m = &b->mesh;
    const struct fp_topo *topo = b->topo;
    json_t *o = json_object(), *deg = json_object(), *sites = json_array(), *leaders = json_array();
    igraph_integer_t i, k = b->job->n_sites;
    long long replicas = 0, first = 0, same = topo->gpus[b->order[0]] / b->replica;

    for (i = 0; i < k; i++) {
        igraph_integer_t v = b->order[i];
        long long r = topo->gpus[v] / b->replica;
        json_t *s = json_object();
        json_object_set_new(s, "id", json_string(topo->node_id[v]));
        json_object_set_new(s, "rank", json_integer(i));
        json_object_set_new(s, "first_rank", json_integer(first));
        json_object_set_new(s, "gpus", json_integer(topo->gpus[v]));
        json_object_set_new(s, "first_replica", json_integer(replicas));
        json_object_set_new(s, "replicas", json_integer(r));
        json_array_append_new(sites, s);
        json_array_append_new(leaders, json_integer(first));
        first += topo->gpus[v];
        replicas += r;
        same = r == same ? same : 0;
    }
    json_object_set_new(o, "source", json_string(m->given ? "--mesh" : "default"));
    json_object_set_new(deg, "dp_shard", json_integer(m->dp_shard));
    json_object_set_new(deg, "tp", json_integer(m->tp));
    json_object_set_new(deg, "pp", json_integer(m->pp));
    json_object_set_new(deg, "ep", json_integer(m->ep));
    json_object_set_new(o, "degrees", deg);
    json_object_set_new(o, "replica_gpus", json_integer(b->replica));
    json_object_set_new(o, "dp_replicate", json_integer(replicas));
    json_object_set_new(o, "world_size", json_integer(first));
    mesh_shape(b, replicas, o);
    json_object_set_new(o, "sites", sites);
    json_object_set_new(o, "uniform_replicas", same > 0 ? json_integer(same) : json_null());
    json_object_set_new(o, "cross_site_groups", json_integer(b->replica));
    json_object_set_new(o, "cross_site_group_0", leaders);
    return o;
}

/* How the ranks were ordered, and the ids in that order. */
static json_t *rank_order_json(const struct build *b)
{
    json_t *o = json_object();
    const struct fp_route *r = b->r;
    const char *follows = r->algorithm == FP_COLL_RING ? "ring" : r->algorithm == FP_COLL_TREE ? "tree"
                                                                                                : "sites";
    json_object_set_new(o, "follows", json_string(follows));
    json_object_set_new(o, "tree", r->algorithm == FP_COLL_TREE && r->n_trees > 0
                                       ? json_integer(fp_trainer_layout_tree(r))
                                                                                    : json_null());
    json_object_set_new(o, "sites", node_ids(b->topo, b->order, b->job->n_sites));
    return o;
}

static void add_collective(json_t *root, const struct build *b)
{
    json_t *coll = json_object();
    const struct fp_route *r = b->r;
    json_object_set_new(coll, "algorithm", json_string(fp_result_collective_name(r->algorithm)));
    json_object_set_new(coll, "throughput_gbps", json_real(r->theta_gbps));
    json_object_set_new(coll, "predicted_allreduce_s", fp_json_num(r->allreduce_s));
    json_object_set_new(coll, "bandwidth_s", fp_json_num(r->bandwidth_s));
    json_object_set_new(coll, "latency_s", fp_json_num(r->latency_s));
    json_object_set_new(coll, "lower_bound_s", b->bound != NULL ? json_real(b->bound->allreduce_s)
                                                                : json_null());
    json_object_set_new(root, "collective", coll);
}

/* Parent links of tree t: reduce towards the root, broadcast back. */
static json_t *parents_json(const struct build *b, const struct fp_tree *t)
{
    igraph_integer_t i, *parent = fp_trainer_tree_parents(b->job, t);
    json_t *o = json_object();
    for (i = 0; i < b->job->n_sites; i++) {
        const char *id = b->topo->node_id[b->job->sites[i]];
        json_object_set_new(o, id, parent[i] >= 0 ? json_string(b->topo->node_id[b->job->sites[parent[i]]])
                                                  : json_null());
    }
    free(parent);
    return o;
}

static json_t *schedule_json(const struct build *b, const struct fp_route *r)
{
    json_t *sched = json_object();
    igraph_integer_t i;
    if (r->algorithm == FP_COLL_TREE) {
        json_t *trees = json_array();
        for (i = 0; i < r->n_trees; i++) {
            json_t *t = json_object();
            json_object_set_new(t, "chunk_fraction", json_real(r->trees[i].rate_gbps / r->theta_gbps));
            json_object_set_new(t, "rate_gbps", json_real(r->trees[i].rate_gbps));
            json_object_set_new(t, "root", json_string(b->topo->node_id[r->trees[i].root]));
            json_object_set_new(t, "parents", parents_json(b, &r->trees[i]));
            json_array_append_new(trees, t);
        }
        json_object_set_new(sched, "trees", trees);
    } else if (r->algorithm == FP_COLL_RING) {
        json_object_set_new(sched, "ring_order", node_ids(b->topo, r->ring_order, r->n_ring));
        json_object_set_new(sched, "directions", json_integer(2));
    } else {
        json_object_set_new(sched, "shard_fraction", json_real(1.0 / (double)b->job->n_sites));
    }
    return sched;
}

static json_t *paths_json(const struct build *b)
{
    json_t *paths = json_array();
    igraph_integer_t i, a;
    for (i = 0; i < b->r->n_paths; i++) {
        const struct fp_flow_path *p = &b->r->paths[i];
        json_t *po = json_object(), *spans = json_array();
        for (a = 0; a < p->n_arcs; a++) {
            json_array_append_new(spans, json_string(b->topo->span_id[p->arcs[a] / 2]));
        }
        json_object_set_new(po, "source", json_string(b->topo->node_id[p->src]));
        json_object_set_new(po, "target", json_string(b->topo->node_id[p->dst]));
        json_object_set_new(po, "gbps", json_real(p->gbps));
        json_object_set_new(po, "delay_s", json_real(p->delay_s));
        json_object_set_new(po, "rtt_s", json_real(2.0 * p->delay_s));
        json_object_set_new(po, "bdp_bytes", json_real(p->gbps * 1e9 / 8.0 * 2.0 * p->delay_s));
        json_object_set_new(po, "spans", spans);
        json_array_append_new(paths, po);
    }
    return paths;
}

static json_t *pairs_json(const struct build *b, const struct fp_trainer_pair *pairs, igraph_integer_t n,
                          const struct fp_trainer_nccl *nc)
{
    json_t *a = json_array();
    igraph_integer_t i;
    for (i = 0; i < n; i++) {
        const struct fp_trainer_pair *p = &pairs[i];
        json_t *o = json_object();
        double need = p->bdp_bytes / (double)nc->connections;
        json_object_set_new(o, "source", json_string(b->topo->node_id[p->src]));
        json_object_set_new(o, "target", json_string(b->topo->node_id[p->dst]));
        json_object_set_new(o, "gbps", json_real(p->gbps));
        json_object_set_new(o, "paths", json_integer(p->paths));
        json_object_set_new(o, "rtt_s", json_real(p->rtt_s));
        json_object_set_new(o, "min_rtt_s", json_real(p->min_rtt_s));
        json_object_set_new(o, "bdp_bytes", json_real(p->bdp_bytes));
        json_object_set_new(o, "connections", json_integer(nc->connections));
        json_object_set_new(o, "buffer_need_bytes", json_real(need));
        json_object_set_new(o, "buffer_bytes", json_integer((json_int_t)fp_trainer_pow2_buffer(need)));
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *step_json(const struct fp_trainer_step *st)
{
    json_t *o = json_object();
    json_object_set_new(o, "overlap", json_string("the all-reduce of a round's gradient or DiLoCo "
                                                  "pseudo-gradient runs during the next round's H "
                                                  "steps of compute (forward, backward, optimizer); "
                                                  "its update lands one round late"));
    json_object_set_new(o, "compute_time_s", fp_json_num(st->compute_s));
    json_object_set_new(o, "allreduce_s", fp_json_num(st->allreduce_s));
    json_object_set_new(o, "exposed_comm_s", fp_json_num(st->exposed_s));
    json_object_set_new(o, "step_s", fp_json_num(st->step_s));
    json_object_set_new(o, "utilization", fp_json_num(st->utilization));
    json_object_set_new(o, "full_overlap_interval", count_or_null(st->full_overlap));
    json_object_set_new(o, "target_utilization", fp_json_num(st->target));
    json_object_set_new(o, "sync_interval", count_or_null(st->sync_interval));
    json_object_set_new(o, "sync_exposed_s", fp_json_num(st->sync_exposed_s));
    json_object_set_new(o, "sync_round_s", fp_json_num(st->sync_round_s));
    json_object_set_new(o, "sync_utilization", fp_json_num(st->sync_utilization));
    json_object_set_new(o, "blocking_sync_interval", count_or_null(st->blocking_interval));
    return o;
}

/* overlap (compute, exposed, the interval that hides it all) and the step-time model. */
static void add_step(json_t *root, const struct build *b)
{
    json_t *overlap = json_object();
    json_object_set_new(overlap, "compute_time_s", fp_json_num(b->step.compute_s));
    json_object_set_new(overlap, "exposed_comm_s", fp_json_num(b->step.exposed_s));
    json_object_set_new(overlap, "sync_interval_min", count_or_null(b->step.full_overlap));
    json_object_set_new(root, "overlap", overlap);
    json_object_set_new(root, "step_model", step_json(&b->step));
}

static void warn(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct build *b, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    b->warnings = fp_xrealloc(b->warnings, (size_t)b->n_warnings + 1, sizeof(char *));
    b->warnings[b->n_warnings++] = fp_xstrdup(msg);
}

/* Buffers over the bound, NCCL memory over the cap. */
static void warn_nccl(struct build *b, const struct fp_trainer_pair *pairs, const struct fp_trainer_nccl *nc)
{
    if (nc->buffer_need_bytes > FP_TRAINER_MAX_BUFFSIZE && nc->need_pair >= 0) {
        const struct fp_trainer_pair *p = &pairs[nc->need_pair];
        double reach = FP_TRAINER_MAX_BUFFSIZE * 8.0 / p->rtt_s / 1e9 * (double)nc->connections;
        warn(b, "site pair '%s'->'%s' needs %.0f MiB in flight per connection (BDP %.0f MiB over %lld "
             "connection%s), above the 1024 MiB bound of NCCL_BUFFSIZE: it reaches at most %.0f of its "
             "%.0f Gbit/s; more GPUs per replica (--mesh) give more connections",
             b->topo->node_id[p->src], b->topo->node_id[p->dst], nc->buffer_need_bytes / MIB,
             p->bdp_bytes / MIB, nc->connections, nc->connections == 1 ? "" : "s", fmin(reach, p->gbps),
             p->gbps);
    }
    if (nc->memory_bytes > FP_TRAINER_MEMORY_CAP) {
        warn(b, "NCCL buffers take %.0f MiB per cross-site rank (%ld channel%s x 2 directions x %ld "
             "peer%s x NCCL_BUFFSIZE %.0f MiB), above the cap of %.0f MiB", nc->memory_bytes / MIB,
             nc->channels, nc->channels == 1 ? "" : "s", nc->peers, nc->peers == 1 ? "" : "s",
             nc->buffer_bytes / MIB, FP_TRAINER_MEMORY_CAP / MIB);
    }
}

static const char *executor_note(enum fp_collective c)
{
    switch (c) {
    case FP_COLL_TREE:
        return "the consumer carries out the planned trees: per tree, on its chunk_fraction of the "
               "data, each site adds its children's partial sums and sends the result to its parent "
               "(reduce toward the root), then the root's sum goes back down (broadcast), by "
               "point-to-point transfers (ncclSend/ncclRecv, MPI) between the sites' ranks of each "
               "cross-site group; NCCL's own Tree algorithm builds other trees and is not used";
    case FP_COLL_RING:
        return "NCCL's ring on a cross-site group follows its rank order, which is ring_order: "
               "all-reduce half the data on the group and half on the group in reverse order "
               "(ncclCommSplit with key k - 1 - rank)";
    default:
        return "the consumer carries out the direct schedule: each site reduces its 1/k shard from "
               "every other site and sends the sum back to each, by point-to-point transfers "
               "between the sites' ranks of each cross-site group; NCCL's ReduceScatter and "
               "AllGather would run a ring instead";
    }
}

static void add_nccl(json_t *root, struct build *b, const struct fp_trainer_pair *pairs,
                     const struct fp_trainer_nccl *nc)
{
    json_t *hints = json_object(), *o = json_object();
    const struct fp_trainer_pair *p = nc->need_pair >= 0 ? &pairs[nc->need_pair] : NULL;

    json_object_set_new(hints, "NCCL_ALGO", json_string("Ring"));
    json_object_set_new(hints, "NCCL_PROTO", json_string("Simple"));
    json_object_set_new(hints, "NCCL_MIN_NCHANNELS", json_integer(nc->channels));
    json_object_set_new(hints, "NCCL_BUFFSIZE", json_integer((json_int_t)nc->buffer_bytes));
    json_object_set_new(root, "nccl_hints", hints);
    json_object_set_new(o, "executor", json_string(b->r->algorithm == FP_COLL_RING ? "nccl_ring"
                                                                                    : "consumer"));
    json_object_set_new(o, "how", json_string(executor_note(b->r->algorithm)));
    json_object_set_new(o, "cross_site_groups", json_integer(nc->groups));
    json_object_set_new(o, "channels", json_integer(nc->channels));
    json_object_set_new(o, "connections_per_pair", json_integer(nc->connections));
    json_object_set_new(o, "peers", json_integer(nc->peers));
    json_object_set_new(o, "buffer_need_bytes", json_real(nc->buffer_need_bytes));
    json_object_set_new(o, "buffer_need_pair", p != NULL ? node_ids(b->topo, &p->src, 1) : json_null());
    if (p != NULL) {
        json_array_append_new(json_object_get(o, "buffer_need_pair"), json_string(b->topo->node_id[p->dst]));
    }
    json_object_set_new(o, "buffer_bytes", json_integer((json_int_t)nc->buffer_bytes));
    json_object_set_new(o, "buffer_bound_bytes", json_integer((json_int_t)FP_TRAINER_MAX_BUFFSIZE));
    json_object_set_new(o, "memory_per_rank_bytes", json_integer((json_int_t)nc->memory_bytes));
    json_object_set_new(o, "memory_cap_bytes", json_integer((json_int_t)FP_TRAINER_MEMORY_CAP));
    json_object_set_new(o, "bucket_bytes", json_integer((json_int_t)nc->bucket_bytes));
    json_object_set_new(root, "nccl", o);
    warn_nccl(b, pairs, nc);
}

/* A schedule's pairs with their NCCL values, and those values: what a fallback carries. */
static json_t *route_pairs(const struct build *b, const struct fp_route *r, json_t **nccl)
{
    struct fp_trainer_pair *pairs;
    struct fp_trainer_nccl nc;
    igraph_integer_t n = fp_trainer_pairs(b->topo, r, b->rank, &pairs);
    json_t *a;
    fp_trainer_nccl_compute(pairs, n, b->replica, r->theta_gbps, r->latency_s, b->job->gradient_bytes, &nc);
    a = pairs_json(b, pairs, n, &nc);
    *nccl = json_object();
    json_object_set_new(*nccl, "channels", json_integer(nc.channels));
    json_object_set_new(*nccl, "buffer_need_bytes", json_real(nc.buffer_need_bytes));
    json_object_set_new(*nccl, "buffer_bytes", json_integer((json_int_t)nc.buffer_bytes));
    free(pairs);
    return a;
}

static json_t *fallback_json(const struct build *b, const struct fp_trainer_fallback *f)
{
    const struct fp_failure *s = &f->scenario;
    const struct fp_route *r = f->kept ? b->r : &f->route;
    json_t *o = json_object(), *failed = json_array(), *nccl = json_null(), *pairs;
    struct fp_trainer_step st;
    igraph_integer_t i;
    /* no schedule: cut off, or (a workload's scenario cut short before its solve) only a
     * lower bound on theta */
    bool none = s->disconnected || (r->n_trees == 0 && r->n_ring == 0 && r->n_paths == 0);

    for (i = 0; i < s->n_failed; i++) {
        json_array_append_new(failed, json_string(b->topo->span_id[s->failed[i]]));
    }
    json_object_set_new(o, "label", json_string(s->label));
    json_object_set_new(o, "failed", failed);
    json_object_set_new(o, "disconnected", json_boolean(s->disconnected));
    json_object_set_new(o, "cut_off", node_ids(b->topo, s->cut_off, s->n_cut_off));
    json_object_set_new(o, "kept", json_boolean(f->kept));
    fp_trainer_step_compute(b->job->compute_time, s->disconnected ? NAN : r->allreduce_s,
                            b->o->utilization, &st);
    json_object_set_new(o, "status", s->disconnected ? json_null()
                                                      : json_string(fp_result_status_name(r->status)));
    json_object_set_new(o, "throughput_gbps", json_real(s->disconnected ? 0.0 : r->theta_gbps));
    json_object_set_new(o, "predicted_allreduce_s", s->disconnected ? json_null() : fp_json_num(r->allreduce_s));
    json_object_set_new(o, "bandwidth_s", s->disconnected ? json_null() : fp_json_num(r->bandwidth_s));
    json_object_set_new(o, "latency_s", s->disconnected ? json_null() : fp_json_num(r->latency_s));
    json_object_set_new(o, "exposed_comm_s", fp_json_num(st.exposed_s));
    json_object_set_new(o, "sync_interval", count_or_null(st.sync_interval));
    json_object_set_new(o, "schedule", none ? json_null() : schedule_json(b, r));
    pairs = none ? json_array() : route_pairs(b, r, &nccl);
    json_object_set_new(o, "pairs", pairs);
    json_object_set_new(o, "nccl", nccl);
    if (b->o->job_name != NULL) {   /* a workload's job: the scenario's lambda and background */
        json_object_set_new(o, "scale_gbps", fp_json_num(f->scale_gbps));
        json_object_set_new(o, "background_share", fp_json_num(f->background_share));
    }
    return o;
}

static json_t *fallbacks_json(const struct build *b)
{
    json_t *o = json_object(), *a = json_array();
    igraph_integer_t i;
    for (i = 0; i < b->o->n_fallbacks; i++) {
        json_array_append_new(a, fallback_json(b, &b->o->fallbacks[i]));
    }
    json_object_set_new(o, "by", json_string(b->o->fallbacks_by_srlg ? "srlg" : "span"));
    json_object_set_new(o, "scenarios", a);
    return o;
}

static json_t *build_json(struct build *b)
{
    json_t *root = json_object(), *warnings = json_array();
    struct fp_trainer_pair *pairs;
    struct fp_trainer_nccl nc;
    igraph_integer_t n = fp_trainer_pairs(b->topo, b->r, b->rank, &pairs), i;

    fp_trainer_nccl_compute(pairs, n, b->replica, b->r->theta_gbps, b->r->latency_s,
                            b->job->gradient_bytes, &nc);
    add_head(root, b);
    add_sites(root, b);
    json_object_set_new(root, "mesh", mesh_json(b));
    json_object_set_new(root, "rank_order", rank_order_json(b));
    add_collective(root, b);
    json_object_set_new(root, "schedule", schedule_json(b, b->r));
    json_object_set_new(root, "paths", paths_json(b));
    json_object_set_new(root, "pairs", pairs_json(b, pairs, n, &nc));
    add_step(root, b);
    add_nccl(root, b, pairs, &nc);
    if (b->o->fallbacks != NULL) {
        json_object_set_new(root, "fallbacks", fallbacks_json(b));
    }
    for (i = 0; i < b->n_warnings; i++) {
        json_array_append_new(warnings, json_string(b->warnings[i]));
    }
    json_object_set_new(root, "warnings", warnings);
    free(pairs);
    return root;
}

int fp_trainer_build(const struct fp_topo *topo, const struct fp_job *job, const struct fp_route *r,
                     const struct fp_bound *bound, const struct fp_trainer_options *o, char **text,
                     char ***warnings, igraph_integer_t *n_warnings, struct fp_error *err)
{
    struct build b;
    igraph_integer_t i;
    int rc;

    memset(&b, 0, sizeof(b));
    b.mesh = o->mesh;
    rc = fp_trainer_mesh_check(topo, job, &b.mesh, err);
    if (rc != FP_OK) {
        return rc;
    }
    b.topo = topo;
    b.job = job;
    b.r = r;
    b.bound = bound;
    b.o = o;
    b.replica = b.mesh.pp * b.mesh.dp_shard * b.mesh.tp;
    b.order = fp_xcalloc((size_t)job->n_sites + 1, sizeof(igraph_integer_t));
    fp_trainer_rank_order(job, r, b.order);
    b.rank = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(igraph_integer_t));
    for (i = 0; i < topo->n_nodes; i++) {
        b.rank[i] = -1;
    }
    for (i = 0; i < job->n_sites; i++) {
        b.rank[b.order[i]] = i;
    }
    fp_trainer_step_compute(job->compute_time, r->allreduce_s, o->utilization, &b.step);
    *text = fp_json_dump(build_json(&b));
    *warnings = b.warnings;
    *n_warnings = b.n_warnings;
    free(b.order);
    free(b.rank);
    return FP_OK;
}

char *fp_trainer_dumps(const struct fp_topo *topo, const struct fp_job *job,
                       const struct fp_route *r, const struct fp_bound *bound)
{
    struct fp_trainer_options o;
    struct fp_error err;
    char *text = NULL, **warnings = NULL;
    igraph_integer_t n = 0, i;

    fp_trainer_options_init(&o);
    fp_error_init(&err);
    if (fp_trainer_build(topo, job, r, bound, &o, &text, &warnings, &n, &err) != FP_OK) {
        return NULL;
    }
    for (i = 0; i < n; i++) {
        free(warnings[i]);
    }
    free(warnings);
    return text;
}

int fp_trainer_stamp_step(char **text, const struct fp_trainer_step *st, struct fp_error *err)
{
    json_error_t jerr;
    json_t *root;
    if (!isfinite(st->compute_s)) {
        return FP_OK;
    }
    root = json_loads(*text, 0, &jerr);
    if (!json_is_object(root)) {
        json_decref(root);
        return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: the result is not a JSON object");
    }
    json_object_set_new(root, "step", step_json(st));
    free(*text);
    *text = fp_json_dump(root);
    return FP_OK;
}
