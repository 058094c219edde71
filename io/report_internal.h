/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the review's parts shared by io/report.c (document, headline), io/reportw.c
 * (writer helpers), io/reportmap.c (the map) and io/reporttab.c (charts and tables). */
#ifndef FP_IO_REPORT_INTERNAL_H
#define FP_IO_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>
#include <libxml/xmlwriter.h>

#include "core/topo.h"

/* One review being written. The json_t are borrowed from the results read; any may be NULL. */
struct rep {
    xmlTextWriterPtr w;
    const struct fp_topo *topo;
    bool combined; /* several results: one section per kind */
    json_t *first; /* the first result */
    json_t *route, *plan, *fail, *sweep; /* by .command; plan also for a lone sweep's .plan */
    const json_t *plan_obj; /* .plan of the plan result, else of the sweep (largest budget) */
    const json_t *bound; /* .bound whose cut is drawn: the plan's, else the route's */
    double *x, *y; /* node positions in the map */
    double *cap; /* per span: the result's capacity (planned when a plan) */
    double *util; /* per span: utilisation, NAN when not routed */
    double *added; /* per span: capacity the plan adds, NAN without a plan */
    bool *cut, *built;
    bool *site; /* per node: a site of the topology or of a result's job (--sites) */
    double *fail_ratio; /* T of the span's scenario / intact; INFINITY: cuts sites off */
};

/* ---- io/reportw.c: element and attribute writing (HTML: never <x/> but for SVG) ---- */
void fp_reportw_start(struct rep *r, const char *name);
void fp_reportw_attr(struct rep *r, const char *name, const char *value);
void fp_reportw_attrf(struct rep *r, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void fp_reportw_text(struct rep *r, const char *s);
void fp_reportw_textf(struct rep *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void fp_reportw_end(struct rep *r); /* HTML element: full end tag */
void fp_reportw_end_svg(struct rep *r); /* SVG element: may self-close */
void fp_reportw_elem(struct rep *r, const char *name, const char *content);
/* A table cell or header, left-aligned when left. */
void fp_reportw_cell(struct rep *r, const char *tag, bool left, const char *content);
/* A section with id and an h2 title; close with fp_reportw_end(). */
void fp_reportw_section(struct rep *r, const char *id, const char *title);
/* An SVG text at (x, y), font size px, anchor "start", "middle" or "end". */
void fp_reportw_svg_text(struct rep *r, double x, double y, int px, const char *anchor,
                         const char *s);
/* A time for people ("1.54 s", "39.7 ms", "654 µs", "-" when not finite); returns buf. */
const char *fp_reportw_seconds(char *buf, size_t size, double s);
/* "$1,234,567" ("-" when not finite); returns buf. */
const char *fp_reportw_usd(char *buf, size_t size, double usd);
double fp_reportw_num(const json_t *o, const char *key); /* NAN when absent */
const char *fp_reportw_str(const json_t *o, const char *key); /* "" when absent */
/* The span's ends by name ("Abilene–Shackelford"); returns buf. */
const char *fp_reportw_ends(const struct rep *r, igraph_integer_t e, char *buf, size_t size);
/* A node's display name: its name when the file gives one, else its id. Borrowed. */
const char *fp_reportw_node(const struct rep *r, igraph_integer_t v);

/* ---- io/reportmap.c ---- */
/* Node positions into r->x, r->y (coordinates projected, else x/y, else a seeded igraph layout),
 * with nodes closer than a marker pulled apart. FP_ESOFTWARE when igraph fails. */
int fp_reportmap_layout(struct rep *r, struct fp_error *err);
/* The map section: spans, sites, labels placed to avoid overlap, the binding cut, the legend. */
void fp_reportmap_write(struct rep *r);

/* ---- io/reporttab.c: one section each, skipped when the results lack its data ---- */
void fp_reporttab_frontier(struct rep *r);
void fp_reporttab_upgrades(struct rep *r);
void fp_reporttab_next_dollars(struct rep *r);
void fp_reporttab_collectives(struct rep *r);
void fp_reporttab_trees(struct rep *r);
void fp_reporttab_failures(struct rep *r);
void fp_reporttab_job(struct rep *r);
void fp_reporttab_spans(struct rep *r);

/* ---- io/reportphases.c ---- */
/* The timeline of a phased plan (.phases[]): theta and spend per phase, joint and myopic. */
void fp_reportphases_timeline(struct rep *r);

#endif
