/*
 * The human monitor (HMP): a line-oriented command interpreter with a
 * "(vireo) " prompt on a chardev (-monitor, or the -nographic mux's second
 * frontend via Ctrl-a c), and the same commands for QMP's
 * human-monitor-command and gdb's "monitor" packet.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Runs on the main loop's thread with the BQL held.
 */
#ifndef VIREO_MONITOR_HMP_H
#define VIREO_MONITOR_HMP_H

#include "chardev/char.h"

#include <glib.h>
#include <stdbool.h>

#define HMP_PROMPT "(vireo) "
#define HMP_MAX_LINE 1024

/* The /Nfu of x and xp: count, format letter (x d u o c i), unit bytes. */
typedef struct HmpFormat {
    unsigned count;
    char format;
    unsigned size;
} HmpFormat;

/*
 * Parse the text after '/' ("4xw", "i", "10b"); letters omitted keep the
 * values fmt holds (QEMU remembers the last ones; we start from 1 x w).
 */
bool hmp_parse_format(const char *text, HmpFormat *fmt, GError **errp);

/* Split a command line into words; NULL-terminated, g_strfreev it. */
char **hmp_split_args(const char *cmdline);

/*
 * Run one command line, appending its output to out. False with errp set
 * for an unknown command or bad arguments (a one-line message).
 */
bool hmp_execute(const char *cmdline, GString *out, GError **errp);

typedef struct HmpMonitor HmpMonitor;

/* Serve the human monitor on chr (the caller's; it must outlive us). */
HmpMonitor *hmp_monitor_new(Chardev *chr, GError **errp);
void hmp_monitor_free(HmpMonitor *mon);

#endif
