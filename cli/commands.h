/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the commands; each returns an enum fp_rc and never exits. */
#ifndef FP_CLI_COMMANDS_H
#define FP_CLI_COMMANDS_H

#include <stdio.h>

int cmd_check(int argc, char **argv);
int cmd_bound(int argc, char **argv);
int cmd_route(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_failures(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_report(int argc, char **argv);

/* route --workload FILE.json (cli/cmd_route_workload.c): called by cmd_route with its parsed
 * options; err is filled on failure (cmd_route prints it). */
struct opts;
struct fp_error;
int cmd_route_workload(const struct opts *o, struct fp_error *err);

/* failures --workload FILE.json (cli/cmd_failures_workload.c), as cmd_route_workload. */
int cmd_failures_workload(const struct opts *o, struct fp_error *err);

/* sweep --workload FILE.json (cli/cmd_sweep_workload.c) over the n budgets cmd_sweep parsed. */
int cmd_sweep_workload(const struct opts *o, const double *budgets, long n, struct fp_error *err);

/* plan --workload FILE.json (cli/cmd_plan_workload.c), as cmd_route_workload. */
int cmd_plan_workload(const struct opts *o, struct fp_error *err);

/* plan --phases FILE.json (cli/cmd_plan_phases.c). */
int cmd_plan_phases(const struct opts *o, struct fp_error *err);

/* sweep --phases FILE.json --budgets ... (cli/cmd_sweep_phases.c): budgets[0 .. n-1] totals. */
int cmd_sweep_phases(const struct opts *o, const double *budgets, long n, struct fp_error *err);

/* Prints the list of commands (for `fiberplan --help`). */
void commands_usage(FILE *fp);

#endif
