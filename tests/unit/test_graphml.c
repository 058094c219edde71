/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: GraphML reader (io/graphml.c; CONTRACT.md "Topology file (GraphML)"). */
#include "helpers.h"

#include "io/graphmlout.h"

/* Topology Zoo style: keys named `id` for nodes (int) and edges (string) -- lookup must be
 * per key id, and the edge data `id` ("e60") must not become the span id (REFERENCE 5.1
 * quirks 4 and 5). Aliases: label, Latitude, Longitude, LinkSpeedRaw (bit/s). */
static const char zoo[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
    "  <key attr.name=\"LinkSpeedRaw\" attr.type=\"double\" for=\"edge\" id=\"d40\" />\n"
    "  <key attr.name=\"id\" attr.type=\"string\" for=\"edge\" id=\"d39\" />\n"
    "  <key attr.name=\"label\" attr.type=\"string\" for=\"node\" id=\"d33\" />\n"
    "  <key attr.name=\"Longitude\" attr.type=\"double\" for=\"node\" id=\"d32\" />\n"
    "  <key attr.name=\"id\" attr.type=\"int\" for=\"node\" id=\"d31\" />\n"
    "  <key attr.name=\"Latitude\" attr.type=\"double\" for=\"node\" id=\"d29\" />\n"
    "  <key attr.name=\"label\" attr.type=\"string\" for=\"graph\" id=\"d12\" />\n"
    "  <graph edgedefault=\"undirected\">\n"
    "    <data key=\"d12\">ZooNet</data>\n"
    "    <node id=\"0\"><data key=\"d29\">52.37</data><data key=\"d32\">4.89</data>"
    "<data key=\"d33\">Amsterdam</data><data key=\"d31\">0</data></node>\n"
    "    <node id=\"1\"><data key=\"d29\">50.85</data><data key=\"d32\">4.35</data>"
    "<data key=\"d33\">Brussels</data><data key=\"d31\">1</data></node>\n"
    "    <node id=\"2\"><data key=\"d33\"></data></node>\n"
    "    <edge source=\"0\" target=\"1\"><data key=\"d40\">2500000000.0</data>"
    "<data key=\"d39\">e60</data></edge>\n"
    "    <edge source=\"1\" target=\"2\"><data key=\"d39\">e61</data></edge>\n"
    "  </graph>\n"
    "</graphml>\n";

static void test_graphml_read_zoo_aliases_and_ids(void **state)
{
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(zoo, NULL, &t, &err), FP_OK);
    assert_string_equal(t.name, "ZooNet");
    assert_int_equal(t.n_nodes, 3);
    assert_int_equal(t.n_spans, 2);
    assert_string_equal(t.span_id[0], "e0");   /* e<index>, not the data key id "e60" */
    assert_string_equal(t.span_id[1], "e1");
    assert_string_equal(t.node_name[0], "Amsterdam");
    assert_null(t.node_name[2]);               /* empty label = absent (Internet2 hyperedges) */
    assert_close(t.lat[0], 52.37, 0);
    assert_close(t.lon[1], 4.35, 0);
    assert_true(isnan(t.lat[2]));
    assert_close(t.capacity_gbps[0], 2.5, 1e-12);   /* LinkSpeedRaw 2.5e9 bit/s */
    assert_true(t.capacity_given[0]);
    assert_false(t.capacity_given[1]);
    assert_close(t.capacity_gbps[1], 0.0, 0);
    assert_int_equal(fp_topo_find_span(&t, "e1"), 1);
    assert_int_equal(fp_topo_find_node(&t, "2"), 2);
    assert_int_equal(fp_topo_find_node(&t, "3"), -1);
    assert_false(fp_topo_is_site(&t, 0));   /* Zoo nodes are transit */
    fp_topo_release(&t);
}

/* `name` wins over its alias `label` in either order; capacity_gbps over LinkSpeedRaw. */
static void test_graphml_read_primary_beats_alias(void **state)
{
    static const char text[] =
        "<graphml>\n"
        "<key id=\"n\" for=\"node\" attr.name=\"name\"/><key id=\"l\" for=\"node\" attr.name=\"label\"/>\n"
        "<key id=\"c\" for=\"edge\" attr.name=\"capacity_gbps\"/>"
        "<key id=\"r\" for=\"edge\" attr.name=\"LinkSpeedRaw\"/>\n"
        "<graph>\n"
        "<node id=\"a\"><data key=\"l\">label-a</data><data key=\"n\">name-a</data></node>\n"
        "<node id=\"b\"><data key=\"n\">name-b</data><data key=\"l\">label-b</data></node>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"r\">1e10</data><data key=\"c\">400</data></edge>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"c\">400</data><data key=\"r\">1e10</data></edge>\n"
        "</graph></graphml>\n";
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_string_equal(t.node_name[0], "name-a");
    assert_string_equal(t.node_name[1], "name-b");
    assert_close(t.capacity_gbps[0], 400.0, 0);
    assert_close(t.capacity_gbps[1], 400.0, 0);
    fp_topo_release(&t);
}

