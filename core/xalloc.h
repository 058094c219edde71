/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: allocation wrappers that check for overflow and exit 70 when memory runs out. */
#ifndef FP_CORE_XALLOC_H
#define FP_CORE_XALLOC_H

#include <stddef.h>

/* Each returns usable memory or, on exhaustion or size overflow, prints
 * "fiberplan: out of memory" and exits 70 (tmux, git). The only place the
 * library exits. Results are owned: free with free(). */
void *fp_xmalloc(size_t size);
void *fp_xcalloc(size_t nmemb, size_t size);
void *fp_xrealloc(void *ptr, size_t nmemb, size_t size);  /* realloc(ptr, nmemb * size) */
/* Room for element n of an array that grows one element at a time: the array (NULL when n is 0)
 * is reallocated when n is 0 or a power of two, to twice that, so n appends cost O(n) copying
 * in all (one realloc each made a 53-scenario survivable master's 29,000 commodities copy
 * 20 GB). The array must have been grown only by fp_xpush. */
void *fp_xpush(void *ptr, size_t n, size_t size);
char *fp_xstrdup(const char *s);
char *fp_xstrndup(const char *s, size_t n);

/* printf into a new string; owned: free(). */
char *fp_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
