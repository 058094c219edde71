/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: pricing for the column generation of MODEL.md "Demand": paths by Dijkstra on
 * the capacity duals (with --max-stretch, among the k shortest), trees by the minimum spanning
 * tree over the sites on w_ab = -(pi_ab + pi_ba), and the cheapest "structure" (a tree with
 * its virtual edges routed on shortest paths) that the bounds, the cuts and the packing share. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/route_internal.h"

#define TREES_PER_ROUND 3   /* improving trees added per pricing round, at most */
#define STRETCH_CANDIDATES 32

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
        if (fp_master_arcs_delay(m->topo, VECTOR(*p), igraph_vector_int_size(p)) <= limit) {
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

/* The reusable vectors of one round of path pricing. */
struct path_round {
    igraph_vector_t w;             /* arc weights of the current scenario */
    igraph_vector_int_list_t paths;
    igraph_vector_int_t to, alt;
    bool *done;                    /* per commodity: priced this round */
    igraph_integer_t scen;         /* the scenario w is for; -1: none yet */
    bool initial;
};

/* Prices the path found for commodity j (p, from the shortest-path tree on pr->w): the first
 * path and shortest delay when initial, else the path (or, beyond --max-stretch, the best one
 * within it) if it improves. */
static int price_one(struct master *m, struct path_round *pr, igraph_integer_t j, igraph_vector_int_t *p,
                     int *added, bool *interrupted, struct fp_error *err)
{
    igraph_integer_t i, scen = pr->scen;
    double length = 0.0, pi;
    int rc = FP_OK;

    if (igraph_vector_int_size(p) == 0 || !has_capacity(m, scen, p)) {
        return FP_OK;   /* unreachable over spans with capacity */
    }
    if (pr->initial) {
        m->comms[j].shortest_s = fp_master_arcs_delay(m->topo, VECTOR(*p), igraph_vector_int_size(p));
        if (m->opts->formulation == FP_FORM_PATH) {
            fp_master_add_path(m, j, p);
            (*added)++;
        }
        return FP_OK;
    }
    for (i = 0; i < igraph_vector_int_size(p); i++) {
        length += VECTOR(pr->w)[VECTOR(*p)[i]];
    }
    pi = fp_lp_row_dual(m->lp, m->comms[j].row);
    if (!(-pi - length > EPS * (1.0 + fabs(pi)))) {
        return FP_OK;   /* not even the shortest path improves, so no path within a stretch */
    }
    if (!isnan(m->opts->max_stretch) &&
        fp_master_arcs_delay(m->topo, VECTOR(*p), igraph_vector_int_size(p)) >
            m->opts->max_stretch * m->comms[j].shortest_s * (1 + 1e-12)) {
        if (fp_master_stopped(m)) {
            *interrupted = true;   /* the candidates' searches are long: stop here */
            return FP_OK;
        }
        rc = stretch_path(m, j, &pr->w, &pr->alt, err);
        if (rc != FP_OK) {
            return rc;
        }
        p = &pr->alt;
        if (igraph_vector_int_size(p) == 0) {
            return FP_OK;
        }
        length = 0.0;
        for (i = 0; i < igraph_vector_int_size(p); i++) {
            length += VECTOR(pr->w)[VECTOR(*p)[i]];
        }
    }
    if (-pi - length > EPS * (1.0 + fabs(pi)) && !fp_master_have_path(m, j, p)) {
        fp_master_add_path(m, j, p);
        (*added)++;
    }
    return rc;
}

/* Prices every commodity of the current scenario that leaves r's source: one Dijkstra, whose
 * shortest-path tree serves them all. */
static int price_source(struct master *m, struct path_round *pr, igraph_integer_t r, int *added,
                        bool *interrupted, struct fp_error *err)
{
    igraph_integer_t j, n_to = 0, src = m->comms[r].src, scen = pr->scen;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_int_resize(&pr->to, 0));
    for (j = r; j < m->n_comms; j++) {
        if (!pr->done[j] && m->comms[j].src == src && m->comms[j].scen == scen) {
            FP_IGRAPH(err, igraph_vector_int_push_back(&pr->to, m->comms[j].dst));
        }
    }
    FP_IGRAPH(err, igraph_get_shortest_paths_dijkstra(&m->arcs, NULL, &pr->paths, src,
                                                       igraph_vss_vector(&pr->to), &pr->w, IGRAPH_OUT,
                                                       NULL, NULL));
    for (j = r; rc == FP_OK && !*interrupted && j < m->n_comms; j++) {
        if (pr->done[j] || m->comms[j].src != src || m->comms[j].scen != scen) {
            continue;
        }
        pr->done[j] = true;
        rc = price_one(m, pr, j, igraph_vector_int_list_get_ptr(&pr->paths, n_to++), added,
                       interrupted, err);
    }
out:
    return rc;
}

