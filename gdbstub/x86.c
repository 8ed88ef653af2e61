/*
 * vireo-system-x86_64's gdbstub hooks, for KVM: registers through
 * KVM_GET/SET_REGS, SREGS and FPU behind an x86-64 target XML (the
 * i386 core and sse features gdb requires, plus segment bases and
 * control registers), guest-virtual memory through KVM_TRANSLATE, and
 * every breakpoint and watchpoint in the four debug registers through
 * KVM_SET_GUEST_DEBUG (KVM-PVM never returns to us for a guest int3, so
 * software breakpoints take a debug register too), single step with
 * KVM_GUESTDBG_SINGLESTEP. On KVM-PVM hosts watchpoints are refused as
 * unsupported, since they would never fire there.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * DR7 (SDM vol. 3, 18.2.4): slot i enabled by bit 2i (L), its kind in
 * bits 16+4i (00 execute, 01 write, 11 read/write) and its length in
 * bits 18+4i (00 1 byte, 01 2, 11 4, 10 8). DR6 bits 0-3 say which
 * slot fired, bit 14 (BS) a single step.
 */
#include "gdbstub/internal.h"
#include "accel/kvm.h"
#include "softmmu/memory-system.h"
#include "target/i386/cpu.h"
#include "util/error.h"

#include <errno.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <string.h>

enum {
    X86_GDB_RAX = 0, X86_GDB_RIP = 16, X86_GDB_EFLAGS = 17,
    X86_GDB_CS = 18,                    /* cs ss ds es fs gs */
    X86_GDB_ST0 = 24,
    X86_GDB_FCTRL = 32,                 /* fctrl fstat ftag fiseg fioff */
    X86_GDB_FOP = 39,                   /* ... foseg fooff fop */
    X86_GDB_XMM0 = 40,
    X86_GDB_MXCSR = 56,
    X86_GDB_FS_BASE = 57, X86_GDB_GS_BASE, X86_GDB_CR0, X86_GDB_CR2,
    X86_GDB_CR3, X86_GDB_CR4, X86_GDB_EFER,
    X86_GDB_NREGS,
};

#define DR_SLOTS 4
#define DR6_BS (1u << 14)

typedef struct DebugSlot {
    bool used;
    GdbBreakType type;
    uint64_t addr, len;
} DebugSlot;

static DebugSlot slots[DR_SLOTS];
/*
 * KVM-PVM runs guest ring 3 natively, out of reach of KVM's guest
 * debugging, and emulates ring 0 without checking data breakpoints: a
 * watchpoint there would be accepted and never fire.
 */
static bool host_is_pvm;
static GdbDebugStopFn *debug_stop;
static char *xml;

/* --- target description --------------------------------------------------- */

static void reg(GString *x, const char *name, int bits, const char *type,
                const char *group)
{
    g_string_append_printf(x, "    <reg name=\"%s\" bitsize=\"%d\" "
                           "type=\"%s\"%s%s%s/>\n", name, bits, type,
                           group ? " group=\"" : "", group ? group : "",
                           group ? "\"" : "");
}

static const char *x86_target_xml(void)
{
    static const char *const gprs[] = {
        "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
        "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
    };
    static const char *const segs[] = { "cs", "ss", "ds", "es", "fs", "gs" };
    static const char *const fpctl[] = {
        "fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop",
    };
    static const char *const sys[] = {
        "fs_base", "gs_base", "cr0", "cr2", "cr3", "cr4", "efer",
    };
    GString *x;

    if (xml) {
        return xml;
    }
    x = g_string_new("<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                     "<target>\n  <architecture>i386:x86-64</architecture>\n"
                     "  <feature name=\"org.gnu.gdb.i386.core\">\n");
    for (int i = 0; i < 16; i++) {
        reg(x, gprs[i], 64, i == 6 || i == 7 ? "data_ptr" : "int64", NULL);
    }
    reg(x, "rip", 64, "code_ptr", NULL);
    reg(x, "eflags", 32, "int32", NULL);
    for (int i = 0; i < 6; i++) {
        reg(x, segs[i], 32, "int32", NULL);
    }
    for (int i = 0; i < 8; i++) {
        g_autofree char *n = g_strdup_printf("st%d", i);
        reg(x, n, 80, "i387_ext", NULL);
    }
    for (int i = 0; i < 8; i++) {
        reg(x, fpctl[i], 32, "int", "float");
    }
    g_string_append(x, "  </feature>\n"
                    "  <feature name=\"org.gnu.gdb.i386.sse\">\n");
    for (int i = 0; i < 16; i++) {
        g_autofree char *n = g_strdup_printf("xmm%d", i);
        reg(x, n, 128, "uint128", "vector");
    }
    reg(x, "mxcsr", 32, "int", "vector");
    g_string_append(x, "  </feature>\n"
                    "  <feature name=\"org.vireo.x86.system\">\n");
    for (size_t i = 0; i < G_N_ELEMENTS(sys); i++) {
        reg(x, sys[i], 64, "int64", "system");
    }
    g_string_append(x, "  </feature>\n</target>\n");
    xml = g_string_free(x, FALSE);
    return xml;
}

