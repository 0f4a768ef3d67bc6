package dev.jipc.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketPair;

/**
 * Socket ping-pong and bulk transfer of one Java contender, for the side-by-side comparison with
 * {@code net_bench.c} run by {@code jipc-bench/run-net}: a long-running process that measures what
 * it is asked, with the same requests and answers.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.jipc.bench.NetBench CONTENDER serve MSG_BYTES CHUNK_BYTES</pre>
 *
 * One request per line on stdin, one answer per line on stdout; every request gets a fresh
 * connection over the transport ({@code pair}: socketpair, {@code unix}: Unix stream socket on a
 * path, {@code tcp}: 127.0.0.1 with TCP_NODELAY on both ends), both ends in this JVM, on two threads
 * of the contender's kind:
 *
 * <ul>
 *   <li>{@code pp TRANSPORT WARM TRIPS}: an echo thread reads MSG_BYTES and writes them back; the
 *       other thread writes MSG_BYTES and reads MSG_BYTES, WARM times untimed, then TRIPS times
 *       timed;
 *   <li>{@code bulk TRANSPORT WARM BYTES}: a writer thread writes WARM + BYTES in CHUNK_BYTES
 *       writes without pausing; the reading thread reads into a CHUNK_BYTES buffer until it has
 *       them all, the clock running from the read that passes WARM bytes to the last byte.
 * </ul>
 *
 * The answer is {@code COUNT NANOS CPU_NANOS} (wall-clock and CPU time of the timed part, the CPU
 * time being user + system of the whole JVM, as {@code net_bench.c} counts its process), or
 * {@code - - -} for a transport the contender does not offer.
 *
 * <p>Contenders: {@code jdk} and {@code jdk-vt} ({@link SocketChannel} in blocking mode with direct
 * buffers, on platform or virtual threads; no socketpair in the JDK), {@code junixsocket}
 * (junixsocket's {@code AFUNIXSocketChannel}, blocking, platform threads; Unix only) and
 * {@code jipc} / {@code jipc-vt} (see {@link JipcNet}). Socket buffer sizes are left as each
 * library makes them, except that {@code NET_BENCH_TCP_BUFFERS=BYTES} sets {@code SO_SNDBUF} and
 * {@code SO_RCVBUF} of both ends of a TCP bulk transfer, and {@code NET_BENCH_TCP_CONGESTION=NAME}
 * sets {@code TCP_CONGESTION} of both ends of every TCP connection, as {@code net_bench.c} does. The
 * JDK has no option for the latter: its channels get it by a plain {@code setsockopt} on their
 * descriptor, which needs {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}.
 */
public final class NetBench {
    private NetBench() {}

    /** One end of a connected stream socket, reading into and writing from a buffer of its own. */
    public interface End extends Closeable {
        /** Reads at most {@code len} bytes into the buffer at {@code off}; -1 at end of file. */
        int read(int off, int len) throws IOException;

        /** Writes at most {@code len} bytes from the buffer at {@code off}; returns how many it wrote. */
        int write(int off, int len) throws IOException;

        /** Half-closes: the peer reads end of file. */
        void shutdownOutput() throws IOException;

        /** Sets {@code SO_SNDBUF} and {@code SO_RCVBUF} to {@code bytes}, which turns off TCP's receive-buffer tuning. */
        void setBufferSizes(int bytes) throws IOException;

        /** Sets {@code TCP_CONGESTION}, the connection's congestion-control algorithm. */
        void setCongestionControl(String algorithm) throws IOException;
    }

    /** A connected pair: the measuring side and its peer (echo or bulk writer). */
    public record Ends(End client, End server) implements Closeable {
        @Override
        public void close() throws IOException {
            try (client; server) {
                // both closed, the first failure reported
            }
        }
    }

    /** One socket library. */
    public interface Contender {
        /** Whether the library has this transport at all ({@code pair}, {@code unix}, {@code tcp}). */
        boolean offers(String transport);

        /** A connected pair over the transport, each end with a buffer of {@code bufSize} bytes. */
        Ends connect(String transport, int bufSize) throws IOException;

