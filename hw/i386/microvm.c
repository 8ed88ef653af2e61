/*
 * The x86-64 "microvm" board: no PCI, no legacy PC devices beyond what a
 * direct-booted guest needs, interrupt controllers and PIT from the
 * accelerator (KVM's in-kernel ones), booted straight into a Linux
 * bzImage (64-bit boot protocol) or a PVH kernel, or through firmware
 * (-bios). Device-tree free.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Guest-physical map:
 *
 *   0x0000_0000  RAM (up to 3 GiB)
 *     0x6000       hvm_start_info, memory map, module list (PVH boot)
 *     0x7000       kernel command line (PVH) / zero page (bzImage)
 *     0x8000       GDT (bzImage)
 *     0x9000       identity page tables for the first 4 GiB (bzImage)
 *     0x20000      kernel command line (bzImage)
 *     0x100000     the kernel (bzImage: its protected-mode part)
 *     0xe0000      ACPI tables, RSDP first (-kernel), or
 *                  the last 128 KiB of -bios, over RAM (as on a PC)
 *   0xfeb0_0000  8 virtio-mmio transports, 0x200 apart, GSI 16-23
 *   0xfec0_0000  IOAPIC     \  in the accelerator
 *   0xfee0_0000  LAPIC      /
 *   4 GiB - n    -bios image of n bytes; reset vector at 0xffff_fff0
 *   0x1_0000_0000  RAM above 3 GiB
 *
 * Port I/O: 0x3f8 serial (IRQ 4), 0x40-0x43 PIT (in-kernel), PIC/ELCR,
 * 0x600-0x603 acpi-ged (sleep control/status, reset, GED event on GSI 9).
 */
#include "accel/vcpu.h"
#include "chardev/serial-hd.h"
#include "hw/char/serial.h"
#include "hw/core/loader.h"
#include "hw/core/machine.h"
#include "hw/i386/acpi-build.h"
#include "hw/i386/acpi-ged.h"
#include "hw/i386/linux-boot.h"
#include "hw/i386/microvm-e820.h"
#include "hw/i386/pvh.h"
#include "hw/virtio/virtio-mmio.h"
#include "softmmu/memory-system.h"
#include "target/i386/cpu.h"
#include "util/error.h"

#include <string.h>

#define TYPE_MICROVM_MACHINE MACHINE_TYPE_NAME("microvm")
OBJECT_DECLARE_SIMPLE_TYPE(MicrovmMachineState, MICROVM_MACHINE)

#define KiB (1ULL << 10)
#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

enum {
    MICROVM_BIOS_MAX = 16 * MiB,
    MICROVM_BIOS_LOW_SIZE = 128 * KiB,
    MICROVM_PVH_INFO = 0x6000,
    MICROVM_PVH_MEMMAP = 0x6040,
    MICROVM_PVH_MODLIST = 0x6400,
    MICROVM_CMDLINE = 0x7000,
    MICROVM_CMDLINE_MAX = 0x2000,
    MICROVM_MAX_KERNEL = 512 * MiB,
    MICROVM_MAX_MEMMAP = MICROVM_E820_MAX,
    LINUX_ZERO_PAGE = 0x7000,
    LINUX_GDT = 0x8000,
    LINUX_PAGE_TABLES = 0x9000,     /* PML4, PDPT, then 4 PDs */
    LINUX_CMDLINE = 0x20000,
    LINUX_KERNEL = 0x100000,
    MICROVM_COM1 = 0x3f8,
    MICROVM_COM1_IRQ = 4,
    /* GSIs 16+ exist only on the IOAPIC: level-triggered, irqfd-backed. */
    MICROVM_VIRTIO_BASE = 0xfeb00000,
    MICROVM_VIRTIO_COUNT = 8,
    MICROVM_VIRTIO_GSI = 16,
    MICROVM_ACPI_BASE = 0xe0000,
    MICROVM_ACPI_MAX = 128 * KiB,
    MICROVM_GED_PORT = 0x600,
    MICROVM_GED_GSI = 9,
};

