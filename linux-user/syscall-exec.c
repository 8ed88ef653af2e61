/*
 * execve and execveat, and waiting for children: wait4 and waitid. A
 * guest program (an ELF of this target, or a #! script whose
 * interpreter is one) is run by executing this emulator again with the
 * same options; any other program is the host's and runs natively.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * struct rusage and the SIGCHLD part of siginfo_t have one layout on
 * both ABIs (LP64, asm-generic), so the host's results are copied out.
 */
#include "user-internal.h"
#include "util/log.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define ARG_MAX_COUNT 65536
#define HEAD_SIZE 256

/* A guest char *[] (NULL-ended) as a g_strfreev-able vector. */
static int get_strv(uint64_t addr, GPtrArray *out)
{
    for (unsigned i = 0; addr; i++) {
        uint64_t p;
        char *s;
        int r;

        if (i >= ARG_MAX_COUNT) {
            return -E2BIG;
        }
        r = user_copy_from(&p, addr + i * 8ull, 8);
        if (r < 0) {
            return r;
        }
        if (!p) {
            break;
        }
        r = user_get_string(p, 128 * 1024, &s);
        if (r < 0) {
            return r == -ENAMETOOLONG ? -E2BIG : r;
        }
        g_ptr_array_add(out, s);
    }
    g_ptr_array_add(out, NULL);
    return 0;
}

/* The first bytes of a host file: their count, or -errno. */
static ssize_t read_head(const char *path, char *buf, size_t len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t n;

    if (fd < 0) {
        return -errno;
    }
    n = read(fd, buf, len);
    n = n < 0 ? -errno : n;
    close(fd);
    return n;
}

static bool is_guest_elf(const char *buf, ssize_t n)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)buf;

    return n >= (ssize_t)sizeof(*eh) && !memcmp(buf, ELFMAG, SELFMAG) &&
           buf[EI_CLASS] == ELFCLASS64 &&
           eh->e_machine == user_target_elf_machine();
}

/*
 * A #! line: the interpreter and its optional one argument (both
 * g_malloc'ed), false when buf is no script.
 */
static bool parse_shebang(char *buf, ssize_t n, char **interp, char **arg)
{
    char *p, *end, *nl;

    if (n < 3 || buf[0] != '#' || buf[1] != '!') {
        return false;
    }
    buf[n < HEAD_SIZE ? n : HEAD_SIZE - 1] = 0;
    nl = strchr(buf, '\n');
    if (nl) {
        *nl = 0;
    }
    p = buf + 2;
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    end = p + strcspn(p, " \t");
    if (end == p) {
        return false;
    }
    *interp = g_strndup(p, end - p);
    p = end + strspn(end, " \t");
    end = p + strlen(p);
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' ||
                       end[-1] == '\r')) {
        end--;
    }
    *arg = end > p ? g_strndup(p, end - p) : NULL;
    return true;
}

/*
 * Run guest program host_path under a new instance of ourselves:
 * argv0 is what the program sees as argv[0], pre (may be NULL) what
 * goes between program and args (a script's interpreter argument and
 * path).
 */
/*
 * execve with the guest's signal mask as the host's (it is inherited),
 * and the guest's limits where the new program takes them over.
 */
static int64_t exec_with_signals(const char *path, char **argv, char **envp,
                                 bool host_program)
{
    UserExecLimits limits;
    int err;

    vireo_log_flush();
    if (!user_signal_before_exec(user_self)) {
        return -USER_ERESTARTSYS;
    }
    user_rlimits_before_exec(host_program, &limits);
    execve(path, argv, envp);
    err = errno;
    user_rlimits_exec_failed(&limits);
    user_signal_exec_failed(user_self);
    return -err;
}

