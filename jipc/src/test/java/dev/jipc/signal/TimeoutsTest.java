package dev.jipc.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.TimedOutException;
import dev.jipc.io.NamedPipe;
import dev.jipc.io.Pipe;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.posixipc.PosixMessageQueue;
import dev.jipc.posixipc.PosixSemaphore;
import dev.jipc.sysv.IpcKey;
import dev.jipc.sysv.MessageQueue;
import dev.jipc.sysv.SemOp;
import dev.jipc.sysv.SemaphoreSet;
import dev.jipc.sysv.TypeSelector;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The alarm pattern around every kind of blocking call; generous deadlines never decide a result. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeoutsTest {
    private static final Duration SHORT = Duration.ofMillis(200);

    @TempDir
    Path dir;

    private static void assertTimedOut(Throwable e, String what, Class<? extends Throwable> cause) {
        assertThat(e).isInstanceOfSatisfying(TimedOutException.class, t -> {
            assertThat(t.operation()).isEqualTo(what);
            assertThat(t.timeout()).isEqualTo(SHORT);
            assertThat(t).hasMessage(what + ": timed out after 200ms");
        }).hasCauseInstanceOf(cause);
        assertThat(Thread.currentThread().isInterrupted()).as("interrupt cleared").isFalse();
    }

    @Test
    void fdReadOnAPipeNobodyWritesTo() throws Exception {
        try (Pipe p = Pipe.open()) {
            Throwable e = catchIt(() -> Timeouts.run(SHORT, "read the reply", () -> p.reader().read(new byte[10])));
            assertTimedOut(e, "read the reply", InterruptedIOException.class);
            // The descriptor survives: data written now is read.
            p.writer().writeFully(new byte[] {42});
            byte[] b = new byte[1];
            assertThat(Timeouts.run(Duration.ofSeconds(30), "read again", () -> p.reader().read(b))).isEqualTo(1);
            assertThat(b[0]).isEqualTo((byte) 42);
        }
    }

    @Test
    void fdWriteToAFullPipe() throws Exception {
        try (Pipe p = Pipe.open(Pipe.KERNEL_DEFAULT)) {
            byte[] chunk = new byte[1 << 20];
            Throwable e = catchIt(() -> Timeouts.runVoid(SHORT, "write the request", () -> p.writer().writeFully(chunk)));
            assertTimedOut(e, "write the request", InterruptedIOException.class);
        }
    }

    @Test
    void fdReadOnAVirtualThread() throws Exception {
        AtomicReference<Throwable> got = new AtomicReference<>();
        try (Pipe p = Pipe.open()) {
            Thread t = Thread.ofVirtual().start(() -> got.set(catchIt(
                    () -> Timeouts.run(SHORT, "read on a virtual thread", () -> p.reader().read(new byte[10])))));
            t.join();
        }
        assertThat(got.get()).isInstanceOf(TimedOutException.class);
    }

    @Test
    void fifoOpenWithNoWriter() throws Exception {
        NamedPipe fifo = NamedPipe.at(dir.resolve("q")).create();
        Throwable e = catchIt(() -> Timeouts.run(SHORT, "open the fifo", fifo::openReader));
        assertTimedOut(e, "open the fifo", InterruptedIOException.class);
        fifo.delete();
    }

    @Test
    void waitForAChildThatKeepsRunning() throws Exception {
        try (ChildProcess c = Command.of("sleep", "30").start()) {
            Throwable e = catchIt(() -> Timeouts.run(SHORT, "wait for sleep", c::waitFor));
            assertTimedOut(e, "wait for sleep", InterruptedIOException.class);
            assertThat(c.isAlive()).isTrue();
            c.signal(Signal.SIGKILL);
            assertThat(c.waitFor()).isEqualTo(new ExitStatus.Signaled(Signal.SIGKILL, false));
        }
    }

    @Test
    void semopOnASemaphoreNobodyGives() throws Exception {
        SemaphoreSet sem = SemaphoreSet.create(IpcKey.PRIVATE, 1);
        try {
            Throwable e = catchIt(() -> Timeouts.run(SHORT, "take the semaphore", () -> sem.op(SemOp.add(0, -1))));
            assertTimedOut(e, "take the semaphore", InterruptedIOException.class);
            sem.set(0, 1);
            assertThat(Timeouts.run(Duration.ofSeconds(30), "take again", () -> sem.op(SemOp.add(0, -1)))).isTrue();
        } finally {
            sem.remove();
        }
    }

    @Test
    void msgrcvOnAnEmptyQueue() throws Exception {
        MessageQueue q = MessageQueue.create(IpcKey.PRIVATE);
        try {
            Throwable e = catchIt(() -> Timeouts.run(SHORT, "receive", () -> q.receive(64, TypeSelector.any())));
            assertTimedOut(e, "receive", InterruptedIOException.class);
            q.send(7, new byte[] {1});
            assertThat(Timeouts.run(Duration.ofSeconds(30), "receive again", () -> q.receive(64, TypeSelector.any())).type())
                    .isEqualTo(7L);
        } finally {
            q.remove();
        }
    }

    @Test
    void msgsndOnAFullQueue() throws Exception {
        MessageQueue q = MessageQueue.create(IpcKey.PRIVATE);
        try {
            byte[] chunk = new byte[1024];
            while (q.trySend(1, chunk)) {
                // fill it up to its byte limit
            }
            Throwable e = catchIt(() -> Timeouts.runVoid(SHORT, "send", () -> q.send(1, chunk)));
            assertTimedOut(e, "send", InterruptedIOException.class);
        } finally {
            q.remove();
        }
    }

    @Test
    void posixSemaphoreAndMessageQueue() throws Exception {
        String name = "/jipc-timeouts-" + ProcessHandle.current().pid();
        try (PosixSemaphore sem = PosixSemaphore.create(name, 0)) {
            PosixSemaphore.unlink(name);
            assertTimedOut(catchIt(() -> Timeouts.runVoid(SHORT, "sem_wait", sem::acquire)), "sem_wait",
                    InterruptedIOException.class);
        }
        try (PosixMessageQueue q = PosixMessageQueue.create(name, 4, 64)) {
            PosixMessageQueue.unlink(name);
            assertTimedOut(catchIt(() -> Timeouts.run(SHORT, "mq_receive", q::receive)), "mq_receive",
                    InterruptedIOException.class);
        }
    }

    @Test
    void jdkInterruptibleCalls() {
        assertTimedOut(catchIt(() -> Timeouts.runVoid(SHORT, "sleep", () -> Thread.sleep(30_000))),
                "sleep", InterruptedException.class);
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        assertTimedOut(catchIt(() -> Timeouts.run(SHORT, "take", q::take)), "take", InterruptedException.class);
    }

    @Test
    void inTimeReturnsTheResultAndLeavesNoInterrupt() throws Exception {
        assertThat(Timeouts.run(Duration.ofSeconds(30), "quick", () -> "done")).isEqualTo("done");
        assertThat(Timeouts.run(Duration.ZERO, "instant", () -> "done")).isEqualTo("done");
        Thread.sleep(50); // a timer that was cancelled must not interrupt this
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anExternalInterruptIsNotATimeout() throws Exception {
        Thread me = Thread.currentThread();
        Thread other = Thread.ofPlatform().start(() -> {
            while (me.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            me.interrupt();
        });
        assertThatThrownBy(() -> Timeouts.runVoid(Duration.ofSeconds(30), "sleep", () -> Thread.sleep(30_000)))
                .isInstanceOf(InterruptedException.class);
        other.join();
        Thread.interrupted();
    }

    @Test
    void otherExceptionsPassThrough() {
        assertThatThrownBy(() -> Timeouts.run(Duration.ofSeconds(30), "x", () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    interface Thrower {
        void run() throws Throwable;
    }

    private static Throwable catchIt(Thrower t) {
        try {
            t.run();
        } catch (Throwable e) {
            return e;
        }
        throw new AssertionError("expected an exception");
    }
}
