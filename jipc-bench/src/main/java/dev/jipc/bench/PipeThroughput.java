package dev.jipc.bench;

import dev.jipc.io.Fd;
import dev.jipc.io.Pipe;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Thread-to-thread pipe throughput: a writer thread pushes {@code chunk}-byte pieces from native
 * memory as fast as the pipe takes them, and the benchmark thread reads {@link #BYTES_PER_OP} bytes
 * per operation into a native buffer of {@code chunk} bytes. Bytes per second = ops/s x 64 MiB.
 *
 * <ul>
 *   <li>{@code jipc}: {@code dev.jipc.io.Pipe.open()}, the 1 MiB pipe jipc gives by default</li>
 *   <li>{@code jipc-64k}: {@code Pipe.open(Pipe.KERNEL_DEFAULT)}, the kernel's 64 KiB pipe</li>
 *   <li>{@code nio}: {@code java.nio.channels.Pipe} in blocking mode (a 64 KiB kernel pipe),
 *       direct ByteBuffers on both sides</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PipeThroughput {
    /** Bytes the benchmark thread reads per operation. */
    public static final long BYTES_PER_OP = 64L << 20;

    @Param({"jipc", "jipc-64k", "nio"})
    public String pipe;

    /** Write and read size. */
    @Param({"65536"})
    public int chunk;

    private Arena arena;
    private Thread writerThread;
    private volatile boolean stop;

    private Pipe jipcPipe;
    private MemorySegment readSegment;

    private java.nio.channels.Pipe nioPipe;
    private ByteBuffer readBuffer;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        arena = Arena.ofShared();
        switch (pipe) {
            case "jipc", "jipc-64k" -> {
                jipcPipe = pipe.equals("jipc") ? Pipe.open() : Pipe.open(Pipe.KERNEL_DEFAULT);
                readSegment = arena.allocate(chunk, 4096);
                MemorySegment src = arena.allocate(chunk, 4096).fill((byte) 'x');
                Fd w = jipcPipe.writer();
                writerThread = Thread.ofPlatform().name("writer").start(() -> {
                    try {
                        while (!stop) {
                            w.writeFully(src);
                        }
                    } catch (IOException closed) {
                        // reader closed at tear-down: EPIPE
                    }
                });
            }
            case "nio" -> {
                nioPipe = java.nio.channels.Pipe.open();
                readBuffer = ByteBuffer.allocateDirect(chunk);
                ByteBuffer src = ByteBuffer.allocateDirect(chunk);
                while (src.hasRemaining()) {
                    src.put((byte) 'x');
                }
                java.nio.channels.Pipe.SinkChannel sink = nioPipe.sink();
                writerThread = Thread.ofPlatform().name("writer").start(() -> {
                    try {
                        while (!stop) {
                            src.clear();
                            while (src.hasRemaining()) {
                                sink.write(src);
                            }
                        }
                    } catch (IOException closed) {
                        // source closed at tear-down: broken pipe
                    }
                });
            }
            default -> throw new IllegalArgumentException("unknown pipe " + pipe);
        }
    }

    @Benchmark
    public long read64MiB() throws IOException {
        long left = BYTES_PER_OP;
        if (jipcPipe != null) {
            Fd r = jipcPipe.reader();
            MemorySegment buf = readSegment;
            long size = buf.byteSize();
            while (left > 0) {
                long n = r.read(left >= size ? buf : buf.asSlice(0, left));
                if (n < 0) {
                    throw new IOException("unexpected end of file");
                }
                left -= n;
            }
        } else {
            java.nio.channels.Pipe.SourceChannel source = nioPipe.source();
            ByteBuffer buf = readBuffer;
            while (left > 0) {
                buf.clear();
                if (left < buf.capacity()) {
                    buf.limit((int) left);
                }
                int n = source.read(buf);
                if (n < 0) {
                    throw new IOException("unexpected end of file");
                }
                left -= n;
            }
        }
        return left;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        stop = true;
        if (jipcPipe != null) {
            jipcPipe.reader().close();
            writerThread.join();
            jipcPipe.close();
        } else {
            nioPipe.source().close();
            writerThread.join();
            nioPipe.sink().close();
        }
        arena.close();
    }
}
