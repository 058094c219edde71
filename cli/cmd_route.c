/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan route: route the cross-site all-reduce and report throughput, time, bottleneck,
 * trees and marginal values (MODEL.md "Demand", "Time", "Lower bound"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdtrainer.h"
#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "core/xalloc.h"
#include "io/demands.h"
#include "io/resultjson.h"
#include "io/textfmt.h"
#include "io/trainer.h"
#include "solvers/bound.h"
#include "solvers/marginal.h"
#include "solvers/route.h"

static const char *const usage[] = {
    "usage: fiberplan route TOPO [JOB options] [--collective tree|ring|direct|demands|all] [options]",
    "   or: fiberplan route TOPO --workload FILE.json [options]",
    "",
    "Routes the gradient all-reduce of the job across the lit spans and reports the best",
    "throughput theta the collective allows (an LP solved by column generation in GLPK),",
    "T = T_bw + T_lat, the lower bound and T / T_lb, the bottleneck cut, the most utilised",
    "spans with the seconds one more Gbit/s would save, and the trees with their shares.",
    "With --workload, several jobs and a background demand share the spans: the largest",
    "lambda such that each job gets lambda x its weight, each job's theta and T against the",
    "job alone, and the spans that set lambda with the jobs on them.",
    NULL,
};

#define TOP_SPANS 10
#define MAX_RESOLVED 64   /* saturated spans whose marginal values route re-solves, at most */

struct run {
    struct opts o;
    struct fp_topo topo;
    struct fp_job job;
    struct fp_bound bound;
    bool have_bound;
    struct fp_demand *demands;       /* from --demands, owned */
    igraph_integer_t n_demands;
    igraph_integer_t *ring;          /* --ring-order, owned */
    struct fp_route routes[3];
    int n_routes, best;
    struct fp_marginal marg;         /* tree: the marginal values re-solved */
    bool have_marg;
    igraph_integer_t marg_skipped;   /* saturated spans left at their dual values, or 0 */
    struct cmdtrainer trainer;       /* --trainer-config, --mesh, --utilization, fallbacks */
    struct fp_trainer_step step;     /* the best collective's step-time model */
};

static int parse_ring(struct run *r, struct fp_error *err)
{
    char *list = fp_xstrdup(r->o.str[OPT_RING_ORDER]), *save = NULL, *tok;
    igraph_integer_t n = 0, k = r->job.n_sites;
    int rc = FP_OK;
    r->ring = fp_xcalloc((size_t)k + 1, sizeof(igraph_integer_t));
    for (tok = strtok_r(list, ",", &save); tok != NULL && rc == FP_OK; tok = strtok_r(NULL, ",", &save)) {
        igraph_integer_t v = -1, other = -1, i;
        bool site = false;
        int n_match = fp_topo_match_node(&r->topo, tok, &v, &other);
        for (i = 0; i < k && n_match == 1; i++) {
            site = site || r->job.sites[i] == v;
        }
        if (n_match == 2) {
            rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "route: --ring-order: '%s' is ambiguous: "
                              "nodes '%s' and '%s' are both labelled '%s' (see 'fiberplan route "
                              "--help')", tok, r->topo.node_id[v], r->topo.node_id[other], tok);
        } else if (!site) {
            rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "route: --ring-order: '%s' is not one of the "
                              "sites (see 'fiberplan route --help')", tok);
        } else if (n >= k) {
            rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "route: --ring-order names more than the %ld "
                              "sites (see 'fiberplan route --help')", (long)k);
        } else {
            for (i = 0; i < n; i++) {
                if (r->ring[i] == v) {
                    rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "route: --ring-order names '%s' twice "
                                      "(see 'fiberplan route --help')", tok);
                }
            }
            r->ring[n++] = v;
        }
    }
    if (rc == FP_OK && n != k) {
        rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "route: --ring-order names %ld of the %ld sites "
                          "(see 'fiberplan route --help')", (long)n, (long)k);
    }
    free(list);
    return rc;
}

static const struct fp_route *sort_route;
static const struct fp_topo *sort_topo;

