/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a workload's schedule read out (MODEL.md "Workloads", "Time"): lambda, each job's
 * part as a route of its own (theta_j, trees or ring, the paths of its commodities, its loads,
 * T_j from its own S_j and sites), the shared loads, d lambda / d c and the spans that set
 * lambda; and the latency phase, which holds lambda and moves every flow onto the shortest
 * paths that optimum allows. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/route_internal.h"
#include "solvers/workload_internal.h"

#define SATURATED 1e-7      /* an arc within this of its capacity, relative, is saturated */
#define DUAL_NOISE 1e-12    /* capacity duals below this are GLPK's zeros */

/* The lambda phase's capacity duals, before the latency phase changes the objective. */
static void keep_theta_duals(struct wl_master *m)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    if (m->theta_mu != NULL) {
        return;
    }
    m->theta_mu = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    for (arc = 0; arc < n_arcs; arc++) {
        double mu = m->cap_row[arc] != 0 ? fp_lp_row_dual(m->lp, m->cap_row[arc]) : 0.0;
        m->theta_mu[arc] = mu > DUAL_NOISE ? mu : 0.0;
    }
}

int fp_wlschedule_latency_phase(struct wl_master *m, bool *optimal, bool *timed_out,
                                struct fp_error *err)
{
    double d_max = 0.0, lambda = fp_lp_col_value(m->lp, m->lambda_col);
    struct fp_lp_basis kept;
    igraph_integer_t r;
    int rc;

    keep_theta_duals(m);
    *optimal = true;
    *timed_out = false;
    for (r = 0; r < m->n_comms; r++) {
        d_max = m->comms[r].shortest_s > d_max ? m->comms[r].shortest_s : d_max;
    }
    if (!(d_max > 0.0)) {
        return FP_OK;
    }
    fp_lp_basis_save(m->lp, &kept);
    fp_lp_fix_col(m->lp, m->lambda_col, lambda);
    fp_lp_set_obj(m->lp, m->lambda_col, 0.0);
    fp_wlmaster_weigh_delays(m, 1.0 / d_max);
    rc = fp_wlcolgen_run(m, WL_LATENCY, optimal, timed_out, err);
    if (rc == FP_ESOFTWARE) {
        /* GLPK lost its way with lambda held: the lambda-optimal schedule as it was, its
         * T_lat not minimised (route's fallback, solvers/schedule.c) */
        fp_error_init(err);
        fp_wlmaster_weigh_delays(m, 0.0);
        fp_lp_set_col_bounds(m->lp, m->lambda_col, 0.0, -1.0);
        fp_lp_set_obj(m->lp, m->lambda_col, 1.0);
        fp_lp_basis_restore(m->lp, &kept);
        rc = fp_lp_solve(m->lp, &m->dl, timed_out, err);
        *optimal = rc == FP_OK && !*timed_out;
    }
    fp_lp_basis_release(&kept);
    return rc;
}

/* theta_j in the LP's units: the sum of the job's tree rates, or its column. */
static double job_theta(const struct wl_master *m, igraph_integer_t j)
{
    igraph_integer_t i;
    double sum = 0.0;
    if (m->jobs[j].sched_col[0] != 0) {
        return fp_lp_col_value(m->lp, m->jobs[j].sched_col[0]);
    }
    for (i = 0; i < m->n_trees; i++) {
        sum += m->trees[i].job == j && m->trees[i].scen == 0 ? fp_lp_col_value(m->lp, m->trees[i].col) : 0.0;
    }
    return sum;
}

/* The path columns' flows as paths of their jobs' routes and as loads (the jobs', the
 * background's and all of them together). */
static void extract_paths(const struct wl_master *m, struct fp_workload_result *res, double ref)
{
    struct fp_route bg;
    igraph_integer_t i, a;
    memset(&bg, 0, sizeof(bg));
    for (i = 0; i < m->n_paths; i++) {
        const struct wl_path *pc = &m->paths[i];
        const struct wl_comm *c = &m->comms[pc->comm];
        double f = fp_lp_col_value(m->lp, pc->col) * m->scale;
        if (!(f > EPS * ref) || c->scen != 0) {
            continue;   /* GLPK's zeros, or a failure scenario's (the intact network's answer) */
        }
        for (a = 0; a < pc->n; a++) {
            res->load_gbps[pc->arcs[a]] += f;
            if (c->job < 0) {
                res->background_gbps[pc->arcs[a]] += f;
            } else {
                res->jobs[c->job].route.load_gbps[pc->arcs[a]] += f;
            }
        }
        fp_schedule_push_path(c->job >= 0 ? &res->jobs[c->job].route : &bg, c->src, c->dst, f, pc->arcs,
                              pc->n, m->topo);
    }
    res->background_paths = bg.paths;   /* the background's decomposition, moved */
    res->n_background_paths = bg.n_paths;
}

