/*
 * Hand-checked cases for the floating-point library (fpu/): every
 * operation on zeros, infinities, quiet and signaling NaNs, subnormals,
 * the overflow and underflow boundaries and halfway cases, with the
 * expected result and flags in each of the five rounding modes. Each case
 * runs through both the exact path and the host fast path.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "fpu/host-fp.h"

#include <glib.h>
#include <stdio.h>

enum {
    NX = FPU_FLAG_NX, UF = FPU_FLAG_UF, OF = FPU_FLAG_OF,
    DZ = FPU_FLAG_DZ, NV = FPU_FLAG_NV,
};

typedef enum {
    F32_ADD, F32_SUB, F32_MUL, F32_DIV, F32_SQRT,
    F32_FMADD, F32_FMSUB, F32_FNMSUB, F32_FNMADD,
    F32_TO_I32, F32_TO_U32, F32_TO_I64, F32_TO_U64,
    I32_TO_F32, U32_TO_F32, I64_TO_F32, U64_TO_F32,
    F32_EQ, F32_LT, F32_LE, F32_MIN, F32_MAX, F32_ROUND, F32_ROUNDNX,
    F64_ADD, F64_SUB, F64_MUL, F64_DIV, F64_SQRT,
    F64_FMADD, F64_FMSUB, F64_FNMSUB, F64_FNMADD,
    F64_TO_I32, F64_TO_U32, F64_TO_I64, F64_TO_U64,
    I32_TO_F64, U32_TO_F64, I64_TO_F64, U64_TO_F64,
    F64_EQ, F64_LT, F64_LE, F64_MIN, F64_MAX, F64_ROUND, F64_ROUNDNX,
    F32_TO_F64, F64_TO_F32,
} Op;

/* Expected result and flags per rounding mode: RNE RTZ RDN RUP RMM. */
typedef struct Case {
    Op op;
    uint64_t a, b, c;
    uint64_t r[5];
    uint8_t f[5];
} Case;

/* The same result and flags in every mode. */
#define ALL(r, f) { r, r, r, r, r }, { f, f, f, f, f }

static uint64_t run(const FpuOps *o, Op op, uint64_t a, uint64_t b,
                    uint64_t c, FpuStatus *st)
{
    switch (op) {
    case F32_ADD: return o->f32_add(a, b, st);
    case F32_SUB: return o->f32_sub(a, b, st);
    case F32_MUL: return o->f32_mul(a, b, st);
    case F32_DIV: return o->f32_div(a, b, st);
    case F32_SQRT: return o->f32_sqrt(a, st);
    case F32_FMADD: return o->f32_muladd(a, b, c, 0, st);
    case F32_FMSUB: return o->f32_muladd(a, b, c, FPU_MULADD_NEG_C, st);
    case F32_FNMSUB:
        return o->f32_muladd(a, b, c, FPU_MULADD_NEG_PRODUCT, st);
    case F32_FNMADD:
        return o->f32_muladd(a, b, c, FPU_MULADD_NEG_PRODUCT |
                             FPU_MULADD_NEG_C, st);
    case F32_TO_I32: return (uint32_t)o->f32_to_i32(a, st);
    case F32_TO_U32: return o->f32_to_u32(a, st);
    case F32_TO_I64: return o->f32_to_i64(a, st);
    case F32_TO_U64: return o->f32_to_u64(a, st);
    case I32_TO_F32: return o->i32_to_f32(a, st);
    case U32_TO_F32: return o->u32_to_f32(a, st);
    case I64_TO_F32: return o->i64_to_f32(a, st);
    case U64_TO_F32: return o->u64_to_f32(a, st);
    case F32_EQ: return o->f32_eq(a, b, st);
    case F32_LT: return o->f32_lt(a, b, st);
    case F32_LE: return o->f32_le(a, b, st);
    case F32_MIN: return o->f32_min(a, b, st);
    case F32_MAX: return o->f32_max(a, b, st);
    case F32_ROUND: return fpu_f32_round_to_int(a, false, st);
    case F32_ROUNDNX: return fpu_f32_round_to_int(a, true, st);
    case F64_ADD: return o->f64_add(a, b, st);
    case F64_SUB: return o->f64_sub(a, b, st);
    case F64_MUL: return o->f64_mul(a, b, st);
    case F64_DIV: return o->f64_div(a, b, st);
    case F64_SQRT: return o->f64_sqrt(a, st);
    case F64_FMADD: return o->f64_muladd(a, b, c, 0, st);
    case F64_FMSUB: return o->f64_muladd(a, b, c, FPU_MULADD_NEG_C, st);
    case F64_FNMSUB:
        return o->f64_muladd(a, b, c, FPU_MULADD_NEG_PRODUCT, st);
    case F64_FNMADD:
        return o->f64_muladd(a, b, c, FPU_MULADD_NEG_PRODUCT |
                             FPU_MULADD_NEG_C, st);
    case F64_TO_I32: return (uint32_t)o->f64_to_i32(a, st);
    case F64_TO_U32: return o->f64_to_u32(a, st);
    case F64_TO_I64: return o->f64_to_i64(a, st);
    case F64_TO_U64: return o->f64_to_u64(a, st);
    case I32_TO_F64: return o->i32_to_f64(a, st);
    case U32_TO_F64: return o->u32_to_f64(a, st);
    case I64_TO_F64: return o->i64_to_f64(a, st);
    case U64_TO_F64: return o->u64_to_f64(a, st);
    case F64_EQ: return o->f64_eq(a, b, st);
    case F64_LT: return o->f64_lt(a, b, st);
    case F64_LE: return o->f64_le(a, b, st);
    case F64_MIN: return o->f64_min(a, b, st);
    case F64_MAX: return o->f64_max(a, b, st);
    case F64_ROUND: return fpu_f64_round_to_int(a, false, st);
    case F64_ROUNDNX: return fpu_f64_round_to_int(a, true, st);
    case F32_TO_F64: return o->f32_to_f64(a, st);
    case F64_TO_F32: return o->f64_to_f32(a, st);
    }
    g_assert_not_reached();
}

/* Run a table through one path; every failure is printed, then counted. */
static int run_cases(const FpuOps *o, const char *path, const Case *cases,
                     size_t n)
{
    int bad = 0;

    for (size_t i = 0; i < n; i++) {
        const Case *t = &cases[i];

        /* twice: from clear flags, and with NX already accrued */
        for (int k = 0; k < 10; k++) {
            int rm = k % 5;
            unsigned preset = k < 5 ? 0 : FPU_FLAG_NX;
            FpuStatus st;
            uint64_t r;

            fpu_status_init_riscv(&st);
            st.round_mode = rm;
            st.flags = preset;
            r = run(o, t->op, t->a, t->b, t->c, &st);
            if (r != t->r[rm] || st.flags != (t->f[rm] | preset)) {
                printf("# %s case %zu (op %d) rm %d: a=%#llx b=%#llx "
                       "c=%#llx got %#llx flags %#x, want %#llx flags %#x\n",
                       path, i, t->op, rm, (unsigned long long)t->a,
                       (unsigned long long)t->b, (unsigned long long)t->c,
                       (unsigned long long)r, st.flags,
                       (unsigned long long)t->r[rm], t->f[rm] | preset);
                fflush(stdout);
                bad++;
            }
        }
    }
    return bad;
}