/* --- registers ------------------------------------------------------------ */

typedef struct X86State {
    struct kvm_regs regs;
    struct kvm_sregs sregs;
    struct kvm_fpu fpu;
} X86State;

static bool get_state(CPUState *cpu, X86State *st)
{
    if (!kvm_cpu_flush_dirty(cpu, NULL)) {
        return false;
    }
    return kvm_vcpu_ioctl(cpu, KVM_GET_REGS, &st->regs) == 0 &&
           kvm_vcpu_ioctl(cpu, KVM_GET_SREGS, &st->sregs) == 0 &&
           x86_kvm_get_fpu(cpu, &st->fpu, NULL);
}

static bool put_state(CPUState *cpu, X86State *st)
{
    return kvm_vcpu_ioctl(cpu, KVM_SET_REGS, &st->regs) == 0 &&
           kvm_vcpu_ioctl(cpu, KVM_SET_SREGS, &st->sregs) == 0 &&
           x86_kvm_set_fpu(cpu, &st->fpu, NULL);
}

/* Where register n lives in st, and its size; NULL for none. */
static void *reg_ptr(X86State *st, int n, int *len)
{
    /* gdb's order: rax rbx rcx rdx rsi rdi rbp rsp; kvm_regs has rsp first */
    __u64 *gpr[16] = {
        &st->regs.rax, &st->regs.rbx, &st->regs.rcx, &st->regs.rdx,
        &st->regs.rsi, &st->regs.rdi, &st->regs.rbp, &st->regs.rsp,
        &st->regs.r8, &st->regs.r9, &st->regs.r10, &st->regs.r11,
        &st->regs.r12, &st->regs.r13, &st->regs.r14, &st->regs.r15,
    };
    struct kvm_segment *seg[6] = {
        &st->sregs.cs, &st->sregs.ss, &st->sregs.ds, &st->sregs.es,
        &st->sregs.fs, &st->sregs.gs,
    };

    *len = 8;
    if (n >= X86_GDB_RAX && n < X86_GDB_RIP) {
        return gpr[n];
    }
    switch (n) {
    case X86_GDB_RIP:
        return &st->regs.rip;
    case X86_GDB_EFLAGS:
        *len = 4;
        return &st->regs.rflags;
    case X86_GDB_FS_BASE:
        return &st->sregs.fs.base;
    case X86_GDB_GS_BASE:
        return &st->sregs.gs.base;
    case X86_GDB_CR0:
        return &st->sregs.cr0;
    case X86_GDB_CR2:
        return &st->sregs.cr2;
    case X86_GDB_CR3:
        return &st->sregs.cr3;
    case X86_GDB_CR4:
        return &st->sregs.cr4;
    case X86_GDB_EFER:
        return &st->sregs.efer;
    case X86_GDB_MXCSR:
        *len = 4;
        return &st->fpu.mxcsr;
    }
    if (n >= X86_GDB_CS && n < X86_GDB_ST0) {
        *len = 2;
        return &seg[n - X86_GDB_CS]->selector;
    }
    if (n >= X86_GDB_ST0 && n < X86_GDB_FCTRL) {
        *len = 10;
        return st->fpu.fpr[n - X86_GDB_ST0];
    }
    if (n >= X86_GDB_XMM0 && n < X86_GDB_MXCSR) {
        *len = 16;
        return st->fpu.xmm[n - X86_GDB_XMM0];
    }
    return NULL;
}

/* The x87 control registers: 32 bits to gdb, narrower in kvm_fpu. */
static bool fpctl(X86State *st, int n, uint32_t *val, bool write)
{
    uint32_t v = write ? *val : 0;

    switch (n - X86_GDB_FCTRL) {
    case 0:
        write ? (void)(st->fpu.fcw = v) : (void)(v = st->fpu.fcw);
        break;
    case 1:
        write ? (void)(st->fpu.fsw = v) : (void)(v = st->fpu.fsw);
        break;
    case 2:
        write ? (void)(st->fpu.ftwx = v) : (void)(v = st->fpu.ftwx);
        break;
    case 4:
        write ? (void)(st->fpu.last_ip = v) : (void)(v = st->fpu.last_ip);
        break;
    case 6:
        write ? (void)(st->fpu.last_dp = v) : (void)(v = st->fpu.last_dp);
        break;
    case 7:
        write ? (void)(st->fpu.last_opcode = v)
              : (void)(v = st->fpu.last_opcode);
        break;
    default:
        break;                  /* fiseg, foseg: 0 in 64-bit mode */
    }
    *val = v;
    return true;
}

