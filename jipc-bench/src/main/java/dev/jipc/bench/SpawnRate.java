package dev.jipc.bench;

import com.zaxxer.nuprocess.NuAbstractProcessHandler;
import com.zaxxer.nuprocess.NuProcess;
import com.zaxxer.nuprocess.NuProcessBuilder;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Process start-up rate of one Java contender, for the side-by-side comparison with
 * {@code spawn_rate.c}, Perl and Python run by {@code jipc-bench/run-process}.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.jipc.bench.SpawnRate CONTENDER MODE MEASURE_SECONDS [WARM_UP_SECONDS]
java ... dev.jipc.bench.SpawnRate CONTENDER serve</pre>
 *
 * <ul>
 *   <li>{@code MODE spawn}: start {@code /bin/true} with the JVM's stdin, stdout and stderr, wait
 *       for it, check that it succeeded;
 *   <li>{@code MODE capture}: start {@code /bin/echo hello} with its stdout on a pipe (stdin and
 *       stderr inherited where the library allows), read that pipe to end of file, wait, check the
 *       6 bytes and the status, release everything.
 * </ul>
 *
 * Contenders: {@code jipc} ({@code dev.jipc.process}, see {@link JipcProcesses}), {@code bare}
 * ({@code spawn_rate.c}'s loops over {@code java.lang.foreign} without jipc, see {@link BareSpawn}: what
 * the JVM itself costs), {@code pb} ({@link ProcessBuilder}, default launch mechanism) and
 * {@code nuprocess} (NuProcess 3.0.0, which always gives the child three pipes). The loop runs {@code WARM_UP_SECONDS} (default 1) unmeasured,
 * so the JIT has seen the path, then {@code MEASURE_SECONDS}; prints {@code OPS NANOS} of the
 * measured part, as {@code spawn_rate.c} does. With {@code serve} in place of the mode it stays
 * up and answers requests {@code MODE SECONDS} read from stdin, one {@code OPS NANOS} line each,
 * so that {@code run-process} can interleave many short measurements of long-running contenders.
 */
public final class SpawnRate {
    private SpawnRate() {}

    /** One way of starting processes. */
    public interface Contender {
        /** Starts {@code /bin/true} with inherited stdio and waits for it; throws unless it succeeded. */
        void spawnTrue() throws Exception;

        /** Runs {@code /bin/echo hello} with stdout on a pipe; returns the number of bytes read from it. */
        int captureEcho() throws Exception;
    }

