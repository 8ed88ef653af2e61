/*
 * The TCG execution loop: per vCPU, deliver exceptions and interrupts,
 * find or translate the TB for the CPU state, chain the previous block
 * to it, run it; leave when exit_request is set. Also the long-jump exits
 * from generated code with the precise guest pc, exclusive sections for
 * whole-cache flushes, the goto_ptr lookup, and the -d logs of a block.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "internal.h"
#include "util/log.h"
#include "util/main-loop.h"

/* --- exclusive sections --------------------------------------------------- */

static GMutex excl_lock;
static GCond excl_cond;
static int excl_running;        /* vCPUs inside tcg_cpu_exec */
static bool excl_pending;       /* someone wants (or has) exclusivity */
static __thread bool in_exec;   /* this thread counts in excl_running */
__thread bool tcg_running_tb;

static void exec_start(void)
{
    g_mutex_lock(&excl_lock);
    while (excl_pending) {
        g_cond_wait(&excl_cond, &excl_lock);
    }
    excl_running++;
    in_exec = true;
    g_mutex_unlock(&excl_lock);
}

static void exec_end(void)
{
    g_mutex_lock(&excl_lock);
    excl_running--;
    in_exec = false;
    g_cond_broadcast(&excl_cond);
    g_mutex_unlock(&excl_lock);
}

/*
 * A caller holding the BQL (the main loop, a test) gives it up while it
 * waits: a vCPU still inside tcg_cpu_exec may need the BQL (a halt, an
 * MMIO access) before it reaches the point where it stops counting.
 */
void tcg_start_exclusive(void)
{
    CPUState *cpu, *self = cpu_current();
    bool had_bql = bql_locked();

    if (had_bql) {
        bql_unlock();
    }
    g_mutex_lock(&excl_lock);
    if (in_exec) {
        excl_running--;         /* we are at a safe point ourselves */
        g_cond_broadcast(&excl_cond);
    }
    while (excl_pending) {
        g_cond_wait(&excl_cond, &excl_lock);
    }
    excl_pending = true;
    CPU_FOREACH(cpu) {
        if (cpu != self && cpu->accel) {
            /* Every TB checks it on entry: they leave at the next one. */
            g_atomic_int_set(&cpu->exit_request, 1);
        }
    }
    while (excl_running > 0) {
        g_cond_wait(&excl_cond, &excl_lock);
    }
    g_mutex_unlock(&excl_lock);
    if (had_bql) {
        bql_lock();
    }
}

void tcg_end_exclusive(void)
{
    g_mutex_lock(&excl_lock);
    excl_pending = false;
    if (in_exec) {
        excl_running++;
    }
    g_cond_broadcast(&excl_cond);
    g_mutex_unlock(&excl_lock);
}

/*
 * Around a host fork() in user mode: exclusive, and the exclusive lock
 * itself held so the child inherits no half-taken state.
 */
void tcg_exclusive_fork_prepare(void)
{
    tcg_start_exclusive();
    g_mutex_lock(&excl_lock);
}

void tcg_exclusive_fork_done(void)
{
    g_mutex_unlock(&excl_lock);
    tcg_end_exclusive();
}

/* --- exceptions ----------------------------------------------------------- */

int tcg_cpu_exception_index(CPUState *cpu)
{
    return cpu->accel->exception_index;
}

void tcg_cpu_set_exception_index(CPUState *cpu, int excp)
{
    cpu->accel->exception_index = excp;
}

void tcg_cpu_set_cflags_next(CPUState *cpu, uint32_t cflags)
{
    cpu->accel->cflags_next = cflags;
}

static bool unwind_pc(uintptr_t retaddr, uint64_t *pc)
{
    TCGContext *s = tcg_global.ctx;
    TranslationBlock *tb;
    bool ok;

    if (tcg_context_backend(s) == TCG_BACKEND_TCI) {
        /* TCI knows the instruction it interprets on this thread. */
        return tcg_unwind_pc(s, NULL, retaddr, pc);
    }
    g_mutex_lock(&tcg_global.tb_lock);
    tb = tb_find_by_host_pc(retaddr);
    ok = tb && tcg_unwind_pc(s, tb->tc_ptr, retaddr, pc);
    g_mutex_unlock(&tcg_global.tb_lock);
    return ok;
}

