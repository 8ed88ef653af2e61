/*
 * Private to fpu/: what the host fast path's files share. MXCSR access,
 * the tests that pick the quick case or the MXCSR path, bit-pattern
 * helpers, and the conversion entry points host-fp-cvt.c gives the
 * table in host-fp.c. x86-64 only.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_FPU_HOST_FP_INTERNAL_H
#define VIREO_FPU_HOST_FP_INTERNAL_H

#include "fpu/host-fp.h"

#include <string.h>

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
 * already raised in st->flags. Then the only flags left to find are NV,
 * DZ, OF and UF, and each of them shows in the result: a NaN, an
 * infinity, or a value of at most the smallest normal (UF after rounding
 * can still give exactly 2^emin). A result outside those is returned as is; one inside
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

typedef float f32;
typedef double f64;

/* host-fp-cvt.c */
int32_t fpu_host_f32_to_i32(uint32_t a, FpuStatus *st);
int64_t fpu_host_f32_to_i64(uint32_t a, FpuStatus *st);
int32_t fpu_host_f64_to_i32(uint64_t a, FpuStatus *st);
int64_t fpu_host_f64_to_i64(uint64_t a, FpuStatus *st);
uint32_t fpu_host_f32_to_u32(uint32_t a, FpuStatus *st);
uint32_t fpu_host_f64_to_u32(uint64_t a, FpuStatus *st);
uint64_t fpu_host_f32_to_u64(uint32_t a, FpuStatus *st);
uint64_t fpu_host_f64_to_u64(uint64_t a, FpuStatus *st);
uint32_t fpu_host_i32_to_f32(int32_t v, FpuStatus *st);
uint32_t fpu_host_u32_to_f32(uint32_t v, FpuStatus *st);
uint32_t fpu_host_i64_to_f32(int64_t v, FpuStatus *st);
uint64_t fpu_host_i32_to_f64(int32_t v, FpuStatus *st);
uint64_t fpu_host_u32_to_f64(uint32_t v, FpuStatus *st);
uint64_t fpu_host_i64_to_f64(int64_t v, FpuStatus *st);
uint32_t fpu_host_u64_to_f32(uint64_t v, FpuStatus *st);
uint64_t fpu_host_u64_to_f64(uint64_t v, FpuStatus *st);
uint64_t fpu_host_f32_to_f64(uint32_t a, FpuStatus *st);
uint32_t fpu_host_f64_to_f32(uint64_t a, FpuStatus *st);

#endif

#endif
