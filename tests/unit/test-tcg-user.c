/*
 * User mode's guest memory (accel/tcg/user-exec.c) end to end with the
 * toy front end on real vCPU threads, both backends: inline accesses at
 * the guest base, self-modifying code caught by host write protection
 * (own block, next instruction, another guest thread), guest SIGSEGVs
 * with the precise pc, address, access type and MAPERR/ACCERR, code
 * after munmap and mprotect, addresses outside the space (at its size,
 * crossing its end, 2^63, negative; the space placed low and high), the
 * mapping calls' errors, and a fault outside guest code dying as an
 * emulator crash.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "toy-cpu.h"
#include "accel/vcpu.h"
#include "accel/tcg/internal.h"
#include "accel/tcg/user.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ASan's own SIGSEGV handler would take our faults: keep it out. */
__attribute__((used, visibility("default")))
const char *__asan_default_options(void)
{
    return "handle_segv=0:handle_sigbus=0";
}

#define CODE 0x10000
#define CODE2 0x20000
#define DATA 0x30000
#define RODATA 0x40000
#define UNMAPPED 0x50000
#define PAGE 0x1000
#define MAX_CPUS 4
#define I TOY_INSN

static ToyCPU *cpus[MAX_CPUS];
static int ncpus;

static struct {
    int count;                  /* atomic */
    int signo;
    CPUState *cpu;
    uint64_t addr, pc;
    MMUAccessType type;
    int code;
} segv;

/* The target hook: record the guest SIGSEGV and halt the vCPU. */
static void toy_segv(CPUState *cpu, int signo, uint64_t addr,
                     MMUAccessType type, int si_code)
{
    ToyCPU *t = (ToyCPU *)cpu;

    segv.signo = signo;
    segv.cpu = cpu;
    segv.addr = addr;
    segv.pc = t->pc;
    segv.type = type;
    segv.code = si_code;
    g_atomic_int_inc(&segv.count);
    g_atomic_int_set(&t->done, 1);
    tcg_cpu_set_exception_index(cpu, EXCP_HLT);
}

static const char *const native[] = { "backend=native", NULL };
static const char *const tci[] = { "backend=tci", NULL };
static const char *const *const backends[] = { native, tci };

static void map(uint64_t addr, uint64_t len, int prot)
{
    GError *err = NULL;

    ck_assert_msg(tcg_user_mmap(addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS,
                                -1, 0, &err), "%s", err ? err->message : "");
}

static void start(const char *const *props)
{
    GError *err = NULL;

    bql_lock();
    ncpus = 0;
    memset(&segv, 0, sizeof(segv));
    ck_assert_ptr_nonnull(accel_init_machine("tcg", props, NULL, &err));
    ck_assert(tcg_user_init(32, &err));
    ck_assert_ptr_null(err);
    tcg_user_set_segv_hook(toy_segv);
    map(CODE, PAGE, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    map(CODE2, PAGE, PAGE_READ | PAGE_EXEC);
    map(DATA, PAGE, PAGE_READ | PAGE_WRITE);
    map(RODATA, PAGE, PAGE_READ);
}

/*
 * The bases tcg_user_init tries first (below 2^31, so generated code
 * reaches guest memory with a 32-bit displacement): taken here with a
 * page each, the reservation must go elsewhere.
 */
static const uintptr_t low_bases[] = { 0x10000, 0x1000000, 0x40000000 };
static void *low_blockers[G_N_ELEMENTS(low_bases)];

static void block_low_bases(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(low_bases); i++) {
        void *p = mmap((void *)low_bases[i], PAGE, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                       -1, 0);

        /* already taken (a sanitizer's shadow) is as good */
        low_blockers[i] = p == (void *)low_bases[i] ? p : NULL;
        if (p != MAP_FAILED && p != (void *)low_bases[i]) {
            munmap(p, PAGE);
        }
    }
}

static void unblock_low_bases(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(low_bases); i++) {
        if (low_blockers[i]) {
            munmap(low_blockers[i], PAGE);
            low_blockers[i] = NULL;
        }
    }
}

