/*
 * The riscv64 "virt" board (-M virt): up to 8 harts, RAM at 2 GiB, the
 * CLINT/ACLINT, a PLIC, an NS16550A, eight virtio-mmio slots, a goldfish
 * RTC and the SiFive test finisher, at the addresses firmware and kernels
 * built for QEMU's virt board use. Boot flow: every hart starts in the
 * boot ROM's reset stub at 0x1000, which enters the firmware (-bios,
 * OpenSBI's fw_dynamic by default) with a0 = hart id, a1 = device tree,
 * a2 = fw_dynamic info naming the kernel (-kernel) as the next stage.
 * With -bios none the stub enters the kernel itself, in M-mode.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/riscv/virt.h"
#include "accel/vcpu.h"
#include "chardev/serial-hd.h"
#include "hw/char/serial.h"
#include "hw/core/gpio.h"
#include "hw/core/loader.h"
#include "hw/core/runstate.h"
#include "hw/core/sysbus.h"
#include "hw/intc/sifive_plic.h"
#include "hw/misc/sifive_test.h"
#include "hw/riscv/boot.h"
#include "hw/rtc/goldfish_rtc.h"
#include "hw/virtio/virtio-mmio.h"
#include "qom/object-field.h"
#include "softmmu/memory-system.h"
#include "util/error.h"
#include "util/log.h"

#include <libfdt.h>

#define VIRT_DEFAULT_BIOS \
    "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
#define VIRT_DEFAULT_BIOS_PACKAGE "opensbi"
#define VIRT_DTB_MAX_SIZE (1024 * 1024)

const VirtMemMapEntry virt_memmap[VIRT__MAX] = {
    [VIRT_MROM] =   { 0x1000,       0xf000 },
    [VIRT_TEST] =   { 0x100000,     SIFIVE_TEST_SIZE },
    [VIRT_RTC] =    { 0x101000,     GOLDFISH_RTC_SIZE },
    [VIRT_CLINT] =  { 0x2000000,    RISCV_ACLINT_SIZE },
    /* Room for 512 harts' contexts, as the device tree has always said. */
    [VIRT_PLIC] =   { 0xc000000,    0x600000 },
    [VIRT_UART0] =  { 0x10000000,   0x100 },
    [VIRT_VIRTIO] = { 0x10001000,   0x1000 },
    [VIRT_DRAM] =   { 0x80000000,   0 },
};

static IRQLine *virt_plic_irq(VirtMachineState *s, int irq)
{
    return qdev_get_gpio_in(s->plic, irq);
}

static bool virt_create_harts(VirtMachineState *s, GError **errp)
{
    MachineState *ms = MACHINE(s);

    for (unsigned h = 0; h < s->num_harts; h++) {
        RISCVCPU *cpu = riscv_cpu_create(ms->cpu_type, errp);

        if (!cpu) {
            g_prefix_error(errp, "-cpu %s: ", ms->cpu_type);
            return false;
        }
        if (!object_property_set_uint(OBJECT(cpu), "hartid", h, errp) ||
            !qdev_realize_and_unref(DEVICE(cpu), errp)) {
            return false;
        }
        s->harts[h] = cpu;
    }
    return true;
}

static bool virt_create_intc(VirtMachineState *s, GError **errp)
{
    DeviceState *aclint = DEVICE(object_new(TYPE_RISCV_ACLINT));
    DeviceState *plic = DEVICE(object_new(TYPE_SIFIVE_PLIC));

    if (!object_property_set_uint(OBJECT(aclint), "num-harts", s->num_harts,
                                  errp) ||
        !object_property_set_uint(OBJECT(aclint), "timebase-freq",
                                  VIRT_TIMEBASE_FREQ, errp) ||
        !qdev_realize_and_unref(aclint, errp)) {
        return false;
    }
    s->aclint = RISCV_ACLINT(aclint);
    memory_region_add_subregion(get_system_memory(),
                                virt_memmap[VIRT_CLINT].base,
                                riscv_aclint_mmio(s->aclint));

    if (!object_property_set_uint(OBJECT(plic), "num-harts", s->num_harts,
                                  errp) ||
        !object_property_set_uint(OBJECT(plic), "num-sources",
                                  VIRT_PLIC_NUM_SOURCES, errp) ||
        !qdev_realize_and_unref(plic, errp)) {
        return false;
    }
    s->plic = plic;
    sysbus_mmio_map(SYS_BUS_DEVICE(plic), 0, virt_memmap[VIRT_PLIC].base);

    for (unsigned h = 0; h < s->num_harts; h++) {
        RISCVCPU *cpu = s->harts[h];

        riscv_aclint_connect_hart(s->aclint, h,
                                  riscv_cpu_irq_input(cpu, IRQ_M_SOFT),
                                  riscv_cpu_irq_input(cpu, IRQ_M_TIMER));
        cpu->env.rdtime_fn = riscv_aclint_read_mtime;
        cpu->env.time_deadline_fn = riscv_aclint_mtime_deadline_ns;
        cpu->env.rdtime_opaque = s->aclint;
        qdev_connect_gpio_out(plic, 2 * h,
                              riscv_cpu_irq_input(cpu, IRQ_M_EXT));
        qdev_connect_gpio_out(plic, 2 * h + 1,
                              riscv_cpu_irq_input(cpu, IRQ_S_EXT));
    }
    return true;
}

