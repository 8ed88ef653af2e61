/*
 * The x86-64 backend. Register use is split in two: op emitters compute
 * in fixed scratch registers (rax, rcx, rdx, rsi, rdi, r8, r9, all
 * call-clobbered), while a small register cache keeps temps and globals
 * in the callee-saved registers (alloc_order below) across ops, so they
 * survive helper calls. Every temp also has a memory home: globals in
 * env, others in a stack slot of a fixed frame.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Globals are written back ("synced") only where memory must be right:
 * before helpers that may read or write them, before guest memory
 * accesses (which can fault or call out), and at every block exit. At
 * branches and labels globals and TB temps are synced and, at a label,
 * every register forgotten, since control may arrive from elsewhere.
 *
 * Frame: the prologue saves the callee-saved registers, reserves one
 * 8-byte slot per temp index at [rsp + 8 * idx] (16-byte aligned, so
 * helper calls need no adjustment) and keeps env in r14. Every block
 * shares the frame, which is what lets goto_ptr jump between blocks.
 */
#include "tcg/tcg-internal.h"
#include "tcg/tcg-op.h"

#include <cpuid.h>
#include <string.h>

enum {
    R_RAX, R_RCX, R_RDX, R_RBX, R_RSP, R_RBP, R_RSI, R_RDI,
    R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
};

#define TCG_AREG0 R_R14
/*
 * r14 holds env + ENV_BIAS, not env: the CPU state a front end reads and
 * writes most is then reached with 8-bit displacements, 3 bytes shorter
 * per access (for RISC-V: the exit request every block checks at 0x70,
 * x1..x30 at 0x80..0x16f; x31 and pc just miss).
 */
#define ENV_BIAS 0xf0
/* Integer argument registers of the SysV ABI, in order. */
static const int call_arg_regs[TCG_MAX_CALL_ARGS] = {
    R_RDI, R_RSI, R_RDX, R_RCX, R_R8, R_R9,
};
/*
 * Registers the cache hands out, in order of preference: callee-saved
 * first (they survive helper calls), then the two call-clobbered
 * registers no emitter uses, which are emptied before every call.
 */
static const int alloc_order[] = {
    R_RBX, R_RBP, R_R12, R_R13, R_R15, R_R10, R_R11,
};

static bool call_clobbered(int r)
{
    return r == R_R10 || r == R_R11;
}
/* Callee-saved registers the prologue pushes (popped in reverse). */
static const int saved_regs[] = {
    R_RBP, R_RBX, R_R12, R_R13, R_R14, R_R15,
};

/* 6 pushes + return address leave rsp at 8 mod 16: make it 0 again. */
#define FRAME_SIZE (TCG_MAX_TEMPS * 8 + 8)
G_STATIC_ASSERT((FRAME_SIZE + 8 * G_N_ELEMENTS(saved_regs) + 8) % 16 == 0);

#include "encode.c.inc"
#include "regcache.c.inc"
#include "ldst.c.inc"
#include "flow.c.inc"
#include "fp.c.inc"

static uint64_t helper_ctpop(uint64_t v)
{
    return __builtin_popcountll(v);
}

static uint64_t mask_for(unsigned ofs, unsigned len)
{
    uint64_t m = len >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << len) - 1;
    return m << ofs;
}

/* Set the flags from a[0] - a[1]; neither operand is changed. */
static void emit_cmp(Emitter *e, TCGType type, const TCGArg *a)
{
    int32_t imm;
    int ra = input_reg(e, a[0], R_RAX);
    TCGTemp *b = arg_temp(e->s, a[1]);

    if (arg_imm32(e, a[1], type, &imm)) {
        emit_arith_imm(e, rexw(type), ARITH_CMP, ra, imm);
    } else if (b->kind == TEMP_GLOBAL && e->temp_reg[a[1]] < 0 &&
               !will_read_again(e, a[1])) {
        /* a global read once: compare with its memory home */
        emit_home_access(e, (OPC_ARITH_GvEv | (ARITH_CMP << 3)), ra, a[1]);
    } else {
        emit_modrm(e, (OPC_ARITH_GvEv | (ARITH_CMP << 3)) | rexw(type),
                   ra, input_reg(e, a[1], R_RCX));
    }
}

static void emit_setcond(Emitter *e, TCGType type, const TCGArg *args)
{
    TCGCond c = (TCGCond)args[3];

    if (c == TCG_COND_NEVER || c == TCG_COND_ALWAYS) {
        emit_movi(e, TCG_TYPE_I32, R_RAX, c == TCG_COND_ALWAYS);
    } else {
        emit_cmp(e, type, args + 1);
        emit_modrm(e, OPC_SETCC | tcg_cond_to_jcc[c], 0, R_RAX);
        emit_modrm(e, OPC_MOVZBL, R_RAX, R_RAX);
    }
    store_temp(e, R_RAX, args[0]);
}

static void emit_movcond(Emitter *e, TCGType type, const TCGArg *args)
{
    TCGCond c = (TCGCond)args[5];

    if (c == TCG_COND_NEVER || c == TCG_COND_ALWAYS) {
        load_temp(e, R_RSI, args[c == TCG_COND_ALWAYS ? 3 : 4]);
    } else {
        load_temp(e, R_RDX, args[3]);
        load_temp(e, R_RSI, args[4]);
        emit_cmp(e, type, args + 1);
        emit_modrm(e, (OPC_CMOVCC | tcg_cond_to_jcc[c]) | rexw(type),
                   R_RSI, R_RDX);
    }
    store_temp(e, R_RSI, args[0]);
}

static void emit_brcond(Emitter *e, TCGType type, const TCGArg *args)
{
    TCGCond c = (TCGCond)args[2];

    if (c == TCG_COND_NEVER) {
        return;
    }
    if (c == TCG_COND_ALWAYS) {
        emit_label_ref(e, -1, args[3]);
        return;
    }
    emit_cmp(e, type, args);
    emit_label_ref(e, tcg_cond_to_jcc[c], args[3]);
}

static void emit_extract(Emitter *e, TCGType type, const TCGArg *args,
                         bool sign)
{
    unsigned width = type == TCG_TYPE_I32 ? 32 : 64;
    unsigned ofs = args[2], len = args[3];

    load_temp(e, R_RAX, args[1]);
    emit_shift_imm(e, type, SHIFT_SHL, R_RAX, width - ofs - len);
    emit_shift_imm(e, type, sign ? SHIFT_SAR : SHIFT_SHR, R_RAX,
                   width - len);
    store_temp(e, R_RAX, args[0]);
}

