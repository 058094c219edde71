/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: a phased build-out, phases that come online over years and what planning them
 * jointly gives each (MODEL.md "Phases"). */
#ifndef FP_CORE_PHASES_H
#define FP_CORE_PHASES_H

#include <stdbool.h>

#include <igraph.h>

#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"

/* One phase p of a phases file (schema fiberplan.phases/1). */
struct fp_phase {
    char *name;                    /* owned; unique within the file */
    double year;                   /* year_p: phases are in time order */
    struct fp_job job;             /* owned sites P_p; gradient_bytes = S_p */
    double budget_usd;             /* B_p (budget mode); NAN in target mode */
    double target_time_s;          /* T_p^target (target mode); NAN in budget mode */
    double weight;                 /* w_p >= 0 (default 1) */
};

/* A phases file read. */
struct fp_phases {
    char *path;                    /* owned: as shown in messages ("<stdin>" for "-") */
    struct fp_phase *items;        /* owned, n >= 1, in time order */
    igraph_integer_t n;
    bool target;                   /* every phase has a target time (else every one a budget) */
};

/* Frees everything; accepts a zeroed struct. */
void fp_phases_release(struct fp_phases *ph);

/* What one phase gets: its network as it stands (capacity per span, built candidates lit),
 * what it adds and builds, what it spends, and its tree all-reduce routed afresh there. */
struct fp_phase_result {
    double *capacity_gbps;         /* owned: per span, capacity in service in the phase (0 for a
                                      candidate not built yet) */
    bool *in_service;              /* owned: per span, lit or built by this phase */
    double *added_gbps;            /* owned: per span, capacity added in this phase */
    double *build;                 /* owned: per span, the share of a candidate built in this
                                      phase (1: built; continuous plans may build in part) */
    double *pairs_lit;             /* owned: per span, dark fiber pairs first lit in this phase
                                      (MODEL.md "Optics"; 0 without a cost model; a continuous
                                      plan may light part of one) */
    double *span_cost_usd;         /* owned: per span, USD spent on it in this phase */
    double budget_usd;             /* B_p (with --carry-over: B_p plus what earlier phases left;
                                      NAN in target mode) */
    double cost_usd;               /* spent in this phase */
    double discounted_usd;         /* cost_usd / (1 + r)^(year_p - year_1) */
    double theta_gbps;             /* theta_p: `route` on the phase's network with its sites */
    double allreduce_s, bandwidth_s, latency_s;    /* T_p and its parts */
    double theta_lb_gbps;          /* the bound's theta_lb on that network */
    double lb_allreduce_s;         /* T_lb */
    double required_gbps;          /* target mode: the theta its target needs (NAN: budget) */
    bool met;                      /* target mode: T_p <= its target (budget mode: true) */
    struct fp_route route;         /* owned: the fresh route (trees, paths, per-arc loads) */
};

/* A phased plan: the joint plan and the myopic baseline, phase by phase. */
struct fp_phases_result {
    struct fp_phase_result *joint; /* owned, one per phase */
    struct fp_phase_result *myopic;/* owned, one per phase */
    igraph_integer_t n, n_spans;
    bool target;
    double objective;              /* budget: sum w_p theta_p; target: discounted cost, USD */
    double myopic_objective;
    double joint_gain;             /* budget: objective - myopic; target: myopic - objective */
    double lp_objective;           /* the joint LP's optimum (same units; NAN when not solved) */
    double gap;                    /* (LP bound - objective) / LP bound, budget; 0 when exact */
    struct fp_plan total;          /* owned: the joint plan over every phase as one plan (added
                                      and built summed, planned = the last phase's capacity,
                                      budget the sum of B_p, NAN in target mode); before: the
                                      last phase's job on the network as given */
    enum fp_status status;
    bool modular;                  /* whole modules and candidates built whole (--modular) */
    long columns, rounds;
    int lp_rows, lp_cols;
    double seconds;
};

/* One total budget of sweep --phases: the phases' budgets scaled to it, planned jointly. */
struct fp_phases_point {
    double budget_usd, cost_usd;   /* the total, and what the joint plan spends of it */
    double objective;              /* sum w_p theta_p, joint */
    double myopic_objective;       /* ... of the myopic baseline */
    double joint_gain;             /* NAN when cut short */
    double weighted_s;             /* sum w_p T_p / sum w_p (NAN when every weight is 0) */
    enum fp_status status;
};

void fp_phase_result_release(struct fp_phase_result *r);

/* Frees everything; accepts a zeroed struct. */
void fp_phases_result_release(struct fp_phases_result *res);

#endif
