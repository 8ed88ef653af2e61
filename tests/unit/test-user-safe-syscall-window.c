/*
 * linux-user/safe-syscall.c, the x86-64 stub's window taken one
 * instruction at a time: the stub is single-stepped (the trap flag), and
 * the SIGTRAP handler plays a host signal arriving before each
 * instruction in turn, with a real signal frame. Before the syscall
 * instruction has run (on it included) the call must not be made and
 * must fail with USER_ERESTARTSYS; once it has run, the kernel's result
 * stands. Also: the fifth and sixth arguments (passed on the stack) reach
 * the kernel, and a signal in a blocked call without SA_RESTART ends it
 * with EINTR.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "../../linux-user/user-internal.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <ucontext.h>
#include <unistd.h>

#if defined(__x86_64__) && defined(__linux__)

extern const char user_safe_syscall_start[], user_safe_syscall_end[];
extern const char user_safe_syscall_interrupted[];

#define EFLAGS_TF 0x100

/* Bytes waiting in a pipe's read end. */
static int pipe_bytes(int fd)
{
    int n = -1;

    ck_assert_int_eq(ioctl(fd, FIONREAD, &n), 0);
    return n;
}

/*
 * The signal comes before the step_target-th instruction of the window
 * (0: never); step_seen counts them, step_pcs records them.
 */
static volatile int step_target, step_seen, step_moved;
static volatile uintptr_t step_pcs[16];

static bool in_window(uintptr_t pc)
{
    /* by the labels, not by the code under test */
    return pc >= (uintptr_t)user_safe_syscall_start &&
           pc < (uintptr_t)user_safe_syscall_end;
}

static void on_trap(int sig, siginfo_t *si, void *vuc)
{
    ucontext_t *uc = vuc;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];

    (void)sig;
    (void)si;
    if (in_window(pc)) {
        if (step_seen < 16) {
            step_pcs[step_seen] = pc;
        }
        if (++step_seen == step_target) {
            user_safe_syscall_signal(uc);
            step_moved = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP] ==
                         (uintptr_t)user_safe_syscall_interrupted;
            uc->uc_mcontext.gregs[REG_EFL] &= ~EFLAGS_TF;
        }
    } else if (step_seen) {
        if (step_target == 0) {
            /* past the syscall instruction: the handler must not move it */
            user_safe_syscall_signal(uc);
            step_moved = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP] != pc;
        }
        uc->uc_mcontext.gregs[REG_EFL] &= ~EFLAGS_TF;
    }
}

static __attribute__((noinline)) long stepped_write(int fd, int *err)
{
    long r;

    __asm__ volatile("pushfq\n\torq $0x100, (%%rsp)\n\tpopfq"
                     ::: "memory", "cc");
    r = user_safe_syscall(SYS_write, fd, "x", 1);
    *err = errno;
    return r;
}

START_TEST(every_window_instruction_stops_the_call)
{
    struct sigaction sa;
    int p[2], window, err;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_trap;
    sa.sa_flags = SA_SIGINFO;
    ck_assert_int_eq(sigaction(SIGTRAP, &sa, NULL), 0);
    ck_assert_int_eq(pipe(p), 0);

    /* no signal in the window: each of its instructions is seen once */
    step_target = 0;
    step_seen = 0;
    step_moved = 0;
    user_safe_syscall_rearm();
    ck_assert_int_eq(stepped_write(p[1], &err), 1);
    ck_assert_int_eq(pipe_bytes(p[0]), 1);
    ck_assert(!step_moved);             /* a pc after `syscall` stays */
    window = step_seen;
    ck_assert_int_ge(window, 3);        /* the test, the jump, `syscall` */
    ck_assert_int_le(window, 16);
    /* the last one is the syscall instruction itself */
    ck_assert_int_eq(((const unsigned char *)step_pcs[window - 1])[0], 0x0f);
    ck_assert_int_eq(((const unsigned char *)step_pcs[window - 1])[1], 0x05);

    for (int k = 1; k <= window; k++) {
        step_target = k;
        step_seen = 0;
        step_moved = 0;
        user_safe_syscall_rearm();
        errno = 0;
        ck_assert_int_eq(stepped_write(p[1], &err), -1);
        ck_assert_int_eq(err, USER_ERESTARTSYS);
        ck_assert(step_moved);
        ck_assert_int_eq(pipe_bytes(p[0]), 1);      /* nothing written */
    }
    user_safe_syscall_rearm();
    close(p[0]);
    close(p[1]);
}
END_TEST

START_TEST(six_arguments_arrive)
{
    long page = sysconf(_SC_PAGESIZE);
    char path[] = "/tmp/vireo-safe-XXXXXX";
    int fd = mkstemp(path);
    char *buf = g_malloc0(2 * page);
    long r;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    buf[page] = 'Q';
    ck_assert_int_eq(write(fd, buf, 2 * page), 2 * page);
    user_safe_syscall_rearm();
    /* mmap's fifth and sixth arguments come from the stack */
    r = user_safe_syscall(SYS_mmap, 0, page, PROT_READ, MAP_PRIVATE, fd,
                          page);
    ck_assert(r != -1);
    ck_assert_int_eq(((char *)r)[0], 'Q');
    munmap((void *)r, page);
    close(fd);
    g_free(buf);
}
END_TEST

/* What linux-user's host handler does, for a real asynchronous signal. */
static volatile int alarm_moved = -1;

static void on_alarm(int sig, siginfo_t *si, void *vuc)
{
    ucontext_t *uc = vuc;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];

    (void)sig;
    (void)si;
    user_safe_syscall_signal(uc);
    alarm_moved = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP] != pc;
}

START_TEST(signal_in_blocked_call_gives_eintr)
{
    struct sigaction sa;
    struct itimerval it = { .it_value = { 0, 20000 } };
    int p[2], err = 0;
    long r = 0;
    char c;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_alarm;
    sa.sa_flags = SA_SIGINFO;           /* no SA_RESTART */
    ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
    ck_assert_int_eq(pipe(p), 0);
    /* a preempted thread may meet the signal before its read: again */
    for (int tries = 0; tries < 20 && err != EINTR; tries++) {
        user_safe_syscall_rearm();
        ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
        /* only the signal ends this read */
        r = user_safe_syscall(SYS_read, p[0], &c, 1);
        err = errno;
        ck_assert_int_eq(r, -1);
        ck_assert(err == EINTR || err == USER_ERESTARTSYS);
    }
    ck_assert_int_eq(err, EINTR);
    ck_assert_int_eq(alarm_moved, 0);
    /* and the flag it left stops the next call before it starts */
    ck_assert_int_eq(user_safe_syscall(SYS_read, p[0], &c, 1), -1);
    ck_assert_int_eq(errno, USER_ERESTARTSYS);
    user_safe_syscall_rearm();
    close(p[0]);
    close(p[1]);
}
END_TEST

#endif

static Suite *safe_window_suite(void)
{
    Suite *s = suite_create("user-safe-syscall-window");
    TCase *tc = tcase_create("core");

#if defined(__x86_64__) && defined(__linux__)
    tcase_add_test(tc, every_window_instruction_stops_the_call);
    tcase_add_test(tc, six_arguments_arrive);
    tcase_add_test(tc, signal_in_blocked_call_gives_eintr);
#endif
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(safe_window_suite)
