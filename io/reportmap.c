/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the review's map: projected nodes pulled apart where they touch, spans coloured by
 * capacity added (plan), utilisation (route) or failure impact, the binding cut (MODEL.md
 * "Bound") drawn over its spans, every site and PoP labelled without overlap (PoPs with no
 * room left listed under the map), a legend. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/xalloc.h"
#include "io/report_internal.h"
#include "io/textfmt.h"

#define MAP_W 1000.0
#define MAP_H 600.0
#define MAP_MARGIN 60.0
#define MIN_SEP 18.0 /* px between node centres after pulling apart */
#define LABEL_PX 11
#define DEG_RAD (3.14159265358979323846 / 180.0)
#define LAYOUT_SEED 20261123
#define N_BINS 4

struct box {
    double x0, y0, x1, y1;
};

/* The four bin colours, light to dark, for capacity added; and utilisation green to red. */
static const char *const added_col[N_BINS] = {"#fdbe85", "#fd8d3c", "#e6550d", "#a63603"};
static const char *const util_col[N_BINS] = {"#4daf4a", "#a6c93a", "#f5a623", "#d7191c"};
#define IDLE_COL "#b5b5b5"
#define CUT_COL "#5e2ca5"

static int raw_positions(struct rep *r, struct fp_error *err)
{
    const struct fp_topo *t = r->topo;
    igraph_integer_t v, n = t->n_nodes;
    igraph_matrix_t m;
    double lat0 = 0;
    bool geo = n > 0, xy = n > 0;
    int rc;

    for (v = 0; v < n; v++) {
        geo = geo && !isnan(t->lat[v]) && !isnan(t->lon[v]);
        xy = xy && !isnan(t->x[v]) && !isnan(t->y[v]);
        lat0 += isnan(t->lat[v]) ? 0 : t->lat[v] / (double)n;
    }
    for (v = 0; v < n && (geo || xy); v++) {
        r->x[v] = geo ? t->lon[v] * cos(lat0 * DEG_RAD) : t->x[v];
        r->y[v] = geo ? -t->lat[v] : -t->y[v];
    }
    if (geo || xy) {
        return FP_OK;
    }
    if (igraph_matrix_init(&m, 0, 0) != IGRAPH_SUCCESS) {
        return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s",
                            fp_error_igraph_reason());
    }
    igraph_rng_seed(igraph_rng_default(), LAYOUT_SEED);
    rc = igraph_layout_fruchterman_reingold(&t->graph, &m, false, 500, (double)n,
                                            IGRAPH_LAYOUT_AUTOGRID, NULL, NULL, NULL, NULL, NULL);
    if (rc != IGRAPH_SUCCESS) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s",
                          fp_error_igraph_reason());
        goto out;
    }
    for (v = 0; v < n; v++) {
        r->x[v] = MATRIX(m, v, 0);
        r->y[v] = MATRIX(m, v, 1);
    }
out:
    igraph_matrix_destroy(&m);
    return rc;
}

static void fit(struct rep *r)
{
    igraph_integer_t v, n = r->topo->n_nodes;
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY, sx, sy, s;
    for (v = 0; v < n; v++) {
        x0 = fmin(x0, r->x[v]);
        x1 = fmax(x1, r->x[v]);
        y0 = fmin(y0, r->y[v]);
        y1 = fmax(y1, r->y[v]);
    }
    sx = x1 > x0 ? (MAP_W - 2 * MAP_MARGIN) / (x1 - x0) : 1.0;
    sy = y1 > y0 ? (MAP_H - 2 * MAP_MARGIN) / (y1 - y0) : 1.0;
    s = fmin(sx, sy);
    for (v = 0; v < n; v++) {
        r->x[v] = MAP_MARGIN + (r->x[v] - x0) * s + (MAP_W - 2 * MAP_MARGIN - (x1 - x0) * s) / 2;
        r->y[v] = MAP_MARGIN + (r->y[v] - y0) * s + (MAP_H - 2 * MAP_MARGIN - (y1 - y0) * s) / 2;
    }
}

/* Nodes closer than MIN_SEP are pushed apart along the line between them (to the right when
 * they coincide), a few rounds: Abilene stays visible beside Shackelford. */
