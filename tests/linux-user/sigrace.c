/*
 * Signals racing blocking system calls: many rounds of a signal timed
 * to land just before (or just after) a blocking read, futex wait or
 * ppoll whose only wake-up is what that signal's handler does. If the
 * emulator checks for signals and only then starts the host call
 * without closing the gap in between, a signal landing there is queued
 * while the host call sleeps on: the program hangs and the runner's
 * timeout reports it. The same with ppoll given a mask that lets
 * through a signal the program otherwise blocks (the pselect pattern:
 * the signal is only ever delivered inside the call). And a read of a
 * pipe that already holds a byte, which the signal must never make fail
 * with EINTR, however it lands (Linux only interrupts a read that has
 * to wait). Then the restart
 * rule of nanosleep and
 * clock_nanosleep: a sleep interrupted again and again by a signal the
 * program blocks goes on with the time left instead of starting over
 * (else it would never end).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Most rounds take their signal from a POSIX timer armed just before
 * the call with a varying delay, so that the host kernel raises it at
 * points sweeping across the start of the call (no other thread needs
 * a CPU for that, which matters on a loaded machine). Some come from
 * another thread (tgkill inside the process: the emulator's own kick)
 * that waits for the round by spinning while the receiver spins a
 * varying number of iterations before its call.
 */
#define _GNU_SOURCE
#include <linux/futex.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define ROUNDS 3000
#define MAX_SPIN 3000
#define MAX_DELAY_NS 20000

static int pfd[2];
static volatile int futex_word;
static volatile int *round_no;  /* shared with the sender (maybe forked) */
static volatile int *sender_done;
static volatile pid_t target_tid;
static int sender_sig;
static volatile sig_atomic_t handled;
static timer_t timer;
static int use_timer;

static void on_pipe_sig(int sig)
{
    (void)sig;
    handled++;
    if (write(pfd[1], "x", 1) != 1) {
        _exit(3);
    }
}

static void on_futex_sig(int sig)
{
    (void)sig;
    handled++;
    futex_word = 1;             /* no wake: the wait must not start */
}

static void set_handler(int sig, void (*fn)(int))
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;         /* no SA_RESTART */
    sigaction(sig, &sa, NULL);
}

static void spin(unsigned n)
{
    for (volatile unsigned i = 0; i < n; i++) {
    }
}

/* Fire one signal at thread tid per round. */
static void sender_loop(pid_t pid, pid_t tid)
{
    int seen = 0;

    for (;;) {
        int r;

        while ((r = __atomic_load_n(round_no, __ATOMIC_ACQUIRE)) == seen) {
            if (__atomic_load_n(sender_done, __ATOMIC_ACQUIRE)) {
                return;
            }
        }
        seen = r;
        syscall(SYS_tgkill, pid, tid, sender_sig);
    }
}

static void *sender_thread(void *arg)
{
    (void)arg;
    sender_loop(getpid(), target_tid);
    return NULL;
}

static unsigned next_rand(unsigned *seed, unsigned max)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 8) % max;
}

/* Drain the pipe after a round: exactly one byte per handled signal. */
static int drain(void)
{
    char c;

    return read(pfd[0], &c, 1) == 1;
}

enum { CALL_READ, CALL_FUTEX, CALL_PPOLL, CALL_PPOLL_MASK, CALL_READ_READY };

/* ROUNDS rounds of one call; false when a round went wrong. */
static int run_rounds(int call)
{
    unsigned seed = 12345;
    int bad = 0;

    for (int i = 1; i <= ROUNDS && !bad; i++) {
        long r;
        char c;

        handled = 0;
        futex_word = 0;
        if (call == CALL_READ_READY && write(pfd[1], "y", 1) != 1) {
            bad = 1;
            break;
        }
        if (use_timer) {
            struct itimerspec it = {
                .it_value = { 0, 1 + next_rand(&seed, MAX_DELAY_NS) },
            };

            timer_settime(timer, 0, &it, NULL);
        } else {
            __atomic_store_n(round_no, i, __ATOMIC_RELEASE);
            spin(next_rand(&seed, MAX_SPIN));
        }
        switch (call) {
        case CALL_READ_READY:
            r = read(pfd[0], &c, 1);
            bad = r != 1;
            break;
        case CALL_READ:
            r = read(pfd[0], &c, 1);
            /* the byte, or EINTR with the byte still in the pipe */
            bad = r == 1 ? 0 : !(r < 0 && errno == EINTR && drain());
            break;
        case CALL_FUTEX:
            r = syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0,
                        NULL, NULL, 0);
            bad = !(r < 0 && (errno == EAGAIN || errno == EINTR));
            break;
        case CALL_PPOLL: {
            struct pollfd p = { .fd = pfd[0], .events = POLLIN };

            r = ppoll(&p, 1, NULL, NULL);
            bad = !((r == 1 || (r < 0 && errno == EINTR)) && drain());
            break;
        }
        default: {
            sigset_t none;

            /* the signal is blocked but here: only EINTR ends this */
            sigemptyset(&none);
            r = ppoll(NULL, 0, NULL, &none);
            bad = !(r < 0 && errno == EINTR);
            break;
        }
        }
        /* the handler ran exactly once for this round */
        while (!handled) {
            /* a signal landing after the call returned: wait for it */
            sched_yield();
        }
        bad |= handled != 1;
    }
    return !bad;
}

