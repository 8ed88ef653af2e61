/*
 * The human monitor's commands. Run-state changes reuse QMP's functions so
 * both monitors behave alike; anything that reads CPU state pauses the
 * vCPUs around the read, as QMP's memsave does.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "monitor/hmp.h"
#include "monitor/hmp-internal.h"
#include "accel/accel.h"
#include "accel/vcpu.h"
#include "hw/core/cpu.h"
#include "hw/core/qdev.h"
#include "hw/core/runstate.h"
#include "qapi/qapi-commands.h"
#include "qom/object.h"
#include "softmmu/memory-system.h"
#include "softmmu/memory.h"
#include "util/error.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static unsigned hmp_cpu_index;
/* QEMU remembers the last /fmt's letters; so do we. */
static HmpFormat last_format = { 1, 'x', 4 };

static bool no_args(int argc, char **argv, GError **errp)
{
    if (argc > 1) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "%s: too many arguments", argv[0]);
        return false;
    }
    return true;
}

static CPUState *current_cpu(GError **errp)
{
    CPUState *cpu = cpu_by_index(hmp_cpu_index);

    if (!cpu) {
        cpu = cpu_by_index(0);
    }
    if (!cpu) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "no CPU");
    }
    return cpu;
}

/*
 * Pause running vCPUs for a read; returns whether to resume them. The
 * stopped CPUs' register copies are then brought up to date: under KVM
 * the live registers are in the kernel. A CPU that still runs while the
 * machine is paused (gdb stepping it alone) keeps its copy: asking KVM
 * would wait for its KVM_RUN to end.
 */
static bool pause_vcpus(void)
{
    bool running = runstate_is_running();
    AccelState *accel = accel_current();
    const AccelOps *ops = accel ? ACCEL_GET_CLASS(accel)->ops : NULL;
    CPUState *cpu;

    if (running) {
        vcpu_pause_all();
    }
    if (ops && ops->synchronize_state) {
        CPU_FOREACH(cpu) {
            if (cpu->stopped) {
                ops->synchronize_state(cpu);
            }
        }
    }
    return running;
}

static void resume_vcpus(bool was_running)
{
    if (was_running) {
        vcpu_resume_all();
    }
}

/* Run a FILE printer into out. */
static void print_to(GString *out, void (*fn)(CPUState *, FILE *),
                     CPUState *cpu)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    if (!f) {
        g_string_append(out, "out of memory\n");
        return;
    }
    fn(cpu, f);
    fclose(f);
    g_string_append_len(out, buf, len);
    free(buf);
}

static void help_table(GString *out, const HmpCommand *table,
                       const char *prefix)
{
    for (const HmpCommand *c = table; c->name; c++) {
        g_string_append_printf(out, "%s%s%s%s %s -- %s\n", prefix, c->name,
                               c->alias ? "|" : "", c->alias ? c->alias : "",
                               c->args, c->help);
    }
}

bool hmp_help(int argc, char **argv, GString *out, GError **errp)
{
    const HmpCommand *c;

    if (argc == 1) {
        help_table(out, hmp_commands, "");
        return true;
    }
    if (argc > 3) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "help: too many arguments");
        return false;
    }
    c = hmp_find_command(hmp_commands, argv[1]);
    if (!c) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "unknown command: '%s'",
                        argv[1]);
        return false;
    }
    if (c->fn == hmp_info) {
        if (argc == 3) {
            const HmpCommand *i = hmp_find_command(hmp_info_commands,
                                                   argv[2]);
            if (!i) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "unknown info subcommand: '%s'", argv[2]);
                return false;
            }
            g_string_append_printf(out, "info %s -- %s\n", i->name, i->help);
            return true;
        }
        help_table(out, hmp_info_commands, "info ");
        return true;
    }
    g_string_append_printf(out, "%s %s -- %s\n", c->name, c->args, c->help);
    return true;
}

bool hmp_info(int argc, char **argv, GString *out, GError **errp)
{
    const HmpCommand *c;

    if (argc == 1) {
        help_table(out, hmp_info_commands, "info ");
        return true;
    }
    c = hmp_find_command(hmp_info_commands, argv[1]);
    if (!c) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "unknown info subcommand: '%s'", argv[1]);
        return false;
    }
    return c->fn(argc - 1, argv + 1, out, errp);
}

