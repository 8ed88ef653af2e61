/*
 * Split virtqueues: reading the available ring, walking descriptor chains
 * (direct and indirect) into host iovecs, writing the used ring, and
 * deciding when to interrupt the driver. Every ring access goes through
 * the transport's AddressSpace; a malformed chain puts the device into
 * NEEDS_RESET (virtio_error) instead of touching anything out of range.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Virtio 1.2, 2.7 Split Virtqueues:
 *
 *   descriptor table  16 bytes each: addr u64, len u32, flags u16, next u16
 *   available ring    flags u16, idx u16, ring[num] u16, used_event u16
 *   used ring         flags u16, idx u16, ring[num] {id u32, len u32},
 *                     avail_event u16
 *
 * 2.7.5.2: a chain longer than 2^32 bytes or with a loop is an error;
 * 2.7.5.3.1: an indirect table holds no indirect descriptor, its length is
 * a multiple of 16, INDIRECT and NEXT are not set together; 2.7.4.2:
 * device-readable descriptors come before device-writable ones; 2.7.7 and
 * 2.7.10: notification suppression with and without VIRTIO_F_EVENT_IDX.
 */
#include "hw/virtio/virtio.h"
#include "softmmu/memory-system.h"
#include "util/log.h"

#include <string.h>

#define VRING_DESC_SIZE 16
/* Bytes a chain may keep outside RAM (copied through a bounce buffer). */
#define VIRTQUEUE_MAX_BOUNCE (1024 * 1024)

typedef struct VRingDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} VRingDesc;

/* One mapped piece of a chain while it is being built. */
typedef struct VQPiece {
    struct iovec iov;
    hwaddr addr;
    bool bounce;
    bool is_write;
} VQPiece;

typedef struct VQChain {
    VQPiece pieces[VIRTQUEUE_MAX_SIZE];
    unsigned int n, out_num, in_num;
    size_t bounced;
} VQChain;

