/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: failure scenarios (MODEL.md "Failures": remove one span, or every span sharing an
 * SRLG id; report T per scenario). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/farm.h"
#include "core/xalloc.h"
#include "solvers/failures.h"

#define SAME_THETA 1e-9   /* relative: column generation's epsilon (MODEL.md "Defaults") */

/* The group of sites that stays: the one holding the most sites; on a tie, the larger
 * component (more nodes: a conduit cut off the far end, not the network's bulk), then the
 * first. */
static igraph_integer_t main_group(const igraph_vector_int_t *csize, const igraph_integer_t *count,
                                   igraph_integer_t comps)
{
    igraph_integer_t c, best = -1;
    for (c = 0; c < comps; c++) {
        if (count[c] == 0) {
            continue;
        }
        if (best < 0 || count[c] > count[best] ||
            (count[c] == count[best] && VECTOR(*csize)[c] > VECTOR(*csize)[best])) {
            best = c;
        }
    }
    return best;
}

int fp_failures_components(const struct fp_topo *t, const bool *failed, const bool *also,
                           igraph_vector_int_t *membership, igraph_vector_int_t *csize,
                           igraph_integer_t *comps, struct fp_error *err)
{
    igraph_vector_int_t keep;
    igraph_t g;
    igraph_integer_t e;
    bool have_keep = false, have_g = false;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_int_init(&keep, 0));
    have_keep = true;
    for (e = 0; e < t->n_spans; e++) {
        if (!failed[e] && ((fp_topo_is_lit(t, e) && t->capacity_gbps[e] > 0) || (also != NULL && also[e]))) {
            FP_IGRAPH(err, igraph_vector_int_push_back(&keep, e));
        }
    }
    FP_IGRAPH(err, igraph_subgraph_edges(&t->graph, &g, igraph_ess_vector(&keep), false));
    have_g = true;
    FP_IGRAPH(err, igraph_connected_components(&g, membership, csize, comps, IGRAPH_WEAK));
out:
    if (have_g) {
        igraph_destroy(&g);
    }
    if (have_keep) {
        igraph_vector_int_destroy(&keep);
    }
    return rc;
}

int fp_failures_cut_off(const struct fp_topo *t, const struct fp_job *job, const bool *failed,
                        const bool *also, struct fp_failure *f, struct fp_error *err)
{
    igraph_vector_int_t membership, csize;
    igraph_integer_t i, comps = 0, best;
    igraph_integer_t *count = NULL;
    bool have_m = false, have_c = false;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_int_init(&membership, 0));
    have_m = true;
    FP_IGRAPH(err, igraph_vector_int_init(&csize, 0));
    have_c = true;
    rc = fp_failures_components(t, failed, also, &membership, &csize, &comps, err);
    if (rc != FP_OK) {
        goto out;
    }
    count = fp_xcalloc((size_t)comps + 1, sizeof(igraph_integer_t));
    for (i = 0; i < job->n_sites; i++) {
        count[VECTOR(membership)[job->sites[i]]]++;
    }
    best = main_group(&csize, count, comps);
    f->cut_off = fp_xcalloc((size_t)job->n_sites + 1, sizeof(igraph_integer_t));
    for (i = 0; i < job->n_sites; i++) {
        if (VECTOR(membership)[job->sites[i]] != best) {
            f->cut_off[f->n_cut_off++] = job->sites[i];
        }
    }
    f->disconnected = f->n_cut_off > 0;
out:
    free(count);
    if (have_c) {
        igraph_vector_int_destroy(&csize);
    }
    if (have_m) {
        igraph_vector_int_destroy(&membership);
    }
    return rc;
}

/* Does the intact schedule use none of the failed spans (MODEL.md "Failures": then it still
 * runs, and no schedule on fewer spans does better)? */
static bool survives(const struct fp_route *intact, const bool *failed)
{
    igraph_integer_t i;
    for (i = 0; i < intact->n_paths; i++) {
        if (intact->paths[i].gbps > 0 && fp_failures_crosses(&intact->paths[i], failed)) {
            return false;
        }
    }
    return true;
}

bool fp_failures_crosses(const struct fp_flow_path *p, const bool *failed)
{
    igraph_integer_t j;
    for (j = 0; j < p->n_arcs; j++) {
        if (failed[p->arcs[j] / 2]) {
            return true;
        }
    }
    return false;
}

