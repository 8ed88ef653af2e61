/*
 * The RISC-V front end of the TCG translator: the DisasContext (pc, MMU
 * index, XLEN and extension switches taken from the TB flags), the
 * TranslatorOps the generic loop drives, and the shared code generators
 * (register access, exceptions, block endings, memory accesses) that the
 * per-group trans-*.c.inc files use. The decoders are generated from
 * insn32.decode and insn16.decode at build time.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "accel/tcg/cpu-exec.h"
#include "accel/tcg/translator.h"
#include "accel/tcg/user.h"
#include "decode-helpers.h"

#include <stddef.h>
#include <string.h>

static TCGv_i64 cpu_gpr[32];
static TCGv_i64 cpu_pc;
static TCGv_i64 cpu_fpr[32];
static TCGv_i64 cpu_minstret, cpu_mcycle_delta;
/*
 * Blocks count retired instructions into minstret, except in user mode:
 * there cycle and instret read a host clock instead (csr.c), every block
 * saves an add, and nothing is pinned (the x86 backend then keeps the
 * guest-space bound in r15).
 */
static bool count_insns;

#define MAX_INSN_TEMPS 24
#define MAX_BLOCK_EXITS 16

/*
 * A conditional branch that did not end the block: a forward one to a
 * label bound when translation reaches dest, or a side exit. Either,
 * still pending when the block ends, becomes a stub after the block's
 * end that jumps to dest.
 */
typedef struct BlockExit {
    TCGLabel *label;
    uint64_t dest;
    uint64_t from;              /* the branch's pc (the exit check) */
    int uncounted;              /* insns the path has not added yet */
    int fs;                     /* least ctx->fs of the branches to it */
    int slot;                   /* a side exit's goto_tb slot, or -1 */
    bool forward;               /* bound at dest if translation gets there */
    bool bound;
} BlockExit;

typedef struct DisasContext {
    DisasContextBase base;
    const RISCVCPUConfig *cfg;
    uint32_t flags;
    int priv;
    int mem_idx;
    int xlen;
    int fs;
    int frm;                    /* fcsr.frm when the block was made */
    bool misa_m, misa_a, misa_f, misa_d, misa_c;
    bool misalign_trap;
    uint32_t opcode;
    uint64_t pc_succ;           /* pc of the next instruction */
    int insns_counted;          /* already added to minstret */
    /* ways out of the block still to emit (block-exits.c.inc) */
    BlockExit exits[MAX_BLOCK_EXITS];
    int nexits;
    int next_slot;              /* the next free goto_tb slot */
    int loop_slot;              /* the goto_tb back to pc_first, or -1 */
    /* temps of the current instruction, freed after it */
    TCGv_i64 temps[MAX_INSN_TEMPS];
    int ntemps;
} DisasContext;

#define DISAS_EXIT  DISAS_TARGET_0      /* pc written; back to the loop */

#include "decode-insn32.c.inc"
#include "decode-insn16.c.inc"

static TCGv_i64 tmp(DisasContext *ctx)
{
    TCGv_i64 t = tcg_temp_new_i64();

    g_assert(ctx->ntemps < MAX_INSN_TEMPS);
    ctx->temps[ctx->ntemps++] = t;
    return t;
}

static TCGv_i64 get_gpr(DisasContext *ctx, int r)
{
    return r ? cpu_gpr[r] : tcg_constant_i64(0);
}

static void set_gpr(DisasContext *ctx, int r, TCGv_i64 v)
{
    if (r) {
        tcg_gen_mov_i64(cpu_gpr[r], v);
    }
}

static void set_gpri(DisasContext *ctx, int r, int64_t v)
{
    if (r) {
        tcg_gen_movi_i64(cpu_gpr[r], v);
    }
}

/* --- helper calls --- */

#define HELPER_INFO(fn, fl)                                             \
    static const TCGHelperInfo fn##_info = {                            \
        .func = (void *)fn, .name = #fn, .flags = fl }

