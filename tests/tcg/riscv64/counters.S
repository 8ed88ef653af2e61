/*
 * Counter CSR writes: a CSR instruction that writes minstret or mcycle
 * does not count itself in the counter it wrote (the write takes effect
 * after the instruction completes), so the next read returns exactly
 * the value written; the other counter still counts the writer. Also
 * checks the same inside a longer block and across csrs/csrc.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

TEST_BEGIN
    /* the value written is the value the next instruction reads */
    csrwi minstret, 0
    csrr a0, minstret
    CHECK(1, a0, 0)

    li t0, 1000
    csrw minstret, t0
    csrr a0, minstret
    CHECK(2, a0, 1000)

    csrwi mcycle, 0
    csrr a0, mcycle
    CHECK(3, a0, 0)

    /* a set with a non-zero mask is a write too */
    li t0, 0x100
    csrw minstret, x0
    csrs minstret, t0
    csrr a0, minstret
    CHECK(4, a0, 0x100)

    /* minstret's writer still takes a cycle, and mcycle's an instret */
    csrwi mcycle, 0
    csrwi minstret, 0
    csrr a0, mcycle
    CHECK(5, a0, 1)
    csrwi minstret, 0
    csrwi mcycle, 0
    csrr a0, minstret
    CHECK(6, a0, 1)

    /* instructions after the write count normally: three in between */
    csrwi minstret, 0
    nop
    nop
    nop
    csrr a0, minstret
    CHECK(7, a0, 3)
TEST_END
