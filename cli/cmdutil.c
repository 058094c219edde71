/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: shared command plumbing (help, timing, number formatting, TOPO and JOB loading). */
#include <math.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmdutil.h"
#include "cli/msg.h"
#include "core/clock.h"
#include "core/optics.h"
#include "io/costs.h"
#include "io/jobfile.h"
#include "io/textfmt.h"
#include "solvers/bound.h"
#include "solvers/plan.h"
#include "io/topofile.h"
#include "io/trainer.h"

volatile sig_atomic_t cmdutil_stop;
volatile sig_atomic_t cmdutil_solving;

void cmdutil_help(const char *const *usage, unsigned bit)
{
    int i;
    for (i = 0; usage[i] != NULL; i++) {
        printf("%s\n", usage[i]);
    }
    opts_help(stdout, bit);
}

double cmdutil_now_s(void)
{
    return fp_clock_s();
}

int cmdutil_jobs(const struct opts *o)
{
    return o->set[OPT_JOBS] ? (int)o->num[OPT_JOBS] : 1;
}

double cmdutil_seconds(const struct opts *o, double t0)
{
    return o->set[OPT_REPRODUCIBLE] ? 0.0 : cmdutil_now_s() - t0;
}

const char *cmdutil_delay(char *buf, size_t size, double delay_s)
{
    if (delay_s < 1e-3) {
        snprintf(buf, size, "%.3g \u00b5s", delay_s * 1e6);
    } else {
        snprintf(buf, size, "%.3g ms", delay_s * 1e3);
    }
    return buf;
}

/* One line per report: "fiberplan: plan: branch and cut, 12.3 s: theta 31,734 Gbit/s, bound
 * 41,377 Gbit/s (gap 23.3%), 4,553 columns". */
static void progress(void *ctx, const struct fp_progress *p)
{
    const char *label = ctx;
    char inc[64], bnd[64], cols[32], gap[48] = "";
    const char *unit = p->usd ? "" : " Gbit/s", *what = p->usd ? "cost $" : "theta ";
    fp_textfmt_grouped(inc, sizeof(inc), p->incumbent);
    fp_textfmt_grouped(bnd, sizeof(bnd), p->bound);
    if (isfinite(p->incumbent) && isfinite(p->bound) && p->bound != 0.0) {
        snprintf(gap, sizeof(gap), " (gap %.3g%%)",
                 100.0 * fabs(p->bound - p->incumbent) / fabs(p->usd ? p->incumbent : p->bound));
    }
    if (p->total > 0) {
        /* a farm: "budget 5/16, 12.3 s, ETA 27 s" */
        fprintf(stderr, "fiberplan: %s: %s %ld/%ld, %.1f s", label, p->phase, p->done, p->total,
                p->elapsed_s);
        if (isfinite(p->eta_s) && p->done < p->total) {
            fprintf(stderr, ", ETA %.0f s", p->eta_s);
        }
        fputc('\n', stderr);
        return;
    }
    fprintf(stderr, "fiberplan: %s: %s, %.1f s", label, p->phase, p->elapsed_s);
    if (isfinite(p->incumbent)) {
        fprintf(stderr, ": %s%s%s", what, inc, unit);
    }
    if (isfinite(p->bound)) {
        fprintf(stderr, "%sbound %s%s%s%s", isfinite(p->incumbent) ? ", " : ": ", p->usd ? "$" : "",
                bnd, unit, gap);
    }
    fprintf(stderr, ", %s columns\n", fp_textfmt_grouped(cols, sizeof(cols), (double)p->columns));
}

static void glpk_log(void *ctx, const char *text)
{
    (void)ctx;
    fputs(text, stderr);
}

void cmdutil_feedback(const struct opts *o, struct fp_route_options *ro, const char *label)
{
    /* a progress meter is for a person watching (or --progress, -v); GLPK's own log only
     * with -vv */
    if (!o->set[OPT_QUIET] &&
        (o->set[OPT_PROGRESS] || o->set[OPT_VERBOSE] || isatty(STDERR_FILENO))) {
        ro->progress = progress;
        ro->progress_ctx = (void *)label;
    }
    if (!o->set[OPT_QUIET] && o->num[OPT_VERBOSE] >= 2) {
        ro->log = glpk_log;
    }
}

int cmdutil_costs(const char *cmd, const struct opts *o, struct fp_topo *topo, struct fp_error *err)
{
    struct fp_cost_model cm;
    int rc;
    if (!o->set[OPT_COST_MODEL]) {
        return o->set[OPT_REGENERATE]
                   ? fp_error_set(err, FP_EUSAGE, NULL, 0, "%s: --regenerate needs --cost-model (see 'fiberplan %s --help')",
                                  cmd, cmd)
                   : FP_OK;
    }
    rc = fp_costs_read(o->str[OPT_COST_MODEL], &cm, err);
    if (rc == FP_OK) {
        rc = fp_optics_apply(topo, &cm, o->set[OPT_REGENERATE], err);
        fp_cost_model_release(&cm);
    }
    return rc;
}

