/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the inside of the routing and planning solver, shared by the files of solvers/
 * that implement its steps (docs/route.md "The solver, file by file"). The restricted master
 * LP of MODEL.md "Demand" and "Planning" (struct master), the context a solve carries through
 * its phases (struct solve), and each file's entry points. Not installed; route.h and plan.h
 * are the modules' public headers. */
#ifndef FP_SOLVERS_ROUTE_INTERNAL_H
#define FP_SOLVERS_ROUTE_INTERNAL_H

#include <stdbool.h>

#include <igraph.h>

#include "core/clock.h"
#include "core/error.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"
#include "solvers/lp.h"
#include "solvers/plan.h"
#include "solvers/route.h"

#define EPS 1e-9            /* MODEL.md "Defaults": epsilon of column generation, relative */
#define NO_THROUGHPUT "no positive throughput: the sites are joined only by spans of zero capacity"

/* ---- the master LP (master.c) ----
 *
 * Master LP (maximise; capacities scaled by `scale` so 1 Gbit/s to 1 Pbit/s solve alike):
 *   max  sum_s z_s                       schedule columns: trees x_t, or one theta/lambda
 *   def(r):   sum_{p in P_r} f_p - sum_s a_{s,r} z_s >= 0      each commodity r = (a, b)
 *   cap(e,d): sum_{p through arc (e,d)} f_p <= c_e / scale     each direction of a lit span
 * with a_{t,r} = 1 for both directions of every edge of tree t (MODEL.md tree), (k-1)/k for
 * each ring hop and its reverse (ring), 2/k for every ordered pair (direct), D_r (demands).
 * GLPK's reduced cost is d_j = c_j - sum_i a_ij pi_i; for this max problem pi(def) <= 0 and
 * pi(cap) = mu >= 0, so
 *   tree t improves iff 1 - sum_{ab in t} w_ab > 0, w_ab = -(pi_ab + pi_ba)  (MST pricing),
 *   path p of r improves iff -pi_r - sum_{arcs of p} mu > 0                  (Dijkstra),
 * and when no path improves, theta / W (W = the MST weight) bounds theta from above
 * (Farley's bound), which gives the gap at a time limit.
 * The arc-flow formulation replaces paths by y_r and f(r, arc) with flow conservation
 * (arcflow.c). */

struct comm {
    igraph_integer_t src, dst;   /* vertices */
    igraph_integer_t scen;       /* scenario (0: the network as given; --survive: failures) */
    int row;                     /* def(r) */
    double shortest_s;           /* shortest delay, for --max-stretch */
    double demand;               /* a_{s,r} for fixed schedules */
};

struct pathcol {
    igraph_integer_t comm;
    igraph_integer_t *arcs;
    igraph_integer_t n;
    int col;
    unsigned long long hash;       /* of the arcs, to refuse duplicates */
};

struct treecol {
    igraph_integer_t *edges;     /* 2 x (k-1) site indices */
    igraph_integer_t scen;
    int col;
    unsigned long long hash;     /* of the edge set, to refuse duplicates */
};

