package dev.jipc.io;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes text lines to any {@link Fd}, each ended by one fixed terminator: {@link #crlf(Fd)} for
 * network protocols, {@link #lf(Fd)} for Unix tools and files.
 *
 * <h2>Why CR LF, spelled as bytes</h2>
 * Internet protocols (SMTP, HTTP, FTP, POP3, IRC, ...) end a line with the two bytes 13 and 10,
 * carriage return then line feed ({@code "\015\012"} in octal), whatever the operating systems at
 * either end use internally. A newline is not a portable way to say that: {@code println} and
 * {@link System#lineSeparator()} produce {@code "\r\n"} on Windows and {@code "\n"} elsewhere, so a
 * program built on them speaks a slightly different protocol depending on where it runs, and in some
 * languages and I/O layers even the {@code "\n"} escape is translated on the way out. A strict peer
 * then waits for a CR LF that never comes. A {@code crlf} writer therefore appends exactly the bytes
 * 13 10 itself, after the encoded line, on every platform. This is the strict half of the usual
 * robustness rule; the lenient half, accepting a bare LF as well, is {@link LineReader}'s job.
 *
 * <h2>One line per call</h2>
 * {@link #writeLine(String)} refuses (with {@link IllegalArgumentException}, before anything is
 * buffered) a line that itself contains CR or LF. Passing such text through would let one call
 * produce several protocol lines, or a bare LF that peers split differently; that is how header
 * injection and SMTP smuggling work. Converting embedded newlines to CR LF would hide the same bug.
 * Text that is meant to carry its own line breaks goes through {@link #write(String)}, which writes
 * exactly what it is given.
 *
 * <h2>Encoding</h2>
 * The writer is strict here too: a character the charset cannot encode (or a lone surrogate) fails
 * the call with a {@link CharacterCodingException} before anything is buffered, instead of sending a
 * silent {@code '?'}. The charset must encode CR and LF as the bytes 13 and 10 (UTF-8, US-ASCII, the
 * ISO-8859 family and similar).
 *
 * <h2>Buffering and flushing</h2>
 * Output collects in an 8 KiB buffer and goes to the descriptor when the buffer fills, on
 * {@link #flush()} and on {@link #close()}. A conversational protocol, where each side waits for the
 * other's reply, deadlocks if a request sits unflushed; {@link #autoFlush(boolean) autoFlush(true)}
 * (Perl's {@code $| = 1}) flushes at the end of every {@code write} and {@code writeLine} call, so a
 * line and its terminator leave together in a single system call. If a write to the descriptor fails (say {@code EPIPE} because the
 * peer has gone), the buffered bytes are dropped: some of them may have been sent, so the stream
 * should be considered broken.
 *
 * <h2>Ownership and threads</h2>
 * The writer owns the {@code Fd}: {@link #close()} flushes and closes it. Calls are serialized, so
 * lines written from several threads never interleave within a line. {@code close()} called while
 * another thread is blocked writing does not wait for it: the descriptor is closed at once, the
 * blocked call fails with {@link java.nio.channels.AsynchronousCloseException}, and whatever was
 * buffered is dropped.
 *
 * <pre>{@code
 * try (LineWriter out = LineWriter.crlf(socketFd).autoFlush(true)) {
 *     out.writeLine("HELO example.org");
 * }
 * }</pre>
 */
public final class LineWriter implements Closeable, Flushable {
    static final int BUFFER_SIZE = 8 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LF = {'\n'};

    private final Fd fd;
    private final byte[] terminator;
    private final CharsetEncoder encoder;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean autoFlush;

    private final byte[] buf = new byte[BUFFER_SIZE];
    private int count;

    /** Where each call is encoded first, so a failed encoding leaves nothing behind. */
    private ByteBuffer scratch = ByteBuffer.allocate(256);

    private LineWriter(Fd fd, Charset charset, byte[] terminator) {
        this.fd = Objects.requireNonNull(fd, "fd");
        Objects.requireNonNull(charset, "charset");
        if (!charset.canEncode() || !Arrays.equals("\r\n".getBytes(charset), CRLF)) {
            throw new IllegalArgumentException(charset
                    + " does not encode CR LF as bytes 13 10; line I/O needs an ASCII-compatible charset such as UTF-8");
        }
        this.encoder = charset.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.terminator = terminator;
    }

    /** A UTF-8 writer ending every line with CR LF (bytes 13 10); closing it closes {@code fd}. */
    public static LineWriter crlf(Fd fd) {
        return new LineWriter(fd, StandardCharsets.UTF_8, CRLF);
    }

    /**
     * A writer encoding {@code charset} and ending every line with CR LF.
     *
     * @throws IllegalArgumentException if the charset does not encode CR LF as bytes 13 10
     */
    public static LineWriter crlf(Fd fd, Charset charset) {
        return new LineWriter(fd, charset, CRLF);
    }

    /** A UTF-8 writer ending every line with a single LF (byte 10); closing it closes {@code fd}. */
    public static LineWriter lf(Fd fd) {
        return new LineWriter(fd, StandardCharsets.UTF_8, LF);
    }

    /**
     * A writer encoding {@code charset} and ending every line with LF.
     *
     * @throws IllegalArgumentException if the charset does not encode CR LF as bytes 13 10
     */
    public static LineWriter lf(Fd fd, Charset charset) {
        return new LineWriter(fd, charset, LF);
    }

    /**
     * Turns flushing after every {@code write} and {@code writeLine} call on or off (off at first).
     * Turning it on does not flush what is already buffered.
     *
     * @return this writer
     */
    public LineWriter autoFlush(boolean on) {
        autoFlush = on;
        return this;
    }

    /** Whether every call is followed by a flush. */
    public boolean isAutoFlush() {
        return autoFlush;
    }

    /** The charset text is encoded with. */
    public Charset charset() {
        return encoder.charset();
    }

    /** The terminator's bytes: {@code "\r\n"} or {@code "\n"}. */
    public String terminator() {
        return new String(terminator, StandardCharsets.US_ASCII);
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code line} followed by the terminator.
     *
     * @throws IllegalArgumentException if {@code line} contains CR or LF; nothing is written
     * @throws CharacterCodingException if the charset cannot encode {@code line}; nothing is written
     * @throws ClosedChannelException if the writer is closed
     */
    public void writeLine(String line) throws IOException {
        Objects.requireNonNull(line, "line");
        int bad = indexOfCrOrLf(line);
        if (bad >= 0) {
            throw new IllegalArgumentException("line contains " + (line.charAt(bad) == '\r' ? "CR" : "LF")
                    + " at index " + bad + "; writeLine sends one line per call (write(String) sends text verbatim)");
        }
        lock.lock();
        try {
            ensureOpen();
            encode(line);
            append(scratch.array(), 0, scratch.position());
            append(terminator, 0, terminator.length);
            if (autoFlush) {
                drain();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes {@code text} exactly as given: no terminator is added and line breaks inside it are not
     * checked or converted.
     *
     * @throws CharacterCodingException if the charset cannot encode {@code text}; nothing is written
     */
    public void write(String text) throws IOException {
        Objects.requireNonNull(text, "text");
        lock.lock();
        try {
            ensureOpen();
            encode(text);
            append(scratch.array(), 0, scratch.position());
            if (autoFlush) {
                drain();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Writes raw bytes, in order with the text around them: for protocols that mix lines and bytes. */
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            ensureOpen();
            append(b, off, len);
            if (autoFlush) {
                drain();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends everything buffered to the descriptor, waiting until it has all been written. */
    @Override
    public void flush() throws IOException {
        lock.lock();
        try {
            ensureOpen();
            drain();
        } finally {
            lock.unlock();
        }
    }

    private static int indexOfCrOrLf(String s) {
        int lf = s.indexOf('\n');
        int cr = s.indexOf('\r');
        return lf < 0 ? cr : cr < 0 ? lf : Math.min(cr, lf);
    }

    /** Encodes all of {@code s} into {@link #scratch}, from position 0. */
    private void encode(String s) throws CharacterCodingException {
        CharBuffer in = CharBuffer.wrap(s);
        scratch.clear();
        encoder.reset();
        CoderResult r;
        while ((r = encoder.encode(in, scratch, true)).isOverflow()) {
            growScratch(in.remaining());
        }
        if (r.isError()) {
            r.throwException();
        }
        while (encoder.flush(scratch).isOverflow()) {
            growScratch(16);
        }
    }

    private void growScratch(int charsLeft) {
        int need = scratch.capacity() + (int) Math.min(Integer.MAX_VALUE / 2, (long) charsLeft * 3 + 16);
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(need, scratch.capacity() * 2));
        scratch.flip();
        scratch = bigger.put(scratch);
    }

    private void append(byte[] b, int off, int len) throws IOException {
        if (len > buf.length - count) {
            drain();
            if (len >= buf.length) {
                fd.writeFully(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void drain() throws IOException {
        if (count > 0) {
            try {
                fd.writeFully(buf, 0, count);
            } finally {
                count = 0;
            }
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (fd.isClosed()) {
            throw new ClosedChannelException();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Flushes and closes the {@code Fd}. Idempotent; the descriptor is closed even when the flush
     * fails. If another thread is in the middle of a call, the descriptor is closed without waiting
     * and the buffered bytes are dropped (see the class comment).
     */
    @Override
    public void close() throws IOException {
        if (!lock.tryLock()) {
            fd.close();
            return;
        }
        try {
            if (!fd.isClosed()) {
                drain();
            }
        } finally {
            count = 0;
            lock.unlock();
            fd.close();
        }
    }

    @Override
    public String toString() {
        return "LineWriter[" + fd + ", " + encoder.charset() + ", " + (terminator.length == 2 ? "CRLF" : "LF") + "]";
    }
}
