package dev.jipc.cli;

import dev.jipc.process.ExitStatus;
import java.io.PrintWriter;

/** Prints a child's status on close, like perlipc's {@code close(FH) || die "bad CMD: $! $?"}, and maps it to our exit code. */
final class CloseStatus {
    private CloseStatus() {}

    static int report(PrintWriter err, String subcommand, Object what, ExitStatus status) {
        err.println("jipc " + subcommand + ": close " + what + ": " + status + " ($? = " + status.raw() + ")");
        err.flush();
        return status.success() ? 0 : 1;
    }
}
