/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the HTML design review (libxml2 xmlTextWriter; inline CSS and SVG, no scripts). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <libxml/xmlwriter.h>

#include "core/xalloc.h"
#include "io/report.h"
#include "io/resultread_internal.h"
#include "io/textfmt.h"
#include "io/xml_internal.h"

#define MAP_W 960.0
#define MAP_H 560.0
#define MAP_MARGIN 48.0
#define CHART_W 960.0
#define CHART_H 360.0
#define DEG_RAD (3.14159265358979323846 / 180.0)
#define LAYOUT_SEED 20261123

static const char css[] =
    "body{font-family:Helvetica,Arial,sans-serif;margin:24px auto;max-width:1000px;color:#222}"
    "h1{font-size:22px;margin:0}h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:4px;"
    "margin-top:28px}.sub{color:#666;font-size:13px;margin:4px 0 0}"
    ".cards{display:flex;flex-wrap:wrap;gap:10px;margin-top:16px}"
    ".card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;min-width:120px}"
    ".card .k{font-size:11px;color:#666;text-transform:uppercase}.card .v{font-size:20px;font-weight:bold}"
    "table{border-collapse:collapse;font-size:12px;width:100%}th,td{padding:3px 6px;"
    "border-bottom:1px solid #eee;text-align:right}th{background:#f4f4f4}td.l,th.l{text-align:left}"
    "svg{width:100%;height:auto;border:1px solid #eee;background:#fcfcfc}"
    ".legend{font-size:12px;color:#444}.bad{color:#b00000;font-weight:bold}"
    "@media print{body{margin:0;max-width:none}section{page-break-inside:avoid}}";

struct rep {
    xmlTextWriterPtr w;
    const struct fp_topo *topo;
    json_t *root;
    double *x, *y;            /* node positions in the map */
    double *cap, *util;       /* per span: capacity shown (planned if any), utilisation or NAN */
    bool *cut, *built;
    double *fail_ratio;       /* failures: T of the span's scenario / intact; INFINITY: cuts sites off */
};

/* ---- writer helpers ---- */

static void start(struct rep *r, const char *name)
{
    xmlTextWriterStartElement(r->w, BAD_CAST name);
}

static void attr(struct rep *r, const char *name, const char *value)
{
    xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST value);
}

