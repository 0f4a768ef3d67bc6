package dev.jipc.bench;

import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A bounded soak of jipc's process API: {@code CYCLES} (default 100,000) spawn/close cycles of
 * {@code /bin/true}, then a check that no descriptor leaked and no zombie is left.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks.jar dev.jipc.bench.ProcessSoak [CYCLES]</pre>
 *
 * The cycles rotate through four shapes, so that every path that makes or frees descriptors and
 * reaps children is exercised:
 * <ol>
 *   <li>{@code run()}: start and wait, stdio inherited;
 *   <li>{@code start()} with stdin, stdout and stderr on pipes, {@code waitFor()}, {@code close()};
 *   <li>{@code start()} with stdout on a pipe, read it to end of file, {@code waitFor()}, {@code close()};
 *   <li>{@code start()} with stdout on a pipe and {@code close()} at once, never waited for: jipc
 *       must still reap the child.
 * </ol>
 * After 1,000 unmeasured cycles (so lazily opened JVM and jipc descriptors are already there), the
 * number of entries in {@code /proc/self/fd} is taken; after the cycles the tool waits up to 10 s
 * for the count to come back and for no child of this process to be a zombie (state {@code Z} in
 * {@code /proc/PID/stat} with this process as parent). Prints progress every 10,000 cycles on
 * stderr and the outcome on stdout; exits 1 on a leak.
 */
public final class ProcessSoak {
    private ProcessSoak() {}

    public static void main(String[] args) throws Exception {
        int cycles = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 100_000;
        Command inherited = Command.of(SpawnRate.TRUE);
        Command piped = Command.of(SpawnRate.TRUE)
                .stdin(Redirect.pipe())
                .stdout(Redirect.pipe())
                .stderr(Redirect.pipe());
        Command out = Command.of(SpawnRate.TRUE).stdout(Redirect.pipe());
        byte[] buf = new byte[256];

        for (int i = 0; i < 1000; i++) {
            cycle(i, inherited, piped, out, buf);
        }
        awaitNoZombies(10_000);
        long fdsBefore = fdCount();
        java.util.Map<String, String> openBefore = openFds();
        long t0 = System.nanoTime();
        for (int i = 0; i < cycles; i++) {
            cycle(i, inherited, piped, out, buf);
            if ((i + 1) % 10_000 == 0) {
                System.err.printf("soak: %d cycles, %d descriptors open%n", i + 1, fdCount());
            }
        }
        long t1 = System.nanoTime();
        long deadline = System.nanoTime() + 10_000_000_000L;
        long fdsAfter = fdCount();
        int zombies = zombieCount();
        while ((fdsAfter > fdsBefore || zombies > 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            fdsAfter = fdCount();
            zombies = zombieCount();
        }
        boolean ok = fdsAfter <= fdsBefore && zombies == 0;
        java.util.Map<String, String> openAfter = openFds();
        openAfter.entrySet().removeIf(e -> e.getValue().equals(openBefore.get(e.getKey())));
        if (!openAfter.isEmpty()) {
            // A leak of one descriptor per cycle shows as thousands; a handful opened once are listed here.
            System.err.println("soak: descriptors open now that were not at the start: " + openAfter);
        }
        System.out.printf("%s cycles=%d seconds=%.1f rate=%.0f/s fds_before=%d fds_after=%d zombies=%d children_left=%d%n",
                ok ? "OK" : "LEAK", cycles, (t1 - t0) / 1e9, cycles / ((t1 - t0) / 1e9),
                fdsBefore, fdsAfter, zombies, childCount());
        System.exit(ok ? 0 : 1);
    }

    private static void cycle(int i, Command inherited, Command piped, Command out, byte[] buf) throws Exception {
        switch (i & 3) {
            case 0 -> check(inherited.run());
            case 1 -> {
                ChildProcess p = piped.start();
                try {
                    check(p.waitFor());
                } finally {
                    p.close();
                }
            }
            case 2 -> {
                ChildProcess p = out.start();
                try {
                    while (p.stdout().read(buf) >= 0) {
                        // /bin/true writes nothing: end of file when it exits
                    }
                    check(p.waitFor());
                } finally {
                    p.close();
                }
            }
            default -> out.start().close();
        }
    }

    private static void check(ExitStatus status) {
        if (!status.success()) {
            throw new IllegalStateException("/bin/true: " + status);
        }
    }

    private static void awaitNoZombies(long millis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (zombieCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    static long fdCount() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count() - 1; // the directory descriptor of this very listing
        }
    }

    /** fd number -> what it refers to, for the descriptors open now. */
    static java.util.Map<String, String> openFds() throws IOException {
        java.util.Map<String, String> fds = new java.util.TreeMap<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : dir) {
                try {
                    fds.put(fd.getFileName().toString(), Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // the directory's own descriptor, closed by now
                }
            }
        }
        return fds;
    }

    static int zombieCount() throws IOException {
        return children(true);
    }

    static int childCount() throws IOException {
        return children(false);
    }

    /** Children of this process (zombies only, or all), from /proc/PID/stat: "pid (comm) state ppid ...". */
    private static int children(boolean zombiesOnly) throws IOException {
        long self = ProcessHandle.current().pid();
        int n = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path dir : dirs) {
                String stat;
                try {
                    stat = Files.readString(dir.resolve("stat"));
                } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
                    continue; // exited meanwhile
                } catch (IOException e) {
                    continue;
                }
                int close = stat.lastIndexOf(')');
                String[] f = stat.substring(close + 2).split(" ", 3);
                if (Long.parseLong(f[1]) == self && (!zombiesOnly || f[0].equals("Z"))) {
                    n++;
                }
            }
        }
        return n;
    }
}
