/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the master LP of a workload (MODEL.md "Workloads"): per job its commodities, share
 * row and tree or fixed schedule columns, the background's commodities and share beta, the
 * capacity rows all of them share, and the path columns. What the rows and columns mean is in
 * solvers/workload_internal.h; this file only builds and edits the LP. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/route_internal.h"
#include "solvers/workload_internal.h"

void fp_wlmaster_init(struct wl_master *m, const struct fp_topo *topo, const struct fp_workload *wl,
                      const struct fp_route_options *opts)
{
    memset(m, 0, sizeof(*m));
    if (opts->deadline != NULL) {
        m->dl = *opts->deadline;
    } else {
        fp_deadline_init(&m->dl, opts->time_limit_s, opts->stop);
    }
    m->topo = topo;
    m->wl = wl;
    m->opts = opts;
    m->n_jobs = wl->n_jobs;
}

void fp_wlmaster_release(struct wl_master *m)
{
    igraph_integer_t i;
    if (m->have_arcs) {
        igraph_destroy(&m->arcs);
    }
    fp_lp_free(m->lp);
    for (i = 0; m->jobs != NULL && i < m->n_jobs; i++) {
        free(m->jobs[i].pair_comm);
        free(m->jobs[i].share_row);
        free(m->jobs[i].sched_col);
        free(m->jobs[i].ring);
        if (m->jobs[i].have_complete) {
            igraph_destroy(&m->jobs[i].complete);
        }
    }
    free(m->jobs);
    free(m->comms);
    free(m->cap_row);
    for (i = 0; i < m->n_paths; i++) {
        free(m->paths[i].arcs);
    }
    free(m->paths);
    for (i = 0; i < m->n_trees; i++) {
        free(m->trees[i].edges);
    }
    free(m->trees);
    free(m->theta_mu);
    free(m->add_col);
    free(m->build_col);
    free(m->pair_col);
    free(m->pair_row);
    free(m->pair_cost);
    free(m->build_row);
    free(m->add_cost);
    memset(m, 0, sizeof(*m));
}

/* The suffix of scenario s's row and column names: "" for the intact network, else "|s<s>". */
static const char *scen_suffix(igraph_integer_t s, char *buf, size_t size)
{
    buf[0] = '\0';
    if (s > 0) {
        snprintf(buf, size, "|s%ld", (long)s);
    }
    return buf;
}

static void add_comm(struct wl_master *m, igraph_integer_t job, igraph_integer_t s, igraph_integer_t src,
                     igraph_integer_t dst, double demand)
{
    struct wl_comm *c;
    char name[400], suffix[32];
    m->comms = fp_xpush(m->comms, (size_t)m->n_comms, sizeof(struct wl_comm));
    c = &m->comms[m->n_comms++];
    c->src = src;
    c->dst = dst;
    c->job = job;
    c->scen = s;
    c->demand = demand;
    c->shortest_s = INFINITY;
    snprintf(name, sizeof(name), "def(%s,%s|%s%s)", m->topo->node_id[src], m->topo->node_id[dst],
             job >= 0 ? m->wl->jobs[job].name : "bg", scen_suffix(s, suffix, sizeof(suffix)));
    c->row = fp_lp_add_row_lo(m->lp, name, 0.0);
}

/* Scenario s's commodities: every job's ordered site pairs, then the background's pairs (a pair
 * given twice summed). */
static void build_comms(struct wl_master *m, igraph_integer_t s)
{
    const struct fp_workload *wl = m->wl;
    igraph_integer_t j, a, b, i, r, first = m->n_comms;
    for (j = 0; j < m->n_jobs; j++) {
        struct wl_job *jb = &m->jobs[j];
        igraph_integer_t *pc = jb->pair_comm + s * jb->k * jb->k;
        for (a = 0; a < jb->k; a++) {
            for (b = 0; b < jb->k; b++) {
                pc[a * jb->k + b] = a == b ? -1 : m->n_comms;
                if (a != b) {
                    add_comm(m, j, s, jb->spec->job.sites[a], jb->spec->job.sites[b], 0.0);
                }
            }
        }
    }
    for (i = 0; i < wl->n_background; i++) {
        const struct fp_demand *d = &wl->background[i];
        for (r = first; r < m->n_comms; r++) {
            if (m->comms[r].job < 0 && m->comms[r].src == d->src && m->comms[r].dst == d->dst) {
                break;
            }
        }
        if (r < m->n_comms) {
            m->comms[r].demand += d->gbps;
        } else {
            add_comm(m, -1, s, d->src, d->dst, d->gbps);
        }
    }
}

