/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the review's charts and tables: the budget frontier with the chosen plan, the
 * upgrades with totals, the next dollars, the collectives, the schedule's trees, the failure
 * scenarios, the job's assumptions and the spans. Every number is visible: nothing to hover. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "io/report_internal.h"
#include "io/textfmt.h"

#define CHART_W 1000.0
#define CHART_H 360.0
#define CX(b_) (80.0 + ((b_) / bmax) * (CHART_W - 120.0))
#define CY(t_) (CHART_H - 50.0 - ((t_) / tmax) * (CHART_H - 80.0))

static double num(const json_t *o, const char *key)
{
    return fp_reportw_num(o, key);
}

static const char *str(const json_t *o, const char *key)
{
    return fp_reportw_str(o, key);
}

static void row_start(struct rep *r, const char *cls)
{
    fp_reportw_start(r, "tr");
    if (cls != NULL) {
        fp_reportw_attr(r, "class", cls);
    }
}

/* A header row from "<"-prefixed (left) or plain (right-aligned) titles, NULL-terminated. */
static void header_row(struct rep *r, const char *const *titles)
{
    row_start(r, NULL);
    for (; *titles != NULL; titles++) {
        fp_reportw_cell(r, "th", (*titles)[0] == '<', (*titles)[0] == '<' ? *titles + 1 : *titles);
    }
    fp_reportw_end(r);
}

