/*
 * The toy guest's CPU model and TCG front end (see toy-cpu.h): a
 * TranslatorOps table, helpers that raise precise exceptions, a page
 * walker over a 16-entry map, and an interrupt taken when enabled.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "toy-cpu.h"
#include "accel/tcg/translator.h"

#include <stddef.h>

#define TOY_PAGE_BITS 12

static TCGv_i64 cpu_r[16];
static TCGv_i64 cpu_pc;

typedef struct ToyDisas {
    DisasContextBase base;
    unsigned next_slot;         /* BEQX's next goto_tb slot */
} ToyDisas;

static ToyCPU *toy(CPUState *cpu)
{
    return (ToyCPU *)cpu;
}

/* --- helpers (called from generated code) --- */

static void helper_trap(void *env, uint64_t imm)
{
    toy(env)->arg = imm;
    tcg_cpu_raise_exception(env, TOY_EXCP_TRAP, GETPC());
}

static void helper_illegal(void *env)
{
    tcg_cpu_raise_exception(env, TOY_EXCP_ILLEGAL, GETPC());
}

static void helper_wfi(void *env)
{
    tcg_cpu_raise_exception(env, EXCP_HLT, 0);
}

static void helper_done(void *env)
{
    g_atomic_int_set(&toy(env)->done, 1);
    tcg_cpu_raise_exception(env, EXCP_HLT, 0);
}

static void helper_map(void *env, uint64_t vpn, uint64_t entry)
{
    toy(env)->map[vpn & 15] = entry;
    tlb_flush_page(env, (vpn & 15) << TOY_PAGE_BITS);
}

static void helper_hsw(void *env, uint64_t addr, uint64_t val)
{
    tcg_cpu_st(env, addr, val, MO_UL, 0, GETPC());
}

static void helper_hadd(void *env, uint64_t addr, uint64_t val)
{
    uint64_t *p = tcg_cpu_host_for_store(env, addr, 8, 0, GETPC(), NULL);
    uint64_t v;

    if (p) {
        *p += val;              /* the toy is little-endian, so is the host */
        toy(env)->host_adds++;
        return;
    }
    v = tcg_cpu_ld(env, addr, MO_UQ, 0, GETPC());
    tcg_cpu_st(env, addr, v + val, MO_UQ, 0, GETPC());
}

static void helper_eret(void *env)
{
    toy(env)->pc = toy(env)->epc;
    toy(env)->ie = 1;
}

#define HELPER(fn) \
    static const TCGHelperInfo fn##_info = { .func = fn, .name = #fn }
HELPER(helper_trap);
HELPER(helper_illegal);
HELPER(helper_wfi);
HELPER(helper_done);
HELPER(helper_map);
HELPER(helper_eret);
HELPER(helper_hsw);
HELPER(helper_hadd);

static void gen_helper(const TCGHelperInfo *fn, int nargs, TCGv_i64 a1,
                       TCGv_i64 a2)
{
    TCGTemp *args[3] = { tcgv_ptr_temp(tcg_env) };

    if (nargs > 1) {
        args[1] = tcgv_i64_temp(a1);
    }
    if (nargs > 2) {
        args[2] = tcgv_i64_temp(a2);
    }
    tcg_gen_callN(fn, NULL, nargs, args);
}

/* --- translation --- */

static void toy_gen_goto(DisasContextBase *db, unsigned n, uint64_t dest)
{
    tcg_gen_movi_i64(cpu_pc, dest);
    if (translator_use_goto_tb(db, dest)) {
        translator_goto_tb(db, n, dest);
    } else {
        translator_lookup_and_goto_ptr(db);
    }
}

static void toy_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
    ((ToyDisas *)db)->next_slot = 2;    /* 0 and 1 end the block */
}

/* BEQX: the exit is inline, jumped over when not taken. */
static void toy_gen_side_exit(DisasContextBase *db, TCGv_i64 a, TCGv_i64 b,
                              uint64_t dest)
{
    ToyDisas *dc = (ToyDisas *)db;
    TCGLabel *stay = gen_new_label();

    tcg_gen_brcond_i64(TCG_COND_NE, a, b, stay);
    tcg_gen_movi_i64(cpu_pc, dest);
    if (dc->next_slot < TB_MAX_JMP && translator_use_goto_tb(db, dest)) {
        translator_goto_tb(db, dc->next_slot++, dest);
    } else {
        translator_lookup_and_goto_ptr(db);
    }
    gen_set_label(stay);
}

static void toy_tb_start(DisasContextBase *db, CPUState *cpu)
{
}

static void toy_insn_start(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_insn_start(db->pc_next);
}

