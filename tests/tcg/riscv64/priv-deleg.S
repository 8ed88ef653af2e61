/*
 * Trap delegation (Privileged ISA v1.12 3.1.8, 4.1.1-4.1.3): which bits
 * of medeleg and mideleg are writable (medeleg[11], ecall from M, is
 * read-only zero; M-level interrupts are never delegated), traps from U
 * and S going to S exactly when their medeleg bit is set (scause, sepc,
 * stval, SPP, SPIE/SIE, M not entered), traps in M staying in M however
 * medeleg is set, and sstatus, sie and sip as restricted views of
 * mstatus, mie and mip (sie/sip bits of undelegated interrupts are zero).
 * QEMU 7.2 lets medeleg[11] be set (check 1), which v1.12 3.1.8 makes
 * read-only zero, and passes the rest; so this test is not in the QEMU
 * diff.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "priv.h"

#define SSTATUS_VIEW (MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | \
                      MSTATUS_SUM | MSTATUS_MXR)

TEST_BEGIN
    PRIV_SETUP
    .option push
    .option norvc
    csrw mie, zero

    /* medeleg: all defined causes but 11 (and 10, 14: reserved) */
    li t0, -1
    csrw medeleg, t0
    csrr a5, medeleg
    li t0, 0xbfff
    and a5, a5, t0
    CHECK(1, a5, 0xb3ff)
    /* mideleg: the S interrupts, never the M ones */
    li t0, -1
    csrw mideleg, t0
    csrr a5, mideleg
    li t0, 0xaaa
    and a5, a5, t0
    CHECK(2, a5, 0x222)
    csrw mideleg, zero

    /* sstatus is mstatus through a mask, both ways */
    li t0, MSTATUS_SUM | MSTATUS_SPIE
    csrs sstatus, t0
    csrr a5, mstatus
    li t1, SSTATUS_VIEW
    and a5, a5, t1
    CHECK(3, a5, MSTATUS_SUM | MSTATUS_SPIE)
    li t0, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM
    csrs sstatus, t0                     /* M fields: not through here */
    csrr a5, mstatus
    li t1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_TVM
    and a5, a5, t1
    CHECK(4, a5, 0)
    li t0, MSTATUS_MPIE | MSTATUS_TVM | MSTATUS_SPP
    csrs mstatus, t0
    csrr a5, sstatus
    li t1, MSTATUS_MPIE | MSTATUS_TVM | MSTATUS_SPP | MSTATUS_SUM
    and a5, a5, t1
    CHECK(5, a5, MSTATUS_SPP | MSTATUS_SUM)
    li t0, MSTATUS_MPIE | MSTATUS_TVM | MSTATUS_SPP | MSTATUS_SUM | \
           MSTATUS_SPIE
    csrc mstatus, t0

    /* sie: mie's delegated bits only */
    li t0, 0xaaa
    csrw mie, t0
    csrr a5, sie
    CHECK(6, a5, 0)
    li t0, 0x222
    csrw mideleg, t0
    csrr a5, sie
    CHECK(7, a5, 0x222)
    li t0, 2
    csrw mideleg, t0
    csrr a5, sie
    CHECK(8, a5, 2)
    csrw mie, zero
    li t0, -1
    csrw sie, t0                         /* sets SSIE only */
    csrr a5, mie
    CHECK(9, a5, 2)
    csrw mie, zero
    /* sip: mip's delegated bits; SSIP writable, STIP not */
    li t0, 2
    csrs mip, t0
    csrr a5, sip
    CHECK(10, a5, 2)
    csrw mideleg, zero
    csrr a5, sip
    CHECK(11, a5, 0)
    csrc mip, t0
    li t0, 2
    csrw mideleg, t0
    csrs sip, t0
    csrr a5, mip
    andi a5, a5, 2
    CHECK(12, a5, 2)
    csrc sip, t0
    csrr a5, mip
    andi a5, a5, 2
    CHECK(13, a5, 0)
    li t0, 0x222
    csrw mideleg, t0
    li t0, 0x20
    csrs sip, t0                         /* STIP: read-only in sip */
    csrr a5, mip
    andi a5, a5, 0x20
    CHECK(14, a5, 0)
    csrw mideleg, zero

    /* PMP: nopage no access, noexec no X, then everything */
    la t0, nopage
    srli t0, t0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr0, t0
    la t0, noexec
    srli t0, t0, 2
    ori t0, t0, 0x1ff
    csrw pmpaddr1, t0
    li t0, -1
    csrw pmpaddr2, t0
    li t0, 0x1f1b18
    csrw pmpcfg0, t0
    sfence.vma
    la s4, nopage
    la s6, noexec

    /* traps in M stay in M with every cause delegated */
    li t0, -1
    csrw medeleg, t0
    CLEAR_TRAPS
    csrw mstatus, zero
    .word 0x0000000b                     /* custom-0: illegal */
    CHECK_MEM(15, m_cause, 2)