/* start(), with the guest base low (when the host has room) or high. */
static void start_placed(const char *const *props, bool high)
{
    if (high) {
        block_low_bases();
    }
    start(props);
    if (high) {
        ck_assert_uint_gt(tcg_user_guest_base(), (uintptr_t)INT32_MAX);
        unblock_low_bases();
    } else {
#ifndef __SANITIZE_ADDRESS__
        /* ASan's shadow memory fills the low 2^44 bytes: not there */
        ck_assert_uint_eq(tcg_user_guest_base(), low_bases[0]);
#endif
    }
}

static void teardown(void)
{
    vcpu_stop_all_threads();
    for (int i = 0; i < ncpus; i++) {
        qdev_unrealize(DEVICE(cpus[i]));
        object_unref(cpus[i]);
    }
    ncpus = 0;
    tcg_user_exit();
    bql_unlock();
}

/* Write guest code where no block exists yet (the page is writable). */
static void poke(uint64_t addr, const uint32_t *prog, size_t n)
{
    ck_assert(!(tcg_user_page_flags(addr) & TCG_USER_PAGE_CODE));
    memcpy(tcg_user_g2h(addr), prog, n * 4);
}

static ToyCPU *add_cpu(uint64_t pc, const uint64_t *r, int nr)
{
    GError *err = NULL;
    ToyCPU *t = (ToyCPU *)object_new(TYPE_TOY_CPU);

    t->pc = pc;
    for (int i = 0; i < nr; i++) {
        t->r[i] = r[i];
    }
    ck_assert(qdev_realize(DEVICE(t), &err));
    ck_assert(vcpu_create(CPU(t), &err));
    cpus[ncpus++] = t;
    vcpu_resume_all();
    return t;
}

static bool wait_for(ToyCPU *t, bool (*cond)(ToyCPU *t))
{
    gint64 deadline = g_get_monotonic_time() + 30 * G_TIME_SPAN_SECOND;

    while (!cond(t)) {
        if (g_get_monotonic_time() > deadline) {
            return false;
        }
        bql_unlock();
        g_usleep(500);
        bql_lock();
    }
    return true;
}

static bool is_done(ToyCPU *t)
{
    return g_atomic_int_get(&t->done);
}

static bool r1_moving(ToyCPU *t)
{
    return __atomic_load_n(&t->r[1], __ATOMIC_RELAXED) > 1000;
}

static ToyCPU *run_at(uint64_t pc, const uint64_t *r, int nr)
{
    ToyCPU *t = add_cpu(pc, r, nr);

    ck_assert(wait_for(t, is_done));
    return t;
}

static TCGExecStats stats(void)
{
    TCGExecStats s;

    tcg_exec_stats(&s);
    return s;
}

/* --- inline accesses ------------------------------------------------------ */

