/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: all-reduce routing by column generation (MODEL.md "Demand", "Routing", "Time").
 *
 * Master LP (maximise; capacities scaled by `scale` so 1 Gbit/s to 1 Pbit/s solve alike):
 *   max  sum_s z_s                       schedule columns: trees x_t, or one theta/lambda
 *   def(r):   sum_{p in P_r} f_p - sum_s a_{s,r} z_s >= 0      each commodity r = (a, b)
 *   cap(e,d): sum_{p through arc (e,d)} f_p <= c_e / scale     each direction of a lit span
 * with a_{t,r} = 1 for both directions of every edge of tree t (MODEL.md tree), (k-1)/k for
 * each ring hop and its reverse (ring), 2/k for every ordered pair (direct), D_r (demands).
 * GLPK's reduced cost is d_j = c_j - sum_i a_ij pi_i; for this max problem pi(def) <= 0 and
 * pi(cap) = mu >= 0, so
 *   tree t improves iff 1 - sum_{ab in t} w_ab > 0, w_ab = -(pi_ab + pi_ba)  (MST pricing),
 *   path p of r improves iff -pi_r - sum_{arcs of p} mu > 0                  (Dijkstra),
 * and when no path improves, theta / W (W = the MST weight) bounds theta from above
 * (Farley's bound), which gives the gap at a time limit.
 * The arc-flow formulation replaces paths by y_r and f(r, arc) with flow conservation. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xalloc.h"
#include "solvers/bound.h"
#include "solvers/lp.h"
#include "solvers/plan.h"
#include "solvers/route.h"

#define EPS 1e-9
#define NO_THROUGHPUT "no positive throughput: the sites are joined only by spans of zero capacity"
#define WARM_EPS 0.2        /* the packing that starts an exact tree solve stops at this gap */
#define TREES_PER_ROUND 3   /* improving trees added per pricing round, at most */
#define LAT_STALL 8     /* latency phase: rounds without progress before it stops */
#define LAT_GAP 1e-3    /* latency phase: relative gap of the delay objective */
#define MAX_ROUNDS 200000
#define STRETCH_CANDIDATES 32
#define TIE_DELAY 1e-9      /* dual bound's structure: delay's weight, relative, to break ties */
#define CENTER_SEARCH 12    /* dual bound: golden-section steps between the duals and the centre */

void fp_route_options_init(struct fp_route_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->collective = FP_COLL_TREE;
    opts->formulation = FP_FORM_PATH;
    opts->max_stretch = NAN;
    opts->alpha_s = FP_DEFAULT_ALPHA_S;
    opts->upper_bound_gbps = NAN;
}

static double now_s(void)
{
    return fp_clock_s();
}

struct comm {
    igraph_integer_t src, dst;   /* vertices */
    igraph_integer_t scen;       /* scenario (0: the network as given; --survive: failures) */
    int row;                     /* def(r) */
    double shortest_s;           /* shortest delay, for --max-stretch */
    double demand;               /* a_{s,r} for fixed schedules */
};

struct pathcol {
    igraph_integer_t comm;
    igraph_integer_t *arcs;
    igraph_integer_t n;
    int col;
    unsigned long long hash;       /* of the arcs, to refuse duplicates */
};

struct treecol {
    igraph_integer_t *edges;     /* 2 x (k-1) site indices */
    igraph_integer_t scen;
    int col;
    unsigned long long hash;     /* of the edge set, to refuse duplicates */
};

struct master {
    double t0;                     /* when the solve began (--time-limit counts from it) */
    const struct fp_topo *topo;
    const struct fp_job *job;
    const struct fp_route_options *opts;
    struct fp_lp *lp;
    igraph_t arcs;
    bool have_arcs;
    double scale;
    igraph_integer_t k;
    struct comm *comms;
    igraph_integer_t n_comms;
    igraph_integer_t *pair_comm;   /* [s*k*k + a*k + b] site indices -> commodity, -1 */
    int *cap_row;                  /* [s*2n + arc], 0 when the arc has no capacity in s */
    /* scenarios (MODEL.md "Failures": survivable planning): 0 is the network as given;
     * 1 .. n_scen-1 each lose popts->scen_failed's spans. With more than one, theta_col is
     * the worst scenario's theta: worst_row[s]: sum of s's tree rates - theta >= 0. */
    igraph_integer_t n_scen;
    int *worst_row;
    int theta_col;
    struct pathcol *paths;
    igraph_integer_t n_paths, cap_paths;
    struct treecol *trees;
    igraph_integer_t n_trees;
    int sched_col;                 /* ring / direct / demands */
    /* arc-flow: one flow per source vertex (group), f(g, arc) in flow_col[g * 2n + arc] */
    igraph_integer_t n_groups;
    igraph_integer_t *src_group;   /* per vertex: its group, -1 when no commodity leaves it */
    igraph_integer_t *group_src;
    int *y_col, *flow_col;         /* y per commodity */
    double upper_bound;            /* scaled; INFINITY until known */
    /* planning (MODEL.md "Planning"); popts NULL when only routing */
    const struct fp_plan_options *popts;
    bool *upgradable;              /* per span */
    int *add_col;                  /* per span: added capacity (scaled Gbit/s, or modules) */
    int *build_col, *build_row;    /* per candidate span: z and add <= cmax z */
    double *add_unit;              /* Gbit/s per unit of add_col */
    double *add_cost, *build_cost; /* USD per unit of add_col; USD to build */
    int budget_row, theta_row;     /* 0 when absent */
    double tree_obj;               /* objective coefficient of tree columns */
    bool intact_obj;               /* --survive: scenario 0's trees have objective 1, others 0 */
    int intact_row;                /* --survive cost phase: scenario 0's tree rates >= theta0 */
    double delay_weight;           /* > 0 in the latency phase: path objective -delay x this */
    double *theta_mu;              /* per arc: capacity duals of the theta phase (marginals) */
    /* the stability centre of the dual bound (dual_bounds): capacity duals per arc scaled to
     * a feasible dual of the whole LP, and that dual's objective (the bound); NULL until set */
    double *center_mu;
    double center_obj;
    /* the cost phase's bound (cost_bounds): theta held (scaled), the add columns' upper
     * bounds, the best bound on the objective -cost / 1e6 and its point (capacity duals per
     * arc), NULL until set */
    double cost_theta;
    double *add_upper;
    double cost_bound;
    double *cost_center;
    /* latency phase of one scenario: theta* (bound on sum x_t), the best tree's reduced cost,
     * the best objective so far and its round */
    double last_reduced;
    double lat_theta;
    double lat_best;
    long lat_best_round;
};

/* Whether a stop was asked for (a signal) or the time limit has passed. */
static bool stopped(const struct master *m)
{
    return (m->opts->stop != NULL && *m->opts->stop) ||
           (m->opts->time_limit_s > 0 && now_s() - m->t0 >= m->opts->time_limit_s);
}

static void master_release(struct master *m)
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
    free(m->add_unit);
    free(m->add_cost);
    free(m->build_cost);
    free(m->theta_mu);
    free(m->center_mu);
    free(m->add_upper);
    free(m->cost_center);
}

/* The objective coefficient of scenario s's tree columns. */
static double tree_obj_of(const struct master *m, igraph_integer_t s)
{
    if (m->intact_obj) {
        return s == 0 ? 1.0 : 0.0;
    }
    return m->tree_obj;
}

static const char *vid(const struct master *m, igraph_integer_t v)
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
static int build_arcs(struct master *m, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
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
    if (igraph_create(&m->arcs, &ev, t->n_nodes, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s", fp_error_igraph_reason());
    } else {
        m->have_arcs = true;
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
    m->comms = fp_xrealloc(m->comms, (size_t)m->n_comms + 1, sizeof(struct comm));
    c = &m->comms[m->n_comms++];
    c->src = src;
    c->dst = dst;
    c->scen = scen;
    c->demand = demand;
    c->shortest_s = INFINITY;
    snprintf(name, sizeof(name), "def(%s,%s%s)", vid(m, src), vid(m, dst), scen_tag(scen, tag, sizeof(tag)));
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

bool fp_plan_span_plannable(const struct fp_topo *t, const struct fp_plan_options *po, igraph_integer_t e)
{
    double room = t->ceiling_gbps[e] - (fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0);
    if (!fp_topo_is_lit(t, e) && isnan(t->build_cost[e])) {
        return false;
    }
    if (po->modular) {
        return !isnan(t->module_gbps[e]) && !isnan(t->module_cost[e]) && t->module_gbps[e] > 0 &&
               floor(room / t->module_gbps[e] + 1e-9) >= 1.0;
    }
    return !isnan(t->cost_per_gbps[e]) && room > 1e-9;
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

/* Planning columns: add(e) >= 0 on both directions' cap rows (-1 per scaled Gbit/s, or
 * -module_gbps per module), z(e) for candidates with add - cmax z <= 0, and the budget row
 * sum of costs <= B (budget mode). */
static void add_plan_cols(struct master *m)
{
    const struct fp_topo *t = m->topo;
    const struct fp_plan_options *po = m->popts;
    igraph_integer_t e, n = t->n_spans;
    char name[160];

    m->add_col = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->build_col = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->build_row = fp_xcalloc((size_t)n + 1, sizeof(int));
    m->add_unit = fp_xcalloc((size_t)n + 1, sizeof(double));
    m->add_cost = fp_xcalloc((size_t)n + 1, sizeof(double));
    m->build_cost = fp_xcalloc((size_t)n + 1, sizeof(double));
    m->add_upper = fp_xcalloc((size_t)n + 1, sizeof(double));
    if (!isnan(po->budget_usd)) {
        m->budget_row = fp_lp_add_row_up(m->lp, "budget", po->budget_usd);
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
            snprintf(name, sizeof(name), "built(%s)", t->span_id[e]);
            m->build_row[e] = fp_lp_add_row_up(m->lp, name, 0.0);
            fp_lp_set_coef(m->lp, m->build_row[e], m->add_col[e], unit / m->scale);
            m->build_cost[e] = t->build_cost[e];
            rows[0] = m->build_row[e];
            vals[0] = -t->ceiling_gbps[e] / m->scale;
            nz = 1;
            if (m->budget_row != 0) {
                rows[1] = m->budget_row;
                vals[1] = m->build_cost[e];
                nz = 2;
            }
            snprintf(name, sizeof(name), "z(%s)", t->span_id[e]);
            m->build_col[e] = fp_lp_add_col(m->lp, name, 0.0, nz, rows, vals);
            fp_lp_set_col_bounds(m->lp, m->build_col[e], 0.0, 1.0);
            if (po->modular) {
                fp_lp_set_int(m->lp, m->build_col[e]);
            }
        }
        free(rows);
        free(vals);
    }
}

/* The fixed schedule column: theta for ring/direct, lambda for demands. */
static void add_sched_col(struct master *m, const igraph_integer_t *ring)
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

static double arcs_delay(const struct fp_topo *t, const igraph_integer_t *arcs, igraph_integer_t n)
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
static bool have_path(const struct master *m, igraph_integer_t r, const igraph_vector_int_t *p)
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

static void add_path(struct master *m, igraph_integer_t r, const igraph_vector_int_t *p)
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
    snprintf(name, sizeof(name), "f(%s,%s,%ld)", vid(m, m->comms[r].src), vid(m, m->comms[r].dst),
             (long)m->n_paths + 1);
    pc->col = fp_lp_add_col(m->lp, name, -m->delay_weight * arcs_delay(m->topo, pc->arcs, pc->n),
                            (int)n + 1, rows, vals);
    m->n_paths++;
    free(rows);
    free(vals);
}

/* Weights for pricing in scenario s: mu on arcs with capacity (delays for the initial paths). */
static int arc_weights(struct master *m, igraph_integer_t s, bool initial, igraph_vector_t *w,
                       struct fp_error *err)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    const int *cap_row = m->cap_row + s * n_arcs;
    int rc = FP_OK;
    FP_IGRAPH(err, igraph_vector_init(w, n_arcs));
    for (arc = 0; arc < n_arcs; arc++) {
        if (cap_row[arc] == 0) {
            VECTOR(*w)[arc] = IGRAPH_INFINITY;
        } else if (initial) {
            VECTOR(*w)[arc] = m->topo->delay_s[arc / 2];
        } else {
            double mu = fp_lp_row_dual(m->lp, cap_row[arc]);
            VECTOR(*w)[arc] = (mu > 0.0 ? mu : 0.0) + m->delay_weight * m->topo->delay_s[arc / 2];
        }
    }
out:
    return rc;
}

/* Whether every arc of p has capacity in scenario s. Dijkstra (igraph 0.10) still returns a
 * path over arcs of infinite weight when nothing else reaches: such a path is no path. */
static bool has_capacity(const struct master *m, igraph_integer_t s, const igraph_vector_int_t *p)
{
    const int *cap_row = m->cap_row + s * 2 * m->topo->n_spans;
    igraph_integer_t i;
    for (i = 0; i < igraph_vector_int_size(p); i++) {
        if (cap_row[VECTOR(*p)[i]] == 0) {
            return false;
        }
    }
    return true;
}

/* Under --max-stretch, the cheapest of the STRETCH_CANDIDATES cheapest paths (by dual
 * weight) whose delay stays within the stretch, or an empty path. */
static int stretch_path(struct master *m, igraph_integer_t r, const igraph_vector_t *w,
                        igraph_vector_int_t *out, struct fp_error *err)
{
    igraph_vector_int_list_t eps;
    igraph_integer_t i;
    double limit = m->opts->max_stretch * m->comms[r].shortest_s * (1 + 1e-12);
    int rc = FP_OK;

    igraph_vector_int_clear(out);
    FP_IGRAPH(err, igraph_vector_int_list_init(&eps, 0));
    if (igraph_get_k_shortest_paths(&m->arcs, w, NULL, &eps, STRETCH_CANDIDATES, m->comms[r].src,
                                    m->comms[r].dst, IGRAPH_OUT) != IGRAPH_SUCCESS) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s", fp_error_igraph_reason());
    }
    for (i = 0; rc == FP_OK && i < igraph_vector_int_list_size(&eps); i++) {
        igraph_vector_int_t *p = igraph_vector_int_list_get_ptr(&eps, i);
        if (arcs_delay(m->topo, VECTOR(*p), igraph_vector_int_size(p)) <= limit) {
            if (igraph_vector_int_update(out, p) != IGRAPH_SUCCESS) {
                rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: out of memory");
            }
            break;
        }
    }
    igraph_vector_int_list_destroy(&eps);
out:
    return rc;
}

/* Path pricing: one Dijkstra per distinct source (the shortest-path tree serves every
 * commodity from it); adds each improving path. */
