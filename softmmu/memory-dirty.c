/*
 * Global dirty logging: the memory API asks every listener (KVM's memory
 * slots, later a TCG bitmap) to record guest writes to RAM, and collects
 * what they recorded, for live migration and snapshots. The listeners
 * keep the bitmaps; this file only fans the requests out.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "softmmu/memory-internal.h"

static bool dirty_log_active;

typedef void ListenerFn(MemoryListener *l, void *opaque);

/* fn on every listener, in registration order (or its reverse). */
static void each_listener(bool reverse, ListenerFn *fn, void *opaque)
{
    guint nas = memory_address_spaces ? memory_address_spaces->len : 0;

    for (guint i = 0; i < nas; i++) {
        AddressSpace *as = g_ptr_array_index(memory_address_spaces,
                                             reverse ? nas - 1 - i : i);
        guint n = as->listeners->len;

        for (guint k = 0; k < n; k++) {
            fn(g_ptr_array_index(as->listeners, reverse ? n - 1 - k : k),
               opaque);
        }
    }
}

typedef struct StartState {
    MemoryListener *failed;     /* the one that refused */
    bool stopping;              /* undoing: stop those before it */
    GError **errp;
} StartState;

static void listener_start(MemoryListener *l, void *opaque)
{
    StartState *st = opaque;

    if (st->failed || !l->log_global_start) {
        return;
    }
    if (!l->log_global_start(l, st->errp)) {
        st->failed = l;
    }
}

static void listener_undo(MemoryListener *l, void *opaque)
{
    StartState *st = opaque;

    /* Walked in order: those before the failed one had started. */
    if (l == st->failed) {
        st->stopping = false;
    }
    if (st->stopping && l->log_global_stop) {
        l->log_global_stop(l);
    }
}

bool memory_global_dirty_log_start(GError **errp)
{
    StartState st = { .errp = errp };

    if (dirty_log_active) {
        return true;
    }
    each_listener(false, listener_start, &st);
    if (st.failed) {
        st.stopping = true;
        each_listener(false, listener_undo, &st);
        return false;
    }
    dirty_log_active = true;
    return true;
}

static void listener_stop(MemoryListener *l, void *opaque)
{
    if (l->log_global_stop) {
        l->log_global_stop(l);
    }
}

void memory_global_dirty_log_stop(void)
{
    if (dirty_log_active) {
        each_listener(true, listener_stop, NULL);
        dirty_log_active = false;
    }
}

typedef struct SyncState {
    MemoryDirtyFn *fn;
    void *opaque;
} SyncState;

static void listener_sync(MemoryListener *l, void *opaque)
{
    SyncState *st = opaque;

    if (l->log_sync) {
        l->log_sync(l, st->fn, st->opaque);
    }
}

void memory_global_dirty_log_sync(MemoryDirtyFn *fn, void *opaque)
{
    SyncState st = { fn, opaque };

    if (dirty_log_active) {
        each_listener(false, listener_sync, &st);
    }
}

bool memory_global_dirty_log_active(void)
{
    return dirty_log_active;
}
