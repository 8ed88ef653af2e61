/*
 * System calls that make threads and processes and let them wait for
 * each other: clone and clone3 (a guest thread is a host thread; a
 * process is a host fork), futex and futex_waitv on host pointers into
 * the guest space, and the fork bookkeeping of the translator's locks.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * vfork (CLONE_VM|CLONE_VFORK) is a fork whose parent waits until the
 * child has called execve or exited. The child's writes to memory are
 * not seen by the parent, as POSIX allows, except in a window of the
 * parent's stack above its sp, which a child that exits without exec
 * sends back: glibc's posix_spawn child stores its execve errno there
 * (in the parent's frame) and the parent reads it after the clone.
 */
#include "user-internal.h"
#include "user-signal.h"
#include "util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | \
                      CLONE_THREAD | CLONE_SYSVSEM)
#define TID_FLAGS (CLONE_SETTLS | CLONE_PARENT_SETTID | \
                   CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)

#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ull
#endif
/* the host stack of a guest thread's emulator thread */
#define HOST_THREAD_STACK (8u << 20)
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

typedef struct CloneArgs {
    uint64_t flags;
    uint64_t pidfd;             /* guest address of an int (CLONE_PIDFD) */
    uint64_t exit_signal;
    uint64_t newsp;
    uint64_t parent_tid;        /* guest address */
    uint64_t child_tid;
    uint64_t tls;
} CloneArgs;

/* --- threads ---------------------------------------------------------------- */

typedef struct ThreadStart {
    UserThread *parent;
    CPUState *cpu;
    CloneArgs ca;
    sigset_t mask;              /* the parent's host mask, restored */
    GMutex lock;
    GCond cond;
    pid_t tid;                  /* 0 until the child is set up */
} ThreadStart;

static void put_tid(uint64_t addr, pid_t tid)
{
    uint32_t *p = user_ptr(addr, 4, PAGE_WRITE);

    if (p) {
        __atomic_store_n(p, (uint32_t)tid, __ATOMIC_SEQ_CST);
    }
}

static void *thread_main(void *opaque)
{
    ThreadStart *s = opaque;
    UserThread *t = user_thread_new(s->cpu);
    sigset_t mask = s->mask;

    user_self = t;
    user_signal_thread_init(t, s->parent);
    /* both before the guest's clone returns anywhere */
    if (s->ca.flags & CLONE_PARENT_SETTID) {
        put_tid(s->ca.parent_tid, t->tid);
    }
    if (s->ca.flags & CLONE_CHILD_SETTID) {
        put_tid(s->ca.child_tid, t->tid);
    }
    if (s->ca.flags & CLONE_CHILD_CLEARTID) {
        t->clear_child_tid = s->ca.child_tid;
    }
    g_mutex_lock(&s->lock);
    s->tid = t->tid;
    g_cond_signal(&s->cond);
    g_mutex_unlock(&s->lock);
    /* s belongs to the parent from here on */
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
    user_target_cpu_loop(t);
}

static int64_t clone_thread(UserThread *t, const CloneArgs *ca)
{
    g_autoptr(GError) err = NULL;
    ThreadStart s = { .parent = t, .ca = *ca };
    pthread_attr_t attr;
    pthread_t th;
    sigset_t all;
    int r;

    /* the CPU list must not change while another thread walks it */
    tcg_start_exclusive();
    s.cpu = user_target_cpu_clone(t->cpu, &err);
    tcg_end_exclusive();
    if (!s.cpu) {
        vireo_log_mask(LOG_GUEST_ERROR, "clone: %s\n", err->message);
        return -EAGAIN;
    }
    user_target_set_clone_child(s.cpu, ca->newsp,
                                ca->flags & CLONE_SETTLS, ca->tls);
    g_mutex_init(&s.lock);
    g_cond_init(&s.cond);

    /* the new host thread takes no signal before it is a guest thread */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &s.mask);
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /*
     * Our own stack for the translator and helpers, not the guest's: not
     * sized by the stack limit we were started with, which the guest sets
     * (user_rlimits_before_exec).
     */
    pthread_attr_setstacksize(&attr, HOST_THREAD_STACK);
    r = pthread_create(&th, &attr, thread_main, &s);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &s.mask, NULL);
    if (r != 0) {
        tcg_start_exclusive();
        user_target_cpu_free(s.cpu);
        tcg_end_exclusive();
        g_mutex_clear(&s.lock);
        g_cond_clear(&s.cond);
        return -EAGAIN;
    }
    g_mutex_lock(&s.lock);
    while (!s.tid) {
        g_cond_wait(&s.cond, &s.lock);
    }
    g_mutex_unlock(&s.lock);
    g_mutex_clear(&s.lock);
    g_cond_clear(&s.cond);
    return s.tid;
}

