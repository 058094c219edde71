/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: the lower bound (solvers/bound.c, MODEL.md "Lower bound"). */
#include "helpers.h"

#include "core/job.h"
#include "solvers/bound.h"

#define SITE(id) "<node id=\"" id "\"><data key=\"type\">datacenter</data><data key=\"gpus\">8</data></node>\n"
#define SPAN(s, t, cap) "<edge source=\"" s "\" target=\"" t "\"><data key=\"len\">100</data>" \
                        "<data key=\"cap\">" cap "</data></edge>\n"

/* S = params x 2 B; params 1e9 -> S = 2e9 B = 16e9 bit. */
static int bound_of(const char *text, struct fp_topo *t, struct fp_job *job, struct fp_bound *b)
{
    struct fp_job_spec flags, file;
    struct fp_error err;
    int rc = load_text(text, NULL, t, &err);
    assert_int_equal(rc, FP_OK);
    fp_job_spec_init(&flags);
    fp_job_spec_init(&file);
    flags.params = 1e9;
    assert_int_equal(fp_job_resolve(t, &flags, &file, job, &err), FP_OK);
    memset(b, 0, sizeof(*b));
    return fp_bound_compute(t, job, b, &err);
}

static void done(struct fp_topo *t, struct fp_job *job, struct fp_bound *b)
{
    fp_result_bound_release(b);
    fp_job_release(job);
    fp_topo_release(t);
}

/* Two sites, one span of c = 400: lambda_min = theta_lb = 400; T_bw = 16e9 / 400e9 = 0.04 s;
 * delay 100 km x 4.9e-6 = 0.49 ms, so T_lb = 0.04 s. */
static void test_bound_compute_two_sites_one_span(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_bound b;
    (void)state;
    assert_int_equal(bound_of(GRAPHML_HEAD SITE("a") SITE("b") SPAN("a", "b", "400") GRAPHML_TAIL,
                              &t, &job, &b), FP_OK);
    assert_close(b.lambda_min_gbps, 400.0, 1e-12);
    assert_close(b.theta_lb_gbps, 400.0, 1e-12);
    assert_close(b.bandwidth_s, 0.04, 1e-12);
    assert_close(b.delay_bound_s, 0.49e-3, 1e-12);
    assert_close(b.allreduce_s, 0.04, 1e-12);
    assert_int_equal(b.n_min_cut_spans, 1);
    done(&t, &job, &b);
}

/* Two parallel spans 300 + 100: the cut holds both, lambda_min = 400. */
static void test_bound_compute_parallel_spans_add(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_bound b;
    (void)state;
    assert_int_equal(bound_of(GRAPHML_HEAD SITE("a") SITE("b") SPAN("a", "b", "300")
                              SPAN("a", "b", "100") GRAPHML_TAIL, &t, &job, &b), FP_OK);
    assert_close(b.lambda_min_gbps, 400.0, 1e-12);
    assert_int_equal(b.n_cut_spans, 2);
    done(&t, &job, &b);
}

/* Triangle of sites, equal c = 100: lambda_min = 2c = 200 (each site has two spans); the
 * partition into singletons has c(delta) = 3c over m - 1 = 2 -> 1.5c = 150 = the tree optimum
 * (issue acceptance: tree theta = 1.5c). */
static void test_bound_compute_triangle_partition(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_bound b;
    (void)state;
    assert_int_equal(bound_of(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SPAN("a", "b", "100")
                              SPAN("b", "c", "100") SPAN("c", "a", "100") GRAPHML_TAIL,
                              &t, &job, &b), FP_OK);
    assert_close(b.lambda_min_gbps, 200.0, 1e-12);
    assert_close(b.theta_lb_gbps, 150.0, 1e-12);
    assert_int_equal(b.parts, 3);
    assert_int_equal(b.n_cut_spans, 3);
    done(&t, &job, &b);
}

/* 4-cycle of sites, equal c = 100: lambda_min = 2c; singletons: 4c / 3 = 133.33 = the tree
 * optimum and the bidirectional ring (issue acceptance). */
static void test_bound_compute_four_cycle_partition(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_bound b;
    (void)state;
    assert_int_equal(bound_of(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SITE("d")
                              SPAN("a", "b", "100") SPAN("b", "c", "100") SPAN("c", "d", "100")
                              SPAN("d", "a", "100") GRAPHML_TAIL, &t, &job, &b), FP_OK);
    assert_close(b.lambda_min_gbps, 200.0, 1e-12);
    assert_close(b.theta_lb_gbps, 400.0 / 3.0, 1e-12);
    assert_int_equal(b.parts, 4);
    done(&t, &job, &b);
}

