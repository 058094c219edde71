/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: stderr messages and the stdout-or-file choice (STYLE.md "Errors"). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/msg.h"
#include "core/farm.h"
#include "io/outfile.h"

int msg_error(const struct fp_error *err)
{
    if (!fp_farm_root()) {
        return err->rc;   /* under MPI, rank 0 speaks for every rank */
    }
    if (err->file[0] != '\0' && err->line > 0) {
        fprintf(stderr, "fiberplan: %s:%ld: %s\n", err->file, err->line, err->msg);
    } else if (err->file[0] != '\0') {
        fprintf(stderr, "fiberplan: %s: %s\n", err->file, err->msg);
    } else {
        fprintf(stderr, "fiberplan: %s\n", err->msg);
    }
    return err->rc;
}

void msg_warn(const char *msg)
{
    if (!fp_farm_root()) {
        return;
    }
    fprintf(stderr, "fiberplan: warning: %s\n", msg);
}

int msg_output(const char *out_path, const char *text, struct fp_error *err)
{
    size_t len = strlen(text);
    if (out_path != NULL && strcmp(out_path, "-") != 0) {
        return fp_outfile_write(out_path, text, len, err);
    }
    if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        return fp_error_set(err, FP_ECANTCREAT, "<stdout>", 0, "cannot write: %s",
                            strerror(errno));
    }
    return FP_OK;
}
