/*
 * The option table of vireo-system-<arch> and the loop that walks argv
 * through it. The table is the one place an option is described: the
 * parser, the -help text and the "not supported yet" check all read it,
 * so they cannot drift apart. Handlers of the bigger options live in
 * options-machine.c and options-devices.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "options-internal.h"
#include "util/cutils.h"
#include "util/log.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

typedef enum {
    GROUP_STANDARD,
    GROUP_BLOCK,
    GROUP_NETWORK,
    GROUP_CHARDEV,
    GROUP_DISPLAY,
    GROUP_BOOT,
    GROUP_DEBUG,
    GROUP_COUNT,
} OptionGroup;

static const char *const group_titles[GROUP_COUNT] = {
    [GROUP_STANDARD] = "Standard options",
    [GROUP_BLOCK] = "Block device options",
    [GROUP_NETWORK] = "Network options",
    [GROUP_CHARDEV] = "Character device options",
    [GROUP_DISPLAY] = "Display options",
    [GROUP_BOOT] = "Boot options",
    [GROUP_DEBUG] = "Debug and expert options",
};

typedef struct OptionDef {
    const char *names[3];   /* canonical first, no dash; NULL-padded */
    const char *arg;        /* the argument in -help; NULL: a flag */
    OptionGroup group;
    bool supported;         /* false: parsed, then refused by validate */
    OptionsHandler handler;
    const char *help;
} OptionDef;

void options_mark_unsupported(VireoConfig *cfg, const char *what)
{
    for (unsigned i = 0; i < cfg->unsupported->len; i++) {
        if (!strcmp(cfg->unsupported->pdata[i], what)) {
            return;
        }
    }
    g_ptr_array_add(cfg->unsupported, g_strdup(what));
}

void options_set_print(VireoConfig *cfg, char *text)
{
    g_free(cfg->print_text);
    cfg->print_text = text;
    cfg->action = OPTIONS_ACTION_PRINT;
}

bool options_check_choice(const char *key, const char *value,
                          const char *const *choices, GError **errp)
{
    g_autofree char *list = NULL;

    if (g_strv_contains(choices, value)) {
        return true;
    }
    list = g_strjoinv(", ", (char **)choices);
    vireo_error_set(errp, VIREO_ERROR_INVALID,
                    "%s: '%s' is not one of: %s", key, value, list);
    return false;
}

bool options_check_id(const char *id, GError **errp)
{
    bool ok = g_ascii_isalpha(id[0]);

    for (const char *p = id; ok && *p; p++) {
        ok = g_ascii_isalnum(*p) || *p == '-' || *p == '.' || *p == '_';
    }
    if (!ok) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "invalid id '%s' (a letter, then letters, digits, "
                        "'-', '.' or '_')", id);
    }
    return ok;
}

bool options_reject_help(const Keyval *kv, GError **errp)
{
    if (kv->help) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "no help here; see docs/options.md");
        return false;
    }
    return true;
}

static const char *prgname(void)
{
    const char *name = g_get_prgname();

    return name ? name : "vireo-system";
}

static bool handle_help(VireoConfig *cfg, const char *arg, GError **errp)
{
    options_set_print(cfg, options_help_text(prgname()));
    return true;
}

static bool handle_version(VireoConfig *cfg, const char *arg, GError **errp)
{
    options_set_print(cfg, options_version_text(prgname()));
    return true;
}

/* Replace *slot with a copy of a non-empty file name. */
static bool set_file(char **slot, const char *arg, GError **errp)
{
    if (!*arg) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "file name is empty");
        return false;
    }
    g_free(*slot);
    *slot = g_strdup(arg);
    return true;
}

static bool handle_bios(VireoConfig *cfg, const char *arg, GError **errp)
{
    return set_file(&cfg->bios, arg, errp);
}

static bool handle_kernel(VireoConfig *cfg, const char *arg, GError **errp)
{
    return set_file(&cfg->kernel, arg, errp);
}

