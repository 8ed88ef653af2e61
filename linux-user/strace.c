/*
 * -strace: each system call on stderr as "TID name(args) = result", with
 * arguments decoded by the letters of its table entry, strings read from
 * guest memory, and errors as "-1 ENOENT (No such file or directory)".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

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
        g_string_append_printf(out, "0%" G_GINT64_MODIFIER "o", v);
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

void user_strace_enter(UserThread *t, const UserSyscall *s, int nr,
                       const uint64_t *args)
{
    g_autoptr(GString) out = g_string_new(NULL);
    const char *f = s->fmt ? s->fmt : "";

    (void)nr;
    g_string_append_printf(out, "%d %s(", t->tid, s->name);
    for (int i = 0; i < 6 && f[i] && f[i] != '='; i++) {
        if (i) {
            g_string_append_c(out, ',');
        }
        print_arg(out, f[i], args[i]);
    }
    g_string_append_c(out, ')');
    fputs(out->str, stderr);
}

void user_strace_exit(UserThread *t, const UserSyscall *s, int64_t ret)
{
    (void)t;
    if (ret == -USER_ESIGRETURN) {
        fputs(" = ?\n", stderr);
    } else if (ret == -USER_ERESTARTSYS) {
        fputs(" = ? ERESTARTSYS (to be restarted)\n", stderr);
    } else if (ret < 0 && ret >= -4095) {
        const char *name = strerrorname_np((int)-ret);

        fprintf(stderr, " = -1 %s (%s)\n", name ? name : "E?",
                strerror((int)-ret));
    } else if (result_fmt(s)[0] == 'x') {
        fprintf(stderr, " = 0x%" G_GINT64_MODIFIER "x\n", (uint64_t)ret);
    } else {
        fprintf(stderr, " = %" G_GINT64_MODIFIER "d\n", ret);
    }
}