        /** The kind of thread both ends run on. */
        ThreadFactory threads();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4 || !args[1].equals("serve")) {
            System.err.println("usage: NetBench jdk|jdk-vt|junixsocket|jipc|jipc-vt serve MSG_BYTES CHUNK_BYTES"
                    + " (requests on stdin: pp|bulk TRANSPORT WARM COUNT)");
            System.exit(2);
        }
        Contender contender = contender(args[0]);
        int msg = Integer.parseInt(args[2]);
        int chunk = Integer.parseInt(args[3]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line; (line = in.readLine()) != null; ) {
            String[] f = line.trim().split("\\s+");
            if (f.length != 4) {
                System.err.println("bad request: " + line);
                System.exit(2);
            }
            String mode = f[0];
            String transport = f[1];
            long warm = Long.parseLong(f[2]);
            long count = Long.parseLong(f[3]);
            if (!contender.offers(transport)) {
                System.out.println("- - -");
                continue;
            }
            long[] took = switch (mode) {
                case "pp" -> onThread(contender.threads(), () -> pingPong(contender, transport, count, warm, msg));
                case "bulk" -> onThread(contender.threads(), () -> bulk(contender, transport, warm, count, chunk));
                default -> throw new IllegalArgumentException("unknown mode " + mode + " (pp, bulk)");
            };
            System.out.println(count + " " + took[0] + " " + took[1]);
            System.out.flush();
        }
    }

    static Contender contender(String name) throws ReflectiveOperationException {
        return switch (name) {
            case "jdk" -> new Jdk(Thread.ofPlatform().factory());
            case "jdk-vt" -> new Jdk(Thread.ofVirtual().factory());
            case "junixsocket" -> new Junixsocket();
            case "bare" -> new BareNet();
            // Loaded by name so that this harness does not depend on the socket API at compile time.
            case "jipc", "jipc-vt" -> (Contender) Class.forName("dev.jipc.bench.JipcNet")
                    .getConstructor(boolean.class)
                    .newInstance(name.equals("jipc-vt"));
            default -> throw new IllegalArgumentException("unknown contender " + name);
        };
    }

    /** Runs the measurement on a thread of the contender's kind (the measuring side must be one too). */
    static <T> T onThread(ThreadFactory threads, Callable<T> task) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread t = threads.newThread(() -> {
            try {
                result.set(task.call());
            } catch (Exception e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    static void writeFully(End end, int len) throws IOException {
        for (int off = 0; off < len; ) {
            off += end.write(off, len - off);
        }
    }

    /** Reads exactly {@code len} bytes; false at end of file before the first one. */
    static boolean readFully(End end, int len) throws IOException {
        for (int off = 0; off < len; ) {
            int n = end.read(off, len - off);
            if (n < 0) {
                if (off == 0) {
                    return false;
                }
                throw new IOException("end of file inside a message");
            }
            off += n;
        }
        return true;
    }

    /** {@code clock_gettime(2)}, called directly: the JDK's process CPU time counts in clock ticks. */
    private static final MethodHandle CLOCK_GETTIME = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("clock_gettime").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;

    /** User + system CPU time of the whole JVM, every thread ({@code CLOCK_PROCESS_CPUTIME_ID}). */
    static long cpuNanos() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ts = arena.allocate(16, 8);
            int rc = (int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, ts);
            if (rc != 0) {
                throw new IllegalStateException("clock_gettime failed");
            }
            return ts.get(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L + ts.get(ValueLayout.JAVA_LONG, 8);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    // One round trip and one echo are methods of their own, called once per message: the JIT
    // compiles such a method fully after the warm-up, whereas a loop body inside a method that
    // runs once per request would start each request in less optimized code.

    /** Sends one message and reads its echo; false if the echo side has closed. */
    static boolean trip(End c, int msg) throws IOException {
        writeFully(c, msg);
        return readFully(c, msg);
    }

    /** Reads one message and sends it back; false at end of file. */
    static boolean echoOnce(End server, int msg) throws IOException {
        if (!readFully(server, msg)) {
            return false;
        }
        writeFully(server, msg);
        return true;
    }

    /** Returns {nanoseconds, CPU nanoseconds} of the timed round trips. */
    static long[] pingPong(Contender contender, String transport, long trips, long warm, int msg) throws Exception {
        try (Ends ends = contender.connect(transport, msg)) {
            setCongestionControl(ends, transport);
            AtomicReference<Exception> echoFailure = new AtomicReference<>();
            Thread echo = contender.threads().newThread(() -> {
                try {
                    while (echoOnce(ends.server(), msg)) {
                        // next message
                    }
                } catch (Exception e) {
                    echoFailure.set(e);
                }
            });
            echo.start();
            End c = ends.client();
            long t0 = 0;
            long c0 = 0;
            for (long i = 0; i < warm + trips; i++) {
                if (i == warm) {
                    t0 = System.nanoTime();
                    c0 = cpuNanos();
                }
                if (!trip(c, msg)) {
                    throw new IOException("echo closed", echoFailure.get());
                }
            }
            long t1 = System.nanoTime();
            long cpu = cpuNanos() - c0;
            c.shutdownOutput();
            echo.join();
            if (echoFailure.get() != null) {
                throw echoFailure.get();
            }
            return new long[] {t1 - t0, cpu};
        }
    }

    /** {@code sched_setaffinity(2)}: with pid 0 it places the calling (platform) thread alone. */
    private static final MethodHandle SCHED_SETAFFINITY = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("sched_setaffinity").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));

    /** NET_BENCH_BULK_CPUS=R,W: the CPUs of a bulk transfer's reader and writer; null to leave them be. */
    private static final int[] BULK_CPUS = bulkCpus(System.getenv("NET_BENCH_BULK_CPUS"));

    /**
     * NET_BENCH_TCP_BUFFERS=BYTES: SO_SNDBUF and SO_RCVBUF of both ends of a TCP bulk transfer; 0 or
     * unset leaves them to the kernel.
     */
    private static final int TCP_BUFFERS = tcpBuffers(System.getenv("NET_BENCH_TCP_BUFFERS"));

    /** NET_BENCH_TCP_CONGESTION=NAME: TCP_CONGESTION of both ends of every TCP connection; unset, the system's. */
    private static final String TCP_CONGESTION = System.getenv("NET_BENCH_TCP_CONGESTION");

    private static void setCongestionControl(Ends ends, String transport) throws IOException {
        if (TCP_CONGESTION != null && !TCP_CONGESTION.isEmpty() && transport.equals("tcp")) {
            ends.client().setCongestionControl(TCP_CONGESTION);
            ends.server().setCongestionControl(TCP_CONGESTION);
        }
    }

    private static int tcpBuffers(String spec) {
        if (spec == null || spec.isEmpty()) {
            return 0;
        }
        try {
            int bytes = Integer.parseInt(spec);
            if (bytes >= 0) {
                return bytes;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("NET_BENCH_TCP_BUFFERS must be a number of bytes, not " + spec);
    }

    private static int[] bulkCpus(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String[] f = spec.split(",");
        if (f.length != 2) {
            throw new IllegalArgumentException("NET_BENCH_BULK_CPUS must be READER_CPU,WRITER_CPU, not " + spec);
        }
        return new int[] {Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim())};
    }

    /**
     * Puts the calling thread on {@code cpu} alone, when it is a platform thread; a virtual thread
     * is left where its scheduler puts it (pinning its carrier would pin others with it).
     */
    static void pinSelf(int cpu) {
        if (Thread.currentThread().isVirtual()) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(128, 8); // cpu_set_t
            set.set(ValueLayout.JAVA_LONG, (cpu / 64) * 8L, 1L << (cpu % 64));
            int rc = (int) SCHED_SETAFFINITY.invokeExact(0, set.byteSize(), set);
            if (rc != 0) {
                throw new IllegalStateException("sched_setaffinity to CPU " + cpu + " failed");
            }
        } catch (Throwable t) {
            throw t instanceof RuntimeException r ? r : new IllegalStateException(t);
        }
    }

    /**
     * Moves WARM + BYTES over one fresh connection, the writer never pausing, and returns
     * {nanoseconds, CPU nanoseconds} the reader took for BYTES of them after the first WARM (scaled
     * to exactly BYTES, a read ending a little past WARM). Timing the steady middle of a transfer
     * leaves out what a fresh connection does first: TCP's slow start and receive-buffer growth, the
     * writer thread starting.
     */
    static long[] bulk(Contender contender, String transport, long warm, long bytes, int chunk) throws Exception {
        // The reading thread is new for each request (see onThread): pinning it needs no undoing.
        if (BULK_CPUS != null) {
            pinSelf(BULK_CPUS[0]);
        }
        long total = warm + bytes;
        try (Ends ends = contender.connect(transport, chunk)) {
            setCongestionControl(ends, transport);
            if (TCP_BUFFERS > 0 && transport.equals("tcp")) {
                ends.client().setBufferSizes(TCP_BUFFERS);
                ends.server().setBufferSizes(TCP_BUFFERS);
            }
            AtomicReference<Exception> writerFailure = new AtomicReference<>();
            Thread writer = contender.threads().newThread(() -> {
                if (BULK_CPUS != null) {
                    pinSelf(BULK_CPUS[1]);
                }
                try {
                    for (long left = total; left > 0; left -= chunk) {
                        writeFully(ends.server(), (int) Math.min(left, chunk));
                    }
                } catch (Exception e) {
                    writerFailure.set(e);
                }
            });
            writer.start();
            End c = ends.client();
            // The same calls with and without WARM, so that warm-up requests compile what the
            // measured ones run (a branch first taken in a measured request would be recompiled there).
            long from = readUntil(c, 0, warm, chunk, total, writerFailure);
            long t0 = System.nanoTime();
            long c0 = cpuNanos();
            readUntil(c, from, total, chunk, total, writerFailure);
            long t1 = System.nanoTime();
            long c1 = cpuNanos();
            writer.join();
            if (writerFailure.get() != null) {
                throw writerFailure.get();
            }
            long timed = total - from;
            if (timed <= 0) { // the read that passed WARM took the rest too
                return new long[] {0, 0};
            }
            double scale = (double) bytes / timed; // in double: nanoseconds times bytes overflow a long
            return new long[] {Math.round((t1 - t0) * scale), Math.round((c1 - c0) * scale)};
        }
    }

    /** Reads until at least {@code until} bytes have come in all, {@code got} of them already; returns how many have. */
    private static long readUntil(End c, long got, long until, int chunk, long total,
            AtomicReference<Exception> writerFailure) throws IOException {
        while (got < until) {
            int n = c.read(0, chunk);
            if (n < 0) {
                throw new IOException("end of file after " + got + " of " + total + " bytes", writerFailure.get());
            }
            got += n;
        }
        return got;
    }

    /** A fresh path for a Unix socket, in a new private directory (removed again by {@link #removeUnixPath}). */
    static Path unixPath() throws IOException {
        return Files.createTempDirectory("netbench").resolve("s.sock");
    }

    static void removeUnixPath(Path path) throws IOException {
        Files.deleteIfExists(path);
        Files.deleteIfExists(path.getParent());
    }

    /** A blocking {@link SocketChannel} (the JDK's or junixsocket's) with a direct buffer. */
    static final class ChannelEnd implements End {
        private final SocketChannel channel;
        private final ByteBuffer buf;

        ChannelEnd(SocketChannel channel, int bufSize) {
            this.channel = channel;
            this.buf = ByteBuffer.allocateDirect(bufSize);
        }

        @Override
        public int read(int off, int len) throws IOException {
            buf.limit(off + len).position(off);
            return channel.read(buf);
        }

        @Override
        public int write(int off, int len) throws IOException {
            buf.limit(off + len).position(off);
            return channel.write(buf);
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void setBufferSizes(int bytes) throws IOException {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, bytes);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, bytes);
        }

        @Override
        public void setCongestionControl(String algorithm) throws IOException {
            BareNet.setCongestionControl(descriptor(), algorithm);
        }

        /** The channel's descriptor, which the JDK keeps to itself (see the class comment). */
        private int descriptor() {
            try {
                return (int) Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal").invoke(channel);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("a JDK channel's descriptor is out of reach"
                        + " (run with --add-exports java.base/sun.nio.ch=ALL-UNNAMED)", e);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The JDK: {@link SocketChannel} over TCP and Unix-domain, blocking. */
    static final class Jdk implements Contender {
        private final ThreadFactory threads;

        Jdk(ThreadFactory threads) {
            this.threads = threads;
        }

        @Override
        public boolean offers(String transport) {
            return transport.equals("unix") || transport.equals("tcp"); // no socketpair(2) in the JDK
        }

        @Override
        public ThreadFactory threads() {
            return threads;
        }

        @Override
        public Ends connect(String transport, int bufSize) throws IOException {
            if (transport.equals("tcp")) {
                try (ServerSocketChannel server = ServerSocketChannel.open()) {
                    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                    SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel accepted = server.accept();
                    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    accepted.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    return new Ends(new ChannelEnd(client, bufSize), new ChannelEnd(accepted, bufSize));
                }
            }
            Path path = unixPath();
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(path));
                SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
                SocketChannel accepted = server.accept();
                return new Ends(new ChannelEnd(client, bufSize), new ChannelEnd(accepted, bufSize));
            } finally {
                removeUnixPath(path);
            }
        }
    }

    /** junixsocket 2.10.1: {@code AFUNIXSocketPair} and {@code AFUNIXSocketChannel}, blocking. */
    static final class Junixsocket implements Contender {
        @Override
        public boolean offers(String transport) {
            return transport.equals("pair") || transport.equals("unix"); // Unix-domain only
        }

        @Override
        public ThreadFactory threads() {
            return Thread.ofPlatform().factory();
        }

        @Override
        public Ends connect(String transport, int bufSize) throws IOException {
            if (transport.equals("pair")) {
                AFUNIXSocketPair<AFUNIXSocketChannel> pair = AFUNIXSocketPair.open();
                return new Ends(new ChannelEnd(pair.getSocket1(), bufSize), new ChannelEnd(pair.getSocket2(), bufSize));
            }
            Path path = unixPath();
            try (AFUNIXServerSocketChannel server = AFUNIXServerSocketChannel.open()) {
                server.bind(AFUNIXSocketAddress.of(path));
                AFUNIXSocketChannel client = AFUNIXSocketChannel.open(AFUNIXSocketAddress.of(path));
                AFUNIXSocketChannel accepted = server.accept();
                return new Ends(new ChannelEnd(client, bufSize), new ChannelEnd(accepted, bufSize));
            } finally {
                removeUnixPath(path);
            }
        }
    }
}
