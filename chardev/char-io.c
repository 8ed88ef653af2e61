/*
 * fd plumbing shared by the fd-based backends: a GSource that reads an fd
 * only while the frontend can take input (flow control: the fd leaves the
 * poll set whenever can_read is 0, so a hung-up fd cannot spin the loop),
 * and a non-blocking write helper.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/char-backend.h"

#include <errno.h>
#include <unistd.h>

typedef struct {
    GSource source;
    GPollFD pfd;
    bool polling;
    Chardev *chr;
    ChardevIoReadFn fn;
} ReadSource;

static gboolean read_prepare(GSource *s, gint *timeout)
{
    ReadSource *rs = (ReadSource *)s;
    bool want = chardev_be_can_read(rs->chr) > 0;

    *timeout = -1;
    if (want && !rs->polling) {
        g_source_add_poll(s, &rs->pfd);
    } else if (!want && rs->polling) {
        g_source_remove_poll(s, &rs->pfd);
    }
    rs->polling = want;
    return FALSE;
}

static gboolean read_check(GSource *s)
{
    ReadSource *rs = (ReadSource *)s;

    return rs->polling &&
           (rs->pfd.revents & (G_IO_IN | G_IO_HUP | G_IO_ERR | G_IO_NVAL));
}

static gboolean read_dispatch(GSource *s, GSourceFunc cb, gpointer data)
{
    ReadSource *rs = (ReadSource *)s;
    int max = chardev_be_can_read(rs->chr);

    rs->pfd.revents = 0;
    if (max <= 0) {
        return G_SOURCE_CONTINUE;
    }
    return rs->fn(rs->chr, rs->pfd.fd, max) ? G_SOURCE_CONTINUE
                                            : G_SOURCE_REMOVE;
}

static GSourceFuncs read_source_funcs = {
    .prepare = read_prepare,
    .check = read_check,
    .dispatch = read_dispatch,
};

GSource *chardev_io_read_source_new(Chardev *chr, int fd, ChardevIoReadFn fn)
{
    GSource *s = g_source_new(&read_source_funcs, sizeof(ReadSource));
    ReadSource *rs = (ReadSource *)s;

    rs->pfd.fd = fd;
    rs->pfd.events = G_IO_IN | G_IO_HUP | G_IO_ERR;
    rs->chr = chr;
    rs->fn = fn;
    g_source_set_name(s, "chardev-read");
    g_source_attach(s, NULL);
    return s;
}

void chardev_io_source_remove(GSource **src)
{
    if (*src) {
        g_source_destroy(*src);
        g_source_unref(*src);
        *src = NULL;
    }
}

int chardev_io_write(int fd, const uint8_t *buf, int len)
{
    for (;;) {
        ssize_t n = write(fd, buf, len);
        if (n >= 0) {
            return n;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            return 0;
        }
        if (errno != EINTR) {
            return -1;
        }
    }
}
