/*
 * hw/char/serial*.c: the NS16550A driven through its registers in a test
 * address space, its IRQ recorded, its chardev one end of a socketpair
 * whose other end the test reads and writes as the host would.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "chardev/char-backend.h"
#include "hw/char/serial.h"
#include "hw/char/serial-internal.h"
#include "hw/core/vmstate.h"
#include "util/error.h"
#include "util/log.h"
#include "util/timer.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#define BASE 0x3f8
#define BASE2 0x1000    /* a second UART, when a test needs one */

enum { RBR, IER, IIR, LCR, MCR, LSR, MSR, SCR };
#define THR RBR
#define FCR IIR
#define DLL RBR
#define DLM IER

static MemoryRegion root;
static AddressSpace as;
static int host_fd;         /* the test's end of the socketpair */
static int uart_fd;         /* the chardev's end */
static Chardev *chr;
static DeviceState *dev;
static IRQLine *irq;
static int irq_level;
static int irq_raises;
static int64_t fake_now;

static void record_irq(void *opaque, int n, int level)
{
    if (level && !irq_level) {
        irq_raises++;
    }
    irq_level = level;
}

static int64_t fake_clock(void *opaque)
{
    return fake_now;
}

static void setup(void)
{
    int sv[2];
    GError *err = NULL;

    vireo_loglevel = 0;
    memory_region_init(&root, NULL, "test-root", 0x10000);
    address_space_init(&as, &root, "test");
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    host_fd = sv[1];
    uart_fd = sv[0];
    chr = chardev_fd_new("uart0", sv[0], sv[0], &err);
    ck_assert_ptr_null(err);
    irq = irq_new(record_irq, NULL, 0);
    irq_level = irq_raises = 0;
    dev = serial_create(&root, BASE, 0, irq, chr, &err);
    ck_assert_ptr_null(err);
    ck_assert_ptr_nonnull(dev);
    fake_now = 0;
    clock_virtual_set_source(fake_clock, NULL);
    clock_virtual_set_running(true);
}

static void teardown(void)
{
    object_unparent(OBJECT(dev));
    chardev_free(chr);
    close(host_fd);
    irq_free(irq);
    address_space_destroy(&as);
    memory_region_unref(&root);
}

