/*
 * The NS16550A's line side: bytes to and from the chardev, input flow
 * control, and the character timeout. Transmission takes no time: a THR
 * write goes to the chardev at once and THRE comes back at once unless the
 * host side is full; then the bytes wait in the TX FIFO and a watch on the
 * chardev sends them when it can.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/char/serial-internal.h"

#define UART_BAUD_BASE 115200   /* 1.8432 MHz / 16: the rate at divisor 1 */

/* Time on the wire of one character as LCR frames it. */
static int64_t serial_char_ns(SerialState *s)
{
    int64_t bits = 1 + 5 + (s->lcr & 3) + !!(s->lcr & LCR_PARITY) +
                   ((s->lcr & LCR_STOP2) ? 2 : 1);
    int64_t divider = s->divider ? s->divider : 1;

    return bits * divider * 1000000000LL / UART_BAUD_BASE;
}

/*
 * The character timeout: with data in the RX FIFO and nothing received
 * or read for four character times, the guest is told (IIR 0xc), so it
 * collects bytes short of the trigger level.
 */
void serial_arm_timeout(SerialState *s)
{
    if (!s->timeout_timer) {
        return;
    }
    if (serial_fifo_on(s) && s->rx_count) {
        timer_mod(s->timeout_timer, clock_get_ns(VIREO_CLOCK_VIRTUAL) +
                                    4 * serial_char_ns(s));
    } else {
        timer_del(s->timeout_timer);
    }
}

void serial_timeout_expired(void *opaque)
{
    SerialState *s = opaque;

    if (serial_fifo_on(s) && s->rx_count) {
        s->timeout_ipending = true;
        serial_update_irq(s);
    }
}

/* A byte arrives from the line (or from TX in loopback). */
void serial_rx_push(SerialState *s, uint8_t byte)
{
    if (s->rx_count >= serial_capacity(s)) {
        s->lsr |= LSR_OE;      /* the new byte is lost, the FIFO kept */
        return;
    }
    s->rx_fifo[(s->rx_head + s->rx_count) % SERIAL_FIFO_SIZE] = byte;
    s->rx_count++;
    s->lsr |= LSR_DR;
}

int serial_can_receive(void *opaque)
{
    SerialState *s = opaque;

    /* In loopback the line input is cut off: leave it to the backend. */
    if ((s->mcr & MCR_LOOP) || s->rx_count >= serial_capacity(s)) {
        return 0;
    }
    return serial_capacity(s) - s->rx_count;
}

void serial_receive(void *opaque, const uint8_t *buf, int len)
{
    SerialState *s = opaque;

    for (int i = 0; i < len; i++) {
        serial_rx_push(s, buf[i]);
    }
    serial_arm_timeout(s);
    serial_update_irq(s);
}

void serial_event(void *opaque, ChrEvent event)
{
    SerialState *s = opaque;

    if (event == CHR_EVENT_BREAK) {
        /* A break reads as a zero byte with BI set in LSR. */
        serial_rx_push(s, 0);
        s->lsr |= LSR_BI | (serial_fifo_on(s) ? LSR_RXFERR : 0);
        serial_arm_timeout(s);
        serial_update_irq(s);
    }
}

bool serial_tx_ready(void *opaque, GIOCondition cond)
{
    SerialState *s = opaque;

    s->watch_tag = 0;
    serial_xmit(s);
    return false;
}

void serial_xmit(SerialState *s)
{
    while (s->tx_count) {
        int len = MIN(s->tx_count, SERIAL_FIFO_SIZE - s->tx_head);
        int n = chr_fe_write(&s->chr, &s->tx_fifo[s->tx_head], len);

        if (n < 0) {
            n = len;    /* the host side is broken: do not wedge the guest */
        } else if (n == 0) {
            break;
        }
        s->tx_head = (s->tx_head + n) % SERIAL_FIFO_SIZE;
        s->tx_count -= n;
    }
    if (s->tx_count) {
        if (!s->watch_tag) {
            s->watch_tag = chr_fe_add_watch(&s->chr, G_IO_OUT | G_IO_HUP,
                                            serial_tx_ready, s);
        }
        return;
    }
    s->tx_head = 0;
    if (!(s->lsr & LSR_THRE)) {
        s->lsr |= LSR_THRE | LSR_TEMT;
        s->thr_ipending = true;
    }
    serial_update_irq(s);
}
