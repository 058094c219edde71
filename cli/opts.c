/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: option table, parser and --help text (CONTRACT.md "Commands"; STYLE.md "CLI dispatch"). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli/opts.h"
#include "core/parse.h"
#include "core/xalloc.h"

enum opt_arg {
    ARG_NONE,
    ARG_STRING,
    ARG_POSITIVE,   /* finite number > 0 */
    ARG_NONNEG,     /* finite number >= 0 */
    ARG_FACTOR,     /* finite number >= 1 */
    ARG_COUNT,      /* whole number >= 1 */
    ARG_FRACTION    /* finite number > 0 and <= 1 */
};

enum opt_group { GROUP_COMMAND, GROUP_JOB, GROUP_TOPOLOGY, GROUP_COMMON };

struct opt_def {
    enum opt_id id;
    const char *name;
    char short_name;
    enum opt_arg arg;
    const char *metavar;
    unsigned cmds;
    enum opt_group group;
    const char *help;
    const char *choices;   /* '|'-separated allowed values of an ARG_STRING, or NULL */
};

#define ALL_CMDS (CMD_CHECK | CMD_BOUND | CMD_ROUTE | CMD_PLAN | CMD_FAILURES | CMD_SWEEP | CMD_EXPORT | CMD_REPORT)
#define TOPO_CMDS ALL_CMDS
#define JOB_CMDS (CMD_BOUND | CMD_ROUTE | CMD_PLAN | CMD_FAILURES | CMD_SWEEP)
#define SOLVE_CMDS (CMD_ROUTE | CMD_PLAN | CMD_FAILURES | CMD_SWEEP)

