package dev.jipc.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a child completely dissociated from us: perlipc's "complete dissociation of child from
 * parent", without the double fork.
 *
 * <p>The child leads a new session ({@code setsid} in {@code posix_spawn}), so it has no
 * controlling terminal and a terminal hangup or Ctrl-C aimed at our session does not reach it; it
 * works in {@code /} unless {@link DetachOptions#directory} says otherwise; its stdin is
 * {@code /dev/null}, its stdout and stderr {@code /dev/null} or the {@link DetachOptions#log} file.
 * Only descriptors the command left at {@link Redirect#inherit()} are replaced: a descriptor the
 * caller set on purpose (a pipe, a file) is kept. Nothing else is passed on, since everything jipc
 * and the JDK open is close-on-exec, and every signal starts at its default disposition.
 *
 * <p><b>Why no double fork.</b> Perl's {@code daemonize} forks, lets the parent exit and calls
 * {@code setsid} in the child, so that the daemon is not a process-group leader and init reaps it.
 * Here the daemon is spawned straight into its new session, and while we live it stays our child,
 * watched by jipc's reaper like any other: if it exits first it is reaped at once, no zombie
 * remains, and its status is known ({@link ChildProcess#onExit()}). When we exit first the kernel
 * hands it to init (or the nearest subreaper), which reaps it later. It outlives us either way:
 * nothing of ours is tied to it.
 *
 * <p>A relative program path ({@code ./server}) is made absolute from the JVM's working directory
 * before the child moves to {@code /}; a relative path among the program's own arguments is the
 * program's business, and is taken from its new working directory.
 */
public final class Detached {
    private Detached() {}

    /** Starts {@code cmd} detached with {@link DetachOptions#defaults()}. */
    public static ChildProcess start(Command cmd) throws IOException {
        return start(cmd, DetachOptions.defaults());
    }

    /**
     * Starts {@code cmd} detached as {@code options} say, and returns at once.
     *
     * @throws dev.jipc.ErrnoException if the program cannot be found or run, or the log file cannot
     *     be opened; no child is left behind then
     * @throws IllegalArgumentException if a umask is asked for and the command sets {@code arg0}
     */
    public static ChildProcess start(Command cmd, DetachOptions options) throws IOException {
        return prepare(cmd, options).start();
    }

    /** The command that {@link #start(Command, DetachOptions)} runs, for logs and tests. */
    public static Command prepare(Command cmd, DetachOptions options) throws IOException {
        Command c = cmd;
        String program = cmd.program();
        boolean relative = program.indexOf('/') >= 0 && !program.startsWith("/");
        if (options.umask().isPresent()) {
            if (cmd.arg0().isPresent()) {
                throw new IllegalArgumentException("a umask cannot be combined with arg0 (" + cmd.arg0().get()
                        + "): the program is exec'd by sh, which cannot set argv[0]");
            }
            Map<String, String> env = cmd.environment();
            String exe = Launcher.resolve(program, env.containsKey("PATH") ? env.get("PATH") : System.getenv("PATH"));
            List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "umask \"$1\" && shift && exec \"$@\"",
                    "jipc-detach", String.format("%04o", options.umask().getAsInt()),
                    Path.of(exe).toAbsolutePath().normalize().toString()));
            argv.addAll(cmd.argv().subList(1, cmd.argv().size()));
            c = copySettings(cmd, Command.of(argv));
        } else if (relative) {
            List<String> argv = new ArrayList<>(cmd.argv());
            argv.set(0, Path.of(program).toAbsolutePath().normalize().toString());
            c = copySettings(cmd, Command.of(argv));
            if (cmd.arg0().isPresent()) {
                c = c.arg0(cmd.arg0().get());
            }
        }
        if (c.redirect(0) instanceof Redirect.Inherit) {
            c = c.stdin(Redirect.nullDevice());
        }
        Redirect out = options.log().map(Redirect::append).orElse(Redirect.nullDevice());
        boolean stdoutIsOurs = c.redirect(1) instanceof Redirect.Inherit;
        if (stdoutIsOurs) {
            c = c.stdout(out);
        }
        if (c.redirect(2) instanceof Redirect.Inherit) {
            // One open file description for both, as the shell's >>log 2>&1.
            c = c.stderr(stdoutIsOurs && options.log().isPresent() ? Redirect.toFd(1) : out);
        }
        return c.newSession().directory(options.directory());
    }

    /** {@code to} with the environment and descriptors of {@code from} (the argument list is {@code to}'s). */
    private static Command copySettings(Command from, Command to) {
        Command c = to.clearEnv();
        for (var e : from.environment().entrySet()) {
            c = c.env(e.getKey(), e.getValue());
        }
        for (var e : from.redirects().entrySet()) {
            c = c.fd(e.getKey(), e.getValue());
        }
        return c;
    }
}
