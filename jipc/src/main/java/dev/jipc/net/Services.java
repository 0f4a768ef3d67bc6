package dev.jipc.net;

import dev.jipc.internal.Netdb;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ports from service strings, the way IO::Socket reads them: a number ({@code "8080"}), a name
 * from the services database ({@code "daytime"}, {@code "http"}), or {@code "name(number)"}
 * ({@code "daytime(13)"}), which means the name's port if the database lists it and the number
 * otherwise.
 */
public final class Services {
    private Services() {}

    private static final Pattern WITH_FALLBACK = Pattern.compile("([A-Za-z][A-Za-z0-9._+-]*)\\((\\d+)\\)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._+-]*");

    /**
     * The port a service string stands for.
     *
     * @param protocol {@code "tcp"} or {@code "udp"}
     * @throws InvalidPortException for a number outside 0..65535 or a string that is no service form
     * @throws ServiceNotFoundException for a name the database does not list (and no fallback)
     */
    public static int port(String service, String protocol) throws ServiceNotFoundException {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(protocol, "protocol");
        String s = service.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            return checkPort(s);
        }
        Matcher m = WITH_FALLBACK.matcher(s);
        if (m.matches()) {
            int found = Netdb.servicePort(m.group(1), protocol);
            return found >= 0 ? found : checkPort(m.group(2));
        }
        if (!NAME.matcher(s).matches()) {
            throw new InvalidPortException(service);
        }
        int found = Netdb.servicePort(s, protocol);
        if (found < 0) {
            throw new ServiceNotFoundException(s, protocol);
        }
        return found;
    }

    /** {@link #port(String, String)} for TCP. */
    public static int tcpPort(String service) throws ServiceNotFoundException {
        return port(service, "tcp");
    }

    /** {@link #port(String, String)} for UDP. */
    public static int udpPort(String service) throws ServiceNotFoundException {
        return port(service, "udp");
    }

    /**
     * Checks a port number.
     *
     * @throws InvalidPortException outside 0..65535
     */
    public static int checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new InvalidPortException(Integer.toString(port));
        }
        return port;
    }

    private static int checkPort(String digits) {
        if (digits.length() > 5) {
            throw new InvalidPortException(digits);
        }
        return checkPort(Integer.parseInt(digits));
    }
}
