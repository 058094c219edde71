/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan route --workload: several jobs and a background demand on the same spans (MODEL.md
 * "Workloads"): lambda, each job's theta_j and T_j against the job alone, the spans that set
 * lambda and the jobs on them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdtrainer.h"
#include "cli/cmdutil.h"
#include "cli/cmdworkload.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "core/xalloc.h"
#include "io/resultjson.h"
#include "io/textfmt.h"
#include "solvers/bound.h"
#include "solvers/workload.h"

#define TOP_SPANS 10

struct wrun {
    struct fp_topo topo;
    struct fp_job none;              /* cmdutil_load's job slot: unused */
    struct fp_workload wl;
    struct fp_workload_result res;
    struct fp_bound *bounds;         /* one per job */
    igraph_integer_t n_bounds;
    struct cmdtrainer *trainer;      /* one per job: --trainer-config DIR/, --mesh, --utilization */
};


static void print_jobs(FILE *fp, const struct wrun *w)
{
    igraph_integer_t j;
    char a[64], b[64], c[64];
    fprintf(fp, "\n%-16s %-10s %7s %5s %14s %9s %9s %9s %14s %8s\n", "job", "collective", "weight",
            "sites", "theta Gbit/s", "T s", "T_bw s", "T_lat", "alone Gbit/s", "slowdown");
    for (j = 0; j < w->wl.n_jobs; j++) {
        const struct fp_workload_job *wj = &w->wl.jobs[j];
        const struct fp_workload_job_result *jr = &w->res.jobs[j];
        fprintf(fp, "%-16s %-10s %7.4g %5ld %14s %9.4g %9.4g %9s %14s %7.3fx\n", wj->name,
                fp_result_collective_name(wj->collective), wj->weight, (long)wj->job.n_sites,
                fp_textfmt_grouped(a, sizeof(a), jr->route.theta_gbps), jr->route.allreduce_s,
                jr->route.bandwidth_s, cmdutil_delay(b, sizeof(b), jr->route.latency_s),
                fp_textfmt_grouped(c, sizeof(c), jr->alone_theta_gbps), jr->slowdown);
    }
}

/* The jobs on span e, and the background when it carries some: ", "-separated. */
static void print_users(FILE *fp, const struct wrun *w, igraph_integer_t e)
{
    igraph_integer_t j;
    const char *sep = "";
    char a[64];
    for (j = 0; j < w->res.n_jobs; j++) {
        if (fp_workload_job_on_span(&w->res, j, e)) {
            fprintf(fp, "%s%s", sep, w->wl.jobs[j].name);
            sep = ", ";
        }
    }
    if (w->res.background_gbps[2 * e] > 0 || w->res.background_gbps[2 * e + 1] > 0) {
        fprintf(fp, "%sbackground %s Gbit/s", sep, fp_textfmt_grouped(a, sizeof(a),
                fmax(w->res.background_gbps[2 * e], w->res.background_gbps[2 * e + 1])));
    }
}

static double util_of(const struct wrun *w, igraph_integer_t e)
{
    double c = fp_topo_is_lit(&w->topo, e) ? w->topo.capacity_gbps[e] : 0.0;
    return c > 0 ? fmax(w->res.load_gbps[2 * e], w->res.load_gbps[2 * e + 1]) / c : 0.0;
}

