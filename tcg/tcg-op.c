/*
 * The IR builder: each tcg_gen_* appends one op (or a short sequence) to
 * the current block. Argument checks here are for programming errors in
 * front ends, hence g_assert.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg/tcg-op.h"
#include "tcg/tcg-internal.h"

static inline TCGArg targ(TCGTemp *t)
{
    return (TCGArg)temp_idx(tcg_ctx, t);
}
#define A32(v) targ(tcgv_i32_temp(v))
#define A64(v) targ(tcgv_i64_temp(v))
#define APTR(v) targ(tcgv_ptr_temp(v))

static void emit2(TCGOpcode opc, TCGType type, TCGArg a, TCGArg b)
{
    TCGArg args[] = { a, b };
    tcg_emit_op(opc, type, 2, args);
}

static void emit3(TCGOpcode opc, TCGType type, TCGArg a, TCGArg b, TCGArg c)
{
    TCGArg args[] = { a, b, c };
    tcg_emit_op(opc, type, 3, args);
}

static void emit4(TCGOpcode opc, TCGType type, TCGArg a, TCGArg b, TCGArg c,
                  TCGArg d)
{
    TCGArg args[] = { a, b, c, d };
    tcg_emit_op(opc, type, 4, args);
}

#define GEN_UN(name)                                                    \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a)                 \
    {                                                                   \
        emit2(INDEX_op_##name, TCG_TYPE_I32, A32(ret), A32(a));         \
    }                                                                   \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a)                 \
    {                                                                   \
        emit2(INDEX_op_##name, TCG_TYPE_I64, A64(ret), A64(a));         \
    }
#define GEN_BIN(name)                                                   \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)     \
    {                                                                   \
        emit3(INDEX_op_##name, TCG_TYPE_I32, A32(ret), A32(a), A32(b)); \
    }                                                                   \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)     \
    {                                                                   \
        emit3(INDEX_op_##name, TCG_TYPE_I64, A64(ret), A64(a), A64(b)); \
    }
#define GEN_BINI(name, op)                                              \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b)      \
    {                                                                   \
        tcg_gen_##op##_i32(ret, a, tcg_constant_i32(b));                \
    }                                                                   \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b)      \
    {                                                                   \
        tcg_gen_##op##_i64(ret, a, tcg_constant_i64(b));                \
    }

GEN_UN(mov)
GEN_UN(neg)
GEN_UN(not)
GEN_UN(ext8s)
GEN_UN(ext8u)
GEN_UN(ext16s)
GEN_UN(ext16u)
GEN_UN(bswap16)
GEN_UN(bswap32)
GEN_UN(ctpop)
GEN_BIN(add)
GEN_BIN(sub)
GEN_BIN(and)
GEN_BIN(or)
GEN_BIN(xor)
GEN_BIN(andc)
GEN_BIN(orc)
GEN_BIN(eqv)
GEN_BIN(nand)
GEN_BIN(nor)
GEN_BIN(shl)
GEN_BIN(shr)
GEN_BIN(sar)
GEN_BIN(rotl)
GEN_BIN(rotr)
GEN_BIN(mul)
GEN_BIN(mulsh)
GEN_BIN(muluh)
GEN_BIN(div)
GEN_BIN(divu)
GEN_BIN(rem)
GEN_BIN(remu)
GEN_BIN(clz)
GEN_BIN(ctz)
GEN_BINI(addi, add)
GEN_BINI(subi, sub)
GEN_BINI(andi, and)
GEN_BINI(ori, or)
GEN_BINI(xori, xor)
GEN_BINI(muli, mul)
GEN_BINI(shli, shl)
GEN_BINI(shri, shr)
GEN_BINI(sari, sar)

void tcg_gen_movi_i32(TCGv_i32 ret, int32_t v)
{
    tcg_gen_mov_i32(ret, tcg_constant_i32(v));
}

void tcg_gen_movi_i64(TCGv_i64 ret, int64_t v)
{
    tcg_gen_mov_i64(ret, tcg_constant_i64(v));
}

void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 a)
{
    emit2(INDEX_op_ext32s, TCG_TYPE_I64, A64(ret), A64(a));
}

void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 a)
{
    emit2(INDEX_op_ext32u, TCG_TYPE_I64, A64(ret), A64(a));
}

void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 a)
{
    emit2(INDEX_op_bswap64, TCG_TYPE_I64, A64(ret), A64(a));
}

void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 a)
{
    emit2(INDEX_op_extrl_i64_i32, TCG_TYPE_I32, A32(ret), A64(a));
}

void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 a)
{
    emit2(INDEX_op_ext_i32_i64, TCG_TYPE_I64, A64(ret), A32(a));
}

void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 a)
{
    emit2(INDEX_op_extu_i32_i64, TCG_TYPE_I64, A64(ret), A32(a));
}

static void check_field(TCGType type, unsigned ofs, unsigned len)
{
    unsigned width = type == TCG_TYPE_I32 ? 32 : 64;

    g_assert(len >= 1 && len <= width && ofs < width && ofs + len <= width);
}

void tcg_gen_deposit_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b,
                         unsigned ofs, unsigned len)
{
    TCGArg args[] = { A32(ret), A32(a), A32(b), ofs, len };

    check_field(TCG_TYPE_I32, ofs, len);
    tcg_emit_op(INDEX_op_deposit, TCG_TYPE_I32, 5, args);
}

void tcg_gen_deposit_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b,
                         unsigned ofs, unsigned len)
{
    TCGArg args[] = { A64(ret), A64(a), A64(b), ofs, len };

    check_field(TCG_TYPE_I64, ofs, len);
    tcg_emit_op(INDEX_op_deposit, TCG_TYPE_I64, 5, args);
}

void tcg_gen_extract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs,
                         unsigned len)
{
    check_field(TCG_TYPE_I32, ofs, len);
    emit4(INDEX_op_extract, TCG_TYPE_I32, A32(ret), A32(a), ofs, len);
}

void tcg_gen_extract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs,
                         unsigned len)
{
    check_field(TCG_TYPE_I64, ofs, len);
    emit4(INDEX_op_extract, TCG_TYPE_I64, A64(ret), A64(a), ofs, len);
}

void tcg_gen_sextract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs,
                          unsigned len)
{
    check_field(TCG_TYPE_I32, ofs, len);
    emit4(INDEX_op_sextract, TCG_TYPE_I32, A32(ret), A32(a), ofs, len);
}

void tcg_gen_sextract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs,
                          unsigned len)
{
    check_field(TCG_TYPE_I64, ofs, len);
    emit4(INDEX_op_sextract, TCG_TYPE_I64, A64(ret), A64(a), ofs, len);
}

void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b)
{
    emit4(INDEX_op_setcond, TCG_TYPE_I32, A32(ret), A32(a), A32(b), c);
}

void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b)
{
    emit4(INDEX_op_setcond, TCG_TYPE_I64, A64(ret), A64(a), A64(b), c);
}

void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2)
{
    TCGArg args[] = { A32(ret), A32(c1), A32(c2), A32(v1), A32(v2), c };
    tcg_emit_op(INDEX_op_movcond, TCG_TYPE_I32, 6, args);
}

void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2)
{
    TCGArg args[] = { A64(ret), A64(c1), A64(c2), A64(v1), A64(v2), c };
    tcg_emit_op(INDEX_op_movcond, TCG_TYPE_I64, 6, args);
}

void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel *l)
{
    emit4(INDEX_op_brcond, TCG_TYPE_I32, A32(a), A32(b), c, l->id);
}

void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel *l)
{
    emit4(INDEX_op_brcond, TCG_TYPE_I64, A64(a), A64(b), c, l->id);
}

void tcg_gen_brcondi_i32(TCGCond c, TCGv_i32 a, int32_t b, TCGLabel *l)
{
    tcg_gen_brcond_i32(c, a, tcg_constant_i32(b), l);
}

void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, int64_t b, TCGLabel *l)
{
    tcg_gen_brcond_i64(c, a, tcg_constant_i64(b), l);
}

void tcg_gen_setcondi_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, int32_t b)
{
    tcg_gen_setcond_i32(c, ret, a, tcg_constant_i32(b));
}

void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, int64_t b)
{
    tcg_gen_setcond_i64(c, ret, a, tcg_constant_i64(b));
}

void tcg_gen_mov_ptr(TCGv_ptr ret, TCGv_ptr a)
{
    emit2(INDEX_op_mov, TCG_TYPE_PTR, APTR(ret), APTR(a));
}

void tcg_gen_addi_ptr(TCGv_ptr ret, TCGv_ptr a, intptr_t b)
{
    emit3(INDEX_op_add, TCG_TYPE_PTR, APTR(ret), APTR(a),
          targ(tcgv_ptr_temp(tcg_constant_ptr((uintptr_t)b))));
}

void tcg_gen_add_ptr(TCGv_ptr ret, TCGv_ptr a, TCGv_i64 b)
{
    emit3(INDEX_op_add, TCG_TYPE_PTR, APTR(ret), APTR(a), A64(b));
}

void tcg_gen_br(TCGLabel *l)
{
    TCGArg args[] = { l->id };
    tcg_emit_op(INDEX_op_br, TCG_TYPE_I64, 1, args);
}

void gen_set_label(TCGLabel *l)
{
    TCGArg args[] = { l->id };

    g_assert(!l->present);
    l->present = true;
    tcg_emit_op(INDEX_op_set_label, TCG_TYPE_I64, 1, args);
}

#define GEN_LD(name, opc, ty, T, A)                                     \
    void tcg_gen_##name(T ret, TCGv_ptr base, intptr_t ofs)             \
    {                                                                   \
        emit3(INDEX_op_##opc, ty, A(ret), APTR(base), (TCGArg)ofs);     \
    }
#define GEN_ST(name, opc, ty, T, A)                                     \
    void tcg_gen_##name(T val, TCGv_ptr base, intptr_t ofs)             \
    {                                                                   \
        emit3(INDEX_op_##opc, ty, A(val), APTR(base), (TCGArg)ofs);     \
    }

GEN_LD(ld8u_i32, ld8u, TCG_TYPE_I32, TCGv_i32, A32)
GEN_LD(ld8s_i32, ld8s, TCG_TYPE_I32, TCGv_i32, A32)
GEN_LD(ld16u_i32, ld16u, TCG_TYPE_I32, TCGv_i32, A32)
GEN_LD(ld16s_i32, ld16s, TCG_TYPE_I32, TCGv_i32, A32)
GEN_LD(ld_i32, ld, TCG_TYPE_I32, TCGv_i32, A32)
GEN_LD(ld8u_i64, ld8u, TCG_TYPE_I64, TCGv_i64, A64)
GEN_LD(ld8s_i64, ld8s, TCG_TYPE_I64, TCGv_i64, A64)
GEN_LD(ld16u_i64, ld16u, TCG_TYPE_I64, TCGv_i64, A64)
GEN_LD(ld16s_i64, ld16s, TCG_TYPE_I64, TCGv_i64, A64)
GEN_LD(ld32u_i64, ld32u, TCG_TYPE_I64, TCGv_i64, A64)
GEN_LD(ld32s_i64, ld32s, TCG_TYPE_I64, TCGv_i64, A64)
GEN_LD(ld_i64, ld, TCG_TYPE_I64, TCGv_i64, A64)
GEN_LD(ld_ptr, ld, TCG_TYPE_PTR, TCGv_ptr, APTR)
GEN_ST(st8_i32, st8, TCG_TYPE_I32, TCGv_i32, A32)
GEN_ST(st16_i32, st16, TCG_TYPE_I32, TCGv_i32, A32)
GEN_ST(st_i32, st, TCG_TYPE_I32, TCGv_i32, A32)
GEN_ST(st8_i64, st8, TCG_TYPE_I64, TCGv_i64, A64)
GEN_ST(st16_i64, st16, TCG_TYPE_I64, TCGv_i64, A64)
GEN_ST(st32_i64, st32, TCG_TYPE_I64, TCGv_i64, A64)
GEN_ST(st_i64, st, TCG_TYPE_I64, TCGv_i64, A64)
GEN_ST(st_ptr, st, TCG_TYPE_PTR, TCGv_ptr, APTR)

static TCGMemOpIdx check_memop(TCGType type, unsigned mmu_idx, MemOp op)
{
    /* A 64-bit access into an i32 value cannot be represented. */
    g_assert(type == TCG_TYPE_I64 || (op & MO_SIZE) != MO_64);
    if (type == TCG_TYPE_I32 && (op & MO_SIZE) == MO_32) {
        op &= ~MO_SIGN;     /* sign is meaningless at full width */
    }
    return tcg_make_memop_idx(op, mmu_idx);
}