static int price_paths(struct master *m, bool initial, int *added, bool *interrupted,
                       struct fp_error *err)
{
    igraph_vector_t w;
    igraph_vector_int_list_t paths;
    igraph_vector_int_t to, alt;
    igraph_integer_t r, i, src, scen = -1;
    bool *done = fp_xcalloc((size_t)m->n_comms + 1, sizeof(bool));
    bool have_w = false, have_p = false, have_to = false, have_alt = false;
    int rc = FP_OK;

    *added = 0;
    *interrupted = false;
    FP_IGRAPH(err, igraph_vector_int_list_init(&paths, 0));
    have_p = true;
    FP_IGRAPH(err, igraph_vector_int_init(&to, 0));
    have_to = true;
    FP_IGRAPH(err, igraph_vector_int_init(&alt, 0));
    have_alt = true;
    for (r = 0; r < m->n_comms; r++) {
        igraph_integer_t j, n_to = 0;
        if (done[r]) {
            continue;
        }
        if (m->comms[r].scen != scen) {
            /* commodities come in scenario order: new weights once per scenario */
            if (have_w) {
                igraph_vector_destroy(&w);
                have_w = false;
            }
            scen = m->comms[r].scen;
            rc = arc_weights(m, scen, initial, &w, err);
            if (rc != FP_OK) {
                goto out;
            }
            have_w = true;
        }
        src = m->comms[r].src;
        FP_IGRAPH(err, igraph_vector_int_resize(&to, 0));
        for (j = r; j < m->n_comms; j++) {
            if (!done[j] && m->comms[j].src == src && m->comms[j].scen == scen) {
                FP_IGRAPH(err, igraph_vector_int_push_back(&to, m->comms[j].dst));
            }
        }
        FP_IGRAPH(err, igraph_get_shortest_paths_dijkstra(&m->arcs, NULL, &paths, src,
                                                           igraph_vss_vector(&to), &w, IGRAPH_OUT,
                                                           NULL, NULL));
        for (j = r; j < m->n_comms; j++) {
            igraph_vector_int_t *p;
            double length = 0.0, pi = 0.0;
            if (done[j] || m->comms[j].src != src || m->comms[j].scen != scen) {
                continue;
            }
            done[j] = true;
            p = igraph_vector_int_list_get_ptr(&paths, n_to++);
            if (igraph_vector_int_size(p) == 0 || !has_capacity(m, scen, p)) {
                continue;   /* unreachable over spans with capacity */
            }
            if (initial) {
                m->comms[j].shortest_s = arcs_delay(m->topo, VECTOR(*p), igraph_vector_int_size(p));
                if (m->opts->formulation == FP_FORM_PATH) {
                    add_path(m, j, p);
                    (*added)++;
                }
                continue;
            }
            for (i = 0; i < igraph_vector_int_size(p); i++) {
                length += VECTOR(w)[VECTOR(*p)[i]];
            }
            pi = fp_lp_row_dual(m->lp, m->comms[j].row);
            if (!(-pi - length > EPS * (1.0 + fabs(pi)))) {
                continue;   /* not even the shortest path improves, so no path within a stretch */
            }
            if (!isnan(m->opts->max_stretch) &&
                arcs_delay(m->topo, VECTOR(*p), igraph_vector_int_size(p)) >
                    m->opts->max_stretch * m->comms[j].shortest_s * (1 + 1e-12)) {
                if (stopped(m)) {
                    *interrupted = true;   /* the candidates' searches are long: stop here */
                    goto out;
                }
                rc = stretch_path(m, j, &w, &alt, err);
                if (rc != FP_OK) {
                    goto out;
                }
                p = &alt;
                if (igraph_vector_int_size(p) == 0) {
                    continue;
                }
                length = 0.0;
                for (i = 0; i < igraph_vector_int_size(p); i++) {
                    length += VECTOR(w)[VECTOR(*p)[i]];
                }
            }
            if (-pi - length > EPS * (1.0 + fabs(pi)) && !have_path(m, j, p)) {
                add_path(m, j, p);
                (*added)++;
            }
        }
    }
out:
    free(done);
    if (have_alt) {
        igraph_vector_int_destroy(&alt);
    }
    if (have_to) {
        igraph_vector_int_destroy(&to);
    }
    if (have_p) {
        igraph_vector_int_list_destroy(&paths);
    }
    if (have_w) {
        igraph_vector_destroy(&w);
    }
    return rc;
}

/* Tree pricing in scenario s: MST of the complete graph on the sites, w_ab = -(pi_ab + pi_ba);
 * the first tree (initial) is the MST of shortest-path delays. Adds the tree when
 * c_t - sigma - W > eps (sigma: the dual of the theta row or of s's worst-case row) and sets
 * *weight = W. */
/* Adds tree te (edges of the complete graph over the sites) as a column of scenario s, unless
 * it is one already. */
static void add_tree(struct master *m, igraph_integer_t s, const igraph_t *complete,
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
    m->trees = fp_xrealloc(m->trees, (size_t)m->n_trees + 1, sizeof(struct treecol));
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
    tc->col = fp_lp_add_col(m->lp, name, tree_obj_of(m, s), nz, rows, vals);
    m->n_trees++;
    free(rows);
    free(vals);
    (*added)++;
}

/* Tree pricing of scenario s (MODEL.md): the minimum spanning tree over the sites with
 * w_ab = pi_ab + pi_ba; *weight is its weight, m->last_reduced its reduced cost. An improving
 * tree is added, and with it up to TREES_PER_ROUND - 1 more improving trees: the spanning tree
 * is taken again with the edges already used made dearer (by the best tree's reduced cost over
 * k - 1 per use), so one LP solve gets several columns instead of one (pricing on the same
 * duals; optimality is still decided by the exact minimum spanning tree alone). */
static int price_tree(struct master *m, igraph_integer_t s, bool initial, int *added, double *weight,
                      struct fp_error *err)
{
    const igraph_integer_t *pair_comm = m->pair_comm + s * m->k * m->k;
    int sigma_row = m->worst_row != NULL ? m->worst_row[s] : m->theta_row;
    igraph_t complete;
    igraph_vector_t w, wp;
    igraph_vector_int_t te;
    igraph_integer_t k = m->k, i, e;
    bool have_c = false, have_w = false, have_wp = false, have_te = false;
    double threshold, tol, penalty = 0.0;
    int rc = FP_OK, round;

    *added = 0;
    *weight = 0.0;
    FP_IGRAPH(err, igraph_full(&complete, k, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS));
    have_c = true;
    FP_IGRAPH(err, igraph_vector_init(&w, igraph_ecount(&complete)));
    have_w = true;
    for (e = 0; e < igraph_ecount(&complete); e++) {
        igraph_integer_t a = IGRAPH_FROM(&complete, e), b = IGRAPH_TO(&complete, e);
        const struct comm *ab = &m->comms[pair_comm[a * k + b]];
        const struct comm *ba = &m->comms[pair_comm[b * k + a]];
        VECTOR(w)[e] = initial ? ab->shortest_s + ba->shortest_s
                               : -(fp_lp_row_dual(m->lp, ab->row) + fp_lp_row_dual(m->lp, ba->row));
    }
    FP_IGRAPH(err, igraph_vector_init_copy(&wp, &w));
    have_wp = true;
    FP_IGRAPH(err, igraph_vector_int_init(&te, 0));
    have_te = true;
    /* reduced cost of a tree: c_t - sigma - W (sigma: dual of the theta row, if any) */
    threshold = tree_obj_of(m, s) - (sigma_row != 0 ? fp_lp_row_dual(m->lp, sigma_row) : 0.0);
    if (s == 0 && m->intact_row != 0) {
        threshold -= fp_lp_row_dual(m->lp, m->intact_row);
    }
    tol = EPS * (fabs(threshold) > 1.0 ? fabs(threshold) : 1.0);
    for (round = 0; round < (initial ? 1 : TREES_PER_ROUND); round++) {
        double tw = 0.0;
        FP_IGRAPH(err, igraph_minimum_spanning_tree(&complete, &te, &wp));
        for (i = 0; i < igraph_vector_int_size(&te); i++) {
            tw += VECTOR(w)[VECTOR(te)[i]];
        }
        if (round == 0) {
            *weight = tw;
            m->last_reduced = threshold - tw;
            penalty = (threshold - tw) / (double)(k > 1 ? k - 1 : 1);
        }
        if (!initial && !(threshold - tw > tol)) {
            break;
        }
        add_tree(m, s, &complete, &te, added);
        for (i = 0; i < igraph_vector_int_size(&te); i++) {
            VECTOR(wp)[VECTOR(te)[i]] += penalty;
        }
    }
out:
    if (have_te) {
        igraph_vector_int_destroy(&te);
    }
    if (have_wp) {
        igraph_vector_destroy(&wp);
    }
    if (have_w) {
        igraph_vector_destroy(&w);
    }
    if (have_c) {
        igraph_destroy(&complete);
    }
    return rc;
}

/* Shortest-path tree from src under arc weights w, as each vertex's inbound arc (-1: the
 * source, or not reached); Dijkstra stops once every vertex of `to` is reached. Paths and
 * lengths are read back from the tree (sp_path): into one reused vector, instead of a new
 * vector per target and search. */
static int sp_tree(const struct master *m, igraph_integer_t src, const igraph_vector_int_t *to,
                   const igraph_vector_t *w, igraph_vector_int_t *pred, struct fp_error *err)
{
    int rc = FP_OK;
    FP_IGRAPH(err, igraph_get_shortest_paths_dijkstra(&m->arcs, NULL, NULL, src, igraph_vss_vector(to),
                                                       w, IGRAPH_OUT, NULL, pred));
out:
    return rc;
}

/* The tree's path from its source to dst, as arcs in order (empty when not reached). */
static int sp_path(const struct master *m, const igraph_vector_int_t *pred, igraph_integer_t src,
                   igraph_integer_t dst, igraph_vector_int_t *path, struct fp_error *err)
{
    igraph_integer_t v = dst, n;
    int rc = FP_OK;
    igraph_vector_int_clear(path);
    while (v != src && VECTOR(*pred)[v] >= 0) {
        FP_IGRAPH(err, igraph_vector_int_push_back(path, VECTOR(*pred)[v]));
        v = IGRAPH_FROM(&m->arcs, VECTOR(*pred)[v]);
    }
    if (v != src) {
        igraph_vector_int_clear(path);
    }
    n = igraph_vector_int_size(path);
    for (v = 0; v < n / 2; v++) {
        igraph_integer_t a = VECTOR(*path)[v];
        VECTOR(*path)[v] = VECTOR(*path)[n - 1 - v];
        VECTOR(*path)[n - 1 - v] = a;
    }
out:
    return rc;
}

/* The cheapest "structure" under arc lengths len (scenario 0): a spanning tree over the sites
 * with each virtual edge routed both ways on a shortest path. It prices every tree and path at
 * once: with pi_r = -d_r (d_r the shortest path length of pair r), the tree of least weight
 * alpha = sum over its edges of d_ab + d_ba is the minimum spanning tree on those weights. */
struct structure {
    igraph_t complete;             /* over the site indices */
    igraph_vector_t wt;            /* per edge of complete: d_ab + d_ba */
    igraph_vector_int_t to, te;    /* the sites; the tree's edges of complete */
    igraph_vector_int_t *pred;     /* per site: its shortest-path tree (sp_tree) */
    igraph_vector_int_t *route;    /* [2 i], [2 i + 1]: tree edge i's path a -> b, b -> a */
    double *dist;                  /* [a * k + b]: the shortest path length, INFINITY if none */
    double alpha;                  /* the tree's weight; INFINITY if no tree is finite */
    igraph_integer_t k, n_pred, n_route;
    bool have_c, have_wt, have_to, have_te;
};

static void structure_destroy(struct structure *st)
{
    igraph_integer_t i;
    for (i = 0; i < st->n_pred; i++) {
        igraph_vector_int_destroy(&st->pred[i]);
    }
    for (i = 0; i < st->n_route; i++) {
        igraph_vector_int_destroy(&st->route[i]);
    }
    free(st->pred);
    free(st->route);
    free(st->dist);
    if (st->have_te) {
        igraph_vector_int_destroy(&st->te);
    }
    if (st->have_to) {
        igraph_vector_int_destroy(&st->to);
    }
    if (st->have_wt) {
        igraph_vector_destroy(&st->wt);
    }
    if (st->have_c) {
        igraph_destroy(&st->complete);
    }
}

static int structure_init(struct structure *st, const struct master *m, struct fp_error *err)
{
    igraph_integer_t k = m->k, i;
    int rc = FP_OK;

    memset(st, 0, sizeof(*st));
    st->k = k;
    st->pred = fp_xcalloc((size_t)k + 1, sizeof(igraph_vector_int_t));
    st->route = fp_xcalloc((size_t)(2 * k) + 1, sizeof(igraph_vector_int_t));
    st->dist = fp_xcalloc((size_t)(k * k) + 1, sizeof(double));
    FP_IGRAPH(err, igraph_full(&st->complete, k, IGRAPH_UNDIRECTED, IGRAPH_NO_LOOPS));
    st->have_c = true;
    FP_IGRAPH(err, igraph_vector_init(&st->wt, igraph_ecount(&st->complete)));
    st->have_wt = true;
    FP_IGRAPH(err, igraph_vector_int_init(&st->to, k));
    st->have_to = true;
    FP_IGRAPH(err, igraph_vector_int_init(&st->te, 0));
    st->have_te = true;
    for (i = 0; i < k; i++) {
        VECTOR(st->to)[i] = m->job->sites[i];
    }
    for (; st->n_pred < k; st->n_pred++) {
        FP_IGRAPH(err, igraph_vector_int_init(&st->pred[st->n_pred], 0));
    }
    for (; st->n_route < 2 * k; st->n_route++) {
        FP_IGRAPH(err, igraph_vector_int_init(&st->route[st->n_route], 0));
    }
out:
    return rc;
}

/* With paths, one shortest-path tree per site (their paths are read back for the tree's
 * edges); without, the lengths alone, from one multi-source igraph call (one adjacency list
 * for every source instead of one per search: several times faster). */
static int cheapest_structure(const struct master *m, const igraph_vector_t *len, bool with_paths,
                              struct structure *st, struct fp_error *err)
{
    igraph_integer_t k = st->k, a, b, e, i;
    const igraph_integer_t *site = m->job->sites;
    igraph_matrix_t d;
    bool have_d = false;
    int rc = FP_OK;

