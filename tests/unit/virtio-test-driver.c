/*
 * The unit tests' virtio guest driver (see virtio-test-driver.h).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "virtio-test-driver.h"
#include "hw/core/irq.h"
#include "util/main-loop.h"

#include <check.h>
#include <string.h>


static void vt_irq_handler(void *opaque, int n, int level)
{
    VTGuest *g = opaque;

    if (level && !g->irq_level[n]) {
        g->irq_raises[n]++;
    }
    g->irq_level[n] = level;
}

static uint64_t scratch_read(void *opaque, hwaddr addr, unsigned size)
{
    VTGuest *g = opaque;
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)g->scratch_bytes[addr + i] << (8 * i);
    }
    return v;
}

static void scratch_write(void *opaque, hwaddr addr, uint64_t v,
                          unsigned size)
{
    VTGuest *g = opaque;

    for (unsigned i = 0; i < size; i++) {
        g->scratch_bytes[addr + i] = v >> (8 * i);
    }
}

static const MemoryRegionOps scratch_ops = {
    .read = scratch_read,
    .write = scratch_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 1 },
};

void vt_guest_init(VTGuest *g, unsigned n, bool ioeventfd)
{
    memset(g, 0, sizeof(*g));
    ck_assert(main_loop_init(NULL));
    memory_region_init(&g->root, NULL, "vt-root", UINT64_MAX);
    ck_assert(memory_region_init_ram(&g->ram, NULL, "vt-ram", VT_RAM_SIZE,
                                     0, NULL));
    memory_region_add_subregion(&g->root, 0, &g->ram);
    memory_region_init_io(&g->scratch, NULL, &scratch_ops, g, "vt-scratch",
                          sizeof(g->scratch_bytes));
    memory_region_add_subregion(&g->root, VT_SCRATCH, &g->scratch);
    address_space_init(&g->as, &g->root, "vt-as");
    g->ntransports = n;
    for (unsigned i = 0; i < n; i++) {
        DeviceState *dev = DEVICE(object_new(TYPE_VIRTIO_MMIO));

        ck_assert(object_property_set_bool(OBJECT(dev), "ioeventfd",
                                           ioeventfd, NULL));
        ck_assert(qdev_realize(dev, NULL));
        g->irq[i] = irq_new(vt_irq_handler, g, i);
        virtio_mmio_set_irq(dev, g->irq[i]);
        virtio_mmio_set_dma_as(dev, &g->as);
        memory_region_add_subregion(&g->root, VT_MMIO_BASE + i * VT_MMIO_STEP,
                                    virtio_mmio_get_region(dev));
        g->mmio[i] = dev;
    }
}

void vt_guest_cleanup(VTGuest *g)
{
    for (unsigned i = 0; i < g->ntransports; i++) {
        memory_region_del_subregion(&g->root,
                                    virtio_mmio_get_region(g->mmio[i]));
        object_unparent(OBJECT(g->mmio[i]));
        object_unref(OBJECT(g->mmio[i]));
        irq_free(g->irq[i]);
    }
    address_space_destroy(&g->as);
    memory_region_unref(&g->root);
    memory_region_unref(&g->ram);
    memory_region_unref(&g->scratch);
}

uint32_t vt_readl(VTGuest *g, hwaddr off)
{
    uint32_t v = 0;

    ck_assert_int_eq(address_space_read(&g->as,
                                        VT_MMIO_BASE + g->cur * VT_MMIO_STEP +
                                        off, MEMTXATTRS_UNSPECIFIED, &v, 4),
                     MEMTX_OK);
    return GUINT32_FROM_LE(v);
}

void vt_writel(VTGuest *g, hwaddr off, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    ck_assert_int_eq(address_space_write(&g->as,
                                         VT_MMIO_BASE + g->cur * VT_MMIO_STEP
                                         + off, MEMTXATTRS_UNSPECIFIED, &v,
                                         4), MEMTX_OK);
}

uint32_t vt_read_config(VTGuest *g, hwaddr off, unsigned size)
{
    uint32_t v = 0;

    address_space_read(&g->as, VT_MMIO_BASE + g->cur * VT_MMIO_STEP +
                       VIRTIO_MMIO_CONFIG + off, MEMTXATTRS_UNSPECIFIED, &v,
                       size);
    return GUINT32_FROM_LE(v);
}

void vt_memwrite(VTGuest *g, hwaddr addr, const void *buf, size_t len)
{
    ck_assert_int_eq(address_space_write(&g->as, addr,
                                         MEMTXATTRS_UNSPECIFIED, buf, len),
                     MEMTX_OK);
}

void vt_memread(VTGuest *g, hwaddr addr, void *buf, size_t len)
{
    ck_assert_int_eq(address_space_read(&g->as, addr,
                                        MEMTXATTRS_UNSPECIFIED, buf, len),
                     MEMTX_OK);
}

uint16_t vt_lduw(VTGuest *g, hwaddr addr)
{
    return address_space_lduw_le(&g->as, addr, MEMTXATTRS_UNSPECIFIED, NULL);
}

uint32_t vt_ldl(VTGuest *g, hwaddr addr)
{
    return address_space_ldl_le(&g->as, addr, MEMTXATTRS_UNSPECIFIED, NULL);
}

void vt_stw(VTGuest *g, hwaddr addr, uint16_t v)
{
    address_space_stw_le(&g->as, addr, v, MEMTXATTRS_UNSPECIFIED, NULL);
}

bool vt_negotiate(VTGuest *g, uint64_t features)
{
    vt_writel(g, VIRTIO_MMIO_STATUS, 0);
    vt_writel(g, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    vt_writel(g, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
              VIRTIO_CONFIG_S_DRIVER);
    for (unsigned sel = 0; sel < 2; sel++) {
        vt_writel(g, VIRTIO_MMIO_DRIVER_FEATURES_SEL, sel);
        vt_writel(g, VIRTIO_MMIO_DRIVER_FEATURES,
                  (uint32_t)(features >> (32 * sel)));
    }
    vt_writel(g, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
              VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK);
    return vt_readl(g, VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK;
}

void vt_driver_ok(VTGuest *g)
{
    vt_writel(g, VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE |
              VIRTIO_CONFIG_S_DRIVER | VIRTIO_CONFIG_S_FEATURES_OK |
              VIRTIO_CONFIG_S_DRIVER_OK);
}

void vt_queue_setup(VTGuest *g, VTQueue *q, unsigned index, unsigned num,
                    hwaddr base)
{
    uint8_t zero[0x3000] = { 0 };

    memset(q, 0, sizeof(*q));
    q->index = index;
    q->num = num;
    q->desc = base;
    q->avail = base + 0x1000;
    q->used = base + 0x2000;
    vt_memwrite(g, base, zero, sizeof(zero));
    vt_writel(g, VIRTIO_MMIO_QUEUE_SEL, index);
    ck_assert_uint_ge(vt_readl(g, VIRTIO_MMIO_QUEUE_NUM_MAX), num);
    vt_writel(g, VIRTIO_MMIO_QUEUE_NUM, num);
    vt_writel(g, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)q->desc);
    vt_writel(g, VIRTIO_MMIO_QUEUE_DESC_HIGH, q->desc >> 32);
    vt_writel(g, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)q->avail);
    vt_writel(g, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, q->avail >> 32);
    vt_writel(g, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)q->used);
    vt_writel(g, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, q->used >> 32);
    vt_writel(g, VIRTIO_MMIO_QUEUE_READY, 1);
    ck_assert_uint_eq(vt_readl(g, VIRTIO_MMIO_QUEUE_READY), 1);
}

void vt_write_desc(VTGuest *g, hwaddr table, unsigned i, uint64_t addr,
                   uint32_t len, uint16_t flags, uint16_t next)
{
    uint8_t raw[16];
    uint64_t a = GUINT64_TO_LE(addr);
    uint32_t l = GUINT32_TO_LE(len);
    uint16_t f = GUINT16_TO_LE(flags), nx = GUINT16_TO_LE(next);

    memcpy(raw, &a, 8);
    memcpy(raw + 8, &l, 4);
    memcpy(raw + 12, &f, 2);
    memcpy(raw + 14, &nx, 2);
    vt_memwrite(g, table + 16 * (hwaddr)i, raw, sizeof(raw));
}

unsigned vt_add_chain(VTGuest *g, VTQueue *q, const VTBuf *bufs, unsigned n)
{
    unsigned head = q->next_desc % q->num;

    for (unsigned k = 0; k < n; k++) {
        unsigned i = (q->next_desc + k) % q->num;
        uint16_t flags = (bufs[k].write ? VRING_DESC_F_WRITE : 0) |
                         (k + 1 < n ? VRING_DESC_F_NEXT : 0);
        vt_write_desc(g, q->desc, i, bufs[k].addr, bufs[k].len, flags,
                      (i + 1) % q->num);
    }
    q->next_desc += n;
    return head;
}

unsigned vt_add_indirect(VTGuest *g, VTQueue *q, hwaddr table_addr,
                         const VTBuf *bufs, unsigned n)
{
    unsigned head = q->next_desc % q->num;

    for (unsigned k = 0; k < n; k++) {
        uint16_t flags = (bufs[k].write ? VRING_DESC_F_WRITE : 0) |
                         (k + 1 < n ? VRING_DESC_F_NEXT : 0);
        vt_write_desc(g, table_addr, k, bufs[k].addr, bufs[k].len, flags,
                      k + 1);
    }
    vt_write_desc(g, q->desc, head, table_addr, 16 * n,
                  VRING_DESC_F_INDIRECT, 0);
    q->next_desc++;
    return head;
}

void vt_publish(VTGuest *g, VTQueue *q, unsigned head)
{
    vt_stw(g, q->avail + 4 + 2 * (q->avail_idx % q->num), head);
    q->avail_idx++;
    vt_stw(g, q->avail + 2, q->avail_idx);
}

void vt_kick(VTGuest *g, VTQueue *q)
{
    vt_writel(g, VIRTIO_MMIO_QUEUE_NOTIFY, q->index);
}

void vt_pump(void)
{
    for (int i = 0; i < 5; i++) {
        main_loop_wait(true);
    }
}

bool vt_pump_until(bool (*cond)(void *), void *opaque)
{
    gint64 end = g_get_monotonic_time() + 10 * G_USEC_PER_SEC;

    while (!cond(opaque)) {
        if (g_get_monotonic_time() > end) {
            return false;
        }
        main_loop_wait(true);
        if (!cond(opaque)) {
            bql_unlock();
            g_usleep(500);
            bql_lock();
        }
    }
    return true;
}

typedef struct {
    VTGuest *g;
    VTQueue *q;
} VTWait;

static bool used_moved(void *opaque)
{
    VTWait *w = opaque;

    return vt_lduw(w->g, w->q->used + 2) != w->q->last_used;
}

bool vt_wait_used(VTGuest *g, VTQueue *q)
{
    VTWait w = { g, q };

    return vt_pump_until(used_moved, &w);
}

bool vt_get_used(VTGuest *g, VTQueue *q, uint32_t *id, uint32_t *len)
{
    hwaddr e;

    if (vt_lduw(g, q->used + 2) == q->last_used) {
        return false;
    }
    e = q->used + 4 + 8 * (q->last_used % q->num);
    *id = vt_ldl(g, e);
    *len = vt_ldl(g, e + 4);
    q->last_used++;
    return true;
}
