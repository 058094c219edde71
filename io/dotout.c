/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: Graphviz DOT writer (positions from coordinates, for neato -n2). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "io/dotout.h"

#define WIDTH_PT 1000.0
#define DEG_RAD (3.14159265358979323846 / 180.0)

/* A DOT double-quoted string: backslash and quote escaped, newlines as spaces. */
static void quoted(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s != '\0'; s++) {
        if (*s == '"' || *s == '\\') {
            fputc('\\', fp);
            fputc(*s, fp);
        } else if (*s == '\n' || *s == '\r') {
            fputc(' ', fp);
        } else {
            fputc(*s, fp);
        }
    }
    fputc('"', fp);
}

/* Utilisation 0 -> green, 1 -> red, through yellow. */
static void colour(char *buf, size_t size, double u)
{
    double x = u < 0 ? 0 : (u > 1 ? 1 : u);
    int r = x < 0.5 ? (int)(510 * x) : 255, g = x < 0.5 ? 200 : (int)(200 * 2 * (1 - x));
    snprintf(buf, size, "#%02x%02x00", r, g);
}

char *fp_dotout_dumps(const struct fp_topo *topo, const struct fp_result_spans *res)
{
    char *text = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    igraph_integer_t v, e, placed = 0;
    double lat0 = 0, lon_min = INFINITY, lon_max = -INFINITY, lat_min = INFINITY, scale = 1, cap_max = 0;
    long long gpus_max = 0;

    if (fp == NULL) {
        return NULL;
    }
    for (v = 0; v < topo->n_nodes; v++) {
        if (!isnan(topo->lat[v]) && !isnan(topo->lon[v])) {
            lat0 += topo->lat[v];
            placed++;
        }
        gpus_max = topo->gpus[v] > gpus_max ? topo->gpus[v] : gpus_max;
    }
    if (placed == topo->n_nodes && placed > 0) {
        lat0 /= (double)placed;
        for (v = 0; v < topo->n_nodes; v++) {
            double x = topo->lon[v] * cos(lat0 * DEG_RAD);
            lon_min = x < lon_min ? x : lon_min;
            lon_max = x > lon_max ? x : lon_max;
            lat_min = topo->lat[v] < lat_min ? topo->lat[v] : lat_min;
        }
        scale = lon_max > lon_min ? WIDTH_PT / (lon_max - lon_min) : 1.0;
    } else {
        placed = 0;
    }
    for (e = 0; e < topo->n_spans; e++) {
        double c = res != NULL && !isnan(res->planned_gbps[e]) ? res->planned_gbps[e] : topo->capacity_gbps[e];
        cap_max = c > cap_max ? c : cap_max;
    }
    fprintf(fp, "graph ");
    quoted(fp, topo->name != NULL ? topo->name : "fiberplan");
    fprintf(fp, " {\n  graph [outputorder=edgesfirst];\n");
    fprintf(fp, "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8];\n");
    for (v = 0; v < topo->n_nodes; v++) {
        bool site = topo->node_type[v] != NULL && strcmp(topo->node_type[v], "datacenter") == 0;
        fprintf(fp, "  ");
        quoted(fp, topo->node_id[v]);
        if (site) {
            double w = 0.25 + 0.5 * (gpus_max > 0 ? sqrt((double)topo->gpus[v] / (double)gpus_max) : 0);
            fprintf(fp, " [shape=doublecircle, style=filled, fillcolor=\"#9ecae1\", width=%.3f, label=", w);
            quoted(fp, topo->node_id[v]);
        } else {
            fprintf(fp, " [shape=point, width=0.08, xlabel=");
            quoted(fp, topo->node_id[v]);
        }
        if (placed > 0) {
            fprintf(fp, ", pos=\"%.1f,%.1f!\"", (topo->lon[v] * cos(lat0 * DEG_RAD) - lon_min) * scale,
                    (topo->lat[v] - lat_min) * scale);
        }
        fprintf(fp, "];\n");
    }
    for (e = 0; e < topo->n_spans; e++) {
        bool planned = res != NULL && !isnan(res->planned_gbps[e]);
        double c = planned ? res->planned_gbps[e] : (fp_topo_is_lit(topo, e) ? topo->capacity_gbps[e] : 0.0);
        bool built = fp_topo_is_lit(topo, e) || c > 0;
        char label[64], col[16] = "#555555";
        fprintf(fp, "  ");
        quoted(fp, topo->node_id[topo->span_from[e]]);
        fprintf(fp, " -- ");
        quoted(fp, topo->node_id[topo->span_to[e]]);
        snprintf(label, sizeof(label), "%s %.0f G", topo->span_id[e], c);
        if (res != NULL && !isnan(res->utilization[e])) {
            colour(col, sizeof(col), res->utilization[e]);
        }
        fprintf(fp, " [id=");
        quoted(fp, topo->span_id[e]);
        fprintf(fp, ", label=");
        quoted(fp, label);
        fprintf(fp, ", penwidth=%.2f, color=\"%s\"%s%s];\n",
                0.5 + 4.5 * (cap_max > 0 ? c / cap_max : 0), col, built ? "" : ", style=dashed",
                res != NULL && res->in_cut[e] ? ", style=bold, fontcolor=\"#b00000\"" : "");
    }
    fprintf(fp, "}\n");
    fclose(fp);
    return text;
}
