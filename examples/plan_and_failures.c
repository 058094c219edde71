/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Using libfiberplan (fiberplan.h): load a topology, bound, route, plan and fail spans, and
 * print the route as the result JSON that `fiberplan route --json` prints.
 *     cc -o plan_and_failures plan_and_failures.c $(pkg-config --cflags --libs fiberplan)
 *     ./plan_and_failures stargate-us.graphml 1.8e12 1e8
 * usage: plan_and_failures TOPO PARAMS BUDGET_USD; the route result JSON on standard output,
 * one line for the plan and one for the failures on standard error. tests/install/run.sh
 * builds the installed copy against the installed library. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fiberplan.h>

int main(int argc, char **argv)
{
    struct fp_error err;
    struct fp_topo_options topts;
    struct fp_topo topo;
    struct fp_job_spec flags, file;
    struct fp_job job;
    struct fp_bound bound;
    struct fp_route_options ro;
    struct fp_route route, planned;
    struct fp_plan_options po;
    struct fp_plan plan;
    struct fp_failures failures;
    char *json = NULL;
    double po_budget = NAN;
    int rc;

    if (argc != 4) {
        fprintf(stderr, "usage: plan_and_failures TOPO PARAMS BUDGET_USD\n");
        return 64;
    }
    fp_error_igraph_install();
    fp_error_init(&err);
    memset(&topo, 0, sizeof(topo));
    memset(&job, 0, sizeof(job));
    memset(&bound, 0, sizeof(bound));
    memset(&route, 0, sizeof(route));
    memset(&planned, 0, sizeof(planned));
    memset(&plan, 0, sizeof(plan));
    memset(&failures, 0, sizeof(failures));

    fp_topo_options_init(&topts);
    rc = fp_topofile_read(argv[1], &topts, &topo, &err);
    if (rc != FP_OK) {
        goto out;
    }
    fp_job_spec_init(&flags);
    fp_job_spec_init(&file);
    if (fp_parse_double(argv[2], &flags.params) != 0 || fp_parse_double(argv[3], &po_budget) != 0) {
        rc = fp_error_set(&err, FP_EUSAGE, NULL, 0, "PARAMS and BUDGET_USD must be numbers");
        goto out;
    }
    rc = fp_job_resolve(&topo, &flags, &file, &job, &err);
    if (rc != FP_OK) {
        goto out;
    }
    rc = fp_bound_compute(&topo, &job, &bound, &err);
    if (rc != FP_OK) {
        goto out;
    }
    fp_route_options_init(&ro);
    ro.collective = FP_COLL_TREE;
    rc = fp_route_solve(&topo, &job, &ro, &route, &err);
    if (rc != FP_OK) {
        goto out;
    }
    route.lower_bound_ratio = route.allreduce_s / bound.allreduce_s;
    json = fp_resultjson_route(&topo, &job, &bound, &route, 1, 0, "path", 0.0);
    fputs(json, stdout);

    fp_plan_options_init(&po);
    po.budget_usd = po_budget;
    rc = fp_plan_solve(&topo, &job, &ro, &po, &planned, &plan, &err);
    if (rc != FP_OK) {
        goto out;
    }
    fprintf(stderr, "plan: theta %.6g Gbit/s for %.6g USD\n", planned.theta_gbps,
            plan.cost_usd);
    rc = fp_failures_solve(&topo, &job, &ro, false, 1, &failures, &err);
    if (rc != FP_OK) {
        goto out;
    }
    fprintf(stderr, "failures: %ld scenarios\n", (long)failures.n);
out:
    if (rc != FP_OK) {
        fprintf(stderr, "plan_and_failures: %s:%ld: %s\n", err.file, err.line, err.msg);
    }
    free(json);
    fp_result_failures_release(&failures);
    fp_result_plan_release(&plan);
    fp_result_route_release(&planned);
    fp_result_route_release(&route);
    fp_result_bound_release(&bound);
    fp_job_release(&job);
    fp_topo_release(&topo);
    return rc;
}
