/*
 * Memory regions: creation (RAM, ROM, MMIO, aliases, containers), the
 * tree they form, reference counting and transactions. Every change of the
 * tree marks the views stale; the outermost transaction commit rebuilds
 * them (memory-view.c).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/memory.h"
#include "softmmu/memory-internal.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static unsigned transaction_depth;
static bool views_stale;

static void region_init_common(MemoryRegion *mr, struct Object *owner,
                               const char *name, uint64_t size,
                               MemoryRegionKind kind)
{
    memset(mr, 0, sizeof(*mr));
    mr->owner = owner;
    mr->name = g_strdup(name ? name : "anonymous");
    mr->kind = kind;
    mr->refcount = 1;
    mr->enabled = true;
    mr->size = size;
    mr->fd = -1;
    mr->subregions = g_ptr_array_new();
}

void memory_region_set_free_on_release(MemoryRegion *mr)
{
    mr->heap = true;
}

void memory_region_init(MemoryRegion *mr, struct Object *owner,
                        const char *name, uint64_t size)
{
    region_init_common(mr, owner, name, size, MEMORY_REGION_CONTAINER);
}

/*
 * Anonymous RAM of size bytes starting on a 2 MiB boundary, so the host
 * can back it with transparent huge pages: a guest's working set then
 * costs the host's TLB 512 times fewer entries (the softmmu TLB fill and
 * every RAM access go through it). Only asked for, with MADV_HUGEPAGE:
 * hosts whose THP setting is "never" get small pages as before.
 */
#define RAM_HUGE_ALIGN (2ull << 20)

static void *ram_anon_map(size_t size)
{
    size_t total = size + RAM_HUGE_ALIGN;
    uintptr_t start, aligned;
    void *p;

    if (size < RAM_HUGE_ALIGN || total < size) {
        return mmap(NULL, size, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    }
    p = mmap(NULL, total, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return p;
    }
    start = (uintptr_t)p;
    aligned = (start + RAM_HUGE_ALIGN - 1) & ~(uintptr_t)(RAM_HUGE_ALIGN - 1);
    if (aligned > start) {
        munmap(p, aligned - start);
    }
    if (start + total > aligned + size) {
        munmap((void *)(aligned + size), start + total - (aligned + size));
    }
#ifdef MADV_HUGEPAGE
    madvise((void *)aligned, size, MADV_HUGEPAGE);     /* a hint only */
#endif
    return (void *)aligned;
}

/* A memfd of the given size, or -1 with errno set. */
static int ram_memfd(const char *name, size_t size)
{
    int fd = memfd_create(name, MFD_CLOEXEC);

    if (fd < 0) {
        return -1;
    }
    if (ftruncate(fd, size) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

bool memory_region_init_ram(MemoryRegion *mr, struct Object *owner,
                            const char *name, uint64_t size, unsigned flags,
                            GError **errp)
{
    size_t page = sysconf(_SC_PAGESIZE);
    size_t mapped;
    void *ptr;
    int fd = -1;

    if (size == 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "RAM region '%s': size must be > 0", name);
        return false;
    }
    /* Rounded up to whole pages, the size must still fit a size_t. */
    if (size > SIZE_MAX - page + 1 || size > (uint64_t)PTRDIFF_MAX) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "RAM region '%s': size 0x%" PRIx64
                        " is too large for this host", name, size);
        return false;
    }
    mapped = (size + page - 1) & ~(page - 1);

    if (flags & (MEMORY_RAM_SHARED_FD | MEMORY_RAM_TRY_FD)) {
        fd = ram_memfd(name, mapped);
        if (fd < 0 && (flags & MEMORY_RAM_SHARED_FD)) {
            vireo_error_setg_errno(errp, errno,
                                   "RAM region '%s': cannot create a "
                                   "shareable memfd of %zu bytes",
                                   name, mapped);
            return false;
        }
    }
    /* NORESERVE: guests are given more RAM than they touch. */
    if (fd >= 0) {
        ptr = mmap(NULL, mapped, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_NORESERVE, fd, 0);
    } else {
        ptr = ram_anon_map(mapped);
    }
    if (ptr == MAP_FAILED) {
        int saved = errno;
        if (fd >= 0) {
            close(fd);
        }
        vireo_error_setg_errno(errp, saved,
                               "RAM region '%s': cannot map %zu bytes",
                               name, mapped);
        return false;
    }

    region_init_common(mr, owner, name, size, MEMORY_REGION_RAM);
    mr->ram_ptr = ptr;
    mr->ram_mapped = mapped;
    mr->fd = fd;
    return true;
}