static void attrf(struct rep *r, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void attrf(struct rep *r, const char *name, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    attr(r, name, buf);
}

static void text(struct rep *r, const char *s)
{
    xmlTextWriterWriteString(r->w, BAD_CAST s);
}

static void textf(struct rep *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void textf(struct rep *r, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    text(r, buf);
}

static void end(struct rep *r)   /* HTML: never <x/> */
{
    xmlTextWriterFullEndElement(r->w);
}

static void end_svg(struct rep *r)
{
    xmlTextWriterEndElement(r->w);
}

static void elem(struct rep *r, const char *name, const char *content)
{
    start(r, name);
    text(r, content);
    end(r);
}

static const char *seconds(char *buf, size_t size, double s)
{
    if (!isfinite(s)) {
        snprintf(buf, size, "-");
    } else if (s == 0.0) {
        snprintf(buf, size, "0 s");
    } else if (s < 1e-3) {
        snprintf(buf, size, "%.3g \xc2\xb5s", s * 1e6);
    } else if (s < 1.0) {
        snprintf(buf, size, "%.3g ms", s * 1e3);
    } else {
        snprintf(buf, size, "%.4g s", s);
    }
    return buf;
}

static double num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *str(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static void card(struct rep *r, const char *key, const char *value)
{
    start(r, "div");
    attr(r, "class", "card");
    start(r, "div");
    attr(r, "class", "k");
    text(r, key);
    end(r);
    start(r, "div");
    attr(r, "class", "v");
    text(r, value);
    end(r);
    end(r);
}

/* ---- layout ---- */

static int layout(struct rep *r, struct fp_error *err)
{
    const struct fp_topo *t = r->topo;
    igraph_integer_t v, n = t->n_nodes;
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY, lat0 = 0, sx, sy, s;
    bool geo = n > 0, xy = n > 0;
    int rc = FP_OK;

    for (v = 0; v < n; v++) {
        geo = geo && !isnan(t->lat[v]) && !isnan(t->lon[v]);
        xy = xy && !isnan(t->x[v]) && !isnan(t->y[v]);
        lat0 += isnan(t->lat[v]) ? 0 : t->lat[v] / (double)n;
    }
    if (geo) {
        for (v = 0; v < n; v++) {
            r->x[v] = t->lon[v] * cos(lat0 * DEG_RAD);
            r->y[v] = -t->lat[v];
        }
    } else if (xy) {
        for (v = 0; v < n; v++) {
            r->x[v] = t->x[v];
            r->y[v] = -t->y[v];
        }
    } else {
        igraph_matrix_t m;
        FP_IGRAPH(err, igraph_matrix_init(&m, 0, 0));
        igraph_rng_seed(igraph_rng_default(), LAYOUT_SEED);
        if (igraph_layout_fruchterman_reingold(&t->graph, &m, false, 500, (double)n, IGRAPH_LAYOUT_AUTOGRID,
                                               NULL, NULL, NULL, NULL, NULL) != IGRAPH_SUCCESS) {
            igraph_matrix_destroy(&m);
            rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: igraph: %s", fp_error_igraph_reason());
            goto out;
        }
        for (v = 0; v < n; v++) {
            r->x[v] = MATRIX(m, v, 0);
            r->y[v] = MATRIX(m, v, 1);
        }
        igraph_matrix_destroy(&m);
    }
    for (v = 0; v < n; v++) {
        x0 = r->x[v] < x0 ? r->x[v] : x0;
        x1 = r->x[v] > x1 ? r->x[v] : x1;
        y0 = r->y[v] < y0 ? r->y[v] : y0;
        y1 = r->y[v] > y1 ? r->y[v] : y1;
    }
    sx = x1 > x0 ? (MAP_W - 2 * MAP_MARGIN) / (x1 - x0) : 1.0;
    sy = y1 > y0 ? (MAP_H - 2 * MAP_MARGIN) / (y1 - y0) : 1.0;
    s = sx < sy ? sx : sy;
    for (v = 0; v < n; v++) {
        r->x[v] = MAP_MARGIN + (r->x[v] - x0) * s + (MAP_W - 2 * MAP_MARGIN - (x1 - x0) * s) / 2;
        r->y[v] = MAP_MARGIN + (r->y[v] - y0) * s + (MAP_H - 2 * MAP_MARGIN - (y1 - y0) * s) / 2;
    }
out:
    return rc;
}

/* ---- what the result says per span ---- */

static int annotate(struct rep *r, const char *path, struct fp_error *err)
{
    const struct fp_topo *t = r->topo;
    json_t *v, *plan = json_object_get(r->root, "plan"), *fails = json_object_get(r->root, "failures");
    double intact = num(json_object_get(r->root, "intact"), "allreduce_s");
    igraph_integer_t e;
    size_t i, j;
    int rc = FP_OK;

    for (e = 0; e < t->n_spans; e++) {
        r->cap[e] = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
        r->util[e] = NAN;
        r->built[e] = fp_topo_is_lit(t, e);
        r->fail_ratio[e] = NAN;
    }
    json_array_foreach(json_object_get(r->root, "links"), i, v) {
        if ((rc = fp_resultread_span(r->topo, path, json_object_get(v, "id"), &e, err)) != FP_OK) {
            return rc;
        }
        r->util[e] = num(v, "utilization");
    }
    json_array_foreach(json_object_get(json_object_get(r->root, "bound"), "cut"), i, v) {
        if ((rc = fp_resultread_span(r->topo, path, v, &e, err)) != FP_OK) {
            return rc;
        }
        r->cut[e] = true;
    }
    json_array_foreach(json_object_get(plan, "upgrades"), i, v) {
        if ((rc = fp_resultread_span(r->topo, path, json_object_get(v, "id"), &e, err)) != FP_OK) {
            return rc;
        }
        r->cap[e] = num(v, "capacity_gbps");
        r->built[e] = r->cap[e] > 0;
    }
    json_array_foreach(fails, i, v) {
        json_t *f;
        double ratio = json_is_true(json_object_get(v, "disconnected")) ? INFINITY : num(v, "allreduce_s") / intact;
        json_array_foreach(json_object_get(v, "failed"), j, f) {
            if ((rc = fp_resultread_span(r->topo, path, f, &e, err)) != FP_OK) {
                return rc;
            }
            r->fail_ratio[e] = isnan(r->fail_ratio[e]) || ratio > r->fail_ratio[e] ? ratio : r->fail_ratio[e];
        }
    }
    return rc;
}

/* Utilisation 0 -> green, 0.5 -> amber, 1 -> red. */
static void heat(char *buf, size_t size, double u)
{
    double x = u < 0 ? 0 : (u > 1 ? 1 : u);
    int red = x < 0.5 ? (int)(60 + 390 * x) : 255, green = x < 0.5 ? 170 : (int)(170 * 2 * (1 - x));
    snprintf(buf, size, "#%02x%02x30", red > 255 ? 255 : red, green);
}

/* ---- sections ---- */

static void header(struct rep *r)
{
    const json_t *tp = json_object_get(r->root, "topology"), *job = json_object_get(r->root, "job");
    char a[64];
    start(r, "header");
    start(r, "h1");
    textf(r, "%s \xe2\x80\x94 %s review", r->topo->name != NULL ? r->topo->name : r->topo->path, str(r->root, "command"));
    end(r);
    start(r, "p");
    attr(r, "class", "sub");
    textf(r, "%s; %s: %s nodes, %s spans, %zu sites", str(r->root, "generator"), str(tp, "file"),
          fp_textfmt_grouped(a, sizeof(a), num(tp, "nodes")), fp_textfmt_grouped(a + 32, 32, num(tp, "spans")),
          json_array_size(json_object_get(tp, "sites")));
    if (isfinite(num(job, "gradient_bytes"))) {
        textf(r, "; all-reduce of %.4g GB per step", num(job, "gradient_bytes") / 1e9);
    }
    end(r);
    end(r);
}

static void headline(struct rep *r)
{
    const json_t *c = json_object_get(r->root, "collective"), *b = json_object_get(r->root, "bound");
    const json_t *p = json_object_get(r->root, "plan"), *in = json_object_get(r->root, "intact");
    const json_t *fr = json_object_get(r->root, "frontier");
    char a[64];
    start(r, "section");
    attr(r, "id", "headline");
    start(r, "div");
    attr(r, "class", "cards");
    if (json_is_object(c)) {
        card(r, "all-reduce T", seconds(a, sizeof(a), num(c, "allreduce_s")));
        card(r, "bandwidth T_bw", seconds(a, sizeof(a), num(c, "bandwidth_s")));
        card(r, "latency T_lat", seconds(a, sizeof(a), num(c, "latency_s")));
        fp_textfmt_grouped(a, sizeof(a), num(c, "throughput_gbps"));
        strncat(a, " Gbit/s", sizeof(a) - strlen(a) - 1);
        card(r, "throughput \xce\xb8", a);
    }
    if (json_is_object(b)) {
        card(r, "lower bound T_lb", seconds(a, sizeof(a), num(b, "allreduce_s")));
        if (json_is_object(c) && isfinite(num(c, "lower_bound_ratio"))) {
            snprintf(a, sizeof(a), "%.3f", num(c, "lower_bound_ratio"));
            card(r, "T / T_lb", a);
        }
        fp_textfmt_grouped(a, sizeof(a), num(b, "min_cut_gbps"));
        strncat(a, " Gbit/s", sizeof(a) - strlen(a) - 1);
        card(r, "min cut \xce\xbb_min", a);
    }
    if (json_is_object(p) && !json_is_array(fr)) {
        a[0] = '$';
        fp_textfmt_grouped(a + 1, sizeof(a) - 1, num(p, "cost_usd"));
        card(r, "plan cost", a);
        if (isfinite(num(p, "budget_usd"))) {
            a[0] = '$';
            fp_textfmt_grouped(a + 1, sizeof(a) - 1, num(p, "budget_usd"));
            card(r, "budget", a);
        }
        card(r, "T before", seconds(a, sizeof(a), num(json_object_get(p, "before"), "allreduce_s")));
    }
    if (json_is_object(in)) {
        const json_t *fl = json_object_get(r->root, "failures"), *f;
        size_t i, cut = 0;
        const json_t *worst = NULL;
        card(r, "intact T", seconds(a, sizeof(a), num(in, "allreduce_s")));
        snprintf(a, sizeof(a), "%zu %s", json_array_size(fl), str(r->root, "by"));
        card(r, "scenarios", a);
        json_array_foreach(fl, i, f) {
            if (json_is_true(json_object_get(f, "disconnected"))) {
                cut++;
            } else if (worst == NULL) {
                worst = f;   /* worst first: the first that keeps every site */
            }
        }
        snprintf(a, sizeof(a), "%zu", cut);
        card(r, "cut sites off", a);
        if (worst != NULL) {
            char t_s[48];
            snprintf(a, sizeof(a), "%s: %s", str(worst, "label"), seconds(t_s, sizeof(t_s), num(worst, "allreduce_s")));
            card(r, "worst connected", a);
        }
    }
    if (json_is_array(fr) && json_array_size(fr) > 0) {
        const json_t *pt;
        size_t i;
        card(r, "T today", seconds(a, sizeof(a), num(json_object_get(p, "before"), "allreduce_s")));
        json_array_foreach(fr, i, pt) {
            if (json_is_true(json_object_get(pt, "knee"))) {
                a[0] = '$';
                fp_textfmt_grouped(a + 1, sizeof(a) - 1, num(pt, "budget_usd"));
                card(r, "knee budget", a);
                card(r, "T at the knee", seconds(a, sizeof(a), num(pt, "allreduce_s")));
            }
        }
        card(r, "T at the largest budget",
             seconds(a, sizeof(a), num(json_array_get(fr, json_array_size(fr) - 1), "allreduce_s")));
    }
    end(r);
    end(r);
}

static void map(struct rep *r)
{
    const struct fp_topo *t = r->topo;
    igraph_integer_t e, v;
    double cap_max = 0;
    long long gpus_max = 0;
    char col[16], a[64];

    for (e = 0; e < t->n_spans; e++) {
        cap_max = r->cap[e] > cap_max ? r->cap[e] : cap_max;
    }
    for (v = 0; v < t->n_nodes; v++) {
        gpus_max = t->gpus[v] > gpus_max ? t->gpus[v] : gpus_max;
    }
    start(r, "section");
    attr(r, "id", "map");
    elem(r, "h2", "Network");
    start(r, "svg");
    attr(r, "xmlns", "http://www.w3.org/2000/svg");
    attrf(r, "viewBox", "0 0 %.0f %.0f", MAP_W, MAP_H);
    attr(r, "role", "img");
    attr(r, "aria-label", "map of the sites and spans");
    for (e = 0; e < t->n_spans; e++) {   /* the cut first, as a halo under its spans */
        if (r->cut[e]) {
            start(r, "line");
            attr(r, "class", "cut");
            attrf(r, "x1", "%.1f", r->x[t->span_from[e]]);
            attrf(r, "y1", "%.1f", r->y[t->span_from[e]]);
            attrf(r, "x2", "%.1f", r->x[t->span_to[e]]);
            attrf(r, "y2", "%.1f", r->y[t->span_to[e]]);
            attr(r, "stroke", "#e0301e");
            attr(r, "stroke-opacity", "0.35");
            attr(r, "stroke-width", "16");
            attr(r, "stroke-linecap", "round");
            end_svg(r);
        }
    }
    for (e = 0; e < t->n_spans; e++) {
        /* width: the traffic share when the result routes (utilisation), else capacity */
        double width = !isnan(r->util[e]) ? 1.0 + 6.0 * r->util[e]
                                          : 1.0 + 6.0 * (cap_max > 0 ? sqrt(r->cap[e] / cap_max) : 0);
        snprintf(col, sizeof(col), "#7a7a7a");
        if (!isnan(r->util[e])) {
            heat(col, sizeof(col), r->util[e]);
        } else if (!isnan(r->fail_ratio[e])) {
            heat(col, sizeof(col), isinf(r->fail_ratio[e]) ? 1.0 : (r->fail_ratio[e] - 1.0) / 2.0);
        }
        start(r, "line");
        attr(r, "class", r->built[e] ? "span" : "candidate");
        attrf(r, "x1", "%.1f", r->x[t->span_from[e]]);
        attrf(r, "y1", "%.1f", r->y[t->span_from[e]]);
        attrf(r, "x2", "%.1f", r->x[t->span_to[e]]);
        attrf(r, "y2", "%.1f", r->y[t->span_to[e]]);
        attr(r, "stroke", r->built[e] ? col : "#9a9a9a");
        attrf(r, "stroke-width", "%.2f", r->built[e] ? width : 1.5);
        if (!r->built[e]) {
            attr(r, "stroke-dasharray", "7 5");
        }
        start(r, "title");
        textf(r, "%s %s\xe2\x80\x93%s: %s Gbit/s", t->span_id[e], t->node_id[t->span_from[e]],
              t->node_id[t->span_to[e]], fp_textfmt_grouped(a, sizeof(a), r->cap[e]));
        if (!isnan(r->util[e])) {
            textf(r, ", %.0f%% used", 100.0 * r->util[e]);
        }
        if (!r->built[e]) {
            text(r, " (candidate, not built)");
        }
        end_svg(r);
        end_svg(r);
    }
    for (v = 0; v < t->n_nodes; v++) {
        bool site = t->gpus[v] > 0;
        start(r, "circle");
        attr(r, "class", site ? "site" : "transit");
        attrf(r, "cx", "%.1f", r->x[v]);
        attrf(r, "cy", "%.1f", r->y[v]);
        attrf(r, "r", "%.1f", site ? 5.0 + 13.0 * sqrt((double)t->gpus[v] / (double)gpus_max) : 2.5);
        attr(r, "fill", site ? "#3b78b5" : "#555555");
        attr(r, "fill-opacity", site ? "0.85" : "1");
        attr(r, "stroke", "#ffffff");
        start(r, "title");
        textf(r, "%s%s", t->node_id[v], site ? "" : " (transit)");
        if (site) {
            textf(r, ": %s GPUs", fp_textfmt_grouped(a, sizeof(a), (double)t->gpus[v]));
        }
        end_svg(r);
        end_svg(r);
        if (site) {
            start(r, "text");
            attrf(r, "x", "%.1f", r->x[v] + 9);
            attrf(r, "y", "%.1f", r->y[v] - 9);
            attr(r, "font-size", "12");
            attr(r, "fill", "#1a1a1a");
            text(r, t->node_id[v]);
            end_svg(r);
        }
    }
    end_svg(r);
    start(r, "p");
    attr(r, "class", "legend");
    text(r, "Sites in blue, sized by GPUs; transit nodes as dots. Spans are coloured from green (idle)"
            " to red (full) and widened by utilisation where the result routes traffic; otherwise their"
            " width grows with capacity (planned capacity for a plan) and, for failures, the colour says"
            " how much cutting the span slows the all-reduce (red: it cuts sites off). The bound's cut"
            " has a red halo; candidate spans not built are dashed. Hover for values.");
    end(r);
    end(r);
}

/* The smallest of 1, 2, 2.5, 4, 5, 8, 10 x 10^k at least v: four or five even ticks. */
static double nice_ceil(double v)
{
    static const double steps[] = {1, 2, 2.5, 4, 5, 8, 10};
    double p = pow(10.0, floor(log10(v)));
    size_t i;
    for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (steps[i] * p >= v * (1 - 1e-12)) {
            return steps[i] * p;
        }
    }
    return 10 * p;
}

static void frontier(struct rep *r)
{
    const json_t *fr = json_object_get(r->root, "frontier"), *p;
    double bmax = 0, tmax = 0;
    size_t i, n = json_array_size(fr);
    char a[64], b[64];
    int k;

    if (n == 0) {
        return;
    }
    json_array_foreach(fr, i, p) {
        bmax = num(p, "budget_usd") > bmax ? num(p, "budget_usd") : bmax;
        tmax = isfinite(num(p, "allreduce_s")) && num(p, "allreduce_s") > tmax ? num(p, "allreduce_s") : tmax;
    }
    bmax = nice_ceil(bmax > 0 ? bmax : 1);
    tmax = nice_ceil(tmax > 0 ? tmax : 1);
    start(r, "section");
    attr(r, "id", "frontier");
    elem(r, "h2", "Budget frontier");
    start(r, "svg");
    attr(r, "xmlns", "http://www.w3.org/2000/svg");
    attrf(r, "viewBox", "0 0 %.0f %.0f", CHART_W, CHART_H);
    attr(r, "role", "img");
    attr(r, "aria-label", "all-reduce time against budget");
#define CX(b_) (70.0 + ((b_) / bmax) * (CHART_W - 100.0))
#define CY(t_) (CHART_H - 50.0 - ((t_) / tmax) * (CHART_H - 80.0))
    for (k = 0; k <= 4; k++) {   /* axes and ticks */
        start(r, "line");
        attrf(r, "x1", "%.1f", 70.0);
        attrf(r, "x2", "%.1f", CHART_W - 30.0);
        attrf(r, "y1", "%.1f", CY(tmax * k / 4.0));
        attrf(r, "y2", "%.1f", CY(tmax * k / 4.0));
        attr(r, "stroke", "#e4e4e4");
        end_svg(r);
        start(r, "text");
        attr(r, "x", "64");
        attrf(r, "y", "%.1f", CY(tmax * k / 4.0) + 4);
        attr(r, "font-size", "11");
        attr(r, "text-anchor", "end");
        text(r, seconds(a, sizeof(a), tmax * k / 4.0));
        end_svg(r);
        start(r, "text");
        attrf(r, "x", "%.1f", CX(bmax * k / 4.0));
        attrf(r, "y", "%.1f", CHART_H - 30.0);
        attr(r, "font-size", "11");
        attr(r, "text-anchor", "middle");
        textf(r, "$%.4gM", bmax * k / 4.0 / 1e6);
        end_svg(r);
    }
    start(r, "text");
    attrf(r, "x", "%.1f", CHART_W / 2);
    attrf(r, "y", "%.1f", CHART_H - 8.0);
    attr(r, "font-size", "12");
    attr(r, "text-anchor", "middle");
    text(r, "budget (USD)   \xe2\x80\x94   all-reduce time T per training step");
    end_svg(r);
    start(r, "polyline");
    attr(r, "fill", "none");
    attr(r, "stroke", "#3b78b5");
    attr(r, "stroke-width", "2.5");
    {
        char *pts = NULL;
        size_t len = 0;
        FILE *fp = open_memstream(&pts, &len);
        if (fp != NULL) {
            json_array_foreach(fr, i, p) {
                if (isfinite(num(p, "allreduce_s"))) {
                    fprintf(fp, "%s%.1f,%.1f", i > 0 ? " " : "", CX(num(p, "budget_usd")), CY(num(p, "allreduce_s")));
                }
            }
            fclose(fp);
            attr(r, "points", pts);
            free(pts);
        }
    }
    end_svg(r);
    json_array_foreach(fr, i, p) {
        bool knee = json_is_true(json_object_get(p, "knee"));
        if (!isfinite(num(p, "allreduce_s"))) {
            continue;
        }
        start(r, "circle");
        attr(r, "class", knee ? "knee" : "point");
        attrf(r, "cx", "%.1f", CX(num(p, "budget_usd")));
        attrf(r, "cy", "%.1f", CY(num(p, "allreduce_s")));
        attr(r, "r", knee ? "8" : "4");
        attr(r, "fill", knee ? "none" : "#3b78b5");
        attr(r, "stroke", knee ? "#e0301e" : "#3b78b5");
        attr(r, "stroke-width", knee ? "3" : "1");
        start(r, "title");
        textf(r, "budget $%s: T %s", fp_textfmt_grouped(a, sizeof(a), num(p, "budget_usd")), seconds(b, sizeof(b), num(p, "allreduce_s")));
        end_svg(r);
        end_svg(r);
        if (knee) {
            start(r, "text");
            attrf(r, "x", "%.1f", CX(num(p, "budget_usd")) + 12);
            attrf(r, "y", "%.1f", CY(num(p, "allreduce_s")) - 10);
            attr(r, "font-size", "12");
            attr(r, "fill", "#e0301e");
            text(r, "knee");
            end_svg(r);
        }
    }
#undef CX
#undef CY
    end_svg(r);
    start(r, "table");
    start(r, "tr");
    elem(r, "th", "budget USD");
    elem(r, "th", "spent USD");
    elem(r, "th", "T");
    elem(r, "th", "T_bw");
    elem(r, "th", "T_lat");
    elem(r, "th", "\xce\xb8 Gbit/s");
    elem(r, "th", "gap");
    end(r);
    json_array_foreach(fr, i, p) {
        start(r, "tr");
        elem(r, "td", fp_textfmt_grouped(a, sizeof(a), num(p, "budget_usd")));
        elem(r, "td", fp_textfmt_grouped(a, sizeof(a), num(p, "cost_usd")));
        elem(r, "td", seconds(a, sizeof(a), num(p, "allreduce_s")));
        elem(r, "td", seconds(a, sizeof(a), num(p, "bandwidth_s")));
        elem(r, "td", seconds(a, sizeof(a), num(p, "latency_s")));
        elem(r, "td", fp_textfmt_grouped(a, sizeof(a), num(p, "throughput_gbps")));
        snprintf(a, sizeof(a), "%.3g%%%s", 100.0 * num(p, "gap"), json_is_true(json_object_get(p, "knee")) ? " (knee)" : "");
        elem(r, "td", a);
        end(r);
    }
    end(r);
    end(r);
}

static void upgrades(struct rep *r)
{
    const json_t *ups = json_object_get(json_object_get(r->root, "plan"), "upgrades"), *u;
    size_t i;
    char a[64];
    if (!json_is_array(ups)) {
        return;
    }
    start(r, "section");
    attr(r, "id", "upgrades");
    elem(r, "h2", json_is_array(json_object_get(r->root, "frontier")) ? "Upgrades at the largest budget" : "Upgrades");
    start(r, "table");
    start(r, "tr");
    start(r, "th");
    attr(r, "class", "l");
    text(r, "span");
    end(r);
    start(r, "th");
    attr(r, "class", "l");
    text(r, "ends");
    end(r);
    elem(r, "th", "added Gbit/s");
    elem(r, "th", "planned Gbit/s");
    elem(r, "th", "wavelengths");
    elem(r, "th", "built");
    elem(r, "th", "cost USD");
    end(r);
    json_array_foreach(ups, i, u) {
        igraph_integer_t e = fp_topo_find_span(r->topo, str(u, "id"));
        start(r, "tr");
        start(r, "td");
        attr(r, "class", "l");
        text(r, str(u, "id"));
        end(r);
        start(r, "td");
        attr(r, "class", "l");
        if (e >= 0) {
            textf(r, "%s\xe2\x80\x93%s", r->topo->node_id[r->topo->span_from[e]], r->topo->node_id[r->topo->span_to[e]]);
        }
        end(r);
        elem(r, "td", fp_textfmt_grouped(a, sizeof(a), num(u, "added_gbps")));
        elem(r, "td", fp_textfmt_grouped(a, sizeof(a), num(u, "capacity_gbps")));
        snprintf(a, sizeof(a), "%.4g", num(u, "modules"));
        elem(r, "td", a);
        if (json_is_number(json_object_get(u, "build"))) {
            snprintf(a, sizeof(a), "%.2f", num(u, "build"));
        } else {
            snprintf(a, sizeof(a), "-");
        }
        elem(r, "td", a);
        elem(r, "td", fp_textfmt_grouped(a, sizeof(a), num(u, "cost_usd")));
        end(r);
    }
    if (json_array_size(ups) == 0) {
        start(r, "tr");
        start(r, "td");
        attr(r, "class", "l");
        text(r, "none");
        end(r);
        end(r);
    }
    end(r);
    end(r);
}

static void scenarios(struct rep *r, const json_t *list, double intact, const char *title)
{
    const json_t *f, *s;
    size_t i, j;
    char a[64];
    if (!json_is_array(list) || json_array_size(list) == 0) {
        return;
    }
    start(r, "section");
    attr(r, "id", "failures");
    elem(r, "h2", title);
    start(r, "table");
    start(r, "tr");
    start(r, "th");
    attr(r, "class", "l");
    text(r, "scenario");
    end(r);
    start(r, "th");
    attr(r, "class", "l");
    text(r, "spans cut");
    end(r);
    elem(r, "th", "T");
    elem(r, "th", "\xce\xb8 Gbit/s");
    elem(r, "th", "\xc3\x97 intact");
    start(r, "th");
    attr(r, "class", "l");
    text(r, "sites cut off");
    end(r);
    end(r);
    json_array_foreach(list, i, f) {
        bool cut = json_is_true(json_object_get(f, "disconnected"));
        start(r, "tr");
        start(r, "td");
        attr(r, "class", "l");
        text(r, str(f, "label"));
        end(r);
        start(r, "td");
        attr(r, "class", "l");
        json_array_foreach(json_object_get(f, "failed"), j, s) {
            textf(r, "%s%s", j > 0 ? " " : "", json_string_value(s));
        }
        end(r);
        elem(r, "td", seconds(a, sizeof(a), num(f, "allreduce_s")));
        elem(r, "td", fp_textfmt_grouped(a, sizeof(a), num(f, "throughput_gbps")));
        if (cut || !(intact > 0)) {
            snprintf(a, sizeof(a), "-");
        } else {
            snprintf(a, sizeof(a), "%.3f", num(f, "allreduce_s") / intact);
        }
        elem(r, "td", a);
        start(r, "td");
        attr(r, "class", cut ? "l bad" : "l");
        json_array_foreach(json_object_get(f, "cut_off"), j, s) {
            textf(r, "%s%s", j > 0 ? " " : "", json_string_value(s));
        }
        if (json_is_true(json_object_get(f, "unprotectable"))) {
            text(r, " (no plan can protect it)");
        }
        end(r);
        end(r);
    }
    end(r);
    end(r);
}

static const double *sort_util;

static int by_util(const void *a, const void *b)
{
    igraph_integer_t x = *(const igraph_integer_t *)a, y = *(const igraph_integer_t *)b;
    double ux = isnan(sort_util[x]) ? -1 : sort_util[x], uy = isnan(sort_util[y]) ? -1 : sort_util[y];
    if (ux != uy) {
        return ux > uy ? -1 : 1;
    }
    return x < y ? -1 : x > y;
}

static void spans(struct rep *r)
{
    const struct fp_topo *t = r->topo;
    igraph_integer_t *order = fp_xcalloc((size_t)t->n_spans + 1, sizeof(igraph_integer_t));
    igraph_integer_t e, i;
    char a[64];

    for (e = 0; e < t->n_spans; e++) {
        order[e] = e;
    }
    sort_util = r->util;
    qsort(order, (size_t)t->n_spans, sizeof(igraph_integer_t), by_util);
    start(r, "section");
    attr(r, "id", "spans");
    elem(r, "h2", "Spans");
    start(r, "table");
    start(r, "tr");
    start(r, "th");
    attr(r, "class", "l");
    text(r, "span");
    end(r);
    start(r, "th");
    attr(r, "class", "l");
    text(r, "ends");
    end(r);
    elem(r, "th", "km");
    elem(r, "th", "delay");
    elem(r, "th", "Gbit/s");
    elem(r, "th", "ceiling");
    elem(r, "th", "used");
    start(r, "th");
    attr(r, "class", "l");
    text(r, "notes");
    end(r);
    end(r);
    for (i = 0; i < t->n_spans; i++) {
        e = order[i];
        start(r, "tr");
        start(r, "td");
        attr(r, "class", "l");
        text(r, t->span_id[e]);
        end(r);
        start(r, "td");
        attr(r, "class", "l");
        textf(r, "%s\xe2\x80\x93%s", t->node_id[t->span_from[e]], t->node_id[t->span_to[e]]);
        end(r);
        elem(r, "td", fp_textfmt_grouped(a, sizeof(a), t->length_km[e]));
        elem(r, "td", seconds(a, sizeof(a), t->delay_s[e]));
        elem(r, "td", fp_textfmt_grouped(a, sizeof(a), r->cap[e]));
        elem(r, "td", fp_textfmt_grouped(a, sizeof(a), t->ceiling_gbps[e]));
        if (isnan(r->util[e])) {
            snprintf(a, sizeof(a), "-");
        } else {
            snprintf(a, sizeof(a), "%.0f%%", 100.0 * r->util[e]);
        }
        elem(r, "td", a);
        start(r, "td");
        attr(r, "class", r->cut[e] ? "l bad" : "l");
        textf(r, "%s%s%s", r->cut[e] ? "in the bottleneck cut " : "", r->built[e] ? "" : "candidate ",
              t->srlg[e] != NULL ? t->srlg[e] : "");
        end(r);
        end(r);
    }
    end(r);
    end(r);
    free(order);
}

/* ---- entry points ---- */

int fp_report_topology_path(const char *result_path, char **topo_path, struct fp_error *err)
{
    json_t *root = NULL;
    char display[512];
    const char *file;
    int rc = fp_resultread_load(result_path, &root, display, sizeof(display), err);
    if (rc != FP_OK) {
        return rc;
    }
    file = str(json_object_get(root, "topology"), "file");
    if (file[0] == '\0' || strcmp(file, "<stdin>") == 0) {
        rc = fp_error_set(err, FP_EDATA, display, 0, "the result does not name its topology file "
                          "(read from standard input?): give it with --topology");
    } else {
        *topo_path = fp_xstrdup(file);
    }
    json_decref(root);
    return rc;
}

int fp_report_html(const char *result_path, const struct fp_topo *topo, char **html, struct fp_error *err)
{
    struct rep r;
    xmlBufferPtr buf = NULL;
    char display[512];
    igraph_integer_t n = topo->n_spans;
    int rc;

    memset(&r, 0, sizeof(r));
    r.topo = topo;
    rc = fp_resultread_load(result_path, &r.root, display, sizeof(display), err);
    if (rc != FP_OK) {
        return rc;
    }
    r.x = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(double));
    r.y = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(double));
    r.cap = fp_xcalloc((size_t)n + 1, sizeof(double));
    r.util = fp_xcalloc((size_t)n + 1, sizeof(double));
    r.fail_ratio = fp_xcalloc((size_t)n + 1, sizeof(double));
    r.cut = fp_xcalloc((size_t)n + 1, sizeof(bool));
    r.built = fp_xcalloc((size_t)n + 1, sizeof(bool));
    rc = annotate(&r, display, err);
    if (rc == FP_OK) {
        rc = layout(&r, err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    r.w = fp_xml_memory_writer(&buf);
    if (r.w == NULL) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: libxml2: out of memory");
        goto out;
    }
    xmlTextWriterWriteRaw(r.w, BAD_CAST "<!DOCTYPE html>\n");
    start(&r, "html");
    attr(&r, "lang", "en");
    start(&r, "head");
    start(&r, "meta");
    attr(&r, "charset", "utf-8");
    end_svg(&r);
    start(&r, "title");
    textf(&r, "fiberplan review: %s (%s)", topo->name != NULL ? topo->name : topo->path, str(r.root, "command"));
    end(&r);
    elem(&r, "style", css);
    end(&r);
    start(&r, "body");
    header(&r);
    headline(&r);
    map(&r);
    frontier(&r);
    upgrades(&r);
    scenarios(&r, json_object_get(r.root, "failures"), num(json_object_get(r.root, "intact"), "allreduce_s"),
              "Failure scenarios, worst first");
    scenarios(&r, json_object_get(json_object_get(json_object_get(r.root, "plan"), "survive"), "scenarios"),
              num(json_object_get(r.root, "collective"), "allreduce_s"), "Failure scenarios on the planned network");
    spans(&r);
    end(&r);
    end(&r);
    xmlTextWriterEndDocument(r.w);
    xmlFreeTextWriter(r.w);
    *html = fp_xstrdup((const char *)xmlBufferContent(buf));
out:
    if (buf != NULL) {
        xmlBufferFree(buf);
    }
    json_decref(r.root);
    free(r.x);
    free(r.y);
    free(r.cap);
    free(r.util);
    free(r.fail_ratio);
    free(r.cut);
    free(r.built);
    return rc;
}
