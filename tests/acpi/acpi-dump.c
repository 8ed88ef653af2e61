/*
 * acpi-dump DIR [NR_CPUS]: write the microvm ACPI tables, as the board
 * builds them, to DIR/{dsdt,facp,apic,xsdt}.dat and DIR/rsdp.dat, for
 * run-iasl.py to disassemble with ACPICA's iasl.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "hw/i386/acpi-build.h"

#include <stdio.h>
#include <stdlib.h>

static int write_file(const char *dir, const char *name, const uint8_t *p,
                      size_t len)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);
    GError *err = NULL;

    if (!g_file_set_contents(path, (const char *)p, len, &err)) {
        fprintf(stderr, "acpi-dump: %s\n", err->message);
        g_error_free(err);
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    AcpiMicrovmConfig cfg = {
        .nr_cpus = argc > 2 ? atoi(argv[2]) : 4,
        .lapic_addr = 0xfee00000, .ioapic_addr = 0xfec00000,
        .com1_port = 0x3f8, .com1_irq = 4,
        .virtio_base = 0xfeb00000, .virtio_size = 0x200,
        .virtio_count = 8, .virtio_gsi = 16,
        .pm_port = 0x600, .ged_gsi = 9,
    };
    AcpiTableLayout l;
    g_autoptr(GByteArray) blob = NULL;

    if (argc < 2 || cfg.nr_cpus < 1 || cfg.nr_cpus > 255) {
        fprintf(stderr, "usage: acpi-dump DIR [NR_CPUS 1-255]\n");
        return 2;
    }
    blob = acpi_build_microvm(&cfg, 0xe0000, &l);
    return write_file(argv[1], "rsdp.dat", blob->data + l.rsdp,
                      ACPI_RSDP_SIZE) |
           write_file(argv[1], "dsdt.dat", blob->data + l.dsdt, l.dsdt_len) |
           write_file(argv[1], "facp.dat", blob->data + l.fadt, l.fadt_len) |
           write_file(argv[1], "apic.dat", blob->data + l.madt, l.madt_len) |
           write_file(argv[1], "xsdt.dat", blob->data + l.xsdt, l.xsdt_len);
}
