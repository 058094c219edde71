/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: plan --workload (MODEL.md "Planning" with "Workloads", "Anytime planning"): a
 * budget plan (the most lambda, today's network the incumbent), a target plan (the cheapest
 * plan whose lambda gives every job theta_j >= 8 S_j / ((T_j - T_lat_j) 1e9), in rounds on
 * T_lat), and one tree job with no background as `plan` of that job. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/workload.h"
#include "solvers/workload_internal.h"

#define MET_TOL 1e-9        /* T_j within this of its target meets it (relative) */
#define LATENCY_ROUNDS 8    /* target mode: plans with T_lat raised to what the last one gave */

/* Job j's target: its own target_time_s, else the command's (NAN: none). */
static double job_target(const struct fp_workload *wl, const struct fp_plan_options *popts,
                         igraph_integer_t j)
{
    return wl->jobs[j].target_time_s > 0 ? wl->jobs[j].target_time_s : popts->target_time_s;
}

/* Job j's least theta over the intact network and the protected scenarios (--survive). */
static double least_theta(const struct fp_workload_plan *out, igraph_integer_t j)
{
    double theta = out->res.jobs[j].route.theta_gbps;
    igraph_integer_t i;
    for (i = 0; out->plan.survivable && i < out->survive.n; i++) {
        if (!out->survive.items[i].f.unprotectable) {
            theta = fmin(theta, out->survive.items[i].jobs[j].route.theta_gbps);
        }
    }
    return theta;
}

/* Whether every job with a target meets it in res (--survive: in every protected scenario too). */
static bool all_met(const struct fp_workload_plan *out)
{
    igraph_integer_t j;
    for (j = 0; j < out->res.n_jobs; j++) {
        const struct fp_route *r = out->plan.survivable ? fp_wlsurvive_judged(&out->survive, &out->res, j)
                                                        : &out->res.jobs[j].route;
        if (isnan(out->target_s[j])) {
            continue;
        }
        if (out->plan.survivable && out->fixed_latency) {
            if (!(least_theta(out, j) >= out->required_gbps[j] * (1.0 - MET_TOL))) {
                return false;
            }
            continue;
        }
        /* --assume-latency: judged by theta (T_lat is the one assumed, as `plan` judges it) */
        if (out->fixed_latency ? !(r->theta_gbps >= out->required_gbps[j] * (1.0 - MET_TOL))
                               : !(r->allreduce_s <= out->target_s[j] * (1.0 + MET_TOL))) {
            return false;
        }
    }
    return true;
}

/* One tree job, no background: `plan` of the job itself (fp_plan_solve, its own target when
 * the file gives one), its route as the workload's (lambda = theta / w). */
static int plan_single(const struct fp_topo *topo, const struct fp_workload *wl,
                       const struct fp_route_options *o, const struct fp_plan_options *popts,
                       struct fp_workload_plan *out, struct fp_error *err)
{
    struct fp_route_options ro = *o;
    struct fp_plan_options po = *popts;
    struct fp_route route;
    int rc;

    memset(&route, 0, sizeof(route));
    ro.collective = FP_COLL_TREE;
    ro.write_lp = NULL;
    if (isnan(po.budget_usd)) {
        po.target_time_s = out->target_s[0];
    }
    rc = fp_plan_solve(topo, &wl->jobs[0].job, &ro, &po, &route, &out->plan, err);
    if (rc == FP_OK) {
        fp_workload_single_result(topo, wl, &route, &out->res);
        out->before[0].theta_gbps = out->before[0].alone_theta_gbps = out->plan.theta_before_gbps;
        out->before[0].allreduce_s = out->before[0].alone_allreduce_s = out->plan.allreduce_before_s;
        out->before[0].bandwidth_s = out->plan.bandwidth_before_s;
        out->before[0].latency_s = out->plan.latency_before_s;
        out->before[0].slowdown = 1.0;
    }
    fp_result_route_release(&route);
    return rc;
}

