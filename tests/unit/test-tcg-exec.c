/*
 * The TCG accelerator end to end: toy programs (tests/unit/toy-cpu.c)
 * run by real vCPU threads on both backends, checking chaining, goto_ptr,
 * self-modifying code, the TLB's RAM and MMIO paths and flushes, precise
 * exceptions, interrupts inside chained loops, code-buffer flushes under
 * pressure, pause/resume, the -d logs and the -accel properties.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "toy-cpu.h"
#include "accel/vcpu.h"
#include "accel/tcg/internal.h"
#include "softmmu/memory-system.h"
#include "util/error.h"
#include "util/log.h"
#include "util/main-loop.h"

#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define RAM_SIZE (1u << 20)
#define MMIO_BASE 0x200000
#define CODE 0x1000
#define MAX_CPUS 4

static MemoryRegion ram, mmio;
static ToyCPU *cpus[MAX_CPUS];
static int ncpus;
static uint64_t mmio_reads, mmio_writes, mmio_last;

static uint64_t mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    mmio_reads++;
    return 0xd000 + addr;
}

static void mmio_write(void *opaque, hwaddr addr, uint64_t v, unsigned size)
{
    mmio_writes++;
    mmio_last = v;
}

static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static void setup(void)
{
    GError *err = NULL;

    bql_lock();
    ck_assert(memory_region_init_ram(&ram, NULL, "toy.ram", RAM_SIZE, 0,
                                     &err));
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    memory_region_init_io(&mmio, NULL, &mmio_ops, NULL, "toy.mmio", 0x1000);
    memory_region_add_subregion(get_system_memory(), MMIO_BASE, &mmio);
    ncpus = 0;
}

static void stop_cpus(void)
{
    vcpu_stop_all_threads();
    for (int i = 0; i < ncpus; i++) {
        qdev_unrealize(DEVICE(cpus[i]));
        object_unref(cpus[i]);
    }
    ncpus = 0;
}

static void teardown(void)
{
    stop_cpus();
    vireo_loglevel = 0;
    bql_unlock();
}

static void start_accel(const char *const *props)
{
    GError *err = NULL;

    ck_assert_ptr_nonnull(accel_init_machine("tcg", props, NULL, &err));
    ck_assert_ptr_null(err);
}

static void load(uint64_t addr, const uint32_t *prog, size_t n)
{
    ck_assert_int_eq(address_space_write(address_space_memory(), addr,
                                         MEMTXATTRS_UNSPECIFIED, prog,
                                         n * 4), MEMTX_OK);
}

static ToyCPU *add_cpu(uint64_t pc)
{
    GError *err = NULL;
    ToyCPU *t = (ToyCPU *)object_new(TYPE_TOY_CPU);

    t->pc = pc;
    ck_assert(qdev_realize(DEVICE(t), &err));
    ck_assert(vcpu_create(CPU(t), &err));
    cpus[ncpus++] = t;
    return t;
}

/* Wait (lock released) for cond(t) to hold; false after 30 s. */
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

/*
 * DONE sets the flag, then halts: wait for the halt too (cpu->halted is
 * under the BQL, which wait_for holds while it tests), or a rerun could
 * set pc while the vCPU thread is still leaving the old run.
 */
static bool is_done(ToyCPU *t)
{
    return g_atomic_int_get(&t->done) && CPU(t)->halted;
}

static bool r1_moving(ToyCPU *t)
{
    return __atomic_load_n(&t->r[1], __ATOMIC_RELAXED) > 1000;
}

/* Run prog at CODE on one fresh vCPU until DONE. */
static ToyCPU *run(const char *const *props, const uint32_t *prog, size_t n)
{
    ToyCPU *t;

    start_accel(props);
    load(CODE, prog, n);
    t = add_cpu(CODE);
    vcpu_resume_all();
    ck_assert(wait_for(t, is_done));
    return t;
}

#define I TOY_INSN

static const char *const native[] = { "backend=native", NULL };
static const char *const tci[] = { "backend=tci", NULL };
static const char *const *const backends[] = { native, tci };

static TCGExecStats stats(void)
{
    TCGExecStats s;
    tcg_exec_stats(&s);
    return s;
}

/* sum 1..1000 in a loop: r1 = counter, r2 = sum */
static const uint32_t sum_loop[] = {
    I(TOY_ADDI, 1, 0, 1000),
    I(TOY_ADDI, 2, 0, 0),
    I(TOY_ADD, 2, 2, 1),            /* loop: r2 += r1 */
    I(TOY_ADDI, 1, 1, -1),
    I(TOY_BNE, 1, 0, -2),           /* r0 is 0 */
    I(TOY_DONE, 0, 0, 0),
};

START_TEST(loop_chains_and_stays_in_generated_code)
{
    ToyCPU *t = run(backends[_i], sum_loop, G_N_ELEMENTS(sum_loop));
    TCGExecStats s = stats();

    ck_assert_uint_eq(t->r[2], 500500);
    ck_assert_uint_eq(t->r[1], 0);
    ck_assert_uint_ge(s.chains, 1);
    /* 1000 iterations, but the loop leaves generated code a few times. */
    ck_assert_uint_lt(s.loop_entries, 20);
}
END_TEST

START_TEST(nochain_returns_to_the_loop_every_block)
{
    ToyCPU *t;
    TCGExecStats s;

    vireo_loglevel = LOG_NOCHAIN;
    t = run(backends[_i], sum_loop, G_N_ELEMENTS(sum_loop));
    s = stats();
    ck_assert_uint_eq(t->r[2], 500500);
    ck_assert_uint_eq(s.chains, 0);
    ck_assert_uint_ge(s.loop_entries, 1000);
}
END_TEST

START_TEST(one_insn_per_tb_gives_the_same_answer)
{
    const char *const props[] = { "one-insn-per-tb=on", NULL };
    ToyCPU *t = run(props, sum_loop, G_N_ELEMENTS(sum_loop));
    TCGExecStats s = stats();

    ck_assert_uint_eq(t->r[2], 500500);
    ck_assert_uint_eq(s.translations, G_N_ELEMENTS(sum_loop));
}
END_TEST

/* The back edge is an indirect jump: goto_ptr finds the loop head. */
START_TEST(indirect_jump_loop_uses_goto_ptr)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 1, 0, 1000),
        I(TOY_ADDI, 3, 0, CODE + 8),
        I(TOY_ADDI, 1, 1, -1),      /* loop */
        I(TOY_BNE, 1, 0, 2),
        I(TOY_DONE, 0, 0, 0),
        I(TOY_JR, 0, 3, 0),
    };
    ToyCPU *t = run(backends[_i], prog, G_N_ELEMENTS(prog));

    ck_assert_uint_eq(t->r[1], 0);
    ck_assert_uint_lt(stats().loop_entries, 20);
}
END_TEST

/* SW patches the very next instruction of the same block. */
START_TEST(store_to_own_next_insn_runs_the_new_insn)
{
    uint32_t newinsn = I(TOY_ADDI, 1, 1, 100);
    const uint32_t prog[] = {
        I(TOY_LUI, 2, 0, (int16_t)(newinsn >> 16)),
        I(TOY_ADDI, 2, 2, (int16_t)(newinsn & 0xffff)),
        I(TOY_SW, 2, 0, CODE + 16),
        I(TOY_ADDI, 5, 0, 5),
        I(TOY_ADDI, 1, 1, 1),       /* becomes r1 += 100 */
        I(TOY_DONE, 0, 0, 0),
    };
    ToyCPU *t = run(backends[_i], prog, G_N_ELEMENTS(prog));

    ck_assert_uint_eq(t->r[2], newinsn);
    ck_assert_uint_eq(t->r[5], 5);
    ck_assert_uint_eq(t->r[1], 100);
    ck_assert_uint_ge(stats().invalidations, 1);
}
END_TEST

