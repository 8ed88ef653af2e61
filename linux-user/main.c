/*
 * vireo-riscv64: runs one riscv64 Linux program on this host. The
 * command line (options in QEMU's user-mode spelling, then the program
 * and its arguments), the guest address space, the first thread, and
 * the hand-over to the CPU loop.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "user-internal.h"
#include "accel/accel.h"
#include "util/error.h"
#include "util/log.h"
#include "util/main-loop.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The guest address space: Sv39's user half (256 GiB) with room above
 * for programs that map higher with MAP_FIXED.
 */
#define GUEST_ADDR_BITS 40
#define STACK_TOP (1ull << 38)
#define MMAP_BASE 0x3000000000ull
/*
 * The translated-code buffer in MiB unless -accel tcg,tb-size= says.
 * The system emulator's 32 MiB holds a kernel's hot code, but one
 * process of a large program holds far more: gcc's cc1 at -O2
 * translates about 120,000 blocks into some 150 MiB of host code, and
 * at 32 MiB it flushed the cache and translated every block again and
 * again (3.7 translations per block, twice qemu-riscv64's time). Pages
 * of the buffer cost memory only once code is written to them.
 */
#define USER_TB_SIZE_MIB "512"

UserProcess user_proc;

typedef struct Options {
    const char *argv0;
    const char *cpu;
    const char *log;
    const char *logfile;
    const char *accel_backend;
    const char *tb_size;        /* MiB, digits */
    const char *gdb_port;
    bool one_insn;
    GPtrArray *set_env;         /* NAME=VALUE */
    GPtrArray *unset_env;       /* NAME */
} Options;

static void usage(FILE *out)
{
    fprintf(out,
"usage: vireo-riscv64 [options] program [arguments...]\n"
"Runs a riscv64 Linux program on this host.\n"
"\n"
"Options (each also as an environment variable):\n"
"  -h, -help            print this help and exit\n"
"  -version             print the version and exit\n"
"  -L path              look up absolute guest paths (the dynamic linker,\n"
"                       libraries) under path first       VIREO_LD_PREFIX\n"
"  -E var=value         set var in the program's environment\n"
"  -U var               remove var from the program's environment\n"
"  -0 argv0             the program's argv[0] (default: program)\n"
"  -cpu model[,opts]    the CPU (default rv64; -cpu help)  VIREO_CPU\n"
"  -d item1,...         log items (-d help)                VIREO_LOG\n"
"  -D logfile           log to logfile instead of stderr\n"
"  -strace              print every system call            VIREO_STRACE\n"
"  -one-insn-per-tb     translate one instruction per block\n"
"  -accel tcg[,backend=native|tci][,tb-size=MiB]\n"
"                       the translator: tci runs its interpreter; the\n"
"                       code buffer size (default " USER_TB_SIZE_MIB " MiB)\n"
"  -g port|path         wait for gdb on a TCP port (or a unix socket\n"
"                       path) before the first instruction  VIREO_GDB\n");
}

