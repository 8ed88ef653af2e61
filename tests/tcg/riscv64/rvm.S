/*
 * M: products and high halves of every signedness, division and
 * remainder including division by zero and the signed overflow, and
 * the W forms' sign extension.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"
TEST_BEGIN
    TEST_RR(1, mul, 7, -3, -21)
    TEST_RR(2, mulh, -1, -1, 0)
    TEST_RR(3, mulh, 0x8000000000000000, 0x8000000000000000, 0x4000000000000000)
    TEST_RR(4, mulhu, -1, -1, 0xfffffffffffffffe)
    TEST_RR(5, mulhsu, -1, -1, -1)
    TEST_RR(6, mulhsu, 2, -1, 1)
    TEST_RR(7, div, -7, 2, -3)
    TEST_RR(8, div, 7, 0, -1)
    TEST_RR(9, div, 0x8000000000000000, -1, 0x8000000000000000)
    TEST_RR(10, divu, 7, 0, -1)
    TEST_RR(11, divu, -1, 2, 0x7fffffffffffffff)
    TEST_RR(12, rem, -7, 2, -1)
    TEST_RR(13, rem, 7, 0, 7)
    TEST_RR(14, rem, 0x8000000000000000, -1, 0)
    TEST_RR(15, remu, 7, 0, 7)
    TEST_RR(16, remu, -1, 10, 5)
    TEST_RR(17, mulw, 0x10000, 0x10000, 0)
    TEST_RR(18, mulw, 0x7fffffff, 2, -2)
    TEST_RR(19, divw, 0x80000000, -1, 0xffffffff80000000)
    TEST_RR(20, divw, 5, 0, -1)
    TEST_RR(21, divuw, 0xffffffff, 0, -1)
    TEST_RR(22, divuw, 0xfffffffe, 2, 0x7fffffff)
    TEST_RR(23, remw, 0x80000000, -1, 0)
    TEST_RR(24, remw, 0x123456789, 0, 0x23456789)
    TEST_RR(25, remuw, 0xffffffff, 0, -1)
    TEST_RR(26, remuw, 0x100000007, 4, 3)
    TEST_RR(27, div, -9, -3, 3)
TEST_END
