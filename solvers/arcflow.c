/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the arc-flow formulation of MODEL.md "Demand" (every simple path, --formulation
 * arcflow), aggregated by source, and the decomposition of its flows into paths. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/route_internal.h"

/* Arc-flow formulation, aggregated by source (a commodity per origin, as in Ahuja, Magnanti
 * and Orlin, "Network Flows", ch. 17): y_r (def: y_r - sum a z >= 0) for every pair, and one
 * flow f(g, arc) per source g on every arc with capacity, conserved at every vertex:
 * out - in - [v = g] sum_{r from g} y_r + sum_{r from g to v} y_r = 0. Any such flow splits
 * into per-pair flows of values y_r (decompose_source), so the optimum is the per-pair
 * arc-flow optimum, with k times fewer rows and columns. Arcs into the source carry nothing
 * in some optimum and are left out. */
void fp_arcflow_build(struct master *m)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t r, g, v, arc, n = t->n_nodes, n_arcs = 2 * t->n_spans;
    int *cons;
    char name[200];

    m->src_group = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    m->group_src = fp_xcalloc((size_t)m->n_comms + 1, sizeof(igraph_integer_t));
    for (v = 0; v < n; v++) {
        m->src_group[v] = -1;
    }
    for (r = 0; r < m->n_comms; r++) {
        if (m->src_group[m->comms[r].src] < 0) {
            m->src_group[m->comms[r].src] = m->n_groups;
            m->group_src[m->n_groups++] = m->comms[r].src;
        }
    }
    cons = fp_xcalloc((size_t)(m->n_groups * n) + 1, sizeof(int));
    m->y_col = fp_xcalloc((size_t)m->n_comms + 1, sizeof(int));
    for (g = 0; g < m->n_groups; g++) {
        for (v = 0; v < n; v++) {
            snprintf(name, sizeof(name), "cons(%s,%s)", fp_master_vid(m, m->group_src[g]), fp_master_vid(m, v));
            cons[g * n + v] = fp_lp_add_row_fx(m->lp, name, 0.0);
        }
    }
    for (r = 0; r < m->n_comms; r++) {
        igraph_integer_t src = m->comms[r].src;
        int rows[3];
        double vals[3];
        g = m->src_group[src];
        rows[0] = m->comms[r].row;
        vals[0] = 1.0;
        rows[1] = cons[g * n + src];
        vals[1] = -1.0;
        rows[2] = cons[g * n + m->comms[r].dst];
        vals[2] = 1.0;
        snprintf(name, sizeof(name), "y(%s,%s)", fp_master_vid(m, src), fp_master_vid(m, m->comms[r].dst));
        m->y_col[r] = fp_lp_add_col(m->lp, name, 0.0, 3, rows, vals);
    }
    m->flow_col = fp_xcalloc((size_t)(m->n_groups * n_arcs) + 1, sizeof(int));
    for (g = 0; g < m->n_groups; g++) {
        for (arc = 0; arc < n_arcs; arc++) {
            igraph_integer_t e = arc / 2;
            igraph_integer_t tail = arc % 2 == 0 ? t->span_from[e] : t->span_to[e];
            igraph_integer_t head = arc % 2 == 0 ? t->span_to[e] : t->span_from[e];
            int rows[3];
            double vals[3];
            if (m->cap_row[arc] == 0 || head == m->group_src[g]) {
                continue;
            }
            rows[0] = cons[g * n + tail];
            vals[0] = 1.0;
            rows[1] = cons[g * n + head];
            vals[1] = -1.0;
            rows[2] = m->cap_row[arc];
            vals[2] = 1.0;
            snprintf(name, sizeof(name), "g(%s,%s,%s)", fp_master_vid(m, m->group_src[g]), t->span_id[e],
                     arc % 2 == 0 ? "fw" : "bw");
            m->flow_col[g * n_arcs + arc] = fp_lp_add_col(m->lp, name, 0.0, 3, rows, vals);
        }
    }
    free(cons);
}

