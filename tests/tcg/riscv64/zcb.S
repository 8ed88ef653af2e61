/*
 * Zcb: every instruction. Loads at each offset their immediate can
 * reach, zero- versus sign-extension from bit 7/15, stores that touch
 * only their byte/halfword, the extensions at their sign bits, c.not,
 * c.mul's low 64 bits of a product that overflows. Encodings in zcb.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"
#include "zcb.h"

#define A0 2
#define A1 3

#define TEST_ZCB_UN(n, op, v, want)                                    \
    li a0, v;                                                          \
    op(A0);                                                            \
    CHECK(n, a0, want)

TEST_BEGIN
    la a1, buf
    C_LBU(A0, 0, A1)
    CHECK(1, a0, 0x80)
    C_LBU(A0, 1, A1)
    CHECK(2, a0, 0x01)
    C_LBU(A0, 2, A1)
    CHECK(3, a0, 0xfe)
    C_LBU(A0, 3, A1)
    CHECK(4, a0, 0x7f)
    C_LHU(A0, 0, A1)
    CHECK(5, a0, 0x0180)
    C_LHU(A0, 2, A1)
    CHECK(6, a0, 0x7ffe)
    C_LH(A0, 0, A1)
    CHECK(7, a0, 0x0180)
    la a1, buf + 4
    C_LH(A0, 2, A1)                      /* 0x8001 at buf+6 */
    CHECK(8, a0, 0xffffffffffff8001)
    C_LHU(A0, 2, A1)
    CHECK(9, a0, 0x8001)
    C_LBU(A0, 3, A1)
    CHECK(10, a0, 0x80)

    /* stores: one byte / one halfword of the doubleword */
    la a1, sbuf
    li a0, 0x1ab
    C_SB(A0, 3, A1)
    ld t0, sbuf
    CHECK(11, t0, 0x00000000ab000000)
    li a0, 0x12345
    C_SH(A0, 2, A1)
    ld t0, sbuf
    CHECK(12, t0, 0x0000000023450000)
    C_SB(A0, 0, A1)
    C_SB(A0, 1, A1)
    C_SH(A0, 0, A1)
    ld t0, sbuf
    CHECK(13, t0, 0x0000000023452345)

    TEST_ZCB_UN(14, C_ZEXT_B, 0x12345678abcdef80, 0x80)
    TEST_ZCB_UN(15, C_SEXT_B, 0x180, 0xffffffffffffff80)
    TEST_ZCB_UN(16, C_SEXT_B, 0xff7f, 0x7f)
    TEST_ZCB_UN(17, C_ZEXT_H, -1, 0xffff)
    TEST_ZCB_UN(18, C_SEXT_H, 0x18000, 0xffffffffffff8000)
    TEST_ZCB_UN(19, C_SEXT_H, 0xffff7fff, 0x7fff)
    TEST_ZCB_UN(20, C_ZEXT_W, -1, 0xffffffff)
    TEST_ZCB_UN(21, C_ZEXT_W, 0xffffffff80000000, 0x80000000)
    TEST_ZCB_UN(22, C_NOT, 0, -1)
    TEST_ZCB_UN(23, C_NOT, 0x00ff00ff00ff00ff, 0xff00ff00ff00ff00)

    li a0, 3
    li a1, -5
    C_MUL(A0, A1)
    CHECK(24, a0, -15)
    li a0, 0x100000001
    li a1, 0x100000001
    C_MUL(A0, A1)
    CHECK(25, a0, 0x200000001)
    li a0, 0x10000
    C_MUL(A0, A0)                        /* rd = rs2 */
    CHECK(26, a0, 0x100000000)
TEST_END
    .data
    .balign 8
buf:  .byte 0x80, 0x01, 0xfe, 0x7f, 0x00, 0x00, 0x01, 0x80
sbuf: .dword 0