static inline void smp_mb(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static AddressSpace *vq_as(VirtQueue *vq)
{
    VirtioTransport *t = vq->vdev->transport;

    return t && t->dma_as ? t->dma_as : address_space_memory();
}

static bool vq_ld16(VirtQueue *vq, hwaddr addr, uint16_t *val)
{
    MemTxResult r;

    *val = address_space_lduw_le(vq_as(vq), addr, MEMTXATTRS_UNSPECIFIED,
                                 &r);
    return r == MEMTX_OK;
}

static bool vq_st16(VirtQueue *vq, hwaddr addr, uint16_t val)
{
    MemTxResult r;

    address_space_stw_le(vq_as(vq), addr, val, MEMTXATTRS_UNSPECIFIED, &r);
    return r == MEMTX_OK;
}

static bool vq_read_avail_idx(VirtQueue *vq, uint16_t *idx)
{
    if (!vq_ld16(vq, vq->avail + 2, idx)) {
        virtio_error(vq->vdev, "queue %u: available ring at 0x%" PRIx64
                     " is not readable", vq->index, vq->avail);
        return false;
    }
    return true;
}

/* The avail_event field at the end of the used ring (2.7.10). */
static bool vq_set_avail_event(VirtQueue *vq, uint16_t val)
{
    if (!vq_st16(vq, vq->used + 4 + 8 * (hwaddr)vq->num, val)) {
        virtio_error(vq->vdev, "queue %u: used ring at 0x%" PRIx64
                     " is not writable", vq->index, vq->used);
        return false;
    }
    return true;
}

bool virtio_queue_ready(const VirtQueue *vq)
{
    return vq->ready && vq->num;
}

bool virtio_queue_empty(VirtQueue *vq)
{
    uint16_t idx;

    if (vq->vdev->broken || !virtio_queue_ready(vq) ||
        !vq_read_avail_idx(vq, &idx)) {
        return true;
    }
    return idx == vq->last_avail_idx;
}

void virtio_queue_set_notification(VirtQueue *vq, bool enable)
{
    uint16_t idx;

    vq->notification = enable;
    if (vq->vdev->broken || !virtio_queue_ready(vq)) {
        return;
    }
    if (virtio_has_feature(vq->vdev, VIRTIO_RING_F_EVENT_IDX)) {
        if (enable && vq_read_avail_idx(vq, &idx)) {
            vq_set_avail_event(vq, idx);
        }
    } else if (!vq_st16(vq, vq->used,
                        enable ? 0 : VRING_USED_F_NO_NOTIFY)) {
        virtio_error(vq->vdev, "queue %u: used ring at 0x%" PRIx64
                     " is not writable", vq->index, vq->used);
    }
    smp_mb();
}

static bool vq_read_desc(VirtQueue *vq, hwaddr table, unsigned int i,
                         VRingDesc *d)
{
    uint8_t raw[VRING_DESC_SIZE];

    if (address_space_read(vq_as(vq), table + (hwaddr)i * VRING_DESC_SIZE,
                           MEMTXATTRS_UNSPECIFIED, raw, sizeof(raw))
        != MEMTX_OK) {
        virtio_error(vq->vdev, "queue %u: descriptor %u at 0x%" PRIx64
                     " is not readable", vq->index, i,
                     table + (hwaddr)i * VRING_DESC_SIZE);
        return false;
    }
    memcpy(&d->addr, raw, 8);
    memcpy(&d->len, raw + 8, 4);
    memcpy(&d->flags, raw + 12, 2);
    memcpy(&d->next, raw + 14, 2);
    d->addr = GUINT64_FROM_LE(d->addr);
    d->len = GUINT32_FROM_LE(d->len);
    d->flags = GUINT16_FROM_LE(d->flags);
    d->next = GUINT16_FROM_LE(d->next);
    return true;
}

static void vq_unmap_piece(AddressSpace *as, const struct iovec *iov,
                           hwaddr addr, bool bounce, bool is_write,
                           size_t access)
{
    if (bounce) {
        if (is_write && access) {
            address_space_write(as, addr, MEMTXATTRS_UNSPECIFIED,
                                iov->iov_base, access);
        }
        g_free(iov->iov_base);
    } else if (iov->iov_len) {
        address_space_unmap(as, iov->iov_base, iov->iov_len, is_write,
                            access);
    }
}

static void vq_chain_release(VirtQueue *vq, VQChain *c)
{
    for (unsigned i = 0; i < c->n; i++) {
        VQPiece *p = &c->pieces[i];
        vq_unmap_piece(vq_as(vq), &p->iov, p->addr, p->bounce, p->is_write,
                       0);
    }
    c->n = 0;
}

/* Map [addr, addr + len) as one or more pieces. */
static bool vq_map_buffer(VirtQueue *vq, VQChain *c, hwaddr addr,
                          uint32_t len, bool is_write)
{
    AddressSpace *as = vq_as(vq);

    while (len) {
        hwaddr plen = len;
        void *ptr;
        VQPiece *p;
        MemoryRegionSection sec;

        if (c->n == VIRTQUEUE_MAX_SIZE) {
            virtio_error(vq->vdev, "queue %u: chain has more than %u "
                         "pieces", vq->index, VIRTQUEUE_MAX_SIZE);
            return false;
        }
        p = &c->pieces[c->n];
        ptr = address_space_map(as, addr, &plen, is_write,
                                MEMTXATTRS_UNSPECIFIED);
        if (ptr) {
            *p = (VQPiece) { { ptr, plen }, addr, false, is_write };
        } else {
            if (!address_space_find_section(as, addr, &sec) ||
                (is_write && sec.readonly)) {
                virtio_error(vq->vdev, "queue %u: buffer at 0x%" PRIx64
                             " is outside guest memory%s", vq->index, addr,
                             is_write ? " (or read-only)" : "");
                return false;
            }
            plen = MIN((hwaddr)len, sec.size);
            if (c->bounced + plen > VIRTQUEUE_MAX_BOUNCE) {
                virtio_error(vq->vdev, "queue %u: more than %u bytes of "
                             "buffers outside RAM", vq->index,
                             VIRTQUEUE_MAX_BOUNCE);
                return false;
            }
            *p = (VQPiece) { { g_malloc0(plen), plen }, addr, true,
                             is_write };
            c->n++;
            c->bounced += plen;
            if (!is_write &&
                address_space_read(as, addr, MEMTXATTRS_UNSPECIFIED,
                                   p->iov.iov_base, plen) != MEMTX_OK) {
                virtio_error(vq->vdev, "queue %u: buffer at 0x%" PRIx64
                             " is not readable", vq->index, addr);
                return false;
            }
            addr += plen;
            len -= plen;
            continue;
        }
        c->n++;
        addr += plen;
        len -= plen;
    }
    return true;
}

/* Walk the chain starting at head into c; false after virtio_error. */
static bool vq_walk_chain(VirtQueue *vq, unsigned int head, VQChain *c)
{
    VirtIODevice *vdev = vq->vdev;
    hwaddr table = vq->desc;
    unsigned int max = vq->num, i = head, count = 0;
    uint64_t total = 0;
    VRingDesc d;

    if (!vq_read_desc(vq, table, i, &d)) {
        return false;
    }
    if (d.flags & VRING_DESC_F_INDIRECT) {
        if (!virtio_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)) {
            virtio_error(vdev, "queue %u: indirect descriptor without "
                         "VIRTIO_RING_F_INDIRECT_DESC", vq->index);
            return false;
        }
        if (d.flags & VRING_DESC_F_NEXT) {
            virtio_error(vdev, "queue %u: descriptor %u is both INDIRECT "
                         "and NEXT", vq->index, i);
            return false;
        }
        if (d.len == 0 || d.len % VRING_DESC_SIZE ||
            d.len / VRING_DESC_SIZE > VIRTQUEUE_MAX_SIZE) {
            virtio_error(vdev, "queue %u: indirect table of %u bytes",
                         vq->index, d.len);
            return false;
        }
        table = d.addr;
        max = d.len / VRING_DESC_SIZE;
        i = 0;
        if (!vq_read_desc(vq, table, i, &d)) {
            return false;
        }
    }
    for (;;) {
        bool is_write = d.flags & VRING_DESC_F_WRITE;

        if (++count > max) {
            virtio_error(vdev, "queue %u: descriptor chain from %u loops "
                         "or is longer than its table", vq->index, head);
            return false;
        }
        if (d.flags & VRING_DESC_F_INDIRECT) {
            virtio_error(vdev, "queue %u: indirect descriptor inside a "
                         "chain or an indirect table", vq->index);
            return false;
        }
        total += d.len;
        if (total > UINT32_MAX || d.addr + d.len < d.addr) {
            virtio_error(vdev, "queue %u: chain length overflows",
                         vq->index);
            return false;
        }
        if (!is_write && c->in_num) {
            virtio_error(vdev, "queue %u: device-readable descriptor after "
                         "a device-writable one", vq->index);
            return false;
        }
        {
            unsigned before = c->n;
            if (!vq_map_buffer(vq, c, d.addr, d.len, is_write)) {
                return false;
            }
            if (is_write) {
                c->in_num += c->n - before;
            } else {
                c->out_num += c->n - before;
            }
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            return true;
        }
        i = d.next;
        if (i >= max) {
            virtio_error(vdev, "queue %u: next descriptor %u is outside "
                         "the table of %u", vq->index, i, max);
            return false;
        }
        if (!vq_read_desc(vq, table, i, &d)) {
            return false;
        }
    }
}

