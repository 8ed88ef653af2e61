/*
 * -g PORT: the GDB remote protocol for a user-mode program. The stub
 * waits for gdb before the first instruction and then serves it on the
 * thread that stopped (a breakpoint, a finished step, Ctrl-C, a fatal
 * signal, the exit), with gdbstub/core.c's blocking loop. gdb sees the
 * stopped guest thread as thread 1; others run on meanwhile, as under
 * other user-mode emulators.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Ctrl-C while the program runs: a watcher thread polls the socket and,
 * when gdb sends something, kicks the CPU of the thread that resumed
 * last; that thread reads the bytes itself. Watchpoints need the softmmu
 * slow path, which user mode does not have: gdb is told Z2-Z4 are not
 * supported and single-steps instead.
 */
#include "user-internal.h"
#include "gdbstub/gdbstub.h"
#include "target/riscv/cpu.h"
#include "target/riscv/gdbstub.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static struct {
    int fd;                     /* the connection, -1: none */
    GdbCore *core;
    UserThread *cur;            /* the thread gdb looks at */
    char *xml;
    GMutex lock;                /* one thread talks to gdb at a time */
    bool stepping;
    bool interrupted;           /* gdb sent Ctrl-C */
    /* the watcher */
    GMutex wlock;
    GCond wcond;
    bool armed;                 /* poll while the program runs */
    int wake[2];                /* stops a poll */
    CPUState *kick;             /* whose CPU to kick on input */
    int input;                  /* atomic: gdb sent bytes while running */
} gs = { .fd = -1 };

bool user_gdb_active(void)
{
    return gs.fd >= 0;
}

bool user_gdb_owns_fd(int fd)
{
    return fd >= 0 && gs.core &&
           (fd == gs.fd || fd == gs.wake[0] || fd == gs.wake[1]);
}

/* --- target operations ---------------------------------------------------- */

static int g_thread_count(void *opaque)
{
    (void)opaque;
    return 1;
}

static const char *g_target_xml(void *opaque)
{
    (void)opaque;
    if (!gs.xml) {
        gs.xml = riscv_gdb_target_xml(RISCV_CPU(gs.cur->cpu));
    }
    return gs.xml;
}

static int g_read_register(void *opaque, int thread, int n, uint8_t *buf)
{
    (void)opaque;
    (void)thread;
    return riscv_gdb_read_register(RISCV_CPU(gs.cur->cpu), n, buf);
}

static bool g_write_register(void *opaque, int thread, int n,
                             const uint8_t *buf, int len)
{
    (void)opaque;
    (void)thread;
    return riscv_gdb_write_register(RISCV_CPU(gs.cur->cpu), n, buf) == len;
}

static bool g_read_memory(void *opaque, int thread, uint64_t addr,
                          uint8_t *buf, size_t len)
{
    (void)opaque;
    (void)thread;
    /* mapped at all is enough: gdb reads code that is execute-only too */
    if (!tcg_user_access_ok(addr, len, 0)) {
        return false;
    }
    for (uint64_t a = addr & ~0xfffull; a < addr + len; a += 0x1000) {
        if (!(tcg_user_page_flags(a) & (PAGE_READ | PAGE_EXEC))) {
            return false;
        }
    }
    memcpy(buf, tcg_user_g2h(addr), len);
    return true;
}

static bool g_write_memory(void *opaque, int thread, uint64_t addr,
                           const uint8_t *buf, size_t len)
{
    (void)opaque;
    (void)thread;
    return user_copy_to(addr, buf, len) == 0;
}

static void for_each_cpu(bool (*fn)(CPUState *, uint64_t), uint64_t pc)
{
    g_mutex_lock(&user_proc.lock);
    for (UserThread *t = user_proc.threads; t; t = t->next) {
        fn(t->cpu, pc);
    }
    g_mutex_unlock(&user_proc.lock);
}

static int g_bp_insert(void *opaque, GdbBreakType type, uint64_t addr,
                       uint64_t len)
{
    (void)opaque;
    (void)len;
    if (type != GDB_BP_SW && type != GDB_BP_HW) {
        return -ENOSYS;
    }
    for_each_cpu(tcg_cpu_breakpoint_insert, addr);
    return 0;
}

static int g_bp_remove(void *opaque, GdbBreakType type, uint64_t addr,
                       uint64_t len)
{
    (void)opaque;
    (void)len;
    if (type != GDB_BP_SW && type != GDB_BP_HW) {
        return -ENOSYS;
    }
    for_each_cpu(tcg_cpu_breakpoint_remove, addr);
    return 0;
}

static bool remove_all_one(CPUState *cpu, uint64_t unused)
{
    (void)unused;
    tcg_cpu_breakpoint_remove_all(cpu);
    return true;
}

