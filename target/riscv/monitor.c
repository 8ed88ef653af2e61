/*
 * What the human monitor asks of a RISC-V CPU: one instruction
 * disassembled for x /i, and the current address space's page mappings for
 * info tlb, found by walking satp's page table (Sv39/48/57, privileged
 * spec section 12.3-12.6) without touching A/D bits.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "softmmu/memory-system.h"
#include "target/riscv/cpu-bits.h"
#include "target/riscv/disas.h"

#include <inttypes.h>

int riscv_cpu_disas_insn(CPUState *cs, uint64_t pc, const uint8_t *code,
                         size_t len, char *buf, size_t size)
{
    uint32_t insn;

    if (len < 2) {
        return 0;
    }
    insn = code[0] | code[1] << 8;
    if (riscv_insn_length(insn) == 4) {
        if (len < 4) {
            return 0;
        }
        insn |= (uint32_t)code[2] << 16 | (uint32_t)code[3] << 24;
    }
    return riscv_disas(buf, size, pc, insn);
}

/* Sign-extend a virtual address from the mode's top bit. */
static uint64_t canonical(uint64_t va, int va_bits)
{
    return (uint64_t)((int64_t)(va << (64 - va_bits)) >> (64 - va_bits));
}

static void walk(FILE *f, uint64_t base, int level, uint64_t va_prefix,
                 int va_bits, unsigned *budget)
{
    for (uint64_t i = 0; i < 512 && *budget; i++) {
        MemTxResult r;
        uint64_t pte = address_space_ldq_le(address_space_memory(),
                                            base + i * 8,
                                            MEMTXATTRS_UNSPECIFIED, &r);
        uint64_t va = va_prefix | i << (12 + 9 * level);
        uint64_t pa = ((pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK) << 12;

        if (r != MEMTX_OK || !(pte & PTE_V)) {
            continue;
        }
        if (!(pte & (PTE_R | PTE_W | PTE_X))) {
            if (level > 0) {
                walk(f, pa, level - 1, va, va_bits, budget);
            }
            continue;
        }
        fprintf(f, "%016" PRIx64 " %016" PRIx64 " %016" PRIx64
                " %c%c%c%c%c%c%c\n",
                canonical(va, va_bits), pa, (uint64_t)1 << (12 + 9 * level),
                pte & PTE_R ? 'r' : '-', pte & PTE_W ? 'w' : '-',
                pte & PTE_X ? 'x' : '-', pte & PTE_U ? 'u' : '-',
                pte & PTE_G ? 'g' : '-', pte & PTE_A ? 'a' : '-',
                pte & PTE_D ? 'd' : '-');
        (*budget)--;
    }
}

void riscv_cpu_dump_mmu(CPUState *cs, FILE *f)
{
    CPURISCVState *env = &riscv_cpu_of(cs)->env;
    unsigned mode = env->satp >> SATP64_MODE_SHIFT;
    /* A kernel maps all of RAM; stop before the answer gets unreadable. */
    unsigned budget = 4096;
    int levels;

    switch (mode) {
    case SATP_MODE_SV39:
        levels = 3;
        break;
    case SATP_MODE_SV48:
        levels = 4;
        break;
    case SATP_MODE_SV57:
        levels = 5;
        break;
    default:
        fprintf(f, "satp mode is Bare: no paging (virtual = physical)\n");
        return;
    }
    fprintf(f, "satp %016" PRIx64 " (Sv%d)\n", env->satp, 12 + 9 * levels);
    fprintf(f, "%-16s %-16s %-16s %s\n", "vaddr", "paddr", "size", "attr");
    walk(f, (env->satp & SATP64_PPN) << 12, levels - 1, 0, 12 + 9 * levels,
         &budget);
    if (!budget) {
        fprintf(f, "(stopped after 4096 mappings)\n");
    }
}