void cmdutil_warn_unplannable(const struct opts *o, const char *cmd, const struct fp_topo *t,
                               const struct fp_plan_options *po)
{
    igraph_integer_t e, no_price = 0, full = 0, no_build = 0, unknown = 0;
    char msg[512];
    for (e = 0; e < t->n_spans; e++) {
        double room = t->ceiling_gbps[e] - (fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0);
        if (fp_plan_span_plannable(t, po, e)) {
            return;
        }
        if (!fp_topo_is_lit(t, e) && isnan(t->build_cost[e])) {
            no_build++;
        } else if (po->modular ? isnan(t->module_gbps[e]) || isnan(t->module_cost[e]) : isnan(t->cost_per_gbps[e])) {
            no_price++;
            unknown += isnan(t->length_km[e]);
        } else if (!(room > 1e-9)) {
            full++;
        }
    }
    if (o->set[OPT_QUIET]) {
        return;
    }
    snprintf(msg, sizeof(msg), "%s: no span of %s can gain capacity, the plan spends nothing: %ld %s no %s%s, "
             "%ld at %s ceiling, %ld %s no build_cost%s", cmd, t->path, (long)no_price,
             no_price == 1 ? "span has" : "spans have", po->modular ? "module_gbps and module_cost" : "cost_per_gbps",
             t->optics == NULL ? " (--cost-model default prices spans from their length)"
             : unknown > 0 ? " (their length is unknown: see --default-length)" : "",
             (long)full, full == 1 ? "its" : "their", (long)no_build, no_build == 1 ? "candidate has" : "candidates have",
             t->optics == NULL && no_price == 0 ? " (--cost-model default sizes ceilings from fiber pairs)" : "");
    msg_warn(msg);
}

int cmdutil_load(const char *cmd, const struct opts *o, bool need_job, struct fp_topo *topo,
                 struct fp_job *job, struct fp_error *err)
{
    struct fp_topo_options topts;
    struct fp_job_spec flags;
    struct fp_jobfile jf;
    int rc;

    memset(&jf, 0, sizeof(jf));
    fp_job_spec_init(&jf.spec);
    if (o->n_pos != 1) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0, "%s: %s (see 'fiberplan %s --help')", cmd,
                            o->n_pos == 0 ? "needs a topology file" : "takes one topology file",
                            cmd);
    }
    opts_topo(o, &topts);
    opts_job(o, &flags);
    if (o->set[OPT_JOB]) {
        rc = fp_jobfile_read(o->str[OPT_JOB], &jf, err);
        if (rc != FP_OK) {
            return rc;
        }
    }
    rc = fp_topofile_read(o->pos[0], &topts, topo, err);
    if (rc == FP_OK) {
        rc = cmdutil_costs(cmd, o, topo, err);
        if (rc != FP_OK) {
            fp_topo_release(topo);
            fp_jobfile_release(&jf);
            return rc;
        }
    }
    if (rc == FP_OK && !need_job) {
        memset(job, 0, sizeof(*job));
        job->params = job->gradient_bytes = job->compute_time = NAN;
        job->grad_bytes = FP_DEFAULT_GRAD_BYTES;
    } else if (rc == FP_OK) {
        rc = fp_job_resolve(topo, &flags, &jf.spec, job, err);
        if (rc == FP_EUSAGE && err->file[0] == '\0') {
            char msg[sizeof(err->msg) + 128];
            size_t n;
            snprintf(msg, sizeof(msg), "%s: %s (see 'fiberplan %s --help')", cmd, err->msg, cmd);
            n = strlen(msg) < sizeof(err->msg) ? strlen(msg) : sizeof(err->msg) - 1;
            memcpy(err->msg, msg, n);
            err->msg[n] = '\0';
        }
        if (rc == FP_OK && o->set[OPT_TRAINER_CONFIG]) {
            rc = fp_trainer_check(topo, job, err);    /* before solving, not after */
            if (rc != FP_OK) {
                fp_job_release(job);
            }
        }
        if (rc != FP_OK) {
            fp_topo_release(topo);
        }
    }
    fp_jobfile_release(&jf);
    return rc;
}

int cmdutil_stamp(const struct opts *o, char **text, struct fp_error *err)
{
    struct fp_provenance_opt given[OPT_COUNT];
    size_t n = opts_shaping(o, given);
    return fp_provenance_stamp(text, o->pos[0], !o->set[OPT_REPRODUCIBLE], given, n, err);
}

