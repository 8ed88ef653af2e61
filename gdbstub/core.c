/*
 * The GDB remote protocol core: acks and no-ack mode, the all-stop
 * packets (?, g/G, p/P, m/M/X, Z/z, c/s/vCont, H, T, q-queries, D, k)
 * and stop replies, over whatever transport feeds gdb_core_input. The
 * target is reached only through GdbTargetOps (include/gdbstub/gdbstub.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Unknown packets get the empty reply, as the protocol asks; malformed
 * arguments get "E22" (EINVAL), memory faults "E14" (EFAULT).
 */
#include "gdbstub/gdbstub.h"
#include "gdbstub/packet.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct GdbCore {
    const GdbTargetOps *ops;
    void *opaque;
    GdbWriteFn *write;
    void *write_opaque;
    GdbPacketReader reader;
    bool connected;
    bool no_ack;
    bool running;
    int g_thread;               /* Hg: registers and memory */
    int c_thread;               /* Hc: legacy s/c */
    GdbStop last_stop;
};

static GdbMonitorHandler *monitor_handler;

void gdbstub_set_monitor_handler(GdbMonitorHandler *fn)
{
    monitor_handler = fn;
}

GdbCore *gdb_core_new(const GdbTargetOps *ops, void *opaque,
                      GdbWriteFn *write, void *write_opaque)
{
    GdbCore *c = g_new0(GdbCore, 1);

    c->ops = ops;
    c->opaque = opaque;
    c->write = write;
    c->write_opaque = write_opaque;
    /* room for the hex of a full packet's worth of X data, escaped */
    gdb_reader_init(&c->reader, GDB_PACKET_SIZE);
    return c;
}

void gdb_core_free(GdbCore *c)
{
    if (c) {
        gdb_reader_destroy(&c->reader);
        g_free(c);
    }
}

static void send_raw(GdbCore *c, const void *p, size_t len)
{
    c->write(c->write_opaque, p, len);
}

static void send_bin(GdbCore *c, const void *p, size_t len)
{
    g_autoptr(GString) out = g_string_sized_new(len + 4);

    gdb_packet_frame(out, p, len);
    send_raw(c, out->str, out->len);
}

static void send_str(GdbCore *c, const char *s)
{
    send_bin(c, s, strlen(s));
}

void gdb_core_connected(GdbCore *c, const GdbStop *stop)
{
    c->connected = true;
    c->no_ack = false;
    c->running = false;
    c->g_thread = c->c_thread = 1;
    c->last_stop = *stop;
    gdb_reader_reset(&c->reader);
}

bool gdb_core_is_connected(const GdbCore *c)
{
    return c->connected;
}

bool gdb_core_is_running(const GdbCore *c)
{
    return c->running;
}

static void detach(GdbCore *c)
{
    c->ops->breakpoint_remove_all(c->opaque);
    c->running = false;
    c->connected = false;
    c->ops->detach(c->opaque);
}

void gdb_core_disconnected(GdbCore *c)
{
    if (c->connected) {
        detach(c);
    }
}

static void stop_reply(GdbCore *c, const GdbStop *s)
{
    g_autoptr(GString) r = g_string_new(NULL);

    if (s->kind == GDB_STOP_EXITED) {
        g_string_printf(r, "W%02x", s->status & 0xff);
        send_str(c, r->str);
        return;
    }
    g_string_printf(r, "T%02xthread:%02x;",
                    s->kind == GDB_STOP_INTERRUPT ? 2 : 5, s->thread);
    switch (s->kind) {
    case GDB_STOP_SWBREAK:
        g_string_append(r, "swbreak:;");
        break;
    case GDB_STOP_HWBREAK:
        g_string_append(r, "hwbreak:;");
        break;
    case GDB_STOP_WATCH:
    case GDB_STOP_RWATCH:
    case GDB_STOP_AWATCH:
        g_string_append_printf(r, "%s:%" G_GINT64_MODIFIER "x;",
                               s->kind == GDB_STOP_WATCH ? "watch" :
                               s->kind == GDB_STOP_RWATCH ? "rwatch" :
                               "awatch", s->addr);
        break;
    default:
        break;
    }
    send_str(c, r->str);
}

void gdb_core_report_stop(GdbCore *c, const GdbStop *s)
{
    c->last_stop = *s;
    if (!c->running) {
        return;
    }
    c->running = false;
    if (s->thread > 0) {
        c->g_thread = c->c_thread = s->thread;
    }
    if (c->connected) {
        stop_reply(c, s);
    }
}

