/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: strict number parsing for files and options. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/xalloc.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool fp_parse_blank(const char *s)
{
    if (s == NULL) {
        return true;
    }
    for (; *s != '\0'; s++) {
        if (!is_space(*s)) {
            return false;
        }
    }
    return true;
}

char *fp_parse_trim(const char *s)
{
    size_t len;
    while (is_space(*s)) {
        s++;
    }
    len = strlen(s);
    while (len > 0 && is_space(s[len - 1])) {
        len--;
    }
    return fp_xstrndup(s, len);
}

/* Only [+-]digits[.digits][(e|E)[+-]digits]: strtod alone would also take
 * "nan", "inf" and hexadecimal floats. */
static bool decimal_syntax(const char *s)
{
    bool digits = false;
    if (*s == '+' || *s == '-') {
        s++;
    }
    for (; *s >= '0' && *s <= '9'; s++) {
        digits = true;
    }
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++) {
            digits = true;
        }
    }
    if (!digits) {
        return false;
    }
    if (*s == 'e' || *s == 'E') {
        bool exp_digits = false;
        s++;
        if (*s == '+' || *s == '-') {
            s++;
        }
        for (; *s >= '0' && *s <= '9'; s++) {
            exp_digits = true;
        }
        if (!exp_digits) {
            return false;
        }
    }
    return *s == '\0';
}

int fp_parse_double(const char *s, double *out)
{
    char *t = NULL, *end;
    const char *p;
    size_t len;
    double v;
    int rc = -1;

    if (s == NULL) {
        return -1;
    }
    /* trimmed in place when nothing follows the number (the usual case: no copy); else a
     * trimmed copy */
    for (p = s; is_space(*p); p++) {
    }
    len = strlen(p);
    if (len > 0 && is_space(p[len - 1])) {
        t = fp_parse_trim(p);
        p = t;
    }
    if (!decimal_syntax(p)) {
        goto out;
    }
    errno = 0;
    v = strtod(p, &end);
    if (*end != '\0' || !isfinite(v) || (errno == ERANGE && fabs(v) > 1.0)) {
        goto out;
    }
    *out = v;
    rc = 0;
out:
    free(t);
    return rc;
}

int fp_parse_integer(const char *s, long long *out)
{
    double v;
    if (fp_parse_double(s, &v) != 0 || v != floor(v) || fabs(v) > 4.0e18) {
        return -1;
    }
    *out = (long long)v;
    return 0;
}
