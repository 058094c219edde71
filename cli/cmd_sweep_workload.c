/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan sweep --workload: a workload's budget frontier (MODEL.md "Planning": sweep, with
 * "Workloads"): per budget the plan's lambda and each job's theta_j and T_j on the planned
 * network. */
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
#include "io/resultjson.h"
#include "io/textfmt.h"
#include "solvers/wlsweep.h"

struct wsrun {
    struct fp_topo topo;
    struct fp_job none;              /* cmdutil_load's job slot: unused */
    struct fp_workload wl;
    struct fp_workload_sweep s;
};

/* The candidates a point builds (a fraction in a continuous plan), or "-". */
static void print_built(FILE *fp, const struct fp_topo *topo, const struct fp_plan *p)
{
    igraph_integer_t e;
    int built = 0;
    for (e = 0; e < topo->n_spans; e++) {
        if (!fp_topo_is_lit(topo, e) && p->build[e] > 0) {
            if (p->build[e] >= 1 - 1e-9) {
                fprintf(fp, "%s%s", built++ > 0 ? " " : "", topo->span_id[e]);
            } else {
                fprintf(fp, "%s%s(%.2f)", built++ > 0 ? " " : "", topo->span_id[e], p->build[e]);
            }
        }
    }
    fprintf(fp, "%s", built == 0 ? "-" : "");
}

static void print_point(FILE *fp, const struct wsrun *w, igraph_integer_t i)
{
    const struct fp_workload_sweep_point *pt = &w->s.points[i];
    char a[64], b[64], c[64], d[64];
    igraph_integer_t j, e;
    int spans = 0;
    for (e = 0; e < w->topo.n_spans; e++) {
        spans += pt->p.plan.added_gbps[e] > 0;
    }
    for (j = 0; j < w->wl.n_jobs; j++) {
        const struct fp_workload_sweep_job *sj = &pt->jobs[j];
        if (j == 0) {
            fprintf(fp, "%16s %16s %14s  ", fp_textfmt_grouped(a, sizeof(a), pt->p.plan.budget_usd),
                    fp_textfmt_grouped(b, sizeof(b), pt->p.plan.cost_usd),
                    fp_textfmt_grouped(c, sizeof(c), pt->p.theta_gbps));
        } else {
            fprintf(fp, "%16s %16s %14s  ", "", "", "");
        }
        fprintf(fp, "%-16s %14s %9.4g %9.4g %10s", w->wl.jobs[j].name,
                fp_textfmt_grouped(d, sizeof(d), sj->theta_gbps), sj->allreduce_s, sj->bandwidth_s,
                cmdutil_delay(a, sizeof(a), sj->latency_s));
        if (j == 0) {
            fprintf(fp, " %6d  ", spans);
            print_built(fp, &w->topo, &pt->p.plan);
            fprintf(fp, "%s%s%s%s", pt->p.carried ? "  [smaller budget's plan]" : "", i == w->s.knee ? "  <- knee" : "",
                    pt->p.status != FP_STATUS_OPTIMAL ? "  [stopped]" : "",
                    pt->routed_afresh ? "" : "  [not routed afresh: the plan's own schedule]");
        }
        fprintf(fp, "\n");
    }
}

static void print_text(FILE *fp, const struct wsrun *w)
{
    const struct fp_workload_result *today = &w->s.today;
    char a[64];
    igraph_integer_t i, j;

    fprintf(fp, "sweep      %ld budget%s, %s; workload %s: %ld job%s, %ld background demand%s (%s)\n",
            (long)w->s.n, w->s.n == 1 ? "" : "s",
            w->s.n > 0 && w->s.points[0].p.plan.modular ? "whole wavelengths and builds" : "continuous",
            w->wl.path, (long)w->wl.n_jobs, w->wl.n_jobs == 1 ? "" : "s", (long)w->wl.n_background,
            w->wl.n_background == 1 ? "" : "s", w->topo.name != NULL ? w->topo.name : w->topo.path);
    fprintf(fp, "today      lambda %s Gbit/s per unit of weight\n", fp_textfmt_grouped(a, sizeof(a), today->lambda_gbps));
    for (j = 0; j < today->n_jobs; j++) {
        fprintf(fp, "           %-16s theta %s Gbit/s, T %.4g s\n", w->wl.jobs[j].name,
                fp_textfmt_grouped(a, sizeof(a), today->jobs[j].route.theta_gbps), today->jobs[j].route.allreduce_s);
    }
    fprintf(fp, "\n%16s %16s %14s  %-16s %14s %9s %9s %10s %6s  %s\n", "budget USD", "spent USD", "lambda Gbit/s",
            "job", "theta Gbit/s", "T s", "T_bw s", "T_lat", "spans", "built");
    for (i = 0; i < w->s.n; i++) {
        print_point(fp, w, i);
    }
    fprintf(fp, "\nlambda: every job gets theta = lambda x its weight on the planned network; spans: spans\n"
                "given capacity; built: candidates built (a fraction in a continuous plan); every upgrade\n"
                "per budget is in --json; --csv has one line per budget.\n");
}

