/*
 * Limits across execve. The argument and environment space the kernel
 * takes is a quarter of RLIMIT_STACK, at most 6 MiB: 3 MB of arguments
 * fail with E2BIG under an 8 MiB stack limit and pass under 32 MiB, 7 MB
 * fail under any. A host program (sh) started by execve has the stack,
 * address-space and data limits the program set.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARG_LEN 100000          /* under MAX_ARG_STRLEN (128 KiB) */

extern char **environ;

static void set_limit(int res, rlim_t soft)
{
    struct rlimit l;

    getrlimit(res, &l);
    l.rlim_cur = soft;
    if (setrlimit(res, &l) < 0) {
        printf("setrlimit %d: %s\n", res, strerror(errno));
        exit(1);
    }
}

/* Exec ourselves with nargs arguments of ARG_LEN bytes under the limit. */
static void exec_big(char *self, rlim_t stack, int nargs)
{
    int st;
    pid_t pid = fork();

    if (pid == 0) {
        char **argv = calloc(nargs + 3, sizeof(char *));
        char *big = malloc(ARG_LEN + 1);

        memset(big, 'a', ARG_LEN);
        big[ARG_LEN] = 0;
        argv[0] = self;
        argv[1] = "count";
        for (int i = 0; i < nargs; i++) {
            argv[i + 2] = big;
        }
        set_limit(RLIMIT_STACK, stack);
        execve(self, argv, environ);
        printf("stack %llu MiB, %d x %d bytes: %s\n",
               (unsigned long long)(stack >> 20), nargs, ARG_LEN,
               strerror(errno));
        exit(0);
    }
    waitpid(pid, &st, 0);
}

int main(int argc, char **argv)
{
    int st;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1 && strcmp(argv[1], "count") == 0) {
        size_t total = 0;

        for (int i = 2; i < argc; i++) {
            total += strlen(argv[i]);
        }
        printf("exec'd with %d arguments, %zu bytes\n", argc - 2, total);
        return 0;
    }
    exec_big(argv[0], 8ull << 20, 30);
    exec_big(argv[0], 32ull << 20, 30);
    exec_big(argv[0], 32ull << 20, 70);

    if (fork() == 0) {
        set_limit(RLIMIT_STACK, 16ull << 20);
        set_limit(RLIMIT_AS, 4ull << 30);
        set_limit(RLIMIT_DATA, 2ull << 30);
        execl("/bin/sh", "sh", "-c",
              "echo sh: stack $(ulimit -s) as $(ulimit -v) data $(ulimit -d)",
              (char *)NULL);
        _exit(127);
    }
    wait(&st);
    return 0;
}
