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

#include <cpuid.h>
#include <string.h>

enum {
    R_RAX, R_RCX, R_RDX, R_RBX, R_RSP, R_RBP, R_RSI, R_RDI,
    R_R8, R_R9, R_R10, R_R11, R_R12, R_R13, R_R14, R_R15,
};

#define TCG_AREG0 R_R14
/* Integer argument registers of the SysV ABI, in order. */
static const int call_arg_regs[TCG_MAX_CALL_ARGS] = {
    R_RDI, R_RSI, R_RDX, R_RCX, R_R8, R_R9,
};
/* Registers the cache hands out, in order of preference. */
static const int alloc_order[] = {
    R_RBX, R_RBP, R_R12, R_R13, R_R15,
};
/* Callee-saved registers the prologue pushes (popped in reverse). */
static const int saved_regs[] = {
    R_RBP, R_RBX, R_R12, R_R13, R_R14, R_R15,
};

/* 6 pushes + return address leave rsp at 8 mod 16: make it 0 again. */
#define FRAME_SIZE (TCG_MAX_TEMPS * 8 + 8)
G_STATIC_ASSERT((FRAME_SIZE + 8 * G_N_ELEMENTS(saved_regs) + 8) % 16 == 0);

/* Opcodes as composed constants: low byte plus prefix flags. */
#define P_EXT       0x100       /* 0x0f escape */
#define P_DATA16    0x400       /* 0x66 operand size */
#define P_REXW      0x1000      /* 64-bit operand size */
#define P_SIMDF3    0x2000      /* 0xf3 prefix */

#define OPC_ARITH_GvEv  0x03    /* | ARITH_x << 3 */
#define OPC_ARITH_EvIb  0x83
#define OPC_ARITH_EvIz  0x81
#define OPC_BSF         (0xbc | P_EXT)
#define OPC_BSR         (0xbd | P_EXT)
#define OPC_BSWAP       (0xc8 | P_EXT)
#define OPC_CALL_Jz     0xe8
#define OPC_CMOVCC      (0x40 | P_EXT)
#define OPC_CQO         (0x99 | P_REXW)
#define OPC_CDQ         0x99
#define OPC_GRP3_Ev     0xf7
#define OPC_GRP5        0xff
#define OPC_IMUL_GvEv   (0xaf | P_EXT)
#define OPC_IMUL_GvEvIz 0x69
#define OPC_JCC_long    (0x80 | P_EXT)
#define OPC_JMP_long    0xe9
#define OPC_LZCNT       (0xbd | P_EXT | P_SIMDF3)
#define OPC_MOVB_EvGv   0x88
#define OPC_MOVL_EvGv   0x89
#define OPC_MOVL_GvEv   0x8b
#define OPC_MOVL_Iv     0xb8
#define OPC_MOVL_EvIz   0xc7
#define OPC_MOVSBL      (0xbe | P_EXT)
#define OPC_MOVSWL      (0xbf | P_EXT)
#define OPC_MOVSLQ      (0x63 | P_REXW)
#define OPC_MOVZBL      (0xb6 | P_EXT)
#define OPC_MOVZWL      (0xb7 | P_EXT)
#define OPC_POPCNT      (0xb8 | P_EXT | P_SIMDF3)
#define OPC_POP_r32     0x58
#define OPC_PUSH_r32    0x50
#define OPC_RET         0xc3
#define OPC_SETCC       (0x90 | P_EXT)
#define OPC_SHIFT_cl    0xd3
#define OPC_SHIFT_Ib    0xc1
#define OPC_TEST        0x85
#define OPC_TZCNT       (0xbc | P_EXT | P_SIMDF3)
#define OPC_VEX_ANDN    0xf2    /* VEX.0f38: reg = ~vvvv & r/m (BMI1) */

enum { ARITH_ADD = 0, ARITH_OR = 1, ARITH_AND = 4, ARITH_SUB = 5,
       ARITH_XOR = 6, ARITH_CMP = 7 };
