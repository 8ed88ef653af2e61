/*
 * PMP regions smaller than a page, from S mode (no paging): NA4 entries
 * give word 0 of a page R, word 1 nothing, word 2 RW, the rest of
 * memory RWX. An allowed access must not leave the whole page usable:
 * loads of word 1 and stores to words 0 and 1 fault (load/store access
 * fault, mtval = the address) even right after an allowed access to
 * the same page, and the allowed ones keep working after the faults.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

/* each check runs insn; s0 counts traps, s1 = last mcause, s2 = mtval */
#define MUST_TRAP(n, cause, addr_reg, insn...)                        \
    li TESTNUM, n;                                                     \
    mv s3, s0;                                                         \
    insn;                                                              \
    addi s3, s3, 1;                                                    \
    bne s0, s3, fail;                                                  \
    li t6, cause;                                                      \
    bne s1, t6, fail;                                                  \
    bne s2, addr_reg, fail;

TEST_BEGIN
    .option push
    .option norvc
    la t0, trap
    csrw mtvec, t0
    la t1, dpage
    li t0, 0x1234
    sw t0, 0(t1)
    srli t0, t1, 2
    csrw pmpaddr0, t0          /* word 0: R */
    addi t0, t0, 1
    csrw pmpaddr1, t0          /* word 1: nothing */
    addi t0, t0, 1
    csrw pmpaddr2, t0          /* word 2: RW */
    li t0, -1
    csrw pmpaddr3, t0          /* everything else: RWX */
    li t0, (0x1f << 24) | (0x13 << 16) | (0x10 << 8) | 0x11
    csrw pmpcfg0, t0
    li s0, 0
    li t0, 3 << 11
    csrc mstatus, t0
    li t0, 1 << 11
    csrs mstatus, t0
    la t0, in_s
    csrw mepc, t0
    mret
in_s:
    la t1, dpage
    addi t2, t1, 4
    lw a5, 0(t1)
    CHECK(1, a5, 0x1234)
    MUST_TRAP(2, 5, t2, lw a5, 4(t1))
    lw a5, 0(t1)
    CHECK(3, a5, 0x1234)
    MUST_TRAP(4, 7, t1, sw zero, 0(t1))
    MUST_TRAP(5, 7, t2, sw zero, 4(t1))
    li a4, 0x5678
    sw a4, 8(t1)
    lw a5, 8(t1)
    CHECK(6, a5, 0x5678)
    MUST_TRAP(7, 5, t2, lw a5, 4(t1))
    lw a5, 0(t1)
    CHECK(8, a5, 0x1234)
    CHECK(9, s0, 4)
    .option pop
TEST_END

    .text
    .balign 4
trap:
    /* count it, note cause and tval, skip the 4-byte instruction */
    addi s0, s0, 1
    csrr s1, mcause
    csrr s2, mtval
    csrr t0, mepc
    addi t0, t0, 4
    csrw mepc, t0
    mret

    .data
    .balign 4096
dpage: .fill 512, 8, 0
