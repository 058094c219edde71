/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: GraphML topology reader (CONTRACT.md "Topology file (GraphML)"). */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>

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

#define NONE ((size_t)-1)

/* A <data> child: its key attribute and text (offsets into the arena), its line. */
struct datum {
    size_t key;
    size_t text;
    long line;
};

/* A <node>, <edge> or <hyperedge> child of the graph. */
struct elem {
    enum { EL_NODE, EL_EDGE, EL_HYPER } kind;
    long line;
    size_t id, src, dst;        /* arena offsets or NONE */
    bool nested;                /* a <node> holding a <graph> */
    size_t data0, n_data;       /* its <data> in rd.data */
};

/* What the streaming parse keeps: the file's elements in order, strings in one arena. The
 * checks then run over it in the same order as over a tree, so errors do not depend on the
 * order of elements in the file, and well-formedness errors come first. */
struct rd {
    struct fp_topo *topo;
    struct fp_error *err;
    struct key *keys;
    size_t n_keys, cap_keys;
    bool *present;              /* per key, reset for each element */
    char *arena;
    size_t arena_len, arena_cap;
    struct elem *elems;
    size_t n_elems, cap_elems;
    struct datum *data;         /* of the elements, each element's a contiguous range */
    size_t n_data, cap_data;
    struct datum *gdata;        /* of the graph */
    size_t n_gdata, cap_gdata;
    char *graph_id;
    long root_line;
    bool is_graphml;
    int graph_state;            /* 0 before the first <graph>, 1 inside it, 2 after */
    bool in_elem;               /* a node/edge at depth 3 is open */
    int text_depth;             /* a <data> or <default> at this depth collects text, or 0 */
    bool in_key;                /* keys[n_keys - 1] is open */
    bool key_has_default;
    size_t default_at;          /* its open <default>'s text, or NONE */
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

static void rd_release(struct rd *rd)
{
    size_t i;
    for (i = 0; i < rd->n_keys; i++) {
        free(rd->keys[i].id);
        free(rd->keys[i].name);
        free(rd->keys[i].deflt);
    }
    free(rd->keys);
    free(rd->present);
    free(rd->arena);
    free(rd->elems);
    free(rd->data);
    free(rd->gdata);
    free(rd->graph_id);
}

/* ---- recording (streaming callbacks) ---- */

static size_t arena_put(struct rd *rd, const char *s, size_t len)
{
    size_t at = rd->arena_len;
    if (rd->arena_len + len + 1 > rd->arena_cap) {
        rd->arena_cap = (rd->arena_len + len + 1) * 2;
        rd->arena = fp_xrealloc(rd->arena, rd->arena_cap, 1);
    }
    memcpy(rd->arena + rd->arena_len, s, len);
    rd->arena_len += len;
    rd->arena[rd->arena_len] = '\0';
    return at;
}

/* An attribute into the arena, or NONE when absent. */
static size_t arena_attr(struct rd *rd, const struct fp_xml_attrs *attrs, const char *name)
{
    char *v = fp_xml_sax_attr(attrs, name);
    size_t at = NONE;
    if (v != NULL) {
        at = arena_put(rd, v, strlen(v));
        rd->arena_len++;                        /* keep the terminator */
        free(v);
    }
    return at;
}

#define GROW(ptr, n, cap)                                                                          \
    do {                                                                                           \
        if ((n) == (cap)) {                                                                        \
            (cap) = (cap) != 0 ? 2 * (cap) : 64;                                                   \
            (ptr) = fp_xrealloc((ptr), (cap), sizeof(*(ptr)));                                     \
        }                                                                                          \
    } while (0)

/* Text of the element at depth goes to the arena from here until it ends. */
static void open_text(struct rd *rd, int depth, size_t *at)
{
    *at = arena_put(rd, "", 0);
    rd->text_depth = depth;
}

static void record_key(struct rd *rd, const struct fp_xml_attrs *attrs, long line)
{
    struct key *k;
    char *dom;

    GROW(rd->keys, rd->n_keys, rd->cap_keys);
    k = &rd->keys[rd->n_keys++];
    memset(k, 0, sizeof(*k));
    k->line = line;
    k->id = fp_xml_sax_attr(attrs, "id");
    k->name = fp_xml_sax_attr(attrs, "attr.name");
    dom = fp_xml_sax_attr(attrs, "for");
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
    free(dom);
}

static void record_data(struct rd *rd, struct datum **arr, size_t *n, size_t *cap,
                        const struct fp_xml_attrs *attrs, int depth, long line)
{
    struct datum *d;
    GROW(*arr, *n, *cap);
    d = &(*arr)[(*n)++];
    d->line = line;
    d->key = arena_attr(rd, attrs, "key");
    open_text(rd, depth, &d->text);
}

static int on_start(void *user, int depth, const char *name, const struct fp_xml_attrs *attrs,
                    long line)
{
    struct rd *rd = user;

    if (depth == 1) {
        rd->root_line = line;
        rd->is_graphml = strcmp(name, "graphml") == 0;
        return rd->is_graphml ? 0 : 1;          /* anything else: the tree readers */
    }
    if (depth == 2) {
        if (strcmp(name, "key") == 0) {
            record_key(rd, attrs, line);
            rd->in_key = true;
            rd->key_has_default = false;
        } else if (strcmp(name, "graph") == 0 && rd->graph_state == 0) {
            rd->graph_state = 1;
            rd->graph_id = fp_xml_sax_attr(attrs, "id");
        }
    } else if (depth == 3 && rd->graph_state == 1) {
        struct elem *e;
        bool node = strcmp(name, "node") == 0, edge = strcmp(name, "edge") == 0;
        if (strcmp(name, "data") == 0) {
            record_data(rd, &rd->gdata, &rd->n_gdata, &rd->cap_gdata, attrs, depth, line);
        } else if (node || edge || strcmp(name, "hyperedge") == 0) {
            GROW(rd->elems, rd->n_elems, rd->cap_elems);
            e = &rd->elems[rd->n_elems++];
            memset(e, 0, sizeof(*e));
            e->kind = node ? EL_NODE : edge ? EL_EDGE : EL_HYPER;
            e->line = line;
            e->id = arena_attr(rd, attrs, "id");
            e->src = edge ? arena_attr(rd, attrs, "source") : NONE;
            e->dst = edge ? arena_attr(rd, attrs, "target") : NONE;
            e->data0 = rd->n_data;
            rd->in_elem = e->kind != EL_HYPER;
        }
    } else if (depth == 3 && rd->in_key && !rd->key_has_default && strcmp(name, "default") == 0) {
        open_text(rd, depth, &rd->default_at);     /* the first <default> of the open <key> */
        rd->key_has_default = true;
    } else if (depth == 4 && rd->in_elem) {
        struct elem *e = &rd->elems[rd->n_elems - 1];
        if (strcmp(name, "data") == 0) {
            record_data(rd, &rd->data, &rd->n_data, &rd->cap_data, attrs, depth, line);
            e->n_data++;
        } else if (strcmp(name, "graph") == 0 && e->kind == EL_NODE) {
            e->nested = true;
        }
    }
    return 0;
}

static void on_end(void *user, int depth)
{
    struct rd *rd = user;

    if (rd->text_depth == depth) {
        if (rd->default_at != NONE) {
            struct key *k = &rd->keys[rd->n_keys - 1];
            k->deflt = fp_xstrdup(rd->arena + rd->default_at);
            rd->arena_len = rd->default_at;
            rd->default_at = NONE;
        } else {
            rd->arena_len++;                    /* a <data>: keep its terminator */
        }
        rd->text_depth = 0;
    }
    if (depth == 2) {
        rd->in_key = false;
        if (rd->graph_state == 1) {
            rd->graph_state = 2;
        }
    } else if (depth == 3) {
        rd->in_elem = false;
    }
}

static void on_text(void *user, int depth, const char *text, size_t len)
{
    struct rd *rd = user;
    (void)depth;
    if (rd->text_depth != 0) {
        arena_put(rd, text, len);
    }
}

/* ---- checks and loading, over the recorded elements ---- */

static const char *str(const struct rd *rd, size_t at)
{
    return at == NONE ? NULL : rd->arena + at;
}

static int read_keys(struct rd *rd)
{
    const char *path = rd->topo->path;
    size_t i;

    rd->present = fp_xcalloc(rd->n_keys + 1, sizeof(bool));
    for (i = 0; i < rd->n_keys; i++) {
        struct key *k = &rd->keys[i];
        if (k->id == NULL || k->id[0] == '\0') {
            return fp_error_set(rd->err, FP_EDATA, path, k->line, "<key> without an id");
        }
        if (k->name == NULL) {
            k->name = fp_xstrdup(k->id);
        }
    }
    if (rd->n_keys > 1) {
        qsort(rd->keys, rd->n_keys, sizeof(struct key), cmp_key);
    }
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
    if (rd->n_keys == 0) {
        return NULL;
    }
    return bsearch(&probe, rd->keys, rd->n_keys, sizeof(struct key), cmp_key);
}

/* Applies an element's <data> (then the defaults of keys it lacks) to node/span/graph index. */
static int read_data(struct rd *rd, const struct datum *data, size_t n, enum key_for dom,
                     enum fp_domain fdom, igraph_integer_t index)
{
    size_t i;
    int rc = FP_OK;

