/*
 * The raw format over a host file or block device: guest offsets are file
 * offsets. pread/pwrite (through an aligned bounce buffer under O_DIRECT
 * when the guest's buffers are not aligned), fdatasync for flush,
 * fallocate(PUNCH_HOLE) for discard, and an open-file-description lock so
 * two processes cannot write one image.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "block-int.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAW_DIRECT_ALIGN 4096
#define ROUND_UP_ALIGN(n, a) (((n) + (a) - 1) & ~((uint64_t)(a) - 1))

typedef struct BDRVRawState {
    int fd;
    bool direct;
    bool is_blockdev;
    bool can_punch;
} BDRVRawState;

static bool raw_lock(int fd, const char *filename, bool write,
                     GError **errp)
{
    struct flock fl = {
        .l_type = write ? F_WRLCK : F_RDLCK,
        .l_whence = SEEK_SET,
    };

    if (fcntl(fd, F_OFD_SETLK, &fl) == 0) {
        return true;
    }
    if (errno == EAGAIN || errno == EACCES) {
        vireo_error_set(errp, VIREO_ERROR_IO,
                        "failed to get \"%s\" lock on '%s': is another "
                        "process using the image?",
                        write ? "write" : "read", filename);
        return false;
    }
    /* Filesystems without locks (some network ones): go on unlocked. */
    return true;
}

static bool raw_open(BlockDriverState *bs, const char *filename,
                     unsigned flags, GError **errp)
{
    BDRVRawState *s = g_new0(BDRVRawState, 1);
    int oflags = O_CLOEXEC | (bs->read_only ? O_RDONLY : O_RDWR);
    struct stat st;

    if (flags & BLK_OPEN_NOCACHE) {
        oflags |= O_DIRECT;
        s->direct = true;
    }
    s->fd = open(filename, oflags);
    if (s->fd < 0 && errno == EINVAL && s->direct) {
        vireo_error_set(errp, VIREO_ERROR_IO, "'%s': the filesystem does "
                        "not support cache=none (O_DIRECT)", filename);
        g_free(s);
        return false;
    }
    if (s->fd < 0) {
        vireo_error_setg_errno(errp, errno, "could not open '%s'", filename);
        g_free(s);
        return false;
    }
    if (fstat(s->fd, &st) < 0) {
        vireo_error_setg_errno(errp, errno, "could not stat '%s'", filename);
        goto fail;
    }
    if (S_ISDIR(st.st_mode)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "'%s' is a directory",
                        filename);
        goto fail;
    }
    s->is_blockdev = S_ISBLK(st.st_mode);
    s->can_punch = !s->is_blockdev;
    /* Character devices (/dev/null, a tty) are not images to protect. */
    if (!(flags & BLK_OPEN_NO_LOCK) && !S_ISCHR(st.st_mode) &&
        !raw_lock(s->fd, filename, !bs->read_only, errp)) {
        goto fail;
    }
    bs->opaque = s;
    return true;

fail:
    close(s->fd);
    g_free(s);
    return false;
}

static void raw_close(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;

    close(s->fd);
    g_free(s);
}

static int64_t raw_getlength(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;
    struct stat st;
    uint64_t size;

    if (s->is_blockdev) {
        if (ioctl(s->fd, BLKGETSIZE64, &size) < 0) {
            return -errno;
        }
        return size;
    }
    if (fstat(s->fd, &st) < 0) {
        return -errno;
    }
    return st.st_size;
}

static bool raw_iov_aligned(const struct iovec *iov, int iovcnt,
                            int64_t offset, size_t bytes)
{
    if ((offset | bytes) & (RAW_DIRECT_ALIGN - 1)) {
        return false;
    }
    for (int i = 0; i < iovcnt; i++) {
        if (((uintptr_t)iov[i].iov_base | iov[i].iov_len) &
            (RAW_DIRECT_ALIGN - 1)) {
            return false;
        }
    }
    return true;
}