bool tcg_cpu_restore_state(CPUState *cpu, uintptr_t retaddr)
{
    const TCGCPUOps *ops = cpu->accel->ops;
    uint64_t pc;

    if (!retaddr || !unwind_pc(retaddr, &pc)) {
        return false;
    }
    if (ops->restore_state_to_opc) {
        ops->restore_state_to_opc(cpu, pc);
    } else {
        CPU_GET_CLASS(cpu)->set_pc(cpu, pc);
    }
    return true;
}

void tcg_fault_writeback_globals(uintptr_t host_pc, const uint64_t regs[16])
{
    TCGContext *s = tcg_global.ctx;
    TranslationBlock *tb;

    if (tcg_context_backend(s) == TCG_BACKEND_TCI) {
        return;     /* the interpreter keeps env up to date */
    }
    g_mutex_lock(&tcg_global.tb_lock);
    tb = tb_find_by_host_pc(host_pc);
    if (tb) {
        tcg_fault_writeback(s, tb->tc_ptr, host_pc, regs);
    }
    g_mutex_unlock(&tcg_global.tb_lock);
}

/* For cputlb.c: the guest pc at retaddr, without touching the state. */
bool tcg_unwind_guest_pc(uintptr_t retaddr, uint64_t *pc)
{
    return retaddr && unwind_pc(retaddr, pc);
}

void tcg_cpu_loop_exit(CPUState *cpu)
{
    siglongjmp(cpu->accel->jmp_env, 1);
}

void tcg_cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    tcg_cpu_restore_state(cpu, retaddr);
    tcg_cpu_loop_exit(cpu);
}

void tcg_cpu_raise_exception(CPUState *cpu, int excp, uintptr_t retaddr)
{
    cpu->accel->exception_index = excp;
    tcg_cpu_loop_exit_restore(cpu, retaddr);
}

/* --- lookup and translation ----------------------------------------------- */

static uint32_t curr_cflags(void)
{
    uint32_t cf = 0;

    if (tcg_global.one_insn_per_tb) {
        cf |= CF_ONE_INSN;
    }
    if (vireo_log_enabled(LOG_NOCHAIN)) {
        cf |= CF_NOCHAIN;
    }
    return cf;
}

/*
 * The jump cache's block for the key (its code in *tc_ptr), or NULL. A
 * hit reads only the entry.
 * No tb->invalid check: invalidation marks the block and then empties
 * every slot holding it, so a slot still holding it is the same race the
 * mark could lose too.
 */
static inline TranslationBlock *jmp_cache_hit(CPUState *cpu, uint64_t pc,
                                              uint64_t cs_base,
                                              uint32_t flags, uint32_t cflags,
                                              const void **tc_ptr)
{
    const TBJmpCacheEntry *e =
        &cpu->accel->jmp_cache[tb_jmp_cache_hash(pc)];
    TranslationBlock *tb = __atomic_load_n(&e->tb, __ATOMIC_ACQUIRE);

    if (tb && e->pc == pc && e->flags == flags && e->cflags == cflags &&
        cs_base == 0) {
        *tc_ptr = e->tc_ptr;
        return tb;
    }
    return NULL;
}

static TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc,
                                   uint64_t cs_base, uint32_t flags,
                                   uint32_t cflags, bool probe)
{
    const void *tc_ptr;
    TranslationBlock *tb = jmp_cache_hit(cpu, pc, cs_base, flags, cflags,
                                         &tc_ptr);
    uint64_t phys;
    bool ok = true;

    if (tb) {
        return tb;
    }
    phys = tlb_get_code_phys(cpu, pc, probe, &ok);
    if (!ok) {
        return NULL;
    }
    tb = tb_htable_lookup(pc, phys, cs_base, flags, cflags);
    if (tb) {
        tb_jmp_cache_set(cpu, pc, tb);
    }
    return tb;
}

static void log_in_asm(CPUState *cpu, const TranslationBlock *tb)
{
    const TCGCPUOps *ops = cpu->accel->ops;
    FILE *f = vireo_log_lock();

    fprintf(f, "IN: \n");
    if (ops->disas_log) {
        ops->disas_log(cpu, f, tb->pc, tb->size);
    } else {
        fprintf(f, "0x%016" G_GINT64_MODIFIER "x: %u bytes, %u insns\n",
                tb->pc, tb->size, tb->icount);
    }
    fprintf(f, "\n");
    vireo_log_unlock(f);
}