/* Per ordered pair of job j's sites, the longest delay of a path carrying its flow. */
static double *hop_delays(const struct wl_master *m, igraph_integer_t j, const struct fp_route *out)
{
    const struct wl_job *jb = &m->jobs[j];
    igraph_integer_t k = jb->k, i, a, b;
    double *hop = fp_xcalloc((size_t)(k * k) + 1, sizeof(double));
    for (i = 0; i < out->n_paths; i++) {
        const struct fp_flow_path *p = &out->paths[i];
        if (p->gbps <= EPS * out->theta_gbps) {
            continue;
        }
        for (a = 0; a < k; a++) {
            for (b = 0; b < k; b++) {
                if (jb->spec->job.sites[a] == p->src && jb->spec->job.sites[b] == p->dst &&
                    p->delay_s > hop[a * k + b]) {
                    hop[a * k + b] = p->delay_s;
                }
            }
        }
    }
    return hop;
}

/* Job j's trees with a positive rate, each with its root and depth. */
static void extract_trees(const struct wl_master *m, igraph_integer_t j, const double *hop,
                          struct fp_route *out)
{
    const struct wl_job *jb = &m->jobs[j];
    igraph_integer_t i, e, k = jb->k;
    for (i = 0; i < m->n_trees; i++) {
        double x = fp_lp_col_value(m->lp, m->trees[i].col) * m->scale;
        struct fp_tree *tr;
        igraph_integer_t root = 0;
        if (m->trees[i].job != j || m->trees[i].scen != 0 || !(x > 1e-12 * (out->theta_gbps > 0 ? out->theta_gbps : 1.0))) {
            continue;
        }
        out->trees = fp_xrealloc(out->trees, (size_t)out->n_trees + 1, sizeof(struct fp_tree));
        tr = &out->trees[out->n_trees++];
        tr->rate_gbps = x;
        tr->n_edges = k - 1;
        tr->edges = fp_xcalloc((size_t)(2 * k) + 1, sizeof(igraph_integer_t));
        tr->depth_s = fp_schedule_tree_depth(k, m->opts->alpha_s, hop, m->trees[i].edges, &root);
        tr->root = jb->spec->job.sites[root];
        for (e = 0; e < 2 * (k - 1); e++) {
            tr->edges[e] = jb->spec->job.sites[m->trees[i].edges[e]];
        }
    }
}

/* T_j = T_bw + T_lat (MODEL.md "Time") of job j's schedule: trees, ring or direct. */
static void job_time(const struct wl_master *m, igraph_integer_t j, const double *hop, struct fp_route *out)
{
    const struct wl_job *jb = &m->jobs[j];
    igraph_integer_t k = jb->k, i;
    double slowest = 0.0, alpha = m->opts->alpha_s;
    out->bandwidth_s = fp_job_bw_s(jb->spec->job.gradient_bytes, out->theta_gbps);
    if (out->algorithm == FP_COLL_TREE) {
        for (i = 0; i < out->n_trees; i++) {
            slowest = out->trees[i].depth_s > slowest ? out->trees[i].depth_s : slowest;
        }
        out->latency_s = 2.0 * slowest;
    } else if (out->algorithm == FP_COLL_RING) {
        out->n_ring = k;
        out->ring_order = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
        for (i = 0; i < k; i++) {
            igraph_integer_t a = jb->ring[i], b = jb->ring[(i + 1) % k];
            out->ring_order[i] = jb->spec->job.sites[a];
            slowest = fmax(slowest, fmax(hop[a * k + b], hop[b * k + a]));
        }
        out->slowest_hop_s = slowest;
        out->latency_s = 2.0 * (double)(k - 1) * (slowest + alpha);
    } else {
        for (i = 0; i < k * k; i++) {
            slowest = fmax(slowest, hop[i]);
        }
        out->slowest_hop_s = slowest;
        out->latency_s = 2.0 * (slowest + alpha);
    }
    out->allreduce_s = out->bandwidth_s + out->latency_s;
}

/* Job j's route: theta_j, trees, times, and its marginals from d lambda / d c (theta_j =
 * lambda w_j, so d theta_j / d c = w_j d lambda / d c; MODEL.md "Units" for the seconds). */
static void job_route(const struct wl_master *m, igraph_integer_t j, const struct fp_workload_result *res,
                      struct fp_route *out)
{
    const struct fp_workload_job *spec = m->jobs[j].spec;
    igraph_integer_t e;
    double *hop = hop_delays(m, j, out);
    extract_trees(m, j, hop, out);
    job_time(m, j, hop, out);
    for (e = 0; e < m->topo->n_spans; e++) {
        out->dtheta_dc[e] = spec->weight * res->dlambda_dc[e];
        if (out->theta_gbps > 0) {
            out->marginal_s_per_gbps[e] = 8.0 * spec->job.gradient_bytes /
                                          (out->theta_gbps * out->theta_gbps * 1e9) * out->dtheta_dc[e];
        }
    }
    free(hop);
}

