/*
 * The table of serial-port chardevs.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/serial-hd.h"

static GPtrArray *serial_hds;

void serial_hd_add(Chardev *chr)
{
    if (!serial_hds) {
        serial_hds = g_ptr_array_new();
    }
    g_ptr_array_add(serial_hds, chr);
}

Chardev *serial_hd(unsigned i)
{
    if (!serial_hds || i >= serial_hds->len) {
        return NULL;
    }
    return g_ptr_array_index(serial_hds, i);
}

unsigned serial_hd_count(void)
{
    return serial_hds ? serial_hds->len : 0;
}
