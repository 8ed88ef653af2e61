/*
 * Shared main() for Check unit tests: runs the suite and reports TAP on
 * stdout, so `meson test` and scripts/test-summary.py count each case.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TESTS_UNIT_VIREO_CHECK_H
#define VIREO_TESTS_UNIT_VIREO_CHECK_H

#include <check.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

/* Assert err is set and its message contains s1 (and s2 unless NULL). */
static inline void vireo_expect_error(const GError *err, const char *s1,
                                      const char *s2)
{
    ck_assert_msg(err != NULL, "expected an error containing '%s'", s1);
    ck_assert_msg(strstr(err->message, s1), "'%s' lacks '%s'", err->message,
                  s1);
    if (s2) {
        ck_assert_msg(strstr(err->message, s2), "'%s' lacks '%s'",
                      err->message, s2);
    }
}

/* call (taking &err_) must fail with such an error. */
#define EXPECT_FAIL(call, s1, s2)                  \
    do {                                           \
        GError *err_ = NULL;                       \
        ck_assert(!(call));                        \
        vireo_expect_error(err_, s1, s2);          \
        g_error_free(err_);                        \
    } while (0)

static inline int vireo_check_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    int failed;

    srunner_set_tap(sr, "-");
    srunner_run_all(sr, CK_SILENT);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Define a test file's main(): VIREO_CHECK_MAIN(make_suite) */
#define VIREO_CHECK_MAIN(suite_fn)           \
    int main(void)                           \
    {                                        \
        return vireo_check_run(suite_fn());  \
    }

#endif
