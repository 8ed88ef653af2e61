/*
 * The GDB remote serial protocol's framing, apart from what the packets
 * mean: checksums, '}' escaping, run-length decoding, the byte-at-a-time
 * reader that finds packets, acks and Ctrl-C in a stream, and hex. Used
 * by gdbstub/core.c and unit-tested on its own (tests/unit/test-gdb-packet.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * On the wire (GDB manual, "Overview" of the remote protocol):
 *
 *     $payload#cc     cc: two hex digits, the sum of the payload bytes mod 256
 *     +  -            ack, nack (until no-ack mode)
 *     0x03            interrupt, outside a packet
 *     }X              escape: the byte X ^ 0x20 (for $ # } *)
 *     c*N             run-length: c repeated N - 29 more times
 */
#ifndef VIREO_GDBSTUB_PACKET_H
#define VIREO_GDBSTUB_PACKET_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum GdbRxEvent {
    GDB_RX_NONE,            /* need more bytes */
    GDB_RX_PACKET,          /* a good packet: reader->buf holds it */
    GDB_RX_BAD_CHECKSUM,    /* a complete packet whose checksum is wrong */
    GDB_RX_OVERSIZED,       /* a complete packet longer than the limit */
    GDB_RX_INTERRUPT,       /* 0x03 outside a packet */
    GDB_RX_ACK,
    GDB_RX_NACK,
} GdbRxEvent;

typedef struct GdbPacketReader {
    int state;
    GByteArray *buf;        /* decoded payload, NUL after the last byte */
    size_t max;             /* decoded payload limit */
    uint8_t sum;            /* of the raw bytes between $ and # */
    uint8_t cs[2];
    bool overflow;
} GdbPacketReader;

void gdb_reader_init(GdbPacketReader *r, size_t max);
void gdb_reader_destroy(GdbPacketReader *r);
/* Forget a half-read packet (a new connection). */
void gdb_reader_reset(GdbPacketReader *r);
/*
 * Take one byte. On GDB_RX_PACKET, r->buf->data/len is the payload with
 * escapes and run-lengths decoded, valid until the next call.
 */
GdbRxEvent gdb_reader_feed(GdbPacketReader *r, uint8_t byte);

uint8_t gdb_checksum(const uint8_t *p, size_t len);
/* Append "$" escaped-payload "#cc" to out. */
void gdb_packet_frame(GString *out, const uint8_t *payload, size_t len);

/* Lower-case hex of len bytes, appended. */
void gdb_hex_encode(GString *out, const uint8_t *p, size_t len);
/* Decode exactly 2 * len hex digits from hex; false on a non-hex digit. */
bool gdb_hex_decode(const char *hex, uint8_t *out, size_t len);
/*
 * Parse a hex number at *p (at least one digit, at most 16), advancing
 * *p past it. False on no digit or overflow.
 */
bool gdb_parse_hex(const char **p, uint64_t *val);

#endif