/* Flush the whole cache unless someone did since we saw `seen`. */
static void tb_flush_full(unsigned seen)
{
    tcg_start_exclusive();
    g_mutex_lock(&tcg_global.tb_lock);
    if ((unsigned)g_atomic_int_get(&tcg_global.flush_count) == seen) {
        tb_flush_locked();
    }
    g_mutex_unlock(&tcg_global.tb_lock);
    tcg_end_exclusive();
}

/* This vCPU's translator context, made on its first translation. */
static TCGContext *vcpu_context(AccelCPUState *a)
{
    if (!a->ctx) {
        /* it copies the globals the front ends registered (under it) */
        g_mutex_lock(&tcg_global.tb_lock);
        a->ctx = tcg_ctx_pool_take_locked();
        if (!a->ctx) {
            a->ctx = tcg_context_new_sibling(tcg_global.ctx);
        }
        g_mutex_unlock(&tcg_global.tb_lock);
    }
    return a->ctx;
}

static void translating_end_locked(const TranslationBlock *tb)
{
    tb_page_translating_end(tb->page_addr[0]);
    if (tb->page_addr[1] != -1ull) {
        tb_page_translating_end(tb->page_addr[1]);
    }
}

static void translating_end(const TranslationBlock *tb)
{
    g_mutex_lock(&tcg_global.tb_lock);
    translating_end_locked(tb);
    g_mutex_unlock(&tcg_global.tb_lock);
}

/*
 * Translate into this vCPU's own context and region with no lock held,
 * then publish under tb_lock: unless another vCPU published the same
 * block meanwhile (ours is dropped) or a page of it was invalidated
 * since we started reading it (translate again).
 */
static TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc,
                                     uint64_t cs_base, uint32_t flags,
                                     uint32_t cflags)
{
    AccelCPUState *a = cpu->accel;
    const TCGCPUOps *ops = cpu->accel->ops;
    TCGContext *s = vcpu_context(a);
    uint64_t phys;
    bool ok;
    int max_insns = cflags & (CF_ONE_INSN | CF_SINGLE_STEP) ? 1 : 512;

    for (;;) {
        g_autoptr(GError) err = NULL;
        TranslationBlock *tb, *other;
        const void *code;
        unsigned seen;
        uint64_t gen;

        /* A fetch fault on the first page raises here, no lock held. */
        phys = tlb_get_code_phys(cpu, pc, false, &ok);
        tb = tb_htable_lookup(pc, phys, cs_base, flags, cflags);
        if (tb) {
            return tb;
        }
        g_mutex_lock(&tcg_global.tb_lock);
        gen = tcg_global.code_gen;
        tb_page_translating_begin(phys & a->page_mask);
        g_mutex_unlock(&tcg_global.tb_lock);
        seen = g_atomic_int_get(&tcg_global.flush_count);
        tb = g_new0(TranslationBlock, 1);
        /* exit values tag it with a slot number (malloc: 16-aligned) */
        g_assert(((uintptr_t)tb & TB_EXIT_MASK) == 0);
        tb->pc = pc;
        tb->cs_base = cs_base;
        tb->flags = flags;
        tb->cflags = cflags;
        tb->phys_pc = phys;
        tb->page_addr[0] = phys & a->page_mask;
        tb->page_addr[1] = -1ull;
        for (unsigned n = 0; n < TB_MAX_JMP; n++) {
            tb->jmp_ofs[n] = -1;
        }
        tb->loop_jmp = -1;
        a->translating = true;
        a->translating_tb = tb;

        tcg_func_start(s);
        ops->translate_code(cpu, tb, max_insns);
        if (vireo_log_enabled(LOG_IN_ASM)) {
            /*
             * Before code generation, so each block reads IN, OP, OUT
             * as in QEMU's logs; a translation then thrown away (a
             * racing flush or write) shows its IN twice.
             */
            log_in_asm(cpu, tb);
        }
        code = tcg_gen_code(s, &err);
        a->translating = false;
        a->translating_tb = NULL;
        if (!code) {
            translating_end(tb);
            g_free(tb);
            if (g_error_matches(err, TCG_ERROR, TCG_ERROR_FULL)) {
                tb_flush_full(seen);
            } else if (max_insns > 1) {
                max_insns /= 2;     /* too big for any region: shorter */
            } else {
                /* One instruction outgrowing a region is a front-end bug. */
                g_error("tcg: cannot translate 0x%" G_GINT64_MODIFIER
                        "x: %s", pc, err->message);
            }
            continue;
        }
        tb->tc_ptr = code;
        tb->tc_size = tcg_block_size(s);
        for (unsigned n = 0; n < TB_MAX_JMP; n++) {
            tb->jmp_ofs[n] = tcg_goto_tb_offset(s, n);
        }
        tb->loop_jmp = tcg_loop_goto_tb(s);
        tb->loop_ofs = tcg_loop_entry_offset(s);
        g_mutex_lock(&tcg_global.tb_lock);
        translating_end_locked(tb);
        if ((unsigned)g_atomic_int_get(&tcg_global.flush_count) != seen ||
            tb_pages_changed_since(tb, gen)) {
            g_mutex_unlock(&tcg_global.tb_lock);
            g_free(tb);
            continue;
        }
        other = tb_htable_lookup(pc, phys, cs_base, flags, cflags);
        if (other) {
            /* its code stays unused in our region until the next flush */
            g_mutex_unlock(&tcg_global.tb_lock);
            g_free(tb);
            return other;
        }
        tb_link(tb);
        tcg_stat_inc(translations);
        g_mutex_unlock(&tcg_global.tb_lock);
        return tb;
    }
}

