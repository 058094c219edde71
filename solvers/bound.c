/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: lower bound (MODEL.md "Lower bound": cut bound via Gomory-Hu, partition bound
 * over the Voronoi partition plus local search, delay bound; T_lb). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/bound.h"

/* Per-direction capacity of each span as igraph weights: lit capacity, 0 for candidates. */
static int capacities(const struct fp_topo *topo, igraph_vector_t *cap, struct fp_error *err)
{
    igraph_integer_t e;
    int rc = FP_OK;
    FP_IGRAPH(err, igraph_vector_init(cap, topo->n_spans));
    for (e = 0; e < topo->n_spans; e++) {
        VECTOR(*cap)[e] = fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0;
    }
out:
    return rc;
}

/* Delays as weights; candidates are not built, so they get an infinite delay. */
static int delays(const struct fp_topo *topo, igraph_vector_t *w, struct fp_error *err)
{
    igraph_integer_t e;
    int rc = FP_OK;
    FP_IGRAPH(err, igraph_vector_init(w, topo->n_spans));
    for (e = 0; e < topo->n_spans; e++) {
        VECTOR(*w)[e] = fp_topo_is_lit(topo, e) ? topo->delay_s[e] : IGRAPH_INFINITY;
    }
out:
    return rc;
}

static int cmp_index(const void *a, const void *b)
{
    igraph_integer_t x = *(const igraph_integer_t *)a, y = *(const igraph_integer_t *)b;
    return x < y ? -1 : x > y;
}

int fp_gh_subtree_sites(const igraph_t *tree, const struct fp_job *job, igraph_vector_int_t *order,
                        igraph_vector_int_t *parents, igraph_integer_t *count, struct fp_error *err)
{
    igraph_integer_t i;
    int rc = FP_OK;
    FP_IGRAPH(err, igraph_bfs_simple(tree, job->sites[0], IGRAPH_ALL, order, NULL, parents));
    memset(count, 0, (size_t)igraph_vcount(tree) * sizeof(igraph_integer_t));
    for (i = 0; i < job->n_sites; i++) {
        count[job->sites[i]] = 1;
    }
    /* children before parents */
    for (i = igraph_vector_int_size(order) - 1; i > 0; i--) {
        igraph_integer_t v = VECTOR(*order)[i], u = VECTOR(*parents)[v];
        if (u >= 0) {
            count[u] += count[v];
        }
    }
out:
    return rc;
}

igraph_integer_t fp_gh_child(const igraph_t *tree, const igraph_vector_int_t *parents, igraph_integer_t edge)
{
    igraph_integer_t u = IGRAPH_FROM(tree, edge), v = IGRAPH_TO(tree, edge);
    return VECTOR(*parents)[v] == u ? v : VECTOR(*parents)[u] == v ? u : -1;
}

/* One orientation of the s-t min cut between src and dst: when it leaves fewer vertices on
 * the minority's side (the side of site `minority`) than *best_side, it becomes the cut
 * (spans into cut, the 2-part partition into b->part_of, part 0 holding site a). */
static int orient_cut(const struct fp_topo *topo, const igraph_vector_t *cap, igraph_integer_t src,
                      igraph_integer_t dst, igraph_integer_t minority, igraph_integer_t a,
                      igraph_integer_t *best_side, double *value, igraph_vector_int_t *cut,
                      struct fp_bound *b, struct fp_error *err)
{
    igraph_integer_t n = topo->n_nodes, side = 0, j;
    igraph_vector_int_t c_o, p1, p2;
    bool *in_p1 = fp_xcalloc((size_t)n + 1, sizeof(bool));
    bool have_co = igraph_vector_int_init(&c_o, 0) == IGRAPH_SUCCESS;
    bool have_p1 = have_co && igraph_vector_int_init(&p1, 0) == IGRAPH_SUCCESS;
    bool have_p2 = have_p1 && igraph_vector_int_init(&p2, 0) == IGRAPH_SUCCESS;
    int rc = FP_OK;

