/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a workload under failures (MODEL.md "Failures", "Workloads"): the workload on the
 * intact network, each job alone under every scenario, then every scenario's shared solve,
 * started from the intact schedule's columns that survive the cut, in worker processes
 * (core/farm.h); a single job with no background is `failures` of that job. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/farm.h"
#include "core/xalloc.h"
#include "solvers/failures.h"
#include "solvers/wlfailures.h"
#include "solvers/workload.h"

#define SAME_LAMBDA 1e-9   /* relative: column generation's epsilon (MODEL.md "Defaults") */

struct task {
    const struct fp_topo *topo;
    const struct fp_workload *wl;
    const struct fp_route_options *ropts;   /* with the command's deadline */
    const struct fp_workload_result *intact;
    struct fp_workload_scenario *items;   /* each scenario's label and failed spans */
    long n;                               /* scenarios */
    int jobs;                             /* at a time (at least 1) */
    double enough;                        /* > 0: a plan's check (fp_wlfailures_check) */
};

static bool *failed_of(const struct fp_topo *t, const struct fp_failure *f)
{
    bool *failed = fp_xcalloc((size_t)t->n_spans + 1, sizeof(bool));
    igraph_integer_t i;
    for (i = 0; i < f->n_failed; i++) {
        failed[f->failed[i]] = true;
    }
    return failed;
}

static bool any_crosses(const struct fp_flow_path *paths, igraph_integer_t n, const bool *failed)
{
    igraph_integer_t i;
    for (i = 0; i < n; i++) {
        if (paths[i].gbps > 0 && fp_failures_crosses(&paths[i], failed)) {
            return true;
        }
    }
    return false;
}

/* Does the intact schedule cross none of the failed spans (every job's paths and the
 * background's)? Then it still runs, and no schedule on fewer spans does better. */
static bool schedule_survives(const struct fp_workload_result *in, const bool *failed)
{
    igraph_integer_t j;
    for (j = 0; j < in->n_jobs; j++) {
        if (any_crosses(in->jobs[j].route.paths, in->jobs[j].route.n_paths, failed)) {
            return false;
        }
    }
    return !any_crosses(in->background_paths, in->n_background_paths, failed);
}

/* Per node, its group over the spans left (lit, with capacity, not failed): the connected
 * components, into group[v]. FP_ESOFTWARE when igraph fails. */
static int node_groups(const struct fp_topo *t, const bool *failed, igraph_integer_t *group,
                       struct fp_error *err)
{
    igraph_vector_int_t membership;
    igraph_integer_t v;
    bool have_m = false;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_int_init(&membership, 0));
    have_m = true;
    rc = fp_failures_components(t, failed, NULL, &membership, NULL, NULL, err);
    for (v = 0; rc == FP_OK && v < t->n_nodes; v++) {
        group[v] = VECTOR(membership)[v];
    }
out:
    if (have_m) {
        igraph_vector_int_destroy(&membership);
    }
    return rc;
}

/* The background demands whose ends are still in one group (owned copies sharing the ids,
 * into *kept), and what the cut separates into sc. */
static igraph_integer_t background_left(const struct fp_workload *wl, const igraph_integer_t *group,
                                        struct fp_demand **kept, struct fp_workload_scenario *sc)
{
    igraph_integer_t i, n = 0;
    *kept = fp_xcalloc((size_t)wl->n_background + 1, sizeof(struct fp_demand));
    for (i = 0; i < wl->n_background; i++) {
        const struct fp_demand *d = &wl->background[i];
        if (group[d->src] == group[d->dst]) {
            (*kept)[n++] = *d;
        } else {
            sc->n_background_cut++;
            sc->background_cut_gbps += d->gbps;
        }
    }
    return n;
}

/* A job that gets nothing: theta 0, T infinite, no schedule. */
static void no_route(const struct fp_workload_job *wj, double alpha_s, struct fp_route *r)
{
    memset(r, 0, sizeof(*r));
    r->algorithm = wj->collective;
    r->alpha_s = alpha_s;
    r->allreduce_s = r->bandwidth_s = INFINITY;
    r->latency_s = r->lower_bound_ratio = r->slowest_hop_s = r->gap = r->upper_bound_gbps = NAN;
}

