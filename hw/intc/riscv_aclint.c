/*
 * RISC-V ACLINT: the MSWI and MTIMER devices of the RISC-V ACLINT
 * specification (v1.0-rc4), laid out as the SiFive CLINT that spike, QEMU's
 * virt machine and OpenSBI's "sifive,clint0" driver expect:
 *
 *   0x0000 + 4*h   msip[h]      bit 0: hart h's machine software interrupt
 *   0x4000 + 8*h   mtimecmp[h]  MTIP(h) = mtime >= mtimecmp[h]
 *   0xbff8         mtime        counts at timebase-freq (10 MHz default)
 *
 * mtime follows the virtual clock, so it stands still while the machine is
 * paused. 32-bit accesses reach either half of the 64-bit registers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/intc/riscv_aclint.h"
#include "hw/core/qdev-properties.h"
#include "util/error.h"
#include "util/log.h"

enum {
    ACLINT_MSIP = 0x0000,
    ACLINT_MTIMECMP = 0x4000,
    ACLINT_MTIME = 0xbff8,
};

#define NS_PER_SEC 1000000000ull

static uint64_t ns_to_ticks(RISCVAclintState *s, int64_t ns)
{
    return (unsigned __int128)ns * s->timebase_freq / NS_PER_SEC;
}

uint64_t riscv_aclint_read_mtime(void *opaque)
{
    RISCVAclintState *s = opaque;

    return ns_to_ticks(s, clock_get_ns(VIREO_CLOCK_VIRTUAL)) +
           s->mtime_offset;
}

int64_t riscv_aclint_mtime_deadline_ns(void *opaque, uint64_t ticks)
{
    RISCVAclintState *s = opaque;
    __int128 base = (__int128)ticks - s->mtime_offset;
    __int128 ns;

    if (ticks <= riscv_aclint_read_mtime(s)) {
        return clock_get_ns(VIREO_CLOCK_VIRTUAL);       /* already due */
    }
    /* ceil: the first ns at which ns_to_ticks(ns) reaches base */
    ns = (base * NS_PER_SEC + s->timebase_freq - 1) / s->timebase_freq;
    return ns > INT64_MAX ? INT64_MAX : (int64_t)ns;
}

/*
 * The one place MTIP is derived: the level now, and if it is low a timer
 * for the virtual-clock time at which mtime reaches mtimecmp.
 */
static void aclint_update_timer(RISCVAclintHart *h)
{
    RISCVAclintState *s = h->s;
    uint64_t now = riscv_aclint_read_mtime(s);

    if (now >= h->mtimecmp) {
        timer_del(h->timer);
        irq_raise(h->mtip_out);
        return;
    }
    irq_lower(h->mtip_out);
    timer_mod(h->timer, riscv_aclint_mtime_deadline_ns(s, h->mtimecmp));
}

static void aclint_timer_cb(void *opaque)
{
    aclint_update_timer(opaque);
}

static uint64_t merge_half(uint64_t old, uint64_t val, hwaddr addr,
                           unsigned size)
{
    if (size == 8) {
        return val;
    }
    if (addr & 4) {
        return (old & 0xffffffffull) | (val << 32);
    }
    return (old & ~0xffffffffull) | (val & 0xffffffffull);
}

static uint64_t aclint_read(void *opaque, hwaddr addr, unsigned size)
{
    RISCVAclintState *s = opaque;
    uint64_t val;

    if (addr < ACLINT_MSIP + 4ull * s->num_harts) {
        return size == 4 ? s->harts[addr / 4].msip : 0;
    }
    if (addr >= ACLINT_MTIMECMP &&
        addr < ACLINT_MTIMECMP + 8ull * s->num_harts) {
        val = s->harts[(addr - ACLINT_MTIMECMP) / 8].mtimecmp;
    } else if (addr >= ACLINT_MTIME && addr < ACLINT_MTIME + 8) {
        val = riscv_aclint_read_mtime(s);
    } else {
        vireo_log_mask(LOG_GUEST_ERROR, "riscv-aclint: read of unmapped "
                       "offset 0x%" PRIx64 "\n", addr);
        return 0;
    }
    return size == 8 ? val : (addr & 4) ? val >> 32 : (uint32_t)val;
}

