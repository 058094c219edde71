/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: workloads (MODEL.md "Workloads"): the workload file reader (io/workload.c) and
 * the shared solve (solvers/workload.c and the files of solvers/workload_internal.h) against
 * hand-derived values, route itself, and an oracle LP written out whole. */
#include "helpers.h"
#include "oracle.h"

#include <glpk.h>

#include "core/workload.h"
#include "io/workload.h"
#include "solvers/failures.h"
#include "solvers/plan.h"
#include "solvers/route.h"
#include "solvers/sweep.h"
#include "solvers/wlfailures.h"
#include "solvers/wlsweep.h"
#include "solvers/workload.h"

#define SITE(id) "<node id=\"" id "\"><data key=\"type\">datacenter</data><data key=\"gpus\">8</data></node>\n"
#define SPAN(s, t, cap) "<edge source=\"" s "\" target=\"" t "\"><data key=\"len\">100</data>" \
                        "<data key=\"cap\">" cap "</data></edge>\n"
/* a triangle of sites with 100 Gbit/s spans of 100 km; CYCLE4 the 4-cycle a-b-c-d-a alike */
#define TRIANGLE GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SPAN("a", "b", "100") \
    SPAN("b", "c", "100") SPAN("c", "a", "100") GRAPHML_TAIL
#define CYCLE4 GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SITE("d") SPAN("a", "b", "100") \
    SPAN("b", "c", "100") SPAN("c", "d", "100") SPAN("d", "a", "100") GRAPHML_TAIL
/* the triangle with a dead-end branch a - x - y of transit nodes that no site pair's simple
 * path enters */
#define TRIANGLE_BRANCH GRAPHML_HEAD SITE("a") SITE("b") SITE("c") "<node id=\"x\"/><node id=\"y\"/>\n" \
    SPAN("a", "b", "100") SPAN("b", "c", "100") SPAN("c", "a", "100") SPAN("a", "x", "100") \
    SPAN("x", "y", "100") GRAPHML_TAIL

/* MODEL.md "Units" and "Time" on these fixtures: S = 1e9 params x 2 B = 2e9 B, so
 * T_bw = 16 / theta s (theta in Gbit/s); a 100 km span is 0.49 ms, a hop pays + 20 us. */
#define S_BYTES 2e9
#define HOP_S (100 * 4.9e-6 + 20e-6)

static igraph_integer_t vid(const struct fp_topo *t, const char *id)
{
    igraph_integer_t v;
    for (v = 0; v < t->n_nodes; v++) {
        if (strcmp(t->node_id[v], id) == 0) {
            return v;
        }
    }
    fail_msg("no node '%s'", id);
    return -1;
}

static igraph_integer_t sid(const struct fp_topo *t, igraph_integer_t from, igraph_integer_t to)
{
    igraph_integer_t e;
    for (e = 0; e < t->n_spans; e++) {
        if ((t->span_from[e] == from && t->span_to[e] == to) ||
            (t->span_from[e] == to && t->span_to[e] == from)) {
            return e;
        }
    }
    fail_msg("no span");
    return -1;
}

