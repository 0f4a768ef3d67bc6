package dev.jipc.internal;

import dev.jipc.io.Fd;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * jipc's own door into {@link Fd}: lets other packages of jipc (sockets) create descriptors and run
 * their system calls through the {@code Fd}'s hold-and-wait loop, without making those hooks public
 * API. {@code Fd} installs the bridge when its class is initialized.
 */
public final class FdAccess {
    private FdAccess() {}

    /** A non-blocking system call on a held descriptor: its result, or {@code -errno}. */
    @FunctionalInterface
    public interface Op {
        /**
         * Runs the call once.
         *
         * @param fd the descriptor number, held open for the duration of the call
         * @param buf the caller's buffer (or other memory), passed through
         * @param arg the caller's argument (flags, a length), passed through
         */
        long apply(int fd, MemorySegment buf, long arg);
    }

    /** What {@code Fd} offers to jipc's other packages. */
    public interface Bridge {
        /** Owns a fresh descriptor that is already close-on-exec and non-blocking. */
        Fd ofNew(int fd, String label);

        /**
         * Owns a fresh socket that is already close-on-exec, in either blocking mode: its reads and
         * writes choose per call whether to block (see {@code Fd}, "Sockets").
         */
        Fd ofNewSocket(int fd, String label);

        /**
         * A pipe of jipc's default size whose child-bound ends are blocking and whose own ends are
         * as {@link dev.jipc.io.Pipe#open()} makes them (see {@code Pipe}).
         */
        dev.jipc.io.Pipe pipeForChildren(boolean childReads, boolean childWrites) throws IOException;

        /**
         * Runs {@code op} until it does not fail with EAGAIN, parking on the poller in between.
         *
         * @param direction {@link Poller#READ} or {@link Poller#WRITE}
         * @param call how errors name the call
         * @param deadline a {@link System#nanoTime()} deadline or {@code Long.MAX_VALUE}
         * @param timeout the timeout the deadline came from, for the message, or null
         * @return the non-negative result of {@code op}
         * @throws dev.jipc.ErrnoException for any other failure
         */
        long call(Fd fd, int direction, String call, MemorySegment buf, long arg, long deadline, Duration timeout, Op op)
                throws IOException;

        /** Parks until the descriptor may be ready in {@code direction}; throws on timeout, interrupt or close. */
        void await(Fd fd, int direction, String call, long deadline, Duration timeout) throws IOException;

        /** Holds the descriptor open for a call and returns its number. */
        int acquire(Fd fd) throws IOException;

        /** Ends a hold taken by {@link #acquire}. */
        void release(Fd fd);

        /** How errors name the descriptor. */
        String describe(Fd fd);

        /** A nanoTime deadline {@code timeout} from now ({@code Long.MAX_VALUE} for very long ones). */
        long deadline(Duration timeout);
    }

    private static volatile Bridge bridge;

    /** Called once by {@code Fd}'s static initializer. */
    public static void install(Bridge b) {
        bridge = b;
    }

    /** The bridge, initializing {@code Fd} first if needed. */
    public static Bridge get() {
        Bridge b = bridge;
        if (b == null) {
            try {
                Class.forName(Fd.class.getName(), true, Fd.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
            b = bridge;
        }
        return b;
    }
}
