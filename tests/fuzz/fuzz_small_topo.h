/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fixed four-site topology (tests/fuzz/small.graphml) the demands and job targets read against. */
#ifndef FP_FUZZ_SMALL_TOPO_H
#define FP_FUZZ_SMALL_TOPO_H

#include "core/topo.h"
#include "io/topofile.h"


/* Loads tests/fuzz/small.graphml once (the fuzzers run from the repository root); aborts if
 * that fails. */
static const struct fp_topo *small_topo(void)
{
    static struct fp_topo topo;
    static int loaded;
    if (!loaded) {
        struct fp_topo_options opts;
        struct fp_error err;
        fp_error_igraph_install();
        fp_topo_options_init(&opts);
        memset(&topo, 0, sizeof(topo));
        if (fp_topofile_read("tests/fuzz/small.graphml", &opts, &topo, &err) != FP_OK) {
            fprintf(stderr, "fuzz: tests/fuzz/small.graphml: %s\n", err.msg);
            abort();
        }
        loaded = 1;
    }
    return &topo;
}

#endif
