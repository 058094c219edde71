/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: phases file reader (schema fiberplan.phases/1, CONTRACT.md "Files"; MODEL.md
 * "Phases"; jansson). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/xalloc.h"
#include "io/input.h"
#include "io/phases.h"

#define PHASES_SCHEMA "fiberplan.phases/1"
#define PHASE_KEYS "name, year, sites, params, grad_bytes, budget_usd, target_time_s, weight"

/* What every step of the reader needs: the file as shown, the topology, the defaults. */
struct rd {
    const char *path;
    const struct fp_topo *topo;
    double params, grad_bytes;
    struct fp_error *err;
};

/* v at JSON path `at`, a number in [lo, hi] (lo excluded when lo_open), into *out. */
static int number(const struct rd *rd, const char *at, json_t *v, double lo, bool lo_open, double hi,
                  double *out)
{
    double x;
    if (!json_is_number(v)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: must be a number", at);
    }
    x = json_number_value(v);
    if (!isfinite(x) || x < lo || (lo_open && x == lo)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: must be %s %g, got %g", at,
                            lo_open ? ">" : ">=", lo, x);
    }
    if (x > hi) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: must be at most %g, got %g", at, hi, x);
    }
    *out = x;
    return FP_OK;
}

/* "sites": at least two node ids or labels, none twice. */
static int read_sites(const struct rd *rd, const char *at, json_t *v, struct fp_job *job)
{
    size_t i, n = json_array_size(v);
    igraph_integer_t s;
    char role[300];
    int rc = FP_OK;

    if (!json_is_array(v) || n < 2) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: must be an array of at least 2 node ids",
                            at);
    }
    job->sites = fp_xcalloc(n + 1, sizeof(igraph_integer_t));
    for (i = 0; rc == FP_OK && i < n; i++) {
        json_t *name = json_array_get(v, i);
        igraph_integer_t vx = -1;
        snprintf(role, sizeof(role), "%s[%zu]: site", at, i);
        if (!json_is_string(name)) {
            return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s[%zu]: must be a node id", at, i);
        }
        rc = fp_topo_resolve_node(rd->topo, json_string_value(name), role, FP_EDATA, rd->path, 0, &vx,
                                  rd->err);
        for (s = 0; rc == FP_OK && s < job->n_sites; s++) {
            if (job->sites[s] == vx) {
                rc = fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s[%zu]: site '%s' is listed twice", at,
                                  i, json_string_value(name));
            }
        }
        if (rc == FP_OK) {
            job->sites[job->n_sites++] = vx;
        }
    }
    job->sites_given = true;
    return rc;
}

/* The default sites of a phase: datacenters with gpus > 0 online by its year. */
static int default_sites(const struct rd *rd, const char *at, struct fp_phase *p)
{
    const struct fp_topo *t = rd->topo;
    igraph_integer_t v;
    p->job.sites = fp_xcalloc((size_t)t->n_nodes + 1, sizeof(igraph_integer_t));
    for (v = 0; v < t->n_nodes; v++) {
        bool dc = t->node_type[v] != NULL && strcmp(t->node_type[v], "datacenter") == 0 && t->gpus[v] > 0;
        if (dc && !(t->online[v] > p->year)) {
            p->job.sites[p->job.n_sites++] = v;
        }
    }
    if (p->job.n_sites < 2) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: %lld datacenter(s) online by %g, a phase "
                            "needs at least 2 sites (give \"sites\")", at, (long long)p->job.n_sites,
                            p->year);
    }
    return FP_OK;
}

/* One key of a phase object (name and year are read first by the caller). */
static int phase_key(const struct rd *rd, const char *at, const char *key, json_t *v, struct fp_phase *p)
{
    char sub[200];
    snprintf(sub, sizeof(sub), "%s.%s", at, key);
    if (strcmp(key, "name") == 0 || strcmp(key, "year") == 0) {
        return FP_OK;
    } else if (strcmp(key, "sites") == 0) {
        return read_sites(rd, sub, v, &p->job);
    } else if (strcmp(key, "params") == 0) {
        return number(rd, sub, v, 0, true, FP_MAX_PARAMS, &p->job.params);
    } else if (strcmp(key, "grad_bytes") == 0) {
        return number(rd, sub, v, 0, true, 64, &p->job.grad_bytes);
    } else if (strcmp(key, "budget_usd") == 0) {
        return number(rd, sub, v, 0, false, 1e15, &p->budget_usd);
    } else if (strcmp(key, "target_time_s") == 0) {
        return number(rd, sub, v, 0, true, 1e7, &p->target_time_s);
    } else if (strcmp(key, "weight") == 0) {
        return number(rd, sub, v, 0, false, 1e12, &p->weight);
    }
    return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: unknown key \"%s\" (%s)", at, key, PHASE_KEYS);
}

