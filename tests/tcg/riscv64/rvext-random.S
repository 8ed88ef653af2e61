/*
 * Self-checking random test of the extensions QEMU 7.2 cannot check
 * (Zicond, Zcb, Zimop, Zfa): 400 rounds of xorshift operands, each new
 * instruction compared with an independent base-ISA computation of the
 * same value: czero.* with seqz/snez masks, every Zcb instruction with
 * its 32-bit counterpart (loads at every offset, stores into a second
 * buffer), mop.r.N with zero, fround/froundnx with fcvt.l.d+fcvt.d.l in
 * the same (cycling) rounding mode including froundnx's NX, fcvtmod.w.d
 * with fcvt.l.d's low word, fleq/fltq with fle/flt and fminm/fmaxm with
 * fmin/fmax on non-NaN values. Fails with the check number.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"
#include "diff-lib.h"
#include "zcb.h"

#define CZERO_EQZ(rd, rs1, rs2) .insn r 0x33, 5, 7, rd, rs1, rs2
#define CZERO_NEZ(rd, rs1, rs2) .insn r 0x33, 7, 7, rd, rs1, rs2
#define OPFP(f7, rs2, rs1, f3, rd)                                     \
    .word (f7) << 25 | (rs2) << 20 | (rs1) << 15 | (f3) << 12         \
          | (rd) << 7 | 0x53
/* a0 = x10 (2 as a Zcb register), a1 = x11 (3), fa0 = f10, fa1 = f11 */
#define A0 2
#define A1 3

#define SAME(n, r1, r2)                                                \
    li TESTNUM, n;                                                     \
    bne r1, r2, fail;

/* a0 = s1; op on a0 (Zcb) against ref t1 = op32 s1 */
#define ZCB_UN(n, cop, ref...)                                         \
    mv a0, s1;                                                         \
    cop(A0);                                                           \
    ref;                                                               \
    SAME(n, a0, t1)

TEST_BEGIN
    li t0, 1 << 13
    csrs mstatus, t0
    li s3, 0x243f6a8885a308d3
    li s4, 400
round:
    call rnd
    mv s1, a0
    call rnd
    mv s2, a0
    andi t0, s4, 3
    bnez t0, 1f
    li s2, 0                             /* a zero condition */
1:
    /* Zicond */
    CZERO_EQZ(t0, s1, s2)
    seqz t1, s2
    addi t1, t1, -1
    and t1, t1, s1
    SAME(1, t0, t1)
    CZERO_NEZ(t0, s1, s2)
    snez t1, s2
    addi t1, t1, -1
    and t1, t1, s1
    SAME(2, t0, t1)

    /* Zcb arithmetic */
    ZCB_UN(3, C_ZEXT_B, andi t1, s1, 255)
    ZCB_UN(4, C_SEXT_B, sext.b t1, s1)
    ZCB_UN(5, C_ZEXT_H, zext.h t1, s1)
    ZCB_UN(6, C_SEXT_H, sext.h t1, s1)
    ZCB_UN(7, C_ZEXT_W, zext.w t1, s1)
    ZCB_UN(8, C_NOT, not t1, s1)
    mv a0, s1
    mv a1, s2
    C_MUL(A0, A1)
    mul t1, s1, s2
    SAME(9, a0, t1)

    /* Zcb loads: s1 stored, read back at each offset */
    la a1, buf
    sd s1, 0(a1)
    C_LBU(A0, 0, A1)
    lbu t1, 0(a1)
    SAME(10, a0, t1)
    C_LBU(A0, 1, A1)
    lbu t1, 1(a1)
    SAME(11, a0, t1)
    C_LBU(A0, 2, A1)
    lbu t1, 2(a1)
    SAME(12, a0, t1)
    C_LBU(A0, 3, A1)
    lbu t1, 3(a1)
    SAME(13, a0, t1)
    C_LHU(A0, 0, A1)
    lhu t1, 0(a1)
    SAME(14, a0, t1)
    C_LHU(A0, 2, A1)
    lhu t1, 2(a1)
    SAME(15, a0, t1)
    C_LH(A0, 0, A1)
    lh t1, 0(a1)
    SAME(16, a0, t1)
    C_LH(A0, 2, A1)
    lh t1, 2(a1)
    SAME(17, a0, t1)
    /* Zcb stores into buf, the 32-bit ones into buf2 */
    sd s2, 0(a1)
    mv a0, s1
    andi t2, s4, 3
    la t3, buf2
    sd s2, 0(t3)
    bnez t2, 2f
    C_SB(A0, 0, A1)
    sb s1, 0(t3)
    j 3f