/* Every pair needs at most the flow its surviving paths carried: the schedule fits. */
double fp_failures_surviving_theta(const struct fp_topo *t, const struct fp_route *intact, const bool *failed)
{
    long *idx = fp_xcalloc((size_t)t->n_nodes + 1, sizeof(long));
    igraph_integer_t i, j, k = 0, v;
    double *tot, *live, theta = 0.0;

    for (v = 0; v < t->n_nodes; v++) {
        idx[v] = -1;
    }
    for (i = 0; i < intact->n_trees; i++) {
        for (j = 0; j < 2 * intact->trees[i].n_edges; j++) {
            v = intact->trees[i].edges[j];
            idx[v] = idx[v] < 0 ? k++ : idx[v];
        }
    }
    tot = fp_xcalloc((size_t)(k * k) + 1, sizeof(double));
    live = fp_xcalloc((size_t)(k * k) + 1, sizeof(double));
    for (i = 0; i < intact->n_paths; i++) {
        const struct fp_flow_path *p = &intact->paths[i];
        long a = idx[p->src], b = idx[p->dst];
        if (a >= 0 && b >= 0) {
            tot[a * k + b] += p->gbps;
            live[a * k + b] += fp_failures_crosses(p, failed) ? 0.0 : p->gbps;
        }
    }
    for (i = 0; i < intact->n_trees; i++) {
        const struct fp_tree *tr = &intact->trees[i];
        double share = 1.0;
        for (j = 0; j < tr->n_edges; j++) {
            long a = idx[tr->edges[2 * j]], b = idx[tr->edges[2 * j + 1]];
            long dir[2] = {a * k + b, b * k + a};
            int d;
            for (d = 0; d < 2; d++) {
                if (tot[dir[d]] > 0.0) {
                    share = fmin(share, live[dir[d]] / tot[dir[d]]);
                }
            }
        }
        theta += tr->rate_gbps * share;
    }
    free(idx);
    free(tot);
    free(live);
    return fmin(theta, intact->theta_gbps);
}

/* A copy of what route shows (fp_result_route_copy()), owned. */
static struct fp_route *copy_route(const struct fp_route *route)
{
    struct fp_route *r = fp_xcalloc(1, sizeof(struct fp_route));
    fp_result_route_copy(route, r);
    return r;
}

/* One scenario, by the intact run's rule (fp_route_solve with a failed-span array): the
 * intact schedule when it survives, else a new solve whose theta is at most the intact one
 * (fewer spans, same LP; a larger value is solver tolerance). */
static int scenario(const struct fp_topo *t, const struct fp_job *job,
                    const struct fp_route_options *ropts, const struct fp_deadline *command,
                    const struct fp_route *intact, bool keep, struct fp_failure *f,
                    struct fp_error *err)
{
    bool *failed = fp_xcalloc((size_t)t->n_spans + 1, sizeof(bool));
    struct fp_route_options o = *ropts;
    struct fp_route r;
    igraph_integer_t i;
    int rc;

    for (i = 0; i < f->n_failed; i++) {
        failed[f->failed[i]] = true;
    }
    rc = fp_failures_cut_off(t, job, failed, NULL, f, err);
    if (rc == FP_OK && f->disconnected) {
        f->theta_gbps = 0.0;
        f->allreduce_s = INFINITY;
    } else if (rc == FP_OK && (f->not_built || survives(intact, failed))) {
        f->kept_intact = true;
        f->stopped = intact->status != FP_STATUS_OPTIMAL;   /* a cut-short intact schedule */
        f->theta_gbps = intact->theta_gbps;
        f->allreduce_s = intact->allreduce_s;
        f->route = keep ? copy_route(intact) : NULL;
    } else if (rc == FP_OK && intact->n_trees > 0 && fp_deadline_passed(command)) {
        /* stopped, or the command's deadline passed, before its solve: what the intact trees
         * still carry, at most the intact latency (a subset of its trees), marked cut short
         * (a solve begun past the deadline runs one master at least: 52 of them took a
         * 600-node --survive plan seconds past its limit) */
        f->stopped = true;
        f->theta_gbps = fp_failures_surviving_theta(t, intact, failed);
        f->allreduce_s = f->theta_gbps > 0.0
                             ? fp_job_bw_s(job->gradient_bytes, f->theta_gbps) + intact->latency_s
                             : INFINITY;
    } else if (rc == FP_OK) {
        memset(&r, 0, sizeof(r));
        o.failed = failed;
        o.write_lp = NULL;
        o.upper_bound_gbps = NAN;
        rc = fp_route_solve(t, job, &o, &r, err);
        if (rc == FP_OK) {
            double theta = r.theta_gbps, latency = r.latency_s, kept;
            f->stopped = r.status != FP_STATUS_OPTIMAL;
            if (theta >= intact->theta_gbps * (1.0 - SAME_THETA)) {
                theta = intact->theta_gbps;
            }
            if (f->stopped && intact->n_trees > 0 &&
                (kept = fp_failures_surviving_theta(t, intact, failed)) > theta) {
                /* cut short below what the intact trees still carry: that schedule (600
                 * nodes, 24 sites, --survive under a deadline: 2,133 Gbit/s from the solve's
                 * first master where the surviving trees keep more) */
                theta = kept;
                latency = intact->latency_s;
            }
            f->theta_gbps = theta;
            f->allreduce_s = fp_job_bw_s(job->gradient_bytes, theta) + latency;
        }
        if (rc == FP_OK && keep) {
            r.theta_gbps = f->theta_gbps;   /* the scenario's numbers, as reported */
            r.bandwidth_s = fp_job_bw_s(job->gradient_bytes, f->theta_gbps);
            r.allreduce_s = f->allreduce_s;
            f->route = copy_route(&r);
        }
        fp_result_route_release(&r);
    }
    free(failed);
    return rc;
}

