package dev.jipc.posixipc;

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
class PosixSemaphoreTest {

    @Test
    void postAndAcquireCountDownAndUp() throws Exception {
        String name = TestNames.next("sem");
        try (PosixSemaphore s = PosixSemaphore.create(name, 2)) {
            assertThat(s.value()).isEqualTo(2);
            assertThat(s.tryAcquire()).isTrue();
            s.acquire();
            assertThat(s.tryAcquire()).isFalse();
            s.post();
            assertThat(s.value()).isOne();
        } finally {
            PosixSemaphore.unlink(name);
        }
    }

    @ParameterizedTest(name = "virtual waiter: {0}")
    @ValueSource(booleans = {true, false})
    void aWaiterInAnotherThreadTakesWhatIsPosted(boolean virtual) throws Exception {
        String name = TestNames.next("sem");
        try (PosixSemaphore a = PosixSemaphore.create(name, 0);
             PosixSemaphore b = PosixSemaphore.open(name)) {
            // ping-pong through two openings of the same name
            String pong = TestNames.next("sem");
            try (PosixSemaphore back = PosixSemaphore.create(pong, 0)) {
                Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform();
                AtomicReference<Throwable> failed = new AtomicReference<>();
                Thread t = builder.start(() -> {
                    try {
                        for (int i = 0; i < 200; i++) {
                            b.acquire(Duration.ofSeconds(30));
                            back.post();
                        }
                    } catch (Throwable e) {
                        failed.set(e);
                    }
                });
                for (int i = 0; i < 200; i++) {
                    a.post();
                    back.acquire(Duration.ofSeconds(30));
                }
                t.join();
                assertThat(failed.get()).isNull();
                assertThat(a.value()).isZero();
            } finally {
                PosixSemaphore.unlink(pong);
            }
        } finally {
            PosixSemaphore.unlink(name);
        }
    }

    @ParameterizedTest(name = "virtual waiter: {0}")
    @ValueSource(booleans = {true, false})
    void anInterruptedWaitTakesNothing(boolean virtual) throws Exception {
        String name = TestNames.next("sem");
        try (PosixSemaphore s = PosixSemaphore.create(name, 0)) {
            CompletableFuture<Throwable> result = new CompletableFuture<>();
            Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                try {
                    s.acquire();
                    result.complete(null);
                } catch (Throwable e) {
                    result.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("status cleared", e));
                }
            });
            Thread.sleep(100);
            t.interrupt();
            assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
            s.post();
            assertThat(s.value()).as("the interrupted waiter took nothing").isOne();
        } finally {
            PosixSemaphore.unlink(name);
        }
    }

    @Test
    void aTimedOutWaitTakesNothing() throws Exception {
        String name = TestNames.next("sem");
        try (PosixSemaphore s = PosixSemaphore.create(name, 0)) {
            assertThatThrownBy(() -> s.acquire(Duration.ofMillis(50))).isInstanceOf(TimedOutException.class);
            assertThatThrownBy(() -> s.acquire(Duration.ZERO)).isInstanceOf(TimedOutException.class);
            assertThat(s.value()).isZero();
        } finally {
            PosixSemaphore.unlink(name);
        }
    }

    @Test
    void closingWakesAWaiter() throws Exception {
        String name = TestNames.next("sem");
        PosixSemaphore s = PosixSemaphore.create(name, 0);
        try {
            CompletableFuture<Throwable> result = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    s.acquire();
                    result.complete(null);
                } catch (Throwable e) {
                    result.complete(e);
                }
            });
            Thread.sleep(100);
            s.close();
            assertThat(result.get(30, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
            assertThatThrownBy(s::post).isInstanceOf(java.nio.channels.ClosedChannelException.class);
        } finally {
            s.close();
            PosixSemaphore.unlink(name);
        }
    }

    @Test
    void errorsAreTyped() throws Exception {
        String name = TestNames.next("sem");
        assertThatThrownBy(() -> PosixSemaphore.open(name))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT))
                .hasMessageContaining("sem_open " + name);
        try (PosixSemaphore ignored = PosixSemaphore.create(name, 0);
             PosixSemaphore same = PosixSemaphore.createOrOpen(name, 5, 0600)) {
            assertThat(same.value()).as("an existing semaphore keeps its value").isZero();
            assertThatThrownBy(() -> PosixSemaphore.create(name, 0))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        }
        PosixSemaphore.unlink(name);
        assertThatThrownBy(() -> PosixSemaphore.unlink(name))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }
}
