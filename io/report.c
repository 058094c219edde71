/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the HTML design review of one or more results (libxml2 xmlTextWriter; inline CSS
 * and SVG, no scripts): the results read, the topology they name, the document and headline. */
#define _XOPEN_SOURCE 700 /* realpath() */
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "io/report.h"
#include "io/report_internal.h"
#include "io/resultread_internal.h"
#include "io/textfmt.h"
#include "io/xml_internal.h"

static const char css[] =
    "body{font-family:Helvetica,Arial,sans-serif;margin:24px "
    "auto;max-width:1040px;color:#222;font-size:13px}"
    "h1{font-size:22px;margin:0}h2{font-size:17px;border-bottom:1px solid #ccc;padding-bottom:4px;"
    "margin-top:28px}.sub{color:#555;font-size:12px;margin:4px 0 0}"
    ".cards{display:flex;flex-wrap:wrap;gap:8px;margin-top:16px}"
    ".card{border:1px solid #ccc;border-radius:6px;padding:6px 10px;min-width:110px}"
    ".card .k{font-size:10px;color:#555;text-transform:uppercase}.card "
    ".v{font-size:18px;font-weight:bold}"
    "table{border-collapse:collapse;font-size:12px;width:100%}th,td{padding:3px 6px;"
    "border-bottom:1px solid #e4e4e4;text-align:right;vertical-align:top}th{background:#f0f0f0}"
    "td.l,th.l{text-align:left}tr.total td{font-weight:bold;border-top:2px solid #888}"
    "tr.knee td{background:#fff1ef}table.kv th{width:160px}"
    "td.edges{font-size:11px;color:#444}td{white-space:nowrap}td.l{white-space:normal}"
    "svg{width:100%;height:auto;display:block}section>svg:first-of-type{border:1px solid "
    "#ddd;background:#fcfcfc}"
    "svg.legend{border:none;background:none;margin-top:4px}"
    ".halo text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}"
    "text.site-label{font-weight:bold;fill:#08306b}text.pop-label{fill:#333}text.cut-label{font-"
    "weight:bold;fill:#5e2ca5}"
    ".bad{color:#b00000;font-weight:bold}"
    "@page{size:A4;margin:12mm}"
    "@media print{body{margin:0;max-width:none;font-size:11px}section{break-inside:avoid}"
    "#map,#frontier{break-before:page}#spans,#failures{break-inside:auto}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

struct fp_report {
    size_t n;
    json_t **root; /* owned: json_decref */
    char **display; /* owned: the path as shown */
    char **path; /* owned: the path as given */
    char sha256[FP_SHA256_HEX];
};

struct fp_report *fp_report_new(void)
{
    return fp_xcalloc(1, sizeof(struct fp_report));
}

void fp_report_free(struct fp_report *rep)
{
    size_t i;
    if (rep == NULL) {
        return;
    }
    for (i = 0; i < rep->n; i++) {
        json_decref(rep->root[i]);
        free(rep->display[i]);
        free(rep->path[i]);
    }
    free(rep->root);
    free(rep->display);
    free(rep->path);
    free(rep);
}

int fp_report_add(struct fp_report *rep, const char *path, struct fp_error *err)
{
    json_t *root = NULL;
    char display[512];
    const char *sha;
    int rc = fp_resultread_load(path, &root, display, sizeof(display), err);
    if (rc != FP_OK) {
        return rc;
    }
    sha = fp_reportw_str(json_object_get(root, "topology"), "sha256");
    if (sha[0] != '\0' && rep->sha256[0] != '\0' && strcmp(sha, rep->sha256) != 0) {
        /* sha is borrowed from root: the message first, then root goes */
        rc = fp_error_set(err, FP_EDATA, display, 0,
                          "a result of another topology than %s (sha256 %.12s, not %.12s)",
                          rep->display[0], sha, rep->sha256);
        json_decref(root);
        return rc;
    }
    if (sha[0] != '\0' && strlen(sha) < FP_SHA256_HEX) {
        strcpy(rep->sha256, sha);
    }
    rep->root = fp_xrealloc(rep->root, rep->n + 1, sizeof(*rep->root));
    rep->display = fp_xrealloc(rep->display, rep->n + 1, sizeof(*rep->display));
    rep->path = fp_xrealloc(rep->path, rep->n + 1, sizeof(*rep->path));
    rep->root[rep->n] = root;
    rep->display[rep->n] = fp_xstrdup(display);
    rep->path[rep->n] = fp_xstrdup(path);
    rep->n++;
    return FP_OK;
}

