/*
 * IEEE 754-2019 binary32/binary64 arithmetic in software, bit-exact: the
 * reference ("exact path") that the RISC-V F and D extensions are checked
 * against and fall back to. Values travel as raw bit patterns (uint32_t
 * for binary32, uint64_t for binary64); an FpuStatus carries the rounding
 * mode, the accrued exception flags and the target's choices where IEEE
 * leaves them open (NaN results, tininess detection).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every operation reads st->round_mode and ORs the exceptions it raises
 * into st->flags; it never clears a flag. Operations on NaNs follow
 * st->nan_rule. The translator is expected to keep one FpuStatus per vCPU,
 * set round_mode before each call (from the instruction's rm field or from
 * frm when rm is DYN) and fold st->flags into fflags.
 */
#ifndef VIREO_FPU_SOFTFLOAT_H
#define VIREO_FPU_SOFTFLOAT_H

#include <stdbool.h>
#include <stdint.h>

/* Rounding modes, numbered as RISC-V's rm/frm field encodes them. */
typedef enum FpuRoundMode {
    FPU_RNE = 0,    /* to nearest, ties to even */
    FPU_RTZ = 1,    /* toward zero */
    FPU_RDN = 2,    /* toward -infinity */
    FPU_RUP = 3,    /* toward +infinity */
    FPU_RMM = 4,    /* to nearest, ties away from zero */
} FpuRoundMode;

/*
 * Exception flags, with the bit layout of RISC-V's fflags so the
 * translator can OR st->flags straight into it.
 */
enum {
    FPU_FLAG_NX = 1 << 0,   /* inexact */
    FPU_FLAG_UF = 1 << 1,   /* underflow */
    FPU_FLAG_OF = 1 << 2,   /* overflow */
    FPU_FLAG_DZ = 1 << 3,   /* divide by zero */
    FPU_FLAG_NV = 1 << 4,   /* invalid operation */
};

/* Which NaN an operation with NaN operands returns. */
typedef enum FpuNaNRule {
    /* Always the default NaN (RISC-V). */
    FPU_NAN_DEFAULT,
    /* The first NaN operand, quieted (x86 SSE). */
    FPU_NAN_FIRST_OPERAND,
    /* The first signaling NaN quieted, else the first quiet NaN (Arm). */
    FPU_NAN_SNAN_FIRST,
} FpuNaNRule;

typedef struct FpuStatus {
    uint8_t round_mode;         /* FpuRoundMode; 5..7 behave as RNE */
    uint8_t flags;              /* accrued FPU_FLAG_* */
    uint8_t nan_rule;           /* FpuNaNRule */
    /*
     * IEEE lets an implementation detect tininess before or after
     * rounding; RISC-V (like x86) detects it after.
     */
    bool tininess_before_rounding;
    /*
     * The default NaN is the quiet NaN with only the quiet bit set in the
     * fraction and this sign (RISC-V: positive, 0x7fc00000 and
     * 0x7ff8000000000000; x86: negative).
     */
    bool default_nan_sign;
} FpuStatus;

/* RISC-V's choices: canonical NaNs, tininess after rounding, RNE. */
void fpu_status_init_riscv(FpuStatus *st);

#define FPU_F32_DEFAULT_NAN 0x7fc00000u
#define FPU_F64_DEFAULT_NAN 0x7ff8000000000000ull

/* fclass result bits (RISC-V's layout). */
enum {
    FPU_CLASS_NEG_INF = 1 << 0,
    FPU_CLASS_NEG_NORMAL = 1 << 1,
    FPU_CLASS_NEG_SUBNORMAL = 1 << 2,
    FPU_CLASS_NEG_ZERO = 1 << 3,
    FPU_CLASS_POS_ZERO = 1 << 4,
    FPU_CLASS_POS_SUBNORMAL = 1 << 5,
    FPU_CLASS_POS_NORMAL = 1 << 6,
    FPU_CLASS_POS_INF = 1 << 7,
    FPU_CLASS_SNAN = 1 << 8,
    FPU_CLASS_QNAN = 1 << 9,
};

