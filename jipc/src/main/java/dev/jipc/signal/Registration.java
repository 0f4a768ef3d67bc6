package dev.jipc.signal;

/**
 * One change of a signal's disposition made by {@link Signals#handle}, {@link Signals#ignore} or
 * {@link Signals#reset}; closing it restores what was in force before, like leaving the scope of
 * perlipc's {@code local $SIG{ALRM} = ...}.
 *
 * <h2>Nesting</h2>
 * Registrations for one signal form a stack: the newest open one decides what happens. Closing the
 * newest brings back the one below it, or, when none is left, whatever the signal did before jipc
 * first touched it (for SIGINT, SIGTERM and SIGHUP that is the JVM's shutdown handler). Closing an
 * older registration first is allowed: it is simply taken out of the stack and the current
 * disposition does not change, so after any order of closes the signal does what the newest
 * still-open registration says. Closing twice does nothing the second time.
 *
 * <p>After {@link #close()} returns, a handler registered by it is not started again; a run that had
 * already started may still be finishing (unless {@code close} is called from that handler itself).
 */
public final class Registration implements AutoCloseable {
    enum Kind { HANDLE, IGNORE, DEFAULT }

    private final Signal signal;
    private final Kind kind;
    private final SignalHandler handler;
    private volatile boolean open = true;

    Registration(Signal signal, Kind kind, SignalHandler handler) {
        this.signal = signal;
        this.kind = kind;
        this.handler = handler;
    }

    /** The signal whose disposition this registration set. */
    public Signal signal() {
        return signal;
    }

    /** Whether it has not been closed yet. */
    public boolean isOpen() {
        return open;
    }

    Kind kind() {
        return kind;
    }

    SignalHandler handler() {
        return handler;
    }

    /** Takes this registration out of the signal's stack, restoring the previous disposition if it was the newest. */
    @Override
    public void close() {
        if (open) {
            open = false;
            Dispatcher.get().remove(this);
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case HANDLE -> "handler for ";
            case IGNORE -> "ignore ";
            case DEFAULT -> "default action for ";
        } + signal.name() + (open ? "" : " (closed)");
    }
}
