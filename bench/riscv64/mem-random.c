/*
 * Memory/TLB workload: dependent random reads and read-modify-writes
 * over a 64 MiB array (16 Ki distinct 4 KiB pages, with Sv39 on), so
 * most accesses miss the emulator's software TLB.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench.h"

#define WORDS (8 * 1024 * 1024)     /* 64 MiB of uint64_t */
#define ACCESSES (600 * 1000 * BENCH_SCALE)

static uint64_t arr[WORDS];

int main(void)
{
    uint64_t seed = 7, sum = 0, idx = 0;

    /* touch every page once, with a value that depends on its index */
    for (uint64_t i = 0; i < WORDS; i += 512) {
        arr[i] = i * 0x9e3779b97f4a7c15ull;
    }
    for (long n = 0; n < ACCESSES; n++) {
        uint64_t r = bench_rand(&seed);

        /* the next index depends on what was read: no overlap */
        idx = (r ^ arr[idx]) & (WORDS - 1);
        sum += arr[idx];
        arr[(idx * 4099) & (WORDS - 1)] += r;
    }
    bench_checksum("mem-random", sum);
    return 0;
}
