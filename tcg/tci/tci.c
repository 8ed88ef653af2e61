/*
 * TCI, the portable backend: "code generation" copies the block's ops and
 * temp table into the code buffer, and tcg_exec interprets them. It is
 * the reference every other backend is checked against, so it stays
 * simple: globals are read and written in env memory at every use.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Helpers are called through a six-argument integer prototype; on the
 * SysV x86-64 and AArch64 ABIs extra integer arguments are harmless.
 */
#include "tcg/tcg-internal.h"
#include "tcg/tcg-op.h"

#include <string.h>

#define TCI_MAGIC 0x31494354u   /* "TCI1" */

typedef struct TCIHeader {
    uint32_t magic;
    uint32_t nb_temps;
    uint32_t nb_ops;
    uint32_t nb_labels;
    /* chaining: where goto_tb n continues (0: fall through) */
    uint64_t jmp_target[TCG_MAX_GOTO_TB];
    uint64_t guest_base;    /* as set when translated */
    uint32_t guest_base_set;
    uint32_t guest_addr_bits;   /* inline only below 2^bits (0: any) */
    uint32_t tlb_set;       /* the softmmu TLB as set when translated */
    TCGSoftmmuTLB tlb;
} TCIHeader;

typedef struct TCITemp {
    uint8_t kind;
    uint8_t type;
    int64_t val;            /* constant value or global offset */
} TCITemp;

/* The insn being interpreted on this thread, for tcg_unwind_pc. */
static __thread bool tci_have_pc;
static __thread uint64_t tci_pc;

typedef uint64_t (*TCIHelper)(uint64_t, uint64_t, uint64_t, uint64_t,
                              uint64_t, uint64_t);

static bool tci_init(TCGContext *s, GError **errp)
{
    return true;
}

static ptrdiff_t tci_gen_code(TCGContext *s, size_t start)
{
    size_t need = sizeof(TCIHeader) + s->nb_temps * sizeof(TCITemp) +
                  s->nb_ops * sizeof(TCGOp) +
                  s->labels->len * sizeof(uint32_t);
    uint8_t *p = s->region.rw + start;
    TCIHeader *h = (TCIHeader *)p;
    TCITemp *temps = (TCITemp *)(h + 1);
    TCGOp *ops = (TCGOp *)(temps + s->nb_temps);
    uint32_t *labels = (uint32_t *)(ops + s->nb_ops);

    if (start + need > s->region.size) {
        return -1;
    }
    h->magic = TCI_MAGIC;
    h->nb_temps = s->nb_temps;
    h->nb_ops = s->nb_ops;
    h->nb_labels = s->labels->len;
    memset(h->jmp_target, 0, sizeof(h->jmp_target));
    h->guest_base = s->guest_base;
    h->guest_base_set = s->guest_base_set;
    h->guest_addr_bits = s->guest_addr_bits;
    h->tlb_set = s->tlb_set;
    memset(&h->tlb, 0, sizeof(h->tlb));
    if (s->tlb_set) {
        h->tlb = s->tlb;
    }
    for (int i = 0; i < s->nb_temps; i++) {
        const TCGTemp *t = &s->temps[i];
        temps[i].kind = t->kind;
        temps[i].type = t->type;
        temps[i].val = t->kind == TEMP_GLOBAL ? (int64_t)t->mem_offset
                                              : t->val;
    }
    memcpy(ops, s->ops, s->nb_ops * sizeof(TCGOp));
    for (unsigned i = 0; i < s->labels->len; i++) {
        labels[i] = UINT32_MAX;
    }
    for (int i = 0; i < s->nb_ops; i++) {
        if (ops[i].opc == INDEX_op_set_label) {
            labels[ops[i].args[0]] = i;
        } else if (ops[i].opc == INDEX_op_goto_tb) {
            s->goto_tb_offset[ops[i].args[0]] =
                (int)offsetof(TCIHeader, jmp_target[ops[i].args[0]]);
        }
    }
    for (int i = 0; i < s->nb_ops; i++) {
        /* A branch to a label never placed is a front-end bug. */
        if (ops[i].opc == INDEX_op_br) {
            g_assert(labels[ops[i].args[0]] != UINT32_MAX);
        } else if (ops[i].opc == INDEX_op_brcond) {
            g_assert(labels[ops[i].args[3]] != UINT32_MAX);
        }
    }
    return (ptrdiff_t)need;
}

