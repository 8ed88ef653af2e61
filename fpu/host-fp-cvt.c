/*
 * The host fast path's conversions (see host-fp.c for the scheme): float
 * to integer, integer to float and between the formats, on SSE2's cvt*
 * instructions under the guest's rounding mode. Where x86 and RISC-V
 * differ: x86 returns the "integer indefinite" (0x80000000...) for NaN
 * and out-of-range values where RISC-V saturates, NaN to the top; and
 * x86 has no unsigned conversions before AVX-512, so they are built from
 * the 64-bit signed ones or done on the bits.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "host-fp-internal.h"

#if defined(__x86_64__)

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

int32_t fpu_host_f32_to_i32(uint32_t a, FpuStatus *st)
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

int64_t fpu_host_f32_to_i64(uint32_t a, FpuStatus *st)
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

int32_t fpu_host_f64_to_i32(uint64_t a, FpuStatus *st)
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

int64_t fpu_host_f64_to_i64(uint64_t a, FpuStatus *st)
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
uint32_t fpu_host_f32_to_u32(uint32_t a, FpuStatus *st)
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

uint32_t fpu_host_f64_to_u32(uint64_t a, FpuStatus *st)
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
uint64_t fpu_host_f32_to_u64(uint32_t a, FpuStatus *st)
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

uint64_t fpu_host_f64_to_u64(uint64_t a, FpuStatus *st)
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

uint32_t fpu_host_i32_to_f32(int32_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f32(v, st) : fpu_i32_to_f32(v, st);
}

uint32_t fpu_host_u32_to_f32(uint32_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f32(v, st) : fpu_u32_to_f32(v, st);
}

uint32_t fpu_host_i64_to_f32(int64_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f32(v, st) : fpu_i64_to_f32(v, st);
}

uint64_t fpu_host_i32_to_f64(int32_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f64(v, st) : fpu_i32_to_f64(v, st);
}

uint64_t fpu_host_u32_to_f64(uint32_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f64(v, st) : fpu_u32_to_f64(v, st);
}

uint64_t fpu_host_i64_to_f64(int64_t v, FpuStatus *st)
{
    return host_ok(st) ? cvt_i64_f64(v, st) : fpu_i64_to_f64(v, st);
}

/*
 * uint64 with the top bit set: halve it keeping the lost bit as a sticky
 * bit (far below the rounding point of either format), convert, double.
 * The doubling is exact, so the one rounding is the conversion's.
 */
uint32_t fpu_host_u64_to_f32(uint64_t v, FpuStatus *st)
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

uint64_t fpu_host_u64_to_f64(uint64_t v, FpuStatus *st)
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

uint64_t fpu_host_f32_to_f64(uint32_t a, FpuStatus *st)
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

uint32_t fpu_host_f64_to_f32(uint64_t a, FpuStatus *st)
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

#endif