static void emit_deposit(Emitter *e, TCGType type, const TCGArg *args)
{
    uint64_t m = mask_for(args[3], args[4]);

    if (type == TCG_TYPE_I32) {
        m = (uint32_t)m;
    }
    load_temp(e, R_RAX, args[1]);
    load_temp(e, R_RCX, args[2]);
    emit_shift_imm(e, type, SHIFT_SHL, R_RCX, args[3]);
    emit_movi(e, type, R_RDX, m);
    emit_modrm(e, (OPC_ARITH_GvEv | (ARITH_AND << 3)) | rexw(type),
               R_RCX, R_RDX);
    emit_modrm(e, OPC_GRP3_Ev | rexw(type), EXT3_NOT, R_RDX);
    emit_modrm(e, (OPC_ARITH_GvEv | (ARITH_AND << 3)) | rexw(type),
               R_RAX, R_RDX);
    emit_modrm(e, (OPC_ARITH_GvEv | (ARITH_OR << 3)) | rexw(type),
               R_RAX, R_RCX);
    store_temp(e, R_RAX, args[0]);
}

/* clz/ctz with the second operand as the answer for zero; result rdx. */
static void emit_count_zeros(Emitter *e, TCGType type, const TCGArg *args,
                             bool leading)
{
    int w = rexw(type);
    unsigned top = type == TCG_TYPE_I32 ? 31 : 63;
    bool fast = e->s->host_features &
                (leading ? TCG_HOST_LZCNT : TCG_HOST_BMI1);

    load_temp(e, R_RAX, args[1]);
    load_temp(e, R_RCX, args[2]);
    if (fast) {
        /* lzcnt/tzcnt set CF exactly when the source is zero */
        emit_modrm(e, (leading ? OPC_LZCNT : OPC_TZCNT) | w, R_RDX, R_RAX);
        emit_modrm(e, (OPC_CMOVCC | JCC_JB) | w, R_RDX, R_RCX);
    } else if (leading) {
        /* clz = bsr ^ top; pre-xor the default so one xor fixes both */
        emit_modrm(e, OPC_ARITH_EvIb | w, ARITH_XOR, R_RCX);
        out8(e, top);
        emit_modrm(e, OPC_BSR | w, R_RDX, R_RAX);
        emit_modrm(e, (OPC_CMOVCC | JCC_JE) | w, R_RDX, R_RCX);
        emit_modrm(e, OPC_ARITH_EvIb | w, ARITH_XOR, R_RDX);
        out8(e, top);
    } else {
        emit_modrm(e, OPC_BSF | w, R_RDX, R_RAX);
        emit_modrm(e, (OPC_CMOVCC | JCC_JE) | w, R_RDX, R_RCX);
    }
    store_temp(e, R_RDX, args[0]);
}

static void emit_ctpop(Emitter *e, TCGType type, const TCGArg *args)
{
    if (e->s->host_features & TCG_HOST_POPCNT) {
        load_temp(e, R_RAX, args[1]);
        emit_modrm(e, OPC_POPCNT | rexw(type), R_RAX, R_RAX);
    } else {
        load_temp(e, R_RDI, args[1]);   /* i32 arrives zero-extended */
        emit_call(e, (const void *)helper_ctpop);
    }
    store_temp(e, R_RAX, args[0]);
}

/* div/rem: rax = a, rcx = b; quotient in rax, remainder in rdx. */
static void emit_divrem(Emitter *e, const TCGOp *op)
{
    int w = rexw(op->type);
    bool sign = op->opc == INDEX_op_div || op->opc == INDEX_op_rem;
    bool rem = op->opc == INDEX_op_rem || op->opc == INDEX_op_remu;

    load_temp(e, R_RAX, op->args[1]);
    load_temp(e, R_RCX, op->args[2]);
    if (sign) {
        emit_opc(e, op->type == TCG_TYPE_I64 ? OPC_CQO : OPC_CDQ, 0, 0);
    } else {
        emit_modrm(e, OPC_ARITH_GvEv | (ARITH_XOR << 3), R_RDX, R_RDX);
    }
    emit_modrm(e, OPC_GRP3_Ev | w, sign ? EXT3_IDIV : EXT3_DIV, R_RCX);
    store_temp(e, rem ? R_RDX : R_RAX, op->args[0]);
}