enum { SHIFT_ROL = 0, SHIFT_ROR = 1, SHIFT_SHL = 4, SHIFT_SHR = 5,
       SHIFT_SAR = 7 };
enum { EXT3_NOT = 2, EXT3_NEG = 3, EXT3_MUL = 4, EXT3_IMUL = 5,
       EXT3_DIV = 6, EXT3_IDIV = 7 };
enum { EXT5_CALLN_Ev = 2, EXT5_JMPN_Ev = 4 };

enum { JCC_JB = 2, JCC_JAE = 3, JCC_JE = 4, JCC_JNE = 5, JCC_JBE = 6,
       JCC_JA = 7, JCC_JL = 0xc, JCC_JGE = 0xd, JCC_JLE = 0xe,
       JCC_JG = 0xf };

static const uint8_t tcg_cond_to_jcc[16] = {
    [TCG_COND_EQ] = JCC_JE, [TCG_COND_NE] = JCC_JNE,
    [TCG_COND_LT] = JCC_JL, [TCG_COND_GE] = JCC_JGE,
    [TCG_COND_LE] = JCC_JLE, [TCG_COND_GT] = JCC_JG,
    [TCG_COND_LTU] = JCC_JB, [TCG_COND_GEU] = JCC_JAE,
    [TCG_COND_LEU] = JCC_JBE, [TCG_COND_GTU] = JCC_JA,
};

/* Worst case bytes one IR op emits; checked before each op. */
#define MAX_OP_BYTES 320

typedef struct LabelRef {
    uint32_t pos;       /* offset of the rel32 from the block start */
    uint32_t label;
} LabelRef;

typedef struct Emitter {
    TCGContext *s;
    uint8_t *start;     /* rw view of the block */
    uint8_t *p;
    const uint8_t *rx_start;
    GArray *refs;       /* of LabelRef */
    int32_t *label_pos;
    /* the register cache */
    int8_t temp_reg[TCG_MAX_TEMPS];     /* -1: not in a register */
    bool temp_coherent[TCG_MAX_TEMPS];  /* memory home is up to date */
    int16_t reg_temp[16];               /* -1: free */
    unsigned next_victim;
} Emitter;

static void out8(Emitter *e, uint8_t v)
{
    *e->p++ = v;
}

static void out32(Emitter *e, uint32_t v)
{
    memcpy(e->p, &v, 4);
    e->p += 4;
}

static void out64(Emitter *e, uint64_t v)
{
    memcpy(e->p, &v, 8);
    e->p += 8;
}

static const uint8_t *rx_here(Emitter *e)
{
    return e->rx_start + (e->p - e->start);
}

static void emit_opc(Emitter *e, int opc, int r, int rm)
{
    int rex = 0;

    if (opc & P_DATA16) {
        out8(e, 0x66);
    }
    if (opc & P_SIMDF3) {
        out8(e, 0xf3);
    }
    rex |= (opc & P_REXW) ? 8 : 0;
    rex |= (r & 8) >> 1;
    rex |= (rm & 8) >> 3;
    if (rex) {
        out8(e, 0x40 | rex);
    }
    if (opc & P_EXT) {
        out8(e, 0x0f);
    }
    out8(e, opc & 0xff);
}

/* reg, reg form */
static void emit_modrm(Emitter *e, int opc, int r, int rm)
{
    emit_opc(e, opc, r, rm);
    out8(e, 0xc0 | ((r & 7) << 3) | (rm & 7));
}

/* reg, [base + disp32] form */
static void emit_modrm_offset(Emitter *e, int opc, int r, int base,
                              int32_t disp)
{
    emit_opc(e, opc, r, base);
    if (disp == (int8_t)disp) {
        out8(e, 0x40 | ((r & 7) << 3) | (base & 7));
        if ((base & 7) == R_RSP) {
            out8(e, 0x24);      /* SIB: no index, base rsp/r12 */
        }
        out8(e, (uint8_t)disp);
    } else {
        out8(e, 0x80 | ((r & 7) << 3) | (base & 7));
        if ((base & 7) == R_RSP) {
            out8(e, 0x24);
        }
        out32(e, (uint32_t)disp);
    }
}

