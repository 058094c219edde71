/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan plan --workload: a capacity plan for several jobs and a background demand (MODEL.md
 * "Planning" with "Workloads"): the most lambda within a budget, or the cheapest plan that
 * brings every job to its target time; each job's theta_j and T_j before and after. */
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
#include "io/graphmlout.h"
#include "io/resultjson.h"
#include "io/textfmt.h"
#include "solvers/workload.h"

struct wprun {
    struct fp_topo topo;
    struct fp_job none;              /* cmdutil_load's job slot: unused */
    struct fp_workload wl;
    struct fp_workload_plan p;
    struct fp_topo view;             /* the planned network (fp_plan_view) */
    bool have_view;
    struct fp_bound *bounds;         /* one per job, on the planned network */
    igraph_integer_t n_bounds;
    struct cmdtrainer *trainer;      /* one per job: --trainer-config DIR/, --mesh, --utilization */
};

static void print_jobs(FILE *fp, const struct wprun *w)
{
    const struct fp_workload_plan *p = &w->p;
    char a[64], b[64], c[64], d[64], t[32], slow[32];
    igraph_integer_t j;

    fprintf(fp, "\n%-16s %7s %8s %14s %9s  %14s %9s %9s %9s %14s %8s\n", "job", "weight", "target s",
            "today Gbit/s", "T s", "theta Gbit/s", "T s", "T_bw s", "T_lat", "alone Gbit/s", "slowdown");
    for (j = 0; j < w->wl.n_jobs; j++) {
        const struct fp_workload_job_result *jr = &p->res.jobs[j];
        bool miss = !isnan(p->target_s[j]) && !(jr->route.allreduce_s <= p->target_s[j] * (1 + 1e-9));
        snprintf(t, sizeof(t), isnan(p->target_s[j]) ? "-" : "%.4g", p->target_s[j]);
        snprintf(slow, sizeof(slow), isnan(jr->slowdown) ? "-" : "%.3fx", jr->slowdown);
        fprintf(fp, "%-16s %7.4g %8s %14s %9.4g  %14s %9.4g %9.4g %9s %14s %8s%s\n", w->wl.jobs[j].name,
                w->wl.jobs[j].weight, t, fp_textfmt_grouped(a, sizeof(a), p->before[j].theta_gbps),
                p->before[j].allreduce_s, fp_textfmt_grouped(b, sizeof(b), jr->route.theta_gbps),
                jr->route.allreduce_s, jr->route.bandwidth_s, cmdutil_delay(c, sizeof(c), jr->route.latency_s),
                fp_textfmt_grouped(d, sizeof(d), jr->alone_theta_gbps), slow, miss ? "  MISSES" : "");
    }
}

#define TOP_SCENARIOS 5   /* --survive: the worst protected scenarios listed */

/* The names of the sites scenario sc cuts off, every job's, after "cuts off". */
static void print_cut_off(FILE *fp, const struct fp_topo *topo, const struct fp_workload_scenario *sc)
{
    igraph_integer_t j;
    for (j = 0; j < sc->f.n_cut_off; j++) {
        fprintf(fp, " %s", topo->node_id[sc->f.cut_off[j]]);
    }
    if (sc->n_background_cut > 0) {
        fprintf(fp, "%s%ld background demand%s", sc->f.n_cut_off > 0 ? " and " : " ", (long)sc->n_background_cut,
                sc->n_background_cut == 1 ? "" : "s");
    }
}

/* --survive: the worst protected scenario (lambda and each job's T there), the scenarios no plan
 * protects, the worst few. */
static void print_survive(FILE *fp, const struct wprun *w)
{
    const struct fp_workload_plan *p = &w->p;
    const struct fp_workload_failures *f = &p->survive;
    char a[64];
    igraph_integer_t i, j;
    int shown = 0;

    fprintf(fp, "survive    %ld %s scenarios", (long)f->n, f->by_srlg ? "SRLG" : "span");
    if (p->plan.worst >= 0) {
        const struct fp_workload_scenario *ws = &f->items[p->plan.worst];
        if (ws->f.disconnected || !fp_workload_scenario_fits(ws)) {
            fprintf(fp, ": worst %s still cuts off", ws->f.label);
            print_cut_off(fp, &w->topo, ws);
            fprintf(fp, "%s (the budget cannot protect it)\n",
                    fp_workload_scenario_fits(ws) ? "" : ", or the background does not fit");
        } else {
            fprintf(fp, ": worst %s, lambda %s Gbit/s (", ws->f.label, fp_textfmt_grouped(a, sizeof(a), ws->lambda_gbps));
            for (j = 0; j < f->n_jobs; j++) {
                fprintf(fp, "%s%s T %.4g s", j > 0 ? ", " : "", w->wl.jobs[j].name, ws->jobs[j].route.allreduce_s);
            }
            fprintf(fp, ")\n");
        }
    } else {
        fprintf(fp, "\n");
    }
    for (i = 0; i < f->n; i++) {
        if (f->items[i].f.unprotectable) {
            fprintf(fp, "           %s cuts off", f->items[i].f.label);
            print_cut_off(fp, &w->topo, &f->items[i]);
            fprintf(fp, " whatever is built: left out\n");
        }
    }
    for (i = 0; i < f->n && shown < TOP_SCENARIOS; i++) {
        const struct fp_workload_scenario *sc = &f->items[i];
        if (!sc->f.unprotectable) {
            fprintf(fp, "%s%s %s", shown++ == 0 ? "           worst: " : ", ", sc->f.label,
                    sc->f.disconnected ? "(cut off)" : fp_textfmt_grouped(a, sizeof(a), sc->lambda_gbps));
        }
    }
    if (shown > 0) {
        fprintf(fp, " Gbit/s\n");
    }
}

