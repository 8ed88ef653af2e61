/*
 * ACPI tables for microvm: hardware-reduced ACPI (no PM1 blocks, no SCI,
 * no GPEs), so the OS finds the CPUs, interrupt controllers and devices,
 * powers off through the sleep control register and hears the power
 * button through a Generic Event Device.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * References, ACPI 6.4:
 *   5.2.3.2  Generic Address Structure (GAS, 12 bytes)
 *   5.2.5.3  RSDP structure (revision 2, 36 bytes, two checksums)
 *   5.2.6    System Description Table header (36 bytes)
 *   5.2.8    XSDT (64-bit table pointers)
 *   5.2.9    FADT (revision 6, 276 bytes); 5.2.9.3 IA-PC boot arch flags;
 *            Table 5.10 flags: HW_REDUCED_ACPI is bit 20
 *   5.2.12   MADT; 5.2.12.2 Processor Local APIC, 5.2.12.3 I/O APIC,
 *            5.2.12.5 Interrupt Source Override
 *   5.2.19   sleep control/status registers (SLP_TYP bits 2-4, SLP_EN
 *            bit 5), 7.4.2 \_S5 sleep type package
 *   5.6.9    Generic Event Device (ACPI0013, _EVT)
 *   4.8.2.2.1.2 control-method power button (PNP0C0C, Notify 0x80)
 * The virtio-mmio _HID LNRO0005 is the one Linux's virtio_mmio driver
 * matches.
 *
 * Blob layout (offsets from the base the board chooses):
 *   0x000  RSDP     -> XSDT
 *   0x040  DSDT
 *   ...    FADT     -> DSDT (X_DSDT)
 *   ...    MADT
 *   ...    XSDT     -> FADT, MADT
 */
#include "hw/i386/acpi-build.h"
#include "hw/i386/acpi-aml.h"

#include <string.h>

#define ACPI_OEM_ID "VIREO "
#define ACPI_OEM_TABLE_ID "MICROVM "
#define ACPI_CREATOR_ID "VIRO"

enum {
    FADT_F_PWR_BUTTON = 1u << 4,        /* power button: a device */
    FADT_F_SLP_BUTTON = 1u << 5,
    FADT_F_RESET_REG_SUP = 1u << 10,
    FADT_F_HW_REDUCED_ACPI = 1u << 20,
    FADT_BOOT_NO_VGA = 1u << 2,
    FADT_BOOT_NO_CMOS_RTC = 1u << 5,
    GAS_SYSTEM_IO = 1,
    GAS_ACCESS_BYTE = 1,
    MADT_PCAT_COMPAT = 1,
    MADT_LOCAL_APIC = 0,
    MADT_IO_APIC = 1,
    MADT_INT_SRC_OVERRIDE = 2,
    ISO_ACTIVE_HIGH = 1,
    ISO_LEVEL = 3 << 2,
    ACPI_RESET_VALUE = 0x0f,
};

uint8_t acpi_checksum(const uint8_t *p, size_t n)
{
    uint8_t sum = 0;

    for (size_t i = 0; i < n; i++) {
        sum += p[i];
    }
    return -sum;
}

static void put_le_at(uint8_t *p, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        p[i] = v >> (8 * i);
    }
}

static void put_le(GByteArray *t, uint64_t v, unsigned n)
{
    uint8_t b[8];

    put_le_at(b, v, n);
    g_byte_array_append(t, b, n);
}

static void put_bytes(GByteArray *t, const char *s, size_t n)
{
    g_byte_array_append(t, (const guint8 *)s, n);
}

static void put_zeros(GByteArray *t, size_t n)
{
    static const uint8_t zeros[64];

    while (n) {
        size_t k = MIN(n, sizeof(zeros));
        g_byte_array_append(t, zeros, k);
        n -= k;
    }
}

