/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: the `check` summary (core/stats.c): site delays over lit spans, connectivity. */
#include "helpers.h"

#include "core/stats.h"

#define SITE(id) "<node id=\"" id "\"><data key=\"type\">datacenter</data><data key=\"gpus\">8</data></node>\n"
#define EDGE(s, t, km) "<edge source=\"" s "\" target=\"" t "\"><data key=\"len\">" km "</data>" \
                       "<data key=\"cap\">100</data></edge>\n"

/* Sites a, b, c; transit x. a-x 100 km, x-b 100 km, b-c 300 km, a-c candidate 10 km.
 * Shortest site-to-site over lit spans: a-b 200 km (0.98 ms), b-c 300 km, a-c 500 km
 * (2.45 ms): the candidate does not count. Lit capacity 300, lit km 500, candidate km 10. */
static void test_stats_compute_delays_over_lit_spans(void **state)
{
    static const char text[] = GRAPHML_HEAD SITE("a") SITE("b") SITE("c") "<node id=\"x\"/>\n"
        EDGE("a", "x", "100") EDGE("x", "b", "100") EDGE("b", "c", "300")
        "<edge source=\"a\" target=\"c\"><data key=\"len\">10</data><data key=\"status\">"
        "candidate</data></edge>\n" GRAPHML_TAIL;
    struct fp_topo t;
    struct fp_stats s;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_int_equal(fp_stats_compute(&t, &s, &err), FP_OK);
    assert_int_equal(s.n_sites, 3);
    assert_int_equal(s.n_transit, 1);
    assert_int_equal(s.n_lit, 3);
    assert_int_equal(s.n_candidate, 1);
    assert_int_equal(s.total_gpus, 24);
    assert_close(s.route_km_lit, 500.0, 0);
    assert_close(s.route_km_candidate, 10.0, 0);
    assert_close(s.lit_capacity_gbps, 300.0, 0);
    assert_true(s.sites_connected);
    assert_close(s.min_delay_s, 200 * 4.9e-6, 1e-12);
    assert_close(s.max_delay_s, 500 * 4.9e-6, 1e-12);
    assert_string_equal(t.node_id[s.max_pair[0]], "a");
    assert_string_equal(t.node_id[s.max_pair[1]], "c");
    fp_stats_release(&s);
    fp_topo_release(&t);
}

/* Two islands {a, b} and {c}: not connected, two groups. */
static void test_stats_compute_disconnected_sites(void **state)
{
    static const char text[] = GRAPHML_HEAD SITE("a") SITE("b") SITE("c") EDGE("a", "b", "5")
        GRAPHML_TAIL;
    struct fp_topo t;
    struct fp_stats s;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_int_equal(fp_stats_compute(&t, &s, &err), FP_OK);
    assert_false(s.sites_connected);
    assert_int_equal(s.n_site_groups, 2);
    assert_int_equal(s.site_group[0], 0);
    assert_int_equal(s.site_group[1], 0);
    assert_int_equal(s.site_group[2], 1);
    assert_close(s.max_delay_s, 5 * 4.9e-6, 1e-12);
    fp_stats_release(&s);
    fp_topo_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stats_compute_delays_over_lit_spans),
        cmocka_unit_test(test_stats_compute_disconnected_sites),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
