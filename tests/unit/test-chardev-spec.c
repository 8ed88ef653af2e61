/*
 * chardev/char-opts.c and creation errors: every spec form users type
 * after -serial, -monitor and -chardev, and one clear error for each way
 * of getting one wrong.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "chardev/char-backend.h"
#include "util/error.h"

#include <string.h>
#include <unistd.h>

/* Parse spec, which must succeed. */
static ChardevOpts *parse_ok(const char *spec)
{
    GError *err = NULL;
    ChardevOpts *o = chardev_opts_parse(spec, &err);

    ck_assert_msg(o != NULL, "'%s': %s", spec, err ? err->message : "?");
    return o;
}

static void assert_opt(const ChardevOpts *o, const char *key,
                       const char *want)
{
    const char *got = chardev_opt_get(o, key);

    if (!want) {
        ck_assert_msg(got == NULL, "%s=%s, expected unset", key, got);
    } else {
        ck_assert_msg(got && strcmp(got, want) == 0, "%s=%s, expected %s",
                      key, got ? got : "(unset)", want);
    }
}

/* Parsing spec must fail with a message containing each of want... */
static void parse_fails(const char *spec, int code, const char *want1,
                        const char *want2)
{
    GError *err = NULL;
    ChardevOpts *o = chardev_opts_parse(spec, &err);

    ck_assert_msg(o == NULL, "'%s' parsed", spec);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(g_error_matches(err, VIREO_ERROR, code),
                  "'%s': code %d: %s", spec, err->code, err->message);
    ck_assert_msg(strstr(err->message, want1), "'%s': %s", spec,
                  err->message);
    ck_assert_msg(!want2 || strstr(err->message, want2), "'%s': %s", spec,
                  err->message);
    g_error_free(err);
}

/* Creating spec must fail naming want1 (and want2). */
static void create_fails(const char *spec, const char *want1,
                         const char *want2)
{
    GError *err = NULL;
    Chardev *chr = chardev_new_from_spec(spec, "t", &err);

    ck_assert_msg(chr == NULL, "'%s' was created", spec);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(err->message, want1), "'%s': %s", spec,
                  err->message);
    ck_assert_msg(!want2 || strstr(err->message, want2), "'%s': %s", spec,
                  err->message);
    g_error_free(err);
    ck_assert_ptr_null(chardev_find("t"));
}

START_TEST(simple_backends)
{
    g_autoptr(ChardevOpts) n = parse_ok("null");
    g_autoptr(ChardevOpts) none = parse_ok("none");
    g_autoptr(ChardevOpts) pty = parse_ok("pty");
    g_autoptr(ChardevOpts) st = parse_ok("stdio,signal=no");

    ck_assert_str_eq(chardev_opts_backend(n), "null");
    ck_assert_str_eq(chardev_opts_backend(none), "none");
    ck_assert_str_eq(chardev_opts_backend(pty), "pty");
    ck_assert_str_eq(chardev_opts_backend(st), "stdio");
    assert_opt(st, "signal", "off");
    assert_opt(n, "mux", NULL);
    ck_assert(chardev_spec_is_none("none"));
    ck_assert(!chardev_spec_is_none("null"));
}
END_TEST

START_TEST(file_forms)
{
    g_autoptr(ChardevOpts) legacy = parse_ok("file:/tmp/a,b:c");
    g_autoptr(ChardevOpts) cli = parse_ok("file,id=f,path=/tmp/x,,y,"
                                          "input-path=/in,append=on");

    ck_assert_str_eq(chardev_opts_backend(legacy), "file");
    assert_opt(legacy, "path", "/tmp/a,b:c");    /* commas and all */
    ck_assert_str_eq(chardev_opts_backend(cli), "file");
    assert_opt(cli, "id", "f");
    assert_opt(cli, "path", "/tmp/x,y");
    assert_opt(cli, "input-path", "/in");
    assert_opt(cli, "append", "on");
}
END_TEST

