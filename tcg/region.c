/*
 * The code buffer: a memfd mapped twice, once read+write for the backend
 * to emit into and once read+exec to run, so that no page is ever
 * writable and executable through the same mapping.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "tcg/region.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

/*
 * The memfd stays open for tcg_region_unshare: keep it out of the low
 * numbers a user-mode guest expects to get from its own open().
 */
static int move_fd_high(int fd)
{
    int hi = fcntl(fd, F_DUPFD_CLOEXEC, TCG_REGION_FD_MIN);

    if (hi < 0) {
        return fd;              /* a low fd limit: it stays where it is */
    }
    close(fd);
    return hi;
}

int tcg_region_fd(const TCGRegion *r)
{
    return r->rw ? r->fd : -1;
}

bool tcg_region_init(TCGRegion *r, size_t size, GError **errp)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    void *rw, *rx;
    int fd;

    if (size == 0 || size > ((size_t)1 << 31)) {
        /* rel32 jumps between blocks must reach across the buffer */
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "code buffer size %zu: must be 1 byte to 2 GiB", size);
        return false;
    }
    size = (size + page - 1) & ~(page - 1);
    fd = memfd_create("vireo-tcg-code", MFD_CLOEXEC);
    if (fd < 0) {
        vireo_error_setg_errno(errp, errno, "memfd_create for code buffer");
        return false;
    }
    fd = move_fd_high(fd);
    if (ftruncate(fd, (off_t)size) < 0) {
        vireo_error_setg_errno(errp, errno, "sizing %zu-byte code buffer",
                               size);
        close(fd);
        return false;
    }
    rw = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (rw == MAP_FAILED) {
        vireo_error_setg_errno(errp, errno, "mapping code buffer writable");
        close(fd);
        return false;
    }
    rx = mmap(NULL, size, PROT_READ | PROT_EXEC, MAP_SHARED, fd, 0);
    if (rx == MAP_FAILED) {
        vireo_error_setg_errno(errp, errno, "mapping code buffer executable");
        munmap(rw, size);
        close(fd);
        return false;
    }
    r->fd = fd;
    r->size = size;
    r->used = 0;
    r->keep = 0;
    r->rw = rw;
    r->rx = rx;
    return true;
}

void tcg_region_destroy(TCGRegion *r)
{
    if (r->rw) {
        munmap(r->rw, r->size);
        munmap((void *)r->rx, r->size);
        close(r->fd);
    }
    r->rw = NULL;
    r->rx = NULL;
}

/*
 * After fork() the child still shares the memfd with its parent: both
 * would translate into the same pages. Give the child its own memfd
 * holding a copy (of the pages ever written: a memfd is sparse) at the
 * same two addresses, so every pointer into the buffer stays valid.
 */
bool tcg_region_unshare(TCGRegion *r, GError **errp)
{
    int fd = memfd_create("vireo-tcg-code", MFD_CLOEXEC);
    off_t data = 0, hole;

    if (fd >= 0) {
        fd = move_fd_high(fd);
    }

    if (fd < 0 || ftruncate(fd, (off_t)r->size) < 0) {
        vireo_error_setg_errno(errp, errno, "a private code buffer");
        if (fd >= 0) {
            close(fd);
        }
        return false;
    }
    while ((data = lseek(r->fd, data, SEEK_DATA)) >= 0 &&
           (size_t)data < r->size) {
        hole = lseek(r->fd, data, SEEK_HOLE);
        if (hole < 0 || (size_t)hole > r->size) {
            hole = (off_t)r->size;
        }
        while (data < hole) {
            ssize_t n = pwrite(fd, r->rw + data, hole - data, data);

            if (n <= 0) {
                vireo_error_setg_errno(errp, errno, "copying the code "
                                       "buffer");
                close(fd);
                return false;
            }
            data += n;
        }
    }
    if (mmap(r->rw, r->size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
             fd, 0) == MAP_FAILED ||
        mmap((void *)r->rx, r->size, PROT_READ | PROT_EXEC,
             MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
        /* the views may now be half replaced: nothing runs safely */
        vireo_error_setg_errno(errp, errno, "remapping the code buffer");
        close(fd);
        return false;
    }
    close(r->fd);
    r->fd = fd;
    return true;
}

void tcg_region_reset(TCGRegion *r)
{
    r->used = r->keep;
}
