/*
 * The translator core: contexts, temporaries, labels, and the entry API
 * that turns a block of IR into host code and runs it. Target-independent:
 * nothing here knows any guest. docs/devel/tcg-ir.md describes the IR.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Life of a block:
 *   TCGContext *s = tcg_context_new(&opts, errp);   (once per thread)
 *   TCGv_i64 x0 = tcg_global_mem_new_i64(tcg_env, offsetof(...), "x0");
 *   tcg_func_start(s);  ...tcg_gen_*()...;  tcg_gen_exit_tb(0);
 *   const void *code = tcg_gen_code(s, errp);   (NULL + TCG_ERROR_FULL:
 *                                                 flush and retry)
 *   uintptr_t ret = tcg_exec(s, env, code);      (the exit_tb value)
 */
#ifndef VIREO_TCG_TCG_H
#define VIREO_TCG_TCG_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

G_STATIC_ASSERT(sizeof(void *) == 8);   /* hosts are 64-bit */

typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
} TCGType;
#define TCG_TYPE_PTR TCG_TYPE_I64

typedef enum TCGTempKind {
    TEMP_EBB,       /* dies at the end of an extended basic block */
    TEMP_TB,        /* lives across labels until the end of the block */
    TEMP_GLOBAL,    /* backed by a field of the CPU state */
    TEMP_FIXED,     /* the env pointer: always in a host register */
    TEMP_CONST,     /* read-only, interned per block */
} TCGTempKind;

/* Conditions: bit 3 = unsigned, values chosen so that cond ^ 1 inverts. */
typedef enum TCGCond {
    TCG_COND_NEVER = 0,
    TCG_COND_ALWAYS = 1,
    TCG_COND_EQ = 2,
    TCG_COND_NE = 3,
    TCG_COND_LT = 4,
    TCG_COND_GE = 5,
    TCG_COND_LE = 6,
    TCG_COND_GT = 7,
    TCG_COND_LTU = 12,
    TCG_COND_GEU = 13,
    TCG_COND_LEU = 14,
    TCG_COND_GTU = 15,
} TCGCond;

static inline TCGCond tcg_invert_cond(TCGCond c)
{
    return (TCGCond)(c ^ 1);
}

/*
 * Guest memory access description. Endianness is relative to a
 * little-endian view: MO_BE means the bytes in guest memory are big-endian.
 */
typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_SIZE = 3,
    MO_SIGN = 4,
    MO_LE = 0,
    MO_BE = 8,
    MO_ALIGN_SHIFT = 4,
    MO_AMASK = 7 << 4,
    MO_UNALN = 0,               /* any alignment */
    MO_ALIGN = 1 << 4,          /* natural alignment for the size */
    MO_ALIGN_2 = 2 << 4,
    MO_ALIGN_4 = 3 << 4,
    MO_ALIGN_8 = 4 << 4,
    MO_ALIGN_16 = 5 << 4,

    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_UQ = MO_64,
    MO_SB = MO_8 | MO_SIGN,
    MO_SW = MO_16 | MO_SIGN,
    MO_SL = MO_32 | MO_SIGN,
} MemOp;

/* A MemOp and an MMU index, as one argument of qemu_ld/qemu_st. */
typedef uint32_t TCGMemOpIdx;
static inline TCGMemOpIdx tcg_make_memop_idx(MemOp op, unsigned mmu_idx)
{
    return ((uint32_t)op << 8) | (mmu_idx & 0xff);
}
static inline MemOp tcg_memop_idx_op(TCGMemOpIdx oi)
{
    return (MemOp)(oi >> 8);
}
static inline unsigned tcg_memop_idx_mmu(TCGMemOpIdx oi)
{
    return oi & 0xff;
}

/*
 * Guest memory call-outs, supplied by the embedding (accel/tcg). The load
 * returns the value already sized, extended and byte-swapped per the
 * MemOp. They are called directly from generated code, so
 * __builtin_return_address(0) inside them is a host pc in the block.
 * Globals are written back before a call-out, which may read them or
 * leave the block (longjmp) but must change none of them when it
 * returns: the native backend keeps them in host registers across it.
 */
typedef uint64_t (*TCGGuestLoadFn)(void *env, uint64_t addr,
                                   TCGMemOpIdx oi);
typedef void (*TCGGuestStoreFn)(void *env, uint64_t addr, uint64_t val,
                                TCGMemOpIdx oi);

