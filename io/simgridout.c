/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: SimGrid platform writer (libxml2 xmlTextWriter). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <libxml/xmlwriter.h>

#include "core/xalloc.h"
#include "io/simgridout.h"
#include "io/xml_internal.h"

static double span_gbps(const struct fp_topo *t, const struct fp_result_spans *res, igraph_integer_t e)
{
    if (res != NULL && !isnan(res->planned_gbps[e])) {
        return res->planned_gbps[e];
    }
    return fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
}

char *fp_simgridout_dumps(const struct fp_topo *topo, const igraph_integer_t *sites, igraph_integer_t n_sites,
                          const igraph_integer_t *const *routes, const igraph_integer_t *n_arcs,
                          double host_speed, const struct fp_result_spans *res)
{
    xmlBufferPtr buf;
    xmlTextWriterPtr w = fp_xml_memory_writer(&buf);
    igraph_integer_t a, b, e, i;
    char val[64];
    char *text;

    if (w == NULL) {
        return NULL;
    }
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, BAD_CAST "  ");
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
    xmlTextWriterStartDTD(w, BAD_CAST "platform", NULL, BAD_CAST "https://simgrid.org/simgrid.dtd");
    xmlTextWriterEndDTD(w);
    xmlTextWriterStartElement(w, BAD_CAST "platform");
    xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "4.1");
    xmlTextWriterStartElement(w, BAD_CAST "zone");
    xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST(topo->name != NULL ? topo->name : "fiberplan"));
    xmlTextWriterWriteAttribute(w, BAD_CAST "routing", BAD_CAST "Full");
    for (i = 0; i < n_sites; i++) {
        xmlTextWriterStartElement(w, BAD_CAST "host");
        xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST topo->node_id[sites[i]]);
        fp_xml_num(val, sizeof(val) - 2, host_speed);
        strcat(val, "f");
        xmlTextWriterWriteAttribute(w, BAD_CAST "speed", BAD_CAST val);
        xmlTextWriterEndElement(w);
    }
    for (e = 0; e < topo->n_spans; e++) {
        double c = span_gbps(topo, res, e);
        if (!(c > 0)) {
            continue;
        }
        xmlTextWriterStartElement(w, BAD_CAST "link");
        xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST topo->span_id[e]);
        fp_xml_num(val, sizeof(val) - 5, c);
        strcat(val, "Gbps");
        xmlTextWriterWriteAttribute(w, BAD_CAST "bandwidth", BAD_CAST val);
        snprintf(val, sizeof(val), "%.10gms", topo->delay_s[e] * 1e3);
        xmlTextWriterWriteAttribute(w, BAD_CAST "latency", BAD_CAST val);
        xmlTextWriterWriteAttribute(w, BAD_CAST "sharing_policy", BAD_CAST "SPLITDUPLEX");
        xmlTextWriterEndElement(w);
    }
    for (a = 0; a < n_sites; a++) {
        for (b = 0; b < n_sites; b++) {
            const igraph_integer_t *arcs = routes[a * n_sites + b];
            if (a == b) {
                continue;
            }
            xmlTextWriterStartElement(w, BAD_CAST "route");
            xmlTextWriterWriteAttribute(w, BAD_CAST "src", BAD_CAST topo->node_id[sites[a]]);
            xmlTextWriterWriteAttribute(w, BAD_CAST "dst", BAD_CAST topo->node_id[sites[b]]);
            xmlTextWriterWriteAttribute(w, BAD_CAST "symmetrical", BAD_CAST "NO");
            for (i = 0; i < n_arcs[a * n_sites + b]; i++) {
                xmlTextWriterStartElement(w, BAD_CAST "link_ctn");
                xmlTextWriterWriteAttribute(w, BAD_CAST "id", BAD_CAST topo->span_id[arcs[i] / 2]);
                xmlTextWriterWriteAttribute(w, BAD_CAST "direction", BAD_CAST(arcs[i] % 2 == 0 ? "UP" : "DOWN"));
                xmlTextWriterEndElement(w);
            }
            xmlTextWriterEndElement(w);
        }
    }
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    text = fp_xstrdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return text;
}
