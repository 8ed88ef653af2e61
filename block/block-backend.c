/*
 * BlockBackends: the named disks devices use, and the request machinery
 * that runs driver calls on a thread pool and delivers completions in the
 * main loop through one bottom half per backend.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Life of a request: submitted under the BQL; checked (range, read-only)
 * and, if bad, completed with an error through the same bottom half, so a
 * callback never runs inside the submitting call; otherwise handed to the
 * pool; the worker calls the driver and queues the result; the bottom half
 * runs the callback with the BQL held.
 */
#include "block-int.h"
#include "util/error.h"
#include "util/main-loop.h"

#include <errno.h>
#include <string.h>

#define BLK_POOL_THREADS 4

typedef enum {
    BLK_OP_READ,
    BLK_OP_WRITE,
    BLK_OP_FLUSH,
    BLK_OP_DISCARD,
    BLK_OP_WRITE_ZEROES,
} BlkOp;

typedef struct BlkRequest {
    BlockBackend *blk;
    BlkOp op;
    int64_t offset;
    int64_t bytes;
    unsigned flags;
    struct iovec *iov;
    int iovcnt;
    int ret;
    BlockCompletionFunc *cb;
    void *opaque;
} BlkRequest;

struct BlockBackend {
    char *name;
    char *filename;
    BlockDriverState bs;
    void *dev;
    unsigned in_flight;
    GMutex done_lock;
    GQueue done;            /* of BlkRequest, under done_lock */
    unsigned in_pool;       /* queued to or running in the pool, ditto */
    GCond pool_cond;        /* in_pool went to 0 */
    BH *bh;
};

static GPtrArray *blk_backends;
static GThreadPool *blk_pool;

static void blk_worker(gpointer data, gpointer user_data)
{
    BlkRequest *req = data;
    BlockDriverState *bs = &req->blk->bs;

    switch (req->op) {
    case BLK_OP_READ:
        req->ret = bs->drv->preadv(bs, req->offset, req->iov, req->iovcnt,
                                   req->bytes);
        break;
    case BLK_OP_WRITE:
        req->ret = bs->drv->pwritev(bs, req->offset, req->iov, req->iovcnt,
                                    req->bytes, req->flags);
        break;
    case BLK_OP_FLUSH:
        req->ret = bs->drv->flush(bs);
        break;
    case BLK_OP_DISCARD:
        req->ret = bs->drv->pdiscard(bs, req->offset, req->bytes);
        break;
    case BLK_OP_WRITE_ZEROES:
        req->ret = bs->drv->pwrite_zeroes(bs, req->offset, req->bytes,
                                          req->flags);
        if (req->ret == 0 && (req->flags & BLK_REQ_FUA)) {
            req->ret = bs->drv->flush(bs);
        }
        break;
    }
    g_mutex_lock(&req->blk->done_lock);
    g_queue_push_tail(&req->blk->done, req);
    if (--req->blk->in_pool == 0) {
        g_cond_broadcast(&req->blk->pool_cond);
    }
    g_mutex_unlock(&req->blk->done_lock);
    bh_schedule(req->blk->bh);
}

static void blk_complete_bh(void *opaque)
{
    BlockBackend *blk = opaque;
    BlkRequest *req;

    for (;;) {
        g_mutex_lock(&blk->done_lock);
        req = g_queue_pop_head(&blk->done);
        g_mutex_unlock(&blk->done_lock);
        if (!req) {
            return;
        }
        blk->in_flight--;
        req->cb(req->opaque, req->ret);
        g_free(req->iov);
        g_free(req);
    }
}

/* Finish req with ret from the bottom half, without the pool. */
static void blk_fail_later(BlkRequest *req, int ret)
{
    req->ret = ret;
    g_mutex_lock(&req->blk->done_lock);
    g_queue_push_tail(&req->blk->done, req);
    g_mutex_unlock(&req->blk->done_lock);
    bh_schedule(req->blk->bh);
}

static void blk_submit(BlockBackend *blk, BlkOp op, int64_t offset,
                       int64_t bytes, const struct iovec *iov, int iovcnt,
                       unsigned flags, BlockCompletionFunc *cb, void *opaque)
{
    BlkRequest *req = g_new0(BlkRequest, 1);
    int64_t len = blk_getlength(blk);

    req->blk = blk;
    req->op = op;
    req->offset = offset;
    req->bytes = bytes;
    req->flags = flags;
    req->cb = cb;
    req->opaque = opaque;
    if (iovcnt > 0) {
        req->iov = g_new(struct iovec, iovcnt);
        memcpy(req->iov, iov, sizeof(*iov) * iovcnt);
        req->iovcnt = iovcnt;
    }
    blk->in_flight++;
    if (op != BLK_OP_READ && op != BLK_OP_FLUSH && blk->bs.read_only) {
        blk_fail_later(req, -EACCES);
        return;
    }
    if (op != BLK_OP_FLUSH &&
        (offset < 0 || bytes < 0 || len < 0 || offset > len ||
         bytes > len - offset)) {
        blk_fail_later(req, len < 0 ? (int)len : -EIO);
        return;
    }
    if (op == BLK_OP_FLUSH && blk->bs.read_only) {
        blk_fail_later(req, 0);
        return;
    }
    g_mutex_lock(&blk->done_lock);
    blk->in_pool++;
    g_mutex_unlock(&blk->done_lock);
    g_thread_pool_push(blk_pool, req, NULL);
}

