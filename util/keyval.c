/*
 * Parser for key=value lists (grammar in include/util/keyval.h). Values
 * are kept as text; typed lookups convert them on demand, so one parser
 * serves every option and the option decides what each key means.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "util/keyval.h"
#include "util/cutils.h"
#include "util/error.h"

#include <string.h>

static void pair_clear(gpointer data)
{
    KeyvalPair *pair = data;

    g_free(pair->key);
    g_free(pair->value);
}

Keyval *keyval_new(void)
{
    Keyval *kv = g_new0(Keyval, 1);

    kv->pairs = g_array_new(false, true, sizeof(KeyvalPair));
    g_array_set_clear_func(kv->pairs, pair_clear);
    return kv;
}

void keyval_free(Keyval *kv)
{
    if (kv) {
        g_array_unref(kv->pairs);
        g_free(kv);
    }
}

unsigned keyval_count(const Keyval *kv)
{
    return kv->pairs->len;
}

const KeyvalPair *keyval_nth(const Keyval *kv, unsigned n)
{
    g_assert(n < kv->pairs->len);
    return &g_array_index(kv->pairs, KeyvalPair, n);
}

static int keyval_find(const Keyval *kv, const char *key)
{
    for (unsigned i = 0; i < kv->pairs->len; i++) {
        if (!strcmp(g_array_index(kv->pairs, KeyvalPair, i).key, key)) {
            return i;
        }
    }
    return -1;
}

const char *keyval_get(const Keyval *kv, const char *key)
{
    int i = keyval_find(kv, key);

    return i < 0 ? NULL : g_array_index(kv->pairs, KeyvalPair, i).value;
}

bool keyval_has(const Keyval *kv, const char *key)
{
    return keyval_find(kv, key) >= 0;
}

void keyval_set(Keyval *kv, const char *key, const char *value)
{
    int i = keyval_find(kv, key);

    if (i >= 0) {
        KeyvalPair *pair = &g_array_index(kv->pairs, KeyvalPair, i);
        g_free(pair->value);
        pair->value = g_strdup(value);
    } else {
        KeyvalPair pair = { g_strdup(key), g_strdup(value) };
        g_array_append_val(kv->pairs, pair);
    }
}

bool keyval_remove(Keyval *kv, const char *key)
{
    int i = keyval_find(kv, key);

    if (i < 0) {
        return false;
    }
    g_array_remove_index(kv->pairs, i);
    return true;
}

void keyval_merge(Keyval *dst, const Keyval *src)
{
    for (unsigned i = 0; i < src->pairs->len; i++) {
        const KeyvalPair *pair = keyval_nth(src, i);
        keyval_set(dst, pair->key, pair->value);
    }
}

static bool key_is_valid(const char *key)
{
    if (!*key) {
        return false;
    }
    for (const char *p = key; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_' && *p != '.') {
            return false;
        }
    }
    return true;
}

static bool is_help(const char *text)
{
    return !strcmp(text, "help") || !strcmp(text, "?");
}

/* Read a value up to a lone ',' or the end; ",," is one comma. */
static char *read_value(const char **pp)
{
    GString *val = g_string_new(NULL);
    const char *p = *pp;

    while (*p) {
        if (*p == ',') {
            if (p[1] != ',') {
                break;
            }
            p++;
        }
        g_string_append_c(val, *p++);
    }
    *pp = p;
    return g_string_free(val, false);
}

static bool add_pair(Keyval *kv, const char *key, const char *value,
                     KeyvalDupPolicy dup, GError **errp)
{
    if (dup == KEYVAL_DUP_ERROR && keyval_has(kv, key)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "parameter '%s' given twice", key);
        return false;
    }
    keyval_set(kv, key, value);
    return true;
}

