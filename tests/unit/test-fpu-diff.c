/*
 * Differential test of the two floating-point paths: the exact software
 * path (fpu/softfloat*.c) against the host fast path (fpu/host-fp.c) on
 * seeded random and special operands, in every rounding mode the host
 * has; for the arithmetic operations also against the host's own result
 * (C operators under fesetround, NaNs canonicalised) so the exact path is
 * checked independently of the fast path's fix-ups.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * VIREO_FPU_DIFF_LONG=1 runs many more cases (minutes);
 * VIREO_FPU_DIFF_SEED=N changes the seed. A mismatch is printed with its
 * operands, mode, both results and both flag sets: the first 20 per
 * operation, or every one with VIREO_FPU_DIFF_VERBOSE=1.
 */
#include "vireo-check.h"
#include "fpu/host-fp.h"

#include <glib.h>

#include <fenv.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* xorshift64*: tiny, seeded, good enough for operand bits */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static void rng_seed(void)
{
    const char *s = getenv("VIREO_FPU_DIFF_SEED");

    rng_state = s ? strtoull(s, NULL, 0) : 0x5eed5eedull;
    if (rng_state == 0) {
        rng_state = 1;
    }
}

static long cases_per_op(void)
{
    const char *l = getenv("VIREO_FPU_DIFF_LONG");

    return l && *l && strcmp(l, "0") ? 4000000 : 25000;
}

typedef enum { K_F32, K_F64, K_I32, K_U32, K_I64, K_U64 } Kind;

static const uint32_t f32_special[] = {
    0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000,
    0x7f800001, 0x7fa00000, 0x00000001, 0x80000001, 0x007fffff, 0x807fffff,
    0x00800000, 0x80800000, 0x7f7fffff, 0xff7fffff, 0x3f800000, 0xbf800000,
    0x3fc00000, 0x4f000000, 0xcf000000, 0x5f000000, 0x5f800000, 0x4f800000,
    0x3f000000, 0xbf000000, 0x3fffffff, 0x00400000, 0x4effffff, 0xdf000000,
};

static const uint64_t f64_special[] = {
    0, 0x8000000000000000ull, 0x7ff0000000000000ull, 0xfff0000000000000ull,
    0x7ff8000000000000ull, 0xfff8000000000000ull, 0x7ff0000000000001ull,
    0x7ff4000000000000ull, 1, 0x8000000000000001ull, 0x000fffffffffffffull,
    0x0010000000000000ull, 0x8010000000000000ull, 0x7fefffffffffffffull,
    0xffefffffffffffffull, 0x3ff0000000000000ull, 0xbff0000000000000ull,
    0x3ff8000000000000ull, 0x41e0000000000000ull, 0xc1e0000000000000ull,
    0x43e0000000000000ull, 0x43f0000000000000ull, 0x41efffffffe00000ull,
    0x41dfffffffc00000ull, 0xc1e0000000200000ull, 0x3fe0000000000000ull,
    0x0008000000000000ull, 0x41f0000000000000ull, 0xc3e0000000000000ull,
};

/* Random value of a format, biased towards where the edge cases live. */
static uint64_t gen_float(Kind k)
{
    uint64_t r = rng();
    int frac_bits = k == K_F32 ? 23 : 52, bias = k == K_F32 ? 127 : 1023;
    uint64_t frac = r & ((1ull << frac_bits) - 1);
    uint64_t sign = (r >> 63) & 1;
    int e;

    switch ((r >> 56) & 7) {
    case 0:
        return k == K_F32 ? f32_special[rng() % G_N_ELEMENTS(f32_special)]
                          : f64_special[rng() % G_N_ELEMENTS(f64_special)];
    case 1:                                 /* subnormal or tiny */
        e = rng() % 3;
        break;
    case 2:                                 /* near overflow */
        e = 2 * bias - (int)(rng() % 3);
        break;
    case 3:                                 /* near the integer limits */
        e = bias + 29 + (int)(rng() % 38);
        break;
    case 4:                                 /* short fractions: ties */
        frac &= ~((1ull << (frac_bits - 3)) - 1) << (rng() % 3);
        frac |= rng() & 1;
        /* fall through */
    default:
        e = bias - 20 + (int)(rng() % 41);
        if (((r >> 60) & 3) == 0) {
            e = rng() % (2 * bias + 2);     /* anything, NaN/inf included */
        }
        break;
    }
    return sign << (frac_bits == 23 ? 31 : 63) | (uint64_t)e << frac_bits |
           frac;
}