static size_t iov_size(const struct iovec *iov, int iovcnt)
{
    size_t n = 0;

    for (int i = 0; i < iovcnt; i++) {
        n += iov[i].iov_len;
    }
    return n;
}

void blk_aio_preadv(BlockBackend *blk, int64_t offset,
                    const struct iovec *iov, int iovcnt,
                    BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_OP_READ, offset, iov_size(iov, iovcnt), iov, iovcnt,
               0, cb, opaque);
}

void blk_aio_pwritev(BlockBackend *blk, int64_t offset,
                     const struct iovec *iov, int iovcnt, unsigned flags,
                     BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_OP_WRITE, offset, iov_size(iov, iovcnt), iov,
               iovcnt, flags, cb, opaque);
}

void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_OP_FLUSH, 0, 0, NULL, 0, 0, cb, opaque);
}

void blk_aio_pdiscard(BlockBackend *blk, int64_t offset, int64_t bytes,
                      BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_OP_DISCARD, offset, bytes, NULL, 0, 0, cb, opaque);
}

void blk_aio_pwrite_zeroes(BlockBackend *blk, int64_t offset, int64_t bytes,
                           unsigned flags, BlockCompletionFunc *cb,
                           void *opaque)
{
    blk_submit(blk, BLK_OP_WRITE_ZEROES, offset, bytes, NULL, 0, flags, cb,
               opaque);
}

BlockBackend *blk_by_name(const char *name)
{
    for (guint i = 0; name && blk_backends && i < blk_backends->len; i++) {
        BlockBackend *blk = g_ptr_array_index(blk_backends, i);
        if (blk->name && strcmp(blk->name, name) == 0) {
            return blk;
        }
    }
    return NULL;
}

BlockBackend *blk_new_open(const char *name, const char *filename,
                           const char *format, unsigned flags,
                           GError **errp)
{
    const BlockDriver *drv;
    BlockBackend *blk;

    if (name && blk_by_name(name)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "a drive named '%s' already exists", name);
        return NULL;
    }
    drv = bdrv_find_format(filename, format, errp);
    if (!drv || !main_loop_init(errp)) {
        return NULL;
    }
    blk = g_new0(BlockBackend, 1);
    blk->bs.drv = drv;
    blk->bs.read_only = flags & BLK_OPEN_READONLY;
    if (!drv->open(&blk->bs, filename, flags, errp)) {
        g_free(blk);
        return NULL;
    }
    if (!blk_pool) {
        blk_pool = g_thread_pool_new(blk_worker, NULL, BLK_POOL_THREADS,
                                     FALSE, NULL);
    }
    blk->name = g_strdup(name);
    blk->filename = g_strdup(filename);
    g_mutex_init(&blk->done_lock);
    g_cond_init(&blk->pool_cond);
    g_queue_init(&blk->done);
    blk->bh = bh_new(blk_complete_bh, blk);
    if (!blk_backends) {
        blk_backends = g_ptr_array_new();
    }
    g_ptr_array_add(blk_backends, blk);
    return blk;
}

void blk_drain(BlockBackend *blk)
{
    while (blk->in_flight) {
        main_loop_wait(false);
    }
}

void blk_wait_io(BlockBackend *blk)
{
    g_mutex_lock(&blk->done_lock);
    while (blk->in_pool) {
        g_cond_wait(&blk->pool_cond, &blk->done_lock);
    }
    g_mutex_unlock(&blk->done_lock);
}

void blk_drain_all(void)
{
    for (guint i = 0; blk_backends && i < blk_backends->len; i++) {
        blk_drain(g_ptr_array_index(blk_backends, i));
    }
}

void blk_unref(BlockBackend *blk)
{
    if (!blk) {
        return;
    }
    blk_drain(blk);
    g_ptr_array_remove(blk_backends, blk);
    blk->bs.drv->close(&blk->bs);
    bh_delete(blk->bh);
    g_mutex_clear(&blk->done_lock);
    g_cond_clear(&blk->pool_cond);
    g_free(blk->name);
    g_free(blk->filename);
    g_free(blk);
}

BlockBackend *blk_nth(unsigned i)
{
    return blk_backends && i < blk_backends->len
           ? g_ptr_array_index(blk_backends, i) : NULL;
}

const char *blk_format_name(const BlockBackend *blk)
{
    return blk->bs.drv->format_name;
}

const char *blk_name(const BlockBackend *blk)
{
    return blk->name;
}

const char *blk_filename(const BlockBackend *blk)
{
    return blk->filename;
}

int64_t blk_getlength(BlockBackend *blk)
{
    return blk->bs.drv->getlength(&blk->bs);
}

bool blk_is_read_only(const BlockBackend *blk)
{
    return blk->bs.read_only;
}

bool blk_supports_discard(const BlockBackend *blk)
{
    return !blk->bs.read_only && blk->bs.drv->supports_discard &&
           blk->bs.drv->supports_discard((BlockDriverState *)&blk->bs);
}

bool blk_attach_dev(BlockBackend *blk, void *dev, GError **errp)
{
    if (blk->dev && blk->dev != dev) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "drive '%s' is already in use by another device",
                        blk->name ? blk->name : blk->filename);
        return false;
    }
    blk->dev = dev;
    return true;
}

void blk_detach_dev(BlockBackend *blk, void *dev)
{
    if (blk->dev == dev) {
        blk->dev = NULL;
    }
}

unsigned blk_in_flight(const BlockBackend *blk)
{
    return blk->in_flight;
}
