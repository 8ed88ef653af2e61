/*
 * The RISC-V target in user mode (accel/tcg/user-exec.c), both backends:
 * four U-mode harts hammering shared words with amoadd.d/.w, an
 * amoswap.w spin lock and an LR/SC increment (totals exact), atomics on
 * read-only, unmapped and out-of-space addresses reaching the SIGSEGV
 * hook with the address, pc and MAPERR/ACCERR, misaligned AMO/LR/SC as
 * the misaligned-address exceptions, an AMO rewriting its own block,
 * cbo.zero and ecall, cycle/instret reading the host clock. Each
 * program ends with a store to an unmapped address, which the hook turns
 * into a halt; an exception traps to an unmapped mtvec, so it shows up as a
 * fetch fault there with mcause/mtval/mepc set.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "riscv-test-cpu.h"
#include "accel/accel.h"
#include "accel/vcpu.h"
#include "accel/tcg/cpu-exec.h"
#include "accel/tcg/user.h"
#include "target/riscv/cpu-bits.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

/* ASan's own SIGSEGV handler would take our faults: keep it out. */
__attribute__((used, visibility("default")))
const char *__asan_default_options(void)
{
    return "handle_segv=0:handle_sigbus=0";
}

#define SPACE (1ull << 32)
#define CODE 0x10000
#define DATA 0x30000
#define RODATA 0x40000
#define UNMAPPED 0x50000
#define EXIT 0x60000            /* never mapped: the store there halts */
#define TRAPVEC 0x70000         /* never mapped: an exception's fetch */
#define PAGE 0x1000
#define NCPUS 4

enum { A0 = 10, A1, A2, A3, A4, A5, A6, A7, T0 = 5, T1 = 6, T2 = 7, S1 = 9,
       T3 = 28 };

static struct Slot {
    RISCVCPU *cpu;
    int done;                   /* atomic */
    int signo, code;
    uint64_t addr, pc;
    MMUAccessType type;
} slots[NCPUS];
static int nslots;

/* The hook: record the guest SIGSEGV and halt the hart. */
static void rv_segv(CPUState *cs, int signo, uint64_t addr,
                    MMUAccessType type, int si_code)
{
    for (int i = 0; i < nslots; i++) {
        struct Slot *s = &slots[i];

        if (CPU(s->cpu) == cs) {
            s->signo = signo;
            s->addr = addr;
            s->type = type;
            s->code = si_code;
            s->pc = s->cpu->env.pc;
            g_atomic_int_set(&s->done, 1);
        }
    }
    tcg_cpu_set_exception_index(cs, EXCP_HLT);
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
    nslots = 0;
    memset(slots, 0, sizeof(slots));
    ck_assert_ptr_nonnull(accel_init_machine("tcg", props, NULL, &err));
    ck_assert(tcg_user_init(32, &err));
    tcg_user_set_segv_hook(rv_segv);
    map(CODE, PAGE, PAGE_READ | PAGE_EXEC);
    map(DATA, PAGE, PAGE_READ | PAGE_WRITE);
    map(RODATA, PAGE, PAGE_READ);
}

static void teardown(void)
{
    vcpu_stop_all_threads();
    for (int i = 0; i < nslots; i++) {
        riscv_test_cpu_free(slots[i].cpu);
    }
    nslots = 0;
    tcg_user_exit();
    bql_unlock();
}

static void poke_code(const uint32_t *prog, size_t n)
{
    GError *err = NULL;

    ck_assert(tcg_user_mprotect(CODE, PAGE, PAGE_READ | PAGE_WRITE, &err));
    memcpy(tcg_user_g2h(CODE), prog, n * 4);
    ck_assert(tcg_user_mprotect(CODE, PAGE, PAGE_READ | PAGE_EXEC, &err));
}

/* A U-mode hart at CODE with FP on and the given registers (x[0]: none). */
static struct Slot *add_hart(const uint64_t x[32])
{
    GError *err = NULL;
    RISCVCPU *cpu = riscv_test_cpu("rv64");
    CPURISCVState *env = &cpu->env;
    struct Slot *s = &slots[nslots];

    for (int i = 1; i < 32; i++) {
        env->gpr[i] = x[i];
    }
    env->pc = CODE;
    env->priv = PRV_U;
    env->mstatus |= MSTATUS_FS;
    env->mtvec = TRAPVEC;
    env->menvcfg |= ENVCFG_CBZE;
    env->senvcfg |= ENVCFG_CBZE;
    riscv_update_tb_flags(env);
    env->fpr[11] = 0x3ff0000000000000ull;      /* fa1 = 1.0 */
    s->cpu = cpu;
    nslots++;
    ck_assert(vcpu_create(CPU(cpu), &err));
    return s;
}

