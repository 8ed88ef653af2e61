/*
 * System behaviour: FENCE.I after rewriting code that already ran
 * (the new instruction runs), cbo.zero zeroing its 64-byte block and
 * illegal in S while menvcfg.CBZE = 0, cbo.clean as a no-op, instret
 * and cycle counting forward, the ACLINT timer interrupt waking WFI
 * with mcause = interrupt 7, and a software interrupt through msip.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

#define ACLINT_MSIP     0x2000000
#define ACLINT_MTIMECMP 0x2004000
#define ACLINT_MTIME    0x200bff8

/* binutils 2.40 wants -march=..._zicbom_zicboz; encode them by hand */
#define CBO_ZERO(r)  .word 0x0040200f | ((r) << 15)
#define CBO_CLEAN(r) .word 0x0010200f | ((r) << 15)
#define CBO_FLUSH(r) .word 0x0020200f | ((r) << 15)

TEST_BEGIN
    la t0, mtrap
    csrw mtvec, t0

    /* self-modifying code: patch "li a5, 1" into "li a5, 2" */
    li s1, 0
1:  call patchme
    add s1, s1, a5
    la a0, patchme
    lw a1, new_insn
    sw a1, 0(a0)
    fence.i
    call patchme
    add s1, s1, a5
    CHECK(1, s1, 3)

    /* cbo.zero in M */
    la a0, block
    li a1, -1
    sd a1, 0(a0)
    sd a1, 56(a0)
    sd a1, 64(a0)
    addi a2, a0, 17                      /* any address in the block */
    CBO_ZERO(12)
    ld a5, 0(a0)
    CHECK(2, a5, 0)
    ld a5, 56(a0)
    CHECK(3, a5, 0)
    ld a5, 64(a0)                        /* next block untouched */
    CHECK(4, a5, -1)
    CBO_CLEAN(10)
    CBO_FLUSH(10)

    /* counters move forward */
    csrr s2, instret
    csrr s3, cycle
    nop
    nop
    csrr a5, instret
    li TESTNUM, 5
    sub a5, a5, s2
    li t6, 3
    bltu a5, t6, fail
    csrr a5, cycle
    li TESTNUM, 6
    bgeu s3, a5, fail

    /* timer interrupt wakes WFI */
    li t0, ACLINT_MTIME
    ld a0, 0(t0)
    addi a0, a0, 100                     /* 10 us at 10 MHz */
    li t0, ACLINT_MTIMECMP
    sd a0, 0(t0)
    li t0, 1 << 7
    csrs mie, t0
    sd zero, last_cause, t6
    /* WFI with MIE = 0 wakes on the pending interrupt without taking
       it, so the interrupt cannot slip in before the WFI */
2:  wfi
    csrsi mstatus, 8
    csrci mstatus, 8
    ld a5, last_cause
    beqz a5, 2b
    li t6, 0x8000000000000007
    li TESTNUM, 7
    bne a5, t6, fail

    /* software interrupt */
    li t0, 1 << 3
    csrs mie, t0
    sd zero, last_cause, t6
    li t0, ACLINT_MSIP
    li t1, 1
    sw t1, 0(t0)
    csrsi mstatus, 8
    nop
    nop
    csrci mstatus, 8
    ld a5, last_cause
    li t6, 0x8000000000000003
    CHECK(8, a5, 0x8000000000000003)

    /* cbo.zero from S with menvcfg.CBZE = 0: illegal */
    csrw menvcfg, zero
    li t0, 3 << 11
    csrc mstatus, t0
    li t0, 1 << 11
    csrs mstatus, t0
    la t0, in_s
    csrw mepc, t0
    sd zero, last_cause, t6
    mret
in_s:
    CBO_ZERO(10)
    li TESTNUM, 9
    ld a5, last_cause
    li t6, 2
    bne a5, t6, fail
    ld a5, last_tval
    li t6, 0x0040200f | (10 << 15)       /* cbo.zero (a0) */
    bne a5, t6, fail
TEST_END

    .text
    .balign 4
patchme:
    .option push
    .option norvc
    li a5, 1
    .option pop
    ret
    .balign 4
new_insn:
    .option push
    .option norvc
    li a5, 2
    .option pop

/* Record the cause; interrupts: silence the source; exceptions: skip. */
    .balign 4
mtrap:
    csrr t1, mcause
    sd t1, last_cause, t6
    csrr t1, mtval
    sd t1, last_tval, t6
    csrr t1, mcause
    bltz t1, 1f
    csrr t1, mepc
    addi t1, t1, 4
    csrw mepc, t1
    mret
1:  li t2, ACLINT_MSIP
    sw zero, 0(t2)
    li t2, ACLINT_MTIMECMP
    li t1, -1
    sd t1, 0(t2)
    mret

    .data
    .balign 64
block: .skip 128
last_cause: .dword 0
last_tval: .dword 0
