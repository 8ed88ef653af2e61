/*
 * From a checked configuration to a running machine: chardevs, the
 * machine object and its properties, the accelerator, the board, -device,
 * reset, and the main loop until something ends it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/vl.h"
#include "softmmu/arch-defaults.h"
#include "softmmu/drive.h"
#include "accel/vcpu.h"
#include "block/block-backend.h"
#include "chardev/serial-hd.h"
#include "gdbstub/gdbstub.h"
#include "hw/core/loader.h"
#include "hw/core/machine.h"
#include "hw/core/qdev.h"
#include "hw/core/runstate.h"
#include "monitor/hmp.h"
#include "monitor/qmp.h"
#include "softmmu/memory.h"
#include "util/error.h"
#include "util/log.h"
#include "util/main-loop.h"

#include <glib-unix.h>
#include <signal.h>
#include <string.h>

static GPtrArray *created_chardevs;
static GPtrArray *qmp_monitors_made;
static GPtrArray *hmp_monitors_made;
/* The "mon:" muxes: without -monitor, the human monitor joins them. */
static GPtrArray *monitor_muxes;

int vl_answer_registry_help(const VireoConfig *cfg)
{
    GError *err = NULL;

    if (cfg->machine_help) {
        if (!cfg->machine_type) {
            machine_print_help(stdout);
            return 0;
        }
        MachineClass *mc = machine_find_class(cfg->machine_type, &err);
        if (!mc) {
            vireo_report_error("-machine", err);
            g_error_free(err);
            return 1;
        }
        object_class_print_settable_props(stdout, OBJECT_CLASS(mc));
        return 0;
    }
    if (cfg->device_help) {
        if (!cfg->device_help_driver) {
            qdev_print_device_help(stdout);
        } else if (!qdev_print_device_props(stdout, cfg->device_help_driver,
                                            &err)) {
            vireo_report_error(NULL, err);
            g_error_free(err);
            return 1;
        }
        return 0;
    }
    if (cfg->cpu_help) {
        cpu_print_models(stdout);
        return 0;
    }
    chardev_print_help(stdout);
    return 0;
}

static void quit_from_ui(void)
{
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_UI);
}

static bool chardev_keep(Chardev *chr, GError **errp)
{
    if (!chr) {
        return false;
    }
    g_ptr_array_add(created_chardevs, chr);
    return true;
}

static bool create_chardevs(const VireoConfig *cfg, GError **errp)
{
    created_chardevs = g_ptr_array_new();
    monitor_muxes = g_ptr_array_new();
    chardev_set_quit_handler(quit_from_ui);

    for (guint i = 0; i < cfg->chardevs->len; i++) {
        const OptionsBackend *b = g_ptr_array_index(cfg->chardevs, i);
        if (!chardev_keep(chardev_new_from_cli(b->text, errp), errp)) {
            g_prefix_error(errp, "-chardev %s: ", b->text);
            return false;
        }
    }
    /*
     * Vireo has no graphical console for a serial port to land on, so
     * without -serial the first port goes to stdio, shared with the
     * monitor through the mux (Ctrl-a h), as -nographic does in QEMU.
     */
    if (cfg->serials->len == 0) {
        Chardev *chr;

        for (guint i = 0; i < cfg->chardevs->len; i++) {
            const OptionsBackend *b = g_ptr_array_index(cfg->chardevs, i);
            if (b->type && strcmp(b->type, "stdio") == 0) {
                return true;    /* stdio is taken: the port stays unwired */
            }
        }
        for (guint i = 0; i < cfg->qmps->len; i++) {
            if (strcmp(g_ptr_array_index(cfg->qmps, i), "stdio") == 0) {
                return true;    /* -qmp stdio has the terminal */
            }
        }
        for (guint i = 0; i < cfg->monitors->len; i++) {
            if (strcmp(g_ptr_array_index(cfg->monitors, i), "stdio") == 0) {
                return true;    /* -monitor stdio has the terminal */
            }
        }
        chr = chardev_new_from_spec("mon:stdio", "serial0", errp);
        if (!chardev_keep(chr, errp)) {
            return false;
        }
        g_ptr_array_add(monitor_muxes, chr);
        serial_hd_add(chr);
        return true;
    }
    for (guint i = 0; i < cfg->serials->len; i++) {
        const char *spec = g_ptr_array_index(cfg->serials, i);
        g_autofree char *label = g_strdup_printf("serial%u", i);
        Chardev *chr;

        if (g_str_has_prefix(spec, "chardev:")) {
            chr = chardev_find(spec + strlen("chardev:"));
            /* options_validate() checked that it exists. */
            g_assert(chr);
        } else if (chardev_spec_is_none(spec)) {
            chr = NULL;
        } else {
            chr = chardev_new_from_spec(spec, label, errp);
            if (!chardev_keep(chr, errp)) {
                g_prefix_error(errp, "-serial %s: ", spec);
                return false;
            }
            if (g_str_has_prefix(spec, "mon:")) {
                g_ptr_array_add(monitor_muxes, chr);
            }
        }
        serial_hd_add(chr);
    }
    return true;
}

