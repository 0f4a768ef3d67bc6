package dev.jipc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pipe capacity: the kernel's limits and the size jipc gives pipes and fifos for bulk use. */
public final class PipeSizes {
    private PipeSizes() {}

    /** The size of a pipe the kernel creates by default (16 pages). */
    public static final int KERNEL_DEFAULT = 64 * 1024;

    /** What jipc asks for when no size is given: 1 MiB, unless pipe-max-size is lower. */
    public static final int BULK = Math.min(1 << 20, maxSize());

    /** {@code /proc/sys/fs/pipe-max-size}: the largest size an unprivileged process may set. */
    public static int maxSize() {
        // One read with a roomy buffer: Files.readString probes /proc/sys files a byte at a time
        // (their size is 0) and some kernels answer the second read with end of file.
        try (InputStream in = Files.newInputStream(Path.of("/proc/sys/fs/pipe-max-size"))) {
            return Integer.parseInt(new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return 1 << 20;
        }
    }

    /**
     * Asks for {@code size} bytes; on refusal (EPERM past the per-user quota, or a size the kernel
     * will not grant) keeps what the pipe has, quietly, and returns the size in force.
     */
    public static int tryResize(int fd, int size) {
        PlatformConstants c = PlatformConstants.current();
        int r = Fcntl.fcntl(fd, c.F_SETPIPE_SZ(), size);
        return r > 0 ? r : Fcntl.fcntl(fd, c.F_GETPIPE_SZ(), 0);
    }
}