typedef struct TCIFrame {
    const TCITemp *temps;
    uint8_t *env;
    uint64_t regs[TCG_MAX_TEMPS];
} TCIFrame;

static uint64_t tci_get(TCIFrame *f, TCGArg a)
{
    const TCITemp *t = &f->temps[a];

    switch (t->kind) {
    case TEMP_CONST:
        return (uint64_t)t->val;
    case TEMP_FIXED:
        return (uintptr_t)f->env;
    case TEMP_GLOBAL:
        if (t->type == TCG_TYPE_I32) {
            uint32_t v;
            memcpy(&v, f->env + t->val, 4);
            return v;
        } else {
            uint64_t v;
            memcpy(&v, f->env + t->val, 8);
            return v;
        }
    default:
        return f->regs[a];
    }
}

static void tci_set(TCIFrame *f, TCGArg a, uint64_t v)
{
    const TCITemp *t = &f->temps[a];

    if (t->type == TCG_TYPE_I32) {
        v = (uint32_t)v;
    }
    if (t->kind == TEMP_GLOBAL) {
        memcpy(f->env + t->val, &v, t->type == TCG_TYPE_I32 ? 4 : 8);
    } else {
        f->regs[a] = v;
    }
}

static uint64_t host_load(const TCGOp *op, uintptr_t addr)
{
    const void *p = (const void *)addr;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;

    switch (op->opc) {
    case INDEX_op_ld8u: memcpy(&u8, p, 1); return u8;
    case INDEX_op_ld8s: memcpy(&u8, p, 1); return (uint64_t)(int8_t)u8;
    case INDEX_op_ld16u: memcpy(&u16, p, 2); return u16;
    case INDEX_op_ld16s: memcpy(&u16, p, 2); return (uint64_t)(int16_t)u16;
    case INDEX_op_ld32u: memcpy(&u32, p, 4); return u32;
    case INDEX_op_ld32s: memcpy(&u32, p, 4); return (uint64_t)(int32_t)u32;
    default:
        if (op->type == TCG_TYPE_I32) {
            memcpy(&u32, p, 4);
            return u32;
        }
        memcpy(&u64, p, 8);
        return u64;
    }
}

static void host_store(const TCGOp *op, uintptr_t addr, uint64_t v)
{
    void *p = (void *)addr;
    size_t n;

    switch (op->opc) {
    case INDEX_op_st8: n = 1; break;
    case INDEX_op_st16: n = 2; break;
    case INDEX_op_st32: n = 4; break;
    default: n = op->type == TCG_TYPE_I32 ? 4 : 8; break;
    }
    memcpy(p, &v, n);   /* little-endian host: low bytes first */
}

/*
 * User mode: may the access of mop at guest address addr be done
 * inline? Not with an alignment requirement, nor when any byte is at
 * or above 2^guest_addr_bits: the call-out then raises the guest fault.
 */
static bool direct_ok(const TCIHeader *h, uint64_t addr, MemOp mop)
{
    uint64_t size;

    if (!h->guest_base_set || (mop & MO_AMASK)) {
        return false;
    }
    if (!h->guest_addr_bits) {
        return true;
    }
    size = 1ull << h->guest_addr_bits;
    return addr < size && size - addr >= (1u << (mop & MO_SIZE));
}

