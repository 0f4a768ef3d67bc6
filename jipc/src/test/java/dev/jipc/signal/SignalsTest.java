package dev.jipc.signal;

import static dev.jipc.signal.Signal.SIGUSR1;
import static dev.jipc.signal.Signal.SIGWINCH;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Handlers, ignore and reset, with real signals sent to this JVM. */
@ResourceLock("jipc.signals")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignalsTest {

    /** The kernel's view of a signal in this process: caught, ignored, or neither (default). */
    static String disposition(Signal s) throws IOException {
        BigInteger ign = BigInteger.ZERO;
        BigInteger cgt = BigInteger.ZERO;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                ign = new BigInteger(line.substring(7).strip(), 16);
            } else if (line.startsWith("SigCgt:")) {
                cgt = new BigInteger(line.substring(7).strip(), 16);
            }
        }
        int bit = s.number() - 1;
        return ign.testBit(bit) ? "ignored" : cgt.testBit(bit) ? "caught" : "default";
    }

    @Test
    void handlerRunsOffTheRaisingThreadForARaisedSignal() throws Exception {
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        Thread me = Thread.currentThread();
        try (Registration r = Signals.handle(SIGUSR1, s -> ran.add(s.name() + (Thread.currentThread() == me ? " here" : " elsewhere")))) {
            assertThat(disposition(SIGUSR1)).isEqualTo("caught");
            Signals.raise(SIGUSR1);
            assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("SIGUSR1 elsewhere");
        }
        assertThat(disposition(SIGUSR1)).isEqualTo("default");
    }

    @Test
    void nestedRegistrationsUnwindInOrder() throws Exception {
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        try (Registration outer = Signals.handle(SIGUSR1, s -> ran.add("outer"))) {
            try (Registration inner = Signals.handle(SIGUSR1, s -> ran.add("inner"))) {
                Signals.raise(SIGUSR1);
                assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("inner");
                try (Registration ign = Signals.ignore(SIGUSR1)) {
                    assertThat(disposition(SIGUSR1)).isEqualTo("ignored");
                }
                assertThat(disposition(SIGUSR1)).isEqualTo("caught");
            }
            Signals.raise(SIGUSR1);
            assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("outer");
        }
        assertThat(disposition(SIGUSR1)).isEqualTo("default");
        assertThat(ran).isEmpty();
    }

    @Test
    void closingOutOfOrderKeepsTheNewestInForce() throws Exception {
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        Registration a = Signals.handle(SIGUSR1, s -> ran.add("a"));
        Registration b = Signals.ignore(SIGUSR1);
        Registration c = Signals.handle(SIGUSR1, s -> ran.add("c"));
        b.close(); // from the middle: nothing changes
        Signals.raise(SIGUSR1);
        assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("c");
        a.close(); // the bottom: still c
        Signals.raise(SIGUSR1);
        assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("c");
        c.close();
        assertThat(disposition(SIGUSR1)).isEqualTo("default");
        c.close(); // twice: nothing
        a.close();
        assertThat(a.isOpen()).isFalse();
        assertThat(disposition(SIGUSR1)).isEqualTo("default");
    }

    @Test
    void resetGivesTheDefaultAndClosingBringsTheJvmsHandlerBack() throws Exception {
        // SIGTERM: the JVM's shutdown handler is installed before we start.
        assertThat(disposition(Signal.SIGTERM)).isEqualTo("caught");
        try (Registration r = Signals.reset(Signal.SIGTERM)) {
            assertThat(disposition(Signal.SIGTERM)).isEqualTo("default");
        }
        assertThat(disposition(Signal.SIGTERM)).isEqualTo("caught");
    }

    @Test
    void shutdownSignalsCanBeIgnoredAndHandledAgain() throws Exception {
        // HotSpot silently refuses to replace SIGHUP/SIGINT/SIGTERM once they are SIG_IGN (nohup).
        String hupBefore = disposition(Signal.SIGHUP);
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        try (Registration ign = Signals.ignore(Signal.SIGHUP)) {
            assertThat(disposition(Signal.SIGHUP)).isEqualTo("ignored");
            try (Registration h = Signals.handle(Signal.SIGHUP, s -> ran.add("hup"))) {
                assertThat(disposition(Signal.SIGHUP)).isEqualTo("caught");
                Signals.raise(Signal.SIGHUP);
                assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("hup");
            }
            assertThat(disposition(Signal.SIGHUP)).isEqualTo("ignored");
        }
        assertThat(disposition(Signal.SIGHUP)).isEqualTo(hupBefore);
    }

    @Test
    void ignoredSignalIsIgnored() throws Exception {
        // Under a handler, so that a failure to ignore shows as a run instead of killing the JVM.
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        try (Registration h = Signals.handle(SIGWINCH, s -> ran.add("h"));
                SignalQueue q = SignalQueue.subscribe(SIGUSR1)) {
            try (Registration ign = Signals.ignore(SIGWINCH)) {
                Signals.raise(SIGWINCH);
                Signals.raise(SIGUSR1); // a marker: delivered after anything raised before it
                assertThat(q.poll(Duration.ofSeconds(30))).contains(SIGUSR1);
            }
            assertThat(ran).isEmpty();
        }
    }

    @Test
    void aHandlerThatThrowsIsLoggedAndDispatchGoesOn() throws Exception {
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        try (Registration bad = Signals.handle(SIGWINCH, s -> {
                    ran.add("threw");
                    throw new IllegalStateException("handler failure on purpose");
                });
                Registration good = Signals.handle(SIGUSR1, s -> ran.add("good"))) {
            Signals.raise(SIGWINCH);
            assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("threw");
            Signals.raise(SIGUSR1);
            assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("good");
            Signals.raise(SIGWINCH);
            assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("threw");
        }
    }

    @Test
    void aBurstOfTenThousandCoalescesAndDispatchSurvives() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        long[] before = Dispatcher.get().counts(SIGUSR1);
        long received;
        long coalesced;
        int runsSeen;
        try (Registration r = Signals.handle(SIGUSR1, s -> {
                    if (running.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    runs.incrementAndGet();
                    Thread.onSpinWait();
                    running.decrementAndGet();
                });
                SignalQueue marker = SignalQueue.subscribe(SIGWINCH)) {
            for (int i = 0; i < 10_000; i++) {
                Signals.raise(SIGUSR1);
            }
            Signals.raise(SIGWINCH);
            assertThat(marker.poll(Duration.ofSeconds(50))).contains(SIGWINCH);
            // Every arrival is followed by a run: wait for the pending one, if any, to be dispatched,
            // and take the counts in a quiet moment (unchanged around the read of the runs), since
            // a SIGUSR1 may still arrive after the marker.
            while (true) {
                long[] first = Dispatcher.get().counts(SIGUSR1);
                int ran = runs.get();
                long[] second = Dispatcher.get().counts(SIGUSR1);
                if (java.util.Arrays.equals(first, second) && first[0] - first[1] - (before[0] - before[1]) == ran) {
                    received = first[0] - before[0];
                    coalesced = first[1] - before[1];
                    runsSeen = ran;
                    break;
                }
                Thread.sleep(10);
            }
        }
        assertThat(runsSeen).isBetween(1, 10_000);
        assertThat(received).isBetween(1L, 10_000L);
        assertThat(runsSeen).isEqualTo(received - coalesced);
        assertThat(overlaps).as("handler runs that overlapped another").hasValue(0);
    }
}
