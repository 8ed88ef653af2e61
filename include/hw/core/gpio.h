/*
 * GPIO lines of a device: numbered inputs (IRQ lines the device creates
 * and handles, e.g. an interrupt controller's sources or a CPU's
 * interrupt pins) and outputs (slots in the device's state that a board
 * fills with some other device's input). Both come in unnamed and named
 * groups; a name lets one device have several groups.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *     qdev_init_gpio_in(DEVICE(plic), plic_set_source, 96);   in init
 *     qdev_init_gpio_out(DEVICE(s), &s->irq, 1);              in init
 *     qdev_connect_gpio_out(uart, 0, qdev_get_gpio_in(plic, 10));  board
 *
 * Each group is kept as a read-only per-instance property of the device
 * ("gpio-in", "gpio-out-NAME", ...) whose value is the line count; the
 * lines are freed with the device. A bad group name or index is a board
 * bug and aborts.
 */
#ifndef VIREO_HW_CORE_GPIO_H
#define VIREO_HW_CORE_GPIO_H

#include "hw/core/irq.h"
#include "hw/core/qdev.h"

/*
 * Add n inputs to the group name (NULL: the unnamed group), numbered on
 * from the ones it has; handler is called with the device as opaque and
 * the line's number within the group.
 */
void qdev_init_gpio_in_named(DeviceState *dev, IRQHandler *handler,
                             const char *name, int n);
/* Add n outputs, the slots pins[0..n-1], to the group name. */
void qdev_init_gpio_out_named(DeviceState *dev, IRQLine **pins,
                              const char *name, int n);
/* Input n of the group, to hand to whatever drives it. */
IRQLine *qdev_get_gpio_in_named(DeviceState *dev, const char *name, int n);
/* Point output n of the group at line (NULL disconnects it). */
void qdev_connect_gpio_out_named(DeviceState *dev, const char *name, int n,
                                 IRQLine *line);
/* How many lines the group has (0 when there is no such group). */
int qdev_gpio_count(DeviceState *dev, const char *name, bool is_output);

static inline void qdev_init_gpio_in(DeviceState *dev, IRQHandler *handler,
                                     int n)
{
    qdev_init_gpio_in_named(dev, handler, NULL, n);
}
static inline void qdev_init_gpio_out(DeviceState *dev, IRQLine **pins,
                                      int n)
{
    qdev_init_gpio_out_named(dev, pins, NULL, n);
}
static inline IRQLine *qdev_get_gpio_in(DeviceState *dev, int n)
{
    return qdev_get_gpio_in_named(dev, NULL, n);
}
static inline void qdev_connect_gpio_out(DeviceState *dev, int n,
                                         IRQLine *line)
{
    qdev_connect_gpio_out_named(dev, NULL, n, line);
}

#endif
