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
#define HOLD 1e-12          /* a budget plan's cost phase holds lambda* (1 - HOLD): the LP's own
                               solution meets it */

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

void fp_workload_single_result(const struct fp_topo *topo, const struct fp_workload *wl,
                               struct fp_route *route, struct fp_workload_result *res)
{
    const struct fp_workload_job *wj = &wl->jobs[0];
    igraph_integer_t e, n_arcs = 2 * topo->n_spans;
    struct fp_route *r;

    res->jobs = fp_xcalloc(1, sizeof(struct fp_workload_job_result));
    res->n_jobs = 1;
    res->single = true;
    res->background_share = 1.0;
    r = &res->jobs[0].route;
    *r = *route;
    memset(route, 0, sizeof(*route));
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
}

/* MODEL.md: a single job with D = 0 is `route`, solved by route's own solver. */
static int solve_single(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *opts, struct fp_workload_result *res,
                        struct fp_error *err)
{
    struct fp_route r;
    int rc = solve_alone(topo, &wl->jobs[0], opts, &r, err);
    if (rc == FP_OK) {
        fp_workload_single_result(topo, wl, &r, res);
    }
    fp_result_route_release(&r);
    return rc;
}

/* The spans whose capacity rows have a positive dual now (at most MAX_NAMED, ", "-separated)
 * into buf: what a failing phase ran into. */
