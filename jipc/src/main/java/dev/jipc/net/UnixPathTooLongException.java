package dev.jipc.net;

import java.io.Serial;

/**
 * A Unix socket path (or abstract name) does not fit the kernel's {@code sun_path} field, which
 * holds {@value #SUN_PATH_BYTES} bytes including the terminating NUL, so at most
 * {@value #MAX_PATH_BYTES} bytes of path. Use a shorter path, or a relative path from a nearby
 * working directory.
 */
public final class UnixPathTooLongException extends IllegalArgumentException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The size of {@code sun_path} in {@code struct sockaddr_un} on Linux. */
    public static final int SUN_PATH_BYTES = 108;
    /** The longest path in bytes (its NUL takes the last byte of {@code sun_path}). */
    public static final int MAX_PATH_BYTES = SUN_PATH_BYTES - 1;

    private final String path;
    private final int bytes;

    /**
     * @param path the path or abstract name that was refused
     * @param bytes how many bytes of {@code sun_path} it needs, NUL included
     */
    public UnixPathTooLongException(String path, int bytes) {
        super("Unix socket path needs " + bytes + " bytes including its NUL, but sun_path holds "
                + SUN_PATH_BYTES + " bytes (at most " + MAX_PATH_BYTES + " bytes of path): " + path);
        this.path = path;
        this.bytes = bytes;
    }

    /** The path or abstract name ({@code @name}) that was refused. */
    public String path() {
        return path;
    }

    /** The bytes it needs, NUL included. */
    public int bytesNeeded() {
        return bytes;
    }

    /** The limit, {@value #SUN_PATH_BYTES} bytes including the NUL. */
    public int limit() {
        return SUN_PATH_BYTES;
    }
}
