/*
 * Guest floating point on the host's SSE2/FMA units (see fpu/host-fp.h).
 * Each helper loads MXCSR with the guest's rounding mode and clean flags,
 * runs one instruction in inline assembly (volatile, so the compiler
 * cannot move it across the MXCSR accesses), reads the flags back and
 * restores the host's MXCSR. What x86 does differently from RISC-V is
 * repaired afterwards:
 *   - NaN results: x86 returns an operand's NaN or its own negative
 *     default NaN; RISC-V always the canonical positive one.
 *   - float to integer: x86 returns the "integer indefinite" (0x80000000)
 *     for NaN and out-of-range values; RISC-V saturates, NaN to the top.
 *     There are no unsigned conversions before AVX-512: they go through
 *     the 64-bit signed ones or are done in integers.
 *   - min/max: minss/maxss return the second operand for NaNs and for
 *     two zeros; those cases go to the exact path.
 *   - fma: x86 does not raise invalid for inf * 0 + qNaN; RISC-V does.
 *   - flags: DE (denormal operand) has no RISC-V counterpart and is
 *     dropped; FTZ and DAZ stay off so subnormals are exact. Both ISAs
 *     detect tininess after rounding and signal underflow only when the
 *     result is also inexact, so UE maps to UF directly.
 * RMM, statuses other than RISC-V's, and FMA on a CPU without it go to
 * the exact path. The common case, RNE with NX already accrued, does not
 * touch MXCSR at all (see quick_ok()).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "host-fp-internal.h"

const FpuOps fpu_ops_exact = {
    .f32_add = fpu_f32_add, .f32_sub = fpu_f32_sub,
    .f32_mul = fpu_f32_mul, .f32_div = fpu_f32_div,
    .f32_sqrt = fpu_f32_sqrt, .f32_muladd = fpu_f32_muladd,
    .f32_min = fpu_f32_min, .f32_max = fpu_f32_max,
    .f32_eq = fpu_f32_eq, .f32_lt = fpu_f32_lt, .f32_le = fpu_f32_le,
    .f32_to_i32 = fpu_f32_to_i32, .f32_to_u32 = fpu_f32_to_u32,
    .f32_to_i64 = fpu_f32_to_i64, .f32_to_u64 = fpu_f32_to_u64,
    .i32_to_f32 = fpu_i32_to_f32, .u32_to_f32 = fpu_u32_to_f32,
    .i64_to_f32 = fpu_i64_to_f32, .u64_to_f32 = fpu_u64_to_f32,
    .f64_add = fpu_f64_add, .f64_sub = fpu_f64_sub,
    .f64_mul = fpu_f64_mul, .f64_div = fpu_f64_div,
    .f64_sqrt = fpu_f64_sqrt, .f64_muladd = fpu_f64_muladd,
    .f64_min = fpu_f64_min, .f64_max = fpu_f64_max,
    .f64_eq = fpu_f64_eq, .f64_lt = fpu_f64_lt, .f64_le = fpu_f64_le,
    .f64_to_i32 = fpu_f64_to_i32, .f64_to_u32 = fpu_f64_to_u32,
    .f64_to_i64 = fpu_f64_to_i64, .f64_to_u64 = fpu_f64_to_u64,
    .i32_to_f64 = fpu_i32_to_f64, .u32_to_f64 = fpu_u32_to_f64,
    .i64_to_f64 = fpu_i64_to_f64, .u64_to_f64 = fpu_u64_to_f64,
    .f32_to_f64 = fpu_f32_to_f64, .f64_to_f32 = fpu_f64_to_f32,
};

#if defined(__x86_64__)

static bool host_fma;
static bool fma_disabled;

__attribute__((constructor)) static void host_fp_detect(void)
{
    __builtin_cpu_init();
    /* libgcc reports FMA only when the OS also saves the AVX state. */
    host_fma = __builtin_cpu_supports("fma");
}

/*
 * Two-operand arithmetic. AT&T order: "op src, dst" computes dst op src,
 * so with dst = a the instruction yields a op b.
 */