/* Appends a job on the sites named in the comma-free list ids (space-separated). */
static void add_job(struct fp_workload *wl, const struct fp_topo *t, const char *name, const char *ids,
                    enum fp_collective coll, double weight)
{
    struct fp_workload_job *wj;
    char buf[256], *tok, *save = NULL;
    wl->jobs = realloc(wl->jobs, (size_t)(wl->n_jobs + 1) * sizeof(*wl->jobs));
    wj = &wl->jobs[wl->n_jobs++];
    memset(wj, 0, sizeof(*wj));
    wj->name = strdup(name);
    wj->collective = coll;
    wj->weight = weight;
    wj->job.params = 1e9;
    wj->job.grad_bytes = 2;
    wj->job.gradient_bytes = S_BYTES;
    wj->job.compute_time = NAN;
    wj->job.sites = calloc((size_t)t->n_nodes + 1, sizeof(igraph_integer_t));
    snprintf(buf, sizeof(buf), "%s", ids);
    for (tok = strtok_r(buf, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
        wj->job.sites[wj->job.n_sites++] = vid(t, tok);
    }
}

static void add_background(struct fp_workload *wl, const struct fp_topo *t, const char *src, const char *dst,
                           double gbps)
{
    struct fp_demand *d;
    wl->background = realloc(wl->background, (size_t)(wl->n_background + 1) * sizeof(*wl->background));
    d = &wl->background[wl->n_background++];
    d->src = vid(t, src);
    d->dst = vid(t, dst);
    d->gbps = gbps;
    d->line = 0;
    d->id = strdup("bg");
}

static int solve_wl(const struct fp_topo *t, struct fp_workload *wl, struct fp_workload_result *res,
                    struct fp_error *err)
{
    struct fp_route_options o;
    fp_route_options_init(&o);
    fp_error_init(err);
    memset(res, 0, sizeof(*res));
    if (wl->path == NULL) {
        wl->path = strdup("wl.json");
    }
    return fp_workload_solve(t, wl, &o, res, err);
}

static void solve_ok(const struct fp_topo *t, struct fp_workload *wl, struct fp_workload_result *res)
{
    struct fp_error err;
    if (solve_wl(t, wl, res, &err) != FP_OK) {
        fail_msg("workload: %s", err.msg);
    }
    assert_int_equal(res->status, FP_STATUS_OPTIMAL);
}

static void route_ok(const struct fp_topo *t, const struct fp_job *job, enum fp_collective c,
                     struct fp_route *r)
{
    struct fp_route_options o;
    struct fp_error err;
    fp_route_options_init(&o);
    o.collective = c;
    fp_error_init(&err);
    memset(r, 0, sizeof(*r));
    if (fp_route_solve(t, job, &o, r, &err) != FP_OK) {
        fail_msg("route: %s", err.msg);
    }
}

/* MODEL.md: "A single job with D = 0 is route." One job, no background: route's theta and T
 * to the last bit, for every collective (fiberplan runs route's own solve for it). On the
 * triangle that is theta = 1.5 c = 150 for the tree (three 2-edge trees at 50), and for the
 * ring (each hop and its reverse carry 2/3 theta on their own span) and direct (2/3 theta per
 * pair) alike. */
static void test_workload_solve_single_is_route(void **state)
{
    static const enum fp_collective colls[3] = {FP_COLL_TREE, FP_COLL_RING, FP_COLL_DIRECT};
    int c;
    (void)state;
    for (c = 0; c < 3; c++) {
        struct fx_net f;
        struct fp_workload wl;
        struct fp_workload_result res;
        struct fp_route r;
        fx_net_load(&f, TRIANGLE);
        memset(&wl, 0, sizeof(wl));
        add_job(&wl, &f.topo, "one", "a b c", colls[c], 2.0);
        solve_ok(&f.topo, &wl, &res);
        route_ok(&f.topo, &wl.jobs[0].job, colls[c], &r);
        assert_true(res.single);
        assert_true(res.jobs[0].route.theta_gbps == r.theta_gbps);
        assert_true(res.jobs[0].route.allreduce_s == r.allreduce_s);
        assert_true(res.jobs[0].route.latency_s == r.latency_s);
        assert_close(r.theta_gbps, 150.0, 1e-8);
        assert_close(res.lambda_gbps, 75.0, 1e-8);   /* theta = lambda w, w = 2 */
        assert_close(res.jobs[0].alone_theta_gbps, 150.0, 1e-8);
        assert_close(res.jobs[0].slowdown, 1.0, 1e-12);
        fp_result_route_release(&r);
        fp_workload_result_release(&res);
        fp_workload_release(&wl);
        fx_net_free(&f);
    }
}

/* The shared master itself on one job: a background x -> y on a dead-end branch that no site
 * pair's path enters leaves the triangle's job as it was, so the master (not route's solve)
 * must give route's theta = 150 and T: every span is full with each virtual edge on its own
 * span (any detour takes two spans), so each hop is one 100 km span: tree T_lat = 2 x depth
 * of a 2-edge tree rooted at its middle = 2 x HOP; ring 2 (k-1) x HOP = 4 x HOP; direct
 * 2 x HOP; T_bw = 16 / 150 s. */
static void test_workload_solve_one_job_in_the_master(void **state)
{
    static const enum fp_collective colls[3] = {FP_COLL_TREE, FP_COLL_RING, FP_COLL_DIRECT};
    static const double lat[3] = {2 * HOP_S, 4 * HOP_S, 2 * HOP_S};
    int c;
    (void)state;
    for (c = 0; c < 3; c++) {
        struct fx_net f;
        struct fp_workload wl;
        struct fp_workload_result res;
        struct fp_route r;
        fx_net_load(&f, TRIANGLE_BRANCH);
        memset(&wl, 0, sizeof(wl));
        add_job(&wl, &f.topo, "one", "a b c", colls[c], 1.0);
        add_background(&wl, &f.topo, "x", "y", 10.0);
        solve_ok(&f.topo, &wl, &res);
        route_ok(&f.topo, &wl.jobs[0].job, colls[c], &r);
        assert_false(res.single);
        assert_close(res.jobs[0].route.theta_gbps, r.theta_gbps, 1e-9);
        assert_close(res.jobs[0].route.allreduce_s, r.allreduce_s, 1e-9);
        assert_close(res.jobs[0].route.latency_s, r.latency_s, 1e-9);
        assert_close(res.jobs[0].route.theta_gbps, 150.0, 1e-8);
        assert_close(res.jobs[0].route.bandwidth_s, 16.0 / 150.0, 1e-8);
        assert_close(res.jobs[0].route.latency_s, lat[c], 1e-9);
        assert_close(res.background_gbps[2 * sid(&f.topo, vid(&f.topo, "x"), vid(&f.topo, "y"))] +
                     res.background_gbps[2 * sid(&f.topo, vid(&f.topo, "x"), vid(&f.topo, "y")) + 1],
                     10.0, 1e-9);
        fp_result_route_release(&r);
        fp_workload_result_release(&res);
        fp_workload_release(&wl);
        fx_net_free(&f);
    }
}

/* Two jobs on the 4-cycle a-b-c-d-a (c = 100 per direction, 100 km spans), job 1 on {a, b}
 * with weight 1, job 2 on {c, d} with weight 2; each is one tree edge, so each needs theta_j
 * from one site to the other and back. Alone, either gets 200: its own span plus the 3-span
 * way round. Shared: theta_1 = lambda, theta_2 = 2 lambda. Give the arcs a->b, b->a, c->d and
 * d->c length 1 and the other four 0: each of the four commodities then costs at least 1 on
 * either of its two paths (job 1's a->b goes round through d->c, job 2's d->c round through
 * a->b, and so on), so 2 theta_1 + 2 theta_2 = 6 lambda <= 4 x 100 and lambda <= 200/3. It is
 * reached: job 1 on its own span (66.7 each way) and job 2 on its own (100) plus 33.3 round
 * through span a-b, which they share: a-b then carries 66.7 + 33.3 = 100 each way.
 * lambda = 200/3, theta_1 = 200/3, theta_2 = 400/3; slowdowns 200 / (200/3) = 3 and 1.5.
 * T: job 1 on one 100 km span: T_lat = 2 x HOP, T_bw = 16 / (200/3) = 0.24 s; job 2's longest
 * path is the way round (300 km): T_lat = 2 (3 x 0.49 ms + 20 us), T_bw = 16 / (400/3) = 0.12.
 * The spans that set lambda are among a-b and c-d (the length argument's, whatever dual GLPK
 * takes: a dual on b-c or d-a would need them full). */
static void test_workload_solve_two_jobs_four_cycle(void **state)
{
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_result res;
    igraph_integer_t ab, cd, i;
    (void)state;
    fx_net_load(&f, CYCLE4);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "one", "a b", FP_COLL_TREE, 1.0);
    add_job(&wl, &f.topo, "two", "c d", FP_COLL_TREE, 2.0);
    solve_ok(&f.topo, &wl, &res);
    ab = sid(&f.topo, vid(&f.topo, "a"), vid(&f.topo, "b"));
    cd = sid(&f.topo, vid(&f.topo, "c"), vid(&f.topo, "d"));
    assert_close(res.lambda_gbps, 200.0 / 3.0, 1e-8);
    assert_close(res.jobs[0].route.theta_gbps, 200.0 / 3.0, 1e-8);
    assert_close(res.jobs[1].route.theta_gbps, 400.0 / 3.0, 1e-8);
    assert_close(res.jobs[0].alone_theta_gbps, 200.0, 1e-8);
    assert_close(res.jobs[1].alone_theta_gbps, 200.0, 1e-8);
    assert_close(res.jobs[0].slowdown, 3.0, 1e-8);
    assert_close(res.jobs[1].slowdown, 1.5, 1e-8);
    assert_close(res.jobs[0].route.bandwidth_s, 0.24, 1e-8);
    assert_close(res.jobs[0].route.latency_s, 2 * HOP_S, 1e-9);
    assert_close(res.jobs[1].route.bandwidth_s, 0.12, 1e-8);
    assert_close(res.jobs[1].route.latency_s, 2 * (3 * 100 * 4.9e-6 + 20e-6), 1e-9);
    assert_true(fp_workload_job_on_span(&res, 0, ab) && fp_workload_job_on_span(&res, 1, ab));
    assert_false(fp_workload_job_on_span(&res, 0, cd));
    assert_close(res.load_gbps[2 * ab], 100.0, 1e-8);
    assert_true(res.n_binding >= 1);
    for (i = 0; i < res.n_binding; i++) {
        assert_true(res.binding[i] == ab || res.binding[i] == cd);
    }
    fp_workload_result_release(&res);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* A background that saturates span a-b of the triangle (100 each way) leaves the job on
 * {a, b, c} the path a - c - b: a tree with edge {a, b} would route it over both other spans,
 * so the only tree left is {a-c, c-b}, at theta = 100 (each of its edges fills its span both
 * ways), and no job flow crosses a-b. Alone theta = 150 (the triangle), slowdown 1.5. T_lat:
 * the tree rooted at c, depth HOP: 2 x HOP; T_bw = 16 / 100. With half that background (50
 * each way) the trees T1 {a-b, b-c}, T2 {a-b, a-c}, T3 {a-c, b-c} at x1 = x2 = 25, x3 = 75 fill
 * a-b (25 + 25 + 50), b-c and a-c: theta = 125, and no more: every tree puts 2 units of each
 * direction's 300, the background 50 of them, so 2 theta + 50 <= 300. */
static void test_workload_solve_background_forces_trees(void **state)
{
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_result res;
    igraph_integer_t a, b, c, ab, e;
    const struct fp_route *r;
    (void)state;
    fx_net_load(&f, TRIANGLE);
    a = vid(&f.topo, "a"), b = vid(&f.topo, "b"), c = vid(&f.topo, "c");
    ab = sid(&f.topo, a, b);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "job", "a b c", FP_COLL_TREE, 1.0);
    add_background(&wl, &f.topo, "a", "b", 100.0);
    add_background(&wl, &f.topo, "b", "a", 100.0);
    solve_ok(&f.topo, &wl, &res);
    r = &res.jobs[0].route;
    assert_close(res.lambda_gbps, 100.0, 1e-8);
    assert_close(r->theta_gbps, 100.0, 1e-8);
    assert_close(res.jobs[0].alone_theta_gbps, 150.0, 1e-8);
    assert_close(res.jobs[0].slowdown, 1.5, 1e-8);
    assert_false(fp_workload_job_on_span(&res, 0, ab));
    assert_close(res.background_gbps[2 * ab] + res.background_gbps[2 * ab + 1], 200.0, 1e-8);
    assert_int_equal(r->n_trees, 1);
    assert_close(r->trees[0].rate_gbps, 100.0, 1e-8);
    assert_int_equal(r->trees[0].root, c);
    for (e = 0; e < r->trees[0].n_edges; e++) {
        /* every edge has c at one end: {a, c} and {c, b} */
        assert_true(r->trees[0].edges[2 * e] == c || r->trees[0].edges[2 * e + 1] == c);
    }
    assert_close(r->latency_s, 2 * HOP_S, 1e-9);
    assert_close(r->bandwidth_s, 0.16, 1e-8);
    fp_workload_result_release(&res);
    wl.background[0].gbps = wl.background[1].gbps = 50.0;
    solve_ok(&f.topo, &wl, &res);
    assert_close(res.lambda_gbps, 125.0, 1e-8);
    assert_close(res.jobs[0].route.theta_gbps, 125.0, 1e-8);
    fp_workload_result_release(&res);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* A background that cannot be carried: a -> b of 250 on the triangle, whose a -> b max flow is
 * 200 (the direct span and the way through c): at most 80 % of it fits, and no job is routed
 * (65). A background that fills the only span between a job's two sites leaves it nothing:
 * lambda = 0 (65). */
static void test_workload_solve_background_too_big(void **state)
{
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_result res;
    struct fp_error err;
    (void)state;
    fx_net_load(&f, TRIANGLE);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "job", "a b c", FP_COLL_TREE, 1.0);
    add_background(&wl, &f.topo, "a", "b", 250.0);
    assert_int_equal(solve_wl(&f.topo, &wl, &res, &err), FP_EDATA);
    assert_non_null(strstr(err.msg, "the background demand does not fit: at most 80% of it"));
    assert_string_equal(err.file, "wl.json");
    fp_workload_release(&wl);
    fx_net_free(&f);

    fx_net_load(&f, GRAPHML_HEAD SITE("a") SITE("b") SPAN("a", "b", "100") GRAPHML_TAIL);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "job", "a b", FP_COLL_TREE, 1.0);
    add_background(&wl, &f.topo, "a", "b", 100.0);
    assert_int_equal(solve_wl(&f.topo, &wl, &res, &err), FP_EDATA);
    assert_non_null(strstr(err.msg, "the jobs get no throughput"));
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* ---- the oracle: MODEL.md "Workloads" written out whole and solved by GLPK directly ---- */

/* Site pair (a, b) of the i-th spanning tree of k sites (Pruefer sequence i in base k): its
 * k - 1 edges into ends[2 (k - 1)]. */
static void pruefer_tree(igraph_integer_t k, igraph_integer_t i, igraph_integer_t *ends)
{
    igraph_integer_t seq[8], deg[8], j, a, b, n = 0;
    for (j = 0; j < k - 2; j++) {
        seq[j] = i % k;
        i /= k;
    }
    for (j = 0; j < k; j++) {
        deg[j] = 1;
    }
    for (j = 0; j < k - 2; j++) {
        deg[seq[j]]++;
    }
    for (j = 0; j < k - 2; j++) {
        for (a = 0; deg[a] != 1; a++) {
        }
        ends[n++] = a, ends[n++] = seq[j];
        deg[a]--, deg[seq[j]]--;
    }
    for (a = 0; deg[a] != 1; a++) {
    }
    for (b = a + 1; deg[b] != 1; b++) {
    }
    ends[n++] = a, ends[n++] = b;
}

struct oracle_lp {
    glp_prob *lp;
    int *ia, *ja;
    double *ar;
    int nz, cap;
};

static void onz(struct oracle_lp *o, int row, int col, double v)
{
    assert_true(o->nz + 1 < o->cap);
    o->nz++;
    o->ia[o->nz] = row, o->ja[o->nz] = col, o->ar[o->nz] = v;
}

/* The planning columns of the oracle (budget mode, MODEL.md "Planning"): per span that can grow
 * (oracle.h's oracle_plannable) add(e) in Gbit/s on both arcs' capacity rows, up to the ceiling,
 * at cost_per_gbps; a candidate's z(e) in [0, 1] at its build cost with add - cmax z <= 0; the
 * budget row (its index row_budget; build rows from row_build). */
