/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan check: validate a topology and print a summary a reviewer can read. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "cli/opts.h"
#include "core/optics.h"
#include "core/stats.h"
#include "core/topo.h"
#include "io/resultjson.h"
#include "io/textfmt.h"
#include "io/topofile.h"

static const char *const usage[] = {
    "usage: fiberplan check TOPO [options]",
    "",
    "Validates TOPO (GraphML, SNDlib XML or SNDlib native; '-' reads standard input) and",
    "prints its sites and GPUs, transit nodes, spans, route-km, lit and ceiling capacity,",
    "the shortest and longest site-to-site delay over lit spans, whether the sites are",
    "connected, and warnings. Bad values exit 65 naming FILE:LINE. With --nodes it lists",
    "every node instead: id, label, type, degree, GPUs and coordinates; --sites, demands",
    "and job files name a node by its id or its label.",
    NULL,
};

static const char *format_label(enum fp_topo_format f)
{
    switch (f) {
    case FP_FORMAT_SNDLIB_XML:
        return "SNDlib XML";
    case FP_FORMAT_SNDLIB_NATIVE:
        return "SNDlib native";
    default:
        return "GraphML";
    }
}

static void print_sites_line(FILE *fp, const struct fp_topo *topo, const struct fp_stats *s)
{
    igraph_integer_t g, i;
    if (s->n_sites < 2) {
        fprintf(fp, "sites     %ld site%s: nothing to connect; name sites with --sites (ids or labels: "
                "'fiberplan check --nodes' lists them)\n", (long)s->n_sites, s->n_sites == 1 ? "" : "s");
        return;
    }
    if (s->sites_connected) {
        if (s->n_sites == 2) {
            fprintf(fp, "sites     both connected over lit spans\n");
        } else {
            fprintf(fp, "sites     all %ld connected over lit spans\n", (long)s->n_sites);
        }
        return;
    }
    fprintf(fp, "sites     NOT connected over lit spans: %ld groups:", (long)s->n_site_groups);
    for (g = 0; g < s->n_site_groups; g++) {
        bool first = true;
        fprintf(fp, "%s {", g > 0 ? " |" : "");
        for (i = 0; i < s->n_sites; i++) {
            if (s->site_group[i] == g) {
                fprintf(fp, "%s%s", first ? "" : ", ", topo->node_id[s->sites[i]]);
                first = false;
            }
        }
        fprintf(fp, "}");
    }
    fprintf(fp, "\n");
}

