/*
 * System calls on processes and threads: the thread list, exit and
 * exit_group, identities, uname, resource limits.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"
#include "util/log.h"

#include <errno.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>
#include <sys/utsname.h>
#include <unistd.h>

__thread UserThread *user_self;

UserThread *user_thread_new(CPUState *cpu)
{
    UserThread *t = g_new0(UserThread, 1);

    t->cpu = cpu;
    t->tid = (pid_t)syscall(SYS_gettid);
    g_mutex_lock(&user_proc.lock);
    t->next = user_proc.threads;
    user_proc.threads = t;
    user_proc.nthreads++;
    g_mutex_unlock(&user_proc.lock);
    return t;
}

/* --- robust futexes ---------------------------------------------------- */

/*
 * A dying thread's robust list (set_robust_list: guest addresses, which
 * the host kernel cannot walk) is walked here as Linux walks it: each
 * lock word the thread still owns gets FUTEX_OWNER_DIED (and keeps
 * FUTEX_WAITERS), and one waiter is woken, so the next locker of a
 * robust mutex sees EOWNERDEAD.
 */
#define ROBUST_LIST_LIMIT 2048      /* Linux's bound on a (looping) list */

static void robust_owner_died(uint64_t addr, pid_t tid, bool pi)
{
    uint32_t *p = user_ptr(addr, 4, PAGE_READ | PAGE_WRITE);
    uint32_t old, val;

    if (!p || (addr & 3)) {
        return;
    }
    old = __atomic_load_n(p, __ATOMIC_SEQ_CST);
    do {
        if ((old & FUTEX_TID_MASK) != (uint32_t)tid) {
            return;
        }
        val = (old & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
    } while (!__atomic_compare_exchange_n(p, &old, val, false,
                                          __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST));
    if (!pi && (old & FUTEX_WAITERS)) {
        /* shared: the lock may live in memory other processes map */
        syscall(SYS_futex, p, FUTEX_WAKE, 1, NULL, NULL, 0);
    }
}

/* struct robust_list_head: next, futex_offset, list_op_pending. */
static void robust_list_exit(UserThread *t)
{
    uint64_t head = t->robust_list, h[3], entry, next;
    int64_t offset;

    t->robust_list = 0;
    if (!head || user_copy_from(h, head, sizeof(h)) < 0) {
        return;
    }
    entry = h[0];
    offset = (int64_t)h[1];
    for (int n = 0; entry != head && n < ROBUST_LIST_LIMIT; n++) {
        /* bit 0 of a list pointer marks a PI futex */
        if (user_copy_from(&next, entry & ~1ull, 8) < 0) {
            break;
        }
        if (entry != h[2]) {
            robust_owner_died((entry & ~1ull) + offset, t->tid, entry & 1);
        }
        entry = next;
    }
    if (h[2]) {
        robust_owner_died((h[2] & ~1ull) + offset, t->tid, h[2] & 1);
    }
}

void user_robust_exit_all(void)
{
    /*
     * The exit paths include a fork child that failed while the lock it
     * inherited is still held: try for a while, then leave the locks.
     */
    for (int i = 0; i < 1000; i++) {
        if (g_mutex_trylock(&user_proc.lock)) {
            for (UserThread *t = user_proc.threads; t; t = t->next) {
                robust_list_exit(t);
            }
            g_mutex_unlock(&user_proc.lock);
            return;
        }
        g_thread_yield();
    }
}

G_NORETURN void user_exit_group(int status)
{
    user_vfork_child_exit();
    user_robust_exit_all();
    user_gdb_exit(status);
    vireo_log_flush();
    fflush(stdout);
    fflush(stderr);
    _exit(status);
}

G_NORETURN void user_thread_exit(UserThread *t, int status)
{
    UserThread **pp;
    bool last;

    g_mutex_lock(&user_proc.lock);
    last = user_proc.nthreads == 1;
    if (!last) {
        for (pp = &user_proc.threads; *pp; pp = &(*pp)->next) {
            if (*pp == t) {
                *pp = t->next;
                break;
            }
        }
        user_proc.nthreads--;
    }
    g_mutex_unlock(&user_proc.lock);
    if (last) {
        user_exit_group(status);
    }
    robust_list_exit(t);
    if (t->clear_child_tid) {
        uint32_t *p = user_ptr(t->clear_child_tid, 4, PAGE_WRITE);

        if (p) {
            __atomic_store_n(p, 0, __ATOMIC_SEQ_CST);
            syscall(SYS_futex, p, FUTEX_WAKE, INT32_MAX, NULL, NULL, 0);
        }
    }
    user_signal_thread_free(t);
    tcg_start_exclusive();
    user_target_cpu_free(t->cpu);
    tcg_end_exclusive();
    g_free(t);
    user_self = NULL;
    pthread_exit(NULL);
}

static int64_t sys_exit(UserThread *t, const uint64_t *a)
{
    user_thread_exit(t, (int)a[0] & 0xff);
}

static int64_t sys_exit_group(UserThread *t, const uint64_t *a)
{
    (void)t;
    user_exit_group((int)a[0] & 0xff);
}

static int64_t sys_getpid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return getpid();
}

