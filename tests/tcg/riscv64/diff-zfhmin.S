/*
 * Differential program for Zfhmin (diff-qemu.sh runs QEMU 7.2 with
 * Zfhmin on): 300 rounds of pseudo-random halves, singles and doubles,
 * the wider ones with exponents drawn around binary16's range so that
 * overflow, subnormal results and underflow to zero all occur, through
 * fcvt.h.s/fcvt.h.d (rounding mode cycling through all five, plus a
 * static rtz/rmm each), fcvt.s.h/fcvt.d.h (random and special halves,
 * unboxed operands) and fmv.x.h; results and fflags feed a hash
 * printed per round on the HTIF console.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"
#include "diff-lib.h"

    .option arch, +zfhmin

TEST_BEGIN
    li t0, 1 << 13
    csrs mstatus, t0
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
    /* double: sign and fraction random, exponent in [-28, 35] */
    li t2, 0x800fffffffffffff
    and t1, s5, t2
    srli t2, s5, 52
    andi t2, t2, 63
    addi t2, t2, 1023 - 28
    slli t2, t2, 52
    or t1, t1, t2
    fmv.d.x fa0, t1
    /* single, the same way from s6's high half */
    srli t3, s6, 32
    li t2, 0x807fffff
    and t1, t3, t2
    srli t2, s6, 26
    andi t2, t2, 63
    addi t2, t2, 127 - 28
    slli t2, t2, 23
    or t1, t1, t2
    fmv.w.x fa3, t1
    /* half: random bits, or a special in some rounds */
    andi t1, s4, 3
    bnez t1, 1f
    la t3, specials
    andi t1, s7, 15
    slli t1, t1, 1
    add t1, t1, t3
    lhu s7, 0(t1)
1:  fmv.h.x fa4, s7
    fmv.d.x fa5, s7                      /* not boxed */
    li t1, 5
    remu t1, s4, t1
    csrw frm, t1

    FOP(fcvt.h.s, fa3) FOP(fcvt.h.d, fa0)
    FOP(fcvt.h.s, fa3, rtz) FOP(fcvt.h.d, fa0, rmm)
    FOP(fcvt.s.h, fa4) FOP(fcvt.d.h, fa4)
    FOP(fcvt.s.h, fa5) FOP(fcvt.d.h, fa5)
    XOP(fmv.x.h, fa4) XOP(fmv.x.h, fa0)
    /* round trips */
    fcvt.h.d ft1, fa0
    FOP(fcvt.d.h, ft1)
    fcvt.h.s ft1, fa3
    FOP(fcvt.s.h, ft1)

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
    .half 0x0000, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7c01, 0x0001, 0x83ff
    .half 0x7bff, 0xfbff, 0x0400, 0x3c00, 0x7e01, 0xfe00, 0x3555, 0x03ff
