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