static double util_of(igraph_integer_t e)
{
    double c = fp_topo_is_lit(sort_topo, e) ? sort_topo->capacity_gbps[e] : 0.0;
    double fw = sort_route->load_gbps[2 * e], bw = sort_route->load_gbps[2 * e + 1];
    return c > 0 ? (fw > bw ? fw : bw) / c : 0.0;
}

/* Most utilised first; ties: larger marginal value, then file order. */
static int cmp_util(const void *a, const void *b)
{
    igraph_integer_t x = *(const igraph_integer_t *)a, y = *(const igraph_integer_t *)b;
    double ux = util_of(x), uy = util_of(y);
    if (fabs(ux - uy) > 1e-9) {
        return ux > uy ? -1 : 1;
    }
    if (sort_route->dtheta_dc[x] != sort_route->dtheta_dc[y]) {
        return sort_route->dtheta_dc[x] > sort_route->dtheta_dc[y] ? -1 : 1;
    }
    return x < y ? -1 : x > y;
}

static void print_route_detail(FILE *fp, const struct run *r, const struct fp_route *rt)
{
    const struct fp_topo *topo = &r->topo;
    igraph_integer_t *order = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(igraph_integer_t));
    igraph_integer_t i, j, n = topo->n_spans < TOP_SPANS ? topo->n_spans : TOP_SPANS;
    char a[64], b[64], c[64];
    bool demands = rt->algorithm == FP_COLL_DEMANDS;

    for (i = 0; i < topo->n_spans; i++) {
        order[i] = i;
    }
    sort_route = rt;
    sort_topo = topo;
    qsort(order, (size_t)topo->n_spans, sizeof(igraph_integer_t), cmp_util);
    fprintf(fp, "\n%-8s %-34s %21s %9s %6s  %s\n", "span", "ends", "load fw / bw Gbit/s", "capacity",
            "util", demands ? "lambda gain per +Gbit/s" : "s saved per +Gbit/s");
    for (i = 0; i < n; i++) {
        igraph_integer_t e = order[i];
        char ends[80];
        snprintf(ends, sizeof(ends), "%s-%s", topo->node_id[topo->span_from[e]],
                 topo->node_id[topo->span_to[e]]);
        fprintf(fp, "%-8s %-34s %10s / %-8s %9s %5.1f%%  %.3g\n", topo->span_id[e], ends,
                fp_textfmt_grouped(a, sizeof(a), rt->load_gbps[2 * e]),
                fp_textfmt_grouped(b, sizeof(b), rt->load_gbps[2 * e + 1]),
                fp_textfmt_grouped(c, sizeof(c), fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0),
                100.0 * util_of(e), demands ? rt->dtheta_dc[e] : rt->marginal_s_per_gbps[e]);
    }
    if (rt->algorithm == FP_COLL_TREE) {
        fprintf(fp, "\n%ld tree%s (share, root, depth: edges)\n", (long)rt->n_trees,
                rt->n_trees == 1 ? "" : "s");
        for (i = 0; i < rt->n_trees; i++) {
            const struct fp_tree *t = &rt->trees[i];
            fprintf(fp, "  t%-3ld %5.1f%%  %-16s %s:", (long)i + 1, 100.0 * t->rate_gbps / rt->theta_gbps,
                    topo->node_id[t->root], cmdutil_delay(a, sizeof(a), t->depth_s));
            for (j = 0; j < t->n_edges; j++) {
                fprintf(fp, " %s-%s", topo->node_id[t->edges[2 * j]], topo->node_id[t->edges[2 * j + 1]]);
            }
            fprintf(fp, "\n");
        }
    } else if (rt->algorithm == FP_COLL_RING) {
        fprintf(fp, "\nring order:");
        for (i = 0; i < rt->n_ring; i++) {
            fprintf(fp, " %s", topo->node_id[rt->ring_order[i]]);
        }
        fprintf(fp, " (and back)\n");
    }
    free(order);
}

static void print_group(FILE *fp, const struct run *r);

