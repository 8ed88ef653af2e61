/*
 * Zfhmin with known answers: flh boxes the half (upper 48 bits ones),
 * fsh stores only its two bytes, fmv.x.h sign-extends and fmv.h.x boxes,
 * conversions half <-> single/double: exact widening (subnormal, inf,
 * -0), NaNs canonical with NV only for a signaling one, an unboxed half
 * operand read as the canonical NaN, narrowing with overflow to inf or
 * the largest finite by rounding mode, a halfway case in RNE and RUP,
 * underflow to zero or the smallest subnormal, and an exact subnormal
 * result without UF. Written with the Zfhmin mnemonics (binutils 2.40
 * knows them); QEMU 7.2 runs it as well (diff-qemu.sh).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

    .option arch, +zfhmin

#define FLAGS(n, v)                                                    \
    frflags t0;                                                        \
    fsflags zero;                                                      \
    CHECK(n, t0, v)

/* half (boxed) -> single or double, result bits in a5 */
#define CVT_FROM_H(n, op, h, want)                                     \
    li t1, 0xffffffffffff0000 | (h);                                   \
    fmv.d.x fa1, t1;                                                   \
    op fa0, fa1;                                                       \
    fmv.x.d a5, fa0;                                                   \
    CHECK(n, a5, want)
/* single (boxed) or double -> half in rounding mode rm */
#define CVT_TO_H(n, op, v, rm, want)                                   \
    li t1, v;                                                          \
    fmv.d.x fa1, t1;                                                   \
    op fa0, fa1, rm;                                                   \
    fmv.x.d a5, fa0;                                                   \
    CHECK(n, a5, 0xffffffffffff0000 | (want))

#define S(x) (0xffffffff00000000 | (x))
#define NX 1
#define UF 2
#define OF 4
#define NV 0x10

TEST_BEGIN
    li t0, 1 << 13
    csrs mstatus, t0
    fsflags zero

    la a1, halves
    flh fa0, 0(a1)
    fmv.x.d a5, fa0
    CHECK(1, a5, 0xffffffffffff3c00)
    flh fa0, 2(a1)
    fmv.x.h a5, fa0
    CHECK(2, a5, 0xffffffffffffbc00)     /* sign-extended */
    flh fa0, 0(a1)
    fmv.x.h a5, fa0
    CHECK(3, a5, 0x3c00)
    li a0, 0x12345678
    fmv.h.x fa0, a0
    fmv.x.d a5, fa0
    CHECK(4, a5, 0xffffffffffff5678)
    la a1, store
    fsh fa0, 2(a1)
    ld a5, store
    CHECK(5, a5, 0xaaaaaaaa5678aaaa)
    FLAGS(6, 0)

    CVT_FROM_H(10, fcvt.s.h, 0x3c00, S(0x3f800000))
    CVT_FROM_H(11, fcvt.s.h, 0x0001, S(0x33800000))      /* 2^-24 */
    CVT_FROM_H(12, fcvt.s.h, 0x7c00, S(0x7f800000))
    CVT_FROM_H(13, fcvt.s.h, 0x8000, S(0x80000000))
    CVT_FROM_H(14, fcvt.s.h, 0x7e01, S(0x7fc00000))
    FLAGS(15, 0)
    CVT_FROM_H(16, fcvt.s.h, 0x7c01, S(0x7fc00000))      /* sNaN */
    FLAGS(17, NV)
    CVT_FROM_H(18, fcvt.d.h, 0x7bff, 0x40effc0000000000) /* 65504 */
    CVT_FROM_H(19, fcvt.d.h, 0x0001, 0x3e70000000000000)
    CVT_FROM_H(20, fcvt.d.h, 0xfc00, 0xfff0000000000000)
    CVT_FROM_H(21, fcvt.d.h, 0x7e00, 0x7ff8000000000000)
    FLAGS(22, 0)
    /* a half that is not NaN-boxed reads as the canonical NaN */
    li t1, 0x3c00
    fmv.d.x fa1, t1
    fcvt.s.h fa0, fa1
    fmv.x.d a5, fa0
    CHECK(23, a5, S(0x7fc00000))
    li t1, 0xffffffff00003c00
    fmv.d.x fa1, t1
    fcvt.d.h fa0, fa1
    fmv.x.d a5, fa0
    CHECK(24, a5, 0x7ff8000000000000)
    FLAGS(25, 0)

    CVT_TO_H(30, fcvt.h.s, S(0x3f800000), rne, 0x3c00)
    FLAGS(31, 0)
    CVT_TO_H(32, fcvt.h.s, S(0x477ff000), rne, 0x7c00)   /* 65520: inf */
    FLAGS(33, OF | NX)
    CVT_TO_H(34, fcvt.h.s, S(0x477ff000), rtz, 0x7bff)
    FLAGS(35, NX)                        /* 65504 in range: no OF */
    CVT_TO_H(36, fcvt.h.s, S(0xc77ff000), rup, 0xfbff)
    FLAGS(37, NX)
    CVT_TO_H(38, fcvt.h.s, S(0x3f801000), rne, 0x3c00)   /* halfway */
    FLAGS(39, NX)
    CVT_TO_H(40, fcvt.h.s, S(0x3f801000), rup, 0x3c01)
    FLAGS(41, NX)
    CVT_TO_H(42, fcvt.h.s, S(0x33000000), rne, 0x0000)   /* 2^-25 */
    FLAGS(43, UF | NX)
    CVT_TO_H(44, fcvt.h.s, S(0x33000000), rup, 0x0001)
    FLAGS(45, UF | NX)
    CVT_TO_H(46, fcvt.h.s, S(0x33800000), rne, 0x0001)   /* exact */
    FLAGS(47, 0)
    CVT_TO_H(48, fcvt.h.s, S(0x7fc00123), rne, 0x7e00)
    FLAGS(49, 0)
    CVT_TO_H(50, fcvt.h.s, S(0x7f800001), rne, 0x7e00)
    FLAGS(51, NV)
    CVT_TO_H(52, fcvt.h.s, 0x3f800000, rne, 0x7e00)      /* unboxed */
    FLAGS(53, 0)
    CVT_TO_H(54, fcvt.h.d, 0x3fd5555555555555, rne, 0x3555) /* 1/3 */
    FLAGS(55, NX)
    CVT_TO_H(56, fcvt.h.d, 0xc004000000000000, rne, 0xc100) /* -2.5 */
    FLAGS(57, 0)
    CVT_TO_H(58, fcvt.h.d, 0x8000000000000000, rne, 0x8000)
    CVT_TO_H(59, fcvt.h.d, 0x7ff0000000000000, rne, 0x7c00)
    FLAGS(60, 0)
    CVT_TO_H(61, fcvt.h.d, 0x4100000000000000, rdn, 0x7bff) /* 2^17 */
    FLAGS(62, OF | NX)
TEST_END
    .data
    .balign 8
halves: .half 0x3c00, 0xbc00
    .balign 8
store: .dword 0xaaaaaaaaaaaaaaaa
