/*
 * The chardev core and the simple backends: frontend attach rules, null,
 * file, fd (flow control, non-blocking output, write watches), pty, and
 * stdio's raw terminal mode with its restoration on every way out.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev-harness.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static char *read_file(const char *path)
{
    char *s = NULL;

    ck_assert(g_file_get_contents(path, &s, NULL, NULL));
    return s;
}

START_TEST(null_takes_all_gives_nothing)
{
    Chardev *chr = new_chr("null", "n");
    TestFe t;

    tfe_attach(&t, chr);
    ck_assert_int_eq(t.opened, 1);      /* open already: told at once */
    ck_assert(chr_fe_backend_open(&t.fe));
    ck_assert_int_eq(chr_fe_write(&t.fe, (const uint8_t *)"abc", 3), 3);
    ck_assert_int_eq(chr_fe_write_all(&t.fe, (const uint8_t *)"ab", 2), 2);
    pump(10);
    ck_assert_int_eq(t.in->len, 0);
    tfe_done(&t);
    chardev_free(chr);
}
END_TEST

START_TEST(frontend_without_chardev_drops)
{
    CharFrontend fe;

    ck_assert(chr_fe_init(&fe, NULL, NULL));
    ck_assert(!chr_fe_backend_connected(&fe));
    ck_assert(!chr_fe_backend_open(&fe));
    ck_assert_int_eq(chr_fe_write(&fe, (const uint8_t *)"abc", 3), 3);
    chr_fe_deinit(&fe);
}
END_TEST

START_TEST(one_frontend_per_chardev)
{
    Chardev *chr = new_chr("null", "n");
    CharFrontend a, b;
    GError *err = NULL;

    ck_assert(chr_fe_init(&a, chr, &err));
    ck_assert(!chr_fe_init(&b, chr, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "'n' is already in use"));
    g_clear_error(&err);
    chr_fe_deinit(&a);
    ck_assert(chr_fe_init(&b, chr, &err));
    ck_assert_ptr_eq(chr_fe_get_chardev(&b), chr);
    chardev_free(chr);
    /* Freeing the chardev detaches its frontend. */
    ck_assert(!chr_fe_backend_connected(&b));
}
END_TEST

START_TEST(file_truncates_and_writes)
{
    char path[] = "/tmp/vireo-test-chr-XXXXXX";
    int fd = mkstemp(path);
    g_autofree char *spec = g_strdup_printf("file:%s", path);
    g_autofree char *spec_app = g_strdup_printf("file,path=%s,append=on",
                                                path);
    g_autofree char *got = NULL, *got2 = NULL;
    Chardev *chr;
    TestFe t;

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "old contents, longer", 20), 20);
    close(fd);
    chr = new_chr(spec, "f");
    tfe_attach(&t, chr);
    ck_assert_int_eq(chr_fe_write(&t.fe, (const uint8_t *)"hello ", 6), 6);
    chr_fe_printf(&t.fe, "%s %d\n", "guest", 42);
    tfe_done(&t);
    chardev_free(chr);
    got = read_file(path);
    ck_assert_str_eq(got, "hello guest 42\n");

    chr = new_chr(spec_app, "f2");
    tfe_attach(&t, chr);
    chr_fe_printf(&t.fe, "more\n");
    tfe_done(&t);
    chardev_free(chr);
    got2 = read_file(path);
    ck_assert_str_eq(got2, "hello guest 42\nmore\n");
    unlink(path);
}
END_TEST

