/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: writes a topology as Graphviz DOT, positioned from its coordinates. */
#ifndef FP_IO_DOTOUT_H
#define FP_IO_DOTOUT_H

#include "core/topo.h"
#include "io/resultread.h"

/* An undirected DOT graph of the topology: datacenters as double circles sized by GPUs,
 * transit nodes as points, spans labelled with their capacity and sized by it, candidates
 * dashed. Nodes with coordinates get pos="x,y!" in points (equirectangular projection about
 * the mean latitude, 1,000 points wide) for `neato -n2`; without coordinates (none at all)
 * no pos is written and neato lays the graph out. With res (NULL: none) spans are coloured by
 * utilisation (green to red), the bound's cut drawn bold, and planned capacities used.
 * Owned: free(). */
char *fp_dotout_dumps(const struct fp_topo *topo, const struct fp_result_spans *res);

#endif
