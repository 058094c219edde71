/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: --job FILE.json reader (CONTRACT.md "JOB options"; jansson). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/xalloc.h"
#include "io/input.h"
#include "io/jobfile.h"

void fp_jobfile_release(struct fp_jobfile *jf)
{
    size_t i;
    if (jf == NULL) {
        return;
    }
    free(jf->sites);
    if (jf->site_names != NULL) {
        for (i = 0; jf->site_names[i] != NULL; i++) {
            free(jf->site_names[i]);
        }
        free(jf->site_names);
    }
    free(jf->path);
    memset(jf, 0, sizeof(*jf));
    fp_job_spec_init(&jf->spec);
}

static int number(const char *path, const char *key, json_t *v, double lo, bool lo_open, double hi,
                  double *out, struct fp_error *err)
{
    double x;
    if (!json_is_number(v)) {
        return fp_error_set(err, FP_EDATA, path, 0, "\"%s\" must be a number", key);
    }
    x = json_number_value(v);
    if (x > hi) {
        return fp_error_set(err, FP_EDATA, path, 0, "\"%s\" must be at most %g, got %g", key, hi, x);
    }
    if (!isfinite(x) || x < lo || (lo_open && x == lo)) {
        return fp_error_set(err, FP_EDATA, path, 0, "\"%s\" must be %s %g, got %g", key,
                            lo_open ? ">" : ">=", lo, x);
    }
    *out = x;
    return FP_OK;
}

/* The sites of the file: a string as it is, an array one name each (NULL-terminated). */
static void site_list(struct fp_jobfile *jf, json_t *v)
{
    size_t i, n = json_array_size(v);
    if (json_is_string(v)) {
        jf->sites = fp_xstrdup(json_string_value(v));
        return;
    }
    jf->site_names = fp_xcalloc(n + 1, sizeof(char *));
    for (i = 0; i < n; i++) {
        jf->site_names[i] = fp_xstrdup(json_string_value(json_array_get(v, i)));
    }
    jf->spec.n_site_names = (igraph_integer_t)n;
}

int fp_jobfile_read(const char *path, struct fp_jobfile *jf, struct fp_error *err)
{
    struct fp_input in;
    json_error_t jerr;
    json_t *root = NULL, *v;
    const char *key;
    int rc;

    memset(&in, 0, sizeof(in));
    fp_job_spec_init(&jf->spec);
    rc = fp_input_read(path, &in, err);
    if (rc != FP_OK) {
        return rc;
    }
    jf->path = fp_xstrdup(in.display);
    root = json_loadb(in.data, in.size, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        rc = fp_error_set(err, FP_EDATA, jf->path, jerr.line > 0 ? jerr.line : 0,
                          "not valid JSON: %s", jerr.text);
        goto out;
    }
    if (!json_is_object(root)) {
        rc = fp_error_set(err, FP_EDATA, jf->path, 1, "a job file is a JSON object");
        goto out;
    }
    json_object_foreach(root, key, v) {
        if (strcmp(key, "params") == 0) {
            rc = number(jf->path, key, v, 0, true, FP_MAX_PARAMS, &jf->spec.params, err);
        } else if (strcmp(key, "grad_bytes") == 0) {
            rc = number(jf->path, key, v, 0, true, 64, &jf->spec.grad_bytes, err);
        } else if (strcmp(key, "compute_time") == 0) {
            rc = number(jf->path, key, v, 0, false, 1e7, &jf->spec.compute_time, err);
        } else if (strcmp(key, "sites") == 0) {
            size_t i;
            bool ok = json_is_string(v) || json_is_array(v);
            for (i = 0; ok && json_is_array(v) && i < json_array_size(v); i++) {
                ok = json_is_string(json_array_get(v, i));
            }
            if (!ok) {
                rc = fp_error_set(err, FP_EDATA, jf->path, 0,
                                  "\"sites\" must be an array of node ids or a comma-separated string");
            } else if ((json_is_array(v) && json_array_size(v) == 0) ||
                       (json_is_string(v) && json_string_value(v)[0] == '\0')) {
                rc = fp_error_set(err, FP_EDATA, jf->path, 0, "\"sites\" is empty: list the node ids that train");
            } else {
                site_list(jf, v);
            }
        } else {
            rc = fp_error_set(err, FP_EDATA, jf->path, 0,
                              "unknown key \"%s\" (params, grad_bytes, compute_time, sites)", key);
        }
        if (rc != FP_OK) {
            goto out;
        }
    }
    jf->spec.sites = jf->sites;
    jf->spec.site_names = (const char *const *)jf->site_names;
    jf->spec.origin = jf->path;
out:
    json_decref(root);
    fp_input_release(&in);
    if (rc != FP_OK) {
        fp_jobfile_release(jf);
    }
    return rc;
}
