/*
 * gdbstub/packet.c: checksums, framing with escapes, the byte-at-a-time
 * reader (acks, Ctrl-C, escapes, run-lengths, bad checksums, oversized
 * and cut-off packets) and the hex helpers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "gdbstub/packet.h"

#include <string.h>

/* Feed a whole string; return the last event that was not NONE. */
static GdbRxEvent feed(GdbPacketReader *r, const char *s, size_t len)
{
    GdbRxEvent last = GDB_RX_NONE;

    for (size_t i = 0; i < len; i++) {
        GdbRxEvent e = gdb_reader_feed(r, (uint8_t)s[i]);
        if (e != GDB_RX_NONE) {
            last = e;
        }
    }
    return last;
}

#define FEED(r, s) feed(r, s, sizeof(s) - 1)

START_TEST(checksum_is_sum_mod_256)
{
    ck_assert_uint_eq(gdb_checksum((const uint8_t *)"", 0), 0);
    ck_assert_uint_eq(gdb_checksum((const uint8_t *)"g", 1), 0x67);
    ck_assert_uint_eq(gdb_checksum((const uint8_t *)"qSupported", 10),
                      0x37);
    /* wraps */
    ck_assert_uint_eq(gdb_checksum((const uint8_t *)"\xff\x02", 2), 1);
}
END_TEST

START_TEST(frame_escapes_special_bytes)
{
    g_autoptr(GString) out = g_string_new(NULL);

    gdb_packet_frame(out, (const uint8_t *)"OK", 2);
    ck_assert_str_eq(out->str, "$OK#9a");
    g_string_truncate(out, 0);
    gdb_packet_frame(out, (const uint8_t *)"a$b#c}d*", 8);
    /* $ # } * become } then the byte ^ 0x20; the sum is of what is sent */
    ck_assert_str_eq(out->str, "$a}\x04" "b}\x03" "c}]d}\x0a#ec");
    g_string_truncate(out, 0);
    gdb_packet_frame(out, (const uint8_t *)"", 0);
    ck_assert_str_eq(out->str, "$#00");
}
END_TEST

START_TEST(frame_round_trips_through_the_reader)
{
    static const uint8_t bin[] = { 0, '$', '#', '}', '*', 0xff, 3, '+' };
    g_autoptr(GString) out = g_string_new(NULL);
    GdbPacketReader r;

    gdb_reader_init(&r, 64);
    gdb_packet_frame(out, bin, sizeof(bin));
    ck_assert_int_eq(feed(&r, out->str, out->len), GDB_RX_PACKET);
    ck_assert_uint_eq(r.buf->len, sizeof(bin));
    ck_assert_mem_eq(r.buf->data, bin, sizeof(bin));
    gdb_reader_destroy(&r);
}
END_TEST

START_TEST(reader_finds_packets_acks_and_interrupts)
{
    GdbPacketReader r;

    gdb_reader_init(&r, 64);
    ck_assert_int_eq(gdb_reader_feed(&r, '+'), GDB_RX_ACK);
    ck_assert_int_eq(gdb_reader_feed(&r, '-'), GDB_RX_NACK);
    ck_assert_int_eq(gdb_reader_feed(&r, 0x03), GDB_RX_INTERRUPT);
    ck_assert_int_eq(gdb_reader_feed(&r, 'x'), GDB_RX_NONE);
    ck_assert_int_eq(FEED(&r, "$g#67"), GDB_RX_PACKET);
    ck_assert_uint_eq(r.buf->len, 1);
    ck_assert_str_eq((const char *)r.buf->data, "g");
    /* upper-case checksum digits are fine */
    ck_assert_int_eq(FEED(&r, "$OK#9A"), GDB_RX_PACKET);
    ck_assert_int_eq(FEED(&r, "$#00"), GDB_RX_PACKET);
    ck_assert_uint_eq(r.buf->len, 0);
    /* inside a packet, + - and 0x03 are data */
    ck_assert_int_eq(FEED(&r, "$+-\x03#5b"), GDB_RX_PACKET);
    ck_assert_str_eq((const char *)r.buf->data, "+-\x03");
    gdb_reader_destroy(&r);
}
END_TEST

START_TEST(reader_rejects_bad_checksums)
{
    GdbPacketReader r;

    gdb_reader_init(&r, 64);
    ck_assert_int_eq(FEED(&r, "$g#68"), GDB_RX_BAD_CHECKSUM);
    ck_assert_int_eq(FEED(&r, "$g#zz"), GDB_RX_BAD_CHECKSUM);
    ck_assert_int_eq(FEED(&r, "$g#6"), GDB_RX_NONE);
    ck_assert_int_eq(FEED(&r, "g"), GDB_RX_BAD_CHECKSUM);
    /* and the next good one is still read */
    ck_assert_int_eq(FEED(&r, "$g#67"), GDB_RX_PACKET);
    gdb_reader_destroy(&r);
}
END_TEST

