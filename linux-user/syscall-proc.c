/*
 * System calls on processes and threads: the thread list, exit and
 * exit_group, identities, uname, resource limits.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"
#include "util/log.h"

#include <errno.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

__thread UserThread *user_self;

UserThread *user_thread_new(CPUState *cpu)
{
    UserThread *t = g_new0(UserThread, 1);

    t->cpu = cpu;
    t->tid = (pid_t)syscall(SYS_gettid);
    g_mutex_lock(&user_proc.lock);
    t->next = user_proc.threads;
    user_proc.threads = t;
    user_proc.nthreads++;
    g_mutex_unlock(&user_proc.lock);
    return t;
}

G_NORETURN void user_exit_group(int status)
{
    user_gdb_exit(status);
    vireo_log_flush();
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}

G_NORETURN void user_thread_exit(UserThread *t, int status)
{
    UserThread **pp;
    bool last;

    g_mutex_lock(&user_proc.lock);
    last = user_proc.nthreads == 1;
    if (!last) {
        for (pp = &user_proc.threads; *pp; pp = &(*pp)->next) {
            if (*pp == t) {
                *pp = t->next;
                break;
            }
        }
        user_proc.nthreads--;
    }
    g_mutex_unlock(&user_proc.lock);
    if (last) {
        user_exit_group(status);
    }
    if (t->clear_child_tid) {
        uint32_t *p = user_ptr(t->clear_child_tid, 4, PAGE_WRITE);

        if (p) {
            __atomic_store_n(p, 0, __ATOMIC_SEQ_CST);
            syscall(SYS_futex, p, FUTEX_WAKE, INT32_MAX, NULL, NULL, 0);
        }
    }
    user_signal_thread_free(t);
    tcg_start_exclusive();
    user_target_cpu_free(t->cpu);
    tcg_end_exclusive();
    g_free(t);
    user_self = NULL;
    pthread_exit(NULL);
}

static int64_t sys_exit(UserThread *t, const uint64_t *a)
{
    user_thread_exit(t, (int)a[0] & 0xff);
}

static int64_t sys_exit_group(UserThread *t, const uint64_t *a)
{
    (void)t;
    user_exit_group((int)a[0] & 0xff);
}

static int64_t sys_getpid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return getpid();
}

static int64_t sys_gettid(UserThread *t, const uint64_t *a)
{
    (void)a;
    return t->tid;
}

static int64_t sys_set_tid_address(UserThread *t, const uint64_t *a)
{
    t->clear_child_tid = a[0];
    return t->tid;
}

static int64_t sys_uname(UserThread *t, const uint64_t *a)
{
    struct utsname u;

    (void)t;
    if (uname(&u) < 0) {
        return -errno;
    }
    g_strlcpy(u.machine, USER_TARGET_MACHINE, sizeof(u.machine));
    return user_copy_to(a[0], &u, sizeof(u));
}

/*
 * The kernel would walk a robust list with host pointers; glibc copes
 * without one (as under other user-mode emulators).
 */
static int64_t sys_set_robust_list(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return -ENOSYS;
}

static int64_t sys_getuid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return getuid();
}

static int64_t sys_geteuid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return geteuid();
}

static int64_t sys_getgid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return getgid();
}

static int64_t sys_getegid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return getegid();
}

static int64_t sys_getppid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return getppid();
}

const UserSyscall user_syscalls_proc[] = {
    { USER_NR_exit, "exit", sys_exit, "d" },
    { USER_NR_exit_group, "exit_group", sys_exit_group, "d" },
    { USER_NR_getpid, "getpid", sys_getpid, "" },
    { USER_NR_getppid, "getppid", sys_getppid, "" },
    { USER_NR_gettid, "gettid", sys_gettid, "" },
    { USER_NR_getuid, "getuid", sys_getuid, "" },
    { USER_NR_geteuid, "geteuid", sys_geteuid, "" },
    { USER_NR_getgid, "getgid", sys_getgid, "" },
    { USER_NR_getegid, "getegid", sys_getegid, "" },
    { USER_NR_set_tid_address, "set_tid_address", sys_set_tid_address,
      "p" },
    { USER_NR_set_robust_list, "set_robust_list", sys_set_robust_list,
      "pu" },
    { USER_NR_uname, "uname", sys_uname, "p" },
    { 0 }
};
