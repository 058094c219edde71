/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a result file read back and matched to a topology's spans. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "core/xalloc.h"
#include "io/input.h"
#include "io/resultread.h"
#include "io/resultread_internal.h"

void fp_resultread_release(struct fp_result_spans *r)
{
    if (r == NULL) {
        return;
    }
    free(r->command);
    free(r->load_gbps);
    free(r->utilization);
    free(r->marginal_s_per_gbps);
    free(r->planned_gbps);
    free(r->in_cut);
    memset(r, 0, sizeof(*r));
}

static double num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

int fp_resultread_span(const struct fp_topo *topo, const char *display, const json_t *id, igraph_integer_t *e,
                       struct fp_error *err)
{
    *e = json_is_string(id) ? fp_topo_find_span(topo, json_string_value(id)) : -1;
    if (*e < 0) {
        return fp_error_set(err, FP_EDATA, display, 0, "span '%s' is not in %s: a result of another topology",
                            json_is_string(id) ? json_string_value(id) : "?", topo->path);
    }
    return FP_OK;
}

int fp_resultread_load(const char *path, json_t **root, char *display, size_t size, struct fp_error *err)
{
    struct fp_input in;
    json_error_t jerr;
    json_t *v;
    int rc;
    memset(&in, 0, sizeof(in));
    *root = NULL;
    rc = fp_input_read(path, &in, err);
    if (rc != FP_OK) {
        return rc;
    }
    snprintf(display, size, "%s", in.display);
    *root = json_loadb(in.data, in.size, JSON_REJECT_DUPLICATES, &jerr);
    if (*root == NULL) {
        rc = fp_error_set(err, FP_EDATA, in.display, jerr.line > 0 ? jerr.line : 0, "not valid JSON: %s", jerr.text);
    } else if (!json_is_object(*root) || !json_is_string(v = json_object_get(*root, "schema")) ||
               strcmp(json_string_value(v), "fiberplan.result/1") != 0) {
        rc = fp_error_set(err, FP_EDATA, in.display, 1, "not a fiberplan result (schema fiberplan.result/1)");
        json_decref(*root);
        *root = NULL;
    }
    fp_input_release(&in);
    return rc;
}

int fp_resultread_spans(const char *path, const struct fp_topo *topo, struct fp_result_spans *out,
                        struct fp_error *err)
{
    struct fp_result_spans r;
    json_t *root = NULL, *v, *plan;
    char display[512];
    igraph_integer_t e, n = topo->n_spans;
    size_t i;
    int rc;

    memset(&r, 0, sizeof(r));
    rc = fp_resultread_load(path, &root, display, sizeof(display), err);
    if (rc != FP_OK) {
        return rc;
    }
    v = json_object_get(root, "command");
    r.command = fp_xstrdup(json_is_string(v) ? json_string_value(v) : "");
    r.load_gbps = fp_xcalloc((size_t)n + 1, sizeof(double));
    r.utilization = fp_xcalloc((size_t)n + 1, sizeof(double));
    r.marginal_s_per_gbps = fp_xcalloc((size_t)n + 1, sizeof(double));
    r.planned_gbps = fp_xcalloc((size_t)n + 1, sizeof(double));
    r.in_cut = fp_xcalloc((size_t)n + 1, sizeof(bool));
    for (e = 0; e < n; e++) {
        r.load_gbps[e] = r.utilization[e] = r.marginal_s_per_gbps[e] = r.planned_gbps[e] = NAN;
    }
    json_array_foreach(json_object_get(root, "links"), i, v) {
        json_t *load = json_object_get(v, "load_gbps");
        if ((rc = fp_resultread_span(topo, display, json_object_get(v, "id"), &e, err)) != FP_OK) {
            goto out;
        }
        if (json_is_array(load) && json_array_size(load) == 2) {
            double fw = json_number_value(json_array_get(load, 0));
            double bw = json_number_value(json_array_get(load, 1));
            r.load_gbps[e] = fw > bw ? fw : bw;
        }
        r.utilization[e] = num(v, "utilization");
        r.marginal_s_per_gbps[e] = num(v, "marginal_s_per_gbps");
    }
    json_array_foreach(json_object_get(json_object_get(root, "bound"), "cut"), i, v) {
        if ((rc = fp_resultread_span(topo, display, v, &e, err)) != FP_OK) {
            goto out;
        }
        r.in_cut[e] = true;
    }
    plan = json_object_get(root, "plan");
    if (json_is_object(plan)) {
        r.has_plan = true;
        for (e = 0; e < n; e++) {
            r.planned_gbps[e] = fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0;
        }
        json_array_foreach(json_object_get(plan, "upgrades"), i, v) {
            if ((rc = fp_resultread_span(topo, display, json_object_get(v, "id"), &e, err)) != FP_OK) {
                goto out;
            }
            r.planned_gbps[e] = num(v, "capacity_gbps");
        }
    }
out:
    json_decref(root);
    if (rc == FP_OK) {
        *out = r;
    } else {
        fp_resultread_release(&r);
    }
    return rc;
}
