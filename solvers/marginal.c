/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: marginal values by re-solving (MODEL.md "Units": T_bw = 8 S / (theta 1e9); "tree":
 * theta is the optimum of an LP, concave and piecewise linear in the capacities, so its
 * derivative in the increase direction is the least capacity dual over the optimal dual face,
 * and a re-solve with a step over which theta is linear measures it exactly). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/marginal.h"

#define NOISE 1e-8   /* relative to theta: below this, two thetas are one (solver tolerance) */

void fp_marginal_init(struct fp_marginal *m)
{
    memset(m, 0, sizeof(*m));
}

void fp_marginal_release(struct fp_marginal *m)
{
    if (m == NULL) {
        return;
    }
    free(m->dtheta_dc);
    free(m->s_per_gbps);
    free(m->step_gbps);
    free(m->range);
    free(m->group);
    memset(m, 0, sizeof(*m));
}

int fp_marginal_theta(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *ropts, const double *add_gbps,
                      double *theta_gbps, struct fp_error *err)
{
    struct fp_topo view = *topo;
    struct fp_route_options o = *ropts;
    struct fp_route r;
    igraph_integer_t e;
    int rc;

    memset(&r, 0, sizeof(r));
    view.capacity_gbps = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    for (e = 0; e < topo->n_spans; e++) {
        view.capacity_gbps[e] = topo->capacity_gbps[e] + (add_gbps != NULL ? add_gbps[e] : 0.0);
    }
    o.collective = FP_COLL_TREE;
    o.write_lp = NULL;
    o.upper_bound_gbps = NAN;
    o.progress = NULL;
    o.approx_eps = 0.0;
    rc = fp_route_solve(&view, job, &o, &r, err);
    if (rc == FP_OK) {
        *theta_gbps = r.theta_gbps;
    }
    fp_result_route_release(&r);
    free(view.capacity_gbps);
    return rc;
}

/* What a context of the solves needs. */
struct probe {
    const struct fp_topo *topo;
    const struct fp_job *job;
    const struct fp_route_options *ropts;
    double theta0;
    double *add;          /* per span, zero between probes */
    long solves;
};

/* theta gained with `step` added to each span of set[0..n). */
static int gain(struct probe *p, const igraph_integer_t *set, igraph_integer_t n, double step,
                double *out, struct fp_error *err)
{
    igraph_integer_t i;
    double theta = 0.0;
    int rc;
    for (i = 0; i < n; i++) {
        p->add[set[i]] = step;
    }
    rc = fp_marginal_theta(p->topo, p->job, p->ropts, p->add, &theta, err);
    for (i = 0; i < n; i++) {
        p->add[set[i]] = 0.0;
    }
    p->solves++;
    if (rc == FP_OK) {
        double g = theta - p->theta0;
        *out = g > NOISE * p->theta0 ? g : 0.0;
    }
    return rc;
}

/* The slope of theta along set (each span + 1 Gbit/s per Gbit/s of step), from step h down:
 * linear over [0, h] when gain(h) = 2 gain(h/2) (concave: equal averages over both halves mean
 * a constant slope). *range when never confirmed; *step_out the step it holds over. */
static int slope(struct probe *p, const igraph_integer_t *set, igraph_integer_t n, double h,
                 double *slope_out, double *step_out, bool *range, struct fp_error *err)
{
    double g1 = 0.0, g2 = 0.0;
    int rc, i;

    rc = gain(p, set, n, h, &g1, err);
    for (i = 0; rc == FP_OK && i <= FP_MARGINAL_HALVINGS; i++) {
        if (g1 == 0.0) {
            break;   /* concave and non-decreasing: no gain over [0, h] means slope 0 */
        }
        rc = gain(p, set, n, h / 2, &g2, err);
        if (rc == FP_OK && fabs(g1 - 2.0 * g2) <= 2.0 * NOISE * p->theta0) {
            break;
        }
        h /= 2;
        g1 = g2;
    }
    if (rc == FP_OK) {
        *range = i > FP_MARGINAL_HALVINGS;
        /* to 1e-9 Gbit/s per Gbit/s: finer digits are the solves' rounding, and would
         * order equal values at random */
        *slope_out = round(g1 / h * 1e9) / 1e9;
        *step_out = h;
    }
    return rc;
}

