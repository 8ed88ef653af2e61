/*
 * Zfa with known answers worked out from the Unprivileged ISA manual's
 * Zfa chapter: every fli.s/fli.d table entry (no flags), fminm/fmaxm
 * against fmin/fmax on NaNs (any NaN gives the canonical NaN, sNaN also
 * NV) and signed zeros, fround versus froundnx (only froundnx raises
 * NX) in each rounding mode including DYN, on NaN/inf/-0/large
 * integers, fcvtmod.w.d's wraparound and flags (NV alone out of range,
 * NaN and inf give 0, NX for a dropped fraction in range) against
 * fcvt.w.d's saturation, and fleq/fltq quiet on qNaN where fle/flt
 * signal. Raw words: binutils 2.40 lacks Zfa.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

#define OPFP(f7, rs2, rs1, f3, rd)                                     \
    .word (f7) << 25 | (rs2) << 20 | (rs1) << 15 | (f3) << 12         \
          | (rd) << 7 | 0x53
/* registers: fa0 = 10, fa1 = 11, fa2 = 12, a5 = 15 */
#define FA0 10
#define FA1 11
#define FA2 12
#define A5 15

/* Check fflags equal to v and clear them. */
#define FLAGS(n, v)                                                    \
    frflags t0;                                                        \
    fsflags zero;                                                      \
    CHECK(n, t0, v)

#define FLI_S(n, idx, want)                                            \
    OPFP(0x78, 1, idx, 0, FA0);                                        \
    fmv.x.d a5, fa0;                                                   \
    CHECK(n, a5, want)
#define FLI_D(n, idx, want)                                            \
    OPFP(0x79, 1, idx, 0, FA0);                                        \
    fmv.x.d a5, fa0;                                                   \
    CHECK(n, a5, want)

/* fa1, fa2 = raw 64-bit a, b; run f7/f3 with FP result into a5 */
#define FRR(n, f7, f3, a, b, want)                                     \
    li t1, a;                                                          \
    fmv.d.x fa1, t1;                                                   \
    li t1, b;                                                          \
    fmv.d.x fa2, t1;                                                   \
    OPFP(f7, FA2, FA1, f3, FA0);                                       \
    fmv.x.d a5, fa0;                                                   \
    CHECK(n, a5, want)
/* ... with an integer result */
#define XRR(n, f7, f3, a, b, want)                                     \
    li t1, a;                                                          \
    fmv.d.x fa1, t1;                                                   \
    li t1, b;                                                          \
    fmv.d.x fa2, t1;                                                   \
    OPFP(f7, FA2, FA1, f3, A5);                                        \
    CHECK(n, a5, want)
/* one source, rounding mode rm: fround (rs2 4), froundnx (5) */
#define FR1(n, f7, rs2, rm, a, want)                                   \
    li t1, a;                                                          \
    fmv.d.x fa1, t1;                                                   \
    OPFP(f7, rs2, FA1, rm, FA0);                                       \
    fmv.x.d a5, fa0;                                                   \
    CHECK(n, a5, want)
#define CVTMOD(n, a, want)                                             \
    li t1, a;                                                          \
    fmv.d.x fa1, t1;                                                   \
    OPFP(0x61, 8, FA1, 1, A5);                                         \
    CHECK(n, a5, want)

#define D_1_0   0x3ff0000000000000
#define D_2_0   0x4000000000000000
#define D_QNAN  0x7ff8000000000000
#define D_QNANP 0x7ff8000000000123
#define D_SNAN  0x7ff0000000000001
#define D_NZERO 0x8000000000000000
#define D_INF   0x7ff0000000000000
#define D_NINF  0xfff0000000000000
#define S_BOX   0xffffffff00000000
#define NV 0x10
#define NX 0x01

