/*
 * Options that shape the machine itself: -machine, -cpu, -m, -smp,
 * -accel, -enable-kvm, -name, -rtc, -icount. Each checks what it can
 * without a registry; machine and CPU names are the builder's to check.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "options-internal.h"
#include "util/cutils.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

bool options_handle_machine(VireoConfig *cfg, const char *arg, GError **errp)
{
    g_autoptr(Keyval) kv = keyval_parse(arg, "type", KEYVAL_DUP_ERROR, errp);
    const char *type;

    if (!kv) {
        return false;
    }
    type = keyval_get(kv, "type");
    if (type && !*type) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "machine type is empty");
        return false;
    }
    /* Older QEMU took the accelerator here; say where it moved. */
    if (keyval_has(kv, "accel")) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "accel= is not a machine property: use -accel "
                        "NAME");
        return false;
    }
    if (type) {
        g_free(cfg->machine_type);
        cfg->machine_type = g_strdup(type);
        keyval_remove(kv, "type");
    }
    cfg->machine_help |= kv->help;
    keyval_merge(cfg->machine_props, kv);
    return true;
}

bool options_handle_cpu(VireoConfig *cfg, const char *arg, GError **errp)
{
    const char *comma = strchr(arg, ',');
    g_autofree char *model = g_strndup(arg, comma ? (size_t)(comma - arg)
                                                  : strlen(arg));
    g_auto(GStrv) features = g_strsplit(comma ? comma + 1 : "", ",", -1);

    /*
     * Features are the CPU model's to parse ("+ext" is valid on some
     * targets), so only the model name and help are looked at here.
     */
    if (!*model) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "CPU model name is empty");
        return false;
    }
    g_free(cfg->cpu);
    g_free(cfg->cpu_model);
    cfg->cpu = g_strdup(arg);
    cfg->cpu_model = NULL;
    cfg->cpu_help = false;
    if (!strcmp(model, "help") || !strcmp(model, "?")) {
        cfg->cpu_help = true;
        return true;
    }
    cfg->cpu_model = g_steal_pointer(&model);
    for (char **f = features; *f; f++) {
        if (!strcmp(*f, "help") || !strcmp(*f, "?")) {
            cfg->cpu_help = true;
        }
    }
    return true;
}

bool options_handle_memory(VireoConfig *cfg, const char *arg, GError **errp)
{
    static const char *const keys[] = { "size", "slots", "maxmem", NULL };
    g_autoptr(Keyval) kv = keyval_parse(arg, "size", KEYVAL_DUP_LAST_WINS,
                                        errp);
    g_autofree char *size_str = NULL, *max_str = NULL;
    uint64_t size, maxmem, slots;

    if (!kv || !options_reject_help(kv, errp) ||
        !keyval_check_keys(kv, keys, errp)) {
        return false;
    }
    keyval_merge(cfg->mem_opts, kv);
    if (!keyval_get_size(cfg->mem_opts, "size", 'M', OPTIONS_DEFAULT_RAM,
                         &size, errp)) {
        return false;
    }
    if (size == 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "memory size must be > 0");
        return false;
    }
    if (size > OPTIONS_MAX_RAM) {
        g_autofree char *max = vireo_size_to_str(OPTIONS_MAX_RAM);
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "memory size must be at most %s", max);
        return false;
    }
    size = (size + OPTIONS_RAM_ALIGN - 1) & ~(uint64_t)(OPTIONS_RAM_ALIGN - 1);
    if (!keyval_get_size(cfg->mem_opts, "maxmem", 'M', size, &maxmem, errp) ||
        !keyval_get_uint64(cfg->mem_opts, "slots", 0, &slots, errp)) {
        return false;
    }
    size_str = vireo_size_to_str(size);
    max_str = vireo_size_to_str(maxmem);
    if (maxmem < size) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "maxmem (%s) must be at least size (%s)",
                        max_str, size_str);
        return false;
    }
    if (maxmem > OPTIONS_MAX_RAM) {
        g_autofree char *max = vireo_size_to_str(OPTIONS_MAX_RAM);
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "maxmem must be at most %s", max);
        return false;
    }
    if (slots > OPTIONS_MAX_RAM_SLOTS) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "slots must be at most %d", OPTIONS_MAX_RAM_SLOTS);
        return false;
    }
    if (maxmem > size && slots == 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "maxmem (%s) above size (%s) needs slots= for the "
                        "memory to plug in", max_str, size_str);
        return false;
    }
    if (slots > 0 && maxmem == size) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "slots= needs maxmem larger than size (%s)",
                        size_str);
        return false;
    }
    cfg->ram_size = size;
    cfg->ram_size_given = true;
    cfg->maxmem = maxmem;
    cfg->ram_slots = slots;
    return true;
}

