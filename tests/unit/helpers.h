/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan unit tests: shared assertions and fixtures (cmocka). */
#ifndef FP_TESTS_HELPERS_H
#define FP_TESTS_HELPERS_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/error.h"
#include "core/job.h"
#include "core/topo.h"
#include "io/topofile.h"

/* |actual - expected| <= tol * max(1, |expected|); fails on NaN. */
#define assert_close(actual, expected, tol) \
    assert_close_impl((actual), (expected), (tol), #actual, __FILE__, __LINE__)

static inline void assert_close_impl(double actual, double expected, double tol, const char *expr,
                                     const char *file, int line)
{
    double scale = fabs(expected) > 1.0 ? fabs(expected) : 1.0;
    if (!(fabs(actual - expected) <= tol * scale)) {
        print_error("%s:%d: %s = %.17g, expected %.17g (tol %g)\n", file, line, expr, actual,
                       expected, tol);
        _fail(file, line);
    }
}

/* Writes text to a new temporary file and returns its path (static buffer). */
static inline const char *write_temp(const char *text)
{
    static char path[64];
    int fd;
    size_t len = strlen(text);
    snprintf(path, sizeof(path), "/tmp/fiberplan-test-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    return path;
}

/* Loads text as a topology file with opts (NULL: defaults); returns the rc and
 * fills err. The temporary file is removed. */
static inline int load_text(const char *text, const struct fp_topo_options *opts,
                            struct fp_topo *topo, struct fp_error *err)
{
    struct fp_topo_options defaults;
    const char *path = write_temp(text);
    int rc;
    if (opts == NULL) {
        fp_topo_options_init(&defaults);
        opts = &defaults;
    }
    fp_error_init(err);
    memset(topo, 0, sizeof(*topo));
    rc = fp_topofile_read(path, opts, topo, err);
    unlink(path);
    return rc;
}

/* GraphML with the CONTRACT.md keys and the given body inside <graph>. */
#define GRAPHML_KEYS                                                                          \
    "<?xml version=\"1.0\"?>\n"                                                               \
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"                              \
    "<key id=\"type\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"                \
    "<key id=\"lat\" for=\"node\" attr.name=\"lat\" attr.type=\"double\"/>\n"                  \
    "<key id=\"lon\" for=\"node\" attr.name=\"lon\" attr.type=\"double\"/>\n"                  \
    "<key id=\"gpus\" for=\"node\" attr.name=\"gpus\" attr.type=\"int\"/>\n"                   \
    "<key id=\"len\" for=\"edge\" attr.name=\"length_km\" attr.type=\"double\"/>\n"            \
    "<key id=\"lat_ms\" for=\"edge\" attr.name=\"latency_ms\" attr.type=\"double\"/>\n"        \
    "<key id=\"cap\" for=\"edge\" attr.name=\"capacity_gbps\" attr.type=\"double\"/>\n"        \
    "<key id=\"max\" for=\"edge\" attr.name=\"max_capacity_gbps\" attr.type=\"double\"/>\n"    \
    "<key id=\"fp\" for=\"edge\" attr.name=\"fiber_pairs\" attr.type=\"int\"/>\n"              \
    "<key id=\"wl\" for=\"edge\" attr.name=\"wavelengths\" attr.type=\"int\"/>\n"              \
    "<key id=\"gpw\" for=\"edge\" attr.name=\"gbps_per_wavelength\" attr.type=\"double\"/>\n"  \
    "<key id=\"mg\" for=\"edge\" attr.name=\"module_gbps\" attr.type=\"double\"/>\n"           \
    "<key id=\"mc\" for=\"edge\" attr.name=\"module_cost\" attr.type=\"double\"/>\n"           \
    "<key id=\"status\" for=\"edge\" attr.name=\"status\" attr.type=\"string\">"               \
    "<default>lit</default></key>\n"                                                          \
    "<key id=\"rf\" for=\"graph\" attr.name=\"route_factor\" attr.type=\"double\"/>\n"
#define GRAPHML_GRAPH "<graph id=\"t\" edgedefault=\"undirected\">\n"
#define GRAPHML_HEAD GRAPHML_KEYS GRAPHML_GRAPH
/* the keys of continuous planning too (random_network with plan) */
#define GRAPHML_PLAN_KEYS                                                                     \
    "<key id=\"kappa\" for=\"edge\" attr.name=\"cost_per_gbps\" attr.type=\"double\"/>\n"      \
    "<key id=\"bc\" for=\"edge\" attr.name=\"build_cost\" attr.type=\"double\"/>\n"
#define GRAPHML_TAIL "</graph>\n</graphml>\n"

/* A deterministic pseudo-random integer in [0, n) (Knuth's 64-bit LCG, high bits): the
 * generated-instance tests see the same instances on every machine. */
static inline unsigned next_rand(unsigned n)
{
    static unsigned long long lcg = 88172645463325252ULL;
    lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((lcg >> 33) % n);
}

/* A connected random network for the generated-instance tests: n nodes n0 .. n(n-1), the first
 * k of them sites, a chain plus random chords, spans of 10..100 Gbit/s and 10..500 km. With
 * plan, every span also has a ceiling up to 300 Gbit/s above its capacity (some with no room)
 * and 1..20 USD per Gbit/s (one in five no price), and one chord in three is a candidate
 * (ceiling 50..300, build cost 100..5,000). The numbers are drawn in a fixed order (never two
 * in one argument list, whose order C leaves open), so every compiler sees the same networks.
 * Owned: free() it. */
static inline char *random_network(int n, int k, bool plan)
{
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    int v, extra;
    len += (size_t)snprintf(s + len, cap - len, "%s",
                            plan ? GRAPHML_KEYS GRAPHML_PLAN_KEYS GRAPHML_GRAPH : GRAPHML_HEAD);
    for (v = 0; v < n; v++) {
        len += (size_t)snprintf(s + len, cap - len,
                                v < k ? "<node id=\"n%d\"><data key=\"type\">datacenter</data>"
                                        "<data key=\"gpus\">8</data></node>\n"
                                      : "<node id=\"n%d\"/>\n", v);
    }
    extra = n / 2 + (int)next_rand((unsigned)n);
    for (v = 1; v < n + extra; v++) {
        unsigned a = next_rand((unsigned)(v < n ? v : n));
        unsigned b = v < n ? (unsigned)v : next_rand((unsigned)n);
        unsigned km = 10 + next_rand(490), gbps = 10 + next_rand(91);
        char attrs[160] = "";
        if (a == b) {
            continue;
        }
        if (plan) {
            bool candidate = v >= n && next_rand(3) == 0;
            unsigned ceiling = candidate ? 50 + next_rand(251) : gbps + next_rand(301);
            unsigned price = next_rand(5) != 0 ? 1 + next_rand(20) : 0;
            int at = snprintf(attrs, sizeof(attrs), "<data key=\"max\">%u</data>", ceiling);
            if (price > 0) {
                at += snprintf(attrs + at, sizeof(attrs) - (size_t)at,
                               "<data key=\"kappa\">%u</data>", price);
            }
            if (candidate) {
                gbps = 0;
                snprintf(attrs + at, sizeof(attrs) - (size_t)at,
                         "<data key=\"status\">candidate</data><data key=\"bc\">%u</data>",
                         100 + next_rand(4901));
            }
        }
        len += (size_t)snprintf(s + len, cap - len,
                                "<edge source=\"n%u\" target=\"n%u\"><data key=\"len\">%u</data>"
                                "<data key=\"cap\">%u</data>%s</edge>\n", a, b, km, gbps, attrs);
    }
    snprintf(s + len, cap - len, "%s", GRAPHML_TAIL);
    return s;
}


/* A topology loaded from GraphML text and its job (the sites' default, S = 2e9 B). */
struct fx_net {
    struct fp_topo topo;
    struct fp_job job;
};

static inline void fx_net_load(struct fx_net *f, const char *text)
{
    struct fp_job_spec flags, file;
    struct fp_error err;
    assert_int_equal(load_text(text, NULL, &f->topo, &err), FP_OK);
    fp_job_spec_init(&flags);
    fp_job_spec_init(&file);
    flags.params = 1e9;   /* S = 2e9 B */
    assert_int_equal(fp_job_resolve(&f->topo, &flags, &file, &f->job, &err), FP_OK);
}

static inline void fx_net_free(struct fx_net *f)
{
    fp_job_release(&f->job);
    fp_topo_release(&f->topo);
}

#endif