static void print_text(FILE *fp, const struct wprun *w, double limit_s)
{
    const struct fp_workload_plan *p = &w->p;
    const struct fp_workload_result *res = &p->res;
    char a[64], b[64];

    fprintf(fp, "plan       workload %s: %ld job%s, %ld background demand%s (%s)\n", w->wl.path,
            (long)w->wl.n_jobs, w->wl.n_jobs == 1 ? "" : "s", (long)w->wl.n_background,
            w->wl.n_background == 1 ? "" : "s", w->topo.name != NULL ? w->topo.name : w->topo.path);
    cmdutil_plan_headline(fp, &p->plan);
    fprintf(fp, "lambda     %s -> %s Gbit/s per unit of weight: every job gets theta = lambda x its weight%s\n",
            fp_textfmt_grouped(a, sizeof(a), p->single ? p->plan.theta_before_gbps / w->wl.jobs[0].weight
                                                       : p->plan.theta_before_gbps),
            fp_textfmt_grouped(b, sizeof(b), res->lambda_gbps),
            p->single ? " (one job, no background: the job's plan)" : "");
    if (isnan(p->plan.budget_usd)) {
        fprintf(fp, "targets    %s%s", p->met ? "met by every job" : "NOT MET by every job", p->single ? "\n" : "");
        if (!p->single) {
            fprintf(fp, " after %d latency round%s (lambda planned for: %s Gbit/s)\n", p->rounds,
                    p->rounds == 1 ? "" : "s", fp_textfmt_grouped(a, sizeof(a), p->lambda_required_gbps));
        }
    }
    if (w->wl.n_background > 0) {
        fprintf(fp, "background %s Gbit/s, carried in full\n",
                fp_textfmt_grouped(a, sizeof(a), fp_workload_background_gbps(&w->wl)));
    }
    if (p->plan.survivable && !p->single) {
        print_survive(fp, w);
    }
    fprintf(fp, "solver     %s", fp_result_status_name(res->status));
    if (p->plan.modular && !p->single && !isnan(p->plan.budget_usd) && !p->nothing) {
        fprintf(fp, ", whole modules: the LP plan rounded down and repaired, %s below the LP bound",
                fp_textfmt_percent(a, sizeof(a), p->plan.gap));
    } else if (p->plan.modular && !p->single && !p->nothing) {
        fprintf(fp, ", whole modules: the LP plan rounded up, $%s above its cost",
                fp_textfmt_grouped(a, sizeof(a), p->plan.cost_usd - p->plan.cost_bound_usd));
    }
    if (p->nothing) {
        fprintf(fp, ", today's network kept: the plan was cut short below it");
    } else if (res->status != FP_STATUS_OPTIMAL && limit_s > 0) {
        fprintf(fp, ", not proven in %g s", limit_s);
    }
    fprintf(fp, "\n");
    print_jobs(fp, w);
    fprintf(fp, "\n");
    cmdutil_upgrades(fp, &w->topo, &p->plan);
}

/* Each job's lower bound on the planned network, and T_j / T_lb. */
static int job_bounds(struct wprun *w, struct fp_error *err)
{
    igraph_integer_t j;
    int rc = cmdworkload_bounds(&w->view, &w->wl, &w->bounds, &w->n_bounds, err);
    for (j = 0; rc == FP_OK && j < w->wl.n_jobs; j++) {
        struct fp_route *r = &w->p.res.jobs[j].route;
        r->lower_bound_ratio = r->allreduce_s / w->bounds[j].allreduce_s;
    }
    return rc;
}

/* The answer on -o, each job's trainer configuration on --trainer-config DIR/ (the planned
 * network's, as plan --trainer-config), and the planned network on --out-graphml. */
