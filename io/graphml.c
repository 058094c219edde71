/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: GraphML topology reader (CONTRACT.md "Topology file (GraphML)"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "core/xalloc.h"
#include "io/readers_internal.h"
#include "io/xml_internal.h"

enum key_for { FOR_NODE, FOR_EDGE, FOR_GRAPH, FOR_ALL, FOR_OTHER };

struct key {
    char *id;           /* <key id=...> */
    char *name;         /* attr.name, else the id */
    enum key_for dom;
    char *deflt;        /* <default> text, or NULL */
    long line;
};

struct rd {
    struct fp_topo *topo;
    struct fp_error *err;
    struct key *keys;
    size_t n_keys;
    bool *present;      /* per key, reset for each element */
};

static const char *dom_plural(enum key_for f)
{
    switch (f) {
    case FOR_NODE:
        return "nodes";
    case FOR_EDGE:
        return "edges";
    case FOR_GRAPH:
        return "the graph";
    case FOR_ALL:
        return "all elements";
    default:
        return "other elements";
    }
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(((const struct key *)a)->id, ((const struct key *)b)->id);
}

static void free_keys(struct rd *rd)
{
    size_t i;
    for (i = 0; i < rd->n_keys; i++) {
        free(rd->keys[i].id);
        free(rd->keys[i].name);
        free(rd->keys[i].deflt);
    }
    free(rd->keys);
    free(rd->present);
}

static int read_keys(struct rd *rd, xmlNode *root)
{
    const char *path = rd->topo->path;
    xmlNode *c;
    size_t n = 0, i;

    for (c = root->children; c != NULL; c = c->next) {
        n += fp_xml_is(c, "key");
    }
    rd->keys = fp_xcalloc(n + 1, sizeof(struct key));
    rd->present = fp_xcalloc(n + 1, sizeof(bool));
    for (c = root->children; c != NULL; c = c->next) {
        struct key *k;
        char *id, *name, *dom;
        xmlNode *d;
        if (!fp_xml_is(c, "key")) {
            continue;
        }
        id = fp_xml_attr(c, "id");
        if (id == NULL || id[0] == '\0') {
            xmlFree(id);
            return fp_error_set(rd->err, FP_EDATA, path, xmlGetLineNo(c), "<key> without an id");
        }
        k = &rd->keys[rd->n_keys++];
        k->id = fp_xstrdup(id);
        k->line = xmlGetLineNo(c);
        xmlFree(id);
        name = fp_xml_attr(c, "attr.name");
        k->name = fp_xstrdup(name != NULL ? name : k->id);
        xmlFree(name);
        dom = fp_xml_attr(c, "for");
        if (dom == NULL || strcmp(dom, "all") == 0) {
            k->dom = FOR_ALL;
        } else if (strcmp(dom, "node") == 0) {
            k->dom = FOR_NODE;
        } else if (strcmp(dom, "edge") == 0) {
            k->dom = FOR_EDGE;
        } else if (strcmp(dom, "graph") == 0) {
            k->dom = FOR_GRAPH;
        } else {
            k->dom = FOR_OTHER;
        }
        xmlFree(dom);
        d = fp_xml_child(c, "default");
        if (d != NULL) {
            char *t = fp_xml_text(d);
            k->deflt = fp_xstrdup(t);
            xmlFree(t);
        }
    }
    qsort(rd->keys, rd->n_keys, sizeof(struct key), cmp_key);
    for (i = 1; i < rd->n_keys; i++) {
        if (strcmp(rd->keys[i - 1].id, rd->keys[i].id) == 0) {
            struct key *a = &rd->keys[i - 1], *b = &rd->keys[i];
            return fp_error_set(rd->err, FP_EDATA, path, a->line > b->line ? a->line : b->line,
                                "duplicate key id '%s'", a->id);
        }
    }
    return FP_OK;
}

static struct key *find_key(struct rd *rd, const char *id)
{
    struct key probe;
    probe.id = (char *)id;
    return bsearch(&probe, rd->keys, rd->n_keys, sizeof(struct key), cmp_key);
}

/* Applies the <data> children of elem (then the defaults of keys it lacks)
 * to node/span/graph `index` of domain. */
static int read_data(struct rd *rd, xmlNode *elem, enum key_for dom, enum fp_domain fdom,
                     igraph_integer_t index)
{
    xmlNode *c;
    size_t i;
    int rc = FP_OK;

    memset(rd->present, 0, rd->n_keys * sizeof(bool));
    for (c = elem->children; c != NULL && rc == FP_OK; c = c->next) {
        char *keyid, *text;
        struct key *k;
        if (!fp_xml_is(c, "data")) {
            continue;
        }
        keyid = fp_xml_attr(c, "key");
        if (keyid == NULL) {
            rc = fp_error_set(rd->err, FP_EDATA, rd->topo->path, xmlGetLineNo(c),
                              "<data> without a key");
            break;
        }
        k = find_key(rd, keyid);
        if (k == NULL) {
            rc = fp_error_set(rd->err, FP_EDATA, rd->topo->path, xmlGetLineNo(c),
                              "data key '%s' is not declared by a <key>", keyid);
            xmlFree(keyid);
            break;
        }
        xmlFree(keyid);
        if (k->dom != dom && k->dom != FOR_ALL) {
            rc = fp_error_set(rd->err, FP_EDATA, rd->topo->path, xmlGetLineNo(c),
                              "data key '%s' is declared for %s, used on %s", k->id,
                              dom_plural(k->dom), dom_plural(dom));
            break;
        }
        rd->present[k - rd->keys] = true;
        text = fp_xml_text(c);
        rc = fp_topo_set_attr(rd->topo, fdom, index, k->name, text, xmlGetLineNo(c), rd->err);
        xmlFree(text);
    }
    for (i = 0; i < rd->n_keys && rc == FP_OK; i++) {
        struct key *k = &rd->keys[i];
        if (!rd->present[i] && k->deflt != NULL && (k->dom == dom || k->dom == FOR_ALL)) {
            rc = fp_topo_set_attr(rd->topo, fdom, index, k->name, k->deflt, k->line, rd->err);
        }
    }
    return rc;
}

int fp_graphml_read(xmlDoc *doc, struct fp_topo *topo, struct fp_error *err)
{
    xmlNode *root = xmlDocGetRootElement(doc), *graph, *c;
    struct rd rd;
    igraph_integer_t n_nodes = 0, n_edges = 0, edge_index = 0, loops = 0, hyper = 0;
    igraph_integer_t v;
    char *attr;
    int rc = FP_OK;

    memset(&rd, 0, sizeof(rd));
    rd.topo = topo;
    rd.err = err;
    topo->format = FP_FORMAT_GRAPHML;
    rc = read_keys(&rd, root);
    if (rc != FP_OK) {
        goto out;
    }
    graph = fp_xml_child(root, "graph");
    if (graph == NULL) {
        rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(root),
                          "<graphml> has no <graph> element");
        goto out;
    }
    attr = fp_xml_attr(graph, "id");
    if (attr != NULL && attr[0] != '\0') {
        topo->name = fp_xstrdup(attr);
    }
    xmlFree(attr);
    for (c = graph->children; c != NULL; c = c->next) {
        n_nodes += fp_xml_is(c, "node");
        n_edges += fp_xml_is(c, "edge");
        hyper += fp_xml_is(c, "hyperedge");
    }
    fp_topo_reserve(topo, n_nodes, n_edges);

    rc = read_data(&rd, graph, FOR_GRAPH, FP_DOMAIN_GRAPH, 0);
    for (c = graph->children; c != NULL && rc == FP_OK; c = c->next) {
        char *id;
        if (!fp_xml_is(c, "node")) {
            continue;
        }
        if (fp_xml_child(c, "graph") != NULL) {
            rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(c),
                              "nested graphs are not supported");
            break;
        }
        id = fp_xml_attr(c, "id");
        if (id == NULL) {
            rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(c), "<node> without an id");
            break;
        }
        fp_topo_add_node(topo, id, xmlGetLineNo(c));
        xmlFree(id);
    }
    if (rc == FP_OK) {
        rc = fp_topo_index_nodes(topo, err);
    }
    for (c = graph->children, v = 0; c != NULL && rc == FP_OK; c = c->next) {
        if (fp_xml_is(c, "node")) {
            rc = read_data(&rd, c, FOR_NODE, FP_DOMAIN_NODE, v++);
        }
    }
    for (c = graph->children; c != NULL && rc == FP_OK; c = c->next) {
        char *src, *dst, *id, gen[32], *span_id;
        igraph_integer_t a, b, e;
        long line = xmlGetLineNo(c);
        if (!fp_xml_is(c, "edge")) {
            continue;
        }
        snprintf(gen, sizeof(gen), "e%ld", (long)edge_index++);
        id = fp_xml_attr(c, "id");
        span_id = id != NULL && id[0] != '\0' ? id : gen;
        src = fp_xml_attr(c, "source");
        dst = fp_xml_attr(c, "target");
        if (src == NULL || dst == NULL) {
            rc = fp_error_set(err, FP_EDATA, topo->path, line, "edge '%s' has no %s", span_id,
                              src == NULL ? "source" : "target");
        } else if ((a = fp_topo_find_node(topo, src)) < 0) {
            rc = fp_error_set(err, FP_EDATA, topo->path, line,
                              "edge '%s': source '%s' is not a node", span_id, src);
        } else if ((b = fp_topo_find_node(topo, dst)) < 0) {
            rc = fp_error_set(err, FP_EDATA, topo->path, line,
                              "edge '%s': target '%s' is not a node", span_id, dst);
        } else if (a == b) {
            if (loops++ == 0) {
                fp_topo_warn(topo, "self-loop '%s' at line %ld dropped", span_id, line);
            }
        } else {
            e = fp_topo_add_span(topo, span_id, a, b, line);
            rc = read_data(&rd, c, FOR_EDGE, FP_DOMAIN_EDGE, e);
        }
        xmlFree(id);
        xmlFree(src);
        xmlFree(dst);
    }
    if (rc == FP_OK && loops > 1) {
        fp_topo_warn(topo, "%ld more self-loops dropped", (long)(loops - 1));
    }
    if (rc == FP_OK && hyper > 0) {
        fp_topo_warn(topo, "%ld <hyperedge> elements ignored", (long)hyper);
    }
    if (rc == FP_OK) {
        rc = fp_topo_index_spans(topo, err);
    }
out:
    free_keys(&rd);
    return rc;
}
