/*
 * Debug logging selected with `-d item,...` and sent to `-D file`.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The item names are QEMU's, so traces from the two line up.
 */
#ifndef VIREO_UTIL_LOG_H
#define VIREO_UTIL_LOG_H

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

enum {
    LOG_IN_ASM       = 1 << 0,  /* guest code of each translated block */
    LOG_OP           = 1 << 1,  /* IR as generated */
    LOG_OP_OPT       = 1 << 2,  /* IR after the optimizer */
    LOG_OUT_ASM      = 1 << 3,  /* host code generated */
    LOG_EXEC         = 1 << 4,  /* each block executed */
    LOG_CPU          = 1 << 5,  /* CPU state before each block */
    LOG_INT          = 1 << 6,  /* interrupts and exceptions */
    LOG_MMU          = 1 << 7,  /* page-table walks and TLB */
    LOG_UNIMP        = 1 << 8,  /* unimplemented features the guest used */
    LOG_GUEST_ERROR  = 1 << 9,  /* guest misbehaviour, machine keeps going */
    LOG_MTREE        = 1 << 10, /* memory tree once the machine is built */
    LOG_NOCHAIN      = 1 << 11, /* not a log: disables block chaining */
};

extern int vireo_loglevel;

static inline bool vireo_log_enabled(int mask)
{
    return (vireo_loglevel & mask) != 0;
}

/* Append to the log (stderr unless -D was given). */
void vireo_log(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#define vireo_log_mask(mask, ...)                  \
    do {                                           \
        if (G_UNLIKELY(vireo_log_enabled(mask))) { \
            vireo_log(__VA_ARGS__);                \
        }                                          \
    } while (0)

/* Parse "in_asm,cpu" into a mask; "help" is the caller's to check. */
bool vireo_log_parse_items(const char *str, int *mask, GError **errp);
/* Send the log to path ("-" or NULL: stderr). */
bool vireo_log_set_file(const char *path, GError **errp);
/* The stream the log goes to, for multi-line dumps under vireo_log_lock. */
FILE *vireo_log_lock(void);
void vireo_log_unlock(FILE *f);
void vireo_log_flush(void);
/* Print the items with one line of help each. */
void vireo_log_print_help(FILE *out);

#endif
