/*
 * A TCP loopback server and client in one thread: non-blocking connect,
 * poll, accept4, getsockname/getpeername, socket options, sendto/recvfrom
 * on UDP, pselect6.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET,
                              .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    struct sockaddr_in peer;
    socklen_t len = sizeof(sa);
    int one = 1, val, ls, cs, as, r;
    struct timeval tv = { 2, 500000 }, tv2;
    struct pollfd pfd;
    char buf[64] = { 0 };
    fd_set rfds;

    ls = socket(AF_INET, SOCK_STREAM, 0);
    printf("setsockopt SO_REUSEADDR %d\n",
           setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
    printf("bind %d\n", bind(ls, (struct sockaddr *)&sa, sizeof(sa)));
    printf("listen %d\n", listen(ls, 4));
    getsockname(ls, (struct sockaddr *)&sa, &len);
    printf("port nonzero %d len %u\n", sa.sin_port != 0, len);

    cs = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    r = connect(cs, (struct sockaddr *)&sa, sizeof(sa));
    printf("connect %d %s\n", r, r ? strerror(errno) : "");
    pfd = (struct pollfd){ .fd = ls, .events = POLLIN };
    printf("poll listen %d revents %x\n", poll(&pfd, 1, 2000), pfd.revents);
    len = sizeof(peer);
    as = accept4(ls, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
    printf("accept4 ok %d cloexec %d family %d\n", as >= 0,
           !!(fcntl(as, F_GETFD) & FD_CLOEXEC), peer.sin_family);
    pfd = (struct pollfd){ .fd = cs, .events = POLLOUT };
    printf("poll connect %d revents %x\n", poll(&pfd, 1, 2000), pfd.revents);
    len = sizeof(val);
    printf("SO_ERROR %d val %d\n",
           getsockopt(cs, SOL_SOCKET, SO_ERROR, &val, &len), val);
    len = sizeof(val);
    getsockopt(cs, SOL_SOCKET, SO_TYPE, &val, &len);
    printf("SO_TYPE %d len %u\n", val, len);
    printf("TCP_NODELAY %d\n",
           setsockopt(cs, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
    printf("SO_RCVTIMEO set %d\n",
           setsockopt(as, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
    len = sizeof(tv2);
    getsockopt(as, SOL_SOCKET, SO_RCVTIMEO, &tv2, &len);
    printf("SO_RCVTIMEO get %ld.%06ld len %u\n", (long)tv2.tv_sec,
           (long)tv2.tv_usec, len);
    len = sizeof(peer);
    printf("getpeername %d same port %d\n",
           getpeername(cs, (struct sockaddr *)&peer, &len),
           peer.sin_port == sa.sin_port);

    printf("send %zd\n", send(cs, "ping", 4, 0));
    FD_ZERO(&rfds);
    FD_SET(as, &rfds);
    tv = (struct timeval){ 2, 0 };
    printf("select %d isset %d\n", select(as + 1, &rfds, NULL, NULL, &tv),
           FD_ISSET(as, &rfds));
    printf("recv %zd '%s'\n", recv(as, buf, sizeof(buf) - 1, 0), buf);
    printf("shutdown %d\n", shutdown(as, SHUT_WR));
    pfd = (struct pollfd){ .fd = cs, .events = POLLIN };
    poll(&pfd, 1, 2000);
    printf("recv after shutdown %zd\n", recv(cs, buf, sizeof(buf), 0));
    printf("recv EAGAIN? %zd %s\n", recv(cs, buf, sizeof(buf), MSG_DONTWAIT),
           strerror(errno));
    close(as);
    close(cs);
    close(ls);

    /* UDP */
    int u1 = socket(AF_INET, SOCK_DGRAM, 0), u2 = socket(AF_INET, SOCK_DGRAM, 0);
    sa.sin_port = 0;
    bind(u1, (struct sockaddr *)&sa, sizeof(sa));
    len = sizeof(sa);
    getsockname(u1, (struct sockaddr *)&sa, &len);
    printf("sendto %zd\n", sendto(u2, "udp!", 4, 0, (struct sockaddr *)&sa,
                                  sizeof(sa)));
    len = sizeof(peer);
    memset(buf, 0, sizeof(buf));
    printf("recvfrom %zd '%s' len %u\n",
           recvfrom(u1, buf, sizeof(buf), 0, (struct sockaddr *)&peer, &len),
           buf, len);
    printf("bad buf: %zd %s\n", sendto(u2, (void *)16, 4, 0,
                                       (struct sockaddr *)&sa, sizeof(sa)),
           strerror(errno));
    printf("bad addr: %d %s\n", bind(u2, (void *)16, sizeof(sa)),
           strerror(errno));
    return 0;
}