#define HOST_BINOP(F, T, CT, INSN, FALLBACK)                                \
static T host_##F(T a, T b, FpuStatus *st)                                  \
{                                                                           \
    CT x = CT##_of(a), y = CT##_of(b);                                      \
    uint32_t old;                                                           \
                                                                            \
    if (quick_ok(st)) {                                                     \
        CT q = x;                                                           \
        asm(INSN " %2, %0" : "=x"(q) : "0"(q), "x"(y));                     \
        if (CT##_ordinary(bits_of_##CT(q))) {                               \
            return bits_of_##CT(q);                                         \
        }                                                                   \
    }                                                                       \
    if (!host_ok(st)) {                                                     \
        return FALLBACK(a, b, st);                                          \
    }                                                                       \
    old = host_enter(st);                                                   \
    asm volatile(INSN " %2, %0" : "=x"(x) : "0"(x), "x"(y));                \
    st->flags |= host_leave(old);                                           \
    return CT##_canon(bits_of_##CT(x));                                     \
}

HOST_BINOP(f32_add, uint32_t, f32, "addss", fpu_f32_add)
HOST_BINOP(f32_sub, uint32_t, f32, "subss", fpu_f32_sub)
HOST_BINOP(f32_mul, uint32_t, f32, "mulss", fpu_f32_mul)
HOST_BINOP(f32_div, uint32_t, f32, "divss", fpu_f32_div)
HOST_BINOP(f64_add, uint64_t, f64, "addsd", fpu_f64_add)
HOST_BINOP(f64_sub, uint64_t, f64, "subsd", fpu_f64_sub)
HOST_BINOP(f64_mul, uint64_t, f64, "mulsd", fpu_f64_mul)
HOST_BINOP(f64_div, uint64_t, f64, "divsd", fpu_f64_div)

static uint32_t host_f32_sqrt(uint32_t a, FpuStatus *st)
{
    float x = f32_of(a);
    uint32_t old;

    if (quick_ok(st)) {
        float q;
        asm("sqrtss %1, %0" : "=x"(q) : "x"(x));
        if (f32_ordinary(bits_of_f32(q))) {
            return bits_of_f32(q);
        }
    }
    if (!host_ok(st)) {
        return fpu_f32_sqrt(a, st);
    }
    old = host_enter(st);
    asm volatile("sqrtss %1, %0" : "=x"(x) : "x"(x));
    st->flags |= host_leave(old);
    return f32_canon(bits_of_f32(x));
}

static uint64_t host_f64_sqrt(uint64_t a, FpuStatus *st)
{
    double x = f64_of(a);
    uint32_t old;

    if (quick_ok(st)) {
        double q;
        asm("sqrtsd %1, %0" : "=x"(q) : "x"(x));
        if (f64_ordinary(bits_of_f64(q))) {
            return bits_of_f64(q);
        }
    }
    if (!host_ok(st)) {
        return fpu_f64_sqrt(a, st);
    }
    old = host_enter(st);
    asm volatile("sqrtsd %1, %0" : "=x"(x) : "x"(x));
    st->flags |= host_leave(old);
    return f64_canon(bits_of_f64(x));
}

/*
 * Fused multiply-add. The negations are applied to the operands (a's and
 * c's signs), which is exactly negating the product or the addend before
 * the single rounding. vfmadd213 computes dst = src2 * dst + src1.
 */
static uint32_t host_f32_muladd(uint32_t a, uint32_t b, uint32_t c, int neg,
                                FpuStatus *st)
{
    uint32_t na = a ^ (neg & FPU_MULADD_NEG_PRODUCT ? 0x80000000u : 0);
    uint32_t nc = c ^ (neg & FPU_MULADD_NEG_C ? 0x80000000u : 0);
    float x = f32_of(na), y = f32_of(b), z = f32_of(nc);
    uint32_t old, r;

    if (!host_ok(st) || !host_fma || fma_disabled) {
        return fpu_f32_muladd(a, b, c, neg, st);
    }
    if (quick_ok(st)) {
        float q = x;
        asm("vfmadd213ss %3, %2, %0" : "=x"(q) : "0"(q), "x"(y), "x"(z));
        if (f32_ordinary(bits_of_f32(q))) {
            return bits_of_f32(q);
        }
    }
    old = host_enter(st);
    asm volatile("vfmadd213ss %3, %2, %0" : "=x"(x) : "0"(x), "x"(y), "x"(z));
    st->flags |= host_leave(old);
    r = bits_of_f32(x);
    if (f32_is_nan(r)) {
        bool inf_zero = ((a & 0x7fffffffu) == 0x7f800000u &&
                         (b & 0x7fffffffu) == 0) ||
                        ((a & 0x7fffffffu) == 0 &&
                         (b & 0x7fffffffu) == 0x7f800000u);
        if (inf_zero) {
            st->flags |= FPU_FLAG_NV;
        }
        return FPU_F32_DEFAULT_NAN;
    }
    return r;
}