START_TEST(tcp_forms)
{
    g_autoptr(ChardevOpts) a = parse_ok("tcp:localhost:4444,server=on,"
                                        "wait=off");
    g_autoptr(ChardevOpts) b = parse_ok("tcp::4445,server,nowait");
    g_autoptr(ChardevOpts) c = parse_ok("tcp:[::1]:99");
    g_autoptr(ChardevOpts) d = parse_ok("socket,id=s,host=h,port=7,"
                                        "server=yes,wait=false,nodelay");
    g_autoptr(ChardevOpts) e = parse_ok("tcp:h:1,noserver");

    ck_assert_str_eq(chardev_opts_backend(a), "socket");
    assert_opt(a, "host", "localhost");
    assert_opt(a, "port", "4444");
    assert_opt(a, "server", "on");
    assert_opt(a, "wait", "off");
    assert_opt(b, "host", "");
    assert_opt(b, "port", "4445");
    assert_opt(b, "server", "on");
    assert_opt(b, "wait", "off");
    assert_opt(c, "host", "::1");
    assert_opt(c, "port", "99");
    assert_opt(c, "server", NULL);
    assert_opt(d, "server", "on");
    assert_opt(d, "wait", "off");
    assert_opt(d, "nodelay", "on");     /* an option, not "no" + "delay" */
    assert_opt(e, "server", "off");
}
END_TEST

START_TEST(unix_and_mon_forms)
{
    g_autoptr(ChardevOpts) u = parse_ok("unix:/tmp/s.sock,server=on,"
                                        "wait=off");
    g_autoptr(ChardevOpts) m = parse_ok("mon:stdio");
    g_autoptr(ChardevOpts) ms = parse_ok("mon:stdio,signal=on");
    g_autoptr(ChardevOpts) mt = parse_ok("mon:tcp::4446,server,nowait");

    ck_assert_str_eq(chardev_opts_backend(u), "socket");
    assert_opt(u, "path", "/tmp/s.sock");
    assert_opt(u, "server", "on");
    assert_opt(u, "wait", "off");
    ck_assert_str_eq(chardev_opts_backend(m), "stdio");
    assert_opt(m, "mux", "on");
    assert_opt(m, "signal", "off");     /* Ctrl-C goes to the guest */
    assert_opt(ms, "signal", "on");
    ck_assert_str_eq(chardev_opts_backend(mt), "socket");
    assert_opt(mt, "mux", "on");
    assert_opt(mt, "signal", NULL);
}
END_TEST

START_TEST(parse_errors)
{
    parse_fails("", VIREO_ERROR_INVALID, "empty", NULL);
    parse_fails(NULL, VIREO_ERROR_INVALID, "empty", NULL);
    parse_fails("bogus", VIREO_ERROR_NOT_FOUND,
                "unknown chardev backend 'bogus'", NULL);
    parse_fails("bogus:x", VIREO_ERROR_NOT_FOUND,
                "unknown chardev backend 'bogus'", NULL);
    parse_fails("bogus,id=x", VIREO_ERROR_NOT_FOUND, "'bogus'", NULL);
    parse_fails("udp:1.2.3.4:5", VIREO_ERROR_NOT_SUPPORTED,
                "'udp' is not supported", NULL);
    parse_fails("file:", VIREO_ERROR_INVALID, "missing path", NULL);
    parse_fails("unix:", VIREO_ERROR_INVALID, "missing path", NULL);
    parse_fails("unix:,server", VIREO_ERROR_INVALID, "missing path", NULL);
    parse_fails("tcp:localhost", VIREO_ERROR_INVALID, "missing port", NULL);
    parse_fails("tcp:localhost:", VIREO_ERROR_INVALID, "missing port",
                NULL);
    parse_fails("tcp:[::1", VIREO_ERROR_INVALID, "tcp:[ADDRESS]:PORT",
                NULL);
    parse_fails("tcp::4444,bogus=1", VIREO_ERROR_INVALID,
                "unknown option 'bogus'", NULL);
    parse_fails("tcp::4444,path=/x", VIREO_ERROR_INVALID,
                "unknown option 'path'", NULL);
    parse_fails("unix:/x,server=maybe", VIREO_ERROR_INVALID,
                "'server' takes on or off", "'maybe'");
    parse_fails("socket,id=s,path", VIREO_ERROR_INVALID,
                "option 'path' needs a value", NULL);
    parse_fails("id=x,path=y", VIREO_ERROR_INVALID,
                "missing backend name", NULL);
    parse_fails("stdio:foo", VIREO_ERROR_INVALID,
                "takes no ':' argument", NULL);
    parse_fails("null,bogus", VIREO_ERROR_INVALID,
                "null: unknown option 'bogus'", NULL);
    parse_fails("file,path=x,nopath", VIREO_ERROR_INVALID,
                "unknown option 'nopath'", NULL);
    parse_fails("stdio,signal=2", VIREO_ERROR_INVALID,
                "'signal' takes on or off", NULL);
    parse_fails("mon:bogus", VIREO_ERROR_NOT_FOUND, "'bogus'", NULL);
}
END_TEST

