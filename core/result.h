/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: result structs the solvers fill and the writers print (MODEL.md quantities). */
#ifndef FP_CORE_RESULT_H
#define FP_CORE_RESULT_H

#include <igraph.h>

#include "core/topo.h"

/* The all-reduce lower bound (MODEL.md "Lower bound"). */
struct fp_bound {
    /* cut bound (m = 2): min over site pairs of the per-direction max-flow */
    double lambda_min_gbps;
    igraph_integer_t lambda_pair[2];       /* two sites the min cut separates */
    igraph_integer_t *min_cut_spans;       /* owned: spans of that cut */
    igraph_integer_t n_min_cut_spans;
    /* best partition bound: theta_lb = c(delta(Pi)) / (m - 1), <= lambda_min */
    double theta_lb_gbps;
    igraph_integer_t parts;                /* m of the partition that sets theta_lb */
    igraph_integer_t *part_of;             /* owned: per vertex, its part (0..parts-1) */
    igraph_integer_t *cut_spans;           /* owned: spans between parts of that partition */
    igraph_integer_t n_cut_spans;
    double cut_capacity_gbps;              /* c(delta(Pi)) of that partition */
    igraph_integer_t voronoi_parts;        /* m of the Voronoi partition before local search */
    double voronoi_theta_gbps;             /* its bound c(delta)/(m-1) */
    /* delay bound: the longest shortest-path delay between two sites */
    double delay_bound_s;
    igraph_integer_t delay_pair[2];
    /* T_lb = max(8 S / (theta_lb 1e9), delay bound) */
    double bandwidth_s;
    double allreduce_s;
};

/* Frees the owned arrays; accepts a zeroed struct. */
void fp_result_bound_release(struct fp_bound *bound);

/* Collective algorithms (MODEL.md "Demand"). */
enum fp_collective { FP_COLL_TREE, FP_COLL_RING, FP_COLL_DIRECT, FP_COLL_DEMANDS };

/* Solver outcome (CONTRACT.md .solver.status). */
enum fp_status { FP_STATUS_OPTIMAL, FP_STATUS_TIME_LIMIT, FP_STATUS_FEASIBLE };

/* One spanning tree of the sites with its share of the data (MODEL.md "tree"). */
struct fp_tree {
    double rate_gbps;            /* x_t */
    igraph_integer_t *edges;     /* owned: 2 x n_edges vertices, pairs {a, b} */
    igraph_integer_t n_edges;    /* k - 1 */
    igraph_integer_t root;       /* vertex the chunk is reduced to and broadcast from */
    double depth_s;              /* max over leaves of the sum of (hop delay + alpha) */
};

/* A routed path of one commodity (flow decomposition). */
struct fp_flow_path {
    igraph_integer_t src, dst;   /* vertices */
    double gbps;
    igraph_integer_t *arcs;      /* owned: arc 2e = span e from->to, 2e+1 = to->from */
    igraph_integer_t n_arcs;
    double delay_s;
};

/* A routed collective: throughput, time and where the traffic goes. */
struct fp_route {
    enum fp_collective algorithm;
    double theta_gbps;           /* theta (for demands: lambda) */
    double allreduce_s;          /* T = T_bw + T_lat */
    double bandwidth_s;          /* T_bw = 8 S / (theta 1e9) */
    double latency_s;            /* T_lat (MODEL.md "Time") */
    double lower_bound_ratio;    /* T / T_lb; NAN when not computed */
    double alpha_s;              /* per-message overhead */
    double slowest_hop_s;        /* ring/direct: the hop that sets T_lat */
    struct fp_tree *trees;       /* owned (tree) */
    igraph_integer_t n_trees;
    igraph_integer_t *ring_order;/* owned (ring): vertices */
    igraph_integer_t n_ring;
    double *load_gbps;           /* owned: per arc (2 per span), Gbit/s */
    double *dtheta_dc;           /* owned: per span, d theta / d c_e (Gbit/s per Gbit/s) */
    double *marginal_s_per_gbps; /* owned: per span, seconds of T saved per added Gbit/s */
    /* when no span alone raises theta (solvers/marginal.h, filled by route's caller): spans
     * that must grow together (owned; 0: none) and what a Gbit/s on each buys */
    igraph_integer_t *marginal_group;
    igraph_integer_t n_marginal_group;
    double marginal_group_dtheta_dc;
    double marginal_group_s_per_gbps;
    struct fp_flow_path *paths;  /* owned */
    igraph_integer_t n_paths;
    /* solver */
    enum fp_status status;
    double gap;                  /* relative gap to the column-generation bound */
    double upper_bound_gbps;     /* the best proven upper bound on theta */
    double seconds;
    long columns, rounds;
    int lp_rows, lp_cols;
    double lp_scale_gbps;        /* LP capacities are in units of this many Gbit/s */
};