/* One -smp count: absent is 0, present must be in 1..OPTIONS_MAX_CPUS. */
static bool smp_get(const Keyval *kv, const char *key, uint64_t *value,
                    GError **errp)
{
    if (!keyval_get_uint64(kv, key, 0, value, errp)) {
        return false;
    }
    if (keyval_has(kv, key) && *value == 0) {
        vireo_error_set(errp, VIREO_ERROR_INVALID, "%s must be > 0", key);
        return false;
    }
    if (*value > OPTIONS_MAX_CPUS) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "%s=%" PRIu64 " is more than the maximum of %d",
                        key, *value, OPTIONS_MAX_CPUS);
        return false;
    }
    return true;
}

/*
 * Fill in what was left out so that sockets * cores * threads is maxcpus,
 * preferring more cores over more sockets as QEMU has since 6.2.
 */
bool options_handle_smp(VireoConfig *cfg, const char *arg, GError **errp)
{
    static const char *const keys[] = {
        "cpus", "maxcpus", "sockets", "cores", "threads", NULL
    };
    g_autoptr(Keyval) kv = keyval_parse(arg, "cpus", KEYVAL_DUP_LAST_WINS,
                                        errp);
    uint64_t cpus, maxcpus, sockets, cores, threads, total;

    if (!kv || !options_reject_help(kv, errp) ||
        !keyval_check_keys(kv, keys, errp)) {
        return false;
    }
    keyval_merge(cfg->smp_opts, kv);
    if (!smp_get(cfg->smp_opts, "cpus", &cpus, errp) ||
        !smp_get(cfg->smp_opts, "maxcpus", &maxcpus, errp) ||
        !smp_get(cfg->smp_opts, "sockets", &sockets, errp) ||
        !smp_get(cfg->smp_opts, "cores", &cores, errp) ||
        !smp_get(cfg->smp_opts, "threads", &threads, errp)) {
        return false;
    }
    if (cpus == 0 && maxcpus == 0) {
        sockets = sockets ? sockets : 1;
        cores = cores ? cores : 1;
        threads = threads ? threads : 1;
    } else {
        maxcpus = maxcpus ? maxcpus : cpus;
        if (cores == 0) {
            sockets = sockets ? sockets : 1;
            threads = threads ? threads : 1;
            cores = maxcpus / (sockets * threads);
        } else if (sockets == 0) {
            threads = threads ? threads : 1;
            sockets = maxcpus / (cores * threads);
        } else if (threads == 0) {
            threads = maxcpus / (sockets * cores);
        }
    }
    /* Each factor is at most OPTIONS_MAX_CPUS: no 64-bit overflow. */
    total = sockets * cores * threads;
    maxcpus = maxcpus ? maxcpus : total;
    cpus = cpus ? cpus : maxcpus;
    if (total != maxcpus) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "sockets (%" PRIu64 ") * cores (%" PRIu64
                        ") * threads (%" PRIu64 ") = %" PRIu64
                        " does not match maxcpus (%" PRIu64 ")",
                        sockets, cores, threads, total, maxcpus);
        return false;
    }
    if (cpus > maxcpus) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "cpus (%" PRIu64 ") is more than maxcpus (%" PRIu64
                        ")", cpus, maxcpus);
        return false;
    }
    if (maxcpus > OPTIONS_MAX_CPUS) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "%" PRIu64 " CPUs is more than the maximum of %d",
                        maxcpus, OPTIONS_MAX_CPUS);
        return false;
    }
    cfg->smp = (OptionsSmp) {
        .cpus = cpus, .maxcpus = maxcpus, .sockets = sockets,
        .cores = cores, .threads = threads,
    };
    return true;
}

