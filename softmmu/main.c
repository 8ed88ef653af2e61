/*
 * vireo-system-<arch>: the full-system emulator's entry point.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/error.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
    g_set_prgname("vireo-system-" VIREO_TARGET_NAME);
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-version") || !strcmp(argv[i], "--version")) {
            printf("vireo-system-%s version %s\n", VIREO_TARGET_NAME,
                   VIREO_VERSION);
            return 0;
        }
    }
    vireo_report("no machine can run yet: the command line arrives with "
                 "softmmu/options.c");
    return 1;
}
