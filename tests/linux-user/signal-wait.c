/*
 * Signals a program blocks and then waits for instead of handling:
 * sigtimedwait for a SIGCHLD left at its default (ignoring) action, and
 * signalfd: poll and epoll see it readable, read returns one struct
 * signalfd_siginfo per signal (sender, sigqueue value, child status),
 * a non-blocking one says EAGAIN when nothing is pending, a blocking one
 * waits for the next child, signalfd4 on an existing signalfd changes its
 * mask, and a closed signalfd's number is an ordinary descriptor again.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

static pid_t child_exiting(int code)
{
    pid_t pid = fork();

    if (pid == 0) {
        _exit(code);
    }
    return pid;
}

int main(void)
{
    struct signalfd_siginfo ssi;
    struct timespec ts = { 10, 0 };
    struct epoll_event ev = { .events = EPOLLIN }, out;
    struct pollfd pfd;
    union sigval v = { .sival_int = 1234 };
    sigset_t set;
    siginfo_t si;
    int sfd, ep, p[2];
    pid_t pid;

    check_init();
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGUSR2);
    CHECK(sigprocmask(SIG_BLOCK, &set, NULL) == 0);

    /* a blocked SIGCHLD at its default action waits to be taken */
    pid = child_exiting(3);
    sigdelset(&set, SIGUSR2);
    CHECK(sigtimedwait(&set, &si, &ts) == SIGCHLD);
    CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 3);
    CHECK(waitpid(pid, NULL, 0) == pid);

    sfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    CHECK(sfd >= 0);
    CHECK(fcntl(sfd, F_GETFD) == FD_CLOEXEC);
    errno = 0;
    CHECK(read(sfd, &ssi, sizeof(ssi)) == -1 && errno == EAGAIN);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    pfd = (struct pollfd){ .fd = sfd, .events = POLLIN };
    CHECK(poll(&pfd, 1, 10000) == 1 && (pfd.revents & POLLIN));
    errno = 0;
    CHECK(read(sfd, &ssi, sizeof(ssi) - 1) == -1 && errno == EINVAL);
    CHECK(read(sfd, &ssi, sizeof(ssi)) == sizeof(ssi));
    CHECK(ssi.ssi_signo == SIGUSR1 && ssi.ssi_code == SI_USER &&
          ssi.ssi_pid == (uint32_t)getpid() && ssi.ssi_uid == getuid());
    CHECK(sigqueue(getpid(), SIGUSR1, v) == 0);
    CHECK(read(sfd, &ssi, sizeof(ssi)) == sizeof(ssi) &&
          ssi.ssi_code == SI_QUEUE && ssi.ssi_int == 1234);
    /* nothing left: not readable, EAGAIN */
    CHECK(poll(&pfd, 1, 0) == 0);
    errno = 0;
    CHECK(read(sfd, &ssi, sizeof(ssi)) == -1 && errno == EAGAIN);

    /* epoll, then a child's exit status */
    ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(ep >= 0 && epoll_ctl(ep, EPOLL_CTL_ADD, sfd, &ev) == 0);
    pid = child_exiting(4);
    CHECK(epoll_wait(ep, &out, 1, 10000) == 1);
    CHECK(read(sfd, &ssi, sizeof(ssi)) == sizeof(ssi) &&
          ssi.ssi_signo == SIGCHLD && ssi.ssi_pid == (uint32_t)pid &&
          ssi.ssi_code == CLD_EXITED && ssi.ssi_status == 4);
    CHECK(waitpid(pid, NULL, 0) == pid);
    close(ep);

    /* a blocking one waits; a new mask leaves SIGUSR1 out */
    CHECK(fcntl(sfd, F_SETFL, 0) == 0);
    sigdelset(&set, SIGUSR1);
    CHECK(signalfd(sfd, &set, 0) == sfd);
    CHECK(kill(getpid(), SIGUSR1) == 0);
    pid = child_exiting(5);
    CHECK(read(sfd, &ssi, sizeof(ssi)) == sizeof(ssi) &&
          ssi.ssi_signo == SIGCHLD && ssi.ssi_status == 5);
    CHECK(waitpid(pid, NULL, 0) == pid);
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    CHECK(sigtimedwait(&set, &si, &ts) == SIGUSR1);

    errno = 0;
    CHECK(signalfd(0, &set, 0) == -1 && errno == EINVAL);
    errno = 0;
    CHECK(syscall(SYS_signalfd4, -1, &set, 4, 0) == -1 && errno == EINVAL);

    /* the number is an ordinary descriptor once closed */
    CHECK(close(sfd) == 0);
    CHECK(pipe(p) == 0 && write(p[1], "ab", 2) == 2);
    CHECK(dup2(p[0], sfd) == sfd && read(sfd, &ssi, 2) == 2);
    printf("signalfd read: %c%c\n", ((char *)&ssi)[0], ((char *)&ssi)[1]);
    return check_done();
}