    static final String TRUE = "/bin/true";
    static final List<String> ECHO = List.of("/bin/echo", "hello");

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[1].equals("serve")) {
            serve(contender(args[0]), args[0]);
            System.exit(0); // NuProcess keeps non-daemon threads
        }
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: SpawnRate jipc|bare|pb|nuprocess spawn|capture MEASURE_SECONDS [WARM_UP_SECONDS]"
                    + " | SpawnRate jipc|bare|pb|nuprocess serve");
            System.exit(2);
        }
        Op op = op(contender(args[0]), args[0], args[1]);
        long warm = (long) ((args.length > 3 ? Double.parseDouble(args[3]) : 1.0) * 1e9);
        long end = System.nanoTime() + warm;
        while (System.nanoTime() < end) {
            op.run();
        }
        System.out.println(timed(op, Double.parseDouble(args[2])));
        System.exit(0); // NuProcess keeps non-daemon threads
    }

    /**
     * Serves requests from stdin, one line {@code MODE SECONDS} each, answering each with one line
     * {@code OPS NANOS}, until end of file: the harness keeps the process (and its compiled code)
     * across rounds and interleaves short measurements of every contender.
     */
    private static void serve(Contender contender, String name) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            String[] request = line.trim().split("\\s+");
            if (request.length != 2) {
                throw new IllegalArgumentException("bad request: " + line);
            }
            System.out.println(timed(op(contender, name, request[0]), Double.parseDouble(request[1])));
            System.out.flush();
        }
    }

    private static Op op(Contender contender, String name, String mode) {
        return switch (mode) {
            case "spawn" -> contender::spawnTrue;
            case "capture" -> () -> {
                int n = contender.captureEcho();
                if (n != 6) {
                    throw new IllegalStateException(name + " captured " + n + " bytes of echo hello, expected 6");
                }
            };
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    }

    /** Runs {@code op} for {@code seconds}; "OPS NANOS". */
    private static String timed(Op op, double seconds) throws Exception {
        long ops = 0;
        long t0 = System.nanoTime();
        long t1;
        long end = t0 + (long) (seconds * 1e9);
        do {
            op.run();
            ops++;
            t1 = System.nanoTime();
        } while (t1 < end);
        return ops + " " + (t1 - t0);
    }

    /** Closes the three streams of a {@link Process} (what {@code Process.close()} does from JDK 26 on). */
    static void closeStreams(Process p) throws IOException {
        p.getOutputStream().close();
        p.getInputStream().close();
        p.getErrorStream().close();
    }

    private interface Op {
        void run() throws Exception;
    }

    static Contender contender(String name) throws ReflectiveOperationException {
        return switch (name) {
            case "pb" -> new ProcessBuilderContender();
            case "nuprocess" -> new NuProcessContender();
            case "bare" -> new BareSpawn();
            // Loaded by name so that this harness does not depend on the process API at compile time.
            case "jipc" -> (Contender) Class.forName("dev.jipc.bench.JipcProcesses").getConstructor().newInstance();
            default -> throw new IllegalArgumentException("unknown contender " + name);
        };
    }

    /** {@link ProcessBuilder}: no pipes for /bin/true (all inherited), one pipe (stdout) for echo. */
    static final class ProcessBuilderContender implements Contender {
        private final ProcessBuilder spawn = new ProcessBuilder(TRUE).inheritIO();
        private final ProcessBuilder capture = new ProcessBuilder(ECHO)
                .redirectInput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        private final byte[] buf = new byte[4096];

        @Override
        public void spawnTrue() throws IOException, InterruptedException {
            Process p = spawn.start();
            int code = p.waitFor();
            closeStreams(p);
            if (code != 0) {
                throw new IllegalStateException("/bin/true exited " + code);
            }
        }

        @Override
        public int captureEcho() throws IOException, InterruptedException {
            Process p = capture.start();
            int total = 0;
            try (InputStream in = p.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    total += n;
                }
            }
            int code = p.waitFor();
            closeStreams(p);
            if (code != 0) {
                throw new IllegalStateException("echo exited " + code);
            }
            return total;
        }
    }

    /** NuProcess 3.0.0: asynchronous I/O on its own threads; the child always gets three pipes. */
    static final class NuProcessContender implements Contender {
        private final NuProcessBuilder spawn = new NuProcessBuilder(List.of(TRUE));
        private final NuProcessBuilder capture = new NuProcessBuilder(ECHO);

        @Override
        public void spawnTrue() throws InterruptedException {
            spawn.setProcessListener(new NuAbstractProcessHandler() {});
            NuProcess p = spawn.start();
            int code = p.waitFor(0, TimeUnit.SECONDS);
            if (code != 0) {
                throw new IllegalStateException("/bin/true exited " + code);
            }
        }

        @Override
        public int captureEcho() throws InterruptedException {
            AtomicInteger total = new AtomicInteger();
            capture.setProcessListener(new NuAbstractProcessHandler() {
                @Override
                public void onStdout(ByteBuffer buffer, boolean closed) {
                    total.addAndGet(buffer.remaining());
                    buffer.position(buffer.limit());
                }
            });
            NuProcess p = capture.start();
            int code = p.waitFor(0, TimeUnit.SECONDS);
            if (code != 0) {
                throw new IllegalStateException("echo exited " + code);
            }
            return total.get();
        }
    }
}
