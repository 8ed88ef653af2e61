/*
 * chardev/char-mux.c over a socketpair standing in for the terminal:
 * input to the focused frontend only, the escape commands (focus, quit,
 * help, break, a literal escape), output from every frontend, per-frontend
 * flow control, and open/close events reaching all frontends.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev-harness.h"

#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A mux over one end of a socketpair, two frontends (serial, monitor). */
typedef struct {
    Chardev *mux;
    int term;       /* the user's side */
    TestFe a, b;
} Rig;

static void rig_init(Rig *r)
{
    int sv[2];
    Chardev *inner;
    GError *err = NULL;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    inner = chardev_fd_new("term", sv[0], sv[0], &err);
    ck_assert_ptr_nonnull(inner);
    r->mux = chardev_mux_new("mux", inner, &err);
    ck_assert_ptr_nonnull(r->mux);
    r->term = sv[1];
    tfe_attach(&r->a, r->mux);
    tfe_attach(&r->b, r->mux);
    ck_assert_int_eq(r->a.fe.tag, 0);
    ck_assert_int_eq(r->b.fe.tag, 1);
}

static void rig_done(Rig *r)
{
    tfe_done(&r->a);
    tfe_done(&r->b);
    chardev_free(r->mux);
    close(r->term);
}

static void type(Rig *r, const char *s)
{
    ck_assert_int_eq(write(r->term, s, strlen(s)), (ssize_t)strlen(s));
}

/* What the terminal shows, collected (loop running) until it has want. */
static char *screen_until(Rig *r, const char *want)
{
    GString *s = g_string_new(NULL);
    gint64 end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;
    char buf[512];

    while (!strstr(s->str, want)) {
        struct pollfd pfd = { .fd = r->term, .events = POLLIN };
        ck_assert_msg(g_get_monotonic_time() < end, "no '%s' in '%s'",
                      want, s->str);
        g_main_context_iteration(NULL, FALSE);
        if (poll(&pfd, 1, 1) == 1) {
            ssize_t n = read(r->term, buf, sizeof(buf));
            ck_assert_int_gt(n, 0);
            g_string_append_len(s, buf, n);
        }
    }
    return g_string_free(s, FALSE);
}

START_TEST(input_goes_to_focus_only)
{
    Rig r;

    rig_init(&r);
    ck_assert_int_eq(r.a.opened, 1);
    ck_assert_int_eq(r.b.opened, 1);
    ck_assert_int_eq(chardev_mux_get_focus(r.mux), 0);
    type(&r, "abc");
    ck_assert(PUMP_UNTIL(r.a.in->len == 3));
    pump(10);
    ck_assert_str_eq(r.a.in->str, "abc");
    ck_assert_int_eq(r.b.in->len, 0);
    rig_done(&r);
}
END_TEST

START_TEST(ctrl_a_c_moves_focus)
{
    Rig r;

    rig_init(&r);
    type(&r, "x\001cy");
    ck_assert(PUMP_UNTIL(r.b.in->len == 1));
    ck_assert_str_eq(r.a.in->str, "x");
    ck_assert_str_eq(r.b.in->str, "y");
    ck_assert_int_eq(chardev_mux_get_focus(r.mux), 1);
    ck_assert_int_eq(r.a.mux_out, 1);
    ck_assert_int_eq(r.b.mux_in, 1);
    type(&r, "\001cz");     /* wraps round */
    ck_assert(PUMP_UNTIL(r.a.in->len == 2));
    ck_assert_str_eq(r.a.in->str, "xz");
    ck_assert_int_eq(r.a.mux_in, 1);
    ck_assert_int_eq(r.b.mux_out, 1);
    chardev_mux_set_focus(r.mux, 1);
    ck_assert_int_eq(chardev_mux_get_focus(r.mux), 1);
    chardev_mux_set_focus(r.mux, 7);    /* no such frontend: ignored */
    ck_assert_int_eq(chardev_mux_get_focus(r.mux), 1);
    rig_done(&r);
}
END_TEST

static int quits;

static void count_quit(void)
{
    quits++;
}

