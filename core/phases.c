/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: phases and phased plan lifecycles (MODEL.md "Phases"). */
#include <stdlib.h>
#include <string.h>

#include "core/phases.h"

void fp_phases_release(struct fp_phases *ph)
{
    igraph_integer_t i;
    if (ph == NULL) {
        return;
    }
    for (i = 0; i < ph->n; i++) {
        free(ph->items[i].name);
        fp_job_release(&ph->items[i].job);
    }
    free(ph->items);
    free(ph->path);
    memset(ph, 0, sizeof(*ph));
}

void fp_phase_result_release(struct fp_phase_result *r)
{
    if (r == NULL) {
        return;
    }
    free(r->capacity_gbps);
    free(r->in_service);
    free(r->added_gbps);
    free(r->build);
    free(r->pairs_lit);
    free(r->span_cost_usd);
    fp_result_route_release(&r->route);
    memset(r, 0, sizeof(*r));
}

void fp_phases_result_release(struct fp_phases_result *res)
{
    igraph_integer_t i;
    if (res == NULL) {
        return;
    }
    for (i = 0; i < res->n; i++) {
        if (res->joint != NULL) {
            fp_phase_result_release(&res->joint[i]);
        }
        if (res->myopic != NULL) {
            fp_phase_result_release(&res->myopic[i]);
        }
    }
    free(res->joint);
    free(res->myopic);
    fp_result_plan_release(&res->total);
    memset(res, 0, sizeof(*res));
}
