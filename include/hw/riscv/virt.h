/*
 * The riscv64 "virt" board: a generic machine laid out as firmware and
 * kernels built for QEMU's riscv virt board expect it. One constant memory
 * map (virt_memmap, indexed by VirtMemMapIndex) feeds both the devices the
 * board creates and the device tree it describes them in.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_RISCV_VIRT_H
#define VIREO_HW_RISCV_VIRT_H

#include "hw/core/machine.h"
#include "hw/intc/riscv_aclint.h"
#include "target/riscv/cpu.h"

#define TYPE_VIRT_MACHINE MACHINE_TYPE_NAME("virt")
OBJECT_DECLARE_SIMPLE_TYPE(VirtMachineState, VIRT_MACHINE)

typedef enum VirtMemMapIndex {
    VIRT_MROM,          /* boot ROM: reset stub, fw_dynamic info */
    VIRT_TEST,          /* sifive,test1 finisher / syscon */
    VIRT_RTC,           /* goldfish RTC */
    VIRT_CLINT,         /* ACLINT in the SiFive CLINT layout */
    VIRT_PLIC,
    VIRT_UART0,         /* NS16550A */
    VIRT_VIRTIO,        /* first of VIRT_VIRTIO_COUNT slots */
    VIRT_DRAM,
    VIRT__MAX,
} VirtMemMapIndex;

typedef struct VirtMemMapEntry {
    hwaddr base;
    hwaddr size;        /* of one slot for VIRT_VIRTIO; DRAM: from -m */
} VirtMemMapEntry;

extern const VirtMemMapEntry virt_memmap[VIRT__MAX];

enum {
    VIRT_VIRTIO_IRQ = 1,        /* slot i: IRQ 1 + i */
    VIRT_VIRTIO_COUNT = 8,
    VIRT_UART0_IRQ = 10,
    VIRT_RTC_IRQ = 11,
    /* IDs 0..96 like QEMU's board, so riscv,ndev is the same (96). */
    VIRT_PLIC_NUM_SOURCES = 97,
    VIRT_MAX_HARTS = 8,
    VIRT_UART_CLOCK = 3686400,
    VIRT_TIMEBASE_FREQ = RISCV_ACLINT_DEFAULT_FREQ,
};

struct VirtMachineState {
    MachineState parent_obj;

    char *dumpdtb;                      /* [dumpdtb] */
    unsigned num_harts;
    RISCVCPU *harts[VIRT_MAX_HARTS];
    MemoryRegion mrom;
    RISCVAclintState *aclint;
    DeviceState *plic;
    DeviceState *uart;
    DeviceState *rtc;
    DeviceState *test;
    DeviceState *virtio[VIRT_VIRTIO_COUNT];

    /* What the boot code chose, for /chosen. */
    hwaddr initrd_start, initrd_end;    /* both 0: no initrd */
};

/*
 * The device tree of what the board built (hw/riscv/virt-fdt.c): a
 * g_malloc'd flattened tree, its size in *size. NULL with *errp if libfdt
 * fails (a bug, or a tree bigger than it should be).
 */
void *virt_fdt_build(VirtMachineState *s, size_t *size, GError **errp);

/*
 * Set /chosen's bootargs (if cmdline is not NULL) and initrd range (if
 * initrd_end is non-zero) in a tree the user gave with -dtb, growing it as
 * needed. Returns the new tree (the old one is freed) or NULL with *errp.
 */
void *virt_fdt_patch_chosen(void *fdt, const char *cmdline,
                            hwaddr initrd_start, hwaddr initrd_end,
                            size_t *size, GError **errp);

#endif
