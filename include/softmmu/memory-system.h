/*
 * The machine-wide address spaces: guest-physical memory, and port I/O
 * for architectures that have it. Boards map their regions into these
 * roots; CPUs and DMA-capable devices access them.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_SOFTMMU_MEMORY_SYSTEM_H
#define VIREO_SOFTMMU_MEMORY_SYSTEM_H

#include "softmmu/memory.h"

/* The root container of guest-physical memory (64-bit wide). */
MemoryRegion *get_system_memory(void);
/* The root of the 64 KiB port I/O space. */
MemoryRegion *get_system_io(void);
AddressSpace *address_space_memory(void);
AddressSpace *address_space_io(void);

#endif
