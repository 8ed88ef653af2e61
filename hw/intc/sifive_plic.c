/*
 * RISC-V PLIC (RISC-V Platform-Level Interrupt Controller Specification
 * 1.0.0): the external-interrupt controller of the riscv virt board, as
 * Linux's "sifive,plic-1.0.0" and OpenSBI's PLIC drivers program it.
 *
 *   0x000000 + 4*id               priority[id]      (id 0: reserved, 0)
 *   0x001000 + 4*w                pending bits 32w..32w+31 (read-only)
 *   0x002000 + 0x80*c + 4*w       enable bits of context c
 *   0x200000 + 0x1000*c + 0       threshold of context c
 *   0x200000 + 0x1000*c + 4       claim (read) / complete (write)
 *
 * Context 2h is hart h in M-mode, 2h+1 in S-mode. Sources are level
 * gateways: a high line makes its source pending unless it is being
 * serviced (claimed, not yet completed); when it is completed and the line
 * is still high it becomes pending again. A line that drops before being
 * claimed withdraws the request, so a device that has already been served
 * through another path does not leave a spurious claim behind.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/intc/sifive_plic.h"
#include "hw/core/gpio.h"
#include "hw/core/qdev-properties.h"
#include "hw/core/vmstate.h"
#include "util/error.h"
#include "util/log.h"

enum {
    PLIC_THRESHOLD = 0,
    PLIC_CLAIM = 4,
};

static bool bit_get(const uint32_t *words, unsigned id)
{
    return words[id / 32] & (1u << (id % 32));
}

static void bit_set(uint32_t *words, unsigned id, bool on)
{
    if (on) {
        words[id / 32] |= 1u << (id % 32);
    } else {
        words[id / 32] &= ~(1u << (id % 32));
    }
}

static unsigned plic_num_contexts(SiFivePLICState *s)
{
    return 2 * s->num_harts;
}

static uint32_t *plic_enables(SiFivePLICState *s, unsigned ctx)
{
    return &s->enable[ctx * SIFIVE_PLIC_WORDS];
}

/*
 * The source a claim by ctx would return: the pending, enabled source of
 * highest priority above the threshold, the lowest ID among equals; 0 if
 * none.
 */
static unsigned plic_best_source(SiFivePLICState *s, unsigned ctx)
{
    const uint32_t *en = plic_enables(s, ctx);
    unsigned best = 0;
    uint32_t best_prio = s->threshold[ctx];

    for (unsigned w = 0; w < (s->num_sources + 31) / 32; w++) {
        uint32_t bits = s->pending[w] & en[w];
        while (bits) {
            unsigned id = w * 32 + __builtin_ctz(bits);
            bits &= bits - 1;
            if (s->priority[id] > best_prio) {
                best_prio = s->priority[id];
                best = id;
            }
        }
    }
    return best;
}

/* The one place the context outputs are derived. */
static void plic_update(SiFivePLICState *s)
{
    for (unsigned c = 0; c < plic_num_contexts(s); c++) {
        irq_set(s->outputs[c], plic_best_source(s, c) != 0);
    }
}

static void plic_set_source(void *opaque, int id, int level)
{
    SiFivePLICState *s = opaque;

    if (id <= 0 || (unsigned)id >= s->num_sources) {
        return;                 /* ID 0 is "no interrupt": never wired */
    }
    bit_set(s->level, id, level);
    if (!bit_get(s->claimed, id)) {
        bit_set(s->pending, id, level);
    }
    plic_update(s);
}

static uint32_t plic_claim(SiFivePLICState *s, unsigned ctx)
{
    unsigned id = plic_best_source(s, ctx);

    if (id) {
        bit_set(s->pending, id, false);
        bit_set(s->claimed, id, true);
        plic_update(s);
    }
    return id;
}