static const struct opt_def table[] = {
    {OPT_COLLECTIVE, "collective", 0, ARG_STRING, "ALG", CMD_ROUTE, GROUP_COMMAND,
     "tree (default), ring, direct, demands, or all (solve each, report the best)",
     "tree|ring|direct|demands|all"},
    {OPT_RING_ORDER, "ring-order", 0, ARG_STRING, "a,b,c", CMD_ROUTE, GROUP_COMMAND,
     "ring: use this order of the sites instead of the heuristic", NULL},
    {OPT_DEMANDS, "demands", 0, ARG_STRING, "FILE.csv", CMD_ROUTE, GROUP_COMMAND,
     "route a traffic matrix (lines src,dst,gbps): the largest lambda with lambda D routable", NULL},
    {OPT_FORMULATION, "formulation", 0, ARG_STRING, "F", CMD_ROUTE | CMD_PLAN, GROUP_COMMAND,
     "path (default: column generation) or arcflow (the cross-check; plan: continuous budget plans)",
     "path|arcflow"},
    {OPT_MAX_STRETCH, "max-stretch", 0, ARG_FACTOR, "S", CMD_ROUTE, GROUP_COMMAND,
     "only paths with delay <= S x the shortest", NULL},
    {OPT_APPROX, "approx", 0, ARG_POSITIVE, "EPS", CMD_ROUTE, GROUP_COMMAND,
     "tree: a (1-EPS)-approximation (Garg-Koenemann) with its certified gap, instead of the exact LP", NULL},
    {OPT_SINGLE_PATH, "single-path", 0, ARG_NONE, NULL, CMD_ROUTE, GROUP_COMMAND,
     "each site pair on its least-delay path only, as an IGP or SimGrid routes it", NULL},
    {OPT_ALPHA, "alpha", 0, ARG_NONNEG, "S", CMD_ROUTE, GROUP_COMMAND,
     "per-message overhead in seconds (default 20e-6)", NULL},
    {OPT_TRAINER_CONFIG, "trainer-config", 0, ARG_STRING, "FILE", CMD_ROUTE | CMD_PLAN, GROUP_COMMAND,
     "write the trainer configuration (schema fiberplan.trainer/1); with --workload a directory, "
     "DIR/JOB.json per job", NULL},
    {OPT_MESH, "mesh", 0, ARG_STRING, "DEGREES", CMD_ROUTE | CMD_PLAN, GROUP_COMMAND,
     "trainer config: dp_shard=N,tp=N,pp=N[,ep=N]; a replica (pp x dp_shard x tp GPUs) must divide "
     "each site's GPUs (default: dp_shard = their greatest common divisor)", NULL},
    {OPT_UTILIZATION, "utilization", 0, ARG_FRACTION, "U", CMD_ROUTE | CMD_PLAN, GROUP_COMMAND,
     "the smallest DiLoCo sync interval H whose compute utilisation is >= U (0 < U <= 1); needs "
     "the compute time", NULL},
    {OPT_TRAINER_FALLBACKS, "trainer-fallbacks", 0, ARG_NONE, NULL, CMD_ROUTE | CMD_PLAN, GROUP_COMMAND,
     "trainer config: a fallback schedule per single span failure (one route per span; with "
     "--workload, each job's part of the workload routed without the span; plan: on the planned "
     "network)", NULL},
    {OPT_WRITE_LP, "write-lp", 0, ARG_STRING, "FILE", CMD_ROUTE | CMD_PLAN, GROUP_COMMAND,
     "write the final LP in CPLEX LP format, to re-solve with another solver (plan: with --workload "
     "and --budget, the continuous plan's LP)", NULL},
    {OPT_BUDGET, "budget", 0, ARG_NONNEG, "USD", CMD_PLAN, GROUP_COMMAND,
     "maximise theta spending at most USD on upgrades and builds", NULL},
    {OPT_TARGET_TIME, "target-time", 0, ARG_POSITIVE, "S", CMD_PLAN, GROUP_COMMAND,
     "the cheapest plan whose all-reduce takes at most S seconds", NULL},
    {OPT_MODULAR, "modular", 0, ARG_NONE, NULL, CMD_PLAN | CMD_SWEEP, GROUP_COMMAND,
     "whole wavelengths (module_gbps at module_cost) and whole builds: a MILP", NULL},
    {OPT_ASSUME_LATENCY, "assume-latency", 0, ARG_NONNEG, "S", CMD_PLAN, GROUP_COMMAND,
     "--target-time: plan as if T_lat were S (0: the target is on T_bw alone)", NULL},
    {OPT_BY, "by", 0, ARG_STRING, "span|srlg", CMD_FAILURES, GROUP_COMMAND,
     "fail one span at a time (default), or every span of one shared-risk group", "span|srlg"},
    {OPT_SURVIVE, "survive", 0, ARG_STRING, "span|srlg", CMD_PLAN, GROUP_COMMAND,
     "one plan for every single-span (or SRLG) failure: maximise the worst case", "span|srlg"},
    {OPT_OUT_GRAPHML, "out-graphml", 0, ARG_STRING, "FILE", CMD_PLAN, GROUP_COMMAND,
     "write the planned topology (capacities raised, candidates built) as GraphML", NULL},
    {OPT_PHASES, "phases", 0, ARG_STRING, "FILE.json", CMD_PLAN | CMD_SWEEP, GROUP_COMMAND,
     "a phased build-out (schema fiberplan.phases/1): one plan over every phase, and the myopic "
     "baseline (with --cost-model: fiber pairs lit per phase, kept lit)", NULL},
    {OPT_DISCOUNT, "discount", 0, ARG_NONNEG, "R", CMD_PLAN, GROUP_COMMAND,
     "--phases: discount rate per year of the cost (target mode; default 0)", NULL},
    {OPT_CARRY_OVER, "carry-over", 0, ARG_NONE, NULL, CMD_PLAN | CMD_SWEEP, GROUP_COMMAND,
     "--phases: a phase's unspent budget moves to the next", NULL},
    {OPT_BUDGETS, "budgets", 0, ARG_STRING, "B1,B2,...", CMD_SWEEP, GROUP_COMMAND,
     "the budgets in USD, comma-separated, each >= 0", NULL},
    {OPT_CSV, "csv", 0, ARG_STRING, "FILE", CMD_SWEEP, GROUP_COMMAND,
     "also write the frontier as CSV (budget_usd,cost_usd,allreduce_s,...)", NULL},
    {OPT_FORMAT, "format", 0, ARG_STRING, "F", CMD_EXPORT, GROUP_COMMAND,
     "graphml (for networkx, Gephi, yEd), dot (neato -n2) or simgrid (a SimGrid platform)",
     "graphml|dot|simgrid"},
    {OPT_RESULT, "result", 0, ARG_STRING, "RESULT.json", CMD_EXPORT, GROUP_COMMAND,
     "annotate with a result of this topology: loads, utilisation, planned capacity, the cut", NULL},
    {OPT_TOPOLOGY, "topology", 0, ARG_STRING, "TOPO", CMD_REPORT, GROUP_COMMAND,
     "the topology the result was computed on (default: the file the result names)", NULL},
    {OPT_NODES, "nodes", 0, ARG_NONE, NULL, CMD_CHECK, GROUP_COMMAND,
     "list every node: id, label, type, degree, GPUs, coordinates (the names --sites accepts)",
     NULL},
    {OPT_JOBS, "jobs", 'j', ARG_COUNT, "N", CMD_SWEEP | CMD_FAILURES | CMD_PLAN, GROUP_COMMON,
     "solve scenarios (plan: its --survive scenarios) in N worker processes (default 1); the "
     "result does not depend on N", NULL},
    {OPT_TIME_LIMIT, "time-limit", 0, ARG_POSITIVE, "S", SOLVE_CMDS, GROUP_COMMON,
     "the whole command ends within S + max(1, 0.05 S) seconds with the best found and its gap "
     "(default: no limit; branch and cut of --modular plans stops after 60 s)", NULL},
    {OPT_PARAMS, "params", 0, ARG_POSITIVE, "N", JOB_CMDS, GROUP_JOB,
     "model parameters, e.g. 1.8e12 (default: the topology's params)", NULL},
    {OPT_GRAD_BYTES, "grad-bytes", 0, ARG_POSITIVE, "B", JOB_CMDS, GROUP_JOB,
     "bytes per gradient element (default 2, bf16)", NULL},
    {OPT_SITES, "sites", 0, ARG_STRING, "a,b,c", JOB_CMDS | CMD_EXPORT, GROUP_JOB,
     "participating node ids or labels (default: every datacenter with gpus > 0)", NULL},
    {OPT_COMPUTE_TIME, "compute-time", 0, ARG_NONNEG, "S", JOB_CMDS, GROUP_JOB,
     "seconds of compute in one training step", NULL},
    {OPT_JOB, "job", 0, ARG_STRING, "FILE.json", JOB_CMDS, GROUP_JOB,
     "the JOB keys from a JSON file (flags win)", NULL},
    {OPT_WORKLOAD, "workload", 0, ARG_STRING, "FILE.json", CMD_ROUTE | CMD_PLAN | CMD_FAILURES | CMD_SWEEP, GROUP_JOB,
     "several jobs and a background demand on the same spans (schema fiberplan.workload/1), "
     "instead of one job", NULL},
    {OPT_COST_MODEL, "cost-model", 0, ARG_STRING, "MODEL", CMD_CHECK | CMD_PLAN | CMD_SWEEP | CMD_EXPORT,
     GROUP_TOPOLOGY, "'default' or a FILE.json: capacity and prices from the fiber: mode by reach, wavelengths per pair, lit "
     "and dark pairs, amplifiers (schema fiberplan.costs/1; span attributes win)", NULL},
    {OPT_REGENERATE, "regenerate", 0, ARG_NONE, NULL, CMD_CHECK | CMD_PLAN | CMD_SWEEP | CMD_EXPORT,
     GROUP_TOPOLOGY, "--cost-model: a span beyond every mode's reach gets regenerators (one set of "
     "ends per section), not an error", NULL},
    {OPT_DEFAULT_CAPACITY, "default-capacity", 0, ARG_NONNEG, "GBPS", TOPO_CMDS, GROUP_TOPOLOGY,
     "capacity per direction of lit spans that have none", NULL},
    {OPT_DEFAULT_LENGTH, "default-length", 0, ARG_NONNEG, "KM", TOPO_CMDS, GROUP_TOPOLOGY,
     "length of spans whose length cannot be derived", NULL},
    {OPT_ROUTE_FACTOR, "route-factor", 0, ARG_FACTOR, "F", TOPO_CMDS, GROUP_TOPOLOGY,
     "fiber route km per great-circle km (default: the file's, else 1.3)", NULL},
    {OPT_JSON, "json", 0, ARG_NONE, NULL, ALL_CMDS & ~(CMD_EXPORT | CMD_REPORT), GROUP_COMMON,
     "machine output (schema fiberplan.result/1) instead of text", NULL},
    {OPT_OUTPUT, "output", 'o', ARG_STRING, "FILE", ALL_CMDS, GROUP_COMMON,
     "write there instead of standard output, atomically", NULL},
    {OPT_QUIET, "quiet", 'q', ARG_NONE, NULL, ALL_CMDS, GROUP_COMMON,
     "print nothing but the result (no warnings, no progress)", NULL},
    {OPT_VERBOSE, "verbose", 'v', ARG_NONE, NULL, ALL_CMDS, GROUP_COMMON,
     "print more detail on standard error (-vv: GLPK's own log too)", NULL},
    {OPT_PROGRESS, "progress", 0, ARG_NONE, NULL, CMD_ROUTE | CMD_PLAN | CMD_SWEEP | CMD_FAILURES,
     GROUP_COMMON, "report progress on standard error after 2 s (phase, incumbent, bound, gap, "
     "elapsed) even when it is not a terminal", NULL},
    {OPT_HELP, "help", 'h', ARG_NONE, NULL, ALL_CMDS, GROUP_COMMON, "show this help and exit", NULL},
    {OPT_REPRODUCIBLE, "reproducible", 0, ARG_NONE, NULL, ALL_CMDS & ~(CMD_EXPORT | CMD_REPORT), GROUP_COMMON,
     "JSON: report .solver.seconds as 0, so equal inputs give byte-identical output", NULL},
    {OPT_VERSION, "version", 0, ARG_NONE, NULL, ALL_CMDS, GROUP_COMMON,
     "show the version and exit", NULL},
};

