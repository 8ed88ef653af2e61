/*
 * KVM dirty bitmaps (KVM_GET_DIRTY_LOG): one bit per page of a memory
 * slot, in 64-bit little-endian words, bit i for page i. A pure walker
 * turning one into written ranges, unit-tested without /dev/kvm.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_ACCEL_KVM_KVM_DIRTY_H
#define VIREO_ACCEL_KVM_KVM_DIRTY_H

#include <stdbool.h>
#include <stdint.h>

typedef void KVMDirtyRangeFn(void *opaque, uint64_t gpa, uint64_t len);

/* Bytes of bitmap KVM writes for npages (whole 64-bit words). */
uint64_t kvm_dirty_bitmap_size(uint64_t npages);
/*
 * Call fn once per run of set bits among the first npages, as the range
 * of guest-physical memory from gpa those pages cover; bits past
 * npages are ignored.
 */
void kvm_dirty_bitmap_walk(const uint64_t *bitmap, uint64_t npages,
                           uint64_t gpa, uint64_t page_size,
                           KVMDirtyRangeFn *fn, void *opaque);

#endif
