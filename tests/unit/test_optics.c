/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: MODEL.md "Optics" (core/optics.c) and pairs lit as plan decisions (the plan engine),
 * values derived by hand from REFERENCE.md §2.1 and §7. */
#include "helpers.h"

#include "core/job.h"
#include "core/optics.h"
#include "io/costs.h"
#include "solvers/plan.h"
#include "solvers/route.h"

#define OPT_HEAD                                                                              \
    "<?xml version=\"1.0\"?>\n<graphml>\n"                                                     \
    "<key id=\"type\" for=\"node\" attr.name=\"type\"/><key id=\"gpus\" for=\"node\" attr.name=\"gpus\"/>\n" \
    "<key id=\"len\" for=\"edge\" attr.name=\"length_km\"/><key id=\"cap\" for=\"edge\" attr.name=\"capacity_gbps\"/>\n" \
    "<key id=\"mc\" for=\"edge\" attr.name=\"module_cost\"/><key id=\"max\" for=\"edge\" attr.name=\"max_capacity_gbps\"/>\n" \
    "<key id=\"lit\" for=\"edge\" attr.name=\"lit_pairs\"/><key id=\"dark\" for=\"edge\" attr.name=\"dark_pairs\"/>\n" \
    "<key id=\"fp\" for=\"edge\" attr.name=\"fiber_pairs\"/>\n"                               \
    "<graph>\n"                                                                               \
    "<node id=\"a\"><data key=\"type\">datacenter</data><data key=\"gpus\">8</data></node>\n"  \
    "<node id=\"b\"><data key=\"type\">datacenter</data><data key=\"gpus\">8</data></node>\n"
#define OPT_TAIL "</graph>\n</graphml>\n"

static void load_default(const char *text, struct fp_topo *t, bool regenerate, int expect)
{
    struct fp_cost_model cm;
    struct fp_error err;
    assert_int_equal(load_text(text, NULL, t, &err), FP_OK);
    fp_cost_model_default(&cm);
    assert_int_equal(fp_optics_apply(t, &cm, regenerate, &err), expect);
    fp_cost_model_release(&cm);
}

/* The default model's tables as REFERENCE.md states them. */
static void test_default_model(void **state)
{
    struct fp_cost_model cm;
    (void)state;
    fp_cost_model_default(&cm);
    assert_int_equal(cm.n_modes, 3);
    assert_close(cm.band_ghz, 4800.0, 0);
    /* §7: M 30,000 (<= 120 km), R 50,000 (<= 1,000 km), L 66,000 per wavelength, both ends */
    assert_string_equal(cm.modes[fp_cost_model_mode_for(&cm, 120.0)].name, "800ZR");
    assert_close(cm.modes[fp_cost_model_mode_for(&cm, 120.0)].usd_per_wavelength, 30000.0, 0);
    assert_string_equal(cm.modes[fp_cost_model_mode_for(&cm, 120.5)].name, "800G-ZR+");
    assert_string_equal(cm.modes[fp_cost_model_mode_for(&cm, 1000.0)].name, "800G-ZR+");
    assert_string_equal(cm.modes[fp_cost_model_mode_for(&cm, 1000.5)].name, "400G-LH");
    assert_close(cm.modes[fp_cost_model_mode_for(&cm, 2000.0)].usd_per_wavelength, 66000.0, 0);
    assert_int_equal(fp_cost_model_mode_for(&cm, 3000.5), -1);
    /* ILAs: max(0, ceil(L / 80) - 1) */
    assert_true(fp_cost_model_ilas(&cm, 80.0) == 0);
    assert_true(fp_cost_model_ilas(&cm, 81.0) == 1);
    assert_true(fp_cost_model_ilas(&cm, 500.0) == 6);
    assert_true(fp_cost_model_ilas(&cm, 0.0) == 0);
    fp_cost_model_release(&cm);
}

/* Acceptance: a 500 km span, 2 lit pairs and 1 dark under the default model. 500 km is past
 * 800ZR's 120 km and within 800G-ZR+'s 1,000 km: 800 Gbit/s in a 150 GHz slot, floor(4,800 /
 * 150) = 32 wavelengths per pair, 25,600 Gbit/s a pair; ceiling 3 pairs x 25,600 = 76,800.
 * Lighting the dark pair: ceil(500 / 80) - 1 = 6 ILAs x $60,000 + 500 km x $1,000 (IRU) =
 * $860,000. A wavelength costs $50,000 (2 x (20,000 optic + 5,000 port)): $62.5 per Gbit/s. */