static const char *grouped(char *buf, size_t size, double v)
{
    return isfinite(v) ? fp_textfmt_grouped(buf, size, v) : strcpy(buf, "-");
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

/* ---- the frontier ---- */

static void frontier_axes(struct rep *r, double bmax, double tmax)
{
    char a[64];
    int k;
    for (k = 0; k <= 4; k++) {
        fp_reportw_start(r, "line");
        fp_reportw_attrf(r, "x1", "%.1f", 80.0);
        fp_reportw_attrf(r, "x2", "%.1f", CHART_W - 40.0);
        fp_reportw_attrf(r, "y1", "%.1f", CY(tmax * k / 4.0));
        fp_reportw_attrf(r, "y2", "%.1f", CY(tmax * k / 4.0));
        fp_reportw_attr(r, "stroke", "#e4e4e4");
        fp_reportw_end_svg(r);
        fp_reportw_svg_text(r, 72, CY(tmax * k / 4.0) + 4, 11, "end",
                            fp_reportw_seconds(a, sizeof(a), tmax * k / 4.0));
        if (k == 0) {
            snprintf(a, sizeof(a), "$0");
        } else {
            snprintf(a, sizeof(a), "$%.4gM", bmax * k / 4.0 / 1e6);
        }
        fp_reportw_svg_text(r, CX(bmax * k / 4.0), CHART_H - 30.0, 11, "middle", a);
    }
    fp_reportw_svg_text(r, CHART_W / 2, CHART_H - 8.0, 12, "middle",
                        "budget (USD) \xe2\x80\x94 all-reduce time T per training step");
}

static void frontier_curve(struct rep *r, const json_t *fr, double bmax, double tmax)
{
    const json_t *p;
    char *pts = NULL, a[64];
    size_t i, len = 0;
    FILE *fp = open_memstream(&pts, &len);
    if (fp == NULL) {
        return;
    }
    json_array_foreach(fr, i, p)
    {
        if (isfinite(num(p, "allreduce_s"))) {
            fprintf(fp, "%s%.1f,%.1f", i > 0 ? " " : "", CX(num(p, "budget_usd")),
                    CY(num(p, "allreduce_s")));
        }
    }
    fclose(fp);
    fp_reportw_start(r, "polyline");
    fp_reportw_attr(r, "fill", "none");
    fp_reportw_attr(r, "stroke", "#3b78b5");
    fp_reportw_attr(r, "stroke-width", "2.5");
    fp_reportw_attr(r, "points", pts);
    fp_reportw_end_svg(r);
    free(pts);
    json_array_foreach(fr, i, p)
    {
        bool knee = json_is_true(json_object_get(p, "knee"));
        double x = CX(num(p, "budget_usd")), y = CY(num(p, "allreduce_s"));
        if (!isfinite(num(p, "allreduce_s"))) {
            continue;
        }
        fp_reportw_start(r, "circle");
        fp_reportw_attr(r, "class", knee ? "knee" : "point");
        fp_reportw_attrf(r, "cx", "%.1f", x);
        fp_reportw_attrf(r, "cy", "%.1f", y);
        fp_reportw_attr(r, "r", knee ? "8" : "4");
        fp_reportw_attr(r, "fill", knee ? "none" : "#3b78b5");
        fp_reportw_attr(r, "stroke", knee ? "#e0301e" : "#3b78b5");
        fp_reportw_attr(r, "stroke-width", knee ? "3" : "1");
        fp_reportw_end_svg(r);
        fp_reportw_svg_text(r, x > CHART_W - 100 ? x - 6 : x + 6, y - 8, 10,
                            x > CHART_W - 100 ? "end" : "start",
                            fp_reportw_seconds(a, sizeof(a), num(p, "allreduce_s")));
        if (knee) {
            fp_reportw_svg_text(r, x + 12, y + 16, 12, "start", "knee");
        }
    }
}

/* The plan result on the frontier: a square at its budget (its cost for a target-time plan). */
static void frontier_chosen(struct rep *r, double bmax, double tmax)
{
    const json_t *p = json_object_get(r->plan, "plan");
    double b = isfinite(num(p, "budget_usd")) ? num(p, "budget_usd") : num(p, "cost_usd");
    double t = num(json_object_get(r->plan, "collective"), "allreduce_s"), x, y;
    char s[64], lab[160];
    if (r->plan == NULL || !isfinite(b) || !isfinite(t) || b > bmax || t > tmax) {
        return;
    }
    x = CX(b), y = CY(t);
    fp_reportw_start(r, "rect");
    fp_reportw_attr(r, "class", "chosen");
    fp_reportw_attrf(r, "x", "%.1f", x - 7);
    fp_reportw_attrf(r, "y", "%.1f", y - 7);
    fp_reportw_attr(r, "width", "14");
    fp_reportw_attr(r, "height", "14");
    fp_reportw_attr(r, "fill", "none");
    fp_reportw_attr(r, "stroke", "#5e2ca5");
    fp_reportw_attr(r, "stroke-width", "3");
    fp_reportw_end_svg(r);
    snprintf(lab, sizeof(lab), "chosen plan: $%.4gM, T %s", b / 1e6,
             fp_reportw_seconds(s, sizeof(s), t));
    fp_reportw_start(r, "g");
    fp_reportw_attr(r, "fill", "#5e2ca5");
    fp_reportw_attr(r, "font-weight", "bold");
    fp_reportw_svg_text(r, x + 14, y - 26, 12, "start", lab);
    fp_reportw_end_svg(r);
}

static void frontier_table(struct rep *r, const json_t *fr)
{
    static const char *const titles[] = {"budget", "spent",           "T",       "T_bw",
                                         "T_lat",  "\xce\xb8 Gbit/s", "<status", NULL};
    const json_t *p;
    size_t i;
    char a[64];
    fp_reportw_start(r, "table");
    header_row(r, titles);
    json_array_foreach(fr, i, p)
    {
        row_start(r, json_is_true(json_object_get(p, "knee")) ? "knee" : NULL);
        fp_reportw_cell(r, "td", false, fp_reportw_usd(a, sizeof(a), num(p, "budget_usd")));
        fp_reportw_cell(r, "td", false, fp_reportw_usd(a, sizeof(a), num(p, "cost_usd")));
        fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), num(p, "allreduce_s")));
        fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), num(p, "bandwidth_s")));
        fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), num(p, "latency_s")));
        fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), num(p, "throughput_gbps")));
        snprintf(a, sizeof(a), "%s%s", str(p, "status"),
                 json_is_true(json_object_get(p, "knee")) ? ", knee" : "");
        fp_reportw_cell(r, "td", true, a);
        fp_reportw_end(r);
    }
    fp_reportw_end(r);
}

void fp_reporttab_frontier(struct rep *r)
{
    const json_t *fr = json_object_get(r->sweep, "frontier"), *p;
    double bmax = 0, tmax = 0;
    size_t i;
    if (json_array_size(fr) == 0) {
        return;
    }
    json_array_foreach(fr, i, p)
    {
        bmax = fmax(bmax, num(p, "budget_usd"));
        tmax = isfinite(num(p, "allreduce_s")) ? fmax(tmax, num(p, "allreduce_s")) : tmax;
    }
    bmax = nice_ceil(bmax > 0 ? bmax : 1);
    tmax = nice_ceil(tmax > 0 ? tmax : 1);
    fp_reportw_section(r, "frontier", "Budget frontier");
    fp_reportw_start(r, "svg");
    fp_reportw_attr(r, "xmlns", "http://www.w3.org/2000/svg");
    fp_reportw_attrf(r, "viewBox", "0 0 %.0f %.0f", CHART_W, CHART_H);
    fp_reportw_attr(r, "role", "img");
    fp_reportw_attr(r, "aria-label", "all-reduce time against budget");
    frontier_axes(r, bmax, tmax);
    frontier_curve(r, fr, bmax, tmax);
    frontier_chosen(r, bmax, tmax);
    fp_reportw_end_svg(r);
    frontier_table(r, fr);
    fp_reportw_end(r);
}

