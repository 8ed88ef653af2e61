/*
 * AF_UNIX stream and datagram socketpairs, with a file descriptor passed
 * by SCM_RIGHTS, and sendmmsg/recvmmsg: prints what arrived.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static int send_fd(int sock, int fd)
{
    char data = 'F';
    struct iovec iov = { &data, 1 };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);

    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    return sendmsg(sock, &m, 0);
}

static int recv_fd(int sock)
{
    char data;
    struct iovec iov = { &data, 1 };
    union { struct cmsghdr h; char buf[CMSG_SPACE(sizeof(int))]; } u;
    struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1,
                        .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
    struct cmsghdr *c;
    int fd = -1;

    if (recvmsg(sock, &m, 0) != 1) {
        return -1;
    }
    c = CMSG_FIRSTHDR(&m);
    if (c && c->cmsg_type == SCM_RIGHTS) {
        memcpy(&fd, CMSG_DATA(c), sizeof(int));
    }
    printf("recvmsg data %c controllen %zu flags %d\n", data,
           (size_t)m.msg_controllen, m.msg_flags);
    return fd;
}

static void test(int type, const char *name)
{
    int sv[2], p[2], fd;
    char buf[32] = { 0 };
    struct ucred cred;
    socklen_t len = sizeof(cred);

    if (socketpair(AF_UNIX, type | SOCK_CLOEXEC, 0, sv) < 0 || pipe(p) < 0) {
        perror("socketpair");
        return;
    }
    printf("%s: getsockopt SO_PEERCRED %d pid ok %d\n", name,
           getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &cred, &len),
           cred.pid == getpid());
    printf("send_fd %d\n", send_fd(sv[0], p[1]));
    fd = recv_fd(sv[1]);
    printf("received fd valid %d\n", fd > 2 && fd != p[1]);
    printf("write via passed fd %zd\n", write(fd, "hello", 5));
    printf("read pipe %zd '%s'\n", read(p[0], buf, sizeof(buf) - 1), buf);
    close(fd);
    close(p[0]);
    close(p[1]);
    close(sv[0]);
    close(sv[1]);
}

static void test_mmsg(void)
{
    int sv[2];
    char a[] = "one", b[] = "three", r1[8] = { 0 }, r2[8] = { 0 };
    struct iovec iov[2] = { { a, 3 }, { b, 5 } };
    struct iovec riov[2] = { { r1, 8 }, { r2, 8 } };
    struct mmsghdr m[2], rm[2];

    memset(m, 0, sizeof(m));
    memset(rm, 0, sizeof(rm));
    socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
    for (int i = 0; i < 2; i++) {
        m[i].msg_hdr.msg_iov = &iov[i];
        m[i].msg_hdr.msg_iovlen = 1;
        rm[i].msg_hdr.msg_iov = &riov[i];
        rm[i].msg_hdr.msg_iovlen = 1;
    }
    printf("sendmmsg %d\n", sendmmsg(sv[0], m, 2, 0));
    printf("recvmmsg %d\n", recvmmsg(sv[1], rm, 2, MSG_DONTWAIT, NULL));
    printf("lens %u %u '%s' '%s'\n", rm[0].msg_len, rm[1].msg_len, r1, r2);
    printf("bad iov sendmsg: %d\n",
           (int)sendmsg(sv[0], &(struct msghdr){
               .msg_iov = (struct iovec *)8, .msg_iovlen = 1 }, 0));
    perror("sendmsg");
    close(sv[0]);
    close(sv[1]);
}

int main(void)
{
    test(SOCK_STREAM, "stream");
    test(SOCK_DGRAM, "dgram");
    test_mmsg();
    return 0;
}