static void toy_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    uint64_t pc = db->pc_next;
    uint32_t insn = translator_ldl(cpu, db, pc);
    unsigned op = insn >> 24, rd = (insn >> 20) & 15, rs = (insn >> 16) & 15;
    int64_t imm = (int16_t)(insn & 0xffff);
    TCGv_i64 t = tcg_temp_new_i64();
    TCGLabel *l;

    db->pc_next = pc + 4;
    switch (op) {
    case TOY_ADDI:
        tcg_gen_addi_i64(cpu_r[rd], cpu_r[rs], imm);
        break;
    case TOY_LUI:
        tcg_gen_movi_i64(cpu_r[rd], imm << 16);
        break;
    case TOY_ADD:
        tcg_gen_add_i64(cpu_r[rd], cpu_r[rs], cpu_r[imm & 15]);
        break;
    case TOY_LD:
    case TOY_LW:
    case TOY_LDA:
        tcg_gen_addi_i64(t, cpu_r[rs], imm);
        tcg_gen_qemu_ld_i64(cpu_r[rd], t, 0,
                            op == TOY_LW ? MO_UL :
                            op == TOY_LDA ? MO_UQ | MO_ALIGN : MO_UQ);
        break;
    case TOY_ST:
    case TOY_SW:
        tcg_gen_addi_i64(t, cpu_r[rs], imm);
        tcg_gen_qemu_st_i64(cpu_r[rd], t, 0, op == TOY_SW ? MO_UL : MO_UQ);
        break;
    case TOY_HSW:
        tcg_gen_addi_i64(t, cpu_r[rs], imm);
        gen_helper(&helper_hsw_info, 3, t, cpu_r[rd]);
        break;
    case TOY_HADD:
        tcg_gen_addi_i64(t, cpu_r[rs], imm);
        gen_helper(&helper_hadd_info, 3, t, cpu_r[rd]);
        break;
    case TOY_BNE:
        l = gen_new_label();
        tcg_gen_brcond_i64(TCG_COND_EQ, cpu_r[rd], cpu_r[rs], l);
        toy_gen_goto(db, 0, pc + imm * 4);
        gen_set_label(l);
        toy_gen_goto(db, 1, pc + 4);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_BEQX:
        toy_gen_side_exit(db, cpu_r[rd], cpu_r[rs], pc + imm * 4);
        break;
    case TOY_J:
        toy_gen_goto(db, 0, pc + imm * 4);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_JR:
        tcg_gen_mov_i64(cpu_pc, cpu_r[rs]);
        translator_lookup_and_goto_ptr(db);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_TRAP:
        gen_helper(&helper_trap_info, 2, tcg_constant_i64(imm), NULL);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_WFI:
        tcg_gen_movi_i64(cpu_pc, pc + 4);
        gen_helper(&helper_wfi_info, 1, NULL, NULL);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_DONE:
        tcg_gen_movi_i64(cpu_pc, pc);
        gen_helper(&helper_done_info, 1, NULL, NULL);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_MAP:
        gen_helper(&helper_map_info, 3, cpu_r[rd], cpu_r[rs]);
        tcg_gen_movi_i64(cpu_pc, pc + 4);
        translator_exit_tb(db);
        db->is_jmp = DISAS_NORETURN;
        break;
    case TOY_ERET:
        gen_helper(&helper_eret_info, 1, NULL, NULL);
        translator_exit_tb(db);
        db->is_jmp = DISAS_NORETURN;
        break;
    default:
        gen_helper(&helper_illegal_info, 1, NULL, NULL);
        db->is_jmp = DISAS_NORETURN;
        break;
    }
    tcg_temp_free_i64(t);
}

static void toy_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    if (db->is_jmp == DISAS_TOO_MANY) {
        toy_gen_goto(db, 0, db->pc_next);
    }
}

static const TranslatorOps toy_translator_ops = {
    .init_disas_context = toy_init_disas_context,
    .tb_start = toy_tb_start,
    .insn_start = toy_insn_start,
    .translate_insn = toy_translate_insn,
    .tb_stop = toy_tb_stop,
};

