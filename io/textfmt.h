/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: numbers for people (text output and the HTML review). */
#ifndef FP_IO_TEXTFMT_H
#define FP_IO_TEXTFMT_H

#include <stddef.h>

/* v rounded to a whole number with thousands separators, "1,234,567"; "-" when v is not
 * finite. Returns buf. */
const char *fp_textfmt_grouped(char *buf, size_t size, double v);

/* v to 4 significant digits as a person writes it: "3.6", "1.8e12", "4.05e11", "2e-5" (no
 * '+' and no leading zeros in the exponent); "-" when not finite. Returns buf. */
const char *fp_textfmt_short(char *buf, size_t size, double v);

/* A ratio as a percentage for people: 3 significant digits ("2.5%", "0.123%"), "0%" under
 * 0.01% (a solver's 1.89e-14 is no gap to a reader), "-" when not finite. Returns buf. */
const char *fp_textfmt_percent(char *buf, size_t size, double ratio);

#endif
