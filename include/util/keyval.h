/*
 * key=value lists as QEMU users type them: "virtio-blk-device,drive=d0".
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Grammar (one string, as one argv element):
 *   list    = element { ',' element }
 *   element = key '=' value | key | 'help' | '?'
 *   key     = [A-Za-z0-9_.-]+
 *   value   = any text; ",," stands for one comma
 * - The first element may be a bare value for the implied key, if the
 *   caller names one: "virt,dumpdtb=f" is type=virt,dumpdtb=f.
 * - A bare key later in the list means key=on (QEMU's short booleans:
 *   "server,wait=off").
 * - "help" or "?" as a bare element asks for help; it is flagged, not
 *   stored as a pair.
 * - Empty elements (",a=1", "a,,b=1"), a trailing comma ("a=1,"), empty
 *   keys ("=1") and an empty string are errors. "a=1,," is a="1,".
 * - A repeated key is an error or replaces the earlier value in place,
 *   as the caller chooses (QEMU's -machine rejects, its -device, -drive,
 *   -m, -smp ... keep the last).
 */
#ifndef VIREO_UTIL_KEYVAL_H
#define VIREO_UTIL_KEYVAL_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct KeyvalPair {
    char *key;
    char *value;
} KeyvalPair;

/* Pairs in the order typed (a replaced key keeps its first position). */
typedef struct Keyval {
    GArray *pairs;      /* of KeyvalPair */
    bool help;          /* "help" or "?" was one of the elements */
} Keyval;

typedef enum {
    KEYVAL_DUP_ERROR,       /* "a=1,a=2" is an error */
    KEYVAL_DUP_LAST_WINS,   /* "a=1,a=2" gives a=2 */
} KeyvalDupPolicy;

/*
 * Parse str. implied_key may be NULL (no implied key). Returns NULL and
 * sets errp on a malformed string.
 */
Keyval *keyval_parse(const char *str, const char *implied_key,
                     KeyvalDupPolicy dup, GError **errp);
Keyval *keyval_new(void);
void keyval_free(Keyval *kv);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Keyval, keyval_free)

unsigned keyval_count(const Keyval *kv);
const KeyvalPair *keyval_nth(const Keyval *kv, unsigned n);
/* The value of key, or NULL when absent. */
const char *keyval_get(const Keyval *kv, const char *key);
bool keyval_has(const Keyval *kv, const char *key);
/* Replace key's value in place, or append the pair. */
void keyval_set(Keyval *kv, const char *key, const char *value);
/* Remove key; returns whether it was there. */
bool keyval_remove(Keyval *kv, const char *key);
/* Every pair of src set into dst, in src's order; help is not copied. */
void keyval_merge(Keyval *dst, const Keyval *src);

/*
 * Typed lookups. Absent keys give def and succeed; a present value that
 * does not parse fails with "KEY: <why>".
 */
bool keyval_get_bool(const Keyval *kv, const char *key, bool def,
                     bool *value, GError **errp);
bool keyval_get_uint64(const Keyval *kv, const char *key, uint64_t def,
                       uint64_t *value, GError **errp);
bool keyval_get_size(const Keyval *kv, const char *key, char default_suffix,
                     uint64_t def, uint64_t *value, GError **errp);

/*
 * Fail with "unknown parameter 'x' (expected one of: a, b)" on the first
 * key not in the NULL-terminated allowed list.
 */
bool keyval_check_keys(const Keyval *kv, const char *const *allowed,
                       GError **errp);

/* The list back as text, commas in values doubled. Caller frees. */
char *keyval_to_string(const Keyval *kv);

#endif
