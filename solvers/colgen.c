/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the column-generation loop of MODEL.md "Demand" (solve the restricted master,
 * price paths and trees on its duals, add what improves, stop when nothing does) with its
 * stopping rules: the deadline, --max-rounds, a proven upper bound met, the latency phase's
 * own gap; and the bounds that prove optimality early: Farley's, the stabilised Lagrangian
 * bound on theta, and the Lagrangian bound on cost of the min-cost phases. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "core/optics.h"
#include "solvers/route_internal.h"

#define LAT_STALL 8     /* latency phase: rounds without progress before it stops */
#define LAT_GAP 1e-3    /* latency phase: relative gap of the delay objective */
#define MAX_ROUNDS 200000
#define TIE_DELAY 1e-9      /* dual bound's structure: delay's weight, relative, to break ties */
#define CENTER_SEARCH 12    /* dual bound: golden-section steps between the duals and the centre */
#define PROGRESS_AFTER 2.0  /* seconds of a command before progress is reported */

/* Lagrangian bound at capacity duals mu (scenario 0): with pi_r = -d_r every path column
 * prices out, whatever columns the master has; the other columns (plans, budget) do not touch
 * the def rows. Divided by alpha, the cheapest structure's weight, the dual is feasible for
 * every tree too, and bounds theta by obj / alpha, obj the dual objective (the def rows'
 * right-hand sides are 0, so replacing pi leaves it unchanged). Once the paths price out,
 * d_r = -pi_r on the paths in use and this is at least as good as Farley's bound. */
static int lagrangian_bound(const struct master *m, const igraph_vector_t *mu, double obj,
                            bool with_paths, struct structure *st, double *bound, struct fp_error *err)
{
    int rc = fp_pricing_cheapest_structure(m, mu, with_paths, st, err);
    *bound = rc == FP_OK && isfinite(st->alpha) && st->alpha > EPS ? obj / st->alpha : INFINITY;
    return rc;
}

/* A bound evaluated at the point t centre + (1 - t) y on the segment from the master's duals y
 * (t = 0) to a stability centre (t = 1); the point is left in the context, for a cut there. */
typedef int segment_fn(const struct master *m, void *ctx, double t, double *bound,
                       struct fp_error *err);

/* The least bound on the segment: f(0) first, then, when there is a centre, a golden-section
 * search of CENTER_SEARCH steps (the bounds here are quasi-convex along a segment). Ends with
 * f evaluated at the best t again, so the context holds the best point. */
static int segment_min(const struct master *m, segment_fn *f, void *ctx, bool have_center,
                       double *best, double *best_t, struct fp_error *err)
{
    const double phi = 0.6180339887498949;
    double lo = 0.0, hi = 1.0, t1, t2, g1, g2;
    int rc, it;

    *best_t = 0.0;
    rc = f(m, ctx, 0.0, best, err);
    if (rc == FP_OK && have_center) {
        t1 = hi - phi * (hi - lo);
        t2 = lo + phi * (hi - lo);
        rc = f(m, ctx, t1, &g1, err);
        if (rc == FP_OK) {
            rc = f(m, ctx, t2, &g2, err);
        }
        for (it = 0; rc == FP_OK && it < CENTER_SEARCH; it++) {
            if (g1 < *best) {
                *best = g1, *best_t = t1;
            }
            if (g2 < *best) {
                *best = g2, *best_t = t2;
            }
            if (g1 <= g2) {
                hi = t2, t2 = t1, g2 = g1;
                t1 = hi - phi * (hi - lo);
                rc = f(m, ctx, t1, &g1, err);
            } else {
                lo = t1, t1 = t2, g1 = g2;
                t2 = lo + phi * (hi - lo);
                rc = f(m, ctx, t2, &g2, err);
            }
        }
    }
    if (rc == FP_OK && isfinite(*best)) {
        rc = f(m, ctx, *best_t, best, err);
    }
    return rc;
}

/* The cheapest structure at capacity duals y (overwritten), with ties between paths of equal
 * length broken by delay, as columns of the master: a cutting plane on its duals (Kelley's
 * method on the Lagrangian dual, stabilised at the centre): the master's next duals must give
 * that structure length at least its share. Many arcs have mu = 0, and a path through them can
 * wander far (a longer latency phase). */
