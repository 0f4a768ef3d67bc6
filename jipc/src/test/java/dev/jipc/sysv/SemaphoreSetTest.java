package dev.jipc.sysv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.testing.BlockedThreads;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SemaphoreSetTest {
    private final Cleanup cleanup = new Cleanup();

    @AfterEach
    void removeAll() {
        cleanup.close();
    }

    private static void assertErrno(Errno expected, SharedMemoryTest.ThrowingRunnable r) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ErrnoException.class,
                e -> assertThat(e.errno()).as(e.getMessage()).isEqualTo(expected));
    }

    /** perlipc's take: wait for zero, then increment; its give: decrement. */
    static void take(SemaphoreSet s) throws Exception {
        s.op(SemOp.waitZero(0), SemOp.add(0, 1));
    }

    static void give(SemaphoreSet s) throws Exception {
        s.op(SemOp.add(0, -1));
    }

    @Test
    void valuesOneAndAll() throws Exception {
        SemaphoreSet s = cleanup.add(SemaphoreSet.create(IpcKey.PRIVATE, 3));
        assertThat(s.size()).isEqualTo(3);
        assertThat(s.getAll()).containsExactly(0, 0, 0);
        s.set(1, 5);
        assertThat(s.get(1)).isEqualTo(5);
        s.setAll(1, 2, 32767);
        assertThat(s.getAll()).containsExactly(1, 2, 32767);
        assertThat(s.stat().permissions().mode()).isEqualTo(0600);
        assertThat(s.stat().count()).isEqualTo(3);
    }

    @Test
    void opsApplyAtomicallyAllOrNone() throws Exception {
        SemaphoreSet s = cleanup.add(SemaphoreSet.create(IpcKey.PRIVATE, 2));
        s.set(0, 1);
        assertThat(s.op(SemOp.add(0, -1).withNoWait(), SemOp.add(1, -1).withNoWait())).isFalse();
        assertThat(s.getAll()).containsExactly(1, 0);
        assertThat(s.op(SemOp.add(0, -1), SemOp.add(1, 3))).isTrue();
        assertThat(s.getAll()).containsExactly(0, 3);
        assertThat(s.lastPid(0)).isEqualTo((int) ProcessHandle.current().pid());
        assertThat(s.stat().lastOp()).isNotNull();
    }

    @Test
    void perlipcTakeWaitsForGiveInAnotherThread() throws Exception {
        SemaphoreSet s = cleanup.add(SemaphoreSet.create(IpcKey.PRIVATE, 1));
        take(s);
        assertThat(s.get(0)).isEqualTo(1);
        for (boolean virtual : new boolean[] {true, false}) {
            CompletableFuture<Void> taken = new CompletableFuture<>();
            (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                try {
                    take(s);
                    taken.complete(null);
                } catch (Exception e) {
                    taken.completeExceptionally(e);
                }
            });
            assertThatThrownBy(() -> taken.get(100, TimeUnit.MILLISECONDS))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            give(s);
            taken.get(30, TimeUnit.SECONDS);
            assertThat(s.get(0)).isEqualTo(1);
        }
    }

    @Test
    void aPlatformWaiterIsCountedByTheKernel() throws Exception {
        SemaphoreSet s = cleanup.add(SemaphoreSet.create(IpcKey.PRIVATE, 1));
        s.set(0, 1);
        Thread zero = Thread.ofPlatform().start(() -> {
            try {
                s.op(SemOp.waitZero(0));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread incr = Thread.ofPlatform().start(() -> {
            try {
                s.op(SemOp.add(0, -2));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        while (s.waitingForZero(0) != 1 || s.waitingForIncrease(0) != 1) {
            Thread.sleep(5);
        }
        s.set(0, 2); // the -2 goes through, then the value is zero
        incr.join();
        zero.join();
        assertThat(s.get(0)).isZero();
    }

    @Test
    void noWaitOnABusySemaphoreIsFalseAndTimeoutThrows() throws Exception {
        SemaphoreSet s = cleanup.add(SemaphoreSet.create(IpcKey.PRIVATE, 1));
        assertThat(s.op(SemOp.add(0, -1).withNoWait())).isFalse();
        assertThatThrownBy(() -> s.op(Duration.ofMillis(50), SemOp.add(0, -1)))
                .isInstanceOf(TimedOutException.class).hasMessageContaining("semop id " + s.id());
        Thread.ofVirtual().start(() -> {
            try {
                s.op(Duration.ofMillis(50), SemOp.add(0, -1));
            } catch (TimedOutException expected) {
                return;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            throw new AssertionError("no timeout");
        }).join();
        assertThat(s.get(0)).isZero();
    }

    @Test
    void anAvailableSemaphoreIsTakenDespiteAZeroTimeoutOrAPendingInterrupt() throws Exception {
        SemaphoreSet s = cleanup.add(SemaphoreSet.create(IpcKey.PRIVATE, 1));
        s.set(0, 2);
        assertThat(s.op(Duration.ZERO, SemOp.add(0, -1))).isTrue();
        Thread.currentThread().interrupt();
        try {
            assertThat(s.op(SemOp.add(0, -1))).isTrue();
            assertThatThrownBy(() -> s.op(SemOp.add(0, -1))).isInstanceOf(InterruptedIOException.class);
        } finally {
            Thread.interrupted();
        }
        assertThatThrownBy(() -> s.op(Duration.ZERO, SemOp.add(0, -1))).isInstanceOf(TimedOutException.class);
        assertThat(s.get(0)).isZero();
    }

    @Test
    void anInterruptedWaitThrowsAndAppliesNothing() throws Exception {
        SemaphoreSet s = cleanup.add(SemaphoreSet.create(IpcKey.PRIVATE, 2));
        for (boolean virtual : new boolean[] {true, false}) {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                try {
                    s.op(SemOp.add(1, 1), SemOp.add(0, -1));
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            Thread.sleep(50);
            t.interrupt();
            assertThat(outcome.get(30, TimeUnit.SECONDS)).as("virtual %s", virtual).isInstanceOf(InterruptedIOException.class);
            assertThat(s.getAll()).containsExactly(0, 0);
        }
    }

    @Test
    void removalWakesWaitersWithEidrm() throws Exception {
        for (boolean virtual : new boolean[] {true, false}) {
            SemaphoreSet s = cleanup.add(SemaphoreSet.create(IpcKey.PRIVATE, 1));
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                try {
                    s.op(SemOp.add(0, -1));
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            // Removing the set before the waiter's first attempt is a different case (EINVAL).
            if (virtual) {
                BlockedThreads.awaitParked(waiter); // virtual threads park between attempts
            } else {
                while (s.waitingForIncrease(0) == 0) {
                    Thread.sleep(5); // a platform thread sleeps in semtimedop
                }
            }
            s.remove();
            assertThat(outcome.get(30, TimeUnit.SECONDS)).as("virtual %s", virtual)
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EIDRM));
            assertErrno(Errno.EINVAL, s::remove);
        }
    }

    @Test
    void badInput() throws Exception {
        IpcKey key = Cleanup.uniqueKey();
        assertErrno(Errno.ENOENT, () -> SemaphoreSet.open(key));
        SemaphoreSet s = cleanup.add(SemaphoreSet.createExclusive(key, 2, 0600));
        assertErrno(Errno.EEXIST, () -> SemaphoreSet.createExclusive(key, 2, 0600));
        assertThat(SemaphoreSet.open(key).id()).isEqualTo(s.id());
        assertErrno(Errno.EINVAL, () -> SemaphoreSet.create(key, 5)); // more than the set has
        assertErrno(Errno.EINVAL, () -> SemaphoreSet.create(IpcKey.PRIVATE, 0));
        assertErrno(Errno.ERANGE, () -> s.set(0, 32768));
        assertErrno(Errno.ERANGE, () -> s.setAll(1, 40000));
        assertErrno(Errno.EFBIG, () -> s.op(SemOp.add(7, 1)));
        s.set(0, 32767);
        assertErrno(Errno.ERANGE, () -> s.op(SemOp.add(0, 1)));
    }

    @Test
    void undoIsReleasedWhenTheHolderIsKilled() throws Exception {
        PerlPrograms.assumePerl();
        SemaphoreSet s = cleanup.add(SemaphoreSet.create(IpcKey.PRIVATE, 1));
        // The child takes the semaphore with SEM_UNDO, says so, and sleeps until killed.
        Process p = PerlPrograms.start("""
                use IPC::SysV qw(SEM_UNDO);
                $| = 1;
                semop($ARGV[0], pack("s!s!s!", 0, 1, SEM_UNDO)) || die "semop: $!";
                print "held\\n";
                sleep 60;
                """, String.valueOf(s.id()));
        try {
            assertThat(PerlPrograms.line(p)).isEqualTo("held");
            assertThat(s.get(0)).isEqualTo(1);
            p.destroyForcibly(); // SIGKILL: no chance to clean up, the kernel's undo does it
        } finally {
            p.destroyForcibly().waitFor();
        }
        assertThat(s.get(0)).isZero();
    }
}
