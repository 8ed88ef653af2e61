/*
 * linux-user/safe-syscall.c: a blocking host call made through
 * user_safe_syscall() fails with USER_ERESTARTSYS without being made once
 * a host signal has flagged the thread, is made again after a rearm, and
 * a signal that lands in a blocked call ends it (EINTR) even when the host
 * handler has SA_RESTART, or before it (USER_ERESTARTSYS): never a call
 * blocked with the signal unseen.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "../../linux-user/user-internal.h"

#include <errno.h>
#include <glib.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__x86_64__) && defined(__linux__)
extern const char user_safe_syscall_start[], user_safe_syscall_end[];
extern const char user_safe_syscall_interrupted[];
#define HAVE_STUB 1
#endif

static void flag_thread(void)
{
    ucontext_t uc;

    memset(&uc, 0, sizeof(uc));     /* a pc outside the stub */
    user_safe_syscall_signal(&uc);
}

START_TEST(call_runs_when_not_flagged)
{
    int p[2];
    char c = 'a', got = 0;

    ck_assert_int_eq(pipe(p), 0);
    user_safe_syscall_rearm();
    ck_assert_int_eq(user_safe_syscall(SYS_write, p[1], &c, 1), 1);
    ck_assert_int_eq(user_safe_syscall(SYS_read, p[0], &got, 1), 1);
    ck_assert_int_eq(got, 'a');
    /* errors come back as syscall() gives them */
    errno = 0;
    ck_assert_int_eq(user_safe_syscall(SYS_read, -1, &got, 1), -1);
    ck_assert_int_eq(errno, EBADF);
    close(p[0]);
    close(p[1]);
}
END_TEST

START_TEST(flagged_call_is_not_made)
{
    int p[2];
    char c = 'b', got = 0;

    ck_assert_int_eq(pipe(p), 0);
    ck_assert_int_eq(write(p[1], &c, 1), 1);
    flag_thread();
    errno = 0;
    ck_assert_int_eq(user_safe_syscall(SYS_read, p[0], &got, 1), -1);
    ck_assert_int_eq(errno, USER_ERESTARTSYS);
    /* the byte is still there: the read did not happen */
    user_safe_syscall_rearm();
    ck_assert_int_eq(user_safe_syscall(SYS_read, p[0], &got, 1), 1);
    ck_assert_int_eq(got, 'b');
    close(p[0]);
    close(p[1]);
}
END_TEST

START_TEST(handler_moves_pc_only_before_the_call)
{
#ifdef HAVE_STUB
    ucontext_t uc;

    memset(&uc, 0, sizeof(uc));
    uc.uc_mcontext.gregs[REG_RIP] = (greg_t)user_safe_syscall_start;
    user_safe_syscall_signal(&uc);
    ck_assert(uc.uc_mcontext.gregs[REG_RIP] ==
              (greg_t)user_safe_syscall_interrupted);
    /* at `end` the kernel has finished the call: its result stands */
    uc.uc_mcontext.gregs[REG_RIP] = (greg_t)user_safe_syscall_end;
    user_safe_syscall_signal(&uc);
    ck_assert(uc.uc_mcontext.gregs[REG_RIP] ==
              (greg_t)user_safe_syscall_end);
    user_safe_syscall_rearm();
#endif
}
END_TEST

static void on_signal(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    user_safe_syscall_signal(uc);
}

typedef struct Blocked {
    int fd;
    long ret;
    int err;
} Blocked;

static void *block_in_read(void *opaque)
{
    Blocked *b = opaque;
    char c;

    user_safe_syscall_rearm();
    b->ret = user_safe_syscall(SYS_read, b->fd, &c, 1);
    b->err = errno;
    return NULL;
}

START_TEST(signal_in_the_call_interrupts_it_despite_sa_restart)
{
    struct sigaction sa, old;
    Blocked b = { .ret = 0 };
    pthread_t th;
    int p[2];

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_RESTART;
    ck_assert_int_eq(sigaction(SIGUSR1, &sa, &old), 0);
    ck_assert_int_eq(pipe(p), 0);
    b.fd = p[0];
    ck_assert_int_eq(pthread_create(&th, NULL, block_in_read, &b), 0);
    /*
     * Before the call (not made) or in it (the kernel would restart it:
     * SA_RESTART), the thread comes back; a plain syscall() would block
     * for ever here.
     */
    usleep(20000);
    ck_assert_int_eq(pthread_kill(th, SIGUSR1), 0);
    ck_assert_int_eq(pthread_join(th, NULL), 0);
    ck_assert_int_eq(b.ret, -1);
    ck_assert(b.err == EINTR || b.err == USER_ERESTARTSYS);
    sigaction(SIGUSR1, &old, NULL);
    close(p[0]);
    close(p[1]);
}
END_TEST

static Suite *safe_syscall_suite(void)
{
    Suite *s = suite_create("user-safe-syscall");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, call_runs_when_not_flagged);
    tcase_add_test(tc, flagged_call_is_not_made);
    tcase_add_test(tc, handler_moves_pc_only_before_the_call);
    tcase_add_test(tc, signal_in_the_call_interrupts_it_despite_sa_restart);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(safe_syscall_suite)