static void test_500km(void **state)
{
    struct fp_topo t;
    const struct fp_optics *o;
    (void)state;
    load_default(OPT_HEAD "<edge id=\"e\" source=\"a\" target=\"b\"><data key=\"len\">500</data>"
                 "<data key=\"cap\">51200</data><data key=\"lit\">2</data><data key=\"dark\">1</data></edge>\n" OPT_TAIL,
                 &t, false, FP_OK);
    o = t.optics;
    assert_string_equal(o->model.modes[o->mode[0]].name, "800G-ZR+");
    assert_true(o->wl_per_pair[0] == 32);
    assert_close(o->pair_gbps[0], 25600.0, 0);
    assert_close(t.ceiling_gbps[0], 76800.0, 0);
    assert_true(o->ilas[0] == 6);
    assert_close(o->pair_usd[0], 860000.0, 0);
    assert_close(t.module_gbps[0], 800.0, 0);
    assert_close(t.module_cost[0], 50000.0, 0);
    assert_close(t.cost_per_gbps[0], 62.5, 0);
    assert_true(o->pairs_apply[0]);
    /* the lit pairs are full (51,200): one wavelength more needs the dark pair lit */
    assert_close(fp_optics_pairs_needed(&t, 0, 0.0), 0.0, 0);
    assert_close(fp_optics_pairs_needed(&t, 0, 800.0), 1.0, 0);
    assert_close(fp_optics_pairs_needed(&t, 0, 25600.0), 1.0, 0);
    fp_topo_release(&t);
}

/* fiber_pairs without lit/dark: lit is what the capacity needs (at least one), the rest dark;
 * nothing at all: one lit, the model's 2 dark. Explicit attributes win: module_cost and
 * max_capacity_gbps (then no pairs to light: the ceiling is the user's). */
static void test_pairs_and_overrides(void **state)
{
    struct fp_topo t;
    const struct fp_optics *o;
    (void)state;
    load_default(OPT_HEAD
                 "<edge id=\"f\" source=\"a\" target=\"b\"><data key=\"len\">60</data><data key=\"cap\">30000</data>"
                 "<data key=\"fp\">8</data></edge>\n"
                 "<edge id=\"n\" source=\"a\" target=\"b\"><data key=\"len\">1500</data><data key=\"cap\">100</data></edge>\n"
                 "<edge id=\"x\" source=\"a\" target=\"b\"><data key=\"len\">300</data><data key=\"cap\">100</data>"
                 "<data key=\"mc\">12345</data><data key=\"max\">9000</data></edge>\n"
                 "<edge id=\"r\" source=\"a\" target=\"b\"><data key=\"len\">60</data><data key=\"cap\">30000</data>"
                 "<data key=\"lit\">1</data><data key=\"dark\">3</data></edge>\n" OPT_TAIL,
                 &t, false, FP_OK);
    o = t.optics;
    /* 30,000 on 25,600 pairs: 2 lit of 8, 6 dark; ceiling 8 x 25,600 */
    assert_true(o->lit[0] == 2 && o->dark[0] == 6);
    assert_close(t.ceiling_gbps[0], 204800.0, 0);
    assert_close(o->pair_usd[0], 60000.0, 0);       /* 0 ILAs at 60 km, 60 km x $1,000 */
    /* 1,500 km: 400G-LH, 64 x 400 = 25,600 a pair; 1 lit + 2 dark; 18 ILAs */
    assert_string_equal(o->model.modes[o->mode[1]].name, "400G-LH");
    assert_true(o->wl_per_pair[1] == 64 && o->lit[1] == 1 && o->dark[1] == 2);
    assert_close(t.ceiling_gbps[1], 76800.0, 0);
    assert_close(o->pair_usd[1], 18 * 60000.0 + 1500 * 1000.0, 0);
    assert_close(t.cost_per_gbps[1], 66000.0 / 400.0, 1e-12);
    assert_close(t.module_cost[2], 12345.0, 0);
    assert_close(t.ceiling_gbps[2], 9000.0, 0);
    assert_false(o->pairs_apply[2]);
    /* lit_pairs 1 cannot hold 30,000: raised to 2 (with a warning), dark as given */
    assert_true(o->lit[3] == 2 && o->dark[3] == 3);
    assert_true(t.n_warnings >= 1);
    fp_topo_release(&t);
}

/* fp_optics_dup for the network a phase left (MODEL.md "Phases", "Optics"): span f of the test
 * above, 30,000 Gbit/s on 2 lit pairs of 25,600: room 51,200 - 30,000 = 21,200; with half a
 * pair more lit (a continuous plan's) 21,200 + 12,800 = 34,000. A span copied beyond the
 * topology's is f's; the spans past it have no mode. */