static int cmp_worst(const void *a, const void *b)
{
    const struct fp_failure *x = a, *y = b;
    if (x->n_cut_off != y->n_cut_off) {
        return x->n_cut_off > y->n_cut_off ? -1 : 1;
    }
    if (x->allreduce_s != y->allreduce_s && !(isinf(x->allreduce_s) && isinf(y->allreduce_s))) {
        return x->allreduce_s > y->allreduce_s ? -1 : 1;
    }
    return x->failed[0] < y->failed[0] ? -1 : x->failed[0] > y->failed[0];
}

/* The distinct SRLG ids, in order of first appearance. */
static char **srlg_ids(const struct fp_topo *t, igraph_integer_t *n)
{
    char **ids = NULL;
    igraph_integer_t e, count = 0, i;
    for (e = 0; e < t->n_spans; e++) {
        char *list, *save = NULL, *tok;
        if (t->srlg[e] == NULL) {
            continue;
        }
        list = fp_xstrdup(t->srlg[e]);
        for (tok = strtok_r(list, ", ", &save); tok != NULL; tok = strtok_r(NULL, ", ", &save)) {
            bool seen = false;
            for (i = 0; i < count && !seen; i++) {
                seen = strcmp(ids[i], tok) == 0;
            }
            if (!seen) {
                ids = fp_xrealloc(ids, (size_t)count + 1, sizeof(char *));
                ids[count++] = fp_xstrdup(tok);
            }
        }
        free(list);
    }
    *n = count;
    return ids;
}

static bool in_srlg(const char *list, const char *id)
{
    char *copy = fp_xstrdup(list), *save = NULL, *tok;
    bool found = false;
    for (tok = strtok_r(copy, ", ", &save); tok != NULL && !found; tok = strtok_r(NULL, ", ", &save)) {
        found = strcmp(tok, id) == 0;
    }
    free(copy);
    return found;
}

igraph_integer_t fp_failures_scenarios(const struct fp_topo *topo, bool by_srlg, bool candidates,
                                       struct fp_failures *out)
{
    igraph_integer_t e, i;

    memset(out, 0, sizeof(*out));
    out->by_srlg = by_srlg;
    if (!by_srlg) {
        out->items = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(struct fp_failure));
        for (e = 0; e < topo->n_spans; e++) {
            struct fp_failure *f;
            if (!fp_topo_is_lit(topo, e) && !candidates) {
                continue;
            }
            f = &out->items[out->n++];
            f->label = fp_xstrdup(topo->span_id[e]);
            f->failed = fp_xcalloc(1, sizeof(igraph_integer_t));
            f->failed[0] = e;
            f->n_failed = 1;
        }
    } else {
        igraph_integer_t n_ids;
        char **ids = srlg_ids(topo, &n_ids);
        out->items = fp_xcalloc((size_t)n_ids + 1, sizeof(struct fp_failure));
        for (i = 0; i < n_ids; i++) {
            struct fp_failure *f = &out->items[out->n++];
            f->label = ids[i];
            f->failed = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(igraph_integer_t));
            for (e = 0; e < topo->n_spans; e++) {
                if (topo->srlg[e] != NULL && in_srlg(topo->srlg[e], ids[i]) &&
                    (candidates || fp_topo_is_lit(topo, e))) {
                    f->failed[f->n_failed++] = e;
                }
            }
            if (f->n_failed == 0) {
                /* only unbuilt candidates share this risk: list them, nothing fails */
                f->not_built = true;
                for (e = 0; e < topo->n_spans; e++) {
                    if (topo->srlg[e] != NULL && in_srlg(topo->srlg[e], ids[i])) {
                        f->failed[f->n_failed++] = e;
                    }
                }
            }
        }
        free(ids);
    }
    return out->n;
}