static int x86_read_register(CPUState *cpu, int n, uint8_t *buf)
{
    X86State st;
    int len;
    void *p;

    if (n < 0 || n >= X86_GDB_NREGS || !get_state(cpu, &st)) {
        return 0;
    }
    if (n >= X86_GDB_FCTRL && n <= X86_GDB_FOP) {
        uint32_t v;
        fpctl(&st, n, &v, false);
        memcpy(buf, &v, 4);
        return 4;
    }
    p = reg_ptr(&st, n, &len);
    if (n >= X86_GDB_CS && n < X86_GDB_ST0) {
        uint32_t v = *(uint16_t *)p;
        memcpy(buf, &v, 4);
        return 4;
    }
    memcpy(buf, p, len);
    return len;
}

static bool x86_write_register(CPUState *cpu, int n, const uint8_t *buf,
                               int len)
{
    X86State st;
    int want;
    void *p;

    if (n < 0 || n >= X86_GDB_NREGS || !get_state(cpu, &st)) {
        return false;
    }
    if (n >= X86_GDB_FCTRL && n <= X86_GDB_FOP) {
        uint32_t v = 0;
        if (len != 4) {
            return false;
        }
        memcpy(&v, buf, 4);
        fpctl(&st, n, &v, true);
    } else if (n >= X86_GDB_CS && n < X86_GDB_ST0) {
        uint32_t v;
        if (len != 4) {
            return false;
        }
        memcpy(&v, buf, 4);
        p = reg_ptr(&st, n, &want);
        *(uint16_t *)p = (uint16_t)v;
    } else {
        p = reg_ptr(&st, n, &want);
        if (len != want) {
            return false;
        }
        if (n == X86_GDB_EFLAGS) {
            uint32_t v;
            memcpy(&v, buf, 4);
            st.regs.rflags = v;
        } else if (n == X86_GDB_MXCSR) {
            memcpy(&st.fpu.mxcsr, buf, 4);
        } else {
            memcpy(p, buf, len);
        }
    }
    return put_state(cpu, &st);
}

/* --- memory --------------------------------------------------------------- */

static bool x86_rw_memory(CPUState *cpu, uint64_t addr, uint8_t *buf,
                          size_t len, bool write)
{
    while (len) {
        struct kvm_translation t = { .linear_address = addr };
        size_t chunk = MIN(len, 0x1000 - (addr & 0xfff));
        MemTxResult r;

        if (!kvm_cpu_flush_dirty(cpu, NULL) ||
            kvm_vcpu_ioctl(cpu, KVM_TRANSLATE, &t) < 0 || !t.valid) {
            return false;
        }
        r = write ? address_space_write(address_space_memory(),
                                        t.physical_address,
                                        MEMTXATTRS_UNSPECIFIED, buf, chunk)
                  : address_space_read(address_space_memory(),
                                       t.physical_address,
                                       MEMTXATTRS_UNSPECIFIED, buf, chunk);
        if (r != MEMTX_OK) {
            return false;
        }
        addr += chunk;
        buf += chunk;
        len -= chunk;
    }
    return true;
}

/* --- debug registers ------------------------------------------------------ */

static int x86_bp_insert(GdbBreakType type, uint64_t addr, uint64_t len)
{
    bool exec = type == GDB_BP_SW || type == GDB_BP_HW;

    if (!exec && host_is_pvm) {
        /* Unsupported, not failed: gdb can do without (see docs/gdb.md). */
        vireo_warn("gdbstub: data watchpoints never fire on a KVM-PVM "
                   "host; in gdb, 'set can-use-hw-watchpoints 0' gives "
                   "software watchpoints (single-stepping) instead");
        return -ENOSYS;
    }
    if (!exec && ((len != 1 && len != 2 && len != 4 && len != 8) ||
                  (addr & (len - 1)))) {
        return -EINVAL;         /* DR lengths: aligned 1, 2, 4, 8 */
    }
    for (int i = 0; i < DR_SLOTS; i++) {
        if (!slots[i].used) {
            slots[i] = (DebugSlot) {
                .used = true, .type = type, .addr = addr,
                .len = exec ? 1 : len,
            };
            return 0;
        }
    }
    /* gdb's message for a refused Z0 speaks of memory: say why here. */
    vireo_warn("gdbstub: all %d debug registers are in use: %s at 0x%"
               PRIx64 " refused", DR_SLOTS,
               exec ? "breakpoint" : "watchpoint", addr);
    return -ENOSPC;
}