/* The same through a helper's store (tcg_cpu_st with GETPC()). */
START_TEST(helper_store_to_own_next_insn_runs_the_new_insn)
{
    uint32_t newinsn = I(TOY_ADDI, 1, 1, 100);
    const uint32_t prog[] = {
        I(TOY_LUI, 2, 0, (int16_t)(newinsn >> 16)),
        I(TOY_ADDI, 2, 2, (int16_t)(newinsn & 0xffff)),
        I(TOY_HSW, 2, 0, CODE + 12),
        I(TOY_ADDI, 1, 1, 1),       /* becomes r1 += 100 */
        I(TOY_DONE, 0, 0, 0),
    };
    ToyCPU *t = run(backends[_i], prog, G_N_ELEMENTS(prog));

    ck_assert_uint_eq(t->r[1], 100);
    ck_assert_uint_ge(stats().invalidations, 1);
}
END_TEST

/*
 * tcg_cpu_host_for_store gives a host address for plain RAM only: not
 * for MMIO, a page holding code or an access crossing a page, where the
 * helper's own slow way runs (and gets the same memory effect).
 */
START_TEST(host_for_store_only_on_plain_ram)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 1, 0, 5),
        I(TOY_ADDI, 3, 0, 0x4000),
        I(TOY_HADD, 1, 3, 0),           /* RAM, no code: host address */
        I(TOY_LUI, 4, 0, MMIO_BASE >> 16),
        I(TOY_HADD, 1, 4, 8),           /* MMIO */
        I(TOY_HADD, 1, 0, CODE + 0x100),    /* the page of this code */
        I(TOY_HADD, 1, 3, 0xffc),       /* crosses into 0x5000 */
        I(TOY_LD, 5, 3, 0),
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t v = 40, code_word = 7, w0 = 0, w1 = 0;
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    address_space_write(address_space_memory(), 0x4000,
                        MEMTXATTRS_UNSPECIFIED, &v, 8);
    address_space_write(address_space_memory(), CODE + 0x100,
                        MEMTXATTRS_UNSPECIFIED, &code_word, 8);
    mmio_reads = mmio_writes = 0;
    t = add_cpu(CODE);
    vcpu_resume_all();
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->r[5], 45);
    ck_assert_int_eq(t->host_adds, 1);
    ck_assert_uint_eq(mmio_reads, 1);
    ck_assert_uint_eq(mmio_writes, 1);
    ck_assert_uint_eq(mmio_last, 0xd008 + 5);
    address_space_read(address_space_memory(), CODE + 0x100,
                       MEMTXATTRS_UNSPECIFIED, &code_word, 8);
    ck_assert_uint_eq(code_word, 12);
    address_space_read(address_space_memory(), 0x4ffc,
                       MEMTXATTRS_UNSPECIFIED, &w0, 4);
    address_space_read(address_space_memory(), 0x5000,
                       MEMTXATTRS_UNSPECIFIED, &w1, 4);
    ck_assert_uint_eq(w0 | w1 << 32, 5);
}
END_TEST

/* A chained loop whose body is rewritten on the 10th pass. */
START_TEST(code_write_unchains_a_hot_loop)
{
    uint32_t newinsn = I(TOY_ADDI, 2, 2, 1000);
    const uint32_t prog[] = {
        I(TOY_ADDI, 1, 0, 20),
        I(TOY_ADDI, 4, 0, 10),
        I(TOY_LUI, 3, 0, (int16_t)(newinsn >> 16)),
        I(TOY_ADDI, 3, 3, (int16_t)(newinsn & 0xffff)),
        I(TOY_J, 0, 0, 3),          /* jump over the body */
        I(TOY_ADDI, 2, 2, 1),       /* body (CODE + 20) */
        I(TOY_J, 0, 0, 4),
        I(TOY_J, 0, 0, -2),         /* loop (CODE + 28): call body */
        I(TOY_DONE, 0, 0, 0),
        I(TOY_DONE, 0, 0, 0),
        I(TOY_BNE, 1, 4, 2),        /* after body (CODE + 40) */
        I(TOY_SW, 3, 0, CODE + 20), /* 10 passes left: patch body */
        I(TOY_ADDI, 1, 1, -1),
        I(TOY_BNE, 1, 0, -6),       /* back to loop */
        I(TOY_DONE, 0, 0, 0),
    };
    ToyCPU *t = run(backends[_i], prog, G_N_ELEMENTS(prog));

    /* r1 = 20..10 add 1 (the patch follows the body), 9..1 add 1000 */
    ck_assert_uint_eq(t->r[2], 11 + 9 * 1000);
    ck_assert_uint_ge(stats().invalidations, 1);
}
END_TEST

/*
 * A block with five side exits (BEQX), taken in turn: four get goto_tb
 * slots 2..5 (exit values tagged 2..5, chained like 0 and 1), the fifth
 * a lookup. Halfway the block itself is rewritten, later one of the
 * exits' targets: invalidation unchains every slot both ways.
 */
START_TEST(side_exits_use_more_slots_and_unchain)
{
    uint32_t loop_new = I(TOY_ADDI, 11, 11, 2);
    uint32_t t3_new = I(TOY_ADDI, 2, 2, 200);
    const uint32_t prog[] = {
        I(TOY_ADDI, 1, 0, 100),         /* 0: rounds */
        I(TOY_ADDI, 6, 0, 1),
        I(TOY_ADDI, 7, 0, 2),
        I(TOY_ADDI, 8, 0, 3),
        I(TOY_ADDI, 9, 0, 4),
        I(TOY_ADDI, 10, 0, 5),
        I(TOY_ADDI, 12, 0, 50),
        I(TOY_ADDI, 13, 0, 30),
        I(TOY_LUI, 3, 0, (int16_t)(loop_new >> 16)),
        I(TOY_ADDI, 3, 3, (int16_t)(loop_new & 0xffff)),
        I(TOY_LUI, 4, 0, (int16_t)(t3_new >> 16)),
        I(TOY_ADDI, 4, 4, (int16_t)(t3_new & 0xffff)),
        I(TOY_ADDI, 5, 5, 1),           /* 12: loop, phase 1..5 */
        I(TOY_ADDI, 11, 11, 1),         /* 13: patched to += 2 */
        I(TOY_BEQX, 5, 6, 20 - 14),
        I(TOY_BEQX, 5, 7, 22 - 15),
        I(TOY_BEQX, 5, 8, 24 - 16),
        I(TOY_BEQX, 5, 9, 26 - 17),
        I(TOY_BEQX, 5, 10, 28 - 18),    /* no slot left: a lookup */
        I(TOY_TRAP, 0, 0, 7),
        I(TOY_ADDI, 2, 2, 1),           /* 20 */
        I(TOY_J, 0, 0, 31 - 21),
        I(TOY_ADDI, 2, 2, 10),          /* 22 */
        I(TOY_J, 0, 0, 31 - 23),
        I(TOY_ADDI, 2, 2, 100),         /* 24: patched to += 200 */
        I(TOY_J, 0, 0, 31 - 25),
        I(TOY_ADDI, 2, 2, 1000),        /* 26 */
        I(TOY_J, 0, 0, 31 - 27),
        I(TOY_ADDI, 2, 2, 10000),       /* 28 */
        I(TOY_ADDI, 5, 0, 0),
        I(TOY_J, 0, 0, 31 - 30),
        I(TOY_BNE, 1, 12, 2),           /* 31 */
        I(TOY_SW, 3, 0, CODE + 13 * 4),
        I(TOY_BNE, 1, 13, 2),
        I(TOY_SW, 4, 0, CODE + 24 * 4),
        I(TOY_ADDI, 1, 1, -1),
        I(TOY_BNE, 1, 0, 12 - 36),
        I(TOY_DONE, 0, 0, 0),
    };
    ToyCPU *t = run(backends[_i], prog, G_N_ELEMENTS(prog));
    TCGExecStats s = stats();

    ck_assert_int_eq(t->traps, 0);
    /* rounds 100..50 add 1, 49..1 add 2 */
    ck_assert_uint_eq(t->r[11], 51 + 49 * 2);
    /* 20 rounds per phase; phase 3 adds 100 in 14 of them, then 200 */
    ck_assert_uint_eq(t->r[2], 20 * 11011 + 14 * 100 + 6 * 200);
    ck_assert_uint_ge(s.invalidations, 2);
    ck_assert_uint_ge(s.chains, 4);
    /* chained exits stay in generated code: not one return per round */
    ck_assert_uint_lt(s.loop_entries, 60);
}
END_TEST

