/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: topology model and MODEL.md "Network" derivations (lengths, delays, ceilings). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/geo.h"
#include "core/optics.h"
#include "core/parse.h"
#include "core/topo.h"
#include "core/xalloc.h"

/* How many ids a grouped warning or error lists before "and N more". */
#define LIST_IDS 5

void fp_topo_options_init(struct fp_topo_options *opts)
{
    opts->default_capacity_gbps = NAN;
    opts->default_length_km = NAN;
    opts->route_factor = NAN;
}

void fp_topo_init(struct fp_topo *topo, const char *path)
{
    memset(topo, 0, sizeof(*topo));
    topo->path = fp_xstrdup(path != NULL ? path : "");
    topo->route_factor = NAN;
    topo->route_factor_used = FP_DEFAULT_ROUTE_FACTOR;
    topo->params = NAN;
    topo->grad_bytes = NAN;
    topo->compute_time = NAN;
}

static void free_strings(char **v, igraph_integer_t n)
{
    igraph_integer_t i;
    if (v == NULL) {
        return;
    }
    for (i = 0; i < n; i++) {
        free(v[i]);
    }
    free(v);
}

void fp_topo_release(struct fp_topo *topo)
{
    igraph_integer_t i;
    if (topo == NULL) {
        return;
    }
    if (topo->has_graph) {
        igraph_destroy(&topo->graph);
    }
    free(topo->path);
    free(topo->name);
    free_strings(topo->node_id, topo->n_nodes);
    free_strings(topo->node_name, topo->n_nodes);
    free_strings(topo->node_type, topo->n_nodes);
    free(topo->lat);
    free(topo->lon);
    free(topo->gpus);
    free(topo->power_mw);
    free(topo->online);
    free(topo->x);
    free(topo->y);
    free(topo->node_line);
    free_strings(topo->span_id, topo->n_spans);
    free(topo->span_line);
    free(topo->span_from);
    free(topo->span_to);
    free(topo->length_km);
    free(topo->length_src);
    free(topo->latency_ms);
    free(topo->delay_s);
    free(topo->capacity_gbps);
    free(topo->capacity_given);
    free(topo->max_capacity_gbps);
    free(topo->fiber_pairs);
    free(topo->wavelengths);
    free(topo->gbps_per_wavelength);
    free(topo->ceiling_gbps);
    free(topo->ceiling_given);
    free(topo->cost_per_gbps);
    free(topo->module_gbps);
    free(topo->module_cost);
    free(topo->module_gbps_given);
    free(topo->lit_pairs);
    free(topo->dark_pairs);
    fp_optics_free(topo->optics);
    free(topo->build_cost);
    free(topo->available);
    free(topo->status);
    free_strings(topo->srlg, topo->n_spans);
    for (i = 0; i < topo->n_demands; i++) {
        free(topo->demands[i].id);
    }
    free(topo->demands);
    free_strings(topo->warnings, topo->n_warnings);
    free(topo->node_order);
    free(topo->span_order);
    free(topo->name_order);
    memset(topo, 0, sizeof(*topo));
}

static double *nan_array(igraph_integer_t n)
{
    double *a = fp_xcalloc((size_t)n, sizeof(double));
    igraph_integer_t i;
    for (i = 0; i < n; i++) {
        a[i] = NAN;
    }
    return a;
}

static long long *minus_one_array(igraph_integer_t n)
{
    long long *a = fp_xcalloc((size_t)n, sizeof(long long));
    igraph_integer_t i;
    for (i = 0; i < n; i++) {
        a[i] = -1;
    }
    return a;
}

void fp_topo_reserve(struct fp_topo *topo, igraph_integer_t n_nodes, igraph_integer_t n_spans)
{
    size_t nn = (size_t)n_nodes, ns = (size_t)n_spans;

    topo->cap_nodes = n_nodes;
    topo->cap_spans = n_spans;
    topo->node_id = fp_xcalloc(nn, sizeof(char *));
    topo->node_name = fp_xcalloc(nn, sizeof(char *));
    topo->node_type = fp_xcalloc(nn, sizeof(char *));
    topo->lat = nan_array(n_nodes);
    topo->lon = nan_array(n_nodes);
    topo->gpus = fp_xcalloc(nn, sizeof(long long));
    topo->power_mw = nan_array(n_nodes);
    topo->online = nan_array(n_nodes);
    topo->x = nan_array(n_nodes);
    topo->y = nan_array(n_nodes);
    topo->node_line = fp_xcalloc(nn, sizeof(long));

    topo->span_id = fp_xcalloc(ns, sizeof(char *));
    topo->span_line = fp_xcalloc(ns, sizeof(long));
    topo->span_from = fp_xcalloc(ns, sizeof(igraph_integer_t));
    topo->span_to = fp_xcalloc(ns, sizeof(igraph_integer_t));
    topo->length_km = nan_array(n_spans);
    topo->length_src = fp_xcalloc(ns, sizeof(enum fp_length_source));
    topo->latency_ms = nan_array(n_spans);
    topo->delay_s = nan_array(n_spans);
    topo->capacity_gbps = nan_array(n_spans);
    topo->capacity_given = fp_xcalloc(ns, sizeof(bool));
    topo->max_capacity_gbps = nan_array(n_spans);
    topo->fiber_pairs = minus_one_array(n_spans);
    topo->wavelengths = minus_one_array(n_spans);
    topo->gbps_per_wavelength = nan_array(n_spans);
    topo->ceiling_gbps = nan_array(n_spans);
    topo->ceiling_given = fp_xcalloc(ns, sizeof(bool));
    topo->cost_per_gbps = nan_array(n_spans);
    topo->module_gbps = nan_array(n_spans);
    topo->module_cost = nan_array(n_spans);
    topo->module_gbps_given = fp_xcalloc(ns, sizeof(bool));
    topo->lit_pairs = minus_one_array(n_spans);
    topo->dark_pairs = minus_one_array(n_spans);
    topo->build_cost = nan_array(n_spans);
    topo->available = nan_array(n_spans);
    topo->status = fp_xcalloc(ns, sizeof(enum fp_span_status));
    topo->srlg = fp_xcalloc(ns, sizeof(char *));
}