#define N_TABLE (sizeof(table) / sizeof(table[0]))

static const struct opt_def *by_long(const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < N_TABLE; i++) {
        if (strlen(table[i].name) == len && strncmp(table[i].name, name, len) == 0) {
            return &table[i];
        }
    }
    return NULL;
}

static const struct opt_def *by_short(char c)
{
    size_t i;
    for (i = 0; i < N_TABLE; i++) {
        if (table[i].short_name == c) {
            return &table[i];
        }
    }
    return NULL;
}

static const char *display_name(const struct opt_def *d, char *buf, size_t size)
{
    snprintf(buf, size, "--%s", d->name);
    return buf;
}

static int set_value(const char *cmd, const struct opt_def *d, const char *value, struct opts *o,
                     struct fp_error *err)
{
    char name[64];
    double v;
    const char *need = NULL;

    display_name(d, name, sizeof(name));
    o->set[d->id] = true;
    o->str[d->id] = value;
    if (d->arg == ARG_NONE) {
        o->num[d->id] += 1.0;   /* -v -v or -vv: verbosity 2 */
    }
    if (d->arg == ARG_NONE || d->arg == ARG_STRING) {
        if (d->arg == ARG_STRING && value[0] == '\0') {
            return fp_error_set(err, FP_EUSAGE, NULL, 0, "%s: %s needs a non-empty value "
                                "(see 'fiberplan %s --help')", cmd, name, cmd);
        }
        if (d->choices != NULL) {
            const char *c = d->choices;
            size_t len = strlen(value);
            while (c != NULL) {
                const char *bar = strchr(c, '|');
                size_t clen = bar != NULL ? (size_t)(bar - c) : strlen(c);
                if (clen == len && strncmp(c, value, len) == 0) {
                    return FP_OK;
                }
                c = bar != NULL ? bar + 1 : NULL;
            }
            return fp_error_set(err, FP_EUSAGE, NULL, 0, "%s: %s must be one of %s, got '%s' "
                                "(see 'fiberplan %s --help')", cmd, name, d->choices, value, cmd);
        }
        return FP_OK;
    }
    if (fp_parse_double(value, &v) != 0) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0,
                            "%s: %s must be a number, got '%s' (see 'fiberplan %s --help')", cmd,
                            name, value, cmd);
    }
    if (d->arg == ARG_POSITIVE && !(v > 0)) {
        need = "> 0";
    } else if (d->id == OPT_PARAMS && v > FP_MAX_PARAMS) {
        need = "at most 1e16";
    } else if (d->arg == ARG_NONNEG && !(v >= 0)) {
        need = ">= 0";
    } else if (d->arg == ARG_FACTOR && !(v >= 1)) {
        need = ">= 1";
    } else if (d->arg == ARG_COUNT && !(v >= 1 && v <= 1024 && v == floor(v))) {
        need = "a whole number from 1 to 1024";
    } else if (d->arg == ARG_FRACTION && !(v > 0 && v <= 1)) {
        need = "> 0 and <= 1";
    }
    if (need != NULL) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0,
                            "%s: %s must be %s, got '%s' (see 'fiberplan %s --help')", cmd, name,
                            need, value, cmd);
    }
    o->num[d->id] = v;
    return FP_OK;
}

