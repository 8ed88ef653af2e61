/*
 * monitor/hmp.c: the word splitter, /FMT parsing, and dispatch of the
 * commands that need no machine (help, unknown commands, bad arguments).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "monitor/hmp.h"
#include "util/error.h"

#include <string.h>

START_TEST(split_words)
{
    g_auto(GStrv) w = hmp_split_args("  info   mtree \t");
    g_auto(GStrv) e = hmp_split_args("   ");

    ck_assert_uint_eq(g_strv_length(w), 2);
    ck_assert_str_eq(w[0], "info");
    ck_assert_str_eq(w[1], "mtree");
    ck_assert_uint_eq(g_strv_length(e), 0);
}
END_TEST

START_TEST(split_glued_format)
{
    g_auto(GStrv) w = hmp_split_args("x/4xw 0x1000");
    g_auto(GStrv) v = hmp_split_args("xp /i 0x80000000");

    ck_assert_uint_eq(g_strv_length(w), 3);
    ck_assert_str_eq(w[0], "x");
    ck_assert_str_eq(w[1], "/4xw");
    ck_assert_str_eq(w[2], "0x1000");
    ck_assert_uint_eq(g_strv_length(v), 3);
    ck_assert_str_eq(v[1], "/i");
}
END_TEST

START_TEST(format_full_and_partial)
{
    HmpFormat f = { 1, 'x', 4 };
    GError *err = NULL;

    ck_assert(hmp_parse_format("10dg", &f, &err));
    ck_assert_uint_eq(f.count, 10);
    ck_assert_int_eq(f.format, 'd');
    ck_assert_uint_eq(f.size, 8);
    /* Omitted letters keep what was there. */
    ck_assert(hmp_parse_format("b", &f, &err));
    ck_assert_uint_eq(f.count, 10);
    ck_assert_int_eq(f.format, 'd');
    ck_assert_uint_eq(f.size, 1);
    ck_assert(hmp_parse_format("3i", &f, &err));
    ck_assert_int_eq(f.format, 'i');
    ck_assert(hmp_parse_format("uh", &f, &err));
    ck_assert_uint_eq(f.size, 2);
    ck_assert(hmp_parse_format("ow", &f, &err));
    ck_assert_uint_eq(f.size, 4);
    ck_assert(hmp_parse_format("c", &f, &err));
    ck_assert_int_eq(f.format, 'c');
    ck_assert(hmp_parse_format("", &f, &err));
    ck_assert_ptr_null(err);
}
END_TEST

START_TEST(format_errors)
{
    HmpFormat f = { 1, 'x', 4 };

    EXPECT_FAIL(hmp_parse_format("4z", &f, &err_), "invalid char 'z'",
                "/4z");
    EXPECT_FAIL(hmp_parse_format("0x", &f, &err_), "at least 1", NULL);
    EXPECT_FAIL(hmp_parse_format("99999999999", &f, &err_), "too large",
                NULL);
    /* Untouched by the failures. */
    ck_assert_uint_eq(f.count, 1);
    ck_assert_int_eq(f.format, 'x');
}
END_TEST

START_TEST(execute_unknown_and_empty)
{
    g_autoptr(GString) out = g_string_new(NULL);

    EXPECT_FAIL(hmp_execute("foo bar", out, &err_), "unknown command: 'foo'",
                NULL);
    EXPECT_FAIL(hmp_execute("info nosuch", out, &err_),
                "unknown info subcommand: 'nosuch'", NULL);
    EXPECT_FAIL(hmp_execute("help nosuch", out, &err_),
                "unknown command: 'nosuch'", NULL);
    ck_assert(hmp_execute("   ", out, NULL));
    ck_assert_uint_eq(out->len, 0);
}
END_TEST

START_TEST(execute_help)
{
    g_autoptr(GString) out = g_string_new(NULL);

    ck_assert(hmp_execute("help", out, NULL));
    ck_assert_ptr_nonnull(strstr(out->str, "system_reset"));
    ck_assert_ptr_nonnull(strstr(out->str, "xp /fmt addr"));
    g_string_truncate(out, 0);
    ck_assert(hmp_execute("help c", out, NULL));
    ck_assert(g_str_has_prefix(out->str, "cont "));
    g_string_truncate(out, 0);
    ck_assert(hmp_execute("help info tlb", out, NULL));
    ck_assert(g_str_has_prefix(out->str, "info tlb -- "));
    g_string_truncate(out, 0);
    ck_assert(hmp_execute("info", out, NULL));
    ck_assert_ptr_nonnull(strstr(out->str, "info registers"));
}
END_TEST

START_TEST(execute_bad_arguments)
{
    g_autoptr(GString) out = g_string_new(NULL);

    EXPECT_FAIL(hmp_execute("stop now", out, &err_), "too many arguments",
                NULL);
    EXPECT_FAIL(hmp_execute("cpu", out, &err_), "usage: cpu", NULL);
    EXPECT_FAIL(hmp_execute("cpu zz", out, &err_), "invalid CPU index",
                NULL);
    EXPECT_FAIL(hmp_execute("cpu 3", out, &err_), "there are 0", NULL);
    EXPECT_FAIL(hmp_execute("xp", out, &err_), "usage: xp", NULL);
    EXPECT_FAIL(hmp_execute("xp /4q 0", out, &err_), "invalid char 'q'",
                NULL);
    EXPECT_FAIL(hmp_execute("xp /4x nowhere", out, &err_),
                "invalid address: 'nowhere'", NULL);
    /* No CPU in this test program. */
    EXPECT_FAIL(hmp_execute("x /4x 0", out, &err_), "no CPU", NULL);
    EXPECT_FAIL(hmp_execute("info registers", out, &err_), "no CPU", NULL);
    EXPECT_FAIL(hmp_execute("info version 2", out, &err_),
                "too many arguments", NULL);
    ck_assert_uint_eq(out->len, 0);
}
END_TEST

START_TEST(execute_info_version)
{
    g_autoptr(GString) out = g_string_new(NULL);

    ck_assert(hmp_execute("info version", out, NULL));
    ck_assert_str_eq(out->str, VIREO_VERSION "\n");
}
END_TEST

static Suite *hmp_suite(void)
{
    Suite *s = suite_create("hmp");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, split_words);
    tcase_add_test(tc, split_glued_format);
    tcase_add_test(tc, format_full_and_partial);
    tcase_add_test(tc, format_errors);
    tcase_add_test(tc, execute_unknown_and_empty);
    tcase_add_test(tc, execute_help);
    tcase_add_test(tc, execute_bad_arguments);
    tcase_add_test(tc, execute_info_version);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(hmp_suite)
