/*
 * Store watching, for load-reserved/store-conditional: while a target
 * holds a reservation in a guest-physical page it has that page watched,
 * and every store into it through any vCPU's TLB takes the slow path
 * (the TLB_NOTDIRTY flag code pages use) and calls the target's hook,
 * under one lock, before the bytes are written. The hook breaks the
 * reservations the store overlaps, including one for a store of the
 * value memory already holds, which a compare-and-swap of the loaded
 * value cannot see. A page stops being watched when a store finds no
 * reservation left in it.
 *
 * Only the TLB entries at the reserving access's virtual address are
 * flagged when a page becomes watched (entries filled later all are):
 * another vCPU's older entry for the same page under a different
 * virtual address keeps its fast path, so such an aliased store of the
 * same value goes unseen. A store whose TLB lookup raced the flagging
 * is also missed. Stores by devices are never seen.
 *
 * Locks: tb_lock before watch_lock. A store takes watch_lock alone
 * (tcg_store_watch_begin/end); LR/SC take both (tcg_store_watch_lock).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"

#include <string.h>

/* Past this many pages, adding one first drops the unreserved ones. */
#define WATCH_PRUNE_AT 32

static GMutex watch_lock;
static GArray *watched;             /* of uint64_t pages, under watch_lock */
static unsigned watched_len;        /* atomic copy of watched->len */
static TCGStoreWatchHook *watch_hook;

void tcg_store_watch_set_hook(TCGStoreWatchHook *fn)
{
    watch_hook = fn;
}

/*
 * Adding a page also takes tb_lock, which tlb_set_page holds while it
 * decides on TLB_NOTDIRTY and stores the entry: an entry filled as the
 * page becomes watched is then either seen by the scan or flagged.
 */
void tcg_store_watch_lock(void)
{
    g_mutex_lock(&tcg_global.tb_lock);
    g_mutex_lock(&watch_lock);
}

void tcg_store_watch_unlock(void)
{
    g_mutex_unlock(&watch_lock);
    g_mutex_unlock(&tcg_global.tb_lock);
}

static uint64_t page_of(uint64_t phys)
{
    return phys & ~((1ull << tcg_global.page_bits) - 1);
}

static int find_locked(uint64_t page)
{
    if (!watched) {
        return -1;
    }
    for (guint i = 0; i < watched->len; i++) {
        if (g_array_index(watched, uint64_t, i) == page) {
            return (int)i;
        }
    }
    return -1;
}

bool store_watch_page_watched(uint64_t phys_page)
{
    bool found;

    if (!__atomic_load_n(&watched_len, __ATOMIC_ACQUIRE)) {
        return false;
    }
    g_mutex_lock(&watch_lock);
    found = find_locked(page_of(phys_page)) >= 0;
    g_mutex_unlock(&watch_lock);
    return found;
}

void tcg_store_watch_add_locked(CPUState *cpu, uint64_t vaddr,
                                uint64_t phys)
{
    uint64_t page = page_of(phys);
    CPUState *c;

    if (find_locked(page) >= 0) {
        return;         /* its entries are flagged already */
    }
    if (!watched) {
        watched = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    }
    if (watched->len >= WATCH_PRUNE_AT && watch_hook) {
        /*
         * Pages reserved and then never stored to stay listed: drop those
         * without a reservation (a zero-length store breaks none).
         */
        for (guint i = watched->len; i-- > 0;) {
            if (!watch_hook(g_array_index(watched, uint64_t, i), 0)) {
                g_array_remove_index_fast(watched, i);
            }
        }
    }
    g_array_append_val(watched, page);
    __atomic_store_n(&watched_len, watched->len, __ATOMIC_RELEASE);
    CPU_FOREACH(c) {
        AccelCPUState *a = c->accel;
        unsigned i;

        if (!a) {
            continue;
        }
        i = (vaddr >> a->page_bits) & (CPU_TLB_SIZE - 1);
        for (unsigned m = 0; m < a->nb_mmu_modes; m++) {
            CPUTLBEntry *e = &a->tlb.table[m][i];
            uint64_t w = __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);

            if (!(w & TLB_INVALID) && a->tlb.full[m][i].phys == page) {
                __atomic_fetch_or(&e->addr_write, TLB_NOTDIRTY,
                                  __ATOMIC_SEQ_CST);
            }
        }
    }
}

void tcg_store_watch_notify_locked(uint64_t phys, unsigned len)
{
    int i = find_locked(page_of(phys));

    if (i < 0) {
        return;
    }
    if (!watch_hook || !watch_hook(phys, len)) {
        g_array_remove_index_fast(watched, (guint)i);
        __atomic_store_n(&watched_len, watched->len, __ATOMIC_RELEASE);
    }
}

bool tcg_store_watch_begin(uint64_t phys, unsigned len)
{
    if (!__atomic_load_n(&watched_len, __ATOMIC_ACQUIRE)) {
        return false;
    }
    g_mutex_lock(&watch_lock);
    if (find_locked(page_of(phys)) < 0) {
        g_mutex_unlock(&watch_lock);
        return false;
    }
    tcg_store_watch_notify_locked(phys, len);
    return true;
}

void tcg_store_watch_end(void)
{
    g_mutex_unlock(&watch_lock);
}