/* Writes from outside generated code (loader, DMA) invalidate too. */
START_TEST(host_side_invalidation_of_translated_code)
{
    ToyCPU *t;
    uint32_t patched = I(TOY_ADDI, 1, 0, 7);

    t = run(native, sum_loop, G_N_ELEMENTS(sum_loop));
    ck_assert_uint_eq(t->r[2], 500500);
    /* a device's DMA: the memory API tells TCG */
    load(CODE, &patched, 1);
    ck_assert_uint_ge(stats().invalidations, 1);
    g_atomic_int_set(&t->done, 0);
    t->pc = CODE;
    cpu_interrupt(CPU(t), CPU_INTERRUPT_HARD);     /* wake it */
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->r[2], 28);                /* 7+6+...+1 */
}
END_TEST

/* DMA through an address_space_map pointer counts when unmapped. */
START_TEST(mapped_pointer_write_invalidates_on_unmap)
{
    ToyCPU *t;
    uint32_t patched = I(TOY_ADDI, 1, 0, 7);
    hwaddr len = 4;
    uint64_t before;
    void *p;

    t = run(native, sum_loop, G_N_ELEMENTS(sum_loop));
    ck_assert_uint_eq(t->r[2], 500500);
    p = address_space_map(address_space_memory(), CODE, &len, true,
                          MEMTXATTRS_UNSPECIFIED);
    ck_assert_ptr_nonnull(p);
    ck_assert_uint_eq(len, 4);
    memcpy(p, &patched, 4);
    before = stats().invalidations;
    /* a read-only unmap or none written: not a write */
    address_space_unmap(address_space_memory(), p, 4, false, 4);
    address_space_unmap(address_space_memory(), p, 4, true, 0);
    ck_assert_uint_eq(stats().invalidations, before);
    address_space_unmap(address_space_memory(), p, 4, true, 4);
    ck_assert_uint_ge(stats().invalidations, before + 1);
    g_atomic_int_set(&t->done, 0);
    t->pc = CODE;
    cpu_interrupt(CPU(t), CPU_INTERRUPT_HARD);     /* wake it */
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->r[2], 28);                /* 7+6+...+1 */
}
END_TEST

/*
 * A page being translated from (no block yet) already sends stores to
 * the slow path, so one landing mid-translation bumps the generation
 * the translator re-checks before publishing.
 */
static uint64_t code_gen_now(void)
{
    uint64_t g;

    g_mutex_lock(&tcg_global.tb_lock);
    g = tcg_global.code_gen;
    g_mutex_unlock(&tcg_global.tb_lock);
    return g;
}

static void rerun(ToyCPU *t)
{
    g_atomic_int_set(&t->done, 0);
    t->pc = CODE;
    cpu_interrupt(CPU(t), CPU_INTERRUPT_HARD);     /* wake it */
    ck_assert(wait_for(t, is_done));
}

START_TEST(store_to_page_being_translated_is_seen)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 0, 0x4000),
        I(TOY_ST, 3, 3, 8),
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t gen;
    ToyCPU *t;

    /* the vCPU's TLB maps 0x4000 writable (fast path) from this run */
    t = run(native, prog, G_N_ELEMENTS(prog));
    gen = code_gen_now();
    rerun(t);
    ck_assert_uint_eq(code_gen_now(), gen);

    g_mutex_lock(&tcg_global.tb_lock);
    tb_page_translating_begin(0x4000);
    ck_assert(tb_page_has_code(0x4000));
    g_mutex_unlock(&tcg_global.tb_lock);
    rerun(t);
    ck_assert_uint_gt(code_gen_now(), gen);

    g_mutex_lock(&tcg_global.tb_lock);
    tb_page_translating_end(0x4000);
    ck_assert(!tb_page_has_code(0x4000));
    g_mutex_unlock(&tcg_global.tb_lock);
    /* the entry's stale flag costs one more slow store, which clears it */
    rerun(t);
    gen = code_gen_now();
    rerun(t);
    ck_assert_uint_eq(code_gen_now(), gen);
}
END_TEST

START_TEST(ram_fast_path_and_mmio_slow_path)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 0, 0x4000),
        I(TOY_ADDI, 2, 0, 0x1234),
        I(TOY_ST, 2, 3, 8),
        I(TOY_LD, 4, 3, 8),         /* RAM */
        I(TOY_LUI, 5, 0, MMIO_BASE >> 16),
        I(TOY_LD, 6, 5, 0x10),      /* MMIO read */
        I(TOY_SW, 2, 5, 0x20),      /* MMIO write */
        I(TOY_LD, 7, 3, 0xffc),     /* crosses into the next page */
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t word = 0x1122334455667788ull;
    ToyCPU *t;
    TCGExecStats s;

    ck_assert_int_eq(address_space_write(address_space_memory(), 0x4ffc,
                                         MEMTXATTRS_UNSPECIFIED, &word, 8),
                     MEMTX_OK);
    t = run(backends[_i], prog, G_N_ELEMENTS(prog));
    s = stats();
    ck_assert_uint_eq(t->r[4], 0x1234);
    ck_assert_uint_eq(t->r[6], 0xd010);
    ck_assert_uint_eq(mmio_reads, 1);
    ck_assert_uint_eq(mmio_writes, 1);
    ck_assert_uint_eq(mmio_last, 0x1234);
    ck_assert_uint_eq(t->r[7], word);
    /* MMIO read, MMIO write, the crossing load (RAM accesses are fast) */
    ck_assert_uint_eq(s.slow_accesses, 3);
}
END_TEST

