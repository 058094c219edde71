/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the restricted master LP of the routing and planning solver (MODEL.md "Demand",
 * "Planning", "Failures"): its commodities, capacity rows, plan columns, schedule columns,
 * path and tree columns, objective, and its lifetime. What the columns mean and how they are
 * priced is in solvers/route_internal.h; this file only builds and edits the LP. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "solvers/pairs_internal.h"
#include "solvers/route_internal.h"


void fp_master_init(struct master *m, const struct fp_topo *topo, const struct fp_job *job,
                    const struct fp_route_options *opts, const struct fp_plan_options *popts)
{
    memset(m, 0, sizeof(*m));
    if (opts->deadline != NULL) {
        m->dl = *opts->deadline;
    } else {
        fp_deadline_init(&m->dl, opts->time_limit_s, opts->stop);
    }
    /* the final re-route may take half the grace: the rest is for reading out the answer */
    fp_deadline_hard(&m->dl, &m->hard);
    m->started_s = fp_clock_s();
    m->topo = topo;
    m->job = job;
    m->opts = opts;
    m->popts = popts;
    m->k = job->n_sites;
    m->upper_bound = INFINITY;
    m->cost_bound = INFINITY;
    m->tree_obj = 1.0;
    m->n_scen = popts != NULL && popts->n_scen > 0 ? 1 + popts->n_scen : 1;
}

const struct fp_deadline *fp_master_deadline(const struct master *m)
{
    return m->must_finish ? &m->hard : m->phase != NULL ? m->phase : &m->dl;
}

bool fp_master_stopped(const struct master *m)
{
    return fp_deadline_passed(fp_master_deadline(m));
}

void fp_master_release(struct master *m)
{
    igraph_integer_t i;
    if (m->have_arcs) {
        igraph_destroy(&m->arcs);
    }
    fp_lp_free(m->lp);
    free(m->comms);
    free(m->pair_comm);
    free(m->cap_row);
    free(m->worst_row);
    for (i = 0; i < m->n_paths; i++) {
        free(m->paths[i].arcs);
    }
    free(m->paths);
    for (i = 0; i < m->n_trees; i++) {
        free(m->trees[i].edges);
    }
    free(m->trees);
    free(m->y_col);
    free(m->src_group);
    free(m->group_src);
    free(m->flow_col);
    free(m->upgradable);
    free(m->add_col);
    free(m->build_col);
    free(m->build_row);
    free(m->pair_col);
    free(m->pair_row);
    free(m->pair_cost);
    free(m->add_unit);
    free(m->add_cost);
    free(m->build_cost);
    free(m->theta_mu);
    free(m->center_mu);
    free(m->add_upper);
    free(m->cost_center);
}

/* The objective coefficient of scenario s's tree columns. */
double fp_master_tree_obj(const struct master *m, igraph_integer_t s)
{
    if (m->intact_obj) {
        return s == 0 ? 1.0 : 0.0;
    }
    return m->tree_obj;
}

const char *fp_master_vid(const struct master *m, igraph_integer_t v)
{
    return m->topo->node_id[v];
}

/* Is span e out of service in scenario s? */
static bool failed_in(const struct master *m, igraph_integer_t s, igraph_integer_t e)
{
    if (s > 0) {
        return m->popts->scen_failed[(s - 1) * m->topo->n_spans + e];
    }
    return m->opts->failed != NULL && m->opts->failed[e];
}

/* The suffix of scenario s's row and column names: "" for the network as given. */
static const char *scen_tag(igraph_integer_t s, char *buf, size_t size)
{
    if (s == 0) {
        buf[0] = '\0';
    } else {
        snprintf(buf, size, "|%ld", (long)s);
    }
    return buf;
}

