package dev.jipc.signal;

/**
 * A request to change what happens on a signal that this process may not change: SIGKILL and SIGSTOP
 * cannot be caught by anyone, HotSpot keeps SIGQUIT and the fault signals for itself, and a few
 * dispositions would break the JVM or jipc (see {@link Signals#ignore} and {@link Signals#reset}).
 * The message and {@link #reason()} say which; {@link #signal()} names the signal.
 */
public class SignalNotHandleableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final Signal signal;
    private final String reason;

    /**
     * @param signal the signal
     * @param reason why, as a sentence fragment: {@code "SIGKILL cannot be caught, blocked or ignored"}
     */
    public SignalNotHandleableException(Signal signal, String reason) {
        super(reason);
        this.signal = signal;
        this.reason = reason;
    }

    /** The signal that was refused. */
    public Signal signal() {
        return signal;
    }

    /** Why it was refused. */
    public String reason() {
        return reason;
    }
}
