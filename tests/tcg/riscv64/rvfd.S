/*
 * F and D checks with known answers: FS = Off makes FP illegal (mtval
 * = the instruction), FS goes Dirty (and SD reads 1) after an FP write,
 * reserved rounding modes (static and dynamic) are illegal, NaN
 * boxing on flw/fmv.w.x and the canonical NaN for an unboxed operand,
 * flags accrue in fflags, fmin/fmax of -0/+0, saturating conversions,
 * division by zero, one rounding in fmadd, every rounding mode on a
 * halfway case, and fld/fsd (compressed when the assembler picks it).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

#define EXPECT_ILLEGAL(n, insn_bits)                                   \
    li TESTNUM, n;                                                     \
    ld t1, last_cause;                                                 \
    li t6, 2;                                                          \
    bne t1, t6, fail;                                                  \
    ld t1, last_tval;                                                  \
    li t6, insn_bits;                                                  \
    bne t1, t6, fail;                                                  \
    sd zero, last_cause, t6;

TEST_BEGIN
    la t0, mtrap
    csrw mtvec, t0
    .option push
    .option norvc
    li t0, 3 << 13
    csrc mstatus, t0                     /* FS = Off */
    fadd.d ft0, ft1, ft2
    EXPECT_ILLEGAL(1, 0x0220f053)
    li t0, 1 << 13
    csrs mstatus, t0                     /* Initial */
    fmv.d.x ft0, zero
    csrr a5, mstatus
    srli a5, a5, 13
    andi a5, a5, 3
    CHECK(2, a5, 3)                      /* Dirty */
    csrr a5, mstatus
    li TESTNUM, 3
    bgez a5, fail                        /* SD set */

    /* reserved static rm = 5: fadd.d ft0, ft1, ft2 with rm 5 */
    .word 0x0220d053
    EXPECT_ILLEGAL(4, 0x0220d053)
    /* DYN with frm = 5 */
    csrwi frm, 5
    fadd.d ft0, ft1, ft2, dyn
    EXPECT_ILLEGAL(5, 0x0220f053)
    csrwi frm, 0

    /* NaN boxing */
    li a0, 0x3f800000                    /* 1.0f */
    fmv.w.x ft0, a0
    fmv.x.d a5, ft0
    CHECK(6, a5, 0xffffffff3f800000)
    li a0, 0x000000003f800000            /* not boxed as a single */
    fmv.d.x ft1, a0
    fadd.s ft2, ft1, ft0
    fmv.x.d a5, ft2
    CHECK(7, a5, 0xffffffff7fc00000)     /* canonical NaN */
    la a0, fdata
    flw ft3, 0(a0)
    fmv.x.d a5, ft3
    CHECK(8, a5, 0xffffffff40490fdb)

    /* flags: 1/3 is inexact; 1/0 divide by zero; sqrt(-1) invalid */
    csrw fflags, zero
    li a0, 0x3ff0000000000000
    fmv.d.x ft0, a0
    li a0, 0x4008000000000000
    fmv.d.x ft1, a0
    fdiv.d ft2, ft0, ft1
    csrr a5, fflags
    CHECK(9, a5, 1)
    fmv.d.x ft1, zero
    fdiv.d ft2, ft0, ft1
    csrr a5, fflags
    CHECK(10, a5, 9)                     /* NX stays, DZ added */
    fmv.x.d a5, ft2
    CHECK(11, a5, 0x7ff0000000000000)
    fneg.d ft3, ft0
    fsqrt.d ft2, ft3
    csrr a5, fflags
    CHECK(12, a5, 0x19)
    fmv.x.d a5, ft2
    CHECK(13, a5, 0x7ff8000000000000)

    /* fmin/fmax of -0 and +0 */
    li a0, 0x8000000000000000
    fmv.d.x ft0, a0
    fmv.d.x ft1, zero
    fmin.d ft2, ft1, ft0
    fmv.x.d a5, ft2
    CHECK(14, a5, 0x8000000000000000)
    fmax.d ft2, ft0, ft1
    fmv.x.d a5, ft2
    CHECK(15, a5, 0)

    /* saturating conversions */
    csrw fflags, zero
    li a0, 0x7ff8000000000000            /* NaN */
    fmv.d.x ft0, a0
    fcvt.w.d a5, ft0, rtz
    CHECK(16, a5, 0x7fffffff)
    li a0, 0xc3e0000000000000            /* -2^63 */
    fmv.d.x ft0, a0
    fcvt.wu.d a5, ft0, rtz
    CHECK(17, a5, 0)
    fcvt.l.d a5, ft0, rtz
    CHECK(18, a5, 0x8000000000000000)
    li a0, 0x43f0000000000000            /* 2^64 */
    fmv.d.x ft0, a0
    fcvt.lu.d a5, ft0, rtz
    CHECK(19, a5, -1)
    fcvt.wu.d a5, ft0, rtz
    CHECK(20, a5, -1)                    /* 0xffffffff sign-extended */
    csrr a5, fflags
    CHECK(21, a5, 0x10)

    /* every rounding mode on 2.5 and -2.5 */
    li a0, 0x4004000000000000            /* 2.5 */
    fmv.d.x ft0, a0
    fcvt.w.d a5, ft0, rne
    CHECK(22, a5, 2)
    fcvt.w.d a5, ft0, rtz
    CHECK(23, a5, 2)
    fcvt.w.d a5, ft0, rdn
    CHECK(24, a5, 2)
    fcvt.w.d a5, ft0, rup
    CHECK(25, a5, 3)
    fcvt.w.d a5, ft0, rmm
    CHECK(26, a5, 3)
    fneg.d ft0, ft0
    fcvt.w.d a5, ft0, rdn
    CHECK(27, a5, -3)
    fcvt.w.d a5, ft0, rmm
    CHECK(28, a5, -3)
    csrwi frm, 3                         /* dynamic: up */
    fcvt.w.d a5, ft0, dyn
    CHECK(29, a5, -2)
    csrwi frm, 0

    /* fmsub rounds once: (1 + 2^-52) * (1 - 2^-53) - 1 is
       2^-53 - 2^-105 (0 if the product were rounded first) */
    li a0, 0x3ff0000000000001
    fmv.d.x ft0, a0
    li a0, 0x3fefffffffffffff
    fmv.d.x ft1, a0
    li a0, 0x3ff0000000000000
    fmv.d.x ft2, a0
    fmsub.d ft3, ft0, ft1, ft2
    fmv.x.d a5, ft3
    CHECK(30, a5, 0x3c9ffffffffffffe)
    .option pop
    /* fld/fsd (c.fld/c.fsd with these registers) */
    la a0, fdata
    fld fs0, 8(a0)
    fsd fs0, 16(a0)
    ld a5, 16(a0)
    CHECK(31, a5, 0x400921fb54442d18)
TEST_END

    .balign 4
mtrap:
    csrr t1, mcause
    sd t1, last_cause, t6
    csrr t1, mtval
    sd t1, last_tval, t6
    csrr t1, mepc
    addi t1, t1, 4
    csrw mepc, t1
    mret

    .data
    .balign 8
fdata: .word 0x40490fdb, 0
       .dword 0x400921fb54442d18, 0
last_cause: .dword 0
last_tval: .dword 0