static void emit_binary(Emitter *e, const TCGOp *op)
{
    TCGType type = (TCGType)op->type;
    int w = rexw(type);
    const TCGArg *args = op->args;
    int arith = -1, shift = -1;
    bool invert_b = false, invert_out = false;
    int32_t imm;
    int rb, dst, rb_cached = -1;
    bool took_a;
    TCGTempKind kb;
    TCGArg swapped[3];

    switch (op->opc) {
    case INDEX_op_add:
    case INDEX_op_and:
    case INDEX_op_or:
    case INDEX_op_xor:
    case INDEX_op_mul:
        if (args[2] == args[0] && args[1] != args[0]) {
            /* d = a op d: commute, so d is computed in place */
            swapped[0] = args[0];
            swapped[1] = args[2];
            swapped[2] = args[1];
            args = swapped;
        }
        break;
    default:
        break;
    }
    kb = arg_temp(e->s, args[2])->kind;

    switch (op->opc) {
    case INDEX_op_add: arith = ARITH_ADD; break;
    case INDEX_op_sub: arith = ARITH_SUB; break;
    case INDEX_op_and: arith = ARITH_AND; break;
    case INDEX_op_or: arith = ARITH_OR; break;
    case INDEX_op_xor: arith = ARITH_XOR; break;
    case INDEX_op_andc: arith = ARITH_AND; invert_b = true; break;
    case INDEX_op_orc: arith = ARITH_OR; invert_b = true; break;
    case INDEX_op_eqv: arith = ARITH_XOR; invert_out = true; break;
    case INDEX_op_nand: arith = ARITH_AND; invert_out = true; break;
    case INDEX_op_nor: arith = ARITH_OR; invert_out = true; break;
    case INDEX_op_shl: shift = SHIFT_SHL; break;
    case INDEX_op_shr: shift = SHIFT_SHR; break;
    case INDEX_op_sar: shift = SHIFT_SAR; break;
    case INDEX_op_rotl: shift = SHIFT_ROL; break;
    case INDEX_op_rotr: shift = SHIFT_ROR; break;
    default: break;
    }
    if (op->opc == INDEX_op_mulsh || op->opc == INDEX_op_muluh) {
        load_temp(e, R_RAX, args[1]);
        /* one-operand multiply, high half in rdx */
        rb = input_reg(e, args[2], R_RCX);
        emit_modrm(e, OPC_GRP3_Ev | w,
                   op->opc == INDEX_op_mulsh ? EXT3_IMUL : EXT3_MUL, rb);
        store_temp(e, R_RDX, args[0]);
        return;
    }
    if (arith >= 0 && !invert_b && !invert_out && args[0] == args[1] &&
        arg_temp(e->s, args[0])->kind == TEMP_GLOBAL &&
        e->temp_reg[args[0]] < 0 && arg_imm32(e, args[2], type, &imm) &&
        !read_soon(e, args[0])) {
        /* g = g op imm on a global not in a register: in memory */
        emit_modrm_offset(e, (imm == (int8_t)imm ? OPC_ARITH_EvIb
                                                 : OPC_ARITH_EvIz) | w,
                          arith, TCG_AREG0,
                          (int32_t)arg_temp(e->s, args[0])->mem_offset);
        if (imm == (int8_t)imm) {
            out8(e, (uint8_t)imm);
        } else {
            out32(e, (uint32_t)imm);
        }
        return;
    }
    if (kb != TEMP_CONST && kb != TEMP_FIXED) {
        rb_cached = e->temp_reg[args[2]];
    }
    /* a dies here: compute d in its register (no copy first) */
    took_a = args[2] != args[0] &&
             take_dying_input(e, op, args == swapped ? 2 : 1);
    /* d = a op d would clobber its second operand in place */
    dst = took_a ? e->temp_reg[args[0]]
          : args[2] == args[0] ? -1 : out_reg_in_place(e, op, rb_cached);
    if (dst < 0) {
        dst = R_RAX;
    }
    if ((op->opc == INDEX_op_add || op->opc == INDEX_op_sub) &&
        arg_temp(e->s, args[1])->kind != TEMP_CONST &&
        arg_temp(e->s, args[1])->kind != TEMP_FIXED &&
        e->temp_reg[args[1]] >= 0 && e->temp_reg[args[1]] != dst) {
        /* three operands: lea instead of a copy and the operation */
        int ra = e->temp_reg[args[1]];

        if (arg_imm32(e, args[2], type, &imm) &&
            (op->opc == INDEX_op_add || imm != INT32_MIN)) {
            emit_modrm_offset(e, OPC_LEA | w, dst, ra,
                              op->opc == INDEX_op_add ? imm : -imm);
            finish_out(e, dst, args[0]);
            return;
        }
        if (op->opc == INDEX_op_add && rb_cached >= 0 &&
            ((ra & 7) != R_RBP || (rb_cached & 7) != R_RBP)) {
            if ((ra & 7) != R_RBP) {
                emit_modrm_sib(e, OPC_LEA | w, dst, ra, rb_cached);
            } else {
                emit_modrm_sib(e, OPC_LEA | w, dst, rb_cached, ra);
            }
            finish_out(e, dst, args[0]);
            return;
        }
    }
    if (!took_a) {
        load_temp(e, dst, args[1]);
    }
    if (arith >= 0 && !invert_b && arg_imm32(e, args[2], type, &imm)) {
        emit_arith_imm(e, w, arith, dst, imm);
    } else if (shift >= 0 && arg_imm32(e, args[2], TCG_TYPE_I32, &imm)) {
        /* the IR takes counts modulo the width, as the hardware does */
        emit_shift_imm(e, type, shift, dst,
                       imm & (type == TCG_TYPE_I32 ? 31 : 63));
    } else if (op->opc == INDEX_op_mul &&
               arg_imm32(e, args[2], type, &imm)) {
        emit_modrm(e, OPC_IMUL_GvEvIz | w, dst, dst);
        out32(e, (uint32_t)imm);
    } else if (shift >= 0 && shift != SHIFT_ROL && shift != SHIFT_ROR &&
               (e->s->host_features & TCG_HOST_BMI2)) {
        /* shlx/shrx/sarx: the count may be in any register */
        static const uint8_t pp[8] = { [SHIFT_SHL] = VEX_PP_66,
                                       [SHIFT_SHR] = VEX_PP_F2,
                                       [SHIFT_SAR] = VEX_PP_F3 };
        rb = input_reg(e, args[2], R_RCX);
        emit_vex_0f38(e, OPC_VEX_SHIFTX, pp[shift], w != 0, dst, rb, dst);
    } else if (shift >= 0) {
        load_temp(e, R_RCX, args[2]);       /* the count must be in cl */
        emit_modrm(e, OPC_SHIFT_cl | w, shift, dst);
    } else {
        rb = input_reg(e, args[2], R_RCX);
        if (op->opc == INDEX_op_andc &&
            (e->s->host_features & TCG_HOST_BMI1)) {
            emit_vex_0f38(e, OPC_VEX_ANDN, VEX_PP_NONE, w, dst, rb, dst);
            finish_out(e, dst, args[0]);
            return;
        }
        if (invert_b) {
            if (rb != R_RCX) {
                emit_mov(e, type, R_RCX, rb);
                rb = R_RCX;
            }
            emit_modrm(e, OPC_GRP3_Ev | w, EXT3_NOT, R_RCX);
        }
        if (arith >= 0) {
            emit_modrm(e, (OPC_ARITH_GvEv | (arith << 3)) | w, dst, rb);
        } else {
            emit_modrm(e, OPC_IMUL_GvEv | w, dst, rb);
        }
    }
    if (invert_out) {
        emit_modrm(e, OPC_GRP3_Ev | w, EXT3_NOT, dst);
    }
    finish_out(e, dst, args[0]);
}