static uint64_t gen_int(Kind k)
{
    uint64_t r = rng();
    int bits = rng() % 65;

    r = bits == 64 ? r : r & ((1ull << bits) - 1);
    if ((rng() & 3) == 0) {
        r = -r;
    }
    switch (k) {
    case K_I32:
    case K_U32:
        return r & 0xffffffffu;
    default:
        return r;
    }
}

static uint64_t gen(Kind k)
{
    return k == K_F32 || k == K_F64 ? gen_float(k) : gen_int(k);
}

/* --- the operations, through an FpuOps table ------------------------- */

typedef uint64_t (*RunFn)(const FpuOps *o, uint64_t a, uint64_t b,
                          uint64_t c, FpuStatus *st);
/* Host-native reference; returns false when there is none. */
typedef bool (*NativeFn)(uint64_t a, uint64_t b, uint64_t c, uint64_t *r);

typedef struct DiffOp {
    const char *name;
    int nargs;
    Kind arg, res;
    RunFn run;
    NativeFn native;
} DiffOp;

#define RUN2(OP, RT)                                                        \
    static uint64_t run_##OP(const FpuOps *o, uint64_t a, uint64_t b,       \
                             uint64_t c, FpuStatus *st)                     \
    {                                                                       \
        return (RT)o->OP(a, b, st);                                         \
    }
#define RUN1(OP, RT)                                                        \
    static uint64_t run_##OP(const FpuOps *o, uint64_t a, uint64_t b,       \
                             uint64_t c, FpuStatus *st)                     \
    {                                                                       \
        return (RT)o->OP(a, st);                                            \
    }
#define RUNFMA(OP, NEG)                                                     \
    static uint64_t run_##OP##NEG(const FpuOps *o, uint64_t a, uint64_t b,  \
                                  uint64_t c, FpuStatus *st)                \
    {                                                                       \
        return o->OP(a, b, c, NEG, st);                                     \
    }

RUN2(f32_add, uint32_t) RUN2(f32_sub, uint32_t) RUN2(f32_mul, uint32_t)
RUN2(f32_div, uint32_t) RUN1(f32_sqrt, uint32_t)
RUN2(f32_min, uint32_t) RUN2(f32_max, uint32_t)
RUN2(f32_eq, bool) RUN2(f32_lt, bool) RUN2(f32_le, bool)
RUN1(f32_to_i32, uint32_t) RUN1(f32_to_u32, uint32_t)
RUN1(f32_to_i64, uint64_t) RUN1(f32_to_u64, uint64_t)
RUN1(i32_to_f32, uint32_t) RUN1(u32_to_f32, uint32_t)
RUN1(i64_to_f32, uint32_t) RUN1(u64_to_f32, uint32_t)
RUN2(f64_add, uint64_t) RUN2(f64_sub, uint64_t) RUN2(f64_mul, uint64_t)
RUN2(f64_div, uint64_t) RUN1(f64_sqrt, uint64_t)
RUN2(f64_min, uint64_t) RUN2(f64_max, uint64_t)
RUN2(f64_eq, bool) RUN2(f64_lt, bool) RUN2(f64_le, bool)
RUN1(f64_to_i32, uint32_t) RUN1(f64_to_u32, uint32_t)
RUN1(f64_to_i64, uint64_t) RUN1(f64_to_u64, uint64_t)
RUN1(i32_to_f64, uint64_t) RUN1(u32_to_f64, uint64_t)
RUN1(i64_to_f64, uint64_t) RUN1(u64_to_f64, uint64_t)
RUN1(f32_to_f64, uint64_t) RUN1(f64_to_f32, uint32_t)
RUNFMA(f32_muladd, 0) RUNFMA(f32_muladd, 1) RUNFMA(f32_muladd, 2)
RUNFMA(f32_muladd, 3)
RUNFMA(f64_muladd, 0) RUNFMA(f64_muladd, 1) RUNFMA(f64_muladd, 2)
RUNFMA(f64_muladd, 3)

