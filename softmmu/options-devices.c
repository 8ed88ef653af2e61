/*
 * Options that add devices and the backends they connect to: -drive,
 * -device, -netdev, -nic, -chardev, -serial, -monitor, -qmp, -gdb, -s,
 * -display. Device and backend properties stay as typed for the
 * registries; what is checked here is the shape (names, ids, the
 * obvious -drive values) and, across options, that references resolve.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "options-internal.h"
#include "util/cutils.h"

#include <string.h>

void options_drive_free(gpointer p)
{
    OptionsDrive *drive = p;

    keyval_free(drive->opts);
    g_free(drive);
}

void options_device_free(gpointer p)
{
    OptionsDevice *dev = p;

    g_free(dev->text);
    keyval_free(dev->opts);
    g_free(dev);
}

void options_backend_free(gpointer p)
{
    OptionsBackend *be = p;

    g_free(be->text);
    keyval_free(be->opts);
    g_free(be);
}

/* Ids share one namespace per option, as QEMU's do. */
static bool check_new_id(GPtrArray *list, size_t id_offset, const char *id,
                         const char *option, GError **errp)
{
    if (!options_check_id(id, errp)) {
        return false;
    }
    for (unsigned i = 0; i < list->len; i++) {
        const char *other = *(const char **)((char *)list->pdata[i] +
                                             id_offset);
        if (other && !strcmp(other, id)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "id '%s' is already used by another %s",
                            id, option);
            return false;
        }
    }
    return true;
}

static bool drive_get_index(OptionsDrive *drive, const char *key,
                            int64_t *value, GError **errp)
{
    uint64_t v;

    if (!keyval_get_uint64(drive->opts, key, 0, &v, errp)) {
        return false;
    }
    if (v > 255) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "%s must be at most 255", key);
        return false;
    }
    *value = keyval_has(drive->opts, key) ? (int64_t)v : -1;
    return true;
}

static bool drive_check(VireoConfig *cfg, OptionsDrive *drive, GError **errp)
{
    static const char *const keys[] = {
        "file", "format", "if", "id", "index", "bus", "unit", "media",
        "readonly", "cache", "snapshot", "discard", "aio", NULL
    };
    static const char *const formats[] = { "raw", "qcow2", NULL };
    static const char *const ifaces[] = {
        "none", "virtio", "pflash", "mtd", "sd", "ide", "scsi", "floppy",
        NULL
    };
    static const char *const media[] = { "disk", "cdrom", NULL };
    static const char *const caches[] = {
        "writeback", "writethrough", "none", "directsync", "unsafe", NULL
    };
    static const char *const discard[] = {
        "ignore", "off", "unmap", "on", NULL
    };
    static const char *const aio[] = { "threads", "native", "io_uring",
                                       NULL };
    const Keyval *kv = drive->opts;
    const char *v;

    if (!options_reject_help(kv, errp) ||
        !keyval_check_keys(kv, keys, errp)) {
        return false;
    }
    drive->file = keyval_get(kv, "file");
    drive->format = keyval_get(kv, "format");
    drive->iface = keyval_get(kv, "if");
    drive->id = keyval_get(kv, "id");
    drive->cache = keyval_get(kv, "cache");
    drive->media = keyval_get(kv, "media");
    if ((drive->format && !options_check_choice("format", drive->format,
                                                formats, errp)) ||
        (drive->iface && !options_check_choice("if", drive->iface, ifaces,
                                               errp)) ||
        (drive->media && !options_check_choice("media", drive->media, media,
                                               errp)) ||
        (drive->cache && !options_check_choice("cache", drive->cache, caches,
                                               errp)) ||
        ((v = keyval_get(kv, "discard")) &&
         !options_check_choice("discard", v, discard, errp)) ||
        ((v = keyval_get(kv, "aio")) &&
         !options_check_choice("aio", v, aio, errp)) ||
        !keyval_get_bool(kv, "readonly", false, &drive->readonly, errp) ||
        !keyval_get_bool(kv, "snapshot", false, &drive->snapshot, errp) ||
        !drive_get_index(drive, "index", &drive->index, errp) ||
        !drive_get_index(drive, "bus", &drive->bus, errp) ||
        !drive_get_index(drive, "unit", &drive->unit, errp)) {
        return false;
    }
    if (!drive->media) {
        drive->media = "disk";
    }
    if (drive->file && !*drive->file) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "file= is empty");
        return false;
    }
    if (!drive->file && strcmp(drive->media, "cdrom")) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "file= is required (only media=cdrom may be empty)");
        return false;
    }
    if (drive->index >= 0 && (drive->bus >= 0 || drive->unit >= 0)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "index= cannot be combined with bus= or unit=");
        return false;
    }
    return !drive->id ||
           check_new_id(cfg->drives, G_STRUCT_OFFSET(OptionsDrive, id),
                        drive->id, "-drive", errp);
}