static bool valid_thread(GdbCore *c, uint64_t t)
{
    return t >= 1 && t <= (uint64_t)c->ops->thread_count(c->opaque);
}

/* "-1" and "0" mean all / any: the first thread. */
static bool parse_thread(GdbCore *c, const char *p, int *out)
{
    uint64_t t;

    if (!strcmp(p, "-1") || !strcmp(p, "0")) {
        *out = 1;
        return true;
    }
    if (!gdb_parse_hex(&p, &t) || *p || !valid_thread(c, t)) {
        return false;
    }
    *out = (int)t;
    return true;
}

/* step_thread > 0: step it alone; 0: continue every thread. */
/* A vCont thread: a positive id, or -1 for all (0 here). */
static bool parse_thread_any(GdbCore *c, const char *p, int *out)
{
    uint64_t t;

    if (!strcmp(p, "-1")) {
        *out = 0;
        return true;
    }
    if (!gdb_parse_hex(&p, &t) || *p || !valid_thread(c, t)) {
        return false;
    }
    *out = (int)t;
    return true;
}

static void resume(GdbCore *c, int step_thread)
{
    int n = c->ops->thread_count(c->opaque);
    g_autofree uint8_t *act = g_malloc(n);

    for (int t = 1; t <= n; t++) {
        act[t - 1] = step_thread ? (t == step_thread ? GDB_RESUME_STEP
                                                      : GDB_RESUME_NONE)
                                 : GDB_RESUME_CONT;
    }
    c->running = true;
    c->ops->resume(c->opaque, act);
}

/* --- registers ------------------------------------------------------------ */

static void handle_g(GdbCore *c)
{
    g_autoptr(GString) r = g_string_new(NULL);
    uint8_t buf[GDB_MAX_REG_BYTES];

    for (int n = 0; n < c->ops->g_registers; n++) {
        int len = c->ops->read_register(c->opaque, c->g_thread, n, buf);
        gdb_hex_encode(r, buf, len);
    }
    send_str(c, r->str);
}

static void handle_G(GdbCore *c, const char *p)
{
    uint8_t buf[GDB_MAX_REG_BYTES];
    size_t left = strlen(p);

    /* the register sizes come from what reads return */
    for (int n = 0; n < c->ops->g_registers && left; n++) {
        int len = c->ops->read_register(c->opaque, c->g_thread, n, buf);

        if ((size_t)len * 2 > left || !gdb_hex_decode(p, buf, len)) {
            send_str(c, "E22");
            return;
        }
        if (!c->ops->write_register(c->opaque, c->g_thread, n, buf, len)) {
            send_str(c, "E14");
            return;
        }
        p += 2 * len;
        left -= 2 * len;
    }
    send_str(c, "OK");
}

static void handle_p(GdbCore *c, const char *p)
{
    uint64_t n;
    uint8_t buf[GDB_MAX_REG_BYTES];
    int len;
    g_autoptr(GString) r = g_string_new(NULL);

    if (!gdb_parse_hex(&p, &n) || *p || n > INT32_MAX) {
        send_str(c, "E22");
        return;
    }
    len = c->ops->read_register(c->opaque, c->g_thread, (int)n, buf);
    if (!len) {
        send_str(c, "E14");
        return;
    }
    gdb_hex_encode(r, buf, len);
    send_str(c, r->str);
}

static void handle_P(GdbCore *c, const char *p)
{
    uint64_t n;
    uint8_t buf[GDB_MAX_REG_BYTES];
    size_t hexlen;

    if (!gdb_parse_hex(&p, &n) || *p++ != '=' || n > INT32_MAX) {
        send_str(c, "E22");
        return;
    }
    hexlen = strlen(p);
    if (!hexlen || hexlen % 2 || hexlen / 2 > sizeof(buf) ||
        !gdb_hex_decode(p, buf, hexlen / 2)) {
        send_str(c, "E22");
        return;
    }
    if (!c->ops->write_register(c->opaque, c->g_thread, (int)n, buf,
                                (int)(hexlen / 2))) {
        send_str(c, "E14");
        return;
    }
    send_str(c, "OK");
}

/* --- memory --------------------------------------------------------------- */

/* "ADDR,LEN" then sep; false if malformed. */
static bool parse_addr_len(const char **p, uint64_t *addr, uint64_t *len,
                           char sep)
{
    return gdb_parse_hex(p, addr) && *(*p)++ == ',' &&
           gdb_parse_hex(p, len) && *(*p)++ == sep;
}

