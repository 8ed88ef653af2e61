/*
 * The memory map -M microvm reports to its guests (PVH memory map and
 * Linux e820 alike): RAM below 640 KiB, the legacy hole up to 1 MiB
 * reserved, RAM from 1 MiB to the end of low RAM (at most 3 GiB), the
 * IOAPIC and LAPIC pages reserved, and RAM from 4 GiB for the rest.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_I386_MICROVM_E820_H
#define VIREO_HW_I386_MICROVM_E820_H

#include "hw/i386/pvh.h"

#define MICROVM_E820_MAX 6
#define MICROVM_LOW_RAM_MAX (3ULL << 30)
#define MICROVM_HIGH_RAM_BASE (4ULL << 30)
#define MICROVM_EBDA 0x9fc00ULL
#define MICROVM_IOAPIC 0xfec00000ULL
#define MICROVM_LAPIC 0xfee00000ULL

/*
 * Split ram_size into the RAM below 4 GiB and above it (*low, *high) and
 * fill e (MICROVM_E820_MAX entries); returns how many were filled.
 */
unsigned microvm_e820_build(uint64_t ram_size, uint64_t *low,
                            uint64_t *high, PVHMemmapEntry *e);

#endif
