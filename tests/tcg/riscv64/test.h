/*
 * Macros shared by the riscv64 assembly tests: the entry point (M-mode,
 * trap vector installed), HTIF tohost/fromhost, and CHECK macros that
 * stop with the test number on the first mismatch. A test reports
 * success with PASS and failure n with tohost = (n << 1) | 1.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef TESTS_TCG_RISCV64_TEST_H
#define TESTS_TCG_RISCV64_TEST_H

/* gp holds the number of the check being run (reported on failure). */
#define TESTNUM gp

#define TEST_BEGIN                                                     \
    .section .text.init, "ax";                                         \
    .globl _start;                                                     \
_start:                                                                \
    la t0, default_trap;                                               \
    csrw mtvec, t0;                                                    \
    /* all of memory to S and U through one NAPOT PMP entry */         \
    li t0, -1;                                                         \
    csrw pmpaddr0, t0;                                                 \
    li t0, 0x1f;                                                       \
    csrw pmpcfg0, t0;                                                  \
    li TESTNUM, 0;

#define PASS                                                           \
    li a0, 1;                                                          \
    j write_tohost;

#define FAIL                                                           \
    slli a0, TESTNUM, 1;                                               \
    ori a0, a0, 1;                                                     \
    j write_tohost;

/* Check register r against the 64-bit value v as check number n. */
/*
 * In an M-mode trap handler, t1 = mepc: step mepc past the trapping
 * instruction, 2 or 4 bytes by its low bits. Clobbers t1, t2, t6.
 */
#define SKIP_TRAPPED_INSN                                              \
    lhu t2, 0(t1);                                                     \
    andi t2, t2, 3;                                                    \
    li t6, 3;                                                          \
    addi t1, t1, 2;                                                    \
    bne t2, t6, 9991f;                                                 \
    addi t1, t1, 2;                                                    \
9991: csrw mepc, t1

#define CHECK(n, r, v)                                                 \
    li TESTNUM, n;                                                     \
    li t6, v;                                                          \
    bne r, t6, fail;

/* Run insn with rs1 = a, rs2 = b into a5 and check it. */
#define TEST_RR(n, insn, a, b, want)                                   \
    li a3, a;                                                          \
    li a4, b;                                                          \
    insn a5, a3, a4;                                                   \
    CHECK(n, a5, want)

#define TEST_RI(n, insn, a, imm, want)                                 \
    li a3, a;                                                          \
    insn a5, a3, imm;                                                  \
    CHECK(n, a5, want)

#define TEST_R(n, insn, a, want)                                       \
    li a3, a;                                                          \
    insn a5, a3;                                                       \
    CHECK(n, a5, want)

#define TEST_END                                                       \
    PASS                                                               \
fail:                                                                  \
    FAIL                                                               \
write_tohost:                                                          \
    sd a0, tohost, t5;                                                 \
1:  j 1b;                                                              \
    .balign 4;                                                         \
default_trap:                                                          \
    /* an unexpected trap fails with number 1000 + mcause */           \
    csrr a0, mcause;                                                   \
    addi TESTNUM, a0, 1000;                                            \
    FAIL                                                               \
    .section .tohost, "aw", @progbits;                                 \
    .balign 64;                                                        \
    .globl tohost;                                                     \
tohost: .dword 0;                                                      \
    .size tohost, 8;                                                   \
    .balign 64;                                                        \
    .globl fromhost;                                                   \
fromhost: .dword 0;                                                    \
    .size fromhost, 8;                                                 \
    .data;

#endif
