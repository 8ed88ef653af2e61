/*
 * `info mtree` dumps: the region tree under every address space and the
 * flat view each one renders, laid out the way QEMU users know them:
 *   address-space: memory
 *     0000000000000000-ffffffffffffffff (prio 0, i/o): system
 *       0000000080000000-0000000087ffffff (prio 0, ram): ram
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/memory.h"
#include "softmmu/memory-internal.h"

static hwaddr range_last(hwaddr start, uint64_t size)
{
    hwaddr last = start + size - 1;

    if (size == UINT64_MAX) {
        return UINT64_MAX;      /* "the whole 64-bit space" */
    }
    return size == 0 ? start : (last < start ? UINT64_MAX : last);
}

/* Subregions sorted by address, higher priority first at one address. */
static gint by_address(gconstpointer a, gconstpointer b)
{
    const MemoryRegion *x = *(MemoryRegion *const *)a;
    const MemoryRegion *y = *(MemoryRegion *const *)b;

    if (x->addr != y->addr) {
        return x->addr < y->addr ? -1 : 1;
    }
    return (y->priority > x->priority) - (y->priority < x->priority);
}

static void mtree_print_region(FILE *out, MemoryRegion *mr, hwaddr base,
                               int level, GHashTable *aliased)
{
    hwaddr start = base + mr->addr;
    g_autoptr(GPtrArray) subs = NULL;

    fprintf(out, "%*s" HWADDR_FMT "-" HWADDR_FMT " (prio %d, %s): ",
            level * 2, "", start, range_last(start, mr->size), mr->priority,
            memory_region_kind_name(mr));
    if (mr->kind == MEMORY_REGION_ALIAS) {
        fprintf(out, "alias %s @%s " HWADDR_FMT "-" HWADDR_FMT, mr->name,
                mr->alias->name, mr->alias_offset,
                range_last(mr->alias_offset, mr->size));
        g_hash_table_add(aliased, mr->alias);
    } else {
        fprintf(out, "%s", mr->name);
    }
    fprintf(out, "%s\n", mr->enabled ? "" : " [disabled]");

    subs = g_ptr_array_copy(mr->subregions, NULL, NULL);
    g_ptr_array_sort(subs, by_address);
    for (guint i = 0; i < subs->len; i++) {
        mtree_print_region(out, g_ptr_array_index(subs, i), start, level + 1,
                           aliased);
    }
}

static void mark_shown(GHashTable *shown, MemoryRegion *mr)
{
    g_hash_table_add(shown, mr);
    for (guint i = 0; i < mr->subregions->len; i++) {
        mark_shown(shown, g_ptr_array_index(mr->subregions, i));
    }
}

void mtree_print(FILE *out)
{
    g_autoptr(GHashTable) aliased = g_hash_table_new(NULL, NULL);
    g_autoptr(GHashTable) shown = g_hash_table_new(NULL, NULL);
    GHashTableIter it;
    gpointer key;
    bool more = true;

    for (guint i = 0; memory_address_spaces &&
                      i < memory_address_spaces->len; i++) {
        AddressSpace *as = g_ptr_array_index(memory_address_spaces, i);
        fprintf(out, "address-space: %s\n", as->name);
        if (as->root) {
            /* The root sits at 0 whatever its addr field says. */
            mtree_print_region(out, as->root, -as->root->addr, 1, aliased);
            mark_shown(shown, as->root);
        }
        fprintf(out, "\n");
    }

    /* Regions reached only through aliases get a tree of their own. */
    while (more) {
        more = false;
        g_hash_table_iter_init(&it, aliased);
        while (g_hash_table_iter_next(&it, &key, NULL)) {
            MemoryRegion *mr = key;
            if (g_hash_table_contains(shown, mr)) {
                continue;
            }
            fprintf(out, "memory-region: %s\n", mr->name);
            mark_shown(shown, mr);
            g_hash_table_iter_steal(&it);
            mtree_print_region(out, mr, -mr->addr, 1, aliased);
            fprintf(out, "\n");
            more = true;
            break;   /* printing may have added to aliased */
        }
    }
}

void mtree_print_flat(FILE *out)
{
    for (guint i = 0; memory_address_spaces &&
                      i < memory_address_spaces->len; i++) {
        AddressSpace *as = g_ptr_array_index(memory_address_spaces, i);
        FlatView *fv = address_space_get_flatview(as);
        const char *root = as->root ? as->root->name : "(none)";

        fprintf(out, "FlatView #%u\n AS \"%s\", root: %s\n"
                " Root memory region: %s\n", i, as->name, root, root);
        if (fv->nr == 0) {
            fprintf(out, "  No rendered FlatView\n");
        }
        for (unsigned k = 0; k < fv->nr; k++) {
            const FlatRange *fr = &fv->ranges[k];
            fprintf(out, "  " HWADDR_FMT "-" HWADDR_FMT " (prio %d, %s): %s",
                    fr->start, flat_range_last(fr), fr->mr->priority,
                    fr->readonly ? "rom" : memory_region_kind_name(fr->mr),
                    fr->mr->name);
            if (fr->offset) {
                fprintf(out, " @" HWADDR_FMT, fr->offset);
            }
            fprintf(out, "\n");
        }
        fprintf(out, "\n");
        flatview_unref(fv);
    }
}
