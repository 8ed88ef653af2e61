/*
 * The CPU base type: what every guest CPU model shares, and the state an
 * accelerator's vCPU thread is driven by (stop requests, halting, kicks).
 * A CPU is a device: a board creates and realizes it like any other; its
 * target subclass holds the architectural registers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_CORE_CPU_H
#define VIREO_HW_CORE_CPU_H

#include "hw/core/qdev.h"

#include <stdint.h>
#include <stdio.h>

#define TYPE_CPU "cpu"
OBJECT_DECLARE_TYPE(CPUState, CPUClass, CPU)

/* The accelerator's per-vCPU data (KVM's vcpu fd, TCG's jump cache...). */
typedef struct AccelCPUState AccelCPUState;

/* interrupt_request bits; targets define more from CPU_INTERRUPT_TGT0. */
enum {
    CPU_INTERRUPT_HARD = 1u << 0,   /* a maskable interrupt line is up */
    CPU_INTERRUPT_EXITTB = 1u << 1, /* leave generated code, re-check state */
    CPU_INTERRUPT_TGT0 = 1u << 8,
};

/* cpu_dump_state flags */
enum {
    CPU_DUMP_FPU = 1 << 0,          /* floating-point registers too */
    CPU_DUMP_CSR = 1 << 1,          /* control/status registers too */
};

struct CPUClass {
    DeviceClass parent_class;
    /*
     * Would the CPU leave its halted state (WFI/HLT) now? Called with the
     * global lock held. NULL: only a pending interrupt_request counts.
     */
    bool (*has_work)(CPUState *cpu);
    /* Registers for -d cpu and the monitor; flags are CPU_DUMP_*. */
    void (*dump_state)(CPUState *cpu, FILE *f, int flags);
    void (*set_pc)(CPUState *cpu, uint64_t pc);
    uint64_t (*get_pc)(CPUState *cpu);
    /*
     * The monitor's view of virtual memory: translate va as a data read
     * at the CPU's current privilege, without side effects (no A/D bit
     * updates, no fault raised). False: not mapped. NULL: unsupported.
     */
    bool (*get_phys_addr_debug)(CPUState *cpu, uint64_t va, uint64_t *pa);
    /*
     * The monitor's x /i: disassemble the instruction at pc whose bytes
     * start code (len of them readable) into buf; its length in bytes,
     * or 0 when len is too short. NULL: no disassembler.
     */
    int (*disas_insn)(CPUState *cpu, uint64_t pc, const uint8_t *code,
                      size_t len, char *buf, size_t size);
    /* The monitor's info tlb: the current page mappings. NULL: none. */
    void (*dump_mmu)(CPUState *cpu, FILE *f);
    /* The TCG front end (include/accel/tcg/tcg-cpu-ops.h); NULL: none. */
    const struct TCGCPUOps *tcg_ops;
};

struct CPUState {
    DeviceState parent_obj;

    int cpu_index;              /* position in the CPU list; hart/APIC id
                                   are the target's business */
    AccelCPUState *accel;
    GThread *thread;
    int thread_id;              /* the host thread's id (gettid), or 0 */

    /*
     * The vCPU state machine, guarded by the global lock: the thread runs
     * guest code while !stop && !stopped && !(halted && !has_work), and
     * otherwise waits on halt_cond. Others change these and then kick.
     */
    GCond halt_cond;
    bool thread_running;        /* the thread reached its loop */
    bool stop;                  /* request: stop at the next safe point */
    bool stopped;               /* the thread acknowledged a stop */
    bool halted;                /* the guest waits for an interrupt */
    bool unplug;                /* request: leave the thread for good */

    /* Read without the lock from generated code and KVM loops. */
    int exit_request;           /* atomic: return to the vCPU loop soon */
    unsigned interrupt_request; /* atomic: CPU_INTERRUPT_* bits */
};

/* CPUs in creation order; a CPU joins the list when it is realized. */
unsigned cpu_count(void);
CPUState *cpu_by_index(unsigned index);
#define CPU_FOREACH(cpu) \
    for (unsigned cpu_iter_ = 0; ((cpu) = cpu_by_index(cpu_iter_)); \
         cpu_iter_++)

/* The CPU whose vCPU thread this is, or NULL. */
CPUState *cpu_current(void);
void cpu_set_current(CPUState *cpu);

bool cpu_has_work(CPUState *cpu);
/* -cpu help: the CPU models this program has, one per line. */
void cpu_print_models(FILE *out);
void cpu_dump_state(CPUState *cpu, FILE *f, int flags);

/*
 * Raise or clear interrupt_request bits. Raising kicks the CPU so a halted
 * vCPU wakes and a running one notices at its next block boundary.
 */
void cpu_interrupt(CPUState *cpu, unsigned mask);
void cpu_reset_interrupt(CPUState *cpu, unsigned mask);

/*
 * Make the vCPU thread look at its state soon: sets exit_request, wakes it
 * if it sleeps, and asks the accelerator to interrupt guest code.
 */
void cpu_kick(CPUState *cpu);

/* The accelerator's part of a kick (signal a KVM thread, ...). */
typedef void CPUKickFunc(CPUState *cpu);
void cpu_set_kick_handler(CPUKickFunc *fn);

#endif
