/*
 * With the newer scalar extensions switched off (run.sh runs this file
 * with -cpu rv64,zicond=false and the others' switches), each of their
 * encodings raises illegal instruction with mtval = the instruction.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "priv.h"

/* Run one instruction word expecting an illegal-instruction trap. */
#define EXPECT_ILLEGAL(n, insn)                                        \
    CLEAR_TRAPS;                                                       \
9001: .word insn;                                                      \
    EXPECT_M(n, 2, insn, 9001b)

TEST_BEGIN
    PRIV_SETUP
    li a3, 5
    li a4, 0
    li a5, 99
    EXPECT_ILLEGAL(1, 0x0ee6d7b3)        /* czero.eqz a5,a3,a4 */
    EXPECT_ILLEGAL(4, 0x0ee6f7b3)        /* czero.nez a5,a3,a4 */
    CHECK(7, a5, 99)
TEST_END
PRIV_HANDLERS