/* The intact schedule is the scenario's answer. */
static void keep_intact(const struct task *t, struct fp_workload_scenario *sc)
{
    igraph_integer_t j;
    sc->f.kept_intact = true;
    sc->f.stopped = t->intact->status != FP_STATUS_OPTIMAL;
    sc->lambda_gbps = t->intact->lambda_gbps;
    sc->background_share = 1.0;
    for (j = 0; j < t->wl->n_jobs; j++) {
        fp_result_route_copy(&t->intact->jobs[j].route, &sc->jobs[j].route);
    }
}

/* A stop request came before the scenario's solve: what the intact schedule still carries, a
 * lower bound on lambda. A tree job keeps its trees' surviving share (fp_failures_surviving_theta),
 * a ring or direct job all of its theta when the cut crosses none of its paths (else nothing);
 * lambda is the least theta_j / w_j, every job scaled to it, provided the background's paths are
 * not cut (else lambda 0 and the background's surviving share). T_j = T_bw + the intact T_lat
 * (its trees are a subset of the intact ones): an upper bound. */
static void surviving(const struct task *t, const bool *failed, const igraph_integer_t *group,
                      struct fp_workload_scenario *sc)
{
    const struct fp_workload_result *in = t->intact;
    double lambda = INFINITY, bg = 0.0, live = 0.0;
    igraph_integer_t j, i;

    sc->f.stopped = true;
    for (i = 0; i < in->n_background_paths; i++) {
        const struct fp_flow_path *p = &in->background_paths[i];
        if (group[p->src] == group[p->dst]) {   /* a demand cut apart is not counted */
            bg += p->gbps;
            live += fp_failures_crosses(p, failed) ? 0.0 : p->gbps;
        }
    }
    sc->background_share = bg > 0.0 ? live / bg : 1.0;
    for (j = 0; j < t->wl->n_jobs; j++) {
        const struct fp_route *r = &in->jobs[j].route;
        double theta = r->theta_gbps;
        if (sc->jobs[j].disconnected) {
            continue;
        }
        if (any_crosses(r->paths, r->n_paths, failed)) {
            theta = r->n_trees > 0 ? fp_failures_surviving_theta(t->topo, r, failed) : 0.0;
        }
        lambda = fmin(lambda, theta / t->wl->jobs[j].weight);
    }
    sc->lambda_gbps = sc->background_share >= 1.0 && isfinite(lambda) ? lambda : 0.0;
    for (j = 0; j < t->wl->n_jobs; j++) {
        struct fp_route *r = &sc->jobs[j].route;
        const struct fp_workload_job *wj = &t->wl->jobs[j];
        if (!sc->jobs[j].disconnected && sc->lambda_gbps > 0.0) {
            r->theta_gbps = sc->lambda_gbps * wj->weight;
            r->bandwidth_s = fp_job_bw_s(wj->job.gradient_bytes, r->theta_gbps);
            r->latency_s = in->jobs[j].route.latency_s;
            r->allreduce_s = r->bandwidth_s + r->latency_s;
        }
    }
}

/* No scenario beats the intact network when every job still runs (fewer spans, the same LP): a
 * lambda above the intact one within the solver's tolerance is the intact one (theta_j from it,
 * T_j = its T_bw + the scenario's own T_lat). */
static void clamp(const struct task *t, struct fp_workload_scenario *sc)
{
    igraph_integer_t j;
    if (!(sc->lambda_gbps >= t->intact->lambda_gbps * (1.0 - SAME_LAMBDA))) {
        return;
    }
    sc->lambda_gbps = t->intact->lambda_gbps;
    for (j = 0; j < t->wl->n_jobs; j++) {
        struct fp_route *r = &sc->jobs[j].route;
        r->theta_gbps = t->intact->jobs[j].route.theta_gbps;
        r->bandwidth_s = fp_job_bw_s(t->wl->jobs[j].job.gradient_bytes, r->theta_gbps);
        r->allreduce_s = r->bandwidth_s + r->latency_s;
    }
}