static void separate(struct rep *r)
{
    igraph_integer_t a, b, n = r->topo->n_nodes;
    int round;
    for (round = 0; round < 60; round++) {
        bool moved = false;
        for (a = 0; a < n; a++) {
            for (b = a + 1; b < n; b++) {
                double dx = r->x[b] - r->x[a], dy = r->y[b] - r->y[a], d = hypot(dx, dy), push;
                if (d >= MIN_SEP) {
                    continue;
                }
                if (d < 1e-6) {
                    dx = 1.0, dy = 0.0, d = 1.0;
                }
                push = (MIN_SEP - d) / 2 + 0.01;
                r->x[a] -= push * dx / d;
                r->y[a] -= push * dy / d;
                r->x[b] += push * dx / d;
                r->y[b] += push * dy / d;
                moved = true;
            }
        }
        if (!moved) {
            break;
        }
    }
}

int fp_reportmap_layout(struct rep *r, struct fp_error *err)
{
    int rc = raw_positions(r, err);
    if (rc == FP_OK && r->topo->n_nodes > 0) {
        fit(r);
        separate(r);
    }
    return rc;
}

/* ---- what a span shows ---- */

static double max_of(const double *a, igraph_integer_t n)
{
    double m = 0;
    igraph_integer_t i;
    for (i = 0; i < n; i++) {
        m = isfinite(a[i]) && a[i] > m ? a[i] : m;
    }
    return m;
}

static int bin_of(double x, double max)
{
    int b = max > 0 ? (int)ceil(x / max * N_BINS) - 1 : 0;
    return b < 0 ? 0 : (b >= N_BINS ? N_BINS - 1 : b);
}

/* The span's colour: by capacity added when a plan colours the map, else by utilisation, else
 * by how much its failure slows the all-reduce (INFINITY: cuts sites off). */
static const char *span_colour(const struct rep *r, igraph_integer_t e, double added_max)
{
    if (r->plan_obj != NULL) {
        return r->added[e] > 0 ? added_col[bin_of(r->added[e], added_max)] : IDLE_COL;
    }
    if (!isnan(r->util[e])) {
        return r->util[e] > 1e-9 ? util_col[bin_of(r->util[e], 1.0)] : IDLE_COL;
    }
    if (!isnan(r->fail_ratio[e])) {
        return isinf(r->fail_ratio[e]) ? util_col[3]
                                       : util_col[bin_of(r->fail_ratio[e] - 1.0, 1.0)];
    }
    return IDLE_COL;
}

static double site_radius(const struct rep *r, igraph_integer_t v, long long gpus_max)
{
    if (!r->site[v]) {
        return 3.0;
    }
    return 6.0 + 4.0 * sqrt(gpus_max > 0 ? (double)r->topo->gpus[v] / (double)gpus_max : 0);
}

static void line(struct rep *r, igraph_integer_t e, const char *cls, const char *colour,
                 double width)
{
    const struct fp_topo *t = r->topo;
    fp_reportw_start(r, "line");
    fp_reportw_attr(r, "class", cls);
    fp_reportw_attrf(r, "x1", "%.1f", r->x[t->span_from[e]]);
    fp_reportw_attrf(r, "y1", "%.1f", r->y[t->span_from[e]]);
    fp_reportw_attrf(r, "x2", "%.1f", r->x[t->span_to[e]]);
    fp_reportw_attrf(r, "y2", "%.1f", r->y[t->span_to[e]]);
    fp_reportw_attr(r, "stroke", colour);
    fp_reportw_attrf(r, "stroke-width", "%.2f", width);
    fp_reportw_attr(r, "stroke-linecap", "round");
}

