/*
 * fifo_writer FIFO BYTES [CHUNK] [PIPE_SIZE]
 *
 * Opens FIFO for writing (waiting for a reader, as open(2) does), optionally sets the pipe's
 * capacity with F_SETPIPE_SZ, writes BYTES bytes from a CHUNK-byte buffer (1 MiB by default)
 * and exits. The side-by-side fifo benchmark runs it unchanged against every reader.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: %s FIFO BYTES [CHUNK] [PIPE_SIZE]\n", argv[0]);
        return 2;
    }
    long long bytes = atoll(argv[2]);
    size_t chunk = argc > 3 ? (size_t) atol(argv[3]) : 1 << 20;
    int pipe_size = argc > 4 ? atoi(argv[4]) : 0;
    char *buf = malloc(chunk);
    if (buf == NULL) {
        perror("malloc");
        return 1;
    }
    memset(buf, 'x', chunk);
    int fd = open(argv[1], O_WRONLY | O_CLOEXEC);
    if (fd < 0) {
        perror("open");
        return 1;
    }
    if (pipe_size > 0 && fcntl(fd, F_SETPIPE_SZ, pipe_size) < 0) {
        perror("fcntl F_SETPIPE_SZ");
        return 1;
    }
    long long left = bytes;
    while (left > 0) {
        size_t want = left < (long long) chunk ? (size_t) left : chunk;
        ssize_t n = write(fd, buf, want);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            perror("write");
            return 1;
        }
        left -= n;
    }
    close(fd);
    return 0;
}
