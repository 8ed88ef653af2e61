/*
 * Accelerators: what runs guest code. TCG translates it, KVM runs it on
 * the host CPU. Boards never ask which one runs; a machine picks one by
 * name (-accel) and every vCPU it creates is handed to its AccelOps.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_ACCEL_ACCEL_H
#define VIREO_ACCEL_ACCEL_H

#include "hw/core/cpu.h"
#include "hw/core/irq.h"
#include "hw/core/machine.h"
#include "qom/object.h"

#include <stdio.h>

#define TYPE_ACCEL "accel"
#define ACCEL_TYPE_SUFFIX "-accel"
#define ACCEL_TYPE_NAME(name) (name ACCEL_TYPE_SUFFIX)
OBJECT_DECLARE_TYPE(AccelState, AccelClass, ACCEL)

/* The per-accelerator operations the vCPU code calls. */
typedef struct AccelOps {
    /*
     * Start running cpu on a host thread (one per vCPU, or one shared
     * round-robin thread: the accelerator's choice). Called once per vCPU
     * with the global lock held; usually vcpu_thread_start().
     */
    bool (*create_vcpu_thread)(CPUState *cpu, GError **errp);
    /* Interrupt guest code on cpu's thread; exit_request is already set. */
    void (*kick_vcpu_thread)(CPUState *cpu);
    /* Register state: make CPUState current before the host reads it. */
    void (*synchronize_state)(CPUState *cpu);
    /* ...and push CPUState into the accelerator after a reset. */
    void (*synchronize_post_reset)(CPUState *cpu);
} AccelOps;

struct AccelClass {
    ObjectClass parent_class;
    const char *name;            /* for -accel; set from the type name */
    const char *desc;
    /* Can it run here? Say why not (no /dev/kvm, ...). NULL: yes. */
    bool (*available)(GError **errp);
    /* Set the accelerator up for ms before the board creates CPUs. */
    bool (*init_machine)(AccelState *accel, MachineState *ms, GError **errp);
    const AccelOps *ops;
    /*
     * In-kernel interrupt controllers (KVM's PIC, IOAPIC, LAPIC and PIT):
     * create them, then hand out one input line per GSI. NULL: none.
     */
    bool (*irqchip_create)(AccelState *accel, MachineState *ms,
                           GError **errp);
    IRQLine *(*irqchip_gsi_line)(AccelState *accel, unsigned gsi);
};

struct AccelState {
    Object parent_obj;
};

/* The accelerator class called name, or NULL with *errp set. */
AccelClass *accel_find(const char *name, GError **errp);
/*
 * Create the accelerator called name, apply "key=value" properties, check
 * it is available and initialise it for ms. Becomes accel_current().
 */
AccelState *accel_init_machine(const char *name, const char *const *props,
                               MachineState *ms, GError **errp);
AccelState *accel_current(void);
/*
 * A board that wants the accelerator's own interrupt controllers asks
 * here; it fails (saying so) when the current accelerator has none.
 */
bool accel_irqchip_create(MachineState *ms, GError **errp);
/* The line driving input gsi of those controllers, NULL if none. */
IRQLine *accel_irqchip_gsi_line(unsigned gsi);
/* -accel help */
void accel_print_help(FILE *out);

#endif