/* The planned network routed afresh (fp_workload_solve on fp_plan_view): what `route
 * --workload` reports on it, to the bit (the plan's own schedule has the same lambda, but its
 * T_lat depends on the path its latency phase took: stargate-us, --budget 1e8, pretrain T
 * 0.3516 s in the plan's master, 0.3539 s routed afresh), and each job alone there. It
 * replaces the plan's when proven, or cut short with no less lambda; it runs only while the
 * deadline has not passed (its background phase may use the grace, MODEL.md "Anytime
 * planning"), unless it must (a plan rounded to whole modules: the plan's schedule is the LP
 * relaxation's; then against the hard deadline, and it is the answer). */
static int route_fresh(const struct fp_topo *topo, const struct fp_workload *wl,
                       const struct fp_route_options *o, bool must, struct fp_workload_plan *out,
                       struct fp_error *err)
{
    struct fp_route_options ro = *o;
    struct fp_deadline hard;
    struct fp_workload_result fresh;
    struct fp_topo view;
    int rc;

    out->routed_afresh = false;
    ro.write_lp = NULL;   /* the plan's LP is written, not the planned network's route's */
    if (fp_deadline_passed(o->deadline) && !must) {
        return FP_OK;   /* no time left: the plan's own schedule stands, no job alone */
    }
    if (fp_deadline_passed(o->deadline)) {
        fp_deadline_hard(o->deadline, &hard);   /* a rounded plan has no schedule yet */
        ro.deadline = &hard;
    }
    memset(&fresh, 0, sizeof(fresh));
    fp_plan_view(topo, &out->plan, &view);
    rc = fp_workload_solve(&view, wl, &ro, &fresh, err);
    if (rc == FP_OK && (must || fresh.status == FP_STATUS_OPTIMAL ||
                        fresh.lambda_gbps >= out->res.lambda_gbps * (1.0 - MET_TOL))) {
        if (out->res.status != FP_STATUS_OPTIMAL) {
            fresh.status = out->res.status;   /* the plan was cut short, whatever its route */
        }
        fp_workload_result_release(&out->res);
        out->res = fresh;
        out->routed_afresh = true;
        memset(&fresh, 0, sizeof(fresh));
    } else if (rc == FP_OK) {
        igraph_integer_t j;   /* the plan's schedule stays: each job alone from the fresh solve */
        for (j = 0; j < wl->n_jobs; j++) {
            struct fp_workload_job_result *jr = &out->res.jobs[j];
            jr->alone_theta_gbps = fresh.jobs[j].alone_theta_gbps;
            jr->alone_allreduce_s = fresh.jobs[j].alone_allreduce_s;
            jr->slowdown = jr->alone_theta_gbps / jr->route.theta_gbps;
        }
    } else if (fp_deadline_passed(o->deadline) && !must) {
        fp_error_init(err);   /* cut short: the plan's own schedule stands, no job alone */
        rc = FP_OK;
    }
    fp_workload_result_release(&fresh);
    fp_plan_view_release(&view);
    return rc;
}

/* Today's network as the plan: a plan that spends 0 (a do-nothing plan made here when none was
 * had), its schedule left for the caller's today to give (out->res released). */
static void plan_nothing(const struct fp_topo *topo, struct fp_workload_plan *out)
{
    if (out->plan.added_gbps == NULL) {
        fp_result_plan_alloc(&out->plan, topo->n_spans);   /* no plan was had: no bound either */
        out->plan.lp_bound_gbps = out->plan.cost_bound_usd = NAN;
        out->plan.walked_usd = out->plan.walked_latency_s = NAN;
        out->plan.worst = -1;
    }
    fp_result_plan_nothing(topo, &out->plan);
    fp_workload_result_release(&out->res);
}

/* Today's network as the plan (spend 0): its schedule, moved from *today, is the answer; status
 * time_limit when the plan was cut short (out->nothing). */