static void plic_complete(SiFivePLICState *s, unsigned ctx, uint32_t id)
{
    /* 7.1: a completion for a source not enabled for ctx is ignored. */
    if (id == 0 || id >= s->num_sources ||
        !bit_get(plic_enables(s, ctx), id)) {
        vireo_log_mask(LOG_GUEST_ERROR, "sifive-plic: context %u completes "
                       "source %u it cannot have claimed\n", ctx, id);
        return;
    }
    bit_set(s->claimed, id, false);
    if (bit_get(s->level, id)) {
        bit_set(s->pending, id, true);
    }
    plic_update(s);
}

static uint64_t plic_read(void *opaque, hwaddr addr, unsigned size)
{
    SiFivePLICState *s = opaque;

    if (addr < SIFIVE_PLIC_PENDING_BASE) {
        unsigned id = addr / 4;
        return id < s->num_sources ? s->priority[id] : 0;
    }
    if (addr < SIFIVE_PLIC_ENABLE_BASE) {
        unsigned w = (addr - SIFIVE_PLIC_PENDING_BASE) / 4;
        return w < SIFIVE_PLIC_WORDS ? s->pending[w] : 0;
    }
    if (addr < SIFIVE_PLIC_CONTEXT_BASE) {
        hwaddr off = addr - SIFIVE_PLIC_ENABLE_BASE;
        unsigned ctx = off / SIFIVE_PLIC_ENABLE_STRIDE;
        unsigned w = (off % SIFIVE_PLIC_ENABLE_STRIDE) / 4;
        if (ctx < plic_num_contexts(s)) {
            return plic_enables(s, ctx)[w];
        }
    } else {
        hwaddr off = addr - SIFIVE_PLIC_CONTEXT_BASE;
        unsigned ctx = off / SIFIVE_PLIC_CONTEXT_STRIDE;
        if (ctx < plic_num_contexts(s)) {
            switch (off % SIFIVE_PLIC_CONTEXT_STRIDE) {
            case PLIC_THRESHOLD:
                return s->threshold[ctx];
            case PLIC_CLAIM:
                return plic_claim(s, ctx);
            }
        }
    }
    vireo_log_mask(LOG_GUEST_ERROR, "sifive-plic: read of unmapped offset "
                   "0x%" PRIx64 "\n", addr);
    return 0;
}

static void plic_write(void *opaque, hwaddr addr, uint64_t val,
                       unsigned size)
{
    SiFivePLICState *s = opaque;

    if (addr < SIFIVE_PLIC_PENDING_BASE) {
        unsigned id = addr / 4;
        if (id > 0 && id < s->num_sources) {
            s->priority[id] = val & SIFIVE_PLIC_PRIORITY_MAX;
            plic_update(s);
        }
        return;                 /* priority[0] is hardwired to 0 */
    }
    if (addr < SIFIVE_PLIC_ENABLE_BASE) {
        vireo_log_mask(LOG_GUEST_ERROR, "sifive-plic: pending bits are "
                       "read-only (offset 0x%" PRIx64 ")\n", addr);
        return;
    }
    if (addr < SIFIVE_PLIC_CONTEXT_BASE) {
        hwaddr off = addr - SIFIVE_PLIC_ENABLE_BASE;
        unsigned ctx = off / SIFIVE_PLIC_ENABLE_STRIDE;
        unsigned w = (off % SIFIVE_PLIC_ENABLE_STRIDE) / 4;
        if (ctx < plic_num_contexts(s)) {
            uint32_t mask = UINT32_MAX;
            /* Bits of sources that do not exist read as zero. */
            if (w * 32 >= s->num_sources) {
                mask = 0;
            } else if ((w + 1) * 32 > s->num_sources) {
                mask = (1u << (s->num_sources - w * 32)) - 1;
            }
            if (w == 0) {
                mask &= ~1u;    /* source 0 does not exist */
            }
            plic_enables(s, ctx)[w] = val & mask;
            plic_update(s);
            return;
        }
    } else {
        hwaddr off = addr - SIFIVE_PLIC_CONTEXT_BASE;
        unsigned ctx = off / SIFIVE_PLIC_CONTEXT_STRIDE;
        if (ctx < plic_num_contexts(s)) {
            switch (off % SIFIVE_PLIC_CONTEXT_STRIDE) {
            case PLIC_THRESHOLD:
                s->threshold[ctx] = val & SIFIVE_PLIC_PRIORITY_MAX;
                plic_update(s);
                return;
            case PLIC_CLAIM:
                plic_complete(s, ctx, val);
                return;
            }
        }
    }
    vireo_log_mask(LOG_GUEST_ERROR, "sifive-plic: write of unmapped offset "
                   "0x%" PRIx64 "\n", addr);
}

