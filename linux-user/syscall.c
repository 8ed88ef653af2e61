/*
 * System-call dispatch: the table built from each area's entries
 * (syscall-*.c), -strace around every call, and -ENOSYS plus a
 * "-d unimp" line for a number nobody implements.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"
#include "util/log.h"

#include <errno.h>

static const UserSyscall *table[USER_NR_MAX];

/* Names of every known number, for -strace and -d unimp. */
static const char *const nr_names[USER_NR_MAX] = {
#define SYS_NR(name, nr) [nr] = #name,
#include "generic/syscall-nr.h"
#undef SYS_NR
};

static void add_area(const UserSyscall *area)
{
    for (; area->name; area++) {
        g_assert(area->nr >= 0 && area->nr < USER_NR_MAX);
        g_assert(!table[area->nr]);     /* two areas claim one number */
        table[area->nr] = area;
    }
}

void user_syscall_init(void)
{
    static const UserSyscall *const areas[] = {
        user_syscalls_file, user_syscalls_mem, user_syscalls_proc,
        user_syscalls_time, user_syscalls_net, user_syscalls_signal,
        user_syscalls_fs,
        user_syscalls_thread, user_syscalls_exec,
        user_syscalls_ipc,
    };

    for (size_t i = 0; i < G_N_ELEMENTS(areas); i++) {
        add_area(areas[i]);
    }
}

int64_t user_errno_ret(int64_t r)
{
    return r < 0 ? -(int64_t)errno : r;
}

int64_t user_do_syscall(UserThread *t, int nr, const uint64_t *args)
{
    const UserSyscall *s = nr >= 0 && nr < USER_NR_MAX ? table[nr] : NULL;
    int64_t ret;

    if (!s) {
        const char *name = nr >= 0 && nr < USER_NR_MAX ? nr_names[nr] : NULL;

        vireo_log_mask(LOG_UNIMP, "unimplemented system call %d (%s)\n", nr,
                       name ? name : "unknown");
        if (user_proc.strace) {
            UserSyscall unknown = { nr, name ? name : "unknown", NULL,
                                    "xxxxxx" };
            user_strace_enter(t, &unknown, nr, args);
            user_strace_exit(t, &unknown, -ENOSYS);
        }
        return -ENOSYS;
    }
    /* a signal came after the last delivery: it goes first */
    if (user_signal_pending(t)) {
        return -USER_ERESTARTSYS;
    }
    if (user_proc.strace) {
        user_strace_enter(t, s, nr, args);
    }
    ret = s->fn(t, args);
    if (ret == -EINTR) {
        ret = user_signal_eintr(t, nr);
    }
    if (user_proc.strace) {
        user_strace_exit(t, s, ret);
    }
    return ret;
}