static int64_t sys_gettid(UserThread *t, const uint64_t *a)
{
    (void)a;
    return t->tid;
}

static int64_t sys_set_tid_address(UserThread *t, const uint64_t *a)
{
    t->clear_child_tid = a[0];
    return t->tid;
}

static int64_t sys_uname(UserThread *t, const uint64_t *a)
{
    struct utsname u;

    (void)t;
    if (uname(&u) < 0) {
        return -errno;
    }
    g_strlcpy(u.machine, USER_TARGET_MACHINE, sizeof(u.machine));
    return user_copy_to(a[0], &u, sizeof(u));
}

/*
 * sethostname and setdomainname: the host's own (a UTS namespace the
 * guest shares with the host), so only a privileged guest changes it.
 */
static int64_t set_uts_name(long nr, uint64_t addr, uint64_t len)
{
    /*
     * The host checks privilege, then the length, then the string: a bad
     * guest pointer is passed as NULL for its EFAULT (or EPERM) in order.
     */
    void *p = len <= 64 ? user_ptr(addr, len, PAGE_READ) : NULL;

    return user_errno_ret(syscall(nr, p, (size_t)len));
}

static int64_t sys_sethostname(UserThread *t, const uint64_t *a)
{
    (void)t;
    return set_uts_name(SYS_sethostname, a[0], a[1]);
}

static int64_t sys_setdomainname(UserThread *t, const uint64_t *a)
{
    (void)t;
    return set_uts_name(SYS_setdomainname, a[0], a[1]);
}

/* The list is walked by us when the thread dies (robust_list_exit). */
static int64_t sys_set_robust_list(UserThread *t, const uint64_t *a)
{
    if (a[1] != 24) {           /* sizeof(struct robust_list_head), LP64 */
        return -EINVAL;
    }
    t->robust_list = a[0];
    return 0;
}

static int64_t sys_getuid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return getuid();
}

static int64_t sys_geteuid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return geteuid();
}

static int64_t sys_getgid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return getgid();
}

static int64_t sys_getegid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return getegid();
}

static int64_t sys_getppid(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return getppid();
}

/*
 * Host calls whose arguments are integers or buffers of one layout on
 * both ABIs and no pointers: the raw host system call.
 */
static int64_t pass(long nr, const uint64_t *a, unsigned n)
{
    long v[6] = { 0 };

    for (unsigned i = 0; i < n; i++) {
        v[i] = (long)a[i];
    }
    return user_errno_ret(syscall(nr, v[0], v[1], v[2], v[3], v[4], v[5]));
}

/* A guest buffer argument: NULL stays NULL, else checked. */
static bool buf_arg(uint64_t addr, uint64_t len, int prot, void **out)
{
    if (!addr) {
        *out = NULL;
        return true;
    }
    *out = user_ptr(addr, len, prot);
    return *out != NULL;
}

#define INT_CALL(fn, nr, n) \
    static int64_t fn(UserThread *t, const uint64_t *a) \
    { \
        (void)t; \
        return pass(nr, a, n); \
    }

INT_CALL(sys_setuid, SYS_setuid, 1)
INT_CALL(sys_setgid, SYS_setgid, 1)
INT_CALL(sys_setreuid, SYS_setreuid, 2)
INT_CALL(sys_setregid, SYS_setregid, 2)
INT_CALL(sys_setresuid, SYS_setresuid, 3)
INT_CALL(sys_setresgid, SYS_setresgid, 3)
INT_CALL(sys_setfsuid, SYS_setfsuid, 1)
INT_CALL(sys_setfsgid, SYS_setfsgid, 1)
INT_CALL(sys_getpgid, SYS_getpgid, 1)
INT_CALL(sys_setpgid, SYS_setpgid, 2)
INT_CALL(sys_getsid, SYS_getsid, 1)
INT_CALL(sys_setsid, SYS_setsid, 0)
INT_CALL(sys_sched_yield, SYS_sched_yield, 0)
INT_CALL(sys_sched_getscheduler, SYS_sched_getscheduler, 1)
INT_CALL(sys_sched_get_priority_max, SYS_sched_get_priority_max, 1)
INT_CALL(sys_sched_get_priority_min, SYS_sched_get_priority_min, 1)
INT_CALL(sys_getpriority, SYS_getpriority, 2)
INT_CALL(sys_setpriority, SYS_setpriority, 3)
INT_CALL(sys_personality, SYS_personality, 1)

