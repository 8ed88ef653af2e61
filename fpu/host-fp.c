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
#include "fpu/host-fp.h"

#include <string.h>

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

/* MXCSR fields (Intel SDM vol. 1, 10.2.3). */
enum {
    MXCSR_IE = 1 << 0, MXCSR_DE = 1 << 1, MXCSR_ZE = 1 << 2,
    MXCSR_OE = 1 << 3, MXCSR_UE = 1 << 4, MXCSR_PE = 1 << 5,
    MXCSR_ALL_MASKED = 0x3f << 7,
    MXCSR_RC_SHIFT = 13,
};

/* RC field per FpuRoundMode: nearest 00, down 01, up 10, zero 11. */
static const uint32_t mxcsr_for_rm[4] = {
    [FPU_RNE] = MXCSR_ALL_MASKED | 0 << MXCSR_RC_SHIFT,
    [FPU_RTZ] = MXCSR_ALL_MASKED | 3 << MXCSR_RC_SHIFT,
    [FPU_RDN] = MXCSR_ALL_MASKED | 1 << MXCSR_RC_SHIFT,
    [FPU_RUP] = MXCSR_ALL_MASKED | 2 << MXCSR_RC_SHIFT,
};

static bool host_fma;
static bool fma_disabled;

__attribute__((constructor)) static void host_fp_detect(void)
{
    __builtin_cpu_init();
    /* libgcc reports FMA only when the OS also saves the AVX state. */
    host_fma = __builtin_cpu_supports("fma");
}

