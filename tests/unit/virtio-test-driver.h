/*
 * A minimal virtio guest driver for unit tests: guest RAM and one or more
 * virtio-mmio transports in a private address space, split rings laid out
 * in that RAM, descriptor chains built by hand, registers programmed the
 * way a guest kernel does, and the main loop pumped until the device
 * answers.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TESTS_UNIT_VIRTIO_TEST_DRIVER_H
#define VIREO_TESTS_UNIT_VIRTIO_TEST_DRIVER_H

#include "hw/virtio/virtio-mmio.h"
#include "softmmu/memory.h"

#include <stdbool.h>
#include <stdint.h>

#define VT_RAM_SIZE   0x100000
#define VT_MMIO_BASE  0x10000000
#define VT_MMIO_STEP  0x1000
#define VT_SCRATCH    0x20000000    /* 4 KiB of MMIO that stores bytes */
#define VT_MAX_TRANSPORTS 4

typedef struct VTGuest {
    MemoryRegion root, ram, scratch;
    uint8_t scratch_bytes[0x1000];
    AddressSpace as;
    unsigned ntransports;
    DeviceState *mmio[VT_MAX_TRANSPORTS];
    IRQLine *irq[VT_MAX_TRANSPORTS];
    int irq_level[VT_MAX_TRANSPORTS];
    int irq_raises[VT_MAX_TRANSPORTS];
    unsigned cur;                   /* transport the helpers talk to */
} VTGuest;

typedef struct VTQueue {
    unsigned index, num;
    hwaddr desc, avail, used;
    uint16_t avail_idx, last_used;
    unsigned next_desc;             /* descriptors handed out so far */
} VTQueue;

/* One buffer of a chain. */
typedef struct VTBuf {
    hwaddr addr;
    uint32_t len;
    bool write;                     /* device-writable */
} VTBuf;

/* Set up RAM, scratch MMIO and n realized transports (ioeventfd or not). */
void vt_guest_init(VTGuest *g, unsigned n, bool ioeventfd);
void vt_guest_cleanup(VTGuest *g);

uint32_t vt_readl(VTGuest *g, hwaddr off);
void vt_writel(VTGuest *g, hwaddr off, uint32_t v);
uint32_t vt_read_config(VTGuest *g, hwaddr off, unsigned size);

void vt_memwrite(VTGuest *g, hwaddr addr, const void *buf, size_t len);
void vt_memread(VTGuest *g, hwaddr addr, void *buf, size_t len);
uint16_t vt_lduw(VTGuest *g, hwaddr addr);
uint32_t vt_ldl(VTGuest *g, hwaddr addr);
void vt_stw(VTGuest *g, hwaddr addr, uint16_t v);

/*
 * Reset, ACKNOWLEDGE, DRIVER, write features, FEATURES_OK; returns whether
 * the device kept FEATURES_OK. On true, also sets DRIVER_OK unless
 * defer_ok (queues are then set up before vt_driver_ok).
 */
bool vt_negotiate(VTGuest *g, uint64_t features);
void vt_driver_ok(VTGuest *g);
/* Program queue index with num entries at base (desc, avail, used). */
void vt_queue_setup(VTGuest *g, VTQueue *q, unsigned index, unsigned num,
                    hwaddr base);
/* Write a descriptor at table[i]. */
void vt_write_desc(VTGuest *g, hwaddr table, unsigned i, uint64_t addr,
                   uint32_t len, uint16_t flags, uint16_t next);
/* Build a direct chain from free descriptors; returns its head. */
unsigned vt_add_chain(VTGuest *g, VTQueue *q, const VTBuf *bufs, unsigned n);
/* Build an indirect table at table_addr and one descriptor pointing to it. */
unsigned vt_add_indirect(VTGuest *g, VTQueue *q, hwaddr table_addr,
                         const VTBuf *bufs, unsigned n);
/* Publish head in the available ring (idx incremented). */
void vt_publish(VTGuest *g, VTQueue *q, unsigned head);
void vt_kick(VTGuest *g, VTQueue *q);
/* Pump the main loop until the used index moves; false after 10 s. */
bool vt_wait_used(VTGuest *g, VTQueue *q);
/* The next used entry (id, len), consuming it; false if none. */
bool vt_get_used(VTGuest *g, VTQueue *q, uint32_t *id, uint32_t *len);
/* Pump the main loop a few times without waiting. */
void vt_pump(void);
/* Pump until cond() or 10 s. */
bool vt_pump_until(bool (*cond)(void *), void *opaque);

#endif