static bool wait_done(struct Slot *s)
{
    gint64 deadline = g_get_monotonic_time() + 60 * G_TIME_SPAN_SECOND;

    while (!g_atomic_int_get(&s->done)) {
        if (g_get_monotonic_time() > deadline) {
            return false;
        }
        bql_unlock();
        g_usleep(1000);
        bql_lock();
    }
    return true;
}

/* --- four harts on shared words ------------------------------------------- */

#define ITERS 20000

static const uint32_t work[] = {
    0x00100293, /* work: li t0, 1 */
    0x0055302f, /* amoadd.d zero, t0, (a0) */
    0x0058202f, /* amoadd.w zero, t0, (a6) */
    0x0c56a32f, /* spin: amoswap.w.aq t1, t0, (a3) */
    0xfe031ee3, /* bnez t1, spin */
    0x00073383, /* ld t2, 0(a4)       the lock makes these safe */
    0x00138393, /* addi t2, t2, 1 */
    0x00773023, /* sd t2, 0(a4) */
    0x0a06a02f, /* amoswap.w.rl zero, zero, (a3) */
    0x1007be2f, /* retry: lr.d t3, (a5) */
    0x001e0e13, /* addi t3, t3, 1 */
    0x19c7beaf, /* sc.d t4, t3, (a5) */
    0xfe0e9ae3, /* bnez t4, retry */
    0x02b57553, /* fadd.d fa0, fa0, fa1 */
    0xfff58593, /* addi a1, a1, -1 */
    0xfc0592e3, /* bnez a1, work */
    0x00a8b027, /* fsd fa0, 0(a7)     this hart's own slot */
    0x00063023, /* sd zero, 0(a2)     unmapped: halts */
};

START_TEST(four_harts_count_exactly)
{
    uint64_t *d;

    start(backends[_i]);
    d = tcg_user_g2h(DATA);
    poke_code(work, G_N_ELEMENTS(work));
    for (int i = 0; i < NCPUS; i++) {
        uint64_t x[32] = { 0 };

        x[A0] = DATA;
        x[A1] = ITERS;
        x[A2] = EXIT;
        x[A3] = DATA + 0x10;
        x[A4] = DATA + 0x18;
        x[A5] = DATA + 0x20;
        x[A6] = DATA + 0x28;
        x[A7] = DATA + 0x100 + 8 * i;
        add_hart(x);
    }
    vcpu_resume_all();
    for (int i = 0; i < NCPUS; i++) {
        ck_assert(wait_done(&slots[i]));
        ck_assert_int_eq(slots[i].signo, SIGSEGV);
        ck_assert_uint_eq(slots[i].addr, EXIT);
        ck_assert_int_eq(slots[i].type, MMU_DATA_STORE);
        ck_assert_int_eq(slots[i].code, TCG_USER_SEGV_MAPERR);
        ck_assert_uint_eq(slots[i].pc, CODE + 4 * 17);
        ck_assert_uint_eq(d[0x20 + i], 0x40d3880000000000ull); /* 20000.0 */
    }
    ck_assert_uint_eq(d[0], (uint64_t)NCPUS * ITERS);        /* amoadd.d */
    ck_assert_uint_eq(d[5] & 0xffffffff, NCPUS * ITERS);     /* amoadd.w */
    ck_assert_uint_eq(d[5] >> 32, 0);
    ck_assert_uint_eq(d[2], 0);                              /* unlocked */
    ck_assert_uint_eq(d[3], (uint64_t)NCPUS * ITERS);        /* locked */
    ck_assert_uint_eq(d[4], (uint64_t)NCPUS * ITERS);        /* LR/SC */
    teardown();
}
END_TEST

/* --- one atomic, alone ---------------------------------------------------- */