    if (!have_p2 || igraph_st_mincut(&topo->graph, value, &c_o, &p1, &p2, src, dst, cap) != IGRAPH_SUCCESS) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s", fp_error_igraph_reason());
        goto out;
    }
    /* vertices on the minority's side: p1 holds the source side */
    for (j = 0; j < igraph_vector_int_size(&p1); j++) {
        in_p1[VECTOR(p1)[j]] = true;
    }
    for (j = 0; j < n; j++) {
        side += in_p1[j] == in_p1[minority];
    }
    if (*best_side < 0 || side < *best_side) {
        *best_side = side;
        if (igraph_vector_int_update(cut, &c_o) != IGRAPH_SUCCESS) {
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s", fp_error_igraph_reason());
        }
        free(b->part_of);
        b->part_of = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
        for (j = 0; j < n; j++) {
            b->part_of[j] = in_p1[j] == in_p1[a] ? 0 : 1;
        }
    }
out:
    if (have_p2) {
        igraph_vector_int_destroy(&p2);
    }
    if (have_p1) {
        igraph_vector_int_destroy(&p1);
    }
    if (have_co) {
        igraph_vector_int_destroy(&c_o);
    }
    free(in_p1);
    return rc;
}

/* The min cut's lit spans (candidates cross it too, but are not built), sorted, and
 * lambda_min with the pair (a, c) it separates. */
static void record_cut(const struct fp_topo *topo, const igraph_vector_int_t *cut, double value,
                       igraph_integer_t a, igraph_integer_t c, struct fp_bound *b)
{
    igraph_integer_t i;
    b->lambda_min_gbps = value;
    b->lambda_pair[0] = a;
    b->lambda_pair[1] = c;
    b->min_cut_spans = fp_xcalloc((size_t)igraph_vector_int_size(cut) + 1, sizeof(igraph_integer_t));
    for (i = 0; i < igraph_vector_int_size(cut); i++) {
        if (fp_topo_is_lit(topo, VECTOR(*cut)[i])) {
            b->min_cut_spans[b->n_min_cut_spans++] = VECTOR(*cut)[i];
        }
    }
    qsort(b->min_cut_spans, (size_t)b->n_min_cut_spans, sizeof(igraph_integer_t), cmp_index);
}

/* The first site and the site whose max-flow from it is the least (lambda_min: every cut that
 * separates two sites separates the first from one of the others, so the Gomory-Hu tree over
 * the participants, MODEL.md, has its lightest edge among these k - 1 flows; the tree over
 * all n vertices took n - 1 max-flows, 1.3 s at 3,000 nodes). */
static int least_flow(const struct fp_topo *topo, const struct fp_job *job, const igraph_vector_t *cap,
                      igraph_integer_t *site, struct fp_error *err)
{
    igraph_integer_t i;
    double least = INFINITY;
    int rc = FP_OK;
    *site = -1;
    for (i = 1; i < job->n_sites; i++) {
        double flow;
        FP_IGRAPH(err, igraph_maxflow_value(&topo->graph, &flow, job->sites[0], job->sites[i], cap, NULL));
        if (flow < least) {
            least = flow;
            *site = job->sites[i];
        }
    }
    if (*site < 0) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: no two sites to separate");
    }
out:
    return rc;
}

/* How many sites an s-t min cut from src to dst leaves on src's side. */
static int sites_with(const struct fp_topo *topo, const struct fp_job *job, const igraph_vector_t *cap,
                      igraph_integer_t src, igraph_integer_t dst, igraph_integer_t *count,
                      struct fp_error *err)
{
    igraph_vector_int_t p1;
    bool *in_p1 = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(bool));
    igraph_integer_t i;
    double value;
    int rc = FP_OK;
    FP_IGRAPH(err, igraph_vector_int_init(&p1, 0));
    if (igraph_st_mincut(&topo->graph, &value, NULL, &p1, NULL, src, dst, cap) != IGRAPH_SUCCESS) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s", fp_error_igraph_reason());
    }
    for (i = 0; rc == FP_OK && i < igraph_vector_int_size(&p1); i++) {
        in_p1[VECTOR(p1)[i]] = true;
    }
    *count = 0;
    for (i = 0; rc == FP_OK && i < job->n_sites; i++) {
        *count += in_p1[job->sites[i]];
    }
    igraph_vector_int_destroy(&p1);
out:
    free(in_p1);
    return rc;
}

/* lambda_min (MODEL.md: min over site pairs of the per-direction max-flow) and the spans of an
 * explicit s-t min cut between the pair that sets it: a, the site least connected to the
 * first, and c, the first. */
