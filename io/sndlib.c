/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: SNDlib network readers, XML and native text (sndlib.zib.de formats). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "core/parse.h"
#include "core/xalloc.h"
#include "io/readers_internal.h"
#include "io/xml_internal.h"

#define SNDLIB_NS "http://sndlib.zib.de/network"

/* SNDlib capacities and demands are in <meta><unit>; Mbit/s when absent. */
static double unit_to_gbps(const char *unit, bool *known)
{
    *known = true;
    if (unit == NULL) {
        *known = false;
        return 1e-3;
    } else if (strcmp(unit, "BITSPERSEC") == 0 || strcmp(unit, "BITPERSEC") == 0) {
        return 1e-9;
    } else if (strcmp(unit, "KBITPERSEC") == 0) {
        return 1e-6;
    } else if (strcmp(unit, "MBITPERSEC") == 0) {
        return 1e-3;
    } else if (strcmp(unit, "GBITPERSEC") == 0) {
        return 1.0;
    }
    *known = false;
    return 1e-3;
}

/* Module choice: the smallest module becomes module_gbps/module_cost (the
 * finest step for --modular); the cheapest cost per Gbit/s of any module
 * becomes cost_per_gbps (the continuous relaxation). */
struct modules {
    double min_gbps, min_cost, best_rate;
    int n;
};

static void module_add(struct modules *m, double gbps, double cost)
{
    if (gbps <= 0.0) {
        return;
    }
    if (m->n == 0 || gbps < m->min_gbps) {
        m->min_gbps = gbps;
        m->min_cost = cost;
    }
    if (m->n == 0 || cost / gbps < m->best_rate) {
        m->best_rate = cost / gbps;
    }
    m->n++;
}

/* Sets a numeric span attribute through the validating setter. */
static int set_num(struct fp_topo *topo, igraph_integer_t e, const char *name, double value,
                   long line, struct fp_error *err)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%.17g", value);
    return fp_topo_set_attr(topo, FP_DOMAIN_EDGE, e, name, buf, line, err);
}

static int apply_modules(struct fp_topo *topo, igraph_integer_t e, const struct modules *m,
                         long line, struct fp_error *err)
{
    int rc = FP_OK;
    if (m->n > 0) {
        rc = set_num(topo, e, "module_gbps", m->min_gbps, line, err);
        if (rc == FP_OK) {
            rc = set_num(topo, e, "module_cost", m->min_cost, line, err);
        }
        if (rc == FP_OK) {
            rc = set_num(topo, e, "cost_per_gbps", m->best_rate, line, err);
        }
    }
    return rc;
}

static int add_demand(struct fp_topo *topo, const char *id, igraph_integer_t a, igraph_integer_t b,
                      double gbps, long line)
{
    struct fp_demand *d;
    topo->demands = fp_xrealloc(topo->demands, (size_t)topo->n_demands + 1, sizeof(*d));
    d = &topo->demands[topo->n_demands++];
    d->id = fp_xstrdup(id);
    d->src = a;
    d->dst = b;
    d->gbps = gbps;
    d->line = line;
    return FP_OK;
}

/* ---- XML ---- */

static int child_number(struct fp_topo *topo, xmlNode *parent, const char *name, double *out,
                        bool *found, struct fp_error *err)
{
    xmlNode *c = fp_xml_child(parent, name);
    char *t;
    int rc = FP_OK;
    *found = c != NULL;
    if (c == NULL) {
        return FP_OK;
    }
    t = fp_xml_text(c);
    if (fp_parse_double(t, out) != 0) {
        char *shown = fp_parse_trim(t);
        rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(c),
                          "<%s> must be a number, got '%s'", name, shown);
        free(shown);
    }
    xmlFree(t);
    return rc;
}

static int child_node(struct fp_topo *topo, xmlNode *parent, const char *what, const char *owner,
                      igraph_integer_t *out, struct fp_error *err)
{
    xmlNode *c = fp_xml_child(parent, what);
    char *t, *id;
    int rc = FP_OK;
    if (c == NULL) {
        return fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(parent), "%s has no <%s>",
                            owner, what);
    }
    t = fp_xml_text(c);
    id = fp_parse_trim(t);
    *out = fp_topo_find_node(topo, id);
    if (*out < 0) {
        rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(c), "%s: %s '%s' is not a node",
                          owner, what, id);
    }
    free(id);
    xmlFree(t);
    return rc;
}

