/*
 * What the memory API's own files share and nobody else sees: the flat
 * view layout, the list of address spaces and the hooks between the region
 * tree (memory.c), the views (memory-view.c), the accessors
 * (memory-access.c) and the dumps (memory-mtree.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_SOFTMMU_MEMORY_INTERNAL_H
#define VIREO_SOFTMMU_MEMORY_INTERNAL_H

#include "softmmu/memory.h"

/* [start, start + size) of the space shows mr from offset on. */
typedef struct FlatRange {
    hwaddr start;
    uint64_t size;
    MemoryRegion *mr;       /* RAM, ROM or MMIO; never alias or container */
    hwaddr offset;
    bool readonly;
} FlatRange;

/*
 * Immutable once published. Holds a reference on every region it shows,
 * so a thread that holds the view may use them after the tree changed.
 */
struct FlatView {
    int refcount;           /* atomic */
    unsigned nr;
    unsigned nr_alloc;
    FlatRange *ranges;      /* sorted by start, never overlapping */
};

/* Every initialised address space, in creation order. */
extern GPtrArray *memory_address_spaces;

/* The range holding addr, or NULL for a hole (binary search). */
const FlatRange *flatview_lookup(const FlatView *fv, hwaddr addr);
/* Start of the first range after addr, or 0 when there is none. */
hwaddr flatview_next_start(const FlatView *fv, hwaddr addr);

/* Rebuild every address space's view and tell the listeners. */
void memory_views_update(void);

/*
 * The ioeventfds of fr's region that fr shows, to one listener (only) or
 * all of as's: added (after region_add) or removed (before region_del).
 */
void memory_range_eventfds(AddressSpace *as, MemoryListener *only,
                           const FlatRange *fr, bool add);

/* Region kind as `info mtree` spells it. */
const char *memory_region_kind_name(const MemoryRegion *mr);

static inline hwaddr flat_range_last(const FlatRange *fr)
{
    return fr->start + fr->size - 1;
}

#endif
