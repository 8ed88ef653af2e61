/*
 * Single-precision workload: C += A * B on 96x96 float matrices with
 * fused multiply-add (fmadd.s), several rounds; the checksum is a hash
 * of the result's bit patterns.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "bench.h"

#define M 96
#define ROUNDS (12 * BENCH_SCALE)

static float a[M][M], b[M][M], c[M][M];

int main(void)
{
    uint64_t seed = 42, sum = 0;

    for (int i = 0; i < M; i++) {
        for (int j = 0; j < M; j++) {
            a[i][j] = (float)(bench_rand(&seed) % 2001) / 1000.0f - 1.0f;
            b[i][j] = (float)(bench_rand(&seed) % 2001) / 1000.0f - 1.0f;
            c[i][j] = 0;
        }
    }
    for (int r = 0; r < ROUNDS; r++) {
        for (int i = 0; i < M; i++) {
            for (int k = 0; k < M; k++) {
                float aik = a[i][k] * 0.5f;
                for (int j = 0; j < M; j++) {
                    c[i][j] = __builtin_fmaf(aik, b[k][j], c[i][j]);
                }
            }
        }
    }
    for (int i = 0; i < M; i++) {
        for (int j = 0; j < M; j++) {
            union { float f; uint32_t u; } bits = { .f = c[i][j] };
            sum = sum * 1099511628211ull ^ bits.u;
        }
    }
    bench_checksum("fp-matmul", sum);
    return 0;
}
