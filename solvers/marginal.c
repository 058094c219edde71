/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: marginal values by re-solving (MODEL.md "Units": T_bw = 8 S / (theta 1e9); "tree":
 * theta is the optimum of an LP, concave and piecewise linear in the capacities, so its
 * derivative in the increase direction is the least capacity dual over the optimal dual face,
 * and a re-solve with a step over which theta is linear measures it exactly). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/lp.h"
#include "solvers/marginal.h"
#include "solvers/route_internal.h"

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

/* The options of every re-solve: the tree all-reduce, quiet, no LP written, no bound given. */
static void resolve_options(const struct fp_route_options *ropts, struct fp_route_options *o)
{
    *o = *ropts;
    o->collective = FP_COLL_TREE;
    o->write_lp = NULL;
    o->upper_bound_gbps = NAN;
    o->progress = NULL;
    o->approx_eps = 0.0;
}

int fp_marginal_theta(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *ropts, const double *add_gbps,
                      double *theta_gbps, struct fp_error *err)
{
    struct fp_topo view = *topo;
    struct fp_route_options o;
    struct fp_route r;
    igraph_integer_t e;
    int rc;

    memset(&r, 0, sizeof(r));
    resolve_options(ropts, &o);
    view.capacity_gbps = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    for (e = 0; e < topo->n_spans; e++) {
        view.capacity_gbps[e] = topo->capacity_gbps[e] + (add_gbps != NULL ? add_gbps[e] : 0.0);
    }
    rc = fp_route_solve(&view, job, &o, &r, err);
    if (rc == FP_OK) {
        *theta_gbps = r.theta_gbps;
    }
    fp_result_route_release(&r);
    free(view.capacity_gbps);
    return rc;
}

/* A solved master kept between re-solves: a probe raises the capacity rows of its spans,
 * prices from the columns and basis of the solves before (every column stays valid whatever
 * the capacities), and runs column generation to the same stopping rule as a route. */
struct fp_resolver {
    struct solve s;
    const struct fp_topo *topo;
    const struct fp_job *job;
    struct fp_route_options o;
    bool warm;   /* s holds the master; else every probe is a full solve */
    double theta0;   /* theta as given */
};

int fp_resolver_open(const struct fp_topo *topo, const struct fp_job *job,
                     const struct fp_route_options *ropts, struct fp_resolver **out,
                     double *theta_gbps, struct fp_error *err)
{
    struct fp_resolver *r = fp_xcalloc(1, sizeof(*r));
    int rc;

    r->topo = topo;
    r->job = job;
    resolve_options(ropts, &r->o);
    rc = fp_route_theta_open(&r->s, topo, job, &r->o, err);
    if (rc == FP_OK && r->s.optimal && r->s.m.n_scen == 1) {
        r->warm = true;
        *theta_gbps = fp_lp_objective(r->s.m.lp) * r->s.m.scale;
        r->theta0 = *theta_gbps;
    } else {
        if (rc == FP_OK) {
            fp_route_theta_close(&r->s);   /* cut short: full solves decide */
        }
        fp_error_init(err);
        rc = fp_marginal_theta(topo, job, ropts, NULL, theta_gbps, err);
        r->theta0 = *theta_gbps;
    }
    if (rc != FP_OK) {
        fp_resolver_close(r);
        r = NULL;
    }
    *out = r;
    return rc;
}

/* Sets the capacity rows of the spans in add to c_e + add[e] (or back to c_e). */
static void set_rows(struct fp_resolver *r, const double *add, bool raise)
{
    struct master *m = &r->s.m;
    igraph_integer_t e;
    for (e = 0; e < r->topo->n_spans; e++) {
        if (add[e] > 0.0) {
            double c = (r->topo->capacity_gbps[e] + (raise ? add[e] : 0.0)) / m->scale;
            fp_lp_set_row_up(m->lp, m->cap_row[2 * e], c);
            fp_lp_set_row_up(m->lp, m->cap_row[2 * e + 1], c);
        }
    }
}