struct MicrovmMachineState {
    MachineState parent_obj;
    MemoryRegion ram_low, ram_high;
    MemoryRegion bios, bios_low;
    uint64_t low_ram_size, high_ram_size;
    uint64_t rsdp_addr;         /* 0: no ACPI tables (-bios) */
};

static hwaddr microvm_virtio_base(unsigned i)
{
    return MICROVM_VIRTIO_BASE + (hwaddr)i * VIRTIO_MMIO_REGION_SIZE;
}

static void microvm_map_ram(MicrovmMachineState *mms, MachineState *ms)
{
    MemoryRegion *sysmem = get_system_memory();

    PVHMemmapEntry unused[MICROVM_E820_MAX];

    microvm_e820_build(ms->ram_size, &mms->low_ram_size, &mms->high_ram_size,
                       unused);
    memory_region_init_alias(&mms->ram_low, OBJECT(ms), "ram-below-4g",
                             ms->ram, 0, mms->low_ram_size);
    memory_region_add_subregion_overlap(sysmem, 0, &mms->ram_low, 0);
    if (mms->high_ram_size) {
        memory_region_init_alias(&mms->ram_high, OBJECT(ms), "ram-above-4g",
                                 ms->ram, mms->low_ram_size,
                                 mms->high_ram_size);
        memory_region_add_subregion(sysmem, MICROVM_HIGH_RAM_BASE,
                                    &mms->ram_high);
    }
}

/* -bios FILE: a ROM ending at 4 GiB, its last 128 KiB also below 1 MiB. */
static bool microvm_load_bios(MicrovmMachineState *mms, const char *path,
                              GError **errp)
{
    int64_t size = load_image_size(path, errp);
    uint64_t low;

    if (size < 0) {
        return false;
    }
    if (size == 0 || size > MICROVM_BIOS_MAX || (size & 0xfff)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "firmware image must be a non-empty multiple of "
                        "4 KiB up to 16 MiB, not %" G_GINT64_FORMAT " bytes",
                        size);
        return false;
    }
    if (!memory_region_init_rom(&mms->bios, OBJECT(mms), "bios", size,
                                errp)) {
        return false;
    }
    memory_region_add_subregion(get_system_memory(), 4 * GiB - size,
                                &mms->bios);
    low = MIN((uint64_t)size, (uint64_t)MICROVM_BIOS_LOW_SIZE);
    memory_region_init_alias(&mms->bios_low, OBJECT(mms), "bios-below-1m",
                             &mms->bios, size - low, low);
    memory_region_add_subregion_overlap(get_system_memory(), 1 * MiB - low,
                                        &mms->bios_low, 1);
    return rom_add_file("bios", path, 4 * GiB - size, size,
                        address_space_memory(), errp) >= 0;
}

static unsigned microvm_memmap(MicrovmMachineState *mms, PVHMemmapEntry *e)
{
    uint64_t low, high;

    return microvm_e820_build(mms->low_ram_size + mms->high_ram_size, &low,
                              &high, e);
}

static bool microvm_load_initrd(MicrovmMachineState *mms, const char *path,
                                uint64_t kernel_end, uint8_t *modlist,
                                GError **errp)
{
    size_t len;
    g_autofree uint8_t *data = load_image_data(path, mms->low_ram_size,
                                               &len, errp);
    uint64_t addr;

    if (!data) {
        return false;
    }
    /* As high in low RAM as it goes, page-aligned, above the kernel. */
    addr = (mms->low_ram_size - len) & ~0xfffULL;
    if (len > mms->low_ram_size || addr < kernel_end) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "initrd (%zu bytes) does not fit in RAM above the "
                        "kernel", len);
        return false;
    }
    if (!rom_add_blob("initrd", data, len, addr, address_space_memory(),
                      errp)) {
        return false;
    }
    memset(modlist, 0, PVH_MODLIST_ENTRY_SIZE);
    for (unsigned i = 0; i < 8; i++) {
        modlist[i] = addr >> (8 * i);
        modlist[8 + i] = (uint64_t)len >> (8 * i);
    }
    return true;
}

