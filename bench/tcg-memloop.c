/*
 * Guest memory benchmark: a loop of toy-ISA-like instructions, half of
 * them guest loads and stores to RAM through a softmmu TLB laid out as
 * accel/tcg's, run with every access through the C call-out (what
 * generated code did before the inline fast path) and with the TLB
 * looked up inline (tcg_context_set_softmmu_tlb), on both backends; and
 * user mode's inline guest base, unchecked and with the address-space
 * bound check (tcg_context_set_guest_addr_bits).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The call-out does what accel/tcg's does on a hit: index, compare the
 * tag, add the addend, copy the bytes. So "call-out" vs "inline" is the
 * cost of leaving generated code for every access, and nothing else.
 */
#include "tcg/tcg-op.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_BITS 12
#define RAM_SIZE (64 * 1024)

typedef struct Entry {
    uint64_t addr_read, addr_write, addr_code;
    uintptr_t addend;
} Entry;

typedef struct MemEnv {
    uint64_t x[8];
    Entry (*tlb)[TCG_TLB_SIZE];
} MemEnv;

static Entry tlb_table[1][TCG_TLB_SIZE];
static uint8_t ram[RAM_SIZE];

static Entry *entry_of(MemEnv *e, uint64_t addr, TCGMemOpIdx oi)
{
    return &e->tlb[tcg_memop_idx_mmu(oi)]
                  [(addr >> PAGE_BITS) & (TCG_TLB_SIZE - 1)];
}

static uint64_t mem_ld(void *env, uint64_t addr, TCGMemOpIdx oi)
{
    Entry *t = entry_of(env, addr, oi);
    uint64_t v = 0;

    if ((t->addr_read & ~(uint64_t)0xfff) != (addr & ~(uint64_t)0xfff)) {
        abort();        /* every page is mapped */
    }
    memcpy(&v, (void *)(uintptr_t)(addr + t->addend),
           1u << (tcg_memop_idx_op(oi) & MO_SIZE));
    return v;
}

static void mem_st(void *env, uint64_t addr, uint64_t val, TCGMemOpIdx oi)
{
    Entry *t = entry_of(env, addr, oi);

    if ((t->addr_write & ~(uint64_t)0xfff) != (addr & ~(uint64_t)0xfff)) {
        abort();
    }
    memcpy((void *)(uintptr_t)(addr + t->addend), &val,
           1u << (tcg_memop_idx_op(oi) & MO_SIZE));
}

/*
 * x0 = iterations, x1 = pointer walking RAM in 8-byte steps (wrapping),
 * per iteration: 4 loads, 4 ALU ops, 4 stores, loop overhead.
 */
static const void *gen_loop(TCGContext *s, TCGv_i64 *x)
{
    TCGLabel *top;
    GError *err = NULL;
    const void *code;

    tcg_func_start(s);
    top = gen_new_label();
    gen_set_label(top);
    for (int i = 0; i < 4; i++) {
        TCGv_i64 a = tcg_temp_new_i64();
        TCGv_i64 v = tcg_temp_new_i64();

        tcg_gen_insn_start(0x1000 + 12 * i);
        tcg_gen_addi_i64(a, x[1], 64 * i);
        tcg_gen_andi_i64(a, a, RAM_SIZE - 8);
        tcg_gen_qemu_ld_i64(v, a, 0, MO_UQ);
        tcg_gen_insn_start(0x1004 + 12 * i);
        tcg_gen_add_i64(v, v, x[2 + i]);
        tcg_gen_insn_start(0x1008 + 12 * i);
        tcg_gen_qemu_st_i64(v, a, 0, MO_UQ);
        tcg_temp_free_i64(a);
        tcg_temp_free_i64(v);
    }
    tcg_gen_addi_i64(x[1], x[1], 8);
    tcg_gen_subi_i64(x[0], x[0], 1);
    tcg_gen_brcond_i64(TCG_COND_NE, x[0], tcg_constant_i64(0), top);
    tcg_gen_exit_tb(0);
    code = tcg_gen_code(s, &err);
    if (!code) {
        fprintf(stderr, "tcg-memloop: %s\n", err->message);
        exit(1);
    }
    return code;
}

