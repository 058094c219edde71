/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: trainer configuration writer (schema fiberplan.trainer/1; jansson). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/xalloc.h"
#include "io/json_internal.h"
#include "io/trainer.h"

#ifndef FP_VERSION
#define FP_VERSION "unknown"
#endif

#define MIN_BUFFSIZE (4.0 * 1024 * 1024)      /* NCCL's default per-channel buffer */
#define MAX_BUFFSIZE (1024.0 * 1024 * 1024)
#define MAX_CHANNELS 32

static igraph_integer_t rank_of(const struct fp_job *job, igraph_integer_t v)
{
    igraph_integer_t i;
    for (i = 0; i < job->n_sites; i++) {
        if (job->sites[i] == v) {
            return i;
        }
    }
    return -1;
}

/* Parent links of tree t rooted at t->root: BFS over its edges. */
static json_t *parents(const struct fp_topo *topo, const struct fp_job *job, const struct fp_tree *t)
{
    igraph_integer_t k = job->n_sites, i, it;
    igraph_integer_t *parent = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    bool *in = fp_xcalloc((size_t)k + 1, sizeof(bool));
    json_t *o = json_object();

    for (i = 0; i < k; i++) {
        parent[i] = -1;
    }
    in[rank_of(job, t->root)] = true;
    for (it = 0; it < k; it++) {
        for (i = 0; i < t->n_edges; i++) {
            igraph_integer_t a = rank_of(job, t->edges[2 * i]), b = rank_of(job, t->edges[2 * i + 1]);
            if (in[a] && !in[b]) {
                in[b] = true;
                parent[b] = a;
            } else if (in[b] && !in[a]) {
                in[a] = true;
                parent[a] = b;
            }
        }
    }
    for (i = 0; i < k; i++) {
        json_object_set_new(o, topo->node_id[job->sites[i]],
                            parent[i] >= 0 ? json_string(topo->node_id[job->sites[parent[i]]])
                                           : json_null());
    }
    free(parent);
    free(in);
    return o;
}

static double pow2_at_least(double x)
{
    double p = MIN_BUFFSIZE;
    while (p < x && p < MAX_BUFFSIZE) {
        p *= 2;
    }
    return p;
}

int fp_trainer_check(const struct fp_topo *topo, const struct fp_job *job, struct fp_error *err)
{
    char list[256] = "";
    igraph_integer_t i, n = 0, first = -1;
    size_t len = 0;

    for (i = 0; i < job->n_sites; i++) {
        igraph_integer_t v = job->sites[i];
        if (topo->gpus[v] > 0) {
            continue;
        }
        if (first < 0) {
            first = v;
        }
        if (n < 5 && len < sizeof(list)) {
            len += (size_t)snprintf(list + len, sizeof(list) - len, "%s'%s'%s%s%s", n > 0 ? ", " : "",
                                    topo->node_id[v], topo->node_name[v] != NULL ? " (" : "",
                                    topo->node_name[v] != NULL ? topo->node_name[v] : "",
                                    topo->node_name[v] != NULL ? ")" : "");
        }
        n++;
    }
    if (n == 0) {
        return FP_OK;
    }
    if (n > 5 && len < sizeof(list)) {
        snprintf(list + len, sizeof(list) - len, " and %ld more", (long)(n - 5));
    }
    return fp_error_set(err, FP_EDATA, topo->path, topo->node_line[first],
                        "--trainer-config needs gpus > 0 at every site, got none at %s; "
                        "give each site a gpus count", list);
}