static int add_cut_structure(struct master *m, igraph_vector_t *y, struct structure *st,
                             struct fp_error *err)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    double mu_max = 0.0, d_max = 0.0;
    int rc;
    for (arc = 0; arc < n_arcs; arc++) {
        if (m->cap_row[arc] != 0) {
            mu_max = VECTOR(*y)[arc] > mu_max ? VECTOR(*y)[arc] : mu_max;
            d_max = m->topo->delay_s[arc / 2] > d_max ? m->topo->delay_s[arc / 2] : d_max;
        }
    }
    for (arc = 0; arc < n_arcs; arc++) {
        if (m->cap_row[arc] != 0 && d_max > 0.0) {
            VECTOR(*y)[arc] += TIE_DELAY * mu_max * m->topo->delay_s[arc / 2] / d_max;
        }
    }
    rc = fp_pricing_cheapest_structure(m, y, true, st, err);
    if (rc == FP_OK) {
        fp_pricing_add_structure(m, st);
    }
    return rc;
}

/* The capacity duals of the master's arcs (scenario 0), clamped at 0; INFINITY where an arc
 * has no capacity row (it carries nothing). */
static void master_mu(const struct master *m, igraph_vector_t *mu)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    for (arc = 0; arc < n_arcs; arc++) {
        double y = m->cap_row[arc] != 0 ? fp_lp_row_dual(m->lp, m->cap_row[arc]) : 0.0;
        VECTOR(*mu)[arc] = m->cap_row[arc] == 0 ? IGRAPH_INFINITY : y > 0.0 ? y : 0.0;
    }
}

/* The point t centre + (1 - t) mu on a segment, into mix (INFINITY where an arc has no capacity
 * row); at t = 0 the master's duals exactly. */
static void segment_point(const struct master *m, const double *centre, const igraph_vector_t *mu,
                          double t, igraph_vector_t *mix)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    for (arc = 0; arc < n_arcs; arc++) {
        double y = VECTOR(*mu)[arc];
        VECTOR(*mix)[arc] = m->cap_row[arc] == 0 ? IGRAPH_INFINITY
                            : t == 0.0           ? y
                                                 : t * centre[arc] + (1 - t) * y;
    }
}

/* A bound's search along a segment (dual_bounds, cost_bounds): the master's capacity duals mu
 * and objective z, the point mix evaluated last, and the cheapest structure there. */
struct segment {
    igraph_vector_t mu, mix;
    double z;
    struct structure st;
    bool have_mu, have_mix;
};

static void segment_release(struct segment *sg)
{
    fp_pricing_structure_release(&sg->st);
    if (sg->have_mix) {
        igraph_vector_destroy(&sg->mix);
    }
    if (sg->have_mu) {
        igraph_vector_destroy(&sg->mu);
    }
}

/* The least bound f on the segment from the master's duals to a centre (have_center), by
 * segment_min; sg (released by the caller, also on failure) holds the best point after. */
static int segment_search(const struct master *m, segment_fn *f, bool have_center, struct segment *sg,
                          double *best, double *best_t, struct fp_error *err)
{
    igraph_integer_t n_arcs = 2 * m->topo->n_spans;
    int rc;

    memset(sg, 0, sizeof(*sg));
    sg->z = fp_lp_objective(m->lp);
    *best = INFINITY;
    *best_t = 0.0;
    rc = fp_pricing_structure_init(&sg->st, m, err);
    if (rc != FP_OK) {
        goto out;
    }
    FP_IGRAPH(err, igraph_vector_init(&sg->mu, n_arcs));
    sg->have_mu = true;
    FP_IGRAPH(err, igraph_vector_init(&sg->mix, n_arcs));
    sg->have_mix = true;
    master_mu(m, &sg->mu);
    rc = segment_min(m, f, sg, have_center, best, best_t, err);
out:
    return rc;
}

/* The Lagrangian bound at t centre + (1 - t) mu (capacity duals; the objectives mix alike). */
static int theta_at(const struct master *m, void *ctx, double t, double *bound,
                    struct fp_error *err)
{
    struct segment *sg = ctx;
    segment_point(m, m->center_mu, &sg->mu, t, &sg->mix);
    return lagrangian_bound(m, &sg->mix, t == 0.0 ? sg->z : t * m->center_obj + (1 - t) * sg->z,
                            false, &sg->st, bound, err);
}