/* --- processes ---------------------------------------------------------------- */

/* The child: only the calling thread came along. */
static void fork_child_reset(UserThread *t)
{
    UserThread *o, *next;

    t->tid = (pid_t)syscall(SYS_gettid);
    t->robust_list = 0;         /* as Linux: the child registers its own */
    g_mutex_init(&user_proc.lock);
    for (o = user_proc.threads; o; o = next) {
        next = o->next;
        if (o != t) {
            /* its signal state is left behind: that thread is gone */
            tcg_start_exclusive();
            user_target_cpu_free(o->cpu);
            tcg_end_exclusive();
            g_free(o);
        }
    }
    t->next = NULL;
    user_proc.threads = t;
    user_proc.nthreads = 1;
}

/* CLONE_CLEAR_SIGHAND: handled signals go back to their default. */
static void clear_handlers(void)
{
    static const UserSigAction dfl = { USER_SIG_DFL, 0, 0 };
    UserSigAction act;

    for (int sig = 1; sig <= USER_NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP &&
            user_signal_get_action(sig, &act) == 0 &&
            act.handler != USER_SIG_IGN && act.handler != USER_SIG_DFL) {
            user_signal_set_action(sig, &dfl);
        }
    }
}

/*
 * CLONE_PIDFD: the kernel makes the pidfd with the child; we open one on
 * the new host pid at once (close-on-exec, as the kernel's). Only this
 * process can reap the child, so the pid cannot be reused in between
 * unless another guest thread waits for any child at that moment.
 */
static void put_pidfd(uint64_t addr, pid_t pid)
{
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    int32_t *p = user_ptr(addr, 4, PAGE_WRITE);

    if (p) {
        *p = fd;
    } else if (fd >= 0) {
        close(fd);
    }
}

/* What a CLONE_VM|CLONE_VFORK child sends back when it exits. */
#define VFORK_WINDOW (16 * 1024)

static struct {
    int fd;                     /* the vfork pipe's write side, or -1 */
    uint64_t sp;                /* the parent's sp at the clone */
} vfork_back = { -1, 0 };

static bool write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;

    while (len) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

bool user_vfork_owns_fd(int fd)
{
    return fd >= 0 && fd == vfork_back.fd;
}

void user_vfork_child_exit(void)
{
    uint64_t page = 1ull << tcg_user_page_bits(), hdr[2], end;

    if (vfork_back.fd < 0 || !vfork_back.sp) {
        return;
    }
    /* the writable pages from sp up, as far as they go */
    hdr[0] = vfork_back.sp;
    end = vfork_back.sp;
    while (end < vfork_back.sp + VFORK_WINDOW &&
           tcg_user_access_ok(end & ~(page - 1), page,
                              PAGE_READ | PAGE_WRITE)) {
        end = (end & ~(page - 1)) + page;
    }
    end = MIN(end, vfork_back.sp + VFORK_WINDOW);
    hdr[1] = end > hdr[0] ? end - hdr[0] : 0;
    if (hdr[1] && write_all(vfork_back.fd, hdr, sizeof(hdr))) {
        write_all(vfork_back.fd, tcg_user_g2h(hdr[0]), hdr[1]);
    }
    close(vfork_back.fd);
    vfork_back.fd = -1;
}

/* The parent: wait for the child's exec or exit, take what it sent. */
static void vfork_wait(int fd)
{
    g_autoptr(GByteArray) got = g_byte_array_new();
    uint8_t buf[4096];
    uint64_t hdr[2];
    ssize_t n;

    for (;;) {
        n = read(fd, buf, sizeof(buf));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;
        }
        g_byte_array_append(got, buf, (guint)n);
    }
    if (got->len >= sizeof(hdr)) {
        memcpy(hdr, got->data, sizeof(hdr));
        if (hdr[1] <= VFORK_WINDOW && got->len == sizeof(hdr) + hdr[1]) {
            user_copy_to(hdr[0], got->data + sizeof(hdr), hdr[1]);
        }
    }
}