static void spans(struct rep *r)
{
    const struct fp_topo *t = r->topo;
    double cap_max = max_of(r->cap, t->n_spans), added_max = max_of(r->added, t->n_spans);
    igraph_integer_t e;
    char a[64], b[160];
    for (e = 0; e < t->n_spans; e++) {
        double w = r->built[e] ? 1.5 + 5.5 * (cap_max > 0 ? sqrt(r->cap[e] / cap_max) : 0) : 1.5;
        line(r, e, r->built[e] ? "span" : "candidate",
             r->built[e] ? span_colour(r, e, added_max) : "#8a8a8a", w);
        if (!r->built[e]) {
            fp_reportw_attr(r, "stroke-dasharray", "6 5");
        }
        fp_reportw_start(r, "title");
        fp_reportw_textf(r, "%s %s: %s Gbit/s", t->span_id[e], fp_reportw_ends(r, e, b, sizeof(b)),
                         fp_textfmt_grouped(a, sizeof(a), r->cap[e]));
        fp_reportw_end_svg(r);
        fp_reportw_end_svg(r);
    }
}

/* The binding cut over its spans: a wide translucent band and a dashed line (its label is
 * placed with the names). */
static void cut(struct rep *r)
{
    const struct fp_topo *t = r->topo;
    igraph_integer_t e;
    for (e = 0; e < t->n_spans; e++) {
        if (!r->cut[e]) {
            continue;
        }
        line(r, e, "cut", CUT_COL, 14);
        fp_reportw_attr(r, "stroke-opacity", "0.28");
        fp_reportw_end_svg(r);
        line(r, e, "cut-line", CUT_COL, 2.5);
        fp_reportw_attr(r, "stroke-dasharray", "5 4");
        fp_reportw_end_svg(r);
    }
}

static void markers(struct rep *r, bool discs, long long gpus_max)
{
    const struct fp_topo *t = r->topo;
    igraph_integer_t v;
    for (v = 0; v < t->n_nodes; v++) {
        bool site = r->site[v];
        if (discs && !site) {
            continue;
        }
        fp_reportw_start(r, "circle");
        fp_reportw_attr(r, "class", discs ? "site" : (site ? "site-centre" : "pop"));
        fp_reportw_attrf(r, "cx", "%.1f", r->x[v]);
        fp_reportw_attrf(r, "cy", "%.1f", r->y[v]);
        fp_reportw_attrf(r, "r", "%.1f", discs ? site_radius(r, v, gpus_max) : (site ? 2.2 : 3.0));
        fp_reportw_attr(r, "fill", discs ? "#9ecae1" : (site ? "#08306b" : "#ffffff"));
        fp_reportw_attr(r, "stroke", discs ? "#08519c" : "#333333");
        fp_reportw_attr(r, "stroke-width", discs ? "1.5" : (site ? "0" : "1.2"));
        fp_reportw_end_svg(r);
    }
}

/* ---- labels ---- */

static size_t glyphs(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80; /* UTF-8: count lead bytes only */
    }
    return n;
}

static double overlap(const struct box *a, const struct box *b)
{
    double w = fmin(a->x1, b->x1) - fmax(a->x0, b->x0), h = fmin(a->y1, b->y1) - fmax(a->y0, b->y0);
    return w > 0 && h > 0 ? w * h : 0;
}

/* How much box k would cover: labels placed so far, node markers, and the map's edge. */
static double clash(const struct box *k, const struct box *taken, size_t n_taken)
{
    double c = 0;
    size_t i;
    for (i = 0; i < n_taken; i++) {
        c += overlap(k, &taken[i]);
    }
    if (k->x0 < 2 || k->x1 > MAP_W - 2 || k->y0 < 2 || k->y1 > MAP_H - 2) {
        c += 1e6;
    }
    return c;
}

/* Candidate c around a marker of radius m at (x, y): 8 directions at 4 distances, nearest
 * first. Writes the box and the text anchor point. */
static void candidate(int c, double x, double y, double m, double w, double *tx, double *ty,
                      struct box *k)
{
    static const double dir[8][2] = {{1, 0},  {-1, 0}, {0, -1},  {0, 1},
                                     {1, -1}, {1, 1},  {-1, -1}, {-1, 1}};
    /* h: the line box a browser gives the text (ascent and descent: 13 px at 11 px), so
     * labels stacked above one another do not touch */
    double d = m + 3 + 12.0 * (c / 8), dx = dir[c % 8][0], dy = dir[c % 8][1], h = LABEL_PX + 2;
    double cx = x + dx * d, cy = y + dy * d;
    k->x0 = dx > 0 ? cx : (dx < 0 ? cx - w : cx - w / 2);
    k->y0 = dy > 0 ? cy : (dy < 0 ? cy - h : cy - h / 2);
    k->x1 = k->x0 + w;
    k->y1 = k->y0 + h;
    *tx = dx > 0 ? k->x0 : (dx < 0 ? k->x1 : cx); /* the side next to the node: the text */
    *ty = k->y1 - 3;                              /* hugs it whatever its real width */
}

