/*
 * A bare-metal riscv64 guest for -M virt -bios none that drives a
 * virtio-blk device over virtio-mmio by hand and hands it malformed
 * requests and rings: loops, chains longer than the queue, buffers
 * outside RAM, bad indirect tables, writable/readable order, bad ring
 * addresses and queue sizes, kicks before DRIVER_OK, short headers, out
 * of range sectors, discard/write-zeroes with and without the feature.
 * Each case prints "BEGIN name" and then "PASS name" or "FAIL name: why"
 * on the UART; after a case that breaks the device, the guest resets it
 * and must read sector 0 correctly again. The finisher ends the run with
 * status 0 or the number of failed cases.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The host (test-blk-robust.py) fills the 1 MiB image with pat(offset)
 * and checks afterwards that only the sectors valid requests wrote (see
 * the SECTOR_* constants) changed.
 */
#include <stddef.h>
#include <stdint.h>

#define UART0 0x10000000UL
#define FINISHER 0x100000UL
#define VIRTIO_MMIO0 0x10001000UL
#define VIRTIO_STRIDE 0x1000UL
#define VIRTIO_SLOTS 8
#define OUTSIDE_RAM 0x400000000ULL      /* nothing is mapped there */
#define MROM 0x1000UL                   /* the boot ROM (reset stub) */
#define RAM_END 0x84000000UL            /* -m 64M */

/* virtio-mmio registers (Virtio 1.2, 4.2.2) */
enum {
    MAGIC = 0x000, VERSION = 0x004, DEVICE_ID = 0x008,
    DEV_FEATURES = 0x010, DEV_FEATURES_SEL = 0x014,
    DRV_FEATURES = 0x020, DRV_FEATURES_SEL = 0x024,
    QUEUE_SEL = 0x030, QUEUE_NUM_MAX = 0x034, QUEUE_NUM = 0x038,
    QUEUE_READY = 0x044, QUEUE_NOTIFY = 0x050,
    INT_STATUS = 0x060, INT_ACK = 0x064, STATUS = 0x070,
    QUEUE_DESC = 0x080, QUEUE_DRIVER = 0x090, QUEUE_DEVICE = 0x0a0,
    CONFIG = 0x100,
};

enum {
    S_ACK = 1, S_DRIVER = 2, S_DRIVER_OK = 4, S_FEATURES_OK = 8,
    S_NEEDS_RESET = 64,
};

#define F_DISCARD (1ULL << 13)
#define F_WRITE_ZEROES (1ULL << 14)
#define F_INDIRECT (1ULL << 28)
#define F_VERSION_1 (1ULL << 32)

enum { D_NEXT = 1, D_WRITE = 2, D_INDIRECT = 4 };
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11,
       T_WRITE_ZEROES = 13 };
enum { ST_OK = 0, ST_IOERR = 1, ST_UNSUPP = 2, ST_NONE = 0xff };

/* Sectors the host expects changed; everything else must be intact. */
#define SECTORS 2048
#define SECTOR_WRITTEN 8            /* one good write of 0xc3 */
#define SECTOR_VICTIM 16            /* target of every bad write */
#define SECTOR_DISCARD 64           /* 8 sectors discarded */
#define SECTOR_WZ 128               /* 8 sectors write-zeroed */
#define SECTOR_WZ_UNMAP 200         /* 8 sectors, WZ with UNMAP */
#define SECTOR_NOFEAT 300           /* discard/WZ without the feature */

#define QMAX 16
#define TICKS_PER_SEC 10000000ULL   /* the virt board's timebase */

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};

struct blk_hdr {
    uint32_t type, reserved;
    uint64_t sector;
};

struct discard_seg {
    uint64_t sector;
    uint32_t num, flags;
};

static struct desc ring_desc[QMAX] __attribute__((aligned(4096)));
static struct {
    uint16_t flags, idx, ring[QMAX], used_event;
} ring_avail __attribute__((aligned(4096)));
static struct {
    uint16_t flags, idx;
    struct { uint32_t id, len; } ring[QMAX];
    uint16_t avail_event;
} ring_used __attribute__((aligned(4096)));
static struct desc indirect[8] __attribute__((aligned(16)));
static struct desc indirect2[2] __attribute__((aligned(16)));

static struct blk_hdr hdr;
static struct discard_seg seg;
static uint8_t data[4096] __attribute__((aligned(4096)));
static volatile uint8_t status;

static uintptr_t dev;           /* the virtio-blk slot */
static uint64_t host_features;
static unsigned qnum;
static uint16_t last_used;
static unsigned failures;
static const char *cur;         /* the running case */
static int cur_failed;
static uint8_t status_at_error;  /* status byte when NEEDS_RESET came */

