/*
 * gdbstub/core.c against a made-up target: registers, memory, the
 * breakpoint error mapping, resume actions from c/s/vCont, stop replies,
 * Ctrl-C, acks and no-ack mode, qRcmd through the monitor hook, detach
 * and kill.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "gdbstub/gdbstub.h"
#include "gdbstub/packet.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct Fake {
    uint64_t regs[2][3];        /* 2 threads, 3 registers; g has 2 */
    uint8_t mem[256];           /* at 0x1000 */
    int bp_ret;
    int bp_calls, bp_last_type;
    uint64_t bp_last_addr, bp_last_len;
    int removed_all, detached, killed, interrupted;
    uint8_t actions[2];
    int resumes;
    GString *out;
} Fake;

static Fake fake;
static GdbCore *core;

static int f_threads(void *o)
{
    return 2;
}

static const char *f_xml(void *o)
{
    return "<target>0123456789</target>";
}

static int f_read_reg(void *o, int t, int n, uint8_t *buf)
{
    if (n < 0 || n > 2) {
        return 0;
    }
    memcpy(buf, &fake.regs[t - 1][n], 8);
    return 8;
}

static bool f_write_reg(void *o, int t, int n, const uint8_t *buf, int len)
{
    if (n < 0 || n > 2 || len != 8) {
        return false;
    }
    memcpy(&fake.regs[t - 1][n], buf, 8);
    return true;
}

static bool f_rw(uint64_t addr, size_t len)
{
    return addr >= 0x1000 && addr + len <= 0x1000 + sizeof(fake.mem);
}

static bool f_read_mem(void *o, int t, uint64_t addr, uint8_t *buf,
                       size_t len)
{
    if (!f_rw(addr, len)) {
        return false;
    }
    memcpy(buf, fake.mem + addr - 0x1000, len);
    return true;
}

static bool f_write_mem(void *o, int t, uint64_t addr, const uint8_t *buf,
                        size_t len)
{
    if (!f_rw(addr, len)) {
        return false;
    }
    memcpy(fake.mem + addr - 0x1000, buf, len);
    return true;
}

static int f_bp(void *o, GdbBreakType type, uint64_t addr, uint64_t len)
{
    fake.bp_calls++;
    fake.bp_last_type = type;
    fake.bp_last_addr = addr;
    fake.bp_last_len = len;
    return fake.bp_ret;
}

static void f_bp_all(void *o)
{
    fake.removed_all++;
}

static void f_resume(void *o, const uint8_t *actions)
{
    memcpy(fake.actions, actions, 2);
    fake.resumes++;
}

static void f_interrupt(void *o)
{
    fake.interrupted++;
}

static void f_kill(void *o)
{
    fake.killed++;
}

static void f_detach(void *o)
{
    fake.detached++;
}

static const GdbTargetOps fake_ops = {
    .thread_count = f_threads,
    .target_xml = f_xml,
    .g_registers = 2,
    .read_register = f_read_reg,
    .write_register = f_write_reg,
    .read_memory = f_read_mem,
    .write_memory = f_write_mem,
    .breakpoint_insert = f_bp,
    .breakpoint_remove = f_bp,
    .breakpoint_remove_all = f_bp_all,
    .resume = f_resume,
    .interrupt = f_interrupt,
    .kill = f_kill,
    .detach = f_detach,
};

static void f_write(void *o, const uint8_t *buf, size_t len)
{
    g_string_append_len(fake.out, (const char *)buf, len);
}

static void setup(void)
{
    GdbStop s = { .kind = GDB_STOP_TRAP, .thread = 1 };

    memset(&fake, 0, sizeof(fake));
    fake.out = g_string_new(NULL);
    core = gdb_core_new(&fake_ops, &fake, f_write, NULL);
    gdb_core_connected(core, &s);
}

static void teardown(void)
{
    gdb_core_free(core);
    g_string_free(fake.out, TRUE);
    gdbstub_set_monitor_handler(NULL);
}

