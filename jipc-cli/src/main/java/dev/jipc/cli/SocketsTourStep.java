package dev.jipc.cli;

import dev.jipc.io.LineReader;
import dev.jipc.net.SocketPair;
import dev.jipc.net.SocketServer;
import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Sockets: perlipc's greeting server and client on loopback, and a socket pair talking both ways. */
final class SocketsTourStep implements TourStep {
    @Override
    public String title() {
        return "Sockets";
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        // Port 0: the kernel picks a free one, so the tour never collides with a real server.
        try (SocketServer server = SocketServer.start(Tcp.listen("127.0.0.1", 0), conn ->
                conn.writeFully(("Hello there, " + conn.remoteHostName() + ", it's now " + Ctime.now() + "\r\n")
                        .getBytes(StandardCharsets.UTF_8)))) {
            int port = server.listener().port();
            out.println("A TCP server listens on 127.0.0.1 port " + port + " (chosen by the kernel); each connection gets a virtual thread.");
            try (StreamSocket client = Tcp.connect("127.0.0.1", port)) {
                byte[] all = client.inputStream().readAllBytes();
                String text = new String(all, StandardCharsets.UTF_8);
                out.println("A client connected and read " + all.length + " bytes, ending in CR LF as network protocols want: \""
                        + text.strip() + "\".");
            }
        }
        out.println("The server stopped: its listening socket is closed and its connection threads have ended.");

        try (SocketPair<StreamSocket> pair = SocketPair.stream()) {
            // One end goes to a virtual thread, which answers each line; a socket pair is two
            // connected sockets, so one descriptor per side carries both directions.
            CompletableFuture<Void> other = new CompletableFuture<>();
            Thread.ofVirtual().name("tour-socketpair").start(() -> {
                try {
                    LineReader in = LineReader.of(pair.second().fd());
                    String line = in.readLine();
                    pair.second().writeFully(("got \"" + line + "\"\n").getBytes(StandardCharsets.UTF_8));
                    other.complete(null);
                } catch (Exception e) {
                    other.completeExceptionally(e);
                }
            });
            pair.first().writeFully("ping over a socket pair\n".getBytes(StandardCharsets.UTF_8));
            // The line readers share the sockets' descriptors, which closing the pair closes.
            String answer = LineReader.of(pair.first().fd()).readLine();
            other.join();
            out.println("A socket pair carried a line one way and the answer back the other: " + answer + ".");
        }
    }
}
