/*
 * Guest signals: dispositions, per-thread masks, the pending queues, the
 * host handlers that feed them, and delivery (default actions, or a
 * handler through the target's signal frame). docs/devel/linux-user.md
 * ("Signals") has the design.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every catchable host signal but SIGSEGV/SIGBUS (accel/tcg/user-exec.c
 * owns those) has our handler, installed without SA_RESTART so that a
 * blocking host call made for a guest system call returns EINTR. The
 * handler only queues the signal (lock-free slots) and sets the target
 * CPU's exit_request; the CPU loop then calls user_process_signals. The
 * guest's masks are emulated: host signals stay unblocked while guest
 * code runs, and a signal the guest blocks waits in our queue.
 *
 * A process-directed signal is queued for the process; a thread that
 * does not block it takes it. Signals sent inside the process (kill and
 * tgkill to ourselves) never go through the host; to get a thread that
 * sleeps in a host call out of it, it gets the host's SIGRTMAX, the
 * "kick" (so the guest's signal 64 cannot come from other processes).
 */
#include "user-signal.h"
#include "sigqueue.h"
#include "util/log.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define KICK_SIG SIGRTMAX

struct UserSigThread {
    uint64_t blocked;           /* atomic: other threads read it */
    uint64_t saved_mask;        /* the mask to go back to after ... */
    bool restore_saved;         /* ... a temporary one (sigsuspend) */
    bool host_mask_dirty;       /* left a host SIGSEGV handler by jump */
    struct {
        bool set;
        siginfo_t info;
    } forced;
    uint64_t ss_sp, ss_size;    /* the guest's alternate stack */
    uint32_t ss_flags;          /* SS_DISABLE or 0, | SS_AUTODISARM */
    UserSigQueue q;             /* thread-directed signals */
    uint64_t waiting;           /* atomic: blocked ones sigtimedwait wants */
};

static struct {
    GMutex lock;                /* act[] and the host dispositions */
    UserSigAction act[USER_NSIG + 1];
    UserSigQueue shared;        /* process-directed signals */
    uint64_t trampoline;
    pid_t any_tid;              /* a guest thread: kicked from elsewhere */
    uint64_t initial_mask;      /* the first thread's, from our exec */
    uint64_t ever_blocked;      /* default-ignored ones a thread blocked */
    sigset_t handled;           /* host signals our handler has */
} sigs;

/* --- dispositions --------------------------------------------------------- */

static bool default_ignores(int sig)
{
    return sig == SIGCHLD || sig == SIGURG || sig == SIGWINCH ||
           sig == SIGCONT;
}

static bool default_stops(int sig)
{
    return sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU ||
           sig == SIGSTOP;
}

/* Would sig be dropped on arrival (ignored, explicitly or by default)? */
static bool sig_ignored(int sig)
{
    uint64_t h = __atomic_load_n(&sigs.act[sig].handler, __ATOMIC_RELAXED);

    return h == USER_SIG_IGN || (h == USER_SIG_DFL && default_ignores(sig));
}

/* Can the host signal sig carry the guest's sig (the same number)? */
static bool host_sig_ok(int sig)
{
    return sig != SIGKILL && sig != SIGSTOP && sig != SIGSEGV &&
           sig != SIGBUS && (sig < 32 || (sig >= SIGRTMIN && sig < KICK_SIG));
}

static void host_handler(int sig, siginfo_t *si, void *uc);

/* Make the host disposition follow the guest's (lock held). */
static void update_host_action(int sig)
{
    const UserSigAction *a = &sigs.act[sig];
    struct sigaction sa;

    if (!host_sig_ok(sig)) {
        return;
    }
    memset(&sa, 0, sizeof(sa));
    if (sig == SIGCHLD) {
        sa.sa_flags = a->flags & (SA_NOCLDSTOP | SA_NOCLDWAIT);
    }
    if (a->handler == USER_SIG_IGN) {
        sa.sa_handler = SIG_IGN;    /* also: SIGCHLD children auto-reap */
    } else if (a->handler == USER_SIG_DFL && default_ignores(sig) &&
               !(sigs.ever_blocked & USER_SIGBIT(sig))) {
        /*
         * Nothing to see: the host drops it without interrupting calls.
         * Once a thread blocks it, it must be kept for sigwaitinfo or a
         * signalfd (a blocked signal is never dropped): we take it then.
         */
        sa.sa_handler = SIG_DFL;
    } else {
        sa.sa_sigaction = host_handler;
        sa.sa_flags |= SA_SIGINFO;  /* no SA_RESTART: host calls get EINTR */
        sigfillset(&sa.sa_mask);
        sigdelset(&sa.sa_mask, SIGSEGV);
        sigdelset(&sa.sa_mask, SIGBUS);
    }
    sigaction(sig, &sa, NULL);
}

