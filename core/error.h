/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the error record every library call fills, and sysexits return codes. */
#ifndef FP_CORE_ERROR_H
#define FP_CORE_ERROR_H

/* Return codes: FP_OK or a sysexits(3) value (CONTRACT.md "Exit codes"). */
enum fp_rc {
    FP_OK = 0,
    FP_EUSAGE = 64,      /* command-line misuse */
    FP_EDATA = 65,       /* malformed file, impossible values, sites not connected */
    FP_ENOINPUT = 66,    /* input missing or unreadable */
    FP_ESOFTWARE = 70,   /* internal, igraph, GLPK or allocation failure */
    FP_ECANTCREAT = 73   /* cannot write output */
};

/* The first error of an operation. Zero it (or fp_error_init) before use. */
struct fp_error {
    enum fp_rc rc;       /* FP_OK until the first fp_error_set() */
    char file[512];      /* file as typed ("<stdin>" for "-"); empty when none applies */
    char msg[512];       /* one line, lower case, no full stop */
    long line;           /* 1-based; 0 when no line applies */
};

/* Resets err to "no error". */
void fp_error_init(struct fp_error *err);

/* Records the first error only (later calls keep the first) and returns rc.
 * file may be NULL or "" when no file applies; line 0 when no line applies.
 * Newlines in the formatted message are replaced by spaces. */
int fp_error_set(struct fp_error *err, enum fp_rc rc, const char *file, long line,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Installs fiberplan's igraph error and warning handlers: an igraph failure is
 * returned to the caller (never an abort) and its reason is kept for
 * fp_error_igraph_reason(). Idempotent; call once before any igraph use. */
void fp_error_igraph_install(void);

/* The reason text of the last igraph failure ("" if none). Borrowed. */
const char *fp_error_igraph_reason(void);

/* Maps a failed igraph call to FP_ESOFTWARE: use as
 * FP_IGRAPH(err, igraph_call(...)); inside a function with an `rc` variable
 * and an `out:` label. */
#define FP_IGRAPH(err, call)                                                          \
    do {                                                                              \
        if ((call) != IGRAPH_SUCCESS) {                                               \
            rc = fp_error_set((err), FP_ESOFTWARE, NULL, 0, "internal: igraph: %s",    \
                              fp_error_igraph_reason());                              \
            goto out;                                                                 \
        }                                                                             \
    } while (0)

#endif
