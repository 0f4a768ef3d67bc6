package dev.jipc.pty;

import dev.jipc.TimedOutException;
import dev.jipc.io.Fd;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.signal.Signal;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.regex.Matcher;

/**
 * A conversation with an interactive program: send it text, wait for what it answers, in the manner
 * of Tcl's and Perl's Expect and Python's pexpect.
 *
 * <pre>{@code
 * Command python = Command.of("python3", "-q", "-i").env("TERM", "dumb");
 * try (Expect py = Expect.spawn(python)) {
 *     py.expect(">>> ");   // the prompt: Python knows it is on a terminal
 *     py.sendLine("6 * 7");
 *     Match m = py.expect(Duration.ofSeconds(5), Expectation.regex("(\\d+)\r\n>>> "));
 *     m.group(1);          // "42"; the echo of "6 * 7" came first and is in m.before()
 * }
 * }</pre>
 *
 * <h2>Over what</h2>
 * Any pair of descriptors: what the program writes ({@code fromProgram}) and what it reads
 * ({@code toProgram}). {@link #spawn(Command)} makes the usual pair, a fresh {@link Pty} the child
 * runs on, so the child believes a person is typing and answers line by line;
 * {@link #of(ChildProcess)} converses through the child's pipes (many programs then buffer their
 * answers until exit, the problem a pty solves); {@link #of(Fd, Fd)} takes anything, a socket
 * included.
 *
 * <h2>Matching</h2>
 * Output is decoded (UTF-8 by default; bytes that are not valid become U+FFFD, never an error) into
 * a match buffer. {@link #expect(Duration, Expectation...)} reads until one of the expectations is
 * found in it; when several are, the one that starts earliest wins, ties going to the one listed
 * first. The buffer up to the end of the match is consumed: {@link Match#before()} is the text before
 * the match. The buffer is bounded ({@link #maxBuffer}, 64 Ki characters by default): a program
 * pouring out text that matches nothing has its oldest output dropped, counted by
 * {@link #discardedChars()}, instead of filling memory. A literal is found even when it arrives split
 * over several reads; a regular expression that could match more if more output came (a {@code \d+})
 * matches what is there.
 *
 * <h2>Time</h2>
 * Each {@code expect} has a timeout, given or the default ({@link #timeout(Duration)}, 30 s). Sends
 * give up after that same default when the program stops reading.
 *
 * <p>An {@code Expect} holds the state of one conversation and is not for concurrent use.
 */
public final class Expect implements Closeable {
    /** The default {@link #maxBuffer(int)}: 64 Ki characters. */
    public static final int DEFAULT_MAX_BUFFER = 64 * 1024;
    /** The default {@link #timeout(Duration)}: 30 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** How long {@link #close()} lets a hung-up child exit before it is killed. */
    static final Duration HANGUP_GRACE = Duration.ofSeconds(2);

    private static final int READ_SIZE = 16 * 1024;

    private final Fd fromProgram;
    private final Fd toProgram;
    private final ChildProcess child;
    private final Pty ownedPty;

    private Charset charset = StandardCharsets.UTF_8;
    private CharsetDecoder decoder = newDecoder(charset);
    private final ByteBuffer undecoded = ByteBuffer.allocate(READ_SIZE + 64);
    private CharBuffer decoded = CharBuffer.allocate(READ_SIZE + 64);
    private final byte[] readBuffer = new byte[READ_SIZE];
    private final StringBuilder buffer = new StringBuilder();
    private long discarded;
    private boolean eof;
    private int maxBuffer = DEFAULT_MAX_BUFFER;
    private Duration timeout = DEFAULT_TIMEOUT;
    private OutputStream transcript;
    private OutputStream sendTranscript;

    private Expect(Fd fromProgram, Fd toProgram, ChildProcess child, Pty ownedPty) {
        this.fromProgram = fromProgram;
        this.toProgram = toProgram;
        this.child = child;
        this.ownedPty = ownedPty;
    }

