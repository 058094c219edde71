/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: column generation of a workload's master LP (MODEL.md "Workloads", "Demand"):
 * paths priced by Dijkstra on the capacity duals, shared by every job and the background;
 * each tree job's trees priced by the minimum spanning tree over its own sites on
 * w_ab = -(pi_ab + pi_ba), against its share row's dual; the loop with its stopping rules. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/route_internal.h"
#include "solvers/workload_internal.h"

#define MAX_ROUNDS 200000
#define TREES_PER_ROUND 5   /* improving trees of one job added per round, at most */
#define LAT_STALL 8         /* latency phase: rounds without progress before it stops */
#define LAT_GAP 1e-3        /* latency phase: relative gap of the delay objective */

/* Arc weights for pricing, per scenario and arc ([s 2 n_spans + arc], as m->cap_row): mu (+ the
 * latency phase's delay weight, for the jobs' paths: w; the background's: w_bg) where the arc
 * has capacity, delays for the initial paths, infinity where it has none. */
static void arc_weights(const struct wl_master *m, bool initial, double *w, double *w_bg)
{
    igraph_integer_t i, n_arcs = 2 * m->topo->n_spans;
    for (i = 0; i < m->n_scen * n_arcs; i++) {
        igraph_integer_t arc = i % n_arcs;
        double mu = m->cap_row[i] != 0 && !initial ? fp_lp_row_dual(m->lp, m->cap_row[i]) : 0.0;
        mu = mu > 0.0 ? mu : 0.0;
        w[i] = m->cap_row[i] == 0 ? INFINITY
               : initial          ? m->topo->delay_s[arc / 2]
                                  : mu + m->delay_weight * m->topo->delay_s[arc / 2];
        w_bg[i] = m->cap_row[i] == 0 ? INFINITY : initial ? m->topo->delay_s[arc / 2] : mu;
    }
}

/* One round of path pricing: the weights (w: the class and scenario being priced's), the
 * destinations of one source (want[v], listed in to), igraph's shortest-path tree (pred: the arc into each
 * vertex, -1 where none) and the path found. */
struct path_round {
    double *w_jobs, *w_bg, *w;
    unsigned char *want;
    igraph_vector_int_t to, pred, path;
    bool *done;
    bool *skip;                 /* screened out (screen_class): it cannot price out */
    bool initial;
};

/* Shortest paths from src to the vertices in pr->to on the weights pr->w (igraph's Dijkstra;
 * arcs without capacity weigh infinity). */
static int dijkstra(const struct wl_master *m, struct path_round *pr, igraph_integer_t src,
                    struct fp_error *err)
{
    igraph_vector_t w;
    int rc = FP_OK;
    igraph_vector_view(&w, pr->w, 2 * m->topo->n_spans);
    FP_IGRAPH(err, igraph_get_shortest_paths_dijkstra(&m->arcs, NULL, NULL, src, igraph_vss_vector(&pr->to),
                                                       &w, IGRAPH_OUT, NULL, &pr->pred));
out:
    return rc;
}

/* The path from src to dst in the shortest-path tree pr->pred of scenario s, in order; empty
 * when dst is not reached. */
static int tree_path(const struct wl_master *m, struct path_round *pr, igraph_integer_t s,
                     igraph_integer_t src, igraph_integer_t dst, struct fp_error *err)
{
    const int *cap = m->cap_row + s * 2 * m->topo->n_spans;
    igraph_integer_t v = dst;
    int rc = FP_OK;
    igraph_vector_int_clear(&pr->path);
    while (v != src && VECTOR(pr->pred)[v] >= 0) {
        igraph_integer_t arc = VECTOR(pr->pred)[v];
        if (cap[arc] == 0) {
            v = -1;   /* Dijkstra crosses infinite weights when nothing else reaches */
            break;
        }
        FP_IGRAPH(err, igraph_vector_int_push_back(&pr->path, arc));
        v = IGRAPH_FROM(&m->arcs, arc);
    }
    if (v != src) {
        igraph_vector_int_clear(&pr->path);
    }
    igraph_vector_int_reverse(&pr->path);
out:
    return rc;
}