/*
 * Fused multiply-add variants, as flags: the product and/or the addend
 * negated before the single rounding. RISC-V: fmadd = 0, fmsub = NEG_C,
 * fnmsub = NEG_PRODUCT, fnmadd = NEG_PRODUCT | NEG_C.
 */
enum {
    FPU_MULADD_NEG_C = 1 << 0,
    FPU_MULADD_NEG_PRODUCT = 1 << 1,
};

/* NaN-boxing of a binary32 value in a 64-bit FP register. */
static inline uint64_t fpu_nanbox_f32(uint32_t v)
{
    return 0xffffffff00000000ull | v;
}

/* A binary32 operand read from a 64-bit register: not boxed → NaN. */
static inline uint32_t fpu_unbox_f32(uint64_t v)
{
    return (v >> 32) == 0xffffffffu ? (uint32_t)v : FPU_F32_DEFAULT_NAN;
}

/* A binary16 operand: boxed in the upper 48 bits, else the NaN. */
static inline uint16_t fpu_unbox_f16(uint64_t v)
{
    return (v >> 16) == 0xffffffffffffull ? (uint16_t)v : 0x7e00u;
}

static inline uint64_t fpu_nanbox_f16(uint16_t v)
{
    return 0xffffffffffff0000ull | v;
}

/* binary32 (uint32_t bit patterns) */
uint32_t fpu_f32_add(uint32_t a, uint32_t b, FpuStatus *st);
uint32_t fpu_f32_sub(uint32_t a, uint32_t b, FpuStatus *st);
uint32_t fpu_f32_mul(uint32_t a, uint32_t b, FpuStatus *st);
uint32_t fpu_f32_div(uint32_t a, uint32_t b, FpuStatus *st);
uint32_t fpu_f32_sqrt(uint32_t a, FpuStatus *st);
/* a * b + c with one rounding; neg is a set of FPU_MULADD_* */
uint32_t fpu_f32_muladd(uint32_t a, uint32_t b, uint32_t c, int neg,
                        FpuStatus *st);
/* Zfa fround (exact = false: no NX) and froundnx (exact = true) */
uint32_t fpu_f32_round_to_int(uint32_t a, bool exact, FpuStatus *st);
/* Saturating: NaN → the maximum, out of range → the bound, NV alone */
int32_t fpu_f32_to_i32(uint32_t a, FpuStatus *st);
uint32_t fpu_f32_to_u32(uint32_t a, FpuStatus *st);
int64_t fpu_f32_to_i64(uint32_t a, FpuStatus *st);
uint64_t fpu_f32_to_u64(uint32_t a, FpuStatus *st);
uint32_t fpu_i32_to_f32(int32_t v, FpuStatus *st);
uint32_t fpu_u32_to_f32(uint32_t v, FpuStatus *st);
uint32_t fpu_i64_to_f32(int64_t v, FpuStatus *st);
uint32_t fpu_u64_to_f32(uint64_t v, FpuStatus *st);
/* feq is quiet (NV on sNaN only); flt and fle signal on any NaN. */
bool fpu_f32_eq(uint32_t a, uint32_t b, FpuStatus *st);
bool fpu_f32_lt(uint32_t a, uint32_t b, FpuStatus *st);
bool fpu_f32_le(uint32_t a, uint32_t b, FpuStatus *st);
/*
 * RISC-V fmin/fmax (ISA 2.2 on; IEEE 754-2019 minimumNumber and
 * maximumNumber): one NaN operand gives the other operand, two give the
 * default NaN, -0 is below +0, a signaling NaN raises NV.
 */
uint32_t fpu_f32_min(uint32_t a, uint32_t b, FpuStatus *st);
uint32_t fpu_f32_max(uint32_t a, uint32_t b, FpuStatus *st);
/* One FPU_CLASS_* bit. */
unsigned fpu_f32_classify(uint32_t a);
/*
 * Sign injection: a's magnitude with b's sign, its inverse, or the XOR
 * of both signs. No flags; NaNs pass unchanged.
 */