static void wr_at(hwaddr base, unsigned reg, uint8_t val)
{
    address_space_stb(&as, base + reg, val, MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint8_t rd_at(hwaddr base, unsigned reg)
{
    return address_space_ldub(&as, base + reg, MEMTXATTRS_UNSPECIFIED, NULL);
}

static void wr(unsigned reg, uint8_t val)
{
    wr_at(BASE, reg, val);
}

static uint8_t rd(unsigned reg)
{
    return rd_at(BASE, reg);
}

/* Let the main loop move bytes between the socket and the UART. */
static void pump(void)
{
    for (int i = 0; i < 20; i++) {
        g_main_context_iteration(NULL, FALSE);
    }
}

static void host_send(const char *bytes, int len)
{
    ck_assert_int_eq(write(host_fd, bytes, len), len);
    pump();
}

/* What the UART has sent so far (up to max bytes), without waiting. */
static int host_recv(char *buf, int max)
{
    int n = recv(host_fd, buf, max, MSG_DONTWAIT);

    return n < 0 ? 0 : n;
}

/* Bytes the host sent that the chardev has not read yet. */
static int unread_by_uart(void)
{
    int n = -1;

    ck_assert_int_eq(ioctl(uart_fd, FIONREAD, &n), 0);
    return n;
}

static void wait_thre_and_send(uint8_t byte)
{
    int spins = 0;

    while (!(rd(LSR) & 0x20)) {
        ck_assert_int_lt(++spins, 1000);
        pump();
    }
    wr(THR, byte);
}

START_TEST(transmit_reaches_chardev)
{
    const char *msg = "hello\n";
    char buf[16] = { 0 };

    ck_assert_int_eq(rd(LSR), 0x60);       /* THRE | TEMT at reset */
    for (const char *p = msg; *p; p++) {
        wait_thre_and_send(*p);
    }
    ck_assert_int_eq(host_recv(buf, sizeof(buf) - 1), 6);
    ck_assert_str_eq(buf, msg);
    ck_assert_int_eq(rd(LSR) & 0x60, 0x60);
    ck_assert_int_eq(irq_raises, 0);       /* no interrupts enabled */
}
END_TEST

START_TEST(bytes_go_out_whole)
{
    char c = 0;

    /* LCR says 5 data bits at reset; unprogrammed guests still print. */
    wr(THR, 0xff);
    ck_assert_int_eq(host_recv(&c, 1), 1);
    ck_assert_int_eq((uint8_t)c, 0xff);
}
END_TEST

START_TEST(receive_without_fifo)
{
    ck_assert_int_eq(rd(LSR) & 0x01, 0);
    host_send("ab", 2);
    /* One byte of holding register: the second waits in the socket. */
    ck_assert_int_eq(rd(LSR) & 0x01, 0x01);
    ck_assert_int_eq(unread_by_uart(), 1);
    ck_assert_int_eq(rd(RBR), 'a');
    pump();
    ck_assert_int_eq(rd(RBR), 'b');
    ck_assert_int_eq(rd(LSR) & 0x03, 0);    /* no DR, no overrun */
    ck_assert_int_eq(rd(RBR), 0);           /* empty reads harmlessly */
}
END_TEST

START_TEST(receive_trigger_levels)
{
    static const struct { uint8_t fcr; int level; } t[] = {
        { 0x01, 1 }, { 0x41, 4 }, { 0x81, 8 }, { 0xc1, 14 },
    };
    char data[16];

    memset(data, 'x', sizeof(data));
    wr(IER, 0x01);
    for (size_t i = 0; i < G_N_ELEMENTS(t); i++) {
        wr(FCR, t[i].fcr | 0x02);           /* also empty the RX FIFO */
        if (t[i].level > 1) {
            host_send(data, t[i].level - 1);
            ck_assert_msg(!irq_level, "below level %d", t[i].level);
            ck_assert_int_eq(rd(IIR), 0xc1);
        }
        host_send(data, 1);
        ck_assert_msg(irq_level, "at level %d", t[i].level);
        ck_assert_int_eq(rd(IIR), 0xc4);
        ck_assert_int_eq(rd(RBR), 'x');     /* one below the level again */
        ck_assert(!irq_level);
    }
    ck_assert_int_eq(rd(FCR) & 0xc0, 0xc0);
}
END_TEST

START_TEST(character_timeout)
{
    wr(LCR, 0x03);                          /* 8N1 */
    wr(FCR, 0x81);                          /* FIFO, trigger 8 */
    wr(IER, 0x01);
    host_send("ab", 2);
    ck_assert(!irq_level);
    /* 9600 8N1: 10 bits at 9600 baud, four characters: ~4.2 ms. */
    fake_now += 4000000;
    timerlist_run_timers(VIREO_CLOCK_VIRTUAL);
    ck_assert(!irq_level);
    fake_now += 300000;
    timerlist_run_timers(VIREO_CLOCK_VIRTUAL);
    ck_assert(irq_level);
    ck_assert_int_eq(rd(IIR), 0xcc);
    ck_assert_int_eq(rd(RBR), 'a');         /* a read clears the timeout */
    ck_assert(!irq_level);
    ck_assert_int_eq(rd(IIR), 0xc1);
    fake_now += 5000000;                    /* and restarts it */
    timerlist_run_timers(VIREO_CLOCK_VIRTUAL);
    ck_assert_int_eq(rd(IIR), 0xcc);
    ck_assert_int_eq(rd(RBR), 'b');
    fake_now += 5000000;                    /* empty: nothing to time out */
    timerlist_run_timers(VIREO_CLOCK_VIRTUAL);
    ck_assert(!irq_level);
}
END_TEST

START_TEST(iir_priorities)
{
    wr(IER, 0x0f);
    ck_assert_int_eq(rd(IIR), 0x02);        /* THRE at once, then acked */
    wr(MCR, 0x10);      /* loopback: CTS, DSR, DCD drop -> MSR deltas */
    wr(THR, 'x');       /* into RX, THR empty again */
    wr(THR, 'y');       /* RBR still full: overrun */
    ck_assert(irq_level);
    ck_assert_int_eq(rd(IIR), 0x06);        /* line status first */
    ck_assert_int_eq(rd(LSR) & 0x03, 0x03); /* OE | DR, OE now cleared */
    ck_assert_int_eq(rd(IIR), 0x04);        /* then received data */
    ck_assert_int_eq(rd(RBR), 'x');
    ck_assert_int_eq(rd(IIR), 0x02);        /* then THR empty (acked) */
    ck_assert_int_eq(rd(IIR), 0x00);        /* then modem status */
    ck_assert(irq_level);
    ck_assert_int_eq(rd(MSR), 0x0b);        /* DDCD, DDSR, DCTS */
    ck_assert_int_eq(rd(IIR), 0x01);
    ck_assert(!irq_level);
}
END_TEST

START_TEST(disabled_sources_stay_quiet)
{
    wr(MCR, 0x10);
    wr(THR, 'x');
    wr(THR, 'y');
    ck_assert_int_eq(rd(IIR), 0x01);
    ck_assert(!irq_level);
    ck_assert_int_eq(irq_raises, 0);
    wr(IER, 0x04);
    ck_assert_int_eq(rd(IIR), 0x06);
    wr(IER, 0x00);
    ck_assert(!irq_level);
}
END_TEST

START_TEST(thre_interrupt_raise_and_clear)
{
    char buf[4];

    wr(IER, 0x02);
    ck_assert(irq_level);                   /* enabled with THR empty */
    ck_assert_int_eq(rd(IIR), 0x02);
    ck_assert(!irq_level);                  /* reading IIR acknowledged */
    ck_assert_int_eq(rd(IIR), 0x01);
    wr(THR, 'a');                           /* sent at once: empty again */
    ck_assert(irq_level);
    ck_assert_int_eq(irq_raises, 2);
    ck_assert_int_eq(host_recv(buf, sizeof(buf)), 1);
    wr(IER, 0x00);
    ck_assert(!irq_level);
    wr(IER, 0x02);
    ck_assert(irq_level);
}
END_TEST

/* Fill the socket until the chardev's writes would block. */
static int fill_socket(void)
{
    char junk[4096];
    int total = 0;

    memset(junk, '.', sizeof(junk));
    for (;;) {
        int n = write(uart_fd, junk, sizeof(junk));
        if (n < 0) {
            ck_assert_int_eq(errno, EAGAIN);
            return total;
        }
        total += n;
    }
}

START_TEST(transmit_waits_for_a_full_host)
{
    int filled, got = 0;
    char buf[4096];

    wr(FCR, 0x01);
    wr(IER, 0x02);
    ck_assert_int_eq(rd(IIR), 0xc2);
    filled = fill_socket();
    wr(THR, 'A');
    wr(THR, 'B');
    /* Held in the TX FIFO: THRE clear, its interrupt cleared by the write */
    ck_assert_int_eq(rd(LSR) & 0x60, 0);
    ck_assert(!irq_level);
    pump();
    ck_assert_int_eq(rd(LSR) & 0x60, 0);
    /* The host drains; the watch sends the rest and THRE comes back. */
    while (got < filled) {
        int n = host_recv(buf, sizeof(buf));
        ck_assert_int_gt(n, 0);
        got += n;
    }
    pump();
    ck_assert_int_eq(rd(LSR) & 0x60, 0x60);
    ck_assert(irq_level);
    ck_assert_int_eq(host_recv(buf, sizeof(buf)), 2);
    ck_assert_int_eq(memcmp(buf, "AB", 2), 0);
}
END_TEST

START_TEST(thr_write_with_full_fifo_is_dropped)
{
    int filled, got = 0;
    char buf[4096];

    vireo_loglevel = LOG_GUEST_ERROR;
    ck_assert(vireo_log_set_file("/dev/null", NULL));
    wr(FCR, 0x01);
    filled = fill_socket();
    for (int i = 0; i < 17; i++) {
        wr(THR, 'a' + i);                   /* the 17th does not fit */
    }
    while (got < filled) {
        int n = host_recv(buf, sizeof(buf));
        ck_assert_int_gt(n, 0);
        got += n;
    }
    pump();
    ck_assert_int_eq(host_recv(buf, sizeof(buf)), 16);
    ck_assert_int_eq(buf[15], 'p');
}
END_TEST

START_TEST(loopback)
{
    char buf[4];

    wr(MCR, 0x1f);                          /* loop, OUT2, OUT1, RTS, DTR */
    ck_assert_int_eq(rd(MSR) & 0xf0, 0xf0);
    wr(MCR, 0x10);
    ck_assert_int_eq(rd(MSR), 0x0f);        /* all four dropped */
    wr(THR, 'z');
    ck_assert_int_eq(host_recv(buf, sizeof(buf)), 0);   /* not on the line */
    ck_assert_int_eq(rd(RBR), 'z');
    /* Line input waits while looped back ... */
    host_send("q", 1);
    ck_assert_int_eq(rd(LSR) & 0x01, 0);
    ck_assert_int_eq(unread_by_uart(), 1);
    /* ... and arrives once the loop is opened. */
    wr(MCR, 0x00);
    pump();
    ck_assert_int_eq(rd(RBR), 'q');
    ck_assert_int_eq(rd(MSR) & 0xf0, 0xb0); /* CTS, DSR, DCD again */
}
END_TEST

START_TEST(ring_indicator_trailing_edge)
{
    wr(MCR, 0x14);                          /* loop + OUT1 -> RI */
    ck_assert_int_eq(rd(MSR) & 0x40, 0x40);
    wr(MCR, 0x10);
    ck_assert_int_eq(rd(MSR) & 0x44, 0x04); /* TERI */
    ck_assert_int_eq(rd(MSR) & 0x0f, 0);    /* deltas clear on read */
}
END_TEST

START_TEST(divisor_latch)
{
    char buf[4];

    wr(LCR, 0x83);
    ck_assert_int_eq(rd(DLL), 12);          /* 9600 baud at reset */
    ck_assert_int_eq(rd(DLM), 0);
    wr(DLL, 0x01);
    wr(DLM, 0x02);
    ck_assert_int_eq(rd(DLL), 0x01);
    ck_assert_int_eq(rd(DLM), 0x02);
    ck_assert_int_eq(host_recv(buf, sizeof(buf)), 0);   /* not THR */
    wr(LCR, 0x03);
    ck_assert_int_eq(rd(IER), 0);           /* IER untouched by DLM */
    wr(IER, 0x05);
    ck_assert_int_eq(rd(IER), 0x05);
    wr(LCR, 0x83);
    ck_assert_int_eq(rd(DLM), 0x02);
    ck_assert_int_eq(rd(LCR), 0x83);
}
END_TEST

START_TEST(overrun_in_fifo_mode)
{
    wr(FCR, 0x01);
    wr(MCR, 0x10);
    for (int i = 0; i < 17; i++) {
        wr(THR, 'a' + i);
    }
    ck_assert_int_eq(rd(LSR) & 0x03, 0x03);
    ck_assert_int_eq(rd(LSR) & 0x03, 0x01); /* OE cleared by the read */
    for (int i = 0; i < 16; i++) {
        ck_assert_int_eq(rd(RBR), 'a' + i); /* the FIFO kept; 'q' lost */
    }
    ck_assert_int_eq(rd(LSR) & 0x01, 0);
}
END_TEST

START_TEST(break_event)
{
    wr(FCR, 0x01);
    wr(IER, 0x04);
    chardev_be_event(chr, CHR_EVENT_BREAK);
    ck_assert(irq_level);
    ck_assert_int_eq(rd(IIR), 0xc6);
    ck_assert_int_eq(rd(LSR) & 0x91, 0x91); /* RXFERR, BI, DR */
    ck_assert(!irq_level);
    ck_assert_int_eq(rd(LSR) & 0x91, 0x01);
    ck_assert_int_eq(rd(RBR), 0);
}
END_TEST

START_TEST(flow_control)
{
    char data[20];

    for (int i = 0; i < 20; i++) {
        data[i] = 'A' + i;
    }
    wr(FCR, 0x01);
    host_send(data, 20);
    /* Sixteen taken, four left in the socket, no overrun. */
    ck_assert_int_eq(unread_by_uart(), 4);
    ck_assert_int_eq(rd(LSR) & 0x03, 0x01);
    ck_assert_int_eq(rd(RBR), 'A');
    pump();
    ck_assert_int_eq(unread_by_uart(), 3);
    for (int i = 1; i < 20; i++) {
        ck_assert_int_eq(rd(RBR), 'A' + i);
        pump();
    }
    ck_assert_int_eq(rd(LSR) & 0x03, 0);
    ck_assert_int_eq(unread_by_uart(), 0);
}
END_TEST

START_TEST(fifo_reset_and_disable)
{
    wr(FCR, 0x01);
    host_send("abc", 3);
    wr(FCR, 0x03);                          /* RX reset */
    ck_assert_int_eq(rd(LSR) & 0x01, 0);
    host_send("d", 1);
    wr(FCR, 0x00);                          /* FIFOs off: emptied */
    ck_assert_int_eq(rd(LSR) & 0x01, 0);
    ck_assert_int_eq(rd(IIR) & 0xc0, 0);
    wr(FCR, 0xc0);                          /* without bit 0: ignored */
    ck_assert_int_eq(rd(IIR) & 0xc0, 0);
}
END_TEST

static SerialState *serial_of(DeviceState *d)
{
    return SERIAL(d);
}

START_TEST(save_restore_round_trip)
{
    const VMStateDescription *vmsd = DEVICE_GET_CLASS(dev)->vmsd;
    g_autoptr(GByteArray) a = g_byte_array_new();
    g_autoptr(GByteArray) b = g_byte_array_new();
    GError *err = NULL;
    DeviceState *dev2;

    wr(LCR, 0x80);
    wr(DLL, 3);
    wr(LCR, 0x1b);
    wr(SCR, 0x5a);
    wr(FCR, 0x41);
    wr(IER, 0x05);
    wr(MCR, 0x13);
    wr(THR, 'r');
    wr(THR, 's');
    wr(MCR, 0x03);
    ck_assert(vmstate_save(vmsd, dev, a, &err));

    dev2 = serial_create(&root, BASE2, 0, NULL, NULL, &err);
    ck_assert_ptr_nonnull(dev2);
    ck_assert(vmstate_load(vmsd, dev2, a->data, a->len,
                           VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_ptr_null(err);
    ck_assert(vmstate_save(vmsd, dev2, b, &err));
    ck_assert_int_eq(a->len, b->len);
    ck_assert_int_eq(memcmp(a->data, b->data, a->len), 0);
    /* And the restored UART behaves as the original. */
    ck_assert_int_eq(rd_at(BASE2, SCR), 0x5a);
    ck_assert_int_eq(rd_at(BASE2, LCR), 0x1b);
    ck_assert_int_eq(rd_at(BASE2, IER), 0x05);
    ck_assert_int_eq(rd_at(BASE2, RBR), 'r');
    ck_assert_int_eq(rd_at(BASE2, RBR), 's');
    ck_assert_int_eq(rd_at(BASE2, LSR) & 0x01, 0);
    wr_at(BASE2, LCR, 0x9b);
    ck_assert_int_eq(rd_at(BASE2, DLL), 3);
    object_unparent(OBJECT(dev2));
}
END_TEST

START_TEST(restore_rejects_bad_fifo_state)
{
    const VMStateDescription *vmsd = DEVICE_GET_CLASS(dev)->vmsd;
    g_autoptr(GByteArray) a = g_byte_array_new();
    GError *err = NULL;
    DeviceState *dev2 = serial_create(&root, BASE2, 0, NULL, NULL, &err);

    serial_of(dev)->rx_count = 200;         /* what a corrupt file says */
    ck_assert(vmstate_save(vmsd, dev, a, &err));
    serial_of(dev)->rx_count = 0;
    ck_assert(!vmstate_load(vmsd, dev2, a->data, a->len,
                            VMSTATE_VERSION_FROM_STREAM, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "FIFO state"));
    g_error_free(err);
    object_unparent(OBJECT(dev2));
}
END_TEST

START_TEST(bad_accesses_are_harmless)
{
    MemTxResult r;
    uint32_t v;

    vireo_loglevel = LOG_GUEST_ERROR;
    ck_assert(vireo_log_set_file("/dev/null", NULL));
    wr(SCR, 0x77);
    /* Byte registers: a wider access is refused and reads 0. */
    v = address_space_ldl_le(&as, BASE + 4, MEMTXATTRS_UNSPECIFIED, &r);
    ck_assert_int_eq(r, MEMTX_ACCESS_ERROR);
    ck_assert_uint_eq(v, 0);
    address_space_stw_le(&as, BASE, 0x4141, MEMTXATTRS_UNSPECIFIED, &r);
    ck_assert_int_eq(r, MEMTX_ACCESS_ERROR);
    /* LSR and MSR are read-only. */
    wr(LSR, 0x00);
    wr(MSR, 0x00);
    ck_assert_int_eq(rd(LSR), 0x60);
    ck_assert_int_eq(rd(MSR) & 0xf0, 0xb0);
    ck_assert_int_eq(rd(SCR), 0x77);
    ck_assert(!irq_level);
}
END_TEST

START_TEST(wide_register_slots)
{
    GError *err = NULL;
    DeviceState *le, *be;
    MemTxResult r;

    vireo_loglevel = LOG_GUEST_ERROR;
    ck_assert(vireo_log_set_file("/dev/null", NULL));
    le = serial_create(&root, 0x2000, 2, NULL, NULL, &err);
    ck_assert_ptr_nonnull(le);
    ck_assert_uint_eq(memory_region_size(
        sysbus_mmio_get_region(SYS_BUS_DEVICE(le), 0)), 32);
    address_space_stl_le(&as, 0x2000 + 7 * 4, 0x1234, MEMTXATTRS_UNSPECIFIED,
                         &r);
    ck_assert_int_eq(r, MEMTX_OK);
    ck_assert_int_eq(rd_at(0x2000, 7 * 4), 0x34);
    ck_assert_int_eq(rd_at(0x2000, 7 * 4 + 1), 0);  /* not the register */
    ck_assert_uint_eq(address_space_ldl_le(&as, 0x2000 + 5 * 4,
                                           MEMTXATTRS_UNSPECIFIED, &r), 0x60);
    ck_assert_uint_eq(address_space_lduw_le(&as, 0x2000 + 5 * 4,
                                            MEMTXATTRS_UNSPECIFIED, &r), 0x60);

    be = DEVICE(object_new(TYPE_SERIAL));
    ck_assert(object_property_set_uint(OBJECT(be), "regshift", 2, NULL));
    ck_assert(object_property_set_str(OBJECT(be), "endianness", "big",
                                      NULL));
    ck_assert(qdev_realize_and_unref(be, &err));
    sysbus_mmio_map_into(SYS_BUS_DEVICE(be), 0, &root, 0x3000);
    wr_at(0x3000, 7 * 4 + 3, 0x99);                 /* the low byte */
    ck_assert_uint_eq(address_space_ldl_be(&as, 0x3000 + 7 * 4,
                                           MEMTXATTRS_UNSPECIFIED, &r), 0x99);
    ck_assert_int_eq(rd_at(0x3000, 7 * 4), 0);
    object_unparent(OBJECT(le));
    object_unparent(OBJECT(be));
}
END_TEST

START_TEST(realize_errors)
{
    GError *err = NULL;
    DeviceState *d;

    ck_assert_ptr_null(serial_create(&root, BASE2, 3, NULL, NULL, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "regshift"));
    g_clear_error(&err);

    /* uart0 already has its frontend. */
    ck_assert_ptr_null(serial_create(&root, BASE2, 0, NULL, chr, &err));
    ck_assert_ptr_nonnull(strstr(err->message, "in use"));
    g_clear_error(&err);

    d = DEVICE(object_new(TYPE_SERIAL));
    ck_assert(object_property_set_str(OBJECT(d), "chardev", "nope", NULL));
    ck_assert(!qdev_realize(d, &err));
    ck_assert(g_error_matches(err, VIREO_ERROR, VIREO_ERROR_NOT_FOUND));
    ck_assert_ptr_nonnull(strstr(err->message, "'nope'"));
    g_clear_error(&err);
    ck_assert(!d->realized);
    object_unref(d);
    ck_assert(!DEVICE_GET_CLASS(dev)->user_creatable);
}
END_TEST

START_TEST(reset_restores_power_on_state)
{
    wr(FCR, 0x01);
    wr(IER, 0x02);
    wr(LCR, 0x03);
    wr(SCR, 0x11);
    wr(MCR, 0x10);
    wr(THR, 'a');
    ck_assert(irq_level);
    device_reset(dev);
    ck_assert(!irq_level);
    ck_assert_int_eq(rd(IER), 0);
    ck_assert_int_eq(rd(IIR), 0x01);
    ck_assert_int_eq(rd(LCR), 0);
    ck_assert_int_eq(rd(MCR), 0);
    ck_assert_int_eq(rd(LSR), 0x60);
    ck_assert_int_eq(rd(MSR), 0xb0);
    ck_assert_int_eq(rd(SCR), 0);
}
END_TEST

static Suite *serial_suite(void)
{
    Suite *s = suite_create("serial");
    TCase *tc = tcase_create("ns16550a");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, transmit_reaches_chardev);
    tcase_add_test(tc, bytes_go_out_whole);
    tcase_add_test(tc, receive_without_fifo);
    tcase_add_test(tc, receive_trigger_levels);
    tcase_add_test(tc, character_timeout);
    tcase_add_test(tc, iir_priorities);
    tcase_add_test(tc, disabled_sources_stay_quiet);
    tcase_add_test(tc, thre_interrupt_raise_and_clear);
    tcase_add_test(tc, transmit_waits_for_a_full_host);
    tcase_add_test(tc, thr_write_with_full_fifo_is_dropped);
    tcase_add_test(tc, loopback);
    tcase_add_test(tc, ring_indicator_trailing_edge);
    tcase_add_test(tc, divisor_latch);
    tcase_add_test(tc, overrun_in_fifo_mode);
    tcase_add_test(tc, break_event);
    tcase_add_test(tc, flow_control);
    tcase_add_test(tc, fifo_reset_and_disable);
    tcase_add_test(tc, save_restore_round_trip);
    tcase_add_test(tc, restore_rejects_bad_fifo_state);
    tcase_add_test(tc, bad_accesses_are_harmless);
    tcase_add_test(tc, wide_register_slots);
    tcase_add_test(tc, realize_errors);
    tcase_add_test(tc, reset_restores_power_on_state);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(serial_suite)
