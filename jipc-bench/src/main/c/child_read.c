/*
 * child_read WRITER BYTES [PIPE_SIZE] [BUF_SIZE]
 *
 * The C reference for reading a child's output: pipe2(O_CLOEXEC), F_SETPIPE_SZ on it when
 * PIPE_SIZE > 0 (before the spawn, as jipc sizes its pipes), posix_spawn of "WRITER BYTES" with a
 * dup2 file action putting the write end on its stdout, read(2) into a BUF_SIZE-byte buffer
 * (1 MiB by default) until end of file, waitpid(2). Prints "BYTES NANOS PIPE_SIZE"; the clock runs
 * from before pipe2 to after waitpid.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 5) {
        fprintf(stderr, "usage: %s WRITER BYTES [PIPE_SIZE] [BUF_SIZE]\n", argv[0]);
        return 2;
    }
    int pipe_size = argc > 3 ? atoi(argv[3]) : 0;
    size_t buf_size = argc > 4 ? (size_t) atol(argv[4]) : 1 << 20;
    char *buf = aligned_alloc(4096, buf_size);
    if (buf == NULL) {
        perror("aligned_alloc");
        return 1;
    }
    char *cargv[] = {argv[1], argv[2], NULL};
    long long t0 = now_ns();
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) {
        perror("pipe2");
        return 1;
    }
    if (pipe_size > 0 && fcntl(p[0], F_SETPIPE_SZ, pipe_size) < 0) {
        perror("fcntl F_SETPIPE_SZ");
        return 1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    pid_t pid;
    int rc = posix_spawn(&pid, cargv[0], &fa, NULL, cargv, environ);
    if (rc != 0) {
        fprintf(stderr, "posix_spawn %s: %s\n", cargv[0], strerror(rc));
        return 1;
    }
    close(p[1]);
    long long total = 0;
    for (;;) {
        ssize_t n = read(p[0], buf, buf_size);
        if (n > 0) {
            total += n;
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            perror("read");
            return 1;
        }
    }
    int granted = fcntl(p[0], F_GETPIPE_SZ);
    close(p[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("waitpid");
            return 1;
        }
    }
    long long t1 = now_ns();
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "writer failed: status %d\n", status);
        return 1;
    }
    printf("%lld %lld %d\n", total, t1 - t0, granted);
    return 0;
}