HELPER_INFO(helper_raise_exception, 0);
HELPER_INFO(helper_csrrw, 0);
HELPER_INFO(helper_mret, 0);
HELPER_INFO(helper_sret, 0);
HELPER_INFO(helper_wfi, 0);
HELPER_INFO(helper_sfence_vma, 0);
HELPER_INFO(helper_amo, 0);
HELPER_INFO(helper_lr, 0);
HELPER_INFO(helper_sc, 0);
HELPER_INFO(helper_cbo_zero, 0);
HELPER_INFO(helper_cbo_check, 0);
HELPER_INFO(helper_clmul, TCG_CALL_NO_RWG_SE);
HELPER_INFO(helper_clmulh, TCG_CALL_NO_RWG_SE);
HELPER_INFO(helper_clmulr, TCG_CALL_NO_RWG_SE);
HELPER_INFO(helper_orc_b, TCG_CALL_NO_RWG_SE);
/* called with rm resolved (translate-time checked): they cannot raise */
HELPER_INFO(helper_fp2, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fp3, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fadd_s, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fsub_s, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fmul_s, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fdiv_s, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fadd_d, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fsub_d, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fmul_d, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fdiv_d, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fsqrt_d, TCG_CALL_NO_RWG);
HELPER_INFO(helper_fs_dirty, 0);

static void gen_call(const TCGHelperInfo *fn, TCGv_i64 ret, bool env,
                     int n, TCGv_i64 a0, TCGv_i64 a1, TCGv_i64 a2,
                     TCGv_i64 a3, TCGv_i64 a4)
{
    TCGTemp *args[6];
    TCGv_i64 in[5] = { a0, a1, a2, a3, a4 };
    int k = 0;

    if (env) {
        args[k++] = tcgv_ptr_temp(tcg_env);
    }
    for (int i = 0; i < n; i++) {
        args[k++] = tcgv_i64_temp(in[i]);
    }
    tcg_gen_callN(fn, ret ? tcgv_i64_temp(ret) : NULL, k, args);
}

#define C(v) tcg_constant_i64(v)

/* --- counters and block endings --- */

/*
 * Add the instructions executed since the last update to the counters:
 * to minstret, which mcycle follows (mcycle_delta in cpu.h).
 */
static void gen_update_counters(DisasContext *ctx, int upto)
{
    int n = upto - ctx->insns_counted;

    if (n > 0 && count_insns) {
        tcg_gen_addi_i64(cpu_minstret, cpu_minstret, n);
    }
}

#include "block-exits.c.inc"

/* cpu_pc is written: jump to whatever block it names. */
static void gen_lookup(DisasContext *ctx)
{
    gen_update_counters(ctx, ctx->base.num_insns);
    translator_lookup_and_goto_ptr(&ctx->base);
}

/* cpu_pc is written: return to the loop (interrupts, new state). */
static void gen_exit(DisasContext *ctx)
{
    gen_update_counters(ctx, ctx->base.num_insns);
    translator_exit_tb(&ctx->base);
}

/*
 * Raise excp at this instruction. The helper unwinds to the insn_start
 * of the instruction, so pc need not be written; instructions of the
 * block before this one are counted.
 */
static void gen_exception(DisasContext *ctx, int excp, uint64_t tval)
{
    gen_update_counters(ctx, ctx->base.num_insns - 1);
    gen_call(&helper_raise_exception_info, NULL, true, 2, C(excp), C(tval),
             NULL, NULL, NULL);
    ctx->base.is_jmp = DISAS_NORETURN;
}

static bool gen_illegal(DisasContext *ctx)
{
    gen_exception(ctx, RISCV_EXCP_ILLEGAL_INST, ctx->opcode);
    return true;
}

/* Before a helper that reads the counters or may trap. */
static void gen_sync_counters(DisasContext *ctx)
{
    gen_update_counters(ctx, ctx->base.num_insns - 1);
    ctx->insns_counted = ctx->base.num_insns - 1;
}

/* A jump target misaligned for IALIGN (32 without C) traps. */
static bool target_misaligned(DisasContext *ctx, uint64_t dest)
{
    return !ctx->misa_c && (dest & 3);
}

/* --- memory --- */

static MemOp mem_align(DisasContext *ctx, MemOp op)
{
    return ctx->misalign_trap ? (MemOp)(op | MO_ALIGN) : op;
}

static TCGv_i64 gen_addr(DisasContext *ctx, int rs1, int64_t imm)
{
    TCGv_i64 addr = tmp(ctx);

    tcg_gen_addi_i64(addr, get_gpr(ctx, rs1), imm);
    return addr;
}