static bool saturated(const struct fp_topo *t, const struct fp_route *r, igraph_integer_t e)
{
    double c = t->capacity_gbps[e];
    double load = r->load_gbps[2 * e] > r->load_gbps[2 * e + 1] ? r->load_gbps[2 * e] : r->load_gbps[2 * e + 1];
    return fp_topo_is_lit(t, e) && c > 0 && load >= c * (1.0 - 1e-7);
}

/* No span alone raises theta: raise the saturated spans together, then drop each (in reverse
 * file order) while the rest still raise theta; what is left cannot lose a span. */
static int find_group(struct probe *p, const struct fp_route *r, struct fp_marginal *m, struct fp_error *err)
{
    const struct fp_topo *t = p->topo;
    igraph_integer_t *set = fp_xcalloc((size_t)t->n_spans + 1, sizeof(igraph_integer_t));
    igraph_integer_t *trial = fp_xcalloc((size_t)t->n_spans + 1, sizeof(igraph_integer_t));
    igraph_integer_t e, i, j, n = 0, nt;
    double h = INFINITY, g = 0.0;
    int rc = FP_OK;

    for (e = 0; e < t->n_spans; e++) {
        if (saturated(t, r, e)) {
            set[n++] = e;
            h = FP_MARGINAL_STEP * t->capacity_gbps[e] < h ? FP_MARGINAL_STEP * t->capacity_gbps[e] : h;
        }
    }
    if (n > 0) {
        rc = gain(p, set, n, h, &g, err);
    }
    for (i = n - 1; rc == FP_OK && g > 0 && i >= 0 && n > 1; i--) {
        nt = 0;
        for (j = 0; j < n; j++) {
            if (j != i) {
                trial[nt++] = set[j];
            }
        }
        rc = gain(p, trial, nt, h, &g, err);
        if (rc == FP_OK && g > 0) {
            memcpy(set, trial, (size_t)nt * sizeof(igraph_integer_t));
            n = nt;
        } else {
            g = 1.0;   /* set[i] stays: the group without it gains nothing */
        }
    }
    if (rc == FP_OK && g > 0 && n > 0) {
        bool range = false;
        rc = slope(p, set, n, h, &m->group_dtheta_dc, &m->group_step_gbps, &range, err);
        if (rc == FP_OK && m->group_dtheta_dc > 0) {
            m->group = set;
            m->n_group = n;
            set = NULL;
        }
    }
    free(set);
    free(trial);
    return rc;
}

int fp_marginal_solve(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *ropts, const struct fp_route *route,
                      struct fp_marginal *out, struct fp_error *err)
{
    struct fp_marginal m;
    struct probe p;
    igraph_integer_t e;
    double per;
    int rc;

    fp_marginal_init(&m);
    memset(&p, 0, sizeof(p));
    p.topo = topo;
    p.job = job;
    p.ropts = ropts;
    p.add = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    m.dtheta_dc = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    m.s_per_gbps = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    m.step_gbps = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    m.range = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(bool));
    rc = fp_marginal_theta(topo, job, ropts, NULL, &p.theta0, err);
    p.solves++;
    for (e = 0; rc == FP_OK && e < topo->n_spans; e++) {
        if (saturated(topo, route, e)) {
            rc = slope(&p, &e, 1, FP_MARGINAL_STEP * topo->capacity_gbps[e], &m.dtheta_dc[e],
                       &m.step_gbps[e], &m.range[e], err);
            m.single_helps = m.single_helps || m.dtheta_dc[e] > 0;
        }
    }
    if (rc == FP_OK && !m.single_helps && p.theta0 > 0) {
        rc = find_group(&p, route, &m, err);
    }
    if (rc == FP_OK) {
        /* T_bw = 8 S / (theta 1e9): dT/dc = -8 S / (theta^2 1e9) dtheta/dc */
        per = p.theta0 > 0 ? 8.0 * job->gradient_bytes / (p.theta0 * p.theta0 * 1e9) : 0.0;
        for (e = 0; e < topo->n_spans; e++) {
            m.s_per_gbps[e] = per * m.dtheta_dc[e];
        }
        m.group_s_per_gbps = per * m.group_dtheta_dc;
        m.theta_gbps = p.theta0;
        m.solves = p.solves;
        *out = m;
    } else {
        fp_marginal_release(&m);
    }
    free(p.add);
    return rc;
}
