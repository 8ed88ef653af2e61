/*
 * A: every AMO's result and memory effect in both widths (with the
 * word forms' sign extension), LR/SC success, SC failing without a
 * reservation, after another SC, and after a store changed the word,
 * the same on a page holding no code (atomics on such pages skip the
 * page walk), an AMO rewriting code that already ran (the new code
 * runs), and a misaligned AMO trapping with the address in mtval.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"

#define AMO(n, insn, init, src, old, new)                              \
    AMO_AT(n, word, insn, init, src, old, new)

#define AMO_AT(n, where, insn, init, src, old, new)                    \
    la a0, where;                                                      \
    li a1, init;                                                       \
    sd a1, 0(a0);                                                      \
    li a2, src;                                                        \
    insn a5, a2, (a0);                                                 \
    CHECK(n, a5, old)                                                  \
    ld a5, 0(a0);                                                      \
    CHECK(n, a5, new)

TEST_BEGIN
    AMO(1, amoswap.d, 5, 7, 5, 7)
    AMO(2, amoadd.d, 5, -7, 5, -2)
    AMO(3, amoxor.d, 0xff, 0x0f, 0xff, 0xf0)
    AMO(4, amoand.d, 0xff, 0x0f, 0xff, 0x0f)
    AMO(5, amoor.d, 0xf0, 0x0f, 0xf0, 0xff)
    AMO(6, amomin.d, -1, 1, -1, -1)
    AMO(7, amomax.d, -1, 1, -1, 1)
    AMO(8, amominu.d, -1, 1, -1, 1)
    AMO(9, amomaxu.d, -1, 1, -1, -1)
    /* word forms: the upper word of memory is untouched */
    AMO(10, amoswap.w, 0x1111111180000000, 1, 0xffffffff80000000, \
        0x1111111100000001)
    AMO(11, amoadd.w, 0x22222222ffffffff, 1, -1, 0x2222222200000000)
    AMO(12, amomin.w, 0x80000000, 1, 0xffffffff80000000, 0x80000000)
    AMO(13, amomaxu.w, 0x80000000, 1, 0xffffffff80000000, 0x80000000)
    AMO(14, amomax.w, 0x80000000, 1, 0xffffffff80000000, 1)
    AMO(15, amominu.w, 0x80000000, 1, 0xffffffff80000000, 1)
    AMO(16, amoxor.w, 0xffffffff, 0xf, -1, 0xfffffff0)
    AMO(17, amoand.w, 0xffffffff, 0xf, -1, 0xf)
    AMO(18, amoor.w, 0, 0x80000000, 0, 0x80000000)

    /* LR/SC */
    la a0, word
    li a1, 40
    sd a1, 0(a0)
    lr.d a5, (a0)
    CHECK(20, a5, 40)
    li a2, 41
    sc.d a5, a2, (a0)
    CHECK(21, a5, 0)
    ld a5, 0(a0)
    CHECK(22, a5, 41)
    sc.d a5, a2, (a0)                 /* reservation gone */
    CHECK(23, a5, 1)
    lr.w a5, (a0)
    li a2, 99
    sd a2, 0(a0)                      /* the word changes */
    sc.w a5, a1, (a0)
    CHECK(24, a5, 1)
    ld a5, 0(a0)
    CHECK(25, a5, 99)
    lr.w a5, (a0)
    la a3, other
    sc.w a5, a1, (a3)                 /* another address */
    CHECK(26, a5, 1)
    /* a retry loop as software writes it */
    la a0, word
    sd zero, 0(a0)
    li a4, 100
1:  lr.d a5, (a0)
    addi a5, a5, 1
    sc.d a6, a5, (a0)
    bnez a6, 1b
    addi a4, a4, -1
    bnez a4, 1b
    ld a5, 0(a0)
    CHECK(27, a5, 100)

    /* a data page with no code on it */
    AMO_AT(40, dataword, amoadd.d, 5, -7, 5, -2)
    AMO_AT(41, dataword, amoswap.w, 0x1111111180000000, 1, \
           0xffffffff80000000, 0x1111111100000001)
    AMO_AT(42, dataword, amomaxu.w, 0x80000000, 1, 0xffffffff80000000, \
           0x80000000)
    la a0, dataword
    li a1, 40
    sd a1, 0(a0)
    lr.d a5, (a0)
    li a2, 41
    sc.d a5, a2, (a0)
    CHECK(43, a5, 0)
    ld a5, 0(a0)
    CHECK(44, a5, 41)
    sc.d a5, a2, (a0)                 /* reservation gone */
    CHECK(45, a5, 1)

    /* an AMO rewriting code that ran: "li a5, 1" becomes "li a5, 2" */
    li s1, 0
    li a4, 2
3:  jal patched
    add s1, s1, a5
    la a0, patched
    li a1, (2 << 20) | (15 << 7) | 0x13
    amoswap.w zero, a1, (a0)
    fence.i
    addi a4, a4, -1
    bnez a4, 3b
    CHECK(46, s1, 3)

    /* misaligned AMO: store/AMO address misaligned, mtval = address */
    la t0, amo_trap
    csrw mtvec, t0
    la a0, word
    addi a0, a0, 2
    li TESTNUM, 28
    amoadd.w a5, a2, (a0)
    j fail
    .balign 4                         /* mtvec's low bits are its mode */
amo_trap:
    /* misaligned (6) or access fault (7): the spec allows either */
    csrr a5, mcause
    li TESTNUM, 29
    li t6, 6
    beq a5, t6, 2f
    li t6, 7
    bne a5, t6, fail
2:
    csrr a5, mtval
    bne a5, a0, fail
TEST_END
    .balign 16
word: .dword 0
other: .dword 0
    .option push
    .option norvc
    .balign 4
patched:
    li a5, 1
    ret
    .option pop
    .balign 4096
    .fill 512, 8, 0
dataword: .dword 0