/* Helper call flags (what the helper may do with globals). */
enum {
    TCG_CALL_NO_READ_GLOBALS = 1 << 0,
    TCG_CALL_NO_WRITE_GLOBALS = 1 << 1,
    TCG_CALL_NO_SIDE_EFFECTS = 1 << 2,   /* may be removed if unused */
    TCG_CALL_NO_RWG = TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS,
    TCG_CALL_NO_RWG_SE = TCG_CALL_NO_RWG | TCG_CALL_NO_SIDE_EFFECTS,
};

/* Memory barrier kinds for tcg_gen_mb (any combination). */
enum {
    TCG_MO_LD_LD = 1,
    TCG_MO_ST_LD = 2,
    TCG_MO_LD_ST = 4,
    TCG_MO_ST_ST = 8,
    TCG_MO_ALL = 15,
};

typedef enum TCGBackend {
    TCG_BACKEND_NATIVE,     /* x86-64 host code */
    TCG_BACKEND_TCI,        /* the portable interpreter (reference) */
} TCGBackend;

typedef struct TCGContextOptions {
    TCGBackend backend;
    size_t code_size;       /* bytes of code buffer; 0 = default (32 MiB) */
    bool no_optimize;       /* skip constant folding (liveness still runs) */
    /*
     * Regions the buffer is split into, one in use per context at a time
     * (0 or 1: the whole buffer). More let sibling contexts translate in
     * parallel; a context whose region fills takes a free one, and
     * TCG_ERROR_FULL means none is left.
     */
    unsigned regions;
} TCGContextOptions;

#define TCG_DEFAULT_CODE_SIZE (32u * 1024 * 1024)
#define TCG_MAX_TEMPS 1024
#define TCG_MAX_CALL_ARGS 6
#define TCG_MAX_GOTO_TB 6      /* TB_MAX_JMP in accel/tcg */

typedef struct TCGContext TCGContext;
typedef struct TCGTemp TCGTemp;
typedef struct TCGLabel TCGLabel;

/* The context the builder functions of this thread append to. */
extern __thread TCGContext *tcg_ctx;

/*
 * Typed handles: the temp's offset from the current context (tcg_ctx),
 * never 0, so NULL stays "no temp". Every context of a code buffer
 * (tcg_context_new_sibling) has the same globals at the same offsets, so
 * a front end's global handles, made once, are valid on every
 * translating thread. Convert only with the functions below.
 */
typedef struct TCGv_i32_d *TCGv_i32;
typedef struct TCGv_i64_d *TCGv_i64;
typedef struct TCGv_ptr_d *TCGv_ptr;

static inline TCGTemp *tcgv_temp_(void *v)
{
    return v ? (TCGTemp *)((uintptr_t)tcg_ctx + (uintptr_t)v) : NULL;
}
static inline void *temp_tcgv_(TCGTemp *t)
{
    return t ? (void *)((uintptr_t)t - (uintptr_t)tcg_ctx) : NULL;
}
static inline TCGTemp *tcgv_i32_temp(TCGv_i32 v) { return tcgv_temp_(v); }
static inline TCGTemp *tcgv_i64_temp(TCGv_i64 v) { return tcgv_temp_(v); }
static inline TCGTemp *tcgv_ptr_temp(TCGv_ptr v) { return tcgv_temp_(v); }
static inline TCGv_i32 temp_tcgv_i32(TCGTemp *t)
{
    return (TCGv_i32)temp_tcgv_(t);
}
static inline TCGv_i64 temp_tcgv_i64(TCGTemp *t)
{
    return (TCGv_i64)temp_tcgv_(t);
}
static inline TCGv_ptr temp_tcgv_ptr(TCGTemp *t)
{
    return (TCGv_ptr)temp_tcgv_(t);
}

#define TCG_ERROR (tcg_error_quark())
GQuark tcg_error_quark(void);
typedef enum {
    TCG_ERROR_FULL,         /* code buffer full: flush and translate again */
    TCG_ERROR_TOO_BIG,      /* the block alone does not fit any buffer */
    TCG_ERROR_HOST,         /* the host lacks something (mmap, memfd) */
} TCGErrorCode;

/* The env pointer of tcg_ctx (first argument of tcg_exec). */
extern __thread TCGv_ptr tcg_env;

TCGContext *tcg_context_new(const TCGContextOptions *opts, GError **errp);
void tcg_context_free(TCGContext *s);
/*
 * In the child of a host fork(): the code buffer of s (and its siblings)
 * becomes the child's own copy, at the same addresses.
 */
