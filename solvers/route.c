/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: routing and planning, orchestrated (MODEL.md "Demand", "Time", "Planning",
 * "Failures"). The mode of a solve is decided once (decide_mode), then its phases run in
 * order, each on the one context (struct solve): set-up of the master LP, the theta phase
 * (packing, column generation), the target phase and the plan's decisions (planengine.c),
 * the cost and latency phases, and the answer. docs/route.md "The solver, file by file" maps
 * every step to the file that does it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/route_internal.h"

#define WARM_EPS 0.2        /* the packing that starts an exact tree solve stops at this gap */
#define THETA_SHARE 0.6     /* a plan's theta phase: this share of --time-limit at the most */

void fp_route_options_init(struct fp_route_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->collective = FP_COLL_TREE;
    opts->formulation = FP_FORM_PATH;
    opts->max_stretch = NAN;
    opts->alpha_s = FP_DEFAULT_ALPHA_S;
    opts->upper_bound_gbps = NAN;
}

void fp_route_farm_done(void *ctx, long done, long total)
{
    struct fp_route_farm_progress *fp = ctx;
    struct fp_progress p;
    double now = fp_clock_s(), elapsed = now - fp->start_s;
    if (fp->ropts->progress == NULL || !(elapsed > 2.0) || (done < total && now - fp->last_s < 1.0)) {
        return;
    }
    fp->last_s = now;
    memset(&p, 0, sizeof(p));
    p.phase = fp->what;
    p.incumbent = p.bound = NAN;
    p.elapsed_s = elapsed;
    p.done = done;
    p.total = total;
    p.eta_s = done > 0 ? elapsed / (double)done * (double)(total - done) : NAN;
    fp->ropts->progress(fp->ropts->progress_ctx, &p);
}

int fp_route_solve(const struct fp_topo *topo, const struct fp_job *job,
                   const struct fp_route_options *opts, struct fp_route *route,
                   struct fp_error *err)
{
    return fp_route_solve_master(topo, job, opts, NULL, route, NULL, err);
}

/* The mode of the solve: which phases run, decided here and nowhere else. */
static void decide_mode(struct solve *s)
{
    const struct fp_route_options *opts = s->m.opts;
    const struct fp_plan_options *popts = s->m.popts;
    s->plan = popts != NULL;
    s->target = popts != NULL && isnan(popts->budget_usd);
    /* --approx: the tree all-reduce on the network as given (not with plans or scenarios) */
    s->approx = opts->approx_eps > 0 && opts->collective == FP_COLL_TREE && popts == NULL &&
                opts->formulation == FP_FORM_PATH && !opts->single_path && opts->failed == NULL;
    /* the exact tree solve starts from a rough packing's columns (same conditions, and no
     * stretch limit, which the packing does not know) */
    s->warm = !s->approx && opts->collective == FP_COLL_TREE && s->m.n_scen == 1 &&
              !opts->single_path && opts->failed == NULL && isnan(opts->max_stretch);
}

static void solve_init(struct solve *s, const struct fp_topo *topo, const struct fp_job *job,
                       const struct fp_route_options *opts, const struct fp_plan_options *popts)
{
    memset(s, 0, sizeof(*s));
    fp_master_init(&s->m, topo, job, opts, popts);
    s->ring = fp_xcalloc((size_t)job->n_sites + 1, sizeof(igraph_integer_t));
    s->last_report = s->m.started_s;
    s->proven = true;
    s->lp_bound = s->theta_req = s->cost_lb = s->incumbent = NAN;
    s->walk_usd = popts != NULL ? popts->walk_from_usd : 0.0;
    decide_mode(s);
}

static void solve_release(struct solve *s)
{
    fp_result_route_release(&s->out);
    fp_result_route_release(&s->fresh);
    fp_master_release(&s->m);
    free(s->ring);
    free(s->cut_rows);
    free(s->repaired);
    free(s->lp_x);
}

/* What the solve cannot start without: delays on every span (MODEL.md "Network"). */
static int check_input(const struct solve *s, struct fp_error *err)
{
    const struct fp_route_options *opts = s->m.opts;
    if (s->m.n_scen > 1 && (opts->collective != FP_COLL_TREE || opts->formulation != FP_FORM_PATH)) {
        return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: survivable plans route trees by paths");
    }
    return fp_topo_require_delays(s->m.topo, err);
}

