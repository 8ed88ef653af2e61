/*
 * The TB cache: the global table (sharded, one mutex per shard so
 * lookups from every vCPU run in parallel), per-vCPU jump caches, the
 * per-page lists that code writes consult, chaining and unchaining, and
 * the whole-cache flush.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Locking rule: tb_lock (tcg_global.tb_lock) serialises translation,
 * publishing, chaining, invalidation and the page lists. A shard mutex
 * guards only its hash table; lookups take it alone. A TB, once made,
 * lives until the next flush, which runs in an exclusive section, so a
 * pointer read from a table or jump cache stays valid while its reader
 * is in the loop; readers check tb->invalid.
 */
#include "internal.h"
#include "util/log.h"

#include <string.h>

#define TB_SHARDS 16

typedef struct TBShard {
    GMutex lock;
    GHashTable *table;          /* TB * -> TB *, hashed on the key */
} TBShard;

static TBShard shards[TB_SHARDS];
static GHashTable *pages;       /* physical page -> GPtrArray of TB * */
static GPtrArray *all_tbs;      /* in code-buffer order, for unwinding */
static GHashTable *translating; /* physical page -> readers translating */

TCGExecStats tcg_stats;

/* Ranges written while tb_lock was busy (see tb_ram_write_hook). */
typedef struct PendingRange {
    uint64_t start, end;
} PendingRange;

static GMutex pending_lock;
static GArray *pending_ranges;
static int pending_any;         /* atomic */

static uint32_t tb_hash(uint64_t phys_pc, uint64_t pc, uint32_t flags,
                        uint32_t cflags, uint64_t cs_base)
{
    uint64_t h = phys_pc * 0x9e3779b97f4a7c15ull;

    h ^= (pc + cs_base) * 0xc2b2ae3d27d4eb4full;
    h ^= ((uint64_t)flags << 32 | cflags) * 0x165667b19e3779f9ull;
    return (uint32_t)(h ^ (h >> 29));
}

static guint tb_key_hash(gconstpointer p)
{
    return ((const TranslationBlock *)p)->hash;
}

static gboolean tb_key_equal(gconstpointer a, gconstpointer b)
{
    const TranslationBlock *x = a, *y = b;

    return x->pc == y->pc && x->phys_pc == y->phys_pc &&
           x->flags == y->flags && x->cflags == y->cflags &&
           x->cs_base == y->cs_base;
}

static void tb_free(gpointer p)
{
    TranslationBlock *tb = p;

    g_slist_free(tb->jmp_in);
    g_free(tb);
}

void tb_maint_init(void)
{
    for (int i = 0; i < TB_SHARDS; i++) {
        g_mutex_init(&shards[i].lock);
        shards[i].table = g_hash_table_new(tb_key_hash, tb_key_equal);
    }
    pages = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                  (GDestroyNotify)g_ptr_array_unref);
    all_tbs = g_ptr_array_new_with_free_func(tb_free);
    translating = g_hash_table_new(g_direct_hash, g_direct_equal);
    g_mutex_init(&tcg_global.tb_lock);
    memset(&tcg_stats, 0, sizeof(tcg_stats));
}

void tb_maint_destroy(void)
{
    for (int i = 0; i < TB_SHARDS; i++) {
        g_hash_table_destroy(shards[i].table);
        g_mutex_clear(&shards[i].lock);
    }
    g_hash_table_destroy(pages);
    g_hash_table_destroy(translating);
    translating = NULL;
    g_ptr_array_unref(all_tbs);
    g_mutex_lock(&pending_lock);
    if (pending_ranges) {
        g_array_unref(pending_ranges);
        pending_ranges = NULL;
    }
    g_atomic_int_set(&pending_any, 0);
    g_mutex_unlock(&pending_lock);
    pages = NULL;
    all_tbs = NULL;
}

