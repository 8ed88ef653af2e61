/*
 * Error helpers over GError.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

G_DEFINE_QUARK(vireo-error-quark, vireo_error)

static void error_setv(GError **errp, VireoErrorCode code, int errnum,
                       const char *fmt, va_list ap)
{
    if (!errp) {
        return;
    }
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    if (errnum) {
        g_set_error(errp, VIREO_ERROR, code, "%s: %s", msg, g_strerror(errnum));
    } else {
        g_set_error_literal(errp, VIREO_ERROR, code, msg);
    }
}

void vireo_error_setg(GError **errp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(errp, VIREO_ERROR_FAILED, 0, fmt, ap);
    va_end(ap);
}

void vireo_error_set(GError **errp, VireoErrorCode code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(errp, code, 0, fmt, ap);
    va_end(ap);
}

void vireo_error_setg_errno(GError **errp, int errnum, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_setv(errp, errnum ? VIREO_ERROR_IO : VIREO_ERROR_FAILED, errnum,
               fmt, ap);
    va_end(ap);
}

static const char *program_name(void)
{
    const char *name = g_get_prgname();
    return name ? name : "vireo";
}

void vireo_report_error(const char *context, const GError *err)
{
    if (context) {
        fprintf(stderr, "%s: %s: %s\n", program_name(), context, err->message);
    } else {
        fprintf(stderr, "%s: %s\n", program_name(), err->message);
    }
}

void vireo_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: %s\n", program_name(), msg);
}

void vireo_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: warning: %s\n", program_name(), msg);
}
