/*
 * System calls on sockets, polling and event notification: the socket
 * family, sendmsg/recvmsg (and the mmsg batches), ppoll, pselect6, epoll,
 * eventfd and timerfd. Most are the host call on translated pointers;
 * msghdr is rebuilt with host pointers and epoll_event is converted.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Layouts both LP64 ABIs share (asm-generic socket.h is x86-64's too):
 * SOL_SOCKET option numbers and values (timeouts are struct timeval,
 * SO_PEERCRED struct ucred), sockaddr, socklen_t, msghdr, cmsghdr (so
 * SCM_RIGHTS passes host fds, which are the guest's), mmsghdr, pollfd,
 * fd_set, timespec, itimerspec, and SOCK_NONBLOCK/SOCK_CLOEXEC. The one
 * that differs: x86-64's struct epoll_event is packed (12 bytes), the
 * riscv64 one naturally aligned (16).
 *
 * The guest's signal mask in ppoll/pselect6/epoll_pwait goes to the host
 * as it is: signal numbers and the 8-byte kernel sigset agree.
 */
#include "user-internal.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define KERNEL_SIGSET_SIZE 8
/* The kernel's own bounds, so a guest cannot make us allocate more. */
#define IOV_MAX_GUEST 1024
#define MMSG_MAX_GUEST 1024
#define EPOLL_MAX_EVENTS (INT32_MAX / 16)

/* --- plain calls on sockets --------------------------------------------- */

static int64_t sys_socket(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(socket((int)a[0], (int)a[1], (int)a[2]));
}

static int64_t sys_socketpair(UserThread *t, const uint64_t *a)
{
    int *sv = user_ptr(a[3], 2 * sizeof(int), PAGE_WRITE);

    (void)t;
    if (!sv) {
        return -EFAULT;
    }
    return user_errno_ret(socketpair((int)a[0], (int)a[1], (int)a[2], sv));
}

/* An address the host reads: [addr, addr + len). */
static int64_t addr_in(uint64_t addr, uint64_t len, const void **out)
{
    if ((int)len < 0) {
        return -EINVAL;
    }
    *out = addr ? user_ptr(addr, (uint32_t)len, PAGE_READ) : NULL;
    if (addr && !*out) {
        return -EFAULT;
    }
    return 0;
}

/*
 * An address the host writes with its in/out length at lenp: both
 * checked (a NULL addr is fine for accept and recvfrom).
 */
static int64_t addr_out(uint64_t addr, uint64_t lenp, void **out,
                        socklen_t **lenout)
{
    socklen_t len;

    *out = NULL;
    *lenout = NULL;
    if (!addr) {
        return 0;
    }
    *lenout = user_ptr(lenp, sizeof(socklen_t), PAGE_READ | PAGE_WRITE);
    if (!*lenout) {
        return -EFAULT;
    }
    len = **lenout;
    if ((int)len < 0) {
        return -EINVAL;
    }
    *out = user_ptr(addr, len, PAGE_WRITE);
    return *out ? 0 : -EFAULT;
}

static int64_t sys_bind(UserThread *t, const uint64_t *a)
{
    const void *sa;
    int64_t r = addr_in(a[1], a[2], &sa);

    (void)t;
    if (r < 0) {
        return r;
    }
    return user_errno_ret(bind((int)a[0], sa, (socklen_t)a[2]));
}

static int64_t sys_connect(UserThread *t, const uint64_t *a)
{
    const void *sa;
    int64_t r = addr_in(a[1], a[2], &sa);

    (void)t;
    if (r < 0) {
        return r;
    }
    return user_errno_ret(user_safe_syscall(SYS_connect, (int)a[0], sa,
                                            (socklen_t)a[2]));
}

static int64_t sys_listen(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(listen((int)a[0], (int)a[1]));
}

static int64_t sys_accept4(UserThread *t, const uint64_t *a)
{
    void *sa;
    socklen_t *len;
    int64_t r = addr_out(a[1], a[2], &sa, &len);

    (void)t;
    if (r < 0) {
        return r;
    }
    return user_errno_ret(user_safe_syscall(SYS_accept4, (int)a[0], sa, len,
                                            (int)a[3]));
}