void memory_region_init_ram_ptr(MemoryRegion *mr, struct Object *owner,
                                const char *name, uint64_t size, void *ptr)
{
    g_assert(ptr && size);
    region_init_common(mr, owner, name, size, MEMORY_REGION_RAM);
    mr->ram_ptr = ptr;
}

bool memory_region_init_rom(MemoryRegion *mr, struct Object *owner,
                            const char *name, uint64_t size, GError **errp)
{
    if (!memory_region_init_ram(mr, owner, name, size, 0, errp)) {
        return false;
    }
    mr->kind = MEMORY_REGION_ROM;
    mr->readonly = true;
    return true;
}

void memory_region_init_io(MemoryRegion *mr, struct Object *owner,
                           const MemoryRegionOps *ops, void *opaque,
                           const char *name, uint64_t size)
{
    g_assert(ops);
    region_init_common(mr, owner, name, size, MEMORY_REGION_IO);
    mr->ops = ops;
    mr->opaque = opaque;
}

void memory_region_init_alias(MemoryRegion *mr, struct Object *owner,
                              const char *name, MemoryRegion *orig,
                              hwaddr offset, uint64_t size)
{
    g_assert(orig && orig != mr);
    region_init_common(mr, owner, name, size, MEMORY_REGION_ALIAS);
    mr->alias = memory_region_ref(orig);
    mr->alias_offset = offset;
}

MemoryRegion *memory_region_ref(MemoryRegion *mr)
{
    g_assert(g_atomic_int_get(&mr->refcount) > 0);
    g_atomic_int_inc(&mr->refcount);
    return mr;
}

static void region_finalize(MemoryRegion *mr)
{
    for (guint i = 0; i < mr->subregions->len; i++) {
        MemoryRegion *sub = g_ptr_array_index(mr->subregions, i);
        sub->container = NULL;
        memory_region_unref(sub);
    }
    g_ptr_array_free(mr->subregions, true);
    if (mr->alias) {
        memory_region_unref(mr->alias);
    }
    if (mr->ram_mapped) {
        munmap(mr->ram_ptr, mr->ram_mapped);
    }
    if (mr->fd >= 0) {
        close(mr->fd);
    }
    if (mr->ioeventfds) {
        g_array_free(mr->ioeventfds, true);
    }
    g_free(mr->name);
    if (mr->heap) {
        g_free(mr);
    } else {
        memset(mr, 0, sizeof(*mr));
    }
}

void memory_region_unref(MemoryRegion *mr)
{
    if (mr && g_atomic_int_dec_and_test(&mr->refcount)) {
        region_finalize(mr);
    }
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name;
}

uint64_t memory_region_size(const MemoryRegion *mr)
{
    return mr->size;
}

bool memory_region_is_ram(const MemoryRegion *mr)
{
    return mr->kind == MEMORY_REGION_RAM || mr->kind == MEMORY_REGION_ROM;
}

bool memory_region_is_rom(const MemoryRegion *mr)
{
    return mr->kind == MEMORY_REGION_ROM;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    hwaddr offset = 0;

    while (mr->kind == MEMORY_REGION_ALIAS) {
        offset += mr->alias_offset;
        mr = mr->alias;
    }
    return mr->ram_ptr ? mr->ram_ptr + offset : NULL;
}

int memory_region_get_fd(const MemoryRegion *mr)
{
    while (mr->kind == MEMORY_REGION_ALIAS) {
        mr = mr->alias;
    }
    return mr->fd;
}

void memory_region_transaction_begin(void)
{
    transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    g_assert(transaction_depth > 0);
    if (--transaction_depth == 0 && views_stale) {
        views_stale = false;
        /* Listeners may change the tree; that starts a new round. */
        transaction_depth++;
        memory_views_update();
        transaction_depth--;
        if (views_stale) {
            views_stale = false;
            memory_views_update();
        }
    }
}