static void keep_today(const struct fp_topo *topo, struct fp_workload_result *today,
                       struct fp_workload_plan *out)
{
    plan_nothing(topo, out);
    out->res = *today;
    out->res.status = out->nothing ? FP_STATUS_TIME_LIMIT : out->res.status;
    out->routed_afresh = true;   /* today's schedule is route --workload's on today's network */
    memset(today, 0, sizeof(*today));
}

int fp_wlplan_budget(const struct fp_topo *topo, const struct fp_workload *wl,
                     const struct fp_route_options *o, const struct fp_plan_options *popts,
                     const struct fp_workload_result *today, struct fp_workload_plan *out,
                     struct fp_error *err)
{
    /* begun after the deadline (a sweep's later budget): the incumbent, today's network, is the
     * answer, cut short (no plan solve, whose background phase may run into the grace) */
    bool late = fp_deadline_passed(o->deadline), kept;
    int rc = late ? FP_OK : fp_workload_plan_continuous(topo, wl, o, popts, NAN, &out->plan, &out->res,
                                                       NULL, err);
    if (rc == FP_OK && !late && popts->modular) {
        fp_wlround_down(topo, popts->budget_usd, &out->plan);   /* lp_bound_gbps: the LP's lambda */
    }
    if (rc == FP_OK && !late && out->plan.cost_usd > 0.0) {
        /* --survive: the master has no intact schedule of its own to keep */
        rc = route_fresh(topo, wl, o, popts->modular || popts->n_scen > 0, out, err);
    }
    if (late) {
        out->nothing = true;
    } else if (rc != FP_OK && fp_deadline_passed(o->deadline)) {
        fp_error_init(err);   /* cut short before a plan: the incumbent stands */
        rc = FP_OK;
        out->nothing = true;
    } else if (rc == FP_OK && popts->n_scen == 0 && out->res.lambda_gbps < today->lambda_gbps * (1.0 - MET_TOL)) {
        out->nothing = true;   /* (--survive compares worst cases: plan_budget_survive) */
    }
    kept = rc == FP_OK && (out->nothing || out->plan.cost_usd <= 0.0);
    if (kept) {
        plan_nothing(topo, out);
        out->plan.target_time_s = NAN;
        out->plan.gap = out->nothing ? NAN : out->plan.gap;
    }
    out->plan.budget_usd = popts->budget_usd;
    out->plan.mip_proven = out->plan.mip_proven && !popts->modular && !out->nothing;
    if (rc == FP_OK && popts->modular && out->plan.lp_bound_gbps > 0) {
        double lambda = kept ? today->lambda_gbps : out->res.lambda_gbps;
        out->plan.gap = fmax(0.0, (out->plan.lp_bound_gbps - lambda) / out->plan.lp_bound_gbps);
    }
    return rc;
}

/* Budget mode: fp_wlplan_budget(), today's schedule (moved from *today) the answer of a plan
 * that buys nothing or was cut short. */
static int plan_budget(const struct fp_topo *topo, const struct fp_workload *wl,
                       const struct fp_route_options *o, const struct fp_plan_options *popts,
                       struct fp_workload_result *today, struct fp_workload_plan *out,
                       struct fp_error *err)
{
    int rc = fp_wlplan_budget(topo, wl, o, popts, today, out, err);
    if (rc == FP_OK && (out->nothing || out->plan.cost_usd <= 0.0)) {
        keep_today(topo, today, out);
    }
    return rc;
}

#define SURVIVE_TODAY_SHARE 0.3   /* of --time-limit, for today's scenarios under --survive */

/* --survive: the planned network's scenarios (failures --workload on it, against the hard
 * deadline: they are the answer) into out->survive, marked, and the worst protected one. */
