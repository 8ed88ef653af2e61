/*
 * The softmmu TLB: per vCPU and MMU index, a direct-mapped table of
 * pages (tag = guest page | flags, addend to the host RAM). Guest loads
 * and stores from generated code arrive here (the call-outs tcg/ offers);
 * a hit on a plain RAM page is a compare and an add, everything else
 * (miss, MMIO, code page, watchpoint, misaligned, page-crossing) takes
 * the slow path: the target's page walker, the memory API's dispatch,
 * TB invalidation for self-modifying code.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "softmmu/memory-system.h"
#include "util/log.h"
#include "util/main-loop.h"

#include <string.h>

typedef struct TLBListener {
    MemoryListener ml;
} TLBListener;

/* One per address space a CPU uses; the lock covers the array. */
static GPtrArray *listeners;    /* of TLBListener * */
static GMutex listeners_lock;

static inline unsigned tlb_index(AccelCPUState *a, uint64_t addr)
{
    return (addr >> a->page_bits) & (CPU_TLB_SIZE - 1);
}

static inline bool tlb_hit(AccelCPUState *a, uint64_t tag, uint64_t addr)
{
    return (tag & (a->page_mask | TLB_INVALID)) == (addr & a->page_mask);
}

/* --- flushes -------------------------------------------------------------- */

static void tlb_flush_local(CPUState *cpu, uint16_t idxmap)
{
    AccelCPUState *a = cpu->accel;
    unsigned used = __atomic_load_n(&a->tlb.used_modes, __ATOMIC_RELAXED);

    for (unsigned m = 0; m < a->nb_mmu_modes; m++) {
        if ((idxmap & used & (1u << m))) {
            memset(a->tlb.table[m], 0xff, sizeof(a->tlb.table[m]));
            a->tlb.large_addr[m] = -1ull;
            a->tlb.large_mask[m] = 0;
            a->tlb.large_bits[m] = 0;
            if (a->tlb.large_sizes[m]) {
                a->tlb.large_sizes[m] = 0;
                memset(a->tlb.large_bloom[m], 0,
                       sizeof(a->tlb.large_bloom[m]));
            }
        }
    }
    __atomic_fetch_and(&a->tlb.used_modes, ~(unsigned)idxmap,
                       __ATOMIC_RELEASE);
    /* Jump-cache hits skip the TLB: they must not outlive a mapping. */
    tb_jmp_cache_clear(cpu);
    tcg_stat_inc(tlb_flushes);
}

/* May a large page filled into index m since its last flush hold page? */
static bool tlb_large_may_hold(AccelCPUState *a, unsigned m, uint64_t page)
{
    uint64_t sizes = a->tlb.large_sizes[m];

    if (!a->tlb.large_mask[m] ||
        (page & a->tlb.large_mask[m]) != a->tlb.large_addr[m]) {
        return false;
    }
    while (sizes) {
        unsigned lg = __builtin_ctzll(sizes);

        if (page_bloom_may_hold(a->tlb.large_bloom[m], page >> lg)) {
            return true;
        }
        sizes &= sizes - 1;
    }
    return false;
}

/*
 * Drop index m's entries made from a large page holding page: each entry
 * knows the size of its leaf, so other large pages and small pages
 * inside the span stay (the span only says where to look).
 */
static void tlb_flush_large_local(AccelCPUState *a, unsigned m,
                                  uint64_t page)
{
    for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
        CPUTLBEntryFull *f = &a->tlb.full[m][i];

        if (f->lg_page_size > a->page_bits &&
            ((f->vaddr ^ page) >> f->lg_page_size) == 0) {
            memset(&a->tlb.table[m][i], 0xff, sizeof(CPUTLBEntry));
        }
    }
}