void options_accel_free(gpointer p)
{
    OptionsAccel *accel = p;

    g_free(accel->name);
    keyval_free(accel->props);
    g_free(accel);
}

static bool accel_parse_tcg(OptionsAccel *accel, GError **errp)
{
    static const char *const keys[] = {
        "backend", "tb-size", "one-insn-per-tb", "thread", NULL
    };
    static const char *const backends[] = { "native", "tci", NULL };
    static const char *const threads[] = { "single", "multi", NULL };
    const Keyval *kv = accel->props;
    const char *backend = keyval_get(kv, "backend");
    const char *thread = keyval_get(kv, "thread");

    if (!keyval_check_keys(kv, keys, errp) ||
        (backend && !options_check_choice("backend", backend, backends,
                                          errp)) ||
        (thread && !options_check_choice("thread", thread, threads,
                                         errp)) ||
        !keyval_get_uint64(kv, "tb-size", 0, &accel->tb_size_mb, errp) ||
        !keyval_get_bool(kv, "one-insn-per-tb", false,
                         &accel->one_insn_per_tb, errp)) {
        return false;
    }
    if (accel->tb_size_mb > OPTIONS_MAX_TB_SIZE_MB) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "tb-size must be at most %d (MiB)",
                        OPTIONS_MAX_TB_SIZE_MB);
        return false;
    }
    if (backend && !strcmp(backend, "tci")) {
        accel->tcg_backend = OPTIONS_TCG_BACKEND_TCI;
    }
    if (thread) {
        accel->tcg_thread = !strcmp(thread, "single")
            ? OPTIONS_TCG_THREAD_SINGLE : OPTIONS_TCG_THREAD_MULTI;
    }
    return true;
}

static bool accel_parse_kvm(OptionsAccel *accel, GError **errp)
{
    static const char *const keys[] = { "kernel-irqchip", NULL };
    static const char *const irqchip[] = { "on", "off", "split", NULL };
    const char *value = keyval_get(accel->props, "kernel-irqchip");

    if (!keyval_check_keys(accel->props, keys, errp) ||
        (value && !options_check_choice("kernel-irqchip", value, irqchip,
                                        errp))) {
        return false;
    }
    accel->kernel_irqchip = value;
    return true;
}

static const struct {
    const char *name;
    bool supported;     /* flip when the accelerator lands */
    bool (*parse)(OptionsAccel *accel, GError **errp);
} accel_types[] = {
    { "tcg", true, accel_parse_tcg },
    { "kvm", true, accel_parse_kvm },
};

bool options_handle_accel(VireoConfig *cfg, const char *arg, GError **errp)
{
    g_autoptr(Keyval) kv = keyval_parse(arg, "accel", KEYVAL_DUP_LAST_WINS,
                                        errp);
    OptionsAccel *accel;
    const char *name;
    size_t i;

    if (!kv) {
        return false;
    }
    name = keyval_get(kv, "accel");
    if (kv->help && !name) {
        GString *text = g_string_new("Accelerators:\n");
        for (i = 0; i < G_N_ELEMENTS(accel_types); i++) {
            g_string_append_printf(text, "%s%s\n", accel_types[i].name,
                                   accel_types[i].supported ? ""
                                   : " (not supported yet)");
        }
        options_set_print(cfg, g_string_free(text, false));
        return true;
    }
    if (!options_reject_help(kv, errp)) {
        return false;
    }
    if (!name) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "accelerator name missing (tcg or kvm)");
        return false;
    }
    for (i = 0; i < G_N_ELEMENTS(accel_types); i++) {
        if (!strcmp(name, accel_types[i].name)) {
            break;
        }
    }
    if (i == G_N_ELEMENTS(accel_types)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "unknown accelerator '%s' (tcg or kvm)", name);
        return false;
    }
    accel = g_new0(OptionsAccel, 1);
    accel->name = g_strdup(name);
    /* name points into kv: only accel->name from here on. */
    keyval_remove(kv, "accel");
    name = NULL;
    accel->props = g_steal_pointer(&kv);
    if (!accel_types[i].parse(accel, errp)) {
        options_accel_free(accel);
        return false;
    }
    if (!accel_types[i].supported) {
        g_autofree char *what = g_strdup_printf("-accel %s", accel->name);
        options_mark_unsupported(cfg, what);
    }
    g_ptr_array_add(cfg->accels, accel);
    return true;
}

