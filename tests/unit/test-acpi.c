/*
 * microvm's ACPI tables and the AML encoder: checksums, the pointer
 * chain RSDP -> XSDT -> FADT -> DSDT and MADT, table contents at their
 * spec offsets, and AML encodings against hand-assembled bytes.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "hw/i386/acpi-aml.h"
#include "hw/i386/acpi-build.h"

#define BASE 0xe0000

static uint64_t le(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;

    for (unsigned i = n; i-- > 0;) {
        v = (v << 8) | p[i];
    }
    return v;
}

static uint8_t sum(const uint8_t *p, size_t n)
{
    uint8_t s = 0;

    while (n--) {
        s += *p++;
    }
    return s;
}

static AcpiMicrovmConfig config(unsigned cpus)
{
    return (AcpiMicrovmConfig) {
        .nr_cpus = cpus, .lapic_addr = 0xfee00000,
        .ioapic_addr = 0xfec00000, .com1_port = 0x3f8, .com1_irq = 4,
        .virtio_base = 0xfeb00000, .virtio_size = 0x200, .virtio_count = 8,
        .virtio_gsi = 16, .pm_port = 0x600, .ged_gsi = 9,
    };
}

/* The table a guest address points at, checked as an SDT. */
static const uint8_t *table_at(GByteArray *blob, uint64_t addr,
                               const char *sig)
{
    const uint8_t *t;
    uint32_t len;

    ck_assert_uint_ge(addr, BASE);
    ck_assert_uint_lt(addr - BASE, blob->len);
    t = blob->data + (addr - BASE);
    ck_assert_msg(!memcmp(t, sig, 4), "expected %s", sig);
    len = le(t + 4, 4);
    ck_assert_uint_ge(len, ACPI_SDT_HEADER_SIZE);
    ck_assert_uint_le(addr - BASE + len, blob->len);
    ck_assert_msg(sum(t, len) == 0, "%s checksum", sig);
    return t;
}

START_TEST(checksum_makes_the_sum_zero)
{
    uint8_t b[5] = { 1, 2, 3, 250, 0 };

    b[4] = acpi_checksum(b, 4);
    ck_assert_uint_eq(b[4], 0);                 /* 256 wraps to 0 */
    ck_assert_uint_eq(sum(b, 5), 0);
    b[0] = 7;
    b[4] = acpi_checksum(b, 4);
    ck_assert_uint_eq(sum(b, 5), 0);
    ck_assert_uint_eq(acpi_checksum(b, 0), 0);
}
END_TEST

START_TEST(rsdp_xsdt_chain_and_checksums)
{
    AcpiMicrovmConfig cfg = config(2);
    AcpiTableLayout l;
    g_autoptr(GByteArray) blob = acpi_build_microvm(&cfg, BASE, &l);
    const uint8_t *r = blob->data, *x, *f, *m;

    ck_assert_uint_eq(l.rsdp, 0);
    ck_assert(!memcmp(r, "RSD PTR ", 8));
    ck_assert_uint_eq(sum(r, 20), 0);
    ck_assert_uint_eq(sum(r, ACPI_RSDP_SIZE), 0);
    ck_assert_uint_eq(r[15], 2);                /* revision */
    ck_assert_uint_eq(le(r + 16, 4), 0);        /* no RSDT */
    ck_assert_uint_eq(le(r + 20, 4), ACPI_RSDP_SIZE);
    x = table_at(blob, le(r + 24, 8), "XSDT");
    ck_assert_uint_eq(le(x + 4, 4), ACPI_SDT_HEADER_SIZE + 16);
    f = table_at(blob, le(x + 36, 8), "FACP");
    m = table_at(blob, le(x + 44, 8), "APIC");
    ck_assert_uint_eq(le(f + 4, 4), ACPI_FADT_SIZE);
    ck_assert_uint_eq(le(f + 40, 4), le(f + 140, 8));   /* DSDT, X_DSDT */
    table_at(blob, le(f + 140, 8), "DSDT");
    ck_assert_ptr_eq(m, blob->data + l.madt);
    /* Every table starts 8-byte aligned, as x86 OSes like. */
    ck_assert_uint_eq(l.fadt % 8, 0);
    ck_assert_uint_eq(l.madt % 8, 0);
    ck_assert_uint_eq(l.xsdt % 8, 0);
}
END_TEST

