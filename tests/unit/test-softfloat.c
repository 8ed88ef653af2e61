/*
 * placeholder
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "fpu/softfloat.h"
START_TEST(x) { } END_TEST
static Suite *s_(void) { Suite *s = suite_create("x"); TCase *t = tcase_create("c"); tcase_add_test(t, x); suite_add_tcase(s, t); return s; }
VIREO_CHECK_MAIN(s_)