START_TEST(create_errors)
{
    create_fails("file,id=f", "missing path", NULL);
    create_fails("file:/nonexistent-dir/x", "'/nonexistent-dir/x'",
                 "No such file");
    create_fails("tcp:localhost:abc", "bad port 'abc'", NULL);
    create_fails("tcp:localhost:70000", "bad port '70000'", NULL);
    create_fails("tcp:localhost:-1", "bad port '-1'", NULL);
    create_fails("tcp:localhost: 1", "bad port ' 1'", NULL);
    create_fails("socket,id=t", "missing port= (tcp) or path= (unix)",
                 NULL);
    create_fails("socket,id=t,host=localhost", "missing port=", NULL);
    create_fails("socket,id=t,path=/x,port=1", "not both", NULL);
    create_fails("socket,id=t,path=", "empty path", NULL);
    create_fails("tcp:localhost:1,wait=off", "wait=off only applies", NULL);
    create_fails("unix:/nonexistent-dir/s,server=on,wait=off",
                 "cannot listen on unix:/nonexistent-dir/s",
                 "No such file");
    create_fails("unix:/nonexistent-dir/s",
                 "cannot connect to unix:/nonexistent-dir/s",
                 "No such file");
}
END_TEST

START_TEST(input_file_error_names_it)
{
    char path[] = "/tmp/vireo-test-chr-XXXXXX";
    int fd = mkstemp(path);
    g_autofree char *spec = g_strdup_printf(
        "file,id=t,path=%s,input-path=/nonexistent-in", path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    create_fails(spec, "'/nonexistent-in'", "No such file");
    unlink(path);
}
END_TEST

START_TEST(unix_path_too_long)
{
    g_autofree char *longpath = g_strnfill(200, 'x');
    g_autofree char *spec = g_strdup_printf("unix:/tmp/%s,server,nowait",
                                            longpath);

    create_fails(spec, "too long", NULL);
}
END_TEST

START_TEST(ids_are_unique)
{
    GError *err = NULL;
    Chardev *a = chardev_new_from_spec("null,id=a", NULL, &err);
    Chardev *b;

    ck_assert_ptr_nonnull(a);
    ck_assert_str_eq(chardev_label(a), "a");
    ck_assert_ptr_eq(chardev_find("a"), a);
    b = chardev_new_from_spec("null", "a", &err);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(err->message, "'a' already exists"));
    g_clear_error(&err);
    /* A mux checks before making its inner chardev. */
    ck_assert_ptr_null(chardev_new_from_spec("null,id=a,mux=on", NULL,
                                             &err));
    ck_assert_ptr_nonnull(strstr(err->message, "'a' already exists"));
    ck_assert_ptr_null(chardev_find("a-base"));
    g_clear_error(&err);
    chardev_free(a);
    ck_assert_ptr_null(chardev_find("a"));
}
END_TEST

