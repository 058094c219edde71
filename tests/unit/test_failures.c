/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: failure scenarios (solvers/failures.c, MODEL.md "Failures") on stargate-us,
 * checked against REFERENCE.md 6.3 and the topology's own span table. */
#include "helpers.h"

#include "core/job.h"
#include "solvers/failures.h"
#include "solvers/route.h"

static const struct fp_failure *find(const struct fp_failures *f, const char *label)
{
    igraph_integer_t i;
    for (i = 0; i < f->n; i++) {
        if (strcmp(f->items[i].label, label) == 0) {
            return &f->items[i];
        }
    }
    fail_msg("no scenario '%s'", label);
    return NULL;
}

/* stargate-us and its default job, with route options at their defaults. */
static void load_stargate(struct fp_topo *t, struct fp_job *job, struct fp_route_options *ro)
{
    struct fp_topo_options to;
    struct fp_job_spec flags, file;
    struct fp_error err;
    fp_topo_options_init(&to);
    fp_error_init(&err);
    memset(t, 0, sizeof(*t));
    assert_int_equal(fp_topofile_read("topologies/stargate-us.graphml", &to, t, &err), FP_OK);
    fp_job_spec_init(&flags);
    fp_job_spec_init(&file);
    assert_int_equal(fp_job_resolve(t, &flags, &file, job, &err), FP_OK);
    fp_route_options_init(ro);
}

static void test_failures_solve_stargate_us(void **state)
{
    struct fp_route_options ro;
    struct fp_topo t;
    struct fp_job job;
    struct fp_error err;
    struct fp_failures spans, srlgs;
    const struct fp_failure *s;
    igraph_integer_t i;
    (void)state;
    fp_error_init(&err);
    load_stargate(&t, &job, &ro);
    memset(&spans, 0, sizeof(spans));
    memset(&srlgs, 0, sizeof(srlgs));
    assert_int_equal(fp_failures_solve(&t, &job, &ro, false, 1, &spans, &err), FP_OK);
    assert_int_equal(spans.n, 39);   /* one per lit span */
    /* REFERENCE 6.3: s06 alone disconnects santa_teresa (its only lateral) */
    s = find(&spans, "s06");
    assert_true(s->disconnected);
    assert_int_equal(s->n_cut_off, 1);
    assert_string_equal(t.node_id[s->cut_off[0]], "santa_teresa");
    /* s05 leaves the Santa Teresa side on s10 alone: 6,400 Gbit/s (the min cut) */
    s = find(&spans, "s05");
    assert_false(s->disconnected);
    assert_close(s->theta_gbps, 6400.0, 1e-8);
    /* disconnecting scenarios first */
    for (i = 0; i < 3; i++) {
        assert_true(spans.items[i].disconnected);
    }
    assert_false(spans.items[3].disconnected);
    assert_int_equal(fp_failures_solve(&t, &job, &ro, true, 2, &srlgs, &err), FP_OK);
    assert_int_equal(srlgs.n, 6);
    /* REFERENCE 6.3: SRLG i10-west (s05 + s10) is exactly the bottleneck cut: disconnects */
    s = find(&srlgs, "i10-west");
    assert_true(s->disconnected);
    assert_int_equal(s->n_failed, 2);
    assert_string_equal(t.node_id[s->cut_off[0]], "santa_teresa");
    /* dfw-i20 (s02 + s03): throughput loss without disconnection */
    s = find(&srlgs, "dfw-i20");
    assert_false(s->disconnected);
    assert_true(s->theta_gbps < 19200.0);
    /* the candidate c02 is not built: failing it changes nothing */
    s = find(&srlgs, "elp-lat2");
    assert_close(s->theta_gbps, 19200.0, 1e-8);
    /* two workers give the same scenarios, bit for bit, in the same order */
    {
        struct fp_failures two;
        memset(&two, 0, sizeof(two));
        assert_int_equal(fp_failures_solve(&t, &job, &ro, false, 2, &two, &err), FP_OK);
        assert_int_equal(two.n, spans.n);
        for (i = 0; i < spans.n; i++) {
            assert_string_equal(two.items[i].label, spans.items[i].label);
            assert_memory_equal(&two.items[i].theta_gbps, &spans.items[i].theta_gbps, sizeof(double));
            assert_memory_equal(&two.items[i].allreduce_s, &spans.items[i].allreduce_s, sizeof(double));
            assert_int_equal(two.items[i].n_cut_off, spans.items[i].n_cut_off);
        }
        fp_result_failures_release(&two);
    }
    fp_result_failures_release(&spans);
    fp_result_failures_release(&srlgs);
    fp_job_release(&job);
    fp_topo_release(&t);
}

