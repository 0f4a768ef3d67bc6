package dev.jipc.signal;

/**
 * What to do when a signal arrives: perlipc's {@code $SIG{INT} = sub { ... }}.
 *
 * <p>Runs on the JVM's signal-delivery thread or on jipc's dispatcher thread, one handler at a time
 * and never in signal context, so it may do anything Java
 * code can: allocate, lock, log, do I/O, even {@link Restart#execSelf()}. While it runs, the handlers
 * of other signals wait, so a handler that has long work to do should hand it to another thread.
 * An exception it throws is logged (System.Logger {@code dev.jipc.signal}) and dispatch goes on.
 */
@FunctionalInterface
public interface SignalHandler {
    /**
     * Handles one delivery of {@code signal}; arrivals that came in while it was pending are folded
     * into this one (see {@link Signals} on coalescing).
     */
    void handle(Signal signal) throws Exception;
}