int user_signal_get_action(int sig, UserSigAction *old)
{
    if (sig < 1 || sig > USER_NSIG) {
        return -EINVAL;
    }
    g_mutex_lock(&sigs.lock);
    *old = sigs.act[sig];
    g_mutex_unlock(&sigs.lock);
    return 0;
}

static bool map_trampoline(void);

int user_signal_set_action(int sig, const UserSigAction *act)
{
    int ret = 0;

    if (sig < 1 || sig > USER_NSIG || sig == SIGKILL || sig == SIGSTOP) {
        return -EINVAL;
    }
    g_mutex_lock(&sigs.lock);
    if (act->handler > USER_SIG_IGN && !map_trampoline()) {
        ret = -ENOMEM;
    } else {
        sigs.act[sig] = *act;
        sigs.act[sig].mask &= ~USER_SIG_UNBLOCKABLE;
        update_host_action(sig);
    }
    g_mutex_unlock(&sigs.lock);
    return ret;
}

/* --- the return trampoline ------------------------------------------------ */

/*
 * Linux returns from a handler through the vDSO's __vdso_rt_sigreturn;
 * we have no vDSO, so one read-only executable guest page holds the same
 * two instructions (unwinders recognise them). Mapped on the first
 * handler (after the program is loaded, so it takes no fixed address).
 */
static bool map_trampoline(void)
{
    static const uint32_t code[] = {
        0x08b00893,             /* li a7, 139 (rt_sigreturn) */
        0x00000073,             /* ecall */
    };
    uint64_t page = 1ull << tcg_user_page_bits();
    uint64_t addr;
    GError *err = NULL;

    if (sigs.trampoline) {
        return true;
    }
    addr = tcg_user_find_free(user_proc.mmap_base, page);
    if (addr == (uint64_t)-1 ||
        !tcg_user_mmap(addr, page, PAGE_READ | PAGE_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, &err)) {
        goto fail;
    }
    memcpy(tcg_user_g2h(addr), code, sizeof(code));
    if (!tcg_user_mprotect(addr, page, PAGE_READ | PAGE_EXEC, &err)) {
        tcg_user_munmap(addr, page, NULL);
        goto fail;
    }
    sigs.trampoline = addr;
    return true;

fail:
    vireo_log_mask(LOG_GUEST_ERROR, "vireo: no page for the signal "
                   "return trampoline: %s\n", err ? err->message : "full");
    g_clear_error(&err);
    return false;
}

uint64_t user_signal_trampoline(void)
{
    return sigs.trampoline;
}

/* --- masks ---------------------------------------------------------------- */

uint64_t user_signal_get_mask(UserThread *t)
{
    return __atomic_load_n(&t->sig->blocked, __ATOMIC_RELAXED);
}

#define DEFAULT_IGNORED (USER_SIGBIT(SIGCHLD) | USER_SIGBIT(SIGURG) | \
                         USER_SIGBIT(SIGWINCH) | USER_SIGBIT(SIGCONT))

/* A thread blocks default-ignored signals: the host must pass them on. */
static void note_blocked(uint64_t mask)
{
    uint64_t fresh = mask & DEFAULT_IGNORED &
                     ~__atomic_load_n(&sigs.ever_blocked, __ATOMIC_RELAXED);

    if (!fresh) {
        return;
    }
    g_mutex_lock(&sigs.lock);
    sigs.ever_blocked |= fresh;
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        if (fresh & USER_SIGBIT(sig)) {
            update_host_action(sig);
        }
    }
    g_mutex_unlock(&sigs.lock);
}

