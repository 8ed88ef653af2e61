/*
 * Errors: GError carried up from where things fail to the one place that
 * prints them.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Functions that can fail take a trailing `GError **errp` and return false
 * (or NULL, or a negative value) on failure. Only the top of a program
 * prints: `vireo-system-riscv64: -m 0: memory size must be > 0`.
 */
#ifndef VIREO_UTIL_ERROR_H
#define VIREO_UTIL_ERROR_H

#include <glib.h>
#include <stdbool.h>

#define VIREO_ERROR (vireo_error_quark())
GQuark vireo_error_quark(void);

typedef enum {
    VIREO_ERROR_FAILED,          /* anything else */
    VIREO_ERROR_INVALID,         /* bad value from the user or a file */
    VIREO_ERROR_NOT_SUPPORTED,   /* parsed, but not implemented yet */
    VIREO_ERROR_NOT_FOUND,       /* no such type, file, device, ... */
    VIREO_ERROR_IO,              /* host I/O failed; message has strerror */
} VireoErrorCode;

/* Set *errp (if errp is non-NULL) to a VIREO_ERROR_FAILED error. */
void vireo_error_setg(GError **errp, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
/* The same, with the given code. */
void vireo_error_set(GError **errp, VireoErrorCode code,
                     const char *fmt, ...) G_GNUC_PRINTF(3, 4);
/* The same, appending ": strerror(errnum)". */
void vireo_error_setg_errno(GError **errp, int errnum, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/*
 * Print "PRGNAME: CONTEXT: MESSAGE" (or "PRGNAME: MESSAGE" when context is
 * NULL) on stderr. Does not free err.
 */
void vireo_report_error(const char *context, const GError *err);
/* Print a formatted one-line message the same way. */
void vireo_report(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
/* Print a "PRGNAME: warning: ..." line. */
void vireo_warn(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#endif
