/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: strict number parsing (core/parse.c). */
#include "helpers.h"

#include "core/parse.h"

static void test_parse_double_accepts_decimal(void **state)
{
    double v = 0;
    (void)state;
    assert_int_equal(fp_parse_double("1.5", &v), 0);
    assert_close(v, 1.5, 0);
    assert_int_equal(fp_parse_double(" 12.5 \n", &v), 0);   /* SNDlib pads values */
    assert_close(v, 12.5, 0);
    assert_int_equal(fp_parse_double("1.8e12", &v), 0);
    assert_close(v, 1.8e12, 0);
    assert_int_equal(fp_parse_double("-3", &v), 0);
    assert_close(v, -3.0, 0);
    assert_int_equal(fp_parse_double(".5", &v), 0);
    assert_close(v, 0.5, 0);
    assert_int_equal(fp_parse_double("+7.", &v), 0);
    assert_close(v, 7.0, 0);
}

static void test_parse_double_rejects_garbage(void **state)
{
    static const char *const bad[] = {"", "  ", "1e", "1e+", "nan", "NaN", "inf", "-Infinity",
                                      "0x10", "1.5x", "--1", "1,5", ".", "e5", "1e400", "12 13"};
    size_t i;
    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        double v = 42.0;
        if (fp_parse_double(bad[i], &v) != -1) {
            fail_msg("accepted '%s'", bad[i]);
        }
        assert_close(v, 42.0, 0);   /* out-parameter untouched on failure */
    }
    assert_int_equal(fp_parse_double(NULL, NULL), -1);
}

static void test_parse_integer_integral_only(void **state)
{
    long long n = 0;
    (void)state;
    assert_int_equal(fp_parse_integer("450000", &n), 0);
    assert_int_equal(n, 450000);
    assert_int_equal(fp_parse_integer("4.5e5", &n), 0);
    assert_int_equal(n, 450000);
    assert_int_equal(fp_parse_integer("450000.0", &n), 0);
    assert_int_equal(fp_parse_integer("1.5", &n), -1);
    assert_int_equal(fp_parse_integer("1e19", &n), -1);
}

static void test_parse_trim_and_blank(void **state)
{
    char *t = fp_parse_trim("\t a b \r\n");
    (void)state;
    assert_string_equal(t, "a b");
    free(t);
    assert_true(fp_parse_blank(NULL));
    assert_true(fp_parse_blank(" \n\t"));
    assert_false(fp_parse_blank(" x "));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_double_accepts_decimal),
        cmocka_unit_test(test_parse_double_rejects_garbage),
        cmocka_unit_test(test_parse_integer_integral_only),
        cmocka_unit_test(test_parse_trim_and_blank),
    };
    return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