/* The jobs whose sites still reach each other share the spans left with the background demands
 * whose ends do: the workload of those, from the intact schedule's columns
 * (fp_workload_solve_from). */
static int solve_scenario(const struct task *t, bool *failed, const igraph_integer_t *group,
                          struct fp_workload_scenario *sc, struct fp_error *err)
{
    const struct fp_workload *wl = t->wl;
    struct fp_workload sub = *wl;
    struct fp_workload_result start = *t->intact, r;
    struct fp_route_options o = *t->ropts;
    igraph_integer_t j, q = 0, *map = fp_xcalloc((size_t)wl->n_jobs + 1, sizeof(igraph_integer_t));
    int rc = FP_OK;

    sub.n_background = background_left(wl, group, &sub.background, sc);
    sub.jobs = fp_xcalloc((size_t)wl->n_jobs + 1, sizeof(struct fp_workload_job));
    start.jobs = fp_xcalloc((size_t)wl->n_jobs + 1, sizeof(struct fp_workload_job_result));
    for (j = 0; j < wl->n_jobs; j++) {
        if (!sc->jobs[j].disconnected) {
            sub.jobs[q] = wl->jobs[j];
            start.jobs[q] = t->intact->jobs[j];
            map[q++] = j;
        }
    }
    sub.n_jobs = start.n_jobs = q;
    memset(&r, 0, sizeof(r));
    o.failed = failed;
    o.write_lp = NULL;
    o.progress = NULL;
    sc->background_share = 1.0;
    if (q > 0 || sub.n_background > 0) {
        rc = t->enough > 0 ? fp_workload_reaches(t->topo, &sub, &o, &start, t->enough, &r, err)
                           : fp_workload_solve_from(t->topo, &sub, &o, &start, &r, err);
        sc->background_share = r.background_share;
        sc->lambda_gbps = q > 0 ? r.lambda_gbps : 0.0;
        sc->f.stopped = r.status != FP_STATUS_OPTIMAL;
    }
    for (j = 0; rc == FP_OK && j < q; j++) {
        sc->jobs[map[j]].route = r.jobs[j].route;   /* moved */
        memset(&r.jobs[j].route, 0, sizeof(r.jobs[j].route));
    }
    if (rc == FP_OK && sc->background_share < 1.0) {
        sc->saturated = r.background_stop;   /* moved */
        sc->n_saturated = r.n_background_stop;
        r.background_stop = NULL;
    } else if (rc == FP_OK && q == wl->n_jobs && sc->n_background_cut == 0) {
        clamp(t, sc);
    }
    fp_workload_result_release(&r);
    free(sub.background);
    free(sub.jobs);
    free(start.jobs);
    free(map);
    return rc;
}

/* One scenario, serialised: flags (kept the intact schedule, cut short), lambda, the
 * background's share, the spans that stop it; per job: cut apart, the sites cut off, its
 * schedule. */
static void save_scenario(const struct fp_workload_scenario *sc, igraph_integer_t n_jobs, struct fp_buf *b)
{
    unsigned char flags = (unsigned char)(sc->f.kept_intact | (sc->f.stopped << 1));
    igraph_integer_t j;
    fp_buf_put(b, &flags, 1);
    fp_buf_put(b, &sc->lambda_gbps, sizeof(double));
    fp_buf_put(b, &sc->background_share, sizeof(double));
    fp_buf_put(b, &sc->n_background_cut, sizeof(igraph_integer_t));
    fp_buf_put(b, &sc->background_cut_gbps, sizeof(double));
    fp_buf_put(b, &sc->n_saturated, sizeof(igraph_integer_t));
    fp_buf_put(b, sc->saturated, (size_t)sc->n_saturated * sizeof(igraph_integer_t));
    for (j = 0; j < n_jobs; j++) {
        const struct fp_workload_scenario_job *sj = &sc->jobs[j];
        unsigned char d = sj->disconnected;
        fp_buf_put(b, &d, 1);
        fp_buf_put(b, &sj->n_cut_off, sizeof(igraph_integer_t));
        fp_buf_put(b, sj->cut_off, (size_t)sj->n_cut_off * sizeof(igraph_integer_t));
        fp_result_route_save(&sj->route, b);
    }
}

