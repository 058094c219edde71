/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: a topology file (GraphML, SNDlib XML or native, detected from the bytes)
 * read, built, derived and summarised, as `fiberplan check` does. Built twice, as
 * fuzz_graphml and fuzz_sndlib, seeded from each format's files. */
#include "fuzz_common.h"

#include "core/stats.h"
#include "core/topo.h"
#include "io/topofile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fp_topo_options opts;
    struct fp_topo topo;
    struct fp_error err;
    int rc;

    fp_error_igraph_install();
    fp_topo_options_init(&opts);
    fp_error_init(&err);
    memset(&topo, 0, sizeof(topo));
    rc = fp_topofile_read(fuzz_file(data, size), &opts, &topo, &err);
    fuzz_check_error(rc, &err);
    if (rc == FP_OK) {
        struct fp_stats stats;
        memset(&stats, 0, sizeof(stats));
        if (fp_stats_compute(&topo, &stats, &err) == FP_OK) {
            fp_stats_release(&stats);
        }
    }
    fp_topo_release(&topo);
    return 0;
}
