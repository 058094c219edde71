/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a workload's budget frontier (MODEL.md "Planning": sweep, with "Workloads"): one
 * continuous budget plan of the workload per budget, in worker processes (core/farm.h), and the
 * workload routed afresh on each planned network, as plan --workload does (fp_wlplan_budget); a
 * single job with no background is `sweep` itself. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/farm.h"
#include "core/xalloc.h"
#include "solvers/sweep.h"
#include "solvers/wlsweep.h"
#include "solvers/workload.h"
#include "solvers/workload_internal.h"

#define SAME_LAMBDA 1e-9   /* relative: column generation's epsilon (MODEL.md "Defaults") */

struct task {
    const struct fp_topo *topo;
    const struct fp_workload *wl;
    const struct fp_route_options *ropts;
    const struct fp_workload_result *today;
    const double *budgets;      /* sorted: largest first, smallest first under a time limit */
    long n;                     /* budgets */
    int jobs;                   /* worker processes */
    bool modular;               /* whole modules (fp_wlplan_budget rounds each LP plan down) */
};

/* A point and its jobs as bytes: the sweep point, whether it was routed afresh, then per job
 * its numbers. */
static void save(struct fp_buf *b, const struct fp_workload_sweep_point *wp, igraph_integer_t n_jobs,
                 igraph_integer_t n_spans)
{
    unsigned char fresh = wp->routed_afresh;
    fp_sweep_point_save(b, &wp->p, n_spans);
    fp_buf_put(b, &fresh, 1);
    fp_buf_put(b, wp->jobs, (size_t)n_jobs * sizeof(struct fp_workload_sweep_job));
}

static bool load(const struct fp_buf *b, struct fp_workload_sweep_point *wp, igraph_integer_t n_jobs,
                 igraph_integer_t n_spans)
{
    size_t pos = 0;
    unsigned char fresh = 0;
    bool ok = fp_sweep_point_load(b, &pos, &wp->p, n_spans) && fp_buf_get(b, &pos, &fresh, 1);
    wp->routed_afresh = fresh != 0;
    wp->jobs = fp_xcalloc((size_t)n_jobs + 1, sizeof(struct fp_workload_sweep_job));
    return ok && fp_buf_get(b, &pos, wp->jobs, (size_t)n_jobs * sizeof(struct fp_workload_sweep_job)) &&
           pos == b->len;
}

/* Budget i's deadline: under a time limit, an even share of the sweep's time left among the
 * budgets not begun (per worker), so that each gets one and money buys lambda at every point;
 * its grace (MODEL.md "Anytime planning") ends within the sweep's, and what a budget leaves
 * goes to the next ones. A budget begun after the sweep's deadline is cut short at once. */
static void task_deadline(const struct task *t, long i, struct fp_deadline *dl)
{
    const struct fp_deadline *sweep = t->ropts->deadline;
    double left = fp_deadline_left_s(sweep);
    long rest = (t->n - i + t->jobs - 1) / (t->jobs > 0 ? t->jobs : 1);
    if (sweep->limit_s <= 0.0 || !(left > 0.0) || fp_deadline_stopped(sweep)) {
        *dl = *sweep;
        return;
    }
    fp_deadline_init(dl, left / (double)(rest > 1 ? rest : 1), sweep->stop);
    dl->end_s = fmin(dl->end_s, sweep->end_s);
}

/* Budget i: what `plan --workload --budget B` reports (fp_wlplan_budget: the plan, its planned
 * network routed afresh; today's schedule, to the bit, when it buys nothing or was cut short),
 * the plan and its routing within the sweep's one deadline (else one from the task's start). */
static int run_task(void *ctx, long i, struct fp_buf *out, struct fp_error *err)
{
    const struct task *t = ctx;
    struct fp_route_options ro = *t->ropts;
    struct fp_plan_options po;
    struct fp_deadline dl;
    struct fp_workload_sweep_point wp;
    struct fp_workload_plan pl;
    int rc;

    memset(&wp, 0, sizeof(wp));
    memset(&pl, 0, sizeof(pl));
    fp_plan_options_init(&po);
    po.budget_usd = t->budgets[i];
    po.modular = t->modular;
    if (ro.deadline == NULL) {
        fp_deadline_init(&dl, ro.time_limit_s, ro.stop);   /* the plan and its fresh route */
    } else {
        task_deadline(t, i, &dl);
    }
    ro.deadline = &dl;
    rc = fp_wlplan_budget(t->topo, t->wl, &ro, &po, t->today, &pl, err);
    if (rc == FP_OK) {
        bool kept = pl.nothing || pl.plan.cost_usd <= 0.0;
        const struct fp_workload_result *r = kept ? t->today : &pl.res;
        wp.p.plan = pl.plan;   /* moved */
        memset(&pl.plan, 0, sizeof(pl.plan));
        wp.p.theta_gbps = r->lambda_gbps;
        wp.p.status = pl.nothing ? FP_STATUS_TIME_LIMIT : r->status;
        wp.p.solver_gap = r->gap;
        wp.routed_afresh = kept || pl.routed_afresh;
        fp_wlplan_slowest(r, &wp.p.allreduce_s, &wp.p.bandwidth_s, &wp.p.latency_s);
        fp_wlplan_before(t->today, &wp.p.plan);
        wp.jobs = fp_wlplan_jobs(r);
        save(out, &wp, t->wl->n_jobs, t->topo->n_spans);
    }
    fp_result_plan_release(&wp.p.plan);
    free(wp.jobs);
    fp_workload_plan_release(&pl);
    return rc;
}

