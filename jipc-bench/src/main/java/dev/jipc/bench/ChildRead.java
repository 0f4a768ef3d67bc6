package dev.jipc.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads the stdout of a child writing zeros ({@code zero_writer.c}) to end of file, for the
 * side-by-side comparison with {@code child_read.c} run by {@code jipc-bench/run-process}.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.jipc.bench.ChildRead CONTENDER WRITER BYTES [WARM_UP_BYTES]</pre>
 *
 * Contenders: {@code jipc} (the stdout pipe jipc gives a child, at its default size),
 * {@code jipc-64k} (the same pipe brought to the kernel's 64 KiB, see {@link JipcProcesses}) and
 * {@code pb} ({@link ProcessBuilder}'s {@code getInputStream()}, on the kernel's 64 KiB pipe: the
 * JDK does not size its pipes). Each reads into a 1 MiB buffer (native memory for jipc, a
 * {@code byte[]} for the stream). Before the measured transfer, one unmeasured transfer of
 * {@code WARM_UP_BYTES} (default 256 MiB) through the same code lets the JIT compile the read loop.
 * Prints {@code BYTES NANOS PIPE_SIZE}; the clock runs from before the spawn to after the wait,
 * as in {@code child_read.c}.
 */
public final class ChildRead {
    private ChildRead() {}

    /** The size of every contender's read buffer. */
    static final int BUF_SIZE = 1 << 20;

    /** One way of reading a child's stdout. */
    public interface Contender {
        /**
         * Spawns {@code WRITER BYTES} with stdout on a pipe, reads it to end of file, waits for the
         * child (throwing unless it succeeded); returns {bytes read, pipe size}.
         */
        long[] readChild(String writer, long bytes) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: ChildRead jipc|jipc-64k|pb WRITER BYTES [WARM_UP_BYTES]");
            System.exit(2);
        }
        Contender contender = switch (args[0]) {
            case "pb" -> new ProcessBuilderContender();
            // Loaded by name so that this harness does not depend on the process API at compile time.
            case "jipc", "jipc-64k" -> (Contender) Class.forName("dev.jipc.bench.JipcProcesses")
                    .getConstructor(int.class)
                    .newInstance(args[0].equals("jipc") ? 0 : 65536);
            default -> throw new IllegalArgumentException("unknown contender " + args[0]);
        };
        String writer = args[1];
        long bytes = Long.parseLong(args[2]);
        long warmUp = args.length > 3 ? Long.parseLong(args[3]) : 256L << 20;
        if (warmUp > 0) {
            check(contender.readChild(writer, warmUp), warmUp);
        }
        long t0 = System.nanoTime();
        long[] got = contender.readChild(writer, bytes);
        long t1 = System.nanoTime();
        check(got, bytes);
        System.out.println(got[0] + " " + (t1 - t0) + " " + got[1]);
    }

    private static void check(long[] got, long bytes) {
        if (got[0] != bytes) {
            throw new IllegalStateException("read " + got[0] + " bytes, expected " + bytes);
        }
    }

    /** {@link Process#getInputStream()}, read with {@code read(byte[])} of 1 MiB. */
    static final class ProcessBuilderContender implements Contender {
        private final byte[] buf = new byte[BUF_SIZE];

        @Override
        public long[] readChild(String writer, long bytes) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(List.of(writer, Long.toString(bytes)))
                    .redirectInput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            long total = 0;
            try (InputStream in = p.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                }
            }
            int code = p.waitFor();
            SpawnRate.closeStreams(p);
            if (code != 0) {
                throw new IllegalStateException(writer + " exited " + code);
            }
            // The JDK never sizes its pipes, and offers no way to ask: the kernel's default.
            return new long[] {total, 65536};
        }
    }
}
