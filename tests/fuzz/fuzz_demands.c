/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target: a demands CSV (src,dst,gbps lines) read against a fixed topology. */
#include "fuzz_common.h"

#include "fuzz_small_topo.h"
#include "io/demands.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct fp_topo *topo = small_topo();
    struct fp_demand *d = NULL;
    igraph_integer_t n = 0, i;
    struct fp_error err;
    int rc;

    fp_error_init(&err);
    rc = fp_demands_read(fuzz_file(data, size), topo, &d, &n, &err);
    fuzz_check_error(rc, &err);
    if (rc == FP_OK) {
        for (i = 0; i < n; i++) {
            if (!(d[i].gbps > 0) || d[i].src < 0 || d[i].src >= topo->n_nodes || d[i].dst < 0 ||
                d[i].dst >= topo->n_nodes) {
                abort();   /* the reader promised valid demands */
            }
            free(d[i].id);
        }
        free(d);
    }
    return 0;
}
