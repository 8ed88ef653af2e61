/*
 * linux-user/strace.c's formatter: whole calls formatted into a GString
 * with every argument letter, named flags and leftover bits, and results
 * (numbers, hex, errors, sigreturn). Guest strings come from a stub of
 * user_get_string over a small table of fake guest addresses.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "../../linux-user/user-internal.h"

#include <errno.h>
#include <string.h>

#define FAKE_PATH 0x1000
#define FAKE_LONG 0x2000
#define FAKE_ODD 0x3000

/* The stub: three readable strings; any other address faults. */
int user_get_string(uint64_t addr, size_t max, char **out)
{
    (void)max;
    switch (addr) {
    case FAKE_PATH:
        *out = g_strdup("/etc/passwd");
        return 0;
    case FAKE_LONG:
        *out = g_strnfill(100, 'a');
        return 0;
    case FAKE_ODD:
        *out = g_strdup("a\"b\\c\nd\001");
        return 0;
    }
    return -EFAULT;
}

/* One call as -strace prints it, for tid 7. */
static char *fmt_call(const char *name, const char *fmt, int64_t ret,
                      const uint64_t *args)
{
    UserSyscall s = { 1, name, NULL, fmt };
    GString *out = g_string_new(NULL);

    user_strace_format_enter(out, 7, &s, args);
    user_strace_format_exit(out, &s, ret);
    return g_string_free(out, false);
}

#define CHECK_CALL(expect, name, fmt, ret, ...)                         \
    do {                                                                \
        const uint64_t args_[6] = { __VA_ARGS__ };                      \
        g_autofree char *got = fmt_call(name, fmt, ret, args_);         \
        ck_assert_str_eq(got, expect);                                  \
    } while (0)

START_TEST(open_flags_by_name)
{
    CHECK_CALL("7 openat(AT_FDCWD,\"/etc/passwd\",O_RDONLY|O_CLOEXEC,0) = 3\n",
               "openat", "fsFo", 3, (uint64_t)-100, FAKE_PATH, 02000000, 0);
    CHECK_CALL("7 openat(5,NULL,O_WRONLY|O_CREAT|O_TRUNC,0644) = 4\n",
               "openat", "fsFo", 4, 5, 0, 01101, 0644);
    /* two-bit flags by their own name; unknown bits left in hex */
    CHECK_CALL("7 openat(3,0x40,O_RDWR|O_SYNC|O_TMPFILE|0x40000000,0) "
               "= -1 ENOENT (No such file or directory)\n",
               "openat", "fsFo", -ENOENT, 3, 0x40,
               02 | 04010000 | 020200000 | 0x40000000, 0);
    CHECK_CALL("7 openat(3,NULL,O_RDONLY|O_LARGEFILE|O_DIRECTORY,0) = 0\n",
               "openat", "fsFo", 0, 3, 0, 0300000, 0);
}
END_TEST

START_TEST(mmap_prot_and_flags)
{
    CHECK_CALL("7 mmap(0x0,4096,PROT_READ|PROT_WRITE,"
               "MAP_PRIVATE|MAP_ANONYMOUS,-1) = 0x4000000000\n",
               "mmap", "xuPMd=x", 0x4000000000ll, 0, 4096, 3, 0x22,
               (uint64_t)-1);
    CHECK_CALL("7 mprotect(0x1000,8192,PROT_NONE) = 0\n",
               "mprotect", "xuP", 0, 0x1000, 8192, 0, 0);
    CHECK_CALL("7 mmap(0x10000,1,PROT_EXEC|0x100,"
               "MAP_SHARED|MAP_FIXED|0x800000) = -1 EINVAL "
               "(Invalid argument)\n",
               "mmap", "xuPM=x", -EINVAL, 0x10000, 1, 0x104,
               0x1 | 0x10 | 0x800000);
    /* no sharing type: only the flags, an unknown type in hex */
    CHECK_CALL("7 mmap(MAP_FIXED) = 0\n", "mmap", "M", 0, 0x10, 0, 0, 0);
    CHECK_CALL("7 mmap(0x0) = 0\n", "mmap", "M", 0, 0, 0, 0, 0);
}
END_TEST

START_TEST(signals_and_clocks)
{
    CHECK_CALL("7 kill(42,SIGTERM) = 0\n", "kill", "dS", 0, 42, 15, 0, 0);
    CHECK_CALL("7 tgkill(1,2,SIGRT_2) = 0\n", "tgkill", "ddS", 0, 1, 2, 34,
               0);
    CHECK_CALL("7 kill(1,0) = 0\n", "kill", "dS", 0, 1, 0, 0, 0);
    CHECK_CALL("7 kill(1,99) = -1 EINVAL (Invalid argument)\n", "kill", "dS",
               -EINVAL, 1, 99, 0, 0);
    CHECK_CALL("7 clock_gettime(CLOCK_MONOTONIC,0x10) = 0\n",
               "clock_gettime", "Cp", 0, 1, 0x10, 0, 0);
    CHECK_CALL("7 clock_gettime(-6,NULL) = 0\n", "clock_gettime", "Cp", 0,
               (uint64_t)-6, 0, 0, 0);
}
END_TEST

START_TEST(plain_letters_and_strings)
{
    CHECK_CALL("7 f(-1,18446744073709551615,0x1f,010) = 0\n", "f", "duxo",
               0, (uint64_t)-1, (uint64_t)-1, 0x1f, 8);
    CHECK_CALL("7 f(\"a\\\"b\\\\c\\nd\\1\",0x9999) = 0\n", "f", "ss", 0,
               FAKE_ODD, 0x9999, 0, 0);
    {
        const uint64_t args[6] = { FAKE_LONG };
        g_autofree char *got = fmt_call("f", "s", 0, args);
        g_autofree char *a64 = g_strnfill(64, 'a');
        g_autofree char *expect = g_strdup_printf("7 f(\"%s\"...) = 0\n",
                                                  a64);

        ck_assert_str_eq(got, expect);
    }
    /* no format: no arguments; '=' ends the arguments */
    CHECK_CALL("7 getpid() = 12\n", "getpid", NULL, 12, 1, 2, 3, 4);
    CHECK_CALL("7 brk(0x10) = 0x20\n", "brk", "x=x", 0x20, 0x10, 0, 0, 0);
}
END_TEST

START_TEST(special_results)
{
    CHECK_CALL("7 rt_sigreturn() = ?\n", "rt_sigreturn", "", -4096, 0, 0,
               0, 0);
    /* below -4095 is a value, not an error */
    CHECK_CALL("7 f() = -4097\n", "f", "", -4097, 0, 0, 0, 0);
    CHECK_CALL("7 f() = -1 EAGAIN (Resource temporarily unavailable)\n",
               "f", "", -EAGAIN, 0, 0, 0, 0);
}
END_TEST

static Suite *strace_suite(void)
{
    Suite *s = suite_create("linux-user-strace");
    TCase *tc = tcase_create("format");

    tcase_add_test(tc, open_flags_by_name);
    tcase_add_test(tc, mmap_prot_and_flags);
    tcase_add_test(tc, signals_and_clocks);
    tcase_add_test(tc, plain_letters_and_strings);
    tcase_add_test(tc, special_results);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(strace_suite)