/* Frees the owned arrays; accepts a zeroed struct. */
void fp_result_route_release(struct fp_route *route);

/* What a routed answer shows, as bytes for another process (core/farm.h): the algorithm,
 * theta, T and its parts, the status and gap, trees, ring order and paths; not the per-span
 * arrays. fp_result_route_load() reads one back at *pos into *route (owned:
 * fp_result_route_release(); the per-span arrays NULL); false when the bytes end early or do
 * not hold a route, *route then released. */
struct fp_buf;
void fp_result_route_save(const struct fp_route *route, struct fp_buf *b);
bool fp_result_route_load(const struct fp_buf *b, size_t *pos, struct fp_route *route);

/* A copy of what fp_result_route_save() keeps of src into *dst (owned: release with
 * fp_result_route_release()). */
void fp_result_route_copy(const struct fp_route *src, struct fp_route *dst);

/* One failure scenario (MODEL.md "Failures"): spans removed, and what the all-reduce does. */
struct fp_failure {
    char *label;                 /* owned: the span id, or the SRLG id */
    igraph_integer_t *failed;    /* owned: the spans out of service */
    igraph_integer_t n_failed;
    bool disconnected;           /* some sites can no longer reach the others */
    igraph_integer_t *cut_off;   /* owned: those sites (vertices) */
    igraph_integer_t n_cut_off;
    double theta_gbps;           /* 0 when disconnected */
    double allreduce_s;          /* INFINITY when disconnected */
    bool unprotectable;          /* --survive: cuts sites off whatever a plan builds */
    bool not_built;              /* every span of the scenario is an unbuilt candidate: nothing
                                    fails, theta and T are the intact network's */
    bool kept_intact;            /* the intact schedule uses no failed span: it is the answer */
    bool stopped;                /* its solve was cut short (deadline or signal): theta is the
                                    best schedule found, a lower bound; T an upper bound */
    struct fp_route *route;      /* owned, or NULL: the scenario's schedule (trees, ring, paths)
                                    when the solve was asked to keep it and it has one */
};

struct fp_failures {
    struct fp_failure *items;    /* owned: worst first */
    igraph_integer_t n;
    bool by_srlg;
    /* the intact network, routed by the same rule as the scenarios (MODEL.md "Time": T_lat is
     * a heuristic, so T is the fastest schedule found: the intact run's, or a scenario's that
     * reaches the same theta, which runs on the intact network too) */
    double intact_theta_gbps;
    double intact_allreduce_s;
    double intact_bandwidth_s;
    double intact_latency_s;
    char *intact_from;           /* owned: the scenario whose schedule sets intact T, or NULL */
    igraph_integer_t n_stopped;  /* scenarios cut short (fp_failure.stopped) */
};

void fp_result_failures_release(struct fp_failures *f);

