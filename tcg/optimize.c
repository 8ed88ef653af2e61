/*
 * The optimizer: one forward pass doing constant folding, copy
 * propagation and simple algebraic simplification, with one fold_<op>
 * function per op. Facts about temps (constant value, copy-of, bits that
 * may be set, high bits that are copies of the sign) are forgotten at
 * labels, since control can arrive there from elsewhere, and for globals
 * after anything that may write them (not guest loads and stores: their
 * call-outs change no global when they return).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Ops are rewritten in place: a folded op becomes a mov, an op that does
 * nothing becomes a nop. Liveness (tcg/liveness.c) then removes movs and
 * computations whose results are unused.
 */
#include "tcg/tcg-internal.h"

#include <string.h>

typedef struct TempInfo {
    bool is_const;
    uint64_t val;
    int copy_of;        /* representative temp index, or -1 */
    int nb_copies;      /* temps whose copy_of is this one */
    uint64_t z_mask;    /* bits that may be 1 */
    /*
     * 64-bit temps: the high bits known to equal bit 63 (0: nothing
     * known); ~0ull << 31 means "sign-extended from 32 bits".
     */
    uint64_t s_mask;
} TempInfo;

typedef struct OptContext {
    TCGContext *s;
    TempInfo *info;     /* TCG_MAX_TEMPS entries: folding makes constants */
    TCGOp *op;
    uint64_t s_out;     /* set by a fold: the s_mask of its output */
} OptContext;

#define SEXT32_MASK (~0ull << 31)

static uint64_t type_mask(TCGType type)
{
    return type == TCG_TYPE_I32 ? UINT32_MAX : UINT64_MAX;
}

/* The s_mask of 64-bit constant v. */
static uint64_t smask_of_const(uint64_t v)
{
    int n = __builtin_clrsbll((long long)v);    /* bits below 63 that match */

    return n >= 63 ? UINT64_MAX : ~0ull << (63 - n);
}

/* High bits known zero are copies of bit 63 (also zero). */
static uint64_t smask_of_zmask(uint64_t z)
{
    int c = z ? __builtin_clzll(z) : 64;

    return c == 0 ? 0 : c >= 64 ? UINT64_MAX : ~0ull << (64 - c);
}

static void set_unknown(OptContext *o, int t)
{
    TCGTemp *ts = &o->s->temps[t];
    TempInfo *i = &o->info[t];

    if (i->copy_of >= 0) {
        o->info[i->copy_of].nb_copies--;
    }
    if (ts->kind == TEMP_CONST) {
        i->is_const = true;
        i->val = (uint64_t)ts->val;
        i->z_mask = (uint64_t)ts->val;
        i->s_mask = ts->type == TCG_TYPE_I64 ? smask_of_const(i->val) : 0;
    } else {
        i->is_const = false;
        i->z_mask = type_mask(ts->type);
        i->s_mask = 0;
    }
    i->copy_of = -1;
}

/*
 * t is about to be overwritten: forget it, and that its copies are
 * copies of it; they still hold the old value, whose known bits stay.
 */
static void invalidate(OptContext *o, int t)
{
    for (int i = 0; i < o->s->nb_temps && o->info[t].nb_copies; i++) {
        if (o->info[i].copy_of == t) {
            uint64_t z = o->info[i].z_mask, sm = o->info[i].s_mask;

            set_unknown(o, i);
            o->info[i].z_mask = z;
            o->info[i].s_mask = sm;
        }
    }
    set_unknown(o, t);
}

static void forget_globals(OptContext *o)
{
    for (int t = 0; t < o->s->nb_globals; t++) {
        TempInfo *i = &o->info[t];

        if (o->s->temps[t].kind == TEMP_GLOBAL &&
            (i->is_const || i->copy_of >= 0 || i->nb_copies ||
             i->z_mask != type_mask(o->s->temps[t].type) || i->s_mask)) {
            invalidate(o, t);
        }
    }
}

static void forget_all(OptContext *o)
{
    for (int t = 0; t < o->s->nb_temps; t++) {
        o->info[t].copy_of = -1;
        o->info[t].nb_copies = 0;
        set_unknown(o, t);
    }
}

