/*
 * What the human monitor asks of an x86-64 CPU: one instruction
 * disassembled for x /i (in the mode CS and EFER say the CPU is in), and
 * the current address space's page mappings for info tlb, found by
 * walking the tables CR3 points to as the MMU would (Intel SDM vol. 3,
 * chapter 4: 32-bit, PAE, 4-level and 5-level paging), reading guest
 * memory only, so no accessed/dirty bit changes. The caller brings env
 * up to date from the accelerator first.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "target/i386/cpu.h"
#include "softmmu/memory-system.h"
#include "softmmu/memory.h"
#include "tcg/disas.h"

#include <inttypes.h>

#define CR0_PG (1ull << 31)
#define CR4_PSE (1ull << 4)
#define CR4_PAE (1ull << 5)
#define CR4_LA57 (1ull << 12)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)

/* Paging-structure entry bits (SDM vol. 3, 4.3-4.5). */
#define PTE_P (1ull << 0)
#define PTE_RW (1ull << 1)
#define PTE_US (1ull << 2)
#define PTE_A (1ull << 5)
#define PTE_D (1ull << 6)
#define PTE_PS (1ull << 7)
#define PTE_G (1ull << 8)
#define PTE_NX (1ull << 63)
#define PTE64_ADDR 0x000ffffffffff000ull

/* A walk stops after this many mappings: a kernel maps all of RAM. */
#define DUMP_BUDGET 4096

int x86_cpu_disas_insn(CPUState *cs, uint64_t pc, const uint8_t *code,
                       size_t len, char *buf, size_t size)
{
    const CPUX86State *env = &X86_CPU(cs)->env;
    unsigned bits = 16;
    int n;

    if ((env->efer & EFER_LMA) && env->segs[R_CS].l) {
        bits = 64;
    } else if (env->segs[R_CS].db) {
        bits = 32;
    }
    n = tcg_disas_x86_insn(bits, pc, code, len, buf, size);
    if (n < 0) {
        snprintf(buf, size, ".byte 0x%02x (no disassembler: Vireo was "
                 "built or runs without Capstone)", code[0]);
        return len ? 1 : 0;
    }
    if (n == 0) {
        if (len < 15) {
            return 0;           /* maybe cut off: the caller reads on */
        }
        snprintf(buf, size, ".byte 0x%02x (undefined)", code[0]);
        return 1;
    }
    return n;
}

typedef struct X86MmuWalk {
    FILE *f;
    unsigned budget;
    int va_bits;                /* for the sign extension; 32: none */
    bool wide;                  /* 8-byte entries (PAE, 4/5-level) */
    bool pse;                   /* 32-bit paging: 4 MiB pages allowed */
    bool nx;                    /* EFER.NXE: bit 63 means no execute */
} X86MmuWalk;

static uint64_t load_entry(const X86MmuWalk *w, uint64_t pa, bool *ok)
{
    MemTxResult r;
    uint64_t v;

    if (w->wide) {
        v = address_space_ldq_le(address_space_memory(), pa,
                                 MEMTXATTRS_UNSPECIFIED, &r);
    } else {
        v = address_space_ldl_le(address_space_memory(), pa,
                                 MEMTXATTRS_UNSPECIFIED, &r);
    }
    *ok = r == MEMTX_OK;
    return v;
}

static uint64_t canonical(uint64_t va, int va_bits)
{
    if (va_bits >= 64 || va_bits <= 32) {
        return va;
    }
    return (uint64_t)((int64_t)(va << (64 - va_bits)) >> (64 - va_bits));
}

/* The frame a leaf entry maps (size bytes); PAT/PSE-36 bits removed. */
static uint64_t leaf_address(const X86MmuWalk *w, uint64_t pte,
                             uint64_t size)
{
    if (!w->wide) {
        if (size == 4096) {
            return pte & 0xfffff000ull;
        }
        /* PSE-36: bits 13-20 give physical address bits 32-39. */
        return (pte & 0xffc00000ull) | ((pte >> 13) & 0xff) << 32;
    }
    return pte & PTE64_ADDR & ~(size - 1);
}