/* A key's <default> applies to elements without that data; `for="all"` keys apply anywhere. */
static void test_graphml_read_defaults(void **state)
{
    static const char text[] =
        "<graphml>\n"
        "<key id=\"c\" for=\"edge\" attr.name=\"capacity_gbps\"><default>100</default></key>\n"
        "<key id=\"s\" for=\"edge\" attr.name=\"status\"><default>candidate</default></key>\n"
        "<key id=\"t\" for=\"all\" attr.name=\"type\"><default>datacenter</default></key>\n"
        "<key id=\"g\" for=\"node\" attr.name=\"gpus\"><default>8</default></key>\n"
        "<graph>\n"
        "<node id=\"a\"/><node id=\"b\"><data key=\"t\">pop</data></node>\n"
        "<edge source=\"a\" target=\"b\"/>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"c\">7</data><data key=\"s\">lit</data></edge>\n"
        "</graph></graphml>\n";
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_close(t.capacity_gbps[0], 100.0, 0);
    assert_true(t.capacity_given[0]);
    assert_int_equal(t.status[0], FP_SPAN_CANDIDATE);
    assert_close(t.capacity_gbps[1], 7.0, 0);
    assert_int_equal(t.status[1], FP_SPAN_LIT);
    assert_true(fp_topo_is_site(&t, 0));    /* datacenter by default, 8 GPUs */
    assert_false(fp_topo_is_site(&t, 1));   /* type pop */
    fp_topo_release(&t);
}

/* Self-loops are dropped with a warning, but keep their place in e<index> numbering;
 * parallel spans are kept and reported. */
static void test_graphml_read_self_loop_and_parallel(void **state)
{
    static const char text[] = GRAPHML_HEAD
        "<node id=\"a\"/><node id=\"b\"/>\n"
        "<edge source=\"a\" target=\"a\"/>\n"
        "<edge source=\"a\" target=\"b\"/>\n"
        "<edge id=\"p2\" source=\"b\" target=\"a\"/>\n" GRAPHML_TAIL;
    struct fp_topo t;
    struct fp_error err;
    igraph_integer_t i;
    bool loop_warned = false, parallel_warned = false;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_int_equal(t.n_spans, 2);
    assert_string_equal(t.span_id[0], "e1");
    assert_string_equal(t.span_id[1], "p2");
    assert_int_equal(igraph_ecount(&t.graph), 2);
    for (i = 0; i < t.n_warnings; i++) {
        loop_warned |= strstr(t.warnings[i], "self-loop 'e0' at line 20 dropped") != NULL;
        parallel_warned |= strstr(t.warnings[i], "1 node pair joined by parallel spans: 'a'-'b'") != NULL;
    }
    assert_true(loop_warned);
    assert_true(parallel_warned);
    fp_topo_release(&t);
}

static void expect_error(const char *text, int rc, long line, const char *msg)
{
    struct fp_topo t;
    struct fp_error err;
    assert_int_equal(load_text(text, NULL, &t, &err), rc);
    assert_int_equal(err.rc, rc);
    assert_int_equal(err.line, line);
    assert_string_equal(err.msg, msg);
    assert_null(t.node_id);   /* released on failure */
}

