/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: MODEL.md "Network" derivations in core/topo.c (lengths, delays, ceilings, costs). */
#include "helpers.h"

#include "core/geo.h"

#define TWO_NODES_AT(lat1, lon1, lat2, lon2)                                                 \
    "<node id=\"a\"><data key=\"lat\">" #lat1 "</data><data key=\"lon\">" #lon1 "</data></node>\n" \
    "<node id=\"b\"><data key=\"lat\">" #lat2 "</data><data key=\"lon\">" #lon2 "</data></node>\n"

/* MODEL.md: no length_km but coordinates at both ends -> great-circle km x route_factor.
 * (0,0)-(0,1): 111.19508 km x 1.3 = 144.553604 km; delay = 144.553604 x 4.9e-6 s. */
static void test_topo_derive_length_from_coordinates(void **state)
{
    static const char text[] = GRAPHML_HEAD TWO_NODES_AT(0, 0, 0, 1)
        "<edge source=\"a\" target=\"b\"/>\n" GRAPHML_TAIL;
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_int_equal(t.length_src[0], FP_LENGTH_GREAT_CIRCLE);
    assert_close(t.length_km[0], 111.19508 * 1.3, 1e-6);
    assert_close(t.delay_s[0], 111.19508 * 1.3 * 4.9e-6, 1e-6);
    assert_close(t.route_factor_used, 1.3, 0);
    fp_topo_release(&t);
}

/* Route factor: --route-factor beats the graph's route_factor, which beats 1.3. */
static void test_topo_derive_route_factor_precedence(void **state)
{
    static const char text[] = GRAPHML_HEAD "<data key=\"rf\">1.5</data>\n" TWO_NODES_AT(0, 0, 0, 1)
        "<edge source=\"a\" target=\"b\"/>\n" GRAPHML_TAIL;
    struct fp_topo_options opts;
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_close(t.length_km[0], 111.19508 * 1.5, 1e-6);
    fp_topo_release(&t);
    fp_topo_options_init(&opts);
    opts.route_factor = 2.0;
    assert_int_equal(load_text(text, &opts, &t, &err), FP_OK);
    assert_close(t.length_km[0], 111.19508 * 2.0, 1e-6);
    fp_topo_release(&t);
}

/* latency_ms overrides length: 3 ms one way whatever the length. */
static void test_topo_derive_latency_overrides_length(void **state)
{
    static const char text[] = GRAPHML_HEAD "<node id=\"a\"/><node id=\"b\"/>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">1000</data>"
        "<data key=\"lat_ms\">3</data></edge>\n" GRAPHML_TAIL;
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_close(t.delay_s[0], 0.003, 1e-12);
    assert_close(t.length_km[0], 1000.0, 0);
    fp_topo_release(&t);
}

/* No length, no coordinates: unknown (check warns; solving commands refuse) unless
 * --default-length: 250 km -> 250 x 4.9e-6 = 1.225e-3 s. */
static void test_topo_derive_default_length(void **state)
{
    static const char text[] = GRAPHML_HEAD "<node id=\"a\"/><node id=\"b\"/>\n"
        "<edge source=\"a\" target=\"b\"/>\n" GRAPHML_TAIL;
    struct fp_topo_options opts;
    struct fp_topo t;
    struct fp_error err;
    igraph_integer_t i;
    bool warned = false;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_int_equal(t.length_src[0], FP_LENGTH_UNKNOWN);
    assert_true(isnan(t.delay_s[0]));
    for (i = 0; i < t.n_warnings; i++) {
        warned |= strstr(t.warnings[i], "span length cannot be derived") != NULL;
    }
    assert_true(warned);
    fp_error_init(&err);
    assert_int_equal(fp_topo_require_delays(&t, &err), FP_EDATA);
    assert_int_equal(err.line, 20);
    assert_string_equal(err.msg, "cannot derive the length of 1 span (no length_km, latency_ms or "
                                 "coordinates at both ends): 'e0'; give --default-length KM");
    fp_topo_release(&t);

    fp_topo_options_init(&opts);
    opts.default_length_km = 250.0;
    assert_int_equal(load_text(text, &opts, &t, &err), FP_OK);
    assert_int_equal(t.length_src[0], FP_LENGTH_DEFAULT);
    assert_close(t.delay_s[0], 1.225e-3, 1e-12);
    fp_error_init(&err);
    assert_int_equal(fp_topo_require_delays(&t, &err), FP_OK);
    fp_topo_release(&t);
}