/* ---- upgrades and the next dollars ---- */

/* Under a cost model (.plan.upgrades[].optics): the mode, pairs lit and amplifiers. */
static void optics_cells(struct rep *r, const json_t *u, double *sum)
{
    const json_t *o = json_object_get(u, "optics");
    double pairs = num(o, "pairs_lit"), amps = num(o, "amplifiers");
    char a[64];
    bool whole = fabs(pairs - round(pairs)) < 1e-6;
    fp_reportw_cell(r, "td", true, json_is_object(o) ? str(o, "mode") : "");
    snprintf(a, sizeof(a), whole ? "%.0f" : "%.2f", json_is_object(o) ? pairs : 0.0);
    fp_reportw_cell(r, "td", false, json_is_object(o) ? a : "");
    snprintf(a, sizeof(a), whole ? "%.0f" : "%.1f", json_is_object(o) ? amps : 0.0);
    fp_reportw_cell(r, "td", false, json_is_object(o) ? a : "");
    sum[3] += json_is_object(o) && isfinite(pairs) ? pairs : 0;
    sum[4] += json_is_object(o) && isfinite(amps) ? amps : 0;
}

static void upgrade_row(struct rep *r, const json_t *u, double *sum, bool optics)
{
    igraph_integer_t e = fp_topo_find_span(r->topo, str(u, "id"));
    double waves = ceil(num(u, "modules") - 1e-6); /* whole wavelengths: light what is bought */
    char a[160];
    row_start(r, NULL);
    fp_reportw_cell(r, "td", true, str(u, "id"));
    fp_reportw_cell(r, "td", true, e >= 0 ? fp_reportw_ends(r, e, a, sizeof(a)) : "");
    fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), num(u, "added_gbps")));
    fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), num(u, "capacity_gbps")));
    fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), waves));
    fp_reportw_cell(r, "td", true, json_is_number(json_object_get(u, "build")) ? "new span" : "");
    if (optics) {
        optics_cells(r, u, sum);
    }
    fp_reportw_cell(r, "td", false, fp_reportw_usd(a, sizeof(a), num(u, "cost_usd")));
    fp_reportw_end(r);
    sum[0] += isfinite(num(u, "added_gbps")) ? num(u, "added_gbps") : 0;
    sum[1] += isfinite(waves) ? waves : 0;
    sum[2] += isfinite(num(u, "cost_usd")) ? num(u, "cost_usd") : 0;
}

static void upgrades_total(struct rep *r, size_t n, const double *sum, bool optics)
{
    char a[64];
    row_start(r, "total");
    fp_reportw_cell(r, "td", true, "total");
    snprintf(a, sizeof(a), "%zu spans", n);
    fp_reportw_cell(r, "td", true, a);
    fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), sum[0]));
    fp_reportw_cell(r, "td", false, "");
    fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), sum[1]));
    fp_reportw_cell(r, "td", false, "");
    if (optics) {
        fp_reportw_cell(r, "td", false, "");
        snprintf(a, sizeof(a), fabs(sum[3] - round(sum[3])) < 1e-6 ? "%.0f" : "%.2f", sum[3]);
        fp_reportw_cell(r, "td", false, a);
        snprintf(a, sizeof(a), fabs(sum[4] - round(sum[4])) < 1e-6 ? "%.0f" : "%.1f", sum[4]);
        fp_reportw_cell(r, "td", false, a);
    }
    fp_reportw_cell(r, "td", false, fp_reportw_usd(a, sizeof(a), sum[2]));
    fp_reportw_end(r);
}