    if (with_paths) {
        for (a = 0; a < k; a++) {
            rc = sp_tree(m, site[a], &st->to, len, &st->pred[a], err);
            if (rc != FP_OK) {
                goto out;
            }
            for (b = 0; b < k && rc == FP_OK; b++) {
                /* summed from the source, as Dijkstra did: the same last bits, the same ties */
                double sum = 0.0;
                rc = sp_path(m, &st->pred[a], site[a], site[b], &st->route[0], err);
                for (i = 0; rc == FP_OK && i < igraph_vector_int_size(&st->route[0]); i++) {
                    sum += VECTOR(*len)[VECTOR(st->route[0])[i]];
                }
                st->dist[a * k + b] = a == b                                        ? 0.0
                                      : igraph_vector_int_size(&st->route[0]) > 0 ? sum
                                                                                  : INFINITY;
            }
            if (rc != FP_OK) {
                goto out;
            }
        }
    } else {
        FP_IGRAPH(err, igraph_matrix_init(&d, 0, 0));
        have_d = true;
        FP_IGRAPH(err, igraph_distances_dijkstra(&m->arcs, &d, igraph_vss_vector(&st->to),
                                                 igraph_vss_vector(&st->to), len, IGRAPH_OUT));
        for (a = 0; a < k; a++) {
            for (b = 0; b < k; b++) {
                st->dist[a * k + b] = MATRIX(d, a, b);
            }
        }
    }
    for (e = 0; e < igraph_ecount(&st->complete); e++) {
        a = IGRAPH_FROM(&st->complete, e);
        b = IGRAPH_TO(&st->complete, e);
        VECTOR(st->wt)[e] = st->dist[a * k + b] + st->dist[b * k + a];
    }
    FP_IGRAPH(err, igraph_minimum_spanning_tree(&st->complete, &st->te, &st->wt));
    st->alpha = 0.0;
    for (i = 0; rc == FP_OK && i < igraph_vector_int_size(&st->te); i++) {
        a = IGRAPH_FROM(&st->complete, VECTOR(st->te)[i]);
        b = IGRAPH_TO(&st->complete, VECTOR(st->te)[i]);
        st->alpha += VECTOR(st->wt)[VECTOR(st->te)[i]];
        if (with_paths) {
            rc = sp_path(m, &st->pred[a], site[a], site[b], &st->route[2 * i], err);
            if (rc == FP_OK) {
                rc = sp_path(m, &st->pred[b], site[b], site[a], &st->route[2 * i + 1], err);
            }
        }
    }
out:
    if (have_d) {
        igraph_matrix_destroy(&d);
    }
    return rc;
}

/* The structure's tree, and its paths in the path formulation, as columns of the master. */
static void add_structure(struct master *m, const struct structure *st)
{
    igraph_integer_t k = st->k, i, q;
    int added = 0;
    add_tree(m, 0, &st->complete, &st->te, &added);
    for (i = 0; m->opts->formulation == FP_FORM_PATH && i < igraph_vector_int_size(&st->te); i++) {
        igraph_integer_t a = IGRAPH_FROM(&st->complete, VECTOR(st->te)[i]);
        igraph_integer_t b = IGRAPH_TO(&st->complete, VECTOR(st->te)[i]);
        igraph_integer_t comm[2] = {m->pair_comm[a * k + b], m->pair_comm[b * k + a]};
        for (q = 0; q < 2; q++) {
            const igraph_vector_int_t *p = &st->route[2 * i + q];
            if (igraph_vector_int_size(p) > 0 && !have_path(m, comm[q], p)) {
                add_path(m, comm[q], p);
            }
        }
    }
}

/* Lagrangian bound at capacity duals mu (scenario 0): with pi_r = -d_r every path column
 * prices out, whatever columns the master has; the other columns (plans, budget) do not touch
 * the def rows. Divided by alpha, the cheapest structure's weight, the dual is feasible for
 * every tree too, and bounds theta by obj / alpha, obj the dual objective (the def rows'
 * right-hand sides are 0, so replacing pi leaves it unchanged). Once the paths price out,
 * d_r = -pi_r on the paths in use and this is at least as good as Farley's bound. */
static int lagrangian_bound(const struct master *m, const igraph_vector_t *mu, double obj,
                            bool with_paths, struct structure *st, double *bound, struct fp_error *err)
{
    int rc = cheapest_structure(m, mu, with_paths, st, err);
    *bound = rc == FP_OK && isfinite(st->alpha) && st->alpha > EPS ? obj / st->alpha : INFINITY;
    return rc;
}

/* A bound evaluated at the point t centre + (1 - t) y on the segment from the master's duals y
 * (t = 0) to a stability centre (t = 1); the point is left in the context, for a cut there. */
typedef int segment_fn(const struct master *m, void *ctx, double t, double *bound,
                       struct fp_error *err);

/* The least bound on the segment: f(0) first, then, when there is a centre, a golden-section
 * search of CENTER_SEARCH steps (the bounds here are quasi-convex along a segment). Ends with
 * f evaluated at the best t again, so the context holds the best point. */
static int segment_min(const struct master *m, segment_fn *f, void *ctx, bool have_center,
                       double *best, double *best_t, struct fp_error *err)
{
    const double phi = 0.6180339887498949;
    double lo = 0.0, hi = 1.0, t1, t2, g1, g2;
    int rc, it;

    *best_t = 0.0;
    rc = f(m, ctx, 0.0, best, err);
    if (rc == FP_OK && have_center) {
        t1 = hi - phi * (hi - lo);
        t2 = lo + phi * (hi - lo);
        rc = f(m, ctx, t1, &g1, err);
        if (rc == FP_OK) {
            rc = f(m, ctx, t2, &g2, err);
        }
        for (it = 0; rc == FP_OK && it < CENTER_SEARCH; it++) {
            if (g1 < *best) {
                *best = g1, *best_t = t1;
            }
            if (g2 < *best) {
                *best = g2, *best_t = t2;
            }
            if (g1 <= g2) {
                hi = t2, t2 = t1, g2 = g1;
                t1 = hi - phi * (hi - lo);
                rc = f(m, ctx, t1, &g1, err);
            } else {
                lo = t1, t1 = t2, g1 = g2;
                t2 = lo + phi * (hi - lo);
                rc = f(m, ctx, t2, &g2, err);
            }
        }
    }
    if (rc == FP_OK && isfinite(*best)) {
        rc = f(m, ctx, *best_t, best, err);
    }
    return rc;
}

/* The cheapest structure at capacity duals y (overwritten), with ties between paths of equal
 * length broken by delay, as columns of the master: a cutting plane on its duals (Kelley's
 * method on the Lagrangian dual, stabilised at the centre): the master's next duals must give
 * that structure length at least its share. Many arcs have mu = 0, and a path through them can
 * wander far (a longer latency phase). */
static int add_cut_structure(struct master *m, igraph_vector_t *y, struct structure *st,
                             struct fp_error *err)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    double mu_max = 0.0, d_max = 0.0;
    int rc;
    for (arc = 0; arc < n_arcs; arc++) {
        if (m->cap_row[arc] != 0) {
            mu_max = VECTOR(*y)[arc] > mu_max ? VECTOR(*y)[arc] : mu_max;
            d_max = m->topo->delay_s[arc / 2] > d_max ? m->topo->delay_s[arc / 2] : d_max;
        }
    }
    for (arc = 0; arc < n_arcs; arc++) {
        if (m->cap_row[arc] != 0 && d_max > 0.0) {
            VECTOR(*y)[arc] += TIE_DELAY * mu_max * m->topo->delay_s[arc / 2] / d_max;
        }
    }
    rc = cheapest_structure(m, y, true, st, err);
    if (rc == FP_OK) {
        add_structure(m, st);
    }
    return rc;
}

/* The capacity duals of the master's arcs (scenario 0), clamped at 0; INFINITY where an arc
 * has no capacity row (it carries nothing). */
static void master_mu(const struct master *m, igraph_vector_t *mu)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    for (arc = 0; arc < n_arcs; arc++) {
        double y = m->cap_row[arc] != 0 ? fp_lp_row_dual(m->lp, m->cap_row[arc]) : 0.0;
        VECTOR(*mu)[arc] = m->cap_row[arc] == 0 ? IGRAPH_INFINITY : y > 0.0 ? y : 0.0;
    }
}

/* The point t centre + (1 - t) mu on a segment, into mix (INFINITY where an arc has no capacity
 * row); at t = 0 the master's duals exactly. */
static void segment_point(const struct master *m, const double *centre, const igraph_vector_t *mu,
                          double t, igraph_vector_t *mix)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    for (arc = 0; arc < n_arcs; arc++) {
        double y = VECTOR(*mu)[arc];
        VECTOR(*mix)[arc] = m->cap_row[arc] == 0 ? IGRAPH_INFINITY
                            : t == 0.0           ? y
                                                 : t * centre[arc] + (1 - t) * y;
    }
}

/* The theta bound's segment (dual_bounds): the master's duals mu and objective z. */
struct theta_segment {
    const igraph_vector_t *mu;
    double z;
    igraph_vector_t *mix;
    struct structure *st;
};

/* The Lagrangian bound at t centre + (1 - t) mu (capacity duals; the objectives mix alike). */
static int theta_at(const struct master *m, void *ctx, double t, double *bound,
                    struct fp_error *err)
{
    struct theta_segment *sg = ctx;
    segment_point(m, m->center_mu, sg->mu, t, sg->mix);
    return lagrangian_bound(m, sg->mix, t == 0.0 ? sg->z : t * m->center_obj + (1 - t) * sg->z,
                            false, sg->st, bound, err);
}

/* The dual bound of a round of the theta objective (one scenario, paths priced): the best
 * Lagrangian bound on the segment from the master's capacity duals to the best dual found so
 * far, the stability centre (Wentges, "Weighted Dantzig-Wolfe decomposition", ITOR 4(2),
 * 1997). When the master is degenerate its duals jump between far-apart vertices: theta stays
 * put while the bound at the master's duals alone stalls above it, and points between the two
 * do better. Along the segment the bound is a linear function over a concave one (alpha is a
 * minimum of linear functions of mu), hence quasi-convex: a golden-section search finds its
 * minimum. An improvement becomes the centre (scaled to be feasible) and m->upper_bound. The
 * cheapest structure at the best point goes into the master as a cut (add_cut_structure). */
static int dual_bounds(struct master *m, bool add_cut, struct fp_error *err)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    igraph_vector_t mu, mix;
    struct structure st;
    struct theta_segment sg;
    double z = fp_lp_objective(m->lp), best = INFINITY, best_t = 0.0, alpha;
    bool have_mu = false, have_mix = false;
    int rc;

    rc = structure_init(&st, m, err);
    if (rc != FP_OK) {
        goto out;
    }
    FP_IGRAPH(err, igraph_vector_init(&mu, n_arcs));
    have_mu = true;
    FP_IGRAPH(err, igraph_vector_init(&mix, n_arcs));
    have_mix = true;
    master_mu(m, &mu);
    sg.mu = &mu;
    sg.z = z;
    sg.mix = &mix;
    sg.st = &st;
    rc = segment_min(m, theta_at, &sg, m->center_mu != NULL, &best, &best_t, err);
    if (rc != FP_OK || !isfinite(best)) {
        goto out;
    }
    alpha = st.alpha;   /* the best point's: it scales the centre */
    if (add_cut && z < best * (1 - EPS)) {
        rc = add_cut_structure(m, &mix, &st, err);
    }
    if (rc == FP_OK && best < m->upper_bound) {
        m->upper_bound = best;
        if (m->center_mu == NULL) {
            m->center_mu = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
        }
        for (arc = 0; arc < n_arcs; arc++) {
            double y = m->cap_row[arc] == 0
                           ? 0.0
                           : m->center_mu[arc] * best_t + (1 - best_t) * VECTOR(mu)[arc];
            m->center_mu[arc] = y / alpha;
        }
        m->center_obj = best;
    }
out:
    structure_destroy(&st);
    if (have_mix) {
        igraph_vector_destroy(&mix);
    }
    if (have_mu) {
        igraph_vector_destroy(&mu);
    }
    return rc;
}

/* MODEL.md "Planning", min cost: a bound on the cost phase's objective -cost / 1e6 (so a lower
 * bound on the cost of every plan that reaches theta*) at capacity duals mu >= 0. Relaxing the
 * capacity rows and dropping the budget row (in this phase it never binds: the plan that set
 * theta* meets theta* within the budget) leaves three separate parts: the trees and paths
 * carrying theta*, at least theta* alpha(mu) under the lengths mu (alpha the cheapest
 * structure's weight); each span's plan columns alone in their box, add(e) in [0, upper] worth
 * g_e = (mu_fw + mu_bw) unit / scale - cost / 1e6 per unit, and for a candidate z(e) in [0, 1]
 * at its build cost with add <= (ceiling / unit) z; and the constant sum_arc mu c / scale. So
 *   UB = sum mu c / scale - theta* alpha(mu) + sum_e max over z of (g_e add - b_e z / 1e6)
 * whatever columns the master has. It is convex in mu; at the duals of an optimal master it
 * equals the LP optimum, so it ends the degenerate tail where nothing that prices in lowers the
 * cost any more. */
static int cost_ub(const struct master *m, const igraph_vector_t *mu, struct structure *st,
                   double *ub, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t arc, e, n_arcs = 2 * t->n_spans;
    double sum = 0.0;
    int rc = cheapest_structure(m, mu, false, st, err);

    *ub = INFINITY;
    if (rc != FP_OK || !isfinite(st->alpha)) {
        return rc;
    }
    for (arc = 0; arc < n_arcs; arc++) {
        if (m->cap_row[arc] != 0 && fp_topo_is_lit(t, arc / 2)) {
            sum += VECTOR(*mu)[arc] * t->capacity_gbps[arc / 2] / m->scale;
        }
    }
    sum -= m->cost_theta * st->alpha;
    for (e = 0; e < t->n_spans; e++) {
        double g, best = 0.0;
        if (m->add_col[e] == 0) {
            continue;
        }
        g = (VECTOR(*mu)[2 * e] + VECTOR(*mu)[2 * e + 1]) * m->add_unit[e] / m->scale -
            m->add_cost[e] / 1e6;
        g = g > 0.0 ? g : 0.0;
        if (m->build_col[e] == 0) {
            best = g * m->add_upper[e];
        } else {
            /* concave and piecewise linear in z: its maximum is at 0, at the z from which add
             * can reach its upper bound (whole modules may fill less than the ceiling), or at 1 */
            double per_z = t->ceiling_gbps[e] / m->add_unit[e];
            double zs[2] = {per_z > m->add_upper[e] ? m->add_upper[e] / per_z : 1.0, 1.0};
            int j;
            for (j = 0; j < 2; j++) {
                double a = per_z * zs[j] < m->add_upper[e] ? per_z * zs[j] : m->add_upper[e];
                double v = g * a - m->build_cost[e] / 1e6 * zs[j];
                best = v > best ? v : best;
            }
        }
        sum += best;
    }
    *ub = sum;
    return rc;
}

/* The cost bound's segment (cost_bounds): the master's capacity duals per arc. */
struct cost_segment {
    const igraph_vector_t *mu;
    igraph_vector_t *mix;
    struct structure *st;
};

