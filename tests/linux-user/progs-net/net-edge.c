/*
 * Edge cases of the socket and polling calls: errors for bad pointers
 * and lengths, truncated messages and control data (MSG_TRUNC,
 * MSG_CTRUNC), getsockopt length handling, ppoll/pselect6 with a
 * signal mask and timeouts, epoll_pwait2, recvmmsg timeout. The output
 * matches the same program built for x86-64 and run natively (qemu-riscv64
 * differs on a few). Build with -w: the bad pointers are deliberate.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define SHOW(expr) do { long r_ = (long)(expr); \
    printf("%-40s %ld %s\n", #expr, r_, r_ < 0 ? strerror(errno) : ""); \
    errno = 0; } while (0)

int main(void)
{
    int sv[2], s, val = 0, fds[2];
    socklen_t len;
    char buf[4];
    struct iovec iov = { buf, sizeof(buf) };
    char cbuf[CMSG_SPACE(sizeof(int))];
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
    struct timespec ts = { 0, 20000000 };
    sigset_t mask;
    fd_set rf;
    struct pollfd pfd;
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    struct epoll_event ev = { .events = EPOLLIN, .data.u32 = 7 }, out[2];
    int ep;

    SHOW(socket(AF_UNIX, 12345, 0));
    SHOW(socketpair(AF_UNIX, SOCK_DGRAM, 0, (int *)8));
    SHOW(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    SHOW(send(sv[0], "abcdefgh", 8, 0));
    SHOW(recvmsg(sv[1], &m, 0));
    printf("flags trunc %d\n", !!(m.msg_flags & MSG_TRUNC));
    /* control data too small for SCM_RIGHTS of two fds */
    socketpair(AF_UNIX, SOCK_STREAM, 0, fds);
    {
        int two[2] = { 0, 1 };
        char big[CMSG_SPACE(sizeof(two))];
        struct msghdr sm = { .msg_iov = &iov, .msg_iovlen = 1,
                             .msg_control = big, .msg_controllen = sizeof(big) };
        struct cmsghdr *c = CMSG_FIRSTHDR(&sm);

        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(two));
        memcpy(CMSG_DATA(c), two, sizeof(two));
        iov.iov_len = 1;
        SHOW(sendmsg(fds[0], &sm, 0));
    }
    m = (struct msghdr){ .msg_iov = &iov, .msg_iovlen = 1,
                         .msg_control = cbuf, .msg_controllen = CMSG_LEN(0) };
    SHOW(recvmsg(fds[1], &m, 0));
    printf("ctrunc %d controllen %zu\n", !!(m.msg_flags & MSG_CTRUNC),
           (size_t)m.msg_controllen);
    m.msg_control = (void *)8;
    m.msg_controllen = 16;
    SHOW(recvmsg(fds[1], &m, MSG_DONTWAIT));
    SHOW(recvmsg(fds[1], (struct msghdr *)8, 0));
    len = 2;
    SHOW(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &val, &len));
    printf("short len %u\n", len);
    len = 4;
    SHOW(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, &val, (socklen_t *)8));
    SHOW(getsockopt(sv[0], SOL_SOCKET, SO_TYPE, (void *)8, &len));
    SHOW(setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &val, -1));
    SHOW(setsockopt(sv[0], SOL_SOCKET, 9999, &val, 4));
    s = socket(AF_UNIX, SOCK_STREAM, 0);
    SHOW(bind(s, (struct sockaddr *)&un, -5));
    SHOW(connect(s, (struct sockaddr *)&un, sizeof(un)));
    SHOW(accept(s, NULL, NULL));
    SHOW(getsockname(s, NULL, &len));
    len = sizeof(un);
    SHOW(getsockname(s, (struct sockaddr *)&un, &len));
    printf("len %u\n", len);
    SHOW(shutdown(s, 77));

    sigemptyset(&mask);
    sigaddset(&mask, SIGUSR1);
    pfd = (struct pollfd){ .fd = sv[1], .events = POLLIN };
    SHOW(ppoll(&pfd, 1, &ts, &mask));
    SHOW(syscall(SYS_ppoll, &pfd, 1, &ts, &mask, 4));
    SHOW(ppoll((struct pollfd *)8, 1, &ts, NULL));
    printf("ts left %ld\n", ts.tv_nsec);
    FD_ZERO(&rf);
    FD_SET(sv[1], &rf);
    ts = (struct timespec){ 0, 10000000 };
    SHOW(pselect(sv[1] + 1, &rf, NULL, NULL, &ts, &mask));
    SHOW(pselect(sv[1] + 1, (fd_set *)8, NULL, NULL, &ts, NULL));
    SHOW(pselect(-1, NULL, NULL, NULL, &ts, NULL));
    send(sv[0], "z", 1, 0);
    FD_SET(sv[1], &rf);
    SHOW(pselect(sv[1] + 1, &rf, NULL, NULL, NULL, &mask));

    ep = epoll_create1(0);
    SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev));
    SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, sv[1], &ev));
    SHOW(epoll_ctl(ep, 99, sv[1], &ev));
    ts = (struct timespec){ 0, 1000000 };
    SHOW(syscall(SYS_epoll_pwait2, ep, out, 2, &ts, NULL, 8));
    printf("data %u\n", out[0].data.u32);
    SHOW(epoll_pwait(ep, (void *)8, 2, 0, NULL));
    SHOW(epoll_create1(12345));
    recv(sv[1], buf, 1, 0);
    {
        struct mmsghdr mm = { .msg_hdr = { .msg_iov = &iov, .msg_iovlen = 1 } };
        ts = (struct timespec){ 0, 1000000 };
        SHOW(recvmmsg(sv[1], &mm, 1, MSG_DONTWAIT, &ts));
        SHOW(recvmmsg(sv[1], &mm, 0, 0, NULL));
        SHOW(sendmmsg(sv[0], (void *)8, 1, 0));
    }
    return 0;
}
