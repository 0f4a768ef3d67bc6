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
        // Signals this JVM reads from its signalfd stay blocked, so the next one does the same.
        int[] blocked = SignalfdSource.SERVABLE.stream().filter(SignalfdSource::blockedInEveryThread)
                .mapToInt(Signal::number).toArray();
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
