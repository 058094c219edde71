/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: GraphML writer (CONTRACT.md "Topology file") on libxml2's xmlTextWriter. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "core/optics.h"
#include "core/xalloc.h"
#include "io/graphmlout.h"
#include "io/xml_internal.h"

#define NS "http://graphml.graphdrawing.org/xmlns"

struct key {
    const char *id;
    const char *domain;     /* for= */
    const char *name;       /* attr.name */
    const char *type;       /* attr.type */
};

/* The keys of CONTRACT.md that the model reads back. */
static const struct key keys[] = {
    {"graph_name", "graph", "name", "string"},
    {"route_factor", "graph", "route_factor", "double"},
    {"params", "graph", "params", "double"},
    {"grad_bytes", "graph", "grad_bytes", "double"},
    {"compute_time", "graph", "compute_time", "double"},
    {"type", "node", "type", "string"},
    {"name", "node", "name", "string"},
    {"lat", "node", "lat", "double"},
    {"lon", "node", "lon", "double"},
    {"gpus", "node", "gpus", "long"},
    {"power_mw", "node", "power_mw", "double"},
    {"length_km", "edge", "length_km", "double"},
    {"latency_ms", "edge", "latency_ms", "double"},
    {"capacity_gbps", "edge", "capacity_gbps", "double"},
    {"max_capacity_gbps", "edge", "max_capacity_gbps", "double"},
    {"cost_per_gbps", "edge", "cost_per_gbps", "double"},
    {"module_gbps", "edge", "module_gbps", "double"},
    {"module_cost", "edge", "module_cost", "double"},
    {"status", "edge", "status", "string"},
    {"build_cost", "edge", "build_cost", "double"},
    {"srlg", "edge", "srlg", "string"},
};

#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static void data_str(xmlTextWriterPtr w, const char *key, const char *value)
{
    if (value == NULL) {
        return;
    }
    xmlTextWriterStartElement(w, BAD_CAST "data");
    xmlTextWriterWriteAttribute(w, BAD_CAST "key", BAD_CAST key);
    xmlTextWriterWriteString(w, BAD_CAST value);
    xmlTextWriterEndElement(w);
}

static void data_num(xmlTextWriterPtr w, const char *key, double value)
{
    char buf[40];
    if (isfinite(value)) {
        data_str(w, key, fp_xml_num(buf, sizeof(buf), value));
    }
}

static void write_key(xmlTextWriterPtr w, const char *id, const char *domain, const char *type)
{
    xmlTextWriterStartElement(w, BAD_CAST "key");
    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id);
    xmlTextWriterWriteAttribute(w, BAD_CAST "for", BAD_CAST domain);
    xmlTextWriterWriteAttribute(w, BAD_CAST "attr.name", BAD_CAST id);
    xmlTextWriterWriteAttribute(w, BAD_CAST "attr.type", BAD_CAST type);
    xmlTextWriterEndElement(w);
}

/* Whether any of the n values is a number (a key written only when the input had it). */
static bool any_finite(const double *values, igraph_integer_t n)
{
    igraph_integer_t i;
    for (i = 0; values != NULL && i < n; i++) {
        if (isfinite(values[i])) {
            return true;
        }
    }
    return false;
}

static void write_keys(xmlTextWriterPtr w, const struct fp_topo *t, const struct fp_graphml_column *extra,
                       int n_extra)
{
    size_t i;
    int j;
    if (t->optics != NULL) {
        /* under a cost model: the fiber pairs lit and dark (MODEL.md "Optics") */
        write_key(w, "lit_pairs", "edge", "long");
        write_key(w, "dark_pairs", "edge", "long");
    }
    /* the years of MODEL.md "Phases", kept so that the planned network can be planned again */
    if (any_finite(t->online, t->n_nodes)) {
        write_key(w, "online", "node", "double");
    }
    if (any_finite(t->available, t->n_spans)) {
        write_key(w, "available", "edge", "double");
    }
    for (i = 0; i < N_KEYS; i++) {
        xmlTextWriterStartElement(w, BAD_CAST "key");
        xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST keys[i].id);
        xmlTextWriterWriteAttribute(w, BAD_CAST "for", BAD_CAST keys[i].domain);
        xmlTextWriterWriteAttribute(w, BAD_CAST "attr.name", BAD_CAST keys[i].name);
        xmlTextWriterWriteAttribute(w, BAD_CAST "attr.type", BAD_CAST keys[i].type);
        xmlTextWriterEndElement(w);
    }
    for (j = 0; j < n_extra; j++) {
        char id[96];
        snprintf(id, sizeof(id), "x_%s", extra[j].name);
        xmlTextWriterStartElement(w, BAD_CAST "key");
        xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST id);
        xmlTextWriterWriteAttribute(w, BAD_CAST "for",
                                    BAD_CAST(extra[j].domain == FP_DOMAIN_NODE ? "node" : "edge"));
        xmlTextWriterWriteAttribute(w, BAD_CAST "attr.name", BAD_CAST extra[j].name);
        xmlTextWriterWriteAttribute(w, BAD_CAST "attr.type", BAD_CAST "double");
        xmlTextWriterEndElement(w);
    }
}