static int cut_bound(const struct fp_topo *topo, const struct fp_job *job, const igraph_vector_t *cap,
                     struct fp_bound *b, struct fp_error *err)
{
    igraph_vector_int_t cut;
    igraph_integer_t k = job->n_sites, a = -1, c = job->sites[0], side = -1, with_a = 0;
    double value = 0.0;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_int_init(&cut, 0));
    rc = least_flow(topo, job, cap, &a, err);
    if (rc == FP_OK) {
        rc = sites_with(topo, job, cap, a, c, &with_a, err);
    }
    /* Both orientations are minimum cuts of the same value; report the one drawn tightest
     * around the side with fewer sites (the sites a reviewer sees cut off). */
    if (rc == FP_OK) {
        igraph_integer_t minority = with_a * 2 <= k ? a : c;
        rc = orient_cut(topo, cap, a, c, minority, a, &side, &value, &cut, b, err);
        if (rc == FP_OK) {
            rc = orient_cut(topo, cap, c, a, minority, a, &side, &value, &cut, b, err);
        }
    }
    if (rc == FP_OK) {
        record_cut(topo, &cut, value, a, c, b);
    }
    igraph_vector_int_destroy(&cut);
out:
    return rc;
}

/* Per-direction capacity between parts: c(delta(Pi)) = sum of c_e over spans whose ends lie in
 * different parts. */
static double cut_capacity(const struct fp_topo *topo, const igraph_vector_t *cap,
                           const igraph_integer_t *part_of)
{
    igraph_integer_t e;
    double c = 0.0;
    for (e = 0; e < topo->n_spans; e++) {
        if (part_of[topo->span_from[e]] != part_of[topo->span_to[e]]) {
            c += VECTOR(*cap)[e];
        }
    }
    return c;
}

/* Local search (a): each transit node moves to the neighbouring part that lowers c(delta)
 * most, in vertex order; true when one moved. */
static bool move_nodes(const struct fp_topo *topo, const igraph_vector_t *cap, const igraph_inclist_t *inc,
                       const bool *is_site, igraph_integer_t *part_of, igraph_integer_t m, double *gain)
{
    igraph_integer_t v, q, j;
    bool moved = false;
    for (v = 0; v < topo->n_nodes; v++) {
        igraph_integer_t best_q = -1;
        double best_gain = 1e-9;
        igraph_vector_int_t *edges;
        if (is_site[v]) {
            continue;
        }
        edges = igraph_inclist_get(inc, v);
        memset(gain, 0, (size_t)m * sizeof(double));
        for (j = 0; j < igraph_vector_int_size(edges); j++) {
            igraph_integer_t e = VECTOR(*edges)[j];
            gain[part_of[IGRAPH_OTHER(&topo->graph, e, v)]] += VECTOR(*cap)[e];
        }
        for (q = 0; q < m; q++) {
            /* moving v from its part to q: spans to q become internal, spans to its part cut */
            double g = gain[q] - gain[part_of[v]];
            if (q != part_of[v] && g > best_gain) {
                best_gain = g;
                best_q = q;
            }
        }
        if (best_q >= 0) {
            part_of[v] = best_q;
            moved = true;
        }
    }
    return moved;
}

/* Local search (b): the merge of two parts that lowers c(delta)/(m-1) most (m > 2), parts
 * renumbered; returns the new m (m when no merge helps). */
static igraph_integer_t merge_parts(const struct fp_topo *topo, const igraph_vector_t *cap,
                                    igraph_integer_t *part_of, igraph_integer_t m, double *between)
{
    double total = cut_capacity(topo, cap, part_of), best_ratio = total / (double)(m - 1);
    igraph_integer_t bp = -1, bq = -1, p, q, e, v;
    memset(between, 0, (size_t)m * (size_t)m * sizeof(double));
    for (e = 0; e < topo->n_spans; e++) {
        p = part_of[topo->span_from[e]];
        q = part_of[topo->span_to[e]];
        if (p != q) {
            between[p * m + q] += VECTOR(*cap)[e];
            between[q * m + p] += VECTOR(*cap)[e];
        }
    }
    for (p = 0; p < m; p++) {
        for (q = p + 1; q < m; q++) {
            double r = (total - between[p * m + q]) / (double)(m - 2);
            if (r < best_ratio * (1 - 1e-12)) {
                best_ratio = r;
                bp = p;
                bq = q;
            }
        }
    }
    if (bp < 0) {
        return m;
    }
    for (v = 0; v < topo->n_nodes; v++) {
        if (part_of[v] == bq) {
            part_of[v] = bp;
        } else if (part_of[v] > bq) {
            part_of[v]--;
        }
    }
    return m - 1;
}

