/*
 * A signal that arrives just as a blocking call starts must still
 * interrupt it. A child blocked in pause() is killed by the SIGTERM its
 * parent sends at once after fork; a thread about to block in read() on
 * an empty pipe, or in a futex wait (sem_wait), gets one signal whose
 * handler writes a byte to that pipe (posts the semaphore), so under a
 * kernel the call either returns EINTR or finds the byte, whenever the
 * signal lands. An emulator that looks for signals only before it enters
 * the host call leaves some of these blocked for ever: the handler never
 * runs (the test then times out). Many rounds, to meet the window.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <fcntl.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define ROUNDS 150

static int pipefd[2];
static sem_t sem;
static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
    char c = 'x';

    (void)sig;
    handled++;
    if (write(pipefd[1], &c, 1) != 1) {
        handled = -1000000;
    }
    sem_post(&sem);
}

static void *reader(void *arg)
{
    char c;
    long r;

    (void)arg;
    r = read(pipefd[0], &c, 1);
    return (void *)(r == 1 || (r == -1 && errno == EINTR) ? 1L : 0L);
}

static void *waiter(void *arg)
{
    int r;

    (void)arg;
    r = sem_wait(&sem);
    return (void *)(r == 0 || (r == -1 && errno == EINTR) ? 1L : 0L);
}

/* Drop what the last round's handler left in the pipe and semaphore. */
static void drain(void)
{
    char buf[64];

    while (read(pipefd[0], buf, sizeof(buf)) > 0) {
        continue;
    }
    while (sem_trywait(&sem) == 0) {
        continue;
    }
}

/* Start fn in a thread and signal it once; true when it came back well. */
static int interrupt_thread(void *(*fn)(void *))
{
    pthread_t th;
    void *ret = NULL;
    int ok;

    if (pthread_create(&th, NULL, fn, NULL) != 0) {
        return 0;
    }
    ok = pthread_kill(th, SIGUSR1) == 0 && pthread_join(th, &ret) == 0 &&
         ret == (void *)1L;
    fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
    drain();
    fcntl(pipefd[0], F_SETFL, 0);
    return ok;
}

int main(void)
{
    struct sigaction sa;
    int killed = 0, reads = 0, waits = 0;

    check_init();
    for (int i = 0; i < ROUNDS / 3; i++) {
        int status = 0;
        pid_t pid = fork();

        if (pid == 0) {
            for (;;) {
                pause();
            }
        }
        if (pid < 0 || kill(pid, SIGTERM) < 0 ||
            waitpid(pid, &status, 0) != pid) {
            break;
        }
        killed += WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM;
    }
    CHECK(killed == ROUNDS / 3);

    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_usr1;        /* no SA_RESTART: read returns EINTR */
    CHECK(sigaction(SIGUSR1, &sa, NULL) == 0);
    CHECK(pipe(pipefd) == 0 && sem_init(&sem, 0, 0) == 0);
    for (int i = 0; i < ROUNDS; i++) {
        reads += interrupt_thread(reader);
        waits += interrupt_thread(waiter);
    }
    CHECK(reads == ROUNDS);
    CHECK(waits == ROUNDS);
    CHECK(handled == 2 * ROUNDS);
    printf("%d children killed, %d reads and %d waits interrupted\n",
           killed, reads, waits);
    return check_done();
}
