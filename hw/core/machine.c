/*
 * The abstract "machine" type: finding a board by its -M name, -M help,
 * creating the machine at /machine, and running its init after checking
 * the options against the board's limits.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/machine.h"
#include "machine-internal.h"
#include "qom/object-field.h"
#include "util/error.h"

#include <inttypes.h>
#include <string.h>

static const ObjectField machine_fields[] = {
    { .name = "ram-size", .type = OBJECT_FIELD_SIZE,
      .offset = offsetof(MachineState, ram_size),
      .description = "guest RAM size in bytes (K, M, G suffixes)" },
    { .name = "smp-cpus", .type = OBJECT_FIELD_UINT32,
      .offset = offsetof(MachineState, smp.cpus),
      .description = "number of CPUs" },
    { .name = "cpu-type", .type = OBJECT_FIELD_STR,
      .offset = offsetof(MachineState, cpu_type),
      .description = "CPU model[,features] (default: the board's)" },
    { .name = "kernel", .type = OBJECT_FIELD_STR,
      .offset = offsetof(MachineState, kernel_filename),
      .description = "kernel image to boot" },
    { .name = "initrd", .type = OBJECT_FIELD_STR,
      .offset = offsetof(MachineState, initrd_filename),
      .description = "initial ram disk" },
    { .name = "append", .type = OBJECT_FIELD_STR,
      .offset = offsetof(MachineState, kernel_cmdline),
      .description = "kernel command line" },
    { .name = "firmware", .type = OBJECT_FIELD_STR,
      .offset = offsetof(MachineState, firmware),
      .description = "firmware image" },
    { .name = "dtb", .type = OBJECT_FIELD_STR,
      .offset = offsetof(MachineState, dtb),
      .description = "device tree blob to pass instead of the generated one" },
};

MachineClass *machine_find_class(const char *name, GError **errp)
{
    GSList *list = object_class_get_list(TYPE_MACHINE, false);
    MachineClass *found = NULL;

    for (GSList *l = list; l && !found; l = l->next) {
        MachineClass *mc = MACHINE_CLASS(l->data);
        if (name ? !strcmp(mc->name, name) : mc->is_default) {
            found = mc;
        }
    }
    g_slist_free(list);
    if (!found) {
        if (name) {
            vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                            "unsupported machine type '%s' (-M help lists "
                            "the machines)", name);
        } else {
            vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                            "no default machine: choose one with -M "
                            "(-M help lists them)");
        }
    }
    return found;
}

static gint machine_compare(gconstpointer a, gconstpointer b)
{
    return strcmp(MACHINE_CLASS(a)->name, MACHINE_CLASS(b)->name);
}

void machine_print_help(FILE *out)
{
    GSList *list = object_class_get_list(TYPE_MACHINE, false);

    list = g_slist_sort(list, machine_compare);
    fprintf(out, "Supported machines:\n");
    for (GSList *l = list; l; l = l->next) {
        MachineClass *mc = MACHINE_CLASS(l->data);
        fprintf(out, "  %-20s %s%s\n", mc->name, mc->desc ? mc->desc : "",
                mc->is_default ? " (default)" : "");
    }
    g_slist_free(list);
}

MachineState *machine_create(const char *name, GError **errp)
{
    MachineClass *mc = machine_find_class(name, errp);
    Object *obj;

    if (!mc) {
        return NULL;
    }
    obj = object_new(object_class_get_name(OBJECT_CLASS(mc)));
    if (!object_property_add_child(object_get_root(), "machine", obj, errp)) {
        object_unref(obj);
        return NULL;
    }
    object_unref(obj);
    return MACHINE(obj);
}

MachineState *machine_current(void)
{
    return (MachineState *)object_dynamic_cast(
        object_resolve_path("/machine", NULL), TYPE_MACHINE);
}

bool machine_run_board_init(MachineState *ms, GError **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    if (ms->smp.cpus > mc->max_cpus) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "%" PRIu32 " CPUs requested, but machine '%s' "
                        "supports at most %u", ms->smp.cpus, mc->name,
                        mc->max_cpus);
        return false;
    }
    if (ms->smp.cpus == 0 && mc->default_cpus > 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "machine '%s' needs at least one CPU", mc->name);
        return false;
    }
    if (!ms->cpu_type && mc->default_cpu_type) {
        ms->cpu_type = g_strdup(mc->default_cpu_type);
    }
    if (ms->ram_size && !ms->ram) {
        MemoryRegion *ram = g_new0(MemoryRegion, 1);
        /*
         * Anonymous, for huge pages: nothing shares guest RAM with another
         * process yet (a memfd backend is for when something does).
         */
        if (!memory_region_init_ram(ram, OBJECT(ms), "ram", ms->ram_size,
                                    0, errp)) {
            g_free(ram);
            g_prefix_error(errp, "cannot allocate %" PRIu64 " MiB of RAM: ",
                           ms->ram_size >> 20);
            return false;
        }
        memory_region_set_free_on_release(ram);
        ms->ram = ram;
    }
    return !mc->init || mc->init(ms, errp);
}

static void machine_instance_init(Object *obj)
{
    MachineState *ms = MACHINE(obj);
    MachineClass *mc = MACHINE_GET_CLASS(obj);

    ms->ram_size = mc->default_ram_size;
    ms->smp.cpus = mc->default_cpus;
}

static void machine_instance_finalize(Object *obj)
{
    MachineState *ms = MACHINE(obj);

    if (ms->ram) {
        memory_region_unref(ms->ram);
    }
}

static void machine_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->default_cpus = 1;
    mc->max_cpus = 1;
    for (size_t i = 0; i < G_N_ELEMENTS(machine_fields); i++) {
        object_class_property_add_field(oc, &machine_fields[i]);
    }
}

/*
 * Each board gets its -M name from its type name, and is not the default
 * just because its parent is.
 */
static void machine_class_base_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    const char *type = object_class_get_name(oc);

    if (g_str_has_suffix(type, TYPE_MACHINE_SUFFIX)) {
        mc->name = g_strndup(type, strlen(type) -
                             strlen(TYPE_MACHINE_SUFFIX));
    } else {
        mc->name = g_strdup(type);
    }
    mc->is_default = false;
}

static const TypeInfo machine_info = {
    .name = TYPE_MACHINE,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .instance_size = sizeof(MachineState),
    .instance_init = machine_instance_init,
    .instance_finalize = machine_instance_finalize,
    .class_size = sizeof(MachineClass),
    .class_init = machine_class_init,
    .class_base_init = machine_class_base_init,
};

static void machine_register_types(void)
{
    type_register_static(&machine_info);
    machine_none_register_types();
}

type_init(machine_register_types)