void fp_reporttab_upgrades(struct rep *r)
{
    static const char *const titles[] = {"<span",       "<ends", "added Gbit/s", "planned Gbit/s",
                                         "wavelengths", "<",     "cost",         NULL};
    static const char *const optics_titles[] = {"<span", "<ends", "added Gbit/s", "planned Gbit/s", "wavelengths", "<",
                                                "<mode", "pairs lit", "amplifiers", "cost", NULL};
    const json_t *ups = json_object_get(r->plan_obj, "upgrades"), *u;
    double sum[5] = {0, 0, 0, 0, 0};
    bool optics = false;
    size_t i;
    char a[64], b[64], c[64];
    if (!json_is_array(ups)) {
        return;
    }
    fp_reportw_section(r, "upgrades",
                       r->plan == NULL ? "Upgrades at the largest budget" : "Upgrades");
    fp_reportw_start(r, "p");
    fp_reportw_textf(r, "Plan cost %s of a %s budget (%s unspent). ",
                     fp_reportw_usd(a, sizeof(a), num(r->plan_obj, "cost_usd")),
                     fp_reportw_usd(b, sizeof(b), num(r->plan_obj, "budget_usd")),
                     fp_reportw_usd(c, sizeof(c), num(r->plan_obj, "unspent_usd")));
    if (!json_is_true(json_object_get(r->plan_obj, "modular"))) {
        fp_reportw_text(
            r,
            "A continuous plan: wavelengths are the whole wavelengths to light for the capacity "
            "added (rounded up).");
    }
    fp_reportw_end(r);
    json_array_foreach(ups, i, u)
    {
        optics = optics || json_is_object(json_object_get(u, "optics"));
    }
    if (optics) {
        fp_reportw_start(r, "p");
        fp_reportw_text(r, "Priced by a cost model: each upgrade's transceiver mode, the dark fiber pairs it "
                           "lights and the in-line amplifiers those pairs need (MODEL.md \"Optics\").");
        fp_reportw_end(r);
    }
    fp_reportw_start(r, "table");
    header_row(r, optics ? optics_titles : titles);
    json_array_foreach(ups, i, u)
    {
        upgrade_row(r, u, sum, optics);
    }
    upgrades_total(r, json_array_size(ups), sum, optics);
    fp_reportw_end(r);
    fp_reportw_end(r);
}

static int by_gain(const void *a, const void *b)
{
    double x = fp_reportw_num(*(const json_t *const *)a, "seconds_per_usd");
    double y = fp_reportw_num(*(const json_t *const *)b, "seconds_per_usd");
    return (y > x) - (y < x);
}

/* The spans where the next dollar saves the most time (.plan.seconds_per_usd), best first. */
void fp_reporttab_next_dollars(struct rep *r)
{
    static const char *const titles[] = {"<span", "<ends", "T saved per $1M", NULL};
    const json_t *spu = json_object_get(r->plan_obj, "seconds_per_usd"), *s;
    const json_t **order;
    size_t i, n = json_array_size(spu), shown = 0;
    char a[160];
    if (n == 0) {
        return;
    }
    order = fp_xcalloc(n, sizeof(*order));
    json_array_foreach(spu, i, s)
    {
        order[i] = s;
    }
    qsort(order, n, sizeof(*order), by_gain);
    fp_reportw_section(r, "next-dollars", "Next dollars");
    fp_reportw_elem(
        r, "p",
        "Where the next million dollars shortens the all-reduce most, on the planned network.");
    fp_reportw_start(r, "table");
    header_row(r, titles);
    for (i = 0; i < n && shown < 8 && num(order[i], "seconds_per_usd") > 0; i++, shown++) {
        igraph_integer_t e = fp_topo_find_span(r->topo, str(order[i], "id"));
        row_start(r, NULL);
        fp_reportw_cell(r, "td", true, str(order[i], "id"));
        fp_reportw_cell(r, "td", true, e >= 0 ? fp_reportw_ends(r, e, a, sizeof(a)) : "");
        fp_reportw_cell(r, "td", false,
                        fp_reportw_seconds(a, sizeof(a), 1e6 * num(order[i], "seconds_per_usd")));
        fp_reportw_end(r);
    }
    if (shown == 0) {
        row_start(r, NULL);
        fp_reportw_cell(r, "td", true, "none: no single span shortens T");
        fp_reportw_end(r);
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
    free(order);
}

/* ---- the schedule ---- */

static void collective_row(struct rep *r, const json_t *c, const char *network)
{
    char a[64];
    row_start(r, NULL);
    fp_reportw_cell(r, "td", true, str(c, "algorithm"));
    fp_reportw_cell(r, "td", true, network);
    fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), num(c, "throughput_gbps")));
    fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), num(c, "allreduce_s")));
    fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), num(c, "bandwidth_s")));
    fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), num(c, "latency_s")));
    snprintf(a, sizeof(a), "%.3f", num(c, "lower_bound_ratio"));
    fp_reportw_cell(r, "td", false, isfinite(num(c, "lower_bound_ratio")) ? a : "-");
    fp_reportw_end(r);
}