/* The fault fields: SIGSEGV at addr (type, code), or an exception. */
static const struct {
    uint32_t insn;              /* operands t1, t0, (a0) */
    uint64_t a0;
    uint64_t addr;
    MMUAccessType type;
    int code;                   /* si_code, or 0: excp below */
    int excp;                   /* mcause of an exception, or -1 */
} one[] = {
    { 0x0055232f, RODATA + 8, RODATA + 8, MMU_DATA_STORE,  /* amoadd.w */
      TCG_USER_SEGV_ACCERR, -1 },
    { 0x0855332f, UNMAPPED + 8, UNMAPPED + 8, MMU_DATA_STORE, /* amoswap.d */
      TCG_USER_SEGV_MAPERR, -1 },
    { 0xe055332f, 1ull << 63, 1ull << 63, MMU_DATA_STORE,  /* amomaxu.d */
      TCG_USER_SEGV_MAPERR, -1 },
    { 0x0055232f, SPACE - 8, SPACE - 8, MMU_DATA_STORE,    /* amoadd.w */
      TCG_USER_SEGV_MAPERR, -1 },
    { 0x0855332f, -8ull, -8ull, MMU_DATA_STORE,            /* amoswap.d */
      TCG_USER_SEGV_MAPERR, -1 },
    { 0x1005332f, UNMAPPED, UNMAPPED, MMU_DATA_LOAD,       /* lr.d */
      TCG_USER_SEGV_MAPERR, -1 },
    { 0x1855332f, RODATA, RODATA, MMU_DATA_STORE,          /* sc.d */
      TCG_USER_SEGV_ACCERR, -1 },
    { 0x0045200f, RODATA + 0x48, RODATA + 0x40, MMU_DATA_STORE, /* cbo.z */
      TCG_USER_SEGV_ACCERR, -1 },
    /* misaligned: the address-misaligned exceptions, tval the address */
    { 0x0055232f, DATA + 2, DATA + 2, 0, 0, RISCV_EXCP_STORE_AMO_ADDR_MIS },
    { 0x0855332f, DATA + 4, DATA + 4, 0, 0, RISCV_EXCP_STORE_AMO_ADDR_MIS },
    { 0x1005232f, DATA + 1, DATA + 1, 0, 0, RISCV_EXCP_LOAD_ADDR_MIS },
    { 0x1855332f, DATA + 6, DATA + 6, 0, 0, RISCV_EXCP_STORE_AMO_ADDR_MIS },
    /* how a U-mode ecall shows up today: a trap to M, mtval 0 */
    { 0x00000073, DATA, 0, 0, 0, RISCV_EXCP_U_ECALL },
};

START_TEST(atomic_faults_are_precise)
{
    unsigned c = (unsigned)_i / 2;
    uint32_t prog[] = {
        0x00148493,             /* addi s1, s1, 1 */
        one[c].insn,
        0x00148493,             /* addi s1, s1, 1 */
        0x00063023,             /* sd zero, 0(a2) */
    };
    uint64_t x[32] = { 0 };
    uint64_t *ro;
    struct Slot *s;

    start(backends[_i % 2]);
    ro = tcg_user_g2h(RODATA);
    poke_code(prog, G_N_ELEMENTS(prog));
    x[A0] = one[c].a0;
    x[A2] = EXIT;
    x[T0] = 5;
    x[T1] = 77;
    s = add_hart(x);
    vcpu_resume_all();
    ck_assert(wait_done(s));
    ck_assert_int_eq(s->signo, SIGSEGV);
    ck_assert_uint_eq(s->cpu->env.gpr[S1], 1);
    ck_assert_uint_eq(s->cpu->env.gpr[T1], 77);     /* rd untouched */
    if (one[c].excp < 0) {
        ck_assert_uint_eq(s->addr, one[c].addr);
        ck_assert_int_eq(s->type, one[c].type);
        ck_assert_int_eq(s->code, one[c].code);
        ck_assert_uint_eq(s->pc, CODE + 4);
        ck_assert_int_eq(s->cpu->env.priv, PRV_U);
    } else {
        /* trapped to M at the unmapped mtvec */
        ck_assert_uint_eq(s->addr, TRAPVEC);
        ck_assert_int_eq(s->type, MMU_INST_FETCH);
        ck_assert_uint_eq(s->cpu->env.mcause, one[c].excp);
        ck_assert_uint_eq(s->cpu->env.mtval, one[c].addr);
        ck_assert_uint_eq(s->cpu->env.mepc, CODE + 4);
    }
    for (int i = 0; i < PAGE / 8; i++) {
        ck_assert_uint_eq(ro[i], 0);
    }
    teardown();
}
END_TEST

/* What the faulting cases must not be: these work and go on. */
START_TEST(atomics_on_good_pages_work)
{
    static const uint32_t prog[] = {
        0x1005b32f,             /* lr.d t1, (a1)    read-only: fine */
        0x0055332f,             /* amoadd.d t1, t0, (a0) */
        0x0045200f,             /* cbo.zero (a0) */
        0x00063023,             /* sd zero, 0(a2) */
    };
    uint64_t x[32] = { 0 };
    uint64_t *d, *ro;
    struct Slot *s;

    start(backends[_i]);
    d = tcg_user_g2h(DATA);
    ro = tcg_user_g2h(RODATA);
    poke_code(prog, G_N_ELEMENTS(prog));
    for (int i = 0; i < 32; i++) {
        d[i] = 100 + i;
    }
    x[A0] = DATA + 0x48;
    x[A1] = RODATA;
    x[A2] = EXIT;
    x[T0] = 5;
    s = add_hart(x);
    vcpu_resume_all();
    ck_assert(wait_done(s));
    ck_assert_uint_eq(s->addr, EXIT);
    ck_assert_uint_eq(s->cpu->env.gpr[T1], 100 + 9);    /* amoadd's old */
    ck_assert_uint_eq(ro[0], 0);
    for (int i = 0; i < 32; i++) {
        /* cbo.zero cleared the 64-byte block holding DATA + 0x48 */
        ck_assert_uint_eq(d[i], i >= 8 && i < 16 ? 0 : 100 + i);
    }
    teardown();
}
END_TEST

