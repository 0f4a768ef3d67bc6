package dev.jipc.io;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.internal.Inotify;
import dev.jipc.internal.PlatformConstants;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Tells when a reader of a fifo has closed it, so a writer can wait for that before opening the fifo
 * again.
 *
 * <p>A program that serves one text per reader (perlipc's {@code .signature} fifo) closes its end
 * after writing and opens the fifo again for the next reader. If it reopens before the previous
 * reader has come back for end of file, that reader's open still counts, the open succeeds at once,
 * and the reader receives a second text. Perl's example sleeps two seconds and hopes. Probing with a
 * non-blocking open ({@code ENXIO} while no reader) is no better: a probe that finds a newly arrived
 * reader wakes it and, closing again, hands it an empty file. This watch asks the kernel instead
 * (inotify {@code IN_CLOSE_NOWRITE} on the fifo's inode): each close by a reader is reported, and
 * nothing is opened.
 *
 * <pre>{@code
 * try (FifoCloseWatch closes = FifoCloseWatch.on(fifo.path())) {
 *     while (true) {
 *         closes.clear();
 *         try (Fd out = fifo.openWriter()) { out.writeFully(text()); }
 *         closes.awaitClose(Duration.ofSeconds(2));   // the reader has seen end of file and left
 *     }
 * }
 * }</pre>
 *
 * <p>Closes of descriptors opened only for a path ({@code O_PATH}) are not reported, so the path
 * handle jipc's own fifo opens use does not count as a reader leaving. The watch follows the inode:
 * when the fifo is removed and created again, make a new watch.
 */
public final class FifoCloseWatch implements Closeable {
    private final Fd inotify;
    private final Path path;
    private final byte[] buffer = new byte[4096];
    private int pending;
    private boolean gone;

    private FifoCloseWatch(Fd inotify, Path path) {
        this.inotify = inotify;
        this.path = path;
    }

    /**
     * Starts watching the file at {@code path} for closes by readers (any descriptor not opened for
     * writing).
     *
     * @throws ErrnoException ENOENT if nothing is there, EMFILE/ENOSPC past the inotify limits
     */
    public static FifoCloseWatch on(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        PlatformConstants c = PlatformConstants.current();
        int fd = Inotify.init1(c.O_NONBLOCK() | c.O_CLOEXEC());
        if (fd < 0) {
            throw new ErrnoException(-fd, "inotify_init1", path.toString());
        }
        Fd owned = Fd.ofNew(fd, "inotify on " + path);
        int wd = Inotify.addWatch(fd, path.toString(), Inotify.IN_CLOSE_NOWRITE);
        if (wd < 0) {
            owned.close();
            throw new ErrnoException(-wd, "inotify_add_watch", path.toString());
        }
        return new FifoCloseWatch(owned, path);
    }

    /** The watched path. */
    public Path path() {
        return path;
    }

    /** Forgets closes seen so far, so that {@link #awaitClose} waits for one that happens from now on. */
    public void clear() throws IOException {
        collect(Duration.ZERO);
        pending = 0;
    }

    /**
     * Waits until a reader closes the fifo (or one already has since the last {@link #clear()} or
     * wait), at most {@code timeout}.
     *
     * @return true once a close is seen; false when the timeout passed first, or the fifo was removed
     *     (see {@link #isGone()})
     */
    public boolean awaitClose(Duration timeout) throws IOException {
        if (pending == 0 && !gone) {
            collect(timeout);
        }
        if (pending > 0) {
            pending--;
            return true;
        }
        return false;
    }

    /** Whether the watched file was removed (the kernel dropped the watch). */
    public boolean isGone() {
        return gone;
    }

    /** Reads the queued events, waiting at most {@code timeout} for the first. */
    private void collect(Duration timeout) throws IOException {
        Duration wait = timeout;
        while (true) {
            int n;
            try {
                n = inotify.read(buffer, 0, buffer.length, wait);
            } catch (TimedOutException none) {
                return;
            }
            MemorySegment events = MemorySegment.ofArray(buffer);
            for (int at = 0; at + Inotify.SIZEOF_INOTIFY_EVENT <= n;) {
                int mask = events.get(JAVA_INT.withByteAlignment(1), at + Inotify.OFFSETOF_INOTIFY_EVENT__MASK);
                int len = events.get(JAVA_INT.withByteAlignment(1), at + Inotify.OFFSETOF_INOTIFY_EVENT__LEN);
                if ((mask & Inotify.IN_CLOSE_NOWRITE) != 0) {
                    pending++;
                }
                if ((mask & Inotify.IN_IGNORED) != 0) {
                    gone = true;
                }
                if ((mask & Inotify.IN_Q_OVERFLOW) != 0) {
                    pending++; // events were lost; assume the reader left rather than wait forever
                }
                at += Inotify.SIZEOF_INOTIFY_EVENT + len;
            }
            wait = Duration.ZERO; // take whatever else is queued, without waiting again
        }
    }

    /** Stops watching. Idempotent. */
    @Override
    public void close() throws IOException {
        inotify.close();
    }
}
