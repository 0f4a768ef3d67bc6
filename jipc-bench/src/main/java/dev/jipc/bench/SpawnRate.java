package dev.jipc.bench;

import com.zaxxer.nuprocess.NuAbstractProcessHandler;
import com.zaxxer.nuprocess.NuProcess;
import com.zaxxer.nuprocess.NuProcessBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Process start-up rate of one Java contender, for the side-by-side comparison with
 * {@code spawn_rate.c}, Perl and Python run by {@code jipc-bench/run-process}.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.jipc.bench.SpawnRate CONTENDER MODE MEASURE_SECONDS [WARM_UP_SECONDS]</pre>
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
 * measured part, as {@code spawn_rate.c} does.
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
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: SpawnRate jipc|bare|pb|nuprocess spawn|capture MEASURE_SECONDS [WARM_UP_SECONDS]");
            System.exit(2);
        }
        Contender contender = contender(args[0]);
        Op op = switch (args[1]) {
            case "spawn" -> contender::spawnTrue;
            case "capture" -> () -> {
                int n = contender.captureEcho();
                if (n != 6) {
                    throw new IllegalStateException(args[0] + " captured " + n + " bytes of echo hello, expected 6");
                }
            };
            default -> throw new IllegalArgumentException("unknown mode " + args[1]);
        };
        long measure = (long) (Double.parseDouble(args[2]) * 1e9);
        long warm = (long) ((args.length > 3 ? Double.parseDouble(args[3]) : 1.0) * 1e9);
        long end = System.nanoTime() + warm;
        while (System.nanoTime() < end) {
            op.run();
        }
        long ops = 0;
        long t0 = System.nanoTime();
        long t1;
        end = t0 + measure;
        do {
            op.run();
            ops++;
            t1 = System.nanoTime();
        } while (t1 < end);
        System.out.println(ops + " " + (t1 - t0));
        System.exit(0); // NuProcess keeps non-daemon threads
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
