package dev.jipc.process;

import java.util.Objects;

/**
 * What cancelling a child did: how it {@linkplain Ending ended}, its status, and whether something
 * else still held its pipes afterwards.
 *
 * <p>The distinction is Go's {@code Cancel} and {@code WaitDelay}: "the child ignored the polite
 * signal and had to be killed" ({@link Ending#KILLED}) is a different problem from "the child is
 * gone but a grandchild it started still holds the pipe" ({@link #pipesHeld()}): the first is the
 * child's behaviour, the second is usually a background job ({@code sh -c 'daemon & echo started'})
 * that reading to end of file would wait for forever.
 *
 * @param ending how the child ended
 * @param status its exit status
 * @param pipesHeld true if, after the child had exited, our read ends did not reach end of file
 *     within the policy's {@linkplain CancelPolicy#pipeGrace() pipe grace}: another process (a
 *     grandchild) still held the write ends; ours were closed anyway
 */
public record Cancellation(Ending ending, ExitStatus status, boolean pipesHeld) {
    /** How the child came to an end during a cancellation. */
    public enum Ending {
        /** It had already exited on its own; no signal was sent. */
        EXITED,
        /** It ended after the first, polite signal (SIGTERM unless configured otherwise). */
        TERMINATED,
        /** It outlived the grace period and was killed with SIGKILL. */
        KILLED
    }

    /** Checks the components. */
    public Cancellation {
        Objects.requireNonNull(ending, "ending");
        Objects.requireNonNull(status, "status");
    }

    /** {@code "terminated (killed by SIGTERM)"}, plus {@code ", pipes held by another process"}. */
    @Override
    public String toString() {
        return ending.name().toLowerCase(java.util.Locale.ROOT) + " (" + status + ")"
                + (pipesHeld ? ", pipes held by another process" : "");
    }
}