/* Read or write everything, retrying short transfers and EINTR. */
static int raw_rw_all(int fd, int64_t offset, const struct iovec *iov,
                      int iovcnt, size_t bytes, bool write, int rwf)
{
    g_autofree struct iovec *v = g_new(struct iovec, iovcnt ? iovcnt : 1);
    struct iovec *cur = v;
    int left = iovcnt;

    memcpy(v, iov, sizeof(*iov) * iovcnt);
    size_t done = 0;

    while (done < bytes) {
        ssize_t n;

        while (left && cur->iov_len == 0) {
            cur++;
            left--;
        }
        if (!left) {
            break;
        }
        n = write ? pwritev2(fd, cur, left, offset + done, rwf)
                  : preadv(fd, cur, left, offset + done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            return -errno;
        }
        if (n == 0) {
            if (write) {
                return -EIO;
            }
            /* Past the end of a file that shrank: zeroes, as a hole. */
            for (int i = 0; i < left; i++) {
                memset(cur[i].iov_base, 0, cur[i].iov_len);
            }
            return 0;
        }
        done += n;
        while (n > 0) {
            size_t take = MIN((size_t)n, cur->iov_len);
            cur->iov_base = (char *)cur->iov_base + take;
            cur->iov_len -= take;
            n -= take;
            if (cur->iov_len == 0 && left) {
                cur++;
                left--;
            }
        }
    }
    return 0;
}

/* O_DIRECT with unaligned pieces: go through one aligned buffer. */
static int raw_rw_bounce(BDRVRawState *s, int64_t offset,
                         const struct iovec *iov, int iovcnt, size_t bytes,
                         bool write, int rwf)
{
    int64_t start = offset & ~(int64_t)(RAW_DIRECT_ALIGN - 1);
    size_t span = ROUND_UP_ALIGN(offset + bytes, RAW_DIRECT_ALIGN) - start;
    void *buf;
    struct iovec bv;
    int ret;

    if (posix_memalign(&buf, RAW_DIRECT_ALIGN, span)) {
        return -ENOMEM;
    }
    bv = (struct iovec) { buf, span };
    if (write && span != bytes) {
        /* Read the partial blocks around the data first. */
        ret = raw_rw_all(s->fd, start, &bv, 1, span, false, 0);
        if (ret < 0) {
            goto out;
        }
    }
    if (write) {
        size_t off = offset - start;
        for (int i = 0; i < iovcnt; i++) {
            memcpy((char *)buf + off, iov[i].iov_base, iov[i].iov_len);
            off += iov[i].iov_len;
        }
        ret = raw_rw_all(s->fd, start, &bv, 1, span, true, rwf);
    } else {
        ret = raw_rw_all(s->fd, start, &bv, 1, span, false, 0);
        if (ret == 0) {
            size_t off = offset - start;
            for (int i = 0; i < iovcnt; i++) {
                memcpy(iov[i].iov_base, (char *)buf + off, iov[i].iov_len);
                off += iov[i].iov_len;
            }
        }
    }
out:
    free(buf);
    return ret;
}

static int raw_preadv(BlockDriverState *bs, int64_t offset,
                      const struct iovec *iov, int iovcnt, size_t bytes)
{
    BDRVRawState *s = bs->opaque;

    if (s->direct && !raw_iov_aligned(iov, iovcnt, offset, bytes)) {
        return raw_rw_bounce(s, offset, iov, iovcnt, bytes, false, 0);
    }
    return raw_rw_all(s->fd, offset, iov, iovcnt, bytes, false, 0);
}

static int raw_pwritev(BlockDriverState *bs, int64_t offset,
                       const struct iovec *iov, int iovcnt, size_t bytes,
                       unsigned flags)
{
    BDRVRawState *s = bs->opaque;
    int rwf = (flags & BLK_REQ_FUA) ? RWF_DSYNC : 0;

    if (s->direct && !raw_iov_aligned(iov, iovcnt, offset, bytes)) {
        return raw_rw_bounce(s, offset, iov, iovcnt, bytes, true, rwf);
    }
    return raw_rw_all(s->fd, offset, iov, iovcnt, bytes, true, rwf);
}