START_TEST(fadt_is_hardware_reduced_with_sleep_registers)
{
    AcpiMicrovmConfig cfg = config(1);
    AcpiTableLayout l;
    g_autoptr(GByteArray) blob = acpi_build_microvm(&cfg, BASE, &l);
    const uint8_t *f = blob->data + l.fadt;
    static const uint8_t gas_600[12] = { 1, 8, 0, 1, 0x00, 0x06 };
    static const uint8_t gas_601[12] = { 1, 8, 0, 1, 0x01, 0x06 };
    static const uint8_t gas_602[12] = { 1, 8, 0, 1, 0x02, 0x06 };

    ck_assert_uint_eq(f[8], 6);                 /* revision */
    ck_assert_uint_eq(f[131], 4);               /* minor */
    ck_assert(le(f + 112, 4) & (1u << 20));     /* HW_REDUCED_ACPI */
    ck_assert(le(f + 112, 4) & (1u << 10));     /* RESET_REG_SUP */
    ck_assert_uint_eq(le(f + 46, 2), 0);        /* no SCI */
    ck_assert_uint_eq(le(f + 56, 4), 0);        /* no PM1a_EVT_BLK */
    ck_assert(!memcmp(f + 244, gas_600, 12));   /* SLEEP_CONTROL_REG */
    ck_assert(!memcmp(f + 256, gas_601, 12));   /* SLEEP_STATUS_REG */
    ck_assert(!memcmp(f + 116, gas_602, 12));   /* RESET_REG */
    ck_assert_uint_eq(f[128], 0x0f);
    ck_assert_uint_eq(le(f + 109, 2), (1 << 2) | (1 << 5));
}
END_TEST

START_TEST(madt_has_one_lapic_per_cpu)
{
    for (unsigned cpus = 1; cpus <= 16; cpus += 5) {
        AcpiMicrovmConfig cfg = config(cpus);
        AcpiTableLayout l;
        g_autoptr(GByteArray) blob = acpi_build_microvm(&cfg, BASE, &l);
        const uint8_t *m = blob->data + l.madt, *e = m + 44;
        unsigned lapics = 0, ioapics = 0, isos = 0;

        ck_assert_uint_eq(le(m + 36, 4), 0xfee00000);
        ck_assert_uint_eq(le(m + 40, 4), 1);    /* PCAT_COMPAT */
        while (e < m + l.madt_len) {
            ck_assert_uint_ge(e[1], 2);
            switch (e[0]) {
            case 0:
                ck_assert_uint_eq(e[1], 8);
                ck_assert_uint_eq(e[3], lapics);    /* APIC id */
                ck_assert_uint_eq(le(e + 4, 4), 1);
                lapics++;
                break;
            case 1:
                ck_assert_uint_eq(e[1], 12);
                ck_assert_uint_eq(le(e + 4, 4), 0xfec00000);
                ck_assert_uint_eq(le(e + 8, 4), 0);
                ioapics++;
                break;
            case 2:
                ck_assert_uint_eq(e[1], 10);
                ck_assert_uint_eq(e[3], 9);
                ck_assert_uint_eq(le(e + 4, 4), 9);
                ck_assert_uint_eq(le(e + 8, 2), 0xd);   /* level, high */
                isos++;
                break;
            default:
                ck_abort_msg("unexpected MADT entry type %u", e[0]);
            }
            e += e[1];
        }
        ck_assert_ptr_eq(e, m + l.madt_len);
        ck_assert_uint_eq(lapics, cpus);
        ck_assert_uint_eq(ioapics, 1);
        ck_assert_uint_eq(isos, 1);
    }
}
END_TEST

static void expect_bytes(GByteArray *b, const uint8_t *want, size_t n)
{
    ck_assert_uint_eq(b->len, n);
    ck_assert_msg(!memcmp(b->data, want, n), "bytes differ");
    g_byte_array_set_size(b, 0);
}

START_TEST(aml_pkg_length_encodings)
{
    g_autoptr(GByteArray) b = g_byte_array_new();

    aml_pkg_length(b, 62);
    expect_bytes(b, (const uint8_t[]){ 63 }, 1);
    aml_pkg_length(b, 63);                      /* 64 with 1 byte: 2 */
    expect_bytes(b, (const uint8_t[]){ 0x41, 0x04 }, 2);
    aml_pkg_length(b, 0xffd);                   /* total 0xfff */
    expect_bytes(b, (const uint8_t[]){ 0x4f, 0xff }, 2);
    aml_pkg_length(b, 0xffe);                   /* total 0x1001: 3 bytes */
    expect_bytes(b, (const uint8_t[]){ 0x81, 0x00, 0x01 }, 3);
}
END_TEST