static void emit_unary(Emitter *e, const TCGOp *op)
{
    int w = rexw(op->type);
    const TCGArg *args = op->args;
    int dst = -1;

    if ((op->opc == INDEX_op_mov || op->opc == INDEX_op_extu_i32_i64) &&
        (op->life & 2) &&
        args[0] != args[1] && e->temp_reg[args[1]] >= 0 &&
        (int)args[0] != e->pin) {
        /*
         * The source dies here: its register becomes the output's (an
         * i32 in a cache register is kept zero-extended already).
         */
        TCGTempKind k = arg_temp(e->s, args[1])->kind;

        if (k == TEMP_EBB || k == TEMP_TB) {
            int r = e->temp_reg[args[1]];

            free_temp_reg(e, args[0]);      /* its old value is dead */
            e->temp_reg[args[1]] = -1;
            e->reg_temp[r] = (int16_t)args[0];
            e->temp_reg[args[0]] = (int8_t)r;
            e->temp_coherent[args[0]] = false;
            return;
        }
    }
    if (op->opc == INDEX_op_mov && e->temp_reg[args[0]] < 0 &&
        arg_temp(e->s, args[0])->kind == TEMP_GLOBAL &&
        arg_temp(e->s, args[1])->kind == TEMP_CONST &&
        find_free_reg(e) < 0 && !read_soon(e, args[0])) {
        /* a constant into a global not worth a register: to memory */
        TCGTemp *g = arg_temp(e->s, args[0]);
        uint64_t v = (uint64_t)arg_temp(e->s, args[1])->val;
        int32_t ofs = (int32_t)g->mem_offset;

        if (g->type == TCG_TYPE_I32 || v == (uint64_t)(int64_t)(int32_t)v) {
            emit_modrm_offset(e, OPC_MOVL_EvIz | rexw(g->type), 0,
                              TCG_AREG0, ofs);
            out32(e, (uint32_t)v);
        } else {
            emit_movi(e, g->type, R_RAX, v);
            emit_modrm_offset(e, OPC_MOVL_EvGv | rexw(g->type), R_RAX,
                              TCG_AREG0, ofs);
        }
        return;
    }
    if (op->opc == INDEX_op_extrl_i64_i32 ||
        op->opc == INDEX_op_ext_i32_i64 || op->opc == INDEX_op_extu_i32_i64) {
        /* one instruction from the source's register to the output's */
        int src = input_reg(e, args[1], R_RAX);

        dst = out_reg_in_place(e, op, -1);
        if (dst < 0) {
            dst = R_RAX;
        }
        if (op->opc == INDEX_op_ext_i32_i64) {
            emit_modrm(e, OPC_MOVSLQ, dst, src);
        } else if (dst != src) {
            emit_mov(e, TCG_TYPE_I32, dst, src);    /* zero-extends */
        } else if (op->opc == INDEX_op_extrl_i64_i32) {
            emit_mov(e, TCG_TYPE_I32, dst, dst);
        }
        finish_out(e, dst, args[0]);
        return;
    }
    if (op->opc == INDEX_op_mov && e->temp_reg[args[0]] < 0 &&
        e->temp_reg[args[1]] >= 0 && find_free_reg(e) < 0 &&
        (int)args[0] != e->pin && !(op->life & 2)) {
        /*
         * A copy of a cached value with every register taken: into a
         * global not read again soon, straight to its home (nothing
         * evicted); otherwise evict for the output and copy once.
         */
        int r;

        if (arg_temp(e->s, args[0])->kind == TEMP_GLOBAL &&
            !read_soon(e, args[0])) {
            emit_home_access(e, OPC_MOVL_EvGv, e->temp_reg[args[1]],
                             args[0]);
            e->temp_coherent[args[0]] = true;
            return;
        }
        r = alloc_reg(e, args[0]);

        load_temp(e, r, args[1]);   /* reloads if the source was evicted */
        e->temp_coherent[args[0]] = false;
        return;
    }
    /* width changes keep to rax: cache registers hold i32s zero-extended */
    if (take_dying_input(e, op, 1)) {
        dst = e->temp_reg[args[0]];     /* in place, no copy */
    } else {
        dst = out_reg_in_place(e, op, -1);
        if (dst < 0) {
            dst = R_RAX;
        }
        load_temp(e, dst, args[1]);
    }
    switch (op->opc) {
    case INDEX_op_mov:
    case INDEX_op_extrl_i64_i32:
    case INDEX_op_extu_i32_i64:
        break;  /* the typed load and store do the work */
    case INDEX_op_neg:
        emit_modrm(e, OPC_GRP3_Ev | w, EXT3_NEG, dst);
        break;
    case INDEX_op_not:
        emit_modrm(e, OPC_GRP3_Ev | w, EXT3_NOT, dst);
        break;
    case INDEX_op_ext8s:
        emit_modrm(e, OPC_MOVSBL | w | P_REXB_RM, dst, dst);
        break;
    case INDEX_op_ext8u:
        emit_modrm(e, OPC_MOVZBL | P_REXB_RM, dst, dst);
        break;
    case INDEX_op_ext16s:
        emit_modrm(e, OPC_MOVSWL | w, dst, dst);
        break;
    case INDEX_op_ext16u:
        emit_modrm(e, OPC_MOVZWL, dst, dst);
        break;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        emit_modrm(e, OPC_MOVSLQ, dst, dst);
        break;
    case INDEX_op_ext32u:
        emit_mov(e, TCG_TYPE_I32, dst, dst);
        break;
    case INDEX_op_bswap16:
        /* rol $8, %ax; movzwl %ax, %eax */
        emit_modrm(e, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, dst);
        out8(e, 8);
        emit_modrm(e, OPC_MOVZWL, dst, dst);
        break;
    case INDEX_op_bswap32:
        emit_opc(e, OPC_BSWAP + (dst & 7), 0, dst);
        break;
    case INDEX_op_bswap64:
        emit_opc(e, (OPC_BSWAP + (dst & 7)) | P_REXW, 0, dst);
        break;
    default:
        g_assert_not_reached();
    }
    finish_out(e, dst, args[0]);
}

static void emit_helper_call(Emitter *e, const TCGOp *op)
{
    int nio = op->nb_oargs + op->nb_iargs;

    if (op->nb_cargs > 2 && emit_fp_fast(e, op)) {
        return;
    }
    for (int i = 0; i < op->nb_iargs; i++) {
        load_temp(e, call_arg_regs[i], op->args[op->nb_oargs + i]);
    }
    emit_call(e, ((const TCGHelperInfo *)(uintptr_t)op->args[nio])->func);
    if (!(call_flags(op) & TCG_CALL_NO_WRITE_GLOBALS)) {
        sync_globals(e, false, true, false);    /* synced before: forget */
    }
    if (op->nb_oargs) {
        store_temp(e, R_RAX, op->args[0]);
    }
}

static void emit_exit(Emitter *e, uintptr_t val)
{
    emit_movi(e, TCG_TYPE_I64, R_RAX, val);
    emit_jmp_to(e, OPC_JMP_long, 0, e->s->epilogue);
}