static int64_t exec_guest(const char *host_path, const char *argv0,
                          char **pre, char **args, char **envp)
{
    g_autoptr(GPtrArray) v = g_ptr_array_new();
    g_autoptr(GPtrArray) env = NULL;
    g_autofree char *limits = NULL;

    g_ptr_array_add(v, user_proc.vireo_path);
    for (guint i = 0; i < user_proc.reexec_opts->len; i++) {
        g_ptr_array_add(v, g_ptr_array_index(user_proc.reexec_opts, i));
    }
    g_ptr_array_add(v, "-0");
    g_ptr_array_add(v, (gpointer)argv0);
    g_ptr_array_add(v, "--");
    g_ptr_array_add(v, (gpointer)host_path);
    for (; pre && *pre; pre++) {
        g_ptr_array_add(v, *pre);
    }
    for (; args && *args; args++) {
        g_ptr_array_add(v, *args);
    }
    g_ptr_array_add(v, NULL);
    limits = user_rlimits_env();
    if (limits) {
        /* the guest's limits, which are not the host's, go along */
        env = g_ptr_array_new();
        for (; envp && *envp; envp++) {
            if (!g_str_has_prefix(*envp, USER_RLIMITS_ENV "=")) {
                g_ptr_array_add(env, *envp);
            }
        }
        g_ptr_array_add(env, limits);
        g_ptr_array_add(env, NULL);
        envp = (char **)env->pdata;
    }
    return exec_with_signals(user_proc.vireo_path, (char **)v->pdata, envp,
                             false);
}

static int64_t do_execve(const char *guest_path, const char *host_path,
                         char **argv, char **envp)
{
    char buf[HEAD_SIZE];
    g_autofree char *interp = NULL, *iarg = NULL, *ihost = NULL;
    const char *argv0 = argv[0] ? argv[0] : "";
    char **rest = argv[0] ? argv + 1 : argv;
    ssize_t n;

    if (access(host_path, X_OK) < 0) {
        return -errno;
    }
    n = read_head(host_path, buf, sizeof(buf) - 1);
    if (n < 0) {
        return n;
    }
    if (is_guest_elf(buf, n)) {
        return exec_guest(host_path, argv0, NULL, rest, envp);
    }
    if (parse_shebang(buf, n, &interp, &iarg)) {
        char ibuf[HEAD_SIZE];
        ssize_t in;

        ihost = user_path_lookup(interp);
        in = read_head(ihost, ibuf, sizeof(ibuf));
        if (in >= 0 && is_guest_elf(ibuf, in)) {
            /* as the kernel: interp [arg] script args... */
            char *pre[3] = { iarg ? iarg : (char *)guest_path,
                             iarg ? (char *)guest_path : NULL, NULL };

            return exec_guest(ihost, interp, pre, rest, envp);
        }
    }
    return exec_with_signals(host_path, argv, envp, true);
}

/* nofollow: execveat's AT_SYMLINK_NOFOLLOW (a link as the last part) */
static int64_t exec_common(uint64_t path_addr, uint64_t argv_addr,
                           uint64_t envp_addr, const char *dir_prefix,
                           bool nofollow)
{
    g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) envp = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *guest = NULL, *host = NULL;
    int r;

    r = user_get_string(path_addr, PATH_MAX, &guest);
    if (r < 0) {
        return r;
    }
    if (!*guest) {
        nofollow = false;       /* AT_EMPTY_PATH: the fd is the program */
    }
    if (dir_prefix && guest[0] != '/') {
        char *g = *guest ? g_strconcat(dir_prefix, "/", guest, NULL) :
                  g_strdup(dir_prefix);

        g_free(guest);
        guest = g;
    } else if (!*guest) {
        return -ENOENT;
    }
    /* the link names the program, not the emulator that runs it */
    host = user_proc_self_is(guest, "exe") ? g_strdup(user_proc.exe_path) :
           user_path_lookup(guest);
    if (nofollow) {
        struct stat st;

        if (lstat(host, &st) == 0 && S_ISLNK(st.st_mode)) {
            return -ELOOP;
        }
    }
    r = get_strv(argv_addr, argv);
    if (r == 0) {
        r = get_strv(envp_addr, envp);
    }
    if (r < 0) {
        return r;
    }
    return do_execve(guest, host, (char **)argv->pdata,
                     (char **)envp->pdata);
}

static int64_t sys_execve(UserThread *t, const uint64_t *a)
{
    (void)t;
    return exec_common(a[0], a[1], a[2], NULL, false);
}

/*
 * A path the next emulator can open for what dirfd names (a directory,
 * or with AT_EMPTY_PATH the program itself): /proc/self/fd/N is gone
 * there when the guest opened it close-on-exec, as fexecve's callers
 * mostly do. The file's own name while it still has one; else (a memfd,
 * a deleted file) a copy of the descriptor without FD_CLOEXEC in
 * *dup_fd, which the new program then has open too. NULL: -errno in *err.
 */
