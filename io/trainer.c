/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: what the trainer configuration says (docs/trainer-config.md): the mesh and rank
 * layout, per site pair bandwidth, RTT and NCCL values, the step-time model and the DiLoCo
 * sync interval, over a routed collective (MODEL.md "Demand", "Time"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/xalloc.h"
#include "io/textfmt.h"
#include "io/trainer.h"
#include "io/trainer_internal.h"

#define MIB 1048576.0
#define MAX_DEGREE 1000000000LL
#define MAX_INTERVAL 1e15
#define SAME_UTILIZATION 1e-12   /* u(H) >= U within this (relative): T / C is rarely exact */

static const char *const degree_names[] = {"dp_shard", "tp", "pp", "ep"};

void fp_trainer_options_init(struct fp_trainer_options *o)
{
    memset(o, 0, sizeof(*o));
    o->utilization = NAN;
}

int fp_trainer_mesh_parse(const char *text, struct fp_trainer_mesh *mesh, struct fp_error *err)
{
    char *copy = fp_xstrdup(text), *save = NULL, *item;
    long long v[4] = {0, 1, 1, 1};
    bool seen[4] = {false, false, false, false};
    int rc = FP_OK, i;

    for (item = strtok_r(copy, ",", &save); item != NULL && rc == FP_OK; item = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(item, '=');
        long long d;
        if (eq == NULL) {
            rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "--mesh: expected KEY=N with KEY dp_shard, tp, "
                              "pp or ep, got '%s'", item);
            break;
        }
        *eq = '\0';
        for (i = 0; i < 4 && strcmp(item, degree_names[i]) != 0; i++) {
        }
        if (i == 4) {
            rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "--mesh: unknown degree '%s' (dp_shard, tp, pp "
                              "or ep)", item);
        } else if (seen[i]) {
            rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "--mesh: %s is given twice", item);
        } else if (fp_parse_integer(eq + 1, &d) != 0 || d < 1 || d > MAX_DEGREE) {
            rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "--mesh: %s must be a whole number from 1 to "
                              "1e9, got '%s'", item, eq + 1);
        } else {
            seen[i] = true;
            v[i] = d;
        }
    }
    if (rc == FP_OK && !seen[0]) {
        rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "--mesh needs dp_shard=N (tp, pp and ep default "
                          "to 1), got '%s'", text);
    } else if (rc == FP_OK && v[0] % v[3] != 0) {
        rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "--mesh: ep=%lld must divide dp_shard=%lld (the "
                          "experts are sharded within the dp_shard group)", v[3], v[0]);
    }
    if (rc == FP_OK) {
        mesh->given = true;
        mesh->dp_shard = v[0];
        mesh->tp = v[1];
        mesh->pp = v[2];
        mesh->ep = v[3];
    }
    free(copy);
    return rc;
}

static long long gcd(long long a, long long b)
{
    while (b != 0) {
        long long t = a % b;
        a = b;
        b = t;
    }
    return a;
}

int fp_trainer_mesh_check(const struct fp_topo *topo, const struct fp_job *job,
                          struct fp_trainer_mesh *mesh, struct fp_error *err)
{
    igraph_integer_t i;
    long long g = 0;
    double replica;
    int rc = fp_trainer_check(topo, job, err);

