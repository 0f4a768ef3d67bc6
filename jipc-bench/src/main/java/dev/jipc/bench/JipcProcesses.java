package dev.jipc.bench;

import dev.jipc.ErrnoException;
import dev.jipc.io.Fd;
import dev.jipc.process.ChildProcess;
import dev.jipc.process.Command;
import dev.jipc.process.ExitStatus;
import dev.jipc.process.Redirect;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The jipc contender of {@link SpawnRate} and {@link ChildRead}, kept in its own class so that the
 * harnesses load it by name.
 *
 * <ul>
 *   <li>spawn: {@code Command.of("/bin/true").run()} (start + wait, stdio inherited);
 *   <li>capture: {@code Command.of("/bin/echo", "hello").stdout(Redirect.pipe()).start()}, read
 *       {@code stdout()} to end of file, close it, {@code waitFor()}, {@code close()};
 *   <li>child read: the same with the zero writer, read into a 1 MiB native segment with
 *       {@link Fd#read(MemorySegment)}. With a pipe size given (the {@code jipc-64k} contender), the
 *       pipe jipc made is brought to that size with {@link Fd#setPipeSize} right after the spawn;
 *       while the pipe holds more than the new size the kernel refuses (EBUSY), so the reader reads
 *       one buffer and asks again (those first bytes are counted, at most a few MiB of the GiB).
 * </ul>
 */
public final class JipcProcesses implements SpawnRate.Contender, ChildRead.Contender {
    private final int pipeSize;
    private final Command spawn = Command.of(SpawnRate.TRUE);
    private final Command capture = Command.of(SpawnRate.ECHO).stdout(Redirect.pipe());
    private final byte[] small = new byte[4096];
    private MemorySegment buf;

    /** Child pipes at jipc's default size. */
    public JipcProcesses() {
        this(0);
    }

    /** Child stdout pipes brought to {@code pipeSize} bytes ({@code 0}: jipc's default). */
    public JipcProcesses(int pipeSize) {
        this.pipeSize = pipeSize;
    }

    @Override
    public void spawnTrue() throws Exception {
        ExitStatus status = spawn.run();
        if (!status.success()) {
            throw new IllegalStateException("/bin/true: " + status);
        }
    }

    @Override
    public int captureEcho() throws Exception {
        ChildProcess p = capture.start();
        try {
            Fd out = p.stdout();
            int total = 0;
            int n;
            while ((n = out.read(small)) >= 0) {
                total += n;
            }
            out.close();
            ExitStatus status = p.waitFor();
            if (!status.success()) {
                throw new IllegalStateException("echo: " + status);
            }
            return total;
        } finally {
            p.close();
        }
    }

    @Override
    public long[] readChild(String writer, long bytes) throws Exception {
        if (buf == null) {
            buf = Arena.global().allocate(ChildRead.BUF_SIZE, 4096);
        }
        ChildProcess p = Command.of(writer, Long.toString(bytes)).stdout(Redirect.pipe()).start();
        try {
            Fd out = p.stdout();
            long total = 0;
            long n = 0;
            if (pipeSize > 0) {
                while (n >= 0 && !resized(out)) {
                    n = out.read(buf);
                    total += Math.max(n, 0);
                }
            }
            while (n >= 0 && (n = out.read(buf)) >= 0) {
                total += n;
            }
            int size = out.pipeSize();
            out.close();
            ExitStatus status = p.waitFor();
            if (!status.success()) {
                throw new IllegalStateException(writer + ": " + status);
            }
            return new long[] {total, size};
        } finally {
            p.close();
        }
    }

    private boolean resized(Fd out) throws Exception {
        try {
            out.setPipeSize(pipeSize);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() == dev.jipc.Errno.EBUSY) {
                return false;
            }
            throw e;
        }
    }
}