static bool handle_initrd(VireoConfig *cfg, const char *arg, GError **errp)
{
    return set_file(&cfg->initrd, arg, errp);
}

static bool handle_dtb(VireoConfig *cfg, const char *arg, GError **errp)
{
    return set_file(&cfg->dtb, arg, errp);
}

static bool handle_append(VireoConfig *cfg, const char *arg, GError **errp)
{
    g_free(cfg->append);
    cfg->append = g_strdup(arg);
    return true;
}

static bool handle_data_dir(VireoConfig *cfg, const char *arg, GError **errp)
{
    if (!*arg) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "directory name is empty");
        return false;
    }
    g_ptr_array_add(cfg->data_dirs, g_strdup(arg));
    return true;
}

static bool handle_log_items(VireoConfig *cfg, const char *arg,
                             GError **errp)
{
    if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);

        if (!f) {
            vireo_error_setg_errno(errp, errno, "cannot build the help");
            return false;
        }
        vireo_log_print_help(f);
        fclose(f);
        options_set_print(cfg, text);
        return true;
    }
    return vireo_log_parse_items(arg, &cfg->log_mask, errp);
}

static bool handle_log_file(VireoConfig *cfg, const char *arg, GError **errp)
{
    return set_file(&cfg->log_file, arg, errp);
}

static bool handle_start_stopped(VireoConfig *cfg, const char *arg,
                                 GError **errp)
{
    cfg->start_stopped = true;
    return true;
}

static bool handle_nographic(VireoConfig *cfg, const char *arg,
                             GError **errp)
{
    cfg->nographic = true;
    return true;
}

static bool handle_no_reboot(VireoConfig *cfg, const char *arg,
                             GError **errp)
{
    cfg->no_reboot = true;
    return true;
}

static bool handle_no_shutdown(VireoConfig *cfg, const char *arg,
                               GError **errp)
{
    cfg->no_shutdown = true;
    return true;
}

/*
 * Every option, grouped as -help shows them. Flip .supported when the
 * feature behind an option is wired into the machine builder.
 */
