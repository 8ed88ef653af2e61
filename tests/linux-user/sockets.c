/*
 * Sockets and polling: an AF_UNIX stream socketpair (send/recv, shutdown
 * seen as EOF), then poll, ppoll and epoll on a pipe before and after it
 * becomes readable.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
    struct timespec zero = { 0, 0 };
    struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1234 }, out;
    struct pollfd pfd;
    char buf[16];
    int sv[2], p[2], ep;

    check_init();
    CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == 0);
    CHECK(send(sv[0], "ping", 4, 0) == 4);
    CHECK(recv(sv[1], buf, sizeof(buf), 0) == 4 && !memcmp(buf, "ping", 4));
    CHECK(write(sv[1], "pong!", 5) == 5);
    CHECK(recv(sv[0], buf, 2, MSG_PEEK) == 2 && recv(sv[0], buf, 16, 0) == 5);
    CHECK(recv(sv[0], buf, 16, MSG_DONTWAIT) == -1 && errno == EAGAIN);
    CHECK(shutdown(sv[1], SHUT_WR) == 0 && recv(sv[0], buf, 16, 0) == 0);
    close(sv[0]);
    CHECK(send(sv[1], "x", 1, MSG_NOSIGNAL) == -1 && errno == EPIPE);
    close(sv[1]);

    CHECK(pipe(p) == 0);
    pfd = (struct pollfd){ .fd = p[0], .events = POLLIN };
    CHECK(poll(&pfd, 1, 0) == 0);
    CHECK(ppoll(&pfd, 1, &zero, NULL) == 0);
    ep = epoll_create1(EPOLL_CLOEXEC);
    CHECK(ep >= 0);
    CHECK(epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev) == 0);
    CHECK(epoll_wait(ep, &out, 1, 0) == 0);
    CHECK(write(p[1], "a", 1) == 1);
    CHECK(poll(&pfd, 1, 1000) == 1 && (pfd.revents & POLLIN));
    pfd.revents = 0;
    CHECK(ppoll(&pfd, 1, NULL, NULL) == 1 && (pfd.revents & POLLIN));
    CHECK(epoll_wait(ep, &out, 1, 1000) == 1 && out.data.u64 == 0x1234 &&
          (out.events & EPOLLIN));
    CHECK(epoll_pwait(ep, &out, 1, 0, NULL) == 1);
    close(p[1]);
    CHECK(read(p[0], buf, 1) == 1);
    pfd.revents = 0;
    CHECK(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP));
    CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == 0);
    CHECK(epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == -1 && errno == ENOENT);
    close(ep);
    close(p[0]);
    return check_done();
}