static int read_nodes_xml(struct fp_topo *topo, xmlNode *nodes, struct fp_error *err)
{
    char *ctype = fp_xml_attr(nodes, "coordinatesType");
    bool geo = ctype == NULL || strcmp(ctype, "geographical") == 0;
    xmlNode *c;
    int rc = FP_OK;

    xmlFree(ctype);
    for (c = nodes->children; c != NULL && rc == FP_OK; c = c->next) {
        char *id;
        if (fp_xml_is(c, "node")) {
            id = fp_xml_attr(c, "id");
            if (id == NULL) {
                rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(c),
                                  "<node> without an id");
                break;
            }
            fp_topo_add_node(topo, id, xmlGetLineNo(c));
            xmlFree(id);
        }
    }
    if (rc == FP_OK) {
        rc = fp_topo_index_nodes(topo, err);
    }
    if (rc == FP_OK && !geo) {
        fp_topo_warn(topo, "node coordinates are pixels, not latitude/longitude");
    }
    for (c = nodes->children; c != NULL && rc == FP_OK; c = c->next) {
        xmlNode *coord, *cx, *cy;
        igraph_integer_t v;
        char *id;
        if (!fp_xml_is(c, "node")) {
            continue;
        }
        id = fp_xml_attr(c, "id");
        v = fp_topo_find_node(topo, id);
        xmlFree(id);
        coord = fp_xml_child(c, "coordinates");
        if (coord == NULL) {
            continue;
        }
        cx = fp_xml_child(coord, "x");
        cy = fp_xml_child(coord, "y");
        if (cx != NULL && cy != NULL) {
            char *tx = fp_xml_text(cx), *ty = fp_xml_text(cy);
            if (geo) {
                rc = fp_topo_set_attr(topo, FP_DOMAIN_NODE, v, "lon", tx, xmlGetLineNo(cx), err);
                if (rc == FP_OK) {
                    rc = fp_topo_set_attr(topo, FP_DOMAIN_NODE, v, "lat", ty, xmlGetLineNo(cy), err);
                }
            }
            if (rc == FP_OK && (fp_parse_double(tx, &topo->x[v]) != 0 ||
                                fp_parse_double(ty, &topo->y[v]) != 0)) {
                rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(cx),
                                  "node '%s': coordinates must be numbers", topo->node_id[v]);
            }
            xmlFree(tx);
            xmlFree(ty);
        }
    }
    return rc;
}

