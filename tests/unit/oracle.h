/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan unit tests: an oracle independent of the solvers: MODEL.md's tree LP ("Demand",
 * "Planning") written out whole and solved by GLPK directly: every spanning tree of the
 * complete graph on the sites (Pruefer sequences; k <= 6), for every ordered site pair an arc
 * flow conserved at every node (the per-pair arc-flow formulation), and for planning an added
 * capacity per span and a build variable per candidate. No column generation, no bounds. */
#ifndef FP_TESTS_ORACLE_H
#define FP_TESTS_ORACLE_H

#include <glpk.h>

#include "core/job.h"
#include "core/topo.h"

enum oracle_mode {
    ORACLE_ROUTE,   /* max theta over today's capacities */
    ORACLE_BUDGET,  /* max theta with sum cost <= budget, then the cheapest plan at that theta */
    ORACLE_TARGET   /* the cheapest plan with theta >= theta_req */
};

struct oracle {
    enum oracle_mode mode;
    double budget_usd, theta_req_gbps;
    bool delay_phase;   /* ORACLE_ROUTE: then min sum delay(arc) f(r, arc) at theta* */
    /* results */
    double theta_gbps, cost_usd, delay_flow_gbps_s;
};

/* Whether span e takes added capacity (continuous planning, MODEL.md "Planning"): a price, and
 * room under the ceiling; a candidate also needs its build cost. */
static inline bool oracle_plannable(const struct fp_topo *t, igraph_integer_t e)
{
    double now = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
    if (!fp_topo_is_lit(t, e) && isnan(t->build_cost[e])) {
        return false;
    }
    return !isnan(t->cost_per_gbps[e]) && t->ceiling_gbps[e] - now > 1e-9;
}

/* The objective sum of costs: USD per added Gbit/s, and a candidate's build cost. */
static inline void oracle_cost_objective(glp_prob *lp, const struct fp_topo *t, int col_add,
                                         int col_z)
{
    igraph_integer_t e;
    for (e = 0; e < t->n_spans; e++) {
        if (oracle_plannable(t, e)) {
            glp_set_obj_coef(lp, col_add + (int)e + 1, t->cost_per_gbps[e]);
            if (!fp_topo_is_lit(t, e)) {
                glp_set_obj_coef(lp, col_z + (int)e + 1, t->build_cost[e]);
            }
        }
    }
}