static int rexw(TCGType type)
{
    return type == TCG_TYPE_I64 ? P_REXW : 0;
}

static void emit_movi(Emitter *e, TCGType type, int r, uint64_t v)
{
    if (type == TCG_TYPE_I32 || v == (uint32_t)v) {
        emit_opc(e, OPC_MOVL_Iv + (r & 7), 0, r);
        out32(e, (uint32_t)v);
    } else if ((int64_t)v == (int32_t)v) {
        emit_modrm(e, OPC_MOVL_EvIz | P_REXW, 0, r);
        out32(e, (uint32_t)v);
    } else {
        emit_opc(e, (OPC_MOVL_Iv + (r & 7)) | P_REXW, 0, r);
        out64(e, v);
    }
}

static void emit_mov(Emitter *e, TCGType type, int dst, int src)
{
    emit_modrm(e, OPC_MOVL_GvEv | rexw(type), dst, src);
}

static void emit_home_access(Emitter *e, int opc, int r, TCGArg a)
{
    TCGTemp *t = arg_temp(e->s, a);

    if (t->kind == TEMP_GLOBAL) {
        emit_modrm_offset(e, opc | rexw(t->type), r, TCG_AREG0,
                          (int32_t)t->mem_offset);
    } else {
        g_assert(t->kind == TEMP_EBB || t->kind == TEMP_TB);
        emit_modrm_offset(e, opc | rexw(t->type), r, R_RSP,
                          (int32_t)(a * 8));
    }
}

/* Write temp a back to its home if the register holds a newer value. */
static void sync_temp(Emitter *e, TCGArg a)
{
    if (e->temp_reg[a] >= 0 && !e->temp_coherent[a]) {
        emit_home_access(e, OPC_MOVL_EvGv, e->temp_reg[a], a);
        e->temp_coherent[a] = true;
    }
}

static void free_temp_reg(Emitter *e, TCGArg a)
{
    if (e->temp_reg[a] >= 0) {
        e->reg_temp[e->temp_reg[a]] = -1;
        e->temp_reg[a] = -1;
    }
}

/* Sync, and optionally drop, every global (and TB temp) in a register. */
static void sync_globals(Emitter *e, bool tb_temps_too, bool drop)
{
    for (size_t i = 0; i < G_N_ELEMENTS(alloc_order); i++) {
        int t = e->reg_temp[alloc_order[i]];
        TCGTempKind k;

        if (t < 0) {
            continue;
        }
        k = e->s->temps[t].kind;
        if (k == TEMP_GLOBAL || (tb_temps_too && k == TEMP_TB)) {
            sync_temp(e, t);
            if (drop) {
                free_temp_reg(e, t);
            }
        }
    }
}

/* Forget every register (at a label: the homes are the truth). */
static void drop_all_regs(Emitter *e)
{
    for (size_t i = 0; i < G_N_ELEMENTS(alloc_order); i++) {
        int t = e->reg_temp[alloc_order[i]];
        if (t >= 0) {
            free_temp_reg(e, t);
        }
    }
}

static int find_free_reg(Emitter *e)
{
    for (size_t i = 0; i < G_N_ELEMENTS(alloc_order); i++) {
        if (e->reg_temp[alloc_order[i]] < 0) {
            return alloc_order[i];
        }
    }
    return -1;
}

/* A register for temp a, spilling another temp if none is free. */
static int alloc_reg(Emitter *e, TCGArg a)
{
    int r = find_free_reg(e);

    if (r < 0) {
        r = alloc_order[e->next_victim++ % G_N_ELEMENTS(alloc_order)];
        sync_temp(e, e->reg_temp[r]);
        free_temp_reg(e, e->reg_temp[r]);
    }
    e->reg_temp[r] = (int16_t)a;
    e->temp_reg[a] = (int8_t)r;
    return r;
}