static const char *dual_spans(const struct wl_master *m, char *buf, size_t size)
{
    igraph_integer_t e, d, n = 0;
    size_t len = 0;
    buf[0] = '\0';
    for (e = 0; e < m->topo->n_spans && n < MAX_NAMED; e++) {
        double mu = 0.0;
        for (d = 0; d < 2 * m->n_scen; d++) {   /* every scenario's rows of e */
            int row = m->cap_row[(d / 2) * 2 * m->topo->n_spans + 2 * e + d % 2];
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

/* How the shared master is solved: the columns it starts from (NULL: its own first ones), and
 * whether a background that does not fit, or lambda 0, is an answer (a failure scenario's)
 * rather than an error. fits, beta and bg_stopped are what the background's phase found. */
struct shared {
    const struct fp_workload_result *start;
    bool lenient;
    bool fits;
    double beta;
    bool bg_stopped;
    igraph_integer_t *stop;      /* owned: the spans that stop the background (lenient) */
    igraph_integer_t n_stop;
    const struct fp_plan_options *popts;   /* a budget plan (its budget_usd): the master plans
                                              capacity, *plan gets it and *view the planned
                                              network (fp_plan_view) the answer is on; else NULL */
    struct fp_plan *plan;
    struct fp_topo *view;
    double lambda_req;           /* a target plan: the least lambda, Gbit/s (NAN: a budget plan) */
    double lambda_max;           /* ... and the most any plan within the ceilings gives */
    const char *write_lp;        /* a continuous budget plan: its LP written here after the
                                    lambda phase (fp_wlarcflow_write), or NULL */
    double enough;               /* > 0 (Gbit/s): lambda only, no latency phase, and the lambda
                                    phase ends once it reaches this (fp_workload_reaches) */
};

/* Every commodity reaches its destination over spans with capacity (lenient: every job's; a
 * background pair cut apart is a background that does not fit, found by its phase). */
static int check_reachable(const struct wl_master *m, bool lenient, struct fp_error *err)
{
    igraph_integer_t r;
    for (r = 0; r < m->n_comms; r++) {
        const struct wl_comm *c = &m->comms[r];
        if (!isfinite(c->shortest_s) && !(lenient && c->job < 0)) {
            return fp_error_set(err, FP_EDATA, c->job >= 0 ? m->topo->path : m->wl->path, 0,
                                "%s%s%s'%s' cannot reach '%s' over lit spans with capacity",
                                c->job >= 0 ? "job '" : "background: ",
                                c->job >= 0 ? m->wl->jobs[c->job].name : "", c->job >= 0 ? "': " : "",
                                m->topo->node_id[c->src], m->topo->node_id[c->dst]);
        }
    }
    return FP_OK;
}

/* The spans whose capacity stops the background (a positive dual in its phase). */
static void stop_spans(const struct wl_master *m, struct shared *sh)
{
    igraph_integer_t e, d;
    sh->stop = fp_xcalloc((size_t)m->topo->n_spans + 1, sizeof(igraph_integer_t));
    for (e = 0; e < m->topo->n_spans; e++) {
        double mu = 0.0;
        for (d = 0; d < 2; d++) {
            int row = m->cap_row[2 * e + d];
            mu += row != 0 ? fmax(fp_lp_row_dual(m->lp, row), 0.0) : 0.0;
        }
        if (mu > 1e-9) {
            sh->stop[sh->n_stop++] = e;
        }
    }
}

/* The background's phase: maximise beta <= 1 over the paths; D fits when beta reaches 1, which
 * is then fixed there, and lambda becomes the objective. When it does not fit, lenient solves
 * record that in sh (an answer); others fail with 65 (70 when the deadline came first). */
static int background_phase(struct wl_master *m, struct shared *sh, struct fp_error *err)
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
    if (beta < 1.0 - FIT_TOL && sh->lenient) {
        /* the background first, as much of it as fits; the jobs share what it leaves */
        sh->fits = false;
        sh->beta = beta > 0.0 ? beta : 0.0;
        sh->bg_stopped = timed_out;
        stop_spans(m, sh);
        fp_lp_fix_col(m->lp, m->beta_col, sh->beta);   /* the LP's own value: feasible */
        fp_lp_set_obj(m->lp, m->beta_col, 0.0);
        fp_lp_set_obj(m->lp, m->lambda_col, 1.0);
        return FP_OK;
    }
    if (beta < 1.0 - FIT_TOL && timed_out) {
        return fp_error_set(err, FP_ESOFTWARE, m->wl->path, 0, "the time limit ended the solve before "
                            "the background demand was routed in full");
    }
    if (beta < 1.0 - FIT_TOL) {
        return fp_error_set(err, FP_EDATA, m->wl->path, 0, "the background demand does not fit%s: at "
                            "most %.4g%% of it can be routed (saturated: %s)",
                            m->n_scen > 1 ? " in every failure scenario --survive protects" : "", 100.0 * beta,
                            dual_spans(m, spans, sizeof(spans)));
    }
    fp_lp_fix_col(m->lp, m->beta_col, 1.0);
    fp_lp_set_obj(m->lp, m->beta_col, 0.0);
    fp_lp_set_obj(m->lp, m->lambda_col, 1.0);
    return FP_OK;
}

/* The master with its first columns: every commodity's shortest path, each tree job's minimum
 * spanning tree on shortest delays, and the start's columns that the spans in service allow. */
static int set_up(struct wl_master *m, igraph_integer_t *const *rings, const struct shared *sh,
                  struct fp_error *err)
{
    int added, rc = fp_wlmaster_build(m, rings, err);
    if (rc == FP_OK) {
        rc = fp_wlcolgen_paths(m, true, &added, err);
    }
    if (rc == FP_OK) {
        rc = check_reachable(m, sh->lenient, err);
    }
    if (rc == FP_OK) {
        rc = fp_wlcolgen_trees(m, true, &added, err);
    }
    if (rc == FP_OK && sh->start != NULL) {
        rc = fp_wlmaster_seed(m, sh->start, &added, err);
    }
    return rc;
}

/* The lambda phase, the write-lp request and the latency phase, then the answer into res. A
 * master without jobs (a failure scenario that cut every job off) only carries the background. */
static int lambda_and_latency(struct wl_master *m, const struct shared *sh, struct fp_workload_result *res,
                              struct fp_error *err)
{
    bool optimal = m->n_jobs == 0, timed_out = false, lat_optimal, lat_timed_out;
    char spans[256];
    int rc = FP_OK;

    if (m->n_jobs > 0) {
        rc = fp_wlcolgen_run(m, WL_LAMBDA, &optimal, &timed_out, err);
    }
    if (rc == FP_OK && optimal && m->n_jobs > 0 && !(fp_lp_col_value(m->lp, m->lambda_col) > 1e-9) &&
        !sh->lenient) {
        rc = fp_error_set(err, FP_EDATA, m->wl->path, 0, "the jobs get no throughput: lambda is 0 "
                          "(saturated: %s)", dual_spans(m, spans, sizeof(spans)));
    }
    if (rc == FP_OK && m->opts->write_lp != NULL && m->add_col == NULL) {
        rc = fp_wlarcflow_write(m, m->opts->write_lp, err);   /* the arc-flow LP, for glpsol */
    }
    if (rc == FP_OK && optimal && m->n_jobs > 0 && !fp_deadline_passed(&m->dl) && !(sh->enough > 0)) {
        rc = fp_wlschedule_latency_phase(m, &lat_optimal, &lat_timed_out, err);
    }
    if (rc == FP_OK) {
        fp_wlschedule_extract(m, res);
        res->lambda_gbps = m->n_jobs > 0 ? res->lambda_gbps : 0.0;
        res->status = optimal ? FP_STATUS_OPTIMAL : FP_STATUS_TIME_LIMIT;
        res->gap = optimal ? 0.0 : NAN;
    }
    return rc;
}

/* A plan's phases: lambda with the planning columns (the budget row, or none for a target),
 * then the cheapest plan that keeps it (a target: lambda >= sh->lambda_req, FP_EDATA when the
 * lambda phase proves no plan reaches it, sh->lambda_max what one can), into sh->plan. With
 * the plan fixed the master is the route LP of the planned network (sh->view), whose optimum
 * is that lambda (a plan reaching more with these capacities would have been the plan's), so
 * its schedule on the view is the answer: the lambda phase proves it from there and the
 * latency phase follows, into res. */
static int plan_phases(struct wl_master *m, struct shared *sh, struct fp_workload_result *res,
                       struct fp_error *err)
{
    bool optimal = false, timed_out = false, cost_optimal, cost_timed_out, target = !isnan(sh->lambda_req);
    char spans[256];
    double lambda;
    int rc = fp_wlcolgen_run(m, WL_LAMBDA, &optimal, &timed_out, err);
    lambda = fp_lp_col_value(m->lp, m->lambda_col);
    sh->lambda_max = lambda * m->scale;
    /* --survive: lambda 0 is an answer (a scenario the budget cannot protect) */
    if (rc == FP_OK && optimal && !target && !(lambda > 1e-9) && m->n_scen == 1) {
        rc = fp_error_set(err, FP_EDATA, m->wl->path, 0, "the jobs get no throughput within the budget: "
                          "lambda is 0 (saturated: %s)", dual_spans(m, spans, sizeof(spans)));
    }
    if (rc == FP_OK && optimal && target && sh->lambda_max < sh->lambda_req * (1.0 - FIT_TOL)) {
        rc = fp_error_set(err, FP_EDATA, m->wl->path, 0, "no plan within the ceilings gives lambda %.6g "
                          "Gbit/s: the spans allow at most %.6g (saturated: %s)", sh->lambda_req,
                          sh->lambda_max, dual_spans(m, spans, sizeof(spans)));
    }
    if (rc == FP_OK && sh->write_lp != NULL) {
        rc = fp_wlarcflow_write(m, sh->write_lp, err);   /* the plan's arc-flow LP, for glpsol */
    }
    if (rc == FP_OK && optimal && !target && m->intact_col != 0 && !fp_deadline_passed(&m->dl)) {
        /* --survive: the worst case held, the most for the intact network (as `plan --survive`) */
        bool intact_optimal = false, intact_timed_out = false;
        rc = fp_wlplan_intact_phase(m, lambda * (1.0 - HOLD), &intact_optimal, &intact_timed_out, err);
    }
    if (rc == FP_OK && optimal && !fp_deadline_passed(&m->dl)) {
        rc = fp_wlplan_cost_phase(m, target ? fmin(sh->lambda_req / m->scale, lambda) : lambda * (1.0 - HOLD),
                                  &cost_optimal, &cost_timed_out, err);
    }
    if (rc == FP_OK) {
        fp_wlplan_extract(m, sh->popts->budget_usd, sh->plan);
        if (!optimal) {
            /* cut short: the LP's lambda bounds nothing, and the plan is not proven (its
             * planned network's route may still be optimal: the plan is not) */
            sh->plan->lp_bound_gbps = sh->plan->gap = NAN;
            sh->plan->mip_proven = false;
        }
        fp_plan_view(m->topo, sh->plan, sh->view);
    }
    if (rc == FP_OK && sh->popts->survive != FP_SURVIVE_NONE) {
        /* --survive: the master's schedules are its scenarios' at the worst case's lambda (with
         * none yet, the intact one's: no latency phase for it either); the planned network is
         * routed afresh, intact and under every scenario, by the caller */
        res->status = optimal ? FP_STATUS_OPTIMAL : FP_STATUS_TIME_LIMIT;
        res->gap = optimal ? 0.0 : NAN;
        res->lp_rows = fp_lp_rows(m->lp);
        res->lp_cols = fp_lp_cols(m->lp);
        return rc;
    }
    if (rc == FP_OK) {
        fp_wlplan_fix(m);
        m->topo = sh->view;
        rc = lambda_and_latency(m, sh, res, err);
    }
    if (rc == FP_OK && !optimal) {
        res->status = FP_STATUS_TIME_LIMIT;
    }
    return rc;
}

/* Every job and the background on the same arcs: the phases, then the answer into res (or,
 * planning, the plan into sh->plan). */
static int solve_shared(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *opts, igraph_integer_t *const *rings,
                        struct shared *sh, struct fp_workload_result *res, struct fp_error *err)
{
    struct wl_master m;
    int rc;

    sh->fits = true;
    sh->beta = 1.0;
    sh->bg_stopped = false;
    sh->stop = NULL;
    sh->n_stop = 0;
    fp_wlmaster_init(&m, topo, wl, opts);
    m.popts = sh->popts;
    rc = set_up(&m, rings, sh, err);
    m.lambda_enough = sh->enough > 0 ? sh->enough / m.scale : 0.0;
    if (rc == FP_OK && sh->popts != NULL) {
        fp_wlplan_add_cols(&m, sh->popts->budget_usd);
    }
    if (rc == FP_OK && m.beta_col != 0) {
        rc = background_phase(&m, sh, err);
    }
    if (rc == FP_OK && sh->popts != NULL) {
        rc = plan_phases(&m, sh, res, err);
    } else if (rc == FP_OK) {
        rc = lambda_and_latency(&m, sh, res, err);
    }
    if (rc == FP_OK && !sh->fits) {
        res->background_share = sh->beta;
        res->background_stop = sh->stop;   /* moved */
        res->n_background_stop = sh->n_stop;
        sh->stop = NULL;
        res->status = sh->bg_stopped ? FP_STATUS_TIME_LIMIT : res->status;
        res->gap = sh->bg_stopped ? NAN : res->gap;
    }
    free(sh->stop);
    sh->stop = NULL;
    fp_wlmaster_release(&m);
    return rc;
}

/* Each job alone: its theta and T, and a ring's order (owned, into rings[j]; rings NULL: not
 * kept). */
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
        if (rc == FP_OK && alone.n_ring > 0 && rings != NULL) {
            rings[j] = fp_xcalloc((size_t)alone.n_ring, sizeof(igraph_integer_t));
            memcpy(rings[j], alone.ring_order, (size_t)alone.n_ring * sizeof(igraph_integer_t));
        }
        fp_result_route_release(&alone);
    }
    return rc;
}

