/*
 * What system mode's gdbstub asks of each program (vireo-system-ARCH):
 * register access, the target XML, guest-virtual memory, and the
 * accelerator's breakpoints, single-step and debug stops. One
 * gdbstub_arch_hooks() is linked into each program.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_GDBSTUB_INTERNAL_H
#define VIREO_GDBSTUB_INTERNAL_H

#include "gdbstub/gdbstub.h"
#include "hw/core/cpu.h"

/*
 * Called on a vCPU's thread, without the global lock, when it stopped
 * for the debugger (stop->thread says which; the hook fills the rest).
 */
typedef void GdbDebugStopFn(CPUState *cpu, const GdbStop *stop);

typedef struct GdbArchHooks {
    /* Install the accelerator's debug-exit path; false: cannot debug. */
    bool (*init)(GdbDebugStopFn *on_stop, GError **errp);
    const char *(*target_xml)(void);
    int g_registers;
    int (*read_register)(CPUState *cpu, int n, uint8_t *buf);
    bool (*write_register)(CPUState *cpu, int n, const uint8_t *buf,
                           int len);
    /* Guest virtual memory through cpu's current translation. */
    bool (*rw_memory)(CPUState *cpu, uint64_t addr, uint8_t *buf,
                      size_t len, bool write);
    /* As GdbTargetOps' (include/gdbstub/gdbstub.h); every vCPU. */
    int (*breakpoint_insert)(GdbBreakType type, uint64_t addr,
                             uint64_t len);
    int (*breakpoint_remove)(GdbBreakType type, uint64_t addr,
                             uint64_t len);
    void (*breakpoint_remove_all)(void);
    /* Before cpu runs again (stopped still): one instruction or free. */
    void (*prepare_resume)(CPUState *cpu, bool step);
} GdbArchHooks;

/* This program's hooks; NULL when its target cannot be debugged yet. */
const GdbArchHooks *gdbstub_arch_hooks(void);

#endif
