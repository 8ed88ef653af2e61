/*
 * vCPU threads and the whole-machine pause/resume built on them; the
 * state machine is drawn in include/accel/vcpu.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "accel/vcpu.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <sys/syscall.h>
#include <unistd.h>

/* Signalled (under the global lock) whenever a vCPU acknowledges a stop. */
static GCond vcpu_pause_cond;
/* Signalled when a vCPU thread reaches its loop. */
static GCond vcpu_started_cond;

typedef struct VCPUThreadArgs {
    CPUState *cpu;
    VCPUExecFunc *exec;
} VCPUThreadArgs;

static bool vcpu_can_run(CPUState *cpu)
{
    if (cpu->stop || cpu->stopped || cpu->unplug) {
        return false;
    }
    if (cpu->halted) {
        if (!cpu_has_work(cpu)) {
            return false;
        }
        cpu->halted = false;
    }
    return true;
}

static void vcpu_ack_stop(CPUState *cpu)
{
    if (cpu->stop) {
        cpu->stop = false;
        cpu->stopped = true;
        g_cond_broadcast(&vcpu_pause_cond);
    }
}

/* Sleep until the CPU may run again or must leave. Global lock held. */
static void vcpu_wait_io_event(CPUState *cpu)
{
    vcpu_ack_stop(cpu);
    while (!cpu->unplug && !vcpu_can_run(cpu)) {
        bql_cond_wait(&cpu->halt_cond);
        vcpu_ack_stop(cpu);
    }
}

static gpointer vcpu_thread_main(gpointer opaque)
{
    VCPUThreadArgs *args = opaque;
    CPUState *cpu = args->cpu;
    VCPUExecFunc *exec = args->exec;

    g_free(args);
    cpu_set_current(cpu);
    bql_lock();
    cpu->thread_id = (int)syscall(SYS_gettid);
    cpu->thread_running = true;
    g_cond_broadcast(&vcpu_started_cond);
    while (!cpu->unplug) {
        if (vcpu_can_run(cpu)) {
            bql_unlock();
            exec(cpu);
            bql_lock();
        }
        vcpu_wait_io_event(cpu);
    }
    cpu->thread_running = false;
    bql_unlock();
    cpu_set_current(NULL);
    return NULL;
}

bool vcpu_thread_start(CPUState *cpu, const char *accel_name,
                       VCPUExecFunc *exec, GError **errp)
{
    VCPUThreadArgs *args = g_new(VCPUThreadArgs, 1);
    g_autofree char *name = g_strdup_printf("CPU %d/%s", cpu->cpu_index,
                                            accel_name);

    g_assert(bql_locked());
    args->cpu = cpu;
    args->exec = exec;
    cpu->thread = g_thread_try_new(name, vcpu_thread_main, args, errp);
    if (!cpu->thread) {
        g_free(args);
        g_prefix_error(errp, "cannot start the thread for CPU %d: ",
                       cpu->cpu_index);
        return false;
    }
    while (!cpu->thread_running) {
        bql_cond_wait(&vcpu_started_cond);
    }
    return true;
}

static void vcpu_accel_kick(CPUState *cpu)
{
    AccelState *accel = accel_current();
    const AccelOps *ops = accel ? ACCEL_GET_CLASS(accel)->ops : NULL;

    if (ops && ops->kick_vcpu_thread) {
        ops->kick_vcpu_thread(cpu);
    }
}

bool vcpu_create(CPUState *cpu, GError **errp)
{
    AccelState *accel = accel_current();
    const AccelOps *ops = accel ? ACCEL_GET_CLASS(accel)->ops : NULL;

    if (!ops || !ops->create_vcpu_thread) {
        vireo_error_setg(errp, "CPU %d: no accelerator can run it",
                         cpu->cpu_index);
        return false;
    }
    cpu_set_kick_handler(vcpu_accel_kick);
    return ops->create_vcpu_thread(cpu, errp);
}

bool vcpu_all_stopped(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        if (cpu->thread && !cpu->stopped) {
            return false;
        }
    }
    return true;
}

void vcpu_pause_all(void)
{
    CPUState *cpu, *self = cpu_current();

    g_assert(bql_locked());
    CPU_FOREACH(cpu) {
        if (cpu == self) {
            /* It cannot wait for itself; it stops when it next looks. */
            cpu->stop = false;
            cpu->stopped = true;
            g_atomic_int_set(&cpu->exit_request, 1);
        } else if (!cpu->stopped) {
            cpu->stop = true;
            cpu_kick(cpu);
        }
    }
    while (!vcpu_all_stopped()) {
        bql_cond_wait(&vcpu_pause_cond);
    }
}

void vcpu_resume_all(void)
{
    CPUState *cpu;

    g_assert(bql_locked());
    CPU_FOREACH(cpu) {
        cpu->stop = false;
        cpu->stopped = false;
        cpu_kick(cpu);
    }
}

void vcpu_stop_all_threads(void)
{
    CPUState *cpu;

    g_assert(bql_locked());
    CPU_FOREACH(cpu) {
        cpu->unplug = true;
        cpu_kick(cpu);
    }
    CPU_FOREACH(cpu) {
        if (cpu->thread && cpu != cpu_current()) {
            GThread *t = cpu->thread;
            cpu->thread = NULL;
            bql_unlock();
            g_thread_join(t);
            bql_lock();
        }
    }
}