/* A stop request before the scenarios' solves (here before the intact one too, whose
 * schedule is then its first master's): every scenario still comes back at once, from the
 * intact trees the cut leaves, marked cut short (those the intact schedule survives too: it
 * was cut short). Those schedules fit the failed network, so none may exceed the scenario's
 * optimum. With 1 and 2 workers (a stopped farm answers in-process). */
static void test_failures_stopped_from_intact(void **state)
{
    struct fp_route_options ro;
    struct fp_topo t;
    struct fp_job job;
    struct fp_error err;
    struct fp_failures best, cut;
    volatile sig_atomic_t stop = 0;
    igraph_integer_t i;
    int jobs;
    (void)state;
    fp_error_init(&err);
    load_stargate(&t, &job, &ro);
    memset(&best, 0, sizeof(best));
    assert_int_equal(fp_failures_solve(&t, &job, &ro, false, 1, &best, &err), FP_OK);
    ro.stop = &stop;
    stop = 1;
    for (jobs = 1; jobs <= 2; jobs++) {
        memset(&cut, 0, sizeof(cut));
        assert_int_equal(fp_failures_solve(&t, &job, &ro, false, jobs, &cut, &err), FP_OK);
        assert_int_equal(cut.n, best.n);
        for (i = 0; i < cut.n; i++) {
            const struct fp_failure *c = &cut.items[i], *b = find(&best, c->label);
            assert_int_equal(c->disconnected, b->disconnected);
            if (c->disconnected) {
                continue;
            }
            assert_true(c->theta_gbps <= b->theta_gbps * (1 + 1e-9));
            assert_true(c->theta_gbps >= 0.0);
            /* everything cut short: the intact schedule was too (its first master's) */
            assert_true(c->stopped);
            if (c->theta_gbps > 0.0) {
                assert_true(c->allreduce_s >= b->allreduce_s * (1 - 1e-9));
            }
        }
        assert_int_equal(cut.n_stopped, cut.n - 3);   /* all but the 3 that disconnect */
        fp_result_failures_release(&cut);
    }
    fp_result_failures_release(&best);
    fp_job_release(&job);
    fp_topo_release(&t);
}

/* The surviving schedule, by hand on stargate-us: the optimal intact schedule with each span
 * failed in turn keeps exactly the trees whose paths avoid it (x_t times the least surviving
 * share of its edges' pairs). Spans it does not use keep all of it; s06 (santa_teresa's only
 * lateral) keeps nothing; every other keeps at most the scenario's optimum, and some keep
 * part (neither 0 nor all). */
static void test_failures_surviving_theta(void **state)
{
    struct fp_route_options ro;
    struct fp_topo t;
    struct fp_job job;
    struct fp_error err;
    struct fp_route intact;
    struct fp_failures best;
    bool *failed;
    igraph_integer_t e;
    int n_partial = 0;
    (void)state;
    fp_error_init(&err);
    memset(&intact, 0, sizeof(intact));
    memset(&best, 0, sizeof(best));
    load_stargate(&t, &job, &ro);
    assert_int_equal(fp_route_solve(&t, &job, &ro, &intact, &err), FP_OK);
    assert_int_equal(fp_failures_solve(&t, &job, &ro, false, 1, &best, &err), FP_OK);
    failed = calloc((size_t)t.n_spans + 1, sizeof(bool));
    for (e = 0; e < t.n_spans; e++) {
        double th, load = intact.load_gbps[2 * e] + intact.load_gbps[2 * e + 1];
        const struct fp_failure *b;
        if (!fp_topo_is_lit(&t, e)) {
            continue;
        }
        b = find(&best, t.span_id[e]);
        failed[e] = true;
        th = fp_failures_surviving_theta(&t, &intact, failed);
        failed[e] = false;
        if (load == 0.0) {
            assert_close(th, intact.theta_gbps, 1e-12);   /* unused: the schedule stands */
        } else if (b->disconnected) {
            assert_close(th, 0.0, 1e-12);
        } else {
            assert_true(th <= b->theta_gbps * (1 + 1e-9));
            assert_true(th < intact.theta_gbps);
            n_partial += th > 0.0;
        }
    }
    assert_true(n_partial > 0);
    free(failed);
    fp_result_failures_release(&best);
    fp_result_route_release(&intact);
    fp_job_release(&job);
    fp_topo_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_failures_solve_stargate_us),
        cmocka_unit_test(test_failures_stopped_from_intact),
        cmocka_unit_test(test_failures_surviving_theta),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests_name("failures", tests, NULL, NULL);
}