static int survive_planned(const struct fp_topo *topo, const struct fp_workload *wl,
                           const struct fp_route_options *o, const struct fp_plan_options *popts,
                           const struct fp_failures *scen, struct fp_workload_plan *out, struct fp_error *err)
{
    struct fp_route_options ro = *o;
    struct fp_deadline hard;
    struct fp_topo view;
    int rc;
    if (o->deadline != NULL) {
        fp_deadline_hard(o->deadline, &hard);
        ro.deadline = &hard;
    }
    fp_workload_failures_release(&out->survive);
    fp_plan_view(topo, &out->plan, &view);
    rc = fp_wlsurvive_route(&view, wl, &ro, popts, scen, &out->survive, &out->plan, err);
    fp_plan_view_release(&view);
    return rc;
}

/* --survive, a plan that spends nothing, or worse than today (its worst protected case below
 * today's, worst0): today's network and its scenarios (*before, moved), the LP bound kept. */
static void survive_keep_today(const struct fp_topo *topo, const struct fp_failures *scen,
                               struct fp_workload_result *today, struct fp_workload_failures *before,
                               struct fp_workload_plan *out)
{
    double bound = out->plan.lp_bound_gbps;
    keep_today(topo, today, out);
    fp_workload_failures_release(&out->survive);
    out->survive = *before;
    memset(before, 0, sizeof(*before));
    fp_wlsurvive_mark(scen, &out->survive, &out->plan);
    out->plan.lp_bound_gbps = bound;
    out->plan.mip_proven = false;
}

/* --survive --budget (MODEL.md "Failures", "Anytime planning"): today's scenarios first, within
 * SURVIVE_TODAY_SHARE of the limit (the network as it stands is a plan; a scenario cut short
 * gives a lower bound), the plan (fp_wlsurvive_plan: every scenario it protects routed on it)
 * ending early by 1.5 times their time, so that the rounded plan's scenarios, routed after it,
 * finish within the deadline. Today's network is kept when its worst protected case beats the
 * plan's as routed. */
static int plan_budget_survive(const struct fp_topo *topo, const struct fp_workload *wl,
                               const struct fp_route_options *o, const struct fp_plan_options *popts,
                               const struct fp_failures *scen, struct fp_workload_result *today,
                               struct fp_workload_plan *out, struct fp_error *err)
{
    struct fp_route_options ro = *o;
    struct fp_deadline share = *o->deadline, plan_dl = *o->deadline;
    struct fp_workload_failures before;
    struct fp_plan probe;
    double t0 = fp_clock_s(), worst0 = INFINITY;
    int rc;