static int not_for(const char *cmd, const char *shown, struct fp_error *err)
{
    return fp_error_set(err, FP_EUSAGE, NULL, 0,
                        "%s: option '%s' does not apply to '%s' (see 'fiberplan %s --help')", cmd,
                        shown, cmd, cmd);
}

/* Options that go only with others for a command: plan writes an LP for a workload only. */
static int combined(const char *cmd, unsigned bit, const struct opts *o, struct fp_error *err)
{
    if (bit == CMD_PLAN && o->set[OPT_WRITE_LP] && !o->set[OPT_WORKLOAD]) {
        return fp_error_set(err, FP_EUSAGE, NULL, 0, "%s: --write-lp goes with --workload (the "
                            "workload plan's LP; see 'fiberplan %s --help')", cmd, cmd);
    }
    return FP_OK;
}

int opts_parse(const char *cmd, unsigned bit, int argc, char **argv, struct opts *o,
               struct fp_error *err)
{
    int i;
    bool only_pos = false;

    memset(o, 0, sizeof(*o));
    o->pos = fp_xcalloc((size_t)argc + 1, sizeof(char *));
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const struct opt_def *d;
        const char *value = NULL;
        char shown[80];
        int rc;

        if (only_pos || a[0] != '-' || strcmp(a, "-") == 0) {
            o->pos[o->n_pos++] = argv[i];
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = true;
            continue;
        }
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq != NULL ? (size_t)(eq - (a + 2)) : strlen(a + 2);
            snprintf(shown, sizeof(shown), "--%.*s", (int)(len < 60 ? len : 60), a + 2);
            d = by_long(a + 2, len);
            if (d == NULL) {
                return fp_error_set(err, FP_EUSAGE, NULL, 0,
                                    "%s: unknown option '%s' (see 'fiberplan %s --help')", cmd,
                                    shown, cmd);
            }
            if (eq != NULL) {
                if (d->arg == ARG_NONE) {
                    return fp_error_set(err, FP_EUSAGE, NULL, 0,
                                        "%s: option '%s' takes no value (see 'fiberplan %s --help')",
                                        cmd, shown, cmd);
                }
                value = eq + 1;
            }
        } else {
            snprintf(shown, sizeof(shown), "-%c", a[1]);
            d = by_short(a[1]);
            if (d == NULL) {
                return fp_error_set(err, FP_EUSAGE, NULL, 0,
                                    "%s: unknown option '%s' (see 'fiberplan %s --help')", cmd,
                                    shown, cmd);
            }
            if (a[2] != '\0' && d->id == OPT_VERBOSE && strspn(a + 1, "v") == strlen(a + 1)) {
                o->num[OPT_VERBOSE] += (double)(strlen(a + 1) - 1);   /* -vv: the rest counted here */
            } else if (a[2] != '\0') {
                if (d->arg == ARG_NONE) {
                    return fp_error_set(err, FP_EUSAGE, NULL, 0,
                                        "%s: unknown option '%s' (see 'fiberplan %s --help')", cmd,
                                        a, cmd);
                }
                value = a + 2;
            }
        }
        if ((d->cmds & bit) == 0) {
            return not_for(cmd, shown, err);
        }
        if (d->arg != ARG_NONE && value == NULL) {
            if (i + 1 >= argc) {
                return fp_error_set(err, FP_EUSAGE, NULL, 0,
                                    "%s: option '%s' needs a value (see 'fiberplan %s --help')",
                                    cmd, shown, cmd);
            }
            value = argv[++i];
        }
        rc = set_value(cmd, d, value != NULL ? value : "", o, err);
        if (rc != FP_OK) {
            return rc;
        }
    }
    return combined(cmd, bit, o, err);
}

