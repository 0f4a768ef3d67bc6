/*
 * net_bench TRANSPORTS TRIPS WARM_TRIPS MSG_BYTES BULK_BYTES CHUNK_BYTES
 *
 * The C side of jipc-bench/run-net. TRANSPORTS is a comma-separated list of "pair" (socketpair),
 * "unix" (Unix stream socket on a path) and "tcp" (TCP over 127.0.0.1, TCP_NODELAY on both ends).
 * For each transport in that order, one process with two threads, both ends blocking sockets:
 *
 *   ping-pong: an echo thread reads MSG_BYTES and writes them back; the main thread writes
 *              MSG_BYTES and reads MSG_BYTES, WARM_TRIPS times untimed, then TRIPS times timed;
 *   bulk:      a writer thread writes BULK_BYTES in CHUNK_BYTES write(2) calls; the main thread
 *              reads into a CHUNK_BYTES buffer until it has all of them. One untimed transfer of
 *              a quarter of BULK_BYTES, then one timed (clock from before the writer thread starts
 *              to the last byte read).
 *
 * With NET_BENCH_NONBLOCK=1 in the environment every socket is non-blocking and each call that
 * would block (EAGAIN) waits in ppoll(2) on its one descriptor and is made again: the call pattern
 * of a library built on non-blocking descriptors, without a library.
 *
 * Socket buffer sizes are the kernel's defaults. Prints one line per transport:
 *   TRANSPORT NANOS_PER_ROUND_TRIP BULK_BYTES BULK_NANOS CPU_NANOS_PER_ROUND_TRIP BULK_CPU_NANOS
 * (the CPU figures: user + system time of the whole process, both ends, over the timed part),
 * which is the line format of dev.jipc.bench.NetBench.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* User + system CPU time of the whole process (every thread). */
static long long cpu_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int nonblocking; /* NET_BENCH_NONBLOCK=1: O_NONBLOCK sockets, waits in ppoll */

/* After a call failed with EAGAIN: wait in ppoll until the descriptor is ready. */
static void await_ready(int fd, short events) {
    struct pollfd p = {.fd = fd, .events = events};
    while (ppoll(&p, 1, NULL, NULL) < 0) {
        if (errno != EINTR) die("ppoll");
    }
}

static ssize_t read_some(int fd, char *buf, long n) {
    for (;;) {
        ssize_t r = read(fd, buf, n);
        if (r >= 0) return r;
        if (errno == EINTR) continue;
        if (errno == EAGAIN && nonblocking) {
            await_ready(fd, POLLIN);
            continue;
        }
        die("read");
    }
}

static void write_fully(int fd, const char *buf, long n) {
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN && nonblocking) {
                await_ready(fd, POLLOUT);
                continue;
            }
            die("write");
        }
        buf += w;
        n -= w;
    }
}

/* Reads exactly n bytes; returns 0 at end of file before any byte, exits on a short message. */
static int read_fully(int fd, char *buf, long n) {
    long got = 0;
    while (got < n) {
        ssize_t r = read_some(fd, buf + got, n - got);
        if (r == 0) {
            if (got == 0) return 0;
            fprintf(stderr, "end of file inside a message\n");
            exit(1);
        }
        got += r;
    }
    return 1;
}

static void nodelay(int fd) {
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0) die("TCP_NODELAY");
}

/* A connected pair of stream sockets over the transport: s[0] is the client, s[1] the server's. */
static void connect_pair(const char *transport, int s[2]) {
    if (strcmp(transport, "pair") == 0) {
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s) < 0) die("socketpair");
        return;
    }
    int listener, client;
    if (strcmp(transport, "unix") == 0) {
        struct sockaddr_un addr = {.sun_family = AF_UNIX};
        const char *dir = getenv("TMPDIR");
        snprintf(addr.sun_path, sizeof addr.sun_path, "%s/net_bench.%d.sock", dir ? dir : "/tmp", (int) getpid());
        unlink(addr.sun_path);
        listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (listener < 0) die("socket");
        if (bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0) die("bind");
        if (listen(listener, SOMAXCONN) < 0) die("listen");
        client = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (client < 0) die("socket");
        if (connect(client, (struct sockaddr *) &addr, sizeof addr) < 0) die("connect");
        s[1] = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (s[1] < 0) die("accept");
        unlink(addr.sun_path);
    } else if (strcmp(transport, "tcp") == 0) {
        struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
        socklen_t len = sizeof addr;
        int one = 1;
        listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (listener < 0) die("socket");
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (bind(listener, (struct sockaddr *) &addr, sizeof addr) < 0) die("bind");
        if (listen(listener, SOMAXCONN) < 0) die("listen");
        if (getsockname(listener, (struct sockaddr *) &addr, &len) < 0) die("getsockname");
        client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (client < 0) die("socket");
        if (connect(client, (struct sockaddr *) &addr, sizeof addr) < 0) die("connect");
        s[1] = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (s[1] < 0) die("accept");
        nodelay(client);
        nodelay(s[1]);
    } else {
        fprintf(stderr, "unknown transport %s (pair, unix, tcp)\n", transport);
        exit(2);
    }
    close(listener);
    s[0] = client;
}

