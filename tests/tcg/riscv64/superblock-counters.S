/*
 * minstret across the places a block now goes on: a forward label taken
 * and not, both sides of an if-then-else, a side exit (chained after the
 * first pass). Exact counts: Vireo counts instructions; QEMU without
 * icount does not, so this one is not compared with it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

TEST_BEGIN
    /* minstret across a forward label, taken: csrr, csrr, beqz */
    csrr t0, minstret
    csrr t1, mhartid
    beqz t1, 1f
    nop
    nop
1:  csrr t2, minstret
    sub t2, t2, t0
    CHECK(7, t2, 3)
    /* not taken: five */
    csrr t0, minstret
    csrr t1, mhartid
    bnez t1, 1f
    nop
    nop
1:  csrr t2, minstret
    sub t2, t2, t0
    CHECK(8, t2, 5)
    /* if-then-else: csrr, csrr, beqz, addi, j (then) or beqz, addi */
    csrr t0, minstret
    csrr t1, mhartid
    bnez t1, 2f
    addi a0, a0, 1
    j 3f
2:  addi a0, a0, 2
3:  csrr t2, minstret
    sub t2, t2, t0
    CHECK(9, t2, 5)
    csrr t0, minstret
    csrr t1, mhartid
    beqz t1, 2f
    addi a0, a0, 1
    j 3f
2:  addi a0, a0, 2
3:  csrr t2, minstret
    sub t2, t2, t0
    CHECK(10, t2, 4)

    /*
     * minstret across a side exit (backward), three times so that the
     * exit is chained: csrr, addi, csrr, beqz before the target's read
     */
    li s2, 3
    j cnt_start
cnt_back:
    csrr t2, minstret
    sub t2, t2, t0
    CHECK(11, t2, 4)
    addi s2, s2, -1
    beqz s2, cnt_done
cnt_start:
    csrr t0, minstret
    addi a0, a0, 1
    csrr t1, mhartid
    beqz t1, cnt_back
    j fail
cnt_done:

TEST_END
