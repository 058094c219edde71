/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the --workload steps route, plan, failures and sweep share (cmdworkload.h). */
#include <stdlib.h>

#include "cli/cmdutil.h"
#include "cli/cmdworkload.h"
#include "core/xalloc.h"
#include "io/workload.h"
#include "solvers/bound.h"

static const enum opt_id not_with[] = {OPT_PARAMS, OPT_GRAD_BYTES, OPT_SITES, OPT_COMPUTE_TIME, OPT_JOB,
                                       OPT_COLLECTIVE, OPT_RING_ORDER, OPT_DEMANDS, OPT_FORMULATION,
                                       OPT_MAX_STRETCH, OPT_APPROX, OPT_SINGLE_PATH};
static const char *const not_with_name[] = {"--params", "--grad-bytes", "--sites", "--compute-time",
                                            "--job", "--collective", "--ring-order", "--demands",
                                            "--formulation", "--max-stretch", "--approx",
                                            "--single-path"};
#define N_JOB_OPTIONS 5   /* the first five say what one job is; the rest, how to route it */

int cmdworkload_refuse(const char *cmd, const struct opts *o, bool routing, struct fp_error *err)
{
    size_t i, n = routing ? sizeof(not_with) / sizeof(not_with[0]) : N_JOB_OPTIONS;
    for (i = 0; i < n; i++) {
        if (o->set[not_with[i]]) {
            return fp_error_set(err, FP_EUSAGE, NULL, 0, "%s: %s does not go with --workload: the "
                                "workload file gives each job's sites, size and collective (see "
                                "'fiberplan %s --help')", cmd, not_with_name[i], cmd);
        }
    }
    return FP_OK;
}

int cmdworkload_load(const char *cmd, const struct opts *o, struct fp_topo *topo, struct fp_job *none,
                     struct fp_workload *wl, struct fp_error *err)
{
    int rc = cmdutil_load(cmd, o, false, topo, none, err);
    if (rc == FP_OK) {
        rc = fp_workload_read(o->str[OPT_WORKLOAD], topo, wl, err);
    }
    return rc;
}

int cmdworkload_bounds(const struct fp_topo *topo, const struct fp_workload *wl, struct fp_bound **bounds,
                       igraph_integer_t *n, struct fp_error *err)
{
    igraph_integer_t j;
    int rc = FP_OK;
    *bounds = fp_xcalloc((size_t)wl->n_jobs, sizeof(struct fp_bound));
    *n = 0;
    for (j = 0; rc == FP_OK && j < wl->n_jobs; j++) {
        rc = fp_bound_compute(topo, &wl->jobs[j].job, &(*bounds)[j], err);
        *n += rc == FP_OK;
    }
    return rc;
}

void cmdworkload_bounds_release(struct fp_bound *bounds, igraph_integer_t n)
{
    igraph_integer_t j;
    for (j = 0; j < n; j++) {
        fp_result_bound_release(&bounds[j]);
    }
    free(bounds);
}
