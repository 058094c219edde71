/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: cost model reader (schema fiberplan.costs/1; jansson). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/xalloc.h"
#include "io/costs.h"
#include "io/input.h"

#define COSTS_SCHEMA "fiberplan.costs/1"
#define ROOT_KEYS "schema, modes, band_ghz, ila_spacing_km, ila_usd, pair_usd_per_km, dark_pairs"
#define MODE_KEYS "name, gbps, reach_km, slot_ghz, usd_per_wavelength"

static const char *const root_keys[] = {"schema", "modes", "band_ghz", "ila_spacing_km", "ila_usd",
                                        "pair_usd_per_km", "dark_pairs", NULL};
static const char *const mode_keys[] = {"name", "gbps", "reach_km", "slot_ghz", "usd_per_wavelength", NULL};

static bool known(const char *const *keys, const char *key)
{
    for (; *keys != NULL; keys++) {
        if (strcmp(*keys, key) == 0) {
            return true;
        }
    }
    return false;
}

/* v, a finite number > 0 (>= 0 when zero_ok) and <= hi, into *out. */
static int number(const char *path, const char *what, json_t *v, bool zero_ok, double hi, double *out,
                  struct fp_error *err)
{
    double x;
    if (!json_is_number(v)) {
        return fp_error_set(err, FP_EDATA, path, 0, "%s must be a number", what);
    }
    x = json_number_value(v);
    if (!isfinite(x) || x < 0 || (!zero_ok && x == 0)) {
        return fp_error_set(err, FP_EDATA, path, 0, "%s must be %s 0, got %g", what, zero_ok ? ">=" : ">", x);
    }
    if (x > hi) {
        return fp_error_set(err, FP_EDATA, path, 0, "%s must be at most %g, got %g", what, hi, x);
    }
    *out = x;
    return FP_OK;
}

static int read_mode(const char *path, json_t *o, size_t i, struct fp_optics_mode *md, struct fp_error *err)
{
    static const char *keys[] = {"gbps", "reach_km", "slot_ghz", "usd_per_wavelength"};
    double *slots[4] = {&md->gbps, &md->reach_km, &md->slot_ghz, &md->usd_per_wavelength};
    char what[96];
    const char *key;
    json_t *v;
    int k, rc = FP_OK;

    if (!json_is_object(o)) {
        return fp_error_set(err, FP_EDATA, path, 0, "modes[%zu] must be an object (%s)", i, MODE_KEYS);
    }
    json_object_foreach(o, key, v) {
        if (!known(mode_keys, key)) {
            return fp_error_set(err, FP_EDATA, path, 0, "modes[%zu]: unknown key \"%s\" (%s)", i, key, MODE_KEYS);
        }
    }
    v = json_object_get(o, "name");
    if (!json_is_string(v) || json_string_length(v) == 0) {
        return fp_error_set(err, FP_EDATA, path, 0, "modes[%zu].name must be a non-empty string", i);
    }
    md->name = fp_xstrdup(json_string_value(v));
    for (k = 0; k < 4 && rc == FP_OK; k++) {
        snprintf(what, sizeof(what), "modes[%zu].%s", i, keys[k]);
        if (json_object_get(o, keys[k]) == NULL) {
            return fp_error_set(err, FP_EDATA, path, 0, "%s is missing", what);
        }
        rc = number(path, what, json_object_get(o, keys[k]), k == 3, 1e9, slots[k], err);
    }
    return rc;
}