static bool gen_load(DisasContext *ctx, arg_i *a, MemOp op)
{
    TCGv_i64 addr = gen_addr(ctx, a->rs1, a->imm);
    TCGv_i64 v = tmp(ctx);

    tcg_gen_qemu_ld_i64(v, addr, ctx->mem_idx, mem_align(ctx, op));
    set_gpr(ctx, a->rd, v);
    return true;
}

static bool gen_store(DisasContext *ctx, arg_s *a, MemOp op)
{
    TCGv_i64 addr = gen_addr(ctx, a->rs1, a->imm);

    tcg_gen_qemu_st_i64(get_gpr(ctx, a->rs2), addr, ctx->mem_idx,
                        mem_align(ctx, op));
    return true;
}

/* --- ALU shapes --- */

typedef void GenBin(TCGv_i64, TCGv_i64, TCGv_i64);
typedef void GenBinI(TCGv_i64, TCGv_i64, int64_t);
typedef void GenUn(TCGv_i64, TCGv_i64);

static bool gen_arith(DisasContext *ctx, arg_r *a, GenBin *fn)
{
    TCGv_i64 d = tmp(ctx);

    fn(d, get_gpr(ctx, a->rs1), get_gpr(ctx, a->rs2));
    set_gpr(ctx, a->rd, d);
    return true;
}

static bool gen_arith_imm(DisasContext *ctx, arg_i *a, GenBinI *fn)
{
    TCGv_i64 d = tmp(ctx);

    fn(d, get_gpr(ctx, a->rs1), a->imm);
    set_gpr(ctx, a->rd, d);
    return true;
}

static bool gen_shift_imm(DisasContext *ctx, arg_shift *a, GenBinI *fn)
{
    TCGv_i64 d = tmp(ctx);

    if (a->shamt >= ctx->xlen) {
        return false;
    }
    fn(d, get_gpr(ctx, a->rs1), a->shamt);
    set_gpr(ctx, a->rd, d);
    return true;
}

static bool gen_unary(DisasContext *ctx, arg_r2 *a, GenUn *fn)
{
    TCGv_i64 d = tmp(ctx);

    fn(d, get_gpr(ctx, a->rs1));
    set_gpr(ctx, a->rd, d);
    return true;
}

/* The W forms: compute, then sign-extend the low 32 bits into rd. */
static bool gen_arith_w(DisasContext *ctx, arg_r *a, GenBin *fn)
{
    TCGv_i64 d = tmp(ctx);

    fn(d, get_gpr(ctx, a->rs1), get_gpr(ctx, a->rs2));
    tcg_gen_ext32s_i64(d, d);
    set_gpr(ctx, a->rd, d);
    return true;
}

#define REQUIRE(cond) do { if (!(cond)) { return false; } } while (0)
#define REQUIRE_EXT(ctx, field) REQUIRE((ctx)->cfg->field)

#include "trans-rvi.c.inc"
#include "trans-rvm.c.inc"
#include "trans-rva.c.inc"
#include "trans-rvb.c.inc"
#include "trans-privileged.c.inc"
#include "trans-zicbo.c.inc"
#include "trans-zicond.c.inc"
#include "trans-zimop.c.inc"
#include "trans-zcb.c.inc"
#include "trans-rvfd.c.inc"
#include "trans-zfa.c.inc"
#include "trans-zfhmin.c.inc"

/* --- the translator loop's hooks --- */

static void riscv_init_disas_context(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = (DisasContext *)db;
    uint32_t f = db->tb->flags;
    RISCVCPU *cpu = RISCV_CPU(cs);

    ctx->cfg = &cpu->cfg;
    ctx->flags = f;
    ctx->priv = (f >> RISCV_TB_PRIV_SHIFT) & 3;
    ctx->mem_idx = (f >> RISCV_TB_MEMIDX_SHIFT) & 15;
    ctx->fs = (f >> RISCV_TB_FS_SHIFT) & 3;
    ctx->frm = (f >> RISCV_TB_FRM_SHIFT) & 7;
    ctx->xlen = 16 << ((f >> RISCV_TB_MXL_SHIFT) & 3);
    ctx->misa_m = f & RISCV_TB_MISA_M;
    ctx->misa_a = f & RISCV_TB_MISA_A;
    ctx->misa_f = f & RISCV_TB_MISA_F;
    ctx->misa_d = f & RISCV_TB_MISA_D;
    ctx->misa_c = f & RISCV_TB_MISA_C;
    ctx->misalign_trap = cpu->cfg.misaligned == RISCV_MISALIGNED_TRAP;
    ctx->insns_counted = 0;
    ctx->ntemps = 0;
    ctx->nexits = 0;
    ctx->next_slot = 0;
    ctx->loop_slot = -1;
}

