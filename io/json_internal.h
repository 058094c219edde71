/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: jansson helpers shared by the JSON writers (result, trainer configuration). */
#ifndef FP_IO_JSON_INTERNAL_H
#define FP_IO_JSON_INTERNAL_H

#include <jansson.h>

/* A finite number, or null (JSON has no NaN or infinity). New reference. */
json_t *fp_json_num(double v);

/* v, or the number of at most 6 significant digits within 1e-9 of it (relative) when there is
 * one: 1.00000000000001 -> 1, 0.749999999999999 -> 0.75; other values unchanged. */
double fp_json_snap(double v);

/* Dumps root (2-space indent, 15 significant digits: deterministic) with a final newline and
 * releases root. Every real is first snapped (fp_json_snap()), and a "gap" under 1e-9 is 0:
 * the full precision stays, the solver's noise goes. Owned: free(). */
char *fp_json_dump(json_t *root);

#endif
