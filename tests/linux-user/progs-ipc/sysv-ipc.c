/*
 * System V IPC under vireo-riscv64: message queues, semaphore sets
 * (semid_ds is the one structure laid out differently from x86-64's)
 * and shared memory shared with a fork child, attached at a chosen
 * address, read-only, detached; and the calls' errors.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

union semun {
    int val;
    struct semid_ds *buf;
    unsigned short *array;
};

static void show(const char *what, long r)
{
    printf("%s %ld%s%s\n", what, r, r < 0 ? " " : "",
           r < 0 ? strerror(errno) : "");
}

static void msg_tests(void)
{
    struct { long type; char text[32]; } m;
    struct msqid_ds ds;
    struct msginfo info;
    int q = msgget(IPC_PRIVATE, 0600);

    show("msgget ok", q >= 0 ? 0 : -1);
    m.type = 2;
    strcpy(m.text, "hello");
    show("msgsnd", msgsnd(q, &m, 6, 0));
    m.type = 1;
    strcpy(m.text, "world!");
    show("msgsnd", msgsnd(q, &m, 7, 0));
    show("msgctl IPC_STAT", msgctl(q, IPC_STAT, &ds));
    printf("qnum %lu cbytes %lu mode %o lspid ok %d\n",
           (unsigned long)ds.msg_qnum, (unsigned long)ds.__msg_cbytes,
           ds.msg_perm.mode & 0777, ds.msg_lspid == getpid());
    show("msgrcv small", msgrcv(q, &m, 3, 0, 0));
    show("msgrcv noerror", msgrcv(q, &m, 3, 0, MSG_NOERROR));
    printf("type %ld text %.3s\n", m.type, m.text);
    show("msgrcv type 1", msgrcv(q, &m, sizeof(m.text), 1, 0));
    printf("type %ld text %s\n", m.type, m.text);
    show("msgrcv empty", msgrcv(q, &m, sizeof(m.text), 0, IPC_NOWAIT));
    show("msgsnd bad pointer", msgsnd(q, (void *)8, 6, 0));
    ds.msg_perm.mode = 0640;
    show("msgctl IPC_SET", msgctl(q, IPC_SET, &ds));
    msgctl(q, IPC_STAT, &ds);
    printf("mode %o\n", ds.msg_perm.mode & 0777);
    show("msgctl IPC_INFO ok", msgctl(0, IPC_INFO, (void *)&info) >= 0 ?
         0 : -1);
    show("msgctl bad cmd", msgctl(q, 12345, &ds));
    show("msgctl IPC_RMID", msgctl(q, IPC_RMID, NULL));
    show("msgsnd removed", msgsnd(q, &m, 6, 0));
}

static void sem_tests(void)
{
    unsigned short vals[3] = { 1, 2, 3 };
    struct timespec tmo = { 0, 10 * 1000 * 1000 };
    struct sembuf op = { 0, -1, 0 };
    struct semid_ds ds;
    int s = semget(IPC_PRIVATE, 3, 0600), st;
    pid_t pid;

    show("semget ok", s >= 0 ? 0 : -1);
    show("SETALL", semctl(s, 0, SETALL, (union semun){ .array = vals }));
    memset(vals, 0, sizeof(vals));
    show("GETALL", semctl(s, 0, GETALL, (union semun){ .array = vals }));
    printf("values %d %d %d\n", vals[0], vals[1], vals[2]);
    show("SETVAL", semctl(s, 2, SETVAL, (union semun){ .val = 5 }));
    show("GETVAL", semctl(s, 2, GETVAL));
    show("semop", semop(s, &op, 1));
    show("GETVAL 0", semctl(s, 0, GETVAL));
    show("GETPID ok", semctl(s, 0, GETPID) == getpid() ? 0 : -1);
    show("semtimedop times out", semtimedop(s, &op, 1, &tmo));
    op.sem_flg = IPC_NOWAIT;
    show("semop nowait", semop(s, &op, 1));
    show("IPC_STAT", semctl(s, 0, IPC_STAT, (union semun){ .buf = &ds }));
    printf("nsems %lu mode %o otime set %d\n", (unsigned long)ds.sem_nsems,
           ds.sem_perm.mode & 0777, ds.sem_otime != 0);
    ds.sem_perm.mode = 0640;
    show("IPC_SET", semctl(s, 0, IPC_SET, (union semun){ .buf = &ds }));
    memset(&ds, 0, sizeof(ds));
    semctl(s, 0, IPC_STAT, (union semun){ .buf = &ds });
    printf("nsems %lu mode %o\n", (unsigned long)ds.sem_nsems,
           ds.sem_perm.mode & 0777);
    show("IPC_STAT bad pointer", semctl(s, 0, IPC_STAT,
                                        (union semun){ .buf = (void *)8 }));
    /* a child posts what the parent waits for */
    pid = fork();
    if (pid == 0) {
        struct sembuf post = { 1, 3, 0 };

        usleep(100 * 1000);
        _exit(semop(s, &post, 1) ? 1 : 0);
    }
    op = (struct sembuf){ 1, -5, 0 };
    show("semop wait", semop(s, &op, 1));
    waitpid(pid, &st, 0);
    printf("child %d value %d\n", WEXITSTATUS(st), semctl(s, 1, GETVAL));
    show("semop no ops", semop(s, &op, 0));
    show("IPC_RMID", semctl(s, 0, IPC_RMID));
    show("GETVAL removed", semctl(s, 0, GETVAL));
}

