/*
 * Walking a KVM dirty bitmap: runs of written pages as ranges, so a
 * mostly clean slot costs one test per 64 pages.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "accel/kvm/kvm-dirty.h"

uint64_t kvm_dirty_bitmap_size(uint64_t npages)
{
    return (npages + 63) / 64 * 8;
}

void kvm_dirty_bitmap_walk(const uint64_t *bitmap, uint64_t npages,
                           uint64_t gpa, uint64_t page_size,
                           KVMDirtyRangeFn *fn, void *opaque)
{
    uint64_t run_start = 0;
    bool in_run = false;

    for (uint64_t i = 0; i < npages; i++) {
        bool dirty;

        if (!in_run && (i & 63) == 0 && bitmap[i / 64] == 0) {
            i += 63;                /* a clean word: skip it whole */
            continue;
        }
        dirty = bitmap[i / 64] >> (i & 63) & 1;
        if (dirty && !in_run) {
            run_start = i;
            in_run = true;
        } else if (!dirty && in_run) {
            fn(opaque, gpa + run_start * page_size,
               (i - run_start) * page_size);
            in_run = false;
        }
    }
    if (in_run) {
        fn(opaque, gpa + run_start * page_size,
           (npages - run_start) * page_size);
    }
}