static void toy_initialize(void)
{
    static const char *const names[16] = {
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15" };

    for (int i = 0; i < 16; i++) {
        cpu_r[i] = tcg_global_mem_new_i64(tcg_env,
                                          offsetof(ToyCPU, r) + 8 * i,
                                          names[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(tcg_env, offsetof(ToyCPU, pc), "pc");
}

static void toy_translate_code(CPUState *cpu, TranslationBlock *tb,
                               int max_insns)
{
    ToyDisas dc;

    translator_loop(cpu, tb, max_insns, &toy_translator_ops, &dc.base);
}

/* --- CPU hooks --- */

static void toy_get_tb_cpu_state(CPUState *cpu, uint64_t *pc,
                                 uint64_t *cs_base, uint32_t *flags)
{
    *pc = toy(cpu)->pc;
    *cs_base = 0;
    *flags = toy(cpu)->paging;
}

static void toy_synchronize_from_tb(CPUState *cpu,
                                    const TranslationBlock *tb)
{
    toy(cpu)->pc = tb->pc;
}

static void toy_restore_state_to_opc(CPUState *cpu, uint64_t pc)
{
    toy(cpu)->pc = pc;
}

static bool toy_cpu_exec_interrupt(CPUState *cpu, unsigned request)
{
    ToyCPU *t = toy(cpu);

    if (!(request & CPU_INTERRUPT_HARD) || !t->ie) {
        return false;
    }
    t->epc = t->pc;
    t->cause = TOY_CAUSE_IRQ;
    t->ie = 0;
    t->pc = t->ivec;
    cpu_reset_interrupt(cpu, CPU_INTERRUPT_HARD);
    return true;
}

static void toy_do_interrupt(CPUState *cpu)
{
    ToyCPU *t = toy(cpu);

    t->epc = t->pc;
    t->cause = (uint64_t)tcg_cpu_exception_index(cpu);
    t->pc = t->tvec;
    t->traps++;
}

static bool toy_tlb_fill(CPUState *cpu, uint64_t addr, MMUAccessType type,
                         int mmu_idx, bool probe, TCGTLBFill *out,
                         uintptr_t retaddr)
{
    ToyCPU *t = toy(cpu);
    uint64_t vpn = addr >> TOY_PAGE_BITS;

    if (!t->paging) {
        out->phys = addr;
        out->prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
        return true;
    }
    if (vpn < 16 && (t->map[vpn] & TOY_MAP_VALID) &&
        (type != MMU_DATA_STORE || (t->map[vpn] & TOY_MAP_WRITE))) {
        out->phys = t->map[vpn] & ~(uint64_t)0xfff;
        out->prot = PAGE_READ | PAGE_EXEC |
                    ((t->map[vpn] & TOY_MAP_WRITE) ? PAGE_WRITE : 0);
        return true;
    }
    if (probe) {
        return false;
    }
    t->badaddr = addr;
    tcg_cpu_raise_exception(cpu, TOY_EXCP_PAGE_FAULT, retaddr);
}

static void toy_do_unaligned_access(CPUState *cpu, uint64_t addr,
                                    MMUAccessType type, int mmu_idx,
                                    uintptr_t retaddr)
{
    toy(cpu)->badaddr = addr;
    tcg_cpu_raise_exception(cpu, TOY_EXCP_UNALIGNED, retaddr);
}

static void toy_disas_log(CPUState *cpu, FILE *f, uint64_t pc, uint32_t size)
{
    for (uint32_t i = 0; i < size; i += 4) {
        uint32_t insn = (uint32_t)tcg_cpu_ld(cpu, pc + i, MO_UL, 0, 0);
        fprintf(f, "0x%016" G_GINT64_MODIFIER "x:  %08x  op %u\n", pc + i,
                insn, insn >> 24);
    }
}

static const TCGCPUOps toy_tcg_ops = {
    .initialize = toy_initialize,
    .translate_code = toy_translate_code,
    .get_tb_cpu_state = toy_get_tb_cpu_state,
    .synchronize_from_tb = toy_synchronize_from_tb,
    .restore_state_to_opc = toy_restore_state_to_opc,
    .cpu_exec_interrupt = toy_cpu_exec_interrupt,
    .do_interrupt = toy_do_interrupt,
    .tlb_fill = toy_tlb_fill,
    .do_unaligned_access = toy_do_unaligned_access,
    .disas_log = toy_disas_log,
    .page_bits = TOY_PAGE_BITS,
    .nb_mmu_modes = 1,
};

static bool toy_has_work(CPUState *cpu)
{
    return g_atomic_int_get(&cpu->interrupt_request) & CPU_INTERRUPT_HARD;
}

static void toy_dump_state(CPUState *cpu, FILE *f, int flags)
{
    ToyCPU *t = toy(cpu);

    fprintf(f, " pc       %016" G_GINT64_MODIFIER "x\n", t->pc);
    for (int i = 0; i < 16; i++) {
        fprintf(f, " r%-2d %016" G_GINT64_MODIFIER "x%s", i, t->r[i],
                i % 4 == 3 ? "\n" : "");
    }
}

static void toy_set_pc(CPUState *cpu, uint64_t pc)
{
    toy(cpu)->pc = pc;
}

static uint64_t toy_get_pc(CPUState *cpu)
{
    return toy(cpu)->pc;
}

static void toy_cpu_class_init(ObjectClass *oc, const void *data)
{
    CPUClass *cc = CPU_CLASS(oc);

    cc->has_work = toy_has_work;
    cc->dump_state = toy_dump_state;
    cc->set_pc = toy_set_pc;
    cc->get_pc = toy_get_pc;
    cc->tcg_ops = &toy_tcg_ops;
}

static const TypeInfo toy_cpu_types[] = {
    {
        .name = TYPE_TOY_CPU,
        .parent = TYPE_CPU,
        .instance_size = sizeof(ToyCPU),
        .class_init = toy_cpu_class_init,
    },
};

DEFINE_TYPES(toy_cpu_types)