    // ---------------------------------------------------------------- making one

    /**
     * Starts {@code command} on a new pty of {@link WindowSize#DEFAULT} and converses with it. The
     * {@code Expect} owns both: {@link #close()} hangs the terminal up and makes sure the child ends.
     */
    public static Expect spawn(Command command) throws IOException {
        return spawn(command, WindowSize.DEFAULT);
    }

    /** Like {@link #spawn(Command)} with a window size of your choosing. */
    public static Expect spawn(Command command, WindowSize size) throws IOException {
        Objects.requireNonNull(command, "command");
        Pty pty = Pty.open(size);
        try {
            ChildProcess child = command.terminal(pty).start();
            return new Expect(pty.controller(), pty.controller(), child, pty);
        } catch (IOException | RuntimeException e) {
            pty.close();
            throw e;
        }
    }

    /** Converses over a pty whose program was started by the caller; nothing is owned. */
    public static Expect on(Pty pty) {
        Objects.requireNonNull(pty, "pty");
        return new Expect(pty.controller(), pty.controller(), null, null);
    }

    /**
     * Converses with {@code child} through its stdout and stdin pipes
     * ({@code stdout(Redirect.pipe())}, {@code stdin(Redirect.pipe())}); end-of-file results carry its
     * exit status. The pipes stay the child's: close the child to close them.
     *
     * @throws IllegalArgumentException if its stdin or stdout is not a pipe
     */
    public static Expect of(ChildProcess child) {
        Objects.requireNonNull(child, "child");
        if (!child.isPiped(0) || !child.isPiped(1)) {
            throw new IllegalArgumentException(child + ": stdin and stdout must both be pipes to converse through");
        }
        return new Expect(child.stdout(), child.stdin(), child, null);
    }

    /**
     * Converses over any two descriptors (they may be the same one, as with a socket); nothing is
     * owned.
     *
     * @param fromProgram where the program's output is read
     * @param toProgram where what is sent is written
     */
    public static Expect of(Fd fromProgram, Fd toProgram) {
        return new Expect(Objects.requireNonNull(fromProgram, "fromProgram"),
                Objects.requireNonNull(toProgram, "toProgram"), null, null);
    }

    // ---------------------------------------------------------------- settings

    /** The timeout of {@link #expect(Expectation...)} and of sends; 30 s unless set. */
    public Expect timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * The most characters the match buffer keeps; older output is dropped beyond it. A literal
     * longer than this could never match and is refused by {@code expect}.
     */
    public Expect maxBuffer(int chars) {
        if (chars < 1) {
            throw new IllegalArgumentException("match buffer must hold at least 1 character: " + chars);
        }
        this.maxBuffer = chars;
        trim();
        return this;
    }

    /**
     * How the program's output is decoded; UTF-8 unless set. Malformed input never fails: it becomes
     * U+FFFD. ISO-8859-1 maps each byte to one character, for programs whose output is not text.
     */
    public Expect charset(Charset charset) {
        this.charset = Objects.requireNonNull(charset, "charset");
        this.decoder = newDecoder(charset);
        this.decoded = CharBuffer.allocate((int) Math.ceil(decoder.maxCharsPerByte() * (READ_SIZE + 64)) + 16);
        return this;
    }

    private static CharsetDecoder newDecoder(Charset charset) {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
    }

    /**
     * Copies every byte read from the program to {@code log} as it arrives (the transcript of a
     * pty session includes what was sent, since the terminal echoes it); {@code null} stops.
     */
    public Expect transcript(OutputStream log) {
        this.transcript = log;
        return this;
    }

    /** Copies every byte sent to the program to {@code log}; {@code null} stops. */
    public Expect sendTranscript(OutputStream log) {
        this.sendTranscript = log;
        return this;
    }

    // ---------------------------------------------------------------- what it holds