static void print_text(FILE *fp, const struct run *r)
{
    const struct fp_topo *topo = &r->topo;
    const struct fp_route *best = &r->routes[r->best];
    char a[64], b[64];
    int i;

    if (best->algorithm == FP_COLL_DEMANDS) {
        fprintf(fp, "route      demands: %ld commodities over %s\n", (long)(r->n_demands > 0
                ? r->n_demands : topo->n_demands), topo->name != NULL ? topo->name : topo->path);
        fprintf(fp, "lambda     %.6g: the demand matrix fits %.6g times; max utilisation %.1f%%\n",
                best->theta_gbps, best->theta_gbps, 100.0 / best->theta_gbps);
    } else {
        fprintf(fp, "route      %s all-reduce of %.4g TB across %ld sites (%s)\n",
                fp_result_collective_name(best->algorithm), r->job.gradient_bytes / 1e12,
                (long)r->job.n_sites, topo->name != NULL ? topo->name : topo->path);
        fprintf(fp, "T          %.4g s = bandwidth %.4g s + latency %s  (theta %s Gbit/s)\n",
                best->allreduce_s, best->bandwidth_s, cmdutil_delay(a, sizeof(a), best->latency_s),
                fp_textfmt_grouped(b, sizeof(b), best->theta_gbps));
    }
    if (r->have_bound && best->algorithm != FP_COLL_DEMANDS) {
        fprintf(fp, "bound      T_lb %.4g s, T / T_lb = %.4f; lambda_min %s Gbit/s\n",
                r->bound.allreduce_s, best->lower_bound_ratio,
                fp_textfmt_grouped(a, sizeof(a), r->bound.lambda_min_gbps));
        cmdutil_bottleneck(fp, topo, &r->bound, best->theta_gbps, NULL, false);
    }
    cmdtrainer_print_step(fp, &r->step);
    print_group(fp, r);
    fprintf(fp, "solver     %s, %ld columns, %ld rounds", fp_result_status_name(best->status),
            best->columns, best->rounds);
    if (best->status != FP_STATUS_OPTIMAL) {
        if (isnan(best->gap)) {
            fprintf(fp, ", gap unknown");
        } else {
            char pct[32];
            fprintf(fp, ", gap %s", fp_textfmt_percent(pct, sizeof(pct), best->gap));
        }
        if (best->status == FP_STATUS_TIME_LIMIT && r->o.set[OPT_TIME_LIMIT]) {
            fprintf(fp, ", not proven in %g s", r->o.num[OPT_TIME_LIMIT]);
        }
    }
    fprintf(fp, "\n");
    if (r->n_routes > 1) {
        fprintf(fp, "\n%-8s %14s %10s %10s %10s\n", "algorithm", "theta Gbit/s", "T s", "T_bw s", "T_lat s");
        for (i = 0; i < r->n_routes; i++) {
            const struct fp_route *rt = &r->routes[i];
            fprintf(fp, "%-8s %14s %10.4g %10.4g %10.4g%s\n", fp_result_collective_name(rt->algorithm),
                    fp_textfmt_grouped(a, sizeof(a), rt->theta_gbps), rt->allreduce_s, rt->bandwidth_s,
                    rt->latency_s, i == r->best ? "  <- best" : "");
        }
    }
    print_route_detail(fp, r, best);
}

/* The tree's marginal values by re-solving (solvers/marginal.h), in place of the capacity
 * duals, which a degenerate optimum makes one valid choice among many. */
