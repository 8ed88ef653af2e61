/*
 * The fast path for guest floating point: the same operations as
 * fpu/softfloat.h computed by the host's SSE2 (and FMA, when the CPU has
 * it) under the guest's rounding mode, with the host's flags read back and
 * every place where x86 and RISC-V disagree fixed up. Results and flags
 * are bit-for-bit those of the exact path; tests/unit/test-fpu-diff.c
 * holds the two against each other.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * How the translator uses it:
 *   - Keep one FpuStatus per vCPU, initialised with fpu_status_init_riscv().
 *   - Pick a table once at CPU creation: ops = fpu_ops_select(true) (the
 *     host path where it exists, else the exact one) or fpu_ops_exact to
 *     force bit-exact software (debugging, or hosts other than x86-64).
 *   - Per FP instruction: resolve rm (the instruction's field, or frm when
 *     it is DYN; the reserved values 5..7 must raise an illegal
 *     instruction before any call), store it in st->round_mode and call
 *     the helper from the table.
 *   - Keep st->flags as fflags itself (helpers only ever OR into it; a
 *     write to fflags or fcsr stores it). Do not clear it per call: once
 *     NX has accrued, RNE operations skip MXCSR entirely and run at
 *     close to native speed.
 *   - Binary32 operands come from 64-bit registers through
 *     fpu_unbox_f32() and results go back through fpu_nanbox_f32().
 *   - 32-bit integer results (fcvt.w[u].*) are sign-extended to XLEN by
 *     the caller, as RISC-V specifies even for the unsigned variant.
 * The host helpers handle RMM, non-RISC-V FpuStatus settings and missing
 * FMA themselves by calling the exact path, so any status is accepted.
 * When they change MXCSR they restore it before returning, so host C
 * code never runs in a guest rounding mode. They assume the calling
 * thread runs with the default MXCSR (round to nearest, FTZ and DAZ
 * off), as every Vireo thread does.
 */
#ifndef VIREO_FPU_HOST_FP_H
#define VIREO_FPU_HOST_FP_H

#include "fpu/softfloat.h"

typedef struct FpuOps {
    uint32_t (*f32_add)(uint32_t a, uint32_t b, FpuStatus *st);
    uint32_t (*f32_sub)(uint32_t a, uint32_t b, FpuStatus *st);
    uint32_t (*f32_mul)(uint32_t a, uint32_t b, FpuStatus *st);
    uint32_t (*f32_div)(uint32_t a, uint32_t b, FpuStatus *st);
    uint32_t (*f32_sqrt)(uint32_t a, FpuStatus *st);
    uint32_t (*f32_muladd)(uint32_t a, uint32_t b, uint32_t c, int neg,
                           FpuStatus *st);
    uint32_t (*f32_min)(uint32_t a, uint32_t b, FpuStatus *st);
    uint32_t (*f32_max)(uint32_t a, uint32_t b, FpuStatus *st);
    bool (*f32_eq)(uint32_t a, uint32_t b, FpuStatus *st);
    bool (*f32_lt)(uint32_t a, uint32_t b, FpuStatus *st);
    bool (*f32_le)(uint32_t a, uint32_t b, FpuStatus *st);
    int32_t (*f32_to_i32)(uint32_t a, FpuStatus *st);
    uint32_t (*f32_to_u32)(uint32_t a, FpuStatus *st);
    int64_t (*f32_to_i64)(uint32_t a, FpuStatus *st);
    uint64_t (*f32_to_u64)(uint32_t a, FpuStatus *st);
    uint32_t (*i32_to_f32)(int32_t v, FpuStatus *st);
    uint32_t (*u32_to_f32)(uint32_t v, FpuStatus *st);
    uint32_t (*i64_to_f32)(int64_t v, FpuStatus *st);
    uint32_t (*u64_to_f32)(uint64_t v, FpuStatus *st);

    uint64_t (*f64_add)(uint64_t a, uint64_t b, FpuStatus *st);
    uint64_t (*f64_sub)(uint64_t a, uint64_t b, FpuStatus *st);
    uint64_t (*f64_mul)(uint64_t a, uint64_t b, FpuStatus *st);
    uint64_t (*f64_div)(uint64_t a, uint64_t b, FpuStatus *st);
    uint64_t (*f64_sqrt)(uint64_t a, FpuStatus *st);
    uint64_t (*f64_muladd)(uint64_t a, uint64_t b, uint64_t c, int neg,
                           FpuStatus *st);
    uint64_t (*f64_min)(uint64_t a, uint64_t b, FpuStatus *st);
    uint64_t (*f64_max)(uint64_t a, uint64_t b, FpuStatus *st);
    bool (*f64_eq)(uint64_t a, uint64_t b, FpuStatus *st);
    bool (*f64_lt)(uint64_t a, uint64_t b, FpuStatus *st);
    bool (*f64_le)(uint64_t a, uint64_t b, FpuStatus *st);
    int32_t (*f64_to_i32)(uint64_t a, FpuStatus *st);
    uint32_t (*f64_to_u32)(uint64_t a, FpuStatus *st);
    int64_t (*f64_to_i64)(uint64_t a, FpuStatus *st);
    uint64_t (*f64_to_u64)(uint64_t a, FpuStatus *st);
    uint64_t (*i32_to_f64)(int32_t v, FpuStatus *st);
    uint64_t (*u32_to_f64)(uint32_t v, FpuStatus *st);
    uint64_t (*i64_to_f64)(int64_t v, FpuStatus *st);
    uint64_t (*u64_to_f64)(uint64_t v, FpuStatus *st);

    uint64_t (*f32_to_f64)(uint32_t a, FpuStatus *st);
    uint32_t (*f64_to_f32)(uint64_t a, FpuStatus *st);
} FpuOps;

/*
 * Operations not in the table (round_to_int, classify, sign injection,
 * NaN boxing) are integer work or rare; call the fpu_f32_* / fpu_f64_*
 * functions of softfloat.h directly.
 */
extern const FpuOps fpu_ops_exact;

/*
 * The host table, or the exact one when the host has no fast path or the
 * calling thread's MXCSR is not the default (FTZ/DAZ on, or a rounding
 * mode other than to nearest). Call it from the thread that will use the
 * table.
 */
const FpuOps *fpu_ops_select(bool prefer_host);

/* Whether the fast path exists on this host (x86-64 with SSE2). */
bool fpu_host_available(void);
/* Whether fused multiply-add runs on the host (FMA3 present and used). */
bool fpu_host_has_fma(void);
/*
 * Tests only: pretend the host has no FMA (true) so the fallback is
 * exercised, or use it again when present (false).
 */
void fpu_host_disable_fma(bool disable);

#endif