static int64_t sys_accept(UserThread *t, const uint64_t *a)
{
    uint64_t b[6] = { a[0], a[1], a[2], 0, 0, 0 };

    return sys_accept4(t, b);
}

static int64_t sys_getsockname(UserThread *t, const uint64_t *a)
{
    void *sa;
    socklen_t *len;
    int64_t r = a[1] ? addr_out(a[1], a[2], &sa, &len) : -EFAULT;

    (void)t;
    if (r < 0) {
        return r;
    }
    return user_errno_ret(getsockname((int)a[0], sa, len));
}

static int64_t sys_getpeername(UserThread *t, const uint64_t *a)
{
    void *sa;
    socklen_t *len;
    int64_t r = a[1] ? addr_out(a[1], a[2], &sa, &len) : -EFAULT;

    (void)t;
    if (r < 0) {
        return r;
    }
    return user_errno_ret(getpeername((int)a[0], sa, len));
}

static int64_t sys_sendto(UserThread *t, const uint64_t *a)
{
    const void *buf = user_ptr(a[1], a[2], PAGE_READ);
    const void *sa;
    int64_t r;

    (void)t;
    if (!buf) {
        return -EFAULT;
    }
    r = addr_in(a[4], a[5], &sa);
    if (r < 0) {
        return r;
    }
    return user_errno_ret(user_safe_syscall(SYS_sendto, (int)a[0], buf, a[2],
                                            (int)a[3], sa,
                                            sa ? (socklen_t)a[5] : 0));
}

static int64_t sys_recvfrom(UserThread *t, const uint64_t *a)
{
    void *buf = user_ptr(a[1], a[2], PAGE_WRITE);
    void *sa;
    socklen_t *len;
    int64_t r;

    (void)t;
    if (!buf) {
        return -EFAULT;
    }
    r = addr_out(a[4], a[5], &sa, &len);
    if (r < 0) {
        return r;
    }
    return user_errno_ret(user_safe_syscall(SYS_recvfrom, (int)a[0], buf,
                                            a[2], (int)a[3], sa, len));
}

static int64_t sys_setsockopt(UserThread *t, const uint64_t *a)
{
    const void *val = NULL;

    (void)t;
    if ((int)a[4] < 0) {
        return -EINVAL;
    }
    if (a[3]) {
        val = user_ptr(a[3], (uint32_t)a[4], PAGE_READ);
        if (!val) {
            return -EFAULT;
        }
    }
    return user_errno_ret(setsockopt((int)a[0], (int)a[1], (int)a[2], val,
                                     (socklen_t)a[4]));
}

static int64_t sys_getsockopt(UserThread *t, const uint64_t *a)
{
    void *val;
    socklen_t *len;
    int64_t r;

    (void)t;
    if (!a[3]) {
        /* The kernel reads the length first either way. */
        len = user_ptr(a[4], sizeof(socklen_t), PAGE_READ | PAGE_WRITE);
        return len ? user_errno_ret(getsockopt((int)a[0], (int)a[1],
                                               (int)a[2], NULL, len))
                   : -EFAULT;
    }
    r = addr_out(a[3], a[4], &val, &len);
    if (r < 0) {
        return r;
    }
    return user_errno_ret(getsockopt((int)a[0], (int)a[1], (int)a[2], val,
                                     len));
}

static int64_t sys_shutdown(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(shutdown((int)a[0], (int)a[1]));
}

/* --- sendmsg / recvmsg ----------------------------------------------------- */

/*
 * The host msghdr for the guest's at gaddr (already copied into *g):
 * every pointer in it checked for the direction (PAGE_READ to send,
 * PAGE_WRITE to receive) and translated. *iov is g_malloc'ed.
 */
static int64_t msghdr_to_host(const struct msghdr *g, struct msghdr *h,
                              struct iovec **iov, int prot)
{
    const struct iovec *giov;