void opts_release(struct opts *o)
{
    free(o->pos);
    o->pos = NULL;
    o->n_pos = 0;
}

void opts_help(FILE *fp, unsigned bit)
{
    static const char *const titles[] = {"Options", "Job options", "Topology options",
                                         "Common options"};
    size_t g, i;
    for (g = 0; g < sizeof(titles) / sizeof(titles[0]); g++) {
        bool any = false;
        for (i = 0; i < N_TABLE; i++) {
            char left[64];
            const struct opt_def *d = &table[i];
            if ((size_t)d->group != g || (d->cmds & bit) == 0) {
                continue;
            }
            if (!any) {
                fprintf(fp, "\n%s:\n", titles[g]);
                any = true;
            }
            if (d->short_name != 0) {
                snprintf(left, sizeof(left), "-%c, --%s%s%s", d->short_name, d->name,
                         d->metavar != NULL ? " " : "", d->metavar != NULL ? d->metavar : "");
            } else {
                snprintf(left, sizeof(left), "    --%s%s%s", d->name, d->metavar != NULL ? " " : "",
                         d->metavar != NULL ? d->metavar : "");
            }
            fprintf(fp, "  %-28s %s\n", left, d->help);
        }
    }
}

void opts_topo(const struct opts *o, struct fp_topo_options *topo)
{
    fp_topo_options_init(topo);
    if (o->set[OPT_DEFAULT_CAPACITY]) {
        topo->default_capacity_gbps = o->num[OPT_DEFAULT_CAPACITY];
    }
    if (o->set[OPT_DEFAULT_LENGTH]) {
        topo->default_length_km = o->num[OPT_DEFAULT_LENGTH];
    }
    if (o->set[OPT_ROUTE_FACTOR]) {
        topo->route_factor = o->num[OPT_ROUTE_FACTOR];
    }
}