/* The dual bound of a round of the theta objective (one scenario, paths priced): the best
 * Lagrangian bound on the segment from the master's capacity duals to the best dual found so
 * far, the stability centre (Wentges, "Weighted Dantzig-Wolfe decomposition", ITOR 4(2),
 * 1997). When the master is degenerate its duals jump between far-apart vertices: theta stays
 * put while the bound at the master's duals alone stalls above it, and points between the two
 * do better. Along the segment the bound is a linear function over a concave one (alpha is a
 * minimum of linear functions of mu), hence quasi-convex: a golden-section search finds its
 * minimum. An improvement becomes the centre (scaled to be feasible) and m->upper_bound. The
 * cheapest structure at the best point goes into the master as a cut (add_cut_structure). */
static int dual_bounds(struct master *m, bool add_cut, struct fp_error *err)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    struct segment sg;
    double best, best_t, alpha;
    int rc = segment_search(m, theta_at, m->center_mu != NULL, &sg, &best, &best_t, err);

    if (rc == FP_OK && isfinite(best)) {
        alpha = sg.st.alpha;   /* the best point's: it scales the centre */
        if (add_cut && sg.z < best * (1 - EPS)) {
            rc = add_cut_structure(m, &sg.mix, &sg.st, err);
        }
        if (rc == FP_OK && best < m->upper_bound) {
            m->upper_bound = best;
            if (m->center_mu == NULL) {
                m->center_mu = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
            }
            for (arc = 0; arc < n_arcs; arc++) {
                double y = m->cap_row[arc] == 0
                               ? 0.0
                               : m->center_mu[arc] * best_t + (1 - best_t) * VECTOR(sg.mu)[arc];
                m->center_mu[arc] = y / alpha;
            }
            m->center_obj = best;
        }
    }
    segment_release(&sg);
    return rc;
}

/* max over add in [0, upper] of g add - the pairs it needs lit (continuous, MODEL.md "Optics")
 * x their price: concave and piecewise linear, so at 0, where the lit pairs are full, or at the
 * upper bound. */
static double pairs_best(const struct master *m, igraph_integer_t e, double g)
{
    const struct fp_optics *o = m->topo->optics;
    double room = fp_optics_lit_room(m->topo, e, 0.0), best = 0.0;
    double at[2] = {fmin(fmax(room, 0.0) / m->add_unit[e], m->add_upper[e]), m->add_upper[e]};
    int j;
    for (j = 0; j < 2; j++) {
        double pairs = fmax(0.0, (at[j] * m->add_unit[e] - room) / o->pair_gbps[e]);
        double v = g * at[j] - m->pair_cost[e] / 1e6 * pairs;
        best = v > best ? v : best;
    }
    return best;
}

/* MODEL.md "Planning", min cost: a bound on the cost phase's objective -cost / 1e6 (so a lower
 * bound on the cost of every plan that reaches theta*) at capacity duals mu >= 0. Relaxing the
 * capacity rows and dropping the budget row (in this phase it never binds: the plan that set
 * theta* meets theta* within the budget) leaves three separate parts: the trees and paths
 * carrying theta*, at least theta* alpha(mu) under the lengths mu (alpha the cheapest
 * structure's weight); each span's plan columns alone in their box, add(e) in [0, upper] worth
 * g_e = (mu_fw + mu_bw) unit / scale - cost / 1e6 per unit, and for a candidate z(e) in [0, 1]
 * at its build cost with add <= (ceiling / unit) z; and the constant sum_arc mu c / scale. So
 *   UB = sum mu c / scale - theta* alpha(mu) + sum_e max over z of (g_e add - b_e z / 1e6)
 * whatever columns the master has. It is convex in mu; at the duals of an optimal master it
 * equals the LP optimum, so it ends the degenerate tail where nothing that prices in lowers the
 * cost any more. */
