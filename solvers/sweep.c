/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the budget frontier, one plan per budget in worker processes (MODEL.md
 * "Planning": sweep). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/farm.h"
#include "core/xalloc.h"
#include "solvers/sweep.h"

struct task {
    const struct fp_topo *topo;
    const struct fp_job *job;
    const struct fp_route_options *ropts;
    const struct fp_plan_options *popts;
    const double *budgets;      /* sorted, largest first */
};

static void put_d(struct fp_buf *b, double v)
{
    fp_buf_put(b, &v, sizeof(v));
}

static void put_arr(struct fp_buf *b, const double *v, igraph_integer_t n)
{
    fp_buf_put(b, v, (size_t)n * sizeof(double));
}

void fp_sweep_point_save(struct fp_buf *b, const struct fp_sweep_point *p, igraph_integer_t n)
{
    const struct fp_plan *q = &p->plan;
    igraph_integer_t e;
    int status = (int)p->status;
    unsigned char flags = (unsigned char)((q->modular ? 1 : 0) | (q->mip_proven ? 2 : 0));
    put_d(b, p->theta_gbps);
    put_d(b, p->allreduce_s);
    put_d(b, p->bandwidth_s);
    put_d(b, p->latency_s);
    put_d(b, p->solver_gap);
    fp_buf_put(b, &status, sizeof(status));
    fp_buf_put(b, &flags, 1);
    put_d(b, q->budget_usd);
    put_d(b, q->target_time_s);
    put_d(b, q->cost_usd);
    put_d(b, q->lp_bound_gbps);
    put_d(b, q->gap);
    put_d(b, q->cost_bound_usd);
    put_d(b, q->theta_before_gbps);
    put_d(b, q->allreduce_before_s);
    put_d(b, q->bandwidth_before_s);
    put_d(b, q->latency_before_s);
    for (e = 0; e < n; e++) {
        unsigned char u = q->upgradable[e];
        fp_buf_put(b, &u, 1);
    }
    put_arr(b, q->added_gbps, n);
    put_arr(b, q->modules, n);
    put_arr(b, q->build, n);
    put_arr(b, q->span_cost_usd, n);
    put_arr(b, q->pairs_lit, n);
    put_arr(b, q->planned_gbps, n);
    put_arr(b, q->seconds_per_usd, n);
}

static bool get_arr(const struct fp_buf *b, size_t *pos, double **v, igraph_integer_t n)
{
    *v = fp_xcalloc((size_t)n + 1, sizeof(double));
    return fp_buf_get(b, pos, *v, (size_t)n * sizeof(double));
}

/* The point at *pos. */
static bool load_at(const struct fp_buf *b, size_t *at, struct fp_sweep_point *p, igraph_integer_t n)
{
    struct fp_plan *q = &p->plan;
    size_t pos = *at;
    igraph_integer_t e;
    int status = 0;
    unsigned char flags = 0;
    bool ok = fp_buf_get(b, &pos, &p->theta_gbps, sizeof(double)) &&
              fp_buf_get(b, &pos, &p->allreduce_s, sizeof(double)) &&
              fp_buf_get(b, &pos, &p->bandwidth_s, sizeof(double)) &&
              fp_buf_get(b, &pos, &p->latency_s, sizeof(double)) &&
              fp_buf_get(b, &pos, &p->solver_gap, sizeof(double)) &&
              fp_buf_get(b, &pos, &status, sizeof(status)) && fp_buf_get(b, &pos, &flags, 1) &&
              fp_buf_get(b, &pos, &q->budget_usd, sizeof(double)) &&
              fp_buf_get(b, &pos, &q->target_time_s, sizeof(double)) &&
              fp_buf_get(b, &pos, &q->cost_usd, sizeof(double)) &&
              fp_buf_get(b, &pos, &q->lp_bound_gbps, sizeof(double)) &&
              fp_buf_get(b, &pos, &q->gap, sizeof(double)) &&
              fp_buf_get(b, &pos, &q->cost_bound_usd, sizeof(double)) &&
              fp_buf_get(b, &pos, &q->theta_before_gbps, sizeof(double)) &&
              fp_buf_get(b, &pos, &q->allreduce_before_s, sizeof(double)) &&
              fp_buf_get(b, &pos, &q->bandwidth_before_s, sizeof(double)) &&
              fp_buf_get(b, &pos, &q->latency_before_s, sizeof(double));
    p->status = (enum fp_status)status;
    q->modular = (flags & 1) != 0;
    q->mip_proven = (flags & 2) != 0;
    q->upgradable = fp_xcalloc((size_t)n + 1, sizeof(bool));
    for (e = 0; ok && e < n; e++) {
        unsigned char u = 0;
        ok = fp_buf_get(b, &pos, &u, 1);
        q->upgradable[e] = u != 0;
    }
    ok = get_arr(b, &pos, &q->added_gbps, n) && ok;
    ok = get_arr(b, &pos, &q->modules, n) && ok;
    ok = get_arr(b, &pos, &q->build, n) && ok;
    ok = get_arr(b, &pos, &q->span_cost_usd, n) && ok;
    ok = get_arr(b, &pos, &q->pairs_lit, n) && ok;
    ok = get_arr(b, &pos, &q->planned_gbps, n) && ok;
    ok = get_arr(b, &pos, &q->seconds_per_usd, n) && ok;
    *at = pos;
    return ok;
}