void *tcg_helper_lookup_tb_ptr(void *env)
{
    CPUState *cpu = env;
    uint64_t pc, cs_base;
    uint32_t flags, cflags;
    const TCGCPUOps *ops;
    const void *tc_ptr;
    TranslationBlock *tb;

    if (vireo_log_enabled(LOG_EXEC | LOG_CPU) ||
        g_atomic_int_get(&cpu->exit_request)) {
        /* the loop logs every block it enters, or was asked to run */
        return NULL;
    }
    ops = cpu->accel->ops;
    if (ops->tb_flags_offset) {
        pc = *(const uint64_t *)((const char *)cpu + ops->tb_pc_offset);
        flags = *(const uint32_t *)((const char *)cpu + ops->tb_flags_offset);
        cs_base = 0;
    } else {
        ops->get_tb_cpu_state(cpu, &pc, &cs_base, &flags);
    }
    cflags = curr_cflags();
    if (jmp_cache_hit(cpu, pc, cs_base, flags, cflags, &tc_ptr)) {
        return (void *)tc_ptr;
    }
    tb = tb_lookup(cpu, pc, cs_base, flags, cflags, true);
    return tb ? (void *)tb->tc_ptr : NULL;
}

/* --- the loop ------------------------------------------------------------- */

/* Deliver a pending exception; true: leave the loop. */
static bool cpu_handle_exception(CPUState *cpu)
{
    AccelCPUState *a = cpu->accel;
    int excp = a->exception_index;

    if (excp < 0) {
        return false;
    }
    if (excp == EXCP_HLT) {
        a->exception_index = EXCP_NONE;
        bql_lock();
        cpu->halted = true;
        bql_unlock();
        return true;
    }
    if (a->user_exceptions && excp != EXCP_INTERRUPT) {
        /* user mode: the caller's loop makes it a syscall or a signal */
        vireo_log_mask(LOG_INT, "tcg: CPU %d exception %d\n",
                       cpu->cpu_index, excp);
        return true;
    }
    if (excp >= EXCP_INTERRUPT) {
        a->exception_index = EXCP_NONE;
        if (excp == EXCP_DEBUG) {
            tcg_debug_exception(cpu);
        }
        return true;
    }
    vireo_log_mask(LOG_INT, "tcg: CPU %d exception %d\n", cpu->cpu_index,
                   excp);
    if (cpu->accel->ops->do_interrupt) {
        cpu->accel->ops->do_interrupt(cpu);
    }
    a->exception_index = EXCP_NONE;
    if (a->stepping) {
        /* the stepped instruction trapped: stop at the handler */
        a->stepping = false;
        a->exception_index = EXCP_DEBUG;
    }
    return false;
}

static void log_exec(CPUState *cpu, const TranslationBlock *tb)
{
    /*
     * QEMU's layout and order (the block line, then the state the block
     * starts from), so -d exec,cpu traces of the two can be diffed.
     */
    vireo_log_mask(LOG_EXEC, "Trace %d: %p [%016" G_GINT64_MODIFIER "x/%016"
                   G_GINT64_MODIFIER "x/%08x/%08x]\n", cpu->cpu_index,
                   tb->tc_ptr, tb->cs_base, tb->pc, tb->flags, tb->cflags);
    if (vireo_log_enabled(LOG_CPU)) {
        FILE *f = vireo_log_lock();
        cpu_dump_state(cpu, f, 0);
        vireo_log_unlock(f);
    }
}

