package dev.jipc.sysv;

/** Options of {@link MessageQueue#receive}. */
public enum ReceiveOption {
    /**
     * {@code MSG_NOERROR}: a message longer than the maximum size is cut to it (the rest is lost)
     * instead of staying in the queue and failing the receive with {@code E2BIG}.
     */
    TRUNCATE
}
