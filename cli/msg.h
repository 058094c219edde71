/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: everything the program says on standard error. */
#ifndef FP_CLI_MSG_H
#define FP_CLI_MSG_H

#include "core/error.h"

/* Prints err as the one line "fiberplan: FILE:LINE: msg" ("FILE: msg" without
 * a line, "msg" without a file) and returns err->rc. */
int msg_error(const struct fp_error *err);

/* Prints "fiberplan: warning: msg" unless quiet. */
void msg_warn(const char *msg);

/* Writes text to -o FILE atomically or to standard output; FP_ECANTCREAT when
 * that fails (a failing fclose(stdout) included). */
int msg_output(const char *out_path, const char *text, struct fp_error *err);

#endif