static void check_table(const Case *cases, size_t n)
{
    int bad = run_cases(&fpu_ops_exact, "exact", cases, n);

    bad += run_cases(fpu_ops_select(true), "host", cases, n);
    ck_assert_int_eq(bad, 0);
}

/* binary32 values used below */
#define P0 0x00000000u              /* +0 */
#define N0 0x80000000u              /* -0 */
#define ONE 0x3f800000u
#define NONE 0xbf800000u            /* -1 */
#define TWO 0x40000000u
#define HALF 0x3f000000u
#define INF 0x7f800000u
#define NINF 0xff800000u
#define QNAN 0x7fc00000u            /* also the canonical NaN */
#define SNAN32 0x7fa00000u
#define MAXF 0x7f7fffffu
#define NMAXF 0xff7fffffu
#define MINN 0x00800000u            /* smallest normal, 2^-126 */
#define MINS 0x00000001u            /* smallest subnormal, 2^-149 */
#define MAXS 0x007fffffu            /* largest subnormal */

/* binary64 */
#define D1 0x3ff0000000000000ull
#define DN1 0xbff0000000000000ull
#define DINF 0x7ff0000000000000ull
#define DQNAN 0x7ff8000000000000ull
#define DSNAN 0x7ff4000000000000ull
#define DMAX 0x7fefffffffffffffull
#define DMINN 0x0010000000000000ull
#define DMAXS 0x000fffffffffffffull

static const Case add_cases[] = {
    { F32_ADD, ONE, TWO, 0, ALL(0x40400000, 0) },
    /* 1 + half an ulp: a tie, 1.0 is even */
    { F32_ADD, ONE, 0x33800000, 0,
      { ONE, ONE, ONE, 0x3f800001, 0x3f800001 }, { NX, NX, NX, NX, NX } },
    /* odd lsb + half an ulp */
    { F32_ADD, 0x3f800001, 0x33800000, 0,
      { 0x3f800002, 0x3f800001, 0x3f800001, 0x3f800002, 0x3f800002 },
      { NX, NX, NX, NX, NX } },
    /* negative tie: RDN and RMM go away from zero */
    { F32_ADD, NONE, 0xb3800000, 0,
      { NONE, NONE, 0xbf800001, NONE, 0xbf800001 },
      { NX, NX, NX, NX, NX } },
    /* x - x is +0, but -0 rounding down */
    { F32_ADD, ONE, NONE, 0, { P0, P0, N0, P0, P0 }, { 0, 0, 0, 0, 0 } },
    { F32_SUB, TWO, TWO, 0, { P0, P0, N0, P0, P0 }, { 0, 0, 0, 0, 0 } },
    { F32_ADD, P0, N0, 0, { P0, P0, N0, P0, P0 }, { 0, 0, 0, 0, 0 } },
    { F32_ADD, N0, N0, 0, ALL(N0, 0) },
    { F32_SUB, N0, P0, 0, ALL(N0, 0) },
    { F32_ADD, INF, NINF, 0, ALL(QNAN, NV) },
    { F32_SUB, INF, INF, 0, ALL(QNAN, NV) },
    { F32_ADD, INF, MAXF, 0, ALL(INF, 0) },
    { F32_ADD, QNAN, ONE, 0, ALL(QNAN, 0) },
    { F32_ADD, 0xffc00123, ONE, 0, ALL(QNAN, 0) },    /* canonicalised */
    { F32_ADD, ONE, SNAN32, 0, ALL(QNAN, NV) },
    { F32_ADD, SNAN32, INF, 0, ALL(QNAN, NV) },
    /* overflow: to infinity or to the largest finite, by mode */
    { F32_ADD, MAXF, MAXF, 0, { INF, MAXF, MAXF, INF, INF },
      { OF | NX, OF | NX, OF | NX, OF | NX, OF | NX } },
    { F32_ADD, NMAXF, NMAXF, 0, { NINF, NMAXF, NINF, NMAXF, NINF },
      { OF | NX, OF | NX, OF | NX, OF | NX, OF | NX } },
    /* max + half its ulp: a tie with an odd lsb; RTZ/RDN stay finite */
    { F32_ADD, MAXF, 0x73000000, 0, { INF, MAXF, MAXF, INF, INF },
      { OF | NX, NX, NX, OF | NX, OF | NX } },
    /* subnormal arithmetic is exact: no underflow without inexact */
    { F32_ADD, MINS, MINS, 0, ALL(0x00000002, 0) },
    { F32_SUB, MINN, MINS, 0, ALL(MAXS, 0) },
    { F32_ADD, MAXS, MINS, 0, ALL(MINN, 0) },
    { F32_ADD, P0, MAXS, 0, ALL(MAXS, 0) },
    /* binary64 */
    { F64_ADD, D1, 0x3ca0000000000000ull, 0,
      { D1, D1, D1, D1 + 1, D1 + 1 }, { NX, NX, NX, NX, NX } },
    { F64_ADD, D1 + 1, 0x3ca0000000000000ull, 0,
      { D1 + 2, D1 + 1, D1 + 1, D1 + 2, D1 + 2 }, { NX, NX, NX, NX, NX } },
    { F64_SUB, D1, D1, 0, { 0, 0, 1ull << 63, 0, 0 }, { 0, 0, 0, 0, 0 } },
    { F64_ADD, DMAX, DMAX, 0, { DINF, DMAX, DMAX, DINF, DINF },
      { OF | NX, OF | NX, OF | NX, OF | NX, OF | NX } },
    { F64_ADD, DINF, DINF | 1ull << 63, 0, ALL(DQNAN, NV) },
    { F64_ADD, DSNAN, D1, 0, ALL(DQNAN, NV) },
    { F64_ADD, 0xfff8000000000005ull, D1, 0, ALL(DQNAN, 0) },
    { F64_SUB, DMINN, 1, 0, ALL(DMAXS, 0) },
};