/* The spans that set lambda, then the most utilised spans with who is on them. */
static void print_spans(FILE *fp, const struct wrun *w)
{
    const struct fp_topo *t = &w->topo;
    igraph_integer_t i, e, n = 0, *order = fp_xcalloc((size_t)t->n_spans + 1, sizeof(igraph_integer_t));
    char a[64], b[64], c[64];

    fprintf(fp, "\nlambda set by %ld span%s (saturated, d lambda / d c > 0)%s\n", (long)w->res.n_binding,
            w->res.n_binding == 1 ? "" : "s", w->res.n_binding > 0 ? ":" : "");
    for (i = 0; i < w->res.n_binding; i++) {
        e = w->res.binding[i];
        fprintf(fp, "  %-8s %s-%s %5.1f%%  +%.3g Gbit/s lambda per Gbit/s: ", t->span_id[e],
                t->node_id[t->span_from[e]], t->node_id[t->span_to[e]], 100.0 * util_of(w, e),
                w->res.dlambda_dc[e]);
        print_users(fp, w, e);
        fprintf(fp, "\n");
    }
    /* most utilised first (selection: the list is short), ties in file order */
    for (e = 0; e < t->n_spans; e++) {
        order[e] = e;
    }
    fprintf(fp, "\n%-8s %-34s %21s %9s %6s  %s\n", "span", "ends", "load fw / bw Gbit/s", "capacity",
            "util", "on it");
    for (n = 0; n < t->n_spans && n < TOP_SPANS; n++) {
        igraph_integer_t best = n, tmp;
        char ends[80];
        for (i = n + 1; i < t->n_spans; i++) {
            best = util_of(w, order[i]) > util_of(w, order[best]) + 1e-9 ? i : best;
        }
        tmp = order[n], order[n] = order[best], order[best] = tmp;
        e = order[n];
        snprintf(ends, sizeof(ends), "%s-%s", t->node_id[t->span_from[e]], t->node_id[t->span_to[e]]);
        fprintf(fp, "%-8s %-34s %10s / %-8s %9s %5.1f%%  ", t->span_id[e], ends,
                fp_textfmt_grouped(a, sizeof(a), w->res.load_gbps[2 * e]),
                fp_textfmt_grouped(b, sizeof(b), w->res.load_gbps[2 * e + 1]),
                fp_textfmt_grouped(c, sizeof(c), fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0),
                100.0 * util_of(w, e));
        print_users(fp, w, e);
        fprintf(fp, "\n");
    }
    free(order);
}

/* Each job's trees (share of its theta, root, depth: edges) or ring order. */
static void print_schedules(FILE *fp, const struct wrun *w)
{
    const struct fp_topo *t = &w->topo;
    igraph_integer_t j, i, e;
    char a[64];
    for (j = 0; j < w->res.n_jobs; j++) {
        const struct fp_route *r = &w->res.jobs[j].route;
        if (r->algorithm == FP_COLL_TREE) {
            fprintf(fp, "\n%s: %ld tree%s (share, root, depth: edges)\n", w->wl.jobs[j].name,
                    (long)r->n_trees, r->n_trees == 1 ? "" : "s");
        } else {
            fprintf(fp, "\n%s: %s", w->wl.jobs[j].name,
                    r->algorithm == FP_COLL_RING ? "ring order:" : "direct");
        }
        for (i = 0; i < r->n_trees; i++) {
            const struct fp_tree *tr = &r->trees[i];
            fprintf(fp, "  t%-3ld %5.1f%%  %-16s %s:", (long)i + 1, 100.0 * tr->rate_gbps / r->theta_gbps,
                    t->node_id[tr->root], cmdutil_delay(a, sizeof(a), tr->depth_s));
            for (e = 0; e < tr->n_edges; e++) {
                fprintf(fp, " %s-%s", t->node_id[tr->edges[2 * e]], t->node_id[tr->edges[2 * e + 1]]);
            }
            fprintf(fp, "\n");
        }
        for (i = 0; i < r->n_ring; i++) {
            fprintf(fp, " %s", t->node_id[r->ring_order[i]]);
        }
        fprintf(fp, "%s", r->algorithm == FP_COLL_RING ? " (and back)\n"
                          : r->algorithm == FP_COLL_DIRECT ? ": every site to every site\n" : "");
    }
}

static void print_text(FILE *fp, const struct wrun *w)
{
    const struct fp_topo *t = &w->topo;
    const struct fp_workload_result *res = &w->res;
    char a[64];

    fprintf(fp, "route      workload %s: %ld job%s, %ld background demand%s (%s)\n", w->wl.path,
            (long)w->wl.n_jobs, w->wl.n_jobs == 1 ? "" : "s", (long)w->wl.n_background,
            w->wl.n_background == 1 ? "" : "s", t->name != NULL ? t->name : t->path);
    fprintf(fp, "lambda     %s Gbit/s per unit of weight: every job gets theta = lambda x its weight%s\n",
            fp_textfmt_grouped(a, sizeof(a), res->lambda_gbps),
            res->single ? " (one job, no background: the job's route)" : "");
    if (w->wl.n_background > 0) {
        fprintf(fp, "background %s Gbit/s, carried in full\n",
                fp_textfmt_grouped(a, sizeof(a), fp_workload_background_gbps(&w->wl)));
    }
    fprintf(fp, "solver     %s, %ld columns, %ld rounds%s\n", fp_result_status_name(res->status),
            res->columns, res->rounds, res->status == FP_STATUS_OPTIMAL ? "" : ", lambda not proven");
    print_jobs(fp, w);
    print_spans(fp, w);
    print_schedules(fp, w);
}