bool options_handle_drive(VireoConfig *cfg, const char *arg, GError **errp)
{
    OptionsDrive *drive = g_new0(OptionsDrive, 1);

    drive->opts = keyval_parse(arg, NULL, KEYVAL_DUP_LAST_WINS, errp);
    if (!drive->opts || !drive_check(cfg, drive, errp)) {
        options_drive_free(drive);
        return false;
    }
    g_ptr_array_add(cfg->drives, drive);
    return true;
}

bool options_handle_device(VireoConfig *cfg, const char *arg, GError **errp)
{
    g_autoptr(Keyval) kv = keyval_parse(arg, "driver", KEYVAL_DUP_LAST_WINS,
                                        errp);
    const char *driver, *id;
    OptionsDevice *dev;

    if (!kv) {
        return false;
    }
    driver = keyval_get(kv, "driver");
    if (kv->help) {
        /* Only the device registry can answer; the builder does. */
        if (!cfg->device_help) {
            cfg->device_help = true;
            cfg->device_help_driver = g_strdup(driver);
        }
        return true;
    }
    if (!driver || !*driver) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "device name missing (it comes first: -device "
                        "NAME,prop=value)");
        return false;
    }
    id = keyval_get(kv, "id");
    if (id && !check_new_id(cfg->devices, G_STRUCT_OFFSET(OptionsDevice, id),
                            id, "-device", errp)) {
        return false;
    }
    dev = g_new0(OptionsDevice, 1);
    dev->text = g_strdup(arg);
    dev->opts = g_steal_pointer(&kv);
    dev->driver = keyval_get(dev->opts, "driver");
    dev->id = keyval_get(dev->opts, "id");
    g_ptr_array_add(cfg->devices, dev);
    return true;
}

static const char *const netdev_types[] = {
    "user", "tap", "bridge", "socket", "stream", "dgram", "l2tpv3", "vde",
    "hubport", "vhost-user", "vhost-vdpa", NULL
};

static char *netdev_types_help(void)
{
    g_autofree char *list = g_strjoinv("\n", (char **)netdev_types);

    return g_strdup_printf("Network backend types (none supported yet):\n"
                           "%s\n", list);
}

/* Parse a -netdev, -nic or -chardev into a new backend or NULL. */
static OptionsBackend *backend_parse(const char *arg, const char *kind_key,
                                     GError **errp)
{
    g_autoptr(Keyval) kv = keyval_parse(arg, kind_key, KEYVAL_DUP_LAST_WINS,
                                        errp);
    OptionsBackend *be;

    if (!kv) {
        return NULL;
    }
    be = g_new0(OptionsBackend, 1);
    be->text = g_strdup(arg);
    be->opts = g_steal_pointer(&kv);
    be->type = keyval_get(be->opts, kind_key);
    be->id = keyval_get(be->opts, "id");
    return be;
}

