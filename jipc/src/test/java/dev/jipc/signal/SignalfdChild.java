package dev.jipc.signal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Run by {@link SignalfdDeliveryTest} in a JVM started with SIGUSR1 and SIGWINCH blocked (or, with the
 * argument {@code reexec}, one that arranges that itself by exec): exercises
 * the signalfd path and prints one line per finding; ends by letting SIGUSR1's default action kill it.
 */
public final class SignalfdChild {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("reexec")) {
            if (System.getenv("JIPC_SIGNALFD_EXEC") == null) {
                say("started as pid " + ProcessHandle.current().pid());
            }
            Restart.execSelfWithSignalsBlocked(Signal.SIGUSR1, Signal.SIGWINCH);
            say("running as pid " + ProcessHandle.current().pid());
        }
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        try (Registration r = Signals.handle(Signal.SIGUSR1, s -> ran.add(s.name() + " on " + Thread.currentThread().getName()))) {
            say("via signalfd USR1 " + Dispatcher.get().viaSignalfd(Signal.SIGUSR1));
            Signals.raise(Signal.SIGUSR1);
            say("handled " + ran.poll(60, TimeUnit.SECONDS));

            try (Registration ignore = Signals.ignore(Signal.SIGUSR1);
                    SignalQueue marker = SignalQueue.subscribe(Signal.SIGWINCH)) {
                Signals.raise(Signal.SIGUSR1);
                Signals.raise(Signal.SIGWINCH);
                say("queue " + marker.poll(Duration.ofSeconds(60)).orElseThrow());
            }
            say("while ignored " + ran.size());

            try (HeldSignals held = Signals.hold(Signal.SIGUSR1)) {
                Signals.raise(Signal.SIGUSR1);
                say("while held " + ran.poll(200, TimeUnit.MILLISECONDS));
            }
            say("after hold " + ran.poll(60, TimeUnit.SECONDS));
        }
        say("signalfds open after close " + signalfds());
        Signal unblocked = Signal.SIGURG;
        try (Registration r = Signals.handle(unblocked, s -> { })) {
            say("via signalfd URG " + Dispatcher.get().viaSignalfd(unblocked));
        }
        System.out.flush();
        try (Registration dfl = Signals.reset(Signal.SIGUSR1)) {
            Signals.raise(Signal.SIGUSR1);
            Thread.sleep(Duration.ofSeconds(60));
            say("still alive");
        }
    }

    private static long signalfds() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().contains("signalfd");
                } catch (Exception e) {
                    return false;
                }
            }).count();
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
