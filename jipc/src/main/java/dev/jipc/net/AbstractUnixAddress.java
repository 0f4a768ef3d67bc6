package dev.jipc.net;

import java.io.Serial;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A Unix socket name in Linux's abstract namespace: no file is created, the name vanishes when the
 * last socket bound to it closes, and file permissions do not apply (any local process may connect).
 *
 * <p>The JDK's {@link java.net.UnixDomainSocketAddress} stands for file system names only, so this
 * class names the abstract ones. Printed as {@code @name}, the way {@code ss} and {@code lsof} show them.
 */
public final class AbstractUnixAddress extends SocketAddress {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The longest name in bytes: {@code sun_path} less its leading NUL. */
    public static final int MAX_NAME_BYTES = UnixPathTooLongException.SUN_PATH_BYTES - 1;

    private final String name;

    private AbstractUnixAddress(String name) {
        this.name = name;
    }

    /**
     * The abstract address {@code name} (without the leading NUL the kernel uses).
     *
     * @throws UnixPathTooLongException if the name's UTF-8 bytes exceed {@link #MAX_NAME_BYTES}
     * @throws IllegalArgumentException if the name is empty
     */
    public static AbstractUnixAddress of(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("an abstract Unix socket name must not be empty");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new UnixPathTooLongException("@" + name, bytes + 1);
        }
        return new AbstractUnixAddress(name);
    }

    /** The name, without the leading NUL. */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbstractUnixAddress a && a.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    /** {@code "@name"}. */
    @Override
    public String toString() {
        return "@" + name;
    }
}
