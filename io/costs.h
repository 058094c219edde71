/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: reads a cost model, `--cost-model default|FILE.json` (schema fiberplan.costs/1,
 * CONTRACT.md "Files", MODEL.md "Optics", docs/cost-model.md). */
#ifndef FP_IO_COSTS_H
#define FP_IO_COSTS_H

#include "core/error.h"
#include "core/optics.h"

/* "default" gives fp_cost_model_default(); else reads path ("-" for standard input):
 * { "schema": "fiberplan.costs/1", "modes": [ { "name", "gbps", "reach_km", "slot_ghz",
 * "usd_per_wavelength" } ], "band_ghz", "ila_spacing_km", "ila_usd", "pair_usd_per_km",
 * "dark_pairs" }; the scalars are optional (the default model's values). FP_EDATA naming the
 * file and the key for a bad value, FP_ENOINPUT when unreadable. *cm is written only on FP_OK. */
int fp_costs_read(const char *path, struct fp_cost_model *cm, struct fp_error *err);

#endif