static const OptionDef option_table[] = {
    { { "help", "h" }, NULL, GROUP_STANDARD, true, handle_help,
      "print this help and exit" },
    { { "version" }, NULL, GROUP_STANDARD, true, handle_version,
      "print the version and exit" },
    { { "machine", "M" }, "[type=]NAME[,prop=value...]", GROUP_STANDARD,
      true, options_handle_machine,
      "select the board; -M help lists boards, -M NAME,help props" },
    { { "cpu" }, "MODEL[,feature...]", GROUP_STANDARD, true,
      options_handle_cpu, "select the CPU model; -cpu help lists them" },
    { { "accel" }, "NAME[,prop=value...]", GROUP_STANDARD, true,
      options_handle_accel,
      "accelerator, repeatable (tried in order); -accel help" },
    { { "enable-kvm" }, NULL, GROUP_STANDARD, true,
      options_handle_enable_kvm, "same as -accel kvm" },
    { { "m" }, "[size=]SIZE[,slots=N,maxmem=SIZE]", GROUP_STANDARD, true,
      options_handle_memory,
      "guest RAM (bare number: MiB; suffixes K M G T)" },
    { { "smp" }, "[cpus=]N[,maxcpus=,sockets=,cores=,threads=]",
      GROUP_STANDARD, true, options_handle_smp,
      "number of vCPUs and their topology" },
    { { "name" }, "[guest=]NAME[,process=NAME,debug-threads=on|off]",
      GROUP_STANDARD, true, options_handle_name,
      "name of the guest, for titles and messages" },
    { { "L" }, "DIR", GROUP_STANDARD, true, handle_data_dir,
      "where to look for firmware (repeatable)" },
    { { "rtc" }, "[base=utc|localtime|DATE][,clock=..,driftfix=..]",
      GROUP_STANDARD, false, options_handle_rtc,
      "how the guest's real-time clock starts and runs" },
    { { "device" }, "DRIVER[,prop=value...]", GROUP_STANDARD, true,
      options_handle_device,
      "add a device; -device help lists, -device NAME,help props" },

    { { "drive" }, "file=F[,format=,if=,id=,readonly=,cache=...]",
      GROUP_BLOCK, true, options_handle_drive, "add a disk image" },

    { { "netdev" }, "TYPE,id=ID[,prop=value...]", GROUP_NETWORK, false,
      options_handle_netdev, "add a network backend" },
    { { "nic" }, "TYPE[,prop=value...]", GROUP_NETWORK, true,
      options_handle_nic,
      "add a network card and its backend (only none for now)" },

    { { "chardev" }, "BACKEND,id=ID[,prop=value...]", GROUP_CHARDEV, true,
      options_handle_chardev, "add a character backend" },
    { { "serial" }, "DEV", GROUP_CHARDEV, true, options_handle_serial,
      "connect the next serial port to DEV (stdio, pty, ...)" },
    { { "monitor" }, "DEV", GROUP_CHARDEV, true, options_handle_monitor,
      "human monitor on DEV (only none for now)" },
    { { "qmp" }, "DEV", GROUP_CHARDEV, true, options_handle_qmp,
      "QMP monitor on DEV (unix:PATH,server,wait=off, tcp:..., stdio)" },

    { { "nographic" }, NULL, GROUP_DISPLAY, true, handle_nographic,
      "no display; serial and monitor on the terminal" },
    { { "display" }, "none", GROUP_DISPLAY, true, options_handle_display,
      "display backend (only none)" },

    { { "bios" }, "FILE", GROUP_BOOT, true, handle_bios,
      "firmware image, or none" },
    { { "kernel" }, "FILE", GROUP_BOOT, true, handle_kernel,
      "kernel image to boot" },
    { { "initrd" }, "FILE", GROUP_BOOT, true, handle_initrd,
      "initial ram disk (needs -kernel)" },
    { { "append" }, "CMDLINE", GROUP_BOOT, true, handle_append,
      "kernel command line (needs -kernel)" },
    { { "dtb" }, "FILE", GROUP_BOOT, true, handle_dtb,
      "device tree blob to pass instead of the board's (needs -kernel)" },

    { { "S" }, NULL, GROUP_DEBUG, true, handle_start_stopped,
      "do not start the CPUs until told to" },
    { { "s" }, NULL, GROUP_DEBUG, true, options_handle_gdb_default,
      "same as -gdb " OPTIONS_DEFAULT_GDB },
    { { "gdb" }, "DEV", GROUP_DEBUG, true, options_handle_gdb,
      "wait for a gdb connection on DEV" },
    { { "d" }, "ITEM[,...]", GROUP_DEBUG, true, handle_log_items,
      "enable debug logs; -d help lists the items" },
    { { "D" }, "FILE", GROUP_DEBUG, true, handle_log_file,
      "write debug logs to FILE instead of stderr" },
    { { "no-reboot" }, NULL, GROUP_DEBUG, true, handle_no_reboot,
      "exit instead of rebooting" },
    { { "no-shutdown" }, NULL, GROUP_DEBUG, true, handle_no_shutdown,
      "stop instead of exiting when the guest shuts down" },
    { { "icount" }, "[shift=]N|auto[,align=on|off,sleep=on|off]",
      GROUP_DEBUG, false, options_handle_icount,
      "count instructions to drive the virtual clock" },
};

static const OptionDef *find_option(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(option_table); i++) {
        for (size_t n = 0; n < 3 && option_table[i].names[n]; n++) {
            if (!strcmp(option_table[i].names[n], name)) {
                return &option_table[i];
            }
        }
    }
    return NULL;
}

