/*
 * The state shared by backends that read one fd and write another (fd,
 * stdio, file, pty): input under flow control, output straight through.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_CHARDEV_CHAR_FD_H
#define VIREO_CHARDEV_CHAR_FD_H

#include "chardev/char-backend.h"

typedef struct ChardevFd {
    Chardev parent;
    int in_fd;          /* -1: no input */
    int out_fd;         /* -1: output dropped */
    GSource *in_src;
} ChardevFd;

/*
 * Start reading in_fd (if >= 0) with read_fn (NULL: deliver until end of
 * file, then stop reading) and mark the chardev open.
 */
void chardev_fd_start(ChardevFd *s, int in_fd, int out_fd,
                      ChardevIoReadFn read_fn);
/* Stop reading; close the fds when close_fds. */
void chardev_fd_stop(ChardevFd *s, bool close_fds);
int chardev_fd_write(Chardev *chr, const uint8_t *buf, int len);
int chardev_fd_out_fd(Chardev *chr);

#endif