static int64_t sys_getresuid(UserThread *t, const uint64_t *a)
{
    uid_t v[3];
    int r = 0;

    (void)t;
    if (getresuid(&v[0], &v[1], &v[2]) < 0) {
        return -errno;
    }
    for (int i = 0; i < 3 && r == 0; i++) {
        r = user_copy_to(a[i], &v[i], 4);
    }
    return r;
}

static int64_t sys_getresgid(UserThread *t, const uint64_t *a)
{
    gid_t v[3];
    int r = 0;

    (void)t;
    if (getresgid(&v[0], &v[1], &v[2]) < 0) {
        return -errno;
    }
    for (int i = 0; i < 3 && r == 0; i++) {
        r = user_copy_to(a[i], &v[i], 4);
    }
    return r;
}

static int64_t sys_getgroups(UserThread *t, const uint64_t *a)
{
    int n = (int)a[0];
    void *p;

    (void)t;
    if (n < 0) {
        return -EINVAL;
    }
    if (!buf_arg(a[1], (uint64_t)n * 4, PAGE_WRITE, &p)) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_getgroups, n, p));
}

static int64_t sys_setgroups(UserThread *t, const uint64_t *a)
{
    int n = (int)a[0];
    void *p;

    (void)t;
    if (n < 0 || n > 65536) {
        return -EINVAL;
    }
    if (!buf_arg(a[1], (uint64_t)n * 4, PAGE_READ, &p)) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_setgroups, n, p));
}

/*
 * RLIMIT_STACK, RLIMIT_AS and RLIMIT_DATA are the guest's own, kept here
 * and given to the host only for an execve (user_rlimits_before_exec):
 * the main thread's stack is mapped to fit
 * the guest's RLIMIT_STACK (user_stack_fit_limit), the host's stack
 * limit sizes our own threads' stacks, and a host address-space or data
 * limit (`ulimit -v` in a guest shell) would stop the emulator reserving
 * the guest's address space at its next execve. They start as the
 * host's.
 */
static struct rlimit guest_limits[RLIMIT_NLIMITS];
static bool guest_limits_read;
static GMutex guest_limits_lock;

/* Raising a hard limit takes CAP_SYS_RESOURCE (in the effective set). */
static bool has_cap_sys_resource(void)
{
    struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
    struct __user_cap_data_struct data[2];

    if (syscall(SYS_capget, &hdr, data) < 0) {
        return false;
    }
    return data[CAP_TO_INDEX(CAP_SYS_RESOURCE)].effective &
           CAP_TO_MASK(CAP_SYS_RESOURCE);
}

/* The limits that are the guest's own, in UserExecLimits' order. */
static const int guest_only_res[3] = {
    RLIMIT_STACK, RLIMIT_AS, RLIMIT_DATA,
};

static bool guest_only_limit(int res)
{
    return res == RLIMIT_STACK || res == RLIMIT_AS || res == RLIMIT_DATA;
}

static struct rlimit *guest_limit(int res)
{
    if (!guest_limits_read) {
        getrlimit(RLIMIT_AS, &guest_limits[RLIMIT_AS]);
        getrlimit(RLIMIT_DATA, &guest_limits[RLIMIT_DATA]);
        getrlimit(RLIMIT_STACK, &guest_limits[RLIMIT_STACK]);
        guest_limits_read = true;
    }
    return &guest_limits[res];
}

uint64_t user_stack_limit(void)
{
    uint64_t cur;

    g_mutex_lock(&guest_limits_lock);
    cur = guest_limit(RLIMIT_STACK)->rlim_cur;
    g_mutex_unlock(&guest_limits_lock);
    return cur;
}

/*
 * Limits are inherited across execve; ours reach the next emulator in
 * its environment (USER_RLIMITS_ENV, taken out before the program sees
 * its environment), once the guest has set one.
 */
static bool guest_limits_set;