    /** The child, when started by {@link #spawn} or given to {@link #of(ChildProcess)}; else null. */
    public ChildProcess child() {
        return child;
    }

    /** The pty made by {@link #spawn}; null otherwise. */
    public Pty pty() {
        return ownedPty;
    }

    /** The output read and not yet consumed by a match. */
    public String buffer() {
        return buffer.toString();
    }

    /** How many characters were dropped from the front of the match buffer to keep it bounded. */
    public long discardedChars() {
        return discarded;
    }

    /** Whether the program's output has ended. */
    public boolean isEof() {
        return eof;
    }

    // ---------------------------------------------------------------- expecting

    /** Waits for {@code text}, with the default timeout; see {@link #expect(Duration, Expectation...)}. */
    public Match expect(String text) throws IOException {
        return expect(timeout, Expectation.literal(text));
    }

    /** Waits for one of the expectations, with the default timeout. */
    public Match expect(Expectation... expectations) throws IOException {
        return expect(timeout, expectations);
    }

    /**
     * Reads the program's output until one of the expectations is found, the output ends, or
     * {@code timeout} passes.
     *
     * @return which expectation happened, with the text before and the groups
     * @throws ExpectEofException if the output ended and {@link Expectation#eof()} is not listed
     * @throws ExpectTimeoutException if the timeout passed and {@link Expectation#timeout()} is not listed
     * @throws IllegalArgumentException if no expectation is given, or a literal is longer than the
     *     match buffer
     */
    public Match expect(Duration timeout, Expectation... expectations) throws IOException {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        List<Expectation> list = List.of(expectations); // rejects nulls
        if (list.isEmpty()) {
            throw new IllegalArgumentException("nothing to expect");
        }
        for (Expectation e : list) {
            if (e instanceof Expectation.Literal(String text) && text.length() > maxBuffer) {
                throw new IllegalArgumentException("literal of " + text.length()
                        + " characters can never match in a buffer of " + maxBuffer);
            }
        }
        long start = System.nanoTime();
        long budget = timeout.toNanos();
        int searched = 0; // literal matches cannot start before searched - length + 1
        while (true) {
            Match m = search(list, searched);
            if (m != null) {
                return m;
            }
            searched = buffer.length();
            if (eof) {
                return endOfOutput(list, timeout, start);
            }
            long left = budget - (System.nanoTime() - start);
            if (left <= 0) {
                return timedOut(list, timeout);
            }
            int n;
            try {
                n = fromProgram.read(readBuffer, 0, readBuffer.length, Duration.ofNanos(left));
            } catch (TimedOutException e) {
                return timedOut(list, timeout);
            }
            if (n < 0) {
                eof = true;
                decode(0, true);
            } else {
                if (transcript != null) {
                    transcript.write(readBuffer, 0, n);
                    transcript.flush();
                }
                decode(n, false);
            }
            int before = buffer.length();
            trim();
            searched = Math.max(0, searched - (before - buffer.length()));
        }
    }

    private Match search(List<Expectation> list, int searched) {
        int bestStart = Integer.MAX_VALUE;
        int bestIndex = -1;
        int bestEnd = 0;
        List<String> bestGroups = null;
        for (int i = 0; i < list.size(); i++) {
            switch (list.get(i)) {
                case Expectation.Literal(String text) -> {
                    int at = buffer.indexOf(text, Math.max(0, searched - text.length() + 1));
                    if (at >= 0 && at < bestStart) {
                        bestStart = at;
                        bestIndex = i;
                        bestEnd = at + text.length();
                        bestGroups = List.of(text);
                    }
                }
                case Expectation.Regex(var pattern) -> {
                    Matcher m = pattern.matcher(buffer);
                    if (m.find() && m.start() < bestStart) {
                        bestStart = m.start();
                        bestIndex = i;
                        bestEnd = m.end();
                        List<String> g = new ArrayList<>(m.groupCount() + 1);
                        for (int k = 0; k <= m.groupCount(); k++) {
                            g.add(m.group(k));
                        }
                        bestGroups = java.util.Collections.unmodifiableList(g);
                    }
                }
                case Expectation.Eof e -> { }
                case Expectation.Timeout t -> { }
            }
        }
        if (bestIndex < 0) {
            return null;
        }
        String before = buffer.substring(0, bestStart);
        buffer.delete(0, bestEnd);
        return new Match(bestIndex, list.get(bestIndex), before, bestGroups, null);
    }