static VirtQueueElement *vq_chain_to_elem(VQChain *c, unsigned int head)
{
    unsigned int n = c->n;
    size_t size = sizeof(VirtQueueElement) +
                  n * (sizeof(struct iovec) + sizeof(hwaddr) + sizeof(bool));
    VirtQueueElement *e = g_malloc0(size);
    struct iovec *iov = (struct iovec *)(e + 1);
    hwaddr *addr = (hwaddr *)(iov + n);
    bool *bounce = (bool *)(addr + n);

    e->index = head;
    e->out_num = c->out_num;
    e->in_num = c->in_num;
    e->out_sg = iov;
    e->in_sg = iov + c->out_num;
    e->out_addr = addr;
    e->in_addr = addr + c->out_num;
    e->out_bounce = bounce;
    e->in_bounce = bounce + c->out_num;
    for (unsigned int i = 0; i < n; i++) {
        iov[i] = c->pieces[i].iov;
        addr[i] = c->pieces[i].addr;
        bounce[i] = c->pieces[i].bounce;
        if (c->pieces[i].is_write) {
            e->in_len += iov[i].iov_len;
        } else {
            e->out_len += iov[i].iov_len;
        }
    }
    return e;
}

VirtQueueElement *virtqueue_pop(VirtQueue *vq)
{
    VirtIODevice *vdev = vq->vdev;
    bool event_idx = virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX);
    uint16_t avail_idx, head;
    g_autofree VQChain *c = NULL;
    VirtQueueElement *elem;

    /* 2.1.2: no buffer is used before the driver sets DRIVER_OK. */
    if (vdev->broken || !(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) ||
        !virtio_queue_ready(vq) || !vq_read_avail_idx(vq, &avail_idx)) {
        return NULL;
    }
    if (avail_idx == vq->last_avail_idx) {
        if (!event_idx || !vq->notification) {
            return NULL;
        }
        /* Ask for a kick, then look again: the driver may have raced. */
        if (!vq_set_avail_event(vq, vq->last_avail_idx)) {
            return NULL;
        }
        smp_mb();
        if (!vq_read_avail_idx(vq, &avail_idx) ||
            avail_idx == vq->last_avail_idx) {
            return NULL;
        }
    }
    if ((uint16_t)(avail_idx - vq->last_avail_idx) > vq->num) {
        virtio_error(vdev, "queue %u: available index moved from %u to %u, "
                     "more than the %u entries", vq->index,
                     vq->last_avail_idx, avail_idx, vq->num);
        return NULL;
    }
    /* Read the ring entry only after seeing the index (2.7.13). */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (!vq_ld16(vq, vq->avail + 4 + 2 * (hwaddr)(vq->last_avail_idx %
                                                   vq->num), &head)) {
        virtio_error(vdev, "queue %u: available ring at 0x%" PRIx64
                     " is not readable", vq->index, vq->avail);
        return NULL;
    }
    if (head >= vq->num) {
        virtio_error(vdev, "queue %u: head descriptor %u is outside the "
                     "table of %u", vq->index, head, vq->num);
        return NULL;
    }
    c = g_new(VQChain, 1);
    c->n = c->out_num = c->in_num = 0;
    c->bounced = 0;
    if (!vq_walk_chain(vq, head, c)) {
        vq_chain_release(vq, c);
        return NULL;
    }
    vq->last_avail_idx++;
    if (event_idx && vq->notification &&
        !vq_set_avail_event(vq, vq->last_avail_idx)) {
        vq_chain_release(vq, c);
        return NULL;
    }
    elem = vq_chain_to_elem(c, head);
    vq->inuse++;
    return elem;
}