char *user_rlimits_env(void)
{
    GString *s;

    if (!guest_limits_set) {
        return NULL;
    }
    s = g_string_new(USER_RLIMITS_ENV "=");
    g_mutex_lock(&guest_limits_lock);
    for (size_t i = 0; i < G_N_ELEMENTS(guest_only_res); i++) {
        const struct rlimit *l = guest_limit(guest_only_res[i]);

        g_string_append_printf(s, "%s%d:%llu:%llu", i ? "," : "",
                               guest_only_res[i],
                               (unsigned long long)l->rlim_cur,
                               (unsigned long long)l->rlim_max);
    }
    g_mutex_unlock(&guest_limits_lock);
    return g_string_free(s, FALSE);
}

void user_rlimits_inherit(void)
{
    const char *v = getenv(USER_RLIMITS_ENV);
    g_auto(GStrv) parts = NULL;

    if (!v) {
        return;
    }
    parts = g_strsplit(v, ",", -1);
    g_mutex_lock(&guest_limits_lock);
    for (char **p = parts; *p; p++) {
        unsigned long long cur, max;
        int res;

        if (sscanf(*p, "%d:%llu:%llu", &res, &cur, &max) == 3 &&
            res >= 0 && res < RLIMIT_NLIMITS && guest_only_limit(res) &&
            cur <= max) {
            *guest_limit(res) = (struct rlimit) { cur, max };
            guest_limits_set = true;
        }
    }
    g_mutex_unlock(&guest_limits_lock);
    unsetenv(USER_RLIMITS_ENV);
}

/*
 * The next emulator's own stack (its main thread runs the translator)
 * gets no less than this, whatever the guest's limit.
 */
#define EMULATOR_MIN_STACK (1ull << 20)

void user_rlimits_before_exec(bool host_program, UserExecLimits *el)
{
    memset(el, 0, sizeof(*el));
    if (!guest_limits_set) {
        return;                 /* the guest's are the host's */
    }
    for (int i = 0; i < 3; i++) {
        int res = guest_only_res[i];
        struct rlimit want;
        rlim_t cur;

        if (!host_program && res != RLIMIT_STACK) {
            continue;           /* the emulator's reservation needs room */
        }
        g_mutex_lock(&guest_limits_lock);
        cur = guest_limit(res)->rlim_cur;
        g_mutex_unlock(&guest_limits_lock);
        if (!host_program && cur < EMULATOR_MIN_STACK) {
            cur = EMULATOR_MIN_STACK;
        }
        if (getrlimit(res, &el->saved[i]) < 0) {
            continue;
        }
        /* soft limits only: a lowered hard one could not be put back */
        want = el->saved[i];
        want.rlim_cur = MIN(cur, want.rlim_max);
        if (want.rlim_cur != el->saved[i].rlim_cur &&
            setrlimit(res, &want) == 0) {
            el->changed[i] = true;
        }
    }
}

void user_rlimits_exec_failed(const UserExecLimits *el)
{
    for (int i = 0; i < 3; i++) {
        if (el->changed[i]) {
            setrlimit(guest_only_res[i], &el->saved[i]);
        }
    }
}

/* prlimit64 on guest addresses (0: no new limit, no old limit wanted). */
static int64_t do_prlimit(pid_t pid, int res, uint64_t new_addr,
                          uint64_t old_addr)
{
    struct rlimit nl, ol, *gl;
    int64_t ret = 0;

    if (new_addr && user_copy_from(&nl, new_addr, sizeof(nl)) < 0) {
        return -EFAULT;
    }
    if (old_addr && !user_ptr(old_addr, sizeof(ol), PAGE_WRITE)) {
        return -EFAULT;
    }
    if (res >= 0 && res < RLIMIT_NLIMITS && guest_only_limit(res) &&
        (pid == 0 || pid == getpid())) {
        g_mutex_lock(&guest_limits_lock);
        gl = guest_limit(res);
        ol = *gl;
        if (new_addr) {
            if (nl.rlim_cur > nl.rlim_max) {
                ret = -EINVAL;
            } else if (nl.rlim_max > gl->rlim_max &&
                       !has_cap_sys_resource()) {
                ret = -EPERM;
            } else {
                *gl = nl;
                guest_limits_set = true;
            }
        }
        g_mutex_unlock(&guest_limits_lock);
        if (ret == 0 && new_addr && res == RLIMIT_STACK) {
            user_stack_fit_limit(nl.rlim_cur);
        }
    } else if (syscall(SYS_prlimit64, pid, res, new_addr ? &nl : NULL,
                       old_addr ? &ol : NULL) < 0) {
        ret = -errno;
    }
    if (ret < 0 || !old_addr) {
        return ret;
    }
    return user_copy_to(old_addr, &ol, sizeof(ol));
}