/* A loop of RAM loads and stores stays in generated code: TLB hits. */
START_TEST(ram_accesses_hit_the_tlb_inline)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 1, 0, 1000),
        I(TOY_ADDI, 3, 0, 0x4000),
        I(TOY_LD, 4, 3, 8),         /* loop */
        I(TOY_ADDI, 4, 4, 1),
        I(TOY_ST, 4, 3, 8),
        I(TOY_LW, 5, 3, 12),        /* the high half */
        I(TOY_ADDI, 1, 1, -1),
        I(TOY_BNE, 1, 0, -5),
        I(TOY_LD, 6, 3, 0x3ffc),    /* crosses a page: slow */
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t v = 0;
    ToyCPU *t = run(backends[_i], prog, G_N_ELEMENTS(prog));
    TCGExecStats s = stats();

    ck_assert_uint_eq(t->r[4], 1000);
    ck_assert_uint_eq(t->r[5], 0);
    ck_assert_int_eq(address_space_read(address_space_memory(), 0x4008,
                                        MEMTXATTRS_UNSPECIFIED, &v, 8),
                     MEMTX_OK);
    ck_assert_uint_eq(v, 1000);
    /* 3001 accesses: the first load fills the entry, the crossing one */
    ck_assert_uint_ge(s.callouts, 2);
    ck_assert_uint_lt(s.callouts, 10);
}
END_TEST

/*
 * A misaligned aligned-only load from MMIO: its low address bits must not
 * be mistaken for the tag's flags by the inline compare (it traps).
 */
START_TEST(misaligned_mmio_load_traps)
{
    static const uint32_t prog[] = {
        I(TOY_LUI, 5, 0, MMIO_BASE >> 16),
        I(TOY_LD, 6, 5, 0x100),     /* fills the TLB entry: MMIO */
        I(TOY_LDA, 4, 5, 0x102),    /* CODE + 8 */
        I(TOY_DONE, 0, 0, 0),
    };
    static const uint32_t handler[] = { I(TOY_DONE, 0, 0, 0) };
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    load(0x1800, handler, G_N_ELEMENTS(handler));
    t = add_cpu(CODE);
    t->tvec = 0x1800;
    vcpu_resume_all();
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->r[6], 0xd100);
    ck_assert_uint_eq(t->cause, TOY_EXCP_UNALIGNED);
    ck_assert_uint_eq(t->epc, CODE + 8);
    ck_assert_uint_eq(t->badaddr, MMIO_BASE + 0x102);
}
END_TEST

static void setup_paging(ToyCPU *t)
{
    t->paging = 1;
    t->map[1] = CODE | TOY_MAP_VALID;               /* code identity */
    t->map[2] = 0x8000 | TOY_MAP_VALID | TOY_MAP_WRITE;
    t->tvec = 0x1800;
}

/* The guest remaps page 2 (MAP flushes that page) and sees the new page. */
START_TEST(page_mapping_change_with_tlb_flush)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 0, 0x2000),
        I(TOY_LD, 4, 3, 0),         /* page 2 -> 0x8000 */
        I(TOY_ADDI, 5, 0, 2),
        I(TOY_ADDI, 6, 0, 0x7000 | TOY_MAP_VALID),
        I(TOY_MAP, 5, 6, 0),
        I(TOY_LD, 7, 3, 0),         /* page 2 -> 0x7000 */
        I(TOY_ADDI, 8, 0, 0x3000),
        I(TOY_LD, 9, 8, 8),         /* unmapped: page fault */
        I(TOY_DONE, 0, 0, 0),
    };
    static const uint32_t handler[] = { I(TOY_DONE, 0, 0, 0) };
    uint64_t a = 0xaaaa, b = 0xbbbb;
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    load(0x1800, handler, 1);
    address_space_write(address_space_memory(), 0x8000,
                        MEMTXATTRS_UNSPECIFIED, &a, 8);
    address_space_write(address_space_memory(), 0x7000,
                        MEMTXATTRS_UNSPECIFIED, &b, 8);
    t = add_cpu(CODE);
    setup_paging(t);
    vcpu_resume_all();
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->r[4], 0xaaaa);
    ck_assert_uint_eq(t->r[7], 0xbbbb);
    /* precise: epc is the faulting load, nothing after it ran */
    ck_assert_uint_eq(t->cause, TOY_EXCP_PAGE_FAULT);
    ck_assert_uint_eq(t->epc, CODE + 28);
    ck_assert_uint_eq(t->badaddr, 0x3008);
    ck_assert_uint_eq(t->r[9], 0);
}
END_TEST

static bool r5_is_a(ToyCPU *t)
{
    return __atomic_load_n(&t->r[5], __ATOMIC_RELAXED) == 0xaaaa;
}

static bool r5_is_b(ToyCPU *t)
{
    return __atomic_load_n(&t->r[5], __ATOMIC_RELAXED) == 0xbbbb;
}

/* Another thread remaps and asks the vCPU to flush: it does, in a loop. */
START_TEST(remote_tlb_flush_reaches_a_chained_loop)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 0, 0x2000),
        I(TOY_LD, 5, 3, 0),         /* loop */
        I(TOY_J, 0, 0, -1),
    };
    uint64_t a = 0xaaaa, b = 0xbbbb;
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    address_space_write(address_space_memory(), 0x8000,
                        MEMTXATTRS_UNSPECIFIED, &a, 8);
    address_space_write(address_space_memory(), 0x9000,
                        MEMTXATTRS_UNSPECIFIED, &b, 8);
    t = add_cpu(CODE);
    setup_paging(t);
    vcpu_resume_all();
    ck_assert(wait_for(t, r5_is_a));
    t->map[2] = 0x9000 | TOY_MAP_VALID;
    tlb_flush(CPU(t));
    ck_assert(wait_for(t, r5_is_b));
}
END_TEST

START_TEST(trap_and_misaligned_access_report_precise_pc)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 1, 0, 1),
        I(TOY_ADDI, 1, 1, 1),
        I(TOY_TRAP, 0, 0, 7),       /* CODE + 8 */
        I(TOY_ADDI, 1, 1, 100),     /* never runs */
        I(TOY_DONE, 0, 0, 0),
    };
    static const uint32_t handler[] = {
        I(TOY_ADDI, 10, 10, 1),     /* count handler entries */
        I(TOY_ADDI, 11, 0, 2),
        I(TOY_BNE, 10, 11, 2),      /* second time: done */
        I(TOY_DONE, 0, 0, 0),
        I(TOY_ADDI, 3, 0, 0x4001),
        I(TOY_LDA, 4, 3, 0),        /* misaligned: 0x1814 */
        I(TOY_DONE, 0, 0, 0),
    };
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    load(0x1800, handler, G_N_ELEMENTS(handler));
    t = add_cpu(CODE);
    t->tvec = 0x1800;
    vcpu_resume_all();
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->r[1], 2);
    ck_assert_uint_eq(t->arg, 7);
    ck_assert_uint_eq(t->traps, 2);
    ck_assert_uint_eq(t->cause, TOY_EXCP_UNALIGNED);
    ck_assert_uint_eq(t->epc, 0x1814);
    ck_assert_uint_eq(t->badaddr, 0x4001);
    ck_assert_uint_eq(t->r[10], 2);
}
END_TEST