static void tlb_flush_page_local(CPUState *cpu, uint64_t addr,
                                 uint16_t idxmap)
{
    AccelCPUState *a = cpu->accel;
    uint64_t page = addr & a->page_mask;
    unsigned i = tlb_index(a, page);
    /* Blocks to drop from the jump cache: those on this aligned span. */
    unsigned jbits = a->page_bits;
    uint64_t jfirst, jlast;

    for (unsigned m = 0; m < a->nb_mmu_modes; m++) {
        CPUTLBEntry *e = &a->tlb.table[m][i];

        if (!(idxmap & (1u << m))) {
            continue;
        }
        if (tlb_large_may_hold(a, m, page)) {
            tlb_flush_large_local(a, m, page);
            /*
             * A block on a large page may outlive its TLB entry in the
             * jump cache: drop every block inside the largest page size
             * seen, wherever its entry went.
             */
            jbits = MAX(jbits, a->tlb.large_bits[m]);
        }
        if (tlb_hit(a, e->addr_read, page) ||
            tlb_hit(a, e->addr_write, page) ||
            tlb_hit(a, e->addr_code, page)) {
            memset(e, 0xff, sizeof(*e));
        }
    }
    if (jbits == a->page_bits &&
        !page_bloom_may_hold(a->jmp_bloom, page >> a->page_bits)) {
        return;     /* no block in the jump cache starts or ends here */
    }
    jfirst = page & ~((1ull << jbits) - 1);
    jlast = jfirst + ((1ull << jbits) - 1);
    for (unsigned j = 0; j < TB_JMP_CACHE_SIZE; j++) {
        TranslationBlock *tb = __atomic_load_n(&a->jmp_cache[j].tb,
                                               __ATOMIC_RELAXED);
        if (tb && tb->pc <= jlast && tb->pc + tb->size - 1 >= jfirst) {
            __atomic_store_n(&a->jmp_cache[j].tb, NULL,
                             __ATOMIC_RELAXED);
        }
    }
}

void tlb_process_pending(CPUState *cpu)
{
    unsigned mask = __atomic_exchange_n(&cpu->accel->pending_flush, 0,
                                        __ATOMIC_SEQ_CST);
    if (mask) {
        tlb_flush_local(cpu, mask);
    }
}

/* Another vCPU's TLB is only ever changed by that vCPU: ask and kick. */
static void tlb_flush_remote(CPUState *cpu, uint16_t idxmap)
{
    __atomic_fetch_or(&cpu->accel->pending_flush, idxmap, __ATOMIC_SEQ_CST);
    cpu_kick(cpu);
}

void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap)
{
    if (!cpu->accel) {
        return;
    }
    if (cpu == cpu_current()) {
        tlb_flush_local(cpu, idxmap);
    } else {
        tlb_flush_remote(cpu, idxmap);
    }
}

void tlb_flush(CPUState *cpu)
{
    tlb_flush_by_mmuidx(cpu, 0xffff);
}

void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t addr, uint16_t idxmap)
{
    if (!cpu->accel) {
        return;
    }
    if (cpu == cpu_current()) {
        tlb_flush_page_local(cpu, addr, idxmap);
    } else {
        tlb_flush_remote(cpu, idxmap);
    }
}

void tlb_flush_page(CPUState *cpu, uint64_t addr)
{
    tlb_flush_page_by_mmuidx(cpu, addr, 0xffff);
}

void tlb_flush_all_cpus(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tlb_flush(cpu);
    }
}

/* --- set-up --------------------------------------------------------------- */

static void tlb_map_changed(MemoryListener *ml)
{
    /* Entries hold host pointers and region kinds of the old view. */
    tlb_flush_all_cpus();
}

void tlb_listen(AddressSpace *as)
{
    TLBListener *l;

    if (tlb_is_cpu_address_space(as)) {
        return;
    }
    l = g_new0(TLBListener, 1);
    l->ml.commit = tlb_map_changed;
    l->ml.name = "tcg-tlb";
    memory_listener_register(&l->ml, as);
    g_mutex_lock(&listeners_lock);
    if (!listeners) {
        listeners = g_ptr_array_new();
    }
    g_ptr_array_add(listeners, l);
    g_mutex_unlock(&listeners_lock);
}

bool tlb_is_cpu_address_space(AddressSpace *as)
{
    bool found = false;

    g_mutex_lock(&listeners_lock);
    for (guint i = 0; listeners && i < listeners->len && !found; i++) {
        TLBListener *l = g_ptr_array_index(listeners, i);
        found = l->ml.address_space == as;
    }
    g_mutex_unlock(&listeners_lock);
    return found;
}

void tlb_unlisten_all(void)
{
    g_autoptr(GPtrArray) old = NULL;

    g_mutex_lock(&listeners_lock);
    old = listeners;
    listeners = NULL;
    g_mutex_unlock(&listeners_lock);
    for (guint i = 0; old && i < old->len; i++) {
        TLBListener *l = g_ptr_array_index(old, i);
        memory_listener_unregister(&l->ml);
        g_free(l);
    }
}

