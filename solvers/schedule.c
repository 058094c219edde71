/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the schedule the master LP found, read out (MODEL.md "Demand", "Time"): theta,
 * loads, flow paths, marginal values from the theta phase's capacity duals, the trees with
 * their roots and depths or the ring, T = T_bw + T_lat; and the latency phase, which keeps
 * theta at its optimum and moves flow onto the shortest paths that optimum allows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/route_internal.h"

void fp_schedule_push_path(struct fp_route *out, igraph_integer_t src, igraph_integer_t dst, double gbps,
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
    fp->delay_s = fp_master_arcs_delay(t, arcs, n);
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
double fp_schedule_tree_depth(igraph_integer_t k, double alpha, const double *hop,
                              const igraph_integer_t *edges, igraph_integer_t *root_out)
{
    igraph_integer_t r, i, j;
    igraph_integer_t *deg = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    igraph_integer_t *start = fp_xcalloc((size_t)k + 2, sizeof(igraph_integer_t));
    igraph_integer_t *nbr = fp_xcalloc((size_t)(2 * k) + 1, sizeof(igraph_integer_t));
    double *w = fp_xcalloc((size_t)(2 * k) + 1, sizeof(double));
    igraph_integer_t *stack = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    double *dist = fp_xcalloc((size_t)k + 1, sizeof(double));
    double best = INFINITY;

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

/* The path formulation's flows (scenario 0) as paths and arc loads. */
static void extract_paths(const struct master *m, struct fp_route *out, double obj)
{
    igraph_integer_t i;
    for (i = 0; i < m->n_paths; i++) {
        const struct pathcol *pc = &m->paths[i];
        double f = fp_lp_col_value(m->lp, pc->col);
        igraph_integer_t j;
        if (f <= EPS * (obj > 0 ? obj : 1.0) || m->comms[pc->comm].scen != 0) {
            continue;   /* GLPK's zeros, or a failure scenario's flow */
        }
        for (j = 0; j < pc->n; j++) {
            out->load_gbps[pc->arcs[j]] += f * m->scale;
        }
        fp_schedule_push_path(out, m->comms[pc->comm].src, m->comms[pc->comm].dst, f * m->scale,
                              pc->arcs, pc->n, m->topo);
    }
}

/* d theta / d c per span from the theta phase's capacity duals, and the seconds of T saved per
 * added Gbit/s at theta_m (MODEL.md "Units": T_bw = 8 S / (theta 1e9)). */
static void extract_marginals(const struct master *m, struct fp_route *out, double theta_m)
{
    igraph_integer_t e;
    for (e = 0; e < m->topo->n_spans; e++) {
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
}

/* The trees with positive rate (scenario 0), each with its root and depth. */
static void extract_trees(const struct master *m, struct fp_route *out, double obj)
{
    igraph_integer_t i, k = m->k;
    double *tree_hop = hop_delays(m, out);
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
        tr->depth_s = fp_schedule_tree_depth(k, m->opts->alpha_s, tree_hop, m->trees[i].edges, &root);
        tr->root = m->job->sites[root];
        for (j = 0; j < 2 * (k - 1); j++) {
            tr->edges[j] = m->job->sites[m->trees[i].edges[j]];
        }
    }
    free(tree_hop);
}

int fp_schedule_extract(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    struct fp_route *out = &s->out;
    const struct fp_topo *t = m->topo;
    igraph_integer_t i, n_arcs = 2 * t->n_spans, k = m->k;
    double obj = 0.0, theta_m;
    int rc = FP_OK;

    out->algorithm = m->opts->collective;
    out->alpha_s = m->opts->alpha_s;
    if (m->opts->collective == FP_COLL_TREE) {
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
        extract_paths(m, out, obj);
    } else {
        rc = fp_arcflow_decompose(m, out, err);
    }
    extract_marginals(m, out, theta_m);
    if (out->algorithm == FP_COLL_TREE) {
        extract_trees(m, out, obj);
    }
    if (out->algorithm == FP_COLL_RING) {
        out->n_ring = k;
        out->ring_order = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
        for (i = 0; i < k; i++) {
            out->ring_order[i] = m->job->sites[s->ring[i]];
        }
    }
    if (out->algorithm != FP_COLL_DEMANDS) {
        time_of(m, out, s->ring);
    } else {
        out->bandwidth_s = out->latency_s = out->allreduce_s = NAN;
    }
    out->lower_bound_ratio = NAN;
    return rc;
}

/* The marginal values are the theta phase's duals: keep them before a later phase changes the
 * objective (per arc, summed over the scenarios: one more Gbit/s on a span is one more in
 * every scenario that keeps it). */
void fp_schedule_keep_theta_duals(struct master *m)
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

/* Sets the path (and arc-flow) columns' objective to -delay / d_max. */
static void weigh_delays(struct master *m, double d_max)
{
    igraph_integer_t i, g, arc, n_arcs = 2 * m->topo->n_spans;
    m->delay_weight = 1.0 / d_max;
    for (i = 0; i < m->n_paths; i++) {
        fp_lp_set_obj(m->lp, m->paths[i].col,
                      -m->delay_weight * fp_master_arcs_delay(m->topo, m->paths[i].arcs, m->paths[i].n));
    }
    for (g = 0; m->flow_col != NULL && g < m->n_groups; g++) {
        for (arc = 0; arc < n_arcs; arc++) {
            if (m->flow_col[g * n_arcs + arc] != 0) {
                fp_lp_set_obj(m->lp, m->flow_col[g * n_arcs + arc],
                              -m->delay_weight * m->topo->delay_s[arc / 2]);
            }
        }
    }
}

/* Holds the schedule's theta at theta_star (row theta_kept) and stops maximising it. */
static void hold_theta(struct master *m)
{
    double theta_star = 0.0;
    igraph_integer_t i;
    int row;
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
}

/* The latency phase: theta stays at its optimum theta_star while the
 * delay-weighted flow is minimised, so traffic takes the shortest paths the optimum allows
 * and T_lat (MODEL.md "Time") does not depend on which optimal flow GLPK happened to return.
 * Paths are priced on mu + delay / D, D the longest shortest delay of a commodity. */
int fp_schedule_latency_phase(struct solve *s, bool *optimal, bool *timed_out, struct fp_error *err)
{
    struct master *m = &s->m;
    double d_max = 0.0;
    igraph_integer_t r;
    struct fp_lp_basis kept;
    int rc;

    fp_schedule_keep_theta_duals(m);
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
    } else {
        hold_theta(m);
    }
    fp_lp_basis_save(m->lp, &kept);
    weigh_delays(m, d_max);
    rc = fp_colgen_run(s, optimal, timed_out, err);
    if (rc == FP_ESOFTWARE && m->theta_col == 0 && m->lat_theta > 0.0) {
        /* GLPK lost its way with theta held (a re-planned planned network, every span near its
         * bound: 600 nodes, 24 sites; primal infeasibilities of 1e-5 in the theta phase
         * already, and the dual simplex from the slack basis then ended "infeasible"): the
         * theta-optimal schedule as the theta phase left it, its T_lat not minimised */
        fp_error_init(err);
        fp_lp_set_row_free(m->lp, m->theta_row);
        m->theta_row = 0;
        weigh_delays(m, INFINITY);
        fp_master_set_objective(m, false);
        fp_lp_basis_restore(m->lp, &kept);
        rc = fp_lp_solve(m->lp, &m->dl, timed_out, err);
        *optimal = rc == FP_OK && !*timed_out;
    }
    fp_lp_basis_release(&kept);
    return rc;
}

void fp_schedule_latency_undo(struct master *m, const struct fp_lp_basis *before)
{
    free(m->theta_mu);   /* the next theta phase's duals are the marginals */
    m->theta_mu = NULL;
    if (m->theta_row != 0) {
        fp_lp_set_row_free(m->lp, m->theta_row);   /* basic once the basis is restored */
        m->theta_row = 0;
    }
    m->lat_theta = 0.0;
    weigh_delays(m, INFINITY);
    fp_master_set_objective(m, false);
    fp_lp_basis_restore(m->lp, before);
}

double fp_schedule_latency_s(struct solve *s, struct fp_error *err)
{
    struct fp_route kept = s->out;
    double latency;
    memset(&s->out, 0, sizeof(s->out));
    latency = fp_schedule_extract(s, err) == FP_OK ? s->out.latency_s : NAN;
    fp_result_route_release(&s->out);
    s->out = kept;
    return latency;
}
