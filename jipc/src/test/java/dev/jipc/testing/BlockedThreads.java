package dev.jipc.testing;

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
}