static int canon(OptContext *o, int t)
{
    return o->info[t].copy_of >= 0 ? o->info[t].copy_of : t;
}

static bool arg_is_const(OptContext *o, int n, uint64_t *val)
{
    TempInfo *i = &o->info[o->op->args[n]];

    if (i->is_const && val) {
        *val = i->val;
    }
    return i->is_const;
}

static bool arg_is_const_val(OptContext *o, int n, uint64_t v)
{
    uint64_t c;
    TCGType type = (TCGType)o->op->type;

    return arg_is_const(o, n, &c) && c == (v & type_mask(type));
}

static bool args_same(OptContext *o, int a, int b)
{
    return canon(o, o->op->args[a]) == canon(o, o->op->args[b]);
}

static void set_unknown(OptContext *o, int t);

static TCGArg const_arg(OptContext *o, TCGType type, uint64_t v)
{
    int before = o->s->nb_temps;
    TCGTemp *t = tcg_constant_temp(o->s, type, (int64_t)v);
    int idx = temp_idx(o->s, t);

    if (idx >= before) {
        o->info[idx].copy_of = -1;
        o->info[idx].nb_copies = 0;
        set_unknown(o, idx);
    }
    return (TCGArg)idx;
}

/* Replace the op by "mov out, src". */
static void to_mov(OptContext *o, TCGArg src)
{
    TCGOp *op = o->op;

    op->opc = INDEX_op_mov;
    op->args[1] = src;
    op->nb_oargs = 1;
    op->nb_iargs = 1;
    op->nb_cargs = 0;
}

static void to_movi(OptContext *o, uint64_t v)
{
    to_mov(o, const_arg(o, (TCGType)o->op->type,
                        v & type_mask((TCGType)o->op->type)));
}

static void to_nop(OptContext *o)
{
    o->op->opc = INDEX_op_nop;
    o->op->nb_oargs = o->op->nb_iargs = o->op->nb_cargs = 0;
}

/* Record what is known of the output after the op. */
static void finish_output(OptContext *o, uint64_t z_mask)
{
    TCGOp *op = o->op;
    int out = (int)op->args[0];

    invalidate(o, out);
    if (op->opc == INDEX_op_mov) {
        int src = canon(o, (int)op->args[1]);
        TempInfo *si = &o->info[src];

        if (si->is_const) {
            o->info[out].is_const = true;
            o->info[out].val = si->val;
            o->info[out].z_mask = si->val;
            o->info[out].s_mask = op->type == TCG_TYPE_I64 ?
                                  smask_of_const(si->val) : 0;
        } else {
            o->info[out].copy_of = src;
            si->nb_copies++;
            o->info[out].z_mask = si->z_mask;
            o->info[out].s_mask = si->s_mask;
        }
        return;
    }
    o->info[out].z_mask = z_mask & type_mask((TCGType)op->type);
    o->info[out].s_mask = op->type == TCG_TYPE_I64 ?
                          o->s_out | smask_of_zmask(o->info[out].z_mask) : 0;
}

static uint64_t sm(OptContext *o, int n)
{
    return o->info[o->op->args[n]].s_mask;
}

static uint64_t zm(OptContext *o, int n)
{
    return o->info[o->op->args[n]].z_mask;
}

/* Fold functions: return the z_mask of the result (after any rewrite). */

static uint64_t fold_mov(OptContext *o)
{
    return zm(o, 1);
}

static uint64_t fold_add(OptContext *o)
{
    if (arg_is_const_val(o, 2, 0)) {
        to_mov(o, o->op->args[1]);
        return zm(o, 1);
    }
    return UINT64_MAX;
}

static uint64_t fold_sub(OptContext *o)
{
    if (args_same(o, 1, 2)) {
        to_movi(o, 0);
        return 0;
    }
    return fold_add(o);
}

