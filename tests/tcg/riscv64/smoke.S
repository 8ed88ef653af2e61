/*
 * The smallest test: a few instructions and a pass through HTIF.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "test.h"
TEST_BEGIN
    TEST_RR(1, add, 3, 4, 7)
TEST_END