static int read_link_xml(struct fp_topo *topo, xmlNode *link, double scale, struct fp_error *err)
{
    char *id = fp_xml_attr(link, "id"), owner[300];
    igraph_integer_t a, b, e;
    long line = xmlGetLineNo(link);
    xmlNode *pre, *add, *m;
    struct modules mods;
    double value;
    bool found;
    int rc;

    if (id == NULL) {
        return fp_error_set(err, FP_EDATA, topo->path, line, "<link> without an id");
    }
    snprintf(owner, sizeof(owner), "link '%s'", id);
    rc = child_node(topo, link, "source", owner, &a, err);
    if (rc == FP_OK) {
        rc = child_node(topo, link, "target", owner, &b, err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    if (a == b) {
        fp_topo_warn(topo, "self-loop '%s' at line %ld dropped", id, line);
        goto out;
    }
    e = fp_topo_add_span(topo, id, a, b, line);
    pre = fp_xml_child(link, "preInstalledModule");
    if (pre != NULL) {
        rc = child_number(topo, pre, "capacity", &value, &found, err);
        if (rc == FP_OK && found) {
            rc = set_num(topo, e, "capacity_gbps", value * scale, xmlGetLineNo(pre), err);
        }
    }
    if (rc == FP_OK) {
        rc = child_number(topo, link, "setupCost", &value, &found, err);
        if (rc == FP_OK && found && value > 0.0) {
            rc = set_num(topo, e, "build_cost", value, line, err);
        }
    }
    memset(&mods, 0, sizeof(mods));
    add = fp_xml_child(link, "additionalModules");
    for (m = add != NULL ? add->children : NULL; m != NULL && rc == FP_OK; m = m->next) {
        double cap, cost;
        bool fc, fk;
        if (!fp_xml_is(m, "addModule")) {
            continue;
        }
        rc = child_number(topo, m, "capacity", &cap, &fc, err);
        if (rc == FP_OK) {
            rc = child_number(topo, m, "cost", &cost, &fk, err);
        }
        if (rc == FP_OK && fc && fk) {
            if (cap < 0.0 || cost < 0.0) {
                rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(m),
                                  "link '%s': module capacity and cost must be >= 0", id);
            } else {
                module_add(&mods, cap * scale, cost);
            }
        }
    }
    if (rc == FP_OK) {
        rc = apply_modules(topo, e, &mods, line, err);
    }
out:
    xmlFree(id);
    return rc;
}

static int read_demands_xml(struct fp_topo *topo, xmlNode *demands, double scale,
                            struct fp_error *err)
{
    xmlNode *d;
    int rc = FP_OK;
    for (d = demands->children; d != NULL && rc == FP_OK; d = d->next) {
        char *id, owner[300];
        igraph_integer_t a, b;
        double value;
        bool found;
        if (!fp_xml_is(d, "demand")) {
            continue;
        }
        id = fp_xml_attr(d, "id");
        snprintf(owner, sizeof(owner), "demand '%s'", id != NULL ? id : "");
        rc = child_node(topo, d, "source", owner, &a, err);
        if (rc == FP_OK) {
            rc = child_node(topo, d, "target", owner, &b, err);
        }
        if (rc == FP_OK) {
            rc = child_number(topo, d, "demandValue", &value, &found, err);
        }
        if (rc == FP_OK && (!found || value < 0.0)) {
            rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(d),
                              "%s: demandValue must be a number >= 0", owner);
        }
        if (rc == FP_OK && value > 0.0 && a != b) {
            add_demand(topo, id != NULL ? id : "", a, b, value * scale, xmlGetLineNo(d));
        }
        xmlFree(id);
    }
    return rc;
}

int fp_sndlib_read_xml(xmlDoc *doc, struct fp_topo *topo, struct fp_error *err)
{
    xmlNode *root = xmlDocGetRootElement(doc), *meta, *unit, *ns, *nodes, *links, *demands, *c;
    igraph_integer_t n_nodes = 0, n_links = 0;
    double scale;
    bool known;
    char *utext = NULL, *u = NULL;
    int rc = FP_OK;

    topo->format = FP_FORMAT_SNDLIB_XML;
    meta = fp_xml_child(root, "meta");
    unit = meta != NULL ? fp_xml_child(meta, "unit") : NULL;
    if (unit != NULL) {
        utext = fp_xml_text(unit);
        u = fp_parse_trim(utext);
    }
    scale = unit_to_gbps(u, &known);
    if (!known) {
        fp_topo_warn(topo, "capacities and demands read as Mbit/s (<unit> %s%s%s)",
                     u != NULL ? "'" : "", u != NULL ? u : "absent", u != NULL ? "' unknown" : "");
    }
    ns = fp_xml_child(root, "networkStructure");
    nodes = ns != NULL ? fp_xml_child(ns, "nodes") : NULL;
    links = ns != NULL ? fp_xml_child(ns, "links") : NULL;
    if (nodes == NULL) {
        rc = fp_error_set(err, FP_EDATA, topo->path, xmlGetLineNo(ns != NULL ? ns : root),
                          "SNDlib network has no <networkStructure><nodes>");
        goto out;
    }
    for (c = nodes->children; c != NULL; c = c->next) {
        n_nodes += fp_xml_is(c, "node");
    }
    for (c = links != NULL ? links->children : NULL; c != NULL; c = c->next) {
        n_links += fp_xml_is(c, "link");
    }
    fp_topo_reserve(topo, n_nodes, n_links);
    rc = read_nodes_xml(topo, nodes, err);
    for (c = links != NULL ? links->children : NULL; c != NULL && rc == FP_OK; c = c->next) {
        if (fp_xml_is(c, "link")) {
            rc = read_link_xml(topo, c, scale, err);
        }
    }
    demands = fp_xml_child(root, "demands");
    if (rc == FP_OK && demands != NULL) {
        rc = read_demands_xml(topo, demands, scale, err);
    }
    if (rc == FP_OK) {
        rc = fp_topo_index_spans(topo, err);
    }
out:
    free(u);
    xmlFree(utext);
    return rc;
}