static uint64_t fold_and(OptContext *o)
{
    uint64_t c;

    if (args_same(o, 1, 2)) {
        to_mov(o, o->op->args[1]);
        return zm(o, 1);
    }
    if (arg_is_const(o, 2, &c)) {
        if (c == 0) {
            to_movi(o, 0);
            return 0;
        }
        if ((zm(o, 1) & ~c) == 0) {
            /* no bit the mask clears can be set: x & -1 and its kin */
            to_mov(o, o->op->args[1]);
            return zm(o, 1);
        }
    }
    o->s_out = sm(o, 1) & sm(o, 2);
    return zm(o, 1) & zm(o, 2);
}

static uint64_t fold_or(OptContext *o)
{
    if (args_same(o, 1, 2) || arg_is_const_val(o, 2, 0)) {
        to_mov(o, o->op->args[1]);
        return zm(o, 1);
    }
    if (arg_is_const_val(o, 2, UINT64_MAX)) {
        to_movi(o, UINT64_MAX);
        return UINT64_MAX;
    }
    o->s_out = sm(o, 1) & sm(o, 2);
    return zm(o, 1) | zm(o, 2);
}

static uint64_t fold_xor(OptContext *o)
{
    if (args_same(o, 1, 2)) {
        to_movi(o, 0);
        return 0;
    }
    if (arg_is_const_val(o, 2, 0)) {
        to_mov(o, o->op->args[1]);
        return zm(o, 1);
    }
    o->s_out = sm(o, 1) & sm(o, 2);
    return zm(o, 1) | zm(o, 2);
}

static uint64_t fold_andc(OptContext *o)
{
    if (args_same(o, 1, 2)) {
        to_movi(o, 0);
        return 0;
    }
    if (arg_is_const_val(o, 2, 0)) {
        to_mov(o, o->op->args[1]);
        return zm(o, 1);
    }
    return zm(o, 1);
}

static uint64_t fold_orc(OptContext *o)
{
    if (args_same(o, 1, 2)) {
        to_movi(o, UINT64_MAX);
        return UINT64_MAX;
    }
    if (arg_is_const_val(o, 2, UINT64_MAX)) {
        to_mov(o, o->op->args[1]);
        return zm(o, 1);
    }
    return UINT64_MAX;
}

static uint64_t fold_eqv(OptContext *o)
{
    if (args_same(o, 1, 2)) {
        to_movi(o, UINT64_MAX);
        return UINT64_MAX;
    }
    if (arg_is_const_val(o, 2, UINT64_MAX)) {
        to_mov(o, o->op->args[1]);
        return zm(o, 1);
    }
    return UINT64_MAX;
}

static uint64_t fold_shift(OptContext *o)
{
    uint64_t c;
    unsigned width = o->op->type == TCG_TYPE_I32 ? 32 : 64;

    if (arg_is_const(o, 2, &c)) {
        c &= width - 1;
        if (c == 0) {
            to_mov(o, o->op->args[1]);
            return zm(o, 1);
        }
        switch (o->op->opc) {
        case INDEX_op_shl:
            return zm(o, 1) << c;
        case INDEX_op_shr:
            return (zm(o, 1) & type_mask((TCGType)o->op->type)) >> c;
        default:
            break;
        }
    }
    if (arg_is_const_val(o, 1, 0)) {
        to_movi(o, 0);      /* 0 shifted or rotated is 0 */
        return 0;
    }
    return UINT64_MAX;
}

static uint64_t fold_mul(OptContext *o)
{
    if (arg_is_const_val(o, 2, 1)) {
        to_mov(o, o->op->args[1]);
        return zm(o, 1);
    }
    if (arg_is_const_val(o, 2, 0)) {
        to_movi(o, 0);
        return 0;
    }
    return UINT64_MAX;
}

static uint64_t fold_mulh(OptContext *o)
{
    if (arg_is_const_val(o, 2, 0)) {
        to_movi(o, 0);
        return 0;
    }
    return UINT64_MAX;
}

