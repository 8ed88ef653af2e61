/*
 * The virt board's device tree, written with libfdt's sequential-write
 * API from what the board built: harts (ISA string in both the old
 * riscv,isa and the newer riscv,isa-base / riscv,isa-extensions forms),
 * memory, the CLINT, the PLIC and every device with its interrupt, the
 * syscon poweroff/reboot nodes and /chosen. Bindings followed: Linux's
 * Documentation/devicetree/bindings (riscv/cpus.yaml,
 * interrupt-controller/sifive,plic-1.0.0.yaml, timer/sifive,clint.yaml,
 * power/reset/syscon-poweroff.yaml, rtc/google,goldfish-rtc.txt).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/riscv/virt.h"
#include "hw/intc/sifive_plic.h"
#include "hw/misc/sifive_test.h"
#include "hw/rtc/goldfish_rtc.h"
#include "util/error.h"

#include <libfdt.h>
#include <string.h>

#define FDT_MAX_SIZE    0x10000

/* Phandles, fixed by position so every node can name the others. */
static uint32_t ph_cpu(unsigned h)
{
    return 1 + 2 * h;
}

static uint32_t ph_intc(unsigned h)
{
    return 2 + 2 * h;
}

static uint32_t ph_plic(VirtMachineState *s)
{
    return 1 + 2 * s->num_harts;
}

static uint32_t ph_test(VirtMachineState *s)
{
    return 2 + 2 * s->num_harts;
}

/* libfdt calls return a negative error; the first one is kept. */
typedef struct FdtWriter {
    void *fdt;
    int err;
} FdtWriter;

static void check(FdtWriter *w, int r)
{
    if (r < 0 && !w->err) {
        w->err = r;
    }
}

