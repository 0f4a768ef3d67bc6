/* blockexec SIGNUM... -- PROGRAM ARGS...: runs PROGRAM with the given signals blocked, the way a
 * launcher starts a JVM whose jipc reads those signals from a signalfd. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv) {
    sigset_t set;
    sigemptyset(&set);
    int i = 1;
    for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
        sigaddset(&set, atoi(argv[i]));
    }
    if (i + 1 >= argc) {
        fprintf(stderr, "usage: blockexec SIGNUM... -- PROGRAM ARGS...\n");
        return 2;
    }
    sigprocmask(SIG_BLOCK, &set, NULL);
    execvp(argv[i + 1], argv + i + 1);
    perror(argv[i + 1]);
    return 127;
}