static uint64_t host_f64_muladd(uint64_t a, uint64_t b, uint64_t c, int neg,
                                FpuStatus *st)
{
    const uint64_t sign = 1ull << 63, inf = 0x7ff0000000000000ull;
    uint64_t na = a ^ (neg & FPU_MULADD_NEG_PRODUCT ? sign : 0);
    uint64_t nc = c ^ (neg & FPU_MULADD_NEG_C ? sign : 0);
    double x = f64_of(na), y = f64_of(b), z = f64_of(nc);
    uint32_t old;
    uint64_t r;

    if (!host_ok(st) || !host_fma || fma_disabled) {
        return fpu_f64_muladd(a, b, c, neg, st);
    }
    if (quick_ok(st)) {
        double q = x;
        asm("vfmadd213sd %3, %2, %0" : "=x"(q) : "0"(q), "x"(y), "x"(z));
        if (f64_ordinary(bits_of_f64(q))) {
            return bits_of_f64(q);
        }
    }
    old = host_enter(st);
    asm volatile("vfmadd213sd %3, %2, %0" : "=x"(x) : "0"(x), "x"(y), "x"(z));
    st->flags |= host_leave(old);
    r = bits_of_f64(x);
    if (f64_is_nan(r)) {
        bool inf_zero = ((a & ~sign) == inf && (b & ~sign) == 0) ||
                        ((a & ~sign) == 0 && (b & ~sign) == inf);
        if (inf_zero) {
            st->flags |= FPU_FLAG_NV;
        }
        return FPU_F64_DEFAULT_NAN;
    }
    return r;
}

/*
 * min/max: without NaNs or a pair of zeros, minss/maxss agree with RISC-V
 * and raise nothing but DE, so MXCSR is left alone.
 */
#define HOST_MINMAX(F, T, CT, INSN, FALLBACK, ABS)                          \
static T host_##F(T a, T b, FpuStatus *st)                                  \
{                                                                           \
    CT x = CT##_of(a), y = CT##_of(b);                                      \
                                                                            \
    if (CT##_is_nan(a) || CT##_is_nan(b) ||                                 \
        ((a & ABS) == 0 && (b & ABS) == 0)) {                               \
        return FALLBACK(a, b, st);                                          \
    }                                                                       \
    asm(INSN " %2, %0" : "=x"(x) : "0"(x), "x"(y));                         \
    return bits_of_##CT(x);                                                 \
}

HOST_MINMAX(f32_min, uint32_t, f32, "minss", fpu_f32_min, 0x7fffffffu)
HOST_MINMAX(f32_max, uint32_t, f32, "maxss", fpu_f32_max, 0x7fffffffu)
HOST_MINMAX(f64_min, uint64_t, f64, "minsd", fpu_f64_min, ~(1ull << 63))
HOST_MINMAX(f64_max, uint64_t, f64, "maxsd", fpu_f64_max, ~(1ull << 63))

/*
 * Comparisons: cmpss predicates 0 (EQ_OQ), 1 (LT_OS) and 2 (LE_OS) match
 * feq, flt and fle; with no NaN operand they raise nothing but DE.
 */
#define HOST_CMP(F, T, CT, INSN, FALLBACK)                                  \
static bool host_##F(T a, T b, FpuStatus *st)                               \
{                                                                           \
    CT x = CT##_of(a), y = CT##_of(b);                                      \
                                                                            \
    if (CT##_is_nan(a) || CT##_is_nan(b)) {                                 \
        return FALLBACK(a, b, st);                                          \
    }                                                                       \
    asm(INSN " %2, %0" : "=x"(x) : "0"(x), "x"(y));                         \
    return bits_of_##CT(x) & 1;                                             \
}