/* Load temp a into register r, zero-extended when it is an i32. */
static void load_temp(Emitter *e, int r, TCGArg a)
{
    TCGTemp *t = arg_temp(e->s, a);

    switch (t->kind) {
    case TEMP_CONST:
        emit_movi(e, t->type, r, (uint64_t)t->val);
        return;
    case TEMP_FIXED:
        emit_mov(e, TCG_TYPE_PTR, r, TCG_AREG0);
        return;
    default:
        break;
    }
    if (e->temp_reg[a] < 0 && find_free_reg(e) >= 0) {
        /* cache it: the next read is a register move */
        int cr = alloc_reg(e, a);
        emit_home_access(e, OPC_MOVL_GvEv, cr, a);
        e->temp_coherent[a] = true;
    }
    if (e->temp_reg[a] >= 0) {
        emit_mov(e, t->type, r, e->temp_reg[a]);
    } else {
        emit_home_access(e, OPC_MOVL_GvEv, r, a);
    }
}

/* The op's result, in scratch register r, becomes temp a's value. */
static void store_temp(Emitter *e, int r, TCGArg a)
{
    TCGTemp *t = arg_temp(e->s, a);
    int cr;

    g_assert(t->kind == TEMP_GLOBAL || t->kind == TEMP_EBB ||
             t->kind == TEMP_TB);
    cr = e->temp_reg[a] >= 0 ? e->temp_reg[a] : alloc_reg(e, a);
    emit_mov(e, t->type, cr, r);
    e->temp_coherent[a] = false;
}

static void emit_jmp_to(Emitter *e, int opc_jcc, int cc, const void *target)
{
    intptr_t disp;

    if (opc_jcc == OPC_JMP_long) {
        out8(e, OPC_JMP_long);
    } else {
        out8(e, 0x0f);
        out8(e, 0x80 + cc);
    }
    /* The buffer is at most 2 GiB (tcg_region_init), so rel32 reaches. */
    disp = (const uint8_t *)target - (rx_here(e) + 4);
    g_assert(disp == (int32_t)disp);
    out32(e, (uint32_t)disp);
}

static void emit_label_ref(Emitter *e, int cc, TCGArg label)
{
    LabelRef ref;

    if (cc < 0) {
        out8(e, OPC_JMP_long);
    } else {
        out8(e, 0x0f);
        out8(e, 0x80 + cc);
    }
    ref.pos = (uint32_t)(e->p - e->start);
    ref.label = (uint32_t)label;
    g_array_append_val(e->refs, ref);
    out32(e, 0);
}

static void emit_call(Emitter *e, const void *fn)
{
    emit_movi(e, TCG_TYPE_I64, R_RAX, (uintptr_t)fn);
    emit_modrm(e, OPC_GRP5, EXT5_CALLN_Ev, R_RAX);
}

static uint64_t helper_ctpop(uint64_t v)
{
    return __builtin_popcountll(v);
}

static uint64_t mask_for(unsigned ofs, unsigned len)
{
    uint64_t m = len >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << len) - 1;
    return m << ofs;
}

static void emit_shift_imm(Emitter *e, TCGType type, int ext, int r,
                           unsigned n)
{
    if (n) {
        emit_modrm(e, OPC_SHIFT_Ib | rexw(type), ext, r);
        out8(e, n);
    }
}

static int input_reg(Emitter *e, TCGArg a, int scratch);
static bool arg_imm32(Emitter *e, TCGArg a, TCGType type, int32_t *imm);
static void emit_arith_imm(Emitter *e, int w, int arith, int r, int32_t imm);

