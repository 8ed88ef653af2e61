/*
 * Debugger support in the translator: the per-vCPU breakpoint list the
 * translator consults (a block ends before a breakpoint's pc, and a
 * block starting there raises EXCP_DEBUG instead of running it), the
 * helper that raises, and the system-mode handler EXCP_DEBUG goes to.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"

static TCGDebugHandler *debug_handler;

void tcg_set_debug_handler(TCGDebugHandler *fn)
{
    debug_handler = fn;
}

void tcg_debug_exception(CPUState *cpu)
{
    TCGDebugHandler *fn = debug_handler;

    if (fn) {
        fn(cpu);
    }
}

bool tcg_cpu_breakpoint_at(CPUState *cpu, uint64_t pc)
{
    GArray *b = cpu->accel->breakpoints;

    for (guint i = 0; i < b->len; i++) {
        if (g_array_index(b, uint64_t, i) == pc) {
            return true;
        }
    }
    return false;
}

/*
 * Blocks already translated may cover pc (or, for a removal, stop there
 * for nothing): the simplest correct answer is to retranslate them all.
 * Breakpoints change at human speed.
 */
static void breakpoints_changed(void)
{
    tcg_tb_flush();
}

bool tcg_cpu_breakpoint_insert(CPUState *cpu, uint64_t pc)
{
    if (tcg_cpu_breakpoint_at(cpu, pc)) {
        return false;
    }
    g_array_append_val(cpu->accel->breakpoints, pc);
    breakpoints_changed();
    return true;
}

bool tcg_cpu_breakpoint_remove(CPUState *cpu, uint64_t pc)
{
    GArray *b = cpu->accel->breakpoints;

    for (guint i = 0; i < b->len; i++) {
        if (g_array_index(b, uint64_t, i) == pc) {
            g_array_remove_index(b, i);
            breakpoints_changed();
            return true;
        }
    }
    return false;
}

void tcg_cpu_breakpoint_remove_all(CPUState *cpu)
{
    if (cpu->accel->breakpoints->len) {
        g_array_set_size(cpu->accel->breakpoints, 0);
        breakpoints_changed();
    }
}
