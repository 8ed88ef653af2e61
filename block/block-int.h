/*
 * Inside the block layer: the format driver interface a BlockBackend runs
 * its requests through. Driver calls are synchronous and run on a thread
 * pool worker, never with the BQL; they must be safe to run concurrently
 * on one image (pread/pwrite at explicit offsets are).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_BLOCK_BLOCK_INT_H
#define VIREO_BLOCK_BLOCK_INT_H

#include "block/block-backend.h"

typedef struct BlockDriverState BlockDriverState;

typedef struct BlockDriver {
    const char *format_name;
    /* Open filename into bs->opaque; errors name the file. */
    bool (*open)(BlockDriverState *bs, const char *filename, unsigned flags,
                 GError **errp);
    void (*close)(BlockDriverState *bs);
    int64_t (*getlength)(BlockDriverState *bs);
    /* 0 or a negative errno; partial transfers are the driver's to finish. */
    int (*preadv)(BlockDriverState *bs, int64_t offset,
                  const struct iovec *iov, int iovcnt, size_t bytes);
    int (*pwritev)(BlockDriverState *bs, int64_t offset,
                   const struct iovec *iov, int iovcnt, size_t bytes,
                   unsigned flags);
    int (*flush)(BlockDriverState *bs);
    int (*pdiscard)(BlockDriverState *bs, int64_t offset, int64_t bytes);
    int (*pwrite_zeroes)(BlockDriverState *bs, int64_t offset,
                         int64_t bytes, unsigned flags);
    bool (*supports_discard)(BlockDriverState *bs);
} BlockDriver;

struct BlockDriverState {
    const BlockDriver *drv;
    void *opaque;
    bool read_only;
};

extern const BlockDriver bdrv_raw;

/*
 * Pick the driver for format (NULL: look at the file's first bytes).
 * Errors name the file.
 */
const BlockDriver *bdrv_find_format(const char *filename, const char *format,
                                    GError **errp);

#endif
