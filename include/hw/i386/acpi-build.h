/*
 * Hardware-reduced ACPI tables for the microvm board, generated at boot
 * into one blob the board copies into guest memory: RSDP, XSDT, FADT,
 * MADT and a DSDT describing COM1, the virtio-mmio transports, the power
 * button and the Generic Event Device. A pure function of its config,
 * so tests can check every byte.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_I386_ACPI_BUILD_H
#define VIREO_HW_I386_ACPI_BUILD_H

#include <glib.h>
#include <stdint.h>

#define ACPI_SDT_HEADER_SIZE 36
#define ACPI_RSDP_SIZE 36
#define ACPI_FADT_SIZE 276

typedef struct AcpiMicrovmConfig {
    unsigned nr_cpus;           /* APIC ids 0..nr_cpus-1 */
    uint32_t lapic_addr;
    uint32_t ioapic_addr;
    uint16_t com1_port;
    unsigned com1_irq;
    uint32_t virtio_base;       /* transport i at base + i * size */
    uint32_t virtio_size;
    unsigned virtio_count;
    unsigned virtio_gsi;        /* transport i on GSI virtio_gsi + i */
    uint16_t pm_port;           /* see hw/i386/acpi-ged.c */
    unsigned ged_gsi;
} AcpiMicrovmConfig;

/* Where each table landed in the blob (offsets) and its length. */
typedef struct AcpiTableLayout {
    size_t rsdp, xsdt, fadt, madt, dsdt;
    size_t xsdt_len, fadt_len, madt_len, dsdt_len;
} AcpiTableLayout;

/* The byte that makes the n bytes at p sum to zero (mod 256). */
uint8_t acpi_checksum(const uint8_t *p, size_t n);
/*
 * All tables for a blob to be placed at guest address base; the RSDP
 * is first (offset 0, 16-byte aligned if base is).
 */
GByteArray *acpi_build_microvm(const AcpiMicrovmConfig *cfg, uint64_t base,
                               AcpiTableLayout *layout);
/* The DSDT's AML body alone (after the header), for tests. */
GByteArray *acpi_build_dsdt_aml(const AcpiMicrovmConfig *cfg);

#endif