void fp_reporttab_collectives(struct rep *r)
{
    static const char *const titles[] = {"<collective", "<network", "\xce\xb8 Gbit/s", "T",
                                         "T_bw",        "T_lat",    "T / T_lb",        NULL};
    const json_t *all = json_object_get(r->route, "collectives"), *c;
    const json_t *planned = json_object_get(r->plan, "collective");
    size_t i;
    if (r->route == NULL && r->plan == NULL) {
        return;
    }
    fp_reportw_section(r, "collectives", "Collectives compared");
    fp_reportw_start(r, "table");
    header_row(r, titles);
    if (json_is_array(all)) {
        json_array_foreach(all, i, c)
        {
            collective_row(r, c, "today");
        }
    } else if (json_is_object(json_object_get(r->route, "collective"))) {
        collective_row(r, json_object_get(r->route, "collective"), "today");
    }
    if (json_is_object(planned)) {
        collective_row(r, planned, "after the plan");
    }
    fp_reportw_end(r);
    if (!json_is_array(all) && r->route != NULL) {
        fp_reportw_elem(r, "p", "Route with --collective all to compare tree, ring and direct.");
    }
    fp_reportw_end(r);
}

static void tree_row(struct rep *r, const json_t *t, size_t k)
{
    const json_t *edge;
    igraph_integer_t v = fp_topo_find_node(r->topo, str(t, "root"));
    size_t i;
    char a[64];
    row_start(r, NULL);
    snprintf(a, sizeof(a), "%zu", k + 1);
    fp_reportw_cell(r, "td", false, a);
    fp_reportw_cell(r, "td", true, v >= 0 ? fp_reportw_node(r, v) : str(t, "root"));
    fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), num(t, "rate_gbps")));
    snprintf(a, sizeof(a), "%.1f%%", 100.0 * num(t, "share"));
    fp_reportw_cell(r, "td", false, a);
    fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), num(t, "depth_s")));
    fp_reportw_start(r, "td");
    fp_reportw_attr(r, "class", "l edges");
    json_array_foreach(json_object_get(t, "edges"), i, edge)
    {
        fp_reportw_textf(r, "%s%s\xe2\x86\x92%s", i > 0 ? ", " : "",
                         json_string_value(json_array_get(edge, 0)),
                         json_string_value(json_array_get(edge, 1)));
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
}

void fp_reporttab_trees(struct rep *r)
{
    static const char *const titles[] = {
        "tree", "<root", "rate Gbit/s", "share", "depth", "<edges (child\xe2\x86\x92parent)", NULL};
    json_t *src = r->route != NULL ? r->route : r->plan;
    const json_t *trees = json_object_get(json_object_get(src, "collective"), "trees"), *t;
    size_t i;
    if (json_array_size(trees) == 0) {
        return;
    }
    fp_reportw_section(r, "trees",
                       r->route != NULL ? "Trees of the schedule"
                                        : "Trees of the schedule, planned network");
    fp_reportw_elem(
        r, "p", "Each tree reduces to its root and broadcasts back; the rates add up to \xce\xb8.");
    fp_reportw_start(r, "table");
    header_row(r, titles);
    json_array_foreach(trees, i, t)
    {
        tree_row(r, t, i);
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
}

/* ---- failures ---- */

static void failed_spans(struct rep *r, const json_t *f)
{
    const json_t *s;
    size_t j;
    char a[160];
    fp_reportw_start(r, "td");
    fp_reportw_attr(r, "class", "l");
    json_array_foreach(json_object_get(f, "failed"), j, s)
    {
        igraph_integer_t e = fp_topo_find_span(r->topo, json_string_value(s));
        fp_reportw_textf(r, "%s%s", j > 0 ? "; " : "",
                         e >= 0 ? fp_reportw_ends(r, e, a, sizeof(a)) : "?");
        if (strcmp(json_string_value(s), str(f, "label")) != 0) {
            fp_reportw_textf(r, " (%s)", json_string_value(s));
        }
    }
    fp_reportw_end(r);
}

static void scenario_row(struct rep *r, const json_t *f, double intact)
{
    bool cut = json_is_true(json_object_get(f, "disconnected"));
    const json_t *s;
    size_t j;
    char a[64];
    row_start(r, NULL);
    fp_reportw_cell(r, "td", true, str(f, "label"));
    failed_spans(r, f);
    fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), num(f, "allreduce_s")));
    fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), num(f, "throughput_gbps")));
    snprintf(a, sizeof(a), "%.2f", num(f, "allreduce_s") / intact);
    fp_reportw_cell(r, "td", false, cut || !(intact > 0) ? "-" : a);
    fp_reportw_start(r, "td");
    fp_reportw_attr(r, "class", cut ? "l bad" : "l");
    json_array_foreach(json_object_get(f, "cut_off"), j, s)
    {
        igraph_integer_t v = fp_topo_find_node(r->topo, json_string_value(s));
        fp_reportw_textf(r, "%s%s", j > 0 ? ", " : "",
                         v >= 0 ? fp_reportw_node(r, v) : json_string_value(s));
    }
    if (json_is_true(json_object_get(f, "unprotectable"))) {
        fp_reportw_text(r, " (no plan can protect it)");
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
}

