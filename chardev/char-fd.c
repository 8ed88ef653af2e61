/*
 * The fd backend: input from one file descriptor, output to another.
 * stdio, file and pty build on the same state; chardev_fd_new() hands a
 * pair of descriptors (a pipe, a socketpair) over to a chardev directly.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/char-fd.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static bool fd_read_ready(Chardev *chr, int fd, int max)
{
    ChardevFd *s = (ChardevFd *)chr;
    uint8_t buf[4096];
    ssize_t n;

    n = read(fd, buf, MIN((size_t)max, sizeof(buf)));
    if (n > 0) {
        chardev_be_read(chr, buf, n);
        return true;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return true;
    }
    /* End of input: keep the output side going. */
    g_source_unref(s->in_src);
    s->in_src = NULL;
    return false;
}

void chardev_fd_start(ChardevFd *s, int in_fd, int out_fd,
                      ChardevIoReadFn read_fn)
{
    s->in_fd = in_fd;
    s->out_fd = out_fd;
    if (in_fd >= 0) {
        s->in_src = chardev_io_read_source_new(&s->parent, in_fd,
                                               read_fn ? read_fn
                                                       : fd_read_ready);
    }
    s->parent.be_open = true;
}

void chardev_fd_stop(ChardevFd *s, bool close_fds)
{
    chardev_io_source_remove(&s->in_src);
    if (close_fds) {
        if (s->in_fd >= 0) {
            close(s->in_fd);
        }
        if (s->out_fd >= 0 && s->out_fd != s->in_fd) {
            close(s->out_fd);
        }
    }
    s->in_fd = s->out_fd = -1;
}

int chardev_fd_write(Chardev *chr, const uint8_t *buf, int len)
{
    ChardevFd *s = (ChardevFd *)chr;

    return s->out_fd < 0 ? len : chardev_io_write(s->out_fd, buf, len);
}

int chardev_fd_out_fd(Chardev *chr)
{
    return ((ChardevFd *)chr)->out_fd;
}

static void fd_close(Chardev *chr)
{
    chardev_fd_stop((ChardevFd *)chr, true);
}

const ChardevOps chardev_fd_ops = {
    .name = "fd",
    .instance_size = sizeof(ChardevFd),
    .write = chardev_fd_write,
    .out_fd = chardev_fd_out_fd,
    .close = fd_close,
};

Chardev *chardev_fd_new(const char *label, int in_fd, int out_fd,
                        GError **errp)
{
    Chardev *chr = chardev_new_internal(&chardev_fd_ops, label, NULL, errp);
    ChardevFd *s = (ChardevFd *)chr;

    if (!chr) {
        if (in_fd >= 0) {
            close(in_fd);
        }
        if (out_fd >= 0 && out_fd != in_fd) {
            close(out_fd);
        }
        return NULL;
    }
    /* Ours now; writes must never stall the caller. */
    s->in_fd = s->out_fd = -1;
    if (in_fd >= 0) {
        fcntl(in_fd, F_SETFL, fcntl(in_fd, F_GETFL) | O_NONBLOCK);
    }
    if (out_fd >= 0) {
        fcntl(out_fd, F_SETFL, fcntl(out_fd, F_GETFL) | O_NONBLOCK);
    }
    chardev_fd_start(s, in_fd, out_fd, NULL);
    return chr;
}