/*
 * Let generated code look the TLB up inline: cpu->accel, then the table.
 * Its page size is the smallest of every vCPU's: an entry of a larger
 * page then still only hits inside the page it maps. vCPUs are created
 * before any code runs, so blocks see the final value.
 */
static void tlb_set_inline_layout(void)
{
    TCGSoftmmuTLB l = {
        .ptr_ofs = offsetof(CPUState, accel),
        .table_ofs = offsetof(AccelCPUState, tlb.table),
        .page_bits = tcg_global.page_bits,
    };

    if (!tcg_global.ctx || l.page_bits < 10 || l.page_bits > 20 ||
        tcg_user_active()) {
        return;     /* odd page sizes keep to the call-outs */
    }
    g_mutex_lock(&tcg_global.tb_lock);
    tcg_context_set_softmmu_tlb(tcg_global.ctx, &l);
    g_mutex_unlock(&tcg_global.tb_lock);
}

void tlb_cpu_init(CPUState *cpu)
{
    AccelCPUState *a = cpu->accel;
    const TCGCPUOps *ops = cpu->accel->ops;

    a->page_bits = ops->page_bits ? ops->page_bits : 12;
    a->page_mask = ~((1ull << a->page_bits) - 1);
    g_assert(a->page_bits > 10);    /* room for the TLB_* flags */
    a->nb_mmu_modes = ops->nb_mmu_modes ? ops->nb_mmu_modes : 1;
    if (!tcg_global.page_bits || a->page_bits < tcg_global.page_bits) {
        tcg_global.page_bits = a->page_bits;
    }
    tlb_set_inline_layout();
    a->watchpoints = g_array_new(FALSE, FALSE, sizeof(TCGWatchpoint));
    a->breakpoints = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    a->as = address_space_memory();
    a->tlb.used_modes = 0xffff;     /* so that this flush fills them all */
    tlb_flush_local(cpu, 0xffff);
    tlb_listen(a->as);
}

void tlb_cpu_destroy(CPUState *cpu)
{
    g_array_unref(cpu->accel->watchpoints);
    g_array_unref(cpu->accel->breakpoints);
}

void tcg_cpu_set_address_space(CPUState *cpu, AddressSpace *as)
{
    cpu->accel->as = as;
    tlb_listen(as);
    tlb_flush(cpu);
}

/* --- watchpoints ---------------------------------------------------------- */

void tcg_cpu_set_watchpoint_hook(CPUState *cpu, TCGWatchpointHit *fn)
{
    cpu->accel->watch_hook = fn;
}

void tcg_cpu_watchpoint_insert(CPUState *cpu, uint64_t addr, uint64_t len,
                               int kind)
{
    TCGWatchpoint wp = { .addr = addr, .len = len, .kind = kind };

    g_array_append_val(cpu->accel->watchpoints, wp);
    tlb_flush(cpu);
}

bool tcg_cpu_watchpoint_remove(CPUState *cpu, uint64_t addr, uint64_t len,
                               int kind)
{
    GArray *w = cpu->accel->watchpoints;

    for (guint i = 0; i < w->len; i++) {
        TCGWatchpoint *wp = &g_array_index(w, TCGWatchpoint, i);
        if (wp->addr == addr && wp->len == len && wp->kind == kind) {
            g_array_remove_index(w, i);
            tlb_flush(cpu);
            return true;
        }
    }
    return false;
}

void tcg_cpu_watchpoint_remove_all(CPUState *cpu)
{
    g_array_set_size(cpu->accel->watchpoints, 0);
    tlb_flush(cpu);
}

static bool watch_overlaps(AccelCPUState *a, uint64_t addr, uint64_t len,
                           int kind)
{
    for (guint i = 0; i < a->watchpoints->len; i++) {
        TCGWatchpoint *wp = &g_array_index(a->watchpoints, TCGWatchpoint, i);
        if ((wp->kind & kind) && addr < wp->addr + wp->len &&
            wp->addr < addr + len) {
            return true;
        }
    }
    return false;
}

static void watch_check(CPUState *cpu, uint64_t addr, unsigned len, int kind,
                        uintptr_t ra)
{
    if (cpu->accel->watch_hook && watch_overlaps(cpu->accel, addr, len, kind)) {
        cpu->accel->watch_hook(cpu, addr, len, kind, ra);
    }
}

