package dev.jipc.sysv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.io.Pipe;
import dev.jipc.testing.BlockedThreads;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MessageQueueTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void removeAll() {
        cleanup.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertErrno(Errno expected, SharedMemoryTest.ThrowingRunnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ErrnoException.class,
                e -> assertThat(e.errno()).as(e.getMessage()).isEqualTo(expected));
    }

    @Test
    void perlipcRoundTrip() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        q.send(1234, bytes("message"));
        Message m = q.receive(60, TypeSelector.any());
        assertThat(m.type()).isEqualTo(1234);
        assertThat(m.text()).isEqualTo("message");
    }

    @Test
    void selectorsPickByType() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        for (long t : new long[] {5, 3, 7, 3}) {
            q.send(t, bytes("t" + t));
        }
        assertThat(q.stat().messages()).isEqualTo(4);
        assertThat(q.stat().bytes()).isEqualTo(8);
        assertThat(q.receive(10, TypeSelector.exactly(7)).type()).isEqualTo(7);
        assertThat(q.receive(10, TypeSelector.lowestUpTo(6)).type()).isEqualTo(3);
        assertThat(q.receive(10, TypeSelector.except(3)).type()).isEqualTo(5);
        assertThat(q.tryReceive(10, TypeSelector.exactly(5))).isEmpty();
        assertThat(q.receive(10, TypeSelector.any()).type()).isEqualTo(3);
        assertThat(q.tryReceive(10, TypeSelector.any())).isEmpty();
        MessageQueue.Stat st = q.stat();
        assertThat(st.lastSendPid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(st.lastReceivePid()).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(st.permissions().mode()).isEqualTo(0600);
    }

    @Test
    void tooLongMessagesFailWithE2bigOrAreTruncated() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        q.send(1, bytes("0123456789"));
        assertErrno(Errno.E2BIG, () -> q.receive(4, TypeSelector.any()));
        assertThat(q.stat().messages()).as("still queued").isEqualTo(1);
        assertThat(q.receive(4, TypeSelector.any(), ReceiveOption.TRUNCATE).text()).isEqualTo("0123");
        assertThat(q.stat().messages()).isZero();
    }

    @Test
    void fullQueueAndOversizedMessages() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        long limit = q.stat().maxBytes();
        int msgmax = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/msgmax")).getFirst().trim());
        assertErrno(Errno.EINVAL, () -> q.trySend(1, new byte[msgmax + 1]));
        assertErrno(Errno.EINVAL, () -> q.send(0, bytes("type 0")));
        byte[] chunk = new byte[(int) Math.min(msgmax, limit)];
        while (q.trySend(1, chunk)) {
            // fill it
        }
        assertThat(q.stat().bytes()).isGreaterThan(limit - chunk.length);
        assertThatThrownBy(() -> q.send(1, chunk, Duration.ofMillis(50))).isInstanceOf(TimedOutException.class);
        CompletableFuture<Void> sent = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                q.send(2, chunk);
                sent.complete(null);
            } catch (Exception e) {
                sent.completeExceptionally(e);
            }
        });
        q.receive(chunk.length, TypeSelector.exactly(1));
        sent.get(30, TimeUnit.SECONDS);
        assertThat(q.tryReceive(chunk.length, TypeSelector.exactly(2))).isPresent();
    }

    @Test
    void receiveTimesOut() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        assertThatThrownBy(() -> q.receive(10, TypeSelector.any(), Duration.ofMillis(30)))
                .isInstanceOf(TimedOutException.class).hasMessageContaining("msgrcv id " + q.id());
    }

    @Test
    void anInterruptedReceiveThrowsAndTakesNothing() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                q.receive(10, TypeSelector.exactly(9));
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        Thread.sleep(50);
        q.send(1, bytes("not for you"));
        t.interrupt();
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
        assertThat(q.stat().messages()).isEqualTo(1);
    }

    @Test
    void removalWakesAReceiverWithEidrm() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                q.receive(10, TypeSelector.any());
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        // Removing the queue before the receiver's first attempt is a different case (EINVAL): a
        // virtual thread parks between attempts, so wait until it has.
        BlockedThreads.awaitParked(receiver);
        q.remove();
        assertThat(outcome.get(30, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIDRM));
        assertErrno(Errno.EINVAL, q::remove);
    }

    @Test
    void badKeys() throws Exception {
        IpcKey key = Cleanup.uniqueKey();
        assertErrno(Errno.ENOENT, () -> MessageQueue.open(key));
        MessageQueue q = cleanup.add(MessageQueue.createExclusive(key, 0600));
        assertErrno(Errno.EEXIST, () -> MessageQueue.createExclusive(key, 0600));
        assertThat(MessageQueue.open(key).id()).isEqualTo(q.id());
        assertThat(SysvListing.messageQueues()).anySatisfy(e -> {
            assertThat(e.id()).isEqualTo(q.id());
            assertThat(e.key()).isEqualTo(key);
            assertThat(e.mode()).isEqualTo(0600);
        });
    }

    @Test
    void twoHundredWaitingReceiversDoNotStarveOtherVirtualThreads() throws Exception {
        MessageQueue q = cleanup.add(MessageQueue.create(IpcKey.PRIVATE));
        int waiters = 200;
        CountDownLatch done = new CountDownLatch(waiters);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < waiters; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    q.receive(16, TypeSelector.any());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                } finally {
                    done.countDown();
                }
            }));
        }
        Thread.sleep(100); // let them all settle into their waits
        // Another virtual thread still gets pipe round trips and a computation done.
        CompletableFuture<Long> work = new CompletableFuture<>();
        try (Pipe a = Pipe.open(); Pipe b = Pipe.open()) {
            Thread.ofVirtual().start(() -> {
                try {
                    byte[] buf = new byte[1];
                    for (int i = 0; i < 100; i++) {
                        a.writer().writeFully(new byte[] {(byte) i});
                        b.reader().read(buf);
                    }
                    long sum = 0;
                    for (int i = 0; i < 10_000_000; i++) {
                        sum += i % 7;
                    }
                    work.complete(sum);
                } catch (Exception e) {
                    work.completeExceptionally(e);
                }
            });
            Thread echo = Thread.ofVirtual().start(() -> {
                try {
                    byte[] buf = new byte[1];
                    for (int i = 0; i < 100; i++) {
                        a.reader().read(buf);
                        b.writer().writeFully(buf);
                    }
                } catch (Exception e) {
                    work.completeExceptionally(e);
                }
            });
            assertThat(work.get(60, TimeUnit.SECONDS)).isPositive();
            echo.join();
        }
        assertThat(done.getCount()).as("no receiver got anything").isEqualTo(waiters);
        for (int i = 0; i < waiters; i++) {
            q.send(1, bytes("go"));
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        for (Thread t : threads) {
            t.join();
        }
    }
}
