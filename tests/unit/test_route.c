/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: all-reduce routing LPs (solvers/route.c and the files of solvers/route_internal.h) against MODEL.md's analytic values,
 * and properties over 200 generated instances. */
#include "helpers.h"

#include "oracle.h"

#include "core/job.h"
#include "solvers/bound.h"
#include "solvers/route.h"

#define SITE(id) "<node id=\"" id "\"><data key=\"type\">datacenter</data><data key=\"gpus\">8</data></node>\n"
#define SPAN(s, t, cap) "<edge source=\"" s "\" target=\"" t "\"><data key=\"len\">100</data>" \
                        "<data key=\"cap\">" cap "</data></edge>\n"

#define TRIANGLE GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SPAN("a", "b", "100") \
    SPAN("b", "c", "100") SPAN("c", "a", "100") GRAPHML_TAIL
#define CYCLE4 GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SITE("d") SPAN("a", "b", "100") \
    SPAN("b", "c", "100") SPAN("c", "d", "100") SPAN("d", "a", "100") GRAPHML_TAIL


static double solve(struct fx_net *f, enum fp_collective c, enum fp_formulation form, struct fp_route *r)
{
    struct fp_route_options o;
    struct fp_error err;
    fp_route_options_init(&o);
    o.collective = c;
    o.formulation = form;
    fp_error_init(&err);
    memset(r, 0, sizeof(*r));
    if (fp_route_solve(&f->topo, &f->job, &o, r, &err) != FP_OK) {
        fail_msg("route: %s", err.msg);
    }
    assert_int_equal(r->status, FP_STATUS_OPTIMAL);
    return r->theta_gbps;
}

static double theta(const char *text, enum fp_collective c, enum fp_formulation form)
{
    struct fx_net f;
    struct fp_route r;
    double th;
    fx_net_load(&f, text);
    th = solve(&f, c, form, &r);
    fp_result_route_release(&r);
    fx_net_free(&f);
    return th;
}

/* Two sites, one span of c: theta = c for every collective (k = 2: the tree edge, the ring
 * hop pair and the direct pair all carry theta both ways); parallel spans add; through a
 * transit node the smaller span binds. */
static void test_route_solve_two_sites(void **state)
{
    static const char one[] = GRAPHML_HEAD SITE("a") SITE("b") SPAN("a", "b", "400") GRAPHML_TAIL;
    static const char par[] = GRAPHML_HEAD SITE("a") SITE("b") SPAN("a", "b", "300")
        SPAN("a", "b", "100") GRAPHML_TAIL;
    static const char via[] = GRAPHML_HEAD SITE("a") SITE("b") "<node id=\"x\"/>\n"
        SPAN("a", "x", "500") SPAN("x", "b", "200") GRAPHML_TAIL;
    (void)state;
    /* theta to 1e-8: the latency phase keeps theta within MODEL.md's epsilon (1e-9) */
    assert_close(theta(one, FP_COLL_TREE, FP_FORM_PATH), 400.0, 1e-8);
    assert_close(theta(one, FP_COLL_RING, FP_FORM_PATH), 400.0, 1e-8);
    assert_close(theta(one, FP_COLL_DIRECT, FP_FORM_PATH), 400.0, 1e-8);
    assert_close(theta(par, FP_COLL_TREE, FP_FORM_PATH), 400.0, 1e-8);
    assert_close(theta(via, FP_COLL_TREE, FP_FORM_PATH), 200.0, 1e-8);
    assert_close(theta(via, FP_COLL_TREE, FP_FORM_ARCFLOW), 200.0, 1e-8);
}

/* Triangle of equal c = 100: tree theta = 1.5c (three 2-edge trees at c/2). */
static void test_route_solve_triangle(void **state)
{
    (void)state;
    assert_close(theta(TRIANGLE, FP_COLL_TREE, FP_FORM_PATH), 150.0, 1e-8);
    assert_close(theta(TRIANGLE, FP_COLL_TREE, FP_FORM_ARCFLOW), 150.0, 1e-8);
}

/* 4-cycle of equal c = 100: tree theta = 4c/3 = bidirectional ring (adjacent hops carry
 * 3 theta/4 each way on their own span); direct theta = c (8 adjacent ordered pairs x theta/2
 * x 1 hop + 4 diagonal x theta/2 x 2 hops = 8 theta over 8 arcs of c). */