/* Local search on a partition (MODEL.md: "any better partition a local search finds"):
 * (a) move a transit node to a neighbouring part when that lowers c(delta);
 * (b) merge the two parts whose merge lowers c(delta)/(m-1) most (m stays >= 2).
 * Sites never move, so every part keeps a site. Deterministic (first improvement in vertex
 * order, best merge with lowest indices). Parts are renumbered 0..m-1 on return. */
static igraph_integer_t local_search(const struct fp_topo *topo, const igraph_vector_t *cap,
                                     const igraph_inclist_t *inc, const bool *is_site,
                                     igraph_integer_t *part_of, igraph_integer_t m)
{
    double *between = fp_xcalloc((size_t)m * (size_t)m + 1, sizeof(double));
    double *gain = fp_xcalloc((size_t)m + 1, sizeof(double));
    bool improved = true;
    int rounds = 0;

    while (improved && rounds++ < 1000) {
        improved = move_nodes(topo, cap, inc, is_site, part_of, m, gain);
        if (m > 2) {
            igraph_integer_t merged = merge_parts(topo, cap, part_of, m, between);
            improved = improved || merged < m;
            m = merged;
        }
    }
    free(between);
    free(gain);
    return m;
}

/* Voronoi partition: each vertex joins its nearest site by delay (ties: the earlier site);
 * vertices no site reaches join part 0. Then the local search. */
static int partition_bound(const struct fp_topo *topo, const struct fp_job *job,
                           const igraph_vector_t *cap, const igraph_matrix_t *dist,
                           struct fp_bound *b, struct fp_error *err)
{
    igraph_integer_t n = topo->n_nodes, k = job->n_sites, v, i, m, e;
    bool *is_site = fp_xcalloc((size_t)n + 1, sizeof(bool));
    igraph_integer_t *part_of = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    igraph_inclist_t inc;
    double c;
    int rc = FP_OK;

    for (i = 0; i < k; i++) {
        is_site[job->sites[i]] = true;
    }
    for (v = 0; v < n; v++) {
        double best = INFINITY;
        part_of[v] = 0;
        for (i = 0; i < k; i++) {
            if (MATRIX(*dist, i, v) < best) {
                best = MATRIX(*dist, i, v);
                part_of[v] = i;
            }
        }
    }
    for (i = 0; i < k; i++) {
        part_of[job->sites[i]] = i;
    }
    b->voronoi_parts = k;
    b->voronoi_theta_gbps = cut_capacity(topo, cap, part_of) / (double)(k - 1);
    if (igraph_inclist_init(&topo->graph, &inc, IGRAPH_ALL, IGRAPH_LOOPS_ONCE) != IGRAPH_SUCCESS) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s", fp_error_igraph_reason());
        goto out;
    }
    m = local_search(topo, cap, &inc, is_site, part_of, k);
    igraph_inclist_destroy(&inc);
    c = cut_capacity(topo, cap, part_of);
    if (c / (double)(m - 1) < b->lambda_min_gbps * (1 - 1e-12)) {
        b->theta_lb_gbps = c / (double)(m - 1);
        b->parts = m;
        b->cut_capacity_gbps = c;
        free(b->part_of);
        b->part_of = part_of;
        part_of = NULL;
    } else {
        /* The min cut is at least as strong: it sets theta_lb, as the 2-part partition
         * cut_bound() recorded in b->part_of. */
        b->theta_lb_gbps = b->lambda_min_gbps;
        b->parts = 2;
        b->cut_capacity_gbps = b->lambda_min_gbps;
    }
    /* the spans between parts (lit; candidates are not built) */
    b->cut_spans = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(igraph_integer_t));
    for (e = 0; e < topo->n_spans; e++) {
        if (fp_topo_is_lit(topo, e) && b->part_of[topo->span_from[e]] != b->part_of[topo->span_to[e]]) {
            b->cut_spans[b->n_cut_spans++] = e;
        }
    }
out:
    free(is_site);
    free(part_of);
    return rc;
}

/* The delay bound (MODEL.md: the largest shortest-path delay between two sites) from the
 * sites' distances dist (rows: sites, columns: vertices); FP_EDATA when two sites are not
 * connected over lit spans. */
