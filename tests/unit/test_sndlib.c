/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: SNDlib XML and native readers (io/sndlib.c). */
#include "helpers.h"

static const char xml[] =
    "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n"
    "<network xmlns=\"http://sndlib.zib.de/network\" version=\"1.0\">\n"
    " <meta><unit>MBITPERSEC</unit></meta>\n"
    " <networkStructure>\n"
    "  <nodes coordinatesType=\"geographical\">\n"
    "   <node id=\"A\"><coordinates><x>-84.38</x><y>33.75</y></coordinates></node>\n"
    "   <node id=\"B\"><coordinates><x>-87.62</x><y>41.83</y></coordinates></node>\n"
    "   <node id=\"C\"><coordinates><x>-74.0</x><y>40.7</y></coordinates></node>\n"
    "  </nodes>\n"
    "  <links>\n"
    "   <link id=\"A_B\"><source>A</source><target>B</target>\n"
    "    <preInstalledModule><capacity>9920.0</capacity><cost>0.0</cost></preInstalledModule>\n"
    "    <additionalModules>\n"
    "     <addModule><capacity>40000.0</capacity><cost>133.0</cost></addModule>\n"
    "     <addModule><capacity>10000.0</capacity><cost>50.0</cost></addModule>\n"
    "    </additionalModules>\n"
    "   </link>\n"
    "   <link id=\"B_C\"><source>B</source><target>C</target><setupCost>156.0</setupCost></link>\n"
    "  </links>\n"
    " </networkStructure>\n"
    " <demands>\n"
    "  <demand id=\"A_C\"><source>A</source><target>C</target><demandValue> 3580.0 </demandValue></demand>\n"
    "  <demand id=\"C_B\"><source>C</source><target>B</target><demandValue>0.0</demandValue></demand>\n"
    " </demands>\n"
    "</network>\n";

/* Mbit/s -> Gbit/s: 9,920 -> 9.92 capacity; modules 40,000 @ 133 and 10,000 @ 50:
 * the smallest (10 Gbit/s @ 50) is the --modular step, the best rate
 * min(133/40, 50/10) = 3.325 per Gbit/s the continuous cost; demand 3,580 -> 3.58 Gbit/s,
 * zero demands dropped; setupCost 156 kept as build_cost; x = lon, y = lat. */
static void test_sndlib_read_xml_units_modules_demands(void **state)
{
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(xml, NULL, &t, &err), FP_OK);
    assert_int_equal(t.format, FP_FORMAT_SNDLIB_XML);
    assert_int_equal(t.n_nodes, 3);
    assert_int_equal(t.n_spans, 2);
    assert_close(t.lat[0], 33.75, 0);
    assert_close(t.lon[0], -84.38, 0);
    assert_close(t.capacity_gbps[0], 9.92, 1e-12);
    assert_close(t.module_gbps[0], 10.0, 1e-12);
    assert_close(t.module_cost[0], 50.0, 0);
    assert_close(t.cost_per_gbps[0], 3.325, 1e-12);
    assert_false(t.capacity_given[1]);
    assert_close(t.build_cost[1], 156.0, 0);
    assert_int_equal(t.n_demands, 1);
    assert_string_equal(t.demands[0].id, "A_C");
    assert_int_equal(t.demands[0].src, 0);
    assert_int_equal(t.demands[0].dst, 2);
    assert_close(t.demands[0].gbps, 3.58, 1e-12);
    assert_int_equal(t.length_src[0], FP_LENGTH_GREAT_CIRCLE);
    fp_topo_release(&t);
}

static void test_sndlib_read_xml_errors(void **state)
{
    static const char bad_node[] =
        "<network xmlns=\"http://sndlib.zib.de/network\">\n<networkStructure>\n<nodes>\n"
        "<node id=\"A\"/>\n</nodes>\n<links>\n"
        "<link id=\"L\"><source>A</source><target>Z</target></link>\n"
        "</links>\n</networkStructure>\n</network>\n";
    static const char bad_cap[] =
        "<network xmlns=\"http://sndlib.zib.de/network\">\n<networkStructure>\n<nodes>\n"
        "<node id=\"A\"/><node id=\"B\"/>\n</nodes>\n<links>\n"
        "<link id=\"L\"><source>A</source><target>B</target>\n"
        "<preInstalledModule><capacity>lots</capacity></preInstalledModule></link>\n"
        "</links>\n</networkStructure>\n</network>\n";
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(bad_node, NULL, &t, &err), FP_EDATA);
    assert_int_equal(err.line, 7);
    assert_string_equal(err.msg, "link 'L': target 'Z' is not a node");
    assert_int_equal(load_text(bad_cap, NULL, &t, &err), FP_EDATA);
    assert_int_equal(err.line, 8);
    assert_string_equal(err.msg, "<capacity> must be a number, got 'lots'");
}

/* Native format: pixel coordinates (layout only), links with modules, demands. */
static void test_sndlib_read_native(void **state)
{
    static const char text[] =
        "?SNDlib native format; type: network; version: 1.0\n"
        "# network tiny\n"
        "META (\n  granularity = 1\n)\n"
        "NODES (\n  N0 ( 149.00 563.00 )\n  N1 ( 286.00 393.00 )\n  N2 ( 1 2 )\n)\n"
        "LINKS (\n  L1 ( N0 N1 ) 2488.00 0.00 0.00 10.00 ( 155.00 5.00 622.00 12.00 )\n"
        "  L2 ( N1 N2 ) 0.00 0.00 0.00 0.00 ( )\n)\n"
        "DEMANDS (\n  D1 ( N0 N2 ) 1 125.00 UNLIMITED\n)\n";
    struct fp_topo t;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    assert_int_equal(t.format, FP_FORMAT_SNDLIB_NATIVE);
    assert_int_equal(t.n_nodes, 3);
    assert_int_equal(t.n_spans, 2);
    assert_close(t.x[0], 149.0, 0);
    assert_true(isnan(t.lat[0]));
    assert_close(t.capacity_gbps[0], 2.488, 1e-12);
    assert_close(t.module_gbps[0], 0.155, 1e-12);
    assert_close(t.cost_per_gbps[0], 12.0 / 0.622, 1e-12);  /* min(5/0.155, 12/0.622) */
    assert_int_equal(t.n_demands, 1);
    assert_close(t.demands[0].gbps, 0.125, 1e-12);
    fp_topo_release(&t);

    assert_int_equal(load_text("?SNDlib native format\nNODES (\n A ( 1 2 )\n)\n"
                               "LINKS (\n L ( A B ) 1 0 0 0 ( )\n)\n", NULL, &t, &err), FP_EDATA);
    assert_int_equal(err.line, 6);
    assert_string_equal(err.msg, "link 'L': target 'B' is not a node");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sndlib_read_xml_units_modules_demands),
        cmocka_unit_test(test_sndlib_read_xml_errors),
        cmocka_unit_test(test_sndlib_read_native),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests_name("sndlib", tests, NULL, NULL);
}
