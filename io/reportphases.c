/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the review's timeline of a phased build-out (plan --phases, MODEL.md "Phases"):
 * per phase theta jointly and myopically, the spend, then the table of the phases. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/report_internal.h"
#include "io/textfmt.h"

#define TL_W 1000.0
#define TL_H 420.0
#define TL_LEFT 90.0
#define TL_MID 250.0    /* the theta bars end here; the spend bars start below */

static const char *grouped(char *buf, size_t size, double v)
{
    return isfinite(v) ? fp_textfmt_grouped(buf, size, v) : strcpy(buf, "-");
}

/* A bar at x, width w, from y0 up to y0 - h, filled fill. */
static void bar(struct rep *r, double x, double w, double y0, double h, const char *fill)
{
    fp_reportw_start(r, "rect");
    fp_reportw_attrf(r, "x", "%.1f", x);
    fp_reportw_attrf(r, "y", "%.1f", y0 - h);
    fp_reportw_attrf(r, "width", "%.1f", w);
    fp_reportw_attrf(r, "height", "%.1f", h > 0 ? h : 0.0);
    fp_reportw_attr(r, "fill", fill);
    fp_reportw_end_svg(r);
}

/* theta per phase (joint blue, myopic grey) and spend per phase (joint green, myopic grey). */
static void chart(struct rep *r, const json_t *ph, const json_t *my)
{
    size_t i, n = json_array_size(ph);
    double tmax = 0, smax = 0, slot = (TL_W - TL_LEFT - 20.0) / (double)(n > 0 ? n : 1), bw = slot / 5.0;
    char a[64];
    for (i = 0; i < n; i++) {
        tmax = fmax(tmax, fmax(fp_reportw_num(json_array_get(ph, i), "throughput_gbps"),
                               fp_reportw_num(json_array_get(my, i), "throughput_gbps")));
        smax = fmax(smax, fmax(fp_reportw_num(json_array_get(ph, i), "cost_usd"),
                               fp_reportw_num(json_array_get(my, i), "cost_usd")));
    }
    tmax = tmax > 0 ? tmax : 1;
    smax = smax > 0 ? smax : 1;
    fp_reportw_svg_text(r, TL_LEFT - 8, 40, 11, "end", "\xce\xb8 Gbit/s");
    fp_reportw_svg_text(r, TL_LEFT - 8, TL_MID + 60, 11, "end", "spend");
    for (i = 0; i < n; i++) {
        const json_t *p = json_array_get(ph, i), *m = json_array_get(my, i);
        double x = TL_LEFT + slot * (double)i + slot / 2.0 - bw;
        double tj = fp_reportw_num(p, "throughput_gbps"), tm = fp_reportw_num(m, "throughput_gbps");
        double sj = fp_reportw_num(p, "cost_usd"), sm = fp_reportw_num(m, "cost_usd");
        bar(r, x, bw, TL_MID - 30, (TL_MID - 70) * (isfinite(tj) ? tj : 0) / tmax, "#3b78b5");
        bar(r, x + bw, bw, TL_MID - 30, (TL_MID - 70) * (isfinite(tm) ? tm : 0) / tmax, "#b9b9b9");
        fp_reportw_svg_text(r, x + bw, TL_MID - 34 - (TL_MID - 70) * (isfinite(tj) ? tj : 0) / tmax, 10, "middle",
                            grouped(a, sizeof(a), tj));
        bar(r, x, bw, TL_H - 40, (TL_H - TL_MID - 60) * (isfinite(sj) ? sj : 0) / smax, "#4f9a52");
        bar(r, x + bw, bw, TL_H - 40, (TL_H - TL_MID - 60) * (isfinite(sm) ? sm : 0) / smax, "#b9b9b9");
        fp_reportw_svg_text(r, x + bw, TL_H - 44 - (TL_H - TL_MID - 60) * (isfinite(sj) ? sj : 0) / smax, 10,
                            "middle", fp_reportw_usd(a, sizeof(a), sj));
        snprintf(a, sizeof(a), "%g", fp_reportw_num(p, "year"));
        if (strcmp(a, fp_reportw_str(p, "name")) != 0) {
            snprintf(a, sizeof(a), "%s (%g)", fp_reportw_str(p, "name"), fp_reportw_num(p, "year"));
        }
        fp_reportw_svg_text(r, x + bw, TL_MID - 12, 12, "middle", a);
        fp_reportw_svg_text(r, x + bw, TL_H - 22, 12, "middle", a);
    }
    fp_reportw_svg_text(r, TL_W / 2, TL_H - 4, 12, "middle",
                        "joint plan in colour, the myopic baseline (each phase planned alone) in grey");
}