void tcg_gen_qemu_ld_i32(TCGv_i32 ret, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp op)
{
    emit3(INDEX_op_qemu_ld, TCG_TYPE_I32, A32(ret), A64(addr),
          check_memop(TCG_TYPE_I32, mmu_idx, op));
}

void tcg_gen_qemu_ld_i64(TCGv_i64 ret, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp op)
{
    emit3(INDEX_op_qemu_ld, TCG_TYPE_I64, A64(ret), A64(addr),
          check_memop(TCG_TYPE_I64, mmu_idx, op));
}

void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp op)
{
    emit3(INDEX_op_qemu_st, TCG_TYPE_I32, A32(val), A64(addr),
          check_memop(TCG_TYPE_I32, mmu_idx, op));
}

void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp op)
{
    emit3(INDEX_op_qemu_st, TCG_TYPE_I64, A64(val), A64(addr),
          check_memop(TCG_TYPE_I64, mmu_idx, op));
}

/*
 * A call op: [ret,] args..., info, flags[, fast-path description] (the
 * constants after the flags are for the backend only).
 */
static void emit_call(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                      TCGTemp **args, const TCGArg *extra, int nextra)
{
    TCGArg a[TCG_MAX_OP_ARGS];
    int n = 0;
    TCGOp *op;

    g_assert(nargs >= 0 && nargs <= TCG_MAX_CALL_ARGS);
    if (ret) {
        g_assert(ret->kind != TEMP_CONST && ret->kind != TEMP_FIXED);
        a[n++] = targ(ret);
    }
    for (int i = 0; i < nargs; i++) {
        a[n++] = targ(args[i]);
    }
    a[n++] = (TCGArg)(uintptr_t)info;
    a[n++] = info->flags;
    for (int i = 0; i < nextra; i++) {
        a[n++] = extra[i];
    }
    op = tcg_emit_op(INDEX_op_call, ret ? ret->type : TCG_TYPE_I64, n, a);
    op->nb_oargs = ret ? 1 : 0;
    op->nb_iargs = nargs;
    op->nb_cargs = 2 + nextra;
}