/* The file's name in the directory of the result at result_path, when readable; owned. */
static char *beside(const char *result_path, const char *file)
{
    char *dcopy = fp_xstrdup(result_path), *fcopy = fp_xstrdup(file), *out;
    size_t size = strlen(result_path) + strlen(file) + 2;
    out = fp_xmalloc(size);
    snprintf(out, size, "%s/%s", dirname(dcopy), basename(fcopy));
    free(dcopy);
    free(fcopy);
    if (access(out, R_OK) != 0) {
        free(out);
        out = NULL;
    }
    return out;
}

/* Where result i's topology is: its absolute path, its path as named, or beside it; owned. */
static char *locate(const struct fp_report *rep, size_t i)
{
    const json_t *tp = json_object_get(rep->root[i], "topology");
    const char *abs = fp_reportw_str(tp, "path"), *file = fp_reportw_str(tp, "file");
    if (abs[0] != '\0' && access(abs, R_OK) == 0) {
        return fp_xstrdup(abs);
    }
    if (file[0] == '\0' || strcmp(file, "<stdin>") == 0) {
        return NULL;
    }
    if (access(file, R_OK) == 0) {
        return fp_xstrdup(file);
    }
    return strcmp(rep->path[i], "-") != 0 ? beside(rep->path[i], abs[0] != '\0' ? abs : file)
                                          : NULL;
}

int fp_report_topology(const struct fp_report *rep, char **topo_path, char sha256[FP_SHA256_HEX],
                       struct fp_error *err)
{
    size_t i;
    char *found = NULL;
    for (i = 0; i < rep->n && found == NULL; i++) {
        found = locate(rep, i);
    }
    if (found == NULL) {
        const char *file =
            rep->n > 0 ? fp_reportw_str(json_object_get(rep->root[0], "topology"), "file") : "";
        if (file[0] == '\0' || strcmp(file, "<stdin>") == 0) {
            return fp_error_set(err, FP_EDATA, rep->n > 0 ? rep->display[0] : NULL, 0,
                                "the result was computed on "
                                "a topology read from standard input: give it with --topology");
        }
        return fp_error_set(
            err, FP_EDATA, rep->n > 0 ? rep->display[0] : NULL, 0,
            "topology '%s' not found (at its "
            "absolute path, as named, or beside the result): give it with --topology",
            file);
    }
    *topo_path = found;
    strcpy(sha256, rep->sha256);
    return FP_OK;
}

/* ---- what the results say per span ---- */

static int mark_spans(struct rep *r, const json_t *list, const char *key, const char *display,
                      double *val, struct fp_error *err)
{
    const json_t *v;
    igraph_integer_t e;
    size_t i;
    int rc = FP_OK;
    json_array_foreach(list, i, v)
    {
        if ((rc = fp_resultread_span(r->topo, display, json_object_get(v, "id"), &e, err)) !=
            FP_OK) {
            break;
        }
        val[e] = fp_reportw_num(v, key);
    }
    return rc;
}

static int mark_cut(struct rep *r, const char *display, struct fp_error *err)
{
    const json_t *v;
    igraph_integer_t e;
    size_t i;
    int rc = FP_OK;
    json_array_foreach(json_object_get(r->bound, "cut"), i, v)
    {
        if ((rc = fp_resultread_span(r->topo, display, v, &e, err)) != FP_OK) {
            break;
        }
        r->cut[e] = true;
    }
    return rc;
}