START_TEST(illegal_instruction_traps)
{
    const uint32_t prog[] = { 0xff000000u };
    static const uint32_t handler[] = { I(TOY_DONE, 0, 0, 0) };
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, prog, 1);
    load(0x1800, handler, 1);
    t = add_cpu(CODE);
    t->tvec = 0x1800;
    vcpu_resume_all();
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->cause, TOY_EXCP_ILLEGAL);
    ck_assert_uint_eq(t->epc, CODE);
}
END_TEST

static const uint32_t forever[] = {
    I(TOY_ADDI, 1, 1, 1),
    I(TOY_J, 0, 0, -1),
};

/*
 * Run prog at CODE with interrupts on until r1 moves, interrupt it, and
 * wait for the handler (DONE) to be reached.
 */
static ToyCPU *interrupt_running(const char *const *props,
                                 const uint32_t *prog, size_t n)
{
    static const uint32_t handler[] = { I(TOY_DONE, 0, 0, 0) };
    ToyCPU *t;

    start_accel(props);
    load(CODE, prog, n);
    load(0x1c00, handler, 1);
    t = add_cpu(CODE);
    t->ie = 1;
    t->ivec = 0x1c00;
    vcpu_resume_all();
    ck_assert(wait_for(t, r1_moving));
    cpu_interrupt(CPU(t), CPU_INTERRUPT_HARD);
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->cause, TOY_CAUSE_IRQ);
    ck_assert_uint_eq(t->ie, 0);
    return t;
}

START_TEST(interrupt_reaches_a_chained_loop)
{
    ToyCPU *t = interrupt_running(backends[_i], forever,
                                  G_N_ELEMENTS(forever));

    ck_assert(t->epc == CODE || t->epc == CODE + 4);
}
END_TEST

/*
 * Two blocks jumping to each other, forward then back: generated code
 * checks for a kick only before the backward jump, which must do.
 */
static const uint32_t two_block_loop[] = {
    I(TOY_ADDI, 1, 1, 1),           /* CODE: first block */
    I(TOY_J, 0, 0, 2),              /* forward to the second */
    I(TOY_DONE, 0, 0, 0),
    I(TOY_ADDI, 2, 2, 1),           /* CODE + 12 */
    I(TOY_J, 0, 0, -4),             /* back to CODE */
};

START_TEST(interrupt_reaches_a_loop_of_two_blocks)
{
    ToyCPU *t = interrupt_running(backends[_i], two_block_loop,
                                  G_N_ELEMENTS(two_block_loop));

    ck_assert(t->epc == CODE || t->epc == CODE + 4 ||
              t->epc == CODE + 12 || t->epc == CODE + 16);
    /* both blocks ran as often, give or take the one interrupted */
    ck_assert_uint_le(t->r[1] - t->r[2], 1);
}
END_TEST

START_TEST(wfi_sleeps_until_interrupt)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 1, 0, 1),
        I(TOY_WFI, 0, 0, 0),
        I(TOY_ADDI, 1, 1, 1),
        I(TOY_DONE, 0, 0, 0),
    };
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    t = add_cpu(CODE);
    vcpu_resume_all();
    while (!CPU(t)->halted) {
        bql_unlock();
        g_usleep(500);
        bql_lock();
    }
    ck_assert_uint_eq(t->r[1], 1);
    ck_assert_uint_eq(t->pc, CODE + 8);
    /* interrupts are off: the CPU wakes and goes on after the WFI */
    cpu_interrupt(CPU(t), CPU_INTERRUPT_HARD);
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->r[1], 2);
}
END_TEST

START_TEST(pause_and_resume_a_running_vcpu)
{
    ToyCPU *t;
    uint64_t frozen;

    start_accel(backends[_i]);
    load(CODE, forever, G_N_ELEMENTS(forever));
    t = add_cpu(CODE);
    vcpu_resume_all();
    ck_assert(wait_for(t, r1_moving));
    vcpu_pause_all();
    ck_assert(vcpu_all_stopped());
    frozen = t->r[1];
    bql_unlock();
    g_usleep(20 * 1000);
    bql_lock();
    ck_assert_uint_eq(t->r[1], frozen);
    vcpu_resume_all();
    while (__atomic_load_n(&t->r[1], __ATOMIC_RELAXED) <= frozen) {
        bql_unlock();
        g_usleep(500);
        bql_lock();
    }
}
END_TEST

/* A straight line of N one-insn blocks overflows a 1 MiB buffer. */
#define LONG_N 40000

static uint32_t *long_program(void)
{
    uint32_t *p = g_new(uint32_t, LONG_N + 1);

    for (int i = 0; i < LONG_N; i++) {
        p[i] = I(TOY_ADDI, 1, 1, 1);
    }
    p[LONG_N] = I(TOY_DONE, 0, 0, 0);
    return p;
}

START_TEST(code_buffer_flush_under_pressure_with_two_vcpus)
{
    const char *const props[] = {
        _i ? "backend=tci" : "backend=native", "tb-size=1",
        "one-insn-per-tb=on", NULL };
    g_autofree uint32_t *prog = long_program();
    ToyCPU *t0, *t1;

    start_accel(props);
    load(CODE, prog, LONG_N + 1);
    t0 = add_cpu(CODE);
    t1 = add_cpu(CODE);
    vcpu_resume_all();
    ck_assert(wait_for(t0, is_done));
    ck_assert(wait_for(t1, is_done));
    ck_assert_uint_eq(t0->r[1], LONG_N);
    ck_assert_uint_eq(t1->r[1], LONG_N);
    ck_assert_uint_ge(stats().flushes, 1);
}
END_TEST

/*
 * Four vCPUs translate at once, each its own program (one instruction
 * per block, so thousands of translations each), each in its own
 * translator context and code region, with a flush now and then.
 */
#define PAR_N 3000

START_TEST(vcpus_translate_in_parallel)
{
    const char *const props[] = {
        _i ? "backend=tci" : "backend=native", "tb-size=1",
        "one-insn-per-tb=on", NULL };
    g_autofree uint32_t *prog = g_new(uint32_t, PAR_N + 1);
    ToyCPU *t[4];

    start_accel(props);
    for (int k = 0; k < 4; k++) {
        for (int i = 0; i < PAR_N; i++) {
            prog[i] = I(TOY_ADDI, 1, 1, k + 1);
        }
        prog[PAR_N] = I(TOY_DONE, 0, 0, 0);
        load(0x10000 * (k + 1), prog, PAR_N + 1);
    }
    for (int k = 0; k < 4; k++) {
        t[k] = add_cpu(0x10000 * (k + 1));
    }
    vcpu_resume_all();
    for (int k = 0; k < 4; k++) {
        ck_assert(wait_for(t[k], is_done));
        ck_assert_uint_eq(t[k]->r[1], (uint64_t)PAR_N * (k + 1));
    }
    ck_assert_uint_ge(stats().translations, 4 * (PAR_N + 1));
    for (int k = 0; k < 4; k++) {
        TCGContext *c = CPU(t[k])->accel->ctx;

        ck_assert_ptr_nonnull(c);
        ck_assert_ptr_ne(c, tcg_global.ctx);
        for (int j = 0; j < k; j++) {
            ck_assert_ptr_ne(c, CPU(t[j])->accel->ctx);
        }
    }
}
END_TEST

START_TEST(thread_single_runs_every_vcpu)
{
    const char *const props[] = { "thread=single", NULL };
    ToyCPU *t0, *t1;

    start_accel(props);
    load(CODE, forever, G_N_ELEMENTS(forever));
    t0 = add_cpu(CODE);
    t1 = add_cpu(CODE);
    vcpu_resume_all();
    ck_assert(wait_for(t0, r1_moving));
    ck_assert(wait_for(t1, r1_moving));
}
END_TEST

