/*
 * Two harts (-smp 2) hammer shared counters: one with amoadd.w, one with
 * an LR/SC loop, 20000 times each. Lost updates would show in the
 * totals, so this checks that AMOs are atomic and that SC fails once
 * the other hart's store changed the reserved word. Hart 1 reports
 * done with an AMO; hart 0 checks and ends the run.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

#define ROUNDS 20000

TEST_BEGIN
    la s0, amo_count
    la s1, lrsc_count
    li s2, ROUNDS
    li t1, 1
1:  amoadd.w zero, t1, (s0)
2:  lr.d t2, (s1)
    addi t2, t2, 1
    sc.d t3, t2, (s1)
    bnez t3, 2b
    addi s2, s2, -1
    bnez s2, 1b
    csrr a0, mhartid
    beqz a0, 3f
    la t0, done
    amoadd.w zero, t1, (t0)
4:  wfi
    j 4b
3:  la t0, done
5:  lw t1, 0(t0)
    beqz t1, 5b
    lw a5, amo_count
    CHECK(1, a5, 2 * ROUNDS)
    ld a5, lrsc_count
    CHECK(2, a5, 2 * ROUNDS)
TEST_END
    .balign 64
amo_count: .dword 0
    .balign 64
lrsc_count: .dword 0
    .balign 64
done: .dword 0