/* ---- output ---- */

static void putc_uart(char c)
{
    volatile uint8_t *u = (volatile uint8_t *)UART0;

    while (!(u[5] & 0x20)) {
    }
    u[0] = c;
}

static void puts_uart(const char *s)
{
    while (*s) {
        putc_uart(*s++);
    }
}

static void puthex(uint64_t v)
{
    int started = 0;

    puts_uart("0x");
    for (int i = 60; i >= 0; i -= 4) {
        unsigned d = (v >> i) & 15;
        if (d || started || i == 0) {
            started = 1;
            putc_uart("0123456789abcdef"[d]);
        }
    }
}

static void finish(unsigned code)
{
    volatile uint32_t *f = (volatile uint32_t *)FINISHER;

    *f = code ? 0x3333 | (code << 16) : 0x5555;
    for (;;) {
    }
}

void guest_trap(uint64_t cause, uint64_t epc, uint64_t tval)
{
    puts_uart("TRAP mcause=");
    puthex(cause);
    puts_uart(" mepc=");
    puthex(epc);
    puts_uart(" mtval=");
    puthex(tval);
    puts_uart("\n");
    finish(200);
}

static void fail(const char *why, uint64_t v)
{
    if (!cur_failed) {
        puts_uart("FAIL ");
        puts_uart(cur);
        puts_uart(": ");
        puts_uart(why);
        puts_uart(" ");
        puthex(v);
        puts_uart("\n");
        failures++;
    }
    cur_failed = 1;
}

/* ---- helpers ---- */

/* The compiler may call these for struct copies and clears. */
void *memset(void *p, int c, size_t n)
{
    volatile uint8_t *b = p;

    while (n--) {
        *b++ = c;
    }
    return p;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *o = d;
    const volatile uint8_t *i = s;

    while (n--) {
        *o++ = *i++;
    }
    return d;
}

static inline void mb(void)
{
    __asm__ volatile("fence rw, rw" ::: "memory");
}

