/*
 * Throughput of guest floating point: the exact software path, the host
 * fast path (both through their FpuOps tables, as the translator calls
 * them) and the bare host instruction, for add, mul, fma, div and sqrt in
 * binary32 and binary64. Prints operations per second and the ratios.
 * Built by meson, never run by `make check`: timings are not assertions.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Usage: build/bench/fpu-bench [seconds-per-measurement, default 0.2]
 */
#include "fpu/host-fp.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define N 4096

static uint32_t a32[N], b32[N], c32[N];
static uint64_t a64[N], b64[N], c64[N];
static volatile uint64_t sink;

typedef enum { OP_ADD, OP_MUL, OP_FMA, OP_DIV, OP_SQRT } BenchOp;
static const char *const op_names[] = { "add", "mul", "fma", "div", "sqrt" };

/* One pass over the operands through a table; returns ops done. */
static long pass_table(const FpuOps *o, BenchOp op, bool f64)
{
    FpuStatus st;
    uint64_t acc = 0;

    fpu_status_init_riscv(&st);
    for (int i = 0; i < N; i++) {
        if (!f64) {
            switch (op) {
            case OP_ADD: acc ^= o->f32_add(a32[i], b32[i], &st); break;
            case OP_MUL: acc ^= o->f32_mul(a32[i], b32[i], &st); break;
            case OP_FMA:
                acc ^= o->f32_muladd(a32[i], b32[i], c32[i], 0, &st);
                break;
            case OP_DIV: acc ^= o->f32_div(a32[i], b32[i], &st); break;
            case OP_SQRT: acc ^= o->f32_sqrt(a32[i], &st); break;
            }
        } else {
            switch (op) {
            case OP_ADD: acc ^= o->f64_add(a64[i], b64[i], &st); break;
            case OP_MUL: acc ^= o->f64_mul(a64[i], b64[i], &st); break;
            case OP_FMA:
                acc ^= o->f64_muladd(a64[i], b64[i], c64[i], 0, &st);
                break;
            case OP_DIV: acc ^= o->f64_div(a64[i], b64[i], &st); break;
            case OP_SQRT: acc ^= o->f64_sqrt(a64[i], &st); break;
            }
        }
    }
    sink ^= acc ^ st.flags;
    return N;
}

/*
 * The bare host operation: one scalar instruction per element, as
 * translated code would issue it. The empty asm keeps the loop scalar.
 */
static long pass_native(BenchOp op, bool f64)
{
    float acc32 = 0;
    double acc64 = 0;

    for (int i = 0; i < N; i++) {
        float x, y, z;
        double u, v, w;

        if (!f64) {
            memcpy(&x, &a32[i], 4);
            memcpy(&y, &b32[i], 4);
            memcpy(&z, &c32[i], 4);
            switch (op) {
            case OP_ADD: x = x + y; break;
            case OP_MUL: x = x * y; break;
            case OP_FMA: x = fmaf(x, y, z); break;
            case OP_DIV: x = x / y; break;
            case OP_SQRT: x = sqrtf(x); break;
            }
            asm volatile("" : "+x"(x));
            acc32 += x;
        } else {
            memcpy(&u, &a64[i], 8);
            memcpy(&v, &b64[i], 8);
            memcpy(&w, &c64[i], 8);
            switch (op) {
            case OP_ADD: u = u + v; break;
            case OP_MUL: u = u * v; break;
            case OP_FMA: u = fma(u, v, w); break;
            case OP_DIV: u = u / v; break;
            case OP_SQRT: u = sqrt(u); break;
            }
            asm volatile("" : "+x"(u));
            acc64 += u;
        }
    }
    sink ^= (uint64_t)acc32 ^ (uint64_t)acc64;
    return N;
}

/* Operations per second of one path, measured for about `secs`. */
static double measure(const FpuOps *o, BenchOp op, bool f64, double secs)
{
    gint64 start = g_get_monotonic_time(), now;
    long ops = 0;

    do {
        for (int k = 0; k < 16; k++) {
            ops += o ? pass_table(o, op, f64) : pass_native(op, f64);
        }
        now = g_get_monotonic_time();
    } while (now - start < secs * 1e6);
    return ops / ((now - start) / 1e6);
}

/* Normal operands with moderate exponents: the common case, no traps. */
static void fill(void)
{
    GRand *r = g_rand_new_with_seed(42);

    for (int i = 0; i < N; i++) {
        a32[i] = 0x3f000000u | (g_rand_int(r) & 0x00ffffffu);
        b32[i] = 0x3f000000u | (g_rand_int(r) & 0x00ffffffu);
        c32[i] = 0x3f000000u | (g_rand_int(r) & 0x00ffffffu);
        a64[i] = 0x3fe0000000000000ull |
                 (((uint64_t)g_rand_int(r) << 32 | g_rand_int(r)) &
                  0x001fffffffffffffull);
        b64[i] = 0x3fe0000000000000ull |
                 (((uint64_t)g_rand_int(r) << 32 | g_rand_int(r)) &
                  0x001fffffffffffffull);
        c64[i] = 0x3fe0000000000000ull |
                 (((uint64_t)g_rand_int(r) << 32 | g_rand_int(r)) &
                  0x001fffffffffffffull);
    }
    g_rand_free(r);
}

int main(int argc, char **argv)
{
    double secs = argc > 1 ? atof(argv[1]) : 0.2;
    const FpuOps *host = fpu_ops_select(true);

    if (secs <= 0) {
        fprintf(stderr, "usage: %s [seconds-per-measurement]\n", argv[0]);
        return 1;
    }
    fill();
    printf("fpu-bench: host fast path %s, host FMA %s\n",
           fpu_host_available() ? "yes" : "no (exact only)",
           fpu_host_has_fma() ? "yes" : "no");
    printf("%-9s %12s %12s %12s %10s %10s\n", "op", "exact Mop/s",
           "fast Mop/s", "native Mop/s", "fast/exact", "native/fast");
    for (int f = 0; f < 2; f++) {
        for (BenchOp op = OP_ADD; op <= OP_SQRT; op++) {
            double e = measure(&fpu_ops_exact, op, f, secs);
            double h = measure(host, op, f, secs);
            double n = measure(NULL, op, f, secs);
            char name[16];

            snprintf(name, sizeof(name), "%s_%s", f ? "f64" : "f32",
                     op_names[op]);
            printf("%-9s %12.1f %12.1f %12.1f %9.2fx %9.2fx\n", name,
                   e / 1e6, h / 1e6, n / 1e6, h / e, n / h);
        }
    }
    return 0;
}
