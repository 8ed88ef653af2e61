/*
 * signalfd4: a descriptor that reads the guest's pending signals. Guest
 * signals live in our queues (signal.c), not the host kernel's, so the
 * descriptor is a host eventfd that is readable while a signal of its
 * mask may be pending (poll, select and epoll see it as they would a
 * signalfd), and read() on it is ours: it takes signals of the mask from
 * the thread's and the process's queues and returns them as struct
 * signalfd_siginfo, which has one layout on every Linux ABI.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Known limits: a dup() of a signalfd, or one inherited across execve,
 * reads as the plain eventfd it is underneath; readv/pread do too. At
 * most 64 signalfds at once (EMFILE after).
 */
#include "user-internal.h"
#include "user-signal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/signalfd.h>
#include <unistd.h>

#define MAX_SIGNALFDS 64

/*
 * fd -1: a free slot. Read without a lock by the host signal handler
 * (user_signalfd_notify), so every field is accessed atomically.
 */
static struct {
    int fd;
    uint64_t mask;
} sfds[MAX_SIGNALFDS] = { [0 ... MAX_SIGNALFDS - 1] = { -1, 0 } };
static GMutex sfds_lock;

static int find(int fd)
{
    for (int i = 0; i < MAX_SIGNALFDS; i++) {
        if (fd >= 0 && __atomic_load_n(&sfds[i].fd, __ATOMIC_ACQUIRE) == fd) {
            return i;
        }
    }
    return -1;
}

static void make_readable(int fd)
{
    uint64_t one = 1;

    /* async-signal-safe; a full counter (never here) would just fail */
    if (write(fd, &one, sizeof(one)) < 0) {
        return;
    }
}

void user_signalfd_notify(int sig)
{
    for (int i = 0; i < MAX_SIGNALFDS; i++) {
        int fd = __atomic_load_n(&sfds[i].fd, __ATOMIC_ACQUIRE);

        if (fd >= 0 && (__atomic_load_n(&sfds[i].mask, __ATOMIC_ACQUIRE) &
                        USER_SIGBIT(sig))) {
            make_readable(fd);
        }
    }
}

/*
 * Readable exactly while something of mask is pending for t. Only this
 * file reads the eventfd underneath, always under sfds_lock, so a read
 * after poll says it is readable cannot block.
 */
static void refresh(UserThread *t, int fd, uint64_t mask)
{
    struct pollfd pfd = { .fd = fd, .events = POLLIN };
    uint64_t v;

    g_mutex_lock(&sfds_lock);
    if (poll(&pfd, 1, 0) > 0 && read(fd, &v, sizeof(v)) < 0) {
        v = 0;
    }
    if (user_signal_pending_set(t) & mask) {
        make_readable(fd);
    }
    g_mutex_unlock(&sfds_lock);
}

/* struct signalfd_siginfo from a siginfo_t, by the kind of signal. */
static void to_ssi(const siginfo_t *si, struct signalfd_siginfo *o)
{
    memset(o, 0, sizeof(*o));
    o->ssi_signo = si->si_signo;
    o->ssi_errno = si->si_errno;
    o->ssi_code = si->si_code;
    if (si->si_signo == SIGCHLD && si->si_code > 0) {
        o->ssi_pid = si->si_pid;
        o->ssi_uid = si->si_uid;
        o->ssi_status = si->si_status;
        o->ssi_utime = si->si_utime;
        o->ssi_stime = si->si_stime;
    } else if (si->si_code == SI_TIMER) {
        o->ssi_tid = si->si_timerid;
        o->ssi_overrun = si->si_overrun;
        o->ssi_int = si->si_int;
        o->ssi_ptr = (uint64_t)(uintptr_t)si->si_ptr;
    } else if (si->si_code > 0 &&
               (si->si_signo == SIGSEGV || si->si_signo == SIGBUS ||
                si->si_signo == SIGILL || si->si_signo == SIGFPE ||
                si->si_signo == SIGTRAP)) {
        o->ssi_addr = (uint64_t)(uintptr_t)si->si_addr;
    } else if (si->si_signo == SIGIO && si->si_code > 0) {
        o->ssi_band = si->si_band;
        o->ssi_fd = si->si_fd;
    } else {
        o->ssi_pid = si->si_pid;
        o->ssi_uid = si->si_uid;
        o->ssi_int = si->si_int;
        o->ssi_ptr = (uint64_t)(uintptr_t)si->si_ptr;
    }
}

