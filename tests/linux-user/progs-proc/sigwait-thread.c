/*
 * sigwait for a process-directed signal every thread blocks, sent by
 * another thread with kill(getpid()) (CPython's test_sigwait_thread):
 * the waiting thread must be woken, in the main thread and in a second
 * one; and with a timeout, sigtimedwait sees it too.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

static void *kill_later(void *arg)
{
    struct timespec ts = { 0, 200 * 1000 * 1000 };

    nanosleep(&ts, NULL);
    kill(getpid(), (int)(long)arg);
    return NULL;
}

static void *wait_thread(void *arg)
{
    sigset_t set;
    int sig = 0;

    sigemptyset(&set);
    sigaddset(&set, (int)(long)arg);
    printf("thread sigwait %d", sigwait(&set, &sig));
    printf(" got %d\n", sig);
    return NULL;
}

int main(void)
{
    struct timespec tmo = { 30, 0 };
    pthread_t k, w;
    sigset_t set;
    siginfo_t si;
    int sig = 0;

    setvbuf(stdout, NULL, _IONBF, 0);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    /* the main thread waits, another sends */
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    pthread_create(&k, NULL, kill_later, (void *)(long)SIGUSR1);
    printf("main sigwait %d", sigwait(&set, &sig));
    printf(" got %d\n", sig);
    pthread_join(k, NULL);

    /* a second thread waits, the main thread sends */
    pthread_create(&w, NULL, wait_thread, (void *)(long)SIGUSR2);
    kill_later((void *)(long)SIGUSR2);
    pthread_join(w, NULL);

    /* sigtimedwait, with siginfo */
    sigemptyset(&set);
    sigaddset(&set, SIGHUP);
    pthread_create(&k, NULL, kill_later, (void *)(long)SIGHUP);
    sig = sigtimedwait(&set, &si, &tmo);
    printf("sigtimedwait %d code %d pid ok %d\n", sig, si.si_code,
           si.si_pid == getpid());
    pthread_join(k, NULL);

    sigpending(&set);
    printf("still pending %d\n", sigismember(&set, SIGUSR1) +
           sigismember(&set, SIGUSR2) + sigismember(&set, SIGHUP));
    return 0;
}
