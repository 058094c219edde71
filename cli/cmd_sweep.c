/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan sweep: the budget frontier (MODEL.md "Planning": sweep). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "core/farm.h"
#include "core/parse.h"
#include "core/xalloc.h"
#include "io/resultjson.h"
#include "io/textfmt.h"
#include "solvers/bound.h"
#include "solvers/sweep.h"

static const char *const usage[] = {
    "usage: fiberplan sweep TOPO [JOB options] --budgets B1,B2,... [--modular] [--jobs N] [options]",
    "   or: fiberplan sweep TOPO --workload FILE.json --budgets B1,B2,... [--jobs N] [options]",
    "   or: fiberplan sweep TOPO --phases FILE.json --budgets B1,B2,... [--carry-over] [--modular] [options]",
    "",
    "Plans the network for each budget (as 'fiberplan plan --budget B') and prints the frontier:",
    "what each budget buys in all-reduce time, the knee past which money buys least, and the",
    "upgrades at each point. --jobs N solves the budgets in N worker processes; under mpirun",
    "(built with make MPI=1) they are spread over the ranks. The output does not depend on N.",
    "With --workload, each budget's plan maximises the workload's lambda (--modular: plan",
    "--workload --modular of that budget) and the workload is routed on the planned network:",
    "lambda and each job's theta and T per budget. With --phases, each budget is a total split over",
    "the phases as the file's budgets are, planned jointly (plan --phases): sum w T / sum w per total.",
    "With --cost-model too, each phase pays for the fiber pairs it lights, and they stay lit.",
    "--time-limit S is one deadline for the whole sweep, not one per budget: the budgets, smallest",
    "first, each get an even share of the time left as they begin, and a point cut short says so",
    "(a budget begun after the deadline takes a smaller budget's plan).",
    NULL,
};

#define MAX_BUDGETS 10000

/* --budgets: comma-separated numbers >= 0. */
static int parse_budgets(const char *text, double **out, igraph_integer_t *n, struct fp_error *err)
{
    char *copy = fp_xstrdup(text), *p = copy;
    double *b = fp_xcalloc(MAX_BUDGETS + 1, sizeof(double));
    igraph_integer_t count = 0;
    int rc = FP_OK;

    for (;;) {
        char *comma = strchr(p, ',');
        double v;
        if (comma != NULL) {
            *comma = '\0';
        }
        if (fp_parse_double(p, &v) != 0 || !(v >= 0)) {
            rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "sweep: --budgets must be numbers >= 0 separated "
                              "by commas, got '%s' (see 'fiberplan sweep --help')", p);
            break;
        }
        if (count == MAX_BUDGETS) {
            rc = fp_error_set(err, FP_EUSAGE, NULL, 0, "sweep: --budgets takes at most %d budgets "
                              "(see 'fiberplan sweep --help')", MAX_BUDGETS);
            break;
        }
        b[count++] = v;
        if (comma == NULL) {
            break;
        }
        p = comma + 1;
    }
    free(copy);
    if (rc == FP_OK) {
        *out = b;
        *n = count;
    } else {
        free(b);
    }
    return rc;
}

/* What a point not proven depends on: the share of the sweep's one deadline its plan had (limit_s,
 * --time-limit), none when the deadline passed before it began, or branch and cut's own limit. */
static void print_unproven(FILE *fp, const struct fp_sweep *s, const struct fp_sweep_point *pt,
                           double limit_s)
{
    if (pt->late) {
        fprintf(fp, "  [late: the sweep's deadline had passed]");
    } else if (pt->cut_short && limit_s > 0) {
        fprintf(fp, "  [cut short: its share %.3g s of the sweep's %g s]", pt->share_s, limit_s);
    } else if (s->modular && !pt->plan.mip_proven && !pt->cut_short) {
        fprintf(fp, "  [not proven in %g s]", FP_PLAN_MILP_SECONDS);
    } else if (pt->cut_short || pt->status != FP_STATUS_OPTIMAL) {
        fprintf(fp, "  [stopped]");
    }
}