/* -kernel FILE: an ELF with a PVH note; returns the entry point. */
static bool microvm_load_pvh(MicrovmMachineState *mms, MachineState *ms,
                             const uint8_t *data, size_t len,
                             uint32_t *entry, GError **errp)
{
    PVHImage img;
    PVHMemmapEntry map[MICROVM_MAX_MEMMAP];
    uint8_t info[PVH_START_INFO_SIZE];
    uint8_t mapbuf[MICROVM_MAX_MEMMAP * PVH_MEMMAP_ENTRY_SIZE];
    uint8_t modlist[PVH_MODLIST_ENTRY_SIZE];
    const char *cmdline = ms->kernel_cmdline ? ms->kernel_cmdline : "";
    unsigned nmap;
    bool ok = false;

    if (!pvh_elf_parse(data, len, &img, errp)) {
        return false;
    }
    if (img.lowest < 1 * MiB || img.highest > mms->low_ram_size) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "kernel segments [0x%" G_GINT64_MODIFIER "x, "
                        "0x%" G_GINT64_MODIFIER "x) must lie in RAM above "
                        "1 MiB (RAM below 4 GiB ends at 0x%"
                        G_GINT64_MODIFIER "x)", img.lowest, img.highest,
                        mms->low_ram_size);
        goto out;
    }
    for (unsigned i = 0; i < img.nr_segments; i++) {
        const PVHSegment *seg = &img.segments[i];
        g_autofree uint8_t *buf = g_malloc0(seg->memsz);
        g_autofree char *name = g_strdup_printf("kernel.%u", i);

        memcpy(buf, data + seg->offset, seg->filesz);
        if (!rom_add_blob(name, buf, seg->memsz, seg->paddr,
                          address_space_memory(), errp)) {
            goto out;
        }
    }
    if (!rom_add_blob("cmdline", cmdline, strlen(cmdline) + 1,
                      MICROVM_CMDLINE, address_space_memory(), errp)) {
        goto out;
    }
    if (ms->initrd_filename &&
        (!microvm_load_initrd(mms, ms->initrd_filename, img.highest,
                              modlist, errp) ||
         !rom_add_blob("pvh-modlist", modlist, sizeof(modlist),
                       MICROVM_PVH_MODLIST, address_space_memory(), errp))) {
        goto out;
    }
    nmap = microvm_memmap(mms, map);
    pvh_build_memmap(mapbuf, map, nmap);
    pvh_build_start_info(info, MICROVM_CMDLINE,
                         ms->initrd_filename ? MICROVM_PVH_MODLIST : 0,
                         ms->initrd_filename ? 1 : 0, MICROVM_PVH_MEMMAP,
                         nmap);
    pvh_start_info_set_rsdp(info, mms->rsdp_addr);
    ok = rom_add_blob("pvh-start-info", info, sizeof(info), MICROVM_PVH_INFO,
                      address_space_memory(), errp) &&
         rom_add_blob("pvh-memmap", mapbuf, nmap * PVH_MEMMAP_ENTRY_SIZE,
                      MICROVM_PVH_MEMMAP, address_space_memory(), errp);
    *entry = img.entry;
out:
    pvh_image_clear(&img);
    return ok;
}

/* Identity map of the first 4 GiB with 2 MiB pages, at addr. */
static bool linux_add_page_tables(hwaddr addr, GError **errp)
{
    enum { PAGE = 4096, NR_PD = 4 };
    g_autofree uint64_t *pt = g_new0(uint64_t, (2 + NR_PD) * PAGE / 8);
    uint64_t *pml4 = pt, *pdpt = pt + PAGE / 8, *pd = pt + 2 * PAGE / 8;

    pml4[0] = (addr + PAGE) | 0x3;                  /* present, writable */
    for (unsigned i = 0; i < NR_PD; i++) {
        pdpt[i] = (addr + (2 + i) * PAGE) | 0x3;
    }
    for (unsigned i = 0; i < NR_PD * 512; i++) {
        pd[i] = ((uint64_t)i << 21) | 0x83;         /* 2 MiB page */
    }
    return rom_add_blob("linux-page-tables", pt, (2 + NR_PD) * PAGE, addr,
                        address_space_memory(), errp);
}

