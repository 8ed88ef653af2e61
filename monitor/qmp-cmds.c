/*
 * QMP commands about the protocol and the run state: qmp_capabilities,
 * query-version, query-commands, query-status, stop, cont, system_reset,
 * system_powerdown, quit and human-monitor-command.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "monitor/qmp.h"
#include "qmp-internal.h"
#include "hw/core/runstate.h"
#include "qapi/qapi-commands.h"

#include <stdio.h>
#include <string.h>

static QmpHmpHandler *hmp_handler;

void qmp_set_hmp_handler(QmpHmpHandler *fn)
{
    hmp_handler = fn;
}

QmpHmpHandler *qmp_get_hmp_handler(void)
{
    return hmp_handler;
}

/*
 * The monitor itself switches the session out of negotiation mode once
 * this succeeds; here only the arguments are checked.
 */
bool qmp_qmp_capabilities(GPtrArray *enable, GError **errp)
{
    if (enable && enable->len) {
        qapi_error_set(errp, QAPI_ERROR_CLASS_GENERIC_ERROR,
                       "Capability '%s' not available",
                       (const char *)g_ptr_array_index(enable, 0));
        return false;
    }
    return true;
}

VersionInfo *qmp_query_version(GError **errp)
{
    VersionInfo *info = g_new0(VersionInfo, 1);
    unsigned major = 0, minor = 0, micro = 0;

    sscanf(VIREO_VERSION, "%u.%u.%u", &major, &minor, &micro);
    info->qemu = g_new0(VersionTriple, 1);
    info->qemu->major = major;
    info->qemu->minor = minor;
    info->qemu->micro = micro;
    info->package = g_strdup("vireo-" VIREO_VERSION);
    return info;
}

JsonValue *qmp_version_json(void)
{
    g_autoptr(VersionInfo) info = qmp_query_version(NULL);

    return qapi_to_json_VersionInfo(info);
}

GPtrArray *qmp_query_commands(GError **errp)
{
    GPtrArray *list = g_ptr_array_new_with_free_func(
        (GDestroyNotify)qapi_free_CommandInfo);

    for (const QmpCommand *c = qmp_commands; c->name; c++) {
        CommandInfo *info = g_new0(CommandInfo, 1);
        info->name = g_strdup(c->name);
        g_ptr_array_add(list, info);
    }
    return list;
}

StatusInfo *qmp_query_status(GError **errp)
{
    StatusInfo *info = g_new0(StatusInfo, 1);
    const char *name = runstate_name(runstate_get());

    info->running = runstate_is_running();
    info->status = RUN_STATUS_RUNNING;
    for (int i = 0; i < RUN_STATUS__MAX; i++) {
        if (strcmp(RunStatus_names[i], name) == 0) {
            info->status = i;
        }
    }
    return info;
}

/*
 * stop and cont act at once, as QEMU's do (the main loop's thread holds
 * the BQL here): the STOP/RESUME event goes out before the reply.
 */
bool qmp_stop(GError **errp)
{
    if (runstate_is_running()) {
        runstate_set(RUN_STATE_PAUSED);
    }
    return true;
}

bool qmp_cont(GError **errp)
{
    RunState s = runstate_get();

    if (runstate_is_running()) {
        return true;
    }
    if (s == RUN_STATE_SHUTDOWN || s == RUN_STATE_INTERNAL_ERROR ||
        s == RUN_STATE_GUEST_PANICKED ||
        !runstate_transition_valid(s, RUN_STATE_RUNNING)) {
        qapi_error_set(errp, QAPI_ERROR_CLASS_GENERIC_ERROR,
                       "Resetting the Virtual Machine is required");
        return false;
    }
    runstate_set(RUN_STATE_RUNNING);
    return true;
}

bool qmp_system_reset(GError **errp)
{
    runstate_request_reset(SHUTDOWN_CAUSE_HOST_QMP_RESET);
    return true;
}

bool qmp_system_powerdown(GError **errp)
{
    if (!runstate_has_powerdown_handler()) {
        qapi_error_set(errp, QAPI_ERROR_CLASS_GENERIC_ERROR,
                       "this machine has no power button "
                       "(system_powerdown needs e.g. microvm's ACPI GED)");
        return false;
    }
    runstate_request_powerdown();
    return true;
}

bool qmp_quit(GError **errp)
{
    runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
    return true;
}

char *qmp_human_monitor_command(const char *command_line, bool has_cpu_index,
                                int64_t cpu_index, GError **errp)
{
    g_autoptr(GString) out = g_string_new(NULL);

    if (!hmp_handler) {
        qapi_error_set(errp, QAPI_ERROR_CLASS_GENERIC_ERROR,
                       "the human monitor is not built into this program");
        return NULL;
    }
    if (has_cpu_index) {
        /* The human monitor has no per-session CPU choice yet. */
        qapi_error_set(errp, QAPI_ERROR_CLASS_GENERIC_ERROR,
                       "Parameter 'cpu-index' is not supported yet");
        return NULL;
    }
    if (!hmp_handler(command_line, out, errp)) {
        return NULL;
    }
    return g_string_free(g_steal_pointer(&out), false);
}
