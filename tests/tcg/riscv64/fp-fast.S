/*
 * F and D across the boundary of the translator's inline fast path
 * (tcg_gen_call_fp): in round to nearest even, with NX already in
 * fflags, ordinary results are computed inline; everything else calls
 * the helper. Checks results and fflags where one takes over from the
 * other: the first inexact operation sets NX through the helper, the
 * next ones run inline in the same block, an overflow or an underflow
 * after NX is set still raises OF or UF, a signalling NaN still raises
 * NV, a single with broken NaN-boxing still reads as the canonical
 * NaN, a dynamic rounding mode of RTZ is honoured, fused multiply-add
 * (all four forms) and compares, in one block and in a loop. Sign
 * injection, done inline as plain bit work, with boxed and unboxed
 * singles.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

#define FD(freg, v)                                                    \
    li t0, v;                                                          \
    fmv.d.x freg, t0;

#define FS(freg, v)                                                    \
    li t0, v;                                                          \
    fmv.w.x freg, t0;

#define CHECKF(n, freg, v)                                             \
    fmv.x.d a5, freg;                                                  \
    CHECK(n, a5, v)

#define CHECKFLAGS(n, v)                                               \
    csrr a5, fflags;                                                   \
    CHECK(n, a5, v)

TEST_BEGIN
    li t0, 1 << 13
    csrs mstatus, t0                     /* FS = Initial */
    csrwi frm, 0                         /* RNE */
    csrwi fflags, 0

    /* doubles: 1 + 2^-60 is inexact (helper, sets NX), then inline */
    FD(fa0, 0x3ff0000000000000)          /* 1.0 */
    FD(fa1, 0x3c30000000000000)          /* 2^-60 */
    FD(fa2, 0x3ff8000000000000)          /* 1.5 */
    FD(fa3, 0x4008000000000000)          /* 3.0 */
    FD(fa4, 0x3fd0000000000000)          /* 0.25 */
    fadd.d ft0, fa2, fa3
    CHECKF(1, ft0, 0x4012000000000000)   /* 4.5, exact */
    CHECKFLAGS(2, 0)
    fadd.d ft0, fa0, fa1
    CHECKF(3, ft0, 0x3ff0000000000000)
    CHECKFLAGS(4, 1)                     /* NX */
    fadd.d ft1, fa2, fa3
    fsub.d ft2, fa2, fa3
    fmul.d ft3, fa2, fa3
    fdiv.d ft4, fa3, fa2
    fsqrt.d ft5, fa4
    fdiv.d ft6, fa0, fa3                 /* 1/3: inexact, NX already */
    CHECKF(5, ft1, 0x4012000000000000)   /* 4.5 */
    CHECKF(6, ft2, 0xbff8000000000000)   /* -1.5 */
    CHECKF(7, ft3, 0x4012000000000000)   /* 4.5 */
    CHECKF(8, ft4, 0x4000000000000000)   /* 2 */
    CHECKF(9, ft5, 0x3fe0000000000000)   /* 0.5 */
    CHECKF(10, ft6, 0x3fd5555555555555)
    CHECKFLAGS(11, 1)

    /* overflow after NX: OF still raised */
    FD(fa5, 0x6570000000000000)          /* 2^600 */
    fmul.d ft0, fa5, fa5
    CHECKF(12, ft0, 0x7ff0000000000000)
    CHECKFLAGS(13, 5)                    /* OF | NX */

    /* a tiny inexact result: UF */
    csrwi fflags, 1
    FD(fa6, 0x0010000000000000)          /* 2^-1022 */
    fmul.d ft0, ft6, fa6
    CHECKF(14, ft0, 0x0005555555555555)
    CHECKFLAGS(15, 3)                    /* UF | NX */
    /* the smallest normal after rounding: UF too (tiny before) */
    csrwi fflags, 1
    FD(fa7, 0x001fffffffffffff)
    FD(ft7, 0x3fefffffffffffff)          /* 1 - 2^-53 */
    fmul.d ft0, fa7, ft7
    csrr a5, fflags
    CHECK(16, a5, 1)                     /* tininess after rounding */
    fmul.d ft0, fa6, ft7                 /* 2^-1022 (1 - 2^-53) */
    CHECKF(17, ft0, 0x0010000000000000)
    CHECKFLAGS(18, 3)

    /* signalling NaN: NV, canonical NaN */
    csrwi fflags, 1
    FD(ft8, 0x7ff0000000000001)
    fadd.d ft0, ft8, fa0
    CHECKF(19, ft0, 0x7ff8000000000000)
    CHECKFLAGS(20, 0x11)
    /* division by zero after NX */
    csrwi fflags, 1
    fmv.d.x ft9, zero
    fdiv.d ft0, fa0, ft9
    CHECKF(21, ft0, 0x7ff0000000000000)
    CHECKFLAGS(22, 9)                    /* DZ | NX */
    /* sqrt of a negative: NV */
    csrwi fflags, 1
    fsqrt.d ft0, ft2
    CHECKF(23, ft0, 0x7ff8000000000000)
    CHECKFLAGS(24, 0x11)
    /* a zero result is not inline (its sign): -1.5 + 1.5 = +0 */
    csrwi fflags, 1
    fadd.d ft0, ft2, fa2
    CHECKF(25, ft0, 0)
    fsub.d ft0, ft2, ft2
    CHECKF(26, ft0, 0)
    CHECKFLAGS(27, 1)

    /* fused multiply-add, NX set: 1.5 * 3 +- 0.25 */
    fmadd.d ft0, fa2, fa3, fa4
    CHECKF(28, ft0, 0x4013000000000000)  /* 4.75 */
    fmsub.d ft0, fa2, fa3, fa4
    CHECKF(29, ft0, 0x4011000000000000)  /* 4.25 */
    fnmsub.d ft0, fa2, fa3, fa4
    CHECKF(30, ft0, 0xc011000000000000)  /* -4.25 */
    fnmadd.d ft0, fa2, fa3, fa4
    CHECKF(31, ft0, 0xc013000000000000)  /* -4.75 */
    /*
     * one rounding: (1 + 2^-52)(1 - 2^-53) - 1 = 2^-53 - 2^-105, exact
     * (a rounded product would give 0)
     */
    FD(ft10, 0x3ff0000000000001)
    FD(ft11, 0x3fefffffffffffff)
    fmsub.d ft0, ft10, ft11, fa0
    CHECKF(32, ft0, 0x3c9ffffffffffffe)
    CHECKFLAGS(33, 1)
    /* inf * 0 + qNaN: NV (x86 would not say so) */
    FD(ft8, 0x7ff0000000000000)
    FD(ft9, 0x7ff8000000000000)
    fmv.d.x ft10, zero
    fmadd.d ft0, ft8, ft10, ft9
    CHECKF(34, ft0, 0x7ff8000000000000)
    CHECKFLAGS(35, 0x11)

    /* compares: quiet NaN is NV only for flt/fle */
    csrwi fflags, 0
    feq.d a5, fa2, fa3
    CHECK(36, a5, 0)
    flt.d a5, fa2, fa3
    CHECK(37, a5, 1)
    fle.d a5, fa3, fa3
    CHECK(38, a5, 1)
    fmv.d.x ft0, zero
    fneg.d ft1, ft0
    feq.d a5, ft0, ft1                   /* +0 == -0 */
    CHECK(39, a5, 1)
    FD(fa6, 0x0000000000000001)          /* subnormals compare exactly */
    FD(fa7, 0x0000000000000002)
    flt.d a5, fa6, fa7
    CHECK(40, a5, 1)
    CHECKFLAGS(41, 0)
    feq.d a5, ft9, ft9
    CHECK(42, a5, 0)
    CHECKFLAGS(43, 0)
    flt.d a5, ft9, fa2
    CHECK(44, a5, 0)
    CHECKFLAGS(45, 0x10)

    /* RTZ from frm (a new block): 1 + 1.5 ulp rounds down */
    csrwi fflags, 1
    csrwi frm, 1
    FD(fa1, 0x3cb8000000000000)          /* 1.5 * 2^-52 */
    fadd.d ft0, fa0, fa1
    CHECKF(46, ft0, 0x3ff0000000000001)
    fadd.d ft0, fa0, fa1, rne
    CHECKF(47, ft0, 0x3ff0000000000002)
    fmadd.d ft0, fa0, fa0, fa1
    CHECKF(48, ft0, 0x3ff0000000000001)
    csrwi frm, 0
    fadd.d ft0, fa0, fa1
    CHECKF(49, ft0, 0x3ff0000000000002)

    /* singles, NaN-boxed; NX set by an inexact one first */
    csrwi fflags, 0
    FS(fs0, 0x3f800000)                  /* 1.0 */
    FS(fs1, 0x40400000)                  /* 3.0 */
    FS(fs2, 0x3fc00000)                  /* 1.5 */
    fadd.s ft0, fs2, fs1
    CHECKF(50, ft0, 0xffffffff40900000)  /* 4.5 */
    CHECKFLAGS(51, 0)
    fdiv.s ft0, fs0, fs1
    CHECKF(52, ft0, 0xffffffff3eaaaaab)
    CHECKFLAGS(53, 1)
    fmul.s ft1, fs2, fs1
    fsub.s ft2, fs2, fs1
    fsqrt.s ft3, fs1
    fmadd.s ft4, fs2, fs1, fs0
    CHECKF(54, ft1, 0xffffffff40900000)  /* 4.5 */
    CHECKF(55, ft2, 0xffffffffbfc00000)  /* -1.5 */
    CHECKF(56, ft3, 0xffffffff3fddb3d7)  /* sqrt 3 */
    CHECKF(57, ft4, 0xffffffff40b00000)  /* 5.5 */
    CHECKFLAGS(58, 1)
    /* broken boxing: the canonical NaN, no NV for it */
    li t0, 0x000000003f800000
    fmv.d.x fs3, t0
    fadd.s ft0, fs3, fs1
    CHECKF(59, ft0, 0xffffffff7fc00000)
    li t0, 0x7fffffff40400000
    fmv.d.x fs4, t0
    fmul.s ft0, fs2, fs4
    CHECKF(60, ft0, 0xffffffff7fc00000)
    fsqrt.s ft0, fs3
    CHECKF(61, ft0, 0xffffffff7fc00000)
    feq.s a5, fs3, fs3
    CHECK(62, a5, 0)
    CHECKFLAGS(63, 1)
    /* single overflow after NX */
    FS(fs5, 0x7f7fffff)
    fadd.s ft0, fs5, fs5
    CHECKF(64, ft0, 0xffffffff7f800000)
    CHECKFLAGS(65, 5)
    /* single underflow: 2^-126 * (1 - 2^-24) is tiny */
    csrwi fflags, 1
    FS(fs6, 0x00800000)
    FS(fs7, 0x3f7fffff)
    fmul.s ft0, fs6, fs7
    CHECKF(66, ft0, 0xffffffff00800000)
    CHECKFLAGS(67, 3)

    /* sign injection, inline: boxing as the helpers do it */
    csrwi fflags, 0
    fneg.s ft0, fs2
    CHECKF(70, ft0, 0xffffffffbfc00000)
    fabs.s ft0, ft0
    CHECKF(71, ft0, 0xffffffff3fc00000)
    fsgnjn.s ft0, fs3, fs2               /* broken boxing: -qNaN */
    CHECKF(72, ft0, 0xffffffffffc00000)
    fsgnj.s ft0, fs2, fs4                /* sign of the canonical NaN */
    CHECKF(73, ft0, 0xffffffff3fc00000)
    fsgnjx.s ft0, fs3, fs3
    CHECKF(74, ft0, 0xffffffff7fc00000)
    fmv.s ft0, fs4
    CHECKF(75, ft0, 0xffffffff7fc00000)
    FD(fa0, 0x7ff0000000000001)          /* sNaN: bits kept, no NV */
    FD(fa1, 0x8000000000000000)
    fsgnj.d ft0, fa0, fa1
    CHECKF(76, ft0, 0xfff0000000000001)
    fsgnjx.d ft0, ft0, fa1
    CHECKF(77, ft0, 0x7ff0000000000001)
    fneg.d ft0, fa1
    CHECKF(78, ft0, 0)
    fsgnjn.d ft0, fa1, fa0
    CHECKF(79, ft0, 0x8000000000000000)
    fmv.d ft1, fa0
    CHECKF(80, ft1, 0x7ff0000000000001)
    CHECKFLAGS(81, 0)

    /* a loop: the block runs with NX clear once, then set */
    csrwi fflags, 0
    li s1, 50
    FD(ft0, 0x3ff0000000000000)
    FD(fa1, 0x3ff0000000000000)          /* 1 */
    FD(fa3, 0x4008000000000000)          /* 3 */
1:  fdiv.d ft1, fa1, fa3                 /* 1/3 */
    fadd.d ft0, ft0, ft1
    addi s1, s1, -1
    bnez s1, 1b
    /* 1 + 1/3 + ... (50 times) in RNE */
    CHECKF(68, ft0, 0x4031aaaaaaaaaaac)
    CHECKFLAGS(69, 1)
TEST_END