int fp_resolver_theta(struct fp_resolver *r, const double *add_gbps, double *theta_gbps,
                      struct fp_error *err)
{
    struct master *m = &r->s.m;
    bool warm = r->warm, optimal = false, timed_out = false;
    igraph_integer_t e;
    int rc = FP_OK;

    if (add_gbps == NULL) {
        *theta_gbps = r->theta0;
        return FP_OK;
    }
    for (e = 0; warm && add_gbps != NULL && e < r->topo->n_spans; e++) {
        /* a span without capacity rows (dark, or lit at 0) has no paths in the master */
        warm = !(add_gbps[e] > 0.0) || (m->cap_row[2 * e] != 0 && fp_topo_is_lit(r->topo, e) &&
                                         r->topo->capacity_gbps[e] > 0.0);
    }
    if (warm && add_gbps != NULL) {
        struct fp_lp_basis kept;
        fp_lp_basis_save(m->lp, &kept);
        set_rows(r, add_gbps, true);
        fp_colgen_bound_reset(m);
        r->s.out.rounds = 0;
        rc = fp_colgen_run(&r->s, &optimal, &timed_out, err);
        if (rc == FP_OK && optimal) {
            *theta_gbps = fp_lp_objective(m->lp) * m->scale;
        }
        /* the next probe starts from the network as given and its optimal basis: the probe's
         * basis, its capacity taken back, is primal infeasible, and the primal simplex's
         * phase 1 from it took seconds a probe (600 nodes, 24 sites, a target plan: 2 s) */
        set_rows(r, add_gbps, false);
        fp_lp_basis_restore(m->lp, &kept);
        fp_lp_basis_release(&kept);
        fp_colgen_bound_reset(m);
    }
    if (rc == FP_OK && !(warm && optimal)) {
        rc = fp_marginal_theta(r->topo, r->job, &r->o, add_gbps, theta_gbps, err);
    }
    return rc;
}

void fp_resolver_close(struct fp_resolver *r)
{
    if (r != NULL && r->warm) {
        fp_route_theta_close(&r->s);
    }
    free(r);
}

