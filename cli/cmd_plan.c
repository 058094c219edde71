/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan plan: where the next dollar of fiber goes (MODEL.md "Planning"). */
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
#include "io/graphmlout.h"
#include "io/resultjson.h"
#include "io/textfmt.h"
#include "solvers/bound.h"
#include "solvers/plan.h"

static const char *const usage[] = {
    "usage: fiberplan plan TOPO [JOB options] (--budget USD | --target-time S) [--modular] [options]",
    "   or: fiberplan plan TOPO --workload FILE.json (--budget USD | --target-time S) [options]",
    "   or: fiberplan plan TOPO --phases FILE.json [--discount R] [--carry-over] [--modular] [options]",
    "",
    "Chooses capacity to add per span (up to its ceiling, at cost_per_gbps, or whole wavelengths",
    "of module_gbps at module_cost with --modular) and candidate spans to build (build_cost),",
    "routing the tree all-reduce by column generation: the most throughput within a budget, or",
    "the cheapest plan that brings the all-reduce to a target time. Prints the upgrades, T before",
    "and after, the new bottleneck and the seconds each further dollar saves on each span.",
    "",
    "With --workload, several jobs and a background demand share the spans (continuous): the most",
    "lambda within the budget (every job gets theta = lambda x its weight), or the cheapest plan",
    "whose lambda brings every job to its target (--target-time, or the job's target_time_s);",
    "each job's theta and T before and after; with --survive, the worst protected failure",
    "scenario's lambda (continuous LP, then rounded with --modular). --trainer-config",
    "DIR/ writes each job's trainer configuration of the planned network (DIR/JOB.json).",
    "",
    "With --phases, a build-out over years is planned jointly against phase-by-phase plans; with",
    "--cost-model too, a phase pays for the dark fiber pairs it lights, and they stay lit.",
    NULL,
};

#define TOP_DOLLARS 10

static const double *sort_key;

static int cmp_desc(const void *a, const void *b)
{
    igraph_integer_t x = *(const igraph_integer_t *)a, y = *(const igraph_integer_t *)b;
    double kx = isnan(sort_key[x]) ? -1 : sort_key[x], ky = isnan(sort_key[y]) ? -1 : sort_key[y];
    /* values equal to 1e-9 are ties (dual noise), listed in file order */
    if (fabs(kx - ky) > 1e-9 * (fabs(kx) > fabs(ky) ? fabs(kx) : fabs(ky))) {
        return kx > ky ? -1 : 1;
    }
    return x < y ? -1 : x > y;
}

#define TOP_SCENARIOS 5

/* --survive: the worst protected scenario, the ones no plan protects, the worst few. */
static void print_survive(FILE *fp, const struct fp_topo *topo, const struct fp_plan *p)
{
    const struct fp_failures *f = &p->survive;
    char a[64];
    igraph_integer_t i, j;
    int shown = 0;

    fprintf(fp, "survive    %ld %s scenarios", (long)f->n, f->by_srlg ? "SRLG" : "span");
    if (p->worst >= 0) {
        const struct fp_failure *w = &f->items[p->worst];
        if (w->disconnected) {
            fprintf(fp, ": worst %s still cuts off", w->label);
            for (j = 0; j < w->n_cut_off; j++) {
                fprintf(fp, " %s", topo->node_id[w->cut_off[j]]);
            }
            fprintf(fp, " (the budget cannot protect it)\n");
        } else {
            fprintf(fp, ": worst %s, T %.4g s (theta %s Gbit/s)\n", w->label, w->allreduce_s,
                    fp_textfmt_grouped(a, sizeof(a), w->theta_gbps));
        }
    } else {
        fprintf(fp, "\n");
    }
    for (i = 0; i < f->n; i++) {
        const struct fp_failure *s = &f->items[i];
        if (!s->unprotectable) {
            continue;
        }
        fprintf(fp, "           %s cuts off", s->label);
        for (j = 0; j < s->n_cut_off; j++) {
            fprintf(fp, " %s", topo->node_id[s->cut_off[j]]);
        }
        fprintf(fp, " whatever is built: left out\n");
    }
    for (i = 0; i < f->n && shown < TOP_SCENARIOS; i++) {
        const struct fp_failure *s = &f->items[i];
        if (s->unprotectable) {
            continue;
        }
        fprintf(fp, "%s", shown++ == 0 ? "           worst: " : ", ");
        if (s->disconnected) {
            fprintf(fp, "%s (cut off)", s->label);
        } else {
            fprintf(fp, "%s %.4g s", s->label, s->allreduce_s);
        }
    }
    if (shown > 0) {
        fprintf(fp, "\n");
    }
}