bool hmp_stop(int argc, char **argv, GString *out, GError **errp)
{
    return no_args(argc, argv, errp) && qmp_stop(errp);
}

bool hmp_cont(int argc, char **argv, GString *out, GError **errp)
{
    return no_args(argc, argv, errp) && qmp_cont(errp);
}

bool hmp_system_reset(int argc, char **argv, GString *out, GError **errp)
{
    return no_args(argc, argv, errp) && qmp_system_reset(errp);
}

bool hmp_system_powerdown(int argc, char **argv, GString *out,
                          GError **errp)
{
    return no_args(argc, argv, errp) && qmp_system_powerdown(errp);
}

bool hmp_quit(int argc, char **argv, GString *out, GError **errp)
{
    return no_args(argc, argv, errp) && qmp_quit(errp);
}

static bool parse_u64(const char *s, uint64_t *v, const char *what,
                      GError **errp)
{
    char *end;

    errno = 0;
    *v = g_ascii_strtoull(s, &end, 0);
    if (!*s || *end || errno) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "invalid %s: '%s'",
                        what, s);
        return false;
    }
    return true;
}

bool hmp_cpu(int argc, char **argv, GString *out, GError **errp)
{
    uint64_t n;

    if (argc != 2) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "usage: cpu INDEX");
        return false;
    }
    if (!parse_u64(argv[1], &n, "CPU index", errp)) {
        return false;
    }
    if (n >= cpu_count()) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "invalid CPU index %" PRIu64 " (there are %u)", n,
                        cpu_count());
        return false;
    }
    hmp_cpu_index = n;
    return true;
}

bool hmp_info_status(int argc, char **argv, GString *out, GError **errp)
{
    if (!no_args(argc, argv, errp)) {
        return false;
    }
    if (runstate_is_running()) {
        g_string_append(out, "VM status: running\n");
    } else if (runstate_get() == RUN_STATE_PAUSED) {
        g_string_append(out, "VM status: paused\n");
    } else {
        g_string_append_printf(out, "VM status: paused (%s)\n",
                               runstate_name(runstate_get()));
    }
    return true;
}

static void dump_regs(CPUState *cpu, FILE *f)
{
    cpu_dump_state(cpu, f, CPU_DUMP_FPU | CPU_DUMP_CSR);
}

bool hmp_info_registers(int argc, char **argv, GString *out, GError **errp)
{
    CPUState *cpu;
    bool was;

    if (!no_args(argc, argv, errp) || !(cpu = current_cpu(errp))) {
        return false;
    }
    was = pause_vcpus();
    print_to(out, dump_regs, cpu);
    resume_vcpus(was);
    return true;
}

bool hmp_info_cpus(int argc, char **argv, GString *out, GError **errp)
{
    CPUState *cpu, *cur;
    bool was;

    if (!no_args(argc, argv, errp) || !(cur = current_cpu(errp))) {
        return false;
    }
    was = pause_vcpus();
    CPU_FOREACH(cpu) {
        CPUClass *cc = CPU_GET_CLASS(cpu);

        g_string_append_printf(out, "%c CPU #%d:", cpu == cur ? '*' : ' ',
                               cpu->cpu_index);
        if (cc->get_pc) {
            g_string_append_printf(out, " pc=0x%016" PRIx64,
                                   cc->get_pc(cpu));
        }
        if (cpu->halted) {
            g_string_append(out, " (halted)");
        }
        g_string_append_printf(out, " thread_id=%d\n",
                               cpu->thread_id ? cpu->thread_id : getpid());
    }
    resume_vcpus(was);
    return true;
}

bool hmp_info_mtree(int argc, char **argv, GString *out, GError **errp)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f;

    if (!no_args(argc, argv, errp)) {
        return false;
    }
    f = open_memstream(&buf, &len);
    if (!f) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "out of memory");
        return false;
    }
    mtree_print(f);
    fclose(f);
    g_string_append_len(out, buf, len);
    free(buf);
    return true;
}

