/*
 * vireo-system-<arch>: the full-system emulator's entry point. It parses
 * and checks the command line (softmmu/options.c), answers the
 * informational options, and hands the configuration to
 * machine_build_and_run(), the one place that will create and run the
 * machine.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/options.h"
#include "util/error.h"
#include "util/log.h"

#include <stdio.h>

/*
 * -M help, -cpu help, -device help and -chardev help are answered from
 * the registries, which arrive with the object model and chardevs.
 */
static int answer_registry_help(const VireoConfig *cfg)
{
    const char *what = cfg->machine_help ? "-machine help"
                     : cfg->cpu_help ? "-cpu help"
                     : cfg->device_help ? "-device help"
                     : "-chardev help";

    vireo_report("%s: nothing is registered to list yet", what);
    return 1;
}

/* Build the machine cfg describes and run it to the end. */
static int machine_build_and_run(const VireoConfig *cfg)
{
    vireo_report("no machine can run yet");
    return 1;
}

int main(int argc, char **argv)
{
    g_autoptr(VireoConfig) cfg = NULL;
    GError *err = NULL;

    g_set_prgname("vireo-system-" VIREO_TARGET_NAME);
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
        return answer_registry_help(cfg);
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
    return machine_build_and_run(cfg);
}
