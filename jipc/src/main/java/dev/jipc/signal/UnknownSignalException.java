package dev.jipc.signal;

/**
 * A signal name or number that this platform does not have, such as {@code "FOO"}, {@code "0"} or a
 * real-time signal number. Thrown by {@link Signal#named(String)} and the APIs that take names.
 */
public class UnknownSignalException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String text;

    /** @param text what was given, as given */
    public UnknownSignalException(String text) {
        super("unknown signal '" + text + "' (kill -l lists the known ones; real-time signals are not supported)");
        this.text = text;
    }

    /** What was given. */
    public String text() {
        return text;
    }
}
