/*
 * Processes under vireo-riscv64: fork + wait4 exit and signal status,
 * a fork from a multi-threaded program, vfork + execve of itself (by
 * its path and as /proc/self/exe),
 * execve of host programs and of #! scripts in $FORK_EXEC_DIR (default
 * /tmp/up; s.sh: #!/bin/sh; s2.sh: #!PROGRAM -x, which
 * run-area-prog.py writes), system(). Compare with qemu-riscv64.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/resource.h>
static void *spin(void *a) { volatile long x = 0; for (;;) x++; return a; }
int main(int argc, char **argv) {
    int st; struct rusage ru; setvbuf(stdout, NULL, _IONBF, 0);
    if (argc > 1) { printf("child exec arg=%s\n", argv[1]); return 7; }
    pid_t p = fork();
    if (p == 0) _exit(42);
    pid_t w = wait4(p, &st, 0, &ru);
    printf("fork exit: %d %d\n", w == p, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
    p = fork();
    if (p == 0) { __builtin_trap(); }
    waitpid(p, &st, 0);
    printf("fork signal: %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    p = fork();
    if (p == 0) { *(volatile int *)0 = 1; _exit(0); }
    waitpid(p, &st, 0);
    printf("fork segv: %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : -1);
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, spin, NULL);
    p = fork();
    if (p == 0) {
        pthread_t t2; void *r;
        char *m = malloc(1000); strcpy(m, "x");
        pthread_create(&t2, NULL, (void *(*)(void *))strdup, m);
        pthread_join(t2, &r);
        printf("mt-fork child: thread ok %s\n", (char *)r);
        fflush(stdout);
        _exit(3);
    }
    waitpid(p, &st, 0);
    printf("mt-fork: %d\n", WEXITSTATUS(st));
    fflush(stdout);
    p = vfork();
    if (p == 0) { execl(argv[0], argv[0], "hello", (char *)0); _exit(99); }
    waitpid(p, &st, 0);
    printf("vfork+exec self: %d\n", WEXITSTATUS(st));
    fflush(stdout);
    if (fork() == 0) { execl("/proc/self/exe", "me", "proc-self-exe", (char *)0); _exit(99); }
    wait(&st);
    printf("exec /proc/self/exe: %d\n", WEXITSTATUS(st));
    fflush(stdout);
    if (fork() == 0) { execl("/bin/echo", "echo", "native", "echo", (char *)0); _exit(99); }
    wait(&st);
    if (fork() == 0) { execl("/bin/true", "true", (char *)0); _exit(99); }
    wait(&st);
    printf("true: %d\n", WEXITSTATUS(st));
    fflush(stdout);
    const char *dir = getenv("FORK_EXEC_DIR");
    if (!dir) dir = "/tmp/up";
    char s1[4096], s2[4096];
    snprintf(s1, sizeof(s1), "%s/s.sh", dir);
    snprintf(s2, sizeof(s2), "%s/s2.sh", dir);
    if (fork() == 0) { execl(s1, "s.sh", "a1", (char *)0); _exit(99); }
    wait(&st);
    printf("script: %d\n", WEXITSTATUS(st));
    fflush(stdout);
    if (fork() == 0) { execl(s2, "s2.sh", "b1", (char *)0); _exit(99); }
    wait(&st);
    printf("riscv script: %d\n", WEXITSTATUS(st));
    fflush(stdout);
    if (fork() == 0) { execl("/nonexist", "x", (char *)0); printf("execl failed ok\n"); _exit(5); }
    wait(&st);
    int r = system("echo via system; exit 4");
    printf("system: %d\n", WEXITSTATUS(r));
    return 0;
}
