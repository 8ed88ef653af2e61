/*
 * vireo-system-<arch>: the full-system emulator's entry point. It parses
 * and checks the command line (softmmu/options.c), answers the
 * informational options, and hands the configuration to
 * vl_build_and_run(), the one place that creates and runs the machine.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/options.h"
#include "softmmu/vl.h"
#include "util/error.h"
#include "util/log.h"

#include <signal.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    g_autoptr(VireoConfig) cfg = NULL;
    GError *err = NULL;

    g_set_prgname("vireo-system-" VIREO_TARGET_NAME);
    /*
     * A socket or pipe chardev whose reader went away must not end the
     * program: writes fail with EPIPE and the backend handles that.
     */
    signal(SIGPIPE, SIG_IGN);
    if (!options_parse(argc, argv, &cfg, &err)) {
        vireo_report_error(NULL, err);
        g_error_free(err);
        return 1;
    }
    if (cfg->action == OPTIONS_ACTION_PRINT) {
        fputs(cfg->print_text, stdout);
        return 0;
    }
    if (cfg->machine_help || cfg->cpu_help || cfg->device_help ||
        cfg->chardev_help) {
        return vl_answer_registry_help(cfg);
    }
    if (!options_validate(cfg, &err)) {
        vireo_report_error(NULL, err);
        g_error_free(err);
        return 1;
    }
    if (cfg->log_file && !vireo_log_set_file(cfg->log_file, &err)) {
        vireo_report_error("-D", err);
        g_error_free(err);
        return 1;
    }
    vireo_loglevel = cfg->log_mask;
    return vl_build_and_run(cfg);
}