/* Prices commodity j on the path p found for it: the first path and shortest delay when
 * initial, else p if it improves (-pi_r - length > eps) and is not a column yet. */
static void price_one(struct wl_master *m, struct path_round *pr, igraph_integer_t j, int *added)
{
    const igraph_vector_int_t *p = &pr->path;
    igraph_integer_t i;
    double length = 0.0, pi;
    if (igraph_vector_int_size(p) == 0) {
        return;
    }
    if (pr->initial) {
        m->comms[j].shortest_s = fp_master_arcs_delay(m->topo, VECTOR(*p), igraph_vector_int_size(p));
        fp_wlmaster_add_path(m, j, p);
        (*added)++;
        return;
    }
    for (i = 0; i < igraph_vector_int_size(p); i++) {
        length += pr->w[VECTOR(*p)[i]];
    }
    pi = fp_lp_row_dual(m->lp, m->comms[j].row);
    if (-pi - length > EPS * (1.0 + fabs(pi)) && !fp_wlmaster_have_path(m, j, p)) {
        fp_wlmaster_add_path(m, j, p);
        (*added)++;
    }
}

/* Whether commodity j may price out at all (price_one's test, -pi_j - length > eps, with the
 * least length any path can have): the weights are mu >= 0, plus for a job's paths in the
 * latency phase delay_weight x delay, so a path is at least 0, or delay_weight x its shortest
 * delay (less 1e-9 of it, for rounding). A commodity whose current paths cross no priced arc
 * has -pi_j = that least length and needs no Dijkstra: the columns added, and so the LP's
 * course, are the same without it. */
static bool may_improve(const struct wl_master *m, const struct path_round *pr, igraph_integer_t j)
{
    const struct wl_comm *c = &m->comms[j];
    double pi, least;
    if (pr->initial) {
        return true;
    }
    pi = fp_lp_row_dual(m->lp, c->row);
    least = c->job >= 0 && isfinite(c->shortest_s) ? m->delay_weight * c->shortest_s * (1.0 - 1e-9) : 0.0;
    return -pi - least > EPS * (1.0 + fabs(pi));
}

/* Whether commodity j is of r's class (the jobs, or the background), source and scenario. */
static bool same_source(const struct wl_master *m, igraph_integer_t r, igraph_integer_t j)
{
    const struct wl_comm *a = &m->comms[r], *b = &m->comms[j];
    return a->src == b->src && (a->job < 0) == (b->job < 0) && a->scen == b->scen;
}

/* Every commodity of r's class (the jobs, or the background) and scenario leaving r's source,
 * from one Dijkstra (none when no commodity of them may price out). */
static int price_source(struct wl_master *m, struct path_round *pr, igraph_integer_t r, int *added,
                        struct fp_error *err)
{
    igraph_integer_t j, src = m->comms[r].src, s = m->comms[r].scen;
    bool bg = m->comms[r].job < 0;
    int rc = FP_OK;
    igraph_vector_int_clear(&pr->to);
    for (j = r; j < m->n_comms; j++) {
        if (pr->done[j] || !same_source(m, r, j)) {
            continue;
        }
        if (pr->skip[j] || !may_improve(m, pr, j)) {
            pr->done[j] = true;
        } else if (!pr->want[m->comms[j].dst]) {
            pr->want[m->comms[j].dst] = 1;
            FP_IGRAPH(err, igraph_vector_int_push_back(&pr->to, m->comms[j].dst));
        }
    }
    if (igraph_vector_int_size(&pr->to) == 0) {
        return FP_OK;
    }
    pr->w = (bg ? pr->w_bg : pr->w_jobs) + s * 2 * m->topo->n_spans;
    rc = dijkstra(m, pr, src, err);
    for (j = r; rc == FP_OK && j < m->n_comms; j++) {
        if (pr->done[j] || !same_source(m, r, j)) {
            continue;
        }
        pr->done[j] = true;
        pr->want[m->comms[j].dst] = 0;
        rc = tree_path(m, pr, s, src, m->comms[j].dst, err);
        if (rc == FP_OK) {
            price_one(m, pr, j, added);
        }
    }
out:
    return rc;
}

