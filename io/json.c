/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: jansson helpers shared by the JSON writers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "io/json_internal.h"

json_t *fp_json_num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

char *fp_json_dump(json_t *root)
{
    char *text = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
    char *out;
    size_t len;
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
