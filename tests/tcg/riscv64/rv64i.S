/*
 * RV64I: ALU results and edge cases (shifts by the low 6 or 5 bits,
 * sign extension of the W forms, comparisons), loads and stores of
 * every width with sign/zero extension, branches both ways, jal/jalr
 * links, lui/auipc, and compressed forms the assembler picks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"
TEST_BEGIN
    TEST_RR(1, add, 0x7fffffffffffffff, 1, 0x8000000000000000)
    TEST_RR(2, sub, 0, 1, -1)
    TEST_RR(3, sll, 1, 65, 2)                 /* count mod 64 */
    TEST_RR(4, srl, -1, 60, 0xf)
    TEST_RR(5, sra, 0x8000000000000000, 63, -1)
    TEST_RR(6, slt, -1, 0, 1)
    TEST_RR(7, sltu, -1, 0, 0)
    TEST_RR(8, xor, 0xff00, 0x0ff0, 0xf0f0)
    TEST_RR(9, or, 0xff00, 0x0ff0, 0xfff0)
    TEST_RR(10, and, 0xff00, 0x0ff0, 0x0f00)
    TEST_RI(11, addi, 5, -6, -1)
    TEST_RI(12, slti, -5, -4, 1)
    TEST_RI(13, sltiu, 5, -1, 1)              /* imm is sign-extended */
    TEST_RI(14, xori, 0, -1, -1)
    TEST_RI(15, ori, 0x100, 0x0f, 0x10f)
    TEST_RI(16, andi, -1, 0x7ff, 0x7ff)
    TEST_RI(17, slli, 1, 63, 0x8000000000000000)
    TEST_RI(18, srli, 0x8000000000000000, 63, 1)
    TEST_RI(19, srai, 0x8000000000000000, 4, 0xf800000000000000)
    TEST_RR(20, addw, 0x7fffffff, 1, 0xffffffff80000000)
    TEST_RR(21, subw, 0, 0x100000001, -1)
    TEST_RR(22, sllw, 1, 31, 0xffffffff80000000)
    TEST_RR(23, sllw, 1, 33, 2)               /* count mod 32 */
    TEST_RR(24, srlw, 0xffffffff80000000, 31, 1)
    TEST_RR(25, sraw, 0x80000000, 31, -1)
    TEST_RI(26, addiw, 0x7fffffff, 1, 0xffffffff80000000)
    TEST_RI(27, slliw, 0x1, 31, 0xffffffff80000000)
    TEST_RI(28, srliw, 0xffffffff, 4, 0x0fffffff)
    TEST_RI(29, sraiw, 0x80000000, 4, 0xfffffffff8000000)

    /* loads and stores */
    la a0, buf
    li a1, 0x8182838485868788
    sd a1, 0(a0)
    lb a5, 0(a0)
    CHECK(30, a5, 0xffffffffffffff88)
    lbu a5, 0(a0)
    CHECK(31, a5, 0x88)
    lh a5, 2(a0)
    CHECK(32, a5, 0xffffffffffff8586)
    lhu a5, 2(a0)
    CHECK(33, a5, 0x8586)
    lw a5, 4(a0)
    CHECK(34, a5, 0xffffffff81828384)
    lwu a5, 4(a0)
    CHECK(35, a5, 0x81828384)
    ld a5, 0(a0)
    CHECK(36, a5, 0x8182838485868788)
    sb zero, 1(a0)
    sh zero, 4(a0)
    ld a5, 0(a0)
    CHECK(37, a5, 0x8182000085860088)
    li a1, 0x11223344
    sw a1, 8(a0)
    lw a5, 8(a0)
    CHECK(38, a5, 0x11223344)
    addi a0, a0, 16
    sd a1, -8(a0)                             /* negative offset */
    ld a5, -8(a0)
    CHECK(39, a5, 0x11223344)

    /* branches */
    li TESTNUM, 40
    li a1, -1
    li a2, 1
    beq a1, a2, fail
    bne a1, a1, fail
    blt a2, a1, fail
    bge a1, a2, fail
    bltu a1, a2, fail
    bgeu a2, a1, fail
    li TESTNUM, 41
    blt a1, a2, 1f
    j fail
1:  bltu a2, a1, 1f
    j fail
1:  bge a2, a2, 1f
    j fail
1:  bgeu a1, a1, 1f
    j fail
1:
    /* jal / jalr link and target */
    li TESTNUM, 42
    jal ra, 2f
1:  j fail
2:  la a1, 1b
    bne ra, a1, fail
    la a1, 3f
    addi a1, a1, 1                            /* bit 0 is dropped */
    jalr t0, 0(a1)
    j fail
3:  li TESTNUM, 43
    lui a5, 0x80000
    CHECK(44, a5, 0xffffffff80000000)
6:  auipc a5, 0
    la a1, 6b
    li TESTNUM, 47
    bne a5, a1, fail

    /* x0 stays zero */
    li TESTNUM, 45
    addi x0, x0, 5
    bnez x0, fail
    /* a long loop crosses many blocks */
    li a1, 1000
    li a5, 0
5:  addi a5, a5, 3
    addi a1, a1, -1
    bnez a1, 5b
    CHECK(46, a5, 3000)
TEST_END
    .balign 8
buf: .dword 0, 0, 0