/* Type and id checks shared by -netdev, -nic and -chardev. */
static bool backend_check(VireoConfig *cfg, GPtrArray *list,
                          OptionsBackend *be, const char *kind_key,
                          const char *const *types, bool id_required,
                          const char *option, GError **errp)
{
    if (!be->type || !*be->type) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "%s= missing (it comes first: %s %s,id=...)",
                        kind_key, option,
                        !strcmp(option, "-chardev") ? "socket" : "user");
        return false;
    }
    if (types && !options_check_choice(kind_key, be->type, types, errp)) {
        return false;
    }
    if (!be->id && id_required) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "id= is required");
        return false;
    }
    return !be->id ||
           check_new_id(list, G_STRUCT_OFFSET(OptionsBackend, id), be->id,
                        option, errp);
}

bool options_handle_netdev(VireoConfig *cfg, const char *arg, GError **errp)
{
    OptionsBackend *be = backend_parse(arg, "type", errp);

    if (!be) {
        return false;
    }
    if (be->opts->help) {
        options_backend_free(be);
        options_set_print(cfg, netdev_types_help());
        return true;
    }
    if (!backend_check(cfg, cfg->netdevs, be, "type", netdev_types, true,
                       "-netdev", errp)) {
        options_backend_free(be);
        return false;
    }
    g_ptr_array_add(cfg->netdevs, be);
    return true;
}

bool options_handle_nic(VireoConfig *cfg, const char *arg, GError **errp)
{
    static const char *const nic_types[] = {
        "none", "user", "tap", "bridge", "socket", "stream", "dgram",
        "l2tpv3", "vde", "hubport", "vhost-user", "vhost-vdpa", NULL
    };
    OptionsBackend *be = backend_parse(arg, "type", errp);

    if (!be) {
        return false;
    }
    if (be->opts->help) {
        options_backend_free(be);
        options_set_print(cfg, netdev_types_help());
        return true;
    }
    if (!backend_check(cfg, cfg->nics, be, "type", nic_types, false, "-nic",
                       errp)) {
        options_backend_free(be);
        return false;
    }
    /* "-nic none" asks for no network, which Vireo can already do. */
    if (strcmp(be->type, "none")) {
        options_mark_unsupported(cfg, "-nic");
    }
    g_ptr_array_add(cfg->nics, be);
    return true;
}

bool options_handle_chardev(VireoConfig *cfg, const char *arg, GError **errp)
{
    OptionsBackend *be = backend_parse(arg, "backend", errp);

    if (!be) {
        return false;
    }
    if (be->opts->help) {
        /* The chardev registry knows the backends; the builder answers. */
        options_backend_free(be);
        cfg->chardev_help = true;
        return true;
    }
    if (!backend_check(cfg, cfg->chardevs, be, "backend", NULL, true,
                       "-chardev", errp)) {
        options_backend_free(be);
        return false;
    }
    g_ptr_array_add(cfg->chardevs, be);
    return true;
}

/* "HOST:PORT[,opts]" with PORT a number 0..65535 (HOST may be empty). */
static bool check_host_port(const char *spec, const char *rest,
                            GError **errp)
{
    g_autofree char *addr = g_strndup(rest, strcspn(rest, ","));
    const char *colon = strrchr(addr, ':');

    if (!colon || !vireo_parse_uint_range(colon + 1, 0, 65535, &(uint64_t){0},
                                          NULL)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "'%s' needs HOST:PORT with a port number 0..65535",
                        spec);
        return false;
    }
    return true;
}