/* What a context of the solves needs. */
struct probe {
    const struct fp_topo *topo;
    const struct fp_job *job;
    struct fp_resolver *res;
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
    rc = fp_resolver_theta(p->res, p->add, &theta, err);
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

/* set[0..n) without set[start, start + len) into trial; returns its length. */
static igraph_integer_t without(const igraph_integer_t *set, igraph_integer_t n, igraph_integer_t start,
                                igraph_integer_t len, igraph_integer_t *trial)
{
    memcpy(trial, set, (size_t)start * sizeof(igraph_integer_t));
    memcpy(trial + start, set + start + len, (size_t)(n - start - len) * sizeof(igraph_integer_t));
    return n - len;
}

/* No span alone raises theta: raise the saturated spans together (at most
 * FP_MARGINAL_MAX_GROUP of them, else m->group_skipped), then drop each, last first, while
 * the rest still raise theta. theta is non-decreasing in every capacity, so a span kept once
 * (the rest without it gain nothing) stays needed as the set shrinks: no span of the group
 * can be left out. */
static int find_group(struct probe *p, const struct fp_route *r, struct fp_marginal *m, struct fp_error *err)
{
    const struct fp_topo *t = p->topo;
    igraph_integer_t *set = fp_xcalloc((size_t)t->n_spans + 1, sizeof(igraph_integer_t));
    igraph_integer_t *trial = fp_xcalloc((size_t)t->n_spans + 1, sizeof(igraph_integer_t));
    igraph_integer_t e, n = 0, start, nt;
    double h = INFINITY, g = 0.0;
    int rc = FP_OK;

    for (e = 0; e < t->n_spans; e++) {
        if (saturated(t, r, e)) {
            set[n++] = e;
            h = FP_MARGINAL_STEP * t->capacity_gbps[e] < h ? FP_MARGINAL_STEP * t->capacity_gbps[e] : h;
        }
    }
    if (n > FP_MARGINAL_MAX_GROUP) {
        m->group_skipped = n;
        n = 0;
    }
    if (n > 0) {
        rc = gain(p, set, n, h, &g, err);
    }
    for (start = n - 1; rc == FP_OK && g > 0 && start >= 0 && n > 1; start--) {
        double gt = 0.0;
        nt = without(set, n, start, 1, trial);
        rc = gain(p, trial, nt, h, &gt, err);
        if (rc == FP_OK && gt > 0) {
            memcpy(set, trial, (size_t)nt * sizeof(igraph_integer_t));
            n = nt;
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

/* m's per-job figures from its slopes: T_bw = 8 S / (theta 1e9), so dT/dc = -8 S / (theta^2
 * 1e9) dtheta/dc. */
static void seconds_of(const struct fp_job *job, double theta0, igraph_integer_t n_spans,
                       struct fp_marginal *m)
{
    double per = theta0 > 0 ? 8.0 * job->gradient_bytes / (theta0 * theta0 * 1e9) : 0.0;
    igraph_integer_t e;
    for (e = 0; m->dtheta_dc != NULL && e < n_spans; e++) {
        m->s_per_gbps[e] = per * m->dtheta_dc[e];
    }
    m->group_s_per_gbps = per * m->group_dtheta_dc;
    m->theta_gbps = theta0;
}

const struct fp_topo *fp_resolver_topo(const struct fp_resolver *r)
{
    return r->topo;
}

int fp_marginal_group(struct fp_resolver *res, const struct fp_route *route, struct fp_marginal *out,
                      struct fp_error *err)
{
    struct probe p;
    int rc;

    fp_marginal_init(out);
    memset(&p, 0, sizeof(p));
    p.topo = res->topo;
    p.job = res->job;
    p.res = res;
    p.theta0 = res->theta0;
    p.add = fp_xcalloc((size_t)res->topo->n_spans + 1, sizeof(double));
    rc = p.theta0 > 0 ? find_group(&p, route, out, err) : FP_OK;
    if (rc == FP_OK) {
        seconds_of(res->job, p.theta0, 0, out);
        out->solves = p.solves;
    } else {
        fp_marginal_release(out);
    }
    free(p.add);
    return rc;
}

int fp_marginal_solve(const struct fp_topo *topo, const struct fp_job *job,
                      const struct fp_route_options *ropts, const struct fp_route *route,
                      struct fp_marginal *out, struct fp_error *err)
{
    struct fp_marginal m;
    struct probe p;
    igraph_integer_t e;
    int rc;

    fp_marginal_init(&m);
    memset(&p, 0, sizeof(p));
    p.topo = topo;
    p.job = job;
    p.add = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    m.dtheta_dc = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    m.s_per_gbps = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    m.step_gbps = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(double));
    m.range = fp_xcalloc((size_t)topo->n_spans + 1, sizeof(bool));
    rc = fp_resolver_open(topo, job, ropts, &p.res, &p.theta0, err);
    p.solves++;
    for (e = 0; rc == FP_OK && e < topo->n_spans; e++) {
        /* a capacity dual of 0 (the route optimal): theta(c + d e) <= theta(c) + d x 0 by
         * weak duality, so no step on the span raises theta */
        if (saturated(topo, route, e) && route->dtheta_dc[e] > 0) {
            rc = slope(&p, &e, 1, FP_MARGINAL_STEP * topo->capacity_gbps[e], &m.dtheta_dc[e],
                       &m.step_gbps[e], &m.range[e], err);
            m.single_helps = m.single_helps || m.dtheta_dc[e] > 0;
        }
    }
    if (rc == FP_OK && !m.single_helps && p.theta0 > 0) {
        rc = find_group(&p, route, &m, err);
    }
    if (rc == FP_OK) {
        seconds_of(job, p.theta0, topo->n_spans, &m);
        m.solves = p.solves;
        *out = m;
    } else {
        fp_marginal_release(&m);
    }
    fp_resolver_close(p.res);
    free(p.add);
    return rc;
}
