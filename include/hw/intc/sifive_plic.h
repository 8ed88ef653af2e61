/*
 * The RISC-V Platform-Level Interrupt Controller (PLIC) as the riscv virt
 * board and SiFive parts lay it out: per-source priorities and pending
 * bits, per-context enables, thresholds and claim/complete. Two contexts
 * per hart, M then S; each context's output is a GPIO line the board wires
 * to the hart's MEIP or SEIP input.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Properties: num-sources (interrupt IDs 0..num-sources-1, ID 0 meaning
 * "none"; at most 1024), num-harts (at most SIFIVE_PLIC_MAX_HARTS).
 * GPIO inputs 0..num-sources-1 are the sources (level-triggered; input 0
 * is ignored); GPIO outputs 2h and 2h+1 are hart h's M and S contexts.
 * Region 0 is the register file, sifive_plic_size(num-harts) bytes.
 */
#ifndef VIREO_HW_INTC_SIFIVE_PLIC_H
#define VIREO_HW_INTC_SIFIVE_PLIC_H

#include "hw/core/sysbus.h"

#define TYPE_SIFIVE_PLIC "sifive-plic"
OBJECT_DECLARE_SIMPLE_TYPE(SiFivePLICState, SIFIVE_PLIC)

#define SIFIVE_PLIC_MAX_SOURCES     1024
#define SIFIVE_PLIC_MAX_HARTS       64
#define SIFIVE_PLIC_MAX_CONTEXTS    (2 * SIFIVE_PLIC_MAX_HARTS)
#define SIFIVE_PLIC_WORDS           (SIFIVE_PLIC_MAX_SOURCES / 32)
#define SIFIVE_PLIC_PRIORITY_MAX    7       /* 3 priority bits */

/* Register blocks (PLIC specification 1.0.0, chapter 3 "Memory Map"). */
#define SIFIVE_PLIC_PRIORITY_BASE   0x000000
#define SIFIVE_PLIC_PENDING_BASE    0x001000
#define SIFIVE_PLIC_ENABLE_BASE     0x002000
#define SIFIVE_PLIC_ENABLE_STRIDE   0x80
#define SIFIVE_PLIC_CONTEXT_BASE    0x200000
#define SIFIVE_PLIC_CONTEXT_STRIDE  0x1000

struct SiFivePLICState {
    SysBusDevice parent_obj;

    MemoryRegion mmio;
    uint32_t num_sources;
    uint32_t num_harts;
    IRQLine *outputs[SIFIVE_PLIC_MAX_CONTEXTS];

    uint32_t priority[SIFIVE_PLIC_MAX_SOURCES];
    uint32_t pending[SIFIVE_PLIC_WORDS];
    uint32_t claimed[SIFIVE_PLIC_WORDS];     /* in service, not completed */
    uint32_t level[SIFIVE_PLIC_WORDS];       /* the input lines */
    uint32_t enable[SIFIVE_PLIC_MAX_CONTEXTS * SIFIVE_PLIC_WORDS];
    uint32_t threshold[SIFIVE_PLIC_MAX_CONTEXTS];
};

/* Bytes of register space for num_harts harts (2 contexts each). */
static inline uint64_t sifive_plic_size(unsigned num_harts)
{
    return SIFIVE_PLIC_CONTEXT_BASE +
           (uint64_t)num_harts * 2 * SIFIVE_PLIC_CONTEXT_STRIDE;
}

#endif
