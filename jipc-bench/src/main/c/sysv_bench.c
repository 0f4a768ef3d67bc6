/*
 * sysv_bench MODE ARGS...: the C side of jipc-bench/run-sysv.
 *
 *   sysv_bench copy SEG_BYTES CHUNK_BYTES TOTAL_BYTES [PASSES [CPU]]
 *       pins itself to CPU if given and not -1 (as SysvBench pins its copying thread), creates a private SysV segment, attaches it, and memcpy()s TOTAL_BYTES in CHUNK_BYTES pieces
 *       into it (walking the segment) from a page-aligned buffer, then the same out of it; 3
 *       untimed rounds of both, then PASSES (default 9) timed ones; prints the median of the timed
 *       passes, "IN_GBPS OUT_GBPS" (as dev.jipc.bench.SysvBench measures jipc).
 *
 * Compiled with -shared -fPIC -DSYSV_BENCH_LIB it is a library of one function, sysv_copy_pass (one
 * pass of the copy loop below), which SysvBench calls to run this very C loop inside its JVM,
 * interleaved pass by pass with jipc's loops on the same segment and buffer.
 *   sysv_bench sem ROUND_TRIPS WARM_UP
 *       a private set of two semaphores; the parent adds 1 to #0 and takes 1 from #1, the forked
 *       child takes 1 from #0 and adds 1 to #1 (one semop per step, blocking); prints the mean
 *       nanoseconds per round trip after WARM_UP untimed round trips.
 *   sysv_bench msg ROUND_TRIPS WARM_UP MSG_BYTES
 *       a private queue; the parent sends type 1 and receives type 2, the child receives type 1
 *       and answers type 2 (blocking msgsnd/msgrcv); prints the mean nanoseconds per round trip.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sched.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * One pass of the copy loop: TOTAL bytes in CHUNK pieces, walking the segment, into it from buf
 * (out == 0) or out of it into buf; returns a byte sum so the reads are not optimized away.
 */
long sysv_copy_pass(char *mem, char *buf, long seg, long chunk, long total, int out) {
    long sum = 0;
    for (long done = 0, off = 0; done < total; done += chunk, off = (off + chunk) % seg) {
        if (out) {
            memcpy(buf, mem + off, chunk);
            sum += buf[off % chunk];
        } else {
            buf[0] = (char) done;
            memcpy(mem + off, buf, chunk);
        }
    }
    return sum;
}

#ifndef SYSV_BENCH_LIB
static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void semstep(int id, int num, int delta) {
    struct sembuf op = {(unsigned short) num, (short) delta, 0};
    while (semop(id, &op, 1) < 0) {
        die("semop");
    }
}

enum { UNTIMED_PASSES = 3, DEFAULT_PASSES = 9, MAX_PASSES = 1000 };

static int by_value(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

/* The median (mean of the middle two for an even count), as SysvBench and run-sysv take it. */
static double median(double *v, int n) {
    qsort(v, n, sizeof *v, by_value);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int copy(long seg, long chunk, long total, int passes, int cpu) {
    if (passes < 1 || passes > MAX_PASSES) {
        fprintf(stderr, "PASSES must be 1..%d\n", MAX_PASSES);
        return 2;
    }
    if (cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
        if (sched_setaffinity(0, sizeof set, &set) < 0) die("sched_setaffinity");
    }
    int id = shmget(IPC_PRIVATE, seg, IPC_CREAT | 0600);
    if (id < 0) die("shmget");
    char *mem = shmat(id, NULL, 0);
    shmctl(id, IPC_RMID, NULL);
    if (mem == (void *) -1) die("shmat");
    /* Page-aligned, as SysvBench's Arena buffer: both sides copy between page-aligned addresses. */
    char *buf = aligned_alloc(4096, chunk);
    if (buf == NULL) die("aligned_alloc");
    memset(buf, 'x', chunk);
    memset(mem, 0, seg);
    long sum = 0;
    static double gbps[2][MAX_PASSES];
    for (int round = 0; round < UNTIMED_PASSES + passes; round++) {
        for (int out = 0; out < 2; out++) {
            long long t0 = now_ns();
            sum += sysv_copy_pass(mem, buf, seg, chunk, total, out);
            long long t1 = now_ns();
            if (round >= UNTIMED_PASSES) {
                gbps[out][round - UNTIMED_PASSES] = (double) total / (t1 - t0);
            }
        }
    }
    printf("%.3f %.3f\n", median(gbps[0], passes), median(gbps[1], passes));
    shmdt(mem);
    return sum == 42 ? 3 : 0;
}

static int sem(long n, long warm) {
    int id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    if (id < 0) die("semget");
    pid_t pid = fork();
    if (pid == 0) {
        for (long i = 0; i < n + warm; i++) {
            semstep(id, 0, -1);
            semstep(id, 1, 1);
        }
        _exit(0);
    }
    long long t0 = 0;
    for (long i = 0; i < n + warm; i++) {
        if (i == warm) t0 = now_ns();
        semstep(id, 0, 1);
        semstep(id, 1, -1);
    }
    long long t1 = now_ns();
    waitpid(pid, NULL, 0);
    semctl(id, 0, IPC_RMID);
    printf("%.0f\n", (double) (t1 - t0) / n);
    return 0;
}

struct msg {
    long type;
    char text[65536];
};

static int msg(long n, long warm, long size) {
    int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    if (id < 0) die("msgget");
    static struct msg m;
    memset(m.text, 'm', size);
    pid_t pid = fork();
    if (pid == 0) {
        for (long i = 0; i < n + warm; i++) {
            if (msgrcv(id, &m, size, 1, 0) < 0) die("msgrcv");
            m.type = 2;
            if (msgsnd(id, &m, size, 0) < 0) die("msgsnd");
        }
        _exit(0);
    }
    long long t0 = 0;
    for (long i = 0; i < n + warm; i++) {
        if (i == warm) t0 = now_ns();
        m.type = 1;
        if (msgsnd(id, &m, size, 0) < 0) die("msgsnd");
        if (msgrcv(id, &m, size, 2, 0) < 0) die("msgrcv");
    }
    long long t1 = now_ns();
    waitpid(pid, NULL, 0);
    msgctl(id, IPC_RMID, NULL);
    printf("%.0f\n", (double) (t1 - t0) / n);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 5 && strcmp(argv[1], "copy") == 0) return copy(atol(argv[2]), atol(argv[3]), atol(argv[4]), argc >= 6 ? atoi(argv[5]) : DEFAULT_PASSES,
                                                                         argc >= 7 ? atoi(argv[6]) : -1);
    if (argc >= 4 && strcmp(argv[1], "sem") == 0) return sem(atol(argv[2]), atol(argv[3]));
    if (argc >= 5 && strcmp(argv[1], "msg") == 0) return msg(atol(argv[2]), atol(argv[3]), atol(argv[4]));
    fprintf(stderr, "usage: sysv_bench copy SEG CHUNK TOTAL [PASSES [CPU]] | sem N WARM | msg N WARM BYTES\n");
    return 2;
}
#endif