TEST_BEGIN
    li t0, 1 << 13
    csrs mstatus, t0                     /* FS = Initial */
    fsflags zero
    csrwi frm, 0

    FLI_S(100, 0, 0xffffffffbf800000)
    FLI_S(101, 1, 0xffffffff00800000)
    FLI_S(102, 2, 0xffffffff37800000)
    FLI_S(103, 3, 0xffffffff38000000)
    FLI_S(104, 4, 0xffffffff3b800000)
    FLI_S(105, 5, 0xffffffff3c000000)
    FLI_S(106, 6, 0xffffffff3d800000)
    FLI_S(107, 7, 0xffffffff3e000000)
    FLI_S(108, 8, 0xffffffff3e800000)
    FLI_S(109, 9, 0xffffffff3ea00000)
    FLI_S(110, 10, 0xffffffff3ec00000)
    FLI_S(111, 11, 0xffffffff3ee00000)
    FLI_S(112, 12, 0xffffffff3f000000)
    FLI_S(113, 13, 0xffffffff3f200000)
    FLI_S(114, 14, 0xffffffff3f400000)
    FLI_S(115, 15, 0xffffffff3f600000)
    FLI_S(116, 16, 0xffffffff3f800000)
    FLI_S(117, 17, 0xffffffff3fa00000)
    FLI_S(118, 18, 0xffffffff3fc00000)
    FLI_S(119, 19, 0xffffffff3fe00000)
    FLI_S(120, 20, 0xffffffff40000000)
    FLI_S(121, 21, 0xffffffff40200000)
    FLI_S(122, 22, 0xffffffff40400000)
    FLI_S(123, 23, 0xffffffff40800000)
    FLI_S(124, 24, 0xffffffff41000000)
    FLI_S(125, 25, 0xffffffff41800000)
    FLI_S(126, 26, 0xffffffff43000000)
    FLI_S(127, 27, 0xffffffff43800000)
    FLI_S(128, 28, 0xffffffff47000000)
    FLI_S(129, 29, 0xffffffff47800000)
    FLI_S(130, 30, 0xffffffff7f800000)
    FLI_S(131, 31, 0xffffffff7fc00000)
    FLI_D(140, 0, 0xbff0000000000000)
    FLI_D(141, 1, 0x0010000000000000)
    FLI_D(142, 2, 0x3ef0000000000000)
    FLI_D(143, 3, 0x3f00000000000000)
    FLI_D(144, 4, 0x3f70000000000000)
    FLI_D(145, 5, 0x3f80000000000000)
    FLI_D(146, 6, 0x3fb0000000000000)
    FLI_D(147, 7, 0x3fc0000000000000)
    FLI_D(148, 8, 0x3fd0000000000000)
    FLI_D(149, 9, 0x3fd4000000000000)
    FLI_D(150, 10, 0x3fd8000000000000)
    FLI_D(151, 11, 0x3fdc000000000000)
    FLI_D(152, 12, 0x3fe0000000000000)
    FLI_D(153, 13, 0x3fe4000000000000)
    FLI_D(154, 14, 0x3fe8000000000000)
    FLI_D(155, 15, 0x3fec000000000000)
    FLI_D(156, 16, 0x3ff0000000000000)
    FLI_D(157, 17, 0x3ff4000000000000)
    FLI_D(158, 18, 0x3ff8000000000000)
    FLI_D(159, 19, 0x3ffc000000000000)
    FLI_D(160, 20, 0x4000000000000000)
    FLI_D(161, 21, 0x4004000000000000)
    FLI_D(162, 22, 0x4008000000000000)
    FLI_D(163, 23, 0x4010000000000000)
    FLI_D(164, 24, 0x4020000000000000)
    FLI_D(165, 25, 0x4030000000000000)
    FLI_D(166, 26, 0x4060000000000000)
    FLI_D(167, 27, 0x4070000000000000)
    FLI_D(168, 28, 0x40e0000000000000)
    FLI_D(169, 29, 0x40f0000000000000)
    FLI_D(170, 30, 0x7ff0000000000000)
    FLI_D(171, 31, 0x7ff8000000000000)
    FLAGS(199, 0)

    /* fminm/fmaxm: NaN in, canonical NaN out; fmin gives the number */
    FRR(200, 0x15, 2, D_1_0, D_QNANP, D_QNAN)          /* fminm.d */
    FLAGS(201, 0)
    FRR(202, 0x15, 0, D_1_0, D_QNANP, D_1_0)           /* fmin.d */
    FLAGS(203, 0)
    FRR(204, 0x15, 3, D_SNAN, D_2_0, D_QNAN)           /* fmaxm.d */
    FLAGS(205, NV)
    FRR(206, 0x15, 1, D_SNAN, D_2_0, D_2_0)            /* fmax.d */
    FLAGS(207, NV)
    FRR(208, 0x15, 2, D_NZERO, 0, D_NZERO)             /* fminm -0,+0 */
    FRR(209, 0x15, 3, D_NZERO, 0, 0)                   /* fmaxm -0,+0 */
    FRR(210, 0x15, 3, 0, D_NZERO, 0)
    FRR(211, 0x15, 2, D_2_0, D_1_0, D_1_0)
    FRR(212, 0x15, 3, D_1_0, D_2_0, D_2_0)
    FRR(213, 0x15, 2, D_QNAN, D_QNAN, D_QNAN)
    FLAGS(214, 0)
