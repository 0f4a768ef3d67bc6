package dev.jipc.sysv;

import dev.jipc.Errno;
import dev.jipc.ErrnoException;
import dev.jipc.TimedOutException;
import dev.jipc.internal.Msg;
import dev.jipc.internal.PlatformConstants;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A SysV message queue ({@code msgget}, {@code msgsnd}, {@code msgrcv}, {@code msgctl}).
 *
 * <p>A message is a positive type and some bytes. On the wire it is C's {@code struct msgbuf}, a
 * native {@code long} followed by the bytes, so a Perl program's {@code pack("l! a*", $type, $data)}
 * arrives here as {@code (type, data)} and what jipc sends unpacks with {@code unpack("l! a*", ...)}.
 *
 * <p><b>Waiting.</b> {@link #receive} waits for a matching message and {@link #send} for room in a
 * full queue, as C's blocking calls do, and how depends on the thread:
 * <ul>
 *   <li>a <b>platform thread</b> sleeps in msgrcv/msgsnd in the kernel (one call, as in C, with the
 *       message in a native buffer the thread reuses), which wakes it as fast as it wakes a C program. msgrcv and msgsnd have no timeout and ignore {@link Thread#interrupt()},
 *       so a watchdog thread ends the sleep of a thread whose deadline passed or that was
 *       interrupted, within about 10 ms, with a no-op signal (see {@code Waits} and
 *       docs/architecture.md);
 *   <li>a <b>virtual thread</b> never sleeps in the kernel (that would pin its carrier): it retries
 *       with {@code IPC_NOWAIT}, spinning for some 50 µs and then parking with a back-off of up to
 *       10 ms, so thousands of virtual threads may wait on queues; one that has waited long may see
 *       its message up to 10 ms late.
 * </ul>
 * Either way an interrupt ends a wait with {@link InterruptedIOException} and nothing taken or
 * sent, a timeout with {@link TimedOutException}, and a removed queue with {@code EIDRM}.
 *
 * <p><b>Not waiting.</b> {@link #tryReceive} and {@link #trySend} make one attempt: an empty queue
 * (C's {@code ENOMSG}) is {@link Optional#empty()}, a full one ({@code EAGAIN}) is {@code false}.
 * These are expected answers, not errors.
 *
 * <p>Errors: {@code ENOENT}/{@code EEXIST}/{@code EACCES} on open, {@code E2BIG} for a message longer
 * than the receiver's maximum (without {@link ReceiveOption#TRUNCATE}; the message stays queued),
 * {@code EINVAL} for a message larger than the queue's byte limit or a type that is not positive.
 */
public final class MessageQueue {
    /** The mode of queues created without one. */
    public static final int DEFAULT_MODE = 0600;

    private final int id;
    private final IpcKey key;

    private MessageQueue(int id, IpcKey key) {
        this.id = id;
        this.key = key;
    }

    /** Creates a queue with mode 0600, or opens the existing one of this key. */
    public static MessageQueue create(IpcKey key) throws ErrnoException {
        return create(key, DEFAULT_MODE);
    }

    /** Creates a queue with {@code mode}, or opens the existing one of this key. */
    public static MessageQueue create(IpcKey key, int mode) throws ErrnoException {
        return get(key, PlatformConstants.current().IPC_CREAT() | (mode & 0777));
    }

    /** Creates a queue, failing with {@code EEXIST} if one has this key already. */
    public static MessageQueue createExclusive(IpcKey key, int mode) throws ErrnoException {
        PlatformConstants c = PlatformConstants.current();
        return get(key, c.IPC_CREAT() | c.IPC_EXCL() | (mode & 0777));
    }

    /** Opens the existing queue of {@code key}; {@code ENOENT} if there is none. */
    public static MessageQueue open(IpcKey key) throws ErrnoException {
        return get(key, 0);
    }

    /** The queue with this id. */
    public static MessageQueue ofId(int id) {
        return new MessageQueue(id, null);
    }

    private static MessageQueue get(IpcKey key, int flags) throws ErrnoException {
        int id = Msg.msgget(key.value(), flags);
        if (id < 0) {
            throw new ErrnoException(-id, "msgget", "key " + key);
        }
        return new MessageQueue(id, key);
    }

    /** The queue's id. */
    public int id() {
        return id;
    }

    /** The key it was created or opened with, or null if made {@link #ofId by id}. */
    public IpcKey key() {
        return key;
    }

    /** Sends a message, waiting while the queue is full. */
    public void send(long type, byte[] data) throws IOException {
        send(type, data, null);
    }

    /**
     * Sends a message, waiting at most {@code timeout} (null: no limit) while the queue is full.
     *
     * @throws TimedOutException if the queue stayed full; nothing was sent
     * @throws InterruptedIOException if interrupted while waiting; nothing was sent
     */
    public void send(long type, byte[] data, Duration timeout) throws IOException {
        int flags = PlatformConstants.current().IPC_NOWAIT();
        int eagain = Errno.EAGAIN.number();
        long deadline = Waits.deadline(timeout);
        long r;
        if (Waits.mayBlock()) {
            // One msgsnd that sleeps while the queue is full, from the thread's native buffer.
            MemorySegment msg = Waits.scratch(Msg.HEADER + (long) data.length);
            msg.set(ValueLayout.JAVA_LONG, 0, type);
            MemorySegment.copy(data, 0, msg, ValueLayout.JAVA_BYTE, Msg.HEADER, data.length);
            r = Waits.blocking(() -> Msg.msgsndBlocking(id, msg, data.length, 0),
                    () -> Msg.msgsnd(id, Msg.buffer(type, data, 0, data.length), flags), eagain, deadline, timeout,
                    "msgsnd id " + id);
        } else {
            byte[] buf = Msg.buffer(type, data, 0, data.length);
            r = Waits.await(() -> Msg.msgsnd(id, buf, flags), eagain, eagain, deadline, timeout, "msgsnd id " + id);
        }
        if (r < 0) {
            throw new ErrnoException((int) -r, "msgsnd", "id " + id);
        }
    }

    /** One attempt to send ({@code IPC_NOWAIT}): false if the queue is full. */
    public boolean trySend(long type, byte[] data) throws ErrnoException {
        int r = Msg.msgsnd(id, Msg.buffer(type, data, 0, data.length), PlatformConstants.current().IPC_NOWAIT());
        if (r == -Errno.EAGAIN.number()) {
            return false;
        }
        if (r < 0) {
            throw new ErrnoException(-r, "msgsnd", "id " + id);
        }
        return true;
    }

    /**
     * Takes the first message {@code selector} chooses, waiting for one as long as it takes.
     *
     * @param maxSize the most data bytes accepted
     * @throws ErrnoException {@code E2BIG} if the message is longer than {@code maxSize} and
     *         {@link ReceiveOption#TRUNCATE} was not given; {@code EIDRM} if the queue was removed
     * @throws InterruptedIOException if interrupted while waiting; nothing was taken
     */
    public Message receive(int maxSize, TypeSelector selector, ReceiveOption... options) throws IOException {
        return receive(maxSize, selector, null, options);
    }

    /**
     * Like {@link #receive(int, TypeSelector, ReceiveOption...)}, waiting at most {@code timeout}
     * (null: no limit).
     *
     * @throws TimedOutException if no message came; nothing was taken
     */
    public Message receive(int maxSize, TypeSelector selector, Duration timeout, ReceiveOption... options)
            throws IOException {
        int flags = flags(selector, options);
        int enomsg = Errno.ENOMSG.number();
        long deadline = Waits.deadline(timeout);
        if (Waits.mayBlock()) {
            // One msgrcv that sleeps until a message matches, into the thread's native buffer.
            MemorySegment msg = Waits.scratch(Msg.HEADER + (long) checkedMaxSize(maxSize));
            int sleeping = flags & ~PlatformConstants.current().IPC_NOWAIT();
            byte[][] polled = new byte[1][];
            long r = Waits.blocking(() -> Msg.msgrcvBlocking(id, msg, maxSize, selector.msgtyp(), sleeping), () -> {
                byte[] buf = buffer(maxSize);
                long got = Msg.msgrcv(id, buf, selector.msgtyp(), flags);
                polled[0] = got == -enomsg ? null : buf; // nothing there: the sleeping call answers
                return got;
            }, enomsg, deadline, timeout, "msgrcv id " + id);
            if (r < 0) {
                throw new ErrnoException((int) -r, "msgrcv", "id " + id);
            }
            if (polled[0] != null) {
                return message(polled[0], r);
            }
            return new Message(msg.get(ValueLayout.JAVA_LONG, 0),
                    msg.asSlice(Msg.HEADER, r).toArray(ValueLayout.JAVA_BYTE));
        }
        byte[] buf = buffer(maxSize);
        long r = Waits.await(() -> Msg.msgrcv(id, buf, selector.msgtyp(), flags), enomsg, enomsg, deadline, timeout,
                "msgrcv id " + id);
        return message(buf, r);
    }

    /** One attempt to receive ({@code IPC_NOWAIT}): empty if no message matches now. */
    public Optional<Message> tryReceive(int maxSize, TypeSelector selector, ReceiveOption... options)
            throws ErrnoException {
        byte[] buf = buffer(maxSize);
        long r = Msg.msgrcv(id, buf, selector.msgtyp(), flags(selector, options));
        if (r == -Errno.ENOMSG.number()) {
            return Optional.empty();
        }
        return Optional.of(message(buf, r));
    }

    private static byte[] buffer(int maxSize) {
        return new byte[Msg.HEADER + checkedMaxSize(maxSize)];
    }

    private static int checkedMaxSize(int maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("negative maximum size " + maxSize);
        }
        return maxSize;
    }

    private static int flags(TypeSelector selector, ReceiveOption... options) {
        PlatformConstants c = PlatformConstants.current();
        int flags = c.IPC_NOWAIT();
        if (selector.isExcept()) {
            flags |= c.MSG_EXCEPT();
        }
        if (Arrays.asList(options).contains(ReceiveOption.TRUNCATE)) {
            flags |= c.MSG_NOERROR();
        }
        return flags;
    }

    private Message message(byte[] buf, long r) throws ErrnoException {
        if (r < 0) {
            throw new ErrnoException((int) -r, "msgrcv", "id " + id);
        }
        return new Message(Msg.type(buf), Arrays.copyOfRange(buf, Msg.HEADER, Msg.HEADER + (int) r));
    }

    /**
     * What the kernel knows of the queue.
     *
     * @param permissions owner and mode
     * @param messages messages in the queue
     * @param bytes data bytes in the queue
     * @param maxBytes the most data bytes the queue holds ({@code msg_qbytes}, default {@code msgmnb})
     * @param lastSendPid the process that sent last, 0 if none
     * @param lastReceivePid the process that received last, 0 if none
     * @param lastSend when a message was last sent, or null
     * @param lastReceive when a message was last received, or null
     * @param lastChange when the queue was created or last changed
     */
    public record Stat(IpcPermissions permissions, long messages, long bytes, long maxBytes, int lastSendPid,
                       int lastReceivePid, Instant lastSend, Instant lastReceive, Instant lastChange) {}

    /** msgctl(IPC_STAT). */
    public Stat stat() throws ErrnoException {
        int[] errno = new int[1];
        Msg.Stat s = Msg.stat(id, errno);
        if (s == null) {
            throw new ErrnoException(-errno[0], "msgctl IPC_STAT", "id " + id);
        }
        return new Stat(IpcPermissions.of(s.perm()), s.qnum(), s.cbytes(), s.qbytes(), s.lspid(), s.lrpid(),
                SharedMemory.time(s.stime()), SharedMemory.time(s.rtime()), SharedMemory.time(s.ctime()));
    }

    /** msgctl(IPC_RMID): removes the queue and its messages at once; waiters get {@code EIDRM}. */
    public void remove() throws ErrnoException {
        int r = Msg.msgctl(id, PlatformConstants.current().IPC_RMID());
        if (r < 0) {
            throw new ErrnoException(-r, "msgctl IPC_RMID", "id " + id);
        }
    }

    @Override
    public String toString() {
        return "MessageQueue[id " + id + (key == null ? "" : ", key " + key) + "]";
    }
}
