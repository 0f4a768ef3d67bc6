package dev.jipc.net;

import java.io.IOException;
import java.io.Serial;

/** A service name that the services database ({@code /etc/services}) does not list for the protocol. */
public final class ServiceNotFoundException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String service;
    private final String protocol;

    /**
     * @param service the name looked up
     * @param protocol {@code "tcp"} or {@code "udp"}
     */
    public ServiceNotFoundException(String service, String protocol) {
        super("unknown service \"" + service + "\" for " + protocol
                + " (not in the services database; give a number, or name(number) for a fallback)");
        this.service = service;
        this.protocol = protocol;
    }

    /** The name looked up. */
    public String service() {
        return service;
    }

    /** The protocol it was looked up for. */
    public String protocol() {
        return protocol;
    }
}
