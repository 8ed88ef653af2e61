/*
 * The self-check helpers the linux-user test programs share: CHECK()
 * prints one numbered "ok"/"FAIL" line per check, SKIP() names a check a
 * known-wrong emulator cannot pass, and check_done() prints PASS only when
 * nothing failed and returns the exit status. Output is unbuffered so that
 * lines of forked children and threads interleave in program order.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef LINUX_USER_CHECK_H
#define LINUX_USER_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_count, check_failed;

#define CHECK(cond) check_one(!!(cond), #cond, __LINE__)

static inline void check_one(int ok, const char *what, int line)
{
    int e = errno;

    check_count++;
    if (ok) {
        printf("ok %d %s\n", check_count, what);
    } else {
        printf("FAIL %d %s (line %d, errno %d %s)\n", check_count, what,
               line, e, strerror(e));
        check_failed = 1;
    }
}

/* The runner sets VIREO_LU_SKIP=a,b for checks the emulator is known to
 * get wrong (documented in run-linux-user-test.py). */
static inline int check_skipped(const char *name)
{
    const char *s = getenv("VIREO_LU_SKIP");
    size_t n = strlen(name);

    while (s && *s) {
        if (!strncmp(s, name, n) && (s[n] == ',' || !s[n])) {
            printf("ok %d # SKIP %s: known wrong in this emulator\n",
                   ++check_count, name);
            return 1;
        }
        s = strchr(s, ',');
        s = s ? s + 1 : NULL;
    }
    return 0;
}

static inline void check_init(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
}

static inline int check_done(void)
{
    if (!check_failed) {
        printf("PASS\n");
    }
    return check_failed;
}

#endif