static void test_route_solve_four_cycle(void **state)
{
    (void)state;
    assert_close(theta(CYCLE4, FP_COLL_TREE, FP_FORM_PATH), 400.0 / 3.0, 1e-8);
    assert_close(theta(CYCLE4, FP_COLL_RING, FP_FORM_PATH), 400.0 / 3.0, 1e-8);
    assert_close(theta(CYCLE4, FP_COLL_DIRECT, FP_FORM_PATH), 100.0, 1e-8);
    assert_close(theta(CYCLE4, FP_COLL_DIRECT, FP_FORM_ARCFLOW), 100.0, 1e-8);
}

/* Star of k sites around a transit node, spans of c = 120: tree theta = k c / (2(k-1)):
 * k = 3 -> 90, k = 4 -> 80. */
static void test_route_solve_star(void **state)
{
    (void)state;
    assert_close(theta(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") "<node id=\"x\"/>\n"
                       SPAN("a", "x", "120") SPAN("b", "x", "120") SPAN("c", "x", "120")
                       GRAPHML_TAIL, FP_COLL_TREE, FP_FORM_PATH), 90.0, 1e-8);
    assert_close(theta(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SITE("d") "<node id=\"x\"/>\n"
                       SPAN("a", "x", "120") SPAN("b", "x", "120") SPAN("c", "x", "120")
                       SPAN("d", "x", "120") GRAPHML_TAIL, FP_COLL_TREE, FP_FORM_PATH), 80.0, 1e-8);
}

/* Time on two sites, one 100 km span of 400 Gbit/s, S = 2e9 B: T_bw = 16e9 / 400e9 = 0.04 s;
 * tree: one edge, root at either end, depth = 0.49 ms + 20 us, T_lat = 2 x 0.51 ms;
 * direct: 2 x (0.49 ms + 20 us), the same; marginal: theta = c, so d theta / d c = 1 and
 * dT/dc = 8 S / (theta^2 1e9) = 16e9 / (400^2 1e9) = 1e-4 s per Gbit/s. */
static void test_route_solve_time_and_marginal(void **state)
{
    struct fx_net f;
    struct fp_route r;
    (void)state;
    fx_net_load(&f, GRAPHML_HEAD SITE("a") SITE("b") SPAN("a", "b", "400") GRAPHML_TAIL);
    solve(&f, FP_COLL_TREE, FP_FORM_PATH, &r);
    assert_close(r.bandwidth_s, 0.04, 1e-8);
    assert_close(r.latency_s, 2 * (0.49e-3 + 20e-6), 1e-12);
    assert_close(r.allreduce_s, 0.04 + 2 * (0.49e-3 + 20e-6), 1e-8);
    assert_int_equal(r.n_trees, 1);
    assert_close(r.trees[0].rate_gbps, 400.0, 1e-8);
    assert_close(r.marginal_s_per_gbps[0], 1e-4, 1e-6);
    assert_close(r.load_gbps[0], 400.0, 1e-8);
    assert_close(r.load_gbps[1], 400.0, 1e-8);
    fp_result_route_release(&r);
    solve(&f, FP_COLL_RING, FP_FORM_PATH, &r);
    /* ring, k = 2: 2(k-1) = 2 steps of (0.49 ms + 20 us) */
    assert_close(r.latency_s, 2 * (0.49e-3 + 20e-6), 1e-12);
    assert_int_equal(r.n_ring, 2);
    fp_result_route_release(&r);
    fx_net_free(&f);
}

/* Demands: a->b 50 and b->a 30 on one span of 100: lambda = 100 / 50 = 2. */
static void test_route_solve_demands(void **state)
{
    struct fx_net f;
    struct fp_route r;
    struct fp_route_options o;
    struct fp_demand d[2];
    struct fp_error err;
    (void)state;
    fx_net_load(&f, GRAPHML_HEAD SITE("a") SITE("b") SPAN("a", "b", "100") GRAPHML_TAIL);
    memset(d, 0, sizeof(d));
    d[0].src = 0;
    d[0].dst = 1;
    d[0].gbps = 50;
    d[1].src = 1;
    d[1].dst = 0;
    d[1].gbps = 30;
    fp_route_options_init(&o);
    o.collective = FP_COLL_DEMANDS;
    o.demands = d;
    o.n_demands = 2;
    fp_error_init(&err);
    memset(&r, 0, sizeof(r));
    assert_int_equal(fp_route_solve(&f.topo, &f.job, &o, &r, &err), FP_OK);
    assert_close(r.theta_gbps, 2.0, 1e-8);
    assert_close(r.load_gbps[0], 100.0, 1e-8);
    assert_close(r.load_gbps[1], 60.0, 1e-8);
    fp_result_route_release(&r);
    fx_net_free(&f);
}