static int64_t sys_prlimit64(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_prlimit((pid_t)a[0], (int)a[1], a[2], a[3]);
}

/* riscv64 has the old pair too (__ARCH_WANT_SET_GET_RLIMIT). */
static int64_t sys_getrlimit(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_prlimit(0, (int)a[0], 0, a[1]);
}

static int64_t sys_setrlimit(UserThread *t, const uint64_t *a)
{
    (void)t;
    return do_prlimit(0, (int)a[0], a[1], 0);
}

/* A pidfd is the host's: guest pids are host pids. */
static int64_t sys_pidfd_open(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(syscall(SYS_pidfd_open, (pid_t)a[0],
                                  (unsigned int)a[1]));
}

/* Guest descriptors are host descriptors, in both processes. */
static int64_t sys_pidfd_getfd(UserThread *t, const uint64_t *a)
{
    (void)t;
    return user_errno_ret(syscall(SYS_pidfd_getfd, (int)a[0], (int)a[1],
                                  (unsigned int)a[2]));
}

/*
 * Landlock would confine the emulator with the program: the rules a
 * program gives for its own files would also stop us reading the -L
 * sysroot or running the next program under ourselves. ENOSYS, as from
 * a kernel built without it; programs (xz, for one) carry on unconfined.
 */
static int64_t sys_no_landlock(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return -ENOSYS;
}

static int64_t sys_sched_rr_get_interval(UserThread *t, const uint64_t *a)
{
    struct timespec ts;

    (void)t;
    if (syscall(SYS_sched_rr_get_interval, (pid_t)a[0], &ts) < 0) {
        return -errno;
    }
    return user_copy_to(a[1], &ts, sizeof(ts));
}

INT_CALL(sys_ioprio_get, SYS_ioprio_get, 2)
INT_CALL(sys_ioprio_set, SYS_ioprio_set, 3)

static int64_t sys_getrusage(UserThread *t, const uint64_t *a)
{
    struct rusage ru;

    (void)t;
    if (getrusage((int)a[0], &ru) < 0) {
        return -errno;
    }
    return user_copy_to(a[1], &ru, sizeof(ru));
}

static int64_t sys_times(UserThread *t, const uint64_t *a)
{
    struct tms tm;
    clock_t r = times(&tm);

    (void)t;
    if (r == (clock_t)-1) {
        return -errno;
    }
    if (a[0] && user_copy_to(a[0], &tm, sizeof(tm)) < 0) {
        return -EFAULT;
    }
    return r;
}

static int64_t sys_sysinfo(UserThread *t, const uint64_t *a)
{
    struct sysinfo si;

    (void)t;
    if (sysinfo(&si) < 0) {
        return -errno;
    }
    return user_copy_to(a[0], &si, sizeof(si));
}

static int64_t sys_sched_getaffinity(UserThread *t, const uint64_t *a)
{
    void *p;

    (void)t;
    if (!buf_arg(a[2], a[1], PAGE_WRITE, &p) || !p) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_sched_getaffinity, (pid_t)a[0],
                                  (size_t)a[1], p));
}

static int64_t sys_sched_setaffinity(UserThread *t, const uint64_t *a)
{
    void *p;

    (void)t;
    if (!buf_arg(a[2], a[1], PAGE_READ, &p) || !p) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_sched_setaffinity, (pid_t)a[0],
                                  (size_t)a[1], p));
}

static int64_t sys_sched_getparam(UserThread *t, const uint64_t *a)
{
    struct sched_param sp;

    (void)t;
    if (syscall(SYS_sched_getparam, (pid_t)a[0], &sp) < 0) {
        return -errno;
    }
    return user_copy_to(a[1], &sp, sizeof(sp));
}

static int64_t sys_sched_setparam(UserThread *t, const uint64_t *a)
{
    struct sched_param sp;

    (void)t;
    if (user_copy_from(&sp, a[1], sizeof(sp)) < 0) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_sched_setparam, (pid_t)a[0], &sp));
}

static int64_t sys_sched_setscheduler(UserThread *t, const uint64_t *a)
{
    struct sched_param sp;

    (void)t;
    if (user_copy_from(&sp, a[2], sizeof(sp)) < 0) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_sched_setscheduler, (pid_t)a[0],
                                  (int)a[1], &sp));
}

