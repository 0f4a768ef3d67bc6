import dev.jipc.io.Fd;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.Redirect;
import dev.jipc.pty.Expect;
import dev.jipc.pty.Expectation;
import dev.jipc.pty.Pty;
import java.time.Duration;

/**
 * The jipc side of jipc-bench/run-pty, one measurement per run, printed as one number:
 *
 * <pre>
 *   expect N WARMUP          round trips per second: send "hello i\n" to cat on a pty, expect the
 *                            terminal's echo and cat's copy ("hello i\r\nhello i\r\n"); N timed
 *                            after WARMUP seconds of the same, untimed
 *   pty-read WRITER BYTES    MB/s of `WRITER BYTES` (zero_writer.c) read from a pty's controller side,
 *                            timed from spawn to exit, after one untimed run (the first spawn of a
 *                            JVM links its native calls and runs interpreted)
 *   pipe-read WRITER BYTES   MB/s of the same read from a pipe
 * </pre>
 */
public class PtyBench {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        switch (mode) {
            case "expect" -> System.out.printf("%.0f%n", expect(Integer.parseInt(args[1]), Double.parseDouble(args[2])));
            case "pty-read" -> {
                ptyRead(args[1], Long.parseLong(args[2])); // warm-up: spawn path, FFM links, compiled read loop
                System.out.printf("%.1f%n", ptyRead(args[1], Long.parseLong(args[2])));
            }
            case "pipe-read" -> {
                pipeRead(args[1], Long.parseLong(args[2]));
                System.out.printf("%.1f%n", pipeRead(args[1], Long.parseLong(args[2])));
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }

    static double expect(int n, double warmupSeconds) throws Exception {
        try (Expect cat = Expect.spawn(Command.of("cat")).timeout(Duration.ofSeconds(10))) {
            // Warm-up by time, not count: a few thousand round trips leave the loop interpreted or
            // half compiled, and would measure the JIT rather than the round trip.
            long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            do {
                roundTrips(cat, 500);
            } while (System.nanoTime() < warmEnd);
            long t0 = System.nanoTime();
            roundTrips(cat, n);
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static void roundTrips(Expect cat, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            String line = "hello " + i;
            cat.sendLine(line);
            cat.expect(Expectation.literal(line + "\r\n" + line + "\r\n"));
        }
    }

    static double ptyRead(String writer, long bytes) throws Exception {
        try (Pty pty = Pty.open()) {
            long t0 = System.nanoTime();
            ChildProcess child = Command.of(writer, Long.toString(bytes)).terminal(pty).start();
            long got = drain(pty.controller());
            child.waitFor();
            return check(got, bytes) / ((System.nanoTime() - t0) / 1e9) / 1e6;
        }
    }

    static double pipeRead(String writer, long bytes) throws Exception {
        long t0 = System.nanoTime();
        try (ChildProcess child = Command.of(writer, Long.toString(bytes))
                .stdout(Redirect.pipe()).start()) {
            long got = drain(child.stdout());
            child.waitFor();
            return check(got, bytes) / ((System.nanoTime() - t0) / 1e9) / 1e6;
        }
    }

    private static long drain(Fd fd) throws Exception {
        byte[] buf = new byte[64 * 1024];
        long got = 0;
        int r;
        while ((r = fd.read(buf)) >= 0) {
            got += r;
        }
        return got;
    }

    private static long check(long got, long bytes) {
        if (got != bytes) {
            throw new IllegalStateException("read " + got + " bytes, expected " + bytes);
        }
        return got;
    }
}
