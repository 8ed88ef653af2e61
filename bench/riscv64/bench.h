/*
 * What the riscv64 benchmark workloads share: HTIF console output, the
 * checksum line the runner compares between emulators, a small PRNG and
 * the freestanding memset/memcpy gcc may call. With BENCH_HOSTED (the
 * Linux builds of bench/riscv64-user.py) the console is stdout and the
 * C library provides memset/memcpy. BENCH_SCALE multiplies each
 * workload's main loop count: the bare-metal builds keep 1, the hosted
 * runner passes a larger value so process start-up and translation do
 * not dominate the measured time.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef BENCH_RISCV64_BENCH_H
#define BENCH_RISCV64_BENCH_H

#include <stddef.h>
#include <stdint.h>

#ifndef BENCH_SCALE
#define BENCH_SCALE 1
#endif

#ifdef BENCH_HOSTED
#include <stdio.h>
#include <string.h>

static inline void bench_putc(char c)
{
    putchar(c);
}
#else
extern volatile uint64_t tohost, fromhost;

static inline void bench_putc(char c)
{
    /* device 1 (console), command 1 (putchar) */
    tohost = (1ull << 56) | (1ull << 48) | (uint8_t)c;
    /* both emulators answer at once; bounded in case one does not */
    for (int i = 0; i < 1000 && !fromhost; i++) {
    }
    fromhost = 0;
}
#endif

static inline void bench_puts(const char *s)
{
    while (*s) {
        bench_putc(*s++);
    }
}

/* Print "NAME checksum HEX16\n": the runner compares this line. */
static inline void bench_checksum(const char *name, uint64_t v)
{
    bench_puts(name);
    bench_puts(" checksum ");
    for (int i = 60; i >= 0; i -= 4) {
        bench_putc("0123456789abcdef"[(v >> i) & 15]);
    }
    bench_putc('\n');
}

/* xorshift64*: deterministic input data. */
static inline uint64_t bench_rand(uint64_t *s)
{
    uint64_t x = *s;

    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545f4914f6cdd1dull;
}

#ifndef BENCH_HOSTED
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
#endif

#endif
