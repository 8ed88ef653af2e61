/*
 * Files and directories in the temporary directory argv[1]: open, read,
 * write, pread/pwrite, readv/writev, lseek, readdir (getdents64), stat,
 * fstat, fstatat, statx, fcntl, pipe2, dup3, rename, unlink, mkdir,
 * symlink/readlink, access.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "check.h"

int main(int argc, char **argv)
{
    char buf[64], a[4], b[8], link[64];
    struct iovec iov[2];
    struct stat st, st2;
    struct statx stx;
    struct dirent *de;
    int fd, dfd, p[2], seen = 0;
    DIR *dir;

    check_init();
    if (argc < 2 || chdir(argv[1]) != 0) {
        printf("usage: files TMPDIR\n");
        return 2;
    }
    fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0640);
    CHECK(fd >= 0);
    CHECK(write(fd, "hello world\n", 12) == 12);
    CHECK(lseek(fd, 0, SEEK_CUR) == 12);
    CHECK(lseek(fd, 0, SEEK_SET) == 0);
    CHECK(read(fd, buf, sizeof(buf)) == 12 && !memcmp(buf, "hello", 5));
    CHECK(pwrite(fd, "W", 1, 6) == 1);
    CHECK(pread(fd, buf, 5, 6) == 5 && !memcmp(buf, "World", 5));
    CHECK(lseek(fd, 0, SEEK_CUR) == 12);    /* pread/pwrite keep offset */
    iov[0] = (struct iovec){ "abcd", 4 };
    iov[1] = (struct iovec){ "efghijkl", 8 };
    CHECK(writev(fd, iov, 2) == 12);
    CHECK(lseek(fd, 12, SEEK_SET) == 12);
    iov[0] = (struct iovec){ a, sizeof(a) };
    iov[1] = (struct iovec){ b, sizeof(b) };
    CHECK(readv(fd, iov, 2) == 12 && !memcmp(a, "abcd", 4) &&
          !memcmp(b, "efghijkl", 8));
    CHECK(lseek(fd, 100, SEEK_END) == 124);
    CHECK(fstat(fd, &st) == 0 && st.st_size == 24 && S_ISREG(st.st_mode));
    CHECK((st.st_mode & 0777) == 0640);
    CHECK(stat("f", &st2) == 0 && st2.st_ino == st.st_ino);
    CHECK(statx(AT_FDCWD, "f", 0, STATX_SIZE | STATX_INO, &stx) == 0 &&
          stx.stx_size == 24 && stx.stx_ino == st.st_ino);
    CHECK(fcntl(fd, F_GETFD) == 0);
    CHECK(fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 &&
          fcntl(fd, F_GETFD) == FD_CLOEXEC);
    CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    CHECK(dup3(fd, 50, O_CLOEXEC) == 50 && fcntl(50, F_GETFD) == FD_CLOEXEC);
    CHECK(dup3(fd, fd, 0) == -1 && errno == EINVAL);
    CHECK(close(50) == 0 && close(fd) == 0);
    CHECK(close(fd) == -1 && errno == EBADF);

    CHECK(pipe2(p, O_CLOEXEC | O_NONBLOCK) == 0);
    CHECK(read(p[0], buf, 1) == -1 && errno == EAGAIN);
    CHECK(write(p[1], "xy", 2) == 2 && read(p[0], buf, 8) == 2);
    CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) && fcntl(p[1], F_GETFD) == 1);
    close(p[0]);
    close(p[1]);

    CHECK(mkdir("d", 0755) == 0);
    CHECK(mkdir("d", 0755) == -1 && errno == EEXIST);
    CHECK(rename("f", "d/g") == 0);
    CHECK(access("f", F_OK) == -1 && errno == ENOENT);
    CHECK(access("d/g", R_OK | W_OK) == 0);
    dfd = open("d", O_RDONLY | O_DIRECTORY);
    CHECK(dfd >= 0);
    CHECK(fstatat(dfd, "g", &st2, 0) == 0 && st2.st_ino == st.st_ino);
    CHECK(fstatat(dfd, "nope", &st2, 0) == -1 && errno == ENOENT);
    CHECK(symlink("d/g", "l") == 0);
    memset(link, 0, sizeof(link));
    CHECK(readlink("l", link, sizeof(link)) == 3 && !strcmp(link, "d/g"));
    CHECK(lstat("l", &st2) == 0 && S_ISLNK(st2.st_mode));
    CHECK(stat("l", &st2) == 0 && st2.st_ino == st.st_ino);
    CHECK(open("d/g", O_RDONLY | O_CREAT | O_EXCL, 0600) == -1 &&
          errno == EEXIST);
    dir = opendir("d");
    CHECK(dir != NULL);
    while (dir && (de = readdir(dir))) {
        seen |= !strcmp(de->d_name, "g") ? 1 : 0;
        seen |= !strcmp(de->d_name, "..") ? 2 : 0;
        seen |= (!strcmp(de->d_name, "g") && de->d_type == DT_REG) ? 4 : 0;
    }
    CHECK(seen == 7);
    if (dir) {
        closedir(dir);
    }
    CHECK(unlinkat(dfd, "g", 0) == 0);
    CHECK(unlink("d/g") == -1 && errno == ENOENT);
    CHECK(unlink("l") == 0 && rmdir("d") == 0);
    close(dfd);
    CHECK(open("/nonexistent/x", O_RDONLY) == -1 && errno == ENOENT);
    return check_done();
}
