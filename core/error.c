/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the first-error record and the igraph error bridge (STYLE.md "Errors"). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <igraph.h>

#include "core/error.h"

void fp_error_init(struct fp_error *err)
{
    memset(err, 0, sizeof(*err));
}

int fp_error_set(struct fp_error *err, enum fp_rc rc, const char *file, long line,
                 const char *fmt, ...)
{
    va_list ap;
    char *p;

    if (err == NULL || err->rc != FP_OK) {
        return rc;
    }
    err->rc = rc;
    err->line = line;
    snprintf(err->file, sizeof(err->file), "%s", file != NULL ? file : "");
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
    va_end(ap);
    for (p = err->msg; *p != '\0'; p++) {
        if (*p == '\n' || *p == '\r') {
            *p = ' ';
        }
    }
    return rc;
}

static char igraph_reason[512];

static void igraph_error_handler(const char *reason, const char *file, int line,
                                 igraph_error_t igraph_errno)
{
    (void)file;
    (void)line;
    snprintf(igraph_reason, sizeof(igraph_reason), "%s (%s)", reason != NULL ? reason : "",
             igraph_strerror(igraph_errno));
    IGRAPH_FINALLY_FREE();
}

static void igraph_warning_handler(const char *reason, const char *file, int line)
{
    (void)reason;
    (void)file;
    (void)line;
}

void fp_error_igraph_install(void)
{
    igraph_set_error_handler(igraph_error_handler);
    igraph_set_warning_handler(igraph_warning_handler);
}

const char *fp_error_igraph_reason(void)
{
    return igraph_reason;
}