/* Path pricing: one Dijkstra per distinct source (the shortest-path tree serves every
 * commodity from it); adds each improving path. */
int fp_pricing_paths(struct master *m, bool initial, int *added, bool *interrupted,
                     struct fp_error *err)
{
    struct path_round pr;
    igraph_integer_t r;
    bool have_w = false, have_p = false, have_to = false, have_alt = false;
    int rc = FP_OK;

    *added = 0;
    *interrupted = false;
    pr.done = fp_xcalloc((size_t)m->n_comms + 1, sizeof(bool));
    pr.scen = -1;
    pr.initial = initial;
    FP_IGRAPH(err, igraph_vector_int_list_init(&pr.paths, 0));
    have_p = true;
    FP_IGRAPH(err, igraph_vector_int_init(&pr.to, 0));
    have_to = true;
    FP_IGRAPH(err, igraph_vector_int_init(&pr.alt, 0));
    have_alt = true;
    for (r = 0; rc == FP_OK && !*interrupted && r < m->n_comms; r++) {
        if (pr.done[r]) {
            continue;
        }
        if (m->comms[r].scen != pr.scen) {
            /* commodities come in scenario order: new weights once per scenario */
            if (have_w) {
                igraph_vector_destroy(&pr.w);
                have_w = false;
            }
            pr.scen = m->comms[r].scen;
            rc = arc_weights(m, pr.scen, initial, &pr.w, err);
            have_w = rc == FP_OK;
        }
        if (rc == FP_OK) {
            rc = price_source(m, &pr, r, added, interrupted, err);
        }
    }
out:
    free(pr.done);
    if (have_alt) {
        igraph_vector_int_destroy(&pr.alt);
    }
    if (have_to) {
        igraph_vector_int_destroy(&pr.to);
    }
    if (have_p) {
        igraph_vector_int_list_destroy(&pr.paths);
    }
    if (have_w) {
        igraph_vector_destroy(&pr.w);
    }
    return rc;
}

/* Tree pricing of scenario s (MODEL.md): the minimum spanning tree over the sites with
 * w_ab = pi_ab + pi_ba; *weight is its weight, m->last_reduced its reduced cost. An improving
 * tree is added, and with it up to TREES_PER_ROUND - 1 more improving trees: the spanning tree
 * is taken again with the edges already used made dearer (by the best tree's reduced cost over
 * k - 1 per use), so one LP solve gets several columns instead of one (pricing on the same
 * duals; optimality is still decided by the exact minimum spanning tree alone). */
int fp_pricing_tree(struct master *m, igraph_integer_t s, bool initial, int *added, double *weight,
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
    threshold = fp_master_tree_obj(m, s) - (sigma_row != 0 ? fp_lp_row_dual(m->lp, sigma_row) : 0.0);
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
        fp_master_add_tree(m, s, &complete, &te, added);
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

void fp_pricing_structure_release(struct structure *st)
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

int fp_pricing_structure_init(struct structure *st, const struct master *m, struct fp_error *err)
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
int fp_pricing_cheapest_structure(const struct master *m, const igraph_vector_t *len, bool with_paths,
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
void fp_pricing_add_structure(struct master *m, const struct structure *st)
{
    igraph_integer_t k = st->k, i, q;
    int added = 0;
    fp_master_add_tree(m, 0, &st->complete, &st->te, &added);
    for (i = 0; m->opts->formulation == FP_FORM_PATH && i < igraph_vector_int_size(&st->te); i++) {
        igraph_integer_t a = IGRAPH_FROM(&st->complete, VECTOR(st->te)[i]);
        igraph_integer_t b = IGRAPH_TO(&st->complete, VECTOR(st->te)[i]);
        igraph_integer_t comm[2] = {m->pair_comm[a * k + b], m->pair_comm[b * k + a]};
        for (q = 0; q < 2; q++) {
            const igraph_vector_int_t *p = &st->route[2 * i + q];
            if (igraph_vector_int_size(p) > 0 && !fp_master_have_path(m, comm[q], p)) {
                fp_master_add_path(m, comm[q], p);
            }
        }
    }
}