static const MemoryRegionOps plic_ops = {
    .read = plic_read,
    .write = plic_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void plic_reset(DeviceState *dev)
{
    SiFivePLICState *s = SIFIVE_PLIC(dev);

    memset(s->priority, 0, sizeof(s->priority));
    memset(s->pending, 0, sizeof(s->pending));
    memset(s->claimed, 0, sizeof(s->claimed));
    memset(s->enable, 0, sizeof(s->enable));
    memset(s->threshold, 0, sizeof(s->threshold));
    /* Lines that are still high make their sources pending again. */
    memcpy(s->pending, s->level, sizeof(s->pending));
    plic_update(s);
}

static bool plic_realize(DeviceState *dev, GError **errp)
{
    SiFivePLICState *s = SIFIVE_PLIC(dev);

    if (s->num_sources < 2 || s->num_sources > SIFIVE_PLIC_MAX_SOURCES) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "num-sources=%u: must be 2 to %u", s->num_sources,
                        SIFIVE_PLIC_MAX_SOURCES);
        return false;
    }
    if (s->num_harts == 0 || s->num_harts > SIFIVE_PLIC_MAX_HARTS) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "num-harts=%u: must be 1 to %u", s->num_harts,
                        SIFIVE_PLIC_MAX_HARTS);
        return false;
    }
    memory_region_init_io(&s->mmio, OBJECT(dev), &plic_ops, s, "sifive-plic",
                          sifive_plic_size(s->num_harts));
    sysbus_init_mmio(SYS_BUS_DEVICE(dev), &s->mmio);
    qdev_init_gpio_in(dev, plic_set_source, s->num_sources);
    qdev_init_gpio_out(dev, s->outputs, plic_num_contexts(s));
    return true;
}

static const VMStateField plic_fields[] = {
    VMSTATE_UINT32_ARRAY(priority, SiFivePLICState, SIFIVE_PLIC_MAX_SOURCES),
    VMSTATE_UINT32_ARRAY(pending, SiFivePLICState, SIFIVE_PLIC_WORDS),
    VMSTATE_UINT32_ARRAY(claimed, SiFivePLICState, SIFIVE_PLIC_WORDS),
    VMSTATE_UINT32_ARRAY(level, SiFivePLICState, SIFIVE_PLIC_WORDS),
    VMSTATE_UINT32_ARRAY(enable, SiFivePLICState,
                         SIFIVE_PLIC_MAX_CONTEXTS * SIFIVE_PLIC_WORDS),
    VMSTATE_UINT32_ARRAY(threshold, SiFivePLICState,
                         SIFIVE_PLIC_MAX_CONTEXTS),
    VMSTATE_END_OF_LIST()
};

static const VMStateDescription vmstate_plic = {
    .name = "sifive-plic",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = plic_fields,
};

static const Property plic_props[] = {
    DEFINE_PROP_UINT32("num-sources", SiFivePLICState, num_sources, 97),
    DEFINE_PROP_UINT32("num-harts", SiFivePLICState, num_harts, 1),
    DEFINE_PROP_END_OF_LIST(),
};

static void plic_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "RISC-V PLIC (priorities, enables, claim/complete)";
    dc->realize = plic_realize;
    dc->reset = plic_reset;
    dc->vmsd = &vmstate_plic;
    device_class_set_props(dc, plic_props);
}

static const TypeInfo plic_types[] = {
    {
        .name = TYPE_SIFIVE_PLIC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(SiFivePLICState),
        .class_init = plic_class_init,
    },
};

DEFINE_TYPES(plic_types)
