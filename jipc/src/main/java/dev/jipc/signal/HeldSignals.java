package dev.jipc.signal;

import java.util.List;

/**
 * A critical section during which the jipc handlers and queues of some signals are held back; see
 * {@link Signals#hold}. Closing it (once; again does nothing) lets what arrived meanwhile through.
 */
public final class HeldSignals implements AutoCloseable {
    private final List<Signal> signals;
    private boolean open = true;

    HeldSignals(List<Signal> signals) {
        this.signals = signals;
    }

    /** The signals held. */
    public List<Signal> signals() {
        return signals;
    }

    /** Ends the hold; signals that arrived meanwhile are delivered unless another hold still covers them. */
    @Override
    public synchronized void close() {
        if (open) {
            open = false;
            Dispatcher.get().release(signals);
        }
    }

    @Override
    public String toString() {
        return "hold " + signals;
    }
}