    memset(rd->present, 0, rd->n_keys * sizeof(bool));
    for (i = 0; i < n && rc == FP_OK; i++) {
        const struct datum *d = &data[i];
        struct key *k;
        if (d->key == NONE) {
            return fp_error_set(rd->err, FP_EDATA, rd->topo->path, d->line,
                                "<data> without a key");
        }
        k = find_key(rd, str(rd, d->key));
        if (k == NULL) {
            return fp_error_set(rd->err, FP_EDATA, rd->topo->path, d->line,
                                "data key '%s' is not declared by a <key>", str(rd, d->key));
        }
        if (k->dom != dom && k->dom != FOR_ALL) {
            return fp_error_set(rd->err, FP_EDATA, rd->topo->path, d->line,
                                "data key '%s' is declared for %s, used on %s", k->id,
                                dom_plural(k->dom), dom_plural(dom));
        }
        rd->present[k - rd->keys] = true;
        rc = fp_topo_set_attr(rd->topo, fdom, index, k->name, str(rd, d->text), d->line, rd->err);
    }
    for (i = 0; i < rd->n_keys && rc == FP_OK; i++) {
        struct key *k = &rd->keys[i];
        if (!rd->present[i] && k->deflt != NULL && (k->dom == dom || k->dom == FOR_ALL)) {
            rc = fp_topo_set_attr(rd->topo, fdom, index, k->name, k->deflt, k->line, rd->err);
        }
    }
    return rc;
}

/* An element's <data> records (NULL when the file has none at all). */
static const struct datum *elem_data(const struct rd *rd, const struct elem *e)
{
    return e->n_data > 0 ? rd->data + e->data0 : NULL;
}

/* The vertex of node id, or -1 (the hash table when there is one, else the sorted index). */
static igraph_integer_t node_of(xmlHashTablePtr ids, const struct fp_topo *topo, const char *id)
{
    if (ids == NULL) {
        return fp_topo_find_node(topo, id);
    }
    return (igraph_integer_t)(intptr_t)xmlHashLookup(ids, (const xmlChar *)id) - 1;
}

static int load(struct rd *rd)
{
    struct fp_topo *topo = rd->topo;
    struct fp_error *err = rd->err;
    igraph_integer_t n_nodes = 0, n_edges = 0, edge_index = 0, loops = 0, hyper = 0, v;
    xmlHashTablePtr ids = NULL;
    size_t i;
    int rc;

    topo->format = FP_FORMAT_GRAPHML;
    rc = read_keys(rd);
    if (rc != FP_OK) {
        return rc;
    }
    if (rd->graph_state == 0) {
        return fp_error_set(err, FP_EDATA, topo->path, rd->root_line,
                            "<graphml> has no <graph> element");
    }
    if (rd->graph_id != NULL && rd->graph_id[0] != '\0') {
        topo->name = fp_xstrdup(rd->graph_id);
    }
    for (i = 0; i < rd->n_elems; i++) {
        n_nodes += rd->elems[i].kind == EL_NODE;
        n_edges += rd->elems[i].kind == EL_EDGE;
        hyper += rd->elems[i].kind == EL_HYPER;
    }
    fp_topo_reserve(topo, n_nodes, n_edges);

    rc = read_data(rd, rd->gdata, rd->n_gdata, FOR_GRAPH, FP_DOMAIN_GRAPH, 0);
    for (i = 0; i < rd->n_elems && rc == FP_OK; i++) {
        const struct elem *e = &rd->elems[i];
        if (e->kind != EL_NODE) {
            continue;
        }
        if (e->nested) {
            return fp_error_set(err, FP_EDATA, topo->path, e->line,
                                "nested graphs are not supported");
        }
        if (e->id == NONE) {
            return fp_error_set(err, FP_EDATA, topo->path, e->line, "<node> without an id");
        }
        fp_topo_add_node(topo, str(rd, e->id), e->line);
    }
    if (rc == FP_OK) {
        rc = fp_topo_index_nodes(topo, err);
    }
    /* node ids to vertices for the edges' ends: libxml2's hash table (one lookup per end,
     * instead of a binary search of strcmp over every node id) */
    ids = xmlHashCreate((int)(n_nodes < INT_MAX ? n_nodes : INT_MAX));
    for (v = 0; v < topo->n_nodes && rc == FP_OK && ids != NULL; v++) {
        void *vertex = (void *)(intptr_t)(v + 1);
        if (xmlHashAddEntry(ids, (const xmlChar *)topo->node_id[v], vertex) != 0) {
            xmlHashFree(ids, NULL);   /* out of memory: the sorted index instead */
            ids = NULL;
        }
    }
    for (i = 0, v = 0; i < rd->n_elems && rc == FP_OK; i++) {
        const struct elem *e = &rd->elems[i];
        if (e->kind == EL_NODE) {
            rc = read_data(rd, elem_data(rd, e), e->n_data, FOR_NODE, FP_DOMAIN_NODE, v++);
        }
    }
    for (i = 0; i < rd->n_elems && rc == FP_OK; i++) {
        const struct elem *e = &rd->elems[i];
        const char *src = str(rd, e->src), *dst = str(rd, e->dst), *span_id;
        char gen[32];
        igraph_integer_t a, b, s;
        if (e->kind != EL_EDGE) {
            continue;
        }
        snprintf(gen, sizeof(gen), "e%ld", (long)edge_index++);
        span_id = e->id != NONE && str(rd, e->id)[0] != '\0' ? str(rd, e->id) : gen;
        if (src == NULL || dst == NULL) {
            rc = fp_error_set(err, FP_EDATA, topo->path, e->line, "edge '%s' has no %s", span_id,
                              src == NULL ? "source" : "target");
        } else if ((a = node_of(ids, topo, src)) < 0) {
            rc = fp_error_set(err, FP_EDATA, topo->path, e->line,
                              "edge '%s': source '%s' is not a node", span_id, src);
        } else if ((b = node_of(ids, topo, dst)) < 0) {
            rc = fp_error_set(err, FP_EDATA, topo->path, e->line,
                              "edge '%s': target '%s' is not a node", span_id, dst);
        } else if (a == b) {
            if (loops++ == 0) {
                fp_topo_warn(topo, "self-loop '%s' at line %ld dropped", span_id, e->line);
            }
        } else {
            s = fp_topo_add_span(topo, span_id, a, b, e->line);
            rc = read_data(rd, elem_data(rd, e), e->n_data, FOR_EDGE, FP_DOMAIN_EDGE, s);
        }
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
    xmlHashFree(ids, NULL);
    return rc;
}

int fp_graphml_read(const struct fp_input *in, struct fp_topo *topo, bool *not_graphml,
                    struct fp_error *err)
{
    struct fp_xml_sax sax = {on_start, on_end, on_text, NULL};
    struct rd rd;
    bool stopped = false;
    int rc;

    memset(&rd, 0, sizeof(rd));
    rd.topo = topo;
    rd.err = err;
    rd.default_at = NONE;
    sax.user = &rd;
    *not_graphml = false;
    rc = fp_xml_sax_parse(in, &sax, &stopped, err);
    if (rc == FP_OK && stopped) {
        *not_graphml = true;
    } else if (rc == FP_OK) {
        rc = load(&rd);
    }
    rd_release(&rd);
    return rc;
}