static const char *anchor_of(int c)
{
    static const char *const anchor[8] = {"start", "end", "middle", "middle",
                                          "start", "start", "end", "end"};
    return anchor[c % 8];
}

/* The text's box where it covers the least of taken (markers, earlier labels): 32 candidates
 * around a marker of radius m at (x, y), nearest first; a leader line when it had to move away.
 * Unless it must be placed (a site, the cut), a label with no candidate clear of everything is
 * not drawn and false returned: on a dense network (Topology Zoo's Colt, 153 nodes) a label
 * drawn over others helped no one (76 overlapping pairs). */
static bool place(struct rep *r, const char *name, const char *cls, double x, double y, double m,
                  bool must, struct box *taken, size_t *n_taken)
{
    double w = (strstr(cls, "pop") != NULL ? 0.6 : 0.68) * LABEL_PX * (double)glyphs(name) + 3,
           best = INFINITY, bx = 0, by = 0, tx, ty;
    struct box k, kbest = {0, 0, 0, 0};
    int c, cbest = 0;
    bool clear = false;
    for (c = 0; c < 32; c++) {
        double s, cl;
        candidate(c, x, y, m, w, &tx, &ty, &k);
        cl = clash(&k, taken, *n_taken);
        s = cl + 150.0 * (c / 8) + 2.0 * (c % 8); /* px²: near first */
        if ((cl == 0 && !clear) || ((cl == 0 || !clear) && s < best)) {
            best = s, bx = tx, by = ty, kbest = k, cbest = c, clear = cl == 0;
        }
    }
    if (!clear && !must) {
        return false;
    }
    if (cbest >= 8) {
        fp_reportw_start(r, "line");
        fp_reportw_attr(r, "class", "leader");
        fp_reportw_attrf(r, "x1", "%.1f", x);
        fp_reportw_attrf(r, "y1", "%.1f", y);
        fp_reportw_attrf(r, "x2", "%.1f", fmin(fmax(x, kbest.x0), kbest.x1));
        fp_reportw_attrf(r, "y2", "%.1f", fmin(fmax(y, kbest.y0), kbest.y1));
        fp_reportw_attr(r, "stroke", "#777777");
        fp_reportw_attr(r, "stroke-width", "0.8");
        fp_reportw_end_svg(r);
    }
    fp_reportw_start(r, "text");
    fp_reportw_attr(r, "class", cls);
    if (strcmp(anchor_of(cbest), "start") != 0) {
        fp_reportw_attr(r, "text-anchor", anchor_of(cbest));
    }
    fp_reportw_attrf(r, "x", "%.1f", bx);
    fp_reportw_attrf(r, "y", "%.1f", by);
    fp_reportw_text(r, name);
    fp_reportw_end_svg(r);
    taken[(*n_taken)++] = kbest;
    return true;
}

/* "binding cut" beside the middle of the first cut span, clear of the names. */
static void cut_label(struct rep *r, struct box *taken, size_t *n_taken)
{
    const struct fp_topo *t = r->topo;
    igraph_integer_t e = 0;
    while (e < t->n_spans && !r->cut[e]) {
        e++;
    }
    if (e < t->n_spans) {
        place(r, "binding cut", "label cut-label",
              (r->x[t->span_from[e]] + r->x[t->span_to[e]]) / 2,
              (r->y[t->span_from[e]] + r->y[t->span_to[e]]) / 2, 6, true, taken, n_taken);
    }
}

/* Every node's name, sites first, then the cut's, each where it covers the least of what is
 * already there; a PoP with no room left is marked in unlabelled[] instead (returns how many). */
