/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: entry point and command dispatch table (CONTRACT.md "Commands"). */
#include <signal.h>
#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "cli/cmdutil.h"
#include "cli/commands.h"
#include "cli/msg.h"
#include "core/error.h"
#include "core/farm.h"
#include "io/outfile.h"

#ifndef FP_VERSION
#define FP_VERSION "unknown"
#endif

enum cmd_flags { NEEDS_TOPO = 1 };

struct cmd {
    const char *name;
    int (*fn)(int argc, char **argv);
    unsigned flags;
    const char *summary;
};

static int cmd_help(int argc, char **argv);

static const struct cmd commands[] = {
    {"check", cmd_check, NEEDS_TOPO, "validate a topology and print a summary"},
    {"bound", cmd_bound, NEEDS_TOPO, "lower bound on the all-reduce time and the cut that sets it"},
    {"route", cmd_route, NEEDS_TOPO, "route the all-reduce: throughput, time, trees, trainer config"},
    {"plan", cmd_plan, NEEDS_TOPO, "add capacity and build spans within a budget or for a target time"},
    {"sweep", cmd_sweep, NEEDS_TOPO, "the budget frontier: a plan and its all-reduce time per budget"},
    {"failures", cmd_failures, NEEDS_TOPO, "the all-reduce with each span or shared-risk group cut"},
    {"report", cmd_report, 0, "the HTML design review of a result (map, headline, tables, frontier)"},
    {"export", cmd_export, NEEDS_TOPO, "the topology as GraphML, Graphviz DOT or a SimGrid platform"},
    {"help", cmd_help, 0, "show the help of a command"},
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

void commands_usage(FILE *fp)
{
    size_t i;
    fprintf(fp, "usage: fiberplan COMMAND [ARGS] [OPTIONS]\n\n"
                "Plans the fiber between AI datacenters and routes a training job's all-reduce\n"
                "across it.\n\nCommands:\n");
    for (i = 0; i < N_COMMANDS; i++) {
        fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(fp, "\n'fiberplan COMMAND --help' shows a command's arguments and options.\n");
}

static const struct cmd *find_command(const char *name)
{
    size_t i;
    for (i = 0; i < N_COMMANDS; i++) {
        if (strcmp(commands[i].name, name) == 0) {
            return &commands[i];
        }
    }
    return NULL;
}

/* Levenshtein distance, for "did you mean" (names are short). */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b), i, j, row[64];
    if (la >= 63 || lb >= 63) {
        return 99;
    }
    for (j = 0; j <= lb; j++) {
        row[j] = j;
    }
    for (i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best) {
                best = row[j] + 1;
            }
            if (row[j - 1] + 1 < best) {
                best = row[j - 1] + 1;
            }
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static int cmd_help(int argc, char **argv)
{
    const struct cmd *c;
    char *args[3];
    if (argc < 2) {
        commands_usage(stdout);
        return 0;
    }
    c = find_command(argv[1]);
    if (c == NULL || c->fn == cmd_help) {
        struct fp_error err;
        fp_error_init(&err);
        fp_error_set(&err, 64, NULL, 0, "help: no command '%s' (see 'fiberplan --help')", argv[1]);
        return msg_error(&err);
    }
    args[0] = argv[1];
    args[1] = (char *)"--help";
    args[2] = NULL;
    return c->fn(2, args);
}

/* During a solve, the first SIGINT or SIGTERM asks the solver to stop and report the best
 * found; otherwise (or the second time) remove a half-written output and die of it. */
static void on_signal(int sig)
{
    if (sig != SIGHUP && cmdutil_solving && !cmdutil_stop) {
        cmdutil_stop = 1;
        return;
    }
    fp_outfile_abort();
    signal(sig, SIG_DFL);
    raise(sig);
}

static int run(int argc, char **argv)
{
    const struct cmd *c;
    struct fp_error err;
    int rc;

    fp_error_init(&err);
    fp_error_igraph_install();
    {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, NULL);
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGHUP, &sa, NULL);
    }
    atexit(fp_outfile_abort);

    if (argc < 2) {
        fp_error_set(&err, 64, NULL, 0, "no command given (see 'fiberplan --help')");
        return msg_error(&err);
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        commands_usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("fiberplan %s\n", FP_VERSION);
        return 0;
    }
    c = find_command(argv[1]);
    if (c == NULL) {
        const struct cmd *best = NULL;
        size_t i, best_d = 3;
        for (i = 0; i < N_COMMANDS; i++) {
            size_t d = distance(argv[1], commands[i].name);
            if (d < best_d) {
                best_d = d;
                best = &commands[i];
            }
        }
        if (best != NULL) {
            fp_error_set(&err, 64, NULL, 0, "unknown command '%s'; did you mean '%s'?", argv[1],
                         best->name);
        } else {
            fp_error_set(&err, 64, NULL, 0, "unknown command '%s' (see 'fiberplan --help')",
                         argv[1]);
        }
        return msg_error(&err);
    }
    rc = c->fn(argc - 1, argv + 1);
    if (fclose(stdout) != 0 && rc == 0) {
        fp_error_set(&err, 73, "<stdout>", 0, "cannot write");
        rc = msg_error(&err);
    }
    return rc;
}

/* GLPK allocates and frees its work arrays at every simplex call. glibc serves blocks over
 * 128 KB with fresh mmap()s, so each of the hundreds of calls of a column generation paid page
 * faults for zeroed pages: 18% of a 750-node route was system time. Keep freed memory in the
 * heap instead (profiled with perf; issue "Performance"). */
static void tune_malloc(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);   /* glibc's maximum */
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
}

int main(int argc, char **argv)
{
    int rc;
    tune_malloc();
    fp_farm_init(&argc, &argv);
    rc = run(argc, argv);
    fp_farm_finish();
    return rc;
}
