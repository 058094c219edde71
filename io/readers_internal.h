/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the format readers behind fp_topofile_read(). */
#ifndef FP_IO_READERS_INTERNAL_H
#define FP_IO_READERS_INTERNAL_H

#include <stdbool.h>

#include <libxml/tree.h>

#include "core/error.h"
#include "core/topo.h"
#include "io/input.h"

/* GraphML, parsed as a stream (no tree; memory linear in the file): fills topo's nodes, spans
 * and graph attributes. When the root element is not <graphml> it stops at once, sets
 * *not_graphml and returns FP_OK without touching topo. */
int fp_graphml_read(const struct fp_input *in, struct fp_topo *topo, bool *not_graphml,
                    struct fp_error *err);

/* SNDlib XML (root <network>, namespace http://sndlib.zib.de/network). */
int fp_sndlib_read_xml(xmlDoc *doc, struct fp_topo *topo, struct fp_error *err);

/* SNDlib native text ("?SNDlib native format; type: network"). */
int fp_sndlib_read_native(const struct fp_input *in, struct fp_topo *topo, struct fp_error *err);

#endif
