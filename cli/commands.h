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

/* Prints the list of commands (for `fiberplan --help`). */
void commands_usage(FILE *fp);

#endif