static void test_optics_dup_part_lit(void **state)
{
    struct fp_topo t, view;
    struct fp_optics *d;
    (void)state;
    load_default(OPT_HEAD
                 "<edge id=\"f\" source=\"a\" target=\"b\"><data key=\"len\">60</data><data key=\"cap\">30000</data>"
                 "<data key=\"fp\">8</data></edge>\n" OPT_TAIL,
                 &t, false, FP_OK);
    d = fp_optics_dup(t.optics, t.n_spans, t.n_spans + 2);
    fp_optics_copy_span(d, 1, d, 0);
    d->lit[0] += 0.5;
    d->dark[0] -= 0.5;
    view = t;
    view.optics = d;
    assert_close(fp_optics_lit_room(&t, 0, 0.0), 21200.0, 0);
    assert_close(fp_optics_lit_room(&view, 0, 0.0), 34000.0, 0);
    assert_close(d->dark[0], 5.5, 0);
    assert_true(d->lit[1] == 2 && d->dark[1] == 6 && d->mode[1] == t.optics->mode[0]);
    assert_close(d->pair_usd[1], 60000.0, 0);
    assert_true(d->mode[2] == -1 && !d->pairs_apply[2]);
    fp_optics_free(d);
    fp_topo_release(&t);
}

/* Beyond every reach: an error naming the span and its length; with --regenerate the
 * longest-reach mode in ceil(3,500 / 3,000) = 2 sections, each paying its own ends. */
static void test_regenerate(void **state)
{
    struct fp_topo t;
    struct fp_cost_model cm;
    struct fp_error err;
    const char *text = OPT_HEAD "<edge id=\"far\" source=\"a\" target=\"b\"><data key=\"len\">3500</data>"
                       "<data key=\"cap\">100</data></edge>\n" OPT_TAIL;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    fp_cost_model_default(&cm);
    fp_error_init(&err);
    assert_int_equal(fp_optics_apply(&t, &cm, false, &err), FP_EDATA);
    assert_non_null(strstr(err.msg, "span 'far': 3500 km is beyond every mode's reach"));
    assert_non_null(strstr(err.msg, "--regenerate"));
    assert_true(err.line > 0);
    fp_cost_model_release(&cm);
    fp_topo_release(&t);
    load_default(text, &t, true, FP_OK);
    assert_true(t.optics->segments[0] == 2);
    assert_close(t.module_cost[0], 2 * 66000.0, 0);
    assert_close(t.cost_per_gbps[0], 2 * 66000.0 / 400.0, 1e-12);
    fp_topo_release(&t);
}

/* A cost model file: the scalars it leaves out are the default's; bad values are named. */
static void test_costs_file(void **state)
{
    struct fp_cost_model cm;
    struct fp_error err;
    const char *path;
    (void)state;
    path = write_temp("{\"schema\": \"fiberplan.costs/1\", \"modes\": [{\"name\": \"m\", \"gbps\": 400, "
                      "\"reach_km\": 5000, \"slot_ghz\": 100, \"usd_per_wavelength\": 1000}], \"ila_usd\": 7}");
    fp_error_init(&err);
    assert_int_equal(fp_costs_read(path, &cm, &err), FP_OK);
    assert_int_equal(cm.n_modes, 1);
    assert_close(cm.ila_usd, 7.0, 0);
    assert_close(cm.band_ghz, 4800.0, 0);
    assert_true(cm.dark_pairs == 2);
    assert_int_equal(fp_cost_model_mode_for(&cm, 4000.0), 0);
    fp_cost_model_release(&cm);
    unlink(path);
    path = write_temp("{\"schema\": \"fiberplan.costs/1\", \"modes\": [{\"name\": \"m\", \"gbps\": -4, "
                      "\"reach_km\": 5000, \"slot_ghz\": 100, \"usd_per_wavelength\": 1000}]}");
    fp_error_init(&err);
    assert_int_equal(fp_costs_read(path, &cm, &err), FP_EDATA);
    assert_string_equal(err.msg, "modes[0].gbps must be > 0, got -4");
    unlink(path);
    path = write_temp("{\"schema\": \"fiberplan.costs/1\", \"modes\": [], \"ila\": 3}");
    fp_error_init(&err);
    assert_int_equal(fp_costs_read(path, &cm, &err), FP_EDATA);
    assert_non_null(strstr(err.msg, "unknown key \"ila\""));
    unlink(path);
}