igraph_integer_t fp_topo_add_node(struct fp_topo *topo, const char *id, long line)
{
    igraph_integer_t v = topo->n_nodes++;
    topo->node_id[v] = fp_xstrdup(id);
    topo->node_line[v] = line;
    return v;
}

/* Sorted-id index shared by nodes and spans (qsort has no context argument). */
static char **sort_ids;

static int cmp_order(const void *a, const void *b)
{
    igraph_integer_t va = *(const igraph_integer_t *)a, vb = *(const igraph_integer_t *)b;
    int c = strcmp(sort_ids[va], sort_ids[vb]);
    if (c != 0) {
        return c;
    }
    return va < vb ? -1 : va > vb;
}

static igraph_integer_t *sorted_order(char **ids, igraph_integer_t n)
{
    igraph_integer_t i, *order = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    for (i = 0; i < n; i++) {
        order[i] = i;
    }
    sort_ids = ids;
    qsort(order, (size_t)n, sizeof(igraph_integer_t), cmp_order);
    sort_ids = NULL;
    return order;
}

static igraph_integer_t find_sorted(char **ids, const igraph_integer_t *order, igraph_integer_t n,
                                    const char *id)
{
    igraph_integer_t lo = 0, hi = n;
    if (order == NULL) {
        return -1;
    }
    while (lo < hi) {
        igraph_integer_t mid = lo + (hi - lo) / 2;
        int c = strcmp(ids[order[mid]], id);
        if (c == 0) {
            return order[mid];
        }
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return -1;
}

int fp_topo_index_nodes(struct fp_topo *topo, struct fp_error *err)
{
    igraph_integer_t i, n = topo->n_nodes;

    for (i = 0; i < n; i++) {
        if (topo->node_id[i][0] == '\0') {
            return fp_error_set(err, FP_EDATA, topo->path, topo->node_line[i],
                                "node has an empty id");
        }
    }
    free(topo->node_order);
    topo->node_order = sorted_order(topo->node_id, n);
    for (i = 1; i < n; i++) {
        igraph_integer_t a = topo->node_order[i - 1], b = topo->node_order[i];
        if (strcmp(topo->node_id[a], topo->node_id[b]) == 0) {
            return fp_error_set(err, FP_EDATA, topo->path, topo->node_line[b],
                                "duplicate node id '%s' (first at line %ld)", topo->node_id[b],
                                topo->node_line[a]);
        }
    }
    return FP_OK;
}

igraph_integer_t fp_topo_find_node(const struct fp_topo *topo, const char *id)
{
    return find_sorted(topo->node_id, topo->node_order, topo->n_nodes, id);
}

/* Sorts the nodes that have a name by it, for fp_topo_match_node(). */
static void index_names(struct fp_topo *topo)
{
    igraph_integer_t v, n = 0;

    free(topo->name_order);
    topo->name_order = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(igraph_integer_t));
    for (v = 0; v < topo->n_nodes; v++) {
        if (topo->node_name[v] != NULL) {
            topo->name_order[n++] = v;
        }
    }
    sort_ids = topo->node_name;
    qsort(topo->name_order, (size_t)n, sizeof(igraph_integer_t), cmp_order);
    sort_ids = NULL;
    topo->n_named = n;
}

