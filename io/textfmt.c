/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: numbers for people. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/textfmt.h"

const char *fp_textfmt_grouped(char *buf, size_t size, double v)
{
    char digits[64];
    size_t n, i, o = 0;
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
        return buf;
    }
    snprintf(digits, sizeof(digits), "%.0f", fabs(v));
    n = strlen(digits);
    if (v < 0 && digits[0] != '0' && o + 1 < size) {
        buf[o++] = '-';
    }
    for (i = 0; i < n && o + 2 < size; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            buf[o++] = ',';
        }
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

const char *fp_textfmt_percent(char *buf, size_t size, double ratio)
{
    double pct = 100.0 * ratio;
    if (!isfinite(pct)) {
        snprintf(buf, size, "-");
    } else if (fabs(pct) < 0.01) {
        snprintf(buf, size, "0%%");
    } else {
        snprintf(buf, size, "%.3g%%", pct);
    }
    return buf;
}

const char *fp_textfmt_short(char *buf, size_t size, double v)
{
    char tmp[64], *e, *d;
    if (!isfinite(v)) {
        snprintf(buf, size, "-");
        return buf;
    }
    snprintf(tmp, sizeof(tmp), "%.4g", v);
    e = strchr(tmp, 'e');
    if (e != NULL) {
        d = e + 1;
        if (*d == '+') {
            memmove(d, d + 1, strlen(d));     /* "e+12" -> "e12" */
        } else if (*d == '-') {
            d++;
        }
        while (d[0] == '0' && d[1] != '\0') {
            memmove(d, d + 1, strlen(d));     /* "e-05" -> "e-5" */
        }
    }
    snprintf(buf, size, "%s", tmp);
    return buf;
}
