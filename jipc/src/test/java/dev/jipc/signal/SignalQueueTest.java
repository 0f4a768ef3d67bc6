package dev.jipc.signal;

import static dev.jipc.signal.Signal.SIGUSR1;
import static dev.jipc.signal.Signal.SIGWINCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;

/** Queues and holds, with real signals sent to this JVM. */
@ResourceLock("jipc.signals")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignalQueueTest {

    @Test
    void takeReturnsRaisedSignalsInOrder() throws Exception {
        try (SignalQueue q = SignalQueue.subscribe(SIGUSR1, SIGWINCH)) {
            assertThat(Signals.isCaught(SIGUSR1)).isTrue();
            Signals.raise(SIGUSR1);
            assertThat(q.take()).isSameAs(SIGUSR1);
            Signals.raise(SIGWINCH);
            assertThat(q.poll(Duration.ofSeconds(30))).contains(SIGWINCH);
            assertThat(q.poll(Duration.ZERO)).isEmpty();
            assertThat(q.poll()).isEmpty();
        }
        assertThat(Signals.isCaught(SIGUSR1)).isFalse();
    }

    @Test
    void aQueueAndAHandlerBothGetTheSignal() throws Exception {
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        try (Registration r = Signals.handle(SIGUSR1, s -> ran.add("handler"));
                SignalQueue q = SignalQueue.subscribe(SIGUSR1)) {
            Signals.raise(SIGUSR1);
            assertThat(q.take()).isSameAs(SIGUSR1);
            assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("handler");
        }
    }

    @Test
    void closeGuaranteesNothingMoreArrivesAndWakesTakers() throws Exception {
        SignalQueue q = SignalQueue.subscribe(SIGUSR1);
        BlockingQueue<Throwable> woke = new LinkedBlockingQueue<>();
        Thread taker = Thread.ofVirtual().start(() -> {
            try {
                q.take();
            } catch (Throwable t) {
                woke.add(t);
            }
        });
        while (taker.getState() != Thread.State.WAITING) {
            Thread.sleep(5);
        }
        q.close();
        assertThat(woke.poll(30, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        q.offer(SIGUSR1); // what a late dispatch would do
        assertThatThrownBy(q::poll).isInstanceOf(IllegalStateException.class);
        assertThat(q.isClosed()).isTrue();
        q.close();
        taker.join();
    }

    @Test
    void overflowDropsRepetitionsNeverASignal() {
        try (SignalQueue q = SignalQueue.subscribe(2, SIGUSR1, SIGWINCH)) {
            q.offer(SIGUSR1);
            q.offer(SIGUSR1);
            q.offer(SIGUSR1); // full, present: dropped
            q.offer(SIGWINCH); // full, absent: replaces the newest duplicate USR1
            q.offer(SIGWINCH); // full, present: dropped
            List<Signal> got = new ArrayList<>();
            for (var s = q.poll(); s.isPresent(); s = q.poll()) {
                got.add(s.get());
            }
            assertThat(got).containsExactly(SIGUSR1, SIGWINCH);
            assertThat(q.overflowed()).isEqualTo(3);
        }
    }

    @Test
    void heldSignalsAreDeliveredWhenTheHoldEnds() throws Exception {
        BlockingQueue<String> ran = new LinkedBlockingQueue<>();
        try (Registration r = Signals.handle(SIGUSR1, s -> ran.add("usr1"));
                SignalQueue q = SignalQueue.subscribe(SIGWINCH)) {
            long received = Dispatcher.get().counts(SIGUSR1)[0];
            try (HeldSignals held = Signals.hold(SIGUSR1, SIGWINCH)) {
                assertThat(Dispatcher.get().isHeld(SIGUSR1)).isTrue();
                Signals.raise(SIGUSR1);
                Signals.raise(SIGUSR1);
                Signals.raise(SIGWINCH);
                // The JVM has reported it to jipc, yet nothing ran.
                while (Dispatcher.get().counts(SIGUSR1)[0] == received) {
                    Thread.sleep(5);
                }
                assertThat(ran).isEmpty();
                assertThat(q.poll()).isEmpty();
                try (HeldSignals nested = Signals.hold(SIGUSR1)) {
                    assertThat(ran).isEmpty();
                }
                assertThat(Dispatcher.get().isHeld(SIGUSR1)).isTrue();
                assertThat(ran).isEmpty();
            }
            assertThat(ran.poll(30, TimeUnit.SECONDS)).isEqualTo("usr1");
            assertThat(q.poll(Duration.ofSeconds(30))).contains(SIGWINCH);
            assertThat(Dispatcher.get().isHeld(SIGUSR1)).isFalse();
        }
    }

    @Test
    void holdingAndClosingTwiceIsHarmless() {
        HeldSignals h = Signals.hold(SIGUSR1);
        h.close();
        h.close();
        assertThat(Dispatcher.get().isHeld(SIGUSR1)).isFalse();
    }
}
