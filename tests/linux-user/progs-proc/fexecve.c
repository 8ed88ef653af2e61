/*
 * fexecve and execveat of a descriptor opened close-on-exec (CPython's
 * os.execve(fd, ...) and test_fexecve): of the program file itself, of a
 * memfd copy of it, and of a name relative to a directory descriptor;
 * by a symbolic link with and without AT_SYMLINK_NOFOLLOW; and
 * execveat's errors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

static void run(const char *what, int fd, const char *name, int flags,
                char *self)
{
    char *argv[] = { self, "child", (char *)what, NULL };
    int st;
    pid_t pid = fork();

    if (pid == 0) {
        syscall(SYS_execveat, fd, name, argv, environ, flags);
        printf("%s: execveat failed: %s\n", what, strerror(errno));
        _exit(99);
    }
    waitpid(pid, &st, 0);
    printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

static void report(const char *what, long r)
{
    printf("%s %ld %s\n", what, r, r < 0 ? strerror(errno) : "");
}

int main(int argc, char **argv)
{
    char buf[65536], link[64], *dir, *base;
    int fd, mfd, dfd;
    ssize_t n;

    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 3 && !strcmp(argv[1], "child")) {
        /* the close-on-exec descriptor the parent used is not here */
        printf("  child %s: fd 3 %s\n", argv[2],
               fcntl(3, F_GETFD) < 0 ? "closed" : "open");
        return 7;
    }
    fd = open(argv[0], O_RDONLY | O_CLOEXEC);
    if (fd != 3) {
        printf("unexpected fd %d\n", fd);
        return 1;
    }
    run("fexecve", fd, "", AT_EMPTY_PATH, argv[0]);

    mfd = memfd_create("copy", MFD_CLOEXEC);
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        if (write(mfd, buf, n) != n) {
            return 1;
        }
    }
    run("memfd", mfd, "", AT_EMPTY_PATH, argv[0]);
    close(mfd);
    close(fd);

    dir = strdup(argv[0]);
    base = strdup(argv[0]);
    dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    run("dirfd", dfd, basename(base), 0, argv[0]);
    run("absolute", 999, argv[0], 0, argv[0]);

    /* a symbolic link as the last part: ELOOP with AT_SYMLINK_NOFOLLOW */
    snprintf(link, sizeof(link), "/tmp/vireo-fexecve-%d", (int)getpid());
    if (!realpath(argv[0], buf) || symlink(buf, link) < 0) {
        return 1;
    }
    run("link followed", AT_FDCWD, link, 0, argv[0]);
    run("link not followed", AT_FDCWD, link, AT_SYMLINK_NOFOLLOW, argv[0]);
    unlink(link);

    report("bad fd", syscall(SYS_execveat, 999, "", argv, environ,
                             AT_EMPTY_PATH));
    report("no AT_EMPTY_PATH", syscall(SYS_execveat, dfd, "", argv, environ,
                                       0));
    report("bad flags", syscall(SYS_execveat, dfd, "x", argv, environ,
                                0x10000000));
    return 0;
}