/* Capacities from 1 Gbit/s to 1 Pbit/s in one LP: a 1 Gbit/s span in parallel with a
 * 1e6 Gbit/s path through a transit node: theta = 1e6 + 1 to 1e-9 relative; and a network
 * of 1 Gbit/s spans alone: the triangle gives 1.5. */
static void test_route_solve_capacity_range(void **state)
{
    (void)state;
    assert_close(theta(GRAPHML_HEAD SITE("a") SITE("b") "<node id=\"x\"/>\n" SPAN("a", "b", "1")
                       SPAN("a", "x", "1e6") SPAN("x", "b", "1e6") GRAPHML_TAIL,
                       FP_COLL_TREE, FP_FORM_PATH), 1e6 + 1, 1e-8);
    assert_close(theta(GRAPHML_HEAD SITE("a") SITE("b") "<node id=\"x\"/>\n" SPAN("a", "b", "1")
                       SPAN("a", "x", "1e6") SPAN("x", "b", "1e6") GRAPHML_TAIL,
                       FP_COLL_TREE, FP_FORM_ARCFLOW), 1e6 + 1, 1e-8);
    assert_close(theta(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SPAN("a", "b", "1")
                       SPAN("b", "c", "1") SPAN("c", "a", "1") GRAPHML_TAIL,
                       FP_COLL_TREE, FP_FORM_PATH), 1.5, 1e-8);
}

/* ---- properties over generated instances ---- */

static bool tree_spans_sites(const struct fp_tree *t, const struct fp_job *job)
{
    igraph_integer_t k = job->n_sites, i, j, it;
    bool *in = calloc((size_t)k, sizeof(bool)), ok = true;
    if (t->n_edges != k - 1) {
        free(in);
        return false;
    }
    in[0] = true;
    for (it = 0; it < k; it++) {
        for (i = 0; i < t->n_edges; i++) {
            igraph_integer_t a = -1, b = -1;
            for (j = 0; j < k; j++) {
                a = job->sites[j] == t->edges[2 * i] ? j : a;
                b = job->sites[j] == t->edges[2 * i + 1] ? j : b;
            }
            if (a < 0 || b < 0) {
                ok = false;
            } else if (in[a] || in[b]) {
                in[a] = in[b] = true;
            }
        }
    }
    for (i = 0; i < k; i++) {
        ok = ok && in[i];
    }
    free(in);
    return ok;
}

/* The arc-flow decomposition (per source, split into pairs): every path is a walk from its
 * source to its destination, and each tree edge {a, b} gets its rate in both directions,
 * so per ordered pair the paths carry at least the trees' sum (MODEL.md def rows). */
static bool af_paths_carry_trees(const struct fp_route *r, const struct fp_topo *t)
{
    igraph_integer_t n = t->n_nodes, i, j;
    double *need = calloc((size_t)(n * n) + 1, sizeof(double));
    bool ok = need != NULL;
    for (i = 0; ok && i < r->n_trees; i++) {
        for (j = 0; j < r->trees[i].n_edges; j++) {
            igraph_integer_t a = r->trees[i].edges[2 * j], b = r->trees[i].edges[2 * j + 1];
            need[a * n + b] += r->trees[i].rate_gbps;
            need[b * n + a] += r->trees[i].rate_gbps;
        }
    }
    for (i = 0; ok && i < r->n_paths; i++) {
        const struct fp_flow_path *p = &r->paths[i];
        igraph_integer_t at = p->src;
        for (j = 0; j < p->n_arcs; j++) {
            igraph_integer_t e = p->arcs[j] / 2;
            igraph_integer_t tail = p->arcs[j] % 2 == 0 ? t->span_from[e] : t->span_to[e];
            ok = ok && tail == at;
            at = p->arcs[j] % 2 == 0 ? t->span_to[e] : t->span_from[e];
        }
        ok = ok && at == p->dst && p->gbps > 0;
        need[p->src * n + p->dst] -= p->gbps;
    }
    for (i = 0; ok && i < n * n; i++) {
        ok = need[i] <= 1e-6 * (r->theta_gbps + 1.0);
    }
    free(need);
    return ok;
}

