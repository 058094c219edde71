/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: reads a traffic matrix for `route --demands FILE.csv`. */
#ifndef FP_IO_DEMANDS_H
#define FP_IO_DEMANDS_H

#include "core/error.h"
#include "core/topo.h"

/* Reads lines "src,dst,gbps" (an optional header line, blank lines and '#' comments are
 * skipped; fields may be padded with spaces). src and dst name nodes of topo by id or label
 * (fp_topo_resolve_node()), gbps > 0; a demand's id is "SRC_ID->DST_ID".
 * *out (owned: free each .id, then the array) and *n are written on success.
 * FP_EDATA with FILE:LINE for a malformed line, an unknown or ambiguous node, src = dst or gbps <= 0;
 * FP_EDATA when the file holds no demand; FP_ENOINPUT when unreadable. */
int fp_demands_read(const char *path, const struct fp_topo *topo, struct fp_demand **out,
                    igraph_integer_t *n, struct fp_error *err);

#endif
