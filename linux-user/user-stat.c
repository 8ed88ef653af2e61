/*
 * Host struct stat to the riscv64 (asm-generic) struct stat; see
 * generic/target-stat.h.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "linux-user/generic/target-stat.h"

#include <string.h>

void user_stat_to_target(const struct stat *st, UserTargetStat *out)
{
    memset(out, 0, sizeof(*out));
    out->st_dev = st->st_dev;
    out->st_ino = st->st_ino;
    out->st_mode = st->st_mode;
    out->st_nlink = st->st_nlink > UINT32_MAX ? UINT32_MAX
                                              : (uint32_t)st->st_nlink;
    out->st_uid = st->st_uid;
    out->st_gid = st->st_gid;
    out->st_rdev = st->st_rdev;
    out->st_size = st->st_size;
    out->st_blksize = (int32_t)st->st_blksize;
    out->st_blocks = st->st_blocks;
    out->st_atime_sec = st->st_atim.tv_sec;
    out->st_atime_nsec = st->st_atim.tv_nsec;
    out->st_mtime_sec = st->st_mtim.tv_sec;
    out->st_mtime_nsec = st->st_mtim.tv_nsec;
    out->st_ctime_sec = st->st_ctim.tv_sec;
    out->st_ctime_nsec = st->st_ctim.tv_nsec;
}