/* The knee (Kneedle) of (budget, lambda), both scaled to [0, 1] over the frontier: the point
 * farthest above the chord from the first point to the last; -1 when none lies above it. */
static igraph_integer_t knee(const struct fp_workload_sweep *s)
{
    igraph_integer_t i, best = -1;
    double b0, b1, l0, l1, far = 1e-9;
    if (s->n < 3) {
        return -1;
    }
    b0 = s->points[0].p.plan.budget_usd;
    b1 = s->points[s->n - 1].p.plan.budget_usd;
    l0 = s->points[0].p.theta_gbps;
    l1 = s->points[s->n - 1].p.theta_gbps;
    if (!(b1 > b0) || !(l1 > l0)) {
        return -1;
    }
    for (i = 1; i < s->n - 1; i++) {
        double x = (s->points[i].p.plan.budget_usd - b0) / (b1 - b0);
        double y = (s->points[i].p.theta_gbps - l0) / (l1 - l0);
        if (y - x > far) {
            far = y - x;
            best = i;
        }
    }
    return best;
}

static int cmp_budget(const void *a, const void *b)
{
    const double *x = a, *y = b;   /* {budget, given index} */
    if (x[0] != y[0]) {
        return x[0] < y[0] ? -1 : 1;
    }
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* Reads the farm's bytes (largest budget first, or smallest first when ascending) into s by
 * budget; a point with less lambda than a smaller budget's takes that one's plan (carried), its
 * own budget and LP bound kept (and the gap to that bound, none without one). */
static int read_points(const struct fp_topo *topo, igraph_integer_t n_jobs, struct fp_buf *bytes,
                       bool ascending, struct fp_workload_sweep *s, struct fp_error *err)
{
    igraph_integer_t i, best = 0, n = s->n;
    for (i = 0; i < n; i++) {
        if (!load(&bytes[ascending ? i : n - 1 - i], &s->points[i], n_jobs, topo->n_spans)) {
            return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: budget %ld: truncated result",
                                (long)i + 1);
        }
    }
    for (i = 1; i < n; i++) {
        struct fp_workload_sweep_point *p = &s->points[i];
        double budget = p->p.plan.budget_usd, bound = p->p.plan.lp_bound_gbps;
        if (p->p.theta_gbps >= s->points[best].p.theta_gbps * (1.0 - SAME_LAMBDA)) {
            best = i;
            continue;
        }
        fp_result_plan_release(&p->p.plan);
        free(p->jobs);
        memset(p, 0, sizeof(*p));
        load(&bytes[ascending ? best : n - 1 - best], p, n_jobs, topo->n_spans);
        p->p.carried = true;
        p->p.plan.budget_usd = budget;
        p->p.plan.lp_bound_gbps = bound;
        /* its own budget cut short has no LP bound, so no gap either (0 would claim a proof) */
        p->p.plan.gap = isnan(bound) ? NAN : bound > 0 ? fmax(0.0, (bound - p->p.theta_gbps) / bound) : 0.0;
    }
    return FP_OK;
}

/* One job, no background: `sweep` of the job, each point as the workload's (lambda = theta /
 * w; the job alone is the job). */
static int from_single(const struct fp_topo *topo, const struct fp_workload *wl,
                       const struct fp_route_options *ropts, const struct fp_plan_options *popts,
                       const double *budgets, igraph_integer_t n, int jobs, struct fp_workload_sweep *s,
                       struct fp_error *err)
{
    const struct fp_workload_job *wj = &wl->jobs[0];
    struct fp_route_options o = *ropts;
    struct fp_sweep one;
    igraph_integer_t i;
    int rc;

