/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan plan --phases: a phased build-out planned jointly, against the myopic baseline
 * (MODEL.md "Phases"): per phase its sites, theta, T, T_lb, spend, what it builds and inherits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdtrainer.h"
#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "core/optics.h"
#include "core/xalloc.h"
#include "io/graphmlout.h"
#include "io/phases.h"
#include "io/phasesjson.h"
#include "io/textfmt.h"
#include "solvers/bound.h"
#include "solvers/phases.h"
#include "solvers/plan.h"

#define SPANS_NAMED 4   /* a phase that adds to this many spans or fewer names them */

static const enum opt_id not_with[] = {OPT_BUDGET, OPT_TARGET_TIME, OPT_WORKLOAD, OPT_SURVIVE,
                                       OPT_ASSUME_LATENCY, OPT_SITES, OPT_FORMULATION};
static const char *const not_with_name[] = {"--budget", "--target-time", "--workload", "--survive",
                                            "--assume-latency", "--sites", "--formulation"};

static int check_options(const struct opts *o, struct fp_error *err)
{
    size_t i;
    for (i = 0; i < sizeof(not_with) / sizeof(not_with[0]); i++) {
        if (o->set[not_with[i]]) {
            return fp_error_set(err, FP_EUSAGE, NULL, 0, "plan: %s does not go with --phases: each phase "
                                "gives its budget or target and sites in the phases file (see 'fiberplan "
                                "plan --help')", not_with_name[i]);
        }
    }
    return FP_OK;
}

/* One phase's row, then what it adds (spans, Gbit/s, candidates built) and what it inherits. */
static void print_phase(FILE *fp, const struct fp_topo *t, const struct fp_phases *ph, igraph_integer_t p,
                        const struct fp_phase_result *r)
{
    char a[64], b[64], c[64];
    igraph_integer_t e, inherited = 0, spans = 0, built = 0;
    double gbps = 0.0, pairs = 0.0;
    fprintf(fp, "%-12s %6g %5ld %16s %16s %14s %10.4g %10.4g%s\n", ph->items[p].name, ph->items[p].year,
            (long)ph->items[p].job.n_sites,
            ph->target ? "-" : fp_textfmt_grouped(a, sizeof(a), r[p].budget_usd),
            fp_textfmt_grouped(b, sizeof(b), r[p].cost_usd), fp_textfmt_grouped(c, sizeof(c), r[p].theta_gbps),
            r[p].allreduce_s, r[p].lb_allreduce_s, r[p].met ? "" : "  MISSES");
    for (e = 0; e < t->n_spans; e++) {
        double base = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
        inherited += p > 0 && r[p - 1].capacity_gbps[e] > base;
        spans += r[p].added_gbps[e] > 0.0;
        gbps += r[p].added_gbps[e];
        pairs += r[p].pairs_lit[e];
    }
    fprintf(fp, "%13sadds %s Gbit/s on %ld span%s", "", fp_textfmt_grouped(a, sizeof(a), gbps), (long)spans,
            spans == 1 ? "" : "s");
    for (e = 0; spans <= SPANS_NAMED && e < t->n_spans; e++) {
        if (r[p].added_gbps[e] > 0.0) {
            fprintf(fp, " %s", t->span_id[e]);
        }
    }
    for (e = 0; e < t->n_spans; e++) {
        if (!fp_topo_is_lit(t, e) && r[p].build[e] > 0.0) {
            fprintf(fp, "%s %s", built++ == 0 ? ", builds" : ",", t->span_id[e]);
            if (r[p].build[e] < 1.0 - 1e-9) {
                fprintf(fp, " (%.3g of it)", r[p].build[e]);
            }
        }
    }
    if (pairs > 1e-9) {
        /* MODEL.md "Optics": dark pairs first lit in this phase (a continuous plan lights parts) */
        fprintf(fp, ", lights %.4g fiber pair%s", pairs, fabs(pairs - 1.0) < 1e-9 ? "" : "s");
    }
    fprintf(fp, "; inherits %ld upgraded span%s\n", (long)inherited, inherited == 1 ? "" : "s");
}