static void emit_op(Emitter *e, const TCGOp *op)
{
    TCGType type = (TCGType)op->type;
    const TCGArg *args = op->args;

    sync_before(e, op);
    switch (op->opc) {
    case INDEX_op_nop:
    case INDEX_op_insn_start:
        break;
    case INDEX_op_set_label:
        if (!flow_restore_label_state(e, args[0])) {
            drop_all_regs(e);
        }
        if (e->pin >= 0) {
            /* another way in may have changed it without writing back */
            e->temp_coherent[e->pin] = false;
        }
        e->label_pos[args[0]] = (int32_t)(e->p - e->start);
        break;
    case INDEX_op_br:
        emit_label_ref(e, -1, args[0]);
        break;
    case INDEX_op_brcond:
        emit_brcond(e, type, args);
        break;
    case INDEX_op_setcond:
        emit_setcond(e, type, args);
        break;
    case INDEX_op_movcond:
        emit_movcond(e, type, args);
        break;
    case INDEX_op_mov:
    case INDEX_op_neg:
    case INDEX_op_not:
    case INDEX_op_ext8s ... INDEX_op_extu_i32_i64:
    case INDEX_op_bswap16 ... INDEX_op_bswap64:
        emit_unary(e, op);
        break;
    case INDEX_op_add:
    case INDEX_op_sub:
    case INDEX_op_and:
    case INDEX_op_or:
    case INDEX_op_xor:
    case INDEX_op_andc ... INDEX_op_muluh:
        emit_binary(e, op);
        break;
    case INDEX_op_div ... INDEX_op_remu:
        emit_divrem(e, op);
        break;
    case INDEX_op_deposit:
        emit_deposit(e, type, args);
        break;
    case INDEX_op_extract:
    case INDEX_op_sextract:
        emit_extract(e, type, args, op->opc == INDEX_op_sextract);
        break;
    case INDEX_op_clz:
    case INDEX_op_ctz:
        emit_count_zeros(e, type, args, op->opc == INDEX_op_clz);
        break;
    case INDEX_op_ctpop:
        emit_ctpop(e, type, args);
        break;
    case INDEX_op_ld8u ... INDEX_op_ld:
        emit_ld(e, op);
        break;
    case INDEX_op_st8 ... INDEX_op_st:
        emit_st(e, op);
        break;
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        emit_qemu_ldst(e, op);
        break;
    case INDEX_op_call:
        emit_helper_call(e, op);
        break;
    case INDEX_op_goto_tb:
        if ((int)args[0] == e->loop_n) {
            loop_back_edge(e);
        }
        /* keep the rel32 4-byte aligned so patching it is one store */
        switch (((e->p - e->start) + 1) & 3) {
        case 1:     /* one multi-byte nop, not several that all execute */
            out8(e, 0x0f);
            out8(e, 0x1f);
            out8(e, 0x00);
            break;
        case 2:
            out8(e, 0x66);
            out8(e, 0x90);
            break;
        case 3:
            out8(e, 0x90);
            break;
        default:
            break;
        }
        e->s->goto_tb_offset[args[0]] = (int)(e->p - e->start);
        out8(e, OPC_JMP_long);
        out32(e, 0);    /* initially: fall through to what follows */
        break;
    case INDEX_op_exit_tb:
        emit_exit(e, (uintptr_t)args[0]);
        break;
    case INDEX_op_goto_ptr:
        load_temp(e, R_RAX, args[0]);
        emit_modrm(e, OPC_TEST | P_REXW, R_RAX, R_RAX);
        emit_jmp_to(e, OPC_JCC_long, JCC_JE, e->s->epilogue);
        emit_modrm(e, OPC_GRP5, EXT5_JMPN_Ev, R_RAX);
        break;
    case INDEX_op_mb:
        /* x86 is TSO: only store-then-load needs a fence */
        if (args[0] & TCG_MO_ST_LD) {
            out8(e, 0x0f);
            out8(e, 0xae);
            out8(e, 0xf0);
        }
        break;
    default:
        g_assert_not_reached();
    }
    after_op(e, op);
}

/*
 * The sum d = y + (z << k) about to be made is the address of a guest
 * load right after (perhaps past a copy of d into a global): keep z in
 * rdx and y in rcx, which nothing in between uses, so that the load
 * addresses [rcx + rdx << k + guest_base] itself and does not wait for
 * the sum (which still feeds the bound check and the guest register).
 */
static void fold_into_load(Emitter *e, int add_idx, TCGArg d, int zr, int yr,
                           int k)
{
    const TCGContext *s = e->s;
    int n = add_idx + 1;
    bool copied = false;
    MemOp mop;

    for (; n < s->nb_ops; n++) {
        const TCGOp *op = &s->ops[n];

        if (op->opc == INDEX_op_nop || op->opc == INDEX_op_insn_start) {
            continue;
        }
        if (op->opc == INDEX_op_mov && !copied && op->args[1] == d &&
            op->args[0] != d &&
            s->temps[op->args[0]].kind == TEMP_GLOBAL &&
            (int)op->args[0] != e->pin) {
            copied = true;
            continue;
        }
        break;
    }
    if (n >= s->nb_ops || s->ops[n].opc != INDEX_op_qemu_ld ||
        s->ops[n].args[1] != d ||
        !user_access_defers_sync(e, &s->ops[n])) {
        return;
    }
    mop = tcg_memop_idx_op((TCGMemOpIdx)s->ops[n].args[2]);
    if (mop & MO_BE) {
        return;
    }
    if (zr != R_RDX) {
        emit_mov(e, TCG_TYPE_I64, R_RDX, zr);
    }
    if (yr != R_RCX) {
        emit_mov(e, TCG_TYPE_I64, R_RCX, yr);
    }
    e->fold.valid = true;
    e->fold.temp = (int)d;
    e->fold.ld_idx = n;
    e->fold.shift = k;
}

/*
 * shl x, z, 1..3; add d, x, y (or y, x) with x dead after the add: one
 * lea d, [y + z * 2^k], which takes a cycle off a table index's path
 * (RISC-V's slli + add before a load). Op j is the add, after i and
 * perhaps nops and the add's insn_start (nothing can fault in a lea, so
 * its unwind entry may follow it). True if both were emitted.
 */