START_TEST(loads_and_stores_reach_guest_base_plus_address)
{
    static const uint32_t prog[] = {
        I(TOY_LD, 3, 1, 8),             /* r3 = [DATA + 8] */
        I(TOY_ADDI, 3, 3, 1),
        I(TOY_ST, 3, 1, 16),            /* [DATA + 16] = r3 */
        I(TOY_LDA, 4, 1, 16),           /* aligned: through the call-out */
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t r[] = { 0, DATA };
    ToyCPU *t;

    start(backends[_i]);
    *(uint64_t *)tcg_user_g2h(DATA + 8) = 41;
    poke(CODE, prog, G_N_ELEMENTS(prog));
    t = run_at(CODE, r, 2);
    ck_assert_int_eq(*(uint64_t *)tcg_user_g2h(DATA + 16), 42);
    ck_assert_int_eq(t->r[4], 42);
    ck_assert_int_eq(g_atomic_int_get(&segv.count), 0);
    /* the page it ran from now holds code: flagged, host-protected */
    ck_assert(tcg_user_page_flags(CODE) & TCG_USER_PAGE_CODE);
    ck_assert(!(tcg_user_page_flags(DATA) & TCG_USER_PAGE_CODE));
    teardown();
}
END_TEST

/* --- addresses outside the space ------------------------------------------ */

#define SPACE (1ull << 32)              /* start() asks for 32 bits */

static const struct {
    uint32_t insn;                      /* rd r3, address in r1 */
    uint64_t r1;
    uint64_t fault;                     /* the address the hook sees */
    MMUAccessType type;
} outside[] = {
    { I(TOY_LD, 3, 1, 0), SPACE, SPACE, MMU_DATA_LOAD },
    { I(TOY_ST, 3, 1, 0), SPACE, SPACE, MMU_DATA_STORE },
    /* crossing the end: the last page is mapped, the guard is not */
    { I(TOY_LD, 3, 1, 0), SPACE - 1, SPACE, MMU_DATA_LOAD },
    { I(TOY_ST, 3, 1, 0), SPACE - 4, SPACE, MMU_DATA_STORE },
    { I(TOY_SW, 3, 1, 0), SPACE - 2, SPACE, MMU_DATA_STORE },
    { I(TOY_LD, 3, 1, 0), 1ull << 63, 1ull << 63, MMU_DATA_LOAD },
    { I(TOY_ST, 3, 1, 0), 1ull << 63, 1ull << 63, MMU_DATA_STORE },
    { I(TOY_LD, 3, 1, 0), -8ull, -8ull, MMU_DATA_LOAD },
    { I(TOY_ST, 3, 1, 0), -8ull, -8ull, MMU_DATA_STORE },
    { I(TOY_LW, 3, 1, 0), -2ull, -2ull, MMU_DATA_LOAD },
    /* the call-out path (aligned access) checks too */
    { I(TOY_LDA, 3, 1, 0), SPACE + 8, SPACE + 8, MMU_DATA_LOAD },
};

/*
 * Generated code must not turn a guest address at or above the space's
 * size into a host address past the reservation: each is a guest
 * SIGSEGV MAPERR at that address and pc, the store writes nothing, and
 * the emulator goes on running guest code. Both placements of the
 * space: low (the base a 32-bit displacement) and high (a 64-bit base).
 */
START_TEST(access_outside_the_space_is_maperr)
{
    unsigned c = (unsigned)_i / 4;
    uint32_t prog[] = {
        I(TOY_ADDI, 4, 4, 1),
        outside[c].insn,
        I(TOY_DONE, 0, 0, 0),
    };
    static const uint32_t after[] = {
        I(TOY_LD, 5, 2, 8),
        I(TOY_ADDI, 5, 5, 1),
        I(TOY_ST, 5, 2, 16),
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t r[] = { 0, outside[c].r1, DATA, 0x1122334455667788ull };
    uint64_t *last;
    ToyCPU *t;

    start_placed(backends[_i % 2], (_i / 2) % 2);
    map(SPACE - PAGE, PAGE, PAGE_READ | PAGE_WRITE);
    last = tcg_user_g2h(SPACE - 8);
    *last = 0x0102030405060708ull;
    poke(CODE, prog, G_N_ELEMENTS(prog));
    poke(CODE + 0x100, after, G_N_ELEMENTS(after));
    t = run_at(CODE, r, 4);
    ck_assert_int_eq(g_atomic_int_get(&segv.count), 1);
    ck_assert_int_eq(segv.signo, SIGSEGV);
    ck_assert_int_eq(segv.code, TCG_USER_SEGV_MAPERR);
    ck_assert_uint_eq(segv.addr, outside[c].fault);
    ck_assert_int_eq(segv.type, outside[c].type);
    ck_assert_int_eq(segv.pc, CODE + 4);
    ck_assert_int_eq(t->r[4], 1);
    ck_assert_uint_eq(*last, 0x0102030405060708ull);
    /* unharmed: another vCPU runs guest code with inline accesses */
    *(uint64_t *)tcg_user_g2h(DATA + 8) = 6;
    run_at(CODE + 0x100, r, 4);
    ck_assert_int_eq(*(uint64_t *)tcg_user_g2h(DATA + 16), 7);
    ck_assert_int_eq(g_atomic_int_get(&segv.count), 1);
    teardown();
}
END_TEST

/* --- self-modifying code --------------------------------------------------- */

START_TEST(store_into_own_block_runs_new_code_once)
{
    /* loop twice; the first pass rewrites insn 0 of the running block */
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 3, 1),           /* becomes ADDI r3, r3, 100 */
        I(TOY_SW, 2, 1, 0),
        I(TOY_ADDI, 4, 4, 1),
        I(TOY_BNE, 4, 5, -3),
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t r[] = { 0, CODE, I(TOY_ADDI, 3, 3, 100), 0, 0, 2 };
    ToyCPU *t;

    start(backends[_i]);
    poke(CODE, prog, G_N_ELEMENTS(prog));
    t = run_at(CODE, r, 6);
    /* the old insn ran once, the new once; the store's block ended */
    ck_assert_int_eq(t->r[3], 101);
    ck_assert_int_eq(t->r[4], 2);
    ck_assert_int_ge(stats().invalidations, 1);
    teardown();
}
END_TEST

START_TEST(store_over_next_insn_ends_block_after_the_store)
{
    static const uint32_t prog[] = {
        I(TOY_SW, 2, 1, 4),             /* rewrite the next insn */
        I(TOY_ADDI, 3, 3, 1),           /* becomes ADDI r3, r3, 100 */
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t r[] = { 0, CODE, I(TOY_ADDI, 3, 3, 100) };
    ToyCPU *t;

    start(backends[_i]);
    poke(CODE, prog, G_N_ELEMENTS(prog));
    t = run_at(CODE, r, 3);
    ck_assert_int_eq(t->r[3], 100);
    ck_assert_int_eq(*(uint32_t *)tcg_user_g2h(CODE + 4),
                     I(TOY_ADDI, 3, 3, 100));
    teardown();
}
END_TEST

START_TEST(helper_store_over_next_insn)
{
    static const uint32_t prog[] = {
        I(TOY_HSW, 2, 1, 4),            /* tcg_cpu_st from a helper */
        I(TOY_ADDI, 3, 3, 1),
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t r[] = { 0, CODE, I(TOY_ADDI, 3, 3, 100) };
    ToyCPU *t;

    start(backends[_i]);
    poke(CODE, prog, G_N_ELEMENTS(prog));
    t = run_at(CODE, r, 3);
    ck_assert_int_eq(t->r[3], 100);
    teardown();
}
END_TEST

START_TEST(store_from_another_thread_stops_a_chained_loop)
{
    static const uint32_t spin[] = {
        I(TOY_ADDI, 1, 1, 1),
        I(TOY_J, 0, 0, -1),             /* becomes DONE */
    };
    static const uint32_t writer[] = {
        I(TOY_SW, 2, 1, 4),
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t rw[] = { 0, CODE, I(TOY_DONE, 0, 0, 0) };
    ToyCPU *a, *b;
    GError *err = NULL;

    start(backends[_i]);
    poke(CODE, spin, G_N_ELEMENTS(spin));
    /* the writer's code lives on a page it may not write: map it RW first */
    ck_assert(tcg_user_mprotect(CODE2, PAGE, PAGE_READ | PAGE_WRITE, &err));
    poke(CODE2, writer, G_N_ELEMENTS(writer));
    ck_assert(tcg_user_mprotect(CODE2, PAGE, PAGE_READ | PAGE_EXEC, &err));
    a = add_cpu(CODE, NULL, 0);
    ck_assert(wait_for(a, r1_moving));
    b = run_at(CODE2, rw, 3);
    ck_assert(is_done(b));
    ck_assert(wait_for(a, is_done));
    ck_assert_int_eq(a->pc, CODE + 4);
    ck_assert_int_eq(g_atomic_int_get(&segv.count), 0);
    teardown();
}
END_TEST

/* --- guest faults ---------------------------------------------------------- */

START_TEST(load_from_unmapped_page_is_maperr_at_exact_pc)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 3, 1),
        I(TOY_ADDI, 3, 3, 1),
        I(TOY_LD, 4, 1, 8),
        I(TOY_ADDI, 3, 3, 1),
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t r[] = { 0, UNMAPPED };
    ToyCPU *t;

    start(backends[_i]);
    poke(CODE, prog, G_N_ELEMENTS(prog));
    t = run_at(CODE, r, 2);
    ck_assert_int_eq(g_atomic_int_get(&segv.count), 1);
    ck_assert_ptr_eq(segv.cpu, CPU(t));
    ck_assert_int_eq(segv.pc, CODE + 8);
    ck_assert_int_eq(segv.addr, UNMAPPED + 8);
    ck_assert_int_eq(segv.type, MMU_DATA_LOAD);
    ck_assert_int_eq(segv.code, TCG_USER_SEGV_MAPERR);
    ck_assert_int_eq(segv.signo, SIGSEGV);
    ck_assert_int_eq(t->r[3], 2);       /* registers as at the load */
    teardown();
}
END_TEST

START_TEST(store_to_read_only_page_is_accerr)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 3, 1),
        I(TOY_SW, 3, 1, 0x24),
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t r[] = { 0, RODATA };
    ToyCPU *t;

    start(backends[_i]);
    poke(CODE, prog, G_N_ELEMENTS(prog));
    t = run_at(CODE, r, 2);
    ck_assert_int_eq(g_atomic_int_get(&segv.count), 1);
    ck_assert_int_eq(segv.pc, CODE + 4);
    ck_assert_int_eq(segv.addr, RODATA + 0x24);
    ck_assert_int_eq(segv.type, MMU_DATA_STORE);
    ck_assert_int_eq(segv.code, TCG_USER_SEGV_ACCERR);
    ck_assert_int_eq(*(uint32_t *)tcg_user_g2h(RODATA + 0x24), 0);
    ck_assert_int_eq(t->r[3], 1);
    teardown();
}
END_TEST

