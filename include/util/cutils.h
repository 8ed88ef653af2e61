/*
 * Strict parsing of numbers, sizes and booleans typed by users: a value is
 * accepted whole or rejected with a message saying why, never half-read.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Messages name the offending text in quotes but not the option it came
 * from; the caller adds that context ("-m 0: ...").
 */
#ifndef VIREO_UTIL_CUTILS_H
#define VIREO_UTIL_CUTILS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * Parse a whole string as an unsigned integer. base 0 accepts "0x"/"0X"
 * (hex) and "0b"/"0B" (binary) prefixes and is decimal otherwise: a
 * leading zero does not mean octal, because "-smp 010" meaning 8 would
 * surprise everyone. Signs, spaces, empty strings, trailing characters
 * and values above UINT64_MAX are errors. *value is untouched on failure.
 */
bool vireo_parse_uint64(const char *str, int base, uint64_t *value,
                        GError **errp);
/* The same for a signed value: an optional leading '-', then as above. */
bool vireo_parse_int64(const char *str, int base, int64_t *value,
                       GError **errp);
/* vireo_parse_uint64() with base 0, then a check against [min, max]. */
bool vireo_parse_uint_range(const char *str, uint64_t min, uint64_t max,
                            uint64_t *value, GError **errp);

/*
 * Parse a size in bytes: a decimal number with an optional fraction or a
 * 0x hex integer, then an optional binary suffix B K M G T P E (either
 * case; K = 1024). A bare number is scaled by default_suffix ('B' for
 * bytes, 'M' for -m's mebibytes). A fraction needs a scale above bytes;
 * the result is truncated to whole bytes. Overflow is an error.
 */
bool vireo_parse_size(const char *str, char default_suffix, uint64_t *value,
                      GError **errp);

/* "on"/"yes"/"true" and "off"/"no"/"false"; anything else is an error. */
bool vireo_parse_bool(const char *str, bool *value, GError **errp);

/* "512 MiB", "1.5 GiB", "4096 B": for messages, caller frees. */
char *vireo_size_to_str(uint64_t size);

/*
 * Copy of str with control characters shown as \xNN, so text from a user
 * can go into a one-line message. Caller frees.
 */
char *vireo_str_escape_controls(const char *str);

#endif