static void aclint_write(void *opaque, hwaddr addr, uint64_t val,
                         unsigned size)
{
    RISCVAclintState *s = opaque;

    if (addr < ACLINT_MSIP + 4ull * s->num_harts) {
        RISCVAclintHart *h = &s->harts[addr / 4];
        if (size != 4) {
            vireo_log_mask(LOG_GUEST_ERROR, "riscv-aclint: msip is a 32-bit "
                           "register\n");
            return;
        }
        h->msip = val & 1;
        irq_set(h->msip_out, h->msip);
    } else if (addr >= ACLINT_MTIMECMP &&
               addr < ACLINT_MTIMECMP + 8ull * s->num_harts) {
        RISCVAclintHart *h = &s->harts[(addr - ACLINT_MTIMECMP) / 8];
        h->mtimecmp = merge_half(h->mtimecmp, val, addr, size);
        aclint_update_timer(h);
    } else if (addr >= ACLINT_MTIME && addr < ACLINT_MTIME + 8) {
        uint64_t now = riscv_aclint_read_mtime(s);
        uint64_t want = merge_half(now, val, addr, size);
        s->mtime_offset += want - now;
        for (unsigned i = 0; i < s->num_harts; i++) {
            aclint_update_timer(&s->harts[i]);
        }
    } else {
        vireo_log_mask(LOG_GUEST_ERROR, "riscv-aclint: write of unmapped "
                       "offset 0x%" PRIx64 "\n", addr);
    }
}

static const MemoryRegionOps aclint_ops = {
    .read = aclint_read,
    .write = aclint_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 8 },
};

void riscv_aclint_connect_hart(RISCVAclintState *s, unsigned hart,
                               IRQLine *msip, IRQLine *mtip)
{
    g_assert(s->harts && hart < s->num_harts);
    s->harts[hart].msip_out = msip;
    s->harts[hart].mtip_out = mtip;
}

MemoryRegion *riscv_aclint_mmio(RISCVAclintState *s)
{
    return &s->mmio;
}

static void aclint_reset(DeviceState *dev)
{
    RISCVAclintState *s = RISCV_ACLINT(dev);

    /* mtime restarts at 0; no timer is armed until firmware sets one. */
    s->mtime_offset = -(int64_t)ns_to_ticks(s,
                                            clock_get_ns(VIREO_CLOCK_VIRTUAL));
    for (unsigned i = 0; i < s->num_harts; i++) {
        RISCVAclintHart *h = &s->harts[i];
        h->msip = 0;
        h->mtimecmp = UINT64_MAX;
        irq_lower(h->msip_out);
        aclint_update_timer(h);
    }
}

static bool aclint_realize(DeviceState *dev, GError **errp)
{
    RISCVAclintState *s = RISCV_ACLINT(dev);

    if (s->num_harts == 0 || s->num_harts > RISCV_ACLINT_MAX_HARTS) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "num-harts=%u: must be 1 to %u", s->num_harts,
                        RISCV_ACLINT_MAX_HARTS);
        return false;
    }
    if (s->timebase_freq == 0 || s->timebase_freq > NS_PER_SEC) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "timebase-freq=%" PRIu64 ": must be 1 Hz to 1 GHz",
                        s->timebase_freq);
        return false;
    }
    s->harts = g_new0(RISCVAclintHart, s->num_harts);
    for (unsigned i = 0; i < s->num_harts; i++) {
        s->harts[i].s = s;
        s->harts[i].index = i;
        s->harts[i].mtimecmp = UINT64_MAX;
        s->harts[i].timer = timer_new_ns(VIREO_CLOCK_VIRTUAL,
                                         aclint_timer_cb, &s->harts[i]);
    }
    memory_region_init_io(&s->mmio, OBJECT(dev), &aclint_ops, s,
                          "riscv-aclint", RISCV_ACLINT_SIZE);
    return true;
}

static void aclint_unrealize(DeviceState *dev)
{
    RISCVAclintState *s = RISCV_ACLINT(dev);

    for (unsigned i = 0; i < s->num_harts; i++) {
        timer_free(s->harts[i].timer);
    }
    g_clear_pointer(&s->harts, g_free);
}

static const Property aclint_props[] = {
    DEFINE_PROP_UINT32("num-harts", RISCVAclintState, num_harts, 1),
    DEFINE_PROP_UINT64("timebase-freq", RISCVAclintState, timebase_freq,
                       RISCV_ACLINT_DEFAULT_FREQ),
    DEFINE_PROP_END_OF_LIST(),
};

static void aclint_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "RISC-V ACLINT (msip, mtimecmp, mtime)";
    dc->realize = aclint_realize;
    dc->unrealize = aclint_unrealize;
    dc->reset = aclint_reset;
    device_class_set_props(dc, aclint_props);
}

static const TypeInfo aclint_types[] = {
    {
        .name = TYPE_RISCV_ACLINT,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(RISCVAclintState),
        .class_init = aclint_class_init,
    },
};

DEFINE_TYPES(aclint_types)