    o.collective = wj->collective;
    rc = fp_sweep_solve(topo, &wj->job, &o, popts, budgets, n, jobs, &one, err);
    if (rc != FP_OK || !fp_farm_root()) {
        return rc;
    }
    s->points = fp_xcalloc((size_t)one.n + 1, sizeof(struct fp_workload_sweep_point));
    s->n = one.n;
    s->knee = one.knee;
    for (i = 0; i < one.n; i++) {
        struct fp_workload_sweep_point *wp = &s->points[i];
        struct fp_workload_sweep_job *sj;
        wp->p = one.points[i];   /* the plan moved */
        memset(&one.points[i].plan, 0, sizeof(one.points[i].plan));
        wp->jobs = sj = fp_xcalloc(2, sizeof(struct fp_workload_sweep_job));
        sj->theta_gbps = sj->alone_theta_gbps = wp->p.theta_gbps;
        sj->allreduce_s = sj->alone_allreduce_s = wp->p.allreduce_s;
        sj->bandwidth_s = wp->p.bandwidth_s;
        sj->latency_s = wp->p.latency_s;
        sj->slowdown = 1.0;
        wp->p.theta_gbps /= wj->weight;
        wp->routed_afresh = true;   /* sweep routes every budget's planned network afresh */
    }
    fp_result_sweep_release(&one);
    return FP_OK;
}

/* Several jobs or a background: each budget's plan in the farm, largest budget first (they
 * take longest: LPT, as fp_sweep_solve), or under a time limit smallest first (each budget a
 * share of the time left: what the quick ones leave goes to the larger). */
static int shared_points(const struct fp_topo *topo, const struct fp_workload *wl,
                         const struct fp_route_options *ropts, bool modular, const double *budgets,
                         igraph_integer_t n, int jobs, struct fp_workload_sweep *s, struct fp_error *err)
{
    struct fp_buf *bytes = fp_xcalloc((size_t)n + 1, sizeof(struct fp_buf));
    double *pairs = fp_xcalloc((size_t)(2 * n) + 1, sizeof(double));
    double *sorted = fp_xcalloc((size_t)n + 1, sizeof(double));
    struct fp_route_options task_ro = *ropts;
    struct fp_route_farm_progress fprog = {ropts, "budget", fp_clock_s(), 0.0};
    struct task t = {topo, wl, &task_ro, &s->today, sorted, (long)n, jobs, modular};
    bool limited = ropts->deadline != NULL && ropts->deadline->limit_s > 0.0;
    igraph_integer_t i;
    int rc;

    for (i = 0; i < n; i++) {
        pairs[2 * i] = budgets[i];
        pairs[2 * i + 1] = (double)i;
    }
    qsort(pairs, (size_t)n, 2 * sizeof(double), cmp_budget);
    for (i = 0; i < n; i++) {   /* under a limit the small budgets first: what they leave goes on */
        sorted[i] = pairs[2 * (limited ? i : n - 1 - i)];
    }
    task_ro.progress = NULL;   /* each plan's own solve: the count is reported instead */
    rc = fp_farm_run((long)n, jobs, ropts->stop, ropts->deadline, run_task, &t, fp_route_farm_done, &fprog,
                     bytes, err);
    if (rc == FP_OK && fp_farm_root()) {
        s->n = n;
        s->points = fp_xcalloc((size_t)n + 1, sizeof(struct fp_workload_sweep_point));
        rc = read_points(topo, wl->n_jobs, bytes, limited, s, err);
        s->knee = knee(s);
    }
    for (i = 0; i < n; i++) {
        fp_buf_release(&bytes[i]);
    }
    free(bytes);
    free(pairs);
    free(sorted);
    return rc;
}

int fp_wlsweep_solve(const struct fp_topo *topo, const struct fp_workload *wl,
                     const struct fp_route_options *ropts, const struct fp_plan_options *popts,
                     const double *budgets_usd, igraph_integer_t n, int jobs, struct fp_workload_sweep *out,
                     struct fp_error *err)
{
    struct fp_workload_sweep res;
    struct fp_route_options o = *ropts, each = *ropts;
    struct fp_deadline dl;
    int rc = FP_OK;

    memset(&res, 0, sizeof(res));
    res.n_jobs = wl->n_jobs;
    /* `sweep` plans tree all-reduces: a ring or direct job goes through the workload's own plan */
    res.single = wl->n_jobs == 1 && wl->n_background == 0 && wl->jobs[0].collective == FP_COLL_TREE;
    res.knee = -1;
    if (o.deadline == NULL) {
        /* one deadline for the whole sweep (MODEL.md "Anytime planning": --time-limit S bounds
         * the command by S + max(1 s, 0.05 S)): today's network, then every budget's plan and
         * its fresh route; a budget begun after it passed is cut short (today's network, status
         * time_limit, no gap) */
        fp_deadline_init(&dl, o.time_limit_s, o.stop);
        o.deadline = each.deadline = &dl;
    }
    o.write_lp = NULL;
    o.progress = NULL;
    rc = fp_workload_solve(topo, wl, &o, &res.today, err);
    if (rc == FP_OK && res.single) {
        rc = from_single(topo, wl, &each, popts, budgets_usd, n, jobs, &res, err);
    } else if (rc == FP_OK) {
        rc = shared_points(topo, wl, &each, popts->modular, budgets_usd, n, jobs, &res, err);
    }
    if (rc == FP_OK && fp_farm_root()) {
        *out = res;
    } else {
        fp_workload_sweep_release(&res);
        memset(out, 0, sizeof(*out));
    }
    return rc;
}