static bool virt_create_devices(VirtMachineState *s, GError **errp)
{
    const VirtMemMapEntry *m = virt_memmap;

    s->test = sysbus_create_simple(TYPE_SIFIVE_TEST, m[VIRT_TEST].base, NULL,
                                   errp);
    s->rtc = s->test ? sysbus_create_simple(TYPE_GOLDFISH_RTC,
                                            m[VIRT_RTC].base,
                                            virt_plic_irq(s, VIRT_RTC_IRQ),
                                            errp) : NULL;
    s->uart = s->rtc ? serial_create(get_system_memory(), m[VIRT_UART0].base,
                                     0, virt_plic_irq(s, VIRT_UART0_IRQ),
                                     serial_hd(0), errp) : NULL;
    if (!s->uart) {
        return false;
    }
    for (unsigned i = 0; i < VIRT_VIRTIO_COUNT; i++) {
        s->virtio[i] = virtio_mmio_create(get_system_memory(),
                                          m[VIRT_VIRTIO].base +
                                          i * m[VIRT_VIRTIO].size,
                                          virt_plic_irq(s,
                                                        VIRT_VIRTIO_IRQ + i),
                                          errp);
        if (!s->virtio[i]) {
            return false;
        }
    }
    return true;
}

/* -dtb FILE: the user's tree, with /chosen brought up to date. */
static void *virt_load_dtb(VirtMachineState *s, size_t *size, GError **errp)
{
    MachineState *ms = MACHINE(s);
    size_t len;
    void *fdt = load_image_data(ms->dtb, VIRT_DTB_MAX_SIZE, &len, errp);
    int r;

    if (!fdt) {
        return NULL;
    }
    r = len < sizeof(struct fdt_header) ? -FDT_ERR_TRUNCATED
                                        : fdt_check_header(fdt);
    if (r == 0 && fdt_totalsize(fdt) > len) {
        r = -FDT_ERR_TRUNCATED;
    }
    if (r < 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' is not a device tree blob: %s", ms->dtb,
                        fdt_strerror(r));
        g_free(fdt);
        return NULL;
    }
    fdt = virt_fdt_patch_chosen(fdt, ms->kernel_cmdline, s->initrd_start,
                                s->initrd_end, size, errp);
    if (!fdt) {
        g_prefix_error(errp, "'%s': ", ms->dtb);
    }
    return fdt;
}

/*
 * Firmware, kernel, initrd, device tree and the reset stub, in that order
 * (each placement depends on the one before).
 */