static inline uint64_t now(void)
{
    uint64_t t;

    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

static inline void w32(unsigned reg, uint32_t v)
{
    mb();
    *(volatile uint32_t *)(dev + reg) = v;
    mb();
}

static inline uint32_t r32(unsigned reg)
{
    uint32_t v = *(volatile uint32_t *)(dev + reg);
    mb();
    return v;
}

static void w64(unsigned reg, uint64_t v)
{
    w32(reg, (uint32_t)v);
    w32(reg + 4, (uint32_t)(v >> 32));
}

/* The value the host wrote at byte offset off of the image. */
static uint8_t pat(uint64_t off)
{
    return (uint8_t)((off >> 9) * 31 + (off & 511) * 7 + 1);
}

/*
 * Reset and bring the device up with features (masked by what it offers)
 * and a queue of qn entries at our rings; stop before DRIVER_OK unless
 * driver_ok. Returns 0, or a description of what went wrong.
 */
static const char *dev_setup(uint64_t features, unsigned qn, int driver_ok)
{
    w32(STATUS, 0);
    if (r32(STATUS) != 0) {
        return "status not 0 after reset";
    }
    w32(INT_ACK, 3);
    w32(STATUS, S_ACK);
    w32(STATUS, S_ACK | S_DRIVER);
    w32(DEV_FEATURES_SEL, 0);
    host_features = r32(DEV_FEATURES);
    w32(DEV_FEATURES_SEL, 1);
    host_features |= (uint64_t)r32(DEV_FEATURES) << 32;
    features = (features | F_VERSION_1) & host_features;
    w32(DRV_FEATURES_SEL, 0);
    w32(DRV_FEATURES, (uint32_t)features);
    w32(DRV_FEATURES_SEL, 1);
    w32(DRV_FEATURES, (uint32_t)(features >> 32));
    w32(STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    if (!(r32(STATUS) & S_FEATURES_OK)) {
        return "FEATURES_OK refused";
    }
    memset(ring_desc, 0, sizeof(ring_desc));
    memset(&ring_avail, 0, sizeof(ring_avail));
    memset(&ring_used, 0, sizeof(ring_used));
    last_used = 0;
    qnum = qn;
    w32(QUEUE_SEL, 0);
    if (r32(QUEUE_NUM_MAX) < qn) {
        return "QueueNumMax too small";
    }
    w32(QUEUE_NUM, qn);
    w64(QUEUE_DESC, (uintptr_t)ring_desc);
    w64(QUEUE_DRIVER, (uintptr_t)&ring_avail);
    w64(QUEUE_DEVICE, (uintptr_t)&ring_used);
    w32(QUEUE_READY, 1);
    if (driver_ok) {
        w32(STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    }
    return 0;
}

static void set_desc(unsigned i, const volatile void *addr, uint32_t len,
                     uint16_t flags, uint16_t next)
{
    ring_desc[i] = (struct desc) { (uintptr_t)addr, len, flags, next };
}

/* Publish head in the available ring and kick (no kick if !kick). */
static void submit_head(uint16_t head, uint16_t advance, int kick)
{
    ring_avail.ring[ring_avail.idx % qnum] = head;
    mb();
    ring_avail.idx += advance;
    mb();
    if (kick) {
        w32(QUEUE_NOTIFY, 0);
    }
}

/*
 * Wait up to secs for a used entry (1), NEEDS_RESET (-1) or nothing (0).
 * A bounded wait, not a timing assertion: the outcome is what arrived.
 */
static int wait_device(unsigned secs)
{
    uint64_t end = now() + secs * TICKS_PER_SEC;

    do {
        mb();
        if (ring_used.idx != last_used) {
            last_used++;
            return 1;
        }
        if (r32(STATUS) & S_NEEDS_RESET) {
            return -1;
        }
    } while (now() < end);
    return 0;
}

static void prep_req(uint32_t type, uint64_t sector)
{
    hdr = (struct blk_hdr) { type, 0, sector };
    status = ST_NONE;
}

/* A well-formed request: header, optional data, status; its status. */
static int do_req(uint32_t type, uint64_t sector, void *buf, uint32_t len,
                  int buf_writable)
{
    unsigned n = 0;

    prep_req(type, sector);
    set_desc(n, &hdr, sizeof(hdr), D_NEXT, n + 1);
    n++;
    if (len) {
        set_desc(n, buf, len, D_NEXT | (buf_writable ? D_WRITE : 0), n + 1);
        n++;
    }
    set_desc(n, &status, 1, D_WRITE, 0);
    submit_head(0, 1, 1);
    if (wait_device(30) != 1) {
        return -1;
    }
    return status;
}

static void begin(const char *name)
{
    cur = name;
    cur_failed = 0;
    puts_uart("BEGIN ");
    puts_uart(name);
    puts_uart("\n");
}

static void end(void)
{
    if (!cur_failed) {
        puts_uart("PASS ");
        puts_uart(cur);
        puts_uart("\n");
    }
}

/* Read sector 0 and compare it with the host's pattern. */
static void check_good_read(const char *what)
{
    int st;

    memset(data, 0, 512);
    st = do_req(T_IN, 0, data, 512, 1);
    if (st != ST_OK) {
        fail(what, st);
        return;
    }
    for (unsigned i = 0; i < 512; i++) {
        if (data[i] != pat(i)) {
            fail("sector 0 reads wrong at", i);
            return;
        }
    }
}

/* After a broken request: reset, set up again, a good request works. */
static void recover(void)
{
    const char *e = dev_setup(F_INDIRECT, 8, 1);

    if (e) {
        fail(e, 0);
        return;
    }
    check_good_read("good read after reset failed, status");
}

/*
 * The device must answer what was just submitted with NEEDS_RESET and a
 * configuration change interrupt, and use no buffer.
 */
static void expect_needs_reset(void)
{
    int r = wait_device(30);
    uint32_t isr = r32(INT_STATUS);

    status_at_error = status;

    if (r != -1) {
        fail(r == 1 ? "request completed instead of NEEDS_RESET, status"
                    : "no NEEDS_RESET", r == 1 ? status : 0);
    } else if (!(isr & 2)) {
        fail("no configuration change interrupt, InterruptStatus", isr);
    } else if (ring_used.idx != last_used) {
        fail("a used entry appeared, used idx", ring_used.idx);
    }
    w32(INT_ACK, isr);
    recover();
}

/* One bad request built by the caller in descriptors from 0; kick. */
static void bad_chain(void)
{
    submit_head(0, 1, 1);
    expect_needs_reset();
}

static void expect_status(int got, int want)
{
    if (got != want) {
        fail(got < 0 ? "no completion" : "wrong status", (uint32_t)got);
    }
}

static void fill(uint8_t v, unsigned len)
{
    memset(data, v, len);
}

/* ---- the cases ---- */

static void case_loop(void)
{
    begin("chain-loop");
    prep_req(T_OUT, SECTOR_VICTIM);
    fill(0xee, 512);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, data, 512, D_NEXT, 0);
    bad_chain();
    end();
}

static void case_longer_than_queue(void)
{
    const char *e;

    begin("chain-longer-than-queue");
    e = dev_setup(F_INDIRECT, 4, 1);
    if (e) {
        fail(e, 0);
    }
    prep_req(T_OUT, SECTOR_VICTIM);
    fill(0xee, 512);
    /* 0 -> 1 -> 2 -> 3 -> 0: every descriptor once, then again */
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, data, 128, D_NEXT, 2);
    set_desc(2, data + 128, 128, D_NEXT, 3);
    set_desc(3, data + 256, 256, D_NEXT, 0);
    bad_chain();
    end();
}

static void case_next_outside(void)
{
    const char *e;

    begin("next-outside-table");
    e = dev_setup(F_INDIRECT, 4, 1);
    if (e) {
        fail(e, 0);
    }
    prep_req(T_OUT, SECTOR_VICTIM);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, data, 512, D_NEXT, 9);
    bad_chain();
    end();
}