static const Case mul_cases[] = {
    { F32_MUL, 0x40400000, HALF, 0, ALL(0x3fc00000, 0) },
    /* (1 + 2^-23) * 1.5: tie, odd candidate below */
    { F32_MUL, 0x3f800001, 0x3fc00000, 0,
      { 0x3fc00002, 0x3fc00001, 0x3fc00001, 0x3fc00002, 0x3fc00002 },
      { NX, NX, NX, NX, NX } },
    /* (1 + 3 * 2^-23) * 1.5: tie, even candidate below: RNE != RMM */
    { F32_MUL, 0x3f800003, 0x3fc00000, 0,
      { 0x3fc00004, 0x3fc00004, 0x3fc00004, 0x3fc00005, 0x3fc00005 },
      { NX, NX, NX, NX, NX } },
    { F32_MUL, 0xbf800003, 0x3fc00000, 0,
      { 0xbfc00004, 0xbfc00004, 0xbfc00005, 0xbfc00004, 0xbfc00005 },
      { NX, NX, NX, NX, NX } },
    { F32_MUL, P0, INF, 0, ALL(QNAN, NV) },
    { F32_MUL, NINF, N0, 0, ALL(QNAN, NV) },
    { F32_MUL, N0, 0x40a00000, 0, ALL(N0, 0) },
    { F32_MUL, NINF, NONE, 0, ALL(INF, 0) },
    { F32_MUL, SNAN32, P0, 0, ALL(QNAN, NV) },
    { F32_MUL, QNAN, INF, 0, ALL(QNAN, 0) },
    { F32_MUL, 0x7f000000, TWO, 0, { INF, MAXF, MAXF, INF, INF },
      { OF | NX, OF | NX, OF | NX, OF | NX, OF | NX } },
    { F32_MUL, 0xff000000, TWO, 0, { NINF, NMAXF, NINF, NMAXF, NINF },
      { OF | NX, OF | NX, OF | NX, OF | NX, OF | NX } },
    /*
     * (1 - 2^-24) * 2^-126 needs 24 bits just below 2^-126: exact with an
     * unbounded exponent, so tiny after rounding, and a tie once
     * denormalised. RNE/RUP/RMM round up to the smallest normal and still
     * raise UF.
     */
    { F32_MUL, 0x3f7fffff, MINN, 0,
      { MINN, MAXS, MAXS, MINN, MINN },
      { UF | NX, UF | NX, UF | NX, UF | NX, UF | NX } },
    /*
     * (1 + 2^-23) * (2^-126 - 2^-149) = 2^-126 (1 - 2^-46): rounding at
     * full precision reaches 2^-126 in RNE/RUP/RMM, so it is not tiny
     * after rounding there: NX without UF.
     */
    { F32_MUL, 0x3f800001, MAXS, 0,
      { MINN, MAXS, MAXS, MINN, MINN },
      { NX, UF | NX, UF | NX, NX, NX } },
    /* the negative mirror swaps RDN and RUP */
    { F32_MUL, 0xbf800001, MAXS, 0,
      { MINN | N0, MAXS | N0, MINN | N0, MAXS | N0, MINN | N0 },
      { NX, UF | NX, NX, UF | NX, NX } },
    /* 2^-75 squared = 2^-150: half the smallest subnormal */
    { F32_MUL, 0x1a000000, 0x1a000000, 0,
      { P0, P0, P0, MINS, MINS },
      { UF | NX, UF | NX, UF | NX, UF | NX, UF | NX } },
    /* below half the smallest subnormal: RMM rounds to zero too */
    { F32_MUL, 0x19800000, 0x1a000000, 0,
      { P0, P0, P0, MINS, P0 },
      { UF | NX, UF | NX, UF | NX, UF | NX, UF | NX } },
    /* binary64 */
    { F64_MUL, 0x3ff0000000000001ull, DMAXS, 0,
      { DMINN, DMAXS, DMAXS, DMINN, DMINN },
      { NX, UF | NX, UF | NX, NX, NX } },
    { F64_MUL, 0x3fefffffffffffffull, DMINN, 0,
      { DMINN, DMAXS, DMAXS, DMINN, DMINN },
      { UF | NX, UF | NX, UF | NX, UF | NX, UF | NX } },
    { F64_MUL, 0x7fe0000000000000ull, 0x4000000000000000ull, 0,
      { DINF, DMAX, DMAX, DINF, DINF },
      { OF | NX, OF | NX, OF | NX, OF | NX, OF | NX } },
    { F64_MUL, 0, DINF, 0, ALL(DQNAN, NV) },
    { F64_MUL, 1, 0x3fe0000000000000ull, 0,      /* 2^-1075 */
      { 0, 0, 0, 1, 1 }, { UF | NX, UF | NX, UF | NX, UF | NX, UF | NX } },
};

static const Case div_sqrt_cases[] = {
    { F32_DIV, ONE, 0x40400000, 0,
      { 0x3eaaaaab, 0x3eaaaaaa, 0x3eaaaaaa, 0x3eaaaaab, 0x3eaaaaab },
      { NX, NX, NX, NX, NX } },
    { F32_DIV, NONE, 0x40400000, 0,
      { 0xbeaaaaab, 0xbeaaaaaa, 0xbeaaaaab, 0xbeaaaaaa, 0xbeaaaaab },
      { NX, NX, NX, NX, NX } },
    { F32_DIV, 0x40c00000, 0x40400000, 0, ALL(TWO, 0) },
    { F32_DIV, ONE, P0, 0, ALL(INF, DZ) },
    { F32_DIV, NONE, P0, 0, ALL(NINF, DZ) },
    { F32_DIV, ONE, N0, 0, ALL(NINF, DZ) },
    { F32_DIV, P0, P0, 0, ALL(QNAN, NV) },
    { F32_DIV, INF, NINF, 0, ALL(QNAN, NV) },
    { F32_DIV, INF, P0, 0, ALL(INF, 0) },         /* no DZ for inf / 0 */
    { F32_DIV, ONE, NINF, 0, ALL(N0, 0) },
    { F32_DIV, P0, 0xc0a00000, 0, ALL(N0, 0) },
    { F32_DIV, SNAN32, P0, 0, ALL(QNAN, NV) },
    { F32_DIV, QNAN, P0, 0, ALL(QNAN, 0) },
    { F32_DIV, MAXF, HALF, 0, { INF, MAXF, MAXF, INF, INF },
      { OF | NX, OF | NX, OF | NX, OF | NX, OF | NX } },
    { F32_DIV, MINN, TWO, 0, ALL(0x00400000, 0) },  /* exact subnormal */
    { F32_DIV, MINS, TWO, 0, { P0, P0, P0, MINS, MINS },
      { UF | NX, UF | NX, UF | NX, UF | NX, UF | NX } },
    { F32_SQRT, 0x40800000, 0, 0, ALL(TWO, 0) },
    { F32_SQRT, TWO, 0, 0,
      { 0x3fb504f3, 0x3fb504f3, 0x3fb504f3, 0x3fb504f4, 0x3fb504f3 },
      { NX, NX, NX, NX, NX } },
    { F32_SQRT, N0, 0, 0, ALL(N0, 0) },
    { F32_SQRT, P0, 0, 0, ALL(P0, 0) },
    { F32_SQRT, NONE, 0, 0, ALL(QNAN, NV) },
    { F32_SQRT, NINF, 0, 0, ALL(QNAN, NV) },
    { F32_SQRT, INF, 0, 0, ALL(INF, 0) },
    { F32_SQRT, SNAN32, 0, 0, ALL(QNAN, NV) },
    { F32_SQRT, 0xffc00000, 0, 0, ALL(QNAN, 0) },
    { F32_SQRT, 0x00000002, 0, 0, ALL(0x1a800000, 0) },  /* 2^-148 */
    /* 2^64 - 2^39 - a little: just below the tie, RMM stays below */
    { F32_SQRT, MAXF, 0, 0,
      { 0x5f7fffff, 0x5f7fffff, 0x5f7fffff, 0x5f800000, 0x5f7fffff },
      { NX, NX, NX, NX, NX } },
    { F64_DIV, D1, 0x4008000000000000ull, 0,
      { 0x3fd5555555555555ull, 0x3fd5555555555555ull,
        0x3fd5555555555555ull, 0x3fd5555555555556ull,
        0x3fd5555555555555ull }, { NX, NX, NX, NX, NX } },
    { F64_DIV, D1, 0, 0, ALL(DINF, DZ) },
    { F64_DIV, 0, 0, 0, ALL(DQNAN, NV) },
    { F64_SQRT, 0x4000000000000000ull, 0, 0,
      { 0x3ff6a09e667f3bcdull, 0x3ff6a09e667f3bccull,
        0x3ff6a09e667f3bccull, 0x3ff6a09e667f3bcdull,
        0x3ff6a09e667f3bcdull }, { NX, NX, NX, NX, NX } },
    { F64_SQRT, DN1, 0, 0, ALL(DQNAN, NV) },
    { F64_SQRT, 1ull << 63, 0, 0, ALL(1ull << 63, 0) },
    { F64_SQRT, 0x4010000000000000ull, 0, 0, ALL(0x4000000000000000ull, 0) },
};