static void print_table(FILE *fp, const struct fp_topo *t, const struct fp_phases *ph,
                        const struct fp_phase_result *r, const char *title)
{
    igraph_integer_t p;
    fprintf(fp, "\n%s\n%-12s %6s %5s %16s %16s %14s %10s %10s\n", title, "phase", "year", "sites", "budget USD",
            "spent USD", "theta Gbit/s", "T s", "T_lb s");
    for (p = 0; p < ph->n; p++) {
        print_phase(fp, t, ph, p, r);
    }
}

static void print_text(FILE *fp, const struct fp_topo *t, const struct fp_phases *ph,
                       const struct fp_phases_result *res)
{
    char a[64], b[64], c[64];
    fprintf(fp, "plan       phases %s: %ld phase%s, %s mode%s (%s)\n", ph->path, (long)ph->n,
            ph->n == 1 ? "" : "s", ph->target ? "target" : "budget", res->modular ? ", whole modules" : "",
            t->name != NULL ? t->name : t->path);
    if (ph->target) {
        fprintf(fp, "objective  discounted cost USD %s joint, %s myopic: planning jointly saves %s\n",
                fp_textfmt_grouped(a, sizeof(a), res->objective),
                fp_textfmt_grouped(b, sizeof(b), res->myopic_objective),
                isnan(res->joint_gain) ? "unknown" : fp_textfmt_grouped(c, sizeof(c), res->joint_gain));
    } else {
        fprintf(fp, "objective  sum w theta %s Gbit/s joint, %s myopic: planning jointly gains %s\n",
                fp_textfmt_grouped(a, sizeof(a), res->objective),
                fp_textfmt_grouped(b, sizeof(b), res->myopic_objective),
                isnan(res->joint_gain) ? "unknown" : fp_textfmt_grouped(c, sizeof(c), res->joint_gain));
    }
    if (isnan(res->gap)) {
        fprintf(fp, "solver     %s: cut short, no bound, the gain over the myopic baseline unknown\n",
                fp_result_status_name(res->status));
    } else {
        fprintf(fp, "solver     %s, LP bound %.10g, gap %.3g%%\n", fp_result_status_name(res->status),
                res->lp_objective, 100.0 * res->gap);
    }
    print_table(fp, t, ph, res->joint, "joint plan (each phase routed afresh on its network)");
    print_table(fp, t, ph, res->myopic, "myopic baseline (phase by phase, each fixed before the next)");
}

/* Under a cost model, t as it stands after phase p of r: its optics with the pairs the phases
 * 1..p lit lit, no longer dark (what lit_pairs and dark_pairs of its GraphML say; MODEL.md
 * "Optics"). *view borrows all else from t; free view->optics with fp_optics_free(). */
static void phase_view(const struct fp_topo *t, const struct fp_phase_result *r, igraph_integer_t p,
                       struct fp_topo *view)
{
    igraph_integer_t e, q;
    *view = *t;
    if (t->optics == NULL) {
        return;
    }
    view->optics = fp_optics_dup(t->optics, t->n_spans, t->n_spans);
    for (e = 0; e < t->n_spans; e++) {
        for (q = 0; q <= p; q++) {
            view->optics->lit[e] += r[q].pairs_lit[e];
            view->optics->dark[e] = fmax(0.0, view->optics->dark[e] - r[q].pairs_lit[e]);
        }
    }
}

/* FILE for the last phase (with a `phase` year per span: when it was first upgraded or built), and
 * FILE's stem.NAME.graphml for each phase's network as it stands. */