static void connect_pair_mode(const char *transport, int s[2]) {
    connect_pair(transport, s);
    if (nonblocking) {
        for (int i = 0; i < 2; i++) {
            if (fcntl(s[i], F_SETFL, fcntl(s[i], F_GETFL) | O_NONBLOCK) < 0) die("fcntl O_NONBLOCK");
        }
    }
}

struct job {
    int fd;
    long msg;       /* echo: message size */
    long bytes;     /* bulk writer: bytes to write */
    long chunk;
};

static void *echo(void *arg) {
    struct job *j = arg;
    char *buf = malloc(j->msg);
    while (read_fully(j->fd, buf, j->msg)) {
        write_fully(j->fd, buf, j->msg);
    }
    free(buf);
    return NULL;
}

static void *bulk_writer(void *arg) {
    struct job *j = arg;
    char *buf = malloc(j->chunk);
    memset(buf, 'x', j->chunk);
    for (long left = j->bytes; left > 0; left -= j->chunk) {
        write_fully(j->fd, buf, left < j->chunk ? left : j->chunk);
    }
    free(buf);
    return NULL;
}

static double ping_pong(const char *transport, long trips, long warm, long msg, double *cpu_per_trip) {
    int s[2];
    connect_pair_mode(transport, s);
    struct job j = {.fd = s[1], .msg = msg};
    pthread_t t;
    if (pthread_create(&t, NULL, echo, &j) != 0) die("pthread_create");
    char *buf = malloc(msg);
    memset(buf, 'p', msg);
    long long t0 = 0, c0 = 0;
    for (long i = 0; i < warm + trips; i++) {
        if (i == warm) {
            t0 = now_ns();
            c0 = cpu_ns();
        }
        write_fully(s[0], buf, msg);
        if (!read_fully(s[0], buf, msg)) {
            fprintf(stderr, "echo closed\n");
            exit(1);
        }
    }
    long long t1 = now_ns();
    *cpu_per_trip = (double) (cpu_ns() - c0) / trips;
    shutdown(s[0], SHUT_WR);
    pthread_join(t, NULL);
    close(s[0]);
    close(s[1]);
    free(buf);
    return (double) (t1 - t0) / trips;
}

static long long bulk(const char *transport, long bytes, long chunk, long long *cpu) {
    int s[2];
    connect_pair_mode(transport, s);
    char *buf = malloc(chunk);
    struct job j = {.fd = s[1], .bytes = bytes, .chunk = chunk};
    long long t0 = now_ns(), c0 = cpu_ns();
    pthread_t t;
    if (pthread_create(&t, NULL, bulk_writer, &j) != 0) die("pthread_create");
    long got = 0;
    while (got < bytes) {
        ssize_t r = read_some(s[0], buf, chunk);
        if (r == 0) {
            fprintf(stderr, "end of file after %ld of %ld bytes\n", got, bytes);
            exit(1);
        }
        got += r;
    }
    long long t1 = now_ns();
    pthread_join(t, NULL);
    *cpu = cpu_ns() - c0;
    close(s[0]);
    close(s[1]);
    free(buf);
    return t1 - t0;
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: net_bench pair,unix,tcp TRIPS WARM_TRIPS MSG_BYTES BULK_BYTES CHUNK_BYTES\n");
        return 2;
    }
    long trips = atol(argv[2]), warm = atol(argv[3]), msg = atol(argv[4]);
    long bulk_bytes = atol(argv[5]), chunk = atol(argv[6]);
    const char *nb = getenv("NET_BENCH_NONBLOCK");
    nonblocking = nb != NULL && strcmp(nb, "1") == 0;
    if (trips <= 0 || warm < 0 || msg <= 0 || bulk_bytes <= 0 || chunk <= 0) {
        fprintf(stderr, "TRIPS, MSG_BYTES, BULK_BYTES and CHUNK_BYTES must be positive\n");
        return 2;
    }
    char *list = strdup(argv[1]);
    for (char *tr = strtok(list, ","); tr; tr = strtok(NULL, ",")) {
        double cpu_rt;
        long long cpu_bulk;
        double rt = ping_pong(tr, trips, warm, msg, &cpu_rt);
        bulk(tr, bulk_bytes / 4 > chunk ? bulk_bytes / 4 : chunk, chunk, &cpu_bulk);
        long long ns = bulk(tr, bulk_bytes, chunk, &cpu_bulk);
        printf("%s %.0f %ld %lld %.0f %lld\n", tr, rt, bulk_bytes, ns, cpu_rt, cpu_bulk);
        fflush(stdout);
    }
    free(list);
    return 0;
}
