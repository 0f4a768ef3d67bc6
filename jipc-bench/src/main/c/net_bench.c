/*
 * net_bench serve MSG_BYTES CHUNK_BYTES
 *
 * The C side of jipc-bench/run-net: a long-running contender that measures what it is asked, one
 * request per line on stdin, one answer per line on stdout:
 *
 *   pp TRANSPORT WARM TRIPS      ping-pong: an echo thread reads MSG_BYTES and writes them back; the
 *                                main thread writes MSG_BYTES and reads MSG_BYTES, WARM times untimed,
 *                                then TRIPS times timed;
 *   bulk TRANSPORT WARM BYTES    bulk: a writer thread writes WARM + BYTES in CHUNK_BYTES write(2)
 *                                calls without pausing; the main thread reads into a CHUNK_BYTES
 *                                buffer until it has all of them, the clock running from the read
 *                                that passes WARM bytes (from before the writer starts when WARM is
 *                                0) to the last byte.
 *
 * Answer: COUNT NANOS CPU_NANOS (TRIPS or BYTES; wall-clock and CPU time of the timed part, the CPU
 * time being user + system of the whole process, both ends). TRANSPORT is "pair" (socketpair),
 * "unix" (Unix stream socket on a path) or "tcp" (TCP over 127.0.0.1, TCP_NODELAY on both ends);
 * every request gets a fresh connection, both ends in this process, blocking sockets.
 *
 * With NET_BENCH_NONBLOCK=1 in the environment every socket is non-blocking and each call that
 * would block (EAGAIN) waits in ppoll(2) on its one descriptor and is made again: the call pattern
 * of a library built on non-blocking descriptors, without a library.
 *
 * With NET_BENCH_BULK_CPUS=R,W a bulk transfer's reading thread runs on CPU R and its writer on
 * CPU W (sched_setaffinity of each thread; the reader's former CPUs are restored afterwards).
 *
 * Socket buffer sizes are the kernel's defaults, except that NET_BENCH_TCP_BUFFERS=BYTES sets
 * SO_SNDBUF and SO_RCVBUF of both ends of a TCP bulk transfer (which turns off the kernel's
 * receive-buffer tuning for them), and NET_BENCH_TCP_CONGESTION=NAME sets TCP_CONGESTION of both
 * ends of every TCP connection (ping-pong and bulk) in place of the system's default algorithm.
 * The protocol is that of dev.jipc.bench.NetBench.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
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
static int bulk_reader_cpu = -1, bulk_writer_cpu = -1; /* NET_BENCH_BULK_CPUS=R,W */
static int tcp_buffers = 0;                              /* NET_BENCH_TCP_BUFFERS=BYTES */
static const char *tcp_congestion;                       /* NET_BENCH_TCP_CONGESTION=NAME */

/* Puts the calling thread on CPU cpu alone (nothing when cpu < 0). */
static void pin_self(int cpu) {
    if (cpu < 0) return;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (sched_setaffinity(0, sizeof set, &set) < 0) die("sched_setaffinity");
}

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
    if (tcp_congestion != NULL && strcmp(transport, "tcp") == 0) {
        for (int i = 0; i < 2; i++) {
            if (setsockopt(s[i], IPPROTO_TCP, TCP_CONGESTION, tcp_congestion, strlen(tcp_congestion)) < 0) {
                fprintf(stderr, "setsockopt TCP_CONGESTION %s: %s (see /proc/sys/net/ipv4/tcp_available_congestion_control"
                        " and, unprivileged, tcp_allowed_congestion_control)\n", tcp_congestion, strerror(errno));
                exit(1);
            }
        }
    }
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
    pin_self(bulk_writer_cpu);
    char *buf = malloc(j->chunk);
    memset(buf, 'x', j->chunk);
    for (long left = j->bytes; left > 0; left -= j->chunk) {
        write_fully(j->fd, buf, left < j->chunk ? left : j->chunk);
    }
    free(buf);
    return NULL;
}

/* Timed ping-pong; returns wall-clock nanoseconds of the TRIPS timed round trips, *cpu their CPU time. */
static long long ping_pong(const char *transport, long trips, long warm, long msg, long long *cpu) {
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
    *cpu = cpu_ns() - c0;
    shutdown(s[0], SHUT_WR);
    pthread_join(t, NULL);
    close(s[0]);
    close(s[1]);
    free(buf);
    return t1 - t0;
}

/*
 * Bulk transfer of WARM + BYTES over one fresh connection, the writer never pausing; returns the
 * wall-clock nanoseconds the reader took for BYTES of them after the first WARM (scaled to exactly
 * BYTES, a read ending a little past WARM), *cpu the CPU time of that part. Timing the steady
 * middle of a transfer leaves out what a fresh connection does first (TCP's slow start and
 * receive-buffer growth, the writer thread starting).
 */
