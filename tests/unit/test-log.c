/*
 * util/log.c and util/error.c
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "util/error.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

START_TEST(parse_known_items)
{
    int mask = -1;
    GError *err = NULL;

    ck_assert(vireo_log_parse_items("in_asm,cpu,guest_errors", &mask, &err));
    ck_assert_ptr_null(err);
    ck_assert_int_eq(mask, LOG_IN_ASM | LOG_CPU | LOG_GUEST_ERROR);

    ck_assert(vireo_log_parse_items("", &mask, &err));
    ck_assert_int_eq(mask, 0);
}
END_TEST

START_TEST(parse_unknown_item_names_it)
{
    int mask = 7;
    GError *err = NULL;

    ck_assert(!vireo_log_parse_items("exec,bogus", &mask, &err));
    ck_assert_ptr_nonnull(err);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    ck_assert_ptr_nonnull(strstr(err->message, "'bogus'"));
    ck_assert_int_eq(mask, 7);   /* untouched on failure */
    g_error_free(err);
}
END_TEST

START_TEST(log_goes_to_file_only_when_enabled)
{
    char path[] = "/tmp/vireo-test-log-XXXXXX";
    int fd = mkstemp(path);
    GError *err = NULL;
    char buf[128] = { 0 };

    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert(vireo_log_set_file(path, &err));
    vireo_loglevel = LOG_INT;
    vireo_log_mask(LOG_INT, "irq %d\n", 5);
    vireo_log_mask(LOG_MMU, "not shown\n");
    ck_assert(vireo_log_set_file(NULL, &err));

    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_gt(fread(buf, 1, sizeof(buf) - 1, f), 0);
    fclose(f);
    unlink(path);
    ck_assert_str_eq(buf, "irq 5\n");
}
END_TEST

START_TEST(log_file_error_names_path)
{
    GError *err = NULL;

    ck_assert(!vireo_log_set_file("/nonexistent-dir/x.log", &err));
    ck_assert_ptr_nonnull(strstr(err->message, "/nonexistent-dir/x.log"));
    ck_assert_ptr_nonnull(strstr(err->message, "No such file"));
    g_error_free(err);
}
END_TEST

START_TEST(error_helpers_tolerate_null_errp)
{
    GError *err = NULL;

    vireo_error_setg(NULL, "ignored %d", 1);
    vireo_error_setg_errno(&err, ENOENT, "open '%s'", "f");
    ck_assert_str_eq(err->message, "open 'f': No such file or directory");
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_IO));
    g_error_free(err);
}
END_TEST

static Suite *log_suite(void)
{
    Suite *s = suite_create("log");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, parse_known_items);
    tcase_add_test(tc, parse_unknown_item_names_it);
    tcase_add_test(tc, log_goes_to_file_only_when_enabled);
    tcase_add_test(tc, log_file_error_names_path);
    tcase_add_test(tc, error_helpers_tolerate_null_errp);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(log_suite)