bool options_check_chardev_spec(const char *spec, GError **errp)
{
    static const char *const words[] = {
        "none", "null", "stdio", "pty", "vc", "msmouse", "braille", NULL
    };
    static const char *const path_prefixes[] = {
        "file:", "pipe:", "unix:", "chardev:", "vc:", "udp:", NULL
    };
    static const char *const net_prefixes[] = {
        "tcp:", "telnet:", "websocket:", NULL
    };

    if (g_strv_contains(words, spec) || g_str_has_prefix(spec, "/dev/")) {
        return true;
    }
    if (g_str_has_prefix(spec, "mon:")) {
        if (g_str_has_prefix(spec + 4, "mon:")) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "'%s' nests mon: twice", spec);
            return false;
        }
        return options_check_chardev_spec(spec + 4, errp);
    }
    for (const char *const *p = net_prefixes; *p; p++) {
        if (g_str_has_prefix(spec, *p)) {
            return check_host_port(spec, spec + strlen(*p), errp);
        }
    }
    for (const char *const *p = path_prefixes; *p; p++) {
        if (g_str_has_prefix(spec, *p)) {
            if (!spec[strlen(*p)]) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "'%s' needs something after the ':'", spec);
                return false;
            }
            return true;
        }
    }
    vireo_error_set(errp, VIREO_ERROR_INVALID,
                    "unknown character device '%s' (e.g. stdio, null, pty, "
                    "mon:stdio, file:PATH, chardev:ID, tcp:HOST:PORT)", spec);
    return false;
}

bool options_handle_serial(VireoConfig *cfg, const char *arg, GError **errp)
{
    if (!options_check_chardev_spec(arg, errp)) {
        return false;
    }
    if (cfg->serials->len >= OPTIONS_MAX_SERIALS) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "too many serial ports (at most %d)",
                        OPTIONS_MAX_SERIALS);
        return false;
    }
    g_ptr_array_add(cfg->serials, g_strdup(arg));
    return true;
}

bool options_handle_monitor(VireoConfig *cfg, const char *arg, GError **errp)
{
    if (!options_check_chardev_spec(arg, errp)) {
        return false;
    }
    g_ptr_array_add(cfg->monitors, g_strdup(arg));
    return true;
}

bool options_handle_qmp(VireoConfig *cfg, const char *arg, GError **errp)
{
    if (!options_check_chardev_spec(arg, errp)) {
        return false;
    }
    g_ptr_array_add(cfg->qmps, g_strdup(arg));
    return true;
}

bool options_handle_gdb(VireoConfig *cfg, const char *arg, GError **errp)
{
    if (!options_check_chardev_spec(arg, errp)) {
        return false;
    }
    g_free(cfg->gdb);
    cfg->gdb = g_strdup(arg);
    return true;
}

bool options_handle_gdb_default(VireoConfig *cfg, const char *arg,
                                GError **errp)
{
    g_free(cfg->gdb);
    cfg->gdb = g_strdup(OPTIONS_DEFAULT_GDB);
    return true;
}

bool options_handle_display(VireoConfig *cfg, const char *arg, GError **errp)
{
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        options_set_print(cfg, g_strdup("Display backends:\nnone\n"));
        return true;
    }
    if (strcmp(arg, "none")) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "display '%s' is not available (only none)", arg);
        return false;
    }
    g_free(cfg->display);
    cfg->display = g_strdup(arg);
    return true;
}

/* The -drive/-netdev/-chardev a device property names must exist, once. */
static bool check_device_ref(const VireoConfig *cfg, const OptionsDevice *dev,
                             const char *key, GPtrArray *targets,
                             size_t id_offset, const char *target_option,
                             GError **errp)
{
    const char *ref = keyval_get(dev->opts, key);
    bool found = false;

    if (!ref) {
        return true;
    }
    for (unsigned i = 0; i < targets->len && !found; i++) {
        const char *id = *(const char **)((char *)targets->pdata[i] +
                                          id_offset);
        found = id && !strcmp(id, ref);
    }
    if (!found) {
        vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                        "-device %s: no %s with id '%s'", dev->text,
                        target_option, ref);
        return false;
    }
    for (unsigned i = 0; i < cfg->devices->len; i++) {
        const OptionsDevice *other = cfg->devices->pdata[i];
        const char *other_ref = keyval_get(other->opts, key);
        if (other == dev) {
            break;
        }
        if (other_ref && !strcmp(other_ref, ref)) {
            vireo_error_set(errp, VIREO_ERROR_INVALID,
                            "-device %s: %s '%s' is already used by -device "
                            "%s", dev->text, key, ref, other->text);
            return false;
        }
    }
    return true;
}