static void print_leaf(X86MmuWalk *w, uint64_t va, uint64_t pte,
                       uint64_t size, uint64_t rights)
{
    fprintf(w->f, "%016" PRIx64 " %016" PRIx64 " %016" PRIx64
            " r%c%c%c%c%c%c\n",
            canonical(va, w->va_bits), leaf_address(w, pte, size), size,
            rights & PTE_RW ? 'w' : '-', rights & PTE_NX ? '-' : 'x',
            rights & PTE_US ? 'u' : '-', pte & PTE_G ? 'g' : '-',
            pte & PTE_A ? 'a' : '-', pte & PTE_D ? 'd' : '-');
    w->budget--;
}

/*
 * One table of n entries at level (0: page table); rights accumulate the
 * way the MMU combines them: writable and user only if every level says
 * so, no-execute if any level does.
 */
static void walk(X86MmuWalk *w, uint64_t table, int level, unsigned n,
                 uint64_t va_prefix, uint64_t rights)
{
    unsigned shift = w->wide ? 12 + 9 * level : 12 + 10 * level;

    for (uint64_t i = 0; i < n && w->budget; i++) {
        bool ok;
        uint64_t pte = load_entry(w, table + i * (w->wide ? 8 : 4), &ok);
        uint64_t va = va_prefix | i << shift;
        uint64_t r;

        if (!ok || !(pte & PTE_P)) {
            continue;
        }
        r = (rights & pte & (PTE_RW | PTE_US)) |
            ((rights | (w->nx ? pte : 0)) & PTE_NX);
        if (level == 0 ||
            (pte & PTE_PS && (w->wide ? level <= 2 : w->pse))) {
            print_leaf(w, va, pte, 1ull << shift, r);
        } else {
            walk(w, w->wide ? pte & PTE64_ADDR : pte & 0xfffff000ull,
                 level - 1, w->wide ? 512 : 1024, va, r);
        }
    }
}

void x86_cpu_dump_mmu(CPUState *cs, FILE *f)
{
    const CPUX86State *env = &X86_CPU(cs)->env;
    X86MmuWalk w = { .f = f, .budget = DUMP_BUDGET };
    uint64_t all = PTE_RW | PTE_US;

    if (!(env->cr0 & CR0_PG)) {
        fprintf(f, "paging is off (CR0.PG=0): virtual = physical\n");
        return;
    }
    w.nx = env->efer & EFER_NXE;
    if (env->efer & EFER_LMA) {
        int levels = env->cr4 & CR4_LA57 ? 5 : 4;

        w.wide = true;
        w.va_bits = 12 + 9 * levels;
        fprintf(f, "CR3 %016" PRIx64 " (%d-level paging)\n", env->cr3,
                levels);
        fprintf(f, "%-16s %-16s %-16s %s\n", "vaddr", "paddr", "size",
                "attr");
        walk(&w, env->cr3 & PTE64_ADDR, levels - 1, 512, 0, all);
    } else if (env->cr4 & CR4_PAE) {
        /* Four PDPTEs at CR3[31:5]; they carry no access rights. */
        w.wide = true;
        w.va_bits = 32;
        fprintf(f, "CR3 %016" PRIx64 " (PAE paging)\n", env->cr3);
        fprintf(f, "%-16s %-16s %-16s %s\n", "vaddr", "paddr", "size",
                "attr");
        for (uint64_t i = 0; i < 4 && w.budget; i++) {
            bool ok;
            uint64_t pdpte = load_entry(&w, (env->cr3 & 0xffffffe0ull) +
                                        i * 8, &ok);
            if (ok && (pdpte & PTE_P)) {
                walk(&w, pdpte & PTE64_ADDR, 1, 512, i << 30, all);
            }
        }
    } else {
        w.pse = env->cr4 & CR4_PSE;
        w.va_bits = 32;
        fprintf(f, "CR3 %016" PRIx64 " (32-bit paging)\n", env->cr3);
        fprintf(f, "%-16s %-16s %-16s %s\n", "vaddr", "paddr", "size",
                "attr");
        walk(&w, env->cr3 & 0xfffff000ull, 1, 1024, 0, all);
    }
    if (!w.budget) {
        fprintf(f, "(stopped after %d mappings)\n", DUMP_BUDGET);
    }
}
