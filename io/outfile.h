/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: atomic output files: temporary file in the target's folder, fsync, rename. */
#ifndef FP_IO_OUTFILE_H
#define FP_IO_OUTFILE_H

#include <stddef.h>

#include "core/error.h"

/* Writes len bytes of data to path so that readers see the old file or the
 * whole new one, never a part: mkstemp in the same folder, checked write,
 * fsync, close, rename (git lockfile.h). A path that exists and is not a
 * regular file (/dev/stdout, /dev/full, a FIFO) is written in place.
 * Returns FP_ECANTCREAT naming path on any failure, leaving no temporary file. */
int fp_outfile_write(const char *path, const char *data, size_t len, struct fp_error *err);

/* Removes the temporary file of a write in progress, if any. Async-signal-safe:
 * for signal handlers and atexit. */
void fp_outfile_abort(void);

#endif