int fp_topo_match_node(const struct fp_topo *topo, const char *name, igraph_integer_t *v,
                       igraph_integer_t *other)
{
    igraph_integer_t lo = 0, hi = topo->n_named, id = fp_topo_find_node(topo, name), i;
    igraph_integer_t found[2];
    int n = 0;

    if (id >= 0) {
        *v = id;
        return 1;
    }
    if (topo->name_order == NULL) {
        /* not derived yet: scan */
        for (i = 0; i < topo->n_nodes && n < 2; i++) {
            if (topo->node_name[i] != NULL && strcmp(topo->node_name[i], name) == 0) {
                found[n++] = i;
            }
        }
    } else {
        while (lo < hi) {       /* the first entry >= name; ties sort by vertex */
            igraph_integer_t mid = lo + (hi - lo) / 2;
            if (strcmp(topo->node_name[topo->name_order[mid]], name) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        for (i = lo; i < topo->n_named && n < 2; i++) {
            if (strcmp(topo->node_name[topo->name_order[i]], name) != 0) {
                break;
            }
            found[n++] = topo->name_order[i];
        }
    }
    if (n >= 1) {
        *v = found[0];
    }
    if (n == 2) {
        *other = found[1];
    }
    return n;
}

int fp_topo_resolve_node(const struct fp_topo *topo, const char *name, const char *what,
                         enum fp_rc code, const char *file, long line, igraph_integer_t *v,
                         struct fp_error *err)
{
    igraph_integer_t a = -1, b = -1;
    int n = fp_topo_match_node(topo, name, &a, &b);

    if (n == 0) {
        return fp_error_set(err, code, file, line, "%s '%s' is not a node id or label of %s", what,
                            name, topo->path);
    }
    if (n == 2) {
        return fp_error_set(err, code, file, line,
                            "%s '%s' is ambiguous: nodes '%s' and '%s' are both labelled '%s'",
                            what, name, topo->node_id[a], topo->node_id[b], name);
    }
    *v = a;
    return FP_OK;
}

igraph_integer_t *fp_topo_degrees(const struct fp_topo *topo)
{
    igraph_integer_t *deg = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(igraph_integer_t)), e;
    for (e = 0; e < topo->n_spans; e++) {
        deg[topo->span_from[e]]++;
        deg[topo->span_to[e]]++;
    }
    return deg;
}

int fp_topo_index_spans(struct fp_topo *topo, struct fp_error *err)
{
    igraph_integer_t i, n = topo->n_spans;

    free(topo->span_order);
    topo->span_order = sorted_order(topo->span_id, n);
    for (i = 1; i < n; i++) {
        igraph_integer_t a = topo->span_order[i - 1], b = topo->span_order[i];
        if (strcmp(topo->span_id[a], topo->span_id[b]) == 0) {
            return fp_error_set(err, FP_EDATA, topo->path, topo->span_line[b],
                                "duplicate span id '%s' (first at line %ld)", topo->span_id[b],
                                topo->span_line[a]);
        }
    }
    return FP_OK;
}

igraph_integer_t fp_topo_find_span(const struct fp_topo *topo, const char *id)
{
    return find_sorted(topo->span_id, topo->span_order, topo->n_spans, id);
}

igraph_integer_t fp_topo_add_span(struct fp_topo *topo, const char *id, igraph_integer_t from,
                                  igraph_integer_t to, long line)
{
    igraph_integer_t e = topo->n_spans++;
    topo->span_id[e] = fp_xstrdup(id);
    topo->span_from[e] = from;
    topo->span_to[e] = to;
    topo->span_line[e] = line;
    topo->status[e] = FP_SPAN_LIT;
    return e;
}

void fp_topo_warn(struct fp_topo *topo, const char *fmt, ...)
{
    va_list ap;
    char buf[1024];
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    topo->warnings = fp_xrealloc(topo->warnings, (size_t)topo->n_warnings + 1, sizeof(char *));
    topo->warnings[topo->n_warnings++] = fp_xstrdup(buf);
}

/* ---- attributes (CONTRACT.md "Topology file") ---- */

enum attr_kind { K_STRING, K_DOUBLE, K_INT };

/* The field of struct fp_topo an attribute sets (resolved once, in the table: the readers set
 * an attribute per <data> element, hundreds of thousands of times in a large file). */
enum attr_slot {
    SL_TYPE, SL_NAME, SL_LAT, SL_LON, SL_GPUS, SL_POWER, SL_LENGTH, SL_LATENCY, SL_CAPACITY,
    SL_MAX_CAPACITY, SL_FIBER_PAIRS, SL_LIT_PAIRS, SL_DARK_PAIRS, SL_WAVELENGTHS, SL_GBPS_PER_WL, SL_COST, SL_MODULE_GBPS,
    SL_MODULE_COST, SL_STATUS, SL_BUILD_COST, SL_SRLG, SL_GRAPH_NAME, SL_ROUTE_FACTOR, SL_PARAMS,
    SL_GRAD_BYTES, SL_COMPUTE_TIME, SL_ONLINE, SL_AVAILABLE
};

/* Valid range [lo, hi]; lo_open excludes lo. */
struct attr {
    const char *name;
    const char *primary;   /* non-NULL for an alias: the name it stands for */
    enum fp_domain domain;
    enum attr_kind kind;
    double lo, hi;
    bool lo_open;
    double scale;          /* value multiplier (LinkSpeedRaw bit/s -> Gbit/s) */
    enum attr_slot slot;   /* where the value goes (the primary's, for an alias) */
};

static const struct attr attrs[] = {
    {"type", NULL, FP_DOMAIN_NODE, K_STRING, 0, 0, false, 1, SL_TYPE},
    {"name", NULL, FP_DOMAIN_NODE, K_STRING, 0, 0, false, 1, SL_NAME},
    {"label", "name", FP_DOMAIN_NODE, K_STRING, 0, 0, false, 1, SL_NAME},
    {"lat", NULL, FP_DOMAIN_NODE, K_DOUBLE, -90, 90, false, 1, SL_LAT},
    {"Latitude", "lat", FP_DOMAIN_NODE, K_DOUBLE, -90, 90, false, 1, SL_LAT},
    {"lon", NULL, FP_DOMAIN_NODE, K_DOUBLE, -180, 180, false, 1, SL_LON},
    {"Longitude", "lon", FP_DOMAIN_NODE, K_DOUBLE, -180, 180, false, 1, SL_LON},
    {"gpus", NULL, FP_DOMAIN_NODE, K_INT, 0, 1e12, false, 1, SL_GPUS},
    {"power_mw", NULL, FP_DOMAIN_NODE, K_DOUBLE, 0, 1e7, false, 1, SL_POWER},
    {"online", NULL, FP_DOMAIN_NODE, K_DOUBLE, 1900, 2200, false, 1, SL_ONLINE},
    {"length_km", NULL, FP_DOMAIN_EDGE, K_DOUBLE, 0, 1e6, false, 1, SL_LENGTH},
    {"latency_ms", NULL, FP_DOMAIN_EDGE, K_DOUBLE, 0, 1e4, false, 1, SL_LATENCY},
    {"capacity_gbps", NULL, FP_DOMAIN_EDGE, K_DOUBLE, 0, FP_MAX_CAPACITY_GBPS, false, 1,
     SL_CAPACITY},
    {"LinkSpeedRaw", "capacity_gbps", FP_DOMAIN_EDGE, K_DOUBLE, 0, FP_MAX_CAPACITY_GBPS * 1e9,
     false, 1e-9, SL_CAPACITY},
    {"max_capacity_gbps", NULL, FP_DOMAIN_EDGE, K_DOUBLE, 0, FP_MAX_CAPACITY_GBPS, false, 1,
     SL_MAX_CAPACITY},
    {"fiber_pairs", NULL, FP_DOMAIN_EDGE, K_INT, 0, 1e6, false, 1, SL_FIBER_PAIRS},
    {"lit_pairs", NULL, FP_DOMAIN_EDGE, K_INT, 0, 1e6, false, 1, SL_LIT_PAIRS},
    {"dark_pairs", NULL, FP_DOMAIN_EDGE, K_INT, 0, 1e6, false, 1, SL_DARK_PAIRS},
    {"wavelengths", NULL, FP_DOMAIN_EDGE, K_INT, 0, 1e6, false, 1, SL_WAVELENGTHS},
    {"gbps_per_wavelength", NULL, FP_DOMAIN_EDGE, K_DOUBLE, 0, 1e6, true, 1, SL_GBPS_PER_WL},
    {"cost_per_gbps", NULL, FP_DOMAIN_EDGE, K_DOUBLE, 0, 1e15, false, 1, SL_COST},
    {"module_gbps", NULL, FP_DOMAIN_EDGE, K_DOUBLE, 0, FP_MAX_CAPACITY_GBPS, true, 1,
     SL_MODULE_GBPS},
    {"module_cost", NULL, FP_DOMAIN_EDGE, K_DOUBLE, 0, 1e15, false, 1, SL_MODULE_COST},
    {"status", NULL, FP_DOMAIN_EDGE, K_STRING, 0, 0, false, 1, SL_STATUS},
    {"build_cost", NULL, FP_DOMAIN_EDGE, K_DOUBLE, 0, 1e15, false, 1, SL_BUILD_COST},
    {"srlg", NULL, FP_DOMAIN_EDGE, K_STRING, 0, 0, false, 1, SL_SRLG},
    {"available", NULL, FP_DOMAIN_EDGE, K_DOUBLE, 1900, 2200, false, 1, SL_AVAILABLE},
    {"name", NULL, FP_DOMAIN_GRAPH, K_STRING, 0, 0, false, 1, SL_GRAPH_NAME},
    {"Network", "name", FP_DOMAIN_GRAPH, K_STRING, 0, 0, false, 1, SL_GRAPH_NAME},
    {"label", "name", FP_DOMAIN_GRAPH, K_STRING, 0, 0, false, 1, SL_GRAPH_NAME},
    {"route_factor", NULL, FP_DOMAIN_GRAPH, K_DOUBLE, 1, 10, false, 1, SL_ROUTE_FACTOR},
    {"params", NULL, FP_DOMAIN_GRAPH, K_DOUBLE, 0, 1e16, true, 1, SL_PARAMS},
    {"grad_bytes", NULL, FP_DOMAIN_GRAPH, K_DOUBLE, 0, 64, true, 1, SL_GRAD_BYTES},
    {"compute_time", NULL, FP_DOMAIN_GRAPH, K_DOUBLE, 0, 1e7, false, 1, SL_COMPUTE_TIME},
};

static const struct attr *find_attr(enum fp_domain domain, const char *name)
{
    size_t i;
    for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
        if (attrs[i].domain == domain && strcmp(attrs[i].name, name) == 0) {
            return &attrs[i];
        }
    }
    return NULL;
}