const bool *fp_wlmaster_failed(const struct wl_master *m, igraph_integer_t s)
{
    return s == 0 ? m->opts->failed : m->popts->scen_failed + (s - 1) * m->topo->n_spans;
}

/* Scenario s's cap(e, fw|bw) <= c_e / scale on every lit span with capacity, and on every span a
 * plan can grow (m->popts), but those that failed in s. */
static void build_caps(struct wl_master *m, igraph_integer_t s)
{
    const struct fp_topo *t = m->topo;
    const bool *failed = fp_wlmaster_failed(m, s);
    int *row = m->cap_row + s * 2 * t->n_spans;
    igraph_integer_t e;
    char name[160], suffix[32];
    scen_suffix(s, suffix, sizeof(suffix));
    for (e = 0; e < t->n_spans; e++) {
        double c = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
        bool grows = m->popts != NULL && fp_plan_span_plannable(t, m->popts, e);
        if ((c > 0.0 || grows) && (failed == NULL || !failed[e])) {
            snprintf(name, sizeof(name), "cap(%s,fw%s)", t->span_id[e], suffix);
            row[2 * e] = fp_lp_add_row_up(m->lp, name, c / m->scale);
            snprintf(name, sizeof(name), "cap(%s,bw%s)", t->span_id[e], suffix);
            row[2 * e + 1] = fp_lp_add_row_up(m->lp, name, c / m->scale);
        }
    }
}

/* scale = the largest lit capacity (1 when none). */
static void set_scale(struct wl_master *m)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t e;
    m->scale = 0.0;
    for (e = 0; e < t->n_spans; e++) {
        if (fp_topo_is_lit(t, e) && t->capacity_gbps[e] > m->scale) {
            m->scale = t->capacity_gbps[e];
        }
    }
    if (m->scale <= 0.0) {
        m->scale = 1.0;
    }
}

/* A ring or direct job's one column theta_j (MODEL.md "Demand"): each ring hop and its reverse
 * carry (k-1)/k theta, every ordered pair 2/k theta for direct; +1 on its share row. */
static void add_sched_col(struct wl_master *m, igraph_integer_t j, igraph_integer_t s)
{
    struct wl_job *jb = &m->jobs[j];
    igraph_integer_t k = jb->k, i, a, b;
    const igraph_integer_t *pc = jb->pair_comm + s * k * k;
    double *coef = fp_xcalloc((size_t)(k * k) + 1, sizeof(double));
    int *rows = fp_xcalloc((size_t)(k * k) + 2, sizeof(int));
    double *vals = fp_xcalloc((size_t)(k * k) + 2, sizeof(double));
    char name[300], suffix[32];
    int n = 0;

    for (i = 0; jb->spec->collective == FP_COLL_RING && i < k; i++) {
        a = jb->ring[i];
        b = jb->ring[(i + 1) % k];
        coef[a * k + b] += (double)(k - 1) / (double)k;
        coef[b * k + a] += (double)(k - 1) / (double)k;
    }
    for (i = 0; jb->spec->collective == FP_COLL_DIRECT && i < k * k; i++) {
        coef[i] = i / k == i % k ? 0.0 : 2.0 / (double)k;
    }
    for (i = 0; i < k * k; i++) {
        if (coef[i] > 0.0) {
            rows[n] = m->comms[pc[i]].row;
            vals[n++] = -coef[i];
        }
    }
    rows[n] = jb->share_row[s];
    vals[n++] = 1.0;
    snprintf(name, sizeof(name), "theta(%s%s)", jb->spec->name, scen_suffix(s, suffix, sizeof(suffix)));
    jb->sched_col[s] = fp_lp_add_col(m->lp, name, 0.0, n, rows, vals);
    free(coef);
    free(rows);
    free(vals);
}

