/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: what route, plan, failures and sweep do the same way with --workload: the options the
 * workload file replaces, and each job's lower bound. */
#ifndef FP_CLI_CMDWORKLOAD_H
#define FP_CLI_CMDWORKLOAD_H

#include <stdbool.h>

#include "cli/opts.h"
#include "core/error.h"
#include "core/result.h"
#include "core/topo.h"
#include "core/workload.h"

/* FP_EUSAGE naming the first option set that says what one job is (--params, --grad-bytes,
 * --sites, --compute-time, --job), or, when routing, how to route it (--collective,
 * --ring-order, --demands, --formulation, --max-stretch, --approx, --single-path): the
 * workload file says that. cmd names the command in the message. */
int cmdworkload_refuse(const char *cmd, const struct opts *o, bool routing, struct fp_error *err);

/* TOPO with the topology options (cmdutil_load; *none the job slot it fills, unused) and the
 * workload file of --workload on it (fp_workload_read), for command cmd. Release both even on
 * failure. */
int cmdworkload_load(const char *cmd, const struct opts *o, struct fp_topo *topo, struct fp_job *none,
                     struct fp_workload *wl, struct fp_error *err);

/* Each job's lower bound on topo (MODEL.md "Lower bound", the job alone) into *bounds (one per
 * job; *n of them computed, release with cmdworkload_bounds_release even on failure). */
int cmdworkload_bounds(const struct fp_topo *topo, const struct fp_workload *wl, struct fp_bound **bounds,
                       igraph_integer_t *n, struct fp_error *err);
void cmdworkload_bounds_release(struct fp_bound *bounds, igraph_integer_t n);

#endif
