package dev.jipc.posixipc;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.internal.FdLifecycle;
import dev.jipc.internal.Mqueue;
import dev.jipc.internal.PlatformConstants;
import dev.jipc.internal.Poller;
import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.ref.Reference;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * A named POSIX message queue ({@code mq_open}, {@code mq_send}, {@code mq_receive}): messages of up
 * to a fixed size with a priority, shared by every process that opens the name.
 *
 * <p><b>Why POSIX rather than SysV.</b> A {@link dev.jipc.sysv.MessageQueue SysV queue} is found by a
 * numeric key, selects messages by a {@code long} type, and offers no way to wait for it but sleeping
 * in {@code msgrcv} (no timeout, no descriptor). A POSIX queue has a name ({@code "/myapp.jobs"},
 * visible in {@code /dev/mqueue} where that file system is mounted), delivers the highest priority
 * first, and on Linux is a file descriptor that {@code poll} and {@code epoll} understand. jipc
 * therefore opens every queue with {@code O_NONBLOCK} and, when a receive finds it empty or a send
 * finds it full, parks the thread in the same poller as its pipes: no thread sleeps in the kernel, a
 * virtual thread pins no carrier, and the wake-up comes from the kernel the moment a message or room
 * arrives. {@link #unlink} removes the name at once while processes that have the queue open keep
 * using it until they close it.
 *
 * <p>A wait ends with {@link InterruptedIOException} when the thread is interrupted (its status stays
 * set), with {@link TimedOutException} when the timeout passes, and with
 * {@link AsynchronousCloseException} when another thread closes the queue; in each case nothing was
 * sent or received.
 *
 * <p>Limits come from the kernel: {@code /proc/sys/fs/mqueue/msg_max} and {@code msgsize_max} cap
 * what an unprivileged {@link #create} may ask for ({@code EINVAL} beyond them), {@code queues_max}
 * caps the number of queues ({@code ENOSPC}) and {@code RLIMIT_MSGQUEUE} the bytes per user
 * ({@code EMFILE}). Sending a message longer than the queue's message size fails with
 * {@code EMSGSIZE}; so does a priority of 32768 or more with {@code EINVAL}.
 */
public final class PosixMessageQueue implements Closeable {
    /** The mode of queues created without one: read and write for the owner only. */
    public static final int DEFAULT_MODE = 0600;

    private static final int EAGAIN = Errno.EAGAIN.number();

    private final String name;
    private final FdLifecycle life;
    private final long maxMessageSize;

    private PosixMessageQueue(String name, int fd, long maxMessageSize) {
        this.name = name;
        this.life = FdLifecycle.open(fd, "message queue " + name);
        this.maxMessageSize = maxMessageSize;
        life.watch(this);
    }

    /** Same as {@link #create(String, long, long, int)} with mode 0600. */
    public static PosixMessageQueue create(String name, long maxMessages, long maxMessageSize) throws ErrnoException {
        return create(name, maxMessages, maxMessageSize, DEFAULT_MODE);
    }

    /**
     * Creates the queue {@code name} ({@code O_CREAT | O_EXCL}) holding up to {@code maxMessages}
     * messages of up to {@code maxMessageSize} bytes each.
     *
     * @param name {@code "/"} followed by 1 to 255 characters, no further {@code '/'}
     * @throws ErrnoException {@code EEXIST} if the name is taken, {@code EINVAL} for limits above
     *     what the system allows
     */
    public static PosixMessageQueue create(String name, long maxMessages, long maxMessageSize, int mode)
            throws ErrnoException {
        PlatformConstants c = PlatformConstants.current();
        return openWith(name, c.O_CREAT() | c.O_EXCL(), mode, maxMessages, maxMessageSize);
    }

    /** Opens {@code name}, or creates it with these limits and mode if it does not exist. */
    public static PosixMessageQueue createOrOpen(String name, long maxMessages, long maxMessageSize, int mode)
            throws ErrnoException {
        return openWith(name, PlatformConstants.current().O_CREAT(), mode, maxMessages, maxMessageSize);
    }

    /** Opens the existing queue {@code name} for sending and receiving; {@code ENOENT} if there is none. */
    public static PosixMessageQueue open(String name) throws ErrnoException {
        return openWith(name, 0, 0, 0, 0);
    }

    private static PosixMessageQueue openWith(String name, int flags, int mode, long maxMessages, long maxMessageSize)
            throws ErrnoException {
        Names.check(name);
        if ((flags & PlatformConstants.current().O_CREAT()) != 0 && (maxMessages <= 0 || maxMessageSize <= 0)) {
            throw new IllegalArgumentException("a queue needs maxMessages > 0 and maxMessageSize > 0, not "
                    + maxMessages + " and " + maxMessageSize);
        }
        PlatformConstants c = PlatformConstants.current();
        int fd = Mqueue.mqOpen(name, flags | c.O_RDWR() | c.O_NONBLOCK() | c.O_CLOEXEC(), mode & 07777,
                maxMessages, maxMessageSize);
        if (fd < 0) {
            throw new ErrnoException(-fd, "mq_open", name);
        }
        int[] errno = new int[1];
        Mqueue.Attr a = Mqueue.mqGetattr(fd, errno);
        if (a == null) {
            dev.jipc.internal.Unistd.close(fd);
            throw new ErrnoException(-errno[0], "mq_getattr", name);
        }
        return new PosixMessageQueue(name, fd, a.msgsize());
    }

    /** mq_unlink(3): removes the name; open queues keep working. {@code ENOENT} if there is none. */
    public static void unlink(String name) throws ErrnoException {
        int r = Mqueue.mqUnlink(Names.check(name));
        if (r < 0) {
            throw new ErrnoException(-r, "mq_unlink", name);
        }
    }

    /** The name it was created or opened with. */
    public String name() {
        return name;
    }

    /** mq_getattr(3): the limits and how many messages are waiting now. */
    public QueueAttributes attributes() throws IOException {
        int fd = life.acquire();
        try {
            int[] errno = new int[1];
            Mqueue.Attr a = Mqueue.mqGetattr(fd, errno);
            if (a == null) {
                throw new ErrnoException(-errno[0], "mq_getattr", name);
            }
            return new QueueAttributes(a.maxmsg(), a.msgsize(), a.curmsgs());
        } finally {
            life.release();
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Sends {@code message} with {@code priority}, waiting while the queue is full.
     *
     * @throws ErrnoException {@code EMSGSIZE} if the message is longer than the queue's message size
     */
    public void send(byte[] message, int priority) throws IOException {
        send(message, priority, Long.MAX_VALUE, null);
    }

    /** Like {@link #send(byte[], int)}, giving up with {@link TimedOutException} after {@code timeout}. */
    public void send(byte[] message, int priority, Duration timeout) throws IOException {
        send(message, priority, deadline(timeout), timeout);
    }

    private void send(byte[] message, int priority, long deadline, Duration timeout) throws IOException {
        Objects.requireNonNull(message, "message");
        int fd = life.acquire();
        try {
            while (true) {
                int r = Mqueue.mqSend(fd, message, priority);
                if (r == 0) {
                    return;
                }
                if (r != -EAGAIN) {
                    throw new ErrnoException(-r, "mq_send", name,
                            r == -Errno.EMSGSIZE.number() ? message.length + " bytes, the queue takes at most "
                                    + maxMessageSize : null);
                }
                park(fd, Poller.WRITE, "mq_send", deadline, timeout);
            }
        } finally {
            life.release();
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Receives the oldest message of the highest priority, waiting while the queue is empty.
     *
     * @throws InterruptedIOException if the thread is interrupted first; nothing was received
     */
    public PosixMessage receive() throws IOException {
        return receive(Long.MAX_VALUE, null);
    }

    /** Like {@link #receive()}, giving up with {@link TimedOutException} after {@code timeout}. */
    public PosixMessage receive(Duration timeout) throws IOException {
        return receive(deadline(timeout), timeout);
    }

    private PosixMessage receive(long deadline, Duration timeout) throws IOException {
        int fd = life.acquire();
        try {
            // mq_receive insists on a buffer of at least the queue's message size (else EMSGSIZE).
            byte[] buf = new byte[(int) Math.min(maxMessageSize, Integer.MAX_VALUE - 8)];
            int[] priority = new int[1];
            while (true) {
                long n = Mqueue.mqReceive(fd, buf, priority);
                if (n >= 0) {
                    return new PosixMessage(Arrays.copyOf(buf, (int) n), priority[0]);
                }
                if (n != -EAGAIN) {
                    throw new ErrnoException((int) -n, "mq_receive", name);
                }
                park(fd, Poller.READ, "mq_receive", deadline, timeout);
            }
        } finally {
            life.release();
            Reference.reachabilityFence(this);
        }
    }

    private static long deadline(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
        if (timeout.compareTo(Duration.ofDays(365L * 100)) > 0) {
            return Long.MAX_VALUE;
        }
        long d = System.nanoTime() + timeout.toNanos();
        return d == Long.MAX_VALUE ? d - 1 : d;
    }

    private void park(int fd, int direction, String call, long deadline, Duration timeout) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(call + " " + name + ": interrupted");
        }
        life.markPolled();
        boolean ready = Poller.get().await(fd, direction, deadline, life::isClosed);
        if (life.isClosed()) {
            throw new AsynchronousCloseException();
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException(call + " " + name + ": interrupted");
        }
        if (!ready) {
            throw new TimedOutException(call + " " + name, timeout);
        }
    }

    /**
     * Closes this process's descriptor for the queue ({@code mq_close}, which on Linux is
     * {@code close}); idempotent, and safe while other threads wait, which then fail with
     * {@link AsynchronousCloseException}. The queue stays until unlinked.
     */
    @Override
    public void close() throws IOException {
        life.close();
    }

    @Override
    public String toString() {
        return "PosixMessageQueue[" + name + ", fd " + life.fd() + "]";
    }
}
