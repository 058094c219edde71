/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: jansson helpers shared by the JSON writers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/xalloc.h"
#include "io/json_internal.h"

/* A "round number" has at most SNAP_DIGITS significant digits; a value within SNAP_REL of one,
 * relative, is solver noise (1.00000000000001, 99999999.9998594) and is written as it. */
#define SNAP_DIGITS 6
#define SNAP_REL 1e-9

json_t *fp_json_num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

double fp_json_snap(double v)
{
    char buf[64];
    double r;
    int digits;

    if (!isfinite(v) || v == 0.0) {
        return v;
    }
    for (digits = 1; digits <= SNAP_DIGITS; digits++) {
        snprintf(buf, sizeof(buf), "%.*e", digits - 1, v);
        if (fp_parse_double(buf, &r) == 0 && fabs(r - v) <= SNAP_REL * fabs(v)) {
            return r;
        }
    }
    return v;
}

/* Snaps every real below node; a relative gap (key "gap") under SNAP_REL is 0. */
static void snap_tree(json_t *node, const char *key)
{
    const char *k;
    json_t *child;
    size_t i;

    if (json_is_real(node)) {
        double v = fp_json_snap(json_real_value(node));
        if (key != NULL && strcmp(key, "gap") == 0 && fabs(v) < SNAP_REL) {
            v = 0.0;
        }
        json_real_set(node, v);
    } else if (json_is_object(node)) {
        json_object_foreach(node, k, child) {
            snap_tree(child, k);
        }
    } else if (json_is_array(node)) {
        json_array_foreach(node, i, child) {
            snap_tree(child, key);
        }
    }
}

char *fp_json_dump(json_t *root)
{
    char *text, *out;
    size_t len;

    snap_tree(root, NULL);
    text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    json_decref(root);
    if (text == NULL) {
        return fp_xstrdup("{}\n");
    }
    len = strlen(text);
    out = fp_xmalloc(len + 2);
    memcpy(out, text, len);
    out[len] = '\n';
    out[len + 1] = '\0';
    free(text);
    return out;
}