/* A ring with no order given: choose one (fp_route_ring_order), then solve with it. */
static int solve_ring_chosen(const struct solve *s, struct fp_route *route, struct fp_plan *plan,
                             struct fp_error *err)
{
    const struct master *m = &s->m;
    igraph_integer_t *order = fp_xcalloc((size_t)m->k + 1, sizeof(igraph_integer_t));
    struct fp_route_options ring_opts;
    int rc = fp_route_ring_order(m->topo, m->job, m->opts, 4 * (int)m->k, order, err);
    if (rc == FP_OK) {
        ring_opts = *m->opts;
        ring_opts.ring_order = order;
        rc = fp_route_solve_master(m->topo, m->job, &ring_opts, m->popts, route, plan, err);
    }
    free(order);
    return rc;
}

/* Every commodity reaches its destination over spans with capacity (the initial pricing found
 * its shortest delay). */
static int check_reachable(const struct master *m, struct fp_error *err)
{
    igraph_integer_t r;
    for (r = 0; r < m->n_comms; r++) {
        if (!isfinite(m->comms[r].shortest_s) && m->comms[r].scen > 0) {
            return fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: failure scenario %ld cuts '%s' off",
                                (long)m->comms[r].scen, m->topo->node_id[m->comms[r].dst]);
        }
        if (!isfinite(m->comms[r].shortest_s)) {
            return fp_error_set(err, FP_EDATA, m->topo->path, 0,
                                "'%s' cannot reach '%s' over lit spans with capacity",
                                m->topo->node_id[m->comms[r].src], m->topo->node_id[m->comms[r].dst]);
        }
    }
    return FP_OK;
}

/* The master LP with its first columns: the shortest paths (path formulation) or the
 * arc-flow rows, the plan columns, the worst-case rows, the first trees or the fixed
 * schedule's column. */
static int set_up(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    const struct fp_route_options *opts = m->opts;
    igraph_integer_t r;
    bool interrupted;   /* the initial pricing looks for no stretched paths */
    double weight;
    int rc, added;

    rc = fp_master_build(m, err);
    if (rc == FP_OK && opts->collective == FP_COLL_RING) {
        rc = fp_ring_indices(m, s->ring, err);
    }
    if (rc == FP_OK) {
        rc = fp_pricing_paths(m, true, &added, &interrupted, err);
    }
    if (rc == FP_OK) {
        rc = check_reachable(m, err);
    }
    if (rc != FP_OK) {
        return rc;
    }
    if (opts->formulation == FP_FORM_ARCFLOW) {
        fp_arcflow_build(m);
    }
    if (s->plan) {
        fp_master_add_plan_cols(m);
    }
    if (m->n_scen > 1) {
        fp_master_add_worst(m);   /* max theta <= every scenario's (MODEL.md "Failures") */
    } else if (opts->collective == FP_COLL_TREE && isfinite(opts->upper_bound_gbps)) {
        /* theta_lb bounds every schedule's theta (MODEL.md "Lower bound"): reaching it
         * proves the tree optimum without waiting for the pricing to tail off */
        m->upper_bound = opts->upper_bound_gbps / m->scale;
    }
    if (opts->collective != FP_COLL_TREE) {
        fp_master_add_sched_col(m, s->ring);
    }
    for (r = 0; rc == FP_OK && opts->collective == FP_COLL_TREE && r < m->n_scen; r++) {
        rc = fp_pricing_tree(m, r, true, &added, &weight, err);
    }
    return rc;
}

/* The theta phase: --approx's packing alone (its certified gap), or column generation to the
 * optimum, from a rough packing's columns when warm. */