static void begin(FdtWriter *w, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static void begin(FdtWriter *w, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *name = NULL;

    va_start(ap, fmt);
    name = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    check(w, fdt_begin_node(w->fdt, name));
}

static void end(FdtWriter *w)
{
    check(w, fdt_end_node(w->fdt));
}

static void prop_str(FdtWriter *w, const char *name, const char *val)
{
    check(w, fdt_property_string(w->fdt, name, val));
}

static void prop_u32(FdtWriter *w, const char *name, uint32_t val)
{
    check(w, fdt_property_u32(w->fdt, name, val));
}

static void prop_u64(FdtWriter *w, const char *name, uint64_t val)
{
    check(w, fdt_property_u64(w->fdt, name, val));
}

static void prop_empty(FdtWriter *w, const char *name)
{
    check(w, fdt_property(w->fdt, name, NULL, 0));
}

static void prop_cells(FdtWriter *w, const char *name, const uint32_t *cells,
                       unsigned n)
{
    g_autofree fdt32_t *be = g_new(fdt32_t, n);

    for (unsigned i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    check(w, fdt_property(w->fdt, name, be, n * sizeof(*be)));
}

/* Several strings in one property ("a\0b\0"). */
static void prop_strings(FdtWriter *w, const char *name,
                         const char *const *strs, unsigned n)
{
    g_autoptr(GString) buf = g_string_new(NULL);

    for (unsigned i = 0; i < n; i++) {
        g_string_append_len(buf, strs[i], strlen(strs[i]) + 1);
    }
    check(w, fdt_property(w->fdt, name, buf->str, buf->len));
}

/* reg for #address-cells = #size-cells = 2 */
static void prop_reg(FdtWriter *w, hwaddr base, uint64_t size)
{
    const uint32_t cells[] = { base >> 32, (uint32_t)base, size >> 32,
                               (uint32_t)size };

    prop_cells(w, "reg", cells, 4);
}

/* A soc device interrupting through the PLIC. */
static void prop_plic_irq(FdtWriter *w, VirtMachineState *s, uint32_t irq)
{
    prop_u32(w, "interrupts", irq);
    prop_u32(w, "interrupt-parent", ph_plic(s));
}

/*
 * "rv64imafdc_zicsr_zba" -> riscv,isa-base "rv64i" and riscv,isa-extensions
 * "i", "m", "a", "f", "d", "c", "zicsr", "zba".
 */
static void prop_isa(FdtWriter *w, const char *isa)
{
    g_auto(GStrv) parts = g_strsplit(isa, "_", -1);
    g_autoptr(GPtrArray) exts = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *base = g_strndup(isa, 4);      /* "rv64" */
    g_autofree char *isa_base = g_strconcat(base, "i", NULL);

    prop_str(w, "riscv,isa", isa);
    prop_str(w, "riscv,isa-base", isa_base);
    for (const char *p = parts[0] + MIN(strlen(parts[0]), 4); *p; p++) {
        g_ptr_array_add(exts, g_strndup(p, 1));
    }
    for (unsigned i = 1; parts[i]; i++) {
        if (*parts[i]) {
            g_ptr_array_add(exts, g_strdup(parts[i]));
        }
    }
    prop_strings(w, "riscv,isa-extensions", (const char *const *)exts->pdata,
                 exts->len);
}

static void add_cpus(FdtWriter *w, VirtMachineState *s)
{
    begin(w, "cpus");
    prop_u32(w, "#address-cells", 1);
    prop_u32(w, "#size-cells", 0);
    prop_u32(w, "timebase-frequency", VIRT_TIMEBASE_FREQ);
    for (unsigned h = 0; h < s->num_harts; h++) {
        RISCVCPU *cpu = s->harts[h];
        const RISCVCPUConfig *cfg = &cpu->cfg;

        begin(w, "cpu@%u", h);
        prop_str(w, "device_type", "cpu");
        prop_u32(w, "reg", h);
        prop_str(w, "status", "okay");
        prop_str(w, "compatible", "riscv");
        prop_isa(w, riscv_cpu_isa_string(cpu));
        if (cfg->mmu && (cfg->sv57 || cfg->sv48 || cfg->sv39)) {
            prop_str(w, "mmu-type", cfg->sv57 ? "riscv,sv57" :
                                    cfg->sv48 ? "riscv,sv48" : "riscv,sv39");
        }
        if (cfg->ext_zicbom) {
            prop_u32(w, "riscv,cbom-block-size", cfg->cbom_blocksize);
        }
        if (cfg->ext_zicboz) {
            prop_u32(w, "riscv,cboz-block-size", cfg->cboz_blocksize);
        }
        prop_u32(w, "phandle", ph_cpu(h));
        begin(w, "interrupt-controller");
        prop_u32(w, "#interrupt-cells", 1);
        prop_empty(w, "interrupt-controller");
        prop_str(w, "compatible", "riscv,cpu-intc");
        prop_u32(w, "phandle", ph_intc(h));
        end(w);
        end(w);
    }
    begin(w, "cpu-map");
    begin(w, "cluster0");
    for (unsigned h = 0; h < s->num_harts; h++) {
        begin(w, "core%u", h);
        prop_u32(w, "cpu", ph_cpu(h));
        end(w);
    }
    end(w);
    end(w);
    end(w);
}

/* interrupts-extended: for each hart, <intc irq_a> <intc irq_b>. */
static void prop_hart_irqs(FdtWriter *w, VirtMachineState *s,
                           uint32_t irq_a, uint32_t irq_b)
{
    g_autofree uint32_t *cells = g_new(uint32_t, 4 * s->num_harts);

    for (unsigned h = 0; h < s->num_harts; h++) {
        cells[4 * h] = ph_intc(h);
        cells[4 * h + 1] = irq_a;
        cells[4 * h + 2] = ph_intc(h);
        cells[4 * h + 3] = irq_b;
    }
    prop_cells(w, "interrupts-extended", cells, 4 * s->num_harts);
}

static void add_soc(FdtWriter *w, VirtMachineState *s)
{
    static const char *const plic_compat[] = { "sifive,plic-1.0.0",
                                               "riscv,plic0" };
    static const char *const clint_compat[] = { "sifive,clint0",
                                                "riscv,clint0" };
    static const char *const test_compat[] = { "sifive,test1",
                                               "sifive,test0", "syscon" };
    const VirtMemMapEntry *m = virt_memmap;

    begin(w, "soc");
    prop_u32(w, "#address-cells", 2);
    prop_u32(w, "#size-cells", 2);
    prop_str(w, "compatible", "simple-bus");
    prop_empty(w, "ranges");

    begin(w, "clint@%" PRIx64, m[VIRT_CLINT].base);
    prop_strings(w, "compatible", clint_compat, 2);
    prop_reg(w, m[VIRT_CLINT].base, m[VIRT_CLINT].size);
    prop_hart_irqs(w, s, IRQ_M_SOFT, IRQ_M_TIMER);
    end(w);

    begin(w, "plic@%" PRIx64, m[VIRT_PLIC].base);
    prop_u32(w, "#interrupt-cells", 1);
    prop_u32(w, "#address-cells", 0);
    prop_strings(w, "compatible", plic_compat, 2);
    prop_empty(w, "interrupt-controller");
    prop_hart_irqs(w, s, IRQ_M_EXT, IRQ_S_EXT);
    prop_reg(w, m[VIRT_PLIC].base, m[VIRT_PLIC].size);
    prop_u32(w, "riscv,ndev", VIRT_PLIC_NUM_SOURCES - 1);
    prop_u32(w, "phandle", ph_plic(s));
    end(w);

    for (unsigned i = 0; i < VIRT_VIRTIO_COUNT; i++) {
        hwaddr base = m[VIRT_VIRTIO].base + i * m[VIRT_VIRTIO].size;
        begin(w, "virtio_mmio@%" PRIx64, base);
        prop_str(w, "compatible", "virtio,mmio");
        prop_reg(w, base, m[VIRT_VIRTIO].size);
        prop_plic_irq(w, s, VIRT_VIRTIO_IRQ + i);
        end(w);
    }

    begin(w, "test@%" PRIx64, m[VIRT_TEST].base);
    prop_strings(w, "compatible", test_compat, 3);
    prop_reg(w, m[VIRT_TEST].base, m[VIRT_TEST].size);
    prop_u32(w, "phandle", ph_test(s));
    end(w);

    begin(w, "serial@%" PRIx64, m[VIRT_UART0].base);
    prop_str(w, "compatible", "ns16550a");
    prop_reg(w, m[VIRT_UART0].base, m[VIRT_UART0].size);
    prop_u32(w, "clock-frequency", VIRT_UART_CLOCK);
    prop_plic_irq(w, s, VIRT_UART0_IRQ);
    end(w);

    begin(w, "rtc@%" PRIx64, m[VIRT_RTC].base);
    prop_str(w, "compatible", "google,goldfish-rtc");
    prop_reg(w, m[VIRT_RTC].base, m[VIRT_RTC].size);
    prop_plic_irq(w, s, VIRT_RTC_IRQ);
    end(w);

    end(w);
}

static void add_syscon(FdtWriter *w, VirtMachineState *s, const char *node,
                       const char *compat, uint32_t value)
{
    begin(w, "%s", node);
    prop_str(w, "compatible", compat);
    prop_u32(w, "regmap", ph_test(s));
    prop_u32(w, "offset", 0);
    prop_u32(w, "value", value);
    end(w);
}

static void add_chosen(FdtWriter *w, VirtMachineState *s)
{
    MachineState *ms = MACHINE(s);
    g_autofree char *stdout_path =
        g_strdup_printf("/soc/serial@%" PRIx64, virt_memmap[VIRT_UART0].base);

    begin(w, "chosen");
    if (ms->kernel_cmdline) {
        prop_str(w, "bootargs", ms->kernel_cmdline);
    }
    prop_str(w, "stdout-path", stdout_path);
    if (s->initrd_end) {
        prop_u64(w, "linux,initrd-start", s->initrd_start);
        prop_u64(w, "linux,initrd-end", s->initrd_end);
    }
    end(w);
}

void *virt_fdt_build(VirtMachineState *s, size_t *size, GError **errp)
{
    MachineState *ms = MACHINE(s);
    g_autofree void *buf = g_malloc0(FDT_MAX_SIZE);
    FdtWriter w = { .fdt = buf };
    g_autofree char *mem = g_strdup_printf("memory@%" PRIx64,
                                           virt_memmap[VIRT_DRAM].base);

    check(&w, fdt_create(buf, FDT_MAX_SIZE));
    check(&w, fdt_finish_reservemap(buf));
    begin(&w, "%s", "");
    prop_u32(&w, "#address-cells", 2);
    prop_u32(&w, "#size-cells", 2);
    prop_str(&w, "compatible", "riscv-virtio");
    prop_str(&w, "model", "riscv-virtio,vireo");

    add_chosen(&w, s);
    begin(&w, "%s", mem);
    prop_str(&w, "device_type", "memory");
    prop_reg(&w, virt_memmap[VIRT_DRAM].base, ms->ram_size);
    end(&w);
    add_cpus(&w, s);
    add_soc(&w, s);
    add_syscon(&w, s, "poweroff", "syscon-poweroff", SIFIVE_TEST_PASS);
    add_syscon(&w, s, "reboot", "syscon-reboot", SIFIVE_TEST_RESET);
    end(&w);
    check(&w, fdt_finish(buf));
    if (w.err) {
        vireo_error_setg(errp, "building the device tree: %s",
                         fdt_strerror(w.err));
        return NULL;
    }
    *size = fdt_totalsize(buf);
    return g_realloc(g_steal_pointer(&buf), *size);
}

void *virt_fdt_patch_chosen(void *fdt, const char *cmdline,
                            hwaddr initrd_start, hwaddr initrd_end,
                            size_t *size, GError **errp)
{
    size_t room = fdt_totalsize(fdt) + (cmdline ? strlen(cmdline) : 0) +
                  1024;
    g_autofree void *out = g_malloc0(room);
    int chosen, r;

    r = fdt_open_into(fdt, out, room);
    g_free(fdt);
    if (r < 0) {
        goto fail;
    }
    chosen = fdt_path_offset(out, "/chosen");
    if (chosen < 0) {
        chosen = fdt_add_subnode(out, 0, "chosen");
    }
    r = chosen;
    if (r >= 0 && cmdline) {
        r = fdt_setprop_string(out, chosen, "bootargs", cmdline);
    }
    if (r >= 0 && initrd_end) {
        r = fdt_setprop_u64(out, chosen, "linux,initrd-start", initrd_start);
    }
    if (r >= 0 && initrd_end) {
        r = fdt_setprop_u64(out, chosen, "linux,initrd-end", initrd_end);
    }
    if (r >= 0) {
        r = fdt_pack(out);
    }
    if (r < 0) {
        goto fail;
    }
    *size = fdt_totalsize(out);
    return g_steal_pointer(&out);

fail:
    vireo_error_setg(errp, "updating /chosen: %s", fdt_strerror(r));
    return NULL;
}