static char *prop_value(Object *obj, ObjectProperty *prop)
{
    g_autoptr(GError) err = NULL;
    char *v = NULL;

    switch (prop->kind) {
    case OBJECT_PROP_BOOL:
        v = g_strdup(object_property_get_bool(obj, prop->name, &err)
                     ? "true" : "false");
        break;
    case OBJECT_PROP_INT:
        v = g_strdup_printf("%" PRId64,
                            object_property_get_int(obj, prop->name, &err));
        break;
    case OBJECT_PROP_UINT:
    case OBJECT_PROP_SIZE:
        v = g_strdup_printf("0x%" PRIx64,
                            object_property_get_uint(obj, prop->name, &err));
        break;
    case OBJECT_PROP_CHILD:
        return NULL;
    default:
        v = object_property_get_str(obj, prop->name, &err);
        break;
    }
    if (err) {
        g_free(v);
        return NULL;
    }
    return v;
}

typedef struct QtreeWalk {
    GString *out;
    int depth;
} QtreeWalk;

static int qtree_child(Object *child, void *opaque)
{
    QtreeWalk *w = opaque;
    bool is_dev = object_dynamic_cast(child, TYPE_DEVICE) != NULL;

    if (is_dev) {
        ObjectPropertyIterator it;
        ObjectProperty *prop;

        g_string_append_printf(w->out, "%*sdev: %s, id \"%s\"\n",
                               w->depth * 2, "",
                               object_get_typename(child),
                               object_get_canonical_path_component(child));
        object_property_iter_init(&it, child);
        while ((prop = object_property_iter_next(&it))) {
            g_autofree char *v = prop_value(child, prop);

            if (v) {
                g_string_append_printf(w->out, "%*s%s = %s\n",
                                       w->depth * 2 + 2, "", prop->name, v);
            }
        }
        w->depth++;
    }
    object_child_foreach(child, qtree_child, w);
    if (is_dev) {
        w->depth--;
    }
    return 0;
}

bool hmp_info_qtree(int argc, char **argv, GString *out, GError **errp)
{
    QtreeWalk w = { out, 0 };

    if (!no_args(argc, argv, errp)) {
        return false;
    }
    object_child_foreach(object_get_root(), qtree_child, &w);
    return true;
}

bool hmp_info_tlb(int argc, char **argv, GString *out, GError **errp)
{
    CPUState *cpu;
    bool was;

    if (!no_args(argc, argv, errp) || !(cpu = current_cpu(errp))) {
        return false;
    }
    if (!CPU_GET_CLASS(cpu)->dump_mmu) {
        g_string_append(out, "info tlb: not available for this CPU\n");
        return true;
    }
    was = pause_vcpus();
    print_to(out, CPU_GET_CLASS(cpu)->dump_mmu, cpu);
    resume_vcpus(was);
    return true;
}

bool hmp_info_version(int argc, char **argv, GString *out, GError **errp)
{
    if (!no_args(argc, argv, errp)) {
        return false;
    }
    g_string_append(out, VIREO_VERSION "\n");
    return true;
}

/* --- x and xp --- */

static bool read_mem(CPUState *cpu, bool virt, uint64_t addr, uint8_t *buf,
                     size_t len, GError **errp)
{
    for (size_t done = 0; done < len;) {
        uint64_t a = addr + done, pa = a;
        size_t n = MIN(len - done, 4096 - (a & 4095));

        if (virt && !CPU_GET_CLASS(cpu)->get_phys_addr_debug(cpu, a, &pa)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "cannot access virtual address 0x%" PRIx64, a);
            return false;
        }
        if (address_space_read(address_space_memory(), pa,
                               MEMTXATTRS_UNSPECIFIED, buf + done, n) !=
            MEMTX_OK) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "cannot access memory at 0x%" PRIx64, a);
            return false;
        }
        done += n;
    }
    return true;
}

static uint64_t load_le(const uint8_t *p, unsigned size)
{
    uint64_t v = 0;

    for (unsigned i = size; i > 0; i--) {
        v = (v << 8) | p[i - 1];
    }
    return v;
}

static void format_item(GString *out, const HmpFormat *fmt, uint64_t v)
{
    unsigned bits = fmt->size * 8;

    switch (fmt->format) {
    case 'x':
        g_string_append_printf(out, " 0x%0*" PRIx64, fmt->size * 2, v);
        break;
    case 'o':
        g_string_append_printf(out, " %#" PRIo64, v);
        break;
    case 'u':
        g_string_append_printf(out, " %" PRIu64, v);
        break;
    case 'd':
        if (bits < 64 && (v >> (bits - 1)) & 1) {
            v |= ~0ULL << bits;
        }
        g_string_append_printf(out, " %" PRId64, (int64_t)v);
        break;
    case 'c':
        if (v >= 0x20 && v < 0x7f) {
            g_string_append_printf(out, " '%c'", (char)v);
        } else {
            g_string_append_printf(out, " '\\x%02" PRIx64 "'", v & 0xff);
        }
        break;
    }
}