/* --- filling -------------------------------------------------------------- */

static void tlb_set_page(CPUState *cpu, uint64_t addr, int mmu,
                         const TCGTLBFill *f)
{
    AccelCPUState *a = cpu->accel;
    CPUTLB *t = &a->tlb;
    uint64_t vpage = addr & a->page_mask;
    uint64_t ppage = f->phys & a->page_mask;
    uint64_t psize = 1ull << a->page_bits;
    unsigned i = tlb_index(a, vpage);
    CPUTLBEntry *e = &t->table[mmu][i];
    MemoryRegionSection sec;
    FlatView *fv;
    bool found, ram = false, wram = false, watch;
    uint8_t *host = NULL;
    uint64_t w, once;

    if (f->lg_page_size > a->page_bits) {
        unsigned lg = MIN(f->lg_page_size, 63);
        uint64_t lmask = ~((1ull << lg) - 1);

        if (!t->large_mask[mmu]) {
            t->large_mask[mmu] = lmask;
            t->large_addr[mmu] = addr & lmask;
        } else {
            lmask &= t->large_mask[mmu];
            while ((addr & lmask) != (t->large_addr[mmu] & lmask)) {
                lmask <<= 1;
            }
            t->large_mask[mmu] = lmask;
            t->large_addr[mmu] &= lmask;
        }
        t->large_bits[mmu] = MAX(t->large_bits[mmu], lg);
        t->large_sizes[mmu] |= 1ull << lg;
        page_bloom_add(t->large_bloom[mmu], addr >> lg);
    }

    fv = address_space_get_flatview(a->as);
    found = flatview_find_section(fv, ppage, &sec);
    /* Only a page wholly inside one RAM region gets a host pointer. */
    if (found && memory_region_is_ram(sec.mr) && sec.size >= psize) {
        ram = true;
        wram = !sec.readonly && !memory_region_is_rom(sec.mr);
        host = (uint8_t *)memory_region_get_ram_ptr(sec.mr) +
               sec.offset_within_region;
    }
    flatview_unref(fv);

    watch = a->watchpoints->len && watch_overlaps(a, vpage, psize, ~0);
    once = f->once ? TLB_ONCE : 0;
    e->addend = host ? (uintptr_t)host - (uintptr_t)vpage : 0;
    e->addr_read = (f->prot & PAGE_READ) ?
        vpage | (ram ? 0 : TLB_MMIO) | (watch ? TLB_WATCH : 0) | once
        : -1ull;
    e->addr_code = (f->prot & PAGE_EXEC)
        ? vpage | (ram ? 0 : TLB_MMIO) | once : -1ull;
    t->full[mmu][i].phys = ppage;
    t->full[mmu][i].vaddr = vpage;
    t->full[mmu][i].attrs = f->attrs;
    t->full[mmu][i].lg_page_size = MIN(f->lg_page_size, 63);

    /* Serialised with tlb_protect_code so no code page stays writable. */
    g_mutex_lock(&tcg_global.tb_lock);
    __atomic_fetch_or(&t->used_modes, 1u << mmu, __ATOMIC_RELAXED);
    w = (f->prot & PAGE_WRITE) ?
        vpage | (wram ? 0 : TLB_MMIO) | (watch ? TLB_WATCH : 0) |
        (tb_page_has_code(ppage) || store_watch_page_watched(ppage)
         ? TLB_NOTDIRTY : 0) | once : -1ull;
    __atomic_store_n(&e->addr_write, w, __ATOMIC_RELEASE);
    g_mutex_unlock(&tcg_global.tb_lock);
    tcg_stat_inc(tlb_fills);
}

void tlb_protect_code(uint64_t phys_page)
{
    CPUState *cpu;

    if (tcg_user_active()) {
        user_protect_code(phys_page);
        return;
    }
    CPU_FOREACH(cpu) {
        AccelCPUState *a = cpu->accel;
        unsigned used;

        if (!a) {
            continue;
        }
        used = __atomic_load_n(&a->tlb.used_modes, __ATOMIC_ACQUIRE);
        for (unsigned m = 0; m < a->nb_mmu_modes; m++) {
            if (!(used & (1u << m))) {
                continue;       /* flushed since its last fill */
            }
            for (unsigned i = 0; i < CPU_TLB_SIZE; i++) {
                CPUTLBEntry *e = &a->tlb.table[m][i];
                uint64_t w = __atomic_load_n(&e->addr_write,
                                             __ATOMIC_RELAXED);
                if (!(w & TLB_INVALID) &&
                    a->tlb.full[m][i].phys == phys_page) {
                    __atomic_fetch_or(&e->addr_write, TLB_NOTDIRTY,
                                      __ATOMIC_SEQ_CST);
                }
            }
        }
    }
}