START_TEST(labels_from_spec_id_or_auto)
{
    GError *err = NULL;
    Chardev *given = chardev_new_from_spec("null", "serial0", &err);
    Chardev *by_id = chardev_new_from_spec("null,id=mine", "serial1", &err);
    Chardev *a1 = chardev_new_from_spec("null", NULL, &err);
    Chardev *a2 = chardev_new_from_spec("none", NULL, &err);

    ck_assert_str_eq(chardev_label(given), "serial0");
    ck_assert_str_eq(chardev_label(by_id), "mine");
    ck_assert_str_ne(chardev_label(a1), chardev_label(a2));
    ck_assert_str_eq(chardev_kind(a2), "none");
    chardev_free(given);
    chardev_free(by_id);
    chardev_free(a1);
    chardev_free(a2);
}
END_TEST

START_TEST(cli_form_needs_id)
{
    GError *err = NULL;
    Chardev *chr = chardev_new_from_cli("null", &err);

    ck_assert_ptr_null(chr);
    ck_assert_ptr_nonnull(strstr(err->message, "missing id="));
    g_clear_error(&err);
    chr = chardev_new_from_cli("null,id=n0", &err);
    ck_assert_ptr_nonnull(chr);
    ck_assert_ptr_eq(chardev_find("n0"), chr);
    chardev_free(chr);
    ck_assert_ptr_null(chardev_new_from_cli("null,id=x,oops", &err));
    ck_assert_ptr_nonnull(strstr(err->message, "unknown option 'oops'"));
    g_clear_error(&err);
}
END_TEST

START_TEST(mux_on_wraps_backend)
{
    GError *err = NULL;
    Chardev *chr = chardev_new_from_spec("null,id=m,mux=on", NULL, &err);

    ck_assert_ptr_nonnull(chr);
    ck_assert_str_eq(chardev_kind(chr), "mux");
    ck_assert_ptr_eq(chardev_find("m"), chr);
    ck_assert_ptr_nonnull(chardev_find("m-base"));
    ck_assert(chardev_is_open(chr));
    chardev_free(chr);
    ck_assert_ptr_null(chardev_find("m-base"));
}
END_TEST

START_TEST(stdio_only_once)
{
    GError *err = NULL;
    Chardev *a = chardev_new_from_spec("stdio", "s0", &err);
    Chardev *b;

    ck_assert_ptr_nonnull(a);
    b = chardev_new_from_spec("stdio", "s1", &err);
    ck_assert_ptr_null(b);
    ck_assert_ptr_nonnull(strstr(err->message, "already used by chardev "
                                               "'s0'"));
    g_clear_error(&err);
    chardev_free(a);
    b = chardev_new_from_spec("stdio", "s1", &err);
    ck_assert_ptr_nonnull(b);
    chardev_free(b);
}
END_TEST

static Suite *chardev_spec_suite(void)
{
    Suite *s = suite_create("chardev-spec");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, simple_backends);
    tcase_add_test(tc, file_forms);
    tcase_add_test(tc, tcp_forms);
    tcase_add_test(tc, unix_and_mon_forms);
    tcase_add_test(tc, parse_errors);
    tcase_add_test(tc, create_errors);
    tcase_add_test(tc, input_file_error_names_it);
    tcase_add_test(tc, unix_path_too_long);
    tcase_add_test(tc, ids_are_unique);
    tcase_add_test(tc, labels_from_spec_id_or_auto);
    tcase_add_test(tc, cli_form_needs_id);
    tcase_add_test(tc, mux_on_wraps_backend);
    tcase_add_test(tc, stdio_only_once);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(chardev_spec_suite)
