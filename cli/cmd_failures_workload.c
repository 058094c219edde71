/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan failures --workload: a workload when a conduit is cut (MODEL.md "Failures",
 * "Workloads"): per scenario lambda, each job's theta_j and T_j against the intact network, the
 * background carried or not, and the worst scenario for lambda and for each job. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdutil.h"
#include "cli/cmdworkload.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "core/farm.h"
#include "core/xalloc.h"
#include "io/resultjson.h"
#include "io/textfmt.h"
#include "solvers/bound.h"
#include "solvers/wlfailures.h"

struct wfrun {
    struct fp_topo topo;
    struct fp_job none;              /* cmdutil_load's job slot: unused */
    struct fp_workload wl;
    struct fp_workload_failures f;
    struct fp_bound *bounds;         /* one per job, on the intact network */
    igraph_integer_t n_bounds;
};

/* theta with ">=" when the scenario was cut short (a lower bound), "-" when it does not run. */
static const char *theta_text(char *buf, size_t size, double theta, bool stopped, bool runs)
{
    char a[64];
    if (!runs) {
        snprintf(buf, size, "-");
    } else {
        snprintf(buf, size, "%s%s", stopped ? ">=" : "", fp_textfmt_grouped(a, sizeof(a), theta));
    }
    return buf;
}

static void print_head(FILE *fp, const struct wfrun *w)
{
    const struct fp_workload_failures *f = &w->f;
    const struct fp_workload_result *in = &f->intact;
    char a[64];
    igraph_integer_t j;

    fprintf(fp, "failures   workload %s: %ld job%s, %ld background demand%s (%s)\n", w->wl.path,
            (long)w->wl.n_jobs, w->wl.n_jobs == 1 ? "" : "s", (long)w->wl.n_background,
            w->wl.n_background == 1 ? "" : "s", w->topo.name != NULL ? w->topo.name : w->topo.path);
    fprintf(fp, "           %ld %s scenarios: %ld cut a job's sites apart, %ld where the background does not fit\n",
            (long)f->n, f->by_srlg ? "SRLG" : "span", (long)f->n_cut, (long)f->n_unfit);
    fprintf(fp, "intact     lambda %s Gbit/s per unit of weight\n", fp_textfmt_grouped(a, sizeof(a), in->lambda_gbps));
    for (j = 0; j < in->n_jobs; j++) {
        fprintf(fp, "           %-16s theta %s Gbit/s, T %.4g s\n", w->wl.jobs[j].name,
                fp_textfmt_grouped(a, sizeof(a), in->jobs[j].route.theta_gbps), in->jobs[j].route.allreduce_s);
    }
    if (f->intact_from != NULL) {
        fprintf(fp, "           intact T_lat %s: the schedule found for %s, which runs intact too\n",
                cmdutil_delay(a, sizeof(a), in->jobs[0].route.latency_s), f->intact_from);
    }
    if (f->n_stopped > 0) {
        fprintf(fp, "stopped    %ld of %ld scenarios cut short (signal or --time-limit), marked '>=': lambda "
                "and theta at least, T at most that\n", (long)f->n_stopped, (long)f->n);
    }
}

/* The worst scenario for lambda and for each job. */
static void print_worst(FILE *fp, const struct wfrun *w)
{
    const struct fp_workload_failures *f = &w->f;
    char a[64];
    igraph_integer_t j;
    fprintf(fp, "worst      lambda: ");
    if (f->worst_lambda >= 0) {
        const struct fp_workload_scenario *s = &f->items[f->worst_lambda];
        fprintf(fp, "%s, %s Gbit/s (%.3fx intact)\n", s->f.label, fp_textfmt_grouped(a, sizeof(a), s->lambda_gbps),
                s->lambda_gbps / f->intact.lambda_gbps);
    } else {
        fprintf(fp, "none (every scenario cuts a job off or leaves the background no room)\n");
    }
    for (j = 0; j < f->n_jobs; j++) {
        const struct fp_workload_scenario *s = f->worst_job[j] >= 0 ? &f->items[f->worst_job[j]] : NULL;
        fprintf(fp, "           %-16s ", w->wl.jobs[j].name);
        if (s == NULL) {
            fprintf(fp, "no scenario\n");
        } else if (s->jobs[j].disconnected) {
            fprintf(fp, "%s: its sites cut apart\n", s->f.label);
        } else if (!(s->jobs[j].route.theta_gbps > 0.0)) {
            fprintf(fp, "%s: gets nothing\n", s->f.label);
        } else {
            fprintf(fp, "%s: T %.4g s (%.3fx intact), theta %s Gbit/s\n", s->f.label, s->jobs[j].route.allreduce_s,
                    s->jobs[j].route.allreduce_s / f->intact.jobs[j].route.allreduce_s,
                    fp_textfmt_grouped(a, sizeof(a), s->jobs[j].route.theta_gbps));
        }
    }
}

