/*
 * vCPU threads: the state machine every accelerator's threads follow, and
 * the whole-machine operations (start, pause, resume, stop) built on it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A vCPU thread holds the global lock except while it runs guest code:
 *
 *     loop:  [lock] can run? --yes--> [unlock] exec(cpu) [lock] --+
 *              |                                                   |
 *              no: ack a stop request, sleep on halt_cond  <-------+
 *
 * It runs guest code while no stop is requested or acknowledged and it is
 * not halted without work. Everything that changes those conditions does
 * so under the global lock and then kicks the CPU.
 */
#ifndef VIREO_ACCEL_VCPU_H
#define VIREO_ACCEL_VCPU_H

#include "accel/accel.h"

/*
 * Run guest code on cpu until its exit_request is set or it halts, then
 * return (clearing exit_request). Called without the global lock.
 */
typedef void VCPUExecFunc(CPUState *cpu);

/* Start cpu's thread, named "CPU n/ACCEL", running the loop above. */
bool vcpu_thread_start(CPUState *cpu, const char *accel_name,
                       VCPUExecFunc *exec, GError **errp);

/* Hand cpu to the current accelerator (creates its thread). */
bool vcpu_create(CPUState *cpu, GError **errp);

/*
 * Stop every vCPU at a safe point and wait until each has; resume lets
 * them run again. Global lock held. From a vCPU thread, pause marks that
 * vCPU stopped and returns without waiting for itself.
 */
void vcpu_pause_all(void);
void vcpu_resume_all(void);
bool vcpu_all_stopped(void);

/* Make every vCPU thread leave for good and join it (at exit). */
void vcpu_stop_all_threads(void);

#endif
