/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: jansson helpers shared by the JSON writers (result, trainer configuration). */
#ifndef FP_IO_JSON_INTERNAL_H
#define FP_IO_JSON_INTERNAL_H

#include <jansson.h>

/* A finite number, or null (JSON has no NaN or infinity). New reference. */
json_t *fp_json_num(double v);

/* Dumps root (2-space indent, 15 significant digits: deterministic) with a final newline and
 * releases root. Owned: free(). */
char *fp_json_dump(json_t *root);

#endif
