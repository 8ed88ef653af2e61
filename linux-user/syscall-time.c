/*
 * System calls on clocks, timers and sleeping: clock_*, nanosleep,
 * gettimeofday/settimeofday, adjtimex/clock_adjtime, the interval timers
 * and the POSIX timer_* family. All are the host call on checked guest
 * pointers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Layouts both LP64 ABIs share: timespec, timeval, timezone, itimerval,
 * itimerspec, struct timex and struct sigevent (64 bytes: SIGEV_SIGNAL
 * and SIGEV_THREAD_ID, whose tid is the host thread's since guest
 * threads are host threads). Clock ids are the same numbers. Timer
 * signals (SIGALRM, a timer's sigev_signo) go to the host process; the
 * signal code hands them on to the guest. A sleep a host signal
 * interrupts returns -EINTR as the host call does.
 */
#include "user-internal.h"

#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/timex.h>
#include <time.h>
#include <unistd.h>

/* adjtimex modes that only read (0 and ADJ_OFFSET_SS_READ). */
#define ADJ_READ_ONLY 0xa001

static int64_t sys_clock_gettime(UserThread *t, const uint64_t *a)
{
    struct timespec ts;

    (void)t;
    if (clock_gettime((clockid_t)a[0], &ts) < 0) {
        return -errno;
    }
    return user_copy_to(a[1], &ts, sizeof(ts));
}

static int64_t sys_clock_getres(UserThread *t, const uint64_t *a)
{
    struct timespec ts;

    (void)t;
    if (clock_getres((clockid_t)a[0], &ts) < 0) {
        return -errno;
    }
    /* A NULL res is allowed: only the clock is checked. */
    return a[1] ? user_copy_to(a[1], &ts, sizeof(ts)) : 0;
}

static int64_t sys_clock_settime(UserThread *t, const uint64_t *a)
{
    struct timespec ts;

    (void)t;
    if (user_copy_from(&ts, a[1], sizeof(ts)) < 0) {
        return -EFAULT;
    }
    return user_errno_ret(clock_settime((clockid_t)a[0], &ts));
}

/*
 * A host signal the guest does not see (an ignored SIGCHLD, a kick)
 * interrupts the host sleep: sleep on for the time left here, as Linux
 * does, rather than restart the guest's call with its whole time.
 */
static bool sleep_on(UserThread *t, int err)
{
    if (err != EINTR) {
        return false;
    }
    /* a signal from here on stops the next sleep before it starts */
    user_safe_syscall_rearm();
    return !user_signal_pending(t);
}

static int64_t sys_clock_nanosleep(UserThread *t, const uint64_t *a)
{
    struct timespec req, rem;
    bool abs_time = a[1] & TIMER_ABSTIME;
    int r;

    if (user_copy_from(&req, a[2], sizeof(req)) < 0) {
        return -EFAULT;
    }
    do {
        r = user_safe_syscall(SYS_clock_nanosleep, (clockid_t)a[0],
                              (int)a[1], &req, &rem) < 0 ? errno : 0;
        if (!abs_time) {
            req = rem;
        }
    } while (sleep_on(t, r));
    if (r == EINTR && a[3] && !abs_time &&
        user_copy_to(a[3], &rem, sizeof(rem)) < 0) {
        return -EFAULT;
    }
    return -r;
}

static int64_t sys_nanosleep(UserThread *t, const uint64_t *a)
{
    struct timespec req, rem;
    int err;

    if (user_copy_from(&req, a[0], sizeof(req)) < 0) {
        return -EFAULT;
    }
    do {
        err = user_safe_syscall(SYS_nanosleep, &req, &rem) < 0 ? errno : 0;
        req = rem;
    } while (sleep_on(t, err));
    if (err == EINTR && a[1] && user_copy_to(a[1], &rem, sizeof(rem)) < 0) {
        return -EFAULT;
    }
    return -err;
}

static int64_t sys_gettimeofday(UserThread *t, const uint64_t *a)
{
    struct timeval tv;
    struct timezone tz;

    (void)t;
    if (syscall(SYS_gettimeofday, &tv, &tz) < 0) {
        return -errno;
    }
    if (a[0] && user_copy_to(a[0], &tv, sizeof(tv)) < 0) {
        return -EFAULT;
    }
    if (a[1] && user_copy_to(a[1], &tz, sizeof(tz)) < 0) {
        return -EFAULT;
    }
    return 0;
}

static int64_t sys_settimeofday(UserThread *t, const uint64_t *a)
{
    struct timeval tv;
    struct timezone tz;

    (void)t;
    if ((a[0] && user_copy_from(&tv, a[0], sizeof(tv)) < 0) ||
        (a[1] && user_copy_from(&tz, a[1], sizeof(tz)) < 0)) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_settimeofday, a[0] ? &tv : NULL,
                                  a[1] ? &tz : NULL));
}

/*
 * Reading the kernel's clock discipline is fine; changing the host's
 * clock from a guest is not something we pass on.
 */
