/*
 * A child killed with SIGTERM at any moment around its execve dies by
 * SIGTERM: before the call, inside it, or in the new program. The parent
 * sends the signal after a delay that sweeps across the child's way
 * from fork to the new program's sleep, so that some land inside the
 * execve (under an emulator: while the new emulator starts). A lost
 * signal shows as a child that slept and exited 0.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 120

extern char **environ;

int main(int argc, char **argv)
{
    int killed = 0;

    if (argc > 1 && strcmp(argv[1], "sleeper") == 0) {
        sleep(3);
        return 0;
    }
    for (int i = 0; i < ROUNDS; i++) {
        struct timespec delay = { 0, (i % 40) * 50000L };   /* 0..2 ms */
        int st;
        pid_t pid = fork();

        if (pid == 0) {
            char *args[] = { argv[0], "sleeper", NULL };

            execve(argv[0], args, environ);
            _exit(127);
        }
        if (pid < 0) {
            perror("fork");
            return 1;
        }
        nanosleep(&delay, NULL);
        kill(pid, SIGTERM);
        if (waitpid(pid, &st, 0) != pid) {
            perror("waitpid");
            return 1;
        }
        if (WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM) {
            killed++;
        } else {
            printf("round %d: child %s %d\n", i,
                   WIFSIGNALED(st) ? "signalled" : "exited",
                   WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
        }
    }
    printf("%d of %d children died by SIGTERM\n", killed, ROUNDS);
    return 0;
}
