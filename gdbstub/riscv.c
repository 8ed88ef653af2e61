/*
 * vireo-system-riscv64's gdbstub hooks: registers and target.xml from
 * target/riscv/gdbstub.c, guest-virtual memory through a side-effect-free
 * page walk (riscv_mmu_translate with A/D updates dropped), and TCG's
 * breakpoints, watchpoints and single step on every hart.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "gdbstub/internal.h"
#include "accel/tcg/cpu-exec.h"
#include "softmmu/memory-system.h"
#include "target/riscv/gdbstub.h"
#include "util/error.h"

#include <errno.h>
#include <string.h>

/* What the watch hook saw, per vCPU (cpu_index): for the stop reply. */
typedef struct WatchHit {
    bool hit;
    GdbStopKind kind;
    uint64_t addr;
} WatchHit;

typedef struct GdbWatch {
    GdbBreakType type;
    uint64_t addr, len;
} GdbWatch;

static GdbDebugStopFn *debug_stop;
static GArray *watches;         /* of GdbWatch */
static GArray *hw_breaks;       /* of uint64_t: the Z1 ones */
static WatchHit *watch_hits;
static unsigned watch_hits_len;
static char *xml;

/* --- registers and memory ------------------------------------------------- */

static const char *rv_target_xml(void)
{
    if (!xml) {
        xml = riscv_gdb_target_xml(RISCV_CPU(cpu_by_index(0)));
    }
    return xml;
}

static int rv_read_register(CPUState *cpu, int n, uint8_t *buf)
{
    return riscv_gdb_read_register(RISCV_CPU(cpu), n, buf);
}

static bool rv_write_register(CPUState *cpu, int n, const uint8_t *buf,
                              int len)
{
    uint8_t full[8] = { 0 };

    if (len <= 0 || len > 8) {
        return false;
    }
    memcpy(full, buf, len);
    if (!riscv_gdb_write_register(RISCV_CPU(cpu), n, full)) {
        return false;
    }
    /* pc or privilege may have changed what the next block is */
    tlb_flush(cpu);
    return true;
}

static bool walk_read64(void *opaque, uint64_t pa, uint64_t *val)
{
    MemTxResult r;

    *val = address_space_ldq_le(opaque, pa, MEMTXATTRS_UNSPECIFIED, &r);
    return r == MEMTX_OK;
}

/* A debugger's walk leaves the accessed/dirty bits as they are. */
static bool walk_cmpxchg64(void *opaque, uint64_t pa, uint64_t expected,
                           uint64_t new_val, uint64_t *seen)
{
    *seen = expected;
    return true;
}

static bool rv_translate(CPUState *cpu, uint64_t va, uint64_t *pa)
{
    RISCVPhysOps ops = {
        .read64 = walk_read64,
        .cmpxchg64 = walk_cmpxchg64,
        .opaque = address_space_memory(),
    };
    RISCVTranslation t;
    CPURISCVState *env = &RISCV_CPU(cpu)->env;

    /* data first, then code: gdb reads both through 'm' */
    if (riscv_mmu_translate(env, &ops, va, RISCV_ACCESS_LOAD, 1, &t) !=
            RISCV_EXCP_NONE &&
        riscv_mmu_translate(env, &ops, va, RISCV_ACCESS_FETCH, 1, &t) !=
            RISCV_EXCP_NONE) {
        return false;
    }
    *pa = t.pa;
    return true;
}

static bool rv_rw_memory(CPUState *cpu, uint64_t addr, uint8_t *buf,
                         size_t len, bool write)
{
    while (len) {
        uint64_t pa;
        size_t chunk = MIN(len, 0x1000 - (addr & 0xfff));
        MemTxResult r;

        if (!rv_translate(cpu, addr, &pa)) {
            return false;
        }
        r = write ? address_space_write(address_space_memory(), pa,
                                        MEMTXATTRS_UNSPECIFIED, buf, chunk)
                  : address_space_read(address_space_memory(), pa,
                                       MEMTXATTRS_UNSPECIFIED, buf, chunk);
        if (r != MEMTX_OK) {
            return false;
        }
        if (write) {
            tcg_tb_invalidate_phys_range(pa, chunk);
        }
        addr += chunk;
        buf += chunk;
        len -= chunk;
    }
    return true;
}

/* --- breakpoints and watchpoints ------------------------------------------ */

static int watch_kind(GdbBreakType type)
{
    switch (type) {
    case GDB_WP_WRITE:
        return PAGE_WRITE;
    case GDB_WP_READ:
        return PAGE_READ;
    default:
        return PAGE_READ | PAGE_WRITE;
    }
}

static bool is_hw_break(uint64_t pc)
{
    for (guint i = 0; i < hw_breaks->len; i++) {
        if (g_array_index(hw_breaks, uint64_t, i) == pc) {
            return true;
        }
    }
    return false;
}

static int rv_bp_insert(GdbBreakType type, uint64_t addr, uint64_t len)
{
    CPUState *cpu;

    switch (type) {
    case GDB_BP_SW:
    case GDB_BP_HW:
        CPU_FOREACH(cpu) {
            tcg_cpu_breakpoint_insert(cpu, addr);
        }
        if (type == GDB_BP_HW) {
            g_array_append_val(hw_breaks, addr);
        }
        return 0;
    default: {
        GdbWatch w = { .type = type, .addr = addr, .len = len };

        if (!len || addr + len < addr) {
            return -EINVAL;
        }
        CPU_FOREACH(cpu) {
            tcg_cpu_watchpoint_insert(cpu, addr, len, watch_kind(type));
        }
        g_array_append_val(watches, w);
        return 0;
    }
    }
}