/* -kernel FILE: a Linux bzImage, entered at its 64-bit entry point. */
static bool microvm_load_linux(MicrovmMachineState *mms, MachineState *ms,
                               const uint8_t *data, size_t len,
                               GError **errp)
{
    /* Null, null, __BOOT_CS (64-bit code), __BOOT_DS (flat data). */
    static const uint64_t gdt[] = {
        0, 0, 0x00af9b000000ffffULL, 0x00cf93000000ffffULL,
    };
    const char *cmdline = ms->kernel_cmdline ? ms->kernel_cmdline : "";
    uint8_t zp[LINUX_ZERO_PAGE_SIZE];
    PVHMemmapEntry map[MICROVM_MAX_MEMMAP];
    LinuxE820Entry e820[MICROVM_MAX_MEMMAP];
    LinuxBzImage bz;
    uint64_t kernel_end, initrd_addr = 0;
    size_t initrd_len = 0;
    g_autofree uint8_t *initrd = NULL;
    unsigned n;

    if (!linux_bzimage_parse(data, len, &bz, errp)) {
        return false;
    }
    kernel_end = LINUX_KERNEL + bz.init_size;
    if (kernel_end > mms->low_ram_size) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "the kernel needs RAM up to 0x%" G_GINT64_MODIFIER
                        "x (init_size %u); give more -m", kernel_end,
                        bz.init_size);
        return false;
    }
    if (strlen(cmdline) > bz.cmdline_size) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "-append: command line longer than the kernel's "
                        "%u bytes", bz.cmdline_size);
        return false;
    }
    if (ms->initrd_filename) {
        uint64_t top = MIN(mms->low_ram_size,
                           (uint64_t)bz.initrd_addr_max + 1);
        initrd = load_image_data(ms->initrd_filename, mms->low_ram_size,
                                 &initrd_len, errp);
        if (!initrd) {
            g_prefix_error(errp, "-initrd %s: ", ms->initrd_filename);
            return false;
        }
        initrd_addr = (top - MIN(top, (uint64_t)initrd_len)) & ~0xfffULL;
        if (initrd_len > top || initrd_addr < kernel_end) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "-initrd %s: %zu bytes do not fit between the "
                            "kernel and 0x%" G_GINT64_MODIFIER "x",
                            ms->initrd_filename, initrd_len, top);
            return false;
        }
        if (!rom_add_blob("initrd", initrd, initrd_len, initrd_addr,
                          address_space_memory(), errp)) {
            return false;
        }
    }
    n = microvm_memmap(mms, map);
    for (unsigned i = 0; i < n; i++) {
        e820[i] = (LinuxE820Entry) { map[i].addr, map[i].size, map[i].type };
    }
    linux_build_zero_page(zp, data, &bz, LINUX_CMDLINE, initrd_addr,
                          initrd_len, e820, n);
    linux_zero_page_set_rsdp(zp, &bz, mms->rsdp_addr);
    return rom_add_blob("linux-kernel", data + bz.setup_size, bz.kernel_size,
                        LINUX_KERNEL, address_space_memory(), errp) &&
           rom_add_blob("linux-zero-page", zp, sizeof(zp), LINUX_ZERO_PAGE,
                        address_space_memory(), errp) &&
           rom_add_blob("linux-cmdline", cmdline, strlen(cmdline) + 1,
                        LINUX_CMDLINE, address_space_memory(), errp) &&
           rom_add_blob("linux-gdt", gdt, sizeof(gdt), LINUX_GDT,
                        address_space_memory(), errp) &&
           linux_add_page_tables(LINUX_PAGE_TABLES, errp);
}

