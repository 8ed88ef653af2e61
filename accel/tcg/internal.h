/*
 * Inside accel/tcg: the per-vCPU state (jump cache, TLB, long-jump
 * buffer), the shared translator context and the functions the files of
 * this folder call in each other. Not for targets.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_ACCEL_TCG_INTERNAL_H
#define VIREO_ACCEL_TCG_INTERNAL_H

#include "accel/tcg/cpu-exec.h"
#include "tcg/tcg.h"

#include <setjmp.h>
#include <stddef.h>

#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

/* Bloom filters of pages (4096 bits each, one hash): see their users. */
#define PAGE_BLOOM_BITS 12
#define PAGE_BLOOM_WORDS ((1u << PAGE_BLOOM_BITS) / 64)

#define CPU_TLB_BITS 10
#define CPU_TLB_SIZE (1u << CPU_TLB_BITS)
#define TCG_MAX_MMU_MODES 16

/*
 * Flags in the low bits of a TLB tag, above the alignment bits the inline
 * compare keeps (TCG_TLB_ALIGN_BITS) and below the page (at least 2 KiB).
 */
enum {
    TLB_ONCE = 1 << 10,         /* good for one slow-path access only */
    TLB_INVALID = 1 << 9,       /* never matches */
    TLB_MMIO = 1 << 8,          /* go through the memory API */
    TLB_NOTDIRTY = 1 << 7,      /* the page holds code: check SMC */
    TLB_WATCH = 1 << 6,         /* a watchpoint is on the page */
    TLB_FLAGS = TLB_MMIO | TLB_NOTDIRTY | TLB_WATCH | TLB_ONCE,
};

typedef struct CPUTLBEntry {
    uint64_t addr_read;         /* page | flags, or -1 */
    uint64_t addr_write;        /* atomic: others may set TLB_NOTDIRTY */
    uint64_t addr_code;
    uintptr_t addend;           /* host = guest vaddr + addend (RAM) */
} CPUTLBEntry;

/* The layout generated code looks up inline (tcg_context_set_softmmu_tlb). */
G_STATIC_ASSERT(sizeof(CPUTLBEntry) == TCG_TLB_ENTRY_SIZE);
G_STATIC_ASSERT(offsetof(CPUTLBEntry, addr_read) == TCG_TLB_READ_OFS);
G_STATIC_ASSERT(offsetof(CPUTLBEntry, addr_write) == TCG_TLB_WRITE_OFS);
G_STATIC_ASSERT(offsetof(CPUTLBEntry, addend) == TCG_TLB_ADDEND_OFS);
G_STATIC_ASSERT(CPU_TLB_SIZE == TCG_TLB_SIZE);
G_STATIC_ASSERT(TLB_WATCH >= 1 << TCG_TLB_ALIGN_BITS);

typedef struct CPUTLBEntryFull {
    uint64_t phys;              /* physical page */
    uint64_t vaddr;             /* virtual page */
    MemTxAttrs attrs;
    uint8_t lg_page_size;       /* of the leaf it was made from */
} CPUTLBEntryFull;

typedef struct CPUTLB {
    CPUTLBEntry table[TCG_MAX_MMU_MODES][CPU_TLB_SIZE];
    CPUTLBEntryFull full[TCG_MAX_MMU_MODES][CPU_TLB_SIZE];
    /*
     * The span of large pages seen since the last flush, per index, and
     * the largest of their sizes (log2): a page flush inside the span
     * looks for the entries made from a large page holding it.
     */
    uint64_t large_addr[TCG_MAX_MMU_MODES];
    uint64_t large_mask[TCG_MAX_MMU_MODES];
    uint8_t large_bits[TCG_MAX_MMU_MODES];
    /*
     * Per index, a Bloom filter of the large pages filled since the last
     * flush (their base >> size, for every size in large_sizes, a bit
     * per log2 size): a page flush whose page none of them may hold
     * needs no search for large-page entries.
     */
    uint64_t large_sizes[TCG_MAX_MMU_MODES];
    /*
     * The indexes filled since their last flush (set under tb_lock
     * before the entry's write tag, cleared after the flush's memset):
     * tlb_protect_code searches only those.
     */
    unsigned used_modes;
    uint64_t large_bloom[TCG_MAX_MMU_MODES][PAGE_BLOOM_WORDS];
} CPUTLB;