static int64_t clone_process_fds(UserThread *t, const CloneArgs *ca)
{
    sigset_t all, old_mask;
    int vfork_pipe[2] = { -1, -1 }, copied[2];
    pid_t pid;
    int saved;
    char c = 0;

    if (ca->flags & CLONE_VFORK) {
        /* the parent waits for the end of the write side: exec or exit */
        if (pipe2(vfork_pipe, O_CLOEXEC) < 0) {
            return -errno;
        }
    }
    /*
     * The parent's other threads may not run (and patch translated code
     * the child is copying) before the child has its own code buffer.
     */
    if (pipe2(copied, O_CLOEXEC) < 0) {
        saved = errno;
        if (vfork_pipe[0] >= 0) {
            close(vfork_pipe[0]);
            close(vfork_pipe[1]);
        }
        return -saved;
    }
    /*
     * Host signals stay blocked across the fork: the child drops the
     * queue it copied from us (what was pending here is not its own)
     * before it lets in what is sent to it from its first instant, such
     * as the SIGTERM of a parent that kills it at once.
     */
    sigfillset(&all);
    sigdelset(&all, SIGSEGV);
    sigdelset(&all, SIGBUS);
    pthread_sigmask(SIG_BLOCK, &all, &old_mask);
    user_mem_fork_lock();
    tcg_user_fork_prepare();
    g_mutex_lock(&user_proc.lock);
    if (ca->exit_signal == SIGCHLD) {
        pid = fork();
    } else {
        /* no glibc fork handlers: the host's malloc lock may be lost */
        pid = (pid_t)syscall(SYS_clone, (unsigned long)ca->exit_signal,
                             NULL, NULL, NULL, NULL);
    }
    saved = errno;
    if (pid == 0) {
        g_autoptr(GError) err = NULL;

        if (!tcg_user_fork_child(&err)) {
            /* the parent sees a child that died at once */
            fprintf(stderr, "vireo-riscv64: fork: %s\n", err->message);
            user_exit_group(127);
        }
        while (write(copied[1], &c, 1) < 0 && errno == EINTR) {
            continue;
        }
        close(copied[0]);
        close(copied[1]);
        fork_child_reset(t);
        user_signal_fork_child(t);
        if (ca->flags & CLONE_CLEAR_SIGHAND) {
            clear_handlers();
        }
        pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
        user_mem_fork_unlock();
        if (vfork_back.fd >= 0) {
            close(vfork_back.fd);   /* a vfork child's own child */
            vfork_back.fd = -1;
        }
        if (vfork_pipe[0] >= 0) {
            /*
             * The guest's own fds are not ours: out of their way, and
             * kept from its close_range (posix_spawn's closefrom), or the
             * parent would go on before the exec.
             */
            int high = fcntl(vfork_pipe[1], F_DUPFD_CLOEXEC, 1000);

            close(vfork_pipe[0]);
            if (high >= 0) {
                close(vfork_pipe[1]);
                vfork_pipe[1] = high;
            }
            vfork_back.fd = vfork_pipe[1];
            vfork_back.sp = (ca->flags & CLONE_VM) ?
                            user_target_get_sp(t->cpu) : 0;
        }
        user_target_set_clone_child(t->cpu, ca->newsp,
                                    ca->flags & CLONE_SETTLS, ca->tls);
        if (ca->flags & CLONE_CHILD_SETTID) {
            put_tid(ca->child_tid, t->tid);
        }
        if (ca->flags & CLONE_CHILD_CLEARTID) {
            t->clear_child_tid = ca->child_tid;
        }
        return 0;
    }
    g_mutex_unlock(&user_proc.lock);
    pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
    close(copied[1]);
    if (pid > 0) {
        /* EOF too: a child that could not copy has exited */
        while (read(copied[0], &c, 1) < 0 && errno == EINTR) {
            continue;
        }
    }
    close(copied[0]);
    tcg_user_fork_parent();
    user_mem_fork_unlock();
    if (pid < 0) {
        if (vfork_pipe[0] >= 0) {
            close(vfork_pipe[0]);
            close(vfork_pipe[1]);
        }
        return -saved;
    }
    if (ca->flags & CLONE_PARENT_SETTID) {
        put_tid(ca->parent_tid, pid);
    }
    if (ca->flags & CLONE_PIDFD) {
        put_pidfd(ca->pidfd, pid);
    }
    if (vfork_pipe[0] >= 0) {
        close(vfork_pipe[1]);
        vfork_wait(vfork_pipe[0]);
        close(vfork_pipe[0]);
    }
    return pid;
}

