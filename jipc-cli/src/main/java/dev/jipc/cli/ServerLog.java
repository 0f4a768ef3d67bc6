package dev.jipc.cli;

import java.io.PrintWriter;

/**
 * The log of a server subcommand, one line per event in the manner of perlipc's {@code logmsg}:
 * {@code "jipc tcp-server 4242: connection from localhost [127.0.0.1] at port 51234 at Mon Nov 30 12:00:00 2026"}.
 * Lines go to standard output and are flushed at once, so a supervising program (or a test) can
 * read "server started on port N" to learn the port the kernel chose.
 */
final class ServerLog {
    private final PrintWriter out;
    private final String prefix;

    ServerLog(PrintWriter out, String command) {
        this.out = out;
        this.prefix = "jipc " + command + " " + ProcessHandle.current().pid() + ": ";
    }

    /** Writes one event, stamped with the local time. Safe from any thread. */
    void note(String message) {
        synchronized (out) {
            out.println(prefix + message + " at " + Ctime.now());
            out.flush();
        }
    }
}
