package dev.jipc.io;

import java.io.IOException;

/**
 * A line read by {@link LineReader} ran past the reader's maximum length before its terminator came.
 *
 * <p>A peer that never sends a newline must not be able to make a reader buffer without bound, so the
 * reader gives up as soon as the line is known to be too long, without waiting for its end. It stays
 * usable: the bytes of the long line read so far are dropped, and the next {@code readLine} skips the
 * rest of that line and returns the one after it. A server can therefore answer "line too long" and
 * carry on with the same connection. The length counts bytes, not characters, and excludes the
 * terminator.
 *
 * <p>This is its own type, not a message inside a plain {@link IOException}, because a line-oriented
 * server routinely catches exactly this case and keeps the connection, while other I/O errors end it.
 */
public class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int limit;

    /**
     * @param source what was being read, e.g. {@code "pipe reader"}
     * @param limit the maximum line length, in bytes, that was exceeded
     */
    public LineTooLongException(String source, int limit) {
        super("line from " + source + " is longer than " + limit + " bytes");
        this.limit = limit;
    }

    /** The maximum line length in bytes, terminator excluded, that the line exceeded. */
    public int limit() {
        return limit;
    }
}
