package dev.jipc.signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A child JVM for {@link RestartTest}: prints {@code pid P gen G fds N ready}, then restarts itself
 * by exec on SIGHUP with the generation counted up in {@code JIPC_GEN}. Gives up after a minute.
 */
public final class RestartChild {
    private RestartChild() {}

    public static void main(String[] args) throws Exception {
        int gen = Integer.parseInt(System.getenv().getOrDefault("JIPC_GEN", "1"));
        // snippet: sig-hup-daemon
        Signals.handle(Signal.SIGHUP, sig -> {
            System.out.println("got SIGHUP");
            Restart.execSelf(Map.of("JIPC_GEN", Integer.toString(gen + 1)));
        });
        // end snippet
        // The fewest of five looks: a JVM thread may hold a descriptor for a moment (a class file
        // being read) during any one of them, while one leaked across the exec is in every look.
        long fds = Long.MAX_VALUE;
        for (int look = 0; look < 5; look++) {
            try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
                fds = Math.min(fds, list.count());
            }
            Thread.sleep(20);
        }
        System.out.println("pid " + ProcessHandle.current().pid() + " gen " + gen + " fds " + fds + " args "
                + String.join(",", args) + " ready");
        System.out.flush();
        Thread.sleep(60_000);
    }
}
