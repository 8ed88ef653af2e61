/*
 * With the newer scalar extensions switched off (run.sh runs this file
 * with -cpu rv64,zicond=false and the others' switches), each of their
 * encodings raises illegal instruction with mtval = the instruction.
 * zihintntl=false only stops advertising Zihintntl: its encodings are
 * base-ISA hints and still execute as no-ops.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "priv.h"
#include "zcb.h"

/* Run one instruction word expecting an illegal-instruction trap. */
#define EXPECT_ILLEGAL(n, insn)                                        \
    CLEAR_TRAPS;                                                       \
9001: .word insn;                                                      \
    EXPECT_M(n, 2, insn, 9001b)
#define EXPECT_ILLEGAL16(n, insn)                                      \
    CLEAR_TRAPS;                                                       \
9002: .2byte insn;                                                     \
    .2byte 0x0001;                                                     \
    EXPECT_M(n, 2, insn, 9002b)

TEST_BEGIN
    PRIV_SETUP
    li a3, 5
    li a4, 0
    li a5, 99
    EXPECT_ILLEGAL(1, 0x0ee6d7b3)        /* czero.eqz a5,a3,a4 */
    EXPECT_ILLEGAL(4, 0x0ee6f7b3)        /* czero.nez a5,a3,a4 */
    CHECK(7, a5, 99)
    EXPECT_ILLEGAL(8, 0x81c6c7f3)        /* mop.r.0 a5,a3 */
    EXPECT_ILLEGAL(11, 0xcee6c7f3)       /* mop.rr.7 a5,a3,a4 */
    CHECK(14, a5, 99)
    EXPECT_ILLEGAL16(15, 0x6081)         /* c.mop.1 */
    EXPECT_ILLEGAL16(18, 0x6781)         /* c.mop.15 */
    EXPECT_ILLEGAL(21, 0x00d00073)       /* wrs.nto */
    EXPECT_ILLEGAL(24, 0x01d00073)       /* wrs.sto */
    CLEAR_TRAPS
    .word 0x00200033                     /* ntl.p1 */
    .2byte 0x9016                        /* c.ntl.all */
    .2byte 0x0001
    CHECK_MEM(27, m_count, 0)
    la a1, word
    li a0, 7
    EXPECT_ILLEGAL16(28, 0x8188)         /* c.lbu a0,0(a1) */
    EXPECT_ILLEGAL16(31, 0x8d88)         /* c.sh a0,0(a1) */
    EXPECT_ILLEGAL16(34, 0x9d75)         /* c.not a0 */
    EXPECT_ILLEGAL16(37, 0x9d61)         /* c.zext.b a0 */
    EXPECT_ILLEGAL16(40, 0x9d4d)         /* c.mul a0,a1 */
    CHECK(43, a0, 7)
    CHECK_MEM(44, word, 0x55)
    /* Zfa, with FS on so that only the extension is missing */
    li t0, 1 << 13
    csrs mstatus, t0
    fmv.d.x fa1, zero
    fmv.d.x fa2, zero
    EXPECT_ILLEGAL(45, 0xf0108553)       /* fli.s fa0,min */
    EXPECT_ILLEGAL(48, 0xf21e8553)       /* fli.d fa0,0x1p+16 (29) */
    EXPECT_ILLEGAL(51, 0x2ac5a553)       /* fminm.d fa0,fa1,fa2 */
    EXPECT_ILLEGAL(54, 0x2ac5b553)       /* fmaxm.d fa0,fa1,fa2 */
    EXPECT_ILLEGAL(57, 0x42458553)       /* fround.d fa0,fa1,rne */
    EXPECT_ILLEGAL(60, 0x42558553)       /* froundnx.d fa0,fa1,rne */
    EXPECT_ILLEGAL(63, 0xc28597d3)       /* fcvtmod.w.d a5,fa1,rtz */
    EXPECT_ILLEGAL(66, 0xa2c5c7d3)       /* fleq.d a5,fa1,fa2 */
    EXPECT_ILLEGAL(69, 0xa0c5d7d3)       /* fltq.s a5,fa1,fa2 */
    CLEAR_TRAPS
    fadd.d fa0, fa1, fa2                 /* F and D themselves still run */
    CHECK_MEM(72, m_count, 0)
    /* Zfhmin */
    la a1, word
    EXPECT_ILLEGAL(73, 0x00059507)       /* flh fa0,0(a1) */
    EXPECT_ILLEGAL(76, 0x00a59027)       /* fsh fa0,0(a1) */
    EXPECT_ILLEGAL(79, 0xe40587d3)       /* fmv.x.h a5,fa1 */
    EXPECT_ILLEGAL(82, 0xf4078553)       /* fmv.h.x fa0,a5 */
    EXPECT_ILLEGAL(85, 0x40258553)       /* fcvt.s.h fa0,fa1 */
    EXPECT_ILLEGAL(88, 0x4415f553)       /* fcvt.h.d fa0,fa1 */
    CHECK_MEM(91, word, 0x55)
TEST_END
    .data
    .balign 8
word: .dword 0x55
PRIV_HANDLERS