/* Everything at once, on native then TCI: the registers must agree. */
static const uint32_t mixed[] = {
    I(TOY_ADDI, 1, 0, 300),
    I(TOY_ADDI, 3, 0, 0x6000),
    I(TOY_LUI, 9, 0, MMIO_BASE >> 16),
    I(TOY_ADD, 2, 2, 1),            /* loop (CODE + 12) */
    I(TOY_ADD, 2, 2, 2),
    I(TOY_ST, 2, 3, 0),
    I(TOY_LW, 4, 3, 0),
    I(TOY_ADD, 5, 5, 4),
    I(TOY_LD, 6, 9, 8),
    I(TOY_ADD, 7, 7, 6),
    I(TOY_ADDI, 3, 3, 3),           /* misaligned, crosses pages later */
    I(TOY_ADDI, 1, 1, -1),
    I(TOY_BNE, 1, 0, -9),
    I(TOY_DONE, 0, 0, 0),
};

START_TEST(native_and_tci_agree)
{
    uint64_t regs[2][16];

    for (int b = 0; b < 2; b++) {
        ToyCPU *t = run(backends[b], mixed, G_N_ELEMENTS(mixed));
        memcpy(regs[b], t->r, sizeof(t->r));
        stop_cpus();
    }
    ck_assert_mem_eq(regs[0], regs[1], sizeof(regs[0]));
    ck_assert_uint_ne(regs[0][2], 0);
    ck_assert_uint_eq(regs[0][7], 300 * 0xd008ull);
}
END_TEST

/*
 * Store watching (LR/SC reservations): every store into a watched page
 * calls the hook before it lands -- also one writing the value already
 * there -- until the hook lets the page go; other pages stay fast.
 */
static unsigned watch_calls;
static uint64_t watch_phys;
static unsigned watch_len;
static bool watch_keep;

static bool store_watch_hook(uint64_t phys, unsigned len)
{
    watch_calls++;
    watch_phys = phys;
    watch_len = len;
    return watch_keep;
}

START_TEST(store_watch_sees_stores_of_the_same_value)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 0, 0x4000),
        I(TOY_ADDI, 4, 0, 0x6000),
        I(TOY_LD, 2, 3, 8),
        I(TOY_ST, 2, 3, 8),         /* the value already there */
        I(TOY_ST, 2, 3, 16),
        I(TOY_ST, 2, 4, 0),         /* another page */
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t v = 0x5555;
    ToyCPU *t;

    ck_assert_int_eq(address_space_write(address_space_memory(), 0x4008,
                                         MEMTXATTRS_UNSPECIFIED, &v, 8),
                     MEMTX_OK);
    tcg_store_watch_set_hook(store_watch_hook);
    watch_calls = 0;
    watch_keep = true;
    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    t = add_cpu(CODE);
    ck_assert(!tcg_store_watch_begin(0x4008, 8));
    tcg_store_watch_lock();
    tcg_store_watch_add_locked(CPU(t), 0x4008, 0x4008);
    tcg_store_watch_unlock();
    vcpu_resume_all();
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->r[2], 0x5555);
    ck_assert_uint_eq(watch_calls, 2);
    ck_assert_uint_eq(watch_phys, 0x4010);
    ck_assert_uint_eq(watch_len, 8);

    /* a helper's own write: the hook runs, and may let the page go */
    watch_keep = false;
    ck_assert(tcg_store_watch_begin(0x4000, 4));
    tcg_store_watch_end();
    ck_assert_uint_eq(watch_calls, 3);
    ck_assert_uint_eq(watch_phys, 0x4000);
    ck_assert(!tcg_store_watch_begin(0x4000, 4));
    ck_assert_uint_eq(watch_calls, 3);

    /* pages never stored to are dropped once there are many */
    tcg_store_watch_lock();
    for (uint64_t i = 0; i < 40; i++) {
        tcg_store_watch_add_locked(CPU(t), 0x10000 + i * 0x1000,
                                   0x10000 + i * 0x1000);
    }
    tcg_store_watch_unlock();
    ck_assert(!tcg_store_watch_begin(0x10000, 8));
    ck_assert(tcg_store_watch_begin(0x10000 + 39 * 0x1000, 8));
    tcg_store_watch_end();
    tcg_store_watch_set_hook(NULL);
}
END_TEST

static int debug_hits;

/* As the gdbstub does: the vCPU asks to stop, the test looks. */
static void debug_stop(CPUState *cpu)
{
    bql_lock();
    cpu->stop = true;
    bql_unlock();
    g_atomic_int_inc(&debug_hits);
}

static bool debug_hit_and_stopped(ToyCPU *t)
{
    return g_atomic_int_get(&debug_hits) && CPU(t)->stopped;
}

START_TEST(breakpoint_and_single_step)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 1, 0, 1),
        I(TOY_ADDI, 2, 0, 2),
        I(TOY_ADDI, 3, 0, 3),       /* CODE + 8: the breakpoint */
        I(TOY_DONE, 0, 0, 0),
    };
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    t = add_cpu(CODE);
    tcg_set_debug_handler(debug_stop);
    ck_assert(tcg_cpu_breakpoint_insert(CPU(t), CODE + 8));
    ck_assert(!tcg_cpu_breakpoint_insert(CPU(t), CODE + 8));
    ck_assert(tcg_cpu_breakpoint_at(CPU(t), CODE + 8));

    /* mid-block: the block ends before it, the next one raises */
    debug_hits = 0;
    vcpu_resume_all();
    ck_assert(wait_for(t, debug_hit_and_stopped));
    vcpu_pause_all();
    ck_assert_uint_eq(t->pc, CODE + 8);
    ck_assert_uint_eq(t->r[2], 2);
    ck_assert_uint_eq(t->r[3], 0);

    /* resumed with the breakpoint still there: it stops again at once */
    debug_hits = 0;
    vcpu_resume_all();
    ck_assert(wait_for(t, debug_hit_and_stopped));
    vcpu_pause_all();
    ck_assert_uint_eq(t->pc, CODE + 8);
    ck_assert_uint_eq(t->r[3], 0);

    /* removed, one step: exactly the one instruction runs */
    ck_assert(tcg_cpu_breakpoint_remove(CPU(t), CODE + 8));
    ck_assert(!tcg_cpu_breakpoint_remove(CPU(t), CODE + 8));
    ck_assert(!tcg_cpu_breakpoint_at(CPU(t), CODE + 8));
    tcg_cpu_set_cflags_next(CPU(t), CF_SINGLE_STEP);
    debug_hits = 0;
    vcpu_resume_all();
    ck_assert(wait_for(t, debug_hit_and_stopped));
    vcpu_pause_all();
    ck_assert_uint_eq(t->pc, CODE + 12);
    ck_assert_uint_eq(t->r[3], 3);
    ck_assert(!is_done(t));

    tcg_cpu_breakpoint_insert(CPU(t), CODE);
    tcg_cpu_breakpoint_remove_all(CPU(t));
    ck_assert(!tcg_cpu_breakpoint_at(CPU(t), CODE));
    vcpu_resume_all();
    ck_assert(wait_for(t, is_done));
    tcg_set_debug_handler(NULL);
}
END_TEST