static bool emit_shl_add(Emitter *e, int i, int j)
{
    TCGContext *s = e->s;
    const TCGOp *sh = &s->ops[i], *add;
    TCGArg x, z, y, d;
    TCGTempKind kz, ky;
    int32_t k;
    int xi, zr, yr, dst;

    if (sh->opc != INDEX_op_shl || sh->type != TCG_TYPE_I64 ||
        j >= s->nb_ops) {
        return false;
    }
    add = &s->ops[j];
    x = sh->args[0];
    z = sh->args[1];
    if (add->opc != INDEX_op_add || add->type != TCG_TYPE_I64 ||
        !arg_imm32(e, sh->args[2], TCG_TYPE_I64, &k) || k < 1 || k > 3) {
        return false;
    }
    if (add->args[1] == x && add->args[2] != x) {
        xi = 1;
    } else if (add->args[2] == x && add->args[1] != x) {
        xi = 2;
    } else {
        return false;
    }
    y = add->args[3 - xi];
    d = add->args[0];
    kz = arg_temp(s, z)->kind;
    ky = arg_temp(s, y)->kind;
    /* x is never materialised: nothing may read it after the add */
    if ((d != x && !(add->life & (1u << xi))) ||
        kz == TEMP_CONST || kz == TEMP_FIXED ||
        ky == TEMP_CONST || ky == TEMP_FIXED ||
        (int)x == e->pin || (int)d == e->pin || (int)z == e->pin ||
        (int)y == e->pin) {
        return false;
    }
    e->op_idx = i;
    zr = input_reg(e, z, R_RDX);
    yr = input_reg(e, y, R_RCX);
    fold_into_load(e, j, d, zr, yr, k);
    if (x != d && x != z && x != y) {
        free_temp_reg(e, x);    /* its old value is dead too */
    }
    e->op_idx = j;
    dst = e->temp_reg[d];
    if (dst < 0) {
        dst = find_free_reg(e) >= 0 ? alloc_reg(e, d) : R_RAX;
    }
    emit_modrm_sib_scaled(e, OPC_LEA | P_REXW, dst, yr, zr, k);
    finish_out(e, dst, d);
    after_op(e, sh);
    after_op(e, add);
    return true;
}

/*
 * ld t, env, ofs; brcond t, imm (t dying there), as one compare with
 * memory: the exit_request test at every block's entry. True if ops i
 * and i + 1 were emitted.
 */
static bool emit_ld_brcond(Emitter *e, int i)
{
    TCGContext *s = e->s;
    const TCGOp *ld = &s->ops[i], *br;
    TCGTemp *t;
    TCGCond c;
    int32_t imm;
    int w;

    if (ld->opc != INDEX_op_ld || i + 1 >= s->nb_ops) {
        return false;
    }
    br = &s->ops[i + 1];
    t = arg_temp(s, ld->args[0]);
    if (br->opc != INDEX_op_brcond || br->args[0] != ld->args[0] ||
        !(br->life & 1) || t->kind != TEMP_EBB || br->type != ld->type ||
        arg_temp(s, ld->args[1])->kind != TEMP_FIXED ||
        (intptr_t)ld->args[2] != (int32_t)ld->args[2] ||
        !arg_imm32(e, br->args[1], (TCGType)br->type, &imm)) {
        return false;
    }
    c = (TCGCond)br->args[2];
    if (c == TCG_COND_NEVER || c == TCG_COND_ALWAYS) {
        return false;
    }
    w = rexw((TCGType)ld->type);
    e->op_idx = i + 1;
    sync_before(e, br);
    emit_modrm_offset(e, (imm == (int8_t)imm ? OPC_ARITH_EvIb
                                             : OPC_ARITH_EvIz) | w,
                      ARITH_CMP, TCG_AREG0, (int32_t)ld->args[2]);
    if (imm == (int8_t)imm) {
        out8(e, (uint8_t)imm);
    } else {
        out32(e, (uint32_t)imm);
    }
    emit_label_ref(e, tcg_cond_to_jcc[c], br->args[3]);
    after_op(e, br);
    return true;
}

/*
 * Layout of a block: a 16-byte header, the code (the entry), then the
 * insn table that maps host offsets back to guest pcs for unwinding,
 * then the fault records of user-mode accesses (FaultRecord).
 */
typedef struct BlockHeader {
    uint32_t table_ofs;     /* from the entry */
    uint32_t nb_insns;
    uint32_t faults_ofs;    /* from the entry */
    uint32_t nb_faults;
} BlockHeader;

/*
 * Entries are in host order: the insns, then one per TLB slow-path stub
 * (with its access's insn pc, or no pc when it came before any insn).
 */
typedef struct InsnEntry {
    uint32_t host_ofs;      /* from the entry: where the insn starts */
    uint32_t no_pc;
    uint64_t pc;
} InsnEntry;

G_STATIC_ASSERT(sizeof(BlockHeader) == 16);

