/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: writes a topology as GraphML (CONTRACT.md "Topology file"), optionally with a
 * plan applied and extra data keys, readable by fiberplan, networkx, Gephi and yEd. */
#ifndef FP_IO_GRAPHMLOUT_H
#define FP_IO_GRAPHMLOUT_H

#include <stdbool.h>

#include "core/topo.h"

/* An extra numeric data key: one value per node or per span (NAN: no <data> element). */
struct fp_graphml_column {
    const char *name;          /* attr.name, e.g. "utilization" */
    enum fp_domain domain;     /* FP_DOMAIN_NODE or FP_DOMAIN_EDGE */
    const double *values;      /* borrowed */
};

/* The topology as a GraphML document: every node and span with the CONTRACT.md keys the
 * model uses (the length and ceiling as derived, so reading the file back gives the same
 * network), the graph's route_factor and job defaults. planned_gbps (NULL: today's) gives
 * each span's capacity per direction; a candidate with a planned capacity above 0 is written
 * built (status lit, no build_cost). n_extra columns are added as double keys.
 * Owned: free(). NULL only if libxml2 cannot allocate. */
char *fp_graphmlout_dumps(const struct fp_topo *topo, const double *planned_gbps,
                          const struct fp_graphml_column *extra, int n_extra);

#endif