/* The entry for addr, filled if need be; NULL only when probing. */
static CPUTLBEntry *tlb_entry_for(CPUState *cpu, uint64_t addr, int mmu,
                                  MMUAccessType type, bool probe,
                                  uintptr_t ra, uint64_t *tag)
{
    AccelCPUState *a = cpu->accel;
    CPUTLBEntry *e = &a->tlb.table[mmu][tlb_index(a, addr)];
    uint64_t t;

    for (int tries = 0; ; tries++) {
        t = type == MMU_DATA_LOAD ? e->addr_read :
            type == MMU_DATA_STORE ? __atomic_load_n(&e->addr_write,
                                                     __ATOMIC_ACQUIRE) :
            e->addr_code;
        /* A TLB_ONCE entry left by an earlier access is walked again. */
        if (tlb_hit(a, t, addr) && (tries || !(t & TLB_ONCE))) {
            *tag = t;
            return e;
        }
        if (tries) {
            /* The walker said yes but gave no such permission. */
            g_assert(probe || !"tlb_fill succeeded without the access");
            return NULL;
        }
        {
            TCGTLBFill f = { .lg_page_size = a->page_bits,
                             .attrs = MEMTXATTRS_UNSPECIFIED };
            if (!cpu->accel->ops->tlb_fill(cpu, addr, type, mmu, probe, &f,
                                            ra)) {
                return NULL;
            }
            tlb_set_page(cpu, addr, mmu, &f);
        }
    }
}

uint64_t tlb_get_code_phys(CPUState *cpu, uint64_t pc, bool probe, bool *ok)
{
    AccelCPUState *a = cpu->accel;
    const TCGCPUOps *ops = cpu->accel->ops;
    int mmu = ops->mmu_index_code ? ops->mmu_index_code(cpu) : 0;
    uint64_t tag;
    CPUTLBEntry *e;

    if (tcg_user_active()) {
        return user_get_code_phys(cpu, pc, probe, ok);
    }
    e = tlb_entry_for(cpu, pc, mmu, MMU_INST_FETCH, probe, 0, &tag);
    *ok = e != NULL;
    if (!e) {
        return -1ull;
    }
    return a->tlb.full[mmu][e - a->tlb.table[mmu]].phys |
           (pc & ~a->page_mask);
}

/* --- accesses ------------------------------------------------------------- */

static unsigned memop_align(MemOp op)
{
    unsigned a = (op & MO_AMASK) >> MO_ALIGN_SHIFT;

    if (a == 0) {
        return 1;
    }
    return a == 1 ? 1u << (op & MO_SIZE) : 1u << (a - 1);
}

static uint64_t compose(const uint8_t *buf, unsigned size, bool be)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)buf[be ? i : size - 1 - i] << (8 * (size - 1 - i));
    }
    return v;
}

static void decompose(uint8_t *buf, uint64_t v, unsigned size, bool be)
{
    for (unsigned i = 0; i < size; i++) {
        buf[be ? size - 1 - i : i] = (uint8_t)(v >> (8 * i));
    }
}

static uint64_t sign_extend(uint64_t v, MemOp op)
{
    unsigned bits = 8u << (op & MO_SIZE);

    if ((op & MO_SIGN) && bits < 64) {
        uint64_t m = 1ull << (bits - 1);
        v = (v ^ m) - m;
    }
    return v;
}

static void io_failed(CPUState *cpu, uint64_t phys, uint64_t addr,
                      MMUAccessType type, int mmu, uintptr_t ra)
{
    const TCGCPUOps *ops = cpu->accel->ops;

    if (ops->do_transaction_failed) {
        ops->do_transaction_failed(cpu, phys, addr, type, mmu, ra);
    } else {
        vireo_log_mask(LOG_GUEST_ERROR, "tcg: bus error at 0x%"
                       G_GINT64_MODIFIER "x (physical 0x%" G_GINT64_MODIFIER
                       "x)\n", addr, phys);
    }
}