typedef struct MicrovmBoot {
    X86BootEntry entry;
    uint32_t pvh_entry;
} MicrovmBoot;

static bool microvm_load_kernel(MicrovmMachineState *mms, MachineState *ms,
                                MicrovmBoot *boot, GError **errp)
{
    size_t len;
    g_autofree uint8_t *data = load_image_data(ms->kernel_filename,
                                               MICROVM_MAX_KERNEL, &len,
                                               errp);

    if (!data) {
        return false;
    }
    if (pvh_is_elf(data, len)) {
        boot->entry = X86_BOOT_PVH;
        return microvm_load_pvh(mms, ms, data, len, &boot->pvh_entry, errp);
    }
    boot->entry = X86_BOOT_LINUX64;
    return microvm_load_linux(mms, ms, data, len, errp);
}

static bool microvm_create_cpus(MachineState *ms, const MicrovmBoot *boot,
                                GError **errp)
{
    g_autofree char *type = x86_cpu_type_name(ms->cpu_type);
    ObjectClass *oc = object_class_by_name(type);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_X86_CPU) ||
        object_class_is_abstract(oc)) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "-cpu %s: unknown CPU model (try -cpu help)",
                        ms->cpu_type);
        return false;
    }
    for (uint32_t i = 0; i < ms->smp.cpus; i++) {
        Object *obj = object_new(type);
        g_autofree char *name = g_strdup_printf("cpu[%u]", i);
        bool ok;

        if (boot->entry == X86_BOOT_PVH) {
            x86_cpu_set_pvh_entry(X86_CPU(obj), boot->pvh_entry,
                                  MICROVM_PVH_INFO);
        } else if (boot->entry == X86_BOOT_LINUX64) {
            x86_cpu_set_linux64_entry(X86_CPU(obj),
                                      LINUX_KERNEL + LINUX_ENTRY64_OFFSET,
                                      LINUX_ZERO_PAGE, LINUX_PAGE_TABLES,
                                      LINUX_GDT, 4 * 8 - 1);
        }
        ok = object_property_add_child(OBJECT(ms), name, obj, errp) &&
             qdev_realize(DEVICE(obj), errp);
        object_unref(obj);
        if (!ok || !vcpu_create(CPU(obj), errp)) {
            return false;
        }
    }
    return true;
}

/*
 * The transports -device virtio-*-device and -drive if=virtio fill in
 * order. Kicks go through eventfds, which KVM signals itself.
 */
static bool microvm_create_virtio(MicrovmMachineState *mms, GError **errp)
{
    for (unsigned i = 0; i < MICROVM_VIRTIO_COUNT; i++) {
        DeviceState *dev = DEVICE(object_new(TYPE_VIRTIO_MMIO));
        g_autofree char *name = g_strdup_printf("virtio-mmio[%u]", i);
        bool ok;

        ok = object_property_set_bool(OBJECT(dev), "ioeventfd", true, errp) &&
             object_property_add_child(OBJECT(mms), name, OBJECT(dev),
                                       errp) &&
             qdev_realize(dev, errp);
        object_unref(OBJECT(dev));
        if (!ok) {
            return false;
        }
        virtio_mmio_set_irq(dev,
                            accel_irqchip_gsi_line(MICROVM_VIRTIO_GSI + i));
        memory_region_add_subregion(get_system_memory(),
                                    microvm_virtio_base(i),
                                    virtio_mmio_get_region(dev));
    }
    return true;
}

