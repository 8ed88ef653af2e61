/*
 * Differential program for F and D: 300 rounds of pseudo-random bit
 * patterns (with special values: zeros, infinities, NaNs, subnormals
 * and near-integers mixed in) through every F/D operation under a
 * dynamic rounding mode that cycles through all five; each result and
 * the fflags it raised feed a hash printed per round on the HTIF
 * console. Vireo and QEMU must print the same (diff-qemu.sh).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"
#include "diff-lib.h"

/*
 * Hash in s0 (diff-lib.h); operands fa0/fa1/fa2 (double), fa3/fa4/fa5
 * (single).
 */
TEST_BEGIN
    li t0, 1 << 13
    csrs mstatus, t0                     /* FS = Initial */
    li s0, 0
    li s3, 0x243f6a8885a308d3
    li s4, 300
round:
    call rnd
    mv s5, a0
    call rnd
    mv s6, a0
    call rnd
    mv s7, a0
    /* special operands in some rounds */
    andi t1, s4, 7
    li t2, 3
    bgeu t1, t2, 1f
    la t3, specials
    andi t1, s5, 15
    slli t1, t1, 3
    add t1, t1, t3
    ld s5, 0(t1)
    srli t1, s6, 7
    andi t1, t1, 15
    slli t1, t1, 3
    add t1, t1, t3
    ld s6, 0(t1)
1:  fmv.d.x fa0, s5
    fmv.d.x fa1, s6
    fmv.d.x fa2, s7
    /* singles: the high half of the double patterns, boxed */
    srli t1, s5, 32
    fmv.w.x fa3, t1
    srli t1, s6, 32
    fmv.w.x fa4, t1
    fmv.w.x fa5, s7
    /* rounding mode: round number mod 5 */
    li t1, 5
    remu t1, s4, t1
    csrw frm, t1

    FOP(fadd.d, fa0, fa1) FOP(fsub.d, fa0, fa1) FOP(fmul.d, fa0, fa1)
    FOP(fdiv.d, fa0, fa1) FOP(fsqrt.d, fa0) FOP(fmin.d, fa0, fa1)
    FOP(fmax.d, fa0, fa1) FOP(fsgnj.d, fa0, fa1) FOP(fsgnjn.d, fa0, fa1)
    FOP(fsgnjx.d, fa0, fa1)
    FOP(fmadd.d, fa0, fa1, fa2) FOP(fmsub.d, fa0, fa1, fa2)
    FOP(fnmadd.d, fa0, fa1, fa2) FOP(fnmsub.d, fa0, fa1, fa2)
    FOP(fadd.s, fa3, fa4) FOP(fsub.s, fa3, fa4) FOP(fmul.s, fa3, fa4)
    FOP(fdiv.s, fa3, fa4) FOP(fsqrt.s, fa3) FOP(fmin.s, fa3, fa4)
    FOP(fmax.s, fa3, fa4) FOP(fsgnj.s, fa3, fa4) FOP(fsgnjn.s, fa3, fa4)
    FOP(fsgnjx.s, fa3, fa4)
    FOP(fmadd.s, fa3, fa4, fa5) FOP(fmsub.s, fa3, fa4, fa5)
    FOP(fnmadd.s, fa3, fa4, fa5) FOP(fnmsub.s, fa3, fa4, fa5)
    FOP(fcvt.s.d, fa0) FOP(fcvt.d.s, fa3)
    FOP(fmin.s, fa0, fa3)                /* an unboxed operand */
    XOP(feq.d, fa0, fa1) XOP(flt.d, fa0, fa1) XOP(fle.d, fa0, fa1)
    XOP(feq.s, fa3, fa4) XOP(flt.s, fa3, fa4) XOP(fle.s, fa3, fa4)
    XOP(fclass.d, fa0) XOP(fclass.s, fa3)
    XOP(fcvt.w.d, fa0) XOP(fcvt.wu.d, fa0) XOP(fcvt.l.d, fa0)
    XOP(fcvt.lu.d, fa0) XOP(fcvt.w.s, fa3) XOP(fcvt.wu.s, fa3)
    XOP(fcvt.l.s, fa3) XOP(fcvt.lu.s, fa3)
    XOP(fcvt.w.d, fa1, rtz) XOP(fcvt.l.s, fa4, rmm)
    XOP(fmv.x.w, fa3)
    FOP(fcvt.d.w, s5) FOP(fcvt.d.wu, s5) FOP(fcvt.d.l, s5)
    FOP(fcvt.d.lu, s5) FOP(fcvt.s.w, s6) FOP(fcvt.s.wu, s6)
    FOP(fcvt.s.l, s6) FOP(fcvt.s.lu, s6)
    /* small integers, exactly representable or halfway cases */
    srai t2, s7, 60
    fcvt.d.l ft1, t2
    li t3, 0x3fe0000000000000            /* 0.5 */
    fmv.d.x ft2, t3
    fadd.d ft1, ft1, ft2
    XOP(fcvt.l.d, ft1)
    XOP(fcvt.w.d, ft1, rne) XOP(fcvt.w.d, ft1, rmm)
    XOP(fcvt.w.d, ft1, rdn) XOP(fcvt.w.d, ft1, rup)

    /* print the hash */
    DIFF_PRINT_S0
    addi s4, s4, -1
    bnez s4, round
TEST_END

    .text
DIFF_RND_FN

DIFF_PUTC_FN

    .data
    .balign 8
specials:
    .dword 0, 0x8000000000000000, 0x7ff0000000000000, 0xfff0000000000000
    .dword 0x7ff8000000000000, 0x7ff0000000000001, 0x0000000000000001
    .dword 0x800fffffffffffff, 0x3ff0000000000000, 0xbff8000000000000
    .dword 0x41dfffffffc00000, 0x43e0000000000000, 0xc3e0000000000001
    .dword 0x7f80000000000000, 0x7fa0000000000000, 0x4f00000080000000
