/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: workload file reader (schema fiberplan.workload/1, CONTRACT.md "Files"; MODEL.md
 * "Workloads"; jansson). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/xalloc.h"
#include "io/demands.h"
#include "io/input.h"
#include "io/workload.h"

#define WORKLOAD_SCHEMA "fiberplan.workload/1"
#define JOB_KEYS "name, sites, params, grad_bytes, collective, weight, compute_time_s, target_time_s"

/* What every step of the reader needs: the file as shown, the topology, the error. */
struct rd {
    const char *path;
    const char *file;          /* the path as given, for the background CSV's directory */
    const struct fp_topo *topo;
    struct fp_error *err;
};

/* v, a number in [lo, hi] (lo excluded when lo_open), into *out. */
static int number(const struct rd *rd, const char *what, const char *key, json_t *v, double lo,
                  bool lo_open, double hi, double *out)
{
    double x;
    if (!json_is_number(v)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: \"%s\" must be a number", what, key);
    }
    x = json_number_value(v);
    if (!isfinite(x) || x < lo || (lo_open && x == lo)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: \"%s\" must be %s %g, got %g", what,
                            key, lo_open ? ">" : ">=", lo, x);
    }
    if (x > hi) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: \"%s\" must be at most %g, got %g",
                            what, key, hi, x);
    }
    *out = x;
    return FP_OK;
}

/* "sites": at least two node ids or labels, none twice, into job->sites. */
static int job_sites(const struct rd *rd, const char *what, json_t *v, struct fp_job *job)
{
    char role[200];
    size_t i, n = json_array_size(v);
    igraph_integer_t s;
    int rc = FP_OK;

    if (!json_is_array(v)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: \"sites\" must be an array of node ids",
                            what);
    }
    if (n < 2) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: \"sites\" needs at least 2 node ids, "
                            "got %zu", what, n);
    }
    snprintf(role, sizeof(role), "%s: site", what);
    job->sites = fp_xcalloc(n + 1, sizeof(igraph_integer_t));
    for (i = 0; rc == FP_OK && i < n; i++) {
        json_t *name = json_array_get(v, i);
        igraph_integer_t vx = -1;
        if (!json_is_string(name)) {
            rc = fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: \"sites\" must be an array of node ids",
                              what);
            break;
        }
        rc = fp_topo_resolve_node(rd->topo, json_string_value(name), role, FP_EDATA, rd->path, 0, &vx,
                                  rd->err);
        for (s = 0; rc == FP_OK && s < job->n_sites; s++) {
            if (job->sites[s] == vx) {
                rc = fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: site '%s' is listed twice", what,
                                  json_string_value(name));
            }
        }
        if (rc == FP_OK) {
            job->sites[job->n_sites++] = vx;
        }
    }
    job->sites_given = true;
    return rc;
}

/* "collective": tree, ring or direct. */
static int collective(const struct rd *rd, const char *what, json_t *v, enum fp_collective *out)
{
    const char *s = json_is_string(v) ? json_string_value(v) : "";
    if (strcmp(s, "tree") == 0) {
        *out = FP_COLL_TREE;
    } else if (strcmp(s, "ring") == 0) {
        *out = FP_COLL_RING;
    } else if (strcmp(s, "direct") == 0) {
        *out = FP_COLL_DIRECT;
    } else {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: \"collective\" must be tree, ring or "
                            "direct, got %s", what, json_is_string(v) ? s : "a non-string");
    }
    return FP_OK;
}

/* One key of a job object. */
static int job_key(const struct rd *rd, const char *what, const char *key, json_t *v,
                   struct fp_workload_job *wj)
{
    struct fp_job *job = &wj->job;
    if (strcmp(key, "name") == 0) {
        return FP_OK;   /* read first, by the caller */
    } else if (strcmp(key, "sites") == 0) {
        return job_sites(rd, what, v, job);
    } else if (strcmp(key, "params") == 0) {
        return number(rd, what, key, v, 0, true, FP_MAX_PARAMS, &job->params);
    } else if (strcmp(key, "grad_bytes") == 0) {
        return number(rd, what, key, v, 0, true, 64, &job->grad_bytes);
    } else if (strcmp(key, "collective") == 0) {
        return collective(rd, what, v, &wj->collective);
    } else if (strcmp(key, "weight") == 0) {
        return number(rd, what, key, v, 0, true, 1e12, &wj->weight);
    } else if (strcmp(key, "compute_time_s") == 0) {
        return number(rd, what, key, v, 0, false, 1e7, &job->compute_time);
    } else if (strcmp(key, "target_time_s") == 0) {
        return number(rd, what, key, v, 0, true, 1e7, &wj->target_time_s);
    }
    return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: unknown key \"%s\" (%s)", what, key,
                        JOB_KEYS);
}

