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
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "accel/kvm/kvm-internal.h"
#include "softmmu/memory-system.h"
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

void kvm_memory_listener_register(KVMState *s)
{
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