START_TEST(reader_decodes_escapes_and_run_lengths)
{
    GdbPacketReader r;

    gdb_reader_init(&r, 64);
    /* "}]" is '}' ; sum over the raw bytes '}' ']' */
    ck_assert_int_eq(FEED(&r, "$}]#da"), GDB_RX_PACKET);
    ck_assert_str_eq((const char *)r.buf->data, "}");
    /* '0' '*' ' ': 32 - 29 = 3 more zeros */
    ck_assert_int_eq(FEED(&r, "$0* #7a"), GDB_RX_PACKET);
    ck_assert_str_eq((const char *)r.buf->data, "0000");
    /* a '*' first has nothing to repeat: data */
    ck_assert_int_eq(FEED(&r, "$*#2a"), GDB_RX_PACKET);
    ck_assert_str_eq((const char *)r.buf->data, "*");
    gdb_reader_destroy(&r);
}
END_TEST

START_TEST(reader_limits_size_and_resyncs)
{
    GdbPacketReader r;
    g_autoptr(GString) big = g_string_new("$");
    uint8_t sum = 0;

    gdb_reader_init(&r, 8);
    for (int i = 0; i < 100; i++) {
        g_string_append_c(big, 'a');
        sum += 'a';
    }
    g_string_append_printf(big, "#%02x", sum);
    ck_assert_int_eq(feed(&r, big->str, big->len), GDB_RX_OVERSIZED);
    ck_assert_int_eq(FEED(&r, "$g#67"), GDB_RX_PACKET);
    /* a run-length may not exceed it either */
    ck_assert_int_eq(FEED(&r, "$0*~#d8"), GDB_RX_OVERSIZED);
    /* a cut-off packet: the new '$' starts over */
    ck_assert_int_eq(FEED(&r, "$m800$g#67"), GDB_RX_PACKET);
    ck_assert_str_eq((const char *)r.buf->data, "g");
    /* reset drops half a packet */
    ck_assert_int_eq(FEED(&r, "$m8"), GDB_RX_NONE);
    gdb_reader_reset(&r);
    ck_assert_int_eq(FEED(&r, "00#67"), GDB_RX_NONE);
    ck_assert_int_eq(FEED(&r, "$g#67"), GDB_RX_PACKET);
    gdb_reader_destroy(&r);
}
END_TEST

START_TEST(hex_helpers)
{
    static const uint8_t bytes[] = { 0x00, 0x7f, 0xab, 0xff };
    uint8_t back[4];
    g_autoptr(GString) s = g_string_new(NULL);
    const char *p;
    uint64_t v;

    gdb_hex_encode(s, bytes, 4);
    ck_assert_str_eq(s->str, "007fabff");
    ck_assert(gdb_hex_decode("007FabfF", back, 4));
    ck_assert_mem_eq(back, bytes, 4);
    ck_assert(!gdb_hex_decode("00zz", back, 2));
    ck_assert(!gdb_hex_decode("0", back, 1));       /* NUL is not hex */

    p = "80000000,4";
    ck_assert(gdb_parse_hex(&p, &v));
    ck_assert_uint_eq(v, 0x80000000);
    ck_assert_str_eq(p, ",4");
    p = "ffffffffffffffff";
    ck_assert(gdb_parse_hex(&p, &v));
    ck_assert_uint_eq(v, UINT64_MAX);
    p = "10000000000000000";           /* 17 digits */
    ck_assert(!gdb_parse_hex(&p, &v));
    p = ",4";
    ck_assert(!gdb_parse_hex(&p, &v));
    ck_assert_str_eq(p, ",4");
}
END_TEST

static Suite *gdb_packet_suite(void)
{
    Suite *s = suite_create("gdb-packet");
    TCase *tc = tcase_create("codec");

    tcase_add_test(tc, checksum_is_sum_mod_256);
    tcase_add_test(tc, frame_escapes_special_bytes);
    tcase_add_test(tc, frame_round_trips_through_the_reader);
    tcase_add_test(tc, reader_finds_packets_acks_and_interrupts);
    tcase_add_test(tc, reader_rejects_bad_checksums);
    tcase_add_test(tc, reader_decodes_escapes_and_run_lengths);
    tcase_add_test(tc, reader_limits_size_and_resyncs);
    tcase_add_test(tc, hex_helpers);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(gdb_packet_suite)