/* Three parallel spans a-b, each 100 km (800ZR, 25,600 a pair, 1 ILA: a pair costs $60,000 +
 * $100,000 = $160,000). s1: its lit pair full, one dark, $10,000 a wavelength; s2 and s3: 2
 * wavelengths free on their lit pair, no dark, $55,000 a wavelength. */
#define STEP_NET OPT_HEAD                                                                     \
    "<edge id=\"s1\" source=\"a\" target=\"b\"><data key=\"len\">100</data><data key=\"cap\">25600</data>" \
    "<data key=\"mc\">10000</data><data key=\"lit\">1</data><data key=\"dark\">1</data></edge>\n" \
    "<edge id=\"s2\" source=\"a\" target=\"b\"><data key=\"len\">100</data><data key=\"cap\">24000</data>" \
    "<data key=\"mc\">55000</data><data key=\"lit\">1</data><data key=\"dark\">0</data></edge>\n" \
    "<edge id=\"s3\" source=\"a\" target=\"b\"><data key=\"len\">100</data><data key=\"cap\">24000</data>" \
    "<data key=\"mc\">55000</data><data key=\"lit\">1</data><data key=\"dark\">0</data></edge>\n" OPT_TAIL

/* The cheapest way to add k wavelengths (800 each) to STEP_NET, by brute force over every
 * plan: pairs lit on s1 (0 or 1), wavelengths on s1 (within its lit pairs) and on s2, s3. */
static double brute_force(int k)
{
    double best = INFINITY;
    int p, n1, n2, n3;
    for (p = 0; p <= 1; p++) {
        for (n1 = 0; n1 <= 32 * p; n1++) {
            for (n2 = 0; n2 <= 2; n2++) {
                for (n3 = 0; n3 <= 2; n3++) {
                    double usd = p * 160000.0 + n1 * 10000.0 + (n2 + n3) * 55000.0;
                    if (n1 + n2 + n3 >= k && usd < best) {
                        best = usd;
                    }
                }
            }
        }
    }
    return best;
}

/* Acceptance: lighting a pair is a step cost. For 4 wavelengths more the cheapest plan lights
 * s1's dark pair ($160,000 + 4 x $10,000 = $200,000), not 2 + 2 wavelengths on s2 and s3
 * ($220,000); the LP relaxation would price the pair by the part it uses ($60,000). Two sites:
 * theta is the cut, 73,600 today; 4 more wavelengths make 76,800, T_bw = 16 / 76,800 s (S = 2e9 B). */
static void test_pair_step_cost(void **state)
{
    struct fp_topo t;
    struct fp_job job;
    struct fp_job_spec flags, file;
    struct fp_route_options ro;
    struct fp_plan_options po;
    struct fp_route route;
    struct fp_plan plan;
    struct fp_error err;
    int k;
    (void)state;
    assert_close(brute_force(4), 200000.0, 0);
    for (k = 1; k <= 6; k++) {
        load_default(STEP_NET, &t, false, FP_OK);
        fp_job_spec_init(&flags);
        fp_job_spec_init(&file);
        flags.params = 1e9;
        assert_int_equal(fp_job_resolve(&t, &flags, &file, &job, &err), FP_OK);
        fp_route_options_init(&ro);
        fp_plan_options_init(&po);
        po.target_time_s = 16.0 / (73600.0 + 800.0 * k);
        po.modular = true;
        po.fixed_latency = true;
        po.latency_s = 0.0;
        memset(&route, 0, sizeof(route));
        memset(&plan, 0, sizeof(plan));
        fp_error_init(&err);
        assert_int_equal(fp_plan_solve(&t, &job, &ro, &po, &route, &plan, &err), FP_OK);
        assert_close(plan.cost_usd, brute_force(k), 1e-9);
        if (k == 4) {
            assert_close(plan.pairs_lit[0], 1.0, 0);
            assert_close(plan.added_gbps[0], 3200.0, 1e-9);
            assert_close(plan.added_gbps[1] + plan.added_gbps[2], 0.0, 0);
            assert_close(plan.span_cost_usd[0], 200000.0, 1e-9);
        }
        assert_true(route.theta_gbps >= 73600.0 + 800.0 * k - 1e-6);
        fp_result_plan_release(&plan);
        fp_result_route_release(&route);
        fp_job_release(&job);
        fp_topo_release(&t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_model),
        cmocka_unit_test(test_500km),
        cmocka_unit_test(test_pairs_and_overrides),
        cmocka_unit_test(test_optics_dup_part_lit),
        cmocka_unit_test(test_regenerate),
        cmocka_unit_test(test_costs_file),
        cmocka_unit_test(test_pair_step_cost),
    };
    return cmocka_run_group_tests_name("optics", tests, NULL, NULL);
}