static void scenarios(struct rep *r, const json_t *list, double intact, const char *id,
                      const char *title)
{
    static const char *const titles[] = {
        "<scenario",       "<spans cut",     "T", "\xce\xb8 Gbit/s",
        "\xc3\x97 intact", "<sites cut off", NULL};
    const json_t *f;
    size_t i;
    if (json_array_size(list) == 0) {
        return;
    }
    fp_reportw_section(r, id, title);
    fp_reportw_start(r, "table");
    header_row(r, titles);
    json_array_foreach(list, i, f)
    {
        scenario_row(r, f, intact);
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
}

/* failures --workload: the scenario's first cells (label, spans cut, lambda and its ratio to
 * intact) on its first job's row, empty on the others. */
static void workload_scenario_cells(struct rep *r, const json_t *f, size_t j, double intact)
{
    char a[64];
    if (j > 0) {
        fp_reportw_cell(r, "td", true, "");
        fp_reportw_cell(r, "td", true, "");
        fp_reportw_cell(r, "td", false, "");
        fp_reportw_cell(r, "td", false, "");
        return;
    }
    fp_reportw_cell(r, "td", true, str(f, "label"));
    failed_spans(r, f);
    fp_reportw_cell(r, "td", false, num(f, "scale") > 0 ? grouped(a, sizeof(a), num(f, "scale")) : "-");
    snprintf(a, sizeof(a), "%.2f", num(f, "scale") / intact);
    fp_reportw_cell(r, "td", false, num(f, "scale") > 0 && intact > 0 ? a : "-");
}

/* failures --workload: one row per job and scenario (its theta, T, slowdown against the intact
 * network and the job alone on the damaged one, the sites the cut separates), and under the
 * scenario a row when the background does not fit. */
static void workload_scenario_rows(struct rep *r, const json_t *f, double intact)
{
    const json_t *job, *bg = json_object_get(f, "background"), *s;
    size_t j, k;
    char a[64];
    json_array_foreach(json_object_get(f, "jobs"), j, job)
    {
        bool cut = json_is_true(json_object_get(job, "disconnected"));
        row_start(r, NULL);
        workload_scenario_cells(r, f, j, intact);
        fp_reportw_cell(r, "td", true, str(job, "name"));
        fp_reportw_cell(r, "td", false, cut ? "-" : grouped(a, sizeof(a), num(job, "throughput_gbps")));
        fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), num(job, "allreduce_s")));
        snprintf(a, sizeof(a), "%.2f\xc3\x97", num(job, "slowdown"));
        fp_reportw_cell(r, "td", false, isfinite(num(job, "slowdown")) && !cut ? a : "-");
        fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), num(job, "alone_throughput_gbps")));
        fp_reportw_start(r, "td");
        fp_reportw_attr(r, "class", cut ? "l bad" : "l");
        json_array_foreach(json_object_get(job, "cut_off"), k, s)
        {
            igraph_integer_t v = fp_topo_find_node(r->topo, json_string_value(s));
            fp_reportw_textf(r, "%s%s", k > 0 ? ", " : "", v >= 0 ? fp_reportw_node(r, v) : json_string_value(s));
        }
        fp_reportw_end(r);
        fp_reportw_end(r);
    }
    if (json_is_false(json_object_get(bg, "fits"))) {
        row_start(r, NULL);
        workload_scenario_cells(r, f, 1, intact);
        fp_reportw_start(r, "td");
        fp_reportw_attr(r, "class", "l bad");
        fp_reportw_attr(r, "colspan", "6");
        fp_reportw_textf(r, "background does not fit: %.0f demand%s cut apart (%s Gbit/s), %.4g%% of the "
                         "rest carried", num(bg, "cut_apart"), num(bg, "cut_apart") == 1 ? "" : "s",
                         grouped(a, sizeof(a), num(bg, "cut_apart_gbps")), 100.0 * num(bg, "share"));
        fp_reportw_end(r);
        fp_reportw_end(r);
    }
}