static void send_bytes(const char *s, size_t len)
{
    g_string_truncate(fake.out, 0);
    gdb_core_input(core, (const uint8_t *)s, len);
}

/* Send payload as a packet; return everything written back. */
static const char *raw(const char *payload)
{
    g_autoptr(GString) pkt = g_string_new(NULL);

    gdb_packet_frame(pkt, (const uint8_t *)payload, strlen(payload));
    send_bytes(pkt->str, pkt->len);
    return fake.out->str;
}

/* The payload of the last reply packet (acks stripped). */
static char reply_buf[8192];

static const char *cmd(const char *payload)
{
    const char *out = raw(payload);
    const char *start = strrchr(out, '$');
    const char *end = start ? strrchr(start, '#') : NULL;

    if (!start || !end) {
        return NULL;
    }
    memcpy(reply_buf, start + 1, end - start - 1);
    reply_buf[end - start - 1] = '\0';
    return reply_buf;
}

START_TEST(acks_and_no_ack_mode)
{
    ck_assert_str_eq(raw("?"), "+$T05thread:01;#07");
    send_bytes("$?#00", 5);
    ck_assert_str_eq(fake.out->str, "-");
    ck_assert_str_eq(cmd("QStartNoAckMode"), "OK");
    ck_assert_str_eq(raw("?"), "$T05thread:01;#07");
    send_bytes("$?#00", 5);
    ck_assert_str_eq(fake.out->str, "");        /* no nack either */
}
END_TEST

START_TEST(queries)
{
    ck_assert_ptr_nonnull(strstr(cmd("qSupported:xmlRegisters=i386"),
                                 "PacketSize=4000;qXfer:features:read+"));
    ck_assert_str_eq(cmd("qfThreadInfo"), "m1,2");
    ck_assert_str_eq(cmd("qsThreadInfo"), "l");
    ck_assert_str_eq(cmd("qC"), "QC1");
    ck_assert_str_eq(cmd("qAttached"), "1");
    ck_assert_str_eq(cmd("qAttached:1"), "1");
    ck_assert_str_eq(cmd("qXfer:features:read:target.xml:0,8"),
                     "m<target>");
    ck_assert_str_eq(cmd("qXfer:features:read:target.xml:8,100"),
                     "l0123456789</target>");
    ck_assert_str_eq(cmd("qXfer:features:read:target.xml:1b,10"), "l");
    ck_assert_str_eq(cmd("qXfer:features:read:target.xml:1c,10"), "E22");
    ck_assert_str_eq(cmd("qXfer:features:read:target.xm:0,10"), "E00");
    ck_assert_str_eq(cmd("qThreadExtraInfo,2"), "4350552331");
    ck_assert_str_eq(cmd("qThreadExtraInfo,3"), "E22");
    ck_assert_str_eq(cmd("qUnknown"), "");
    ck_assert_str_eq(cmd("vCont?"), "vCont;c;C;s;S");
}
END_TEST

START_TEST(registers_by_thread)
{
    fake.regs[0][0] = 0x1122334455667788ull;
    fake.regs[1][1] = 0xabc;
    fake.regs[0][2] = 7;
    ck_assert_str_eq(cmd("g"), "8877665544332211" "0000000000000000");
    ck_assert_str_eq(cmd("Hg2"), "OK");
    ck_assert_str_eq(cmd("g"), "0000000000000000" "bc0a000000000000");
    ck_assert_str_eq(cmd("qC"), "QC2");
    ck_assert_str_eq(cmd("G0100000000000000" "0200000000000000"), "OK");
    ck_assert_uint_eq(fake.regs[1][0], 1);
    ck_assert_uint_eq(fake.regs[1][1], 2);
    ck_assert_str_eq(cmd("G01"), "E22");
    ck_assert_str_eq(cmd("Gzz00000000000000"), "E22");
    ck_assert_str_eq(cmd("Hg1"), "OK");
    ck_assert_str_eq(cmd("p2"), "0700000000000000");
    ck_assert_str_eq(cmd("p3"), "E14");
    ck_assert_str_eq(cmd("P2=0900000000000000"), "OK");
    ck_assert_uint_eq(fake.regs[0][2], 9);
    ck_assert_str_eq(cmd("P2=09"), "E14");      /* the target refuses */
    ck_assert_str_eq(cmd("P3=0900000000000000"), "E14");
    ck_assert_str_eq(cmd("Hg3"), "E22");
    ck_assert_str_eq(cmd("Hg-1"), "OK");
    ck_assert_str_eq(cmd("Hg0"), "OK");
    ck_assert_str_eq(cmd("T2"), "OK");
    ck_assert_str_eq(cmd("T0"), "OK");
    ck_assert_str_eq(cmd("T3"), "E22");
}
END_TEST