START_TEST(ctrl_a_x_calls_quit_hook)
{
    Rig r;

    rig_init(&r);
    type(&r, "\001x");
    pump(20);
    ck_assert_int_eq(quits, 0);     /* no hook yet: nothing */
    chardev_set_quit_handler(count_quit);
    type(&r, "q\001x");
    ck_assert(PUMP_UNTIL(quits == 1));
    ck_assert_str_eq(r.a.in->str, "q");     /* the command is not input */
    chardev_set_quit_handler(NULL);
    rig_done(&r);
}
END_TEST

START_TEST(escapes_work_without_frontends)
{
    int sv[2];
    GError *err = NULL;
    Chardev *inner, *mux;

    /* A machine with no UART: Ctrl-a x must still reach the hook. */
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    inner = chardev_fd_new("term", sv[0], sv[0], &err);
    ck_assert_ptr_nonnull(inner);
    mux = chardev_mux_new("mux", inner, &err);
    ck_assert_ptr_nonnull(mux);
    chardev_set_quit_handler(count_quit);
    ck_assert_int_eq(write(sv[1], "junk\001x", 6), 6);
    ck_assert(PUMP_UNTIL(quits == 1));
    chardev_set_quit_handler(NULL);
    chardev_free(mux);
    close(sv[1]);
}
END_TEST

START_TEST(ctrl_a_twice_sends_one)
{
    Rig r;

    rig_init(&r);
    type(&r, "\001\001k");
    ck_assert(PUMP_UNTIL(r.a.in->len == 2));
    ck_assert_str_eq(r.a.in->str, "\001k");
    rig_done(&r);
}
END_TEST

START_TEST(ctrl_a_b_sends_break)
{
    Rig r;

    rig_init(&r);
    type(&r, "\001b\001?");     /* an unknown command is swallowed */
    ck_assert(PUMP_UNTIL(r.a.breaks == 1));
    pump(10);
    ck_assert_int_eq(r.b.breaks, 0);
    ck_assert_int_eq(r.a.in->len, 0);
    rig_done(&r);
}
END_TEST

START_TEST(ctrl_a_h_prints_help)
{
    g_autofree char *help = NULL, *help2 = NULL;
    Rig r;

    rig_init(&r);
    type(&r, "\001h");
    help = screen_until(&r, "C-a C-a");
    ck_assert_ptr_nonnull(strstr(help, "C-a h"));
    ck_assert_ptr_nonnull(strstr(help, "C-a x"));
    ck_assert_ptr_nonnull(strstr(help, "C-a c"));
    ck_assert_ptr_nonnull(strstr(help, "C-a b"));
    ck_assert_ptr_nonnull(strstr(help, "\r\n"));
    ck_assert_int_eq(r.a.in->len, 0);

    /* Another escape character: Ctrl-a is plain input then. */
    chardev_mux_set_escape_char(r.mux, 0x14);
    type(&r, "\001\024h");
    help2 = screen_until(&r, "C-t C-t");
    ck_assert_ptr_nonnull(strstr(help2, "C-t x"));
    ck_assert_ptr_null(strstr(help2, "C-a"));
    ck_assert_str_eq(r.a.in->str, "\001");
    rig_done(&r);
}
END_TEST

START_TEST(output_from_every_frontend)
{
    g_autofree char *out = NULL;
    Rig r;

    rig_init(&r);
    ck_assert_int_eq(chr_fe_write(&r.a.fe, (const uint8_t *)"serial;", 7),
                     7);
    chr_fe_printf(&r.b.fe, "(vireo) ");
    out = screen_until(&r, "(vireo) ");
    ck_assert_str_eq(out, "serial;(vireo) ");
    rig_done(&r);
}
END_TEST

START_TEST(stalled_frontend_keeps_escapes_working)
{
    Rig r;

    rig_init(&r);
    r.a.can_read = 0;
    type(&r, "hello\001cw");
    ck_assert(PUMP_UNTIL(r.b.in->len == 1));
    ck_assert_str_eq(r.b.in->str, "w");
    ck_assert_int_eq(r.a.in->len, 0);   /* held, not lost, not forced */
    r.a.can_read = 2;
    chr_fe_accept_input(&r.a.fe);
    ck_assert(PUMP_UNTIL(r.a.in->len == 5));
    ck_assert_str_eq(r.a.in->str, "hello");
    ck_assert_int_le(r.a.max_chunk, 2);
    rig_done(&r);
}
END_TEST

