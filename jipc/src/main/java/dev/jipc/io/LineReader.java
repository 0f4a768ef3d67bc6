package dev.jipc.io;

import dev.jipc.TimedOutException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Reads text lines from any {@link Fd} (a pipe, fifo, socket or pty), the way line-based network
 * protocols need them.
 *
 * <h2>Terminators</h2>
 * A line ends at a line feed (byte 10). A carriage return (byte 13) immediately before it belongs to
 * the terminator and is removed too, so {@code "CR LF"} and a bare {@code "LF"} both end a line and
 * may be mixed freely in one stream. Protocols such as SMTP, HTTP and POP3 define CR LF as the only
 * terminator, but real peers (hand-typed telnet sessions, scripts that print {@code "\n"}, programs
 * written on Unix) often send a bare LF; a reader that insisted on CR LF would hang or misparse on
 * them. Accepting both costs nothing and loses nothing, because a bare LF is never valid content
 * inside a line. A carriage return <em>not</em> followed by a line feed is ordinary data and is kept:
 * {@code "a\rb\n"} reads as {@code "a\rb"}. (The opposite direction is strict: {@link LineWriter}
 * always sends exactly one kind of terminator.)
 *
 * <p>A final line that ends without a terminator is still returned when end of file follows it;
 * after that, and for an empty stream, {@link #readLine()} returns {@code null}.
 *
 * <h2>Buffering and decoding</h2>
 * The reader reads the descriptor in chunks of 8 KiB into its own buffer, so a stream of short lines
 * costs one system call per chunk, not per byte. Lines are split on bytes and decoded only once a
 * whole line has been collected, so a multibyte character whose bytes arrive in different reads is
 * decoded correctly. The charset must therefore encode CR and LF as the single bytes 13 and 10 (UTF-8,
 * US-ASCII, the ISO-8859 family and similar; not UTF-16 or UTF-32). Bytes that are not valid in the
 * charset decode to U+FFFD rather than failing: the reader is liberal. Protocols that carry arbitrary
 * bytes use {@link #readLineBytes()}, which does no decoding at all.
 *
 * <p>Because the reader reads ahead, bytes after the current line may already sit in its buffer. Read
 * them with {@link #read(byte[], int, int)} (which drains the buffer before touching the descriptor),
 * never straight from the {@code Fd}, when a protocol switches from lines to raw bytes, as with a
 * length-prefixed body after a header line.
 *
 * <h2>Line length</h2>
 * A line may hold at most {@link #maxLineLength()} bytes, terminator excluded ({@link
 * #DEFAULT_MAX_LINE_LENGTH} unless chosen otherwise). A longer one fails with {@link
 * LineTooLongException} as soon as it is known to be too long, so a peer that sends megabytes without
 * a newline costs at most the limit plus one chunk of memory, and a reader does not wait for a
 * terminator that may never come. The next call skips the rest of that line.
 *
 * <h2>Timeouts and interruption</h2>
 * {@link #readLine(Duration)} gives up with {@link TimedOutException} when no complete line arrives in
 * time. Nothing is lost then, nor when the thread is interrupted: the part of a line already received
 * stays in the reader, and the next call returns the whole line once its end arrives.
 *
 * <h2>Ownership and threads</h2>
 * The reader owns the {@code Fd}: {@link #close()} closes it. To keep the descriptor, simply do not
 * close the reader; it holds nothing else that needs releasing (but see above about buffered bytes).
 * Calls are serialized, so several threads may take lines from one reader and each line goes to
 * exactly one of them. {@code close()} may be called from any thread; a thread blocked reading then
 * fails with {@link java.nio.channels.AsynchronousCloseException}.
 *
 * <pre>{@code
 * try (LineReader in = LineReader.of(socketFd)) {
 *     for (String line; (line = in.readLine()) != null; ) {
 *         System.out.println(line);
 *     }
 * }
 * }</pre>
 */
public final class LineReader implements Closeable {
    /** The maximum line length in bytes that {@link #of(Fd)} and {@link #of(Fd, Charset)} allow: 64 KiB. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

    static final int BUFFER_SIZE = 8 * 1024;
    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final Fd fd;
    private final Charset charset;
    private final int maxLineLength;
    private final ReentrantLock lock = new ReentrantLock();

    /** Bytes read ahead: {@code buf[pos..lim)} is not yet consumed. */
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int lim;

    /** The start of a line whose end has not arrived yet: {@code partial[0..partialLen)}. */
    private byte[] partial = new byte[0];
    private int partialLen;

    /** Set after a {@link LineTooLongException}: the rest of that line is still to be skipped. */
    private boolean skipping;

    private LineReader(Fd fd, Charset charset, int maxLineLength) {
        this.fd = Objects.requireNonNull(fd, "fd");
        this.charset = requireAsciiCompatible(charset);
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be positive: " + maxLineLength);
        }
        this.maxLineLength = maxLineLength;
    }

    /** A UTF-8 reader of lines up to {@link #DEFAULT_MAX_LINE_LENGTH} bytes; closing it closes {@code fd}. */
    public static LineReader of(Fd fd) {
        return new LineReader(fd, StandardCharsets.UTF_8, DEFAULT_MAX_LINE_LENGTH);
    }

    /**
     * A reader decoding {@code charset}, of lines up to {@link #DEFAULT_MAX_LINE_LENGTH} bytes.
     *
     * @throws IllegalArgumentException if the charset does not decode bytes 13 10 as CR LF
     */
    public static LineReader of(Fd fd, Charset charset) {
        return new LineReader(fd, charset, DEFAULT_MAX_LINE_LENGTH);
    }

    /**
     * A reader decoding {@code charset}, of lines up to {@code maxLineLength} bytes (terminator
     * excluded). SMTP, for example, limits a line to 998 bytes.
     *
     * @throws IllegalArgumentException if the charset does not decode bytes 13 10 as CR LF, or
     *     {@code maxLineLength} is not positive
     */
    public static LineReader of(Fd fd, Charset charset, int maxLineLength) {
        return new LineReader(fd, charset, maxLineLength);
    }

    /** The charset lines are decoded with. */
    public Charset charset() {
        return charset;
    }

    /** The longest line, in bytes and without its terminator, that this reader returns. */
    public int maxLineLength() {
        return maxLineLength;
    }

    // ---------------------------------------------------------------- lines

    /**
     * Reads the next line, waiting as long as it takes.
     *
     * @return the line without its terminator, or {@code null} at end of file
     * @throws LineTooLongException if the line is longer than {@link #maxLineLength()} bytes
     * @throws java.nio.channels.ClosedChannelException if the reader is closed
     */
    public String readLine() throws IOException {
        return next(Fd.NO_DEADLINE, null, this::decode);
    }

    /**
     * Reads the next line, giving up after {@code timeout}. A line already buffered is returned at
     * once, even with a zero timeout, which thus asks "is a whole line here yet?".
     *
     * @return the line without its terminator, or {@code null} at end of file
     * @throws TimedOutException if no whole line arrived in time; whatever part of it did arrive is
     *     kept for the next call
     * @throws LineTooLongException if the line is longer than {@link #maxLineLength()} bytes
     */
    public String readLine(Duration timeout) throws IOException {
        return next(Fd.deadline(timeout), timeout, this::decode);
    }

    /**
     * Reads the next line as raw bytes, without its terminator and without decoding: for protocols
     * whose lines may carry bytes that are not text in any charset.
     *
     * @return the line's bytes, or {@code null} at end of file
     * @throws LineTooLongException if the line is longer than {@link #maxLineLength()} bytes
     */
    public byte[] readLineBytes() throws IOException {
        return next(Fd.NO_DEADLINE, null, Arrays::copyOfRange);
    }

    /** {@link #readLineBytes()} giving up after {@code timeout}, with the guarantees of {@link #readLine(Duration)}. */
    public byte[] readLineBytes(Duration timeout) throws IOException {
        return next(Fd.deadline(timeout), timeout, Arrays::copyOfRange);
    }

    /** Turns {@code a[from..to)} into the caller's form of a line. */
    @FunctionalInterface
    private interface Make<T> {
        T make(byte[] a, int from, int to);
    }

    private String decode(byte[] a, int from, int to) {
        return new String(a, from, to - from, charset);
    }

    private <T> T next(long deadline, Duration timeout, Make<T> make) throws IOException {
        lock.lock();
        try {
            ensureOpen();
            while (true) {
                int lf = indexOfLf(pos, lim);
                if (skipping) {
                    if (lf < 0) {
                        pos = lim;
                    } else {
                        pos = lf + 1;
                        skipping = false;
                        continue;
                    }
                } else if (lf >= 0) {
                    int start = pos;
                    pos = lf + 1;
                    if (partialLen == 0) {
                        int end = withoutCr(buf, start, lf);
                        checkLength(end - start);
                        return make.make(buf, start, end);
                    }
                    append(start, lf);
                    int end = withoutCr(partial, 0, partialLen);
                    partialLen = 0;
                    checkLength(end);
                    return make.make(partial, 0, end);
                } else {
                    append(pos, lim);
                    pos = lim;
                    // A trailing CR may yet turn out to be half of a CR LF, so it does not count.
                    if (withoutCr(partial, 0, partialLen) > maxLineLength) {
                        partialLen = 0;
                        skipping = true;
                        throw tooLong();
                    }
                }
                if (fill(deadline, timeout) < 0) {
                    skipping = false;
                    if (partialLen == 0) {
                        return null;
                    }
                    int len = partialLen;
                    partialLen = 0;
                    checkLength(len);
                    return make.make(partial, 0, len);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private int indexOfLf(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == LF) {
                return i;
            }
        }
        return -1;
    }

    /** The end of {@code a[from..to)} once one trailing CR, if any, is dropped. */
    private static int withoutCr(byte[] a, int from, int to) {
        return to > from && a[to - 1] == CR ? to - 1 : to;
    }

    private void checkLength(int len) throws LineTooLongException {
        if (len > maxLineLength) {
            throw tooLong();
        }
    }

    private LineTooLongException tooLong() {
        return new LineTooLongException(fd.toString(), maxLineLength);
    }

    /**
     * Adds {@code buf[from..to)} to the partial line, which thus never exceeds the limit plus one
     * chunk. The array grows by doubling and is given up when a new line starts after a long one.
     */
    private void append(int from, int to) {
        int n = to - from;
        if (partialLen == 0 && partial.length > 4 * BUFFER_SIZE) {
            partial = new byte[0];
        }
        if (partialLen + n > partial.length) {
            long doubled = Math.min(2L * partial.length + 64, (long) maxLineLength + 1);
            partial = Arrays.copyOf(partial, (int) Math.max(partialLen + n, doubled));
        }
        System.arraycopy(buf, from, partial, partialLen, n);
        partialLen += n;
    }

    /** Reads the next chunk into the (fully consumed) buffer; -1 at end of file. */
    private int fill(long deadline, Duration timeout) throws IOException {
        pos = 0;
        lim = 0;
        int n;
        if (deadline == Fd.NO_DEADLINE) {
            n = fd.read(buf, 0, buf.length);
        } else {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                n = fd.read(buf, 0, buf.length, Duration.ofNanos(left));
            } catch (TimedOutException e) {
                TimedOutException t = new TimedOutException("read line from " + fd, timeout);
                t.initCause(e);
                throw t;
            }
        }
        if (n > 0) {
            lim = n;
        }
        return n;
    }

    // ---------------------------------------------------------------- raw bytes

    /**
     * Reads up to {@code len} raw bytes that follow what has been consumed so far: first the part of a
     * line already received, then the reader's buffer, and only when both are empty the descriptor
     * (waiting for at least one byte). Use it where a protocol switches from lines to bytes. A skip
     * still pending after a {@link LineTooLongException} is cancelled: those bytes are returned too.
     *
     * @return the number of bytes read, or -1 at end of file
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            ensureOpen();
            skipping = false;
            if (len == 0) {
                return 0;
            }
            if (partialLen > 0) {
                int n = Math.min(len, partialLen);
                System.arraycopy(partial, 0, b, off, n);
                System.arraycopy(partial, n, partial, 0, partialLen - n);
                partialLen -= n;
                return n;
            }
            if (pos < lim) {
                int n = Math.min(len, lim - pos);
                System.arraycopy(buf, pos, b, off, n);
                pos += n;
                return n;
            }
            return fd.read(b, off, len);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    private void ensureOpen() throws ClosedChannelException {
        if (fd.isClosed()) {
            throw new ClosedChannelException();
        }
    }

    /**
     * Closes the {@code Fd}; lines still buffered are dropped. Idempotent, and callable from any
     * thread: a thread blocked in {@code readLine} wakes with
     * {@link java.nio.channels.AsynchronousCloseException}.
     */
    @Override
    public void close() throws IOException {
        fd.close();
    }

    @Override
    public String toString() {
        return "LineReader[" + fd + ", " + charset + "]";
    }

    /** Rejects charsets in which bytes 13 and 10 are not CR and LF, because lines are split on bytes. */
    static Charset requireAsciiCompatible(Charset charset) {
        Objects.requireNonNull(charset, "charset");
        if (!"\r\n".equals(new String(new byte[] {CR, LF}, charset))) {
            throw new IllegalArgumentException(charset
                    + " does not decode bytes 13 10 as CR LF; line I/O needs an ASCII-compatible charset such as UTF-8");
        }
        return charset;
    }
}
