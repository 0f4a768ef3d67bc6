package dev.jipc.process;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The lines of every input named on a command line, in order: Perl's {@code while (<>)}, and
 * perlipc's {@code program f1 "cmd1|" - f2 "cmd2|" f3}.
 *
 * <ul>
 *   <li>A plain argument is a file, read as UTF-8 lines.</li>
 *   <li>{@code -} is the given standard input.</li>
 *   <li>No arguments at all means standard input alone.</li>
 *   <li>An argument ending in {@code |} is a command whose output is read, <b>only when
 *       {@link #allowCommands(boolean) allowCommands(true)}</b> was called; otherwise it is a file
 *       name like any other.</li>
 * </ul>
 *
 * <h2>Why commands are off by default</h2>
 * Perl's {@code <>} opens its arguments with two-argument {@code open}, so a file name given to a
 * script can run a program: a file called {@code "rm -rf ~ |"} in a directory the script is pointed
 * at with {@code *} is a command. This input only treats arguments as commands when the program asks
 * for it, knowing its arguments come from the person running it. Even then no shell is involved:
 * the text before the {@code |} is split by {@link CommandString}'s rules (quotes and backslashes,
 * no globs, no variables, no redirections) and run as an argument list. Each command is closed when
 * its output ends; if it failed, {@link #readLine()} throws {@link ChildFailedException}, as Perl's
 * {@code close} would report in {@code $?}.
 */
public final class ArgumentInput implements Closeable {
    private final Deque<String> pending;
    private final InputStream stdin;
    private boolean allowCommands;
    private String current;
    private BufferedReader reader;
    private ReadPipe pipe;

    private ArgumentInput(List<String> args, InputStream stdin) {
        this.pending = new ArrayDeque<>(args.isEmpty() ? List.of("-") : List.copyOf(args));
        this.stdin = Objects.requireNonNull(stdin, "stdin");
    }

    /** The inputs named by {@code args}, with {@code -} (or no arguments) meaning {@code stdin}. */
    public static ArgumentInput of(List<String> args, InputStream stdin) {
        return new ArgumentInput(args, stdin);
    }

    /** Whether arguments ending in {@code |} run commands (off by default; see the class comment). Returns this. */
    public ArgumentInput allowCommands(boolean on) {
        this.allowCommands = on;
        return this;
    }

    /** The argument being read now (Perl's {@code $ARGV}), null before the first line and after the last. */
    public String currentArgument() {
        return current;
    }

    /**
     * The next line of the current input, moving on to the next argument at each end; null after the
     * last.
     *
     * @throws java.nio.file.NoSuchFileException and the like for a file that cannot be opened
     * @throws ChildFailedException when a command's output ended and the command had failed
     * @throws dev.jipc.ErrnoException when a command cannot be started
     */
    public String readLine() throws IOException {
        while (true) {
            if (reader == null && !openNext()) {
                return null;
            }
            String line = reader.readLine();
            if (line != null) {
                return line;
            }
            finishCurrent();
        }
    }

    private boolean openNext() throws IOException {
        String arg = pending.poll();
        if (arg == null) {
            current = null;
            return false;
        }
        current = arg;
        if (arg.equals("-")) {
            reader = new BufferedReader(new InputStreamReader(new NonClosing(stdin), StandardCharsets.UTF_8));
        } else if (allowCommands && arg.endsWith("|")) {
            pipe = ReadPipe.open(CommandString.parse(arg.substring(0, arg.length() - 1)));
            reader = new BufferedReader(new InputStreamReader(pipe.inputStream(), StandardCharsets.UTF_8));
        } else {
            reader = Files.newBufferedReader(Path.of(arg), StandardCharsets.UTF_8);
        }
        return true;
    }

    private void finishCurrent() throws IOException {
        BufferedReader r = reader;
        ReadPipe p = pipe;
        reader = null;
        pipe = null;
        try {
            r.close();
        } finally {
            if (p != null) {
                p.close(); // throws ChildFailedException for a failed command
            }
        }
    }

    /** Every remaining line to {@code action}. */
    public void forEachLine(java.util.function.Consumer<String> action) throws IOException {
        try {
            for (String line; (line = readLine()) != null; ) {
                action.accept(line);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Closes the current input; a command still running is waited for, its failure not reported. */
    @Override
    public void close() throws IOException {
        pending.clear();
        if (reader != null) {
            BufferedReader r = reader;
            ReadPipe p = pipe;
            reader = null;
            pipe = null;
            r.close();
            if (p != null) {
                p.closeAndWait();
            }
        }
    }

    /** Keeps stdin open when its reader is closed. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // stdin belongs to the caller
        }
    }
}
