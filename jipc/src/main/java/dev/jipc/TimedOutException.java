package dev.jipc;

import java.io.IOException;
import java.time.Duration;

/**
 * A blocking operation gave up because its timeout passed. Says what timed out and after how long.
 *
 * <p>Nothing was consumed: a read that times out has taken no bytes, an open that times out has left
 * no descriptor behind, so the operation can simply be retried.
 */
public class TimedOutException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final transient Duration timeout;

    /**
     * @param operation what timed out, e.g. {@code "read fd 7"} or {@code "open fifo /tmp/q for writing"}
     * @param timeout the timeout that passed
     */
    public TimedOutException(String operation, Duration timeout) {
        super(operation + ": timed out after " + pretty(timeout));
        this.operation = operation;
        this.timeout = timeout;
    }

    private static String pretty(Duration d) {
        if (d.isZero()) {
            return "0s (not ready)";
        }
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    /** What timed out. */
    public String operation() {
        return operation;
    }

    /** The timeout that passed. */
    public Duration timeout() {
        return timeout;
    }
}