    *iov = NULL;
    memset(h, 0, sizeof(*h));
    if ((int)g->msg_namelen < 0) {
        return -EINVAL;
    }
    if (g->msg_iovlen > IOV_MAX_GUEST) {
        return -EMSGSIZE;
    }
    if (g->msg_name) {
        h->msg_name = user_ptr((uint64_t)(uintptr_t)g->msg_name,
                               g->msg_namelen, prot);
        if (!h->msg_name) {
            return -EFAULT;
        }
        h->msg_namelen = g->msg_namelen;
    }
    if (g->msg_control && g->msg_controllen) {
        h->msg_control = user_ptr((uint64_t)(uintptr_t)g->msg_control,
                                  g->msg_controllen, prot);
        if (h->msg_control) {
            h->msg_controllen = g->msg_controllen;
        } else if (!(prot & PAGE_WRITE)) {
            return -EFAULT;
        }
        /*
         * Receiving into a control buffer we cannot write: Linux finds
         * out only when it has control data to store, which it then
         * drops with MSG_CTRUNC, as the host does for no buffer; with
         * nothing to receive the call fails as it would (EAGAIN, ...).
         */
    }
    if (g->msg_iovlen) {
        giov = user_ptr((uint64_t)(uintptr_t)g->msg_iov,
                        g->msg_iovlen * sizeof(struct iovec), PAGE_READ);
        if (!giov) {
            return -EFAULT;
        }
        *iov = g_new(struct iovec, g->msg_iovlen);
        for (size_t i = 0; i < g->msg_iovlen; i++) {
            uint64_t base = (uint64_t)(uintptr_t)giov[i].iov_base;

            if ((ssize_t)giov[i].iov_len < 0) {
                g_clear_pointer(iov, g_free);
                return -EINVAL;
            }
            (*iov)[i].iov_len = giov[i].iov_len;
            (*iov)[i].iov_base = user_ptr(base, giov[i].iov_len, prot);
            if (!(*iov)[i].iov_base) {
                g_clear_pointer(iov, g_free);
                return -EFAULT;
            }
        }
        h->msg_iov = *iov;
        h->msg_iovlen = g->msg_iovlen;
    }
    h->msg_flags = g->msg_flags;
    return 0;
}

/* What recvmsg tells the guest back: the lengths and flags. */
static void msghdr_from_host(struct msghdr *g, const struct msghdr *h)
{
    if (g->msg_name) {
        g->msg_namelen = h->msg_namelen;
    }
    g->msg_controllen = g->msg_control ? h->msg_controllen : 0;
    g->msg_flags = h->msg_flags;
}

static int64_t do_msg(uint64_t fd, uint64_t gaddr, int flags, bool send)
{
    struct msghdr *g = user_ptr(gaddr, sizeof(*g),
                                send ? PAGE_READ : PAGE_READ | PAGE_WRITE);
    g_autofree struct iovec *iov = NULL;
    struct msghdr h;
    int64_t r;

    if (!g) {
        return -EFAULT;
    }
    r = msghdr_to_host(g, &h, &iov, send ? PAGE_READ : PAGE_WRITE);
    if (r < 0) {
        return r;
    }
    if (send) {
        return user_errno_ret(user_safe_syscall(SYS_sendmsg, (int)fd, &h,
                                                flags));
    }
    r = user_errno_ret(user_safe_syscall(SYS_recvmsg, (int)fd, &h, flags));
    if (r >= 0) {
        msghdr_from_host(g, &h);
    }
    return r;
}

static int64_t sys_sendmsg(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_msg(a[0], a[1], (int)a[2], true);
}

static int64_t sys_recvmsg(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_msg(a[0], a[1], (int)a[2], false);
}

/*
 * sendmmsg/recvmmsg: the host batch is built whole (its iovecs in one
 * array per message), run as one host call, and its msg_len (and
 * recvmmsg's lengths and flags) written back to the messages done.
 */
