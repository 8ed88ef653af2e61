/*
 * The IR builder: one function per operation, appending to the current
 * block of tcg_ctx. Front ends translate guest instructions with these.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Naming: tcg_gen_OP_i32 / _i64 operate on temps of that type; the "i"
 * forms (tcg_gen_addi_i64) take a constant second operand. Semantics are
 * in docs/devel/tcg-ir.md; in short: shift and rotate counts are taken
 * modulo the width; div/rem by zero and INT_MIN / -1 are undefined (the
 * front end must not emit them).
 */
#ifndef VIREO_TCG_TCG_OP_H
#define VIREO_TCG_TCG_OP_H

#include "tcg/tcg.h"

#define TCG_DECL_UN(name)                                               \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a);                \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a);
#define TCG_DECL_BIN(name)                                              \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);    \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
#define TCG_DECL_BINI(name)                                             \
    void tcg_gen_##name##_i32(TCGv_i32 ret, TCGv_i32 a, int32_t b);     \
    void tcg_gen_##name##_i64(TCGv_i64 ret, TCGv_i64 a, int64_t b);

TCG_DECL_UN(mov)
TCG_DECL_UN(neg)
TCG_DECL_UN(not)
TCG_DECL_UN(ext8s)
TCG_DECL_UN(ext8u)
TCG_DECL_UN(ext16s)
TCG_DECL_UN(ext16u)
TCG_DECL_UN(bswap16)
TCG_DECL_UN(bswap32)
TCG_DECL_UN(ctpop)
TCG_DECL_BIN(add)
TCG_DECL_BIN(sub)
TCG_DECL_BIN(and)
TCG_DECL_BIN(or)
TCG_DECL_BIN(xor)
TCG_DECL_BIN(andc)
TCG_DECL_BIN(orc)
TCG_DECL_BIN(eqv)
TCG_DECL_BIN(nand)
TCG_DECL_BIN(nor)
TCG_DECL_BIN(shl)
TCG_DECL_BIN(shr)
TCG_DECL_BIN(sar)
TCG_DECL_BIN(rotl)
TCG_DECL_BIN(rotr)
TCG_DECL_BIN(mul)
TCG_DECL_BIN(mulsh)
TCG_DECL_BIN(muluh)
TCG_DECL_BIN(div)
TCG_DECL_BIN(divu)
TCG_DECL_BIN(rem)
TCG_DECL_BIN(remu)
/* clz/ctz: the second operand is the result when the first is zero. */
TCG_DECL_BIN(clz)
TCG_DECL_BIN(ctz)
TCG_DECL_BINI(addi)
TCG_DECL_BINI(subi)
TCG_DECL_BINI(andi)
TCG_DECL_BINI(ori)
TCG_DECL_BINI(xori)
TCG_DECL_BINI(muli)
TCG_DECL_BINI(shli)
TCG_DECL_BINI(shri)
TCG_DECL_BINI(sari)

void tcg_gen_movi_i32(TCGv_i32 ret, int32_t v);
void tcg_gen_movi_i64(TCGv_i64 ret, int64_t v);
void tcg_gen_ext32s_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_ext32u_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_bswap64_i64(TCGv_i64 ret, TCGv_i64 a);
void tcg_gen_extrl_i64_i32(TCGv_i32 ret, TCGv_i64 a);
void tcg_gen_ext_i32_i64(TCGv_i64 ret, TCGv_i32 a);
void tcg_gen_extu_i32_i64(TCGv_i64 ret, TCGv_i32 a);

/* ret = a with bits [ofs, ofs + len) replaced by the low len bits of b. */
void tcg_gen_deposit_i32(TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b,
                         unsigned ofs, unsigned len);
void tcg_gen_deposit_i64(TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b,
                         unsigned ofs, unsigned len);
/* ret = bits [ofs, ofs + len) of a, zero- or sign-extended. */
void tcg_gen_extract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs,
                         unsigned len);
void tcg_gen_extract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs,
                         unsigned len);
