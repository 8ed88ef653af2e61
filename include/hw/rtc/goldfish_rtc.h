/*
 * The Goldfish RTC ("google,goldfish-rtc"): wall-clock time in ns since
 * the Unix epoch, settable by the guest, with one alarm and its interrupt.
 * Region 0 (GOLDFISH_RTC_SIZE bytes), IRQ pin 0 (level).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_RTC_GOLDFISH_RTC_H
#define VIREO_HW_RTC_GOLDFISH_RTC_H

#include "hw/core/sysbus.h"
#include "util/timer.h"

#define TYPE_GOLDFISH_RTC "goldfish-rtc"
OBJECT_DECLARE_SIMPLE_TYPE(GoldfishRTCState, GOLDFISH_RTC)

#define GOLDFISH_RTC_SIZE 0x1000

struct GoldfishRTCState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    IRQLine *irq;
    Timer *alarm_timer;         /* on the host clock */

    int64_t tick_offset;        /* guest time = host clock + tick_offset */
    uint64_t alarm_next;        /* guest ns */
    uint32_t alarm_running;
    uint32_t irq_pending;
    uint32_t irq_enabled;
    uint32_t time_high;         /* latched by a TIME_LOW read */
    uint32_t alarm_high;        /* written before ALARM_LOW arms */
};

#endif
