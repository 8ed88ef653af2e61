/*
 * target/i386/cpuid.c: filtering KVM's supported CPUID for a vCPU.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "target/i386/cpuid.h"

#include <glib.h>
#include <string.h>

static X86CPUIDEntry entries[8];
static X86CPUIDTable table;

static void setup(void)
{
    memset(entries, 0, sizeof(entries));
    entries[0] = (X86CPUIDEntry) { .function = 0, .eax = 0xd };
    entries[1] = (X86CPUIDEntry) {
        .function = 1, .eax = 0x806f8, .ebx = 0x00ff0800,
        .ecx = CPUID_1_ECX_XSAVE | CPUID_1_ECX_AVX | CPUID_1_ECX_CX16 |
               CPUID_1_ECX_OSXSAVE | 1,
        .edx = 1,
    };
    entries[2] = (X86CPUIDEntry) {
        .function = 7, .index = 0, .indexed = true,
        .ebx = CPUID_7_0_EBX_AVX2 | 1,
        .edx = CPUID_7_0_EDX_ARCH_CAPABILITIES | 4,
    };
    entries[3] = (X86CPUIDEntry) {
        .function = 7, .index = 1, .indexed = true,
        .edx = CPUID_7_0_EDX_ARCH_CAPABILITIES,
    };
    entries[4] = (X86CPUIDEntry) {
        .function = 0xb, .index = 1, .indexed = true, .edx = 99,
    };
    entries[5] = (X86CPUIDEntry) { .function = 0xd, .eax = 7, .ebx = 576 };
    table.entries = entries;
    table.n = 6;
    table.max = G_N_ELEMENTS(entries);
}

START_TEST(hypervisor_bit_and_apic_id)
{
    X86CPUIDConfig cfg = { .apic_id = 3, .nr_cpus = 4 };
    X86CPUIDEntry *e;

    ck_assert(x86_cpuid_filter(&table, &cfg));
    e = x86_cpuid_find(&table, 1, 0);
    ck_assert(e->ecx & CPUID_1_ECX_HYPERVISOR);
    ck_assert(!(e->ecx & CPUID_1_ECX_OSXSAVE));
    ck_assert_uint_eq(e->ebx >> 24, 3);
    ck_assert_uint_eq((e->ebx >> 16) & 0xff, 4);
    ck_assert_uint_eq(e->ebx & 0xffff, 0x0800);    /* CLFLUSH size kept */
    ck_assert(e->edx & (1u << 28));
    /* Not a PVM host: XSAVE, AVX and CX16 stay. */
    ck_assert(e->ecx & CPUID_1_ECX_XSAVE);
    ck_assert(e->ecx & CPUID_1_ECX_CX16);
    e = x86_cpuid_find(&table, 0xb, 1);
    ck_assert_uint_eq(e->edx, 3);
}
END_TEST

START_TEST(single_cpu_has_no_htt)
{
    X86CPUIDConfig cfg = { .apic_id = 0, .nr_cpus = 1 };

    ck_assert(x86_cpuid_filter(&table, &cfg));
    ck_assert(!(x86_cpuid_find(&table, 1, 0)->edx & (1u << 28)));
    ck_assert_uint_eq((x86_cpuid_find(&table, 1, 0)->ebx >> 16) & 0xff, 1);
}
END_TEST

START_TEST(no_arch_capabilities)
{
    X86CPUIDConfig cfg = { .nr_cpus = 1 };

    ck_assert(x86_cpuid_filter(&table, &cfg));
    ck_assert_uint_eq(x86_cpuid_find(&table, 7, 0)->edx, 4);
    /* Only subleaf 0 has that bit; subleaf 1 is left alone. */
    ck_assert_uint_eq(x86_cpuid_find(&table, 7, 1)->edx,
                      CPUID_7_0_EDX_ARCH_CAPABILITIES);
}
END_TEST

START_TEST(pvm_hides_xsave_avx_cx16)
{
    X86CPUIDConfig cfg = { .nr_cpus = 1, .pvm_host = true };
    X86CPUIDEntry *e;

    ck_assert(x86_cpuid_filter(&table, &cfg));
    e = x86_cpuid_find(&table, 1, 0);
    ck_assert_uint_eq(e->ecx, CPUID_1_ECX_HYPERVISOR | 1);
    ck_assert_uint_eq(x86_cpuid_find(&table, 7, 0)->ebx, 1);
    e = x86_cpuid_find(&table, 0xd, 0);
    ck_assert_uint_eq(e->eax | e->ebx | e->ecx | e->edx, 0);
}
END_TEST

START_TEST(kvm_signature_added_once)
{
    X86CPUIDConfig cfg = { .nr_cpus = 1 };
    X86CPUIDEntry *e;

    ck_assert(x86_cpuid_filter(&table, &cfg));
    ck_assert_uint_eq(table.n, 7);
    e = x86_cpuid_find(&table, CPUID_KVM_SIGNATURE_LEAF, 0);
    ck_assert_ptr_nonnull(e);
    ck_assert_uint_eq(e->eax, CPUID_KVM_FEATURES_LEAF);
    ck_assert_mem_eq(&e->ebx, "KVMK", 4);
    ck_assert_mem_eq(&e->ecx, "VMKV", 4);
    ck_assert_mem_eq(&e->edx, "M\0\0\0", 4);
    /* Filtering again (another vCPU) adds nothing. */
    ck_assert(x86_cpuid_filter(&table, &cfg));
    ck_assert_uint_eq(table.n, 7);
}
END_TEST

START_TEST(no_room_for_signature)
{
    X86CPUIDConfig cfg = { .nr_cpus = 1 };

    table.max = table.n;
    ck_assert(!x86_cpuid_filter(&table, &cfg));
    ck_assert_ptr_null(x86_cpuid_find(&table, CPUID_KVM_SIGNATURE_LEAF, 0));
}
END_TEST

START_TEST(find_respects_index)
{
    ck_assert_ptr_eq(x86_cpuid_find(&table, 7, 1), &entries[3]);
    ck_assert_ptr_null(x86_cpuid_find(&table, 7, 2));
    /* A leaf without a significant index matches any index. */
    ck_assert_ptr_eq(x86_cpuid_find(&table, 1, 5), &entries[1]);
    ck_assert_ptr_null(x86_cpuid_find(&table, 0x80000000, 0));
}
END_TEST

static Suite *cpuid_suite(void)
{
    Suite *s = suite_create("x86-cpuid");
    TCase *tc = tcase_create("filter");

    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, hypervisor_bit_and_apic_id);
    tcase_add_test(tc, single_cpu_has_no_htt);
    tcase_add_test(tc, no_arch_capabilities);
    tcase_add_test(tc, pvm_hides_xsave_avx_cx16);
    tcase_add_test(tc, kvm_signature_added_once);
    tcase_add_test(tc, no_room_for_signature);
    tcase_add_test(tc, find_respects_index);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(cpuid_suite)
