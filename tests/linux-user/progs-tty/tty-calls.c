/*
 * Terminal ioctls under vireo-riscv64 on a pseudo-terminal pair:
 * tcsendbreak (TCSBRK/TCSBRKP), break on/off, packet mode, exclusive
 * mode, TIOCSIG, window size; CPython's test_termios and test_pty use
 * them.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static void show(const char *what, int r)
{
    printf("%s %d%s%s\n", what, r, r < 0 ? " " : "",
           r < 0 ? strerror(errno) : "");
}

int main(void)
{
    int m = posix_openpt(O_RDWR | O_NOCTTY), s, v;
    struct winsize ws = { .ws_row = 24, .ws_col = 80 };

    if (m < 0 || grantpt(m) || unlockpt(m)) {
        perror("posix_openpt");
        return 1;
    }
    s = open(ptsname(m), O_RDWR | O_NOCTTY);
    if (s < 0) {
        perror("open slave");
        return 1;
    }
    show("tcsendbreak 0", tcsendbreak(s, 0));
    show("tcsendbreak 1", tcsendbreak(s, 1));
    show("TCSBRKP", ioctl(s, TCSBRKP, 0));
    show("TIOCSBRK", ioctl(s, TIOCSBRK));
    show("TIOCCBRK", ioctl(s, TIOCCBRK));
    v = 1;
    show("TIOCPKT", ioctl(m, TIOCPKT, &v));
    v = -1;
    show("TIOCGPKT", ioctl(m, TIOCGPKT, &v));
    printf("packet mode %d\n", v);
    show("TIOCEXCL", ioctl(s, TIOCEXCL));
    v = -1;
    show("TIOCGEXCL", ioctl(s, TIOCGEXCL, &v));
    printf("exclusive %d\n", v);
    show("TIOCNXCL", ioctl(s, TIOCNXCL));
    /* no session: SIGINT has nobody to go to, but the call works; a pty
     * sends only the terminal signals */
    signal(SIGINT, SIG_IGN);
    show("TIOCSIG", ioctl(m, TIOCSIG, SIGINT));
    show("TIOCSIG SIGUSR1", ioctl(m, TIOCSIG, SIGUSR1));
    show("TIOCSWINSZ", ioctl(s, TIOCSWINSZ, &ws));
    memset(&ws, 0, sizeof(ws));
    show("TIOCGWINSZ", ioctl(m, TIOCGWINSZ, &ws));
    printf("winsize %dx%d\n", ws.ws_col, ws.ws_row);
    show("TIOCGPKT bad pointer", ioctl(m, TIOCGPKT, (int *)8));
    show("tcsendbreak not a tty", tcsendbreak(0, 1));
    return 0;
}
