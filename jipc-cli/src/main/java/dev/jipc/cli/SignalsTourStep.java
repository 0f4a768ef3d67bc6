package dev.jipc.cli;

import dev.jipc.TimedOutException;
import dev.jipc.io.Pipe;
import dev.jipc.signal.HeldSignals;
import dev.jipc.signal.Registration;
import dev.jipc.signal.Signal;
import dev.jipc.signal.SignalQueue;
import dev.jipc.signal.Signals;
import dev.jipc.signal.Timeouts;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Signals: a handler with scoped restore, a queue, a held section, a probe and a timeout. */
final class SignalsTourStep implements TourStep {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Override
    public String title() {
        return "Signals";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        long me = ProcessHandle.current().pid();
        CompletableFuture<String> ran = new CompletableFuture<>();
        try (Registration r = Signals.handle(Signal.SIGUSR1, s -> ran.complete(Thread.currentThread().getName()))) {
            Signals.send(me, Signal.SIGUSR1);
            out.println("Sent SIGUSR1 to ourselves (pid " + me + "); the handler ran on thread "
                    + ran.get(WAIT.toSeconds(), TimeUnit.SECONDS) + ", not in signal context.");
        }
        out.println("Closing the registration restored what SIGUSR1 did before (its default), like leaving a 'local $SIG{USR1}'.");

        try (SignalQueue q = SignalQueue.subscribe(Signal.SIGUSR1, Signal.SIGWINCH)) {
            try (HeldSignals held = Signals.hold(Signal.SIGUSR1, Signal.SIGWINCH)) {
                Signals.raise(Signal.SIGWINCH);
                Signals.raise(Signal.SIGUSR1);
                Signals.raise(Signal.SIGUSR1);
                out.println("Raised WINCH, USR1, USR1 while holding them: the queue has "
                        + (q.poll().isPresent() ? "something (unexpected)" : "nothing yet") + ".");
            }
            StringBuilder got = new StringBuilder();
            for (var s = q.poll(Duration.ofSeconds(5)); s.isPresent(); s = q.poll(Duration.ofMillis(200))) {
                got.append(got.isEmpty() ? "" : ", ").append(s.get().shortName());
            }
            out.println("After the hold the queue gave: " + got + " (a signal repeated while pending is delivered once).");
        }

        out.println("Probing pid " + me + " with signal 0: " + Signals.probe(me)
                + "; probing pid 4194305: " + Signals.probe(4_194_305) + ".");

        try (Pipe p = Pipe.open()) {
            Timeouts.run(Duration.ofMillis(300), "read from a silent pipe", () -> p.reader().read(new byte[16]));
        } catch (TimedOutException e) {
            out.println("A read from a pipe nobody writes to gave up: \"" + e.getMessage()
                    + "\" (the thread was interrupted, not signalled; the pipe stayed usable).");
        }
    }
}