static void print_text(FILE *fp, const struct fp_topo *topo, const struct fp_stats *s)
{
    char a[64], b[64], c[64];
    igraph_integer_t i;

    fprintf(fp, "topology  %s (%s, %s)\n", topo->name != NULL ? topo->name : "(unnamed)",
            topo->path, format_label(topo->format));
    fprintf(fp, "nodes     %ld: %ld site%s with %s GPUs, %ld transit\n", (long)s->n_nodes,
            (long)s->n_sites, s->n_sites == 1 ? "" : "s", fp_textfmt_grouped(a, sizeof(a), (double)s->total_gpus),
            (long)s->n_transit);
    fprintf(fp, "spans     %ld: %ld lit, %ld candidate\n", (long)s->n_spans, (long)s->n_lit,
            (long)s->n_candidate);
    fprintf(fp, "route-km  %s lit, %s candidate", fp_textfmt_grouped(a, sizeof(a), s->route_km_lit),
            fp_textfmt_grouped(b, sizeof(b), s->route_km_candidate));
    if (s->n_length_unknown > 0) {
        fprintf(fp, " (%ld span%s of unknown length)", (long)s->n_length_unknown,
                s->n_length_unknown == 1 ? "" : "s");
    }
    fprintf(fp, "\n");
    fprintf(fp, "capacity  %s Gbit/s lit per direction, ceiling %s; candidates up to %s\n",
            fp_textfmt_grouped(a, sizeof(a), s->lit_capacity_gbps), fp_textfmt_grouped(b, sizeof(b), s->lit_ceiling_gbps),
            fp_textfmt_grouped(c, sizeof(c), s->candidate_ceiling_gbps));
    if (s->n_sites < 2) {
        fprintf(fp, "delay     n/a (fewer than 2 sites)\n");
    } else if (!s->delays_known) {
        fprintf(fp, "delay     unknown: some lit spans have no derivable length\n");
    } else if (isnan(s->min_delay_s)) {
        fprintf(fp, "delay     n/a (no two sites connected)\n");
    } else if (s->min_pair[0] == s->max_pair[0] && s->min_pair[1] == s->max_pair[1]) {
        fprintf(fp, "delay     site to site %s (%s-%s)\n", cmdutil_delay(a, sizeof(a), s->min_delay_s),
                topo->node_id[s->min_pair[0]], topo->node_id[s->min_pair[1]]);
    } else {
        fprintf(fp, "delay     site to site %s (%s-%s) to %s (%s-%s)\n",
                cmdutil_delay(a, sizeof(a), s->min_delay_s), topo->node_id[s->min_pair[0]],
                topo->node_id[s->min_pair[1]], cmdutil_delay(b, sizeof(b), s->max_delay_s),
                topo->node_id[s->max_pair[0]], topo->node_id[s->max_pair[1]]);
    }
    print_sites_line(fp, topo, s);

    if (s->n_sites > 0) {
        fprintf(fp, "\n%-20s %10s %9s %10s  %s\n", "site", "GPUs", "lat", "lon", "name");
        for (i = 0; i < s->n_sites; i++) {
            igraph_integer_t v = s->sites[i];
            char lat[32] = "-", lon[32] = "-";
            if (!isnan(topo->lat[v])) {
                snprintf(lat, sizeof(lat), "%.4f", topo->lat[v]);
                snprintf(lon, sizeof(lon), "%.4f", topo->lon[v]);
            }
            fprintf(fp, "%-20s %10s %9s %10s", topo->node_id[v],
                    fp_textfmt_grouped(a, sizeof(a), (double)topo->gpus[v]), lat, lon);
            if (topo->node_name[v] != NULL) {
                fprintf(fp, "  %s", topo->node_name[v]);
            }
            fprintf(fp, "\n");
        }
    }
    if (topo->n_warnings == 0) {
        fprintf(fp, "\nwarnings  none\n");
    } else {
        fprintf(fp, "\nwarnings\n");
        for (i = 0; i < topo->n_warnings; i++) {
            fprintf(fp, "  %s\n", topo->warnings[i]);
        }
    }
}

/* Characters (UTF-8 code points) in s: the width it takes in a column. */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s != '\0'; s++) {
        n += ((unsigned char)*s & 0xC0) != 0x80;
    }
    return n;
}

/* Prints s left-aligned in a column of width characters, then two spaces. */
static void put_cell(FILE *fp, const char *s, size_t width)
{
    size_t w = text_width(s);
    fprintf(fp, "%s%*s", s, (int)(width - (w < width ? w : width) + 2), "");
}

static size_t widest(size_t w, const char *s)
{
    size_t l = text_width(s != NULL ? s : "-");
    return l > w ? l : w;
}

/* check --nodes: one line per node in file order, the names --sites accepts. */
static void print_nodes(FILE *fp, const struct fp_topo *topo)
{
    igraph_integer_t *deg = fp_topo_degrees(topo), v;
    size_t w_id = 2, w_label = 5, w_type = 4;
    char a[64];

    for (v = 0; v < topo->n_nodes; v++) {
        w_id = widest(w_id, topo->node_id[v]);
        w_label = widest(w_label, topo->node_name[v]);
        w_type = widest(w_type, topo->node_type[v]);
    }
    put_cell(fp, "id", w_id);
    put_cell(fp, "label", w_label);
    put_cell(fp, "type", w_type);
    fprintf(fp, "%6s  %8s  %9s  %10s\n", "degree", "GPUs", "lat", "lon");
    for (v = 0; v < topo->n_nodes; v++) {
        char lat[32] = "-", lon[32] = "-";
        if (!isnan(topo->lat[v]) && !isnan(topo->lon[v])) {
            snprintf(lat, sizeof(lat), "%.4f", topo->lat[v]);
            snprintf(lon, sizeof(lon), "%.4f", topo->lon[v]);
        }
        put_cell(fp, topo->node_id[v], w_id);
        put_cell(fp, topo->node_name[v] != NULL ? topo->node_name[v] : "-", w_label);
        put_cell(fp, topo->node_type[v] != NULL ? topo->node_type[v] : "-", w_type);
        fprintf(fp, "%6ld  %8s  %9s  %10s\n", (long)deg[v],
                fp_textfmt_grouped(a, sizeof(a), (double)topo->gpus[v]), lat, lon);
    }
    free(deg);
}

