package dev.jipc.io;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.jipc.ErrnoException;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Poll;
import dev.jipc.internal.Poller;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Waits until any of several descriptors is ready: the {@code select()} loop of C and Perl.
 *
 * <pre>{@code
 * Readiness.Ready r = Readiness.await(List.of(socket, pipe.reader()), List.of(), Duration.ofSeconds(5));
 * if (r.isEmpty()) { ... timed out ... }
 * for (Fd fd : r.readable()) { ... fd.read(...) will not wait ... }
 * }</pre>
 *
 * <p>A descriptor counts as readable when a read will not wait: data is there, the other side hung
 * up (a read returns end of file), or an error is pending (a read reports it). Writable likewise.
 * The caller's thread parks on jipc's poller while it waits, so a virtual thread does not hold its
 * carrier. Unlike {@code select(2)} there is no limit of 1024 descriptors and no bit sets to rebuild.
 */
public final class Readiness {
    private Readiness() {}

    /**
     * What is ready; both sets empty means the timeout passed first. Iteration follows the order
     * the descriptors were given in.
     *
     * @param readable the descriptors a read on which will not wait
     * @param writable the descriptors a write on which will not wait
     */
    public record Ready(Set<Fd> readable, Set<Fd> writable) {
        /** Copies the sets. */
        public Ready {
            readable = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(readable));
            writable = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(writable));
        }

        /** True when nothing is ready: the wait timed out. */
        public boolean isEmpty() {
            return readable.isEmpty() && writable.isEmpty();
        }
    }

    /**
     * Waits until at least one descriptor is ready or {@code timeout} passes.
     *
     * @param readers descriptors to watch for reading
     * @param writers descriptors to watch for writing
     * @param timeout how long to wait; {@link Duration#ZERO} only looks
     * @return what is ready, empty on timeout
     * @throws InterruptedIOException if the thread is interrupted (its interrupt status stays set)
     * @throws java.nio.channels.ClosedChannelException if one of the descriptors is closed
     */
    public static Ready await(Collection<Fd> readers, Collection<Fd> writers, Duration timeout) throws IOException {
        return await(readers, writers, Fd.deadline(timeout));
    }

    /** Waits with no timeout until at least one descriptor is ready. */
    public static Ready await(Collection<Fd> readers, Collection<Fd> writers) throws IOException {
        return await(readers, writers, Fd.NO_DEADLINE);
    }

    private static Ready await(Collection<Fd> readers, Collection<Fd> writers, long deadline) throws IOException {
        List<Fd> fds = new ArrayList<>(readers.size() + writers.size());
        fds.addAll(readers);
        fds.addAll(writers);
        int n = fds.size();
        int[] numbers = new int[n];
        int[] dirs = new int[n];
        int held = 0;
        try {
            for (; held < n; held++) {
                numbers[held] = fds.get(held).acquireForPoll();
                dirs[held] = held < readers.size() ? Poller.READ : Poller.WRITE;
            }
            while (true) {
                Ready r = look(fds, numbers, dirs);
                if (!r.isEmpty() || (deadline != Fd.NO_DEADLINE && System.nanoTime() - deadline >= 0)) {
                    return r;
                }
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("waiting for readiness: interrupted");
                }
                Poller.get().awaitAny(numbers, dirs, deadline, () -> anyClosed(fds));
                if (anyClosed(fds)) {
                    throw new java.nio.channels.AsynchronousCloseException();
                }
            }
        } finally {
            for (int i = 0; i < held; i++) {
                fds.get(i).releaseForPoll();
            }
        }
    }

    private static boolean anyClosed(List<Fd> fds) {
        for (Fd fd : fds) {
            if (fd.isClosed()) {
                return true;
            }
        }
        return false;
    }

    /** One non-blocking poll(2) over all descriptors. */
    private static Ready look(List<Fd> fds, int[] numbers, int[] dirs) throws ErrnoException {
        PlatformConstants c = PlatformConstants.current();
        int n = numbers.length;
        int size = c.SIZEOF_POLLFD();
        short readMask = (short) (c.POLLIN() | c.POLLHUP() | c.POLLERR() | c.POLLNVAL());
        short writeMask = (short) (c.POLLOUT() | c.POLLERR() | c.POLLHUP() | c.POLLNVAL());
        Set<Fd> readable = new LinkedHashSet<>();
        Set<Fd> writable = new LinkedHashSet<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pfds = arena.allocate((long) size * Math.max(n, 1), 4);
            for (int i = 0; i < n; i++) {
                pfds.set(JAVA_INT, (long) i * size, numbers[i]);
                pfds.set(JAVA_SHORT, (long) i * size + 4, (short) (dirs[i] == Poller.READ ? c.POLLIN() : c.POLLOUT()));
            }
            int r = Poll.poll(pfds, n, 0);
            if (r < 0) {
                throw new ErrnoException(-r, "poll", n + " descriptors");
            }
            for (int i = 0; i < n && r > 0; i++) {
                short rev = pfds.get(JAVA_SHORT, (long) i * size + 6);
                if (dirs[i] == Poller.READ && (rev & readMask) != 0) {
                    readable.add(fds.get(i));
                } else if (dirs[i] == Poller.WRITE && (rev & writeMask) != 0) {
                    writable.add(fds.get(i));
                }
            }
        }
        return new Ready(readable, writable);
    }
}
