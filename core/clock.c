/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fiberplan: the monotonic clock. */
#include <time.h>

#include "core/clock.h"

double fp_clock_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