/* n igraph integers, n read first and at most max (owned, into *v). */
static bool get_ints(const struct fp_buf *b, size_t *pos, igraph_integer_t max, igraph_integer_t *n,
                     igraph_integer_t **v)
{
    if (!fp_buf_get(b, pos, n, sizeof(*n)) || *n < 0 || *n > max) {
        return false;
    }
    *v = fp_xcalloc((size_t)*n + 1, sizeof(igraph_integer_t));
    return fp_buf_get(b, pos, *v, (size_t)*n * sizeof(igraph_integer_t));
}

static bool load_scenario(const struct fp_buf *b, const struct fp_topo *t, igraph_integer_t n_jobs,
                          struct fp_workload_scenario *sc)
{
    size_t pos = 0;
    unsigned char flags = 0;
    igraph_integer_t j;
    bool ok = fp_buf_get(b, &pos, &flags, 1) && fp_buf_get(b, &pos, &sc->lambda_gbps, sizeof(double)) &&
              fp_buf_get(b, &pos, &sc->background_share, sizeof(double)) &&
              fp_buf_get(b, &pos, &sc->n_background_cut, sizeof(igraph_integer_t)) &&
              fp_buf_get(b, &pos, &sc->background_cut_gbps, sizeof(double)) &&
              get_ints(b, &pos, t->n_spans, &sc->n_saturated, &sc->saturated);
    sc->f.kept_intact = (flags & 1) != 0;
    sc->f.stopped = (flags & 2) != 0;
    sc->jobs = fp_xcalloc((size_t)n_jobs + 1, sizeof(struct fp_workload_scenario_job));
    for (j = 0; ok && j < n_jobs; j++) {
        struct fp_workload_scenario_job *sj = &sc->jobs[j];
        unsigned char d = 0;
        ok = fp_buf_get(b, &pos, &d, 1) && get_ints(b, &pos, t->n_nodes, &sj->n_cut_off, &sj->cut_off) &&
             fp_result_route_load(b, &pos, &sj->route);
        sj->disconnected = d != 0;
    }
    return ok && pos == b->len;
}

/* The parts of a scenario that a task makes and its bytes carry. */
static void release_solved(struct fp_workload_scenario *sc, igraph_integer_t n_jobs)
{
    igraph_integer_t j;
    for (j = 0; sc->jobs != NULL && j < n_jobs; j++) {
        fp_result_route_release(&sc->jobs[j].route);
        free(sc->jobs[j].cut_off);
    }
    free(sc->jobs);
    free(sc->saturated);
    sc->jobs = NULL;
    sc->saturated = NULL;
    sc->n_saturated = 0;
    sc->n_background_cut = 0;
    sc->background_cut_gbps = 0.0;
}

/* Which jobs the scenario cuts apart (fp_failures_cut_off); every job starts with no schedule. */
static int cut_jobs(const struct task *t, const bool *failed, struct fp_workload_scenario *sc,
                    igraph_integer_t *n_cut, struct fp_error *err)
{
    igraph_integer_t j;
    int rc = FP_OK;
    *n_cut = 0;
    sc->jobs = fp_xcalloc((size_t)t->wl->n_jobs + 1, sizeof(struct fp_workload_scenario_job));
    for (j = 0; rc == FP_OK && j < t->wl->n_jobs; j++) {
        struct fp_failure probe;
        memset(&probe, 0, sizeof(probe));
        rc = fp_failures_cut_off(t->topo, &t->wl->jobs[j].job, failed, NULL, &probe, err);
        sc->jobs[j].disconnected = probe.disconnected;
        sc->jobs[j].cut_off = probe.cut_off;
        sc->jobs[j].n_cut_off = probe.n_cut_off;
        *n_cut += probe.disconnected;
        no_route(&t->wl->jobs[j], t->ropts->alpha_s, &sc->jobs[j].route);
    }
    return rc;
}

