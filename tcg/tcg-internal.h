/*
 * Inside the translator core: the context, temps, ops and labels as the
 * passes and backends see them, and the interface each backend provides.
 * Not for front ends (they use include/tcg/tcg.h and tcg-op.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TCG_TCG_INTERNAL_H
#define VIREO_TCG_TCG_INTERNAL_H

#include "tcg/tcg.h"
#include "tcg/region.h"

#include <stdio.h>

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
#undef DEF
    NB_OPS,
} TCGOpcode;

enum {
    TCG_OPF_TYPED = 1 << 0,
    TCG_OPF_BB_END = 1 << 1,
    TCG_OPF_SIDE_EFFECTS = 1 << 2,
    TCG_OPF_CALL_CLOBBER = 1 << 3,
};

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

typedef uint64_t TCGArg;

/*
 * Enough for a call: 1 output, TCG_MAX_CALL_ARGS inputs, func, flags and
 * a fast path (tcg_gen_call_fp).
 */
#define TCG_MAX_OP_ARGS (1 + TCG_MAX_CALL_ARGS + 3)

struct TCGTemp {
    TCGType type;
    TCGTempKind kind;
    bool allocated;     /* a free temp may be handed out again */
    int next_free;      /* free list link (temp index), -1 at the end */
    int64_t val;        /* TEMP_CONST: the value */
    intptr_t mem_offset;    /* TEMP_GLOBAL: offset from env */
    const char *name;   /* TEMP_GLOBAL/TEMP_FIXED */
};

