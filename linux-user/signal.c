/*
 * Guest signals: dispositions, masks, queues, and delivery through the
 * target's signal frame. For now only the fatal default action exists:
 * a signal the guest causes ends the process as the host signal would.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"
#include "util/log.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

void user_signal_init(void)
{
}

void user_signal_thread_init(UserThread *t, const UserThread *parent)
{
    (void)t;
    (void)parent;
}

void user_signal_thread_free(UserThread *t)
{
    (void)t;
}

/* The default action of a fatal signal: die by the host's own. */
static G_NORETURN void die_by_signal(int sig)
{
    struct sigaction sa = { .sa_handler = SIG_DFL };
    sigset_t set;

    vireo_log_flush();
    fflush(stdout);
    fflush(stderr);
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

void user_force_signal(UserThread *t, int sig, int code, uint64_t addr)
{
    (void)t;
    vireo_log_mask(LOG_INT, "vireo-riscv64: signal %d code %d addr 0x%"
                   G_GINT64_MODIFIER "x\n", sig, code, addr);
    die_by_signal(sig);
}

void user_process_signals(UserThread *t)
{
    (void)t;
}

const UserSyscall user_syscalls_signal[] = {
    { 0 }
};
