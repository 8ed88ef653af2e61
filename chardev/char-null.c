/*
 * The null backend: output vanishes, input never comes. "none" is the same
 * device under the name users give for "no device here".
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/char-backend.h"

static bool null_open(Chardev *chr, const ChardevOpts *opts, GError **errp)
{
    chr->be_open = true;
    return true;
}

static int null_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

const ChardevOps chardev_null_ops = {
    .name = "null",
    .instance_size = sizeof(Chardev),
    .open = null_open,
    .write = null_write,
};

const ChardevOps chardev_none_ops = {
    .name = "none",
    .instance_size = sizeof(Chardev),
    .open = null_open,
    .write = null_write,
};
