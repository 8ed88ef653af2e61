/*
 * LR/SC reservations (unprivileged ISA 20191213, 8.2; run with -smp 2).
 * Hart 0 takes a reservation with LR and has hart 1 store to the
 * reserved doubleword; SC must then fail, also when the store wrote the
 * value memory already held (a value-compare implementation misses
 * that) and for a 4-byte store into the other half, an AMO that leaves
 * the value alone, and an SC of hart 1's own. A store to another
 * granule may or may not break it: not checked. On one hart: SC after
 * LR to the same address succeeds, SC to another address fails and
 * writes nothing, SC without LR fails, and SC after a trap and MRET,
 * or after an MRET or SRET alone, fails: the spec lets xRET keep or drop
 * the reservation; Vireo drops it (trap.c), as QEMU does.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "priv.h"

/* hart 1: wait for a new command in cmd, do it, acknowledge */
#define OP_SAME    1
#define OP_DIFF    2
#define OP_HALF    3
#define OP_AMO     4
#define OP_SC      5
#define OP_OTHER   6

/* Hart 0: reserve X, have hart 1 run op, then SC into a0 (0 = ok). */
#define REMOTE(op, seq)                                                \
    la s0, X;                                                          \
    lr.d a1, (s0);                                                     \
    li t0, (seq) << 8 | (op);                                          \
    sd t0, cmd, t1;                                                    \
    li t2, seq;                                                        \
1:  ld t0, ack;                                                        \
    bne t0, t2, 1b;                                                    \
    addi a1, a1, 1;                                                    \
    sc.d a0, a1, (s0);

TEST_BEGIN
    PRIV_SETUP
    csrr t0, mhartid
    bnez t0, hart1

    /* one hart: LR then SC succeeds */
    la s0, X
    li t0, 5
    sd t0, 0(s0)
    lr.d a1, (s0)
    CHECK(1, a1, 5)
    li a2, 6
    sc.d a0, a2, (s0)
    CHECK(2, a0, 0)
    ld a5, 0(s0)
    CHECK(3, a5, 6)
    /* SC to another address fails and stores nothing */
    la s1, Y
    lr.d a1, (s0)
    li a2, 77
    sc.d a0, a2, (s1)
    li TESTNUM, 4
    beqz a0, fail
    ld a5, 0(s1)
    CHECK(5, a5, 0)
    /* the failed SC ended the reservation: SC to X fails too */
    sc.d a0, a2, (s0)
    li TESTNUM, 6
    beqz a0, fail
    ld a5, 0(s0)
    CHECK(7, a5, 6)
    /* lr.w/sc.w: sign-extended value, success */
    li t0, -2
    sw t0, 0(s0)
    lr.w a1, (s0)
    CHECK(8, a1, -2)
    sc.w a0, zero, (s0)
    CHECK(9, a0, 0)
    lw a5, 0(s0)
    CHECK(10, a5, 0)
    /* SC after a trap and MRET: Vireo fails it */
    lr.d a1, (s0)
    ecall
    sc.d a0, a2, (s0)
    li TESTNUM, 11
    beqz a0, fail
    ld a5, 0(s0)
    CHECK(12, a5, 0)

    /* LR in M, MRET to S, SC there; LR in S, SRET to U, SC there */
    lr.d a1, (s0)
    GOTO_S(1f)
1:  sc.d a0, a2, (s0)
    li TESTNUM, 13
    beqz a0, fail
    lr.d a1, (s0)
    li t0, MSTATUS_SPP
    csrc sstatus, t0
    la t0, 2f
    csrw sepc, t0
    sret
2:  sc.d a0, a2, (s0)
    li TESTNUM, 14
    beqz a0, fail
    li a7, 1
    ecall
    ld a5, 0(s0)
    CHECK(15, a5, 0)

    /* two harts: each of these stores by hart 1 must fail the SC */
    li t0, 0x1234
    sd t0, 0(s0)
    REMOTE(OP_SAME, 1)
    li TESTNUM, 16
    beqz a0, fail
    ld a5, 0(s0)
    CHECK(17, a5, 0x1234)
    REMOTE(OP_DIFF, 2)
    li TESTNUM, 18
    beqz a0, fail
    ld a5, 0(s0)
    CHECK(19, a5, 0x1235)
    REMOTE(OP_HALF, 3)
    li TESTNUM, 20
    beqz a0, fail
    REMOTE(OP_AMO, 4)
    li TESTNUM, 21
    beqz a0, fail
    REMOTE(OP_SC, 5)
    li TESTNUM, 22
    beqz a0, fail
    ld a5, 0(s0)
    CHECK(23, a5, 0x1235)
    /* a store elsewhere: SC may succeed or fail, memory stays sane */
    REMOTE(OP_OTHER, 6)
    ld a5, 0(s0)
    li TESTNUM, 24
    li t6, 0x1235
    beq a5, t6, 2f
    li t6, 0x1236
    bne a5, t6, fail
    bnez a0, fail                        /* changed only by a good SC */
2:  /* and the same, SAME again after all that, to see no leftovers */
    REMOTE(OP_SAME, 7)
    li TESTNUM, 25
    beqz a0, fail
    /* no store at all: SC succeeds */
    lr.d a1, (s0)
    addi a1, a1, 1
    sc.d a0, a1, (s0)
    CHECK(26, a0, 0)
    li t0, 0xff
    sd t0, cmd, t1                       /* hart 1: stop */
TEST_END

hart1:
    li s2, 0                             /* last sequence done */
1:  ld t0, cmd
    srli t1, t0, 8
    andi t2, t0, 0xff
    li t3, 0xff
    beq t2, t3, 9f
    beq t1, s2, 1b
    mv s2, t1
    la s0, X
    ld t3, 0(s0)
    li t4, OP_SAME
    bne t2, t4, 2f
    sd t3, 0(s0)                         /* the value already there */
    j 8f
2:  li t4, OP_DIFF
    bne t2, t4, 3f
    addi t3, t3, 1
    sd t3, 0(s0)
    j 8f
3:  li t4, OP_HALF
    bne t2, t4, 4f
    lw t3, 4(s0)
    sw t3, 4(s0)                         /* same value, other half */
    j 8f
4:  li t4, OP_AMO
    bne t2, t4, 5f
    amoor.d zero, zero, (s0)
    j 8f
5:  li t4, OP_SC
    bne t2, t4, 6f
7:  lr.d t3, (s0)
    sc.d t4, t3, (s0)                    /* same value, by SC */
    bnez t4, 7b
    j 8f
6:  la t4, Y
    sd t3, 0(t4)
8:  fence
    sd s2, ack, t1
    j 1b
9:  wfi
    j 9b

PRIV_HANDLERS
    .data
    .balign 64
cmd:  .dword 0
    .balign 64
ack:  .dword 0
    .balign 64
X:    .dword 0
    .balign 64
Y:    .dword 0
