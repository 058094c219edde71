/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: result-file reading shared by io/resultread.c and io/report.c. */
#ifndef FP_IO_RESULTREAD_INTERNAL_H
#define FP_IO_RESULTREAD_INTERNAL_H

#include <stddef.h>

#include <jansson.h>

#include "core/error.h"
#include "core/topo.h"

/* Reads path ("-": standard input) as a fiberplan.result/1 object into *root (owned:
 * json_decref) and the path as shown into display. FP_ENOINPUT when unreadable; FP_EDATA
 * (FILE:LINE) when not JSON or not a fiberplan result. */
int fp_resultread_load(const char *path, json_t **root, char *display, size_t size, struct fp_error *err);

/* The span of topo that a result names by id (a JSON string) into *e; FP_EDATA naming the file
 * when topo has no such span (a result of another topology). */
int fp_resultread_span(const struct fp_topo *topo, const char *display, const json_t *id, igraph_integer_t *e,
                       struct fp_error *err);

#endif