uint32_t fpu_f32_sgnj(uint32_t a, uint32_t b);
uint32_t fpu_f32_sgnjn(uint32_t a, uint32_t b);
uint32_t fpu_f32_sgnjx(uint32_t a, uint32_t b);

/* binary64 (uint64_t bit patterns) */
uint64_t fpu_f64_add(uint64_t a, uint64_t b, FpuStatus *st);
uint64_t fpu_f64_sub(uint64_t a, uint64_t b, FpuStatus *st);
uint64_t fpu_f64_mul(uint64_t a, uint64_t b, FpuStatus *st);
uint64_t fpu_f64_div(uint64_t a, uint64_t b, FpuStatus *st);
uint64_t fpu_f64_sqrt(uint64_t a, FpuStatus *st);
/* a * b + c with one rounding; neg is a set of FPU_MULADD_* */
uint64_t fpu_f64_muladd(uint64_t a, uint64_t b, uint64_t c, int neg,
                        FpuStatus *st);
/* Zfa fround (exact = false: no NX) and froundnx (exact = true) */
uint64_t fpu_f64_round_to_int(uint64_t a, bool exact, FpuStatus *st);
/* Saturating: NaN → the maximum, out of range → the bound, NV alone */
int32_t fpu_f64_to_i32(uint64_t a, FpuStatus *st);
uint32_t fpu_f64_to_u32(uint64_t a, FpuStatus *st);
int64_t fpu_f64_to_i64(uint64_t a, FpuStatus *st);
uint64_t fpu_f64_to_u64(uint64_t a, FpuStatus *st);
uint64_t fpu_i32_to_f64(int32_t v, FpuStatus *st);
uint64_t fpu_u32_to_f64(uint32_t v, FpuStatus *st);
uint64_t fpu_i64_to_f64(int64_t v, FpuStatus *st);
uint64_t fpu_u64_to_f64(uint64_t v, FpuStatus *st);
/* feq is quiet (NV on sNaN only); flt and fle signal on any NaN. */
bool fpu_f64_eq(uint64_t a, uint64_t b, FpuStatus *st);
bool fpu_f64_lt(uint64_t a, uint64_t b, FpuStatus *st);
bool fpu_f64_le(uint64_t a, uint64_t b, FpuStatus *st);
/*
 * RISC-V fmin/fmax (ISA 2.2 on; IEEE 754-2019 minimumNumber and
 * maximumNumber): one NaN operand gives the other operand, two give the
 * default NaN, -0 is below +0, a signaling NaN raises NV.
 */
uint64_t fpu_f64_min(uint64_t a, uint64_t b, FpuStatus *st);
uint64_t fpu_f64_max(uint64_t a, uint64_t b, FpuStatus *st);
/* One FPU_CLASS_* bit. */
unsigned fpu_f64_classify(uint64_t a);
/*
 * Sign injection: a's magnitude with b's sign, its inverse, or the XOR
 * of both signs. No flags; NaNs pass unchanged.
 */
uint64_t fpu_f64_sgnj(uint64_t a, uint64_t b);
uint64_t fpu_f64_sgnjn(uint64_t a, uint64_t b);
uint64_t fpu_f64_sgnjx(uint64_t a, uint64_t b);

/* Between the formats. */
uint64_t fpu_f32_to_f64(uint32_t a, FpuStatus *st);
uint32_t fpu_f64_to_f32(uint64_t a, FpuStatus *st);
/*
 * binary16 (Zfhmin) to and from the wider formats; the default NaN is
 * 0x7e00.
 */
#define FPU_F16_DEFAULT_NAN 0x7e00u
uint32_t fpu_f16_to_f32(uint16_t a, FpuStatus *st);
uint64_t fpu_f16_to_f64(uint16_t a, FpuStatus *st);
uint16_t fpu_f32_to_f16(uint32_t a, FpuStatus *st);
uint16_t fpu_f64_to_f16(uint64_t a, FpuStatus *st);

#endif
