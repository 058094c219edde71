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

/* A modular plan that ends with less than max(MODULAR_TAIL_S, MODULAR_TAIL x its share) left may
 * have had its cost phase cut (planengine.c time_for; branch and cut keeps max(0.5 s, 0.1 x the
 * limit) for what follows it) */
#define MODULAR_TAIL_S 0.5
#define MODULAR_TAIL 0.1

struct task {
    const struct fp_topo *topo;
    const struct fp_job *job;
    const struct fp_route_options *ropts;
    const struct fp_plan_options *popts;
    const double *budgets;      /* sorted: largest first, smallest first under a time limit */
    const struct fp_deadline *dl;   /* the sweep's one deadline */
    bool limited;               /* dl has a limit */
    long n;                     /* budgets */
    int jobs;                   /* worker processes */
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
    unsigned char flags = (unsigned char)((q->modular ? 1 : 0) | (q->mip_proven ? 2 : 0) |
                                          (p->cut_short ? 4 : 0) | (p->late ? 8 : 0));
    put_d(b, p->theta_gbps);
    put_d(b, p->allreduce_s);
    put_d(b, p->bandwidth_s);
    put_d(b, p->latency_s);
    put_d(b, p->solver_gap);
    put_d(b, p->share_s);
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
              fp_buf_get(b, &pos, &p->share_s, sizeof(double)) &&
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
    p->cut_short = (flags & 4) != 0;
    p->late = (flags & 8) != 0;
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

/* A point the sweep's deadline cut short (MODEL.md "Anytime planning"): not proven, status
 * time_limit. */
static void mark_cut_short(struct fp_sweep_point *p)
{
    p->cut_short = true;
    p->plan.mip_proven = false;
    p->status = FP_STATUS_TIME_LIMIT;
}

/* Budget i's deadline under the sweep's limit: an even share of the time left among the budgets
 * not begun (per worker), counted from now, so that every budget gets one and what a quick one
 * leaves goes to the next; its grace (the planned network routed to the hard deadline, MODEL.md
 * "Anytime planning") ends within the sweep's. After a stop, the sweep's own. */
static void task_deadline(const struct task *t, long i, struct fp_deadline *dl)
{
    long jobs = t->jobs > 0 ? t->jobs : 1;
    long rest = (t->n - i + jobs - 1) / jobs;
    if (!(fp_deadline_left_s(t->dl) > 0.0) || fp_deadline_stopped(t->dl)) {
        *dl = *t->dl;
        return;
    }
    fp_deadline_share(t->dl, 1.0, (double)(rest > 1 ? rest : 1), dl);
}

/* Whether the sweep's deadline (dl: the budget's share of it) cut budget p's plan short: not
 * proven (a phase stopped by it), or a phase that reports no status (today's route's latency
 * phase, the next dollars) stopped when the share ran out; a modular plan's cost phase stops its
 * probes while 3 re-routes' time is left, so one ending within MODULAR_TAIL of its share counts
 * too. Without a limit, only a stop (a signal) cuts a plan short. */
static bool ran_into(const struct task *t, const struct fp_deadline *dl,
                     const struct fp_sweep_point *p)
{
    bool unproven = p->status != FP_STATUS_OPTIMAL || (p->plan.modular && !p->plan.mip_proven);
    if (!t->limited) {
        return unproven && fp_deadline_stopped(t->dl);
    }
    return unproven || fp_deadline_passed(dl) ||
           (p->plan.modular &&
            fp_deadline_left_s(dl) < fmax(MODULAR_TAIL_S, MODULAR_TAIL * dl->limit_s));
}

/* Budget i begun after the sweep's deadline passed: no plan of its own (fp_sweep_solve gives it
 * a smaller budget's), zeroed arrays for the bytes. */
static void late_point(const struct task *t, long i, struct fp_sweep_point *p)
{
    fp_result_plan_alloc(&p->plan, t->topo->n_spans);
    p->plan.budget_usd = t->budgets[i];
    p->plan.target_time_s = NAN;
    p->plan.modular = t->popts->modular;
    p->plan.lp_bound_gbps = p->plan.gap = p->plan.cost_bound_usd = NAN;
    p->allreduce_s = p->bandwidth_s = INFINITY;
    p->solver_gap = NAN;
    p->status = FP_STATUS_TIME_LIMIT;
    p->late = true;
    p->share_s = 0.0;
    mark_cut_short(p);
}

/* Budget i: what `plan --budget B` gives (under the sweep's limit, `plan --budget B
 * --time-limit` of the budget's share); a budget after the first one begun past the deadline
 * is late_point()'s. */
static int run_task(void *ctx, long i, struct fp_buf *out, struct fp_error *err)
{
    const struct task *t = ctx;
    struct fp_route_options ro = *t->ropts;
    struct fp_plan_options po = *t->popts;
    struct fp_deadline dl = *t->dl;
    struct fp_sweep_point p;
    struct fp_route r;
    int rc = FP_OK;

    memset(&p, 0, sizeof(p));
    memset(&r, 0, sizeof(r));
    p.share_s = NAN;
    if (t->limited && i > 0 && fp_deadline_passed(t->dl)) {
        late_point(t, i, &p);
        fp_sweep_point_save(out, &p, t->topo->n_spans);
        goto out;
    }
    if (t->limited) {
        task_deadline(t, i, &dl);
        ro.deadline = &dl;
        p.share_s = fmax(0.0, fmin(dl.limit_s, fp_deadline_left_s(t->dl)));
    }
    po.budget_usd = t->budgets[i];
    po.target_time_s = NAN;
    rc = fp_plan_solve(t->topo, t->job, &ro, &po, &r, &p.plan, err);
    if (rc == FP_OK) {
        p.theta_gbps = r.theta_gbps;
        p.allreduce_s = r.allreduce_s;
        p.bandwidth_s = r.bandwidth_s;
        p.latency_s = r.latency_s;
        p.status = r.status;
        p.solver_gap = r.gap;
        if (ran_into(t, &dl, &p)) {
            mark_cut_short(&p);
        }
        fp_sweep_point_save(out, &p, t->topo->n_spans);
    }
out:
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
 * own bound on theta (none when dst is late). What the deadline did to dst's own plan stays. */
static void carry(struct fp_sweep_point *dst, const struct fp_sweep_point *src, igraph_integer_t n)
{
    double budget = dst->plan.budget_usd, bound = dst->plan.lp_bound_gbps, share_s = dst->share_s;
    bool cut_short = dst->cut_short, late = dst->late;
    struct fp_plan *q = &dst->plan;

    fp_result_plan_release(q);
    *dst = *src;
    dst->carried = true;
    dst->late = late;
    dst->share_s = share_s;
    dst->cut_short = false;
    q->budget_usd = budget;
    q->lp_bound_gbps = bound;
    q->gap = bound > 0 ? (bound - src->theta_gbps) / bound : isnan(bound) ? NAN : 0.0;
    q->gap = q->gap > 0 || isnan(q->gap) ? q->gap : 0.0;
    q->upgradable = copy_flags(src->plan.upgradable, n);
    q->added_gbps = copy_arr(src->plan.added_gbps, n);
    q->modules = copy_arr(src->plan.modules, n);
    q->build = copy_arr(src->plan.build, n);
    q->span_cost_usd = copy_arr(src->plan.span_cost_usd, n);
    q->pairs_lit = copy_arr(src->plan.pairs_lit, n);
    q->planned_gbps = copy_arr(src->plan.planned_gbps, n);
    q->seconds_per_usd = copy_arr(src->plan.seconds_per_usd, n);
    q->mip_proven = !q->modular;   /* a continuous plan is the LP's optimum for its budget */
    if (cut_short || src->cut_short) {
        mark_cut_short(dst);
    }
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

/* Reads the farm's bytes (largest budget first, or smallest first when ascending) into s by
 * budget. MODEL.md sweep, the frontier of (budget, T): a larger budget can buy every smaller
 * budget's plan, so it never reports a slower one. A plan slower than the fastest so far takes
 * that one's place (carried): an unproven modular plan, or a plan with more throughput whose
 * trees are deeper (the latency phase minimises the delay-weighted flow, not the depth), or one
 * with as much whose latency phase ended elsewhere; so does a budget begun after the deadline. */
static int read_points(const struct fp_topo *topo, const struct fp_buf *bytes, bool ascending,
                       struct fp_sweep *s, struct fp_error *err)
{
    igraph_integer_t i, best = 0, n = s->n;
    for (i = 0; i < n; i++) {
        if (!load(&bytes[ascending ? i : n - 1 - i], &s->points[i], topo->n_spans)) {
            return fp_error_set(err, FP_ESOFTWARE, NULL, 0,
                                "internal: budget %ld: truncated result", (long)i + 1);
        }
    }
    for (i = 1; i < n; i++) {
        const struct fp_sweep_point *p = &s->points[i], *b = &s->points[best];
        bool faster = p->allreduce_s < b->allreduce_s ||
                      (p->allreduce_s == b->allreduce_s && p->theta_gbps >= b->theta_gbps * (1 - 1e-9));
        if (!p->late && faster) {
            best = i;
        } else {
            carry(&s->points[i], &s->points[best], topo->n_spans);
        }
    }
    return FP_OK;
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
    struct fp_route_options task_ro = *ropts;
    struct fp_route_farm_progress fprog = {ropts, "budget", fp_clock_s(), 0.0};
    struct fp_deadline dl;
    struct task t = {topo, job, &task_ro, popts, sorted, ropts->deadline, false, (long)n, jobs};
    igraph_integer_t i;
    int rc;

    memset(&res, 0, sizeof(res));
    if (t.dl == NULL) {
        /* one deadline for the whole sweep (MODEL.md "Anytime planning": --time-limit S bounds
         * the command by S + max(1 s, 0.05 S)), shared among the budgets as they begin */
        fp_deadline_init(&dl, ropts->time_limit_s, ropts->stop);
        t.dl = &dl;
    }
    t.limited = t.dl->limit_s > 0.0;
    for (i = 0; i < n; i++) {
        pairs[2 * i] = budgets_usd[i];
        pairs[2 * i + 1] = (double)i;
    }
    qsort(pairs, (size_t)n, 2 * sizeof(double), cmp_budget);
    /* the largest budget first: larger budgets buy more and their plans take longest (on the
     * 750-node benchmark 3-6 s for $1-8M, 45-70 s once the budget no longer binds), and
     * handing the longest tasks out first keeps the workers busy to the end (LPT); under a
     * time limit the smallest first, so that what a quick one leaves goes to the larger ones
     * and a budget the deadline comes before has a smaller budget's plan to take */
    for (i = 0; i < n; i++) {
        sorted[i] = pairs[2 * (t.limited ? i : n - 1 - i)];
    }
    task_ro.progress = NULL;   /* each plan's own solve: the count is reported instead */
    rc = fp_farm_run((long)n, jobs, ropts->stop, t.limited ? t.dl : NULL, run_task, &t,
                     fp_route_farm_done, &fprog, bytes, err);
    if (rc == FP_OK && fp_farm_root()) {
        res.n = n;
        res.modular = popts->modular;
        res.points = fp_xcalloc((size_t)n + 1, sizeof(struct fp_sweep_point));
        rc = read_points(topo, bytes, t.limited, &res, err);
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