/* limit_s: --time-limit (0: none), the sweep's one deadline, named by the points it cut short */
static void print_text(FILE *fp, const struct fp_topo *topo, const struct fp_sweep *s, double limit_s)
{
    char a[64], b[64], c[64], d[64], g[32];
    igraph_integer_t i, e;
    int cut = 0;
    const struct fp_plan *p0 = &s->points[0].plan;

    fprintf(fp, "sweep      %ld budget%s, %s; today T %.4g s = bandwidth %.4g s + latency %s "
                "(theta %s Gbit/s)\n\n",
            (long)s->n, s->n == 1 ? "" : "s", s->modular ? "whole wavelengths and builds" : "continuous",
            p0->allreduce_before_s, p0->bandwidth_before_s, cmdutil_delay(a, sizeof(a), p0->latency_before_s),
            fp_textfmt_grouped(b, sizeof(b), p0->theta_before_gbps));
    fprintf(fp, "%16s %16s %9s %11s %10s %14s %7s %6s  %s\n", "budget USD", "spent USD", "T s",
            "bandwidth s", "latency", "theta Gbit/s", "gap", "spans", "built");
    for (i = 0; i < s->n; i++) {
        const struct fp_sweep_point *pt = &s->points[i];
        int spans = 0, built = 0;
        for (e = 0; e < topo->n_spans; e++) {
            spans += pt->plan.added_gbps[e] > 0;
        }
        fprintf(fp, "%16s %16s %9.4g %11.4g %10s %14s %7s %6d  ",
                fp_textfmt_grouped(a, sizeof(a), pt->plan.budget_usd),
                fp_textfmt_grouped(b, sizeof(b), pt->plan.cost_usd), pt->allreduce_s, pt->bandwidth_s,
                cmdutil_delay(c, sizeof(c), pt->latency_s), fp_textfmt_grouped(d, sizeof(d), pt->theta_gbps),
                fp_textfmt_percent(g, sizeof(g), pt->plan.gap), spans);
        for (e = 0; e < topo->n_spans; e++) {
            if (!fp_topo_is_lit(topo, e) && pt->plan.build[e] > 0) {
                if (pt->plan.build[e] >= 1 - 1e-9) {
                    fprintf(fp, "%s%s", built++ > 0 ? " " : "", topo->span_id[e]);
                } else {
                    fprintf(fp, "%s%s(%.2f)", built++ > 0 ? " " : "", topo->span_id[e], pt->plan.build[e]);
                }
            }
        }
        fprintf(fp, "%s%s%s", built == 0 ? "-" : "", pt->carried ? "  [smaller budget's plan]" : "",
                i == s->knee ? "  <- knee" : "");
        print_unproven(fp, s, pt, limit_s);
        fprintf(fp, "\n");
        cut += pt->cut_short;
    }
    fprintf(fp, "\nspans: spans given capacity; built: candidates built (a fraction in a continuous plan);\n"
                "every upgrade per budget is in --json; --csv has one line per budget.\n");
    if (cut > 0 && limit_s > 0) {
        fprintf(fp, "cut short: --time-limit %g s is the whole sweep's; each budget, smallest first,\n"
                    "had an even share of the time left as it began (late: none left, a smaller\n"
                    "budget's plan).\n", limit_s);
    }
}

/* CSV: one line per budget, numbers in full precision. */
static char *csv_text(const struct fp_sweep *s)
{
    char *text = NULL;
    size_t len = 0;
    igraph_integer_t i;
    FILE *fp = open_memstream(&text, &len);
    if (fp == NULL) {
        return NULL;
    }
    fprintf(fp, "budget_usd,cost_usd,allreduce_s,bandwidth_s,latency_s,throughput_gbps,gap,status,knee\n");
    for (i = 0; i < s->n; i++) {
        const struct fp_sweep_point *pt = &s->points[i];
        fprintf(fp, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%s,%d\n", pt->plan.budget_usd,
                pt->plan.cost_usd, pt->allreduce_s, pt->bandwidth_s, pt->latency_s, pt->theta_gbps,
                pt->plan.gap, fp_result_status_name(pt->status), i == s->knee);
    }
    fclose(fp);
    return text;
}

