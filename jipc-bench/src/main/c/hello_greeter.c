/*
 * hello_greeter
 *
 * The child a spawning hello server runs per client in jipc-bench/run-net, with the client's socket
 * as its stdin and stdout: looks up the peer's name (getpeername on stdin, getnameinfo), writes one
 * log line to stderr, and prints "Hello there, NAME, it's now TIME" with CRLF to stdout, TIME in the
 * format of Perl's scalar localtime. The same work the other hello servers do per client.
 */
#define _GNU_SOURCE
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int main(void) {
    struct sockaddr_storage peer;
    socklen_t len = sizeof peer;
    char name[NI_MAXHOST] = "unknown", addr[NI_MAXHOST] = "?", port[NI_MAXSERV] = "?";
    if (getpeername(0, (struct sockaddr *) &peer, &len) == 0) {
        getnameinfo((struct sockaddr *) &peer, len, addr, sizeof addr, port, sizeof port, NI_NUMERICHOST | NI_NUMERICSERV);
        if (getnameinfo((struct sockaddr *) &peer, len, name, sizeof name, NULL, 0, NI_NAMEREQD) != 0) {
            strcpy(name, addr);
        }
    }
    char when[64];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%a %b %e %H:%M:%S %Y", localtime(&now));
    fprintf(stderr, "hello_greeter %d: connection from %s [%s] at port %s at %s\n", (int) getpid(), name, addr, port, when);
    printf("Hello there, %s, it's now %s\r\n", name, when);
    return fflush(stdout) == 0 ? 0 : 1;
}