/* The slot of a numeric attribute, or NULL for strings. */
static double *double_slot(struct fp_topo *topo, enum attr_slot slot, igraph_integer_t i)
{
    switch (slot) {
    case SL_LAT: return &topo->lat[i];
    case SL_LON: return &topo->lon[i];
    case SL_POWER: return &topo->power_mw[i];
    case SL_ONLINE: return &topo->online[i];
    case SL_AVAILABLE: return &topo->available[i];
    case SL_LENGTH: return &topo->length_km[i];
    case SL_LATENCY: return &topo->latency_ms[i];
    case SL_CAPACITY: return &topo->capacity_gbps[i];
    case SL_MAX_CAPACITY: return &topo->max_capacity_gbps[i];
    case SL_GBPS_PER_WL: return &topo->gbps_per_wavelength[i];
    case SL_COST: return &topo->cost_per_gbps[i];
    case SL_MODULE_GBPS: return &topo->module_gbps[i];
    case SL_MODULE_COST: return &topo->module_cost[i];
    case SL_BUILD_COST: return &topo->build_cost[i];
    case SL_ROUTE_FACTOR: return &topo->route_factor;
    case SL_PARAMS: return &topo->params;
    case SL_GRAD_BYTES: return &topo->grad_bytes;
    case SL_COMPUTE_TIME: return &topo->compute_time;
    default: return NULL;
    }
}

