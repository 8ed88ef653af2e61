/*
 * tcg/region.c and the code-buffer side of tcg_gen_code: the two views
 * share memory, neither is writable and executable, a full buffer is
 * reported so the caller can flush and retry, and bad sizes are refused.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg-test-util.h"
#include "tcg/region.h"

#include <setjmp.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <signal.h>
#include <stdio.h>

/* The permission string of the mapping holding addr, from /proc. */
static bool maps_perms(const void *addr, char perms[5])
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    bool found = false;

    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof(line), f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 &&
            (uintptr_t)addr >= lo && (uintptr_t)addr < hi) {
            found = true;
            break;
        }
    }
    fclose(f);
    return found;
}

START_TEST(views_are_never_writable_and_executable)
{
    TCGRegion r = { 0 };
    GError *err = NULL;
    char perms[5];
    uint8_t (*fn)(void);

    ck_assert(tcg_region_init(&r, 5000, &err));
    ck_assert_uint_eq(r.size, 8192);        /* rounded up to pages */
    ck_assert(maps_perms(r.rw, perms));
    ck_assert_str_eq(perms, "rw-s");
    ck_assert(maps_perms(r.rx, perms));
    ck_assert_str_eq(perms, "r-xs");

    /* mov $0x2a, %al; ret -- written through rw, run through rx */
    r.rw[100] = 0xb0;
    r.rw[101] = 0x2a;
    r.rw[102] = 0xc3;
    fn = (uint8_t (*)(void))(uintptr_t)tcg_region_rx(&r, 100);
    ck_assert_uint_eq(fn(), 0x2a);
    ck_assert_uint_eq(tcg_region_rx_ofs(&r, (const void *)fn), 100);
    tcg_region_destroy(&r);
    tcg_region_destroy(&r);     /* idempotent */
}
END_TEST

static sigjmp_buf fault_jmp;

static void on_fault(int sig)
{
    siglongjmp(fault_jmp, 1);
}

/* Run fn(arg) and report whether it faulted. */
static bool faults(void (*fn)(void *), void *arg)
{
    struct sigaction sa = { .sa_handler = on_fault }, old_segv, old_bus;
    volatile bool faulted = false;

    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_NODEFER;
    sigaction(SIGSEGV, &sa, &old_segv);
    sigaction(SIGBUS, &sa, &old_bus);
    if (sigsetjmp(fault_jmp, 1) == 0) {
        fn(arg);
    } else {
        faulted = true;
    }
    sigaction(SIGSEGV, &old_segv, NULL);
    sigaction(SIGBUS, &old_bus, NULL);
    return faulted;
}

static void write_byte(void *p)
{
    *(volatile uint8_t *)p = 0xc3;
}

static void call_code(void *p)
{
    ((void (*)(void))(uintptr_t)p)();
}

START_TEST(rx_is_not_writable_and_rw_not_executable)
{
    TCGRegion r = { 0 };
    GError *err = NULL;

    ck_assert(tcg_region_init(&r, 4096, &err));
    r.rw[0] = 0xc3;     /* ret */
    ck_assert(!faults(call_code, (void *)r.rx));
    ck_assert(faults(write_byte, (void *)r.rx));
    ck_assert(faults(call_code, r.rw));
    ck_assert(!faults(write_byte, r.rw));
    tcg_region_destroy(&r);
}
END_TEST

START_TEST(bad_sizes_are_refused)
{
    TCGRegion r = { 0 };
    GError *err = NULL;
    TCGContextOptions o = { .backend = TCG_BACKEND_NATIVE,
                            .code_size = (size_t)3 << 30 };

    ck_assert(!tcg_region_init(&r, 0, &err));
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_INVALID));
    g_clear_error(&err);
    ck_assert_ptr_null(tcg_context_new(&o, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "2 GiB"));
    g_clear_error(&err);
}
END_TEST

#ifndef __SANITIZE_ADDRESS__
/* In a child: under an address-space limit, mapping 1 GiB must fail. */
static int mapping_failure_child(void)
{
    TCGRegion r = { 0 };
    GError *err = NULL;
    long pages = 0, page = sysconf(_SC_PAGESIZE);
    FILE *f = fopen("/proc/self/statm", "r");
    struct rlimit lim;

    if (!f || fscanf(f, "%ld", &pages) != 1) {
        return 10;
    }
    fclose(f);
    lim.rlim_cur = lim.rlim_max = (rlim_t)(pages * page) + (64 << 20);
    if (setrlimit(RLIMIT_AS, &lim) != 0) {
        return 11;
    }
    if (tcg_region_init(&r, (size_t)1 << 30, &err)) {
        return 12;
    }
    if (!g_error_matches(err, VIREO_ERROR, VIREO_ERROR_IO) ||
        !strstr(err->message, "mapping code buffer") || r.rw) {
        return 13;
    }
    return 0;
}

/* Host refusal (here: an address-space limit) comes back as an error. */
START_TEST(host_mapping_failure_is_an_error)
{
    int status = 0;
    pid_t pid = fork();

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        _exit(mapping_failure_child());
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST
#endif

/* A block of n adds, big enough to fill a small buffer quickly. */
static void gen_adds(TestCtx *t, int n)
{
    tcg_func_start(t->s);
    for (int i = 0; i < n; i++) {
        tcg_gen_addi_i64(t->r[0], t->r[0], 1);
    }
    tcg_gen_exit_tb(n);
}

START_TEST(full_buffer_is_reported_and_flush_recovers)
{
    TestCtx t;
    TestEnv env = { 0 };
    GError *err = NULL;
    const void *code;
    int blocks = 0;
    size_t used;

    test_ctx_init_sized(&t, test_backends[_i], 16384);
    for (;;) {
        gen_adds(&t, 20);
        code = tcg_gen_code(t.s, &err);
        if (!code) {
            break;
        }
        blocks++;
        ck_assert_int_lt(blocks, 10000);
    }
    ck_assert_int_gt(blocks, 1);
    ck_assert(g_error_matches(err, TCG_ERROR, TCG_ERROR_FULL));
    g_clear_error(&err);
    used = tcg_code_used(t.s);

    tcg_code_flush(t.s);
    ck_assert_uint_lt(tcg_code_used(t.s), used);
    code = tcg_gen_code(t.s, &err);     /* same block, retried */
    ck_assert_ptr_nonnull(code);
    ck_assert_uint_eq(tcg_exec(t.s, &env, code), 20);
    ck_assert_uint_eq(env.r[0], 20);

    /* too big even for an empty buffer: a different error */
    tcg_code_flush(t.s);
    gen_adds(&t, 10000);
    ck_assert_ptr_null(tcg_gen_code(t.s, &err));
    ck_assert(g_error_matches(err, TCG_ERROR, TCG_ERROR_TOO_BIG));
    g_clear_error(&err);
    tcg_context_free(t.s);
}
END_TEST

static Suite *tcg_region_suite(void)
{
    Suite *s = suite_create("tcg-region");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, views_are_never_writable_and_executable);
    tcase_add_test(tc, rx_is_not_writable_and_rw_not_executable);
    tcase_add_test(tc, bad_sizes_are_refused);
#ifndef __SANITIZE_ADDRESS__
    /* ASan's shadow memory does not survive an address-space limit */
    tcase_add_test(tc, host_mapping_failure_is_an_error);
#endif
    tcase_add_loop_test(tc, full_buffer_is_reported_and_flush_recovers, 0,
                        N_BACKENDS);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(tcg_region_suite)