static void case_buffer_outside_ram(void)
{
    begin("buffer-outside-ram");
    prep_req(T_OUT, SECTOR_VICTIM);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, (void *)(uintptr_t)OUTSIDE_RAM, 512, D_NEXT, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    bad_chain();
    end();

    begin("buffer-wraps-address-space");
    prep_req(T_IN, 0);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, (void *)(uintptr_t)0xfffffffffffffe00ULL, 1024,
             D_NEXT | D_WRITE, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    bad_chain();
    end();

    begin("status-outside-ram");
    prep_req(T_FLUSH, 0);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, (void *)(uintptr_t)OUTSIDE_RAM, 1, D_WRITE, 0);
    bad_chain();
    end();
}

static void case_indirect(void)
{
    const char *e;

    begin("indirect-without-feature");
    e = dev_setup(0, 8, 1);
    if (e) {
        fail(e, 0);
    }
    prep_req(T_IN, 0);
    indirect[0] = (struct desc) { (uintptr_t)&hdr, 16, D_NEXT, 1 };
    indirect[1] = (struct desc) { (uintptr_t)&status, 1, D_WRITE, 0 };
    set_desc(0, indirect, 2 * sizeof(struct desc), D_INDIRECT, 0);
    bad_chain();
    end();

    begin("indirect-bad-length");
    set_desc(0, indirect, 20, D_INDIRECT, 0);
    bad_chain();
    end();

    begin("indirect-empty");
    set_desc(0, indirect, 0, D_INDIRECT, 0);
    bad_chain();
    end();

    begin("indirect-nested");
    indirect2[0] = (struct desc) { (uintptr_t)&hdr, 16, D_NEXT, 1 };
    indirect2[1] = (struct desc) { (uintptr_t)&status, 1, D_WRITE, 0 };
    indirect[0] = (struct desc) { (uintptr_t)indirect2, 32, D_INDIRECT, 0 };
    set_desc(0, indirect, sizeof(struct desc), D_INDIRECT, 0);
    bad_chain();
    end();

    begin("indirect-and-next");
    indirect[0] = (struct desc) { (uintptr_t)&hdr, 16, D_NEXT, 1 };
    indirect[1] = (struct desc) { (uintptr_t)&status, 1, D_WRITE, 0 };
    set_desc(0, indirect, 2 * sizeof(struct desc), D_INDIRECT | D_NEXT, 1);
    set_desc(1, &status, 1, D_WRITE, 0);
    bad_chain();
    end();

    begin("indirect-table-outside-ram");
    set_desc(0, (void *)(uintptr_t)OUTSIDE_RAM, 32, D_INDIRECT, 0);
    bad_chain();
    end();

    begin("indirect-loop");
    prep_req(T_OUT, SECTOR_VICTIM);
    indirect[0] = (struct desc) { (uintptr_t)&hdr, 16, D_NEXT, 1 };
    indirect[1] = (struct desc) { (uintptr_t)data, 512, D_NEXT, 0 };
    set_desc(0, indirect, 2 * sizeof(struct desc), D_INDIRECT, 0);
    bad_chain();
    end();

    begin("indirect-good");
    prep_req(T_IN, 0);
    memset(data, 0, 512);
    indirect[0] = (struct desc) { (uintptr_t)&hdr, 16, D_NEXT, 1 };
    indirect[1] = (struct desc) { (uintptr_t)data, 512, D_NEXT | D_WRITE,
                                  2 };
    indirect[2] = (struct desc) { (uintptr_t)&status, 1, D_WRITE, 0 };
    set_desc(0, indirect, 3 * sizeof(struct desc), D_INDIRECT, 0);
    submit_head(0, 1, 1);
    expect_status(wait_device(30) == 1 ? status : -1, ST_OK);
    if (data[5] != pat(5)) {
        fail("indirect read got wrong data", data[5]);
    }
    end();
}

