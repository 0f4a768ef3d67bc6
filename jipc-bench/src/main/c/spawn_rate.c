/*
 * spawn_rate MODE MEASURE_SECONDS [WARM_UP_SECONDS]
 *
 * The C reference for process start-up, as a loop of posix_spawn(3) + waitpid(2):
 *   MODE "spawn":   spawn /bin/true with inherited stdio and wait for it;
 *   MODE "capture": pipe2(O_CLOEXEC), spawn "/bin/echo hello" with a dup2 file action putting the
 *                   pipe's write end on its stdout, close our write end, read to end of file, wait.
 * Runs the loop for WARM_UP_SECONDS (default 1) unmeasured, then for MEASURE_SECONDS, and prints
 * "OPS NANOS" for the measured part.
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

static void wait_ok(pid_t pid) {
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("waitpid");
            exit(1);
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "child failed: status %d\n", status);
        exit(1);
    }
}

static void spawn_true(void) {
    static char *argv[] = {"/bin/true", NULL};
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "posix_spawn: %s\n", strerror(rc));
        exit(1);
    }
    wait_ok(pid);
}

static void capture_echo(void) {
    static char *argv[] = {"/bin/echo", "hello", NULL};
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0) {
        perror("pipe2");
        exit(1);
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, p[1], 1);
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        fprintf(stderr, "posix_spawn: %s\n", strerror(rc));
        exit(1);
    }
    close(p[1]);
    char buf[4096];
    size_t total = 0;
    for (;;) {
        ssize_t n = read(p[0], buf, sizeof buf);
        if (n > 0) {
            total += (size_t) n;
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            perror("read");
            exit(1);
        }
    }
    close(p[0]);
    wait_ok(pid);
    if (total != 6) {
        fprintf(stderr, "captured %zu bytes, expected 6\n", total);
        exit(1);
    }
}

static void (*op_named(const char *mode))(void) {
    if (strcmp(mode, "spawn") == 0) {
        return spawn_true;
    }
    if (strcmp(mode, "capture") == 0) {
        return capture_echo;
    }
    fprintf(stderr, "unknown mode %s\n", mode);
    exit(2);
}

/* Runs op for seconds and prints "OPS NANOS" (the operations done and the time they took). */
static void timed(void (*op)(void), double seconds) {
    long long ops = 0;
    long long t0 = now_ns(), t1;
    long long end = t0 + (long long) (seconds * 1e9);
    do {
        op();
        ops++;
        t1 = now_ns();
    } while (t1 < end);
    printf("%lld %lld\n", ops, t1 - t0);
    fflush(stdout);
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "serve") == 0) {
        /* One line "MODE SECONDS" per request, one line "OPS NANOS" per answer, until end of file. */
        char line[128], mode[32];
        double seconds;
        while (fgets(line, sizeof line, stdin) != NULL) {
            if (sscanf(line, "%31s %lf", mode, &seconds) != 2) {
                fprintf(stderr, "bad request: %s", line);
                return 2;
            }
            timed(op_named(mode), seconds);
        }
        return 0;
    }
    if (argc < 3 || argc > 4) {
        fprintf(stderr, "usage: %s spawn|capture MEASURE_SECONDS [WARM_UP_SECONDS] | %s serve\n", argv[0], argv[0]);
        return 2;
    }
    void (*op)(void) = op_named(argv[1]);
    long long warm = (long long) ((argc > 3 ? atof(argv[3]) : 1.0) * 1e9);
    long long end = now_ns() + warm;
    while (now_ns() < end) {
        op();
    }
    timed(op, atof(argv[2]));
    return 0;
}
