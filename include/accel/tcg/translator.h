/*
 * The generic translator loop and what front ends use while translating:
 * a TranslatorOps table the loop drives instruction by instruction,
 * guest code fetch that records the pages a block reads, and the block
 * endings (chained jump, indirect jump through a lookup, plain exit).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   translate_code(cpu, tb, max):  MyDisas dc;
 *       translator_loop(cpu, tb, max, &my_ops, &dc.base);
 *   loop:  init_disas_context, tb_start, then per insn: insn_start
 *          (emit tcg_gen_insn_start), translate_insn (fetch with
 *          translator_ld*, advance pc_next, set is_jmp to end), until
 *          is_jmp != DISAS_NEXT, max_insns, or pc_next leaves the page;
 *          then tb_stop (emit the block's exit).
 */
#ifndef VIREO_ACCEL_TCG_TRANSLATOR_H
#define VIREO_ACCEL_TCG_TRANSLATOR_H

#include "accel/tcg/tcg-cpu-ops.h"
#include "tcg/tcg-op.h"

typedef enum DisasJumpType {
    DISAS_NEXT,         /* go on with the next instruction */
    DISAS_TOO_MANY,     /* the loop stopped: limit or page end */
    DISAS_NORETURN,     /* the insn already emitted the block's exit */
    DISAS_TARGET_0,     /* front ends number their own from here */
} DisasJumpType;

typedef struct DisasContextBase {
    TranslationBlock *tb;
    CPUState *cpu;
    uint64_t pc_first;
    uint64_t pc_next;       /* the front end advances it per insn */
    DisasJumpType is_jmp;
    int num_insns;
    int max_insns;
} DisasContextBase;

typedef struct TranslatorOps {
    void (*init_disas_context)(DisasContextBase *db, CPUState *cpu);
    void (*tb_start)(DisasContextBase *db, CPUState *cpu);
    void (*insn_start)(DisasContextBase *db, CPUState *cpu);
    void (*translate_insn)(DisasContextBase *db, CPUState *cpu);
    void (*tb_stop)(DisasContextBase *db, CPUState *cpu);
} TranslatorOps;

void translator_loop(CPUState *cpu, TranslationBlock *tb, int max_insns,
                     const TranslatorOps *ops, DisasContextBase *db);

/* Guest code fetch (instruction-fetch MMU index, little-endian). */
uint8_t translator_ldub(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint16_t translator_lduw(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint32_t translator_ldl(CPUState *cpu, DisasContextBase *db, uint64_t pc);
uint64_t translator_ldq(CPUState *cpu, DisasContextBase *db, uint64_t pc);

/* May a direct jump to dest be chained (same page, chaining allowed)? */
bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest);
/*
 * End with chained jump n (< TB_MAX_JMP) to dest: the front end has
 * written dest to the CPU state. A jump back to the block's own start is
 * marked as the block's loop (tcg_gen_goto_tb_loop).
 */
void translator_goto_tb(DisasContextBase *db, unsigned n, uint64_t dest);
/*
 * For a front end chaining jumps itself: before a jump to dest, leave if
 * the loop asked (a kick) when dest is not ahead of the current
 * instruction. Returns the label to bind to the way out (the front end
 * writes dest to the CPU state there and ends with exit_tb 0), or NULL
 * when dest is ahead and nothing was emitted.
 */
TCGLabel *translator_check_exit(DisasContextBase *db, uint64_t dest);
/*
 * The same for a jump made by the instruction at from, emitted later
 * (a side exit's out-of-line stub, after the block's end).
 */
TCGLabel *translator_check_exit_from(DisasContextBase *db, uint64_t from,
                                     uint64_t dest);
/* End with a lookup of the TB for the current state and a jump to it. */
void translator_lookup_and_goto_ptr(DisasContextBase *db);
/* End by returning to the execution loop. */
void translator_exit_tb(DisasContextBase *db);

#endif