/* jobs[index]: an object with a unique name; params and sites required. */
static int read_job(const struct rd *rd, json_t *o, size_t index, const struct fp_workload *wl,
                    struct fp_workload_job *wj)
{
    json_t *name = json_object_get(o, "name"), *v;
    const char *key;
    char what[160];
    igraph_integer_t j;
    int rc = FP_OK;

    memset(wj, 0, sizeof(*wj));
    wj->job.params = wj->job.compute_time = wj->target_time_s = NAN;
    wj->job.grad_bytes = FP_DEFAULT_GRAD_BYTES;
    wj->weight = 1.0;
    wj->collective = FP_COLL_TREE;
    if (!json_is_object(o)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "jobs[%zu] must be an object", index);
    }
    if (!json_is_string(name) || json_string_value(name)[0] == '\0') {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "jobs[%zu]: \"name\" must be a non-empty "
                            "string", index);
    }
    wj->name = fp_xstrdup(json_string_value(name));
    snprintf(what, sizeof(what), "job '%s'", wj->name);
    for (j = 0; j < wl->n_jobs; j++) {
        if (strcmp(wl->jobs[j].name, wj->name) == 0) {
            return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "job name '%s' is given twice", wj->name);
        }
    }
    json_object_foreach(o, key, v) {
        rc = job_key(rd, what, key, v, wj);
        if (rc != FP_OK) {
            return rc;
        }
    }
    if (isnan(wj->job.params)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: needs \"params\" (the model size)", what);
    }
    if (wj->job.sites == NULL) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: needs \"sites\" (the node ids that "
                            "train)", what);
    }
    wj->job.gradient_bytes = wj->job.params * wj->job.grad_bytes;
    return rc;
}

/* "jobs": a non-empty array of job objects. */
static int read_jobs(const struct rd *rd, json_t *arr, struct fp_workload *wl)
{
    size_t i, n = json_array_size(arr);
    int rc = FP_OK;
    if (!json_is_array(arr) || n == 0) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "\"jobs\" must be a non-empty array of "
                            "job objects");
    }
    wl->jobs = fp_xcalloc(n, sizeof(struct fp_workload_job));
    for (i = 0; rc == FP_OK && i < n; i++) {
        rc = read_job(rd, json_array_get(arr, i), i, wl, &wl->jobs[wl->n_jobs]);
        wl->n_jobs++;   /* released with the workload, also when it failed half-read */
    }
    return rc;
}

/* One inline background demand { "src", "dst", "gbps" }. */
static int read_demand(const struct rd *rd, json_t *o, size_t index, struct fp_demand *d)
{
    json_t *src = json_object_get(o, "src"), *dst = json_object_get(o, "dst"), *v;
    char what[64];
    const char *key;
    int rc;

    snprintf(what, sizeof(what), "background[%zu]", index);
    if (!json_is_object(o) || !json_is_string(src) || !json_is_string(dst)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s must be an object with \"src\", \"dst\" "
                            "(node ids) and \"gbps\"", what);
    }
    json_object_foreach(o, key, v) {
        if (strcmp(key, "src") != 0 && strcmp(key, "dst") != 0 && strcmp(key, "gbps") != 0) {
            return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: unknown key \"%s\" (src, dst, gbps)",
                                what, key);
        }
    }
    rc = number(rd, what, "gbps", json_object_get(o, "gbps"), 0, true, INFINITY, &d->gbps);
    if (rc == FP_OK) {
        rc = fp_topo_resolve_node(rd->topo, json_string_value(src), "background source", FP_EDATA,
                                  rd->path, 0, &d->src, rd->err);
    }
    if (rc == FP_OK) {
        rc = fp_topo_resolve_node(rd->topo, json_string_value(dst), "background target", FP_EDATA,
                                  rd->path, 0, &d->dst, rd->err);
    }
    if (rc == FP_OK && d->src == d->dst) {
        rc = fp_error_set(rd->err, FP_EDATA, rd->path, 0, "%s: demand from '%s' to itself", what,
                          json_string_value(src));
    }
    if (rc == FP_OK) {
        d->id = fp_xasprintf("%s->%s", rd->topo->node_id[d->src], rd->topo->node_id[d->dst]);
    }
    return rc;
}

