/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: worker processes (core/farm.c): results in task order for any number of
 * workers, the first failing task's error, a worker that dies, tasks past the deadline in
 * this process; fp_xpush's growth and fp_deadline_share's split. */
#include "helpers.h"

#include <signal.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/farm.h"
#include "core/xalloc.h"

/* Task i: its number and its square, and the pid that ran it. */
static int square(void *ctx, long i, struct fp_buf *out, struct fp_error *err)
{
    long sq = i * i;
    pid_t pid = getpid();
    (void)ctx;
    (void)err;
    fp_buf_put(out, &i, sizeof(i));
    fp_buf_put(out, &sq, sizeof(sq));
    fp_buf_put(out, &pid, sizeof(pid));
    return FP_OK;
}

static void test_farm_run_order(void **state)
{
    int jobs;
    (void)state;
    for (jobs = 1; jobs <= 4; jobs++) {
        struct fp_buf res[37];
        struct fp_error err;
        bool other = false;
        long i;
        memset(res, 0, sizeof(res));
        fp_error_init(&err);
        assert_int_equal(fp_farm_run(37, jobs, NULL, NULL, square, NULL, NULL, NULL, res, &err), FP_OK);
        for (i = 0; i < 37; i++) {
            long got_i, got_sq;
            pid_t pid;
            size_t pos = 0;
            assert_true(fp_buf_get(&res[i], &pos, &got_i, sizeof(got_i)));
            assert_true(fp_buf_get(&res[i], &pos, &got_sq, sizeof(got_sq)));
            assert_true(fp_buf_get(&res[i], &pos, &pid, sizeof(pid)));
            assert_false(fp_buf_get(&res[i], &pos, &pid, 1));   /* nothing more */
            assert_int_equal(got_i, i);
            assert_int_equal(got_sq, i * i);
            other = other || pid != getpid();
            fp_buf_release(&res[i]);
        }
        assert_true(other);   /* every task in a child of its own */
    }
}

/* Tasks 5 and 9 fail: the error is task 5's whatever the workers' timing. */
static int failing(void *ctx, long i, struct fp_buf *out, struct fp_error *err)
{
    (void)ctx;
    fp_buf_put(out, &i, sizeof(i));
    if (i == 5 || i == 9) {
        return fp_error_set(err, FP_EDATA, "x.graphml", i, "scenario %ld is bad", i);
    }
    return FP_OK;
}

static void test_farm_run_first_error(void **state)
{
    int jobs;
    (void)state;
    for (jobs = 1; jobs <= 3; jobs++) {
        struct fp_buf res[12];
        struct fp_error err;
        long i;
        memset(res, 0, sizeof(res));
        fp_error_init(&err);
        assert_int_equal(fp_farm_run(12, jobs, NULL, NULL, failing, NULL, NULL, NULL, res, &err), FP_EDATA);
        assert_string_equal(err.msg, "scenario 5 is bad");
        assert_string_equal(err.file, "x.graphml");
        assert_int_equal(err.line, 5);
        for (i = 0; i < 12; i++) {
            fp_buf_release(&res[i]);
        }
    }
}

/* Task 3 kills its worker. */
static int dying(void *ctx, long i, struct fp_buf *out, struct fp_error *err)
{
    (void)ctx;
    (void)err;
    if (i == 3) {
        raise(SIGKILL);
    }
    fp_buf_put(out, &i, sizeof(i));
    return FP_OK;
}

static void test_farm_run_worker_dies(void **state)
{
    struct fp_buf res[6];
    struct fp_error err;
    long i;
    (void)state;
    memset(res, 0, sizeof(res));
    fp_error_init(&err);
    assert_int_equal(fp_farm_run(6, 2, NULL, NULL, dying, NULL, NULL, NULL, res, &err), FP_ESOFTWARE);
    assert_string_equal(err.msg, "internal: the worker solving scenario 4 was killed by signal 9");
    for (i = 0; i < 6; i++) {
        fp_buf_release(&res[i]);
    }
}

static void test_farm_run_empty(void **state)
{
    struct fp_error err;
    (void)state;
    fp_error_init(&err);
    assert_int_equal(fp_farm_run(0, 4, NULL, NULL, square, NULL, NULL, NULL, NULL, &err), FP_OK);
    assert_true(fp_farm_root());
    assert_int_equal(fp_farm_ranks(), 1);
}