/* What a scenario is beyond its numbers: an SRLG's spans, unbuilt, the background. */
static void print_notes(FILE *fp, const struct wfrun *w, const struct fp_workload_scenario *s)
{
    igraph_integer_t i;
    for (i = 0; w->f.by_srlg && i < s->f.n_failed; i++) {
        fprintf(fp, "%s%s", i > 0 ? "," : " spans ", w->topo.span_id[s->f.failed[i]]);
    }
    if (s->f.not_built) {
        fprintf(fp, " not built: no scenario");
    }
}

/* A background that does not fit: its own line under the scenario's. */
static void print_background(FILE *fp, const struct wfrun *w, const struct fp_workload_scenario *s)
{
    igraph_integer_t i;
    char a[64];
    if (fp_workload_scenario_fits(s)) {
        return;
    }
    fprintf(fp, "%-14s %14s %8s  BACKGROUND DOES NOT FIT:", "", "", "");
    if (s->n_background_cut > 0) {
        fprintf(fp, " %ld demand%s cut apart (%s Gbit/s)%s", (long)s->n_background_cut,
                s->n_background_cut == 1 ? "" : "s", fp_textfmt_grouped(a, sizeof(a), s->background_cut_gbps),
                s->background_share < 1.0 ? ";" : "");
    }
    if (s->background_share < 1.0) {
        fprintf(fp, " %s%.4g%% of %s carried, the jobs share what it leaves", s->f.stopped ? ">=" : "",
                100.0 * s->background_share, s->n_background_cut > 0 ? "the rest" : "it");
    }
    if (s->n_saturated > 0) {
        fprintf(fp, " (saturated:");
        for (i = 0; i < s->n_saturated; i++) {
            fprintf(fp, " %s", w->topo.span_id[s->saturated[i]]);
        }
        fprintf(fp, ")");
    }
    fprintf(fp, "\n");
}

static void print_scenario(FILE *fp, const struct wfrun *w, const struct fp_workload_scenario *s)
{
    char a[80], b[80], c[80], d[80];
    igraph_integer_t j, i;
    for (j = 0; j < w->f.n_jobs; j++) {
        const struct fp_workload_scenario_job *sj = &s->jobs[j];
        bool runs = !sj->disconnected && sj->route.theta_gbps > 0.0;
        if (j == 0) {
            snprintf(c, sizeof(c), "%.3f", s->lambda_gbps / w->f.intact.lambda_gbps);
            fprintf(fp, "%-14s %14s %8s  ", s->f.label,
                    theta_text(a, sizeof(a), s->lambda_gbps, s->f.stopped, s->lambda_gbps > 0),
                    s->lambda_gbps > 0 ? c : "-");
        } else {
            fprintf(fp, "%-14s %14s %8s  ", "", "", "");
        }
        snprintf(c, sizeof(c), "%.3fx", sj->slowdown);
        fprintf(fp, "%-16s %14s %10s %9s %14s", w->wl.jobs[j].name,
                theta_text(a, sizeof(a), sj->route.theta_gbps, s->f.stopped, !sj->disconnected),
                runs ? (snprintf(b, sizeof(b), "%.4g", sj->route.allreduce_s), b) : "-", runs ? c : "-",
                sj->disconnected ? "0" : fp_textfmt_grouped(d, sizeof(d), sj->alone_theta_gbps));
        if (sj->disconnected) {
            fprintf(fp, " DISCONNECTS");
            for (i = 0; i < sj->n_cut_off; i++) {
                fprintf(fp, " %s", w->topo.node_id[sj->cut_off[i]]);
            }
        }
        if (j == 0) {
            print_notes(fp, w, s);
        }
        fprintf(fp, "\n");
    }
    print_background(fp, w, s);
}