bool tcg_context_unshare_code(TCGContext *s, GError **errp);
/* The file descriptor the code buffer holds open (-1: none). */
int tcg_context_code_fd(TCGContext *s);
/*
 * A context for another translating thread: it shares parent's code
 * buffer (blocks of either chain to each other and run with either),
 * takes a copy of its settings (backend, call-outs, guest base, TLB,
 * host features: later changes to the parent are not seen) and of the
 * globals registered so far, and has its own IR state and region.
 * Register no globals on it. tcg_code_flush on any of them forgets the
 * blocks of all (nobody may be translating). Free siblings before or
 * after the parent: the buffer goes with the last of them.
 */
TCGContext *tcg_context_new_sibling(TCGContext *parent);
/* Make s the current context of this thread (tcg_ctx, tcg_env). */
void tcg_context_set_current(TCGContext *s);
TCGBackend tcg_context_backend(TCGContext *s);
void tcg_context_set_guest_memory(TCGContext *s, TCGGuestLoadFn ld,
                                  TCGGuestStoreFn st);
/*
 * User mode: guest address a is host address base + a, accessed inline
 * (no call-out) by blocks translated from now on; accesses that require
 * alignment still go through the call-outs. A bad address faults on the
 * host (SIGSEGV), which the embedding maps back with tcg_unwind_pc.
 */
void tcg_context_set_guest_base(TCGContext *s, uintptr_t base);
/*
 * User mode with a guest address space of 2^bits bytes (1..63; 0, the
 * default, checks nothing): inline accesses whose address is 2^bits or
 * above go to the call-outs instead, which must be set. One that starts
 * below and ends above faults on the host: the embedding keeps at least
 * a page of inaccessible memory after base + 2^bits.
 */
void tcg_context_set_guest_addr_bits(TCGContext *s, unsigned bits);

/*
 * System mode: the embedding's softmmu TLB, which blocks translated from
 * now on look up inline for qemu_ld/st, calling the call-outs only on a
 * miss. The pointer stored at env + ptr_ofs, plus table_ofs, is where
 * MMU index 0's TCG_TLB_SIZE entries start; index i's follow at
 * i * TCG_TLB_SIZE entries. An entry is TCG_TLB_ENTRY_SIZE bytes: the
 * read and write tags (uint64_t) at TCG_TLB_READ_OFS/TCG_TLB_WRITE_OFS
 * and the host addend (host = guest address + addend) at
 * TCG_TLB_ADDEND_OFS. The entry of address a is
 * (a >> page_bits) & (TCG_TLB_SIZE - 1). An access of size s and
 * alignment requirement al (1 when none) hits when
 *   tag == (a + (al < s ? s - al : 0)) & (page_mask | (al - 1))
 * with page_mask = ~(2^page_bits - 1): any flag in the tag's low bits,
 * a misaligned address or one crossing into the next page misses. The
 * flags must lie in bits TCG_TLB_ALIGN_BITS .. page_bits - 1: the bits
 * below are the address's alignment bits (a flag there could equal them
 * and hit). The
 * write tag is read with a single 64-bit load (others may set flags in
 * it). NULL turns the inline path off.
 */
#define TCG_TLB_BITS 10
#define TCG_TLB_SIZE (1u << TCG_TLB_BITS)
#define TCG_TLB_ENTRY_BITS 5
#define TCG_TLB_ENTRY_SIZE (1u << TCG_TLB_ENTRY_BITS)
#define TCG_TLB_READ_OFS 0
#define TCG_TLB_WRITE_OFS 8
#define TCG_TLB_ADDEND_OFS 24
#define TCG_TLB_ALIGN_BITS 6    /* MemOp alignments reach 64 bytes */

typedef struct TCGSoftmmuTLB {
    intptr_t ptr_ofs;       /* env + ptr_ofs holds a pointer p */
    intptr_t table_ofs;     /* p + table_ofs: MMU index 0's entries */
    unsigned page_bits;     /* 10..20 */
} TCGSoftmmuTLB;

void tcg_context_set_softmmu_tlb(TCGContext *s, const TCGSoftmmuTLB *tlb);

/*
 * Keep global g (an i64 at env + offset, e.g. a counter every block
 * updates) in a host register across blocks and chained jumps: the
 * native backend loads it when tcg_exec enters generated code, writes it
 * back when that returns and wherever globals must be in memory (before
 * helpers that may read or write globals, reloading it after those that
 * may write, before guest memory call-outs). At most one per buffer, set
 * on the first context before any block is translated or any sibling
 * made. The interpreter keeps it in memory as any global.
 */
