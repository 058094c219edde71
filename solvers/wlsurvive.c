/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: plan --workload --survive (MODEL.md "Failures" with "Workloads"): the scenarios a
 * plan can protect, and the planned network's scenarios routed and judged. The master itself
 * is the workload master with a scenario dimension (solvers/workload_internal.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "solvers/wlfailures.h"
#include "solvers/workload.h"
#include "solvers/workload_internal.h"

int fp_wlsurvive_scenarios(const struct fp_topo *t, const struct fp_workload *wl,
                           const struct fp_plan_options *po, struct fp_failures *out, bool **flags,
                           igraph_integer_t *n_protect, struct fp_error *err)
{
    /* the groups that must stay connected: each job's sites, each background demand's ends */
    igraph_integer_t i, n = wl->n_jobs + wl->n_background;
    struct fp_job *groups = fp_xcalloc((size_t)n + 1, sizeof(struct fp_job));
    igraph_integer_t *ends = fp_xcalloc((size_t)(2 * wl->n_background) + 1, sizeof(igraph_integer_t));
    int rc;
    for (i = 0; i < wl->n_jobs; i++) {
        groups[i] = wl->jobs[i].job;   /* borrowed */
    }
    for (i = 0; i < wl->n_background; i++) {
        ends[2 * i] = wl->background[i].src;
        ends[2 * i + 1] = wl->background[i].dst;
        groups[wl->n_jobs + i].sites = &ends[2 * i];
        groups[wl->n_jobs + i].n_sites = 2;
    }
    rc = fp_plan_survive_scenarios(t, groups, n, po, out, flags, n_protect, err);
    free(groups);
    free(ends);
    return rc;
}

void fp_wlsurvive_mark(const struct fp_failures *scen, struct fp_workload_failures *f, struct fp_plan *plan)
{
    igraph_integer_t i;
    plan->survivable = true;
    plan->worst = -1;
    plan->n_unprotectable = 0;
    plan->worst_theta_gbps = 0.0;
    for (i = 0; i < f->n; i++) {
        struct fp_failure *sf = &f->items[i].f;
        sf->unprotectable = fp_plan_unprotectable(scen, sf->label);
        plan->n_unprotectable += sf->unprotectable;
        /* worst first: a protected scenario that cuts a job off or leaves part of the
         * background unrouted comes before the lowest lambda, and is the worst case */
        if (plan->worst < 0 && !sf->unprotectable) {
            plan->worst = i;
        }
    }
    if (plan->worst >= 0) {
        const struct fp_workload_scenario *w = &f->items[plan->worst];
        plan->worst_theta_gbps = w->f.disconnected || !fp_workload_scenario_fits(w) ? 0.0 : w->lambda_gbps;
    }
}

/* The scenarios of t routed (enough > 0: checked, fp_wlfailures_check; else in full) and
 * marked. */
static int routed(const struct fp_topo *t, const struct fp_workload *wl, const struct fp_route_options *o,
                  const struct fp_plan_options *po, const struct fp_failures *scen, double enough,
                  struct fp_workload_failures *out, struct fp_plan *plan, struct fp_error *err)
{
    int rc;
    memset(out, 0, sizeof(*out));
    rc = fp_wlfailures_check(t, wl, o, po->survive == FP_SURVIVE_SRLG, po->jobs, enough > 0 ? enough : 0.0, out,
                             err);
    if (rc == FP_OK) {
        fp_wlsurvive_mark(scen, out, plan);
    }
    return rc;
}

int fp_wlsurvive_route(const struct fp_topo *t, const struct fp_workload *wl, const struct fp_route_options *o,
                       const struct fp_plan_options *po, const struct fp_failures *scen,
                       struct fp_workload_failures *out, struct fp_plan *plan, struct fp_error *err)
{
    return routed(t, wl, o, po, scen, 0.0, out, plan, err);
}

const struct fp_route *fp_wlsurvive_judged(const struct fp_workload_failures *f, const struct fp_workload_result *res,
                                           igraph_integer_t j)
{
    const struct fp_route *worst = &res->jobs[j].route;
    igraph_integer_t i;
    for (i = 0; i < f->n; i++) {
        const struct fp_workload_scenario *sc = &f->items[i];
        if (!sc->f.unprotectable && !(sc->jobs[j].route.allreduce_s <= worst->allreduce_s)) {
            worst = &sc->jobs[j].route;
        }
    }
    return worst;
}

#define ADD_PER_ROUND 16   /* violated scenarios added to the master per round, the worst first */
#define VIOLATED 1e-6      /* a scenario below the master's lambda by more than this (relative) */

/* The index among the protectable scenarios (the rows of the flags) of the scenario labelled
 * label in scen; -1 when it is unprotectable or unknown. */
static igraph_integer_t protect_index(const struct fp_failures *scen, const char *label)
{
    igraph_integer_t i, k = 0;
    for (i = 0; i < scen->n; i++) {
        if (strcmp(scen->items[i].label, label) == 0) {
            return scen->items[i].unprotectable ? -1 : k;
        }
        k += !scen->items[i].unprotectable;
    }
    return -1;
}

/* Adds to the master's scenarios (active, *n_active of them; the failed spans of each in
 * po_flags) those protected scenarios of f whose lambda is below lambda (worst first, at most
 * ADD_PER_ROUND); returns how many were added. */
static int add_violated(const struct fp_topo *t, const struct fp_failures *scen, const bool *flags,
                        const struct fp_workload_failures *f, double lambda, bool *active, bool *po_flags,
                        igraph_integer_t *n_active)
{
    igraph_integer_t i, k;
    int added = 0;
    for (i = 0; i < f->n && added < ADD_PER_ROUND; i++) {
        const struct fp_workload_scenario *sc = &f->items[i];
        double got = sc->f.disconnected || !fp_workload_scenario_fits(sc) ? 0.0 : sc->lambda_gbps;
        k = protect_index(scen, sc->f.label);
        if (k < 0 || active[k] || got >= lambda * (1.0 - VIOLATED)) {
            continue;
        }
        active[k] = true;
        memcpy(po_flags + *n_active * t->n_spans, flags + k * t->n_spans, (size_t)t->n_spans * sizeof(bool));
        (*n_active)++;
        added++;
    }
    return added;
}

int fp_wlsurvive_plan(const struct fp_topo *t, const struct fp_workload *wl, const struct fp_route_options *o,
                      const struct fp_plan_options *popts, const struct fp_failures *scen, bool *active,
                      double lambda_req_gbps, struct fp_plan *plan, struct fp_workload_result *res,
                      double *lambda_max_gbps, struct fp_workload_failures *f, struct fp_error *err)
{
    struct fp_plan_options po = *popts;
    bool *po_flags = fp_xcalloc((size_t)(popts->n_scen * t->n_spans) + 1, sizeof(bool));
    igraph_integer_t k, n_active = 0;
    double floor;
    bool checked = false;
    int rc = FP_OK, added = 1;

    for (k = 0; k < popts->n_scen; k++) {   /* an earlier plan's scenarios to start from */
        if (active[k]) {
            memcpy(po_flags + n_active++ * t->n_spans, popts->scen_failed + k * t->n_spans,
                   (size_t)t->n_spans * sizeof(bool));
        }
    }

    memset(plan, 0, sizeof(*plan));
    memset(res, 0, sizeof(*res));
    memset(f, 0, sizeof(*f));
    while (rc == FP_OK && added > 0) {
        struct fp_topo view;
        po.scen_failed = po_flags;
        po.n_scen = n_active;
        fp_result_plan_release(plan);
        fp_workload_result_release(res);
        fp_workload_failures_release(f);
        rc = fp_workload_plan_continuous(t, wl, o, &po, lambda_req_gbps, plan, res, lambda_max_gbps, err);
        if (rc != FP_OK) {
            break;
        }
        floor = isnan(lambda_req_gbps) ? plan->lp_bound_gbps : lambda_req_gbps;
        fp_plan_view(t, plan, &view);
        /* a round's check (lean: a scenario's solve ends once it reaches floor; routed in
         * full when floor is no number), within o's deadline: past it a scenario reports what
         * the intact schedule still carries, and the caller routes the planned network afresh
         * in the grace */
        rc = routed(&view, wl, o, popts, scen, floor, f, plan, err);
        fp_plan_view_release(&view);
        /* the master's lambda over its scenarios bounds the worst case (a relaxation): a
         * scenario routed below it on the plan joins the master, which plans again */
        added = rc == FP_OK && res->status == FP_STATUS_OPTIMAL && !fp_deadline_passed(o->deadline)
                    ? add_violated(t, scen, popts->scen_failed, f, floor, active, po_flags, &n_active)
                    : 0;
        checked = rc == FP_OK && floor > 0;
    }
    if (rc == FP_OK && checked && !fp_deadline_passed(o->deadline)) {
        /* what is reported: every scenario routed in full (each job alone, T_lat minimised) */
        struct fp_topo view;
        fp_workload_failures_release(f);
        fp_plan_view(t, plan, &view);
        rc = fp_wlsurvive_route(&view, wl, o, popts, scen, f, plan, err);
        fp_plan_view_release(&view);
    }
    if (rc == FP_OK && res->status == FP_STATUS_OPTIMAL && plan->worst >= 0 &&
        plan->worst_theta_gbps < (isnan(lambda_req_gbps) ? plan->lp_bound_gbps : lambda_req_gbps) * (1.0 - VIOLATED)) {
        res->status = FP_STATUS_TIME_LIMIT;   /* the deadline came before every scenario was in */
        plan->mip_proven = false;
    }
    free(po_flags);
    return rc;
}