static int64_t sys_getcpu(UserThread *t, const uint64_t *a)
{
    void *cpu, *node;

    (void)t;
    if (!buf_arg(a[0], 4, PAGE_WRITE, &cpu) ||
        !buf_arg(a[1], 4, PAGE_WRITE, &node)) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_getcpu, cpu, node, NULL));
}

static int64_t sys_getrandom(UserThread *t, const uint64_t *a)
{
    void *p = user_ptr(a[0], a[1], PAGE_WRITE);

    (void)t;
    if (!p) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_getrandom, p, (size_t)a[1],
                                  (unsigned)a[2]));
}

static int64_t sys_prctl(UserThread *t, const uint64_t *a)
{
    int op = (int)a[0];
    char name[16];

    (void)t;
    switch (op) {
    case PR_SET_NAME:
        {
            g_autofree char *s = NULL;
            int r = user_get_string(a[1], 4096, &s);

            if (r < 0 && r != -ENAMETOOLONG) {
                return r;
            }
            g_strlcpy(name, s ? s : "", sizeof(name));
        }
        return user_errno_ret(prctl(PR_SET_NAME, name));
    case PR_GET_NAME:
        if (prctl(PR_GET_NAME, name) < 0) {
            return -errno;
        }
        return user_copy_to(a[1], name, sizeof(name));
    case PR_GET_DUMPABLE:
    case PR_SET_DUMPABLE:
    case PR_GET_KEEPCAPS:
    case PR_SET_KEEPCAPS:
    case PR_GET_NO_NEW_PRIVS:
    case PR_SET_NO_NEW_PRIVS:
    case PR_GET_CHILD_SUBREAPER:
    case PR_SET_CHILD_SUBREAPER:
    case PR_SET_PDEATHSIG:
    case PR_GET_TIMERSLACK:
    case PR_SET_TIMERSLACK:
    case PR_CAPBSET_READ:
        if (op == PR_GET_CHILD_SUBREAPER) {
            int v;

            if (prctl(op, &v) < 0) {
                return -errno;
            }
            return user_copy_to(a[1], &v, 4);
        }
        return user_errno_ret(prctl(op, (unsigned long)a[1],
                                    (unsigned long)a[2],
                                    (unsigned long)a[3],
                                    (unsigned long)a[4]));
    default:
        vireo_log_mask(LOG_UNIMP, "prctl: option %d\n", op);
        return -EINVAL;
    }
}

static int64_t sys_capget(UserThread *t, const uint64_t *a)
{
    void *hdr, *data;

    (void)t;
    /* header: version, pid; data: up to two 12-byte entries */
    if (!buf_arg(a[0], 8, PAGE_READ | PAGE_WRITE, &hdr) || !hdr ||
        !buf_arg(a[1], 24, PAGE_WRITE, &data)) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_capget, hdr, data));
}

static int64_t sys_capset(UserThread *t, const uint64_t *a)
{
    void *hdr, *data;

    (void)t;
    if (!buf_arg(a[0], 8, PAGE_READ | PAGE_WRITE, &hdr) || !hdr ||
        !buf_arg(a[1], 24, PAGE_READ, &data)) {
        return -EFAULT;
    }
    return user_errno_ret(syscall(SYS_capset, hdr, data));
}

/* Our own threads' lists only (another process's would need ptrace). */
static int64_t sys_get_robust_list(UserThread *t, const uint64_t *a)
{
    pid_t tid = (pid_t)a[0];
    uint64_t head = 0, len = 24;
    bool found = tid == 0;
    int r;

    if (tid == 0) {
        head = t->robust_list;
    } else {
        g_mutex_lock(&user_proc.lock);
        for (UserThread *o = user_proc.threads; o; o = o->next) {
            if (o->tid == tid) {
                head = o->robust_list;
                found = true;
            }
        }
        g_mutex_unlock(&user_proc.lock);
    }
    if (!found) {
        return tid > 0 && kill(tid, 0) == 0 ? -EPERM : -ESRCH;
    }
    r = user_copy_to(a[1], &head, 8);
    return r < 0 ? r : user_copy_to(a[2], &len, 8);
}

/* glibc registers rseq when it can and copes without. */
static int64_t sys_rseq(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return -ENOSYS;
}

/*
 * Guest loads and stores are host loads and stores on host threads, so
 * the host's barriers on our threads are the guest's: the global and
 * private-expedited commands pass through. Not offered: the rseq ones (no
 * rseq here) and the sync-core ones (translated code is not made
 * coherent by a host core serialisation).
 */