static void mark_stale(void)
{
    memory_region_transaction_begin();
    views_stale = true;
    memory_region_transaction_commit();
}

static bool ranges_intersect(hwaddr a, uint64_t asize, hwaddr b,
                             uint64_t bsize)
{
    hwaddr alast = a + asize - 1, blast = b + bsize - 1;

    /* A range running off the top of the space ends at the top. */
    if (alast < a) {
        alast = UINT64_MAX;
    }
    if (blast < b) {
        blast = UINT64_MAX;
    }
    return asize && bsize && a <= blast && b <= alast;
}

/*
 * Two regions added without _overlap at the same priority must not share
 * addresses; a board that does so has a bug, so say which regions clash.
 */
static void check_no_overlap(MemoryRegion *container, MemoryRegion *sub)
{
    for (guint i = 0; i < container->subregions->len; i++) {
        MemoryRegion *other = g_ptr_array_index(container->subregions, i);

        /* One side declared it may be overlapped: that is allowed. */
        if (other->priority != sub->priority || other->may_overlap) {
            continue;
        }
        if (ranges_intersect(other->addr, other->size, sub->addr,
                             sub->size)) {
            fprintf(stderr, "memory: region '%s' at 0x%" PRIx64 " overlaps "
                    "'%s' at 0x%" PRIx64 " in '%s' at the same priority; "
                    "use memory_region_add_subregion_overlap\n", sub->name,
                    sub->addr, other->name, other->addr, container->name);
            abort();
        }
    }
}

static void add_subregion_common(MemoryRegion *container, hwaddr offset,
                                 MemoryRegion *sub, int priority,
                                 bool may_overlap)
{
    guint i;

    g_assert(sub->container == NULL);
    g_assert(container != sub);
    sub->addr = offset;
    sub->priority = priority;
    sub->may_overlap = may_overlap;
    if (!may_overlap) {
        check_no_overlap(container, sub);
    }

    /* Before the first one of lower or equal priority: the newest wins. */
    for (i = 0; i < container->subregions->len; i++) {
        MemoryRegion *other = g_ptr_array_index(container->subregions, i);
        if (priority >= other->priority) {
            break;
        }
    }
    g_ptr_array_insert(container->subregions, i, memory_region_ref(sub));
    sub->container = container;
    mark_stale();
}

void memory_region_add_subregion(MemoryRegion *container, hwaddr offset,
                                 MemoryRegion *subregion)
{
    add_subregion_common(container, offset, subregion, 0, false);
}

void memory_region_add_subregion_overlap(MemoryRegion *container,
                                         hwaddr offset,
                                         MemoryRegion *subregion,
                                         int priority)
{
    add_subregion_common(container, offset, subregion, priority, true);
}

void memory_region_del_subregion(MemoryRegion *container,
                                 MemoryRegion *subregion)
{
    g_assert(subregion->container == container);
    memory_region_transaction_begin();
    g_ptr_array_remove(container->subregions, subregion);
    subregion->container = NULL;
    views_stale = true;
    /* Old views still hold it until the commit replaces them. */
    memory_region_unref(subregion);
    memory_region_transaction_commit();
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled != enabled) {
        mr->enabled = enabled;
        mark_stale();
    }
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    if (mr->readonly != readonly) {
        mr->readonly = readonly;
        mark_stale();
    }
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    if (mr->addr != addr) {
        mr->addr = addr;
        mark_stale();
    }
}

void memory_region_set_size(MemoryRegion *mr, uint64_t size)
{
    /* RAM keeps its mapping: growing it would expose unmapped memory. */
    g_assert(!memory_region_is_ram(mr) || size <= mr->size);
    if (mr->size != size) {
        mr->size = size;
        mark_stale();
    }
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    g_assert(mr->kind == MEMORY_REGION_ALIAS);
    if (mr->alias_offset != offset) {
        mr->alias_offset = offset;
        mark_stale();
    }
}

const char *memory_region_kind_name(const MemoryRegion *mr)
{
    switch (mr->kind) {
    case MEMORY_REGION_RAM:
        return mr->readonly ? "rom" : "ram";
    case MEMORY_REGION_ROM:
        return "rom";
    case MEMORY_REGION_ALIAS:
        return memory_region_kind_name(mr->alias);
    default:
        return "i/o";
    }
}
