/*
 * Address spaces and their flat views: the region tree under an address
 * space's root rendered into a sorted array of non-overlapping ranges,
 * rebuilt when the tree changes, swapped in under a lock while readers
 * keep the old one by reference, and diffed so listeners hear only what
 * changed.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/memory.h"
#include "softmmu/memory-internal.h"

#include <string.h>

GPtrArray *memory_address_spaces;

/* --- building a view --------------------------------------------------- */

static FlatView *flatview_new(void)
{
    FlatView *fv = g_new0(FlatView, 1);

    fv->refcount = 1;
    return fv;
}

void flatview_ref(FlatView *fv)
{
    g_atomic_int_inc(&fv->refcount);
}

void flatview_unref(FlatView *fv)
{
    if (fv && g_atomic_int_dec_and_test(&fv->refcount)) {
        for (unsigned i = 0; i < fv->nr; i++) {
            memory_region_unref(fv->ranges[i].mr);
        }
        g_free(fv->ranges);
        g_free(fv);
    }
}

static void flatview_insert(FlatView *fv, unsigned pos, const FlatRange *fr)
{
    if (fv->nr == fv->nr_alloc) {
        fv->nr_alloc = MAX(16, fv->nr_alloc * 2);
        fv->ranges = g_renew(FlatRange, fv->ranges, fv->nr_alloc);
    }
    memmove(&fv->ranges[pos + 1], &fv->ranges[pos],
            (fv->nr - pos) * sizeof(FlatRange));
    fv->ranges[pos] = *fr;
    fv->nr++;
}