    memset(&before, 0, sizeof(before));
    memset(&probe, 0, sizeof(probe));
    share.limit_s *= SURVIVE_TODAY_SHARE;
    ro.deadline = &share;
    rc = fp_wlsurvive_route(topo, wl, &ro, popts, scen, &before, &probe, err);
    worst0 = rc == FP_OK && probe.worst >= 0 ? probe.worst_theta_gbps : INFINITY;
    if (plan_dl.limit_s > 0) {
        plan_dl.limit_s = fmax(0.5 * plan_dl.limit_s, plan_dl.limit_s - 1.5 * (fp_clock_s() - t0));
    }
    ro.deadline = &plan_dl;
    out->nothing = rc == FP_OK && fp_deadline_passed(&plan_dl);
    if (rc == FP_OK && !out->nothing) {
        bool *active = fp_xcalloc((size_t)popts->n_scen + 1, sizeof(bool));
        rc = fp_wlsurvive_plan(topo, wl, &ro, popts, scen, active, NAN, &out->plan, &out->res, NULL,
                               &out->survive, err);
        free(active);
        if (rc != FP_OK && fp_deadline_passed(&plan_dl)) {
            fp_error_init(err);   /* cut short before a plan: the incumbent stands */
            rc = FP_OK;
            out->nothing = true;
        }
    }
    if (rc == FP_OK && !out->nothing && popts->modular) {
        fp_wlround_down(topo, popts->budget_usd, &out->plan);   /* lp_bound_gbps: the LP's lambda */
        rc = survive_planned(topo, wl, o, popts, scen, out, err);
    }
    if (rc == FP_OK && !out->nothing && out->plan.cost_usd > 0.0) {
        rc = route_fresh(topo, wl, o, true, out, err);   /* the master has no intact schedule */
    }
    if (rc == FP_OK && (out->nothing || out->plan.cost_usd <= 0.0 ||
                        (isfinite(worst0) && out->plan.worst_theta_gbps < worst0 * (1.0 - MET_TOL)))) {
        /* a plan cut short (some scenario not yet in the master) below today's: kept_today */
        out->nothing = out->nothing || out->res.status != FP_STATUS_OPTIMAL;
        if (before.n_stopped > 0) {
            /* kept, today's scenarios must be its own: those cut short (a lower bound) again,
             * all of them, to the hard deadline */
            struct fp_workload_failures again;
            struct fp_deadline hard;
            fp_deadline_hard(o->deadline, &hard);
            ro.deadline = &hard;
            rc = fp_wlsurvive_route(topo, wl, &ro, popts, scen, &again, &probe, err);
            if (rc == FP_OK && again.n_stopped <= before.n_stopped) {
                fp_workload_failures_release(&before);
                before = again;
            } else if (rc == FP_OK) {
                fp_workload_failures_release(&again);
            }
        }
        survive_keep_today(topo, scen, today, &before, out);
    }
    out->plan.budget_usd = popts->budget_usd;
    out->plan.target_time_s = NAN;
    out->plan.mip_proven = out->plan.mip_proven && !popts->modular && !out->nothing;
    if (rc == FP_OK && out->plan.lp_bound_gbps > 0.0) {
        /* the LP's lambda bounds the worst case */
        out->plan.gap = fmax(0.0, (out->plan.lp_bound_gbps - out->plan.worst_theta_gbps) / out->plan.lp_bound_gbps);
    }
    fp_workload_failures_release(&before);
    return rc;
}

/* The targets' lambda with each job's T_lat at out->latency_s: required_j = 8 S_j / ((T_j -
 * L_j) 1e9) (MODEL.md "Planning", min cost), lambda = max_j required_j / w_j; *tight the job
 * that sets it. */
static double lambda_needed(const struct fp_workload *wl, struct fp_workload_plan *out,
                            igraph_integer_t *tight)
{
    igraph_integer_t j;
    double lambda = 0.0;
    *tight = -1;
    for (j = 0; j < wl->n_jobs; j++) {
        out->required_gbps[j] = NAN;
        if (isnan(out->target_s[j])) {
            continue;
        }
        out->required_gbps[j] = 8.0 * wl->jobs[j].job.gradient_bytes /
                                ((out->target_s[j] - out->latency_s[j]) * 1e9);
        if (out->required_gbps[j] / wl->jobs[j].weight > lambda) {
            lambda = out->required_gbps[j] / wl->jobs[j].weight;
            *tight = j;
        }
    }
    return lambda;
}

/* Each job's T_lat floor (fp_plan_latency_floor) into out->latency_s; FP_EDATA naming the
 * first job whose target it leaves no time (no plan can meet it). */
static int latency_floors(const struct fp_topo *topo, const struct fp_workload *wl,
                          const struct fp_route_options *o, const struct fp_plan_options *popts,
                          struct fp_workload_plan *out, struct fp_error *err)
{
    igraph_integer_t j;
    int rc = FP_OK;
    for (j = 0; rc == FP_OK && j < wl->n_jobs; j++) {
        if (popts->fixed_latency) {
            out->latency_s[j] = popts->latency_s;   /* --assume-latency: the one assumed */
        } else {
            rc = fp_plan_latency_floor(topo, &wl->jobs[j].job, o->alpha_s, &out->latency_s[j], err);
        }
        if (rc == FP_OK && !isnan(out->target_s[j]) && out->target_s[j] <= out->latency_s[j]) {
            rc = fp_error_set(err, FP_EDATA, wl->path, 0, "job '%s': no plan reaches T <= %g s: %s %.4g s",
                              wl->jobs[j].name, out->target_s[j],
                              popts->fixed_latency ? "--assume-latency leaves it no time, at"
                                                   : "its latency alone is at least",
                              out->latency_s[j]);
        }
    }
    return rc;
}