static int exact_marginals(struct run *r, const struct fp_route_options *ro, struct fp_error *err)
{
    struct fp_route *best = &r->routes[r->best];
    struct fp_route_options o = *ro;
    igraph_integer_t e;
    int rc;
    igraph_integer_t saturated = 0;
    if (best->algorithm != FP_COLL_TREE || best->status != FP_STATUS_OPTIMAL) {
        return FP_OK;
    }
    for (e = 0; e < r->topo.n_spans; e++) {
        double c = fp_topo_is_lit(&r->topo, e) ? r->topo.capacity_gbps[e] : 0.0;
        saturated += c > 0 && fmax(best->load_gbps[2 * e], best->load_gbps[2 * e + 1]) >= c * (1 - 1e-7);
    }
    if (ro->time_limit_s > 0 || saturated > MAX_RESOLVED) {
        /* each re-solve is a full solve: keep the duals rather than outrun the limit */
        r->marg_skipped = saturated;
        return FP_OK;
    }
    o.progress = NULL;
    o.write_lp = NULL;
    rc = fp_marginal_solve(&r->topo, &r->job, &o, best, &r->marg, err);
    if (rc == FP_OK) {
        r->have_marg = true;
        for (e = 0; e < r->topo.n_spans; e++) {
            best->dtheta_dc[e] = r->marg.dtheta_dc[e];
            best->marginal_s_per_gbps[e] = r->marg.s_per_gbps[e];
        }
        if (r->marg.n_group > 0) {
            best->marginal_group = fp_xcalloc((size_t)r->marg.n_group, sizeof(igraph_integer_t));
            memcpy(best->marginal_group, r->marg.group, (size_t)r->marg.n_group * sizeof(igraph_integer_t));
            best->n_marginal_group = r->marg.n_group;
            best->marginal_group_dtheta_dc = r->marg.group_dtheta_dc;
            best->marginal_group_s_per_gbps = r->marg.group_s_per_gbps;
        }
    }
    return rc;
}

/* What the marginal values say when no span alone helps. */
static void print_group(FILE *fp, const struct run *r)
{
    const struct fp_marginal *m = &r->marg;
    igraph_integer_t i;
    if (r->marg_skipped > 0) {
        fprintf(fp, "marginal   capacity duals, one valid price among several (%ld saturated spans "
                "not re-solved: --time-limit, or more than %d)\n", (long)r->marg_skipped, MAX_RESOLVED);
        return;
    }
    if (!r->have_marg || m->single_helps) {
        return;
    }
    if (m->n_group == 0) {
        fprintf(fp, "marginal   no span alone helps, nor the saturated spans together\n");
        return;
    }
    fprintf(fp, "marginal   no span alone helps;");
    for (i = 0; i < m->n_group; i++) {
        fprintf(fp, "%s%s", i > 0 ? ", " : " ", r->topo.span_id[m->group[i]]);
    }
    fprintf(fp, " together: +%.4g Gbit/s theta, %.3g s saved per Gbit/s each\n",
            m->group_dtheta_dc, m->group_s_per_gbps);
}

static void run_release(struct run *r)
{
    igraph_integer_t i;
    for (i = 0; i < r->n_routes; i++) {
        fp_result_route_release(&r->routes[i]);
    }
    for (i = 0; i < r->n_demands; i++) {
        free(r->demands[i].id);
    }
    free(r->demands);
    free(r->ring);
    fp_result_bound_release(&r->bound);
    fp_marginal_release(&r->marg);
    cmdtrainer_release(&r->trainer);
    fp_job_release(&r->job);
    fp_topo_release(&r->topo);
    opts_release(&r->o);
}

/* The text or JSON (with the step-time model) into *text, and the trainer configuration. */
static int route_output(struct run *r, const struct fp_route_options *ro, const char *formulation,
                        double t0, char **text, struct fp_error *err)
{
    const struct fp_route *best = &r->routes[r->best];
    size_t len = 0;
    int rc = FP_OK;

    if (best->algorithm != FP_COLL_DEMANDS) {
        fp_trainer_step_compute(r->job.compute_time, best->allreduce_s, r->trainer.to.utilization,
                                &r->step);
    } else {
        fp_trainer_step_compute(NAN, NAN, NAN, &r->step);
    }
    if (r->o.set[OPT_JSON]) {
        *text = fp_resultjson_route(&r->topo, &r->job, r->have_bound ? &r->bound : NULL, r->routes,
                                    r->n_routes, r->best, formulation, cmdutil_seconds(&r->o, t0));
        rc = fp_trainer_stamp_step(text, &r->step, err);
    } else {
        FILE *fp = open_memstream(text, &len);
        if (fp == NULL) {
            return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
        }
        print_text(fp, r);
        fclose(fp);
    }
    if (rc == FP_OK && r->o.set[OPT_TRAINER_CONFIG]) {
        if (best->algorithm == FP_COLL_DEMANDS) {
            return fp_error_set(err, FP_EUSAGE, NULL, 0, "route: --trainer-config needs an all-reduce "
                                "collective, not demands (see 'fiberplan route --help')");
        }
        cmdutil_solving = 1;   /* the fallbacks' solves stop on a signal like the route's */
        rc = cmdtrainer_write(r->o.str[OPT_TRAINER_CONFIG], &r->o, &r->topo, &r->job, best,
                              r->have_bound ? &r->bound : NULL, ro, NULL, &r->trainer, err);
        cmdutil_solving = 0;
    }
    if (rc == FP_OK && r->o.set[OPT_JSON]) {
        rc = cmdutil_stamp(&r->o, text, err);
    }
    return rc;
}