START_TEST(input_for_a_departed_frontend_is_dropped)
{
    Rig r;

    rig_init(&r);
    tfe_done(&r.a);             /* the focused frontend goes away */
    /* More than the buffer holds, then the escape still gets through. */
    for (int i = 0; i < 10; i++) {
        type(&r, "0123456789");
    }
    type(&r, "\001cb");
    ck_assert(PUMP_UNTIL(r.b.in->len == 1));
    ck_assert_str_eq(r.b.in->str, "b");
    tfe_done(&r.b);
    chardev_free(r.mux);
    close(r.term);
}
END_TEST

START_TEST(at_most_four_frontends)
{
    Chardev *mux = chardev_new_from_spec("null,id=m,mux=on", NULL, NULL);
    CharFrontend fe[5];
    GError *err = NULL;

    ck_assert_ptr_nonnull(mux);
    for (int i = 0; i < 4; i++) {
        ck_assert(chr_fe_init(&fe[i], mux, &err));
        ck_assert_int_eq(fe[i].tag, i);
    }
    ck_assert(!chr_fe_init(&fe[4], mux, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "already has 4 frontends"));
    g_error_free(err);
    chardev_free(mux);
    ck_assert(!chr_fe_backend_connected(&fe[0]));
}
END_TEST

START_TEST(mux_needs_a_free_chardev)
{
    Chardev *inner = chardev_new_from_spec("null", "n", NULL);
    CharFrontend fe;
    GError *err = NULL;

    ck_assert(chr_fe_init(&fe, inner, NULL));
    ck_assert_ptr_null(chardev_mux_new("m", inner, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "'n' is already in use"));
    g_error_free(err);
    ck_assert_ptr_null(chardev_find("m"));
    ck_assert_ptr_eq(chardev_find("n"), inner);     /* still the caller's */
    chr_fe_deinit(&fe);
    chardev_free(inner);
}
END_TEST

START_TEST(connection_events_reach_all)
{
    GError *err = NULL;
    Chardev *mux = chardev_new_from_spec(
        "mon:tcp:127.0.0.1:0,server=on,wait=off", "mon0", &err);
    Chardev *base = chardev_find("mon0-base");
    struct sockaddr_in sin = { .sin_family = AF_INET,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    TestFe a, b;
    int fd;

    ck_assert_ptr_nonnull(mux);
    ck_assert_ptr_nonnull(base);
    tfe_attach(&a, mux);
    tfe_attach(&b, mux);
    ck_assert_int_eq(a.opened + b.opened, 0);
    sin.sin_port = htons(chardev_socket_get_port(base));
    fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
    ck_assert(PUMP_UNTIL(a.opened == 1 && b.opened == 1));
    ck_assert(chardev_is_open(mux));
    close(fd);
    ck_assert(PUMP_UNTIL(a.closed == 1 && b.closed == 1));
    ck_assert(!chardev_is_open(mux));
    tfe_done(&a);
    tfe_done(&b);
    chardev_free(mux);
}
END_TEST

static Suite *chardev_mux_suite(void)
{
    Suite *s = suite_create("chardev-mux");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, input_goes_to_focus_only);
    tcase_add_test(tc, ctrl_a_c_moves_focus);
    tcase_add_test(tc, ctrl_a_x_calls_quit_hook);
    tcase_add_test(tc, escapes_work_without_frontends);
    tcase_add_test(tc, ctrl_a_twice_sends_one);
    tcase_add_test(tc, ctrl_a_b_sends_break);
    tcase_add_test(tc, ctrl_a_h_prints_help);
    tcase_add_test(tc, output_from_every_frontend);
    tcase_add_test(tc, stalled_frontend_keeps_escapes_working);
    tcase_add_test(tc, input_for_a_departed_frontend_is_dropped);
    tcase_add_test(tc, at_most_four_frontends);
    tcase_add_test(tc, mux_needs_a_free_chardev);
    tcase_add_test(tc, connection_events_reach_all);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(chardev_mux_suite)