struct master {
    struct fp_deadline dl;         /* the command's (opts->deadline) or the solve's own */
    struct fp_deadline hard;       /* dl's hard deadline (fp_deadline_hard) */
    bool must_finish;              /* column generation runs against hard, not dl */
    const struct fp_deadline *phase;   /* a phase's own, earlier deadline (or NULL) */
    bool rounds_out;               /* --max-rounds ran out (the tests' clock): no branch and cut */
    double started_s;              /* fp_clock_s() when the solve began */
    const struct fp_topo *topo;
    const struct fp_job *job;
    const struct fp_route_options *opts;
    struct fp_lp *lp;
    igraph_t arcs;
    bool have_arcs;
    double scale;
    igraph_integer_t k;
    struct comm *comms;
    igraph_integer_t n_comms;
    igraph_integer_t *pair_comm;   /* [s*k*k + a*k + b] site indices -> commodity, -1 */
    int *cap_row;                  /* [s*2n + arc], 0 when the arc has no capacity in s */
    /* scenarios (MODEL.md "Failures": survivable planning): 0 is the network as given;
     * 1 .. n_scen-1 each lose popts->scen_failed's spans. With more than one, theta_col is
     * the worst scenario's theta: worst_row[s]: sum of s's tree rates - theta >= 0. */
    igraph_integer_t n_scen;
    int *worst_row;
    int theta_col;
    struct pathcol *paths;
    igraph_integer_t n_paths, cap_paths;
    struct treecol *trees;
    igraph_integer_t n_trees;
    int sched_col;                 /* ring / direct / demands */
    /* arc-flow: one flow per source vertex (group), f(g, arc) in flow_col[g * 2n + arc] */
    igraph_integer_t n_groups;
    igraph_integer_t *src_group;   /* per vertex: its group, -1 when no commodity leaves it */
    igraph_integer_t *group_src;
    int *y_col, *flow_col;         /* y per commodity */
    double upper_bound;            /* scaled; INFINITY until known */
    /* planning (MODEL.md "Planning"); popts NULL when only routing */
    const struct fp_plan_options *popts;
    bool *upgradable;              /* per span */
    int *add_col;                  /* per span: added capacity (scaled Gbit/s, or modules) */
    int *build_col, *build_row;    /* per candidate span: z and add <= cmax z */
    int *pair_col, *pair_row;      /* per span with dark pairs (MODEL.md "Optics"): pairs lit m
                                      and unit add - pair_gbps m <= lit pairs' room */
    double *pair_cost;             /* USD to light one pair */
    double *add_unit;              /* Gbit/s per unit of add_col */
    double *add_cost, *build_cost; /* USD per unit of add_col; USD to build */
    int budget_row, theta_row;     /* 0 when absent */
    double tree_obj;               /* objective coefficient of tree columns */
    bool intact_obj;               /* --survive: scenario 0's trees have objective 1, others 0 */
    int intact_row;                /* --survive cost phase: scenario 0's tree rates >= theta0 */
    double delay_weight;           /* > 0 in the latency phase: path objective -delay x this */
    double *theta_mu;              /* per arc: capacity duals of the theta phase (marginals) */
    /* the stability centre of the dual bound (dual_bounds): capacity duals per arc scaled to
     * a feasible dual of the whole LP, and that dual's objective (the bound); NULL until set */
    double *center_mu;
    double center_obj;
    /* the cost phase's bound (cost_bounds): theta held (scaled), the add columns' upper
     * bounds, the best bound on the objective -cost / 1e6 and its point (capacity duals per
     * arc), NULL until set */
    double cost_theta;
    double *add_upper;
    double cost_bound;
    double *cost_center;
    /* latency phase of one scenario: theta* (bound on sum x_t), the best tree's reduced cost,
     * the best objective so far and its round */
    double last_reduced;
    double lat_theta;
    double lat_best;
    long lat_best_round;
};

/* The directed arcs of t (arc 2e = span e from -> to, 2e + 1 = to -> from) into *arcs; *have
 * set once they exist. */
int fp_master_arcs(const struct fp_topo *t, igraph_t *arcs, bool *have, struct fp_error *err);

/* Sets up m for a solve (no LP yet): fields zeroed, bounds unknown, one scenario per
 * failure scenario of popts (+1 for the network as given), the deadline from opts. */
void fp_master_init(struct master *m, const struct fp_topo *topo, const struct fp_job *job,
                    const struct fp_route_options *opts, const struct fp_plan_options *popts);
void fp_master_release(struct master *m);

/* The LP with its commodities (def rows), capacity rows and the directed arcs graph (arc 2e
 * is span e from -> to, 2e + 1 to -> from). FP_ESOFTWARE when igraph fails. */
int fp_master_build(struct master *m, struct fp_error *err);

/* The deadline the current phase runs against: hard when m->must_finish, else m->phase when
 * set, else dl. */
const struct fp_deadline *fp_master_deadline(const struct master *m);

/* Whether a stop was asked for (a signal) or the current phase's deadline has passed. */
bool fp_master_stopped(const struct master *m);

/* The objective coefficient of scenario s's tree columns. */
double fp_master_tree_obj(const struct master *m, igraph_integer_t s);

/* Node id of vertex v (borrowed from the topology). */
const char *fp_master_vid(const struct master *m, igraph_integer_t v);

/* Sum of the delays of arcs[0 .. n-1], s. */
double fp_master_arcs_delay(const struct fp_topo *t, const igraph_integer_t *arcs, igraph_integer_t n);

/* Planning columns (MODEL.md "Planning"): add(e), z(e) and the budget row. */
void fp_master_add_plan_cols(struct master *m);

/* --survive: worst|s rows and the theta column, theta <= every scenario's sum of tree rates. */
void fp_master_add_worst(struct master *m);

/* The fixed schedule column: theta for ring (order ring[], site indices) and direct, lambda
 * for demands. */
void fp_master_add_sched_col(struct master *m, const igraph_integer_t *ring);

