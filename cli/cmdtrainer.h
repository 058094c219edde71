/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the trainer options of route and plan (--trainer-config, --mesh, --utilization,
 * --trainer-fallbacks): checked before solving, fallback schedules, the file written, and the
 * step-time lines of the text output (docs/trainer-config.md). */
#ifndef FP_CLI_CMDTRAINER_H
#define FP_CLI_CMDTRAINER_H

#include <stdio.h>

#include "cli/opts.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"
#include "core/workload.h"
#include "io/trainer.h"
#include "solvers/route.h"

struct cmdtrainer {
    struct fp_trainer_options to;            /* mesh and U from the options */
    struct fp_trainer_fallback *fallbacks;   /* owned: --trainer-fallbacks, once solved */
    igraph_integer_t n_fallbacks;
};

/* Before loading anything: --mesh parsed into t, and --mesh or --trainer-fallbacks without
 * --trainer-config refused, and --utilization without it too unless the command prints the
 * step-time model (prints_step). FP_EUSAGE with cmd's one-line message. */
int cmdtrainer_parse(const char *cmd, const struct opts *o, bool prints_step, struct cmdtrainer *t,
                     struct fp_error *err);

/* After the job is known, before solving: --utilization needs its compute time (FP_EUSAGE);
 * with --trainer-config, the mesh fits every site (FP_EDATA, fp_trainer_mesh_check()). */
int cmdtrainer_check(const char *cmd, const struct opts *o, const struct fp_topo *topo,
                     const struct fp_job *job, struct cmdtrainer *t, struct fp_error *err);

/* After routing r (the best collective, routed with ropts): with --trainer-fallbacks, one
 * fallback per lit span (fp_failures_scenarios(), fp_failures_cut_off(), fp_route_solve() on
 * the spans left; a ring keeps its order, so its rank layout holds); then the configuration
 * (fp_trainer_build(), job_name for a workload job or NULL) written to path, and its warnings
 * printed unless -q. FP_ECANTCREAT when it cannot be written; a solver's code otherwise. */
int cmdtrainer_write(const char *path, const struct opts *o, const struct fp_topo *topo,
                     const struct fp_job *job, const struct fp_route *r, const struct fp_bound *bound,
                     const struct fp_route_options *ropts, const char *job_name, struct cmdtrainer *t,
                     struct fp_error *err);

/* route --workload --trainer-fallbacks: per job t[j] (one per job of wl, in file order), one
 * fallback per lit span in file order, each the job's part of that scenario of
 * fp_wlfailures_solve() (what `failures --workload` reports: theta_j, T_j, its trees and paths,
 * cut off when the span separates its sites, kept when the intact schedule survives). ropts as
 * for fp_wlfailures_solve(). Solver codes as fp_wlfailures_solve(); nothing set on failure. */
int cmdtrainer_workload_fallbacks(const struct fp_topo *topo, const struct fp_workload *wl,
                                  const struct fp_route_options *ropts, struct cmdtrainer *t,
                                  struct fp_error *err);

/* --workload with --trainer-config DIR/ (route and plan alike), after loading, before solving:
 * *t gets one struct cmdtrainer per job of wl (owned: cmdtrainer_workload_free(*t, wl->n_jobs),
 * even on failure), each parsed as cmdtrainer_parse() (FP_EUSAGE); DIR must be a directory
 * (FP_ECANTCREAT), each job name a file name, and with --utilization each job needs its
 * compute_time_s (FP_EDATA naming wl's file); the mesh fits each job (cmdtrainer_check(),
 * FP_EDATA prefixed with the job). cmd names the command in the messages. */
int cmdtrainer_workload_check(const char *cmd, const struct opts *o, const struct fp_topo *topo,
                              const struct fp_workload *wl, struct cmdtrainer **t, struct fp_error *err);

/* DIR/JOB.json for each job of wl: its own trees and numbers, res->jobs[j].route against
 * bounds[j], both on topo (the network the jobs were routed on: today's for route, the planned
 * one for plan); with --trainer-fallbacks first each job's part of every single span failure
 * of the workload on topo (cmdtrainer_workload_fallbacks() with ropts). Codes as
 * cmdtrainer_write() and cmdtrainer_workload_fallbacks(). */
int cmdtrainer_workload_write(const struct opts *o, const struct fp_topo *topo, const struct fp_workload *wl,
                              const struct fp_workload_result *res, const struct fp_bound *bounds,
                              const struct fp_route_options *ropts, struct cmdtrainer *t,
                              struct fp_error *err);

/* Releases t[0..n) and frees t; accepts NULL. */
void cmdtrainer_workload_free(struct cmdtrainer *t, igraph_integer_t n);

/* The "step" and "sync" lines of the text output for st (nothing when its compute is unknown). */
void cmdtrainer_print_step(FILE *fp, const struct fp_trainer_step *st);

void cmdtrainer_release(struct cmdtrainer *t);

#endif
