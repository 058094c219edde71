/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: demands CSV reader (CONTRACT.md "--demands FILE.csv": lines src,dst,gbps). */
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/xalloc.h"
#include "io/demands.h"
#include "io/input.h"

int fp_demands_read(const char *path, const struct fp_topo *topo, struct fp_demand **out,
                    igraph_integer_t *n, struct fp_error *err)
{
    struct fp_input in;
    struct fp_demand *d = NULL;
    igraph_integer_t count = 0, i;
    char *p, *line, *save = NULL;
    long lineno = 0;
    int rc;

    memset(&in, 0, sizeof(in));
    rc = fp_input_read(path, &in, err);
    if (rc != FP_OK) {
        return rc;
    }
    /* strtok_r would skip empty lines and lose the count: walk lines by hand */
    for (p = in.data; rc == FP_OK && p != NULL && *p != '\0';) {
        char *nl = strchr(p, '\n'), *f[3], *t;
        int nf = 0;
        double gbps;
        igraph_integer_t a, b;
        line = p;
        p = nl != NULL ? nl + 1 : NULL;
        if (nl != NULL) {
            *nl = '\0';
        }
        lineno++;
        t = fp_parse_trim(line);
        if (t[0] == '\0' || t[0] == '#') {
            free(t);
            continue;
        }
        for (f[nf++] = strtok_r(t, ",", &save); nf < 3 && f[nf - 1] != NULL;) {
            f[nf++] = strtok_r(NULL, ",", &save);
        }
        if (nf != 3 || f[2] == NULL || strtok_r(NULL, ",", &save) != NULL) {
            rc = fp_error_set(err, FP_EDATA, in.display, lineno, "expected src,dst,gbps, got '%s'", line);
        } else {
            char *src = fp_parse_trim(f[0]), *dst = fp_parse_trim(f[1]);
            if (fp_parse_double(f[2], &gbps) != 0) {
                if (count > 0 || lineno > 1) {
                    rc = fp_error_set(err, FP_EDATA, in.display, lineno,
                                      "demand %s->%s: gbps must be a number, got '%s'", src, dst, f[2]);
                }
                /* else: the header line */
            } else if (fp_topo_resolve_node(topo, src, "source", FP_EDATA, in.display, lineno, &a,
                                            err) != FP_OK ||
                       fp_topo_resolve_node(topo, dst, "target", FP_EDATA, in.display, lineno, &b,
                                            err) != FP_OK) {
                rc = err->rc;
            } else if (a == b) {
                rc = fp_error_set(err, FP_EDATA, in.display, lineno, "demand from '%s' to itself", src);
            } else if (!(gbps > 0)) {
                rc = fp_error_set(err, FP_EDATA, in.display, lineno,
                                  "demand %s->%s: gbps must be > 0, got '%s'", src, dst, f[2]);
            } else {
                d = fp_xrealloc(d, (size_t)count + 1, sizeof(struct fp_demand));
                d[count].id = fp_xasprintf("%s->%s", topo->node_id[a], topo->node_id[b]);
                d[count].src = a;
                d[count].dst = b;
                d[count].gbps = gbps;
                d[count].line = lineno;
                count++;
            }
            free(src);
            free(dst);
        }
        free(t);
    }
    if (rc == FP_OK && count == 0) {
        rc = fp_error_set(err, FP_EDATA, in.display, 0, "no demands in the file");
    }
    if (rc == FP_OK) {
        *out = d;
        *n = count;
    } else {
        for (i = 0; i < count; i++) {
            free(d[i].id);
        }
        free(d);
    }
    fp_input_release(&in);
    return rc;
}