/* Path columns of commodity r: whether p is one already; add p as one. */
bool fp_master_have_path(const struct master *m, igraph_integer_t r, const igraph_vector_int_t *p);
void fp_master_add_path(struct master *m, igraph_integer_t r, const igraph_vector_int_t *p);

/* Adds tree te (edges of complete, the complete graph over the sites) as a column of
 * scenario s unless it is one already; counts it in *added. */
void fp_master_add_tree(struct master *m, igraph_integer_t s, const igraph_t *complete,
                        const igraph_vector_int_t *te, int *added);

/* Tree and plan columns' objective: maximise theta, or minimise cost (millions of USD). */
void fp_master_set_objective(struct master *m, bool min_cost);

/* ---- pricing (pricing.c) ---- */

/* Path pricing on the master's duals (or, initial, shortest delays: the first paths and each
 * commodity's shortest delay); *added paths; *interrupted when --max-stretch's search was
 * cut short by the deadline. */
int fp_pricing_paths(struct master *m, bool initial, int *added, bool *interrupted,
                     struct fp_error *err);

/* Tree pricing of scenario s (MODEL.md: minimum spanning tree on w_ab = -(pi_ab + pi_ba));
 * *weight the tree's weight W, m->last_reduced its reduced cost. */
int fp_pricing_tree(struct master *m, igraph_integer_t s, bool initial, int *added, double *weight,
                    struct fp_error *err);

/* The cheapest "structure" under arc lengths len (scenario 0): a spanning tree over the sites
 * with each virtual edge routed both ways on a shortest path. It prices every tree and path at
 * once: with pi_r = -d_r (d_r the shortest path length of pair r), the tree of least weight
 * alpha = sum over its edges of d_ab + d_ba is the minimum spanning tree on those weights. */
struct structure {
    igraph_t complete;             /* over the site indices */
    igraph_vector_t wt;            /* per edge of complete: d_ab + d_ba */
    igraph_vector_int_t to, te;    /* the sites; the tree's edges of complete */
    igraph_vector_int_t *pred;     /* per site: its shortest-path tree (sp_tree) */
    igraph_vector_int_t *route;    /* [2 i], [2 i + 1]: tree edge i's path a -> b, b -> a */
    double *dist;                  /* [a * k + b]: the shortest path length, INFINITY if none */
    double alpha;                  /* the tree's weight; INFINITY if no tree is finite */
    igraph_integer_t k, n_pred, n_route;
    bool have_c, have_wt, have_to, have_te;
};

/* structure_init allocates st for m's sites; _release frees it (also after a failed init). */
int fp_pricing_structure_init(struct structure *st, const struct master *m, struct fp_error *err);
void fp_pricing_structure_release(struct structure *st);

/* The cheapest structure under arc lengths len (with each tree edge's paths when with_paths). */
int fp_pricing_cheapest_structure(const struct master *m, const igraph_vector_t *len, bool with_paths,
                                  struct structure *st, struct fp_error *err);

/* The structure's tree, and its paths in the path formulation, as columns of the master. */
void fp_pricing_add_structure(struct master *m, const struct structure *st);

/* ---- the solve's context: what every phase reads and writes (route.c decides the mode) ---- */

struct solve {
    struct master m;
    struct fp_route out;           /* the answer, filled as the phases go */
    igraph_integer_t *ring;        /* ring: the order, as site indices */
    double last_report;            /* fp_clock_s() of the last progress report */
    /* the mode, decided once (route.c) */
    bool plan;                     /* a plan (m.popts), not only a route */
    bool target;                   /* a plan for a target time (else within a budget) */
    bool approx;                   /* --approx: Garg-Koenemann alone, no column generation */
    bool warm;                     /* the exact tree solve starts from a packing */
    /* what the phases found */
    bool optimal;                  /* the last theta (or cost) phase reached its optimum */
    bool proven;                   /* the plan is proven (modular: branch and cut closed) */
    bool timed_out;
    bool plan_fixed;               /* the plan's columns are fixed (decided) */
    bool plan_from_mip;            /* modular: the plan fixed is branch and cut's incumbent */
    double *repaired;              /* per span: modules the repair added, unconfirmed (or NULL) */
    double *lp_x;                  /* modular target: the LP plan's column values, fractional */
    double lp_bound;               /* the plan's LP bound: theta (Gbit/s) or cost (USD) */
    double incumbent;              /* the best plan's theta so far, Gbit/s (NAN: none yet) */
    const char *phase;             /* the plan's phase running column generation, for progress */
    double theta_req;              /* target mode: the theta the target needs, Gbit/s */
    double walk_usd;               /* target mode: the budget row's bound, USD (walk_budget) */
    double walk_latency_s;         /* ... and the latency its theta_req is for */
    bool walked;                   /* continuous target, one scenario: the walk's LP holds the
                                    * plan and its schedule, latency phase done (no re-route) */
    struct fp_route fresh;         /* ... and its planned network routed afresh: the answer */
    bool have_fresh;
    double cost_lb;                /* plan->cost_bound_usd */
    double reroute_s;              /* seconds the rounding's re-route took (modular budget) */
    int *cut_rows, n_cut_rows;     /* cut-set rows added for branch and cut */
};

