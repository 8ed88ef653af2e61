/*
 * The machine-wide address spaces, created on first use (during machine
 * set-up, before any vCPU thread exists).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/memory-system.h"

static MemoryRegion system_memory;
static MemoryRegion system_io;
static AddressSpace system_memory_as;
static AddressSpace system_io_as;

static void system_memory_init(void)
{
    static gsize done;

    if (g_once_init_enter(&done)) {
        memory_region_init(&system_memory, NULL, "system", UINT64_MAX);
        address_space_init(&system_memory_as, &system_memory, "memory");
        memory_region_init(&system_io, NULL, "io", 0x10000);
        address_space_init(&system_io_as, &system_io, "I/O");
        g_once_init_leave(&done, 1);
    }
}

MemoryRegion *get_system_memory(void)
{
    system_memory_init();
    return &system_memory;
}

MemoryRegion *get_system_io(void)
{
    system_memory_init();
    return &system_io;
}

AddressSpace *address_space_memory(void)
{
    system_memory_init();
    return &system_memory_as;
}

AddressSpace *address_space_io(void)
{
    system_memory_init();
    return &system_io_as;
}