static ptrdiff_t x86_gen_code(TCGContext *s, size_t start)
{
    const size_t hdr = sizeof(BlockHeader);
    Emitter e = {
        .s = s,
        .start = s->region.rw + start + hdr,
        .p = s->region.rw + start + hdr,
        .rx_start = s->region.rx + start + hdr,
    };
    uint8_t *limit = s->region.rw + s->region.size - MAX_OP_BYTES;
    GArray *insns;
    ptrdiff_t len = -1;
    BlockHeader bh = { 0 };
    size_t table_ofs, faults_ofs;

    if (start + hdr + MAX_OP_BYTES > s->region.size) {
        return -1;
    }
    if (!s->gen_insns) {
        s->gen_insns = g_array_new(FALSE, FALSE, sizeof(InsnEntry));
        s->gen_refs = g_array_new(FALSE, FALSE, sizeof(LabelRef));
        s->gen_slow_paths = g_array_new(FALSE, FALSE, sizeof(SlowPath));
        s->gen_faults = g_byte_array_new();
    }
    insns = s->gen_insns;
    e.refs = s->gen_refs;
    e.slow_paths = s->gen_slow_paths;
    e.faults = s->gen_faults;
    g_array_set_size(insns, 0);
    g_array_set_size(e.refs, 0);
    g_array_set_size(e.slow_paths, 0);
    g_byte_array_set_size(e.faults, 0);
    e.label_pos = g_new(int32_t, s->labels->len + 1);
    for (unsigned i = 0; i < s->labels->len; i++) {
        e.label_pos[i] = -1;
    }
    for (int i = 0; i < s->nb_temps; i++) {
        e.temp_reg[i] = -1;
        e.temp_coherent[i] = s->temps[i].kind == TEMP_GLOBAL;
    }
    for (int i = 0; i < 16; i++) {
        e.reg_temp[i] = -1;
    }
    e.pin = s->pinned;
    e.limit_reg = -1;
    if (e.pin < 0 && s->guest_addr_bits) {
        /* the prologue loaded the bound into r15 (x86_init) */
        e.limit_reg = R_R15;
        guest_limit_slot(&e);
    }
    if (e.pin >= 0) {
        /* r15 holds it on entry (prologue or a chained block) */
        e.temp_reg[e.pin] = R_R15;
        e.reg_temp[R_R15] = (int16_t)e.pin;
        e.temp_coherent[e.pin] = false;
    }
    flow_init(&e);
    e.loop_n = s->loop_goto_tb;
    s->loop_entry_ofs = 0;
    if (e.loop_n >= 0) {
        loop_enter(&e);
    }
    for (int i = 0; i < s->nb_ops; i++) {
        if (e.p > limit) {
            goto out;
        }
        if (s->ops[i].opc == INDEX_op_insn_start) {
            InsnEntry ie = { .host_ofs = (uint32_t)(e.p - e.start),
                             .pc = s->ops[i].args[0] };
            g_array_append_val(insns, ie);
            e.insn_pc = ie.pc;
            e.have_insn_pc = true;
        }
        e.op_idx = i;
        if (emit_ld_brcond(&e, i)) {
            i++;
            continue;
        }
        if (s->ops[i].opc == INDEX_op_shl) {
            int j = i + 1, starts = 0;

            while (j < s->nb_ops && starts < 2 &&
                   (s->ops[j].opc == INDEX_op_nop ||
                    s->ops[j].opc == INDEX_op_insn_start)) {
                starts += s->ops[j++].opc == INDEX_op_insn_start;
            }
            if (starts < 2 && emit_shl_add(&e, i, j)) {
                for (int k = i + 1; k < j; k++) {
                    InsnEntry ie = { .host_ofs = (uint32_t)(e.p - e.start),
                                     .pc = s->ops[k].args[0] };

                    if (s->ops[k].opc == INDEX_op_insn_start) {
                        g_array_append_val(insns, ie);
                        e.insn_pc = ie.pc;
                        e.have_insn_pc = true;
                    }
                }
                i = j;
                continue;
            }
        }
        emit_op(&e, &s->ops[i]);
    }
    if (e.p > limit) {
        goto out;
    }
    sync_globals(&e, false, false, true);
    emit_exit(&e, 0);   /* falling off the end acts as exit_tb 0 */
    for (guint i = 0; i < e.slow_paths->len; i++) {
        const SlowPath *sp = &g_array_index(e.slow_paths, SlowPath, i);
        InsnEntry ie = { .host_ofs = (uint32_t)(e.p - e.start),
                         .no_pc = !sp->have_pc, .pc = sp->pc };

        if (e.p > limit) {
            goto out;
        }
        g_array_append_val(insns, ie);
        emit_slow_path(&e, sp);
    }
    for (guint i = 0; i < e.refs->len; i++) {
        LabelRef *r = &g_array_index(e.refs, LabelRef, i);
        int32_t target = e.label_pos[r->label];
        int32_t disp;

        g_assert(target >= 0);      /* branch to a label never set */
        disp = target - (int32_t)(r->pos + 4);
        memcpy(e.start + r->pos, &disp, 4);
    }
    table_ofs = ((e.p - e.start) + 7) & ~(size_t)7;
    faults_ofs = table_ofs + insns->len * sizeof(InsnEntry);
    if (start + hdr + faults_ofs + e.faults->len > s->region.size) {
        goto out;
    }
    memcpy(e.start + table_ofs, insns->data,
           insns->len * sizeof(InsnEntry));
    if (e.faults->len) {
        /* an empty GByteArray's data may be NULL: no memcpy from it */
        memcpy(e.start + faults_ofs, e.faults->data, e.faults->len);
    }
    bh.table_ofs = (uint32_t)table_ofs;
    bh.nb_insns = insns->len;
    bh.faults_ofs = (uint32_t)faults_ofs;
    bh.nb_faults = e.nb_faults;
    memcpy(s->region.rw + start, &bh, sizeof(bh));
    s->entry_ofs = hdr;
    s->code_len = e.p - e.start;
    len = hdr + faults_ofs + e.faults->len;
out:
    flow_finish(&e);
    g_free(e.label_pos);
    return len;
}

static bool x86_unwind(TCGContext *s, const void *code, uintptr_t host_pc,
                       uint64_t *pc)
{
    BlockHeader bh;
    const InsnEntry *table;
    uintptr_t ofs = host_pc - (uintptr_t)code;
    bool found = false;

    memcpy(&bh, (const uint8_t *)code - sizeof(bh), sizeof(bh));
    if (host_pc <= (uintptr_t)code || ofs > bh.table_ofs) {
        return false;
    }
    table = (const InsnEntry *)((const uint8_t *)code + bh.table_ofs);
    /* host_pc is a return address: it lies after the insn's first byte */
    for (uint32_t i = 0; i < bh.nb_insns && table[i].host_ofs < ofs; i++) {
        *pc = table[i].pc;
        found = !table[i].no_pc;
    }
    return found;
}

static bool x86_fault_writeback(TCGContext *s, const void *code,
                                uintptr_t host_pc, const uint64_t regs[16])
{
    BlockHeader bh;
    const uint8_t *p;
    uintptr_t ofs = host_pc - (uintptr_t)code;

    memcpy(&bh, (const uint8_t *)code - sizeof(bh), sizeof(bh));
    if (host_pc < (uintptr_t)code || ofs >= bh.table_ofs) {
        return false;
    }
    p = (const uint8_t *)code + bh.faults_ofs;
    for (uint32_t i = 0; i < bh.nb_faults; i++) {
        FaultRecord fr;

        memcpy(&fr, p, sizeof(fr));
        p += sizeof(fr);
        if (fr.start <= ofs && ofs < fr.end) {
            uint8_t *env = (uint8_t *)(uintptr_t)(regs[TCG_AREG0] -
                                                  ENV_BIAS);

            for (uint32_t k = 0; k < fr.nsync; k++) {
                SlowPathSync ss;

                memcpy(&ss, p + k * sizeof(ss), sizeof(ss));
                if (ss.type == TCG_TYPE_I32) {
                    uint32_t v = (uint32_t)regs[ss.reg];
                    memcpy(env + ss.ofs, &v, 4);
                } else {
                    memcpy(env + ss.ofs, &regs[ss.reg], 8);
                }
            }
            return true;
        }
        p += fr.nsync * sizeof(SlowPathSync);
    }
    return false;
}