typedef struct TCGWatchpoint {
    uint64_t addr, len;
    int kind;
} TCGWatchpoint;

/*
 * One jump-cache slot: the lookup key and the code pointer beside the
 * block, so a hit on an indirect jump reads one 32-byte line and not the
 * TranslationBlock. tb is the atomic field: the owning vCPU writes the
 * rest before publishing tb, other threads only swap tb for NULL. Blocks
 * with a nonzero cs_base are never cached here.
 */
typedef struct TBJmpCacheEntry {
    TranslationBlock *tb;       /* atomic; NULL: empty */
    uint64_t pc;
    const void *tc_ptr;
    uint32_t flags;
    uint32_t cflags;
} __attribute__((aligned(32))) TBJmpCacheEntry;

struct AccelCPUState {
    const TCGCPUOps *ops;       /* the CPU class's, read once per lookup */
    sigjmp_buf jmp_env;
    int exception_index;
    bool translating;           /* in translate_code / tcg_gen_code */
    TranslationBlock *translating_tb;
    TCGContext *ctx;            /* this vCPU's translator: own region */
    uint32_t cflags_next;       /* 0: none */
    bool stepping;              /* in a CF_SINGLE_STEP block */
    /*
     * Attached with tcg_user_cpu_attach: guest exceptions leave the loop
     * for the caller (a user-mode CPU loop) instead of do_interrupt.
     */
    bool user_exceptions;
    unsigned pending_flush;     /* atomic: MMU indexes others asked */
    TBJmpCacheEntry jmp_cache[TB_JMP_CACHE_SIZE];
    /*
     * A Bloom filter of the pages the blocks put in jmp_cache since its
     * last clear start or end on: a page flush skips the search of the
     * jump cache for a page none of them may be on.
     */
    uint64_t jmp_bloom[PAGE_BLOOM_WORDS];
    AddressSpace *as;
    /* at a fixed offset: generated code reaches it through cpu->accel */
    CPUTLB tlb;
    GArray *watchpoints;        /* of TCGWatchpoint */
    GArray *breakpoints;        /* of uint64_t guest pcs (debug.c) */
    TCGWatchpoint *watch_hit_wp;
    TCGWatchpointHit *watch_hook;
    uint64_t page_mask;         /* ~(page size - 1) */
    unsigned page_bits;
    unsigned nb_mmu_modes;
};

/* The accelerator's settings and the one translator context. */
typedef struct TCGGlobal {
    TCGContext *ctx;
    bool one_insn_per_tb;
    bool single_thread;
    GMutex tb_lock;             /* publishing, chaining, page lists */
    unsigned flush_count;       /* atomic: bumped by every flush */
    /*
     * Invalidation generations (under tb_lock): code_gen counts every
     * invalidation; page_gen[h] is the count at the last one touching a
     * page hashing to h. A block translated (lock-free) since a
     * generation g whose pages' page_gen exceed g may be stale.
     */
    uint64_t code_gen;
    uint64_t page_gen[256];
    unsigned page_bits;         /* guest page size of the first vCPU */
} TCGGlobal;

extern TCGGlobal tcg_global;
extern TCGExecStats tcg_stats;

#define tcg_stat_inc(field) \
    __atomic_fetch_add(&tcg_stats.field, 1, __ATOMIC_RELAXED)

/* tb-maint.c (callers hold tb_lock unless said otherwise) */
void tb_maint_init(void);
void tb_maint_destroy(void);
TranslationBlock *tb_htable_lookup(uint64_t pc, uint64_t phys_pc,
                                   uint64_t cs_base, uint32_t flags,
                                   uint32_t cflags);    /* no lock */
void tb_link(TranslationBlock *tb);
void tb_add_jump(TranslationBlock *tb, unsigned n, TranslationBlock *dest);
void tb_flush_locked(void);     /* exclusive section */
bool tb_page_has_code(uint64_t phys_page);
/* store-watch.c: is the page watched for reservations? */
bool store_watch_page_watched(uint64_t phys_page);
/* A translation reads phys_page from now on / no longer (counted). */
void tb_page_translating_begin(uint64_t phys_page);
void tb_page_translating_end(uint64_t phys_page);
/* Was a page of tb invalidated since generation gen? */
bool tb_pages_changed_since(const TranslationBlock *tb, uint64_t gen);
/* Invalidate TBs on [start, end); true if one containing pc had more. */
bool tb_invalidate_range_locked(uint64_t start, uint64_t end, bool have_pc,
                                uint64_t pc);
TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc);
/* The memory API's RAM write hook, and the ranges it had to queue. */
void tb_ram_write_hook(AddressSpace *as, hwaddr addr, hwaddr len);
bool tb_pending_invalidations(void);
void tb_process_pending_invalidations(void);
void tb_jmp_cache_clear(CPUState *cpu);

/* Inline: every indirect jump of the guest hashes its target here. */
static inline uint32_t tb_jmp_cache_hash(uint64_t pc)
{
    return (uint32_t)((pc >> 2) ^ (pc >> (2 + TB_JMP_CACHE_BITS))) &
           (TB_JMP_CACHE_SIZE - 1);
}
/* Put tb in cpu's jump cache, its slot the one of pc (vCPU thread). */
void tb_jmp_cache_set(CPUState *cpu, uint64_t pc, TranslationBlock *tb);

/* The bit of a page number in a PAGE_BLOOM_BITS filter. */
static inline unsigned page_bloom_bit(uint64_t pn)
{
    return (unsigned)((pn * 0x9e3779b97f4a7c15ull) >> (64 - PAGE_BLOOM_BITS));
}

static inline void page_bloom_add(uint64_t *bloom, uint64_t pn)
{
    unsigned b = page_bloom_bit(pn);

    bloom[b / 64] |= 1ull << (b % 64);
}

static inline bool page_bloom_may_hold(const uint64_t *bloom, uint64_t pn)
{
    unsigned b = page_bloom_bit(pn);

    return bloom[b / 64] & (1ull << (b % 64));
}

/* cputlb.c */
void tlb_cpu_init(CPUState *cpu);
void tlb_cpu_destroy(CPUState *cpu);
/* debug.c: EXCP_DEBUG left the loop (system mode). */
void tcg_debug_exception(CPUState *cpu);
void tlb_process_pending(CPUState *cpu);
/* Physical address of code at pc; raises a fetch fault (no return). */
uint64_t tlb_get_code_phys(CPUState *cpu, uint64_t pc, bool probe,
                           bool *ok);
/* Every CPU: slow-path writes to phys_page from now on (code there). */
/* One byte of code, fetched for translation (faults raise). */
uint8_t tlb_code_ldub(CPUState *cpu, uint64_t addr, int mmu_idx);
void tlb_protect_code(uint64_t phys_page);
uint64_t tlb_guest_load(void *env, uint64_t addr, TCGMemOpIdx oi);
void tlb_guest_store(void *env, uint64_t addr, uint64_t val,
                     TCGMemOpIdx oi);
void tlb_listen(AddressSpace *as);
bool tlb_is_cpu_address_space(AddressSpace *as);
void tlb_unlisten_all(void);

/* cpu-exec.c */
void tcg_cpu_exec(CPUState *cpu);
void *tcg_helper_lookup_tb_ptr(void *env);
/* The guest pc of generated code at retaddr (state untouched). */
bool tcg_unwind_guest_pc(uintptr_t retaddr, uint64_t *pc);
/*
 * A guest access of generated code faulted at host_pc with the host
 * registers regs (x86 numbering): write back to the CPU state the guest
 * registers the block held newer values of (tcg_fault_writeback).
 */
void tcg_fault_writeback_globals(uintptr_t host_pc, const uint64_t regs[16]);
void tcg_exec_reset_exclusive(void);
/* This thread is inside tcg_exec (generated code or its helpers). */
extern __thread bool tcg_running_tb;

/* user-exec.c (user mode: tcg_user_active()) */
bool tcg_user_active(void);
void user_protect_code(uint64_t page);
uint64_t user_get_code_phys(CPUState *cpu, uint64_t pc, bool probe,
                            bool *ok);
void user_load(CPUState *cpu, uint64_t addr, uint8_t *buf, unsigned size,
               MMUAccessType type, uintptr_t ra);
void user_store(CPUState *cpu, uint64_t addr, const uint8_t *buf,
                unsigned size, uintptr_t ra);
void user_thread_init(void);
/* tcg-accel.c: a detached vCPU's context to reuse, or NULL (tb_lock). */
TCGContext *tcg_ctx_pool_take_locked(void);
/* cpu-exec.c: the exclusive part of tcg_user_fork_*. */
void tcg_exclusive_fork_prepare(void);
void tcg_exclusive_fork_done(void);

#endif
