/*
 * The TCG execution loop as targets and helpers see it: leaving
 * generated code for an exception, restoring the precise guest pc,
 * exclusive sections, the TB cache (flush, invalidation of code pages),
 * softmmu TLB flushes and data accesses for helpers, and counters that
 * tests and -d logs read. docs/devel/tcg-exec.md has the rules.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_ACCEL_TCG_CPU_EXEC_H
#define VIREO_ACCEL_TCG_CPU_EXEC_H

#include "accel/accel.h"
#include "accel/tcg/tcg-cpu-ops.h"
#include "tcg/tcg.h"

#define TYPE_TCG_ACCEL ACCEL_TYPE_NAME("tcg")

/* The host return address a helper passes as retaddr. */
#define GETPC() ((uintptr_t)__builtin_return_address(0))

/* --- exceptions ---------------------------------------------------------- */

int tcg_cpu_exception_index(CPUState *cpu);
void tcg_cpu_set_exception_index(CPUState *cpu, int excp);
/*
 * Leave generated code (or translation) for the execution loop, which
 * then delivers exception_index. The _restore form first sets the CPU
 * state to the guest instruction running at host address retaddr (a
 * GETPC() of a helper or memory access); retaddr 0 means "the state is
 * already right".
 */
G_NORETURN void tcg_cpu_loop_exit(CPUState *cpu);
G_NORETURN void tcg_cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr);
G_NORETURN void tcg_cpu_raise_exception(CPUState *cpu, int excp,
                                        uintptr_t retaddr);
/* Restore the state for retaddr; false if it is not in generated code. */
bool tcg_cpu_restore_state(CPUState *cpu, uintptr_t retaddr);

/*
 * Run fn with every other vCPU outside guest code (and none entering it).
 * Called from a vCPU thread inside the loop or from any other thread
 * without the global lock held by a waiting vCPU's path.
 */
void tcg_start_exclusive(void);
void tcg_end_exclusive(void);

/* --- TB cache ------------------------------------------------------------ */

/* Drop every TB and the whole code buffer (takes an exclusive section). */
void tcg_tb_flush(void);
/*
 * Guest physical [start, start + len) was written: invalidate every TB
 * reading it. For writers outside generated code (DMA, loaders).
 */
void tcg_tb_invalidate_phys_range(uint64_t start, uint64_t len);

/* Compile flags for this vCPU's next TB only (the debugger's step). */
void tcg_cpu_set_cflags_next(CPUState *cpu, uint32_t cflags);

/* --- softmmu TLB ---------------------------------------------------------- */

/* Which address space a CPU's accesses go to (default: system memory). */
void tcg_cpu_set_address_space(CPUState *cpu, AddressSpace *as);
/*
 * Flushes. On the calling vCPU they happen at once; for another vCPU
 * they are queued and done by that vCPU before its next TB (it is
 * kicked). A queued page flush becomes a flush of its MMU indexes.
 */
void tlb_flush(CPUState *cpu);
void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap);
void tlb_flush_page(CPUState *cpu, uint64_t addr);
void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t addr, uint16_t idxmap);
void tlb_flush_all_cpus(void);

/*
 * Data accesses for helpers, through the TLB (MemOp from include/tcg).
 * retaddr is GETPC() so a fault unwinds to the guest instruction.
 */
uint64_t tcg_cpu_ld(CPUState *cpu, uint64_t addr, MemOp op, int mmu_idx,
                    uintptr_t retaddr);
void tcg_cpu_st(CPUState *cpu, uint64_t addr, uint64_t val, MemOp op,
                int mmu_idx, uintptr_t retaddr);
/*
 * For a helper's read-modify-write (atomics) or block store of size
 * bytes at addr, inside one page: the host address of plain RAM, found
 * or filled through the TLB as a store (a fault raises, no return), or
 * NULL when the helper must take its slow way: MMIO, a page holding
 * translated code, a watchpoint, an entry good for one access only, a
 * page crossing, user mode. What the host address covers needs no
 * invalidation of translated code. With phys non-NULL, *phys is the
 * guest-physical address of addr when a host address is returned.
 */
void *tcg_cpu_host_for_store(CPUState *cpu, uint64_t addr, unsigned size,
                             int mmu_idx, uintptr_t retaddr, uint64_t *phys);

