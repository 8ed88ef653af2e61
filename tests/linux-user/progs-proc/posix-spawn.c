/*
 * posix_spawn reports the child's exec failure (glibc's CLONE_VM|
 * CLONE_VFORK child stores errno in the parent's frame), also after a
 * closefrom file action (the child's close_range must not end the
 * parent's wait early), and a spawned program's exit status; a vfork
 * child's store to the parent's frame is seen, as Linux shares memory;
 * fork and spawn still work when the process has used all the
 * descriptors RLIMIT_NOFILE allows but two. CPython's subprocess spawns
 * so, and test_no_leaking fills the descriptor table first.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void spawn(const char *what, const char *path,
                  posix_spawn_file_actions_t *fa, char **argv)
{
    pid_t pid = 0;
    int r = posix_spawn(&pid, path, fa, NULL, argv, environ), st = 0;

    printf("%s: posix_spawn %s", what, r ? strerror(r) : "ok");
    if (!r) {
        waitpid(pid, &st, 0);
        printf(", exit %d", WEXITSTATUS(st));
    }
    printf("\n");
}

int main(int argc, char **argv)
{
    char *cargv[] = { argv[0], "child", NULL };
    char *bad[] = { "/nonexistent/program", NULL };
    posix_spawn_file_actions_t fa;
    volatile int shared = 0;
    pid_t pid;
    int st, fd;

    if (argc == 2 && !strcmp(argv[1], "child")) {
        return 5;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    spawn("missing", bad[0], NULL, bad);
    spawn("self", argv[0], NULL, cargv);
    fd = open("/dev/null", O_RDONLY);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addclosefrom_np(&fa, 3);
    spawn("closefrom missing", bad[0], &fa, bad);
    spawn("closefrom self", argv[0], &fa, cargv);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 9, "/nonexistent/file", O_RDONLY,
                                     0);
    spawn("bad file action", argv[0], &fa, cargv);
    posix_spawn_file_actions_destroy(&fa);
    printf("parent fd still open: %d\n", fcntl(fd, F_GETFD) >= 0);

    pid = vfork();
    if (pid == 0) {
        shared = 42;
        _exit(3);
    }
    waitpid(pid, &st, 0);
    printf("vfork: exit %d, parent sees %d\n", WEXITSTATUS(st), shared);

    {
        struct rlimit rl = { 64, 64 };
        int last = -1, n;

        getrlimit(RLIMIT_NOFILE, &rl);
        rl.rlim_cur = 64;
        setrlimit(RLIMIT_NOFILE, &rl);
        while ((n = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0) {
            last = n;
        }
        printf("table full: %s, last fd %d\n", strerror(errno), last);
        close(last);
        close(last - 1);
        pid = fork();
        if (pid == 0) {
            _exit(4);
        }
        waitpid(pid, &st, 0);
        printf("full table: fork %s, exit %d\n", pid > 0 ? "ok" : "failed",
               WEXITSTATUS(st));
        spawn("full table", argv[0], NULL, cargv);
        getrlimit(RLIMIT_NOFILE, &rl);
        printf("limit still %lu\n", (unsigned long)rl.rlim_cur);
    }
    return 0;
}