void user_signal_set_mask(UserThread *t, uint64_t mask)
{
    note_blocked(mask);
    __atomic_store_n(&t->sig->blocked, mask & ~USER_SIG_UNBLOCKABLE,
                     __ATOMIC_SEQ_CST);
}

/* Linux: a signal some thread blocks is never ignored on arrival. */
static bool blocked_by_any(int sig)
{
    for (UserThread *t = user_proc.threads; t; t = t->next) {
        if (t->sig && (user_signal_get_mask(t) & USER_SIGBIT(sig))) {
            return true;
        }
    }
    return false;
}

void user_signal_set_temp_mask(UserThread *t, uint64_t mask)
{
    UserSigThread *s = t->sig;

    if (!s->restore_saved) {
        s->saved_mask = s->blocked;
        s->restore_saved = true;
    }
    user_signal_set_mask(t, mask);
}

uint64_t user_signal_pending_set(UserThread *t)
{
    return user_sigqueue_pending(&t->sig->q) |
           user_sigqueue_pending(&sigs.shared);
}

/* Pending, unblocked and not ignored (ignored ones are dropped here). */
static uint64_t deliverable(UserThread *t)
{
    UserSigThread *s = t->sig;
    uint64_t set;

    if (!__atomic_load_n(&s->q.count, __ATOMIC_ACQUIRE) &&
        !__atomic_load_n(&sigs.shared.count, __ATOMIC_ACQUIRE)) {
        return 0;
    }
    set = user_signal_pending_set(t) & ~user_signal_get_mask(t);
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        siginfo_t info;

        if ((set & USER_SIGBIT(sig)) && sig_ignored(sig)) {
            while (user_sigqueue_take(&s->q, sig, &info) ||
                   user_sigqueue_take(&sigs.shared, sig, &info)) {
                /* dropped */
            }
            set &= ~USER_SIGBIT(sig);
        }
    }
    return set;
}

int user_signal_take(UserThread *t, uint64_t set, siginfo_t *info)
{
    uint64_t p = user_signal_pending_set(t) & set;

    for (int sig = 1; sig <= USER_NSIG; sig++) {
        if ((p & USER_SIGBIT(sig)) &&
            (user_sigqueue_take(&t->sig->q, sig, info) ||
             user_sigqueue_take(&sigs.shared, sig, info))) {
            return sig;
        }
    }
    return 0;
}

/* --- sending and kicking -------------------------------------------------- */

/* Get t out of generated code and out of a host call (lock held). */
static void kick(UserThread *t)
{
    g_atomic_int_set(&t->cpu->exit_request, 1);
    if (t != user_self) {
        syscall(SYS_tgkill, getpid(), t->tid, KICK_SIG);
    }
}

/*
 * A thread that can take process signal sig now (lock held): one that
 * does not block it, else one waiting for it in sigtimedwait (a signal
 * every thread blocks is for sigwait, whoever sent it).
 */
static UserThread *taker(int sig)
{
    if (user_self && user_self->sig &&
        !(user_signal_get_mask(user_self) & USER_SIGBIT(sig))) {
        return user_self;
    }
    for (UserThread *t = user_proc.threads; t; t = t->next) {
        if (t->sig && !(user_signal_get_mask(t) & USER_SIGBIT(sig))) {
            return t;
        }
    }
    for (UserThread *t = user_proc.threads; t; t = t->next) {
        if (t->sig && (__atomic_load_n(&t->sig->waiting, __ATOMIC_SEQ_CST) &
                       USER_SIGBIT(sig))) {
            return t;
        }
    }
    return NULL;
}

