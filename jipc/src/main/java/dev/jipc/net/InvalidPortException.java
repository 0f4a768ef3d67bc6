package dev.jipc.net;

import java.io.Serial;

/** A port number outside 0..65535, or a service string that is neither a number nor a name. */
public final class InvalidPortException extends IllegalArgumentException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String port;

    /**
     * Describes the refused port.
     *
     * @param port the port or service as given
     */
    public InvalidPortException(String port) {
        super("invalid port: \"" + port + "\" (a port is a number from 0 to 65535, or a service name)");
        this.port = port;
    }

    /** The port or service as given. */
    public String port() {
        return port;
    }
}
