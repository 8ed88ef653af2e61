/*
 * virtio-blk: a disk over a BlockBackend (Virtio 1.2 section 5.2 Block
 * Device). One request queue; every request is a 16-byte header (type,
 * reserved, sector), data, and a status byte the device writes last.
 * Requests run asynchronously in the block layer and complete from the
 * main loop.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Config space (5.2.4), little-endian:
 *   0x00 capacity (u64, 512-byte sectors)   0x08 size_max  0x0c seg_max
 *   0x10 geometry                            0x14 blk_size
 *   0x18 topology                            0x20 writeback
 *   0x22 num_queues    0x24 max_discard_sectors   0x28 max_discard_seg
 *   0x2c discard_sector_alignment            0x30 max_write_zeroes_sectors
 *   0x34 max_write_zeroes_seg                0x38 write_zeroes_may_unmap
 *
 * Types handled: IN, OUT, FLUSH, GET_ID, DISCARD, WRITE_ZEROES; others
 * answer UNSUPP. A request without room for header and status is a broken
 * driver: NEEDS_RESET. A read-only drive answers writes with IOERR.
 */
#include "block/block-backend.h"
#include "hw/core/qdev-properties.h"
#include "hw/virtio/virtio.h"
#include "util/error.h"
#include "util/log.h"

#include <string.h>

#define TYPE_VIRTIO_BLK "virtio-blk-device"
#define VIRTIO_BLK_QUEUE_SIZE 128
#define VIRTIO_BLK_SECTOR 512
#define VIRTIO_BLK_ID_BYTES 20
#define VIRTIO_BLK_MAX_DISCARD_SECTORS (UINT32_C(1) << 22)   /* 2 GiB */
#define VIRTIO_BLK_CONFIG_LEN 60

enum {
    VIRTIO_BLK_F_SIZE_MAX = 1,
    VIRTIO_BLK_F_SEG_MAX = 2,
    VIRTIO_BLK_F_RO = 5,
    VIRTIO_BLK_F_BLK_SIZE = 6,
    VIRTIO_BLK_F_FLUSH = 9,
    VIRTIO_BLK_F_DISCARD = 13,
    VIRTIO_BLK_F_WRITE_ZEROES = 14,
};

enum {
    VIRTIO_BLK_T_IN = 0,
    VIRTIO_BLK_T_OUT = 1,
    VIRTIO_BLK_T_FLUSH = 4,
    VIRTIO_BLK_T_GET_ID = 8,
    VIRTIO_BLK_T_DISCARD = 11,
    VIRTIO_BLK_T_WRITE_ZEROES = 13,
};

enum {
    VIRTIO_BLK_S_OK = 0,
    VIRTIO_BLK_S_IOERR = 1,
    VIRTIO_BLK_S_UNSUPP = 2,
};

#define VIRTIO_BLK_WZ_F_UNMAP 1

typedef struct VirtIOBlock {
    VirtIODevice parent_obj;

    char *drive;
    char *serial;
    bool discard;
    bool write_zeroes;
    BlockBackend *blk;
    uint64_t capacity;          /* sectors */
} VirtIOBlock;

typedef struct VirtIOBlockReq {
    VirtIOBlock *s;
    VirtQueue *vq;
    VirtQueueElement *elem;
    uint32_t reset_count;
    uint32_t in_written;        /* data bytes put in the in buffers */
    unsigned iovcnt;
    struct iovec iov[];         /* the data part of the request */
} VirtIOBlockReq;

static void virtio_blk_complete(VirtIOBlockReq *req, uint8_t status)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(req->s);
    VirtQueueElement *elem = req->elem;

    if (vdev->reset_count != req->reset_count) {
        /* Reset while in flight: the driver forgot this request. */
        virtqueue_detach_element(req->vq, elem);
    } else {
        iov_from_buf(elem->in_sg, elem->in_num, elem->in_len - 1, &status, 1);
        /* The status byte is last, maybe past data never written. */
        virtqueue_push_tail(req->vq, elem, req->in_written, 1);
        virtio_notify(vdev, req->vq);
    }
    g_free(elem);
    g_free(req);
}

