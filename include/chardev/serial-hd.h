/*
 * The host ends of the machine's serial ports, in -serial order: the
 * program creates them from the command line, a board binds its UARTs to
 * serial_hd(0), serial_hd(1), ...
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_CHARDEV_SERIAL_HD_H
#define VIREO_CHARDEV_SERIAL_HD_H

#include "chardev/char.h"

void serial_hd_add(Chardev *chr);
/* The i-th serial port's chardev, or NULL (not connected). */
Chardev *serial_hd(unsigned i);
unsigned serial_hd_count(void);

#endif
