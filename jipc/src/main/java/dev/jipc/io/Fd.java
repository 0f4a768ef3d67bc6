package dev.jipc.io;

import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.internal.Descriptors;
import dev.jipc.internal.FdAccess;
import dev.jipc.internal.FdLifecycle;
import dev.jipc.internal.KernelBlocking;
import dev.jipc.internal.Fcntl;
import dev.jipc.internal.PipeNoWait;
import dev.jipc.internal.PipeSizes;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Poller;
import dev.jipc.internal.Socket;
import dev.jipc.internal.Terminals;
import dev.jipc.internal.Unistd;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * One open file descriptor, owned: pipes, fifos, sockets and ptys are all {@code Fd}s.
 *
 * <h2>Ownership</h2>
 * An {@code Fd} closes its descriptor exactly once: {@link #close()} is idempotent and safe from any
 * thread. The descriptor is close-on-exec from the moment jipc holds it, so no child inherits it by
 * accident; a child gets it only when asked for explicitly. A thread blocked in {@link #read} when
 * another thread calls {@code close()} wakes with {@link java.nio.channels.AsynchronousCloseException},
 * and the number is only given back to the kernel once no call is using it, so it can never be
 * recycled under a running call. An {@code Fd} that becomes unreachable without being closed is
 * closed by a {@link java.lang.ref.Cleaner} and reported on the {@code dev.jipc.io.Fd} logger, with
 * the stack of the code that opened it when {@code -Djipc.debug.fdLeaks=true} is set.
 *
 * <h2>Blocking</h2>
 * Descriptors jipc creates are in non-blocking mode (the read ends of pipes and connected sockets
 * aside, see "Pipes" and "Sockets" below).
 * A read or write that cannot proceed parks the calling thread (virtual or platform) on jipc's
 * epoll poller until the descriptor is ready, the optional timeout passes
 * ({@link TimedOutException}), or the thread is interrupted ({@link InterruptedIOException}).
 * Nothing is transferred in either case.
 *
 * <p><b>Interruption does not close the descriptor.</b> The JDK's interruptible channels close
 * themselves when a blocked thread is interrupted, which destroys a pipe shared with a child just
 * because one waiting thread was cancelled. jipc keeps the descriptor open and usable, leaves the
 * thread's interrupt status set, and throws {@link InterruptedIOException}; close it yourself if that
 * is what cancellation means for you.
 *
 * <h2>End of file</h2>
 * A read returns -1 at end of file. The controller side of a pseudo-terminal has no end of file of
 * its own: once the last process holding the terminal side has closed it, Linux fails the read with
 * EIO after the output still buffered has been read. A read on such a descriptor reports that as end
 * of file too, so a program's last lines arrive first and its exit reads like a pipe's close.
 *
 * <p>A descriptor adopted in blocking mode ({@link #adopt(int)} of a terminal, say) stays blocking:
 * its calls block the thread in the kernel (for a virtual thread, its carrier too), except that a
 * timeout waits for readiness on the poller first.
 *
 * <h2>Pipes</h2>
 * The read end of a pipe made by {@link Pipe#open()} (and so of a child's stdout or stderr pipe) is
 * in blocking mode where the kernel lets a read of it choose per call not to sleep
 * ({@code RWF_NOWAIT}, Linux 5.9 and later; elsewhere it is non-blocking like the rest). A platform
 * thread reading without a timeout then sleeps in {@code read(2)}, as a C program does: one system
 * call per read, no EAGAIN, no poll. Virtual threads and timed reads never sleep in the kernel; they
 * park as above. Close and interrupt wake a sleeping reader as they wake a socket's (below). The
 * write end stays non-blocking, so a write returns what fitted rather than waiting for the rest,
 * which is what a loop that writes to one child while reading another needs.
 *
 * <h2>Sockets</h2>
 * A socket's reads and writes go through {@code recv(2)} and {@code send(2)}, which take the
 * blocking choice per call, so a socket needs no non-blocking mode: jipc's connected sockets are in
 * blocking mode, which is also what a child handed the socket expects. A virtual thread, or any
 * thread reading or writing with a timeout, calls with {@code MSG_DONTWAIT} and parks as above. A
 * platform thread without a timeout blocks in the kernel, as a C program does: one system call per
 * read or write. {@link #close()} and {@link Thread#interrupt()} still wake it at once;
 * both are delivered by a signal to that thread alone (the one the JDK's own channels use for the
 * same purpose). Such a thread's write of at most 16 KiB first tries {@code MSG_DONTWAIT}, which
 * needs none of that wake-up machinery and takes heap memory as it is: a message that fits in the
 * socket's buffer, as nearly every message of a request-and-answer protocol does, is then one
 * plain system call. Once a write did not fit, the next 32 writes block in the kernel straight
 * away, so a stream of small writes that keeps the buffer full pays one extra call in that many.
 * Larger writes, where the registration is lost in the copying and the buffer is likely to fill,
 * block in the kernel at once.
 * Writes never raise SIGPIPE ({@code MSG_NOSIGNAL}): a gone peer is an
 * {@link ErrnoException} with EPIPE or ECONNRESET.
 */
public final class Fd implements Closeable {
    private static final PlatformConstants C = PlatformConstants.current();
    private static final int EAGAIN = Unistd.EAGAIN;
    private static final int EIO = 5;
    private static final int EINTR = Unistd.EINTR;

    private final FdLifecycle life;
    private final boolean nonBlocking;
    private final boolean socket;
    /** The read end of a pipe in blocking mode, read without sleeping through {@link PipeNoWait}. */
    private final boolean pipeReader;
    /**
     * Platform-thread sends still to block in the kernel without a try first; see "Sockets" above.
     * A plain field: threads sharing the socket may see each other's count late, which costs at
     * most a call.
     */
    private int sendsToBlock;

    static {
        FdAccess.install(new Bridge());
    }

    private Fd(FdLifecycle life, boolean nonBlocking, boolean socket, boolean pipeReader) {
        this.life = life;
        this.nonBlocking = nonBlocking;
        this.socket = socket;
        this.pipeReader = pipeReader;
        life.watch(this);
    }

    /**
     * Takes ownership of a raw descriptor, setting close-on-exec; its blocking mode is kept.
     *
     * @param fd a descriptor this process has open and that nothing else will close
     * @param label how errors and leak reports name it, e.g. {@code "fifo /tmp/q"}
     */
    public static Fd adopt(int fd, String label) throws ErrnoException {
        String subject = "fd " + fd;
        Descriptors.setCloseOnExec(fd, subject);
        return new Fd(FdLifecycle.open(fd, label), Descriptors.isNonBlocking(fd, subject), Descriptors.isSocket(fd), false);
    }

    /** Same as {@link #adopt(int, String)} with the label {@code "fd N"}. */
    public static Fd adopt(int fd) throws ErrnoException {
        return adopt(fd, null);
    }

    /** For jipc's own factories: a fresh descriptor already close-on-exec and non-blocking. */
    static Fd ofNew(int fd, String label) {
        return new Fd(FdLifecycle.open(fd, label), true, false, false);
    }

    /**
     * For jipc's pipes: a fresh read end, close-on-exec and in blocking mode, whose reads choose per
     * call whether to sleep (see "Pipes" in the class comment). Only when {@link PipeNoWait#available()}.
     */
    static Fd ofNewPipeReader(int fd, String label) {
        return new Fd(FdLifecycle.open(fd, label), false, false, true);
    }

    /** For a descriptor handed to a child and closed after the spawn: close-on-exec, in blocking mode. */
    static Fd ofNewBlocking(int fd, String label) {
        return new Fd(FdLifecycle.open(fd, label), false, false, false);
    }

    /** For jipc's sockets: a fresh socket descriptor, close-on-exec, in either blocking mode. */
    static Fd ofNewSocket(int fd, String label) {
        return new Fd(FdLifecycle.open(fd, label), false, true, false);
    }

    /** The descriptor number; meaningful only while the {@code Fd} is open. */
    public int number() {
        return life.fd();
    }

    /** Whether {@link #close()} or {@link #release()} has been called. */
    public boolean isClosed() {
        return life.isClosed();
    }

    /**
     * Whether a call that has to wait parks the thread rather than blocking its carrier: true for
     * the descriptors jipc makes (pipes, fifos, pseudo-terminals; a pipe's reader too, though its
     * mode is blocking, see "Pipes" above) and for every socket (see "Sockets"), false for a
     * descriptor adopted in blocking mode that is not a socket.
     */
    public boolean isNonBlocking() {
        return nonBlocking || socket || pipeReader;
    }

    @Override
    public String toString() {
        return life.describe();
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads up to {@code len} bytes, waiting until at least one is available.
     *
     * @return the number of bytes read, or -1 at end of file
     */
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return (int) read(segmentOf(b, off, len), NO_DEADLINE, null);
    }

    /** Reads into the whole array; see {@link #read(byte[], int, int)}. */
    public int read(byte[] b) throws IOException {
        return read(b, 0, b.length);
    }

    /** Like {@link #read(byte[], int, int)}, giving up with {@link TimedOutException} after {@code timeout}. */
    public int read(byte[] b, int off, int len, Duration timeout) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return (int) read(segmentOf(b, off, len), deadline(timeout), timeout);
    }

    /**
     * Reads into the buffer's remaining space, advancing its position; -1 at end of file.
     *
     * @throws IllegalArgumentException if the buffer is read-only
     */
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, NO_DEADLINE, null);
    }

    /** Like {@link #read(ByteBuffer)} with a timeout. */
    public int read(ByteBuffer dst, Duration timeout) throws IOException {
        return read(dst, deadline(timeout), timeout);
    }

    private int read(ByteBuffer dst, long deadline, Duration timeout) throws IOException {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("cannot read into a read-only buffer");
        }
        int n = (int) read(segmentOf(dst), deadline, timeout);
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    /** A buffer or array, a segment over all of it, and the last slice of it handed out. */
    private record BufferView(Object owner, MemorySegment whole, MemorySegment slice, long offset) {}

    /**
     * The last buffer or array this descriptor read into or wrote from: a program tends to reuse
     * its buffer, often at the same position and length, and making a segment of a buffer is many
     * times the work of slicing one already made, which in turn allocates where reusing the slice
     * does not. One reference, read racily: a stale or foreign view fails the checks and is replaced.
     */
    private BufferView lastBuffer;

    /** The segment of {@code b}'s remaining bytes, as {@link MemorySegment#ofBuffer} makes it. */
    private MemorySegment segmentOf(ByteBuffer b) {
        BufferView v = lastBuffer;
        if (v == null || v.owner() != b) {
            v = new BufferView(b, MemorySegment.ofBuffer(b.duplicate().clear()), null, -1);
        }
        return slice(v, b.position(), b.limit() - b.position());
    }

    /** The segment of {@code b[off, off + len)}; the caller has checked the bounds. */
    private MemorySegment segmentOf(byte[] b, int off, int len) {
        BufferView v = lastBuffer;
        if (v == null || v.owner() != b) {
            v = new BufferView(b, MemorySegment.ofArray(b), null, -1);
        }
        return slice(v, off, len);
    }

    private MemorySegment slice(BufferView v, long offset, long length) {
        if (v.offset() == offset && v.slice().byteSize() == length) {
            return v.slice();
        }
        MemorySegment slice = v.whole().asSlice(offset, length);
        lastBuffer = new BufferView(v.owner(), v.whole(), slice, offset);
        return slice;
    }

    /** Reads into a memory segment (native or heap), waiting until at least one byte is available. */
    public long read(MemorySegment dst) throws IOException {
        return read(dst, NO_DEADLINE, null);
    }

    /** Like {@link #read(MemorySegment)} with a timeout. */
    public long read(MemorySegment dst, Duration timeout) throws IOException {
        return read(dst, deadline(timeout), timeout);
    }

    private long read(MemorySegment dst, long deadline, Duration timeout) throws IOException {
        if (socket || pipeReader) {
            long n = socket ? socketCall(dst, true, deadline, timeout) : pipeRead(dst, deadline, timeout);
            return n == 0 && dst.byteSize() > 0 ? -1 : n;
        }
        if (!nonBlocking && !dst.isNative()) {
            return bounce(dst, true, deadline, timeout);
        }
        int fd = life.acquire();
        try {
            if (!nonBlocking && deadline != NO_DEADLINE) {
                park(fd, Poller.READ, "read", deadline, timeout);
            }
            while (true) {
                long n = Unistd.read(fd, dst, dst.byteSize(), nonBlocking);
                if (n > 0 || (n == 0 && dst.byteSize() == 0)) {
                    return n;
                }
                if (n == 0) {
                    return -1;
                }
                if (n == -EIO && Terminals.isPtyController(fd)) {
                    // Linux's pty controller reports the hang-up of the last terminal-side holder as
                    // EIO once the buffered output has been read: that is the terminal's end of file.
                    return -1;
                }
                if (n != -EAGAIN) {
                    throw new ErrnoException((int) -n, "read", life.describe());
                }
                park(fd, Poller.READ, "read", deadline, timeout);
            }
        } finally {
            life.release();
            Reference.reachabilityFence(this);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes some of the bytes, waiting until at least one can be written.
     *
     * @return the number of bytes written
     * @throws ErrnoException with {@code EPIPE} when no reader is left (the JVM ignores SIGPIPE)
     */
    public int write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        return (int) write(segmentOf(b, off, len), NO_DEADLINE, null);
    }

    /** Writes some of the buffer's remaining bytes, advancing its position. */
    public int write(ByteBuffer src) throws IOException {
        int n = (int) write(segmentOf(src), NO_DEADLINE, null);
        src.position(src.position() + n);
        return n;
    }

    /** Writes some of the segment's bytes, waiting until at least one can be written. */
    public long write(MemorySegment src) throws IOException {
        return write(src, NO_DEADLINE, null);
    }

    /**
     * Like {@link #write(MemorySegment)}, giving up with {@link TimedOutException} when not even one
     * byte could be written within {@code timeout}; nothing is written then.
     */
    public long write(MemorySegment src, Duration timeout) throws IOException {
        return write(src, deadline(timeout), timeout);
    }

    /** Writes all {@code len} bytes, waiting as often as needed. */
    public void writeFully(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        writeFully(segmentOf(b, off, len), NO_DEADLINE, null);
    }

    /** Writes the whole array. */
    public void writeFully(byte[] b) throws IOException {
        writeFully(b, 0, b.length);
    }

    /** Writes all remaining bytes of the buffer, advancing its position to its limit. */
    public void writeFully(ByteBuffer src) throws IOException {
        int len = src.remaining();
        writeFully(MemorySegment.ofBuffer(src), NO_DEADLINE, null);
        src.position(src.position() + len);
    }

    /** Writes the whole segment. */
    public void writeFully(MemorySegment src) throws IOException {
        writeFully(src, NO_DEADLINE, null);
    }

    /**
     * Writes the whole segment or gives up after {@code timeout}; on a timeout the exception's
     * message says nothing about how much was written, so treat the stream as unusable then.
     */
    public void writeFully(MemorySegment src, Duration timeout) throws IOException {
        writeFully(src, deadline(timeout), timeout);
    }

    private void writeFully(MemorySegment src, long deadline, Duration timeout) throws IOException {
        long done = 0;
        long size = src.byteSize();
        while (done < size) {
            done += write(src.asSlice(done), deadline, timeout);
        }
    }

    private long write(MemorySegment src, long deadline, Duration timeout) throws IOException {
        if (socket) {
            return socketCall(src, false, deadline, timeout);
        }
        if (!nonBlocking && !src.isNative()) {
            return bounce(src, false, deadline, timeout);
        }
        int fd = life.acquire();
        try {
            if (!nonBlocking && deadline != NO_DEADLINE) {
                park(fd, Poller.WRITE, "write", deadline, timeout);
            }
            while (true) {
                long n = Unistd.write(fd, src, src.byteSize(), nonBlocking);
                if (n >= 0) {
                    return n;
                }
                if (n != -EAGAIN) {
                    throw new ErrnoException((int) -n, "write", life.describe());
                }
                park(fd, Poller.WRITE, "write", deadline, timeout);
            }
        } finally {
            life.release();
            Reference.reachabilityFence(this);
        }
    }

    /** Blocking descriptors cannot take heap memory in a non-critical call: go through native memory. */
    private long bounce(MemorySegment heap, boolean reading, long deadline, Duration timeout) throws IOException {
        long len = Math.min(heap.byteSize(), 1 << 16);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment tmp = arena.allocate(Math.max(len, 1));
            if (reading) {
                long n = read(tmp.asSlice(0, len), deadline, timeout);
                if (n > 0) {
                    MemorySegment.copy(tmp, 0, heap, 0, n);
                }
                return n;
            }
            MemorySegment.copy(heap, 0, tmp, 0, len);
            return write(tmp.asSlice(0, len), deadline, timeout);
        }
    }

    // ---------------------------------------------------------------- sockets

    /** Native memory for a platform thread's blocking socket calls on heap memory. */
    private static final int SCRATCH_BYTES = 1 << 16;
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(SCRATCH_BYTES, 64));

    private static final FdAccess.Op RECV = (fd, buf, flags) -> Socket.recv(fd, buf, buf.byteSize(), (int) flags);
    private static final FdAccess.Op SEND = (fd, buf, flags) -> Socket.send(fd, buf, buf.byteSize(), (int) flags);
    private static final FdAccess.Op PIPE_READ = (fd, buf, unused) -> PipeNoWait.readNoWait(fd, buf);

    /** One recv (0 at end of stream) or send on a socket; see "Sockets" in the class comment. */
    private long socketCall(MemorySegment mem, boolean reading, long deadline, Duration timeout) throws IOException {
        return reading
                ? perCall(mem, true, "read", deadline, timeout, RECV, C.MSG_DONTWAIT())
                : perCall(mem, false, "send", deadline, timeout, SEND, C.MSG_DONTWAIT() | C.MSG_NOSIGNAL());
    }

    /** One read of a pipe reader (0 at end of file); see "Pipes" in the class comment. */
    private long pipeRead(MemorySegment dst, long deadline, Duration timeout) throws IOException {
        return perCall(dst, true, "read", deadline, timeout, PIPE_READ, 0);
    }

    /**
     * The choice made per call on a socket or a pipe reader: a platform thread without a timeout
     * sleeps in the kernel; anyone else runs {@code noWait}, which never sleeps, and parks on EAGAIN.
     */
    private long perCall(MemorySegment mem, boolean reading, String call, long deadline, Duration timeout,
            FdAccess.Op noWait, long arg) throws IOException {
        if (!mayBlockInKernel(deadline)) {
            return call(reading ? Poller.READ : Poller.WRITE, call, mem, arg, deadline, timeout, noWait);
        }
        int fd = life.acquire();
        try {
            if (socket && !reading) {
                long n = sendWithoutWaiting(fd, mem);
                if (n != NOT_SENT) {
                    return n;
                }
            }
            return blockingCall(fd, mem, reading);
        } finally {
            life.release();
            Reference.reachabilityFence(this);
        }
    }

    /** Sends after a send that did not fit that go straight to the kernel to wait; see "Sockets" above. */
    static final int BLOCKING_SENDS_AFTER_A_FULL_BUFFER = 32;
    /** The largest send tried without waiting first; see "Sockets" above. */
    static final long SMALL_SEND_BYTES = 16 << 10;
    private static final long NOT_SENT = Long.MIN_VALUE;

    /**
     * A platform thread's send tried with {@code MSG_DONTWAIT}: what was sent (possibly less than
     * all, when the buffer filled up), or {@link #NOT_SENT} when the caller must wait in the kernel.
     */
    private long sendWithoutWaiting(int fd, MemorySegment mem) throws IOException {
        if (mem.byteSize() > SMALL_SEND_BYTES) {
            return NOT_SENT;
        }
        if (sendsToBlock > 0) {
            sendsToBlock--;
            return NOT_SENT;
        }
        failIfClosedOrInterrupted("send");
        long n = Socket.send(KernelBlocking.callState(life), fd, mem, mem.byteSize(),
                C.MSG_DONTWAIT() | C.MSG_NOSIGNAL());
        if (n == mem.byteSize()) {
            return n;
        }
        if (n >= 0 || n == -EAGAIN) {
            sendsToBlock = BLOCKING_SENDS_AFTER_A_FULL_BUFFER;
            return n > 0 ? n : NOT_SENT;
        }
        throw new ErrnoException((int) -n, "send", life.describe());
    }

    /** Whether this call may sleep in the kernel: a platform thread's, without a timeout. */
    private static boolean mayBlockInKernel(long deadline) {
        return deadline == NO_DEADLINE && !Thread.currentThread().isVirtual() && KernelBlocking.available();
    }

    /**
     * A platform thread's read (recv on a socket) or send that sleeps in the kernel; heap memory
     * goes through scratch memory.
     */
    private long blockingCall(int fd, MemorySegment mem, boolean reading) throws IOException {
        MemorySegment io = mem.isNative() ? mem : SCRATCH.get().asSlice(0, Math.min(mem.byteSize(), SCRATCH_BYTES));
        if (!reading && io != mem) {
            MemorySegment.copy(mem, 0, io, 0, io.byteSize());
        }
        String call = reading ? "read" : "send";
        KernelBlocking.Blocked blocked = KernelBlocking.enter(life);
        try {
            while (true) {
                failIfClosedOrInterrupted(call);
                MemorySegment st = blocked.callState();
                long n = !reading ? Socket.sendBlocking(st, fd, io, io.byteSize(), C.MSG_NOSIGNAL())
                        : socket ? Socket.recvBlocking(st, fd, io, io.byteSize(), 0)
                        : Unistd.readOnce(st, fd, io, io.byteSize());
                if (n >= 0) {
                    if (reading && n > 0 && io != mem) {
                        MemorySegment.copy(io, 0, mem, 0, n);
                    }
                    return n;
                }
                if (n == -EAGAIN) {
                    // Someone sharing the descriptor switched it to non-blocking mode: wait for readiness.
                    park(fd, reading ? Poller.READ : Poller.WRITE, call, NO_DEADLINE, null);
                } else if (n != -EINTR) {
                    throw new ErrnoException((int) -n, call, life.describe());
                }
            }
        } finally {
            KernelBlocking.leave(blocked);
        }
    }

    /** Before a call that may sleep: a closed descriptor or an interrupted thread ends it instead. */
    private void failIfClosedOrInterrupted(String call) throws IOException {
        if (life.isClosed()) {
            throw new java.nio.channels.AsynchronousCloseException();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(call + " " + life.describe() + ": interrupted");
        }
    }

    // ---------------------------------------------------------------- waiting

    static final long NO_DEADLINE = Long.MAX_VALUE;

    /** A {@link System#nanoTime()} deadline {@code timeout} from now; very long timeouts mean none. */
    static long deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout: " + timeout);
        }
        // Beyond ~146 years nanoTime arithmetic would overflow: treat such a timeout as none.
        if (timeout.compareTo(Duration.ofDays(365L * 100)) > 0) {
            return NO_DEADLINE;
        }
        long d = System.nanoTime() + timeout.toNanos();
        return d == NO_DEADLINE ? d - 1 : d;
    }

    private void park(int fd, int direction, String call, long deadline, Duration timeout) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(call + " " + life.describe() + ": interrupted");
        }
        life.markPolled();
        boolean ready = Poller.get().await(fd, direction, deadline, life::isClosed);
        if (life.isClosed()) {
            throw new java.nio.channels.AsynchronousCloseException();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(call + " " + life.describe() + ": interrupted");
        }
        if (!ready) {
            throw new TimedOutException(call + " " + life.describe(), timeout);
        }
    }

    /** For {@link Readiness}: holds the descriptor open while it is polled. */
    int acquireForPoll() throws IOException {
        int fd = life.acquire();
        life.markPolled();
        return fd;
    }

    void releaseForPoll() {
        life.release();
    }

    // ---------------------------------------------------------------- other system calls

    /**
     * Runs a non-blocking call on the held descriptor until it does not fail with EAGAIN, waiting on
     * the poller in between: the loop of {@link #read} for any call (send, recvmsg, accept...).
     */
    private long call(int direction, String call, MemorySegment buf, long arg, long deadline, Duration timeout,
            FdAccess.Op op) throws IOException {
        int fd = life.acquire();
        try {
            while (true) {
                long n = op.apply(fd, buf, arg);
                if (n >= 0) {
                    return n;
                }
                if (n != -EAGAIN) {
                    throw new ErrnoException((int) -n, call, life.describe());
                }
                park(fd, direction, call, deadline, timeout);
            }
        } finally {
            life.release();
            Reference.reachabilityFence(this);
        }
    }

    /** The hooks jipc's socket layer uses; see {@link FdAccess}. */
    private static final class Bridge implements FdAccess.Bridge {
        @Override
        public Fd ofNew(int fd, String label) {
            return Fd.ofNew(fd, label);
        }

        @Override
        public Fd ofNewSocket(int fd, String label) {
            return Fd.ofNewSocket(fd, label);
        }

        @Override
        public Pipe pipeForChildren(boolean childReads, boolean childWrites) throws IOException {
            return Pipe.forChildren(childReads, childWrites);
        }

        @Override
        public long call(Fd fd, int direction, String call, MemorySegment buf, long arg, long deadline,
                Duration timeout, FdAccess.Op op) throws IOException {
            return fd.call(direction, call, buf, arg, deadline, timeout, op);
        }

        @Override
        public void await(Fd fd, int direction, String call, long deadline, Duration timeout) throws IOException {
            int n = fd.life.acquire();
            try {
                fd.park(n, direction, call, deadline, timeout);
            } finally {
                fd.life.release();
                Reference.reachabilityFence(fd);
            }
        }

        @Override
        public int acquire(Fd fd) throws IOException {
            return fd.life.acquire();
        }

        @Override
        public void release(Fd fd) {
            fd.life.release();
        }

        @Override
        public String describe(Fd fd) {
            return fd.life.describe();
        }

        @Override
        public long deadline(Duration timeout) {
            return Fd.deadline(timeout);
        }
    }

    // ---------------------------------------------------------------- pipe capacity

    /**
     * Sets the capacity of the pipe or fifo behind this descriptor (F_SETPIPE_SZ). The kernel rounds
     * up to a power-of-two number of pages; the size granted is returned.
     *
     * @throws ErrnoException EPERM above {@code /proc/sys/fs/pipe-max-size} or past the per-user
     *     pipe quota, EBUSY when shrinking below what the pipe holds, EBADF if this is no pipe
     */
    public int setPipeSize(int bytes) throws IOException {
        int fd = life.acquire();
        try {
            return Descriptors.check(Fcntl.fcntl(fd, C.F_SETPIPE_SZ(), bytes), "fcntl F_SETPIPE_SZ", life.describe());
        } finally {
            life.release();
        }
    }

    /** The capacity of the pipe or fifo behind this descriptor (F_GETPIPE_SZ). */
    public int pipeSize() throws IOException {
        int fd = life.acquire();
        try {
            return Descriptors.check(Fcntl.fcntl(fd, C.F_GETPIPE_SZ(), 0), "fcntl F_GETPIPE_SZ", life.describe());
        } finally {
            life.release();
        }
    }

    /** Asks for {@code bytes}, keeping the current size quietly when the kernel refuses. */
    int trySetPipeSize(int bytes) {
        return PipeSizes.tryResize(life.fd(), bytes);
    }

    /**
     * Gives the pipe behind this descriptor jipc's bulk size if the process-wide budget allows,
     * holding that share of the budget until this descriptor is closed (see {@link Pipe}).
     */
    void applyDefaultPipeSize() {
        int reserved = PipeSizes.reserveBulk();
        if (reserved == 0) {
            return;
        }
        if (PipeSizes.tryResize(life.fd(), reserved) >= reserved) {
            life.onClose(() -> PipeSizes.releaseBulk(reserved));
        } else {
            PipeSizes.releaseBulk(reserved);
        }
    }

    // ---------------------------------------------------------------- ownership

    /**
     * A second descriptor for the same open file (F_DUPFD_CLOEXEC), owned separately. It shares the
     * file offset and the blocking mode with this one.
     */
    public Fd dup() throws IOException {
        int fd = life.acquire();
        try {
            int copy = Descriptors.check(Fcntl.fcntl(fd, C.F_DUPFD_CLOEXEC(), 0), "fcntl F_DUPFD_CLOEXEC", life.describe());
            return new Fd(FdLifecycle.open(copy, "dup of " + life.describe()), nonBlocking, socket, pipeReader);
        } finally {
            life.release();
        }
    }

    /**
     * Gives up ownership and returns the raw number: this {@code Fd} no longer closes it, now or on
     * garbage collection. The descriptor stays close-on-exec; handing it to a child maps it explicitly.
     *
     * @throws IllegalStateException if a call is still using the descriptor, or it is closed
     */
    public int release() {
        return life.releaseOwnership();
    }

    /**
     * Closes the descriptor. Idempotent and thread-safe; threads blocked on it wake with
     * {@link java.nio.channels.AsynchronousCloseException}, and the number is returned to the kernel
     * when the last of them has left.
     */
    @Override
    public void close() throws IOException {
        lastBuffer = null; // the caller's buffer need not outlive the descriptor's use of it
        life.close();
    }

    // ---------------------------------------------------------------- views

    /** An {@link InputStream} reading from this descriptor; closing it closes the {@code Fd}. */
    public InputStream inputStream() {
        return new FdStreams.In(this);
    }

    /** An {@link OutputStream} writing every byte to this descriptor; closing it closes the {@code Fd}. */
    public OutputStream outputStream() {
        return new FdStreams.Out(this);
    }

    /** A {@link ReadableByteChannel} over this descriptor; closing it closes the {@code Fd}. */
    public ReadableByteChannel readableChannel() {
        return new FdStreams.ReadChannel(this);
    }

    /** A {@link WritableByteChannel} over this descriptor; closing it closes the {@code Fd}. */
    public WritableByteChannel writableChannel() {
        return new FdStreams.WriteChannel(this);
    }
}