static int run_task(void *ctx, long i, struct fp_buf *out, struct fp_error *err)
{
    struct task *t = ctx;
    struct fp_workload_scenario *sc = &t->items[i];
    bool *failed = failed_of(t->topo, &sc->f);
    igraph_integer_t n_cut = 0, *group = fp_xcalloc((size_t)t->topo->n_nodes + 1, sizeof(igraph_integer_t));
    struct fp_route_options o = *t->ropts;
    struct task mine = *t;
    struct fp_deadline dl;
    long rest = t->n - i;   /* not begun, this one included */
    int rc;

    /* an even share of the time left, jobs at a time */
    fp_deadline_share(t->ropts->deadline, (double)(t->jobs < rest ? t->jobs : rest), (double)rest, &dl);
    o.deadline = &dl;
    mine.ropts = &o;
    rc = cut_jobs(&mine, failed, sc, &n_cut, err);

    if (rc == FP_OK) {
        rc = node_groups(t->topo, failed, group, err);
    }
    if (rc == FP_OK && (sc->f.not_built || (n_cut == 0 && schedule_survives(t->intact, failed)))) {
        keep_intact(&mine, sc);   /* no path of it is cut: no background demand is cut apart either */
    } else if (rc == FP_OK && fp_deadline_passed(t->ropts->deadline)) {
        /* stopped, or the command's deadline passed, before its solve */
        struct fp_demand *kept = NULL;
        background_left(t->wl, group, &kept, sc);
        free(kept);
        surviving(&mine, failed, group, sc);
    } else if (rc == FP_OK) {
        rc = solve_scenario(&mine, failed, group, sc, err);
    }
    if (rc == FP_OK) {
        save_scenario(sc, t->wl->n_jobs, out);
    }
    release_solved(sc, t->wl->n_jobs);
    free(group);
    free(failed);
    return rc;
}

/* Each job alone under every scenario: `failures` of the job with its collective (keep: its
 * schedules too), into alone[j]. */
static int alone_runs(const struct fp_topo *topo, const struct fp_workload *wl,
                      const struct fp_route_options *ropts, bool by_srlg, int jobs, bool keep,
                      struct fp_failures *alone, struct fp_error *err)
{
    igraph_integer_t j;
    int rc = FP_OK;
    for (j = 0; rc == FP_OK && j < wl->n_jobs; j++) {
        struct fp_route_options o = *ropts;
        struct fp_deadline dl;
        /* an even share of the time left among the jobs' runs and the shared scenarios */
        fp_deadline_share(ropts->deadline, 1.0, (double)(wl->n_jobs - j + (keep ? 0 : 1)), &dl);
        o.deadline = &dl;
        o.collective = wl->jobs[j].collective;
        o.ring_order = NULL;
        o.write_lp = NULL;
        rc = fp_failures_solve_kept(topo, &wl->jobs[j].job, &o, by_srlg, jobs, keep, &alone[j], err);
    }
    return rc;
}

/* The scenario labelled label in a job's `failures`, or NULL. */
static const struct fp_failure *find_label(const struct fp_failures *f, const char *label)
{
    igraph_integer_t i;
    for (i = 0; i < f->n; i++) {
        if (strcmp(f->items[i].label, label) == 0) {
            return &f->items[i];
        }
    }
    return NULL;
}

/* The scenario-level numbers from its jobs: f.theta_gbps = lambda, f.allreduce_s the longest
 * T_j, disconnected and cut_off over every job; each job's alone numbers and slowdown. */