/* A guest access done inline at host address p (user mode). */
static uint64_t direct_load(uintptr_t p, MemOp mop)
{
    unsigned size = 1u << (mop & MO_SIZE);
    uint64_t v = 0;

    memcpy(&v, (const void *)p, size);      /* little-endian host */
    if (mop & MO_BE) {
        v = __builtin_bswap64(v) >> (64 - 8 * size);
    }
    if ((mop & MO_SIGN) && size < 8) {
        v = (uint64_t)((int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size));
    }
    return v;
}

static void direct_store(uintptr_t p, uint64_t v, MemOp mop)
{
    unsigned size = 1u << (mop & MO_SIZE);

    if (mop & MO_BE) {
        v = __builtin_bswap64(v) >> (64 - 8 * size);
    }
    memcpy((void *)p, &v, size);
}

/*
 * The inline softmmu TLB lookup, the same compare the native backend
 * emits: the host address of a hit, 0 on a miss (the call-out's turn).
 */
static uintptr_t tlb_lookup(const TCIHeader *h, uint8_t *env, uint64_t addr,
                            TCGMemOpIdx oi, bool store)
{
    MemOp mop = tcg_memop_idx_op(oi);
    uint8_t *base;
    const uint8_t *entry;
    uint64_t tag, addend;

    memcpy(&base, env + h->tlb.ptr_ofs, sizeof(base));
    entry = base + h->tlb.table_ofs +
            ((uintptr_t)tcg_memop_idx_mmu(oi) <<
             (TCG_TLB_BITS + TCG_TLB_ENTRY_BITS)) +
            (((addr >> h->tlb.page_bits) & (TCG_TLB_SIZE - 1)) <<
             TCG_TLB_ENTRY_BITS);
    tag = __atomic_load_n((const uint64_t *)(entry + (store ?
                          TCG_TLB_WRITE_OFS : TCG_TLB_READ_OFS)),
                          __ATOMIC_RELAXED);
    if (tag != ((addr + tcg_tlb_cmp_addend(mop)) &
                tcg_tlb_cmp_mask(&h->tlb, mop))) {
        return 0;
    }
    memcpy(&addend, entry + TCG_TLB_ADDEND_OFS, sizeof(addend));
    return (uintptr_t)(addr + addend);
}

