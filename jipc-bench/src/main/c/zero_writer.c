/*
 * zero_writer BYTES [CHUNK]
 *
 * Writes BYTES zero bytes to its standard output from a CHUNK-byte buffer (1 MiB by default) with
 * write(2), then exits. The child of every "1 GiB from a child" reader: the same program, unchanged,
 * whoever spawns it. It never sizes the pipe; the reader does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s BYTES [CHUNK]\n", argv[0]);
        return 2;
    }
    long long left = atoll(argv[1]);
    size_t chunk = argc > 2 ? (size_t) atol(argv[2]) : 1 << 20;
    char *buf = calloc(1, chunk);
    if (buf == NULL) {
        perror("calloc");
        return 1;
    }
    while (left > 0) {
        size_t want = left < (long long) chunk ? (size_t) left : chunk;
        ssize_t n = write(1, buf, want);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            perror("write");
            return 1;
        }
        left -= n;
    }
    return 0;
}