/* ---- the theta phase alone, the solve kept (route.c; for solvers/marginal.c's re-solves) ---- */

/* Sets s up for the tree all-reduce by paths on topo (kept by pointer, like job and opts)
 * and runs the theta phase: s->optimal when it reached its stopping rule. On failure s is
 * released. */
int fp_route_theta_open(struct solve *s, const struct fp_topo *topo, const struct fp_job *job,
                        const struct fp_route_options *opts, struct fp_error *err);
void fp_route_theta_close(struct solve *s);

/* ---- column generation and its bounds (colgen.c) ---- */

/* Column generation until no column prices out (*optimal), a proven bound is met (*optimal),
 * or the deadline or --max-rounds ends it (*timed_out). Solves the master at least once. */
int fp_colgen_run(struct solve *s, bool *optimal, bool *timed_out, struct fp_error *err);

/* The LP changed (a plan fixed or freed, the objective restored): the bound on theta and the
 * stability centre of the dual bound, both of the LP before, are forgotten. */
void fp_colgen_bound_reset(struct master *m);

/* Progress (opts->progress) after the first PROGRESS_AFTER seconds: about once a second, or
 * at once when force (a phase begins); phase NULL: the column generation's own (theta, cost
 * or latency, from the master's objective). */
void fp_colgen_progress(struct solve *s, const char *phase, bool force);

/* A phase that minimises cost with theta >= theta (scaled) begins: its bound starts afresh. */
void fp_colgen_cost_begin(struct master *m, double theta);

/* What a min-cost phase proved about the cost, USD (plan->cost_bound_usd). */
double fp_colgen_cost_lower_bound(const struct master *m, bool optimal);

/* ---- the Garg-Koenemann packing (packing.c) ---- */

/* Packs structures to within eps; every structure sent becomes columns of the master.
 * *bound is the packing's weak-duality bound on theta (scaled), *timed_out when the deadline
 * ended it. FP_EDATA when the sites are joined only by spans of zero capacity. */
int fp_packing_columns(struct master *m, double eps, double *bound, long *iterations,
                       bool *timed_out, struct fp_error *err);

/* ---- the arc-flow formulation (arcflow.c) ---- */

/* Source-aggregated arc-flow rows and columns (instead of path columns). */
void fp_arcflow_build(struct master *m);

/* The optimal flows as paths (out->paths) and arc loads (out->load_gbps). */
int fp_arcflow_decompose(struct master *m, struct fp_route *out, struct fp_error *err);

/* ---- the schedule: extraction, times, the latency phase (schedule.c) ---- */

/* Appends a path of gbps from src to dst over arcs[0 .. n-1] to out->paths. */
void fp_schedule_push_path(struct fp_route *out, igraph_integer_t src, igraph_integer_t dst, double gbps,
                           const igraph_integer_t *arcs, igraph_integer_t n, const struct fp_topo *t);

/* Keeps the theta phase's capacity duals (the marginal values) before a later phase changes
 * the objective. */
void fp_schedule_keep_theta_duals(struct master *m);

/* The latency phase: theta held at its optimum, delay-weighted flow minimised. */
int fp_schedule_latency_phase(struct solve *s, bool *optimal, bool *timed_out, struct fp_error *err);

/* The depth of a tree over k sites (edges: 2 x (k-1) site indices) whose ordered pair (a, b)
 * takes hop[a * k + b] seconds: the longest root-to-leaf sum of (hop delay + alpha), the
 * slower direction of each edge, from the root that makes it smallest (*root_out). MODEL.md
 * "Time": the tree then costs 2 x its depth. */
double fp_schedule_tree_depth(igraph_integer_t k, double alpha, const double *hop,
                              const igraph_integer_t *edges, igraph_integer_t *root_out);