static float f32v(uint64_t v)
{
    uint32_t b = v;
    float f;

    memcpy(&f, &b, 4);
    return f;
}

static double f64v(uint64_t v)
{
    double d;

    memcpy(&d, &v, 8);
    return d;
}

static uint64_t f32b(float f)
{
    uint32_t b;

    memcpy(&b, &f, 4);
    return (b & 0x7fffffffu) > 0x7f800000u ? FPU_F32_DEFAULT_NAN : b;
}

static uint64_t f64b(double d)
{
    uint64_t b;

    memcpy(&b, &d, 8);
    return (b & ~(1ull << 63)) > 0x7ff0000000000000ull ? FPU_F64_DEFAULT_NAN
                                                       : b;
}

/* volatile keeps the compiler from folding or moving the operation. */
#define NATIVE(NAME, EXPR)                                                  \
    static bool native_##NAME(uint64_t a, uint64_t b, uint64_t c,           \
                              uint64_t *r)                                  \
    {                                                                       \
        *r = (EXPR);                                                        \
        return true;                                                        \
    }

static volatile float vf_a, vf_b, vf_c;
static volatile double vd_a, vd_b, vd_c;

NATIVE(f32_add, (vf_a = f32v(a), vf_b = f32v(b), f32b(vf_a + vf_b)))
NATIVE(f32_sub, (vf_a = f32v(a), vf_b = f32v(b), f32b(vf_a - vf_b)))
NATIVE(f32_mul, (vf_a = f32v(a), vf_b = f32v(b), f32b(vf_a * vf_b)))
NATIVE(f32_div, (vf_a = f32v(a), vf_b = f32v(b), f32b(vf_a / vf_b)))
NATIVE(f32_sqrt, (vf_a = f32v(a), f32b(sqrtf(vf_a))))
NATIVE(f32_fma, (vf_a = f32v(a), vf_b = f32v(b), vf_c = f32v(c),
                 f32b(fmaf(vf_a, vf_b, vf_c))))
NATIVE(f64_add, (vd_a = f64v(a), vd_b = f64v(b), f64b(vd_a + vd_b)))
NATIVE(f64_sub, (vd_a = f64v(a), vd_b = f64v(b), f64b(vd_a - vd_b)))
NATIVE(f64_mul, (vd_a = f64v(a), vd_b = f64v(b), f64b(vd_a * vd_b)))
NATIVE(f64_div, (vd_a = f64v(a), vd_b = f64v(b), f64b(vd_a / vd_b)))
NATIVE(f64_sqrt, (vd_a = f64v(a), f64b(sqrt(vd_a))))
NATIVE(f64_fma, (vd_a = f64v(a), vd_b = f64v(b), vd_c = f64v(c),
                 f64b(fma(vd_a, vd_b, vd_c))))
NATIVE(f32_to_f64, (vf_a = f32v(a), f64b(vf_a)))
NATIVE(f64_to_f32, (vd_a = f64v(a), f32b((float)vd_a)))