/* ---- native text format ---- */

struct lexer {
    const struct fp_input *in;
    size_t pos;
    long line;
    char tok[256];
    long tok_line;
};

/* Next token: "(", ")" or a run of other non-space characters; "" at end.
 * '#' starts a comment to the end of the line; '?' lines are headers. */
static const char *lex(struct lexer *lx)
{
    const char *s = lx->in->data;
    size_t n = lx->in->size, len = 0;
    for (;;) {
        while (lx->pos < n && (s[lx->pos] == ' ' || s[lx->pos] == '\t' || s[lx->pos] == '\r' ||
                               s[lx->pos] == '\n')) {
            lx->line += s[lx->pos] == '\n';
            lx->pos++;
        }
        if (lx->pos < n && (s[lx->pos] == '#' || s[lx->pos] == '?')) {
            while (lx->pos < n && s[lx->pos] != '\n') {
                lx->pos++;
            }
            continue;
        }
        break;
    }
    lx->tok_line = lx->line;
    if (lx->pos >= n) {
        lx->tok[0] = '\0';
        return lx->tok;
    }
    if (s[lx->pos] == '(' || s[lx->pos] == ')') {
        lx->tok[0] = s[lx->pos++];
        lx->tok[1] = '\0';
        return lx->tok;
    }
    while (lx->pos < n && s[lx->pos] != ' ' && s[lx->pos] != '\t' && s[lx->pos] != '\r' &&
           s[lx->pos] != '\n' && s[lx->pos] != '(' && s[lx->pos] != ')') {
        if (len + 1 < sizeof(lx->tok)) {
            lx->tok[len++] = s[lx->pos];
        }
        lx->pos++;
    }
    lx->tok[len] = '\0';
    return lx->tok;
}

static int expect(struct lexer *lx, const char *want, const char *where, struct fp_error *err,
                  const char *path)
{
    const char *t = lex(lx);
    if (strcmp(t, want) != 0) {
        return fp_error_set(err, FP_EDATA, path, lx->tok_line, "%s: expected '%s', got '%s'", where,
                            want, t[0] != '\0' ? t : "end of file");
    }
    return FP_OK;
}

static int lex_number(struct lexer *lx, double *out, const char *where, struct fp_error *err,
                      const char *path)
{
    const char *t = lex(lx);
    if (strcmp(t, "UNLIMITED") == 0) {
        *out = INFINITY;
        return FP_OK;
    }
    if (fp_parse_double(t, out) != 0) {
        return fp_error_set(err, FP_EDATA, path, lx->tok_line, "%s: expected a number, got '%s'",
                            where, t[0] != '\0' ? t : "end of file");
    }
    return FP_OK;
}

/* Skips a balanced "( ... )" group whose "(" has been read. */
static int skip_group(struct lexer *lx, struct fp_error *err, const char *path)
{
    int depth = 1;
    while (depth > 0) {
        const char *t = lex(lx);
        if (t[0] == '\0') {
            return fp_error_set(err, FP_EDATA, path, lx->tok_line, "unbalanced parentheses");
        }
        depth += strcmp(t, "(") == 0;
        depth -= strcmp(t, ")") == 0;
    }
    return FP_OK;
}

/* First pass: counts the entries of the NODES and LINKS sections. */
static void count_native(const struct fp_input *in, igraph_integer_t *nodes, igraph_integer_t *links)
{
    struct lexer lx;
    const char *t;
    memset(&lx, 0, sizeof(lx));
    lx.in = in;
    lx.line = 1;
    *nodes = *links = 0;
    while ((t = lex(&lx))[0] != '\0') {
        igraph_integer_t *count = strcmp(t, "NODES") == 0 ? nodes : strcmp(t, "LINKS") == 0 ? links : NULL;
        int depth = 0;
        if (count == NULL) {
            continue;
        }
        while ((t = lex(&lx))[0] != '\0') {
            if (strcmp(t, "(") == 0) {
                depth++;
            } else if (strcmp(t, ")") == 0) {
                if (--depth <= 0) {
                    break;
                }
            } else if (depth == 1) {
                (*count)++;
            }
        }
    }
}

