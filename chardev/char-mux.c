/*
 * The mux backend: up to four frontends (a UART and the monitor, say)
 * share one chardev. Output from any of them goes straight through; input
 * goes to the one with the focus, after escape commands are taken out:
 * Ctrl-a c moves the focus on, Ctrl-a x asks to quit, Ctrl-a h prints the
 * commands, Ctrl-a b sends a break, Ctrl-a Ctrl-a sends one Ctrl-a.
 * Each frontend has a small buffer so that escapes work even while the
 * focused frontend takes nothing; it never gets more than its can_read.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/char-backend.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

#define MUX_MAX_FE 4
#define MUX_BUF_SIZE 64

typedef struct {
    Chardev parent;
    Chardev *inner;
    CharFrontend inner_fe;      /* the mux is the inner chardev's frontend */
    CharFrontend *fes[MUX_MAX_FE];
    int count;
    int focus;
    int escape;
    bool got_escape;
    uint8_t buf[MUX_MAX_FE][MUX_BUF_SIZE];
    int buf_len[MUX_MAX_FE];
} ChardevMux;

static int default_escape = 0x01;
static ChardevQuitHandler *quit_handler;

void chardev_set_quit_handler(ChardevQuitHandler *fn)
{
    quit_handler = fn;
}

void chardev_mux_set_default_escape_char(int ch)
{
    default_escape = ch;
}

static ChardevMux *to_mux(const Chardev *chr)
{
    g_assert(chr->ops == &chardev_mux_ops);
    return (ChardevMux *)chr;
}

void chardev_mux_set_escape_char(Chardev *chr, int ch)
{
    to_mux(chr)->escape = ch;
}

int chardev_mux_get_focus(const Chardev *chr)
{
    return to_mux(chr)->focus;
}

static void mux_fe_event(ChardevMux *m, int tag, ChrEvent event)
{
    CharFrontend *fe = tag < m->count ? m->fes[tag] : NULL;

    if (fe && fe->event) {
        fe->event(fe->opaque, event);
    }
}

/* Hand the buffered input of frontend tag over, as much as it takes. */
static void mux_flush(ChardevMux *m, int tag)
{
    CharFrontend *fe = m->fes[tag];

    while (fe && fe->read && m->buf_len[tag] > 0) {
        int n = fe->can_read ? fe->can_read(fe->opaque) : m->buf_len[tag];
        if (n <= 0) {
            return;
        }
        n = MIN(n, m->buf_len[tag]);
        /* Taken off first: the read callback may come back into the mux. */
        uint8_t chunk[MUX_BUF_SIZE];
        memcpy(chunk, m->buf[tag], n);
        memmove(m->buf[tag], m->buf[tag] + n, m->buf_len[tag] - n);
        m->buf_len[tag] -= n;
        fe->read(fe->opaque, chunk, n);
        fe = m->fes[tag];
    }
}

void chardev_mux_set_focus(Chardev *chr, int tag)
{
    ChardevMux *m = to_mux(chr);

    if (tag < 0 || tag >= m->count || tag == m->focus) {
        return;
    }
    mux_fe_event(m, m->focus, CHR_EVENT_MUX_OUT);
    m->focus = tag;
    mux_fe_event(m, m->focus, CHR_EVENT_MUX_IN);
    mux_flush(m, tag);
}

static void mux_print_help(ChardevMux *m)
{
    static const struct {
        const char *key;
        const char *what;
    } cmds[] = {
        { "h", "show these commands" },
        { "x", "quit the emulator" },
        { "c", "switch input between the console and the monitor" },
        { "b", "send a break" },
    };
    char esc[8];
    g_autoptr(GString) s = g_string_new("\r\n");

    if (m->escape > 0 && m->escape < 27) {
        snprintf(esc, sizeof(esc), "C-%c", 'a' + m->escape - 1);
    } else {
        snprintf(esc, sizeof(esc), "%c", m->escape);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(cmds); i++) {
        g_autofree char *k = g_strdup_printf("%s %s", esc, cmds[i].key);
        g_string_append_printf(s, "%-10s%s\r\n", k, cmds[i].what);
    }
    g_string_append_printf(s, "%s %-6ssend %s itself\r\n", esc, esc, esc);
    chr_fe_write_all(&m->inner_fe, (const uint8_t *)s->str, s->len);
}

/* Escape handling; true when ch is input for the focused frontend. */
static bool mux_filter(ChardevMux *m, uint8_t ch)
{
    if (!m->got_escape) {
        if (ch == m->escape) {
            m->got_escape = true;
            return false;
        }
        return true;
    }
    m->got_escape = false;
    if (ch == m->escape) {
        return true;
    }
    switch (ch) {
    case 'h':
    case '?':
        mux_print_help(m);
        break;
    case 'x':
        if (quit_handler) {
            quit_handler();
        }
        break;
    case 'c':
        if (m->count > 1) {
            chardev_mux_set_focus(&m->parent, (m->focus + 1) % m->count);
        }
        break;
    case 'b':
        mux_fe_event(m, m->focus, CHR_EVENT_BREAK);
        break;
    default:
        break;
    }
    return false;
}