/* Directed arcs: arc 2e = span e from->to, 2e+1 = to->from. */
int fp_master_arcs(const struct fp_topo *t, igraph_t *arcs, bool *have, struct fp_error *err)
{
    igraph_vector_int_t ev;
    igraph_integer_t e;
    int rc = FP_OK;
    FP_IGRAPH(err, igraph_vector_int_init(&ev, 4 * t->n_spans));
    for (e = 0; e < t->n_spans; e++) {
        VECTOR(ev)[4 * e] = t->span_from[e];
        VECTOR(ev)[4 * e + 1] = t->span_to[e];
        VECTOR(ev)[4 * e + 2] = t->span_to[e];
        VECTOR(ev)[4 * e + 3] = t->span_from[e];
    }
    if (igraph_create(arcs, &ev, t->n_nodes, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s", fp_error_igraph_reason());
    } else {
        *have = true;
    }
    igraph_vector_int_destroy(&ev);
out:
    return rc;
}

static void add_comm(struct master *m, igraph_integer_t scen, igraph_integer_t src, igraph_integer_t dst,
                     double demand)
{
    struct comm *c;
    char name[160], tag[32];
    m->comms = fp_xpush(m->comms, (size_t)m->n_comms, sizeof(struct comm));
    c = &m->comms[m->n_comms++];
    c->src = src;
    c->dst = dst;
    c->scen = scen;
    c->demand = demand;
    c->shortest_s = INFINITY;
    snprintf(name, sizeof(name), "def(%s,%s%s)", fp_master_vid(m, src), fp_master_vid(m, dst), scen_tag(scen, tag, sizeof(tag)));
    c->row = fp_lp_add_row_lo(m->lp, name, 0.0);
}

/* Commodities: every ordered site pair, or the demand pairs (summed per pair). */
static void build_comms(struct master *m)
{
    igraph_integer_t a, b, k = m->k, i, s;
    const struct fp_route_options *o = m->opts;
    m->pair_comm = fp_xcalloc((size_t)(m->n_scen * k * k) + 1, sizeof(igraph_integer_t));
    for (i = 0; i < m->n_scen * k * k; i++) {
        m->pair_comm[i] = -1;
    }
    if (o->collective == FP_COLL_DEMANDS) {
        for (i = 0; i < o->n_demands; i++) {
            igraph_integer_t j, found = -1;
            for (j = 0; j < m->n_comms; j++) {
                if (m->comms[j].src == o->demands[i].src && m->comms[j].dst == o->demands[i].dst) {
                    found = j;
                }
            }
            if (found >= 0) {
                m->comms[found].demand += o->demands[i].gbps;
            } else {
                add_comm(m, 0, o->demands[i].src, o->demands[i].dst, o->demands[i].gbps);
            }
        }
        return;
    }
    for (s = 0; s < m->n_scen; s++) {
        for (a = 0; a < k; a++) {
            for (b = 0; b < k; b++) {
                if (a != b) {
                    m->pair_comm[s * k * k + a * k + b] = m->n_comms;
                    add_comm(m, s, m->job->sites[a], m->job->sites[b], 0.0);
                }
            }
        }
    }
}

/* Can span e be upgraded (or built) in this plan? Needs a price and room under the ceiling. */
static bool plannable(const struct master *m, igraph_integer_t e)
{
    if (m->popts == NULL || (m->opts->failed != NULL && m->opts->failed[e])) {
        return false;
    }
    return fp_plan_span_plannable(m->topo, m->popts, e);
}

static void build_caps(struct master *m)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t e, s, n_arcs = 2 * t->n_spans;
    char name[160], tag[32];
    m->scale = 0.0;
    m->upgradable = fp_xcalloc((size_t)t->n_spans + 1, sizeof(bool));
    for (e = 0; e < t->n_spans; e++) {
        m->upgradable[e] = plannable(m, e);
        if (fp_topo_is_lit(t, e) && t->capacity_gbps[e] > m->scale) {
            m->scale = t->capacity_gbps[e];
        }
    }
    if (m->scale <= 0.0) {
        m->scale = 1.0;
    }
    m->cap_row = fp_xcalloc((size_t)(m->n_scen * n_arcs) + 1, sizeof(int));
    for (s = 0; s < m->n_scen; s++) {
        scen_tag(s, tag, sizeof(tag));
        for (e = 0; e < t->n_spans; e++) {
            double c = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
            if (failed_in(m, s, e)) {
                continue;
            }
            if (c > 0.0 || m->upgradable[e]) {
                snprintf(name, sizeof(name), "cap(%s,fw%s)", t->span_id[e], tag);
                m->cap_row[s * n_arcs + 2 * e] = fp_lp_add_row_up(m->lp, name, c / m->scale);
                snprintf(name, sizeof(name), "cap(%s,bw%s)", t->span_id[e], tag);
                m->cap_row[s * n_arcs + 2 * e + 1] = fp_lp_add_row_up(m->lp, name, c / m->scale);
            }
        }
    }
}

