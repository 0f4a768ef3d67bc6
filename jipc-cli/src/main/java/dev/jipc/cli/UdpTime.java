package dev.jipc.cli;

import dev.jipc.io.Readiness;
import dev.jipc.net.Datagram;
import dev.jipc.net.DatagramEndpoint;
import dev.jipc.net.Resolver;
import dev.jipc.net.Services;
import dev.jipc.net.Udp;
import java.io.PrintWriter;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc udp-time HOST...}: perlipc's UDP time querier. One socket sends a datagram to the
 * time service of every host at once, then a readiness loop waits (at most ten seconds in all) and
 * prints each answer as it arrives, named by the reverse lookup of its sender. Hosts that never
 * answer are listed at the end; UDP makes no promise that a datagram arrives, and there are no
 * retries.
 */
@Command(name = "udp-time", mixinStandardHelpOptions = true,
        description = {"Ask the time service (RFC 868) of every HOST at once over UDP, wait up to 10 s in all,"
                + " and print each answer as it comes: host, difference from our clock in seconds, its time."})
final class UdpTime implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "time(37)", paramLabel = "SERVICE",
            description = "Port number or service name (default: ${DEFAULT-VALUE}: the time service, else 37).")
    String service;

    @Option(names = "--wait", defaultValue = "10s", paramLabel = "DURATION", description = "How long to wait for answers in all (default: ${DEFAULT-VALUE}).")
    String wait;

    @Parameters(arity = "1..*", paramLabel = "HOST", description = "Hosts to ask.")
    List<String> hosts;

    @Override
    public Integer call() throws Exception {
        Duration limit = Durations.parse(spec, wait);
        int port = Services.udpPort(service);
        PrintWriter out = spec.commandLine().getOut();
        try (DatagramEndpoint socket = Udp.open()) {
            out.printf("%-12s %8s %s%n", "localhost", 0, Ctime.now());
            out.flush();
            for (String host : hosts) {
                socket.send(new byte[0], new InetSocketAddress(ipv4(host), port));
            }
            int waiting = hosts.size();
            long deadline = System.nanoTime() + limit.toNanos();
            byte[] answer = new byte[64];
            while (waiting > 0) {
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.isNegative() || left.isZero()
                        || Readiness.await(List.of(socket.fd()), List.of(), left).isEmpty()) {
                    break;
                }
                Datagram d = socket.receive(answer);
                InetAddress from = ((InetSocketAddress) d.sender()).getAddress();
                if (d.length() != 4) {
                    out.printf("%-12s sent %d bytes, not a time%n", Resolver.hostName(from), d.size());
                    out.flush();
                    continue;
                }
                long theirs = Rfc868.decode(answer, 4);
                out.printf("%-12s %8d %s%n", Resolver.hostName(from), theirs - System.currentTimeMillis() / 1000,
                        Ctime.ofEpochSecond(theirs));
                out.flush();
                waiting--;
            }
            if (waiting > 0) {
                out.printf("%d of %d hosts did not answer within %s%n", waiting, hosts.size(), wait);
            }
            return waiting == 0 ? 0 : 1;
        }
    }

    /** The socket is IPv4, as the Perl program's is: the host's first IPv4 address. */
    private static InetAddress ipv4(String host) throws UnknownHostException {
        for (InetAddress a : Resolver.resolve(host)) {
            if (a instanceof Inet4Address) {
                return a;
            }
        }
        throw new UnknownHostException(host + ": no IPv4 address");
    }
}