/* o's deadline: the command's, or one of its own in *dl from its time_limit_s. */
static void own_deadline(struct fp_route_options *o, struct fp_deadline *dl)
{
    if (o->deadline == NULL) {
        fp_deadline_init(dl, o->time_limit_s, o->stop);
        o->deadline = dl;
    }
}

/* Each job's status and gap the shared solve's; its alone numbers NAN (not routed alone). */
static void not_alone(struct fp_workload_result *r)
{
    igraph_integer_t j;
    for (j = 0; j < r->n_jobs; j++) {
        r->jobs[j].alone_theta_gbps = r->jobs[j].alone_allreduce_s = r->jobs[j].slowdown = NAN;
        r->jobs[j].route.status = r->status;
        r->jobs[j].route.gap = r->gap;
    }
}

/* The rings (n, each owned) freed. */
static void free_rings(igraph_integer_t **rings, igraph_integer_t n)
{
    igraph_integer_t j;
    for (j = 0; j < n; j++) {
        free(rings[j]);
    }
    free(rings);
}

/* A solve's answer r into *res with its seconds since start_s (rc FP_OK), else released. */
static int hand_over(int rc, double start_s, struct fp_workload_result *r, struct fp_workload_result *res)
{
    if (rc == FP_OK) {
        r->seconds = fp_clock_s() - start_s;
        *res = *r;
    } else {
        fp_workload_result_release(r);
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
    double start_s = fp_clock_s();
    int rc;

    memset(&r, 0, sizeof(r));
    own_deadline(&o, &dl);   /* one for every solve of the workload: the jobs alone, the shared one */
    rc = fp_topo_require_delays(topo, err);
    if (rc == FP_OK && n == 1 && wl->n_background == 0) {
        rc = solve_single(topo, wl, &o, &r, err);
    } else if (rc == FP_OK) {
        struct shared sh = {.lenient = false};
        rc = solve_alones(topo, wl, &o, theta, allreduce, rings, err);
        if (rc == FP_OK) {
            rc = solve_shared(topo, wl, &o, rings, &sh, &r, err);
        }
        for (j = 0; rc == FP_OK && j < n; j++) {
            r.jobs[j].alone_theta_gbps = theta[j];
            r.jobs[j].alone_allreduce_s = allreduce[j];
            r.jobs[j].slowdown = theta[j] / r.jobs[j].route.theta_gbps;
            r.jobs[j].route.status = r.status;
            r.jobs[j].route.gap = r.gap;
        }
    }
    free_rings(rings, n);
    free(theta);
    free(allreduce);
    return hand_over(rc, start_s, &r, res);
}

/* fp_workload_solve_from, or with enough > 0 fp_workload_reaches. */
static int solve_from(const struct fp_topo *topo, const struct fp_workload *wl, const struct fp_route_options *opts,
                      const struct fp_workload_result *start, double enough, struct fp_workload_result *res,
                      struct fp_error *err)
{
    struct fp_route_options o = *opts;
    struct fp_deadline dl;
    struct fp_workload_result r;
    struct shared sh = {.start = start, .lenient = true, .enough = enough};
    igraph_integer_t j, n = wl->n_jobs;
    igraph_integer_t **rings = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t *));
    double start_s = fp_clock_s();
    int rc;

    memset(&r, 0, sizeof(r));
    own_deadline(&o, &dl);
    for (j = 0; j < n; j++) {
        rings[j] = start->jobs[j].route.ring_order;   /* borrowed: each ring keeps its order */
    }
    rc = fp_topo_require_delays(topo, err);
    if (rc == FP_OK && n == 1 && wl->n_background == 0 && !(enough > 0)) {
        rc = solve_single(topo, wl, &o, &r, err);
    } else if (rc == FP_OK) {
        rc = solve_shared(topo, wl, &o, rings, &sh, &r, err);
    }
    if (rc == FP_OK) {
        not_alone(&r);
    }
    free(rings);   /* borrowed, each */
    return hand_over(rc, start_s, &r, res);
}