static void print_text(FILE *fp, const struct fp_topo *topo, const struct fp_route *r,
                       const struct fp_plan *p, const struct fp_bound *after,
                       const struct fp_bound *worst, double limit_s)
{
    char a[64], b[64];
    igraph_integer_t e, i, *order = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(igraph_integer_t));
    int shown = 0, worthless = 0;

    cmdutil_plan_headline(fp, p);
    fprintf(fp, "before     T %.4g s = bandwidth %.4g s + latency %s  (theta %s Gbit/s)\n",
            p->allreduce_before_s, p->bandwidth_before_s, cmdutil_delay(a, sizeof(a), p->latency_before_s),
            fp_textfmt_grouped(b, sizeof(b), p->theta_before_gbps));
    fprintf(fp, "after      T %.4g s = bandwidth %.4g s + latency %s  (theta %s Gbit/s)\n",
            r->allreduce_s, r->bandwidth_s, cmdutil_delay(a, sizeof(a), r->latency_s),
            fp_textfmt_grouped(b, sizeof(b), r->theta_gbps));
    if (worst != NULL) {
        /* a survivable plan is sized for its worst scenario: the cut binds there */
        cmdutil_bottleneck(fp, topo, worst, p->survive.items[p->worst].theta_gbps,
                           p->survive.items[p->worst].label, true);
    } else if (after != NULL) {
        cmdutil_bottleneck(fp, topo, after, r->theta_gbps, NULL, true);
    }
    if (p->survivable) {
        print_survive(fp, topo, p);
    }
    fprintf(fp, "solver     %s", fp_result_status_name(r->status));
    if (p->modular) {
        char pct[32], in[48] = "";
        if (!p->mip_proven) {
            /* the limit it depends on: --time-limit, else branch and cut's own */
            snprintf(in, sizeof(in), " in %g s", limit_s > 0 ? limit_s : FP_PLAN_MILP_SECONDS);
        }
        fprintf(fp, ", modular plan %s%s, %s below the LP bound",
                p->mip_proven ? "optimal over the generated trees" : "not proven", in,
                fp_textfmt_percent(pct, sizeof(pct), p->gap));
    } else if (r->status == FP_STATUS_TIME_LIMIT && limit_s > 0) {
        fprintf(fp, ", not proven in %g s", limit_s);
    }
    fprintf(fp, "\n\n");
    cmdutil_upgrades(fp, topo, p);
    for (e = 0; e < topo->n_spans; e++) {
        order[e] = e;
        worthless += p->upgradable[e] && p->seconds_per_usd[e] <= 0;
    }
    sort_key = p->seconds_per_usd;
    qsort(order, (size_t)topo->n_spans, sizeof(igraph_integer_t), cmp_desc);
    fprintf(fp, "\nnext dollars: all-reduce seconds saved per $1M at this plan\n");
    if (!p->next_resolved && p->next_unresolved > 0) {
        /* not re-solved: what the capacity duals say, a first-order estimate */
        if (p->next_unresolved > FP_PLAN_NEXT_RESOLVES) {
            fprintf(fp, "  by the capacity duals, a first-order estimate: %ld spans not re-solved "
                    "(more than %d)\n", (long)p->next_unresolved, FP_PLAN_NEXT_RESOLVES);
        } else {
            fprintf(fp, "  by the capacity duals, a first-order estimate: %ld spans not re-solved "
                    "(its time ran out first)\n", (long)p->next_unresolved);
        }
    }
    for (i = 0; i < topo->n_spans && shown < TOP_DOLLARS; i++) {
        e = order[i];
        if (!p->upgradable[e] || !(p->seconds_per_usd[e] > 0)) {
            continue;
        }
        {
            char ends[80];
            snprintf(ends, sizeof(ends), "%s-%s", topo->node_id[topo->span_from[e]],
                     topo->node_id[topo->span_to[e]]);
            fprintf(fp, "  %-8s %-32s %.4g\n", topo->span_id[e], ends, p->seconds_per_usd[e] * 1e6);
        }
        shown++;
    }
    fprintf(fp, "  %d upgradable span%s would save nothing now%s\n", worthless, worthless == 1 ? "" : "s",
            p->n_next_group > 0 ? " alone" : "");
    if (p->n_next_group > 0) {
        fprintf(fp, "  together");
        for (i = 0; i < p->n_next_group; i++) {
            fprintf(fp, "%s%s", i > 0 ? ", " : " ", topo->span_id[p->next_group[i]]);
        }
        fprintf(fp, ": %.4g per $1M spread over them alike\n", p->next_group_s_per_usd * 1e6);
    }
    free(order);
}