static void write_extra(xmlTextWriterPtr w, const struct fp_graphml_column *extra, int n_extra,
                        enum fp_domain domain, igraph_integer_t i)
{
    int j;
    for (j = 0; j < n_extra; j++) {
        char id[96];
        if (extra[j].domain != domain) {
            continue;
        }
        snprintf(id, sizeof(id), "x_%s", extra[j].name);
        data_num(w, id, extra[j].values[i]);
    }
}

static void write_node(xmlTextWriterPtr w, const struct fp_topo *t, igraph_integer_t v,
                       const struct fp_graphml_column *extra, int n_extra)
{
    char buf[32];
    xmlTextWriterStartElement(w, BAD_CAST "node");
    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST t->node_id[v]);
    data_str(w, "type", t->node_type[v]);
    data_str(w, "name", t->node_name[v]);
    data_num(w, "lat", t->lat[v]);
    data_num(w, "lon", t->lon[v]);
    if (t->gpus[v] > 0) {
        snprintf(buf, sizeof(buf), "%lld", t->gpus[v]);
        data_str(w, "gpus", buf);
    }
    data_num(w, "power_mw", t->power_mw[v]);
    if (t->online != NULL) {
        data_num(w, "online", t->online[v]);
    }
    write_extra(w, extra, n_extra, FP_DOMAIN_NODE, v);
    xmlTextWriterEndElement(w);
}

/* lit_pairs and dark_pairs of span e carrying cap: the pairs lit before (t's optics; part of
 * one lit counts as one), and as many more as cap needs (a plan's pairs lit; a continuous
 * plan's part of a pair is a pair). */
static void span_pairs(xmlTextWriterPtr w, const struct fp_topo *t, igraph_integer_t e, double cap)
{
    const struct fp_optics *o = t->optics;
    long long lit = (long long)ceil(cap / o->pair_gbps[e] - 1e-9), all = llround(o->lit[e] + o->dark[e]);
    long long before = (long long)ceil(o->lit[e] - 1e-9);
    char buf[32];
    lit = lit > before ? lit : before;
    lit = lit < all ? lit : all;
    snprintf(buf, sizeof(buf), "%lld", lit);
    data_str(w, "lit_pairs", buf);
    snprintf(buf, sizeof(buf), "%lld", all - lit);
    data_str(w, "dark_pairs", buf);
}

static void write_span(xmlTextWriterPtr w, const struct fp_topo *t, igraph_integer_t e,
                       const double *planned_gbps, const struct fp_graphml_column *extra, int n_extra)
{
    bool lit = fp_topo_is_lit(t, e);
    double cap = planned_gbps != NULL ? planned_gbps[e] : (lit ? t->capacity_gbps[e] : 0.0);
    bool built = lit || cap > 0.0;
    xmlTextWriterStartElement(w, BAD_CAST "edge");
    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST t->span_id[e]);
    xmlTextWriterWriteAttribute(w, BAD_CAST "source", BAD_CAST t->node_id[t->span_from[e]]);
    xmlTextWriterWriteAttribute(w, BAD_CAST "target", BAD_CAST t->node_id[t->span_to[e]]);
    data_num(w, "length_km", t->length_km[e]);
    data_num(w, "latency_ms", t->latency_ms[e]);
    data_num(w, "capacity_gbps", cap);
    if (t->optics != NULL && t->optics->mode[e] >= 0 && t->optics->pairs_apply[e]) {
        span_pairs(w, t, e, cap);   /* the ceiling follows from the pairs */
    } else {
        data_num(w, "max_capacity_gbps", t->ceiling_gbps[e]);
    }
    data_num(w, "cost_per_gbps", t->cost_per_gbps[e]);
    data_num(w, "module_gbps", t->module_gbps[e]);
    data_num(w, "module_cost", t->module_cost[e]);
    data_str(w, "status", built ? "lit" : "candidate");
    if (!built) {
        data_num(w, "build_cost", t->build_cost[e]);
        if (t->available != NULL) {
            data_num(w, "available", t->available[e]);   /* a candidate still to build */
        }
    }
    data_str(w, "srlg", t->srlg[e]);
    write_extra(w, extra, n_extra, FP_DOMAIN_EDGE, e);
    xmlTextWriterEndElement(w);
}

char *fp_graphmlout_dumps(const struct fp_topo *topo, const double *planned_gbps,
                          const struct fp_graphml_column *extra, int n_extra)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = fp_xml_memory_writer(&buf);
    igraph_integer_t i;
    char *text = NULL;

    if (w == NULL) {
        return NULL;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartElement(w, BAD_CAST "graphml");
    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST NS);
    write_keys(w, topo, extra, n_extra);
    xmlTextWriterStartElement(w, BAD_CAST "graph");
    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST "G");
    xmlTextWriterWriteAttribute(w, BAD_CAST "edgedefault", BAD_CAST "undirected");
    data_str(w, "graph_name", topo->name);
    data_num(w, "route_factor", topo->route_factor_used);
    data_num(w, "params", topo->params);
    data_num(w, "grad_bytes", topo->grad_bytes);
    data_num(w, "compute_time", topo->compute_time);
    for (i = 0; i < topo->n_nodes; i++) {
        write_node(w, topo, i, extra, n_extra);
    }
    for (i = 0; i < topo->n_spans; i++) {
        write_span(w, topo, i, planned_gbps, extra, n_extra);
    }
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    text = fp_xstrdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return text;
}