TranslationBlock *tb_htable_lookup(uint64_t pc, uint64_t phys_pc,
                                   uint64_t cs_base, uint32_t flags,
                                   uint32_t cflags)
{
    TranslationBlock key = {
        .pc = pc, .phys_pc = phys_pc, .cs_base = cs_base,
        .flags = flags, .cflags = cflags,
        .hash = tb_hash(phys_pc, pc, flags, cflags, cs_base),
    };
    TBShard *sh = &shards[key.hash % TB_SHARDS];
    TranslationBlock *tb;

    g_mutex_lock(&sh->lock);
    tb = g_hash_table_lookup(sh->table, &key);
    g_mutex_unlock(&sh->lock);
    return tb;
}

static void page_add_tb(uint64_t page, TranslationBlock *tb)
{
    GPtrArray *list = g_hash_table_lookup(pages, GSIZE_TO_POINTER(page));

    if (!list) {
        list = g_ptr_array_new();
        g_hash_table_insert(pages, GSIZE_TO_POINTER(page), list);
        /* From now on every write to the page checks for code. */
        tlb_protect_code(page);
    }
    g_ptr_array_add(list, tb);
}

static void page_remove_tb(uint64_t page, TranslationBlock *tb)
{
    GPtrArray *list = g_hash_table_lookup(pages, GSIZE_TO_POINTER(page));

    if (list) {
        g_ptr_array_remove_fast(list, tb);
        if (!list->len) {
            g_hash_table_remove(pages, GSIZE_TO_POINTER(page));
        }
    }
}

bool tb_page_has_code(uint64_t phys_page)
{
    return pages &&
           (g_hash_table_contains(pages, GSIZE_TO_POINTER(phys_page)) ||
            g_hash_table_contains(translating, GSIZE_TO_POINTER(phys_page)));
}

/*
 * A vCPU is about to read code from phys_page: stores there take the
 * slow path from now on, so one landing during the translation bumps
 * the page's generation and the block is translated again instead of
 * being published stale.
 */
void tb_page_translating_begin(uint64_t phys_page)
{
    gpointer key = GSIZE_TO_POINTER(phys_page);
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(translating, key));

    g_hash_table_insert(translating, key, GUINT_TO_POINTER(n + 1));
    if (!n && !g_hash_table_contains(pages, key)) {
        tlb_protect_code(phys_page);
    }
}

void tb_page_translating_end(uint64_t phys_page)
{
    gpointer key = GSIZE_TO_POINTER(phys_page);
    guint n = GPOINTER_TO_UINT(g_hash_table_lookup(translating, key));

    if (n > 1) {
        g_hash_table_insert(translating, key, GUINT_TO_POINTER(n - 1));
    } else {
        g_hash_table_remove(translating, key);
    }
}