/* The CSV named relative to the workload file's directory (as given; standard input: the
 * working directory). */
static int background_csv(const struct rd *rd, const char *name, struct fp_workload *wl)
{
    const char *slash = strrchr(rd->file, '/');
    char *path;
    int rc;
    if (name[0] == '\0') {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "\"background\" names no file");
    }
    if (name[0] == '/' || slash == NULL || strcmp(rd->file, "-") == 0) {
        path = fp_xstrdup(name);
    } else {
        path = fp_xasprintf("%.*s/%s", (int)(slash - rd->file), rd->file, name);
    }
    rc = fp_demands_read(path, rd->topo, &wl->background, &wl->n_background, rd->err);
    if (rc == FP_OK) {
        wl->background_file = path;
    } else {
        free(path);
    }
    return rc;
}

/* "background": a CSV file name, or an array of demands (empty: none). */
static int read_background(const struct rd *rd, json_t *v, struct fp_workload *wl)
{
    size_t i, n = json_array_size(v);
    int rc = FP_OK;
    if (json_is_string(v)) {
        return background_csv(rd, json_string_value(v), wl);
    }
    if (!json_is_array(v)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "\"background\" must be a CSV file name or "
                            "an array of {src, dst, gbps}");
    }
    wl->background = fp_xcalloc(n + 1, sizeof(struct fp_demand));
    for (i = 0; rc == FP_OK && i < n; i++) {
        rc = read_demand(rd, json_array_get(v, i), i, &wl->background[i]);
        wl->n_background += rc == FP_OK;
    }
    return rc;
}

/* The top-level object: schema, jobs, background; nothing else. */
static int read_root(const struct rd *rd, json_t *root, struct fp_workload *wl)
{
    json_t *schema = json_object_get(root, "schema"), *v;
    const char *key;
    int rc = FP_OK;

    if (!json_is_object(root)) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 1, "a workload file is a JSON object");
    }
    if (!json_is_string(schema) || strcmp(json_string_value(schema), WORKLOAD_SCHEMA) != 0) {
        return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "\"schema\" must be \"" WORKLOAD_SCHEMA "\"");
    }
    json_object_foreach(root, key, v) {
        if (strcmp(key, "schema") != 0 && strcmp(key, "jobs") != 0 && strcmp(key, "background") != 0) {
            return fp_error_set(rd->err, FP_EDATA, rd->path, 0, "unknown key \"%s\" (schema, jobs, "
                                "background)", key);
        }
    }
    rc = read_jobs(rd, json_object_get(root, "jobs"), wl);
    if (rc == FP_OK && json_object_get(root, "background") != NULL) {
        rc = read_background(rd, json_object_get(root, "background"), wl);
    }
    return rc;
}

int fp_workload_read(const char *path, const struct fp_topo *topo, struct fp_workload *wl,
                     struct fp_error *err)
{
    struct fp_workload w;
    struct fp_input in;
    struct rd rd;
    json_error_t jerr;
    json_t *root = NULL;
    int rc;

    memset(&w, 0, sizeof(w));
    memset(&in, 0, sizeof(in));
    rc = fp_input_read(path, &in, err);
    if (rc != FP_OK) {
        return rc;
    }
    w.path = fp_xstrdup(in.display);
    rd.path = w.path;
    rd.file = path;
    rd.topo = topo;
    rd.err = err;
    root = json_loadb(in.data, in.size, JSON_REJECT_DUPLICATES, &jerr);
    if (root == NULL) {
        rc = fp_error_set(err, FP_EDATA, w.path, jerr.line > 0 ? jerr.line : 0, "not valid JSON: %s",
                          jerr.text);
    } else {
        rc = read_root(&rd, root, &w);
    }
    json_decref(root);
    fp_input_release(&in);
    if (rc == FP_OK) {
        *wl = w;
    } else {
        fp_workload_release(&w);
    }
    return rc;
}
