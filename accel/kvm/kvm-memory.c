/*
 * Guest RAM for KVM: a memory listener on the system address space that
 * mirrors every RAM (and ROM) section of its view into a KVM memory slot.
 * Everything else (MMIO, holes) is left out, so guest accesses there exit
 * to us as KVM_EXIT_MMIO. ROM is a read-only slot where the host has
 * KVM_CAP_READONLY_MEM, so a guest write to it exits too.
 *
 * The same listener registers the regions' ioeventfds (a virtio queue's
 * doorbell) with KVM_IOEVENTFD where the host has KVM_CAP_IOEVENTFD:
 * a matching guest write then only signals the eventfd, without an exit.
 * Where that fails the write exits as MMIO and the device's own write
 * callback signals the same eventfd, so only speed is lost.
 *
 * Dirty logging: while the memory API's global log is on, every writable
 * slot carries KVM_MEM_LOG_DIRTY_PAGES, and a sync reads each slot's
 * bitmap with KVM_GET_DIRTY_LOG (which also clears it) and reports the
 * written runs (kvm-dirty.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "accel/kvm/kvm-internal.h"
#include "softmmu/memory-system.h"
#include "accel/kvm/kvm-dirty.h"
#include "util/event-notifier.h"
#include "util/error.h"

#include <errno.h>
#include <sys/ioctl.h>
#include <unistd.h>

static uint64_t host_page_size(void)
{
    static uint64_t size;

    if (!size) {
        size = (uint64_t)sysconf(_SC_PAGESIZE);
    }
    return size;
}

static int kvm_set_slot(KVMState *s, unsigned index, const KVMSlot *slot,
                        uint64_t size)
{
    struct kvm_userspace_memory_region r = {
        .slot = index,
        .flags = slot->flags,
        .guest_phys_addr = slot->gpa,
        .memory_size = size,
        .userspace_addr = (uintptr_t)slot->hva,
    };

    return ioctl(s->vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0 ? -errno : 0;
}

static bool section_is_kvm_ram(MemoryRegionSection *section)
{
    return memory_region_is_ram(section->mr);
}

static void kvm_region_add(MemoryListener *listener,
                           MemoryRegionSection *section)
{
    KVMState *s = KVM_STATE_OF_LISTENER(listener);
    uint64_t page = host_page_size();
    uint8_t *base;
    KVMSlot slot = { .used = true };
    int ret;

    if (!section_is_kvm_ram(section)) {
        return;
    }
    base = memory_region_get_ram_ptr(section->mr);
    slot.gpa = section->offset_within_address_space;
    slot.size = section->size;
    slot.hva = base + section->offset_within_region;
    if ((slot.gpa | slot.size | (uintptr_t)slot.hva) & (page - 1)) {
        /* KVM maps whole pages; the rest is reached through MMIO exits. */
        vireo_warn("KVM: RAM section %s at 0x%" PRIx64 "+0x%" PRIx64
                   " is not page-aligned; guest accesses there will fail",
                   memory_region_name(section->mr), slot.gpa, slot.size);
        return;
    }
    if (section->readonly || memory_region_is_rom(section->mr)) {
        if (!s->readonly_mem) {
            /* Without read-only slots, ROM is only reached by MMIO exits. */
            return;
        }
        slot.flags |= KVM_MEM_READONLY;
    } else if (s->dirty_log) {
        slot.flags |= KVM_MEM_LOG_DIRTY_PAGES;
    }
    for (unsigned i = 0; i < s->nr_slots; i++) {
        if (!s->slots[i].used) {
            ret = kvm_set_slot(s, i, &slot, slot.size);
            if (ret < 0) {
                vireo_warn("KVM: cannot map %s at 0x%" PRIx64 "+0x%" PRIx64
                           ": %s", memory_region_name(section->mr), slot.gpa,
                           slot.size, g_strerror(-ret));
                return;
            }
            s->slots[i] = slot;
            return;
        }
    }
    vireo_warn("KVM: out of memory slots (%u) mapping %s", s->nr_slots,
               memory_region_name(section->mr));
}

static void kvm_region_del(MemoryListener *listener,
                           MemoryRegionSection *section)
{
    KVMState *s = KVM_STATE_OF_LISTENER(listener);

    if (!section_is_kvm_ram(section)) {
        return;
    }
    for (unsigned i = 0; i < s->nr_slots; i++) {
        KVMSlot *slot = &s->slots[i];
        if (slot->used && slot->gpa == section->offset_within_address_space &&
            slot->size == section->size) {
            int ret = kvm_set_slot(s, i, slot, 0);
            if (ret < 0) {
                vireo_warn("KVM: cannot unmap slot %u: %s", i,
                           g_strerror(-ret));
            }
            slot->used = false;
            return;
        }
    }
}

static int kvm_set_ioeventfd(KVMState *s, hwaddr addr,
                             const MemoryRegionIoeventfd *fd, bool assign)
{
    struct kvm_ioeventfd io = {
        .datamatch = fd->match_data ? fd->data : 0,
        .addr = addr,
        .len = fd->size,
        .fd = event_notifier_get_fd(fd->e),
        .flags = (fd->match_data ? KVM_IOEVENTFD_FLAG_DATAMATCH : 0) |
                 (assign ? 0 : KVM_IOEVENTFD_FLAG_DEASSIGN),
    };

    return ioctl(s->vm_fd, KVM_IOEVENTFD, &io) < 0 ? -errno : 0;
}

