/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: tree all-reduce throughput by column generation (solvers/route.c), against the
 * analytic values of the acceptance list (MODEL.md "Demand" 1). */
#include "helpers.h"

#include "core/job.h"
#include "solvers/route.h"

#define SITE(id) "<node id=\"" id "\"><data key=\"type\">datacenter</data><data key=\"gpus\">8</data></node>\n"
#define SPAN(s, t, cap) "<edge source=\"" s "\" target=\"" t "\"><data key=\"len\">100</data>" \
                        "<data key=\"cap\">" cap "</data></edge>\n"

static double theta_of(const char *text, igraph_integer_t *n_trees)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_job_spec flags, file;
    struct fp_error err;
    double theta = -1;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    fp_job_spec_init(&flags);
    fp_job_spec_init(&file);
    flags.params = 1e9;
    assert_int_equal(fp_job_resolve(&t, &flags, &file, &job, &err), FP_OK);
    assert_int_equal(fp_route_tree_theta(&t, &job, &theta, n_trees, &err), FP_OK);
    fp_job_release(&job);
    fp_topo_release(&t);
    return theta;
}

/* Two sites, one span of c: the only tree is the edge {a,b}, carrying x both ways: theta = c. */
static void test_route_tree_two_sites(void **state)
{
    igraph_integer_t n;
    (void)state;
    assert_close(theta_of(GRAPHML_HEAD SITE("a") SITE("b") SPAN("a", "b", "400") GRAPHML_TAIL, &n),
                 400.0, 1e-9);
    /* two parallel spans: theta = c1 + c2 */
    assert_close(theta_of(GRAPHML_HEAD SITE("a") SITE("b") SPAN("a", "b", "300")
                          SPAN("a", "b", "100") GRAPHML_TAIL, &n), 400.0, 1e-9);
    /* through a transit node: the bottleneck span, 200 */
    assert_close(theta_of(GRAPHML_HEAD SITE("a") SITE("b") "<node id=\"x\"/>\n"
                          SPAN("a", "x", "500") SPAN("x", "b", "200") GRAPHML_TAIL, &n), 200.0, 1e-9);
}

/* Triangle of sites, equal c = 100: three 2-edge trees, each at rate c/2, every span carries
 * two halves per direction: theta = 1.5c = 150. */
static void test_route_tree_triangle(void **state)
{
    igraph_integer_t n;
    (void)state;
    assert_close(theta_of(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SPAN("a", "b", "100")
                          SPAN("b", "c", "100") SPAN("c", "a", "100") GRAPHML_TAIL, &n),
                 150.0, 1e-9);
}

/* 4-cycle of sites, equal c = 100: theta = 4c/3 = 133.33 (= the bidirectional ring and the
 * partition bound). */
static void test_route_tree_four_cycle(void **state)
{
    igraph_integer_t n;
    (void)state;
    assert_close(theta_of(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SITE("d")
                          SPAN("a", "b", "100") SPAN("b", "c", "100") SPAN("c", "d", "100")
                          SPAN("d", "a", "100") GRAPHML_TAIL, &n), 400.0 / 3.0, 1e-9);
}

/* Star of k = 3 and k = 4 sites around a transit node, spans of c = 120: each tree has k-1
 * virtual edges, each crossing the hub, so sum over spans of load = 2(k-1) theta per
 * direction... theta = k c / (2(k-1)): k=3 -> 90, k=4 -> 80. */
static void test_route_tree_star(void **state)
{
    igraph_integer_t n;
    (void)state;
    assert_close(theta_of(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") "<node id=\"x\"/>\n"
                          SPAN("a", "x", "120") SPAN("b", "x", "120") SPAN("c", "x", "120")
                          GRAPHML_TAIL, &n), 90.0, 1e-9);
    assert_close(theta_of(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SITE("d") "<node id=\"x\"/>\n"
                          SPAN("a", "x", "120") SPAN("b", "x", "120") SPAN("c", "x", "120")
                          SPAN("d", "x", "120") GRAPHML_TAIL, &n), 80.0, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_tree_two_sites),
        cmocka_unit_test(test_route_tree_triangle),
        cmocka_unit_test(test_route_tree_four_cycle),
        cmocka_unit_test(test_route_tree_star),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests_name("route", tests, NULL, NULL);
}
