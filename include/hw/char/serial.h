/*
 * The NS16550A UART: the serial port firmware, boot loaders and Linux's
 * 8250 driver talk to on the riscv virt board (MMIO) and on x86 (port
 * I/O at 0x3f8). One register region (sysbus region 0) and one IRQ
 * output pin (sysbus pin 0, level-triggered, high while an interrupt is
 * pending); the host side is a chardev.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Properties (set before realize):
 *   chardev     label of the chardev to bind to (serial_hd(i)'s label);
 *               unset: no host side, output is dropped
 *   regshift    log2 of the distance between registers: 0 (x86 port
 *               I/O, byte registers) up to 2 (32-bit spaced MMIO)
 *   endianness  "little" (default) or "big": where in a wide register
 *               slot the byte lies
 * Boards create it; it is not available to -device.
 */
#ifndef VIREO_HW_CHAR_SERIAL_H
#define VIREO_HW_CHAR_SERIAL_H

#include "chardev/char.h"
#include "hw/core/sysbus.h"

#define TYPE_SERIAL "ns16550a"

/*
 * Create, configure and realize a UART, map its registers at addr in
 * container (get_system_memory() or get_system_io()) and connect its
 * interrupt to irq. chr may be NULL. NULL with *errp on failure (the
 * chardev already has a frontend, a bad regshift).
 */
DeviceState *serial_create(MemoryRegion *container, hwaddr addr,
                           unsigned regshift, IRQLine *irq, Chardev *chr,
                           GError **errp);

#endif