static int theta_phase(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    double bound = INFINITY;
    long iterations = 0;
    int rc = FP_OK;

    if (s->approx) {
        struct fp_deadline none;
        bool halted = false;
        fp_deadline_init(&none, 0.0, NULL);
        rc = fp_packing_columns(m, m->opts->approx_eps, &bound, &iterations, &halted, err);
        if (rc == FP_OK) {
            rc = fp_lp_solve(m->lp, &none, &s->timed_out, err);   /* once, to report */
        }
        s->timed_out = halted;
        s->out.rounds = iterations;
        m->upper_bound = bound < m->upper_bound ? bound : m->upper_bound;
        /* meeting a bound proves it optimal; else the certified gap is reported */
        s->optimal = rc == FP_OK && fp_lp_objective(m->lp) >= m->upper_bound * (1 - EPS);
        return rc;
    }
    if (s->warm) {
        /* a rough packing first: its trees and paths start the column generation */
        rc = fp_packing_columns(m, WARM_EPS, &bound, &iterations, &s->timed_out, err);
        if (rc == FP_EDATA && s->plan) {
            fp_error_init(err);   /* sites cut off today: a plan may join them, from no start */
            rc = FP_OK;
        }
        /* its bound holds for today's capacities: not for a plan, which adds to them */
        if (rc == FP_OK && !s->plan && bound < m->upper_bound) {
            m->upper_bound = bound;
        }
    }
    if (rc == FP_OK) {
        struct fp_deadline share = m->dl;
        /* a plan under --time-limit leaves THETA_SHARE of it to rounding, repair, branch and
         * cut and the re-route of the plan (MODEL.md "Anytime planning") */
        if (s->plan && m->dl.limit_s > 0) {
            /* of the time left when this solve began (later target rounds have less) */
            double begun = m->started_s - m->dl.start_s;
            share.limit_s = begun + THETA_SHARE * (m->dl.limit_s - begun);
            m->phase = &share;
        }
        rc = fp_colgen_run(s, &s->optimal, &s->timed_out, err);
        m->phase = NULL;
    }
    return rc;
}

int fp_route_write_lp(const struct solve *s, struct fp_error *err)
{
    char name[160];
    snprintf(name, sizeof(name), "fiberplan %s: capacities and rates in units of %.17g Gbit/s",
             fp_result_collective_name(s->m.opts->collective), s->m.scale);
    fp_lp_set_name(s->m.lp, name);
    return fp_lp_write(s->m.lp, s->m.opts->write_lp, err);
}

/* The schedule's theta in the master, Gbit/s: its trees' rates (the objective is a cost once
 * a cost phase ran). */
static double plan_theta(const struct master *m)
{
    double theta = 0.0;
    igraph_integer_t i;
    for (i = 0; i < m->n_trees; i++) {
        theta += fp_lp_col_value(m->lp, m->trees[i].col);
    }
    return theta * m->scale;
}

/* After an optimal theta: the cost phase of a continuous budget plan, the plan's columns
 * fixed, and the latency phase. */
static int final_phases(struct solve *s, struct fp_error *err)
{
    struct master *m = &s->m;
    bool kept_optimal;
    int rc = FP_OK;

    if (s->plan && !s->target && !m->popts->modular && !s->plan_fixed &&
        m->opts->formulation == FP_FORM_PATH) {
        bool cost_optimal;
        rc = fp_planengine_cost_phase(s, NAN, &cost_optimal, &s->timed_out, err);
        if (rc != FP_OK) {
            return rc;
        }
        s->cost_lb = fp_colgen_cost_lower_bound(m, cost_optimal);
    }
    if (s->have_fresh) {
        return FP_OK;   /* a target decided and its planned network routed afresh */
    }
    if (s->plan && !s->target && m->n_scen == 1 && fp_target_routable(m) && !fp_master_stopped(m)) {
        /* a budget plan's T is what `route` reports once it is built: its planned network
         * routed afresh, as a target's is (the master's latency phase depends on the path its
         * LP took: 600 nodes, 24 sites, --budget 1e8: T 1.3601 s in the master, 1.3551 s
         * routed) */
        rc = fp_target_route_fresh(s, plan_theta(m), err);
        if (rc != FP_OK || s->have_fresh) {
            return rc;
        }
    }
    if (s->plan) {
        fp_planengine_fix_plan(m, false);   /* plan columns are final: keep them where they are */
    }
    if (s->walked) {
        return FP_OK;   /* a continuous target: its rounds ran the latency phase */
    }
    if (fp_master_stopped(m)) {
        /* no time left: the theta-optimal schedule as it is (its T is what it runs in); a
         * latency phase begun past the deadline ran seconds over it and could report a theta
         * from an LP it cut short (600 nodes, 24 sites, --modular --time-limit 10: 12.5 s,
         * theta 22,058 for a plan re-routed at 23,200) */
        return FP_OK;
    }
    return fp_schedule_latency_phase(s, &kept_optimal, &s->timed_out, err);
}