/* Candidate span e: z(e) in [0, 1] at its build cost, with built(e): add - cmax z <= 0. */
static void add_build_col(struct master *m, igraph_integer_t e, double unit)
{
    const struct fp_topo *t = m->topo;
    int rows[2], nz = 1;
    double vals[2];
    char name[160];

    snprintf(name, sizeof(name), "built(%s)", t->span_id[e]);
    m->build_row[e] = fp_lp_add_row_up(m->lp, name, 0.0);
    fp_lp_set_coef(m->lp, m->build_row[e], m->add_col[e], unit / m->scale);
    m->build_cost[e] = t->build_cost[e];
    rows[0] = m->build_row[e];
    vals[0] = -t->ceiling_gbps[e] / m->scale;
    if (m->budget_row != 0) {
        rows[1] = m->budget_row;
        vals[1] = m->build_cost[e];
        nz = 2;
    }
    snprintf(name, sizeof(name), "z(%s)", t->span_id[e]);
    m->build_col[e] = fp_lp_add_col(m->lp, name, 0.0, nz, rows, vals);
    fp_lp_set_col_bounds(m->lp, m->build_col[e], 0.0, 1.0);
    if (m->popts->modular) {
        fp_lp_set_int(m->lp, m->build_col[e]);
    }
}

/* Planning columns: add(e) >= 0 on both directions' cap rows (-1 per scaled Gbit/s, or
 * -module_gbps per module), z(e) for candidates with add - cmax z <= 0, and the budget row
 * sum of costs <= B (budget mode). */
void fp_master_add_plan_cols(struct master *m)
{
    const struct fp_topo *t = m->topo;
    const struct fp_plan_options *po = m->popts;
    igraph_integer_t e, n = t->n_spans;
    char name[160];

    m->add_col = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->build_col = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->build_row = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->pair_col = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->pair_row = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->pair_cost = fp_xcalloc((size_t)n + 1, sizeof(double));
    m->add_unit = fp_xcalloc((size_t)n + 1, sizeof(double));
    m->add_cost = fp_xcalloc((size_t)n + 1, sizeof(double));
    m->build_cost = fp_xcalloc((size_t)n + 1, sizeof(double));
    m->add_upper = fp_xcalloc((size_t)n + 1, sizeof(double));
    if (!isnan(po->budget_usd)) {
        m->budget_row = fp_lp_add_row_up(m->lp, "budget", po->budget_usd);
    } else if (m->n_scen == 1) {
        /* a target, one scenario: the budget starts at 0 (today's network), or where an
         * earlier round's walk ended, and the target phase walks it up to the target's theta
         * (planengine.c) */
        m->budget_row = fp_lp_add_row_up(m->lp, "budget", po->walk_from_usd);
    }
    for (e = 0; e < n; e++) {
        double room, unit, upper;
        int *rows, nz = 0;
        double *vals;
        igraph_integer_t s, j;
        if (!m->upgradable[e]) {
            continue;
        }
        rows = fp_xcalloc((size_t)(2 * m->n_scen) + 2, sizeof(int));
        vals = fp_xcalloc((size_t)(2 * m->n_scen) + 2, sizeof(double));
        room = t->ceiling_gbps[e] - (fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0);
        if (po->modular) {
            unit = t->module_gbps[e];
            m->add_cost[e] = t->module_cost[e];
            upper = floor(room / unit + 1e-9);
        } else {
            unit = m->scale;
            m->add_cost[e] = t->cost_per_gbps[e] * unit;
            upper = room / unit;
        }
        m->add_unit[e] = unit;
        m->add_upper[e] = upper;
        for (s = 0; s < m->n_scen; s++) {
            for (j = 0; j < 2; j++) {
                if (m->cap_row[s * 2 * n + 2 * e + j] != 0) {
                    rows[nz] = m->cap_row[s * 2 * n + 2 * e + j];
                    vals[nz++] = -unit / m->scale;
                }
            }
        }
        if (m->budget_row != 0) {
            rows[nz] = m->budget_row;
            vals[nz++] = m->add_cost[e];
        }
        snprintf(name, sizeof(name), po->modular ? "modules(%s)" : "add(%s)", t->span_id[e]);
        m->add_col[e] = fp_lp_add_col(m->lp, name, 0.0, nz, rows, vals);
        fp_lp_set_col_bounds(m->lp, m->add_col[e], 0.0, upper);
        if (po->modular) {
            fp_lp_set_int(m->lp, m->add_col[e]);
        }
        if (!fp_topo_is_lit(t, e)) {
            add_build_col(m, e, unit);
        }
        if (t->optics != NULL && t->optics->pairs_apply[e]) {
            /* pairs lit m(e), with lightable(e): unit add - pair_gbps m <= the lit room */
            fp_pairs_add(m->lp, t, e, m->add_col[e], unit / m->scale, m->budget_row, m->scale, po->modular,
                         &m->pair_row[e], &m->pair_col[e]);
            m->pair_cost[e] = t->optics->pair_usd[e];
        }
        free(rows);
        free(vals);
    }
}

