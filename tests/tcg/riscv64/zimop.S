/*
 * Zimop, Zcmop, Zihintntl and Zawrs. mop.r.N and mop.rr.N write zero to
 * rd (and nothing to x0) whatever the sources; c.mop.N, whose encoding
 * is c.lui xN,0, leaves every register alone; the ntl.* hints (add x0,
 * x0,x2..x5 and their c.add forms) do nothing; wrs.nto and wrs.sto
 * complete, in M and in U with mstatus.TW set, with a reservation held
 * or not. Written as raw words: binutils 2.40 lacks these mnemonics.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "priv.h"

/* mop.r.N rd, rs1 and mop.rr.N rd, rs1, rs2 (register numbers). */
#define MOP_R(n, rd, rs1)                                              \
    .word 0x81c04073 | (((n) >> 4) & 1) << 30 | (((n) >> 2) & 3) << 26 \
          | ((n) & 3) << 20 | (rs1) << 15 | (rd) << 7
#define MOP_RR(n, rd, rs1, rs2)                                        \
    .word 0x82004073 | (((n) >> 2) & 1) << 30 | ((n) & 3) << 26        \
          | (rs2) << 20 | (rs1) << 15 | (rd) << 7
#define C_MOP(n) .2byte 0x6001 | (n) << 7
#define WRS_NTO .word 0x00d00073
#define WRS_STO .word 0x01d00073

TEST_BEGIN
    PRIV_SETUP
    csrw mie, zero
    /* a5 = x15, a3 = x13, a4 = x14 */
    li a3, 0x1234
    li a4, -1
    li a5, 77
    MOP_R(0, 15, 13)
    CHECK(1, a5, 0)
    li a5, 77
    MOP_R(31, 15, 13)
    CHECK(2, a5, 0)
    li a5, 77
    MOP_R(28, 15, 0)                     /* rs1 = x0 */
    CHECK(3, a5, 0)
    li a3, 5
    MOP_R(17, 13, 13)                    /* rd = rs1 */
    CHECK(4, a3, 0)
    li a5, 77
    MOP_RR(0, 15, 13, 14)
    CHECK(5, a5, 0)
    li a5, 77
    MOP_RR(7, 15, 14, 14)
    CHECK(6, a5, 0)
    li a4, 3
    MOP_RR(4, 14, 14, 14)                /* rd = rs1 = rs2 */
    CHECK(7, a4, 0)
    MOP_R(3, 0, 13)                      /* rd = x0: no write */
    CHECK(8, zero, 0)
    CHECK_MEM(9, m_count, 0)

    /* c.mop.N: x1..x15 odd keep their values */
    li ra, 0x11
    li t0, 0x55
    li s1, 0x99
    li a5, 0xff
    C_MOP(1)
    C_MOP(5)
    C_MOP(9)
    C_MOP(15)
    CHECK(10, ra, 0x11)
    CHECK(11, t0, 0x55)
    CHECK(12, s1, 0x99)
    CHECK(13, a5, 0xff)

    /* Zihintntl: ntl.p1/pall/s1/all and the compressed forms */
    li sp, 0x100
    li t0, 0x55
    .word 0x00200033                     /* ntl.p1 */
    .word 0x00300033                     /* ntl.pall */
    .word 0x00400033                     /* ntl.s1 */
    .word 0x00500033                     /* ntl.all */
    .2byte 0x900a                        /* c.ntl.p1 */
    .2byte 0x900e                        /* c.ntl.pall */
    .2byte 0x9012                        /* c.ntl.s1 */
    .2byte 0x9016                        /* c.ntl.all */
    CHECK(14, sp, 0x100)
    CHECK(15, t0, 0x55)
    CHECK(16, zero, 0)
    CHECK_MEM(17, m_count, 0)

    /* Zawrs: in M, without and with a reservation */
    WRS_NTO
    WRS_STO
    la t0, word
    lr.d t1, (t0)
    WRS_NTO
    li t2, 5
    sc.d t3, t2, (t0)
    lr.d t1, (t0)
    WRS_STO
    sc.d t3, t2, (t0)
    CHECK_MEM(18, m_count, 0)

    /* ... and in U with mstatus.TW set: they complete, no trap */
    li t0, MSTATUS_TW
    csrs mstatus, t0
    CLEAR_TRAPS
    GOTO_U(in_u)
in_u:
    WRS_NTO
    WRS_STO
    la t0, word
    lr.d t1, (t0)
    WRS_NTO
    WRS_STO
    MOP_R(0, 15, 13)
    C_MOP(3)
    BACK_TO_M
    CHECK_MEM(19, m_cause, 8)            /* only the ecall trapped */
    CHECK_MEM(20, m_count, 1)
    CHECK(21, a5, 0)
TEST_END
    .data
    .balign 8
word: .dword 0
PRIV_HANDLERS
