/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: result struct lifecycles. */
#include <stdlib.h>
#include <string.h>

#include "core/result.h"

void fp_result_bound_release(struct fp_bound *bound)
{
    if (bound == NULL) {
        return;
    }
    free(bound->min_cut_spans);
    free(bound->part_of);
    free(bound->cut_spans);
    memset(bound, 0, sizeof(*bound));
}
