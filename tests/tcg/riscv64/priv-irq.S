/*
 * Interrupts (Privileged ISA v1.12 3.1.6.1, 3.1.9, 3.3.3, 3.1.6.5; Sstc):
 * the ACLINT machine timer (mtimecmp) and software (msip) interrupts,
 * the supervisor timer from Sstc's stimecmp and from mip.STIP set by M,
 * the supervisor software interrupt, the order of several pending ones
 * (MEI, MSI, MTI, SEI, SSI, STI; no PLIC on spike, so no MEI), global
 * enables (S interrupts are off in M whatever SIE says, on in U whatever
 * SIE says), vectored mtvec and
 * stvec (pc = base + 4 * cause for interrupts, base for exceptions),
 * WFI waking on a pending interrupt that is enabled in mie but not
 * globally, and TW, TSR and TVM. Waits have no bound but the runner's.
 * Not in the QEMU diff: QEMU 7.2 takes the pending interrupts of check
 * 8 in another order (SSI, MSI, STI, MTI for four of them), against
 * 3.1.9, and its spike board has neither the time CSR nor Sstc (it
 * passes checks 1-24 but 8).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "priv.h"

#define MIP_SSIP 0x2
#define MIP_MSIP 0x8
#define MIP_STIP 0x20
#define MIP_MTIP 0x80
#define MIP_SEIP 0x200

/* Wait until the handler of mode x has taken n interrupts. */
#define WAIT_IRQS(x, n)                                                \
1:  ld t0, x##_norder;                                                 \
    li t1, n;                                                          \
    bltu t0, t1, 1b;

#define TIMER_IN(ticks)                                                \
    li t0, ACLINT_MTIME;                                               \
    ld t1, 0(t0);                                                      \
    addi t1, t1, ticks;                                                \
    li t0, ACLINT_MTIMECMP;                                            \
    sd t1, 0(t0);

#define TIMER_OFF                                                      \
    li t0, ACLINT_MTIMECMP;                                            \
    li t1, -1;                                                         \
    sd t1, 0(t0);

#define CLEAR_ORDER                                                    \
    la t0, m_norder;                                                   \
    sd zero, 0(t0);                                                    \
    sd zero, 8(t0);                                                    \
    sd zero, 16(t0);                                                   \
    sd zero, 24(t0);

TEST_BEGIN
    PRIV_SETUP
    .option push
    .option norvc
    csrw mie, zero
    TIMER_OFF
    csrw mideleg, zero
    csrw medeleg, zero

    /* mip.MSIP and MTIP are read-only: the ACLINT drives them */
    li t0, MIP_MSIP | MIP_MTIP
    csrs mip, t0
    csrr a5, mip
    and a5, a5, t0
    CHECK(1, a5, 0)

    /* machine timer */
    li t0, MIP_MTIP
    csrw mie, t0
    TIMER_IN(1000)
    csrsi mstatus, MSTATUS_MIE
    WAIT_IRQS(m, 1)
    CHECK_MEM(2, m_cause, INT(7))
    CHECK_STATUS(3, m_status, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE,
                 MSTATUS_MPP | MSTATUS_MPIE)
    csrr a5, mip
    andi a5, a5, MIP_MTIP
    CHECK(4, a5, 0)                      /* mtimecmp = -1 lowered it */
    csrr a5, mstatus
    andi a5, a5, MSTATUS_MIE
    CHECK(5, a5, MSTATUS_MIE)            /* MRET restored MIE */

    /* machine software: taken right after the store to msip */
    CLEAR_ORDER
    li t0, MIP_MSIP
    csrw mie, t0
    li t0, ACLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    WAIT_IRQS(m, 1)
    CHECK_MEM(6, m_cause, INT(3))
    csrr a5, mip
    andi a5, a5, MIP_MSIP
    CHECK(7, a5, 0)
    csrci mstatus, MSTATUS_MIE

    /*
     * five pending at once, all to M: MSI, MTI, SEI, SSI, STI in that
     * order (SEIP set by M, which may)
     */
    CLEAR_ORDER
    li t0, MIP_MSIP | MIP_MTIP | MIP_SSIP | MIP_STIP | MIP_SEIP
    csrw mie, t0
    li t0, ACLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    li t0, ACLINT_MTIMECMP
    sd zero, 0(t0)
    li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
    csrs mip, t0