int user_signal_send(pid_t tid, const siginfo_t *info)
{
    int sig = info->si_signo;
    int ret = 0;

    g_mutex_lock(&user_proc.lock);
    if (tid) {
        UserThread *t = user_proc.threads;

        while (t && t->tid != tid) {
            t = t->next;
        }
        if (!t || !t->sig) {
            ret = -ESRCH;
        } else if (!sig_ignored(sig) || (user_signal_get_mask(t) &
                                          USER_SIGBIT(sig))) {
            if (!user_sigqueue_push(&t->sig->q, info)) {
                ret = -EAGAIN;
            } else {
                kick(t);
                user_signalfd_notify(sig);
            }
        }
    } else if (!sig_ignored(sig) || blocked_by_any(sig)) {
        UserThread *t;

        if (!user_sigqueue_push(&sigs.shared, info)) {
            ret = -EAGAIN;
        } else {
            if ((t = taker(sig))) {
                kick(t);
            }
            user_signalfd_notify(sig);
        }
    }
    g_mutex_unlock(&user_proc.lock);
    return ret;
}

/* --- host signals --------------------------------------------------------- */

/* Async-signal context: atomics and the slots only. */
static void host_handler(int sig, siginfo_t *si, void *uc)
{
    UserThread *t = user_self;
    UserSigThread *s = t ? __atomic_load_n(&t->sig, __ATOMIC_ACQUIRE) : NULL;
    int saved_errno = errno;

    if (sig != KICK_SIG) {
        /*
         * Thread-directed: tgkill/tkill from outside, and what the kernel
         * sends the calling thread itself (a write to a closed pipe, past
         * RLIMIT_FSIZE).
         */
        bool own = si->si_code == SI_TKILL ||
                   ((sig == SIGPIPE || sig == SIGXFSZ) &&
                    si->si_code == SI_USER && si->si_pid == getpid());

        user_sigqueue_push(s && own ? &s->q : &sigs.shared, si);
        user_signalfd_notify(sig);
    }
    if (s) {
        g_atomic_int_set(&t->cpu->exit_request, 1);
        user_safe_syscall_signal(uc);
    } else if (sig != KICK_SIG) {
        /* not a guest thread: a guest thread routes it (route_shared) */
        pid_t tid = __atomic_load_n(&sigs.any_tid, __ATOMIC_RELAXED);

        if (tid) {
            syscall(SYS_tgkill, getpid(), tid, KICK_SIG);
        }
    }
    errno = saved_errno;
}

void user_signal_init(void)
{
    sigset_t cur;
    struct sigaction sa;

    g_mutex_init(&sigs.lock);
    sigemptyset(&sigs.handled);
    pthread_sigmask(SIG_SETMASK, NULL, &cur);
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        if (!host_sig_ok(sig)) {
            continue;
        }
        /* ignored signals stay ignored across execve: so for the guest */
        if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN) {
            sigs.act[sig].handler = USER_SIG_IGN;
        }
        update_host_action(sig);
        sigaddset(&sigs.handled, sig);
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = host_handler;
    sa.sa_flags = SA_SIGINFO;
    sigfillset(&sa.sa_mask);
    sigaction(KICK_SIG, &sa, NULL);
    sigaddset(&sigs.handled, KICK_SIG);
    pthread_sigmask(SIG_UNBLOCK, &sigs.handled, NULL);

    /* the mask the guest inherits from whoever exec'ed us */
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        if (sig != KICK_SIG && sigismember(&cur, sig) == 1) {
            sigs.initial_mask |= USER_SIGBIT(sig);
        }
    }
    sigs.initial_mask &= ~USER_SIG_UNBLOCKABLE;
    note_blocked(sigs.initial_mask);
}

void user_signal_thread_init(UserThread *t, const UserThread *parent)
{
    UserSigThread *s = g_new0(UserSigThread, 1);

    s->ss_flags = USER_SS_DISABLE;
    s->blocked = parent && parent->sig ?
                 __atomic_load_n(&parent->sig->blocked, __ATOMIC_RELAXED) :
                 sigs.initial_mask;
    __atomic_store_n(&t->sig, s, __ATOMIC_RELEASE);
    if (!parent) {
        __atomic_store_n(&sigs.any_tid, t->tid, __ATOMIC_RELAXED);
    }
    pthread_sigmask(SIG_UNBLOCK, &sigs.handled, NULL);
}