static long long *int_slot(struct fp_topo *topo, enum attr_slot slot, igraph_integer_t i)
{
    switch (slot) {
    case SL_GPUS: return &topo->gpus[i];
    case SL_FIBER_PAIRS: return &topo->fiber_pairs[i];
    case SL_LIT_PAIRS: return &topo->lit_pairs[i];
    case SL_DARK_PAIRS: return &topo->dark_pairs[i];
    case SL_WAVELENGTHS: return &topo->wavelengths[i];
    default: return NULL;
    }
}

static char **string_slot(struct fp_topo *topo, enum attr_slot slot, igraph_integer_t i)
{
    switch (slot) {
    case SL_GRAPH_NAME: return &topo->name;
    case SL_TYPE: return &topo->node_type[i];
    case SL_NAME: return &topo->node_name[i];
    case SL_SRLG: return &topo->srlg[i];
    default: return NULL;
    }
}

static const char *owner_desc(const struct fp_topo *topo, enum fp_domain domain,
                              igraph_integer_t i, char *buf, size_t size)
{
    if (domain == FP_DOMAIN_NODE) {
        snprintf(buf, size, "node '%s'", topo->node_id[i]);
    } else if (domain == FP_DOMAIN_EDGE) {
        snprintf(buf, size, "span '%s'", topo->span_id[i]);
    } else {
        snprintf(buf, size, "graph");
    }
    return buf;
}

static int range_error(struct fp_topo *topo, const struct attr *a, enum fp_domain domain,
                       igraph_integer_t i, const char *text, long line, struct fp_error *err)
{
    char who[600], *shown = fp_parse_trim(text);
    const char *what = a->kind == K_INT ? "an integer" : "a number";
    double v;
    int rc;

    owner_desc(topo, domain, i, who, sizeof(who));
    if (a->hi >= 1e6 && fp_parse_double(text, &v) == 0 && v > a->hi &&
        (a->kind != K_INT || v == floor(v))) {
        rc = fp_error_set(err, FP_EDATA, topo->path, line, "%s: %s must be at most %g, got '%s'",
                          who, a->name, a->hi, shown);
    } else if (a->lo == 0 && a->hi >= 1e6) {
        rc = fp_error_set(err, FP_EDATA, topo->path, line, "%s: %s must be %s %s 0, got '%s'", who,
                          a->name, what, a->lo_open ? ">" : ">=", shown);
    } else {
        rc = fp_error_set(err, FP_EDATA, topo->path, line, "%s: %s must be %s in [%g, %g], got '%s'",
                          who, a->name, what, a->lo, a->hi, shown);
    }
    free(shown);
    return rc;
}