static bool dump_insns(CPUState *cpu, bool virt, uint64_t addr,
                       unsigned count, GString *out, GError **errp)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    if (!cc->disas_insn) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "format 'i': no disassembler for this CPU");
        return false;
    }
    for (unsigned i = 0; i < count; i++) {
        uint8_t code[16];
        char text[128];
        size_t avail;
        int n;

        /* Up to the page end: the next page may not be mapped. */
        avail = MIN(sizeof(code), 4096 - (addr & 4095));
        if (!read_mem(cpu, virt, addr, code, avail, errp)) {
            return false;
        }
        n = cc->disas_insn(cpu, addr, code, avail, text, sizeof(text));
        if (n <= 0) {
            /* The instruction straddles the page: read on. */
            if (!read_mem(cpu, virt, addr, code, sizeof(code), errp)) {
                return false;
            }
            n = cc->disas_insn(cpu, addr, code, sizeof(code), text,
                               sizeof(text));
            if (n <= 0) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "cannot disassemble at 0x%" PRIx64, addr);
                return false;
            }
        }
        g_string_append_printf(out, "0x%016" PRIx64 ":  %s\n", addr, text);
        addr += n;
    }
    return true;
}

static bool hmp_memory_dump(int argc, char **argv, bool virt, GString *out,
                            GError **errp)
{
    HmpFormat fmt = last_format;
    CPUState *cpu = NULL;
    const char *addr_text;
    uint64_t addr;
    unsigned per_line;
    g_autofree uint8_t *buf = NULL;
    bool was, ok;

    fmt.count = 1;
    if (argc == 3 && argv[1][0] == '/') {
        if (!hmp_parse_format(argv[1] + 1, &fmt, errp)) {
            return false;
        }
        addr_text = argv[2];
    } else if (argc == 2) {
        addr_text = argv[1];
    } else {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "usage: %s /fmt addr",
                        argv[0]);
        return false;
    }
    if (virt || fmt.format == 'i') {
        if (!(cpu = current_cpu(errp))) {
            return false;
        }
    }
    if (strcmp(addr_text, "$pc") == 0 && cpu &&
        CPU_GET_CLASS(cpu)->get_pc) {
        was = pause_vcpus();
        addr = CPU_GET_CLASS(cpu)->get_pc(cpu);
        resume_vcpus(was);
    } else if (!parse_u64(addr_text, &addr, "address", errp)) {
        return false;
    }
    if (virt && !CPU_GET_CLASS(cpu)->get_phys_addr_debug) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "x: this CPU cannot translate virtual addresses; "
                        "use xp");
        return false;
    }
    if (fmt.format == 'c') {
        fmt.size = 1;
    }
    last_format = fmt;
    was = pause_vcpus();
    if (fmt.format == 'i') {
        ok = dump_insns(cpu, virt, addr, fmt.count, out, errp);
        resume_vcpus(was);
        return ok;
    }
    buf = g_malloc((size_t)fmt.count * fmt.size);
    ok = read_mem(cpu, virt, addr, buf, (size_t)fmt.count * fmt.size, errp);
    resume_vcpus(was);
    if (!ok) {
        return false;
    }
    per_line = fmt.format == 'c' ? 16 : MAX(16 / fmt.size, 1);
    for (unsigned i = 0; i < fmt.count; i++) {
        if (i % per_line == 0) {
            g_string_append_printf(out, "%s%016" PRIx64 ":", i ? "\n" : "",
                                   addr + (uint64_t)i * fmt.size);
        }
        format_item(out, &fmt, load_le(buf + (size_t)i * fmt.size,
                                       fmt.size));
    }
    g_string_append_c(out, '\n');
    return true;
}

bool hmp_x(int argc, char **argv, GString *out, GError **errp)
{
    return hmp_memory_dump(argc, argv, true, out, errp);
}

bool hmp_xp(int argc, char **argv, GString *out, GError **errp)
{
    return hmp_memory_dump(argc, argv, false, out, errp);
}