/* The commodities of one class (the jobs, or the background) and scenario s found below the bar
 * with one igraph call for all their sources (igraph_distances_dijkstra, which keeps its incidence
 * lists across the sources): skipped when -pi_j - dist_j stays below price_one's eps, short of
 * a margin 1e-3 of it for rounding (dist_j is the shortest length price_one would sum), so only
 * those that may price out get a path search of their own. Skipped, not done: the sources are
 * still searched in the same order, so the same columns enter in the same order. */
static int screen_class(struct wl_master *m, struct path_round *pr, bool bg, igraph_integer_t s,
                        struct fp_error *err)
{
    igraph_integer_t j, n = m->topo->n_nodes;
    igraph_integer_t *row = fp_xcalloc((size_t)(2 * n) + 1, sizeof(igraph_integer_t)), *col = row + n;
    igraph_vector_int_t from, to;
    igraph_matrix_t d;
    igraph_vector_t w;
    bool have_from = false, have_to = false, have_d = false;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_int_init(&from, 0));
    have_from = true;
    FP_IGRAPH(err, igraph_vector_int_init(&to, 0));
    have_to = true;
    for (j = 0; j < 2 * n; j++) {
        row[j] = -1;
    }
    for (j = 0; j < m->n_comms; j++) {
        const struct wl_comm *c = &m->comms[j];
        if ((c->job < 0) != bg || c->scen != s) {
            continue;
        }
        if (!may_improve(m, pr, j)) {
            pr->skip[j] = true;
            continue;
        }
        if (row[c->src] < 0) {
            row[c->src] = igraph_vector_int_size(&from);
            FP_IGRAPH(err, igraph_vector_int_push_back(&from, c->src));
        }
        if (col[c->dst] < 0) {
            col[c->dst] = igraph_vector_int_size(&to);
            FP_IGRAPH(err, igraph_vector_int_push_back(&to, c->dst));
        }
    }
    if (igraph_vector_int_size(&from) == 0) {
        goto out;
    }
    FP_IGRAPH(err, igraph_matrix_init(&d, 0, 0));
    have_d = true;
    igraph_vector_view(&w, (bg ? pr->w_bg : pr->w_jobs) + s * 2 * m->topo->n_spans, 2 * m->topo->n_spans);
    FP_IGRAPH(err, igraph_distances_dijkstra(&m->arcs, &d, igraph_vss_vector(&from), igraph_vss_vector(&to),
                                             &w, IGRAPH_OUT));
    for (j = 0; j < m->n_comms; j++) {
        const struct wl_comm *c = &m->comms[j];
        double dist, pi;
        if (pr->skip[j] || (c->job < 0) != bg || c->scen != s) {
            continue;
        }
        dist = MATRIX(d, row[c->src], col[c->dst]);
        pi = fp_lp_row_dual(m->lp, c->row);
        pr->skip[j] = !(-pi - dist > (EPS - EPS * 1e-3) * (1.0 + fabs(pi)));
    }
out:
    if (have_d) {
        igraph_matrix_destroy(&d);
    }
    if (have_to) {
        igraph_vector_int_destroy(&to);
    }
    if (have_from) {
        igraph_vector_int_destroy(&from);
    }
    free(row);
    return rc;
}