static void oracle_plan_cols(struct oracle_lp *o, const struct fp_topo *t, int row_cap, int row_build,
                             int row_budget)
{
    igraph_integer_t e;
    for (e = 0; e < t->n_spans; e++) {
        double now = fp_topo_is_lit(t, e) ? t->capacity_gbps[e] : 0.0;
        int add, z;
        glp_set_row_bnds(o->lp, row_build + (int)e + 1, GLP_UP, 0.0, 0.0);
        if (!oracle_plannable(t, e)) {
            continue;
        }
        add = glp_add_cols(o->lp, 1);
        glp_set_col_bnds(o->lp, add, GLP_DB, 0.0, t->ceiling_gbps[e] - now);
        onz(o, row_cap + (int)(2 * e) + 1, add, -1.0);
        onz(o, row_cap + (int)(2 * e) + 2, add, -1.0);
        onz(o, row_budget, add, t->cost_per_gbps[e]);
        glp_set_obj_coef(o->lp, add, 0.0);
        if (!fp_topo_is_lit(t, e)) {
            z = glp_add_cols(o->lp, 1);
            glp_set_col_bnds(o->lp, z, GLP_DB, 0.0, 1.0);
            onz(o, row_build + (int)e + 1, add, 1.0);
            onz(o, row_build + (int)e + 1, z, -t->ceiling_gbps[e]);
            onz(o, row_budget, z, t->build_cost[e]);
        }
    }
}

/* lambda of the whole LP: lambda; per job every spanning tree of its sites (or, ring and
 * direct, its one column with MODEL.md's coefficients and the order the solver reports); per
 * commodity (each job's ordered site pairs, each background demand) an arc flow conserved at
 * every node, the value leaving its source and reaching its destination; capacity per arc (0
 * on the spans failed[e], when failed is not NULL); share(j): sum of j's columns = w_j lambda.
 * With a budget (not NAN), the planning columns too, and *cost_usd the cheapest plan at that
 * lambda. No column generation, no paths. NAN when the LP has no solution (the background does
 * not fit). */
static double oracle_lambda_of(const struct fp_topo *t, const struct fp_workload *wl,
                               const struct fp_workload_result *res, const bool *failed, double budget_usd,
                               double *cost_usd)
{
    struct oracle_lp o;
    igraph_integer_t n = t->n_nodes, m = t->n_spans, j, a, b, i, arc, r, n_comm = 0;
    igraph_integer_t comm_src[256], comm_dst[256], comm_job[256], first_comm[8];
    int col, n_cols = 1, row_cap, row_share, row_build, row_budget, comm_col[256];
    double lambda;
    glp_smcp parm;

    for (j = 0; j < wl->n_jobs; j++) {
        igraph_integer_t k = wl->jobs[j].job.n_sites;
        first_comm[j] = n_comm;
        for (a = 0; a < k; a++) {
            for (b = 0; b < k; b++) {
                if (a != b) {
                    comm_src[n_comm] = a, comm_dst[n_comm] = b, comm_job[n_comm++] = j;
                }
            }
        }
    }
    for (i = 0; i < wl->n_background; i++) {
        comm_src[n_comm] = wl->background[i].src, comm_dst[n_comm] = wl->background[i].dst;
        comm_job[n_comm++] = -1;
    }
    memset(&o, 0, sizeof(o));
    o.lp = glp_create_prob();
    o.cap = 200000;
    o.ia = calloc((size_t)o.cap, sizeof(int));
    o.ja = calloc((size_t)o.cap, sizeof(int));
    o.ar = calloc((size_t)o.cap, sizeof(double));
    /* rows: conservation (commodity, node), capacity per arc, share per job */
    row_cap = (int)(n_comm * n);
    row_share = row_cap + (int)(2 * m);
    row_build = row_share + (int)wl->n_jobs;
    row_budget = row_build + (int)m + 1;
    glp_add_rows(o.lp, row_budget);
    glp_set_row_bnds(o.lp, row_budget, isnan(budget_usd) ? GLP_FR : GLP_UP, 0.0,
                     isnan(budget_usd) ? 0.0 : budget_usd);
    for (r = 0; r < n_comm; r++) {
        for (i = 0; i < n; i++) {
            double rhs = 0.0;
            if (comm_job[r] < 0) {
                rhs = i == comm_src[r] ? wl->background[r - (n_comm - wl->n_background)].gbps
                      : i == comm_dst[r] ? -wl->background[r - (n_comm - wl->n_background)].gbps : 0.0;
            }
            glp_set_row_bnds(o.lp, (int)(r * n + i + 1), GLP_FX, rhs, rhs);
        }
    }
    for (arc = 0; arc < 2 * m; arc++) {
        double c = fp_topo_is_lit(t, arc / 2) ? t->capacity_gbps[arc / 2] : 0.0;
        glp_set_row_bnds(o.lp, row_cap + (int)arc + 1, GLP_UP, 0.0,
                         failed != NULL && failed[arc / 2] ? 0.0 : c);
    }
    for (j = 0; j < wl->n_jobs; j++) {
        glp_set_row_bnds(o.lp, row_share + (int)j + 1, GLP_FX, 0.0, 0.0);
    }
    /* column 1: lambda */
    glp_add_cols(o.lp, 1);
    glp_set_col_bnds(o.lp, 1, GLP_LO, 0.0, 0.0);
    glp_set_obj_coef(o.lp, 1, 1.0);
    for (j = 0; j < wl->n_jobs; j++) {
        onz(&o, row_share + (int)j + 1, 1, -wl->jobs[j].weight);
    }
    /* the jobs' schedule columns: y_ab leaves a's node row of commodity (a, b), reaches b's */
    for (j = 0; j < wl->n_jobs; j++) {
        const struct fp_workload_job *wj = &wl->jobs[j];
        igraph_integer_t k = wj->job.n_sites, n_trees = 1, tr, q, ends[16];
        double coef[64];
        for (i = 0; i < k - 2; i++) {
            n_trees *= k;
        }
        if (wj->collective != FP_COLL_TREE) {
            n_trees = 1;
        }
        for (tr = 0; tr < n_trees; tr++) {
            memset(coef, 0, sizeof(coef));
            if (wj->collective == FP_COLL_TREE) {
                pruefer_tree(k, tr, ends);
                for (q = 0; q < k - 1; q++) {
                    coef[ends[2 * q] * k + ends[2 * q + 1]] = coef[ends[2 * q + 1] * k + ends[2 * q]] = 1.0;
                }
            } else if (wj->collective == FP_COLL_RING) {
                const struct fp_route *rr = &res->jobs[j].route;
                igraph_integer_t idx[8];
                for (q = 0; q < k; q++) {
                    for (a = 0; a < k; a++) {
                        idx[q] = wj->job.sites[a] == rr->ring_order[q] ? a : idx[q];
                    }
                }
                for (q = 0; q < k; q++) {
                    a = idx[q], b = idx[(q + 1) % k];
                    coef[a * k + b] += (double)(k - 1) / (double)k;
                    coef[b * k + a] += (double)(k - 1) / (double)k;
                }
            } else {
                for (q = 0; q < k * k; q++) {
                    coef[q] = q / k == q % k ? 0.0 : 2.0 / (double)k;
                }
            }
            col = glp_add_cols(o.lp, 1);
            n_cols++;
            glp_set_col_bnds(o.lp, col, GLP_LO, 0.0, 0.0);
            onz(&o, row_share + (int)j + 1, col, 1.0);
            for (r = first_comm[j]; r < n_comm && comm_job[r] == j; r++) {
                double y = coef[comm_src[r] * k + comm_dst[r]];
                if (y > 0.0) {
                    onz(&o, (int)(r * n + wj->job.sites[comm_src[r]] + 1), col, -y);
                    onz(&o, (int)(r * n + wj->job.sites[comm_dst[r]] + 1), col, y);
                }
            }
        }
    }
    /* flows: out - in at each node, and the arc's capacity */
    for (r = 0; r < n_comm; r++) {
        comm_col[r] = glp_add_cols(o.lp, (int)(2 * m));
        for (arc = 0; arc < 2 * m; arc++) {
            igraph_integer_t from = t->span_from[arc / 2], to = t->span_to[arc / 2];
            col = comm_col[r] + (int)arc;
            if (arc % 2 == 1) {
                from = t->span_to[arc / 2], to = t->span_from[arc / 2];
            }
            glp_set_col_bnds(o.lp, col, GLP_LO, 0.0, 0.0);
            onz(&o, (int)(r * n + from + 1), col, 1.0);
            onz(&o, (int)(r * n + to + 1), col, -1.0);
            onz(&o, row_cap + (int)arc + 1, col, 1.0);
        }
    }
    if (!isnan(budget_usd)) {
        oracle_plan_cols(&o, t, row_cap, row_build, row_budget);
    } else {
        for (i = 0; i < m; i++) {
            glp_set_row_bnds(o.lp, row_build + (int)i + 1, GLP_FR, 0.0, 0.0);
        }
    }
    glp_load_matrix(o.lp, o.nz, o.ia, o.ja, o.ar);
    glp_set_obj_dir(o.lp, GLP_MAX);
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    assert_int_equal(glp_simplex(o.lp, &parm), 0);
    lambda = glp_get_status(o.lp) == GLP_OPT ? glp_get_obj_val(o.lp) : NAN;
    if (!isnan(budget_usd) && !isnan(lambda)) {
        /* the cheapest plan at lambda: the budget row's activity minimised */
        int c;
        glp_set_col_bnds(o.lp, 1, GLP_LO, lambda * (1 - 1e-9), 0.0);
        glp_set_obj_coef(o.lp, 1, 0.0);
        for (c = 1; c <= glp_get_num_cols(o.lp); c++) {
            int len, *ind = calloc((size_t)glp_get_num_rows(o.lp) + 1, sizeof(int));
            double *val = calloc((size_t)glp_get_num_rows(o.lp) + 1, sizeof(double)), cost = 0.0;
            len = glp_get_mat_col(o.lp, c, ind, val);
            for (i = 1; i <= len; i++) {
                cost += ind[i] == row_budget ? val[i] : 0.0;
            }
            glp_set_obj_coef(o.lp, c, cost);
            free(ind);
            free(val);
        }
        glp_set_obj_dir(o.lp, GLP_MIN);
        assert_int_equal(glp_simplex(o.lp, &parm), 0);
        assert_int_equal(glp_get_status(o.lp), GLP_OPT);
        *cost_usd = glp_get_obj_val(o.lp);
    }
    (void)n_cols;
    glp_delete_prob(o.lp);
    free(o.ia);
    free(o.ja);
    free(o.ar);
    return lambda;
}

