/*
 * accel/kvm/kvm-host.c: telling a KVM-PVM host apart, on made-up sysfs
 * trees.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "vireo-check.h"
#include "accel/kvm.h"

#include <glib/gstdio.h>

START_TEST(pvm_module_present)
{
    g_autofree char *root = g_dir_make_tmp("vireo-sysfs-XXXXXX", NULL);
    g_autofree char *mod = g_build_filename(root, "module", "kvm_pvm", NULL);
    g_autofree char *kvm = g_build_filename(root, "module", "kvm", NULL);

    ck_assert_ptr_nonnull(root);
    ck_assert_int_eq(g_mkdir_with_parents(kvm, 0700), 0);
    ck_assert(!kvm_host_is_pvm(root));
    ck_assert_int_eq(g_mkdir_with_parents(mod, 0700), 0);
    ck_assert(kvm_host_is_pvm(root));
    g_rmdir(mod);
    g_rmdir(kvm);
    g_free(g_steal_pointer(&mod));
    mod = g_build_filename(root, "module", NULL);
    g_rmdir(mod);
    g_rmdir(root);
}
END_TEST

START_TEST(missing_sysfs_is_not_pvm)
{
    ck_assert(!kvm_host_is_pvm("/nonexistent-sysfs"));
}
END_TEST

START_TEST(a_file_named_like_the_module_is_not_it)
{
    g_autofree char *root = g_dir_make_tmp("vireo-sysfs-XXXXXX", NULL);
    g_autofree char *dir = g_build_filename(root, "module", NULL);
    g_autofree char *file = g_build_filename(dir, "kvm_pvm", NULL);

    ck_assert_int_eq(g_mkdir_with_parents(dir, 0700), 0);
    ck_assert(g_file_set_contents(file, "", 0, NULL));
    ck_assert(!kvm_host_is_pvm(root));
    g_unlink(file);
    g_rmdir(dir);
    g_rmdir(root);
}
END_TEST

static Suite *kvm_host_suite(void)
{
    Suite *s = suite_create("kvm-host");
    TCase *tc = tcase_create("pvm");

    tcase_add_test(tc, pvm_module_present);
    tcase_add_test(tc, missing_sysfs_is_not_pvm);
    tcase_add_test(tc, a_file_named_like_the_module_is_not_it);
    suite_add_tcase(s, tc);
    return s;
}

VIREO_CHECK_MAIN(kvm_host_suite)