static bool check_chardev_ref(const VireoConfig *cfg, const char *option,
                              const char *spec, GError **errp)
{
    const char *inner = g_str_has_prefix(spec, "mon:") ? spec + 4 : spec;
    const char *ref;

    if (!g_str_has_prefix(inner, "chardev:")) {
        return true;
    }
    ref = inner + strlen("chardev:");
    for (unsigned i = 0; i < cfg->chardevs->len; i++) {
        const OptionsBackend *be = cfg->chardevs->pdata[i];
        if (!strcmp(be->id, ref)) {
            return true;
        }
    }
    vireo_error_set(errp, VIREO_ERROR_NOT_FOUND,
                    "%s %s: no -chardev with id '%s'", option, spec, ref);
    return false;
}

/* Each option that can take the terminal, and its spec. */
static bool check_stdio_users(const VireoConfig *cfg, GError **errp)
{
    static const struct {
        const char *option;
        size_t offset;
    } lists[] = {
        { "-serial", G_STRUCT_OFFSET(VireoConfig, serials) },
        { "-monitor", G_STRUCT_OFFSET(VireoConfig, monitors) },
        { "-qmp", G_STRUCT_OFFSET(VireoConfig, qmps) },
    };
    g_autofree char *first = NULL;

    for (size_t l = 0; l < G_N_ELEMENTS(lists); l++) {
        GPtrArray *list = *(GPtrArray **)((char *)cfg + lists[l].offset);
        for (unsigned i = 0; i < list->len; i++) {
            const char *spec = list->pdata[i];
            g_autofree char *user = NULL;
            if (strcmp(spec, "stdio") && strcmp(spec, "mon:stdio")) {
                continue;
            }
            user = g_strdup_printf("%s %s", lists[l].option, spec);
            if (first) {
                vireo_error_set(errp, VIREO_ERROR_INVALID,
                                "%s: stdio is already used by %s", user,
                                first);
                return false;
            }
            first = g_steal_pointer(&user);
        }
    }
    return true;
}

bool options_validate_devices(const VireoConfig *cfg, GError **errp)
{
    for (unsigned i = 0; i < cfg->devices->len; i++) {
        const OptionsDevice *dev = cfg->devices->pdata[i];
        if (!check_device_ref(cfg, dev, "drive", cfg->drives,
                              G_STRUCT_OFFSET(OptionsDrive, id), "-drive",
                              errp) ||
            !check_device_ref(cfg, dev, "netdev", cfg->netdevs,
                              G_STRUCT_OFFSET(OptionsBackend, id),
                              "-netdev", errp) ||
            !check_device_ref(cfg, dev, "chardev", cfg->chardevs,
                              G_STRUCT_OFFSET(OptionsBackend, id),
                              "-chardev", errp)) {
            return false;
        }
    }
    for (unsigned i = 0; i < cfg->serials->len; i++) {
        if (!check_chardev_ref(cfg, "-serial", cfg->serials->pdata[i],
                               errp)) {
            return false;
        }
    }
    for (unsigned i = 0; i < cfg->monitors->len; i++) {
        if (!check_chardev_ref(cfg, "-monitor", cfg->monitors->pdata[i],
                               errp)) {
            return false;
        }
    }
    for (unsigned i = 0; i < cfg->qmps->len; i++) {
        if (!check_chardev_ref(cfg, "-qmp", cfg->qmps->pdata[i], errp)) {
            return false;
        }
    }
    if (cfg->gdb && !check_chardev_ref(cfg, "-gdb", cfg->gdb, errp)) {
        return false;
    }
    return check_stdio_users(cfg, errp);
}
