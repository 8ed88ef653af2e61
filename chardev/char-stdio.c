/*
 * The stdio backend: input from fd 0, output to fd 1. When stdin is a
 * terminal it goes into raw mode (no echo, no line editing; with
 * signal=off Ctrl-C reaches the guest too) and is put back on every way
 * out: chardev_free, exit(), and a fatal signal whose handler was still
 * the default, through an async-signal-safe tcsetattr.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "chardev/char-fd.h"
#include "util/error.h"

#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

static const ChardevOptDesc stdio_options[] = {
    { "signal", CHR_OPT_BOOL },
    { NULL }
};

static Chardev *stdio_owner;
static struct termios saved_tty;
static struct termios raw_tty;
static volatile sig_atomic_t tty_is_raw;

void chardev_stdio_restore_tty(void)
{
    if (tty_is_raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
    }
}

static void stdio_fatal_signal(int sig)
{
    /* SA_RESETHAND made the action default again: restore, then die. */
    chardev_stdio_restore_tty();
    raise(sig);
}

static void install_restore_hooks(void)
{
    static bool installed;
    static const int sigs[] = {
        SIGTERM, SIGINT, SIGHUP, SIGQUIT,
        SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
    };

    if (installed) {
        return;
    }
    installed = true;
    atexit(chardev_stdio_restore_tty);
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++) {
        struct sigaction old, sa = { .sa_handler = stdio_fatal_signal,
                                     .sa_flags = SA_RESETHAND };

        /* A handler someone else set stays; theirs ends in exit(). */
        if (sigaction(sigs[i], NULL, &old) == 0 &&
            !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_DFL) {
            sigemptyset(&sa.sa_mask);
            sigaction(sigs[i], &sa, NULL);
        }
    }
}

static void stdio_make_raw(bool allow_signals)
{
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_tty) < 0) {
        return;
    }
    raw_tty = saved_tty;
    raw_tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                         ICRNL | IXON);
    /* Keep output processing so a guest's "\n" still starts a line. */
    raw_tty.c_oflag |= OPOST;
    raw_tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!allow_signals) {
        raw_tty.c_lflag &= ~ISIG;
    }
    raw_tty.c_cflag &= ~(CSIZE | PARENB);
    raw_tty.c_cflag |= CS8;
    raw_tty.c_cc[VMIN] = 1;
    raw_tty.c_cc[VTIME] = 0;
    install_restore_hooks();
    tty_is_raw = 1;
    tcsetattr(STDIN_FILENO, TCSANOW, &raw_tty);
}

static bool stdio_open(Chardev *chr, const ChardevOpts *opts, GError **errp)
{
    if (stdio_owner) {
        vireo_error_set(errp, VIREO_ERROR_INVALID,
                        "stdio is already used by chardev '%s'",
                        stdio_owner->label);
        return false;
    }
    stdio_owner = chr;
    stdio_make_raw(chardev_opt_get_bool(opts, "signal", true));
    chardev_fd_start((ChardevFd *)chr, STDIN_FILENO, STDOUT_FILENO,
                     NULL);
    return true;
}

static void stdio_set_echo(Chardev *chr, bool echo)
{
    if (!tty_is_raw) {
        return;
    }
    if (echo) {
        raw_tty.c_lflag |= ECHO;
    } else {
        raw_tty.c_lflag &= ~ECHO;
    }
    tcsetattr(STDIN_FILENO, TCSANOW, &raw_tty);
}

static void stdio_close(Chardev *chr)
{
    chardev_fd_stop((ChardevFd *)chr, false);
    chardev_stdio_restore_tty();
    tty_is_raw = 0;
    stdio_owner = NULL;
}

const ChardevOps chardev_stdio_ops = {
    .name = "stdio",
    .instance_size = sizeof(ChardevFd),
    .options = stdio_options,
    .open = stdio_open,
    .write = chardev_fd_write,
    .out_fd = chardev_fd_out_fd,
    .set_echo = stdio_set_echo,
    .close = stdio_close,
};
