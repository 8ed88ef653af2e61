/*
 * System calls on sockets, polling and event notification.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"

const UserSyscall user_syscalls_net[] = {
    { 0 }
};
