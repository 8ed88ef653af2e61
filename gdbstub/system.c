/*
 * The gdbstub in system mode: a chardev (-gdb DEV) feeds the protocol
 * core on the main loop, and the target operations act on the machine:
 * gdb stopping it pauses every vCPU (run state "paused"), continue sets
 * it running, a step lets only the selected vCPU run one instruction.
 * Debug stops arrive on a vCPU thread from the accelerator and are
 * reported from a bottom half on the main loop.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gdbstub/internal.h"
#include "accel/vcpu.h"
#include "chardev/char.h"
#include "hw/core/runstate.h"
#include "util/error.h"
#include "util/log.h"
#include "util/main-loop.h"

#include <errno.h>
#include <string.h>

typedef struct GdbSystem {
    const GdbArchHooks *arch;
    Chardev *chr;
    CharFrontend fe;
    GdbCore *core;
    BH *stop_bh;
    /* a debug stop waiting for stop_bh (under the global lock) */
    bool stop_pending;
    GdbStop pending;
} GdbSystem;

static GdbSystem *gdb_sys;

static CPUState *thread_cpu(int thread)
{
    return thread >= 1 ? cpu_by_index((unsigned)thread - 1) : NULL;
}

/* Every vCPU out of guest code, the run state saying so. */
static void machine_stop(void)
{
    if (runstate_is_running()) {
        runstate_set(RUN_STATE_PAUSED);
    } else {
        vcpu_pause_all();
    }
}

/* --- target operations ---------------------------------------------------- */

static int sys_thread_count(void *opaque)
{
    return (int)cpu_count();
}

static const char *sys_target_xml(void *opaque)
{
    return gdb_sys->arch->target_xml();
}

static int sys_read_register(void *opaque, int thread, int n, uint8_t *buf)
{
    CPUState *cpu = thread_cpu(thread);

    return cpu ? gdb_sys->arch->read_register(cpu, n, buf) : 0;
}

static bool sys_write_register(void *opaque, int thread, int n,
                               const uint8_t *buf, int len)
{
    CPUState *cpu = thread_cpu(thread);

    return cpu && gdb_sys->arch->write_register(cpu, n, buf, len);
}

static bool sys_read_memory(void *opaque, int thread, uint64_t addr,
                            uint8_t *buf, size_t len)
{
    CPUState *cpu = thread_cpu(thread);

    return cpu && gdb_sys->arch->rw_memory(cpu, addr, buf, len, false);
}

static bool sys_write_memory(void *opaque, int thread, uint64_t addr,
                             const uint8_t *buf, size_t len)
{
    CPUState *cpu = thread_cpu(thread);

    return cpu && gdb_sys->arch->rw_memory(cpu, addr, (uint8_t *)buf, len,
                                           true);
}

static int sys_bp_insert(void *opaque, GdbBreakType type, uint64_t addr,
                         uint64_t len)
{
    return gdb_sys->arch->breakpoint_insert(type, addr, len);
}

static int sys_bp_remove(void *opaque, GdbBreakType type, uint64_t addr,
                         uint64_t len)
{
    return gdb_sys->arch->breakpoint_remove(type, addr, len);
}

static void sys_bp_remove_all(void *opaque)
{
    gdb_sys->arch->breakpoint_remove_all();
}

static void sys_resume(void *opaque, const uint8_t *actions)
{
    unsigned n = cpu_count();
    bool all = true, step = false;
    CPUState *cpu;

    for (unsigned i = 0; i < n; i++) {
        all &= actions[i] == GDB_RESUME_CONT;
        step |= actions[i] == GDB_RESUME_STEP;
    }
    gdb_sys->stop_pending = false;
    if (all) {
        CPU_FOREACH(cpu) {
            gdb_sys->arch->prepare_resume(cpu, false);
        }
        if (!runstate_is_running()) {
            runstate_set(RUN_STATE_RUNNING);
        }
        return;
    }
    /*
     * Some threads only: the machine stays "paused" and the others
     * stopped while these run until one of them stops for the debugger.
     */
    CPU_FOREACH(cpu) {
        uint8_t a = actions[cpu->cpu_index];

        if (a == GDB_RESUME_NONE || (step && a != GDB_RESUME_STEP)) {
            continue;
        }
        gdb_sys->arch->prepare_resume(cpu, a == GDB_RESUME_STEP);
        cpu->stop = false;
        cpu->stopped = false;
        cpu_kick(cpu);
    }
}

static void sys_interrupt(void *opaque)
{
    GdbStop s = { .kind = GDB_STOP_INTERRUPT, .thread = 1 };
    CPUState *cpu = cpu_current();

    machine_stop();
    gdb_sys->stop_pending = false;
    if (cpu) {
        s.thread = cpu->cpu_index + 1;
    }
    gdb_core_report_stop(gdb_sys->core, &s);
}

static void sys_kill(void *opaque)
{
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_UI);
}

static void sys_detach(void *opaque)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        gdb_sys->arch->prepare_resume(cpu, false);
    }
    if (!runstate_is_running()) {
        runstate_set(RUN_STATE_RUNNING);
    }
}