static int native_nodes(struct lexer *lx, struct fp_topo *topo, struct fp_error *err)
{
    const char *path = topo->path;
    int rc = expect(lx, "(", "NODES", err, path);
    while (rc == FP_OK) {
        const char *t = lex(lx);
        double x, y;
        igraph_integer_t v;
        if (strcmp(t, ")") == 0) {
            break;
        }
        if (t[0] == '\0' || strcmp(t, "(") == 0) {
            return fp_error_set(err, FP_EDATA, path, lx->tok_line, "NODES: expected a node id");
        }
        v = fp_topo_add_node(topo, t, lx->tok_line);
        rc = expect(lx, "(", "NODES", err, path);
        if (rc == FP_OK) {
            rc = lex_number(lx, &x, "NODES", err, path);
        }
        if (rc == FP_OK) {
            rc = lex_number(lx, &y, "NODES", err, path);
        }
        if (rc == FP_OK) {
            rc = expect(lx, ")", "NODES", err, path);
        }
        if (rc == FP_OK) {
            topo->x[v] = x;
            topo->y[v] = y;
        }
    }
    if (rc == FP_OK) {
        rc = fp_topo_index_nodes(topo, err);
    }
    return rc;
}

static int native_ends(struct lexer *lx, struct fp_topo *topo, const char *what, const char *id,
                       igraph_integer_t *a, igraph_integer_t *b, struct fp_error *err)
{
    const char *path = topo->path;
    int rc = expect(lx, "(", what, err, path);
    const char *t;
    if (rc != FP_OK) {
        return rc;
    }
    t = lex(lx);
    if ((*a = fp_topo_find_node(topo, t)) < 0) {
        return fp_error_set(err, FP_EDATA, path, lx->tok_line, "%s '%s': source '%s' is not a node",
                            what, id, t);
    }
    t = lex(lx);
    if ((*b = fp_topo_find_node(topo, t)) < 0) {
        return fp_error_set(err, FP_EDATA, path, lx->tok_line, "%s '%s': target '%s' is not a node",
                            what, id, t);
    }
    return expect(lx, ")", what, err, path);
}

static int native_links(struct lexer *lx, struct fp_topo *topo, double scale, struct fp_error *err)
{
    const char *path = topo->path;
    int rc = expect(lx, "(", "LINKS", err, path);
    while (rc == FP_OK) {
        const char *t = lex(lx);
        char *id;
        long line = lx->tok_line;
        igraph_integer_t a, b, e = -1;
        double pre_cap, pre_cost, routing, setup;
        struct modules mods;

        if (strcmp(t, ")") == 0) {
            break;
        }
        if (t[0] == '\0' || strcmp(t, "(") == 0) {
            return fp_error_set(err, FP_EDATA, path, lx->tok_line, "LINKS: expected a link id");
        }
        id = fp_xstrdup(t);
        rc = native_ends(lx, topo, "link", id, &a, &b, err);
        if (rc == FP_OK) {
            rc = lex_number(lx, &pre_cap, "LINKS", err, path);
        }
        if (rc == FP_OK) {
            rc = lex_number(lx, &pre_cost, "LINKS", err, path);
        }
        if (rc == FP_OK) {
            rc = lex_number(lx, &routing, "LINKS", err, path);
        }
        if (rc == FP_OK) {
            rc = lex_number(lx, &setup, "LINKS", err, path);
        }
        if (rc == FP_OK) {
            rc = expect(lx, "(", "LINKS", err, path);
        }
        memset(&mods, 0, sizeof(mods));
        while (rc == FP_OK) {
            double cap, cost;
            t = lex(lx);
            if (strcmp(t, ")") == 0) {
                break;
            }
            if (t[0] == '\0') {
                rc = fp_error_set(err, FP_EDATA, path, lx->tok_line,
                                  "link '%s': unexpected end of file in its module list", id);
                break;
            }
            if (fp_parse_double(t, &cap) != 0) {
                rc = fp_error_set(err, FP_EDATA, path, lx->tok_line,
                                  "link '%s': module capacity must be a number, got '%s'", id, t);
                break;
            }
            rc = lex_number(lx, &cost, "LINKS", err, path);
            if (rc == FP_OK && (cap < 0.0 || cost < 0.0)) {
                rc = fp_error_set(err, FP_EDATA, path, lx->tok_line,
                                  "link '%s': module capacity and cost must be >= 0", id);
            }
            if (rc == FP_OK) {
                module_add(&mods, cap * scale, cost);
            }
        }
        if (rc == FP_OK && a == b) {
            fp_topo_warn(topo, "self-loop '%s' at line %ld dropped", id, line);
        } else if (rc == FP_OK) {
            e = fp_topo_add_span(topo, id, a, b, line);
            if (pre_cap > 0.0 || pre_cost > 0.0) {
                rc = set_num(topo, e, "capacity_gbps", pre_cap * scale, line, err);
            }
            if (rc == FP_OK && setup > 0.0) {
                rc = set_num(topo, e, "build_cost", setup, line, err);
            }
            if (rc == FP_OK) {
                rc = apply_modules(topo, e, &mods, line, err);
            }
        }
        free(id);
    }
    if (rc == FP_OK) {
        rc = fp_topo_index_spans(topo, err);
    }
    return rc;
}