static const DiffOp diff_ops[] = {
    { "f32_add", 2, K_F32, K_F32, run_f32_add, native_f32_add },
    { "f32_sub", 2, K_F32, K_F32, run_f32_sub, native_f32_sub },
    { "f32_mul", 2, K_F32, K_F32, run_f32_mul, native_f32_mul },
    { "f32_div", 2, K_F32, K_F32, run_f32_div, native_f32_div },
    { "f32_sqrt", 1, K_F32, K_F32, run_f32_sqrt, native_f32_sqrt },
    { "f32_fmadd", 3, K_F32, K_F32, run_f32_muladd0, native_f32_fma },
    { "f32_fmsub", 3, K_F32, K_F32, run_f32_muladd1, NULL },
    { "f32_fnmsub", 3, K_F32, K_F32, run_f32_muladd2, NULL },
    { "f32_fnmadd", 3, K_F32, K_F32, run_f32_muladd3, NULL },
    { "f32_min", 2, K_F32, K_F32, run_f32_min, NULL },
    { "f32_max", 2, K_F32, K_F32, run_f32_max, NULL },
    { "f32_eq", 2, K_F32, K_U32, run_f32_eq, NULL },
    { "f32_lt", 2, K_F32, K_U32, run_f32_lt, NULL },
    { "f32_le", 2, K_F32, K_U32, run_f32_le, NULL },
    { "f32_to_i32", 1, K_F32, K_I32, run_f32_to_i32, NULL },
    { "f32_to_u32", 1, K_F32, K_U32, run_f32_to_u32, NULL },
    { "f32_to_i64", 1, K_F32, K_I64, run_f32_to_i64, NULL },
    { "f32_to_u64", 1, K_F32, K_U64, run_f32_to_u64, NULL },
    { "i32_to_f32", 1, K_I32, K_F32, run_i32_to_f32, NULL },
    { "u32_to_f32", 1, K_U32, K_F32, run_u32_to_f32, NULL },
    { "i64_to_f32", 1, K_I64, K_F32, run_i64_to_f32, NULL },
    { "u64_to_f32", 1, K_U64, K_F32, run_u64_to_f32, NULL },
    { "f64_add", 2, K_F64, K_F64, run_f64_add, native_f64_add },
    { "f64_sub", 2, K_F64, K_F64, run_f64_sub, native_f64_sub },
    { "f64_mul", 2, K_F64, K_F64, run_f64_mul, native_f64_mul },
    { "f64_div", 2, K_F64, K_F64, run_f64_div, native_f64_div },
    { "f64_sqrt", 1, K_F64, K_F64, run_f64_sqrt, native_f64_sqrt },
    { "f64_fmadd", 3, K_F64, K_F64, run_f64_muladd0, native_f64_fma },
    { "f64_fmsub", 3, K_F64, K_F64, run_f64_muladd1, NULL },
    { "f64_fnmsub", 3, K_F64, K_F64, run_f64_muladd2, NULL },
    { "f64_fnmadd", 3, K_F64, K_F64, run_f64_muladd3, NULL },
    { "f64_min", 2, K_F64, K_F64, run_f64_min, NULL },
    { "f64_max", 2, K_F64, K_F64, run_f64_max, NULL },
    { "f64_eq", 2, K_F64, K_U32, run_f64_eq, NULL },
    { "f64_lt", 2, K_F64, K_U32, run_f64_lt, NULL },
    { "f64_le", 2, K_F64, K_U32, run_f64_le, NULL },
    { "f64_to_i32", 1, K_F64, K_I32, run_f64_to_i32, NULL },
    { "f64_to_u32", 1, K_F64, K_U32, run_f64_to_u32, NULL },
    { "f64_to_i64", 1, K_F64, K_I64, run_f64_to_i64, NULL },
    { "f64_to_u64", 1, K_F64, K_U64, run_f64_to_u64, NULL },
    { "i32_to_f64", 1, K_I32, K_F64, run_i32_to_f64, NULL },
    { "u32_to_f64", 1, K_U32, K_F64, run_u32_to_f64, NULL },
    { "i64_to_f64", 1, K_I64, K_F64, run_i64_to_f64, NULL },
    { "u64_to_f64", 1, K_U64, K_F64, run_u64_to_f64, NULL },
    { "f32_to_f64", 1, K_F32, K_F64, run_f32_to_f64, native_f32_to_f64 },
    { "f64_to_f32", 1, K_F64, K_F32, run_f64_to_f32, native_f64_to_f32 },
};

static const char *const rm_names[] = { "rne", "rtz", "rdn", "rup", "rmm" };
static const int host_rm[] = { FE_TONEAREST, FE_TOWARDZERO, FE_DOWNWARD,
                               FE_UPWARD };

static unsigned native_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);

    return (e & FE_INVALID ? FPU_FLAG_NV : 0) |
           (e & FE_DIVBYZERO ? FPU_FLAG_DZ : 0) |
           (e & FE_OVERFLOW ? FPU_FLAG_OF : 0) |
           (e & FE_UNDERFLOW ? FPU_FLAG_UF : 0) |
           (e & FE_INEXACT ? FPU_FLAG_NX : 0);
}

/*
 * For fused multiply-add, make the addend often close to minus the
 * product, where cancellation and the exact-zero sign rules live.
 */