static double oracle_lambda(const struct fp_topo *t, const struct fp_workload *wl,
                            const struct fp_workload_result *res)
{
    double lambda = oracle_lambda_of(t, wl, res, NULL, NAN, NULL);
    assert_false(isnan(lambda));
    return lambda;
}

/* The column generation against the oracle on 40 random networks (6-10 nodes, the first 5
 * sites): a tree job on 3-4 sites (weight 1), a second job on 2-3 other or overlapping sites
 * (weight 0.5-2.5; tree, ring or direct in turn) and a background between two nodes sized to
 * fit (a fifth of the smallest capacity), lambda to 1e-6; theta_j = lambda w_j; loads within
 * capacity; trees span their job's sites. */
static void test_workload_solve_oracle_40_instances(void **state)
{
    int inst;
    (void)state;
    for (inst = 0; inst < 40; inst++) {
        int n = 6 + (int)next_rand(5), k1 = 3 + (int)next_rand(2), k2 = 2 + (int)next_rand(2);
        char *text = random_network(n, 5, false);
        static const enum fp_collective colls[3] = {FP_COLL_TREE, FP_COLL_RING, FP_COLL_DIRECT};
        static const char *const second[3][2] = {{"n2 n3", "n2 n3 n4"}, {"n3 n4", "n3 n4 n1"},
                                                 {"n1 n4", "n1 n4 n0"}};
        char ids[64];
        struct fx_net f;
        struct fp_workload wl;
        struct fp_workload_result res;
        igraph_integer_t e, j, i, off = (igraph_integer_t)next_rand(3);
        double cmin = INFINITY, w2 = 0.5 + 0.5 * (double)next_rand(5);
        unsigned s1, s2;
        fx_net_load(&f, text);
        memset(&wl, 0, sizeof(wl));
        snprintf(ids, sizeof(ids), k1 == 3 ? "n0 n1 n2" : "n0 n1 n2 n3");
        add_job(&wl, &f.topo, "first", ids, FP_COLL_TREE, 1.0);
        add_job(&wl, &f.topo, "second", second[off][k2 - 2], colls[inst % 3], w2);
        for (e = 0; e < f.topo.n_spans; e++) {
            cmin = fmin(cmin, f.topo.capacity_gbps[e]);
        }
        s1 = next_rand((unsigned)n);
        s2 = (s1 + 1 + next_rand((unsigned)n - 1)) % (unsigned)n;
        snprintf(ids, sizeof(ids), "n%u", s1);
        {
            char dst[16];
            snprintf(dst, sizeof(dst), "n%u", s2);
            add_background(&wl, &f.topo, ids, dst, cmin / 5.0);
        }
        solve_ok(&f.topo, &wl, &res);
        assert_close(res.lambda_gbps, oracle_lambda(&f.topo, &wl, &res), 1e-6);
        for (j = 0; j < wl.n_jobs; j++) {
            const struct fp_route *r = &res.jobs[j].route;
            assert_close(r->theta_gbps, res.lambda_gbps * wl.jobs[j].weight, 1e-7);
            assert_true(res.jobs[j].slowdown >= 1.0 - 1e-7);
            for (i = 0; i < r->n_trees; i++) {
                assert_int_equal(r->trees[i].n_edges, wl.jobs[j].job.n_sites - 1);
            }
        }
        for (e = 0; e < f.topo.n_spans; e++) {
            double c = f.topo.capacity_gbps[e] * (1 + 1e-7) + 1e-7;
            assert_true(res.load_gbps[2 * e] <= c && res.load_gbps[2 * e + 1] <= c);
        }
        fp_workload_result_release(&res);
        fp_workload_release(&wl);
        fx_net_free(&f);
        free(text);
    }
}

/* ---- failures (solvers/wlfailures.c) ---- */

/* K4: every pair of a, b, c, d joined by a 100 Gbit/s, 100 km span */
#define K4 GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SITE("d") SPAN("a", "b", "100") \
    SPAN("a", "c", "100") SPAN("a", "d", "100") SPAN("b", "c", "100") SPAN("b", "d", "100") \
    SPAN("c", "d", "100") GRAPHML_TAIL

static void failures_ok(const struct fp_topo *t, struct fp_workload *wl, int jobs,
                        struct fp_workload_failures *f)
{
    struct fp_route_options o;
    struct fp_error err;
    fp_route_options_init(&o);
    fp_error_init(&err);
    if (wl->path == NULL) {
        wl->path = strdup("wl.json");
    }
    if (fp_wlfailures_solve(t, wl, &o, false, jobs, f, &err) != FP_OK) {
        fail_msg("failures: %s", err.msg);
    }
}

/* The scenario that fails span e. */
static const struct fp_workload_scenario *scenario_of(const struct fp_workload_failures *f, igraph_integer_t e)
{
    igraph_integer_t i;
    for (i = 0; i < f->n; i++) {
        if (f->items[i].f.n_failed == 1 && f->items[i].f.failed[0] == e) {
            return &f->items[i];
        }
    }
    fail_msg("no scenario for span %ld", (long)e);
    return NULL;
}

/* The two jobs on the 4-cycle of test_workload_solve_two_jobs_four_cycle (one on {a, b}, w 1;
 * two on {c, d}, w 2; intact lambda = 200/3), each span failed in turn (MODEL.md "Failures"):
 * - a-b: job one's pairs have only the way round a-d-c-b, and job two only its own span c-d
 *   (its way round needs a-b); arc d->c then carries one's a->b and two's d->c: theta_1 +
 *   theta_2 = 3 lambda <= 100, lambda = 100/3 (both slowed 2x). One alone gets 100 (the way
 *   round), two alone 100 (its span).
 * - c-d: the same turned round: lambda = 100/3.
 * - b-c (and d-a): neither job has a way round; each on its own span: theta_1 = lambda <= 100,
 *   theta_2 = 2 lambda <= 100: lambda = 50 (slowdown 4/3), alone 100 each.
 * T: theta_1 = 100/3 on the 300 km way round (a-b failed): T = 16 / (100/3) + 2 (3 x 0.49 ms +
 * 20 us) = 0.48298 s, its worst; two's worst is c-d failed: 16 / (200/3) + 2 (3 x 0.49 ms + 20
 * us) = 0.24298 s. Worst for lambda: a-b and c-d tie at 100/3; a-b comes first, its slowest T
 * (one's 0.48298) being the longer (c-d: one on its own span, 0.48 + 2 x HOP = 0.48102). */
static void test_wlfailures_solve_four_cycle(void **state)
{
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_failures res;
    igraph_integer_t ab, bc, cd, da, i;
    const struct fp_workload_scenario *s;
    (void)state;
    fx_net_load(&f, CYCLE4);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "one", "a b", FP_COLL_TREE, 1.0);
    add_job(&wl, &f.topo, "two", "c d", FP_COLL_TREE, 2.0);
    failures_ok(&f.topo, &wl, 1, &res);
    ab = sid(&f.topo, vid(&f.topo, "a"), vid(&f.topo, "b"));
    bc = sid(&f.topo, vid(&f.topo, "b"), vid(&f.topo, "c"));
    cd = sid(&f.topo, vid(&f.topo, "c"), vid(&f.topo, "d"));
    da = sid(&f.topo, vid(&f.topo, "d"), vid(&f.topo, "a"));
    assert_int_equal(res.n, 4);
    assert_false(res.single);
    assert_close(res.intact.lambda_gbps, 200.0 / 3.0, 1e-8);
    for (i = 0; i < 2; i++) {
        s = scenario_of(&res, i == 0 ? ab : cd);
        assert_close(s->lambda_gbps, 100.0 / 3.0, 1e-8);
        assert_close(s->jobs[0].route.theta_gbps, 100.0 / 3.0, 1e-8);
        assert_close(s->jobs[1].route.theta_gbps, 200.0 / 3.0, 1e-8);
        assert_close(s->jobs[0].slowdown, 2.0, 1e-8);
        assert_close(s->jobs[1].slowdown, 2.0, 1e-8);
        assert_close(s->jobs[0].alone_theta_gbps, 100.0, 1e-8);
        assert_close(s->jobs[1].alone_theta_gbps, 100.0, 1e-8);
        assert_close(s->f.theta_gbps, 100.0 / 3.0, 1e-8);
        assert_false(s->f.disconnected);
        assert_true(fp_workload_scenario_fits(s));
        s = scenario_of(&res, i == 0 ? bc : da);
        assert_close(s->lambda_gbps, 50.0, 1e-8);
        assert_close(s->jobs[1].route.theta_gbps, 100.0, 1e-8);
        assert_close(s->jobs[0].slowdown, 4.0 / 3.0, 1e-8);
        assert_close(s->jobs[0].alone_theta_gbps, 100.0, 1e-8);
    }
    s = scenario_of(&res, ab);
    assert_close(s->jobs[0].route.allreduce_s, 0.48 + 2 * (3 * 100 * 4.9e-6 + 20e-6), 1e-9);
    assert_close(s->f.allreduce_s, s->jobs[0].route.allreduce_s, 1e-12);
    s = scenario_of(&res, cd);
    assert_close(s->jobs[1].route.allreduce_s, 0.24 + 2 * (3 * 100 * 4.9e-6 + 20e-6), 1e-9);
    assert_close(s->jobs[0].route.allreduce_s, 0.48 + 2 * HOP_S, 1e-9);
    /* worst first: the two at 100/3, a-b first; the worst for lambda and each job's */
    assert_int_equal(res.items[0].f.failed[0], ab);
    assert_int_equal(res.items[1].f.failed[0], cd);
    assert_int_equal(res.worst_lambda, 0);
    assert_int_equal(res.items[res.worst_job[0]].f.failed[0], ab);
    assert_int_equal(res.items[res.worst_job[1]].f.failed[0], cd);
    assert_int_equal(res.n_cut + res.n_unfit + res.n_stopped, 0);
    fp_workload_failures_release(&res);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* A background that no longer fits: on K4 (100 Gbit/s spans) a background a -> b of 250 has
 * three ways (a-b, a-c-b, a-d-b: 300) and fits; a job on {c, d} (w 1) gets its span c-d and 50
 * more each way round through a and b (each detour pair crosses an arc the background fills
 * only in part: c->d by c-a-d and c-b-d has (x - 50) + (100 - x) = 50 left when the background
 * sends x through a-c-b and 150 - x through a-d-b): lambda = 150.
 * - c-d failed: the background's three ways stay (it fits), the job only the detours: lambda
 *   = 50 (slowdown 3), the worst for lambda and for the job.
 * - a-b, a-c, a-d, b-c or b-d failed: every a -> b cut has 200 left (a's or b's two other
 *   spans): the background does not fit, 200 / 250 = 80 % of it is carried, flagged, not an
 *   error; the job shares what it leaves: its span c-d and no detour (each crosses an arc the
 *   80 % fills), lambda = 100 (b-c, b-d, a-c and a-d by the same count).
 * The scenarios where it does not fit come before the one where it does. */