static int mark_failures(struct rep *r, const char *display, struct fp_error *err)
{
    const json_t *v, *f;
    double intact = fp_reportw_num(json_object_get(r->fail, "intact"), "allreduce_s");
    igraph_integer_t e;
    size_t i, j;
    int rc = FP_OK;
    json_array_foreach(json_object_get(r->fail, "failures"), i, v)
    {
        double ratio = json_is_true(json_object_get(v, "disconnected"))
            ? INFINITY
            : fp_reportw_num(v, "allreduce_s") / intact;
        json_array_foreach(json_object_get(v, "failed"), j, f)
        {
            if ((rc = fp_resultread_span(r->topo, display, f, &e, err)) != FP_OK) {
                return rc;
            }
            r->fail_ratio[e] =
                isnan(r->fail_ratio[e]) || ratio > r->fail_ratio[e] ? ratio : r->fail_ratio[e];
        }
    }
    return rc;
}

/* Per span: the capacity and utilisation the results give (the plan's routing when there is a
 * plan, else the route's), the capacity added, the cut, failure impact. topo only fills in
 * spans no result mentions. */
static int annotate(struct rep *r, const char *display, struct fp_error *err)
{
    const struct fp_topo *t = r->topo;
    json_t *routed = r->plan != NULL ? r->plan : r->route;
    igraph_integer_t e;
    int rc;
    for (e = 0; e < t->n_spans; e++) {
        r->cap[e] = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
        r->util[e] = r->added[e] = r->fail_ratio[e] = NAN;
    }
    rc = mark_spans(r, json_object_get(routed, "links"), "capacity_gbps", display, r->cap, err);
    if (rc == FP_OK) {
        rc = mark_spans(r, json_object_get(routed, "links"), "utilization", display, r->util, err);
    }
    if (rc == FP_OK && r->plan_obj != NULL) {
        for (e = 0; e < t->n_spans; e++) {
            r->added[e] = 0.0;
        }
        rc = mark_spans(r, json_object_get(r->plan_obj, "upgrades"), "added_gbps", display,
                        r->added, err);
    }
    if (rc == FP_OK && r->plan_obj != NULL && routed == NULL) {
        rc = mark_spans(r, json_object_get(r->plan_obj, "upgrades"), "capacity_gbps", display,
                        r->cap, err);
    }
    for (e = 0; e < t->n_spans; e++) {
        r->built[e] = fp_topo_is_lit(t, e) || r->cap[e] > 0 || r->added[e] > 0;
    }
    if (rc == FP_OK) {
        rc = mark_cut(r, display, err);
    }
    return rc == FP_OK ? mark_failures(r, display, err) : rc;
}

/* The results by kind; the plan drawn is the plan result's, else the sweep's largest. */
static void roles(struct rep *r, const struct fp_report *rep)
{
    size_t i;
    for (i = 0; i < rep->n; i++) {
        const char *cmd = fp_reportw_str(rep->root[i], "command");
        json_t **slot = strcmp(cmd, "route") == 0 ? &r->route
            : strcmp(cmd, "plan") == 0            ? &r->plan
            : strcmp(cmd, "failures") == 0        ? &r->fail
            : strcmp(cmd, "sweep") == 0           ? &r->sweep
                                                  : NULL;
        if (slot != NULL && *slot == NULL) {
            *slot = rep->root[i];
        }
    }
    r->first = rep->root[0];
    r->combined = rep->n > 1;
    r->plan_obj = json_object_get(r->plan != NULL ? r->plan : r->sweep, "plan");
    r->bound = json_object_get(r->plan != NULL        ? r->plan
                                   : r->route != NULL ? r->route
                                                      : r->sweep,
                               "bound");
    if (r->bound == NULL) {
        r->bound = json_object_get(r->first, "bound");
    }
}

/* ---- header and headline ---- */

static void card(struct rep *r, const char *key, const char *value)
{
    fp_reportw_start(r, "div");
    fp_reportw_attr(r, "class", "card");
    fp_reportw_start(r, "div");
    fp_reportw_attr(r, "class", "k");
    fp_reportw_text(r, key);
    fp_reportw_end(r);
    fp_reportw_start(r, "div");
    fp_reportw_attr(r, "class", "v");
    fp_reportw_text(r, value);
    fp_reportw_end(r);
    fp_reportw_end(r);
}

