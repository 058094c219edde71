/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests: a failing GLPK is an internal error (70), never an abort or a wrong answer.
 * Linked with -Wl,--wrap=glp_simplex (cmocka's chef_wrap idea): __wrap_glp_simplex fails. */
#include "helpers.h"

#include <glpk.h>

#include "core/job.h"
#include "solvers/route.h"

int __wrap_glp_simplex(glp_prob *P, const glp_smcp *parm);

int __wrap_glp_simplex(glp_prob *P, const glp_smcp *parm)
{
    (void)P;
    (void)parm;
    return GLP_EFAIL;
}

static void test_route_solve_glpk_failure_is_70(void **state)
{
    static const char text[] = GRAPHML_HEAD
        "<node id=\"a\"><data key=\"type\">datacenter</data><data key=\"gpus\">8</data></node>\n"
        "<node id=\"b\"><data key=\"type\">datacenter</data><data key=\"gpus\">8</data></node>\n"
        "<edge source=\"a\" target=\"b\"><data key=\"len\">100</data><data key=\"cap\">400</data></edge>\n"
        GRAPHML_TAIL;
    struct fp_topo t;
    struct fp_job job;
    struct fp_job_spec flags, file;
    struct fp_route_options o;
    struct fp_route r;
    struct fp_error err;
    (void)state;
    assert_int_equal(load_text(text, NULL, &t, &err), FP_OK);
    fp_job_spec_init(&flags);
    fp_job_spec_init(&file);
    flags.params = 1e9;
    assert_int_equal(fp_job_resolve(&t, &flags, &file, &job, &err), FP_OK);
    fp_route_options_init(&o);
    memset(&r, 0, sizeof(r));
    fp_error_init(&err);
    assert_int_equal(fp_route_solve(&t, &job, &o, &r, &err), FP_ESOFTWARE);
    assert_string_equal(err.msg, "internal: GLPK simplex: solver failure (code 5, feasible)");
    fp_job_release(&job);
    fp_topo_release(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_solve_glpk_failure_is_70),
    };
    fp_error_igraph_install();
    return cmocka_run_group_tests_name("lp_fail", tests, NULL, NULL);
}
