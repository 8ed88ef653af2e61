/*
 * NS16550A UART, modelled on the National/TI PC16550D datasheet
 * ("Registers" section, Table "Register Summary"): a 16-byte receive and
 * a 16-byte transmit FIFO, four interrupt sources in a fixed priority,
 * loopback, and the divisor latch. Register i sits at offset i << regshift.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   i  DLAB=0 read   DLAB=0 write   DLAB=1
 *   0  RBR rx byte   THR tx byte    DLL divisor, low byte
 *   1  IER           IER            DLM divisor, high byte
 *   2  IIR           FCR
 *   3  LCR    7 DLAB  6 break  5 stick  4 even  3 parity  2 stop  1:0 len
 *   4  MCR    4 LOOP  3 OUT2  2 OUT1  1 RTS  0 DTR
 *   5  LSR    7 RXFIFO error  6 TEMT  5 THRE  4 BI  3 FE  2 PE  1 OE  0 DR
 *   6  MSR    7 DCD  6 RI  5 DSR  4 CTS  3 DDCD  2 TERI  1 DDSR  0 DCTS
 *   7  SCR    scratch
 *
 *   IER  3 modem status  2 line status  1 THR empty  0 rx data
 *   FCR  7:6 rx trigger (1, 4, 8, 14)  3 DMA  2 tx reset  1 rx reset  0 on
 *   IIR  7:6 FIFOs on  3:1 source  0 no interrupt pending; sources by
 *        priority: 011 line status, 010 rx data / 110 char timeout,
 *        001 THR empty, 000 modem status
 *
 * Transmission takes no time: a THR write goes to the chardev at once and
 * THRE comes back at once unless the host side is full; then the bytes
 * wait in the TX FIFO and a watch on the chardev sends them when it can.
 */
#include "hw/char/serial-internal.h"
#include "util/log.h"

#define UART_BAUD_BASE 115200   /* 1.8432 MHz / 16: the rate at divisor 1 */

enum {
    REG_RBR_THR_DLL, REG_IER_DLM, REG_IIR_FCR, REG_LCR,
    REG_MCR, REG_LSR, REG_MSR, REG_SCR,
};

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

static bool serial_fifo_on(SerialState *s)
{
    return s->fcr & FCR_ENABLE;
}

static unsigned serial_capacity(SerialState *s)
{
    return serial_fifo_on(s) ? SERIAL_FIFO_SIZE : 1;
}

static unsigned serial_rx_trigger(SerialState *s)
{
    static const uint8_t levels[4] = { 1, 4, 8, 14 };

    return serial_fifo_on(s) ? levels[s->fcr >> 6] : 1;
}

/* The pending source of highest priority, as the IIR shows it. */
static uint8_t serial_iir(SerialState *s)
{
    uint8_t id = IIR_NO_INT;

    if ((s->ier & IER_RLSI) && (s->lsr & LSR_ERRORS)) {
        id = IIR_RLSI;
    } else if ((s->ier & IER_RDI) && s->rx_count >= serial_rx_trigger(s)) {
        id = IIR_RDI;
    } else if ((s->ier & IER_RDI) && s->timeout_ipending) {
        id = IIR_CTI;
    } else if ((s->ier & IER_THRI) && s->thr_ipending) {
        id = IIR_THRI;
    } else if ((s->ier & IER_MSI) && (s->msr & MSR_DELTAS)) {
        id = IIR_MSI;
    }
    return id | (serial_fifo_on(s) ? IIR_FIFOS : 0);
}

void serial_update_irq(SerialState *s)
{
    irq_set(s->irq, !(serial_iir(s) & IIR_NO_INT));
}

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
static void serial_rx_push(SerialState *s, uint8_t byte)
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

static void serial_write_thr(SerialState *s, uint8_t byte)
{
    /*
     * Data bits are not masked to LCR's word length: a guest that never
     * programs LCR (reset value: 5 bits) still gets its bytes out whole.
     */
    if (s->mcr & MCR_LOOP) {
        serial_rx_push(s, byte);
        s->lsr |= LSR_THRE | LSR_TEMT;
        s->thr_ipending = true;
        serial_arm_timeout(s);
        serial_update_irq(s);
        return;
    }
    if (s->tx_count >= serial_capacity(s)) {
        vireo_log_mask(LOG_GUEST_ERROR,
                       "serial: THR written with the TX FIFO full, "
                       "byte 0x%02x dropped\n", byte);
        return;
    }
    s->tx_fifo[(s->tx_head + s->tx_count) % SERIAL_FIFO_SIZE] = byte;
    s->tx_count++;
    s->lsr &= ~(LSR_THRE | LSR_TEMT);
    s->thr_ipending = false;
    serial_xmit(s);
}

static uint8_t serial_read_rbr(SerialState *s)
{
    bool was_full = s->rx_count >= serial_capacity(s);
    uint8_t byte;

    if (!s->rx_count) {
        return 0;
    }
    byte = s->rx_fifo[s->rx_head];
    s->rx_head = (s->rx_head + 1) % SERIAL_FIFO_SIZE;
    if (!--s->rx_count) {
        s->lsr &= ~LSR_DR;
        s->rx_head = 0;
    }
    s->timeout_ipending = false;
    serial_arm_timeout(s);
    serial_update_irq(s);
    if (was_full) {
        chr_fe_accept_input(&s->chr);
    }
    return byte;
}

