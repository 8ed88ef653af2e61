/*
 * Event notifiers over Linux eventfd: set adds 1 to the counter, test and
 * clear reads (and so zeroes) it.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/event-notifier.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <errno.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <unistd.h>

bool event_notifier_init(EventNotifier *e, bool active, GError **errp)
{
    int fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);

    e->fd = -1;
    e->handler = NULL;
    if (fd < 0) {
        vireo_error_setg_errno(errp, errno, "cannot create eventfd");
        return false;
    }
    e->fd = fd;
    if (active) {
        event_notifier_set(e);
    }
    return true;
}

void event_notifier_cleanup(EventNotifier *e)
{
    if (e->fd < 0) {
        return;
    }
    event_notifier_set_handler(e, NULL);
    close(e->fd);
    e->fd = -1;
}

void event_notifier_set(EventNotifier *e)
{
    uint64_t one = 1;
    ssize_t r;

    /* EAGAIN means the counter is saturated: it is set, which is enough. */
    do {
        r = write(e->fd, &one, sizeof(one));
    } while (r < 0 && errno == EINTR);
}

bool event_notifier_test_and_clear(EventNotifier *e)
{
    uint64_t value = 0;
    ssize_t r;

    do {
        r = read(e->fd, &value, sizeof(value));
    } while (r < 0 && errno == EINTR);
    return r == sizeof(value) && value != 0;
}

int event_notifier_get_fd(const EventNotifier *e)
{
    return e->fd;
}

static void event_notifier_ready(void *opaque)
{
    EventNotifier *e = opaque;

    if (e->handler) {
        e->handler(e);
    }
}

void event_notifier_set_handler(EventNotifier *e,
                                EventNotifierHandler *handler)
{
    e->handler = handler;
    main_loop_set_fd_handler(e->fd, handler ? event_notifier_ready : NULL,
                             NULL, e);
}