void user_signal_thread_free(UserThread *t)
{
    UserSigThread *s = t->sig;

    /* the host delivers process signals to other threads from now on */
    pthread_sigmask(SIG_BLOCK, &sigs.handled, NULL);
    g_mutex_lock(&user_proc.lock);      /* no sender uses s any more */
    __atomic_store_n(&t->sig, NULL, __ATOMIC_RELEASE);
    if (__atomic_load_n(&sigs.any_tid, __ATOMIC_RELAXED) == t->tid) {
        UserThread *o = user_proc.threads;

        while (o && (o == t || !o->sig)) {
            o = o->next;
        }
        __atomic_store_n(&sigs.any_tid, o ? o->tid : 0, __ATOMIC_RELAXED);
    }
    g_mutex_unlock(&user_proc.lock);
    g_free(s);
}

void user_signal_fork_child(UserThread *t)
{
    siginfo_t info;

    /* the child starts with nothing pending (its own or the process's) */
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        while (user_sigqueue_take(&t->sig->q, sig, &info) ||
               user_sigqueue_take(&sigs.shared, sig, &info)) {
            /* dropped */
        }
    }
    t->sig->forced.set = false;
    __atomic_store_n(&sigs.any_tid, t->tid, __ATOMIC_RELAXED);
}

static void guest_mask_to_host(uint64_t mask, sigset_t *set)
{
    sigemptyset(set);
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        if ((mask & USER_SIGBIT(sig)) && sig != SIGSEGV && sig != SIGBUS &&
            sig != KICK_SIG && sig != 32 && sig != 33) {
            sigaddset(set, sig);
        }
    }
}

bool user_signal_before_exec(UserThread *t)
{
    uint64_t mask = user_signal_get_mask(t);
    sigset_t set, all, old;
    siginfo_t info;
    pid_t tid = (pid_t)syscall(SYS_gettid);

    /*
     * From here on a signal stays with the host: whatever the host handler
     * queues now would be lost with this process image. (A fault must
     * still reach its handler.)
     */
    sigfillset(&all);
    sigdelset(&all, SIGSEGV);
    sigdelset(&all, SIGBUS);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    if (user_signal_pending(t)) {
        /* came during the call: taken first, then execve runs again */
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        return false;
    }
    /*
     * Linux keeps pending signals across execve. What the host handler
     * already took into our queues (the guest blocks it, or it would have
     * been taken above) goes back to the host as this thread's pending
     * signals, blocked, where the new program's user_signal_init finds
     * them (their siginfo is lost, and several queued realtime signals of
     * one number become one).
     */
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        bool again = false;

        if (!host_sig_ok(sig)) {
            continue;
        }
        while (user_sigqueue_take(&t->sig->q, sig, &info) ||
               user_sigqueue_take(&sigs.shared, sig, &info)) {
            again = true;
        }
        if (again) {
            syscall(SYS_tgkill, getpid(), tid, sig);
        }
    }
    /*
     * The dispositions execve would give: one that arrives between the
     * unblocking below and the new image takes the host's default action
     * (a SIGTERM kills), as it would in the new program, instead of
     * vanishing into our queue. The kick keeps its handler (other threads
     * may send it; its default would kill). Held until execve returns.
     */
    g_mutex_lock(&sigs.lock);
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        struct sigaction dfl = { .sa_handler = SIG_DFL };

        if (host_sig_ok(sig) && sigs.act[sig].handler != USER_SIG_IGN) {
            sigaction(sig, &dfl, NULL);
        }
    }
    /* the new program inherits the guest's mask (user_signal_init) */
    guest_mask_to_host(mask, &set);
    pthread_sigmask(SIG_SETMASK, &set, NULL);
    return true;
}

void user_signal_exec_failed(UserThread *t)
{
    (void)t;
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        update_host_action(sig);
    }
    g_mutex_unlock(&sigs.lock);
    pthread_sigmask(SIG_UNBLOCK, &sigs.handled, NULL);
}

/* --- default actions ------------------------------------------------------ */

static void flush_all(void)
{
    vireo_log_flush();
    fflush(stdout);
    fflush(stderr);
}

/*
 * Die by the host's own signal, so whoever waits for us sees the guest's
 * status. No core file: it would be the emulator's, not the guest's.
 */
