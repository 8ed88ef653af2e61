/*
 * Chardev specs as users type them: the legacy -serial forms (file:PATH,
 * tcp:HOST:PORT,..., unix:PATH,..., mon:SPEC) and the -chardev form
 * BACKEND,id=ID,key=value,... checked against the backend's option table,
 * so every mistake is reported once, naming the backend and the option.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/char-backend.h"
#include "util/error.h"

#include <string.h>

struct ChardevOpts {
    char *backend;
    GHashTable *kv;     /* key -> value; booleans are "on" or "off" */
};

static const ChardevOptDesc common_options[] = {
    { "id", CHR_OPT_STRING },
    { "mux", CHR_OPT_BOOL },
    { NULL }
};

/* Options the legacy tcp:/unix: forms take after the address. */
static const ChardevOptDesc legacy_socket_options[] = {
    { "server", CHR_OPT_BOOL },
    { "wait", CHR_OPT_BOOL },
    { "nodelay", CHR_OPT_BOOL },
    { NULL }
};

/* QEMU backends users may try that Vireo does not have. */
static const char *const unsupported[] = {
    "telnet", "udp", "pipe", "vc", "serial", "tty", "parallel", "parport",
    "braille", "msmouse", "spicevmc", "spiceport", "ringbuf", "memory",
    "websocket", "qemu-vdagent", "dbus", "console",
};

static ChardevOpts *opts_new(const char *backend)
{
    ChardevOpts *o = g_new0(ChardevOpts, 1);

    o->backend = g_strdup(backend);
    o->kv = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    return o;
}

void chardev_opts_free(ChardevOpts *opts)
{
    if (opts) {
        g_hash_table_unref(opts->kv);
        g_free(opts->backend);
        g_free(opts);
    }
}

const char *chardev_opts_backend(const ChardevOpts *opts)
{
    return opts->backend;
}

const char *chardev_opt_get(const ChardevOpts *opts, const char *key)
{
    return opts ? g_hash_table_lookup(opts->kv, key) : NULL;
}

bool chardev_opt_get_bool(const ChardevOpts *opts, const char *key, bool def)
{
    const char *v = chardev_opt_get(opts, key);

    return v ? strcmp(v, "on") == 0 : def;
}

void chardev_opt_set(ChardevOpts *opts, const char *key, const char *value)
{
    if (value) {
        g_hash_table_insert(opts->kv, g_strdup(key), g_strdup(value));
    } else {
        g_hash_table_remove(opts->kv, key);
    }
}

static const ChardevOptDesc *find_desc(const ChardevOptDesc *table,
                                       const ChardevOptDesc *table2,
                                       const char *name)
{
    for (const ChardevOptDesc *d = table; d && d->name; d++) {
        if (strcmp(d->name, name) == 0) {
            return d;
        }
    }
    return table2 ? find_desc(table2, NULL, name) : NULL;
}

static bool parse_bool(const char *v, bool *out)
{
    static const char *const yes[] = { "on", "yes", "true" };
    static const char *const no[] = { "off", "no", "false" };

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (strcmp(v, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(v, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* Split at single commas; ",," stands for a comma inside a value. */
static GPtrArray *split_items(const char *s)
{
    GPtrArray *items = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);

    for (const char *p = s; *p; p++) {
        if (*p == ',' && p[1] == ',') {
            g_string_append_c(cur, ',');
            p++;
        } else if (*p == ',') {
            g_ptr_array_add(items, g_string_free(cur, FALSE));
            cur = g_string_new(NULL);
        } else {
            g_string_append_c(cur, *p);
        }
    }
    g_ptr_array_add(items, g_string_free(cur, FALSE));
    return items;
}

/* Parse "key=value,..." (no backend name) into o. */
static bool parse_items(ChardevOpts *o, const char *what, const char *s,
                        const ChardevOptDesc *table,
                        const ChardevOptDesc *table2, GError **errp)
{
    g_autoptr(GPtrArray) items = split_items(s);

    for (guint i = 0; i < items->len; i++) {
        const char *item = g_ptr_array_index(items, i);
        const char *eq = strchr(item, '=');
        g_autofree char *key = eq ? g_strndup(item, eq - item)
                                  : g_strdup(item);
        const char *value = eq ? eq + 1 : NULL;
        const ChardevOptDesc *d;
        bool b;

        if (!*item) {
            continue;
        }
        d = find_desc(table, table2, key);
        if (!d && !value && g_str_has_prefix(key, "no")) {
            /* Old spelling: "nowait" is wait=off. */
            d = find_desc(table, table2, key + 2);
            if (d && d->type == CHR_OPT_BOOL) {
                chardev_opt_set(o, d->name, "off");
                continue;
            }
            d = NULL;
        }
        if (!d) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "%s: unknown option '%s'", what, key);
            return false;
        }
        if (d->type == CHR_OPT_BOOL) {
            if (!value) {
                b = true;
            } else if (!parse_bool(value, &b)) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "%s: option '%s' takes on or off, not '%s'",
                                what, key, value);
                return false;
            }
            chardev_opt_set(o, d->name, b ? "on" : "off");
        } else if (!value) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "%s: option '%s' needs a value (%s=...)",
                            what, key, key);
            return false;
        } else {
            chardev_opt_set(o, d->name, value);
        }
    }
    return true;
}