/* Raises each job that missed its target to the T_lat the plan gave it (--survive: in the
 * scenario that judges it); false when some job's T_lat leaves its target no time (more rounds
 * cannot help). */
static bool raise_latencies(const struct fp_workload *wl, struct fp_workload_plan *out)
{
    igraph_integer_t j;
    bool go_on = true;
    for (j = 0; j < wl->n_jobs; j++) {
        const struct fp_route *r = out->plan.survivable ? fp_wlsurvive_judged(&out->survive, &out->res, j)
                                                        : &out->res.jobs[j].route;
        if (!isnan(out->target_s[j]) && !(r->allreduce_s <= out->target_s[j] * (1.0 + MET_TOL))) {
            out->latency_s[j] = fmax(out->latency_s[j], r->latency_s);
            go_on = go_on && out->latency_s[j] < out->target_s[j];
        }
    }
    return go_on;
}

/* The first round's plan cannot be had: FP_EDATA naming the job that sets lambda. */
static int unreachable(const struct fp_workload *wl, const struct fp_workload_plan *out,
                       igraph_integer_t tight, double lambda_max, struct fp_error *err)
{
    const struct fp_workload_job *wj = &wl->jobs[tight];
    fp_error_init(err);
    return fp_error_set(err, FP_EDATA, wl->path, 0, "no plan within the ceilings meets every target: job "
                        "'%s' needs theta %.6g Gbit/s for T <= %g s, and at its weight the spans "
                        "allow it at most %.6g", wj->name, out->required_gbps[tight], out->target_s[tight],
                        lambda_max * wj->weight);
}

/* Target mode: rounds of the cheapest plan with lambda >= the targets' (fp_workload_plan_continuous)
 * from each job's T_lat floor, a job that misses its target raised to the T_lat its plan gave
 * it, until every job meets its target, LATENCY_ROUNDS, a round cut short, or a round the
 * ceilings cannot meet (after the first: its T_lat is the plans', no proof; the round before
 * stays). Only the first round, at the floors, proves a target out of reach (FP_EDATA). */
