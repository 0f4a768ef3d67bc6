package dev.jipc.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Daemonizing the running program: perlipc's {@code daemonize}, for a language that cannot fork.
 *
 * <p>Perl forks, lets the parent exit and carries on in the child. A JVM cannot fork itself, so
 * {@link #relaunchDetached(DaemonOptions)} starts the same program again, {@link Detached detached}
 * (new session, working directory {@code /}, stdio on {@code /dev/null} or a log file), and returns
 * its pid; the caller then exits. The copy knows it is the daemon by {@link #isDaemonized()}:
 *
 * <pre>{@code
 * public static void main(String[] args) throws IOException {
 *     if (!Daemon.isDaemonized()) {
 *         long pid = Daemon.relaunchDetached(DaemonOptions.defaults().pidFile(Path.of("/run/myd.pid")));
 *         System.out.println("started " + pid);
 *         return;                                   // or System.exit(0)
 *     }
 *     Daemon.removePidFileOnExit();
 *     serveForever();
 * }
 * }</pre>
 *
 * <p><b>The same command line.</b> It is read from {@code /proc/self/cmdline}, so it is exactly
 * what this JVM was started with: the {@code java} binary (this process's executable), every JVM
 * option, the class path or module path, the main class, jar or module, and the program's
 * arguments, byte for byte. Two properties are added in front: {@value #DAEMON_PROPERTY}{@code =true},
 * and {@value #PIDFILE_PROPERTY} when there is a pidfile. Because the daemon works in {@code /},
 * relative paths the JVM itself interprets are made absolute: the class path, module paths,
 * {@code -jar}, {@code -javaagent}/{@code -agentpath} jars, {@code @argfiles}, a source-file
 * program. Paths inside an argfile and relative paths among the program's own arguments are not
 * rewritten (pass absolute ones, or keep the working directory with
 * {@link DetachOptions#directory}). Debugger options are dropped unless asked
 * ({@link DaemonOptions#keepDebugOptions}). Options given through {@code JDK_JAVA_OPTIONS} or
 * {@code JAVA_TOOL_OPTIONS} come back through the inherited environment.
 */
public final class Daemon {
    private Daemon() {}

    /** The system property that marks the daemon copy; its value is {@code true}. */
    public static final String DAEMON_PROPERTY = "jipc.daemon";
    /** The system property naming the daemon's pidfile, when it has one. */
    public static final String PIDFILE_PROPERTY = "jipc.daemon.pidfile";

    private static final Set<String> PATH_OPTIONS =
            Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path", "--upgrade-module-path");
    private static final Set<String> VALUE_OPTIONS = Set.of("--add-modules", "--limit-modules", "--add-reads",
            "--add-exports", "--add-opens", "--enable-native-access", "--source", "--patch-module", "-d",
            "--describe-module");
    private static final AtomicBoolean REMOVE_HOOK = new AtomicBoolean();

    /** Whether this JVM is the daemon copy started by {@link #relaunchDetached}. */
    public static boolean isDaemonized() {
        return Boolean.getBoolean(DAEMON_PROPERTY);
    }

    /** The pidfile the daemon was started with, if any. */
    public static Optional<Path> pidFile() {
        return Optional.ofNullable(System.getProperty(PIDFILE_PROPERTY)).map(Path::of);
    }

    /**
     * Starts this program again as a detached daemon, writes the pidfile if asked, and returns the
     * daemon's pid. The caller is expected to exit soon; until it does, the daemon is its child and
     * is reaped by jipc if it exits first (a pidfile it leaves behind is then removed here).
     *
     * @throws IllegalStateException if this JVM is itself the daemon (which would relaunch forever)
     * @throws dev.jipc.ErrnoException if the JVM cannot be started or the pidfile written
     */
    public static long relaunchDetached(DaemonOptions options) throws IOException {
        if (isDaemonized()) {
            throw new IllegalStateException("this JVM is already the daemon (-D" + DAEMON_PROPERTY + "=true)");
        }
        Command cmd = command(options);
        ChildProcess daemon = Detached.start(cmd, options.detach());
        long pid = daemon.pid();
        if (options.pidFile().isPresent()) {
            Path file = options.pidFile().get();
            writePidFile(file, pid);
            if (!daemon.isAlive()) {
                // It exited before we wrote the file, so its own removal ran too early: undo ours.
                removeIfHolds(file, pid);
            }
        }
        return pid;
    }

    /** The command {@link #relaunchDetached} would run (before detaching), for logs and checks. */
    public static Command command(DaemonOptions options) throws IOException {
        List<String> cmdline = readCmdline();
        String java = ProcessHandle.current().info().command().orElse(cmdline.get(0));
        Command cmd = Command.of(relaunchArgv(cmdline, java, options, Path.of("").toAbsolutePath()));
        if (!options.keepDebugOptions()) {
            for (String var : List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS")) {
                String v = System.getenv(var);
                if (v != null && (v.contains("jdwp") || v.contains("-Xdebug"))) {
                    cmd = cmd.unsetEnv(var);
                }
            }
        }
        return cmd;
    }

    private static List<String> readCmdline() throws IOException {
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < raw.length) {
            argv.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
        }
        if (argv.isEmpty()) {
            throw new IOException("/proc/self/cmdline is empty: cannot tell how this JVM was started");
        }
        return argv;
    }

    /**
     * The daemon's argument list from this JVM's {@code cmdline}: {@code java} replaced by
     * {@code javaBinary}, the marker properties first, JVM-interpreted relative paths resolved
     * against {@code cwd}, debugger options dropped unless kept, the program's arguments verbatim.
     */
    static List<String> relaunchArgv(List<String> cmdline, String javaBinary, DaemonOptions options, Path cwd) {
        List<String> out = new ArrayList<>();
        out.add(javaBinary);
        out.add("-D" + DAEMON_PROPERTY + "=true");
        options.pidFile().ifPresent(p -> out.add("-D" + PIDFILE_PROPERTY + "=" + p));
        int i = 1;
        for (; i < cmdline.size(); i++) {
            String a = cmdline.get(i);
            if (PATH_OPTIONS.contains(a) && i + 1 < cmdline.size()) {
                out.add(a);
                out.add(absolutePaths(cmdline.get(++i), cwd));
            } else if (a.startsWith("--class-path=") || a.startsWith("--module-path=")
                    || a.startsWith("--upgrade-module-path=")) {
                int eq = a.indexOf('=');
                out.add(a.substring(0, eq + 1) + absolutePaths(a.substring(eq + 1), cwd));
            } else if (VALUE_OPTIONS.contains(a) && i + 1 < cmdline.size()) {
                out.add(a);
                out.add(cmdline.get(++i));
            } else if (a.equals("-jar") && i + 1 < cmdline.size()) {
                out.add(a);
                out.add(cwd.resolve(cmdline.get(++i)).toString());
                i++;
                break;
            } else if ((a.equals("-m") || a.equals("--module")) && i + 1 < cmdline.size()) {
                out.add(a);
                out.add(cmdline.get(++i));
                i++;
                break;
            } else if (a.startsWith("--module=")) {
                out.add(a);
                i++;
                break;
            } else if (isDebugOption(a)) {
                if (options.keepDebugOptions()) {
                    out.add(a);
                }
            } else if (a.startsWith("-javaagent:") || a.startsWith("-agentpath:")) {
                int colon = a.indexOf(':');
                int eq = a.indexOf('=', colon);
                String path = eq < 0 ? a.substring(colon + 1) : a.substring(colon + 1, eq);
                out.add(a.substring(0, colon + 1) + cwd.resolve(path) + (eq < 0 ? "" : a.substring(eq)));
            } else if (a.startsWith("@") && !a.startsWith("@@")) {
                out.add("@" + cwd.resolve(a.substring(1)));
            } else if (a.startsWith("-")) {
                out.add(a);
            } else {
                // The main class, or a source file the launcher compiles.
                out.add(a.endsWith(".java") ? cwd.resolve(a).toString() : a);
                i++;
                break;
            }
        }
        out.addAll(cmdline.subList(Math.min(i, cmdline.size()), cmdline.size()));
        return out;
    }

    private static boolean isDebugOption(String a) {
        return a.startsWith("-agentlib:jdwp") || a.startsWith("-Xrunjdwp") || a.equals("-Xdebug") || a.equals("-Xnoagent");
    }

    private static String absolutePaths(String list, Path cwd) {
        List<String> parts = new ArrayList<>();
        for (String p : list.split(java.io.File.pathSeparator, -1)) {
            parts.add(p.isEmpty() ? cwd.toString() : cwd.resolve(p).toString());
        }
        return String.join(java.io.File.pathSeparator, parts);
    }

    /**
     * Writes {@code pid} and a newline to {@code file} atomically: a temporary file in the same
     * directory, mode 0644 whatever the umask, flushed to disk, then renamed over {@code file}, so a
     * reader never sees a partial pidfile.
     */
    public static void writePidFile(Path file, long pid) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling("." + abs.getFileName() + ".tmp" + ProcessHandle.current().pid());
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            Files.write(tmp, (pid + "\n").getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * In the daemon: removes the pidfile ({@link #pidFile()}) when the JVM shuts down normally
     * (main returns, {@code System.exit}, SIGTERM, SIGINT or SIGHUP), if it still holds this
     * process's pid; a file rewritten by a newer daemon is left alone. Does nothing without a
     * pidfile; calling it again adds nothing. SIGKILL leaves the file behind, as it would any.
     */
    public static void removePidFileOnExit() {
        Optional<Path> file = pidFile();
        if (file.isEmpty() || !REMOVE_HOOK.compareAndSet(false, true)) {
            return;
        }
        long me = ProcessHandle.current().pid();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                removeIfHolds(file.get(), me);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "jipc-pidfile-removal"));
    }

    private static void removeIfHolds(Path file, long pid) throws IOException {
        try {
            if (Files.readString(file, StandardCharsets.US_ASCII).strip().equals(Long.toString(pid))) {
                Files.deleteIfExists(file);
            }
        } catch (NoSuchFileException gone) {
            // Nothing to remove.
        }
    }
}
