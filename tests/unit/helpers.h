/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan unit tests: shared assertions and fixtures (cmocka). */
#ifndef FP_TESTS_HELPERS_H
#define FP_TESTS_HELPERS_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/error.h"
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
#define GRAPHML_HEAD                                                                          \
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
    "<key id=\"rf\" for=\"graph\" attr.name=\"route_factor\" attr.type=\"double\"/>\n"         \
    "<graph id=\"t\" edgedefault=\"undirected\">\n"
#define GRAPHML_TAIL "</graph>\n</graphml>\n"

/* A deterministic pseudo-random integer in [0, n) (Knuth's 64-bit LCG, high bits): the
 * generated-instance tests see the same instances on every machine. */
static inline unsigned next_rand(unsigned n)
{
    static unsigned long long lcg = 88172645463325252ULL;
    lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((lcg >> 33) % n);
}

#endif