static int64_t do_adjtime(bool has_clock, clockid_t clk, uint64_t addr)
{
    struct timex *tx = user_ptr(addr, sizeof(*tx), PAGE_READ | PAGE_WRITE);

    if (!tx) {
        return -EFAULT;
    }
    if (tx->modes != 0 && tx->modes != ADJ_READ_ONLY) {
        return -EPERM;
    }
    return user_errno_ret(has_clock ? syscall(SYS_clock_adjtime, clk, tx)
                                    : syscall(SYS_adjtimex, tx));
}

static int64_t sys_adjtimex(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_adjtime(false, 0, a[0]);
}

static int64_t sys_clock_adjtime(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_adjtime(true, (clockid_t)a[0], a[1]);
}

static int64_t sys_getitimer(UserThread *t, const uint64_t *a)
{
    struct itimerval v;

    (void)t;
    if (syscall(SYS_getitimer, (int)a[0], &v) < 0) {
        return -errno;
    }
    return user_copy_to(a[1], &v, sizeof(v));
}

static int64_t sys_setitimer(UserThread *t, const uint64_t *a)
{
    struct itimerval nv, ov;

    (void)t;
    /* A NULL new value disarms, as the kernel has it. */
    if (a[1]) {
        if (user_copy_from(&nv, a[1], sizeof(nv)) < 0) {
            return -EFAULT;
        }
    } else {
        nv = (struct itimerval){ { 0, 0 }, { 0, 0 } };
    }
    if (a[2] && !user_ptr(a[2], sizeof(ov), PAGE_WRITE)) {
        return -EFAULT;
    }
    if (syscall(SYS_setitimer, (int)a[0], &nv, &ov) < 0) {
        return -errno;
    }
    return a[2] ? user_copy_to(a[2], &ov, sizeof(ov)) : 0;
}

/* --- POSIX timers: the kernel's timer ids are the guest's ------------- */

/* The kernel's struct sigevent: 64 bytes on both ABIs. */
#define SIGEVENT_SIZE 64

static int64_t sys_timer_create(UserThread *t, const uint64_t *a)
{
    void *sev = NULL;
    int *id = user_ptr(a[2], sizeof(int), PAGE_WRITE);

    (void)t;
    if (!id) {
        return -EFAULT;
    }
    if (a[1]) {
        sev = user_ptr(a[1], SIGEVENT_SIZE, PAGE_READ);
        if (!sev) {
            return -EFAULT;
        }
    }
    return user_errno_ret(syscall(SYS_timer_create, (clockid_t)a[0], sev,
                                  id));
}

static int64_t sys_timer_settime(UserThread *t, const uint64_t *a)
{
    void *nv = user_ptr(a[2], sizeof(struct itimerspec), PAGE_READ);
    void *ov = NULL;

    (void)t;
    if (!nv) {
        return -EFAULT;
    }
    if (a[3]) {
        ov = user_ptr(a[3], sizeof(struct itimerspec), PAGE_WRITE);
        if (!ov) {
            return -EFAULT;
        }
    }
    return user_errno_ret(syscall(SYS_timer_settime, (int)a[0], (int)a[1],
                                  nv, ov));
}

static int64_t sys_timer_gettime(UserThread *t, const uint64_t *a)
{
    void *cur = user_ptr(a[1], sizeof(struct itimerspec), PAGE_WRITE);

    (void)t;
    if (!cur) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_timer_gettime, (int)a[0], cur));
}

static int64_t sys_timer_getoverrun(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(syscall(SYS_timer_getoverrun, (int)a[0]));
}

static int64_t sys_timer_delete(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(syscall(SYS_timer_delete, (int)a[0]));
}

const UserSyscall user_syscalls_time[] = {
    { USER_NR_clock_gettime, "clock_gettime", sys_clock_gettime, "Cp" },
    { USER_NR_clock_getres, "clock_getres", sys_clock_getres, "Cp" },
    { USER_NR_clock_settime, "clock_settime", sys_clock_settime, "Cp" },
    { USER_NR_clock_nanosleep, "clock_nanosleep", sys_clock_nanosleep,
      "Cdpp" },
    { USER_NR_nanosleep, "nanosleep", sys_nanosleep, "pp" },
    { USER_NR_gettimeofday, "gettimeofday", sys_gettimeofday, "pp" },
    { USER_NR_settimeofday, "settimeofday", sys_settimeofday, "pp" },
    { USER_NR_adjtimex, "adjtimex", sys_adjtimex, "p" },
    { USER_NR_clock_adjtime, "clock_adjtime", sys_clock_adjtime, "Cp" },
    { USER_NR_getitimer, "getitimer", sys_getitimer, "dp" },
    { USER_NR_setitimer, "setitimer", sys_setitimer, "dpp" },
    { USER_NR_timer_create, "timer_create", sys_timer_create, "Cpp" },
    { USER_NR_timer_settime, "timer_settime", sys_timer_settime, "ddpp" },
    { USER_NR_timer_gettime, "timer_gettime", sys_timer_gettime, "dp" },
    { USER_NR_timer_getoverrun, "timer_getoverrun", sys_timer_getoverrun,
      "d" },
    { USER_NR_timer_delete, "timer_delete", sys_timer_delete, "d" },
    { 0 }
};
