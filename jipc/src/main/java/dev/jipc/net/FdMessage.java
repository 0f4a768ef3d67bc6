package dev.jipc.net;

import dev.jipc.io.Fd;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Bytes and descriptors received together over a Unix socket ({@code SCM_RIGHTS}).
 *
 * <p>The descriptors are new ones in this process, already close-on-exec, and owned by the caller:
 * {@link #close()} closes the ones not taken. When the sender passed more descriptors than the
 * receiver made room for, the kernel closes the excess and sets {@link #truncated()}.
 *
 * @param length the bytes stored in the buffer (0 at end of file on a stream socket)
 * @param fds the received descriptors, in the sender's order
 * @param truncated whether bytes (datagram sockets) or descriptors were lost for lack of room
 */
public record FdMessage(int length, List<Fd> fds, boolean truncated) implements Closeable {
    /** Copies the list. */
    public FdMessage {
        fds = List.copyOf(fds);
    }

    /** Closes every received descriptor (harmless for those already closed or taken over). */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (Fd fd : fds) {
            try {
                fd.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