/* Capacity the phase adds, Gbit/s (its upgrades summed). */
static double added(const json_t *p)
{
    const json_t *u;
    double sum = 0;
    size_t i;
    json_array_foreach(json_object_get(p, "upgrades"), i, u)
    {
        sum += fp_reportw_num(u, "added_gbps");
    }
    return sum;
}

static void table(struct rep *r, const json_t *ph, const json_t *my)
{
    static const char *const titles[] = {"phase", "year", "sites", "budget", "spent", "added Gbit/s",
                                         "\xce\xb8 Gbit/s", "myopic \xce\xb8", "T", "T_lb", NULL};
    const char *const *t;
    const json_t *p;
    size_t i;
    char a[64];
    fp_reportw_start(r, "table");
    fp_reportw_start(r, "tr");
    for (t = titles; *t != NULL; t++) {
        fp_reportw_cell(r, "th", t == titles, *t);
    }
    fp_reportw_end(r);
    json_array_foreach(ph, i, p)
    {
        fp_reportw_start(r, "tr");
        fp_reportw_cell(r, "td", true, fp_reportw_str(p, "name"));
        snprintf(a, sizeof(a), "%g", fp_reportw_num(p, "year"));
        fp_reportw_cell(r, "td", false, a);
        snprintf(a, sizeof(a), "%zu", json_array_size(json_object_get(p, "sites")));
        fp_reportw_cell(r, "td", false, a);
        fp_reportw_cell(r, "td", false, fp_reportw_usd(a, sizeof(a), fp_reportw_num(p, "budget_usd")));
        fp_reportw_cell(r, "td", false, fp_reportw_usd(a, sizeof(a), fp_reportw_num(p, "cost_usd")));
        fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), added(p)));
        fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), fp_reportw_num(p, "throughput_gbps")));
        fp_reportw_cell(r, "td", false, grouped(a, sizeof(a), fp_reportw_num(json_array_get(my, i), "throughput_gbps")));
        fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), fp_reportw_num(p, "allreduce_s")));
        fp_reportw_cell(r, "td", false, fp_reportw_seconds(a, sizeof(a), fp_reportw_num(p, "bound_allreduce_s")));
        fp_reportw_end(r);
    }
    fp_reportw_end(r);
}

void fp_reportphases_timeline(struct rep *r)
{
    const json_t *src = r->plan != NULL ? r->plan : r->sweep;
    const json_t *ph = json_object_get(src, "phases");
    const json_t *my = json_object_get(json_object_get(json_object_get(src, "plan"), "myopic"), "phases");
    const json_t *plan = json_object_get(src, "plan");
    char a[64], b[64], c[64];
    if (json_array_size(ph) == 0) {
        return;
    }
    fp_reportw_section(r, "timeline", "Phases: the build-out year by year");
    fp_reportw_start(r, "p");
    if (json_is_string(json_object_get(plan, "mode")) && strcmp(fp_reportw_str(plan, "mode"), "target") == 0) {
        fp_reportw_textf(r, "Discounted cost %s jointly, %s phase by phase.",
                         fp_reportw_usd(a, sizeof(a), fp_reportw_num(plan, "objective")),
                         fp_reportw_usd(b, sizeof(b), fp_reportw_num(json_object_get(plan, "myopic"), "objective")));
    } else {
        fp_reportw_textf(r, "Sum of w \xc3\x97 \xce\xb8 over the phases: %s Gbit/s planned jointly, %s planned phase "
                         "by phase (gain %s).", grouped(a, sizeof(a), fp_reportw_num(plan, "objective")),
                         grouped(b, sizeof(b), fp_reportw_num(json_object_get(plan, "myopic"), "objective")),
                         json_is_number(json_object_get(plan, "joint_gain"))
                             ? fp_textfmt_grouped(c, sizeof(c), fp_reportw_num(plan, "joint_gain"))
                             : "unknown: cut short");
    }
    fp_reportw_end(r);
    fp_reportw_start(r, "svg");
    fp_reportw_attr(r, "xmlns", "http://www.w3.org/2000/svg");
    fp_reportw_attrf(r, "viewBox", "0 0 %.0f %.0f", TL_W, TL_H);
    fp_reportw_attr(r, "role", "img");
    fp_reportw_attr(r, "aria-label", "throughput and spend per phase");
    chart(r, ph, my);
    fp_reportw_end_svg(r);
    table(r, ph, my);
    fp_reportw_end(r);
}
