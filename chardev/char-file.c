/*
 * The file backend: output to path= (truncated, or appended to with
 * append=on) and, with input-path=, input read from a second file.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/char-fd.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static const ChardevOptDesc file_options[] = {
    { "path", CHR_OPT_STRING },
    { "input-path", CHR_OPT_STRING },
    { "append", CHR_OPT_BOOL },
    { NULL }
};

static bool file_open(Chardev *chr, const ChardevOpts *opts, GError **errp)
{
    const char *path = chardev_opt_get(opts, "path");
    const char *in_path = chardev_opt_get(opts, "input-path");
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    int out_fd, in_fd = -1;

    if (!path || !*path) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "file: missing path (file:PATH or file,path=PATH)");
        return false;
    }
    flags |= chardev_opt_get_bool(opts, "append", false) ? O_APPEND
                                                         : O_TRUNC;
    out_fd = open(path, flags, 0666);
    if (out_fd < 0) {
        vireo_error_setg_errno(errp, errno, "cannot open '%s'", path);
        return false;
    }
    if (in_path) {
        in_fd = open(in_path, O_RDONLY | O_CLOEXEC);
        if (in_fd < 0) {
            vireo_error_setg_errno(errp, errno, "cannot open '%s'", in_path);
            close(out_fd);
            return false;
        }
    }
    chardev_fd_start((ChardevFd *)chr, in_fd, out_fd, NULL);
    return true;
}

static void file_close(Chardev *chr)
{
    chardev_fd_stop((ChardevFd *)chr, true);
}

const ChardevOps chardev_file_ops = {
    .name = "file",
    .instance_size = sizeof(ChardevFd),
    .options = file_options,
    .open = file_open,
    .write = chardev_fd_write,
    .out_fd = chardev_fd_out_fd,
    .close = file_close,
};
