/*
 * isa-debug-exit: a port that ends the emulator, for test guests. A write
 * of V exits with status (V << 1) | 1, as QEMU's device of the same name
 * does, so one test guest runs under both (and an exit of 0 can only mean
 * a normal shutdown).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   iobase + 0 .. iosize-1   write: exit((value << 1) | 1)   read: 0
 *
 * Usage: -device isa-debug-exit,iobase=0xf4,iosize=0x04
 */
#include "hw/core/qdev-properties.h"
#include "hw/core/qdev.h"
#include "hw/core/runstate.h"
#include "softmmu/memory-system.h"
#include "util/error.h"

#define TYPE_ISA_DEBUG_EXIT "isa-debug-exit"
OBJECT_DECLARE_SIMPLE_TYPE(ISADebugExitState, ISA_DEBUG_EXIT)

struct ISADebugExitState {
    DeviceState parent_obj;
    MemoryRegion io;
    uint32_t iobase;
    uint32_t iosize;
};

static uint64_t debug_exit_read(void *opaque, hwaddr addr, unsigned size)
{
    return 0;
}

static void debug_exit_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    runstate_request_exit_status((int)((val << 1) | 1));
}

static const MemoryRegionOps debug_exit_ops = {
    .read = debug_exit_read,
    .write = debug_exit_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid.min_access_size = 1,
    .valid.max_access_size = 4,
    .impl.min_access_size = 1,
    .impl.max_access_size = 4,
};

static bool debug_exit_realize(DeviceState *dev, GError **errp)
{
    ISADebugExitState *s = ISA_DEBUG_EXIT(dev);

    if (s->iosize == 0 || s->iobase > 0xffff ||
        s->iosize > 0x10000 - s->iobase) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "iobase=0x%x,iosize=0x%x does not fit in the 64 KiB "
                        "I/O space", s->iobase, s->iosize);
        return false;
    }
    memory_region_init_io(&s->io, OBJECT(dev), &debug_exit_ops, s,
                          "isa-debug-exit", s->iosize);
    memory_region_add_subregion(get_system_io(), s->iobase, &s->io);
    return true;
}

static void debug_exit_unrealize(DeviceState *dev)
{
    ISADebugExitState *s = ISA_DEBUG_EXIT(dev);

    memory_region_del_subregion(get_system_io(), &s->io);
}

static const Property debug_exit_props[] = {
    DEFINE_PROP_UINT32("iobase", ISADebugExitState, iobase, 0x501),
    DEFINE_PROP_UINT32("iosize", ISADebugExitState, iosize, 0x02),
    DEFINE_PROP_END_OF_LIST(),
};

static void debug_exit_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "port that ends the emulator with a status (test guests)";
    dc->realize = debug_exit_realize;
    dc->unrealize = debug_exit_unrealize;
    dc->user_creatable = true;
    device_class_set_props(dc, debug_exit_props);
}

static const TypeInfo debug_exit_types[] = {
    {
        .name = TYPE_ISA_DEBUG_EXIT,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(ISADebugExitState),
        .class_init = debug_exit_class_init,
    },
};

DEFINE_TYPES(debug_exit_types)
