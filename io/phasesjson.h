/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the JSON result of plan --phases (schema fiberplan.result/1, CONTRACT.md "Added in
 * the second round": .phases[], .plan.objective, .plan.myopic, .plan.joint_gain). */
#ifndef FP_IO_PHASESJSON_H
#define FP_IO_PHASESJSON_H

#include "core/phases.h"
#include "core/result.h"
#include "core/topo.h"

/* The result document (owned: free()): a plan result (fp_resultjson_plan) of the joint plan as
 * one plan (res->total) on view, the last phase's network (its bound b, NULL if none; its route
 * the last phase's), plus .phases[] (the joint plan per phase), .plan.objective, .plan.myopic
 * and .plan.joint_gain. NULL only if the document cannot be built. */
char *fp_phasesjson_plan(const struct fp_topo *view, const struct fp_bound *b, const struct fp_phases *ph,
                         const struct fp_phases_result *res, double seconds);

/* sweep --phases: fp_phasesjson_plan() of the last point (last, on its last phase's network
 * view), command "sweep", with .frontier[] (budget_usd, cost_usd, allreduce_s = sum w T / sum w,
 * objective, myopic_objective, joint_gain, status) from pts[0 .. n-1]. */
char *fp_phasesjson_sweep(const struct fp_topo *view, const struct fp_bound *b, const struct fp_phases *ph,
                          const struct fp_phases_result *last, const struct fp_phases_point *pts, long n,
                          double seconds);

#endif