/* Splits the flow of source group g into paths to the pairs' destinations: a DFS from the
 * source along positive arc flows stops at the first vertex still owed flow (need, the pairs'
 * y values) and peels the bottleneck off the path. Each path empties an arc or a need, so at
 * most 2m + n paths; flow around cycles is left. */
static int decompose_source(struct master *m, igraph_integer_t g, double *flow, double *need,
                            struct fp_route *out, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_inclist_t inc;
    igraph_integer_t n = t->n_nodes, guard = 0, src = m->group_src[g];
    igraph_integer_t *stack = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    igraph_integer_t *via = fp_xcalloc((size_t)n + 1, sizeof(igraph_integer_t));
    bool *seen = fp_xcalloc((size_t)n + 1, sizeof(bool));
    double tol = EPS;
    int rc = FP_OK;

    FP_IGRAPH(err, igraph_inclist_init(&m->arcs, &inc, IGRAPH_OUT, IGRAPH_LOOPS_ONCE));
    while (guard++ < 2 * t->n_spans + n + 4) {
        igraph_integer_t top = 0, v, i, len = 0, dst = -1;
        double amount;
        memset(seen, 0, (size_t)n * sizeof(bool));
        stack[top++] = src;
        seen[src] = true;
        while (top > 0 && dst < 0) {
            igraph_vector_int_t *edges;
            v = stack[--top];
            edges = igraph_inclist_get(&inc, v);
            for (i = 0; i < igraph_vector_int_size(edges); i++) {
                igraph_integer_t arc = VECTOR(*edges)[i], w = IGRAPH_TO(&m->arcs, arc);
                if (flow[arc] > tol && !seen[w]) {
                    seen[w] = true;
                    via[w] = arc;
                    if (need[w] > tol) {
                        dst = w;
                        break;
                    }
                    stack[top++] = w;
                }
            }
        }
        if (dst < 0) {
            break;
        }
        amount = need[dst];
        for (v = dst; v != src; v = IGRAPH_FROM(&m->arcs, via[v])) {
            stack[len++] = via[v];
            if (flow[via[v]] < amount) {
                amount = flow[via[v]];
            }
        }
        for (i = 0; i < len / 2; i++) {
            igraph_integer_t tmp = stack[i];
            stack[i] = stack[len - 1 - i];
            stack[len - 1 - i] = tmp;
        }
        for (i = 0; i < len; i++) {
            flow[stack[i]] -= amount;
        }
        need[dst] -= amount;
        fp_schedule_push_path(out, src, dst, amount * m->scale, stack, len, t);
    }
    igraph_inclist_destroy(&inc);
out:
    free(stack);
    free(via);
    free(seen);
    return rc;
}

int fp_arcflow_decompose(struct master *m, struct fp_route *out, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t g, r, n_arcs = 2 * t->n_spans;
    double *flow = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
    double *need = fp_xcalloc((size_t)t->n_nodes + 1, sizeof(double));
    int rc = FP_OK;

    for (g = 0; g < m->n_groups && rc == FP_OK; g++) {
        igraph_integer_t arc;
        memset(need, 0, (size_t)t->n_nodes * sizeof(double));
        for (r = 0; r < m->n_comms; r++) {
            if (m->comms[r].src == m->group_src[g]) {
                need[m->comms[r].dst] += fp_lp_col_value(m->lp, m->y_col[r]);
            }
        }
        for (arc = 0; arc < n_arcs; arc++) {
            int col = m->flow_col[g * n_arcs + arc];
            flow[arc] = col != 0 ? fp_lp_col_value(m->lp, col) : 0.0;
            out->load_gbps[arc] += flow[arc] * m->scale;
        }
        rc = decompose_source(m, g, flow, need, out, err);
    }
    free(need);
    free(flow);
    return rc;
}
