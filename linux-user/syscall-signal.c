/*
 * System calls on signals: dispositions (rt_sigaction with riscv64's
 * kernel struct sigaction), masks, pending sets, waiting (rt_sigsuspend,
 * rt_sigtimedwait), sending (kill, tkill, tgkill, rt_sigqueueinfo,
 * rt_tgsigqueueinfo), the alternate stack and rt_sigreturn. Signals to
 * our own process are queued here; others go to the host.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-signal.h"
#include "util/log.h"

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SIGSET_SIZE 8           /* the only sigsetsize Linux takes */

static bool sig_valid(uint64_t sig)
{
    return sig >= 1 && sig <= USER_NSIG;
}

static int64_t sys_rt_sigaction(UserThread *t, const uint64_t *a)
{
    UserSigAction act, old;
    int sig = (int)a[0];
    int ret;

    (void)t;
    if (a[3] != SIGSET_SIZE || !sig_valid(a[0])) {
        return -EINVAL;
    }
    if (a[1] && (ret = user_copy_from(&act, a[1], sizeof(act))) < 0) {
        return ret;
    }
    user_signal_get_action(sig, &old);
    if (a[1] && (ret = user_signal_set_action(sig, &act)) < 0) {
        return ret;
    }
    if (a[2]) {
        return user_copy_to(a[2], &old, sizeof(old));
    }
    return 0;
}

static int64_t sys_rt_sigprocmask(UserThread *t, const uint64_t *a)
{
    uint64_t old = user_signal_get_mask(t), set, mask;
    int ret;

    if (a[3] != SIGSET_SIZE) {
        return -EINVAL;
    }
    if (a[1]) {
        if ((ret = user_copy_from(&set, a[1], sizeof(set))) < 0) {
            return ret;
        }
        switch (a[0]) {
        case SIG_BLOCK:
            mask = old | set;
            break;
        case SIG_UNBLOCK:
            mask = old & ~set;
            break;
        case SIG_SETMASK:
            mask = set;
            break;
        default:
            return -EINVAL;
        }
        user_signal_set_mask(t, mask);
    }
    if (a[2]) {
        return user_copy_to(a[2], &old, sizeof(old));
    }
    return 0;
}

static int64_t sys_rt_sigpending(UserThread *t, const uint64_t *a)
{
    uint64_t set = user_signal_pending_set(t) & user_signal_get_mask(t);

    if (a[1] > SIGSET_SIZE) {
        return -EINVAL;
    }
    return user_copy_to(a[0], &set, a[1]);
}

static int64_t sys_rt_sigsuspend(UserThread *t, const uint64_t *a)
{
    uint64_t mask;
    int ret;

    if (a[1] != SIGSET_SIZE) {
        return -EINVAL;
    }
    if ((ret = user_copy_from(&mask, a[0], sizeof(mask))) < 0) {
        return ret;
    }
    /* the handler's frame records the old mask; sigreturn restores it */
    user_signal_set_temp_mask(t, mask);
    user_signal_wait(t, 0, NULL);
    return -EINTR;
}

/* A guest timespec (the same layout as the host's), validated. */
static int get_timespec(uint64_t addr, struct timespec *ts)
{
    int ret = user_copy_from(ts, addr, sizeof(*ts));

    if (ret < 0) {
        return ret;
    }
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000) {
        return -EINVAL;
    }
    return 0;
}

static int64_t sys_rt_sigtimedwait(UserThread *t, const uint64_t *a)
{
    struct timespec ts;
    siginfo_t info;
    uint64_t set;
    int ret, sig;

    if (a[3] != SIGSET_SIZE) {
        return -EINVAL;
    }
    if ((ret = user_copy_from(&set, a[0], sizeof(set))) < 0) {
        return ret;
    }
    if (a[2] && (ret = get_timespec(a[2], &ts)) < 0) {
        return ret;
    }
    set &= ~USER_SIG_UNBLOCKABLE;
    sig = user_signal_take(t, set, &info);
    if (!sig) {
        if (!user_signal_wait(t, set, a[2] ? &ts : NULL)) {
            return -EAGAIN;
        }
        sig = user_signal_take(t, set, &info);
        if (!sig) {
            return -EINTR;      /* woken for a handler instead */
        }
    }
    if (a[1] && (ret = user_copy_to(a[1], &info, sizeof(info))) < 0) {
        return ret;
    }
    return sig;
}