static char *fd_exec_path(int fd, int *dup_fd, int *err)
{
    g_autofree char *link = g_strdup_printf("/proc/self/fd/%d", fd);
    char target[PATH_MAX];
    struct stat fst, pst;
    ssize_t n;
    int flags;

    *dup_fd = -1;
    if (user_fd_internal(fd) || fstat(fd, &fst) < 0 ||
        (flags = fcntl(fd, F_GETFD)) < 0) {
        *err = -EBADF;
        return NULL;
    }
    n = readlink(link, target, sizeof(target) - 1);
    if (n > 0 && target[0] == '/') {
        target[n] = '\0';
        if (stat(target, &pst) == 0 && pst.st_dev == fst.st_dev &&
            pst.st_ino == fst.st_ino) {
            return g_strdup(target);
        }
    }
    if (!(flags & FD_CLOEXEC)) {
        return g_steal_pointer(&link);
    }
    *dup_fd = fcntl(fd, F_DUPFD, 0);
    if (*dup_fd < 0) {
        *err = -errno;
        return NULL;
    }
    return g_strdup_printf("/proc/self/fd/%d", *dup_fd);
}

static int64_t sys_execveat(UserThread *t, const uint64_t *a)
{
    int dirfd = (int)a[0], flags = (int)a[4], dup_fd = -1;
    g_autofree char *dir = NULL;
    int64_t r;

    (void)t;
    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW)) {
        return -EINVAL;
    }
    if (dirfd != AT_FDCWD) {
        g_autofree char *s = NULL;
        int err = 0;

        r = user_get_string(a[1], PATH_MAX, &s);
        if (r < 0) {
            return r;
        }
        if (!*s && !(flags & AT_EMPTY_PATH)) {
            return -ENOENT;
        }
        if (s[0] != '/') {
            dir = fd_exec_path(dirfd, &dup_fd, &err);
            if (!dir) {
                return err;
            }
        }
    }
    r = exec_common(a[1], a[2], a[3], dir, flags & AT_SYMLINK_NOFOLLOW);
    if (dup_fd >= 0) {
        close(dup_fd);          /* still here: the exec failed */
    }
    return r;
}

/* --- waiting ------------------------------------------------------------------ */

static int64_t sys_wait4(UserThread *t, const uint64_t *a)
{
    struct rusage ru;
    int status = 0;
    pid_t r;

    (void)t;
    if ((a[1] && !user_ptr(a[1], 4, PAGE_WRITE)) ||
        (a[3] && !user_ptr(a[3], sizeof(ru), PAGE_WRITE))) {
        return -EFAULT;
    }
    r = user_safe_syscall(SYS_wait4, (pid_t)a[0], &status, (int)a[2],
                          a[3] ? &ru : NULL);
    if (r < 0) {
        return -errno;
    }
    if (r > 0 && a[1] && user_copy_to(a[1], &status, 4) < 0) {
        return -EFAULT;
    }
    if (a[3] && user_copy_to(a[3], &ru, sizeof(ru)) < 0) {
        return -EFAULT;
    }
    return r;
}

static int64_t sys_waitid(UserThread *t, const uint64_t *a)
{
    siginfo_t si;
    struct rusage ru;
    long r;

    (void)t;
    if ((a[2] && !user_ptr(a[2], sizeof(si), PAGE_WRITE)) ||
        (a[4] && !user_ptr(a[4], sizeof(ru), PAGE_WRITE))) {
        return -EFAULT;
    }
    memset(&si, 0, sizeof(si));
    r = user_safe_syscall(SYS_waitid, (int)a[0], (pid_t)a[1],
                          a[2] ? &si : NULL, (int)a[3], a[4] ? &ru : NULL);
    if (r < 0) {
        return -errno;
    }
    if (a[2] && user_copy_to(a[2], &si, sizeof(si)) < 0) {
        return -EFAULT;
    }
    if (a[4] && user_copy_to(a[4], &ru, sizeof(ru)) < 0) {
        return -EFAULT;
    }
    return r;
}

const UserSyscall user_syscalls_exec[] = {
    { USER_NR_execve, "execve", sys_execve, "spp" },
    { USER_NR_execveat, "execveat", sys_execveat, "fsppx" },
    { USER_NR_wait4, "wait4", sys_wait4, "dpxp" },
    { USER_NR_waitid, "waitid", sys_waitid, "ddpxp" },
    { 0 }
};