    private Match endOfOutput(List<Expectation> list, Duration timeout, long start) throws IOException {
        String rest = buffer.toString();
        buffer.setLength(0);
        ExitStatus status = null;
        if (child != null) {
            // The program closed its output, usually by exiting: wait for its status, within the
            // time this call has left.
            long left = Math.max(0, timeout.toNanos() - (System.nanoTime() - start));
            try {
                status = child.waitFor(Duration.ofNanos(left));
            } catch (TimedOutException stillRunning) {
                status = null;
            }
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Expectation.Eof) {
                return new Match(i, list.get(i), rest, List.of(), status);
            }
        }
        throw new ExpectEofException(describe(list), rest, status);
    }

    private Match timedOut(List<Expectation> list, Duration timeout) throws ExpectTimeoutException {
        String sofar = buffer.toString(); // kept: a later expect may still match it
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Expectation.Timeout) {
                return new Match(i, list.get(i), sofar, List.of(), null);
            }
        }
        throw new ExpectTimeoutException(describe(list), timeout, sofar);
    }

    private void decode(int n, boolean end) {
        undecoded.put(readBuffer, 0, n).flip();
        decoded.clear();
        decoder.decode(undecoded, decoded, end);
        if (end) {
            decoder.flush(decoded);
            decoder.reset();
        }
        decoded.flip();
        buffer.append(decoded);
        undecoded.compact();
    }

    private void trim() {
        int excess = buffer.length() - maxBuffer;
        if (excess > 0) {
            buffer.delete(0, excess);
            discarded += excess;
        }
    }

    private static String describe(List<Expectation> list) {
        StringJoiner j = new StringJoiner(" or ");
        for (Expectation e : list) {
            j.add(switch (e) {
                case Expectation.Literal(String text) -> quote(text);
                case Expectation.Regex(var p) -> "/" + p + "/";
                case Expectation.Eof x -> "eof";
                case Expectation.Timeout x -> "timeout";
            });
        }
        return j.toString();
    }

    /** Text with control characters made visible, in double quotes, for messages. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** The last 200 characters, for messages. */
    static String tail(String s) {
        return s.length() <= 200 ? s : "..." + s.substring(s.length() - 200);
    }

    // ---------------------------------------------------------------- sending

    /** Sends {@code text}, encoded in the {@link #charset(Charset)}. */
    public void send(String text) throws IOException {
        send(text.getBytes(charset));
    }

    /** Sends {@code text} and a newline (which a terminal in cooked mode takes as Return). */
    public void sendLine(String text) throws IOException {
        send(text + "\n");
    }

    /**
     * Sends bytes as they are, giving up after the default timeout if the program stops reading
     * (the stream is then best treated as unusable).
     */
    public void send(byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        if (sendTranscript != null) {
            sendTranscript.write(bytes);
            sendTranscript.flush();
        }
        toProgram.writeFully(MemorySegment.ofArray(bytes), timeout);
    }

    /**
     * Sends a control character, as typed with the Ctrl key: {@code 'c'} (Ctrl-C, which a terminal
     * turns into SIGINT for the foreground group), {@code 'd'} (Ctrl-D), {@code '['} (Escape),
     * {@code '?'} (DEL).
     *
     * @throws IllegalArgumentException for a character with no control form
     */
    public void sendControl(char c) throws IOException {
        send(new byte[] {(byte) controlCode(c)});
    }

    static int controlCode(char c) {
        if (c == '?') {
            return 0x7f;
        }
        char u = Character.toUpperCase(c);
        if (u < '@' || u > '_') {
            throw new IllegalArgumentException("no control character for '" + c + "': use @, A-Z, [, \\, ], ^, _ or ?");
        }
        return u & 0x1f;
    }

    /**
     * Signals end of input. To a terminal this is the terminal's EOF character (Ctrl-D unless
     * changed), which a program reading a line at a time sees as end of file at the start of a line;
     * to anything else it closes {@code toProgram}.
     */
    public void sendEof() throws IOException {
        if (Terminal.isTerminal(toProgram)) {
            send(new byte[] {(byte) Terminal.modes(toProgram).controlChar(ControlChar.EOF)});
        } else {
            toProgram.close();
        }
    }

    // ---------------------------------------------------------------- handing over

    /**
     * Hands the conversation to the person at this process's terminal until the program's output
     * ends or they type Ctrl-] (the escape character of telnet and pexpect). See
     * {@link #interact(Fd, Fd, int)}.
     */
    public void interact() throws IOException {
        interact(Interaction.DEFAULT_ESCAPE);
    }

    /**
     * Like {@link #interact()} with another escape character, or none with -1: then only the end of
     * the program's output ends the interaction, as with {@code script(1)}.
     */
    public void interact(int escape) throws IOException {
        checkEscape(escape);
        Interaction.withStandardStreams(this, escape);
    }

    private static void checkEscape(int escape) {
        if (escape < -1 || escape > 255) {
            throw new IllegalArgumentException("escape must be a byte value or -1: " + escape);
        }
    }

    /**
     * Relays between the program and a user: what the program writes (the unmatched buffer first)
     * goes to {@code userOut}, what is read from {@code userIn} goes to the program. If
     * {@code userIn} is a terminal it is put in raw mode, so every key (Ctrl-C included) goes to the
     * program, and restored on return; if the program is on a pty, the user's window size is copied
     * to it at the start and whenever SIGWINCH says it changed. When {@code userIn} ends and the
     * program is on a terminal, the terminal's EOF character is passed on.
     *
     * <p>Returns when the program's output ends ({@link #isEof()} is then true) or when the user
     * types {@code escape} (pass -1 for none); the program keeps running in the second case, and
     * {@code expect} may go on.
     */
    public void interact(Fd userIn, Fd userOut, int escape) throws IOException {
        checkEscape(escape);
        new Interaction(this, Objects.requireNonNull(userIn, "userIn"), Objects.requireNonNull(userOut, "userOut"),
                escape).run();
    }

    Fd fromProgram() {
        return fromProgram;
    }

    Fd toProgram() {
        return toProgram;
    }

    /** Takes the unmatched buffer away, encoded, for a relay that starts with it. */
    byte[] drainBuffer() {
        byte[] b = buffer.toString().getBytes(charset);
        buffer.setLength(0);
        return b;
    }

    void copyToTranscript(byte[] b, int off, int len) throws IOException {
        if (transcript != null) {
            transcript.write(b, off, len);
            transcript.flush();
        }
    }

    void markEof() {
        eof = true;
    }

    // ---------------------------------------------------------------- closing

    /**
     * Ends what this {@code Expect} owns: for {@link #spawn}, the pty is closed, which hangs the
     * terminal up (SIGHUP to the child); a child still running after two seconds is killed with
     * SIGKILL, and waited for. For the other factories, nothing: the descriptors are the caller's.
     */
    @Override
    public void close() throws IOException {
        if (ownedPty == null) {
            return;
        }
        ownedPty.close();
        try {
            child.waitFor(HANGUP_GRACE);
        } catch (TimedOutException stillRunning) {
            child.signal(Signal.SIGKILL);
            child.waitFor();
        } finally {
            child.close();
        }
    }

    @Override
    public String toString() {
        return "Expect[" + (child != null ? child.toString() : fromProgram.toString()) + "]";
    }
}