/* siginfo for kill/tgkill from this process. */
static void user_info(siginfo_t *info, int sig, int code)
{
    memset(info, 0, sizeof(*info));
    info->si_signo = sig;
    info->si_code = code;
    info->si_pid = getpid();
    info->si_uid = getuid();
}

static int64_t sys_kill(UserThread *t, const uint64_t *a)
{
    pid_t pid = (pid_t)a[0];
    int sig = (int)a[1];
    siginfo_t info;

    (void)t;
    if (a[1] > USER_NSIG) {
        return -EINVAL;
    }
    if (pid != getpid() || !sig || sig == SIGKILL || sig == SIGSTOP) {
        /* groups and others: the host; what reaches us comes back */
        return user_errno_ret(kill(pid, sig));
    }
    user_info(&info, sig, SI_USER);
    return user_signal_send(0, &info);
}

static bool is_our_thread(pid_t tid)
{
    bool found = false;

    g_mutex_lock(&user_proc.lock);
    for (UserThread *t = user_proc.threads; t; t = t->next) {
        found |= t->tid == tid;
    }
    g_mutex_unlock(&user_proc.lock);
    return found;
}

static int64_t thread_kill(pid_t tgid, pid_t tid, uint64_t sig)
{
    siginfo_t info;

    if (tid <= 0 || (tgid != -1 && tgid <= 0) || sig > USER_NSIG) {
        return -EINVAL;
    }
    if ((tgid != -1 && tgid != getpid()) || !is_our_thread(tid)) {
        return user_errno_ret(tgid == -1 ?
                              syscall(SYS_tkill, tid, (int)sig) :
                              syscall(SYS_tgkill, tgid, tid, (int)sig));
    }
    if (!sig) {
        return 0;
    }
    if (sig == SIGKILL || sig == SIGSTOP) {
        return user_errno_ret(kill(getpid(), (int)sig));
    }
    user_info(&info, (int)sig, SI_TKILL);
    return user_signal_send(tid, &info);
}

static int64_t sys_tgkill(UserThread *t, const uint64_t *a)
{
    (void)t;
    return thread_kill((pid_t)a[0], (pid_t)a[1], a[2]);
}

static int64_t sys_tkill(UserThread *t, const uint64_t *a)
{
    (void)t;
    return thread_kill(-1, (pid_t)a[0], a[1]);
}

/* The caller's siginfo for sigqueue: si_signo is the call's own. */
static int get_queue_info(uint64_t addr, int sig, pid_t pid, siginfo_t *info)
{
    int ret = user_copy_from(info, addr, sizeof(*info));

    if (ret < 0) {
        return ret;
    }
    /* only the kernel may claim kernel codes, or SI_TKILL, to others */
    if ((info->si_code >= 0 || info->si_code == SI_TKILL) &&
        pid != getpid()) {
        return -EPERM;
    }
    info->si_signo = sig;
    return 0;
}

static int64_t sys_rt_sigqueueinfo(UserThread *t, const uint64_t *a)
{
    pid_t pid = (pid_t)a[0];
    siginfo_t info;
    int ret;

    (void)t;
    if (!sig_valid(a[1])) {
        return a[1] ? -EINVAL : user_errno_ret(kill(pid, 0));
    }
    if ((ret = get_queue_info(a[2], (int)a[1], pid, &info)) < 0) {
        return ret;
    }
    if (pid != getpid() || a[1] == SIGKILL || a[1] == SIGSTOP) {
        return user_errno_ret(syscall(SYS_rt_sigqueueinfo, pid, (int)a[1],
                                      &info));
    }
    return user_signal_send(0, &info);
}

