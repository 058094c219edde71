/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the JSON result of plan --phases (schema fiberplan.result/1, CONTRACT.md "Added in
 * the second round": .phases[], .plan.objective, .plan.myopic, .plan.joint_gain). */
#ifndef FP_IO_PHASESJSON_H
#define FP_IO_PHASESJSON_H

#include "core/phases.h"
#include "core/topo.h"

/* The result document, dumped (owned: free()). */
char *fp_phasesjson_plan(const struct fp_topo *topo, const struct fp_phases *ph,
                         const struct fp_phases_result *res, double seconds);

#endif