static unsigned detect_host_features(void)
{
    unsigned a, b, c, d, f = 0;

    if (__get_cpuid(1, &a, &b, &c, &d)) {
        f |= (c & bit_POPCNT) ? TCG_HOST_POPCNT : 0;
        f |= (c & bit_MOVBE) ? TCG_HOST_MOVBE : 0;
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d)) {
        f |= (b & bit_BMI) ? TCG_HOST_BMI1 : 0;
        f |= (b & bit_BMI2) ? TCG_HOST_BMI2 : 0;
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d)) {
        f |= (c & bit_LZCNT) ? TCG_HOST_LZCNT : 0;
    }
    /* libgcc's answer also checks that the OS saves the AVX state */
    __builtin_cpu_init();
    f |= __builtin_cpu_supports("fma") ? TCG_HOST_FMA : 0;
    return f;
}

/*
 * prologue(env, code): save callee-saved registers, reserve the frame,
 * env to r14, jump to code. The epilogue undoes it and returns rax.
 */
static bool x86_init(TCGContext *s, GError **errp)
{
    Emitter e = {
        .s = s,
        .start = s->region.rw,
        .p = s->region.rw,
        .rx_start = s->region.rx,
    };

    s->host_features = detect_host_features();
    /* the region is at least a page: the prologue always fits */
    s->prologue = rx_here(&e);
    for (size_t i = 0; i < G_N_ELEMENTS(saved_regs); i++) {
        emit_opc(&e, OPC_PUSH_r32 + (saved_regs[i] & 7), 0, saved_regs[i]);
    }
    emit_modrm(&e, OPC_ARITH_EvIz | P_REXW, ARITH_SUB, R_RSP);
    out32(&e, FRAME_SIZE);
    emit_modrm_offset(&e, OPC_LEA | P_REXW, TCG_AREG0, R_RDI, ENV_BIAS);
    s->pin_load_ofs = (size_t)(e.p - e.start);
    emit_nop7(&e);      /* mov r15, [env + pinned] once pinned */
    emit_modrm(&e, OPC_GRP5, EXT5_JMPN_Ev, R_RSI);

    while ((e.p - e.start) & 15) {
        out8(&e, 0xcc);
    }
    s->epilogue = rx_here(&e);
    s->pin_store_ofs = (size_t)(e.p - e.start);
    emit_nop7(&e);      /* mov [env + pinned], r15 once pinned */
    emit_modrm(&e, OPC_ARITH_EvIz | P_REXW, ARITH_ADD, R_RSP);
    out32(&e, FRAME_SIZE);
    for (int i = G_N_ELEMENTS(saved_regs) - 1; i >= 0; i--) {
        emit_opc(&e, OPC_POP_r32 + (saved_regs[i] & 7), 0, saved_regs[i]);
    }
    out8(&e, OPC_RET);

    /*
     * User mode's bound, read by every inline guest access (cmp with a
     * rip-relative operand, no 64-bit constant): on a cache line of its
     * own, which no code shares, so writing it is no code modification.
     */
    while ((e.p - e.start) & 63) {
        out8(&e, 0xcc);
    }
    s->guest_limit_ofs = (size_t)(e.p - e.start);
    out64(&e, 0);
    while ((e.p - e.start) & 63) {
        out8(&e, 0xcc);
    }
    /*
     * Until a global is pinned there, the prologue loads the bound into
     * r15: mov r15, [rip -> slot], 7 bytes like the nop it replaces.
     */
    {
        uint8_t *p = s->region.rw + s->pin_load_ofs;
        int32_t disp = (int32_t)((intptr_t)s->guest_limit_ofs -
                                 (intptr_t)(s->pin_load_ofs + 7));

        p[0] = 0x4c;        /* REX.WR: r15 */
        p[1] = 0x8b;
        p[2] = 0x05 | ((R_R15 & 7) << 3);
        memcpy(p + 3, &disp, 4);
    }
    s->region.used = (size_t)(e.p - e.start);
    return true;
}

/* mov r15, [r14 + disp32] (0x8b) or mov [r14 + disp32], r15 (0x89) */
static void patch_pin_access(uint8_t *p, uint8_t opc, int32_t disp)
{
    p[0] = 0x4d;        /* REX.WRB: r15, r14 */
    p[1] = opc;
    p[2] = 0x80 | ((R_R15 & 7) << 3) | (TCG_AREG0 & 7);
    disp -= ENV_BIAS;
    memcpy(p + 3, &disp, 4);
}

/*
 * Pinning: the prologue loads the global into r15, the epilogue writes
 * it back; r15 leaves the cache's registers (see Emitter.pin).
 */
static void x86_pin_global(TCGContext *s)
{
    int32_t disp = (int32_t)s->temps[s->pinned].mem_offset;

    g_assert(s->temps[s->pinned].mem_offset == disp);
    patch_pin_access(s->region.rw + s->pin_load_ofs, 0x8b, disp);
    patch_pin_access(s->region.rw + s->pin_store_ofs, 0x89, disp);
}

typedef uintptr_t (*PrologueFn)(void *env, const void *code);

static uintptr_t x86_exec(TCGContext *s, void *env, const void *code)
{
    return ((PrologueFn)s->prologue)(env, code);
}

static bool x86_set_goto_tb(TCGContext *s, size_t jmp_ofs,
                            const void *target)
{
    const uint8_t *jmp_rx = s->region.rx + jmp_ofs;
    const uint8_t *next = jmp_rx + 5;
    intptr_t disp = (const uint8_t *)(target ? target : next) - next;
    uint32_t *slot = (uint32_t *)(s->region.rw + jmp_ofs + 1);

    g_assert(s->region.rw[jmp_ofs] == OPC_JMP_long);
    if (disp != (int32_t)disp) {
        return false;
    }
    /* aligned by emit_op, so this store is atomic for running threads */
    __atomic_store_n(slot, (uint32_t)disp, __ATOMIC_RELEASE);
    return true;
}

const TCGBackendOps tcg_backend_native = {
    .set_goto_tb = x86_set_goto_tb,
    .pin_global = x86_pin_global,
    .unwind = x86_unwind,
    .fault_writeback = x86_fault_writeback,
    .init = x86_init,
    .gen_code = x86_gen_code,
    .exec = x86_exec,
};