static sigjmp_buf jump;

static void on_segv(int sig)
{
    siglongjmp(jump, 1);
}

static void shm_tests(void)
{
    int id = shmget(IPC_PRIVATE, 10000, 0600), st;
    struct shmid_ds ds;
    char *p, *q;
    pid_t pid;

    show("shmget ok", id >= 0 ? 0 : -1);
    p = shmat(id, NULL, 0);
    show("shmat", p == (void *)-1 ? -1 : 0);
    strcpy(p, "parent");
    strcpy(p + 9000, "far");
    pid = fork();
    if (pid == 0) {
        char *c = shmat(id, NULL, 0);

        printf("child sees %s %s, second attach %s\n", c, c + 9000,
               c != p ? "elsewhere" : "same");
        strcpy(c, "child");
        shmdt(c);
        _exit(0);
    }
    waitpid(pid, &st, 0);
    printf("parent sees %s\n", p);
    show("IPC_STAT", shmctl(id, IPC_STAT, &ds));
    printf("segsz %lu nattch %lu mode %o cpid ok %d\n",
           (unsigned long)ds.shm_segsz, (unsigned long)ds.shm_nattch,
           ds.shm_perm.mode & 0777, ds.shm_cpid == getpid());
    show("shmdt", shmdt(p));
    show("shmdt again", shmdt(p));
    show("shmdt inside", shmdt(p + 4096));
    q = shmat(id, p, 0);
    printf("fixed address %s, still there: %s\n", q == p ? "kept" : "moved",
           q);
    shmdt(q);
    show("shmat misaligned", (long)shmat(id, p + 1, 0));
    q = shmat(id, p + 1, SHM_RND);
    printf("SHM_RND %s\n", q == p ? "rounded down" : "elsewhere");
    /* attached over a mapping only with SHM_REMAP */
    show("shmat over", (long)shmat(id, p, 0));
    show("shmat remap", shmat(id, p, SHM_REMAP) == p ? 0 : -1);
    shmdt(p);
    q = shmat(id, NULL, SHM_RDONLY);
    printf("read-only reads %s\n", q);
    signal(SIGSEGV, on_segv);
    if (!sigsetjmp(jump, 1)) {
        q[0] = 'x';
        printf("read-only write went through\n");
    } else {
        printf("read-only write faults\n");
    }
    signal(SIGSEGV, SIG_DFL);
    shmdt(q);
    show("shmctl bad cmd", shmctl(id, 12345, &ds));
    show("IPC_RMID", shmctl(id, IPC_RMID, NULL));
    show("shmat removed", (long)shmat(id, NULL, 0));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    msg_tests();
    sem_tests();
    shm_tests();
    return 0;
}
