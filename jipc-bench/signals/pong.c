/* Answers every SIGUSR1 with a SIGUSR1 to its sender, read with sigwaitinfo (no handler). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigprocmask(SIG_BLOCK, &set, NULL);
    printf("%d\n", (int) getpid());
    fflush(stdout);
    for (;;) {
        siginfo_t info;
        if (sigwaitinfo(&set, &info) == SIGUSR1) {
            kill(info.si_pid, SIGUSR1);
        }
    }
}
