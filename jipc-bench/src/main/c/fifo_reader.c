/*
 * fifo_reader FIFO [PIPE_SIZE] [BUF_SIZE]
 *
 * Opens FIFO for reading (blocking, waiting for a writer), sets the pipe's capacity with
 * F_SETPIPE_SZ when PIPE_SIZE > 0, reads into a BUF_SIZE-byte buffer (1 MiB by default) with
 * blocking read(2) until end of file, and prints "BYTES NANOS PIPE_SIZE". The clock starts when
 * open(2) returns and stops at end of file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: %s FIFO [PIPE_SIZE] [BUF_SIZE]\n", argv[0]);
        return 2;
    }
    int pipe_size = argc > 2 ? atoi(argv[2]) : 0;
    size_t buf_size = argc > 3 ? (size_t) atol(argv[3]) : 1 << 20;
    char *buf = aligned_alloc(4096, buf_size);
    if (buf == NULL) {
        perror("aligned_alloc");
        return 1;
    }
    int fd = open(argv[1], O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        perror("open");
        return 1;
    }
    long long t0 = now_ns();
    if (pipe_size > 0 && fcntl(fd, F_SETPIPE_SZ, pipe_size) < 0) {
        perror("fcntl F_SETPIPE_SZ");
        return 1;
    }
    long long total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, buf_size);
        if (n > 0) {
            total += n;
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            perror("read");
            return 1;
        }
    }
    long long t1 = now_ns();
    printf("%lld %lld %d\n", total, t1 - t0, fcntl(fd, F_GETPIPE_SZ));
    close(fd);
    return 0;
}