/*
 * A process may have used every descriptor its RLIMIT_NOFILE allows
 * (CPython's test_no_leaking does, then spawns): the fork's pipes and
 * the child's own code buffer are the emulator's, so they are made under
 * the hard limit, and the guest's limit is back before either side runs
 * guest code. (Another guest thread could open past it meanwhile.)
 */
static int64_t clone_process(UserThread *t, const CloneArgs *ca)
{
    struct rlimit lim, raised;
    bool raise = getrlimit(RLIMIT_NOFILE, &lim) == 0 &&
                 lim.rlim_cur < lim.rlim_max;
    int64_t r;

    if (raise) {
        raised = (struct rlimit){ lim.rlim_max, lim.rlim_max };
        raise = setrlimit(RLIMIT_NOFILE, &raised) == 0;
    }
    r = clone_process_fds(t, ca);
    if (raise) {
        setrlimit(RLIMIT_NOFILE, &lim);
    }
    return r;
}

static int64_t do_clone(UserThread *t, CloneArgs *ca)
{
    uint64_t f = ca->flags;

    if ((f & THREAD_FLAGS) == THREAD_FLAGS &&
        !(f & ~(THREAD_FLAGS | TID_FLAGS | CLONE_DETACHED)) &&
        !ca->exit_signal) {
        return clone_thread(t, ca);
    }
    if (!(f & (CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD)) &&
        !(f & ~(TID_FLAGS | CLONE_VM | CLONE_VFORK | CLONE_PIDFD |
                CLONE_CLEAR_SIGHAND)) &&
        ((f & CLONE_VM) == 0 || (f & CLONE_VFORK)) &&
        ca->exit_signal < 65) {
        return clone_process(t, ca);
    }
    vireo_log_mask(LOG_UNIMP, "clone: unsupported flags 0x%"
                   G_GINT64_MODIFIER "x\n", f | ca->exit_signal);
    return -EINVAL;
}

static int64_t sys_clone(UserThread *t, const uint64_t *a)
{
    /* riscv64's order: flags, newsp, parent_tidptr, tls, child_tidptr */
    CloneArgs ca = {
        .flags = a[0] & ~(uint64_t)0xff, .exit_signal = a[0] & 0xff,
        .newsp = a[1], .parent_tid = a[2], .tls = a[3], .child_tid = a[4],
    };

    /* clone's CLONE_PIDFD stores the fd where the parent's tid would go */
    if (ca.flags & CLONE_PIDFD) {
        if (ca.flags & CLONE_PARENT_SETTID) {
            return -EINVAL;
        }
        ca.pidfd = ca.parent_tid;
    }
    return do_clone(t, &ca);
}

/* struct clone_args, as far as its version 0 goes (64 bytes). */
typedef struct GuestCloneArgs {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal;
    uint64_t stack, stack_size, tls;
} GuestCloneArgs;

static int64_t sys_clone3(UserThread *t, const uint64_t *a)
{
    uint64_t size = a[1];
    GuestCloneArgs g;
    CloneArgs ca;
    const uint8_t *p;
    int r;

    if (size < sizeof(g) || size > 4096) {
        return -EINVAL;
    }
    r = user_copy_from(&g, a[0], sizeof(g));
    if (r < 0) {
        return r;
    }
    p = user_ptr(a[0], size, PAGE_READ);
    if (!p) {
        return -EFAULT;
    }
    /* newer fields (set_tid, cgroup) we do not do must be zero */
    for (uint64_t i = sizeof(g); i < size; i++) {
        if (p[i]) {
            vireo_log_mask(LOG_UNIMP, "clone3: fields past version 0\n");
            return -EINVAL;
        }
    }
    if ((g.flags & 0xff) || g.exit_signal > 64 ||
        ((g.flags & CLONE_CLEAR_SIGHAND) && (g.flags & CLONE_SIGHAND))) {
        vireo_log_mask(LOG_UNIMP, "clone3: flags 0x%" G_GINT64_MODIFIER
                       "x\n", g.flags);
        return -EINVAL;
    }
    ca = (CloneArgs) {
        .flags = g.flags, .exit_signal = g.exit_signal,
        .newsp = g.stack ? g.stack + g.stack_size : 0,
        .parent_tid = g.parent_tid, .child_tid = g.child_tid, .tls = g.tls,
        .pidfd = g.pidfd,
    };
    return do_clone(t, &ca);
}