static const Case fma_cases[] = {
    /* RISC-V: inf * 0 + qNaN is invalid */
    { F32_FMADD, INF, P0, QNAN, ALL(QNAN, NV) },
    { F32_FMADD, N0, NINF, 0xffc00001, ALL(QNAN, NV) },
    { F32_FMADD, INF, P0, ONE, ALL(QNAN, NV) },
    { F32_FMADD, ONE, ONE, QNAN, ALL(QNAN, 0) },
    { F32_FMADD, ONE, ONE, SNAN32, ALL(QNAN, NV) },
    { F32_FMADD, SNAN32, ONE, ONE, ALL(QNAN, NV) },
    { F32_FMADD, INF, TWO, NINF, ALL(QNAN, NV) },
    { F32_FMSUB, INF, TWO, INF, ALL(QNAN, NV) },
    { F32_FMADD, INF, TWO, INF, ALL(INF, 0) },
    { F32_FMADD, ONE, TWO, NINF, ALL(NINF, 0) },
    /* exact zero results: +0 unless rounding down */
    { F32_FMADD, ONE, ONE, NONE, { P0, P0, N0, P0, P0 }, { 0 } },
    { F32_FMSUB, ONE, ONE, ONE, { P0, P0, N0, P0, P0 }, { 0 } },
    { F32_FNMADD, ONE, ONE, NONE, { P0, P0, N0, P0, P0 }, { 0 } },
    { F32_FNMSUB, ONE, ONE, ONE, { P0, P0, N0, P0, P0 }, { 0 } },
    /* zero product plus zero: the signs of IEEE addition */
    { F32_FMADD, P0, ONE, N0, { P0, P0, N0, P0, P0 }, { 0 } },
    { F32_FMADD, N0, ONE, N0, ALL(N0, 0) },
    { F32_FNMADD, P0, ONE, P0, ALL(N0, 0) },        /* -(+0) - (+0) */
    { F32_FNMSUB, P0, ONE, P0, { P0, P0, N0, P0, P0 }, { 0 } },
    { F32_FMSUB, P0, ONE, P0, { P0, P0, N0, P0, P0 }, { 0 } },
    { F32_FMADD, P0, ONE, 0x40400000, ALL(0x40400000, 0) },
    /* one rounding: (1+2^-23)^2 - (1+2^-22) = 2^-46 exactly */
    { F32_FMADD, 0x3f800001, 0x3f800001, 0xbf800002, ALL(0x28800000, 0) },
    /* the product overflows, the sum does not */
    { F32_FMADD, MAXF, TWO, NMAXF, ALL(MAXF, 0) },
    /* the variants: 2*3 +/- 1 */
    { F32_FMADD, TWO, 0x40400000, ONE, ALL(0x40e00000, 0) },
    { F32_FMSUB, TWO, 0x40400000, ONE, ALL(0x40a00000, 0) },
    { F32_FNMSUB, TWO, 0x40400000, ONE, ALL(0xc0a00000, 0) },
    { F32_FNMADD, TWO, 0x40400000, ONE, ALL(0xc0e00000, 0) },
    /* 1 + 2^-24 * (1 + 2^-23): just above a tie, all but RTZ/RDN up */
    { F32_FMADD, 0x33800000, 0x3f800001, ONE,
      { 0x3f800001, ONE, ONE, 0x3f800001, 0x3f800001 },
      { NX, NX, NX, NX, NX } },
    /* 1 + 2^-24 * 1: an exact tie */
    { F32_FMADD, 0x33800000, ONE, ONE,
      { ONE, ONE, ONE, 0x3f800001, 0x3f800001 }, { NX, NX, NX, NX, NX } },
    /* a tiny product below a huge addend only moves the directed modes */
    { F32_FMADD, MINS, MINS, ONE,
      { ONE, ONE, ONE, 0x3f800001, ONE }, { NX, NX, NX, NX, NX } },
    { F32_FMADD, MINS, MINS, NONE,
      { NONE, 0xbf7fffff, NONE, 0xbf7fffff, NONE },
      { NX, NX, NX, NX, NX } },
    { F32_FMADD, MAXF, MAXF, P0, { INF, MAXF, MAXF, INF, INF },
      { OF | NX, OF | NX, OF | NX, OF | NX, OF | NX } },
    { F32_FMADD, MINN, HALF, P0, ALL(0x00400000, 0) },
    /* binary64 */
    { F64_FMADD, DINF, 0, DQNAN, ALL(DQNAN, NV) },
    { F64_FMADD, D1 + 1, D1 + 1, 0xbff0000000000002ull,
      ALL(0x3970000000000000ull, 0) },
    { F64_FMADD, D1, D1, DN1, { 0, 0, 1ull << 63, 0, 0 }, { 0 } },
    { F64_FNMADD, D1, 0x4000000000000000ull, D1,
      ALL(0xc008000000000000ull, 0) },
    { F64_FMADD, DMAX, 0x4000000000000000ull, DMAX | 1ull << 63,
      ALL(DMAX, 0) },
    { F64_FMSUB, D1, D1, D1, { 0, 0, 1ull << 63, 0, 0 }, { 0 } },
    { F64_FNMSUB, D1, 0x4000000000000000ull, DN1,
      ALL(0xc008000000000000ull, 0) },              /* -(1*2) + -1 */
    { F64_FNMSUB, 0, D1, 0, { 0, 0, 1ull << 63, 0, 0 }, { 0 } },
    { F64_FNMADD, 0, D1, 0, ALL(1ull << 63, 0) },
    /* 1 + 2^-53 * (1 + 2^-52): just above a tie */
    { F64_FMADD, 0x3ca0000000000000ull, D1 + 1, D1,
      { D1 + 1, D1, D1, D1 + 1, D1 + 1 }, { NX, NX, NX, NX, NX } },
    { F64_FMSUB, DINF, 0, DSNAN, ALL(DQNAN, NV) },
};

