package dev.jipc.process;

import dev.jipc.signal.Signal;

/**
 * How a child process ended: it {@linkplain Exited exited} with a code, or was
 * {@linkplain Signaled killed by a signal}, perhaps dumping core.
 *
 * <p>A sum type rather than an int. {@link Process#exitValue()} folds a death by signal N into
 * {@code 128 + N}, so a program that ran {@code exit(130)} and one killed by SIGINT look alike, and
 * the core-dump flag is lost. Here the two cases are distinct records to switch over; the folded
 * number is still there, but only when asked for by name: {@link #shellStyleCode()}. {@link #raw()}
 * is the wait status exactly as {@code waitpid(2)} gave it, Perl's {@code $?}.
 *
 * <pre>{@code
 * switch (child.waitFor()) {
 *     case ExitStatus.Exited(int code) when code == 0 -> ok();
 *     case ExitStatus.Exited(int code) -> failed(code);
 *     case ExitStatus.Signaled s -> crashed(s.signal(), s.coreDumped());
 * }
 * }</pre>
 */
public sealed interface ExitStatus permits ExitStatus.Exited, ExitStatus.Signaled {

    /**
     * The child called {@code exit(code)} or returned from {@code main}.
     *
     * @param code the exit code, 0 to 255
     */
    record Exited(int code) implements ExitStatus {
        /** Checks the range. */
        public Exited {
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("exit code out of 0..255: " + code);
            }
        }

        @Override
        public int raw() {
            return code << 8;
        }

        @Override
        public String toString() {
            return "exit " + code;
        }
    }

    /**
     * The child was killed by a signal.
     *
     * @param signal the signal, {@link Signal#UNKNOWN} for a number outside the standard set (a
     *     real-time signal)
     * @param number the signal's number, always exact
     * @param coreDumped whether the kernel wrote a core dump
     */
    record Signaled(Signal signal, int number, boolean coreDumped) implements ExitStatus {
        /** Checks that the signal and the number agree. */
        public Signaled {
            if (signal == null) {
                throw new NullPointerException("signal");
            }
            if (number < 1 || number > 127 || Signal.of(number) != signal) {
                throw new IllegalArgumentException("signal " + signal + " does not match number " + number);
            }
        }

        /** For a known signal. */
        public Signaled(Signal signal, boolean coreDumped) {
            this(signal, signal.number(), coreDumped);
        }

        @Override
        public int raw() {
            return number | (coreDumped ? 0x80 : 0);
        }

        @Override
        public String toString() {
            String name = signal == Signal.UNKNOWN ? "signal " + number : signal.name();
            return "killed by " + name + (coreDumped ? " (core dumped)" : "");
        }
    }

    /** The wait status as {@code waitpid(2)} gives it (Perl's {@code $?}); {@link #fromRaw} undoes it. */
    int raw();

    /** Whether the child exited with code 0. */
    default boolean success() {
        return this instanceof Exited(int code) && code == 0;
    }

    /**
     * The number a shell would put in {@code $?}: the exit code, or 128 plus the signal number.
     * Ambiguous on purpose ({@code exit 130} and SIGINT both give 130); use it only to report to
     * something that expects that convention.
     */
    default int shellStyleCode() {
        return switch (this) {
            case Exited e -> e.code();
            case Signaled s -> 128 + s.number();
        };
    }

    /**
     * Decodes a wait status of a child that has terminated.
     *
     * @throws IllegalArgumentException for a "stopped" or "continued" status, which jipc never asks
     *     for (no WUNTRACED or WCONTINUED) and which says nothing about how a process ended
     */
    static ExitStatus fromRaw(int status) {
        int low = status & 0x7f;
        if (low == 0) {
            if ((status & ~0xff00) != 0) {
                throw new IllegalArgumentException("not a termination status: 0x" + Integer.toHexString(status));
            }
            return new Exited((status >> 8) & 0xff);
        }
        if (low == 0x7f || status == 0xffff || (status & ~0xff) != 0) {
            throw new IllegalArgumentException("not a termination status: 0x" + Integer.toHexString(status));
        }
        return new Signaled(Signal.of(low), low, (status & 0x80) != 0);
    }
}