/* cost_ub at t centre + (1 - t) mu. */
static int cost_at(const struct master *m, void *ctx, double t, double *bound,
                   struct fp_error *err)
{
    struct cost_segment *sg = ctx;
    segment_point(m, m->cost_center, sg->mu, t, sg->mix);
    return cost_ub(m, sg->mix, sg->st, bound, err);
}

/* The dual bound of a round of the cost objective (one scenario, trees, paths priced): the
 * least cost_ub on the segment from the master's duals to the best point so far, which
 * becomes the new centre when it improves m->cost_bound (any mu >= 0 gives a valid bound, so
 * no scaling is needed); the cheapest structure there goes in as a cut when add_cut. */
static int cost_bounds(struct master *m, bool add_cut, struct fp_error *err)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    igraph_vector_t mu, mix;
    struct structure st;
    struct cost_segment sg;
    double z = fp_lp_objective(m->lp), best = INFINITY, best_t = 0.0;
    bool have_mu = false, have_mix = false;
    int rc;

    rc = structure_init(&st, m, err);
    if (rc != FP_OK) {
        goto out;
    }
    FP_IGRAPH(err, igraph_vector_init(&mu, n_arcs));
    have_mu = true;
    FP_IGRAPH(err, igraph_vector_init(&mix, n_arcs));
    have_mix = true;
    master_mu(m, &mu);
    sg.mu = &mu;
    sg.mix = &mix;
    sg.st = &st;
    rc = segment_min(m, cost_at, &sg, m->cost_center != NULL, &best, &best_t, err);
    if (rc != FP_OK || !isfinite(best)) {
        goto out;
    }
    if (best < m->cost_bound) {
        m->cost_bound = best;
        if (m->cost_center == NULL) {
            m->cost_center = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
        }
        for (arc = 0; arc < n_arcs; arc++) {
            m->cost_center[arc] = m->cap_row[arc] == 0 ? 0.0 : VECTOR(mix)[arc];
        }
    }
    if (add_cut && z < best - EPS * (1.0 + fabs(z))) {
        rc = add_cut_structure(m, &mix, &st, err);
    }
out:
    structure_destroy(&st);
    if (have_mix) {
        igraph_vector_destroy(&mix);
    }
    if (have_mu) {
        igraph_vector_destroy(&mu);
    }
    return rc;
}

/* --approx EPS: Garg and Koenemann's multiplicative-weights packing (Garg, Koenemann, SIAM J.
 * Comput. 37(2), 2007; Fleischer's variant for concurrent flow) for the tree all-reduce. A
 * "structure" is a spanning tree over the sites with each of its virtual edges routed both
 * ways on a path; the schedule LP packs structures into the arc capacities. Lengths start at
 * delta / c and grow by (1 + eps f load / c) along each structure sent; the cheapest structure
 * under the lengths is exact (cheapest_structure: the pricing problem of the exact solver
 * with lengths for duals). Certificates, both exact whatever eps: the flow sent, scaled by its
 * largest arc congestion, is feasible (theta_p); weak duality bounds every schedule by
 * D(l) / alpha(l) (D = sum c l, alpha the cheapest structure's length) for every length
 * vector seen (theta_d). It stops when theta_p >= (1 - eps) theta_d, or at D >= 1 (the
 * worst-case guarantee). Every structure sent becomes columns of the master (trees and paths,
 * without duplicates), and the master is then solved once: its theta is at least theta_p, and
 * theta_d bounds it. */
static int approx_columns(struct master *m, double eps, double *bound, long *iterations,
                          bool *timed_out, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t n_arcs = 2 * t->n_spans, arc, i, n_cap = 0;
    double *cap = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    double *load = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    double *use = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    igraph_vector_t len;
    struct structure st;
    bool have_len = false;
    double delta, sent = 0.0, theta_p = 0.0;
    int rc;

    *bound = INFINITY;
    *iterations = 0;
    *timed_out = false;
    rc = structure_init(&st, m, err);
    if (rc != FP_OK) {
        goto out;
    }
    for (arc = 0; arc < n_arcs; arc++) {
        if (m->cap_row[arc] != 0 && t->capacity_gbps[arc / 2] > 0) {
            cap[arc] = t->capacity_gbps[arc / 2] / m->scale;
            n_cap++;
        }
    }
    delta = (1 + eps) / pow((1 + eps) * (double)(n_cap > 0 ? n_cap : 1), 1.0 / eps);
    FP_IGRAPH(err, igraph_vector_init(&len, n_arcs));
    have_len = true;
    for (arc = 0; arc < n_arcs; arc++) {
        VECTOR(len)[arc] = cap[arc] > 0 ? delta / cap[arc] : IGRAPH_INFINITY;
    }
    for (;;) {
        double d_total = 0.0, f = INFINITY, congestion = 0.0;
        if (stopped(m)) {
            *timed_out = true;
            break;
        }
        rc = cheapest_structure(m, &len, true, &st, err);
        if (rc != FP_OK) {
            goto out;
        }
        if (!isfinite(st.alpha)) {
            rc = fp_error_set(err, FP_EDATA, t->path, 0, "%s", NO_THROUGHPUT);
            goto out;
        }
        memset(use, 0, (size_t)n_arcs * sizeof(double));
        for (i = 0; i < 2 * igraph_vector_int_size(&st.te); i++) {
            igraph_integer_t j;
            for (j = 0; j < igraph_vector_int_size(&st.route[i]); j++) {
                use[VECTOR(st.route[i])[j]] += 1.0;
            }
        }
        for (arc = 0; arc < n_arcs; arc++) {
            if (cap[arc] > 0) {
                d_total += cap[arc] * VECTOR(len)[arc];
                if (use[arc] > 0 && cap[arc] / use[arc] < f) {
                    f = cap[arc] / use[arc];
                }
            }
        }
        if (st.alpha > 0 && d_total / st.alpha < *bound) {
            *bound = d_total / st.alpha;       /* weak duality */
        }
        if (d_total >= 1.0 || !(f < INFINITY)) {
            break;
        }
        add_structure(m, &st);   /* send f along it, as columns of the master */
        sent += f;
        for (arc = 0; arc < n_arcs; arc++) {
            if (use[arc] > 0) {
                load[arc] += f * use[arc];
                VECTOR(len)[arc] *= 1.0 + eps * f * use[arc] / cap[arc];
            }
            if (cap[arc] > 0 && load[arc] / cap[arc] > congestion) {
                congestion = load[arc] / cap[arc];
            }
        }
        (*iterations)++;
        theta_p = congestion > 0 ? sent / congestion : 0.0;
        if (theta_p >= (1 - eps) * *bound) {
            break;
        }
    }
out:
    structure_destroy(&st);
    if (have_len) {
        igraph_vector_destroy(&len);
    }
    free(cap);
    free(load);
    free(use);
    return rc;
}

/* Arc-flow formulation, aggregated by source (a commodity per origin, as in Ahuja, Magnanti
 * and Orlin, "Network Flows", ch. 17): y_r (def: y_r - sum a z >= 0) for every pair, and one
 * flow f(g, arc) per source g on every arc with capacity, conserved at every vertex:
 * out - in - [v = g] sum_{r from g} y_r + sum_{r from g to v} y_r = 0. Any such flow splits
 * into per-pair flows of values y_r (decompose_source), so the optimum is the per-pair
 * arc-flow optimum, with k times fewer rows and columns. Arcs into the source carry nothing
 * in some optimum and are left out. */
static void build_arcflow(struct master *m)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t r, g, v, arc, n = t->n_nodes, n_arcs = 2 * t->n_spans;
    int *cons;
    char name[200];

    m->src_group = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    m->group_src = fp_xcalloc((size_t)m->n_comms + 1, sizeof(igraph_integer_t));
    for (v = 0; v < n; v++) {
        m->src_group[v] = -1;
    }
    for (r = 0; r < m->n_comms; r++) {
        if (m->src_group[m->comms[r].src] < 0) {
            m->src_group[m->comms[r].src] = m->n_groups;
            m->group_src[m->n_groups++] = m->comms[r].src;
        }
    }
    cons = fp_xcalloc((size_t)(m->n_groups * n) + 1, sizeof(int));
    m->y_col = fp_xcalloc((size_t)m->n_comms + 1, sizeof(int));
    for (g = 0; g < m->n_groups; g++) {
        for (v = 0; v < n; v++) {
            snprintf(name, sizeof(name), "cons(%s,%s)", vid(m, m->group_src[g]), vid(m, v));
            cons[g * n + v] = fp_lp_add_row_fx(m->lp, name, 0.0);
        }
    }
    for (r = 0; r < m->n_comms; r++) {
        igraph_integer_t src = m->comms[r].src;
        int rows[3];
        double vals[3];
        g = m->src_group[src];
        rows[0] = m->comms[r].row;
        vals[0] = 1.0;
        rows[1] = cons[g * n + src];
        vals[1] = -1.0;
        rows[2] = cons[g * n + m->comms[r].dst];
        vals[2] = 1.0;
        snprintf(name, sizeof(name), "y(%s,%s)", vid(m, src), vid(m, m->comms[r].dst));
        m->y_col[r] = fp_lp_add_col(m->lp, name, 0.0, 3, rows, vals);
    }
    m->flow_col = fp_xcalloc((size_t)(m->n_groups * n_arcs) + 1, sizeof(int));
    for (g = 0; g < m->n_groups; g++) {
        for (arc = 0; arc < n_arcs; arc++) {
            igraph_integer_t e = arc / 2;
            igraph_integer_t tail = arc % 2 == 0 ? t->span_from[e] : t->span_to[e];
            igraph_integer_t head = arc % 2 == 0 ? t->span_to[e] : t->span_from[e];
            int rows[3];
            double vals[3];
            if (m->cap_row[arc] == 0 || head == m->group_src[g]) {
                continue;
            }
            rows[0] = cons[g * n + tail];
            vals[0] = 1.0;
            rows[1] = cons[g * n + head];
            vals[1] = -1.0;
            rows[2] = m->cap_row[arc];
            vals[2] = 1.0;
            snprintf(name, sizeof(name), "g(%s,%s,%s)", vid(m, m->group_src[g]), t->span_id[e],
                     arc % 2 == 0 ? "fw" : "bw");
            m->flow_col[g * n_arcs + arc] = fp_lp_add_col(m->lp, name, 0.0, 3, rows, vals);
        }
    }
    free(cons);
}

/* ---- flow decomposition (arc-flow) ---- */

static void push_path(struct fp_route *out, igraph_integer_t src, igraph_integer_t dst, double gbps,
                      const igraph_integer_t *arcs, igraph_integer_t n, const struct fp_topo *t)
{
    struct fp_flow_path *fp;
    igraph_integer_t n_now = out->n_paths;
    if ((n_now & (n_now - 1)) == 0) {   /* capacity doubles at 1, 2, 4, 8, ... */
        out->paths = fp_xrealloc(out->paths, n_now == 0 ? 1 : (size_t)(2 * n_now),
                                 sizeof(struct fp_flow_path));
    }
    fp = &out->paths[out->n_paths++];
    fp->src = src;
    fp->dst = dst;
    fp->gbps = gbps;
    fp->n_arcs = n;
    fp->arcs = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    memcpy(fp->arcs, arcs, (size_t)n * sizeof(igraph_integer_t));
    fp->delay_s = arcs_delay(t, arcs, n);
}

/* Splits the flow of source group g into paths to the pairs' destinations: a DFS from the
 * source along positive arc flows stops at the first vertex still owed flow (need, the pairs'
 * y values) and peels the bottleneck off the path. Each path empties an arc or a need, so at
 * most 2m + n paths; flow around cycles is left. */
static int decompose_source(struct master *m, igraph_integer_t g, double *flow, double *need,
                            struct fp_route *out, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_inclist_t inc;
    igraph_integer_t n = t->n_nodes, guard = 0, src = m->group_src[g];
    igraph_integer_t *stack = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    igraph_integer_t *via = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    bool *seen = fp_xcalloc((size_t)n + 1, sizeof(bool));
    double tol = EPS;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_inclist_init(&m->arcs, &inc, IGRAPH_OUT, IGRAPH_LOOPS_ONCE));
    while (guard++ < 2 * t->n_spans + n + 4) {
        igraph_integer_t top = 0, v, i, len = 0, dst = -1;
        double amount;
        memset(seen, 0, (size_t)n * sizeof(bool));
        stack[top++] = src;
        seen[src] = true;
        while (top > 0 && dst < 0) {
            igraph_vector_int_t *edges;
            v = stack[--top];
            edges = igraph_inclist_get(&inc, v);
            for (i = 0; i < igraph_vector_int_size(edges); i++) {
                igraph_integer_t arc = VECTOR(*edges)[i], w = IGRAPH_TO(&m->arcs, arc);
                if (flow[arc] > tol && !seen[w]) {
                    seen[w] = true;
                    via[w] = arc;
                    if (need[w] > tol) {
                        dst = w;
                        break;
                    }
                    stack[top++] = w;
                }
            }
        }
        if (dst < 0) {
            break;
        }
        amount = need[dst];
        for (v = dst; v != src; v = IGRAPH_FROM(&m->arcs, via[v])) {
            stack[len++] = via[v];
            if (flow[via[v]] < amount) {
                amount = flow[via[v]];
            }
        }
        for (i = 0; i < len / 2; i++) {
            igraph_integer_t tmp = stack[i];
            stack[i] = stack[len - 1 - i];
            stack[len - 1 - i] = tmp;
        }
        for (i = 0; i < len; i++) {
            flow[stack[i]] -= amount;
        }
        need[dst] -= amount;
        push_path(out, src, dst, amount * m->scale, stack, len, t);
    }
    igraph_inclist_destroy(&inc);
out:
    free(stack);
    free(via);
    free(seen);
    return rc;
}

/* ---- results ---- */

/* Per ordered site pair, the longest delay of a path carrying its flow (MODEL.md "Time"). */
static double *hop_delays(const struct master *m, const struct fp_route *out)
{
    igraph_integer_t k = m->k, i;
    igraph_integer_t *site_of = fp_xcalloc((size_t)m->topo->n_nodes + 1, sizeof(igraph_integer_t));
    double *hop = fp_xcalloc((size_t)(k * k) + 1, sizeof(double));
    for (i = 0; i < m->topo->n_nodes; i++) {
        site_of[i] = -1;
    }
    for (i = 0; i < k; i++) {
        site_of[m->job->sites[i]] = i;
    }
    for (i = 0; i < out->n_paths; i++) {
        const struct fp_flow_path *p = &out->paths[i];
        igraph_integer_t a = site_of[p->src], b = site_of[p->dst];
        if (a < 0 || b < 0 || p->gbps <= EPS * out->theta_gbps) {
            continue;
        }
        if (p->delay_s > hop[a * k + b]) {
            hop[a * k + b] = p->delay_s;
        }
    }
    free(site_of);
    return hop;
}