static int read_modes(const char *path, json_t *arr, struct fp_cost_model *cm, struct fp_error *err)
{
    size_t i, n;
    int rc = FP_OK;
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        return fp_error_set(err, FP_EDATA, path, 0, "\"modes\" must be a non-empty array of {%s}", MODE_KEYS);
    }
    n = json_array_size(arr);
    cm->modes = fp_xcalloc(n, sizeof(*cm->modes));
    for (i = 0; i < n && rc == FP_OK; i++) {
        cm->n_modes = (int)i + 1;
        rc = read_mode(path, json_array_get(arr, i), i, &cm->modes[i], err);
    }
    for (i = 0; i < n && rc == FP_OK; i++) {
        if (cm->modes[i].slot_ghz > cm->band_ghz) {
            rc = fp_error_set(err, FP_EDATA, path, 0, "modes[%zu].slot_ghz %g is wider than band_ghz %g", i,
                              cm->modes[i].slot_ghz, cm->band_ghz);
        }
    }
    return rc;
}

static int read_scalars(const char *path, json_t *root, struct fp_cost_model *cm, struct fp_error *err)
{
    static const char *keys[] = {"band_ghz", "ila_spacing_km", "ila_usd", "pair_usd_per_km"};
    double *slots[4] = {&cm->band_ghz, &cm->ila_spacing_km, &cm->ila_usd, &cm->pair_usd_per_km};
    json_t *v;
    double d;
    int k, rc = FP_OK;

    for (k = 0; k < 4 && rc == FP_OK; k++) {
        v = json_object_get(root, keys[k]);
        if (v != NULL) {
            rc = number(path, keys[k], v, k >= 2, k == 0 ? 1e5 : 1e12, slots[k], err);
        }
    }
    v = json_object_get(root, "dark_pairs");
    if (rc == FP_OK && v != NULL) {
        if (!json_is_integer(v)) {
            return fp_error_set(err, FP_EDATA, path, 0, "dark_pairs must be a whole number");
        }
        rc = number(path, "dark_pairs", v, true, 1e6, &d, err);
        cm->dark_pairs = (long long)d;
    }
    return rc;
}

static int read_root(const char *path, json_t *root, struct fp_cost_model *cm, struct fp_error *err)
{
    json_t *schema, *v;
    const char *key;
    int rc;

    if (!json_is_object(root)) {
        return fp_error_set(err, FP_EDATA, path, 1, "a cost model is a JSON object");
    }
    schema = json_object_get(root, "schema");
    if (!json_is_string(schema) || strcmp(json_string_value(schema), COSTS_SCHEMA) != 0) {
        return fp_error_set(err, FP_EDATA, path, 0, "\"schema\" must be \"" COSTS_SCHEMA "\"");
    }
    json_object_foreach(root, key, v) {
        if (!known(root_keys, key)) {
            return fp_error_set(err, FP_EDATA, path, 0, "unknown key \"%s\" (%s)", key, ROOT_KEYS);
        }
    }
    rc = read_scalars(path, root, cm, err);
    return rc == FP_OK ? read_modes(path, json_object_get(root, "modes"), cm, err) : rc;
}

int fp_costs_read(const char *path, struct fp_cost_model *cm, struct fp_error *err)
{
    struct fp_cost_model m;
    struct fp_input in;
    json_error_t jerr;
    json_t *root;
    int rc;

    if (strcmp(path, "default") == 0) {
        fp_cost_model_default(cm);
        return FP_OK;
    }
    memset(&in, 0, sizeof(in));
    rc = fp_input_read(path, &in, err);
    if (rc != FP_OK) {
        return rc;
    }
    /* the scalars a file leaves out are the default model's */
    fp_cost_model_default(&m);
    free(m.source);
    for (int i = 0; i < m.n_modes; i++) {
        free(m.modes[i].name);
    }
    free(m.modes);
    m.modes = NULL;
    m.n_modes = 0;
    m.source = fp_xstrdup(in.display);
    root = json_loadb(in.data, in.size, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        rc = fp_error_set(err, FP_EDATA, m.source, jerr.line > 0 ? jerr.line : 0, "not valid JSON: %s", jerr.text);
    } else {
        rc = read_root(m.source, root, &m, err);
    }
    json_decref(root);
    fp_input_release(&in);
    if (rc == FP_OK) {
        *cm = m;
    } else {
        fp_cost_model_release(&m);
    }
    return rc;
}