/* The chardev a -qmp/-monitor spec names ("chardev:ID") or makes. */
static Chardev *monitor_chardev(const char *opt, const char *spec,
                                const char *label, GError **errp)
{
    Chardev *chr;

    if (g_str_has_prefix(spec, "chardev:")) {
        chr = chardev_find(spec + strlen("chardev:"));
        g_assert(chr);          /* options_validate() checked it */
        return chr;
    }
    chr = chardev_new_from_spec(spec, label, errp);
    if (!chardev_keep(chr, errp)) {
        g_prefix_error(errp, "%s %s: ", opt, spec);
        return NULL;
    }
    return chr;
}

/* One QMP server per -qmp, each on its own chardev. */
static bool create_qmp_monitors(const VireoConfig *cfg, GError **errp)
{
    qmp_monitors_made = g_ptr_array_new();
    qmp_set_target_arch(arch_name);
    for (guint i = 0; i < cfg->qmps->len; i++) {
        const char *spec = g_ptr_array_index(cfg->qmps, i);
        g_autofree char *label = g_strdup_printf("qmp%u", i);
        QmpMonitor *mon;
        Chardev *chr;

        if (chardev_spec_is_none(spec)) {
            continue;
        }
        chr = monitor_chardev("-qmp", spec, label, errp);
        if (!chr) {
            return false;
        }
        mon = qmp_monitor_new(chr, errp);
        if (!mon) {
            g_prefix_error(errp, "-qmp %s: ", spec);
            return false;
        }
        g_ptr_array_add(qmp_monitors_made, mon);
    }
    return true;
}

static bool add_hmp_monitor(Chardev *chr, const char *spec, GError **errp)
{
    HmpMonitor *mon = hmp_monitor_new(chr, errp);

    if (!mon) {
        g_prefix_error(errp, "-monitor %s: ", spec);
        return false;
    }
    g_ptr_array_add(hmp_monitors_made, mon);
    return true;
}

/* gdb's "monitor CMD": the human monitor's output, or its error line. */
static bool gdb_monitor_command(const char *cmd, GString *out)
{
    g_autoptr(GError) err = NULL;

    if (!hmp_execute(cmd, out, &err)) {
        g_string_append_printf(out, "%s\n", err->message);
        return false;
    }
    return true;
}

/* One human monitor per -monitor; without any, one on each "mon:" mux. */
static bool create_hmp_monitors(const VireoConfig *cfg, GError **errp)
{
    hmp_monitors_made = g_ptr_array_new();
    qmp_set_hmp_handler(hmp_execute);
    gdbstub_set_monitor_handler(gdb_monitor_command);
    if (cfg->monitors->len == 0) {
        for (guint i = 0; i < monitor_muxes->len; i++) {
            if (!add_hmp_monitor(g_ptr_array_index(monitor_muxes, i),
                                 "mon:", errp)) {
                return false;
            }
        }
    }
    for (guint i = 0; i < cfg->monitors->len; i++) {
        const char *spec = g_ptr_array_index(cfg->monitors, i);
        g_autofree char *label = g_strdup_printf("monitor%u", i);
        Chardev *chr;

        if (chardev_spec_is_none(spec)) {
            continue;
        }
        chr = monitor_chardev("-monitor", spec, label, errp);
        if (!chr) {
            return false;
        }
        if (!add_hmp_monitor(chr, spec, errp)) {
            return false;
        }
    }
    return true;
}