/* Two sites through a transit node x: a-x 500, x-b 200: lambda_min = 200 at span x-b. */
static void test_bound_compute_through_transit(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_bound b;
    (void)state;
    assert_int_equal(bound_of(GRAPHML_HEAD SITE("a") SITE("b") "<node id=\"x\"/>\n"
                              SPAN("a", "x", "500") SPAN("x", "b", "200") GRAPHML_TAIL,
                              &t, &job, &b), FP_OK);
    assert_close(b.lambda_min_gbps, 200.0, 1e-12);
    assert_int_equal(b.n_min_cut_spans, 1);
    assert_string_equal(t.span_id[b.min_cut_spans[0]], "e1");
    assert_close(b.delay_bound_s, 200 * 4.9e-6, 1e-12);
    done(&t, &job, &b);
}

/* lambda_min set between the last site and the others, not by the first pair: a-b 1000 and a
 * star through x (a-x 100, b-x 100, c-x 5): max-flow a-b 1100, a-c 5, b-c 5, so lambda_min =
 * 5 at span x-c (e3), the pair (c, a); the k - 1 flows from the first site find it. */
static void test_bound_compute_last_site_sets_cut(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_bound b;
    (void)state;
    assert_int_equal(bound_of(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") "<node id=\"x\"/>\n"
                              SPAN("a", "b", "1000") SPAN("a", "x", "100") SPAN("b", "x", "100")
                              SPAN("x", "c", "5") GRAPHML_TAIL, &t, &job, &b), FP_OK);
    assert_close(b.lambda_min_gbps, 5.0, 1e-12);
    assert_int_equal(b.n_min_cut_spans, 1);
    assert_string_equal(t.span_id[b.min_cut_spans[0]], "e3");
    assert_string_equal(t.node_id[b.lambda_pair[0]], "c");
    assert_string_equal(t.node_id[b.lambda_pair[1]], "a");
    done(&t, &job, &b);
}

/* Sites that cannot reach each other over lit spans: 65. */
static void test_bound_compute_disconnected_is_65(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_bound b;
    (void)state;
    assert_int_equal(bound_of(GRAPHML_HEAD SITE("a") SITE("b") SITE("c") SPAN("a", "b", "100")
                              GRAPHML_TAIL, &t, &job, &b), FP_EDATA);
    done(&t, &job, &b);
}

/* REFERENCE.md 6.3: stargate-us lambda_min = 19,200 Gbit/s, cut {s05, s10} (drawn tightest
 * around santa_teresa); 1.8e12 params in bf16 -> 8 x 3.6e12 / 19.2e12 = 1.5 s; delay bound
 * santa_teresa-lordstown 17.2 ms. */
static void test_bound_compute_stargate_us(void **state)
{
    struct fp_topo_options opts;
    struct fp_job_spec flags, file;
    struct fp_topo t;
    struct fp_job job;
    struct fp_bound b;
    struct fp_error err;
    (void)state;
    fp_topo_options_init(&opts);
    fp_error_init(&err);
    memset(&t, 0, sizeof(t));
    memset(&b, 0, sizeof(b));
    assert_int_equal(fp_topofile_read("topologies/stargate-us.graphml", &opts, &t, &err), FP_OK);
    fp_job_spec_init(&flags);
    fp_job_spec_init(&file);
    assert_int_equal(fp_job_resolve(&t, &flags, &file, &job, &err), FP_OK);
    assert_close(job.gradient_bytes, 3.6e12, 0);
    assert_int_equal(fp_bound_compute(&t, &job, &b, &err), FP_OK);
    assert_close(b.lambda_min_gbps, 19200.0, 1e-12);
    assert_int_equal(b.n_min_cut_spans, 2);
    assert_string_equal(t.span_id[b.min_cut_spans[0]], "s05");
    assert_string_equal(t.span_id[b.min_cut_spans[1]], "s10");
    assert_true(b.theta_lb_gbps <= b.lambda_min_gbps);
    assert_close(b.allreduce_s, 1.5, 1e-12);
    assert_close(b.delay_bound_s, 0.0172, 0.003);
    done(&t, &job, &b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bound_compute_two_sites_one_span),
        cmocka_unit_test(test_bound_compute_parallel_spans_add),
        cmocka_unit_test(test_bound_compute_triangle_partition),
        cmocka_unit_test(test_bound_compute_four_cycle_partition),
        cmocka_unit_test(test_bound_compute_through_transit),
        cmocka_unit_test(test_bound_compute_last_site_sets_cut),
        cmocka_unit_test(test_bound_compute_disconnected_is_65),
        cmocka_unit_test(test_bound_compute_stargate_us),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests_name("bound", tests, NULL, NULL);
}
