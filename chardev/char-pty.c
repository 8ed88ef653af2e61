/*
 * The pty backend: a pseudo-terminal whose slave side (/dev/pts/N) a user
 * opens with screen or minicom. The master is raw and non-blocking. Once
 * a user closes the slave, the master reports a hang-up: the chardev is
 * then closed (output dropped) and a timer watches for the next user.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/char-fd.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

/* How often to look for a user reopening the slave side. */
#define PTY_RECONNECT_MS 100

typedef struct {
    ChardevFd fd;
    int master;
    char *path;
    bool connected;
    guint timer;
} ChardevPty;

static void pty_disconnect(ChardevPty *s);

static bool pty_read_ready(Chardev *chr, int fd, int max)
{
    ChardevPty *s = (ChardevPty *)chr;
    uint8_t buf[4096];
    ssize_t n = read(fd, buf, MIN((size_t)max, sizeof(buf)));

    if (n > 0) {
        chardev_be_read(chr, buf, n);
        return true;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return true;
    }
    pty_disconnect(s);      /* destroys this source */
    return false;
}

static bool slave_is_open(int master)
{
    struct pollfd pfd = { .fd = master, .events = POLLIN };

    return poll(&pfd, 1, 0) >= 0 && !(pfd.revents & POLLHUP);
}

static gboolean pty_poll_reconnect(gpointer opaque)
{
    ChardevPty *s = opaque;

    if (!slave_is_open(s->master)) {
        return G_SOURCE_CONTINUE;
    }
    s->timer = 0;
    s->connected = true;
    s->fd.in_src = chardev_io_read_source_new(&s->fd.parent, s->master,
                                              pty_read_ready);
    chardev_be_event(&s->fd.parent, CHR_EVENT_OPENED);
    return G_SOURCE_REMOVE;
}

static void pty_disconnect(ChardevPty *s)
{
    if (!s->connected) {
        return;
    }
    s->connected = false;
    chardev_io_source_remove(&s->fd.in_src);
    s->timer = g_timeout_add(PTY_RECONNECT_MS, pty_poll_reconnect, s);
    chardev_be_event(&s->fd.parent, CHR_EVENT_CLOSED);
}

static bool pty_open(Chardev *chr, const ChardevOpts *opts, GError **errp)
{
    ChardevPty *s = (ChardevPty *)chr;
    struct termios tty;
    char name[64];
    int m;

    m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (m < 0) {
        vireo_error_setg_errno(errp, errno, "pty: cannot open a pty");
        return false;
    }
    if (grantpt(m) < 0 || unlockpt(m) < 0 ||
        ptsname_r(m, name, sizeof(name)) != 0) {
        vireo_error_setg_errno(errp, errno, "pty: cannot set up the pty");
        close(m);
        return false;
    }
    /* The guest's bytes go through unchanged. */
    if (tcgetattr(m, &tty) == 0) {
        cfmakeraw(&tty);
        tcsetattr(m, TCSANOW, &tty);
    }
    fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
    s->master = m;
    s->path = g_strdup(name);
    /* Before any user opened the slave there is no hang-up: connected. */
    s->connected = true;
    chardev_fd_start(&s->fd, m, m, pty_read_ready);
    fprintf(stderr, "char device redirected to %s (label %s)\n",
            name, chr->label);
    return true;
}

static int pty_write(Chardev *chr, const uint8_t *buf, int len)
{
    ChardevPty *s = (ChardevPty *)chr;
    int n;

    if (!s->connected) {
        return len;
    }
    n = chardev_io_write(s->master, buf, len);
    if (n < 0) {
        pty_disconnect(s);
        return len;
    }
    return n;
}

static int pty_out_fd(Chardev *chr)
{
    ChardevPty *s = (ChardevPty *)chr;

    return s->connected ? s->master : -1;
}

static void pty_close(Chardev *chr)
{
    ChardevPty *s = (ChardevPty *)chr;

    if (s->timer) {
        g_source_remove(s->timer);
    }
    chardev_fd_stop(&s->fd, true);
    g_free(s->path);
}

const char *chardev_pty_get_path(const Chardev *chr)
{
    return chr->ops == &chardev_pty_ops ? ((ChardevPty *)chr)->path : NULL;
}

const ChardevOps chardev_pty_ops = {
    .name = "pty",
    .instance_size = sizeof(ChardevPty),
    .open = pty_open,
    .write = pty_write,
    .out_fd = pty_out_fd,
    .close = pty_close,
};