static uint64_t fold_ext(OptContext *o)
{
    uint64_t m;

    switch (o->op->opc) {
    case INDEX_op_ext8u: m = 0xff; break;
    case INDEX_op_ext16u: m = 0xffff; break;
    case INDEX_op_ext32u:
    case INDEX_op_extu_i32_i64: m = 0xffffffff; break;
    case INDEX_op_extrl_i64_i32:
        return zm(o, 1) & 0xffffffff;
    case INDEX_op_ext8s:
    case INDEX_op_ext16s:
    case INDEX_op_ext32s:
        /*
         * With the sign bit known clear, or the value known to be
         * sign-extended from that width already, it is a no-op.
         */
        m = o->op->opc == INDEX_op_ext8s ? 0x7f
            : o->op->opc == INDEX_op_ext16s ? 0x7fff : 0x7fffffff;
        if ((zm(o, 1) & ~m) == 0 ||
            (o->op->type == TCG_TYPE_I64 && (sm(o, 1) & ~m) == ~m)) {
            to_mov(o, o->op->args[1]);
            return zm(o, 1);
        }
        o->s_out = ~m;
        return UINT64_MAX;
    default:
        /* ext_i32_i64 */
        if ((zm(o, 1) & 0x80000000) == 0) {
            /*
             * Sign bit clear (srliw's result, say): a zero extension,
             * which the backend does with a 32-bit move or none.
             */
            o->op->opc = INDEX_op_extu_i32_i64;
            return zm(o, 1) & 0x7fffffff;
        }
        o->s_out = SEXT32_MASK;
        return UINT64_MAX;
    }
    if (o->op->opc != INDEX_op_extu_i32_i64 && (zm(o, 1) & ~m) == 0) {
        to_mov(o, o->op->args[1]);
    }
    return zm(o, 1) & m;
}

static uint64_t fold_extract(OptContext *o)
{
    unsigned ofs = o->op->args[2], len = o->op->args[3];
    uint64_t m = len >= 64 ? UINT64_MAX : ((uint64_t)1 << len) - 1;

    if (ofs == 0 && (zm(o, 1) & ~m) == 0) {
        to_mov(o, o->op->args[1]);
        return zm(o, 1);
    }
    return (zm(o, 1) >> ofs) & m;
}

static uint64_t fold_deposit(OptContext *o)
{
    unsigned width = o->op->type == TCG_TYPE_I32 ? 32 : 64;

    if (o->op->args[3] == 0 && o->op->args[4] == width) {
        to_mov(o, o->op->args[2]);
        return zm(o, 1);
    }
    return UINT64_MAX;
}

static uint64_t fold_setcond(OptContext *o)
{
    TCGCond c = (TCGCond)o->op->args[3];

    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        to_movi(o, c == TCG_COND_ALWAYS);
        return 1;
    }
    if (args_same(o, 1, 2)) {
        to_movi(o, tcg_cond_eval((TCGType)o->op->type, c, 0, 0));
    }
    return 1;
}

static uint64_t fold_movcond(OptContext *o)
{
    TCGCond c = (TCGCond)o->op->args[5];
    TCGArg v1 = o->op->args[3], v2 = o->op->args[4];
    uint64_t a, b;

    if (arg_is_const(o, 1, &a) && arg_is_const(o, 2, &b)) {
        c = tcg_cond_eval((TCGType)o->op->type, c, a, b) ? TCG_COND_ALWAYS
                                                         : TCG_COND_NEVER;
    } else if (args_same(o, 1, 2)) {
        c = tcg_cond_eval((TCGType)o->op->type, c, 0, 0) ? TCG_COND_ALWAYS
                                                         : TCG_COND_NEVER;
    }
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER ||
        canon(o, v1) == canon(o, v2)) {
        to_mov(o, c == TCG_COND_NEVER ? v2 : v1);
        return zm(o, 1);
    }
    return zm(o, 3) | zm(o, 4);
}

static uint64_t fold_count(OptContext *o)
{
    unsigned width = o->op->type == TCG_TYPE_I32 ? 32 : 64;
    uint64_t m = width == 32 ? 63 : 127;
    uint64_t a;

    if (o->op->opc != INDEX_op_ctpop && arg_is_const(o, 1, &a)) {
        if (a == 0) {
            to_mov(o, o->op->args[2]);  /* the answer for zero */
            return zm(o, 1);
        }
        to_movi(o, tcg_eval_op((TCGOpcode)o->op->opc, (TCGType)o->op->type,
                               (uint64_t[]){ a, 0 }, NULL));
        return m;
    }
    if (o->op->opc != INDEX_op_ctpop) {
        return m | zm(o, 2);
    }
    return m;
}