/* Solves o->mode on (t, job); fills o's results (cost 0 for routing). */
static inline void oracle_solve(const struct fp_topo *t, const struct fp_job *job, struct oracle *o)
{
    igraph_integer_t k = job->n_sites, n = t->n_nodes, m = t->n_spans;
    igraph_integer_t n_pairs = k * k, n_trees = 1, tr, i, r, arc, e, v;
    int n_rows, n_cols, nz = 0, cap_nz, col_add, col_z, row_cap, row_build, row_budget, row_theta;
    int *ia, *ja;
    double *ar;
    glp_prob *lp = glp_create_prob();
    glp_smcp parm;

    for (i = 0; i < k - 2; i++) {
        n_trees *= k;
    }
    /* columns: trees, flows (pair, arc), add(e), z(e); rows: conservation (pair, node),
     * capacity per arc, build per span, budget, theta */
    col_add = (int)(n_trees + n_pairs * 2 * m);
    col_z = col_add + (int)m;
    n_cols = col_z + (int)m;
    row_cap = (int)(n_pairs * n);
    row_build = row_cap + (int)(2 * m);
    row_budget = row_build + (int)m + 1;
    row_theta = row_budget + 1;
    n_rows = row_theta;
    cap_nz = (int)(n_trees * (k - 1) * 4 + n_pairs * 2 * m * 3 + 8 * m + n_trees) + 16;
    ia = calloc((size_t)cap_nz, sizeof(int));
    ja = calloc((size_t)cap_nz, sizeof(int));
    ar = calloc((size_t)cap_nz, sizeof(double));
    glp_add_rows(lp, n_rows);
    glp_add_cols(lp, n_cols);
    for (i = 1; i <= row_cap; i++) {
        glp_set_row_bnds(lp, (int)i, GLP_FX, 0.0, 0.0);
    }
    for (arc = 0; arc < 2 * m; arc++) {
        double c = fp_topo_is_lit(t, arc / 2) ? t->capacity_gbps[arc / 2] : 0.0;
        glp_set_row_bnds(lp, row_cap + (int)arc + 1, GLP_UP, 0.0, c);
    }
    for (e = 0; e < m; e++) {
        glp_set_row_bnds(lp, row_build + (int)e + 1, GLP_UP, 0.0, 0.0);
    }
    glp_set_row_bnds(lp, row_budget, o->mode == ORACLE_BUDGET ? GLP_UP : GLP_FR, 0.0,
                     o->budget_usd);
    glp_set_row_bnds(lp, row_theta, o->mode == ORACLE_TARGET ? GLP_LO : GLP_FR,
                     o->theta_req_gbps, 0.0);
    /* trees: decode each Pruefer sequence (the number tr in base k) */
    for (tr = 0; tr < n_trees; tr++) {
        igraph_integer_t seq[8], deg[8], x = tr, j;
        for (i = 0; i < k - 2; i++) {
            seq[i] = x % k;
            x /= k;
        }
        for (i = 0; i < k; i++) {
            deg[i] = 1;
        }
        for (i = 0; i < k - 2; i++) {
            deg[seq[i]]++;
        }
        glp_set_col_bnds(lp, (int)(tr + 1), GLP_LO, 0.0, 0.0);
        ia[++nz] = row_theta, ja[nz] = (int)(tr + 1), ar[nz] = 1.0;
        for (i = 0; i < k - 1; i++) {
            igraph_integer_t a, b, q;
            if (i < k - 2) {
                for (j = 0; deg[j] != 1; j++) {
                }
                a = j, b = seq[i];
                deg[a]--, deg[b]--;
            } else {
                for (a = 0; deg[a] != 1; a++) {
                }
                for (b = a + 1; deg[b] != 1; b++) {
                }
            }
            /* the edge {a, b} carries x_t both ways: y_ab and y_ba */
            for (q = 0; q < 2; q++) {
                igraph_integer_t src = q == 0 ? a : b, dst = q == 0 ? b : a;
                igraph_integer_t pr = src * k + dst;
                int col = (int)(tr + 1);
                ia[++nz] = (int)(pr * n + job->sites[src] + 1), ja[nz] = col, ar[nz] = -1.0;
                ia[++nz] = (int)(pr * n + job->sites[dst] + 1), ja[nz] = col, ar[nz] = 1.0;
            }
        }
    }
    /* flows: out - in at each node */
    for (r = 0; r < n_pairs; r++) {
        for (arc = 0; arc < 2 * m; arc++) {
            int col = (int)(n_trees + r * 2 * m + arc + 1);
            igraph_integer_t from = IGRAPH_FROM(&t->graph, arc / 2);
            igraph_integer_t to = IGRAPH_TO(&t->graph, arc / 2);
            if (arc % 2 == 1) {
                v = from, from = to, to = v;
            }
            glp_set_col_bnds(lp, col, r / k == r % k ? GLP_FX : GLP_LO, 0.0, 0.0);
            ia[++nz] = (int)(r * n + from + 1), ja[nz] = col, ar[nz] = 1.0;
            ia[++nz] = (int)(r * n + to + 1), ja[nz] = col, ar[nz] = -1.0;
            ia[++nz] = row_cap + (int)arc + 1, ja[nz] = col, ar[nz] = 1.0;
        }
    }
    /* add(e) in [0, ceiling - c] on both directions; a candidate's add <= ceiling z(e) */
    for (e = 0; e < m; e++) {
        bool plan = o->mode != ORACLE_ROUTE && oracle_plannable(t, e);
        double now = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
        int ca = col_add + (int)e + 1, cz = col_z + (int)e + 1;
        glp_set_col_bnds(lp, ca, plan ? GLP_DB : GLP_FX, 0.0,
                         plan ? t->ceiling_gbps[e] - now : 0.0);
        ia[++nz] = row_cap + (int)(2 * e) + 1, ja[nz] = ca, ar[nz] = -1.0;
        ia[++nz] = row_cap + (int)(2 * e) + 2, ja[nz] = ca, ar[nz] = -1.0;
        if (plan) {
            ia[++nz] = row_budget, ja[nz] = ca, ar[nz] = t->cost_per_gbps[e];
        }
        if (plan && !fp_topo_is_lit(t, e)) {
            glp_set_col_bnds(lp, cz, GLP_DB, 0.0, 1.0);
            ia[++nz] = row_build + (int)e + 1, ja[nz] = ca, ar[nz] = 1.0;
            ia[++nz] = row_build + (int)e + 1, ja[nz] = cz, ar[nz] = -t->ceiling_gbps[e];
            ia[++nz] = row_budget, ja[nz] = cz, ar[nz] = t->build_cost[e];
        } else {
            glp_set_col_bnds(lp, cz, GLP_FX, 0.0, 0.0);
        }
    }
    assert_true(nz < cap_nz);
    glp_load_matrix(lp, nz, ia, ja, ar);
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    /* first objective: theta (route, budget) or cost (target) */
    if (o->mode == ORACLE_TARGET) {
        glp_set_obj_dir(lp, GLP_MIN);
    } else {
        glp_set_obj_dir(lp, GLP_MAX);
        for (tr = 0; tr < n_trees; tr++) {
            glp_set_obj_coef(lp, (int)(tr + 1), 1.0);
        }
    }
    if (o->mode == ORACLE_TARGET) {
        oracle_cost_objective(lp, t, col_add, col_z);
    }
    assert_int_equal(glp_simplex(lp, &parm), 0);
    assert_int_equal(glp_get_status(lp), GLP_OPT);
    o->theta_gbps = glp_get_row_prim(lp, row_theta);
    o->cost_usd = glp_get_row_prim(lp, row_budget);
    o->delay_flow_gbps_s = NAN;
    if (o->mode == ORACLE_BUDGET || (o->mode == ORACLE_ROUTE && o->delay_phase)) {
        /* second objective at theta held (to 1e-9): the cheapest plan, or the least
         * delay-weighted flow */
        glp_set_row_bnds(lp, row_theta, GLP_LO, o->theta_gbps * (1 - 1e-9), 0.0);
        glp_set_obj_dir(lp, GLP_MIN);
        for (tr = 0; tr < n_trees; tr++) {
            glp_set_obj_coef(lp, (int)(tr + 1), 0.0);
        }
        for (r = 0; o->mode == ORACLE_ROUTE && r < n_pairs; r++) {
            for (arc = 0; arc < 2 * m; arc++) {
                glp_set_obj_coef(lp, (int)(n_trees + r * 2 * m + arc + 1), t->delay_s[arc / 2]);
            }
        }
        if (o->mode == ORACLE_BUDGET) {
            oracle_cost_objective(lp, t, col_add, col_z);
        }
        assert_int_equal(glp_simplex(lp, &parm), 0);
        assert_int_equal(glp_get_status(lp), GLP_OPT);
        if (o->mode == ORACLE_ROUTE) {
            o->delay_flow_gbps_s = glp_get_obj_val(lp);
        } else {
            o->cost_usd = glp_get_obj_val(lp);
        }
    }
    glp_delete_prob(lp);
    free(ia);
    free(ja);
    free(ar);
}

#endif