HOST_CMP(f32_eq, uint32_t, f32, "cmpeqss", fpu_f32_eq)
HOST_CMP(f32_lt, uint32_t, f32, "cmpltss", fpu_f32_lt)
HOST_CMP(f32_le, uint32_t, f32, "cmpless", fpu_f32_le)
HOST_CMP(f64_eq, uint64_t, f64, "cmpeqsd", fpu_f64_eq)
HOST_CMP(f64_lt, uint64_t, f64, "cmpltsd", fpu_f64_lt)
HOST_CMP(f64_le, uint64_t, f64, "cmplesd", fpu_f64_le)

static const FpuOps fpu_ops_host = {
    .f32_add = host_f32_add, .f32_sub = host_f32_sub,
    .f32_mul = host_f32_mul, .f32_div = host_f32_div,
    .f32_sqrt = host_f32_sqrt, .f32_muladd = host_f32_muladd,
    .f32_min = host_f32_min, .f32_max = host_f32_max,
    .f32_eq = host_f32_eq, .f32_lt = host_f32_lt, .f32_le = host_f32_le,
    .f32_to_i32 = fpu_host_f32_to_i32, .f32_to_u32 = fpu_host_f32_to_u32,
    .f32_to_i64 = fpu_host_f32_to_i64, .f32_to_u64 = fpu_host_f32_to_u64,
    .i32_to_f32 = fpu_host_i32_to_f32, .u32_to_f32 = fpu_host_u32_to_f32,
    .i64_to_f32 = fpu_host_i64_to_f32, .u64_to_f32 = fpu_host_u64_to_f32,
    .f64_add = host_f64_add, .f64_sub = host_f64_sub,
    .f64_mul = host_f64_mul, .f64_div = host_f64_div,
    .f64_sqrt = host_f64_sqrt, .f64_muladd = host_f64_muladd,
    .f64_min = host_f64_min, .f64_max = host_f64_max,
    .f64_eq = host_f64_eq, .f64_lt = host_f64_lt, .f64_le = host_f64_le,
    .f64_to_i32 = fpu_host_f64_to_i32, .f64_to_u32 = fpu_host_f64_to_u32,
    .f64_to_i64 = fpu_host_f64_to_i64, .f64_to_u64 = fpu_host_f64_to_u64,
    .i32_to_f64 = fpu_host_i32_to_f64, .u32_to_f64 = fpu_host_u32_to_f64,
    .i64_to_f64 = fpu_host_i64_to_f64, .u64_to_f64 = fpu_host_u64_to_f64,
    .f32_to_f64 = fpu_host_f32_to_f64, .f64_to_f32 = fpu_host_f64_to_f32,
};

bool fpu_host_available(void)
{
    return true;
}

bool fpu_host_has_fma(void)
{
    return host_fma && !fma_disabled;
}

void fpu_host_disable_fma(bool disable)
{
    fma_disabled = disable;
}

/*
 * The quick case runs in the calling thread's MXCSR, so it must be the
 * default: round to nearest, FTZ and DAZ off. Something linked with
 * -ffast-math can turn FTZ/DAZ on at start-up; then stay exact.
 */
const FpuOps *fpu_ops_select(bool prefer_host)
{
    const uint32_t mxcsr_ftz = 1u << 15, mxcsr_daz = 1u << 6;
    uint32_t cur = mxcsr_get();

    if (!prefer_host ||
        (cur & (mxcsr_ftz | mxcsr_daz | 3u << MXCSR_RC_SHIFT)) != 0) {
        return &fpu_ops_exact;
    }
    return &fpu_ops_host;
}

#else   /* no fast path on this host: everything is exact */

bool fpu_host_available(void)
{
    return false;
}

bool fpu_host_has_fma(void)
{
    return false;
}

void fpu_host_disable_fma(bool disable)
{
}

const FpuOps *fpu_ops_select(bool prefer_host)
{
    return &fpu_ops_exact;
}

#endif