static void kvm_eventfd_add(MemoryListener *listener, hwaddr addr,
                            const MemoryRegionIoeventfd *fd)
{
    KVMState *s = KVM_STATE_OF_LISTENER(listener);
    int ret;

    if (!s->ioeventfds) {
        return;
    }
    ret = kvm_set_ioeventfd(s, addr, fd, true);
    if (ret < 0) {
        vireo_warn("KVM_IOEVENTFD at 0x%" PRIx64 ": %s; the doorbell "
                   "exits to the VMM instead", addr, g_strerror(-ret));
    }
}

static void kvm_eventfd_del(MemoryListener *listener, hwaddr addr,
                            const MemoryRegionIoeventfd *fd)
{
    KVMState *s = KVM_STATE_OF_LISTENER(listener);

    /* Nothing to undo if the add failed: KVM says ENOENT, ignored. */
    if (s->ioeventfds) {
        kvm_set_ioeventfd(s, addr, fd, false);
    }
}

/* Switch logging on or off in every writable slot; undo on failure. */
static int kvm_slots_set_logging(KVMState *s, bool on)
{
    for (unsigned i = 0; i < s->nr_slots; i++) {
        KVMSlot *slot = &s->slots[i];
        uint32_t old = slot->flags;
        int ret;

        if (!slot->used || (slot->flags & KVM_MEM_READONLY)) {
            continue;
        }
        slot->flags = on ? old | KVM_MEM_LOG_DIRTY_PAGES
                         : old & ~KVM_MEM_LOG_DIRTY_PAGES;
        ret = kvm_set_slot(s, i, slot, slot->size);
        if (ret < 0) {
            slot->flags = old;
            if (on) {
                kvm_slots_set_logging(s, false);
            }
            return ret;
        }
    }
    return 0;
}

static bool kvm_log_global_start(MemoryListener *listener, GError **errp)
{
    KVMState *s = KVM_STATE_OF_LISTENER(listener);
    int ret = kvm_slots_set_logging(s, true);

    if (ret < 0) {
        vireo_error_setg_errno(errp, -ret, "KVM: cannot log dirty pages");
        return false;
    }
    s->dirty_log = true;
    return true;
}

static void kvm_log_global_stop(MemoryListener *listener)
{
    KVMState *s = KVM_STATE_OF_LISTENER(listener);
    int ret = kvm_slots_set_logging(s, false);

    if (ret < 0) {
        vireo_warn("KVM: cannot stop dirty logging: %s", g_strerror(-ret));
    }
    s->dirty_log = false;
}

typedef struct KVMDirtyReport {
    MemoryDirtyFn *fn;
    void *opaque;
    AddressSpace *as;
} KVMDirtyReport;

static void kvm_dirty_range(void *opaque, uint64_t gpa, uint64_t len)
{
    KVMDirtyReport *r = opaque;

    r->fn(r->opaque, r->as, gpa, len);
}

static void kvm_log_sync(MemoryListener *listener, MemoryDirtyFn *fn,
                         void *opaque)
{
    KVMState *s = KVM_STATE_OF_LISTENER(listener);
    KVMDirtyReport r = { fn, opaque, listener->address_space };
    uint64_t page = host_page_size();

    for (unsigned i = 0; i < s->nr_slots; i++) {
        KVMSlot *slot = &s->slots[i];
        uint64_t npages = slot->size / page;
        g_autofree uint64_t *bitmap = NULL;
        struct kvm_dirty_log log = { .slot = i };

        if (!slot->used || !(slot->flags & KVM_MEM_LOG_DIRTY_PAGES)) {
            continue;
        }
        bitmap = g_malloc0(kvm_dirty_bitmap_size(npages));
        log.dirty_bitmap = bitmap;
        if (ioctl(s->vm_fd, KVM_GET_DIRTY_LOG, &log) < 0) {
            /* Reporting the whole slot dirty is always safe. */
            vireo_warn("KVM_GET_DIRTY_LOG slot %u: %s", i, g_strerror(errno));
            fn(opaque, r.as, slot->gpa, slot->size);
            continue;
        }
        kvm_dirty_bitmap_walk(bitmap, npages, slot->gpa, page,
                              kvm_dirty_range, &r);
    }
}

void kvm_memory_listener_register(KVMState *s)
{
    s->listener.log_global_start = kvm_log_global_start;
    s->listener.log_global_stop = kvm_log_global_stop;
    s->listener.log_sync = kvm_log_sync;
    s->ioeventfds = kvm_check_extension(KVM_CAP_IOEVENTFD) > 0;
    s->listener.eventfd_add = kvm_eventfd_add;
    s->listener.eventfd_del = kvm_eventfd_del;
    s->listener.region_add = kvm_region_add;
    s->listener.region_del = kvm_region_del;
    s->listener.priority = 10;
    s->listener.name = "kvm";
    memory_listener_register(&s->listener, address_space_memory());
}

void kvm_memory_listener_unregister(KVMState *s)
{
    memory_listener_unregister(&s->listener);
}