void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp **args)
{
    emit_call(info, ret, nargs, args, NULL, 0);
}

void tcg_gen_call_fp(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                     TCGTemp **args, const TCGFpFast *fast)
{
    TCGArg packed;

    g_assert(nargs >= 0 && nargs <= TCG_MAX_CALL_ARGS && ret);
    g_assert(fast->op > TCG_FP_NONE && fast->op < TCG_FP_NB_OPS &&
             fast->first + tcg_fp_nb_operands(fast->op) <= (unsigned)nargs);
    packed = tcg_fp_fast_pack(fast);
    emit_call(info, ret, nargs, args, &packed, 1);
}

static void emit1(TCGOpcode opc, TCGArg a)
{
    TCGArg args[] = { a };
    tcg_emit_op(opc, TCG_TYPE_I64, 1, args);
}

void tcg_gen_insn_start(uint64_t pc)
{
    emit1(INDEX_op_insn_start, pc);
}

void tcg_gen_goto_tb(unsigned n)
{
    g_assert(n < TCG_MAX_GOTO_TB);
    emit1(INDEX_op_goto_tb, n);
}

void tcg_gen_goto_tb_loop(unsigned n)
{
    tcg_gen_goto_tb(n);
    tcg_ctx->loop_goto_tb = (int)n;
}

void tcg_gen_exit_tb(uintptr_t val)
{
    emit1(INDEX_op_exit_tb, val);
}

void tcg_gen_goto_ptr(TCGv_ptr ptr)
{
    TCGArg args[] = { APTR(ptr) };
    tcg_emit_op(INDEX_op_goto_ptr, TCG_TYPE_PTR, 1, args);
}

void tcg_gen_mb(unsigned kind)
{
    emit1(INDEX_op_mb, kind & TCG_MO_ALL);
}
