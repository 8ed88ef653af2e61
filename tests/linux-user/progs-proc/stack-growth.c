/*
 * The main thread's stack grows to RLIMIT_STACK: Linux grows it on
 * demand below its top as far as the limit allows, so a program that
 * raises its soft limit and then recurses deeply (gcc's cc1 sets 64 MiB
 * for deeply nested expressions) must not fault at the usual 8 MiB. A
 * limit raised before execve reaches the new program too, as `ulimit -s`
 * in a shell does. vireo-riscv64 kept an 8 MiB stack whatever the limit
 * (as qemu-riscv64 7.2 does); the program printed nothing after
 * "limit raised" and died of SIGSEGV.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define FRAME 4096

/* Uses about depth * FRAME bytes of stack; the sum keeps every frame. */
static long __attribute__((noinline)) deep(long depth)
{
    volatile char buf[FRAME];

    memset((char *)buf, (int)(depth & 0x7f), sizeof(buf));
    if (depth == 0) {
        return buf[FRAME - 1];
    }
    return deep(depth - 1) + buf[depth % FRAME];
}

static int set_stack_limit(rlim_t bytes)
{
    struct rlimit r;

    if (getrlimit(RLIMIT_STACK, &r) < 0) {
        perror("getrlimit");
        return -1;
    }
    if (r.rlim_max != RLIM_INFINITY && r.rlim_max < bytes) {
        printf("hard limit too low (%llu)\n", (unsigned long long)r.rlim_max);
        return -1;
    }
    r.rlim_cur = bytes;
    if (setrlimit(RLIMIT_STACK, &r) < 0) {
        perror("setrlimit");
        return -1;
    }
    return 0;
}

/* depth * FRAME bytes of stack: its checksum, or the child's fate. */
static void recurse(const char *what, long depth)
{
    long want = 0;

    for (long d = depth; d >= 0; d--) {
        want += d ? (d & 0x7f) : 0;
    }
    printf("%s: %ld KiB deep: %s\n", what, depth * FRAME / 1024,
           deep(depth) == want ? "ok" : "wrong sum");
    fflush(stdout);
}

int main(int argc, char **argv)
{
    int status;
    pid_t pid;

    if (argc > 1) {
        /* the program run by execve below, with a 96 MiB limit */
        struct rlimit r;

        getrlimit(RLIMIT_STACK, &r);
        printf("after execve: limit %llu MiB\n",
               (unsigned long long)r.rlim_cur >> 20);
        recurse("after execve", 80l << 20 >> 12);
        return 0;
    }
    recurse("within 8 MiB", 1024);
    if (set_stack_limit(64 << 20) < 0) {
        return 1;
    }
    printf("limit raised to 64 MiB\n");
    fflush(stdout);
    /* in a child, so a fault shows as its status */
    pid = fork();
    if (pid == 0) {
        recurse("raised limit", 48l << 20 >> 12);
        _exit(0);
    }
    waitpid(pid, &status, 0);
    printf("child: %s %d\n", WIFSIGNALED(status) ? "signal" : "exit",
           WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    /* a limit set before execve sizes the next program's stack */
    if (set_stack_limit(96 << 20) < 0) {
        return 1;
    }
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        execl(argv[0], argv[0], "child", (char *)NULL);
        perror("execl");
        _exit(127);
    }
    waitpid(pid, &status, 0);
    printf("exec child: %s %d\n", WIFSIGNALED(status) ? "signal" : "exit",
           WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    return 0;
}
