/*
 * Goldfish RTC (Android emulator "goldfish" platform, documented in
 * Android's GOLDFISH-VIRTUAL-HARDWARE.TXT; driven by Linux's
 * drivers/rtc/rtc-goldfish.c): time in ns since the epoch, taken from the
 * host's wall clock plus the offset the guest set, and one alarm.
 *
 *   0x00 TIME_LOW         r: low 32 bits, latches TIME_HIGH; w: sets time
 *   0x04 TIME_HIGH        r: latched high bits; w: high bits for TIME_LOW
 *   0x08 ALARM_LOW        w: arms the alarm at (ALARM_HIGH << 32) | value
 *   0x0c ALARM_HIGH       rw
 *   0x10 IRQ_ENABLED      rw: bit 0
 *   0x14 CLEAR_ALARM      w: disarms the alarm
 *   0x18 ALARM_STATUS     r: 1 while the alarm is armed
 *   0x1c CLEAR_INTERRUPT  w: acknowledges the interrupt
 *
 * Linux reads TIME_LOW then TIME_HIGH, sets time by TIME_HIGH then
 * TIME_LOW, and the alarm by ALARM_HIGH then ALARM_LOW.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/rtc/goldfish_rtc.h"
#include "hw/core/vmstate.h"
#include "util/log.h"

enum {
    RTC_TIME_LOW = 0x00,
    RTC_TIME_HIGH = 0x04,
    RTC_ALARM_LOW = 0x08,
    RTC_ALARM_HIGH = 0x0c,
    RTC_IRQ_ENABLED = 0x10,
    RTC_CLEAR_ALARM = 0x14,
    RTC_ALARM_STATUS = 0x18,
    RTC_CLEAR_INTERRUPT = 0x1c,
};

static uint64_t rtc_now(GoldfishRTCState *s)
{
    return clock_get_ns(VIREO_CLOCK_HOST) + s->tick_offset;
}

static void rtc_update_irq(GoldfishRTCState *s)
{
    irq_set(s->irq, s->irq_pending && s->irq_enabled);
}

/* Arm or disarm the host timer from alarm_running and alarm_next. */
static void rtc_update_alarm(GoldfishRTCState *s)
{
    if (!s->alarm_running) {
        timer_del(s->alarm_timer);
        return;
    }
    if (s->alarm_next <= rtc_now(s)) {
        s->alarm_running = 0;
        s->irq_pending = 1;
        timer_del(s->alarm_timer);
        rtc_update_irq(s);
        return;
    }
    timer_mod(s->alarm_timer, s->alarm_next - s->tick_offset);
}

static void rtc_alarm_cb(void *opaque)
{
    rtc_update_alarm(opaque);
}

static uint64_t rtc_read(void *opaque, hwaddr addr, unsigned size)
{
    GoldfishRTCState *s = opaque;
    uint64_t now;

    switch (addr) {
    case RTC_TIME_LOW:
        now = rtc_now(s);
        s->time_high = now >> 32;
        return (uint32_t)now;
    case RTC_TIME_HIGH:
        return s->time_high;
    case RTC_ALARM_LOW:
        return (uint32_t)s->alarm_next;
    case RTC_ALARM_HIGH:
        return s->alarm_next >> 32;
    case RTC_IRQ_ENABLED:
        return s->irq_enabled;
    case RTC_ALARM_STATUS:
        return s->alarm_running;
    }
    vireo_log_mask(LOG_GUEST_ERROR, "goldfish-rtc: read of offset 0x%"
                   PRIx64 "\n", addr);
    return 0;
}

static void rtc_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    GoldfishRTCState *s = opaque;
    uint64_t t;

    switch (addr) {
    case RTC_TIME_LOW:
        t = ((uint64_t)s->time_high << 32) | (uint32_t)val;
        s->tick_offset = t - clock_get_ns(VIREO_CLOCK_HOST);
        rtc_update_alarm(s);
        return;
    case RTC_TIME_HIGH:
        s->time_high = val;
        return;
    case RTC_ALARM_LOW:
        s->alarm_next = ((uint64_t)s->alarm_high << 32) | (uint32_t)val;
        s->alarm_running = 1;
        rtc_update_alarm(s);
        return;
    case RTC_ALARM_HIGH:
        s->alarm_high = val;
        return;
    case RTC_IRQ_ENABLED:
        s->irq_enabled = val & 1;
        rtc_update_irq(s);
        return;
    case RTC_CLEAR_ALARM:
        s->alarm_running = 0;
        rtc_update_alarm(s);
        return;
    case RTC_CLEAR_INTERRUPT:
        s->irq_pending = 0;
        rtc_update_irq(s);
        return;
    }
    vireo_log_mask(LOG_GUEST_ERROR, "goldfish-rtc: write of offset 0x%"
                   PRIx64 "\n", addr);
}

static const MemoryRegionOps rtc_ops = {
    .read = rtc_read,
    .write = rtc_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static void rtc_reset(DeviceState *dev)
{
    GoldfishRTCState *s = GOLDFISH_RTC(dev);

    /* The time survives a reset, as a battery-backed clock's would. */
    s->alarm_next = 0;
    s->alarm_running = 0;
    s->irq_pending = 0;
    s->irq_enabled = 0;
    s->alarm_high = 0;
    timer_del(s->alarm_timer);
    rtc_update_irq(s);
}

static void rtc_init(Object *obj)
{
    GoldfishRTCState *s = GOLDFISH_RTC(obj);

    memory_region_init_io(&s->mmio, obj, &rtc_ops, s, "goldfish-rtc",
                          GOLDFISH_RTC_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(obj), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(obj), &s->irq);
    s->alarm_timer = timer_new_ns(VIREO_CLOCK_HOST, rtc_alarm_cb, s);
}

static void rtc_finalize(Object *obj)
{
    timer_free(GOLDFISH_RTC(obj)->alarm_timer);
}

static bool rtc_post_load(void *opaque, int version_id, GError **errp)
{
    rtc_update_alarm(opaque);
    rtc_update_irq(opaque);
    return true;
}

static const VMStateField rtc_fields[] = {
    VMSTATE_INT64(tick_offset, GoldfishRTCState),
    VMSTATE_UINT64(alarm_next, GoldfishRTCState),
    VMSTATE_UINT32(alarm_running, GoldfishRTCState),
    VMSTATE_UINT32(irq_pending, GoldfishRTCState),
    VMSTATE_UINT32(irq_enabled, GoldfishRTCState),
    VMSTATE_UINT32(time_high, GoldfishRTCState),
    VMSTATE_UINT32(alarm_high, GoldfishRTCState),
    VMSTATE_END_OF_LIST()
};

static const VMStateDescription vmstate_goldfish_rtc = {
    .name = "goldfish-rtc",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = rtc_fields,
    .post_load = rtc_post_load,
};

static void rtc_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->desc = "Goldfish RTC (host wall-clock time, one alarm)";
    dc->reset = rtc_reset;
    dc->vmsd = &vmstate_goldfish_rtc;
}

static const TypeInfo rtc_types[] = {
    {
        .name = TYPE_GOLDFISH_RTC,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(GoldfishRTCState),
        .instance_init = rtc_init,
        .instance_finalize = rtc_finalize,
        .class_init = rtc_class_init,
    },
};

DEFINE_TYPES(rtc_types)