static void io_access(CPUState *cpu, CPUTLBEntry *e, int mmu, uint64_t addr,
                      uint8_t *buf, unsigned size, MMUAccessType type,
                      uintptr_t ra)
{
    AccelCPUState *a = cpu->accel;
    CPUTLBEntryFull *full = &a->tlb.full[mmu][e - a->tlb.table[mmu]];
    uint64_t phys = full->phys | (addr & ~a->page_mask);
    bool take = !bql_locked();
    MemTxResult r;

    tcg_stat_inc(slow_accesses);
    /* Devices run under the global lock. */
    if (take) {
        bql_lock();
    }
    r = address_space_rw(a->as, phys, full->attrs, buf, size,
                         type == MMU_DATA_STORE);
    if (take) {
        bql_unlock();
    }
    if (r != MEMTX_OK) {
        io_failed(cpu, phys, addr, type, mmu, ra);
    }
}

static uint64_t do_ld(CPUState *cpu, uint64_t addr, MemOp op, int mmu,
                      MMUAccessType type, uintptr_t ra)
{
    AccelCPUState *a = cpu->accel;
    unsigned size = 1u << (op & MO_SIZE);
    bool be = op & MO_BE;
    uint8_t buf[8] = { 0 };
    CPUTLBEntry *e;
    uint64_t tag, v;

    if ((addr & (memop_align(op) - 1)) &&
        cpu->accel->ops->do_unaligned_access) {
        cpu->accel->ops->do_unaligned_access(cpu, addr, type, mmu, ra);
    }
    if (tcg_user_active()) {
        user_load(cpu, addr, buf, size, type, ra);
        return sign_extend(compose(buf, size, be), op);
    }
    if (((addr & ~a->page_mask) + size) > (1ull << a->page_bits)) {
        /* Crosses a page: both pages are walked, byte by byte. */
        tcg_stat_inc(slow_accesses);
        for (unsigned i = 0; i < size; i++) {
            buf[i] = (uint8_t)do_ld(cpu, addr + i, MO_8, mmu, type, ra);
        }
        return sign_extend(compose(buf, size, be), op);
    }
    e = tlb_entry_for(cpu, addr, mmu, type, false, ra, &tag);
    if (G_UNLIKELY(tag & TLB_FLAGS)) {
        if (tag & TLB_WATCH) {
            watch_check(cpu, addr, size, PAGE_READ, ra);
        }
        if (tag & TLB_MMIO) {
            io_access(cpu, e, mmu, addr, buf, size, type, ra);
            return sign_extend(compose(buf, size, be), op);
        }
    }
    memcpy(buf, (const void *)(uintptr_t)(addr + e->addend), size);
    v = compose(buf, size, be);
    return sign_extend(v, op);
}

/* A store hit a page holding code: drop the TBs it overwrote. */
static void notdirty_write(CPUState *cpu, CPUTLBEntry *e, int mmu,
                           uint64_t addr, unsigned size, uintptr_t ra)
{
    AccelCPUState *a = cpu->accel;
    uint64_t phys = a->tlb.full[mmu][e - a->tlb.table[mmu]].phys |
                    (addr & ~a->page_mask);
    uint64_t pc = 0;
    bool have_pc = tcg_unwind_guest_pc(ra, &pc);
    bool restart;

    tcg_stat_inc(slow_accesses);
    g_mutex_lock(&tcg_global.tb_lock);
    restart = tb_invalidate_range_locked(phys, phys + size, have_pc, pc);
    if (!tb_page_has_code(phys & a->page_mask) &&
        !store_watch_page_watched(phys & a->page_mask)) {
        __atomic_fetch_and(&e->addr_write, ~(uint64_t)TLB_NOTDIRTY,
                           __ATOMIC_SEQ_CST);
    }
    g_mutex_unlock(&tcg_global.tb_lock);
    if (restart) {
        /*
         * The running block was one of them and may have more to run:
         * redo this instruction alone (a plain store is idempotent) and
         * translate what follows afresh.
         */
        a->cflags_next = CF_ONE_INSN | CF_NOCHAIN;
        tcg_cpu_loop_exit_restore(cpu, ra);
    }
}