2:  addi t2, t2, -1
    bnez t2, 2f
    C_SB(A0, 3, A1)
    sb s1, 3(t3)
    j 3f
2:  addi t2, t2, -1
    bnez t2, 2f
    C_SH(A0, 2, A1)
    sh s1, 2(t3)
    j 3f
2:  C_SH(A0, 0, A1)
    sh s1, 0(t3)
3:  ld t0, buf
    ld t1, buf2
    SAME(18, t0, t1)

    /* Zimop: mop.r.N and mop.rr.N give zero */
    mv t0, s1
    .word 0x81c04073 | 5 << 7 | 9 << 15  /* mop.r.0 t0, s1 */
    SAME(19, t0, zero)
    mv t0, s1
    .word 0xce004073 | 5 << 7 | 9 << 15 | 18 << 20 /* mop.rr.7 t0,s1,s2 */
    SAME(20, t0, zero)

    /* Zfa. fa0: sign and fraction from s1, exponent in [-4, 59] */
    li t2, 0x800fffffffffffff
    and t1, s1, t2
    srli t2, s1, 52
    andi t2, t2, 63
    addi t2, t2, 1023 - 4
    slli t2, t2, 52
    or t1, t1, t2
    fmv.d.x fa0, t1
    mv s5, t1
    li t1, 5
    remu t1, s4, t1
    csrw frm, t1
    fsflags zero
    OPFP(0x21, 4, 10, 7, 11)             /* fround.d fa1, fa0 */
    frflags t0
    SAME(21, t0, zero)                   /* fround: never NX */
    fmv.x.d t0, fa1
    srli t0, t0, 63
    srli t1, s5, 63
    SAME(22, t0, t1)                     /* sign kept (-0 too) */
    OPFP(0x21, 5, 10, 7, 11)             /* froundnx.d fa1, fa0 */
    frflags s6
    fsflags zero
    fcvt.l.d t2, fa0
    frflags s7
    fsflags zero
    /* for |x| < 2^52 the integer path is exact: same value and NX */
    srli t0, s5, 52
    andi t0, t0, 0x7ff
    li t1, 1023 + 52
    bgeu t0, t1, 4f
    fcvt.d.l ft1, t2
    feq.d t0, fa1, ft1
    li t1, 1
    SAME(23, t0, t1)
    SAME(24, s6, s7)
4:  fsflags zero
    /* fcvtmod.w.d: fcvt.l.d's low word while |x| < 2^63 */
    OPFP(0x61, 8, 10, 1, 5)              /* fcvtmod.w.d t0, fa0 */
    fcvt.l.d t1, fa0, rtz
    sext.w t1, t1
    SAME(25, t0, t1)
    /* fleq/fltq/fminm/fmaxm against the signalling forms on numbers */
    srli t1, s2, 12
    li t2, 0x3ff0000000000000
    or t1, t1, t2
    xor t1, t1, s2                       /* any sign and exponent */
    fmv.d.x fa1, t1
    andi t2, s4, 7
    bnez t2, 5f
    fmv.d fa1, fa0                       /* equal operands */
5:  OPFP(0x51, 11, 10, 4, 5)             /* fleq.d t0, fa0, fa1 */
    fle.d t1, fa0, fa1
    SAME(26, t0, t1)
    OPFP(0x51, 11, 10, 5, 5)             /* fltq.d t0, fa0, fa1 */
    flt.d t1, fa0, fa1
    SAME(27, t0, t1)
    fmv.x.d t2, fa1
    srli t2, t2, 52
    andi t2, t2, 0x7ff
    li t3, 0x7ff
    beq t2, t3, 6f                       /* NaN operand: skip */
    OPFP(0x15, 11, 10, 2, 12)            /* fminm.d fa2, fa0, fa1 */
    fmin.d ft1, fa0, fa1
    fmv.x.d t0, fa2
    fmv.x.d t1, ft1
    SAME(28, t0, t1)
    OPFP(0x15, 11, 10, 3, 12)            /* fmaxm.d fa2, fa0, fa1 */
    fmax.d ft1, fa0, fa1
    fmv.x.d t0, fa2
    fmv.x.d t1, ft1
    SAME(29, t0, t1)
6:  fsflags zero
    addi s4, s4, -1
    bnez s4, round
    csrwi frm, 0
TEST_END

    .text
DIFF_RND_FN

    .data
    .balign 8
buf:  .dword 0, 0
buf2: .dword 0
