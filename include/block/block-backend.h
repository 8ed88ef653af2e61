/*
 * The block layer as devices see it: a named BlockBackend (what -drive
 * id=NAME creates) with byte-offset read, write, flush, discard and
 * write-zeroes requests that run asynchronously off the calling thread
 * and complete in the main loop.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Requests are submitted with the BQL held (from device code) and run on a
 * thread pool; their completion callback runs later in the main loop with
 * the BQL held, never from inside the submitting call. ret is 0 or a
 * negative errno: -EIO past the end of the image, -EACCES for a write to
 * a read-only backend (the file is not touched), the host's error
 * otherwise. The image format (raw; qcow2 later) is hidden behind the
 * backend, so devices never change when formats are added.
 */
#ifndef VIREO_BLOCK_BLOCK_BACKEND_H
#define VIREO_BLOCK_BLOCK_BACKEND_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

typedef struct BlockBackend BlockBackend;
typedef void BlockCompletionFunc(void *opaque, int ret);

/* Open flags. */
enum {
    BLK_OPEN_READONLY = 1 << 0,
    BLK_OPEN_NOCACHE = 1 << 1,      /* O_DIRECT: bypass the host cache */
    BLK_OPEN_NO_LOCK = 1 << 2,      /* do not lock the image file */
};

/* Request flags. */
enum {
    BLK_REQ_FUA = 1 << 0,           /* on stable storage when completed */
    BLK_REQ_MAY_UNMAP = 1 << 1,     /* write-zeroes may deallocate */
};

/*
 * Open filename as format ("raw"; NULL probes) under name (NULL: an
 * anonymous backend nobody can look up). The image is locked against
 * other writers (shared lock when read-only). Errors name the file.
 */
BlockBackend *blk_new_open(const char *name, const char *filename,
                           const char *format, unsigned flags,
                           GError **errp);
/* Wait for every request, close, forget the name. NULL is a no-op. */
void blk_unref(BlockBackend *blk);

BlockBackend *blk_by_name(const char *name);
const char *blk_name(const BlockBackend *blk);
/* The backends in creation order: blk_nth(0), blk_nth(1)... NULL at end. */
BlockBackend *blk_nth(unsigned i);
/* The driver's format name: "raw", ... */
const char *blk_format_name(const BlockBackend *blk);
const char *blk_filename(const BlockBackend *blk);
/* Size in bytes, or a negative errno. */
int64_t blk_getlength(BlockBackend *blk);
bool blk_is_read_only(const BlockBackend *blk);
/* Whether discard can deallocate (the host supports punching holes). */
bool blk_supports_discard(const BlockBackend *blk);

/* One device per backend: a second attach is refused with an error. */
bool blk_attach_dev(BlockBackend *blk, void *dev, GError **errp);
void blk_detach_dev(BlockBackend *blk, void *dev);

/* The iovec array is copied; the buffers must live until completion. */
void blk_aio_preadv(BlockBackend *blk, int64_t offset,
                    const struct iovec *iov, int iovcnt,
                    BlockCompletionFunc *cb, void *opaque);
void blk_aio_pwritev(BlockBackend *blk, int64_t offset,
                     const struct iovec *iov, int iovcnt, unsigned flags,
                     BlockCompletionFunc *cb, void *opaque);
void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque);
void blk_aio_pdiscard(BlockBackend *blk, int64_t offset, int64_t bytes,
                      BlockCompletionFunc *cb, void *opaque);
void blk_aio_pwrite_zeroes(BlockBackend *blk, int64_t offset, int64_t bytes,
                           unsigned flags, BlockCompletionFunc *cb,
                           void *opaque);

/* Requests submitted and not yet completed (callback not yet run). */
unsigned blk_in_flight(const BlockBackend *blk);
/*
 * Run the main loop until every request of blk has completed. Main-loop
 * thread, BQL held.
 */
void blk_drain(BlockBackend *blk);
/*
 * Wait until the host I/O of every submitted request is over, without
 * running callbacks (they still come from the main loop). Any thread;
 * what a device reset uses so no old request touches guest memory later.
 */
void blk_wait_io(BlockBackend *blk);
/* blk_drain for every backend. */
void blk_drain_all(void);

#endif