static void test_route_solve_properties_200_instances(void **state)
{
    int inst;
    (void)state;
    for (inst = 0; inst < 200; inst++) {
        int n = 3 + (int)next_rand(8), k = 2 + (int)next_rand((unsigned)(n - 1 < 5 ? n - 1 : 5));
        char *text = random_network(n, k, false);
        struct fx_net f;
        struct fp_route tree, tree_af, ring, direct;
        struct fp_bound b;
        struct fp_error err;
        igraph_integer_t e, i;
        fx_net_load(&f, text);
        solve(&f, FP_COLL_TREE, FP_FORM_PATH, &tree);
        solve(&f, FP_COLL_TREE, FP_FORM_ARCFLOW, &tree_af);
        solve(&f, FP_COLL_RING, FP_FORM_PATH, &ring);
        solve(&f, FP_COLL_DIRECT, FP_FORM_PATH, &direct);
        memset(&b, 0, sizeof(b));
        fp_error_init(&err);
        assert_int_equal(fp_bound_compute(&f.topo, &f.job, &b, &err), FP_OK);
        /* tree's schedules include ring and direct (MODEL.md) */
        assert_true(tree.theta_gbps >= ring.theta_gbps * (1 - 1e-8));
        assert_true(tree.theta_gbps >= direct.theta_gbps * (1 - 1e-8));
        /* theta <= theta_lb <= lambda_min */
        assert_true(tree.theta_gbps <= b.theta_lb_gbps * (1 + 1e-8));
        assert_true(b.theta_lb_gbps <= b.lambda_min_gbps * (1 + 1e-12));
        /* path formulation = arc-flow formulation */
        assert_close(tree.theta_gbps, tree_af.theta_gbps, 1e-6);
        /* --approx 0.2: feasible (at most the optimum), and its certified gap holds:
         * theta* <= theta_approx / (1 - gap), the bound never below the optimum */
        {
            struct fp_route_options o;
            struct fp_route ap;
            fp_route_options_init(&o);
            o.approx_eps = 0.2;
            memset(&ap, 0, sizeof(ap));
            fp_error_init(&err);
            assert_int_equal(fp_route_solve(&f.topo, &f.job, &o, &ap, &err), FP_OK);
            assert_true(ap.status == FP_STATUS_FEASIBLE || ap.status == FP_STATUS_OPTIMAL);
            assert_true(ap.theta_gbps <= tree.theta_gbps * (1 + 1e-8));
            assert_true(ap.gap >= 0.0 && ap.gap < 1.0);
            assert_true(tree.theta_gbps <= ap.upper_bound_gbps * (1 + 1e-8));
            assert_true(ap.theta_gbps >= (1 - ap.gap) * ap.upper_bound_gbps * (1 - 1e-8));
            if (ap.status == FP_STATUS_OPTIMAL) {
                assert_close(ap.theta_gbps, tree.theta_gbps, 1e-6);
            }
            fp_result_route_release(&ap);
        }
        /* loads within capacities, both formulations */
        for (e = 0; e < f.topo.n_spans; e++) {
            /* GLPK's primal feasibility tolerance is 1e-7 */
            double c = f.topo.capacity_gbps[e] * (1 + 1e-7) + 1e-7;
            assert_true(tree.load_gbps[2 * e] <= c && tree.load_gbps[2 * e + 1] <= c);
            assert_true(tree_af.load_gbps[2 * e] <= c && tree_af.load_gbps[2 * e + 1] <= c);
            assert_true(ring.load_gbps[2 * e] <= c && direct.load_gbps[2 * e + 1] <= c);
        }
        assert_true(af_paths_carry_trees(&tree_af, &f.topo));
        /* trees span the sites; their rates add up to theta */
        {
            double sum = 0.0;
            for (i = 0; i < tree.n_trees; i++) {
                assert_true(tree_spans_sites(&tree.trees[i], &f.job));
                sum += tree.trees[i].rate_gbps;
            }
            assert_close(sum, tree.theta_gbps, 1e-8);
        }
        fp_result_route_release(&tree);
        fp_result_route_release(&tree_af);
        fp_result_route_release(&ring);
        fp_result_route_release(&direct);
        fp_result_bound_release(&b);
        fx_net_free(&f);
        free(text);
    }
}

/* theta of the oracle's LP (oracle.h: every spanning tree, per-pair arc flows) */
static double oracle_theta(const struct fx_net *f)
{
    struct oracle o = {.mode = ORACLE_ROUTE};
    oracle_solve(&f->topo, &f->job, &o);
    return o.theta_gbps;
}

/* Column generation against the oracle, and every bound it reports on the way: stopped after
 * 3, 6, 10, 15 or 25 pricing rounds (max_rounds), theta is feasible (at most the optimum) and the
 * reported bound (the Lagrangian bound at the master's duals and at their mix with the
 * stability centre) is never below the optimum. --max-stretch 1e6 leaves the LP as it is but
 * starts it without the packing, so the rounds and bounds are column generation's own. 40
 * random networks of 15-30 nodes and 4-6 sites, many with parallel spans (a bound 1 % too
 * low fails this). */
