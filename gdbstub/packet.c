/*
 * GDB remote protocol framing: the packet reader (a small state machine
 * fed one byte at a time), checksums, escaping and hex helpers. The
 * wire format is drawn in include/gdbstub/packet.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gdbstub/packet.h"

#include <string.h>

enum {
    RX_IDLE,        /* between packets */
    RX_PAYLOAD,
    RX_ESCAPE,      /* after '}' */
    RX_RUNLEN,      /* after '*': the count byte */
    RX_CSUM1,
    RX_CSUM2,
};

void gdb_reader_init(GdbPacketReader *r, size_t max)
{
    memset(r, 0, sizeof(*r));
    r->buf = g_byte_array_sized_new(256);
    r->max = max;
}

void gdb_reader_destroy(GdbPacketReader *r)
{
    if (r->buf) {
        g_byte_array_unref(r->buf);
        r->buf = NULL;
    }
}

void gdb_reader_reset(GdbPacketReader *r)
{
    r->state = RX_IDLE;
    g_byte_array_set_size(r->buf, 0);
    r->overflow = false;
    r->sum = 0;
}

static void put(GdbPacketReader *r, uint8_t b)
{
    if (r->buf->len >= r->max) {
        /* keep reading to the '#': the stream stays in step */
        r->overflow = true;
        return;
    }
    g_byte_array_append(r->buf, &b, 1);
}

static int hexval(uint8_t c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

static GdbRxEvent finish(GdbPacketReader *r)
{
    int hi = hexval(r->cs[0]), lo = hexval(r->cs[1]);
    static const uint8_t nul;

    r->state = RX_IDLE;
    if (hi < 0 || lo < 0 || ((hi << 4) | lo) != r->sum) {
        return GDB_RX_BAD_CHECKSUM;
    }
    if (r->overflow) {
        return GDB_RX_OVERSIZED;
    }
    /* a terminator past the payload, not counted in len */
    g_byte_array_append(r->buf, &nul, 1);
    g_byte_array_set_size(r->buf, r->buf->len - 1);
    return GDB_RX_PACKET;
}

GdbRxEvent gdb_reader_feed(GdbPacketReader *r, uint8_t b)
{
    switch (r->state) {
    case RX_IDLE:
        switch (b) {
        case '$':
            gdb_reader_reset(r);
            r->state = RX_PAYLOAD;
            return GDB_RX_NONE;
        case '+':
            return GDB_RX_ACK;
        case '-':
            return GDB_RX_NACK;
        case 0x03:
            return GDB_RX_INTERRUPT;
        default:
            return GDB_RX_NONE;     /* noise between packets */
        }
    case RX_PAYLOAD:
        if (b == '#') {
            r->state = RX_CSUM1;
            return GDB_RX_NONE;
        }
        if (b == '$') {
            /* a packet cut short: the new one wins */
            gdb_reader_reset(r);
            r->state = RX_PAYLOAD;
            return GDB_RX_NONE;
        }
        r->sum += b;
        if (b == '}') {
            r->state = RX_ESCAPE;
        } else if (b == '*' && r->buf->len) {
            r->state = RX_RUNLEN;
        } else {
            put(r, b);
        }
        return GDB_RX_NONE;
    case RX_ESCAPE:
        r->sum += b;
        put(r, b ^ 0x20);
        r->state = RX_PAYLOAD;
        return GDB_RX_NONE;
    case RX_RUNLEN: {
        uint8_t last = r->buf->data[r->buf->len - 1];

        r->sum += b;
        /* counts below 29 + 3 are not valid encodings; take them as 0 */
        for (int n = (int)b - 29; n > 0; n--) {
            put(r, last);
        }
        r->state = RX_PAYLOAD;
        return GDB_RX_NONE;
    }
    case RX_CSUM1:
        r->cs[0] = b;
        r->state = RX_CSUM2;
        return GDB_RX_NONE;
    case RX_CSUM2:
        r->cs[1] = b;
        return finish(r);
    }
    g_assert_not_reached();
}

uint8_t gdb_checksum(const uint8_t *p, size_t len)
{
    uint8_t sum = 0;

    while (len--) {
        sum += *p++;
    }
    return sum;
}

void gdb_packet_frame(GString *out, const uint8_t *payload, size_t len)
{
    uint8_t sum = 0;

    g_string_append_c(out, '$');
    for (size_t i = 0; i < len; i++) {
        uint8_t c = payload[i];

        if (c == '$' || c == '#' || c == '}' || c == '*') {
            g_string_append_c(out, '}');
            sum += '}';
            c ^= 0x20;
        }
        g_string_append_c(out, (char)c);
        sum += c;
    }
    g_string_append_printf(out, "#%02x", sum);
}

void gdb_hex_encode(GString *out, const uint8_t *p, size_t len)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < len; i++) {
        g_string_append_c(out, digits[p[i] >> 4]);
        g_string_append_c(out, digits[p[i] & 15]);
    }
}

bool gdb_hex_decode(const char *hex, uint8_t *out, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        int hi = hexval((uint8_t)hex[2 * i]);
        int lo = hi < 0 ? -1 : hexval((uint8_t)hex[2 * i + 1]);

        if (lo < 0) {
            return false;
        }
        out[i] = (uint8_t)((hi << 4) | lo);
    }
    return true;
}

bool gdb_parse_hex(const char **p, uint64_t *val)
{
    const char *s = *p;
    uint64_t v = 0;
    int n = 0, d;

    while ((d = hexval((uint8_t)*s)) >= 0) {
        if (++n > 16) {
            return false;
        }
        v = (v << 4) | (uint64_t)d;
        s++;
    }
    if (!n) {
        return false;
    }
    *val = v;
    *p = s;
    return true;
}