static int write_graphml(const char *path, const struct fp_topo *t, const struct fp_phases *ph,
                         const struct fp_phases_result *res, struct fp_error *err)
{
    double *year = fp_xcalloc((size_t)t->n_spans + 1, sizeof(double));
    struct fp_graphml_column col = {"phase", FP_DOMAIN_EDGE, year};
    size_t stem = strlen(path) > 8 && strcmp(path + strlen(path) - 8, ".graphml") == 0 ? strlen(path) - 8
                                                                                       : strlen(path);
    igraph_integer_t e, p;
    int rc = FP_OK;
    for (e = 0; e < t->n_spans; e++) {
        year[e] = NAN;
        for (p = ph->n - 1; p >= 0; p--) {
            const struct fp_phase_result *r = &res->joint[p];
            bool works = r->added_gbps[e] > 0.0 || r->build[e] > 0.0 || r->pairs_lit[e] > 0.0;
            year[e] = works ? ph->items[p].year : year[e];
        }
    }
    for (p = 0; rc == FP_OK && p <= ph->n; p++) {
        const double *cap = res->joint[p < ph->n ? p : ph->n - 1].capacity_gbps;
        struct fp_topo view;
        char *doc;
        phase_view(t, res->joint, p < ph->n ? p : ph->n - 1, &view);
        doc = fp_graphmlout_dumps(&view, cap, p < ph->n ? NULL : &col, p < ph->n ? 0 : 1);
        if (view.optics != t->optics) {
            fp_optics_free(view.optics);
        }
        char *file = p < ph->n ? fp_xasprintf("%.*s.%s.graphml", (int)stem, path, ph->items[p].name)
                               : fp_xstrdup(path);
        rc = doc == NULL ? fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: libxml2: out of memory")
                         : msg_output(file, doc, err);
        free(doc);
        free(file);
    }
    free(year);
    return rc;
}

/* The JSON result on the last phase's network (the planned network as one plan's). */
static int json_text(const struct opts *o, const struct fp_topo *topo, const struct fp_phases *ph,
                     const struct fp_phases_result *res, double seconds, char **text, struct fp_error *err)
{
    struct fp_topo view;
    struct fp_bound b;
    bool have_b;
    int rc = FP_OK;

    memset(&b, 0, sizeof(b));
    fp_plan_view(topo, &res->total, &view);
    have_b = fp_bound_compute(&view, &ph->items[ph->n - 1].job, &b, err) == FP_OK;
    fp_error_init(err);
    *text = fp_phasesjson_plan(&view, have_b ? &b : NULL, ph, res, seconds);
    if (*text == NULL) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: jansson: cannot build the result");
    }
    rc = rc == FP_OK ? cmdutil_stamp(o, text, err) : rc;
    fp_result_bound_release(&b);
    fp_plan_view_release(&view);
    return rc;
}

/* --trainer-config FILE: FILE's stem.NAME.json per phase, for its network as it stands, its
 * sites and its route (what the phase's row prints). */
static int write_trainers(const struct opts *o, const struct fp_topo *topo, const struct fp_phases *ph,
                          const struct fp_phases_result *res, const struct fp_route_options *ro,
                          struct cmdtrainer *trainer, struct fp_error *err)
{
    const char *path = o->str[OPT_TRAINER_CONFIG];
    size_t stem = strlen(path) > 5 && strcmp(path + strlen(path) - 5, ".json") == 0 ? strlen(path) - 5 : strlen(path);
    igraph_integer_t p;
    int rc = FP_OK;
    for (p = 0; rc == FP_OK && p < ph->n; p++) {
        struct fp_plan at;
        struct fp_topo view;
        struct fp_bound b;
        char *file = fp_xasprintf("%.*s.%s.json", (int)stem, path, ph->items[p].name);
        memset(&at, 0, sizeof(at));
        memset(&b, 0, sizeof(b));
        at.planned_gbps = res->joint[p].capacity_gbps;   /* all fp_plan_view reads */
        fp_plan_view(topo, &at, &view);
        rc = fp_bound_compute(&view, &ph->items[p].job, &b, err);
        if (rc == FP_OK) {
            rc = cmdtrainer_write(file, o, &view, &ph->items[p].job, &res->joint[p].route, &b, ro,
                                  ph->items[p].name, trainer, err);
        }
        fp_result_bound_release(&b);
        fp_plan_view_release(&view);
        free(file);
    }
    return rc;
}

