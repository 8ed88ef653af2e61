/*
 * What a TCG front end (target/<arch>) gives the execution loop: the
 * translation block record, compile flags, special exception numbers and
 * the CPU-class hooks (TB lookup key, interrupts, exceptions, state
 * restore, page walker, in_asm disassembly). A CPU class points
 * CPUClass.tcg_ops at one TCGCPUOps; nothing here knows any guest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_ACCEL_TCG_TCG_CPU_OPS_H
#define VIREO_ACCEL_TCG_TCG_CPU_OPS_H

#include "hw/core/cpu.h"
#include "softmmu/memory.h"

#include <stdint.h>
#include <stdio.h>

/* Compile flags: part of the TB lookup key. */
enum {
    CF_ONE_INSN = 1u << 0,      /* translate exactly one instruction */
    CF_NOCHAIN = 1u << 1,       /* never patch jumps into or out of it */
    CF_SINGLE_STEP = 1u << 2,   /* debugger single-step (implies both) */
};

/* Special exception_index values; targets number theirs from 0. */
enum {
    EXCP_NONE = -1,
    EXCP_INTERRUPT = 0x10000,   /* leave the loop (exit request) */
    EXCP_HLT = 0x10001,         /* halt until cpu_has_work (WFI, HLT) */
    EXCP_DEBUG = 0x10002,       /* breakpoint, watchpoint, single step */
};

typedef enum MMUAccessType {
    MMU_DATA_LOAD = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

/* Page protection bits, as a page walker reports them. */
enum {
    PAGE_READ = 1,
    PAGE_WRITE = 2,
    PAGE_EXEC = 4,
};

/*
 * Exit values of generated code: a TB pointer tagged in its low bits
 * with the goto_tb slot whose exit_tb was taken (0 alone: a plain exit).
 * TranslationBlocks come from malloc, so at least 8-aligned: three bits.
 */
enum {
    TB_EXIT_IDX0 = 0,           /* left through goto_tb 0's exit_tb */
    TB_EXIT_IDX1 = 1,
    TB_EXIT_MASK = 7,
};

/*
 * Chainable jumps per block: the fall-through and taken ends, plus side
 * exits out of the middle of a block. Equal to TCG_MAX_GOTO_TB.
 */
#define TB_MAX_JMP 6

/*
 * One translated block. Fields above the line are the lookup key and
 * never change once the block is published in the table.
 */
typedef struct TranslationBlock TranslationBlock;
struct TranslationBlock {
    uint64_t pc;                /* guest virtual pc of the first insn */
    uint64_t cs_base;           /* extra key (segment base, ...) */
    uint32_t flags;             /* target CPU-state flags */
    uint32_t cflags;            /* CF_* */
    uint64_t phys_pc;           /* guest physical address of pc */
    /* --- */
    uint64_t page_addr[2];      /* physical pages it reads; [1] = -1 */
    uint32_t size;              /* bytes of guest code */
    uint32_t icount;            /* guest instructions */
    const void *tc_ptr;         /* host code entry (tcg_exec) */
    size_t tc_size;             /* bytes of code buffer it used */
    int jmp_ofs[TB_MAX_JMP];    /* goto_tb offsets from tc_ptr, or -1 */
    int loop_jmp;               /* the jump back to itself, or -1 */
    int loop_ofs;               /* where that one chains to, from tc_ptr */
    TranslationBlock *jmp_dest[TB_MAX_JMP]; /* where each is chained to */
    GSList *jmp_in;             /* (source TB | n) chained into us */
    int invalid;                /* atomic: removed from every table */
    uint32_t hash;
};

/* What a page walk found for one page. */
typedef struct TCGTLBFill {
    uint64_t phys;              /* physical address of the page */
    int prot;                   /* PAGE_* */
    unsigned lg_page_size;      /* log2 of the mapping's size (>= page) */
    MemTxAttrs attrs;
    /*
     * The permissions hold for the address asked about but not for the
     * whole page (e.g. a protection region smaller than a page): the
     * entry serves this one access and every later one walks again.
     */
    bool once;
} TCGTLBFill;

typedef struct TCGCPUOps {
    /*
     * Register the front end's globals on tcg_ctx (once per translator
     * context, which may be more than once per process).
     */
    void (*initialize)(void);
    /* Translate the block tb->pc..; calls translator_loop(). */
    void (*translate_code)(CPUState *cpu, TranslationBlock *tb,
                           int max_insns);
    /* The TB lookup key for the current CPU state. */
    void (*get_tb_cpu_state)(CPUState *cpu, uint64_t *pc,
                             uint64_t *cs_base, uint32_t *flags);
    /*
     * Nonzero tb_flags_offset: the key is the uint64_t pc and uint32_t
     * flags at these offsets in the CPU object, cs_base 0, and the lookup
     * of every indirect jump reads them without a call. get_tb_cpu_state
     * must return the same.
     */
    size_t tb_pc_offset;
    size_t tb_flags_offset;
    /* Make the CPU state's pc tb->pc (NULL: CPUClass.set_pc). */
    void (*synchronize_from_tb)(CPUState *cpu, const TranslationBlock *tb);
    /* Set the state to the instruction insn_start(pc) marked. */
    void (*restore_state_to_opc)(CPUState *cpu, uint64_t pc);
    /*
     * Take an interrupt from interrupt_request if the CPU accepts one now
     * (true: state changed, look up a new TB). NULL: never.
     */
    bool (*cpu_exec_interrupt)(CPUState *cpu, unsigned interrupt_request);
    /* Deliver the exception in tcg_cpu_exception_index(cpu). */
    void (*do_interrupt)(CPUState *cpu);
    /*
     * Walk the page tables for addr. On success fill *out and return
     * true. On a fault: with probe, return false; else raise the guest
     * fault with tcg_cpu_loop_exit_restore(cpu, retaddr) (no return).
     */
    bool (*tlb_fill)(CPUState *cpu, uint64_t addr, MMUAccessType type,
                     int mmu_idx, bool probe, TCGTLBFill *out,
                     uintptr_t retaddr);
    /* The MMU index of instruction fetches in the current state. */
    int (*mmu_index_code)(CPUState *cpu);
    /* A misaligned MO_ALIGN access: raise (no return). NULL: allowed. */
    void (*do_unaligned_access)(CPUState *cpu, uint64_t addr,
                                MMUAccessType type, int mmu_idx,
                                uintptr_t retaddr);
    /* A bus error from the memory API. NULL: logged, reads give 0. */
    void (*do_transaction_failed)(CPUState *cpu, uint64_t phys,
                                  uint64_t addr, MMUAccessType type,
                                  int mmu_idx, uintptr_t retaddr);
    /* -d in_asm: print size bytes of guest code at pc (NULL: hex). */
    void (*disas_log)(CPUState *cpu, FILE *f, uint64_t pc, uint32_t size);
    unsigned page_bits;         /* guest page size (0: 12) */
    unsigned nb_mmu_modes;      /* MMU indexes used (0: 1); <= 16 */
} TCGCPUOps;

static inline const TCGCPUOps *tcg_cpu_ops(CPUState *cpu)
{
    /*
     * Unchecked: every CPUState's class is a CPUClass, and the checked
     * cast (a type lookup by name) cost a few percent of a Linux boot
     * here, on every block lookup and TLB fill.
     */
    return ((CPUClass *)object_get_class(OBJECT(cpu)))->tcg_ops;
}

#endif
