package dev.jipc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/** Pipe capacity: the kernel's limits and the size jipc gives pipes and fifos for bulk use. */
public final class PipeSizes {
    private PipeSizes() {}

    /** The size of a pipe the kernel creates by default (16 pages). */
    public static final int KERNEL_DEFAULT = 64 * 1024;

    /** What jipc asks for when no size is given: 1 MiB, unless pipe-max-size is lower. */
    public static final int BULK = Math.min(1 << 20, maxSize());

    /**
     * How many bytes of enlarged buffers jipc keeps at its own choice, across the process: a quarter
     * of the per-user soft quota ({@code /proc/sys/fs/pipe-user-pages-soft}, 64 MiB by default).
     * Past the soft quota the kernel shrinks every new pipe of the user to two pages, other
     * programs' pipes included; staying well under it keeps a program with many pipes from doing
     * that. Zero quota means none is enforced.
     */
    private static final long BUDGET = budget();
    private static final AtomicLong RESERVED = new AtomicLong();

    /** {@code /proc/sys/fs/pipe-max-size}: the largest size an unprivileged process may set. */
    public static int maxSize() {
        return (int) readProcNumber("/proc/sys/fs/pipe-max-size", 1 << 20);
    }

    private static long budget() {
        long pages = readProcNumber("/proc/sys/fs/pipe-user-pages-soft", 16384);
        return pages == 0 ? Long.MAX_VALUE : pages * 4096 / 4;
    }

    private static long readProcNumber(String file, long fallback) {
        // One read with a roomy buffer: Files.readString probes /proc/sys files a byte at a time
        // (their size is 0) and some kernels answer the second read with end of file.
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            return Long.parseLong(new String(in.readNBytes(64), StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * Reserves {@link #BULK} bytes of the process-wide budget for a pipe sized by default; returns
     * the bytes reserved, or 0 when the budget is spent (the pipe then keeps the kernel's size).
     */
    public static int reserveBulk() {
        while (true) {
            long used = RESERVED.get();
            if (used + BULK > BUDGET) {
                return 0;
            }
            if (RESERVED.compareAndSet(used, used + BULK)) {
                return BULK;
            }
        }
    }

    /** Gives back what {@link #reserveBulk} reserved. */
    public static void releaseBulk(int bytes) {
        RESERVED.addAndGet(-bytes);
    }

    /**
     * Asks for {@code size} bytes; on refusal (EPERM past the per-user quota, or a size the kernel
     * will not grant) keeps what the pipe has, quietly, and returns the size in force.
     */
    public static int tryResize(int fd, int size) {
        PlatformConstants c = PlatformConstants.current();
        int r = Fcntl.fcntl(fd, c.F_SETPIPE_SZ(), Math.min(size, 1 << 30));
        return r > 0 ? r : Fcntl.fcntl(fd, c.F_GETPIPE_SZ(), 0);
    }
}