/* share(j|s) rows (= 0 when routing; >= 0 in a survivable plan, lambda the worst scenario's),
 * lambda (-w_j on each), beta (-D_r / scale on the background's rows of every scenario) and the
 * fixed schedules' columns. */
static void build_shares(struct wl_master *m)
{
    igraph_integer_t j, r, s, n_bg = 0, n = m->n_jobs * m->n_scen;
    int *rows = fp_xcalloc((size_t)(n + m->n_comms) + 1, sizeof(int));
    double *vals = fp_xcalloc((size_t)(n + m->n_comms) + 1, sizeof(double));
    char name[300], suffix[32];

    for (s = 0; s < m->n_scen; s++) {
        for (j = 0; j < m->n_jobs; j++) {
            snprintf(name, sizeof(name), "share(%s%s)", m->wl->jobs[j].name,
                     scen_suffix(s, suffix, sizeof(suffix)));
            m->jobs[j].share_row[s] = m->n_scen > 1 ? fp_lp_add_row_lo(m->lp, name, 0.0)
                                                    : fp_lp_add_row_fx(m->lp, name, 0.0);
            rows[s * m->n_jobs + j] = m->jobs[j].share_row[s];
            vals[s * m->n_jobs + j] = -m->wl->jobs[j].weight;
        }
    }
    if (m->n_scen > 1) {
        /* the intact network's share rows on lambda_0, the failure scenarios' on lambda, and
         * intact_floor: lambda_0 - lambda >= 0 */
        int floor_row = fp_lp_add_row_lo(m->lp, "intact_floor", 0.0);
        m->intact_col = fp_lp_add_col(m->lp, "lambda_0", 0.0, (int)m->n_jobs, rows, vals);
        m->lambda_col = fp_lp_add_col(m->lp, "lambda", 1.0, (int)(n - m->n_jobs), rows + m->n_jobs,
                                      vals + m->n_jobs);
        fp_lp_set_coef(m->lp, floor_row, m->intact_col, 1.0);
        fp_lp_set_coef(m->lp, floor_row, m->lambda_col, -1.0);
    } else {
        m->lambda_col = fp_lp_add_col(m->lp, "lambda", 1.0, (int)n, rows, vals);
    }
    for (r = 0; r < m->n_comms; r++) {
        if (m->comms[r].job < 0) {
            rows[n_bg] = m->comms[r].row;
            vals[n_bg++] = -m->comms[r].demand / m->scale;
        }
    }
    if (n_bg > 0) {
        m->beta_col = fp_lp_add_col(m->lp, "background", 0.0, (int)n_bg, rows, vals);
        fp_lp_set_col_bounds(m->lp, m->beta_col, 0.0, 1.0);
    }
    for (s = 0; s < m->n_scen; s++) {
        for (j = 0; j < m->n_jobs; j++) {
            if (m->wl->jobs[j].collective != FP_COLL_TREE) {
                add_sched_col(m, j, s);
            }
        }
    }
    free(rows);
    free(vals);
}

/* Job j's ring order (vertices) as site indices. */
static void ring_indices(struct wl_job *jb, const igraph_integer_t *ring)
{
    igraph_integer_t i, a;
    jb->ring = fp_xcalloc((size_t)jb->k + 1, sizeof(igraph_integer_t));
    for (i = 0; i < jb->k; i++) {
        for (a = 0; a < jb->k; a++) {
            if (jb->spec->job.sites[a] == ring[i]) {
                jb->ring[i] = a;
            }
        }
    }
}