START_TEST(memory)
{
    ck_assert_str_eq(cmd("M1000,3:aabbcc"), "OK");
    ck_assert_str_eq(cmd("m1000,4"), "aabbcc00");
    ck_assert_str_eq(cmd("m1000,0"), "");
    ck_assert_str_eq(cmd("m10ff,1"), "00");
    ck_assert_str_eq(cmd("m10ff,2"), "E14");
    ck_assert_str_eq(cmd("M2000,1:00"), "E14");
    ck_assert_str_eq(cmd("M1000,2:aa"), "E22");
    /* X: binary, escapes decoded ('}' 0x03 is '#') */
    {
        static const char x[] = "$X1010,2:}\x03\x00#";
        g_autoptr(GString) p = g_string_new_len(x, sizeof(x) - 1);
        g_string_append_printf(p, "%02x",
                               gdb_checksum((const uint8_t *)x + 1,
                                            sizeof(x) - 3));
        send_bytes(p->str, p->len);
        ck_assert_ptr_nonnull(strstr(fake.out->str, "$OK#"));
        ck_assert_uint_eq(fake.mem[0x10], '#');
        ck_assert_uint_eq(fake.mem[0x11], 0);
    }
    ck_assert_str_eq(cmd("X1010,3:ab"), "E22");
    /* a length that would wrap around to the packet's size */
    ck_assert_str_eq(cmd("X1010,fffffffffffffff8:abcdefghij"), "E22");
    ck_assert_str_eq(cmd("X1010,0:"), "OK");
    ck_assert_str_eq(cmd("X2000,1:a"), "E14");
}
END_TEST

START_TEST(breakpoint_errors_map)
{
    ck_assert_str_eq(cmd("Z0,1000,4"), "OK");
    ck_assert_int_eq(fake.bp_last_type, GDB_BP_SW);
    ck_assert_uint_eq(fake.bp_last_addr, 0x1000);
    ck_assert_uint_eq(fake.bp_last_len, 4);
    ck_assert_str_eq(cmd("Z2,1008,8"), "OK");
    ck_assert_int_eq(fake.bp_last_type, GDB_WP_WRITE);
    fake.bp_ret = -ENOSYS;
    ck_assert_str_eq(cmd("Z4,1008,8"), "");
    fake.bp_ret = -ENOSPC;
    ck_assert_str_eq(cmd("Z1,1000,4"), "E1c");
    fake.bp_ret = -ENOENT;
    ck_assert_str_eq(cmd("z0,1000,4"), "E02");
    fake.bp_calls = 0;
    ck_assert_str_eq(cmd("Z5,1000,4"), "");
    ck_assert_str_eq(cmd("Z0,1000"), "E22");
    ck_assert_str_eq(cmd("Z0,1000,4;X1,ab"), "E02");   /* conditions */
    ck_assert_int_eq(fake.bp_calls, 1);
}
END_TEST