/* The fixed schedule column: theta for ring/direct, lambda for demands. */
void fp_master_add_sched_col(struct master *m, const igraph_integer_t *ring)
{
    igraph_integer_t k = m->k, i, r;
    double *coef = fp_xcalloc((size_t)m->n_comms + 1, sizeof(double));
    int *rows = fp_xcalloc((size_t)m->n_comms + 1, sizeof(int));
    double *vals = fp_xcalloc((size_t)m->n_comms + 1, sizeof(double));
    int n = 0;

    if (m->opts->collective == FP_COLL_RING) {
        /* MODEL.md ring: hop pi_i -> pi_{i+1} and its reverse each carry theta (k-1)/k */
        for (i = 0; i < k; i++) {
            igraph_integer_t a = ring[i], b = ring[(i + 1) % k];
            coef[m->pair_comm[a * k + b]] += (double)(k - 1) / (double)k;
            coef[m->pair_comm[b * k + a]] += (double)(k - 1) / (double)k;
        }
    } else if (m->opts->collective == FP_COLL_DIRECT) {
        for (r = 0; r < m->n_comms; r++) {
            coef[r] = 2.0 / (double)k;   /* MODEL.md direct: 2 theta / k per ordered pair */
        }
    } else {
        for (r = 0; r < m->n_comms; r++) {
            coef[r] = m->comms[r].demand / m->scale;
        }
    }
    for (r = 0; r < m->n_comms; r++) {
        if (coef[r] > 0.0) {
            rows[n] = m->comms[r].row;
            vals[n++] = -coef[r];
        }
    }
    m->sched_col = fp_lp_add_col(m->lp, m->opts->collective == FP_COLL_DEMANDS ? "lambda" : "theta",
                                 1.0, n, rows, vals);
    free(coef);
    free(rows);
    free(vals);
}

void fp_master_add_worst(struct master *m)
{
    int *rows = fp_xcalloc((size_t)m->n_scen + 1, sizeof(int));
    double *vals = fp_xcalloc((size_t)m->n_scen + 1, sizeof(double));
    igraph_integer_t s;
    m->worst_row = fp_xcalloc((size_t)m->n_scen + 1, sizeof(int));
    for (s = 0; s < m->n_scen; s++) {
        char name[48];
        snprintf(name, sizeof(name), "worst|%ld", (long)s);
        m->worst_row[s] = fp_lp_add_row_lo(m->lp, name, 0.0);
        rows[s] = m->worst_row[s];
        vals[s] = -1.0;
    }
    m->theta_col = fp_lp_add_col(m->lp, "theta", 1.0, (int)m->n_scen, rows, vals);
    m->tree_obj = 0.0;
    free(rows);
    free(vals);
}