int fp_wlmaster_build(struct wl_master *m, igraph_integer_t *const *rings, struct fp_error *err)
{
    igraph_integer_t j, s;
    int rc = FP_OK;

    m->n_scen = m->popts != NULL && m->popts->n_scen > 0 ? 1 + m->popts->n_scen : 1;
    m->lp = fp_lp_new("fiberplan workload");
    if (m->opts->log != NULL) {
        fp_lp_set_log(m->lp, m->opts->log, m->opts->log_ctx);
    }
    m->jobs = fp_xcalloc((size_t)m->n_jobs + 1, sizeof(struct wl_job));
    for (j = 0; j < m->n_jobs; j++) {
        struct wl_job *jb = &m->jobs[j];
        jb->spec = &m->wl->jobs[j];
        jb->k = jb->spec->job.n_sites;
        jb->pair_comm = fp_xcalloc((size_t)(m->n_scen * jb->k * jb->k) + 1, sizeof(igraph_integer_t));
        jb->share_row = fp_xcalloc((size_t)m->n_scen + 1, sizeof(int));
        jb->sched_col = fp_xcalloc((size_t)m->n_scen + 1, sizeof(int));
        if (jb->spec->collective == FP_COLL_RING) {
            ring_indices(jb, rings[j]);
        }
    }
    set_scale(m);
    m->cap_row = fp_xcalloc((size_t)(m->n_scen * 2 * m->topo->n_spans) + 1, sizeof(int));
    for (s = 0; s < m->n_scen; s++) {
        build_comms(m, s);
        build_caps(m, s);
    }
    build_shares(m);
    for (j = 0; j < m->n_jobs; j++) {
        FP_IGRAPH(err, igraph_full(&m->jobs[j].complete, m->jobs[j].k, IGRAPH_UNDIRECTED,
                                   IGRAPH_NO_LOOPS));
        m->jobs[j].have_complete = true;
    }
    rc = fp_master_arcs(m->topo, &m->arcs, &m->have_arcs, err);   /* arc 2e: span e forward */
out:
    return rc;
}

static unsigned long long fnv(unsigned long long h, igraph_integer_t x)
{
    int b;
    for (b = 0; b < 8; b++) {
        h ^= (unsigned long long)((x >> (8 * b)) & 0xff);
        h *= 1099511628211ULL;
    }
    return h;
}

static unsigned long long path_hash(igraph_integer_t r, const igraph_vector_int_t *p)
{
    unsigned long long h = fnv(14695981039346656037ULL, r);
    igraph_integer_t i;
    for (i = 0; i < igraph_vector_int_size(p); i++) {
        h = fnv(h, VECTOR(*p)[i]);
    }
    return h;
}

bool fp_wlmaster_have_path(const struct wl_master *m, igraph_integer_t r, const igraph_vector_int_t *p)
{
    unsigned long long h = path_hash(r, p);
    igraph_integer_t i, n = igraph_vector_int_size(p);
    for (i = 0; i < m->n_paths; i++) {
        const struct wl_path *q = &m->paths[i];
        if (q->hash == h && q->comm == r && q->n == n &&
            memcmp(q->arcs, VECTOR(*p), (size_t)n * sizeof(igraph_integer_t)) == 0) {
            return true;
        }
    }
    return false;
}

void fp_wlmaster_add_path(struct wl_master *m, igraph_integer_t r, const igraph_vector_int_t *p)
{
    igraph_integer_t i, n = igraph_vector_int_size(p);
    int *rows = fp_xcalloc((size_t)n + 2, sizeof(int));
    double *vals = fp_xcalloc((size_t)n + 2, sizeof(double));
    const struct wl_comm *c = &m->comms[r];
    struct wl_path *pc;
    char name[400], suffix[32];

    if (m->n_paths == m->cap_paths) {
        m->cap_paths = m->cap_paths == 0 ? 64 : 2 * m->cap_paths;
        m->paths = fp_xrealloc(m->paths, (size_t)m->cap_paths, sizeof(struct wl_path));
    }
    pc = &m->paths[m->n_paths];
    pc->comm = r;
    pc->n = n;
    pc->hash = path_hash(r, p);
    pc->arcs = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    rows[0] = c->row;
    vals[0] = 1.0;
    for (i = 0; i < n; i++) {
        pc->arcs[i] = VECTOR(*p)[i];
        rows[i + 1] = m->cap_row[c->scen * 2 * m->topo->n_spans + pc->arcs[i]];
        vals[i + 1] = 1.0;
    }
    snprintf(name, sizeof(name), "f(%s,%s|%s%s,%ld)", m->topo->node_id[c->src], m->topo->node_id[c->dst],
             c->job >= 0 ? m->wl->jobs[c->job].name : "bg", scen_suffix(c->scen, suffix, sizeof(suffix)),
             (long)m->n_paths + 1);
    pc->col = fp_lp_add_col(m->lp, name, c->job < 0 ? 0.0 : -m->delay_weight * fp_master_arcs_delay(m->topo, pc->arcs, n),
                            (int)n + 1, rows, vals);
    m->n_paths++;
    free(rows);
    free(vals);
}