void opts_job(const struct opts *o, struct fp_job_spec *spec)
{
    fp_job_spec_init(spec);
    if (o->set[OPT_PARAMS]) {
        spec->params = o->num[OPT_PARAMS];
    }
    if (o->set[OPT_GRAD_BYTES]) {
        spec->grad_bytes = o->num[OPT_GRAD_BYTES];
    }
    if (o->set[OPT_COMPUTE_TIME]) {
        spec->compute_time = o->num[OPT_COMPUTE_TIME];
    }
    if (o->set[OPT_SITES]) {
        spec->sites = o->str[OPT_SITES];
    }
}

/* Output, verbosity and parallelism do not change the answer. */
static bool shapes_answer(enum opt_id id)
{
    switch (id) {
    case OPT_HELP:
    case OPT_VERSION:
    case OPT_JSON:
    case OPT_OUTPUT:
    case OPT_QUIET:
    case OPT_VERBOSE:
    case OPT_TRAINER_CONFIG:
    case OPT_MESH:
    case OPT_TRAINER_FALLBACKS:
    case OPT_WRITE_LP:
    case OPT_OUT_GRAPHML:
    case OPT_CSV:
    case OPT_JOBS:
    case OPT_REPRODUCIBLE:
        return false;
    default:
        return true;
    }
}

size_t opts_shaping(const struct opts *o, struct fp_provenance_opt *out)
{
    size_t i, n = 0;
    for (i = 0; i < N_TABLE; i++) {
        const struct opt_def *d = &table[i];
        if (!o->set[d->id] || !shapes_answer(d->id)) {
            continue;
        }
        out[n].name = d->name;
        out[n].kind = d->arg == ARG_NONE     ? FP_PROV_FLAG
                      : d->arg == ARG_STRING ? FP_PROV_STRING
                                             : FP_PROV_NUMBER;
        out[n].num = o->num[d->id];
        out[n].text = o->str[d->id];
        n++;
    }
    return n;
}