static igraph_integer_t labels(struct rep *r, long long gpus_max, bool *unlabelled)
{
    igraph_integer_t n_unlabelled = 0;
    const struct fp_topo *t = r->topo;
    struct box *taken = fp_xcalloc(2 * (size_t)t->n_nodes + 2, sizeof(struct box));
    size_t n_taken = 0;
    igraph_integer_t v;
    int pass;
    for (v = 0; v < t->n_nodes; v++) { /* markers are obstacles */
        double m = site_radius(r, v, gpus_max);
        struct box k = {r->x[v] - m, r->y[v] - m, r->x[v] + m, r->y[v] + m};
        taken[n_taken++] = k;
    }
    fp_reportw_start(r, "g");
    fp_reportw_attr(r, "class", "halo");
    fp_reportw_attrf(r, "font-size", "%d", LABEL_PX);
    for (pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            cut_label(r, taken, &n_taken);   /* before the PoPs: they make room for it */
        }
        for (v = 0; v < t->n_nodes; v++) {
            if (r->site[v] == (pass == 0)) {
                unlabelled[v] = !place(r, fp_reportw_node(r, v),
                                       pass == 0 ? "label site-label" : "label pop-label", r->x[v],
                                       r->y[v], site_radius(r, v, gpus_max), pass == 0, taken, &n_taken);
                n_unlabelled += unlabelled[v];
            }
        }
    }
    fp_reportw_end_svg(r);
    free(taken);
    return n_unlabelled;
}

/* The PoPs the map had no room to name, under it, with their coordinates (on paper there is
 * no hover). */
static void unlabelled_list(struct rep *r, const bool *unlabelled, igraph_integer_t n)
{
    const struct fp_topo *t = r->topo;
    igraph_integer_t v, i = 0;
    fp_reportw_start(r, "p");
    fp_reportw_attr(r, "class", "unlabelled");
    fp_reportw_textf(r, "Not named on the map (no room), %ld: ", (long)n);
    for (v = 0; v < t->n_nodes; v++) {
        if (!unlabelled[v]) {
            continue;
        }
        if (isfinite(t->lat[v]) && isfinite(t->lon[v])) {
            fp_reportw_textf(r, "%s%s (%.2f, %.2f)", i++ > 0 ? "; " : "", fp_reportw_node(r, v),
                             t->lat[v], t->lon[v]);
        } else {
            fp_reportw_textf(r, "%s%s", i++ > 0 ? "; " : "", fp_reportw_node(r, v));
        }
    }
    fp_reportw_text(r, ".");
    fp_reportw_end(r);
}

/* ---- legend: a strip under the map ---- */

static void swatch(struct rep *r, double *x, const char *colour, double width, const char *dash,
                   const char *label)
{
    fp_reportw_start(r, "line");
    fp_reportw_attrf(r, "x1", "%.1f", *x);
    fp_reportw_attrf(r, "x2", "%.1f", *x + 26);
    fp_reportw_attr(r, "y1", "20");
    fp_reportw_attr(r, "y2", "20");
    fp_reportw_attr(r, "stroke", colour);
    fp_reportw_attrf(r, "stroke-width", "%.1f", width);
    if (dash != NULL) {
        fp_reportw_attr(r, "stroke-dasharray", dash);
    }
    fp_reportw_end_svg(r);
    fp_reportw_svg_text(r, *x + 31, 24, 11, "start", label);
    *x += 31 + 6.2 * (double)glyphs(label) + 14;
}

static void legend_bins(struct rep *r, double *x)
{
    double added_max = max_of(r->added, r->topo->n_spans);
    char a[64], b[64], lab[160];
    int i;
    if (r->plan_obj != NULL) {
        swatch(r, x, IDLE_COL, 4, NULL, "no capacity added");
        for (i = 0; i < N_BINS; i++) {
            snprintf(lab, sizeof(lab), "+%s\xe2\x80\x93%s Gbit/s",
                     fp_textfmt_grouped(a, sizeof(a), added_max * i / N_BINS),
                     fp_textfmt_grouped(b, sizeof(b), added_max * (i + 1) / N_BINS));
            swatch(r, x, added_col[i], 4, NULL, lab);
        }
        return;
    }
    bool fail = r->fail != NULL && r->route == NULL;
    swatch(r, x, IDLE_COL, 4, NULL, fail ? "no failure scenario" : "not used");
    for (i = 0; i < N_BINS; i++) {
        snprintf(lab, sizeof(lab), "%s%d\xe2\x80\x93%d%%",
                 !fail ? "used " : (i == 0 ? "its failure slows T by " : ""), 100 * i / N_BINS,
                 100 * (i + 1) / N_BINS);
        if (fail && i == N_BINS - 1) {
            snprintf(lab, sizeof(lab), "%d%% or more, or cuts sites off", 100 * i / N_BINS);
        }
        swatch(r, x, util_col[i], 4, NULL, lab);
    }
}

