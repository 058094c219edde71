/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: strict number parsing (no atoi/atof/sscanf; STYLE.md "Errors"). */
#ifndef FP_CORE_PARSE_H
#define FP_CORE_PARSE_H

#include <stdbool.h>
#include <stddef.h>

/* Parses a decimal floating-point number. Leading and trailing ASCII
 * whitespace is allowed (XML and SNDlib pad values); anything else left over,
 * an empty string, hexadecimal, NaN, infinity or overflow is rejected.
 * Never depends on the locale being "C" (fiberplan never calls setlocale).
 * Returns 0 and writes *out on success, -1 otherwise (*out untouched). */
int fp_parse_double(const char *s, double *out);

/* As fp_parse_double, then demands an integral value in [LLONG_MIN/2, LLONG_MAX/2]
 * ("450000", "4.5e5" and "450000.0" all give 450000). */
int fp_parse_integer(const char *s, long long *out);

/* True when s is NULL or holds only ASCII whitespace. */
bool fp_parse_blank(const char *s);

/* A copy of s with leading and trailing ASCII whitespace removed; owned: free(). */
char *fp_parse_trim(const char *s);

#endif
