/*
 * Shared between the option parser's files: the handler of each option
 * (softmmu/options-machine.c, softmmu/options-devices.c) and the helpers
 * they use. Not for use outside softmmu/options*.c.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * A handler gets the option's argument (NULL for a flag) and reports a
 * bad value without naming the option: options_parse() prefixes
 * "-OPTION VALUE: " to the message.
 */
#ifndef VIREO_SOFTMMU_OPTIONS_INTERNAL_H
#define VIREO_SOFTMMU_OPTIONS_INTERNAL_H

#include "softmmu/options.h"
#include "util/error.h"
#include "util/keyval.h"

typedef bool (*OptionsHandler)(VireoConfig *cfg, const char *arg,
                               GError **errp);

/* Record that a feature not supported yet was asked for ("-accel kvm"). */
void options_mark_unsupported(VireoConfig *cfg, const char *what);
/* Stop parsing and print text (takes ownership). */
void options_set_print(VireoConfig *cfg, char *text);
/* Fail unless value is one of the NULL-terminated choices. */
bool options_check_choice(const char *key, const char *value,
                          const char *const *choices, GError **errp);
/* An id: a letter, then letters, digits, '-', '.', '_'. */
bool options_check_id(const char *id, GError **errp);
/* Fail when kv asked for help and the option has none to give. */
bool options_reject_help(const Keyval *kv, GError **errp);
/*
 * A legacy character device spec as -serial, -monitor, -qmp and -gdb
 * take it: "stdio", "file:PATH", "chardev:ID", "tcp:HOST:PORT,...", ...
 */
bool options_check_chardev_spec(const char *spec, GError **errp);

bool options_handle_machine(VireoConfig *cfg, const char *arg,
                            GError **errp);
bool options_handle_cpu(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_memory(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_smp(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_accel(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_enable_kvm(VireoConfig *cfg, const char *arg,
                               GError **errp);
bool options_handle_name(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_rtc(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_icount(VireoConfig *cfg, const char *arg, GError **errp);

bool options_handle_drive(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_device(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_netdev(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_nic(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_chardev(VireoConfig *cfg, const char *arg,
                            GError **errp);
bool options_handle_serial(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_monitor(VireoConfig *cfg, const char *arg,
                            GError **errp);
bool options_handle_qmp(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_gdb(VireoConfig *cfg, const char *arg, GError **errp);
bool options_handle_gdb_default(VireoConfig *cfg, const char *arg,
                                GError **errp);
bool options_handle_display(VireoConfig *cfg, const char *arg,
                            GError **errp);

void options_accel_free(gpointer p);
void options_drive_free(gpointer p);
void options_device_free(gpointer p);
void options_backend_free(gpointer p);

/* Cross-option checks on devices and backends (options_validate()). */
bool options_validate_devices(const VireoConfig *cfg, GError **errp);

#endif