/* Run one block; true with *ret = next block when it goes on elsewhere. */
static bool tci_run_block(TCGContext *s, TCIFrame *f, const void *code,
                          uintptr_t *ret)
{
    const TCIHeader *h = code;
    const TCGOp *ops;
    const uint32_t *labels;
    uint32_t pc = 0;

    g_assert(h->magic == TCI_MAGIC);
    tci_have_pc = false;
    f->temps = (const TCITemp *)(h + 1);
    ops = (const TCGOp *)(f->temps + h->nb_temps);
    labels = (const uint32_t *)(ops + h->nb_ops);

    while (pc < h->nb_ops) {
        const TCGOp *op = &ops[pc++];
        const TCGArg *args = op->args;
        int nio = op->nb_oargs + op->nb_iargs;
        uint64_t in[TCG_MAX_OP_ARGS];

        for (int i = 0; i < op->nb_iargs; i++) {
            in[i] = tci_get(f, args[op->nb_oargs + i]);
        }
        if (tcg_op_is_pure(op->opc)) {
            tci_set(f, args[0],
                    tcg_eval_op(op->opc, op->type, in, args + nio));
            continue;
        }
        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_set_label:
            break;
        case INDEX_op_insn_start:
            tci_have_pc = true;
            tci_pc = args[0];
            break;
        case INDEX_op_goto_tb: {
            uint64_t target = __atomic_load_n(&h->jmp_target[args[0]],
                                              __ATOMIC_ACQUIRE);
            if (target) {
                *ret = (uintptr_t)target;
                return true;    /* chained: continue in that block */
            }
            break;
        }
        case INDEX_op_br:
            pc = labels[args[0]];
            break;
        case INDEX_op_brcond:
            if (tcg_cond_eval(op->type, (TCGCond)args[2], in[0], in[1])) {
                pc = labels[args[3]];
            }
            break;
        case INDEX_op_ld8u ... INDEX_op_ld:
            tci_set(f, args[0], host_load(op, in[0] + args[2]));
            break;
        case INDEX_op_st8 ... INDEX_op_st:
            host_store(op, in[1] + args[2], in[0]);
            break;
        case INDEX_op_qemu_ld:
            if (direct_ok(h, in[0], tcg_memop_idx_op(args[2]))) {
                tci_set(f, args[0], direct_load(h->guest_base + in[0],
                                                tcg_memop_idx_op(args[2])));
                break;
            }
            if (h->tlb_set) {
                uintptr_t p = tlb_lookup(h, f->env, in[0], args[2], false);
                if (p) {
                    tci_set(f, args[0],
                            direct_load(p, tcg_memop_idx_op(args[2])));
                    break;
                }
            }
            g_assert(s->guest_ld);
            tci_set(f, args[0], s->guest_ld(f->env, in[0],
                                            (TCGMemOpIdx)args[2]));
            break;
        case INDEX_op_qemu_st:
            if (direct_ok(h, in[1], tcg_memop_idx_op(args[2]))) {
                direct_store(h->guest_base + in[1], in[0],
                             tcg_memop_idx_op(args[2]));
                break;
            }
            if (h->tlb_set) {
                uintptr_t p = tlb_lookup(h, f->env, in[1], args[2], true);
                if (p) {
                    direct_store(p, in[0], tcg_memop_idx_op(args[2]));
                    break;
                }
            }
            g_assert(s->guest_st);
            s->guest_st(f->env, in[1], in[0], (TCGMemOpIdx)args[2]);
            break;
        case INDEX_op_call: {
            uint64_t a[TCG_MAX_CALL_ARGS] = { 0 };
            const TCGHelperInfo *info =
                (const TCGHelperInfo *)(uintptr_t)args[nio];
            TCIHelper fn = (TCIHelper)info->func;
            uint64_t r;

            memcpy(a, in, op->nb_iargs * sizeof(uint64_t));
            r = fn(a[0], a[1], a[2], a[3], a[4], a[5]);
            if (op->nb_oargs) {
                tci_set(f, args[0], r);
            }
            break;
        }
        case INDEX_op_exit_tb:
            *ret = (uintptr_t)args[0];
            return false;
        case INDEX_op_goto_ptr:
            *ret = (uintptr_t)in[0];
            return *ret != 0;
        case INDEX_op_mb:
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            break;
        default:
            g_assert_not_reached();
        }
    }
    *ret = 0;       /* fell off the end: as if exit_tb 0 */
    return false;
}

/*
 * The frame (8 KiB of temps) lives on the stack: a helper that leaves
 * through siglongjmp (a guest exception) unwinds it with the rest of the
 * stack, where a heap frame would be lost. Nested runs (a helper calling
 * tcg_exec) each get their own.
 */
static uintptr_t tci_exec(TCGContext *s, void *env, const void *code)
{
    TCIFrame f;
    uintptr_t ret;

    f.env = env;
    while (tci_run_block(s, &f, code, &ret)) {
        code = (const void *)ret;
    }
    return ret;
}

static bool tci_set_goto_tb(TCGContext *s, size_t jmp_ofs,
                            const void *target)
{
    uint64_t *slot = (uint64_t *)(s->region.rw + jmp_ofs);

    __atomic_store_n(slot, (uint64_t)(uintptr_t)target, __ATOMIC_RELEASE);
    return true;
}

static bool tci_unwind(TCGContext *s, const void *code, uintptr_t host_pc,
                       uint64_t *pc)
{
    if (tci_have_pc) {
        *pc = tci_pc;
    }
    return tci_have_pc;
}

const TCGBackendOps tcg_backend_tci = {
    .set_goto_tb = tci_set_goto_tb,
    .unwind = tci_unwind,
    .init = tci_init,
    .gen_code = tci_gen_code,
    .exec = tci_exec,
};