static void settle(const struct fp_workload_failures *res, const struct fp_failures *alone,
                   struct fp_workload_scenario *sc)
{
    igraph_integer_t j, i, k, n_all = 0;
    double longest = 0.0;
    for (j = 0; j < res->n_jobs; j++) {
        n_all += sc->jobs[j].n_cut_off;
    }
    sc->f.cut_off = fp_xcalloc((size_t)n_all + 1, sizeof(igraph_integer_t));
    for (j = 0; j < res->n_jobs; j++) {
        struct fp_workload_scenario_job *sj = &sc->jobs[j];
        const struct fp_failure *a = find_label(&alone[j], sc->f.label);
        double theta = sj->route.theta_gbps, t = sj->route.allreduce_s;
        sj->alone_theta_gbps = a != NULL ? a->theta_gbps : NAN;
        sj->alone_allreduce_s = a != NULL ? a->allreduce_s : NAN;
        sj->slowdown = theta > 0.0 ? res->intact.jobs[j].route.theta_gbps / theta : INFINITY;
        longest = fmax(longest, sj->disconnected || !(theta > 0.0) ? INFINITY : t);
        sc->f.disconnected = sc->f.disconnected || sj->disconnected;
        for (i = 0; i < sj->n_cut_off; i++) {
            for (k = 0; k < sc->f.n_cut_off && sc->f.cut_off[k] != sj->cut_off[i]; k++) {
            }
            if (k == sc->f.n_cut_off) {
                sc->f.cut_off[sc->f.n_cut_off++] = sj->cut_off[i];
            }
        }
    }
    sc->f.theta_gbps = sc->lambda_gbps;
    sc->f.allreduce_s = longest;
}

/* One job, no background: `failures` of the job is the answer (its own order and numbers; the
 * schedule each scenario kept, or the numbers alone when it has none). */
static void from_single(const struct fp_workload *wl, struct fp_failures *one, struct fp_workload_failures *res)
{
    const struct fp_workload_job *wj = &wl->jobs[0];
    igraph_integer_t i;
    res->items = fp_xcalloc((size_t)one->n + 1, sizeof(struct fp_workload_scenario));
    res->n = one->n;
    for (i = 0; i < one->n; i++) {
        struct fp_failure *f = &one->items[i];
        struct fp_workload_scenario *sc = &res->items[i];
        struct fp_workload_scenario_job *sj;
        sc->f.label = fp_xstrdup(f->label);
        sc->f.failed = fp_xcalloc((size_t)f->n_failed + 1, sizeof(igraph_integer_t));
        memcpy(sc->f.failed, f->failed, (size_t)f->n_failed * sizeof(igraph_integer_t));
        sc->f.n_failed = f->n_failed;
        sc->f.not_built = f->not_built;
        sc->f.kept_intact = f->kept_intact;
        sc->f.stopped = f->stopped;
        sc->lambda_gbps = f->theta_gbps / wj->weight;
        sc->background_share = 1.0;
        sc->jobs = sj = fp_xcalloc(2, sizeof(struct fp_workload_scenario_job));
        no_route(wj, res->intact.jobs[0].route.alpha_s, &sj->route);
        if (f->route != NULL) {
            sj->route = *f->route;   /* moved */
            memset(f->route, 0, sizeof(*f->route));
        }
        sj->route.theta_gbps = f->theta_gbps;
        sj->route.allreduce_s = f->allreduce_s;
        if (f->theta_gbps > 0.0) {
            sj->route.bandwidth_s = fp_job_bw_s(wj->job.gradient_bytes, f->theta_gbps);
            sj->route.latency_s = f->allreduce_s - sj->route.bandwidth_s;
        }
        sj->disconnected = f->disconnected;
        sj->cut_off = f->cut_off;   /* moved */
        sj->n_cut_off = f->n_cut_off;
        f->cut_off = NULL;
        f->n_cut_off = 0;
    }
    res->intact.jobs[0].route.allreduce_s = one->intact_allreduce_s;
    res->intact.jobs[0].route.bandwidth_s = one->intact_bandwidth_s;
    res->intact.jobs[0].route.latency_s = one->intact_latency_s;
    res->intact_from = one->intact_from != NULL ? fp_xstrdup(one->intact_from) : NULL;
}

/* Worst first: more sites cut off, then the background not fitting, then lower lambda (equal
 * within the solver's tolerance), then the longer T (of the slowest job), then file order (the
 * first failed span). */