int fp_wlcolgen_paths(struct wl_master *m, bool initial, int *added, struct fp_error *err)
{
    struct path_round pr;
    igraph_integer_t r, s, n = m->topo->n_nodes, n_w = m->n_scen * 2 * m->topo->n_spans;
    bool have_to = false, have_pred = false, have_path = false;
    int rc = FP_OK;

    *added = 0;
    memset(&pr, 0, sizeof(pr));
    pr.initial = initial;
    pr.done = fp_xcalloc((size_t)m->n_comms + 1, sizeof(bool));
    pr.skip = fp_xcalloc((size_t)m->n_comms + 1, sizeof(bool));
    pr.w_jobs = fp_xcalloc((size_t)n_w + 1, sizeof(double));
    pr.w_bg = fp_xcalloc((size_t)n_w + 1, sizeof(double));
    pr.want = fp_xcalloc((size_t)n + 1, sizeof(unsigned char));
    arc_weights(m, initial, pr.w_jobs, pr.w_bg);
    FP_IGRAPH(err, igraph_vector_int_init(&pr.to, 0));
    have_to = true;
    FP_IGRAPH(err, igraph_vector_int_init(&pr.pred, 0));
    have_pred = true;
    FP_IGRAPH(err, igraph_vector_int_init(&pr.path, 0));
    have_path = true;
    for (s = 0; !initial && rc == FP_OK && s < m->n_scen; s++) {
        rc = screen_class(m, &pr, false, s, err);
        rc = rc == FP_OK ? screen_class(m, &pr, true, s, err) : rc;
    }
    for (r = 0; rc == FP_OK && r < m->n_comms; r++) {
        if (!pr.done[r]) {
            rc = price_source(m, &pr, r, added, err);
        }
    }
out:
    if (have_path) {
        igraph_vector_int_destroy(&pr.path);
    }
    if (have_pred) {
        igraph_vector_int_destroy(&pr.pred);
    }
    if (have_to) {
        igraph_vector_int_destroy(&pr.to);
    }
    free(pr.done);
    free(pr.skip);
    free(pr.w_jobs);
    free(pr.w_bg);
    free(pr.want);
    return rc;
}

/* Job j's tree pricing in scenario s: the minimum spanning tree over its sites on w_ab
 * (initial: the shortest delays both ways; else -(pi_ab + pi_ba)); it enters when -sigma_js - W
 * > eps, and with it up to TREES_PER_ROUND - 1 more improving trees, the edges already used made
 * dearer (as route's pricing does). jb->last_reduced is the best tree's reduced cost (the
 * intact network's). */
static int price_job(struct wl_master *m, igraph_integer_t j, igraph_integer_t s, bool initial,
                     igraph_vector_t *w, igraph_vector_t *wp, igraph_vector_int_t *te, int *added,
                     struct fp_error *err)
{
    struct wl_job *jb = &m->jobs[j];
    igraph_integer_t k = jb->k, e, i;
    const igraph_integer_t *pc = jb->pair_comm + s * k * k;
    double threshold = initial ? 0.0 : -fp_lp_row_dual(m->lp, jb->share_row[s]), tol, penalty = 0.0;
    int rc = FP_OK, round;

    FP_IGRAPH(err, igraph_vector_resize(w, igraph_ecount(&jb->complete)));
    for (e = 0; e < igraph_ecount(&jb->complete); e++) {
        igraph_integer_t a = IGRAPH_FROM(&jb->complete, e), b = IGRAPH_TO(&jb->complete, e);
        const struct wl_comm *ab = &m->comms[pc[a * k + b]];
        const struct wl_comm *ba = &m->comms[pc[b * k + a]];
        VECTOR(*w)[e] = initial ? ab->shortest_s + ba->shortest_s
                                : -(fp_lp_row_dual(m->lp, ab->row) + fp_lp_row_dual(m->lp, ba->row));
    }
    FP_IGRAPH(err, igraph_vector_update(wp, w));
    tol = EPS * (fabs(threshold) > 1.0 ? fabs(threshold) : 1.0);
    for (round = 0; round < (initial ? 1 : TREES_PER_ROUND); round++) {
        double tw = 0.0;
        FP_IGRAPH(err, igraph_minimum_spanning_tree(&jb->complete, te, wp));
        for (i = 0; i < igraph_vector_int_size(te); i++) {
            tw += VECTOR(*w)[VECTOR(*te)[i]];
        }
        if (round == 0 && s == 0) {
            jb->last_reduced = threshold - tw;
            penalty = (threshold - tw) / (double)(k > 1 ? k - 1 : 1);
        }
        if (!initial && !(threshold - tw > tol)) {
            break;
        }
        fp_wlmaster_add_tree(m, j, s, te, added);
        for (i = 0; i < igraph_vector_int_size(te); i++) {
            VECTOR(*wp)[VECTOR(*te)[i]] += penalty;
        }
    }
out:
    return rc;
}