void tcg_context_pin_global(TCGContext *s, TCGv_i64 g);

/* Start a new block: drops the previous block's temps, ops and labels. */
void tcg_func_start(TCGContext *s);
/*
 * Translate the current block into the code buffer; returns the entry
 * for tcg_exec. On TCG_ERROR_FULL nothing was committed: call
 * tcg_code_flush() and translate the block again.
 */
const void *tcg_gen_code(TCGContext *s, GError **errp);
/* Run a block with env; returns the value of the exit_tb that ended it. */
uintptr_t tcg_exec(TCGContext *s, void *env, const void *code);
/*
 * The guest pc (insn_start argument) of the instruction of block code
 * that was running at host_pc, a return address seen by a helper or
 * call-out called from that block; false if it is not in the block or
 * the block has no insn_start before it. With TCI, host_pc is ignored and
 * the answer is the instruction the calling thread is interpreting.
 */
bool tcg_unwind_pc(TCGContext *s, const void *code, uintptr_t host_pc,
                   uint64_t *pc);
/*
 * User mode's inline guest accesses do not write the globals back to
 * env first: when one faults on the host, the globals its registers held
 * newer values of are written back from the fault's host registers
 * (regs, indexed by x86 register number: rax 0 ... r15 15) into the env
 * the block ran with. Call it before reading the CPU state in the
 * SIGSEGV handler; host_pc is the faulting instruction. True if host_pc
 * was such an access (with or without anything to write back).
 */
bool tcg_fault_writeback(TCGContext *s, const void *code, uintptr_t host_pc,
                         const uint64_t regs[16]);
/*
 * Forget every translated block of the buffer, all contexts' (the
 * prologue is kept). No context of the buffer may be translating.
 */
void tcg_code_flush(TCGContext *s);
/* Where the context's next block would go (a buffer offset). */
size_t tcg_code_used(TCGContext *s);
/* Bytes of the last translated block from its entry (code, tables). */
size_t tcg_block_size(TCGContext *s);
/*
 * Offset, relative to the block's entry, of goto_tb jump n of the last
 * translated block; -1 when it has none. Keep it with the block for
 * chaining.
 */
int tcg_goto_tb_offset(TCGContext *s, unsigned n);
/*
 * For a block made with tcg_gen_goto_tb_loop(n): the goto_tb that loops
 * (-1: none) and where, from the entry, it must be chained to when its
 * target is the block itself (the backend's loop entry; 0: the entry).
 */
int tcg_loop_goto_tb(TCGContext *s);
int tcg_loop_entry_offset(TCGContext *s);
/*
 * Chain: make the goto_tb jump at offset ofs of block code continue at
 * target (another block's entry), or fall through again when target is
 * NULL. The update is a single aligned store, safe while other threads
 * run the block. Fails, changing nothing, when ofs is not a goto_tb of
 * a block in this context's buffer or target is out of reach.
 */
bool tcg_set_goto_tb_target(TCGContext *s, const void *code, int ofs,
                            const void *target, GError **errp);

/* Temporaries. */
TCGv_i32 tcg_temp_new_i32(void);
TCGv_i64 tcg_temp_new_i64(void);
TCGv_ptr tcg_temp_new_ptr(void);
/* Temps that survive labels (TEMP_TB); the plain ones die at a label. */
TCGv_i32 tcg_temp_new_tb_i32(void);
TCGv_i64 tcg_temp_new_tb_i64(void);
void tcg_temp_free_i32(TCGv_i32 t);
void tcg_temp_free_i64(TCGv_i64 t);
void tcg_temp_free_ptr(TCGv_ptr t);
TCGv_i32 tcg_constant_i32(int32_t v);
TCGv_i64 tcg_constant_i64(int64_t v);
TCGv_ptr tcg_constant_ptr(uintptr_t v);
/* Globals: registered once per context, before or between blocks. */
TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset,
                                const char *name);
TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset,
                                const char *name);
TCGv_ptr tcg_global_mem_new_ptr(TCGv_ptr base, intptr_t offset,
                                const char *name);

TCGLabel *gen_new_label(void);

/* The IR of the current block as text, one op per line (g_free it). */
char *tcg_dump_ops(TCGContext *s);
/* Print it to the log under a heading when LOG_OP/LOG_OP_OPT is on. */
void tcg_log_ops(TCGContext *s, int log_mask, const char *heading);
int tcg_nb_ops(TCGContext *s);

#endif