struct task {
    const struct fp_topo *topo;
    const struct fp_job *job;
    const struct fp_route_options *ropts;   /* with the command's deadline */
    const struct fp_route *intact;
    bool keep;                  /* each scenario's schedule too */
    int jobs;                   /* at a time (at least 1) */
    struct fp_failures *res;
};

/* One scenario, serialised: theta, T, flags (disconnected, kept the intact schedule, cut short,
 * a schedule follows), the number of sites cut off, them, and the schedule when kept. */
static int run_task(void *ctx, long i, struct fp_buf *out, struct fp_error *err)
{
    struct task *t = ctx;
    struct fp_failure *f = &t->res->items[i];
    struct fp_route_options o = *t->ropts;
    struct fp_deadline dl;
    int rc;
    long rest = (long)t->res->n - i;   /* not begun, this one included */
    /* an even share of the time left, jobs at a time */
    fp_deadline_share(t->ropts->deadline, (double)(t->jobs < rest ? t->jobs : rest), (double)rest, &dl);
    o.deadline = &dl;
    rc = scenario(t->topo, t->job, &o, t->ropts->deadline, t->intact, t->keep, f, err);
    if (rc == FP_OK) {
        unsigned char d = (unsigned char)(f->disconnected | (f->kept_intact << 1) | (f->stopped << 2) |
                                          ((f->route != NULL) << 3));
        fp_buf_put(out, &f->theta_gbps, sizeof(double));
        fp_buf_put(out, &f->allreduce_s, sizeof(double));
        fp_buf_put(out, &d, 1);
        fp_buf_put(out, &f->n_cut_off, sizeof(igraph_integer_t));
        fp_buf_put(out, f->cut_off, (size_t)f->n_cut_off * sizeof(igraph_integer_t));
        if (f->route != NULL) {
            fp_result_route_save(f->route, out);
        }
    }
    free(f->cut_off);
    f->cut_off = NULL;
    f->n_cut_off = 0;
    fp_result_route_release(f->route);
    free(f->route);
    f->route = NULL;
    return rc;
}

static bool load_task(const struct fp_buf *b, igraph_integer_t n_sites, struct fp_failure *f)
{
    size_t pos = 0;
    unsigned char d = 0;
    if (!fp_buf_get(b, &pos, &f->theta_gbps, sizeof(double)) ||
        !fp_buf_get(b, &pos, &f->allreduce_s, sizeof(double)) || !fp_buf_get(b, &pos, &d, 1) ||
        !fp_buf_get(b, &pos, &f->n_cut_off, sizeof(igraph_integer_t)) || f->n_cut_off < 0 ||
        f->n_cut_off > n_sites) {
        return false;
    }
    f->disconnected = (d & 1) != 0;
    f->kept_intact = (d & 2) != 0;
    f->stopped = (d & 4) != 0;
    f->cut_off = fp_xcalloc((size_t)f->n_cut_off + 1, sizeof(igraph_integer_t));
    if (!fp_buf_get(b, &pos, f->cut_off, (size_t)f->n_cut_off * sizeof(igraph_integer_t))) {
        return false;
    }
    if ((d & 8) != 0) {
        f->route = fp_xcalloc(1, sizeof(struct fp_route));
        return fp_result_route_load(b, &pos, f->route) && pos == b->len;
    }
    return pos == b->len;
}

/* The intact network by the scenarios' rule: fp_route_solve with a failed-span array in
 * which nothing has failed. */
static int solve_intact(const struct fp_topo *topo, const struct fp_job *job,
                        const struct fp_route_options *ropts, struct fp_route *intact,
                        struct fp_error *err)
{
    bool *none = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(bool));
    struct fp_route_options o = *ropts;
    int rc;
    o.failed = none;
    o.write_lp = NULL;
    o.upper_bound_gbps = NAN;
    rc = fp_route_solve(topo, job, &o, intact, err);
    free(none);
    return rc;
}