static void test_wlfailures_solve_background_no_longer_fits(void **state)
{
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_failures res;
    igraph_integer_t cd, i;
    const struct fp_workload_scenario *s;
    (void)state;
    fx_net_load(&f, K4);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "job", "c d", FP_COLL_TREE, 1.0);
    add_background(&wl, &f.topo, "a", "b", 250.0);
    failures_ok(&f.topo, &wl, 1, &res);
    cd = sid(&f.topo, vid(&f.topo, "c"), vid(&f.topo, "d"));
    assert_close(res.intact.lambda_gbps, 150.0, 1e-8);
    assert_int_equal(res.n, 6);
    assert_int_equal(res.n_unfit, 5);
    for (i = 0; i < 5; i++) {
        s = &res.items[i];
        assert_true(s->f.failed[0] != cd);
        assert_false(fp_workload_scenario_fits(s));
        assert_int_equal(s->n_background_cut, 0);
        assert_close(s->background_share, 0.8, 1e-8);
        assert_true(s->n_saturated >= 1);
        assert_close(s->lambda_gbps, 100.0, 1e-8);
        assert_close(s->jobs[0].slowdown, 1.5, 1e-8);
    }
    s = &res.items[5];
    assert_int_equal(s->f.failed[0], cd);
    assert_true(fp_workload_scenario_fits(s));
    assert_close(s->lambda_gbps, 50.0, 1e-8);
    assert_close(s->jobs[0].slowdown, 3.0, 1e-8);
    assert_int_equal(res.worst_lambda, 5);
    assert_int_equal(res.worst_job[0], 5);
    fp_workload_failures_release(&res);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* One job and no background is `failures` of that job (MODEL.md "Workloads": a single job with
 * D = 0 is route): every scenario's theta and T to the bit, in its order, lambda = theta / w;
 * and each scenario keeps its schedule. On the 4-cycle with its four sites a failed span
 * leaves a path, the one tree left: each of its edges on its own span both ways, theta = 100. */