static int mux_can_read(void *opaque)
{
    ChardevMux *m = opaque;

    /*
     * With no frontend yet (a machine without a UART) input is still read,
     * so the escapes work and Ctrl-a x can end the program.
     */
    return m->count ? MUX_BUF_SIZE - m->buf_len[m->focus] : MUX_BUF_SIZE;
}

static void mux_read(void *opaque, const uint8_t *buf, int len)
{
    ChardevMux *m = opaque;

    for (int i = 0; i < len; i++) {
        int f = m->focus;
        if (!mux_filter(m, buf[i])) {
            continue;
        }
        /* Nobody to take it: drop rather than fill up and block escapes. */
        if (!m->fes[f] || !m->fes[f]->read) {
            continue;
        }
        /* Full only if the focus moved onto a backed-up frontend. */
        if (m->buf_len[f] < MUX_BUF_SIZE) {
            m->buf[f][m->buf_len[f]++] = buf[i];
        }
        mux_flush(m, f);
    }
}

static void mux_event(void *opaque, ChrEvent event)
{
    ChardevMux *m = opaque;

    if (event == CHR_EVENT_OPENED || event == CHR_EVENT_CLOSED) {
        m->parent.be_open = event == CHR_EVENT_OPENED;
        for (int i = 0; i < m->count; i++) {
            mux_fe_event(m, i, event);
        }
    } else {
        mux_fe_event(m, m->focus, event);
    }
}

static int mux_write(Chardev *chr, const uint8_t *buf, int len)
{
    return chr_fe_write(&to_mux(chr)->inner_fe, buf, len);
}

static int mux_out_fd(Chardev *chr)
{
    Chardev *inner = to_mux(chr)->inner;

    return inner->ops->out_fd ? inner->ops->out_fd(inner) : -1;
}

static void mux_accept_input(Chardev *chr)
{
    ChardevMux *m = to_mux(chr);

    for (int i = 0; i < m->count; i++) {
        mux_flush(m, i);
    }
    chr_fe_accept_input(&m->inner_fe);
}

static void mux_set_echo(Chardev *chr, bool echo)
{
    chr_fe_set_echo(&to_mux(chr)->inner_fe, echo);
}

static bool mux_attach(Chardev *chr, CharFrontend *be, GError **errp)
{
    ChardevMux *m = to_mux(chr);

    if (m->count == MUX_MAX_FE) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "mux chardev '%s' already has %d frontends",
                        chr->label, MUX_MAX_FE);
        return false;
    }
    be->tag = m->count;
    m->fes[m->count++] = be;
    return true;
}

static void mux_detach(Chardev *chr, CharFrontend *be)
{
    ChardevMux *m = to_mux(chr);

    if (be->tag < m->count && m->fes[be->tag] == be) {
        m->fes[be->tag] = NULL;
        m->buf_len[be->tag] = 0;
    }
}

static void mux_handlers_set(Chardev *chr, CharFrontend *be)
{
    if (chr->be_open && be->event) {
        be->event(be->opaque, CHR_EVENT_OPENED);
    }
}

static void mux_close(Chardev *chr)
{
    ChardevMux *m = to_mux(chr);

    for (int i = 0; i < m->count; i++) {
        if (m->fes[i]) {
            m->fes[i]->chr = NULL;
        }
    }
    chr_fe_deinit(&m->inner_fe);
    chardev_free(m->inner);
}

const ChardevOps chardev_mux_ops = {
    .name = "mux",
    .instance_size = sizeof(ChardevMux),
    .write = mux_write,
    .out_fd = mux_out_fd,
    .accept_input = mux_accept_input,
    .set_echo = mux_set_echo,
    .attach = mux_attach,
    .detach = mux_detach,
    .handlers_set = mux_handlers_set,
    .close = mux_close,
};

Chardev *chardev_mux_new(const char *label, Chardev *inner, GError **errp)
{
    Chardev *chr = chardev_new_internal(&chardev_mux_ops, label, NULL, errp);
    ChardevMux *m;

    if (!chr) {
        return NULL;
    }
    m = to_mux(chr);
    m->escape = default_escape;
    if (!chr_fe_init(&m->inner_fe, inner, errp)) {
        chardev_free(chr);      /* close() must not take inner with it */
        return NULL;
    }
    m->inner = inner;
    chr_fe_set_handlers(&m->inner_fe, mux_can_read, mux_read, mux_event, m);
    return chr;
}
