package dev.jipc.process;

import dev.jipc.io.Fd;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Drains a child's stderr pipe on a virtual thread, keeping only the last
 * {@link ChildFailedException#STDERR_TAIL_LIMIT} bytes, so a chatty child never blocks on a full
 * stderr pipe and a failure can still say why.
 */
final class StderrTail {
    private final byte[] ring = new byte[ChildFailedException.STDERR_TAIL_LIMIT];
    private long total;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private StderrTail(Fd fd) {
        Thread.ofVirtual().name("jipc-stderr-tail").start(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = fd.read(buf)) >= 0; ) {
                    add(buf, n);
                }
            } catch (IOException e) {
                // closed under us, or a read error: keep what we have
            } finally {
                done.complete(null);
            }
        });
    }

    /** Starts draining {@code child}'s stderr if it is a pipe; null otherwise. */
    static StderrTail startIfPiped(ChildProcess child) {
        return child.isPiped(2) ? new StderrTail(child.stderr()) : null;
    }

    private synchronized void add(byte[] b, int n) {
        for (int i = Math.max(0, n - ring.length); i < n; i++) {
            ring[(int) (total++ % ring.length)] = b[i];
        }
    }

    /** Waits (bounded) for the drain to see end of file, then returns the tail as text. */
    String await(java.time.Duration limit) {
        try {
            done.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // a grandchild holds stderr open: report what there is
        }
        return text();
    }

    synchronized String text() {
        int len = (int) Math.min(total, ring.length);
        byte[] out = new byte[len];
        long start = total - len;
        for (int i = 0; i < len; i++) {
            out[i] = ring[(int) ((start + i) % ring.length)];
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