/* Tree latency: reduce to a root and broadcast back, so a tree costs 2 x its depth, the
 * longest root-to-leaf sum of (hop delay + alpha); the root is the one that minimises it.
 * One traversal of the (k-1)-edge tree per candidate root: O(k^2) a tree. */
static double tree_depth(const struct master *m, const double *hop, const igraph_integer_t *edges,
                         igraph_integer_t *root_out)
{
    igraph_integer_t k = m->k, r, i, j;
    igraph_integer_t *deg = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    igraph_integer_t *start = fp_xcalloc((size_t)k + 2, sizeof(igraph_integer_t));
    igraph_integer_t *nbr = fp_xcalloc((size_t)(2 * k) + 1, sizeof(igraph_integer_t));
    double *w = fp_xcalloc((size_t)(2 * k) + 1, sizeof(double));
    igraph_integer_t *stack = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    double *dist = fp_xcalloc((size_t)k + 1, sizeof(double));
    double best = INFINITY, alpha = m->opts->alpha_s;

    for (j = 0; j < k - 1; j++) {
        deg[edges[2 * j]]++;
        deg[edges[2 * j + 1]]++;
    }
    for (i = 0; i < k; i++) {
        start[i + 1] = start[i] + deg[i];
        deg[i] = 0;
    }
    for (j = 0; j < k - 1; j++) {
        igraph_integer_t a = edges[2 * j], b = edges[2 * j + 1];
        double d = (hop[a * k + b] > hop[b * k + a] ? hop[a * k + b] : hop[b * k + a]) + alpha;
        nbr[start[a] + deg[a]] = b;
        w[start[a] + deg[a]++] = d;
        nbr[start[b] + deg[b]] = a;
        w[start[b] + deg[b]++] = d;
    }
    *root_out = 0;
    for (r = 0; r < k; r++) {
        igraph_integer_t top = 0;
        double depth = 0.0;
        for (i = 0; i < k; i++) {
            dist[i] = -1.0;
        }
        dist[r] = 0.0;
        stack[top++] = r;
        while (top > 0) {
            igraph_integer_t v = stack[--top];
            depth = dist[v] > depth ? dist[v] : depth;
            for (i = start[v]; i < start[v + 1]; i++) {
                if (dist[nbr[i]] < 0) {
                    dist[nbr[i]] = dist[v] + w[i];
                    stack[top++] = nbr[i];
                }
            }
        }
        if (depth < best) {
            best = depth;
            *root_out = r;
        }
    }
    free(deg);
    free(start);
    free(nbr);
    free(w);
    free(stack);
    free(dist);
    return best;
}

static void time_of(const struct master *m, struct fp_route *out, const igraph_integer_t *ring)
{
    igraph_integer_t k = m->k, a, b, i;
    double *hop = hop_delays(m, out), slowest = 0.0, alpha = m->opts->alpha_s;

    out->bandwidth_s = fp_job_bw_s(m->job->gradient_bytes, out->theta_gbps);
    if (out->algorithm == FP_COLL_TREE) {
        double deepest = 0.0;
        for (i = 0; i < out->n_trees; i++) {
            if (out->trees[i].depth_s > deepest) {
                deepest = out->trees[i].depth_s;
            }
        }
        out->latency_s = 2.0 * deepest;
    } else if (out->algorithm == FP_COLL_RING) {
        for (i = 0; i < k; i++) {
            a = ring[i];
            b = ring[(i + 1) % k];
            slowest = hop[a * k + b] > slowest ? hop[a * k + b] : slowest;
            slowest = hop[b * k + a] > slowest ? hop[b * k + a] : slowest;
        }
        out->slowest_hop_s = slowest;
        out->latency_s = 2.0 * (double)(k - 1) * (slowest + alpha);
    } else {
        for (a = 0; a < k * k; a++) {
            slowest = hop[a] > slowest ? hop[a] : slowest;
        }
        out->slowest_hop_s = slowest;
        out->latency_s = 2.0 * (slowest + alpha);
    }
    out->allreduce_s = out->bandwidth_s + out->latency_s;
    free(hop);
}

static int extract(struct master *m, struct fp_route *out, const igraph_integer_t *ring,
                   struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t e, i, r, n_arcs = 2 * t->n_spans, k = m->k;
    double obj = fp_lp_objective(m->lp), theta_m;
    double *tree_hop;
    int rc = FP_OK;

    out->algorithm = m->opts->collective;
    out->alpha_s = m->opts->alpha_s;
    if (m->opts->collective == FP_COLL_TREE) {
        obj = 0.0;
        for (i = 0; i < m->n_trees; i++) {
            obj += m->trees[i].scen == 0 ? fp_lp_col_value(m->lp, m->trees[i].col) : 0.0;
        }
    } else {
        obj = fp_lp_col_value(m->lp, m->sched_col);
    }
    out->theta_gbps = out->algorithm == FP_COLL_DEMANDS ? obj : obj * m->scale;
    /* the theta the marginals are of: the worst case's under --survive */
    theta_m = m->theta_col != 0 ? fp_lp_col_value(m->lp, m->theta_col) * m->scale : out->theta_gbps;
    out->lp_rows = fp_lp_rows(m->lp);
    out->lp_cols = fp_lp_cols(m->lp);
    out->load_gbps = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    out->dtheta_dc = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    out->marginal_s_per_gbps = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    if (m->opts->formulation == FP_FORM_PATH) {
        for (i = 0; i < m->n_paths; i++) {
            struct pathcol *pc = &m->paths[i];
            double f = fp_lp_col_value(m->lp, pc->col);
            igraph_integer_t j;
            if (f <= EPS * (obj > 0 ? obj : 1.0) || m->comms[pc->comm].scen != 0) {
                continue;   /* GLPK's zeros, or a failure scenario's flow */
            }
            for (j = 0; j < pc->n; j++) {
                out->load_gbps[pc->arcs[j]] += f * m->scale;
            }
            push_path(out, m->comms[pc->comm].src, m->comms[pc->comm].dst, f * m->scale, pc->arcs,
                      pc->n, t);
        }
    } else {
        double *flow = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
        double *need = fp_xcalloc((size_t)t->n_nodes + 1, sizeof(double));
        igraph_integer_t g;
        for (g = 0; g < m->n_groups && rc == FP_OK; g++) {
            igraph_integer_t arc;
            memset(need, 0, (size_t)t->n_nodes * sizeof(double));
            for (r = 0; r < m->n_comms; r++) {
                if (m->comms[r].src == m->group_src[g]) {
                    need[m->comms[r].dst] += fp_lp_col_value(m->lp, m->y_col[r]);
                }
            }
            for (arc = 0; arc < n_arcs; arc++) {
                int col = m->flow_col[g * n_arcs + arc];
                flow[arc] = col != 0 ? fp_lp_col_value(m->lp, col) : 0.0;
                out->load_gbps[arc] += flow[arc] * m->scale;
            }
            rc = decompose_source(m, g, flow, need, out, err);
        }
        free(need);
        free(flow);
    }
    for (e = 0; e < t->n_spans; e++) {
        double mu = 0.0;
        if (m->theta_mu != NULL) {
            mu = m->theta_mu[2 * e] + m->theta_mu[2 * e + 1];
        } else if (m->cap_row[2 * e] != 0) {
            mu = fp_lp_row_dual(m->lp, m->cap_row[2 * e]) + fp_lp_row_dual(m->lp, m->cap_row[2 * e + 1]);
        }
        if (fabs(mu) < 1e-12) {
            mu = 0.0;   /* dual noise */
        }
        out->dtheta_dc[e] = out->algorithm == FP_COLL_DEMANDS ? mu / m->scale : mu;
        if (out->algorithm != FP_COLL_DEMANDS && theta_m > 0) {
            /* T_bw = 8 S / (theta 1e9): dT/dc = -8 S / (theta^2 1e9) dtheta/dc */
            out->marginal_s_per_gbps[e] = 8.0 * m->job->gradient_bytes / (theta_m * theta_m * 1e9) *
                                          out->dtheta_dc[e];
        }
    }
    if (out->algorithm == FP_COLL_TREE) {
        tree_hop = hop_delays(m, out);
        for (i = 0; i < m->n_trees; i++) {
            double x = fp_lp_col_value(m->lp, m->trees[i].col);
            struct fp_tree *tr;
            igraph_integer_t j, root = 0;
            if (x <= 1e-12 * (obj > 0 ? obj : 1.0) || m->trees[i].scen != 0) {
                continue;   /* rates below this are GLPK's zeros */
            }
            out->trees = fp_xrealloc(out->trees, (size_t)out->n_trees + 1, sizeof(struct fp_tree));
            tr = &out->trees[out->n_trees++];
            tr->rate_gbps = x * m->scale;
            tr->n_edges = k - 1;
            tr->edges = fp_xcalloc((size_t)(2 * k) + 1, sizeof(igraph_integer_t));
            tr->depth_s = tree_depth(m, tree_hop, m->trees[i].edges, &root);
            tr->root = m->job->sites[root];
            for (j = 0; j < 2 * (k - 1); j++) {
                tr->edges[j] = m->job->sites[m->trees[i].edges[j]];
            }
        }
        free(tree_hop);
    }
    if (out->algorithm == FP_COLL_RING) {
        out->n_ring = k;
        out->ring_order = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
        for (i = 0; i < k; i++) {
            out->ring_order[i] = m->job->sites[ring[i]];
        }
    }
    if (out->algorithm != FP_COLL_DEMANDS) {
        time_of(m, out, ring);
    } else {
        out->bandwidth_s = out->latency_s = out->allreduce_s = NAN;
    }
    out->lower_bound_ratio = NAN;
    return rc;
}

/* Ring order as site indices from vertices (fixed order), validated. */
static int ring_indices(const struct master *m, igraph_integer_t *ring, struct fp_error *err)
{
    igraph_integer_t i, j, k = m->k;
    for (i = 0; i < k; i++) {
        ring[i] = -1;
        for (j = 0; j < k; j++) {
            if (m->job->sites[j] == m->opts->ring_order[i]) {
                ring[i] = j;
            }
        }
        if (ring[i] < 0) {
            return fp_error_set(err, FP_EUSAGE, NULL, 0, "ring order: '%s' is not a site",
                                m->topo->node_id[m->opts->ring_order[i]]);
        }
        for (j = 0; j < i; j++) {
            if (ring[j] == ring[i]) {
                return fp_error_set(err, FP_EUSAGE, NULL, 0, "ring order: '%s' appears twice",
                                    m->topo->node_id[m->opts->ring_order[i]]);
            }
        }
    }
    return FP_OK;
}

/* Column generation until no column prices out (optimal), a proven bound is met, or the
 * time limit or a stop request ends it. */
/* In the latency phase (one scenario) every feasible schedule has sum x_t = theta* (theta* is
 * the maximum), so z + theta* max_t d_t bounds the delay objective (Lagrangian bound, d_t the
 * best tree's reduced cost from the pricing). Tree pricing there is very degenerate (thousands
 * of rounds at the same z on 750-node networks, each slower than a theta-phase round), so the
 * phase stops when that bound proves z within LAT_GAP, or after LAT_STALL rounds that did not
 * improve z (more changed no T_lat on the benchmarks, 16 and 64 sites, and cost 30 s at 64).
 * Theta is not affected: it is fixed before this phase. */
static bool lat_settled(struct master *m, long round, bool paths_priced_out)
{
    double z = fp_lp_objective(m->lp);
    if (paths_priced_out && m->last_reduced * m->lat_theta <= LAT_GAP * fabs(z)) {
        return true;
    }
    if (z > m->lat_best + EPS * fabs(z)) {
        m->lat_best = z;
        m->lat_best_round = round;
    }
    return round - m->lat_best_round >= LAT_STALL;
}

static int column_generation(struct master *m, struct fp_route *out, double t0, double *last_report,
                             bool *optimal, bool *timed_out, struct fp_error *err)
{
    const struct fp_route_options *opts = m->opts;
    bool max_theta = m->tree_obj == 1.0 && m->theta_row == 0 && m->n_scen == 1;
    /* a plan's cheapest capacity for theta held at cost_theta (cost phase, or a target) */
    bool min_cost = m->popts != NULL && m->tree_obj == 0.0 && m->theta_row != 0 &&
                    m->n_scen == 1 && m->delay_weight == 0.0 && opts->collective == FP_COLL_TREE;
    double weight;
    int rc = FP_OK, added, path_added;
    bool first = true;
    double last_z = -INFINITY;

    *optimal = false;
    *timed_out = false;
    while (rc == FP_OK && out->rounds++ < MAX_ROUNDS) {
        double left = opts->time_limit_s > 0 ? opts->time_limit_s - (now_s() - t0) : 0.0;
        /* every call solves its master, whatever the clock, at least until its values are
         * primal feasible (fp_lp_solve stops no earlier): the initial master has to be
         * reported, and after the plan's decisions are fixed the LP's values are stale until
         * it is solved again */
        if (!first &&
            ((opts->time_limit_s > 0 && left <= 0) || (opts->stop != NULL && *opts->stop) ||
             (opts->max_rounds > 0 && out->rounds > opts->max_rounds))) {
            *timed_out = true;
            break;
        }
        rc = fp_lp_solve(m->lp, opts->time_limit_s > 0 ? (left > 1e-9 ? left : 1e-9) : 0.0,
                         opts->stop, timed_out, err);
        first = false;
        if (rc != FP_OK || *timed_out) {
            break;
        }
        /* progress reports theta: only while the objective is theta (not in the cost or
         * latency phases) */
        if (opts->progress != NULL && (max_theta || (opts->collective != FP_COLL_TREE && m->delay_weight == 0.0)) &&
            now_s() - t0 > 1.0 && now_s() - *last_report >= 1.0) {
            double sc = opts->collective == FP_COLL_DEMANDS || !max_theta ? 1.0 : m->scale;
            opts->progress(opts->progress_ctx, (long)fp_lp_cols(m->lp), fp_lp_objective(m->lp) * sc,
                           isfinite(m->upper_bound) && max_theta ? m->upper_bound * sc : NAN);
            *last_report = now_s();
        }
        if (opts->collective == FP_COLL_TREE && max_theta &&
            fp_lp_objective(m->lp) >= m->upper_bound * (1 - EPS)) {
            *optimal = true;   /* the restricted master meets a proven upper bound */
            break;
        }
        /* paths and trees are priced on the same duals and added together: one LP solve
         * per round for both */
        path_added = 0;
        if (opts->formulation == FP_FORM_PATH && !opts->single_path) {
            bool interrupted;
            rc = price_paths(m, false, &path_added, &interrupted, err);
            if (rc != FP_OK) {
                break;
            }
            if (interrupted) {
                *timed_out = true;   /* pricing cut short: nothing is proven */
                break;
            }
        }
        if (opts->collective != FP_COLL_TREE) {
            if (path_added > 0) {
                continue;
            }
            *optimal = true;
            break;
        }
        {
            igraph_integer_t sc;
            int one = 0;
            added = 0;
            for (sc = 0; rc == FP_OK && sc < m->n_scen; sc++) {
                rc = price_tree(m, sc, false, &one, &weight, err);
                added += one;
            }
        }
        /* the Lagrangian and Farley bounds need duals that price out every path */
        if (rc == FP_OK && added > 0 && m->lat_theta > 0.0 &&
            lat_settled(m, out->rounds, path_added == 0)) {
            *optimal = true;
            break;
        }
        if (rc == FP_OK && max_theta && !opts->single_path) {
            /* Farley's bound and better, every round; its structure goes in when theta stalls
             * (a degenerate master: the bound has to move) while other columns still price in
             * (else the master is optimal as it stands) */
            double z = fp_lp_objective(m->lp);
            rc = dual_bounds(m, added + path_added > 0 && z <= last_z + EPS * fabs(last_z), err);
            last_z = z;
            if (rc == FP_OK && fp_lp_objective(m->lp) >= m->upper_bound * (1 - EPS)) {
                *optimal = true;
                break;
            }
        } else if (rc == FP_OK && min_cost && !opts->single_path) {
            /* the same for the cost: a bound on -cost / 1e6 every round, its structure in
             * when the cost stalls */
            double z = fp_lp_objective(m->lp);
            rc = cost_bounds(m, added + path_added > 0 && z <= last_z + EPS * fabs(last_z), err);
            last_z = z;
            if (rc == FP_OK && z >= m->cost_bound - EPS * (1.0 + fabs(z))) {
                *optimal = true;
                break;
            }
        } else if (rc == FP_OK && max_theta && path_added == 0 && weight > EPS &&
                   fp_lp_objective(m->lp) / weight < m->upper_bound) {
            m->upper_bound = fp_lp_objective(m->lp) / weight;   /* Farley's bound */
        }
        added += path_added;
        if (rc != FP_OK || added == 0) {
            *optimal = rc == FP_OK;
            break;
        }
    }
    return rc;
}

