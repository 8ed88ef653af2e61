/*
 * chardev/char-socket.c: tcp and unix round trips, servers that wait for
 * their first client and servers that do not, clients coming and going,
 * output with nobody connected, and the errors of bind and connect.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev-harness.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static void send_str(TestFe *t, const char *s)
{
    int len = strlen(s);

    ck_assert_int_eq(chr_fe_write_all(&t->fe, (const uint8_t *)s, len), len);
}

/* A server and a client chardev talk both ways. */
static void round_trip(const char *server_spec, const char *client_spec)
{
    Chardev *srv = new_chr(server_spec, "srv");
    Chardev *cli;
    TestFe s, c;

    tfe_attach(&s, srv);
    ck_assert_int_eq(s.opened, 0);      /* nobody yet */
    ck_assert(!chardev_is_open(srv));
    cli = new_chr(client_spec, "cli");
    tfe_attach(&c, cli);
    ck_assert_int_eq(c.opened, 1);      /* connected as it was made */
    ck_assert(PUMP_UNTIL(s.opened == 1));
    send_str(&s, "hello");
    ck_assert(PUMP_UNTIL(c.in->len == 5));
    ck_assert_str_eq(c.in->str, "hello");
    send_str(&c, "world!");
    ck_assert(PUMP_UNTIL(s.in->len == 6));
    ck_assert_str_eq(s.in->str, "world!");
    tfe_done(&c);
    chardev_free(cli);
    ck_assert(PUMP_UNTIL(s.closed == 1));
    tfe_done(&s);
    chardev_free(srv);
}

START_TEST(tcp_round_trip)
{
    Chardev *probe = new_chr("tcp::0,server,nowait", "probe");
    int port = chardev_socket_get_port(probe);
    g_autofree char *srv_spec = NULL, *cli_spec = NULL;

    /* Old spelling, any address: an ephemeral port, free once closed. */
    ck_assert_int_gt(port, 0);
    chardev_free(probe);
    srv_spec = g_strdup_printf("tcp:127.0.0.1:%d,server=on,wait=off", port);
    cli_spec = g_strdup_printf("tcp:localhost:%d", port);
    round_trip(srv_spec, cli_spec);
}
END_TEST

START_TEST(tcp_chardev_form)
{
    Chardev *srv = new_chr("socket,id=s,host=127.0.0.1,port=0,server=on,"
                           "wait=off", NULL);
    g_autofree char *cli_spec = g_strdup_printf(
        "socket,id=c,host=127.0.0.1,port=%d",
        chardev_socket_get_port(srv));
    Chardev *cli = new_chr(cli_spec, NULL);
    TestFe s, c;

    ck_assert_str_eq(chardev_label(srv), "s");
    ck_assert_int_eq(chardev_socket_get_port(cli), -1);  /* not a server */
    tfe_attach(&s, srv);
    tfe_attach(&c, cli);
    ck_assert(PUMP_UNTIL(s.opened == 1));
    send_str(&c, "x");
    ck_assert(PUMP_UNTIL(s.in->len == 1));
    tfe_done(&c);
    tfe_done(&s);
    chardev_free(cli);
    chardev_free(srv);
}
END_TEST

static char *tmp_socket_path(char **dir)
{
    *dir = g_dir_make_tmp("vireo-test-chr-XXXXXX", NULL);
    ck_assert_ptr_nonnull(*dir);
    return g_build_filename(*dir, "sock", NULL);
}

START_TEST(unix_round_trip)
{
    g_autofree char *dir = NULL;
    g_autofree char *path = tmp_socket_path(&dir);
    g_autofree char *srv_spec = g_strdup_printf("unix:%s,server=on,wait=off",
                                                path);
    g_autofree char *cli_spec = g_strdup_printf("socket,id=c,path=%s", path);
    struct stat st;

    round_trip(srv_spec, cli_spec);
    /* The server removed its socket file; a stale one is replaced. */
    ck_assert_int_ne(stat(path, &st), 0);
    round_trip(srv_spec, cli_spec);
    rmdir(dir);
}
END_TEST

typedef struct {
    const char *path;
    bool connected;
} ClientArgs;