#define I32MAX 0x7fffffffu
#define I32MIN 0x80000000u
#define U32MAX 0xffffffffu
#define I64MAX 0x7fffffffffffffffull
#define I64MIN 0x8000000000000000ull

static const Case cvt_int_cases[] = {
    { F32_TO_I32, 0x3fc00000, 0, 0, { 2, 1, 1, 2, 2 },
      { NX, NX, NX, NX, NX } },                             /* 1.5 */
    { F32_TO_I32, 0x40200000, 0, 0, { 2, 2, 2, 3, 3 },
      { NX, NX, NX, NX, NX } },                             /* 2.5 */
    { F32_TO_I32, 0xc0200000, 0, 0,                         /* -2.5 */
      { (uint32_t)-2, (uint32_t)-2, (uint32_t)-3, (uint32_t)-2,
        (uint32_t)-3 }, { NX, NX, NX, NX, NX } },
    { F32_TO_I32, 0xbf000000, 0, 0,                         /* -0.5 */
      { 0, 0, U32MAX, 0, U32MAX }, { NX, NX, NX, NX, NX } },
    { F32_TO_I32, 0x3e800000, 0, 0, { 0, 0, 0, 1, 0 },      /* 0.25 */
      { NX, NX, NX, NX, NX } },
    { F32_TO_I32, N0, 0, 0, ALL(0, 0) },
    { F32_TO_I32, QNAN, 0, 0, ALL(I32MAX, NV) },
    { F32_TO_I32, 0xffc00000, 0, 0, ALL(I32MAX, NV) },     /* -NaN */
    { F32_TO_I32, SNAN32, 0, 0, ALL(I32MAX, NV) },
    { F32_TO_I32, INF, 0, 0, ALL(I32MAX, NV) },
    { F32_TO_I32, NINF, 0, 0, ALL(I32MIN, NV) },
    { F32_TO_I32, 0x4f000000, 0, 0, ALL(I32MAX, NV) },     /* 2^31 */
    { F32_TO_I32, 0xcf000000, 0, 0, ALL(I32MIN, 0) },      /* -2^31 */
    { F32_TO_I32, 0xcf000001, 0, 0, ALL(I32MIN, NV) },
    { F32_TO_U32, NONE, 0, 0, ALL(0, NV) },
    { F32_TO_U32, 0xbf000000, 0, 0, { 0, 0, 0, 0, 0 },
      { NX, NX, NV, NX, NV } },                             /* -0.5 */
    { F32_TO_U32, QNAN, 0, 0, ALL(U32MAX, NV) },
    { F32_TO_U32, NINF, 0, 0, ALL(0, NV) },
    { F32_TO_U32, 0x4f800000, 0, 0, ALL(U32MAX, NV) },     /* 2^32 */
    { F32_TO_U32, 0x4f7fffff, 0, 0, ALL(0xffffff00, 0) },
    { F32_TO_I64, 0x5f000000, 0, 0, ALL(I64MAX, NV) },     /* 2^63 */
    { F32_TO_I64, 0xdf000000, 0, 0, ALL(I64MIN, 0) },
    { F32_TO_I64, NINF, 0, 0, ALL(I64MIN, NV) },
    { F32_TO_I64, QNAN, 0, 0, ALL(I64MAX, NV) },
    { F32_TO_U64, 0x5f000000, 0, 0, ALL(I64MIN, 0) },      /* 2^63 */
    { F32_TO_U64, 0x5f800000, 0, 0, ALL(UINT64_MAX, NV) }, /* 2^64 */
    { F32_TO_U64, 0x5f7fffff, 0, 0, ALL(0xffffff0000000000ull, 0) },
    { F32_TO_U64, NONE, 0, 0, ALL(0, NV) },
    { F32_TO_U64, QNAN, 0, 0, ALL(UINT64_MAX, NV) },
    /* 2147483647.5 */
    { F64_TO_I32, 0x41dfffffffe00000ull, 0, 0,
      { I32MAX, I32MAX, I32MAX, I32MAX, I32MAX },
      { NV, NX, NX, NV, NV } },
    /* -2147483648.5 */
    { F64_TO_I32, 0xc1e0000000100000ull, 0, 0,
      { I32MIN, I32MIN, I32MIN, I32MIN, I32MIN },
      { NX, NX, NV, NX, NV } },
    { F64_TO_I32, DQNAN, 0, 0, ALL(I32MAX, NV) },
    { F64_TO_U32, 0x41effffffff00000ull, 0, 0,      /* 2^32 - 0.5 */
      { U32MAX, U32MAX, U32MAX, U32MAX, U32MAX }, { NV, NX, NX, NV, NV } },
    { F64_TO_I64, 0x43e0000000000000ull, 0, 0, ALL(I64MAX, NV) },
    { F64_TO_I64, 0xc3e0000000000000ull, 0, 0, ALL(I64MIN, 0) },
    { F64_TO_I64, 0x3ff8000000000000ull, 0, 0, { 2, 1, 1, 2, 2 },
      { NX, NX, NX, NX, NX } },
    { F64_TO_U64, 0x43f0000000000000ull, 0, 0, ALL(UINT64_MAX, NV) },
    { F64_TO_U64, 0x43e0000000000000ull, 0, 0, ALL(I64MIN, 0) },
    { F64_TO_U64, 0x43efffffffffffffull, 0, 0,
      ALL(0xfffffffffffff800ull, 0) },
    { F64_TO_U64, 1ull << 63, 0, 0, ALL(0, 0) },
    { F64_TO_U64, DINF, 0, 0, ALL(UINT64_MAX, NV) },
    /* 2^24 + 1 is a tie for binary32 */
    { I32_TO_F32, 16777217, 0, 0,
      { 0x4b800000, 0x4b800000, 0x4b800000, 0x4b800001, 0x4b800001 },
      { NX, NX, NX, NX, NX } },
    { I32_TO_F32, (uint32_t)-16777217, 0, 0,
      { 0xcb800000, 0xcb800000, 0xcb800001, 0xcb800000, 0xcb800001 },
      { NX, NX, NX, NX, NX } },
    { I32_TO_F32, 0, 0, 0, ALL(P0, 0) },
    { I32_TO_F32, I32MIN, 0, 0, ALL(0xcf000000, 0) },
    { U32_TO_F32, U32MAX, 0, 0,
      { 0x4f800000, 0x4f7fffff, 0x4f7fffff, 0x4f800000, 0x4f800000 },
      { NX, NX, NX, NX, NX } },
    { U64_TO_F32, UINT64_MAX, 0, 0,
      { 0x5f800000, 0x5f7fffff, 0x5f7fffff, 0x5f800000, 0x5f800000 },
      { NX, NX, NX, NX, NX } },
    /* 2^63 + 2^39: a tie at binary32 precision, with the halving trick */
    { U64_TO_F32, 0x8000008000000000ull, 0, 0,
      { 0x5f000000, 0x5f000000, 0x5f000000, 0x5f000001, 0x5f000001 },
      { NX, NX, NX, NX, NX } },
    /* just above that tie: only the lowest bit says so */
    { U64_TO_F32, 0x8000008000000001ull, 0, 0,
      { 0x5f000001, 0x5f000000, 0x5f000000, 0x5f000001, 0x5f000001 },
      { NX, NX, NX, NX, NX } },
    { I64_TO_F32, I64MIN, 0, 0, ALL(0xdf000000, 0) },
    { I64_TO_F64, I64MIN, 0, 0, ALL(0xc3e0000000000000ull, 0) },
    { I64_TO_F64, (1ull << 53) + 1, 0, 0,
      { 0x4340000000000000ull, 0x4340000000000000ull, 0x4340000000000000ull,
        0x4340000000000001ull, 0x4340000000000001ull },
      { NX, NX, NX, NX, NX } },
    { U64_TO_F64, UINT64_MAX, 0, 0,
      { 0x43f0000000000000ull, 0x43efffffffffffffull, 0x43efffffffffffffull,
        0x43f0000000000000ull, 0x43f0000000000000ull },
      { NX, NX, NX, NX, NX } },
    { I32_TO_F64, (uint32_t)-1, 0, 0, ALL(DN1, 0) },
    { U32_TO_F64, U32MAX, 0, 0, ALL(0x41efffffffe00000ull, 0) },
};

