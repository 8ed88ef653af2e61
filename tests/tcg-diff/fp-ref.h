/*
 * The fallback of the fast-path calls (tcg_gen_call_fp) as the tests
 * write it from the contract in tcg-op.h: softfloat on RISC-V's terms
 * with the status's rounding mode and flags, binary32 NaN-boxed in and
 * out. Shared by the differential tester and test-tcg-fp.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TESTS_TCG_DIFF_FP_REF_H
#define TESTS_TCG_DIFF_FP_REF_H

#include "fpu/softfloat.h"
#include "tcg/tcg-op.h"

static inline uint64_t fp_ref_eval(TCGFpOp op, bool f32, uint64_t a,
                                   uint64_t b, uint64_t c, FpuStatus *st)
{
    static const int neg[4] = {
        0, FPU_MULADD_NEG_C, FPU_MULADD_NEG_PRODUCT,
        FPU_MULADD_NEG_PRODUCT | FPU_MULADD_NEG_C,
    };

    if (f32) {
        uint32_t x = fpu_unbox_f32(a), y = fpu_unbox_f32(b);
        uint32_t z = fpu_unbox_f32(c);

        switch (op) {
        case TCG_FP_ADD: return fpu_nanbox_f32(fpu_f32_add(x, y, st));
        case TCG_FP_SUB: return fpu_nanbox_f32(fpu_f32_sub(x, y, st));
        case TCG_FP_MUL: return fpu_nanbox_f32(fpu_f32_mul(x, y, st));
        case TCG_FP_DIV: return fpu_nanbox_f32(fpu_f32_div(x, y, st));
        case TCG_FP_SQRT: return fpu_nanbox_f32(fpu_f32_sqrt(x, st));
        case TCG_FP_MULADD ... TCG_FP_NMULSUB:
            return fpu_nanbox_f32(fpu_f32_muladd(x, y, z,
                                                 neg[op - TCG_FP_MULADD],
                                                 st));
        case TCG_FP_EQ: return fpu_f32_eq(x, y, st);
        case TCG_FP_LT: return fpu_f32_lt(x, y, st);
        case TCG_FP_LE: return fpu_f32_le(x, y, st);
        default: g_assert_not_reached();
        }
    }
    switch (op) {
    case TCG_FP_ADD: return fpu_f64_add(a, b, st);
    case TCG_FP_SUB: return fpu_f64_sub(a, b, st);
    case TCG_FP_MUL: return fpu_f64_mul(a, b, st);
    case TCG_FP_DIV: return fpu_f64_div(a, b, st);
    case TCG_FP_SQRT: return fpu_f64_sqrt(a, st);
    case TCG_FP_MULADD ... TCG_FP_NMULSUB:
        return fpu_f64_muladd(a, b, c, neg[op - TCG_FP_MULADD], st);
    case TCG_FP_EQ: return fpu_f64_eq(a, b, st);
    case TCG_FP_LT: return fpu_f64_lt(a, b, st);
    case TCG_FP_LE: return fpu_f64_le(a, b, st);
    default: g_assert_not_reached();
    }
}

#endif
