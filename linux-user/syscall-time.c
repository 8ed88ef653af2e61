/*
 * System calls on clocks, timers and sleeping.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"

#include <errno.h>
#include <time.h>

static int64_t sys_clock_gettime(UserThread *t, const uint64_t *a)
{
    struct timespec ts;

    (void)t;
    if (clock_gettime((clockid_t)a[0], &ts) < 0) {
        return -errno;
    }
    return user_copy_to(a[1], &ts, sizeof(ts));
}

const UserSyscall user_syscalls_time[] = {
    { USER_NR_clock_gettime, "clock_gettime", sys_clock_gettime, "dp" },
    { 0 }
};