/* d lambda / d c per span from the lambda phase's capacity duals, and the spans that set
 * lambda: saturated in a direction whose dual is positive. */
static void extract_binding(const struct wl_master *m, struct fp_workload_result *res)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t e, d;
    res->dlambda_dc = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    res->binding = fp_xcalloc((size_t)t->n_spans + 1, sizeof(igraph_integer_t));
    for (e = 0; e < t->n_spans; e++) {
        bool binds = false;
        for (d = 0; d < 2; d++) {
            igraph_integer_t arc = 2 * e + d;
            double mu = m->cap_row[arc] == 0 ? 0.0
                        : m->theta_mu != NULL ? m->theta_mu[arc]
                                              : fmax(fp_lp_row_dual(m->lp, m->cap_row[arc]), 0.0);
            mu = mu > DUAL_NOISE ? mu : 0.0;
            res->dlambda_dc[e] += mu;
            binds = binds || (mu > 0.0 && res->load_gbps[arc] >= t->capacity_gbps[e] * (1 - SATURATED));
        }
        if (binds) {
            res->binding[res->n_binding++] = e;
        }
    }
}

/* Every column of the master, with a rate or not: each job's trees and paths into its
 * columns, the background's paths (fp_workload_solve_from starts a failure scenario there). */
static void extract_columns(const struct wl_master *m, struct fp_workload_result *res)
{
    struct fp_route bg;
    igraph_integer_t i, e;
    memset(&bg, 0, sizeof(bg));
    for (i = 0; i < m->n_paths; i++) {
        const struct wl_path *pc = &m->paths[i];
        const struct wl_comm *c = &m->comms[pc->comm];
        if (c->scen != 0) {
            continue;
        }
        fp_schedule_push_path(c->job >= 0 ? &res->jobs[c->job].columns : &bg, c->src, c->dst, 0.0, pc->arcs,
                              pc->n, m->topo);
    }
    res->background_columns = bg.paths;   /* moved */
    res->n_background_columns = bg.n_paths;
    for (i = 0; i < m->n_trees; i++) {
        const struct wl_tree *tc = &m->trees[i];
        const struct wl_job *jb = &m->jobs[tc->job];
        struct fp_route *cols = &res->jobs[tc->job].columns;
        struct fp_tree *t;
        if (tc->scen != 0) {
            continue;
        }
        cols->trees = fp_xrealloc(cols->trees, (size_t)cols->n_trees + 1, sizeof(struct fp_tree));
        t = &cols->trees[cols->n_trees++];
        memset(t, 0, sizeof(*t));
        t->n_edges = jb->k - 1;
        t->edges = fp_xcalloc((size_t)(2 * jb->k) + 1, sizeof(igraph_integer_t));
        for (e = 0; e < 2 * (jb->k - 1); e++) {
            t->edges[e] = jb->spec->job.sites[tc->edges[e]];
        }
    }
}

void fp_wlschedule_extract(const struct wl_master *m, struct fp_workload_result *res)
{
    igraph_integer_t j, n_arcs = 2 * m->topo->n_spans;
    double ref = 1.0;

    res->lambda_gbps = fp_lp_col_value(m->lp, m->lambda_col) * m->scale;
    res->background_share = 1.0;
    res->n_jobs = m->n_jobs;
    res->jobs = fp_xcalloc((size_t)m->n_jobs + 1, sizeof(struct fp_workload_job_result));
    res->load_gbps = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    res->background_gbps = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    for (j = 0; j < m->n_jobs; j++) {
        struct fp_route *out = &res->jobs[j].route;
        out->algorithm = m->jobs[j].spec->collective;
        out->alpha_s = m->opts->alpha_s;
        out->theta_gbps = job_theta(m, j) * m->scale;
        out->lower_bound_ratio = NAN;
        out->load_gbps = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
        out->dtheta_dc = fp_xcalloc((size_t)m->topo->n_spans + 1, sizeof(double));
        out->marginal_s_per_gbps = fp_xcalloc((size_t)m->topo->n_spans + 1, sizeof(double));
        ref = fmax(ref, out->theta_gbps);
    }
    extract_paths(m, res, ref);
    extract_binding(m, res);
    for (j = 0; j < m->n_jobs; j++) {
        job_route(m, j, res, &res->jobs[j].route);
    }
    extract_columns(m, res);
    res->lp_rows = fp_lp_rows(m->lp);
    res->lp_cols = fp_lp_cols(m->lp);
    res->columns = fp_lp_cols(m->lp);
    res->rounds = m->rounds;
    res->lp_scale_gbps = m->scale;
}