static int output(const struct opts *o, struct wprun *w, const struct fp_route_options *ro, double t0,
                  struct fp_error *err)
{
    char *text = NULL, *graphml = NULL;
    size_t len = 0;
    int rc = FP_OK;
    if (o->set[OPT_JSON]) {
        text = fp_resultjson_workload_plan(&w->view, &w->wl, &w->p, w->bounds, cmdutil_seconds(o, t0));
        rc = cmdutil_stamp(o, &text, err);
    } else {
        FILE *fp = open_memstream(&text, &len);
        if (fp == NULL) {
            return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
        }
        print_text(fp, w, o->set[OPT_TIME_LIMIT] ? o->num[OPT_TIME_LIMIT] : 0.0);
        fclose(fp);
    }
    if (rc == FP_OK && o->set[OPT_TRAINER_CONFIG]) {
        /* the planned network's: each job's trees and numbers of the plan's final routing */
        rc = cmdtrainer_workload_write(o, &w->view, &w->wl, &w->p.res, w->bounds, ro, w->trainer, err);
    }
    if (rc == FP_OK && o->set[OPT_OUT_GRAPHML]) {
        graphml = fp_graphmlout_dumps(&w->topo, w->p.plan.planned_gbps, NULL, 0);
        rc = graphml != NULL ? msg_output(o->str[OPT_OUT_GRAPHML], graphml, err)
                             : fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: libxml2: out of memory");
    }
    if (rc == FP_OK) {
        rc = msg_output(o->str[OPT_OUTPUT], text, err);
    }
    free(graphml);
    free(text);
    return rc;
}

static void options(const struct opts *o, struct fp_route_options *ro, struct fp_plan_options *po)
{
    fp_route_options_init(ro);
    fp_plan_options_init(po);
    ro->time_limit_s = o->set[OPT_TIME_LIMIT] ? o->num[OPT_TIME_LIMIT] : 0.0;
    ro->stop = &cmdutil_stop;
    ro->write_lp = o->set[OPT_WRITE_LP] ? o->str[OPT_WRITE_LP] : NULL;
    cmdutil_feedback(o, ro, "plan");
    po->budget_usd = o->set[OPT_BUDGET] ? o->num[OPT_BUDGET] : NAN;
    po->target_time_s = o->set[OPT_TARGET_TIME] ? o->num[OPT_TARGET_TIME] : NAN;
    po->modular = o->set[OPT_MODULAR];
    if (o->set[OPT_SURVIVE]) {
        po->survive = strcmp(o->str[OPT_SURVIVE], "srlg") == 0 ? FP_SURVIVE_SRLG : FP_SURVIVE_SPAN;
        po->jobs = cmdutil_jobs(o);
    }
    if (o->set[OPT_ASSUME_LATENCY]) {
        po->latency_s = o->num[OPT_ASSUME_LATENCY];
        po->fixed_latency = true;
    }
}

int cmd_plan_workload(const struct opts *o, struct fp_error *err)
{
    struct wprun w;
    struct fp_route_options ro;
    struct fp_deadline dl;
    struct fp_plan_options po;
    double t0 = cmdutil_now_s();
    int rc;

    memset(&w, 0, sizeof(w));
    rc = cmdworkload_refuse("plan", o, true, err);
    if (rc == FP_OK) {
        rc = cmdworkload_load("plan", o, &w.topo, &w.none, &w.wl, err);
    }
    if (rc == FP_OK) {
        rc = cmdtrainer_workload_check("plan", o, &w.topo, &w.wl, &w.trainer, err);
    }
    if (rc == FP_OK) {
        options(o, &ro, &po);
        if (o->set[OPT_TRAINER_FALLBACKS]) {
            /* the fallbacks' solves count against the same --time-limit as the plan */
            fp_deadline_init(&dl, ro.time_limit_s, &cmdutil_stop);
            ro.deadline = &dl;
        }
        cmdutil_solving = 1;
        rc = fp_workload_plan_solve(&w.topo, &w.wl, &ro, &po, &w.p, err);
        cmdutil_solving = 0;
    }
    if (rc == FP_OK) {
        fp_plan_view(&w.topo, &w.p.plan, &w.view);
        w.have_view = true;
        rc = job_bounds(&w, err);
    }
    if (rc == FP_OK) {
        rc = output(o, &w, &ro, t0, err);
    }
    cmdworkload_bounds_release(w.bounds, w.n_bounds);
    cmdtrainer_workload_free(w.trainer, w.wl.n_jobs);
    if (w.have_view) {
        fp_plan_view_release(&w.view);
    }
    fp_workload_plan_release(&w.p);
    fp_workload_release(&w.wl);
    fp_job_release(&w.none);
    fp_topo_release(&w.topo);
    return rc;
}