/*
 * The device wrote the first len and the last tail bytes of the in
 * buffers. A bounced piece gets both written back (not the bytes between:
 * they were never written); a mapped piece holding tail bytes counts as
 * written through its end, so dirty tracking sees the tail.
 */
static void vq_unmap_elem(VirtQueue *vq, VirtQueueElement *elem,
                          uint32_t len, uint32_t tail)
{
    AddressSpace *as = vq_as(vq);
    size_t left = len, pos = 0;
    size_t tail_start = elem->in_len - MIN((size_t)tail, elem->in_len);

    for (unsigned int i = 0; i < elem->in_num; i++) {
        size_t plen = elem->in_sg[i].iov_len;
        size_t access = MIN(left, plen);

        left -= access;
        if (tail && pos + plen > tail_start) {
            size_t t_off = MAX(tail_start, pos) - pos;

            if (elem->in_bounce[i]) {
                address_space_write(as, elem->in_addr[i] + t_off,
                                    MEMTXATTRS_UNSPECIFIED,
                                    (uint8_t *)elem->in_sg[i].iov_base +
                                    t_off, plen - t_off);
            } else {
                access = plen;
            }
        }
        vq_unmap_piece(as, &elem->in_sg[i], elem->in_addr[i],
                       elem->in_bounce[i], true, access);
        pos += plen;
    }
    for (unsigned int i = 0; i < elem->out_num; i++) {
        vq_unmap_piece(as, &elem->out_sg[i], elem->out_addr[i],
                       elem->out_bounce[i], false,
                       elem->out_sg[i].iov_len);
    }
    elem->in_num = elem->out_num = 0;
}

void virtqueue_detach_element(VirtQueue *vq, VirtQueueElement *elem)
{
    vq_unmap_elem(vq, elem, 0, 0);
    if (vq->inuse) {
        vq->inuse--;
    }
}