int fp_workload_solve_from(const struct fp_topo *topo, const struct fp_workload *wl,
                           const struct fp_route_options *opts, const struct fp_workload_result *start,
                           struct fp_workload_result *res, struct fp_error *err)
{
    return solve_from(topo, wl, opts, start, 0.0, res, err);
}

int fp_workload_reaches(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *opts, const struct fp_workload_result *start,
                        double enough_gbps, struct fp_workload_result *res, struct fp_error *err)
{
    return solve_from(topo, wl, opts, start, enough_gbps, res, err);
}

/* The ring orders the workload's ring jobs get alone on topo (owned, into rings[j]; NULL for
 * the other jobs). */
static int ring_orders(const struct fp_topo *topo, const struct fp_workload *wl,
                       const struct fp_route_options *opts, igraph_integer_t **rings, struct fp_error *err)
{
    igraph_integer_t j;
    int rc = FP_OK;
    for (j = 0; rc == FP_OK && j < wl->n_jobs; j++) {
        struct fp_route alone;
        if (wl->jobs[j].collective != FP_COLL_RING) {
            continue;
        }
        rc = solve_alone(topo, &wl->jobs[j], opts, &alone, err);
        if (rc == FP_OK) {
            rings[j] = fp_xcalloc((size_t)alone.n_ring + 1, sizeof(igraph_integer_t));
            memcpy(rings[j], alone.ring_order, (size_t)alone.n_ring * sizeof(igraph_integer_t));
        }
        fp_result_route_release(&alone);
    }
    return rc;
}

