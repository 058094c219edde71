/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer harness helpers: the readers take paths, so each input is written to one
 * temporary file (in $TMPDIR or /tmp) that is rewritten for every run. */
#ifndef FP_FUZZ_COMMON_H
#define FP_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The path holding data (the same file every time; removed at exit). */
static const char *fuzz_file(const uint8_t *data, size_t size);

static char fuzz_path[4096];

static void fuzz_cleanup(void)
{
    if (fuzz_path[0] != '\0') {
        unlink(fuzz_path);
    }
}

static const char *fuzz_file(const uint8_t *data, size_t size)
{
    static int fd = -1;
    if (fd < 0) {
        const char *dir = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
        snprintf(fuzz_path, sizeof(fuzz_path), "%s/fiberplan-fuzz-XXXXXX", dir);
        fd = mkstemp(fuzz_path);
        if (fd < 0) {
            abort();
        }
        atexit(fuzz_cleanup);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size) {
        abort();
    }
    return fuzz_path;
}

/* An error must be one line, with a sysexits code the CLI knows. */
static void fuzz_check_error(int rc, const struct fp_error *err)
{
    if (rc == FP_OK) {
        return;
    }
    if ((rc != FP_EUSAGE && rc != FP_EDATA && rc != FP_ENOINPUT && rc != FP_ESOFTWARE) || err->rc != rc ||
        err->msg[0] == '\0' || strchr(err->msg, '\n') != NULL) {
        abort();
    }
}

#endif
