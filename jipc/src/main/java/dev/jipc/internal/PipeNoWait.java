package dev.jipc.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One read of a pipe in blocking mode that never sleeps: {@code preadv2(2)} with {@code RWF_NOWAIT},
 * which Linux honours on pipes (EAGAIN on an empty one) since 5.9 or so.
 *
 * <p>This is what lets the read end of a pipe stay in blocking mode, so a platform thread can sleep
 * in {@code read(2)} as a C program does, while virtual threads and timed reads still try without
 * blocking and park on the poller. The two uses choose per call, as {@code MSG_DONTWAIT} lets
 * sockets choose.
 *
 * <p>The iovec takes an address, which heap memory does not have: each call borrows a native
 * buffer from a small pool (never held across a wait, so the pool stays as large as the number of
 * threads reading at one instant) and copies heap data out of it.
 */
public final class PipeNoWait {
    private PipeNoWait() {}

    /** {@code RWF_NOWAIT}, the same on every Linux architecture. */
    private static final int RWF_NOWAIT = 0x8;
    /** Bytes one call reads at most into heap memory. */
    private static final int CHUNK = 1 << 16;
    /** An iovec (base, length) followed by the bounce buffer. */
    private static final long IOV = 16;

    private static final MethodHandle preadv2 = Native.hasSymbol("preadv2")
            ? Native.criticalErrnoCall("preadv2",
                    FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_INT))
            : null;

    private static final ConcurrentLinkedDeque<MemorySegment> POOL = new ConcurrentLinkedDeque<>();

    private static final boolean AVAILABLE = !Boolean.getBoolean("jipc.io.noBlockingPipes") && probe();

    /** Whether this kernel answers a non-blocking read of an empty blocking pipe with EAGAIN. */
    public static boolean available() {
        return AVAILABLE;
    }

    private static boolean probe() {
        if (preadv2 == null) {
            return false;
        }
        PlatformConstants c = PlatformConstants.current();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            if (Unistd.pipe2(fds, c.O_CLOEXEC()) < 0) {
                return false;
            }
            int rd = fds.getAtIndex(JAVA_INT, 0);
            int wr = fds.getAtIndex(JAVA_INT, 1);
            try {
                return readNoWait(rd, arena.allocate(1)) == -Unistd.EAGAIN;
            } finally {
                Unistd.close(rd);
                Unistd.close(wr);
            }
        }
    }

    /**
     * Reads what the pipe holds now, up to {@code dst}'s size, without sleeping.
     *
     * @return the bytes read, 0 at end of file, or {@code -errno} ({@code -EAGAIN} when empty)
     */
    public static long readNoWait(int fd, MemorySegment dst) {
        MemorySegment pooled = POOL.pollFirst();
        MemorySegment b = pooled != null ? pooled : Arena.ofAuto().allocate(IOV + CHUNK, 64);
        try {
            boolean bounce = !dst.isNative();
            long len = bounce ? Math.min(dst.byteSize(), CHUNK) : dst.byteSize();
            b.set(ADDRESS, 0, bounce ? b.asSlice(IOV) : dst);
            b.set(JAVA_LONG, 8, len);
            // Spelled out rather than through Native.onceLong: this is the read path of every
            // virtual thread on a pipe, and a capturing lambda would be built per call.
            MemorySegment st = Native.callState();
            long n = (long) preadv2.invokeExact(st, fd, b, 1, -1L, RWF_NOWAIT);
            if (n < 0) {
                return -Native.errno(st);
            }
            if (bounce && n > 0) {
                MemorySegment.copy(b, IOV, dst, 0, n);
            }
            return n;
        } catch (Throwable t) {
            throw Native.fail(t);
        } finally {
            POOL.offerFirst(b);
        }
    }
}
