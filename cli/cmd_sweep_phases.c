/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan sweep --phases: the frontier of a phased build-out's total budget against the
 * weighted all-reduce time (MODEL.md "Phases"): each total split over the phases in the
 * proportions of the file's budgets, planned jointly (plan --phases) and against the myopic
 * baseline. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "core/xalloc.h"
#include "io/phases.h"
#include "io/phasesjson.h"
#include "io/textfmt.h"
#include "solvers/bound.h"
#include "solvers/phases.h"
#include "solvers/plan.h"

/* ph with its budgets scaled to total (in the file's proportions; equal shares when they are all
 * 0) into *out: items copied, names and sites borrowed (free out->items only). */
static void scaled(const struct fp_phases *ph, double total, struct fp_phases *out)
{
    double sum = 0.0;
    igraph_integer_t p;
    *out = *ph;
    out->items = fp_xcalloc((size_t)ph->n, sizeof(struct fp_phase));
    for (p = 0; p < ph->n; p++) {
        sum += ph->items[p].budget_usd;
    }
    for (p = 0; p < ph->n; p++) {
        out->items[p] = ph->items[p];
        out->items[p].budget_usd = sum > 0 ? total * ph->items[p].budget_usd / sum : total / (double)ph->n;
    }
}

static void point_of(const struct fp_phases *ph, double total, const struct fp_phases_result *r, struct fp_phases_point *pt)
{
    double w = 0.0, wt = 0.0;
    igraph_integer_t p;
    pt->budget_usd = total;
    pt->cost_usd = 0.0;
    for (p = 0; p < ph->n; p++) {
        pt->cost_usd += r->joint[p].cost_usd;
        w += ph->items[p].weight;
        wt += ph->items[p].weight * r->joint[p].allreduce_s;
    }
    pt->weighted_s = w > 0 ? wt / w : NAN;
    pt->objective = r->objective;
    pt->myopic_objective = r->myopic_objective;
    pt->joint_gain = r->joint_gain;
    pt->status = r->status;
}

static void print_text(FILE *fp, const struct fp_phases *ph, const struct fp_phases_point *pts, long n,
                       bool modular)
{
    char a[64], b[64], c[64], d[64], g[64];
    long i;
    fprintf(fp, "sweep      phases %s: %ld phase%s, %ld total budgets split as the file's (%s)\n\n",
            ph->path, (long)ph->n, ph->n == 1 ? "" : "s", n, modular ? "whole modules" : "continuous");
    fprintf(fp, "%16s %16s %12s %18s %18s %14s\n", "budget USD", "spent USD", "sum w T/w s", "sum w theta",
            "myopic", "joint gains");
    for (i = 0; i < n; i++) {
        fprintf(fp, "%16s %16s %12.4g %18s %18s %14s%s\n", fp_textfmt_grouped(a, sizeof(a), pts[i].budget_usd),
                fp_textfmt_grouped(b, sizeof(b), pts[i].cost_usd), pts[i].weighted_s,
                fp_textfmt_grouped(c, sizeof(c), pts[i].objective), fp_textfmt_grouped(d, sizeof(d), pts[i].myopic_objective),
                isnan(pts[i].joint_gain) ? "unknown" : fp_textfmt_grouped(g, sizeof(g), pts[i].joint_gain),
                pts[i].status == FP_STATUS_TIME_LIMIT ? "  (cut short)" : "");
    }
    fprintf(fp, "\nsum w T/w: each phase's T on its network, weighted; plan --phases gives any point in full\n");
}

/* --csv: one line per total budget, numbers in full precision (joint_gain empty when cut short). */
static char *csv_text(const struct fp_phases_point *pts, long n)
{
    char *text = NULL;
    size_t len = 0;
    long i;
    FILE *fp = open_memstream(&text, &len);
    if (fp == NULL) {
        return NULL;
    }
    fprintf(fp, "budget_usd,cost_usd,weighted_allreduce_s,objective,myopic_objective,joint_gain,status\n");
    for (i = 0; i < n; i++) {
        const struct fp_phases_point *pt = &pts[i];
        fprintf(fp, "%.17g,%.17g,%.17g,%.17g,%.17g,", pt->budget_usd, pt->cost_usd, pt->weighted_s, pt->objective,
                pt->myopic_objective);
        if (!isnan(pt->joint_gain)) {
            fprintf(fp, "%.17g", pt->joint_gain);
        }
        fprintf(fp, ",%s\n", fp_result_status_name(pt->status));
    }
    fclose(fp);
    return text;
}