/* Tree columns' and cost columns' objective: maximise theta (tree_obj 1, costs 0) or
 * minimise cost in millions of USD (tree_obj 0). */
static void set_objective(struct master *m, bool min_cost)
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
    }
}

/* The LP optimum's plan in whole modules (1-based, one value per column; only the plan's
 * columns are meant, the caller fixes them and re-routes). Budget mode rounds modules down
 * and drops fractional builds (never over budget); target mode rounds up and builds any
 * candidate in use (capacity only grows, so theta_req stays reachable). */
static double *mip_start(const struct master *m, bool round_up)
{
    const struct fp_topo *t = m->topo;
    int n_cols = fp_lp_cols(m->lp), col;
    double *x = fp_xcalloc((size_t)n_cols + 2, sizeof(double));
    igraph_integer_t e;

    for (col = 1; col <= n_cols; col++) {
        x[col] = fp_lp_col_value(m->lp, col);
    }
    for (e = 0; e < t->n_spans; e++) {
        double n, z = 1.0;
        if (m->add_col[e] == 0) {
            continue;
        }
        if (m->build_col[e] != 0) {
            z = round_up ? (x[m->build_col[e]] > 1e-9 ? 1.0 : 0.0)
                         : (x[m->build_col[e]] >= 1.0 - 1e-9 ? 1.0 : 0.0);
            x[m->build_col[e]] = z;
        }
        n = round_up ? ceil(x[m->add_col[e]] - 1e-9) : floor(x[m->add_col[e]] + 1e-9);
        x[m->add_col[e]] = z > 0 && n > 0 ? n : 0.0;
    }
    return x;
}

/* Fixes the plan's decisions (modules, builds) at x's values. */
static void fix_plan_at(struct master *m, const double *x)
{
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        if (m->add_col[e] != 0) {
            fp_lp_fix_col(m->lp, m->add_col[e], x[m->add_col[e]]);
        }
        if (m->build_col[e] != 0) {
            fp_lp_fix_col(m->lp, m->build_col[e], x[m->build_col[e]]);
        }
    }
}

/* Fixes the plan's decisions at start's values and re-routes; *proven when theta then meets
 * lp_bound. Otherwise restores the columns' bounds and the LP optimum for branch and cut. */
static int try_rounding(struct master *m, struct fp_route *out, const double *start, double lp_bound,
                        double t0, double *last_report, bool *proven, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t e;
    bool optimal, timed_out;
    int rc;

    fix_plan_at(m, start);
    m->upper_bound = INFINITY;
    rc = column_generation(m, out, t0, last_report, &optimal, &timed_out, err);
    *proven = rc == FP_OK && optimal && fp_lp_objective(m->lp) * m->scale >= lp_bound * (1 - EPS);
    if (rc != FP_OK || *proven) {
        return rc;
    }
    for (e = 0; e < t->n_spans; e++) {
        if (m->add_col[e] != 0) {
            double room = t->ceiling_gbps[e] - (fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0);
            fp_lp_set_col_bounds(m->lp, m->add_col[e], 0.0, floor(room / m->add_unit[e] + 1e-9));
        }
        if (m->build_col[e] != 0) {
            fp_lp_set_col_bounds(m->lp, m->build_col[e], 0.0, 1.0);
        }
    }
    return column_generation(m, out, t0, last_report, &optimal, &timed_out, err);
}

/* ---- cut-set inequalities for whole modules ---- */

/* Every tree spans the sites, so across a partition of the vertices into m parts that each
 * hold a site it has at least m - 1 edges, each carrying its rate both ways over the spans
 * between parts (MODEL.md "Lower bound"): per direction
 *   (m - 1) theta <= C + sum_{e between parts} u_e n_e   (C: today's capacity between the
 *                                                          parts, u_e: module_gbps, n_e: modules).
 * With theta <= Theta (budget: the LP bound) or theta >= theta_req (target), dividing by a
 * module size d gives sum a_e n_e + s >= b with s = (m - 1)(Theta - theta) / d >= 0 (s = 0 for
 * a target), and its mixed-integer rounding (Marchand and Wolsey 2001; the cut-set
 * inequalities of network loading, Bienstock and Gunluk 1996)
 *   sum (floor(a_e) + min(f_e, f) / f) n_e + s / f >= ceil(b),   f = b - floor(b),
 * holds for every plan in whole modules and cuts off fractional ones. The cuts separated are
 * the Gomory-Hu cuts (m = 2) of the LP plan's capacities that split the sites and are within
 * 5 % of tight, for a few rounds of separating and re-solving at the root of branch and cut.
 * On stargate-us at a $20M budget this halves the time branch and cut takes to prove its
 * plan (64 s -> 31 s); partitions into more parts (thresholds of the same tree) were tried
 * and did not raise the root bound further, while their rows slowed every node. */
#define CUT_ROUNDS 10
#define CUT_MIN_FRAC 0.02
#define CUT_UNITS 8

struct cutsep {
    struct master *m;
    double theta, theta_bound;     /* the LP's theta; Theta or theta_req (Gbit/s) */
    bool target;
    int *cols;
    double *vals;
    int *rows, n_rows;
};

/* The rounded coefficient of an integer variable with coefficient a, right-hand side
 * fraction f: floor(a) + min(f_a, f) / f. */
static double mir_coef(double a, double f)
{
    return floor(a) + fmin(a - floor(a), f) / f;
}

/* Adds the most violated rounding of the partition part[] (m parts); true when one is. */
static bool cut_partition(struct cutsep *cs, const igraph_integer_t *part, igraph_integer_t parts)
{
    struct master *m = cs->m;
    const struct fp_topo *t = m->topo;
    double c = 0.0, units[CUT_UNITS], best = 1e-6, best_d = 0.0, best_f = 0.0, mult = (double)(parts - 1);
    int n_units = 0, u, nz = 0, row;
    igraph_integer_t e;
    char name[48];

    for (e = 0; e < t->n_spans; e++) {
        if (part[t->span_from[e]] == part[t->span_to[e]]) {
            continue;
        }
        c += m->cap_row[2 * e] != 0 && fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
        if (m->add_col[e] != 0 && n_units < CUT_UNITS) {
            for (u = 0; u < n_units && units[u] != m->add_unit[e]; u++) {
            }
            if (u == n_units) {
                units[n_units++] = m->add_unit[e];
            }
        }
    }
    for (u = 0; u < n_units; u++) {
        double d = units[u], rhs = (mult * cs->theta_bound - c) / d, f = rhs - floor(rhs), lhs = 0.0;
        if (rhs <= 0 || f < CUT_MIN_FRAC || f > 1 - 1e-9) {
            continue;
        }
        for (e = 0; e < t->n_spans; e++) {
            if (m->add_col[e] != 0 && part[t->span_from[e]] != part[t->span_to[e]]) {
                lhs += mir_coef(m->add_unit[e] / d, f) * fp_lp_col_value(m->lp, m->add_col[e]);
            }
        }
        if (!cs->target) {
            lhs += mult * (cs->theta_bound - cs->theta) / (d * f);
        }
        if (ceil(rhs) - lhs > best) {
            best = ceil(rhs) - lhs;
            best_d = d;
            best_f = f;
        }
    }
    if (best_d == 0.0) {
        return false;
    }
    for (e = 0; e < t->n_spans; e++) {
        if (m->add_col[e] != 0 && part[t->span_from[e]] != part[t->span_to[e]]) {
            cs->cols[nz] = m->add_col[e];
            cs->vals[nz++] = mir_coef(m->add_unit[e] / best_d, best_f);
        }
    }
    for (e = 0; !cs->target && e < m->n_trees; e++) {
        if (m->trees[e].scen == 0) {
            cs->cols[nz] = m->trees[e].col;
            cs->vals[nz++] = -mult * m->scale / (best_d * best_f);
        }
    }
    snprintf(name, sizeof(name), "cutset|%d", cs->n_rows);
    row = fp_lp_add_row_lo(m->lp, name, ceil((mult * cs->theta_bound - c) / best_d) -
                                        (cs->target ? 0.0 : mult * cs->theta_bound / (best_d * best_f)));
    for (e = 0; e < nz; e++) {
        fp_lp_set_coef(m->lp, row, cs->cols[e], cs->vals[e]);
    }
    cs->rows = fp_xrealloc(cs->rows, (size_t)cs->n_rows + 1, sizeof(int));
    cs->rows[cs->n_rows++] = row;
    return true;
}

static int cutset_cuts(struct master *m, double theta_bound, bool target, int **cut_rows,
                       int *n_cut_rows, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t n = t->n_nodes, e, i, v;
    igraph_vector_t cap, flows;
    igraph_vector_int_t order, parents;
    igraph_t gh;
    bool have_cap = false, have_flows = false, have_gh = false, have_o = false, have_p = false;
    igraph_integer_t *count = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    igraph_integer_t *part = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    struct cutsep cs;
    int round, rc = FP_OK;

    memset(&cs, 0, sizeof(cs));
    cs.m = m;
    cs.theta_bound = theta_bound;
    cs.target = target;
    cs.cols = fp_xcalloc((size_t)(t->n_spans + m->n_trees) + 1, sizeof(int));
    cs.vals = fp_xcalloc((size_t)(t->n_spans + m->n_trees) + 1, sizeof(double));
    FP_IGRAPH(err, igraph_vector_init(&cap, t->n_spans));
    have_cap = true;
    FP_IGRAPH(err, igraph_vector_init(&flows, 0));
    have_flows = true;
    FP_IGRAPH(err, igraph_vector_int_init(&order, 0));
    have_o = true;
    FP_IGRAPH(err, igraph_vector_int_init(&parents, 0));
    have_p = true;
    for (round = 0; round < CUT_ROUNDS; round++) {
        int added = 0;
        bool timed_out;
        cs.theta = 0.0;
        for (i = 0; i < m->n_trees; i++) {
            cs.theta += m->trees[i].scen == 0 ? fp_lp_col_value(m->lp, m->trees[i].col) * m->scale : 0.0;
        }
        for (e = 0; e < t->n_spans; e++) {
            double c = m->cap_row[2 * e] != 0 && fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
            if (m->add_col[e] != 0) {
                c += fp_lp_col_value(m->lp, m->add_col[e]) * m->add_unit[e];
            }
            VECTOR(cap)[e] = c;
        }
        if (have_gh) {
            igraph_destroy(&gh);
            have_gh = false;
        }
        FP_IGRAPH(err, igraph_gomory_hu_tree(&t->graph, &gh, &flows, &cap));
        have_gh = true;
        /* each Gomory-Hu edge's own cut (the subtree below it in a BFS from a site) */
        rc = fp_gh_subtree_sites(&gh, m->job, &order, &parents, count, err);
        if (rc != FP_OK) {
            break;
        }
        for (i = 0; i < igraph_ecount(&gh); i++) {
            igraph_integer_t child = fp_gh_child(&gh, &parents, i);
            if (child < 0 || count[child] == 0 || count[child] == m->k ||
                VECTOR(flows)[i] > 1.05 * cs.theta) {
                continue;
            }
            for (v = 0; v < n; v++) {
                igraph_integer_t w = v;
                while (w >= 0 && w != child) {
                    w = VECTOR(parents)[w];
                }
                part[v] = w == child;
            }
            added += cut_partition(&cs, part, 2);
        }
        if (added == 0) {
            break;
        }
        rc = fp_lp_solve(m->lp, 0.0, m->opts->stop, &timed_out, err);
        if (rc != FP_OK || timed_out) {
            break;
        }
    }
out:
    if (have_gh) {
        igraph_destroy(&gh);
    }
    if (have_cap) {
        igraph_vector_destroy(&cap);
    }
    if (have_flows) {
        igraph_vector_destroy(&flows);
    }
    if (have_o) {
        igraph_vector_int_destroy(&order);
    }
    if (have_p) {
        igraph_vector_int_destroy(&parents);
    }
    free(count);
    free(part);
    free(cs.cols);
    free(cs.vals);
    *cut_rows = cs.rows;
    *n_cut_rows = cs.n_rows;
    return rc;
}

/* Fixes the plan's decisions at their values (the MILP incumbent, rounded, or the LP's). */
static void fix_plan(struct master *m, bool from_mip)
{
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
        int cols[2] = {m->add_col[e], m->build_col[e]};
        int i;
        for (i = 0; i < 2; i++) {
            double v;
            if (cols[i] == 0) {
                continue;
            }
            v = from_mip ? round(fp_lp_mip_value(m->lp, cols[i])) : fp_lp_col_value(m->lp, cols[i]);
            fp_lp_fix_col(m->lp, cols[i], v > 0 ? v : 0.0);
        }
    }
}