1:  csrr t0, mip                         /* the timer may lag a little */
    andi t0, t0, MIP_MTIP
    beqz t0, 1b
    csrsi mstatus, MSTATUS_MIE
    WAIT_IRQS(m, 5)
    csrci mstatus, MSTATUS_MIE
    CHECK_MEM(8, m_order, 0x0501090703)
    CHECK_MEM(9, m_norder, 5)

    /* delegated S interrupts are off in M even with SIE = 1 */
    CLEAR_ORDER
    CLEAR_TRAPS
    li t0, 0x222
    csrw mideleg, t0
    li t0, MIP_SSIP | MIP_STIP
    csrw mie, t0
    csrsi mstatus, MSTATUS_SIE | MSTATUS_MIE
    li t0, MIP_SSIP
    csrs mip, t0
    nop
    nop
    CHECK_MEM(10, m_count, 0)
    CHECK_MEM(11, s_count, 0)
    /* ... and taken at once in S (SIE = 1): scause, SPP = S */
    GOTO_S(in_s)
in_s:
    WAIT_IRQS(s, 1)
    CHECK_MEM(12, s_cause, INT(1))
    CHECK_STATUS(13, s_status, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE,
                 MSTATUS_SPP | MSTATUS_SPIE)
    CHECK_MEM(14, m_count, 0)
    /* S with SIE = 0: SSIP pending, not taken; in U it is taken */
    csrci sstatus, MSTATUS_SIE
    li t0, MIP_SSIP
    csrs sie, t0
    csrs sip, t0
    nop
    CHECK_MEM(15, s_norder, 1)
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    la t0, in_u
    csrw sepc, t0
    li t0, MSTATUS_SPIE
    csrc sstatus, t0                     /* U runs with SIE = 0 */
    sret
in_u:
    WAIT_IRQS(s, 2)
    CHECK_MEM(16, s_cause, INT(1))
    CHECK_STATUS(17, s_status, MSTATUS_SPP | MSTATUS_SIE, 0)
    /* WFI in U with S present: illegal (TW = 0 too) */
17: wfi
    EXPECT_M(18, 2, 0x10500073, 17b)
    BACK_TO_M

    /* STIP set by M, delegated: an S timer interrupt in S */
    CLEAR_ORDER
    CLEAR_TRAPS
    li t0, MIP_STIP
    csrw mie, t0
    GOTO_S(in_s2)
in_s2:
    csrsi sstatus, MSTATUS_SIE
    CHECK_MEM(21, s_count, 0)
    BACK_TO_M                            /* M raises STIP from here */
    li t0, MIP_STIP
    csrs mip, t0
    li t0, MSTATUS_MPIE
    csrc mstatus, t0
    GOTO_S(in_s3)
in_s3:
    WAIT_IRQS(s, 1)
    CHECK_MEM(22, s_cause, INT(5))
    csrr a5, sip
    andi a5, a5, MIP_STIP
    CHECK(23, a5, MIP_STIP)              /* only M can lower it */
    csrr a5, sie
    CHECK(24, a5, 0)                     /* the handler masked it */
    BACK_TO_M
    li t0, MIP_STIP
    csrc mip, t0

    /* without menvcfg.STCE, stimecmp is illegal below M */
    CLEAR_TRAPS
    GOTO_S(in_s3b)
in_s3b:
18: csrr a5, stimecmp
    EXPECT_M(25, 2, 0x14d027f3, 18b)
    BACK_TO_M
    /* Sstc: stimecmp drives STIP; M's writes to mip.STIP are ignored */
    CLEAR_ORDER
    CLEAR_TRAPS
    li t0, 1
    slli t0, t0, 63
    csrs menvcfg, t0                     /* STCE */
    li t0, 2
    csrs mcounteren, t0                  /* TM */
    li t0, -1
    csrw stimecmp, t0
    li t0, MIP_STIP
    csrs mip, t0
    csrr a5, mip
    andi a5, a5, MIP_STIP
    CHECK(28, a5, 0)
    li t0, MIP_STIP
    csrw mie, t0
    GOTO_S(in_s4)
in_s4:
    csrr t0, time
    addi t0, t0, 1000
    csrw stimecmp, t0
    csrsi sstatus, MSTATUS_SIE
    WAIT_IRQS(s, 1)
    CHECK_MEM(29, s_cause, INT(5))
    CHECK_STATUS(30, s_status, MSTATUS_SPP, MSTATUS_SPP)
    csrr a5, sip
    andi a5, a5, MIP_STIP
    CHECK(31, a5, MIP_STIP)              /* still due */
    li t0, -1
    csrw stimecmp, t0
    csrr a5, sip
    andi a5, a5, MIP_STIP
    CHECK(32, a5, 0)
    csrci sstatus, MSTATUS_SIE
    BACK_TO_M
    li t0, 1
    slli t0, t0, 63
    csrc menvcfg, t0

    /* vectored mtvec: interrupts at base + 4 * code, exceptions at base */
    CLEAR_ORDER
    CLEAR_TRAPS
    csrw mideleg, zero
    la t0, mvec
    ori t0, t0, 1
    csrw mtvec, t0
    li t0, MIP_MSIP
    csrw mie, t0
    li t0, ACLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    csrsi mstatus, MSTATUS_MIE
    WAIT_IRQS(m, 1)
    csrci mstatus, MSTATUS_MIE
    CHECK_MEM(33, vec_hit, 3)
    CHECK_MEM(34, m_cause, INT(3))
    li t0, -1
    sd t0, vec_hit, t1
    ecall
    CHECK_MEM(35, vec_hit, 0)
    CHECK_MEM(36, m_cause, 11)
    /* vectored stvec: SSI at base + 4 */
    CLEAR_ORDER
    li t0, 0x222
    csrw mideleg, t0
    la t0, svec
    ori t0, t0, 1
    csrw stvec, t0
    li t0, MIP_SSIP
    csrw mie, t0
    GOTO_S(in_s5)
