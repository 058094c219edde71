/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan export: the topology for other tools (GraphML, Graphviz DOT, SimGrid). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "core/xalloc.h"
#include "io/dotout.h"
#include "io/graphmlout.h"
#include "io/resultread.h"
#include "io/simgridout.h"
#include "solvers/paths.h"

static const char *const usage[] = {
    "usage: fiberplan export TOPO --format graphml|dot|simgrid [--result RESULT.json] [options]",
    "",
    "Writes the topology for other tools. graphml: every CONTRACT.md key, readable by fiberplan,",
    "networkx, Gephi and yEd; with --result also load_gbps, utilization, marginal_s_per_gbps and",
    "in_cut per span (and a plan's capacities). dot: positions from the coordinates for",
    "'neato -n2 -Tsvg', spans coloured by utilisation with --result. simgrid: a SimGrid platform,",
    "the sites as hosts, the spans as split-duplex links (bandwidth per direction, latency = delay),",
    "and the least-delay route between every two sites.",
    NULL,
};

#define HOST_SPEED_FLOPS 1e15   /* SimGrid hosts: 1 Pflop/s (the export is about the network) */

/* The sites: --sites, else every datacenter with GPUs (as for the JOB). */
static int export_sites(const struct opts *o, const struct fp_topo *topo, struct fp_job *job,
                        struct fp_error *err)
{
    struct fp_job_spec flags, file;
    fp_job_spec_init(&flags);
    fp_job_spec_init(&file);
    flags.sites = o->set[OPT_SITES] ? o->str[OPT_SITES] : NULL;
    flags.params = 1.0;   /* the model size plays no part in an export */
    return fp_job_resolve(topo, &flags, &file, job, err);
}

static char *graphml_text(const struct fp_topo *topo, const struct fp_result_spans *res)
{
    struct fp_graphml_column cols[4];
    double *cut;
    char *text;
    igraph_integer_t e;
    if (res == NULL) {
        return fp_graphmlout_dumps(topo, NULL, NULL, 0);
    }
    cut = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    for (e = 0; e < topo->n_spans; e++) {
        cut[e] = res->in_cut[e] ? 1.0 : 0.0;
    }
    cols[0].name = "load_gbps";
    cols[0].values = res->load_gbps;
    cols[1].name = "utilization";
    cols[1].values = res->utilization;
    cols[2].name = "marginal_s_per_gbps";
    cols[2].values = res->marginal_s_per_gbps;
    cols[3].name = "in_cut";
    cols[3].values = cut;
    for (e = 0; e < 4; e++) {
        cols[e].domain = FP_DOMAIN_EDGE;
    }
    text = fp_graphmlout_dumps(topo, res->has_plan ? res->planned_gbps : NULL, cols, 4);
    free(cut);
    return text;
}

static int simgrid_text(const struct opts *o, const struct fp_topo *topo, const struct fp_result_spans *res,
                        char **text, struct fp_error *err)
{
    struct fp_job job;
    struct fp_pair_routes routes;
    int rc;

    memset(&job, 0, sizeof(job));
    memset(&routes, 0, sizeof(routes));
    rc = export_sites(o, topo, &job, err);
    if (rc == FP_OK) {
        rc = fp_paths_shortest(topo, &job, res != NULL && res->has_plan ? res->planned_gbps : NULL, &routes, err);
    }
    if (rc == FP_OK) {
        *text = fp_simgridout_dumps(topo, job.sites, job.n_sites, (const igraph_integer_t *const *)routes.arcs,
                                    routes.n_arcs, HOST_SPEED_FLOPS, res);
        if (*text == NULL) {
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: libxml2: out of memory");
        }
    }
    fp_paths_release(&routes);
    fp_job_release(&job);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    struct opts o;
    struct fp_error err;
    struct fp_topo topo;
    struct fp_job none;
    struct fp_result_spans res;
    bool have_res = false;
    char *text = NULL;
    int rc;

    fp_error_init(&err);
    memset(&topo, 0, sizeof(topo));
    memset(&res, 0, sizeof(res));
    rc = opts_parse("export", CMD_EXPORT, argc, argv, &o, &err);
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_HELP]) {
        cmdutil_help(usage, CMD_EXPORT);
        goto out;
    }
    if (!o.set[OPT_FORMAT]) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "export: needs --format graphml|dot|simgrid "
                          "(see 'fiberplan export --help')");
        goto out;
    }
    rc = cmdutil_load("export", &o, false, &topo, &none, &err);
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_RESULT]) {
        rc = fp_resultread_spans(o.str[OPT_RESULT], &topo, &res, &err);
        if (rc != FP_OK) {
            goto out;
        }
        have_res = true;
    }
    if (strcmp(o.str[OPT_FORMAT], "graphml") == 0) {
        text = graphml_text(&topo, have_res ? &res : NULL);
    } else if (strcmp(o.str[OPT_FORMAT], "dot") == 0) {
        text = fp_dotout_dumps(&topo, have_res ? &res : NULL);
    } else {
        rc = simgrid_text(&o, &topo, have_res ? &res : NULL, &text, &err);
        if (rc != FP_OK) {
            goto out;
        }
    }
    if (text == NULL) {
        rc = fp_error_set(&err, FP_ESOFTWARE, NULL, 0, "internal: out of memory");
        goto out;
    }
    rc = msg_output(o.str[OPT_OUTPUT], text, &err);
out:
    free(text);
    fp_resultread_release(&res);
    fp_topo_release(&topo);
    opts_release(&o);
    if (rc != FP_OK) {
        msg_error(&err);
    }
    return rc;
}
