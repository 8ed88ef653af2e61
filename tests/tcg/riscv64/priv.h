/*
 * Shared by the privileged-architecture tests (priv-*.S): recording trap
 * handlers for M and S, mode switches, and EXPECT macros. Each handler
 * stores cause, epc, tval and the status register it saw on entry
 * (m_* or s_*), counts traps, quietens the interrupt it took (so the
 * test sees one trap per source), and returns past the trapping
 * instruction, or to m_resume / s_resume when a test set one (fetch
 * faults, where there is no instruction to skip). The handlers use
 * t1, t2 and t6 only; a7 = 1 asks the M handler to return in M.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TESTS_TCG_RISCV64_PRIV_H
#define TESTS_TCG_RISCV64_PRIV_H

#include "test.h"

#define ACLINT_MSIP     0x2000000
#define ACLINT_MTIMECMP 0x2004000
#define ACLINT_MTIME    0x200bff8

#define MSTATUS_SIE   (1 << 1)
#define MSTATUS_MIE   (1 << 3)
#define MSTATUS_SPIE  (1 << 5)
#define MSTATUS_MPIE  (1 << 7)
#define MSTATUS_SPP   (1 << 8)
#define MSTATUS_MPP   (3 << 11)
#define MSTATUS_MPRV  (1 << 17)
#define MSTATUS_SUM   (1 << 18)
#define MSTATUS_MXR   (1 << 19)
#define MSTATUS_TVM   (1 << 20)
#define MSTATUS_TW    (1 << 21)
#define MSTATUS_TSR   (1 << 22)

#define IRQ_BIT       (1 << 63)
#define INT(n)        (0x8000000000000000 | (n))

/* Enter S or U at label (from M). */
#define GOTO_MODE(mpp, label)                                          \
    li t0, MSTATUS_MPP;                                                \
    csrc mstatus, t0;                                                  \
    li t0, (mpp) << 11;                                                \
    csrs mstatus, t0;                                                  \
    la t0, label;                                                      \
    csrw mepc, t0;                                                     \
    mret;
#define GOTO_S(label) GOTO_MODE(1, label)
#define GOTO_U(label) GOTO_MODE(0, label)

/* From S or U back to M at the next instruction (ecall not delegated). */
#define BACK_TO_M                                                      \
    li a7, 1;                                                          \
    ecall;

/* Forget the last traps. */
#define CLEAR_TRAPS                                                    \
    la t6, m_cause;                                                    \
    sd zero, 0(t6);                                                    \
    sd zero, 8(t6);                                                    \
    sd zero, 16(t6);                                                   \
    sd zero, 24(t6);                                                   \
    sd zero, 32(t6);                                                   \
    la t6, s_cause;                                                    \
    sd zero, 0(t6);                                                    \
    sd zero, 8(t6);                                                    \
    sd zero, 16(t6);                                                   \
    sd zero, 24(t6);                                                   \
    sd zero, 32(t6);

/* Compare the doubleword at sym with v (check n). */
#define CHECK_MEM(n, sym, v)                                           \
    li TESTNUM, n;                                                     \
    ld t1, sym;                                                        \
    li t6, v;                                                          \
    bne t1, t6, fail;

/* ... with the address of label. */
#define CHECK_MEM_LABEL(n, sym, label)                                 \
    li TESTNUM, n;                                                     \
    ld t1, sym;                                                        \
    la t6, label;                                                      \
    bne t1, t6, fail;

/* ... with a register. */
#define CHECK_MEM_REG(n, sym, r)                                       \
    li TESTNUM, n;                                                     \
    ld t1, sym;                                                        \
    bne t1, r, fail;

/* Bits mask of the status register the handler saw equal v. */
#define CHECK_STATUS(n, sym, mask, v)                                  \
    li TESTNUM, n;                                                     \
    ld t1, sym;                                                        \
    li t6, mask;                                                       \
    and t1, t1, t6;                                                    \
    li t6, v;                                                          \
    bne t1, t6, fail;

/* One trap to M with this cause and tval at label (checks n, n+1, n+2). */
#define EXPECT_M(n, cause, tval, label)                                \
    CHECK_MEM(n, m_cause, cause)                                       \
    CHECK_MEM(n + 1, m_tval, tval)                                     \
    CHECK_MEM_LABEL(n + 2, m_epc, label)

/* ... with tval the value of register r. */
#define EXPECT_M_R(n, cause, r, label)                                 \
    CHECK_MEM(n, m_cause, cause)                                       \
    CHECK_MEM_REG(n + 1, m_tval, r)                                    \
    CHECK_MEM_LABEL(n + 2, m_epc, label)

#define EXPECT_S_R(n, cause, r, label)                                 \
    CHECK_MEM(n, s_cause, cause)                                       \
    CHECK_MEM_REG(n + 1, s_tval, r)                                    \
    CHECK_MEM_LABEL(n + 2, s_epc, label)

#define EXPECT_S(n, cause, tval, label)                                \
    CHECK_MEM(n, s_cause, cause)                                       \
    CHECK_MEM(n + 1, s_tval, tval)                                     \
    CHECK_MEM_LABEL(n + 2, s_epc, label)

/*
 * The handlers and their records; put after TEST_END. m_order holds the
 * interrupt codes in the order taken (m_norder of them), for priority.
 */
#define PRIV_HANDLERS                                                  \
    .text;                                                             \
    .balign 256;                                                       \
