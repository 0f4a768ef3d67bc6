package dev.jipc.posixipc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import java.io.InterruptedIOException;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PosixMessageQueueTest {

    @Test
    void higherPrioritiesComeFirstAndAttributesCount() throws Exception {
        String name = TestNames.next("mq");
        try (PosixMessageQueue q = PosixMessageQueue.create(name, 8, 64)) {
            q.send("low".getBytes(UTF_8), 1);
            q.send("high".getBytes(UTF_8), 9);
            q.send("low2".getBytes(UTF_8), 1);
            assertThat(q.attributes()).isEqualTo(new QueueAttributes(8, 64, 3));
            PosixMessage m = q.receive();
            assertThat(new String(m.bytes(), UTF_8)).isEqualTo("high");
            assertThat(m.priority()).isEqualTo(9);
            assertThat(new String(q.receive().bytes(), UTF_8)).isEqualTo("low");
            assertThat(new String(q.receive().bytes(), UTF_8)).isEqualTo("low2");
            q.send(new byte[0], 0);
            assertThat(q.receive().bytes()).isEmpty();
        } finally {
            PosixMessageQueue.unlink(name);
        }
    }

    @ParameterizedTest(name = "virtual threads: {0}")
    @ValueSource(booleans = {true, false})
    void twoThreadsExchangeThroughAFullQueue(boolean virtual) throws Exception {
        String name = TestNames.next("mq");
        try (PosixMessageQueue writer = PosixMessageQueue.create(name, 2, 16);
             PosixMessageQueue reader = PosixMessageQueue.open(name)) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                try {
                    for (int i = 0; i < 500; i++) {
                        writer.send(String.valueOf(i).getBytes(UTF_8), 0, Duration.ofSeconds(30));
                    }
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            for (int i = 0; i < 500; i++) {
                assertThat(new String(reader.receive(Duration.ofSeconds(30)).bytes(), UTF_8)).isEqualTo(String.valueOf(i));
            }
            t.join();
            assertThat(failed.get()).isNull();
        } finally {
            PosixMessageQueue.unlink(name);
        }
    }

    @ParameterizedTest(name = "virtual waiter: {0}")
    @ValueSource(booleans = {true, false})
    void anInterruptedReceiveTakesNothing(boolean virtual) throws Exception {
        String name = TestNames.next("mq");
        try (PosixMessageQueue q = PosixMessageQueue.create(name, 4, 32)) {
            CompletableFuture<Throwable> result = new CompletableFuture<>();
            Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                try {
                    q.receive();
                    result.complete(null);
                } catch (Throwable e) {
                    result.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("status cleared", e));
                }
            });
            Thread.sleep(100);
            t.interrupt();
            assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
            q.send("kept".getBytes(UTF_8), 0);
            t.join();
            assertThat(q.attributes().currentMessages()).as("the interrupted receiver took nothing").isOne();
            assertThat(new String(q.receive().bytes(), UTF_8)).isEqualTo("kept");
        } finally {
            PosixMessageQueue.unlink(name);
        }
    }

    @Test
    void timeoutsAndCloseEndWaits() throws Exception {
        String name = TestNames.next("mq");
        PosixMessageQueue q = PosixMessageQueue.create(name, 1, 8);
        try {
            assertThatThrownBy(() -> q.receive(Duration.ofMillis(50))).isInstanceOf(TimedOutException.class);
            q.send(new byte[] {1}, 0);
            assertThatThrownBy(() -> q.send(new byte[] {2}, 0, Duration.ofMillis(50))).isInstanceOf(TimedOutException.class);
            assertThat(q.receive().bytes()).containsExactly(1);

            CompletableFuture<Throwable> result = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    q.receive();
                    result.complete(null);
                } catch (Throwable e) {
                    result.complete(e);
                }
            });
            Thread.sleep(100);
            q.close();
            assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
        } finally {
            q.close();
            PosixMessageQueue.unlink(name);
        }
    }

    @Test
    void errorsAreTyped() throws Exception {
        String name = TestNames.next("mq");
        assertThatThrownBy(() -> PosixMessageQueue.open(name))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("mq_open " + name);
        try (PosixMessageQueue q = PosixMessageQueue.create(name, 2, 8)) {
            assertThatThrownBy(() -> PosixMessageQueue.create(name, 2, 8))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
            assertThatThrownBy(() -> q.send(new byte[9], 0))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EMSGSIZE))
                    .hasMessageContaining("at most 8");
            assertThatThrownBy(() -> q.send(new byte[1], 32768))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
            assertThat(q.attributes().currentMessages()).isZero();
        }
        PosixMessageQueue.unlink(name);
        assertThatThrownBy(() -> PosixMessageQueue.unlink(name))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void anUnlinkedQueueKeepsWorkingForThoseWhoHaveItOpen() throws Exception {
        String name = TestNames.next("mq");
        try (PosixMessageQueue a = PosixMessageQueue.create(name, 2, 8);
             PosixMessageQueue b = PosixMessageQueue.open(name)) {
            PosixMessageQueue.unlink(name);
            assertThatThrownBy(() -> PosixMessageQueue.open(name))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
            try (PosixMessageQueue other = PosixMessageQueue.create(name, 1, 4)) {
                assertThat(other.attributes().maxMessages()).as("the name is free for a new queue").isOne();
            } finally {
                PosixMessageQueue.unlink(name);
            }
            a.send("still".getBytes(UTF_8), 0);
            assertThat(new String(b.receive(Duration.ofSeconds(30)).bytes(), UTF_8)).isEqualTo("still");
        }
    }
}