/* The shared solve (sh) with each ring job's order from the job alone (only that: alone_*
 * NAN), into *r. */
static int shared_alone_rings(const struct fp_topo *topo, const struct fp_workload *wl,
                              const struct fp_route_options *o, struct shared *sh, struct fp_workload_result *r,
                              struct fp_error *err)
{
    igraph_integer_t **rings = fp_xcalloc((size_t)wl->n_jobs + 1, sizeof(igraph_integer_t *));
    int rc = fp_topo_require_delays(topo, err);
    if (rc == FP_OK) {
        rc = ring_orders(topo, wl, o, rings, err);
    }
    if (rc == FP_OK) {
        rc = solve_shared(topo, wl, o, rings, sh, r, err);
    }
    if (rc == FP_OK) {
        not_alone(r);
    }
    free_rings(rings, wl->n_jobs);
    return rc;
}

int fp_workload_lambda(const struct fp_topo *topo, const struct fp_workload *wl,
                       const struct fp_route_options *opts, struct fp_workload_result *res, struct fp_error *err)
{
    struct fp_route_options o = *opts;
    struct fp_deadline dl;
    struct fp_workload_result r;
    struct shared sh = {.lenient = false, .enough = INFINITY};
    double start_s = fp_clock_s();
    int rc;

    memset(&r, 0, sizeof(r));
    own_deadline(&o, &dl);
    o.write_lp = NULL;
    rc = shared_alone_rings(topo, wl, &o, &sh, &r, err);
    return hand_over(rc, start_s, &r, res);
}

