package dev.jipc.signal;

/**
 * What {@link Signals#probe(long)} learned by sending signal 0 to a pid (perlipc's
 * {@code kill 0 => $pid}): the kernel checks that the process exists and that we may signal it,
 * and sends nothing.
 */
public enum Liveness {
    /** The process exists and we may signal it (it may be a zombie not yet reaped by its parent). */
    ALIVE,
    /** No process has this pid (ESRCH). */
    NO_SUCH_PROCESS,
    /** The process exists but belongs to someone we may not signal (EPERM). */
    NOT_PERMITTED
}