static bool check_backend_name(const char *name, GError **errp)
{
    for (size_t i = 0; i < G_N_ELEMENTS(unsupported); i++) {
        if (strcmp(name, unsupported[i]) == 0) {
            vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                            "chardev backend '%s' is not supported", name);
            return false;
        }
    }
    if (!chardev_backend_find(name)) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "unknown chardev backend '%s'", name);
        return false;
    }
    return true;
}

/* "tcp:HOST:PORT,opts" with HOST possibly empty or "[v6addr]". */
static ChardevOpts *parse_legacy_tcp(const char *spec, const char *addr,
                                     const char *rest, GError **errp)
{
    g_autoptr(ChardevOpts) o = opts_new("socket");
    g_autofree char *host = NULL;
    const char *colon;

    if (addr[0] == '[') {
        const char *close = strchr(addr, ']');
        if (!close || close[1] != ':') {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'%s': expected tcp:[ADDRESS]:PORT", spec);
            return NULL;
        }
        host = g_strndup(addr + 1, close - addr - 1);
        colon = close + 1;
    } else {
        colon = strrchr(addr, ':');
        if (!colon) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'%s': missing port (tcp:HOST:PORT)", spec);
            return NULL;
        }
        host = g_strndup(addr, colon - addr);
    }
    if (!colon[1]) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s': missing port (tcp:HOST:PORT)", spec);
        return NULL;
    }
    chardev_opt_set(o, "host", host);
    chardev_opt_set(o, "port", colon + 1);
    if (rest && !parse_items(o, "tcp", rest, legacy_socket_options, NULL,
                             errp)) {
        return NULL;
    }
    return g_steal_pointer(&o);
}

static ChardevOpts *parse_legacy(const char *spec, const char *kind,
                                 const char *arg, GError **errp)
{
    g_autoptr(ChardevOpts) o = NULL;
    g_autofree char *addr = NULL;
    const char *comma;

    if (strcmp(kind, "mon") == 0) {
        o = chardev_opts_parse(arg, errp);
        if (!o) {
            return NULL;
        }
        chardev_opt_set(o, "mux", "on");
        /* Ctrl-C goes to the guest; Ctrl-a x is the way out. */
        if (strcmp(o->backend, "stdio") == 0 &&
            !chardev_opt_get(o, "signal")) {
            chardev_opt_set(o, "signal", "off");
        }
        return g_steal_pointer(&o);
    }
    if (strcmp(kind, "file") == 0) {
        /* The rest is the path, commas and all. */
        if (!*arg) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'%s': missing path (file:PATH)", spec);
            return NULL;
        }
        o = opts_new("file");
        chardev_opt_set(o, "path", arg);
        return g_steal_pointer(&o);
    }
    comma = strchr(arg, ',');
    addr = comma ? g_strndup(arg, comma - arg) : g_strdup(arg);
    if (strcmp(kind, "tcp") == 0) {
        return parse_legacy_tcp(spec, addr, comma ? comma + 1 : NULL, errp);
    }
    if (strcmp(kind, "unix") == 0) {
        if (!*addr) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'%s': missing path (unix:PATH)", spec);
            return NULL;
        }
        o = opts_new("socket");
        chardev_opt_set(o, "path", addr);
        if (comma && !parse_items(o, "unix", comma + 1,
                                  legacy_socket_options, NULL, errp)) {
            return NULL;
        }
        return g_steal_pointer(&o);
    }
    if (chardev_backend_find(kind)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s': backend '%s' takes no ':' argument "
                        "(use %s,key=value,...)", spec, kind, kind);
        return NULL;
    }
    check_backend_name(kind, errp);
    return NULL;
}

ChardevOpts *chardev_opts_parse(const char *spec, GError **errp)
{
    g_autoptr(ChardevOpts) o = NULL;
    g_autofree char *first = NULL;
    const char *comma, *colon;
    const ChardevOps *ops;

    if (!spec || !*spec) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "empty chardev spec");
        return NULL;
    }
    comma = strchr(spec, ',');
    first = comma ? g_strndup(spec, comma - spec) : g_strdup(spec);
    colon = strchr(first, ':');
    if (colon) {
        g_autofree char *kind = g_strndup(first, colon - first);
        return parse_legacy(spec, kind, spec + (colon - first) + 1, errp);
    }
    if (strchr(first, '=')) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s': missing backend name before '%s'",
                        spec, first);
        return NULL;
    }
    if (!check_backend_name(first, errp)) {
        return NULL;
    }
    ops = chardev_backend_find(first);
    o = opts_new(first);
    if (comma && !parse_items(o, first, comma + 1, ops->options,
                              common_options, errp)) {
        return NULL;
    }
    return g_steal_pointer(&o);
}