static uint64_t watch_addr;
static int watch_kind;

static void watch_hit(CPUState *cpu, uint64_t addr, unsigned len, int kind,
                      uintptr_t retaddr)
{
    watch_addr = addr;
    watch_kind = kind;
    tcg_cpu_raise_exception(cpu, EXCP_DEBUG, retaddr);
}

START_TEST(watchpoint_stops_before_the_store)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 0, 0x5000),
        I(TOY_ADDI, 2, 0, 9),
        I(TOY_LD, 4, 3, 8),         /* reads are not watched */
        I(TOY_ST, 2, 3, 8),         /* CODE + 12 */
        I(TOY_DONE, 0, 0, 0),
    };
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    t = add_cpu(CODE);
    tcg_cpu_set_watchpoint_hook(CPU(t), watch_hit);
    tcg_cpu_watchpoint_insert(CPU(t), 0x5008, 8, PAGE_WRITE);
    vcpu_resume_all();
    while (!watch_addr) {
        bql_unlock();
        g_usleep(500);
        bql_lock();
    }
    ck_assert_uint_eq(watch_addr, 0x5008);
    ck_assert_int_eq(watch_kind, PAGE_WRITE);
    vcpu_pause_all();
    ck_assert_uint_eq(t->pc, CODE + 12);
    ck_assert(!is_done(t));
}
END_TEST

START_TEST(debug_logs_show_each_stage)
{
    g_autofree char *path = g_build_filename(g_get_tmp_dir(),
                                             "vireo-tcg-exec-log-XXXXXX",
                                             NULL);
    g_autofree char *text = NULL;
    GError *err = NULL;
    int fd = g_mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert(vireo_log_set_file(path, &err));
    vireo_loglevel = LOG_IN_ASM | LOG_OP | LOG_OUT_ASM | LOG_EXEC | LOG_CPU;
    run(backends[_i], sum_loop, G_N_ELEMENTS(sum_loop));
    vireo_log_flush();
    ck_assert(g_file_get_contents(path, &text, NULL, NULL));
    ck_assert_ptr_nonnull(strstr(text, "IN: \n0x0000000000001000:  01"));
    ck_assert_ptr_nonnull(strstr(text, "OUT: [size="));
    /* a block's guest code comes before its host code */
    ck_assert(strstr(text, "IN: ") < strstr(text, "OUT: [size="));
    ck_assert_ptr_nonnull(strstr(text, "Trace 0: "));
    ck_assert_ptr_nonnull(strstr(text, " pc       0000000000001000"));
    ck_assert_ptr_nonnull(strstr(text, " ---- 0x1000"));
    ck_assert(vireo_log_set_file(NULL, &err));
    unlink(path);
}
END_TEST

START_TEST(accel_properties_are_checked)
{
    static const char *const bad[][2] = {
        { "backend=jit", NULL },
        { "thread=many", NULL },
        { "tb-size=4096", NULL },
        { "one-insn-per-tb=maybe", NULL },
        { "no-such=1", NULL },
    };
    GError *err = NULL;
    AccelState *a;
    char *s;

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        ck_assert_ptr_null(accel_init_machine("tcg", bad[i], NULL, &err));
        ck_assert_ptr_nonnull(err);
        g_clear_error(&err);
    }
    {
        const char *const good[] = { "backend=tci", "tb-size=2",
                                     "one-insn-per-tb=on", "thread=single",
                                     NULL };
        a = accel_init_machine("tcg", good, NULL, &err);
        ck_assert_ptr_nonnull(a);
    }
    s = object_property_get_str(OBJECT(a), "backend", &err);
    ck_assert_str_eq(s, "tci");
    g_free(s);
    s = object_property_get_str(OBJECT(a), "thread", &err);
    ck_assert_str_eq(s, "single");
    g_free(s);
}
END_TEST


/* A device writes over a running loop while tb_lock is busy: queued. */
START_TEST(dma_while_translation_lock_is_busy_is_queued)
{
    const uint32_t done = I(TOY_DONE, 0, 0, 0);
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, forever, G_N_ELEMENTS(forever));
    t = add_cpu(CODE);
    vcpu_resume_all();
    ck_assert(wait_for(t, r1_moving));
    g_mutex_lock(&tcg_global.tb_lock);
    load(CODE, &done, 1);
    /* queued: nobody can invalidate while we hold the lock */
    ck_assert_uint_eq(stats().invalidations, 0);
    ck_assert(!is_done(t));
    g_mutex_unlock(&tcg_global.tb_lock);
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_ge(stats().invalidations, 1);
}
END_TEST

START_TEST(single_step_runs_one_insn_then_goes_on)
{
    uint64_t normal;

    run(native, sum_loop, G_N_ELEMENTS(sum_loop));
    normal = stats().translations;
    stop_cpus();

    start_accel(native);
    load(CODE, sum_loop, G_N_ELEMENTS(sum_loop));
    {
        ToyCPU *t = add_cpu(CODE);
        tcg_cpu_set_cflags_next(CPU(t), CF_SINGLE_STEP);
        vcpu_resume_all();
        ck_assert(wait_for(t, is_done));
        ck_assert_uint_eq(t->r[2], 500500);
    }
    /* the stepped instruction had a block of its own */
    ck_assert_uint_eq(stats().translations, normal + 1);
}
END_TEST

START_TEST(load_from_a_hole_reads_zero_and_goes_on)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 4, 0, 77),
        I(TOY_LUI, 3, 0, 0x30),
        I(TOY_LD, 4, 3, 0),         /* nothing at 0x300000 */
        I(TOY_ADDI, 5, 0, 1),
        I(TOY_DONE, 0, 0, 0),
    };
    ToyCPU *t = run(backends[_i], prog, G_N_ELEMENTS(prog));

    ck_assert_uint_eq(t->r[4], 0);
    ck_assert_uint_eq(t->r[5], 1);
}
END_TEST

#define TYPE_PLAIN_CPU "plain-cpu"

static const TypeInfo plain_cpu_types[] = {
    {
        .name = TYPE_PLAIN_CPU,
        .parent = TYPE_CPU,
        .instance_size = sizeof(CPUState),
    },
};

DEFINE_TYPES(plain_cpu_types)

START_TEST(cpu_without_front_end_is_refused)
{
    GError *err = NULL;
    CPUState *cpu;

    start_accel(native);
    cpu = CPU(object_new(TYPE_PLAIN_CPU));
    ck_assert(qdev_realize(DEVICE(cpu), &err));
    ck_assert(!vcpu_create(cpu, &err));
    vireo_expect_error(err, "CPU 0 (plain-cpu) cannot run under TCG", NULL);
    g_error_free(err);
    qdev_unrealize(DEVICE(cpu));
    object_unref(cpu);
}
END_TEST


/*
 * Two vCPUs run the same chained loop while a device keeps rewriting its
 * body with the same bytes: blocks are invalidated, unchained and
 * translated again under them, and both still count right.
 */