in_s5:
    csrsi sstatus, MSTATUS_SIE
    csrsi sip, MIP_SSIP
    WAIT_IRQS(s, 1)
    csrci sstatus, MSTATUS_SIE
    CHECK_MEM(37, vec_hit, 0x101)
    CHECK_MEM(38, s_cause, INT(1))
    BACK_TO_M
    PRIV_SETUP

    /* WFI wakes on a pending interrupt enabled in mie with MIE = 0 */
    CLEAR_TRAPS
    csrci mstatus, MSTATUS_MIE
    li t0, MIP_MTIP
    csrw mie, t0
    TIMER_IN(1000)
    wfi
    csrr a5, mip
    andi a5, a5, MIP_MTIP
    li TESTNUM, 39
    bnez a5, 2f
1:  csrr a5, mip                         /* a spurious wake-up is legal */
    andi a5, a5, MIP_MTIP
    beqz a5, 1b
2:  CHECK_MEM(40, m_count, 0)
    TIMER_OFF
    /* ... and on a delegated S interrupt while in M */
    li t0, MIP_SSIP
    csrw mie, t0
    csrs mip, t0
    wfi
    CHECK_MEM(41, m_count, 0)
    csrc mip, t0

    /* TW: WFI in S is illegal */
    csrw mie, zero
    li t0, MSTATUS_TW
    csrs mstatus, t0
    CLEAR_TRAPS
    GOTO_S(in_s6)
in_s6:
38: wfi
    EXPECT_M(42, 2, 0x10500073, 38b)
    BACK_TO_M
    li t0, MSTATUS_TW
    csrc mstatus, t0
    /* TW = 0: WFI in S waits (here: returns at once, SSIP pending) */
    li t0, MIP_SSIP
    csrw mie, t0
    csrs mip, t0
    CLEAR_TRAPS
    GOTO_S(in_s7)
in_s7:
    wfi
    CHECK_MEM(45, m_count, 0)
    csrci sip, MIP_SSIP
    csrw sie, zero
    /* TSR: SRET in S is illegal */
    BACK_TO_M
    li t0, MSTATUS_TSR
    csrs mstatus, t0
    CLEAR_TRAPS
    GOTO_S(in_s8)
in_s8:
42: sret
    EXPECT_M(46, 2, 0x10200073, 42b)
    /* TVM: satp and SFENCE.VMA are illegal in S */
    BACK_TO_M
    li t0, MSTATUS_TSR
    csrc mstatus, t0
    li t0, MSTATUS_TVM
    csrs mstatus, t0
    CLEAR_TRAPS
    GOTO_S(in_s9)
in_s9:
45: csrr a5, satp
    EXPECT_M(49, 2, 0x180027f3, 45b)
48: sfence.vma
    EXPECT_M(52, 2, 0x12000073, 48b)
51: csrw satp, zero
    EXPECT_M(55, 2, 0x18001073, 51b)
    BACK_TO_M
    li t0, MSTATUS_TVM
    csrc mstatus, t0
    CLEAR_TRAPS
    GOTO_S(in_s10)
in_s10:
    csrr a5, satp                        /* fine without TVM */
    sfence.vma
    CHECK_MEM(58, m_count, 0)
    BACK_TO_M
    .option pop
TEST_END

    .text
    .balign 256
mvec:
    .option push
    .option norvc
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    j mvec_\k
    .endr
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
mvec_\k:
    li t1, \k
    sd t1, vec_hit, t6
    j mtrap
    .endr
    .balign 256
svec:
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
    j svec_\k
    .endr
    .irp k, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
svec_\k:
    li t1, 0x100 + \k
    sd t1, vec_hit, t6
    j strap
    .endr
    .option pop
PRIV_HANDLERS
    .data
    .balign 8
vec_hit: .dword -1