/* Each job's lower bound (MODEL.md "Lower bound", the job alone), and T_j / T_lb. */
static int job_bounds(struct wrun *w, struct fp_error *err)
{
    igraph_integer_t j;
    int rc = cmdworkload_bounds(&w->topo, &w->wl, &w->bounds, &w->n_bounds, err);
    for (j = 0; rc == FP_OK && j < w->wl.n_jobs; j++) {
        struct fp_route *r = &w->res.jobs[j].route;
        r->lower_bound_ratio = r->allreduce_s / w->bounds[j].allreduce_s;
    }
    return rc;
}

static void wrun_release(struct wrun *w)
{
    cmdworkload_bounds_release(w->bounds, w->n_bounds);
    cmdtrainer_workload_free(w->trainer, w->wl.n_jobs);
    fp_workload_result_release(&w->res);
    fp_workload_release(&w->wl);
    fp_job_release(&w->none);
    fp_topo_release(&w->topo);
}

int cmd_route_workload(const struct opts *o, struct fp_error *err)
{
    struct wrun w;
    struct fp_route_options ro;
    struct fp_deadline dl;
    char *text = NULL;
    size_t len = 0;
    double t0 = cmdutil_now_s();
    int rc;

    memset(&w, 0, sizeof(w));
    rc = cmdworkload_refuse("route", o, true, err);
    if (rc == FP_OK) {
        rc = cmdworkload_load("route", o, &w.topo, &w.none, &w.wl, err);
    }
    if (rc == FP_OK) {
        rc = cmdtrainer_workload_check("route", o, &w.topo, &w.wl, &w.trainer, err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    fp_route_options_init(&ro);
    ro.alpha_s = o->set[OPT_ALPHA] ? o->num[OPT_ALPHA] : ro.alpha_s;
    ro.time_limit_s = o->set[OPT_TIME_LIMIT] ? o->num[OPT_TIME_LIMIT] : 0.0;
    ro.write_lp = o->set[OPT_WRITE_LP] ? o->str[OPT_WRITE_LP] : NULL;
    ro.stop = &cmdutil_stop;
    if (o->set[OPT_TRAINER_FALLBACKS]) {
        /* the fallbacks' solves count against the same --time-limit */
        fp_deadline_init(&dl, ro.time_limit_s, &cmdutil_stop);
        ro.deadline = &dl;
    }
    cmdutil_feedback(o, &ro, "workload");
    cmdutil_solving = 1;
    rc = fp_workload_solve(&w.topo, &w.wl, &ro, &w.res, err);
    cmdutil_solving = 0;
    if (rc == FP_OK) {
        rc = job_bounds(&w, err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    if (o->set[OPT_JSON]) {
        text = fp_resultjson_workload(&w.topo, &w.wl, &w.res, w.bounds, cmdutil_seconds(o, t0));
        rc = cmdutil_stamp(o, &text, err);
    } else {
        FILE *fp = open_memstream(&text, &len);
        if (fp == NULL) {
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
            goto out;
        }
        print_text(fp, &w);
        fclose(fp);
    }
    if (rc == FP_OK && o->set[OPT_TRAINER_CONFIG]) {
        rc = cmdtrainer_workload_write(o, &w.topo, &w.wl, &w.res, w.bounds, &ro, w.trainer, err);
    }
    if (rc == FP_OK) {
        rc = msg_output(o->str[OPT_OUTPUT], text, err);
    }
out:
    free(text);
    wrun_release(&w);
    return rc;
}