static void extract_plan(const struct master *m, struct fp_plan *plan)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t e, n = t->n_spans;
    plan->upgradable = fp_xcalloc((size_t)n + 1, sizeof(bool));
    plan->added_gbps = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->modules = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->build = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->span_cost_usd = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->planned_gbps = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->seconds_per_usd = fp_xcalloc((size_t)n + 1, sizeof(double));
    plan->cost_usd = 0.0;
    for (e = 0; e < n; e++) {
        double c = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0, v = 0.0, z = 0.0;
        plan->upgradable[e] = m->upgradable[e];
        plan->seconds_per_usd[e] = NAN;
        if (m->add_col[e] != 0) {
            v = fp_lp_col_value(m->lp, m->add_col[e]);
            v = m->popts->modular ? round(v) : v;   /* whole modules, without the LP's noise */
            v = v > 1e-12 ? v : 0.0;
            plan->added_gbps[e] = v * m->add_unit[e];
            plan->modules[e] = m->popts->modular ? v : plan->added_gbps[e] / t->module_gbps[e];
            plan->span_cost_usd[e] += v * m->add_cost[e];
        }
        if (m->build_col[e] != 0) {
            z = fp_lp_col_value(m->lp, m->build_col[e]);
            z = m->popts->modular ? round(z) : z;
            z = z > 1e-12 ? z : 0.0;
            plan->build[e] = z;
            plan->span_cost_usd[e] += z * m->build_cost[e];
        }
        plan->planned_gbps[e] = c + plan->added_gbps[e];
        plan->cost_usd += plan->span_cost_usd[e];
    }
}

/* The marginal values are the theta phase's duals: keep them before a later phase changes the
 * objective (per arc, summed over the scenarios: one more Gbit/s on a span is one more in
 * every scenario that keeps it). */
static void keep_theta_duals(struct master *m)
{
    igraph_integer_t i, n_arcs = 2 * m->topo->n_spans;
    if (m->theta_mu != NULL) {
        return;
    }
    m->theta_mu = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    for (i = 0; i < m->n_scen * n_arcs; i++) {
        if (m->cap_row[i] != 0) {
            m->theta_mu[i % n_arcs] += fp_lp_row_dual(m->lp, m->cap_row[i]);
        }
    }
}

/* What a min-cost phase proved about the cost (plan->cost_bound_usd), USD: its best Lagrangian
 * bound (at the duals of an optimal master it is the LP's cost, to rounding), else the LP's
 * cost when it ended optimal without one (--survive), else 0 (costs are never negative). */
static double cost_lower_bound(const struct master *m, bool optimal)
{
    double lb = -m->cost_bound * 1e6;
    if (!isfinite(m->cost_bound)) {
        lb = optimal ? -fp_lp_objective(m->lp) * 1e6 : 0.0;
    }
    return lb > 0.0 ? lb : 0.0;
}

/* A phase that minimises cost with theta >= theta (scaled) begins: its bound starts afresh. */
static void cost_phase_begin(struct master *m, double theta)
{
    m->cost_theta = theta;
    m->cost_bound = INFINITY;
    free(m->cost_center);
    m->cost_center = NULL;
}

/* Budget mode, continuous: among the plans that reach the optimum theta_star, the cheapest
 * (money that buys no theta stays unspent). theta is held at theta_star (1 - 1e-12: the LP's
 * own solution meets it). */
static int cost_phase(struct master *m, struct fp_route *out, double t0, double *last_report,
                      bool *optimal, bool *timed_out, struct fp_error *err)
{
    double theta_star = fp_lp_objective(m->lp) * (1 - 1e-12);
    igraph_integer_t i;
    int rc;
    keep_theta_duals(m);
    if (m->theta_col != 0) {
        /* --survive: with the worst case held, the most for the intact network, then the
         * cheapest plan that keeps both */
        double intact = 0.0;
        int row;
        fp_lp_set_col_bounds(m->lp, m->theta_col, theta_star, -1.0);
        fp_lp_set_obj(m->lp, m->theta_col, 0.0);
        m->intact_obj = true;
        for (i = 0; i < m->n_trees; i++) {
            fp_lp_set_obj(m->lp, m->trees[i].col, m->trees[i].scen == 0 ? 1.0 : 0.0);
        }
        rc = column_generation(m, out, t0, last_report, optimal, timed_out, err);
        if (rc != FP_OK || !*optimal) {
            return rc;
        }
        row = fp_lp_add_row_lo(m->lp, "intact_star", 0.0);
        for (i = 0; i < m->n_trees; i++) {
            if (m->trees[i].scen == 0) {
                intact += fp_lp_col_value(m->lp, m->trees[i].col);
                fp_lp_set_coef(m->lp, row, m->trees[i].col, 1.0);
            }
        }
        fp_lp_set_row_lo(m->lp, row, intact * (1 - 1e-12));
        m->intact_row = row;
    } else {
        m->theta_row = fp_lp_add_row_lo(m->lp, "theta_star", theta_star);
        for (i = 0; i < m->n_trees; i++) {
            fp_lp_set_coef(m->lp, m->theta_row, m->trees[i].col, 1.0);
        }
        cost_phase_begin(m, theta_star);
    }
    set_objective(m, true);
    return column_generation(m, out, t0, last_report, optimal, timed_out, err);
}

/* The latency phase: theta stays at its optimum theta_star while the
 * delay-weighted flow is minimised, so traffic takes the shortest paths the optimum allows
 * and T_lat (MODEL.md "Time") does not depend on which optimal flow GLPK happened to return.
 * Paths are priced on mu + delay / D, D the longest shortest delay of a commodity. */
static int latency_phase(struct master *m, struct fp_route *out, double t0, double *last_report,
                         bool *optimal, bool *timed_out, struct fp_error *err)
{
    double theta_star, d_max = 0.0;
    igraph_integer_t i, r;
    int row;

    keep_theta_duals(m);
    for (r = 0; r < m->n_comms; r++) {
        d_max = m->comms[r].shortest_s > d_max ? m->comms[r].shortest_s : d_max;
    }
    if (!(d_max > 0.0)) {
        return FP_OK;
    }
    if (m->theta_col != 0) {
        /* the worst case's theta stays at its optimum */
        double worst = fp_lp_col_value(m->lp, m->theta_col);
        fp_lp_set_col_bounds(m->lp, m->theta_col, worst, worst);
        fp_lp_set_obj(m->lp, m->theta_col, 0.0);
        m->delay_weight = 1.0 / d_max;
        for (i = 0; i < m->n_paths; i++) {
            fp_lp_set_obj(m->lp, m->paths[i].col,
                          -m->delay_weight * arcs_delay(m->topo, m->paths[i].arcs, m->paths[i].n));
        }
        return column_generation(m, out, t0, last_report, optimal, timed_out, err);
    }
    theta_star = 0.0;
    if (m->opts->collective == FP_COLL_TREE) {
        for (i = 0; i < m->n_trees; i++) {
            theta_star += fp_lp_col_value(m->lp, m->trees[i].col);
        }
    } else {
        theta_star = fp_lp_col_value(m->lp, m->sched_col);
    }
    row = fp_lp_add_row_lo(m->lp, "theta_kept", theta_star);
    m->lat_theta = m->n_scen == 1 && m->opts->collective == FP_COLL_TREE ? theta_star : 0.0;
    m->lat_best = -INFINITY;
    if (m->opts->collective == FP_COLL_TREE) {
        for (i = 0; i < m->n_trees; i++) {
            fp_lp_set_coef(m->lp, row, m->trees[i].col, 1.0);
            fp_lp_set_obj(m->lp, m->trees[i].col, 0.0);
        }
        m->theta_row = row;
        m->tree_obj = 0.0;
    } else {
        fp_lp_set_coef(m->lp, row, m->sched_col, 1.0);
        fp_lp_set_obj(m->lp, m->sched_col, 0.0);
    }
    m->delay_weight = 1.0 / d_max;
    for (i = 0; i < m->n_paths; i++) {
        fp_lp_set_obj(m->lp, m->paths[i].col,
                      -m->delay_weight * arcs_delay(m->topo, m->paths[i].arcs, m->paths[i].n));
    }
    if (m->flow_col != NULL) {
        igraph_integer_t g, arc, n_arcs = 2 * m->topo->n_spans;
        for (g = 0; g < m->n_groups; g++) {
            for (arc = 0; arc < n_arcs; arc++) {
                if (m->flow_col[g * n_arcs + arc] != 0) {
                    fp_lp_set_obj(m->lp, m->flow_col[g * n_arcs + arc],
                                  -m->delay_weight * m->topo->delay_s[arc / 2]);
                }
            }
        }
    }
    return column_generation(m, out, t0, last_report, optimal, timed_out, err);
}

int fp_route_solve(const struct fp_topo *topo, const struct fp_job *job,
                   const struct fp_route_options *opts, struct fp_route *route,
                   struct fp_error *err)
{
    return fp_route_solve_master(topo, job, opts, NULL, route, NULL, err);
}

int fp_route_solve_master(const struct fp_topo *topo, const struct fp_job *job,
                          const struct fp_route_options *opts, const struct fp_plan_options *popts,
                          struct fp_route *route, struct fp_plan *plan, struct fp_error *err)
{
    struct master m;
    struct fp_route out;
    igraph_integer_t k = job->n_sites, r;
    igraph_integer_t *ring = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    struct fp_route_options ring_opts;
    double t0 = now_s(), last_report = t0, weight, lp_bound = NAN, theta_req = NAN;
    double cost_lb = NAN;         /* plan->cost_bound_usd */
    int *cut_rows = NULL, n_cut_rows = 0, c;
    bool timed_out = false, optimal = false, proven = true;
    bool target_mode = popts != NULL && isnan(popts->budget_usd);
    /* --approx: the tree all-reduce on the network as given (not with plans or scenarios) */
    bool approx = opts->approx_eps > 0 && opts->collective == FP_COLL_TREE && popts == NULL &&
                  opts->formulation == FP_FORM_PATH && !opts->single_path && opts->failed == NULL;
    /* the exact tree solve starts from a rough packing's columns (same conditions, and no
     * stretch limit, which the packing does not know) */
    bool warm = !approx && opts->collective == FP_COLL_TREE && popts == NULL &&
                !opts->single_path && opts->failed == NULL && isnan(opts->max_stretch);
    int rc, added;