/* "$100M", "$2.5M", "$0" for a card; the tables keep every dollar. */
static const char *usd_short(char *buf, size_t size, double usd)
{
    if (isfinite(usd) && fabs(usd) >= 1e6) {
        snprintf(buf, size, "$%.4gM", usd / 1e6);
        return buf;
    }
    return fp_reportw_usd(buf, size, usd);
}

static const char *topo_name(const struct rep *r)
{
    return r->topo->name != NULL ? r->topo->name : r->topo->path;
}

static void header(struct rep *r, const struct fp_report *rep)
{
    const json_t *tp = json_object_get(r->first, "topology");
    size_t i;
    char a[32], b[32];
    fp_reportw_start(r, "header");
    fp_reportw_start(r, "h1");
    fp_reportw_textf(r, "%s \xe2\x80\x94 %s", topo_name(r),
                     r->combined ? "design review" : "review");
    fp_reportw_end(r);
    fp_reportw_start(r, "p");
    fp_reportw_attr(r, "class", "sub");
    fp_reportw_textf(r, "%s; %s nodes, %s spans, %zu sites; from",
                     fp_reportw_str(r->first, "generator"),
                     fp_textfmt_grouped(a, sizeof(a), fp_reportw_num(tp, "nodes")),
                     fp_textfmt_grouped(b, sizeof(b), fp_reportw_num(tp, "spans")),
                     json_array_size(json_object_get(tp, "sites")));
    for (i = 0; i < rep->n; i++) {
        const char *slash = strrchr(rep->display[i], '/');
        fp_reportw_textf(r, "%s %s (%s)", i > 0 ? "," : "", fp_reportw_str(rep->root[i], "command"),
                         slash != NULL ? slash + 1 : rep->display[i]);
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
}

static void cards_collective(struct rep *r, const json_t *res, const char *when)
{
    const json_t *c = json_object_get(res, "collective"), *b = json_object_get(res, "bound");
    char a[64], k[64];
    if (json_is_object(c)) {
        snprintf(k, sizeof(k), "all-reduce T%s", when);
        card(r, k, fp_reportw_seconds(a, sizeof(a), fp_reportw_num(c, "allreduce_s")));
        card(r, "bandwidth T_bw",
             fp_reportw_seconds(a, sizeof(a), fp_reportw_num(c, "bandwidth_s")));
        card(r, "latency T_lat", fp_reportw_seconds(a, sizeof(a), fp_reportw_num(c, "latency_s")));
        fp_textfmt_grouped(a, sizeof(a) - 8, fp_reportw_num(c, "throughput_gbps"));
        card(r, "throughput \xce\xb8", strcat(a, " Gbit/s"));
    }
    if (json_is_object(b)) {
        card(r, "lower bound T_lb",
             fp_reportw_seconds(a, sizeof(a), fp_reportw_num(b, "allreduce_s")));
        snprintf(a, sizeof(a), "%.3f", fp_reportw_num(c, "lower_bound_ratio"));
        if (isfinite(fp_reportw_num(c, "lower_bound_ratio"))) {
            card(r, "T / T_lb", a);
        }
    }
}

static void cards_plan(struct rep *r)
{
    const json_t *p = json_object_get(r->plan, "plan");
    double before = fp_reportw_num(json_object_get(p, "before"), "allreduce_s");
    double after = fp_reportw_num(json_object_get(r->plan, "collective"), "allreduce_s");
    char a[64];
    card(r, "plan cost", usd_short(a, sizeof(a), fp_reportw_num(p, "cost_usd")));
    if (isfinite(fp_reportw_num(p, "budget_usd"))) {
        card(r, "budget", usd_short(a, sizeof(a), fp_reportw_num(p, "budget_usd")));
    }
    card(r, "T after the plan", fp_reportw_seconds(a, sizeof(a), after));
    if (before > 0 && after > 0) {
        snprintf(a, sizeof(a), "%.2f\xc3\x97", before / after);
        card(r, "speed-up", a);
    }
}

/* failures --workload: the worst scenario for lambda, against intact. */
static void cards_workload_failures(struct rep *r)
{
    const json_t *worst = json_object_get(json_object_get(r->fail, "workload"), "worst"), *f;
    double intact = fp_reportw_num(json_object_get(r->fail, "intact"), "scale");
    size_t i;
    char a[96];
    if (!json_is_string(json_object_get(worst, "scale"))) {
        return;
    }
    json_array_foreach(json_object_get(r->fail, "failures"), i, f)
    {
        if (strcmp(fp_reportw_str(f, "label"), fp_reportw_str(worst, "scale")) == 0) {
            snprintf(a, sizeof(a), "%s: %.2f\xc3\x97 intact", fp_reportw_str(f, "label"),
                     fp_reportw_num(f, "scale") / intact);
            card(r, "worst \xce\xbb (every job runs)", a);
        }
    }
}

static void cards_failures(struct rep *r)
{
    const json_t *f, *worst = NULL;
    size_t i, cut = 0;
    char a[96], t[48];
    json_array_foreach(json_object_get(r->fail, "failures"), i, f)
    {
        if (json_is_true(json_object_get(f, "disconnected"))) {
            cut++;
        } else if (worst == NULL) {
            worst = f; /* worst first: the first that keeps every site */
        }
    }
    card(r, "intact T",
         fp_reportw_seconds(a, sizeof(a),
                            fp_reportw_num(json_object_get(r->fail, "intact"), "allreduce_s")));
    snprintf(a, sizeof(a), "%zu by %s", json_array_size(json_object_get(r->fail, "failures")),
             fp_reportw_str(r->fail, "by"));
    card(r, "scenarios", a);
    snprintf(a, sizeof(a), "%zu of %zu", cut,
             json_array_size(json_object_get(r->fail, "failures")));
    card(r, "failures cutting sites off", a);
    if (worst != NULL) {
        snprintf(a, sizeof(a), "%s: %s", fp_reportw_str(worst, "label"),
                 fp_reportw_seconds(t, sizeof(t), fp_reportw_num(worst, "allreduce_s")));
        card(r, "worst connected", a);
    }
    cards_workload_failures(r);
}

static void cards_sweep(struct rep *r)
{
    const json_t *fr = json_object_get(r->sweep, "frontier"), *pt;
    size_t i;
    char a[64], k[96];
    if (r->route == NULL) {
        card(r, "T today",
             fp_reportw_seconds(
                 a, sizeof(a),
                 fp_reportw_num(json_object_get(json_object_get(r->sweep, "plan"), "before"),
                                "allreduce_s")));
    }
    json_array_foreach(json_object_get(r->sweep, "frontier"), i, pt)
    {
        if (json_is_true(json_object_get(pt, "knee"))) {
            card(r, "knee budget", usd_short(a, sizeof(a), fp_reportw_num(pt, "budget_usd")));
            card(r, "T at the knee",
                 fp_reportw_seconds(a, sizeof(a), fp_reportw_num(pt, "allreduce_s")));
        }
    }
    if (json_array_size(fr) > 0) {
        pt = json_array_get(fr, json_array_size(fr) - 1);
        usd_short(a, sizeof(a), fp_reportw_num(pt, "budget_usd"));
        snprintf(k, sizeof(k), "T at %s", a);
        card(r, k, fp_reportw_seconds(a, sizeof(a), fp_reportw_num(pt, "allreduce_s")));
    }
}

static void headline(struct rep *r)
{
    fp_reportw_start(r, "section");
    fp_reportw_attr(r, "id", "headline");
    fp_reportw_start(r, "div");
    fp_reportw_attr(r, "class", "cards");
    if (r->route != NULL || r->plan == NULL) {
        cards_collective(r, r->route != NULL ? r->route : r->first,
                         r->plan != NULL ? " today" : "");
    }
    if (r->plan != NULL) {
        cards_plan(r);
    }
    if (r->fail != NULL) {
        cards_failures(r);
    }
    if (r->sweep != NULL) {
        cards_sweep(r);
    }
    fp_reportw_end(r);
    fp_reportw_end(r);
}

/* ---- the document ---- */

static void document(struct rep *r, const struct fp_report *rep)
{
    xmlTextWriterWriteRaw(r->w, BAD_CAST "<!DOCTYPE html>\n");
    fp_reportw_start(r, "html");
    fp_reportw_attr(r, "lang", "en");
    fp_reportw_start(r, "head");
    fp_reportw_start(r, "meta");
    fp_reportw_attr(r, "charset", "utf-8");
    fp_reportw_end_svg(r);
    fp_reportw_start(r, "title");
    fp_reportw_textf(r, "fiberplan review: %s", topo_name(r));
    fp_reportw_end(r);
    fp_reportw_elem(r, "style", css);
    fp_reportw_end(r);
    fp_reportw_start(r, "body");
    header(r, rep);
    headline(r);
    fp_reportmap_write(r);
    fp_reporttab_frontier(r);
    fp_reportphases_timeline(r);
    fp_reporttab_upgrades(r);
    fp_reporttab_next_dollars(r);
    fp_reporttab_collectives(r);
    fp_reporttab_trees(r);
    fp_reporttab_failures(r);
    fp_reporttab_job(r);
    fp_reporttab_spans(r);
    fp_reportw_end(r);
    fp_reportw_end(r);
    xmlTextWriterEndDocument(r->w);
}

/* Per node: a site, as the topology marks them (datacenters with GPUs) or as a result's job
 * chose them (--sites on a Topology Zoo network, whose nodes carry no GPUs: Colt's map showed
 * its four chosen sites as four more of 153 PoPs). */
static bool *job_sites(const struct fp_topo *topo, const struct fp_report *rep)
{
    bool *site = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(bool));
    igraph_integer_t v;
    size_t i, k;
    json_t *id;
    for (v = 0; v < topo->n_nodes; v++) {
        site[v] = fp_topo_is_site(topo, v);
    }
    for (i = 0; i < rep->n; i++) {
        json_array_foreach(json_object_get(json_object_get(rep->root[i], "job"), "sites"), k, id) {
            v = json_is_string(id) ? fp_topo_find_node(topo, json_string_value(id)) : -1;
            if (v >= 0) {
                site[v] = true;
            }
        }
    }
    return site;
}