char *options_help_text(const char *name)
{
    GString *text = g_string_new(NULL);

    g_string_append_printf(text,
                           "Usage: %s [options]\n"
                           "Options take one dash or two (-m or --m).\n",
                           name);
    for (int g = 0; g < GROUP_COUNT; g++) {
        g_string_append_printf(text, "\n%s:\n", group_titles[g]);
        for (size_t i = 0; i < G_N_ELEMENTS(option_table); i++) {
            const OptionDef *def = &option_table[i];
            if (def->group != (OptionGroup)g) {
                continue;
            }
            g_string_append_printf(text, "-%s", def->names[0]);
            for (size_t n = 1; n < 3 && def->names[n]; n++) {
                g_string_append_printf(text, ", -%s", def->names[n]);
            }
            if (def->arg) {
                g_string_append_printf(text, " %s", def->arg);
            }
            g_string_append_printf(text, "\n        %s%s\n", def->help,
                                   def->supported ? ""
                                   : " (not supported yet)");
        }
    }
    g_string_append(text, "\nEvery option is described in "
                          "docs/options.md.\n");
    return g_string_free(text, false);
}

char *options_version_text(const char *name)
{
    return g_strdup_printf("%s version %s\n"
                           "Copyright (c) 2026 The Vireo authors; "
                           "GPL-2.0-or-later\n", name, VIREO_VERSION);
}

static VireoConfig *config_new(void)
{
    VireoConfig *cfg = g_new0(VireoConfig, 1);

    cfg->machine_props = keyval_new();
    cfg->mem_opts = keyval_new();
    cfg->smp_opts = keyval_new();
    cfg->ram_size = OPTIONS_DEFAULT_RAM;
    cfg->maxmem = OPTIONS_DEFAULT_RAM;
    cfg->smp = (OptionsSmp) { 1, 1, 1, 1, 1 };
    cfg->accels = g_ptr_array_new_with_free_func(options_accel_free);
    cfg->data_dirs = g_ptr_array_new_with_free_func(g_free);
    cfg->drives = g_ptr_array_new_with_free_func(options_drive_free);
    cfg->devices = g_ptr_array_new_with_free_func(options_device_free);
    cfg->netdevs = g_ptr_array_new_with_free_func(options_backend_free);
    cfg->nics = g_ptr_array_new_with_free_func(options_backend_free);
    cfg->chardevs = g_ptr_array_new_with_free_func(options_backend_free);
    cfg->serials = g_ptr_array_new_with_free_func(g_free);
    cfg->monitors = g_ptr_array_new_with_free_func(g_free);
    cfg->qmps = g_ptr_array_new_with_free_func(g_free);
    cfg->unsupported = g_ptr_array_new_with_free_func(g_free);
    return cfg;
}

void options_config_free(VireoConfig *cfg)
{
    if (!cfg) {
        return;
    }
    g_free(cfg->print_text);
    g_free(cfg->machine_type);
    keyval_free(cfg->machine_props);
    g_free(cfg->cpu);
    g_free(cfg->cpu_model);
    keyval_free(cfg->mem_opts);
    keyval_free(cfg->smp_opts);
    g_ptr_array_unref(cfg->accels);
    g_free(cfg->name);
    g_free(cfg->process_name);
    g_free(cfg->bios);
    g_free(cfg->kernel);
    g_free(cfg->initrd);
    g_free(cfg->append);
    g_free(cfg->dtb);
    g_ptr_array_unref(cfg->data_dirs);
    g_ptr_array_unref(cfg->drives);
    g_ptr_array_unref(cfg->devices);
    g_free(cfg->device_help_driver);
    g_ptr_array_unref(cfg->netdevs);
    g_ptr_array_unref(cfg->nics);
    g_ptr_array_unref(cfg->chardevs);
    g_ptr_array_unref(cfg->serials);
    g_ptr_array_unref(cfg->monitors);
    g_ptr_array_unref(cfg->qmps);
    g_free(cfg->display);
    keyval_free(cfg->rtc);
    keyval_free(cfg->icount);
    g_free(cfg->gdb);
    g_free(cfg->log_file);
    g_ptr_array_unref(cfg->unsupported);
    g_free(cfg);
}

