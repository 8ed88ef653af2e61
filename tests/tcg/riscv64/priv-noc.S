/*
 * Without C (run with -cpu rv64,c=false, IALIGN = 32; Privileged ISA
 * v1.12 3.1.14-3.1.16): a jump or taken branch to an address that is
 * 2 but not 4 aligned raises instruction-address-misaligned on the jump,
 * with mtval = the target and rd unwritten, to M or, delegated, to S;
 * a branch not taken does not; mepc bit 1 reads as zero, so MRET cannot
 * reach such an address; and a 16-bit encoding is illegal.
 * QEMU 7.2 (-cpu rv64,c=false) writes an unrelated address to mtval
 * for the misaligned jal (check 3); 3.1.16 wants the target's.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
    .option norvc
#include "priv.h"

TEST_BEGIN
    PRIV_SETUP
    csrw mie, zero
    csrr a5, misa
    andi a5, a5, 1 << 2
    CHECK(1, a5, 0)

    la s1, tgt
    li ra, 7
1:  jal ra, tgt
    EXPECT_M_R(2, 0, s1, 1b)
    CHECK(5, ra, 7)
    li a1, 9
2:  jalr a1, 0(s1)
    EXPECT_M_R(6, 0, s1, 2b)
    CHECK(9, a1, 9)
    addi t0, s1, -4                      /* jalr's sum decides */
3:  jalr a1, 4(t0)
    EXPECT_M_R(10, 0, s1, 3b)
    /* branches need a near target (the assembler relaxes far ones) */
    j 9f
    .balign 4
    .half 0
near:
    .half 0
    .word 0
9:  la s2, near
4:  beq zero, zero, near
    EXPECT_M_R(13, 0, s2, 4b)
    CLEAR_TRAPS
    bne zero, zero, near                 /* not taken: no trap */
    CHECK_MEM(16, m_count, 0)
    /* an odd target: bit 0 is dropped, bit 1 still traps */
    addi t0, s1, 1
5:  jalr zero, 0(t0)
    EXPECT_M_R(17, 0, s1, 5b)

    /* mepc[1] reads as zero */
    la t0, tgt
    csrw mepc, t0
    csrr a5, mepc
    addi t0, t0, -2
    li TESTNUM, 20
    bne a5, t0, fail

    /* a compressed encoding is illegal */
    la t0, 6f
    sd t0, m_resume, t1
    CLEAR_TRAPS
7:  .word 0x00014501                     /* c.li a0, 0; c.nop */
6:  CHECK_MEM(21, m_cause, 2)
    CHECK_MEM_LABEL(22, m_epc, 7b)

    /* delegated: from S to S */
    li t0, 1
    csrw medeleg, t0
    CLEAR_TRAPS
    GOTO_S(in_s)
in_s:
8:  jal ra, tgt
    EXPECT_S_R(23, 0, s1, 8b)
    CHECK_STATUS(26, s_status, MSTATUS_SPP, MSTATUS_SPP)
    CHECK_MEM(27, m_count, 0)
    BACK_TO_M
TEST_END

    .text
    .balign 4
    j fail
    .half 0
tgt:
    .half 0
    j fail
PRIV_HANDLERS