int cmd_route(int argc, char **argv)
{
    struct run r;
    struct fp_error err;
    struct fp_route_options ro;
    enum fp_collective algs[3];
    const char *coll, *formulation;
    struct fp_deadline dl;
    char *text = NULL;
    double t0 = cmdutil_now_s();
    int rc, n_algs = 0, i;

    fp_error_init(&err);
    memset(&r, 0, sizeof(r));
    rc = opts_parse("route", CMD_ROUTE, argc, argv, &r.o, &err);
    if (rc != FP_OK) {
        goto out;
    }
    if (r.o.set[OPT_HELP]) {
        cmdutil_help(usage, CMD_ROUTE);
        goto out;
    }
    if (r.o.set[OPT_WORKLOAD]) {
        rc = cmd_route_workload(&r.o, &err);
        goto out;
    }
    rc = cmdtrainer_parse("route", &r.o, true, &r.trainer, &err);
    if (rc != FP_OK) {
        goto out;
    }
    coll = r.o.set[OPT_COLLECTIVE] ? r.o.str[OPT_COLLECTIVE] : r.o.set[OPT_DEMANDS] ? "demands" : "tree";
    rc = cmdutil_load("route", &r.o, strcmp(coll, "demands") != 0, &r.topo, &r.job, &err);
    if (rc == FP_OK && strcmp(coll, "demands") != 0) {
        rc = cmdtrainer_check("route", &r.o, &r.topo, &r.job, &r.trainer, &err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    formulation = r.o.set[OPT_FORMULATION] ? r.o.str[OPT_FORMULATION] : "path";
    if (strcmp(coll, "all") == 0) {
        algs[n_algs++] = FP_COLL_TREE;
        algs[n_algs++] = FP_COLL_RING;
        algs[n_algs++] = FP_COLL_DIRECT;
    } else {
        algs[n_algs++] = strcmp(coll, "ring") == 0 ? FP_COLL_RING : strcmp(coll, "direct") == 0
                         ? FP_COLL_DIRECT : strcmp(coll, "demands") == 0 ? FP_COLL_DEMANDS : FP_COLL_TREE;
    }
    if (r.o.set[OPT_DEMANDS] && algs[0] != FP_COLL_DEMANDS) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "route: --demands goes with --collective demands "
                          "(see 'fiberplan route --help')");
        goto out;
    }
    if (r.o.set[OPT_APPROX] &&
        (n_algs != 1 || algs[0] != FP_COLL_TREE || strcmp(formulation, "arcflow") == 0 ||
         r.o.set[OPT_SINGLE_PATH] || r.o.set[OPT_MAX_STRETCH] || !(r.o.num[OPT_APPROX] < 1))) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0,
                          "route: --approx EPS (0 < EPS < 1) goes with the tree collective and "
                          "the path formulation, without --single-path or --max-stretch");
        goto out;
    }
    if (r.o.set[OPT_RING_ORDER]) {
        rc = parse_ring(&r, &err);
        if (rc != FP_OK) {
            goto out;
        }
    }
    fp_route_options_init(&ro);
    ro.formulation = strcmp(formulation, "arcflow") == 0 ? FP_FORM_ARCFLOW : FP_FORM_PATH;
    ro.single_path = r.o.set[OPT_SINGLE_PATH];
    if (r.o.set[OPT_APPROX]) {
        ro.approx_eps = r.o.num[OPT_APPROX];
    }
    if (r.o.set[OPT_MAX_STRETCH]) {
        ro.max_stretch = r.o.num[OPT_MAX_STRETCH];
    }
    if (r.o.set[OPT_ALPHA]) {
        ro.alpha_s = r.o.num[OPT_ALPHA];
    }
    if (r.o.set[OPT_TIME_LIMIT]) {
        ro.time_limit_s = r.o.num[OPT_TIME_LIMIT];
    }
    ro.ring_order = r.ring;
    ro.stop = &cmdutil_stop;
    if (r.o.set[OPT_TRAINER_FALLBACKS]) {
        /* the fallbacks' solves count against the same --time-limit */
        fp_deadline_init(&dl, ro.time_limit_s, &cmdutil_stop);
        ro.deadline = &dl;
    }
    cmdutil_feedback(&r.o, &ro, NULL);
    if (algs[0] == FP_COLL_DEMANDS) {
        if (r.o.set[OPT_DEMANDS]) {
            rc = fp_demands_read(r.o.str[OPT_DEMANDS], &r.topo, &r.demands, &r.n_demands, &err);
            if (rc != FP_OK) {
                goto out;
            }
            ro.demands = r.demands;
            ro.n_demands = r.n_demands;
        } else if (r.topo.n_demands > 0) {
            ro.demands = r.topo.demands;
            ro.n_demands = r.topo.n_demands;
        } else {
            rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "route: --collective demands needs --demands "
                              "FILE.csv or an SNDlib topology with demands (see 'fiberplan route --help')");
            goto out;
        }
    } else {
        rc = fp_bound_compute(&r.topo, &r.job, &r.bound, &err);
        if (rc != FP_OK) {
            goto out;
        }
        r.have_bound = true;
        ro.upper_bound_gbps = r.bound.theta_lb_gbps;
    }
    cmdutil_solving = 1;
    for (i = 0; i < n_algs && rc == FP_OK; i++) {
        ro.collective = algs[i];
        ro.progress_ctx = (void *)fp_result_collective_name(algs[i]);
        ro.write_lp = n_algs == 1 && r.o.set[OPT_WRITE_LP] ? r.o.str[OPT_WRITE_LP] : NULL;
        rc = fp_route_solve(&r.topo, &r.job, &ro, &r.routes[i], &err);
        if (rc == FP_OK) {
            r.n_routes++;
            if (r.have_bound) {
                r.routes[i].lower_bound_ratio = r.routes[i].allreduce_s / r.bound.allreduce_s;
            }
            if (i > 0 && r.routes[i].allreduce_s < r.routes[r.best].allreduce_s) {
                r.best = i;
            }
        }
    }
    cmdutil_solving = 0;
    if (rc == FP_OK && n_algs > 1 && r.o.set[OPT_WRITE_LP]) {
        /* the best collective's LP: solve it once more, writing it */
        struct fp_route again;
        memset(&again, 0, sizeof(again));
        ro.collective = r.routes[r.best].algorithm;
        ro.ring_order = r.routes[r.best].ring_order;
        ro.write_lp = r.o.str[OPT_WRITE_LP];
        ro.progress = NULL;
        rc = fp_route_solve(&r.topo, &r.job, &ro, &again, &err);
        fp_result_route_release(&again);
    }
    if (rc == FP_OK) {
        rc = exact_marginals(&r, &ro, &err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    rc = route_output(&r, &ro, formulation, t0, &text, &err);
    if (rc != FP_OK) {
        goto out;
    }
    rc = msg_output(r.o.str[OPT_OUTPUT], text, &err);
out:
    free(text);
    run_release(&r);
    if (rc != FP_OK) {
        msg_error(&err);
    }
    return rc;
}