static uint64_t fold_pure(OptContext *o)
{
    switch (o->op->opc) {
    case INDEX_op_mov: return fold_mov(o);
    case INDEX_op_setcond: return fold_setcond(o);
    case INDEX_op_movcond: return fold_movcond(o);
    case INDEX_op_add: return fold_add(o);
    case INDEX_op_sub: return fold_sub(o);
    case INDEX_op_and: return fold_and(o);
    case INDEX_op_or: return fold_or(o);
    case INDEX_op_xor: return fold_xor(o);
    case INDEX_op_andc: return fold_andc(o);
    case INDEX_op_orc: return fold_orc(o);
    case INDEX_op_eqv: return fold_eqv(o);
    case INDEX_op_shl:
    case INDEX_op_shr:
    case INDEX_op_sar:
    case INDEX_op_rotl:
    case INDEX_op_rotr: return fold_shift(o);
    case INDEX_op_mul: return fold_mul(o);
    case INDEX_op_mulsh:
    case INDEX_op_muluh: return fold_mulh(o);
    case INDEX_op_ext8s ... INDEX_op_extu_i32_i64: return fold_ext(o);
    case INDEX_op_deposit: return fold_deposit(o);
    case INDEX_op_extract: return fold_extract(o);
    case INDEX_op_clz:
    case INDEX_op_ctz:
    case INDEX_op_ctpop: return fold_count(o);
    case INDEX_op_bswap16: return 0xffff;
    case INDEX_op_bswap32: return 0xffffffff;
    default: return UINT64_MAX;
    }
}

static bool is_commutative(TCGOpcode opc)
{
    switch (opc) {
    case INDEX_op_add:
    case INDEX_op_and:
    case INDEX_op_or:
    case INDEX_op_xor:
    case INDEX_op_eqv:
    case INDEX_op_nand:
    case INDEX_op_nor:
    case INDEX_op_mul:
    case INDEX_op_mulsh:
    case INDEX_op_muluh:
        return true;
    default:
        return false;
    }
}

/* Inputs: constants and copies replaced by their representative. */
static void propagate_inputs(OptContext *o)
{
    TCGOp *op = o->op;

    for (int i = op->nb_oargs; i < op->nb_oargs + op->nb_iargs; i++) {
        int t = (int)op->args[i];
        TempInfo *ti = &o->info[t];

        if (ti->is_const && o->s->temps[t].kind != TEMP_CONST) {
            op->args[i] = const_arg(o, o->s->temps[t].type, ti->val);
        } else if (ti->copy_of >= 0) {
            op->args[i] = (TCGArg)ti->copy_of;
        }
    }
    if (is_commutative((TCGOpcode)op->opc) && o->info[op->args[1]].is_const &&
        !o->info[op->args[2]].is_const) {
        TCGArg t = op->args[1];
        op->args[1] = op->args[2];
        op->args[2] = t;
    }
}

static void optimize_pure(OptContext *o)
{
    TCGOp *op = o->op;
    uint64_t in[4];
    bool all_const = true;
    uint64_t z;

    o->s_out = 0;
    for (int i = 0; i < op->nb_iargs; i++) {
        all_const &= arg_is_const(o, 1 + i, &in[i]);
    }
    if (all_const && op->opc != INDEX_op_mov) {
        uint64_t v = tcg_eval_op((TCGOpcode)op->opc, (TCGType)op->type, in,
                                 op->args + 1 + op->nb_iargs);
        to_movi(o, v);
    }
    z = fold_pure(o);
    if (op->opc == INDEX_op_mov &&
        canon(o, (int)op->args[1]) == canon(o, (int)op->args[0])) {
        to_nop(o);      /* already holds that value */
        return;
    }
    finish_output(o, z);
}