static int plan_target(const struct fp_topo *topo, const struct fp_workload *wl,
                       const struct fp_route_options *o, const struct fp_plan_options *popts,
                       const struct fp_failures *scen, struct fp_workload_plan *out, struct fp_error *err)
{
    bool survive = popts->survive != FP_SURVIVE_NONE;
    /* --survive: the scenarios each round's master starts from, the round before's */
    bool *active = fp_xcalloc((size_t)popts->n_scen + 1, sizeof(bool));
    igraph_integer_t tight;
    int rc = latency_floors(topo, wl, o, popts, out, err);
    for (out->rounds = 1; rc == FP_OK; out->rounds++) {
        struct fp_plan plan;
        struct fp_workload_result res;
        double lambda_max = NAN;
        out->lambda_required_gbps = lambda_needed(wl, out, &tight);
        struct fp_workload_failures f;
        memset(&f, 0, sizeof(f));
        rc = survive ? fp_wlsurvive_plan(topo, wl, o, popts, scen, active, out->lambda_required_gbps, &plan,
                                         &res, &lambda_max, &f, err)
                     : fp_workload_plan_continuous(topo, wl, o, popts, out->lambda_required_gbps, &plan, &res,
                                                   &lambda_max, err);
        if (rc == FP_EDATA && out->rounds == 1 && tight >= 0 && !isnan(lambda_max)) {
            rc = unreachable(wl, out, tight, lambda_max, err);
        }
        if (rc != FP_OK && out->rounds > 1 && (rc == FP_EDATA || fp_deadline_passed(o->deadline))) {
            fp_error_init(err);   /* the round before stands */
            rc = FP_OK;
            out->rounds--;
            break;
        }
        if (rc != FP_OK) {
            fp_workload_failures_release(&f);
            break;
        }
        fp_result_plan_release(&out->plan);
        fp_workload_result_release(&out->res);
        fp_workload_failures_release(&out->survive);
        out->plan = plan;
        out->res = res;
        out->survive = f;   /* --survive: the plan's scenarios, each round judged by them */
        /* --survive: the master has no intact schedule to keep */
        rc = out->plan.cost_usd > 0.0 || survive ? route_fresh(topo, wl, o, survive, out, err) : FP_OK;
        if (rc != FP_OK || all_met(out) || out->res.status != FP_STATUS_OPTIMAL || out->rounds == LATENCY_ROUNDS ||
            popts->fixed_latency || fp_deadline_passed(o->deadline) || !raise_latencies(wl, out)) {
            break;
        }
    }
    if (rc == FP_OK && popts->modular && out->plan.cost_usd > 0.0) {
        /* whole modules: the LP plan rounded up (a feasible certificate when its network
         * routes the targets), routed */
        fp_wlround_up(topo, &out->plan);
        out->plan.mip_proven = false;
        rc = route_fresh(topo, wl, o, true, out, err);
        rc = rc == FP_OK && survive ? survive_planned(topo, wl, o, popts, scen, out, err) : rc;
    }
    free(active);
    return rc;
}

/* The network before the plan: the workload routed on today's network (*today, owned), each
 * job's numbers into out->before and plan's state before. */
static int route_today(const struct fp_topo *topo, const struct fp_workload *wl,
                       const struct fp_route_options *o, struct fp_workload_result *today,
                       struct fp_workload_plan *out, struct fp_error *err)
{
    struct fp_route_options ro = *o;
    int rc;
    ro.write_lp = NULL;   /* the plan's LP is written, not today's route's */
    rc = fp_workload_solve(topo, wl, &ro, today, err);
    if (rc == FP_OK) {
        free(out->before);
        out->before = fp_wlplan_jobs(today);
    }
    return rc;
}

/* Several jobs or a background: today's network, then the budget or target plan (--survive: with
 * the scenarios a plan can protect in the master); a target plan that buys nothing keeps today's
 * schedule too (the network is today's). */
static int plan_shared_modes(const struct fp_topo *topo, const struct fp_workload *wl,
                             const struct fp_route_options *o, const struct fp_plan_options *popts,
                             struct fp_workload_plan *out, struct fp_error *err)
{
    struct fp_workload_result today;
    struct fp_plan_options po = *popts;
    struct fp_failures scen;
    bool *flags = NULL;
    int rc;

    memset(&today, 0, sizeof(today));
    memset(&scen, 0, sizeof(scen));
    rc = route_today(topo, wl, o, &today, out, err);
    if (rc == FP_OK && po.survive != FP_SURVIVE_NONE) {
        rc = fp_wlsurvive_scenarios(topo, wl, &po, &scen, &flags, &po.n_scen, err);
        po.scen_failed = flags;
    }
    if (rc == FP_OK && !isnan(po.budget_usd) && po.survive != FP_SURVIVE_NONE) {
        rc = plan_budget_survive(topo, wl, o, &po, &scen, &today, out, err);
    } else if (rc == FP_OK && !isnan(po.budget_usd)) {
        rc = plan_budget(topo, wl, o, &po, &today, out, err);
    } else if (rc == FP_OK) {
        rc = plan_target(topo, wl, o, &po, &scen, out, err);
        if (rc != FP_OK && rc != FP_EDATA && fp_deadline_passed(o->deadline)) {
            fp_error_init(err);   /* cut short before any plan: today's network, the targets unmet */
            rc = FP_OK;
            out->nothing = true;
        }
        if (rc == FP_OK && (out->nothing || out->plan.cost_usd <= 0.0)) {
            keep_today(topo, &today, out);
        }
        out->plan.budget_usd = NAN;
        out->plan.target_time_s = popts->target_time_s;
    }
    if (rc == FP_OK) {
        fp_wlplan_before(out->nothing || out->plan.cost_usd <= 0.0 ? &out->res : &today, &out->plan);
    }
    fp_workload_result_release(&today);
    fp_result_failures_release(&scen);
    free(flags);
    return rc;
}

