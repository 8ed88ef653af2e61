/*
 * Signals pending when a program calls execve stay pending in the new
 * program (Linux keeps the pending set and the mask across execve): one
 * sent by another process to a child that blocks it, and one the
 * program raises itself, both blocked at the execve. The new program
 * sees them in sigpending, and unblocking SIGTERM ends it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    sigset_t set, pend;
    int st, fds[2];
    char c;
    pid_t pid;

    if (argc > 1 && strcmp(argv[1], "after-exec") == 0) {
        sigpending(&pend);
        printf("after exec: USR1 pending %d, TERM pending %d\n",
               sigismember(&pend, SIGUSR1), sigismember(&pend, SIGTERM));
        fflush(stdout);
        sigemptyset(&set);
        sigaddset(&set, SIGTERM);
        sigprocmask(SIG_UNBLOCK, &set, NULL);
        printf("still alive after unblocking SIGTERM\n");
        return 0;
    }
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGTERM);
    sigprocmask(SIG_BLOCK, &set, NULL);
    if (pipe(fds) < 0) {
        return 1;
    }
    pid = fork();
    if (pid == 0) {
        char *args[] = { argv[0], "after-exec", NULL };

        raise(SIGUSR1);
        read(fds[0], &c, 1);    /* the parent has sent SIGTERM */
        execve(argv[0], args, environ);
        return 127;
    }
    kill(pid, SIGTERM);
    write(fds[1], "x", 1);
    waitpid(pid, &st, 0);
    printf("child: signalled %d by %s\n", WIFSIGNALED(st),
           WIFSIGNALED(st) ? strsignal(WTERMSIG(st)) : "-");
    return 0;
}