static void g_bp_remove_all(void *opaque)
{
    (void)opaque;
    for_each_cpu(remove_all_one, 0);
}

static void g_resume(void *opaque, const uint8_t *actions)
{
    (void)opaque;
    gs.stepping = actions[0] == GDB_RESUME_STEP;
}

static void g_interrupt(void *opaque)
{
    (void)opaque;
    gs.interrupted = true;      /* the thread reading it stops */
}

static void g_kill(void *opaque)
{
    (void)opaque;
    close(gs.fd);               /* we hold gs.lock: no exit report */
    gs.fd = -1;
    user_exit_group(128 + SIGKILL);
}

static void g_detach(void *opaque)
{
    (void)opaque;
    gs.stepping = false;
}

static const GdbTargetOps user_gdb_ops = {
    .thread_count = g_thread_count,
    .target_xml = g_target_xml,
    .g_registers = 33,
    .read_register = g_read_register,
    .write_register = g_write_register,
    .read_memory = g_read_memory,
    .write_memory = g_write_memory,
    .breakpoint_insert = g_bp_insert,
    .breakpoint_remove = g_bp_remove,
    .breakpoint_remove_all = g_bp_remove_all,
    .resume = g_resume,
    .interrupt = g_interrupt,
    .kill = g_kill,
    .detach = g_detach,
};

static void g_write(void *opaque, const uint8_t *buf, size_t len)
{
    (void)opaque;
    while (len && gs.fd >= 0) {
        ssize_t n = send(gs.fd, buf, len, MSG_NOSIGNAL);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            break;              /* gdb went away: the read sees it */
        }
        buf += n;
        len -= n;
    }
}

/* --- the watcher ------------------------------------------------------------ */

static gpointer watcher(gpointer unused)
{
    sigset_t all;

    (void)unused;
    /* not a guest thread: the guest's signals go elsewhere */
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    for (;;) {
        struct pollfd p[2];

        g_mutex_lock(&gs.wlock);
        while (!gs.armed) {
            g_cond_wait(&gs.wcond, &gs.wlock);
        }
        g_mutex_unlock(&gs.wlock);

        p[0] = (struct pollfd){ .fd = gs.fd, .events = POLLIN };
        p[1] = (struct pollfd){ .fd = gs.wake[0], .events = POLLIN };
        if (poll(p, 2, -1) <= 0) {
            continue;
        }
        g_mutex_lock(&gs.wlock);
        if (p[1].revents) {
            char c;

            while (read(gs.wake[0], &c, 1) < 0 && errno == EINTR) {
                continue;
            }
        } else if (gs.armed && p[0].revents) {
            gs.armed = false;
            g_atomic_int_set(&gs.input, 1);
            g_atomic_int_set(&gs.kick->exit_request, 1);
        }
        g_cond_broadcast(&gs.wcond);
        g_mutex_unlock(&gs.wlock);
    }
    return NULL;
}

static void watcher_arm(CPUState *cpu)
{
    g_mutex_lock(&gs.wlock);
    gs.kick = cpu;
    gs.armed = true;
    g_cond_broadcast(&gs.wcond);
    g_mutex_unlock(&gs.wlock);
}

/* Make sure the watcher no longer polls (it may be inside poll()). */
static void watcher_disarm(void)
{
    g_mutex_lock(&gs.wlock);
    if (gs.armed) {
        char c = 0;

        gs.armed = false;
        while (write(gs.wake[1], &c, 1) < 0 && errno == EINTR) {
            continue;
        }
    }
    g_mutex_unlock(&gs.wlock);
}

/* --- stops ------------------------------------------------------------------- */

/* Talk to gdb until it resumes (true) or is gone (false). */
static bool serve(UserThread *t, const GdbStop *stop, bool first)
{
    bool running;

    gs.cur = t;
    if (first) {
        gdb_core_connected(gs.core, stop);
    } else {
        gdb_core_report_stop(gs.core, stop);
    }
    running = gdb_core_serve_blocking(gs.core, gs.fd);
    if (!gdb_core_is_connected(gs.core)) {
        close(gs.fd);
        gs.fd = -1;
        g_bp_remove_all(NULL);
        gs.stepping = false;
        return false;
    }
    return running;
}

static void resume(UserThread *t)
{
    if (gs.stepping) {
        tcg_cpu_set_cflags_next(t->cpu, CF_SINGLE_STEP);
    }
    watcher_arm(t->cpu);
}

bool user_gdb_handle_debug(UserThread *t)
{
    CPURISCVState *env = &RISCV_CPU(t->cpu)->env;
    GdbStop stop = { .kind = GDB_STOP_TRAP, .thread = 1 };

    if (!user_gdb_active()) {
        return false;
    }
    watcher_disarm();
    g_mutex_lock(&gs.lock);
    if (!gs.stepping && tcg_cpu_breakpoint_at(t->cpu, env->pc)) {
        stop.kind = GDB_STOP_SWBREAK;
    }
    gs.stepping = false;
    g_atomic_int_set(&gs.input, 0);     /* serve() reads what is there */
    if (serve(t, &stop, false)) {
        resume(t);
    }
    g_mutex_unlock(&gs.lock);
    return true;
}