static G_NORETURN void die_by_signal(int sig)
{
    struct sigaction sa = { .sa_handler = SIG_DFL };
    struct rlimit nocore = { 0, 0 };
    sigset_t set;

    flush_all();
    user_robust_exit_all();
    setrlimit(RLIMIT_CORE, &nocore);
    if (sig == KICK_SIG || sig == 32 || sig == 33) {
        sig = SIGKILL;          /* numbers the host keeps for itself */
    }
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);
    _exit(128 + sig);
}

/* Stop the whole process as the host signal does, until SIGCONT. */
static void stop_by_signal(int sig)
{
    struct sigaction sa = { .sa_handler = SIG_DFL };
    sigset_t set;

    flush_all();
    g_mutex_lock(&sigs.lock);
    sigaction(sig, &sa, NULL);
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    raise(sig);                 /* returns after SIGCONT */
    update_host_action(sig);
    g_mutex_unlock(&sigs.lock);
}

/* --- delivery ------------------------------------------------------------- */

static void deliver(UserThread *t, int sig, siginfo_t *info)
{
    UserSigThread *s = t->sig;
    UserSigAction act;
    uint64_t frame_mask;

    g_mutex_lock(&sigs.lock);
    act = sigs.act[sig];
    if (act.handler > USER_SIG_IGN && (act.flags & USER_SA_RESETHAND)) {
        sigs.act[sig].handler = USER_SIG_DFL;
        update_host_action(sig);
    }
    g_mutex_unlock(&sigs.lock);

    if (act.handler == USER_SIG_IGN) {
        return;
    }
    if (act.handler == USER_SIG_DFL) {
        if (default_ignores(sig)) {
            return;
        }
        if (default_stops(sig)) {
            stop_by_signal(sig);
            return;
        }
        vireo_log_mask(LOG_INT, "vireo: guest killed by signal %d\n", sig);
        die_by_signal(sig);
    }
    frame_mask = s->restore_saved ? s->saved_mask : s->blocked;
    if (!user_target_setup_frame(t, sig, &act, info, frame_mask)) {
        vireo_log_mask(LOG_GUEST_ERROR, "vireo: no room for the frame of "
                       "signal %d: SIGSEGV\n", sig);
        die_by_signal(SIGSEGV);
    }
    s->restore_saved = false;
    user_signal_set_mask(t, s->blocked | act.mask |
                         ((act.flags & USER_SA_NODEFER) ? 0 :
                          USER_SIGBIT(sig)));
}

void user_force_signal(UserThread *t, int sig, int code, uint64_t addr)
{
    UserSigThread *s = t->sig;

    vireo_log_mask(LOG_INT, "vireo-riscv64: signal %d code %d addr 0x%"
                   G_GINT64_MODIFIER "x\n", sig, code, addr);
    memset(&s->forced.info, 0, sizeof(s->forced.info));
    s->forced.info.si_signo = sig;
    s->forced.info.si_code = code;
    s->forced.info.si_addr = (void *)(uintptr_t)addr;
    s->forced.set = true;
    /*
     * From the host SIGSEGV handler the thread leaves by a long jump that
     * keeps the handler's mask (all blocked): unblocked again below.
     */
    s->host_mask_dirty = true;
}

/* A process signal we block: wake a thread that does not. */
static void route_shared(UserThread *self)
{
    uint64_t p = user_sigqueue_pending(&sigs.shared);

    if (!p) {
        return;
    }
    g_mutex_lock(&user_proc.lock);
    for (int sig = 1; sig <= USER_NSIG; sig++) {
        UserThread *t;

        if ((p & USER_SIGBIT(sig)) && (t = taker(sig)) && t != self) {
            kick(t);
        }
    }
    g_mutex_unlock(&user_proc.lock);
}