int cmd_plan_phases(const struct opts *o, struct fp_error *err)
{
    struct fp_topo topo;
    struct fp_job none;
    struct fp_phases ph;
    struct fp_phases_result res;
    struct fp_route_options ro;
    struct fp_phases_options po;
    struct cmdtrainer trainer;
    igraph_integer_t p;
    char *text = NULL;
    size_t len = 0;
    double t0 = cmdutil_now_s(), params, grad;
    int rc;

    memset(&topo, 0, sizeof(topo));
    memset(&none, 0, sizeof(none));
    memset(&ph, 0, sizeof(ph));
    memset(&res, 0, sizeof(res));
    memset(&trainer, 0, sizeof(trainer));
    rc = check_options(o, err);
    rc = rc == FP_OK ? cmdtrainer_parse("plan", o, false, &trainer, err) : rc;
    rc = rc == FP_OK ? cmdutil_load("plan", o, false, &topo, &none, err) : rc;
    if (rc == FP_OK) {
        params = o->set[OPT_PARAMS] ? o->num[OPT_PARAMS] : topo.params;
        grad = o->set[OPT_GRAD_BYTES] ? o->num[OPT_GRAD_BYTES]
               : isnan(topo.grad_bytes) ? FP_DEFAULT_GRAD_BYTES : topo.grad_bytes;
        rc = fp_phases_read(o->str[OPT_PHASES], &topo, params, grad, &ph, err);
    }
    for (p = 0; rc == FP_OK && p < ph.n; p++) {
        rc = cmdtrainer_check("plan", o, &topo, &ph.items[p].job, &trainer, err);   /* every phase's sites */
    }
    if (rc == FP_OK) {
        fp_route_options_init(&ro);
        fp_phases_options_init(&po);
        ro.time_limit_s = o->set[OPT_TIME_LIMIT] ? o->num[OPT_TIME_LIMIT] : ro.time_limit_s;
        ro.stop = &cmdutil_stop;
        cmdutil_feedback(o, &ro, "plan");
        po.discount = o->set[OPT_DISCOUNT] ? o->num[OPT_DISCOUNT] : 0.0;
        po.carry_over = o->set[OPT_CARRY_OVER];
        po.modular = o->set[OPT_MODULAR];
        cmdutil_solving = 1;
        rc = fp_phases_solve(&topo, &ph, &ro, &po, &res, err);
        cmdutil_solving = 0;
    }
    if (rc == FP_OK && o->set[OPT_JSON]) {
        rc = json_text(o, &topo, &ph, &res, cmdutil_seconds(o, t0), &text, err);
    } else if (rc == FP_OK) {
        FILE *fp = open_memstream(&text, &len);
        if (fp == NULL) {
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
        } else {
            print_text(fp, &topo, &ph, &res);
            fclose(fp);
        }
    }
    if (rc == FP_OK && o->set[OPT_TRAINER_CONFIG]) {
        rc = write_trainers(o, &topo, &ph, &res, &ro, &trainer, err);
    }
    if (rc == FP_OK && o->set[OPT_OUT_GRAPHML]) {
        rc = write_graphml(o->str[OPT_OUT_GRAPHML], &topo, &ph, &res, err);
    }
    if (rc == FP_OK) {
        rc = msg_output(o->str[OPT_OUTPUT], text, err);
    }
    free(text);
    cmdtrainer_release(&trainer);
    fp_phases_result_release(&res);
    fp_phases_release(&ph);
    fp_job_release(&none);
    fp_topo_release(&topo);
    return rc;
}