static int raw_flush(BlockDriverState *bs)
{
    BDRVRawState *s = bs->opaque;

    return fdatasync(s->fd) < 0 ? -errno : 0;
}

static int raw_pdiscard(BlockDriverState *bs, int64_t offset, int64_t bytes)
{
    BDRVRawState *s = bs->opaque;

    if (!s->can_punch) {
        return 0;       /* discard is a hint: ignoring it is allowed */
    }
    if (fallocate(s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                  offset, bytes) < 0) {
        if (errno == EOPNOTSUPP) {
            s->can_punch = false;
            return 0;
        }
        return -errno;
    }
    return 0;
}

static int raw_pwrite_zeroes(BlockDriverState *bs, int64_t offset,
                             int64_t bytes, unsigned flags)
{
    BDRVRawState *s = bs->opaque;
    g_autofree void *zero = NULL;
    size_t chunk;

    if (!s->is_blockdev) {
        int mode = (flags & BLK_REQ_MAY_UNMAP) && s->can_punch
                   ? FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE
                   : FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE;
        if (fallocate(s->fd, mode, offset, bytes) == 0) {
            return 0;
        }
        if (errno != EOPNOTSUPP && errno != EINVAL) {
            return -errno;
        }
    }
    /* No help from the filesystem: write the zeroes. */
    chunk = MIN(bytes, (int64_t)1 << 20);
    if (posix_memalign(&zero, RAW_DIRECT_ALIGN,
                       ROUND_UP_ALIGN(chunk, RAW_DIRECT_ALIGN))) {
        return -ENOMEM;
    }
    memset(zero, 0, chunk);
    while (bytes > 0) {
        struct iovec v = { zero, MIN((int64_t)chunk, bytes) };
        int ret = raw_pwritev(bs, offset, &v, 1, v.iov_len, 0);
        if (ret < 0) {
            return ret;
        }
        offset += v.iov_len;
        bytes -= v.iov_len;
    }
    return 0;
}

static bool raw_supports_discard(BlockDriverState *bs)
{
    return ((BDRVRawState *)bs->opaque)->can_punch;
}

const BlockDriver bdrv_raw = {
    .format_name = "raw",
    .open = raw_open,
    .close = raw_close,
    .getlength = raw_getlength,
    .preadv = raw_preadv,
    .pwritev = raw_pwritev,
    .flush = raw_flush,
    .pdiscard = raw_pdiscard,
    .pwrite_zeroes = raw_pwrite_zeroes,
    .supports_discard = raw_supports_discard,
};

const BlockDriver *bdrv_find_format(const char *filename, const char *format,
                                    GError **errp)
{
    static const uint8_t qcow_magic[4] = { 'Q', 'F', 'I', 0xfb };
    uint8_t head[4] = { 0 };
    int fd;

    if (format && strcmp(format, "raw") == 0) {
        return &bdrv_raw;
    }
    if (format && strcmp(format, "qcow2") == 0) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "'%s': format 'qcow2' is not supported yet",
                        filename);
        return NULL;
    }
    if (format) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s': unknown image format '%s' (try raw)",
                        filename, format);
        return NULL;
    }
    fd = open(filename, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        vireo_error_setg_errno(errp, errno, "could not open '%s'", filename);
        return NULL;
    }
    if (pread(fd, head, sizeof(head), 0) == (ssize_t)sizeof(head) &&
        memcmp(head, qcow_magic, sizeof(head)) == 0) {
        close(fd);
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "'%s' is a qcow image, which is not supported yet",
                        filename);
        return NULL;
    }
    close(fd);
    return &bdrv_raw;
}
