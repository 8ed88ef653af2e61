/*
 * Shared main() for Check unit tests: runs the suite and reports TAP on
 * stdout, so `meson test` and scripts/test-summary.py count each case.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TESTS_UNIT_VIREO_CHECK_H
#define VIREO_TESTS_UNIT_VIREO_CHECK_H

#include <check.h>
#include <stdlib.h>

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
