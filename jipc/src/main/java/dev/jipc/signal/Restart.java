package dev.jipc.signal;

import dev.jipc.ErrnoException;
import dev.jipc.internal.Exec;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Restart in place, perlipc's SIGHUP daemon: replace the running JVM with a fresh one running the
 * same command line, keeping the pid.
 *
 * <pre>{@code
 * Signals.handle(Signal.SIGHUP, s -> Restart.execSelf());
 * }</pre>
 *
 * <p>{@link #execSelf} reads the command line the JVM was started with ({@code /proc/self/cmdline}:
 * the java launcher and every option, class path and argument as given) and {@code execve}s the same
 * java binary with it and the current environment. Before that it empties the calling thread's
 * signal mask, which the new program inherits (perlipc's point: a restart from inside a handler
 * must not start the new image with the signal blocked) — except for signals this JVM was started
 * with blocked everywhere and reads through its signalfd, which stay blocked so the new JVM reads
 * them the same way — and marks every descriptor from 3 up
 * close-on-exec except those the caller keeps, so nothing leaks into the new generation.
 *
 * <p>What it does not do: run shutdown hooks or finalize anything (the exec ends every thread at
 * once; {@code System.out} and {@code System.err} are flushed first), reset signals to their
 * defaults (the kernel does that for caught ones; ignored signals stay ignored across the exec, as
 * {@code nohup} relies on). Calling it from a jipc handler is fine: handlers are ordinary Java code
 * on an ordinary thread.
 */
public final class Restart {
    private Restart() {}

    /**
     * Replaces this JVM with a fresh one running the same command line and environment; same pid.
     *
     * @throws ErrnoException if the exec failed (the JVM keeps running; its descriptors from 3 up
     *     have been marked close-on-exec)
     */
    public static void execSelf() throws IOException {
        execSelf(Map.of());
    }

    /**
     * Like {@link #execSelf()}, changing the environment (a {@code null} value removes a variable)
     * and keeping descriptors {@code keepFds} open in the new JVM (0, 1 and 2 are always kept).
     */
    public static void execSelf(Map<String, String> environmentChanges, int... keepFds) throws IOException {
        // Signals this JVM reads from its signalfd stay blocked, so the next one does the same.
        exec(environmentChanges, keepFds, SignalfdSource.servableBlockedNumbers());
    }

    /**
     * Makes this JVM take {@code signals} through jipc's signalfd path instead of the JDK's
     * thread-per-signal delivery. That path needs each signal blocked in every thread from the
     * start, which only the program that starts the JVM can arrange; so unless they already are,
     * this execs the same command line again (same pid, as {@link #execSelf()} does) with them
     * blocked, and does not return. Call it first thing in {@code main}, before starting threads
     * or opening anything; the second run finds the signals blocked and returns at once.
     *
     * <p>Only signals HotSpot does not use qualify: SIGUSR1, SIGALRM, SIGCHLD, SIGWINCH, SIGCONT,
     * the terminal stop signals, SIGURG, SIGIO, SIGPWR, SIGSYS, SIGXCPU, SIGVTALRM, SIGPROF and
     * SIGSTKFLT. While no jipc handler or queue wants such a signal it stays pending in the kernel;
     * {@link Signals#reset} gives it its default action.
     *
     * @throws SignalNotHandleableException for a signal the signalfd path cannot serve
     * @throws IllegalStateException if the signals are still not blocked everywhere after the exec
     *     (a native library unblocked them)
     * @throws ErrnoException if the exec failed
     */
    public static void execSelfWithSignalsBlocked(Signal... signals) throws IOException {
        List<Signal> wanted = List.of(signals);
        for (Signal s : wanted) {
            if (!SignalfdSource.SERVABLE.contains(s)) {
                throw new SignalNotHandleableException(s, s.name() + " cannot be read from a signalfd in a JVM: "
                        + "HotSpot uses it or runs its shutdown on it");
            }
        }
        int[] alreadyBlocked = SignalfdSource.servableBlockedNumbers();
        if (wanted.stream().allMatch(s -> IntStream.of(alreadyBlocked).anyMatch(n -> n == s.number()))) {
            return;
        }
        String self = Long.toString(ProcessHandle.current().pid());
        if (self.equals(System.getenv(REEXEC_MARK))) {
            throw new IllegalStateException("signals " + wanted + " are still not blocked in every thread after"
                    + " restarting with them blocked: something in this JVM unblocks them");
        }
        int[] blocked = IntStream.concat(wanted.stream().mapToInt(Signal::number), IntStream.of(alreadyBlocked))
                .distinct().toArray();
        exec(Map.of(REEXEC_MARK, self), new int[0], blocked);
    }

    /** Set to our pid for the exec of {@link #execSelfWithSignalsBlocked}, so a failure cannot loop. */
    private static final String REEXEC_MARK = "JIPC_SIGNALFD_EXEC";

    private static void exec(Map<String, String> environmentChanges, int[] keepFds, int[] blocked) throws IOException {
        List<String> argv = commandLine();
        String exe = javaBinary();
        Map<String, String> env = new TreeMap<>(System.getenv());
        environmentChanges.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        List<String> envp = new ArrayList<>(env.size());
        env.forEach((k, v) -> envp.add(k + "=" + v));
        System.out.flush();
        System.err.flush();
        int r = Exec.execve(exe, argv, envp, keepFds.clone(), blocked);
        throw new ErrnoException(-r, "execve", exe + " " + String.join(" ", argv));
    }

    /** The command line this JVM was started with, as {@code /proc/self/cmdline} has it. */
    public static List<String> commandLine() throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        String all = new String(raw, Charset.defaultCharset());
        if (all.endsWith("\0")) {
            all = all.substring(0, all.length() - 1);
        }
        return List.copyOf(Arrays.asList(all.split("\0", -1)));
    }

    private static String javaBinary() throws IOException {
        Path exe = Files.readSymbolicLink(Path.of("/proc/self/exe"));
        // Replaced since start (a JDK update in place): exec what is running, through the link.
        return exe.toString().endsWith(" (deleted)") ? "/proc/self/exe" : exe.toString();
    }
}