static int run(const struct opts *o, const struct fp_topo *topo, const struct fp_phases *ph,
               const double *budgets, long n, struct fp_phases_point *pts, struct fp_phases_result *last,
               struct fp_error *err)
{
    struct fp_route_options ro, each;
    struct fp_phases_options po;
    struct fp_deadline dl;
    long i;
    int rc = FP_OK;
    fp_route_options_init(&ro);
    fp_phases_options_init(&po);
    ro.time_limit_s = o->set[OPT_TIME_LIMIT] ? o->num[OPT_TIME_LIMIT] : ro.time_limit_s;
    ro.stop = &cmdutil_stop;
    cmdutil_feedback(o, &ro, "sweep");
    po.carry_over = o->set[OPT_CARRY_OVER];
    po.modular = o->set[OPT_MODULAR];
    /* one deadline for the whole sweep (MODEL.md "Anytime planning": --time-limit bounds the
     * command), each total an even share of the time left */
    fp_deadline_init(&dl, ro.time_limit_s, &cmdutil_stop);
    for (i = 0; rc == FP_OK && i < n; i++) {
        struct fp_phases sc;
        struct fp_deadline share;
        fp_deadline_share(&dl, 1.0, (double)(n - i), &share);
        each = ro;
        each.deadline = &share;
        scaled(ph, budgets[i], &sc);
        fp_phases_result_release(last);
        rc = fp_phases_solve(topo, &sc, &each, &po, last, err);
        if (rc == FP_OK) {
            point_of(&sc, budgets[i], last, &pts[i]);
        }
        free(sc.items);
    }
    return rc;
}

int cmd_sweep_phases(const struct opts *o, const double *budgets, long n, struct fp_error *err)
{
    struct fp_topo topo, view;
    struct fp_job none;
    struct fp_phases ph, sc;
    struct fp_phases_result last;
    struct fp_phases_point *pts = fp_xcalloc((size_t)n + 1, sizeof(*pts));
    struct fp_bound b;
    char *text = NULL;
    size_t len = 0;
    double t0 = cmdutil_now_s();
    int rc = FP_OK;

    memset(&topo, 0, sizeof(topo));
    memset(&none, 0, sizeof(none));
    memset(&ph, 0, sizeof(ph));
    memset(&last, 0, sizeof(last));
    memset(&b, 0, sizeof(b));
    if (o->set[OPT_WORKLOAD] || o->set[OPT_SITES]) {
        rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "sweep: --%s does not go with --phases (see 'fiberplan "
                          "sweep --help')", o->set[OPT_WORKLOAD] ? "workload" : "sites");
    }
    rc = rc == FP_OK ? cmdutil_load("sweep", o, false, &topo, &none, err) : rc;
    if (rc == FP_OK) {
        rc = fp_phases_read(o->str[OPT_PHASES], &topo, o->set[OPT_PARAMS] ? o->num[OPT_PARAMS] : topo.params,
                            o->set[OPT_GRAD_BYTES] ? o->num[OPT_GRAD_BYTES]
                            : isnan(topo.grad_bytes) ? FP_DEFAULT_GRAD_BYTES : topo.grad_bytes, &ph, err);
    }
    if (rc == FP_OK && ph.target) {
        rc = fp_error_set(err, FP_EDATA, ph.path, 0, "sweep --phases needs a budget_usd in every phase (the "
                          "split of each total), not target times");
    }
    if (rc == FP_OK) {
        cmdutil_solving = 1;
        rc = run(o, &topo, &ph, budgets, n, pts, &last, err);
        cmdutil_solving = 0;
    }
    if (rc == FP_OK && o->set[OPT_JSON]) {
        scaled(&ph, budgets[n - 1], &sc);
        fp_plan_view(&topo, &last.total, &view);
        if (fp_bound_compute(&view, &sc.items[sc.n - 1].job, &b, err) != FP_OK) {
            fp_error_init(err);
        }
        text = fp_phasesjson_sweep(&view, b.theta_lb_gbps > 0 ? &b : NULL, &sc, &last, pts, n, cmdutil_seconds(o, t0));
        rc = text == NULL ? fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: jansson: cannot build the result")
                          : cmdutil_stamp(o, &text, err);
        fp_plan_view_release(&view);
        free(sc.items);
    } else if (rc == FP_OK) {
        FILE *fp = open_memstream(&text, &len);
        rc = fp == NULL ? fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output") : FP_OK;
        if (fp != NULL) {
            print_text(fp, &ph, pts, n, o->set[OPT_MODULAR]);
            fclose(fp);
        }
    }
    if (rc == FP_OK && o->set[OPT_CSV]) {
        char *csv = csv_text(pts, n);
        rc = csv == NULL ? fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output")
                         : msg_output(o->str[OPT_CSV], csv, err);
        free(csv);
    }
    rc = rc == FP_OK ? msg_output(o->str[OPT_OUTPUT], text, err) : rc;
    free(text);
    free(pts);
    fp_result_bound_release(&b);
    fp_phases_result_release(&last);
    fp_phases_release(&ph);
    fp_job_release(&none);
    fp_topo_release(&topo);
    return rc;
}