/* A table header with length and checksum left to table_end(). */
static size_t table_begin(GByteArray *blob, const char *sig, uint8_t rev)
{
    size_t start = blob->len;

    put_bytes(blob, sig, 4);
    put_le(blob, 0, 4);                 /* length, later */
    put_le(blob, rev, 1);
    put_le(blob, 0, 1);                 /* checksum, later */
    put_bytes(blob, ACPI_OEM_ID, 6);
    put_bytes(blob, ACPI_OEM_TABLE_ID, 8);
    put_le(blob, 1, 4);                 /* OEM revision */
    put_bytes(blob, ACPI_CREATOR_ID, 4);
    put_le(blob, 1, 4);                 /* creator revision */
    return start;
}

static size_t table_end(GByteArray *blob, size_t start)
{
    size_t len = blob->len - start;
    uint8_t *t = blob->data + start;

    put_le_at(t + 4, len, 4);
    t[9] = acpi_checksum(t, len);
    return len;
}

static void align16(GByteArray *blob)
{
    put_zeros(blob, (16 - (blob->len & 15)) & 15);
}

static void put_gas_io(GByteArray *t, uint16_t port)
{
    put_le(t, GAS_SYSTEM_IO, 1);
    put_le(t, 8, 1);                    /* bit width */
    put_le(t, 0, 1);                    /* bit offset */
    put_le(t, GAS_ACCESS_BYTE, 1);
    put_le(t, port, 8);
}

static void dsdt_virtio(GByteArray *sb, const AcpiMicrovmConfig *cfg,
                        unsigned i)
{
    g_autoptr(GByteArray) dev = g_byte_array_new();
    g_autoptr(GByteArray) res = g_byte_array_new();
    g_autofree char *name = g_strdup_printf("VR%02X", i);

    aml_name_string_obj(dev, "_HID", "LNRO0005");
    aml_name_integer(dev, "_UID", i);
    aml_name_integer(dev, "_CCA", 1);   /* cache-coherent DMA */
    aml_res_memory32_fixed(res, cfg->virtio_base + i * cfg->virtio_size,
                           cfg->virtio_size);
    aml_res_interrupt(res, cfg->virtio_gsi + i, true);
    aml_name_crs(dev, res);
    aml_device(sb, name, dev);
}

static void dsdt_com1(GByteArray *sb, const AcpiMicrovmConfig *cfg)
{
    g_autoptr(GByteArray) dev = g_byte_array_new();
    g_autoptr(GByteArray) res = g_byte_array_new();
    g_autoptr(GByteArray) hid = g_byte_array_new();

    aml_eisaid(hid, "PNP0501");         /* 16550A-compatible UART */
    aml_name(dev, "_HID", hid);
    aml_name_integer(dev, "_UID", 1);
    aml_res_io(res, cfg->com1_port, 8);
    aml_res_irq_noflags(res, cfg->com1_irq);
    aml_name_crs(dev, res);
    aml_device(sb, "COM1", dev);
}

/*
 * The power button, and the GED whose interrupt runs _EVT: it reads the
 * event register (reading clears it and lowers the line) and notifies
 * the button for bit 0.
 */
static void dsdt_ged(GByteArray *sb, const AcpiMicrovmConfig *cfg)
{
    g_autoptr(GByteArray) pwrb = g_byte_array_new();
    g_autoptr(GByteArray) ged = g_byte_array_new();
    g_autoptr(GByteArray) res = g_byte_array_new();
    g_autoptr(GByteArray) hid = g_byte_array_new();
    g_autoptr(GByteArray) evt = g_byte_array_new();
    g_autoptr(GByteArray) local0 = g_byte_array_new();
    g_autoptr(GByteArray) one = g_byte_array_new();
    g_autoptr(GByteArray) pred = g_byte_array_new();
    g_autoptr(GByteArray) then = g_byte_array_new();

    aml_eisaid(hid, "PNP0C0C");
    aml_name(pwrb, "_HID", hid);
    aml_name_integer(pwrb, "_UID", 0);
    aml_device(sb, "PWRB", pwrb);

    aml_name_string_obj(ged, "_HID", "ACPI0013");
    aml_name_integer(ged, "_UID", 0);
    aml_res_interrupt(res, cfg->ged_gsi, true);
    aml_name_crs(ged, res);
    aml_operation_region(ged, "EVTR", AML_SYSTEM_IO, cfg->pm_port + 3, 1);
    aml_field_byte(ged, "EVTR", "EVTS", 8);
    aml_store_name_to_local(evt, "EVTS", 0);
    aml_local(local0, 0);
    aml_integer(one, 1);
    aml_and(pred, local0, one);
    aml_notify(then, "\\_SB_.PWRB", 0x80);
    aml_if(evt, pred, then);
    aml_method(ged, "_EVT", 1, evt);
    aml_device(sb, "GED0", ged);
}