int fp_topo_set_attr(struct fp_topo *topo, enum fp_domain domain, igraph_integer_t index,
                     const char *name, const char *text, long line, struct fp_error *err)
{
    const struct attr *a = find_attr(domain, name);
    igraph_integer_t i = domain == FP_DOMAIN_GRAPH ? 0 : index;
    double v;

    if (a == NULL || fp_parse_blank(text)) {
        return FP_OK;
    }

    if (a->kind == K_STRING) {
        char **slot = string_slot(topo, a->slot, i);
        char *val = fp_parse_trim(text);
        if (a->slot == SL_STATUS) {
            int rc = FP_OK;
            if (strcmp(val, "lit") == 0) {
                topo->status[i] = FP_SPAN_LIT;
            } else if (strcmp(val, "candidate") == 0) {
                topo->status[i] = FP_SPAN_CANDIDATE;
            } else {
                char who[600];
                rc = fp_error_set(err, FP_EDATA, topo->path, line,
                                  "%s: status must be 'lit' or 'candidate', got '%s'",
                                  owner_desc(topo, domain, i, who, sizeof(who)), val);
            }
            free(val);
            return rc;
        }
        if (a->primary != NULL && *slot != NULL) {
            free(val);
            return FP_OK;
        }
        free(*slot);
        *slot = val;
        return FP_OK;
    }

    if (fp_parse_double(text, &v) != 0 || (a->kind == K_INT && v != floor(v))) {
        return range_error(topo, a, domain, i, text, line, err);
    }
    if (v < a->lo || (a->lo_open && v == a->lo) || v > a->hi) {
        return range_error(topo, a, domain, i, text, line, err);
    }
    v *= a->scale;
    if (a->kind == K_INT) {
        long long *slot = int_slot(topo, a->slot, i);
        *slot = (long long)v;
    } else {
        double *slot = double_slot(topo, a->slot, i);
        if (a->primary != NULL && !isnan(*slot)) {
            return FP_OK;
        }
        *slot = v;
        if (a->slot == SL_CAPACITY) {
            topo->capacity_given[i] = true;
        }
    }
    return FP_OK;
}

int fp_topo_build(struct fp_topo *topo, struct fp_error *err)
{
    igraph_vector_int_t edges;
    igraph_integer_t e;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_vector_int_init(&edges, 2 * topo->n_spans));
    for (e = 0; e < topo->n_spans; e++) {
        VECTOR(edges)[2 * e] = topo->span_from[e];
        VECTOR(edges)[2 * e + 1] = topo->span_to[e];
    }
    if (igraph_create(&topo->graph, &edges, topo->n_nodes, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s",
                          fp_error_igraph_reason());
    } else {
        topo->has_graph = true;
    }
    igraph_vector_int_destroy(&edges);
out:
    return rc;
}

bool fp_topo_is_site(const struct fp_topo *topo, igraph_integer_t v)
{
    return topo->node_type[v] != NULL && strcmp(topo->node_type[v], "datacenter") == 0 &&
           topo->gpus[v] > 0;
}

bool fp_topo_is_lit(const struct fp_topo *topo, igraph_integer_t e)
{
    return topo->status[e] == FP_SPAN_LIT;
}

/* ---- derivations (MODEL.md "Network", "Planning" cmax, "Defaults") ---- */

/* Appends "a, b, c and N more" for the ids flagged in mark[] to buf. */
static void list_ids(char *buf, size_t size, char **ids, const bool *mark, igraph_integer_t n)
{
    igraph_integer_t i, shown = 0, total = 0;
    size_t len = strlen(buf);
    for (i = 0; i < n; i++) {
        if (!mark[i]) {
            continue;
        }
        total++;
        if (shown < LIST_IDS && len < size) {
            len += (size_t)snprintf(buf + len, size - len, "%s'%s'", shown > 0 ? ", " : "", ids[i]);
            shown++;
        }
    }
    if (total > shown && len < size) {
        snprintf(buf + len, size - len, " and %ld more", (long)(total - shown));
    }
}

static igraph_integer_t count_marked(const bool *mark, igraph_integer_t n)
{
    igraph_integer_t i, c = 0;
    for (i = 0; i < n; i++) {
        c += mark[i] ? 1 : 0;
    }
    return c;
}

static void warn_marked(struct fp_topo *topo, char **ids, const bool *mark, igraph_integer_t n,
                        const char *singular, const char *plural)
{
    char buf[1024];
    igraph_integer_t c = count_marked(mark, n);
    if (c == 0) {
        return;
    }
    snprintf(buf, sizeof(buf), "%ld %s: ", (long)c, c == 1 ? singular : plural);
    list_ids(buf, sizeof(buf), ids, mark, n);
    fp_topo_warn(topo, "%s", buf);
}

/* Per-pair C-band default (MODEL.md "Defaults"): 32 x 800 up to 1,000 km, 64 x 400 beyond. */
static double default_gbps_per_wavelength(double length_km)
{
    return !isnan(length_km) && length_km > FP_CBAND_SHORT_REACH_KM ? 400.0 : 800.0;
}