/* Run blocks until exit_request or an exception that leaves. */
static void cpu_exec_loop(CPUState *cpu)
{
    AccelCPUState *a = cpu->accel;
    const TCGCPUOps *ops = cpu->accel->ops;
    TranslationBlock *last_tb = NULL;
    unsigned last_n = 0, gen = 0;

    for (;;) {
        TranslationBlock *tb;
        uint64_t pc, cs_base;
        uint32_t flags, cflags;
        unsigned irq;
        uintptr_t ret;

        if (cpu_handle_exception(cpu)) {
            return;
        }
        if (tb_pending_invalidations()) {
            tb_process_pending_invalidations();
            last_tb = NULL;
        }
        if (g_atomic_int_get(&a->pending_flush)) {
            tlb_process_pending(cpu);
            last_tb = NULL;
        }
        irq = g_atomic_int_get(&cpu->interrupt_request);
        if (irq) {
            if (irq & CPU_INTERRUPT_EXITTB) {
                cpu_reset_interrupt(cpu, CPU_INTERRUPT_EXITTB);
                last_tb = NULL;
            }
            if (ops->cpu_exec_interrupt &&
                ops->cpu_exec_interrupt(cpu, irq)) {
                last_tb = NULL;
                continue;       /* it may have raised an exception */
            }
        }
        if (g_atomic_int_get(&cpu->exit_request)) {
            return;
        }

        cflags = curr_cflags();
        if (a->cflags_next) {
            cflags = a->cflags_next;
            a->cflags_next = 0;
            last_tb = NULL;
        }
        if (cflags & CF_SINGLE_STEP) {
            cflags |= CF_ONE_INSN | CF_NOCHAIN;
        }
        ops->get_tb_cpu_state(cpu, &pc, &cs_base, &flags);
        tb = tb_lookup(cpu, pc, cs_base, flags, cflags, false);
        if (!tb) {
            tb = tb_gen_code(cpu, pc, cs_base, flags, cflags);
            tb_jmp_cache_set(cpu, pc, tb);
        }
        if (last_tb &&
            gen == (unsigned)g_atomic_int_get(&tcg_global.flush_count) &&
            !((tb->cflags | last_tb->cflags) & CF_NOCHAIN) &&
            last_tb->cflags == tb->cflags) {
            tb_add_jump(last_tb, last_n, tb);
        }
        if (vireo_log_enabled(LOG_EXEC | LOG_CPU)) {
            log_exec(cpu, tb);
        }
        gen = g_atomic_int_get(&tcg_global.flush_count);
        tcg_stat_inc(loop_entries);
        tcg_running_tb = true;
        a->stepping = (cflags & CF_SINGLE_STEP) != 0;
        ret = tcg_exec(tcg_global.ctx, cpu, tb->tc_ptr);
        a->stepping = false;
        tcg_running_tb = false;
        last_tb = (TranslationBlock *)(ret & ~(uintptr_t)TB_EXIT_MASK);
        last_n = ret & TB_EXIT_MASK;
        if (cflags & CF_SINGLE_STEP) {
            a->exception_index = EXCP_DEBUG;
        }
    }
}

void tcg_cpu_exec(CPUState *cpu)
{
    AccelCPUState *a = cpu->accel;

    user_thread_init();
    exec_start();
    if (sigsetjmp(a->jmp_env, 0) != 0) {
        /* Back from generated code, a helper or a translation. */
        tcg_running_tb = false;
        if (a->translating) {
            /* a fetch fault in translation: no lock is held there */
            a->translating = false;
            translating_end(a->translating_tb);
            g_free(a->translating_tb);
            a->translating_tb = NULL;
        }
    }
    cpu_exec_loop(cpu);
    g_atomic_int_set(&cpu->exit_request, 0);
    exec_end();
}

int tcg_user_cpu_exec(CPUState *cpu)
{
    AccelCPUState *a = cpu->accel;
    int excp;

    if (cpu_current() != cpu) {
        cpu_set_current(cpu);
    }
    tcg_cpu_exec(cpu);
    excp = a->exception_index;
    a->exception_index = EXCP_NONE;
    return excp < 0 ? EXCP_INTERRUPT : excp;
}