/* Hardware-reduced ACPI for direct kernel boot (firmware has its own). */
static bool microvm_add_acpi(MicrovmMachineState *mms, MachineState *ms,
                             GError **errp)
{
    AcpiMicrovmConfig cfg = {
        .nr_cpus = ms->smp.cpus,
        .lapic_addr = MICROVM_LAPIC,
        .ioapic_addr = MICROVM_IOAPIC,
        .com1_port = MICROVM_COM1,
        .com1_irq = MICROVM_COM1_IRQ,
        .virtio_base = MICROVM_VIRTIO_BASE,
        .virtio_size = VIRTIO_MMIO_REGION_SIZE,
        .virtio_count = MICROVM_VIRTIO_COUNT,
        .virtio_gsi = MICROVM_VIRTIO_GSI,
        .pm_port = MICROVM_GED_PORT,
        .ged_gsi = MICROVM_GED_GSI,
    };
    AcpiTableLayout layout;
    g_autoptr(GByteArray) blob = acpi_build_microvm(&cfg, MICROVM_ACPI_BASE,
                                                    &layout);

    /* A fixed number of CPUs and devices: it always fits. */
    g_assert(blob->len <= MICROVM_ACPI_MAX);
    if (!rom_add_blob("acpi-tables", blob->data, blob->len,
                      MICROVM_ACPI_BASE, address_space_memory(), errp)) {
        return false;
    }
    mms->rsdp_addr = MICROVM_ACPI_BASE + layout.rsdp;
    return true;
}

static bool microvm_init(MachineState *ms, GError **errp)
{
    MicrovmMachineState *mms = MICROVM_MACHINE(ms);
    MicrovmBoot boot = { .entry = X86_BOOT_RESET_VECTOR };

    if (ms->kernel_filename && ms->firmware) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "-kernel and -bios: give one of them");
        return false;
    }
    if (!ms->kernel_filename && !ms->firmware) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "nothing to boot: give -kernel (a bzImage or a PVH "
                        "ELF) or -bios");
        return false;
    }
    if (!ms->kernel_filename && (ms->initrd_filename || ms->kernel_cmdline)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "-initrd and -append need -kernel");
        return false;
    }
    if (ms->kernel_cmdline &&
        strlen(ms->kernel_cmdline) >= MICROVM_CMDLINE_MAX) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "-append: command line longer than %d bytes",
                        MICROVM_CMDLINE_MAX - 1);
        return false;
    }
    microvm_map_ram(mms, ms);
    /* KVM wants its interrupt controllers before the first vCPU. */
    if (!accel_irqchip_create(ms, errp)) {
        return false;
    }
    if (!serial_create(get_system_io(), MICROVM_COM1, 0,
                       accel_irqchip_gsi_line(MICROVM_COM1_IRQ),
                       serial_hd(0), errp) ||
        !microvm_create_virtio(mms, errp) ||
        !acpi_ged_create(get_system_io(), MICROVM_GED_PORT,
                         accel_irqchip_gsi_line(MICROVM_GED_GSI), errp)) {
        return false;
    }
    if (ms->firmware) {
        if (!microvm_load_bios(mms, ms->firmware, errp)) {
            g_prefix_error(errp, "-bios %s: ", ms->firmware);
            return false;
        }
    } else if (!microvm_add_acpi(mms, ms, errp) ||
               !microvm_load_kernel(mms, ms, &boot, errp)) {
        g_prefix_error(errp, "-kernel %s: ", ms->kernel_filename);
        return false;
    }
    return microvm_create_cpus(ms, &boot, errp);
}

static void microvm_class_init(ObjectClass *oc, const void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->desc = "minimal x86-64 VM for direct kernel boot (KVM)";
    mc->init = microvm_init;
    mc->default_ram_size = 128 * MiB;
    mc->default_cpus = 1;
    mc->max_cpus = 16;
    mc->default_cpu_type = "host";
    /* The one real x86-64 machine Vireo has: -M is optional. */
    mc->is_default = true;
}

static const TypeInfo microvm_types[] = {
    {
        .name = TYPE_MICROVM_MACHINE,
        .parent = TYPE_MACHINE,
        .instance_size = sizeof(MicrovmMachineState),
        .class_init = microvm_class_init,
    },
};

DEFINE_TYPES(microvm_types)