GByteArray *acpi_build_dsdt_aml(const AcpiMicrovmConfig *cfg)
{
    GByteArray *aml = g_byte_array_new();
    g_autoptr(GByteArray) sb = g_byte_array_new();
    g_autoptr(GByteArray) s5 = g_byte_array_new();
    g_autoptr(GByteArray) pkg = g_byte_array_new();

    dsdt_com1(sb, cfg);
    for (unsigned i = 0; i < cfg->virtio_count; i++) {
        dsdt_virtio(sb, cfg, i);
    }
    dsdt_ged(sb, cfg);
    aml_scope(aml, "\\_SB_", sb);
    /* S5: SLP_TYP 5 for the sleep control register (7.4.2). */
    aml_integer(s5, 5);
    aml_integer(s5, 0);
    aml_integer(s5, 0);
    aml_integer(s5, 0);
    aml_package(pkg, 4, s5);
    aml_name(aml, "_S5_", pkg);
    return aml;
}

static size_t build_dsdt(GByteArray *blob, const AcpiMicrovmConfig *cfg,
                         size_t *len)
{
    size_t start = table_begin(blob, "DSDT", 2);
    g_autoptr(GByteArray) aml = acpi_build_dsdt_aml(cfg);

    g_byte_array_append(blob, aml->data, aml->len);
    *len = table_end(blob, start);
    return start;
}

static size_t build_fadt(GByteArray *blob, const AcpiMicrovmConfig *cfg,
                         uint64_t dsdt_addr, size_t *len)
{
    size_t start = table_begin(blob, "FACP", 6);

    put_le(blob, 0, 4);                 /* 36 FIRMWARE_CTRL: no FACS */
    put_le(blob, dsdt_addr, 4);         /* 40 DSDT */
    put_zeros(blob, 109 - 44);          /* 44..108: no PM blocks, SCI */
    put_le(blob, FADT_BOOT_NO_VGA | FADT_BOOT_NO_CMOS_RTC, 2);  /* 109 */
    put_le(blob, 0, 1);                 /* 111 reserved */
    put_le(blob, FADT_F_HW_REDUCED_ACPI | FADT_F_RESET_REG_SUP |
                 FADT_F_PWR_BUTTON | FADT_F_SLP_BUTTON, 4);     /* 112 */
    put_gas_io(blob, cfg->pm_port + 2); /* 116 RESET_REG */
    put_le(blob, ACPI_RESET_VALUE, 1);  /* 128 RESET_VALUE */
    put_le(blob, 0, 2);                 /* 129 ARM_BOOT_ARCH */
    put_le(blob, 4, 1);                 /* 131 minor version: 6.4 */
    put_le(blob, 0, 8);                 /* 132 X_FIRMWARE_CTRL */
    put_le(blob, dsdt_addr, 8);         /* 140 X_DSDT */
    put_zeros(blob, 244 - 148);         /* 148..243: X_ PM blocks, GPEs */
    put_gas_io(blob, cfg->pm_port);     /* 244 SLEEP_CONTROL_REG */
    put_gas_io(blob, cfg->pm_port + 1); /* 256 SLEEP_STATUS_REG */
    put_bytes(blob, "VIREOVMM", 8);     /* 268 hypervisor vendor */
    *len = table_end(blob, start);
    g_assert(*len == ACPI_FADT_SIZE);
    return start;
}

