/*
 * Misaligned loads and stores with -cpu rv64,misaligned=emulate: every
 * width at odd addresses, including across a page boundary, does the
 * access instead of trapping (traps.S checks the default trap).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"
TEST_BEGIN
    la a0, buf
    li a1, 0x0807060504030201
    sd a1, 0(a0)
    li a1, 0x100f0e0d0c0b0a09
    sd a1, 8(a0)
    ld a5, 1(a0)
    CHECK(1, a5, 0x0908070605040302)
    lw a5, 3(a0)
    CHECK(2, a5, 0x07060504)
    lh a5, 7(a0)
    CHECK(3, a5, 0x0908)
    lhu a5, 5(a0)
    CHECK(4, a5, 0x0706)
    li a1, 0x1122334455667788
    sd a1, 3(a0)
    ld a5, 3(a0)
    CHECK(5, a5, 0x1122334455667788)
    ld a5, 0(a0)
    CHECK(6, a5, 0x4455667788030201)
    /* across a page: the last 4 bytes of one page, first 4 of next */
    la a0, page_end
    addi a0, a0, -4
    li a1, 0xcafef00dfeedbeef
    sd a1, 0(a0)
    ld a5, 0(a0)
    CHECK(7, a5, 0xcafef00dfeedbeef)
    lw a5, 2(a0)
    CHECK(8, a5, 0xfffffffff00dfeed)
TEST_END
    .balign 8
buf: .dword 0, 0, 0
    .balign 4096
    .skip 4096
page_end:
    .skip 64