mtrap:                                                                 \
    csrr t1, mcause;                                                   \
    sd t1, m_cause, t6;                                                \
    csrr t2, mtval;                                                    \
    sd t2, m_tval, t6;                                                 \
    csrr t2, mepc;                                                     \
    sd t2, m_epc, t6;                                                  \
    csrr t2, mstatus;                                                  \
    sd t2, m_status, t6;                                               \
    ld t2, m_count;                                                    \
    addi t2, t2, 1;                                                    \
    sd t2, m_count, t6;                                                \
    bltz t1, m_irq;                                                    \
    ld t2, m_resume;                                                   \
    beqz t2, 1f;                                                       \
    sd zero, m_resume, t6;                                             \
    csrw mepc, t2;                                                     \
    j m_ret;                                                           \
1:  csrr t1, mepc;                                                     \
    lhu t2, 0(t1);                                                     \
    andi t2, t2, 3;                                                    \
    li t6, 3;                                                          \
    addi t1, t1, 2;                                                    \
    bne t2, t6, 2f;                                                    \
    addi t1, t1, 2;                                                    \
2:  csrw mepc, t1;                                                     \
m_ret:                                                                 \
    li t6, 1;                                                          \
    bne a7, t6, 3f;                                                    \
    li a7, 0;                                                          \
    li t1, MSTATUS_MPP;                                                \
    csrs mstatus, t1;                                                  \
3:  mret;                                                              \
m_irq:                                                                 \
    slli t1, t1, 1;                                                    \
    srli t1, t1, 1;                                                    \
    ld t2, m_norder;                                                   \
    la t6, m_order;                                                    \
    add t6, t6, t2;                                                    \
    sb t1, 0(t6);                                                      \
    addi t2, t2, 1;                                                    \
    sd t2, m_norder, t6;                                               \
    li t2, 3;                                                          \
    bne t1, t2, 4f;                                                    \
    li t2, ACLINT_MSIP;                                                \
    sw zero, 0(t2);                                                    \
    j m_ret;                                                           \
4:  li t2, 7;                                                          \
    bne t1, t2, 5f;                                                    \
    li t2, ACLINT_MTIMECMP;                                            \
    li t6, -1;                                                         \
    sd t6, 0(t2);                                                      \
    j m_ret;                                                           \
5:  li t2, 1;                                                          \
    sll t2, t2, t1;                                                    \
    csrc mip, t2;                                                      \
    csrc mie, t2;                                                      \
    j m_ret;                                                           \
    .balign 4;                                                         \
strap:                                                                 \
    csrr t1, scause;                                                   \
    sd t1, s_cause, t6;                                                \
    csrr t2, stval;                                                    \
    sd t2, s_tval, t6;                                                 \
    csrr t2, sepc;                                                     \
    sd t2, s_epc, t6;                                                  \
    csrr t2, sstatus;                                                  \
    sd t2, s_status, t6;                                               \
    ld t2, s_count;                                                    \
    addi t2, t2, 1;                                                    \
    sd t2, s_count, t6;                                                \
    bltz t1, s_irq;                                                    \
    ld t2, s_resume;                                                   \
    beqz t2, 1f;                                                       \
    sd zero, s_resume, t6;                                             \
    csrw sepc, t2;                                                     \
    sret;                                                              \
1:  csrr t1, sepc;                                                     \
    /* SUM: the instruction may be on a U page */                      \
    li t2, MSTATUS_SUM;                                                \
    csrrs t2, sstatus, t2;                                             \
    lhu t6, 0(t1);                                                     \
    csrw sstatus, t2;                                                  \
    andi t6, t6, 3;                                                    \
    li t2, 3;                                                          \
    addi t1, t1, 2;                                                    \
    bne t6, t2, 2f;                                                    \
    addi t1, t1, 2;                                                    \
2:  csrw sepc, t1;                                                     \
    sret;                                                              \
s_irq:                                                                 \
    /* S cannot clear STIP or SEIP: it masks them in sie */            \
    slli t1, t1, 1;                                                    \
    srli t1, t1, 1;                                                    \
    ld t2, s_norder;                                                   \
    la t6, s_order;                                                    \
    add t6, t6, t2;                                                    \
    sb t1, 0(t6);                                                      \
    addi t2, t2, 1;                                                    \
    sd t2, s_norder, t6;                                               \
    li t2, 1;                                                          \
    sll t2, t2, t1;                                                    \
    csrc sip, t2;                                                      \
    csrc sie, t2;                                                      \
    sret;                                                              \
    .data;                                                             \
    .balign 64;                                                        \
m_cause:  .dword 0;                                                    \
m_tval:   .dword 0;                                                    \
m_epc:    .dword 0;                                                    \
m_status: .dword 0;                                                    \
m_count:  .dword 0;                                                    \
s_cause:  .dword 0;                                                    \
s_tval:   .dword 0;                                                    \
s_epc:    .dword 0;                                                    \
s_status: .dword 0;                                                    \
s_count:  .dword 0;                                                    \
m_resume: .dword 0;                                                    \
s_resume: .dword 0;                                                    \
m_norder: .dword 0;                                                    \
s_norder: .dword 0;                                                    \
m_order:  .dword 0;                                                    \
s_order:  .dword 0;

/* Set the trap vectors to the recording handlers. */
#define PRIV_SETUP                                                     \
    la t0, mtrap;                                                      \
    csrw mtvec, t0;                                                    \
    la t0, strap;                                                      \
    csrw stvec, t0;

#endif