/* check --cost-model: per span its mode, wavelengths per pair, pairs lit and dark, ceiling, the
 * price of a wavelength and of lighting a dark pair, amplifiers per pair. */
static void print_optics(FILE *fp, const struct fp_topo *topo)
{
    const struct fp_optics *o = topo->optics;
    igraph_integer_t e;
    char a[64], b[64], c[64];
    if (o == NULL) {
        return;
    }
    fprintf(fp, "\noptics (cost model %s%s)\n", o->model.source, o->regenerate ? ", --regenerate" : "");
    fprintf(fp, "%-10s %8s  %-9s %7s %5s %5s %12s %10s %12s %4s\n", "span", "km", "mode", "wl/pair", "lit",
            "dark", "ceiling", "USD/wl", "USD/pair", "ILAs");
    for (e = 0; e < topo->n_spans; e++) {
        if (o->mode[e] < 0) {
            fprintf(fp, "%-10s %8s  %-9s (length unknown: not priced by the model)\n", topo->span_id[e], "-", "-");
            continue;
        }
        fprintf(fp, "%-10s %8.0f  %-9s %7lld %5lld %5lld %12s %10s %12s %4lld%s\n", topo->span_id[e],
                topo->length_km[e], o->model.modes[o->mode[e]].name, o->wl_per_pair[e],
                (long long)o->lit[e], (long long)o->dark[e],
                fp_textfmt_grouped(a, sizeof(a), topo->ceiling_gbps[e]),
                fp_textfmt_grouped(b, sizeof(b), topo->module_cost[e]),
                fp_textfmt_grouped(c, sizeof(c), o->pair_usd[e]), o->ilas[e],
                o->segments[e] > 1 ? "  regenerated" : "");
    }
}

int cmd_check(int argc, char **argv)
{
    struct opts o;
    struct fp_error err;
    struct fp_topo_options topts;
    struct fp_topo topo;
    struct fp_stats stats;
    char *text = NULL;
    size_t len = 0;
    double t0 = cmdutil_now_s();
    int rc;

    fp_error_init(&err);
    memset(&topo, 0, sizeof(topo));
    memset(&stats, 0, sizeof(stats));
    rc = opts_parse("check", CMD_CHECK, argc, argv, &o, &err);
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_HELP]) {
        cmdutil_help(usage, CMD_CHECK);
        goto out;
    }
    if (o.n_pos != 1) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "check: %s (see 'fiberplan check --help')",
                          o.n_pos == 0 ? "needs a topology file" : "takes one topology file");
        goto out;
    }
    opts_topo(&o, &topts);
    rc = fp_topofile_read(o.pos[0], &topts, &topo, &err);
    if (rc == FP_OK) {
        rc = cmdutil_costs("check", &o, &topo, &err);
    }
    if (rc == FP_OK) {
        rc = fp_stats_compute(&topo, &stats, &err);
    }
    if (rc != FP_OK) {
        goto out;
    }
    if (o.set[OPT_JSON]) {
        text = fp_resultjson_check(&topo, &stats, o.set[OPT_NODES], cmdutil_seconds(&o, t0));
    } else {
        FILE *fp = open_memstream(&text, &len);
        if (fp == NULL) {
            rc = fp_error_set(&err, FP_ESOFTWARE, NULL, 0, "internal: cannot buffer output");
            goto out;
        }
        if (o.set[OPT_NODES]) {
            print_nodes(fp, &topo);
        } else {
            print_text(fp, &topo, &stats);
            print_optics(fp, &topo);
        }
        fclose(fp);
    }
    if (o.set[OPT_JSON] && (rc = cmdutil_stamp(&o, &text, &err)) != FP_OK) {
        goto out;   /* where the topology came from, as every result says */
    }
    rc = msg_output(o.str[OPT_OUTPUT], text, &err);
out:
    free(text);
    fp_stats_release(&stats);
    fp_topo_release(&topo);
    opts_release(&o);
    if (rc != FP_OK) {
        msg_error(&err);
    }
    return rc;
}