#define GUEST_MEMBARRIER_CMDS 0x1fu    /* GLOBAL ... REGISTER_PRIVATE_EXP. */

static int64_t sys_membarrier(UserThread *t, const uint64_t *a)
{
    unsigned int cmd = (unsigned int)a[0];
    long r;

    (void)t;
    if (cmd == 0) {                             /* MEMBARRIER_CMD_QUERY */
        r = syscall(SYS_membarrier, 0, 0, 0);
        return r < 0 ? 0 : (r & GUEST_MEMBARRIER_CMDS);
    }
    if ((cmd & (cmd - 1)) || !(cmd & GUEST_MEMBARRIER_CMDS)) {
        return -EINVAL;
    }
    return user_errno_ret(syscall(SYS_membarrier, cmd, (unsigned int)a[1],
                                  (int)a[2]));
}

static int64_t sys_unshare(UserThread *t, const uint64_t *a)
{
    (void)t;
    if (a[0] == 0) {
        return 0;
    }
    vireo_log_mask(LOG_UNIMP, "unshare: flags 0x%x\n", (unsigned)a[0]);
    return -EINVAL;
}

static int64_t sys_setns(UserThread *t, const uint64_t *a)
{
    (void)t;
    (void)a;
    return -EPERM;
}

/* struct riscv_hwprobe: an array of {s64 key; u64 value}. */
static int64_t sys_riscv_hwprobe(UserThread *t, const uint64_t *a)
{
    uint64_t n = a[1];
    uint64_t *pairs;

    if (a[4] != 0) {
        return -EINVAL;         /* flags (RISCV_HWPROBE_WHICH_CPUS) */
    }
    if (a[2] && !user_ptr(a[3], a[2], PAGE_READ)) {
        return -EFAULT;
    }
    if (n > (1u << 20)) {
        return -EINVAL;
    }
    pairs = user_ptr(a[0], n * 16, PAGE_READ | PAGE_WRITE);
    if (!pairs && n) {
        return -EFAULT;
    }
    for (uint64_t i = 0; i < n; i++) {
        uint64_t v = 0;

        if (!user_target_hwprobe(t->cpu, (int64_t)pairs[2 * i], &v)) {
            pairs[2 * i] = (uint64_t)-1;
            v = 0;
        }
        pairs[2 * i + 1] = v;
    }
    return 0;
}

/* The translator sees code writes itself: nothing to flush. */
static int64_t sys_riscv_flush_icache(UserThread *t, const uint64_t *a)
{
    (void)t;
    if (a[2] & ~1ull) {         /* SYS_RISCV_FLUSH_ICACHE_LOCAL only */
        return -EINVAL;
    }
    return 0;
}