/* CSV: one line per budget, numbers in full precision, each job's theta and T. */
static char *csv_text(const struct wsrun *w)
{
    char *text = NULL;
    size_t len = 0;
    igraph_integer_t i, j;
    FILE *fp = open_memstream(&text, &len);
    if (fp == NULL) {
        return NULL;
    }
    fprintf(fp, "budget_usd,cost_usd,scale_gbps,status,knee");
    for (j = 0; j < w->wl.n_jobs; j++) {
        fprintf(fp, ",%s_throughput_gbps,%s_allreduce_s", w->wl.jobs[j].name, w->wl.jobs[j].name);
    }
    fprintf(fp, "\n");
    for (i = 0; i < w->s.n; i++) {
        const struct fp_workload_sweep_point *pt = &w->s.points[i];
        fprintf(fp, "%.17g,%.17g,%.17g,%s,%d", pt->p.plan.budget_usd, pt->p.plan.cost_usd, pt->p.theta_gbps,
                fp_result_status_name(pt->p.status), i == w->s.knee);
        for (j = 0; j < w->wl.n_jobs; j++) {
            fprintf(fp, ",%.17g,%.17g", pt->jobs[j].theta_gbps, pt->jobs[j].allreduce_s);
        }
        fprintf(fp, "\n");
    }
    fclose(fp);
    return text;
}

/* The answer: text or JSON on -o, CSV on --csv. */
static int output(const struct opts *o, const struct wsrun *w, double t0, struct fp_error *err)
{
    char *text = NULL, *csv = NULL;
    size_t len = 0;
    int rc = FP_OK;
    if (o->set[OPT_JSON]) {
        text = fp_resultjson_workload_sweep(&w->topo, &w->wl, &w->s, cmdutil_seconds(o, t0));
        rc = cmdutil_stamp(o, &text, err);
    } else {
        FILE *fp = open_memstream(&text, &len);
        if (fp == NULL) {
            return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
        }
        print_text(fp, w);
        fclose(fp);
    }
    if (rc == FP_OK && o->set[OPT_CSV]) {
        csv = csv_text(w);
        rc = csv != NULL ? msg_output(o->str[OPT_CSV], csv, err)
                         : fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
    }
    if (rc == FP_OK) {
        rc = msg_output(o->str[OPT_OUTPUT], text, err);
    }
    free(csv);
    free(text);
    return rc;
}

int cmd_sweep_workload(const struct opts *o, const double *budgets, long n, struct fp_error *err)
{
    struct wsrun w;
    struct fp_route_options ro;
    struct fp_plan_options po;
    double t0 = cmdutil_now_s();
    int rc;

    memset(&w, 0, sizeof(w));
    rc = cmdworkload_refuse("sweep", o, false, err);
    if (rc == FP_OK) {
        rc = cmdworkload_load("sweep", o, &w.topo, &w.none, &w.wl, err);
    }
    if (rc == FP_OK) {
        fp_route_options_init(&ro);
        fp_plan_options_init(&po);
        ro.time_limit_s = o->set[OPT_TIME_LIMIT] ? o->num[OPT_TIME_LIMIT] : 0.0;
        ro.stop = &cmdutil_stop;
        cmdutil_feedback(o, &ro, "sweep");
        po.modular = o->set[OPT_MODULAR];
        cmdutil_solving = 1;
        rc = fp_wlsweep_solve(&w.topo, &w.wl, &ro, &po, budgets, (igraph_integer_t)n, cmdutil_jobs(o), &w.s, err);
        cmdutil_solving = 0;
    }
    if (rc == FP_OK && fp_farm_root()) {
        rc = output(o, &w, t0, err);
    }
    fp_workload_sweep_release(&w.s);
    fp_workload_release(&w.wl);
    fp_job_release(&w.none);
    fp_topo_release(&w.topo);
    return rc;
}