static int x86_bp_remove(GdbBreakType type, uint64_t addr, uint64_t len)
{
    bool exec = type == GDB_BP_SW || type == GDB_BP_HW;

    for (int i = 0; i < DR_SLOTS; i++) {
        if (slots[i].used && slots[i].type == type &&
            slots[i].addr == addr && (exec || slots[i].len == len)) {
            slots[i].used = false;
            return 0;
        }
    }
    return -ENOENT;
}

static void x86_bp_remove_all(void)
{
    memset(slots, 0, sizeof(slots));
}

static uint64_t dr7_value(void)
{
    static const unsigned len_bits[9] = { 0, 0, 1, 0, 3, 0, 0, 0, 2 };
    uint64_t dr7 = 0;

    for (int i = 0; i < DR_SLOTS; i++) {
        unsigned rw;

        if (!slots[i].used) {
            continue;
        }
        switch (slots[i].type) {
        case GDB_WP_WRITE:
            rw = 1;
            break;
        case GDB_WP_READ:       /* x86 cannot watch reads alone */
        case GDB_WP_ACCESS:
            rw = 3;
            break;
        default:
            rw = 0;
            break;
        }
        dr7 |= 1ull << (2 * i);
        dr7 |= (uint64_t)rw << (16 + 4 * i);
        dr7 |= (uint64_t)(rw ? len_bits[slots[i].len] : 0) << (18 + 4 * i);
    }
    return dr7;
}

static void x86_prepare_resume(CPUState *cpu, bool step)
{
    struct kvm_guest_debug dbg;
    uint64_t dr7 = dr7_value();

    memset(&dbg, 0, sizeof(dbg));
    if (dr7 || step) {
        dbg.control = KVM_GUESTDBG_ENABLE;
    }
    if (dr7) {
        dbg.control |= KVM_GUESTDBG_USE_HW_BP;
        for (int i = 0; i < DR_SLOTS; i++) {
            dbg.arch.debugreg[i] = slots[i].used ? slots[i].addr : 0;
        }
        dbg.arch.debugreg[7] = dr7 | 0x400;    /* bit 10 reads as 1 */
    }
    if (step) {
        dbg.control |= KVM_GUESTDBG_SINGLESTEP;
    }
    if (kvm_vcpu_ioctl(cpu, KVM_SET_GUEST_DEBUG, &dbg) < 0) {
        vireo_warn("gdbstub: CPU %d: KVM_SET_GUEST_DEBUG failed",
                   cpu->cpu_index);
    }
}

/* vCPU thread: why did it stop? */
static void x86_debug_exit(CPUState *cpu, const struct kvm_run *run)
{
    GdbStop s = { .kind = GDB_STOP_TRAP, .thread = cpu->cpu_index + 1 };
    uint64_t dr6 = run->debug.arch.dr6;

    for (int i = 0; i < DR_SLOTS && !(dr6 & DR6_BS); i++) {
        if (!(dr6 & (1u << i)) || !slots[i].used) {
            continue;
        }
        switch (slots[i].type) {
        case GDB_BP_SW:
            s.kind = GDB_STOP_SWBREAK;
            break;
        case GDB_BP_HW:
            s.kind = GDB_STOP_HWBREAK;
            break;
        case GDB_WP_WRITE:
            s.kind = GDB_STOP_WATCH;
            break;
        case GDB_WP_READ:
            s.kind = GDB_STOP_RWATCH;
            break;
        default:
            s.kind = GDB_STOP_AWATCH;
            break;
        }
        s.addr = slots[i].addr;
        break;
    }
    debug_stop(cpu, &s);
}

static bool x86_init(GdbDebugStopFn *on_stop, GError **errp)
{
    if (!kvm_enabled()) {
        vireo_error_setg(errp, "the gdbstub needs the KVM accelerator here");
        return false;
    }
    if (!kvm_check_extension(KVM_CAP_SET_GUEST_DEBUG)) {
        vireo_error_setg(errp, "KVM cannot debug guests on this host "
                         "(no KVM_CAP_SET_GUEST_DEBUG)");
        return false;
    }
    debug_stop = on_stop;
    host_is_pvm = kvm_host_is_pvm("/sys");
    kvm_set_debug_exit_handler(x86_debug_exit);
    return true;
}

static const GdbArchHooks x86_hooks = {
    .init = x86_init,
    .target_xml = x86_target_xml,
    .g_registers = X86_GDB_MXCSR + 1,
    .read_register = x86_read_register,
    .write_register = x86_write_register,
    .rw_memory = x86_rw_memory,
    .breakpoint_insert = x86_bp_insert,
    .breakpoint_remove = x86_bp_remove,
    .breakpoint_remove_all = x86_bp_remove_all,
    .prepare_resume = x86_prepare_resume,
};

const GdbArchHooks *gdbstub_arch_hooks(void)
{
    return &x86_hooks;
}
