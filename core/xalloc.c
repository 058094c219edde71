/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: allocation wrappers (STYLE.md "Memory ownership"). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/xalloc.h"

static void out_of_memory(void)
{
    static const char msg[] = "fiberplan: out of memory\n";
    ssize_t n = write(STDERR_FILENO, msg, sizeof(msg) - 1);
    (void)n;
    _exit(FP_ESOFTWARE);
}

void *fp_xmalloc(size_t size)
{
    void *p = malloc(size != 0 ? size : 1);
    if (p == NULL) {
        out_of_memory();
    }
    return p;
}

void *fp_xcalloc(size_t nmemb, size_t size)
{
    void *p;
    if (nmemb == 0 || size == 0) {
        nmemb = 1;
        size = 1;
    }
    p = calloc(nmemb, size);
    if (p == NULL) {
        out_of_memory();
    }
    return p;
}

void *fp_xrealloc(void *ptr, size_t nmemb, size_t size)
{
    void *p;
    if (size != 0 && nmemb > SIZE_MAX / size) {
        out_of_memory();
    }
    p = realloc(ptr, nmemb * size != 0 ? nmemb * size : 1);
    if (p == NULL) {
        out_of_memory();
    }
    return p;
}

void *fp_xpush(void *ptr, size_t n, size_t size)
{
    if (n == 0) {
        return fp_xrealloc(ptr, 1, size);
    }
    if ((n & (n - 1)) == 0) {
        if (n > SIZE_MAX / 2) {
            out_of_memory();
        }
        return fp_xrealloc(ptr, 2 * n, size);
    }
    return ptr;
}

char *fp_xstrdup(const char *s)
{
    return fp_xstrndup(s, strlen(s));
}

char *fp_xstrndup(const char *s, size_t n)
{
    char *p;
    size_t len = strnlen(s, n);
    if (len == SIZE_MAX) {
        out_of_memory();
    }
    p = fp_xmalloc(len + 1);
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

char *fp_xasprintf(const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        out_of_memory();
    }
    p = fp_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
