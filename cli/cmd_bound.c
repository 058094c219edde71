/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan bound: the all-reduce lower bound and the cut that sets it (MODEL.md "Lower bound"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "io/resultjson.h"
#include "io/textfmt.h"
#include "solvers/bound.h"

static const char *const usage[] = {
    "usage: fiberplan bound TOPO [JOB options] [options]",
    "",
    "Prints how fast the cross-site all-reduce could possibly go: lambda_min, the smallest",
    "site-to-site max-flow (Gomory-Hu), the best partition bound c(cut)/(m-1) over the",
    "Voronoi partition improved by local search, the delay bound, and",
    "T_lb = max(8 S / theta_lb, delay bound) with the spans that set it.",
    NULL,
};

static void print_spans(FILE *fp, const struct fp_topo *topo, const igraph_integer_t *e,
                        igraph_integer_t n)
{
    igraph_integer_t i;
    for (i = 0; i < n; i++) {
        fprintf(fp, "%s%s", i > 0 ? ", " : "", topo->span_id[e[i]]);
    }
}

static void print_text(FILE *fp, const struct fp_topo *topo, const struct fp_job *job,
                       const struct fp_bound *b)
{
    char x[64], y[64], z[64];
    fprintf(fp, "job        %ld sites, S = %s TB (%s params x %s B)\n", (long)job->n_sites,
            fp_textfmt_short(x, sizeof(x), job->gradient_bytes / 1e12),
            fp_textfmt_short(y, sizeof(y), job->params), fp_textfmt_short(z, sizeof(z), job->grad_bytes));
    fprintf(fp, "min cut    %s Gbit/s between %s and %s: ",
            fp_textfmt_grouped(x, sizeof(x), b->lambda_min_gbps), topo->node_id[b->lambda_pair[0]],
            topo->node_id[b->lambda_pair[1]]);
    print_spans(fp, topo, b->min_cut_spans, b->n_min_cut_spans);
    fprintf(fp, "\n");
    fprintf(fp, "partition  Voronoi %ld parts: %s Gbit/s; best after local search: %ld parts, "
                "%s Gbit/s across / %ld\n",
            (long)b->voronoi_parts, fp_textfmt_grouped(x, sizeof(x), b->voronoi_theta_gbps),
            (long)b->parts, fp_textfmt_grouped(y, sizeof(y), b->cut_capacity_gbps),
            (long)(b->parts - 1));
    fprintf(fp, "theta_lb   %s Gbit/s, set by the %s: ", fp_textfmt_grouped(x, sizeof(x), b->theta_lb_gbps),
            b->parts == 2 ? "cut" : "partition");
    print_spans(fp, topo, b->cut_spans, b->n_cut_spans);
    fprintf(fp, "\n");
    fprintf(fp, "T_lb       %.3g s = max(bandwidth %.3g s, delay %s %s-%s)\n", b->allreduce_s,
            b->bandwidth_s, cmdutil_delay(x, sizeof(x), b->delay_bound_s),
            topo->node_id[b->delay_pair[0]], topo->node_id[b->delay_pair[1]]);
}

int cmd_bound(int argc, char **argv)
{
    struct opts o;
    struct fp_error err;
    struct fp_topo topo;
    struct fp_job job;
    struct fp_bound bound;
    char *text = NULL;
    size_t len = 0;
    double t0 = cmdutil_now_s();
    int rc;

    fp_error_init(&err);
    memset(&topo, 0, sizeof(topo));
    memset(&job, 0, sizeof(job));
    memset(&bound, 0, sizeof(bound));
    rc = opts_parse("bound", CMD_BOUND, argc, argv, &o, &err);
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_HELP]) {
        cmdutil_help(usage, CMD_BOUND);
        goto out;
    }
    rc = cmdutil_load("bound", &o, true, &topo, &job, &err);
    if (rc == FP_OK) {
        rc = fp_bound_compute(&topo, &job, &bound, &err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_JSON]) {
        text = fp_resultjson_bound(&topo, &job, &bound, cmdutil_seconds(&o, t0));
    } else {
        FILE *fp = open_memstream(&text, &len);
        if (fp == NULL) {
            rc = fp_error_set(&err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
            goto out;
        }
        print_text(fp, &topo, &job, &bound);
        fclose(fp);
    }
    if (o.set[OPT_JSON] && (rc = cmdutil_stamp(&o, &text, &err)) != FP_OK) {
        goto out;
    }
    rc = msg_output(o.str[OPT_OUTPUT], text, &err);
out:
    free(text);
    fp_result_bound_release(&bound);
    fp_job_release(&job);
    fp_topo_release(&topo);
    opts_release(&o);
    if (rc != FP_OK) {
        msg_error(&err);
    }
    return rc;
}