const UserSyscall user_syscalls_proc[] = {
    { USER_NR_exit, "exit", sys_exit, "d" },
    { USER_NR_exit_group, "exit_group", sys_exit_group, "d" },
    { USER_NR_getpid, "getpid", sys_getpid, "" },
    { USER_NR_getppid, "getppid", sys_getppid, "" },
    { USER_NR_gettid, "gettid", sys_gettid, "" },
    { USER_NR_getuid, "getuid", sys_getuid, "" },
    { USER_NR_geteuid, "geteuid", sys_geteuid, "" },
    { USER_NR_getgid, "getgid", sys_getgid, "" },
    { USER_NR_getegid, "getegid", sys_getegid, "" },
    { USER_NR_set_tid_address, "set_tid_address", sys_set_tid_address,
      "p" },
    { USER_NR_set_robust_list, "set_robust_list", sys_set_robust_list,
      "pu" },
    { USER_NR_uname, "uname", sys_uname, "p" },
    { USER_NR_sethostname, "sethostname", sys_sethostname, "pu" },
    { USER_NR_setdomainname, "setdomainname", sys_setdomainname, "pu" },
    { USER_NR_setuid, "setuid", sys_setuid, "d" },
    { USER_NR_setgid, "setgid", sys_setgid, "d" },
    { USER_NR_setreuid, "setreuid", sys_setreuid, "dd" },
    { USER_NR_setregid, "setregid", sys_setregid, "dd" },
    { USER_NR_setresuid, "setresuid", sys_setresuid, "ddd" },
    { USER_NR_setresgid, "setresgid", sys_setresgid, "ddd" },
    { USER_NR_getresuid, "getresuid", sys_getresuid, "ppp" },
    { USER_NR_getresgid, "getresgid", sys_getresgid, "ppp" },
    { USER_NR_setfsuid, "setfsuid", sys_setfsuid, "d" },
    { USER_NR_setfsgid, "setfsgid", sys_setfsgid, "d" },
    { USER_NR_getgroups, "getgroups", sys_getgroups, "dp" },
    { USER_NR_setgroups, "setgroups", sys_setgroups, "dp" },
    { USER_NR_getpgid, "getpgid", sys_getpgid, "d" },
    { USER_NR_setpgid, "setpgid", sys_setpgid, "dd" },
    { USER_NR_getsid, "getsid", sys_getsid, "d" },
    { USER_NR_setsid, "setsid", sys_setsid, "" },
    { USER_NR_prlimit64, "prlimit64", sys_prlimit64, "ddpp" },
    { USER_NR_getrlimit, "getrlimit", sys_getrlimit, "dp" },
    { USER_NR_setrlimit, "setrlimit", sys_setrlimit, "dp" },
    { USER_NR_getrusage, "getrusage", sys_getrusage, "dp" },
    { USER_NR_pidfd_open, "pidfd_open", sys_pidfd_open, "dx" },
    { USER_NR_pidfd_getfd, "pidfd_getfd", sys_pidfd_getfd, "fdx" },
    { USER_NR_landlock_create_ruleset, "landlock_create_ruleset",
      sys_no_landlock, "pux" },
    { USER_NR_landlock_add_rule, "landlock_add_rule", sys_no_landlock,
      "fdpx" },
    { USER_NR_landlock_restrict_self, "landlock_restrict_self",
      sys_no_landlock, "fx" },
    { USER_NR_sched_rr_get_interval, "sched_rr_get_interval",
      sys_sched_rr_get_interval, "dp" },
    { USER_NR_ioprio_get, "ioprio_get", sys_ioprio_get, "dd" },
    { USER_NR_ioprio_set, "ioprio_set", sys_ioprio_set, "ddx" },
    { USER_NR_times, "times", sys_times, "p" },
    { USER_NR_sysinfo, "sysinfo", sys_sysinfo, "p" },
    { USER_NR_sched_yield, "sched_yield", sys_sched_yield, "" },
    { USER_NR_sched_getaffinity, "sched_getaffinity",
      sys_sched_getaffinity, "dup" },
    { USER_NR_sched_setaffinity, "sched_setaffinity",
      sys_sched_setaffinity, "dup" },
    { USER_NR_sched_getparam, "sched_getparam", sys_sched_getparam, "dp" },
    { USER_NR_sched_setparam, "sched_setparam", sys_sched_setparam, "dp" },
    { USER_NR_sched_getscheduler, "sched_getscheduler",
      sys_sched_getscheduler, "d" },
    { USER_NR_sched_setscheduler, "sched_setscheduler",
      sys_sched_setscheduler, "ddp" },
    { USER_NR_sched_get_priority_max, "sched_get_priority_max",
      sys_sched_get_priority_max, "d" },
    { USER_NR_sched_get_priority_min, "sched_get_priority_min",
      sys_sched_get_priority_min, "d" },
    { USER_NR_getpriority, "getpriority", sys_getpriority, "dd" },
    { USER_NR_setpriority, "setpriority", sys_setpriority, "ddd" },
    { USER_NR_personality, "personality", sys_personality, "x" },
    { USER_NR_getcpu, "getcpu", sys_getcpu, "ppp" },
    { USER_NR_getrandom, "getrandom", sys_getrandom, "pux" },
    { USER_NR_prctl, "prctl", sys_prctl, "dxxxx" },
    { USER_NR_capget, "capget", sys_capget, "pp" },
    { USER_NR_capset, "capset", sys_capset, "pp" },
    { USER_NR_get_robust_list, "get_robust_list", sys_get_robust_list,
      "dpp" },
    { USER_NR_rseq, "rseq", sys_rseq, "pudx" },
    { USER_NR_membarrier, "membarrier", sys_membarrier, "dxd" },
    { USER_NR_unshare, "unshare", sys_unshare, "x" },
    { USER_NR_setns, "setns", sys_setns, "fx" },
    { USER_NR_riscv_hwprobe, "riscv_hwprobe", sys_riscv_hwprobe, "puupx" },
    { USER_NR_riscv_flush_icache, "riscv_flush_icache",
      sys_riscv_flush_icache, "xxx" },
    { 0 }
};