/*
 * What a guest load's extension tells about its result: a narrow
 * unsigned load has its high bits clear (the z_mask returned), a signed
 * one copies its sign into them (s_out).
 */
static uint64_t qemu_ld_masks(OptContext *o)
{
    MemOp mop = tcg_memop_idx_op((TCGMemOpIdx)o->op->args[2]);
    unsigned bits = 8u << (mop & MO_SIZE);

    if (bits >= 64) {
        return UINT64_MAX;
    }
    if (mop & MO_SIGN) {
        o->s_out = ~0ull << (bits - 1);
        return UINT64_MAX;
    }
    return (1ull << bits) - 1;
}

static void optimize_brcond(OptContext *o)
{
    TCGOp *op = o->op;
    TCGCond c = (TCGCond)op->args[2];
    uint64_t a, b;

    if (arg_is_const(o, 0, &a) && arg_is_const(o, 1, &b)) {
        c = tcg_cond_eval((TCGType)op->type, c, a, b) ? TCG_COND_ALWAYS
                                                      : TCG_COND_NEVER;
    } else if (args_same(o, 0, 1)) {
        c = tcg_cond_eval((TCGType)op->type, c, 0, 0) ? TCG_COND_ALWAYS
                                                      : TCG_COND_NEVER;
    }
    if (c == TCG_COND_NEVER) {
        to_nop(o);
    } else if (c == TCG_COND_ALWAYS) {
        TCGArg label = op->args[3];
        op->opc = INDEX_op_br;
        op->args[0] = label;
        op->nb_iargs = 0;
        op->nb_cargs = 1;
    }
}

void tcg_optimize(TCGContext *s)
{
    OptContext o = { .s = s };
    bool unreachable = false;

    if (!s->opt_info) {
        s->opt_info = g_new(TempInfo, TCG_MAX_TEMPS);
    }
    o.info = s->opt_info;
    forget_all(&o);
    for (int n = 0; n < s->nb_ops; n++) {
        TCGOp *op = &s->ops[n];

        o.op = op;
        if (op->opc == INDEX_op_set_label) {
            unreachable = false;
            forget_all(&o);
            continue;
        }
        if (unreachable) {
            to_nop(&o);
            continue;
        }
        propagate_inputs(&o);
        o.s_out = 0;
        if (tcg_op_is_pure((TCGOpcode)op->opc)) {
            optimize_pure(&o);
        } else {
            switch (op->opc) {
            case INDEX_op_brcond:
                optimize_brcond(&o);
                break;
            case INDEX_op_ld8u:
                finish_output(&o, 0xff);
                break;
            case INDEX_op_ld16u:
                finish_output(&o, 0xffff);
                break;
            case INDEX_op_ld32u:
                finish_output(&o, 0xffffffff);
                break;
            case INDEX_op_ld8s:
                o.s_out = ~0ull << 7;
                finish_output(&o, UINT64_MAX);
                break;
            case INDEX_op_ld16s:
                o.s_out = ~0ull << 15;
                finish_output(&o, UINT64_MAX);
                break;
            case INDEX_op_ld32s:
                o.s_out = SEXT32_MASK;
                finish_output(&o, UINT64_MAX);
                break;
            case INDEX_op_ld:
                finish_output(&o, UINT64_MAX);
                break;
            case INDEX_op_qemu_ld:
                /*
                 * The guest memory call-outs change no global when they
                 * return (tcg.h): what is known of globals stays true.
                 */
                finish_output(&o, qemu_ld_masks(&o));
                break;
            case INDEX_op_call:
                if (!((unsigned)op->args[op->nb_oargs + op->nb_iargs + 1] &
                      TCG_CALL_NO_WRITE_GLOBALS)) {
                    forget_globals(&o);
                }
                if (op->nb_oargs) {
                    finish_output(&o, UINT64_MAX);
                }
                break;
            default:
                break;
            }
        }
        if (op->opc == INDEX_op_br || op->opc == INDEX_op_exit_tb ||
            op->opc == INDEX_op_goto_ptr) {
            unreachable = true;
        }
    }
}
