package dev.jipc.sysv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Platform threads sleep in msgrcv/msgsnd; the watchdog's signal ends the sleep on interrupt or deadline. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlatformThreadQueueWaitTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void removeAll() {
        cleanup.close();
    }

    private static CompletableFuture<Object> onPlatformThread(SharedMemoryTest.ThrowingRunnable body, Thread[] started) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        started[0] = Thread.ofPlatform().start(() -> {
            try {
                body.run();
                outcome.complete("done");
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        return outcome;
    }

    /** RUNNABLE for a thread in a native call (sleeping in msgrcv), WAITING/TIMED_WAITING if it parks. */
    private static String state(Thread t) {
        return String.valueOf(t.getState());
    }

    @Test
    void hotSpotLetsPlatformThreadsSleepInTheKernel() {
        assertThat(Waits.BLOCKING).as("SIGPIPE has HotSpot's no-op handler").isTrue();
    }

    @Test
    void aSleepingReceiverGetsTheMessageAndAnInterruptEndsTheSleep() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        Thread[] t = new Thread[1];
        CompletableFuture<Object> got = new CompletableFuture<>();
        t[0] = Thread.ofPlatform().start(() -> {
            try {
                got.complete(q.receive(64, TypeSelector.exactly(5)).text());
            } catch (Throwable e) {
                got.complete(e);
            }
        });
        Thread.sleep(100);
        assertThat(state(t[0])).isEqualTo("RUNNABLE"); // in native code, not parked
        q.send(5, "five".getBytes(StandardCharsets.UTF_8));
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("five");

        CompletableFuture<Object> outcome = onPlatformThread(() -> q.receive(64, TypeSelector.exactly(9)), t);
        Thread.sleep(100);
        q.send(1, "not for you".getBytes(StandardCharsets.UTF_8));
        long t0 = System.nanoTime();
        t[0].interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(2));
        assertThat(q.stat().messages()).isEqualTo(1);
    }

    @Test
    void aWaitingMessageIsTakenDespiteAZeroTimeoutOrAPendingInterrupt() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        q.send(1, "one".getBytes(StandardCharsets.UTF_8), Duration.ZERO);
        assertThat(q.receive(16, TypeSelector.any(), Duration.ZERO).text()).isEqualTo("one");
        Thread.currentThread().interrupt();
        try {
            q.send(2, "two".getBytes(StandardCharsets.UTF_8));
            assertThat(q.receive(16, TypeSelector.any()).text()).isEqualTo("two");
            assertThatThrownBy(() -> q.receive(16, TypeSelector.any())).isInstanceOf(InterruptedIOException.class);
        } finally {
            Thread.interrupted();
        }
        assertThatThrownBy(() -> q.receive(16, TypeSelector.any(), Duration.ZERO)).isInstanceOf(TimedOutException.class);
    }

    @Test
    void aSleepingReceiverTimesOut() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> q.receive(10, TypeSelector.any(), Duration.ofMillis(60)))
                .isInstanceOf(TimedOutException.class);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ms).isBetween(55L, 2000L);
    }

    @Test
    void removalWakesASleepingReceiverWithEidrm() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        Thread[] t = new Thread[1];
        CompletableFuture<Object> outcome = onPlatformThread(() -> q.receive(10, TypeSelector.any()), t);
        Thread.sleep(100);
        q.remove();
        assertThat(outcome.get(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIDRM));
    }

    @Test
    void aSleepingSenderWaitsForRoomTimesOutAndIsInterrupted() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        byte[] chunk = new byte[1024];
        while (q.trySend(1, chunk)) {
            // fill it
        }
        assertThatThrownBy(() -> q.send(1, chunk, Duration.ofMillis(50))).isInstanceOf(TimedOutException.class);
        Thread[] t = new Thread[1];
        CompletableFuture<Object> sent = onPlatformThread(() -> q.send(2, chunk), t);
        Thread.sleep(100);
        assertThat(sent).isNotDone();
        q.receive(chunk.length, TypeSelector.exactly(1));
        assertThat(sent.get(10, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(q.tryReceive(chunk.length, TypeSelector.exactly(2))).isPresent();

        CompletableFuture<Object> stuck = onPlatformThread(() -> {
            while (true) {
                q.send(3, chunk);
            }
        }, t);
        Thread.sleep(100);
        t[0].interrupt();
        assertThat(stuck.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
    }

    @Test
    void pingPongBetweenTwoPlatformThreads() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        int rounds = 2000;
        Thread[] t = new Thread[1];
        CompletableFuture<Object> pong = onPlatformThread(() -> {
            for (int i = 0; i < rounds; i++) {
                Message m = q.receive(16, TypeSelector.exactly(1));
                q.send(2, m.data());
            }
        }, t);
        for (int i = 0; i < rounds; i++) {
            q.send(1, new byte[] {(byte) i});
            assertThat(q.receive(16, TypeSelector.exactly(2)).data()).containsExactly((byte) i);
        }
        assertThat(pong.get(10, TimeUnit.SECONDS)).isEqualTo("done");
    }
}