static void handle_m(GdbCore *c, const char *p)
{
    uint64_t addr, len;
    g_autofree uint8_t *buf = NULL;
    g_autoptr(GString) r = g_string_new(NULL);

    if (!parse_addr_len(&p, &addr, &len, '\0')) {
        send_str(c, "E22");
        return;
    }
    /* the reply must fit a packet: gdb splits its reads to PacketSize */
    len = MIN(len, GDB_PACKET_SIZE / 2);
    buf = g_malloc(len ? len : 1);
    if (!c->ops->read_memory(c->opaque, c->g_thread, addr, buf, len)) {
        send_str(c, "E14");
        return;
    }
    gdb_hex_encode(r, buf, len);
    send_str(c, r->str);
}

static void handle_M(GdbCore *c, const char *p)
{
    uint64_t addr, len;
    g_autofree uint8_t *buf = NULL;

    if (!parse_addr_len(&p, &addr, &len, ':') || len > GDB_PACKET_SIZE ||
        strlen(p) != len * 2) {
        send_str(c, "E22");
        return;
    }
    buf = g_malloc(len ? len : 1);
    if (!gdb_hex_decode(p, buf, len)) {
        send_str(c, "E22");
        return;
    }
    if (!c->ops->write_memory(c->opaque, c->g_thread, addr, buf, len)) {
        send_str(c, "E14");
        return;
    }
    send_str(c, "OK");
}

/* X: binary data, already unescaped by the reader; size from the packet */
static void handle_X(GdbCore *c, const char *p, size_t plen)
{
    const char *start = p;
    uint64_t addr, len;

    if (!parse_addr_len(&p, &addr, &len, ':') || len > plen ||
        (size_t)(p - start) + len != plen) {
        send_str(c, "E22");
        return;
    }
    if (len && !c->ops->write_memory(c->opaque, c->g_thread, addr,
                                     (const uint8_t *)p, len)) {
        send_str(c, "E14");
        return;
    }
    send_str(c, "OK");
}

/* --- breakpoints ---------------------------------------------------------- */

static void handle_Z(GdbCore *c, const char *p, bool insert)
{
    uint64_t type, addr, kind;
    int ret;

    if (!gdb_parse_hex(&p, &type) || *p++ != ',' ||
        !gdb_parse_hex(&p, &addr) || *p++ != ',' ||
        !gdb_parse_hex(&p, &kind) || (*p && *p != ';')) {
        send_str(c, "E22");
        return;
    }
    if (type > GDB_WP_ACCESS) {
        send_str(c, "");
        return;
    }
    ret = insert ? c->ops->breakpoint_insert(c->opaque, type, addr, kind)
                 : c->ops->breakpoint_remove(c->opaque, type, addr, kind);
    if (ret == -ENOSYS) {
        send_str(c, "");
    } else if (ret < 0) {
        g_autofree char *e = g_strdup_printf("E%02x", (-ret) & 0xff);
        send_str(c, e);
    } else {
        send_str(c, "OK");
    }
}

/* --- running -------------------------------------------------------------- */

/*
 * vCont;ACTION[:THREAD]...: the first action naming a thread (or none,
 * for every thread) applies to it; threads no action names stay
 * stopped. Signals (C/S) mean nothing to a machine: they act as c/s.
 */
static void handle_vcont(GdbCore *c, const char *p)
{
    g_auto(GStrv) actions = g_strsplit(p, ";", -1);
    int n = c->ops->thread_count(c->opaque);
    g_autofree uint8_t *act = g_malloc0(n);
    bool any = false;

    for (int i = 1; actions[i]; i++) {
        char *a = actions[i];
        char *colon = strchr(a, ':');
        int thread = 0;
        char op = a[0];
        uint8_t what;

        if (colon) {
            *colon = '\0';
            if (!parse_thread_any(c, colon + 1, &thread)) {
                send_str(c, "E22");
                return;
            }
        }
        if (op == 'C' || op == 'S') {
            uint64_t sig;
            const char *q = a + 1;
            if (!gdb_parse_hex(&q, &sig) || *q) {
                send_str(c, "E22");
                return;
            }
        } else if ((op != 'c' && op != 's' && op != 't') || a[1]) {
            send_str(c, "E22");
            return;
        }
        what = op == 's' || op == 'S' ? GDB_RESUME_STEP :
               op == 't' ? GDB_RESUME_NONE : GDB_RESUME_CONT;
        for (int t = 1; t <= n; t++) {
            if ((!thread || t == thread) && act[t - 1] == GDB_RESUME_NONE) {
                act[t - 1] = what;
            }
        }
        any = true;
    }
    if (!any) {
        send_str(c, "E22");
        return;
    }
    c->running = true;
    c->ops->resume(c->opaque, act);
}

