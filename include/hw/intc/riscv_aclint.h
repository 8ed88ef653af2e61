/*
 * RISC-V ACLINT (MSWI + MTIMER in the SiFive CLINT layout that spike and
 * virt machines use): per-hart machine software interrupts, mtimecmp and a
 * shared mtime counting at timebase-freq from the guest (virtual) clock.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_INTC_RISCV_ACLINT_H
#define VIREO_HW_INTC_RISCV_ACLINT_H

#include "hw/core/irq.h"
#include "hw/core/qdev.h"
#include "softmmu/memory.h"
#include "util/timer.h"

#define TYPE_RISCV_ACLINT "riscv-aclint"
OBJECT_DECLARE_SIMPLE_TYPE(RISCVAclintState, RISCV_ACLINT)

#define RISCV_ACLINT_SIZE           0x10000
#define RISCV_ACLINT_MAX_HARTS      4095
#define RISCV_ACLINT_DEFAULT_FREQ   10000000

typedef struct RISCVAclintHart {
    struct RISCVAclintState *s;
    unsigned index;
    uint64_t mtimecmp;
    uint32_t msip;
    IRQLine *mtip_out;          /* to the hart's IRQ_M_TIMER input */
    IRQLine *msip_out;          /* to the hart's IRQ_M_SOFT input */
    Timer *timer;
} RISCVAclintHart;

struct RISCVAclintState {
    DeviceState parent_obj;

    MemoryRegion mmio;
    uint32_t num_harts;
    uint64_t timebase_freq;
    int64_t mtime_offset;       /* mtime = ticks(virtual ns) + offset */
    RISCVAclintHart *harts;
};

/* Connect hart i's outputs (either may be NULL). Before or after realize. */
void riscv_aclint_connect_hart(RISCVAclintState *s, unsigned hart,
                               IRQLine *msip, IRQLine *mtip);
/* The region a board maps (RISCV_ACLINT_SIZE bytes). */
MemoryRegion *riscv_aclint_mmio(RISCVAclintState *s);
/* mtime now; the signature of the CPU's rdtime_fn (opaque: the ACLINT). */
uint64_t riscv_aclint_read_mtime(void *opaque);
/*
 * The virtual-clock time (ns) at which mtime reaches ticks; the signature
 * of the CPU's time_deadline_fn (for Sstc's stimecmp timer).
 */
int64_t riscv_aclint_mtime_deadline_ns(void *opaque, uint64_t ticks);

#endif
