package dev.jipc.process;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a child printed and how it ended: the result of {@link Command#capture()} (safe backticks)
 * and {@link Command#communicate(byte[], java.time.Duration)} (open3).
 *
 * <p>Perl's backticks give the output and leave the status in {@code $?}, where it is easily
 * ignored; here both come back together, and stderr is kept apart from stdout unless the command
 * merged them. The arrays are the record's own: do not change them.
 *
 * @param status how the child ended
 * @param stdout everything it wrote to stdout (empty if stdout was not piped)
 * @param stderr everything it wrote to stderr (empty if stderr was not piped)
 */
public record Captured(ExitStatus status, byte[] stdout, byte[] stderr) {
    /** Checks the components. */
    public Captured {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    /** Whether the child exited 0. */
    public boolean success() {
        return status.success();
    }

    /** Stdout decoded as UTF-8 (malformed bytes become U+FFFD). */
    public String text() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Stderr decoded as UTF-8. */
    public String errorText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    /** Stdout split into lines: LF or CR LF ends a line; a final line without one still counts. */
    public List<String> lines() {
        String t = text();
        if (t.isEmpty()) {
            return List.of();
        }
        List<String> all = new ArrayList<>(List.of(t.split("\r?\n", -1)));
        if (t.endsWith("\n")) {
            all.removeLast();
        }
        return List.copyOf(all);
    }

    /**
     * This result if the child succeeded.
     *
     * @throws ChildFailedException naming {@code command}, with the end of the captured stderr
     */
    public Captured orThrow(Command command) throws ChildFailedException {
        if (!success()) {
            throw new ChildFailedException(command, status, errorText());
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Captured c && status.equals(c.status) && Arrays.equals(stdout, c.stdout)
                && Arrays.equals(stderr, c.stderr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, Arrays.hashCode(stdout), Arrays.hashCode(stderr));
    }

    /** {@code "exit 0, 12 bytes on stdout, 0 on stderr"}. */
    @Override
    public String toString() {
        return status + ", " + stdout.length + " bytes on stdout, " + stderr.length + " on stderr";
    }
}