    if (rc != FP_OK || !mesh->given) {
        for (i = 0; rc == FP_OK && i < job->n_sites; i++) {
            g = gcd(topo->gpus[job->sites[i]], g);
        }
        if (rc == FP_OK) {
            mesh->dp_shard = g;
            mesh->tp = mesh->pp = mesh->ep = 1;
        }
        return rc;
    }
    replica = (double)mesh->pp * (double)mesh->dp_shard * (double)mesh->tp;
    for (i = 0; i < job->n_sites; i++) {
        igraph_integer_t v = job->sites[i];
        char a[64], b[64];
        if (replica <= (double)topo->gpus[v] && topo->gpus[v] % (long long)replica == 0) {
            continue;
        }
        return fp_error_set(err, FP_EDATA, topo->path, topo->node_line[v],
                            "--mesh: a replica is pp x dp_shard x tp = %lld x %lld x %lld = %s GPUs, "
                            "which does not divide the %s GPUs of site '%s': every site must hold "
                            "whole replicas", mesh->pp, mesh->dp_shard, mesh->tp,
                            fp_textfmt_grouped(a, sizeof(a), replica),
                            fp_textfmt_grouped(b, sizeof(b), (double)topo->gpus[v]), topo->node_id[v]);
    }
    return FP_OK;
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

static igraph_integer_t index_of(const struct fp_job *job, igraph_integer_t v)
{
    igraph_integer_t i;
    for (i = 0; i < job->n_sites; i++) {
        if (job->sites[i] == v) {
            return i;
        }
    }
    return -1;
}

igraph_integer_t *fp_trainer_tree_parents(const struct fp_job *job, const struct fp_tree *t)
{
    igraph_integer_t k = job->n_sites, i, *parent = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    igraph_integer_t *ends = fp_xcalloc(2 * (size_t)t->n_edges + 1, sizeof(igraph_integer_t));
    bool *in = fp_xcalloc((size_t)k + 1, sizeof(bool)), grew = true;
    igraph_integer_t root = index_of(job, t->root);

    for (i = 0; i < k; i++) {
        parent[i] = -1;
    }
    for (i = 0; i < 2 * t->n_edges; i++) {
        ends[i] = index_of(job, t->edges[i]);
    }
    if (root >= 0) {
        in[root] = true;
    }
    while (grew) {
        grew = false;
        for (i = 0; i < t->n_edges; i++) {
            igraph_integer_t a = ends[2 * i], b = ends[2 * i + 1];
            if (a < 0 || b < 0 || in[a] == in[b]) {
                continue;
            }
            parent[in[a] ? b : a] = in[a] ? a : b;
            in[a] = in[b] = grew = true;
        }
    }
    free(ends);
    free(in);
    return parent;
}

igraph_integer_t fp_trainer_layout_tree(const struct fp_route *r)
{
    igraph_integer_t i, best = 0;
    for (i = 1; i < r->n_trees; i++) {   /* larger beyond the solver's noise */
        best = r->trees[i].rate_gbps > r->trees[best].rate_gbps * (1 + 1e-9) ? i : best;
    }
    return best;
}

void fp_trainer_rank_order(const struct fp_job *job, const struct fp_route *r, igraph_integer_t *order)
{
    igraph_integer_t k = job->n_sites, i, n = 0, top = 0, best, *parent, *stack;
    bool *done;

    if (r->algorithm == FP_COLL_RING && r->n_ring == k) {
        memcpy(order, r->ring_order, (size_t)k * sizeof(igraph_integer_t));
        return;
    }
    if (r->algorithm != FP_COLL_TREE || r->n_trees == 0 || index_of(job, r->trees[0].root) < 0) {
        memcpy(order, job->sites, (size_t)k * sizeof(igraph_integer_t));
        return;
    }
    best = fp_trainer_layout_tree(r);
    parent = fp_trainer_tree_parents(job, &r->trees[best]);
    stack = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    done = fp_xcalloc((size_t)k + 1, sizeof(bool));
    stack[top++] = index_of(job, r->trees[best].root);
    while (top > 0) {
        igraph_integer_t u = stack[--top];
        order[n++] = job->sites[u];
        done[u] = true;
        for (i = k - 1; i >= 0; i--) {   /* pushed in reverse: popped in the job's order */
            if (parent[i] == u) {
                stack[top++] = i;
            }
        }
    }
    for (i = 0; i < k; i++) {   /* a site the tree misses (none in a spanning tree) */
        if (!done[i]) {
            order[n++] = job->sites[i];
        }
    }
    free(parent);
    free(stack);
    free(done);
}

static double util_overlapped(double h, double c, double t)
{
    double hc = h * c, round = hc + fmax(0.0, t - hc);
    return round > 0 ? hc / round : 1.0;
}

static double util_blocking(double h, double c, double t)
{
    return h * c + t > 0 ? h * c / (h * c + t) : 1.0;
}

/* The smallest H >= 1 with u(H) >= U, from a guess near it; 0 past MAX_INTERVAL. */
static long long smallest_interval(double (*u)(double, double, double), double c, double t, double target,
                                   double guess)
{
    double h;
    if (!(guess <= MAX_INTERVAL)) {
        return 0;
    }
    h = fmax(1.0, ceil(guess));
    while (h > 1 && u(h - 1, c, t) >= target * (1 - SAME_UTILIZATION)) {
        h -= 1;
    }
    while (u(h, c, t) < target * (1 - SAME_UTILIZATION)) {
        if ((h += 1) > MAX_INTERVAL) {
            return 0;
        }
    }
    return (long long)h;
}

void fp_trainer_step_compute(double compute_s, double allreduce_s, double target,
                             struct fp_trainer_step *st)
{
    double c = compute_s, t = allreduce_s;
    memset(st, 0, sizeof(*st));
    st->compute_s = c;
    st->allreduce_s = t;
    st->target = target;
    st->exposed_s = st->step_s = st->utilization = NAN;
    st->sync_exposed_s = st->sync_round_s = st->sync_utilization = NAN;
    if (!isfinite(c)) {
        return;
    }
    st->exposed_s = fmax(0.0, t - c);
    st->step_s = c + st->exposed_s;
    st->utilization = st->step_s > 0 ? c / st->step_s : NAN;
    if (!(c > 0)) {
        return;
    }
    /* ceil(T / C): the interval whose compute hides the all-reduce (u = 1) */
    st->full_overlap = t / c <= MAX_INTERVAL ? (long long)fmax(1.0, ceil(t / c - 1e-12)) : 0;
    if (!isfinite(target)) {
        return;
    }
    st->sync_interval = smallest_interval(util_overlapped, c, t, target, target * t / c);
    if (st->sync_interval > 0) {
        double h = (double)st->sync_interval;
        st->sync_exposed_s = fmax(0.0, t - h * c);
        st->sync_round_s = h * c + st->sync_exposed_s;
        st->sync_utilization = util_overlapped(h, c, t);
    }
    if (target < 1) {
        st->blocking_interval = smallest_interval(util_blocking, c, t, target,
                                                  target * t / ((1 - target) * c));
    } else {
        st->blocking_interval = t > 0 ? 0 : 1;
    }
}

struct keyed {
    long long key;
    struct fp_trainer_pair p;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

igraph_integer_t fp_trainer_pairs(const struct fp_topo *topo, const struct fp_route *r,
                                  const igraph_integer_t *rank, struct fp_trainer_pair **pairs)
{
    igraph_integer_t v, i, n = 0;
    long long k = 0, *slot;
    struct keyed *acc = fp_xcalloc((size_t)r->n_paths + 1, sizeof(struct keyed));

    for (v = 0; v < topo->n_nodes; v++) {
        k = rank[v] + 1 > k ? rank[v] + 1 : k;
    }
    slot = fp_xcalloc((size_t)(k * k) + 1, sizeof(long long));
    for (i = 0; i < r->n_paths; i++) {
        const struct fp_flow_path *p = &r->paths[i];
        long long key = rank[p->src] * k + rank[p->dst];
        struct fp_trainer_pair *q;
        if (!(p->gbps > 0) || rank[p->src] < 0 || rank[p->dst] < 0) {
            continue;
        }
        if (slot[key] == 0) {
            slot[key] = ++n;
            acc[n - 1].key = key;
            acc[n - 1].p.src = p->src;
            acc[n - 1].p.dst = p->dst;
            acc[n - 1].p.src_rank = rank[p->src];
            acc[n - 1].p.dst_rank = rank[p->dst];
            acc[n - 1].p.min_rtt_s = INFINITY;
        }
        q = &acc[slot[key] - 1].p;
        q->gbps += p->gbps;
        q->paths++;
        q->rtt_s = fmax(q->rtt_s, 2.0 * p->delay_s);
        q->min_rtt_s = fmin(q->min_rtt_s, 2.0 * p->delay_s);
        q->bdp_bytes += p->gbps * 1e9 / 8.0 * 2.0 * p->delay_s;
    }
    qsort(acc, (size_t)n, sizeof(struct keyed), cmp_keyed);
    *pairs = fp_xcalloc((size_t)n + 1, sizeof(struct fp_trainer_pair));
    for (i = 0; i < n; i++) {
        (*pairs)[i] = acc[i].p;
    }
    free(slot);
    free(acc);
    return n;
}

double fp_trainer_pow2_buffer(double x)
{
    double p = FP_TRAINER_MIN_BUFFSIZE;
    while (p < x && p < FP_TRAINER_MAX_BUFFSIZE) {
        p *= 2;
    }
    return p;
}

/* The most other sites one site exchanges with over the pairs (either direction). */
static long most_peers(const struct fp_trainer_pair *pairs, igraph_integer_t n)
{
    igraph_integer_t i, k = 0, a, b;
    long most = 0;
    bool *adj;
    for (i = 0; i < n; i++) {
        k = pairs[i].src_rank >= k ? pairs[i].src_rank + 1 : k;
        k = pairs[i].dst_rank >= k ? pairs[i].dst_rank + 1 : k;
    }
    adj = fp_xcalloc((size_t)(k * k) + 1, sizeof(bool));
    for (i = 0; i < n; i++) {
        adj[pairs[i].src_rank * k + pairs[i].dst_rank] = true;
        adj[pairs[i].dst_rank * k + pairs[i].src_rank] = true;
    }
    for (a = 0; a < k; a++) {
        long count = 0;
        for (b = 0; b < k; b++) {
            count += adj[a * k + b];
        }
        most = count > most ? count : most;
    }
    free(adj);
    return most;
}

void fp_trainer_nccl_compute(const struct fp_trainer_pair *pairs, igraph_integer_t n, long long groups,
                             double theta_gbps, double latency_s, double gradient_bytes,
                             struct fp_trainer_nccl *nc)
{
    igraph_integer_t i;
    long most_paths = 1;
    double share = FP_TRAINER_BUCKET_LATENCY_SHARE, rank_bytes_s, cap;

