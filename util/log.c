/*
 * Debug logging: a mask of items and one output stream.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/log.h"
#include "util/error.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

int vireo_loglevel;

static FILE *log_file;
/* vCPU threads log concurrently; one block's dump must stay together. */
static GMutex log_mutex;

static const struct {
    const char *name;
    int mask;
    const char *help;
} log_items[] = {
    { "in_asm", LOG_IN_ASM, "show guest code of each translated block" },
    { "op", LOG_OP, "show the IR of each block as generated" },
    { "op_opt", LOG_OP_OPT, "show the IR after optimization" },
    { "out_asm", LOG_OUT_ASM, "show the host code of each block" },
    { "exec", LOG_EXEC, "show each block as it is executed" },
    { "cpu", LOG_CPU, "show CPU registers before entering a block" },
    { "int", LOG_INT, "show interrupts and exceptions" },
    { "mmu", LOG_MMU, "show page-table walks and TLB fills" },
    { "unimp", LOG_UNIMP, "log unimplemented functionality the guest uses" },
    { "guest_errors", LOG_GUEST_ERROR,
      "log guest misbehaviour (bad MMIO, unmapped accesses, bad descriptors)" },
    { "mtree", LOG_MTREE, "dump the memory tree once the machine is built" },
    { "nochain", LOG_NOCHAIN,
      "do not chain translated blocks (each block returns to the loop)" },
};

static FILE *log_stream(void)
{
    return log_file ? log_file : stderr;
}

void vireo_log(const char *fmt, ...)
{
    va_list ap;
    FILE *f = vireo_log_lock();
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    vireo_log_unlock(f);
}

FILE *vireo_log_lock(void)
{
    g_mutex_lock(&log_mutex);
    return log_stream();
}

void vireo_log_unlock(FILE *f)
{
    fflush(f);
    g_mutex_unlock(&log_mutex);
}

void vireo_log_flush(void)
{
    g_mutex_lock(&log_mutex);
    fflush(log_stream());
    g_mutex_unlock(&log_mutex);
}

bool vireo_log_parse_items(const char *str, int *mask, GError **errp)
{
    g_auto(GStrv) names = g_strsplit(str, ",", -1);
    int result = 0;

    for (char **n = names; *n; n++) {
        size_t i;
        if (**n == '\0') {
            continue;
        }
        for (i = 0; i < G_N_ELEMENTS(log_items); i++) {
            if (strcmp(*n, log_items[i].name) == 0) {
                result |= log_items[i].mask;
                break;
            }
        }
        if (i == G_N_ELEMENTS(log_items)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "unknown log item '%s' (try -d help)", *n);
            return false;
        }
    }
    *mask = result;
    return true;
}

bool vireo_log_set_file(const char *path, GError **errp)
{
    FILE *f = NULL;

    if (path && strcmp(path, "-") != 0) {
        f = fopen(path, "w");
        if (!f) {
            vireo_error_setg_errno(errp, errno, "cannot open log file '%s'",
                                   path);
            return false;
        }
        setvbuf(f, NULL, _IOLBF, 0);
    }
    g_mutex_lock(&log_mutex);
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    g_mutex_unlock(&log_mutex);
    return true;
}

void vireo_log_print_help(FILE *out)
{
    fprintf(out, "Log items (comma separated):\n");
    for (size_t i = 0; i < G_N_ELEMENTS(log_items); i++) {
        fprintf(out, "%-13s%s\n", log_items[i].name, log_items[i].help);
    }
}