static GdbTargetOps sys_ops = {
    .thread_count = sys_thread_count,
    .target_xml = sys_target_xml,
    .read_register = sys_read_register,
    .write_register = sys_write_register,
    .read_memory = sys_read_memory,
    .write_memory = sys_write_memory,
    .breakpoint_insert = sys_bp_insert,
    .breakpoint_remove = sys_bp_remove,
    .breakpoint_remove_all = sys_bp_remove_all,
    .resume = sys_resume,
    .interrupt = sys_interrupt,
    .kill = sys_kill,
    .detach = sys_detach,
};

/* --- debug stops ---------------------------------------------------------- */

/* vCPU thread, no lock: ask the vCPU to stop; the BH stops the rest. */
static void sys_debug_stop(CPUState *cpu, const GdbStop *stop)
{
    bql_lock();
    if (!gdb_sys) {
        /* the stub is gone (the program is ending): just run on */
        bql_unlock();
        return;
    }
    cpu->stop = true;
    if (!gdb_sys->stop_pending) {
        gdb_sys->stop_pending = true;
        gdb_sys->pending = *stop;
    }
    bh_schedule(gdb_sys->stop_bh);
    bql_unlock();
}

static void stop_bh_cb(void *opaque)
{
    GdbStop s;

    if (!gdb_sys->stop_pending) {
        return;
    }
    machine_stop();
    s = gdb_sys->pending;
    gdb_sys->stop_pending = false;
    if (!gdb_core_is_connected(gdb_sys->core)) {
        /* a debug stop nobody asked for any more: run on */
        sys_detach(NULL);
        return;
    }
    gdb_core_report_stop(gdb_sys->core, &s);
}

/* --- transport ------------------------------------------------------------ */

static void sys_write(void *opaque, const uint8_t *buf, size_t len)
{
    chr_fe_write_all(&gdb_sys->fe, buf, (int)len);
}

static int sys_can_read(void *opaque)
{
    return GDB_PACKET_SIZE;
}

static void sys_read(void *opaque, const uint8_t *buf, int len)
{
    gdb_core_input(gdb_sys->core, buf, (size_t)len);
}

static void sys_event(void *opaque, ChrEvent event)
{
    GdbStop s = { .kind = GDB_STOP_TRAP, .thread = 1 };

    switch (event) {
    case CHR_EVENT_OPENED:
        /* gdb finds the machine stopped, as it expects on attach */
        machine_stop();
        gdb_sys->stop_pending = false;
        gdb_core_connected(gdb_sys->core, &s);
        break;
    case CHR_EVENT_CLOSED:
        gdb_core_disconnected(gdb_sys->core);
        break;
    default:
        break;
    }
}

/* A socket spec as -gdb means it: a server that does not wait. */
static char *gdb_chardev_spec(const char *dev)
{
    GString *s = g_string_new(dev);

    if (g_str_has_prefix(dev, "tcp:") || g_str_has_prefix(dev, "unix:")) {
        if (!strstr(dev, "server")) {
            g_string_append(s, ",server=on");
        }
        if (!strstr(dev, "wait")) {
            g_string_append(s, ",wait=off");
        }
    }
    return g_string_free(s, FALSE);
}

bool gdbstub_system_start(const char *dev, GError **errp)
{
    const GdbArchHooks *arch = gdbstub_arch_hooks();
    g_autofree char *spec = NULL;
    Chardev *chr;

    if (!arch) {
        vireo_error_setg(errp, "-gdb: debugging is not supported for this "
                         "target yet");
        return false;
    }
    if (gdb_sys) {
        vireo_error_setg(errp, "-gdb: only one gdb connection is supported");
        return false;
    }
    if (chardev_spec_is_none(dev)) {
        return true;
    }
    spec = gdb_chardev_spec(dev);
    chr = chardev_new_from_spec(spec, "gdb", errp);
    if (!chr) {
        g_prefix_error(errp, "-gdb %s: ", dev);
        return false;
    }
    gdb_sys = g_new0(GdbSystem, 1);
    gdb_sys->arch = arch;
    gdb_sys->chr = chr;
    if (!arch->init(sys_debug_stop, errp) ||
        !chr_fe_init(&gdb_sys->fe, chr, errp)) {
        g_prefix_error(errp, "-gdb %s: ", dev);
        chardev_free(chr);
        g_clear_pointer(&gdb_sys, g_free);
        return false;
    }
    sys_ops.g_registers = arch->g_registers;
    gdb_sys->core = gdb_core_new(&sys_ops, gdb_sys, sys_write, gdb_sys);
    gdb_sys->stop_bh = bh_new(stop_bh_cb, gdb_sys);
    chr_fe_set_handlers(&gdb_sys->fe, sys_can_read, sys_read, sys_event,
                        gdb_sys);
    return true;
}

void gdbstub_system_exit(int status)
{
    GdbStop s = { .kind = GDB_STOP_EXITED, .status = status };
    GdbSystem *g = gdb_sys;

    if (!g) {
        return;
    }
    if (gdb_core_is_connected(g->core)) {
        /* the stop reply gdb waits for, or a notice it reads later */
        gdb_core_report_stop(g->core, &s);
    }
    gdb_sys = NULL;
    bh_delete(g->stop_bh);
    chr_fe_deinit(&g->fe);
    chardev_free(g->chr);
    gdb_core_free(g->core);
    g_free(g);
}