void user_process_signals(UserThread *t)
{
    static __thread bool host_ready;
    UserSigThread *s = t->sig;
    uint64_t set;

    if (!host_ready) {
        /* a new thread may have been created with host signals blocked */
        host_ready = true;
        s->host_mask_dirty = true;
    }
    if (s->host_mask_dirty) {
        s->host_mask_dirty = false;
        pthread_sigmask(SIG_UNBLOCK, &sigs.handled, NULL);
    }
    /* what comes from here on makes the next blocking call return */
    user_safe_syscall_rearm();
    if (s->forced.set) {
        int sig = s->forced.info.si_signo;
        siginfo_t info = s->forced.info;

        s->forced.set = false;
        /* blocked or ignored: Linux resets it to the default (death) */
        if ((user_signal_get_mask(t) & USER_SIGBIT(sig)) ||
            sigs.act[sig].handler == USER_SIG_IGN) {
            die_by_signal(sig);
        }
        deliver(t, sig, &info);
    }
    while ((set = deliverable(t))) {
        siginfo_t info;
        int sig = __builtin_ctzll(set) + 1;

        if (user_sigqueue_take(&s->q, sig, &info) ||
            user_sigqueue_take(&sigs.shared, sig, &info)) {
            deliver(t, sig, &info);
        }
    }
    if (s->restore_saved) {
        s->restore_saved = false;
        user_signal_set_mask(t, s->saved_mask);
    }
    if (__atomic_load_n(&sigs.shared.count, __ATOMIC_ACQUIRE)) {
        route_shared(t);
    }
}

/* --- system calls and signals --------------------------------------------- */

bool user_signal_pending(UserThread *t)
{
    return t->sig && (t->sig->forced.set || deliverable(t));
}

/*
 * Calls that a handler always interrupts (-EINTR whatever SA_RESTART
 * says; signal(7)), as Linux's -ERESTARTNOHAND and restart blocks do.
 * They are re-run (with their full timeout) when no handler runs.
 */
static bool never_restarted(int nr)
{
    switch (nr) {
    case USER_NR_ppoll:
    case USER_NR_pselect6:
    case USER_NR_epoll_pwait:
    case USER_NR_nanosleep:
    case USER_NR_clock_nanosleep:
    case USER_NR_rt_sigsuspend:
    case USER_NR_rt_sigtimedwait:
    case USER_NR_io_getevents:
    case USER_NR_semtimedop:
    case USER_NR_msgrcv:
    case USER_NR_msgsnd:
    case USER_NR_semop:
        return true;
    default:
        return false;
    }
}

int64_t user_signal_eintr(UserThread *t, int nr)
{
    uint64_t set = t->sig ? deliverable(t) : 0;
    int sig;
    bool restart;

    if (t->sig && t->sig->forced.set) {
        return -EINTR;
    }
    if (!set) {
        return -USER_ERESTARTSYS;   /* nothing for the guest: go on */
    }
    sig = __builtin_ctzll(set) + 1;
    g_mutex_lock(&sigs.lock);
    /* a default action (stop, then SIGCONT) goes on where it was */
    restart = sigs.act[sig].handler <= USER_SIG_IGN ||
              (!never_restarted(nr) &&
               (sigs.act[sig].flags & USER_SA_RESTART));
    g_mutex_unlock(&sigs.lock);
    return restart ? -USER_ERESTARTSYS : -EINTR;
}

/* --- calls with a signal mask of their own ------------------------------- */

int64_t user_signal_mask_begin(UserThread *t, const void *mask,
                               uint64_t size)
{
    uint64_t m;

    if (!mask || size != sizeof(m)) {
        return 0;               /* none, or the host call's EINVAL */
    }
    memcpy(&m, mask, sizeof(m));
    user_signal_set_temp_mask(t, m);
    /* one it unblocks may be queued already: as Linux, EINTR at once */
    return user_signal_pending(t) ? -EINTR : 0;
}

int64_t user_signal_mask_end(UserThread *t, int64_t ret)
{
    UserSigThread *s = t->sig;

    /* no EINTR: Linux puts the mask back before any delivery */
    if (ret != -EINTR && s->restore_saved) {
        s->restore_saved = false;
        user_signal_set_mask(t, s->saved_mask);
    }
    return ret;
}