bool fp_sweep_point_load(const struct fp_buf *b, size_t *pos, struct fp_sweep_point *p, igraph_integer_t n)
{
    return load_at(b, pos, p, n);
}

static bool load(const struct fp_buf *b, struct fp_sweep_point *p, igraph_integer_t n)
{
    size_t pos = 0;
    return load_at(b, &pos, p, n) && pos == b->len;
}

static int run_task(void *ctx, long i, struct fp_buf *out, struct fp_error *err)
{
    const struct task *t = ctx;
    struct fp_plan_options po = *t->popts;
    struct fp_sweep_point p;
    struct fp_route r;
    int rc;

    memset(&p, 0, sizeof(p));
    memset(&r, 0, sizeof(r));
    po.budget_usd = t->budgets[i];
    po.target_time_s = NAN;
    rc = fp_plan_solve(t->topo, t->job, t->ropts, &po, &r, &p.plan, err);
    if (rc == FP_OK) {
        p.theta_gbps = r.theta_gbps;
        p.allreduce_s = r.allreduce_s;
        p.bandwidth_s = r.bandwidth_s;
        p.latency_s = r.latency_s;
        p.status = r.status;
        p.solver_gap = r.gap;
        fp_sweep_point_save(out, &p, t->topo->n_spans);
    }
    fp_result_route_release(&r);
    fp_result_plan_release(&p.plan);
    return rc;
}