/* Recompute MSR's lines (and their change bits) from MCR. */
void serial_update_msr(SerialState *s)
{
    uint8_t now = MSR_CTS | MSR_DSR | MSR_DCD;  /* a terminal is attached */
    uint8_t changed, deltas = 0;

    if (s->mcr & MCR_LOOP) {
        now = ((s->mcr & MCR_RTS) ? MSR_CTS : 0) |
              ((s->mcr & MCR_DTR) ? MSR_DSR : 0) |
              ((s->mcr & MCR_OUT1) ? MSR_RI : 0) |
              ((s->mcr & MCR_OUT2) ? MSR_DCD : 0);
    }
    changed = (s->msr ^ now) & 0xf0;
    deltas |= (changed & MSR_CTS) ? MSR_DCTS : 0;
    deltas |= (changed & MSR_DSR) ? MSR_DDSR : 0;
    deltas |= (changed & MSR_DCD) ? MSR_DDCD : 0;
    deltas |= ((s->msr & MSR_RI) && !(now & MSR_RI)) ? MSR_TERI : 0;
    s->msr = now | (s->msr & MSR_DELTAS) | deltas;
}

static void serial_rx_reset(SerialState *s)
{
    s->rx_count = s->rx_head = 0;
    s->lsr &= ~(LSR_DR | LSR_RXFERR);
    s->timeout_ipending = false;
    serial_arm_timeout(s);
    chr_fe_accept_input(&s->chr);
}

static void serial_tx_reset(SerialState *s)
{
    s->tx_count = s->tx_head = 0;
    if (!(s->lsr & LSR_THRE)) {
        s->lsr |= LSR_THRE | LSR_TEMT;
        s->thr_ipending = true;
    }
}

static void serial_write_fcr(SerialState *s, uint8_t val)
{
    /* Turning the FIFOs on or off empties them. */
    if ((val ^ s->fcr) & FCR_ENABLE) {
        s->fcr = val & FCR_ENABLE;
        serial_rx_reset(s);
        serial_tx_reset(s);
    }
    if (!(val & FCR_ENABLE)) {
        s->fcr = 0;     /* the other bits are only written with bit 0 */
        return;
    }
    if (val & FCR_RX_RESET) {
        serial_rx_reset(s);
    }
    if (val & FCR_TX_RESET) {
        serial_tx_reset(s);
    }
    s->fcr = val & (FCR_ENABLE | FCR_DMA | FCR_TRIGGER);
}

uint8_t serial_reg_read(SerialState *s, unsigned reg)
{
    bool dlab = s->lcr & LCR_DLAB;
    uint8_t val;

    switch (reg) {
    case REG_RBR_THR_DLL:
        return dlab ? s->divider & 0xff : serial_read_rbr(s);
    case REG_IER_DLM:
        return dlab ? s->divider >> 8 : s->ier;
    case REG_IIR_FCR:
        val = serial_iir(s);
        /* Reading IIR while it shows THR empty acknowledges it. */
        if ((val & 0x0f) == IIR_THRI) {
            s->thr_ipending = false;
            serial_update_irq(s);
        }
        return val;
    case REG_LCR:
        return s->lcr;
    case REG_MCR:
        return s->mcr;
    case REG_LSR:
        val = s->lsr;
        s->lsr &= ~(LSR_ERRORS | LSR_RXFERR);
        serial_update_irq(s);
        return val;
    case REG_MSR:
        val = s->msr;
        s->msr &= ~MSR_DELTAS;
        serial_update_irq(s);
        return val;
    case REG_SCR:
        return s->scr;
    default:
        vireo_log_mask(LOG_GUEST_ERROR, "serial: read of register %u\n",
                       reg);
        return 0;
    }
}

void serial_reg_write(SerialState *s, unsigned reg, uint8_t val)
{
    bool dlab = s->lcr & LCR_DLAB;
    uint8_t old;

    switch (reg) {
    case REG_RBR_THR_DLL:
        if (dlab) {
            s->divider = (s->divider & 0xff00) | val;
        } else {
            serial_write_thr(s, val);
        }
        return;
    case REG_IER_DLM:
        if (dlab) {
            s->divider = (s->divider & 0x00ff) | (val << 8);
            return;
        }
        old = s->ier;
        s->ier = val & 0x0f;
        /* Enabling the THRE interrupt with THR empty raises it at once. */
        if ((s->ier & IER_THRI) && !(old & IER_THRI)) {
            s->thr_ipending = s->lsr & LSR_THRE;
        } else if (!(s->ier & IER_THRI)) {
            s->thr_ipending = false;
        }
        break;
    case REG_IIR_FCR:
        serial_write_fcr(s, val);
        break;
    case REG_LCR:
        s->lcr = val;
        break;
    case REG_MCR:
        old = s->mcr;
        s->mcr = val & 0x1f;
        serial_update_msr(s);
        if ((old & MCR_LOOP) && !(s->mcr & MCR_LOOP)) {
            chr_fe_accept_input(&s->chr);
        }
        break;
    case REG_SCR:
        s->scr = val;
        return;
    default:
        vireo_log_mask(LOG_GUEST_ERROR,
                       "serial: write 0x%02x to read-only register %u\n",
                       val, reg);
        return;
    }
    serial_update_irq(s);
}

void serial_reset_regs(SerialState *s)
{
    s->divider = 12;    /* 9600 baud, what firmware finds before it sets up */
    s->ier = s->fcr = s->lcr = s->mcr = s->scr = 0;
    s->lsr = LSR_THRE | LSR_TEMT;
    s->msr = 0;
    serial_update_msr(s);
    s->msr &= ~MSR_DELTAS;
    s->rx_head = s->rx_count = s->tx_head = s->tx_count = 0;
    s->thr_ipending = s->timeout_ipending = false;
    serial_arm_timeout(s);
    serial_update_irq(s);
    chr_fe_accept_input(&s->chr);   /* out of loopback, FIFO empty */
}
