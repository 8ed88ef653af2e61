/*
 * The code buffer: one memfd mapped twice, a writable view for the
 * backend and an executable view to run, so no mapping is ever W+X.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_TCG_REGION_H
#define VIREO_TCG_REGION_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct TCGRegion {
    int fd;
    size_t size;
    size_t used;        /* bytes committed, from the start */
    size_t keep;        /* bytes tcg_region_reset keeps (the prologue) */
    uint8_t *rw;        /* PROT_READ | PROT_WRITE view */
    const uint8_t *rx;  /* PROT_READ | PROT_EXEC view of the same pages */
} TCGRegion;

/* Map a buffer of size bytes (rounded up to pages). */
/* The lowest number the code buffer's memfd gets (when the limit allows). */
#define TCG_REGION_FD_MIN 1000

bool tcg_region_init(TCGRegion *r, size_t size, GError **errp);
/* The memfd behind the views (-1: none). */
int tcg_region_fd(const TCGRegion *r);
void tcg_region_destroy(TCGRegion *r);
/* Forget everything after the kept prefix. */
void tcg_region_reset(TCGRegion *r);
/* In a fork child: a private copy of the buffer at the same addresses. */
bool tcg_region_unshare(TCGRegion *r, GError **errp);

static inline const void *tcg_region_rx(const TCGRegion *r, size_t ofs)
{
    return r->rx + ofs;
}
static inline size_t tcg_region_rx_ofs(const TCGRegion *r, const void *p)
{
    return (size_t)((const uint8_t *)p - r->rx);
}

#endif
