/*
 * Blocks that go on past conditional branches: if-then and if-then-else
 * inside loops taking both ways, a branch into the second half of a
 * 32-bit instruction (a compressed one hides there) and to the second of
 * a compressed pair, branches to the next page, a block with more side
 * exits than goto_tb slots, traps after a join and after a side exit
 * (mepc exact), and mstatus.FS marked dirty by an FP instruction at a
 * label that a branch reaches past the block's first FP instruction. superblock-counters.S reads minstret across them.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

/* The last trap was cause at label epc. */
#define EXPECT_TRAP(n, cause, epc)                                     \
    li TESTNUM, n;                                                     \
    ld t1, last_cause;                                                 \
    li t6, cause;                                                      \
    bne t1, t6, fail;                                                  \
    ld t1, last_epc;                                                   \
    la t6, epc;                                                        \
    bne t1, t6, fail;

TEST_BEGIN
    la t0, mtrap
    csrw mtvec, t0

    /* if-then-else in a loop: odd i summed, even i counted */
    li a0, 0
    li a1, 0
    li a2, 100
1:  andi t0, a2, 1
    beqz t0, 2f
    add a0, a0, a2
    j 3f
2:  addi a1, a1, 1
3:  addi a2, a2, -1
    bnez a2, 1b
    CHECK(1, a0, 2500)
    CHECK(2, a1, 50)

    /* if-then in a loop, the then part ending on a compressed pair */
    li a0, 0
    li a2, 30
1:  andi t0, a2, 3
    bnez t0, 2f
    c.addi a0, 1
2:  c.addi a0, 2
    addi a2, a2, -1
    bnez a2, 1b
    CHECK(3, a0, 7 + 60)

    /*
     * A branch to the second half of a 32-bit instruction, which is
     * c.addi a0, 1 (the whole is addi x0, a0, 80), in a loop: taken on
     * odd passes. Passes 4 3 2 1: +100 each, +1 on the odd ones.
     */
    li a0, 0
    li a2, 4
1:  andi t1, a2, 1
    bnez t1, hidden + 2
hidden:
    .word 0x05050013
    addi a0, a0, 100
    addi a2, a2, -1
    bnez a2, 1b
    CHECK(4, a0, 402)

    /* the same target reached by a branch and by falling into it */
    li a0, 0
    csrr t1, mhartid
    bnez t1, hidden2 + 2
    addi a0, a0, 7
hidden2:
    .word 0x05050013
    CHECK(5, a0, 7)

    j 1f
fail_back:
    j fail
1:
    /* many side exits, backward, more than there are slots: 3 rounds */
    li s4, 3
    li s3, 0
many_round:
    li s2, 0
    j many_start
m1: addi s3, s3, 1
    j many_start
m2: addi s3, s3, 2
    j many_start
m3: addi s3, s3, 4
    j many_start
m4: addi s3, s3, 8
    j many_start
m5: addi s3, s3, 16
    j many_start
m6: addi s3, s3, 32
    j many_start
m7: addi s3, s3, 64
    j many_start
m8: addi s3, s3, 128
    j many_start
many_start:
    addi s2, s2, 1
    li t0, 1
    beq s2, t0, m1
    li t0, 2
    beq s2, t0, m2
    li t0, 3
    beq s2, t0, m3
    li t0, 4
    beq s2, t0, m4
    li t0, 5
    beq s2, t0, m5
    li t0, 6
    beq s2, t0, m6
    li t0, 7
    beq s2, t0, m7
    li t0, 8
    beq s2, t0, m8
    addi s4, s4, -1
    bnez s4, many_round
    CHECK(6, s3, 3 * 255)

    /* a trap after a join, and after a side exit not taken */
    csrr t1, mhartid
    beqz t1, 1f
    addi a0, a0, 1
1:  addi a0, a0, 1
8:  ecall
    EXPECT_TRAP(12, 11, 8b)
    csrr t1, mhartid
    bnez t1, fail_back
    addi a0, a0, 1
9:  .word 0xffffffff                     /* illegal */
    EXPECT_TRAP(13, 2, 9b)

    /*
     * mstatus.FS clean, then a branch over the block's first FP
     * instruction to a second one: on the taken way only the second
     * runs, and it must still mark FS dirty (the translator must not
     * carry "already dirty" from the fall-through to the label).
     */
    li t0, 3 << 13
    csrc mstatus, t0
    li t0, 2 << 13
    csrs mstatus, t0
    csrr t1, mhartid
    beqz t1, 1f
    fadd.d f1, f1, f1
1:  fadd.d f2, f2, f2
    csrr t2, mstatus
    srli t2, t2, 13
    andi t2, t2, 3
    CHECK(15, t2, 3)
    /* and the not-taken way, for both */
    li t0, 3 << 13
    csrc mstatus, t0
    li t0, 2 << 13
    csrs mstatus, t0
    csrr t1, mhartid
    bnez t1, 1f
    fadd.d f1, f1, f1
1:  fadd.d f2, f2, f2
    csrr t2, mstatus
    srli t2, t2, 13
    andi t2, t2, 3
    CHECK(16, t2, 3)

    /* to the next page: a side exit that is a lookup, taken and not */
    li a0, 0
    li s2, 4
    j page_loop
    .balign 4096
    .skip 4096 - 24
page_loop:
    andi t1, s2, 1
    bnez t1, next_page
    .rept 12
    addi a0, a0, 1
    .endr
next_page:
    addi a0, a0, 10
    addi s2, s2, -1
    bnez s2, page_loop
    CHECK(14, a0, 64)
TEST_END

    .balign 4
mtrap:
    csrr t1, mcause
    sd t1, last_cause, t6
    csrr t1, mepc
    sd t1, last_epc, t6
    SKIP_TRAPPED_INSN
    mret

    .data
    .balign 8
last_cause: .dword 0
last_epc: .dword 0