/* --- futex ------------------------------------------------------------------- */

static int64_t sys_futex(UserThread *t, const uint64_t *a)
{
    int op = (int)a[1], cmd = op & FUTEX_CMD_MASK;
    struct timespec ts, *tsp = NULL;
    uint32_t *uaddr, *uaddr2 = NULL;
    unsigned long val2 = (unsigned long)a[3];
    int prot = PAGE_READ;

    (void)t;
    if (a[0] & 3) {
        return -EINVAL;
    }
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_WAIT_REQUEUE_PI:
        if (a[3]) {
            if (user_copy_from(&ts, a[3], sizeof(ts)) < 0) {
                return -EFAULT;
            }
            tsp = &ts;
        }
        val2 = (unsigned long)tsp;
        break;
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
    case FUTEX_UNLOCK_PI:
    case FUTEX_TRYLOCK_PI:
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_CMP_REQUEUE_PI:
    case FUTEX_WAKE_OP:
        break;
    default:
        vireo_log_mask(LOG_UNIMP, "futex: op %d\n", op);
        return -ENOSYS;
    }
    if (cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2 ||
        cmd == FUTEX_UNLOCK_PI || cmd == FUTEX_TRYLOCK_PI) {
        prot |= PAGE_WRITE;     /* the kernel writes the owner's tid */
    }
    uaddr = user_ptr(a[0], 4, prot);
    if (!uaddr) {
        return -EFAULT;
    }
    if (cmd == FUTEX_REQUEUE || cmd == FUTEX_CMP_REQUEUE ||
        cmd == FUTEX_CMP_REQUEUE_PI || cmd == FUTEX_WAKE_OP ||
        cmd == FUTEX_WAIT_REQUEUE_PI) {
        if (a[4] & 3) {
            return -EINVAL;
        }
        uaddr2 = user_ptr(a[4], 4, cmd == FUTEX_WAKE_OP ?
                          PAGE_READ | PAGE_WRITE : PAGE_READ);
        if (!uaddr2) {
            return -EFAULT;
        }
    }
    return user_errno_ret(user_safe_syscall(SYS_futex, uaddr, op,
                                            (uint32_t)a[2], val2, uaddr2,
                                            (uint32_t)a[5]));
}

/* struct futex_waitv: the address is a pointer, the rest the same. */
typedef struct FutexWaitv {
    uint64_t val;
    uint64_t uaddr;
    uint32_t flags;
    uint32_t reserved;
} FutexWaitv;

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif

static int64_t sys_futex_waitv(UserThread *t, const uint64_t *a)
{
    unsigned n = (unsigned)a[1];
    g_autofree FutexWaitv *w = NULL;
    struct timespec ts, *tsp = NULL;
    int r;

    (void)t;
    if (!n || n > 128) {
        return -EINVAL;
    }
    w = g_new(FutexWaitv, n);
    r = user_copy_from(w, a[0], n * sizeof(*w));
    if (r < 0) {
        return r;
    }
    for (unsigned i = 0; i < n; i++) {
        void *p = user_ptr(w[i].uaddr, 4, PAGE_READ);

        if (!p) {
            return -EFAULT;
        }
        w[i].uaddr = (uintptr_t)p;
    }
    if (a[3]) {
        if (user_copy_from(&ts, a[3], sizeof(ts)) < 0) {
            return -EFAULT;
        }
        tsp = &ts;
    }
    return user_errno_ret(user_safe_syscall(SYS_futex_waitv, w, n,
                                            (unsigned)a[2], tsp, (int)a[4]));
}

const UserSyscall user_syscalls_thread[] = {
    { USER_NR_clone, "clone", sys_clone, "xppxp" },
    { USER_NR_clone3, "clone3", sys_clone3, "pu" },
    { USER_NR_futex, "futex", sys_futex, "pduppd" },
    { USER_NR_futex_waitv, "futex_waitv", sys_futex_waitv, "puxpd" },
    { 0 }
};
