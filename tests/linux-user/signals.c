/*
 * Signals: an SA_SIGINFO handler sees si_signo/si_code for raise and
 * kill, a blocked signal stays pending and is delivered on unblock, a
 * handler runs on the sigaltstack, SIGSEGV from a NULL access is caught
 * and left with siglongjmp, SIGALRM from alarm interrupts pause and one
 * from setitimer interrupts sigsuspend.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/time.h>
#include <unistd.h>
#include "check.h"

static volatile sig_atomic_t got_signo, got_code, got_count, on_alt;
static volatile pid_t got_pid;
static char altstack[64 * 1024];
static sigjmp_buf env;

static void on_sig(int sig, siginfo_t *si, void *uc)
{
    char here;

    (void)uc;
    got_signo = si->si_signo == sig ? sig : -1;
    got_code = si->si_code;
    got_pid = si->si_pid;
    got_count++;
    on_alt = &here >= altstack && &here < altstack + sizeof(altstack);
}

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    got_signo = sig;
    got_code = si->si_code;
    siglongjmp(env, si->si_addr == NULL ? 1 : 2);
}

static void handle(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
    struct sigaction sa = { .sa_sigaction = fn,
                            .sa_flags = SA_SIGINFO | flags };

    sigemptyset(&sa.sa_mask);
    CHECK(sigaction(sig, &sa, NULL) == 0);
}

int main(void)
{
    sigset_t set, old, pend;
    stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
    struct itimerval it = { .it_value = { 0, 50000 } };
    struct sigaction cur;

    check_init();
    handle(SIGUSR1, on_sig, 0);
    CHECK(sigaction(SIGUSR1, NULL, &cur) == 0 &&
          cur.sa_sigaction == on_sig && (cur.sa_flags & SA_SIGINFO));
    CHECK(raise(SIGUSR1) == 0);
    CHECK(got_count == 1 && got_signo == SIGUSR1 && got_code == SI_TKILL);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    CHECK(got_count == 2 && got_code == SI_USER && got_pid == getpid());

    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
    raise(SIGUSR1);
    CHECK(got_count == 2);
    CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    CHECK(got_count == 3);

    CHECK(sigaltstack(&ss, NULL) == 0);
    handle(SIGUSR2, on_sig, SA_ONSTACK);
    raise(SIGUSR2);
    CHECK(got_signo == SIGUSR2 && on_alt);
    raise(SIGUSR1);
    CHECK(got_signo == SIGUSR1 && !on_alt);

    handle(SIGSEGV, on_segv, SA_NODEFER);
    got_signo = 0;
    if (sigsetjmp(env, 1) == 0) {
        *(volatile int *)(uintptr_t)0 = 1;
        CHECK(!"NULL store did not fault");
    } else {
        CHECK(got_signo == SIGSEGV && got_code == SEGV_MAPERR);
    }
    if (sigsetjmp(env, 1) == 0) {
        (void)*(volatile int *)(uintptr_t)0;
        CHECK(!"NULL load did not fault");
    } else {
        CHECK(got_signo == SIGSEGV);
    }

    handle(SIGALRM, on_sig, 0);
    got_count = 0;
    alarm(1);
    CHECK(pause() == -1 && errno == EINTR);
    CHECK(got_signo == SIGALRM && got_count == 1);
    /* blocked until sigsuspend: a 50 ms timer may expire before it */
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    CHECK(sigprocmask(SIG_BLOCK, &set, &old) == 0);
    CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
    CHECK(sigsuspend(&old) == -1 && errno == EINTR && got_count == 2);
    CHECK(sigprocmask(SIG_SETMASK, &old, NULL) == 0);
    CHECK(getitimer(ITIMER_REAL, &it) == 0 && it.it_value.tv_sec == 0 &&
          it.it_value.tv_usec == 0);
    CHECK(sigaction(64 + 1, &cur, NULL) == -1 && errno == EINVAL);
    return check_done();
}