static int delay_bound(const struct fp_topo *topo, const struct fp_job *job, const igraph_matrix_t *dist,
                       struct fp_bound *b, struct fp_error *err)
{
    igraph_integer_t i, j, k = job->n_sites;
    b->delay_bound_s = 0.0;
    b->delay_pair[0] = job->sites[0];
    b->delay_pair[1] = job->sites[1];
    for (i = 0; i < k; i++) {
        for (j = i + 1; j < k; j++) {
            double d = MATRIX(*dist, i, job->sites[j]);
            if (!isfinite(d)) {
                return fp_error_set(err, FP_EDATA, topo->path, 0,
                                    "sites '%s' and '%s' are not connected over lit spans",
                                    topo->node_id[job->sites[i]], topo->node_id[job->sites[j]]);
            }
            if (d > b->delay_bound_s) {
                b->delay_bound_s = d;
                b->delay_pair[0] = job->sites[i];
                b->delay_pair[1] = job->sites[j];
            }
        }
    }
    return FP_OK;
}

int fp_bound_compute(const struct fp_topo *topo, const struct fp_job *job, struct fp_bound *bound,
                     struct fp_error *err)
{
    struct fp_bound b;
    igraph_vector_t cap, w;
    igraph_vector_int_t from;
    igraph_matrix_t dist;
    igraph_integer_t i, k = job->n_sites;
    bool have_cap = false, have_w = false, have_from = false, have_dist = false;
    int rc;

    memset(&b, 0, sizeof(b));
    rc = fp_topo_require_delays(topo, err);
    if (rc != FP_OK) {
        return rc;
    }
    rc = capacities(topo, &cap, err);
    if (rc != FP_OK) {
        goto out;
    }
    have_cap = true;
    rc = delays(topo, &w, err);
    if (rc != FP_OK) {
        goto out;
    }
    have_w = true;
    FP_IGRAPH(err, igraph_vector_int_init(&from, k));
    have_from = true;
    for (i = 0; i < k; i++) {
        VECTOR(from)[i] = job->sites[i];
    }
    FP_IGRAPH(err, igraph_matrix_init(&dist, 0, 0));
    have_dist = true;
    FP_IGRAPH(err, igraph_distances_dijkstra(&topo->graph, &dist, igraph_vss_vector(&from),
                                             igraph_vss_all(), &w, IGRAPH_ALL));
    rc = delay_bound(topo, job, &dist, &b, err);
    if (rc != FP_OK) {
        goto out;
    }
    rc = cut_bound(topo, job, &cap, &b, err);
    if (rc != FP_OK) {
        goto out;
    }
    if (!(b.lambda_min_gbps > 0.0)) {
        rc = fp_error_set(err, FP_EDATA, topo->path, 0,
                          "sites '%s' and '%s' are joined only by spans of zero capacity",
                          topo->node_id[b.lambda_pair[0]], topo->node_id[b.lambda_pair[1]]);
        goto out;
    }
    rc = partition_bound(topo, job, &cap, &dist, &b, err);
    if (rc != FP_OK) {
        goto out;
    }
    b.bandwidth_s = fp_job_bw_s(job->gradient_bytes, b.theta_lb_gbps);
    b.allreduce_s = b.bandwidth_s > b.delay_bound_s ? b.bandwidth_s : b.delay_bound_s;
out:
    if (have_dist) {
        igraph_matrix_destroy(&dist);
    }
    if (have_from) {
        igraph_vector_int_destroy(&from);
    }
    if (have_w) {
        igraph_vector_destroy(&w);
    }
    if (have_cap) {
        igraph_vector_destroy(&cap);
    }
    if (rc == FP_OK) {
        *bound = b;
    } else {
        fp_result_bound_release(&b);
    }
    return rc;
}

int fp_bound_compute_failed(const struct fp_topo *topo, const struct fp_job *job, const bool *failed,
                            struct fp_bound *bound, struct fp_error *err)
{
    struct fp_topo view = *topo;
    igraph_integer_t e;
    int rc;
    view.status = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(enum fp_span_status));
    for (e = 0; e < topo->n_spans; e++) {
        view.status[e] = failed[e] ? FP_SPAN_CANDIDATE : topo->status[e];
    }
    rc = fp_bound_compute(&view, job, bound, err);
    free(view.status);
    return rc;
}

bool fp_bound_binds(const struct fp_bound *bound, double theta_gbps)
{
    double lb = bound->theta_lb_gbps;
    return isfinite(theta_gbps) && lb > 0.0 && fabs(lb - theta_gbps) <= FP_BOUND_BINDS_REL * lb;
}