/* Ceilings (MODEL.md "Planning" cmax and "Defaults"):
 * e0: nothing given, 500 km  -> one C-band pair, 32 x 800 = 25,600; module 800
 * e1: fiber_pairs 4, 500 km  -> 4 x 32 x 800 = 102,400
 * e2: fiber_pairs 2, 1200 km -> 2 x 64 x 400 = 51,200; module 400
 * e3: gbps_per_wavelength 400 only -> floor(25,600/400) = 64 x 400 = 25,600
 * e4: max_capacity_gbps 5,000 -> 5,000
 * e5: capacity 30,000, nothing stated -> ceiling = capacity (default never below lit)
 * e6: 2 pairs x 64 x 800 (C+L stated) = 102,400 */
static void test_topo_derive_ceilings(void **state)
{
    static const char text[] = GRAPHML_HEAD "<node id=\"a\"/><node id=\"b\"/>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">500</data></edge>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">500</data><data key=\"fp\">4</data></edge>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">1200</data><data key=\"fp\">2</data></edge>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">500</data><data key=\"gpw\">400</data></edge>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">500</data><data key=\"max\">5000</data></edge>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">5</data><data key=\"cap\">30000</data></edge>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">5</data><data key=\"fp\">2</data>"
        "<data key=\"wl\">64</data><data key=\"gpw\">800</data></edge>\n" GRAPHML_TAIL;
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_close(t.ceiling_gbps[0], 25600.0, 0);
    assert_false(t.ceiling_given[0]);
    assert_close(t.module_gbps[0], 800.0, 0);
    assert_close(t.ceiling_gbps[1], 102400.0, 0);
    assert_true(t.ceiling_given[1]);
    assert_close(t.ceiling_gbps[2], 51200.0, 0);
    assert_close(t.module_gbps[2], 400.0, 0);
    assert_close(t.ceiling_gbps[3], 25600.0, 0);
    assert_close(t.ceiling_gbps[4], 5000.0, 0);
    assert_close(t.ceiling_gbps[5], 30000.0, 0);
    assert_close(t.ceiling_gbps[6], 102400.0, 0);
    fp_topo_release(&t);
}

/* Lit capacity above a stated ceiling is impossible data: 65 at the edge's line. */
static void test_topo_derive_capacity_over_ceiling(void **state)
{
    static const char text[] = GRAPHML_HEAD "<node id=\"a\"/><node id=\"b\"/>\n"
        "<edge id=\"s1\" source=\"a\" target=\"b\"><data key=\"cap\">30000</data>"
        "<data key=\"fp\">1</data><data key=\"wl\">32</data><data key=\"gpw\">800</data></edge>\n"
        GRAPHML_TAIL;
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_EDATA);
    assert_int_equal(err.line, 20);
    assert_string_equal(err.msg, "span 's1': capacity_gbps 30000 exceeds its ceiling 25600 "
                                 "(fiber_pairs x wavelengths x gbps_per_wavelength)");
}

/* cost_per_gbps defaults to module_cost / module_gbps: 58,000 / 800 = 72.5 USD per Gbit/s;
 * missing capacity on a lit span is 0 with a warning, or --default-capacity. */
static void test_topo_derive_costs_and_capacity_defaults(void **state)
{
    static const char text[] = GRAPHML_HEAD "<node id=\"a\"/><node id=\"b\"/>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">350</data><data key=\"mg\">800</data>"
        "<data key=\"mc\">58000</data></edge>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">350</data><data key=\"status\">"
        "candidate</data></edge>\n" GRAPHML_TAIL;
    struct fp_topo_options opts;
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_close(t.cost_per_gbps[0], 72.5, 1e-12);
    assert_true(isnan(t.cost_per_gbps[1]));
    assert_close(t.capacity_gbps[0], 0.0, 0);
    assert_string_equal(t.warnings[0], "1 lit span has no capacity_gbps (0 used; see "
                                       "--default-capacity): 'e0'");
    fp_topo_release(&t);
    fp_topo_options_init(&opts);
    opts.default_capacity_gbps = 100.0;
    assert_int_equal(load_text(text, &opts, &t, &err), FP_OK);
    assert_close(t.capacity_gbps[0], 100.0, 0);
    assert_close(t.capacity_gbps[1], 100.0, 0);
    assert_false(fp_topo_is_lit(&t, 1));
    fp_topo_release(&t);
}