static int cmp_worst(const void *a, const void *b)
{
    const struct fp_workload_scenario *x = a, *y = b;
    bool xf = fp_workload_scenario_fits(x), yf = fp_workload_scenario_fits(y);
    if (x->f.n_cut_off != y->f.n_cut_off) {
        return x->f.n_cut_off > y->f.n_cut_off ? -1 : 1;
    }
    if (xf != yf) {
        return xf ? 1 : -1;
    }
    if (fabs(x->lambda_gbps - y->lambda_gbps) > SAME_LAMBDA * fmax(x->lambda_gbps, y->lambda_gbps)) {
        return x->lambda_gbps < y->lambda_gbps ? -1 : 1;   /* closer is the solver's tolerance */
    }
    if (x->f.allreduce_s != y->f.allreduce_s && !(isinf(x->f.allreduce_s) && isinf(y->f.allreduce_s))) {
        return x->f.allreduce_s > y->f.allreduce_s ? -1 : 1;
    }
    return x->f.failed[0] < y->f.failed[0] ? -1 : x->f.failed[0] > y->f.failed[0];
}

/* The worst scenario for lambda (every job running, the background carried) and per job (its
 * longest T_j, a scenario that stops it first); the counts. */
static void find_worst(struct fp_workload_failures *res)
{
    igraph_integer_t i, j;
    res->worst_lambda = -1;
    res->worst_job = fp_xcalloc((size_t)res->n_jobs + 1, sizeof(igraph_integer_t));
    for (j = 0; j < res->n_jobs; j++) {
        res->worst_job[j] = -1;
    }
    for (i = 0; i < res->n; i++) {
        const struct fp_workload_scenario *sc = &res->items[i];
        bool fits = fp_workload_scenario_fits(sc);
        res->n_stopped += sc->f.stopped;
        res->n_cut += sc->f.disconnected;
        res->n_unfit += !fits;
        if (res->worst_lambda < 0 && fits && !sc->f.disconnected) {
            res->worst_lambda = i;
        }
        for (j = 0; j < res->n_jobs; j++) {
            const struct fp_route *r = &sc->jobs[j].route;
            double t = sc->jobs[j].disconnected || !(r->theta_gbps > 0.0) ? INFINITY : r->allreduce_s;
            igraph_integer_t w = res->worst_job[j];
            const struct fp_route *rw = w >= 0 ? &res->items[w].jobs[j].route : NULL;
            double tw = w < 0 ? -INFINITY
                        : res->items[w].jobs[j].disconnected || !(rw->theta_gbps > 0.0) ? INFINITY
                                                                                        : rw->allreduce_s;
            if (t > tw) {
                res->worst_job[j] = i;
            }
        }
    }
}

/* The shared scenarios (several jobs, or a background): every scenario's task in the farm, then
 * each read back and settled against the jobs alone. */
static int shared_scenarios(const struct fp_topo *topo, const struct fp_workload *wl,
                            const struct fp_route_options *ropts, int jobs, double enough,
                            const struct fp_failures *alone, struct fp_workload_failures *res,
                            struct fp_error *err)
{
    struct fp_route_options task_ro = *ropts;
    struct fp_route_farm_progress fprog = {ropts, "scenario", fp_clock_s(), 0.0};
    struct fp_buf *bytes = fp_xcalloc((size_t)res->n + 1, sizeof(struct fp_buf));
    struct task t = {topo, wl, &task_ro, &res->intact, res->items, (long)res->n, jobs > 1 ? jobs : 1, enough};
    igraph_integer_t i;
    int rc;

    task_ro.progress = NULL;   /* the scenarios' own solves: the count is reported instead */
    rc = fp_farm_run((long)res->n, jobs, ropts->stop, ropts->deadline, run_task, &t, fp_route_farm_done,
                     &fprog, bytes, err);
    for (i = 0; rc == FP_OK && fp_farm_root() && i < res->n; i++) {
        if (!load_scenario(&bytes[i], topo, wl->n_jobs, &res->items[i])) {
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: scenario %ld: truncated result",
                              (long)i + 1);
        }
    }
    for (i = 0; rc == FP_OK && fp_farm_root() && i < res->n; i++) {
        settle(res, alone, &res->items[i]);
    }
    for (i = 0; i < res->n; i++) {
        fp_buf_release(&bytes[i]);
    }
    free(bytes);
    return rc;
}