static int derive_ceiling(struct fp_topo *topo, igraph_integer_t e, struct fp_error *err)
{
    double g = topo->gbps_per_wavelength[e], ceiling;
    long long w = topo->wavelengths[e], pairs = topo->fiber_pairs[e];
    const char *how;

    topo->ceiling_given[e] = !isnan(topo->max_capacity_gbps[e]) || pairs >= 0 || w >= 0 ||
                             !isnan(g);
    if (isnan(g)) {
        g = default_gbps_per_wavelength(topo->length_km[e]);
    }
    if (w < 0) {
        w = (long long)floor(FP_CBAND_GBPS / g);
    }
    if (pairs < 0) {
        pairs = 1;
    }
    if (!isnan(topo->max_capacity_gbps[e])) {
        ceiling = topo->max_capacity_gbps[e];
        how = "max_capacity_gbps";
    } else {
        ceiling = (double)pairs * (double)w * g;
        how = "fiber_pairs x wavelengths x gbps_per_wavelength";
    }
    topo->module_gbps_given[e] = !isnan(topo->module_gbps[e]);
    if (isnan(topo->module_gbps[e])) {
        topo->module_gbps[e] = g;
    }
    if (topo->capacity_gbps[e] > ceiling * (1 + 1e-12)) {
        if (topo->ceiling_given[e]) {
            return fp_error_set(err, FP_EDATA, topo->path, topo->span_line[e],
                                "span '%s': capacity_gbps %g exceeds its ceiling %g (%s)",
                                topo->span_id[e], topo->capacity_gbps[e], ceiling, how);
        }
        ceiling = topo->capacity_gbps[e];
    }
    topo->ceiling_gbps[e] = ceiling;
    return FP_OK;
}

static int cmp_pair(const void *a, const void *b)
{
    const igraph_integer_t *x = a, *y = b;
    if (x[0] != y[0]) {
        return x[0] < y[0] ? -1 : 1;
    }
    if (x[1] != y[1]) {
        return x[1] < y[1] ? -1 : 1;
    }
    return x[2] < y[2] ? -1 : x[2] > y[2];
}

static void warn_parallel(struct fp_topo *topo)
{
    igraph_integer_t n = topo->n_spans, e, groups = 0, shown = 0;
    igraph_integer_t *key = fp_xcalloc((size_t)n * 3 + 1, sizeof(igraph_integer_t));
    char buf[1024];
    size_t len;

    for (e = 0; e < n; e++) {
        igraph_integer_t a = topo->span_from[e], b = topo->span_to[e];
        key[3 * e] = a < b ? a : b;
        key[3 * e + 1] = a < b ? b : a;
        key[3 * e + 2] = e;
    }
    qsort(key, (size_t)n, 3 * sizeof(igraph_integer_t), cmp_pair);
    buf[0] = '\0';
    len = 0;
    for (e = 1; e < n; e++) {
        igraph_integer_t *p = &key[3 * (e - 1)], *q = &key[3 * e];
        bool starts = p[0] == q[0] && p[1] == q[1] &&
                      (e < 2 || key[3 * (e - 2)] != p[0] || key[3 * (e - 2) + 1] != p[1]);
        if (!starts) {
            continue;
        }
        groups++;
        if (shown < LIST_IDS && len < sizeof(buf)) {
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s'%s'-'%s'",
                                    shown > 0 ? ", " : "", topo->node_id[p[0]],
                                    topo->node_id[p[1]]);
            shown++;
        }
    }
    if (groups > 0) {
        if (groups > shown && len < sizeof(buf)) {
            snprintf(buf + len, sizeof(buf) - len, " and %ld more", (long)(groups - shown));
        }
        fp_topo_warn(topo, "%ld node %s joined by parallel spans: %s", (long)groups,
                     groups == 1 ? "pair" : "pairs", buf);
    }
    free(key);
}

int fp_topo_derive(struct fp_topo *topo, const struct fp_topo_options *opts,
                   struct fp_error *err)
{
    igraph_integer_t v, e, ns = topo->n_spans, nn = topo->n_nodes;
    bool *no_cap = fp_xcalloc((size_t)ns + 1, sizeof(bool));
    bool *zero_cap = fp_xcalloc((size_t)ns + 1, sizeof(bool));
    bool *estimated = fp_xcalloc((size_t)ns + 1, sizeof(bool));
    bool *defaulted = fp_xcalloc((size_t)ns + 1, sizeof(bool));
    bool *unknown = fp_xcalloc((size_t)ns + 1, sizeof(bool));
    bool *no_coord = fp_xcalloc((size_t)nn + 1, sizeof(bool));
    bool *isolated = fp_xcalloc((size_t)nn + 1, sizeof(bool));
    igraph_integer_t *degree = fp_xcalloc((size_t)nn + 1, sizeof(igraph_integer_t));
    double rf;
    int rc = FP_OK;

    index_names(topo);
    rf = !isnan(opts->route_factor) ? opts->route_factor
         : !isnan(topo->route_factor) ? topo->route_factor
                                      : FP_DEFAULT_ROUTE_FACTOR;
    topo->route_factor_used = rf;