static int64_t do_mmsg(uint64_t fd, uint64_t gaddr, uint64_t vlen,
                       int flags, uint64_t timeout, bool send)
{
    struct mmsghdr *g;
    g_autofree struct mmsghdr *h = NULL;
    struct iovec **iovs;
    struct timespec *ts = NULL;
    int64_t r = 0;
    unsigned n = vlen > MMSG_MAX_GUEST ? MMSG_MAX_GUEST : (unsigned)vlen;

    if (!n) {
        return 0;
    }
    g = user_ptr(gaddr, n * sizeof(*g), PAGE_READ | PAGE_WRITE);
    if (!g) {
        return -EFAULT;
    }
    if (!send && timeout) {
        ts = user_ptr(timeout, sizeof(*ts), PAGE_READ | PAGE_WRITE);
        if (!ts) {
            return -EFAULT;
        }
    }
    h = g_new0(struct mmsghdr, n);
    iovs = g_new0(struct iovec *, n);
    for (unsigned i = 0; i < n && r == 0; i++) {
        r = msghdr_to_host(&g[i].msg_hdr, &h[i].msg_hdr, &iovs[i],
                           send ? PAGE_READ : PAGE_WRITE);
    }
    if (r == 0) {
        r = send ? user_errno_ret(user_safe_syscall(SYS_sendmmsg, (int)fd,
                                                    h, n, flags))
                 : user_errno_ret(user_safe_syscall(SYS_recvmmsg, (int)fd,
                                                    h, n, flags, ts));
    }
    for (unsigned i = 0; i < n; i++) {
        if (r > 0 && i < r) {
            g[i].msg_len = h[i].msg_len;
            if (!send) {
                msghdr_from_host(&g[i].msg_hdr, &h[i].msg_hdr);
            }
        }
        g_free(iovs[i]);
    }
    g_free(iovs);
    return r;
}

static int64_t sys_sendmmsg(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_mmsg(a[0], a[1], a[2], (int)a[3], 0, true);
}

static int64_t sys_recvmmsg(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_mmsg(a[0], a[1], a[2], (int)a[3], a[4], false);
}

/* --- polling ----------------------------------------------------------------- */

/* An optional guest pointer: NULL stays NULL; 0 or -EFAULT. */
static int64_t opt_ptr(uint64_t addr, uint64_t len, int prot, void **out)
{
    *out = addr ? user_ptr(addr, len, prot) : NULL;
    return addr && !*out ? -EFAULT : 0;
}

static int64_t sys_ppoll(UserThread *t, const uint64_t *a)
{
    void *fds, *ts, *mask;
    int64_t r;

    if (a[1] > (1u << 20)) {       /* above any RLIMIT_NOFILE */
        return -EINVAL;
    }
    if (opt_ptr(a[0], a[1] * sizeof(struct pollfd), PAGE_READ | PAGE_WRITE,
                &fds) < 0 ||
        opt_ptr(a[2], sizeof(struct timespec), PAGE_READ | PAGE_WRITE,
                &ts) < 0 ||
        opt_ptr(a[3], a[4] == KERNEL_SIGSET_SIZE ? KERNEL_SIGSET_SIZE : 0,
                PAGE_READ, &mask) < 0) {
        return -EFAULT;
    }
    if ((r = user_signal_mask_begin(t, mask, a[4])) < 0) {
        return r;
    }
    /* The raw call: the kernel writes the time left back to the guest. */
    return user_signal_mask_end(t, user_errno_ret(
        user_safe_syscall(SYS_ppoll, fds, a[1], ts, mask, a[4])));
}

