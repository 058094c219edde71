/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: where a result came from: the topology file's absolute path and SHA-256 and the
 * options that shaped the answer, stamped into a result (.topology.path, .topology.sha256,
 * .options) and checked again by `report`. */
#ifndef FP_IO_PROVENANCE_H
#define FP_IO_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

#define FP_SHA256_HEX 65 /* 64 hex digits and the NUL */

enum fp_provenance_kind { FP_PROV_FLAG, FP_PROV_NUMBER, FP_PROV_STRING };

/* One option as given: --name (FLAG: true), --name=N (NUMBER: num) or --name=S (STRING). */
struct fp_provenance_opt {
    const char *name; /* borrowed: the long name without dashes */
    enum fp_provenance_kind kind;
    double num;
    const char *text; /* borrowed */
};

/* The SHA-256 of n bytes at data as 64 lower-case hex digits into hex. */
void fp_provenance_sha256(const void *data, size_t n, char hex[FP_SHA256_HEX]);

/* The absolute path (owned: free(), via realpath(3)) and the SHA-256 of the file at path into
 * *abs and hex. FP_ENOINPUT when it is not a regular file (a pipe cannot be read twice) or
 * cannot be read; on failure *abs is untouched. */
int fp_provenance_file(const char *path, char **abs, char hex[FP_SHA256_HEX], struct fp_error *err);

/* Adds .topology.path (null when !with_path: byte-identical output on any machine) and
 * .topology.sha256 (both null for topo_path "-", a pipe or a file gone since: the bytes are
 * gone) and .options (one key per option given) to the result JSON *text, which is replaced
 * (owned: free()); an .options already there is kept. FP_ESOFTWARE when *text is not a result
 * object. */
int fp_provenance_stamp(char **text, const char *topo_path, bool with_path,
                        const struct fp_provenance_opt *opts, size_t n_opts, struct fp_error *err);

#endif