#define S_1_0  0xffffffff3f800000
#define S_2_0  0xffffffff40000000
#define S_QNAN 0xffffffff7fc00000
#define S_SNAN 0xffffffff7f800001
    FRR(215, 0x14, 3, S_1_0, S_2_0, S_2_0)             /* fmaxm.s */
    FRR(216, 0x14, 2, 0xffffffff7fc00001, S_1_0, S_QNAN)
    FLAGS(217, 0)
    FRR(218, 0x14, 2, 0x3f800000, S_1_0, S_QNAN)       /* unboxed */
    FRR(219, 0x14, 0, S_SNAN, S_1_0, S_1_0)            /* fmin.s sNaN */
    FLAGS(220, NV)
    FRR(221, 0x14, 3, S_SNAN, S_1_0, S_QNAN)
    FLAGS(222, NV)

    /* fround (no NX) versus froundnx (NX when the value changes) */
    FR1(230, 0x21, 4, 0, 0x4004000000000000, D_2_0)            /* 2.5 rne */
    FLAGS(231, 0)
    FR1(232, 0x21, 5, 0, 0x4004000000000000, D_2_0)
    FLAGS(233, NX)
    FR1(234, 0x21, 4, 4, 0x4004000000000000, 0x4008000000000000) /* rmm 3 */
    FR1(235, 0x21, 4, 3, 0xc004000000000000, 0xc000000000000000) /* rup -2 */
    FR1(236, 0x21, 4, 2, 0x4004000000000000, D_2_0)            /* rdn 2 */
    FR1(237, 0x21, 4, 2, 0xc004000000000000, 0xc008000000000000) /* rdn -3 */
    FR1(238, 0x21, 4, 1, 0xc005999999999999, 0xc000000000000000) /* rtz -2.7 */
    FLAGS(239, 0)
    FR1(240, 0x21, 4, 0, 0xbfd999999999999a, D_NZERO)          /* -0.4: -0 */
    FLAGS(241, 0)
    FR1(242, 0x21, 5, 0, 0xbfd999999999999a, D_NZERO)
    FLAGS(243, NX)
    FR1(244, 0x21, 5, 0, D_NZERO, D_NZERO)
    FR1(245, 0x21, 5, 0, D_INF, D_INF)
    FR1(246, 0x21, 5, 2, D_NINF, D_NINF)
    FR1(247, 0x21, 5, 0, 0x4340000000000001, 0x4340000000000001) /* 2^53+2 */
    FR1(248, 0x21, 5, 0, 0x4008000000000000, 0x4008000000000000) /* 3.0 */
    FLAGS(249, 0)
    FR1(250, 0x21, 5, 0, D_QNANP, D_QNAN)
    FLAGS(251, 0)
    FR1(252, 0x21, 4, 0, D_SNAN, D_QNAN)
    FLAGS(253, NV)
    csrwi frm, 3                                               /* dyn: rup */
    FR1(254, 0x21, 4, 7, 0x3ff199999999999a, D_2_0)            /* 1.1 */
    csrwi frm, 0
    FLAGS(255, 0)
    FR1(256, 0x20, 4, 0, S_BOX | 0x3fc00000, S_BOX | 0x40000000) /* 1.5f */
    FLAGS(257, 0)
    FR1(258, 0x20, 5, 2, S_BOX | 0xbfc00000, S_BOX | 0xc0000000) /* -1.5f rdn */
    FLAGS(259, NX)
    FR1(260, 0x20, 5, 0, S_BOX | 0x7f800001, S_BOX | 0x7fc00000)
    FLAGS(261, NV)

    /* fcvtmod.w.d */
    CVTMOD(270, 0x3ff8000000000000, 1)                         /* 1.5 */
    FLAGS(271, NX)
    CVTMOD(272, 0xbff8000000000000, -1)                        /* -1.5 */
    FLAGS(273, NX)
    CVTMOD(274, 0x41e0000000000000, 0xffffffff80000000)        /* 2^31 */
    FLAGS(275, NV)
    CVTMOD(276, 0x41f0000000500000, 5)                         /* 2^32+5 */
    FLAGS(277, NV)
    CVTMOD(278, 0xc1e0000000000000, 0xffffffff80000000)        /* -2^31 */
    FLAGS(279, 0)
    CVTMOD(280, 0xc1e0000000100000, 0xffffffff80000000)        /* -2^31-.5 */
    FLAGS(281, NX)
    CVTMOD(282, 0x428800000181c800, 12345)                    /* 3*2^40+12345 */
    FLAGS(283, NV)
    CVTMOD(284, 0x43e8000000000000, 0)                         /* 1.5*2^63 */
    FLAGS(285, NV)
    CVTMOD(286, 0x44f0000000000001, 0x10000000)                /* 2^80+2^28 */
    FLAGS(287, NV)
    CVTMOD(288, D_QNAN, 0)
    FLAGS(289, NV)
    CVTMOD(290, D_INF, 0)
    CVTMOD(291, D_NINF, 0)
    FLAGS(292, NV)
    CVTMOD(293, 0, 0)
    CVTMOD(294, D_NZERO, 0)
    FLAGS(295, 0)
    CVTMOD(296, 1, 0)                                          /* subnormal */
    FLAGS(297, NX)
    CVTMOD(298, 0x3fe6666666666666, 0)                         /* 0.7 */
    FLAGS(299, NX)
    CVTMOD(300, 0xc1dfffffffc00000, 0xffffffff80000001)        /* -(2^31-1) */
    FLAGS(301, 0)
    CVTMOD(302, 0xc1f0000000100000, 0xffffffffffffffff)        /* -(2^32+1) */
    FLAGS(303, NV)
    /* fcvt.w.d saturates where fcvtmod wraps */
    li t1, 0x41e0000000000000
    fmv.d.x fa1, t1
    fcvt.w.d a5, fa1, rtz
    CHECK(304, a5, 0x7fffffff)
    FLAGS(305, NV)

    /* fleq/fltq: quiet on qNaN, where fle/flt signal */
    XRR(310, 0x51, 4, D_1_0, D_1_0, 1)                        /* fleq.d */
    XRR(311, 0x51, 5, D_1_0, D_1_0, 0)                        /* fltq.d */
    XRR(312, 0x51, 5, D_1_0, D_2_0, 1)
    XRR(313, 0x51, 4, D_2_0, D_1_0, 0)
    XRR(314, 0x51, 4, D_NZERO, 0, 1)
    XRR(315, 0x51, 5, D_NZERO, 0, 0)
    FLAGS(316, 0)
    XRR(317, 0x51, 4, D_QNAN, D_1_0, 0)
    FLAGS(318, 0)
    XRR(319, 0x51, 0, D_QNAN, D_1_0, 0)                       /* fle.d */
    FLAGS(320, NV)
    XRR(321, 0x51, 5, D_1_0, D_QNAN, 0)
    FLAGS(322, 0)
    XRR(323, 0x51, 1, D_1_0, D_QNAN, 0)                       /* flt.d */
    FLAGS(324, NV)
    XRR(325, 0x51, 5, D_SNAN, D_1_0, 0)
    FLAGS(326, NV)
    XRR(327, 0x51, 4, D_1_0, D_SNAN, 0)
    FLAGS(328, NV)
    XRR(329, 0x50, 4, S_BOX | 0x3f800000, S_BOX | 0x40000000, 1)  /* fleq.s */
    XRR(330, 0x50, 5, S_BOX | 0x40000000, S_BOX | 0x3f800000, 0)  /* fltq.s */
    XRR(331, 0x50, 5, S_BOX | 0x7fc00000, S_BOX | 0x3f800000, 0)
    FLAGS(332, 0)
    XRR(333, 0x50, 4, S_BOX | 0x7f800001, S_BOX | 0x3f800000, 0)
    FLAGS(334, NV)
TEST_END