static uint64_t gen_addend(const DiffOp *op, uint64_t a, uint64_t b)
{
    FpuStatus st;
    uint64_t p;

    if (op->nargs < 3 || (rng() & 3)) {
        return gen(op->arg);
    }
    fpu_status_init_riscv(&st);
    st.round_mode = rng() % 5;
    if (op->arg == K_F32) {
        p = fpu_f32_mul(a, b, &st) ^ 0x80000000u;
        return (p + (rng() % 5) - 2) & 0xffffffffu;
    }
    p = fpu_f64_mul(a, b, &st) ^ (1ull << 63);
    return p + (rng() % 5) - 2;
}

/*
 * The one documented x86/RISC-V difference the native result keeps:
 * x86 raises no invalid for inf * 0 + qNaN, RISC-V does.
 */
static bool native_excused(const DiffOp *op, uint64_t a, uint64_t b,
                           uint64_t c, unsigned exact_flags, unsigned nf)
{
    unsigned ca, cb, cc;

    if (op->nargs != 3 || (nf | FPU_FLAG_NV) != exact_flags) {
        return false;
    }
    if (op->arg == K_F32) {
        ca = fpu_f32_classify(a);
        cb = fpu_f32_classify(b);
        cc = fpu_f32_classify(c);
    } else {
        ca = fpu_f64_classify(a);
        cb = fpu_f64_classify(b);
        cc = fpu_f64_classify(c);
    }
    const unsigned inf = FPU_CLASS_NEG_INF | FPU_CLASS_POS_INF;
    const unsigned zero = FPU_CLASS_NEG_ZERO | FPU_CLASS_POS_ZERO;
    return cc == FPU_CLASS_QNAN &&
           (((ca & inf) && (cb & zero)) || ((ca & zero) && (cb & inf)));
}

static long print_limit(void)
{
    const char *v = getenv("VIREO_FPU_DIFF_VERBOSE");

    return v && *v && strcmp(v, "0") ? LONG_MAX : 20;
}

static int report(const DiffOp *op, int rm, const char *what, uint64_t a,
                  uint64_t b, uint64_t c, uint64_t r1, unsigned f1,
                  uint64_t r2, unsigned f2)
{
    printf("# MISMATCH %s %s (%s): a=%#llx b=%#llx c=%#llx exact=%#llx "
           "flags=%#x %s=%#llx flags=%#x\n", op->name, rm_names[rm], what,
           (unsigned long long)a, (unsigned long long)b,
           (unsigned long long)c, (unsigned long long)r1, f1, what,
           (unsigned long long)r2, f2);
    fflush(stdout);
    return 1;
}

/* Run one operation in every mode; returns the number of mismatches. */
static long diff_one(const DiffOp *op, const FpuOps *host, long n)
{
    long bad = 0;

    for (long i = 0; i < n; i++) {
        uint64_t a = gen(op->arg), b = gen(op->arg);
        uint64_t c = gen_addend(op, a, b);
        unsigned preset = (i & 1) ? FPU_FLAG_NX : 0;
        uint64_t res[5];
        unsigned flg[5];

        for (int rm = FPU_RNE; rm <= FPU_RMM; rm++) {
            FpuStatus se, sh;
            uint64_t re, rh, rn;

            fpu_status_init_riscv(&se);
            se.round_mode = rm;
            /*
             * Every other case starts with NX already raised, as guest
             * code usually runs: the fast path then skips MXCSR.
             */
            se.flags = preset;
            sh = se;
            re = op->run(&fpu_ops_exact, a, b, c, &se);
            rh = op->run(host, a, b, c, &sh);
            res[rm] = re;
            flg[rm] = se.flags;
            if (re != rh || se.flags != sh.flags) {
                if (bad++ < print_limit()) {
                    report(op, rm, "host", a, b, c, re, se.flags, rh,
                           sh.flags);
                }
            }
            if (op->native && rm != FPU_RMM) {
                fesetround(host_rm[rm]);
                feclearexcept(FE_ALL_EXCEPT);
                op->native(a, b, c, &rn);
                unsigned nf = native_flags() | preset;
                fesetround(FE_TONEAREST);
                if ((re != rn || se.flags != nf) &&
                    !native_excused(op, a, b, c, se.flags, nf)) {
                    if (bad++ < print_limit()) {
                        report(op, rm, "native", a, b, c, re, se.flags, rn,
                               nf);
                    }
                }
            }
        }
        /*
         * The host has no RMM, so check it against the other modes: it
         * differs from RNE only on a tie that RNE broke toward zero
         * (then RNE equals RTZ and RMM a directed mode's result), and
         * with equal results the flags are equal too, but where an
         * integer conversion saturates (-0.5 to unsigned: 0 with NX in
         * RNE, -1 out of range in RMM, saturated to 0 with NV).
         */
        if (res[FPU_RMM] == res[FPU_RNE]
            ? flg[FPU_RMM] != flg[FPU_RNE] && !(flg[FPU_RMM] & FPU_FLAG_NV)
            : res[FPU_RNE] != res[FPU_RTZ] ||
              (res[FPU_RMM] != res[FPU_RUP] &&
               res[FPU_RMM] != res[FPU_RDN])) {
            if (bad++ < print_limit()) {
                report(op, FPU_RMM, "rne", a, b, c, res[FPU_RMM],
                       flg[FPU_RMM], res[FPU_RNE], flg[FPU_RNE]);
            }
        }
    }
    return bad;
}

