/*
 * target/i386/monitor.c: info tlb over hand-built page tables in every
 * paging mode (off, 32-bit with 4 MiB pages, PAE, 4-level with 1 GiB
 * pages and NX, 5-level), rights combined across levels, and x /i in
 * 16-, 32- and 64-bit mode (or the raw-byte answer without Capstone).
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "softmmu/memory-system.h"
#include "softmmu/memory.h"
#include "target/i386/cpu.h"
#include "tcg/disas.h"

#include <stdlib.h>
#include <string.h>

#define RAM_SIZE (4u << 20)

#define P 0x1ull
#define RW 0x2ull
#define US 0x4ull
#define A 0x20ull
#define D 0x40ull
#define PS 0x80ull
#define G 0x100ull
#define NX (1ull << 63)

static MemoryRegion ram;
static uint8_t *mem;
static X86CPU *cpu;

static void setup(void)
{
    ck_assert(memory_region_init_ram(&ram, NULL, "ram", RAM_SIZE, 0, NULL));
    memory_region_add_subregion(get_system_memory(), 0, &ram);
    mem = memory_region_get_ram_ptr(&ram);
    memset(mem, 0, RAM_SIZE);
    cpu = X86_CPU(object_new(TYPE_X86_HOST_CPU));
}

static void teardown(void)
{
    object_unref(OBJECT(cpu));
    memory_region_del_subregion(get_system_memory(), &ram);
    memory_region_unref(&ram);
}

static void pte64(uint64_t table, int index, uint64_t val)
{
    memcpy(mem + table + index * 8, &val, 8);
}

static void pte32(uint64_t table, int index, uint32_t val)
{
    memcpy(mem + table + index * 4, &val, 4);
}

/* info tlb's text for the CPU's current state. */
static char *dump(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    ck_assert_ptr_nonnull(f);
    x86_cpu_dump_mmu(CPU(cpu), f);
    fclose(f);
    return buf;
}

#define HEADER "vaddr            paddr            size             attr\n"

START_TEST(paging_off)
{
    char *out;

    cpu->env.cr0 = 0x11;
    out = dump();
    ck_assert_str_eq(out, "paging is off (CR0.PG=0): virtual = physical\n");
    free(out);
}
END_TEST

START_TEST(paging_32bit)
{
    char *out;

    /* PD at 0x1000: a 4 KiB page through a PT, and a 4 MiB page. */
    pte32(0x1000, 0, 0x2000 | P | RW | US);
    pte32(0x2000, 3, 0x5000 | P | US | A);          /* read-only */
    pte32(0x1000, 2, 0x00c00000 | P | RW | PS | G | A | D);
    pte32(0x1000, 5, 0x3000);                       /* not present */
    cpu->env.cr0 = 0x80000011;
    cpu->env.cr3 = 0x1000;
    cpu->env.cr4 = 0x10;                            /* PSE */
    out = dump();
    ck_assert_str_eq(out,
        "CR3 0000000000001000 (32-bit paging)\n" HEADER
        "0000000000003000 0000000000005000 0000000000001000 r-xu-a-\n"
        "0000000000800000 0000000000c00000 0000000000400000 rwx-gad\n");
    free(out);
    /* Without CR4.PSE, PS means nothing: the entry points to a table. */
    cpu->env.cr4 = 0;
    pte32(0x1000, 2, 0x2000 | P | RW | PS);
    out = dump();
    ck_assert_str_eq(out,
        "CR3 0000000000001000 (32-bit paging)\n" HEADER
        "0000000000003000 0000000000005000 0000000000001000 r-xu-a-\n"
        "0000000000803000 0000000000005000 0000000000001000 r-x--a-\n");
    free(out);
}
END_TEST

START_TEST(paging_pae)
{
    char *out;

    /* PDPT at 0x1020 (32-byte aligned), PDPTE 3 -> PD at 0x2000. */
    pte64(0x1020, 3, 0x2000 | P);
    pte64(0x2000, 1, 0x00400000 | P | RW | PS);
    pte64(0x2000, 2, 0x3000 | P | RW | US);
    pte64(0x3000, 0, 0x7000 | P | RW | US | NX);
    cpu->env.cr0 = 0x80000011;
    cpu->env.cr3 = 0x1020;
    cpu->env.cr4 = 0x20;
    cpu->env.efer = 0x800;                          /* NXE */
    out = dump();
    ck_assert_str_eq(out,
        "CR3 0000000000001020 (PAE paging)\n" HEADER
        "00000000c0200000 0000000000400000 0000000000200000 rwx----\n"
        "00000000c0400000 0000000000007000 0000000000001000 rw-u---\n");
    free(out);
}
END_TEST

START_TEST(paging_4level)
{
    char *out;

    /*
     * PML4[0] -> PDPT: a 1 GiB page, and a PD whose table is user but
     * whose parent is not (so the page is not user either). PML4[511]
     * (no execute) -> the kernel's top 2 MiB.
     */
    pte64(0x1000, 0, 0x2000 | P | RW | US);
    pte64(0x2000, 1, 0x40000000 | P | RW | US | PS | A | D);
    pte64(0x2000, 2, 0x3000 | P | RW);
    pte64(0x3000, 4, 0x4000 | P | RW | US);
    pte64(0x4000, 7, 0x9000 | P | RW | US | G);
    pte64(0x1000, 511, 0x5000 | P | RW | NX);
    pte64(0x5000, 511, 0x6000 | P | RW);
    pte64(0x6000, 511, 0x200000 | P | PS | G);
    cpu->env.cr0 = 0x80000011;
    cpu->env.cr3 = 0x1000 | 0x18;       /* PCD/PWT bits are not address */
    cpu->env.cr4 = 0x20;
    cpu->env.efer = 0xd00;              /* LME, LMA, NXE */
    out = dump();
    ck_assert_str_eq(out,
        "CR3 0000000000001018 (4-level paging)\n" HEADER
        "0000000040000000 0000000040000000 0000000040000000 rwxu-ad\n"
        "0000000080807000 0000000000009000 0000000000001000 rwx-g--\n"
        "ffffffffffe00000 0000000000200000 0000000000200000 r---g--\n");
    free(out);
}
END_TEST

