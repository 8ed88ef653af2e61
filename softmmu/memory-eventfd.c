/*
 * Ioeventfds of memory regions: a region (a virtio doorbell) lists the
 * writes that an accelerator may turn into an eventfd signal without
 * leaving the guest (KVM_IOEVENTFD). The list lives on the region; the
 * listeners of every address space that shows the region hear of each
 * entry at its guest address, when it is added or removed and when the
 * view moves the region. An accelerator that ignores them (TCG) still
 * gets the write through the region's callback, which signals the same
 * notifier.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/memory-internal.h"

static bool ioeventfd_equal(const MemoryRegionIoeventfd *a,
                            const MemoryRegionIoeventfd *b)
{
    return a->addr == b->addr && a->size == b->size &&
           a->match_data == b->match_data &&
           (!a->match_data || a->data == b->data) && a->e == b->e;
}

static void listener_eventfd(MemoryListener *l, bool add, hwaddr addr,
                             const MemoryRegionIoeventfd *fd)
{
    if (add && l->eventfd_add) {
        l->eventfd_add(l, addr, fd);
    } else if (!add && l->eventfd_del) {
        l->eventfd_del(l, addr, fd);
    }
}

/* Tell one listener, or all of as's when only is NULL, about fd. */
static void range_eventfd(AddressSpace *as, MemoryListener *only,
                          const FlatRange *fr, const MemoryRegionIoeventfd *fd,
                          bool add)
{
    hwaddr addr;

    /* Only a doorbell wholly inside the visible piece can be offered. */
    if (fd->addr < fr->offset || fd->addr - fr->offset + fd->size > fr->size) {
        return;
    }
    addr = fr->start + (fd->addr - fr->offset);
    if (only) {
        listener_eventfd(only, add, addr, fd);
        return;
    }
    for (guint i = 0; i < as->listeners->len; i++) {
        guint k = add ? i : as->listeners->len - 1 - i;
        listener_eventfd(g_ptr_array_index(as->listeners, k), add, addr, fd);
    }
}

void memory_range_eventfds(AddressSpace *as, MemoryListener *only,
                           const FlatRange *fr, bool add)
{
    GArray *fds = fr->mr->ioeventfds;

    for (guint i = 0; fds && i < fds->len; i++) {
        range_eventfd(as, only, fr,
                      &g_array_index(fds, MemoryRegionIoeventfd, i), add);
    }
}

/* Every piece of every view that shows mr. */
static void region_eventfd_notify(MemoryRegion *mr,
                                  const MemoryRegionIoeventfd *fd, bool add)
{
    for (guint i = 0; memory_address_spaces &&
                      i < memory_address_spaces->len; i++) {
        AddressSpace *as = g_ptr_array_index(memory_address_spaces, i);
        FlatView *fv = address_space_get_flatview(as);

        for (unsigned k = 0; k < fv->nr; k++) {
            if (fv->ranges[k].mr == mr) {
                range_eventfd(as, NULL, &fv->ranges[k], fd, add);
            }
        }
        flatview_unref(fv);
    }
}

void memory_region_add_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e)
{
    MemoryRegionIoeventfd fd = {
        .addr = addr, .size = size, .match_data = match_data,
        .data = data, .e = e,
    };

    g_assert(e && size && addr + size <= mr->size);
    if (!mr->ioeventfds) {
        mr->ioeventfds = g_array_new(false, false, sizeof(fd));
    }
    g_array_append_val(mr->ioeventfds, fd);
    region_eventfd_notify(mr, &fd, true);
}

void memory_region_del_eventfd(MemoryRegion *mr, hwaddr addr, unsigned size,
                               bool match_data, uint64_t data,
                               EventNotifier *e)
{
    MemoryRegionIoeventfd fd = {
        .addr = addr, .size = size, .match_data = match_data,
        .data = data, .e = e,
    };

    for (guint i = 0; mr->ioeventfds && i < mr->ioeventfds->len; i++) {
        if (ioeventfd_equal(&g_array_index(mr->ioeventfds,
                                           MemoryRegionIoeventfd, i), &fd)) {
            region_eventfd_notify(mr, &fd, false);
            g_array_remove_index(mr->ioeventfds, i);
            return;
        }
    }
    /* Removing what was never added is a caller's bug. */
    g_assert_not_reached();
}
