/*
 * The command line of vireo-system-<arch>: parsed and checked into one
 * configuration that the machine builder reads. Parsing needs no
 * registry; what only a registry can check (machine, CPU and device
 * names, device properties, chardev backends) is kept for the builder.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Errors come back as one line naming the option and its value,
 * "-m 0: memory size must be > 0"; main() prefixes the program name.
 * docs/options.md is the user's guide to every option.
 */
#ifndef VIREO_SOFTMMU_OPTIONS_H
#define VIREO_SOFTMMU_OPTIONS_H

#include "util/keyval.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

/* Limits the command line enforces; a board may lower them. */
#define OPTIONS_MAX_RAM         (UINT64_C(4) << 40)  /* 4 TiB */
#define OPTIONS_MAX_RAM_SLOTS   256
#define OPTIONS_MAX_CPUS        512
#define OPTIONS_MAX_SERIALS     4
#define OPTIONS_MAX_TB_SIZE_MB  2048
#define OPTIONS_DEFAULT_GDB     "tcp::1234"
/* -m's default and its rounding (QEMU rounds up to 8 KiB likewise). */
#define OPTIONS_DEFAULT_RAM     (UINT64_C(128) << 20)
#define OPTIONS_RAM_ALIGN       8192

typedef enum {
    OPTIONS_ACTION_RUN,     /* build and run the machine */
    OPTIONS_ACTION_PRINT,   /* print cfg->print_text on stdout, exit 0 */
} OptionsAction;

typedef struct OptionsSmp {
    unsigned cpus;          /* vCPUs present at start */
    unsigned maxcpus;       /* sockets * cores * threads */
    unsigned sockets;
    unsigned cores;
    unsigned threads;
} OptionsSmp;

typedef enum {
    OPTIONS_TCG_BACKEND_NATIVE,
    OPTIONS_TCG_BACKEND_TCI,
} OptionsTcgBackend;

typedef enum {
    OPTIONS_TCG_THREAD_DEFAULT,     /* the accelerator picks */
    OPTIONS_TCG_THREAD_SINGLE,
    OPTIONS_TCG_THREAD_MULTI,
} OptionsTcgThread;

/* One -accel (or -enable-kvm); the builder tries them in order. */
typedef struct OptionsAccel {
    char *name;             /* "tcg" or "kvm" */
    Keyval *props;          /* as typed, name removed */
    /* tcg, checked: */
    OptionsTcgBackend tcg_backend;
    uint64_t tb_size_mb;    /* 0: the accelerator's default */
    bool one_insn_per_tb;
    OptionsTcgThread tcg_thread;
    /* kvm: "on", "off", "split" or NULL for the default */
    const char *kernel_irqchip;
} OptionsAccel;

/* One -drive, checked; every key stays in opts too. */
typedef struct OptionsDrive {
    Keyval *opts;
    const char *file;       /* NULL for an empty removable drive */
    const char *format;     /* "raw", "qcow2" or NULL (probe) */
    const char *iface;      /* if=: NULL means the board's default */
    const char *id;         /* NULL when not given */
    const char *cache;      /* NULL: writeback */
    const char *media;      /* "disk" (default) or "cdrom" */
    bool readonly;
    bool snapshot;
    int64_t index;          /* -1 when not given; also bus, unit */
    int64_t bus;
    int64_t unit;
} OptionsDrive;

/* One -device: the text as typed and its pairs (driver= included). */
typedef struct OptionsDevice {
    char *text;
    Keyval *opts;
    const char *driver;     /* from opts; NULL only with help */
    const char *id;         /* NULL when not given */
} OptionsDevice;

/* A -netdev, -nic or -chardev: its kind under a per-option key. */
typedef struct OptionsBackend {
    char *text;
    Keyval *opts;
    const char *type;       /* netdev/nic type=, chardev backend= */
    const char *id;         /* required for -netdev and -chardev */
} OptionsBackend;

typedef struct VireoConfig {
    OptionsAction action;
    char *print_text;       /* for OPTIONS_ACTION_PRINT */

    /* machine */
    char *machine_type;     /* NULL: none given, the builder decides */
    Keyval *machine_props;  /* every -M key but type, merged, last wins */
    bool machine_help;      /* -M help, or -M TYPE,help: list properties */
    char *cpu;              /* -cpu text as typed (features after ',') */
    char *cpu_model;        /* its name, up to the first ',' */
    bool cpu_help;
    Keyval *mem_opts;       /* every -m merged (QEMU merges them too) */
    uint64_t ram_size;      /* bytes, rounded up to OPTIONS_RAM_ALIGN */
    bool ram_size_given;
    uint64_t maxmem;        /* == ram_size unless maxmem= */
    unsigned ram_slots;
    Keyval *smp_opts;       /* every -smp merged */
    OptionsSmp smp;
    GPtrArray *accels;      /* of OptionsAccel*; empty: board default */
    char *name;             /* -name guest= */
    char *process_name;     /* -name process= */
    bool debug_threads;

    /* boot */
    char *bios;             /* may be "none" */
    char *kernel;
    char *initrd;
    char *append;
    char *dtb;
    GPtrArray *data_dirs;   /* -L, in order, of char* */

    /* devices and backends */
    GPtrArray *drives;      /* of OptionsDrive* */
    GPtrArray *devices;     /* of OptionsDevice* */
    bool device_help;       /* -device help or -device NAME,help */
    char *device_help_driver;   /* NAME, or NULL for the list */
    GPtrArray *netdevs;     /* of OptionsBackend* */
    GPtrArray *nics;        /* of OptionsBackend* */
    GPtrArray *chardevs;    /* of OptionsBackend* */
    bool chardev_help;
    GPtrArray *serials;     /* of char*, legacy chardev specs */
    GPtrArray *monitors;    /* of char* */
    GPtrArray *qmps;        /* of char* */
    bool nographic;
    char *display;          /* "none" or NULL */

    /* clocks */
    Keyval *rtc;            /* NULL unless -rtc */
    Keyval *icount;         /* NULL unless -icount */

    /* run control and debug */
    bool start_stopped;     /* -S */
    char *gdb;              /* -gdb DEV, or -s's OPTIONS_DEFAULT_GDB */
    int log_mask;           /* -d */
    char *log_file;         /* -D */
    bool no_reboot;
    bool no_shutdown;

    /* canonical names of options given that are not supported yet */
    GPtrArray *unsupported;
} VireoConfig;

/*
 * Parse argv (argv[0] is skipped). On success *cfgp is a new config;
 * -h, -version, -d help and friends stop at once with action PRINT.
 * On failure *cfgp is NULL and errp says, in one line, which option and
 * value are wrong.
 */
bool options_parse(int argc, char **argv, VireoConfig **cfgp,
                   GError **errp);
/*
 * Checks across options that need no registry (-initrd without -kernel,
 * options not supported yet, ...).
 */
bool options_validate(const VireoConfig *cfg, GError **errp);
void options_config_free(VireoConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VireoConfig, options_config_free)

/* The usage text, generated from the option table. Caller frees. */
char *options_help_text(const char *prgname);
char *options_version_text(const char *prgname);

#endif