static int op_index(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(diff_ops); i++) {
        if (!strcmp(diff_ops[i].name, name)) {
            return i;
        }
    }
    g_assert_not_reached();
}

/* Operations from `first` up to, not including, `end` (NULL: the last) */
static void diff_range(const char *first, const char *end)
{
    const FpuOps *host = fpu_ops_select(true);
    long n = cases_per_op(), bad = 0;
    int stop = end ? op_index(end) : (int)G_N_ELEMENTS(diff_ops);

    rng_seed();
    for (int i = op_index(first); i < stop; i++) {
        long b = diff_one(&diff_ops[i], host, n);
        if (b) {
            printf("# %s: %ld mismatches in %ld cases x 5 modes\n",
                   diff_ops[i].name, b, n);
            fflush(stdout);
        }
        bad += b;
    }
    ck_assert_int_eq(bad, 0);
}

START_TEST(diff_f32)
{
    diff_range("f32_add", "f64_add");
}
END_TEST

START_TEST(diff_f64)
{
    diff_range("f64_add", NULL);
}
END_TEST

/* With FMA switched off the fast path's fma falls back and still agrees. */
START_TEST(diff_fma_without_host_fma)
{
    const FpuOps *host = fpu_ops_select(true);
    long bad = 0;

    rng_seed();
    fpu_host_disable_fma(true);
    ck_assert(!fpu_host_has_fma());
    bad += diff_one(&diff_ops[op_index("f32_fmadd")], host, 2000);
    bad += diff_one(&diff_ops[op_index("f64_fnmadd")], host, 2000);
    fpu_host_disable_fma(false);
    ck_assert_int_eq(bad, 0);
}
END_TEST

/* The fast path must leave the host's own rounding mode and flags be. */
START_TEST(host_mxcsr_restored)
{
    const FpuOps *host = fpu_ops_select(true);
    FpuStatus st;
    volatile double x = 1.0, y = 3.0;

    fpu_status_init_riscv(&st);
    st.round_mode = FPU_RUP;
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    host->f64_div(0x3ff0000000000000ull, 0x4008000000000000ull, &st);
    ck_assert_int_eq(st.flags, FPU_FLAG_NX);
    ck_assert_int_eq(fegetround(), FE_TONEAREST);
    ck_assert_int_eq(fetestexcept(FE_ALL_EXCEPT), 0);
    /* 1/3 to nearest is below 1/3: the host mode really is RNE again */
    volatile double q = x / y;
    uint64_t qb;
    memcpy(&qb, (const void *)&q, sizeof(qb));
    ck_assert_uint_eq(qb, 0x3fd5555555555555ull);
}
END_TEST

static Suite *fpu_diff_suite(void)
{
    Suite *s = suite_create("fpu-diff");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, getenv("VIREO_FPU_DIFF_LONG") ? 0 : 60);
    tcase_add_test(tc, diff_f32);
    tcase_add_test(tc, diff_f64);
    tcase_add_test(tc, diff_fma_without_host_fma);
    tcase_add_test(tc, host_mxcsr_restored);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(fpu_diff_suite)