static void virtio_blk_rw_done(void *opaque, int ret)
{
    VirtIOBlockReq *req = opaque;

    if (ret < 0) {
        req->in_written = 0;
    }
    virtio_blk_complete(req, ret < 0 ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK);
}

/* Copy the part [off, off + len) of iov into req->iov. */
static void virtio_blk_slice(VirtIOBlockReq *req, const struct iovec *iov,
                             unsigned cnt, size_t off, size_t len)
{
    for (unsigned i = 0; i < cnt && len; i++) {
        size_t take;
        if (off >= iov[i].iov_len) {
            off -= iov[i].iov_len;
            continue;
        }
        take = MIN(iov[i].iov_len - off, len);
        req->iov[req->iovcnt++] = (struct iovec) {
            (char *)iov[i].iov_base + off, take };
        len -= take;
        off = 0;
    }
}

/* Sector range check; false if it overflows or passes the end. */
static bool virtio_blk_range_ok(VirtIOBlock *s, uint64_t sector,
                                uint64_t bytes)
{
    uint64_t nsec = bytes / VIRTIO_BLK_SECTOR;

    return sector <= s->capacity && nsec <= s->capacity - sector;
}

static uint8_t virtio_blk_discard_wz(VirtIOBlockReq *req, uint32_t type)
{
    VirtIOBlock *s = req->s;
    VirtQueueElement *elem = req->elem;
    uint8_t seg[16];
    uint64_t sector;
    uint32_t num, flags;
    bool wz = type == VIRTIO_BLK_T_WRITE_ZEROES;

    if (!virtio_has_feature(VIRTIO_DEVICE(s), wz ? VIRTIO_BLK_F_WRITE_ZEROES
                                                 : VIRTIO_BLK_F_DISCARD)) {
        return VIRTIO_BLK_S_UNSUPP;
    }
    /* Exactly one segment: max_discard_seg = max_write_zeroes_seg = 1. */
    if (elem->out_len != 16 + sizeof(seg) ||
        iov_to_buf(elem->out_sg, elem->out_num, 16, seg, sizeof(seg))
        != sizeof(seg)) {
        return VIRTIO_BLK_S_IOERR;
    }
    memcpy(&sector, seg, 8);
    memcpy(&num, seg + 8, 4);
    memcpy(&flags, seg + 12, 4);
    sector = GUINT64_FROM_LE(sector);
    num = GUINT32_FROM_LE(num);
    flags = GUINT32_FROM_LE(flags);
    if ((!wz && flags) || (flags & ~VIRTIO_BLK_WZ_F_UNMAP)) {
        return VIRTIO_BLK_S_UNSUPP;
    }
    if (num > VIRTIO_BLK_MAX_DISCARD_SECTORS ||
        !virtio_blk_range_ok(s, sector, (uint64_t)num * VIRTIO_BLK_SECTOR)) {
        return VIRTIO_BLK_S_IOERR;
    }
    if (wz) {
        blk_aio_pwrite_zeroes(s->blk, sector * VIRTIO_BLK_SECTOR,
                              (int64_t)num * VIRTIO_BLK_SECTOR,
                              (flags & VIRTIO_BLK_WZ_F_UNMAP)
                              ? BLK_REQ_MAY_UNMAP : 0,
                              virtio_blk_rw_done, req);
    } else {
        blk_aio_pdiscard(s->blk, sector * VIRTIO_BLK_SECTOR,
                         (int64_t)num * VIRTIO_BLK_SECTOR,
                         virtio_blk_rw_done, req);
    }
    return VIRTIO_BLK_S_OK;
}