/* Connect to the unix socket at path once it listens; send "hi". */
static gpointer client_thread(gpointer opaque)
{
    ClientArgs *a = opaque;
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    char buf[8];

    strcpy(sun.sun_path, a->path);
    for (int i = 0; i < 2000; i++) {
        if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
            a->connected = true;
            break;
        }
        g_usleep(5000);
    }
    if (a->connected) {
        ck_assert_int_eq(write(fd, "hi", 2), 2);
        /* Wait for the reply so the server sees us connected till then. */
        ck_assert_int_eq(read(fd, buf, 3), 3);
    }
    close(fd);
    return NULL;
}

START_TEST(wait_on_blocks_until_client)
{
    g_autofree char *dir = NULL;
    g_autofree char *path = tmp_socket_path(&dir);
    g_autofree char *spec = g_strdup_printf("unix:%s,server=on", path);
    ClientArgs args = { .path = path };
    GThread *th = g_thread_new("client", client_thread, &args);
    Chardev *srv;
    TestFe s;

    srv = new_chr(spec, "srv");
    /*
     * Creation returned, so the server accepted the client (whose thread
     * may not have seen its connect() return yet: args.connected is
     * checked after the join).
     */
    ck_assert(chardev_is_open(srv));
    tfe_attach(&s, srv);
    ck_assert_int_eq(s.opened, 1);
    ck_assert(PUMP_UNTIL(s.in->len == 2));
    ck_assert_str_eq(s.in->str, "hi");
    send_str(&s, "bye");
    g_thread_join(th);
    ck_assert(args.connected);
    ck_assert(PUMP_UNTIL(s.closed == 1));
    tfe_done(&s);
    chardev_free(srv);
    rmdir(dir);
}
END_TEST

static int tcp_connect(int port)
{
    struct sockaddr_in sin = { .sin_family = AF_INET,
                               .sin_port = htons(port),
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
    return fd;
}

START_TEST(clients_come_and_go)
{
    Chardev *srv = new_chr("tcp:127.0.0.1:0,server=on,wait=off", "srv");
    int port = chardev_socket_get_port(srv);
    TestFe s;
    int c1, c2, c3;

    tfe_attach(&s, srv);
    c1 = tcp_connect(port);
    ck_assert(PUMP_UNTIL(s.opened == 1));
    close(c1);
    ck_assert(PUMP_UNTIL(s.closed == 1));
    ck_assert(!chr_fe_backend_open(&s.fe));

    c2 = tcp_connect(port);
    ck_assert(PUMP_UNTIL(s.opened == 2));
    /* A third waits in the backlog while the second is served. */
    c3 = tcp_connect(port);
    ck_assert_int_eq(write(c3, "three", 5), 5);
    ck_assert_int_eq(write(c2, "two", 3), 3);
    ck_assert(PUMP_UNTIL(s.in->len == 3));
    pump(20);
    ck_assert_str_eq(s.in->str, "two");
    ck_assert_int_eq(s.opened, 2);
    close(c2);
    ck_assert(PUMP_UNTIL(s.closed == 2 && s.opened == 3 && s.in->len == 8));
    ck_assert_str_eq(s.in->str, "twothree");
    close(c3);
    ck_assert(PUMP_UNTIL(s.closed == 3));
    tfe_done(&s);
    chardev_free(srv);
}
END_TEST

START_TEST(socket_input_under_flow_control)
{
    Chardev *srv = new_chr("tcp:127.0.0.1:0,server=on,wait=off", "srv");
    TestFe s;
    int c;

    tfe_attach(&s, srv);
    s.can_read = 0;
    c = tcp_connect(chardev_socket_get_port(srv));
    ck_assert(PUMP_UNTIL(s.opened == 1));
    ck_assert_int_eq(write(c, "abcdefghijklmnopqrstuvwxyz", 26), 26);
    pump(50);
    ck_assert_int_eq(s.in->len, 0);
    s.can_read = 4;
    chr_fe_accept_input(&s.fe);
    ck_assert(PUMP_UNTIL(s.in->len == 26));
    ck_assert_str_eq(s.in->str, "abcdefghijklmnopqrstuvwxyz");
    ck_assert_int_le(s.max_chunk, 4);
    close(c);
    tfe_done(&s);
    chardev_free(srv);
}
END_TEST

START_TEST(no_client_output_dropped)
{
    Chardev *srv = new_chr("tcp:127.0.0.1:0,server=on,wait=off", "srv");
    static uint8_t big[1 << 20];
    TestFe s;

    tfe_attach(&s, srv);
    /* Would block forever if it waited for a reader. */
    ck_assert_int_eq(chr_fe_write(&s.fe, big, sizeof(big)), sizeof(big));
    ck_assert_int_eq(chr_fe_write_all(&s.fe, big, sizeof(big)),
                     sizeof(big));
    tfe_done(&s);
    chardev_free(srv);
}
END_TEST

START_TEST(server_gone_output_dropped)
{
    struct sockaddr_in sin = { .sin_family = AF_INET,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sin);
    int lfd = socket(AF_INET, SOCK_STREAM, 0), afd;
    static uint8_t big[1 << 20];
    g_autofree char *spec = NULL;
    Chardev *cli;
    TestFe c;

    ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sin, sizeof(sin)), 0);
    ck_assert_int_eq(listen(lfd, 1), 0);
    ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&sin, &len), 0);
    spec = g_strdup_printf("tcp:127.0.0.1:%d", ntohs(sin.sin_port));
    cli = new_chr(spec, "cli");
    tfe_attach(&c, cli);
    afd = accept(lfd, NULL, NULL);
    ck_assert_int_ge(afd, 0);
    close(afd);
    close(lfd);
    ck_assert(PUMP_UNTIL(c.closed == 1));
    ck_assert_int_eq(chr_fe_write(&c.fe, big, sizeof(big)), sizeof(big));
    ck_assert_int_eq(chr_fe_write_all(&c.fe, big, 10), 10);
    tfe_done(&c);
    chardev_free(cli);
}
END_TEST

