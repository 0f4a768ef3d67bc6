package dev.jipc.io;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import dev.jipc.ErrnoException;
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
 * <p>Both ends are close-on-exec and non-blocking ({@code pipe2} with O_CLOEXEC | O_NONBLOCK), so a
 * thread that reads an empty pipe or writes a full one parks instead of blocking in the kernel.
 * Closing the writer gives the reader end of file once the pipe is drained; writing after the reader
 * is gone fails with {@code EPIPE}.
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
        Pipe p = open(KERNEL_DEFAULT);
        p.writer.applyDefaultPipeSize();
        return p;
    }

    /**
     * A new pipe asking for {@code size} bytes of capacity ({@link #KERNEL_DEFAULT} to keep the
     * kernel's); a refused size is quietly not applied. {@link Fd#pipeSize()} tells what was granted.
     */
    public static Pipe open(int size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative pipe size: " + size);
        }
        PlatformConstants c = PlatformConstants.current();
        int r;
        int readFd;
        int writeFd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            r = Unistd.pipe2(fds, c.O_CLOEXEC() | c.O_NONBLOCK());
            readFd = fds.getAtIndex(JAVA_INT, 0);
            writeFd = fds.getAtIndex(JAVA_INT, 1);
        }
        if (r < 0) {
            throw new ErrnoException(-r, "pipe2", null);
        }
        Fd reader = Fd.ofNew(readFd, "pipe reader");
        Fd writer = Fd.ofNew(writeFd, "pipe writer");
        if (size > 0 && size != PipeSizes.KERNEL_DEFAULT) {
            writer.trySetPipeSize(size);
        }
        return new Pipe(reader, writer);
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