/* Start req; returns a status to complete with now, or -1 if submitted. */
static int virtio_blk_start(VirtIOBlockReq *req)
{
    VirtIOBlock *s = req->s;
    VirtQueueElement *elem = req->elem;
    uint8_t hdr[16];
    uint32_t type;
    uint64_t sector;
    size_t len;

    iov_to_buf(elem->out_sg, elem->out_num, 0, hdr, sizeof(hdr));
    memcpy(&type, hdr, 4);
    memcpy(&sector, hdr + 8, 8);
    type = GUINT32_FROM_LE(type);
    sector = GUINT64_FROM_LE(sector);

    switch (type) {
    case VIRTIO_BLK_T_IN:
        /* Data goes only to device-writable buffers (2.7.4.1). */
        if (elem->out_len != sizeof(hdr)) {
            vireo_log_mask(LOG_GUEST_ERROR, "virtio-blk: read request %u "
                           "has %zu device-readable data bytes\n",
                           elem->index, elem->out_len - sizeof(hdr));
            return VIRTIO_BLK_S_IOERR;
        }
        len = elem->in_len - 1;
        if (len % VIRTIO_BLK_SECTOR || !virtio_blk_range_ok(s, sector, len)) {
            return VIRTIO_BLK_S_IOERR;
        }
        virtio_blk_slice(req, elem->in_sg, elem->in_num, 0, len);
        req->in_written = len;
        blk_aio_preadv(s->blk, sector * VIRTIO_BLK_SECTOR, req->iov,
                       req->iovcnt, virtio_blk_rw_done, req);
        return -1;
    case VIRTIO_BLK_T_OUT:
        len = elem->out_len - 16;
        if (len % VIRTIO_BLK_SECTOR || !virtio_blk_range_ok(s, sector, len)) {
            return VIRTIO_BLK_S_IOERR;
        }
        virtio_blk_slice(req, elem->out_sg, elem->out_num, 16, len);
        blk_aio_pwritev(s->blk, sector * VIRTIO_BLK_SECTOR, req->iov,
                        req->iovcnt, 0, virtio_blk_rw_done, req);
        return -1;
    case VIRTIO_BLK_T_FLUSH:
        blk_aio_flush(s->blk, virtio_blk_rw_done, req);
        return -1;
    case VIRTIO_BLK_T_GET_ID: {
        char id[VIRTIO_BLK_ID_BYTES] = { 0 };
        const char *serial = s->serial ? s->serial : "";

        memcpy(id, serial, MIN(strlen(serial), sizeof(id)));
        len = MIN(sizeof(id), elem->in_len - 1);
        req->in_written = iov_from_buf(elem->in_sg, elem->in_num, 0, id, len);
        return VIRTIO_BLK_S_OK;
    }
    case VIRTIO_BLK_T_DISCARD:
    case VIRTIO_BLK_T_WRITE_ZEROES: {
        uint8_t st = virtio_blk_discard_wz(req, type);
        return st == VIRTIO_BLK_S_OK ? -1 : st;
    }
    default:
        vireo_log_mask(LOG_UNIMP, "virtio-blk: request type %u\n", type);
        return VIRTIO_BLK_S_UNSUPP;
    }
}

static void virtio_blk_handle_request(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlock *s = (VirtIOBlock *)vdev;
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq))) {
        VirtIOBlockReq *req;
        int status;

        if (elem->out_len < 16 || elem->in_len < 1) {
            virtio_error(vdev, "request %u has no room for its header or "
                         "status", elem->index);
            virtqueue_detach_element(vq, elem);
            g_free(elem);
            return;
        }
        req = g_malloc0(sizeof(*req) + sizeof(struct iovec) *
                        (elem->in_num + elem->out_num));
        req->s = s;
        req->vq = vq;
        req->elem = elem;
        req->reset_count = vdev->reset_count;
        status = virtio_blk_start(req);
        if (status >= 0) {
            virtio_blk_complete(req, status);
        }
    }
}

static uint64_t virtio_blk_get_features(VirtIODevice *vdev)
{
    VirtIOBlock *s = (VirtIOBlock *)vdev;
    uint64_t f = VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) |
                 VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) |
                 VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);

    if (blk_is_read_only(s->blk)) {
        return f | VIRTIO_BIT(VIRTIO_BLK_F_RO);
    }
    if (s->discard) {
        f |= VIRTIO_BIT(VIRTIO_BLK_F_DISCARD);
    }
    if (s->write_zeroes) {
        f |= VIRTIO_BIT(VIRTIO_BLK_F_WRITE_ZEROES);
    }
    return f;
}

static void put32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(p, &v, 4);
}

