/*
 * Processes: fork + wait4 exit statuses, execve of this program with an
 * argument, execve of a host program (/bin/true: under user-mode
 * emulation a host binary runs natively), getpid/getppid, uname's machine,
 * prlimit.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <signal.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static int spawn(char *const argv[])
{
    int status = -1;
    pid_t pid = fork();

    if (pid == 0) {
        execve(argv[0], argv, (char *[]){ "VIREO_LU_CHILD=1", NULL });
        _exit(127);
    }
    if (pid < 0 || waitpid(pid, &status, 0) != pid) {
        return -1;
    }
    return status;
}

int main(int argc, char **argv)
{
    struct utsname u;
    struct rlimit rl, old;
    struct rusage ru;
    int status = -1;
    pid_t pid, me = getpid();

    if (argc == 2 && !strcmp(argv[1], "child")) {
        return getenv("VIREO_LU_CHILD") ? 42 : 1;
    }
    check_init();
    CHECK(me > 1 && getppid() > 0 && getppid() != me);
    CHECK(uname(&u) == 0 && !strcmp(u.machine, "riscv64"));
    printf("machine %s\n", u.machine);

    pid = fork();
    if (pid == 0) {
        _exit(getppid() == me ? 7 : 8);
    }
    CHECK(pid > 0 && wait4(pid, &status, 0, &ru) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 7);
    pid = fork();
    if (pid == 0) {
        raise(SIGTERM);
        _exit(0);
    }
    CHECK(wait4(pid, &status, 0, NULL) == pid);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    CHECK(wait4(-1, &status, WNOHANG, NULL) == -1 && errno == ECHILD);

    if (!check_skipped("execve-self")) {
        status = spawn((char *[]){ argv[0], "child", NULL });
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42);
    }
    status = spawn((char *[]){ "/bin/true", NULL });
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    status = spawn((char *[]){ "/bin/false", NULL });
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    CHECK(execve("/nonexistent", (char *[]){ "x", NULL }, NULL) == -1 &&
          errno == ENOENT);

    CHECK(prlimit(0, RLIMIT_NOFILE, NULL, &old) == 0 && old.rlim_cur > 0);
    rl = old;
    rl.rlim_cur = 100;
    CHECK(prlimit(0, RLIMIT_NOFILE, &rl, NULL) == 0);
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur == 100);
    CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
    return check_done();
}