int fp_report_html(const struct fp_report *rep, const struct fp_topo *topo, char **html,
                   struct fp_error *err)
{
    struct rep r;
    xmlBufferPtr buf = NULL;
    size_t n = (size_t)topo->n_spans + 1;
    int rc;

    memset(&r, 0, sizeof(r));
    if (rep->n == 0) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0, "report: needs a result file");
    }
    r.topo = topo;
    roles(&r, rep);
    r.x = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(double));
    r.y = fp_xcalloc((size_t)topo->n_nodes + 1, sizeof(double));
    r.cap = fp_xcalloc(n, sizeof(double));
    r.util = fp_xcalloc(n, sizeof(double));
    r.added = fp_xcalloc(n, sizeof(double));
    r.fail_ratio = fp_xcalloc(n, sizeof(double));
    r.cut = fp_xcalloc(n, sizeof(bool));
    r.built = fp_xcalloc(n, sizeof(bool));
    r.site = job_sites(topo, rep);
    rc = annotate(&r, rep->display[0], err);
    if (rc == FP_OK) {
        rc = fp_reportmap_layout(&r, err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    r.w = fp_xml_memory_writer(&buf);
    if (r.w == NULL) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: libxml2: out of memory");
        goto out;
    }
    document(&r, rep);
    xmlFreeTextWriter(r.w);
    *html = fp_xstrdup((const char *)xmlBufferContent(buf));
out:
    if (buf != NULL) {
        xmlBufferFree(buf);
    }
    free(r.x);
    free(r.y);
    free(r.cap);
    free(r.util);
    free(r.added);
    free(r.fail_ratio);
    free(r.cut);
    free(r.built);
    free(r.site);
    return rc;
}