static bool set_machine_props(MachineState *ms, const VireoConfig *cfg,
                              GError **errp)
{
    Object *obj = OBJECT(ms);
    const struct {
        const char *prop, *value, *option;
    } files[] = {
        { "kernel", cfg->kernel, "-kernel" },
        { "initrd", cfg->initrd, "-initrd" },
        { "append", cfg->append, "-append" },
        { "firmware", cfg->bios, "-bios" },
        { "dtb", cfg->dtb, "-dtb" },
        /* the whole -cpu argument: the model parses its features */
        { "cpu-type", cfg->cpu_model ? cfg->cpu : NULL, "-cpu" },
    };

    if (cfg->ram_size_given &&
        !object_property_set_uint(obj, "ram-size", cfg->ram_size, errp)) {
        g_prefix_error(errp, "-m: ");
        return false;
    }
    if (cfg->smp_opts &&
        !object_property_set_uint(obj, "smp-cpus", cfg->smp.cpus, errp)) {
        g_prefix_error(errp, "-smp: ");
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        if (files[i].value &&
            !object_property_set_str(obj, files[i].prop, files[i].value,
                                     errp)) {
            g_prefix_error(errp, "%s %s: ", files[i].option, files[i].value);
            return false;
        }
    }
    for (unsigned i = 0; cfg->machine_props &&
                         i < keyval_count(cfg->machine_props); i++) {
        const KeyvalPair *kv = keyval_nth(cfg->machine_props, i);
        if (!object_property_set_str(obj, kv->key, kv->value, errp)) {
            g_prefix_error(errp, "-machine %s=%s: ", kv->key, kv->value);
            return false;
        }
    }
    return true;
}

static bool init_accel_named(const OptionsAccel *a, MachineState *ms,
                             GError **errp)
{
    g_autoptr(GPtrArray) props = g_ptr_array_new_with_free_func(g_free);

    for (unsigned i = 0; a->props && i < keyval_count(a->props); i++) {
        const KeyvalPair *kv = keyval_nth(a->props, i);
        g_ptr_array_add(props, g_strdup_printf("%s=%s", kv->key, kv->value));
    }
    g_ptr_array_add(props, NULL);
    if (!accel_init_machine(a->name, (const char *const *)props->pdata, ms,
                            errp)) {
        g_prefix_error(errp, "-accel %s: ", a->name);
        return false;
    }
    return true;
}

/*
 * The first -accel that can run here wins (so "-accel kvm -accel tcg"
 * falls back); the last failure is the one reported. With no -accel the
 * target's default is used when this build has it: a machine without
 * CPUs runs without any accelerator.
 */
static bool init_accel(const VireoConfig *cfg, MachineState *ms,
                       GError **errp)
{
    if (cfg->accels->len == 0) {
        if (accel_find(arch_default_accel, NULL)) {
            OptionsAccel dflt = { .name = (char *)arch_default_accel };
            return init_accel_named(&dflt, ms, errp);
        }
        return true;
    }
    for (guint i = 0; i < cfg->accels->len; i++) {
        const OptionsAccel *a = g_ptr_array_index(cfg->accels, i);
        g_clear_error(errp);
        if (init_accel_named(a, ms, errp)) {
            return true;
        }
    }
    return false;
}

static void reset_devices(void *opaque)
{
    qdev_reset_all(OBJECT(opaque));
}

static void reset_roms(void *opaque)
{
    GError *err = NULL;

    /* The machine goes on; what could not be reloaded keeps what it has. */
    if (!rom_reset_all(&err)) {
        vireo_warn("reset: %s", err->message);
        g_error_free(err);
    }
}

static void vcpus_follow_runstate(void *opaque, bool running, RunState state)
{
    if (running) {
        vcpu_resume_all();
    } else {
        vcpu_pause_all();
    }
}

static void reset_quiesce_stop(void)
{
    vcpu_pause_all();
}

static void reset_quiesce_restart(void)
{
    if (runstate_is_running()) {
        vcpu_resume_all();
    }
}

static void dump_mtree(void)
{
    FILE *f = vireo_log_lock();

    mtree_print(f);
    fprintf(f, "\n");
    mtree_print_flat(f);
    vireo_log_unlock(f);
}

