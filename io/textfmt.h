/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: numbers for people (text output and the HTML review). */
#ifndef FP_IO_TEXTFMT_H
#define FP_IO_TEXTFMT_H

#include <stddef.h>

/* v rounded to a whole number with thousands separators, "1,234,567"; "-" when v is not
 * finite. Returns buf. */
const char *fp_textfmt_grouped(char *buf, size_t size, double v);

#endif