static void print_text(FILE *fp, const struct wfrun *w)
{
    igraph_integer_t i;
    print_head(fp, w);
    print_worst(fp, w);
    fprintf(fp, "\n%-14s %14s %8s  %-16s %14s %10s %9s %14s  %s\n", w->f.by_srlg ? "srlg" : "span",
            "lambda Gbit/s", "x intact", "job", "theta Gbit/s", "T s", "slowdown", "alone Gbit/s",
            "sites cut off / notes");
    for (i = 0; i < w->f.n; i++) {
        print_scenario(fp, w, &w->f.items[i]);
    }
    fprintf(fp, "\nslowdown: the job's theta on the intact network / in the scenario; alone: the job alone on\n"
                "the damaged network (what 'fiberplan failures' of that job gives)\n");
}

/* Each job's lower bound on the intact network (MODEL.md "Lower bound"; a failure only takes
 * capacity away, so it bounds every scenario too), and T_j / T_lb in every scenario. */
static int job_bounds(struct wfrun *w, struct fp_error *err)
{
    igraph_integer_t j, i;
    int rc = cmdworkload_bounds(&w->topo, &w->wl, &w->bounds, &w->n_bounds, err);
    for (j = 0; rc == FP_OK && j < w->wl.n_jobs; j++) {
        struct fp_route *r = &w->f.intact.jobs[j].route;
        r->lower_bound_ratio = r->allreduce_s / w->bounds[j].allreduce_s;
        for (i = 0; i < w->f.n; i++) {
            r = &w->f.items[i].jobs[j].route;
            r->lower_bound_ratio = isfinite(r->allreduce_s) ? r->allreduce_s / w->bounds[j].allreduce_s : NAN;
        }
    }
    return rc;
}

static void wfrun_release(struct wfrun *w)
{
    cmdworkload_bounds_release(w->bounds, w->n_bounds);
    fp_workload_failures_release(&w->f);
    fp_workload_release(&w->wl);
    fp_job_release(&w->none);
    fp_topo_release(&w->topo);
}

int cmd_failures_workload(const struct opts *o, struct fp_error *err)
{
    struct wfrun w;
    struct fp_route_options ro;
    char *text = NULL;
    size_t len = 0;
    double t0 = cmdutil_now_s();
    int rc;

    memset(&w, 0, sizeof(w));
    rc = cmdworkload_refuse("failures", o, false, err);
    if (rc == FP_OK) {
        rc = cmdworkload_load("failures", o, &w.topo, &w.none, &w.wl, err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    fp_route_options_init(&ro);
    ro.time_limit_s = o->set[OPT_TIME_LIMIT] ? o->num[OPT_TIME_LIMIT] : 0.0;
    ro.stop = &cmdutil_stop;
    cmdutil_feedback(o, &ro, "failures");
    cmdutil_solving = 1;
    rc = fp_wlfailures_solve(&w.topo, &w.wl, &ro, o->set[OPT_BY] && strcmp(o->str[OPT_BY], "srlg") == 0,
                             cmdutil_jobs(o), &w.f, err);
    cmdutil_solving = 0;
    if (rc != FP_OK || !fp_farm_root()) {
        goto out;
    }
    rc = job_bounds(&w, err);
    if (rc != FP_OK) {
        goto out;
    }
    if (o->set[OPT_JSON]) {
        text = fp_resultjson_workload_failures(&w.topo, &w.wl, &w.f, w.bounds, cmdutil_seconds(o, t0));
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
    if (rc == FP_OK) {
        rc = msg_output(o->str[OPT_OUTPUT], text, err);
    }
out:
    free(text);
    wfrun_release(&w);
    return rc;
}
