package dev.jipc.process;

import dev.jipc.pty.Pty;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable, reusable description of a program to run: its argument list, environment, working
 * directory, descriptors and process group.
 *
 * <p><b>No shell unless asked.</b> A command is an argument list; each argument reaches the program
 * exactly as given, so {@code Command.of("grep", "-e", userInput)} is safe whatever the input
 * contains ({@code ;}, {@code |}, {@code $(...)}, quotes, spaces). {@link #shell(String)} is the one
 * explicit way to run {@code /bin/sh -c}; like Perl's one-argument {@code system}, it is for scripts
 * you wrote, not for text you were given.
 *
 * <p><b>Values, checked early.</b> Every {@code with}-style method returns a new {@code Command}
 * and leaves this one untouched, so a command can be kept in a constant and started many times from
 * many threads. Inputs are copied and checked when they are set: a NUL byte (which C would silently
 * cut the string at), an empty program name, or a {@code =} in a variable name throws
 * {@link IllegalArgumentException} there and then, not at {@link #start()}.
 * {@link ProcessBuilder#command(List)}, by contrast, keeps the caller's list and checks nothing until
 * it starts.
 *
 * <p><b>How it is started.</b> {@link #start()} finds the program on {@code PATH} (like
 * {@code execvp}), then calls glibc's {@code posix_spawn} once: no helper program is exec'd in
 * between (the JDK runs {@code jspawnhelper} first), and a failed exec comes back from that call, so
 * an unknown program, a missing working directory or a file that is not executable is an
 * {@link dev.jipc.ErrnoException} from {@code start()} naming the program, the step and the errno,
 * never a child that exits 127 later. In the child the signal mask is empty and every signal has its
 * default disposition, whatever the JVM installed: a child writing to a closed pipe dies of SIGPIPE,
 * as it would when started from a shell.
 */
public final class Command {
    /** No process-group change, a new group led by the child, or a new session led by the child. */
    enum Grouping { INHERIT, NEW_GROUP, NEW_SESSION }

    private static final Redirect INHERIT = Redirect.inherit();

    private final List<String> argv;
    private final String arg0;
    private final Path directory;
    private final boolean inheritEnv;
    private final Map<String, String> envChanges; // value null: removed
    private final SortedMap<Integer, Redirect> redirects;
    private final Grouping grouping;
    private final Pty terminal; // null: no controlling terminal given
    /**
     * The C form of what does not change between this command's spawns, kept from its second start
     * on (a command started once never pays for keeping it); not part of the value: a cache, built
     * the same way whichever thread builds it.
     */
    private volatile Launcher.Prepared prepared;
    private volatile boolean startedBefore;

    private Command(List<String> argv, String arg0, Path directory, boolean inheritEnv, Map<String, String> envChanges,
            SortedMap<Integer, Redirect> redirects, Grouping grouping, Pty terminal) {
        this.argv = argv;
        this.arg0 = arg0;
        this.directory = directory;
        this.inheritEnv = inheritEnv;
        this.envChanges = envChanges;
        this.redirects = redirects;
        this.grouping = grouping;
        this.terminal = terminal;
    }

    /** The program (a name looked up on {@code PATH}, or a path containing {@code /}) and its arguments. */
    public static Command of(String program, String... args) {
        List<String> all = new ArrayList<>(args.length + 1);
        all.add(program);
        Collections.addAll(all, args);
        return of(all);
    }

    /**
     * The argument list: the first element is the program, the rest its arguments. The list is copied.
     *
     * @throws IllegalArgumentException if it is empty, the program is empty, or any element holds a NUL
     */
    public static Command of(List<String> argv) {
        List<String> copy = List.copyOf(argv); // rejects nulls
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("empty argument list: no program to run");
        }
        if (copy.get(0).isEmpty()) {
            throw new IllegalArgumentException("empty program name");
        }
        for (int i = 0; i < copy.size(); i++) {
            checkNul(copy.get(i), "argument " + i);
        }
        return new Command(copy, null, null, true, Map.of(), new TreeMap<>(), Grouping.INHERIT, null);
    }

    /**
     * {@code /bin/sh -c script}: the one way to have a shell interpret pipes, redirections, globs and
     * variables. Never build {@code script} from untrusted text; pass such text as an argument of
     * {@link #of(String, String...)} instead, or to the script as a positional parameter:
     * {@code Command.of("/bin/sh", "-c", "grep -- \"$1\" log", "sh", userInput)}.
     */
    public static Command shell(String script) {
        return of("/bin/sh", "-c", script);
    }

    private static void checkNul(String s, String what) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " contains a NUL byte, which C strings cannot hold: "
                    + s.replace("\0", "\\0"));
        }
    }

    private Command with(List<String> argv, String arg0, Path directory, boolean inheritEnv,
            Map<String, String> envChanges, SortedMap<Integer, Redirect> redirects, Grouping grouping) {
        return new Command(argv, arg0, directory, inheritEnv, envChanges, redirects, grouping, terminal);
    }

    // ---------------------------------------------------------------- what and where

    /** The same command with {@code argv[0]} set to {@code name} (what {@code ps} shows); the program is still run. */
    public Command arg0(String name) {
        Objects.requireNonNull(name, "arg0");
        checkNul(name, "arg0");
        return with(argv, name, directory, inheritEnv, envChanges, redirects, grouping);
    }

    /**
     * The same command run in {@code dir}; a directory that does not exist fails {@link #start()}
     * with ENOENT at the step "chdir". A relative program path is then resolved from {@code dir}, as
     * {@code execve} does after {@code chdir}.
     */
    public Command directory(Path dir) {
        Objects.requireNonNull(dir, "directory");
        checkNul(dir.toString(), "directory");
        return with(argv, arg0, dir.toAbsolutePath(), inheritEnv, envChanges, redirects, grouping);
    }

    // ---------------------------------------------------------------- environment

    /** The same command with variable {@code name} set to {@code value} in the child. */
    public Command env(String name, String value) {
        checkName(name);
        Objects.requireNonNull(value, "value");
        checkNul(value, "value of " + name);
        Map<String, String> m = new LinkedHashMap<>(envChanges);
        m.remove(name);
        m.put(name, value);
        return with(argv, arg0, directory, inheritEnv, Collections.unmodifiableMap(m), redirects, grouping);
    }

    /** The same command without variable {@code name} in the child. */
    public Command unsetEnv(String name) {
        checkName(name);
        Map<String, String> m = new LinkedHashMap<>(envChanges);
        m.remove(name);
        m.put(name, null);
        return with(argv, arg0, directory, inheritEnv, Collections.unmodifiableMap(m), redirects, grouping);
    }

    /** The same command with an empty environment; variables set afterwards are added to it. */
    public Command clearEnv() {
        return with(argv, arg0, directory, false, Map.of(), redirects, grouping);
    }

    /**
     * The same command with only {@code PATH=/usr/bin:/bin} in its environment: the habit of
     * perlipc's taint-mode servers, so nothing the caller's environment holds ({@code IFS},
     * {@code LD_PRELOAD}, {@code ENV}, a {@code PATH} through {@code /tmp}) reaches the child.
     */
    public Command secureEnv() {
        return clearEnv().env("PATH", "/usr/bin:/bin");
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('=') >= 0) {
            throw new IllegalArgumentException("not an environment variable name: \"" + name + "\"");
        }
        checkNul(name, "variable name");
    }

    // ---------------------------------------------------------------- descriptors

    /** Where the child's standard input comes from; {@link Redirect#inherit()} by default. */
    public Command stdin(Redirect r) {
        return fd(0, r);
    }

    /** Where the child's standard output goes; {@link Redirect#inherit()} by default. */
    public Command stdout(Redirect r) {
        return fd(1, r);
    }

    /** Where the child's standard error goes; {@link Redirect#inherit()} by default. */
    public Command stderr(Redirect r) {
        return fd(2, r);
    }

    /**
     * What the child's descriptor {@code target} is: 0, 1, 2, or 3 and up for extra descriptors
     * (Go's {@code ExtraFiles}, the shell's {@code 3>file}). Descriptors not mentioned above 2 are not
     * passed on: everything jipc and the JDK open is close-on-exec.
     */
    public Command fd(int target, Redirect r) {
        Objects.requireNonNull(r, "redirect");
        if (target < 0) {
            throw new IllegalArgumentException("negative descriptor: " + target);
        }
        if (r instanceof Redirect.ToFd(int source) && source == target) {
            throw new IllegalArgumentException("fd " + target + " cannot be merged into itself");
        }
        TreeMap<Integer, Redirect> m = new TreeMap<>(redirects);
        m.put(target, r);
        return with(argv, arg0, directory, inheritEnv, envChanges, Collections.unmodifiableSortedMap(m), grouping);
    }

    // ---------------------------------------------------------------- groups

    /**
     * The same command with the child leading a new process group (its pgid is its pid), so a
     * terminal's Ctrl-C no longer reaches it and {@link ChildProcess#signalGroup} reaches it and its
     * own children.
     */
    public Command newProcessGroup() {
        return with(argv, arg0, directory, inheritEnv, envChanges, redirects, Grouping.NEW_GROUP);
    }

    /**
     * The same command with the child leading a new session ({@code setsid}): no controlling
     * terminal, its own process group; perlipc's "complete dissociation of child from parent".
     */
    public Command newSession() {
        return with(argv, arg0, directory, inheritEnv, envChanges, redirects, Grouping.NEW_SESSION);
    }

    /**
     * The same command run on {@code pty} as its terminal: the child leads a new session whose
     * controlling terminal is the pty's terminal side, and its stdin, stdout and stderr are that
     * terminal unless set otherwise ({@link #stdin}, {@link #stdout}, {@link #stderr} still apply
     * on top). So {@code isatty} is true in the child, it line-buffers its output, and a Ctrl-C
     * written to the controller side reaches its process group as SIGINT.
     *
     * <p>In the child, after {@code setsid}, the terminal side is opened by path onto fd 0 without
     * O_NOCTTY: the first terminal a session leader without one opens becomes its controlling
     * terminal. The pty must still be open when {@link #start()} runs; the parent may close the
     * pty afterwards only when it wants the child hung up.
     *
     * @param pty the pseudo-terminal; {@code null} takes the terminal away again
     */
    public Command terminal(Pty pty) {
        return new Command(argv, arg0, directory, inheritEnv, envChanges, redirects, grouping, pty);
    }

    /** The pty the child will run on, if set by {@link #terminal(Pty)}. */
    public Optional<Pty> terminal() {
        return Optional.ofNullable(terminal);
    }

    // ---------------------------------------------------------------- getters

    /** The argument list as given, program first (without the {@link #arg0} replacement). */
    public List<String> argv() {
        return argv;
    }

    /** The program as given: a name to find on {@code PATH}, or a path. */
    public String program() {
        return argv.get(0);
    }

    /** The replacement {@code argv[0]}, if set. */
    public Optional<String> arg0() {
        return Optional.ofNullable(arg0);
    }

    /** The working directory, if set (absolute); otherwise the JVM's. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    /** What the descriptor will be in the child; {@link Redirect#inherit()} for anything not set. */
    public Redirect redirect(int target) {
        return redirects.getOrDefault(target, INHERIT);
    }

    /** Every descriptor that has been set, by number. */
    public SortedMap<Integer, Redirect> redirects() {
        return redirects;
    }

    /** Whether the child will lead a new process group (also true with {@link #newSession()}). */
    public boolean startsNewProcessGroup() {
        return grouping() != Grouping.INHERIT;
    }

    /** Whether the child will lead a new session. */
    public boolean startsNewSession() {
        return grouping() == Grouping.NEW_SESSION;
    }

    /**
     * The child's environment as it will be built now: the JVM's environment (unless cleared), then
     * the changes in the order they were made.
     */
    public Map<String, String> environment() {
        return inheritsEnvironmentUnchanged() ? new LinkedHashMap<>(System.getenv()) : buildEnvironment();
    }

    /** Whether the child gets exactly the JVM's environment (inherited, nothing set or removed). */
    boolean inheritsEnvironmentUnchanged() {
        return inheritEnv && envChanges.isEmpty();
    }

    private Map<String, String> buildEnvironment() {
        Map<String, String> env = new LinkedHashMap<>(inheritEnv ? System.getenv() : Map.of());
        envChanges.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        return env;
    }

    Launcher.Prepared prepared() {
        return prepared;
    }

    void prepared(Launcher.Prepared p) {
        prepared = p;
    }

    boolean startedBefore() {
        return startedBefore;
    }

    void markStarted() {
        startedBefore = true;
    }

    Grouping grouping() {
        // A controlling terminal needs a session of its own, whatever else was asked.
        return terminal != null ? Grouping.NEW_SESSION : grouping;
    }

    // ---------------------------------------------------------------- running

    /**
     * Starts the child and returns at once.
     *
     * @throws dev.jipc.ErrnoException if the program cannot be found or run, a file redirect cannot
     *     be opened, or the working directory is missing; the message names the program, the step
     *     and the errno, and no child is left behind
     * @throws UnsupportedOperationException on a kernel without pidfds (Linux before 5.3)
     */
    public ChildProcess start() throws IOException {
        return Launcher.start(this);
    }

    /**
     * Runs the child to completion and returns how it ended: perlipc's {@code system}. Descriptors
     * not redirected are the JVM's own; redirects to {@link Redirect#pipe()} are not allowed here,
     * since nobody would read them.
     *
     * @throws java.io.InterruptedIOException if the thread is interrupted while waiting; the child
     *     keeps running and is still reaped when it exits
     */
    public ExitStatus run() throws IOException {
        for (Redirect r : redirects.values()) {
            if (r instanceof Redirect.Piped) {
                throw new IllegalStateException("run() cannot use Redirect.pipe(): nobody would read it; use start()");
            }
        }
        try (ChildProcess child = start()) {
            return child.waitFor();
        }
    }

    /** The argument list, shell-quoted where needed, for logs and messages; not meant to be run. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(a.matches("[A-Za-z0-9_./=:,+@%-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- pipe opens and capture

    /** Starts this command with its stdout piped to us: perlipc's {@code open(FH, "-|", ...)}. See {@link ReadPipe}. */
    public ReadPipe openForReading() throws IOException {
        return ReadPipe.open(this);
    }

    /** Starts this command with its stdin piped from us: perlipc's {@code open(FH, "|-", ...)}. See {@link WritePipe}. */
    public WritePipe openForWriting() throws IOException {
        return WritePipe.open(this);
    }

    /** Safe backticks: runs to completion and returns the status, stdout and stderr. See {@link Communication}. */
    public Captured capture() throws IOException {
        return Communication.of(this).run();
    }

    /** {@link #capture()} giving up after {@code timeout}: the child is stopped, {@link CommunicationTimeoutException}. */
    public Captured capture(Duration timeout) throws IOException {
        return Communication.of(this).timeout(timeout).run();
    }

    /** Stdout as UTF-8 text. @throws ChildFailedException unless the child exited 0 */
    public String captureText() throws IOException {
        return capture().orThrow(this).text();
    }

    /** Stdout as lines. @throws ChildFailedException unless the child exited 0 */
    public List<String> captureLines() throws IOException {
        return capture().orThrow(this).lines();
    }

    /** Open3: writes {@code input} while collecting stdout and stderr, without deadlock. See {@link Communication}. */
    public Captured communicate(byte[] input, Duration timeout) throws IOException {
        return Communication.of(this).input(input).timeout(timeout).run();
    }

    /**
     * {@link #run()} giving up after {@code timeout}: the child is stopped as {@link CancelPolicy#DEFAULT}
     * says and {@link CommunicationTimeoutException} tells how.
     */
    public ExitStatus run(Duration timeout) throws IOException {
        return Communication.runWithTimeout(this, timeout, CancelPolicy.DEFAULT);
    }
}
