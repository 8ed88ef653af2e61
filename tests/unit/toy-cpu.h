/*
 * A made-up guest for the TCG accelerator's tests: 16 64-bit registers,
 * fixed 32-bit little-endian instructions (op:8 rd:4 rs:4 imm:16), a
 * 16-entry page map, traps and one interrupt line. It lives in tests/
 * only; it exists to drive accel/tcg through a real front end.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   ADDI rd, rs, imm   rd = rs + simm          LUI rd, imm   rd = simm << 16
 *   ADD rd, rs, rt     rd = rs + r[imm & 15]   J imm         pc += simm * 4
 *   LD/ST rd, imm(rs)  64-bit                  BNE rd, rs, imm (pc-relative)
 *   LW/SW rd, imm(rs)  32-bit, zero-extended   JR rs         pc = rs
 *   LDA rd, imm(rs)    64-bit, must be aligned TRAP imm      exception 1
 *   WFI                halt until interrupt    DONE          done = 1, halt
 *   MAP rd, rs         map[r[rd]] = r[rs], flush that page from the TLB
 *   ERET               pc = epc, interrupts on
 *   HSW rd, imm(rs)    SW done by a helper (tcg_cpu_st)
 *   HADD rd, imm(rs)   64-bit memory += rd by a helper, through the host
 *                      address tcg_cpu_host_for_store gives (counted in
 *                      host_adds) or else tcg_cpu_ld + tcg_cpu_st
 *   BEQX rd, rs, imm   a side exit: if rd == rs, pc += simm * 4 through a
 *                      goto_tb slot of its own (slots 2.. of the block;
 *                      a lookup when none is left); else the block goes on
 */
#ifndef VIREO_TESTS_UNIT_TOY_CPU_H
#define VIREO_TESTS_UNIT_TOY_CPU_H

#include "accel/tcg/cpu-exec.h"

#define TYPE_TOY_CPU "toy-cpu"

enum {
    TOY_ADDI = 1, TOY_ADD, TOY_LD, TOY_ST, TOY_LW, TOY_SW, TOY_BNE, TOY_JR,
    TOY_J, TOY_TRAP, TOY_WFI, TOY_DONE, TOY_MAP, TOY_LUI, TOY_ERET, TOY_LDA,
    TOY_HSW, TOY_HADD, TOY_BEQX,
};

/* Exceptions (exception_index) and the cause an interrupt records. */
enum {
    TOY_EXCP_TRAP = 1,
    TOY_EXCP_ILLEGAL = 2,
    TOY_EXCP_PAGE_FAULT = 3,
    TOY_EXCP_UNALIGNED = 4,
    TOY_CAUSE_IRQ = 100,
};

/* A page-map entry: physical page | TOY_MAP_*. */
enum { TOY_MAP_VALID = 1, TOY_MAP_WRITE = 2 };

typedef struct ToyCPU {
    CPUState parent_obj;
    uint64_t r[16];
    uint64_t pc;
    uint64_t epc, cause, badaddr, tvec, ivec;
    uint64_t arg;               /* TRAP's immediate */
    uint32_t ie;                /* interrupts enabled */
    uint32_t paging;            /* map[] in use (a TB flag) */
    uint64_t map[16];
    int done;                   /* atomic */
    int traps;                  /* exceptions delivered */
    int host_adds;              /* HADDs done through a host address */
} ToyCPU;

/* An encoded instruction (a constant expression, for program arrays). */
#define TOY_INSN(op, rd, rs, imm)                                       \
    ((uint32_t)(op) << 24 | ((uint32_t)(rd) & 15) << 20 |               \
     ((uint32_t)(rs) & 15) << 16 | ((uint32_t)(imm) & 0xffff))

#endif
