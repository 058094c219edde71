/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: loads a topology file (GraphML, SNDlib XML or SNDlib native) into a struct fp_topo. */
#ifndef FP_IO_TOPOFILE_H
#define FP_IO_TOPOFILE_H

#include "core/error.h"
#include "core/topo.h"

/* Reads path ("-" for standard input), detecting the format from the content
 * (root <graphml>, root <network> in the SNDlib namespace, or the SNDlib
 * native header), builds the graph and applies fp_topo_derive() with opts.
 * topo must be zeroed or fp_topo_init()ed; on failure it is released.
 * Returns FP_ENOINPUT (missing/unreadable), FP_EDATA (FILE:LINE of the first
 * defect) or FP_ESOFTWARE. */
int fp_topofile_read(const char *path, const struct fp_topo_options *opts, struct fp_topo *topo,
                     struct fp_error *err);

#endif