int cmd_sweep(int argc, char **argv)
{
    struct opts o;
    struct fp_error err;
    struct fp_topo topo;
    struct fp_job job;
    struct fp_bound bound;
    struct fp_sweep sweep;
    struct fp_route_options ro;
    struct fp_plan_options po;
    double *budgets = NULL;
    igraph_integer_t n = 0;
    bool have_bound = false;
    char *text = NULL, *csv = NULL;
    size_t len = 0;
    double t0 = cmdutil_now_s();
    int rc;

    fp_error_init(&err);
    memset(&topo, 0, sizeof(topo));
    memset(&job, 0, sizeof(job));
    memset(&bound, 0, sizeof(bound));
    memset(&sweep, 0, sizeof(sweep));
    rc = opts_parse("sweep", CMD_SWEEP, argc, argv, &o, &err);
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_HELP]) {
        cmdutil_help(usage, CMD_SWEEP);
        goto out;
    }
    if (!o.set[OPT_BUDGETS]) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "sweep: needs --budgets (see 'fiberplan sweep --help')");
        goto out;
    }
    rc = parse_budgets(o.str[OPT_BUDGETS], &budgets, &n, &err);
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_PHASES]) {
        rc = cmd_sweep_phases(&o, budgets, (long)n, &err);
        goto out;
    }
    if (o.set[OPT_CARRY_OVER]) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "sweep: --carry-over goes with --phases (see 'fiberplan "
                          "sweep --help')");
        goto out;
    }
    if (o.set[OPT_WORKLOAD]) {
        rc = cmd_sweep_workload(&o, budgets, (long)n, &err);
        goto out;
    }
    rc = cmdutil_load("sweep", &o, true, &topo, &job, &err);
    if (rc != FP_OK) {
        goto out;
    }
    fp_route_options_init(&ro);
    fp_plan_options_init(&po);
    if (o.set[OPT_TIME_LIMIT]) {
        ro.time_limit_s = o.num[OPT_TIME_LIMIT];
    }
    ro.stop = &cmdutil_stop;
    cmdutil_feedback(&o, &ro, "sweep");
    po.modular = o.set[OPT_MODULAR];
    cmdutil_solving = 1;
    rc = fp_sweep_solve(&topo, &job, &ro, &po, budgets, n, cmdutil_jobs(&o), &sweep, &err);
    cmdutil_solving = 0;
    if (rc != FP_OK || !fp_farm_root()) {
        goto out;
    }
    if (o.set[OPT_JSON]) {
        if (fp_bound_compute(&topo, &job, &bound, &err) == FP_OK) {
            have_bound = true;
        } else {
            fp_error_init(&err);
        }
        text = fp_resultjson_sweep(&topo, &job, have_bound ? &bound : NULL, &sweep, cmdutil_seconds(&o, t0));
    } else {
        FILE *fp = open_memstream(&text, &len);
        if (fp == NULL) {
            rc = fp_error_set(&err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
            goto out;
        }
        print_text(fp, &topo, &sweep, o.num[OPT_TIME_LIMIT] > 0 ? o.num[OPT_TIME_LIMIT] : 0.0);
        fclose(fp);
    }
    if (o.set[OPT_CSV]) {
        csv = csv_text(&sweep);
        if (csv == NULL) {
            rc = fp_error_set(&err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
            goto out;
        }
        rc = msg_output(o.str[OPT_CSV], csv, &err);
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
    free(csv);
    free(budgets);
    fp_result_bound_release(&bound);
    fp_result_sweep_release(&sweep);
    fp_job_release(&job);
    fp_topo_release(&topo);
    opts_release(&o);
    if (rc != FP_OK) {
        msg_error(&err);
    }
    return rc;
}
