/*
 * Integer workload: quicksort (median of three, insertion sort below 16)
 * of 256 Ki pseudo-random 32-bit keys, several rounds; data-dependent
 * branches, compares and swaps.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench.h"

#define N (256 * 1024)
#define ROUNDS (12 * BENCH_SCALE)

static uint32_t a[N];

static void swap(uint32_t *x, uint32_t *y)
{
    uint32_t t = *x;

    *x = *y;
    *y = t;
}

static void sort(uint32_t *v, long lo, long hi)
{
    while (hi - lo > 16) {
        long mid = lo + (hi - lo) / 2, i = lo, j = hi;
        uint32_t pivot;

        if (v[mid] < v[lo]) {
            swap(&v[mid], &v[lo]);
        }
        if (v[hi] < v[lo]) {
            swap(&v[hi], &v[lo]);
        }
        if (v[hi] < v[mid]) {
            swap(&v[hi], &v[mid]);
        }
        pivot = v[mid];
        while (i <= j) {
            while (v[i] < pivot) {
                i++;
            }
            while (v[j] > pivot) {
                j--;
            }
            if (i <= j) {
                swap(&v[i++], &v[j--]);
            }
        }
        /* recurse into the smaller half, loop on the larger */
        if (j - lo < hi - i) {
            sort(v, lo, j);
            lo = i;
        } else {
            sort(v, i, hi);
            hi = j;
        }
    }
    for (long i = lo + 1; i <= hi; i++) {
        uint32_t x = v[i];
        long k = i - 1;

        while (k >= lo && v[k] > x) {
            v[k + 1] = v[k];
            k--;
        }
        v[k + 1] = x;
    }
}

int main(void)
{
    uint64_t seed = 0x9e3779b97f4a7c15ull, sum = 0;

    for (int r = 0; r < ROUNDS; r++) {
        for (long i = 0; i < N; i++) {
            a[i] = (uint32_t)bench_rand(&seed);
        }
        sort(a, 0, N - 1);
        for (long i = 1; i < N; i++) {
            if (a[i - 1] > a[i]) {
                bench_puts("int-sort: not sorted\n");
                return 2;
            }
        }
        for (long i = 0; i < N; i += 97) {
            sum = sum * 33 + a[i];
        }
    }
    bench_checksum("int-sort", sum);
    return 0;
}