/* Once the deadline has passed, no task gets a worker: each runs in this process, in order. */
static void test_farm_run_past_deadline(void **state)
{
    struct fp_buf res[5];
    struct fp_deadline dl;
    struct fp_error err;
    long i;
    (void)state;
    memset(res, 0, sizeof(res));
    fp_error_init(&err);
    fp_deadline_init(&dl, 1e-9, NULL);
    while (!fp_deadline_passed(&dl)) {
    }
    assert_int_equal(fp_farm_run(5, 2, NULL, &dl, square, NULL, NULL, NULL, res, &err), FP_OK);
    for (i = 0; i < 5; i++) {
        long got[2];
        pid_t pid;
        size_t pos = 0;
        assert_true(fp_buf_get(&res[i], &pos, got, sizeof(got)));
        assert_true(fp_buf_get(&res[i], &pos, &pid, sizeof(pid)));
        assert_int_equal(got[0], i);
        assert_int_equal(got[1], i * i);
        assert_int_equal(pid, getpid());
        fp_buf_release(&res[i]);
    }
}

/* fp_xpush keeps every element through its doublings; a share of a limit is its part of
 * the time left, and of no limit none. */
static void test_xpush_and_share(void **state)
{
    long *a = NULL;
    size_t n;
    struct fp_deadline none, ten, part;
    (void)state;
    for (n = 0; n < 1000; n++) {
        a = fp_xpush(a, n, sizeof(long));
        a[n] = (long)(3 * n + 1);
    }
    for (n = 0; n < 1000; n++) {
        assert_int_equal(a[n], (long)(3 * n + 1));
    }
    free(a);
    fp_deadline_init(&none, 0.0, NULL);
    fp_deadline_share(&none, 1.0, 4.0, &part);
    assert_true(part.limit_s <= 0.0);
    fp_deadline_init(&ten, 10.0, NULL);
    fp_deadline_share(&ten, 1.0, 4.0, &part);
    assert_true(part.limit_s > 2.4 && part.limit_s <= 2.5);
    fp_deadline_share(&ten, 3.0, 2.0, &part);   /* more parts than there are: all of it */
    assert_true(part.limit_s > 9.9 && part.limit_s <= 10.0);
}

/* MODEL.md "Anytime planning": --time-limit S ends the command by S + max(1 s, 0.05 S); the
 * solver's steps get half that grace (S 10: 10.5 s; S 100: 102.5 s), and no deadline made from
 * the command's, a hard one of a hard one or a share's hard one, runs past it. */
static void test_deadline_hard_keeps_end(void **state)
{
    struct fp_deadline ten, hard, again, part, part_hard, hundred, none;
    (void)state;
    fp_deadline_init(&ten, 10.0, NULL);
    fp_deadline_hard(&ten, &hard);
    assert_true(fabs(hard.limit_s - 10.5) < 1e-12);
    assert_true(fabs(hard.end_s - (ten.start_s + 10.5)) < 1e-9);
    fp_deadline_hard(&hard, &again);   /* 10.5 + 0.5 before the end was kept */
    assert_true(again.start_s + again.limit_s <= ten.start_s + 10.5 + 1e-9);
    fp_deadline_share(&ten, 1.0, 1.0, &part);
    assert_true(part.end_s <= ten.end_s);
    fp_deadline_hard(&part, &part_hard);
    assert_true(part_hard.start_s + part_hard.limit_s <= ten.start_s + 10.5 + 1e-9);
    assert_true(fp_deadline_left_s(&part_hard) <= 10.5);
    fp_deadline_init(&hundred, 100.0, NULL);
    fp_deadline_hard(&hundred, &hard);
    assert_true(fabs(hard.limit_s - 102.5) < 1e-12);
    fp_deadline_init(&none, 0.0, NULL);
    fp_deadline_hard(&none, &hard);
    assert_true(hard.limit_s <= 0.0 && isinf(hard.end_s) && !fp_deadline_passed(&hard));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_farm_run_order),
        cmocka_unit_test(test_deadline_hard_keeps_end),
        cmocka_unit_test(test_farm_run_first_error),
        cmocka_unit_test(test_farm_run_worker_dies),
        cmocka_unit_test(test_farm_run_empty),
        cmocka_unit_test(test_farm_run_past_deadline),
        cmocka_unit_test(test_xpush_and_share),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