static void handle_continue(GdbCore *c, const char *p, bool step)
{
    /* "c ADDR" (resume elsewhere) is deprecated and not supported */
    if (*p) {
        send_str(c, "E22");
        return;
    }
    resume(c, step ? c->c_thread : 0);
}

/* --- queries -------------------------------------------------------------- */

static void handle_xfer_features(GdbCore *c, const char *p)
{
    const char *xml = c->ops->target_xml(c->opaque);
    const char *colon = strchr(p, ':');
    uint64_t off, len;
    size_t total;
    g_autoptr(GString) r = g_string_new(NULL);

    if (!colon) {
        send_str(c, "E22");
        return;
    }
    if (!xml || strncmp(p, "target.xml", colon - p) ||
        colon - p != (int)strlen("target.xml")) {
        send_str(c, "E00");
        return;
    }
    p = colon + 1;
    if (!parse_addr_len(&p, &off, &len, '\0')) {
        send_str(c, "E22");
        return;
    }
    total = strlen(xml);
    if (off > total) {
        send_str(c, "E22");
        return;
    }
    len = MIN(len, (uint64_t)GDB_PACKET_SIZE - 8);
    if (off + len >= total) {
        g_string_append_c(r, 'l');
        g_string_append_len(r, xml + off, total - off);
    } else {
        g_string_append_c(r, 'm');
        g_string_append_len(r, xml + off, len);
    }
    send_bin(c, r->str, r->len);
}

static void handle_rcmd(GdbCore *c, const char *hex)
{
    size_t n = strlen(hex) / 2;
    g_autofree char *cmd = g_malloc(n + 1);
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(GString) pkt = g_string_new("O");
    bool ok;

    if (strlen(hex) % 2 || !gdb_hex_decode(hex, (uint8_t *)cmd, n)) {
        send_str(c, "E22");
        return;
    }
    cmd[n] = '\0';
    if (monitor_handler) {
        ok = monitor_handler(cmd, out);
    } else {
        g_string_append(out, "monitor commands are not available here\n");
        ok = false;
    }
    if (out->len) {
        /* in chunks that fit a packet */
        for (size_t i = 0; i < out->len; i += GDB_PACKET_SIZE / 4) {
            g_string_truncate(pkt, 1);
            gdb_hex_encode(pkt, (const uint8_t *)out->str + i,
                           MIN(out->len - i, GDB_PACKET_SIZE / 4));
            send_str(c, pkt->str);
        }
    }
    send_str(c, ok ? "OK" : "E01");
}

static void handle_q(GdbCore *c, const char *p)
{
    if (g_str_has_prefix(p, "qSupported")) {
        g_autofree char *r = g_strdup_printf(
            "PacketSize=%x;qXfer:features:read%c;vContSupported+;"
            "swbreak+;hwbreak+;QStartNoAckMode+", GDB_PACKET_SIZE,
            c->ops->target_xml(c->opaque) ? '+' : '-');
        send_str(c, r);
    } else if (g_str_has_prefix(p, "qXfer:features:read:")) {
        handle_xfer_features(c, p + strlen("qXfer:features:read:"));
    } else if (!strcmp(p, "qfThreadInfo")) {
        g_autoptr(GString) r = g_string_new("m");
        int n = c->ops->thread_count(c->opaque);

        for (int t = 1; t <= n; t++) {
            g_string_append_printf(r, t > 1 ? ",%x" : "%x", t);
        }
        send_str(c, r->str);
    } else if (!strcmp(p, "qsThreadInfo")) {
        send_str(c, "l");
    } else if (!strcmp(p, "qC")) {
        g_autofree char *r = g_strdup_printf("QC%x", c->g_thread);
        send_str(c, r);
    } else if (!strcmp(p, "qAttached") || g_str_has_prefix(p, "qAttached:")) {
        send_str(c, "1");
    } else if (g_str_has_prefix(p, "qRcmd,")) {
        handle_rcmd(c, p + strlen("qRcmd,"));
    } else if (g_str_has_prefix(p, "qThreadExtraInfo,")) {
        const char *q = p + strlen("qThreadExtraInfo,");
        int t;
        g_autoptr(GString) r = g_string_new(NULL);
        g_autofree char *text = NULL;

        if (!parse_thread(c, q, &t)) {
            send_str(c, "E22");
            return;
        }
        text = g_strdup_printf("CPU#%d", t - 1);
        gdb_hex_encode(r, (const uint8_t *)text, strlen(text));
        send_str(c, r->str);
    } else {
        send_str(c, "");
    }
}

