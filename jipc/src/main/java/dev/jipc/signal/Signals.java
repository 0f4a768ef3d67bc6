package dev.jipc.signal;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.internal.Csignal;
import dev.jipc.internal.Unistd;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * perlipc's signal toolkit: {@code %SIG} as scoped registrations, {@code kill} with its pid and
 * process-group forms, signal 0 as a liveness probe, {@code sigprocmask}-style holding and a real
 * {@code alarm}.
 *
 * <h2>Handlers: {@code $SIG{INT} = sub {...}} and {@code local}</h2>
 * {@link #handle}, {@link #ignore} and {@link #reset} (perlipc's {@code 'IGNORE'} and
 * {@code 'DEFAULT'}) each return a {@link Registration}; closing it restores what was there before,
 * so {@code try (var r = Signals.handle(SIGALRM, h)) { ... }} is {@code local $SIG{ALRM} = \&h}.
 * Registrations nest; see {@link Registration} for the order rules.
 *
 * <h2>When a handler runs: deferred signals</h2>
 * As in Perl 5.8 and later, Java code never runs in signal context. The JVM catches the signal and
 * reports it to jipc on a thread of its own. If no handler is running and nothing is waiting, that
 * thread runs the newest handler for the signal right away; otherwise jipc marks the signal pending
 * and one dispatcher thread ({@code jipc-signal-dispatcher}) runs it soon after. Either way handlers
 * run in arrival order with other signals, one at a time. A handler may therefore lock, allocate and do I/O; what it
 * cannot do is interrupt the thread that was running when the signal came, which keeps running
 * undisturbed (perlipc's "restartable system calls" problem does not arise: no jipc call ever
 * fails with EINTR). To stop a blocked thread, a handler interrupts it, or the blocked code takes
 * from a {@link SignalQueue}. The delay is usually well under a millisecond but is not bounded: a
 * handler that is slow delays the ones behind it.
 *
 * <h2>Bursts coalesce</h2>
 * A standard signal is a flag, not a count: the kernel already merges a signal sent again while it
 * is pending, and jipc does the same one level up. While a signal waits for the dispatcher, more
 * arrivals of it are folded into the waiting one. So N arrivals run the handler at least once and
 * at most N times, and every arrival is followed by a run that starts after it: a handler that
 * checks the state it cares about ("which children have exited", "is the config newer") never
 * misses a change. A signal that arrives while its own handler runs makes it run once more
 * afterwards.
 *
 * <h2>Sending</h2>
 * {@link #send(long, Signal)} refuses pid 0 and negative pids, which address whole process groups
 * in {@code kill(2)}; those have their own calls, {@link #sendToGroup} and {@link #sendToOwnGroup}.
 * For a child started by jipc prefer {@code ChildProcess.signal}, which goes through a pidfd and can
 * never hit a recycled pid.
 */
public final class Signals {
    private Signals() {}

    // ---------------------------------------------------------------- handlers

    /**
     * Runs {@code handler} (one handler at a time, never in signal context) whenever {@code signal} arrives, until the returned
     * registration is closed.
     *
     * @throws SignalNotHandleableException for SIGKILL, SIGSTOP and the signals the JVM keeps
     *     ({@link Signal#whyNotHandleable()} says why), or when the JVM refuses
     */
    public static Registration handle(Signal signal, SignalHandler handler) {
        Objects.requireNonNull(handler, "handler");
        checkHandleable(signal);
        return Dispatcher.get().push(new Registration(signal, Registration.Kind.HANDLE, handler));
    }

    /**
     * Ignores {@code signal} (SIG_IGN, perlipc's {@code 'IGNORE'}) until the registration is closed.
     * An ignored signal is also ignored by programs this JVM starts with {@code exec}; jipc's own
     * spawns reset every signal to its default, the JDK's {@link ProcessBuilder} does not.
     *
     * @throws SignalNotHandleableException as {@link #handle}, and for SIGCHLD: ignoring it makes the
     *     kernel discard every child's exit status, jipc's and the JDK's included (register a handler
     *     that does nothing instead)
     */
    public static Registration ignore(Signal signal) {
        checkHandleable(signal);
        if (signal == Signal.SIGCHLD) {
            throw new SignalNotHandleableException(signal, "ignoring SIGCHLD makes the kernel discard the exit status"
                    + " of every child, jipc's and the JDK's; register a handler that does nothing instead");
        }
        return Dispatcher.get().push(new Registration(signal, Registration.Kind.IGNORE, null));
    }

    /**
     * Gives {@code signal} its default action (SIG_DFL, perlipc's {@code 'DEFAULT'}) until the
     * registration is closed. For SIGINT, SIGTERM and SIGHUP that means the JVM dies at once, without
     * running shutdown hooks; closing the registration brings the JVM's orderly shutdown back.
     *
     * @throws SignalNotHandleableException as {@link #handle}, and for SIGPIPE and SIGXFSZ: the JVM
     *     relies on them not killing it, so that a write to a closed pipe fails with EPIPE
     */
    public static Registration reset(Signal signal) {
        checkHandleable(signal);
        if (signal == Signal.SIGPIPE || signal == Signal.SIGXFSZ) {
            throw new SignalNotHandleableException(signal, "the JVM relies on " + signal.name() + " not being fatal"
                    + " (a write to a closed pipe must fail with EPIPE instead of killing the JVM)");
        }
        return Dispatcher.get().push(new Registration(signal, Registration.Kind.DEFAULT, null));
    }

    /** Throws the typed refusal for a signal that cannot be handled here. */
    static void checkHandleable(Signal signal) {
        Objects.requireNonNull(signal, "signal");
        signal.whyNotHandleable().ifPresent(why -> {
            throw new SignalNotHandleableException(signal, why);
        });
    }

    /**
     * Whether a jipc handler or queue currently catches {@code signal}, so that its arrival runs Java
     * code instead of the default action.
     */
    public static boolean isCaught(Signal signal) {
        return Dispatcher.get().catches(signal);
    }

    // ---------------------------------------------------------------- holding

    /**
     * Holds back the jipc handlers and queues of {@code signals} until the returned hold is closed
     * (perlipc's {@code sigprocmask(SIG_BLOCK, ...)} around a critical section). Signals that arrive
     * meanwhile are caught as usual and wait, coalesced as described above, then are delivered as soon
     * as the last hold on them ends. Holds nest and may overlap; each is counted.
     *
     * <p>This defers jipc's dispatch, not the kernel's delivery: the JVM still receives the signal,
     * and a signal nobody in jipc catches keeps its usual effect (a SIGTERM with the JVM's handler
     * still starts shutdown). Hold a signal you have a handler or queue for.
     */
    public static HeldSignals hold(Signal... signals) {
        List<Signal> list = Arrays.asList(signals.clone());
        for (Signal s : list) {
            Objects.requireNonNull(s, "signal");
        }
        Dispatcher.get().hold(list);
        return new HeldSignals(List.copyOf(list));
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends {@code signal} to process {@code pid} ({@code kill(2)}).
     *
     * @throws IllegalArgumentException for pid 0 or a negative pid (a process group: use
     *     {@link #sendToGroup} or {@link #sendToOwnGroup}), or {@link Signal#UNKNOWN}
     * @throws ErrnoException ESRCH if there is no such process, EPERM if it is not ours to signal
     */
    public static void send(long pid, Signal signal) throws ErrnoException {
        int p = checkPid(pid, "send");
        int r = Csignal.kill(p, number(signal));
        if (r < 0) {
            throw new ErrnoException(-r, "kill " + signal.name(), "pid " + pid);
        }
    }

    /**
     * Sends {@code signal} to every process of process group {@code pgid} ({@code kill(-pgid)},
     * perlipc's {@code kill -HUP => -$pgrp}).
     *
     * @throws IllegalArgumentException if {@code pgid <= 0}
     * @throws ErrnoException ESRCH if no process is in the group
     */
    public static void sendToGroup(long pgid, Signal signal) throws ErrnoException {
        int g = checkPid(pgid, "sendToGroup");
        int r = Csignal.kill(-g, number(signal));
        if (r < 0) {
            throw new ErrnoException(-r, "kill " + signal.name(), "process group " + pgid);
        }
    }

    /**
     * Sends {@code signal} to every process of our own process group, this JVM included
     * ({@code kill(0)}, perlipc's {@code kill HUP => -$$} in a group leader). Careful: when this
     * JVM was started from a shell or a build tool without a group of its own, the group includes
     * them too.
     */
    public static void sendToOwnGroup(Signal signal) throws ErrnoException {
        int r = Csignal.kill(0, number(signal));
        if (r < 0) {
            throw new ErrnoException(-r, "kill " + signal.name(), "own process group");
        }
    }

    /** Sends {@code signal} to this process ({@code kill(getpid())}). */
    public static void raise(Signal signal) throws ErrnoException {
        int r = Csignal.kill(Unistd.getpid(), number(signal));
        if (r < 0) {
            throw new ErrnoException(-r, "kill " + signal.name(), "own pid");
        }
    }

    /**
     * Asks the kernel whether process {@code pid} exists and may be signalled by us, by sending
     * signal 0. A process that has exited but not been reaped by its parent still counts as alive.
     *
     * @throws IllegalArgumentException if {@code pid <= 0}
     * @throws ErrnoException for an error other than ESRCH and EPERM
     */
    public static Liveness probe(long pid) throws ErrnoException {
        int p = checkPid(pid, "probe");
        int r = Csignal.kill(p, 0);
        if (r == 0) {
            return Liveness.ALIVE;
        }
        if (r == -Errno.ESRCH.number()) {
            return Liveness.NO_SUCH_PROCESS;
        }
        if (r == -Errno.EPERM.number()) {
            return Liveness.NOT_PERMITTED;
        }
        throw new ErrnoException(-r, "kill 0", "pid " + pid);
    }

    private static int checkPid(long pid, String call) {
        if (pid <= 0) {
            throw new IllegalArgumentException(call + ": pid " + pid + " is not a process: kill(2) reads 0 and negative"
                    + " pids as process groups (-1: every process we may signal); use Signals.sendToGroup(pgid, sig)"
                    + " or Signals.sendToOwnGroup(sig) to mean that");
        }
        if (pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(call + ": pid " + pid + " is out of range");
        }
        return (int) pid;
    }

    private static int number(Signal signal) {
        Objects.requireNonNull(signal, "signal");
        if (signal == Signal.UNKNOWN) {
            throw new IllegalArgumentException("cannot send Signal.UNKNOWN");
        }
        return signal.number();
    }

    // ---------------------------------------------------------------- alarm

    /**
     * A real {@code alarm(2)}: SIGALRM to this process in {@code seconds} (0 cancels), for code that
     * interoperates with tools expecting one. Prefer {@link Timeouts#run}, which interrupts one
     * thread and needs no signal. There is one alarm per process, shared by every caller; the
     * signal arrives at the dispatcher like any other, so it does not interrupt a blocked call.
     *
     * @return the seconds that were left of the previous alarm, 0 if none
     * @throws IllegalStateException unless a jipc handler or queue catches SIGALRM: its default
     *     action ends the JVM
     */
    public static int alarm(int seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("alarm: negative seconds " + seconds);
        }
        if (seconds > 0 && !isCaught(Signal.SIGALRM)) {
            throw new IllegalStateException("alarm: no jipc handler or queue catches SIGALRM, and its default action"
                    + " would end the JVM; register one first (Signals.handle(SIGALRM, ...))");
        }
        return Unistd.alarm(seconds);
    }
}