int fp_workload_plan_solve(const struct fp_topo *topo, const struct fp_workload *wl,
                           const struct fp_route_options *ropts, const struct fp_plan_options *popts,
                           struct fp_workload_plan *out, struct fp_error *err)
{
    struct fp_route_options o = *ropts;
    struct fp_deadline dl;
    struct fp_workload_plan p;
    igraph_integer_t j, n = wl->n_jobs;
    int rc = FP_OK;

    memset(&p, 0, sizeof(p));
    p.single = n == 1 && wl->n_background == 0 && wl->jobs[0].collective == FP_COLL_TREE;
    for (j = 0; j < n && isnan(popts->budget_usd) && isnan(job_target(wl, popts, j)); j++) {
    }
    if (j == n) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0, "plan: needs --budget or --target-time, or a job "
                            "with target_time_s in the workload (see 'fiberplan plan --help')");
    }
    if (!p.single && popts->survive != FP_SURVIVE_NONE && o.write_lp != NULL) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0, "plan: --write-lp writes the plan LP of the intact "
                            "network: it does not go with --survive (see 'fiberplan plan --help')");
    }
    if (popts->fixed_latency && !isnan(popts->budget_usd)) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0, "plan: --assume-latency goes with a target (--target-time "
                            "or the jobs' target_time_s), not --budget (see 'fiberplan plan --help')");
    }
    p.fixed_latency = popts->fixed_latency;
    if (o.write_lp != NULL && (p.single || isnan(popts->budget_usd) || popts->modular)) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0, "plan: --write-lp writes a continuous budget plan's "
                            "LP for several jobs or a background: it goes with --budget, not --modular "
                            "or a target, and one tree job alone is planned as 'plan' of it (see "
                            "'fiberplan plan --help')");
    }
    if (o.deadline == NULL) {
        /* one deadline for the whole command: today's network, every round, the jobs alone */
        fp_deadline_init(&dl, o.time_limit_s, o.stop);
        o.deadline = &dl;
    }
    p.before = fp_xcalloc((size_t)n + 1, sizeof(struct fp_workload_sweep_job));
    p.target_s = fp_xcalloc((size_t)n + 1, sizeof(double));
    p.required_gbps = fp_xcalloc((size_t)n + 1, sizeof(double));
    p.latency_s = fp_xcalloc((size_t)n + 1, sizeof(double));
    p.lambda_required_gbps = NAN;
    for (j = 0; j < n; j++) {
        p.target_s[j] = isnan(popts->budget_usd) ? job_target(wl, popts, j) : NAN;
        p.required_gbps[j] = p.latency_s[j] = NAN;
    }
    rc = fp_topo_require_delays(topo, err);
    if (rc == FP_OK && p.single) {
        rc = plan_single(topo, wl, &o, popts, &p, err);
    } else if (rc == FP_OK) {
        rc = plan_shared_modes(topo, wl, &o, popts, &p, err);
    }
    p.met = rc == FP_OK && all_met(&p);
    if (rc == FP_OK) {
        *out = p;
    } else {
        fp_workload_plan_release(&p);
    }
    return rc;
}