static const Case cvt_float_cases[] = {
    { F64_TO_F32, 0x3ff0000010000000ull, 0, 0,             /* 1 + 2^-24 */
      { ONE, ONE, ONE, 0x3f800001, 0x3f800001 }, { NX, NX, NX, NX, NX } },
    { F64_TO_F32, 0x7e37e43c8800759cull, 0, 0,             /* 1e300 */
      { INF, MAXF, MAXF, INF, INF },
      { OF | NX, OF | NX, OF | NX, OF | NX, OF | NX } },
    { F64_TO_F32, 0x3690000000000000ull, 0, 0,             /* 2^-150 */
      { P0, P0, P0, MINS, MINS },
      { UF | NX, UF | NX, UF | NX, UF | NX, UF | NX } },
    { F64_TO_F32, 0x36a0000000000000ull, 0, 0, ALL(MINS, 0) },
    { F64_TO_F32, DSNAN, 0, 0, ALL(QNAN, NV) },
    { F64_TO_F32, 0xfff8000012345678ull, 0, 0, ALL(QNAN, 0) },
    { F64_TO_F32, DINF | 1ull << 63, 0, 0, ALL(NINF, 0) },
    { F64_TO_F32, 1ull << 63, 0, 0, ALL(N0, 0) },
    { F64_TO_F32, 1, 0, 0, { P0, P0, P0, MINS, P0 },
      { UF | NX, UF | NX, UF | NX, UF | NX, UF | NX } },
    { F32_TO_F64, SNAN32, 0, 0, ALL(DQNAN, NV) },
    { F32_TO_F64, 0x7fc12345, 0, 0, ALL(DQNAN, 0) },
    { F32_TO_F64, MINS, 0, 0, ALL(0x36a0000000000000ull, 0) },
    { F32_TO_F64, MAXF, 0, 0, ALL(0x47efffffe0000000ull, 0) },
    { F32_TO_F64, N0, 0, 0, ALL(1ull << 63, 0) },
    { F32_TO_F64, NINF, 0, 0, ALL(DINF | 1ull << 63, 0) },
    /* Zfa fround / froundnx */
    { F32_ROUND, 0x40200000, 0, 0,                          /* 2.5 */
      { TWO, TWO, TWO, 0x40400000, 0x40400000 }, { 0 } },
    { F32_ROUNDNX, 0x40200000, 0, 0,
      { TWO, TWO, TWO, 0x40400000, 0x40400000 }, { NX, NX, NX, NX, NX } },
    { F32_ROUNDNX, 0xbf000000, 0, 0,                        /* -0.5 */
      { N0, N0, NONE, N0, NONE }, { NX, NX, NX, NX, NX } },
    { F32_ROUNDNX, 0x4b000001, 0, 0, ALL(0x4b000001, 0) },  /* integral */
    { F32_ROUNDNX, MINS, 0, 0, { P0, P0, P0, ONE, P0 },
      { NX, NX, NX, NX, NX } },
    { F32_ROUNDNX, SNAN32, 0, 0, ALL(QNAN, NV) },
    { F32_ROUND, NINF, 0, 0, ALL(NINF, 0) },
    { F32_ROUND, N0, 0, 0, ALL(N0, 0) },
    { F64_ROUNDNX, 0xc004000000000000ull, 0, 0,             /* -2.5 */
      { 0xc000000000000000ull, 0xc000000000000000ull,
        0xc008000000000000ull, 0xc000000000000000ull,
        0xc008000000000000ull }, { NX, NX, NX, NX, NX } },
    { F64_ROUND, 0x4330000000000001ull, 0, 0,
      ALL(0x4330000000000001ull, 0) },
    { F64_ROUND, DQNAN, 0, 0, ALL(DQNAN, 0) },
};

static const Case cmp_cases[] = {
    { F32_EQ, QNAN, QNAN, 0, ALL(0, 0) },
    { F32_EQ, SNAN32, ONE, 0, ALL(0, NV) },
    { F32_EQ, P0, N0, 0, ALL(1, 0) },
    { F32_EQ, ONE, ONE, 0, ALL(1, 0) },
    { F32_EQ, ONE, TWO, 0, ALL(0, 0) },
    { F32_LT, QNAN, ONE, 0, ALL(0, NV) },
    { F32_LE, ONE, QNAN, 0, ALL(0, NV) },
    { F32_LT, N0, P0, 0, ALL(0, 0) },
    { F32_LE, N0, P0, 0, ALL(1, 0) },
    { F32_LE, P0, N0, 0, ALL(1, 0) },
    { F32_LT, NONE, ONE, 0, ALL(1, 0) },
    { F32_LT, 0xc0000000, NONE, 0, ALL(1, 0) },
    { F32_LT, NONE, 0xc0000000, 0, ALL(0, 0) },
    { F32_LT, ONE, ONE, 0, ALL(0, 0) },
    { F32_LE, ONE, ONE, 0, ALL(1, 0) },
    { F32_LT, NINF, NMAXF, 0, ALL(1, 0) },
    { F32_LT, MINS, MINN, 0, ALL(1, 0) },
    { F32_MIN, N0, P0, 0, ALL(N0, 0) },
    { F32_MIN, P0, N0, 0, ALL(N0, 0) },
    { F32_MAX, N0, P0, 0, ALL(P0, 0) },
    { F32_MAX, P0, N0, 0, ALL(P0, 0) },
    { F32_MIN, QNAN, ONE, 0, ALL(ONE, 0) },
    { F32_MAX, ONE, 0xffc00001, 0, ALL(ONE, 0) },
    { F32_MIN, SNAN32, ONE, 0, ALL(ONE, NV) },
    { F32_MAX, NONE, SNAN32, 0, ALL(NONE, NV) },
    { F32_MIN, QNAN, 0xffc00001, 0, ALL(QNAN, 0) },
    { F32_MAX, 0xffc00001, SNAN32, 0, ALL(QNAN, NV) },
    { F32_MIN, NINF, MAXF, 0, ALL(NINF, 0) },
    { F32_MAX, NONE, 0xc0000000, 0, ALL(NONE, 0) },
    { F32_MIN, NONE, 0xc0000000, 0, ALL(0xc0000000, 0) },
    { F32_MAX, MINS, MAXS, 0, ALL(MAXS, 0) },
    { F64_EQ, DSNAN, DSNAN, 0, ALL(0, NV) },
    { F64_EQ, 0, 1ull << 63, 0, ALL(1, 0) },
    { F64_LT, DQNAN, D1, 0, ALL(0, NV) },
    { F64_LE, DN1, D1, 0, ALL(1, 0) },
    { F64_MIN, 1ull << 63, 0, 0, ALL(1ull << 63, 0) },
    { F64_MAX, 1ull << 63, 0, 0, ALL(0, 0) },
    { F64_MAX, DQNAN, DN1, 0, ALL(DN1, 0) },
    { F64_MIN, DSNAN, DQNAN, 0, ALL(DQNAN, NV) },
};