bool user_signal_wait(UserThread *t, uint64_t wake,
                      const struct timespec *timeout)
{
    struct timespec end, now, left;
    sigset_t all, old;
    bool woken = false;

    if (timeout) {
        clock_gettime(CLOCK_MONOTONIC, &end);
        end.tv_sec += timeout->tv_sec;
        end.tv_nsec += timeout->tv_nsec;
        if (end.tv_nsec >= 1000000000) {
            end.tv_sec++;
            end.tv_nsec -= 1000000000;
        }
    }
    /* checked with host signals blocked, slept with them open: no race */
    sigfillset(&all);
    sigdelset(&all, SIGSEGV);
    sigdelset(&all, SIGBUS);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    /* before the check: a sender that queues after it sees us and kicks */
    __atomic_store_n(&t->sig->waiting, wake, __ATOMIC_SEQ_CST);
    for (;;) {
        if (t->sig->forced.set || deliverable(t) ||
            (user_signal_pending_set(t) & wake)) {
            woken = true;
            break;
        }
        if (!timeout) {
            sigsuspend(&old);
            continue;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec > end.tv_sec ||
            (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec)) {
            break;
        }
        left.tv_sec = end.tv_sec - now.tv_sec;
        left.tv_nsec = end.tv_nsec - now.tv_nsec;
        if (left.tv_nsec < 0) {
            left.tv_sec--;
            left.tv_nsec += 1000000000;
        }
        ppoll(NULL, 0, &left, &old);
    }
    __atomic_store_n(&t->sig->waiting, 0, __ATOMIC_SEQ_CST);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return woken;
}

/* --- the alternate stack -------------------------------------------------- */

static bool on_altstack(UserSigThread *s, uint64_t sp)
{
    /* an auto-disarmed stack is never "on" (nested handlers reuse it) */
    return !(s->ss_flags & (USER_SS_DISABLE | USER_SS_AUTODISARM)) &&
           sp > s->ss_sp && sp - s->ss_sp <= s->ss_size;
}

void user_signal_save_altstack(UserThread *t, uint64_t sp, UserStack *out,
                               bool for_frame)
{
    UserSigThread *s = t->sig;

    memset(out, 0, sizeof(*out));
    out->ss_sp = s->ss_sp;
    out->ss_size = s->ss_size;
    out->ss_flags = (int32_t)((s->ss_flags & USER_SS_AUTODISARM) |
                              (on_altstack(s, sp) ? USER_SS_ONSTACK :
                               (s->ss_flags & USER_SS_DISABLE)));
    if (for_frame && (s->ss_flags & USER_SS_AUTODISARM)) {
        s->ss_sp = s->ss_size = 0;
        s->ss_flags = USER_SS_DISABLE;
    }
}

int user_signal_altstack(UserThread *t, const UserStack *ss, UserStack *old,
                         uint64_t sp)
{
    UserSigThread *s = t->sig;

    if (old) {
        user_signal_save_altstack(t, sp, old, false);
    }
    if (ss) {
        uint32_t mode = (uint32_t)ss->ss_flags & ~USER_SS_AUTODISARM;

        if (on_altstack(s, sp)) {
            return -EPERM;
        }
        if (mode != 0 && mode != USER_SS_DISABLE &&
            mode != USER_SS_ONSTACK) {
            return -EINVAL;
        }
        if (mode == USER_SS_DISABLE) {
            s->ss_sp = s->ss_size = 0;
            s->ss_flags = USER_SS_DISABLE;
        } else {
            if (ss->ss_size < USER_MINSIGSTKSZ) {
                return -ENOMEM;
            }
            s->ss_sp = ss->ss_sp;
            s->ss_size = ss->ss_size;
            s->ss_flags = (uint32_t)ss->ss_flags & USER_SS_AUTODISARM;
        }
    }
    return 0;
}

uint64_t user_signal_frame_addr(UserThread *t, uint64_t flags, uint64_t sp,
                                uint64_t size)
{
    UserSigThread *s = t->sig;

    if (on_altstack(s, sp) && !on_altstack(s, sp - size)) {
        return 0;               /* the alternate stack overflows */
    }
    if ((flags & USER_SA_ONSTACK) && !(s->ss_flags & USER_SS_DISABLE) &&
        s->ss_size && !on_altstack(s, sp)) {
        sp = s->ss_sp + s->ss_size;
    }
    return (sp - size) & ~15ull;
}