int64_t user_signalfd_read(UserThread *t, int fd, uint64_t buf,
                           uint64_t len)
{
    struct signalfd_siginfo ssi;
    uint64_t mask, n = 0;
    siginfo_t info;
    int i = find(fd), fl;

    if (i < 0) {
        return -EBADF;
    }
    mask = __atomic_load_n(&sfds[i].mask, __ATOMIC_ACQUIRE);
    if (len < sizeof(ssi)) {
        return -EINVAL;
    }
    if (!user_ptr(buf, len - len % sizeof(ssi), PAGE_WRITE)) {
        return -EFAULT;
    }
    fl = fcntl(fd, F_GETFL);
    for (;;) {
        while (n + sizeof(ssi) <= len && user_signal_take(t, mask, &info)) {
            to_ssi(&info, &ssi);
            user_copy_to(buf + n, &ssi, sizeof(ssi));
            n += sizeof(ssi);
        }
        if (n || (fl >= 0 && (fl & O_NONBLOCK))) {
            break;
        }
        /* woken by another signal (one for a handler): EINTR's rules */
        if (!user_signal_wait(t, mask, NULL) ||
            !(user_signal_pending_set(t) & mask)) {
            refresh(t, fd, mask);
            return -EINTR;
        }
    }
    refresh(t, fd, mask);
    return n ? (int64_t)n : -EAGAIN;
}

bool user_signalfd_is(int fd)
{
    return find(fd) >= 0;
}

void user_signalfd_forget(int fd)
{
    int i;

    g_mutex_lock(&sfds_lock);
    i = find(fd);
    if (i >= 0) {
        __atomic_store_n(&sfds[i].fd, -1, __ATOMIC_RELEASE);
    }
    g_mutex_unlock(&sfds_lock);
}

int64_t user_signalfd4(UserThread *t, int fd, uint64_t mask_addr,
                       uint64_t size, int flags)
{
    uint64_t mask;
    int i, r;

    if (size != 8 || (flags & ~(SFD_NONBLOCK | SFD_CLOEXEC))) {
        return -EINVAL;
    }
    r = user_copy_from(&mask, mask_addr, sizeof(mask));
    if (r < 0) {
        return r;
    }
    mask &= ~USER_SIG_UNBLOCKABLE;      /* as Linux: never KILL or STOP */
    g_mutex_lock(&sfds_lock);
    if (fd != -1) {
        i = find(fd);
        if (i < 0) {
            g_mutex_unlock(&sfds_lock);
            return -EINVAL;
        }
        __atomic_store_n(&sfds[i].mask, mask, __ATOMIC_RELEASE);
    } else {
        for (i = 0; i < MAX_SIGNALFDS && sfds[i].fd >= 0; i++) {
            continue;
        }
        if (i == MAX_SIGNALFDS) {
            g_mutex_unlock(&sfds_lock);
            return -EMFILE;
        }
        /* SFD_* are EFD_* (O_NONBLOCK, O_CLOEXEC): the guest's flags */
        fd = eventfd(0, flags);
        if (fd < 0) {
            g_mutex_unlock(&sfds_lock);
            return -errno;
        }
        __atomic_store_n(&sfds[i].mask, mask, __ATOMIC_RELEASE);
        __atomic_store_n(&sfds[i].fd, fd, __ATOMIC_RELEASE);
    }
    g_mutex_unlock(&sfds_lock);
    refresh(t, fd, mask);
    return fd;
}