static void virtio_blk_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOBlock *s = (VirtIOBlock *)vdev;
    uint64_t cap = GUINT64_TO_LE(s->capacity);

    memset(config, 0, VIRTIO_BLK_CONFIG_LEN);
    memcpy(config, &cap, 8);
    put32(config + 0x0c, VIRTIO_BLK_QUEUE_SIZE - 2);    /* seg_max */
    put32(config + 0x14, VIRTIO_BLK_SECTOR);            /* blk_size */
    config[0x20] = 1;                                   /* writeback */
    config[0x22] = 1;                                   /* num_queues */
    put32(config + 0x24, VIRTIO_BLK_MAX_DISCARD_SECTORS);
    put32(config + 0x28, 1);
    put32(config + 0x2c, 1);
    put32(config + 0x30, VIRTIO_BLK_MAX_DISCARD_SECTORS);
    put32(config + 0x34, 1);
    config[0x38] = blk_supports_discard(s->blk);
}

static bool virtio_blk_realize(DeviceState *dev, GError **errp)
{
    VirtIOBlock *s = (VirtIOBlock *)dev;
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    int64_t len;

    if (!s->drive) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "virtio-blk-device: drive= is required");
        return false;
    }
    s->blk = blk_by_name(s->drive);
    if (!s->blk) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "virtio-blk-device: no drive with id '%s' (give it "
                        "with -drive id=%s,...)", s->drive, s->drive);
        return false;
    }
    len = blk_getlength(s->blk);
    if (len < 0) {
        vireo_error_setg_errno(errp, (int)-len, "drive '%s'", s->drive);
        s->blk = NULL;
        return false;
    }
    if (!blk_attach_dev(s->blk, s, errp)) {
        s->blk = NULL;
        return false;
    }
    s->capacity = len / VIRTIO_BLK_SECTOR;
    virtio_init(vdev, VIRTIO_ID_BLOCK, VIRTIO_BLK_CONFIG_LEN);
    virtio_add_queue(vdev, VIRTIO_BLK_QUEUE_SIZE, virtio_blk_handle_request);
    return true;
}

static void virtio_blk_unrealize(DeviceState *dev)
{
    VirtIOBlock *s = (VirtIOBlock *)dev;

    if (s->blk) {
        blk_drain(s->blk);
        blk_detach_dev(s->blk, s);
        s->blk = NULL;
    }
}

static void virtio_blk_reset(VirtIODevice *vdev)
{
    VirtIOBlock *s = (VirtIOBlock *)vdev;

    /*
     * The old driver's requests must not touch guest memory once it is
     * gone; their completions then only unmap (reset_count differs).
     * This may run on a vCPU thread, so wait for the I/O, not the loop.
     */
    if (s->blk) {
        blk_wait_io(s->blk);
    }
}

static const Property virtio_blk_props[] = {
    DEFINE_PROP_STRING("drive", VirtIOBlock, drive,
                       .description = "the -drive id to attach"),
    DEFINE_PROP_STRING("serial", VirtIOBlock, serial,
                       .description = "disk serial (GET_ID, 20 bytes)"),
    DEFINE_PROP_BOOL("discard", VirtIOBlock, discard, true,
                     .description = "offer VIRTIO_BLK_F_DISCARD"),
    DEFINE_PROP_BOOL("write-zeroes", VirtIOBlock, write_zeroes, true,
                     .description = "offer VIRTIO_BLK_F_WRITE_ZEROES"),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_blk_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    dc->desc = "virtio block device";
    dc->category = DEVICE_CATEGORY_STORAGE;
    dc->user_creatable = true;
    device_class_set_props(dc, virtio_blk_props);
    vdc->realize = virtio_blk_realize;
    vdc->unrealize = virtio_blk_unrealize;
    vdc->get_features = virtio_blk_get_features;
    vdc->get_config = virtio_blk_get_config;
    vdc->reset = virtio_blk_reset;
}

static const TypeInfo virtio_blk_types[] = {
    {
        .name = TYPE_VIRTIO_BLK,
        .parent = TYPE_VIRTIO_DEVICE,
        .instance_size = sizeof(VirtIOBlock),
        .class_init = virtio_blk_class_init,
    },
};

DEFINE_TYPES(virtio_blk_types)
