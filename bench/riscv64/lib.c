/*
 * Freestanding memset/memcpy for the riscv64 benchmark workloads (gcc
 * may emit calls to them at -O2).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench.h"

void *memset(void *d, int c, size_t n)
{
    volatile unsigned char *p = d;  /* keep gcc from calling memset */

    while (n--) {
        *p++ = (unsigned char)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile unsigned char *p = d;
    const unsigned char *q = s;

    while (n--) {
        *p++ = *q++;
    }
    return d;
}
