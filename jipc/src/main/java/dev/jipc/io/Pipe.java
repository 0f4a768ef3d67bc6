package dev.jipc.io;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jipc.ErrnoException;
import dev.jipc.internal.Descriptors;
import dev.jipc.internal.Fcntl;
import dev.jipc.internal.PipeNoWait;
import dev.jipc.internal.PipeSizes;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Unistd;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * An anonymous pipe: bytes written to {@link #writer()} come out of {@link #reader()}, in order.
 *
 * <p>Both ends are close-on-exec. The writer is non-blocking, so a write to a full pipe parks the
 * thread and a write returns what fitted. The reader is in blocking mode where Linux lets each read
 * choose not to sleep ({@code RWF_NOWAIT}, 5.9 and later): a platform thread reading without a
 * timeout sleeps in {@code read(2)} like a C program, while virtual threads and timed reads park
 * (see {@link Fd}, "Pipes"); elsewhere the reader is non-blocking too. Closing the writer gives the
 * reader end of file once the pipe is drained; writing after the reader is gone fails with
 * {@code EPIPE}.
 *
 * <h2>Size</h2>
 * Linux gives a new pipe 64 KiB. For bulk transfer that is the bottleneck: every 64 KiB the writer
 * must wait for the reader to wake up. {@link #open()} asks for {@link #DEFAULT_SIZE} (1 MiB, or
 * {@code /proc/sys/fs/pipe-max-size} if that is lower), which moves bulk data markedly faster; see
 * docs/benchmarks.md.
 *
 * <p>Big pipes count against a per-user quota ({@code /proc/sys/fs/pipe-user-pages-soft}, 64 MiB by
 * default); once a user is past it, the kernel gives <em>every</em> new pipe of that user, in any
 * program, two pages only. So the default size is rationed: the pipes jipc enlarges at its own
 * choice hold at most a quarter of that quota at any time (16 pipes of 1 MiB by default), and
 * further pipes keep the kernel's 64 KiB until some are closed. The kernel may refuse too; then the
 * pipe quietly keeps its size. {@link #open(int)} asks for a size of your choosing, outside that
 * ration; {@code open(KERNEL_DEFAULT)} leaves the kernel's. {@link Fd#pipeSize()} tells what a pipe
 * got.
 *
 * @param reader the end to read from
 * @param writer the end to write to
 */
public record Pipe(Fd reader, Fd writer) implements Closeable {
    /** The size {@link #open()} asks for: 1 MiB, capped by {@code /proc/sys/fs/pipe-max-size}. */
    public static final int DEFAULT_SIZE = PipeSizes.BULK;

    /** Pass to {@link #open(int)} to keep the size the kernel gives (64 KiB on Linux). */
    public static final int KERNEL_DEFAULT = 0;

    /** Checks that both ends are present. */
    public Pipe {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(writer, "writer");
    }

    /** A new pipe of {@link #DEFAULT_SIZE}, or of the kernel's size when the ration or the kernel says no. */
    public static Pipe open() throws IOException {
        return make(-1, false, false);
    }

    /**
     * A new pipe asking for {@code size} bytes of capacity ({@link #KERNEL_DEFAULT} to keep the
     * kernel's); a refused size is quietly not applied. {@link Fd#pipeSize()} tells what was granted.
     */
    public static Pipe open(int size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative pipe size: " + size);
        }
        return make(size, false, false);
    }

    /**
     * A pipe of the default size with one or both ends meant for children, which expect ordinary
     * blocking descriptors: those ends are made blocking, ours as {@link #open()} makes them, with
     * no more system calls than that takes.
     */
    static Pipe forChildren(boolean childReads, boolean childWrites) throws IOException {
        return make(-1, childReads, childWrites);
    }

    /** {@code size} -1: the rationed default size. */
    private static Pipe make(int size, boolean childReads, boolean childWrites) throws IOException {
        PlatformConstants c = PlatformConstants.current();
        boolean blockingReader = !childReads && PipeNoWait.available();
        boolean readerNonBlocking = !childReads && !blockingReader;
        boolean writerNonBlocking = !childWrites;
        int r;
        int readFd;
        int writeFd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            // One pipe2 makes both ends alike; the end that differs takes one F_SETFL (a fresh end has
            // no status flag but O_NONBLOCK, and F_SETFL ignores the access mode).
            boolean both = readerNonBlocking && writerNonBlocking;
            r = Unistd.pipe2(fds, c.O_CLOEXEC() | (both ? c.O_NONBLOCK() : 0));
            readFd = fds.getAtIndex(JAVA_INT, 0);
            writeFd = fds.getAtIndex(JAVA_INT, 1);
        }
        if (r < 0) {
            throw new ErrnoException(-r, "pipe2", null);
        }
        Fd reader = childReads ? Fd.ofNewBlocking(readFd, "pipe reader")
                : blockingReader ? Fd.ofNewPipeReader(readFd, "pipe reader")
                : Fd.ofNew(readFd, "pipe reader");
        Fd writer = childWrites ? Fd.ofNewBlocking(writeFd, "pipe writer") : Fd.ofNew(writeFd, "pipe writer");
        Pipe pipe = new Pipe(reader, writer);
        try {
            if (readerNonBlocking != writerNonBlocking) {
                int odd = readerNonBlocking ? readFd : writeFd;
                Descriptors.check(Fcntl.fcntl(odd, c.F_SETFL(), c.O_NONBLOCK()), "fcntl F_SETFL", "pipe");
            }
            if (size < 0) {
                writer.applyDefaultPipeSize();
            } else if (size > 0 && size != PipeSizes.KERNEL_DEFAULT) {
                writer.trySetPipeSize(size);
            }
        } catch (IOException | RuntimeException e) {
            pipe.close();
            throw e;
        }
        return pipe;
    }

    /** Closes both ends (each close is idempotent). */
    @Override
    public void close() throws IOException {
        try {
            writer.close();
        } finally {
            reader.close();
        }
    }
}