START_TEST(aml_integers_strings_names)
{
    g_autoptr(GByteArray) b = g_byte_array_new();

    aml_integer(b, 0);
    aml_integer(b, 1);
    aml_integer(b, 2);
    aml_integer(b, 0x1234);
    aml_integer(b, 0xfeb00000);
    expect_bytes(b, (const uint8_t[]){ 0x00, 0x01, 0x0a, 0x02, 0x0b, 0x34,
                                       0x12, 0x0c, 0x00, 0x00, 0xb0, 0xfe },
                 12);
    aml_integer(b, 0x100000000ULL);
    expect_bytes(b, (const uint8_t[]){ 0x0e, 0, 0, 0, 0, 1, 0, 0, 0 }, 9);
    aml_eisaid(b, "PNP0501");
    expect_bytes(b, (const uint8_t[]){ 0x0c, 0x41, 0xd0, 0x05, 0x01 }, 5);
    aml_string(b, "AB");
    expect_bytes(b, (const uint8_t[]){ 0x0d, 'A', 'B', 0 }, 4);
    aml_name_string(b, "\\_SB_.PWRB");
    expect_bytes(b, (const uint8_t[]){ 0x5c, 0x2e, '_', 'S', 'B', '_', 'P',
                                       'W', 'R', 'B' }, 10);
    aml_name_string(b, "_SB");
    expect_bytes(b, (const uint8_t[]){ '_', 'S', 'B', '_' }, 4);
    aml_name_string(b, "A.B.C");
    expect_bytes(b, (const uint8_t[]){ 0x2f, 3, 'A', '_', '_', '_', 'B',
                                       '_', '_', '_', 'C', '_', '_', '_' },
                 14);
}
END_TEST

START_TEST(aml_device_with_resources)
{
    g_autoptr(GByteArray) b = g_byte_array_new();
    g_autoptr(GByteArray) body = g_byte_array_new();
    g_autoptr(GByteArray) res = g_byte_array_new();

    aml_res_memory32_fixed(res, 0xfeb00000, 0x200);
    aml_res_interrupt(res, 16, true);
    aml_name_crs(body, res);
    aml_device(b, "VR00", body);
    expect_bytes(b, (const uint8_t[]){
        0x5b, 0x82, 0x25, 'V', 'R', '0', '0',           /* Device */
        0x08, '_', 'C', 'R', 'S',                       /* Name (_CRS */
        0x11, 0x1a, 0x0a, 0x17,                         /* Buffer (23) */
        0x86, 0x09, 0x00, 0x01, 0x00, 0x00, 0xb0, 0xfe, /* Memory32Fixed */
        0x00, 0x02, 0x00, 0x00,
        0x89, 0x06, 0x00, 0x01, 0x01, 0x10, 0x00, 0x00, 0x00, /* Interrupt */
        0x79, 0x00,                                     /* end tag */
    }, 39);
}
END_TEST

START_TEST(dsdt_describes_every_transport)
{
    AcpiMicrovmConfig cfg = config(1);
    g_autoptr(GByteArray) aml = NULL;
    unsigned found = 0;

    cfg.virtio_count = 3;
    aml = acpi_build_dsdt_aml(&cfg);
    for (size_t i = 0; i + 9 <= aml->len; i++) {
        if (!memcmp(aml->data + i, "LNRO0005", 8)) {
            found++;
        }
    }
    ck_assert_uint_eq(found, 3);
    ck_assert_uint_eq(aml->data[0], 0x10);      /* Scope */
}
END_TEST

static Suite *acpi_suite(void)
{
    Suite *s = suite_create("acpi");
    TCase *tc = tcase_create("tables");

    tcase_add_test(tc, checksum_makes_the_sum_zero);
    tcase_add_test(tc, rsdp_xsdt_chain_and_checksums);
    tcase_add_test(tc, fadt_is_hardware_reduced_with_sleep_registers);
    tcase_add_test(tc, madt_has_one_lapic_per_cpu);
    tcase_add_test(tc, dsdt_describes_every_transport);
    suite_add_tcase(s, tc);
    tc = tcase_create("aml");
    tcase_add_test(tc, aml_pkg_length_encodings);
    tcase_add_test(tc, aml_integers_strings_names);
    tcase_add_test(tc, aml_device_with_resources);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(acpi_suite)