static bool virt_load_boot(VirtMachineState *s, bool *dumped, GError **errp)
{
    MachineState *ms = MACHINE(s);
    AddressSpace *as = address_space_memory();
    hwaddr ram_base = virt_memmap[VIRT_DRAM].base;
    const char *bios = ms->firmware ? ms->firmware : "default";
    RISCVBootImage fw = { 0 }, kernel = { 0 }, initrd;
    bool have_fw = strcmp(bios, "none") != 0;
    hwaddr entry, next_addr = 0, fdt_addr;
    uint8_t stub[RISCV_RESET_STUB_SIZE];
    g_autofree void *fdt = NULL;
    size_t fdt_size;

    if (strcmp(bios, "default") == 0) {
        bios = VIRT_DEFAULT_BIOS;
        if (!g_file_test(bios, G_FILE_TEST_EXISTS)) {
            vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                            "-bios default: %s is missing; install "
                            "Debian's '%s' package", bios,
                            VIRT_DEFAULT_BIOS_PACKAGE);
            return false;
        }
    }
    if (have_fw && !riscv_load_firmware(bios, ram_base, as, &fw, errp)) {
        g_prefix_error(errp, "-bios %s: ", bios);
        return false;
    }
    if (ms->kernel_filename) {
        if (!riscv_load_kernel(ms->kernel_filename,
                               have_fw ? fw.end : ram_base, ram_base,
                               ms->ram_size, as, &kernel, errp)) {
            g_prefix_error(errp, "-kernel: ");
            return false;
        }
        next_addr = kernel.entry;
    } else if (!have_fw) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "-bios none needs -kernel: nothing to run");
        return false;
    }
    if (ms->initrd_filename) {
        if (!ms->kernel_filename) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "-initrd needs -kernel");
            return false;
        }
        if (!riscv_load_initrd(ms->initrd_filename, kernel.end, ram_base,
                               ms->ram_size, as, &initrd, errp)) {
            g_prefix_error(errp, "-initrd: ");
            return false;
        }
        s->initrd_start = initrd.start;
        s->initrd_end = initrd.end;
    }

    fdt = ms->dtb ? virt_load_dtb(s, &fdt_size, errp)
                  : virt_fdt_build(s, &fdt_size, errp);
    if (!fdt) {
        return false;
    }
    if (s->dumpdtb) {
        GError *err = NULL;
        if (!g_file_set_contents(s->dumpdtb, fdt, fdt_size, &err)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "dumpdtb=%s: %s", s->dumpdtb, err->message);
            g_error_free(err);
            return false;
        }
        *dumped = true;
        return true;
    }
    fdt_addr = riscv_fdt_addr(ram_base, ms->ram_size, fdt_size);
    if (!rom_add_blob("fdt", fdt, fdt_size, fdt_addr, as, errp)) {
        return false;
    }
    entry = have_fw ? fw.entry : kernel.entry;
    riscv_reset_stub_build(stub, entry, fdt_addr, next_addr);
    return rom_add_blob("reset stub", stub, sizeof(stub),
                        virt_memmap[VIRT_MROM].base, as, errp);
}

static bool virt_init(MachineState *ms, GError **errp)
{
    VirtMachineState *s = VIRT_MACHINE(ms);
    bool dumped = false;

    if (!ms->ram) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "-m: the board needs RAM");
        return false;
    }
    s->num_harts = ms->smp.cpus;
    memory_region_add_subregion(get_system_memory(),
                                virt_memmap[VIRT_DRAM].base, ms->ram);
    if (!memory_region_init_rom(&s->mrom, OBJECT(ms), "riscv-virt.mrom",
                                virt_memmap[VIRT_MROM].size, errp)) {
        return false;
    }
    memory_region_add_subregion(get_system_memory(),
                                virt_memmap[VIRT_MROM].base, &s->mrom);

    if (!virt_create_harts(s, errp) || !virt_create_intc(s, errp) ||
        !virt_create_devices(s, errp) ||
        !virt_load_boot(s, &dumped, errp)) {
        return false;
    }
    if (dumped) {
        /* dumpdtb: the tree was all that was asked for; run nothing. */
        runstate_request_shutdown(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
        return true;
    }
    for (unsigned h = 0; h < s->num_harts; h++) {
        if (!vcpu_create(CPU(s->harts[h]), errp)) {
            return false;
        }
    }
    return true;
}

static const ObjectField virt_fields[] = {
    { .name = "dumpdtb", .type = OBJECT_FIELD_STR,
      .offset = offsetof(VirtMachineState, dumpdtb),
      .description = "write the device tree to this file and exit" },
};

static void virt_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "RISC-V VirtIO board";
    mc->init = virt_init;
    mc->is_default = true;
    mc->default_ram_size = 128 * 1024 * 1024;
    mc->default_cpus = 1;
    mc->max_cpus = VIRT_MAX_HARTS;
    mc->default_cpu_type = "rv64";
    for (size_t i = 0; i < G_N_ELEMENTS(virt_fields); i++) {
        object_class_property_add_field(oc, &virt_fields[i]);
    }
}

static const TypeInfo virt_types[] = {
    {
        .name = TYPE_VIRT_MACHINE,
        .parent = TYPE_MACHINE,
        .instance_size = sizeof(VirtMachineState),
        .class_init = virt_class_init,
    },
};

DEFINE_TYPES(virt_types)