char *fp_trainer_dumps(const struct fp_topo *topo, const struct fp_job *job,
                       const struct fp_route *r, const struct fp_bound *bound)
{
    json_t *root = json_object(), *j = json_object(), *sites = json_array(), *mesh = json_object();
    json_t *shard = json_array(), *names = json_array(), *coll = json_object(), *sched = json_object();
    json_t *paths = json_array(), *overlap = json_object(), *nccl = json_object();
    igraph_integer_t i, k = job->n_sites, uniform = job->n_sites > 0 ? topo->gpus[job->sites[0]] : 0;
    long long world = 0;
    double max_bdp = 0.0, T = r->allreduce_s, ct = job->compute_time;
    long max_paths_per_pair = 1;

    json_object_set_new(root, "schema", json_string("fiberplan.trainer/1"));
    json_object_set_new(root, "generator", json_string("fiberplan " FP_VERSION));
    json_object_set_new(root, "topology", json_string(topo->name != NULL ? topo->name : topo->path));

    json_object_set_new(j, "params", json_real(job->params));
    json_object_set_new(j, "grad_bytes", json_real(job->grad_bytes));
    json_object_set_new(j, "gradient_bytes", json_real(job->gradient_bytes));
    json_object_set_new(j, "compute_time_s", fp_json_num(ct));
    json_object_set_new(root, "job", j);

    for (i = 0; i < k; i++) {
        igraph_integer_t v = job->sites[i];
        json_t *s = json_object();
        json_object_set_new(s, "rank", json_integer(i));
        json_object_set_new(s, "id", json_string(topo->node_id[v]));
        json_object_set_new(s, "name", topo->node_name[v] != NULL ? json_string(topo->node_name[v])
                                                                 : json_null());
        json_object_set_new(s, "gpus", json_integer(topo->gpus[v]));
        json_array_append_new(sites, s);
        json_array_append_new(shard, json_integer(topo->gpus[v]));
        world += topo->gpus[v];
        if (topo->gpus[v] != uniform) {
            uniform = -1;
        }
    }
    json_object_set_new(root, "sites", sites);

    /* HSDP: data-parallel replicas across sites, parameters sharded within a site */
    json_array_append_new(names, json_string("replicate"));
    json_array_append_new(names, json_string("shard"));
    json_object_set_new(mesh, "mesh_dim_names", names);
    json_object_set_new(mesh, "replicate", json_integer(k));
    json_object_set_new(mesh, "shard_per_site", shard);
    json_object_set_new(mesh, "uniform_shard", uniform > 0 ? json_integer(uniform) : json_null());
    json_object_set_new(mesh, "world_size", json_integer(world));
    json_object_set_new(root, "device_mesh", mesh);

    json_object_set_new(coll, "algorithm", json_string(fp_result_collective_name(r->algorithm)));
    json_object_set_new(coll, "throughput_gbps", json_real(r->theta_gbps));
    json_object_set_new(coll, "predicted_allreduce_s", fp_json_num(T));
    json_object_set_new(coll, "bandwidth_s", fp_json_num(r->bandwidth_s));
    json_object_set_new(coll, "latency_s", fp_json_num(r->latency_s));
    json_object_set_new(coll, "lower_bound_s", bound != NULL ? json_real(bound->allreduce_s) : json_null());
    json_object_set_new(root, "collective", coll);

    if (r->algorithm == FP_COLL_TREE) {
        json_t *trees = json_array();
        for (i = 0; i < r->n_trees; i++) {
            json_t *t = json_object();
            json_object_set_new(t, "chunk_fraction", json_real(r->trees[i].rate_gbps / r->theta_gbps));
            json_object_set_new(t, "rate_gbps", json_real(r->trees[i].rate_gbps));
            json_object_set_new(t, "root", json_string(topo->node_id[r->trees[i].root]));
            json_object_set_new(t, "parents", parents(topo, job, &r->trees[i]));
            json_array_append_new(trees, t);
        }
        json_object_set_new(sched, "trees", trees);
    } else if (r->algorithm == FP_COLL_RING) {
        json_t *order = json_array();
        for (i = 0; i < r->n_ring; i++) {
            json_array_append_new(order, json_string(topo->node_id[r->ring_order[i]]));
        }
        json_object_set_new(sched, "ring_order", order);
        json_object_set_new(sched, "directions", json_integer(2));
    } else {
        json_object_set_new(sched, "shard_fraction", json_real(1.0 / (double)k));
    }
    json_object_set_new(root, "schedule", sched);

    for (i = 0; i < r->n_paths; i++) {
        const struct fp_flow_path *p = &r->paths[i];
        json_t *po = json_object(), *spans = json_array();
        double bdp = p->gbps * 1e9 / 8.0 * 2.0 * p->delay_s;   /* bytes in flight over an RTT */
        igraph_integer_t a, same = 0;
        for (a = 0; a < p->n_arcs; a++) {
            json_array_append_new(spans, json_string(topo->span_id[p->arcs[a] / 2]));
        }
        for (a = 0; a < r->n_paths; a++) {
            same += r->paths[a].src == p->src && r->paths[a].dst == p->dst;
        }
        if (same > max_paths_per_pair) {
            max_paths_per_pair = (long)same;
        }
        if (bdp > max_bdp) {
            max_bdp = bdp;
        }
        json_object_set_new(po, "source", json_string(topo->node_id[p->src]));
        json_object_set_new(po, "target", json_string(topo->node_id[p->dst]));
        json_object_set_new(po, "gbps", json_real(p->gbps));
        json_object_set_new(po, "delay_s", json_real(p->delay_s));
        json_object_set_new(po, "rtt_s", json_real(2.0 * p->delay_s));
        json_object_set_new(po, "bdp_bytes", json_real(bdp));
        json_object_set_new(po, "spans", spans);
        json_array_append_new(paths, po);
    }
    json_object_set_new(root, "paths", paths);

    json_object_set_new(overlap, "compute_time_s", fp_json_num(ct));
    json_object_set_new(overlap, "exposed_comm_s", isfinite(ct) ? json_real(T > ct ? T - ct : 0.0) : json_null());
    /* local-SGD / DiLoCo: syncing every H steps spreads T over H steps of compute */
    json_object_set_new(overlap, "sync_interval_min",
                        isfinite(ct) && ct > 0 ? json_integer((json_int_t)ceil(T / ct - 1e-12) < 1 ? 1
                                                              : (json_int_t)ceil(T / ct - 1e-12))
                                               : json_null());
    json_object_set_new(root, "overlap", overlap);

    {
        long channels = r->algorithm == FP_COLL_TREE && r->n_trees > max_paths_per_pair
                            ? (long)r->n_trees : max_paths_per_pair;
        double per_channel = max_bdp / (double)(channels > 0 ? channels : 1);
        if (channels > MAX_CHANNELS) {
            channels = MAX_CHANNELS;
        }
        json_object_set_new(nccl, "NCCL_ALGO", json_string(r->algorithm == FP_COLL_TREE ? "Tree" : "Ring"));
        json_object_set_new(nccl, "NCCL_MIN_NCHANNELS", json_integer(channels));
        json_object_set_new(nccl, "NCCL_BUFFSIZE", json_integer((json_int_t)pow2_at_least(per_channel)));
        json_object_set_new(root, "nccl_hints", nccl);
    }

    return fp_json_dump(root);
}