static int native_demands(struct lexer *lx, struct fp_topo *topo, double scale, struct fp_error *err)
{
    const char *path = topo->path;
    int rc = expect(lx, "(", "DEMANDS", err, path);
    while (rc == FP_OK) {
        const char *t = lex(lx);
        char *id;
        long line = lx->tok_line;
        igraph_integer_t a, b;
        double unit, value, max_len;
        if (strcmp(t, ")") == 0) {
            break;
        }
        if (t[0] == '\0' || strcmp(t, "(") == 0) {
            return fp_error_set(err, FP_EDATA, path, lx->tok_line, "DEMANDS: expected a demand id");
        }
        id = fp_xstrdup(t);
        rc = native_ends(lx, topo, "demand", id, &a, &b, err);
        if (rc == FP_OK) {
            rc = lex_number(lx, &unit, "DEMANDS", err, path);
        }
        if (rc == FP_OK) {
            rc = lex_number(lx, &value, "DEMANDS", err, path);
        }
        if (rc == FP_OK) {
            rc = lex_number(lx, &max_len, "DEMANDS", err, path);
        }
        if (rc == FP_OK && (!isfinite(value) || value < 0.0)) {
            rc = fp_error_set(err, FP_EDATA, path, line,
                              "demand '%s': demand value must be a number >= 0", id);
        }
        if (rc == FP_OK && value > 0.0 && a != b) {
            add_demand(topo, id, a, b, value * scale, line);
        }
        free(id);
    }
    return rc;
}

int fp_sndlib_read_native(const struct fp_input *in, struct fp_topo *topo, struct fp_error *err)
{
    struct lexer lx;
    igraph_integer_t n_nodes, n_links;
    bool have_nodes = false;
    const char *t;
    int rc = FP_OK;

    topo->format = FP_FORMAT_SNDLIB_NATIVE;
    count_native(in, &n_nodes, &n_links);
    fp_topo_reserve(topo, n_nodes, n_links);
    fp_topo_warn(topo, "capacities and demands read as Mbit/s (SNDlib native format)");
    memset(&lx, 0, sizeof(lx));
    lx.in = in;
    lx.line = 1;
    while (rc == FP_OK && (t = lex(&lx))[0] != '\0') {
        if (strcmp(t, "NODES") == 0) {
            rc = native_nodes(&lx, topo, err);
            have_nodes = true;
        } else if (strcmp(t, "LINKS") == 0) {
            if (!have_nodes) {
                return fp_error_set(err, FP_EDATA, topo->path, lx.tok_line,
                                    "LINKS before NODES");
            }
            rc = native_links(&lx, topo, 1e-3, err);
        } else if (strcmp(t, "DEMANDS") == 0) {
            if (!have_nodes) {
                return fp_error_set(err, FP_EDATA, topo->path, lx.tok_line,
                                    "DEMANDS before NODES");
            }
            rc = native_demands(&lx, topo, 1e-3, err);
        } else if (strcmp(t, "(") == 0) {
            rc = skip_group(&lx, err, topo->path);
        }
    }
    if (rc == FP_OK && !have_nodes) {
        rc = fp_error_set(err, FP_EDATA, topo->path, 0, "SNDlib file has no NODES section");
    }
    return rc;
}
