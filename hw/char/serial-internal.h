/*
 * What the three files of the NS16550A share: the state and register
 * bits, the register model (serial.c), the line side (serial-line.c), and
 * the device glue (serial-device.c: the register window, chardev binding,
 * properties, saved state) that calls into both.
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

/* Register bits (the map is at the top of serial.c). */
enum {
    IER_RDI = 0x01, IER_THRI = 0x02, IER_RLSI = 0x04, IER_MSI = 0x08,
    IIR_NO_INT = 0x01, IIR_MSI = 0x00, IIR_THRI = 0x02, IIR_RDI = 0x04,
    IIR_RLSI = 0x06, IIR_CTI = 0x0c, IIR_FIFOS = 0xc0,
    FCR_ENABLE = 0x01, FCR_RX_RESET = 0x02, FCR_TX_RESET = 0x04,
    FCR_DMA = 0x08, FCR_TRIGGER = 0xc0,
    LCR_STOP2 = 0x04, LCR_PARITY = 0x08, LCR_DLAB = 0x80,
    MCR_DTR = 0x01, MCR_RTS = 0x02, MCR_OUT1 = 0x04, MCR_OUT2 = 0x08,
    MCR_LOOP = 0x10,
    LSR_DR = 0x01, LSR_OE = 0x02, LSR_PE = 0x04, LSR_FE = 0x08,
    LSR_BI = 0x10, LSR_THRE = 0x20, LSR_TEMT = 0x40, LSR_RXFERR = 0x80,
    LSR_ERRORS = LSR_OE | LSR_PE | LSR_FE | LSR_BI,
    MSR_DCTS = 0x01, MSR_DDSR = 0x02, MSR_TERI = 0x04, MSR_DDCD = 0x08,
    MSR_DELTAS = 0x0f, MSR_CTS = 0x10, MSR_DSR = 0x20, MSR_RI = 0x40,
    MSR_DCD = 0x80,
};

static inline bool serial_fifo_on(SerialState *s)
{
    return s->fcr & FCR_ENABLE;
}

static inline unsigned serial_capacity(SerialState *s)
{
    return serial_fifo_on(s) ? SERIAL_FIFO_SIZE : 1;
}

/* serial.c: the registers */
uint8_t serial_reg_read(SerialState *s, unsigned reg);
void serial_reg_write(SerialState *s, unsigned reg, uint8_t val);
void serial_reset_regs(SerialState *s);
void serial_update_irq(SerialState *s);
void serial_update_msr(SerialState *s);

/* serial-line.c: the line side */
void serial_rx_push(SerialState *s, uint8_t byte);
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