/* Keep all_tbs in code order: vCPUs fill different regions. */
static void all_tbs_insert(TranslationBlock *tb)
{
    guint lo = 0, hi = all_tbs->len;

    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        TranslationBlock *m = g_ptr_array_index(all_tbs, mid);

        if ((uintptr_t)m->tc_ptr < (uintptr_t)tb->tc_ptr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    g_ptr_array_insert(all_tbs, (gint)lo, tb);
}

static unsigned page_gen_hash(uint64_t phys_page)
{
    return (unsigned)((phys_page >> tcg_global.page_bits) *
                      0x9e3779b97f4a7c15ull >> 56);
}

bool tb_pages_changed_since(const TranslationBlock *tb, uint64_t gen)
{
    if (tcg_global.code_gen == gen) {
        return false;
    }
    return tcg_global.page_gen[page_gen_hash(tb->page_addr[0])] > gen ||
           (tb->page_addr[1] != -1ull &&
            tcg_global.page_gen[page_gen_hash(tb->page_addr[1])] > gen);
}

void tb_link(TranslationBlock *tb)
{
    TBShard *sh;

    tb->hash = tb_hash(tb->phys_pc, tb->pc, tb->flags, tb->cflags,
                       tb->cs_base);
    all_tbs_insert(tb);
    page_add_tb(tb->page_addr[0], tb);
    if (tb->page_addr[1] != -1ull) {
        page_add_tb(tb->page_addr[1], tb);
    }
    sh = &shards[tb->hash % TB_SHARDS];
    g_mutex_lock(&sh->lock);
    g_hash_table_insert(sh->table, tb, tb);
    g_mutex_unlock(&sh->lock);
}

/* every slot number fits the exit value's tag */
G_STATIC_ASSERT(TB_MAX_JMP == TCG_MAX_GOTO_TB && TB_MAX_JMP <= TB_EXIT_MASK);

static void tb_set_jump(TranslationBlock *tb, unsigned n,
                        const TranslationBlock *dest)
{
    g_autoptr(GError) err = NULL;
    const uint8_t *target = dest ? dest->tc_ptr : NULL;

    if (dest == tb && (int)n == tb->loop_jmp) {
        target += tb->loop_ofs;     /* its loop entry: registers loaded */
    }
    if (!tcg_set_goto_tb_target(tcg_global.ctx, tb->tc_ptr, tb->jmp_ofs[n],
                                target, &err)) {
        /* Unchained blocks still work: they exit to the loop. */
        vireo_log_mask(LOG_EXEC, "tcg: chaining failed: %s\n",
                       err->message);
    }
}

void tb_add_jump(TranslationBlock *tb, unsigned n, TranslationBlock *dest)
{
    g_assert(n < TB_MAX_JMP);
    g_mutex_lock(&tcg_global.tb_lock);
    if (!g_atomic_int_get(&tb->invalid) && !g_atomic_int_get(&dest->invalid)
        && !tb->jmp_dest[n] && tb->jmp_ofs[n] >= 0) {
        tb_set_jump(tb, n, dest);
        tb->jmp_dest[n] = dest;
        dest->jmp_in = g_slist_prepend(dest->jmp_in,
                                       (gpointer)((uintptr_t)tb | n));
        tcg_stat_inc(chains);
    }
    g_mutex_unlock(&tcg_global.tb_lock);
}

static void tb_invalidate_locked(TranslationBlock *tb)
{
    TBShard *sh = &shards[tb->hash % TB_SHARDS];
    uint32_t h = tb_jmp_cache_hash(tb->pc);
    CPUState *cpu;

    g_atomic_int_set(&tb->invalid, 1);
    g_mutex_lock(&sh->lock);
    g_hash_table_remove(sh->table, tb);
    g_mutex_unlock(&sh->lock);
    page_remove_tb(tb->page_addr[0], tb);
    if (tb->page_addr[1] != -1ull) {
        page_remove_tb(tb->page_addr[1], tb);
    }
    CPU_FOREACH(cpu) {
        if (cpu->accel) {
            __atomic_compare_exchange_n(&cpu->accel->jmp_cache[h].tb,
                                        &(TranslationBlock *){ tb }, NULL,
                                        false, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST);
        }
    }
    /* Jumps into it go back to exiting; so do its own. */
    for (GSList *l = tb->jmp_in; l; l = l->next) {
        uintptr_t v = (uintptr_t)l->data;
        TranslationBlock *src =
            (TranslationBlock *)(v & ~(uintptr_t)TB_EXIT_MASK);
        unsigned n = v & TB_EXIT_MASK;

        tb_set_jump(src, n, NULL);
        src->jmp_dest[n] = NULL;
    }
    g_slist_free(tb->jmp_in);
    tb->jmp_in = NULL;
    for (unsigned n = 0; n < TB_MAX_JMP; n++) {
        TranslationBlock *dest = tb->jmp_dest[n];
        if (dest) {
            dest->jmp_in = g_slist_remove(dest->jmp_in,
                                          (gpointer)((uintptr_t)tb | n));
            tb_set_jump(tb, n, NULL);
            tb->jmp_dest[n] = NULL;
        }
    }
    tcg_stat_inc(invalidations);
}

/* Does tb read guest physical [start, end)? */
static bool tb_overlaps(const TranslationBlock *tb, uint64_t start,
                        uint64_t end, uint64_t page_size)
{
    uint64_t first_end = MIN(tb->phys_pc + tb->size,
                             tb->page_addr[0] + page_size);
    uint64_t rest = tb->size - (first_end - tb->phys_pc);

    if (tb->size == 0) {
        return start <= tb->phys_pc && tb->phys_pc < end;
    }
    if (start < first_end && tb->phys_pc < end) {
        return true;
    }
    return tb->page_addr[1] != -1ull && rest &&
           start < tb->page_addr[1] + rest && tb->page_addr[1] < end;
}

bool tb_invalidate_range_locked(uint64_t start, uint64_t end, bool have_pc,
                                uint64_t pc)
{
    uint64_t page_size = 1ull << tcg_global.page_bits;
    uint64_t mask = ~(page_size - 1);
    bool hit_current = false;

    if (!pages || start >= end) {
        return false;
    }
    tcg_global.code_gen++;
    for (uint64_t p = start & mask; p < end && p >= (start & mask);
         p += page_size) {
        tcg_global.page_gen[page_gen_hash(p)] = tcg_global.code_gen;
        GPtrArray *list = g_hash_table_lookup(pages, GSIZE_TO_POINTER(p));
        g_autoptr(GPtrArray) victims = g_ptr_array_new();

        for (guint i = 0; list && i < list->len; i++) {
            TranslationBlock *tb = g_ptr_array_index(list, i);
            if (tb_overlaps(tb, start, end, page_size)) {
                g_ptr_array_add(victims, tb);
            }
        }
        for (guint i = 0; i < victims->len; i++) {
            TranslationBlock *tb = g_ptr_array_index(victims, i);
            if (have_pc && pc >= tb->pc && pc < tb->pc + tb->size &&
                tb->icount > 1) {
                hit_current = true;
            }
            tb_invalidate_locked(tb);
        }
        if (p + page_size < p) {
            break;
        }
    }
    return hit_current;
}

/*
 * Writes through the memory API (DMA, loaders). The writer may hold the
 * global lock while a translating vCPU holds tb_lock and waits for the
 * global lock (code fetched from MMIO), so never block on tb_lock here:
 * when it is busy, queue the range and kick every vCPU; each drains the
 * queue before it looks up its next TB.
 */

bool tb_pending_invalidations(void)
{
    return g_atomic_int_get(&pending_any);
}

void tb_process_pending_invalidations(void)
{
    g_autoptr(GArray) todo = NULL;

    g_mutex_lock(&pending_lock);
    todo = pending_ranges;
    pending_ranges = NULL;
    g_atomic_int_set(&pending_any, 0);
    g_mutex_unlock(&pending_lock);
    if (!todo) {
        return;
    }
    g_mutex_lock(&tcg_global.tb_lock);
    for (guint i = 0; i < todo->len; i++) {
        PendingRange *r = &g_array_index(todo, PendingRange, i);
        tb_invalidate_range_locked(r->start, r->end, false, 0);
    }
    g_mutex_unlock(&tcg_global.tb_lock);
}

void tb_ram_write_hook(AddressSpace *as, hwaddr addr, hwaddr len)
{
    PendingRange r = { addr, addr + len };
    CPUState *cpu;

    if (!tcg_global.ctx || !len || !tlb_is_cpu_address_space(as)) {
        return;
    }
    if (g_mutex_trylock(&tcg_global.tb_lock)) {
        tb_invalidate_range_locked(r.start, r.end, false, 0);
        g_mutex_unlock(&tcg_global.tb_lock);
        return;
    }
    g_mutex_lock(&pending_lock);
    if (!pending_ranges) {
        pending_ranges = g_array_new(FALSE, FALSE, sizeof(PendingRange));
    }
    g_array_append_val(pending_ranges, r);
    g_atomic_int_set(&pending_any, 1);
    g_mutex_unlock(&pending_lock);
    CPU_FOREACH(cpu) {
        if (cpu->accel) {
            cpu_kick(cpu);
        }
    }
}

void tcg_tb_invalidate_phys_range(uint64_t start, uint64_t len)
{
    if (!tcg_global.ctx || !len) {
        return;
    }
    g_mutex_lock(&tcg_global.tb_lock);
    tb_invalidate_range_locked(start, start + len, false, 0);
    g_mutex_unlock(&tcg_global.tb_lock);
}

TranslationBlock *tb_find_by_host_pc(uintptr_t host_pc)
{
    guint lo = 0, hi = all_tbs ? all_tbs->len : 0;
    TranslationBlock *tb;

    /* all_tbs is in code order: find the last entry <= host_pc. */
    while (lo < hi) {
        guint mid = (lo + hi) / 2;
        tb = g_ptr_array_index(all_tbs, mid);
        if ((uintptr_t)tb->tc_ptr < host_pc) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    if (lo == 0) {
        return NULL;
    }
    tb = g_ptr_array_index(all_tbs, lo - 1);
    if (host_pc > (uintptr_t)tb->tc_ptr + tb->tc_size) {
        return NULL;
    }
    return tb;
}

void tb_jmp_cache_clear(CPUState *cpu)
{
    for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++) {
        __atomic_store_n(&cpu->accel->jmp_cache[i].tb, NULL,
                         __ATOMIC_RELAXED);
    }
    memset(cpu->accel->jmp_bloom, 0, sizeof(cpu->accel->jmp_bloom));
}

void tb_jmp_cache_set(CPUState *cpu, uint64_t pc, TranslationBlock *tb)
{
    AccelCPUState *a = cpu->accel;
    TBJmpCacheEntry *e = &a->jmp_cache[tb_jmp_cache_hash(pc)];

    if (tb->cs_base != 0) {
        return;                 /* the entry has no room for it */
    }
    /* Before the store: a flush must not miss a block it could find. */
    page_bloom_add(a->jmp_bloom, tb->pc >> a->page_bits);
    page_bloom_add(a->jmp_bloom, (tb->pc + tb->size - 1) >> a->page_bits);
    /* empty first: a reader never pairs the old tb with the new key */
    __atomic_store_n(&e->tb, NULL, __ATOMIC_RELAXED);
    e->pc = tb->pc;
    e->tc_ptr = tb->tc_ptr;
    e->flags = tb->flags;
    e->cflags = tb->cflags;
    __atomic_store_n(&e->tb, tb, __ATOMIC_RELEASE);
}

void tb_flush_locked(void)
{
    CPUState *cpu;

    for (int i = 0; i < TB_SHARDS; i++) {
        g_hash_table_remove_all(shards[i].table);
    }
    g_hash_table_remove_all(pages);
    CPU_FOREACH(cpu) {
        if (cpu->accel) {
            tb_jmp_cache_clear(cpu);
        }
    }
    g_ptr_array_set_size(all_tbs, 0);
    tcg_code_flush(tcg_global.ctx);
    g_atomic_int_inc(&tcg_global.flush_count);
    tcg_stat_inc(flushes);
}

void tcg_tb_flush(void)
{
    if (!tcg_global.ctx) {
        return;
    }
    tcg_start_exclusive();
    g_mutex_lock(&tcg_global.tb_lock);
    tb_flush_locked();
    g_mutex_unlock(&tcg_global.tb_lock);
    tcg_end_exclusive();
}

void tcg_exec_stats(TCGExecStats *out)
{
    uint64_t *dst = (uint64_t *)out;
    uint64_t *src = (uint64_t *)&tcg_stats;

    for (size_t i = 0; i < sizeof(*out) / sizeof(uint64_t); i++) {
        dst[i] = __atomic_load_n(&src[i], __ATOMIC_RELAXED);
    }
}