typedef struct TCGOp {
    uint16_t opc;
    uint8_t type;       /* TCGType of the operation */
    uint8_t nb_oargs;   /* copied from the def, or the call's counts */
    uint8_t nb_iargs;
    uint8_t nb_cargs;
    /* set by liveness: bit i = temp arg i is dead after this op */
    uint16_t life;
    /* outputs, inputs (temp indexes), then constant arguments */
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

struct TCGLabel {
    unsigned id;
    bool present;       /* set_label seen */
};

typedef struct TCGBackendOps TCGBackendOps;

/*
 * One code buffer shared by a context and its siblings: the memfd, the
 * prologue at its start, then nb_regions regions handed out in turn.
 */
typedef struct TCGCodeBuffer {
    TCGRegion map;          /* the whole buffer, both views */
    size_t base;            /* after the prologue: region 0 starts here */
    size_t region_size;     /* the last region takes the remainder too */
    unsigned nb_regions;
    GMutex lock;            /* next_region, flush_gen, refs */
    unsigned next_region;
    unsigned flush_gen;     /* bumped by tcg_code_flush */
    int refs;               /* contexts using it */
} TCGCodeBuffer;

struct TCGContext {
    TCGBackend backend_kind;
    bool no_optimize;
    const TCGBackendOps *backend;
    /*
     * This context's view of the buffer: rw/rx/fd of the whole map,
     * [keep, size) the region it fills (size 0: none yet), used its
     * cursor. Backends emit at rw + start and stop at size.
     */
    TCGRegion region;
    TCGCodeBuffer *buf;
    unsigned flush_gen;         /* buf->flush_gen when region was taken */
    size_t last_block_size;
    const void *prologue;       /* native: tcg_exec jumps through it */
    const void *epilogue;       /* native: exit_tb jumps here */
    TCGGuestLoadFn guest_ld;
    TCGGuestStoreFn guest_st;
    bool guest_base_set;        /* qemu_ld/st inline at guest_base + a */
    uintptr_t guest_base;
    unsigned guest_addr_bits;   /* inline only below 2^bits (0: any) */
    bool tlb_set;               /* qemu_ld/st look up the TLB inline */
    TCGSoftmmuTLB tlb;

    int nb_globals;             /* includes env, temps[0] */
    int nb_temps;
    TCGTemp temps[TCG_MAX_TEMPS];
    GHashTable *const_table[2]; /* per type: value -> temp index + 1 */
    int free_temps[2][2];       /* [type][kind == TEMP_TB]: list heads */

    TCGOp *ops;
    int nb_ops, ops_cap;
    GPtrArray *labels;          /* of TCGLabel * */

    int goto_tb_offset[TCG_MAX_GOTO_TB];
    int loop_goto_tb;           /* goto_tb back to this block, or -1 */
    int loop_entry_ofs;         /* native: where it chains to, from entry */
    size_t entry_ofs;           /* set by gen_code: entry - block start */
    size_t code_len;            /* set by gen_code: host code bytes */
    unsigned host_features;     /* TCG_HOST_* the native backend may use */
    int pinned;                 /* temp index of the pinned global, or -1 */
    size_t pin_load_ofs;        /* native: the prologue's load of it */
    size_t pin_store_ofs;       /* native: the epilogue's store of it */
    size_t guest_limit_ofs;     /* native: 8 bytes, 2^guest_addr_bits */
    /*
     * Per-translation working arrays kept from one translation to the
     * next (emptied, not freed): a large program translates hundreds of
     * thousands of blocks, and allocating them afresh each time cost
     * about a tenth of its run (docs/performance.md, cc1).
     */
    void *opt_info;             /* tcg_optimize: TCG_MAX_TEMPS entries */
    GArray *gen_insns, *gen_refs, *gen_slow_paths;  /* native backend */
    GByteArray *gen_faults;     /* native backend */
    void *flow_scratch;         /* native backend: per-label arrays */
    size_t flow_scratch_size;
};

/* Host instruction-set features, detected once per context. */
enum {
    TCG_HOST_BMI1 = 1 << 0,
    TCG_HOST_BMI2 = 1 << 1,
    TCG_HOST_LZCNT = 1 << 2,
    TCG_HOST_POPCNT = 1 << 3,
    TCG_HOST_MOVBE = 1 << 4,
    TCG_HOST_FMA = 1 << 5,      /* FMA3, with the OS saving AVX state */
};

/* What a backend provides. */
struct TCGBackendOps {
    /* Once per context: e.g. write the prologue into the region. */
    bool (*init)(TCGContext *s, GError **errp);
    /*
     * Translate the current ops at region.rw + start; return the bytes
     * written, or -1 when they do not fit before region.size. Sets
     * entry_ofs to where the entry lies from start.
     */
    ptrdiff_t (*gen_code)(TCGContext *s, size_t start);
    uintptr_t (*exec)(TCGContext *s, void *env, const void *code);
    /*
     * Point the goto_tb at buffer offset jmp_ofs to target (NULL: fall
     * through). Returns false if target is out of reach.
     */
    bool (*set_goto_tb)(TCGContext *s, size_t jmp_ofs, const void *target);
    /* Optional: tcg_context_pin_global was called (pinned is set). */
    void (*pin_global)(TCGContext *s);
    /* The guest pc of the insn of block code that host_pc is in. */
    bool (*unwind)(TCGContext *s, const void *code, uintptr_t host_pc,
                   uint64_t *pc);
    /* Optional: tcg_fault_writeback. */
    bool (*fault_writeback)(TCGContext *s, const void *code,
                            uintptr_t host_pc, const uint64_t regs[16]);
};

extern const TCGBackendOps tcg_backend_native;
extern const TCGBackendOps tcg_backend_tci;

static inline int temp_idx(TCGContext *s, TCGTemp *t)
{
    return (int)(t - s->temps);
}
static inline TCGTemp *arg_temp(TCGContext *s, TCGArg a)
{
    return &s->temps[a];
}
static inline TCGLabel *arg_label(TCGContext *s, TCGArg a)
{
    return g_ptr_array_index(s->labels, a);
}

/* Append an op; args as described by its def (the builder's primitive). */
TCGOp *tcg_emit_op(TCGOpcode opc, TCGType type, int nargs,
                   const TCGArg *args);

/* Disassemble (or hex-dump) host code for -d out_asm. */
void tcg_disas_host(FILE *f, const void *code, size_t len);

/* Whether a qemu_ld/st with this MemOp is done inline (guest_base). */
static inline bool tcg_guest_access_direct(TCGContext *s, TCGMemOpIdx oi)
{
    return s->guest_base_set && !(tcg_memop_idx_op(oi) & MO_AMASK);
}

/* Whether a qemu_ld/st looks the softmmu TLB up inline first. */
static inline bool tcg_guest_access_tlb(TCGContext *s, TCGMemOpIdx oi)
{
    return s->tlb_set && !tcg_guest_access_direct(s, oi);
}

/*
 * The inline TLB compare value of an access at addr (see
 * tcg_context_set_softmmu_tlb): its offset added before the mask, and
 * the alignment bits kept by the mask.
 */
static inline uint64_t tcg_tlb_cmp_addend(MemOp mop)
{
    unsigned s_mask = (1u << (mop & MO_SIZE)) - 1;
    unsigned a = (mop & MO_AMASK) >> MO_ALIGN_SHIFT;
    unsigned a_mask = a == 0 ? 0 : a == 1 ? s_mask : (1u << (a - 1)) - 1;

    return a_mask >= s_mask ? 0 : s_mask - a_mask;
}
static inline uint64_t tcg_tlb_cmp_mask(const TCGSoftmmuTLB *t, MemOp mop)
{
    unsigned s_mask = (1u << (mop & MO_SIZE)) - 1;
    unsigned a = (mop & MO_AMASK) >> MO_ALIGN_SHIFT;
    unsigned a_mask = a == 0 ? 0 : a == 1 ? s_mask : (1u << (a - 1)) - 1;

    return ~(((uint64_t)1 << t->page_bits) - 1) | a_mask;
}

/* The interned constant v of type in s (created if need be). */
TCGTemp *tcg_constant_temp(TCGContext *s, TCGType type, int64_t v);

/* Passes, run by tcg_gen_code in this order. */
void tcg_optimize(TCGContext *s);
void tcg_liveness(TCGContext *s);

/* Evaluate a condition on two values of the given type. */
bool tcg_cond_eval(TCGType type, TCGCond c, uint64_t a, uint64_t b);

/*
 * Pure ops are mov .. ctpop in the opcode list: no memory, no control
 * flow. tcg_eval_op computes one from its input values and constant
 * arguments (tcg/tcg-eval.c).
 */
bool tcg_op_is_pure(TCGOpcode opc);
uint64_t tcg_eval_op(TCGOpcode opc, TCGType type, const uint64_t *in,
                     const TCGArg *cargs);

#endif