static G_NORETURN void die(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
static G_NORETURN void die(const char *fmt, ...)
{
    va_list ap;

    fputs("vireo-riscv64: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

/* -accel tcg[,backend=native|tci][,tb-size=MiB] */
static void parse_accel(Options *o, const char *v)
{
    g_auto(GStrv) parts = g_strsplit(v, ",", -1);

    if (strcmp(parts[0], "tcg")) {
        die("-accel '%s': user mode runs tcg[,backend=native|tci]"
            "[,tb-size=MiB]", v);
    }
    o->accel_backend = "native";
    for (int i = 1; parts[i]; i++) {
        const char *p = parts[i];

        if (!strcmp(p, "backend=native")) {
            o->accel_backend = "native";
        } else if (!strcmp(p, "backend=tci")) {
            o->accel_backend = "tci";
        } else if (g_str_has_prefix(p, "tb-size=") && p[8] &&
                   strspn(p + 8, "0123456789") == strlen(p + 8) &&
                   strlen(p + 8) <= 6 && atoi(p + 8) > 0) {
            /* what the next program gets too (record_reexec_opts) */
            o->tb_size = g_intern_string(p + 8);
        } else {
            die("-accel '%s': unknown or bad option '%s' (backend=native|"
                "tci, tb-size=MiB from 1)", v, p);
        }
    }
}

static const char *need_arg(int argc, char **argv, int i)
{
    if (i + 1 >= argc) {
        die("option '%s' needs an argument", argv[i]);
    }
    return argv[i + 1];
}

/* Parse the options; returns the index of the program argument. */
static int parse_options(int argc, char **argv, Options *o)
{
    int i;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];

        if (a[0] != '-') {
            break;
        }
        if (!strcmp(a, "--")) {
            i++;
            break;
        }
        if (a[1] == '-') {
            a++;                /* --opt is -opt, as QEMU takes it */
        }
        if (!strcmp(a, "-h") || !strcmp(a, "-help")) {
            usage(stdout);
            exit(0);
        } else if (!strcmp(a, "-version")) {
            printf("vireo-riscv64 version %s\n", VIREO_VERSION);
            exit(0);
        } else if (!strcmp(a, "-L")) {
            user_proc.sysroot = need_arg(argc, argv, i++);
        } else if (!strcmp(a, "-E")) {
            const char *v = need_arg(argc, argv, i++);

            if (!strchr(v, '=')) {
                die("-E '%s': expected NAME=VALUE", v);
            }
            g_ptr_array_add(o->set_env, (gpointer)v);
        } else if (!strcmp(a, "-U")) {
            g_ptr_array_add(o->unset_env, (gpointer)need_arg(argc, argv,
                                                             i++));
        } else if (!strcmp(a, "-0")) {
            o->argv0 = need_arg(argc, argv, i++);
        } else if (!strcmp(a, "-cpu")) {
            o->cpu = need_arg(argc, argv, i++);
        } else if (!strcmp(a, "-d")) {
            o->log = need_arg(argc, argv, i++);
        } else if (!strcmp(a, "-D")) {
            o->logfile = need_arg(argc, argv, i++);
        } else if (!strcmp(a, "-strace")) {
            user_proc.strace = true;
        } else if (!strcmp(a, "-one-insn-per-tb") ||
                   !strcmp(a, "-singlestep")) {
            o->one_insn = true;
        } else if (!strcmp(a, "-accel")) {
            parse_accel(o, need_arg(argc, argv, i++));
        } else if (!strcmp(a, "-g")) {
            o->gdb_port = need_arg(argc, argv, i++);
        } else {
            die("unknown option '%s' (try -help)", argv[i]);
        }
    }
    return i;
}

/* The options a riscv64 program's execve re-runs us with. */
static void record_reexec_opts(const Options *o)
{
    GPtrArray *r = g_ptr_array_new();

    if (user_proc.sysroot) {
        g_ptr_array_add(r, "-L");
        g_ptr_array_add(r, (gpointer)user_proc.sysroot);
    }
    if (o->cpu) {
        g_ptr_array_add(r, "-cpu");
        g_ptr_array_add(r, (gpointer)o->cpu);
    }
    if (o->log) {
        g_ptr_array_add(r, "-d");
        g_ptr_array_add(r, (gpointer)o->log);
    }
    if (o->logfile) {
        g_ptr_array_add(r, "-D");
        g_ptr_array_add(r, (gpointer)o->logfile);
    }
    if (user_proc.strace) {
        g_ptr_array_add(r, "-strace");
    }
    if (o->one_insn) {
        g_ptr_array_add(r, "-one-insn-per-tb");
    }
    if (o->accel_backend) {
        g_ptr_array_add(r, "-accel");
        /* kept for the process's life, as the array is */
        g_ptr_array_add(r, o->tb_size ?
            g_strdup_printf("tcg,backend=%s,tb-size=%s", o->accel_backend,
                            o->tb_size) :
            g_strdup_printf("tcg,backend=%s", o->accel_backend));
    }
    user_proc.reexec_opts = r;
}

static char **build_env(const Options *o)
{
    char **env = g_get_environ();

    for (guint i = 0; i < o->unset_env->len; i++) {
        env = g_environ_unsetenv(env, g_ptr_array_index(o->unset_env, i));
    }
    for (guint i = 0; i < o->set_env->len; i++) {
        const char *kv = g_ptr_array_index(o->set_env, i);
        g_autofree char *k = g_strndup(kv, strchr(kv, '=') - kv);

        env = g_environ_setenv(env, k, strchr(kv, '=') + 1, TRUE);
    }
    return env;
}

/* A guest access fault: the guest gets SIGSEGV/SIGBUS (signal.c). */
static void guest_fault(CPUState *cpu, int signo, uint64_t addr,
                        MMUAccessType type, int si_code)
{
    (void)type;
    g_assert(user_self && user_self->cpu == cpu);
    user_force_signal(user_self, signo, si_code, addr);
    tcg_cpu_set_exception_index(cpu, EXCP_INTERRUPT);
}

int main(int argc, char **argv)
{
    Options o = {
        .set_env = g_ptr_array_new(),
        .unset_env = g_ptr_array_new(),
    };
    const char *props[4] = { NULL, NULL, NULL, NULL };
    g_autofree char *backend = NULL;
    g_autofree char *tb_size = NULL;
    g_auto(GStrv) env = NULL;
    GError *err = NULL;
    UserImage img;
    CPUState *cpu;
    UserThread *t;
    char **gargv;
    uint64_t sp;
    int prog, log_mask = 0;
    const char *s;

    user_rlimits_inherit();
    if ((s = getenv("VIREO_LD_PREFIX"))) {
        user_proc.sysroot = s;
    }
    if ((s = getenv("VIREO_STRACE"))) {
        user_proc.strace = true;
    }
    o.cpu = getenv("VIREO_CPU");
    o.log = getenv("VIREO_LOG");
    o.gdb_port = getenv("VIREO_GDB");
    prog = parse_options(argc, argv, &o);

    if (o.log) {
        if (!strcmp(o.log, "help")) {
            vireo_log_print_help(stdout);
            exit(0);
        }
        if (!vireo_log_parse_items(o.log, &log_mask, &err)) {
            die("-d: %s", err->message);
        }
    }
    if (o.logfile && !vireo_log_set_file(o.logfile, &err)) {
        die("-D: %s", err->message);
    }
    vireo_loglevel = log_mask;
    if (o.cpu && !strcmp(o.cpu, "help")) {
        cpu_print_models(stdout);
        printf("Extensions are switched with properties, e.g. "
               "-cpu rv64,zbb=off\n");
        exit(0);
    }
    if (prog >= argc) {
        die("no program given (try -help)");
    }
    record_reexec_opts(&o);

    user_proc.exe_path = realpath(argv[prog], NULL);
    if (!user_proc.exe_path && access(argv[prog], F_OK) == 0) {
        /* a memfd's /proc/self/fd/N (fexecve): no name to resolve to */
        user_proc.exe_path = strdup(argv[prog]);
    }
    if (!user_proc.exe_path) {
        die("'%s': %s", argv[prog], g_strerror(errno));
    }
    user_proc.vireo_path = realpath("/proc/self/exe", NULL);
    user_proc.stack_top = STACK_TOP;
    user_proc.mmap_base = MMAP_BASE;
    g_mutex_init(&user_proc.lock);

    /* the translator, the address space, the first CPU */
    bql_lock();
    tb_size = g_strconcat("tb-size=", o.tb_size ? o.tb_size
                                                 : USER_TB_SIZE_MIB, NULL);
    props[0] = tb_size;
    if (o.accel_backend) {
        backend = g_strconcat("backend=", o.accel_backend, NULL);
        props[1] = backend;
    }
    if (o.one_insn) {
        props[props[1] ? 2 : 1] = "one-insn-per-tb=on";
    }
    if (!accel_init_machine("tcg", props, NULL, &err) ||
        !tcg_user_init(GUEST_ADDR_BITS, &err)) {
        die("%s", err->message);
    }
    tcg_user_set_segv_hook(guest_fault);
    cpu = user_target_cpu_create(o.cpu ? o.cpu : "rv64", &err);
    if (!cpu) {
        die("-cpu: %s", err->message);
    }
    bql_unlock();

    t = user_thread_new(cpu);
    user_self = t;
    user_syscall_init();
    user_signal_init();
    user_signal_thread_init(t, NULL);

    if (!user_load_program(argv[prog], &img, &err)) {
        die("%s", err->message);
    }
    user_proc.brk_start = user_proc.brk = img.end;

    gargv = g_new0(char *, argc - prog + 1);
    gargv[0] = (char *)(o.argv0 ? o.argv0 : argv[prog]);
    for (int i = prog + 1; i < argc; i++) {
        gargv[i - prog] = argv[i];
    }
    env = build_env(&o);
    sp = user_setup_stack(&img, gargv, env, argv[prog], &err);
    if (!sp) {
        die("%s", err->message);
    }
    g_free(gargv);
    user_target_init_regs(cpu, img.entry, sp);
    if (o.gdb_port && !user_gdb_start(o.gdb_port, t, &err)) {
        die("%s", err->message);
    }
    user_target_cpu_loop(t);
}
