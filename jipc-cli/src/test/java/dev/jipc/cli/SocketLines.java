package dev.jipc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jipc.net.StreamSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Reads single lines from a socket byte by byte, so nothing after the line is taken from it. */
final class SocketLines {
    private SocketLines() {}

    /** One line without its LF (and without a CR before it); null at end of stream. */
    static String line(StreamSocket conn) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] one = new byte[1];
        while (true) {
            if (conn.read(one) < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            }
            if (one[0] == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(one[0]);
        }
    }

    /** Reads the tcp-server greeting line and checks its form. */
    static void readGreeting(StreamSocket conn) throws IOException {
        assertThat(line(conn) + "\r\n").matches(SocketInteropTest.GREETING);
    }
}