START_TEST(callout_and_helper_faults_are_precise)
{
    static const uint32_t lda[] = {
        I(TOY_ADDI, 3, 3, 1),
        I(TOY_LDA, 4, 1, 0),            /* aligned: the call-out */
        I(TOY_DONE, 0, 0, 0),
    };
    static const uint32_t hsw[] = {
        I(TOY_ADDI, 3, 3, 1),
        I(TOY_ADDI, 3, 3, 1),
        I(TOY_HSW, 3, 1, 4),            /* helper store */
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t r1[] = { 0, UNMAPPED + 0x100 };
    uint64_t r2[] = { 0, RODATA };

    start(backends[_i]);
    poke(CODE, lda, G_N_ELEMENTS(lda));
    run_at(CODE, r1, 2);
    ck_assert_int_eq(segv.pc, CODE + 4);
    ck_assert_int_eq(segv.addr, UNMAPPED + 0x100);
    ck_assert_int_eq(segv.type, MMU_DATA_LOAD);
    ck_assert_int_eq(segv.code, TCG_USER_SEGV_MAPERR);

    map(0x60000, PAGE, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    poke(0x60000, hsw, G_N_ELEMENTS(hsw));
    run_at(0x60000, r2, 2);
    ck_assert_int_eq(g_atomic_int_get(&segv.count), 2);
    ck_assert_int_eq(segv.pc, 0x60008);
    ck_assert_int_eq(segv.addr, RODATA + 4);
    ck_assert_int_eq(segv.type, MMU_DATA_STORE);
    ck_assert_int_eq(segv.code, TCG_USER_SEGV_ACCERR);
    teardown();
}
END_TEST

START_TEST(jump_to_unmapped_page_is_a_fetch_fault)
{
    static const uint32_t prog[] = {
        I(TOY_JR, 0, 1, 0),
    };
    uint64_t r[] = { 0, UNMAPPED + 0x40 };

    start(backends[_i]);
    poke(CODE, prog, G_N_ELEMENTS(prog));
    run_at(CODE, r, 2);
    ck_assert_int_eq(segv.pc, UNMAPPED + 0x40);
    ck_assert_int_eq(segv.addr, UNMAPPED + 0x40);
    ck_assert_int_eq(segv.type, MMU_INST_FETCH);
    ck_assert_int_eq(segv.code, TCG_USER_SEGV_MAPERR);
    teardown();
}
END_TEST

/* The emulator's own writes (syscalls, loaders) announce themselves. */
START_TEST(prepared_host_write_replaces_code)
{
    static const uint32_t p1[] = { I(TOY_ADDI, 3, 3, 1), I(TOY_DONE, 0, 0, 0) };
    static const uint32_t p2[] = { I(TOY_ADDI, 3, 3, 5), I(TOY_DONE, 0, 0, 0) };
    ToyCPU *t;

    start(backends[_i]);
    poke(CODE, p1, 2);
    t = run_at(CODE, NULL, 0);
    ck_assert_int_eq(t->r[3], 1);
    ck_assert(tcg_user_page_flags(CODE) & TCG_USER_PAGE_CODE);
    /* a read-only page or one outside the space: nothing to do */
    tcg_user_prepare_write(CODE2, 4);
    tcg_user_prepare_write(1ull << 32, 4);
    ck_assert(tcg_user_page_flags(CODE2) & PAGE_EXEC);
    tcg_user_prepare_write(CODE + 4, 0);
    ck_assert(tcg_user_page_flags(CODE) & TCG_USER_PAGE_CODE);
    tcg_user_prepare_write(CODE + 2, 4);
    ck_assert(!(tcg_user_page_flags(CODE) & TCG_USER_PAGE_CODE));
    poke(CODE, p2, 2);                  /* a host store: no fault now */
    t = run_at(CODE, NULL, 0);
    ck_assert_int_eq(t->r[3], 5);
    teardown();
}
END_TEST

START_TEST(load_past_end_of_file_mapping_is_sigbus)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 3, 1),
        I(TOY_LD, 4, 1, 0x10),
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t r[] = { 0, UNMAPPED };
    GError *err = NULL;
    int fd = memfd_create("tcg-user-test", 0);      /* empty file */

    ck_assert_int_ge(fd, 0);
    start(backends[_i]);
    ck_assert(tcg_user_mmap(UNMAPPED, PAGE, PAGE_READ, MAP_SHARED, fd, 0,
                            &err));
    close(fd);
    poke(CODE, prog, G_N_ELEMENTS(prog));
    run_at(CODE, r, 2);
    ck_assert_int_eq(g_atomic_int_get(&segv.count), 1);
    ck_assert_int_eq(segv.signo, SIGBUS);
    ck_assert_int_eq(segv.code, TCG_USER_BUS_ADRERR);
    ck_assert_int_eq(segv.pc, CODE + 4);
    ck_assert_int_eq(segv.addr, UNMAPPED + 0x10);
    teardown();
}
END_TEST