static long long bulk(const char *transport, long warm, long bytes, long chunk, long long *cpu) {
    int s[2];
    connect_pair_mode(transport, s);
    if (tcp_buffers > 0 && strcmp(transport, "tcp") == 0) {
        for (int i = 0; i < 2; i++) {
            if (setsockopt(s[i], SOL_SOCKET, SO_SNDBUF, &tcp_buffers, sizeof tcp_buffers) < 0) die("SO_SNDBUF");
            if (setsockopt(s[i], SOL_SOCKET, SO_RCVBUF, &tcp_buffers, sizeof tcp_buffers) < 0) die("SO_RCVBUF");
        }
    }
    cpu_set_t before;
    if (sched_getaffinity(0, sizeof before, &before) < 0) die("sched_getaffinity");
    pin_self(bulk_reader_cpu);
    char *buf = malloc(chunk);
    long total = warm + bytes;
    struct job j = {.fd = s[1], .bytes = total, .chunk = chunk};
    long long t0 = now_ns(), c0 = cpu_ns();
    long got = 0, from = 0;
    pthread_t t;
    if (pthread_create(&t, NULL, bulk_writer, &j) != 0) die("pthread_create");
    while (got < total) {
        ssize_t r = read_some(s[0], buf, chunk);
        if (r == 0) {
            fprintf(stderr, "end of file after %ld of %ld bytes\n", got, total);
            exit(1);
        }
        got += r;
        if (warm > 0 && from == 0 && got >= warm) {
            from = got;
            t0 = now_ns();
            c0 = cpu_ns();
        }
    }
    long long t1 = now_ns();
    long long c1 = cpu_ns();
    pthread_join(t, NULL);
    if (sched_setaffinity(0, sizeof before, &before) < 0) die("sched_setaffinity");
    close(s[0]);
    close(s[1]);
    free(buf);
    long timed = total - from;
    if (timed <= 0) { /* the read that passed WARM took the rest too */
        *cpu = 0;
        return 0;
    }
    double scale = (double)bytes / timed; /* in double: nanoseconds times bytes overflow 64 bits */
    *cpu = (long long)((c1 - c0) * scale + 0.5);
    return (long long)((t1 - t0) * scale + 0.5);
}

int main(int argc, char **argv) {
    if (argc != 4 || strcmp(argv[1], "serve") != 0) {
        fprintf(stderr, "usage: net_bench serve MSG_BYTES CHUNK_BYTES (requests on stdin: pp|bulk TRANSPORT WARM COUNT)\n");
        return 2;
    }
    long msg = atol(argv[2]), chunk = atol(argv[3]);
    const char *cpus = getenv("NET_BENCH_BULK_CPUS");
    if (cpus != NULL && *cpus != '\0' && sscanf(cpus, "%d,%d", &bulk_reader_cpu, &bulk_writer_cpu) != 2) {
        fprintf(stderr, "NET_BENCH_BULK_CPUS must be READER_CPU,WRITER_CPU, not %s\n", cpus);
        exit(2);
    }
    const char *bufs = getenv("NET_BENCH_TCP_BUFFERS");
    if (bufs != NULL && *bufs != '\0' && (sscanf(bufs, "%d", &tcp_buffers) != 1 || tcp_buffers < 0)) {
        fprintf(stderr, "NET_BENCH_TCP_BUFFERS must be a number of bytes, not %s\n", bufs);
        exit(2);
    }
    const char *cc = getenv("NET_BENCH_TCP_CONGESTION");
    if (cc != NULL && *cc != '\0') tcp_congestion = cc;
    const char *nb = getenv("NET_BENCH_NONBLOCK");
    nonblocking = nb != NULL && strcmp(nb, "1") == 0;
    if (msg <= 0 || chunk <= 0) {
        fprintf(stderr, "MSG_BYTES and CHUNK_BYTES must be positive\n");
        return 2;
    }
    char line[256], mode[16], transport[16];
    while (fgets(line, sizeof line, stdin)) {
        long warm, count;
        if (sscanf(line, "%15s %15s %ld %ld", mode, transport, &warm, &count) != 4 || warm < 0 || count <= 0) {
            fprintf(stderr, "bad request: %s", line);
            return 2;
        }
        long long ns, cpu;
        if (strcmp(mode, "pp") == 0) {
            ns = ping_pong(transport, count, warm, msg, &cpu);
        } else if (strcmp(mode, "bulk") == 0) {
            ns = bulk(transport, warm, count, chunk, &cpu);
        } else {
            fprintf(stderr, "unknown mode %s (pp, bulk)\n", mode);
            return 2;
        }
        printf("%ld %lld %lld\n", count, ns, cpu);
        fflush(stdout);
    }
    return 0;
}