static int64_t sys_pselect6(UserThread *t, const uint64_t *a)
{
    uint64_t fdbytes = ((a[0] + 63) / 64) * 8;
    void *r, *w, *e, *ts;
    uint64_t sig[2] = { 0, 0 };
    struct { void *ss; size_t len; } hsig = { NULL, 0 };
    int64_t ret;

    if ((int)a[0] < 0) {
        return -EINVAL;
    }
    if (opt_ptr(a[1], fdbytes, PAGE_READ | PAGE_WRITE, &r) < 0 ||
        opt_ptr(a[2], fdbytes, PAGE_READ | PAGE_WRITE, &w) < 0 ||
        opt_ptr(a[3], fdbytes, PAGE_READ | PAGE_WRITE, &e) < 0 ||
        opt_ptr(a[4], sizeof(struct timespec), PAGE_READ | PAGE_WRITE,
                &ts) < 0) {
        return -EFAULT;
    }
    /* The sixth argument is a guest {sigset pointer, size} pair. */
    if (a[5]) {
        if (user_copy_from(sig, a[5], sizeof(sig)) < 0) {
            return -EFAULT;
        }
        hsig.len = sig[1];
        if (sig[0]) {
            hsig.ss = user_ptr(sig[0], sig[1] == KERNEL_SIGSET_SIZE ?
                               KERNEL_SIGSET_SIZE : 0, PAGE_READ);
            if (!hsig.ss) {
                return -EFAULT;
            }
        }
    }
    if ((ret = user_signal_mask_begin(t, hsig.ss, hsig.len)) < 0) {
        return ret;
    }
    return user_signal_mask_end(t, user_errno_ret(
        user_safe_syscall(SYS_pselect6, (int)a[0], r, w, e, ts,
                          a[5] ? &hsig : NULL)));
}

/* --- epoll ------------------------------------------------------------------ */

/* riscv64's struct epoll_event: natural alignment, 16 bytes. */
typedef struct GuestEpollEvent {
    uint32_t events;
    uint32_t pad;
    uint64_t data;
} GuestEpollEvent;

G_STATIC_ASSERT(sizeof(GuestEpollEvent) == 16);

static int64_t sys_epoll_create1(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(epoll_create1((int)a[0]));
}

static int64_t sys_epoll_ctl(UserThread *t, const uint64_t *a)
{
    GuestEpollEvent g;
    struct epoll_event h = { 0 };
    int op = (int)a[1];

    (void)t;
    /* EPOLL_CTL_DEL ignores the event (old kernels wanted non-NULL). */
    if (op != EPOLL_CTL_DEL) {
        if (user_copy_from(&g, a[3], sizeof(g)) < 0) {
            return -EFAULT;
        }
        h.events = g.events;
        h.data.u64 = g.data;
    }
    return user_errno_ret(epoll_ctl((int)a[0], op, (int)a[2], &h));
}

/* epoll_pwait (timeout in ms) and epoll_pwait2 (a timespec). */
static int64_t do_epoll_wait(UserThread *t, const uint64_t *a,
                             bool ts_timeout)
{
    int maxevents = (int)a[2];
    GuestEpollEvent *g;
    g_autofree struct epoll_event *h = NULL;
    void *mask, *ts = NULL;
    int64_t r;

    if (maxevents <= 0 || maxevents > EPOLL_MAX_EVENTS) {
        return -EINVAL;
    }
    g = user_ptr(a[1], (uint64_t)maxevents * sizeof(*g), PAGE_WRITE);
    if (!g) {
        return -EFAULT;
    }
    if (opt_ptr(a[4], a[5] == KERNEL_SIGSET_SIZE ? KERNEL_SIGSET_SIZE : 0,
                PAGE_READ, &mask) < 0) {
        return -EFAULT;
    }
    if (ts_timeout && opt_ptr(a[3], sizeof(struct timespec), PAGE_READ,
                              &ts) < 0) {
        return -EFAULT;
    }
    if ((r = user_signal_mask_begin(t, mask, a[5])) < 0) {
        return r;
    }
    /* Only as many as could come back, not what the guest asked. */
    h = g_new(struct epoll_event, MIN(maxevents, 4096));
    if (ts_timeout) {
        r = user_safe_syscall(SYS_epoll_pwait2, (int)a[0], h,
                              MIN(maxevents, 4096), ts, mask, a[5]);
    } else {
        r = user_safe_syscall(SYS_epoll_pwait, (int)a[0], h,
                              MIN(maxevents, 4096), (int)a[3], mask, a[5]);
    }
    r = user_signal_mask_end(t, user_errno_ret(r));
    for (int64_t i = 0; i < r; i++) {
        g[i].events = h[i].events;
        g[i].pad = 0;
        g[i].data = h[i].data.u64;
    }
    return r;
}