/* failures --workload: every job in every scenario, worst first. */
static void workload_scenarios(struct rep *r, const json_t *list, double intact, const char *id,
                               const char *title)
{
    static const char *const titles[] = {
        "<scenario", "<spans cut", "\xce\xbb Gbit/s", "\xc3\x97 intact", "<job", "\xce\xb8 Gbit/s", "T",
        "slowdown", "alone \xce\xb8", "<sites cut off", NULL};
    const json_t *f;
    size_t i;
    if (json_array_size(list) == 0) {
        return;
    }
    fp_reportw_section(r, id, title);
    fp_reportw_start(r, "p");
    fp_reportw_text(r, "\xce\xbb: every job that still runs gets \xce\xb8 = \xce\xbb \xc3\x97 its weight; "
                       "slowdown: the job's \xce\xb8 on the intact network over its \xce\xb8 here; alone: "
                       "the job alone on the damaged network.");
    fp_reportw_end(r);
    fp_reportw_start(r, "table");
    header_row(r, titles);
    json_array_foreach(list, i, f)
    {
        workload_scenario_rows(r, f, intact);
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
}

void fp_reporttab_failures(struct rep *r)
{
    const json_t *survive = json_object_get(r->plan_obj, "survive");
    const json_t *list = json_object_get(r->fail, "failures");
    if (json_object_get(json_array_get(list, 0), "jobs") != NULL) {
        workload_scenarios(r, list, num(json_object_get(r->fail, "intact"), "scale"), "failures",
                           "Failure scenarios, every job, worst first");
    } else {
        scenarios(r, list, num(json_object_get(r->fail, "intact"), "allreduce_s"), "failures",
                  "Failure scenarios, worst first");
    }
    if (json_object_get(json_array_get(json_object_get(survive, "scenarios"), 0), "jobs") != NULL) {
        /* plan --workload --survive: failures --workload on the planned network */
        workload_scenarios(r, json_object_get(survive, "scenarios"),
                           num(json_object_get(r->plan, "workload"), "scale"),
                           r->fail != NULL ? "failures-planned" : "failures",
                           "Failure scenarios on the planned network, every job, worst first");
        return;
    }
    scenarios(r, json_object_get(survive, "scenarios"),
              num(json_object_get(r->plan, "collective"), "allreduce_s"),
              r->fail != NULL ? "failures-planned" : "failures",
              "Failure scenarios on the planned network");
}

/* ---- the job's assumptions and where each result came from ---- */

static void kv(struct rep *r, const char *key, const char *value)
{
    row_start(r, NULL);
    fp_reportw_cell(r, "th", true, key);
    fp_reportw_cell(r, "td", true, value);
    fp_reportw_end(r);
}

static void job_sites(struct rep *r, const json_t *job)
{
    const json_t *s;
    size_t i;
    char a[64];
    row_start(r, NULL);
    fp_reportw_cell(r, "th", true, "sites");
    fp_reportw_start(r, "td");
    fp_reportw_attr(r, "class", "l");
    json_array_foreach(json_object_get(job, "sites"), i, s)
    {
        igraph_integer_t v = fp_topo_find_node(r->topo, json_string_value(s));
        fp_reportw_textf(r, "%s%s", i > 0 ? "; " : "",
                         v >= 0 ? fp_reportw_node(r, v) : json_string_value(s));
        if (v >= 0 && r->topo->gpus[v] > 0) {
            fp_reportw_textf(r, " (%s GPUs)",
                             fp_textfmt_grouped(a, sizeof(a), (double)r->topo->gpus[v]));
        }
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
}

static void provenance_row(struct rep *r, const json_t *res)
{
    const json_t *sol = json_object_get(res, "solver"), *opts = json_object_get(res, "options"), *v;
    const char *key;
    char a[512];
    int n;
    n = snprintf(a, sizeof(a), "%s, gap %.2g%%", str(sol, "status"), 100.0 * num(sol, "gap"));
    json_object_foreach((json_t *)opts, key, v)
    {
        if (n > 0 && (size_t)n < sizeof(a)) {
            n += json_is_string(v)
                ? snprintf(a + n, sizeof(a) - (size_t)n, "; --%s %s", key, json_string_value(v))
                : json_is_number(v)
                ? snprintf(a + n, sizeof(a) - (size_t)n, "; --%s %.6g", key, json_number_value(v))
                : snprintf(a + n, sizeof(a) - (size_t)n, "; --%s", key);
        }
    }
    kv(r, str(res, "command"), a);
}

/* A workload's jobs (the .jobs[] of the first result holding them), one row each: params,
 * gradient per step, collective, weight, sites. */
static void workload_jobs(struct rep *r)
{
    json_t *const res[] = {r->first, r->route, r->fail};
    const json_t *jobs = NULL, *j;
    size_t i;
    char a[64], b[256];
    for (i = 0; i < sizeof(res) / sizeof(res[0]) && jobs == NULL; i++) {
        jobs = json_object_get(res[i], "jobs");
    }
    if (jobs == NULL) {
        kv(r, "jobs", "several (the workload file named below)");
        return;
    }
    json_array_foreach(jobs, i, j)
    {
        snprintf(b, sizeof(b), "%s parameters, %.4g GB per step; %s, weight %g, %zu sites",
                 grouped(a, sizeof(a), num(j, "params")), num(j, "gradient_bytes") / 1e9,
                 str(j, "algorithm"), num(j, "weight"), json_array_size(json_object_get(j, "sites")));
        snprintf(a, sizeof(a), "job %s", str(j, "name"));
        kv(r, a, b);
    }
}

void fp_reporttab_job(struct rep *r)
{
    const json_t *job = json_object_get(r->first, "job"),
                 *tp = json_object_get(r->first, "topology");
    json_t *const res[] = {r->route, r->plan, r->fail, r->sweep};
    char a[128];
    size_t i;
    fp_reportw_section(r, "job", "Job and assumptions");
    fp_reportw_start(r, "table");
    fp_reportw_attr(r, "class", "kv");
    if (isfinite(num(job, "params"))) {
        kv(r, "parameters", grouped(a, sizeof(a), num(job, "params")));
        snprintf(a, sizeof(a), "%g B per parameter: %.4g GB per step", num(job, "grad_bytes"),
                 num(job, "gradient_bytes") / 1e9);
        kv(r, "gradients", a);
        kv(r, "compute per step",
           isfinite(num(job, "compute_time_s"))
               ? fp_reportw_seconds(a, sizeof(a), num(job, "compute_time_s"))
               : "not given (T is the all-reduce alone)");
    } else {
        workload_jobs(r);
    }
    job_sites(r, job);
    kv(r, "topology",
       json_is_string(json_object_get(tp, "path")) ? str(tp, "path") : str(tp, "file"));
    kv(r, "topology SHA-256",
       json_is_string(json_object_get(tp, "sha256")) ? str(tp, "sha256") : "not recorded");
    for (i = 0; i < sizeof(res) / sizeof(res[0]); i++) {
        if (res[i] != NULL) {
            provenance_row(r, res[i]);
        }
    }
    if (r->route == NULL && r->plan == NULL && r->fail == NULL && r->sweep == NULL) {
        provenance_row(r, r->first);
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
}

/* ---- spans ---- */

static const double *sort_util;

static int by_util(const void *a, const void *b)
{
    igraph_integer_t x = *(const igraph_integer_t *)a, y = *(const igraph_integer_t *)b;
    double ux = isnan(sort_util[x]) ? -1 : sort_util[x],
           uy = isnan(sort_util[y]) ? -1 : sort_util[y];
    if (ux != uy) {
        return ux > uy ? -1 : 1;
    }
    return x < y ? -1 : x > y;
}

static void span_row(struct rep *r, igraph_integer_t e)
{
    const struct fp_topo *t = r->topo;
    char a[160];
    row_start(r, NULL);
    fp_reportw_cell(r, "td", true, t->span_id[e]);
    fp_reportw_cell(r, "td", true, fp_reportw_ends(r, e, a, sizeof(a)));
    fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), round(t->length_km[e])));
    fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), t->delay_s[e]));
    fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), r->cap[e]));
    fp_reportw_cell(r, "td", false,
                    isnan(r->added[e]) || r->added[e] <= 0 ? ""
                                                           : grouped(a, sizeof(a), r->added[e]));
    snprintf(a, sizeof(a), "%.0f%%", 100.0 * r->util[e]);
    fp_reportw_cell(r, "td", false, isnan(r->util[e]) ? "-" : a);
    fp_reportw_start(r, "td");
    fp_reportw_attr(r, "class", r->cut[e] ? "l bad" : "l");
    fp_reportw_textf(r, "%s%s%s", r->cut[e] ? "binding cut " : "", r->built[e] ? "" : "candidate ",
                     t->srlg[e] != NULL ? t->srlg[e] : "");
    fp_reportw_end(r);
    fp_reportw_end(r);
}

void fp_reporttab_spans(struct rep *r)
{
    static const char *const titles[] = {"<span", "<ends", "km",     "delay", "Gbit/s",
                                         "added", "used",  "<notes", NULL};
    const struct fp_topo *t = r->topo;
    igraph_integer_t *order = fp_xcalloc((size_t)t->n_spans + 1, sizeof(igraph_integer_t));
    igraph_integer_t e;
    for (e = 0; e < t->n_spans; e++) {
        order[e] = e;
    }
    sort_util = r->util;
    qsort(order, (size_t)t->n_spans, sizeof(igraph_integer_t), by_util);
    fp_reportw_section(r, "spans", "Spans");
    fp_reportw_start(r, "table");
    header_row(r, titles);
    for (e = 0; e < t->n_spans; e++) {
        span_row(r, order[e]);
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
    free(order);
}