START_TEST(add_sub)
{
    check_table(add_cases, G_N_ELEMENTS(add_cases));
}
END_TEST

START_TEST(mul)
{
    check_table(mul_cases, G_N_ELEMENTS(mul_cases));
}
END_TEST

START_TEST(div_sqrt)
{
    check_table(div_sqrt_cases, G_N_ELEMENTS(div_sqrt_cases));
}
END_TEST

START_TEST(fused_multiply_add)
{
    check_table(fma_cases, G_N_ELEMENTS(fma_cases));
}
END_TEST

START_TEST(integer_conversions)
{
    check_table(cvt_int_cases, G_N_ELEMENTS(cvt_int_cases));
}
END_TEST

START_TEST(float_conversions_and_rounding)
{
    check_table(cvt_float_cases, G_N_ELEMENTS(cvt_float_cases));
}
END_TEST

START_TEST(compare_min_max)
{
    check_table(cmp_cases, G_N_ELEMENTS(cmp_cases));
}
END_TEST

START_TEST(classify)
{
    static const struct { uint32_t v; unsigned mask; } c32[] = {
        { NINF, FPU_CLASS_NEG_INF }, { NONE, FPU_CLASS_NEG_NORMAL },
        { 0x807fffff, FPU_CLASS_NEG_SUBNORMAL }, { N0, FPU_CLASS_NEG_ZERO },
        { P0, FPU_CLASS_POS_ZERO }, { MINS, FPU_CLASS_POS_SUBNORMAL },
        { MINN, FPU_CLASS_POS_NORMAL }, { INF, FPU_CLASS_POS_INF },
        { SNAN32, FPU_CLASS_SNAN }, { 0xff800001, FPU_CLASS_SNAN },
        { QNAN, FPU_CLASS_QNAN }, { 0xffffffff, FPU_CLASS_QNAN },
    };
    static const struct { uint64_t v; unsigned mask; } c64[] = {
        { DINF | 1ull << 63, FPU_CLASS_NEG_INF },
        { DN1, FPU_CLASS_NEG_NORMAL },
        { 1ull << 63 | 1, FPU_CLASS_NEG_SUBNORMAL },
        { 1ull << 63, FPU_CLASS_NEG_ZERO }, { 0, FPU_CLASS_POS_ZERO },
        { DMAXS, FPU_CLASS_POS_SUBNORMAL }, { DMAX, FPU_CLASS_POS_NORMAL },
        { DINF, FPU_CLASS_POS_INF }, { DSNAN, FPU_CLASS_SNAN },
        { DINF | 1, FPU_CLASS_SNAN }, { DQNAN, FPU_CLASS_QNAN },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(c32); i++) {
        ck_assert_uint_eq(fpu_f32_classify(c32[i].v), c32[i].mask);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(c64); i++) {
        ck_assert_uint_eq(fpu_f64_classify(c64[i].v), c64[i].mask);
    }
}
END_TEST

START_TEST(sign_injection_and_nan_boxing)
{
    /* sign injection never touches the rest, NaNs included */
    ck_assert_uint_eq(fpu_f32_sgnj(ONE, 0xc0000000), NONE);
    ck_assert_uint_eq(fpu_f32_sgnjn(ONE, 0xc0000000), ONE);
    ck_assert_uint_eq(fpu_f32_sgnjn(ONE, TWO), NONE);
    ck_assert_uint_eq(fpu_f32_sgnjx(NONE, 0xc0000000), ONE);
    ck_assert_uint_eq(fpu_f32_sgnjx(NONE, TWO), NONE);
    ck_assert_uint_eq(fpu_f32_sgnj(0x7fa00001, NONE), 0xffa00001);
    ck_assert_uint_eq(fpu_f64_sgnj(D1, DN1), DN1);
    ck_assert_uint_eq(fpu_f64_sgnjn(DN1, DN1), D1);
    ck_assert_uint_eq(fpu_f64_sgnjx(DN1, DN1), D1);
    ck_assert_uint_eq(fpu_f64_sgnjx(DSNAN, DN1), DSNAN | 1ull << 63);

    ck_assert_uint_eq(fpu_nanbox_f32(ONE), 0xffffffff3f800000ull);
    ck_assert_uint_eq(fpu_unbox_f32(0xffffffff3f800000ull), ONE);
    /* anything not properly boxed reads as the canonical NaN */
    ck_assert_uint_eq(fpu_unbox_f32(0x000000003f800000ull), QNAN);
    ck_assert_uint_eq(fpu_unbox_f32(0xfffffffe3f800000ull), QNAN);
    ck_assert_uint_eq(fpu_unbox_f32(D1), QNAN);
}
END_TEST

