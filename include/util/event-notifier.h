/*
 * Event notifiers: a counter in an eventfd that one side sets and the
 * other tests and clears. The main loop can watch one, and because it is
 * a plain fd an accelerator can hand the same fd to KVM as an ioeventfd
 * (the guest's doorbell write sets it) or an irqfd (setting it injects an
 * interrupt), with no change to the device.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_UTIL_EVENT_NOTIFIER_H
#define VIREO_UTIL_EVENT_NOTIFIER_H

#include <glib.h>
#include <stdbool.h>

typedef struct EventNotifier EventNotifier;
typedef void EventNotifierHandler(EventNotifier *e);

struct EventNotifier {
    int fd;                         /* -1 when not initialised */
    EventNotifierHandler *handler;  /* watched by the main loop if set */
};

/* Create the eventfd, already set if active. */
bool event_notifier_init(EventNotifier *e, bool active, GError **errp);
/* Remove any handler and close the fd. Safe on a cleaned-up notifier. */
void event_notifier_cleanup(EventNotifier *e);
/* Signal it. Any thread; async-signal-safe. */
void event_notifier_set(EventNotifier *e);
/* Whether it was set, clearing it. */
bool event_notifier_test_and_clear(EventNotifier *e);
int event_notifier_get_fd(const EventNotifier *e);
/*
 * Call handler from the main loop while the notifier is set; the handler
 * must test_and_clear it, or it runs again. NULL stops watching.
 */
void event_notifier_set_handler(EventNotifier *e,
                                EventNotifierHandler *handler);

#endif
