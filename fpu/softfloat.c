/*
 * The exact path's public entry points: binary32 and binary64 wrappers
 * around the format-independent core in softfloat-parts.c.inc, plus the
 * operations that only look at bits (sign injection).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "fpu/softfloat.h"
#include "softfloat-parts.c.inc"

void fpu_status_init_riscv(FpuStatus *st)
{
    *st = (FpuStatus) {
        .round_mode = FPU_RNE,
        .nan_rule = FPU_NAN_DEFAULT,
        .tininess_before_rounding = false,
        .default_nan_sign = false,
    };
}

/*
 * One set of wrappers per format; F is the name (f32), T the bit type,
 * FMT the FpuFormat and SIGN its sign bit. FLAT makes each wrapper a
 * copy of the core specialised for its format (see softfloat-parts.c.inc).
 */
#define FLAT __attribute__((flatten))
#define FPU_DEFINE_FORMAT(F, T, FMT, SIGN)                                  \
FLAT T fpu_##F##_add(T a, T b, FpuStatus *st)                               \
{                                                                           \
    return parts_add(&FMT, a, b, false, st);                                \
}                                                                           \
FLAT T fpu_##F##_sub(T a, T b, FpuStatus *st)                               \
{                                                                           \
    return parts_add(&FMT, a, b, true, st);                                 \
}                                                                           \
FLAT T fpu_##F##_mul(T a, T b, FpuStatus *st)                               \
{                                                                           \
    return parts_mul(&FMT, a, b, st);                                       \
}                                                                           \
FLAT T fpu_##F##_div(T a, T b, FpuStatus *st)                               \
{                                                                           \
    return parts_div(&FMT, a, b, st);                                       \
}                                                                           \
FLAT T fpu_##F##_sqrt(T a, FpuStatus *st)                                   \
{                                                                           \
    return parts_sqrt(&FMT, a, st);                                         \
}                                                                           \
FLAT T fpu_##F##_muladd(T a, T b, T c, int neg, FpuStatus *st)              \
{                                                                           \
    return parts_muladd(&FMT, a, b, c, neg, st);                            \
}                                                                           \
FLAT T fpu_##F##_round_to_int(T a, bool exact, FpuStatus *st)               \
{                                                                           \
    return parts_round_to_int(&FMT, a, exact, st);                          \
}                                                                           \
FLAT int32_t fpu_##F##_to_i32(T a, FpuStatus *st)                           \
{                                                                           \
    return (int32_t)parts_to_int(&FMT, a, 32, true, st);                    \
}                                                                           \
FLAT uint32_t fpu_##F##_to_u32(T a, FpuStatus *st)                          \
{                                                                           \
    return (uint32_t)parts_to_int(&FMT, a, 32, false, st);                  \
}                                                                           \
FLAT int64_t fpu_##F##_to_i64(T a, FpuStatus *st)                           \
{                                                                           \
    return (int64_t)parts_to_int(&FMT, a, 64, true, st);                    \
}                                                                           \
FLAT uint64_t fpu_##F##_to_u64(T a, FpuStatus *st)                          \
{                                                                           \
    return parts_to_int(&FMT, a, 64, false, st);                            \
}                                                                           \
FLAT T fpu_i32_to_##F(int32_t v, FpuStatus *st)                             \
{                                                                           \
    uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;                      \
    return parts_from_int(&FMT, v < 0, mag, st);                            \
}                                                                           \
FLAT T fpu_u32_to_##F(uint32_t v, FpuStatus *st)                            \
{                                                                           \
    return parts_from_int(&FMT, false, v, st);                              \
}                                                                           \
FLAT T fpu_i64_to_##F(int64_t v, FpuStatus *st)                             \
{                                                                           \
    uint64_t mag = v < 0 ? -(uint64_t)v : (uint64_t)v;                      \
    return parts_from_int(&FMT, v < 0, mag, st);                            \
}                                                                           \
FLAT T fpu_u64_to_##F(uint64_t v, FpuStatus *st)                            \
{                                                                           \
    return parts_from_int(&FMT, false, v, st);                              \
}                                                                           \
FLAT bool fpu_##F##_eq(T a, T b, FpuStatus *st)                             \
{                                                                           \
    return parts_eq(&FMT, a, b, st);                                        \
}                                                                           \
FLAT bool fpu_##F##_lt(T a, T b, FpuStatus *st)                             \
{                                                                           \
    return parts_lt(&FMT, a, b, false, st);                                 \
}                                                                           \
FLAT bool fpu_##F##_le(T a, T b, FpuStatus *st)                             \
{                                                                           \
    return parts_lt(&FMT, a, b, true, st);                                  \
}                                                                           \
FLAT T fpu_##F##_min(T a, T b, FpuStatus *st)                               \
{                                                                           \
    return parts_minmax(&FMT, a, b, false, st);                             \
}                                                                           \
FLAT T fpu_##F##_max(T a, T b, FpuStatus *st)                               \
{                                                                           \
    return parts_minmax(&FMT, a, b, true, st);                              \
}                                                                           \
FLAT unsigned fpu_##F##_classify(T a)                                       \
{                                                                           \
    return parts_classify(&FMT, a);                                         \
}                                                                           \
FLAT T fpu_##F##_sgnj(T a, T b)                                             \
{                                                                           \
    return (a & ~SIGN) | (b & SIGN);                                        \
}                                                                           \
FLAT T fpu_##F##_sgnjn(T a, T b)                                            \
{                                                                           \
    return (a & ~SIGN) | (~b & SIGN);                                       \
}                                                                           \
FLAT T fpu_##F##_sgnjx(T a, T b)                                            \
{                                                                           \
    return a ^ (b & SIGN);                                                  \
}

FPU_DEFINE_FORMAT(f32, uint32_t, fpu_format_f32, 0x80000000u)
FPU_DEFINE_FORMAT(f64, uint64_t, fpu_format_f64, 0x8000000000000000ull)

FLAT uint64_t fpu_f32_to_f64(uint32_t a, FpuStatus *st)
{
    return parts_convert(&fpu_format_f64, &fpu_format_f32, a, st);
}

FLAT uint32_t fpu_f64_to_f32(uint64_t a, FpuStatus *st)
{
    return parts_convert(&fpu_format_f32, &fpu_format_f64, a, st);
}

FLAT uint32_t fpu_f16_to_f32(uint16_t a, FpuStatus *st)
{
    return parts_convert(&fpu_format_f32, &fpu_format_f16, a, st);
}

FLAT uint64_t fpu_f16_to_f64(uint16_t a, FpuStatus *st)
{
    return parts_convert(&fpu_format_f64, &fpu_format_f16, a, st);
}

FLAT uint16_t fpu_f32_to_f16(uint32_t a, FpuStatus *st)
{
    return parts_convert(&fpu_format_f16, &fpu_format_f32, a, st);
}

FLAT uint16_t fpu_f64_to_f16(uint64_t a, FpuStatus *st)
{
    return parts_convert(&fpu_format_f16, &fpu_format_f64, a, st);
}
