/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: reads an input file or standard input whole, under a byte cap. */
#ifndef FP_IO_INPUT_H
#define FP_IO_INPUT_H

#include <stddef.h>

#include "core/error.h"

/* Inputs larger than this are refused (65): a topology of 100,000 spans is ~40 MB. */
#define FP_INPUT_MAX_BYTES ((size_t)128 << 20)

struct fp_input {
    char *data;      /* owned; NUL-terminated (the NUL is not counted in size) */
    size_t size;
    char *display;   /* owned; the path as typed, "<stdin>" for "-" */
};

/* Reads path ("-" for standard input) whole into in.
 * Returns FP_ENOINPUT when the file is missing, a directory or unreadable,
 * FP_EDATA when it is larger than FP_INPUT_MAX_BYTES. */
int fp_input_read(const char *path, struct fp_input *in, struct fp_error *err);

/* Frees in's buffers; accepts a zeroed struct. */
void fp_input_release(struct fp_input *in);

/* The 1-based line of byte offset off in in. */
long fp_input_line_at(const struct fp_input *in, size_t off);

#endif