void cmdutil_bottleneck(FILE *fp, const struct fp_topo *topo, const struct fp_bound *b,
                        double theta_gbps, const char *scenario, bool with_tlb)
{
    char a[64], c[64], d[64];
    igraph_integer_t i;
    bool binds = fp_bound_binds(b, theta_gbps);

    fprintf(fp, "bottleneck %s", binds ? "" : "no cut binds: the tightest, ");
    for (i = 0; i < b->n_cut_spans; i++) {
        fprintf(fp, "%s%s", i > 0 ? ", " : "", topo->span_id[b->cut_spans[i]]);
    }
    if (binds) {
        fprintf(fp, " (%s Gbit/s across the %s%s%s%s", fp_textfmt_grouped(a, sizeof(a), b->cut_capacity_gbps),
                b->parts == 2 ? "cut" : "partition", scenario != NULL ? " when " : "",
                scenario != NULL ? scenario : "", scenario != NULL ? " fails" : "");
    } else {
        fprintf(fp, " (%s Gbit/s across the %s%s%s%s), allows %s Gbit/s; theta %s is limited by the "
                "schedule and routing",
                fp_textfmt_grouped(a, sizeof(a), b->cut_capacity_gbps), b->parts == 2 ? "cut" : "partition",
                scenario != NULL ? " when " : "", scenario != NULL ? scenario : "",
                scenario != NULL ? " fails" : "",
                fp_textfmt_grouped(c, sizeof(c), b->theta_lb_gbps),
                fp_textfmt_grouped(d, sizeof(d), theta_gbps));
    }
    if (with_tlb) {
        fprintf(fp, "%s T_lb %.4g s", binds ? ";" : ",", b->allreduce_s);
    }
    fprintf(fp, "%s\n", binds ? ")" : "");
}

void cmdutil_plan_headline(FILE *fp, const struct fp_plan *p)
{
    char a[64], b[64], c[64];
    const char *kind = p->modular ? "whole wavelengths and builds" : "continuous";
    if (!isnan(p->budget_usd)) {
        fprintf(fp, "plan       budget $%s: spent $%s, unspent $%s (%s)\n",
                fp_textfmt_grouped(a, sizeof(a), p->budget_usd), fp_textfmt_grouped(b, sizeof(b), p->cost_usd),
                fp_textfmt_grouped(c, sizeof(c), p->budget_usd - p->cost_usd), kind);
    } else if (!isnan(p->target_time_s)) {
        fprintf(fp, "plan       target T <= %.4g s: cheapest plan costs $%s (%s)\n", p->target_time_s,
                fp_textfmt_grouped(a, sizeof(a), p->cost_usd), kind);
    } else {
        fprintf(fp, "plan       each job's target T: cheapest plan costs $%s (%s)\n",
                fp_textfmt_grouped(a, sizeof(a), p->cost_usd), kind);
    }
}

/* The optics columns of an upgrade row (under --cost-model): mode, pairs lit, amplifiers. */
static void upgrade_optics(FILE *fp, const struct fp_topo *topo, const struct fp_plan *p, igraph_integer_t e)
{
    const struct fp_optics *o = topo->optics;
    bool whole;
    if (o == NULL) {
        fputc('\n', fp);
        return;
    }
    if (o->mode[e] < 0) {
        fprintf(fp, "  %-9s %5s %5s\n", "-", "-", "-");
        return;
    }
    whole = fabs(p->pairs_lit[e] - round(p->pairs_lit[e])) < 1e-6;
    fprintf(fp, "  %-9s %5.*f %5.*f\n", o->model.modes[o->mode[e]].name, whole ? 0 : 2, p->pairs_lit[e],
            whole ? 0 : 1, p->pairs_lit[e] * (double)o->ilas[e]);
}

void cmdutil_upgrades(FILE *fp, const struct fp_topo *topo, const struct fp_plan *p)
{
    char a[64], b[64], c[64];
    igraph_integer_t e;
    int n_up = 0;
    bool optics = topo->optics != NULL;
    fprintf(fp, "%-8s %-32s %21s %8s %6s %14s", "upgrade", "ends", "Gbit/s today -> plan", "waves",
            "build", "cost USD");
    fprintf(fp, optics ? "  %-9s %5s %5s\n" : "\n", "mode", "pairs", "ILAs");
    for (e = 0; e < topo->n_spans; e++) {
        char ends[80], build[16] = "-", waves[32];
        if (p->added_gbps[e] <= 0 && p->build[e] <= 0) {
            continue;
        }
        n_up++;
        snprintf(ends, sizeof(ends), "%s-%s", topo->node_id[topo->span_from[e]],
                 topo->node_id[topo->span_to[e]]);
        if (!fp_topo_is_lit(topo, e)) {
            snprintf(build, sizeof(build), p->build[e] >= 1 - 1e-9 ? "yes" : "%.2f", p->build[e]);
        }
        /* whole wavelengths as such; a continuous plan's equivalent to one decimal */
        snprintf(waves, sizeof(waves), fabs(p->modules[e] - round(p->modules[e])) < 1e-6 ? "%.0f" : "%.1f",
                 p->modules[e]);
        fprintf(fp, "%-8s %-32s %9s -> %-8s %8s %6s %14s", topo->span_id[e], ends,
                fp_textfmt_grouped(a, sizeof(a), fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0),
                fp_textfmt_grouped(b, sizeof(b), p->planned_gbps[e]), waves, build,
                fp_textfmt_grouped(c, sizeof(c), p->span_cost_usd[e]));
        upgrade_optics(fp, topo, p, e);
    }
    if (n_up == 0) {
        fprintf(fp, "(none)\n");
    }
}
