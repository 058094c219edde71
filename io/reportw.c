/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the review's writer helpers (libxml2 xmlTextWriter) and number formats for people. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "io/report_internal.h"
#include "io/textfmt.h"

void fp_reportw_start(struct rep *r, const char *name)
{
    xmlTextWriterStartElement(r->w, BAD_CAST name);
}

void fp_reportw_attr(struct rep *r, const char *name, const char *value)
{
    xmlTextWriterWriteAttribute(r->w, BAD_CAST name, BAD_CAST value);
}

void fp_reportw_attrf(struct rep *r, const char *name, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    fp_reportw_attr(r, name, buf);
}

void fp_reportw_text(struct rep *r, const char *s)
{
    xmlTextWriterWriteString(r->w, BAD_CAST s);
}

void fp_reportw_textf(struct rep *r, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    fp_reportw_text(r, buf);
}

void fp_reportw_end(struct rep *r)
{
    xmlTextWriterFullEndElement(r->w);
}

void fp_reportw_end_svg(struct rep *r)
{
    xmlTextWriterEndElement(r->w);
}

void fp_reportw_elem(struct rep *r, const char *name, const char *content)
{
    fp_reportw_start(r, name);
    fp_reportw_text(r, content);
    fp_reportw_end(r);
}

void fp_reportw_cell(struct rep *r, const char *tag, bool left, const char *content)
{
    fp_reportw_start(r, tag);
    if (left) {
        fp_reportw_attr(r, "class", "l");
    }
    fp_reportw_text(r, content);
    fp_reportw_end(r);
}

void fp_reportw_section(struct rep *r, const char *id, const char *title)
{
    fp_reportw_start(r, "section");
    fp_reportw_attr(r, "id", id);
    fp_reportw_elem(r, "h2", title);
}

void fp_reportw_svg_text(struct rep *r, double x, double y, int px, const char *anchor,
                         const char *s)
{
    fp_reportw_start(r, "text");
    fp_reportw_attrf(r, "x", "%.1f", x);
    fp_reportw_attrf(r, "y", "%.1f", y);
    fp_reportw_attrf(r, "font-size", "%d", px);
    if (strcmp(anchor, "start") != 0) {
        fp_reportw_attr(r, "text-anchor", anchor);
    }
    fp_reportw_text(r, s);
    fp_reportw_end_svg(r);
}

const char *fp_reportw_seconds(char *buf, size_t size, double s)
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
        snprintf(buf, size, "%.3g s", s);
    }
    return buf;
}

const char *fp_reportw_usd(char *buf, size_t size, double usd)
{
    if (!isfinite(usd) || size < 2) {
        snprintf(buf, size, "-");
        return buf;
    }
    buf[0] = '$';
    fp_textfmt_grouped(buf + 1, size - 1, round(usd));
    return buf;
}

double fp_reportw_num(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

const char *fp_reportw_str(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

const char *fp_reportw_node(const struct rep *r, igraph_integer_t v)
{
    const struct fp_topo *t = r->topo;
    return t->node_name[v] != NULL && t->node_name[v][0] != '\0' ? t->node_name[v] : t->node_id[v];
}

const char *fp_reportw_ends(const struct rep *r, igraph_integer_t e, char *buf, size_t size)
{
    snprintf(buf, size, "%s \xe2\x80\x93 %s", fp_reportw_node(r, r->topo->span_from[e]),
             fp_reportw_node(r, r->topo->span_to[e]));
    return buf;
}