START_TEST(concurrent_invalidation_under_two_vcpus)
{
    static const uint32_t prog[] = {
        I(TOY_LUI, 1, 0, 2),        /* 0x20000 iterations */
        I(TOY_ADDI, 2, 0, 0),
        I(TOY_ADDI, 2, 2, 3),       /* loop (CODE + 8) */
        I(TOY_ADDI, 1, 1, -1),
        I(TOY_BNE, 1, 0, -2),
        I(TOY_DONE, 0, 0, 0),
    };
    ToyCPU *t0, *t1;
    int rewrites = 0;

    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    t0 = add_cpu(CODE);
    t1 = add_cpu(CODE);
    vcpu_resume_all();
    while (!is_done(t0) || !is_done(t1)) {
        load(CODE + 8, &prog[2], 3);
        rewrites++;
        bql_unlock();
        g_usleep(200);
        bql_lock();
        ck_assert_int_lt(rewrites, 100000);
    }
    ck_assert_uint_eq(t0->r[2], 3 * 0x20000);
    ck_assert_uint_eq(t1->r[2], 3 * 0x20000);
}
END_TEST


/* A CPU given its own address space fetches and loads from it. */
static MemoryRegion root2, ram2;
static AddressSpace as2;

START_TEST(cpu_uses_its_own_address_space)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 3, 0, 0x4000),
        I(TOY_LD, 4, 3, 0),
        I(TOY_DONE, 0, 0, 0),
    };
    uint64_t v = 0x77;
    GError *err = NULL;
    ToyCPU *t;

    memory_region_init(&root2, NULL, "root2", UINT64_MAX);
    ck_assert(memory_region_init_ram(&ram2, NULL, "ram2", 0x10000, 0, &err));
    memory_region_add_subregion(&root2, 0, &ram2);
    address_space_init(&as2, &root2, "as2");
    address_space_write(&as2, CODE, MEMTXATTRS_UNSPECIFIED, prog,
                        sizeof(prog));
    address_space_write(&as2, 0x4000, MEMTXATTRS_UNSPECIFIED, &v, 8);

    start_accel(backends[_i]);
    t = add_cpu(CODE);
    tcg_cpu_set_address_space(CPU(t), &as2);
    vcpu_resume_all();
    ck_assert(wait_for(t, is_done));
    ck_assert_uint_eq(t->r[4], 0x77);
}
END_TEST

/*
 * Leak checking: the sanitizer build has LSan, asked directly so the test
 * fails here (not only in the exit report); other builds count the heap,
 * which a lost 8 KiB per exception would grow by megabytes.
 */
extern int __lsan_do_recoverable_leak_check(void) __attribute__((weak));

#define MANY_TRAPS 2000

START_TEST(many_exceptions_leak_nothing)
{
    static const uint32_t prog[] = {
        I(TOY_ADDI, 11, 0, MANY_TRAPS),
        I(TOY_TRAP, 0, 0, 1),               /* CODE + 4 */
    };
    static const uint32_t handler[] = {
        I(TOY_ADDI, 10, 10, 1),             /* 0x1800 */
        I(TOY_BNE, 10, 11, (CODE + 4 - 0x1804) / 4),
        I(TOY_DONE, 0, 0, 0),
    };
    struct mallinfo2 before, after;
    ToyCPU *t;

    start_accel(backends[_i]);
    load(CODE, prog, G_N_ELEMENTS(prog));
    load(0x1800, handler, G_N_ELEMENTS(handler));
    t = add_cpu(CODE);
    t->tvec = 0x1800;
    before = mallinfo2();
    vcpu_resume_all();
    ck_assert(wait_for(t, is_done));
    after = mallinfo2();
    ck_assert_int_eq(t->traps, MANY_TRAPS);
    ck_assert_uint_lt(after.uordblks - MIN(after.uordblks, before.uordblks),
                      MANY_TRAPS * 1024);
    if (__lsan_do_recoverable_leak_check) {
        ck_assert_int_eq(__lsan_do_recoverable_leak_check(), 0);
    }
}
END_TEST

static Suite *tcg_exec_suite(void)
{
    Suite *s = suite_create("tcg-exec");
    TCase *tc = tcase_create("exec");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, loop_chains_and_stays_in_generated_code, 0, 2);
    tcase_add_loop_test(tc, nochain_returns_to_the_loop_every_block, 0, 2);
    tcase_add_test(tc, one_insn_per_tb_gives_the_same_answer);
    tcase_add_loop_test(tc, indirect_jump_loop_uses_goto_ptr, 0, 2);
    tcase_add_loop_test(tc, store_to_own_next_insn_runs_the_new_insn, 0, 2);
    tcase_add_loop_test(tc, helper_store_to_own_next_insn_runs_the_new_insn,
                        0, 2);
    tcase_add_loop_test(tc, code_write_unchains_a_hot_loop, 0, 2);
    tcase_add_test(tc, host_side_invalidation_of_translated_code);
    tcase_add_loop_test(tc, host_for_store_only_on_plain_ram, 0, 2);
    tcase_add_loop_test(tc, ram_fast_path_and_mmio_slow_path, 0, 2);
    tcase_add_loop_test(tc, page_mapping_change_with_tlb_flush, 0, 2);
    tcase_add_loop_test(tc, remote_tlb_flush_reaches_a_chained_loop, 0, 2);
    tcase_add_loop_test(tc, trap_and_misaligned_access_report_precise_pc,
                        0, 2);
    tcase_add_loop_test(tc, illegal_instruction_traps, 0, 2);
    tcase_add_loop_test(tc, interrupt_reaches_a_chained_loop, 0, 2);
    tcase_add_loop_test(tc, interrupt_reaches_a_loop_of_two_blocks, 0, 2);
    tcase_add_loop_test(tc, wfi_sleeps_until_interrupt, 0, 2);
    tcase_add_loop_test(tc, pause_and_resume_a_running_vcpu, 0, 2);
    tcase_add_loop_test(tc, code_buffer_flush_under_pressure_with_two_vcpus,
                        0, 2);
    tcase_add_test(tc, thread_single_runs_every_vcpu);
    tcase_add_test(tc, native_and_tci_agree);
    tcase_add_loop_test(tc, watchpoint_stops_before_the_store, 0, 2);
    tcase_add_loop_test(tc, breakpoint_and_single_step, 0, 2);
    tcase_add_loop_test(tc, store_watch_sees_stores_of_the_same_value, 0, 2);
    tcase_add_loop_test(tc, debug_logs_show_each_stage, 0, 2);
    tcase_add_test(tc, accel_properties_are_checked);
    tcase_add_test(tc, mapped_pointer_write_invalidates_on_unmap);
    tcase_add_test(tc, store_to_page_being_translated_is_seen);
    tcase_add_loop_test(tc, dma_while_translation_lock_is_busy_is_queued,
                        0, 2);
    tcase_add_test(tc, single_step_runs_one_insn_then_goes_on);
    tcase_add_loop_test(tc, load_from_a_hole_reads_zero_and_goes_on, 0, 2);
    tcase_add_test(tc, cpu_without_front_end_is_refused);
    tcase_add_loop_test(tc, cpu_uses_its_own_address_space, 0, 2);
    tcase_add_loop_test(tc, concurrent_invalidation_under_two_vcpus, 0, 2);
    tcase_add_loop_test(tc, many_exceptions_leak_nothing, 0, 2);
    tcase_add_loop_test(tc, ram_accesses_hit_the_tlb_inline, 0, 2);
    tcase_add_loop_test(tc, misaligned_mmio_load_traps, 0, 2);
    tcase_add_loop_test(tc, vcpus_translate_in_parallel, 0, 2);
    tcase_add_loop_test(tc, side_exits_use_more_slots_and_unchain, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(tcg_exec_suite)
