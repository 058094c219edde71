/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: reads a phases file, `plan --phases FILE.json` (schema fiberplan.phases/1,
 * docs/phases.md; MODEL.md "Phases"). */
#ifndef FP_IO_PHASES_H
#define FP_IO_PHASES_H

#include "core/error.h"
#include "core/phases.h"
#include "core/topo.h"

/* Reads path ("-" for standard input) against topo: { "schema": "fiberplan.phases/1",
 * "phases": [ { "name", "year", "sites": [ids], "params", "grad_bytes", "budget_usd" |
 * "target_time_s", "weight" } ] }. Per phase, name, year and exactly one of budget_usd and
 * target_time_s are required (the same one in every phase); params defaults to params_dflt
 * (NAN: required), grad_bytes to grad_bytes_dflt, weight to 1, sites to the datacenters with
 * gpus > 0 whose GraphML `online` year is at most the phase's year (no `online`: online from the
 * start). Years must not decrease. *ph is written on success (owned: fp_phases_release()).
 * FP_ENOINPUT when the file is unreadable; FP_EDATA naming the file and the JSON path (and the
 * line, for malformed JSON) for anything else. */
int fp_phases_read(const char *path, const struct fp_topo *topo, double params_dflt,
                   double grad_bytes_dflt, struct fp_phases *ph, struct fp_error *err);

#endif