static void test_graphml_read_data_errors(void **state)
{
    (void)state;
    /* GRAPHML_HEAD is 18 lines; the body starts on line 19. */
    expect_error(GRAPHML_HEAD "<node id=\"a\"/><node id=\"b\"/>\n"
                 "<edge source=\"a\" target=\"b\"><data key=\"cap\">-10</data></edge>\n" GRAPHML_TAIL,
                 FP_EDATA, 20, "span 'e0': capacity_gbps must be a number >= 0, got '-10'");
    expect_error(GRAPHML_HEAD "<node id=\"a\"><data key=\"lat\">91</data></node>\n" GRAPHML_TAIL,
                 FP_EDATA, 19, "node 'a': lat must be a number in [-90, 90], got '91'");
    expect_error(GRAPHML_HEAD "<node id=\"a\"><data key=\"gpus\">1.5</data></node>\n" GRAPHML_TAIL,
                 FP_EDATA, 19, "node 'a': gpus must be an integer >= 0, got '1.5'");
    expect_error(GRAPHML_HEAD "<node id=\"a\"/>\n<node id=\"a\"/>\n" GRAPHML_TAIL, FP_EDATA, 20,
                 "duplicate node id 'a' (first at line 19)");
    expect_error(GRAPHML_HEAD "<node id=\"a\"/>\n<edge source=\"a\" target=\"zz\"/>\n" GRAPHML_TAIL,
                 FP_EDATA, 20, "edge 'e0': target 'zz' is not a node");
    expect_error(GRAPHML_HEAD "<node id=\"a\"/><node id=\"b\"/>\n"
                 "<edge id=\"e1\" source=\"a\" target=\"b\"/>\n<edge source=\"a\" target=\"b\"/>\n"
                 GRAPHML_TAIL, FP_EDATA, 21, "duplicate span id 'e1' (first at line 20)");
    expect_error(GRAPHML_HEAD "<node id=\"a\"><data key=\"cap\">5</data></node>\n" GRAPHML_TAIL,
                 FP_EDATA, 19, "data key 'cap' is declared for edges, used on nodes");
    expect_error(GRAPHML_HEAD "<node id=\"a\"><data key=\"nope\">5</data></node>\n" GRAPHML_TAIL,
                 FP_EDATA, 19, "data key 'nope' is not declared by a <key>");
    expect_error(GRAPHML_HEAD "<node id=\"a\"/><node id=\"b\"/>\n"
                 "<edge source=\"a\" target=\"b\"><data key=\"status\">planned</data></edge>\n"
                 GRAPHML_TAIL, FP_EDATA, 20, "span 'e0': status must be 'lit' or 'candidate', got 'planned'");
    expect_error("<graphml><key id=\"k\"/></graphml>\n", FP_EDATA, 1, "<graphml> has no <graph> element");
}

/* The reader streams, yet the file's element order does not matter: edges before their nodes,
 * a key declared after the graph, graph data between nodes; text of a <data> is all its
 * character data (CDATA, entities, nested elements); '&' in an attribute comes back as '&';
 * only the first <graph> counts; a semantic error waits for the whole file to be well-formed. */
static void test_graphml_read_any_order(void **state)
{
    static const char text[] =
        "<graphml>\n"
        "<key id=\"g\" for=\"node\" attr.name=\"gpus\"><default>8</default><default>9</default></key>\n"
        "<graph id=\"A&amp;B\">\n"
        "<edge id=\"x&amp;y\" source=\"p&amp;q\" target=\"r\"><data key=\"c\">4<![CDATA[00]]></data></edge>\n"
        "<node id=\"p&amp;q\"><data key=\"n\">Tom &amp; <b>Jerry</b></data></node>\n"
        "<data key=\"params\">&#49;e9</data>\n"
        "<node id=\"r\"><data key=\"g\">16</data></node>\n"
        "<hyperedge/>\n"
        "</graph>\n"
        "<graph><node id=\"ignored\"/></graph>\n"
        "<key id=\"c\" for=\"edge\" attr.name=\"capacity_gbps\"/>\n"
        "<key id=\"n\" for=\"node\" attr.name=\"name\"/>\n"
        "<key id=\"params\" for=\"graph\" attr.name=\"params\"/>\n"
        "</graphml>\n";
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_string_equal(t.name, "A&B");
    assert_int_equal(t.n_nodes, 2);
    assert_int_equal(t.n_spans, 1);
    assert_string_equal(t.node_id[0], "p&q");
    assert_string_equal(t.node_name[0], "Tom & Jerry");
    assert_string_equal(t.span_id[0], "x&y");
    assert_close(t.capacity_gbps[0], 400.0, 0);
    assert_int_equal(t.gpus[0], 8);       /* the first <default> */
    assert_int_equal(t.gpus[1], 16);
    assert_close(t.params, 1e9, 0);
    assert_int_equal(fp_topo_find_node(&t, "ignored"), -1);
    fp_topo_release(&t);

    /* the bad capacity on line 2 is not reported: the file is not well-formed (line 3) */
    expect_error("<graphml><key id=\"c\" for=\"edge\" attr.name=\"capacity_gbps\"/><graph>\n"
                 "<node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"><data key=\"c\">-1</data></edge>\n"
                 "</graph></graphmlx>\n", FP_EDATA, 3,
                 "not well-formed XML: opening and ending tag mismatch: graphml line 1 and graphmlx");
    expect_error("", FP_EDATA, 1, "not well-formed XML: document is empty");
}

