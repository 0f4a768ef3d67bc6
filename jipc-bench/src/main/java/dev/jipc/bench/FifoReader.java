package dev.jipc.bench;

import dev.jipc.io.Fd;
import dev.jipc.io.NamedPipe;
import dev.jipc.io.Pipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Reads a fifo to end of file with jipc, for the side-by-side comparison with {@code fifo_reader.c}.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.jipc.bench.FifoReader FIFO [PIPE_SIZE|default] [BUF_SIZE]</pre>
 *
 * Opens the fifo with {@link NamedPipe#openReader()} (which waits for a writer, then sizes the pipe:
 * {@code PIPE_SIZE} bytes, or jipc's default when {@code default} or absent) and reads into a native
 * segment of {@code BUF_SIZE} bytes (1 MiB by default) until end of file. Prints
 * {@code BYTES NANOS PIPE_SIZE}: the clock starts when {@code openReader()} returns and stops at end
 * of file, as in the C reader, so JVM start-up is not counted.
 *
 * <p>Before it opens the fifo, the reader moves {@link #WARM_UP_BYTES} through an in-process jipc
 * pipe with the same read loop, so the JIT has compiled that path: the figure is the steady-state
 * throughput a long-running Java program sees, not the first second of an interpreter. (Run with
 * {@code -Djipc.bench.warmUp=false} for the cold figure.)
 */
public final class FifoReader {
    private FifoReader() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: FifoReader FIFO [PIPE_SIZE|default] [BUF_SIZE]");
            System.exit(2);
        }
        NamedPipe fifo = NamedPipe.at(Path.of(args[0]));
        if (args.length > 1 && !args[1].equals("default")) {
            fifo = fifo.withPipeSize(Integer.parseInt(args[1]));
        }
        int bufSize = args.length > 2 ? Integer.parseInt(args[2]) : 1 << 20;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(bufSize, 4096);
            if (Boolean.parseBoolean(System.getProperty("jipc.bench.warmUp", "true"))) {
                warmUp(buf);
            }
            long total = 0;
            long t0;
            long t1;
            int pipeSize;
            try (Fd in = fifo.openReader()) {
                t0 = System.nanoTime();
                long n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                }
                t1 = System.nanoTime();
                pipeSize = in.pipeSize();
            }
            System.out.println(total + " " + (t1 - t0) + " " + pipeSize);
        }
    }

    /** Bytes moved through an in-process pipe before the measured transfer. */
    static final long WARM_UP_BYTES = 256L << 20;

    private static void warmUp(MemorySegment buf) throws IOException {
        try (Pipe pipe = Pipe.open()) {
            Thread writer = Thread.ofPlatform().name("warm-up writer").start(() -> {
                try (Arena arena = Arena.ofConfined(); Fd out = pipe.writer()) {
                    MemorySegment chunk = arena.allocate(1 << 20);
                    for (long sent = 0; sent < WARM_UP_BYTES; sent += chunk.byteSize()) {
                        out.writeFully(chunk);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            while (pipe.reader().read(buf) >= 0) {
                // drain until the writer closes
            }
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