static int cmp_budget(const void *a, const void *b)
{
    const double *x = a, *y = b;   /* {budget, given index} */
    if (x[0] != y[0]) {
        return x[0] < y[0] ? -1 : 1;
    }
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

static double *copy_arr(const double *v, igraph_integer_t n)
{
    double *c = fp_xcalloc((size_t)n + 1, sizeof(double));
    memcpy(c, v, (size_t)n * sizeof(double));
    return c;
}

static bool *copy_flags(const bool *v, igraph_integer_t n)
{
    bool *c = fp_xcalloc((size_t)n + 1, sizeof(bool));
    memcpy(c, v, (size_t)n * sizeof(bool));
    return c;
}

/* dst (a larger budget) takes src's plan, a smaller budget's that is faster; the gap is to dst's
 * own bound on theta. */
static void carry(struct fp_sweep_point *dst, const struct fp_sweep_point *src, igraph_integer_t n)
{
    double budget = dst->plan.budget_usd, bound = dst->plan.lp_bound_gbps;
    struct fp_plan *q = &dst->plan;

    fp_result_plan_release(q);
    *dst = *src;
    dst->carried = true;
    q->budget_usd = budget;
    q->lp_bound_gbps = bound;
    q->gap = bound > 0 ? (bound - src->theta_gbps) / bound : 0.0;
    q->gap = q->gap > 0 ? q->gap : 0.0;
    q->upgradable = copy_flags(src->plan.upgradable, n);
    q->added_gbps = copy_arr(src->plan.added_gbps, n);
    q->modules = copy_arr(src->plan.modules, n);
    q->build = copy_arr(src->plan.build, n);
    q->span_cost_usd = copy_arr(src->plan.span_cost_usd, n);
    q->pairs_lit = copy_arr(src->plan.pairs_lit, n);
    q->planned_gbps = copy_arr(src->plan.planned_gbps, n);
    q->seconds_per_usd = copy_arr(src->plan.seconds_per_usd, n);
    q->mip_proven = !q->modular;   /* a continuous plan is the LP's optimum for its budget */
}

/* The knee (Kneedle): with budget and T scaled to [0, 1] over the frontier, the point farthest
 * below the chord from the first point to the last; -1 when no point lies below it. */
static igraph_integer_t knee(const struct fp_sweep *s)
{
    igraph_integer_t i, best = -1;
    double b0, b1, t0, t1, far = 1e-9;
    if (s->n < 3) {
        return -1;
    }
    b0 = s->points[0].plan.budget_usd;
    b1 = s->points[s->n - 1].plan.budget_usd;
    t0 = s->points[0].allreduce_s;
    t1 = s->points[s->n - 1].allreduce_s;
    if (!(b1 > b0) || !(t0 > t1) || !isfinite(t0)) {
        return -1;
    }
    for (i = 1; i < s->n - 1; i++) {
        double x = (s->points[i].plan.budget_usd - b0) / (b1 - b0);
        double y = (t0 - s->points[i].allreduce_s) / (t0 - t1);   /* 0 at the first, 1 at the last */
        if (y - x > far) {
            far = y - x;
            best = i;
        }
    }
    return best;
}

int fp_sweep_solve(const struct fp_topo *topo, const struct fp_job *job,
                   const struct fp_route_options *ropts, const struct fp_plan_options *popts,
                   const double *budgets_usd, igraph_integer_t n, int jobs, struct fp_sweep *out,
                   struct fp_error *err)
{
    struct fp_sweep res;
    struct fp_buf *bytes = fp_xcalloc((size_t)n + 1, sizeof(struct fp_buf));
    double *pairs = fp_xcalloc((size_t)(2 * n) + 1, sizeof(double));
    double *sorted = fp_xcalloc((size_t)n + 1, sizeof(double));
    struct fp_route_options task_ro;
    struct fp_route_farm_progress fprog = {ropts, "budget", fp_clock_s(), 0.0};
    struct task t;
    igraph_integer_t i, best = 0;
    int rc;

    memset(&res, 0, sizeof(res));
    for (i = 0; i < n; i++) {
        pairs[2 * i] = budgets_usd[i];
        pairs[2 * i + 1] = (double)i;
    }
    qsort(pairs, (size_t)n, 2 * sizeof(double), cmp_budget);
    /* the largest budget first: larger budgets buy more and their plans take longest (on the
     * 750-node benchmark 3-6 s for $1-8M, 45-70 s once the budget no longer binds), and
     * handing the longest tasks out first keeps the workers busy to the end (LPT) */
    for (i = 0; i < n; i++) {
        sorted[i] = pairs[2 * (n - 1 - i)];
    }
    t.topo = topo;
    t.job = job;
    task_ro = *ropts;
    task_ro.progress = NULL;   /* each plan's own solve: the count is reported instead */
    t.ropts = &task_ro;
    t.popts = popts;
    t.budgets = sorted;
    rc = fp_farm_run((long)n, jobs, ropts->stop, NULL, run_task, &t, fp_route_farm_done, &fprog, bytes, err);
    if (rc == FP_OK && fp_farm_root()) {
        res.n = n;
        res.modular = popts->modular;
        res.points = fp_xcalloc((size_t)n + 1, sizeof(struct fp_sweep_point));
        for (i = 0; i < n && rc == FP_OK; i++) {
            if (!load(&bytes[n - 1 - i], &res.points[i], topo->n_spans)) {
                rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: budget %ld: truncated result",
                                  (long)i + 1);
            }
        }
        /* MODEL.md sweep, the frontier of (budget, T): a larger budget can buy every smaller
         * budget's plan, so it never reports a slower one. A plan slower than the fastest so
         * far takes that one's place (carried): an unproven modular plan, or a plan with more
         * throughput whose trees are deeper (the latency phase minimises the delay-weighted
         * flow, not the depth), or one with as much whose latency phase ended elsewhere */
        for (i = 1; i < n && rc == FP_OK; i++) {
            const struct fp_sweep_point *p = &res.points[i], *b = &res.points[best];
            if (p->allreduce_s < b->allreduce_s ||
                (p->allreduce_s == b->allreduce_s &&
                 p->theta_gbps >= b->theta_gbps * (1 - 1e-9))) {
                best = i;
            } else {
                carry(&res.points[i], &res.points[best], topo->n_spans);
            }
        }
    }
    for (i = 0; i < n; i++) {
        fp_buf_release(&bytes[i]);
    }
    free(bytes);
    free(pairs);
    free(sorted);
    if (rc == FP_OK) {
        res.knee = knee(&res);
        *out = res;
    } else {
        fp_result_sweep_release(&res);
    }
    return rc;
}