/* A capacity plan (MODEL.md "Planning"). Per-span arrays are indexed by span e. */
struct fp_plan {
    double budget_usd;           /* NAN in --target-time mode */
    double target_time_s;        /* NAN in --budget mode */
    bool modular;
    double cost_usd;             /* total cost of the plan */
    double lp_bound_gbps;        /* theta of the LP relaxation (modular), else theta */
    double gap;                  /* (lp_bound - theta) / lp_bound: 0 for continuous plans */
    double cost_bound_usd;       /* a proven lower bound on the cost of any plan that reaches
                                    the theta asked for (--budget: the plan's optimal theta;
                                    --target-time: the target's): continuous, the cost itself
                                    once the cheapest is proven, else the min-cost phase's bound
                                    when a time limit cut it short (0 before it had one);
                                    modular --target-time: the LP relaxation's cost; NAN for
                                    modular --budget plans, or when theta was not proven */
    bool mip_proven;             /* modular: branch and cut proved its optimum */
    bool *upgradable;            /* owned: the span can be upgraded or built */
    double *added_gbps;          /* owned: capacity added per direction */
    double *modules;             /* owned: wavelengths added (modular; else added / module) */
    double *build;               /* owned: candidates: 1 built, 0 not (fraction if continuous) */
    double *span_cost_usd;       /* owned */
    double *pairs_lit;           /* owned: dark fiber pairs lit (MODEL.md "Optics"), 0 without */
    double *planned_gbps;        /* owned: capacity per direction after the plan */
    double *seconds_per_usd;     /* owned: T saved per dollar at the plan; NAN if not upgradable */
    /* seconds_per_usd re-solved ($1M on each span, the planned network routed again): true;
     * false: the capacity duals' first-order estimate, for next_unresolved spans (too many to
     * re-solve, or the deadline came first) */
    bool next_resolved;
    igraph_integer_t next_unresolved;
    /* when no span alone saves anything: spans that must grow together (owned; 0: none found)
     * and the T_bw seconds per dollar that spending on all of them alike saves */
    igraph_integer_t *next_group;
    igraph_integer_t n_next_group;
    double next_group_s_per_usd;
    /* the network before the plan (route on today's lit spans) */
    double theta_before_gbps, allreduce_before_s, bandwidth_before_s, latency_before_s;
    /* --survive: every scenario on the planned network, worst first (owned), the worst one
     * that the plan protects (index into survive.items, -1 when none), and how many no plan
     * can protect (they cut sites off whatever is built; left out of the objective) */
    bool survivable;
    bool survive_proven;         /* the master that chose it reached its optimum (proven) */
    double worst_theta_gbps;     /* the master's worst-case theta (the objective) */
    struct fp_failures survive;
    igraph_integer_t worst;
    igraph_integer_t n_unprotectable;
    /* target, one scenario: the budget the walk reached, USD, and the latency its theta_req was
     * for (a later round with more latency starts its walk there); NAN when none */
    double walked_usd, walked_latency_s;
};

/* The per-span arrays of *plan for n spans, zeroed (seconds_per_usd NAN), cost 0. */
void fp_result_plan_alloc(struct fp_plan *plan, igraph_integer_t n);
void fp_result_plan_release(struct fp_plan *plan);

/* The do-nothing plan in *p's arrays (MODEL.md "Anytime planning": the network as it stands is
 * a plan, with spend 0): every span at today's capacity on t, nothing bought. */
void fp_result_plan_nothing(const struct fp_topo *t, struct fp_plan *p);

/* Is span e in service after the plan: lit today, or a candidate given capacity (a continuous
 * plan builds a fraction of a candidate's cost; its capacity is what it carries)? */
bool fp_result_plan_built(const struct fp_topo *topo, const struct fp_plan *plan, igraph_integer_t e);


/* One budget of the frontier: the plan fp_plan_solve() finds for it and its all-reduce. */
struct fp_sweep_point {
    struct fp_plan plan;         /* owned: release with fp_result_sweep_release() */
    double theta_gbps, allreduce_s, bandwidth_s, latency_s;
    enum fp_status status;
    double solver_gap;           /* the routing's gap to its bound */
    bool carried;                /* a smaller budget's plan was better and is used here */
    /* the sweep's one deadline (--time-limit, or a signal; MODEL.md "Anytime planning"): */
    bool cut_short;              /* it ended this budget's plan before the plan was proven, or
                                    came before the plan began (late), or ended the smaller
                                    budget's plan carried here; status time_limit, not mip_proven */
    bool late;                   /* the deadline had passed before this budget's plan began: a
                                    smaller budget's plan (carried), no gap or LP bound (NAN) */
    double share_s;              /* seconds this budget's plan was given (its share of the time
                                    left; 0 when late); NAN without a limit */
};

struct fp_sweep {
    struct fp_sweep_point *points;   /* owned: in increasing budget */
    igraph_integer_t n;
    bool modular;
    igraph_integer_t knee;           /* the point past which money buys least, or -1 */
};

void fp_result_sweep_release(struct fp_sweep *s);

/* "tree", "ring", "direct", "demands"; "optimal", "time_limit", "feasible". */
const char *fp_result_collective_name(enum fp_collective c);
const char *fp_result_status_name(enum fp_status s);

#endif