/*
 * Pass err on as "CONTEXT: message" (or just the message), with control
 * characters from the user's text escaped so it stays one line.
 */
static void propagate(GError **errp, GError *err, const char *context)
{
    g_autofree char *msg = context
        ? g_strdup_printf("%s: %s", context, err->message)
        : g_strdup(err->message);
    g_autofree char *line = vireo_str_escape_controls(msg);

    vireo_error_set(errp, err->code, "%s", line);
    g_error_free(err);
}

/* "-m 512": how a message names the option and its value. */
static char *option_context(const char *typed, const char *arg)
{
    if (!arg) {
        return g_strdup(typed);
    }
    return g_strdup_printf("%s %s", typed, *arg ? arg : "''");
}

bool options_parse(int argc, char **argv, VireoConfig **cfgp, GError **errp)
{
    g_autoptr(VireoConfig) cfg = config_new();

    *cfgp = NULL;
    for (int i = 1; i < argc; i++) {
        const char *word = argv[i];
        const char *name = word + 1;
        const char *arg = NULL;
        const OptionDef *def;
        GError *err = NULL;

        if (word[0] != '-') {
            vireo_error_set(&err, VIREO_ERROR_NOT_SUPPORTED,
                            "a disk image argument is not supported yet "
                            "(options start with '-')");
            propagate(errp, err, *word ? word : "''");
            return false;
        }
        if (*name == '-') {
            name++;
        }
        def = *name ? find_option(name) : NULL;
        if (!def) {
            vireo_error_set(&err, VIREO_ERROR_INVALID, "invalid option");
            propagate(errp, err, word);
            return false;
        }
        /* Messages say "-m" even when "--m" was typed. */
        g_autofree char *typed = g_strdup_printf("-%s", name);
        if (def->arg) {
            if (i + 1 >= argc) {
                vireo_error_set(&err, VIREO_ERROR_INVALID,
                                "requires an argument");
                propagate(errp, err, typed);
                return false;
            }
            arg = argv[++i];
        }
        if (!def->handler(cfg, arg, &err)) {
            g_autofree char *context = option_context(typed, arg);
            propagate(errp, err, context);
            return false;
        }
        if (cfg->action == OPTIONS_ACTION_PRINT) {
            break;
        }
        if (!def->supported) {
            g_autofree char *canonical = g_strdup_printf("-%s",
                                                         def->names[0]);
            options_mark_unsupported(cfg, canonical);
        }
    }
    *cfgp = g_steal_pointer(&cfg);
    return true;
}

bool options_validate(const VireoConfig *cfg, GError **errp)
{
    GError *err = NULL;
    const char *needs_kernel = NULL, *value = NULL;

    if (cfg->unsupported->len) {
        vireo_error_set(errp, VIREO_ERROR_NOT_SUPPORTED,
                        "%s: not supported yet",
                        (const char *)cfg->unsupported->pdata[0]);
        return false;
    }
    if (!cfg->kernel) {
        if (cfg->initrd) {
            needs_kernel = "-initrd";
            value = cfg->initrd;
        } else if (cfg->append) {
            needs_kernel = "-append";
            value = cfg->append;
        } else if (cfg->dtb) {
            needs_kernel = "-dtb";
            value = cfg->dtb;
        }
    }
    if (needs_kernel) {
        g_autofree char *context = option_context(needs_kernel, value);
        vireo_error_set(&err, VIREO_ERROR_INVALID, "only allowed with -kernel");
        propagate(errp, err, context);
        return false;
    }
    if (cfg->nographic && cfg->display) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "-nographic: cannot be combined with -display");
        return false;
    }
    if (!options_validate_devices(cfg, &err)) {
        propagate(errp, err, NULL);
        return false;
    }
    return true;
}
