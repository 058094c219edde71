/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: routes a workload (MODEL.md "Workloads"): each job alone first (its theta alone,
 * and a ring job's order), then every job and the background in one master LP by column
 * generation (solvers/workload_internal.h): the background's phase (is D routable?), the
 * lambda phase (max lambda, theta_j = lambda w_j), the latency phase, the answer. A single job
 * with no background is `route` (MODEL.md), solved by fp_route_solve itself. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/workload.h"
#include "solvers/workload_internal.h"

#define FIT_TOL 1e-7        /* beta this close to 1 carries the background (GLPK's tolerance) */
#define MAX_NAMED 8         /* spans named in a message, at most */

/* One job alone on the network (opts with its collective; a ring gets its order chosen). */
static int solve_alone(const struct fp_topo *topo, const struct fp_workload_job *wj,
                       const struct fp_route_options *opts, struct fp_route *route, struct fp_error *err)
{
    struct fp_route_options o = *opts;
    o.collective = wj->collective;
    o.ring_order = NULL;
    o.write_lp = NULL;
    o.progress = NULL;
    memset(route, 0, sizeof(*route));
    return fp_route_solve(topo, &wj->job, &o, route, err);
}

/* MODEL.md: a single job with D = 0 is `route`. res takes the route as job 0's, lambda =
 * theta / w, and the spans that set theta (saturated, positive dual) as the binding ones. */
static int solve_single(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *opts, struct fp_workload_result *res,
                        struct fp_error *err)
{
    const struct fp_workload_job *wj = &wl->jobs[0];
    igraph_integer_t e, n_arcs = 2 * topo->n_spans;
    struct fp_route *r;
    int rc;

    res->jobs = fp_xcalloc(1, sizeof(struct fp_workload_job_result));
    res->n_jobs = 1;
    res->single = true;
    r = &res->jobs[0].route;
    rc = solve_alone(topo, wj, opts, r, err);
    if (rc != FP_OK) {
        return rc;
    }
    res->jobs[0].alone_theta_gbps = r->theta_gbps;
    res->jobs[0].alone_allreduce_s = r->allreduce_s;
    res->jobs[0].slowdown = 1.0;
    res->lambda_gbps = r->theta_gbps / wj->weight;
    res->load_gbps = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    res->background_gbps = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    res->dlambda_dc = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    res->binding = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(igraph_integer_t));
    memcpy(res->load_gbps, r->load_gbps, (size_t)n_arcs * sizeof(double));
    for (e = 0; e < topo->n_spans; e++) {
        double c = fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0;
        res->dlambda_dc[e] = r->dtheta_dc[e] / wj->weight;
        double load = fmax(r->load_gbps[2 * e], r->load_gbps[2 * e + 1]);
        if (r->dtheta_dc[e] > 0 && c > 0 && load >= c * (1 - FIT_TOL)) {
            res->binding[res->n_binding++] = e;
        }
    }
    res->status = r->status;
    res->gap = r->gap;
    res->columns = r->columns;
    res->rounds = r->rounds;
    res->lp_rows = r->lp_rows;
    res->lp_cols = r->lp_cols;
    res->lp_scale_gbps = r->lp_scale_gbps;
    return FP_OK;
}

/* The spans whose capacity rows have a positive dual now (at most MAX_NAMED, ", "-separated)
 * into buf: what a failing phase ran into. */
static const char *dual_spans(const struct wl_master *m, char *buf, size_t size)
{
    igraph_integer_t e, n = 0;
    size_t len = 0;
    buf[0] = '\0';
    for (e = 0; e < m->topo->n_spans && n < MAX_NAMED; e++) {
        double mu = 0.0;
        int d;
        for (d = 0; d < 2; d++) {
            int row = m->cap_row[2 * e + d];
            mu += row != 0 ? fmax(fp_lp_row_dual(m->lp, row), 0.0) : 0.0;
        }
        if (mu > 1e-9 && len + 1 < size) {
            snprintf(buf + len, size - len, "%s%s", n > 0 ? ", " : "", m->topo->span_id[e]);
            len = strlen(buf);
            n++;
        }
    }
    return buf;
}

