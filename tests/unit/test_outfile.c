/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: atomic output files (io/outfile.c). */
#include "helpers.h"

#include <dirent.h>
#include <sys/stat.h>

#include "io/outfile.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/fiberplan-out-XXXXXX");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static int count_entries(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *de;
    int n = 0;
    assert_non_null(d);
    while ((de = readdir(d)) != NULL) {
        n += de->d_name[0] != '.' || strstr(de->d_name, ".tmp") != NULL;
    }
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    static char buf[256];
    FILE *fp = fopen(path, "r");
    size_t n;
    assert_non_null(fp);
    n = fread(buf, 1, sizeof(buf) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

/* Writes, then replaces: the new content whole, no temporary file left. */
static void test_outfile_write_replaces_atomically(void **state)
{
    char path[128];
    struct fp_error err;
    (void)state;
    snprintf(path, sizeof(path), "%s/result.json", dir);
    fp_error_init(&err);
    assert_int_equal(fp_outfile_write(path, "old\n", 4, &err), FP_OK);
    assert_string_equal(slurp(path), "old\n");
    assert_int_equal(fp_outfile_write(path, "new content\n", 12, &err), FP_OK);
    assert_string_equal(slurp(path), "new content\n");
    assert_int_equal(count_entries(dir), 1);
}

/* A missing folder and a directory target are 73; the old file is never touched. */
static void test_outfile_write_failures_are_73(void **state)
{
    char path[160];
    struct fp_error err;
    (void)state;
    snprintf(path, sizeof(path), "%s/missing/result.json", dir);
    fp_error_init(&err);
    assert_int_equal(fp_outfile_write(path, "x", 1, &err), FP_ECANTCREAT);
    assert_string_equal(err.msg, "cannot create: No such file or directory");
    fp_error_init(&err);
    assert_int_equal(fp_outfile_write(dir, "x", 1, &err), FP_ECANTCREAT);
    assert_string_equal(err.msg, "cannot write: is a directory");
    assert_int_equal(count_entries(dir), 0);
}

/* A symlink is followed: the link stays, its target gets the new content (renaming onto the
 * link would replace it; /dev/stdout is such a link). */
static void test_outfile_write_follows_symlinks(void **state)
{
    char target[128], link[128];
    struct fp_error err;
    struct stat st;
    (void)state;
    snprintf(target, sizeof(target), "%s/real.json", dir);
    snprintf(link, sizeof(link), "%s/link.json", dir);
    assert_int_equal(symlink("real.json", link), 0);
    fp_error_init(&err);
    assert_int_equal(fp_outfile_write(link, "via link\n", 9, &err), FP_OK);   /* dangling */
    assert_string_equal(slurp(target), "via link\n");
    assert_int_equal(fp_outfile_write(link, "again\n", 6, &err), FP_OK);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(slurp(target), "again\n");
}

/* /dev/full is not a regular file: written in place, and ENOSPC is 73. */
static void test_outfile_write_dev_full(void **state)
{
    struct fp_error err;
    struct stat st;
    (void)state;
    if (stat("/dev/full", &st) != 0) {
        skip();
    }
    fp_error_init(&err);
    assert_int_equal(fp_outfile_write("/dev/full", "x", 1, &err), FP_ECANTCREAT);
    assert_string_equal(err.msg, "cannot write: No space left on device");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_outfile_write_replaces_atomically, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outfile_write_failures_are_73, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outfile_write_follows_symlinks, setup, teardown),
        cmocka_unit_test(test_outfile_write_dev_full),
    };
    return cmocka_run_group_tests_name("outfile", tests, NULL, NULL);
}