START_TEST(resume_actions)
{
    ck_assert_ptr_null(cmd("c"));               /* no reply until a stop */
    ck_assert_int_eq(fake.actions[0], GDB_RESUME_CONT);
    ck_assert_int_eq(fake.actions[1], GDB_RESUME_CONT);
    ck_assert(gdb_core_is_running(core));
    ck_assert_str_eq(cmd("g"), "E16");          /* busy */

    /* Ctrl-C: only while running */
    send_bytes("\x03", 1);
    ck_assert_int_eq(fake.interrupted, 1);
    GdbStop s = { .kind = GDB_STOP_INTERRUPT, .thread = 2 };
    g_string_truncate(fake.out, 0);
    gdb_core_report_stop(core, &s);
    ck_assert_str_eq(fake.out->str, "$T02thread:02;#05");
    ck_assert(!gdb_core_is_running(core));
    ck_assert_str_eq(cmd("qC"), "QC2");         /* follows the stop */
    send_bytes("\x03", 1);
    ck_assert_int_eq(fake.interrupted, 1);
    /* a second report without a resume is not sent */
    g_string_truncate(fake.out, 0);
    gdb_core_report_stop(core, &s);
    ck_assert_str_eq(fake.out->str, "");

    cmd("s");
    ck_assert_int_eq(fake.actions[0], GDB_RESUME_NONE);
    ck_assert_int_eq(fake.actions[1], GDB_RESUME_STEP);
    s.kind = GDB_STOP_TRAP;
    gdb_core_report_stop(core, &s);

    cmd("vCont;s:1;c");
    ck_assert_int_eq(fake.actions[0], GDB_RESUME_STEP);
    ck_assert_int_eq(fake.actions[1], GDB_RESUME_CONT);
    gdb_core_report_stop(core, &s);
    cmd("vCont;c:2");
    ck_assert_int_eq(fake.actions[0], GDB_RESUME_NONE);
    ck_assert_int_eq(fake.actions[1], GDB_RESUME_CONT);
    gdb_core_report_stop(core, &s);
    cmd("vCont;C05:1;c");
    ck_assert_int_eq(fake.actions[0], GDB_RESUME_CONT);
    gdb_core_report_stop(core, &s);
    fake.resumes = 0;
    ck_assert_str_eq(cmd("vCont;c:3"), "E22");
    ck_assert_str_eq(cmd("vCont;q"), "E22");
    ck_assert_str_eq(cmd("vCont;Czz"), "E22");
    ck_assert_str_eq(cmd("vCont;"), "E22");
    ck_assert_str_eq(cmd("Czz"), "E22");
    ck_assert_str_eq(cmd("c12"), "E22");
    ck_assert_int_eq(fake.resumes, 0);
}
END_TEST

START_TEST(stop_replies)
{
    GdbStop s = { .kind = GDB_STOP_WATCH, .thread = 1, .addr = 0x1008 };

    cmd("c");
    g_string_truncate(fake.out, 0);
    gdb_core_report_stop(core, &s);
    ck_assert_ptr_nonnull(strstr(fake.out->str,
                                 "$T05thread:01;watch:1008;#"));
    ck_assert_str_eq(cmd("?"), "T05thread:01;watch:1008;");
    s.kind = GDB_STOP_RWATCH;
    cmd("c");
    gdb_core_report_stop(core, &s);
    ck_assert_str_eq(cmd("?"), "T05thread:01;rwatch:1008;");
    s.kind = GDB_STOP_AWATCH;
    cmd("c");
    gdb_core_report_stop(core, &s);
    ck_assert_str_eq(cmd("?"), "T05thread:01;awatch:1008;");
    s.kind = GDB_STOP_SWBREAK;
    cmd("c");
    gdb_core_report_stop(core, &s);
    ck_assert_str_eq(cmd("?"), "T05thread:01;swbreak:;");
    s.kind = GDB_STOP_HWBREAK;
    cmd("c");
    gdb_core_report_stop(core, &s);
    ck_assert_str_eq(cmd("?"), "T05thread:01;hwbreak:;");
    s.kind = GDB_STOP_EXITED;
    s.status = 42;
    cmd("c");
    g_string_truncate(fake.out, 0);
    gdb_core_report_stop(core, &s);
    ck_assert_str_eq(fake.out->str, "$W2a#ea");
}
END_TEST