/* Every commodity reaches its destination over spans with capacity. */
static int check_reachable(const struct wl_master *m, struct fp_error *err)
{
    igraph_integer_t r;
    for (r = 0; r < m->n_comms; r++) {
        const struct wl_comm *c = &m->comms[r];
        if (!isfinite(c->shortest_s)) {
            return fp_error_set(err, FP_EDATA, c->job >= 0 ? m->topo->path : m->wl->path, 0,
                                "%s%s%s'%s' cannot reach '%s' over lit spans with capacity",
                                c->job >= 0 ? "job '" : "background: ",
                                c->job >= 0 ? m->wl->jobs[c->job].name : "", c->job >= 0 ? "': " : "",
                                m->topo->node_id[c->src], m->topo->node_id[c->dst]);
        }
    }
    return FP_OK;
}

/* The background's phase: maximise beta <= 1 over the paths; D fits when beta reaches 1, which
 * is then fixed there, and lambda becomes the objective. */
static int background_phase(struct wl_master *m, struct fp_error *err)
{
    struct fp_deadline soft = m->dl;
    bool optimal, timed_out;
    double beta;
    char spans[256];
    int rc;

    fp_lp_set_obj(m->lp, m->lambda_col, 0.0);
    fp_lp_set_obj(m->lp, m->beta_col, 1.0);
    /* without the background in full there is no schedule to report: this phase runs against
     * the hard deadline (MODEL.md "Anytime planning": S + max(1 s, 0.05 S)) */
    fp_deadline_hard(&soft, &m->dl);
    rc = fp_wlcolgen_run(m, WL_BACKGROUND, &optimal, &timed_out, err);
    m->dl = soft;
    if (rc != FP_OK) {
        return rc;
    }
    beta = fp_lp_col_value(m->lp, m->beta_col);
    if (beta < 1.0 - FIT_TOL && timed_out) {
        return fp_error_set(err, FP_ESOFTWARE, m->wl->path, 0, "the time limit ended the solve before "
                            "the background demand was routed in full");
    }
    if (beta < 1.0 - FIT_TOL) {
        return fp_error_set(err, FP_EDATA, m->wl->path, 0, "the background demand does not fit: at "
                            "most %.4g%% of it can be routed (saturated: %s)", 100.0 * beta,
                            dual_spans(m, spans, sizeof(spans)));
    }
    fp_lp_fix_col(m->lp, m->beta_col, 1.0);
    fp_lp_set_obj(m->lp, m->beta_col, 0.0);
    fp_lp_set_obj(m->lp, m->lambda_col, 1.0);
    return FP_OK;
}

/* The master with its first columns: every commodity's shortest path, each tree job's minimum
 * spanning tree on shortest delays. */
static int set_up(struct wl_master *m, igraph_integer_t *const *rings, struct fp_error *err)
{
    int added, rc = fp_wlmaster_build(m, rings, err);
    if (rc == FP_OK) {
        rc = fp_wlcolgen_paths(m, true, &added, err);
    }
    if (rc == FP_OK) {
        rc = check_reachable(m, err);
    }
    if (rc == FP_OK) {
        rc = fp_wlcolgen_trees(m, true, &added, err);
    }
    return rc;
}

/* Every job and the background on the same arcs: the phases, then the answer into res. */
static int solve_shared(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *opts, igraph_integer_t *const *rings,
                        struct fp_workload_result *res, struct fp_error *err)
{
    struct wl_master m;
    bool optimal = false, timed_out = false, lat_optimal, lat_timed_out;
    char spans[256];
    int rc;