enum { CALLOUT, TLB, BASE, BASE_CHECKED };

/* Guest memory accesses per second. */
static double run(TCGBackend be, int mode, long iters)
{
    TCGContextOptions o = { .backend = be, .code_size = 1 << 20 };
    TCGSoftmmuTLB l = { .ptr_ofs = offsetof(MemEnv, tlb), .table_ofs = 0,
                        .page_bits = PAGE_BITS };
    GError *err = NULL;
    TCGContext *s = tcg_context_new(&o, &err);
    MemEnv env = { .x = { (uint64_t)iters, 0, 1, 2, 3, 4 },
                   .tlb = tlb_table };
    TCGv_i64 x[8];
    const void *code;
    gint64 t0;
    double secs;

    if (!s) {
        fprintf(stderr, "tcg-memloop: %s\n", err->message);
        exit(1);
    }
    tcg_context_set_guest_memory(s, mem_ld, mem_st);
    if (mode == TLB) {
        tcg_context_set_softmmu_tlb(s, &l);
    } else if (mode >= BASE) {
        tcg_context_set_guest_base(s, (uintptr_t)ram);
        if (mode == BASE_CHECKED) {
            /* RAM_SIZE: the loop's addresses stay below it */
            tcg_context_set_guest_addr_bits(s, 16);
        }
    }
    for (int i = 0; i < 8; i++) {
        static char names[8][4];
        g_snprintf(names[i], sizeof(names[i]), "x%d", i);
        x[i] = tcg_global_mem_new_i64(tcg_env, offsetof(MemEnv, x[i]),
                                      names[i]);
    }
    code = gen_loop(s, x);
    memset(ram, 0, sizeof(ram));
    t0 = g_get_monotonic_time();
    tcg_exec(s, &env, code);
    secs = (g_get_monotonic_time() - t0) / 1e6;
    tcg_context_free(s);
    if (env.x[0] != 0) {
        fprintf(stderr, "tcg-memloop: wrong result\n");
        exit(1);
    }
    return (double)iters * 8 / secs;
}

int main(int argc, char **argv)
{
    bool quick = argc > 1 && strcmp(argv[1], "--quick") == 0;
    long iters = quick ? 200000 : 5000000;
    double nc, ni, tc, ti, nb, nk, tb, tk;

    for (unsigned p = 0; p < RAM_SIZE >> PAGE_BITS; p++) {
        Entry *t = &tlb_table[0][p];
        t->addr_read = t->addr_write = t->addr_code =
            (uint64_t)p << PAGE_BITS;
        t->addend = (uintptr_t)ram;
    }
    G_STATIC_ASSERT(RAM_SIZE == 1 << 16);
    nc = run(TCG_BACKEND_NATIVE, CALLOUT, iters);
    ni = run(TCG_BACKEND_NATIVE, TLB, iters);
    nb = run(TCG_BACKEND_NATIVE, BASE, iters);
    nk = run(TCG_BACKEND_NATIVE, BASE_CHECKED, iters);
    tc = run(TCG_BACKEND_TCI, CALLOUT, iters / 10);
    ti = run(TCG_BACKEND_TCI, TLB, iters / 10);
    tb = run(TCG_BACKEND_TCI, BASE, iters / 10);
    tk = run(TCG_BACKEND_TCI, BASE_CHECKED, iters / 10);
    printf("guest accesses/s   call-out      inline    speed-up\n");
    printf("native          %10.3g  %10.3g    %.2fx\n", nc, ni, ni / nc);
    printf("tci             %10.3g  %10.3g    %.2fx\n", tc, ti, ti / tc);
    printf("user mode          unchecked  bounded    bounded/unchecked\n");
    printf("native          %10.3g  %10.3g    %.2fx\n", nb, nk, nk / nb);
    printf("tci             %10.3g  %10.3g    %.2fx\n", tb, tk, tk / tb);
    return 0;
}