/* --- dispatch ------------------------------------------------------------- */

static void handle_packet(GdbCore *c, const char *p, size_t len)
{
    int t;

    if (c->running) {
        /* all-stop: gdb waits for the stop reply before asking more */
        send_str(c, "E16");
        return;
    }
    switch (p[0]) {
    case '?':
        stop_reply(c, &c->last_stop);
        return;
    case 'g':
        if (p[1]) {
            break;
        }
        handle_g(c);
        return;
    case 'G':
        handle_G(c, p + 1);
        return;
    case 'p':
        handle_p(c, p + 1);
        return;
    case 'P':
        handle_P(c, p + 1);
        return;
    case 'm':
        handle_m(c, p + 1);
        return;
    case 'M':
        handle_M(c, p + 1);
        return;
    case 'X':
        handle_X(c, p + 1, len - 1);
        return;
    case 'Z':
    case 'z':
        handle_Z(c, p + 1, p[0] == 'Z');
        return;
    case 'c':
        handle_continue(c, p + 1, false);
        return;
    case 's':
        handle_continue(c, p + 1, true);
        return;
    case 'C':
    case 'S': {
        /* Cxx[;addr]: the signal means nothing to a machine */
        const char *q = p + 1;
        uint64_t sig;
        if (!gdb_parse_hex(&q, &sig) || *q) {
            send_str(c, "E22");
            return;
        }
        resume(c, p[0] == 'S' ? c->c_thread : 0);
        return;
    }
    case 'H':
        if ((p[1] != 'g' && p[1] != 'c') || !parse_thread(c, p + 2, &t)) {
            send_str(c, "E22");
            return;
        }
        if (p[1] == 'g') {
            c->g_thread = t;
        } else {
            c->c_thread = t;
        }
        send_str(c, "OK");
        return;
    case 'T':
        send_str(c, parse_thread(c, p + 1, &t) ? "OK" : "E22");
        return;
    case 'D':
        send_str(c, "OK");
        detach(c);
        return;
    case 'k':
        c->ops->kill(c->opaque);
        return;
    case 'q':
        handle_q(c, p);
        return;
    case 'Q':
        if (!strcmp(p, "QStartNoAckMode")) {
            send_str(c, "OK");
            c->no_ack = true;
            return;
        }
        break;
    case 'v':
        if (!strcmp(p, "vCont?")) {
            send_str(c, "vCont;c;C;s;S");
            return;
        }
        if (g_str_has_prefix(p, "vCont;")) {
            handle_vcont(c, p + strlen("vCont"));
            return;
        }
        if (!strcmp(p, "vKill") || g_str_has_prefix(p, "vKill;")) {
            send_str(c, "OK");
            c->ops->kill(c->opaque);
            return;
        }
        if (!strcmp(p, "vMustReplyEmpty")) {
            break;
        }
        break;
    default:
        break;
    }
    send_str(c, "");
}

void gdb_core_input(GdbCore *c, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len && c->connected; i++) {
        switch (gdb_reader_feed(&c->reader, buf[i])) {
        case GDB_RX_PACKET:
            if (!c->no_ack) {
                send_raw(c, "+", 1);
            }
            handle_packet(c, (const char *)c->reader.buf->data,
                          c->reader.buf->len);
            break;
        case GDB_RX_BAD_CHECKSUM:
            if (!c->no_ack) {
                send_raw(c, "-", 1);
            }
            break;
        case GDB_RX_OVERSIZED:
            if (!c->no_ack) {
                send_raw(c, "+", 1);
            }
            send_str(c, "E22");
            break;
        case GDB_RX_INTERRUPT:
            if (c->running) {
                c->ops->interrupt(c->opaque);
            }
            break;
        default:
            break;
        }
    }
}

bool gdb_core_serve_blocking(GdbCore *c, int fd)
{
    uint8_t buf[4096];

    while (c->connected && !c->running) {
        ssize_t n = read(fd, buf, sizeof(buf));

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            gdb_core_disconnected(c);
            break;
        }
        gdb_core_input(c, buf, (size_t)n);
    }
    return c->connected && c->running;
}
