/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan failures: the all-reduce when a conduit is cut (MODEL.md "Failures"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "core/farm.h"
#include "io/resultjson.h"
#include "io/textfmt.h"
#include "solvers/failures.h"

static const char *const usage[] = {
    "usage: fiberplan failures TOPO [JOB options] [--by span|srlg] [options]",
    "   or: fiberplan failures TOPO --workload FILE.json [--by span|srlg] [options]",
    "",
    "Cuts each lit span in turn (or, with --by srlg, every span of one shared-risk group),",
    "routes the tree all-reduce on what is left, and lists the scenarios worst first: those that",
    "cut sites off, naming them, then by all-reduce time. --jobs N solves the scenarios in N",
    "worker processes; under mpirun (built with make MPI=1) they are spread over the ranks.",
    "With --workload, every scenario routes the workload's jobs and background together: lambda,",
    "each job's theta and T against the intact network and alone, the background carried or",
    "not, and the worst scenario for lambda and for each job.",
    NULL,
};

static void print_text(FILE *fp, const struct fp_topo *topo, const struct fp_route *intact,
                       const struct fp_failures *f)
{
    char a[64];
    igraph_integer_t i, j;
    int cut = 0;
    for (i = 0; i < f->n; i++) {
        cut += f->items[i].disconnected;
    }
    fprintf(fp, "failures   %ld %s scenarios, %d cut sites off; intact T %.4g s (theta %s Gbit/s)\n",
            (long)f->n, f->by_srlg ? "SRLG" : "span", cut, intact->allreduce_s,
            fp_textfmt_grouped(a, sizeof(a), intact->theta_gbps));
    if (f->intact_from != NULL) {
        fprintf(fp, "           intact T_lat %s: the schedule found for %s, which runs intact too\n",
                cmdutil_delay(a, sizeof(a), f->intact_latency_s), f->intact_from);
    }
    if (f->n_stopped > 0) {
        fprintf(fp, "stopped    %ld of %ld scenarios cut short (signal or --time-limit), marked '>=': theta "
                "at least, T at most that\n", (long)f->n_stopped, (long)f->n);
    }
    fprintf(fp, "\n%-14s %10s %14s %8s  %s\n", f->by_srlg ? "srlg" : "span", "T s", "theta Gbit/s",
            "x intact", "spans / sites cut off");
    for (i = 0; i < f->n; i++) {
        const struct fp_failure *s = &f->items[i];
        if (s->disconnected) {
            fprintf(fp, "%-14s %10s %14s %8s", s->label, "-", "0", "-");
        } else if (s->not_built) {
            fprintf(fp, "%-14s %10s %14s %8s", s->label, "-", "-", "-");
        } else {
            char th[80];
            snprintf(th, sizeof(th), "%s%s", s->stopped ? ">=" : "", fp_textfmt_grouped(a, sizeof(a), s->theta_gbps));
            fprintf(fp, "%-14s %10.4g %14s %8.3f", s->label, s->allreduce_s, th,
                    s->allreduce_s / intact->allreduce_s);
        }
        if (f->by_srlg || s->disconnected) {
            fprintf(fp, " ");
        }
        for (j = 0; f->by_srlg && j < s->n_failed; j++) {
            fprintf(fp, "%s%s", j > 0 ? "," : " ", topo->span_id[s->failed[j]]);
        }
        if (s->not_built) {
            fprintf(fp, " not built: no scenario");
        }
        if (s->disconnected) {
            fprintf(fp, " DISCONNECTS");
            for (j = 0; j < s->n_cut_off; j++) {
                fprintf(fp, " %s", topo->node_id[s->cut_off[j]]);
            }
        }
        fprintf(fp, "\n");
    }
}

int cmd_failures(int argc, char **argv)
{
    struct opts o;
    struct fp_error err;
    struct fp_topo topo;
    struct fp_job job;
    struct fp_route intact;
    struct fp_failures f;
    struct fp_route_options ro;
    char *text = NULL;
    size_t len = 0;
    double t0 = cmdutil_now_s();
    int rc;

    fp_error_init(&err);
    memset(&topo, 0, sizeof(topo));
    memset(&job, 0, sizeof(job));
    memset(&intact, 0, sizeof(intact));
    memset(&f, 0, sizeof(f));
    rc = opts_parse("failures", CMD_FAILURES, argc, argv, &o, &err);
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_HELP]) {
        cmdutil_help(usage, CMD_FAILURES);
        goto out;
    }
    if (o.set[OPT_WORKLOAD]) {
        rc = cmd_failures_workload(&o, &err);
        goto out;
    }
    rc = cmdutil_load("failures", &o, true, &topo, &job, &err);
    if (rc != FP_OK) {
        goto out;
    }
    fp_route_options_init(&ro);
    if (o.set[OPT_TIME_LIMIT]) {
        ro.time_limit_s = o.num[OPT_TIME_LIMIT];
    }
    ro.stop = &cmdutil_stop;
    cmdutil_feedback(&o, &ro, "failures");
    cmdutil_solving = 1;
    rc = fp_failures_solve(&topo, &job, &ro, o.set[OPT_BY] && strcmp(o.str[OPT_BY], "srlg") == 0,
                           cmdutil_jobs(&o), &f, &err);
    cmdutil_solving = 0;
    if (rc != FP_OK || !fp_farm_root()) {
        goto out;
    }
    /* intact as the scenarios were solved (fp_failures_solve) */
    intact.theta_gbps = f.intact_theta_gbps;
    intact.allreduce_s = f.intact_allreduce_s;
    intact.bandwidth_s = f.intact_bandwidth_s;
    intact.latency_s = f.intact_latency_s;
    if (o.set[OPT_JSON]) {
        text = fp_resultjson_failures(&topo, &job, &intact, &f, cmdutil_seconds(&o, t0));
    } else {
        FILE *fp = open_memstream(&text, &len);
        if (fp == NULL) {
            rc = fp_error_set(&err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
            goto out;
        }
        print_text(fp, &topo, &intact, &f);
        fclose(fp);
    }
    if (o.set[OPT_JSON] && (rc = cmdutil_stamp(&o, &text, &err)) != FP_OK) {
        goto out;
    }
    rc = msg_output(o.str[OPT_OUTPUT], text, &err);
out:
    free(text);
    fp_result_failures_release(&f);
    fp_result_route_release(&intact);
    fp_job_release(&job);
    fp_topo_release(&topo);
    opts_release(&o);
    if (rc != FP_OK) {
        msg_error(&err);
    }
    return rc;
}
