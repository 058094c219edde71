/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a result's provenance (topology path, SHA-256 through nettle, options). */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include <jansson.h>
#include <nettle/sha2.h>

#include "core/xalloc.h"
#include "io/input.h"
#include "io/json_internal.h"
#include "io/provenance.h"

void fp_provenance_sha256(const void *data, size_t n, char hex[FP_SHA256_HEX])
{
    static const char digits[] = "0123456789abcdef";
    struct sha256_ctx ctx;
    uint8_t d[SHA256_DIGEST_SIZE];
    size_t i;

    sha256_init(&ctx);
    sha256_update(&ctx, n, (const uint8_t *)data);
    sha256_digest(&ctx, sizeof(d), d);
    for (i = 0; i < sizeof(d); i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[2 * sizeof(d)] = '\0';
}

int fp_provenance_file(const char *path, char **abs, char hex[FP_SHA256_HEX], struct fp_error *err)
{
    struct fp_input in;
    struct stat st;
    char *full = NULL;
    int rc;

    memset(&in, 0, sizeof(in));
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) { /* a pipe cannot be read twice */
        return fp_error_set(err, FP_ENOINPUT, path, 0, "not a regular file");
    }
    rc = fp_input_read(path, &in, err);
    if (rc != FP_OK) {
        goto out;
    }
    full = realpath(path, NULL);
    if (full == NULL) {
        rc = fp_error_set(err, FP_ENOINPUT, path, 0, "cannot resolve the absolute path");
        goto out;
    }
    fp_provenance_sha256(in.data, in.size, hex);
    *abs = full;
out:
    fp_input_release(&in);
    return rc;
}

static json_t *options_json(const struct fp_provenance_opt *opts, size_t n)
{
    json_t *o = json_object();
    size_t i;
    for (i = 0; i < n; i++) {
        json_t *v = opts[i].kind == FP_PROV_FLAG ? json_true()
            : opts[i].kind == FP_PROV_NUMBER     ? fp_json_num(opts[i].num)
                                                 : json_string(opts[i].text);
        json_object_set_new(o, opts[i].name, v);
    }
    return o;
}

int fp_provenance_stamp(char **text, const char *topo_path, bool with_path,
                        const struct fp_provenance_opt *opts, size_t n_opts, struct fp_error *err)
{
    json_t *root, *topo;
    char hex[FP_SHA256_HEX], *abs = NULL;
    int rc = FP_OK;

    root = json_loads(*text, 0, NULL);
    topo = json_object_get(root, "topology");
    if (!json_is_object(topo)) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: the result has no .topology");
        goto out;
    }
    if (strcmp(topo_path, "-") != 0) {
        struct fp_error gone; /* a pipe, or a file removed since: no path, no sum */
        fp_error_init(&gone);
        if (fp_provenance_file(topo_path, &abs, hex, &gone) != FP_OK) {
            abs = NULL;
        }
    }
    json_object_set_new_nocheck(topo, "path",
                                abs != NULL && with_path ? json_string(abs) : json_null());
    json_object_set_new_nocheck(topo, "sha256", abs != NULL ? json_string(hex) : json_null());
    if (json_object_get(root, "options") == NULL) {
        json_object_set_new(root, "options", options_json(opts, n_opts));
    }
    free(*text);
    *text = fp_json_dump(root); /* takes root */
    root = NULL;
out:
    free(abs);
    json_decref(root);
    return rc;
}