double fp_master_arcs_delay(const struct fp_topo *t, const igraph_integer_t *arcs, igraph_integer_t n)
{
    igraph_integer_t i;
    double d = 0.0;
    for (i = 0; i < n; i++) {
        d += t->delay_s[arcs[i] / 2];
    }
    return d;
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

static unsigned long long path_hash(igraph_integer_t r, const igraph_integer_t *arcs, igraph_integer_t n)
{
    unsigned long long h = fnv(14695981039346656037ULL, r);
    igraph_integer_t i;
    for (i = 0; i < n; i++) {
        h = fnv(h, arcs[i]);
    }
    return h;
}

/* Is this path already a column? GLPK deems a basis optimal within its reduced-cost
 * tolerance (1e-7), so pricing at a finer epsilon could otherwise re-add columns forever. */
bool fp_master_have_path(const struct master *m, igraph_integer_t r, const igraph_vector_int_t *p)
{
    unsigned long long h = path_hash(r, VECTOR(*p), igraph_vector_int_size(p));
    igraph_integer_t i;
    for (i = 0; i < m->n_paths; i++) {
        if (m->paths[i].hash == h && m->paths[i].comm == r && m->paths[i].n == igraph_vector_int_size(p) &&
            memcmp(m->paths[i].arcs, VECTOR(*p), (size_t)m->paths[i].n * sizeof(igraph_integer_t)) == 0) {
            return true;
        }
    }
    return false;
}

void fp_master_add_path(struct master *m, igraph_integer_t r, const igraph_vector_int_t *p)
{
    igraph_integer_t i, n = igraph_vector_int_size(p);
    int *rows = fp_xcalloc((size_t)n + 2, sizeof(int));
    double *vals = fp_xcalloc((size_t)n + 2, sizeof(double));
    struct pathcol *pc;
    char name[200];

    if (m->n_paths == m->cap_paths) {
        m->cap_paths = m->cap_paths == 0 ? 64 : 2 * m->cap_paths;
        m->paths = fp_xrealloc(m->paths, (size_t)m->cap_paths, sizeof(struct pathcol));
    }
    pc = &m->paths[m->n_paths];
    pc->comm = r;
    pc->n = n;
    pc->arcs = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    pc->hash = path_hash(r, VECTOR(*p), n);
    rows[0] = m->comms[r].row;
    vals[0] = 1.0;
    for (i = 0; i < n; i++) {
        pc->arcs[i] = VECTOR(*p)[i];
        rows[i + 1] = m->cap_row[m->comms[r].scen * 2 * m->topo->n_spans + pc->arcs[i]];
        vals[i + 1] = 1.0;
    }
    snprintf(name, sizeof(name), "f(%s,%s,%ld)", fp_master_vid(m, m->comms[r].src), fp_master_vid(m, m->comms[r].dst),
             (long)m->n_paths + 1);
    pc->col = fp_lp_add_col(m->lp, name, -m->delay_weight * fp_master_arcs_delay(m->topo, pc->arcs, pc->n),
                            (int)n + 1, rows, vals);
    m->n_paths++;
    free(rows);
    free(vals);
}

/* Adds tree te (edges of the complete graph over the sites) as a column of scenario s, unless
 * it is one already. */
void fp_master_add_tree(struct master *m, igraph_integer_t s, const igraph_t *complete,
                     const igraph_vector_int_t *te, int *added)
{
    const igraph_integer_t *pair_comm = m->pair_comm + s * m->k * m->k;
    int sigma_row = m->worst_row != NULL ? m->worst_row[s] : m->theta_row;
    igraph_integer_t k = m->k, n = igraph_vector_int_size(te), i, t;
    unsigned long long hash = fnv(14695981039346656037ULL, s);
    int *rows, nz = (int)(2 * n);
    double *vals;
    struct treecol *tc;
    char name[64];

    /* the edge set's hash, order-free (XOR of per-edge hashes) */
    for (i = 0; i < n; i++) {
        igraph_integer_t a = IGRAPH_FROM(complete, VECTOR(*te)[i]);
        igraph_integer_t b = IGRAPH_TO(complete, VECTOR(*te)[i]);
        hash ^= fnv(fnv(14695981039346656037ULL, a < b ? a : b), a < b ? b : a);
    }
    for (t = 0; t < m->n_trees; t++) {
        if (m->trees[t].hash == hash && m->trees[t].scen == s) {
            return;   /* already a column (see have_path) */
        }
    }
    rows = fp_xcalloc((size_t)(2 * n) + 3, sizeof(int));
    vals = fp_xcalloc((size_t)(2 * n) + 3, sizeof(double));
    m->trees = fp_xpush(m->trees, (size_t)m->n_trees, sizeof(struct treecol));
    tc = &m->trees[m->n_trees];
    tc->hash = hash;
    tc->scen = s;
    tc->edges = fp_xcalloc((size_t)(2 * n) + 1, sizeof(igraph_integer_t));
    for (i = 0; i < n; i++) {
        igraph_integer_t a = IGRAPH_FROM(complete, VECTOR(*te)[i]);
        igraph_integer_t b = IGRAPH_TO(complete, VECTOR(*te)[i]);
        tc->edges[2 * i] = a;
        tc->edges[2 * i + 1] = b;
        rows[2 * i] = m->comms[pair_comm[a * k + b]].row;
        rows[2 * i + 1] = m->comms[pair_comm[b * k + a]].row;
        vals[2 * i] = vals[2 * i + 1] = -1.0;
    }
    if (sigma_row != 0) {
        rows[nz] = sigma_row;
        vals[nz++] = 1.0;
    }
    if (s == 0 && m->intact_row != 0) {
        rows[nz] = m->intact_row;
        vals[nz++] = 1.0;
    }
    if (s == 0) {
        snprintf(name, sizeof(name), "x(t%ld)", (long)m->n_trees + 1);
    } else {
        snprintf(name, sizeof(name), "x(t%ld|%ld)", (long)m->n_trees + 1, (long)s);
    }
    tc->col = fp_lp_add_col(m->lp, name, fp_master_tree_obj(m, s), nz, rows, vals);
    m->n_trees++;
    free(rows);
    free(vals);
    (*added)++;
}

/* Tree columns' and cost columns' objective: maximise theta (tree_obj 1, costs 0) or
 * minimise cost in millions of USD (tree_obj 0). */
void fp_master_set_objective(struct master *m, bool min_cost)
{
    igraph_integer_t i, e;
    m->tree_obj = min_cost || m->theta_col != 0 ? 0.0 : 1.0;
    m->intact_obj = false;
    for (i = 0; i < m->n_trees; i++) {
        fp_lp_set_obj(m->lp, m->trees[i].col, m->tree_obj);
    }
    if (m->theta_col != 0) {
        fp_lp_set_obj(m->lp, m->theta_col, min_cost ? 0.0 : 1.0);   /* the worst case's theta */
    }
    for (e = 0; e < m->topo->n_spans; e++) {
        if (m->add_col[e] != 0) {
            fp_lp_set_obj(m->lp, m->add_col[e], min_cost ? -m->add_cost[e] / 1e6 : 0.0);
        }
        if (m->build_col[e] != 0) {
            fp_lp_set_obj(m->lp, m->build_col[e], min_cost ? -m->build_cost[e] / 1e6 : 0.0);
        }
        if (m->pair_col[e] != 0) {
            fp_lp_set_obj(m->lp, m->pair_col[e], min_cost ? -m->pair_cost[e] / 1e6 : 0.0);
        }
    }
}

int fp_master_build(struct master *m, struct fp_error *err)
{
    m->lp = fp_lp_new("fiberplan");
    if (m->opts->log != NULL) {
        fp_lp_set_log(m->lp, m->opts->log, m->opts->log_ctx);
    }
    build_comms(m);
    build_caps(m);
    return fp_master_arcs(m->topo, &m->arcs, &m->have_arcs, err);
}
