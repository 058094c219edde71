/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the design review, one self-contained HTML file with inline SVG (no scripts, no
 * network), from one or more result files and the topology they were computed on. */
#ifndef FP_IO_REPORT_H
#define FP_IO_REPORT_H

#include "core/error.h"
#include "core/topo.h"
#include "io/provenance.h"

/* The results of one review, each read once (so "-", standard input, works). Opaque. */
struct fp_report;

/* An empty review. Owned: free with fp_report_free(). */
struct fp_report *fp_report_new(void);

/* Frees rep and the results it holds; NULL is fine. */
void fp_report_free(struct fp_report *rep);

/* Reads the result at path ("-": standard input) into rep. FP_ENOINPUT when unreadable;
 * FP_EDATA (FILE:LINE) when not JSON or not a fiberplan.result/1 object, or when it names a
 * topology checksum other than an earlier result's (results of different topologies). */
int fp_report_add(struct fp_report *rep, const char *path, struct fp_error *err);

/* The topology file the results name, owned: free(): .topology.path (absolute) when it is
 * readable, else .topology.file as named, else that file's name next to the result (a result
 * moved with its topology). sha256 gets the checksum the results carry, "" when none.
 * FP_EDATA (naming the result) when no result names a readable topology file (read from
 * standard input, or moved away): then --topology must give it. */
int fp_report_topology(const struct fp_report *rep, char **topo_path, char sha256[FP_SHA256_HEX],
                       struct fp_error *err);

/* The review of rep's results on topo. With one result: its headline, map, and tables. With
 * several (route, plan, failures, sweep in any order): one document with the headline, a map
 * of labelled sites and PoPs with the plan's spans coloured by capacity added (else by
 * utilisation) and the binding cut drawn, the legend, the frontier with the chosen plan, the
 * upgrades with totals, the next dollars, the schedule's trees, the collectives compared, the
 * failure scenarios with span ends, the job's assumptions and the spans. Numbers are the
 * results' (capacities from .links[] and .plan.upgrades[]), topo gives positions, names and
 * ends. *html owned: free(). FP_EDATA when a result names a span topo lacks. */
int fp_report_html(const struct fp_report *rep, const struct fp_topo *topo, char **html,
                   struct fp_error *err);

#endif
