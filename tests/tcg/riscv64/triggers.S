/*
 * The trigger CSRs as software probes them (riscv-tests' breakpoint test,
 * debuggers): tselect, tdata1-3 and tinfo exist in M-mode and report no
 * trigger, so an mcontrol written to tdata1 does not read back and the
 * breakpoint it describes never fires. An access must not trap.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

TEST_BEGIN
    li TESTNUM, 2
    csrw tselect, x0
    csrr a0, tselect
    CHECK(2, a0, 0)
    li a0, 1
    csrw tselect, a0
    csrr a0, tselect
    CHECK(3, a0, 0)

    /* an M-mode execute breakpoint on label 1: must not stick */
    la a2, 1f
    csrw tdata2, a2
    li a0, (2 << 60) | (1 << 6) | (1 << 2)
    csrw tdata1, a0
    csrr a1, tdata1
    CHECK(4, a1, 0)
    csrr a1, tdata2
    CHECK(5, a1, 0)
    csrr a1, tdata3
    CHECK(6, a1, 0)
    csrr a1, tinfo
    CHECK(7, a1, 1)
1:  li TESTNUM, 8              /* reached without a breakpoint trap */
TEST_END