    fp_wlmaster_init(&m, topo, wl, opts);
    rc = set_up(&m, rings, err);
    if (rc == FP_OK && m.beta_col != 0) {
        rc = background_phase(&m, err);
    }
    if (rc == FP_OK) {
        rc = fp_wlcolgen_run(&m, WL_LAMBDA, &optimal, &timed_out, err);
    }
    if (rc == FP_OK && optimal && !(fp_lp_col_value(m.lp, m.lambda_col) > 1e-9)) {
        rc = fp_error_set(err, FP_EDATA, wl->path, 0, "the jobs get no throughput: lambda is 0 "
                          "(saturated: %s)", dual_spans(&m, spans, sizeof(spans)));
    }
    if (rc == FP_OK && opts->write_lp != NULL) {
        rc = fp_wlarcflow_write(&m, opts->write_lp, err);   /* the arc-flow LP, for glpsol */
    }
    if (rc == FP_OK && optimal && !fp_deadline_passed(&m.dl)) {
        rc = fp_wlschedule_latency_phase(&m, &lat_optimal, &lat_timed_out, err);
    }
    if (rc == FP_OK) {
        fp_wlschedule_extract(&m, res);
        res->status = optimal ? FP_STATUS_OPTIMAL : FP_STATUS_TIME_LIMIT;
        res->gap = optimal ? 0.0 : NAN;
    }
    fp_wlmaster_release(&m);
    return rc;
}

/* Each job alone: its theta and T, and a ring's order (owned, into rings[j]). */
static int solve_alones(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *opts, double *theta, double *allreduce,
                        igraph_integer_t **rings, struct fp_error *err)
{
    igraph_integer_t j;
    int rc = FP_OK;
    for (j = 0; rc == FP_OK && j < wl->n_jobs; j++) {
        struct fp_route alone;
        rc = solve_alone(topo, &wl->jobs[j], opts, &alone, err);
        if (rc == FP_OK) {
            theta[j] = alone.theta_gbps;
            allreduce[j] = alone.allreduce_s;
        }
        if (rc == FP_OK && alone.n_ring > 0) {
            rings[j] = fp_xcalloc((size_t)alone.n_ring, sizeof(igraph_integer_t));
            memcpy(rings[j], alone.ring_order, (size_t)alone.n_ring * sizeof(igraph_integer_t));
        }
        fp_result_route_release(&alone);
    }
    return rc;
}

int fp_workload_solve(const struct fp_topo *topo, const struct fp_workload *wl,
                      const struct fp_route_options *opts, struct fp_workload_result *res,
                      struct fp_error *err)
{
    struct fp_route_options o = *opts;
    struct fp_deadline dl;
    struct fp_workload_result r;
    igraph_integer_t j, n = wl->n_jobs;
    igraph_integer_t **rings = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t *));
    double *theta = fp_xcalloc((size_t)n + 1, sizeof(double));
    double *allreduce = fp_xcalloc((size_t)n + 1, sizeof(double));
    double start = fp_clock_s();
    int rc;

    memset(&r, 0, sizeof(r));
    if (o.deadline == NULL) {
        /* one deadline for every solve of the workload: the jobs alone and the shared one */
        fp_deadline_init(&dl, o.time_limit_s, o.stop);
        o.deadline = &dl;
    }
    rc = fp_topo_require_delays(topo, err);
    if (rc == FP_OK && n == 1 && wl->n_background == 0) {
        rc = solve_single(topo, wl, &o, &r, err);
    } else if (rc == FP_OK) {
        rc = solve_alones(topo, wl, &o, theta, allreduce, rings, err);
        if (rc == FP_OK) {
            rc = solve_shared(topo, wl, &o, rings, &r, err);
        }
        for (j = 0; rc == FP_OK && j < n; j++) {
            r.jobs[j].alone_theta_gbps = theta[j];
            r.jobs[j].alone_allreduce_s = allreduce[j];
            r.jobs[j].slowdown = theta[j] / r.jobs[j].route.theta_gbps;
            r.jobs[j].route.status = r.status;
            r.jobs[j].route.gap = r.gap;
        }
    }
    for (j = 0; j < n; j++) {
        free(rings[j]);
    }
    free(rings);
    free(theta);
    free(allreduce);
    if (rc == FP_OK) {
        r.seconds = fp_clock_s() - start;
        *res = r;
    } else {
        fp_workload_result_release(&r);
    }
    return rc;
}