/* --- munmap / mprotect of code --------------------------------------------- */

START_TEST(code_after_munmap_and_mprotect)
{
    static const uint32_t p1[] = { I(TOY_ADDI, 3, 3, 1), I(TOY_DONE, 0, 0, 0) };
    static const uint32_t p2[] = { I(TOY_ADDI, 3, 3, 7), I(TOY_DONE, 0, 0, 0) };
    static const uint32_t p3[] = { I(TOY_ADDI, 3, 3, 9), I(TOY_DONE, 0, 0, 0) };
    GError *err = NULL;
    ToyCPU *t;

    start(backends[_i]);
    poke(CODE, p1, 2);
    t = run_at(CODE, NULL, 0);
    ck_assert_int_eq(t->r[3], 1);

    /* a new mapping at the same address: the old block must not run */
    ck_assert(tcg_user_munmap(CODE, PAGE, &err));
    ck_assert_int_eq(tcg_user_page_flags(CODE), 0);
    map(CODE, PAGE, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    poke(CODE, p2, 2);
    t = run_at(CODE, NULL, 0);
    ck_assert_int_eq(t->r[3], 7);

    /* no longer executable: a fetch fault, ACCERR; its code is gone */
    ck_assert(tcg_user_mprotect(CODE, PAGE, PAGE_READ | PAGE_WRITE, &err));
    ck_assert(!(tcg_user_page_flags(CODE) & TCG_USER_PAGE_CODE));
    t = run_at(CODE, NULL, 0);
    ck_assert_int_eq(segv.type, MMU_INST_FETCH);
    ck_assert_int_eq(segv.code, TCG_USER_SEGV_ACCERR);
    ck_assert_int_eq(segv.addr, CODE);
    ck_assert_int_eq(t->r[3], 0);

    /* executable again with new code: the new code runs */
    poke(CODE, p3, 2);
    ck_assert(tcg_user_mprotect(CODE, PAGE,
                                PAGE_READ | PAGE_WRITE | PAGE_EXEC, &err));
    t = run_at(CODE, NULL, 0);
    ck_assert_int_eq(t->r[3], 9);
    ck_assert_ptr_null(err);
    teardown();
}
END_TEST

START_TEST(munmap_under_a_running_loop_stops_it)
{
    static const uint32_t spin[] = {
        I(TOY_ADDI, 1, 1, 1),
        I(TOY_J, 0, 0, -1),
    };
    GError *err = NULL;
    ToyCPU *a;

    start(backends[_i]);
    poke(CODE, spin, 2);
    a = add_cpu(CODE, NULL, 0);
    ck_assert(wait_for(a, r1_moving));
    /* the loop leaves its block, finds no code and faults */
    bql_unlock();
    ck_assert(tcg_user_munmap(CODE, PAGE, &err));
    bql_lock();
    ck_assert(wait_for(a, is_done));
    ck_assert_int_eq(segv.type, MMU_INST_FETCH);
    ck_assert_int_eq(segv.code, TCG_USER_SEGV_MAPERR);
    ck_assert_int_eq(segv.addr, CODE);
    teardown();
}
END_TEST

/* --- the calls' errors ------------------------------------------------------ */

START_TEST(mapping_calls_check_their_arguments)
{
    GError *err = NULL;

    EXPECT_FAIL(tcg_user_mmap(0, PAGE, PAGE_READ, MAP_PRIVATE | MAP_ANONYMOUS,
                              -1, 0, &err_), "not in user mode", NULL);
    EXPECT_FAIL(tcg_user_init(32, &err_), "no TCG accelerator", NULL);
    start(native);
    EXPECT_FAIL(tcg_user_init(32, &err_), "already", NULL);
    tcg_user_exit();
    EXPECT_FAIL(tcg_user_init(12, &err_), "not supported", NULL);
    EXPECT_FAIL(tcg_user_init(47, &err_), "not supported", NULL);
    ck_assert(tcg_user_init(24, &err));
    ck_assert_int_eq(tcg_user_address_space_size(), 1u << 24);
    ck_assert_int_eq(tcg_user_page_bits(), 12);
    EXPECT_FAIL(tcg_user_mmap(0x10, PAGE, PAGE_READ,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, &err_),
                "not whole pages", NULL);
    EXPECT_FAIL(tcg_user_mmap(1u << 24, PAGE, PAGE_READ,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, &err_),
                "not whole pages", NULL);
    EXPECT_FAIL(tcg_user_munmap(0, 0, &err_), "not whole pages", NULL);
    EXPECT_FAIL(tcg_user_mprotect(0x5000, PAGE, PAGE_READ, &err_),
                "not all mapped", NULL);
    /* a file mapping of a bad descriptor reports the host's errno */
    EXPECT_FAIL(tcg_user_mmap(0x5000, PAGE, PAGE_READ, MAP_PRIVATE, 999, 0,
                              &err_), "mmap of 0x5000", NULL);
    ck_assert_int_eq(tcg_user_page_flags(0x5000), 0);

    map(0x5000, 2 * PAGE, PAGE_READ | PAGE_WRITE);
    ck_assert_int_eq(tcg_user_page_flags(0x6000),
                     TCG_USER_PAGE_VALID | PAGE_READ | PAGE_WRITE);
    ck_assert(tcg_user_access_ok(0x5000, 2 * PAGE, PAGE_WRITE));
    ck_assert(!tcg_user_access_ok(0x5000, 3 * PAGE, PAGE_READ));
    ck_assert(!tcg_user_access_ok(0x5000, PAGE, PAGE_EXEC));
    ck_assert(!tcg_user_access_ok(1u << 24, 1, PAGE_READ));
    ck_assert_int_eq(tcg_user_find_free(0x5000, PAGE), 0x7000);
    ck_assert_int_eq(tcg_user_find_free(0, 0x5000), 0);
    ck_assert_int_eq(tcg_user_find_free(0x4000, 2 * PAGE), 0x7000);
    ck_assert_int_eq(tcg_user_find_free(0, 1u << 24), -1);
    ck_assert(tcg_user_mprotect(0x6000, PAGE, PAGE_READ, &err));
    ck_assert_int_eq(tcg_user_page_flags(0x6000),
                     TCG_USER_PAGE_VALID | PAGE_READ);
    ck_assert_ptr_null(err);
    teardown();
}
END_TEST

/* A fault that is no guest's: a message, then death by the signal. */
/* Whether the host mapping starting at p carries flag (smaps VmFlags). */
static bool host_vm_flag(const void *p, const char *flag)
{
    g_autofree char *smaps = NULL;
    g_autofree char *head = g_strdup_printf("\n%08lx-", (unsigned long)p);
    g_autofree char *line = NULL;
    g_auto(GStrv) words = NULL;
    const char *m, *vf, *end;

    ck_assert(g_file_get_contents("/proc/self/smaps", &smaps, NULL, NULL));
    m = g_str_has_prefix(smaps, head + 1) ? smaps : strstr(smaps, head);
    ck_assert_msg(m, "no host mapping at %p", p);
    vf = strstr(m, "\nVmFlags:");
    ck_assert_ptr_nonnull(vf);
    end = strchr(vf + 1, '\n');
    line = g_strndup(vf + 9, end ? (size_t)(end - vf - 9) : strlen(vf + 9));
    words = g_strsplit(line, " ", -1);
    return g_strv_contains((const char *const *)words, flag);
}

/*
 * Large private anonymous writable mappings are offered huge pages
 * (MADV_HUGEPAGE, "hg" in smaps); small, shared and PROT_NONE ones are
 * not.
 */
START_TEST(large_anonymous_mappings_get_huge_page_advice)
{
    const uint64_t big = 0x1000000, small = 0x3000000, shared = 0x4000000;
    const uint64_t reserved = 0x5000000;

    start(native);
    map(big, 8u << 20, PAGE_READ | PAGE_WRITE);
    map(small, 1u << 20, PAGE_READ | PAGE_WRITE);
    ck_assert(tcg_user_mmap(shared, 8u << 20, PAGE_READ | PAGE_WRITE,
                            MAP_SHARED | MAP_ANONYMOUS, -1, 0, NULL));
    /* a kernel without THP refuses the advice: nothing to see there */
    if (g_file_test("/sys/kernel/mm/transparent_hugepage",
                    G_FILE_TEST_IS_DIR)) {
        ck_assert(host_vm_flag(tcg_user_g2h(big), "hg"));
    }
    ck_assert(!host_vm_flag(tcg_user_g2h(small), "hg"));
    ck_assert(!host_vm_flag(tcg_user_g2h(shared), "hg"));
    ck_assert(tcg_user_mmap(reserved, 8u << 20, 0,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0, NULL));
    ck_assert(!host_vm_flag(tcg_user_g2h(reserved), "hg"));
    /* the pages work as before */
    *(uint64_t *)tcg_user_g2h(big + (5u << 20)) = 42;
    ck_assert_int_eq(*(uint64_t *)tcg_user_g2h(big + (5u << 20)), 42);
    teardown();
}
END_TEST

START_TEST(fault_outside_guest_code_is_a_crash)
{
    start(native);
    /* the main thread is no vCPU: this is the emulator's own bug */
    *(volatile uint32_t *)tcg_user_g2h(UNMAPPED) = 1;
}
END_TEST

static Suite *tcg_user_suite(void)
{
    Suite *s = suite_create("tcg-user");
    TCase *tc = tcase_create("user");

    suite_add_tcase(s, tc);
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, loads_and_stores_reach_guest_base_plus_address,
                        0, 2);
    tcase_add_loop_test(tc, access_outside_the_space_is_maperr, 0,
                        4 * (int)G_N_ELEMENTS(outside));
    tcase_add_loop_test(tc, store_into_own_block_runs_new_code_once, 0, 2);
    tcase_add_loop_test(tc, store_over_next_insn_ends_block_after_the_store,
                        0, 2);
    tcase_add_loop_test(tc, helper_store_over_next_insn, 0, 2);
    tcase_add_loop_test(tc, store_from_another_thread_stops_a_chained_loop,
                        0, 2);
    tcase_add_loop_test(tc, load_from_unmapped_page_is_maperr_at_exact_pc,
                        0, 2);
    tcase_add_loop_test(tc, store_to_read_only_page_is_accerr, 0, 2);
    tcase_add_loop_test(tc, callout_and_helper_faults_are_precise, 0, 2);
    tcase_add_loop_test(tc, jump_to_unmapped_page_is_a_fetch_fault, 0, 2);
    tcase_add_loop_test(tc, load_past_end_of_file_mapping_is_sigbus, 0, 2);
    tcase_add_loop_test(tc, prepared_host_write_replaces_code, 0, 2);
    tcase_add_loop_test(tc, code_after_munmap_and_mprotect, 0, 2);
    tcase_add_loop_test(tc, munmap_under_a_running_loop_stops_it, 0, 2);
    tcase_add_test(tc, mapping_calls_check_their_arguments);
    tcase_add_test(tc, large_anonymous_mappings_get_huge_page_advice);
    tcase_add_test_raise_signal(tc, fault_outside_guest_code_is_a_crash,
                                SIGSEGV);
    return s;
}

VIREO_CHECK_MAIN(tcg_user_suite)