    for (e = 0; e < ns; e++) {
        igraph_integer_t a = topo->span_from[e], b = topo->span_to[e];
        degree[a]++;
        degree[b]++;
        if (!topo->capacity_given[e]) {
            if (!isnan(opts->default_capacity_gbps)) {
                topo->capacity_gbps[e] = opts->default_capacity_gbps;
            } else {
                topo->capacity_gbps[e] = 0.0;
                no_cap[e] = topo->status[e] == FP_SPAN_LIT;
            }
        }
        if (topo->status[e] == FP_SPAN_LIT && topo->capacity_gbps[e] == 0.0 && !no_cap[e]) {
            zero_cap[e] = true;
        }
        if (!isnan(topo->length_km[e])) {
            topo->length_src[e] = FP_LENGTH_GIVEN;
        } else if (!isnan(topo->lat[a]) && !isnan(topo->lon[a]) && !isnan(topo->lat[b]) &&
                   !isnan(topo->lon[b])) {
            topo->length_km[e] =
                fp_geo_great_circle_km(topo->lat[a], topo->lon[a], topo->lat[b], topo->lon[b]) * rf;
            topo->length_src[e] = FP_LENGTH_GREAT_CIRCLE;
            estimated[e] = true;
        } else if (!isnan(opts->default_length_km)) {
            topo->length_km[e] = opts->default_length_km;
            topo->length_src[e] = FP_LENGTH_DEFAULT;
            defaulted[e] = true;
        } else {
            topo->length_src[e] = FP_LENGTH_UNKNOWN;
        }
        if (!isnan(topo->latency_ms[e])) {
            topo->delay_s[e] = topo->latency_ms[e] / 1000.0;
        } else if (!isnan(topo->length_km[e])) {
            topo->delay_s[e] = fp_geo_fiber_delay_s(topo->length_km[e]);
        } else {
            topo->delay_s[e] = NAN;
            unknown[e] = true;
        }
        rc = derive_ceiling(topo, e, err);
        if (rc != FP_OK) {
            goto out;
        }
        if (isnan(topo->cost_per_gbps[e]) && !isnan(topo->module_cost[e])) {
            topo->cost_per_gbps[e] = topo->module_cost[e] / topo->module_gbps[e];
        }
    }
    for (v = 0; v < nn; v++) {
        no_coord[v] = isnan(topo->lat[v]) || isnan(topo->lon[v]);
        isolated[v] = degree[v] == 0;
    }

    warn_marked(topo, topo->node_id, isolated, nn, "isolated node", "isolated nodes");
    warn_marked(topo, topo->span_id, no_cap, ns,
                "lit span has no capacity_gbps (0 used; see --default-capacity)",
                "lit spans have no capacity_gbps (0 used; see --default-capacity)");
    warn_marked(topo, topo->span_id, zero_cap, ns, "lit span has zero capacity",
                "lit spans have zero capacity");
    warn_parallel(topo);
    warn_marked(topo, topo->node_id, no_coord, nn, "node has no coordinates",
                "nodes have no coordinates");
    {
        char one[160], many[160];
        snprintf(one, sizeof(one), "span length estimated as great-circle x route factor %g", rf);
        snprintf(many, sizeof(many), "span lengths estimated as great-circle x route factor %g", rf);
        warn_marked(topo, topo->span_id, estimated, ns, one, many);
    }
    warn_marked(topo, topo->span_id, defaulted, ns, "span length set by --default-length",
                "span lengths set by --default-length");
    warn_marked(topo, topo->span_id, unknown, ns,
                "span length cannot be derived (no length_km, latency_ms or coordinates)",
                "span lengths cannot be derived (no length_km, latency_ms or coordinates)");
out:
    free(no_cap);
    free(zero_cap);
    free(estimated);
    free(defaulted);
    free(unknown);
    free(no_coord);
    free(isolated);
    free(degree);
    return rc;
}

int fp_topo_require_delays(const struct fp_topo *topo, struct fp_error *err)
{
    igraph_integer_t e, ns = topo->n_spans, first = -1;
    bool *unknown = fp_xcalloc((size_t)ns + 1, sizeof(bool));
    char buf[512] = "";
    int rc = FP_OK;

    for (e = 0; e < ns; e++) {
        unknown[e] = isnan(topo->delay_s[e]);
        if (unknown[e] && first < 0) {
            first = e;
        }
    }
    if (first >= 0) {
        list_ids(buf, sizeof(buf), topo->span_id, unknown, ns);
        rc = fp_error_set(err, FP_EDATA, topo->path, topo->span_line[first],
                          "cannot derive the length of %ld %s (no length_km, latency_ms or "
                          "coordinates at both ends): %s; give --default-length KM",
                          (long)count_marked(unknown, ns),
                          count_marked(unknown, ns) == 1 ? "span" : "spans", buf);
    }
    free(unknown);
    return rc;
}