/* Set the flags from a[0] - a[1]. */
static void emit_cmp(Emitter *e, TCGType type, const TCGArg *a)
{
    int32_t imm;

    load_temp(e, R_RAX, a[0]);
    if (arg_imm32(e, a[1], type, &imm)) {
        emit_arith_imm(e, rexw(type), ARITH_CMP, R_RAX, imm);
    } else {
        emit_modrm(e, (OPC_ARITH_GvEv | (ARITH_CMP << 3)) | rexw(type),
                   R_RAX, input_reg(e, a[1], R_RCX));
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

/* Address base + ofs in rcx-relative form; returns the displacement. */
static int32_t emit_host_addr(Emitter *e, TCGArg base, intptr_t ofs)
{
    load_temp(e, R_RCX, base);
    if (ofs != (int32_t)ofs) {
        emit_movi(e, TCG_TYPE_I64, R_RDX, (uint64_t)ofs);
        emit_modrm(e, (OPC_ARITH_GvEv | (ARITH_ADD << 3)) | P_REXW,
                   R_RCX, R_RDX);
        return 0;
    }
    return (int32_t)ofs;
}

static void emit_ld(Emitter *e, const TCGOp *op)
{
    int32_t d = emit_host_addr(e, op->args[1], (intptr_t)op->args[2]);
    int w = rexw(op->type);
    int opc;

    switch (op->opc) {
    case INDEX_op_ld8u: opc = OPC_MOVZBL; break;
    case INDEX_op_ld8s: opc = OPC_MOVSBL | w; break;
    case INDEX_op_ld16u: opc = OPC_MOVZWL; break;
    case INDEX_op_ld16s: opc = OPC_MOVSWL | w; break;
    case INDEX_op_ld32u: opc = OPC_MOVL_GvEv; break;
    case INDEX_op_ld32s: opc = OPC_MOVSLQ; break;
    default: opc = OPC_MOVL_GvEv | w; break;
    }
    emit_modrm_offset(e, opc, R_RAX, R_RCX, d);
    store_temp(e, R_RAX, op->args[0]);
}

static void emit_st(Emitter *e, const TCGOp *op)
{
    int32_t d;
    int opc;

    load_temp(e, R_RAX, op->args[0]);
    d = emit_host_addr(e, op->args[1], (intptr_t)op->args[2]);
    switch (op->opc) {
    case INDEX_op_st8: opc = OPC_MOVB_EvGv; break;
    case INDEX_op_st16: opc = OPC_MOVL_EvGv | P_DATA16; break;
    case INDEX_op_st32: opc = OPC_MOVL_EvGv; break;
    default: opc = OPC_MOVL_EvGv | rexw(op->type); break;
    }
    emit_modrm_offset(e, opc, R_RAX, R_RCX, d);
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

/* A VEX-encoded (BMI) instruction: reg, vvvv, r/m; map 0f38, no prefix. */
static void emit_vex_0f38(Emitter *e, uint8_t opc, bool w, int r, int v,
                          int rm)
{
    out8(e, 0xc4);
    out8(e, ((~r & 8) << 4) | 0x40 | ((~rm & 8) << 2) | 0x02);
    out8(e, (w ? 0x80 : 0) | ((~v & 15) << 3));
    out8(e, opc);
    out8(e, 0xc0 | ((r & 7) << 3) | (rm & 7));
}

/* Is temp a a constant usable as a sign-extended imm32 of this type? */
static bool arg_imm32(Emitter *e, TCGArg a, TCGType type, int32_t *imm)
{
    TCGTemp *t = arg_temp(e->s, a);

    if (t->kind != TEMP_CONST) {
        return false;
    }
    *imm = (int32_t)t->val;
    return type == TCG_TYPE_I32 || t->val == (int64_t)*imm;
}

/* Temp a as a source operand: its cache register, or loaded into scratch. */
static int input_reg(Emitter *e, TCGArg a, int scratch)
{
    TCGTempKind k = arg_temp(e->s, a)->kind;

    if (k != TEMP_CONST && k != TEMP_FIXED && e->temp_reg[a] >= 0) {
        return e->temp_reg[a];
    }
    load_temp(e, scratch, a);
    return scratch;
}

static void emit_arith_imm(Emitter *e, int w, int arith, int r, int32_t imm)
{
    if (imm == (int8_t)imm) {
        emit_modrm(e, OPC_ARITH_EvIb | w, arith, r);
        out8(e, (uint8_t)imm);
    } else {
        emit_modrm(e, OPC_ARITH_EvIz | w, arith, r);
        out32(e, (uint32_t)imm);
    }
}

static void emit_binary(Emitter *e, const TCGOp *op)
{
    TCGType type = (TCGType)op->type;
    int w = rexw(type);
    const TCGArg *args = op->args;
    int arith = -1, shift = -1;
    bool invert_b = false, invert_out = false;
    int32_t imm;
    int rb;

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
    load_temp(e, R_RAX, args[1]);
    if (op->opc == INDEX_op_mulsh || op->opc == INDEX_op_muluh) {
        /* one-operand multiply, high half in rdx */
        rb = input_reg(e, args[2], R_RCX);
        emit_modrm(e, OPC_GRP3_Ev | w,
                   op->opc == INDEX_op_mulsh ? EXT3_IMUL : EXT3_MUL, rb);
        store_temp(e, R_RDX, args[0]);
        return;
    }
    if (arith >= 0 && !invert_b && arg_imm32(e, args[2], type, &imm)) {
        emit_arith_imm(e, w, arith, R_RAX, imm);
    } else if (shift >= 0 && arg_imm32(e, args[2], TCG_TYPE_I32, &imm)) {
        /* the IR takes counts modulo the width, as the hardware does */
        emit_shift_imm(e, type, shift, R_RAX,
                       imm & (type == TCG_TYPE_I32 ? 31 : 63));
    } else if (op->opc == INDEX_op_mul &&
               arg_imm32(e, args[2], type, &imm)) {
        emit_modrm(e, OPC_IMUL_GvEvIz | w, R_RAX, R_RAX);
        out32(e, (uint32_t)imm);
    } else if (shift >= 0) {
        load_temp(e, R_RCX, args[2]);       /* the count must be in cl */
        emit_modrm(e, OPC_SHIFT_cl | w, shift, R_RAX);
    } else {
        rb = input_reg(e, args[2], R_RCX);
        if (op->opc == INDEX_op_andc &&
            (e->s->host_features & TCG_HOST_BMI1)) {
            emit_vex_0f38(e, OPC_VEX_ANDN, w, R_RAX, rb, R_RAX);
            store_temp(e, R_RAX, args[0]);
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
            emit_modrm(e, (OPC_ARITH_GvEv | (arith << 3)) | w, R_RAX, rb);
        } else {
            emit_modrm(e, OPC_IMUL_GvEv | w, R_RAX, rb);
        }
    }
    if (invert_out) {
        emit_modrm(e, OPC_GRP3_Ev | w, EXT3_NOT, R_RAX);
    }
    store_temp(e, R_RAX, args[0]);
}

static void emit_unary(Emitter *e, const TCGOp *op)
{
    int w = rexw(op->type);
    const TCGArg *args = op->args;

    load_temp(e, R_RAX, args[1]);
    switch (op->opc) {
    case INDEX_op_mov:
    case INDEX_op_extrl_i64_i32:
    case INDEX_op_extu_i32_i64:
        break;  /* the typed load and store do the work */
    case INDEX_op_neg:
        emit_modrm(e, OPC_GRP3_Ev | w, EXT3_NEG, R_RAX);
        break;
    case INDEX_op_not:
        emit_modrm(e, OPC_GRP3_Ev | w, EXT3_NOT, R_RAX);
        break;
    case INDEX_op_ext8s:
        emit_modrm(e, OPC_MOVSBL | w, R_RAX, R_RAX);
        break;
    case INDEX_op_ext8u:
        emit_modrm(e, OPC_MOVZBL, R_RAX, R_RAX);
        break;
    case INDEX_op_ext16s:
        emit_modrm(e, OPC_MOVSWL | w, R_RAX, R_RAX);
        break;
    case INDEX_op_ext16u:
        emit_modrm(e, OPC_MOVZWL, R_RAX, R_RAX);
        break;
    case INDEX_op_ext32s:
    case INDEX_op_ext_i32_i64:
        emit_modrm(e, OPC_MOVSLQ, R_RAX, R_RAX);
        break;
    case INDEX_op_ext32u:
        emit_mov(e, TCG_TYPE_I32, R_RAX, R_RAX);
        break;
    case INDEX_op_bswap16:
        /* rol $8, %ax; movzwl %ax, %eax */
        emit_modrm(e, OPC_SHIFT_Ib | P_DATA16, SHIFT_ROL, R_RAX);
        out8(e, 8);
        emit_modrm(e, OPC_MOVZWL, R_RAX, R_RAX);
        break;
    case INDEX_op_bswap32:
        emit_opc(e, OPC_BSWAP + R_RAX, 0, R_RAX);
        break;
    case INDEX_op_bswap64:
        emit_opc(e, (OPC_BSWAP + R_RAX) | P_REXW, 0, R_RAX);
        break;
    default:
        g_assert_not_reached();
    }
    store_temp(e, R_RAX, args[0]);
}

static void emit_qemu_ldst(Emitter *e, const TCGOp *op)
{
    emit_mov(e, TCG_TYPE_PTR, R_RDI, TCG_AREG0);
    load_temp(e, R_RSI, op->args[1]);
    if (op->opc == INDEX_op_qemu_ld) {
        g_assert(e->s->guest_ld);
        emit_movi(e, TCG_TYPE_I32, R_RDX, op->args[2]);
        emit_call(e, (const void *)e->s->guest_ld);
        sync_globals(e, false, true);   /* the call-out may change env */
        store_temp(e, R_RAX, op->args[0]);
    } else {
        g_assert(e->s->guest_st);
        load_temp(e, R_RDX, op->args[0]);
        emit_movi(e, TCG_TYPE_I32, R_RCX, op->args[2]);
        emit_call(e, (const void *)e->s->guest_st);
        sync_globals(e, false, true);
    }
}

static unsigned call_flags(const TCGOp *op);

static void emit_helper_call(Emitter *e, const TCGOp *op)
{
    int nio = op->nb_oargs + op->nb_iargs;

    for (int i = 0; i < op->nb_iargs; i++) {
        load_temp(e, call_arg_regs[i], op->args[op->nb_oargs + i]);
    }
    emit_call(e, (const void *)(uintptr_t)op->args[nio]);
    if (!(call_flags(op) & TCG_CALL_NO_WRITE_GLOBALS)) {
        sync_globals(e, false, true);   /* synced before: just forget */
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

static unsigned call_flags(const TCGOp *op)
{
    return (unsigned)op->args[op->nb_oargs + op->nb_iargs + 1];
}

/* Before the op: make memory right where the op may look at it. */
static void sync_before(Emitter *e, const TCGOp *op)
{
    switch (op->opc) {
    case INDEX_op_set_label:
    case INDEX_op_br:
    case INDEX_op_brcond:
        sync_globals(e, true, false);
        break;
    case INDEX_op_exit_tb:
    case INDEX_op_goto_tb:
    case INDEX_op_goto_ptr:
    case INDEX_op_qemu_ld:
    case INDEX_op_qemu_st:
        sync_globals(e, false, false);
        break;
    case INDEX_op_call:
        /* a helper that may write a global must see our newer value */
        if ((call_flags(op) & TCG_CALL_NO_RWG) != TCG_CALL_NO_RWG) {
            sync_globals(e, false, false);
        }
        break;
    default:
        break;
    }
}

/* After the op's own code: what it may have changed behind our back. */
static void after_op(Emitter *e, const TCGOp *op)
{
    int nio = op->nb_oargs + op->nb_iargs;

    /* last uses free their registers (globals stay cached) */
    for (int i = 0; i < nio; i++) {
        TCGArg a = op->args[i];
        TCGTempKind k = e->s->temps[a].kind;

        if ((op->life & (1u << i)) && (k == TEMP_EBB || k == TEMP_TB)) {
            free_temp_reg(e, a);
        }
    }
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
        drop_all_regs(e);
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
        /* keep the rel32 4-byte aligned so patching it is one store */
        while (((e->p - e->start) + 1) & 3) {
            out8(e, 0x90);
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
 * Layout of a block: a 16-byte header, the code (the entry), then the
 * insn table that maps host offsets back to guest pcs for unwinding.
 */
typedef struct BlockHeader {
    uint32_t table_ofs;     /* from the entry */
    uint32_t nb_insns;
    uint64_t reserved;
} BlockHeader;

typedef struct InsnEntry {
    uint32_t host_ofs;      /* from the entry: where the insn starts */
    uint32_t pad;
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
    GArray *insns = g_array_new(FALSE, FALSE, sizeof(InsnEntry));
    ptrdiff_t len = -1;
    BlockHeader bh = { 0 };
    size_t table_ofs;

    if (start + hdr + MAX_OP_BYTES > s->region.size) {
        g_array_free(insns, TRUE);
        return -1;
    }
    e.refs = g_array_new(FALSE, FALSE, sizeof(LabelRef));
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
    for (int i = 0; i < s->nb_ops; i++) {
        if (e.p > limit) {
            goto out;
        }
        if (s->ops[i].opc == INDEX_op_insn_start) {
            InsnEntry ie = { .host_ofs = (uint32_t)(e.p - e.start),
                             .pc = s->ops[i].args[0] };
            g_array_append_val(insns, ie);
        }
        emit_op(&e, &s->ops[i]);
    }
    if (e.p > limit) {
        goto out;
    }
    sync_globals(&e, false, false);
    emit_exit(&e, 0);   /* falling off the end acts as exit_tb 0 */
    for (guint i = 0; i < e.refs->len; i++) {
        LabelRef *r = &g_array_index(e.refs, LabelRef, i);
        int32_t target = e.label_pos[r->label];
        int32_t disp;

        g_assert(target >= 0);      /* branch to a label never set */
        disp = target - (int32_t)(r->pos + 4);
        memcpy(e.start + r->pos, &disp, 4);
    }
    table_ofs = ((e.p - e.start) + 7) & ~(size_t)7;
    if (start + hdr + table_ofs + insns->len * sizeof(InsnEntry) >
        s->region.size) {
        goto out;
    }
    memcpy(e.start + table_ofs, insns->data,
           insns->len * sizeof(InsnEntry));
    bh.table_ofs = (uint32_t)table_ofs;
    bh.nb_insns = insns->len;
    memcpy(s->region.rw + start, &bh, sizeof(bh));
    s->entry_ofs = hdr;
    len = hdr + table_ofs + insns->len * sizeof(InsnEntry);
out:
    g_array_free(insns, TRUE);
    g_array_free(e.refs, TRUE);
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
        found = true;
    }
    return found;
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
    if (s->region.size < 256) {
        g_set_error(errp, TCG_ERROR, TCG_ERROR_TOO_BIG,
                    "code buffer of %zu bytes cannot hold the prologue",
                    s->region.size);
        return false;
    }
    s->prologue = rx_here(&e);
    for (size_t i = 0; i < G_N_ELEMENTS(saved_regs); i++) {
        emit_opc(&e, OPC_PUSH_r32 + (saved_regs[i] & 7), 0, saved_regs[i]);
    }
    emit_modrm(&e, OPC_ARITH_EvIz | P_REXW, ARITH_SUB, R_RSP);
    out32(&e, FRAME_SIZE);
    emit_mov(&e, TCG_TYPE_PTR, TCG_AREG0, R_RDI);
    emit_modrm(&e, OPC_GRP5, EXT5_JMPN_Ev, R_RSI);

    while ((e.p - e.start) & 15) {
        out8(&e, 0xcc);
    }
    s->epilogue = rx_here(&e);
    emit_modrm(&e, OPC_ARITH_EvIz | P_REXW, ARITH_ADD, R_RSP);
    out32(&e, FRAME_SIZE);
    for (int i = G_N_ELEMENTS(saved_regs) - 1; i >= 0; i--) {
        emit_opc(&e, OPC_POP_r32 + (saved_regs[i] & 7), 0, saved_regs[i]);
    }
    out8(&e, OPC_RET);
    s->region.used = ((e.p - e.start) + 15) & ~(size_t)15;
    return true;
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
    .unwind = x86_unwind,
    .init = x86_init,
    .gen_code = x86_gen_code,
    .exec = x86_exec,
};
