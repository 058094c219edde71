/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: a result's provenance (io/provenance.c): SHA-256 and the stamped keys. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#include "io/provenance.h"

/* FIPS 180-4 examples (NIST CSRC "SHA256.pdf"): "abc", the empty message, and the 448-bit
 * two-block message. */
static void test_provenance_sha256_fips_vectors(void **state)
{
    char hex[FP_SHA256_HEX];
    (void)state;
    fp_provenance_sha256("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    fp_provenance_sha256("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    fp_provenance_sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* A topology from standard input: path and checksum null; options by kind, in order. */
static void test_provenance_stamp_stdin_and_options(void **state)
{
    const struct fp_provenance_opt opts[] = {
        {"budget", FP_PROV_NUMBER, 1e8, "1e8"},
        {"modular", FP_PROV_FLAG, 0, NULL},
        {"sites", FP_PROV_STRING, 0, "a,b"},
    };
    struct fp_error err;
    char *text = strdup("{\"schema\": \"fiberplan.result/1\", "
                        "\"topology\": {\"file\": \"<stdin>\"}}");
    (void)state;
    fp_error_init(&err);
    assert_int_equal(fp_provenance_stamp(&text, "-", true, opts, 3, &err), FP_OK);
    assert_non_null(strstr(text, "\"path\": null"));
    assert_non_null(strstr(text, "\"sha256\": null"));
    assert_non_null(strstr(text, "\"options\": {\n    \"budget\": 100000000.0,\n"
                                 "    \"modular\": true,\n    \"sites\": \"a,b\"\n  }"));
    free(text);
}

/* Not a result object: an internal error, the text left as it was. */
static void test_provenance_stamp_rejects_non_result(void **state)
{
    struct fp_error err;
    char *text = strdup("[1, 2]");
    (void)state;
    fp_error_init(&err);
    assert_int_equal(fp_provenance_stamp(&text, "-", true, NULL, 0, &err), FP_ESOFTWARE);
    assert_string_equal(text, "[1, 2]");
    free(text);
}

/* A file: its absolute path and the SHA-256 of its bytes. */
static void test_provenance_file_path_and_sum(void **state)
{
    struct fp_error err;
    char hex[FP_SHA256_HEX], *abs = NULL;
    (void)state;
    fp_error_init(&err);
    assert_int_equal(fp_provenance_file("tests/e2e/data/good/route-stdin.json", &abs, hex, &err),
                     FP_OK);
    assert_true(abs[0] == '/');
    assert_non_null(strstr(abs, "/tests/e2e/data/good/route-stdin.json"));
    assert_int_equal((int)strlen(hex), 64);
    free(abs);
    assert_int_equal(fp_provenance_file("tests/no/such/file", &abs, hex, &err), FP_ENOINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_provenance_sha256_fips_vectors),
        cmocka_unit_test(test_provenance_stamp_stdin_and_options),
        cmocka_unit_test(test_provenance_stamp_rejects_non_result),
        cmocka_unit_test(test_provenance_file_path_and_sum),
    };
    return cmocka_run_group_tests_name("provenance", tests, NULL, NULL);
}
