package dev.jipc.cli;

import dev.jipc.net.StreamSocket;
import dev.jipc.net.Tcp;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jipc chat HOST PORT}: perlipc's interactive client. What you type goes to the server and
 * what the server sends is shown at the same time, byte by byte as it arrives, so a prompt without
 * a newline appears at once.
 *
 * <p>The Perl program forks, one process per direction; here one thread copies the keyboard to the
 * socket while the main thread copies the socket to the screen. At the end of the keyboard input
 * (Ctrl-D, or the end of a piped file) the sending half is shut down, so the server reads end of
 * file and can still answer; when the server closes the connection, the program ends, without
 * waiting for more typing.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Talk to a TCP service interactively: standard input goes to HOST:PORT and what it sends is shown as it arrives.",
            "Ends when the server closes the connection; end of input half-closes it first."})
final class Chat implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "HOST", description = "Host name or address.")
    String host;

    @Parameters(index = "1", paramLabel = "PORT", description = "Port number or service name.")
    String port;

    /** Where the keyboard is read from; standard input unless a test says otherwise. */
    InputStream keyboard = System.in;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        try (StreamSocket conn = Tcp.connect(host, port)) {
            err.println("[Connected to " + host + ":" + port + "]");
            err.flush();
            // A platform daemon thread: reading the terminal blocks in the kernel, and a read that
            // is still waiting when the server hangs up must not keep the program alive.
            Thread typist = Thread.ofPlatform().daemon().name("chat keyboard").start(() -> type(conn, err));
            StreamCopy.toOutput(conn, spec.commandLine().getOut());
            typist.interrupt();
        }
        return 0;
    }

    /** Keyboard to socket, then half-close; a server that is already gone ends this quietly. */
    private void type(StreamSocket conn, PrintWriter err) {
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = keyboard.read(buf)) > 0; ) {
                conn.writeFully(buf, 0, n);
            }
            conn.shutdownOutput();
        } catch (IOException e) {
            if (!conn.isClosed()) {
                err.println("chat: sending: " + e.getMessage());
                err.flush();
            }
        }
    }
}