void fp_wlmaster_add_tree(struct wl_master *m, igraph_integer_t j, igraph_integer_t s,
                          const igraph_vector_int_t *te, int *added)
{
    struct wl_job *jb = &m->jobs[j];
    igraph_integer_t k = jb->k, n = igraph_vector_int_size(te), i;
    const igraph_integer_t *pcomm = jb->pair_comm + s * k * k;
    unsigned long long hash = fnv(fnv(14695981039346656037ULL, j), s);
    int *rows = fp_xcalloc((size_t)(2 * n) + 2, sizeof(int));
    double *vals = fp_xcalloc((size_t)(2 * n) + 2, sizeof(double));
    struct wl_tree *tc;
    char name[300], suffix[32];

    for (i = 0; i < n; i++) {   /* order-free: XOR of the edges' hashes */
        igraph_integer_t a = IGRAPH_FROM(&jb->complete, VECTOR(*te)[i]);
        igraph_integer_t b = IGRAPH_TO(&jb->complete, VECTOR(*te)[i]);
        hash ^= fnv(fnv(14695981039346656037ULL, a < b ? a : b), a < b ? b : a);
    }
    for (i = 0; i < m->n_trees; i++) {
        if (m->trees[i].hash == hash && m->trees[i].job == j && m->trees[i].scen == s) {
            free(rows);
            free(vals);
            return;
        }
    }
    m->trees = fp_xpush(m->trees, (size_t)m->n_trees, sizeof(struct wl_tree));
    tc = &m->trees[m->n_trees];
    tc->job = j;
    tc->scen = s;
    tc->hash = hash;
    tc->edges = fp_xcalloc((size_t)(2 * n) + 1, sizeof(igraph_integer_t));
    for (i = 0; i < n; i++) {
        igraph_integer_t a = IGRAPH_FROM(&jb->complete, VECTOR(*te)[i]);
        igraph_integer_t b = IGRAPH_TO(&jb->complete, VECTOR(*te)[i]);
        tc->edges[2 * i] = a;
        tc->edges[2 * i + 1] = b;
        rows[2 * i] = m->comms[pcomm[a * k + b]].row;
        rows[2 * i + 1] = m->comms[pcomm[b * k + a]].row;
        vals[2 * i] = vals[2 * i + 1] = -1.0;
    }
    rows[2 * n] = jb->share_row[s];
    vals[2 * n] = 1.0;
    snprintf(name, sizeof(name), "x(%s%s|t%ld)", jb->spec->name, scen_suffix(s, suffix, sizeof(suffix)),
             (long)m->n_trees + 1);
    tc->col = fp_lp_add_col(m->lp, name, 0.0, (int)(2 * n + 1), rows, vals);
    m->n_trees++;
    (*added)++;
    free(rows);
    free(vals);
}

void fp_wlmaster_weigh_delays(struct wl_master *m, double weight)
{
    igraph_integer_t i;
    m->delay_weight = weight;
    for (i = 0; i < m->n_paths; i++) {
        if (m->comms[m->paths[i].comm].job >= 0) {
            fp_lp_set_obj(m->lp, m->paths[i].col,
                          -weight * fp_master_arcs_delay(m->topo, m->paths[i].arcs, m->paths[i].n));
        }
    }
}

/* Commodity of the ordered pair src -> dst of job j (site indices found from the vertices), or
 * of the background (j < 0), in scenario s; -1 when there is none. */