START_TEST(connect_refused_names_address)
{
    struct sockaddr_in sin = { .sin_family = AF_INET,
                               .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sin);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    g_autofree char *spec = NULL, *want = NULL;
    GError *err = NULL;

    /* A port that is bound but not listening refuses connections. */
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
    spec = g_strdup_printf("tcp:127.0.0.1:%d", ntohs(sin.sin_port));
    ck_assert_ptr_null(chardev_new_from_spec(spec, "c", &err));
    want = g_strdup_printf("cannot connect to tcp:127.0.0.1:%d: %s",
                           ntohs(sin.sin_port), g_strerror(ECONNREFUSED));
    ck_assert_str_eq(err->message, want);
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_IO));
    g_error_free(err);
    close(fd);
}
END_TEST

START_TEST(bind_in_use_names_address)
{
    Chardev *a = new_chr("tcp:127.0.0.1:0,server=on,wait=off", "a");
    int port = chardev_socket_get_port(a);
    g_autofree char *spec = g_strdup_printf(
        "tcp:127.0.0.1:%d,server=on,wait=off", port);
    g_autofree char *want = g_strdup_printf(
        "cannot listen on tcp:127.0.0.1:%d: %s", port,
        g_strerror(EADDRINUSE));
    GError *err = NULL;

    ck_assert_ptr_null(chardev_new_from_spec(spec, "b", &err));
    ck_assert_str_eq(err->message, want);
    g_error_free(err);
    chardev_free(a);
}
END_TEST

static Suite *chardev_socket_suite(void)
{
    Suite *s = suite_create("chardev-socket");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, tcp_round_trip);
    tcase_add_test(tc, tcp_chardev_form);
    tcase_add_test(tc, unix_round_trip);
    tcase_add_test(tc, wait_on_blocks_until_client);
    tcase_add_test(tc, clients_come_and_go);
    tcase_add_test(tc, socket_input_under_flow_control);
    tcase_add_test(tc, no_client_output_dropped);
    tcase_add_test(tc, server_gone_output_dropped);
    tcase_add_test(tc, connect_refused_names_address);
    tcase_add_test(tc, bind_in_use_names_address);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(chardev_socket_suite)