/*
 * Store watching for LR/SC (store-watch.c). With the lock held a target
 * adds the guest-physical page of a reservation (vaddr: the address the
 * reserving access used); from then on every store through a TLB into
 * that page calls the hook first, with the lock held, and the hook says
 * whether the page still needs watching (asked with len 0, it only
 * answers that). A helper writing RAM by itself
 * (an atomic) brackets the write with tcg_store_watch_begin (true: page
 * watched, hook run, store side of the lock now held) and
 * tcg_store_watch_end; one holding the full lock (a store-conditional)
 * calls tcg_store_watch_notify_locked.
 */
typedef bool TCGStoreWatchHook(uint64_t phys, unsigned len);
void tcg_store_watch_set_hook(TCGStoreWatchHook *fn);
void tcg_store_watch_lock(void);
void tcg_store_watch_unlock(void);
void tcg_store_watch_add_locked(CPUState *cpu, uint64_t vaddr,
                                uint64_t phys);
void tcg_store_watch_notify_locked(uint64_t phys, unsigned len);
bool tcg_store_watch_begin(uint64_t phys, unsigned len);
void tcg_store_watch_end(void);

/*
 * Watchpoints: an access overlapping [addr, addr + len) with a matching
 * kind (PAGE_READ / PAGE_WRITE) calls the hook before it happens; the
 * hook may raise (tcg_cpu_raise_exception(cpu, EXCP_DEBUG, retaddr)).
 */
typedef void TCGWatchpointHit(CPUState *cpu, uint64_t addr, unsigned len,
                              int kind, uintptr_t retaddr);
void tcg_cpu_set_watchpoint_hook(CPUState *cpu, TCGWatchpointHit *fn);
void tcg_cpu_watchpoint_insert(CPUState *cpu, uint64_t addr, uint64_t len,
                               int kind);
/* Remove the one inserted with these arguments; false if none was. */
bool tcg_cpu_watchpoint_remove(CPUState *cpu, uint64_t addr, uint64_t len,
                               int kind);
void tcg_cpu_watchpoint_remove_all(CPUState *cpu);

/*
 * Debugger breakpoints (accel/tcg/debug.c): a block reaching pc raises
 * EXCP_DEBUG with the state at pc, before the instruction there runs.
 * Inserting or removing one flushes the TB cache, so call them with the
 * vCPUs stopped (or from the vCPU's own thread in user mode). Insert
 * returns false when pc is in the list already; remove, when it is not.
 */
bool tcg_cpu_breakpoint_insert(CPUState *cpu, uint64_t pc);
bool tcg_cpu_breakpoint_remove(CPUState *cpu, uint64_t pc);
void tcg_cpu_breakpoint_remove_all(CPUState *cpu);
bool tcg_cpu_breakpoint_at(CPUState *cpu, uint64_t pc);
/*
 * System mode: EXCP_DEBUG (a breakpoint, a watchpoint hook's raise or the
 * end of a CF_SINGLE_STEP block) calls fn on the vCPU's thread, without
 * the global lock, as the vCPU leaves the execution loop. NULL: ignored.
 * User mode gets EXCP_DEBUG back from tcg_user_cpu_exec instead.
 */
typedef void TCGDebugHandler(CPUState *cpu);
void tcg_set_debug_handler(TCGDebugHandler *fn);

/* --- counters ------------------------------------------------------------- */

typedef struct TCGExecStats {
    uint64_t loop_entries;      /* tcg_exec calls from the loop */
    uint64_t translations;      /* TBs translated */
    uint64_t chains;            /* jumps patched */
    uint64_t invalidations;     /* TBs invalidated by code writes */
    uint64_t flushes;           /* whole-cache flushes */
    uint64_t tlb_fills;         /* page walks */
    uint64_t tlb_flushes;       /* full or per-index flushes done */
    uint64_t slow_accesses;     /* MMIO, code-page and crossing accesses */
    uint64_t callouts;          /* guest accesses the inline TLB missed */
} TCGExecStats;

/* Process-wide counters (atomic reads of each field). */
void tcg_exec_stats(TCGExecStats *out);

#endif