/* Index of the first range whose last byte is at or after addr. */
static unsigned flatview_first_ending_after(const FlatView *fv, hwaddr addr)
{
    unsigned lo = 0, hi = fv->nr;

    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        if (flat_range_last(&fv->ranges[mid]) < addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/*
 * Show [start, start + size) of the space as mr from offset on, but only
 * where nothing is shown yet: regions are rendered highest priority first,
 * so what is already there wins.
 */
static void flatview_fill_gaps(FlatView *fv, hwaddr start, uint64_t size,
                               MemoryRegion *mr, hwaddr offset, bool readonly)
{
    hwaddr pos = start, last = start + size - 1;
    unsigned i = flatview_first_ending_after(fv, start);

    for (;;) {
        FlatRange piece = {
            .start = pos, .mr = mr, .offset = offset + (pos - start),
            .readonly = readonly,
        };
        if (i == fv->nr || fv->ranges[i].start > last) {
            piece.size = last - pos + 1;
            flatview_insert(fv, i, &piece);
            return;
        }
        if (fv->ranges[i].start > pos) {
            piece.size = fv->ranges[i].start - pos;
            flatview_insert(fv, i, &piece);
            i++;
        }
        if (flat_range_last(&fv->ranges[i]) >= last) {
            return;
        }
        pos = flat_range_last(&fv->ranges[i]) + 1;
        i++;
    }
}

/*
 * Render the part [offset, offset + len) of mr, which the space shows at
 * as_start. Offsets stay relative to the region being rendered, so an
 * alias far below its target's offset cannot wrap around.
 */
static void render_region(FlatView *fv, MemoryRegion *mr, hwaddr as_start,
                          hwaddr offset, uint64_t len, bool readonly)
{
    hwaddr last;

    if (!mr->enabled || len == 0 || offset >= mr->size) {
        return;
    }
    /* Clip to the region: [offset, last] inclusive, no overflow. */
    last = offset + MIN(len, mr->size - offset) - 1;
    readonly |= mr->readonly;

    if (mr->kind == MEMORY_REGION_ALIAS) {
        hwaddr target;
        if (__builtin_add_overflow(offset, mr->alias_offset, &target)) {
            return;
        }
        render_region(fv, mr->alias, as_start, target, last - offset + 1,
                      readonly);
        return;
    }

    for (guint i = 0; i < mr->subregions->len; i++) {
        MemoryRegion *sub = g_ptr_array_index(mr->subregions, i);
        hwaddr sub_last, lo, hi;

        if (sub->size == 0) {
            continue;
        }
        if (__builtin_add_overflow(sub->addr, sub->size - 1, &sub_last)) {
            sub_last = UINT64_MAX;
        }
        lo = MAX(offset, sub->addr);
        hi = MIN(last, sub_last);
        if (lo > hi) {
            continue;
        }
        render_region(fv, sub, as_start + (lo - offset), lo - sub->addr,
                      hi - lo + 1, readonly);
    }

    if (mr->kind != MEMORY_REGION_CONTAINER) {
        flatview_fill_gaps(fv, as_start, last - offset + 1, mr, offset,
                           readonly && memory_region_is_ram(mr));
    }
}

static bool flat_range_continues(const FlatRange *a, const FlatRange *b)
{
    return a->mr == b->mr && a->readonly == b->readonly &&
           a->start + a->size == b->start &&
           a->offset + a->size == b->offset;
}

/* Join neighbours split by a region that turned out to be hidden. */
static void flatview_simplify(FlatView *fv)
{
    unsigned out = 0;

    for (unsigned i = 0; i < fv->nr; i++) {
        if (out && flat_range_continues(&fv->ranges[out - 1],
                                        &fv->ranges[i])) {
            fv->ranges[out - 1].size += fv->ranges[i].size;
        } else {
            fv->ranges[out++] = fv->ranges[i];
        }
    }
    fv->nr = out;
}

static FlatView *flatview_render(MemoryRegion *root)
{
    FlatView *fv = flatview_new();

    if (root) {
        render_region(fv, root, 0, 0, root->size, false);
    }
    flatview_simplify(fv);
    for (unsigned i = 0; i < fv->nr; i++) {
        memory_region_ref(fv->ranges[i].mr);
    }
    return fv;
}

/* --- looking things up ------------------------------------------------- */

const FlatRange *flatview_lookup(const FlatView *fv, hwaddr addr)
{
    unsigned i = flatview_first_ending_after(fv, addr);

    if (i < fv->nr && fv->ranges[i].start <= addr) {
        return &fv->ranges[i];
    }
    return NULL;
}

hwaddr flatview_next_start(const FlatView *fv, hwaddr addr)
{
    unsigned i = flatview_first_ending_after(fv, addr);

    return i < fv->nr ? fv->ranges[i].start : 0;
}

unsigned flatview_nr_ranges(const FlatView *fv)
{
    return fv->nr;
}

static void section_from_range(MemoryRegionSection *s, AddressSpace *as,
                               const FlatRange *fr)
{
    *s = (MemoryRegionSection) {
        .mr = fr->mr,
        .as = as,
        .offset_within_region = fr->offset,
        .offset_within_address_space = fr->start,
        .size = fr->size,
        .readonly = fr->readonly,
    };
}

bool flatview_get_section(const FlatView *fv, unsigned n,
                          MemoryRegionSection *section)
{
    if (n >= fv->nr) {
        return false;
    }
    section_from_range(section, NULL, &fv->ranges[n]);
    return true;
}

bool flatview_find_section(FlatView *fv, hwaddr addr,
                           MemoryRegionSection *section)
{
    const FlatRange *fr = flatview_lookup(fv, addr);

    if (!fr) {
        return false;
    }
    section_from_range(section, NULL, fr);
    section->offset_within_region += addr - fr->start;
    section->offset_within_address_space = addr;
    section->size -= addr - fr->start;
    return true;
}

bool address_space_find_section(AddressSpace *as, hwaddr addr,
                                MemoryRegionSection *section)
{
    FlatView *fv = address_space_get_flatview(as);
    bool found = flatview_find_section(fv, addr, section);

    flatview_unref(fv);
    if (found) {
        section->as = as;
    }
    return found;
}

MemoryRegion *flatview_translate(FlatView *fv, hwaddr addr, hwaddr *xlat,
                                 hwaddr *plen, bool is_write)
{
    const FlatRange *fr = flatview_lookup(fv, addr);

    if (!fr) {
        hwaddr next = flatview_next_start(fv, addr);
        if (next > addr) {
            *plen = MIN(*plen, next - addr);
        }
        *xlat = addr;
        return NULL;
    }
    *plen = MIN(*plen, flat_range_last(fr) - addr + 1);
    *xlat = fr->offset + (addr - fr->start);
    return fr->mr;
}

MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr,
                                      hwaddr *xlat, hwaddr *plen,
                                      bool is_write)
{
    FlatView *fv = address_space_get_flatview(as);
    MemoryRegion *mr = flatview_translate(fv, addr, xlat, plen, is_write);

    flatview_unref(fv);
    return mr;
}

/* --- address spaces ---------------------------------------------------- */

FlatView *address_space_get_flatview(AddressSpace *as)
{
    FlatView *fv;

    /* The lock makes "read the pointer, take a ref" one step. */
    g_mutex_lock(&as->map_lock);
    fv = as->current_map;
    flatview_ref(fv);
    g_mutex_unlock(&as->map_lock);
    return fv;
}

void address_space_init(AddressSpace *as, MemoryRegion *root,
                        const char *name)
{
    memset(as, 0, sizeof(*as));
    g_mutex_init(&as->map_lock);
    as->name = g_strdup(name);
    as->root = root ? memory_region_ref(root) : NULL;
    as->listeners = g_ptr_array_new();
    as->current_map = flatview_render(root);
    if (!memory_address_spaces) {
        memory_address_spaces = g_ptr_array_new();
    }
    g_ptr_array_add(memory_address_spaces, as);
}

void address_space_destroy(AddressSpace *as)
{
    g_assert(as->listeners->len == 0);
    g_ptr_array_remove(memory_address_spaces, as);
    g_ptr_array_free(as->listeners, true);
    flatview_unref(as->current_map);
    memory_region_unref(as->root);
    g_mutex_clear(&as->map_lock);
    g_free(as->name);
    memset(as, 0, sizeof(*as));
}

/* --- listeners --------------------------------------------------------- */

static void listeners_call(AddressSpace *as, bool reverse,
                           void (*fn)(MemoryListener *l, void *data),
                           void *data)
{
    guint n = as->listeners->len;

    for (guint k = 0; k < n; k++) {
        MemoryListener *l = g_ptr_array_index(as->listeners,
                                              reverse ? n - 1 - k : k);
        fn(l, data);
    }
}

static void call_begin(MemoryListener *l, void *data)
{
    if (l->begin) {
        l->begin(l);
    }
}

static void call_commit(MemoryListener *l, void *data)
{
    if (l->commit) {
        l->commit(l);
    }
}

static void call_add(MemoryListener *l, void *data)
{
    if (l->region_add) {
        l->region_add(l, data);
    }
}

static void call_del(MemoryListener *l, void *data)
{
    if (l->region_del) {
        l->region_del(l, data);
    }
}

static bool flat_range_equal(const FlatRange *a, const FlatRange *b)
{
    return a->start == b->start && a->size == b->size && a->mr == b->mr &&
           a->offset == b->offset && a->readonly == b->readonly;
}

static bool flatview_equal(const FlatView *a, const FlatView *b)
{
    if (a->nr != b->nr) {
        return false;
    }
    for (unsigned i = 0; i < a->nr; i++) {
        if (!flat_range_equal(&a->ranges[i], &b->ranges[i])) {
            return false;
        }
    }
    return true;
}

/*
 * Walk both sorted views together; adding == false reports the ranges only
 * the old view has, adding == true those only the new one has.
 */
static void flatview_diff(AddressSpace *as, const FlatView *old,
                          const FlatView *new, bool adding)
{
    unsigned io = 0, in = 0;

    while (io < old->nr || in < new->nr) {
        const FlatRange *fo = io < old->nr ? &old->ranges[io] : NULL;
        const FlatRange *fn = in < new->nr ? &new->ranges[in] : NULL;
        MemoryRegionSection s;

        if (fo && fn && flat_range_equal(fo, fn)) {
            io++;
            in++;
        } else if (fo && (!fn || fo->start <= fn->start)) {
            if (!adding) {
                section_from_range(&s, as, fo);
                memory_range_eventfds(as, NULL, fo, false);
                listeners_call(as, true, call_del, &s);
            }
            io++;
        } else {
            if (adding) {
                section_from_range(&s, as, fn);
                listeners_call(as, false, call_add, &s);
                memory_range_eventfds(as, NULL, fn, true);
            }
            in++;
        }
    }
}

static void address_space_update(AddressSpace *as)
{
    FlatView *old = as->current_map;
    FlatView *new = flatview_render(as->root);

    if (flatview_equal(old, new)) {
        flatview_unref(new);
        return;
    }
    listeners_call(as, false, call_begin, NULL);
    flatview_diff(as, old, new, false);
    g_mutex_lock(&as->map_lock);
    as->current_map = new;
    g_mutex_unlock(&as->map_lock);
    flatview_diff(as, old, new, true);
    listeners_call(as, false, call_commit, NULL);
    /* Readers still in the old view keep it (and its regions) alive. */
    flatview_unref(old);
}

void memory_views_update(void)
{
    if (!memory_address_spaces) {
        return;
    }
    for (guint i = 0; i < memory_address_spaces->len; i++) {
        address_space_update(g_ptr_array_index(memory_address_spaces, i));
    }
}

void memory_listener_register(MemoryListener *listener, AddressSpace *as)
{
    FlatView *fv = address_space_get_flatview(as);
    guint i;

    g_assert(listener->address_space == NULL);
    for (i = 0; i < as->listeners->len; i++) {
        MemoryListener *other = g_ptr_array_index(as->listeners, i);
        if (other->priority > listener->priority) {
            break;
        }
    }
    g_ptr_array_insert(as->listeners, i, listener);
    listener->address_space = as;

    call_begin(listener, NULL);
    for (unsigned k = 0; k < fv->nr; k++) {
        MemoryRegionSection s;
        section_from_range(&s, as, &fv->ranges[k]);
        call_add(listener, &s);
        memory_range_eventfds(as, listener, &fv->ranges[k], true);
    }
    call_commit(listener, NULL);
    flatview_unref(fv);
}

void memory_listener_unregister(MemoryListener *listener)
{
    AddressSpace *as = listener->address_space;
    FlatView *fv;

    if (!as) {
        return;
    }
    fv = address_space_get_flatview(as);
    call_begin(listener, NULL);
    for (unsigned k = fv->nr; k-- > 0;) {
        MemoryRegionSection s;
        section_from_range(&s, as, &fv->ranges[k]);
        memory_range_eventfds(as, listener, &fv->ranges[k], false);
        call_del(listener, &s);
    }
    call_commit(listener, NULL);
    flatview_unref(fv);
    g_ptr_array_remove(as->listeners, listener);
    listener->address_space = NULL;
}
