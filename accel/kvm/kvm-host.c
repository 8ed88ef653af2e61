/*
 * What kind of KVM the host offers: KVM-PVM (module kvm_pvm), a software
 * nested hypervisor that runs guest ring 3 natively and emulates ring 0,
 * is told apart so Vireo can warn and hide what it cannot run.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "accel/kvm.h"

#include <string.h>

bool kvm_host_is_pvm(const char *sysfs_root)
{
    g_autofree char *path = g_build_filename(sysfs_root, "module", "kvm_pvm",
                                             NULL);
    g_autofree char *modules = NULL;

    if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
        return true;
    }
    /* A kernel without sysfs module entries still lists it here. */
    if (strcmp(sysfs_root, "/sys") == 0 &&
        g_file_get_contents("/proc/modules", &modules, NULL, NULL)) {
        return g_str_has_prefix(modules, "kvm_pvm ") ||
               strstr(modules, "\nkvm_pvm ") != NULL;
    }
    return false;
}
