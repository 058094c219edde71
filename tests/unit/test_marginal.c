/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: marginal values that come true and monotone failures (solvers/marginal.c,
 * solvers/failures.c; MODEL.md "Units", "tree", "Failures"), on 200 seeded random networks
 * (helpers.h random_network). */
#include "helpers.h"

#include "core/job.h"
#include "solvers/failures.h"
#include "solvers/marginal.h"
#include "solvers/route.h"


/* Raising span e (or the group) by d changes theta by dtheta_dc x d, and so T_bw by
 * 8 S / 1e9 x (1/theta - 1/(theta + dtheta_dc d)) (MODEL.md "Units"), to 1e-6 relative, for
 * d the step the value holds over and a third of it; a range value is at most the gain. */
static void check_step(const struct fx_net *f, const struct fp_route_options *ro, const struct fp_marginal *m,
                       const igraph_integer_t *set, igraph_integer_t n, double slope, double step,
                       bool range, int *checked)
{
    double *add = calloc((size_t)f->topo.n_spans + 1, sizeof(double));
    double fractions[] = {1.0, 1.0 / 3.0}, s = f->job.gradient_bytes;
    igraph_integer_t i;
    int j;
    for (j = 0; j < 2; j++) {
        double d = step * fractions[j], theta = 0.0, want, got;
        struct fp_error err;
        fp_error_init(&err);
        for (i = 0; i < n; i++) {
            add[set[i]] = d;
        }
        assert_int_equal(fp_marginal_theta(&f->topo, &f->job, ro, add, &theta, &err), FP_OK);
        want = fp_job_bw_s(s, m->theta_gbps) - fp_job_bw_s(s, m->theta_gbps + slope * d);
        got = fp_job_bw_s(s, m->theta_gbps) - fp_job_bw_s(s, theta);
        if (range) {
            assert_true(got >= want * (1 - 1e-6));
        } else {
            assert_close(got, want, 1e-6);
            (*checked)++;
        }
    }
    free(add);
}

static void test_marginal_solve_random(void **state)
{
    int inst, checked = 0, groups = 0;
    (void)state;
    for (inst = 0; inst < 200; inst++) {
        int n = 3 + (int)next_rand(8), k = 2 + (int)next_rand((unsigned)(n - 1 < 5 ? n - 1 : 5));
        char *text = random_network(n, k, false);
        struct fp_route_options ro;
        struct fp_route r;
        struct fp_marginal m;
        struct fp_error err;
        struct fx_net f;
        igraph_integer_t e, pos = 0, pick;
        fx_net_load(&f, text);
        fp_route_options_init(&ro);
        fp_error_init(&err);
        memset(&r, 0, sizeof(r));
        assert_int_equal(fp_route_solve(&f.topo, &f.job, &ro, &r, &err), FP_OK);
        assert_int_equal(fp_marginal_solve(&f.topo, &f.job, &ro, &r, &m, &err), FP_OK);
        assert_close(m.theta_gbps, r.theta_gbps, 1e-8);
        for (e = 0; e < f.topo.n_spans; e++) {
            pos += m.dtheta_dc[e] > 0;
        }
        if (pos > 0) {
            /* a random span with a positive marginal value */
            pick = (igraph_integer_t)next_rand((unsigned)pos);
            for (e = 0; e < f.topo.n_spans; e++) {
                if (m.dtheta_dc[e] > 0 && pick-- == 0) {
                    check_step(&f, &ro, &m, &e, 1, m.dtheta_dc[e], m.step_gbps[e], m.range[e], &checked);
                    break;
                }
            }
        } else if (m.n_group > 0) {
            groups++;
            check_step(&f, &ro, &m, m.group, m.n_group, m.group_dtheta_dc, m.group_step_gbps, false,
                       &checked);
        }
        fp_marginal_release(&m);
        fp_result_route_release(&r);
        fx_net_free(&f);
        free(text);
    }
    assert_true(checked >= 200);   /* most instances have a span (or group) to check */
    print_message("checked %d steps, %d of them on groups\n", checked, 2 * groups);
}

/* A warm re-solve (fp_resolver) gives the theta of a full solve of the raised network, probe
 * after probe: each probe raises other spans, so a row left raised by the one before, or a
 * stale bound, shows as a wrong theta. */