/* One element at *pp; leaves *pp at the ',' after it or at the end. */
static bool parse_element(Keyval *kv, const char **pp, const char *implied,
                          KeyvalDupPolicy dup, GError **errp)
{
    const char *p = *pp;
    size_t len = strcspn(p, ",=");
    g_autofree char *key = g_strndup(p, len);
    g_autofree char *value = NULL;

    if (p[len] == '=') {
        *pp = p + len + 1;
        value = read_value(pp);
        if (!len) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "empty parameter name before '=%s'", value);
            return false;
        }
    } else if (implied) {
        value = read_value(pp);
        if (!*value) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "empty parameter before ','");
            return false;
        }
        if (is_help(value)) {
            kv->help = true;
            return true;
        }
        return add_pair(kv, implied, value, dup, errp);
    } else {
        *pp = p + len;
        if (!len) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "empty parameter before ','");
            return false;
        }
        if (is_help(key)) {
            kv->help = true;
            return true;
        }
        value = g_strdup("on");
    }
    if (!key_is_valid(key)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "invalid parameter name '%s' (letters, digits, "
                        "'-', '_' and '.' only)", key);
        return false;
    }
    return add_pair(kv, key, value, dup, errp);
}

Keyval *keyval_parse(const char *str, const char *implied_key,
                     KeyvalDupPolicy dup, GError **errp)
{
    g_autoptr(Keyval) kv = keyval_new();
    const char *p = str;

    if (!*p) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "empty parameter list");
        return NULL;
    }
    for (;;) {
        if (!parse_element(kv, &p, implied_key, dup, errp)) {
            return NULL;
        }
        implied_key = NULL;
        if (!*p) {
            break;
        }
        p++;    /* the ',' */
        if (!*p) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "trailing ',' (write ',,' for a comma in a "
                            "value)");
            return NULL;
        }
    }
    return g_steal_pointer(&kv);
}

bool keyval_get_bool(const Keyval *kv, const char *key, bool def,
                     bool *value, GError **errp)
{
    const char *text = keyval_get(kv, key);
    g_autoptr(GError) err = NULL;

    if (!text) {
        *value = def;
        return true;
    }
    if (!vireo_parse_bool(text, value, &err)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "%s: %s", key,
                        err->message);
        return false;
    }
    return true;
}

bool keyval_get_uint64(const Keyval *kv, const char *key, uint64_t def,
                       uint64_t *value, GError **errp)
{
    const char *text = keyval_get(kv, key);
    g_autoptr(GError) err = NULL;

    if (!text) {
        *value = def;
        return true;
    }
    if (!vireo_parse_uint64(text, 0, value, &err)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "%s: %s", key,
                        err->message);
        return false;
    }
    return true;
}

bool keyval_get_size(const Keyval *kv, const char *key, char default_suffix,
                     uint64_t def, uint64_t *value, GError **errp)
{
    const char *text = keyval_get(kv, key);
    g_autoptr(GError) err = NULL;

    if (!text) {
        *value = def;
        return true;
    }
    if (!vireo_parse_size(text, default_suffix, value, &err)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "%s: %s", key,
                        err->message);
        return false;
    }
    return true;
}

bool keyval_check_keys(const Keyval *kv, const char *const *allowed,
                       GError **errp)
{
    for (unsigned i = 0; i < kv->pairs->len; i++) {
        const char *key = keyval_nth(kv, i)->key;
        if (!g_strv_contains(allowed, key)) {
            g_autofree char *list = g_strjoinv(", ", (char **)allowed);
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "unknown parameter '%s' (expected one of: %s)",
                            key, list);
            return false;
        }
    }
    return true;
}

char *keyval_to_string(const Keyval *kv)
{
    GString *out = g_string_new(NULL);

    for (unsigned i = 0; i < kv->pairs->len; i++) {
        const KeyvalPair *pair = keyval_nth(kv, i);
        if (out->len) {
            g_string_append_c(out, ',');
        }
        g_string_append_printf(out, "%s=", pair->key);
        for (const char *p = pair->value; *p; p++) {
            if (*p == ',') {
                g_string_append_c(out, ',');
            }
            g_string_append_c(out, *p);
        }
    }
    if (kv->help) {
        g_string_append(out, out->len ? ",help" : "help");
    }
    return g_string_free(out, false);
}