static void test_route_solve_bounds_every_round(void **state)
{
    int inst, stopped = 0;
    (void)state;
    for (inst = 0; inst < 40; inst++) {
        int n = 15 + (int)next_rand(16), k = 4 + (int)next_rand(3), rounds[] = {3, 6, 10, 15, 25}, j;
        char *text = random_network(n, k, false);
        struct fx_net f;
        struct fp_route exact;
        double best;
        fx_net_load(&f, text);
        best = oracle_theta(&f);
        solve(&f, FP_COLL_TREE, FP_FORM_PATH, &exact);
        assert_close(exact.theta_gbps, best, 1e-6);
        for (j = 0; j < 5; j++) {
            struct fp_route_options o;
            struct fp_route r;
            struct fp_error err;
            fp_route_options_init(&o);
            o.max_rounds = rounds[j];
            o.max_stretch = 1e6;   /* no path is that long: the same LP, without the packing */
            fp_error_init(&err);
            memset(&r, 0, sizeof(r));
            assert_int_equal(fp_route_solve(&f.topo, &f.job, &o, &r, &err), FP_OK);
            assert_true(r.theta_gbps <= best * (1 + 1e-8));
            if (r.status == FP_STATUS_OPTIMAL) {
                assert_close(r.theta_gbps, best, 1e-6);
            } else {
                assert_int_equal(r.status, FP_STATUS_TIME_LIMIT);
                /* NAN: no finite bound yet (the first duals can all be 0) */
                assert_true(isnan(r.upper_bound_gbps) || r.upper_bound_gbps >= best * (1 - 1e-8));
                stopped += !isnan(r.upper_bound_gbps);
            }
            fp_result_route_release(&r);
        }
        fp_result_route_release(&exact);
        fx_net_free(&f);
        free(text);
    }
    assert_true(stopped >= 25);   /* the stops happened: finite bounds were checked mid-run */
}

/* sum over the flow decomposition of rate x path delay, Gbit/s x s */
static double delay_flow(const struct fp_route *r)
{
    double sum = 0.0;
    igraph_integer_t i;
    for (i = 0; i < r->n_paths; i++) {
        sum += r->paths[i].gbps * r->paths[i].delay_s;
    }
    return sum;
}

/* The latency phase (theta held, delay-weighted flow minimised) in both formulations, against
 * the oracle's exact second phase (oracle.h, delay_phase): neither beats the optimum (a flow
 * the decomposition lost or a theta that slipped would) and both reach it (an arc-flow LP left
 * as the theta phase solved it, or a latency phase stopped early, would not). T may differ
 * between them: trees and paths that tie on delay-weighted flow can differ in depth. 30
 * random networks of 15-30 nodes and 4-6 sites. */
static void test_route_solve_latency_phase_both_formulations(void **state)
{
    int inst;
    (void)state;
    for (inst = 0; inst < 30; inst++) {
        int n = 15 + (int)next_rand(16), k = 4 + (int)next_rand(3);
        char *text = random_network(n, k, false);
        struct fx_net f;
        struct fp_route path, af;
        struct oracle o = {.mode = ORACLE_ROUTE, .delay_phase = true};
        double best_theta, best_d, d_path, d_af;
        fx_net_load(&f, text);
        oracle_solve(&f.topo, &f.job, &o);
        best_theta = o.theta_gbps;
        best_d = o.delay_flow_gbps_s;
        solve(&f, FP_COLL_TREE, FP_FORM_PATH, &path);
        solve(&f, FP_COLL_TREE, FP_FORM_ARCFLOW, &af);
        d_path = delay_flow(&path);
        d_af = delay_flow(&af);
        assert_close(path.theta_gbps, best_theta, 1e-6);
        assert_close(af.theta_gbps, best_theta, 1e-6);
        /* theta is held at theta* (1 - 1e-12), the oracle's at theta* (1 - 1e-9) */
        assert_true(d_path >= best_d * (1 - 1e-7) && d_path <= best_d * (1 + 1e-6));
        assert_true(d_af >= best_d * (1 - 1e-7) && d_af <= best_d * (1 + 1e-6));
        fp_result_route_release(&path);
        fp_result_route_release(&af);
        fx_net_free(&f);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_solve_two_sites),
        cmocka_unit_test(test_route_solve_triangle),
        cmocka_unit_test(test_route_solve_four_cycle),
        cmocka_unit_test(test_route_solve_star),
        cmocka_unit_test(test_route_solve_time_and_marginal),
        cmocka_unit_test(test_route_solve_demands),
        cmocka_unit_test(test_route_solve_capacity_range),
        cmocka_unit_test(test_route_solve_properties_200_instances),
        cmocka_unit_test(test_route_solve_bounds_every_round),
        cmocka_unit_test(test_route_solve_latency_phase_both_formulations),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
