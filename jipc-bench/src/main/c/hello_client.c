/*
 * hello_client PORT MEASURE_SECONDS [WARM_UP_SECONDS]
 *
 * The one client of the hello-server benchmark in jipc-bench/run-net, the same for every server:
 * connects to 127.0.0.1:PORT, reads up to and including the first "\n", checks that the line
 * starts with "Hello there, ", closes; again and again, one connection at a time. Runs for
 * WARM_UP_SECONDS (default 1) unmeasured, then for MEASURE_SECONDS, and prints
 * "CONNECTIONS NANOS" for the measured part.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void hello(const struct sockaddr_in *addr) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) die("socket");
    if (connect(fd, (const struct sockaddr *) addr, sizeof *addr) < 0) die("connect");
    char line[1024];
    size_t got = 0;
    while (got < sizeof line - 1 && memchr(line, '\n', got) == NULL) {
        ssize_t r = read(fd, line + got, sizeof line - 1 - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            die("read");
        }
        if (r == 0) break;
        got += r;
    }
    line[got] = 0;
    if (strncmp(line, "Hello there, ", 13) != 0 || memchr(line, '\n', got) == NULL) {
        fprintf(stderr, "unexpected greeting (%zu bytes): %s\n", got, line);
        exit(1);
    }
    close(fd);
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: hello_client PORT MEASURE_SECONDS [WARM_UP_SECONDS]\n");
        return 2;
    }
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    addr.sin_port = htons((unsigned short) atoi(argv[1]));
    long long measure = (long long) (atof(argv[2]) * 1e9);
    long long warm = (long long) ((argc > 3 ? atof(argv[3]) : 1.0) * 1e9);
    long long end = now_ns() + warm;
    while (now_ns() < end) hello(&addr);
    long conns = 0;
    long long t0 = now_ns(), t1;
    end = t0 + measure;
    do {
        hello(&addr);
        conns++;
        t1 = now_ns();
    } while (t1 < end);
    printf("%ld %lld\n", conns, t1 - t0);
    return 0;
}