/* Intact T is the fastest schedule found: a scenario's schedule at the intact theta runs on
 * the intact network too (T_lat is a heuristic, MODEL.md "Time"), so no scenario is faster
 * than intact. Scenarios that kept the intact schedule or lose nothing keep its T. */
static void settle_intact(const struct fp_route *intact, struct fp_failures *res)
{
    igraph_integer_t i;
    res->intact_theta_gbps = intact->theta_gbps;
    res->intact_bandwidth_s = intact->bandwidth_s;
    res->intact_latency_s = intact->latency_s;
    for (i = 0; i < res->n; i++) {
        const struct fp_failure *f = &res->items[i];
        double lat = f->allreduce_s - intact->bandwidth_s;
        if (!f->disconnected && !f->kept_intact && f->theta_gbps == intact->theta_gbps &&
            lat < res->intact_latency_s) {
            res->intact_latency_s = lat;
            free(res->intact_from);
            res->intact_from = fp_xstrdup(f->label);
        }
    }
    res->intact_allreduce_s = res->intact_bandwidth_s + res->intact_latency_s;
    res->n_stopped = 0;
    for (i = 0; i < res->n; i++) {
        res->n_stopped += res->items[i].stopped;
        if (res->items[i].not_built) {
            res->items[i].allreduce_s = res->intact_allreduce_s;
        }
    }
}

int fp_failures_solve(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *ropts, bool by_srlg, int jobs,
                      struct fp_failures *out, struct fp_error *err)
{
    return fp_failures_solve_kept(topo, job, ropts, by_srlg, jobs, false, out, err);
}

int fp_failures_solve_kept(const struct fp_topo *topo, const struct fp_job *job,
                           const struct fp_route_options *ropts, bool by_srlg, int jobs, bool keep,
                           struct fp_failures *out, struct fp_error *err)
{
    struct fp_failures res;
    struct fp_buf *bytes;
    struct fp_route intact;
    struct fp_route_options cmd_ro = *ropts, task_ro;
    struct fp_route_farm_progress fprog = {ropts, "scenario", fp_clock_s(), 0.0};
    struct fp_deadline command, first;
    struct task t;
    igraph_integer_t i;
    int rc;

    memset(&intact, 0, sizeof(intact));
    /* one deadline for the intact solve and every scenario (--time-limit bounds the command,
     * MODEL.md "Anytime planning"; it was each scenario's: 45 s for --time-limit 1 at 750
     * nodes); the intact solve, which every scenario it survives keeps, gets half of it */
    if (cmd_ro.deadline == NULL) {
        fp_deadline_init(&command, cmd_ro.time_limit_s, cmd_ro.stop);
        cmd_ro.deadline = &command;
    }
    fp_failures_scenarios(topo, by_srlg, false, &res);
    bytes = fp_xcalloc((size_t)res.n + 1, sizeof(struct fp_buf));
    fp_deadline_share(cmd_ro.deadline, 1.0, 2.0, &first);
    task_ro = cmd_ro;
    task_ro.deadline = &first;
    rc = solve_intact(topo, job, &task_ro, &intact, err);
    t.topo = topo;
    t.job = job;
    task_ro = cmd_ro;
    task_ro.progress = NULL;   /* the scenarios' own solves: the count is reported instead */
    t.ropts = &task_ro;
    t.intact = &intact;
    t.keep = keep;
    t.jobs = jobs > 1 ? jobs : 1;
    t.res = &res;
    if (rc == FP_OK) {
        rc = fp_farm_run((long)res.n, jobs, ropts->stop, cmd_ro.deadline, run_task, &t, fp_route_farm_done,
                         &fprog, bytes, err);
    }
    for (i = 0; rc == FP_OK && fp_farm_root() && i < res.n; i++) {
        if (!load_task(&bytes[i], job->n_sites, &res.items[i])) {
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: scenario %ld: truncated result",
                              (long)i + 1);
        }
    }
    for (i = 0; i < res.n; i++) {
        fp_buf_release(&bytes[i]);
    }
    free(bytes);
    if (rc == FP_OK) {
        settle_intact(&intact, &res);
        qsort(res.items, (size_t)res.n, sizeof(struct fp_failure), cmp_worst);
        *out = res;
    } else {
        fp_result_failures_release(&res);
    }
    fp_result_route_release(&intact);
    return rc;
}
