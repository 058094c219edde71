/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan report: the design review of one or more results, one self-contained HTML file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "io/provenance.h"
#include "io/report.h"
#include "io/topofile.h"

static const char *const usage[] = {
    "usage: fiberplan report RESULT.json... [-o review.html] [--topology TOPO] [options]",
    "",
    "Writes the design review of results of route, plan, sweep or failures (--json; '-' reads",
    "standard input): the headline (T and its parts, the bound, the ratio, the cost), a map of",
    "the labelled sites and PoPs with the plan's spans coloured by capacity added (else by",
    "utilisation), the binding cut and a legend, the budget frontier with the chosen plan, the",
    "upgrades with totals, the next dollars, the collectives and the schedule's trees, the",
    "failure scenarios, the job's assumptions and the spans. Several results (one of each",
    "kind) make one review. One HTML file with inline SVG: no scripts, no network access,",
    "printable to PDF. The topology is the file the results name (its absolute path, else as",
    "named, else beside the result) unless --topology gives it; the numbers are the results'.",
    "A topology that no longer matches the results' SHA-256 gives a warning.",
    NULL,
};

/* The topology to draw on: --topology, else the one the results name. */
static int topology(const struct opts *o, const struct fp_report *rep, char **path, char *sha,
                    struct fp_error *err)
{
    char ignored[FP_SHA256_HEX];
    int rc = fp_report_topology(rep, path, o->set[OPT_TOPOLOGY] ? ignored : sha, err);
    if (o->set[OPT_TOPOLOGY]) {
        if (rc == FP_OK) {
            free(*path);
        }
        fp_error_init(err);
        if (rc == FP_OK || rc == FP_EDATA) {
            strcpy(sha, rc == FP_OK ? ignored : "");
        }
        *path = strdup(o->str[OPT_TOPOLOGY]);
        rc = FP_OK;
    }
    return rc;
}

/* One warning line when the topology read is not the file the results were computed on. */
static void check_sum(const struct opts *o, const char *path, const char *want)
{
    struct fp_error err;
    char got[FP_SHA256_HEX], *abs = NULL, msg[1024];
    fp_error_init(&err);
    if (want[0] == '\0' || o->set[OPT_QUIET] || strcmp(path, "-") == 0 ||
        fp_provenance_file(path, &abs, got, &err) != FP_OK) {
        return;
    }
    if (strcmp(got, want) != 0) {
        snprintf(msg, sizeof(msg),
                 "%s no longer matches the result's sha256 (%.12s, now %.12s): "
                 "positions and names may not be the ones the result was computed on",
                 path, want, got);
        msg_warn(msg);
    }
    free(abs);
}

static int review(const struct opts *o, struct fp_report *rep, char **html, struct fp_error *err)
{
    struct fp_topo topo;
    struct fp_topo_options topts;
    char *topo_path = NULL, sha[FP_SHA256_HEX] = "";
    int rc = topology(o, rep, &topo_path, sha, err);

    memset(&topo, 0, sizeof(topo));
    if (rc != FP_OK) {
        goto out;
    }
    opts_topo(o, &topts);
    rc = fp_topofile_read(topo_path, &topts, &topo, err);
    if (rc != FP_OK) {
        goto out;
    }
    check_sum(o, topo_path, sha);
    rc = fp_report_html(rep, &topo, html, err);
out:
    free(topo_path);
    fp_topo_release(&topo);
    return rc;
}

int cmd_report(int argc, char **argv)
{
    struct opts o;
    struct fp_error err;
    struct fp_report *rep = fp_report_new();
    char *html = NULL;
    int rc, i;

    fp_error_init(&err);
    rc = opts_parse("report", CMD_REPORT, argc, argv, &o, &err);
    if (rc != FP_OK || o.set[OPT_HELP]) {
        if (rc == FP_OK) {
            cmdutil_help(usage, CMD_REPORT);
        }
        goto out;
    }
    if (o.n_pos == 0) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0,
                          "report: needs a result file (see 'fiberplan report --help')");
        goto out;
    }
    for (i = 0; i < o.n_pos && rc == FP_OK; i++) {
        rc = fp_report_add(rep, o.pos[i], &err);
    }
    if (rc == FP_OK) {
        rc = review(&o, rep, &html, &err);
    }
    if (rc == FP_OK) {
        rc = msg_output(o.str[OPT_OUTPUT], html, &err);
    }
out:
    free(html);
    fp_report_free(rep);
    opts_release(&o);
    if (rc != FP_OK) {
        msg_error(&err);
    }
    return rc;
}