static bool monitor(const char *c, GString *out)
{
    g_string_append_printf(out, "ran '%s'\n", c);
    return strcmp(c, "fail") != 0;
}

START_TEST(monitor_commands)
{
    /* "info" */
    ck_assert_str_eq(cmd("qRcmd,696e666f"), "E01");
    ck_assert_ptr_nonnull(strstr(fake.out->str, "$O6d6f6e69746f72"));
    gdbstub_set_monitor_handler(monitor);
    ck_assert_str_eq(cmd("qRcmd,696e666f"), "OK");
    /* O + hex("ran 'info'\n") */
    ck_assert_ptr_nonnull(strstr(fake.out->str,
                                 "$O72616e2027696e666f270a#"));
    ck_assert_str_eq(cmd("qRcmd,6661696c"), "E01");
    ck_assert_str_eq(cmd("qRcmd,6"), "E22");
    ck_assert_str_eq(cmd("qRcmd,zz"), "E22");
}
END_TEST

START_TEST(detach_and_kill)
{
    ck_assert_str_eq(cmd("D"), "OK");
    ck_assert_int_eq(fake.removed_all, 1);
    ck_assert_int_eq(fake.detached, 1);
    ck_assert(!gdb_core_is_connected(core));
    /* input after detach is ignored until the next connection */
    ck_assert_str_eq(raw("?"), "");
    gdb_core_disconnected(core);
    ck_assert_int_eq(fake.detached, 1);

    GdbStop s = { .kind = GDB_STOP_TRAP, .thread = 1 };
    gdb_core_connected(core, &s);
    raw("k");
    ck_assert_int_eq(fake.killed, 1);
    ck_assert_str_eq(cmd("vKill;1"), "OK");
    ck_assert_int_eq(fake.killed, 2);
    /* a lost connection detaches */
    gdb_core_disconnected(core);
    ck_assert_int_eq(fake.removed_all, 2);
    ck_assert_int_eq(fake.detached, 2);
}
END_TEST

START_TEST(serve_blocking_until_resume_or_eof)
{
    int sv[2];
    static const char in[] = "$?#3f$c#63";

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    /* both packets are there: '?' is answered, 'c' lets it run */
    ck_assert_int_eq(write(sv[1], in, sizeof(in) - 1), sizeof(in) - 1);
    ck_assert(gdb_core_serve_blocking(core, sv[0]));
    ck_assert_int_eq(fake.resumes, 1);
    ck_assert_ptr_nonnull(strstr(fake.out->str, "$T05thread:01;#07"));

    /* stopped again; gdb hangs up: a detach */
    GdbStop s = { .kind = GDB_STOP_TRAP, .thread = 1 };
    gdb_core_report_stop(core, &s);
    close(sv[1]);
    ck_assert(!gdb_core_serve_blocking(core, sv[0]));
    ck_assert_int_eq(fake.detached, 1);
    ck_assert(!gdb_core_is_connected(core));
    close(sv[0]);
}
END_TEST

static Suite *gdb_core_suite(void)
{
    Suite *s = suite_create("gdb-core");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, acks_and_no_ack_mode);
    tcase_add_test(tc, queries);
    tcase_add_test(tc, registers_by_thread);
    tcase_add_test(tc, memory);
    tcase_add_test(tc, breakpoint_errors_map);
    tcase_add_test(tc, resume_actions);
    tcase_add_test(tc, stop_replies);
    tcase_add_test(tc, monitor_commands);
    tcase_add_test(tc, detach_and_kill);
    tcase_add_test(tc, serve_blocking_until_resume_or_eof);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(gdb_core_suite)