void tcg_gen_sextract_i32(TCGv_i32 ret, TCGv_i32 a, unsigned ofs,
                          unsigned len);
void tcg_gen_sextract_i64(TCGv_i64 ret, TCGv_i64 a, unsigned ofs,
                          unsigned len);

void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, TCGv_i32 b);
void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, TCGv_i64 b);
/* ret = (c1 cond c2) ? v1 : v2 */
void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2);
void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2);
void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel *l);
void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel *l);
void tcg_gen_brcondi_i32(TCGCond c, TCGv_i32 a, int32_t b, TCGLabel *l);
void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, int64_t b, TCGLabel *l);
void tcg_gen_setcondi_i32(TCGCond c, TCGv_i32 ret, TCGv_i32 a, int32_t b);
void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 ret, TCGv_i64 a, int64_t b);
void tcg_gen_br(TCGLabel *l);
void gen_set_label(TCGLabel *l);

/* Host memory at base + offset (base is usually tcg_env). */
void tcg_gen_ld8u_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8s_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16u_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16s_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld_i32(TCGv_i32 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld8s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld16s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld32u_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld32s_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld_i64(TCGv_i64 ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_ld_ptr(TCGv_ptr ret, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st8_i32(TCGv_i32 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st16_i32(TCGv_i32 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_i32(TCGv_i32 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st8_i64(TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st16_i64(TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st32_i64(TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_i64(TCGv_i64 val, TCGv_ptr base, intptr_t ofs);
void tcg_gen_st_ptr(TCGv_ptr val, TCGv_ptr base, intptr_t ofs);
/* Pointer arithmetic (pointers are i64 on every host we support). */
void tcg_gen_mov_ptr(TCGv_ptr ret, TCGv_ptr a);
void tcg_gen_addi_ptr(TCGv_ptr ret, TCGv_ptr a, intptr_t b);
void tcg_gen_add_ptr(TCGv_ptr ret, TCGv_ptr a, TCGv_i64 b);

/* Guest memory through the context's call-outs; addr is 64-bit. */
void tcg_gen_qemu_ld_i32(TCGv_i32 ret, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp op);
void tcg_gen_qemu_ld_i64(TCGv_i64 ret, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp op);
void tcg_gen_qemu_st_i32(TCGv_i32 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp op);
void tcg_gen_qemu_st_i64(TCGv_i64 val, TCGv_i64 addr, unsigned mmu_idx,
                         MemOp op);

/*
 * A C helper as the IR sees it; front ends keep one static const per
 * helper: { .func = helper_csrrw, .name = "csrrw", .flags = 0 }.
 * The name shows in -d op dumps.
 */
typedef struct TCGHelperInfo {
    void *func;
    const char *name;
    unsigned flags;     /* TCG_CALL_* */
} TCGHelperInfo;

/*
 * Call a helper: ret (NULL for void) of the helper's return type, up to
 * TCG_MAX_CALL_ARGS integer arguments. i32 arguments arrive
 * zero-extended in a 64-bit register. Helpers take and return only
 * 32- and 64-bit integers and pointers (never bool, char or short, whose
 * upper register bits the ABI leaves undefined).
 */
void tcg_gen_callN(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                   TCGTemp **args);

/*
 * Guest floating point with a host fast path: a helper call (semantics:
 * exactly the call) that also names the IEEE operation the helper does
 * in the common case, so the native backend may do it inline with one
 * SSE/FMA instruction and call the helper only when the inline answer
 * is not certain to be the helper's. docs/devel/tcg-ir.md, "Calls with
 * a host fast path", has the contract; in brief, whenever
 *   - the gate is open: gate_mask is 0, or the byte at env + gate_ofs
 *     has a bit of gate_mask set (RISC-V: NX already accrued in fflags),
 *   - the operands (call inputs first .. first + n - 1, bit patterns of
 *     binary64, or binary32 in the low half) are valid: with nanbox, a
 *     binary32 operand's upper 32 bits are all ones,
 *   - arithmetic: the round-to-nearest-even result r is finite with a
 *     magnitude of at least 2^(emin + 1) (2^-1021, 2^-125);
 *     compares: no operand is a NaN,
 * the helper must return r (arithmetic; binary32 NaN-boxed with nanbox,
 * zero-extended otherwise) or the comparison as 0/1, and do nothing
 * else observable. The front end emits these only for round to nearest
 * even; the helper must be TCG_CALL_NO_WRITE_GLOBALS for a fast path.
 */
typedef enum TCGFpOp {
    TCG_FP_NONE,
    TCG_FP_ADD, TCG_FP_SUB, TCG_FP_MUL, TCG_FP_DIV,    /* a op b */
    TCG_FP_SQRT,                                        /* sqrt(a) */
    TCG_FP_MULADD,      /* a * b + c, one rounding */
    TCG_FP_MULSUB,      /* a * b - c */
    TCG_FP_NMULADD,     /* -(a * b) + c */
    TCG_FP_NMULSUB,     /* -(a * b) - c */
    TCG_FP_EQ, TCG_FP_LT, TCG_FP_LE,                    /* a cmp b: 0/1 */
    TCG_FP_NB_OPS,
} TCGFpOp;

typedef struct TCGFpFast {
    TCGFpOp op;
    bool f32;           /* binary32 operands and result, else binary64 */
    bool nanbox;        /* binary32 NaN-boxed in 64 bits (see above) */
    unsigned first;     /* the call input that is operand a (0..5) */
    uint8_t gate_mask;  /* 0: always open */
    int32_t gate_ofs;   /* from env */
} TCGFpFast;

/* The constant argument that carries a TCGFpFast (and back). */
static inline uint64_t tcg_fp_fast_pack(const TCGFpFast *f)
{
    return (uint64_t)f->op | (uint64_t)f->f32 << 8 |
           (uint64_t)f->nanbox << 9 | (uint64_t)(f->first & 7) << 10 |
           (uint64_t)f->gate_mask << 16 | (uint64_t)(uint32_t)f->gate_ofs << 32;
}

static inline TCGFpFast tcg_fp_fast_unpack(uint64_t v)
{
    TCGFpFast f = {
        .op = (TCGFpOp)(v & 0xff), .f32 = (v >> 8) & 1,
        .nanbox = (v >> 9) & 1, .first = (v >> 10) & 7,
        .gate_mask = (uint8_t)(v >> 16), .gate_ofs = (int32_t)(v >> 32),
    };
    return f;
}

/* How many operands op takes (1 to 3; 0 for TCG_FP_NONE). */
static inline unsigned tcg_fp_nb_operands(TCGFpOp op)
{
    return op == TCG_FP_NONE ? 0 : op == TCG_FP_SQRT ? 1 :
           op >= TCG_FP_MULADD && op <= TCG_FP_NMULSUB ? 3 : 2;
}

/*
 * tcg_gen_callN with a fast path (the op is a call with a third
 * constant argument). ret is required; the inputs other than the
 * operands must be constants or env for the backend to use the fast
 * path (anything else: a plain call).
 */
void tcg_gen_call_fp(const TCGHelperInfo *info, TCGTemp *ret, int nargs,
                     TCGTemp **args, const TCGFpFast *fast);

/* Mark the start of a guest instruction at guest address pc. */
void tcg_gen_insn_start(uint64_t pc);
/* A patchable direct jump to the next block; n < TCG_MAX_GOTO_TB. */
void tcg_gen_goto_tb(unsigned n);
/*
 * goto_tb n to the start of this very block (a loop in one block): the
 * backend may keep values in registers around it (loop_entry_offset).
 */
void tcg_gen_goto_tb_loop(unsigned n);
/* Leave generated code; tcg_exec returns val. */
void tcg_gen_exit_tb(uintptr_t val);
/* Jump to host code ptr (from a lookup helper); 0 leaves with 0. */
void tcg_gen_goto_ptr(TCGv_ptr ptr);
void tcg_gen_mb(unsigned kind);

#endif
