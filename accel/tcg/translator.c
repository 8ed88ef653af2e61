/*
 * The generic translator loop: drives a front end's TranslatorOps over a
 * block, adds the exit-request check every block starts with, and
 * fetches guest code through the instruction TLB, recording the pages
 * the block reads so writes there invalidate it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "accel/tcg/translator.h"

#include <string.h>

/* A breakpoint's block: raise EXCP_DEBUG at the insn_start just made. */
static void tcg_helper_debug_break(void *env)
{
    CPUState *cpu = env;

    tcg_cpu_raise_exception(cpu, EXCP_DEBUG, GETPC());
}

static const TCGHelperInfo debug_break_info = {
    .func = tcg_helper_debug_break,
    .name = "debug_break",
    .flags = 0,
};

/*
 * A debugger breakpoint at the next pc: a block's later instruction ends
 * the block before it (true), so the breakpoint is always the first
 * instruction of a block; there it becomes a call that raises.
 */
static bool translator_breakpoint(CPUState *cpu, DisasContextBase *db,
                                  const TranslatorOps *ops)
{
    TCGTemp *args[1];

    if (!cpu->accel->breakpoints->len ||
        !tcg_cpu_breakpoint_at(cpu, db->pc_next)) {
        return false;
    }
    if (db->num_insns) {
        db->is_jmp = DISAS_TOO_MANY;
        return true;
    }
    db->num_insns++;
    ops->insn_start(db, cpu);
    args[0] = tcgv_ptr_temp(tcg_env);
    tcg_gen_callN(&debug_break_info, NULL, 1, args);
    /* a non-empty block, so that writes to its page still find it */
    db->pc_next += 1;
    db->is_jmp = DISAS_NORETURN;
    return true;
}

void translator_loop(CPUState *cpu, TranslationBlock *tb, int max_insns,
                     const TranslatorOps *ops, DisasContextBase *db)
{
    db->tb = tb;
    db->cpu = cpu;
    db->pc_first = tb->pc;
    db->pc_next = tb->pc;
    db->is_jmp = DISAS_NEXT;
    db->num_insns = 0;
    db->max_insns = max_insns;
    ops->init_disas_context(db, cpu);

    ops->tb_start(db, cpu);
    for (;;) {
        uint64_t page = db->pc_first & cpu->accel->page_mask;

        if (translator_breakpoint(cpu, db, ops)) {
            break;
        }
        db->num_insns++;
        ops->insn_start(db, cpu);
        ops->translate_insn(db, cpu);
        if (db->is_jmp != DISAS_NEXT) {
            break;
        }
        if (db->num_insns >= db->max_insns ||
            (db->pc_next & cpu->accel->page_mask) != page) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    ops->tb_stop(db, cpu);

    tb->size = (uint32_t)(db->pc_next - db->pc_first);
    tb->icount = (uint32_t)db->num_insns;
}

/* Record the physical page of pc (already checked for the first). */
static void translator_note_page(CPUState *cpu, DisasContextBase *db,
                                 uint64_t pc, uint64_t len)
{
    TranslationBlock *tb = db->tb;
    uint64_t mask = cpu->accel->page_mask;
    uint64_t last = pc + len - 1;

    if ((last & mask) != (db->pc_first & mask) && tb->page_addr[1] == -1ull) {
        bool ok;
        /*
         * Look up the first byte on the new page: a fault there reports
         * that address (the part of the instruction that faulted).
         */
        uint64_t first = (pc & mask) == (last & mask) ? pc : last & mask;
        uint64_t page = tlb_get_code_phys(cpu, first, false, &ok) & mask;

        /* as for the first page (tb_gen_code): stores there now check */
        g_mutex_lock(&tcg_global.tb_lock);
        tb_page_translating_begin(page);
        tb->page_addr[1] = page;
        g_mutex_unlock(&tcg_global.tb_lock);
    }
}

static uint64_t translator_ld(CPUState *cpu, DisasContextBase *db,
                              uint64_t pc, unsigned size)
{
    int mmu = tcg_cpu_ops(cpu)->mmu_index_code ?
              tcg_cpu_ops(cpu)->mmu_index_code(cpu) : 0;
    uint64_t v = 0;

    translator_note_page(cpu, db, pc, size);
    for (unsigned i = 0; i < size; i++) {
        /* Bytewise: a fetch may straddle pages; fetches are not hot. */
        uint64_t b = tlb_code_ldub(cpu, pc + i, mmu);
        v |= b << (8 * i);
    }
    return v;
}

uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return (uint8_t)translator_ld(cpu, db, pc, 1);
}

uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return (uint16_t)translator_ld(cpu, db, pc, 2);
}

uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return (uint32_t)translator_ld(cpu, db, pc, 4);
}

uint64_t translator_ldq(CPUState *cpu, DisasContextBase *db, uint64_t pc)
{
    return translator_ld(cpu, db, pc, 8);
}

bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest)
{
    uint64_t mask = db->cpu->accel->page_mask;

    if (db->tb->cflags & (CF_NOCHAIN | CF_SINGLE_STEP)) {
        return false;
    }
    /* Chained jumps skip the TLB: stay on the page we were entered by. */
    return (dest & mask) == (db->pc_first & mask);
}

/*
 * A kick sets exit_request. Generated code looks at it only where it may
 * go round: before a chained jump backwards (any cycle of direct jumps
 * has one) and in the lookup of an indirect jump; a run of forward jumps
 * ends by itself. Blocks entered from the loop were checked there.
 */
TCGLabel *translator_check_exit(DisasContextBase *db, uint64_t dest)
{
    return translator_check_exit_from(db, db->pc_next, dest);
}

TCGLabel *translator_check_exit_from(DisasContextBase *db, uint64_t from,
                                     uint64_t dest)
{
    TCGLabel *leave;
    TCGv_i32 req;

    if (dest > from) {
        return NULL;
    }
    leave = gen_new_label();
    req = tcg_temp_new_i32();
    tcg_gen_ld_i32(req, tcg_env, offsetof(CPUState, exit_request));
    tcg_gen_brcond_i32(TCG_COND_NE, req, tcg_constant_i32(0), leave);
    tcg_temp_free_i32(req);
    return leave;
}

void translator_goto_tb(DisasContextBase *db, unsigned n, uint64_t dest)
{
    TCGLabel *leave = translator_check_exit(db, dest);

    g_assert(n < TB_MAX_JMP);
    if (dest == db->pc_first) {
        tcg_gen_goto_tb_loop(n);
    } else {
        tcg_gen_goto_tb(n);
    }
    tcg_gen_exit_tb((uintptr_t)db->tb | n);
    if (leave) {
        gen_set_label(leave);
        tcg_gen_exit_tb(0);     /* the state is at dest already */
    }
}

static const TCGHelperInfo lookup_tb_ptr_info = {
    .func = tcg_helper_lookup_tb_ptr,
    .name = "lookup_tb_ptr",
    .flags = TCG_CALL_NO_WRITE_GLOBALS,
};

void translator_lookup_and_goto_ptr(DisasContextBase *db)
{
    TCGv_ptr p;
    TCGTemp *args[1];

    if (db->tb->cflags & (CF_NOCHAIN | CF_SINGLE_STEP)) {
        tcg_gen_exit_tb(0);
        return;
    }
    p = tcg_temp_new_ptr();
    args[0] = tcgv_ptr_temp(tcg_env);
    tcg_gen_callN(&lookup_tb_ptr_info, tcgv_ptr_temp(p), 1, args);
    tcg_gen_goto_ptr(p);
    tcg_temp_free_ptr(p);
}

void translator_exit_tb(DisasContextBase *db)
{
    tcg_gen_exit_tb(0);
}
