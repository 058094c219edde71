/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: reads a workload file, `route --workload FILE.json` (schema fiberplan.workload/1,
 * docs/workload.md; MODEL.md "Workloads"). */
#ifndef FP_IO_WORKLOAD_H
#define FP_IO_WORKLOAD_H

#include "core/error.h"
#include "core/topo.h"
#include "core/workload.h"

/* Reads path ("-" for standard input) against topo: { "schema": "fiberplan.workload/1",
 * "jobs": [ { "name", "sites": [ids], "params", "grad_bytes", "collective", "weight",
 * "compute_time_s" } ], "background": "FILE.csv" | [ { "src", "dst", "gbps" } ] }.
 * Per job, name, sites (at least 2 node ids or labels, none twice) and params are required;
 * grad_bytes defaults to 2, collective to "tree" (or "ring", "direct"), weight to 1. A
 * background CSV (the --demands format, io/demands.h) is resolved relative to the workload
 * file's directory. *wl is written on success (owned: fp_workload_release()).
 * FP_ENOINPUT when the file (or its background CSV) is unreadable; FP_EDATA naming the file
 * (and the line, for malformed JSON) for anything else: a wrong schema, an unknown key, no
 * jobs, a job name given twice, an unknown site, weight <= 0, a value out of range. */
int fp_workload_read(const char *path, const struct fp_topo *topo, struct fp_workload *wl,
                     struct fp_error *err);

#endif
