/*
 * Machines: the abstract "machine" type boards derive from. A machine
 * class names the board for -M and carries its limits and defaults; the
 * machine instance holds the options the command line set (as properties,
 * by name) and lives at /machine.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A board "foo" registers type "foo-machine" (MACHINE_TYPE_NAME("foo"))
 * with parent TYPE_MACHINE, sets desc and init in class_init, and its
 * -M name "foo" is derived from the type name.
 */
#ifndef VIREO_HW_CORE_MACHINE_H
#define VIREO_HW_CORE_MACHINE_H

#include "qom/object.h"
#include "softmmu/memory.h"

#include <stdio.h>

#define TYPE_MACHINE "machine"
#define TYPE_MACHINE_SUFFIX "-machine"
#define MACHINE_TYPE_NAME(name) (name TYPE_MACHINE_SUFFIX)
OBJECT_DECLARE_TYPE(MachineState, MachineClass, MACHINE)

struct MachineClass {
    ObjectClass parent_class;

    const char *name;            /* for -M; set from the type name */
    const char *desc;            /* one line for -M help */
    /* Build the board: CPUs, RAM, devices. Fails with *errp set. */
    bool (*init)(MachineState *ms, GError **errp);
    bool is_default;             /* what runs without -M */
    uint64_t default_ram_size;   /* bytes; 0: no RAM unless -m */
    unsigned default_cpus;       /* 0: no CPU unless asked */
    unsigned max_cpus;
    const char *default_cpu_type;
};

struct MachineState {
    Object parent_obj;

    /* Each is a property of the same name in brackets. */
    uint64_t ram_size;           /* [ram-size] bytes */
    /*
     * The machine's main RAM, ram_size bytes, created before the board's
     * init (memfd-backed where possible, so an accelerator or a later
     * migration can share it); the board maps it where RAM belongs.
     * NULL when ram_size is 0.
     */
    MemoryRegion *ram;
    struct {
        uint32_t cpus;           /* [smp-cpus] */
    } smp;
    char *cpu_type;              /* [cpu-type] NULL: the class default */
    char *kernel_filename;       /* [kernel] */
    char *initrd_filename;       /* [initrd] */
    char *kernel_cmdline;        /* [append] */
    char *firmware;              /* [firmware] */
    char *dtb;                   /* [dtb] */
};

/* The class for -M name (NULL: the default machine), or an error. */
MachineClass *machine_find_class(const char *name, GError **errp);
/* -M help: each machine's name and description, the default marked. */
void machine_print_help(FILE *out);

/*
 * Create the machine for -M name and put it at /machine (which must not
 * exist yet). Properties can be set on it before machine_run_board_init.
 */
MachineState *machine_create(const char *name, GError **errp);
/* Check the options against the class's limits, then run its init. */
bool machine_run_board_init(MachineState *ms, GError **errp);
/* The machine at /machine, or NULL before machine_create. */
MachineState *machine_current(void);

#endif