void virtqueue_unpop(VirtQueue *vq, VirtQueueElement *elem)
{
    virtqueue_detach_element(vq, elem);
    vq->last_avail_idx--;
}

void virtqueue_push_tail(VirtQueue *vq, VirtQueueElement *elem,
                         uint32_t len, uint32_t tail)
{
    VirtIODevice *vdev = vq->vdev;
    hwaddr slot;
    MemTxResult r = MEMTX_OK;

    vq_unmap_elem(vq, elem, MIN(len, elem->in_len), tail);
    len = MIN((uint64_t)len + tail, elem->in_len);
    if (vq->inuse) {
        vq->inuse--;
    }
    if (vdev->broken || !virtio_queue_ready(vq)) {
        return;
    }
    slot = vq->used + 4 + 8 * (hwaddr)(vq->used_idx % vq->num);
    address_space_stl_le(vq_as(vq), slot, elem->index,
                         MEMTXATTRS_UNSPECIFIED, &r);
    address_space_stl_le(vq_as(vq), slot + 4, len, MEMTXATTRS_UNSPECIFIED,
                         &r);
    /* The entry must be visible before the index that publishes it. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    vq->used_idx++;
    if (r != MEMTX_OK || !vq_st16(vq, vq->used + 2, vq->used_idx)) {
        virtio_error(vdev, "queue %u: used ring at 0x%" PRIx64
                     " is not writable", vq->index, vq->used);
    }
}

void virtqueue_push(VirtQueue *vq, VirtQueueElement *elem, uint32_t len)
{
    virtqueue_push_tail(vq, elem, len, 0);
}

/* 2.7.7.2: interrupt when used_idx passed used_event since last time. */
static bool vring_need_event(uint16_t event, uint16_t new_idx,
                             uint16_t old_idx)
{
    return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old_idx);
}

static bool virtio_should_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    uint16_t val;

    smp_mb();
    if (virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        uint16_t old = vq->signalled_used;
        bool valid = vq->signalled_used_valid;

        vq->signalled_used = vq->used_idx;
        vq->signalled_used_valid = true;
        if (!vq_ld16(vq, vq->avail + 4 + 2 * (hwaddr)vq->num, &val)) {
            virtio_error(vdev, "queue %u: available ring at 0x%" PRIx64
                         " is not readable", vq->index, vq->avail);
            return false;
        }
        return !valid || vring_need_event(val, vq->used_idx, old);
    }
    if (!vq_ld16(vq, vq->avail, &val)) {
        virtio_error(vdev, "queue %u: available ring at 0x%" PRIx64
                     " is not readable", vq->index, vq->avail);
        return false;
    }
    return !(val & VRING_AVAIL_F_NO_INTERRUPT);
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    if (vdev->broken || !virtio_queue_ready(vq) ||
        !virtio_should_notify(vdev, vq)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_QUEUE;
    if (vdev->transport && vdev->transport->ops->update_irq) {
        vdev->transport->ops->update_irq(vdev->transport);
    }
}

void virtqueue_push_notify(VirtQueue *vq, VirtQueueElement *elem,
                           uint32_t len)
{
    virtqueue_push(vq, elem, len);
    virtio_notify(vq->vdev, vq);
}

size_t iov_from_buf(const struct iovec *iov, unsigned int cnt, size_t off,
                    const void *buf, size_t len)
{
    size_t done = 0;

    for (unsigned int i = 0; i < cnt && done < len; i++) {
        if (off >= iov[i].iov_len) {
            off -= iov[i].iov_len;
            continue;
        }
        size_t n = MIN(iov[i].iov_len - off, len - done);
        memcpy((char *)iov[i].iov_base + off, (const char *)buf + done, n);
        done += n;
        off = 0;
    }
    return done;
}

size_t iov_to_buf(const struct iovec *iov, unsigned int cnt, size_t off,
                  void *buf, size_t len)
{
    size_t done = 0;

    for (unsigned int i = 0; i < cnt && done < len; i++) {
        if (off >= iov[i].iov_len) {
            off -= iov[i].iov_len;
            continue;
        }
        size_t n = MIN(iov[i].iov_len - off, len - done);
        memcpy((char *)buf + done, (const char *)iov[i].iov_base + off, n);
        done += n;
        off = 0;
    }
    return done;
}