static void case_direction(void)
{
    int st;

    begin("read-into-device-readable-buffer");
    fill(0x77, 512);
    st = do_req(T_IN, 0, data, 512, 0);
    expect_status(st, ST_IOERR);
    for (unsigned i = 0; i < 512; i++) {
        if (data[i] != 0x77) {
            fail("device wrote into a device-readable buffer at", i);
            break;
        }
    }
    end();

    begin("readable-after-writable");
    prep_req(T_OUT, SECTOR_VICTIM);
    fill(0xee, 512);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, &status, 1, D_NEXT | D_WRITE, 2);
    set_desc(2, data, 512, 0, 0);
    bad_chain();
    end();

    begin("status-not-writable");
    prep_req(T_FLUSH, 0);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, &status, 1, 0, 0);
    bad_chain();
    if (status_at_error != ST_NONE) {
        fail("device wrote the read-only status byte", status_at_error);
    }
    end();

    begin("header-too-short");
    prep_req(T_OUT, SECTOR_VICTIM);
    set_desc(0, &hdr, 8, D_NEXT, 1);
    set_desc(1, &status, 1, D_WRITE, 0);
    bad_chain();
    end();
}

/* Ring addresses: the queue is set up normally, then one is bad. */
static void bad_ring(unsigned reg, const char *name)
{
    const char *e;

    begin(name);
    e = dev_setup(F_INDIRECT, 8, 0);
    if (e) {
        fail(e, 0);
    }
    w32(QUEUE_READY, 0);
    w64(reg, OUTSIDE_RAM);
    w32(QUEUE_READY, 1);
    w32(STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    prep_req(T_IN, 0);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, data, 512, D_NEXT | D_WRITE, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    bad_chain();
    end();
}

static void bad_size(unsigned qn, const char *name)
{
    begin(name);
    dev_setup(F_INDIRECT, 8, 0);
    w32(QUEUE_READY, 0);
    w32(QUEUE_NUM, qn);
    if (!(r32(STATUS) & S_NEEDS_RESET)) {
        fail("no NEEDS_RESET after QueueNum =", qn);
    }
    w32(INT_ACK, 3);
    recover();
    end();
}

static void case_rings(void)
{
    bad_ring(QUEUE_DESC, "desc-table-outside-ram");
    bad_ring(QUEUE_DRIVER, "avail-ring-outside-ram");
    bad_ring(QUEUE_DEVICE, "used-ring-outside-ram");
    bad_size(3, "queue-size-not-power-of-2");
    bad_size(256, "queue-size-above-max");
    bad_size(0, "queue-size-zero");

    begin("avail-index-jumps");
    prep_req(T_IN, 0);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, &status, 1, D_WRITE, 0);
    submit_head(0, 9, 1);
    expect_needs_reset();
    end();

    begin("head-outside-queue");
    submit_head(8, 1, 1);
    expect_needs_reset();
    end();
}

