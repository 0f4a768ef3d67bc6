package dev.jipc.signal;

import dev.jipc.TimedOutException;
import dev.jipc.internal.ServiceThreads;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * perlipc's alarm pattern done safely: run a blocking action with a deadline, and when the deadline
 * passes interrupt the thread running it.
 *
 * <pre>{@code
 * String line = Timeouts.run(Duration.ofSeconds(5), "read the greeting", () -> reader.readLine());
 * }</pre>
 *
 * <p>Perl's {@code eval { local $SIG{ALRM} = sub { die }; alarm 5; ...; alarm 0 }} needs a signal, a
 * process-wide timer and a {@code die} out of a handler; here the timer belongs to this one call and
 * the "die" is a thread interrupt, which every blocking call in jipc answers at once (Fd reads and
 * writes, fifo opens, {@code ChildProcess.waitFor}, ...) and so do the JDK's interruptible waits
 * ({@link Thread#sleep}, {@link java.util.concurrent.BlockingQueue#take}, locks, futures). The action
 * fails with whatever it throws on interruption, and {@code run} turns that into a
 * {@link TimedOutException} naming {@code what} and the timeout, with the original as its cause, and
 * clears the interrupt it caused. An interrupt from anyone else is not a timeout: the action's own
 * exception passes through unchanged. Code that does not respond to interruption (a busy loop, a
 * blocking call outside jipc that ignores interrupts) simply runs on past the deadline.
 *
 * <p>One daemon timer thread serves every call; a call that finishes in time cancels its timer.
 */
public final class Timeouts {
    private Timeouts() {}

    /**
     * A blocking action, allowed to throw.
     *
     * @param <T> its result
     * @param <X> what it throws
     */
    @FunctionalInterface
    public interface Action<T, X extends Exception> {
        /** Does the work. */
        T run() throws X;
    }

    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                r -> ServiceThreads.unstarted("jipc-timeouts", r));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int FIRING = 2;
    private static final int FIRED = 3;

    /**
     * Runs {@code action} on the calling thread, interrupting it if it is still running after
     * {@code timeout}.
     *
     * @param what what is being waited for, for the exception message
     * @throws TimedOutException if the deadline passed and the action gave up because of it
     * @throws X whatever the action throws otherwise
     */
    public static <T, X extends Exception> T run(Duration timeout, String what, Action<T, X> action)
            throws X, TimedOutException {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(what, "what");
        Thread caller = Thread.currentThread();
        AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> timer = TIMER.schedule(() -> {
            if (state.compareAndSet(RUNNING, FIRING)) {
                caller.interrupt();
                state.set(FIRED);
            }
        }, Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
        T result;
        try {
            result = action.run();
        } catch (Exception e) {
            if (finish(state, timer)) {
                TimedOutException t = new TimedOutException(what, timeout);
                t.initCause(e);
                throw t;
            }
            throw e;
        } catch (Error e) {
            finish(state, timer);
            throw e;
        }
        finish(state, timer);
        return result;
    }

    /**
     * Ends the race with the timer: true if the timer fired (its interrupt is then cleared).
     */
    private static boolean finish(AtomicInteger state, ScheduledFuture<?> timer) {
        if (state.compareAndSet(RUNNING, DONE)) {
            timer.cancel(false);
            return false;
        }
        while (state.get() != FIRED) {
            Thread.onSpinWait(); // the timer is between its two steps: a few instructions
        }
        Thread.interrupted();
        return true;
    }

    /** Like {@link #run(Duration, String, Action)} for an action with no result. */
    public static <X extends Exception> void runVoid(Duration timeout, String what, VoidAction<X> action)
            throws X, TimedOutException {
        run(timeout, what, () -> {
            action.run();
            return null;
        });
    }

    /**
     * A blocking action with no result.
     *
     * @param <X> what it throws
     */
    @FunctionalInterface
    public interface VoidAction<X extends Exception> {
        /** Does the work. */
        void run() throws X;
    }
}
