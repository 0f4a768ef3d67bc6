package dev.jipc;

import java.io.IOException;

/**
 * A system call failed: carries the {@link Errno}, the raw number, the call and what it was about.
 *
 * <p>The message reads {@code "open fifo /tmp/q: ENXIO (No such device or address)"}; callers should
 * branch on {@link #errno()}, never on the text.
 */
public class ErrnoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Errno errno;
    private final int rawErrno;
    private final String call;
    private final String subject;

    /**
     * @param rawErrno the errno value the call left
     * @param call what was attempted, e.g. {@code "open fifo"} or {@code "write"}
     * @param subject what it was attempted on (a path, {@code "fd 7"}, {@code "pid 1234"}), or null
     */
    public ErrnoException(int rawErrno, String call, String subject) {
        this(rawErrno, call, subject, null);
    }

    /**
     * @param rawErrno the errno value the call left
     * @param call what was attempted
     * @param subject what it was attempted on, or null
     * @param detail a further explanation appended to the message, or null
     */
    public ErrnoException(int rawErrno, String call, String subject, String detail) {
        super(format(rawErrno, call, subject, detail));
        this.errno = Errno.of(rawErrno);
        this.rawErrno = rawErrno;
        this.call = call;
        this.subject = subject;
    }

    /** Convenience for a known constant. */
    public ErrnoException(Errno errno, String call, String subject, String detail) {
        this(errno.number(), call, subject, detail);
    }

    private static String format(int raw, String call, String subject, String detail) {
        Errno e = Errno.of(raw);
        StringBuilder sb = new StringBuilder(call);
        if (subject != null && !subject.isEmpty()) {
            sb.append(' ').append(subject);
        }
        sb.append(": ");
        if (e == Errno.UNKNOWN) {
            sb.append("errno ").append(raw).append(" (Unknown error)");
        } else {
            sb.append(e.name()).append(" (").append(e.message());
            if (detail != null) {
                sb.append("; ").append(detail);
            }
            sb.append(')');
        }
        return sb.toString();
    }

    /** The error, {@link Errno#UNKNOWN} when the number is not in the table. */
    public Errno errno() {
        return errno == null ? Errno.of(rawErrno) : errno;
    }

    /** The raw errno value, kept even when {@link #errno()} is {@link Errno#UNKNOWN}. */
    public int rawErrno() {
        return rawErrno;
    }

    /** The call that failed, such as {@code "open fifo"}. */
    public String call() {
        return call;
    }

    /** What the call was about (a path, an fd, a pid), or null. */
    public String subject() {
        return subject;
    }
}