static void case_notify_before_driver_ok(void)
{
    const char *e;
    int r;

    begin("notify-before-driver-ok");
    e = dev_setup(F_INDIRECT, 8, 0);
    if (e) {
        fail(e, 0);
    }
    memset(data, 0, 512);
    prep_req(T_IN, 0);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, data, 512, D_NEXT | D_WRITE, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    submit_head(0, 1, 1);
    r = wait_device(1);
    if (r != 0 || status != ST_NONE || data[1] != 0) {
        fail("the device used a buffer before DRIVER_OK", r);
    }
    /* Now the driver is ready: the same request goes through. */
    w32(STATUS, S_ACK | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
    w32(QUEUE_NOTIFY, 0);
    r = wait_device(30);
    if (r != 1 || status != ST_OK || data[1] != pat(1)) {
        fail("the request did not complete after DRIVER_OK", r);
    }
    end();
}

static void case_dma_into_mmio(void)
{
    int st;

    /* The device's own registers as a read buffer: must not hang/crash. */
    begin("read-into-own-registers");
    prep_req(T_IN, 0);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, (void *)dev, 512, D_NEXT | D_WRITE, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    submit_head(0, 1, 1);
    wait_device(2);
    w32(INT_ACK, 3);
    recover();
    end();

    begin("write-from-own-registers");
    prep_req(T_OUT, SECTOR_VICTIM);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, (void *)dev, 512, D_NEXT, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    /* Allowed or refused, but it must not reach the victim sector: */
    hdr.sector = SECTORS;       /* out of range either way */
    submit_head(0, 1, 1);
    st = wait_device(30);
    if (st == 1) {
        expect_status(status, ST_IOERR);
    }
    w32(INT_ACK, 3);
    recover();
    end();
}

static void case_sectors(void)
{
    begin("good-write-read");
    fill(0xc3, 512);
    expect_status(do_req(T_OUT, SECTOR_WRITTEN, data, 512, 0), ST_OK);
    fill(0, 512);
    expect_status(do_req(T_IN, SECTOR_WRITTEN, data, 512, 1), ST_OK);
    if (data[0] != 0xc3 || data[511] != 0xc3) {
        fail("read back wrong", data[0]);
    }
    end();

    begin("read-past-end");
    fill(0x55, 512);
    expect_status(do_req(T_IN, SECTORS, data, 512, 1), ST_IOERR);
    end();

    begin("read-straddles-end");
    expect_status(do_req(T_IN, SECTORS - 1, data, 1024, 1), ST_IOERR);
    end();

    begin("write-straddles-end");
    fill(0xee, 1024);
    expect_status(do_req(T_OUT, SECTORS - 1, data, 1024, 0), ST_IOERR);
    end();

    begin("write-huge-sector");
    expect_status(do_req(T_OUT, 0xfffffffffffffff0ULL, data, 1024, 0),
                  ST_IOERR);
    end();

    begin("write-partial-sector");
    expect_status(do_req(T_OUT, SECTOR_VICTIM, data, 100, 0), ST_IOERR);
    end();

    begin("flush");
    expect_status(do_req(T_FLUSH, 0, 0, 0, 0), ST_OK);
    end();

    begin("get-id");
    expect_status(do_req(T_GET_ID, 0, data, 20, 1), ST_OK);
    end();

    begin("unknown-type");
    expect_status(do_req(99, 0, data, 512, 1), ST_UNSUPP);
    end();
}

static int seg_req(uint32_t type, uint64_t sector, uint32_t num,
                   uint32_t flags)
{
    prep_req(type, 0);
    seg = (struct discard_seg) { sector, num, flags };
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, &seg, sizeof(seg), D_NEXT, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    submit_head(0, 1, 1);
    return wait_device(30) == 1 ? status : -1;
}

static void case_discard(void)
{
    const char *e;

    begin("discard-without-feature");
    e = dev_setup(F_INDIRECT, 8, 1);
    if (e) {
        fail(e, 0);
    }
    expect_status(seg_req(T_DISCARD, SECTOR_NOFEAT, 8, 0), ST_UNSUPP);
    end();

    begin("write-zeroes-without-feature");
    expect_status(seg_req(T_WRITE_ZEROES, SECTOR_NOFEAT, 8, 0), ST_UNSUPP);
    end();

    begin("discard");
    e = dev_setup(F_INDIRECT | F_DISCARD | F_WRITE_ZEROES, 8, 1);
    if (e) {
        fail(e, 0);
    }
    if ((host_features & (F_DISCARD | F_WRITE_ZEROES)) !=
        (F_DISCARD | F_WRITE_ZEROES)) {
        fail("discard/write-zeroes not offered", host_features);
    }
    expect_status(seg_req(T_DISCARD, SECTOR_DISCARD, 8, 0), ST_OK);
    end();

    begin("write-zeroes");
    expect_status(seg_req(T_WRITE_ZEROES, SECTOR_WZ, 8, 0), ST_OK);
    fill(0xaa, 512);
    expect_status(do_req(T_IN, SECTOR_WZ + 3, data, 512, 1), ST_OK);
    if (data[0] != 0 || data[511] != 0) {
        fail("write-zeroed sector reads non-zero", data[0]);
    }
    end();

    begin("write-zeroes-unmap");
    expect_status(seg_req(T_WRITE_ZEROES, SECTOR_WZ_UNMAP, 8, 1), ST_OK);
    end();

    begin("discard-past-end");
    expect_status(seg_req(T_DISCARD, SECTORS - 4, 8, 0), ST_IOERR);
    end();

    begin("write-zeroes-huge-sector");
    expect_status(seg_req(T_WRITE_ZEROES, 0xffffffffffffff00ULL, 0x200, 0),
                  ST_IOERR);
    end();

    begin("discard-with-unmap-flag");
    expect_status(seg_req(T_DISCARD, SECTOR_VICTIM, 1, 1), ST_UNSUPP);
    end();

    begin("discard-short-segment");
    prep_req(T_DISCARD, 0);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, &seg, 8, D_NEXT, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    submit_head(0, 1, 1);
    expect_status(wait_device(30) == 1 ? status : -1, ST_IOERR);
    end();
}

static void case_memory_kinds(void)
{
    static uint8_t rom_before[512];
    const volatile uint8_t *rom = (const volatile uint8_t *)MROM;
    int st;

    /* The device must not write into the boot ROM. */
    begin("read-into-rom");
    for (unsigned i = 0; i < 512; i++) {
        rom_before[i] = rom[i];
    }
    prep_req(T_IN, 0);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, (void *)MROM, 512, D_NEXT | D_WRITE, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    bad_chain();
    for (unsigned i = 0; i < 512; i++) {
        if (rom[i] != rom_before[i]) {
            fail("the boot ROM changed at", i);
            break;
        }
    }
    end();

    /* Writing the ROM's bytes to the disk is fine (out of range here). */
    begin("write-from-rom");
    prep_req(T_OUT, SECTORS);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, (void *)MROM, 512, D_NEXT, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    submit_head(0, 1, 1);
    st = wait_device(30);
    expect_status(st == 1 ? status : -1, ST_IOERR);
    end();

    begin("buffer-straddles-ram-end");
    prep_req(T_IN, 0);
    set_desc(0, &hdr, sizeof(hdr), D_NEXT, 1);
    set_desc(1, (void *)(RAM_END - 256), 512, D_NEXT | D_WRITE, 2);
    set_desc(2, &status, 1, D_WRITE, 0);
    bad_chain();
    end();

    begin("kick-missing-queue");
    w32(QUEUE_NOTIFY, 5);
    w32(QUEUE_NOTIFY, 0xffff);
    if (r32(STATUS) & S_NEEDS_RESET) {
        fail("a kick of a missing queue broke the device", 0);
    }
    check_good_read("good read after kicks of missing queues, status");
    end();
}

/* Features the device never offered: FEATURES_OK does not stick. */
static void case_features(void)
{
    begin("features-not-offered");
    w32(STATUS, 0);
    w32(STATUS, S_ACK);
    w32(STATUS, S_ACK | S_DRIVER);
    w32(DRV_FEATURES_SEL, 0);
    w32(DRV_FEATURES, 1u << 31);        /* not a blk or ring feature */
    w32(DRV_FEATURES_SEL, 1);
    w32(DRV_FEATURES, 1);               /* VERSION_1 */
    w32(STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    if (r32(STATUS) & S_FEATURES_OK) {
        fail("FEATURES_OK accepted unoffered features", 1u << 31);
    }
    recover();
    end();

    begin("no-version-1");
    w32(STATUS, 0);
    w32(STATUS, S_ACK | S_DRIVER);
    w32(DRV_FEATURES_SEL, 1);
    w32(DRV_FEATURES, 0);
    w32(STATUS, S_ACK | S_DRIVER | S_FEATURES_OK);
    if (r32(STATUS) & S_FEATURES_OK) {
        fail("FEATURES_OK accepted without VERSION_1", 0);
    }
    recover();
    end();
}

/* A reset while reads are in flight; the device works afterwards. */
static void case_reset_during_io(void)
{
    begin("reset-during-io");
    for (unsigned i = 0; i < 6; i += 3) {
        set_desc(i, &hdr, sizeof(hdr), D_NEXT, i + 1);
        set_desc(i + 1, data + i * 512, 512, D_NEXT | D_WRITE, i + 2);
        set_desc(i + 2, &status, 1, D_WRITE, 0);
    }
    prep_req(T_IN, 0);
    submit_head(0, 1, 0);
    submit_head(3, 1, 1);
    w32(STATUS, 0);
    if (r32(STATUS) != 0) {
        fail("status not 0 after reset", r32(STATUS));
    }
    recover();
    end();
}

/* ---- random chains on the second drive, whose image is scratch ---- */

static uint8_t scratch[65536] __attribute__((aligned(4096)));
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Somewhere a buffer may point: ours, ROM, MMIO, the edge of RAM, nowhere. */
static uint64_t rnd_addr(void)
{
    switch (rnd() % 12) {
    case 0:
        return OUTSIDE_RAM + rnd() % 0x10000;
    case 1:
        return MROM + rnd() % 0x1000;
    case 2:
        return VIRTIO_MMIO0 + 7 * VIRTIO_STRIDE + rnd() % 0x200;
    case 3:
        return RAM_END - rnd() % 1024;
    case 4:
        return rnd();
    case 5:
        return (uintptr_t)&status;
    default:
        return (uintptr_t)scratch + rnd() % (sizeof(scratch) - 4096);
    }
}

static void case_random_chains(uintptr_t fuzz_dev, unsigned rounds)
{
    static uint8_t rom_before[256];
    const volatile uint8_t *rom = (const volatile uint8_t *)MROM;
    uintptr_t main_dev = dev;
    unsigned resets = 0, used = 0, silent = 0;
    const char *e;

    begin("random-chains");
    for (unsigned i = 0; i < sizeof(rom_before); i++) {
        rom_before[i] = rom[i];
    }
    dev = fuzz_dev;
    for (unsigned r = 0; r < rounds && !cur_failed; r++) {
        int w;

        e = dev_setup(F_INDIRECT | F_DISCARD | F_WRITE_ZEROES, 8, 1);
        if (e) {
            fail(e, r);
            break;
        }
        for (unsigned i = 0; i < sizeof(scratch) / 8; i++) {
            ((uint64_t *)scratch)[i] = rnd();
        }
        for (unsigned i = 0; i < 8; i++) {
            uint64_t x = rnd();
            uint32_t len = x & 1 ? x >> 40 : (x >> 8) % 4096;
            /* Mostly plausible flags so that chains get long. */
            uint16_t flags = (x >> 32) & 3;

            if ((x >> 34) % 8 == 0) {
                flags |= D_INDIRECT;
            }
            /* Mostly the next one, writable ones last, short. */
            if ((x >> 40) % 4) {
                flags = (flags & ~D_WRITE) | (i >= 2 ? D_WRITE : 0);
                len = (x >> 8) % 1024;
            }
            ring_desc[i] = (struct desc) { rnd_addr(), len, flags,
                                           (x >> 42) % 4 ? i + 1
                                                         : (x >> 37) % 9 };
        }
        /* Half the time a plausible header, so chains get deeper. */
        if (rnd() & 1) {
            ring_desc[0].addr = (uintptr_t)scratch;
            ((uint32_t *)scratch)[0] = rnd() % 16;
        }
        submit_head(rnd() % 16 ? 0 : rnd() % 9,
                    1 + (rnd() % 64 == 0) * 8, 1);
        w = wait_device(5);
        resets += w < 0;
        used += w > 0;
        silent += w == 0;
        w32(INT_ACK, 3);
    }
    dev = main_dev;
    for (unsigned i = 0; i < sizeof(rom_before); i++) {
        if (rom[i] != rom_before[i]) {
            fail("the boot ROM changed at", i);
            break;
        }
    }
    puts_uart("random-chains: needs-reset ");
    puthex(resets);
    puts_uart(" used ");
    puthex(used);
    puts_uart(" no answer ");
    puthex(silent);
    puts_uart("\n");
    dev = fuzz_dev;
    e = dev_setup(F_INDIRECT, 8, 1);
    if (e) {
        fail(e, 0);
    }
    expect_status(do_req(T_IN, 0, data, 512, 1), ST_OK);
    dev = main_dev;
    recover();
    end();
}

static uintptr_t find_blk(unsigned nth)
{
    for (unsigned i = 0; i < VIRTIO_SLOTS; i++) {
        uintptr_t b = VIRTIO_MMIO0 + i * VIRTIO_STRIDE;
        if (*(volatile uint32_t *)b == 0x74726976 &&
            *(volatile uint32_t *)(b + VERSION) == 2 &&
            *(volatile uint32_t *)(b + DEVICE_ID) == 2 && nth-- == 0) {
            return b;
        }
    }
    return 0;
}

int main(void)
{
    const char *e;

    puts_uart("virtio-blk robustness guest\n");
    dev = find_blk(0);
    if (!dev) {
        puts_uart("FAIL setup: no virtio-blk device\n");
        finish(100);
    }
    begin("setup");
    e = dev_setup(F_INDIRECT, 8, 1);
    if (e) {
        fail(e, 0);
        finish(101);
    }
    check_good_read("first read failed, status");
    end();

    case_sectors();
    case_loop();
    case_longer_than_queue();
    case_next_outside();
    case_buffer_outside_ram();
    case_indirect();
    case_direction();
    case_rings();
    case_notify_before_driver_ok();
    case_dma_into_mmio();
    case_memory_kinds();
    case_features();
    case_reset_during_io();
    case_discard();
    if (find_blk(1)) {
        case_random_chains(find_blk(1), 400);
    } else {
        begin("random-chains");
        fail("no second virtio-blk drive", 0);
    }

    puts_uart("DONE failures=");
    puthex(failures);
    puts_uart("\n");
    finish(failures);
    return 0;
}
