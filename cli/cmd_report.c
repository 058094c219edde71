/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan report: the design review of a result, one self-contained HTML file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "io/report.h"
#include "io/topofile.h"

static const char *const usage[] = {
    "usage: fiberplan report RESULT.json [-o review.html] [--topology TOPO] [options]",
    "",
    "Writes the design review of a result of route, plan, sweep or failures (--json): the",
    "headline (T and its parts, the bound, the ratio, the cost), a map of the sites and spans",
    "coloured by utilisation with the bottleneck cut drawn, the upgrades, the failure scenarios,",
    "the budget frontier with its knee, and the spans. One HTML file with inline SVG: no scripts,",
    "no network access, printable to PDF. The topology is the file the result names unless",
    "--topology gives it.",
    NULL,
};

int cmd_report(int argc, char **argv)
{
    struct opts o;
    struct fp_error err;
    struct fp_topo topo;
    struct fp_topo_options topts;
    char *topo_path = NULL, *html = NULL;
    int rc;

    fp_error_init(&err);
    memset(&topo, 0, sizeof(topo));
    rc = opts_parse("report", CMD_REPORT, argc, argv, &o, &err);
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_HELP]) {
        cmdutil_help(usage, CMD_REPORT);
        goto out;
    }
    if (o.n_pos != 1) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "report: %s (see 'fiberplan report --help')",
                          o.n_pos == 0 ? "needs a result file" : "takes one result file");
        goto out;
    }
    if (o.set[OPT_TOPOLOGY]) {
        topo_path = strdup(o.str[OPT_TOPOLOGY]);
    } else {
        rc = fp_report_topology_path(o.pos[0], &topo_path, &err);
        if (rc != FP_OK) {
            goto out;
        }
    }
    opts_topo(&o, &topts);
    rc = fp_topofile_read(topo_path, &topts, &topo, &err);
    if (rc == FP_OK) {
        rc = fp_report_html(o.pos[0], &topo, &html, &err);
    }
    if (rc == FP_OK) {
        rc = msg_output(o.str[OPT_OUTPUT], html, &err);
    }
out:
    free(html);
    free(topo_path);
    fp_topo_release(&topo);
    opts_release(&o);
    if (rc != FP_OK) {
        msg_error(&err);
    }
    return rc;
}