START_TEST(file_input_is_read)
{
    char out[] = "/tmp/vireo-test-chr-XXXXXX";
    char in[] = "/tmp/vireo-test-chr-in-XXXXXX";
    int ofd = mkstemp(out), ifd = mkstemp(in);
    g_autofree char *spec = NULL;
    Chardev *chr;
    TestFe t;

    ck_assert_int_ge(ofd, 0);
    ck_assert_int_ge(ifd, 0);
    ck_assert_int_eq(write(ifd, "typed\n", 6), 6);
    close(ifd);
    close(ofd);
    spec = g_strdup_printf("file,id=f,path=%s,input-path=%s", out, in);
    chr = new_chr(spec, NULL);
    tfe_attach(&t, chr);
    ck_assert(PUMP_UNTIL(t.in->len == 6));
    ck_assert_str_eq(t.in->str, "typed\n");
    pump(10);       /* end of file: nothing more, no spinning */
    ck_assert_int_eq(t.in->len, 6);
    ck_assert_int_eq(chr_fe_write(&t.fe, (const uint8_t *)"x", 1), 1);
    tfe_done(&t);
    chardev_free(chr);
    unlink(out);
    unlink(in);
}
END_TEST

START_TEST(input_waits_for_can_read)
{
    int p[2];
    Chardev *chr;
    TestFe t;

    ck_assert_int_eq(pipe(p), 0);
    chr = chardev_fd_new("p", p[0], -1, NULL);
    ck_assert_ptr_nonnull(chr);
    tfe_attach(&t, chr);
    t.can_read = 0;
    ck_assert_int_eq(write(p[1], "0123456789", 10), 10);
    pump(50);
    ck_assert_int_eq(t.in->len, 0);     /* nothing while can_read is 0 */
    t.can_read = 3;
    chr_fe_accept_input(&t.fe);
    ck_assert(PUMP_UNTIL(t.in->len == 10));
    ck_assert_str_eq(t.in->str, "0123456789");
    ck_assert_int_le(t.max_chunk, 3);
    ck_assert_int_gt(t.max_chunk, 0);
    tfe_done(&t);
    chardev_free(chr);
    close(p[1]);
}
END_TEST

static bool watch_fired(void *opaque, GIOCondition cond)
{
    *(GIOCondition *)opaque = cond;
    return false;
}

START_TEST(full_output_never_blocks)
{
    int sv[2];
    uint8_t buf[4096] = { 0 };
    GIOCondition cond = 0;
    Chardev *chr;
    TestFe t;
    int n, total = 0, rounds = 0;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    chr = chardev_fd_new(NULL, -1, sv[0], NULL);
    tfe_attach(&t, chr);
    /* Nobody reads sv[1]: the socket fills and writes take nothing. */
    while ((n = chr_fe_write(&t.fe, buf, sizeof(buf))) > 0 &&
           rounds++ < 100000) {
        total += n;
    }
    ck_assert_int_eq(n, 0);
    ck_assert_int_gt(total, 0);
    chr_fe_add_watch(&t.fe, G_IO_OUT, watch_fired, &cond);
    pump(5);
    ck_assert_int_eq(cond, 0);
    fcntl(sv[1], F_SETFL, O_NONBLOCK);
    while (read(sv[1], buf, sizeof(buf)) > 0) {
    }
    ck_assert(PUMP_UNTIL(cond != 0));
    ck_assert(cond & G_IO_OUT);
    tfe_done(&t);
    chardev_free(chr);
    close(sv[1]);
}
END_TEST

START_TEST(watch_on_null_fires_at_once)
{
    Chardev *chr = new_chr("null", "n");
    GIOCondition cond = 0;
    TestFe t;

    tfe_attach(&t, chr);
    chr_fe_add_watch(&t.fe, G_IO_OUT, watch_fired, &cond);
    ck_assert(PUMP_UNTIL(cond == G_IO_OUT));
    tfe_done(&t);
    chardev_free(chr);
}
END_TEST

/* Redirect stderr into a temporary file while creating spec. */
static Chardev *new_chr_capture_stderr(const char *spec, const char *label,
                                       char **captured)
{
    char path[] = "/tmp/vireo-test-chr-err-XXXXXX";
    int fd = mkstemp(path);
    int saved = dup(STDERR_FILENO);
    Chardev *chr;

    ck_assert_int_ge(fd, 0);
    fflush(stderr);
    dup2(fd, STDERR_FILENO);
    chr = new_chr(spec, label);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(fd);
    *captured = read_file(path);
    unlink(path);
    return chr;
}