static void riscv_tb_start(DisasContextBase *db, CPUState *cs)
{
}

static void riscv_insn_start(DisasContextBase *db, CPUState *cs)
{
    bind_forward_exits((DisasContext *)db);
    tcg_gen_insn_start(db->pc_next);
}

static void riscv_translate_insn(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = (DisasContext *)db;
    uint64_t pc = db->pc_next;
    uint32_t insn = translator_lduw(cs, db, pc);
    bool ok;

    if (db->num_insns > 1 && (pc & 0xfff) == 0xffe && (insn & 3) == 3) {
        /*
         * A 32-bit instruction across a page boundary starts a block of
         * its own: fetching its second half may fault, and that fault
         * must be taken at it, after the instructions before it ran,
         * not at the start of this block. Leave it out of this one.
         */
        db->num_insns--;
        db->is_jmp = DISAS_TOO_MANY;
        return;
    }
    if ((insn & 3) == 3) {
        insn |= (uint32_t)translator_lduw(cs, db, pc + 2) << 16;
        ctx->opcode = insn;
        ctx->pc_succ = pc + 4;
        ok = decode_insn32(ctx, insn);
    } else {
        ctx->opcode = insn;
        ctx->pc_succ = pc + 2;
        ok = ctx->misa_c && decode_insn16(ctx, insn);
    }
    db->pc_next = ctx->pc_succ;
    if (!ok) {
        gen_illegal(ctx);
    }
    if (db->is_jmp == DISAS_NORETURN && block_goes_on_after_end(ctx)) {
        db->is_jmp = DISAS_NEXT;
    }
    for (int i = 0; i < ctx->ntemps; i++) {
        tcg_temp_free_i64(ctx->temps[i]);
    }
    ctx->ntemps = 0;
}

static void riscv_tb_stop(DisasContextBase *db, CPUState *cs)
{
    DisasContext *ctx = (DisasContext *)db;

    switch ((int)db->is_jmp) {
    case DISAS_TOO_MANY:
        gen_goto_tb(ctx, db->pc_next);
        break;
    case DISAS_EXIT:
        gen_exit(ctx);
        break;
    default:
        break;
    }
    gen_exit_stubs(ctx);
}

static const TranslatorOps riscv_translator_ops = {
    .init_disas_context = riscv_init_disas_context,
    .tb_start = riscv_tb_start,
    .insn_start = riscv_insn_start,
    .translate_insn = riscv_translate_insn,
    .tb_stop = riscv_tb_stop,
};

void riscv_translate_code(CPUState *cpu, TranslationBlock *tb, int max_insns)
{
    DisasContext ctx;

    translator_loop(cpu, tb, max_insns, &riscv_translator_ops, &ctx.base);
}

void riscv_tcg_initialize(void)
{
    tcg_store_watch_set_hook(riscv_store_watch_hook);
    static const char *const names[32] = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
        "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
        "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
    };
    static const char *const fnames[32] = {
        "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
        "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
        "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
        "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
    };

    cpu_gpr[0] = NULL;
    for (int i = 1; i < 32; i++) {
        cpu_gpr[i] = tcg_global_mem_new_i64(
            tcg_env, offsetof(RISCVCPU, env.gpr) + 8 * i, names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(tcg_env, offsetof(RISCVCPU, env.pc),
                                    "pc");
    for (int i = 0; i < 32; i++) {
        cpu_fpr[i] = tcg_global_mem_new_i64(
            tcg_env, offsetof(RISCVCPU, env.fpr) + 8 * i, fnames[i]);
    }
    cpu_minstret = tcg_global_mem_new_i64(
        tcg_env, offsetof(RISCVCPU, env.minstret), "minstret");
    count_insns = !tcg_user_active();
    if (count_insns) {
        /* every block adds to it: a host register, not memory, across chains */
        tcg_context_pin_global(tcg_ctx, cpu_minstret);
    }
    cpu_mcycle_delta = tcg_global_mem_new_i64(
        tcg_env, offsetof(RISCVCPU, env.mcycle_delta), "mcycle_delta");
}
