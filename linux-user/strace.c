/*
 * -strace: each system call on stderr as "TID name(args) = result", with
 * arguments decoded by the letters of its table entry, strings read from
 * guest memory, flag words and numbers by name from the tables below,
 * and errors as "-1 ENOENT (No such file or directory)". Formatting
 * goes into a GString (user_strace_format_*) so it can be tested alone.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define STRACE_STR_MAX 64

/* The arguments' letters: up to the '='. */
static const char *result_fmt(const UserSyscall *s)
{
    const char *eq = s->fmt ? strchr(s->fmt, '=') : NULL;

    return eq ? eq + 1 : "d";
}

static void print_string(GString *out, uint64_t addr)
{
    char *str = NULL;

    if (!addr) {
        g_string_append(out, "NULL");
        return;
    }
    if (user_get_string(addr, 4096, &str) < 0) {
        g_string_append_printf(out, "0x%" G_GINT64_MODIFIER "x", addr);
        return;
    }
    g_string_append_c(out, '"');
    for (const char *p = str; *p && p - str < STRACE_STR_MAX; p++) {
        if (*p == '"' || *p == '\\') {
            g_string_append_printf(out, "\\%c", *p);
        } else if (*p == '\n') {
            g_string_append(out, "\\n");
        } else if ((unsigned char)*p < 32 || (unsigned char)*p > 126) {
            g_string_append_printf(out, "\\%o", (unsigned char)*p);
        } else {
            g_string_append_c(out, *p);
        }
    }
    g_string_append_c(out, '"');
    if (strlen(str) > STRACE_STR_MAX) {
        g_string_append(out, "...");
    }
    g_free(str);
}

typedef struct StraceName {
    uint64_t value;
    const char *name;
} StraceName;

#define N(x) { x, #x }

/*
 * Flag words: each set bit group by name, the rest in hex. The guest's
 * values, which the x86-64 host headers share but for O_LARGEFILE
 * (0 in 64-bit glibc; the kernel's asm-generic bit here).
 */
static const StraceName open_flags[] = {
    N(O_WRONLY), N(O_RDWR), N(O_CREAT), N(O_EXCL), N(O_NOCTTY),
    N(O_TRUNC), N(O_APPEND), N(O_NONBLOCK), N(O_SYNC), N(O_DSYNC),
    N(O_ASYNC), N(O_TMPFILE),
    N(O_DIRECT), { 0100000, "O_LARGEFILE" }, N(O_DIRECTORY), N(O_NOFOLLOW),
    N(O_NOATIME), N(O_CLOEXEC), N(O_PATH),
    { 0 }
};
static const StraceName prot_flags[] = {
    N(PROT_READ), N(PROT_WRITE), N(PROT_EXEC), N(PROT_GROWSDOWN),
    N(PROT_GROWSUP), { 0 }
};
static const StraceName map_flags[] = {
    N(MAP_FIXED), N(MAP_ANONYMOUS), N(MAP_GROWSDOWN), N(MAP_DENYWRITE),
    N(MAP_EXECUTABLE), N(MAP_LOCKED), N(MAP_NORESERVE), N(MAP_POPULATE),
    N(MAP_NONBLOCK), N(MAP_STACK), N(MAP_HUGETLB), N(MAP_SYNC),
    N(MAP_FIXED_NOREPLACE), { 0 }
};
static const StraceName map_types[] = {
    N(MAP_SHARED), N(MAP_PRIVATE), N(MAP_SHARED_VALIDATE), { 0 }
};
/* Plain numbers by name. */
static const StraceName clock_ids[] = {
    N(CLOCK_REALTIME), N(CLOCK_MONOTONIC), N(CLOCK_PROCESS_CPUTIME_ID),
    N(CLOCK_THREAD_CPUTIME_ID), N(CLOCK_MONOTONIC_RAW),
    N(CLOCK_REALTIME_COARSE), N(CLOCK_MONOTONIC_COARSE), N(CLOCK_BOOTTIME),
    N(CLOCK_REALTIME_ALARM), N(CLOCK_BOOTTIME_ALARM), N(CLOCK_TAI), { 0 }
};
static const StraceName signals[] = {
    N(SIGHUP), N(SIGINT), N(SIGQUIT), N(SIGILL), N(SIGTRAP), N(SIGABRT),
    N(SIGBUS), N(SIGFPE), N(SIGKILL), N(SIGUSR1), N(SIGSEGV), N(SIGUSR2),
    N(SIGPIPE), N(SIGALRM), N(SIGTERM), N(SIGSTKFLT), N(SIGCHLD),
    N(SIGCONT), N(SIGSTOP), N(SIGTSTP), N(SIGTTIN), N(SIGTTOU), N(SIGURG),
    N(SIGXCPU), N(SIGXFSZ), N(SIGVTALRM), N(SIGPROF), N(SIGWINCH),
    N(SIGIO), N(SIGPWR), N(SIGSYS), { 0 }
};

#undef N

static const char *lookup(const StraceName *t, uint64_t v)
{
    for (; t->name; t++) {
        if (t->value == v) {
            return t->name;
        }
    }
    return NULL;
}