int fp_workload_plan_continuous(const struct fp_topo *topo, const struct fp_workload *wl,
                                const struct fp_route_options *opts, const struct fp_plan_options *popts,
                                double lambda_req_gbps, struct fp_plan *plan, struct fp_workload_result *res,
                                double *lambda_max_gbps, struct fp_error *err)
{
    struct fp_route_options o = *opts;
    struct fp_plan_options po = *popts;
    struct fp_deadline dl;
    struct fp_plan p;
    struct fp_topo view;
    struct fp_workload_result r;
    struct shared sh = {.lenient = false, .lambda_req = lambda_req_gbps, .lambda_max = NAN};
    int rc;

    memset(&p, 0, sizeof(p));
    memset(&r, 0, sizeof(r));
    memset(&view, 0, sizeof(view));
    sh.popts = &po;
    sh.plan = &p;
    sh.view = &view;
    own_deadline(&o, &dl);
    /* the LP written is the continuous budget plan's (the workload's route LP is not) */
    sh.write_lp = isnan(lambda_req_gbps) && !popts->modular ? o.write_lp : NULL;
    o.write_lp = NULL;
    /* each job alone there: the planned network routed afresh gives it */
    rc = shared_alone_rings(topo, wl, &o, &sh, &r, err);
    if (lambda_max_gbps != NULL) {
        *lambda_max_gbps = sh.lambda_max;
    }
    fp_plan_view_release(&view);
    if (rc == FP_OK) {
        *plan = p;
        *res = r;
    } else {
        fp_result_plan_release(&p);
        fp_workload_result_release(&r);
    }
    return rc;
}
