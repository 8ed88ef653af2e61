/*
 * Format-independent core of the software floating point: values unpacked
 * into sign, exponent and a 64-bit significand, one rounding routine, and
 * the arithmetic written once for any binary interchange format up to 64
 * bits. softfloat.c instantiates it for binary32 and binary64. Private to
 * fpu/.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_FPU_SOFTFLOAT_PARTS_H
#define VIREO_FPU_SOFTFLOAT_PARTS_H

#include "fpu/softfloat.h"

/* Shape of a binary interchange format. */
typedef struct FpuFormat {
    int frac_bits;      /* stored fraction bits: 23, 52 */
    int exp_bits;       /* exponent field width: 8, 11 */
    int bias;           /* 127, 1023; also emax */
} FpuFormat;

extern const FpuFormat fpu_format_f32;
extern const FpuFormat fpu_format_f64;

typedef enum FpuClass {
    FPU_CLS_ZERO,
    FPU_CLS_NORMAL,     /* any finite nonzero value, subnormals included */
    FPU_CLS_INF,
    FPU_CLS_QNAN,
    FPU_CLS_SNAN,
} FpuClass;

/*
 * An unpacked value. For FPU_CLS_NORMAL the significand is normalised
 * with its leading one at bit 62 and the value is sig * 2^(exp - 62), so
 * a subnormal input simply has exp below the format's minimum. For NaNs,
 * sig holds the fraction field left-aligned the same way (quiet bit at
 * bit 61) so a payload survives a change of format.
 */
typedef struct FpuParts {
    FpuClass cls;
    bool sign;
    int32_t exp;
    uint64_t sig;
} FpuParts;

FpuParts fpu_parts_unpack(const FpuFormat *f, uint64_t bits);

/*
 * Round sig * 2^(exp - 62) (sig normalised, bit 0 a sticky bit for
 * anything below it) to the format under st->round_mode, raising
 * NX/UF/OF, and pack it.
 */
uint64_t fpu_parts_round_pack(const FpuFormat *f, bool sign, int32_t exp,
                              uint64_t sig, FpuStatus *st);

uint64_t fpu_parts_default_nan(const FpuFormat *f, const FpuStatus *st);

uint64_t fpu_parts_add(const FpuFormat *f, uint64_t a, uint64_t b,
                       bool subtract, FpuStatus *st);
uint64_t fpu_parts_mul(const FpuFormat *f, uint64_t a, uint64_t b,
                       FpuStatus *st);
uint64_t fpu_parts_div(const FpuFormat *f, uint64_t a, uint64_t b,
                       FpuStatus *st);
uint64_t fpu_parts_sqrt(const FpuFormat *f, uint64_t a, FpuStatus *st);
uint64_t fpu_parts_muladd(const FpuFormat *f, uint64_t a, uint64_t b,
                          uint64_t c, int neg, FpuStatus *st);
uint64_t fpu_parts_round_to_int(const FpuFormat *f, uint64_t a, bool exact,
                                FpuStatus *st);
/*
 * To an integer of `width` bits (32 or 64), saturating the RISC-V way.
 * The result is returned as its two's-complement bit pattern.
 */
uint64_t fpu_parts_to_int(const FpuFormat *f, uint64_t a, int width,
                          bool is_signed, FpuStatus *st);
/* From the integer sign * mag. */
uint64_t fpu_parts_from_int(const FpuFormat *f, bool sign, uint64_t mag,
                            FpuStatus *st);
uint64_t fpu_parts_convert(const FpuFormat *to, const FpuFormat *from,
                           uint64_t a, FpuStatus *st);

/* Comparisons, min/max and classify work on the packed bits. */
bool fpu_parts_eq(const FpuFormat *f, uint64_t a, uint64_t b, FpuStatus *st);
bool fpu_parts_lt(const FpuFormat *f, uint64_t a, uint64_t b, bool or_equal,
                  FpuStatus *st);
uint64_t fpu_parts_minmax(const FpuFormat *f, uint64_t a, uint64_t b,
                          bool want_max, FpuStatus *st);
unsigned fpu_parts_classify(const FpuFormat *f, uint64_t a);

#endif