/* "A|B|0x40": known bits by name, leftover bits in hex. */
static void print_flags(GString *out, const StraceName *t, uint64_t v,
                        bool sep)
{
    for (; t->name; t++) {
        if (t->value && (v & t->value) == t->value) {
            g_string_append_printf(out, "%s%s", sep ? "|" : "", t->name);
            v &= ~t->value;
            sep = true;
        }
    }
    if (v || !sep) {
        g_string_append_printf(out, "%s0x%" G_GINT64_MODIFIER "x",
                               sep ? "|" : "", v);
    }
}

static void print_open_flags(GString *out, uint64_t v)
{
    static const char *const acc[] = {
        "O_RDONLY", "O_WRONLY", "O_RDWR", "O_ACCMODE"
    };

    g_string_append(out, acc[v & O_ACCMODE]);
    /* O_SYNC and O_TMPFILE (two bits each) come before their parts. */
    v &= ~(uint64_t)O_ACCMODE;
    if (v) {
        print_flags(out, open_flags + 2, v, true);
    }
}

static void print_mmap_flags(GString *out, uint64_t v)
{
    const char *type = lookup(map_types, v & MAP_SHARED_VALIDATE);

    if (type) {
        g_string_append(out, type);
        v &= ~(uint64_t)MAP_SHARED_VALIDATE;
        if (v) {
            print_flags(out, map_flags, v, true);
        }
    } else {
        print_flags(out, map_flags, v, false);
    }
}

static void print_named(GString *out, const StraceName *t, uint64_t v)
{
    const char *name = lookup(t, (uint64_t)(int64_t)(int)v);

    if (name) {
        g_string_append(out, name);
    } else {
        g_string_append_printf(out, "%d", (int)v);
    }
}

static void print_signal(GString *out, uint64_t v)
{
    int sig = (int)v;

    /* Numbers from 32 up are real-time on both ABIs. */
    if (sig >= 32 && sig <= 64) {
        g_string_append_printf(out, "SIGRT_%d", sig - 32);
    } else {
        print_named(out, signals, v);
    }
}

static void print_arg(GString *out, char letter, uint64_t v)
{
    switch (letter) {
    case 'd':
        g_string_append_printf(out, "%d", (int)v);
        break;
    case 'u':
        g_string_append_printf(out, "%" G_GINT64_MODIFIER "u", v);
        break;
    case 'o':
        g_string_append_printf(out, v ? "0%" G_GINT64_MODIFIER "o" : "0",
                               v);
        break;
    case 'f':
        if ((int)v == AT_FDCWD) {
            g_string_append(out, "AT_FDCWD");
        } else {
            g_string_append_printf(out, "%d", (int)v);
        }
        break;
    case 's':
        print_string(out, v);
        break;
    case 'F':
        print_open_flags(out, (uint32_t)v);
        break;
    case 'P':
        if ((uint32_t)v == PROT_NONE) {
            g_string_append(out, "PROT_NONE");
        } else {
            print_flags(out, prot_flags, (uint32_t)v, false);
        }
        break;
    case 'M':
        print_mmap_flags(out, (uint32_t)v);
        break;
    case 'S':
        print_signal(out, v);
        break;
    case 'C':
        print_named(out, clock_ids, v);
        break;
    case 'p':
        if (!v) {
            g_string_append(out, "NULL");
            break;
        }
        /* fall through */
    default:
        g_string_append_printf(out, "0x%" G_GINT64_MODIFIER "x", v);
        break;
    }
}

void user_strace_format_enter(GString *out, int tid, const UserSyscall *s,
                              const uint64_t *args)
{
    const char *f = s->fmt ? s->fmt : "";

    g_string_append_printf(out, "%d %s(", tid, s->name);
    for (int i = 0; i < 6 && f[i] && f[i] != '='; i++) {
        if (i) {
            g_string_append_c(out, ',');
        }
        print_arg(out, f[i], args[i]);
    }
    g_string_append_c(out, ')');
}

void user_strace_format_exit(GString *out, const UserSyscall *s,
                             int64_t ret)
{
    if (ret == -USER_ESIGRETURN) {
        g_string_append(out, " = ?\n");
    } else if (ret == -USER_ERESTARTSYS) {
        g_string_append(out, " = ? ERESTARTSYS (to be restarted)\n");
    } else if (ret < 0 && ret >= -4095) {
        const char *name = strerrorname_np((int)-ret);

        g_string_append_printf(out, " = -1 %s (%s)\n", name ? name : "E?",
                               strerror((int)-ret));
    } else if (result_fmt(s)[0] == 'x') {
        g_string_append_printf(out, " = 0x%" G_GINT64_MODIFIER "x\n",
                               (uint64_t)ret);
    } else {
        g_string_append_printf(out, " = %" G_GINT64_MODIFIER "d\n", ret);
    }
}

void user_strace_enter(UserThread *t, const UserSyscall *s, int nr,
                       const uint64_t *args)
{
    g_autoptr(GString) out = g_string_new(NULL);

    (void)nr;
    user_strace_format_enter(out, t->tid, s, args);
    fputs(out->str, stderr);
}

void user_strace_exit(UserThread *t, const UserSyscall *s, int64_t ret)
{
    g_autoptr(GString) out = g_string_new(NULL);

    (void)t;
    user_strace_format_exit(out, s, ret);
    fputs(out->str, stderr);
}
