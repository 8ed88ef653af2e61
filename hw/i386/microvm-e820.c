/*
 * The -M microvm memory map (see include/hw/i386/microvm-e820.h), a pure
 * function so its edge cases are unit-tested (tests/unit/test-microvm-e820.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/i386/microvm-e820.h"

#define MiB (1ULL << 20)

unsigned microvm_e820_build(uint64_t ram_size, uint64_t *low,
                            uint64_t *high, PVHMemmapEntry *e)
{
    unsigned n = 0;

    *low = MIN(ram_size, MICROVM_LOW_RAM_MAX);
    *high = ram_size - *low;
    e[n++] = (PVHMemmapEntry) { 0, MIN(*low, MICROVM_EBDA),
                                PVH_MEMMAP_RAM };
    e[n++] = (PVHMemmapEntry) { MICROVM_EBDA, 1 * MiB - MICROVM_EBDA,
                                PVH_MEMMAP_RESERVED };
    if (*low > 1 * MiB) {
        e[n++] = (PVHMemmapEntry) { 1 * MiB, *low - 1 * MiB,
                                    PVH_MEMMAP_RAM };
    }
    e[n++] = (PVHMemmapEntry) { MICROVM_IOAPIC, 0x1000,
                                PVH_MEMMAP_RESERVED };
    e[n++] = (PVHMemmapEntry) { MICROVM_LAPIC, 0x1000, PVH_MEMMAP_RESERVED };
    if (*high) {
        e[n++] = (PVHMemmapEntry) { MICROVM_HIGH_RAM_BASE, *high,
                                    PVH_MEMMAP_RAM };
    }
    return n;
}
