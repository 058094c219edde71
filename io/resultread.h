/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: reads a result file (schema fiberplan.result/1, CONTRACT.md "JSON result") back,
 * for `export --result` and `report`. */
#ifndef FP_IO_RESULTREAD_H
#define FP_IO_RESULTREAD_H

#include <stdbool.h>

#include "core/error.h"
#include "core/topo.h"

/* What a result says per span of the topology it was computed on. Arrays are indexed by the
 * topology's span e and owned; NAN where the result says nothing about the span. */
struct fp_result_spans {
    char *command;               /* owned: "route", "plan", "sweep", "failures", ... */
    double *load_gbps;           /* the larger direction's load (.links[].load_gbps) */
    double *utilization;         /* .links[].utilization */
    double *marginal_s_per_gbps; /* .links[].marginal_s_per_gbps */
    double *planned_gbps;        /* plan/sweep: the planned capacity (.plan.upgrades[]), else
                                    NAN; for spans without an upgrade, today's */
    bool *in_cut;                /* in .bound.cut[] */
    bool has_plan;
};

/* Reads path ("-" for standard input) and matches its .links[], .plan.upgrades[] and
 * .bound.cut[] to topo's spans by id. FP_ENOINPUT when unreadable; FP_EDATA with FILE:LINE
 * when it is not JSON, not a fiberplan.result/1 object, or names a span topo lacks (a result
 * of another topology). On failure out is left zeroed. */
int fp_resultread_spans(const char *path, const struct fp_topo *topo, struct fp_result_spans *out,
                        struct fp_error *err);

void fp_resultread_release(struct fp_result_spans *r);

#endif