    memset(nc, 0, sizeof(*nc));
    nc->groups = groups > 0 ? groups : 1;
    for (i = 0; i < n; i++) {
        most_paths = pairs[i].paths > most_paths ? pairs[i].paths : most_paths;
    }
    nc->channels = (long)ceil((double)most_paths / (double)nc->groups);
    nc->channels = nc->channels < 1 ? 1 : nc->channels > FP_TRAINER_MAX_CHANNELS ? FP_TRAINER_MAX_CHANNELS
                                                                                 : nc->channels;
    nc->connections = nc->groups * nc->channels;
    nc->peers = most_peers(pairs, n);
    nc->need_pair = -1;
    for (i = 0; i < n; i++) {
        double need = pairs[i].bdp_bytes / (double)nc->connections;
        if (need > nc->buffer_need_bytes) {
            nc->buffer_need_bytes = need;
            nc->need_pair = i;
        }
    }
    nc->buffer_bytes = fp_trainer_pow2_buffer(nc->buffer_need_bytes);
    nc->memory_bytes = (double)nc->channels * 2.0 * (double)nc->peers * nc->buffer_bytes;
    /* a bucket's bandwidth time 8 b / (theta / G) at least (1 - share) / share x T_lat */
    rank_bytes_s = theta_gbps / (double)nc->groups * 1e9 / 8.0;
    nc->bucket_bytes = fmax(MIB, ceil(latency_s * (1 - share) / share * rank_bytes_s / MIB) * MIB);
    cap = fmax(MIB, ceil(gradient_bytes / (double)nc->groups / MIB) * MIB);
    nc->bucket_bytes = fmin(nc->bucket_bytes, cap);
}

void fp_trainer_fallbacks_free(struct fp_trainer_fallback *fb, igraph_integer_t n)
{
    igraph_integer_t i;
    for (i = 0; fb != NULL && i < n; i++) {
        free(fb[i].scenario.label);
        free(fb[i].scenario.failed);
        free(fb[i].scenario.cut_off);
        fp_result_route_release(&fb[i].route);
    }
    free(fb);
}

