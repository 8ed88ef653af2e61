/*
 * System calls a current glibc and Debian's userland reach for that older
 * emulators lack: clone3 with CLONE_PIDFD and CLONE_CLEAR_SIGHAND (glibc's
 * posix_spawn asks for the latter), pidfd_open, pidfd_send_signal,
 * waitid(P_PIDFD), fchmodat2 (glibc's fchmodat with AT_SYMLINK_NOFOLLOW),
 * the old getrlimit/setrlimit pair, an address-space limit that must
 * not stop the next execve of a riscv64 program, and robust mutexes
 * (set_robust_list): a lock whose owner thread or process died is
 * handed on with EOWNERDEAD.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ull
#endif

static void on_usr1(int sig)
{
    (void)sig;
}

/* A fork by clone3; the child reports its dispositions in its status. */
static pid_t clone3_child(int *pidfd, uint64_t flags)
{
    struct clone_args ca;

    memset(&ca, 0, sizeof(ca));
    ca.flags = flags;
    ca.pidfd = (uintptr_t)pidfd;
    ca.exit_signal = SIGCHLD;
    return (pid_t)syscall(SYS_clone3, &ca, sizeof(ca));
}

static int child_dispositions(void)
{
    struct sigaction sa;
    int code = 0;

    sigaction(SIGUSR1, NULL, &sa);
    code |= sa.sa_handler == SIG_DFL ? 1 : 0;
    sigaction(SIGUSR2, NULL, &sa);
    code |= sa.sa_handler == SIG_IGN ? 2 : 0;
    return code;
}

static void test_clone3(void)
{
    int pidfd = -1;
    siginfo_t si;
    pid_t pid;

    signal(SIGUSR1, on_usr1);
    signal(SIGUSR2, SIG_IGN);
    pid = clone3_child(&pidfd, CLONE_PIDFD | CLONE_CLEAR_SIGHAND);
    if (pid == 0) {
        _exit(child_dispositions());
    }
    CHECK(pid > 0 && pidfd >= 0);
    CHECK(fcntl(pidfd, F_GETFD) == FD_CLOEXEC);
    memset(&si, 0, sizeof(si));
    CHECK(waitid(P_PIDFD, pidfd, &si, WEXITED) == 0);
    /* handler reset to default, ignored stays ignored */
    CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 3);
    printf("clone3 child status %d\n", si.si_status);
    close(pidfd);

    /* without CLONE_CLEAR_SIGHAND the handler is inherited */
    pid = clone3_child(NULL, 0);
    if (pid == 0) {
        _exit(child_dispositions());
    }
    CHECK(pid > 0 && waitid(P_PID, pid, &si, WEXITED) == 0 &&
          si.si_status == 2);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
}

static void test_pidfd(void)
{
    siginfo_t si;
    int fd, status = 0;
    pid_t pid;

    fd = (int)syscall(SYS_pidfd_open, getpid(), 0);
    CHECK(fd >= 0);
    close(fd);
    errno = 0;
    CHECK(syscall(SYS_pidfd_open, getpid(), 0x12345) == -1 &&
          errno == EINVAL);
    pid = fork();
    if (pid == 0) {
        for (;;) {
            pause();
        }
    }
    fd = (int)syscall(SYS_pidfd_open, pid, 0);
    CHECK(pid > 0 && fd >= 0);
    CHECK(syscall(SYS_pidfd_send_signal, fd, 0, NULL, 0) == 0);
    CHECK(syscall(SYS_pidfd_send_signal, fd, SIGTERM, NULL, 0) == 0);
    CHECK(waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
          WTERMSIG(status) == SIGTERM);
    memset(&si, 0, sizeof(si));
    errno = 0;
    CHECK(waitid(P_PIDFD, fd, &si, WEXITED | WNOHANG) == -1 &&
          errno == ECHILD);
    close(fd);
    errno = 0;
    CHECK(syscall(SYS_pidfd_send_signal, 12345678, SIGTERM, NULL, 0) == -1 &&
          errno == EBADF);
}

static void test_fchmodat2(void)
{
    struct stat st;
    char name[] = "recent-calls-XXXXXX";
    char link[sizeof(name) + 5];
    int fd = mkstemp(name);
    long r;

    CHECK(fd >= 0);
    close(fd);
    snprintf(link, sizeof(link), "%s.lnk", name);
    CHECK(symlink(name, link) == 0);
    r = syscall(452, AT_FDCWD, name, 0640, 0);
    CHECK(r == 0 && stat(name, &st) == 0 && (st.st_mode & 0777) == 0640);
    /* a symlink's own mode cannot change (ENOSYS: an older host kernel) */
    errno = 0;
    r = syscall(452, AT_FDCWD, link, 0600, AT_SYMLINK_NOFOLLOW);
    CHECK(r == -1 && (errno == EOPNOTSUPP || errno == ENOSYS));
    errno = 0;
    CHECK(syscall(452, AT_FDCWD, name, 0600, 0x8000) == -1 &&
          errno == EINVAL);
    /* glibc: fchmodat2, or its O_PATH fallback */
    CHECK(fchmodat(AT_FDCWD, name, 0604, AT_SYMLINK_NOFOLLOW) == 0 &&
          stat(name, &st) == 0 && (st.st_mode & 0777) == 0604);
    unlink(link);
    unlink(name);
}