static int cost_ub(const struct master *m, const igraph_vector_t *mu, struct structure *st,
                   double *ub, struct fp_error *err)
{
    const struct fp_topo *t = m->topo;
    igraph_integer_t arc, e, n_arcs = 2 * t->n_spans;
    double sum = 0.0;
    int rc = fp_pricing_cheapest_structure(m, mu, false, st, err);

    *ub = INFINITY;
    if (rc != FP_OK || !isfinite(st->alpha)) {
        return rc;
    }
    for (arc = 0; arc < n_arcs; arc++) {
        if (m->cap_row[arc] != 0 && fp_topo_is_lit(t, arc / 2)) {
            sum += VECTOR(*mu)[arc] * t->capacity_gbps[arc / 2] / m->scale;
        }
    }
    sum -= m->cost_theta * st->alpha;
    for (e = 0; e < t->n_spans; e++) {
        double g, best = 0.0;
        if (m->add_col[e] == 0) {
            continue;
        }
        g = (VECTOR(*mu)[2 * e] + VECTOR(*mu)[2 * e + 1]) * m->add_unit[e] / m->scale -
            m->add_cost[e] / 1e6;
        g = g > 0.0 ? g : 0.0;
        if (m->build_col[e] == 0 && m->pair_col[e] != 0) {
            best = pairs_best(m, e, g);
        } else if (m->build_col[e] == 0) {
            best = g * m->add_upper[e];
        } else {
            /* (pairs to light on a candidate left out: a weaker bound, still a bound) */
            /* concave and piecewise linear in z: its maximum is at 0, at the z from which add
             * can reach its upper bound (whole modules may fill less than the ceiling), or at 1 */
            double per_z = t->ceiling_gbps[e] / m->add_unit[e];
            double zs[2] = {per_z > m->add_upper[e] ? m->add_upper[e] / per_z : 1.0, 1.0};
            int j;
            for (j = 0; j < 2; j++) {
                double a = per_z * zs[j] < m->add_upper[e] ? per_z * zs[j] : m->add_upper[e];
                double v = g * a - m->build_cost[e] / 1e6 * zs[j];
                best = v > best ? v : best;
            }
        }
        sum += best;
    }
    *ub = sum;
    return rc;
}

/* cost_ub at t centre + (1 - t) mu. */
static int cost_at(const struct master *m, void *ctx, double t, double *bound,
                   struct fp_error *err)
{
    struct segment *sg = ctx;
    segment_point(m, m->cost_center, &sg->mu, t, &sg->mix);
    return cost_ub(m, &sg->mix, &sg->st, bound, err);
}

/* The dual bound of a round of the cost objective (one scenario, trees, paths priced): the
 * least cost_ub on the segment from the master's duals to the best point so far, which
 * becomes the new centre when it improves m->cost_bound (any mu >= 0 gives a valid bound, so
 * no scaling is needed); the cheapest structure there goes in as a cut when add_cut. */
static int cost_bounds(struct master *m, bool add_cut, struct fp_error *err)
{
    igraph_integer_t arc, n_arcs = 2 * m->topo->n_spans;
    struct segment sg;
    double best, best_t;
    int rc = segment_search(m, cost_at, m->cost_center != NULL, &sg, &best, &best_t, err);

    if (rc == FP_OK && isfinite(best)) {
        if (best < m->cost_bound) {
            m->cost_bound = best;
            if (m->cost_center == NULL) {
                m->cost_center = fp_xcalloc((size_t)n_arcs + 1, sizeof(double));
            }
            for (arc = 0; arc < n_arcs; arc++) {
                m->cost_center[arc] = m->cap_row[arc] == 0 ? 0.0 : VECTOR(sg.mix)[arc];
            }
        }
        if (add_cut && sg.z < best - EPS * (1.0 + fabs(sg.z))) {
            rc = add_cut_structure(m, &sg.mix, &sg.st, err);
        }
    }
    segment_release(&sg);
    return rc;
}

/* What a min-cost phase proved about the cost (plan->cost_bound_usd), USD: its best Lagrangian
 * bound (at the duals of an optimal master it is the LP's cost, to rounding), else the LP's
 * cost when it ended optimal without one (--survive), else 0 (costs are never negative). */
double fp_colgen_cost_lower_bound(const struct master *m, bool optimal)
{
    double lb = -m->cost_bound * 1e6;
    if (!isfinite(m->cost_bound)) {
        lb = optimal ? -fp_lp_objective(m->lp) * 1e6 : 0.0;
    }
    return lb > 0.0 ? lb : 0.0;
}