int cmd_plan(int argc, char **argv)
{
    struct opts o;
    struct fp_error err;
    struct fp_topo topo;
    struct fp_job job;
    struct fp_bound after;
    struct fp_route route;
    struct fp_plan plan;
    struct fp_route_options ro;
    struct fp_deadline dl;
    struct fp_plan_options po;
    struct fp_topo view;
    struct fp_bound worst;
    struct cmdtrainer trainer;
    bool have_after = false, have_view = false, have_worst = false;
    char *text = NULL, *graphml = NULL;
    size_t len = 0;
    double t0 = cmdutil_now_s();
    int rc;

    fp_error_init(&err);
    memset(&topo, 0, sizeof(topo));
    memset(&job, 0, sizeof(job));
    memset(&after, 0, sizeof(after));
    memset(&worst, 0, sizeof(worst));
    memset(&route, 0, sizeof(route));
    memset(&plan, 0, sizeof(plan));
    memset(&trainer, 0, sizeof(trainer));
    rc = opts_parse("plan", CMD_PLAN, argc, argv, &o, &err);
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_HELP]) {
        cmdutil_help(usage, CMD_PLAN);
        goto out;
    }
    if (o.set[OPT_PHASES]) {
        rc = cmd_plan_phases(&o, &err);
        goto out;
    }
    if (o.set[OPT_DISCOUNT] || o.set[OPT_CARRY_OVER]) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "plan: --%s goes with --phases (see 'fiberplan plan "
                          "--help')", o.set[OPT_DISCOUNT] ? "discount" : "carry-over");
        goto out;
    }
    /* a workload's jobs may give their own target_time_s: then it needs neither */
    if (o.set[OPT_BUDGET] ? o.set[OPT_TARGET_TIME] : !o.set[OPT_TARGET_TIME] && !o.set[OPT_WORKLOAD]) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "plan: %s (see 'fiberplan plan --help')",
                          o.set[OPT_BUDGET] ? "takes --budget or --target-time, not both"
                                            : "needs --budget or --target-time");
        goto out;
    }
    if (o.set[OPT_ASSUME_LATENCY] && !o.set[OPT_TARGET_TIME]) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "plan: --assume-latency goes with --target-time "
                          "(see 'fiberplan plan --help')");
        goto out;
    }
    if (o.set[OPT_FORMULATION] && strcmp(o.str[OPT_FORMULATION], "arcflow") == 0 &&
        (o.set[OPT_MODULAR] || o.set[OPT_SURVIVE] || !o.set[OPT_BUDGET])) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "plan: --formulation arcflow is the cross-check of "
                          "continuous --budget plans, without --modular or --survive (see 'fiberplan plan --help')");
        goto out;
    }
    if (o.set[OPT_WORKLOAD]) {
        rc = cmd_plan_workload(&o, &err);
        goto out;
    }
    rc = cmdtrainer_parse("plan", &o, false, &trainer, &err);
    if (rc == FP_OK) {
        rc = cmdutil_load("plan", &o, true, &topo, &job, &err);
    }
    if (rc == FP_OK) {
        rc = cmdtrainer_check("plan", &o, &topo, &job, &trainer, &err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    fp_route_options_init(&ro);
    fp_plan_options_init(&po);
    if (o.set[OPT_TIME_LIMIT]) {
        ro.time_limit_s = o.num[OPT_TIME_LIMIT];
    }
    ro.stop = &cmdutil_stop;
    if (o.set[OPT_TRAINER_FALLBACKS]) {
        /* the fallbacks' solves count against the same --time-limit as the plan */
        fp_deadline_init(&dl, ro.time_limit_s, &cmdutil_stop);
        ro.deadline = &dl;
    }
    if (o.set[OPT_FORMULATION] && strcmp(o.str[OPT_FORMULATION], "arcflow") == 0) {
        ro.formulation = FP_FORM_ARCFLOW;
    }
    cmdutil_feedback(&o, &ro, "plan");
    po.budget_usd = o.set[OPT_BUDGET] ? o.num[OPT_BUDGET] : NAN;
    po.target_time_s = o.set[OPT_TARGET_TIME] ? o.num[OPT_TARGET_TIME] : NAN;
    po.modular = o.set[OPT_MODULAR];
    if (o.set[OPT_SURVIVE]) {
        po.survive = strcmp(o.str[OPT_SURVIVE], "srlg") == 0 ? FP_SURVIVE_SRLG : FP_SURVIVE_SPAN;
        po.jobs = cmdutil_jobs(&o);
    }
    if (o.set[OPT_ASSUME_LATENCY]) {
        po.latency_s = o.num[OPT_ASSUME_LATENCY];
        po.fixed_latency = true;
    }
    cmdutil_warn_unplannable(&o, "plan", &topo, &po);
    cmdutil_solving = 1;
    rc = fp_plan_solve(&topo, &job, &ro, &po, &route, &plan, &err);
    cmdutil_solving = 0;
    if (rc != FP_OK) {
        goto out;
    }
    /* the bound of the planned network */
    fp_plan_view(&topo, &plan, &view);
    have_view = true;
    if (fp_bound_compute(&view, &job, &after, &err) == FP_OK) {
        have_after = true;
        route.lower_bound_ratio = route.allreduce_s / after.allreduce_s;
    } else {
        fp_error_init(&err);
    }
    if (plan.survivable && plan.worst >= 0) {
        /* the bound of the network the worst protected scenario leaves */
        const struct fp_failure *w = &plan.survive.items[plan.worst];
        bool *failed = fp_xcalloc((size_t)topo.n_spans + 1, sizeof(bool));
        igraph_integer_t j;
        for (j = 0; j < w->n_failed; j++) {
            failed[w->failed[j]] = true;
        }
        have_worst = fp_bound_compute_failed(&view, &job, failed, &worst, &err) == FP_OK;
        if (!have_worst) {
            fp_error_init(&err);
        }
        free(failed);
    }
    if (o.set[OPT_JSON]) {
        text = fp_resultjson_plan(&view, &job, have_after ? &after : NULL, &route, &plan,
                                  cmdutil_seconds(&o, t0));
    }
    if (!o.set[OPT_JSON]) {
        FILE *fp = open_memstream(&text, &len);
        if (fp == NULL) {
            rc = fp_error_set(&err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
            goto out;
        }
        print_text(fp, &topo, &route, &plan, have_after ? &after : NULL, have_worst ? &worst : NULL,
                   o.set[OPT_TIME_LIMIT] ? o.num[OPT_TIME_LIMIT] : 0.0);
        fclose(fp);
    }
    if (o.set[OPT_TRAINER_CONFIG]) {
        cmdutil_solving = 1;   /* the fallbacks' solves (on the planned network) stop on a signal */
        rc = cmdtrainer_write(o.str[OPT_TRAINER_CONFIG], &o, &view, &job, &route,
                              have_after ? &after : NULL, &ro, NULL, &trainer, &err);
        cmdutil_solving = 0;
        if (rc != FP_OK) {
            goto out;
        }
    }
    if (o.set[OPT_OUT_GRAPHML]) {
        graphml = fp_graphmlout_dumps(&topo, plan.planned_gbps, NULL, 0);
        if (graphml == NULL) {
            rc = fp_error_set(&err, FP_ESOFTWARE, NULL, 0, "internal: libxml2: out of memory");
            goto out;
        }
        rc = msg_output(o.str[OPT_OUT_GRAPHML], graphml, &err);
        if (rc != FP_OK) {
            goto out;
        }
    }
    if (o.set[OPT_JSON] && (rc = cmdutil_stamp(&o, &text, &err)) != FP_OK) {
        goto out;
    }
    rc = msg_output(o.str[OPT_OUTPUT], text, &err);
out:
    free(text);
    cmdtrainer_release(&trainer);
    free(graphml);
    if (have_view) {
        fp_plan_view_release(&view);
    }
    fp_result_bound_release(&after);
    fp_result_bound_release(&worst);
    fp_result_route_release(&route);
    fp_result_plan_release(&plan);
    fp_job_release(&job);
    fp_topo_release(&topo);
    opts_release(&o);
    if (rc != FP_OK) {
        msg_error(&err);
    }
    return rc;
}
