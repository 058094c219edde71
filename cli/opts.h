/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the one option table that drives parsing, validation and --help. */
#ifndef FP_CLI_OPTS_H
#define FP_CLI_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"
#include "core/job.h"
#include "core/topo.h"
#include "io/provenance.h"

/* Commands, as bits: an option lists the commands it applies to. */
enum cmd_bit {
    CMD_CHECK = 1u << 0,
    CMD_BOUND = 1u << 1,
    CMD_ROUTE = 1u << 2,
    CMD_PLAN = 1u << 3,
    CMD_FAILURES = 1u << 4,
    CMD_SWEEP = 1u << 5,
    CMD_EXPORT = 1u << 6,
    CMD_REPORT = 1u << 7
};

enum opt_id {
    OPT_HELP,
    OPT_VERSION,
    OPT_JSON,
    OPT_OUTPUT,
    OPT_QUIET,
    OPT_VERBOSE,
    OPT_PARAMS,
    OPT_GRAD_BYTES,
    OPT_SITES,
    OPT_COMPUTE_TIME,
    OPT_JOB,
    OPT_WORKLOAD,
    OPT_COLLECTIVE,
    OPT_RING_ORDER,
    OPT_DEMANDS,
    OPT_FORMULATION,
    OPT_MAX_STRETCH,
    OPT_APPROX,
    OPT_ALPHA,
    OPT_TRAINER_CONFIG,
    OPT_MESH,
    OPT_UTILIZATION,
    OPT_TRAINER_FALLBACKS,
    OPT_WRITE_LP,
    OPT_TIME_LIMIT,
    OPT_BUDGET,
    OPT_TARGET_TIME,
    OPT_MODULAR,
    OPT_ASSUME_LATENCY,
    OPT_BY,
    OPT_BUDGETS,
    OPT_JOBS,
    OPT_CSV,
    OPT_SURVIVE,
    OPT_OUT_GRAPHML,
    OPT_REPRODUCIBLE,
    OPT_FORMAT,
    OPT_RESULT,
    OPT_TOPOLOGY,
    OPT_SINGLE_PATH,
    OPT_DEFAULT_CAPACITY,
    OPT_DEFAULT_LENGTH,
    OPT_ROUTE_FACTOR,
    OPT_NODES,
    OPT_PROGRESS,
    OPT_COST_MODEL,
    OPT_REGENERATE,
    OPT_PHASES,
    OPT_DISCOUNT,
    OPT_CARRY_OVER,
    OPT_COUNT
};

/* Parsed options: which were given, their text and, for numbers, the value. */
struct opts {
    bool set[OPT_COUNT];
    const char *str[OPT_COUNT];   /* borrowed from argv */
    double num[OPT_COUNT];        /* the value; for a flag, how many times it was given */
    char **pos;                   /* positional arguments; owned array, borrowed strings */
    int n_pos;
};

/* Parses argv[1..argc) of command `cmd` (whose bit is `bit`). Exact long
 * names only ("--json", "--route-factor=1.2" or "--route-factor 1.2"), short
 * options "-o FILE", "-oFILE", "-q", "-v"; "--" ends options; "-" is a
 * positional. FP_EUSAGE with a one-line message (and the help hint) for an
 * unknown option, one that does not apply to cmd, a missing or malformed value. */
int opts_parse(const char *cmd, unsigned bit, int argc, char **argv, struct opts *o,
               struct fp_error *err);

void opts_release(struct opts *o);

/* Prints the options of command bit, grouped, for --help. */
void opts_help(FILE *fp, unsigned bit);

/* The topology options (--default-capacity, --default-length, --route-factor). */
void opts_topo(const struct opts *o, struct fp_topo_options *topo);

/* The JOB flags (--params, --grad-bytes, --sites, --compute-time) as a spec. */
void opts_job(const struct opts *o, struct fp_job_spec *spec);

/* The options given that shape the answer (not output, verbosity or --jobs), in the table's
 * order, into out (room for OPT_COUNT); returns how many. Strings are borrowed from argv. */
size_t opts_shaping(const struct opts *o, struct fp_provenance_opt *out);

#endif