static int64_t sys_epoll_pwait(UserThread *t, const uint64_t *a)
{
    return do_epoll_wait(t, a, false);
}

static int64_t sys_epoll_pwait2(UserThread *t, const uint64_t *a)
{
    return do_epoll_wait(t, a, true);
}

/* --- eventfd and timerfd --------------------------------------------------- */

static int64_t sys_eventfd2(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(syscall(SYS_eventfd2, (unsigned)a[0], (int)a[1]));
}

static int64_t sys_timerfd_create(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(syscall(SYS_timerfd_create, (int)a[0],
                                  (int)a[1]));
}

/* struct itimerspec is two timespecs on both ABIs. */
static int64_t sys_timerfd_settime(UserThread *t, const uint64_t *a)
{
    void *nv = user_ptr(a[2], 2 * sizeof(struct timespec), PAGE_READ);
    void *ov;

    (void)t;
    if (!nv || opt_ptr(a[3], 2 * sizeof(struct timespec), PAGE_WRITE,
                       &ov) < 0) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_timerfd_settime, (int)a[0], (int)a[1],
                                  nv, ov));
}

static int64_t sys_timerfd_gettime(UserThread *t, const uint64_t *a)
{
    void *cur = user_ptr(a[1], 2 * sizeof(struct timespec), PAGE_WRITE);

    (void)t;
    if (!cur) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_timerfd_gettime, (int)a[0], cur));
}

const UserSyscall user_syscalls_net[] = {
    { USER_NR_socket, "socket", sys_socket, "ddd" },
    { USER_NR_socketpair, "socketpair", sys_socketpair, "dddp" },
    { USER_NR_bind, "bind", sys_bind, "dpu" },
    { USER_NR_listen, "listen", sys_listen, "dd" },
    { USER_NR_accept, "accept", sys_accept, "dpp" },
    { USER_NR_accept4, "accept4", sys_accept4, "dppx" },
    { USER_NR_connect, "connect", sys_connect, "dpu" },
    { USER_NR_getsockname, "getsockname", sys_getsockname, "dpp" },
    { USER_NR_getpeername, "getpeername", sys_getpeername, "dpp" },
    { USER_NR_sendto, "sendto", sys_sendto, "dpuxpu" },
    { USER_NR_recvfrom, "recvfrom", sys_recvfrom, "dpuxpp" },
    { USER_NR_setsockopt, "setsockopt", sys_setsockopt, "dddpu" },
    { USER_NR_getsockopt, "getsockopt", sys_getsockopt, "dddpp" },
    { USER_NR_shutdown, "shutdown", sys_shutdown, "dd" },
    { USER_NR_sendmsg, "sendmsg", sys_sendmsg, "dpx" },
    { USER_NR_recvmsg, "recvmsg", sys_recvmsg, "dpx" },
    { USER_NR_sendmmsg, "sendmmsg", sys_sendmmsg, "dpux" },
    { USER_NR_recvmmsg, "recvmmsg", sys_recvmmsg, "dpuxp" },
    { USER_NR_ppoll, "ppoll", sys_ppoll, "puppu" },
    { USER_NR_pselect6, "pselect6", sys_pselect6, "dppppp" },
    { USER_NR_epoll_create1, "epoll_create1", sys_epoll_create1, "x" },
    { USER_NR_epoll_ctl, "epoll_ctl", sys_epoll_ctl, "dddp" },
    { USER_NR_epoll_pwait, "epoll_pwait", sys_epoll_pwait, "dpddpu" },
    { USER_NR_epoll_pwait2, "epoll_pwait2", sys_epoll_pwait2, "dpdppu" },
    { USER_NR_eventfd2, "eventfd2", sys_eventfd2, "ux" },
    { USER_NR_timerfd_create, "timerfd_create", sys_timerfd_create, "Cx" },
    { USER_NR_timerfd_settime, "timerfd_settime", sys_timerfd_settime,
      "dxpp" },
    { USER_NR_timerfd_gettime, "timerfd_gettime", sys_timerfd_gettime,
      "dp" },
    { 0 }
};
