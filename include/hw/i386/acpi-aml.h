/*
 * A small AML encoder: enough of ACPI Machine Language to describe a
 * microvm's devices in a DSDT (ACPI 6.4, section 20.2 AML grammar, and
 * 6.4 resource descriptors). Each term is appended to a GByteArray;
 * terms with a body (Scope, Device, Method, If, Field, Package, Buffer)
 * take the body built in another array and wrap it with its PkgLength.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef VIREO_HW_I386_ACPI_AML_H
#define VIREO_HW_I386_ACPI_AML_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Names: "ABCD" (one segment, shorter ones padded with '_'), "\\_SB_"
 * (root prefix), "\\_SB_.PWRB" (a path of segments). Programming errors
 * (a segment over 4 characters) assert.
 */
void aml_name_string(GByteArray *out, const char *name);
/* PkgLength (20.2.4) for a body of len bytes, counting itself. */
void aml_pkg_length(GByteArray *out, size_t len);
/* Integer with the shortest encoding (Zero, One, Byte...QWord). */
void aml_integer(GByteArray *out, uint64_t v);
void aml_string(GByteArray *out, const char *s);
/* EISA id such as "PNP0501" as its 32-bit integer. */
void aml_eisaid(GByteArray *out, const char *id);

/* Name (NAME, <object already in obj>) */
void aml_name(GByteArray *out, const char *name, const GByteArray *obj);
void aml_name_integer(GByteArray *out, const char *name, uint64_t v);
void aml_name_string_obj(GByteArray *out, const char *name, const char *s);
void aml_scope(GByteArray *out, const char *name, const GByteArray *body);
void aml_device(GByteArray *out, const char *name, const GByteArray *body);
void aml_method(GByteArray *out, const char *name, unsigned nargs,
                const GByteArray *body);
void aml_if(GByteArray *out, const GByteArray *predicate,
            const GByteArray *body);
void aml_package(GByteArray *out, unsigned nelems,
                 const GByteArray *elems);
void aml_buffer(GByteArray *out, const GByteArray *bytes);
/* OperationRegion (NAME, SystemIO or SystemMemory, offset, len) */
enum { AML_SYSTEM_MEMORY = 0, AML_SYSTEM_IO = 1 };
void aml_operation_region(GByteArray *out, const char *name, unsigned space,
                          uint64_t offset, uint64_t len);
/* Field (REGION, ByteAcc, NoLock, Preserve) { NAME, bits } */
void aml_field_byte(GByteArray *out, const char *region, const char *name,
                    unsigned bits);
/* Terms for method bodies. */
void aml_arg(GByteArray *out, unsigned n);
void aml_local(GByteArray *out, unsigned n);
void aml_store_name_to_local(GByteArray *out, const char *name, unsigned n);
/* And (a, b, Zero): the result, no target. a and b are encoded terms. */
void aml_and(GByteArray *out, const GByteArray *a, const GByteArray *b);
void aml_notify(GByteArray *out, const char *target, uint64_t value);

/* Resource template pieces (6.4), ended by aml_end_tag in a Buffer. */
void aml_res_io(GByteArray *out, uint16_t base, uint8_t len);
void aml_res_irq_noflags(GByteArray *out, unsigned irq);
void aml_res_memory32_fixed(GByteArray *out, uint32_t base, uint32_t len);
/* Extended Interrupt: consumer, level/edge, active high, exclusive. */
void aml_res_interrupt(GByteArray *out, uint32_t gsi, bool level);
void aml_res_end(GByteArray *out);
/* Name (_CRS, ResourceTemplate () { res }) with the end tag added. */
void aml_name_crs(GByteArray *out, const GByteArray *res);

#endif
