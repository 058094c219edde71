/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the design review, one self-contained HTML file with inline SVG (no scripts, no
 * network), from a result file and the topology it was computed on. */
#ifndef FP_IO_REPORT_H
#define FP_IO_REPORT_H

#include "core/error.h"
#include "core/topo.h"

/* The topology file a result names (.topology.file), owned: free(). FP_ENOINPUT when the
 * result cannot be read, FP_EDATA (FILE:LINE) when it is not a fiberplan.result/1 object, or
 * when it was read from standard input (then the topology must be given). */
int fp_report_topology_path(const char *result_path, char **topo_path, struct fp_error *err);

/* The review of the result at result_path (route, plan, sweep or failures; bound and check
 * too) on topo: the headline (T, T_bw, T_lat, T_lb, T / T_lb, theta, cost), a map of the
 * sites and spans (projected from the coordinates; an igraph Fruchterman-Reingold layout,
 * seeded, when there are none) with spans coloured by utilisation and sized by capacity, the
 * bound's cut drawn, sites sized by GPUs, unbuilt candidates dashed; the tables of spans,
 * upgrades and failure scenarios; the budget frontier chart with its knee (sweep). Readable
 * printed to PDF. *html owned: free(). FP_EDATA when the result does not match topo;
 * FP_ENOINPUT when unreadable. */
int fp_report_html(const char *result_path, const struct fp_topo *topo, char **html, struct fp_error *err);

#endif