    memset(&m, 0, sizeof(m));
    m.t0 = t0;
    memset(&out, 0, sizeof(out));
    m.topo = topo;
    m.job = job;
    m.opts = opts;
    m.popts = popts;
    m.k = k;
    m.upper_bound = INFINITY;
    m.cost_bound = INFINITY;
    m.tree_obj = 1.0;
    m.n_scen = popts != NULL && popts->n_scen > 0 ? 1 + popts->n_scen : 1;
    if (m.n_scen > 1 && (opts->collective != FP_COLL_TREE || opts->formulation != FP_FORM_PATH)) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: survivable plans route trees by paths");
        goto out;
    }
    rc = fp_topo_require_delays(topo, err);
    if (rc != FP_OK) {
        goto out;
    }
    if (opts->collective == FP_COLL_RING && opts->ring_order == NULL) {
        igraph_integer_t *order = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
        rc = fp_route_ring_order(topo, job, opts, 4 * (int)k, order, err);
        if (rc == FP_OK) {
            ring_opts = *opts;
            ring_opts.ring_order = order;
            rc = fp_route_solve_master(topo, job, &ring_opts, popts, route, plan, err);
        }
        free(order);
        goto out;
    }
    m.lp = fp_lp_new("fiberplan");
    if (opts->log != NULL) {
        fp_lp_set_log(m.lp, opts->log, opts->log_ctx);
    }
    build_comms(&m);
    build_caps(&m);
    rc = build_arcs(&m, err);
    if (rc != FP_OK) {
        goto out;
    }
    if (opts->collective == FP_COLL_RING) {
        rc = ring_indices(&m, ring, err);
        if (rc != FP_OK) {
            goto out;
        }
    }
    {
        bool interrupted;   /* the initial pricing looks for no stretched paths */
        rc = price_paths(&m, true, &added, &interrupted, err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    for (r = 0; r < m.n_comms; r++) {
        if (!isfinite(m.comms[r].shortest_s) && m.comms[r].scen > 0) {
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: failure scenario %ld cuts '%s' off",
                              (long)m.comms[r].scen, topo->node_id[m.comms[r].dst]);
            goto out;
        }
        if (!isfinite(m.comms[r].shortest_s)) {
            rc = fp_error_set(err, FP_EDATA, topo->path, 0,
                              "'%s' cannot reach '%s' over lit spans with capacity",
                              topo->node_id[m.comms[r].src], topo->node_id[m.comms[r].dst]);
            goto out;
        }
    }
    if (opts->formulation == FP_FORM_ARCFLOW) {
        build_arcflow(&m);
    }
    if (popts != NULL) {
        add_plan_cols(&m);
    }
    if (m.n_scen > 1) {
        /* max theta with theta <= every scenario's sum of tree rates (MODEL.md "Failures") */
        int *rows = fp_xcalloc((size_t)m.n_scen + 1, sizeof(int));
        double *vals = fp_xcalloc((size_t)m.n_scen + 1, sizeof(double));
        m.worst_row = fp_xcalloc((size_t)m.n_scen + 1, sizeof(int));
        for (r = 0; r < m.n_scen; r++) {
            char name[48];
            snprintf(name, sizeof(name), "worst|%ld", (long)r);
            m.worst_row[r] = fp_lp_add_row_lo(m.lp, name, 0.0);
            rows[r] = m.worst_row[r];
            vals[r] = -1.0;
        }
        m.theta_col = fp_lp_add_col(m.lp, "theta", 1.0, (int)m.n_scen, rows, vals);
        m.tree_obj = 0.0;
        free(rows);
        free(vals);
    } else if (opts->collective == FP_COLL_TREE && isfinite(opts->upper_bound_gbps)) {
        /* theta_lb bounds every schedule's theta (MODEL.md "Lower bound"): reaching it
         * proves the tree optimum without waiting for the pricing to tail off */
        m.upper_bound = opts->upper_bound_gbps / m.scale;
    }
    if (opts->collective == FP_COLL_TREE) {
        for (r = 0; rc == FP_OK && r < m.n_scen; r++) {
            rc = price_tree(&m, r, true, &added, &weight, err);
        }
    } else {
        add_sched_col(&m, ring);
    }
    if (rc == FP_OK && approx) {
        double bound;
        long iterations;
        bool halted;
        rc = approx_columns(&m, opts->approx_eps, &bound, &iterations, &halted, err);
        if (rc == FP_OK) {
            rc = fp_lp_solve(m.lp, 0.0, NULL, &timed_out, err);   /* once, to report */
        }
        timed_out = halted;
        out.rounds = iterations;
        if (bound < m.upper_bound) {
            m.upper_bound = bound;
        }
        /* meeting a bound proves it optimal; else the certified gap is reported */
        optimal = rc == FP_OK && fp_lp_objective(m.lp) >= m.upper_bound * (1 - EPS);
    } else if (rc == FP_OK) {
        if (warm) {
            /* a rough packing first: its trees and paths start the column generation */
            double bound;
            long iterations;
            rc = approx_columns(&m, WARM_EPS, &bound, &iterations, &timed_out, err);
            if (rc == FP_OK && bound < m.upper_bound) {
                m.upper_bound = bound;
            }
        }
        if (rc == FP_OK) {
            rc = column_generation(&m, &out, t0, &last_report, &optimal, &timed_out, err);
        }
    }
    if (rc == FP_OK && popts != NULL && target_mode && optimal) {
        /* MODEL.md min cost: theta >= 8 S / ((T_target - T_lat) 1e9); the unlimited-budget
         * optimum above says whether any plan within the ceilings can */
        double theta_max = fp_lp_objective(m.lp) * m.scale;
        if (popts->target_time_s <= popts->latency_s) {
            rc = fp_error_set(err, FP_EDATA, topo->path, 0,
                              "no plan reaches T <= %g s: the latency alone is %.4g s",
                              popts->target_time_s, popts->latency_s);
            goto out;
        }
        theta_req = 8.0 * job->gradient_bytes / ((popts->target_time_s - popts->latency_s) * 1e9);
        if (theta_max < theta_req * (1 - 1e-9)) {
            rc = fp_error_set(err, FP_EDATA, topo->path, 0,
                              "no plan within the ceilings reaches T <= %g s: it needs theta %.6g "
                              "Gbit/s, the spans allow at most %.6g (T = %.4g s)",
                              popts->target_time_s, theta_req, theta_max,
                              fp_job_bw_s(job->gradient_bytes, theta_max) + popts->latency_s);
            goto out;
        }
        if (m.theta_col != 0) {
            /* every scenario's theta at least theta_req */
            fp_lp_set_col_bounds(m.lp, m.theta_col, theta_req / m.scale, theta_req / m.scale);
        } else {
            int *rows = fp_xcalloc((size_t)m.n_trees + 1, sizeof(int));
            igraph_integer_t i;
            m.theta_row = fp_lp_add_row_lo(m.lp, "theta", theta_req / m.scale);
            for (i = 0; i < m.n_trees; i++) {
                fp_lp_set_coef(m.lp, m.theta_row, m.trees[i].col, 1.0);
            }
            cost_phase_begin(&m, theta_req / m.scale);
            free(rows);
        }
        set_objective(&m, true);
        rc = column_generation(&m, &out, t0, &last_report, &optimal, &timed_out, err);
        cost_lb = cost_lower_bound(&m, optimal);
    }
    if (rc == FP_OK && popts != NULL && optimal) {
        lp_bound = target_mode ? -fp_lp_objective(m.lp) * 1e6 : fp_lp_objective(m.lp) * m.scale;
        if (popts->modular && !target_mode && opts->formulation == FP_FORM_PATH) {
            /* the LP plan rounded down, re-routed: when it meets the LP bound, which bounds
             * every modular plan, it is optimal and needs no branch and cut */
            double *start = mip_start(&m, false);
            rc = try_rounding(&m, &out, start, lp_bound, t0, &last_report, &proven, err);
            free(start);
            if (rc == FP_OK && proven) {
                goto planned;
            }
        }
        if (rc == FP_OK && popts->modular && opts->collective == FP_COLL_TREE && m.n_scen == 1) {
            rc = cutset_cuts(&m, target_mode ? theta_req : lp_bound * (1 + EPS), target_mode,
                             &cut_rows, &n_cut_rows, err);
        }
        if (rc == FP_OK && popts->modular) {
            double left = opts->time_limit_s > 0 ? opts->time_limit_s - (now_s() - t0)
                                                 : FP_PLAN_MILP_SECONDS;
            /* the LP plan rounded (down within a budget, up for a target) is a plan in whole
             * modules: the answer if branch and cut stops before it finds one */
            double *start = mip_start(&m, target_mode);
            bool found;
            rc = fp_lp_solve_mip(m.lp, left > 1.0 ? left : 1.0, opts->stop, &found, &proven, err);
            if (rc == FP_EDATA) {
                err->rc = FP_OK;
                rc = fp_error_set(err, FP_EDATA, topo->path, 0,
                                  "no plan in whole modules meets the %s", target_mode ? "target" : "budget");
            }
            if (rc == FP_OK && found) {
                fix_plan(&m, true);
            } else if (rc == FP_OK) {
                fix_plan_at(&m, start);
            }
            free(start);
            for (c = 0; c < n_cut_rows; c++) {
                fp_lp_set_row_free(m.lp, cut_rows[c]);   /* valid, but new trees lack them */
            }
        } else if (target_mode) {
            fix_plan(&m, false);
        }
        if (rc == FP_OK && (popts->modular || target_mode)) {
            /* route the planned network for the largest theta it allows */
            if (m.theta_row != 0) {
                fp_lp_set_row_free(m.lp, m.theta_row);
                m.theta_row = 0;
            }
            if (m.theta_col != 0) {
                fp_lp_set_col_bounds(m.lp, m.theta_col, 0.0, -1.0);
            }
            set_objective(&m, false);
            m.upper_bound = INFINITY;
            rc = column_generation(&m, &out, t0, &last_report, &optimal, &timed_out, err);
        }
        if (rc == FP_OK && popts->modular && !target_mode &&
            fp_lp_objective(m.lp) * m.scale >= lp_bound * (1 - EPS)) {
            proven = true;   /* the re-routed plan meets the LP bound */
        }
    }
planned:
    if (rc != FP_OK) {
        goto out;
    }
    if (!(fp_lp_objective(m.lp) > 0.0) && optimal && m.n_scen == 1) {
        rc = fp_error_set(err, FP_EDATA, topo->path, 0,
                          "%s", NO_THROUGHPUT);
        goto out;
    }
    if (opts->write_lp != NULL) {
        /* the LP whose optimum is theta (before the latency phase changes the objective) */
        char name[160];
        snprintf(name, sizeof(name), "fiberplan %s: capacities and rates in units of %.17g Gbit/s",
                 fp_result_collective_name(opts->collective), m.scale);
        fp_lp_set_name(m.lp, name);
        rc = fp_lp_write(m.lp, opts->write_lp, err);
        if (rc != FP_OK) {
            goto out;
        }
    }
    if (optimal && opts->collective != FP_COLL_DEMANDS) {
        bool kept_optimal;
        if (popts != NULL && !target_mode && !popts->modular && opts->formulation == FP_FORM_PATH) {
            bool cost_optimal;
            rc = cost_phase(&m, &out, t0, &last_report, &cost_optimal, &timed_out, err);
            if (rc != FP_OK) {
                goto out;
            }
            cost_lb = cost_lower_bound(&m, cost_optimal);
        }
        /* plan columns are final: keep them where they are */
        if (popts != NULL) {
            fix_plan(&m, false);
        }
        rc = latency_phase(&m, &out, t0, &last_report, &kept_optimal, &timed_out, err);
        if (rc != FP_OK) {
            goto out;
        }
    }
    rc = extract(&m, &out, ring, err);
    if (rc != FP_OK) {
        goto out;
    }
    out.columns = fp_lp_cols(m.lp);
    out.status = optimal && proven ? FP_STATUS_OPTIMAL
                 : approx && !timed_out ? FP_STATUS_FEASIBLE : FP_STATUS_TIME_LIMIT;
    if (optimal) {
        out.gap = 0.0;
        out.upper_bound_gbps = out.theta_gbps;
    } else if (isfinite(m.upper_bound)) {
        double ub = m.upper_bound * (opts->collective == FP_COLL_DEMANDS ? 1.0 : m.scale);
        out.upper_bound_gbps = ub;
        out.gap = ub > 0 ? (ub - out.theta_gbps) / ub : 0.0;
    } else {
        out.upper_bound_gbps = NAN;
        out.gap = NAN;
    }
    out.lp_scale_gbps = m.scale;
    if (popts != NULL && plan != NULL) {
        /* the theta the plan is judged by: the worst scenario's under --survive */
        double theta_plan = m.theta_col != 0 ? fp_lp_col_value(m.lp, m.theta_col) * m.scale : out.theta_gbps;
        extract_plan(&m, plan);
        plan->worst_theta_gbps = m.theta_col != 0 ? theta_plan : NAN;
        plan->modular = popts->modular;
        plan->budget_usd = popts->budget_usd;
        plan->target_time_s = popts->target_time_s;
        plan->mip_proven = popts->modular ? proven : true;
        plan->cost_bound_usd = cost_lb;
        if (!target_mode && popts->modular) {
            plan->lp_bound_gbps = lp_bound;
            plan->gap = lp_bound > 0 ? (lp_bound - theta_plan) / lp_bound : 0.0;
            plan->gap = plan->gap > 0 ? plan->gap : 0.0;
        } else if (target_mode && popts->modular) {
            plan->lp_bound_gbps = NAN;   /* the bound is on cost: lp_bound USD */
            plan->gap = plan->cost_usd > 0 ? (plan->cost_usd - lp_bound) / plan->cost_usd : 0.0;
            plan->gap = plan->gap > 0 ? plan->gap : 0.0;
        } else {
            plan->lp_bound_gbps = theta_plan;
            plan->gap = 0.0;
        }
    }
    out.seconds = now_s() - t0;
out:
    if (rc == FP_OK && opts->collective == FP_COLL_RING && opts->ring_order == NULL) {
        rc = FP_OK;   /* route was filled by the recursive solve with a chosen order */
    } else if (rc == FP_OK) {
        *route = out;
    } else {
        fp_result_route_release(&out);
    }
    master_release(&m);
    free(ring);
    free(cut_rows);
    return rc;
}

/* ---- ring order (MODEL.md ring: "nearest-neighbour by delay, then 2-opt") ---- */

static double tour_delay(const double *d, const igraph_integer_t *order, igraph_integer_t k)
{
    igraph_integer_t i;
    double s = 0.0;
    for (i = 0; i < k; i++) {
        s += d[order[i] * k + order[(i + 1) % k]];
    }
    return s;
}

static void reverse(igraph_integer_t *order, igraph_integer_t i, igraph_integer_t j)
{
    while (i < j) {
        igraph_integer_t t = order[i];
        order[i++] = order[j];
        order[j--] = t;
    }
}

static int ring_theta(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *opts, const igraph_integer_t *order_idx,
                      double *theta, struct fp_error *err)
{
    struct fp_route_options o = *opts;
    struct fp_route r;
    igraph_integer_t i, *verts = fp_xcalloc((size_t)job->n_sites + 1, sizeof(igraph_integer_t));
    int rc;
    for (i = 0; i < job->n_sites; i++) {
        verts[i] = job->sites[order_idx[i]];
    }
    o.collective = FP_COLL_RING;
    o.ring_order = verts;
    o.write_lp = NULL;
    o.progress = NULL;
    memset(&r, 0, sizeof(r));
    rc = fp_route_solve(topo, job, &o, &r, err);
    if (rc == FP_OK) {
        *theta = r.theta_gbps;
    }
    fp_result_route_release(&r);
    free(verts);
    return rc;
}

int fp_route_ring_order(const struct fp_topo *topo, const struct fp_job *job,
                        const struct fp_route_options *opts, int evaluations,
                        igraph_integer_t *order, struct fp_error *err)
{
    igraph_integer_t k = job->n_sites, i, j, cur;
    igraph_vector_int_t from;
    igraph_vector_t w;
    igraph_matrix_t dist;
    double *d = fp_xcalloc((size_t)(k * k) + 1, sizeof(double));
    igraph_integer_t *idx = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    bool *used = fp_xcalloc((size_t)k + 1, sizeof(bool));
    bool have_f = false, have_w = false, have_d = false, improved = true;
    double theta = 0.0;
    int rc = FP_OK, evals = 0;

    FP_IGRAPH(err, igraph_vector_int_init(&from, k));
    have_f = true;
    for (i = 0; i < k; i++) {
        VECTOR(from)[i] = job->sites[i];
    }
    FP_IGRAPH(err, igraph_vector_init(&w, topo->n_spans));
    have_w = true;
    for (i = 0; i < topo->n_spans; i++) {
        VECTOR(w)[i] = fp_topo_is_lit(topo, i) && topo->capacity_gbps[i] > 0 ? topo->delay_s[i]
                                                                             : IGRAPH_INFINITY;
    }
    FP_IGRAPH(err, igraph_matrix_init(&dist, 0, 0));
    have_d = true;
    FP_IGRAPH(err, igraph_distances_dijkstra(&topo->graph, &dist, igraph_vss_vector(&from),
                                             igraph_vss_vector(&from), &w, IGRAPH_ALL));
    for (i = 0; i < k; i++) {
        for (j = 0; j < k; j++) {
            d[i * k + j] = MATRIX(dist, i, j);
        }
    }
    /* nearest neighbour from the first site */
    cur = 0;
    used[0] = true;
    idx[0] = 0;
    for (i = 1; i < k; i++) {
        igraph_integer_t best = -1;
        for (j = 0; j < k; j++) {
            if (!used[j] && (best < 0 || d[cur * k + j] < d[cur * k + best])) {
                best = j;
            }
        }
        used[best] = true;
        idx[i] = cur = best;
    }
    /* 2-opt on the tour delay */
    while (improved) {
        improved = false;
        for (i = 1; i < k - 1; i++) {
            for (j = i + 1; j < k; j++) {
                double before = tour_delay(d, idx, k), after;
                reverse(idx, i, j);
                after = tour_delay(d, idx, k);
                if (after < before * (1 - 1e-12)) {
                    improved = true;
                } else {
                    reverse(idx, i, j);
                }
            }
        }
    }
    /* 2-opt moves confirmed by the ring LP */
    if (k > 3 && evaluations > 0) {
        rc = ring_theta(topo, job, opts, idx, &theta, err);
        evals++;
        improved = true;
        while (rc == FP_OK && improved && evals < evaluations) {
            improved = false;
            for (i = 1; rc == FP_OK && i < k - 1 && evals < evaluations; i++) {
                for (j = i + 1; rc == FP_OK && j < k && evals < evaluations; j++) {
                    double th = 0.0;
                    reverse(idx, i, j);
                    rc = ring_theta(topo, job, opts, idx, &th, err);
                    evals++;
                    if (rc == FP_OK && th > theta * (1 + 1e-9)) {
                        theta = th;
                        improved = true;
                    } else {
                        reverse(idx, i, j);
                    }
                }
            }
        }
    }
    if (rc == FP_OK) {
        for (i = 0; i < k; i++) {
            order[i] = job->sites[idx[i]];
        }
    }
out:
    if (have_d) {
        igraph_matrix_destroy(&dist);
    }
    if (have_w) {
        igraph_vector_destroy(&w);
    }
    if (have_f) {
        igraph_vector_int_destroy(&from);
    }
    free(d);
    free(idx);
    free(used);
    return rc;
}
