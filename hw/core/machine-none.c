/*
 * The "none" machine: an empty board with no CPU and no RAM unless asked
 * for, useful to list devices and to test the command line.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/machine.h"
#include "machine-internal.h"
#include "softmmu/memory-system.h"

static bool machine_none_init(MachineState *ms, GError **errp)
{
    /* Like QEMU's empty machine: RAM, when asked for, sits at 0. */
    if (ms->ram) {
        memory_region_add_subregion(get_system_memory(), 0, ms->ram);
    }
    return true;
}

static void machine_none_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "empty machine";
    mc->init = machine_none_init;
    mc->default_ram_size = 0;
    mc->default_cpus = 0;
    mc->max_cpus = 1;
}

static const TypeInfo machine_none_info = {
    .name = MACHINE_TYPE_NAME("none"),
    .parent = TYPE_MACHINE,
    .class_init = machine_none_class_init,
};

void machine_none_register_types(void)
{
    type_register_static(&machine_none_info);
}
