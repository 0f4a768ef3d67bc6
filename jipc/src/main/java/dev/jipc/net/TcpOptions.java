package dev.jipc.net;

import java.net.SocketOption;

/**
 * TCP socket options beyond {@link java.net.StandardSocketOptions}, for
 * {@link StreamSocket#setOption} and {@link StreamSocket#option}.
 */
public final class TcpOptions {

    /**
     * {@code TCP_CONGESTION}: the congestion-control algorithm of one connection, by its kernel name
     * ({@code "cubic"}, {@code "reno"}, {@code "bbr"}, ...), in place of the system's default
     * ({@code net.ipv4.tcp_congestion_control}). Reading it gives the algorithm in use.
     *
     * <p>The choice matters even on loopback: an algorithm that paces its sending ({@code bbr})
     * sends from a timer once its estimate of the path's bandwidth is low, and on a busy machine
     * that estimate follows every pause of the reader. Setting it fails with an
     * {@link dev.jipc.ErrnoException}: {@code ENOENT} for a name the kernel has no module for (the
     * message lists those it has), {@code EPERM} for one an unprivileged process may not choose
     * (not in {@code net.ipv4.tcp_allowed_congestion_control}). A name longer than the kernel's
     * 15 characters is an {@link IllegalArgumentException}; a Unix or UDP socket has no such option
     * ({@link UnsupportedOperationException}).
     */
    public static final SocketOption<String> CONGESTION_CONTROL = new Option<>("TCP_CONGESTION", String.class);

    private TcpOptions() {}

    /** A socket option known by its name, compared by identity as the JDK's own are. */
    private record Option<T>(String name, Class<T> type) implements SocketOption<T> {
        @Override
        public String toString() {
            return name;
        }
    }
}
