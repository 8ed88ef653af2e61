/*
 * sethostname and setdomainname (CPython's test_sethostname): setting
 * the name the host already has (harmless: works as root, EPERM
 * otherwise), and the length and pointer errors in the kernel's order.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

static void show(const char *what, int r)
{
    /* privileged or not, the same line */
    printf("%s: %s\n", what, r == 0 || errno == EPERM ? "ok or EPERM"
                                                      : strerror(errno));
}

int main(void)
{
    struct utsname u;
    char big[100];

    memset(big, 'x', sizeof(big));
    uname(&u);
    show("sethostname same", sethostname(u.nodename, strlen(u.nodename)));
    show("setdomainname same", setdomainname(u.domainname,
                                             strlen(u.domainname)));
    errno = 0;
    printf("sethostname 65: %s\n", sethostname(big, 65) < 0 &&
           (errno == EINVAL || errno == EPERM) ? "EINVAL or EPERM" : "?");
    errno = 0;
    printf("sethostname bad pointer: %s\n",
           sethostname((char *)8, 4) < 0 &&
           (errno == EFAULT || errno == EPERM) ? "EFAULT or EPERM" : "?");
    errno = 0;
    printf("setdomainname 65: %s\n", setdomainname(big, 65) < 0 &&
           (errno == EINVAL || errno == EPERM) ? "EINVAL or EPERM" : "?");
    return 0;
}