/* The solver's status, gap and bound, and the plan, into the answer. */
static void finish(struct solve *s, struct fp_plan *plan)
{
    struct master *m = &s->m;
    struct fp_route *out = &s->out;
    out->columns = fp_lp_cols(m->lp);
    out->status = s->optimal && s->proven             ? FP_STATUS_OPTIMAL
                  : s->approx && !s->timed_out ? FP_STATUS_FEASIBLE
                                               : FP_STATUS_TIME_LIMIT;
    if (s->optimal) {
        out->gap = 0.0;
        out->upper_bound_gbps = out->theta_gbps;
    } else if (isfinite(m->upper_bound)) {
        double ub = m->upper_bound * (m->opts->collective == FP_COLL_DEMANDS ? 1.0 : m->scale);
        out->upper_bound_gbps = ub;
        out->gap = ub > 0 ? (ub - out->theta_gbps) / ub : 0.0;
    } else {
        out->upper_bound_gbps = NAN;
        out->gap = NAN;
    }
    out->lp_scale_gbps = m->scale;
    if (s->plan && plan != NULL) {
        fp_planengine_report(s, plan);
    }
    out->seconds = fp_clock_s() - m->started_s;
}

int fp_route_theta_open(struct solve *s, const struct fp_topo *topo, const struct fp_job *job,
                        const struct fp_route_options *opts, struct fp_error *err)
{
    int rc;
    solve_init(s, topo, job, opts, NULL);
    rc = check_input(s, err);
    if (rc == FP_OK && (opts->collective != FP_COLL_TREE || opts->formulation != FP_FORM_PATH)) {
        rc = fp_error_set(err, FP_ESOFTWARE, NULL, 0, "internal: re-solves route trees by paths");
    }
    if (rc == FP_OK) {
        rc = set_up(s, err);
    }
    if (rc == FP_OK) {
        rc = theta_phase(s, err);
    }
    if (rc != FP_OK) {
        solve_release(s);
    }
    return rc;
}

void fp_route_theta_close(struct solve *s)
{
    solve_release(s);
}

int fp_route_solve_master(const struct fp_topo *topo, const struct fp_job *job,
                          const struct fp_route_options *opts, const struct fp_plan_options *popts,
                          struct fp_route *route, struct fp_plan *plan, struct fp_error *err)
{
    struct solve s;
    int rc;

    solve_init(&s, topo, job, opts, popts);
    rc = check_input(&s, err);
    if (rc == FP_OK && opts->collective == FP_COLL_RING && opts->ring_order == NULL) {
        rc = solve_ring_chosen(&s, route, plan, err);
        solve_release(&s);
        return rc;
    }
    if (rc == FP_OK) {
        rc = set_up(&s, err);
    }
    if (rc == FP_OK) {
        rc = theta_phase(&s, err);
    }
    if (rc == FP_OK && s.target) {
        rc = fp_target_phase(&s, err);
    }
    if (rc == FP_OK && s.plan) {
        /* a plan whose phases were cut short is decided all the same: its LP plan (rounded
         * down within a budget, up for a target, in whole modules) is a plan, re-routed to its
         * optimum (MODEL.md "Anytime planning") */
        rc = fp_planengine_decide(&s, err);
    }
    if (rc == FP_OK && !s.walked && !s.have_fresh && !(fp_lp_objective(s.m.lp) > 0.0) && s.optimal && s.m.n_scen == 1) {
        rc = fp_error_set(err, FP_EDATA, topo->path, 0, "%s", NO_THROUGHPUT);
    }
    if (rc == FP_OK && opts->write_lp != NULL && !s.walked) {
        rc = fp_route_write_lp(&s, err);
    }
    s.phase = NULL;
    if (rc == FP_OK && s.optimal && opts->collective != FP_COLL_DEMANDS) {
        rc = final_phases(&s, err);
    }
    if (rc == FP_OK) {
        rc = fp_schedule_extract(&s, err);
    }
    if (rc == FP_OK) {
        finish(&s, plan);
        *route = s.out;
        memset(&s.out, 0, sizeof(s.out));
    }
    if (rc == FP_OK && s.have_fresh) {
        /* a continuous target: the planned network routed afresh is the answer */
        if (route->status != FP_STATUS_OPTIMAL) {
            s.fresh.status = route->status;   /* not proven the cheapest */
        }
        s.fresh.seconds += route->seconds;
        s.fresh.rounds += route->rounds;   /* the plan's pricing rounds and the route's */
        fp_result_route_release(route);
        *route = s.fresh;
        memset(&s.fresh, 0, sizeof(s.fresh));
    }
    solve_release(&s);
    return rc;
}