static bool build_machine(const VireoConfig *cfg, GError **errp)
{
    MachineState *ms;

    if (!main_loop_init(errp) || !create_chardevs(cfg, errp) ||
        !drive_open_all(cfg, errp)) {
        return false;
    }
    ms = machine_create(cfg->machine_type, errp);
    if (!ms) {
        g_prefix_error(errp, "-machine: ");
        return false;
    }
    if (!set_machine_props(ms, cfg, errp) || !init_accel(cfg, ms, errp)) {
        return false;
    }
    if (!machine_run_board_init(ms, errp)) {
        g_prefix_error(errp, "-machine %s: ", MACHINE_GET_CLASS(ms)->name);
        return false;
    }
    if (!drive_add_virtio_devices(cfg, errp)) {
        return false;
    }
    for (guint i = 0; i < cfg->devices->len; i++) {
        const OptionsDevice *d = g_ptr_array_index(cfg->devices, i);
        if (!qdev_device_add_from_str(d->text, errp)) {
            /* Parse errors name the option already; realize errors not. */
            if (!strstr((*errp)->message, "'-device ")) {
                g_prefix_error(errp, "-device %s: ", d->text);
            }
            return false;
        }
    }
    runstate_register_reset(reset_devices, ms);
    runstate_register_reset(reset_roms, NULL);
    runstate_set_reset_quiesce(reset_quiesce_stop, reset_quiesce_restart);
    runstate_add_change_notifier(vcpus_follow_runstate, NULL);
    runstate_set_no_reboot(cfg->no_reboot);
    runstate_set_no_shutdown(cfg->no_shutdown);
    runstate_system_reset(SHUTDOWN_CAUSE_NONE);
    if (cfg->gdb && !gdbstub_system_start(cfg->gdb, errp)) {
        return false;
    }
    if (vireo_log_enabled(LOG_MTREE)) {
        dump_mtree();
    }
    /* Last: a client that connects finds the machine complete. */
    return create_qmp_monitors(cfg, errp) && create_hmp_monitors(cfg, errp);
}

static void teardown(int status)
{
    gdbstub_system_exit(status);
    vcpu_stop_all_threads();
    blk_drain_all();
    runstate_remove_signal_handlers();
    for (guint i = qmp_monitors_made ? qmp_monitors_made->len : 0; i > 0;
         i--) {
        qmp_monitor_free(g_ptr_array_index(qmp_monitors_made, i - 1));
    }
    for (guint i = hmp_monitors_made ? hmp_monitors_made->len : 0; i > 0;
         i--) {
        hmp_monitor_free(g_ptr_array_index(hmp_monitors_made, i - 1));
    }
    /* Frees in reverse: a mux goes before what it wraps; restores the tty. */
    for (guint i = created_chardevs ? created_chardevs->len : 0; i > 0; i--) {
        chardev_free(g_ptr_array_index(created_chardevs, i - 1));
    }
    vireo_log_flush();
}

/*
 * SIGUSR1: every vCPU's state on stderr, for a guest that seems stuck.
 * Read from the main loop while the vCPUs run on, so a running hart's
 * registers may be a moment old; a halted or spinning one is exact.
 */
static gboolean dump_cpus_on_signal(gpointer opaque)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        fprintf(stderr, "CPU %d: halted %d interrupt_request 0x%x "
                "exit_request %d stopped %d\n", cpu->cpu_index,
                cpu->halted, g_atomic_int_get(&cpu->interrupt_request),
                g_atomic_int_get(&cpu->exit_request), cpu->stopped);
        cpu_dump_state(cpu, stderr, 0);
    }
    fflush(stderr);
    return G_SOURCE_CONTINUE;
}

int vl_build_and_run(const VireoConfig *cfg)
{
    GError *err = NULL;
    int status;

    bql_lock();
    if (!build_machine(cfg, &err)) {
        vireo_report_error(NULL, err);
        g_error_free(err);
        teardown(1);
        bql_unlock();
        return 1;
    }
    runstate_install_signal_handlers();
    guint dump_src = g_unix_signal_add(SIGUSR1, dump_cpus_on_signal, NULL);
    if (!cfg->start_stopped) {
        runstate_set(RUN_STATE_RUNNING);
    }
    status = vireo_main_loop();
    g_source_remove(dump_src);
    teardown(status);
    bql_unlock();
    return status;
}
