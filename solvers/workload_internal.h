/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the inside of the workload solver (MODEL.md "Workloads"), shared by
 * solvers/workload.c (the phases), wlmaster.c (the LP), wlcolgen.c (pricing and column
 * generation) and wlschedule.c (the answer). Not installed.
 *
 * Master LP (maximise; capacities scaled by `scale`, like the route master):
 *   max  lambda
 *   def(a,b|j):  sum_{p in P_jab} f_p - sum_{t of j} a_{t,ab} x_t >= 0   each job j, ordered
 *                pair of its sites (a_{t,ab} = 1 on both directions of every edge of tree t;
 *                ring and direct jobs: one column theta_j with MODEL.md's coefficients)
 *   def(a,b|bg): sum_{p in P_ab} f_p - D_ab beta >= 0                   each background pair
 *   cap(e,d):    sum_{p through arc (e,d)} f_p <= c_e / scale           both directions
 *   share(j):    sum_{t of j} x_t - w_j lambda = 0                      each job
 * beta is the background's share: maximised first (phase "background", 0 <= beta <= 1), then
 * fixed at 1, so D is carried in full and the restricted master is feasible from the start.
 * A survivable plan (--survive) has every row above once per scenario s (def(.|s), cap(e,d|s)
 * without the spans that failed in s, share(j|s) >= 0 instead of = 0): lambda is then the
 * worst failure scenario's, the intact network's scale lambda_0 >= lambda its own column (a
 * budget plan maximises it second, the worst case held, as `plan --survive` does), and add(e)
 * enters cap(e,d|s) of every s.
 * GLPK's reduced cost is d = c - sum a pi; pi(def) <= 0, pi(cap) = mu >= 0, sigma_j = pi(share):
 *   tree t of job j improves iff -sigma_j - W > 0, W = sum_{ab in t} -(pi_ab + pi_ba) (MST
 *   over j's sites), path p of r improves iff -pi_r - sum_{arcs of p} (mu + delay weight) > 0
 *   (the latency phase's delay weight on the jobs' paths only). */
#ifndef FP_SOLVERS_WORKLOAD_INTERNAL_H
#define FP_SOLVERS_WORKLOAD_INTERNAL_H

#include <stdbool.h>

#include <igraph.h>

#include "core/clock.h"
#include "core/error.h"
#include "core/workload.h"
#include "core/result.h"
#include "solvers/lp.h"
#include "solvers/plan.h"
#include "solvers/route.h"

/* A commodity: an ordered pair of one job's sites, or a background pair (job -1), in one
 * scenario of a survivable plan (0: the intact network, the only one when routing). */
struct wl_comm {
    igraph_integer_t src, dst;     /* vertices */
    igraph_integer_t job;          /* -1: the background */
    igraph_integer_t scen;
    int row;                       /* def(r) */
    double shortest_s;             /* shortest delay over spans with capacity */
    double demand;                 /* background: D_r, Gbit/s (pairs given twice are summed) */
};

struct wl_path {
    igraph_integer_t comm;
    igraph_integer_t *arcs;        /* arc 2e = span e from -> to, 2e + 1 to -> from */
    igraph_integer_t n;
    int col;
    unsigned long long hash;
};

struct wl_tree {
    igraph_integer_t job;
    igraph_integer_t scen;
    igraph_integer_t *edges;       /* 2 x (k_j - 1) site indices of the job */
    int col;
    unsigned long long hash;
};

struct wl_job {
    const struct fp_workload_job *spec;
    igraph_integer_t k;
    igraph_integer_t *pair_comm;   /* [s k^2 + a k + b]: the commodity of sites a -> b in scenario
                                      s, -1 if a = b */
    igraph_integer_t *ring;        /* ring: the order, site indices (the job alone's) */
    igraph_t complete;             /* over the job's site indices */
    bool have_complete;
    int *share_row;                /* per scenario: share(j|s) */
    int *sched_col;                /* per scenario; ring, direct: theta_j; 0 for tree */
    double last_reduced;           /* the best tree's reduced cost in the last pricing */
};

enum wl_phase {
    WL_BACKGROUND,                 /* maximise beta <= 1: is D routable? */
    WL_LAMBDA,                     /* maximise lambda with beta = 1 */
    WL_LATENCY                     /* lambda held, delay-weighted flow minimised */
};

struct wl_master {
    struct fp_deadline dl;
    const struct fp_topo *topo;
    const struct fp_workload *wl;
    const struct fp_route_options *opts;
    const struct fp_plan_options *popts;   /* planning (wlplan.c): the spans it can grow get
                                              capacity rows even at 0; NULL: routing only */
    struct fp_lp *lp;
    igraph_t arcs;
    bool have_arcs;
    double scale;
    struct wl_job *jobs;
    igraph_integer_t n_jobs;
    struct wl_comm *comms;
    igraph_integer_t n_comms;
    /* scenarios (plan --workload --survive, MODEL.md "Failures"): 0 the intact network, s >= 1
     * popts->scen_failed's scenario s - 1; one capacity vector, the routing of each its own */
    igraph_integer_t n_scen;
    int *cap_row;                  /* per scenario and arc, [s 2 n_spans + arc]; 0 when the arc
                                      has no capacity there */
    int lambda_col, beta_col;      /* beta_col 0 without background */
    int intact_col;                /* --survive: the intact network's scale lambda_0 (scenario 0's
                                      share rows), >= lambda by its row; 0 without scenarios */
    bool intact_maximised;         /* the intact phase ran (lambda_0 the objective) */
    struct wl_path *paths;
    igraph_integer_t n_paths, cap_paths;
    struct wl_tree *trees;
    igraph_integer_t n_trees;
    double delay_weight;           /* > 0 in the latency phase */
    double lambda_enough;          /* > 0: the lambda phase ends once lambda (LP units) reaches
                                      it (a plan's check of a scenario, fp_workload_reaches) */
    double *theta_mu;              /* per arc: the lambda phase's capacity duals */
    long rounds;
    /* planning (wlplan.c): per span its add(e) and z(e) columns, built(e) row (0: none), USD
     * per unit of add(e) (scale Gbit/s); the budget row */
    int *add_col, *build_col, *build_row;
    int *pair_col, *pair_row;      /* per span with dark pairs (MODEL.md "Optics"): pairs lit */
    double *pair_cost;             /* USD to light one pair */
    double *add_cost;
    int budget_row;
};

/* ---- the LP (wlmaster.c) ---- */

/* Sets m up for wl on topo (no LP yet); rings[j] is job j's order (vertices) when it is a
 * ring, else NULL (borrowed, read in fp_wlmaster_build). */
void fp_wlmaster_init(struct wl_master *m, const struct fp_topo *topo, const struct fp_workload *wl,
                      const struct fp_route_options *opts);
void fp_wlmaster_release(struct wl_master *m);

/* The LP: commodities, capacity rows, share rows, lambda, beta and the ring and direct jobs'
 * columns, the directed arcs and each job's complete graph. FP_ESOFTWARE when igraph fails. */
int fp_wlmaster_build(struct wl_master *m, igraph_integer_t *const *rings, struct fp_error *err);

/* Scenario s's failed spans (per span; NULL: none). */
const bool *fp_wlmaster_failed(const struct wl_master *m, igraph_integer_t s);

/* Path columns of commodity r: whether p is one already; add p as one. */
bool fp_wlmaster_have_path(const struct wl_master *m, igraph_integer_t r, const igraph_vector_int_t *p);
void fp_wlmaster_add_path(struct wl_master *m, igraph_integer_t r, const igraph_vector_int_t *p);

/* Adds tree te (edges of job j's complete graph) as a column of job j in scenario s unless it
 * is one already; counts it in *added. */
void fp_wlmaster_add_tree(struct wl_master *m, igraph_integer_t j, igraph_integer_t s,
                          const igraph_vector_int_t *te, int *added);

/* The columns start's master held (a solve of the same workload: each job's columns, the
 * background's), in every scenario: every tree, and the paths whose arcs all have capacity rows
 * there (none failed); *added counts those new to m. FP_ESOFTWARE when igraph fails. */
int fp_wlmaster_seed(struct wl_master *m, const struct fp_workload_result *start, int *added,
                     struct fp_error *err);

/* Sets the jobs' path columns' objective to -delay x weight (0: none) and m->delay_weight (the
 * background's paths keep 0: its delay enters no T). */
void fp_wlmaster_weigh_delays(struct wl_master *m, double weight);

/* ---- pricing and column generation (wlcolgen.c) ---- */

/* Path pricing on the duals (initial: the shortest path by delay of every commodity, and its
 * delay); *added paths. */
int fp_wlcolgen_paths(struct wl_master *m, bool initial, int *added, struct fp_error *err);

/* Tree pricing of every tree job (initial: the minimum spanning tree on shortest delays). */
int fp_wlcolgen_trees(struct wl_master *m, bool initial, int *added, struct fp_error *err);

/* Column generation of a phase until no column prices out (*optimal), the background fits
 * (WL_BACKGROUND, *optimal), the latency phase settles (*optimal), or the deadline ends it
 * (*timed_out). Solves the master at least once. */
int fp_wlcolgen_run(struct wl_master *m, enum wl_phase phase, bool *optimal, bool *timed_out,
                    struct fp_error *err);

/* ---- the answer (wlschedule.c) ---- */

/* The latency phase: lambda held at its optimum, the delay-weighted flow minimised. */
int fp_wlschedule_latency_phase(struct wl_master *m, bool *optimal, bool *timed_out,
                                struct fp_error *err);

/* The master's schedule into res: lambda, each job's route (theta_j, trees or ring, paths,
 * loads, T_j), the loads, d lambda / d c and the spans that set lambda. */
void fp_wlschedule_extract(const struct wl_master *m, struct fp_workload_result *res);

/* ---- planning under a budget (wlplan.c) ---- */

/* Budget mode (MODEL.md "Planning", continuous): per span m->popts lets grow, add(e) >= 0 in
 * units of m->scale Gbit/s on both of its capacity rows (-1 each) at cost_per_gbps, up to the
 * ceiling; a candidate's z(e) in [0, 1] at its build cost with built(e): add - cmax z <= 0;
 * the budget row: sum of costs <= budget_usd (NAN: a free row, no budget). */
void fp_wlplan_add_cols(struct wl_master *m, double budget_usd);

/* --survive, budget: the worst case held at lambda_lo or above (the master's unit), the most
 * lambda_0 for the intact network, by column generation. */
int fp_wlplan_intact_phase(struct wl_master *m, double lambda_lo, bool *optimal, bool *timed_out,
                           struct fp_error *err);

/* The cost phase (lambda held at lambda_lo or above, in the master's unit; --survive: lambda_0
 * too, at what the intact phase reached when it ran): the cheapest plan that keeps it, by column
 * generation (money that buys no lambda stays unspent). */
int fp_wlplan_cost_phase(struct wl_master *m, double lambda_lo, bool *optimal, bool *timed_out,
                         struct fp_error *err);

/* The plan the master holds into *plan (owned arrays; budget_usd, cost_usd, upgradable,
 * added_gbps, modules, build, span_cost_usd, planned_gbps, seconds_per_usd NAN). */
void fp_wlplan_extract(const struct wl_master *m, double budget_usd, struct fp_plan *plan);

/* The plan fixed at the values fp_wlplan_extract() reads (its columns' objective 0), lambda the
 * objective again, free above: the master is the route LP of the planned network. */
void fp_wlplan_fix(struct wl_master *m);

/* The slowest job's T of res and its parts (T INFINITY when a job gets nothing). */
void fp_wlplan_slowest(const struct fp_workload_result *res, double *allreduce_s, double *bandwidth_s,
                       double *latency_s);

/* The state before a plan into plan: today's lambda and slowest T (and its parts). */
void fp_wlplan_before(const struct fp_workload_result *today, struct fp_plan *plan);

/* Each job's numbers in res: theta_j, T_j and its parts, alone, slowdown (owned: free()). */
struct fp_workload_sweep_job *fp_wlplan_jobs(const struct fp_workload_result *res);

/* ---- surviving failures (wlsurvive.c; plan --workload --survive) ---- */

/* The scenarios (all of them, in out: per span, candidates too, or per SRLG id) and the
 * failed-span flags of those a plan can protect (*flags, n_protect x n_spans, owned): a scenario
 * that cuts a job's sites or a background demand's ends apart even with every span the plan
 * could build is marked unprotectable and left out of the master. */
int fp_wlsurvive_scenarios(const struct fp_topo *t, const struct fp_workload *wl,
                           const struct fp_plan_options *po, struct fp_failures *out, bool **flags,
                           igraph_integer_t *n_protect, struct fp_error *err);

/* f's scenarios marked unprotectable as scen has them; plan->survivable, worst (the first
 * protected scenario of f, worst first; -1 when none), worst_theta_gbps (its lambda, 0 when it
 * cuts a job off or the background does not fit) and n_unprotectable. */
void fp_wlsurvive_mark(const struct fp_failures *scen, struct fp_workload_failures *f, struct fp_plan *plan);

/* failures --workload of wl on t (the planned network) into *out, marked (fp_wlsurvive_mark). */
int fp_wlsurvive_route(const struct fp_topo *t, const struct fp_workload *wl, const struct fp_route_options *o,
                       const struct fp_plan_options *po, const struct fp_failures *scen,
                       struct fp_workload_failures *out, struct fp_plan *plan, struct fp_error *err);

/* The continuous plan that protects every scenario of scen (popts->scen_failed, n_scen: the
 * protectable ones' failed spans), by scenarios added as needed: the master plans for the
 * scenarios it has (active[k] for the protectable scenario k, in and out: none at first, or an
 * earlier round's, which are kept), the plan's network is routed under every scenario (failures
 * --workload, into *f, marked), and those below the master's lambda (budget: its worst case;
 * target: lambda_req_gbps) join it, until none is or the deadline comes (status time_limit when
 * one still is). plan, res and lambda_max_gbps as fp_workload_plan_continuous() gives them for
 * the last master (res has no schedule with scenarios in the master). */
int fp_wlsurvive_plan(const struct fp_topo *t, const struct fp_workload *wl, const struct fp_route_options *o,
                      const struct fp_plan_options *popts, const struct fp_failures *scen, bool *active,
                      double lambda_req_gbps, struct fp_plan *plan, struct fp_workload_result *res,
                      double *lambda_max_gbps, struct fp_workload_failures *f, struct fp_error *err);

/* Job j's route the plan is judged by: the longest T_j over the intact network (res) and the
 * protected scenarios of f. */
const struct fp_route *fp_wlsurvive_judged(const struct fp_workload_failures *f, const struct fp_workload_result *res,
                                           igraph_integer_t j);

/* A single job with no background (MODEL.md: it is `route`): route (moved into res, zeroed) as
 * job 0's, lambda = theta / w, the job alone the job itself, and the spans that set theta
 * (saturated, positive dual) as the binding ones. */
void fp_workload_single_result(const struct fp_topo *topo, const struct fp_workload *wl,
                               struct fp_route *route, struct fp_workload_result *res);

/* ---- plan --workload's budget mode (wlplansolve.c) ---- */

/* plan --workload --budget (popts->budget_usd) against today (the workload on topo as it
 * stands, its lambda the incumbent; borrowed): the continuous plan (fp_workload_plan_continuous;
 * with popts->modular rounded down), its planned network routed afresh within o->deadline
 * (out->res: what `route --workload` gives on it, out->routed_afresh; a deadline that cuts the
 * fresh route short leaves the plan master's schedule, routed_afresh false), and today's
 * network as the plan (spend 0, out->res released: the caller gives today's schedule) when the
 * plan buys nothing or was cut short below today's lambda or before it had one (out->nothing).
 * out (zeroed) gets plan, res, nothing, routed_afresh; the caller releases it
 * (fp_workload_plan_release()), also on error. Errors as fp_workload_plan_continuous(). */
int fp_wlplan_budget(const struct fp_topo *topo, const struct fp_workload *wl,
                     const struct fp_route_options *o, const struct fp_plan_options *popts,
                     const struct fp_workload_result *today, struct fp_workload_plan *out,
                     struct fp_error *err);

/* ---- plans in whole modules (wlround.c) ---- */

/* A target plan: the LP relaxation's plan p (each span priced per module) rounded up to whole
 * modules on every span it adds to (at most the ceiling's), a candidate given any built in
 * full; cost, modules, build and planned capacity updated, p->modular set. Capacity never
 * falls below the LP plan's unless a ceiling cuts it. */
void fp_wlround_up(const struct fp_topo *t, struct fp_plan *p);

/* A budget plan: p rounded down to whole modules (a candidate the LP built in part not built),
 * then the budget left buys back the modules rounding cut, one at a time round the spans, the
 * most cut first, up to the LP plan rounded up: cost <= budget_usd, capacity never above the
 * LP plan's rounded up. */
void fp_wlround_down(const struct fp_topo *t, double budget_usd, struct fp_plan *p);

/* ---- the arc-flow LP for another solver (wlarcflow.c) ---- */

/* The workload's arc-flow LP over the master's trees and fixed schedules, in the master's
 * capacity unit (named in its header), to path in CPLEX LP format; its optimum is lambda when
 * the master's is proven (route --workload --write-lp). A budget plan's master (m->add_col, a
 * budget): the plan LP, with add(e), z(e), built(e) and the budget row as wlplan.c's and the
 * objective lambda in Gbit/s (plan --workload --budget --write-lp). FP_ECANTCREAT when it
 * cannot be written. */
int fp_wlarcflow_write(const struct wl_master *m, const char *path, struct fp_error *err);

#endif
