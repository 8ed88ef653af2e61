/*
 * The CPU base type and the list of CPUs.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/core/cpu.h"
#include "util/main-loop.h"

#include <string.h>

static GPtrArray *cpu_list;
static CPUKickFunc *cpu_kick_handler;
static __thread CPUState *current_cpu;

unsigned cpu_count(void)
{
    return cpu_list ? cpu_list->len : 0;
}

CPUState *cpu_by_index(unsigned index)
{
    if (!cpu_list || index >= cpu_list->len) {
        return NULL;
    }
    return g_ptr_array_index(cpu_list, index);
}

CPUState *cpu_current(void)
{
    return current_cpu;
}

void cpu_set_current(CPUState *cpu)
{
    current_cpu = cpu;
}

bool cpu_has_work(CPUState *cpu)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    if (cc->has_work) {
        return cc->has_work(cpu);
    }
    return g_atomic_int_get(&cpu->interrupt_request) & CPU_INTERRUPT_HARD;
}

void cpu_dump_state(CPUState *cpu, FILE *f, int flags)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    if (cc->dump_state) {
        cc->dump_state(cpu, f, flags);
    } else {
        fprintf(f, "CPU#%d: no register dump for %s\n", cpu->cpu_index,
                object_get_typename(OBJECT(cpu)));
    }
}

void cpu_set_kick_handler(CPUKickFunc *fn)
{
    cpu_kick_handler = fn;
}

void cpu_kick(CPUState *cpu)
{
    g_atomic_int_set(&cpu->exit_request, 1);
    g_cond_broadcast(&cpu->halt_cond);
    if (cpu_kick_handler) {
        cpu_kick_handler(cpu);
    }
}

void cpu_interrupt(CPUState *cpu, unsigned mask)
{
    g_atomic_int_or(&cpu->interrupt_request, mask);
    cpu_kick(cpu);
}

void cpu_reset_interrupt(CPUState *cpu, unsigned mask)
{
    g_atomic_int_and(&cpu->interrupt_request, ~mask);
}

static void cpu_instance_init(Object *obj)
{
    CPUState *cpu = CPU(obj);

    g_cond_init(&cpu->halt_cond);
    cpu->cpu_index = -1;
    /* A vCPU starts stopped; the machine starts it with the run state. */
    cpu->stopped = true;
}

static void cpu_instance_finalize(Object *obj)
{
    CPUState *cpu = CPU(obj);

    if (cpu_list) {
        g_ptr_array_remove(cpu_list, cpu);
    }
    g_cond_clear(&cpu->halt_cond);
}

static bool cpu_realize(DeviceState *dev, GError **errp)
{
    CPUState *cpu = CPU(dev);

    if (!cpu_list) {
        cpu_list = g_ptr_array_new();
    }
    cpu->cpu_index = cpu_list->len;
    g_ptr_array_add(cpu_list, cpu);
    return true;
}

static void cpu_unrealize(DeviceState *dev)
{
    CPUState *cpu = CPU(dev);

    g_ptr_array_remove(cpu_list, cpu);
    for (unsigned i = 0; i < cpu_list->len; i++) {
        CPU(g_ptr_array_index(cpu_list, i))->cpu_index = i;
    }
}

static void cpu_reset(DeviceState *dev)
{
    CPUState *cpu = CPU(dev);

    cpu->halted = false;
    g_atomic_int_set(&cpu->interrupt_request, 0);
}

static void cpu_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = cpu_realize;
    dc->unrealize = cpu_unrealize;
    dc->reset = cpu_reset;
    dc->category = DEVICE_CATEGORY_CPU;
    /* Boards create CPUs from -cpu and -smp, never -device. */
    dc->user_creatable = false;
}

static const TypeInfo cpu_types[] = {
    {
        .name = TYPE_CPU,
        .parent = TYPE_DEVICE,
        .abstract = true,
        .instance_size = sizeof(CPUState),
        .instance_init = cpu_instance_init,
        .instance_finalize = cpu_instance_finalize,
        .class_size = sizeof(CPUClass),
        .class_init = cpu_class_init,
    },
};

DEFINE_TYPES(cpu_types)

void cpu_print_models(FILE *out)
{
    GSList *list = object_class_get_list(TYPE_CPU, false);

    fprintf(out, "Available CPUs:\n");
    /* Models are types named MODEL-ARCH-cpu; -cpu takes MODEL. */
    for (GSList *l = list; l; l = l->next) {
        const char *type = object_class_get_name(l->data);
        const char *dash = strchr(type, '-');

        fprintf(out, "  %.*s\n",
                dash ? (int)(dash - type) : (int)strlen(type), type);
    }
    if (!list) {
        fprintf(out, "  (no CPU model in this build yet)\n");
    }
    g_slist_free(list);
}
