/*
 * The asm-generic struct stat the riscv64 kernel ABI uses (128 bytes;
 * fstat and newfstatat fill it), and the conversion from the host's
 * struct stat, whose x86-64 layout orders and sizes fields differently.
 * The conversion is its own file (linux-user/user-stat.c) so the unit
 * test can link it alone.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_LINUX_USER_GENERIC_TARGET_STAT_H
#define VIREO_LINUX_USER_GENERIC_TARGET_STAT_H

#include <stdint.h>
#include <sys/stat.h>

/* Little-endian as the guest sees it; the host is little-endian too. */
typedef struct UserTargetStat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint64_t pad1;
    int64_t st_size;
    int32_t st_blksize;
    int32_t pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t unused4;
    uint32_t unused5;
} UserTargetStat;

_Static_assert(sizeof(UserTargetStat) == 128, "asm-generic struct stat");

/*
 * Fill *out from the host's *st, padding zeroed. st_nlink wider than
 * the guest's 32 bits is clamped rather than wrapped.
 */
void user_stat_to_target(const struct stat *st, UserTargetStat *out);

#endif