static size_t build_madt(GByteArray *blob, const AcpiMicrovmConfig *cfg,
                         size_t *len)
{
    size_t start = table_begin(blob, "APIC", 5);

    put_le(blob, cfg->lapic_addr, 4);
    put_le(blob, MADT_PCAT_COMPAT, 4);  /* KVM's irqchip has 8259s */
    for (unsigned i = 0; i < cfg->nr_cpus; i++) {
        put_le(blob, MADT_LOCAL_APIC, 1);
        put_le(blob, 8, 1);
        put_le(blob, i, 1);             /* processor UID */
        put_le(blob, i, 1);             /* APIC id = CPU index */
        put_le(blob, 1, 4);             /* enabled */
    }
    put_le(blob, MADT_IO_APIC, 1);
    put_le(blob, 12, 1);
    put_le(blob, 0, 1);                 /* IOAPIC id: KVM's reset value */
    put_le(blob, 0, 1);
    put_le(blob, cfg->ioapic_addr, 4);
    put_le(blob, 0, 4);                 /* GSI base */
    /*
     * KVM's default routing sends ISA IRQ n to IOAPIC pin n, edge and
     * active high as ISA assumes, so only the GED's pin, which is level,
     * needs an override.
     */
    if (cfg->ged_gsi < 16) {
        put_le(blob, MADT_INT_SRC_OVERRIDE, 1);
        put_le(blob, 10, 1);
        put_le(blob, 0, 1);             /* bus: ISA */
        put_le(blob, cfg->ged_gsi, 1);  /* source IRQ */
        put_le(blob, cfg->ged_gsi, 4);  /* GSI */
        put_le(blob, ISO_ACTIVE_HIGH | ISO_LEVEL, 2);
    }
    *len = table_end(blob, start);
    return start;
}

static size_t build_xsdt(GByteArray *blob, const uint64_t *tables,
                         unsigned n, size_t *len)
{
    size_t start = table_begin(blob, "XSDT", 1);

    for (unsigned i = 0; i < n; i++) {
        put_le(blob, tables[i], 8);
    }
    *len = table_end(blob, start);
    return start;
}

static void build_rsdp(GByteArray *blob, uint64_t xsdt_addr)
{
    uint8_t *r;

    g_assert(blob->len == 0);
    put_bytes(blob, "RSD PTR ", 8);
    put_le(blob, 0, 1);                 /* checksum of the first 20 */
    put_bytes(blob, ACPI_OEM_ID, 6);
    put_le(blob, 2, 1);                 /* revision: ACPI 2.0+ */
    put_le(blob, 0, 4);                 /* no RSDT */
    put_le(blob, ACPI_RSDP_SIZE, 4);
    put_le(blob, xsdt_addr, 8);
    put_le(blob, 0, 1);                 /* extended checksum */
    put_zeros(blob, 3);
    r = blob->data;
    r[8] = acpi_checksum(r, 20);
    r[32] = acpi_checksum(r, ACPI_RSDP_SIZE);
}

GByteArray *acpi_build_microvm(const AcpiMicrovmConfig *cfg, uint64_t base,
                               AcpiTableLayout *l)
{
    GByteArray *blob = g_byte_array_new();
    uint64_t tables[2];

    /* The RSDP is written last into its reserved first 64 bytes. */
    put_zeros(blob, 64);
    l->rsdp = 0;
    l->dsdt = build_dsdt(blob, cfg, &l->dsdt_len);
    align16(blob);
    l->fadt = build_fadt(blob, cfg, base + l->dsdt, &l->fadt_len);
    align16(blob);
    l->madt = build_madt(blob, cfg, &l->madt_len);
    align16(blob);
    tables[0] = base + l->fadt;
    tables[1] = base + l->madt;
    l->xsdt = build_xsdt(blob, tables, G_N_ELEMENTS(tables), &l->xsdt_len);
    {
        g_autoptr(GByteArray) rsdp = g_byte_array_new();
        build_rsdp(rsdp, base + l->xsdt);
        memcpy(blob->data, rsdp->data, rsdp->len);
    }
    return blob;
}
