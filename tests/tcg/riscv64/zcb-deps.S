/*
 * Zcb without its companions (run.sh runs this file with -cpu
 * rv64,zbb=false,zba=false,m=false): c.sext.b, c.zext.h and c.sext.h
 * need Zbb, c.zext.w Zba and c.mul M, so they raise illegal instruction;
 * c.zext.b, c.not and the loads and stores need only Zcb and still run.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "priv.h"
#include "zcb.h"

#define A0 2
#define A1 3

#define EXPECT_ILLEGAL16(n, op)                                        \
    CLEAR_TRAPS;                                                       \
9002: op;                                                              \
    .2byte 0x0001;                                                     \
    CHECK_MEM(n, m_cause, 2)                                           \
    CHECK_MEM_LABEL(n + 1, m_epc, 9002b)

TEST_BEGIN
    PRIV_SETUP
    li a0, 0x1ff
    EXPECT_ILLEGAL16(1, C_SEXT_B(A0))
    EXPECT_ILLEGAL16(3, C_ZEXT_H(A0))
    EXPECT_ILLEGAL16(5, C_SEXT_H(A0))
    EXPECT_ILLEGAL16(7, C_ZEXT_W(A0))
    EXPECT_ILLEGAL16(9, C_MUL(A0, A0))
    CHECK(11, a0, 0x1ff)
    CLEAR_TRAPS
    C_ZEXT_B(A0)
    CHECK(12, a0, 0xff)
    C_NOT(A0)
    CHECK(13, a0, 0xffffffffffffff00)
    la a1, word
    C_LBU(A0, 1, A1)
    CHECK(14, a0, 0x22)
    C_SB(A0, 0, A1)
    C_LHU(A0, 0, A1)
    CHECK(15, a0, 0x2222)
    CHECK_MEM(16, m_count, 0)
TEST_END
    .data
    .balign 8
word: .dword 0x44332211
PRIV_HANDLERS