/* The master's answer into s->out: theta, loads, paths, marginals, trees or ring, times. */
int fp_schedule_extract(struct solve *s, struct fp_error *err);

/* Undoes a latency phase (one scenario): theta maximised again from the basis *before it,
 * saved before fp_schedule_latency_phase(); its columns stay. */
void fp_schedule_latency_undo(struct master *m, const struct fp_lp_basis *before);

/* T_lat (MODEL.md "Time") of the master's schedule as it stands; s->out is left as it was.
 * NAN if the schedule could not be extracted (err set). */
double fp_schedule_latency_s(struct solve *s, struct fp_error *err);

/* ---- ring order (ring.c) ---- */

/* The fixed ring order (opts->ring_order, vertices) as site indices into ring[k]; FP_EUSAGE
 * when a vertex is not a site or appears twice. */
int fp_ring_indices(const struct master *m, igraph_integer_t *ring, struct fp_error *err);

/* ---- cut-set inequalities for whole modules (cutset.c) ---- */

/* Rounds of separating mixed-integer-rounded cut-set inequalities at the LP plan and
 * re-solving; the rows added go to s->cut_rows. theta_bound: the LP bound (budget) or
 * theta_req (target), Gbit/s. */
int fp_cutset_cuts(struct solve *s, double theta_bound, struct fp_error *err);

/* The LP whose optimum is theta (before the latency phase changes the objective), to
 * opts->write_lp (route.c). */
int fp_route_write_lp(const struct solve *s, struct fp_error *err);

/* ---- target plans (target.c) ---- */

/* Target mode, after the theta phase: theta_req from the target, infeasible targets rejected,
 * then the cheapest plan that reaches it (continuous, one scenario: scheduled, its latency
 * found in rounds, routed afresh). */
int fp_target_phase(struct solve *s, struct fp_error *err);

/* Modular target, one scenario, its plan decided and routed afresh: plans rounded from the LP's
 * (s->lp_x) at thresholds tau, each routed afresh; the cheapest that meets the target is
 * fixed in the master with its route in s->fresh. */
int fp_target_thresholds(struct solve *s, struct fp_error *err);

/* Whether a plan's network can be routed afresh (the tree all-reduce by paths). */
bool fp_target_routable(const struct master *m);

/* The plan as the LP holds it (decided or not), its planned network routed afresh into
 * s->fresh (s->have_fresh unless a stop request cut it short below theta_want Gbit/s: a
 * target's theta_req, a budget plan's theta). */
int fp_target_route_fresh(struct solve *s, double theta_want, struct fp_error *err);

/* ---- the plan engine (planengine.c) ---- */

/* The plan's decisions at the LP optimum: the LP bound, then for --modular the rounding,
 * cut-set cuts and branch and cut, and the planned network re-routed. */
int fp_planengine_decide(struct solve *s, struct fp_error *err);

/* Continuous plans: the cheapest plan among those that reach theta hold (scaled; NAN: the
 * optimum theta, in budget mode). */
int fp_planengine_cost_phase(struct solve *s, double hold, bool *optimal, bool *timed_out,
                             struct fp_error *err);

/* Fixes the plan's decisions at their values (the MILP incumbent's, rounded, or the LP's). */
void fp_planengine_fix_plan(struct master *m, bool from_mip);

/* Whole modules for a target from the LP's column values lp_x, rounded up past tau (a span's
 * n modules: ceil(x - tau), 0 <= tau < 1; tau 0 is the rounding up), a candidate built when
 * the LP builds it and it gets modules; one value per column, as fp_planengine_fix_at takes. */
double *fp_planengine_threshold_plan(const struct master *m, const double *lp_x, double tau);

/* The plan decided in the master (fixed values), one value per column. */
double *fp_planengine_decided_plan(const struct master *m);

/* Fixes the plan's decisions (modules, builds) at x's values; what plan x costs, USD. */
void fp_planengine_fix_at(struct master *m, const double *x);
double fp_planengine_plan_cost(const struct master *m, const double *x);

/* The plan (upgrades, costs, bounds and gap) into plan. */
void fp_planengine_report(const struct solve *s, struct fp_plan *plan);

/* The plan's decisions as the LP holds them (fixed values where fixed) into plan (owned
 * arrays: fp_result_plan_release()). */
void fp_planengine_extract_plan(const struct master *m, struct fp_plan *plan);

/* The plan's columns free in their boxes again (the LP relaxation). */
void fp_planengine_free_plan(struct master *m);

#endif