void fp_colgen_bound_reset(struct master *m)
{
    m->upper_bound = INFINITY;
    free(m->center_mu);
    m->center_mu = NULL;
}

/* A phase that minimises cost with theta >= theta (scaled) begins: its bound starts afresh. */
void fp_colgen_cost_begin(struct master *m, double theta)
{
    m->cost_theta = theta;
    m->cost_bound = INFINITY;
    free(m->cost_center);
    m->cost_center = NULL;
}

/* In the latency phase (one scenario) every feasible schedule has sum x_t = theta* (theta* is
 * the maximum), so z + theta* max_t d_t bounds the delay objective (Lagrangian bound, d_t the
 * best tree's reduced cost from the pricing). Tree pricing there is very degenerate (thousands
 * of rounds at the same z on 750-node networks, each slower than a theta-phase round), so the
 * phase stops when that bound proves z within LAT_GAP, or after LAT_STALL rounds that did not
 * improve z (more changed no T_lat on the benchmarks, 16 and 64 sites, and cost 30 s at 64).
 * Theta is not affected: it is fixed before this phase. */
static bool lat_settled(struct master *m, long round, bool paths_priced_out)
{
    double z = fp_lp_objective(m->lp);
    if (paths_priced_out && m->last_reduced * m->lat_theta <= LAT_GAP * fabs(z)) {
        return true;
    }
    if (z > m->lat_best + EPS * fabs(z)) {
        m->lat_best = z;
        m->lat_best_round = round;
    }
    return round - m->lat_best_round >= LAT_STALL;
}

void fp_colgen_progress(struct solve *s, const char *phase, bool force)
{
    const struct master *m = &s->m;
    const struct fp_route_options *opts = m->opts;
    struct fp_progress p;
    double now = fp_clock_s();
    bool max_theta = m->tree_obj == 1.0 && m->theta_row == 0 && m->n_scen == 1;
    bool min_cost = m->popts != NULL && m->tree_obj == 0.0 && m->theta_row != 0 && m->delay_weight == 0.0;
    if (opts->progress == NULL || !(now - m->dl.start_s > PROGRESS_AFTER) ||
        (!force && !(now - s->last_report >= 1.0))) {
        return;
    }
    memset(&p, 0, sizeof(p));
    p.phase = phase != NULL ? phase : s->phase != NULL ? s->phase : m->delay_weight > 0.0 ? "latency"
                                                      : min_cost ? "cost" : "theta";
    p.usd = min_cost && phase == NULL;
    p.columns = (long)fp_lp_cols(m->lp);
    p.elapsed_s = now - m->dl.start_s;
    p.incumbent = p.bound = NAN;
    if (phase != NULL) {
        /* a plan's phase: its best plan so far and the LP bound (USD for a target) */
        p.usd = s->target;
        p.incumbent = s->incumbent;
        p.bound = s->lp_bound;
    } else if (p.usd) {
        p.incumbent = -fp_lp_objective(m->lp) * 1e6;
        p.bound = isfinite(m->cost_bound) ? -m->cost_bound * 1e6 : NAN;
    } else if (m->delay_weight == 0.0) {
        double sc = opts->collective == FP_COLL_DEMANDS ? 1.0 : m->scale;
        p.incumbent = fp_lp_objective(m->lp) * sc;
        p.bound = isfinite(m->upper_bound) && max_theta ? m->upper_bound * sc : NAN;
    }
    opts->progress(opts->progress_ctx, &p);
    s->last_report = now;
}

/* Tree pricing in every scenario: *added trees, *weight the last scenario's tree weight. */
static int price_trees(struct master *m, int *added, double *weight, struct fp_error *err)
{
    igraph_integer_t sc;
    int rc = FP_OK, one = 0;
    *added = 0;
    for (sc = 0; rc == FP_OK && sc < m->n_scen; sc++) {
        rc = fp_pricing_tree(m, sc, false, &one, weight, err);
        *added += one;
    }
    return rc;
}

/* The bounds of a round after tree pricing; *done when they prove the master optimal. The
 * Lagrangian and Farley bounds need duals that price out every path. */
