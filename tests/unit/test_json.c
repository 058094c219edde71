/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: io/json.c (numbers snapped in result JSON) and io/textfmt.c (numbers for people),
 * issue 23's output hygiene. */
#include "helpers.h"

#include "io/json_internal.h"
#include "io/textfmt.h"

/* Within 1e-9 (relative) of a number of at most 6 significant digits: that number. */
static void test_json_snap_noise(void **state)
{
    (void)state;
    assert_true(fp_json_snap(1.00000000000001) == 1.0);
    assert_true(fp_json_snap(0.999999999995732) == 1.0);
    assert_true(fp_json_snap(99999999.9998594) == 1e8);
    assert_true(fp_json_snap(1600.00000000037) == 1600.0);
    assert_true(fp_json_snap(0.749999999999999) == 0.75);
    assert_true(fp_json_snap(-51200.0000000001) == -51200.0);
}

/* Everything else keeps full precision: real digits, tiny values, 0, non-finite. */
static void test_json_snap_keeps_values(void **state)
{
    (void)state;
    assert_true(fp_json_snap(97694.4444443468) == 97694.4444443468);
    assert_true(fp_json_snap(0.0833333333333525) == 0.0833333333333525);
    assert_true(fp_json_snap(2.09551252299561e-09) == 2.09551252299561e-09);
    assert_true(fp_json_snap(1.89e-14) == 1.89e-14);           /* only a "gap" key zeroes it */
    assert_true(fp_json_snap(1.0000001) == 1.0000001);         /* 1e-7 off: a real difference */
    assert_true(fp_json_snap(0.0) == 0.0);
    assert_true(isnan(fp_json_snap(NAN)));
}

/* A dumped result: reals snapped, a tiny "gap" is 0, other tiny values stay. */
static void test_json_dump_snaps(void **state)
{
    json_t *root = json_object();
    char *text;
    (void)state;
    json_object_set_new(root, "utilization", json_real(1.00000000000001));
    json_object_set_new(root, "gap", json_real(1.89e-16));
    json_object_set_new(root, "seconds_per_usd", json_real(2.5e-10));
    text = fp_json_dump(root);
    assert_string_equal(text, "{\n  \"utilization\": 1.0,\n  \"gap\": 0.0,\n  \"seconds_per_usd\": 2.5e-10\n}\n");
    free(text);
}

/* Percentages for people: 3 significant digits, 0% under 0.01%. */
static void test_textfmt_percent(void **state)
{
    char buf[32];
    (void)state;
    assert_string_equal(fp_textfmt_percent(buf, sizeof(buf), 1.89e-16), "0%");
    assert_string_equal(fp_textfmt_percent(buf, sizeof(buf), 0.0), "0%");
    assert_string_equal(fp_textfmt_percent(buf, sizeof(buf), 0.0667), "6.67%");
    assert_string_equal(fp_textfmt_percent(buf, sizeof(buf), 0.00123), "0.123%");
    assert_string_equal(fp_textfmt_percent(buf, sizeof(buf), 1.0), "100%");
    assert_string_equal(fp_textfmt_percent(buf, sizeof(buf), NAN), "-");
}

/* Numbers for people: 4 significant digits, exponents without '+' or leading zeros. */
static void test_textfmt_short(void **state)
{
    char buf[32];
    (void)state;
    assert_string_equal(fp_textfmt_short(buf, sizeof(buf), 1.8e12), "1.8e12");
    assert_string_equal(fp_textfmt_short(buf, sizeof(buf), 4.05e11), "4.05e11");
    assert_string_equal(fp_textfmt_short(buf, sizeof(buf), 2e-5), "2e-5");
    assert_string_equal(fp_textfmt_short(buf, sizeof(buf), 3.6), "3.6");
    assert_string_equal(fp_textfmt_short(buf, sizeof(buf), 2.0), "2");
    assert_string_equal(fp_textfmt_short(buf, sizeof(buf), 1e10), "1e10");
    assert_string_equal(fp_textfmt_short(buf, sizeof(buf), INFINITY), "-");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_snap_noise),
        cmocka_unit_test(test_json_snap_keeps_values),
        cmocka_unit_test(test_json_dump_snaps),
        cmocka_unit_test(test_textfmt_percent),
        cmocka_unit_test(test_textfmt_short),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
