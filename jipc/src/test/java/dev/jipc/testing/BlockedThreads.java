package dev.jipc.testing;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until another thread has parked: a test that must act while that thread waits (remove a
 * queue under a receiver, say) then needs no guess of how long getting there takes.
 */
public final class BlockedThreads {
    private BlockedThreads() {}

    /** Returns once {@code t} is parked (WAITING or TIMED_WAITING), or has ended. */
    public static void awaitParked(Thread t) throws InterruptedException {
        while (true) {
            Thread.State st = t.getState();
            if (st == Thread.State.WAITING || st == Thread.State.TIMED_WAITING || st == Thread.State.TERMINATED) {
                return;
            }
            Thread.sleep(5);
        }
    }

    /**
     * Returns once {@code t} (kernel thread id {@code tid}) waits for input: parked on jipc's poller
     * or asleep in {@code read(2)} or {@code ppoll(2)}; or after {@code limit}, so a test that only
     * wants the wait for a sharper check still ends. A {@code tid} of -1 looks at the poller only.
     */
    public static void awaitWaitingForInput(Thread t, int tid, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Object blocker = LockSupport.getBlocker(t);
            if (blocker != null && blocker.getClass().getSimpleName().equals("Poller")) {
                return;
            }
            if (tid < 0) {
                Thread.sleep(1);
                continue;
            }
            try {
                int nr = KernelThreads.currentSyscall(tid);
                if (nr == KernelThreads.READ || nr == KernelThreads.PPOLL) {
                    return;
                }
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                // A thread between states: look again.
            }
            Thread.sleep(1);
        }
    }
}
