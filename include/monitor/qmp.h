/*
 * The QMP server: a JSON protocol on a chardev (one per -qmp) that
 * greets, negotiates capabilities, runs the commands of the qapi/ schema and
 * sends the machine's events to every negotiated client.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Runs on the main loop's thread with the BQL held, like the chardevs.
 */
#ifndef VIREO_MONITOR_QMP_H
#define VIREO_MONITOR_QMP_H

#include "chardev/char.h"

#include <glib.h>
#include <stdbool.h>

/* Largest request, in bytes, and deepest nesting, a client may send. */
#define QMP_MAX_REQUEST_SIZE (64 * 1024)
#define QMP_MAX_REQUEST_DEPTH 32

typedef struct QmpMonitor QmpMonitor;

/*
 * Serve QMP on chr (which stays the caller's, and must outlive the
 * monitor). The first call also starts forwarding events.
 */
QmpMonitor *qmp_monitor_new(Chardev *chr, GError **errp);
void qmp_monitor_free(QmpMonitor *mon);

/*
 * Feed one request text (as a client would send it) through a monitor's
 * dispatcher and return the reply line without "\r\n"; NULL when the
 * text brings no reply. For tests without a chardev: pass mon NULL for a
 * throwaway session that has already negotiated.
 */
char *qmp_dispatch_text(QmpMonitor *mon, const char *text);

/* query-cpus-fast's "target": the program's guest architecture. */
void qmp_set_target_arch(const char *arch);

/*
 * human-monitor-command runs a command line through this handler (the
 * human monitor registers hmp_execute); until one is set, the command
 * fails saying the human monitor is not built in.
 */
typedef bool QmpHmpHandler(const char *cmdline, GString *out,
                           GError **errp);
void qmp_set_hmp_handler(QmpHmpHandler *fn);
QmpHmpHandler *qmp_get_hmp_handler(void);

#endif