bool options_handle_enable_kvm(VireoConfig *cfg, const char *arg,
                               GError **errp)
{
    OptionsAccel *accel = g_new0(OptionsAccel, 1);

    accel->name = g_strdup("kvm");
    accel->props = keyval_new();
    g_ptr_array_add(cfg->accels, accel);
    return true;
}

bool options_handle_name(VireoConfig *cfg, const char *arg, GError **errp)
{
    static const char *const keys[] = {
        "guest", "process", "debug-threads", NULL
    };
    g_autoptr(Keyval) kv = keyval_parse(arg, "guest", KEYVAL_DUP_LAST_WINS,
                                        errp);
    bool debug_threads;

    if (!kv || !options_reject_help(kv, errp) ||
        !keyval_check_keys(kv, keys, errp) ||
        !keyval_get_bool(kv, "debug-threads", false, &debug_threads, errp)) {
        return false;
    }
    g_free(cfg->name);
    g_free(cfg->process_name);
    cfg->name = g_strdup(keyval_get(kv, "guest"));
    cfg->process_name = g_strdup(keyval_get(kv, "process"));
    cfg->debug_threads = debug_threads;
    return true;
}

/* "2006-06-17" or "2006-06-17T16:01:21", a real date and time. */
static bool rtc_base_is_date(const char *s)
{
    int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;

    if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10) {
        return false;
    }
    if (s[n] == 'T') {
        int n2 = 0;
        if (sscanf(s + n, "T%2d:%2d:%2d%n", &h, &mi, &sec, &n2) != 3 ||
            n2 != 9) {
            return false;
        }
        n += n2;
    }
    return s[n] == '\0' && y >= 1 && g_date_valid_dmy(d, mo, y) &&
           h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 60;
}

bool options_handle_rtc(VireoConfig *cfg, const char *arg, GError **errp)
{
    static const char *const keys[] = { "base", "clock", "driftfix", NULL };
    static const char *const clocks[] = { "host", "rt", "vm", NULL };
    static const char *const driftfix[] = { "none", "slew", NULL };
    g_autoptr(Keyval) kv = keyval_parse(arg, NULL, KEYVAL_DUP_LAST_WINS,
                                        errp);
    const char *base, *clock, *fix;

    if (!kv || !options_reject_help(kv, errp) ||
        !keyval_check_keys(kv, keys, errp)) {
        return false;
    }
    base = keyval_get(kv, "base");
    clock = keyval_get(kv, "clock");
    fix = keyval_get(kv, "driftfix");
    if (base && strcmp(base, "utc") && strcmp(base, "localtime") &&
        !rtc_base_is_date(base)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "base: '%s' is not utc, localtime or a date like "
                        "2006-06-17T16:01:21", base);
        return false;
    }
    if ((clock && !options_check_choice("clock", clock, clocks, errp)) ||
        (fix && !options_check_choice("driftfix", fix, driftfix, errp))) {
        return false;
    }
    keyval_free(cfg->rtc);
    cfg->rtc = g_steal_pointer(&kv);
    return true;
}

bool options_handle_icount(VireoConfig *cfg, const char *arg, GError **errp)
{
    static const char *const keys[] = { "shift", "align", "sleep", NULL };
    g_autoptr(Keyval) kv = keyval_parse(arg, "shift", KEYVAL_DUP_LAST_WINS,
                                        errp);
    const char *shift;
    uint64_t value;
    bool flag;

    if (!kv || !options_reject_help(kv, errp) ||
        !keyval_check_keys(kv, keys, errp) ||
        !keyval_get_bool(kv, "align", false, &flag, errp) ||
        !keyval_get_bool(kv, "sleep", true, &flag, errp)) {
        return false;
    }
    shift = keyval_get(kv, "shift");
    if (shift && strcmp(shift, "auto") &&
        !vireo_parse_uint_range(shift, 0, 10, &value, NULL)) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "shift: '%s' is neither auto nor a number 0..10",
                        shift);
        return false;
    }
    keyval_free(cfg->icount);
    cfg->icount = g_steal_pointer(&kv);
    return true;
}
