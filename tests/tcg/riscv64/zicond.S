/*
 * Zicond: czero.eqz and czero.nez with zero and non-zero conditions
 * (including a condition whose only set bit is above bit 31), rd equal
 * to rs1 or to rs2, x0 as either source and as rd. binutils 2.40 lacks
 * the mnemonics, so the instructions are written with .insn.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

#define CZERO_EQZ(rd, rs1, rs2) .insn r 0x33, 5, 7, rd, rs1, rs2
#define CZERO_NEZ(rd, rs1, rs2) .insn r 0x33, 7, 7, rd, rs1, rs2

#define TEST_CZ(n, op, a, b, want)                                     \
    li a3, a;                                                          \
    li a4, b;                                                          \
    op(a5, a3, a4);                                                    \
    CHECK(n, a5, want)

TEST_BEGIN
    TEST_CZ(1, CZERO_EQZ, 5, 0, 0)
    TEST_CZ(2, CZERO_EQZ, 5, 1, 5)
    TEST_CZ(3, CZERO_EQZ, -7, 0x100000000, -7)
    TEST_CZ(4, CZERO_EQZ, -7, 0x8000000000000000, -7)
    TEST_CZ(5, CZERO_NEZ, 5, 0, 5)
    TEST_CZ(6, CZERO_NEZ, 5, -1, 0)
    TEST_CZ(7, CZERO_NEZ, -7, 0x100000000, 0)
    TEST_CZ(8, CZERO_NEZ, 0x123456789abcdef0, 0, 0x123456789abcdef0)

    /* rd = rs1: the condition is rs2, read before rd is written */
    li a3, 42
    li a4, 0
    CZERO_EQZ(a3, a3, a4)
    CHECK(9, a3, 0)
    li a3, 42
    li a4, 3
    CZERO_EQZ(a3, a3, a4)
    CHECK(10, a3, 42)
    li a3, 42
    CZERO_NEZ(a3, a3, a4)
    CHECK(11, a3, 0)

    /* rd = rs2 */
    li a3, 42
    li a4, 0x100000000
    CZERO_EQZ(a4, a3, a4)
    CHECK(12, a4, 42)
    li a4, 0x100000000
    CZERO_NEZ(a4, a3, a4)
    CHECK(13, a4, 0)
    li a4, 0
    CZERO_NEZ(a4, a3, a4)
    CHECK(14, a4, 42)

    /* rs1 = rs2 = rd */
    li a3, 9
    CZERO_EQZ(a3, a3, a3)
    CHECK(15, a3, 9)
    CZERO_NEZ(a3, a3, a3)
    CHECK(16, a3, 0)

    /* x0 operands: zero as the value, zero as the condition */
    li a5, 1
    li a4, 1
    CZERO_EQZ(a5, zero, a4)
    CHECK(17, a5, 0)
    li a3, 77
    CZERO_EQZ(a5, a3, zero)
    CHECK(18, a5, 0)
    CZERO_NEZ(a5, a3, zero)
    CHECK(19, a5, 77)
    CZERO_NEZ(zero, a3, zero)            /* rd = x0: no write */
    CHECK(20, zero, 0)
TEST_END