/* The scenarios to solve (labels and failed spans) as the workload's items, file order. */
static void list_scenarios(const struct fp_topo *topo, bool by_srlg, struct fp_workload_failures *res)
{
    struct fp_failures list;
    igraph_integer_t i;
    fp_failures_scenarios(topo, by_srlg, false, &list);
    res->items = fp_xcalloc((size_t)list.n + 1, sizeof(struct fp_workload_scenario));
    res->n = list.n;
    for (i = 0; i < list.n; i++) {
        res->items[i].f = list.items[i];   /* label and failed moved */
        memset(&list.items[i], 0, sizeof(list.items[i]));
    }
    fp_result_failures_release(&list);
}

/* fp_wlfailures_solve, or with enough > 0 fp_wlfailures_check. */
static int solve_all(const struct fp_topo *topo, const struct fp_workload *wl, const struct fp_route_options *ropts,
                     bool by_srlg, int jobs, double enough, struct fp_workload_failures *out, struct fp_error *err)
{
    struct fp_workload_failures res;
    struct fp_failures *alone = fp_xcalloc((size_t)wl->n_jobs + 1, sizeof(struct fp_failures));
    struct fp_route_options o = *ropts, cmd_ro = *ropts;
    struct fp_deadline command, first;
    igraph_integer_t j, i;
    int rc;

    memset(&res, 0, sizeof(res));
    res.n_jobs = wl->n_jobs;
    res.by_srlg = by_srlg;
    res.single = wl->n_jobs == 1 && wl->n_background == 0;
    /* one deadline for the whole command (--time-limit bounds it, MODEL.md "Anytime planning";
     * it was each scenario's: 45 s of trainer fallbacks at 750 nodes for --time-limit 1): the
     * intact solve, each job's runs and the shared scenarios an even share each */
    if (cmd_ro.deadline == NULL) {
        fp_deadline_init(&command, cmd_ro.time_limit_s, cmd_ro.stop);
        cmd_ro.deadline = &command;
    }
    enough = res.single ? 0.0 : enough;   /* one job alone: `failures` of it, as it stands */
    fp_deadline_share(cmd_ro.deadline, 1.0, enough > 0 ? 2.0 : (double)(wl->n_jobs + (res.single ? 1 : 2)), &first);
    o.deadline = &first;
    o.write_lp = NULL;
    o.progress = NULL;
    rc = enough > 0 ? fp_workload_lambda(topo, wl, &o, &res.intact, err)
                    : fp_workload_solve(topo, wl, &o, &res.intact, err);
    if (rc == FP_OK && !(enough > 0)) {
        rc = alone_runs(topo, wl, &cmd_ro, by_srlg, jobs, res.single, alone, err);
    }
    if (rc == FP_OK && res.single && fp_farm_root()) {
        from_single(wl, &alone[0], &res);
        for (i = 0; i < res.n; i++) {
            settle(&res, alone, &res.items[i]);
        }
    } else if (rc == FP_OK && !res.single) {
        list_scenarios(topo, by_srlg, &res);
        rc = shared_scenarios(topo, wl, &cmd_ro, jobs, enough, alone, &res, err);
    }
    for (j = 0; j < wl->n_jobs; j++) {
        fp_result_failures_release(&alone[j]);
    }
    free(alone);
    if (rc == FP_OK && fp_farm_root()) {
        qsort(res.items, (size_t)res.n, sizeof(struct fp_workload_scenario), cmp_worst);
        find_worst(&res);
        *out = res;
    } else {
        fp_workload_failures_release(&res);
        memset(out, 0, sizeof(*out));
    }
    return rc;
}

int fp_wlfailures_solve(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *ropts, bool by_srlg, int jobs,
                        struct fp_workload_failures *out, struct fp_error *err)
{
    return solve_all(topo, wl, ropts, by_srlg, jobs, 0.0, out, err);
}

int fp_wlfailures_check(const struct fp_topo *topo, const struct fp_workload *wl,
                        const struct fp_route_options *ropts, bool by_srlg, int jobs, double enough_gbps,
                        struct fp_workload_failures *out, struct fp_error *err)
{
    return solve_all(topo, wl, ropts, by_srlg, jobs, enough_gbps, out, err);
}
