package dev.jipc.process;

import dev.jipc.io.Fd;
import dev.jipc.io.Readiness;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reading pipes to their end, bounded in time. */
final class Drain {
    private Drain() {}

    /**
     * Reads and discards from each descriptor until end of file, for at most {@code limit} in all.
     *
     * @return true if some descriptor had not reached end of file when the time was up
     */
    static boolean discardUntilEof(List<Fd> fds, Duration limit) throws IOException {
        return untilEof(fds, Map.of(), limit);
    }

    /**
     * Reads each descriptor until end of file into its sink (none: discarded), for at most
     * {@code limit}; descriptors that reach end of file are closed.
     *
     * @return true if some descriptor had not reached end of file when the time was up
     */
    static boolean untilEof(List<Fd> fds, Map<Fd, OutputStream> sinks, Duration limit) throws IOException {
        List<Fd> open = new ArrayList<>(fds);
        long deadline = System.nanoTime() + limit.toNanos();
        byte[] buf = new byte[64 * 1024];
        while (!open.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            Readiness.Ready r = Readiness.await(open, List.of(), Duration.ofNanos(left));
            for (Fd fd : r.readable()) {
                int n = fd.read(buf);
                if (n < 0) {
                    open.remove(fd);
                    fd.close();
                } else if (sinks.get(fd) != null) {
                    sinks.get(fd).write(buf, 0, n);
                }
            }
        }
        return false;
    }
}
