package dev.jipc.process;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link Daemon#relaunchDetached(DaemonOptions)} starts the daemon copy of this program: how
 * it is detached (directory, log, umask), an optional pidfile, and whether debugger options of
 * this JVM are carried over.
 *
 * <p>An immutable value: each method returns a new one.
 */
public final class DaemonOptions {
    private static final DaemonOptions DEFAULTS = new DaemonOptions(DetachOptions.defaults(), null, false);

    private final DetachOptions detach;
    private final Path pidFile;
    private final boolean keepDebugOptions;

    private DaemonOptions(DetachOptions detach, Path pidFile, boolean keepDebugOptions) {
        this.detach = detach;
        this.pidFile = pidFile;
        this.keepDebugOptions = keepDebugOptions;
    }

    /** Detached with {@link DetachOptions#defaults()}, no pidfile, debugger options dropped. */
    public static DaemonOptions defaults() {
        return DEFAULTS;
    }

    /** The same options, detached as {@code options} say (directory, log file, umask). */
    public DaemonOptions detach(DetachOptions options) {
        return new DaemonOptions(Objects.requireNonNull(options, "detach"), pidFile, keepDebugOptions);
    }

    /**
     * The same options with a pidfile: the daemon's pid and a newline, written atomically (a
     * temporary file renamed over it), mode 0644, before {@link Daemon#relaunchDetached} returns.
     * The daemon removes it when it exits if it calls {@link Daemon#removePidFileOnExit()}.
     */
    public DaemonOptions pidFile(Path file) {
        return new DaemonOptions(detach, Objects.requireNonNull(file, "pidFile").toAbsolutePath(), keepDebugOptions);
    }

    /**
     * The same options, keeping ({@code true}) or dropping (the default) this JVM's debugger
     * options: {@code -agentlib:jdwp}, {@code -Xrunjdwp}, {@code -Xdebug}. A debugger agent listening
     * on a fixed port would fail in the daemon while this JVM still holds the port, and one started
     * with {@code suspend=y} would stop the daemon until a debugger attached.
     */
    public DaemonOptions keepDebugOptions(boolean keep) {
        return new DaemonOptions(detach, pidFile, keep);
    }

    /** How the daemon is detached. */
    public DetachOptions detach() {
        return detach;
    }

    /** The pidfile, if any (absolute). */
    public Optional<Path> pidFile() {
        return Optional.ofNullable(pidFile);
    }

    /** Whether debugger options are carried over. */
    public boolean keepDebugOptions() {
        return keepDebugOptions;
    }

    @Override
    public String toString() {
        return "DaemonOptions[" + detach + ", pidFile=" + (pidFile == null ? "none" : pidFile)
                + ", keepDebugOptions=" + keepDebugOptions + "]";
    }
}
