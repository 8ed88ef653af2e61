/*
 * Exercises the file system calls of vireo-riscv64's syscall-file.c and
 * syscall-fs.c; prints results that are the same on any run, to be
 * compared with qemu-riscv64's output. Argument: a scratch directory.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>
#include <elf.h>
#include <sys/auxv.h>

#define CHECK(expr) report(#expr, (long)(expr))

static void report(const char *what, long r)
{
    if (r < 0) {
        printf("%s = -1 %s\n", what, strerrorname_np(errno));
    } else {
        printf("%s = %ld\n", what, r);
    }
}

int main(int argc, char **argv)
{
    char buf[256], buf2[256];
    struct stat st, st2;
    struct statx sx;
    struct statfs sf;
    struct iovec iov[2];
    int fd, fd2, p[2];

    if (argc < 2 || chdir(argv[1]) < 0) {
        fprintf(stderr, "usage: file-calls SCRATCH-DIR\n");
        return 2;
    }
    CHECK(fd = open("a.txt", O_CREAT | O_RDWR | O_TRUNC, 0640));
    CHECK(write(fd, "hello world\n", 12));
    CHECK(pwrite(fd, "HELLO", 5, 0));
    CHECK(pread(fd, buf, 5, 6));
    printf("pread: %.5s\n", buf);
    CHECK(lseek(fd, 0, SEEK_END));
    CHECK(lseek(fd, -6, SEEK_CUR));
    iov[0] = (struct iovec){ buf, 3 };
    iov[1] = (struct iovec){ buf2, 3 };
    CHECK(readv(fd, iov, 2));
    printf("readv: %.3s|%.3s\n", buf, buf2);
    iov[0] = (struct iovec){ "ab", 2 };
    iov[1] = (struct iovec){ "cd", 2 };
    CHECK(pwritev(fd, iov, 2, 12));
    iov[0] = (struct iovec){ buf, 4 };
    CHECK(preadv(fd, iov, 1, 12));
    printf("preadv: %.4s\n", buf);
    CHECK(preadv2(fd, iov, 1, 0, 0));
    CHECK(pwritev2(fd, iov, 1, 16, 0));

    CHECK(fstat(fd, &st));
    printf("fstat: size %ld mode %o nlink %lu blksize>0 %d\n",
           (long)st.st_size, st.st_mode, (unsigned long)st.st_nlink,
           st.st_blksize > 0);
    CHECK(stat("a.txt", &st2));
    printf("stat same ino %d dev %d mtime %d\n", st.st_ino == st2.st_ino,
           st.st_dev == st2.st_dev,
           st.st_mtim.tv_sec == st2.st_mtim.tv_sec &&
           st.st_mtim.tv_nsec == st2.st_mtim.tv_nsec);
    CHECK(statx(AT_FDCWD, "a.txt", 0, STATX_ALL, &sx));
    printf("statx size %llu same ino %d\n", (unsigned long long)sx.stx_size,
           sx.stx_ino == st.st_ino);
    CHECK(fstatat(fd, "", &st2, AT_EMPTY_PATH));
    printf("empty-path same ino %d\n", st.st_ino == st2.st_ino);
    CHECK(stat("nonexistent", &st2));
    CHECK(statfs(".", &sf));
    CHECK(fstatfs(fd, &sf));
    printf("statfs bsize>0 %d\n", sf.f_bsize > 0);

    CHECK(fcntl(fd, F_GETFL) & O_ACCMODE);
    CHECK(fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK));
    CHECK(fcntl(fd, F_GETFL) & (O_APPEND | O_NONBLOCK));
    CHECK(fcntl(fd, F_GETFD));
    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC));
    CHECK(fcntl(fd, F_GETFD));
    CHECK(fd2 = fcntl(fd, F_DUPFD, 50));
    CHECK(fcntl(fd2, F_GETFD));
    CHECK(close(fd2));
    CHECK(fd2 = fcntl(fd, F_DUPFD_CLOEXEC, 60));
    CHECK(fcntl(fd2, F_GETFD));
    CHECK(close(fd2));
    {
        struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
                            .l_start = 2, .l_len = 4 };
        CHECK(fcntl(fd, F_SETLK, &fl));
        fl.l_type = F_RDLCK;
        CHECK(fcntl(fd, F_OFD_GETLK, &fl));
        printf("ofd getlk type %d start %ld len %ld\n", fl.l_type,
               (long)fl.l_start, (long)fl.l_len);
        fl.l_type = F_UNLCK;
        CHECK(fcntl(fd, F_SETLK, &fl));
    }
    CHECK(fcntl(fd, 9999));
    CHECK(flock(fd, LOCK_EX));
    CHECK(flock(fd, LOCK_UN));
    CHECK(fd2 = dup(fd));
    CHECK(dup3(fd, 40, O_CLOEXEC));
    CHECK(fcntl(40, F_GETFD));
    CHECK(dup3(fd, fd, 0));
    CHECK(close(40));
    CHECK(close(fd2));
    CHECK(close(fd2));
    CHECK(ftruncate(fd, 5));
    CHECK(fallocate(fd, 0, 0, 8192) == 0 || errno == EOPNOTSUPP);
    CHECK(fsync(fd));
    CHECK(fdatasync(fd));
    CHECK(syncfs(fd));
    CHECK(sync_file_range(fd, 0, 0, 0));
    CHECK(posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL));
    CHECK(fchmod(fd, 0600));
    CHECK(fchown(fd, -1, -1));
    CHECK(truncate("a.txt", 3));
    CHECK(fstat(fd, &st));
    printf("after truncate size %ld mode %o\n", (long)st.st_size,
           st.st_mode & 07777);

    CHECK(pipe2(p, O_CLOEXEC));
    CHECK(fcntl(p[1], F_GETPIPE_SZ) > 0);
    CHECK(fcntl(p[1], F_SETPIPE_SZ, 65536));
    CHECK(write(p[1], "pipe!", 5));
    {
        int n = -1;
        CHECK(ioctl(p[0], FIONREAD, &n));
        printf("FIONREAD %d\n", n);
        n = 1;
        CHECK(ioctl(p[0], FIONBIO, &n));
        CHECK(fcntl(p[0], F_GETFL) & O_NONBLOCK);
        CHECK(ioctl(p[0], FIONCLEX));
        CHECK(fcntl(p[0], F_GETFD));
        CHECK(ioctl(p[0], FIOCLEX));
        CHECK(fcntl(p[0], F_GETFD));
    }
    CHECK(read(p[0], buf, sizeof(buf)));
    CHECK(read(p[0], buf, sizeof(buf)));
    {
        struct termios tio;
        struct winsize ws;
        CHECK(tcgetattr(p[0], &tio));
        CHECK(ioctl(p[0], TIOCGWINSZ, &ws));
        CHECK(ioctl(p[0], 0x12345678, 0));
    }
    CHECK(lseek(fd, 0, SEEK_SET));
    CHECK(sendfile(p[1], fd, NULL, 3));
    CHECK(read(p[0], buf, 3));
    printf("sendfile: %.3s\n", buf);
    {
        off_t in = 0, out = 0;
        CHECK(fd2 = open("b.txt", O_CREAT | O_RDWR | O_TRUNC, 0644));
        CHECK(copy_file_range(fd, &in, fd2, &out, 3, 0));
        printf("cfr offsets %ld %ld\n", (long)in, (long)out);
        CHECK(write(p[1], "spl", 3));
        out = 3;
        CHECK(splice(p[0], NULL, fd2, &out, 3, 0));
        CHECK(pread(fd2, buf, 6, 0));
        printf("b.txt: %.6s\n", buf);
        CHECK(close(fd2));
    }
    CHECK(close(p[0]));
    CHECK(close(p[1]));

    CHECK(mkdir("d", 0755));
    CHECK(mkdir("d", 0755));
    CHECK(mknodat(AT_FDCWD, "d/fifo", S_IFIFO | 0600, 0));
    CHECK(symlink("../a.txt", "d/link"));
    CHECK(readlink("d/link", buf, sizeof(buf)));
    CHECK(linkat(AT_FDCWD, "a.txt", AT_FDCWD, "d/hard", 0));
    CHECK(stat("a.txt", &st));
    printf("nlink %lu\n", (unsigned long)st.st_nlink);
    CHECK(lstat("d/link", &st));
    printf("lstat link %d\n", S_ISLNK(st.st_mode));
    CHECK(renameat2(AT_FDCWD, "d/hard", AT_FDCWD, "d/hard2", RENAME_NOREPLACE));
    CHECK(renameat2(AT_FDCWD, "d/hard2", AT_FDCWD, "d/link", RENAME_NOREPLACE));
    CHECK(rename("d/hard2", "d/hard3"));
    CHECK(access("d/hard3", R_OK | W_OK));
    CHECK(access("d/nope", F_OK));
    CHECK(faccessat(AT_FDCWD, "d/hard3", X_OK, AT_EACCESS));
    CHECK(chmod("d/hard3", 0700));
    CHECK(fchmodat(AT_FDCWD, "d/hard3", 0644, 0));
    CHECK(chown("d/hard3", -1, -1));
    CHECK(lchown("d/link", -1, -1));
    {
        struct timespec ts[2] = { { 1000000000, 5 }, { 1100000000, 7 } };
        CHECK(utimensat(AT_FDCWD, "d/hard3", ts, 0));
        CHECK(stat("d/hard3", &st));
        printf("times %ld.%ld %ld.%ld\n", (long)st.st_atim.tv_sec,
               st.st_atim.tv_nsec, (long)st.st_mtim.tv_sec,
               st.st_mtim.tv_nsec);
        CHECK(fd2 = open("d/hard3", O_RDONLY));
        CHECK(futimens(fd2, ts));
        CHECK(close(fd2));
    }
    {
        DIR *d = opendir("d");
        struct dirent *e;
        int n = 0;
        while ((e = readdir(d))) {
            n++;
        }
        printf("dir entries %d\n", n);
        closedir(d);
    }
    CHECK(unlink("d/link"));
    CHECK(unlink("d/fifo"));
    CHECK(unlink("d/hard3"));
    CHECK(unlinkat(AT_FDCWD, "d", AT_REMOVEDIR));
    CHECK(rmdir("d"));
    CHECK(mkdir("e", 0700));
    CHECK(chdir("e"));
    CHECK(getcwd(buf, sizeof(buf)) != NULL);
    printf("cwd ends with /e: %d\n", !strcmp(strrchr(buf, '/'), "/e"));
    CHECK(syscall(SYS_getcwd, buf, 2));
    CHECK(fd2 = open("..", O_RDONLY | O_DIRECTORY));
    CHECK(fchdir(fd2));
    CHECK(close(fd2));
    CHECK(rmdir("e"));
    CHECK(umask(027));
    CHECK(umask(022));
    CHECK(chroot("/nonexistent"));

    CHECK(fd2 = memfd_create("vireo", MFD_CLOEXEC));
    CHECK(write(fd2, "memfd", 5));
    CHECK(fcntl(fd2, F_ADD_SEALS, F_SEAL_WRITE) < 0);
    CHECK(close(fd2));
    CHECK(fd2 = memfd_create("vireo", MFD_ALLOW_SEALING));
    CHECK(fcntl(fd2, F_ADD_SEALS, F_SEAL_GROW));
    CHECK(fcntl(fd2, F_GET_SEALS));
    CHECK(close(fd2));
    CHECK(fd2 = inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
    {
        int w;
        struct inotify_event *ev = (void *)buf;
        CHECK(w = inotify_add_watch(fd2, ".", IN_CREATE));
        CHECK(close(open("c.txt", O_CREAT | O_WRONLY, 0644)));
        CHECK(read(fd2, buf, sizeof(buf)) > 0);
        printf("inotify mask %x name %s\n", ev->mask, ev->name);
        CHECK(inotify_rm_watch(fd2, w));
        CHECK(unlink("c.txt"));
    }
    CHECK(close(fd2));

    /* /proc/self: the guest program, not the emulator */
    {
        ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
        buf[n > 0 ? n : 0] = 0;
        printf("exe ends with file-calls: %d\n",
               strstr(buf, "file-calls") != NULL);
        CHECK(fd2 = open("/proc/self/exe", O_RDONLY));
        CHECK(read(fd2, buf, 4));
        printf("exe is riscv ELF: %d\n", !memcmp(buf, ELFMAG, 4));
        CHECK(pread(fd2, buf, 2, 18));
        printf("e_machine %d\n", buf[0] | buf[1] << 8);
        CHECK(close(fd2));
        CHECK(fd2 = open("/proc/self/auxv", O_RDONLY));
        {
            Elf64_auxv_t av[64];
            ssize_t len = read(fd2, av, sizeof(av));
            int found = 0;
            for (int i = 0; i < len / (ssize_t)sizeof(av[0]); i++) {
                if (av[i].a_type == AT_PAGESZ) {
                    found = av[i].a_un.a_val == getauxval(AT_PAGESZ);
                }
            }
            printf("auxv AT_PAGESZ matches %d\n", found);
        }
        CHECK(close(fd2));
        FILE *f = fopen("/proc/self/maps", "r");
        int stack = 0, self = 0;
        while (f && fgets(buf, sizeof(buf), f)) {
            stack |= strstr(buf, "[stack]") != NULL;
            self |= strstr(buf, "file-calls") != NULL &&
                    strstr(buf, "r-x") != NULL;
        }
        printf("maps: program text %d\n", self);
        if (f) {
            fclose(f);
        }
    }
    CHECK(unlink("a.txt"));
    CHECK(unlink("b.txt"));
    CHECK(close(fd));
    CHECK(close(fd));
    {
        char *volatile bad = (char *)8;
        CHECK(write(1, bad, 10));
        CHECK(open(bad, O_RDONLY));
        CHECK(fstat(0, (struct stat *)bad));
    }
    return 0;
}