static int open_slave(const char *path)
{
    struct termios tty;
    int fd = open(path, O_RDWR | O_NOCTTY);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(tcgetattr(fd, &tty), 0);
    cfmakeraw(&tty);
    ck_assert_int_eq(tcsetattr(fd, TCSANOW, &tty), 0);
    return fd;
}

/* Read exactly len bytes from fd within 10 s. */
static void read_exactly(int fd, char *buf, int len)
{
    int got = 0;

    while (got < len) {
        struct pollfd pfd = { .fd = fd, .events = POLLIN };
        ck_assert_int_eq(poll(&pfd, 1, 10000), 1);
        ssize_t n = read(fd, buf + got, len - got);
        ck_assert_int_gt(n, 0);
        got += n;
    }
    buf[got] = 0;
}

START_TEST(pty_echoes_through_slave)
{
    g_autofree char *msg = NULL;
    g_autofree char *want = NULL;
    char buf[16];
    Chardev *chr = new_chr_capture_stderr("pty", "p0", &msg);
    const char *path = chardev_pty_get_path(chr);
    TestFe t;
    int slave;

    ck_assert_ptr_nonnull(path);
    ck_assert(g_str_has_prefix(path, "/dev/pts/"));
    want = g_strdup_printf("char device redirected to %s (label p0)\n",
                           path);
    ck_assert_str_eq(msg, want);
    slave = open_slave(path);
    tfe_attach(&t, chr);
    ck_assert_int_eq(chr_fe_write_all(&t.fe, (const uint8_t *)"ping\n", 5),
                     5);
    read_exactly(slave, buf, 5);
    ck_assert_str_eq(buf, "ping\n");    /* raw: no "\r\n" */
    ck_assert_int_eq(write(slave, "pong", 4), 4);
    ck_assert(PUMP_UNTIL(t.in->len == 4));
    ck_assert_str_eq(t.in->str, "pong");
    tfe_done(&t);
    chardev_free(chr);
    close(slave);
}
END_TEST

START_TEST(pty_hangup_and_return)
{
    g_autofree char *msg = NULL;
    Chardev *chr = new_chr_capture_stderr("pty", "p1", &msg);
    const char *path = chardev_pty_get_path(chr);
    TestFe t;
    char buf[8];
    int slave = open_slave(path);

    tfe_attach(&t, chr);
    ck_assert_int_eq(t.opened, 1);
    close(slave);
    ck_assert(PUMP_UNTIL(t.closed == 1));
    ck_assert(!chr_fe_backend_open(&t.fe));
    /* Nobody there: output is dropped, not queued or blocking. */
    ck_assert_int_eq(chr_fe_write(&t.fe, (const uint8_t *)"lost", 4), 4);
    slave = open_slave(path);
    ck_assert(PUMP_UNTIL(t.opened == 2));
    ck_assert_int_eq(chr_fe_write(&t.fe, (const uint8_t *)"back", 4), 4);
    read_exactly(slave, buf, 4);
    ck_assert_str_eq(buf, "back");
    tfe_done(&t);
    chardev_free(chr);
    close(slave);
}
END_TEST

START_TEST(chardev_pty_path_only_for_pty)
{
    Chardev *chr = new_chr("null", "n");

    ck_assert_ptr_null(chardev_pty_get_path(chr));
    ck_assert_int_eq(chardev_socket_get_port(chr), -1);
    chardev_free(chr);
}
END_TEST

/*
 * stdio on a terminal: a pty's slave becomes fd 0 (Check runs each test
 * in its own process, so this touches nothing else).
 */
static int pty_as_stdin(int *master)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    int s;

    ck_assert_int_ge(m, 0);
    ck_assert_int_eq(grantpt(m), 0);
    ck_assert_int_eq(unlockpt(m), 0);
    s = open(ptsname(m), O_RDWR | O_NOCTTY);
    ck_assert_int_ge(s, 0);
    ck_assert_int_eq(dup2(s, STDIN_FILENO), STDIN_FILENO);
    *master = m;
    return s;
}