/* XML-level defects and hardening: well-formedness, DOCTYPE/entities refused. */
static void test_graphml_read_xml_errors(void **state)
{
    (void)state;
    expect_error("<graphml>\n<graph>\n<node id=\"a\">\n</graph>\n</graphml>\n", FP_EDATA, 4,
                 "not well-formed XML: opening and ending tag mismatch: node line 3 and graph");
    expect_error("<?xml version=\"1.0\"?>\n<!DOCTYPE graphml [\n<!ENTITY xxe SYSTEM "
                 "\"file:///etc/passwd\">\n]>\n<graphml>&xxe;</graphml>\n", FP_EDATA, 2,
                 "a DOCTYPE is not allowed (DTDs and entities are refused)");
    expect_error("<?xml version=\"1.0\"?>\n<topology/>\n", FP_EDATA, 2,
                 "root element <topology> is neither <graphml> nor an SNDlib <network>");
}

/* The writer's output reads back to the same network, bit for bit in every number the model
 * uses; a planned capacity on a candidate writes it built (lit, the planned capacity). */
static void test_graphmlout_dumps_round_trip(void **state)
{
    struct fp_topo_options to;
    struct fp_topo a, b;
    struct fp_error err;
    double *planned;
    char *text;
    igraph_integer_t e, v, c02;
    (void)state;
    fp_topo_options_init(&to);
    memset(&a, 0, sizeof(a));
    assert_int_equal(fp_topofile_read("topologies/stargate-us.graphml", &to, &a, &err), FP_OK);
    text = fp_graphmlout_dumps(&a, NULL, NULL, 0);
    assert_non_null(text);
    assert_int_equal(load_text(text, NULL, &b, &err), FP_OK);
    free(text);
    assert_string_equal(b.name, a.name);
    assert_int_equal(b.n_nodes, a.n_nodes);
    assert_int_equal(b.n_spans, a.n_spans);
    for (v = 0; v < a.n_nodes; v++) {
        assert_string_equal(b.node_id[v], a.node_id[v]);
        assert_memory_equal(&b.lat[v], &a.lat[v], sizeof(double));
        assert_memory_equal(&b.lon[v], &a.lon[v], sizeof(double));
        assert_int_equal(b.gpus[v], a.gpus[v]);
    }
    for (e = 0; e < a.n_spans; e++) {
        assert_string_equal(b.span_id[e], a.span_id[e]);
        assert_int_equal(b.span_from[e], a.span_from[e]);
        assert_memory_equal(&b.delay_s[e], &a.delay_s[e], sizeof(double));
        assert_memory_equal(&b.capacity_gbps[e], &a.capacity_gbps[e], sizeof(double));
        assert_memory_equal(&b.ceiling_gbps[e], &a.ceiling_gbps[e], sizeof(double));
        assert_int_equal(b.status[e], a.status[e]);
        assert_true((b.srlg[e] == NULL) == (a.srlg[e] == NULL));
    }
    fp_topo_release(&b);
    /* a plan: c02 (candidate, 0 today) gets 1,600 Gbit/s; every lit span keeps its capacity */
    c02 = fp_topo_find_span(&a, "c02");
    assert_true(c02 >= 0 && !fp_topo_is_lit(&a, c02));
    planned = calloc((size_t)a.n_spans, sizeof(double));
    for (e = 0; e < a.n_spans; e++) {
        planned[e] = fp_topo_is_lit(&a, e) ? a.capacity_gbps[e] : 0.0;
    }
    planned[c02] = 1600.0;
    text = fp_graphmlout_dumps(&a, planned, NULL, 0);
    assert_int_equal(load_text(text, NULL, &b, &err), FP_OK);
    free(text);
    assert_true(fp_topo_is_lit(&b, c02));
    assert_close(b.capacity_gbps[c02], 1600.0, 0);
    assert_true(isnan(b.build_cost[c02]));
    assert_false(fp_topo_is_lit(&b, fp_topo_find_span(&b, "c01")));   /* still a candidate */
    free(planned);
    fp_topo_release(&b);
    fp_topo_release(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_graphml_read_zoo_aliases_and_ids),
        cmocka_unit_test(test_graphml_read_primary_beats_alias),
        cmocka_unit_test(test_graphml_read_defaults),
        cmocka_unit_test(test_graphml_read_self_loop_and_parallel),
        cmocka_unit_test(test_graphml_read_data_errors),
        cmocka_unit_test(test_graphml_read_any_order),
        cmocka_unit_test(test_graphml_read_xml_errors),
        cmocka_unit_test(test_graphmlout_dumps_round_trip),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests_name("graphml", tests, NULL, NULL);
}
