/*
 * A child killed with SIGTERM at any moment around its execve dies by
 * SIGTERM: before the call, inside it, or in the new program. The parent
 * sends the signal after a delay that sweeps across the child's way
 * from fork to the new program's sleep, so that some land inside the
 * execve (under an emulator: while the new emulator starts). A lost
 * signal shows as a child that slept and exited 0. The same with a
 * handler installed before the execve: it runs (the signal came first)
 * or the new program takes the default action, never neither.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ROUNDS 120

extern char **environ;

static void end_in_handler(int sig)
{
    (void)sig;
    _exit(5);
}

/*
 * ROUNDS children, each sent sig at a moment sweeping 0-2 ms after its
 * fork; with a handler (which exits 5) installed before the execve, or
 * none. Returns how many ended by sig or in the handler.
 */
static int race(char *self, int sig, bool handler)
{
    int ended = 0;

    for (int i = 0; i < ROUNDS; i++) {
        struct timespec delay = { 0, (i % 40) * 50000L };
        int st;
        pid_t pid = fork();

        if (pid == 0) {
            char *args[] = { self, "sleeper", NULL };

            if (handler) {
                signal(sig, end_in_handler);
            }
            execve(self, args, environ);
            _exit(127);
        }
        if (pid < 0) {
            perror("fork");
            exit(1);
        }
        nanosleep(&delay, NULL);
        kill(pid, sig);
        if (waitpid(pid, &st, 0) != pid) {
            perror("waitpid");
            exit(1);
        }
        if ((WIFSIGNALED(st) && WTERMSIG(st) == sig) ||
            (handler && WIFEXITED(st) && WEXITSTATUS(st) == 5)) {
            ended++;
        } else {
            printf("round %d: child %s %d\n", i,
                   WIFSIGNALED(st) ? "signalled" : "exited",
                   WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
        }
    }
    return ended;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "sleeper") == 0) {
        sleep(3);
        return 0;
    }
    printf("%d of %d children died by SIGTERM\n",
           race(argv[0], SIGTERM, false), ROUNDS);
    /* before the execve the handler runs; after it, the default kills */
    printf("%d of %d children ended by SIGUSR1 or its handler\n",
           race(argv[0], SIGUSR1, true), ROUNDS);
    return 0;
}