static int rv_bp_remove(GdbBreakType type, uint64_t addr, uint64_t len)
{
    CPUState *cpu;
    bool found = false;

    switch (type) {
    case GDB_BP_SW:
    case GDB_BP_HW:
        for (guint i = 0; i < hw_breaks->len; i++) {
            if (g_array_index(hw_breaks, uint64_t, i) == addr) {
                g_array_remove_index(hw_breaks, i);
                break;
            }
        }
        /* a software and a hardware one at one pc share the entry */
        if (type == GDB_BP_SW && is_hw_break(addr)) {
            return 0;
        }
        CPU_FOREACH(cpu) {
            found |= tcg_cpu_breakpoint_remove(cpu, addr);
        }
        return found ? 0 : -ENOENT;
    default:
        for (guint i = 0; i < watches->len; i++) {
            GdbWatch *w = &g_array_index(watches, GdbWatch, i);
            if (w->type == type && w->addr == addr && w->len == len) {
                g_array_remove_index(watches, i);
                found = true;
                break;
            }
        }
        if (!found) {
            return -ENOENT;
        }
        CPU_FOREACH(cpu) {
            tcg_cpu_watchpoint_remove(cpu, addr, len, watch_kind(type));
        }
        return 0;
    }
}

static void rv_bp_remove_all(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tcg_cpu_breakpoint_remove_all(cpu);
        tcg_cpu_watchpoint_remove_all(cpu);
    }
    g_array_set_size(watches, 0);
    g_array_set_size(hw_breaks, 0);
}

/* An access is about to touch a watched range: stop before it. */
static void rv_watch_hit(CPUState *cpu, uint64_t addr, unsigned len,
                         int kind, uintptr_t retaddr)
{
    WatchHit *h;

    if ((unsigned)cpu->cpu_index >= watch_hits_len) {
        return;
    }
    h = &watch_hits[cpu->cpu_index];
    h->hit = true;
    h->addr = addr;
    h->kind = kind & PAGE_WRITE ? GDB_STOP_WATCH : GDB_STOP_RWATCH;
    for (guint i = 0; i < watches->len; i++) {
        GdbWatch *w = &g_array_index(watches, GdbWatch, i);
        if (addr < w->addr + w->len && w->addr < addr + len &&
            (watch_kind(w->type) & kind)) {
            h->addr = MAX(addr, w->addr);
            h->kind = w->type == GDB_WP_ACCESS ? GDB_STOP_AWATCH :
                      w->type == GDB_WP_READ ? GDB_STOP_RWATCH :
                      GDB_STOP_WATCH;
            break;
        }
    }
    tcg_cpu_raise_exception(cpu, EXCP_DEBUG, retaddr);
}

static void rv_debug_exception(CPUState *cpu)
{
    GdbStop s = { .kind = GDB_STOP_TRAP, .thread = cpu->cpu_index + 1 };
    uint64_t pc = RISCV_CPU(cpu)->env.pc;
    WatchHit *h = (unsigned)cpu->cpu_index < watch_hits_len ?
                  &watch_hits[cpu->cpu_index] : NULL;

    if (h && h->hit) {
        h->hit = false;
        s.kind = h->kind;
        s.addr = h->addr;
    } else if (tcg_cpu_breakpoint_at(cpu, pc)) {
        s.kind = is_hw_break(pc) ? GDB_STOP_HWBREAK : GDB_STOP_SWBREAK;
    }
    debug_stop(cpu, &s);
}

static void rv_prepare_resume(CPUState *cpu, bool step)
{
    if (step) {
        tcg_cpu_set_cflags_next(cpu, CF_SINGLE_STEP);
    }
}

static bool rv_init(GdbDebugStopFn *on_stop, GError **errp)
{
    CPUState *cpu;

    debug_stop = on_stop;
    watches = g_array_new(FALSE, FALSE, sizeof(GdbWatch));
    hw_breaks = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    watch_hits_len = cpu_count();
    watch_hits = g_new0(WatchHit, watch_hits_len);
    CPU_FOREACH(cpu) {
        if (!cpu->accel) {
            vireo_error_setg(errp, "the gdbstub needs the TCG accelerator");
            return false;
        }
        tcg_cpu_set_watchpoint_hook(cpu, rv_watch_hit);
    }
    tcg_set_debug_handler(rv_debug_exception);
    return true;
}

static const GdbArchHooks riscv_hooks = {
    .init = rv_init,
    .target_xml = rv_target_xml,
    .g_registers = RISCV_GDB_PC + 1,
    .read_register = rv_read_register,
    .write_register = rv_write_register,
    .rw_memory = rv_rw_memory,
    .breakpoint_insert = rv_bp_insert,
    .breakpoint_remove = rv_bp_remove,
    .breakpoint_remove_all = rv_bp_remove_all,
    .prepare_resume = rv_prepare_resume,
};

const GdbArchHooks *gdbstub_arch_hooks(void)
{
    return &riscv_hooks;
}
