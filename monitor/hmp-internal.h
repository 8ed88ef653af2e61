/*
 * What monitor/hmp*.c share: the command table entry and the handlers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_MONITOR_HMP_INTERNAL_H
#define VIREO_MONITOR_HMP_INTERNAL_H

#include <glib.h>
#include <stdbool.h>

/* argv[0] is the command word; argc counts it. */
typedef bool HmpHandler(int argc, char **argv, GString *out, GError **errp);

typedef struct HmpCommand {
    const char *name;
    const char *alias;      /* a short spelling ("c", "q"), or NULL */
    const char *args;       /* for help */
    const char *help;
    HmpHandler *fn;
} HmpCommand;

extern const HmpCommand hmp_commands[];
extern const HmpCommand hmp_info_commands[];

/* The table's entries */
HmpHandler hmp_help, hmp_info, hmp_stop, hmp_cont, hmp_system_reset,
    hmp_system_powerdown, hmp_quit, hmp_cpu, hmp_x, hmp_xp;
HmpHandler hmp_info_status, hmp_info_registers, hmp_info_cpus,
    hmp_info_mtree, hmp_info_qtree, hmp_info_tlb, hmp_info_version;

const HmpCommand *hmp_find_command(const HmpCommand *table,
                                   const char *name);

#endif
