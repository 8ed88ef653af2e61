/*
 * What the two halves of the NS16550A share: the state, and the register
 * model (serial.c) that the device glue (serial-device.c: the register
 * window, chardev binding, properties, saved state) calls into.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_CHAR_SERIAL_INTERNAL_H
#define VIREO_HW_CHAR_SERIAL_INTERNAL_H

#include "hw/char/serial.h"
#include "util/timer.h"

#define SERIAL_FIFO_SIZE 16

OBJECT_DECLARE_SIMPLE_TYPE(SerialState, SERIAL)

struct SerialState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    bool iomem_ready;
    IRQLine *irq;
    CharFrontend chr;
    Timer *timeout_timer;       /* the character timeout, virtual clock */
    guint watch_tag;            /* waiting for the chardev to take TX */

    /* properties */
    char *chardev;
    uint8_t regshift;
    int endianness;             /* SERIAL_LITTLE_ENDIAN or SERIAL_BIG_... */

    /* registers; IIR is derived (serial_iir) */
    uint16_t divider;
    uint8_t ier, fcr, lcr, mcr, lsr, msr, scr;
    uint8_t rx_fifo[SERIAL_FIFO_SIZE];
    uint8_t rx_head, rx_count;
    uint8_t tx_fifo[SERIAL_FIFO_SIZE];
    uint8_t tx_head, tx_count;
    bool thr_ipending;          /* THR emptied, not yet acknowledged */
    bool timeout_ipending;      /* character timeout fired */
};

enum { SERIAL_LITTLE_ENDIAN, SERIAL_BIG_ENDIAN };

uint8_t serial_reg_read(SerialState *s, unsigned reg);
void serial_reg_write(SerialState *s, unsigned reg, uint8_t val);
void serial_reset_regs(SerialState *s);
void serial_update_irq(SerialState *s);
void serial_update_msr(SerialState *s);
void serial_arm_timeout(SerialState *s);
void serial_timeout_expired(void *opaque);
void serial_xmit(SerialState *s);
/* chr_fe_add_watch callback: the chardev can take more TX. */
bool serial_tx_ready(void *opaque, GIOCondition cond);

/* chardev frontend handlers */
int serial_can_receive(void *opaque);
void serial_receive(void *opaque, const uint8_t *buf, int len);
void serial_event(void *opaque, ChrEvent event);

#endif
