package dev.jipc;

/**
 * jipc was asked to run on an operating system or CPU it has no constants for. The message names
 * what is supported.
 */
public class UnsupportedPlatformException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    /** @param message which platform this is and which ones are supported */
    public UnsupportedPlatformException(String message) {
        super(message);
    }
}