/* phases[i]: an object with a unique name and a year not before the last phase's. */
static int read_phase(const struct rd *rd, json_t *o, size_t i, const struct fp_phases *ph,
                      struct fp_phase *p)
{
    json_t *name = json_object_get(o, "name"), *v;
    const char *key;
    char at[64], sub[80];
    igraph_integer_t j;
    int rc;

    memset(p, 0, sizeof(*p));
    p->job.params = isnan(rd->params) ? NAN : rd->params;
    p->job.grad_bytes = rd->grad_bytes;
    p->job.compute_time = p->budget_usd = p->target_time_s = NAN;
    p->weight = 1.0;
    snprintf(at, sizeof(at), "phases[%zu]", i);
    if (!json_is_object(o)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: must be an object", at);
    }
    if (!json_is_string(name) || json_string_value(name)[0] == '\0') {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s.name: must be a non-empty string", at);
    }
    p->name = fp_xstrdup(json_string_value(name));
    for (j = 0; j < ph->n; j++) {
        if (strcmp(ph->items[j].name, p->name) == 0) {
            return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s.name: '%s' is given twice", at, p->name);
        }
    }
    snprintf(sub, sizeof(sub), "%s.year", at);
    rc = number(rd, sub, json_object_get(o, "year"), 1900, false, 2200, &p->year);
    if (rc == FP_OK && ph->n > 0 && p->year < ph->items[ph->n - 1].year) {
        rc = fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: must not be before the phase before's "
                          "(%g), got %g", sub, ph->items[ph->n - 1].year, p->year);
    }
    json_object_foreach(o, key, v) {
        rc = rc == FP_OK ? phase_key(rd, at, key, v, p) : rc;
    }
    if (rc == FP_OK && p->job.sites == NULL) {
        rc = default_sites(rd, at, p);
    }
    if (rc == FP_OK && isnan(p->job.params)) {
        rc = fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: needs \"params\" (or --params)", at);
    }
    if (rc == FP_OK && isnan(p->budget_usd) == isnan(p->target_time_s)) {
        rc = fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: needs exactly one of \"budget_usd\" and "
                          "\"target_time_s\"", at);
    }
    if (rc == FP_OK && ph->n > 0 && ph->target != !isnan(p->target_time_s)) {
        rc = fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: every phase needs %s, as phases[0]", at,
                          ph->target ? "\"target_time_s\"" : "\"budget_usd\"");
    }
    p->job.gradient_bytes = p->job.params * p->job.grad_bytes;
    return rc;
}

/* The top-level object: schema and a non-empty phases array; nothing else. */
static int read_root(const struct rd *rd, json_t *root, struct fp_phases *ph)
{
    json_t *schema = json_object_get(root, "schema"), *arr = json_object_get(root, "phases"), *v;
    const char *key;
    size_t i, n = json_array_size(arr);
    int rc = FP_OK;

    if (!json_is_object(root)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 1, "a phases file is a JSON object");
    }
    if (!json_is_string(schema) || strcmp(json_string_value(schema), PHASES_SCHEMA) != 0) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "schema: must be \"" PHASES_SCHEMA "\"");
    }
    json_object_foreach(root, key, v) {
        if (strcmp(key, "schema") != 0 && strcmp(key, "phases") != 0) {
            return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "unknown key \"%s\" (schema, phases)", key);
        }
    }
    if (!json_is_array(arr) || n == 0) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "phases: must be a non-empty array of phase "
                            "objects");
    }
    ph->items = fp_xcalloc(n, sizeof(struct fp_phase));
    for (i = 0; rc == FP_OK && i < n; i++) {
        rc = read_phase(rd, json_array_get(arr, i), i, ph, &ph->items[i]);
        if (i == 0) {
            ph->target = !isnan(ph->items[0].target_time_s);
        }
        ph->n++;   /* released with the phases, also when it failed half-read */
    }
    return rc;
}

int fp_phases_read(const char *path, const struct fp_topo *topo, double params_dflt,
                   double grad_bytes_dflt, struct fp_phases *ph, struct fp_error *err)
{
    struct fp_phases p;
    struct fp_input in;
    struct rd rd;
    json_error_t jerr;
    json_t *root;
    int rc;

    memset(&p, 0, sizeof(p));
    memset(&in, 0, sizeof(in));
    rc = fp_input_read(path, &in, err);
    if (rc != FP_OK) {
        return rc;
    }
    p.path = fp_xstrdup(in.display);
    rd.path = p.path;
    rd.topo = topo;
    rd.params = params_dflt;
    rd.grad_bytes = grad_bytes_dflt;
    rd.err = err;
    root = json_loadb(in.data, in.size, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        rc = fp_error_set(err, FP_EDATA, p.path, jerr.line > 0 ? jerr.line : 0, "not valid JSON: %s",
                          jerr.text);
    } else {
        rc = read_root(&rd, root, &p);
    }
    json_decref(root);
    fp_input_release(&in);
    if (rc == FP_OK) {
        *ph = p;
    } else {
        fp_phases_release(&p);
    }
    return rc;
}