static void legend(struct rep *r)
{
    double x = 10;
    fp_reportw_start(r, "svg");
    fp_reportw_attr(r, "xmlns", "http://www.w3.org/2000/svg");
    fp_reportw_attr(r, "class", "legend");
    fp_reportw_attr(r, "viewBox", "0 0 1000 70");
    fp_reportw_attr(r, "role", "img");
    fp_reportw_attr(r, "aria-label", "legend");
    legend_bins(r, &x);
    x = 10;
    fp_reportw_start(r, "g");
    fp_reportw_attr(r, "transform", "translate(0 30)");
    fp_reportw_start(r, "circle");
    fp_reportw_attr(r, "cx", "20");
    fp_reportw_attr(r, "cy", "20");
    fp_reportw_attr(r, "r", "8");
    fp_reportw_attr(r, "fill", "#9ecae1");
    fp_reportw_attr(r, "stroke", "#08519c");
    fp_reportw_end_svg(r);
    fp_reportw_svg_text(r, 34, 24, 11, "start", "site (size: GPUs)");
    fp_reportw_start(r, "circle");
    fp_reportw_attr(r, "cx", "160");
    fp_reportw_attr(r, "cy", "20");
    fp_reportw_attr(r, "r", "3");
    fp_reportw_attr(r, "fill", "#ffffff");
    fp_reportw_attr(r, "stroke", "#333333");
    fp_reportw_end_svg(r);
    fp_reportw_svg_text(r, 170, 24, 11, "start", "PoP / transit");
    x = 270;
    if (r->bound != NULL) {
        swatch(r, &x, CUT_COL, 4, "5 4",
               r->plan_obj != NULL ? "binding cut after the plan" : "binding cut");
    }
    swatch(r, &x, "#8a8a8a", 1.5, "6 5", "candidate, not built");
    fp_reportw_svg_text(r, x, 24, 11, "start", "width: capacity");
    fp_reportw_end_svg(r);
    fp_reportw_end_svg(r);
}

void fp_reportmap_write(struct rep *r)
{
    const struct fp_topo *t = r->topo;
    long long gpus_max = 0;
    bool *unlabelled = fp_xcalloc((size_t)t->n_nodes + 1, sizeof(bool));
    igraph_integer_t v, n_unlabelled;
    for (v = 0; v < t->n_nodes; v++) {
        gpus_max = r->site[v] && t->gpus[v] > gpus_max ? t->gpus[v] : gpus_max;
    }
    fp_reportw_section(r, "map",
                       r->plan_obj != NULL ? "Network: capacity the plan adds" : "Network");
    fp_reportw_start(r, "svg");
    fp_reportw_attr(r, "xmlns", "http://www.w3.org/2000/svg");
    fp_reportw_attrf(r, "viewBox", "0 0 %.0f %.0f", MAP_W, MAP_H);
    fp_reportw_attr(r, "role", "img");
    fp_reportw_attr(r, "aria-label", "map of the sites and spans");
    markers(r, true, gpus_max); /* site discs under the spans: short site spans stay visible */
    spans(r);
    cut(r);
    markers(r, false, gpus_max);
    n_unlabelled = labels(r, gpus_max, unlabelled);
    fp_reportw_end_svg(r);
    legend(r);
    if (n_unlabelled > 0) {
        unlabelled_list(r, unlabelled, n_unlabelled);
    }
    free(unlabelled);
    fp_reportw_end(r);
}
