/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A program outside the tree that links the installed libfiberplan through fiberplan.h and
 * pkg-config (tests/install/run.sh): load, bound, route, plan, failures, result to JSON.
 * usage: consumer TOPO PARAMS BUDGET_USD; prints the route result JSON, then one line per
 * other step on standard error. */
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
    int rc;

    if (argc != 4) {
        fprintf(stderr, "usage: consumer TOPO PARAMS BUDGET_USD\n");
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
    flags.params = strtod(argv[2], NULL);
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
    po.budget_usd = strtod(argv[3], NULL);
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
        fprintf(stderr, "consumer: %s:%ld: %s\n", err.file, err.line, err.msg);
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