static int64_t sys_rt_tgsigqueueinfo(UserThread *t, const uint64_t *a)
{
    pid_t tgid = (pid_t)a[0], tid = (pid_t)a[1];
    siginfo_t info;
    int ret;

    (void)t;
    if (tgid <= 0 || tid <= 0 || a[2] > USER_NSIG) {
        return -EINVAL;
    }
    if (!a[2]) {
        return thread_kill(tgid, tid, 0);
    }
    if ((ret = get_queue_info(a[3], (int)a[2], tgid, &info)) < 0) {
        return ret;
    }
    if (tgid != getpid() || !is_our_thread(tid) || a[2] == SIGKILL ||
        a[2] == SIGSTOP) {
        return user_errno_ret(syscall(SYS_rt_tgsigqueueinfo, tgid, tid,
                                      (int)a[2], &info));
    }
    return user_signal_send(tid, &info);
}

static int64_t sys_sigaltstack(UserThread *t, const uint64_t *a)
{
    UserStack ss, old;
    int ret;

    if (a[0] && (ret = user_copy_from(&ss, a[0], sizeof(ss))) < 0) {
        return ret;
    }
    ret = user_signal_altstack(t, a[0] ? &ss : NULL, a[1] ? &old : NULL,
                               user_target_get_sp(t->cpu));
    if (ret < 0) {
        return ret;
    }
    if (a[1]) {
        memset(&old.pad, 0, sizeof(old.pad));
        return user_copy_to(a[1], &old, sizeof(old));
    }
    return 0;
}

static int64_t sys_rt_sigreturn(UserThread *t, const uint64_t *a)
{
    (void)a;
    if (!user_target_sigreturn(t)) {
        vireo_log_mask(LOG_GUEST_ERROR, "vireo: rt_sigreturn with a bad "
                       "frame: SIGSEGV\n");
        user_force_signal(t, SIGSEGV, SI_KERNEL, 0);
    }
    return -USER_ESIGRETURN;
}

/*
 * A pidfd names a host process, which is the guest process (ours
 * included: what the host delivers to us comes back as a guest signal).
 * The siginfo layout is the same on both ABIs.
 */
static int64_t sys_pidfd_send_signal(UserThread *t, const uint64_t *a)
{
    siginfo_t info, *ip = NULL;

    (void)t;
    if (a[1] > USER_NSIG) {
        return -EINVAL;
    }
    if (a[2]) {
        if (user_copy_from(&info, a[2], sizeof(info)) < 0) {
            return -EFAULT;
        }
        ip = &info;
    }
    return user_errno_ret(syscall(SYS_pidfd_send_signal, (int)a[0],
                                  (int)a[1], ip, (unsigned int)a[3]));
}

static int64_t sys_signalfd4(UserThread *t, const uint64_t *a)
{
    return user_signalfd4(t, (int)a[0], a[1], a[2], (int)a[3]);
}

const UserSyscall user_syscalls_signal[] = {
    { USER_NR_rt_sigaction, "rt_sigaction", sys_rt_sigaction, "dppu" },
    { USER_NR_rt_sigprocmask, "rt_sigprocmask", sys_rt_sigprocmask,
      "dppu" },
    { USER_NR_rt_sigpending, "rt_sigpending", sys_rt_sigpending, "pu" },
    { USER_NR_rt_sigsuspend, "rt_sigsuspend", sys_rt_sigsuspend, "pu" },
    { USER_NR_rt_sigtimedwait, "rt_sigtimedwait", sys_rt_sigtimedwait,
      "pppu" },
    { USER_NR_rt_sigqueueinfo, "rt_sigqueueinfo", sys_rt_sigqueueinfo,
      "ddp" },
    { USER_NR_rt_tgsigqueueinfo, "rt_tgsigqueueinfo",
      sys_rt_tgsigqueueinfo, "dddp" },
    { USER_NR_rt_sigreturn, "rt_sigreturn", sys_rt_sigreturn, "" },
    { USER_NR_sigaltstack, "sigaltstack", sys_sigaltstack, "pp" },
    { USER_NR_kill, "kill", sys_kill, "dd" },
    { USER_NR_tkill, "tkill", sys_tkill, "dd" },
    { USER_NR_tgkill, "tgkill", sys_tgkill, "ddd" },
    { USER_NR_pidfd_send_signal, "pidfd_send_signal",
      sys_pidfd_send_signal, "fSpx" },
    { USER_NR_signalfd4, "signalfd4", sys_signalfd4, "fpux" },
    { 0 }
};