static void race_thread(int call, int sig, void (*fn)(int))
{
    pthread_t th;

    sender_sig = sig;
    set_handler(sig, fn);
    *round_no = 0;
    *sender_done = 0;
    target_tid = (pid_t)syscall(SYS_gettid);
    CHECK(pthread_create(&th, NULL, sender_thread, NULL) == 0);
    CHECK(run_rounds(call));
    __atomic_store_n(sender_done, 1, __ATOMIC_RELEASE);
    CHECK(pthread_join(th, NULL) == 0);
    set_handler(sig, SIG_DFL);
}

static void race_timer(int call, void (*fn)(int))
{
    struct sigevent sev;

    set_handler(SIGALRM, fn);
    memset(&sev, 0, sizeof(sev));
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGALRM;
    CHECK(timer_create(CLOCK_MONOTONIC, &sev, &timer) == 0);
    use_timer = 1;
    CHECK(run_rounds(call));
    use_timer = 0;
    CHECK(timer_delete(timer) == 0);
    set_handler(SIGALRM, SIG_DFL);
}

/*
 * A sleep of 200 ms while another process sends a signal this one
 * blocks every 2 ms until the sleep is over: each one interrupts the
 * emulator's host sleep, and a restart of the whole 200 ms would never
 * end. After it, the signal is pending.
 */
static void sleep_through(int use_clock)
{
    struct timespec req = { 0, 200 * 1000 * 1000 };
    struct timespec period = { 0, 2 * 1000 * 1000 };
    sigset_t set, pend;
    pid_t child;
    int status, r;

    set_handler(SIGUSR1, on_futex_sig);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    *sender_done = 0;
    child = fork();
    if (child == 0) {
        while (!__atomic_load_n(sender_done, __ATOMIC_ACQUIRE)) {
            kill(getppid(), SIGUSR1);
            nanosleep(&period, NULL);
        }
        _exit(0);
    }
    CHECK(child > 0);
    if (use_clock) {
        r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
        CHECK(r == 0);
    } else {
        r = nanosleep(&req, NULL);
        CHECK(r == 0);
    }
    __atomic_store_n(sender_done, 1, __ATOMIC_RELEASE);
    CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status));
    CHECK(sigpending(&pend) == 0 && sigismember(&pend, SIGUSR1));
    handled = 0;
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    CHECK(handled == 1);
    set_handler(SIGUSR1, SIG_DFL);
}

int main(void)
{
    volatile int *shared;
    sigset_t set;

    check_init();
    shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    CHECK(shared != MAP_FAILED);
    if (shared == MAP_FAILED) {
        return check_done();
    }
    round_no = &shared[0];
    sender_done = &shared[16];
    CHECK(pipe(pfd) == 0);

    race_timer(CALL_READ, on_pipe_sig);
    race_timer(CALL_FUTEX, on_futex_sig);
    race_timer(CALL_PPOLL, on_pipe_sig);
    sigemptyset(&set);
    sigaddset(&set, SIGALRM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    race_timer(CALL_PPOLL_MASK, on_futex_sig);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    race_timer(CALL_READ_READY, on_futex_sig);
    race_thread(CALL_READ, SIGUSR1, on_pipe_sig);
    race_thread(CALL_FUTEX, SIGUSR2, on_futex_sig);
    sleep_through(0);
    sleep_through(1);
    return check_done();
}