static void test_wlfailures_solve_one_job_is_failures(void **state)
{
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_failures res;
    struct fp_failures one;
    struct fp_route_options o;
    struct fp_error err;
    igraph_integer_t i;
    (void)state;
    fx_net_load(&f, CYCLE4);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "all", "a b c d", FP_COLL_TREE, 2.0);
    failures_ok(&f.topo, &wl, 2, &res);
    fp_route_options_init(&o);
    fp_error_init(&err);
    assert_int_equal(fp_failures_solve(&f.topo, &wl.jobs[0].job, &o, false, 1, &one, &err), FP_OK);
    assert_true(res.single);
    assert_int_equal(res.n, one.n);
    for (i = 0; i < one.n; i++) {
        const struct fp_workload_scenario *s = &res.items[i];
        assert_string_equal(s->f.label, one.items[i].label);
        assert_true(s->jobs[0].route.theta_gbps == one.items[i].theta_gbps);
        assert_true(s->jobs[0].route.allreduce_s == one.items[i].allreduce_s);
        assert_true(s->lambda_gbps == one.items[i].theta_gbps / 2.0);
        assert_true(s->jobs[0].route.n_trees > 0 && s->jobs[0].route.n_paths > 0);
        /* the path left: theta = 100 (each tree edge on its own span, both ways) */
        assert_close(one.items[i].theta_gbps, 100.0, 1e-8);
    }
    assert_true(res.intact.jobs[0].route.allreduce_s == one.intact_allreduce_s);
    fp_result_failures_release(&one);
    fp_workload_failures_release(&res);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* Every scenario against the oracle on 12 random networks (MODEL.md "Failures": the spans
 * removed, the LP of "Workloads" whole): where every job runs and no background demand is cut
 * apart, lambda to 1e-6 (the oracle's LP with the failed spans at capacity 0), or, when the
 * background does not fit, the oracle has no solution either; --jobs 2 gives the same. */
static void test_wlfailures_solve_oracle_12_instances(void **state)
{
    int inst, checked = 0, unfit = 0;
    (void)state;
    for (inst = 0; inst < 12; inst++) {
        char *text = random_network(6 + (int)next_rand(3), 5, false);
        struct fx_net f;
        struct fp_workload wl;
        struct fp_workload_failures res, two;
        igraph_integer_t i, e, k;
        double cmin = INFINITY;
        fx_net_load(&f, text);
        memset(&wl, 0, sizeof(wl));
        add_job(&wl, &f.topo, "first", "n0 n1 n2", FP_COLL_TREE, 1.0);
        add_job(&wl, &f.topo, "second", inst % 2 == 0 ? "n3 n4" : "n2 n3 n4",
                inst % 3 == 0 ? FP_COLL_DIRECT : FP_COLL_TREE, 0.5 + 0.5 * (double)next_rand(4));
        for (e = 0; e < f.topo.n_spans; e++) {
            cmin = fmin(cmin, f.topo.capacity_gbps[e]);
        }
        add_background(&wl, &f.topo, "n1", "n4", cmin * (inst % 4 == 0 ? 2.5 : 0.3));
        failures_ok(&f.topo, &wl, 1, &res);
        failures_ok(&f.topo, &wl, 2, &two);
        for (i = 0; i < res.n; i++) {
            const struct fp_workload_scenario *s = &res.items[i];
            bool *failed = calloc((size_t)f.topo.n_spans + 1, sizeof(bool));
            double lambda;
            assert_string_equal(s->f.label, two.items[i].f.label);
            assert_true(s->lambda_gbps == two.items[i].lambda_gbps);
            if (s->f.disconnected || s->n_background_cut > 0) {
                free(failed);
                continue;
            }
            for (k = 0; k < s->f.n_failed; k++) {
                failed[s->f.failed[k]] = true;
            }
            lambda = oracle_lambda_of(&f.topo, &wl, &res.intact, failed, NAN, NULL);
            if (fp_workload_scenario_fits(s)) {
                assert_close(s->lambda_gbps, lambda, 1e-6);
                checked++;
            } else {
                assert_true(isnan(lambda));
                unfit++;
            }
            free(failed);
        }
        fp_workload_failures_release(&two);
        fp_workload_failures_release(&res);
        fp_workload_release(&wl);
        fx_net_free(&f);
        free(text);
    }
    assert_true(checked >= 30 && unfit >= 1);
}

/* ---- sweep (solvers/wlsweep.c, wlplan.c) ---- */

/* the 4-cycle with a ceiling of 1,000 Gbit/s and 10,000 USD per added Gbit/s on every span */
#define PSPAN(s, t) "<edge source=\"" s "\" target=\"" t "\"><data key=\"len\">100</data>" \
    "<data key=\"cap\">100</data><data key=\"max\">1000</data><data key=\"kappa\">10000</data></edge>\n"
#define CYCLE4_PLAN GRAPHML_KEYS GRAPHML_PLAN_KEYS GRAPHML_GRAPH SITE("a") SITE("b") SITE("c") \
    SITE("d") PSPAN("a", "b") PSPAN("b", "c") PSPAN("c", "d") PSPAN("d", "a") GRAPHML_TAIL

static void sweep_ok(const struct fp_topo *t, struct fp_workload *wl, const double *budgets,
                     igraph_integer_t n, struct fp_workload_sweep *s)
{
    struct fp_route_options o;
    struct fp_plan_options po;
    struct fp_error err;
    fp_route_options_init(&o);
    fp_plan_options_init(&po);
    fp_error_init(&err);
    if (wl->path == NULL) {
        wl->path = strdup("wl.json");
    }
    if (fp_wlsweep_solve(t, wl, &o, &po, budgets, n, 1, s, &err) != FP_OK) {
        fail_msg("sweep: %s", err.msg);
    }
}

/* The two jobs on the 4-cycle (one on {a, b}, w 1; two on {c, d}, w 2) with capacity to buy at
 * 10,000 USD per Gbit/s up to 1,000 (MODEL.md "Planning", budget mode maximising lambda). The
 * length argument of test_workload_solve_two_jobs_four_cycle with the spans a-b and c-d grown by
 * D_ab and D_cd: 6 lambda <= 400 + 2 (D_ab + D_cd), and growing b-c or d-a adds nothing to it;
 * with B / 10,000 Gbit/s to spend, lambda = (400 + 2 B / 10,000) / 6, reached while the ceiling
 * allows (job two on c-d and the way round, which b-c and d-a carry): $0: 200/3; $500,000 (50
 * Gbit/s): 250/3; $1,000,000: 100. At the ceilings, 6 lambda <= 4 x 1,000: lambda = 2000/3, job
 * two's 4000/3 being 1,000 on c-d and 1000/3 round (a-b then carries 2000/3 + 1000/3), so b-c
 * and d-a need 1000/3: the cheapest plan buys 900 + 900 + 233.3 + 233.3 Gbit/s, $22,666,667 of
 * a $1e9 budget (the cost phase: no money that buys nothing). The knee is $1,000,000. */
static void test_wlsweep_solve_four_cycle(void **state)
{
    static const double budgets[4] = {1e9, 0, 1e6, 5e5};
    static const double lambda[4] = {200.0 / 3, 250.0 / 3, 100.0, 2000.0 / 3};
    static const double cost[4] = {0, 5e5, 1e6, 6800.0 / 3 * 1e4};   /* 2,266.7 Gbit/s at the top */
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_sweep res;
    igraph_integer_t i;
    (void)state;
    fx_net_load(&f, CYCLE4_PLAN);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "one", "a b", FP_COLL_TREE, 1.0);
    add_job(&wl, &f.topo, "two", "c d", FP_COLL_TREE, 2.0);
    sweep_ok(&f.topo, &wl, budgets, 4, &res);
    assert_int_equal(res.n, 4);
    assert_close(res.today.lambda_gbps, 200.0 / 3, 1e-8);
    for (i = 0; i < 4; i++) {
        const struct fp_workload_sweep_point *p = &res.points[i];
        assert_close(p->p.theta_gbps, lambda[i], 1e-7);
        assert_close(p->p.plan.cost_usd, cost[i], 1e-7);
        assert_close(p->jobs[0].theta_gbps, lambda[i], 1e-7);
        assert_close(p->jobs[1].theta_gbps, 2 * lambda[i], 1e-7);
        assert_close(p->p.plan.theta_before_gbps, 200.0 / 3, 1e-8);
        assert_false(p->p.carried);
    }
    assert_close(res.points[3].p.plan.budget_usd, 1e9, 1e-15);
    assert_int_equal(res.knee, 2);
    fp_workload_sweep_release(&res);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* One job and no background is `sweep` of that job: every point's theta, T, cost and the knee
 * to the bit, lambda = theta / w. */
static void test_wlsweep_solve_one_job_is_sweep(void **state)
{
    static const double budgets[4] = {0, 2e5, 1e6, 1e8};
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_sweep res;
    struct fp_sweep one;
    struct fp_route_options o;
    struct fp_plan_options po;
    struct fp_error err;
    igraph_integer_t i;
    (void)state;
    fx_net_load(&f, CYCLE4_PLAN);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "all", "a b c d", FP_COLL_TREE, 2.0);
    sweep_ok(&f.topo, &wl, budgets, 4, &res);
    fp_route_options_init(&o);
    fp_plan_options_init(&po);
    fp_error_init(&err);
    assert_int_equal(fp_sweep_solve(&f.topo, &wl.jobs[0].job, &o, &po, budgets, 4, 1, &one, &err), FP_OK);
    assert_true(res.single);
    assert_int_equal(res.knee, one.knee);
    for (i = 0; i < 4; i++) {
        assert_true(res.points[i].jobs[0].theta_gbps == one.points[i].theta_gbps);
        assert_true(res.points[i].jobs[0].allreduce_s == one.points[i].allreduce_s);
        assert_true(res.points[i].p.plan.cost_usd == one.points[i].plan.cost_usd);
        assert_true(res.points[i].p.theta_gbps == one.points[i].theta_gbps / 2.0);
    }
    fp_result_sweep_release(&one);
    fp_workload_sweep_release(&res);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* Every point against the oracle on 10 random networks with prices, ceilings and candidates
 * (oracle.h's rules): two jobs (a tree, and a tree or direct job) and a background; at budgets
 * 0, 500 and 5,000 USD lambda to 1e-6 and the cheapest plan's cost to 1e-6 (the oracle's second
 * LP: its cost at lambda held). */
static void test_wlsweep_solve_oracle_10_instances(void **state)
{
    static const double budgets[3] = {0, 500, 5000};
    int inst;
    (void)state;
    for (inst = 0; inst < 10; inst++) {
        char *text = random_network(6 + (int)next_rand(3), 5, true);
        struct fx_net f;
        struct fp_workload wl;
        struct fp_workload_sweep res;
        igraph_integer_t i, e;
        double cmin = INFINITY;
        fx_net_load(&f, text);
        memset(&wl, 0, sizeof(wl));
        add_job(&wl, &f.topo, "first", "n0 n1 n2", FP_COLL_TREE, 1.0);
        add_job(&wl, &f.topo, "second", "n3 n4", inst % 2 == 0 ? FP_COLL_DIRECT : FP_COLL_TREE, 0.5);
        for (e = 0; e < f.topo.n_spans; e++) {
            cmin = fp_topo_is_lit(&f.topo, e) ? fmin(cmin, f.topo.capacity_gbps[e]) : cmin;
        }
        add_background(&wl, &f.topo, "n1", "n4", cmin / 4.0);
        sweep_ok(&f.topo, &wl, budgets, 3, &res);
        for (i = 0; i < 3; i++) {
            double cost = 0.0, lambda = oracle_lambda_of(&f.topo, &wl, &res.today, NULL, budgets[i], &cost);
            assert_close(res.points[i].p.theta_gbps, lambda, 1e-6);
            assert_true(fabs(res.points[i].p.plan.cost_usd - cost) <= 1e-6 * (1.0 + cost));
            assert_true(res.points[i].p.plan.cost_usd <= budgets[i] * (1 + 1e-9) + 1e-9);
        }
        fp_workload_sweep_release(&res);
        fp_workload_release(&wl);
        fx_net_free(&f);
        free(text);
    }
}

/* ---- plan --workload (solvers/wlplansolve.c) ---- */

/* A dumbbell: sites a and b on transit node x, c and d on y, every span 100 km, 100 Gbit/s
 * today, ceiling 1,000, 10,000 USD per added Gbit/s. Job one on {a, c} (w 1), job two on {b, d}
 * (w 2): each path is unique, and both jobs share x-y. */
#define DSPAN(s, t) PSPAN(s, t)
#define DUMBBELL GRAPHML_KEYS GRAPHML_PLAN_KEYS GRAPHML_GRAPH SITE("a") SITE("b") SITE("c") SITE("d") \
    "<node id=\"x\"/><node id=\"y\"/>\n" DSPAN("a", "x") DSPAN("b", "x") DSPAN("x", "y") \
    DSPAN("y", "c") DSPAN("y", "d") GRAPHML_TAIL
/* MODEL.md "Time" on the dumbbell: a 2-site tree's one virtual hop is a 3-span path, 1.47 ms;
 * T_lat = 2 x (1.47 ms + 20 us) = 2.98 ms, which is also the floor (fp_plan_latency_floor) */
#define DUMBBELL_LAT_S (2 * (3 * 100 * 4.9e-6 + 20e-6))

static bool plan_modular;   /* plan_wl(): whole modules */

static int plan_wl(const struct fp_topo *t, struct fp_workload *wl, double budget_usd, double target_s,
                   struct fp_workload_plan *p, struct fp_error *err)
{
    struct fp_route_options o;
    struct fp_plan_options po;
    fp_route_options_init(&o);
    fp_plan_options_init(&po);
    po.budget_usd = budget_usd;
    po.target_time_s = target_s;
    po.modular = plan_modular;
    fp_error_init(err);
    memset(p, 0, sizeof(*p));
    if (wl->path == NULL) {
        wl->path = strdup("wl.json");
    }
    return fp_workload_plan_solve(t, wl, &o, &po, p, err);
}

static void plan_wl_ok(const struct fp_topo *t, struct fp_workload *wl, double budget_usd, double target_s,
                       struct fp_workload_plan *p)
{
    struct fp_error err;
    if (plan_wl(t, wl, budget_usd, target_s, p, &err) != FP_OK) {
        fail_msg("plan --workload: %s", err.msg);
    }
    assert_int_equal(p->res.status, FP_STATUS_OPTIMAL);
}

static void dumbbell_jobs(struct fx_net *f, struct fp_workload *wl, const char *text)
{
    fx_net_load(f, text);
    memset(wl, 0, sizeof(*wl));
    add_job(wl, &f->topo, "one", "a c", FP_COLL_TREE, 1.0);
    add_job(wl, &f->topo, "two", "b d", FP_COLL_TREE, 2.0);
}

/* Each point of sweep --workload is what plan --workload --budget B reports for its budget: the
 * same plan, its planned network routed afresh (fp_wlplan_budget in both), so lambda, the cost
 * and every job's theta_j and T_j are plan's to the bit (the two jobs on the 4-cycle of
 * test_wlsweep_solve_four_cycle, today's network at $0). */
static void test_wlsweep_solve_is_plan(void **state)
{
    static const double budgets[4] = {0, 5e5, 1e6, 1e9};
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_sweep res;
    igraph_integer_t i, j;
    (void)state;
    fx_net_load(&f, CYCLE4_PLAN);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "one", "a b", FP_COLL_TREE, 1.0);
    add_job(&wl, &f.topo, "two", "c d", FP_COLL_TREE, 2.0);
    sweep_ok(&f.topo, &wl, budgets, 4, &res);
    for (i = 0; i < 4; i++) {
        const struct fp_workload_sweep_point *pt = &res.points[i];
        struct fp_workload_plan p;
        plan_wl_ok(&f.topo, &wl, budgets[i], NAN, &p);
        assert_true(pt->routed_afresh && p.routed_afresh);
        assert_true(pt->p.theta_gbps == p.res.lambda_gbps);
        assert_true(pt->p.plan.cost_usd == p.plan.cost_usd);
        for (j = 0; j < wl.n_jobs; j++) {
            assert_true(pt->jobs[j].theta_gbps == p.res.jobs[j].route.theta_gbps);
            assert_true(pt->jobs[j].allreduce_s == p.res.jobs[j].route.allreduce_s);
            assert_true(pt->jobs[j].alone_theta_gbps == p.res.jobs[j].alone_theta_gbps);
        }
        fp_workload_plan_release(&p);
    }
    fp_workload_sweep_release(&res);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* MODEL.md "Planning", budget mode, on the dumbbell: theta_1 = lambda crosses a-x, x-y, y-c and
 * theta_2 = 2 lambda b-x, x-y, y-d, each both ways, so x-y needs 3 lambda, b-x and y-d 2 lambda,
 * a-x and y-c lambda. Today lambda = 100/3 (x-y). Each further unit of lambda costs 3 Gbit/s
 * (x-y) up to lambda = 50, 3 + 2 + 2 = 7 up to 100 (b-x and y-d full), then 9: $500,000 buys
 * 50/3 on x-y, lambda = 50; $1,000,000 buys 500,000 / 70,000 more: lambda = 50 + 50/7. */
static void test_workload_plan_solve_budget_dumbbell(void **state)
{
    static const double budgets[3] = {0, 5e5, 1e6};
    static const double lambda[3] = {100.0 / 3, 50.0, 50.0 + 50.0 / 7};
    struct fx_net f;
    struct fp_workload wl;
    int i;
    (void)state;
    dumbbell_jobs(&f, &wl, DUMBBELL);
    for (i = 0; i < 3; i++) {
        struct fp_workload_plan p;
        igraph_integer_t xy = sid(&f.topo, vid(&f.topo, "x"), vid(&f.topo, "y"));
        plan_wl_ok(&f.topo, &wl, budgets[i], NAN, &p);
        assert_close(p.res.lambda_gbps, lambda[i], 1e-8);
        assert_close(p.res.jobs[0].route.theta_gbps, lambda[i], 1e-8);
        assert_close(p.res.jobs[1].route.theta_gbps, 2 * lambda[i], 1e-8);
        assert_close(p.res.jobs[0].route.latency_s, DUMBBELL_LAT_S, 1e-9);
        assert_close(p.plan.cost_usd, budgets[i], 1e-8);
        assert_close(p.plan.planned_gbps[xy], 3 * lambda[i], 1e-8);
        assert_close(p.plan.theta_before_gbps, 100.0 / 3, 1e-8);
        assert_close(p.before[1].theta_gbps, 200.0 / 3, 1e-8);
        assert_false(p.nothing || p.single);
        assert_true(p.met);
        fp_workload_plan_release(&p);
    }
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* Target mode on the dumbbell (MODEL.md "Planning", min cost, per job): S_j = 2e9 B, T_lat
 * 2.98 ms for both (the floor: one round). T <= 0.1 s for both: theta_req = 16 / (0.1 -
 * 0.00298) = 164.915 Gbit/s each; by weight lambda = max(164.915 / 1, 164.915 / 2) = 164.915
 * (job two gets twice that). The spans then hold 3 lambda, 2 lambda twice and lambda twice: the
 * cheapest plan buys 9 lambda - 500 Gbit/s, $10,000 each. Job two's own target of 0.05 s:
 * theta_req = 16 / (0.05 - 0.00298) = 340.28, lambda = 170.14: job two sets it. */
static void test_workload_plan_solve_target_dumbbell(void **state)
{
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_plan p;
    double lambda = 16.0 / (0.1 - DUMBBELL_LAT_S), lambda2 = 16.0 / (0.05 - DUMBBELL_LAT_S) / 2.0;
    (void)state;
    dumbbell_jobs(&f, &wl, DUMBBELL);
    plan_wl_ok(&f.topo, &wl, NAN, 0.1, &p);
    assert_int_equal(p.rounds, 1);
    assert_true(p.met);
    assert_close(p.lambda_required_gbps, lambda, 1e-9);
    assert_close(p.res.lambda_gbps, lambda, 1e-7);
    assert_close(p.plan.cost_usd, (9 * lambda - 500) * 1e4, 1e-7);
    assert_close(p.res.jobs[0].route.allreduce_s, 0.1, 1e-7);
    assert_true(p.res.jobs[1].route.allreduce_s < 0.06);
    fp_workload_plan_release(&p);
    wl.jobs[1].target_time_s = 0.05;
    plan_wl_ok(&f.topo, &wl, NAN, 0.1, &p);
    assert_close(p.lambda_required_gbps, lambda2, 1e-9);
    assert_close(p.plan.cost_usd, (9 * lambda2 - 500) * 1e4, 1e-7);
    assert_close(p.res.jobs[1].route.allreduce_s, 0.05, 1e-7);
    assert_close(p.target_s[0], 0.1, 0);
    assert_close(p.target_s[1], 0.05, 0);
    fp_workload_plan_release(&p);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* Out of reach: x-y's ceiling of 1,000 allows lambda 1000/3 at most; T <= 0.03 s for job one
 * needs 16 / 0.02702 = 592.154 (65, naming it); T <= 2 ms is below the 2.98 ms floor. */
static void test_workload_plan_solve_target_out_of_reach(void **state)
{
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_plan p;
    struct fp_error err;
    (void)state;
    dumbbell_jobs(&f, &wl, DUMBBELL);
    assert_int_equal(plan_wl(&f.topo, &wl, NAN, 0.03, &p, &err), FP_EDATA);
    assert_string_equal(err.msg, "no plan within the ceilings meets every target: job 'one' needs "
                        "theta 592.154 Gbit/s for T <= 0.03 s, and at its weight the spans allow it at "
                        "most 333.333");
    assert_int_equal(plan_wl(&f.topo, &wl, NAN, 0.002, &p, &err), FP_EDATA);
    assert_string_equal(err.msg, "job 'one': no plan reaches T <= 0.002 s: its latency alone is at least "
                        "0.00298 s");
    assert_int_equal(plan_wl(&f.topo, &wl, NAN, NAN, &p, &err), FP_EUSAGE);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* One tree job and no background is `plan` of that job, to the bit, budget and target. */
static void test_workload_plan_solve_one_job_is_plan(void **state)
{
    static const double budget[2] = {3e5, NAN}, target[2] = {NAN, 0.05};
    struct fx_net f;
    struct fp_workload wl;
    int i;
    (void)state;
    fx_net_load(&f, CYCLE4_PLAN);
    memset(&wl, 0, sizeof(wl));
    add_job(&wl, &f.topo, "all", "a b c d", FP_COLL_TREE, 2.0);
    for (i = 0; i < 2; i++) {
        struct fp_workload_plan p;
        struct fp_route_options o;
        struct fp_plan_options po;
        struct fp_route r;
        struct fp_plan one;
        struct fp_error err;
        igraph_integer_t e;
        plan_wl_ok(&f.topo, &wl, budget[i], target[i], &p);
        fp_route_options_init(&o);
        fp_plan_options_init(&po);
        po.budget_usd = budget[i];
        po.target_time_s = target[i];
        fp_error_init(&err);
        assert_int_equal(fp_plan_solve(&f.topo, &wl.jobs[0].job, &o, &po, &r, &one, &err), FP_OK);
        assert_true(p.single);
        assert_true(p.res.jobs[0].route.theta_gbps == r.theta_gbps);
        assert_true(p.res.jobs[0].route.allreduce_s == r.allreduce_s);
        assert_true(p.res.lambda_gbps == r.theta_gbps / 2.0);
        assert_true(p.plan.cost_usd == one.cost_usd);
        for (e = 0; e < f.topo.n_spans; e++) {
            assert_true(p.plan.planned_gbps[e] == one.planned_gbps[e]);
        }
        fp_result_route_release(&r);
        fp_result_plan_release(&one);
        fp_workload_plan_release(&p);
    }
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* Several jobs: --survive with --write-lp, and --assume-latency with a budget, are refused (64);
 * a stop request before anything is solved keeps today's network (MODEL.md "Anytime planning":
 * spend 0 is a plan), never less. */
static void test_workload_plan_solve_refusals_and_stop(void **state)
{
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_plan p;
    struct fp_route_options o;
    struct fp_plan_options po;
    struct fp_error err;
    volatile sig_atomic_t stop = 1;
    (void)state;
    dumbbell_jobs(&f, &wl, DUMBBELL);
    wl.path = strdup("wl.json");
    fp_route_options_init(&o);
    fp_plan_options_init(&po);
    po.budget_usd = 1e6;
    po.survive = FP_SURVIVE_SPAN;
    o.write_lp = "survive.lp";
    fp_error_init(&err);
    assert_int_equal(fp_workload_plan_solve(&f.topo, &wl, &o, &po, &p, &err), FP_EUSAGE);
    o.write_lp = NULL;
    po.survive = FP_SURVIVE_NONE;
    po.fixed_latency = true;
    fp_error_init(&err);
    assert_int_equal(fp_workload_plan_solve(&f.topo, &wl, &o, &po, &p, &err), FP_EUSAGE);
    po.fixed_latency = false;
    o.stop = &stop;
    fp_error_init(&err);
    if (fp_workload_plan_solve(&f.topo, &wl, &o, &po, &p, &err) == FP_OK) {
        assert_true(p.res.lambda_gbps >= p.plan.theta_before_gbps * (1 - 1e-9));
        assert_true(p.plan.cost_usd <= 1e6 * (1 + 1e-9));
        fp_workload_plan_release(&p);
    }
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* the dumbbell in modules of 40 Gbit/s at 400,000 USD (the same 10,000 USD per Gbit/s) */
#define MSPAN(s, t) "<edge source=\"" s "\" target=\"" t "\"><data key=\"len\">100</data>" \
    "<data key=\"cap\">100</data><data key=\"max\">1000</data><data key=\"kappa\">10000</data>" \
    "<data key=\"mg\">40</data><data key=\"mc\">400000</data></edge>\n"
#define DUMBBELL_MOD GRAPHML_KEYS GRAPHML_PLAN_KEYS GRAPHML_GRAPH SITE("a") SITE("b") SITE("c") \
    SITE("d") "<node id=\"x\"/><node id=\"y\"/>\n" MSPAN("a", "x") MSPAN("b", "x") MSPAN("x", "y") \
    MSPAN("y", "c") MSPAN("y", "d") GRAPHML_TAIL

/* Whole modules on the dumbbell (MODEL.md "Planning", modular), by hand. Budget $1,000,000: the
 * LP relaxation's lambda = 50 + 50/7 = 57.14 buys x-y 71.43 Gbit/s (1.79 modules), b-x and y-d
 * 14.29 (0.36); rounded down x-y 1 ($400,000), the repair buys x-y's second ($800,000; b-x's
 * would pass the budget): x-y 180, b-x 100: lambda = min(180 / 3, 100 / 2) = 50 (no whole plan
 * within $1M does better: x-y 2, b-x 1, y-d 1 costs $1.2M), gap (57.14 - 50) / 57.14 = 1/8.
 * Target 0.1 s: the LP's 9 lambda - 500 Gbit/s at lambda 164.915 rounds up to x-y 10 modules,
 * b-x and y-d 6, a-x and y-c 2: 26 x $400,000; lambda = min(500 / 3, 340 / 2, 180) = 166.67,
 * T_1 = 16 / 166.67 + 2.98 ms = 0.0990 s. */
static void test_workload_plan_solve_modular_dumbbell(void **state)
{
    struct fx_net f;
    struct fp_workload wl;
    struct fp_workload_plan p;
    igraph_integer_t xy;
    (void)state;
    dumbbell_jobs(&f, &wl, DUMBBELL_MOD);
    xy = sid(&f.topo, vid(&f.topo, "x"), vid(&f.topo, "y"));
    plan_modular = true;
    plan_wl_ok(&f.topo, &wl, 1e6, NAN, &p);
    assert_close(p.res.lambda_gbps, 50.0, 1e-8);
    assert_close(p.plan.cost_usd, 8e5, 1e-12);
    assert_close(p.plan.modules[xy], 2.0, 0);
    assert_close(p.plan.lp_bound_gbps, 50.0 + 50.0 / 7, 1e-8);
    assert_close(p.plan.gap, 0.125, 1e-8);
    assert_true(p.plan.modular);
    fp_workload_plan_release(&p);
    plan_wl_ok(&f.topo, &wl, NAN, 0.1, &p);
    plan_modular = false;
    assert_close(p.plan.cost_usd, 26 * 4e5, 1e-12);
    assert_close(p.plan.modules[xy], 10.0, 0);
    assert_close(p.res.lambda_gbps, 500.0 / 3, 1e-8);
    assert_close(p.res.jobs[0].route.allreduce_s, 16.0 / (500.0 / 3) + DUMBBELL_LAT_S, 1e-8);
    assert_true(p.met);
    fp_workload_plan_release(&p);
    fp_workload_release(&wl);
    fx_net_free(&f);
}

/* ---- the reader ---- */

#define TOPO_TEXT CYCLE4

static int read_text(const char *json, struct fp_workload *wl, struct fp_error *err)
{
    struct fp_topo topo;
    char path[64];
    int rc;
    assert_int_equal(load_text(TOPO_TEXT, NULL, &topo, err), FP_OK);
    snprintf(path, sizeof(path), "%s", write_temp(json));
    fp_error_init(err);
    memset(wl, 0, sizeof(*wl));
    rc = fp_workload_read(path, &topo, wl, err);
    unlink(path);
    fp_topo_release(&topo);
    return rc;
}

/* A workload with every key: the values, and the defaults (grad_bytes 2, weight 1, tree). */
static void test_workload_read_good(void **state)
{
    struct fp_workload wl;
    struct fp_error err;
    (void)state;
    assert_int_equal(read_text("{\"schema\": \"fiberplan.workload/1\", \"jobs\": ["
                               "{\"name\": \"p\", \"sites\": [\"a\", \"b\", \"c\"], \"params\": 1e12,"
                               " \"grad_bytes\": 4, \"collective\": \"ring\", \"weight\": 0.5,"
                               " \"compute_time_s\": 30},"
                               "{\"name\": \"q\", \"sites\": [\"c\", \"d\"], \"params\": 2e9}],"
                               " \"background\": [{\"src\": \"a\", \"dst\": \"c\", \"gbps\": 12.5}]}",
                               &wl, &err), FP_OK);
    assert_int_equal(wl.n_jobs, 2);
    assert_string_equal(wl.jobs[0].name, "p");
    assert_int_equal(wl.jobs[0].job.n_sites, 3);
    assert_close(wl.jobs[0].job.gradient_bytes, 4e12, 1e-15);
    assert_int_equal(wl.jobs[0].collective, FP_COLL_RING);
    assert_close(wl.jobs[0].weight, 0.5, 1e-15);
    assert_close(wl.jobs[0].job.compute_time, 30.0, 1e-15);
    assert_close(wl.jobs[1].job.grad_bytes, 2.0, 1e-15);
    assert_close(wl.jobs[1].weight, 1.0, 1e-15);
    assert_int_equal(wl.jobs[1].collective, FP_COLL_TREE);
    assert_true(isnan(wl.jobs[1].job.compute_time));
    assert_int_equal(wl.n_background, 1);
    assert_close(wl.background[0].gbps, 12.5, 1e-15);
    assert_null(wl.background_file);
    fp_workload_release(&wl);
}

/* Each defect alone: the code and the message (with the line, for malformed JSON). */
static void test_workload_read_errors(void **state)
{
    static const struct {
        const char *json, *msg;
        long line;
    } cases[] = {
        {"{\"schema\": \"fiberplan.workload/1\",\n \"jobs\": [}", "not valid JSON", 2},
        {"[]", "a workload file is a JSON object", 1},
        {"{\"jobs\": []}", "\"schema\" must be \"fiberplan.workload/1\"", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": []}", "\"jobs\" must be a non-empty array", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\", \"b\"],"
         " \"params\": 1e9}, {\"name\": \"p\", \"sites\": [\"c\", \"d\"], \"params\": 1e9}]}",
         "job name 'p' is given twice", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\", \"zz\"],"
         " \"params\": 1e9}]}", "job 'p': site 'zz' is not a node id or label", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\", \"b\"],"
         " \"params\": 1e9, \"weight\": 0}]}", "job 'p': \"weight\" must be > 0, got 0", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\", \"b\"],"
         " \"params\": 1e9, \"weight\": -1}]}", "job 'p': \"weight\" must be > 0, got -1", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\"],"
         " \"params\": 1e9}]}", "job 'p': \"sites\" needs at least 2 node ids, got 1", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\", \"b\"]}]}",
         "job 'p': needs \"params\"", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\", \"b\"],"
         " \"params\": 1e9, \"collective\": \"mesh\"}]}", "\"collective\" must be tree, ring or direct", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\", \"b\"],"
         " \"params\": 1e9, \"gpus\": 8}]}", "job 'p': unknown key \"gpus\"", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\", \"b\"],"
         " \"params\": 1e9}], \"background\": [{\"src\": \"a\", \"dst\": \"a\", \"gbps\": 1}]}",
         "background[0]: demand from 'a' to itself", 0},
        {"{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\", \"b\"],"
         " \"params\": 1e9}], \"background\": [{\"src\": \"a\", \"dst\": \"b\", \"gbps\": 0}]}",
         "background[0]: \"gbps\" must be > 0, got 0", 0},
    };
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct fp_workload wl;
        struct fp_error err;
        assert_int_equal(read_text(cases[i].json, &wl, &err), FP_EDATA);
        if (strstr(err.msg, cases[i].msg) == NULL || err.line != cases[i].line) {
            fail_msg("case %zu: got line %ld '%s', expected line %ld '%s'", i, err.line, err.msg,
                     cases[i].line, cases[i].msg);
        }
        assert_null(wl.jobs);
    }
}

/* A background CSV is read relative to the workload file's directory; a missing one is 66. */
static void test_workload_read_background_csv(void **state)
{
    struct fp_topo topo;
    struct fp_workload wl;
    struct fp_error err;
    char dir[] = "/tmp/fiberplan-wl-XXXXXX", path[128], csv[128];
    FILE *fp;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/wl.json", dir);
    snprintf(csv, sizeof(csv), "%s/bg.csv", dir);
    fp = fopen(path, "w");
    fprintf(fp, "{\"schema\": \"fiberplan.workload/1\", \"jobs\": [{\"name\": \"p\", \"sites\": [\"a\", \"b\"],"
                " \"params\": 1e9}], \"background\": \"bg.csv\"}");
    fclose(fp);
    assert_int_equal(load_text(TOPO_TEXT, NULL, &topo, &err), FP_OK);
    memset(&wl, 0, sizeof(wl));
    fp_error_init(&err);
    assert_int_equal(fp_workload_read(path, &topo, &wl, &err), FP_ENOINPUT);
    fp = fopen(csv, "w");
    fprintf(fp, "src,dst,gbps\na,c,7\nc,a,3\n");
    fclose(fp);
    fp_error_init(&err);
    assert_int_equal(fp_workload_read(path, &topo, &wl, &err), FP_OK);
    assert_int_equal(wl.n_background, 2);
    assert_close(fp_workload_background_gbps(&wl), 10.0, 1e-15);
    assert_string_equal(wl.background_file, csv);
    fp_workload_release(&wl);
    fp_topo_release(&topo);
    unlink(csv);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_workload_read_good),
        cmocka_unit_test(test_workload_read_errors),
        cmocka_unit_test(test_workload_read_background_csv),
        cmocka_unit_test(test_workload_solve_single_is_route),
        cmocka_unit_test(test_workload_solve_one_job_in_the_master),
        cmocka_unit_test(test_workload_solve_two_jobs_four_cycle),
        cmocka_unit_test(test_workload_solve_background_forces_trees),
        cmocka_unit_test(test_workload_solve_background_too_big),
        cmocka_unit_test(test_workload_solve_oracle_40_instances),
        cmocka_unit_test(test_wlfailures_solve_four_cycle),
        cmocka_unit_test(test_wlfailures_solve_background_no_longer_fits),
        cmocka_unit_test(test_wlfailures_solve_one_job_is_failures),
        cmocka_unit_test(test_wlfailures_solve_oracle_12_instances),
        cmocka_unit_test(test_wlsweep_solve_four_cycle),
        cmocka_unit_test(test_wlsweep_solve_one_job_is_sweep),
        cmocka_unit_test(test_wlsweep_solve_oracle_10_instances),
        cmocka_unit_test(test_wlsweep_solve_is_plan),
        cmocka_unit_test(test_workload_plan_solve_budget_dumbbell),
        cmocka_unit_test(test_workload_plan_solve_target_dumbbell),
        cmocka_unit_test(test_workload_plan_solve_target_out_of_reach),
        cmocka_unit_test(test_workload_plan_solve_one_job_is_plan),
        cmocka_unit_test(test_workload_plan_solve_refusals_and_stop),
        cmocka_unit_test(test_workload_plan_solve_modular_dumbbell),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