void user_gdb_after_exception(UserThread *t, int excp)
{
    /* a step that ended in a system call or signal stops right after */
    if (user_gdb_active() && gs.stepping && excp != EXCP_INTERRUPT) {
        user_gdb_handle_debug(t);
        return;
    }
    if (user_gdb_active() && g_atomic_int_get(&gs.input)) {
        GdbStop stop = { .kind = GDB_STOP_INTERRUPT, .thread = 1 };
        uint8_t buf[256];
        ssize_t n;

        g_mutex_lock(&gs.lock);
        g_atomic_int_set(&gs.input, 0);
        n = read(gs.fd, buf, sizeof(buf));
        if (n <= 0) {
            gdb_core_disconnected(gs.core);
            close(gs.fd);
            gs.fd = -1;
            g_bp_remove_all(NULL);
        } else {
            gs.interrupted = false;
            gdb_core_input(gs.core, buf, (size_t)n);
            if (gs.interrupted) {
                gs.interrupted = false;
                if (serve(t, &stop, false)) {
                    resume(t);
                }
            } else {
                resume(t);
            }
        }
        g_mutex_unlock(&gs.lock);
    }
}

void user_gdb_exit(int status)
{
    GdbStop stop = { .kind = GDB_STOP_EXITED, .status = status };

    if (!user_gdb_active()) {
        return;
    }
    watcher_disarm();
    g_mutex_lock(&gs.lock);
    gdb_core_report_stop(gs.core, &stop);
    close(gs.fd);
    gs.fd = -1;
    g_mutex_unlock(&gs.lock);
}

/* A listening socket: a TCP port number, or a unix socket path. */
static int listen_on(const char *where, GError **errp)
{
    char *end;
    long port = strtol(where, &end, 10);
    int one = 1, fd;

    if (*where && !*end) {
        struct sockaddr_in sa = { .sin_family = AF_INET };

        if (port < 1 || port > 65535) {
            vireo_error_setg(errp, "-g %s: not a TCP port number", where);
            return -1;
        }
        fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            vireo_error_setg_errno(errp, errno, "-g %s: socket", where);
            return -1;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        sa.sin_port = htons((uint16_t)port);
        sa.sin_addr.s_addr = htonl(INADDR_ANY);
        if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
            listen(fd, 1) < 0) {
            vireo_error_setg_errno(errp, errno, "-g %s", where);
            close(fd);
            return -1;
        }
        return fd;
    } else {
        struct sockaddr_un su = { .sun_family = AF_UNIX };

        if (!*where || strlen(where) >= sizeof(su.sun_path)) {
            vireo_error_setg(errp, "-g '%s': not a TCP port or a usable "
                             "unix socket path", where);
            return -1;
        }
        strcpy(su.sun_path, where);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            vireo_error_setg_errno(errp, errno, "-g %s: socket", where);
            return -1;
        }
        if (bind(fd, (struct sockaddr *)&su, sizeof(su)) < 0 ||
            listen(fd, 1) < 0) {
            vireo_error_setg_errno(errp, errno, "-g %s", where);
            close(fd);
            return -1;
        }
        return fd;
    }
}

bool user_gdb_start(const char *where, UserThread *t, GError **errp)
{
    GdbStop stop = { .kind = GDB_STOP_TRAP, .thread = 1 };
    int one = 1, lfd = listen_on(where, errp);

    if (lfd < 0) {
        return false;
    }
    do {
        gs.fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
    } while (gs.fd < 0 && errno == EINTR);
    close(lfd);
    if (!strchr("0123456789", where[0])) {
        unlink(where);          /* connected: nobody else may come */
    }
    if (gs.fd < 0) {
        vireo_error_setg_errno(errp, errno, "-g %s: accept", where);
        return false;
    }
    setsockopt(gs.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    if (pipe2(gs.wake, O_CLOEXEC) < 0) {
        vireo_error_setg_errno(errp, errno, "-g: pipe");
        return false;
    }
    g_mutex_init(&gs.lock);
    g_mutex_init(&gs.wlock);
    g_cond_init(&gs.wcond);
    gs.core = gdb_core_new(&user_gdb_ops, NULL, g_write, NULL);
    g_thread_unref(g_thread_new("gdb-watch", watcher, NULL));
    g_mutex_lock(&gs.lock);
    if (serve(t, &stop, true)) {
        resume(t);
    }
    g_mutex_unlock(&gs.lock);
    return true;
}
