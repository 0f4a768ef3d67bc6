package dev.jipc.cli;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.net.Datagram;
import dev.jipc.net.DatagramEndpoint;
import dev.jipc.net.Listener;
import dev.jipc.net.SocketServer;
import dev.jipc.net.Tcp;
import dev.jipc.net.Udp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc time-server [PORT]}: the RFC 868 time service that perlipc's time clients ask, over
 * TCP and UDP on the same port, as inetd offers it. A TCP client gets four bytes and the connection
 * is closed; every UDP datagram is answered with the four bytes, to its sender.
 */
@Command(name = "time-server", mixinStandardHelpOptions = true,
        description = {"Serve the RFC 868 time protocol over TCP and UDP on PORT (default " + TimeServer.DEFAULT_PORT
                + "; 0 picks a free port, the same for both).",
            "Logs \"server started on port N\" and every request. Stops on Ctrl-C or SIGTERM."})
final class TimeServer implements Callable<Integer> {
    /** The service's own port is 37, which needs privilege; this mirrors it above 10000. */
    static final int DEFAULT_PORT = 10037;

    /** How many free ports to try when PORT is 0 and UDP finds the one TCP got taken. */
    private static final int ATTEMPTS = 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", defaultValue = "" + DEFAULT_PORT, paramLabel = "PORT", description = "Port number (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--offset", defaultValue = "0", paramLabel = "SECONDS",
            description = "Report a clock this many seconds off (to see the clients' difference column at work).")
    long offset;

    @Override
    public Integer call() throws Exception {
        try (UntilStopped stopper = UntilStopped.onSignals()) {
            ServerLog log = new ServerLog(spec.commandLine().getOut(), "time-server");
            Listener tcp = null;
            DatagramEndpoint udp = null;
            for (int attempt = 1; udp == null; attempt++) {
                tcp = Tcp.listen(port);
                try {
                    udp = Udp.bind(tcp.port());
                } catch (ErrnoException e) {
                    tcp.close();
                    if (port != 0 || e.errno() != Errno.EADDRINUSE || attempt == ATTEMPTS) {
                        throw e;
                    }
                }
            }
            DatagramEndpoint datagrams = udp;
            SocketServer server = SocketServer.start(tcp, conn -> {
                log.note("tcp request from " + ((InetSocketAddress) conn.remoteAddress()).getAddress().getHostAddress());
                conn.writeFully(now());
            });
            Thread udpLoop = Thread.ofVirtual().name("time-server udp").start(() -> answer(datagrams, log));
            log.note("server started on port " + tcp.port());
            return stopper.await(log, List.of(UntilStopped.of(server), () -> {
                datagrams.close();
                try {
                    udpLoop.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
    }

    private byte[] now() {
        return Rfc868.encode(System.currentTimeMillis() / 1000 + offset);
    }

    /** Answers every datagram until the endpoint is closed; the request's contents do not matter. */
    private void answer(DatagramEndpoint udp, ServerLog log) {
        byte[] buf = new byte[512];
        while (true) {
            try {
                Datagram d = udp.receive(buf);
                log.note("udp request from " + ((InetSocketAddress) d.sender()).getAddress().getHostAddress());
                udp.send(now(), d.sender());
            } catch (ClosedChannelException stopped) {
                return;
            } catch (IOException e) {
                if (udp.isClosed()) {
                    return;
                }
                log.note("udp: " + e.getMessage());
            }
        }
    }
}