static void test_resolver_random(void **state)
{
    int inst, probes = 0, warm_changed = 0;
    (void)state;
    for (inst = 0; inst < 100; inst++) {
        int n = 3 + (int)next_rand(8), k = 2 + (int)next_rand((unsigned)(n - 1 < 5 ? n - 1 : 5)), j;
        char *text = random_network(n, k, false);
        struct fp_route_options ro;
        struct fp_resolver *res = NULL;
        struct fp_error err;
        struct fx_net f;
        double theta0 = 0.0, *add;
        fx_net_load(&f, text);
        fp_route_options_init(&ro);
        fp_error_init(&err);
        add = calloc((size_t)f.topo.n_spans + 1, sizeof(double));
        assert_int_equal(fp_resolver_open(&f.topo, &f.job, &ro, &res, &theta0, &err), FP_OK);
        for (j = 0; j < 6; j++) {
            igraph_integer_t a = (igraph_integer_t)next_rand((unsigned)f.topo.n_spans);
            igraph_integer_t b = (igraph_integer_t)next_rand((unsigned)f.topo.n_spans);
            double warm = 0.0, full = 0.0;
            add[a] = f.topo.capacity_gbps[a] * (0.05 + 0.5 * (double)next_rand(4));
            add[b] += j % 2 == 0 ? f.topo.capacity_gbps[b] * 0.3 : 0.0;
            assert_int_equal(fp_resolver_theta(res, add, &warm, &err), FP_OK);
            assert_int_equal(fp_marginal_theta(&f.topo, &f.job, &ro, add, &full, &err), FP_OK);
            assert_close(warm, full, 1e-7);
            warm_changed += warm > theta0 * (1 + 1e-6);
            probes++;
            add[a] = add[b] = 0.0;
        }
        assert_int_equal(fp_resolver_theta(res, NULL, &theta0, &err), FP_OK);
        fp_resolver_close(res);
        free(add);
        fx_net_free(&f);
        free(text);
    }
    assert_true(warm_changed >= probes / 10);   /* the probes do raise theta */
    print_message("%d probes, %d raised theta\n", probes, warm_changed);
}

/* Cutting any span never lowers theta (so never T_bw), and no scenario at the intact theta is
 * faster than intact. */
static void test_failures_solve_monotone_random(void **state)
{
    int inst, lat_wins = 0;
    (void)state;
    for (inst = 0; inst < 200; inst++) {
        int n = 3 + (int)next_rand(8), k = 2 + (int)next_rand((unsigned)(n - 1 < 5 ? n - 1 : 5));
        char *text = random_network(n, k, false);
        struct fp_route_options ro;
        struct fp_failures fl;
        struct fp_error err;
        struct fx_net f;
        igraph_integer_t i;
        fx_net_load(&f, text);
        fp_route_options_init(&ro);
        fp_error_init(&err);
        memset(&fl, 0, sizeof(fl));
        assert_int_equal(fp_failures_solve(&f.topo, &f.job, &ro, false, 1, &fl, &err), FP_OK);
        for (i = 0; i < fl.n; i++) {
            const struct fp_failure *s = &fl.items[i];
            if (s->disconnected) {
                continue;
            }
            assert_true(s->theta_gbps <= fl.intact_theta_gbps);
            assert_true(fp_job_bw_s(f.job.gradient_bytes, s->theta_gbps) >= fl.intact_bandwidth_s);
            /* theta first (MODEL.md): at the intact theta no scenario is faster; below it, a
             * scenario can be faster only by a T_lat saving larger than its T_bw loss (tiny
             * gradients), never by T_bw */
            if (s->theta_gbps == fl.intact_theta_gbps) {
                assert_true(s->allreduce_s >= fl.intact_allreduce_s);
            } else {
                lat_wins += s->allreduce_s < fl.intact_allreduce_s;
            }
        }
        fp_result_failures_release(&fl);
        fx_net_free(&f);
        free(text);
    }
    print_message("scenarios below the intact theta faster by T_lat: %d\n", lat_wins);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_marginal_solve_random),
        cmocka_unit_test(test_failures_solve_monotone_random),
        cmocka_unit_test(test_resolver_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