/* The bundled sample against REFERENCE.md 6.1-6.2: 28 nodes, 9 sites, 43 spans (4 candidate),
 * 13,093 lit route-km; s10 (L class) 2 x 64 x 400 = 51,200; s01 (M) 8 x 32 x 800 = 204,800;
 * s02 delay 350 x 4.9e-6 = 1.715 ms; s05 cost 61,000 / 800 = 76.25 USD per Gbit/s. */
static void test_topo_stargate_us_matches_reference(void **state)
{
    struct fp_topo_options opts;
    struct fp_topo t;
    struct fp_error err;
    igraph_integer_t v, e, sites = 0, cand = 0;
    double km = 0;
    (void)state;
    fp_topo_options_init(&opts);
    fp_error_init(&err);
    memset(&t, 0, sizeof(t));
    assert_int_equal(fp_topofile_read("topologies/stargate-us.graphml", &opts, &t, &err), FP_OK);
    assert_int_equal(t.n_nodes, 28);
    assert_int_equal(t.n_spans, 43);
    for (v = 0; v < t.n_nodes; v++) {
        sites += fp_topo_is_site(&t, v);
    }
    for (e = 0; e < t.n_spans; e++) {
        cand += !fp_topo_is_lit(&t, e);
        km += fp_topo_is_lit(&t, e) ? t.length_km[e] : 0.0;
    }
    assert_int_equal(sites, 9);
    assert_int_equal(cand, 4);
    assert_close(km, 13093.0, 1e-12);
    assert_close(t.ceiling_gbps[fp_topo_find_span(&t, "s10")], 51200.0, 0);
    assert_close(t.ceiling_gbps[fp_topo_find_span(&t, "s01")], 204800.0, 0);
    assert_close(t.delay_s[fp_topo_find_span(&t, "s02")], 1.715e-3, 1e-12);
    assert_close(t.cost_per_gbps[fp_topo_find_span(&t, "s05")], 76.25, 1e-12);
    assert_close(t.build_cost[fp_topo_find_span(&t, "c02")], 5.5e6, 0);
    assert_string_equal(t.srlg[fp_topo_find_span(&t, "s10")], "i10-west");
    assert_close(t.params, 1.8e12, 0);
    fp_topo_release(&t);
}

/* Issue 23: a node is named by id, else by label; an id wins over another node's label; two
 * nodes with one label are ambiguous and both are named; an unknown name matches nothing. */
static void test_topo_match_node_id_or_label(void **state)
{
    struct fp_topo_options opts;
    struct fp_topo t;
    struct fp_error err;
    igraph_integer_t v = -1, other = -1;
    (void)state;
    fp_topo_options_init(&opts);
    fp_error_init(&err);
    memset(&t, 0, sizeof(t));
    assert_int_equal(fp_topofile_read("tests/e2e/data/good/zoo-labels.graphml", &opts, &t, &err),
                     FP_OK);
    assert_int_equal(fp_topo_match_node(&t, "UK", &v, &other), 1);
    assert_string_equal(t.node_id[v], "0");
    assert_int_equal(fp_topo_match_node(&t, "3", &v, &other), 1);
    assert_string_equal(t.node_id[v], "3");
    assert_int_equal(fp_topo_match_node(&t, "1", &v, &other), 1);    /* id 1, not node 4's label */
    assert_string_equal(t.node_id[v], "1");
    assert_int_equal(fp_topo_match_node(&t, "Paris", &v, &other), 2);
    assert_string_equal(t.node_id[v], "2");
    assert_string_equal(t.node_id[other], "3");
    v = 99;
    assert_int_equal(fp_topo_match_node(&t, "Pari", &v, &other), 0);
    assert_int_equal(v, 99);
    assert_int_equal(fp_topo_resolve_node(&t, "Paris", "site", FP_EDATA, "job.json", 0, &v, &err),
                     FP_EDATA);
    assert_string_equal(err.msg, "site 'Paris' is ambiguous: nodes '2' and '3' are both labelled 'Paris'");
    fp_topo_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_topo_derive_length_from_coordinates),
        cmocka_unit_test(test_topo_derive_route_factor_precedence),
        cmocka_unit_test(test_topo_derive_latency_overrides_length),
        cmocka_unit_test(test_topo_derive_default_length),
        cmocka_unit_test(test_topo_derive_ceilings),
        cmocka_unit_test(test_topo_derive_capacity_over_ceiling),
        cmocka_unit_test(test_topo_derive_costs_and_capacity_defaults),
        cmocka_unit_test(test_topo_stargate_us_matches_reference),
        cmocka_unit_test(test_topo_match_node_id_or_label),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests_name("topo", tests, NULL, NULL);
}