START_TEST(paging_4level_nx_needs_nxe)
{
    char *out;

    pte64(0x1000, 0, 0x2000 | P | RW | NX);
    pte64(0x2000, 0, 0x40000000 | P | RW | PS);
    cpu->env.cr0 = 0x80000011;
    cpu->env.cr3 = 0x1000;
    cpu->env.cr4 = 0x20;
    cpu->env.efer = 0x500;              /* LME, LMA; NX bit 63 ignored */
    out = dump();
    ck_assert_str_eq(out,
        "CR3 0000000000001000 (4-level paging)\n" HEADER
        "0000000000000000 0000000040000000 0000000040000000 rwx----\n");
    free(out);
}
END_TEST

START_TEST(paging_5level)
{
    char *out;

    /* PML5[256] -> PML4[0] -> PDPT[0] -> PD[0]: 2 MiB at the bottom of
     * the upper half of the 57-bit space. */
    pte64(0x1000, 256, 0x2000 | P | RW);
    pte64(0x2000, 0, 0x3000 | P | RW);
    pte64(0x3000, 0, 0x4000 | P | RW);
    pte64(0x4000, 0, 0x200000 | P | RW | PS);
    cpu->env.cr0 = 0x80000011;
    cpu->env.cr3 = 0x1000;
    cpu->env.cr4 = 0x20 | 0x1000;       /* PAE, LA57 */
    cpu->env.efer = 0x500;
    out = dump();
    ck_assert_str_eq(out,
        "CR3 0000000000001000 (5-level paging)\n" HEADER
        "ff00000000000000 0000000000200000 0000000000200000 rwx----\n");
    free(out);
}
END_TEST

START_TEST(paging_budget)
{
    char *out, *last;

    /* 512 PDs of 512 2 MiB pages: more than info tlb prints. */
    pte64(0x1000, 0, 0x2000 | P | RW);
    for (int i = 0; i < 9; i++) {
        pte64(0x2000, i, (0x3000 + i * 0x1000) | P | RW);
        for (int j = 0; j < 512; j++) {
            pte64(0x3000 + i * 0x1000, j, P | PS);
        }
    }
    cpu->env.cr0 = 0x80000011;
    cpu->env.cr3 = 0x1000;
    cpu->env.cr4 = 0x20;
    cpu->env.efer = 0x500;
    out = dump();
    last = strrchr(out, '(');
    ck_assert_ptr_nonnull(last);
    ck_assert_str_eq(last, "(stopped after 4096 mappings)\n");
    free(out);
}
END_TEST

static const char *disas(unsigned bits, const uint8_t *code, size_t len,
                         int *n)
{
    static char buf[128];
    X86Segment *cs = &cpu->env.segs[R_CS];

    cs->l = bits == 64;
    cs->db = bits == 32;
    cpu->env.efer = bits == 64 ? 0x500 : 0;
    *n = x86_cpu_disas_insn(CPU(cpu), 0x1000, code, len, buf, sizeof(buf));
    return buf;
}

START_TEST(disas_modes)
{
    static const uint8_t mov64[] = { 0x48, 0xb8, 1, 0, 0, 0, 0, 0, 0, 0 };
    static const uint8_t lgdt[] = { 0x0f, 0x01, 0x15, 0, 0x20, 0, 0 };
    static const uint8_t mov16[] = { 0xb8, 0x34, 0x12 };
    static const uint8_t bad[16] = { 0x06 };    /* push es: not in 64-bit */
    char probe[8];
    int n;
    const char *t;

    if (tcg_disas_x86_insn(64, 0, mov64, sizeof(mov64), probe,
                           sizeof(probe)) < 0) {
        t = disas(64, mov64, sizeof(mov64), &n);
        ck_assert_int_eq(n, 1);
        ck_assert(g_str_has_prefix(t, ".byte 0x48 (no disassembler"));
        return;
    }
    t = disas(64, mov64, sizeof(mov64), &n);
    ck_assert_int_eq(n, 10);
    ck_assert_str_eq(t, "movabs rax, 1");
    t = disas(32, lgdt, sizeof(lgdt), &n);
    ck_assert_int_eq(n, 7);
    ck_assert_str_eq(t, "lgdt [0x2000]");
    t = disas(16, mov16, sizeof(mov16), &n);
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(t, "mov ax, 0x1234");
    /* Cut off: ask for more bytes; undefined: one byte, said so. */
    t = disas(64, mov64, 4, &n);
    ck_assert_int_eq(n, 0);
    t = disas(64, bad, sizeof(bad), &n);
    ck_assert_int_eq(n, 1);
    ck_assert_str_eq(t, ".byte 0x06 (undefined)");
}
END_TEST

static Suite *x86_monitor_suite(void)
{
    Suite *s = suite_create("x86-monitor");
    TCase *tc = tcase_create("monitor");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, paging_off);
    tcase_add_test(tc, paging_32bit);
    tcase_add_test(tc, paging_pae);
    tcase_add_test(tc, paging_4level);
    tcase_add_test(tc, paging_4level_nx_needs_nxe);
    tcase_add_test(tc, paging_5level);
    tcase_add_test(tc, paging_budget);
    tcase_add_test(tc, disas_modes);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(x86_monitor_suite)