static void do_st(CPUState *cpu, uint64_t addr, uint64_t val, MemOp op,
                  int mmu, uintptr_t ra)
{
    AccelCPUState *a = cpu->accel;
    unsigned size = 1u << (op & MO_SIZE);
    bool be = op & MO_BE;
    uint8_t buf[8];
    CPUTLBEntry *e;
    uint64_t tag;

    if ((addr & (memop_align(op) - 1)) &&
        cpu->accel->ops->do_unaligned_access) {
        cpu->accel->ops->do_unaligned_access(cpu, addr, MMU_DATA_STORE,
                                              mmu, ra);
    }
    decompose(buf, val, size, be);
    if (tcg_user_active()) {
        user_store(cpu, addr, buf, size, ra);
        return;
    }
    if (((addr & ~a->page_mask) + size) > (1ull << a->page_bits)) {
        tcg_stat_inc(slow_accesses);
        /* Fault on the second page before writing any byte. */
        tlb_entry_for(cpu, addr + size - 1, mmu, MMU_DATA_STORE, false, ra,
                      &tag);
        for (unsigned i = 0; i < size; i++) {
            do_st(cpu, addr + i, buf[i], MO_8, mmu, ra);
        }
        return;
    }
    e = tlb_entry_for(cpu, addr, mmu, MMU_DATA_STORE, false, ra, &tag);
    if (G_UNLIKELY(tag & TLB_FLAGS)) {
        if (tag & TLB_WATCH) {
            watch_check(cpu, addr, size, PAGE_WRITE, ra);
        }
        if (tag & TLB_MMIO) {
            io_access(cpu, e, mmu, addr, buf, size, MMU_DATA_STORE, ra);
            return;
        }
        if (tag & TLB_NOTDIRTY) {
            /* A reservation on the page sees the store before it lands. */
            uint64_t phys = a->tlb.full[mmu][e - a->tlb.table[mmu]].phys |
                            (addr & ~a->page_mask);
            bool watched = tcg_store_watch_begin(phys, size);

            memcpy((void *)(uintptr_t)(addr + e->addend), buf, size);
            if (watched) {
                tcg_store_watch_end();
            }
            notdirty_write(cpu, e, mmu, addr, size, ra);
            return;
        }
        memcpy((void *)(uintptr_t)(addr + e->addend), buf, size);
        return;
    }
    memcpy((void *)(uintptr_t)(addr + e->addend), buf, size);
}

uint64_t tlb_guest_load(void *env, uint64_t addr, TCGMemOpIdx oi)
{
    tcg_stat_inc(callouts);
    return do_ld(env, addr, tcg_memop_idx_op(oi), tcg_memop_idx_mmu(oi),
                 MMU_DATA_LOAD, GETPC());
}

void tlb_guest_store(void *env, uint64_t addr, uint64_t val, TCGMemOpIdx oi)
{
    tcg_stat_inc(callouts);
    do_st(env, addr, val, tcg_memop_idx_op(oi), tcg_memop_idx_mmu(oi),
          GETPC());
}

uint64_t tcg_cpu_ld(CPUState *cpu, uint64_t addr, MemOp op, int mmu_idx,
                    uintptr_t retaddr)
{
    return do_ld(cpu, addr, op, mmu_idx, MMU_DATA_LOAD, retaddr);
}

void tcg_cpu_st(CPUState *cpu, uint64_t addr, uint64_t val, MemOp op,
                int mmu_idx, uintptr_t retaddr)
{
    do_st(cpu, addr, val, op, mmu_idx, retaddr);
}

void *tcg_cpu_host_for_store(CPUState *cpu, uint64_t addr, unsigned size,
                             int mmu_idx, uintptr_t retaddr, uint64_t *phys)
{
    AccelCPUState *a = cpu->accel;
    CPUTLBEntry *e;
    uint64_t tag;

    if (tcg_user_active() || !size ||
        (addr & ~a->page_mask) + size > (1ull << a->page_bits)) {
        return NULL;
    }
    e = tlb_entry_for(cpu, addr, mmu_idx, MMU_DATA_STORE, false, retaddr,
                      &tag);
    if (tag & TLB_FLAGS) {
        return NULL;
    }
    if (phys) {
        *phys = a->tlb.full[mmu_idx][e - a->tlb.table[mmu_idx]].phys |
                (addr & ~a->page_mask);
    }
    return (void *)(uintptr_t)(addr + e->addend);
}

uint8_t tlb_code_ldub(CPUState *cpu, uint64_t addr, int mmu_idx)
{
    return (uint8_t)do_ld(cpu, addr, MO_8, mmu_idx, MMU_INST_FETCH, 0);
}