static int round_bounds(struct solve *s, bool max_theta, bool min_cost, int added, int path_added,
                        double weight, double *last_z, bool *done, struct fp_error *err)
{
    struct master *m = &s->m;
    bool single = m->opts->single_path;
    double z = fp_lp_objective(m->lp);
    int rc = FP_OK;

    *done = false;
    if (added > 0 && m->lat_theta > 0.0 && lat_settled(m, s->out.rounds, path_added == 0)) {
        *done = true;
    } else if (max_theta && !single) {
        /* Farley's bound and better, every round; its structure goes in when theta stalls
         * (a degenerate master: the bound has to move) while other columns still price in
         * (else the master is optimal as it stands) */
        rc = dual_bounds(m, added + path_added > 0 && z <= *last_z + EPS * fabs(*last_z), err);
        *last_z = z;
        *done = rc == FP_OK && fp_lp_objective(m->lp) >= m->upper_bound * (1 - EPS);
    } else if (min_cost && !single) {
        /* the same for the cost: a bound on -cost / 1e6 every round, its structure in
         * when the cost stalls */
        rc = cost_bounds(m, added + path_added > 0 && z <= *last_z + EPS * fabs(*last_z), err);
        *last_z = z;
        *done = rc == FP_OK && z >= m->cost_bound - EPS * (1.0 + fabs(z));
    } else if (max_theta && path_added == 0 && weight > EPS && z / weight < m->upper_bound) {
        m->upper_bound = z / weight;   /* Farley's bound */
    }
    return rc;
}

int fp_colgen_run(struct solve *s, bool *optimal, bool *timed_out, struct fp_error *err)
{
    struct master *m = &s->m;
    const struct fp_route_options *opts = m->opts;
    bool max_theta = m->tree_obj == 1.0 && m->theta_row == 0 && m->n_scen == 1;
    /* a plan's cheapest capacity for theta held at cost_theta (cost phase, or a target) */
    bool min_cost = m->popts != NULL && m->tree_obj == 0.0 && m->theta_row != 0 &&
                    m->n_scen == 1 && m->delay_weight == 0.0 && opts->collective == FP_COLL_TREE;
    double weight = 0.0, last_z = -INFINITY;
    int rc = FP_OK, added, path_added;
    bool first = true, done;

    *optimal = false;
    *timed_out = false;
    while (rc == FP_OK && s->out.rounds++ < MAX_ROUNDS) {
        /* every call solves its master, whatever the clock, at least until its values are
         * primal feasible (fp_lp_solve stops no earlier): the initial master has to be
         * reported, and after the plan's decisions are fixed the LP's values are stale until
         * it is solved again */
        /* --max-rounds stands for the time limit: not for the hard deadline's phases */
        bool out_of_rounds = opts->max_rounds > 0 && s->out.rounds > opts->max_rounds && !m->must_finish;
        if (!first && (fp_master_stopped(m) || out_of_rounds)) {
            m->rounds_out = m->rounds_out || out_of_rounds;
            *timed_out = true;
            break;
        }
        rc = fp_lp_solve(m->lp, fp_master_deadline(m), timed_out, err);
        first = false;
        if (rc != FP_OK || *timed_out) {
            break;
        }
        fp_colgen_progress(s, NULL, false);
        if (opts->collective == FP_COLL_TREE && max_theta &&
            fp_lp_objective(m->lp) >= m->upper_bound * (1 - EPS)) {
            *optimal = true;   /* the restricted master meets a proven upper bound */
            break;
        }
        /* paths and trees are priced on the same duals and added together: one LP solve
         * per round for both */
        path_added = 0;
        if (opts->formulation == FP_FORM_PATH && !opts->single_path) {
            bool interrupted;
            rc = fp_pricing_paths(m, false, &path_added, &interrupted, err);
            if (rc != FP_OK || interrupted) {
                *timed_out = rc == FP_OK;   /* pricing cut short: nothing is proven */
                break;
            }
        }
        if (opts->collective != FP_COLL_TREE) {
            if (path_added > 0) {
                continue;
            }
            *optimal = true;
            break;
        }
        rc = price_trees(m, &added, &weight, err);
        if (rc == FP_OK) {
            rc = round_bounds(s, max_theta, min_cost, added, path_added, weight, &last_z, &done, err);
        }
        if (rc == FP_OK && done) {
            *optimal = true;
            break;
        }
        added += path_added;
        if (rc != FP_OK || added == 0) {
            *optimal = rc == FP_OK;
            break;
        }
    }
    return rc;
}