int fp_wlcolgen_trees(struct wl_master *m, bool initial, int *added, struct fp_error *err)
{
    igraph_vector_t w, wp;
    igraph_vector_int_t te;
    igraph_integer_t j, s;
    bool have_w = false, have_wp = false, have_te = false;
    int rc = FP_OK;

    *added = 0;
    FP_IGRAPH(err, igraph_vector_init(&w, 0));
    have_w = true;
    FP_IGRAPH(err, igraph_vector_init(&wp, 0));
    have_wp = true;
    FP_IGRAPH(err, igraph_vector_int_init(&te, 0));
    have_te = true;
    for (j = 0; j < m->n_jobs; j++) {
        m->jobs[j].last_reduced = 0.0;
    }
    for (s = 0; rc == FP_OK && s < m->n_scen; s++) {
        for (j = 0; rc == FP_OK && j < m->n_jobs; j++) {
            if (m->jobs[j].spec->collective == FP_COLL_TREE) {
                rc = price_job(m, j, s, initial, &w, &wp, &te, added, err);
            }
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
    return rc;
}

/* The latency phase (lambda held, so every job's trees sum to theta_j* = w_j lambda*): z +
 * sum_j theta_j* d_j bounds the delay objective once the paths price out (d_j the job's best
 * tree reduced cost); it stops when that proves z within LAT_GAP, or after LAT_STALL rounds
 * that did not improve z (route's rule, solvers/colgen.c). */
static bool lat_settled(const struct wl_master *m, bool paths_out, double *best, long *best_round)
{
    double z = fp_lp_objective(m->lp), lambda = fp_lp_col_value(m->lp, m->lambda_col), gap = 0.0;
    igraph_integer_t j;
    for (j = 0; j < m->n_jobs; j++) {
        double d = m->jobs[j].last_reduced;
        gap += m->wl->jobs[j].weight * lambda * (d > 0.0 ? d : 0.0);
    }
    if (paths_out && gap <= LAT_GAP * fabs(z)) {
        return true;
    }
    if (z > *best + EPS * fabs(z)) {
        *best = z;
        *best_round = m->rounds;
    }
    return m->rounds - *best_round >= LAT_STALL;
}

int fp_wlcolgen_run(struct wl_master *m, enum wl_phase phase, bool *optimal, bool *timed_out,
                    struct fp_error *err)
{
    double best = -INFINITY;
    long best_round = m->rounds;
    int rc = FP_OK, path_added, tree_added;
    bool first = true;

    *optimal = false;
    *timed_out = false;
    while (rc == FP_OK && m->rounds++ < MAX_ROUNDS) {
        if (!first && fp_deadline_passed(&m->dl)) {
            *timed_out = true;
            break;
        }
        rc = fp_lp_solve(m->lp, &m->dl, timed_out, err);
        first = false;
        if (rc != FP_OK || *timed_out) {
            break;
        }
        if (phase == WL_BACKGROUND && fp_lp_col_value(m->lp, m->beta_col) >= 1.0 - EPS) {
            *optimal = true;   /* the background fits: nothing more to prove here */
            break;
        }
        if (phase == WL_LAMBDA && m->lambda_enough > 0 && fp_lp_col_value(m->lp, m->lambda_col) >= m->lambda_enough) {
            break;   /* enough for the check that asked: a schedule at it, not proven the most */
        }
        tree_added = 0;
        rc = fp_wlcolgen_paths(m, false, &path_added, err);
        if (rc == FP_OK && phase != WL_BACKGROUND) {
            rc = fp_wlcolgen_trees(m, false, &tree_added, err);
        }
        if (rc == FP_OK && phase == WL_LATENCY && tree_added > 0 &&
            lat_settled(m, path_added == 0, &best, &best_round)) {
            *optimal = true;
            break;
        }
        if (rc == FP_OK && path_added + tree_added == 0) {
            *optimal = true;
            break;
        }
    }
    return rc;
}
