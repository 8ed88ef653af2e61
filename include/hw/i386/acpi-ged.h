/*
 * The hardware-reduced ACPI power device of microvm: sleep control and
 * status registers, the reset register, and the Generic Event Device's
 * event register with its interrupt (the power button).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_I386_ACPI_GED_H
#define VIREO_HW_I386_ACPI_GED_H

#include "hw/core/irq.h"
#include "hw/core/qdev.h"
#include "softmmu/memory.h"

#define TYPE_ACPI_GED "acpi-ged"
#define ACPI_GED_IO_SIZE 4
#define ACPI_GED_RESET_VALUE 0x0f
#define ACPI_GED_EVENT_PWR_BUTTON 0x01

/* Create it with its 4 ports at port of io, raising irq for events. */
DeviceState *acpi_ged_create(MemoryRegion *io, uint16_t port, IRQLine *irq,
                             GError **errp);

#endif