static igraph_integer_t comm_of(const struct wl_master *m, igraph_integer_t j, igraph_integer_t s,
                                igraph_integer_t src, igraph_integer_t dst)
{
    igraph_integer_t a, b, r, k;
    if (j < 0) {
        for (r = 0; r < m->n_comms; r++) {
            if (m->comms[r].job < 0 && m->comms[r].scen == s && m->comms[r].src == src &&
                m->comms[r].dst == dst) {
                return r;
            }
        }
        return -1;
    }
    for (a = 0; a < m->jobs[j].k && m->jobs[j].spec->job.sites[a] != src; a++) {
    }
    for (b = 0; b < m->jobs[j].k && m->jobs[j].spec->job.sites[b] != dst; b++) {
    }
    k = m->jobs[j].k;
    return a < k && b < k ? m->jobs[j].pair_comm[s * k * k + a * k + b] : -1;
}

/* The paths of commodity class j (a job, or the background when j < 0) whose arcs all have
 * capacity rows in scenario s, as columns of s. */
static void seed_paths(struct wl_master *m, igraph_integer_t j, igraph_integer_t s,
                       const struct fp_flow_path *paths, igraph_integer_t n, int *added)
{
    const int *cap = m->cap_row + s * 2 * m->topo->n_spans;
    igraph_vector_int_t view;
    igraph_integer_t i, a, r;
    for (i = 0; i < n; i++) {
        const struct fp_flow_path *p = &paths[i];
        r = comm_of(m, j, s, p->src, p->dst);
        for (a = 0; r >= 0 && a < p->n_arcs; a++) {
            r = cap[p->arcs[a]] != 0 ? r : -1;   /* crosses a failed span */
        }
        if (r < 0) {
            continue;
        }
        igraph_vector_int_view(&view, p->arcs, p->n_arcs);
        if (!fp_wlmaster_have_path(m, r, &view)) {
            fp_wlmaster_add_path(m, r, &view);
            (*added)++;
        }
    }
}

/* Job j's trees of start (vertex pairs) as columns of scenario s over its complete graph's edges. */
static int seed_trees(struct wl_master *m, igraph_integer_t j, igraph_integer_t s, const struct fp_route *r,
                      int *added, struct fp_error *err)
{
    struct wl_job *jb = &m->jobs[j];
    igraph_vector_int_t te;
    igraph_integer_t i, e, a, b;
    int rc = FP_OK;
    FP_IGRAPH(err, igraph_vector_int_init(&te, jb->k - 1));
    for (i = 0; rc == FP_OK && i < r->n_trees; i++) {
        for (e = 0; rc == FP_OK && e < r->trees[i].n_edges; e++) {
            for (a = 0; a < jb->k && jb->spec->job.sites[a] != r->trees[i].edges[2 * e]; a++) {
            }
            for (b = 0; b < jb->k && jb->spec->job.sites[b] != r->trees[i].edges[2 * e + 1]; b++) {
            }
            if (a == jb->k || b == jb->k ||
                igraph_get_eid(&jb->complete, &VECTOR(te)[e], a, b, IGRAPH_UNDIRECTED, true) != IGRAPH_SUCCESS) {
                rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: a tree of job '%s' to start "
                                  "from is not over its sites", jb->spec->name);
            }
        }
        if (rc == FP_OK && r->trees[i].n_edges == jb->k - 1) {
            fp_wlmaster_add_tree(m, j, s, &te, added);
        }
    }
    igraph_vector_int_destroy(&te);
out:
    return rc;
}

int fp_wlmaster_seed(struct wl_master *m, const struct fp_workload_result *start, int *added,
                     struct fp_error *err)
{
    igraph_integer_t j, s;
    int rc = FP_OK;
    *added = 0;
    for (s = 0; rc == FP_OK && s < m->n_scen; s++) {
        for (j = 0; rc == FP_OK && j < m->n_jobs && j < start->n_jobs; j++) {
            const struct fp_route *r = &start->jobs[j].columns;
            if (m->jobs[j].spec->collective == FP_COLL_TREE) {
                rc = seed_trees(m, j, s, r, added, err);
            }
            seed_paths(m, j, s, r->paths, r->n_paths, added);
        }
        if (rc == FP_OK) {
            seed_paths(m, -1, s, start->background_columns, start->n_background_columns, added);
        }
    }
    return rc;
}
