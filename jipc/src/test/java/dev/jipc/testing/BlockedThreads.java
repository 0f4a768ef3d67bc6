package dev.jipc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    private static final boolean AARCH64 = System.getProperty("os.arch").equals("aarch64");
    /** read(2) and ppoll(2): where a platform thread waiting for a pipe sleeps. */
    private static final int READ = AARCH64 ? 63 : 0;
    private static final int PPOLL = AARCH64 ? 73 : 271;

    /**
     * Returns once {@code t} (kernel thread id {@code tid}) waits for input: parked on jipc's poller
     * or asleep in {@code read(2)} or {@code ppoll(2)}; or after {@code limit}, so a test that only
     * wants the wait for a sharper check still ends. A {@code tid} of -1 looks at the poller only.
     */
    public static void awaitWaitingForInput(Thread t, int tid, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Path syscall = Path.of("/proc/self/task/" + tid + "/syscall");
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
                String first = Files.readString(syscall).strip().split(" ")[0];
                if (first.equals(String.valueOf(READ)) || first.equals(String.valueOf(PPOLL))) {
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