static tcflag_t lflag_of(int fd)
{
    struct termios tty;

    ck_assert_int_eq(tcgetattr(fd, &tty), 0);
    return tty.c_lflag;
}

START_TEST(stdio_raw_then_restored)
{
    int master, slave = pty_as_stdin(&master);
    tcflag_t before = lflag_of(slave);
    Chardev *chr;
    TestFe t;

    ck_assert(before & ICANON);
    ck_assert(before & ECHO);
    chr = new_chr("stdio", "s");
    ck_assert(!(lflag_of(slave) & (ICANON | ECHO)));
    ck_assert(lflag_of(slave) & ISIG);      /* signal=on by default */
    tfe_attach(&t, chr);
    chr_fe_set_echo(&t.fe, true);
    ck_assert(lflag_of(slave) & ECHO);
    chr_fe_set_echo(&t.fe, false);
    ck_assert(!(lflag_of(slave) & ECHO));
    ck_assert_int_eq(write(master, "k", 1), 1);
    ck_assert(PUMP_UNTIL(t.in->len == 1));
    ck_assert_str_eq(t.in->str, "k");
    tfe_done(&t);
    chardev_free(chr);
    ck_assert_int_eq(lflag_of(slave), before);

    chr = new_chr("mon:stdio", "m");
    ck_assert(!(lflag_of(slave) & ISIG));   /* Ctrl-C to the guest */
    chardev_free(chr);
    ck_assert_int_eq(lflag_of(slave), before);
}
END_TEST

/* Make a stdio chardev in a child that then leaves by how(). */
static int child_leaves(void (*how)(void), tcflag_t *after)
{
    int master, slave = pty_as_stdin(&master);
    tcflag_t before = lflag_of(slave);
    int status;
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        GError *err = NULL;
        /* As a program starts: Check's own handlers are not ours. */
        signal(SIGTERM, SIG_DFL);
        if (!chardev_new_from_spec("stdio", "s", &err) ||
            (lflag_of(STDIN_FILENO) & ICANON)) {
            _exit(99);
        }
        how();
        _exit(98);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    *after = lflag_of(slave);
    ck_assert_int_eq(*after, before);
    return status;
}

static void leave_by_exit(void)
{
    exit(3);
}

static void leave_by_sigterm(void)
{
    kill(getpid(), SIGTERM);
    pause();
}

static void leave_by_abort(void)
{
    abort();
}

START_TEST(stdio_restored_on_exit)
{
    tcflag_t after;
    int status = child_leaves(leave_by_exit, &after);

    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 3);
    ck_assert(after & ICANON);
}
END_TEST

START_TEST(stdio_restored_on_sigterm)
{
    tcflag_t after;
    int status = child_leaves(leave_by_sigterm, &after);

    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGTERM);
    ck_assert(after & ECHO);
}
END_TEST

START_TEST(stdio_restored_on_crash)
{
    tcflag_t after;
    int status = child_leaves(leave_by_abort, &after);

    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGABRT);
    ck_assert(after & ICANON);
}
END_TEST

static Suite *chardev_suite(void)
{
    Suite *s = suite_create("chardev");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, null_takes_all_gives_nothing);
    tcase_add_test(tc, frontend_without_chardev_drops);
    tcase_add_test(tc, one_frontend_per_chardev);
    tcase_add_test(tc, file_truncates_and_writes);
    tcase_add_test(tc, file_input_is_read);
    tcase_add_test(tc, input_waits_for_can_read);
    tcase_add_test(tc, full_output_never_blocks);
    tcase_add_test(tc, watch_on_null_fires_at_once);
    tcase_add_test(tc, pty_echoes_through_slave);
    tcase_add_test(tc, pty_hangup_and_return);
    tcase_add_test(tc, chardev_pty_path_only_for_pty);
    tcase_add_test(tc, stdio_raw_then_restored);
    tcase_add_test(tc, stdio_restored_on_exit);
    tcase_add_test(tc, stdio_restored_on_sigterm);
    tcase_add_test(tc, stdio_restored_on_crash);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(chardev_suite)