static void test_rlimits(const char *self)
{
    struct rlimit rl, old;
    int status = -1;
    pid_t pid;

    CHECK(syscall(SYS_getrlimit, RLIMIT_NOFILE, &old) == 0 &&
          old.rlim_cur > 0);
    rl = old;
    rl.rlim_cur = 100 < old.rlim_max ? 100 : old.rlim_max;
    CHECK(syscall(SYS_setrlimit, RLIMIT_NOFILE, &rl) == 0);
    CHECK(getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
          rl.rlim_cur == (100 < old.rlim_max ? 100 : old.rlim_max));
    CHECK(syscall(SYS_setrlimit, RLIMIT_NOFILE, &old) == 0);
    errno = 0;
    CHECK(syscall(SYS_getrlimit, RLIMIT_NOFILE, (void *)8) == -1 &&
          errno == EFAULT);

    /* a program's own 256 MiB address-space limit */
    rl.rlim_cur = rl.rlim_max = 256ull << 20;
    CHECK(setrlimit(RLIMIT_AS, &rl) == 0);
    CHECK(getrlimit(RLIMIT_AS, &old) == 0 && old.rlim_cur == 256ull << 20);
    errno = 0;
    rl.rlim_cur = 512ull << 20;
    CHECK(setrlimit(RLIMIT_AS, &rl) == -1 && errno == EINVAL);
    if (check_skipped("execve-self")) {
        return;
    }
    pid = fork();
    if (pid == 0) {
        execl(self, self, "child", (char *)NULL);
        _exit(127);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid &&
          WIFEXITED(status) && WEXITSTATUS(status) == 42);
    printf("exec under an address-space limit: status %d\n",
           WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

static pthread_mutex_t *robust;

static void *lock_and_die(void *arg)
{
    (void)arg;
    pthread_mutex_lock(robust);
    return NULL;                /* ends holding it */
}

/* glibc refuses robust mutexes (ENOTSUP) without set_robust_list. */
static int robust_init(pthread_mutex_t *m, int pshared)
{
    pthread_mutexattr_t at;
    int r;

    pthread_mutexattr_init(&at);
    pthread_mutexattr_setrobust(&at, PTHREAD_MUTEX_ROBUST);
    pthread_mutexattr_setpshared(&at, pshared);
    r = pthread_mutex_init(m, &at);
    pthread_mutexattr_destroy(&at);
    CHECK(r == 0);
    return r == 0;
}

static void test_robust(void)
{
    pthread_mutex_t local;
    pthread_t th;
    int status = -1;
    pid_t pid;

    robust = &local;
    if (!robust_init(robust, PTHREAD_PROCESS_PRIVATE)) {
        return;                 /* the rest would wait for ever */
    }
    CHECK(pthread_create(&th, NULL, lock_and_die, NULL) == 0 &&
          pthread_join(th, NULL) == 0);
    CHECK(pthread_mutex_lock(robust) == EOWNERDEAD);
    CHECK(pthread_mutex_consistent(robust) == 0 &&
          pthread_mutex_unlock(robust) == 0);
    CHECK(pthread_mutex_lock(robust) == 0 &&
          pthread_mutex_unlock(robust) == 0);

    /* shared between processes: the owner exits holding it */
    robust = mmap(NULL, sizeof(*robust), PROT_READ | PROT_WRITE,
                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (robust == MAP_FAILED ||
        !robust_init(robust, PTHREAD_PROCESS_SHARED)) {
        return;
    }
    pid = fork();
    if (pid == 0) {
        _exit(pthread_mutex_lock(robust) == 0 ? 0 : 1);
    }
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid &&
          WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK(pthread_mutex_lock(robust) == EOWNERDEAD);
    CHECK(pthread_mutex_consistent(robust) == 0 &&
          pthread_mutex_unlock(robust) == 0);
    printf("robust mutexes: EOWNERDEAD after a thread and a process\n");
}

int main(int argc, char **argv)
{
    if (argc == 2 && !strcmp(argv[1], "child")) {
        return 42;
    }
    check_init();
    test_clone3();
    test_pidfd();
    test_fchmodat2();
    test_robust();
    test_rlimits(argv[0]);
    return check_done();
}
