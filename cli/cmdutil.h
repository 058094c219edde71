/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: what every command does the same way: help text, timing, loading TOPO and JOB. */
#ifndef FP_CLI_CMDUTIL_H
#define FP_CLI_CMDUTIL_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli/opts.h"
#include "core/job.h"
#include "core/result.h"
#include "core/topo.h"
#include "solvers/plan.h"
#include "solvers/route.h"

/* Set by main()'s SIGINT/SIGTERM handler while cmdutil_solving is set: the solver returns
 * the best found (status time_limit) instead of the process dying. */
extern volatile sig_atomic_t cmdutil_stop;
extern volatile sig_atomic_t cmdutil_solving;

/* Prints the usage lines (NULL-terminated) and the options of command bit to stdout. */
void cmdutil_help(const char *const *usage, unsigned bit);

/* Monotonic seconds. */
double cmdutil_now_s(void);

/* --jobs N, or 1. */
int cmdutil_jobs(const struct opts *o);

/* Seconds since t0 for .solver.seconds: 0 under --reproducible. */
double cmdutil_seconds(const struct opts *o, double t0);

/* The plan's first line: budget, spent and unspent, or the target and the cheapest plan's
 * cost (each job's own target when target_time_s is NAN), continuous or modular. */
void cmdutil_plan_headline(FILE *fp, const struct fp_plan *p);

/* The table of the spans the plan adds to or builds (today -> plan, waves, build, cost), or
 * "(none)". */
void cmdutil_upgrades(FILE *fp, const struct fp_topo *topo, const struct fp_plan *p);

/* A delay as "17.2 ms" or, below 1 ms, "654 µs"; returns buf. */
const char *cmdutil_delay(char *buf, size_t size, double delay_s);

/* The "bottleneck" line: the cut (or partition) of b when it binds at theta_gbps
 * (fp_bound_binds: its capacity is what limits theta), with scenario (NULL: none) the failure
 * it binds in and, when with_tlb, T_lb; otherwise that no cut binds, and what the tightest
 * allows. Checked here, before printing, so no command names a cut that does not bind. */
void cmdutil_bottleneck(FILE *fp, const struct fp_topo *topo, const struct fp_bound *b,
                        double theta_gbps, const char *scenario, bool with_tlb);

/* Solver feedback on stderr: a progress line about once a second for a person watching (a
 * terminal, or -v) unless -q, and GLPK's own log with -v. ctx labels the progress lines
 * (route sets it per collective). */
void cmdutil_feedback(const struct opts *o, struct fp_route_options *ro, const char *label);

/* Loads TOPO (o->pos[0]) with the topology options and, when need_job, resolves the JOB
 * from flags, --job and the topology (otherwise *job is left zeroed). Exactly one
 * positional argument is required (FP_EUSAGE otherwise). On failure nothing is left
 * allocated. */
/* --cost-model and --regenerate applied to topo (fp_optics_apply()); FP_OK without them, and
 * FP_EUSAGE for --regenerate alone. */
int cmdutil_costs(const char *cmd, const struct opts *o, struct fp_topo *topo, struct fp_error *err);

/* When no span of t can gain capacity under po: one warning line on stderr (unless --quiet) that
 * counts what is missing (prices, room under the ceiling, build costs) and names --cost-model. */
void cmdutil_warn_unplannable(const struct opts *o, const char *cmd, const struct fp_topo *t,
                               const struct fp_plan_options *po);

int cmdutil_load(const char *cmd, const struct opts *o, bool need_job, struct fp_topo *topo,
                 struct fp_job *job, struct fp_error *err);

/* Stamps the result JSON *text (replaced) with the provenance of TOPO (o->pos[0]): its
 * absolute path (not under --reproducible) and SHA-256 and the options that shaped the answer
 * (io/provenance.h).
 * FP_ESOFTWARE when the result is not a JSON object. */
int cmdutil_stamp(const struct opts *o, char **text, struct fp_error *err);

#endif
