package dev.jipc.cli;

import dev.jipc.net.StreamSocket;
import java.io.IOException;
import java.io.PrintWriter;

/** The clients' common loop: everything the server sends, printed as it arrives, until it closes. */
final class StreamCopy {
    private StreamCopy() {}

    /** Copies until the peer's end of stream; returns the number of bytes copied. */
    static long toOutput(StreamSocket conn, PrintWriter out) throws IOException {
        TextSink sink = new TextSink(out);
        byte[] buf = new byte[8192];
        long total = 0;
        for (int n; (n = conn.read(buf)) > 0; ) {
            sink.write(buf, 0, n);
            total += n;
        }
        sink.finish();
        return total;
    }
}