/* binary16 (Zfhmin): widening exact, narrowing rounds once */
START_TEST(half_conversions)
{
    FpuStatus st;

    fpu_status_init_riscv(&st);
    ck_assert_uint_eq(fpu_f16_to_f32(0x3c00, &st), ONE);
    ck_assert_uint_eq(fpu_f16_to_f32(0x0001, &st), 0x33800000);
    ck_assert_uint_eq(fpu_f16_to_f64(0xfc00, &st), 0xfff0000000000000ull);
    ck_assert_uint_eq(fpu_f16_to_f64(0x8000, &st), 1ull << 63);
    ck_assert_uint_eq(st.flags, 0);
    ck_assert_uint_eq(fpu_f16_to_f32(0x7c01, &st), QNAN);
    ck_assert_uint_eq(st.flags, FPU_FLAG_NV);

    st.flags = 0;
    ck_assert_uint_eq(fpu_f32_to_f16(ONE, &st), 0x3c00);
    ck_assert_uint_eq(fpu_f32_to_f16(0x477ff000, &st), 0x7c00); /* 65520 */
    ck_assert_uint_eq(st.flags, FPU_FLAG_OF | FPU_FLAG_NX);
    st.flags = 0;
    st.round_mode = FPU_RTZ;
    ck_assert_uint_eq(fpu_f32_to_f16(0x477ff000, &st), 0x7bff);
    ck_assert_uint_eq(st.flags, FPU_FLAG_NX);
    st.flags = 0;
    st.round_mode = FPU_RUP;
    ck_assert_uint_eq(fpu_f64_to_f16(0x3e60000000000000ull, &st), 0x0001);
    ck_assert_uint_eq(st.flags, FPU_FLAG_UF | FPU_FLAG_NX);
    st.flags = 0;
    st.round_mode = FPU_RNE;
    ck_assert_uint_eq(fpu_f64_to_f16(0x3e60000000000000ull, &st), 0);
    ck_assert_uint_eq(fpu_f64_to_f16(0x7ff8000000000123ull, &st),
                      FPU_F16_DEFAULT_NAN);
    ck_assert_uint_eq(fpu_nanbox_f16(0x3c00), 0xffffffffffff3c00ull);
    ck_assert_uint_eq(fpu_unbox_f16(0xffffffffffff3c00ull), 0x3c00);
    ck_assert_uint_eq(fpu_unbox_f16(0xffffffff00003c00ull),
                      FPU_F16_DEFAULT_NAN);
}
END_TEST

/* The status knobs other targets need: NaN rules, tininess, default NaN */
START_TEST(status_parameters)
{
    FpuStatus st;

    fpu_status_init_riscv(&st);
    ck_assert_int_eq(st.round_mode, FPU_RNE);
    ck_assert_int_eq(st.flags, 0);

    st.nan_rule = FPU_NAN_FIRST_OPERAND;
    ck_assert_uint_eq(fpu_f32_add(0xffc00123, 0x7fc00456, &st), 0xffc00123);
    /* a signaling first operand is quieted, payload kept */
    ck_assert_uint_eq(fpu_f32_add(0x7f800001, QNAN, &st), 0x7fc00001);
    ck_assert_int_eq(st.flags, NV);
    st.flags = 0;
    ck_assert_uint_eq(fpu_f32_mul(ONE, 0x7fc00456, &st), 0x7fc00456);

    st.nan_rule = FPU_NAN_SNAN_FIRST;
    ck_assert_uint_eq(fpu_f32_add(0x7fc00123, 0x7f800456, &st), 0x7fc00456);
    /* a narrowing keeps the payload's top bits */
    ck_assert_uint_eq(fpu_f64_to_f32(0x7ff8000020000000ull, &st),
                      0x7fc00001);
    ck_assert_uint_eq(fpu_f32_to_f64(0xffc00001, &st),
                      0xfff8000020000000ull);

    st.nan_rule = FPU_NAN_DEFAULT;
    st.default_nan_sign = true;
    ck_assert_uint_eq(fpu_f32_div(P0, P0, &st), 0xffc00000);
    ck_assert_uint_eq(fpu_f64_sqrt(DN1, &st), 0xfff8000000000000ull);

    /* tininess before rounding: UF although the result is 2^-126 */
    fpu_status_init_riscv(&st);
    st.tininess_before_rounding = true;
    ck_assert_uint_eq(fpu_f32_mul(0x3f800001, MAXS, &st), MINN);
    ck_assert_int_eq(st.flags, UF | NX);

    /* the fast path hands such statuses to the exact path */
    const FpuOps *host = fpu_ops_select(true);
    fpu_status_init_riscv(&st);
    st.nan_rule = FPU_NAN_FIRST_OPERAND;
    ck_assert_uint_eq(host->f32_add(0xffc00123, ONE, &st), 0xffc00123);
    st.nan_rule = FPU_NAN_DEFAULT;
    st.tininess_before_rounding = true;
    ck_assert_uint_eq(host->f32_mul(0x3f800001, MAXS, &st), MINN);
    ck_assert_int_eq(st.flags, UF | NX);
}
END_TEST

/*
 * The reserved rounding modes (5..7) are the translator's to trap; should
 * one get through, both paths still agree and behave as RNE.
 */
START_TEST(reserved_rounding_modes)
{
    const FpuOps *paths[] = { &fpu_ops_exact, fpu_ops_select(true) };

    for (int i = 0; i < 2; i++) {
        for (int rm = 5; rm <= 7; rm++) {
            FpuStatus st;

            fpu_status_init_riscv(&st);
            st.round_mode = rm;
            ck_assert_uint_eq(paths[i]->f32_add(0x3f800001, 0x33800000, &st),
                              0x3f800002);
            ck_assert_uint_eq(paths[i]->f32_mul(0x7f000000, TWO, &st), INF);
            ck_assert_int_eq(paths[i]->f64_to_i32(0x4004000000000000ull,
                                                  &st), 2);
            ck_assert_int_eq(st.flags, NX | OF);
        }
    }
}
END_TEST

/* Flags accrue: an operation never clears what an earlier one raised. */
START_TEST(flags_accrue)
{
    const FpuOps *paths[] = { &fpu_ops_exact, fpu_ops_select(true) };

    for (int i = 0; i < 2; i++) {
        FpuStatus st;

        fpu_status_init_riscv(&st);
        paths[i]->f32_div(ONE, P0, &st);
        paths[i]->f64_add(D1, 1, &st);
        paths[i]->f32_add(ONE, TWO, &st);
        ck_assert_int_eq(st.flags, DZ | NX);
    }
}
END_TEST

START_TEST(ops_selection)
{
    ck_assert_ptr_eq(fpu_ops_select(false), &fpu_ops_exact);
#if defined(__x86_64__)
    uint32_t mxcsr, ftz;

    ck_assert(fpu_host_available());
    ck_assert_ptr_ne(fpu_ops_select(true), &fpu_ops_exact);
    /* a thread flushing subnormals to zero gets the exact path */
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    ftz = mxcsr | 1u << 15;
    asm volatile("ldmxcsr %0" : : "m"(ftz));
    const FpuOps *o = fpu_ops_select(true);
    asm volatile("ldmxcsr %0" : : "m"(mxcsr));
    ck_assert_ptr_eq(o, &fpu_ops_exact);
#else
    ck_assert_ptr_eq(fpu_ops_select(true), &fpu_ops_exact);
#endif
}
END_TEST

static Suite *softfloat_suite(void)
{
    Suite *s = suite_create("softfloat");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, add_sub);
    tcase_add_test(tc, mul);
    tcase_add_test(tc, div_sqrt);
    tcase_add_test(tc, fused_multiply_add);
    tcase_add_test(tc, integer_conversions);
    tcase_add_test(tc, float_conversions_and_rounding);
    tcase_add_test(tc, compare_min_max);
    tcase_add_test(tc, classify);
    tcase_add_test(tc, sign_injection_and_nan_boxing);
    tcase_add_test(tc, half_conversions);
    tcase_add_test(tc, status_parameters);
    tcase_add_test(tc, reserved_rounding_modes);
    tcase_add_test(tc, flags_accrue);
    tcase_add_test(tc, ops_selection);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(softfloat_suite)