2:  ecall
    EXPECT_M(16, 11, 0, 2b)
3:  ebreak
    CHECK_MEM(19, m_cause, 3)
    CHECK_MEM_LABEL(20, m_epc, 3b)
    CHECK_MEM(21, s_count, 0)
    CHECK_MEM(22, m_count, 3)

    /* from U, all but the ecalls delegated: to S, M not entered */
    li t0, 0xb0ff
    csrw medeleg, t0
    li t0, MSTATUS_SIE                   /* SIE = 1 in U: SPIE = 1 */
    csrs mstatus, t0
    CLEAR_TRAPS
    GOTO_U(in_u)
in_u:
4:  csrr a5, sstatus
    EXPECT_S(23, 2, 0x100027f3, 4b)
    CHECK_STATUS(26, s_status, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE,
                 MSTATUS_SPIE)
5:  ebreak
    CHECK_MEM(27, s_cause, 3)
    CHECK_MEM_LABEL(28, s_epc, 5b)
    li TESTNUM, 29
    ld t1, s_tval
    beqz t1, 6f
    la t6, 5b
    bne t1, t6, fail
6:
7:  ld a5, 8(s4)
    addi t0, s4, 8
    EXPECT_S_R(30, 5, t0, 7b)
8:  sw a5, 4(s4)
    addi t0, s4, 4
    EXPECT_S_R(33, 7, t0, 8b)
    la t0, 9f
    sd t0, s_resume, t1
    jalr ra, 0(s6)
9:  CHECK_MEM(36, s_cause, 1)
    CHECK_MEM_REG(37, s_tval, s6)
    CHECK_MEM_REG(38, s_epc, s6)
    CHECK_MEM(39, m_count, 0)
    CHECK_MEM(40, s_count, 5)
    /* ecall from U, not delegated: M */
10: BACK_TO_M
    EXPECT_M(41, 8, 0, 10b + 4)
    CHECK_MEM(44, s_count, 5)

    /* from S: illegal to S with SPP = S, SIE saved and restored */
    CLEAR_TRAPS
    GOTO_S(in_s)
in_s:
    csrsi sstatus, MSTATUS_SIE
11: csrr a5, mscratch
    EXPECT_S(45, 2, 0x340027f3, 11b)
    CHECK_STATUS(48, s_status, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE,
                 MSTATUS_SPP | MSTATUS_SPIE)
    csrr a5, sstatus
    andi a5, a5, MSTATUS_SIE
    CHECK(49, a5, MSTATUS_SIE)
    csrci sstatus, MSTATUS_SIE
    /* ecall from S, not delegated: M */
12: BACK_TO_M
    EXPECT_M(50, 9, 0, 12b + 4)
    CHECK_MEM(53, s_count, 1)

    /*
     * Both ecalls delegated: U and S reach M only by an interrupt M
     * keeps (MSIP through the ACLINT), taken with mstatus.MIE = 0 as M
     * interrupts always are below M; the handler clears a7 to end the
     * wait.
     */
    li t0, 0xb3ff
    csrw medeleg, t0
    li t0, 8
    csrw mie, t0
    CLEAR_TRAPS
    GOTO_U(in_u2)
in_u2:
13: ecall
    EXPECT_S(54, 8, 0, 13b)
    CHECK_STATUS(57, s_status, MSTATUS_SPP, 0)
    CHECK_MEM(58, m_count, 0)
    li a7, 1
    li t0, ACLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
14: bnez a7, 14b
    CHECK_MEM(59, m_cause, INT(3))
    CHECK_STATUS(60, m_status, MSTATUS_MPP, 0)
    CLEAR_TRAPS
    GOTO_S(in_s2)
in_s2:
15: ecall
    EXPECT_S(61, 9, 0, 15b)
    CHECK_STATUS(64, s_status, MSTATUS_SPP, MSTATUS_SPP)
    CHECK_MEM(65, m_count, 0)
    li a7, 1
    li t0, ACLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
16: bnez a7, 16b
    CHECK_MEM(66, m_cause, INT(3))
    CHECK_STATUS(67, m_status, MSTATUS_MPP, 1 << 11)
    csrw mie, zero
    csrr a5, mstatus                     /* really in M */
    .option pop
TEST_END
PRIV_HANDLERS
    .data
    .balign 4096
nopage: .dword 0x55, 0
    .balign 4096
noexec: ret
    .balign 4096