/*
 * An AMO rewriting a later instruction of its own block: the old block
 * must not run on. Then one on another hart's running code page.
 */
START_TEST(amo_into_own_block_runs_new_code)
{
    static const uint32_t prog[] = {
        0x00148493,             /* addi s1, s1, 1 */
        0x0855232f,             /* amoswap.w t1, t0, (a0) */
        0x00148493,             /* addi s1, s1, 1 */
        0x00148493,             /* addi s1, s1, 1  becomes + 100 */
        0x00063023,             /* sd zero, 0(a2) */
    };
    uint64_t x[32] = { 0 };
    GError *err = NULL;
    struct Slot *s;

    start(backends[_i]);
    poke_code(prog, G_N_ELEMENTS(prog));
    ck_assert(tcg_user_mprotect(CODE, PAGE,
                                PAGE_READ | PAGE_WRITE | PAGE_EXEC, &err));
    x[A0] = CODE + 12;
    x[A2] = EXIT;
    x[T0] = 0x06448493;         /* addi s1, s1, 100 */
    s = add_hart(x);
    vcpu_resume_all();
    ck_assert(wait_done(s));
    ck_assert_uint_eq(s->addr, EXIT);
    ck_assert_uint_eq(s->cpu->env.gpr[T1], 0x00148493);
    ck_assert_uint_eq(s->cpu->env.gpr[S1], 102);
    ck_assert_uint_eq(*(uint32_t *)tcg_user_g2h(CODE + 12), 0x06448493);
    teardown();
}
END_TEST

/*
 * User mode counts no instructions: minstret stays put, and cycle and
 * instret read the host's monotonic clock in nanoseconds (going forward,
 * so a busy-wait on them ends).
 */
START_TEST(user_counters_read_the_host_clock)
{
    static const uint32_t prog[] = {
        0xc0202373,             /* rdinstret t1 */
        0xc00023f3,             /* rdcycle t2 */
        0x00148493,             /* addi s1, s1, 1 */
        0x00148493,             /* addi s1, s1, 1 */
        0xc0202e73,             /* rdinstret t3 */
        0x00063023,             /* sd zero, 0(a2) */
    };
    uint64_t x[32] = { 0 };
    struct timespec ts;
    uint64_t before, after;
    struct Slot *s;

    start(backends[_i]);
    poke_code(prog, G_N_ELEMENTS(prog));
    x[A2] = EXIT;
    s = add_hart(x);
    s->cpu->env.mcounteren = s->cpu->env.scounteren = 7;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    before = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    vcpu_resume_all();
    ck_assert(wait_done(s));
    clock_gettime(CLOCK_MONOTONIC, &ts);
    after = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
    ck_assert_uint_eq(s->addr, EXIT);
    ck_assert_uint_eq(s->cpu->env.gpr[S1], 2);
    ck_assert_uint_ge(s->cpu->env.gpr[T1], before);
    ck_assert_uint_ge(s->cpu->env.gpr[T2], s->cpu->env.gpr[T1]);
    ck_assert_uint_ge(s->cpu->env.gpr[T3], s->cpu->env.gpr[T2]);
    ck_assert_uint_le(s->cpu->env.gpr[T3], after);
    ck_assert_uint_eq(s->cpu->env.minstret, 0);
    teardown();
}
END_TEST

static Suite *riscv_user_suite(void)
{
    Suite *s = suite_create("riscv-user");
    TCase *tc = tcase_create("core");

    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, four_harts_count_exactly, 0, 2);
    tcase_add_loop_test(tc, atomic_faults_are_precise, 0,
                        2 * (int)G_N_ELEMENTS(one));
    tcase_add_loop_test(tc, atomics_on_good_pages_work, 0, 2);
    tcase_add_loop_test(tc, amo_into_own_block_runs_new_code, 0, 2);
    tcase_add_loop_test(tc, user_counters_read_the_host_clock, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(riscv_user_suite)