static inline uint32_t mxcsr_get(void)
{
    uint32_t v;

    asm volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static inline void mxcsr_set(uint32_t v)
{
    asm volatile("ldmxcsr %0" : : "m"(v));
}

/* The host can do this operation for this status (RNE, RTZ, RDN, RUP). */
static inline bool host_ok(const FpuStatus *st)
{
    return st->round_mode < FPU_RMM && st->nan_rule == FPU_NAN_DEFAULT &&
           !st->tininess_before_rounding;
}

/*
 * The quick case, where MXCSR is not touched at all: round to nearest
 * even (the host thread's own mode, checked by fpu_ops_select()) and NX
 * already raised
 * in st->flags. Then the only flags left to find are NV, DZ, OF and UF,
 * and each of them shows in the result: a NaN, an infinity, or a value
 * of at most the smallest normal (UF after rounding can still give
 * exactly 2^emin). A result outside those is returned as is; one inside
 * them is recomputed on the MXCSR path. Guest code sets NX early and
 * rarely clears it, so this is the common case.
 */
static inline bool quick_ok(const FpuStatus *st)
{
    return st->round_mode == FPU_RNE && (st->flags & FPU_FLAG_NX) &&
           st->nan_rule == FPU_NAN_DEFAULT && !st->tininess_before_rounding;
}

/* Finite with a magnitude above the smallest normal. */
static inline bool f32_ordinary(uint32_t v)
{
    return (v & 0x7fffffffu) - 0x00800001u < 0x7f800000u - 0x00800001u;
}

static inline bool f64_ordinary(uint64_t v)
{
    return (v & ~(1ull << 63)) - 0x0010000000000001ull <
           0x7ff0000000000000ull - 0x0010000000000001ull;
}

static inline uint32_t host_enter(const FpuStatus *st)
{
    uint32_t old = mxcsr_get();
    uint32_t want = mxcsr_for_rm[st->round_mode];

    if (old != want) {
        mxcsr_set(want);
    }
    return old;
}

/* Restore the host's MXCSR and return the RISC-V flags raised. */
static inline unsigned host_leave(uint32_t old)
{
    uint32_t now = mxcsr_get();

    if (now != old) {
        mxcsr_set(old);
    }
    return (now & MXCSR_IE ? FPU_FLAG_NV : 0) |
           (now & MXCSR_ZE ? FPU_FLAG_DZ : 0) |
           (now & MXCSR_OE ? FPU_FLAG_OF : 0) |
           (now & MXCSR_UE ? FPU_FLAG_UF : 0) |
           (now & MXCSR_PE ? FPU_FLAG_NX : 0);
}

static inline float f32_of(uint32_t v)
{
    float f;

    memcpy(&f, &v, sizeof(f));
    return f;
}

static inline uint32_t bits_of_f32(float f)
{
    uint32_t v;

    memcpy(&v, &f, sizeof(v));
    return v;
}

static inline double f64_of(uint64_t v)
{
    double d;

    memcpy(&d, &v, sizeof(d));
    return d;
}

static inline uint64_t bits_of_f64(double d)
{
    uint64_t v;

    memcpy(&v, &d, sizeof(v));
    return v;
}

static inline bool f32_is_nan(uint32_t v)
{
    return (v & 0x7fffffffu) > 0x7f800000u;
}

static inline bool f64_is_nan(uint64_t v)
{
    return (v & ~(1ull << 63)) > 0x7ff0000000000000ull;
}

static inline uint32_t f32_canon(uint32_t v)
{
    return f32_is_nan(v) ? FPU_F32_DEFAULT_NAN : v;
}

static inline uint64_t f64_canon(uint64_t v)
{
    return f64_is_nan(v) ? FPU_F64_DEFAULT_NAN : v;
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

typedef float f32;
typedef double f64;

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

/*
 * Float to signed integer under the current RC. On IE (NaN or out of
 * range) x86 gives the integer indefinite; RISC-V wants NaN and positive
 * values at the top, negative ones at the bottom, and NV alone.
 */
static int64_t cvt_f32_i64(uint32_t a, const FpuStatus *st, unsigned *fl)
{
    float x = f32_of(a);
    int64_t r;
    uint32_t old;

    if (quick_ok(st)) {
        /* only NV is left to find, and it shows as the indefinite */
        asm("cvtss2si %1, %0" : "=r"(r) : "x"(x));
        if (r != INT64_MIN) {
            *fl = 0;
            return r;
        }
    }
    old = host_enter(st);

    asm volatile("cvtss2si %1, %0" : "=r"(r) : "x"(x));
    *fl = host_leave(old);
    return r;
}

static int64_t cvt_f64_i64(uint64_t a, const FpuStatus *st, unsigned *fl)
{
    double x = f64_of(a);
    int64_t r;
    uint32_t old;

    if (quick_ok(st)) {
        /* only NV is left to find, and it shows as the indefinite */
        asm("cvtsd2si %1, %0" : "=r"(r) : "x"(x));
        if (r != INT64_MIN) {
            *fl = 0;
            return r;
        }
    }
    old = host_enter(st);

    asm volatile("cvtsd2si %1, %0" : "=r"(r) : "x"(x));
    *fl = host_leave(old);
    return r;
}

static int32_t cvt_f32_i32(uint32_t a, const FpuStatus *st, unsigned *fl)
{
    float x = f32_of(a);
    int32_t r;
    uint32_t old;

    if (quick_ok(st)) {
        /* only NV is left to find, and it shows as the indefinite */
        asm("cvtss2si %1, %0" : "=r"(r) : "x"(x));
        if (r != INT32_MIN) {
            *fl = 0;
            return r;
        }
    }
    old = host_enter(st);

    asm volatile("cvtss2si %1, %0" : "=r"(r) : "x"(x));
    *fl = host_leave(old);
    return r;
}

static int32_t cvt_f64_i32(uint64_t a, const FpuStatus *st, unsigned *fl)
{
    double x = f64_of(a);
    int32_t r;
    uint32_t old;

    if (quick_ok(st)) {
        /* only NV is left to find, and it shows as the indefinite */
        asm("cvtsd2si %1, %0" : "=r"(r) : "x"(x));
        if (r != INT32_MIN) {
            *fl = 0;
            return r;
        }
    }
    old = host_enter(st);

    asm volatile("cvtsd2si %1, %0" : "=r"(r) : "x"(x));
    *fl = host_leave(old);
    return r;
}

/*
 * Saturated result of a conversion the host flagged invalid: NaN → top,
 * else by sign.
 */
static inline uint64_t saturate(bool nan, bool neg, uint64_t top,
                                uint64_t bottom, FpuStatus *st)
{
    st->flags |= FPU_FLAG_NV;
    return nan || !neg ? top : bottom;
}

static int32_t host_f32_to_i32(uint32_t a, FpuStatus *st)
{
    unsigned fl;
    int32_t r;

    if (!host_ok(st)) {
        return fpu_f32_to_i32(a, st);
    }
    r = cvt_f32_i32(a, st, &fl);
    if (fl & FPU_FLAG_NV) {
        return saturate(f32_is_nan(a), a >> 31, INT32_MAX, INT32_MIN, st);
    }
    st->flags |= fl;
    return r;
}

static int64_t host_f32_to_i64(uint32_t a, FpuStatus *st)
{
    unsigned fl;
    int64_t r;

    if (!host_ok(st)) {
        return fpu_f32_to_i64(a, st);
    }
    r = cvt_f32_i64(a, st, &fl);
    if (fl & FPU_FLAG_NV) {
        return saturate(f32_is_nan(a), a >> 31, INT64_MAX, INT64_MIN, st);
    }
    st->flags |= fl;
    return r;
}

static int32_t host_f64_to_i32(uint64_t a, FpuStatus *st)
{
    unsigned fl;
    int32_t r;

    if (!host_ok(st)) {
        return fpu_f64_to_i32(a, st);
    }
    r = cvt_f64_i32(a, st, &fl);
    if (fl & FPU_FLAG_NV) {
        return saturate(f64_is_nan(a), a >> 63, INT32_MAX, INT32_MIN, st);
    }
    st->flags |= fl;
    return r;
}

static int64_t host_f64_to_i64(uint64_t a, FpuStatus *st)
{
    unsigned fl;
    int64_t r;

    if (!host_ok(st)) {
        return fpu_f64_to_i64(a, st);
    }
    r = cvt_f64_i64(a, st, &fl);
    if (fl & FPU_FLAG_NV) {
        return saturate(f64_is_nan(a), a >> 63, INT64_MAX, INT64_MIN, st);
    }
    st->flags |= fl;
    return r;
}

/*
 * To uint32 through the signed 64-bit conversion, which is exact over
 * the whole uint32 range; anything rounding outside it is NV.
 */
static uint32_t host_f32_to_u32(uint32_t a, FpuStatus *st)
{
    unsigned fl;
    int64_t r;

    if (!host_ok(st)) {
        return fpu_f32_to_u32(a, st);
    }
    r = cvt_f32_i64(a, st, &fl);
    if ((fl & FPU_FLAG_NV) || r < 0 || r > UINT32_MAX) {
        return saturate(f32_is_nan(a), a >> 31, UINT32_MAX, 0, st);
    }
    st->flags |= fl;
    return r;
}

static uint32_t host_f64_to_u32(uint64_t a, FpuStatus *st)
{
    unsigned fl;
    int64_t r;

    if (!host_ok(st)) {
        return fpu_f64_to_u32(a, st);
    }
    r = cvt_f64_i64(a, st, &fl);
    if ((fl & FPU_FLAG_NV) || r < 0 || r > UINT32_MAX) {
        return saturate(f64_is_nan(a), a >> 63, UINT32_MAX, 0, st);
    }
    st->flags |= fl;
    return r;
}

/*
 * To uint64: values in [2^63, 2^64) are integers in both formats, so
 * they are decoded from the bits; the rest take the signed conversion.
 */
static uint64_t host_f32_to_u64(uint32_t a, FpuStatus *st)
{
    unsigned fl;
    int64_t r;

    if (!host_ok(st)) {
        return fpu_f32_to_u64(a, st);
    }
    if (a >= 0x5f000000u && a < 0x5f800000u) {      /* [2^63, 2^64) */
        return (uint64_t)((a & 0x7fffff) | 0x800000) << (((a >> 23) & 0xff)
                                                         - 127 - 23);
    }
    r = cvt_f32_i64(a, st, &fl);
    if ((fl & FPU_FLAG_NV) || r < 0) {
        return saturate(f32_is_nan(a), a >> 31, UINT64_MAX, 0, st);
    }
    st->flags |= fl;
    return r;
}

static uint64_t host_f64_to_u64(uint64_t a, FpuStatus *st)
{
    unsigned fl;
    int64_t r;

    if (!host_ok(st)) {
        return fpu_f64_to_u64(a, st);
    }
    if (a >= 0x43e0000000000000ull && a < 0x43f0000000000000ull) {
        uint64_t m = (a & ((1ull << 52) - 1)) | 1ull << 52;
        return m << (((a >> 52) & 0x7ff) - 1023 - 52);
    }
    r = cvt_f64_i64(a, st, &fl);
    if ((fl & FPU_FLAG_NV) || r < 0) {
        return saturate(f64_is_nan(a), a >> 63, UINT64_MAX, 0, st);
    }
    st->flags |= fl;
    return r;
}

/* Signed 64-bit integer to float under the current RC. */
static uint32_t cvt_i64_f32(int64_t v, FpuStatus *st)
{
    float x;
    uint32_t old;

    if (quick_ok(st)) {                /* NX is the only possible flag */
        asm("cvtsi2ssq %1, %0" : "=x"(x) : "r"(v));
        return bits_of_f32(x);
    }
    old = host_enter(st);
    asm volatile("cvtsi2ssq %1, %0" : "=x"(x) : "r"(v));
    st->flags |= host_leave(old);
    return bits_of_f32(x);
}

static uint64_t cvt_i64_f64(int64_t v, FpuStatus *st)
{
    double x;
    uint32_t old;

    if (quick_ok(st)) {                /* NX is the only possible flag */
        asm("cvtsi2sdq %1, %0" : "=x"(x) : "r"(v));
        return bits_of_f64(x);
    }
    old = host_enter(st);
    asm volatile("cvtsi2sdq %1, %0" : "=x"(x) : "r"(v));
    st->flags |= host_leave(old);
    return bits_of_f64(x);
}

static uint32_t host_i32_to_f32(int32_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f32(v, st) : fpu_i32_to_f32(v, st);
}

static uint32_t host_u32_to_f32(uint32_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f32(v, st) : fpu_u32_to_f32(v, st);
}

static uint32_t host_i64_to_f32(int64_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f32(v, st) : fpu_i64_to_f32(v, st);
}

static uint64_t host_i32_to_f64(int32_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f64(v, st) : fpu_i32_to_f64(v, st);
}

static uint64_t host_u32_to_f64(uint32_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f64(v, st) : fpu_u32_to_f64(v, st);
}

static uint64_t host_i64_to_f64(int64_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f64(v, st) : fpu_i64_to_f64(v, st);
}

/*
 * uint64 with the top bit set: halve it keeping the lost bit as a sticky
 * bit (far below the rounding point of either format), convert, double.
 * The doubling is exact, so the one rounding is the conversion's.
 */
static uint32_t host_u64_to_f32(uint64_t v, FpuStatus *st)
{
    uint32_t half;

    if (!host_ok(st)) {
        return fpu_u64_to_f32(v, st);
    }
    if (!(v >> 63)) {
        return cvt_i64_f32(v, st);
    }
    half = cvt_i64_f32((v >> 1) | (v & 1), st);
    return half + (1u << 23);           /* exponent + 1: times two */
}

static uint64_t host_u64_to_f64(uint64_t v, FpuStatus *st)
{
    uint64_t half;

    if (!host_ok(st)) {
        return fpu_u64_to_f64(v, st);
    }
    if (!(v >> 63)) {
        return cvt_i64_f64(v, st);
    }
    half = cvt_i64_f64((v >> 1) | (v & 1), st);
    return half + (1ull << 52);
}

static uint64_t host_f32_to_f64(uint32_t a, FpuStatus *st)
{
    float x = f32_of(a);
    double y;
    uint32_t old;

    if (!f32_is_nan(a)) {
        /* widening is exact: no flags, whatever the mode */
        asm("cvtss2sd %1, %0" : "=x"(y) : "x"(x));
        return bits_of_f64(y);
    }
    if (!host_ok(st)) {
        return fpu_f32_to_f64(a, st);
    }
    old = host_enter(st);
    asm volatile("cvtss2sd %1, %0" : "=x"(y) : "x"(x));
    st->flags |= host_leave(old);
    return f64_canon(bits_of_f64(y));
}

static uint32_t host_f64_to_f32(uint64_t a, FpuStatus *st)
{
    double x = f64_of(a);
    float y;
    uint32_t old;

    if (quick_ok(st)) {
        asm("cvtsd2ss %1, %0" : "=x"(y) : "x"(x));
        if (f32_ordinary(bits_of_f32(y))) {
            return bits_of_f32(y);
        }
    }
    if (!host_ok(st)) {
        return fpu_f64_to_f32(a, st);
    }
    old = host_enter(st);
    asm volatile("cvtsd2ss %1, %0" : "=x"(y) : "x"(x));
    st->flags |= host_leave(old);
    return f32_canon(bits_of_f32(y));
}

static const FpuOps fpu_ops_host = {
    .f32_add = host_f32_add, .f32_sub = host_f32_sub,
    .f32_mul = host_f32_mul, .f32_div = host_f32_div,
    .f32_sqrt = host_f32_sqrt, .f32_muladd = host_f32_muladd,
    .f32_min = host_f32_min, .f32_max = host_f32_max,
    .f32_eq = host_f32_eq, .f32_lt = host_f32_lt, .f32_le = host_f32_le,
    .f32_to_i32 = host_f32_to_i32, .f32_to_u32 = host_f32_to_u32,
    .f32_to_i64 = host_f32_to_i64, .f32_to_u64 = host_f32_to_u64,
    .i32_to_f32 = host_i32_to_f32, .u32_to_f32 = host_u32_to_f32,
    .i64_to_f32 = host_i64_to_f32, .u64_to_f32 = host_u64_to_f32,
    .f64_add = host_f64_add, .f64_sub = host_f64_sub,
    .f64_mul = host_f64_mul, .f64_div = host_f64_div,
    .f64_sqrt = host_f64_sqrt, .f64_muladd = host_f64_muladd,
    .f64_min = host_f64_min, .f64_max = host_f64_max,
    .f64_eq = host_f64_eq, .f64_lt = host_f64_lt, .f64_le = host_f64_le,
    .f64_to_i32 = host_f64_to_i32, .f64_to_u32 = host_f64_to_u32,
    .f64_to_i64 = host_f64_to_i64, .f64_to_u64 = host_f64_to_u64,
    .i32_to_f64 = host_i32_to_f64, .u32_to_f64 = host_u32_to_f64,
    .i64_to_f64 = host_i64_to_f64, .u64_to_f64 = host_u64_to_f64,
    .f32_to_f64 = host_f32_to_f64, .f64_to_f32 = host_f64_to_f32,
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
